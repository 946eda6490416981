/* tests/unit/test_config.c: config_set and config_for_file (apc.conf walking, precedence). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include "internal.h"
#include "unit.h"

static char top[256];
static config_cache *cache;

/* fstat made to fail (linked with -Wl,--wrap=fstat) with a stat buffer full of garbage. */
int __real_fstat(int, struct stat *);
int __wrap_fstat(int, struct stat *);
static int fstat_fails;

int
__wrap_fstat(int fd, struct stat *st)
{
	if (!fstat_fails)
		return __real_fstat(fd, st);
	memset(st, 0x7f, sizeof *st);
	errno = EIO;
	return -1;
}

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", top, rel);
	if ((f = fopen(path, "w")) == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

static void
dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", top, rel);
	mkdir(path, 0755);
}

/* Severity of rule id in cfg (-1 = default). */
static int
sev(const apc_config *cfg, const char *id)
{
	size_t k = catalog_index(id);
	if (k == (size_t)-1) {
		printf("not ok sev: unknown id %s in the test\n", id);
		unit_failed++;
		return -9;
	}
	return cfg->sev == NULL ? -1 : cfg->sev[k];
}

/* config_for_file on top/rel with base; the result is left in *out. */
static void
for_file(const apc_config *base, const char *rel, apc_config *out)
{
	char path[512];

	snprintf(path, sizeof path, "%s/%s", top, rel);
	config_for_file(cache, base, path, out);
}

/* Run config_for_file with stderr sent to a file; return what it printed (static). */
static const char *
for_file_stderr(const apc_config *base, const char *rel, apc_config *out)
{
	static char buf[4096];
	char errpath[512];
	int fd, saved;
	ssize_t n;

	snprintf(errpath, sizeof errpath, "%s/stderr.txt", top);
	fflush(stderr);
	saved = dup(2);
	fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	close(fd);
	for_file(base, rel, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fd = open(errpath, O_RDONLY);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;
	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void
test_set(void)
{
	apc_config c = { NULL, 0, APC_LANG_EN, 0 };

	CHECK("set: unknown id", config_set(&c, "no-such-rule", "error") == -1);
	CHECK("set: bad value", config_set(&c, "task-lead-missing", "loud") == -1);
	CHECK("set: nothing allocated by failures", c.sev == NULL);
	CHECK("set: error", config_set(&c, "task-lead-missing", "error") == 0 &&
	    sev(&c, "task-lead-missing") == APC_ERROR);
	CHECK("set: others stay default", sev(&c, "word-duplicated") == -1);
	CHECK("set: note, any case", config_set(&c, "word-duplicated", " Note ") == 0 &&
	    sev(&c, "word-duplicated") == APC_NOTE);
	CHECK("set: none is off", config_set(&c, "word-duplicated", "none") == 0 &&
	    sev(&c, "word-duplicated") == APC_OFF);
	CHECK("set: disable is off", config_set(&c, "task-lead-missing", "disable") == 0 &&
	    sev(&c, "task-lead-missing") == APC_OFF);
	CHECK("set: bare id (--disable)", config_set(&c, "tone-mark-mixed", NULL) == 0 &&
	    sev(&c, "tone-mark-mixed") == APC_OFF);
	CHECK("set: ID=LEVEL (--severity)", config_set(&c, "agency-unknown=error", NULL) == 0 &&
	    sev(&c, "agency-unknown") == APC_ERROR);
	CHECK("set: ID=bad", config_set(&c, "agency-unknown=loud", NULL) == -1 &&
	    sev(&c, "agency-unknown") == APC_ERROR);
	CHECK("set: default resets", config_set(&c, "agency-unknown", "default") == 0 &&
	    sev(&c, "agency-unknown") == -1);
	CHECK("set: list", config_set(&c, "signature-missing, recipients-missing", NULL) == 0 &&
	    sev(&c, "signature-missing") == APC_OFF && sev(&c, "recipients-missing") == APC_OFF);
	CHECK("set: list with an unknown id changes nothing",
	    config_set(&c, "agency-variant,nope", "error") == -1 && sev(&c, "agency-variant") == -1);
	CHECK("set: empty id", config_set(&c, "", "error") == -1 && config_set(&c, " , ", NULL) == -1);
	CHECK("set: all", config_set(&c, "all", "warning") == 0 &&
	    sev(&c, "file-empty") == APC_WARNING && sev(&c, "symbol-case") == APC_WARNING);
	config_free(&c);
	CHECK("free: sev is NULL", c.sev == NULL);
	config_free(&c);
}

static void
test_walk(void)
{
	apc_config base = { NULL, 0, APC_LANG_VI, 0 }, out;
	const char *err;
	char cwd[4096];

	/* top/apc.conf  <-  top/a/apc.conf  <-  top/a/b/x.txt */
	put("apc.conf", "# farthest\ntask-lead-missing = note\nword-duplicated = off\nwerror = true\n");
	dir("a");
	dir("a/b");
	put("a/apc.conf", "task-lead-missing = warning   # nearer wins\n"
	    "disable = tone-mark-mixed, agency-variant\n");
	for_file(&base, "a/b/x.txt", &out);
	CHECK("walk: nearer file wins", sev(&out, "task-lead-missing") == APC_WARNING);
	CHECK("walk: farther file still applies", sev(&out, "word-duplicated") == APC_OFF);
	CHECK("walk: disable list", sev(&out, "tone-mark-mixed") == APC_OFF &&
	    sev(&out, "agency-variant") == APC_OFF);
	CHECK("walk: untouched rule default", sev(&out, "signature-missing") == -1);
	CHECK("walk: werror inherited", out.werror == 1);
	CHECK("walk: lang from base", out.lang == APC_LANG_VI);
	config_free(&out);

	/* The command line wins over every file. */
	config_set(&base, "task-lead-missing", "error");
	config_set(&base, "signature-missing", "off");
	for_file(&base, "a/b/x.txt", &out);
	CHECK("precedence: command line over nearest file", sev(&out, "task-lead-missing") == APC_ERROR);
	CHECK("precedence: command line alone", sev(&out, "signature-missing") == APC_OFF);
	CHECK("precedence: files where the command line is silent", sev(&out, "word-duplicated") == APC_OFF);
	CHECK("precedence: base not modified", sev(&base, "word-duplicated") == -1);
	config_free(&out);
	config_free(&base);

	/* werror = false nearer overrides a farther true; --werror overrides both. */
	dir("a/w");
	put("a/w/apc.conf", "werror = false\n");
	for_file(&base, "a/w/y.txt", &out);
	CHECK("werror: nearer false wins", out.werror == 0);
	config_free(&out);
	base.werror = 1;
	for_file(&base, "a/w/y.txt", &out);
	CHECK("werror: --werror wins", out.werror == 1);
	config_free(&out);
	base.werror = 0;

	/* root = true stops the walk. */
	dir("r");
	put("r/apc.conf", "root = true\nagency-unknown = error\n");
	for_file(&base, "r/f.txt", &out);
	CHECK("root: own settings", sev(&out, "agency-unknown") == APC_ERROR);
	CHECK("root: nothing from above", sev(&out, "word-duplicated") == -1 &&
	    sev(&out, "task-lead-missing") == -1 && out.werror == 0);
	config_free(&out);

	/* A directory without apc.conf takes its parent's. */
	dir("r/deep");
	for_file(&base, "r/deep/g.txt", &out);
	CHECK("root: inherited below", sev(&out, "agency-unknown") == APC_ERROR &&
	    sev(&out, "word-duplicated") == -1);
	config_free(&out);

	/* Bad lines: warned about with file:line, once, never fatal; good lines still apply. */
	dir("bad");
	put("bad/apc.conf", "colour = red\n"
	    "task-lead-missing = loud\n"
	    "disable = no-such-rule, word-duplicated\n"
	    "werror = maybe\n"
	    "[*.txt]\n"
	    "just words\n"
	    "lang = fr\n"
	    "signature-missing = note\n");
	err = for_file_stderr(&base, "bad/one.txt", &out);
	CHECK("bad: unknown key warned with file:line", strstr(err, "bad/apc.conf:1: unknown key \"colour\"") != NULL);
	CHECK("bad: bad level warned", strstr(err, "apc.conf:2: ") != NULL && strstr(err, "loud") != NULL);
	CHECK("bad: unknown rule in disable warned", strstr(err, "apc.conf:3: ") != NULL &&
	    strstr(err, "no-such-rule") != NULL);
	CHECK("bad: bad boolean warned", strstr(err, "apc.conf:4: ") != NULL);
	CHECK("bad: section warned", strstr(err, "apc.conf:5: ") != NULL);
	CHECK("bad: line without = warned", strstr(err, "apc.conf:6: ") != NULL);
	CHECK("bad: bad lang warned", strstr(err, "apc.conf:7: ") != NULL);
	CHECK("bad: exactly seven warnings", count(err, "apc: ") == 7);
	CHECK("bad: good lines apply", sev(&out, "signature-missing") == APC_NOTE &&
	    sev(&out, "word-duplicated") == APC_OFF);
	CHECK("bad: bad value leaves the inherited one", sev(&out, "task-lead-missing") == APC_NOTE);
	CHECK("bad: bad werror leaves the inherited one", out.werror == 1);
	config_free(&out);
	err = for_file_stderr(&base, "bad/two.txt", &out);
	CHECK("bad: warned once per run", err[0] == '\0');
	config_free(&out);

	/* Cached: a directory's files are read once (a later edit is not seen in this run). */
	put("a/apc.conf", "task-lead-missing = error\n");
	for_file(&base, "a/b/z.txt", &out);
	CHECK("cache: read once", sev(&out, "task-lead-missing") == APC_WARNING);
	config_free(&out);

	/* Relative paths with . and .. are walked from the working directory. */
	if (getcwd(cwd, sizeof cwd) != NULL && chdir(top) == 0) {
		config_for_file(cache, &base, "a/b/../../r/./h.txt", &out);
		CHECK("relative: .. and . resolved", sev(&out, "agency-unknown") == APC_ERROR &&
		    sev(&out, "word-duplicated") == -1);
		config_free(&out);
		if (chdir("r") == 0) {
			config_for_file(cache, &base, "h.txt", &out);
			CHECK("relative: bare file name", sev(&out, "agency-unknown") == APC_ERROR);
			config_free(&out);
		}
		if (chdir(cwd) != 0)
			perror(cwd);
	}

	/* A failed fstat is said as such: the stat buffer it left is not read (defect 9). */
	dir("st");
	put("st/apc.conf", "word-duplicated = error\n");
	fstat_fails = 1;
	err = for_file_stderr(&base, "st/f.txt", &out);
	fstat_fails = 0;
	CHECK("fstat failure: its error said", strstr(err, "st/apc.conf") != NULL && strstr(err, strerror(EIO)) != NULL);
	CHECK("fstat failure: no size or type read", strstr(err, "KiB") == NULL && strstr(err, "regular") == NULL);
	CHECK("fstat failure: the file ignored", sev(&out, "word-duplicated") != APC_ERROR);
	config_free(&out);

	/* A second cache reads the files again (the cache belongs to a session, not the process). */
	config_cache_close(cache);
	cache = config_cache_open();
	for_file(&base, "a/b/z.txt", &out);
	CHECK("cache: a new session reads again", sev(&out, "task-lead-missing") == APC_ERROR);
	config_free(&out);

	/* No apc.conf anywhere that matters and no base settings: nothing allocated. */
	dir("r/empty");
	put("r/empty/apc.conf", "root = true\n");
	for_file(&base, "r/empty/e.txt", &out);
	CHECK("empty: no sev array", out.sev == NULL && out.werror == 0);
	config_free(&out);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[600];

	snprintf(top, sizeof top, "%s/apc-test-config-XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
	cache = config_cache_open();
	if (mkdtemp(top) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_set();
	test_walk();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", top);
	return unit_failed != 0;
}
