/*
 * driver.c: the command line as a function. The options (cli.c), standard input read once,
 * the session opened, then the command run: check and fix (cmdcheck.c), build and render
 * (cmdrender.c, pages.c), serve (serve.c). The pipeline runs over the files in threads
 * (batch.c). main.c only calls driver_main; tests may call it in-process.
 *
 *   apc check PATH...            compile and report ("-": standard input)
 *   apc build FILE [-o OUT]      write the normalized XML
 *   apc render FILE [-f html|fo|pdf] [-o OUT]     (no -f: -o's extension, else html)
 *   apc render PATH... [-f html|pdf] -o DIR
 *   apc serve [--listen ADDR]    the review page
 */
#include <errno.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "command.h"
#include "driver.h"
#include "serve.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

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

int
driver_main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof o);
	apc_lang lang = cli_lang(argc, argv);
	if (argc < 2) {
		cli_usage(stderr, lang);
		return 2;
	}
	/* stderr is unbuffered: diagnostics printed there (build, render) would cost a write per
	 * character. Buffer it; progress lines and the end of each file flush it. */
	setvbuf(stderr, NULL, _IOFBF, 1 << 16);
	output_signals_install();
	if (cli_command_first(argc, argv) != 0) {
		msg_print(stderr, lang, M_NO_COMMAND);
		cli_usage(stderr, lang);
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
		cli_usage(stdout, lang);
		return 0;
	}
	if (strcmp(o.cmd, "--version") == 0) {
		printf("apc %s\n", APC_VERSION);
		return 0;
	}
	if (strcmp(o.cmd, "serve") == 0)
		return serve_main(argc - 1, argv + 1, lang);
	if (strcmp(o.cmd, "fix") == 0) {   /* apc fix PATH... is apc check --fix PATH... */
		o.cmd = "check";
		o.fix = 1;
	}
	if (strcmp(o.cmd, "check") && strcmp(o.cmd, "build") && strcmp(o.cmd, "render")) {
		char sugg[96];
		msg_print(stderr, lang, M_UNKNOWN_COMMAND, o.cmd, cli_command_suggest(lang, o.cmd, sugg));
		cli_usage(stderr, lang);
		return 2;
	}
	/* options may follow the paths: collect positional arguments across getopt runs */
	char **paths = xcalloc((size_t)argc, sizeof *paths);
	int npaths = 0, idx = 2;
	while (idx <= argc) {
		optind = 0;   /* glibc: start afresh; argv[idx - 1] stands for the program name */
		int r = cli_parse(argc - idx + 1, argv + idx - 1, &o);
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
	if (cli_check_given(&o) != 0 || stdin_take(&o, paths, npaths) != 0) {
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
