/*
 * library.c: what apc checks programs against: the parent resolutions and the agency
 * registry. Read once from XML (datadir/library/agencies.xml, every XML file of
 * datadir/library/parents, then of each extra directory, where programs compiled by
 * `apc build` are accepted as parents), then
 * read-only: any number of threads may look things up. The registry and the matching of
 * agency names live in agency.c; the safe XML reader in xmlread.c.
 */
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include "internal.h"
#include "agency.h"
#include "blob.h"
#include "xmlread.h"

#define LIB_NS          "urn:apc:library:1"
#define FILE_MAX_BYTES  (16u << 20)

struct apc_library {
	agency_index agencies;
	library_parent **par;
	size_t npar, cappar;
	unsigned errors;
	unsigned warnings;      /* messages that are no errors (then nothing is cached) */
	strbuf seen;            /* path NUL hash, of every file loaded, in order: the cache key */
};

const library_agency *
library_agency_find(const struct apc_library *lib, const char *text, size_t len)
{
	return lib != NULL ? agency_find(&lib->agencies, text, len) : NULL;
}

const char *
library_agency_suggest(const struct apc_library *lib, const char *text, size_t len)
{
	return lib != NULL ? agency_suggest(&lib->agencies, text, len) : NULL;
}

/* ------------------------------------------------------------------ parents */

/* Symbols compare ignoring ASCII case and Đ/đ (C4 90, C4 91); b may have spaces around it. */
static int
sym_eq(const char *a, const char *b)
{
	unsigned char x, y, prev = 0;

	while (*b == ' ' || *b == '\t')
		b++;
	for (; *a != '\0'; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (prev == 0xC4 && (x == 0x90 || x == 0x91) && (y == 0x90 || y == 0x91))
			x = y;
		if (x != y)
			return 0;
		prev = x;
	}
	while (*b == ' ' || *b == '\t')
		b++;
	return *b == '\0';
}

/* Days since 1970-01-01 of an ISO date, or 0 with *ok = 0 when it is not one. */
static long
iso_days(const char *s, int *ok)
{
	long y, m, d, era, yoe, doy, doe;
	int i;

	*ok = 0;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = strtol(s, NULL, 10);
	m = strtol(s + 5, NULL, 10);
	d = strtol(s + 8, NULL, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*ok = 1;
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * library_parent_find: the parent cited as symbol (any case) on date.
 *  - date NULL: the most recent entry with that symbol (an undated one if none is dated).
 *  - date given: the entry of that date. When none has that date, the entry that the citation
 *    most likely means with a wrong date, so that the caller reports parent-date-mismatch:
 *    for a Party symbol (36-NQ/TW: numbers restart each five-year term) the nearest dated entry
 *    within two years; for a State symbol (189/NQ-CP: numbers restart each calendar year) the
 *    nearest entry of the same year. Further away it is another document that shares the
 *    symbol (36-NQ/TW of 2018 is not 36-NQ/TW of 2023): then an entry whose date is unknown
 *    (date NULL, date_verified 0: nothing to compare, so never a mismatch), else NULL.
 * A date that is not ISO YYYY-MM-DD counts as no date.
 */
const library_parent *
library_parent_find(const struct apc_library *lib, const char *symbol, const char *date)
{
	const library_parent *p, *best = NULL, *undated = NULL;
	const char *s;
	long want, got, diff, bestdiff = 0;
	int ok, party, have;
	size_t i;

	if (lib == NULL || symbol == NULL)
		return NULL;
	want = iso_days(date, &have);
	for (s = symbol; *s == ' ' || (*s >= '0' && *s <= '9'); s++)
		;
	party = *s == '-';
	for (i = 0; i < lib->npar; i++) {
		p = lib->par[i];
		if (!sym_eq(p->symbol, symbol))
			continue;
		got = iso_days(p->date, &ok);
		if (!ok) {
			undated = p;
			continue;
		}
		if (!have) {
			if (best == NULL || strcmp(p->date, best->date) > 0)
				best = p;
			continue;
		}
		diff = got > want ? got - want : want - got;
		if (diff == 0)
			return p;
		if (party ? diff > 731 : strncmp(p->date, date, 4) != 0)
			continue;
		if (best == NULL || diff < bestdiff) {
			best = p;
			bestdiff = diff;
		}
	}
	return best != NULL ? best : undated;
}

/* ------------------------------------------------------------------ reading XML */
static void
parent_free(library_parent *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	free(p->symbol);
	free(p->date);
	free(p->issuer);
	free(p->issuer_key);
	free(p->title);
	free(p->parents);
	for (i = 0; i < p->nmissions; i++) {
		free(p->missions[i].n);
		free(p->missions[i].title);
		for (j = 0; j < p->missions[i].nterms; j++)
			free(p->missions[i].terms[j]);
		free(p->missions[i].terms);
	}
	free(p->missions);
	free(p->file);
	free(p->page);
	free(p);
}

/* Keep p: it replaces an entry of the same symbol and date (a later file overrides). */
static void
add_parent(struct apc_library *lib, library_parent *p)
{
	library_parent *q;
	size_t i;

	for (i = 0; i < lib->npar; i++) {
		q = lib->par[i];
		if (sym_eq(q->symbol, p->symbol) && (q->date == NULL ? p->date == NULL :
		    p->date != NULL && strcmp(q->date, p->date) == 0)) {
			parent_free(q);
			lib->par[i] = p;
			return;
		}
	}
	if (lib->npar == lib->cappar) {
		lib->cappar = lib->cappar ? 2 * lib->cappar : 16;
		lib->par = xrealloc(lib->par, lib->cappar * sizeof *lib->par);
	}
	lib->par[lib->npar++] = p;
}

static void
add_symbol(strbuf *sb, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	if (sb->len > 0)
		sb_add(sb, " ", 1);
	sb_adds(sb, s);
}

static void
add_horizon(struct apc_library *lib, library_parent *p, const char *year, const char *path, unsigned line)
{
	long y;
	char *end;
	size_t i;

	if (year == NULL)
		return;
	y = strtol(year, &end, 10);
	if (*end != '\0' || y < 1900 || y > 2200) {
		xmlread_error(&lib->errors, path, line, "horizon \"%s\" is not a year", year);
		return;
	}
	for (i = 0; i < 3 && p->horizons[i] != 0; i++)
		if (p->horizons[i] == (int)y)
			return;
	if (i == 3)
		xmlread_error(&lib->errors, path, line, "more than three horizons");
	else
		p->horizons[i] = (int)y;
}

static library_mission *
add_mission(library_parent *p)
{
	library_mission *m;

	p->missions = xrealloc(p->missions, (p->nmissions + 1) * sizeof *p->missions);
	m = &p->missions[p->nmissions++];
	memset(m, 0, sizeof *m);
	return m;
}

static void
load_parent(struct apc_library *lib, xmlNodePtr root, const char *path)
{
	library_parent *p = xcalloc(1, sizeof *p);
	xmlNodePtr n, c, t;
	library_mission *m;
	strbuf sb = { 0 };
	char *v;
	int ok;

	p->file = xstrdup(path);
	p->symbol = xmlread_attr(root, "symbol");
	p->page = xmlread_attr(root, "page");
	if ((n = xmlread_child(root, LIB_NS, "date")) != NULL && !xmlread_attr_is(n, "status", "unverified")) {
		p->date = xmlread_text(n);
		p->date_verified = 1;
		iso_days(p->date, &ok);
		if (!ok) {
			xmlread_error(&lib->errors, path, xmlread_line(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
			p->date_verified = 0;
		}
	}
	p->issuer = xmlread_text(xmlread_child(root, LIB_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = xmlread_text(xmlread_child(root, LIB_NS, "title"));
	for (n = root->children; n != NULL; n = n->next)
		if (xmlread_is(n, LIB_NS, "implements")) {
			v = xmlread_attr(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
	if (sb.len > 0)
		p->parents = sb_take(&sb);
	for (n = xmlread_child(xmlread_child(root, LIB_NS, "horizons"), LIB_NS, NULL); n != NULL; n = n->next)
		if (xmlread_is(n, LIB_NS, "horizon")) {
			v = xmlread_attr(n, "year");
			add_horizon(lib, p, v, path, xmlread_line(n));
			free(v);
		}
	/* Unverified missions are kept in the file, never loaded: nothing is checked against them. */
	n = xmlread_child(root, LIB_NS, "missions");
	if (n != NULL && !xmlread_attr_is(n, "status", "unverified"))
		for (c = n->children; c != NULL; c = c->next) {
			if (!xmlread_is(c, LIB_NS, "mission") || xmlread_attr_is(c, "status", "unverified"))
				continue;
			m = add_mission(p);
			m->n = xmlread_attr(c, "n");
			m->title = xmlread_text(xmlread_child(c, LIB_NS, "title"));
			for (t = c->children; t != NULL; t = t->next) {
				if (!xmlread_is(t, LIB_NS, "term"))
					continue;
				v = xmlread_text(t);
				m->terms = xrealloc(m->terms, (m->nterms + 1) * sizeof *m->terms);
				m->terms[m->nterms++] = norm_fold(v, strlen(v));
				free(v);
			}
		}
	free(sb.s);
	if (p->symbol == NULL || *p->symbol == '\0') {
		xmlread_error(&lib->errors, path, xmlread_line(root), "parent without a symbol");
		parent_free(p);
		return;
	}
	add_parent(lib, p);
}

/* A program compiled by `apc build` as a parent: meta/symbol, meta/date/@iso, the missions of
 * the missions section (no identifying terms: nterms 0), the objectives' horizons. */
static void
load_program(struct apc_library *lib, xmlNodePtr root, const char *path)
{
	library_parent *p = xcalloc(1, sizeof *p);
	xmlNodePtr meta = xmlread_child(root, APC_NS, "meta"), n, c, stack[64];
	library_mission *m;
	strbuf sb = { 0 };
	size_t depth;
	char *v;
	int ok;

	p->file = xstrdup(path);
	if ((n = xmlread_child(meta, APC_NS, "symbol")) != NULL) {
		p->symbol = xmlread_attr(n, "canonical");
		if (p->symbol == NULL || *p->symbol == '\0') {
			free(p->symbol);
			p->symbol = xmlread_text(n);
		}
	}
	if ((n = xmlread_child(meta, APC_NS, "date")) != NULL && (p->date = xmlread_attr(n, "iso")) != NULL) {
		iso_days(p->date, &ok);
		if (!ok) {
			xmlread_error(&lib->errors, path, xmlread_line(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
		}
		p->date_verified = p->date != NULL;
	}
	p->issuer = xmlread_text(xmlread_child(meta, APC_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = xmlread_text(xmlread_child(meta, APC_NS, "title"));
	for (n = root->children; n != NULL; n = n->next) {
		if (xmlread_is(n, APC_NS, "implements")) {
			v = xmlread_attr(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
		if (!xmlread_is(n, APC_NS, "section") || !xmlread_attr_is(n, "role", "missions"))
			continue;
		for (c = n->children; c != NULL; c = c->next)
			if (xmlread_is(c, APC_NS, "mission")) {
				m = add_mission(p);
				m->n = xmlread_attr(c, "n");
				if (m->n == NULL)
					m->n = xasprintf("%zu", p->nmissions);
				m->title = xmlread_text(xmlread_child(c, APC_NS, "title"));
			}
	}
	if (sb.len > 0)
		p->parents = sb_take(&sb);
	free(sb.s);
	/* horizons: every objective's, depth-first, bounded */
	depth = 0;
	for (n = root->children; n != NULL || depth > 0; ) {
		if (n == NULL) {
			n = stack[--depth]->next;
			continue;
		}
		if (xmlread_is(n, APC_NS, "objective") && (v = xmlread_attr(n, "horizon")) != NULL) {
			add_horizon(lib, p, v, path, xmlread_line(n));
			free(v);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL && depth < 64) {
			stack[depth++] = n;
			n = n->children;
		} else
			n = n->next;
	}
	if (p->symbol == NULL || *p->symbol == '\0') {
		xmlread_error(&lib->errors, path, xmlread_line(root), "compiled program without a symbol (meta/symbol)");
		parent_free(p);
		return;
	}
	add_parent(lib, p);
}

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
typedef struct vcache {
	char *dir;              /* NULL: no cache */
	size_t schema;          /* hash of libxml2's version and the schema's bytes */
	char *schema_path;
	xmlRelaxNGPtr rng;      /* compiled on the first file the cache does not know */
	int rng_tried;
} vcache;

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

static void
vcache_open(vcache *vc, const char *datadir)
{
	memset(vc, 0, sizeof *vc);
	vc->schema_path = xasprintf("%s/schemas/library.rng", datadir);
	if (schema_hash(vc->schema_path, &vc->schema))
		vc->dir = cache_dir();
}

static void
vcache_close(vcache *vc)
{
	if (vc->rng != NULL)
		xmlRelaxNGFree(vc->rng);
	free(vc->dir);
	free(vc->schema_path);
}

/* The marker of a file whose bytes hash to h, or NULL without a cache. */
static char *
vcache_marker(const vcache *vc, size_t h)
{
	return vc->dir != NULL ? xasprintf("%s/valid-%016zx-%016zx", vc->dir, vc->schema, h) : NULL;
}

static int
vcache_known(const char *marker)
{
	struct stat st;

	return marker != NULL && lstat(marker, &st) == 0 && S_ISREG(st.st_mode);
}

static void
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
static xmlRelaxNGPtr
vcache_schema(struct apc_library *lib, vcache *cache)
{
	if (!cache->rng_tried) {
		cache->rng_tried = 1;
		cache->rng = schema_load(lib, cache->schema_path);
	}
	return cache->rng;
}

/* Record a loaded file for the compiled cache's key: its path, NUL, its bytes' hash, NUL. */
static void
seen_add(strbuf *seen, const char *path, size_t hash)
{
	sb_add(seen, path, strlen(path) + 1);
	sb_addf(seen, "%016zx", hash);
	sb_add(seen, "", 1);
}

static void
load_file(struct apc_library *lib, vcache *cache, const char *path)
{
	xmlread_errs ec = { &lib->errors, path, 0, 0 };
	xmlRelaxNGValidCtxtPtr vc = NULL;
	xmlRelaxNGPtr schema;
	xmlDocPtr doc;
	xmlNodePtr root;
	unsigned errors = lib->errors;
	char *marker = NULL;
	size_t hash;
	int rc, warned;

	if ((doc = xmlread_file(path, FILE_MAX_BYTES, &lib->errors, &hash, &warned)) == NULL)
		return;
	seen_add(&lib->seen, path, hash);
	lib->warnings += warned != 0;
	root = xmlDocGetRootElement(doc);
	if (xmlread_is(root, APC_NS, "program")) {
		load_program(lib, root, path);
		goto out;
	}
	if (!xmlread_is(root, LIB_NS, NULL)) {
		xmlread_error(&lib->errors, path, xmlread_line(root), "not a library file: the root is not in %s or %s",
		    LIB_NS, APC_NS);
		goto out;
	}
	marker = vcache_marker(cache, hash);
	if (warned || !vcache_known(marker)) {
		if ((schema = vcache_schema(lib, cache)) == NULL)
			goto out;
		if ((vc = xmlRelaxNGNewValidCtxt(schema)) == NULL) {
			xmlread_error(&lib->errors, path, 0, "cannot validate");
			goto out;
		}
		xmlRelaxNGSetValidStructuredErrors(vc, xmlread_on_error, &ec);
		if ((rc = xmlRelaxNGValidateDoc(vc, doc)) != 0) {
			if (lib->errors == errors)
				xmlread_error(&lib->errors, path, 0, "does not match the library schema");
			goto out;
		}
		if (!warned && ec.warnings == 0 && lib->errors == errors)
			vcache_remember(marker);
		lib->warnings += ec.warnings;
	}
	if (xmlread_is(root, LIB_NS, "registry"))
		agency_load_registry(&lib->agencies, root, path);
	else
		load_parent(lib, root, path);
out:
	if (vc != NULL)
		xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	free(marker);
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of every *.xml of dir, sorted, into *names (*n of them); -1 with errno when dir
 * cannot be read. */
static int
list_xml(const char *dir, char ***names, size_t *n)
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

/* Every *.xml of dir, in name order. */
static void
load_dir(struct apc_library *lib, vcache *cache, const char *dir)
{
	char **names, *path;
	size_t n, i;

	if (list_xml(dir, &names, &n) != 0) {
		xmlread_error(&lib->errors, dir, 0, "cannot read the library directory: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		load_file(lib, cache, path);
		free(path);
		free(names[i]);
	}
	free(names);
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
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > FILE_MAX_BYTES)
		goto out;
	want = (size_t)st.st_size + 1;
	buf = xmalloc(want);
	while (len < want && (got = read(fd, buf + len, want - len)) > 0)
		len += (size_t)got;
	if (len <= FILE_MAX_BYTES && len == (size_t)st.st_size) {
		*hash = hash_fnv1a(buf, len);
		ok = 1;
	}
out:
	free(buf);
	close(fd);
	return ok;
}

/* What a load of these files would record (seen_add), without loading; 0 if a file or
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
		seen_add(out, path, h);
	free(path);
	for (size_t d = 0; ok && d <= ndirs; d++) {
		char *dir = d == 0 ? xasprintf("%s/library/parents", datadir) : xstrdup(dirs[d - 1]);
		if (list_xml(dir, &names, &n) != 0)
			ok = 0;
		for (i = 0; i < n; i++) {
			path = xasprintf("%s/%s", dir, names[i]);
			if (ok && (ok = file_hash(path, &h)))
				seen_add(out, path, h);
			free(path);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	return ok;
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

/* The library kept under path, if it is there whole and for this key: 1 and lib filled. */
static int
lcache_read(struct apc_library *lib, const char *path, const strbuf *key)
{
	struct apc_library *tmp = NULL;
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
	tmp = xcalloc(1, sizeof *tmp);
	tmp->agencies.errors = &tmp->errors;
	parents_restore(tmp, &r);
	if (r.bad || agency_restore(&tmp->agencies, &r) != 0 || blob_get_num(&r) != 0x656e64 || r.left != 0)
		goto out;
	lib->agencies = tmp->agencies;
	lib->agencies.errors = &lib->errors;
	lib->par = tmp->par;
	lib->npar = tmp->npar;
	lib->cappar = tmp->cappar;
	free(tmp);
	tmp = NULL;
	ok = 1;
out:
	if (tmp != NULL)
		library_close(tmp);
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
static void
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

/* ------------------------------------------------------------------ building the tables */

/* ------------------------------------------------------------------ open, close */

struct apc_library *
library_open(const char *datadir, char *const *dirs, size_t ndirs)
{
	struct apc_library *lib = xcalloc(1, sizeof *lib);
	vcache cache;
	strbuf key = { 0 };
	char *path, *blob = NULL;
	size_t i, planned = 0;

	lib->agencies.errors = &lib->errors;
	xmlInitParser();
	vcache_open(&cache, datadir);
	/* without a cache (or a schema that cannot be read) the schema is compiled now, so
	 * that a broken schema fails the run whatever the files */
	if (cache.dir == NULL && vcache_schema(lib, &cache) == NULL)
		goto out;
	/* the compiled cache: its key, then the library it names, if it is there */
	if (cache.dir != NULL) {
		sb_adds(&key, LCACHE_MAGIC);
		dl_iterate_phdr(build_id_of_program, &key);
		if (key.len > strlen(LCACHE_MAGIC)) {
			sb_addf(&key, "%c%016zx", '/', cache.schema);
			sb_add(&key, "", 1);
			planned = key.len;
			if (plan_files(datadir, dirs, ndirs, &key)) {
				blob = xasprintf("%s/lib-%016zx", cache.dir, hash_fnv1a(key.s, key.len));
				if (lcache_read(lib, blob, &key))
					goto out;
			}
		}
	}
	path = xasprintf("%s/library/agencies.xml", datadir);
	load_file(lib, &cache, path);
	free(path);
	path = xasprintf("%s/library/parents", datadir);
	load_dir(lib, &cache, path);
	free(path);
	for (i = 0; i < ndirs; i++)
		load_dir(lib, &cache, dirs[i]);
	if (lib->errors == 0)
		agency_build(&lib->agencies);
	if (blob != NULL && lib->errors == 0 && lib->warnings == 0 && lib->seen.len == key.len - planned &&
	    memcmp(lib->seen.s, key.s + planned, lib->seen.len) == 0)
		lcache_write(lib, cache.dir, blob, &key);
out:
	free(blob);
	free(key.s);
	free(lib->seen.s);
	lib->seen = (strbuf){ 0 };
	vcache_close(&cache);
	if (lib->errors > 0) {
		library_close(lib);
		lib = NULL;
	}
	return lib;
}

void
library_close(struct apc_library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	agency_index_free(&lib->agencies);
	for (i = 0; i < lib->npar; i++)
		parent_free(lib->par[i]);
	free(lib->par);
	free(lib->seen.s);
	free(lib);
}
