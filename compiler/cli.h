/*
 * cli.h: the one table of apc's options (cli.c), for every command: getopt_long's table of a
 * command is made from it. Included by command.h (check, fix, build, render) and serve.c.
 */
#ifndef APC_CLI_H
#define APC_CLI_H

#include <getopt.h>
#include "apc.h"

/* getopt_long's val of the long options without a letter; -f, -j, -o and -h are their letter. */
enum cli_id {
	CLI_LIB = 256, CLI_FORMAT, CLI_LANG, CLI_WERROR, CLI_DISABLE, CLI_SEVERITY, CLI_COVERAGE,
	CLI_ANNOTATE, CLI_VERSION, CLI_ENCODING, CLI_DOC_URL, CLI_FIX, CLI_BASELINE,
	CLI_WRITE_BASELINE, CLI_STDIN_NAME, CLI_CONFIG, CLI_SINCE,
	CLI_LISTEN, CLI_ALLOW_HOST, CLI_MAX_BODY, CLI_QUEUE, CLI_TIMEOUT,
};

/* Which table an option is in: the commands that compile files (check, fix, build, render
 * share one and refuse what is not theirs after reading it), or serve. */
enum { CLI_RUN = 1, CLI_SERVE = 2, CLI_ALL = CLI_RUN | CLI_SERVE };

#define CLI_MAX 40    /* entries of a getopt table, with its closing zero entry */

/* getopt_long's table of the options in scope, ended by a zero entry, into out. */
void cli_longs(unsigned scope, struct option out[CLI_MAX]);
/* getopt_long (opterr 0, optstring starting with ':') returned c, ':' or '?': say on stderr in
 * lang what is wrong with argv[optind - 1], with the nearest option of scope as a suggestion. */
void cli_option_error(apc_lang lang, unsigned scope, int c, char *const *argv);

#endif
