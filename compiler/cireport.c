/*
 * cireport.c: the report formats CI servers read besides SARIF, fed by report.c one
 * diagnostic at a time (what is configured off or baselined never comes here):
 *
 *   gitlab  GitLab's code-quality report: a JSON array of issues, each with description,
 *           check_name (the rule id), fingerprint, severity (error major, warning minor, note
 *           info) and location (path, lines.begin, positions.begin with the column);
 *           `artifacts: reports: codequality`.
 *   junit   JUnit XML, one testcase per checked file (classname "apc", name its path): a file
 *           with an error, or a warning where werror applies, fails, its diagnostics the
 *           failure's text; one that could not be read is an error; other diagnostics are
 *           its system-out. `artifacts: reports: junit` in GitLab, test-report actions on
 *           GitHub.
 *
 * The fingerprint of a GitLab issue is the baseline's (rule, file, the text of the line and
 * its neighbours: it survives lines moving) and, GitLab wanting them unique, the count of the
 * same fingerprint before it in the run.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include "internal.h"

struct ci_report {
	report_format	 fmt;
	apc_lang	 lang;            /* junit: the words of its texts */
	FILE		*out;
	size_t		 items;           /* gitlab: issues written */
	char		**fps;            /* gitlab: fingerprints so far, for the repeat count */
	size_t		 nfps;
	/* junit: the testcases, spooled: the counts come first */
	FILE		*cases;
	char		*casebuf;
	size_t		 caselen, tests, failures, errors;
	strbuf		 failed, other;   /* junit: this file's diagnostics so far */
	int		 warned;          /* junit: this file has a warning (werror fails it) */
};

ci_report *
ci_open(FILE *out, report_format fmt, apc_lang lang)
{
	ci_report *c = xcalloc(1, sizeof *c);
	c->fmt = fmt;
	c->lang = lang;
	c->out = out;
	if (fmt == REPORT_GITLAB)
		fputs("[", out);
	else if ((c->cases = open_memstream(&c->casebuf, &c->caselen)) == NULL) {
		fprintf(stderr, "apc: out of memory\n");
		exit(2);
	}
	return c;
}

/* s as XML 1.0 text or attribute value: the five escapes, and what XML 1.0 cannot hold (C0
 * controls but tab and line feed, invalid UTF-8 such as a file name's stray byte, U+FFFE and
 * U+FFFF) as U+FFFD. */
static void
xml_text(FILE *f, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		int32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		switch (ch) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((ch < 0x20 && ch != '\t' && ch != '\n') || cp < 0 || cp == 0xFFFE || cp == 0xFFFF)
				fputs("\xEF\xBF\xBD", f);
			else
				fwrite(s + i, 1, k, f);
		}
		i += k ? k : 1;
	}
}

static const char *
strip_dot(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		for (path += 2; *path == '/'; path++)
			continue;
	return path;
}

void
ci_diag(ci_report *c, const char *path, const apc_diag *d, apc_sev sev, const char *rule,
    const char *msg, const char *fp)
{
	static const char *const gitlab_sev[] = { "info", "minor", "major" };
	unsigned line = d->line > 0 ? d->line : 1, col = d->line > 0 && d->col > 0 ? d->col : 1;

	if (c->fmt == REPORT_JUNIT) {
		strbuf *b = sev == APC_ERROR ? &c->failed : &c->other;
		sb_addf(b, "%s:%u:%u: %s: %s [%s]\n", path, line, col, report_sev_word(c->lang, sev), msg, rule);
		c->warned |= sev == APC_WARNING;
		return;
	}
	size_t seen = 0;
	for (size_t i = 0; i < c->nfps; i++)
		seen += strcmp(c->fps[i], fp) == 0;
	c->fps = xrealloc(c->fps, (c->nfps + 1) * sizeof *c->fps);
	c->fps[c->nfps++] = xstrdup(fp);
	fputs(c->items++ ? ",\n{\"description\":" : "\n{\"description\":", c->out);
	report_json_str(c->out, msg);
	fputs(",\"check_name\":", c->out);
	report_json_str(c->out, rule);
	fprintf(c->out, ",\"fingerprint\":\"%s-%zu\",\"severity\":\"%s\",\"location\":{\"path\":",
	    fp, seen, gitlab_sev[sev]);
	report_json_str(c->out, strip_dot(path));
	fprintf(c->out, ",\"lines\":{\"begin\":%u},\"positions\":{\"begin\":{\"line\":%u,\"column\":%u}}}}",
	    line, line, col);
}

void
ci_file(ci_report *c, const char *path, int unreadable, int werror)
{
	for (size_t i = 0; i < c->nfps; i++)    /* a fingerprint holds its file: none repeats across */
		free(c->fps[i]);
	c->nfps = 0;
	if (c->fmt != REPORT_JUNIT)
		return;
	/* under werror a warning fails the file: it joins the failure's text */
	if (werror && c->warned) {
		sb_add(&c->failed, c->other.s, c->other.len);
		c->other.len = 0;
		c->other.s[0] = '\0';
	}
	c->tests++;
	fputs("<testcase classname=\"apc\" name=\"", c->cases);
	xml_text(c->cases, path);
	fputs("\" file=\"", c->cases);
	xml_text(c->cases, strip_dot(path));
	fputs("\">", c->cases);
	if (unreadable) {
		c->errors++;
		fputs("<error message=\"", c->cases);
		xml_text(c->cases, msg_fmt(c->lang, M_CI_UNREADABLE));
		fputs("\"/>", c->cases);
	}
	if (c->failed.len > 0) {
		c->failures++;
		fputs("<failure message=\"", c->cases);
		xml_text(c->cases, msg_fmt(c->lang, M_CI_ERRORS_FOUND));
		fputs("\" type=\"apc\">", c->cases);
		xml_text(c->cases, c->failed.s);
		fputs("</failure>", c->cases);
	}
	if (c->other.len > 0) {
		fputs("<system-out>", c->cases);
		xml_text(c->cases, c->other.s);
		fputs("</system-out>", c->cases);
	}
	fputs("</testcase>\n", c->cases);
	c->failed.len = c->other.len = 0;
	c->warned = 0;
}

void
ci_close(ci_report *c, size_t run_failed)
{
	if (c->fmt == REPORT_GITLAB)
		fputs(c->items ? "\n]\n" : "]\n", c->out);
	else {
		fclose(c->cases);
		/* paths that do not exist, an apc.conf with errors: one more error, said */
		size_t errors = c->errors + (run_failed > c->errors ? 1 : 0);
		fprintf(c->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<testsuites name=\"apc\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\">\n"
		    "<testsuite name=\"apc\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\">\n",
		    c->tests + (errors > c->errors), c->failures, errors,
		    c->tests + (errors > c->errors), c->failures, errors);
		fwrite(c->casebuf, 1, c->caselen, c->out);
		if (errors > c->errors) {
			fputs("<testcase classname=\"apc\" name=\"run\"><error message=\"", c->out);
			xml_text(c->out, msg_fmt(c->lang, M_CI_RUN_FAILED));
			fputs("\"/></testcase>\n", c->out);
		}
		fputs("</testsuite>\n</testsuites>\n", c->out);
		free(c->casebuf);
	}
	for (size_t i = 0; i < c->nfps; i++)
		free(c->fps[i]);
	free(c->fps);
	free(c->failed.s);
	free(c->other.s);
	free(c);
}
