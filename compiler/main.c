/*
 * main.c: the command line. Options, then the pipeline (compile.c) over the files, in
 * parallel threads, with the results reported in path order whatever -j is.
 *
 *   apc check PATH...            compile and report
 *   apc build FILE [-o OUT]      write the normalized XML
 *   apc render FILE -f html|fo|pdf [-o OUT]
 *   apc render PATH... -f html|pdf -o DIR
 */
#include <errno.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif
#define APC_VERSION "0.1.0"

typedef struct opts {
	const char *cmd, *out, *format, *render_format;
	char **libdirs;
	size_t nlibdirs;
	int jobs, annotate, coverage, progress;
	apc_config cfg;
} opts;

static void
usage(FILE *f)
{
	fputs("usage: apc check [options] PATH...\n"
	      "       apc build [options] FILE [-o OUT]\n"
	      "       apc render [options] FILE -f html|fo|pdf [-o OUT]\n"
	      "       apc render [options] PATH... -f html|pdf -o DIR\n"
	      "options:\n"
	      "  --library DIR        add parent resolutions and agencies from DIR (repeatable)\n"
	      "  --format FMT         diagnostics as text, json or sarif (check)\n"
	      "  --lang vi|en         language of the messages (default: from LC_ALL/LC_MESSAGES/LANG)\n"
	      "  -j N                 check N files at a time (default: the number of cores)\n"
	      "  --werror             treat warnings as errors\n"
	      "  --disable ID         turn rule ID off (repeatable)\n"
	      "  --severity ID=LEVEL  set rule ID to error, warning, note or off\n"
	      "  --coverage           print how the program covers its parents' missions (check)\n"
	      "  --annotate           show the diagnostics in the rendered page (render)\n"
	      "  -f, --to FMT         output format of render: html, fo, pdf\n"
	      "  -o OUT               output file (build, render) or directory (render of many)\n"
	      "exit status: 0 no errors, 1 errors found, 2 the run failed\n", f);
}

static apc_lang
lang_from_env(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "vi", 2) == 0 ? APC_LANG_VI : APC_LANG_EN;
	}
	return APC_LANG_EN;
}

static int
parse_opts(int argc, char **argv, opts *o)
{
	enum { O_LIB = 256, O_FORMAT, O_LANG, O_WERROR, O_DISABLE, O_SEVERITY, O_COVERAGE, O_ANNOTATE, O_VERSION };
	static const struct option longs[] = {
		{ "library", required_argument, NULL, O_LIB },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "lang", required_argument, NULL, O_LANG },
		{ "werror", no_argument, NULL, O_WERROR },
		{ "disable", required_argument, NULL, O_DISABLE },
		{ "severity", required_argument, NULL, O_SEVERITY },
		{ "coverage", no_argument, NULL, O_COVERAGE },
		{ "annotate", no_argument, NULL, O_ANNOTATE },
		{ "to", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	o->cfg.lang = lang_from_env();
	o->format = "text";
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = n > 0 ? (int)n : 1;
	while ((c = getopt_long(argc, argv, "+f:j:o:h", longs, NULL)) != -1) {
		char *eq, *end;
		switch (c) {
		case O_LIB:
			o->libdirs = xrealloc(o->libdirs, (o->nlibdirs + 1) * sizeof *o->libdirs);
			o->libdirs[o->nlibdirs++] = optarg;
			break;
		case O_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") && strcmp(optarg, "sarif")) {
				fprintf(stderr, "apc: --format must be text, json or sarif, not %s\n", optarg);
				return -1;
			}
			o->format = optarg;
			break;
		case O_LANG:
			if (strcmp(optarg, "vi") && strcmp(optarg, "en")) {
				fprintf(stderr, "apc: --lang must be vi or en, not %s\n", optarg);
				return -1;
			}
			o->cfg.lang = strcmp(optarg, "vi") == 0 ? APC_LANG_VI : APC_LANG_EN;
			break;
		case O_WERROR:
			o->cfg.werror = 1;
			break;
		case O_DISABLE:
			if (config_set(&o->cfg, optarg, "off") != 0) {
				fprintf(stderr, "apc: --disable: no rule %s\n", optarg);
				return -1;
			}
			break;
		case O_SEVERITY:
			eq = strchr(optarg, '=');
			if (eq == NULL) {
				fprintf(stderr, "apc: --severity takes ID=error|warning|note|off\n");
				return -1;
			}
			*eq = '\0';
			if (config_set(&o->cfg, optarg, eq + 1) != 0) {
				fprintf(stderr, "apc: --severity: no rule %s or no level %s\n", optarg, eq + 1);
				return -1;
			}
			break;
		case O_COVERAGE:
			o->coverage = 1;
			break;
		case O_ANNOTATE:
			o->annotate = 1;
			break;
		case 'f':
			o->render_format = optarg;
			break;
		case 'j':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || n < 1 || n > 256) {
				fprintf(stderr, "apc: -j takes a number from 1 to 256\n");
				return -1;
			}
			o->jobs = (int)n;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case O_VERSION:
			printf("apc %s\n", APC_VERSION);
			exit(0);
		default:
			return -1;
		}
	}
	return optind;
}

/* ---- running many files in threads, reporting in order ---- */

typedef struct batch {
	const apc_session *s;
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
		apc_compile(b->s, b->files->v[i], NULL, 0, &b->res[i]);
		pthread_mutex_lock(&b->mu);
		b->done[i] = 1;
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
	}
}

static double
now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Compile every file with o->jobs threads; call each(i, result) in path order. */
static void
run_batch(const apc_session *s, const opts *o, path_list *files,
    void (*each)(void *, const apc_result *), void *arg)
{
	batch b = { .s = s, .o = o, .files = files };
	b.res = xcalloc(files->n ? files->n : 1, sizeof *b.res);
	b.done = xcalloc(files->n ? files->n : 1, 1);
	int jobs = o->jobs;
	if ((size_t)jobs > files->n)
		jobs = files->n ? (int)files->n : 1;
	b.window = (size_t)jobs * 8;
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.cv, NULL);
	pthread_t *th = xcalloc((size_t)jobs, sizeof *th);
	for (int i = 0; i < jobs; i++)
		pthread_create(&th[i], NULL, worker, &b);
	double t0 = now();
	int shown = 0;
	for (size_t i = 0; i < files->n; i++) {
		pthread_mutex_lock(&b.mu);
		while (!b.done[i])
			pthread_cond_wait(&b.cv, &b.mu);
		pthread_mutex_unlock(&b.mu);
		each(arg, &b.res[i]);
		apc_result_free(&b.res[i]);
		pthread_mutex_lock(&b.mu);
		b.printed = i + 1;
		pthread_cond_broadcast(&b.cv);
		pthread_mutex_unlock(&b.mu);
		if (o->progress && now() - t0 > 1.0) {
			fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, files->n, files->v[i]);
			shown = 1;
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
	for (int i = 0; i < jobs; i++)
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
} check_ctx;

static void
check_one(void *arg, const apc_result *r)
{
	check_ctx *c = arg;
	apc_config cfg;
	config_for_file(&c->o->cfg, r->src.path, &cfg);
	if (cfg.werror)
		c->werror = 1;
	report_file(c->rep, r, &cfg);
	if (c->o->coverage && r->doc)
		rules_coverage(stdout, r->doc, c->s->lib, cfg.lang);
	config_free(&cfg);
}

static int
cmd_check(const apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths == 0) {
		usage(stderr);
		return 2;
	}
	path_list files;
	size_t missing = walk_paths(paths, (size_t)npaths, &files);
	report_format f = strcmp(o->format, "json") == 0 ? REPORT_JSON :
	    strcmp(o->format, "sarif") == 0 ? REPORT_SARIF : REPORT_TEXT;
	int color = f == REPORT_TEXT && isatty(1) && getenv("NO_COLOR") == NULL;
	o->progress = isatty(2) && !isatty(1) ? 1 : isatty(2);
	check_ctx c = { report_open(stdout, f, o->cfg.lang, color), o, s, o->cfg.werror };
	run_batch(s, o, &files, check_one, &c);
	int rc = report_close(c.rep, c.werror);
	walk_free(&files);
	fflush(stdout);
	return missing ? 2 : rc;
}

/* Print one file's diagnostics as text on stderr (build, render). Returns its status. */
static int
report_to_stderr(const opts *o, const apc_result *r)
{
	apc_config cfg;
	config_for_file(&o->cfg, r->src.path, &cfg);
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
		fprintf(stderr, "apc build takes one FILE\n");
		return 2;
	}
	apc_result r;
	apc_compile(s, paths[0], NULL, 0, &r);
	int rc = report_to_stderr(o, &r);
	if (r.doc && !r.failed) {
		size_t len;
		char *xml = doc_to_string(r.doc, &len), *err = NULL;
		if (file_write_atomic(o->out ? o->out : "-", xml, len, &err) != 0) {
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

static int
cmd_render(apc_session *s, opts *o, char **paths, int npaths)
{
	const char *fmt = o->render_format ? o->render_format : "html";
	if (strcmp(fmt, "html") && strcmp(fmt, "fo") && strcmp(fmt, "pdf")) {
		fprintf(stderr, "apc: render -f takes html, fo or pdf, not %s\n", fmt);
		return 2;
	}
	if (npaths == 0) {
		usage(stderr);
		return 2;
	}
	s->render = render_open(s->datadir);
	if (s->render == NULL)
		return 2;
	struct stat st;
	int many = npaths > 1 || (stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode));
	if (!many) {
		apc_result r;
		apc_compile(s, paths[0], NULL, 0, &r);
		int rc = report_to_stderr(o, &r);
		if (r.doc && !r.failed) {
			char *err = NULL, *out = o->out ? xstrdup(o->out) : NULL;
			if (out == NULL) {
				const char *dot = strrchr(paths[0], '.');
				size_t base = dot && !strchr(dot, '/') ? (size_t)(dot - paths[0]) : strlen(paths[0]);
				out = xasprintf("%.*s%s", (int)base, paths[0], ext_of(fmt));
			}
			if (render_doc(s->render, r.doc, fmt, o->annotate ? &r.diags : NULL, o->cfg.lang, out, &err) != 0) {
				fprintf(stderr, "apc: render: %s\n", err ? err : "failed");
				free(err);
				rc = 2;
			}
			free(out);
		} else
			rc = 2;
		apc_result_free(&r);
		return rc;
	}
	fprintf(stderr, "apc: rendering many files is not ready yet\n");
	return 2;
}

int
main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof o);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	o.cmd = argv[1];
	if (strcmp(o.cmd, "-h") == 0 || strcmp(o.cmd, "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(o.cmd, "--version") == 0) {
		printf("apc %s\n", APC_VERSION);
		return 0;
	}
	if (strcmp(o.cmd, "check") && strcmp(o.cmd, "build") && strcmp(o.cmd, "render")) {
		fprintf(stderr, "apc: unknown command %s\n", o.cmd);
		usage(stderr);
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
		if (idx >= argc)
			break;
		paths[npaths++] = argv[idx++];
	}
	const char *datadir = getenv("APC_DATADIR");
	if (datadir == NULL || *datadir == '\0')
		datadir = APC_DATADIR;
	apc_session s;
	int rc;
	if (apc_session_open(&s, datadir, o.libdirs, o.nlibdirs) != 0)
		rc = 2;
	else if (strcmp(o.cmd, "check") == 0)
		rc = cmd_check(&s, &o, paths, npaths);
	else if (strcmp(o.cmd, "build") == 0)
		rc = cmd_build(&s, &o, paths, npaths);
	else
		rc = cmd_render(&s, &o, paths, npaths);
	apc_session_close(&s);
	free(paths);
	free(o.libdirs);
	config_free(&o.cfg);
	xmlCleanupParser();
	return rc;
}
