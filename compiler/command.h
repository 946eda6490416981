/*
 * command.h: what the files of the command line share: driver.c (driver_main), cli.c (the
 * options), batch.c (the pipeline over the files, in threads), cmdcheck.c (check, fix),
 * cmdrender.c (build, render) and pages.c (rendered pages, a tree of them with its index).
 * Included by those files only; main.c and tests include driver.h.
 *
 * Calls point one way: driver -> cli, cmdcheck, cmdrender; cmdrender -> pages; the commands
 * and pages -> batch. batch.c and cli.c call none of the others.
 */
#ifndef APC_COMMAND_H
#define APC_COMMAND_H

#include <stdio.h>
#include "cli.h"
#include "internal.h"

#define APC_VERSION "0.1.0"

/* The command line, parsed. The strings point into argv; libdirs and stdin_bytes are owned
 * (driver_main frees them), and so is cfg (config_free). */
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
enum { GIVEN_OUT = 1, GIVEN_TO = 2, GIVEN_FORMAT = 4, GIVEN_COVERAGE = 8, GIVEN_ANNOTATE = 16, GIVEN_SINCE = 32,
	GIVEN_FIX = 64, GIVEN_BASELINE = 128, GIVEN_WRITE_BASELINE = 256, GIVEN_DOC_URL = 512, GIVEN_LAST = GIVEN_DOC_URL };

/* cli.c: the options */
void cli_usage(FILE *f, apc_lang lang);
apc_lang cli_lang(int argc, char **argv);
int cli_command_first(int argc, char **argv);
const char *cli_command_suggest(apc_lang lang, const char *cmd, char buf[96]);
int cli_report_format(const char *name);
int cli_parse(int argc, char **argv, opts *o);
int cli_check_given(const opts *o);

/* batch.c: one path of the command line compiled, and many in threads */
const char *batch_path_shown(const opts *o, const char *path);
void batch_compile(const apc_session *s, const opts *o, const char *path, apc_result *r);
size_t batch_config_scan(const apc_session *s, const opts *o, char *const *v, size_t n);
int batch_report_stderr(const apc_session *s, const opts *o, const apc_result *r);
/* Compile every file with o->jobs threads; work(arg, i, result) in the worker after compiling
 * (may be NULL); each(arg, result) in path order on the calling thread. */
void batch_run(const apc_session *s, const opts *o, path_list *files,
    void (*work)(void *, size_t, apc_result *), void (*each)(void *, const apc_result *), void *arg);
/* batch_run's threads and order with apc_compile_facts: what a run must know of every file
 * before it checks any (symbols and parents), for the price of the parse. */
void batch_scan(const apc_session *s, const opts *o, path_list *files,
    void (*each)(void *, const apc_result *), void *arg);

/* cmdcheck.c, cmdrender.c: the commands; each returns the exit status */
int cmd_check(const apc_session *s, opts *o, char **paths, int npaths);
int cmd_build(const apc_session *s, opts *o, char **paths, int npaths);
int cmd_render(apc_session *s, opts *o, char **paths, int npaths);

/* pages.c: rendered pages */
struct links;
const char *pages_ext(const char *fmt);
apc_lang pages_lang(const opts *o);
int pages_render_one(const apc_session *s, const opts *o, const apc_result *r, const char *fmt,
    const char *dest, const struct links *pages, const char *page, char **err);
int pages_render_tree(const apc_session *s, const opts *o, const char *fmt, char **paths, int npaths);

#endif
