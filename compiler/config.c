/*
 * config.c: what the user configures. The command line (--severity ID=LEVEL, --disable ID,
 * --werror, --lang) fills a base apc_config through config_set; for each checked file,
 * config_for_file lays the apc.conf files found above it under the base, as .editorconfig
 * does: walking up from the file's directory, a nearer file's settings win over a farther
 * one's, a file that says `root = true` ends the walk, and the command line wins over all.
 *
 * apc.conf holds one setting a line; '#' starts a comment:
 *	RULE-ID = error | warning | note | off     (none and disable mean off; default resets)
 *	all = LEVEL                                every rule
 *	disable = RULE-ID[, RULE-ID...]
 *	werror = true | false
 *	lang = vi | en
 *	root = true | false
 * An unknown key, a bad value, a rule id that does not exist, or a file that cannot be read is
 * an error, said once on stderr as FILE:LINE with the nearest known word ("did you mean"):
 * config_errors counts them and the run exits 2 before checking anything, as a compiler does
 * with a bad option. --config FILE (config_cache_use) reads one file for every path instead of
 * the walk.
 *
 * Each directory's merged settings are computed once per session and kept in the session's
 * cache (config_cache), under its mutex (the driver may call config_for_file from worker
 * threads): 10,000 files in one directory read its apc.conf, and those above it, once.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "internal.h"

#define CONF_NAME	"apc.conf"
#define LEVEL_DEFAULT	(-1)
#define LEVEL_BAD	(-2)
#define LEVEL_RESET	(-3)      /* "default" in an apc.conf: back to the catalogue's level, over
				   * what a farther apc.conf set (-1 there means "not set") */

/* Settings of one directory, merged with those above it; -1 = not set. */
typedef struct conf_set {
	signed char	*sev;      /* catalog_count entries, or NULL when no rule is set */
	signed char	 werror;
	signed char	 lang;
} conf_set;

typedef struct conf_dir {
	char		*dir;      /* absolute, lexically normalized, no trailing slash but "/" */
	size_t		 hash;
	conf_set	 set;
	struct conf_dir	*next;
} conf_dir;

struct config_cache {
	pthread_mutex_t	 lock;
	conf_dir	**v;
	size_t		 cap, n;
	size_t		 errors;   /* in every file read so far */
	apc_lang	 lang;     /* of the error messages */
	conf_dir	*only;     /* --config FILE: its settings, for every path */
};

/* ---- values ---- */

static int
parse_level(const char *v)
{
	static const struct { const char *name; int level; } levels[] = {
		{ "error", APC_ERROR }, { "warning", APC_WARNING }, { "note", APC_NOTE },
		{ "off", APC_OFF }, { "none", APC_OFF }, { "disable", APC_OFF },
		{ "disabled", APC_OFF }, { "default", LEVEL_DEFAULT },
	};
	size_t i;

	for (i = 0; i < sizeof levels / sizeof levels[0]; i++)
		if (strcasecmp(v, levels[i].name) == 0)
			return levels[i].level;
	return LEVEL_BAD;
}

/* 1, 0, or -1 when v is not a boolean. */
static int
parse_bool(const char *v)
{
	if (strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
	    strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
		return 0;
	return -1;
}

/* Trim s[0..n) in place of *s and *n. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static signed char *
sev_new(void)
{
	signed char *sev = xmalloc(catalog_count);
	memset(sev, -1, catalog_count);
	return sev;
}

/* Set rule id[0..n) ("all" for every rule, a family such as "format" for its rules) to level
 * in *sev (allocated when needed).
 * 0, or -1 when id names no rule. */
static int
set_rule(signed char **sev, const char *id, size_t n, int level)
{
	char buf[64];
	size_t k, i;

	if (n == 0 || n >= sizeof buf)
		return -1;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)id[i]);
	buf[n] = '\0';
	if (strcmp(buf, "all") == 0) {
		if (*sev == NULL)
			*sev = sev_new();
		memset(*sev, level, catalog_count);
		return 0;
	}
	if ((k = catalog_index(buf)) == (size_t)-1) {
		/* a family: "format" names every "format-..." rule */
		int found = 0;
		for (k = 0; k < catalog_count; k++)
			if (strncmp(catalog_entries[k].id, buf, n) == 0 && catalog_entries[k].id[n] == '-') {
				if (*sev == NULL)
					*sev = sev_new();
				(*sev)[k] = (signed char)level;
				found = 1;
			}
		return found ? 0 : -1;
	}
	if (*sev == NULL)
		*sev = sev_new();
	(*sev)[k] = (signed char)level;
	return 0;
}

/* Apply level to each id of a comma-separated list. With check set, only check the ids.
 * 0, or -1 and *bad and *badlen the first unknown id. */
static int
set_list(signed char **sev, const char *list, int level, int check, const char **bad, size_t *badlen)
{
	const char *p = list, *e, *s;
	size_t n;
	signed char *scratch = NULL;
	int rc = 0;

	for (;;) {
		e = strchr(p, ',');
		s = p;
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		trim(&s, &n);
		if (n > 0 && set_rule(check ? &scratch : sev, s, n, level) == -1) {
			if (bad != NULL) {
				*bad = s;
				*badlen = n;
			}
			rc = -1;
			break;
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	free(scratch);
	return rc;
}

int
config_set(apc_config *cfg, const char *id, const char *value)
{
	const char *eq, *v;
	char *key;
	int level, rc;

	if (id == NULL)
		return -1;
	/* "ID=LEVEL" in one argument, as --severity gives it. */
	if (value == NULL && (eq = strchr(id, '=')) != NULL) {
		key = xstrndup(id, (size_t)(eq - id));
		rc = config_set(cfg, key, eq + 1);
		free(key);
		return rc;
	}
	/* A bare id (or list of ids), as --disable gives it. */
	v = value != NULL ? value : "off";
	while (isspace((unsigned char)*v))
		v++;
	key = xstrdup(v);
	for (size_t n = strlen(key); n > 0 && isspace((unsigned char)key[n - 1]); n--)
		key[n - 1] = '\0';
	level = parse_level(key);
	free(key);
	if (level == LEVEL_BAD)
		return -1;
	/* All or nothing: a list with an unknown id changes nothing. */
	if (set_list(&cfg->sev, id, level, 1, NULL, NULL) == -1)
		return -1;
	/* An empty list is an error too. */
	if (strspn(id, " \t,") == strlen(id))
		return -1;
	return set_list(&cfg->sev, id, level, 0, NULL, NULL);
}

void
config_free(apc_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->sev);
	cfg->sev = NULL;
}

/* ---- apc.conf ---- */

/* "apc: FILE:LINE: text" (no line: "apc: FILE: text"), counted in c->errors. */
static void
conf_say(config_cache *c, const char *file, unsigned line, const char *text)
{
	/* both escaped: a value quoted from the file, a path, may hold ESC or bidi controls */
	char *f = utf8_printable(file, strlen(file)), *t = utf8_printable(text, strlen(text));
	if (line > 0)
		fprintf(stderr, "apc: %s:%u: %s\n", f, line, t);
	else
		fprintf(stderr, "apc: %s: %s\n", f, t);
	free(f);
	free(t);
	c->errors++;
}

/* conf_say of message id (messages.def) in the cache's language. */
static void
conf_error(config_cache *c, const char *file, unsigned line, msg_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	char *text = xvasprintf(msg_fmt(c->lang, id), ap);
	va_end(ap);
	conf_say(c, file, line, text);
	free(text);
}

/* " (did you mean BEST?)", or "" when nothing is near. */
static const char *
said_best(const config_cache *c, const char *best, char buf[96])
{
	if (best == NULL)
		return "";
	snprintf(buf, 96, msg_fmt(c->lang, M_DID_YOU_MEAN), "", best);
	return buf;
}

/* The candidate nearest to word (catalog_closest), for a message. */
static const char *
suggest(const config_cache *c, const char *word, const char *const *cands, size_t n, char buf[96])
{
	return said_best(c, catalog_closest(word, cands, n), buf);
}

static const char *const conf_keys[] = { "all", "disable", "werror", "lang", "root" };
#define NKEYS (sizeof conf_keys / sizeof conf_keys[0])

/* The key or rule id nearest to key. */
static const char *
suggest_key(const config_cache *c, const char *key, char buf[96])
{
	const char *cands[NKEYS + D__COUNT];
	size_t n = 0;
	for (size_t i = 0; i < NKEYS; i++)
		cands[n++] = conf_keys[i];
	for (size_t i = 0; i < catalog_count && n < NKEYS + D__COUNT; i++)
		cands[n++] = catalog_entries[i].id;
	return suggest(c, key, cands, n, buf);
}

static const char *
suggest_rule(const config_cache *c, const char *id, char buf[96])
{
	return said_best(c, catalog_closest_rule(id), buf);
}

/* Apply one line, key = value, of file to set; errors are said and counted in c. */
static void
conf_line(config_cache *c, conf_set *set, int *root, const char *file, unsigned ln, char *s)
{
	static const char *const levels[] = { "error", "warning", "note", "off" };
	static const char *const bools[] = { "true", "false" };
	static const char *const langs[] = { "vi", "en" };
	const char *key, *val, *bad;
	char *eq, *hash, sugg[96];
	size_t klen, vlen, badlen, i;
	int v;

	if ((hash = strchr(s, '#')) != NULL)
		*hash = '\0';
	key = s;
	klen = strlen(s);
	trim(&key, &klen);
	if (klen == 0)
		return;
	if (key[0] == '[') {
		conf_error(c, file, ln, M_CONF_SECTION);
		return;
	}
	if ((eq = memchr(key, '=', klen)) == NULL) {
		conf_error(c, file, ln, M_CONF_NO_EQUALS);
		return;
	}
	val = eq + 1;
	vlen = klen - (size_t)(val - key);
	klen = (size_t)(eq - key);
	trim(&key, &klen);
	trim(&val, &vlen);
	((char *)val)[vlen] = '\0';
	for (i = 0; i < klen; i++)
		((char *)key)[i] = (char)tolower((unsigned char)key[i]);
	((char *)key)[klen] = '\0';

	if (strcmp(key, "root") == 0 || strcmp(key, "werror") == 0) {
		if ((v = parse_bool(val)) == -1)
			conf_error(c, file, ln, M_CONF_BAD_BOOL, key, val, suggest(c, val, bools, 2, sugg));
		else if (key[0] == 'r')
			*root = v;
		else
			set->werror = (signed char)v;
	} else if (strcmp(key, "lang") == 0) {
		if (strcasecmp(val, "vi") == 0 || strncasecmp(val, "vi_", 3) == 0)
			set->lang = APC_LANG_VI;
		else if (strcasecmp(val, "en") == 0 || strncasecmp(val, "en_", 3) == 0)
			set->lang = APC_LANG_EN;
		else
			conf_error(c, file, ln, M_CONF_BAD_LANG, val, suggest(c, val, langs, 2, sugg));
	} else if (strcmp(key, "disable") == 0) {
		/* Apply the known ids, complain about the others one at a time. */
		char *list = xstrdup(val), *p, *e;
		for (p = list; p != NULL; p = e) {
			if ((e = strchr(p, ',')) != NULL)
				*e++ = '\0';
			if (set_list(&set->sev, p, APC_OFF, 0, &bad, &badlen) == -1) {
				char *id = xstrndup(bad, badlen);
				conf_error(c, file, ln, M_CONF_NO_RULE, id, suggest_rule(c, id, sugg));
				free(id);
			}
		}
		free(list);
	} else if ((v = parse_level(val)) == LEVEL_BAD) {
		signed char *probe = NULL;
		if (set_rule(&probe, key, klen, APC_OFF) == -1)
			conf_error(c, file, ln, M_CONF_UNKNOWN_KEY, key, suggest_key(c, key, sugg));
		else
			conf_error(c, file, ln, M_CONF_BAD_LEVEL, key, val, suggest(c, val, levels, 4, sugg));
		free(probe);
	} else if (set_rule(&set->sev, key, klen, v == LEVEL_DEFAULT ? LEVEL_RESET : v) == -1)
		conf_error(c, file, ln, M_CONF_UNKNOWN_KEY, key, suggest_key(c, key, sugg));
}

#define CONF_MAX_BYTES (64 * 1024)
#define CONF_MAX_LINES 4096

/* Is file a symbolic link whose target is not below file's own directory (or is in /proc or
 * /sys)? A dangling link is not: the open below says why it cannot be read. */
static int
link_leaves_dir(const char *file)
{
	struct stat st;
	if (lstat(file, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	char *real = realpath(file, NULL);
	if (real == NULL)
		return 0;
	char *dir = xstrdup(file), *slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	char *rdir = realpath(slash != NULL ? (*dir ? dir : "/") : ".", NULL);
	size_t n = rdir ? strlen(rdir) : 0;
	if (n == 1)
		n = 0;          /* "/" */
	int out = rdir == NULL || strncmp(real, rdir, n) != 0 || real[n] != '/' ||
	    strncmp(real, "/proc/", 6) == 0 || strncmp(real, "/sys/", 5) == 0;
	free(rdir);
	free(dir);
	free(real);
	return out;
}

/* Read one configuration file into set; *root gets its root flag. A file that does not exist
 * is nothing when it is a directory's apc.conf (missing_ok), an error when --config names it. */
static void
conf_read_file(config_cache *c, const char *file, int missing_ok, conf_set *set, int *root)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned ln = 0;
	FILE *f;

	*root = 0;
	/* A directory's apc.conf that is a symbolic link is read only when it leads to a file
	 * below that directory, never into /proc or /sys: a link committed to a repository must
	 * not have a file outside it read (and its values quoted in the errors). */
	if (missing_ok && link_leaves_dir(file)) {
		conf_error(c, file, 0, M_CONF_LINK_OUTSIDE);
		goto out;
	}
	/* Non-blocking, regular files only, and a bounded size: an apc.conf that is a FIFO or
	 * /dev/zero must neither hang nor exhaust the run. */
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0) {
		if (!missing_ok || (errno != ENOENT && errno != ENOTDIR))
			conf_say(c, file, 0, strerror(errno));
		goto out;
	}
	int stat_ok = fstat(fd, &st) == 0;   /* st is read only when fstat filled it */
	if (!stat_ok || !S_ISREG(st.st_mode) || st.st_size > CONF_MAX_BYTES) {
		if (!stat_ok)
			conf_say(c, file, 0, strerror(errno));
		else
			conf_error(c, file, 0, !S_ISREG(st.st_mode) ? M_CONF_NOT_REGULAR : M_CONF_TOO_LARGE);
		close(fd);
		goto out;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		goto out;
	}
	while (ln < CONF_MAX_LINES && (n = getline(&line, &cap, f)) != -1) {
		ln++;
		if (memchr(line, '\0', (size_t)n) != NULL) {
			conf_error(c, file, ln, M_CONF_NUL);
			break;
		}
		if (ln == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, (size_t)n - 2);
		conf_line(c, set, root, file, ln, line);
	}
	if (ferror(f))
		conf_say(c, file, ln, strerror(errno));
	else if (ln == CONF_MAX_LINES && getline(&line, &cap, f) != -1)
		conf_error(c, file, ln, M_CONF_TOO_LONG, CONF_MAX_LINES);
	fclose(f);
out:
	free(line);
}

/* Read dir's apc.conf into set (nothing when there is none). */
static void
conf_read(config_cache *c, const char *dir, conf_set *set, int *root)
{
	char *file = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, CONF_NAME);
	conf_read_file(c, file, 1, set, root);
	free(file);
}

/* ---- the cache of directories ---- */

config_cache *
config_cache_open(void)
{
	config_cache *c = xcalloc(1, sizeof *c);
	c->lang = APC_LANG_EN;
	int err = pthread_mutex_init(&c->lock, NULL);
	if (err != 0) {
		fprintf(stderr, "apc: cannot make a lock: %s\n", strerror(err));
		free(c);
		return NULL;
	}
	return c;
}

void
config_cache_close(config_cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->cap; i++)
		for (conf_dir *e = c->v[i], *next; e != NULL; e = next) {
			next = e->next;
			free(e->dir);
			free(e->set.sev);
			free(e);
		}
	if (c->only != NULL) {
		free(c->only->dir);
		free(c->only->set.sev);
		free(c->only);
	}
	free(c->v);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static void
cache_insert(config_cache *c, conf_dir *d)
{
	conf_dir **v, *e, *next;
	size_t cap, i;

	if (c->n + 1 > c->cap * 3 / 4) {
		cap = c->cap ? c->cap * 2 : 64;
		v = xcalloc(cap, sizeof *v);
		for (i = 0; i < c->cap; i++)
			for (e = c->v[i]; e != NULL; e = next) {
				next = e->next;
				e->next = v[e->hash % cap];
				v[e->hash % cap] = e;
			}
		free(c->v);
		c->v = v;
		c->cap = cap;
	}
	d->next = c->v[d->hash % c->cap];
	c->v[d->hash % c->cap] = d;
	c->n++;
}

/* The merged settings of dir (absolute, normalized); caller holds c->lock. */
static const conf_set *
conf_merged(config_cache *c, const char *dir)
{
	conf_dir *d;
	conf_set own = { NULL, -1, -1 };
	const conf_set *up = NULL;
	size_t h = hash_fnv1a(dir, strlen(dir)), i;
	char *parent, *slash;
	int root;

	if (c->only != NULL)
		return &c->only->set;
	if (c->cap > 0)
		for (d = c->v[h % c->cap]; d != NULL; d = d->next)
			if (d->hash == h && strcmp(d->dir, dir) == 0)
				return &d->set;

	conf_read(c, dir, &own, &root);
	if (!root && strcmp(dir, "/") != 0) {
		parent = xstrdup(dir);
		slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		up = conf_merged(c, parent);
		free(parent);
	}

	d = xcalloc(1, sizeof *d);
	d->dir = xstrdup(dir);
	d->hash = h;
	d->set.werror = own.werror >= 0 ? own.werror : up != NULL ? up->werror : -1;
	d->set.lang = own.lang >= 0 ? own.lang : up != NULL ? up->lang : -1;
	if (own.sev != NULL || (up != NULL && up->sev != NULL)) {
		d->set.sev = sev_new();
		if (up != NULL && up->sev != NULL)
			memcpy(d->set.sev, up->sev, catalog_count);
		if (own.sev != NULL)
			for (i = 0; i < catalog_count; i++)
				if (own.sev[i] != -1)
					d->set.sev[i] = own.sev[i] == LEVEL_RESET ? -1 : own.sev[i];
	}
	free(own.sev);
	cache_insert(c, d);
	return &d->set;
}

/* The absolute directory of path, normalized lexically ("." and ".." resolved, no symlinks
 * followed, as .editorconfig walks). Returns malloc'd. */
static char *
dir_of(const char *path)
{
	strbuf in = { 0 }, out = { 0 };
	char cwd[4096], *p, *seg, *save = NULL, *last;
	size_t *ends = NULL, nends = 0, cap = 0;

	if (path[0] != '/') {
		if (getcwd(cwd, sizeof cwd) != NULL)
			sb_adds(&in, cwd);
		sb_adds(&in, "/");
	}
	sb_adds(&in, path);
	/* Drop the file name. */
	last = strrchr(in.s, '/');
	last[1] = '\0';

	sb_adds(&out, "");
	for (p = in.s; (seg = strtok_r(p, "/", &save)) != NULL; p = NULL) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			if (nends > 0)
				out.len = --nends > 0 ? ends[nends - 1] : 0;
			out.s[out.len] = '\0';
			continue;
		}
		sb_adds(&out, "/");
		sb_adds(&out, seg);
		if (nends == cap) {
			cap = cap ? cap * 2 : 16;
			ends = xrealloc(ends, cap * sizeof *ends);
		}
		ends[nends++] = out.len;
	}
	if (out.len == 0)
		sb_adds(&out, "/");
	free(ends);
	free(in.s);
	return sb_take(&out);
}

void
config_cache_use(config_cache *c, const char *file)
{
	int root;
	conf_dir *d = xcalloc(1, sizeof *d);
	d->dir = xstrdup(file);
	d->set.werror = d->set.lang = -1;
	pthread_mutex_lock(&c->lock);
	conf_read_file(c, file, 0, &d->set, &root);
	for (size_t i = 0; d->set.sev != NULL && i < catalog_count; i++)
		if (d->set.sev[i] == LEVEL_RESET)
			d->set.sev[i] = -1;
	c->only = d;
	pthread_mutex_unlock(&c->lock);
}

void
config_cache_lang(config_cache *c, apc_lang lang)
{
	c->lang = lang;
}

size_t
config_errors(config_cache *c, const char *path)
{
	char *dir = dir_of(path == NULL || *path == '\0' || strcmp(path, "-") == 0 ? "./-" : path);
	pthread_mutex_lock(&c->lock);
	conf_merged(c, dir);
	size_t n = c->errors;
	pthread_mutex_unlock(&c->lock);
	free(dir);
	return n;
}

void
config_for_file(config_cache *c, const apc_config *base, const char *path, apc_config *out)
{
	const conf_set *set;
	char *dir;
	size_t i;

	out->werror = base->werror;
	out->lang = base->lang;
	out->lang_set = base->lang_set;
	out->sev = NULL;
	if (path == NULL || *path == '\0' || strcmp(path, "-") == 0)
		dir = dir_of("./-");
	else
		dir = dir_of(path);

	pthread_mutex_lock(&c->lock);
	set = conf_merged(c, dir);
	if (set->sev != NULL) {
		out->sev = sev_new();
		memcpy(out->sev, set->sev, catalog_count);
	}
	if (!base->werror && set->werror >= 0)
		out->werror = set->werror;
	if (!base->lang_set && set->lang >= 0)
		out->lang = set->lang;      /* --lang, when given, wins over the files */
	pthread_mutex_unlock(&c->lock);
	free(dir);

	/* The command line wins over every file. */
	if (base->sev != NULL) {
		if (out->sev == NULL)
			out->sev = sev_new();
		for (i = 0; i < catalog_count; i++)
			if (base->sev[i] >= 0)
				out->sev[i] = base->sev[i];
	}
}
