/*
 * libcache.c: the library's two caches, in the user's cache directory. Validation markers
 * spare the schema (a file that validated once is not validated again), and the compiled
 * cache keeps the whole loaded library in one file, so that start-up reads neither the XML
 * nor builds the agency tables. Both are keyed by everything they depend on, so never stale.
 * library.c decides what to load and calls these; nothing here loads a library file.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include "blob.h"
#include "libcache.h"
#include "xmlread.h"

/* ------------------------------------------------------------------ the validation cache */

/*
 * Validating the library files against schemas/library.rng is most of apc's start-up (tens of
 * millions of instructions; reading them costs a few). A file that validated once is remembered
 * by the hash of all that validation depends on: libxml2's version, the schema's bytes and the
 * file's bytes. A marker file named by that hash in the cache directory ($APC_CACHE_DIR, else
 * $XDG_CACHE_HOME/apc, else $HOME/.cache/apc; APC_CACHE_DIR=off: no cache) says "valid" and
 * nothing else: a changed file, schema or libxml2 has another name and is validated again, so
 * the cache is never stale. Markers are written only for files that validated with no message
 * at all, so a run served from the cache prints what a run without it prints. The directory
 * must be the user's own and writable by no one else; anything wrong with it means no cache.
 * The schema itself is compiled only when a file is not in the cache.
 */

/* Is path a directory of ours that no one else may write? Made (0700) when missing. */
static int
own_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return 0;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	    (st.st_mode & 022) == 0;
}

static char *
cache_dir(void)
{
	const char *env = getenv("APC_CACHE_DIR"), *base;
	char *parent = NULL, *dir = NULL;

	if (env != NULL && *env != '\0')
		dir = strcmp(env, "off") == 0 ? NULL : xstrdup(env);
	else if ((base = getenv("XDG_CACHE_HOME")) != NULL && *base == '/')
		dir = xasprintf("%s/apc", base);
	else if ((base = getenv("HOME")) != NULL && *base == '/') {
		parent = xasprintf("%s/.cache", base);
		if (own_dir(parent))
			dir = xasprintf("%s/apc", parent);
	}
	free(parent);
	if (dir != NULL && !own_dir(dir)) {
		free(dir);
		dir = NULL;
	}
	return dir;
}

/* Read the schema's bytes for the key; 0 when they cannot be read (then no cache). */
static int
schema_hash(const char *path, size_t *hash)
{
	strbuf sb = { 0 };
	char chunk[8192];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return 0;
	sb_adds(&sb, xmlParserVersion);
	sb_add(&sb, "", 1);
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_add(&sb, chunk, got);
	int ok = !ferror(f);
	fclose(f);
	*hash = hash_fnv1a(sb.s, sb.len);
	free(sb.s);
	return ok;
}

void
vcache_open(vcache *vc, const char *datadir)
{
	memset(vc, 0, sizeof *vc);
	vc->schema_path = xasprintf("%s/schemas/library.rng", datadir);
	if (schema_hash(vc->schema_path, &vc->schema))
		vc->dir = cache_dir();
}

void
vcache_close(vcache *vc)
{
	if (vc->rng != NULL)
		xmlRelaxNGFree(vc->rng);
	free(vc->dir);
	free(vc->schema_path);
}

/* The marker of a file whose bytes hash to h, or NULL without a cache. */
char *
vcache_marker(const vcache *vc, size_t h)
{
	return vc->dir != NULL ? xasprintf("%s/valid-%016zx-%016zx", vc->dir, vc->schema, h) : NULL;
}

int
vcache_known(const char *marker)
{
	struct stat st;

	return marker != NULL && lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
}

void
vcache_remember(const char *marker)
{
	int fd;

	if (marker != NULL && (fd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0)
		close(fd);
}

static xmlRelaxNGPtr
schema_load(struct apc_library *lib, const char *path)
{
	xmlread_errs ec = { &lib->errors, path, 0, 0 };
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema = NULL;

	if ((pc = xmlRelaxNGNewParserCtxt(path)) == NULL) {
		xmlread_error(&lib->errors, path, 0, "cannot load the library schema");
		return NULL;
	}
	xmlRelaxNGSetParserStructuredErrors(pc, xmlread_on_error, &ec);
	if ((schema = xmlRelaxNGParse(pc)) == NULL)
		xmlread_error(&lib->errors, path, 0, "cannot compile the library schema");
	xmlRelaxNGFreeParserCtxt(pc);
	return schema;
}

/* The compiled schema, compiled now if not yet; NULL after an error. */
xmlRelaxNGPtr
vcache_schema(struct apc_library *lib, vcache *cache)
{
	if (!cache->rng_tried) {
		cache->rng_tried = 1;
		cache->rng = schema_load(lib, cache->schema_path);
	}
	return cache->rng;
}

/* Record a loaded file for the compiled cache's key: its path, NUL, its bytes' hash, NUL. */
void
lcache_seen_add(strbuf *seen, const char *path, size_t hash)
{
	sb_add(seen, path, strlen(path) + 1);
	sb_addf(seen, "%016zx", hash);
	sb_add(seen, "", 1);
}


static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of every *.xml of dir, sorted, into *names (*n of them); -1 with errno when dir
 * cannot be read. */
int
lcache_list_xml(const char *dir, char ***names, size_t *n)
{
	DIR *d;
	struct dirent *e;
	size_t len;

	*names = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof **names, strp_cmp);
	return 0;
}

/* ------------------------------------------------------------------ the compiled cache */

/*
 * With the validation cache (above) sparing the schema, reading the XML and building the agency
 * tables are most of what start-up has left. The whole loaded library is also kept in one file
 * of the same cache directory, named by the hash of everything it depends on: this binary (its
 * build id: the code that reads and builds), libxml2's version and the library schema (the
 * validation key), and the path and bytes' hash of every file, in load order. That key is
 * written in the file too and compared whole when it is read. A changed, added or removed file,
 * another schema, libxml2 or apc gives another key: never stale. The file is written only after
 * a load that printed nothing (no error, no warning) and whose files, as parsed, hash as they
 * did before loading (one changed meanwhile: nothing written); to a temporary name, then renamed.
 * A file that does not read back whole is ignored (the XML is loaded).
 */

#define LCACHE_MAGIC "apc-lib1"
#define LCACHE_MAX_BYTES (64u << 20)

/* The build id of the running program (its first loaded object), as hex; nothing if none. */
static int
build_id_of_program(struct dl_phdr_info *info, size_t size, void *data)
{
	strbuf *b = data;

	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
		while ((size_t)(end - p) >= sizeof(ElfW(Nhdr))) {
			const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
			const char *name = p + sizeof *nh, *desc = name + ((nh->n_namesz + 3) & ~3u);
			if (desc > end || (size_t)(end - desc) < nh->n_descsz)
				break;
			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
				for (size_t k = 0; k < nh->n_descsz; k++)
					sb_addf(b, "%02x", (unsigned char)desc[k]);
				return 1;
			}
			p = desc + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;   /* only the program itself */
}

/* The hash of path's bytes as xmlread_file takes it; 0 when it cannot be read whole. */
static int
file_hash(const char *path, size_t *hash)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	char *buf = NULL;
	size_t len = 0, want;
	ssize_t got;
	int ok = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > LIBRARY_FILE_MAX)
		goto out;
	want = (size_t)st.st_size + 1;
	buf = xmalloc(want);
	while (len < want && (got = read(fd, buf + len, want - len)) > 0)
		len += (size_t)got;
	if (len <= LIBRARY_FILE_MAX && len == (size_t)st.st_size) {
		*hash = hash_fnv1a(buf, len);
		ok = 1;
	}
out:
	free(buf);
	close(fd);
	return ok;
}

/* What a load of these files would record (lcache_seen_add), without loading; 0 if a file or
 * directory cannot be read (then the load reports it, and nothing is cached). */
static int
plan_files(const char *datadir, char *const *dirs, size_t ndirs, strbuf *out)
{
	char **names, *path;
	size_t n, i, h;
	int ok = 1;

	path = xasprintf("%s/library/agencies.xml", datadir);
	ok = file_hash(path, &h);
	if (ok)
		lcache_seen_add(out, path, h);
	free(path);
	for (size_t d = 0; ok && d <= ndirs; d++) {
		char *dir = d == 0 ? xasprintf("%s/library/parents", datadir) : xstrdup(dirs[d - 1]);
		if (lcache_list_xml(dir, &names, &n) != 0)
			ok = 0;
		for (i = 0; i < n; i++) {
			path = xasprintf("%s/%s", dir, names[i]);
			if (ok && (ok = file_hash(path, &h)))
				lcache_seen_add(out, path, h);
			free(path);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	return ok;
}

/* The compiled cache's file for this load (datadir's library, then dirs), and its key in *key
 * (*planned: where the files' part of it starts, to compare with what the load saw); NULL
 * without a cache, without a build id, or when a file cannot be read. */
char *
lcache_path(const vcache *vc, const char *datadir, char *const *dirs, size_t ndirs, strbuf *key, size_t *planned)
{
	if (vc->dir == NULL)
		return NULL;
	sb_adds(key, LCACHE_MAGIC);
	dl_iterate_phdr(build_id_of_program, key);
	if (key->len == strlen(LCACHE_MAGIC))
		return NULL;
	sb_addf(key, "%c%016zx", '/', vc->schema);
	sb_add(key, "", 1);
	*planned = key->len;
	if (!plan_files(datadir, dirs, ndirs, key))
		return NULL;
	return xasprintf("%s/lib-%016zx", vc->dir, hash_fnv1a(key->s, key->len));
}

/* Every field of a parent is kept: one added to library_parent must be added here and in
 * parents_restore (the assertion fails when a field is added after the last one known here). */
_Static_assert(offsetof(library_parent, page) + sizeof(char *) == sizeof(library_parent),
    "library_parent has a field the compiled cache does not keep (parents_save, parents_restore)");
_Static_assert(offsetof(library_mission, nterms) + sizeof(size_t) == sizeof(library_mission),
    "library_mission has a field the compiled cache does not keep (parents_save, parents_restore)");

static void
parents_save(const struct apc_library *lib, strbuf *b)
{
	blob_num(b, lib->npar);
	for (size_t i = 0; i < lib->npar; i++) {
		const library_parent *p = lib->par[i];
		blob_str(b, p->symbol);
		blob_str(b, p->date);
		blob_num(b, (uint64_t)p->date_verified);
		blob_str(b, p->issuer);
		blob_str(b, p->issuer_key);
		blob_str(b, p->title);
		for (int k = 0; k < 4; k++)
			blob_num(b, (uint64_t)p->horizons[k]);
		blob_str(b, p->parents);
		blob_str(b, p->file);
		blob_str(b, p->page);
		blob_num(b, p->nmissions);
		for (size_t m = 0; m < p->nmissions; m++) {
			blob_str(b, p->missions[m].n);
			blob_str(b, p->missions[m].title);
			blob_num(b, p->missions[m].nterms);
			for (size_t t = 0; t < p->missions[m].nterms; t++)
				blob_str(b, p->missions[m].terms[t]);
		}
	}
}

static void
parents_restore(struct apc_library *lib, blob_reader *r)
{
	lib->npar = lib->cappar = blob_get_count(r);
	lib->par = xcalloc(lib->npar ? lib->npar : 1, sizeof *lib->par);
	for (size_t i = 0; i < lib->npar && !r->bad; i++) {
		library_parent *p = lib->par[i] = xcalloc(1, sizeof *p);
		p->symbol = blob_get_str(r);
		p->date = blob_get_str(r);
		p->date_verified = (int)blob_get_num(r);
		p->issuer = blob_get_str(r);
		p->issuer_key = blob_get_str(r);
		p->title = blob_get_str(r);
		for (int k = 0; k < 4; k++)
			p->horizons[k] = (int)blob_get_num(r);
		p->parents = blob_get_str(r);
		p->file = blob_get_str(r);
		p->page = blob_get_str(r);
		size_t nm = blob_get_count(r);
		p->missions = xcalloc(nm ? nm : 1, sizeof *p->missions);
		p->nmissions = nm;
		for (size_t m = 0; m < nm && !r->bad; m++) {
			library_mission *x = &p->missions[m];
			x->n = blob_get_str(r);
			x->title = blob_get_str(r);
			size_t nt = blob_get_count(r);
			x->terms = xcalloc(nt ? nt : 1, sizeof *x->terms);
			x->nterms = nt;
			for (size_t t = 0; t < nt && !r->bad; t++)
				if ((x->terms[t] = blob_get_str(r)) == NULL)
					r->bad = 1;
		}
		if (p->symbol == NULL || p->issuer == NULL || p->issuer_key == NULL || p->title == NULL)
			r->bad = 1;
	}
}

/* The library kept under path, if it is there whole and for this key: 1. It is read into into,
 * a library just allocated (zeroed, agencies.errors set); the caller frees it when 0. */
int
lcache_read(struct apc_library *into, const char *path, const strbuf *key)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t got;
	int ok = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (size_t)st.st_size > LCACHE_MAX_BYTES)
		goto out;
	buf = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size && (got = read(fd, buf + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)got;
	if (len != (size_t)st.st_size || len < 8 || memcmp(buf, LCACHE_MAGIC, 8) != 0)
		goto out;
	blob_reader r = { buf + 8, len - 8, 0 };
	uint64_t kl = blob_get_num(&r);
	if (r.bad || kl != key->len || kl > r.left || memcmp(r.p, key->s, key->len) != 0)
		goto out;
	r.p += kl;
	r.left -= (size_t)kl;
	parents_restore(into, &r);
	if (r.bad || agency_restore(&into->agencies, &r) != 0 || blob_get_num(&r) != 0x656e64 || r.left != 0)
		goto out;
	ok = 1;
out:
	free(buf);
	close(fd);
	return ok;
}

/* At most LCACHE_KEEP compiled files in dir: the least recently written go (each distinct set
 * of library files makes one; a test suite's temporary libraries make many). */
#define LCACHE_KEEP 16
static void
lcache_prune(const char *dir)
{
	struct { char *path; time_t t; } v[LCACHE_KEEP + 1];
	size_t n = 0, i, old;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, "lib-", 4) != 0 || strchr(e->d_name, '.') != NULL)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		v[n].path = path;
		v[n++].t = st.st_mtime;
		if (n == LCACHE_KEEP + 1) {     /* one too many: the oldest goes */
			for (old = 0, i = 1; i < n; i++)
				if (v[i].t < v[old].t)
					old = i;
			unlink(v[old].path);
			free(v[old].path);
			v[old] = v[--n];
		}
	}
	closedir(d);
	for (i = 0; i < n; i++)
		free(v[i].path);
}

/* Keep lib under path (a temporary file, then renamed); nothing on any failure. */
void
lcache_write(const struct apc_library *lib, const char *dir, const char *path, const strbuf *key)
{
	strbuf b = { 0 };
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd;

	sb_add(&b, LCACHE_MAGIC, 8);
	blob_num(&b, key->len);
	sb_add(&b, key->s, key->len);
	parents_save(lib, &b);
	agency_save(&lib->agencies, &b);
	blob_num(&b, 0x656e64);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)) >= 0) {
		size_t off = 0;
		ssize_t w;
		while (off < b.len && (w = write(fd, b.s + off, b.len - off)) > 0)
			off += (size_t)w;
		if (close(fd) != 0 || off != b.len || rename(tmp, path) != 0)
			unlink(tmp);
		else
			lcache_prune(dir);
	}
	free(tmp);
	free(b.s);
}

