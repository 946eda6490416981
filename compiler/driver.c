/*
 * driver.c: the command line as a function. Options, then the pipeline (compile.c) over the
 * files, in parallel threads (the worker pool), with the results reported in path order
 * whatever -j is. main.c only calls driver_main; tests may call it in-process.
 *
 *   apc check PATH...            compile and report ("-": standard input)
 *   apc build FILE [-o OUT]      write the normalized XML
 *   apc render FILE [-f html|fo|pdf] [-o OUT]     (no -f: -o's extension, else html)
 *   apc render PATH... [-f html|pdf] -o DIR
 */
#include <errno.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "driver.h"
#include "facts.h"
#include "internal.h"
#include "links.h"
#include "serve.h"
#include "since.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif
#define APC_VERSION "0.1.0"

typedef struct opts {
	const char *cmd, *out, *format, *render_format, *encoding, *doc_url;
	const char *baseline, *write_baseline;
	const char *since;       /* --since REV: the files changed since REV and those naming them */
	const char *config;      /* --config FILE: instead of the apc.conf files above each path */
	const char *stdin_name;  /* --stdin-filename: the name standard input is reported under */
	char *stdin_bytes;       /* "-" among the paths: standard input, read once */
	size_t stdin_len;
	char **libdirs;
	size_t nlibdirs;
	int jobs, annotate, coverage, progress, fix;
	int dashdash;          /* "--" seen: every later argument is a path */
	unsigned given;        /* GIVEN_* bits: options that only some commands take */
	apc_config cfg;
} opts;

/* Options that only some commands take: the others refuse them rather than ignore them. */
enum { GIVEN_OUT = 1, GIVEN_TO = 2, GIVEN_FORMAT = 4, GIVEN_COVERAGE = 8, GIVEN_ANNOTATE = 16, GIVEN_SINCE = 32 };

/* apc --help: the text is messages.def's, in the run's language. */
static void
usage(FILE *f, apc_lang lang)
{
	msg_print(f, lang, M_USAGE);
}

/* The language of the messages: --lang (wherever it stands, before "--"), else the locale.
 * Read before the options are, so that a usage error is in the language asked for. */
static apc_lang
lang_from_env(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *v = strncmp(argv[i], "--lang=", 7) == 0 ? argv[i] + 7 :
		    strcmp(argv[i], "--lang") == 0 && i + 1 < argc ? argv[i + 1] : NULL;
		if (v != NULL && (strcmp(v, "vi") == 0 || strcmp(v, "en") == 0))
			return strcmp(v, "vi") == 0 ? APC_LANG_VI : APC_LANG_EN;
	}
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "vi", 2) == 0 ? APC_LANG_VI : APC_LANG_EN;
	}
	return APC_LANG_EN;
}

/* The options; a command, a rule id or an option mistyped gets the nearest as a suggestion. */
enum { O_LIB = 256, O_FORMAT, O_LANG, O_WERROR, O_DISABLE, O_SEVERITY, O_COVERAGE, O_ANNOTATE, O_VERSION, O_ENCODING, O_DOC_URL, O_FIX, O_BASELINE, O_WRITE_BASELINE, O_STDIN_NAME, O_CONFIG, O_SINCE };
static const struct option longs[] = {
	{ "library", required_argument, NULL, O_LIB },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "lang", required_argument, NULL, O_LANG },
	{ "werror", no_argument, NULL, O_WERROR },
	{ "disable", required_argument, NULL, O_DISABLE },
	{ "severity", required_argument, NULL, O_SEVERITY },
	{ "coverage", no_argument, NULL, O_COVERAGE },
	{ "doc-url", required_argument, NULL, O_DOC_URL },
	{ "fix", no_argument, NULL, O_FIX },
	{ "baseline", required_argument, NULL, O_BASELINE },
	{ "write-baseline", required_argument, NULL, O_WRITE_BASELINE },
	{ "stdin-filename", required_argument, NULL, O_STDIN_NAME },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "since", required_argument, NULL, O_SINCE },
	{ "annotate", no_argument, NULL, O_ANNOTATE },
	{ "encoding", required_argument, NULL, O_ENCODING },
	{ "to", required_argument, NULL, 'f' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char *const commands[] = { "check", "fix", "build", "render", "serve" };

/* " (did you mean X?)" or "", for a message. */
static const char *
did_you_mean(apc_lang lang, const char *word, const char *const *cands, size_t n, const char *prefix, char buf[96])
{
	const char *best = catalog_closest(word, cands, n);
	if (best == NULL)
		return "";
	snprintf(buf, 96, msg_fmt(lang, M_DID_YOU_MEAN), prefix, best);
	return buf;
}

static const char *
option_suggest(apc_lang lang, const char *arg, char buf[96])
{
	const char *names[sizeof longs / sizeof longs[0]];
	size_t n = 0;
	for (size_t i = 0; longs[i].name != NULL; i++)
		names[n++] = longs[i].name;
	while (*arg == '-')
		arg++;
	char word[64];
	snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
	return did_you_mean(lang, word, names, n, "--", buf);
}

static const char *
rule_suggest(apc_lang lang, const char *id, char buf[96])
{
	const char *best = catalog_closest_rule(id);
	if (best == NULL)
		return "";
	snprintf(buf, 96, msg_fmt(lang, M_DID_YOU_MEAN), "", best);
	return buf;
}

/* Options may come before the command (apc --lang vi check FILE): move the command to
 * argv[1], the options after it. Returns 0, or -1 when no command is named. */
static int
command_first(int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return 0;     /* handled as it is */
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "--version") == 0)
			break;        /* apc --lang vi --help: the help is the command */
		int takes = 0;
		if (a[1] == '-' && !strchr(a, '=')) {
			for (size_t k = 0; longs[k].name != NULL; k++)
				if (strcmp(a + 2, longs[k].name) == 0)
					takes = longs[k].has_arg == required_argument;
		} else if (a[1] != '-' && a[2] == '\0')
			takes = strchr("fjo", a[1]) != NULL;
		i += takes ? 2 : 1;
	}
	if (i == 1)
		return 0;
	if (i >= argc)
		return -1;
	char *cmd = argv[i];
	memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
	argv[1] = cmd;
	return 0;
}

/* The report format --format names, or -1. */
static int
report_format_named(const char *name)
{
	static const char *const names[] = { "text", "json", "sarif", "gitlab", "junit" };
	static const report_format fmts[] = { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITLAB, REPORT_JUNIT };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)fmts[i];
	return -1;
}

static int
parse_opts(int argc, char **argv, opts *o)
{
	int c;
	long n;
	const char *lastarg = NULL;
	char sugg[96];
	opterr = 0;      /* the messages below say what is wrong, and suggest */
	while ((c = getopt_long(argc, argv, "+:f:j:o:h", longs, NULL)) != -1) {
		char *eq, *end;
		lastarg = optarg;
		switch (c) {
		case O_LIB:
			o->libdirs = xrealloc(o->libdirs, (o->nlibdirs + 1) * sizeof *o->libdirs);
			o->libdirs[o->nlibdirs++] = optarg;
			break;
		case O_FORMAT:
			if (report_format_named(optarg) < 0) {
				msg_print(stderr, o->cfg.lang, M_BAD_FORMAT, optarg);
				return -1;
			}
			o->format = optarg;
			o->given |= GIVEN_FORMAT;
			break;
		case O_LANG:
			if (strcmp(optarg, "vi") && strcmp(optarg, "en")) {
				msg_print(stderr, o->cfg.lang, M_BAD_LANG, optarg);
				return -1;
			}
			o->cfg.lang = strcmp(optarg, "vi") == 0 ? APC_LANG_VI : APC_LANG_EN;
			o->cfg.lang_set = 1;
			break;
		case O_WERROR:
			o->cfg.werror = 1;
			break;
		case O_DISABLE:
			if (config_set(&o->cfg, optarg, "off") != 0) {
				msg_print(stderr, o->cfg.lang, M_DISABLE_NO_RULE, optarg, rule_suggest(o->cfg.lang, optarg, sugg));
				return -1;
			}
			break;
		case O_SEVERITY:
			eq = strchr(optarg, '=');
			if (eq == NULL) {
				msg_print(stderr, o->cfg.lang, M_SEVERITY_SHAPE);
				return -1;
			}
			*eq = '\0';
			if (catalog_index(optarg) == (size_t)-1 && strcmp(optarg, "all") != 0) {
				msg_print(stderr, o->cfg.lang, M_SEVERITY_NO_RULE, optarg, eq + 1, optarg,
				    rule_suggest(o->cfg.lang, optarg, sugg));
				return -1;
			}
			if (config_set(&o->cfg, optarg, eq + 1) != 0) {
				msg_print(stderr, o->cfg.lang, M_SEVERITY_NO_LEVEL, optarg, eq + 1, eq + 1);
				return -1;
			}
			break;
		case O_BASELINE:
			o->baseline = optarg;
			break;
		case O_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case O_FIX:
			o->fix = 1;
			break;
		case O_SINCE:
			o->since = optarg;
			o->given |= GIVEN_SINCE;
			break;
		case O_CONFIG:
			o->config = optarg;
			break;
		case O_STDIN_NAME:
			if (*optarg == '\0') {
				msg_print(stderr, o->cfg.lang, M_STDIN_NAME_EMPTY);
				return -1;
			}
			o->stdin_name = optarg;
			break;
		case O_DOC_URL:
			o->doc_url = optarg;
			break;
		case O_COVERAGE:
			o->coverage = 1;
			o->given |= GIVEN_COVERAGE;
			break;
		case O_ANNOTATE:
			o->annotate = 1;
			o->given |= GIVEN_ANNOTATE;
			break;
		case O_ENCODING:
			if (enc_lookup(optarg) == ENC_NONE) {
				msg_print(stderr, o->cfg.lang, M_BAD_ENCODING, optarg);
				return -1;
			}
			o->encoding = optarg;
			break;
		case 'f':
			o->render_format = optarg;
			o->given |= GIVEN_TO;
			break;
		case 'j':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || n < 1 || n > 256) {
				msg_print(stderr, o->cfg.lang, M_BAD_JOBS);
				return -1;
			}
			o->jobs = (int)n;
			break;
		case 'o':
			o->out = optarg;
			o->given |= GIVEN_OUT;
			break;
		case 'h':
			usage(stdout, o->cfg.lang);
			exit(0);
		case O_VERSION:
			printf("apc %s\n", APC_VERSION);
			exit(0);
		case ':':
			msg_print(stderr, o->cfg.lang, M_OPTION_NEEDS_ARGUMENT, argv[optind - 1]);
			return -1;
		default:
			if (optopt != 0 && optopt < 256)
				msg_print(stderr, o->cfg.lang, M_UNKNOWN_SHORT_OPTION, optopt);
			else
				msg_print(stderr, o->cfg.lang, M_UNKNOWN_OPTION, argv[optind - 1],
				    option_suggest(o->cfg.lang, argv[optind - 1], sugg));
			return -1;
		}
	}
	/* getopt stopped after "--" (not an option's argument that reads "--") */
	if (optind > 1 && optind <= argc && strcmp(argv[optind - 1], "--") == 0 && argv[optind - 1] != lastarg)
		o->dashdash = 1;
	return optind;
}

/* Refuse the options cmd does not take (they used to be accepted and ignored). 0 or -1. */
static int
check_given(const opts *o)
{
	static const struct { unsigned bit; const char *name; const char *takers; } only[] = {
		{ GIVEN_OUT, "-o", "build, render" },
		{ GIVEN_TO, "-f", "render" },
		{ GIVEN_FORMAT, "--format", "check" },
		{ GIVEN_COVERAGE, "--coverage", "check" },
		{ GIVEN_ANNOTATE, "--annotate", "render" },
		{ GIVEN_SINCE, "--since", "check" },
	};
	for (size_t i = 0; i < sizeof only / sizeof only[0]; i++)
		if ((o->given & only[i].bit) && !strstr(only[i].takers, o->cmd)) {
			msg_print(stderr, o->cfg.lang, M_OPTION_NOT_OF_COMMAND, o->cmd, only[i].name, only[i].takers);
			return -1;
		}
	return 0;
}

/* ---- standard input ---- */

#define STDIN_SHOWN "<stdin>"    /* its name without --stdin-filename, as gcc prints it */

/* "-" among the paths: read standard input once, before any file is compiled. "-" twice, or
 * --stdin-filename without "-", or with a command that writes the file back, is a misuse.
 * 0, or -1 (said on stderr). */
static int
stdin_take(opts *o, char **paths, int npaths)
{
	int n = 0;
	for (int i = 0; i < npaths; i++)
		n += strcmp(paths[i], "-") == 0;
	if (n > 1) {
		msg_print(stderr, o->cfg.lang, M_STDIN_TWICE, n);
		return -1;
	}
	if (n == 0) {
		if (o->stdin_name != NULL) {
			msg_print(stderr, o->cfg.lang, M_STDIN_NAME_WITHOUT_STDIN);
			return -1;
		}
		return 0;
	}
	if (o->fix) {
		msg_print(stderr, o->cfg.lang, M_STDIN_FIX);
		return -1;
	}
	if (walk_read_stdin(&o->stdin_bytes, &o->stdin_len) != 0) {
		fprintf(stderr, "apc: standard input: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* The name a path of the command line is compiled and configured under. */
static const char *
path_shown(const opts *o, const char *path)
{
	return strcmp(path, "-") != 0 ? path : o->stdin_name ? o->stdin_name : STDIN_SHOWN;
}

/* Compile one path of the command line; "-" is standard input under its name. */
static void
compile_path(const apc_session *s, const opts *o, const char *path, apc_result *r)
{
	if (strcmp(path, "-") == 0)
		apc_compile(s, path_shown(o, path), o->stdin_bytes, o->stdin_len, r);
	else
		apc_compile(s, path, NULL, 0, r);
}

/* Read the configuration that applies to each of v[0..n) (--config, or the apc.conf files
 * above each, once per directory) before anything is checked: its errors (said on stderr)
 * fail the run. Returns how many. */
static size_t
config_scan(const apc_session *s, const opts *o, char *const *v, size_t n)
{
	size_t errs = o->config != NULL ? config_errors(s->conf, "-") : 0;
	for (size_t i = 0; i < n; i++)
		errs = config_errors(s->conf, path_shown(o, v[i]));
	return errs;
}

/* ---- running many files in threads, reporting in order ---- */

typedef struct batch {
	const apc_session *s;
	void (*work)(void *, size_t, apc_result *);   /* in the worker, after compiling (may be NULL) */
	void *warg;
	const opts *o;
	path_list *files;
	apc_result *res;
	char *done;
	size_t next, printed, window;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} batch;

static void *
worker(void *arg)
{
	batch *b = arg;
	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (b->next < b->files->n && b->next >= b->printed + b->window)
			pthread_cond_wait(&b->cv, &b->mu);
		size_t i = b->next++;
		pthread_mutex_unlock(&b->mu);
		if (i >= b->files->n)
			return NULL;
		compile_path(b->s, b->o, b->files->v[i], &b->res[i]);
		if (b->work)
			b->work(b->warg, i, &b->res[i]);
		pthread_mutex_lock(&b->mu);
		b->done[i] = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
}

/* The progress line on stderr: "[i/n] path", the path escaped and cut from the left to the
 * terminal's width (a line that wraps could not be cleared by CR and ESC [K). */
static void
progress_draw(size_t i, size_t n, const char *path)
{
	struct winsize ws;
	size_t cols = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
	char head[64];
	size_t hl = (size_t)snprintf(head, sizeof head, "[%zu/%zu] ", i, n);
	char *p = utf8_printable(path, strlen(path));
	const char *show = p;
	size_t chars = utf8_chars(p, strlen(p));
	size_t room = cols > hl + 2 ? cols - hl - 2 : 0;   /* the last column left free */
	int cut = chars > room;
	for (size_t skip = cut ? chars - room + 1 : 0; skip > 0 && *show; skip--)
		do
			show++;
		while ((*show & 0xC0) == 0x80);
	fprintf(stderr, "\r\033[K%s%s%s", head, cut ? "…" : "", show);
	free(p);
}

/* Progress after the first APC_PROGRESS_DELAY seconds (default 1; tests set 0). */
static double
progress_delay(void)
{
	const char *e = getenv("APC_PROGRESS_DELAY");
	char *end;
	double d = e != NULL && *e != '\0' ? strtod(e, &end) : 1.0;
	return e != NULL && *e != '\0' && *end == '\0' && d >= 0 ? d : 1.0;
}

/* Compile every file with o->jobs threads; call each(i, result) in path order. When stderr is
 * a terminal, a progress line is drawn there after a second; it is cleared before each file's
 * report and drawn again after it, so that it never mixes with the diagnostics when stdout
 * and stderr are the same terminal. */
static void
run_batch(const apc_session *s, const opts *o, path_list *files,
    void (*work)(void *, size_t, apc_result *), void (*each)(void *, const apc_result *), void *arg)
{
	batch b = { .s = s, .o = o, .files = files, .work = work, .warg = arg };
	b.res = xcalloc(files->n ? files->n : 1, sizeof *b.res);
	b.done = xcalloc(files->n ? files->n : 1, 1);
	int jobs = o->jobs;
	if ((size_t)jobs > files->n)
		jobs = files->n ? (int)files->n : 1;
	b.window = (size_t)jobs * 8;
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
	int started = 0, err = 0;
	while (started < jobs && (err = pthread_create(&th[started], NULL, worker, &b)) == 0)
		started++;
	if (err)   /* fewer workers than asked; none: the files are compiled here, one at a time */
		fprintf(stderr, "apc: could not start a thread (%s): %d of %d running%s\n", strerror(err),
		    started, jobs, started ? "" : ", checking one file at a time");
	double t0 = clock_seconds(), delay = progress_delay();
	int shown = 0;
	for (size_t i = 0; i < files->n; i++) {
		if (started == 0) {
			compile_path(s, o, files->v[i], &b.res[i]);
			if (work)
				work(arg, i, &b.res[i]);
			b.done[i] = 1;
		}
		pthread_mutex_lock(&b.mu);
		while (!b.done[i])
			pthread_cond_wait(&b.cv, &b.mu);
		pthread_mutex_unlock(&b.mu);
		if (shown) {
			fputs("\r\033[K", stderr);
			fflush(stderr);
		}
		each(arg, &b.res[i]);
		apc_result_free(&b.res[i]);
		pthread_mutex_lock(&b.mu);
		b.printed = i + 1;
		pthread_cond_broadcast(&b.cv);
		pthread_mutex_unlock(&b.mu);
		if (o->progress && clock_seconds() - t0 >= delay) {
			fflush(stdout);     /* the report's lines first, on the terminal they share */
			fflush(stderr);
			progress_draw(i + 1, files->n, files->v[i]);
			fflush(stderr);
			shown = 1;
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
	fflush(stderr);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.cv);
	free(th);
	free(b.res);
	free(b.done);
}

typedef struct check_ctx {
	report *rep;
	const opts *o;
	const apc_session *s;
	int werror;
	size_t *fixed;       /* --fix: per file, the fixes applied */
	char **fixerr;       /* --fix: per file, why it was not fixed, or NULL */
	since *since;        /* --since: the changed files and their symbols, or NULL */
	char *changed;       /* --since: per file, 1 when git says it changed */
	char *keep;          /* --since: per file, 1 when it is reported (set in the worker) */
	size_t at, failed;
} check_ctx;

/* --fix, in the worker: apply the file's fixes, then compile it again so that the report
 * shows what is left. */
static void
fix_work(void *arg, size_t i, apc_result *r)
{
	check_ctx *c = arg;
	if (c->since != NULL) {    /* --since: only what is reported is fixed */
		c->keep[i] = c->changed[i] || since_names_changed(c->since, r);
		if (!c->keep[i])
			return;
	}
	apc_config cfg;
	config_for_file(c->s->conf, &c->o->cfg, r->src.path, &cfg);
	if (fix_file(r, &cfg, &c->fixed[i], &c->fixerr[i]) == 0 && c->fixed[i] > 0) {
		char *path = xstrdup(r->src.path);
		apc_result_free(r);
		apc_compile(c->s, path, NULL, 0, r);
		free(path);
	}
	config_free(&cfg);
}

/* --since without --fix, in the worker: is the file reported? */
static void
since_work(void *arg, size_t i, apc_result *r)
{
	check_ctx *c = arg;
	c->keep[i] = c->changed[i] || since_names_changed(c->since, r);
}

static void
check_one(void *arg, const apc_result *r)
{
	check_ctx *c = arg;
	size_t i = c->at++;
	if (c->since != NULL && !c->keep[i])
		return;
	if (c->fixed != NULL) {
		if (c->fixerr[i] != NULL) {
			fprintf(stderr, "apc: %s\n", c->fixerr[i]);
			free(c->fixerr[i]);
			c->failed++;
		} else if (c->fixed[i] > 0)
			msg_print(stderr, c->o->cfg.lang, M_FIXES_APPLIED, r->src.path, c->fixed[i]);
	}
	apc_config cfg;
	config_for_file(c->s->conf, &c->o->cfg, r->src.path, &cfg);
	/* werror from an apc.conf is that file's: report_file counts its warnings as errors */
	report_file(c->rep, r, &cfg);
	config_free(&cfg);
}

static void
since_symbol(void *arg, const apc_result *r)
{
	since_add_symbol(arg, r);
}

/* --since: narrow *files (the files under the paths) to those that may be reported: the
 * changed ones, and when a changed document has a symbol, every file (one that names it as a
 * parent is found when it is compiled). c->changed and c->keep get one flag per file left.
 * Returns 0, or -1 when git could not say (said on stderr). */
static int
since_select(const apc_session *s, const opts *o, path_list *files, check_ctx *c)
{
	char *err = NULL;
	if ((c->since = since_open(o->since, &err)) == NULL) {
		fprintf(stderr, "apc: --since %s: %s\n", o->since, err);
		free(err);
		return -1;
	}
	path_list changed = { 0 };
	char *flag = xcalloc(files->n + 1, 1);
	for (size_t i = 0; i < files->n; i++)
		if ((flag[i] = strcmp(files->v[i], "-") == 0 || since_changed(c->since, files->v[i]))) {
			changed.v = xrealloc(changed.v, (changed.n + 1) * sizeof *changed.v);
			changed.v[changed.n++] = files->v[i];
		}
	/* the changed documents' symbols first: their children may come before them */
	run_batch(s, o, &changed, NULL, since_symbol, c->since);
	if (since_nsymbols(c->since) == 0) {     /* nothing can name them: only they are checked */
		size_t k = 0;
		for (size_t i = 0; i < files->n; i++)
			if (flag[i])
				files->v[k++] = files->v[i];
			else
				free(files->v[i]);
		files->n = k;
		memset(flag, 1, k);
	}
	free(changed.v);
	c->changed = flag;
	c->keep = xcalloc(files->n + 1, 1);
	return 0;
}

static int
cmd_check(const apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths == 0) {
		usage(stderr, o->cfg.lang);
		return 2;
	}
	path_list files;
	size_t missing = walk_paths(paths, (size_t)npaths, &files);
	report_format f = (report_format)report_format_named(o->format);
	int color = f == REPORT_TEXT && isatty(1) && getenv("NO_COLOR") == NULL;
	o->progress = isatty(2) && !isatty(1) ? 1 : isatty(2);
	check_ctx c = { .rep = report_open(stdout, f, o->cfg.lang, color), .o = o, .s = s, .werror = o->cfg.werror };
	if (o->coverage)
		report_coverage(c.rep, s->lib);
	report_doc_url(c.rep, o->doc_url);
	baseline *bl = NULL;
	if (o->baseline != NULL) {
		char *err = NULL;
		if ((bl = baseline_load(o->baseline, &err)) == NULL) {
			fprintf(stderr, "apc: --baseline: %s\n", err);
			free(err);
			report_run_failed(c.rep, 1);
		}
	}
	report_baseline(c.rep, bl, o->write_baseline);
	if (o->fix) {
		c.fixed = xcalloc(files.n + 1, sizeof *c.fixed);
		c.fixerr = xcalloc(files.n + 1, sizeof *c.fixerr);
	}
	size_t conf_errs = config_scan(s, o, files.v, files.n), found = files.n;
	if (conf_errs > 0)      /* a configuration with errors: nothing is checked under it */
		missing += conf_errs;
	else if (o->since != NULL && since_select(s, o, &files, &c) != 0)
		missing++;
	else
		run_batch(s, o, &files, o->fix ? fix_work : c.since ? since_work : NULL, check_one, &c);
	if (c.since != NULL && files.n == 0 && missing == 0)
		for (int i = 0; i < npaths; i++)
			fprintf(stderr, o->cfg.lang == APC_LANG_VI ? "apc: %s: không có văn bản nào thay đổi từ %s\n" :
			    "apc: %s: no document changed since %s\n", paths[i], o->since);
	free(c.fixed);
	free(c.fixerr);
	free(c.changed);
	free(c.keep);
	since_free(c.since);
	missing += c.failed;
	/* A path that does not exist, or paths that hold no document, fail the run: the
	 * report's own status (JSON summary, SARIF exitCode) says so too. */
	if (found == 0 && missing == 0 && conf_errs == 0) {
		for (int i = 0; i < npaths; i++)
			msg_print(stderr, o->cfg.lang, M_NO_DOCUMENT_FOUND, paths[i]);
		missing = 1;
	}
	report_run_failed(c.rep, missing);
	int rc = report_close(c.rep, c.werror);
	baseline_free(bl);
	walk_free(&files);
	fflush(stdout);
	return rc;
}

/* Print one file's diagnostics as text on stderr (build, render). Returns its status. */
static int
report_to_stderr(const apc_session *s, const opts *o, const apc_result *r)
{
	apc_config cfg;
	config_for_file(s->conf, &o->cfg, r->src.path, &cfg);
	report *rep = report_open(stderr, REPORT_TEXT, cfg.lang, isatty(2) && getenv("NO_COLOR") == NULL);
	report_file(rep, r, &cfg);
	int rc = report_close(rep, cfg.werror);
	config_free(&cfg);
	return rc;
}

static char *
doc_to_string(xmlDocPtr doc, size_t *len)
{
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
	char *s = xstrndup((const char *)mem, n > 0 ? (size_t)n : 0);
	xmlFree(mem);
	*len = n > 0 ? (size_t)n : 0;
	return s;
}

static int
cmd_build(const apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths != 1) {
		msg_print(stderr, o->cfg.lang, M_BUILD_ONE_FILE);
		return 2;
	}
	if (o->out && output_same_file(o->out, paths[0])) {
		msg_print(stderr, o->cfg.lang, M_OUTPUT_IS_INPUT, o->out);
		return 2;
	}
	if (config_scan(s, o, paths, 1) > 0)
		return 2;
	apc_result r;
	compile_path(s, o, paths[0], &r);
	int rc = report_to_stderr(s, o, &r);
	if (r.doc && !r.failed) {
		size_t len;
		facts_publish(r.facts, r.doc);   /* the output carries the coverage (mission/@covers) */
		char *xml = doc_to_string(r.doc, &len), *err = NULL;
		if (output_write(o->out ? o->out : "-", xml, len, &err) != 0) {
			fprintf(stderr, "apc: %s\n", err);
			free(err);
			rc = 2;
		}
		free(xml);
	}
	apc_result_free(&r);
	return rc;
}

static const char *
ext_of(const char *fmt)
{
	return strcmp(fmt, "pdf") == 0 ? ".pdf" : strcmp(fmt, "fo") == 0 ? ".fo" : ".html";
}

/* ---- render of a tree: mirror the inputs under the output directory, with an index ---- */

typedef struct tree_ctx {
	const opts *o;
	const apc_session *s;
	const char *fmt;
	char **roots;
	int nroots;
	char **out;          /* per file: the output path, relative to o->out */
	char **err;          /* per file: why rendering failed, or NULL */
	xmlDocPtr index;
	report *rep;
	size_t at;
	struct links *pages;  /* every file's page by its symbol: a page links its parent's */
} tree_ctx;

/* The output path of file under the output directory: its path below the root argument it
 * was found in, or its base name; never with "..", never absolute. */
static char *
mirror_path(const tree_ctx *t, const char *file)
{
	const char *rel = NULL, *prefix = "";
	size_t plen = 0;
	for (int i = 0; i < t->nroots && !rel; i++) {
		size_t n = strlen(t->roots[i]);
		while (n > 1 && t->roots[i][n - 1] == '/')
			n--;
		if (strncmp(file, t->roots[i], n) == 0 && file[n] == '/') {
			rel = file + n + 1;
			if (t->nroots > 1) {   /* several roots: each under its own name */
				const char *b = t->roots[i] + n;
				while (b > t->roots[i] && b[-1] != '/')
					b--;
				prefix = b;
				plen = (size_t)(t->roots[i] + n - b);
			}
		}
	}
	if (rel == NULL) {
		rel = strrchr(file, '/');
		rel = rel ? rel + 1 : file;
	}
	while (*rel == '/')
		rel++;
	const char *dot = strrchr(rel, '.');
	size_t base = dot && !strchr(dot, '/') ? (size_t)(dot - rel) : strlen(rel);
	char *p = xasprintf("%.*s%s%.*s%s", (int)plen, prefix, plen ? "/" : "", (int)base, rel, ext_of(t->fmt));
	/* a segment "." or ".." cannot come from a directory walk, but a root could hold one:
	 * flatten that segment only ("a..txt" stays "a..html") */
	for (char *q = p; *q; ) {
		size_t n = strcspn(q, "/");
		if ((n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.'))
			memset(q, '_', n);
		q += n + (q[n] == '/');
	}
	return p;
}

/* Outputs of a tree render that would overwrite each other, or the index: the later file (in
 * path order) is not rendered and said, so the page never depends on -j. Returns the count. */
static size_t
tree_collisions(tree_ctx *t, const path_list *files)
{
	size_t n = files->n, found = 0;
	char *index = xasprintf("index%s", ext_of("html"));
	for (size_t i = 0; i < n; i++) {
		const char *with = NULL;
		if (strcmp(t->out[i], index) == 0)
			with = "the index of the tree";
		for (size_t j = 0; j < i && !with; j++)        /* quadratic only in a tree's files */
			if (!t->err[j] && strcmp(t->out[i], t->out[j]) == 0)
				with = files->v[j];
		if (with) {
			char *a = utf8_printable(with, strlen(with));
			t->err[i] = xasprintf("not rendered: %s/%s is already the output of %s", t->o->out, t->out[i], a);
			free(a);
			found++;
		}
	}
	free(index);
	return found;
}

/* mkdir -p of the directories of rel below root, refusing to pass through a symlink. */
static int
make_dirs(const char *root, const char *rel, char **err)
{
	char *path = xasprintf("%s/%s", root, rel);
	size_t skip = strlen(root) + 1;
	int rc = 0;
	for (char *q = path + skip; (q = strchr(q, '/')) != NULL; q++) {
		*q = '\0';
		struct stat st;
		if (lstat(path, &st) != 0) {
			if (mkdir(path, 0755) != 0 && errno != EEXIST) {
				*err = xasprintf("cannot create %s: %s", path, strerror(errno));
				rc = -1;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			*err = xasprintf("%s is not a directory (symbolic links are not followed)", path);
			rc = -1;
		}
		*q = '/';
		if (rc)
			break;
	}
	free(path);
	return rc;
}

/* The published page speaks the document's language (Vietnamese: these are Vietnamese
 * documents) unless --lang says otherwise; the locale chooses the terminal's messages only. */
static apc_lang
page_lang(const opts *o)
{
	return o->cfg.lang_set ? o->cfg.lang : APC_LANG_VI;
}

/* Render one compiled file; with --annotate, its diagnostics as its configuration (the
 * command line and the apc.conf files above it) leaves them, as check reports them. In a tree,
 * pages are the tree's pages by symbol and page its own (links.c); NULL for a single file. */
static int
render_one(const apc_session *s, const opts *o, const apc_result *r, const char *fmt,
    const char *dest, const struct links *pages, const char *page, char **err)
{
	apc_config cfg;
	apc_diags shown = { 0 };
	config_for_file(s->conf, &o->cfg, r->src.path, &cfg);
	if (o->annotate)
		diag_configured(&r->diags, &cfg, &shown);
	facts_publish(r->facts, r->doc);   /* the page shows the coverage (mission/@covers) */
	links_apply(pages, s->lib, r->doc, page);   /* and links its parent's page */
	int rc = render_doc(s->render, r->doc, fmt, o->annotate ? &shown : NULL, page_lang(o), dest, err);
	diag_free(&shown);
	config_free(&cfg);
	return rc;
}

static void
tree_work(void *arg, size_t i, apc_result *r)
{
	tree_ctx *t = arg;
	char *err = NULL;
	if (t->err[i])                       /* a collision, found before the batch */
		return;
	if (r->doc == NULL || r->failed) {
		t->err[i] = xstrdup("not rendered: the file could not be read");
		return;
	}
	if (make_dirs(t->o->out, t->out[i], &err) == 0) {
		char *dest = xasprintf("%s/%s", t->o->out, t->out[i]);
		if (render_one(t->s, t->o, r, t->fmt, dest, t->pages, t->out[i], &err) != 0 && !err)
			err = xstrdup("render failed");
		free(dest);
	}
	t->err[i] = err;
}

/* Before any page is rendered: which page each symbol gets (one more compile of each file). */
static void
tree_pages(void *arg, const apc_result *r)
{
	tree_ctx *t = arg;
	size_t i = t->at++;
	if (!t->err[i] && r->doc && !r->failed)
		links_add(t->pages, r->doc, t->out[i]);
}

static void
tree_each(void *arg, const apc_result *r)
{
	tree_ctx *t = arg;
	size_t i = t->at++;
	apc_config cfg;
	config_for_file(t->s->conf, &t->o->cfg, r->src.path, &cfg);
	size_t count[3] = {0};
	for (size_t k = 0; k < r->diags.n; k++) {
		apc_sev sv = diag_effective(&r->diags.v[k], &cfg);
		if (sv != APC_OFF)
			count[sv]++;
	}
	report_file(t->rep, r, &cfg);
	config_free(&cfg);
	/* a file name may hold anything but '/' and NUL: escaped for the terminal and the index,
	 * and the link percent-encoded, segment by segment, after "./" (no "javascript:" link) */
	char *shown = utf8_printable(r->src.path, strlen(r->src.path));
	if (t->err[i])
		fprintf(stderr, "apc: %s: %s\n", shown, t->err[i]);
	xmlNodePtr e = xmlNewChild(xmlDocGetRootElement(t->index), NULL, BAD_CAST "entry", NULL);
	strbuf href = { 0 };
	sb_adds(&href, "./");
	uri_encode(&href, t->out[i]);
	xmlSetProp(e, BAD_CAST "href", BAD_CAST href.s);
	free(href.s);
	xmlSetProp(e, BAD_CAST "file", BAD_CAST shown);
	free(shown);
	/* what the index says of the program: its facts, not another walk of its tree */
	const facts *f = r->facts;
	const struct facts_cite *parent = facts_cite_first(f, CITE_PARENT);
	const char *const attrs[][2] = {
		{ "symbol", f ? f->symbol_text : NULL }, { "kind", f ? f->symbol_type : NULL },
		{ "date", f && f->date[0] ? f->date : NULL }, { "parent", parent ? parent->ref : NULL },
		{ "kind-text", f ? f->kind_text : NULL }, { "title", f ? f->title : NULL },
		{ "issuer", f ? f->issuer : NULL },
	};
	for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++)
		if (attrs[k][1])
			xmlSetProp(e, BAD_CAST attrs[k][0], BAD_CAST attrs[k][1]);
	char num[24];
	const char *names[3] = { "notes", "warnings", "errors" };
	for (int k = 0; k < 3; k++) {
		snprintf(num, sizeof num, "%zu", count[k]);
		xmlSetProp(e, BAD_CAST names[k], BAD_CAST num);
	}
	xmlSetProp(e, BAD_CAST "failed", BAD_CAST(t->err[i] ? "1" : "0"));
}

static int
render_tree(const apc_session *s, const opts *o, const char *fmt, char **paths, int npaths)
{
	if (o->out == NULL) {
		msg_print(stderr, o->cfg.lang, M_RENDER_TREE_NEEDS_OUT);
		return 2;
	}
	if (strcmp(fmt, "fo") == 0) {
		msg_print(stderr, o->cfg.lang, M_RENDER_TREE_FORMAT);
		return 2;
	}
	struct stat st;
	if (stat(o->out, &st) != 0 && mkdir(o->out, 0755) != 0) {
		msg_print(stderr, o->cfg.lang, M_CANNOT_CREATE, o->out, strerror(errno));
		return 2;
	}
	if (stat(o->out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		msg_print(stderr, o->cfg.lang, M_NOT_A_DIRECTORY, o->out);
		return 2;
	}
	path_list files;
	size_t missing = walk_paths(paths, (size_t)npaths, &files);
	if (config_scan(s, o, files.v, files.n) > 0) {
		walk_free(&files);
		return 2;
	}
	tree_ctx t = { .o = o, .s = s, .fmt = fmt, .roots = paths, .nroots = npaths };
	t.out = xcalloc(files.n + 1, sizeof *t.out);
	t.err = xcalloc(files.n + 1, sizeof *t.err);
	for (size_t i = 0; i < files.n; i++)
		t.out[i] = mirror_path(&t, files.v[i]);
	tree_collisions(&t, &files);
	t.index = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "index");
	xmlDocSetRootElement(t.index, root);
	xmlSetNs(root, xmlNewNs(root, BAD_CAST "urn:apc:index:1", NULL));
	if (o->annotate)
		xmlSetProp(root, BAD_CAST "review", BAD_CAST "1");   /* counts and files: review only */
	t.pages = links_new();
	run_batch(s, o, &files, NULL, tree_pages, &t);
	t.at = 0;
	t.rep = report_open(stderr, REPORT_TEXT, o->cfg.lang, isatty(2) && getenv("NO_COLOR") == NULL);
	run_batch(s, o, &files, tree_work, tree_each, &t);
	links_free(t.pages);
	int rc = report_close(t.rep, o->cfg.werror);
	int failed = 0;
	for (size_t i = 0; i < files.n; i++) {
		failed |= t.err[i] != NULL;
		free(t.err[i]);
		free(t.out[i]);
	}
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(t.index, &mem, &len, "UTF-8");
	char *err = NULL, *index = xasprintf("%s/index.html", o->out);
	if (render_index(s->render, index, (const char *)mem, len > 0 ? (size_t)len : 0, page_lang(o), &err) != 0) {
		fprintf(stderr, "apc: %s: %s\n", index, err ? err : "failed");
		failed = 1;
	}
	free(err);
	free(index);
	xmlFree(mem);
	xmlFreeDoc(t.index);
	free(t.out);
	free(t.err);
	walk_free(&files);
	return missing || failed ? 2 : rc;
}

/* The format an output file's name asks for (".pdf", ".fo", ".html" or ".htm"), or NULL. */
static const char *
format_of_name(const char *out)
{
	static const struct { const char *ext, *fmt; } exts[] = {
		{ ".pdf", "pdf" }, { ".fo", "fo" }, { ".html", "html" }, { ".htm", "html" },
	};
	size_t n = strlen(out);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t e = strlen(exts[i].ext);
		if (n > e && strcasecmp(out + n - e, exts[i].ext) == 0)
			return exts[i].fmt;
	}
	return NULL;
}

/* The format of a render of one file: -f; else the one -o's extension names; else html.
 * -f and an extension that names another format disagree: NULL, said. */
static const char *
render_format(const opts *o, int many)
{
	const char *named = o->out != NULL && !many ? format_of_name(o->out) : NULL;
	if (o->render_format == NULL)
		return named != NULL ? named : "html";
	if (named != NULL && strcmp(named, o->render_format) != 0) {
		msg_print(stderr, o->cfg.lang, M_RENDER_FORMAT_DISAGREES, o->render_format, o->out, named);
		return NULL;
	}
	return o->render_format;
}

static int
cmd_render(apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths == 0) {
		usage(stderr, o->cfg.lang);
		return 2;
	}
	struct stat st;
	int many = npaths > 1 || (stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode));
	const char *fmt = render_format(o, many);
	if (fmt == NULL)
		return 2;
	if (strcmp(fmt, "html") && strcmp(fmt, "fo") && strcmp(fmt, "pdf")) {
		msg_print(stderr, o->cfg.lang, M_RENDER_BAD_FORMAT, fmt);
		return 2;
	}
	s->render = render_open(s->datadir, s->lib);
	if (s->render == NULL)
		return 2;
	if (!many) {
		char *out = o->out ? xstrdup(o->out) : NULL;
		const char *in = strcmp(paths[0], "-") == 0 ? o->stdin_name : paths[0];
		if (out == NULL && in == NULL) {
			msg_print(stderr, o->cfg.lang, M_STDIN_RENDER_NEEDS_OUT);
			return 2;
		}
		if (out == NULL) {
			const char *dot = strrchr(in, '.');
			size_t base = dot && !strchr(dot, '/') ? (size_t)(dot - in) : strlen(in);
			out = xasprintf("%.*s%s", (int)base, in, ext_of(fmt));
		}
		if (output_same_file(out, paths[0])) {
			msg_print(stderr, o->cfg.lang, M_OUTPUT_IS_INPUT, out);
			free(out);
			return 2;
		}
		if (config_scan(s, o, paths, 1) > 0) {
			free(out);
			return 2;
		}
		apc_result r;
		compile_path(s, o, paths[0], &r);
		int rc = report_to_stderr(s, o, &r);
		if (r.doc && !r.failed) {
			char *err = NULL;
			if (render_one(s, o, &r, fmt, out, NULL, NULL, &err) != 0) {
				fprintf(stderr, "apc: render: %s\n", err ? err : "failed");
				free(err);
				rc = 2;
			}
		} else
			rc = 2;
		free(out);
		apc_result_free(&r);
		return rc;
	}
	return render_tree(s, o, fmt, paths, npaths);
}

int
driver_main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof o);
	apc_lang lang = lang_from_env(argc, argv);
	if (argc < 2) {
		usage(stderr, lang);
		return 2;
	}
	/* stderr is unbuffered: diagnostics printed there (build, render) would cost a write per
	 * character. Buffer it; progress lines and the end of each file flush it. */
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	output_signals_install();
	if (command_first(argc, argv) != 0) {
		msg_print(stderr, lang, M_NO_COMMAND);
		usage(stderr, lang);
		return 2;
	}
	o.cmd = argv[1];
	o.cfg.lang = lang;
	o.format = "text";
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu > 0 ? (int)ncpu : 1;
	const char *env_jobs = getenv("APC_JOBS");   /* the default of -j (make tsan sets it) */
	if (env_jobs != NULL && *env_jobs != '\0') {
		char *end;
		long n = strtol(env_jobs, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 256)
			o.jobs = (int)n;
	}
	if (strcmp(o.cmd, "-h") == 0 || strcmp(o.cmd, "--help") == 0) {
		usage(stdout, lang);
		return 0;
	}
	if (strcmp(o.cmd, "--version") == 0) {
		printf("apc %s\n", APC_VERSION);
		return 0;
	}
	if (strcmp(o.cmd, "serve") == 0)
		return serve_main(argc - 1, argv + 1);
	if (strcmp(o.cmd, "fix") == 0) {   /* apc fix PATH... is apc check --fix PATH... */
		o.cmd = "check";
		o.fix = 1;
	}
	if (strcmp(o.cmd, "check") && strcmp(o.cmd, "build") && strcmp(o.cmd, "render")) {
		char sugg[96];
		msg_print(stderr, lang, M_UNKNOWN_COMMAND, o.cmd,
		    did_you_mean(lang, o.cmd, commands, sizeof commands / sizeof commands[0], "", sugg));
		usage(stderr, lang);
		return 2;
	}
	/* options may follow the paths: collect positional arguments across getopt runs */
	char **paths = xcalloc((size_t)argc, sizeof *paths);
	int npaths = 0, idx = 2;
	while (idx <= argc) {
		optind = 0;   /* glibc: start afresh; argv[idx - 1] stands for the program name */
		int r = parse_opts(argc - idx + 1, argv + idx - 1, &o);
		if (r < 0) {
			free(paths);
			config_free(&o.cfg);
			free(o.libdirs);
			return 2;
		}
		idx += r - 1;
		if (o.dashdash) {              /* after "--", every argument is a path */
			while (idx < argc)
				paths[npaths++] = argv[idx++];
			break;
		}
		if (idx >= argc)
			break;
		paths[npaths++] = argv[idx++];
	}
	if (check_given(&o) != 0 || stdin_take(&o, paths, npaths) != 0) {
		free(paths);
		config_free(&o.cfg);
		free(o.libdirs);
		return 2;
	}
	const char *datadir = getenv("APC_DATADIR");
	if (datadir == NULL || *datadir == '\0')
		datadir = APC_DATADIR;
	apc_session s;
	int rc;
	int opened = apc_session_open(&s, datadir, o.libdirs, o.nlibdirs) == 0;
	s.encoding = o.encoding;
	if (opened)
		config_cache_lang(s.conf, o.cfg.lang);
	if (opened && o.config != NULL)
		config_cache_use(s.conf, o.config);
	if (!opened)
		rc = 2;
	else if (strcmp(o.cmd, "check") == 0)
		rc = cmd_check(&s, &o, paths, npaths);
	else if (strcmp(o.cmd, "build") == 0)
		rc = cmd_build(&s, &o, paths, npaths);
	else
		rc = cmd_render(&s, &o, paths, npaths);
	apc_session_close(&s);
	free(o.stdin_bytes);
	free(paths);
	free(o.libdirs);
	config_free(&o.cfg);
	xmlCleanupParser();
	fflush(stderr);
	return rc;
}
