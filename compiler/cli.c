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
			if (cli_report_format(optarg) < 0) {
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
			cli_usage(stdout, o->cfg.lang);
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
int
cli_check_given(const opts *o)
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
