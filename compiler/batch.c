/*
 * batch.c: the pipeline (compile.c) over the paths of the command line: one path compiled
 * ("-" is standard input, read once by driver.c), its configuration read, its diagnostics
 * printed; and many files compiled in threads (the worker pool), their results handed back in
 * path order whatever -j is, with a progress line on a terminal.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "command.h"

#define STDIN_SHOWN "<stdin>"    /* its name without --stdin-filename, as gcc prints it */

/* The name a path of the command line is compiled and configured under. */
const char *
batch_path_shown(const opts *o, const char *path)
{
	return strcmp(path, "-") != 0 ? path : o->stdin_name ? o->stdin_name : STDIN_SHOWN;
}

typedef void (*compile_fn)(const apc_session *, const char *, const char *, size_t, apc_result *);

/* Compile one path of the command line with fn; "-" is standard input under its name. */
static void
compile_path(compile_fn fn, const apc_session *s, const opts *o, const char *path, apc_result *r)
{
	if (strcmp(path, "-") == 0)
		fn(s, batch_path_shown(o, path), o->stdin_bytes, o->stdin_len, r);
	else
		fn(s, path, NULL, 0, r);
}

void
batch_compile(const apc_session *s, const opts *o, const char *path, apc_result *r)
{
	compile_path(apc_compile, s, o, path, r);
}

/* Read the configuration that applies to each of v[0..n) (--config, or the apc.conf files
 * above each, once per directory) before anything is checked: its errors (said on stderr)
 * fail the run. Returns how many. */
size_t
batch_config_scan(const apc_session *s, const opts *o, char *const *v, size_t n)
{
	size_t errs = o->config != NULL ? config_errors(s->conf, "-") : 0;
	for (size_t i = 0; i < n; i++)
		errs = config_errors(s->conf, batch_path_shown(o, v[i]));
	return errs;
}

/* Print one file's diagnostics as text on stderr (build, render). Returns its status. */
int
batch_report_stderr(const apc_session *s, const opts *o, const apc_result *r)
{
	apc_config cfg;
	config_for_file(s->conf, &o->cfg, r->src.path, &cfg);
	report *rep = report_open(stderr, REPORT_TEXT, cfg.lang, isatty(2) && getenv("NO_COLOR") == NULL);
	report_file(rep, r, &cfg);
	int rc = report_close(rep, cfg.werror);
	config_free(&cfg);
	return rc;
}

/* ---- running many files in threads, reporting in order ---- */

typedef struct batch {
	const apc_session *s;
	compile_fn compile;                           /* apc_compile, or apc_compile_facts */
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
		compile_path(b->compile, b->s, b->o, b->files->v[i], &b->res[i]);
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
run(compile_fn compile, const apc_session *s, const opts *o, path_list *files,
    void (*work)(void *, size_t, apc_result *), void (*each)(void *, const apc_result *), void *arg)
{
	batch b = { .s = s, .compile = compile, .o = o, .files = files, .work = work, .warg = arg };
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
			compile_path(compile, s, o, files->v[i], &b.res[i]);
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

void
batch_run(const apc_session *s, const opts *o, path_list *files,
    void (*work)(void *, size_t, apc_result *), void (*each)(void *, const apc_result *), void *arg)
{
	run(apc_compile, s, o, files, work, each, arg);
}

void
batch_scan(const apc_session *s, const opts *o, path_list *files,
    void (*each)(void *, const apc_result *), void *arg)
{
	run(apc_compile_facts, s, o, files, NULL, each, arg);
}
