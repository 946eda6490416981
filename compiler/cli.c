/*
 * cli.c: apc's command line read: the language of the messages, the options of check, fix,
 * build and render (a mistyped command, option or rule id gets the nearest as a suggestion),
 * and the options a command does not take refused. The commands themselves are in
 * cmdcheck.c and cmdrender.c; driver.c runs them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "command.h"


/* apc --help: the text is messages.def's, in the run's language. */
void
cli_usage(FILE *f, apc_lang lang)
{
	msg_print(f, lang, M_USAGE);
}

/* The language of the messages: --lang (wherever it stands, before "--"), else the locale.
 * Read before the options are, so that a usage error is in the language asked for. */
apc_lang
cli_lang(int argc, char **argv)
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

/* Every option of every command (getopt_long's tables are made from it). scope: the table it
 * is in; given: its GIVEN_* bit when only some of the commands that compile files take it, and
 * takers, those commands (the others refuse it: cli_check_given). */
static const struct cli_option {
	const char *name;
	int has_arg, id;
	unsigned scope, given;
	const char *takers;
} options[] = {
	/* every command's */
	{ "library", required_argument, CLI_LIB, CLI_ALL, 0, NULL },
	{ "jobs", required_argument, 'j', CLI_ALL, 0, NULL },
	{ "help", no_argument, 'h', CLI_ALL, 0, NULL },
	{ "lang", required_argument, CLI_LANG, CLI_ALL, 0, NULL },
	/* check's, fix's, build's and render's */
	{ "werror", no_argument, CLI_WERROR, CLI_RUN, 0, NULL },
	{ "disable", required_argument, CLI_DISABLE, CLI_RUN, 0, NULL },
	{ "severity", required_argument, CLI_SEVERITY, CLI_RUN, 0, NULL },
	{ "stdin-filename", required_argument, CLI_STDIN_NAME, CLI_RUN, 0, NULL },
	{ "config", required_argument, CLI_CONFIG, CLI_RUN, 0, NULL },
	{ "encoding", required_argument, CLI_ENCODING, CLI_RUN, 0, NULL },
	{ "version", no_argument, CLI_VERSION, CLI_RUN, 0, NULL },
	/* serve's */
	{ "listen", required_argument, CLI_LISTEN, CLI_SERVE, 0, NULL },
	{ "allow-host", required_argument, CLI_ALLOW_HOST, CLI_SERVE, 0, NULL },
	{ "max-body", required_argument, CLI_MAX_BODY, CLI_SERVE, 0, NULL },
	{ "queue", required_argument, CLI_QUEUE, CLI_SERVE, 0, NULL },
	{ "timeout", required_argument, CLI_TIMEOUT, CLI_SERVE, 0, NULL },
	/* only some of check, fix, build and render take them */
	{ "format", required_argument, CLI_FORMAT, CLI_RUN, GIVEN_FORMAT, "check" },
	{ "coverage", no_argument, CLI_COVERAGE, CLI_RUN, GIVEN_COVERAGE, "check" },
	{ "since", required_argument, CLI_SINCE, CLI_RUN, GIVEN_SINCE, "check" },
	{ "fix", no_argument, CLI_FIX, CLI_RUN, GIVEN_FIX, "check" },
	{ "baseline", required_argument, CLI_BASELINE, CLI_RUN, GIVEN_BASELINE, "check" },
	{ "write-baseline", required_argument, CLI_WRITE_BASELINE, CLI_RUN, GIVEN_WRITE_BASELINE, "check" },
	{ "doc-url", required_argument, CLI_DOC_URL, CLI_RUN, GIVEN_DOC_URL, "check" },
	{ "annotate", no_argument, CLI_ANNOTATE, CLI_RUN, GIVEN_ANNOTATE, "render" },
	{ "to", required_argument, 'f', CLI_RUN, GIVEN_TO, "render" },
	{ "output", required_argument, 'o', CLI_RUN, GIVEN_OUT, "build, render" },
};
#define NOPTIONS (sizeof options / sizeof options[0])
_Static_assert(NOPTIONS < CLI_MAX, "CLI_MAX holds every option and the closing entry");

void
cli_longs(unsigned scope, struct option out[CLI_MAX])
{
	size_t n = 0;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].scope & scope)
			out[n++] = (struct option){ options[i].name, options[i].has_arg, NULL, options[i].id };
	out[n] = (struct option){ NULL, 0, NULL, 0 };
}

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
option_suggest(apc_lang lang, unsigned scope, const char *arg, char buf[96])
{
	const char *names[NOPTIONS];
	size_t n = 0;
	for (size_t i = 0; i < NOPTIONS; i++)
		if (options[i].scope & scope)
			names[n++] = options[i].name;
	while (*arg == '-')
		arg++;
	char word[64];
	snprintf(word, sizeof word, "%.*s", (int)strcspn(arg, "="), arg);
	return did_you_mean(lang, word, names, n, "--", buf);
}

void
cli_option_error(apc_lang lang, unsigned scope, int c, char *const *argv)
{
	char sugg[96];
	if (c == ':')
		msg_print(stderr, lang, M_OPTION_NEEDS_ARGUMENT, argv[optind - 1]);
	else if (optopt != 0 && optopt < 256)
		msg_print(stderr, lang, M_UNKNOWN_SHORT_OPTION, optopt);
	else
		msg_print(stderr, lang, M_UNKNOWN_OPTION, argv[optind - 1],
		    option_suggest(lang, scope, argv[optind - 1], sugg));
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

/* " (did you mean check?)" for a mistyped command, or "". */
const char *
cli_command_suggest(apc_lang lang, const char *cmd, char buf[96])
{
	return did_you_mean(lang, cmd, commands, sizeof commands / sizeof commands[0], "", buf);
}

/* Options may come before the command (apc --lang vi check FILE): move the command to
 * argv[1], the options after it. Returns 0, or -1 when no command is named. */
int
cli_command_first(int argc, char **argv)
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
			for (size_t k = 0; k < NOPTIONS; k++)
				if ((options[k].scope & CLI_RUN) && strcmp(a + 2, options[k].name) == 0)
					takes = options[k].has_arg == required_argument;
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
int
cli_report_format(const char *name)
{
	static const char *const names[] = { "text", "json", "sarif", "gitlab", "junit" };
	static const report_format fmts[] = { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITLAB, REPORT_JUNIT };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)fmts[i];
	return -1;
}

int
cli_parse(int argc, char **argv, opts *o)
{
	int c;
	long n;
	const char *lastarg = NULL;
	char sugg[96];
	struct option longs[CLI_MAX];
	cli_longs(CLI_RUN, longs);
	opterr = 0;      /* the messages below say what is wrong, and suggest */
	while ((c = getopt_long(argc, argv, "+:f:j:o:h", longs, NULL)) != -1) {
		char *eq, *end;
		lastarg = optarg;
		for (size_t i = 0; i < NOPTIONS; i++)      /* refused later if cmd does not take it */
			if (options[i].id == c)
				o->given |= options[i].given;
		switch (c) {
		case CLI_LIB:
			o->libdirs = xrealloc(o->libdirs, (o->nlibdirs + 1) * sizeof *o->libdirs);
			o->libdirs[o->nlibdirs++] = optarg;
			break;
		case CLI_FORMAT:
			if (cli_report_format(optarg) < 0) {
				msg_print(stderr, o->cfg.lang, M_BAD_FORMAT, optarg);
				return -1;
			}
			o->format = optarg;
			break;
		case CLI_LANG:
			if (strcmp(optarg, "vi") && strcmp(optarg, "en")) {
				msg_print(stderr, o->cfg.lang, M_BAD_LANG, optarg);
				return -1;
			}
			o->cfg.lang = strcmp(optarg, "vi") == 0 ? APC_LANG_VI : APC_LANG_EN;
			o->cfg.lang_set = 1;
			break;
		case CLI_WERROR:
			o->cfg.werror = 1;
			break;
		case CLI_DISABLE:
			if (config_set(&o->cfg, optarg, "off") != 0) {
				msg_print(stderr, o->cfg.lang, M_DISABLE_NO_RULE, optarg, rule_suggest(o->cfg.lang, optarg, sugg));
				return -1;
			}
			break;
		case CLI_SEVERITY:
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
		case CLI_BASELINE:
			o->baseline = optarg;
			break;
		case CLI_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case CLI_FIX:
			o->fix = 1;
			break;
		case CLI_SINCE:
			o->since = optarg;
			break;
		case CLI_CONFIG:
			o->config = optarg;
			break;
		case CLI_STDIN_NAME:
			if (*optarg == '\0') {
				msg_print(stderr, o->cfg.lang, M_STDIN_NAME_EMPTY);
				return -1;
			}
			o->stdin_name = optarg;
			break;
		case CLI_DOC_URL:
			o->doc_url = optarg;
			break;
		case CLI_COVERAGE:
			o->coverage = 1;
			break;
		case CLI_ANNOTATE:
			o->annotate = 1;
			break;
		case CLI_ENCODING:
			if (enc_lookup(optarg) == ENC_NONE) {
				msg_print(stderr, o->cfg.lang, M_BAD_ENCODING, optarg);
				return -1;
			}
			o->encoding = optarg;
			break;
		case 'f':
			o->render_format = optarg;
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
			break;
		case 'h':
			cli_usage(stdout, o->cfg.lang);
			exit(0);
		case CLI_VERSION:
			printf("apc %s\n", APC_VERSION);
			exit(0);
		default:
			cli_option_error(o->cfg.lang, CLI_RUN, c, argv);
			return -1;
		}
	}
	/* getopt stopped after "--" (not an option's argument that reads "--") */
	if (optind > 1 && optind <= argc && strcmp(argv[optind - 1], "--") == 0 && argv[optind - 1] != lastarg)
		o->dashdash = 1;
	return optind;
}

/* Refuse the options cmd does not take (they used to be accepted and ignored). 0 or -1. */
int
cli_check_given(const opts *o)
{
	for (unsigned bit = 1; bit <= GIVEN_LAST; bit <<= 1)      /* said in the bits' order */
		for (size_t i = 0; i < NOPTIONS; i++)
			if ((o->given & bit) && options[i].given == bit && !strstr(options[i].takers, o->cmd)) {
				/* named as the usage names it: -o, -f, --format */
				char *name = options[i].id < 256 ? xasprintf("-%c", options[i].id) :
				    xasprintf("--%s", options[i].name);
				msg_print(stderr, o->cfg.lang, M_OPTION_NOT_OF_COMMAND, o->cmd, name, options[i].takers);
				free(name);
				return -1;
			}
	return 0;
}
