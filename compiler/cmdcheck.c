/*
 * cmdcheck.c: apc check PATH... (and apc fix, which is check --fix): compile every document
 * under the paths and report them in one stream (text, JSON, SARIF, GitLab, JUnit); --fix
 * applies the machine-applicable fixes first; --since REV narrows the files to the changed
 * ones and those that name them (since.c asks git).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "command.h"
#include "since.h"

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
	if ((c->since = since_open(o->since, o->cfg.lang, &err)) == NULL) {
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
	batch_scan(s, o, &changed, since_symbol, c->since);
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

int
cmd_check(const apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths == 0) {
		cli_usage(stderr, o->cfg.lang);
		return 2;
	}
	path_list files;
	size_t missing = walk_paths(paths, (size_t)npaths, o->cfg.lang, &files);
	/* the baseline written is check's output: never one of the files it reads */
	for (size_t i = 0; o->write_baseline != NULL && i < files.n; i++)
		if (output_same_file(o->write_baseline, files.v[i])) {
			char *p = utf8_printable(o->write_baseline, strlen(o->write_baseline));
			msg_print(stderr, o->cfg.lang, M_BASELINE_IS_INPUT, p);
			free(p);
			walk_free(&files);
			return 2;
		}
	report_format f = (report_format)cli_report_format(o->format);
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
	size_t conf_errs = batch_config_scan(s, o, files.v, files.n), found = files.n;
	if (conf_errs > 0)      /* a configuration with errors: nothing is checked under it */
		missing += conf_errs;
	else if (o->since != NULL && since_select(s, o, &files, &c) != 0)
		missing++;
	else
		batch_run(s, o, &files, o->fix ? fix_work : c.since ? since_work : NULL, check_one, &c);
	if (c.since != NULL && files.n == 0 && missing == 0)
		for (int i = 0; i < npaths; i++)
			msg_print(stderr, o->cfg.lang, M_SINCE_NOTHING_CHANGED, paths[i], o->since);
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
