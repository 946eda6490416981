/*
 * report.c: diagnostics out. One reporter per run: it applies the user's configuration to
 * each diagnostic (severity override, APC_OFF drops it), prints it as text with the source
 * line and a caret, as one JSON object or as a SARIF 2.1.0 log, counts by severity and
 * decides the exit status. Its state is the struct report passed in, never global.
 *
 * main calls report_file once per file, in path order, from one thread. JSON and SARIF are
 * streamed as files arrive, so memory stays flat however many files a run checks: JSON
 * writes "diagnostics" directly and spools the "files" array to a temporary file; SARIF
 * writes "results" directly and the rules that appeared (a few dozen at most) at the end.
 * JSON keys are unordered, so the document is complete and valid either way.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "facts.h"
#include "internal.h"

#ifndef APC_VERSION
#define APC_VERSION "0.1.0"
#endif
#ifndef APC_DATADIR
#define APC_DATADIR "/usr/local/share/apc"
#endif
/* Where the manual rendered to HTML (apc.1.html, `make doc`) is: the rules' helpUri. */
#ifndef APC_DOCDIR
#define APC_DOCDIR APC_DATADIR "/build/doc"
#endif
#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A source line longer than SHOW_MAX characters is shown as SHOW_WIN characters around the
 * column, SHOW_LEAD of them before it. */
#define SHOW_MAX   120
#define SHOW_WIN   100
#define SHOW_LEAD  40

#define C_BOLD    "\033[1m"
#define C_RESET   "\033[0m"
#define C_CARET   "\033[1;32m"

struct report {
	FILE		*out;
	report_format	 fmt;
	apc_lang	 lang;
	int		 color;
	size_t		 files, failed;
	int		 docx;		/* a .docx was reported: positions are paragraphs */
	size_t		 errors, warnings, notes;
	size_t		 werror_warnings;  /* warnings in files whose configuration sets werror */
	size_t		 nitems;           /* JSON diagnostics or SARIF results written so far */
	/* JSON: the "files" array, spooled to a temporary file (or memory). */
	FILE		*spool;
	char		*spoolbuf;
	size_t		 spoollen;
	int		 spoolmem;
	size_t		 nspooled;
	/* SARIF: rules in order of first appearance; ruleidx maps catalogue -> rules[]. */
	long		*ruleidx;
	size_t		*rules, nrules;
	char		*cwd;
	char		*docurl;
	/* --coverage: the library parents are looked up in; SARIF spools it for the run's
	 * property bag. */
	const struct apc_library *covlib;
	/* --baseline (findings not counted), --write-baseline (the findings, spooled) */
	baseline	*bl;
	strbuf		*blwrite;
	char		*blpath;
	size_t		 baselined;
	FILE		*covspool;
	char		*covbuf;
	size_t		 covlen, ncov;
	ci_report	*ci;		/* --format gitlab or junit (cireport.c) */
	const char	*recmsg;	/* the note of the record being reported (report_record) */
};

static const char *const sev_name[] = { "note", "warning", "error" };
/* The severity words of the text format, as the GNU tools' Vietnamese catalogues have them;
 * JSON and SARIF always say sev_name. */
static const char *const sev_word[2][3] = {
	[APC_LANG_VI] = { "ghi chú", "cảnh báo", "lỗi" },
	[APC_LANG_EN] = { "note", "warning", "error" },
};
const char *
report_sev_word(apc_lang lang, apc_sev sev)
{
	return sev_word[lang][sev];
}

/* The fix in words (messages.def), and how many other places it changes; malloc'd. */
static char *
fix_says(apc_lang L, const apc_fix *x)
{
	strbuf b = { 0 };
	size_t more = 0;
	if (x->old != NULL && *x->old == '\0')
		sb_addf(&b, msg_fmt(L, M_FIX_ADD), x->text);
	else if (x->old != NULL && *x->text == '\0')
		sb_addf(&b, msg_fmt(L, M_FIX_DELETE), x->old);
	else if (x->old != NULL)
		sb_addf(&b, msg_fmt(L, M_FIX_REPLACE), x->old, x->text);
	else
		sb_addf(&b, msg_fmt(L, M_FIX_INSERT), x->text);
	for (const apc_fix *n = x->next; n != NULL; n = n->next)
		more++;
	if (more > 0)
		sb_addf(&b, msg_fmt(L, M_FIX_MORE), more);
	return sb_take(&b);
}
static const char *const sev_color[] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };

/* ---- UTF-8 ---- */

/* A code point of text that may be invalid UTF-8 (utf8_decode); U+FFFD for an invalid byte. */
static size_t
report_decode(const char *s, size_t n, uint32_t *cp)
{
	int32_t c;
	size_t k = utf8_decode(s, n, &c);
	*cp = c < 0 ? 0xFFFD : (uint32_t)c;
	return k;
}

/* Columns a code point takes on a terminal: 0 for combining marks, 2 for wide characters.
 * A fixed table, so that the caret does not depend on the locale. */
static int
u8_width(uint32_t c)
{
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
	    (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0xFEFF)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/* Print text for a terminal: control characters (but tabs) and bidirectional controls become
 * '?', invalid UTF-8 U+FFFD (utf8_printable). */
static void
put_clean(FILE *f, const char *s, size_t n)
{
	char *p = utf8_printable(s, n);
	fputs(p, f);
	free(p);
}

/* ---- JSON ---- */

static void
json_strn(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t i, k;

	putc('"', f);
	for (i = 0; i < n; i += k) {
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' && p[i] != '\\') {
			putc(p[i], f);
			k = 1;
			continue;
		}
		k = report_decode((const char *)p + i, n - i, &c);
		switch (c) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			/* hidden and bidirectional characters escaped too (a fix that deletes one
			 * names it): a log shown on a terminal must not hide or reorder its text */
			if (c < 0x20 || c == 0x7F || c == 0x2028 || c == 0x2029 || utf8_hidden((int32_t)c, NULL))
				fprintf(f, "\\u%04X", (unsigned)c);
			else if (c == 0xFFFD && k == 1)
				fputs("\\uFFFD", f);
			else
				fwrite(p + i, 1, k, f);
			break;
		}
	}
	putc('"', f);
}

/* A JSON string, or null for NULL. */
static void
json_str(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("null", f);
	else
		json_strn(f, s, strlen(s));
}

void
report_json_str(FILE *f, const char *s)
{
	json_str(f, s);
}

/* ---- the program's facts (facts.c), in its JSON entry ---- */

/* Its symbol (canonical, else as written), date and parents (what it implements, in order). */
static void
json_facts(FILE *f, const facts *fa)
{
	const char *sym = NULL;
	int first = 1;

	if (fa != NULL)
		sym = fa->symbol != NULL && *fa->symbol ? fa->symbol :
		    fa->symbol_text != NULL && *fa->symbol_text ? fa->symbol_text : NULL;
	fputs(",\"symbol\":", f);
	json_str(f, sym);
	fputs(",\"date\":", f);
	json_str(f, fa != NULL && fa->date[0] ? fa->date : NULL);
	fputs(",\"parents\":[", f);
	for (size_t i = 0; fa != NULL && i < fa->ncites; i++) {
		if (fa->cites[i].role != CITE_PARENT)
			continue;
		fputs(first ? "{\"ref\":" : ",{\"ref\":", f);
		json_str(f, fa->cites[i].ref);
		fputs(",\"date\":", f);
		json_str(f, fa->cites[i].date);
		putc('}', f);
		first = 0;
	}
	putc(']', f);
}

/* ---- paths as SARIF URIs ---- */

/* The artifact URI of path: relative to the working directory (*based = 1) when it can be,
 * else an absolute file URI. Returns malloc'd. */
static char *
artifact_uri(const report *r, const char *path, int *based)
{
	strbuf b = { 0 };
	size_t n;

	*based = 1;
	if (path[0] == '/') {
		n = r->cwd != NULL ? strlen(r->cwd) : 0;
		if (n == 1)
			path++;
		else if (n > 1 && strncmp(path, r->cwd, n) == 0 && path[n] == '/')
			path += n + 1;
		else {
			*based = 0;
			sb_adds(&b, "file://");
		}
	}
	if (*based)
		while (path[0] == '.' && path[1] == '/')
			for (path += 2; *path == '/'; path++)
				continue;
	uri_encode(&b, path);
	return sb_take(&b);
}

/* ---- opening ---- */

report *
report_open(FILE *out, report_format fmt, apc_lang lang, int color)
{
	report *r = xcalloc(1, sizeof *r);
	char buf[4096];
	const char *url;
	strbuf b = { 0 };

	r->out = out;
	r->fmt = fmt;
	r->lang = lang == APC_LANG_VI ? APC_LANG_VI : APC_LANG_EN;
	r->color = color && fmt == REPORT_TEXT;

	switch (fmt) {
	case REPORT_JSON:
		if ((r->spool = tmpfile()) == NULL) {
			r->spool = open_memstream(&r->spoolbuf, &r->spoollen);
			r->spoolmem = 1;
		}
		if (r->spool == NULL) {
			fprintf(stderr, "apc: cannot make a temporary file: %s\n", strerror(errno));
			exit(2);
		}
		fputs("{\"version\":1,\"tool\":\"apc\",\"diagnostics\":[", out);
		break;
	case REPORT_SARIF:
		if (getcwd(buf, sizeof buf) != NULL)
			r->cwd = xstrdup(buf);
		r->ruleidx = xmalloc(catalog_count * sizeof *r->ruleidx);
		for (size_t i = 0; i < catalog_count; i++)
			r->ruleidx[i] = -1;
		r->rules = xmalloc(catalog_count * sizeof *r->rules);
		/* Where the manual is published: --doc-url (report_doc_url), else $APC_DOC_URL,
		 * else the HTML manual `make doc` writes (and an install puts beside apc), the
		 * Vietnamese one (apc.vi.1) when the run speaks Vietnamese. */
		if ((url = getenv("APC_DOC_URL")) != NULL && *url != '\0')
			r->docurl = xstrdup(url);
		else {
			sb_adds(&b, "file://");
			uri_encode(&b, r->lang == APC_LANG_VI ? APC_DOCDIR "/apc.vi.1.html" : APC_DOCDIR "/apc.1.html");
			r->docurl = sb_take(&b);
		}
		fprintf(out, "{\"$schema\":\"%s\",\"version\":\"2.1.0\",\"runs\":[{\"results\":[",
		    SARIF_SCHEMA);
		break;
	case REPORT_GITLAB:
	case REPORT_JUNIT:
		r->ci = ci_open(out, fmt, lang);
		break;
	default:
		r->fmt = REPORT_TEXT;
		break;
	}
	return r;
}

/* ---- one diagnostic ---- */

/* The catalogue entry a diagnostic is reported as: a record of folded diagnostics (diag.c) is
 * its rule's diagnostics-not-shown note. */
static size_t
shown_kind(const apc_diag *d)
{
	return d->hidden > 0 ? (size_t)D_DIAGNOSTICS_NOT_SHOWN : d->kind;
}

static const char *
rule_id(const apc_diag *d)
{
	size_t k = shown_kind(d);
	return k < catalog_count ? catalog_entries[k].id : "internal-error";
}

static const char *
message(const report *r, const apc_diag *d)
{
	if (d->hidden > 0 && r->recmsg != NULL)
		return r->recmsg;
	const char *m = d->msg[r->lang];
	if (m == NULL)
		m = d->msg[!r->lang];
	return m != NULL ? m : "";
}

/* The source line and the caret line under it, as compilers print them. Tabs are kept in
 * both lines so that the caret stays aligned; a long line is trimmed around the column. */
static void
text_source(report *r, const apc_line *ln, unsigned col, unsigned end_col)
{
	const unsigned char *s = (const unsigned char *)ln->s;
	size_t n = utf8_chars(ln->s, ln->len), start = 0, end = n, i, b, k;
	size_t c0 = col > 0 ? col - 1 : 0, c1 = end_col > col ? end_col - 1 : c0 + 1;
	strbuf caret = { 0 };
	uint32_t c;
	int w, j, placed = 0;

	if (n > SHOW_MAX) {
		start = c0 > SHOW_LEAD ? c0 - SHOW_LEAD : 0;
		end = start + SHOW_WIN;
		if (end > n) {
			end = n;
			start = n - SHOW_WIN;
		}
	}
	if (start > 0) {
		fputs("...", r->out);
		sb_adds(&caret, "   ");
	}
	for (i = 0, b = 0; b < ln->len && i < end; i++, b += k) {
		k = report_decode((const char *)s + b, ln->len - b, &c);
		if (i < start)
			continue;
		put_clean(r->out, (const char *)s + b, k);
		/* a control or a hidden character is shown as one '?' (put_clean) */
		w = c == '\t' || c < 0x20 || c == 0x7F || utf8_hidden((int32_t)c, NULL) ? 1 : u8_width(c);
		if (i < c0)
			for (j = 0; j < w; j++)
				sb_add(&caret, c == '\t' ? "\t" : " ", 1);
		else if (i == c0) {
			sb_adds(&caret, "^");
			placed = 1;
		} else if (i < c1)
			for (j = 0; j < w; j++)
				sb_adds(&caret, "~");
	}
	if (end < n)
		fputs("...", r->out);
	putc('\n', r->out);
	if (!placed)   /* the column is past the end of the line (or of the window) */
		sb_adds(&caret, "^");
	if (r->color)
		fputs(C_CARET, r->out);
	fputs(caret.s, r->out);
	if (r->color)
		fputs(C_RESET, r->out);
	putc('\n', r->out);
	free(caret.s);
}

static void
text_diag(report *r, const apc_result *res, const apc_diag *d, apc_sev sev)
{
	const char *path = res->src.path != NULL ? res->src.path : "-";
	const char *msg = message(r, d);
	unsigned line = d->line > 0 ? d->line : 1;
	unsigned col = d->line > 0 && d->col > 0 ? d->col : 1;

	if (r->color)
		fputs(C_BOLD, r->out);
	put_clean(r->out, path, strlen(path));
	fprintf(r->out, ":%u:%u:", line, col);
	if (r->color)
		fprintf(r->out, C_RESET " %s%s" C_RESET ": ", sev_color[sev], sev_word[r->lang][sev]);
	else
		fprintf(r->out, " %s: ", sev_word[r->lang][sev]);
	put_clean(r->out, msg, strlen(msg));
	fprintf(r->out, " [%s]\n", rule_id(d));
	/* A diagnostic about the whole file (line 0) has no source line and no caret. */
	if (d->line > 0 && res->src.lines != NULL && d->line <= res->src.nlines)
		text_source(r, &res->src.lines[d->line - 1], col, d->end_col);
	if (d->fix.text != NULL) {
		/* the fix as gcc and clang give it: a note under the caret */
		char *says = fix_says(r->lang, &d->fix);
		fprintf(r->out, "%s%s:%s ", r->color ? sev_color[APC_NOTE] : "",
		    sev_word[r->lang][APC_NOTE], r->color ? C_RESET : "");
		put_clean(r->out, says, strlen(says));
		putc('\n', r->out);
		free(says);
	}
}

/* The fix as JSON: {"line","column","endColumn","replacement"}, and "more" such objects when
 * it changes several places (one tone-mark placement throughout). */
static void
json_fix(FILE *f, const apc_fix *x)
{
	for (const apc_fix *n = x; n != NULL; n = n->next) {
		if (n != x)
			fputs(n == x->next ? ",\"more\":[" : ",", f);
		fprintf(f, "{\"line\":%u,\"column\":%u,\"endColumn\":%u,\"replacement\":", n->line, n->col, n->end_col);
		json_str(f, n->text);
		if (n != x)
			putc('}', f);
	}
	if (x->next != NULL)
		putc(']', f);
	putc('}', f);
}

static void
json_diag(report *r, const apc_result *res, const apc_diag *d, apc_sev sev)
{
	FILE *f = r->out;

	fputs(r->nitems++ ? ",\n{\"file\":" : "\n{\"file\":", f);
	json_str(f, res->src.path != NULL ? res->src.path : "-");
	fprintf(f, ",\"line\":%u,\"column\":%u,\"endColumn\":",
	    d->line > 0 ? d->line : 1, d->line > 0 && d->col > 0 ? d->col : 1);
	if (d->line > 0 && d->end_col > d->col)
		fprintf(f, "%u", d->end_col);
	else
		fputs("null", f);
	fprintf(f, ",\"severity\":\"%s\",\"rule\":", sev_name[sev]);
	json_str(f, rule_id(d));
	fputs(",\"message\":", f);
	json_str(f, message(r, d));
	fputs(",\"fix\":", f);
	if (d->fix.text != NULL)
		json_fix(f, &d->fix);
	else
		fputs("null", f);
	if (d->hidden > 0) {        /* a record: the rule it stands for, and how many */
		fputs(",\"about\":", f);
		json_str(f, catalog_entries[d->kind].id);
		fprintf(f, ",\"count\":%zu", d->hidden);
	}
	putc('}', f);
}

static void
sarif_diag(report *r, const char *uri, int based, size_t nlines, const apc_diag *d, apc_sev sev,
    const char *fp, const char *state)
{
	FILE *f = r->out;
	size_t k = shown_kind(d) < catalog_count ? shown_kind(d) : 0;

	if (r->ruleidx[k] < 0) {
		r->ruleidx[k] = (long)r->nrules;
		r->rules[r->nrules++] = k;
	}
	fputs(r->nitems++ ? ",\n{\"ruleId\":" : "\n{\"ruleId\":", f);
	json_str(f, catalog_entries[k].id);
	fprintf(f, ",\"ruleIndex\":%ld,\"level\":\"%s\",\"message\":{\"text\":",
	    r->ruleidx[k], sev_name[sev]);
	json_str(f, message(r, d));
	fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
	json_str(f, uri);
	if (based)
		fputs(",\"uriBaseId\":\"%SRCROOT%\"", f);
	putc('}', f);
	/* A diagnostic about the whole file (line 0) spans its lines: SARIF allows no region for
	 * the whole artifact, but the SARIF multitool (its rule SARIF2017) wants one. */
	if (d->line == 0 && nlines > 1)
		fprintf(f, ",\"region\":{\"startLine\":1,\"endLine\":%zu}", nlines);
	else if (d->line == 0)
		fputs(",\"region\":{\"startLine\":1}", f);
	else {
		fprintf(f, ",\"region\":{\"startLine\":%u,\"startColumn\":%u",
		    d->line, d->col > 0 ? d->col : 1);
		if (d->end_col > d->col)
			fprintf(f, ",\"endColumn\":%u", d->end_col);
		putc('}', f);
	}
	fputs("}}]", f);
	/* the fingerprint of --baseline, which survives lines moving (baseline.c) */
	fprintf(f, ",\"partialFingerprints\":{\"apcContext/v1\":\"%s\"}", fp);
	if (state != NULL)
		fprintf(f, ",\"baselineState\":\"%s\"", state);
	if (d->fix.text != NULL) {
		fputs(",\"fixes\":[{\"description\":{\"text\":", f);
		char *what = fix_says(r->lang, &d->fix);
		json_str(f, what);
		free(what);
		fputs("},\"artifactChanges\":[{\"artifactLocation\":{\"uri\":", f);
		json_str(f, uri);
		if (based)
			fputs(",\"uriBaseId\":\"%SRCROOT%\"", f);
		fputs("},\"replacements\":[", f);
		for (const apc_fix *x = &d->fix; x != NULL; x = x->next) {
			fprintf(f, "%s{\"deletedRegion\":{\"startLine\":%u,\"startColumn\":%u,\"endColumn\":%u},"
			    "\"insertedContent\":{\"text\":", x == &d->fix ? "" : ",", x->line, x->col, x->end_col);
			json_str(f, x->text);
			fputs("}}", f);
		}
		fputs("]}]}]", f);
	}
	if (d->hidden > 0) {        /* a record: the rule it stands for, and how many */
		fputs(",\"properties\":{\"apcRule\":", f);
		json_str(f, catalog_entries[d->kind].id);
		fprintf(f, ",\"apcCount\":%zu}", d->hidden);
	}
	putc('}', f);
}

/* ---- coverage (--coverage) ---- */

static void
text_coverage(report *r, const char *path, const cover_report *cv)
{
	apc_lang L = r->lang;
	const char *me = cv->symbol ? cv->symbol : "?";
	FILE *f = r->out;

	if (cv->n == 0)
		msg_print(f, L, M_COVER_NO_PARENT, path);
	for (size_t k = 0; k < cv->n; k++) {
		const cover_parent *cp = &cv->v[k];
		if (cp->p == NULL) {
			msg_print(f, L, M_COVER_NOT_IN_LIBRARY, path, cp->ref);
			continue;
		}
		if (cp->n == 0) {
			msg_print(f, L, M_COVER_NO_MISSIONS, path, me, cp->p->symbol);
			continue;
		}
		msg_print(f, L, M_COVER_PARENT, path, me, cp->p->symbol, cp->p->issuer ? cp->p->issuer : "?",
		    cp->dmy, cp->covered, cp->n);
		for (size_t j = 0; j < cp->n; j++) {
			fprintf(f, "  %s. %s\n", cp->v[j].m->n, cp->v[j].m->title);
			for (size_t i = 0; i < cp->v[j].nby; i++)
				msg_print(f, L, M_COVER_BY, cp->v[j].by[i].n ? cp->v[j].by[i].n : "?",
				    cp->v[j].by[i].title ? cp->v[j].by[i].title : "", cp->v[j].by[i].tasks);
			if (cp->v[j].nby == 0)
				msg_print(f, L, M_COVER_NONE);
		}
	}
}

/* The coverage as a JSON array: per parent cited, its missions and the program's missions
 * paired with each (documented in docs/ci.md). */
static void
json_coverage(FILE *f, const cover_report *cv)
{
	putc('[', f);
	for (size_t k = 0; k < cv->n; k++) {
		const cover_parent *cp = &cv->v[k];
		fputs(k ? ",{\"parent\":" : "{\"parent\":", f);
		json_str(f, cp->p ? cp->p->symbol : cp->ref);
		fprintf(f, ",\"inLibrary\":%s,\"issuer\":", cp->p ? "true" : "false");
		json_str(f, cp->p ? cp->p->issuer : NULL);
		fputs(",\"date\":", f);
		json_str(f, cp->p ? cp->p->date : NULL);
		fprintf(f, ",\"missions\":%zu,\"covered\":%zu,\"pairing\":[", cp->n, cp->covered);
		for (size_t j = 0; j < cp->n; j++) {
			const cover_mission *cm = &cp->v[j];
			fputs(j ? ",{\"mission\":" : "{\"mission\":", f);
			json_str(f, cm->m->n);
			fputs(",\"title\":", f);
			json_str(f, cm->m->title);
			fputs(",\"coveredBy\":[", f);
			for (size_t i = 0; i < cm->nby; i++) {
				fputs(i ? ",{\"mission\":" : "{\"mission\":", f);
				json_str(f, cm->by[i].n);
				fputs(",\"title\":", f);
				json_str(f, cm->by[i].title);
				fprintf(f, ",\"line\":%u,\"tasks\":%zu}", cm->by[i].line, cm->by[i].tasks);
			}
			fputs("]}", f);
		}
		fputs("]}", f);
	}
	putc(']', f);
}

void
report_coverage(report *r, const struct apc_library *lib)
{
	r->covlib = lib;
	if (r->fmt == REPORT_SARIF && r->covspool == NULL &&
	    (r->covspool = open_memstream(&r->covbuf, &r->covlen)) == NULL) {
		fprintf(stderr, "apc: out of memory\n");
		exit(2);
	}
}

/* ---- one file ---- */

static void
report_one(report *r, const apc_result *res, const apc_diag *d, apc_sev sev, const char *uri, int based,
    const char *fp, const char *state)
{
	switch (r->fmt) {
	case REPORT_JSON:
		json_diag(r, res, d, sev);
		break;
	case REPORT_SARIF:
		sarif_diag(r, uri, based, res->src.nlines, d, sev, fp, state);
		break;
	case REPORT_GITLAB:
	case REPORT_JUNIT:
		ci_diag(r->ci, res->src.path != NULL ? res->src.path : "-", d, sev, rule_id(d),
		    message(r, d), fp);
		break;
	default:
		text_diag(r, res, d, sev);
		break;
	}
}

/* A record of diagnostics past the cap (diag.c): each one it stands for is fingerprinted for
 * --baseline and --write-baseline (by its line) as if shown, and the caller counts those the
 * baseline does not hold at the rule's severity. They are said in one diagnostics-not-shown
 * note, which carries their fixes, unless that note is configured off. Returns the count. */
static size_t
report_record(report *r, const apc_result *res, const apc_diag *d, const apc_config *cfg,
    const char *uri, int based)
{
	const char *path = res->src.path != NULL ? res->src.path : "-";
	int fps = r->fmt == REPORT_SARIF || r->ci != NULL || r->bl != NULL || r->blwrite != NULL;
	size_t fresh = 0;
	char fp[17] = "";
	for (size_t k = 0; k < d->hidden; k++) {
		apc_diag one = { 0 };
		one.kind = d->kind;
		one.line = d->hidden_lines[k];
		if (r->bl != NULL || r->blwrite != NULL)
			baseline_fingerprint(res, &one, fp);
		if (r->blwrite != NULL)
			sb_addf(r->blwrite, "%s %s %s\n", fp, catalog_entries[d->kind].id, path);
		if (r->bl != NULL && baseline_take(r->bl, fp)) {
			r->baselined++;
			continue;
		}
		fresh++;
	}
	apc_diag note = { 0 };
	note.kind = D_DIAGNOSTICS_NOT_SHOWN;
	note.sev = catalog_entries[D_DIAGNOSTICS_NOT_SHOWN].sev;
	apc_sev nsev = diag_effective(&note, cfg);
	if (fresh == 0 || nsev == APC_OFF)
		return fresh;
	apc_diag view = *d;          /* the note: at the first one, a point, with their fixes */
	view.hidden = fresh;
	view.end_col = 0;
	note.line = d->line;
	if (fps)
		baseline_fingerprint(res, &note, fp);
	char *msg = diag_not_shown_msg(r->lang, d->kind, fresh);
	r->recmsg = msg;
	report_one(r, res, &view, nsev, uri, based, fp, r->bl != NULL ? "new" : NULL);
	r->recmsg = NULL;
	free(msg);
	return fresh;
}

void
report_file(report *r, const apc_result *res, const apc_config *cfg)
{
	size_t cnt[3] = { 0, 0, 0 }, i;
	const apc_diag *d;
	apc_sev sev;
	char *uri = NULL;
	int based = 0;
	FILE *f;

	apc_lang opened = r->lang;     /* an apc.conf may ask for the other language */
	if (cfg != NULL)
		r->lang = cfg->lang == APC_LANG_VI ? APC_LANG_VI : APC_LANG_EN;
	r->files++;
	if (res->src.format != NULL)
		r->docx = 1;
	if (res->failed)
		r->failed++;
	if (r->fmt == REPORT_SARIF)
		uri = artifact_uri(r, res->src.path != NULL ? res->src.path : "-", &based);

	for (i = 0; i < res->diags.n; i++) {
		d = &res->diags.v[i];
		if ((sev = diag_effective(d, cfg)) == APC_OFF)
			continue;
		if (d->hidden > 0) {
			cnt[sev] += report_record(r, res, d, cfg, uri, based);
			continue;
		}
		char fp[17] = "";
		const char *state = NULL;
		if (r->fmt == REPORT_SARIF || r->ci != NULL || r->bl != NULL || r->blwrite != NULL)
			baseline_fingerprint(res, d, fp);
		if (r->blwrite != NULL)
			sb_addf(r->blwrite, "%s %s %s\n", fp, rule_id(d), res->src.path != NULL ? res->src.path : "-");
		if (r->bl != NULL) {
			/* --baseline: a finding it records is not counted; SARIF still lists it */
			state = baseline_take(r->bl, fp) ? "unchanged" : "new";
			if (*state == 'u') {
				r->baselined++;
				if (r->fmt == REPORT_SARIF)
					sarif_diag(r, uri, based, res->src.nlines, d, sev, fp, state);
				continue;
			}
		}
		cnt[sev]++;
		report_one(r, res, d, sev, uri, based, fp, state);
	}
	if (r->ci != NULL)
		ci_file(r->ci, res->src.path != NULL ? res->src.path : "-", res->failed,
		    cfg != NULL && cfg->werror);
	cover_report cv = { 0 };
	int with_cov = r->covlib != NULL && res->doc != NULL && !res->failed;
	if (with_cov) {
		rules_coverage(res->doc, res->facts, r->covlib, &cv);
		if (r->fmt == REPORT_TEXT)
			text_coverage(r, res->src.path != NULL ? res->src.path : "-", &cv);
		else if (r->fmt == REPORT_SARIF) {
			fputs(r->ncov++ ? ",\n{\"artifact\":{\"uri\":" : "\n{\"artifact\":{\"uri\":", r->covspool);
			json_str(r->covspool, uri);
			if (based)
				fputs(",\"uriBaseId\":\"%SRCROOT%\"", r->covspool);
			fputs("},\"parents\":", r->covspool);
			json_coverage(r->covspool, &cv);
			putc('}', r->covspool);
		}
	}
	free(uri);
	r->notes += cnt[APC_NOTE];
	r->warnings += cnt[APC_WARNING];
	r->errors += cnt[APC_ERROR];
	if (cfg != NULL && cfg->werror)
		r->werror_warnings += cnt[APC_WARNING];
	r->lang = opened;

	if (r->fmt != REPORT_JSON) {
		coverage_free(&cv);
		return;
	}

	/* The file's entry, with the program's facts. */
	f = r->spool;
	fputs(r->nspooled++ ? ",\n{\"path\":" : "\n{\"path\":", f);
	json_str(f, res->src.path != NULL ? res->src.path : "-");
	json_facts(f, res->facts);
	fprintf(f, ",\"errors\":%zu,\"warnings\":%zu,\"notes\":%zu,\"failed\":%s",
	    cnt[APC_ERROR], cnt[APC_WARNING], cnt[APC_NOTE], res->failed ? "true" : "false");
	if (with_cov) {
		fputs(",\"coverage\":", f);
		json_coverage(f, &cv);
	}
	putc('}', f);
	coverage_free(&cv);
}

/* ---- closing ---- */

void
report_baseline(report *r, baseline *use, const char *write_path)
{
	r->bl = use;
	if (write_path != NULL) {
		r->blwrite = xcalloc(1, sizeof *r->blwrite);
		r->blpath = xstrdup(write_path);
		sb_adds(r->blwrite, "# apc baseline: FINGERPRINT RULE PATH (apc check --baseline FILE)\n");
	}
}

void
report_doc_url(report *r, const char *url)
{
	if (url == NULL || *url == '\0')
		return;
	free(r->docurl);
	r->docurl = xstrdup(url);
}

void
report_run_failed(report *r, size_t n)
{
	r->failed += n;
}

static void
spool_copy(report *r)
{
	char buf[BUFSIZ];
	size_t n;

	if (r->spoolmem) {
		fclose(r->spool);
		fwrite(r->spoolbuf, 1, r->spoollen, r->out);
		free(r->spoolbuf);
	} else {
		if (fflush(r->spool) != 0 || ferror(r->spool) || fseek(r->spool, 0, SEEK_SET) != 0) {
			fprintf(stderr, "apc: cannot read back the temporary file: %s\n", strerror(errno));
			r->failed++;
		} else
			while ((n = fread(buf, 1, sizeof buf, r->spool)) > 0)
				fwrite(buf, 1, n, r->out);
		fclose(r->spool);
	}
	r->spool = NULL;
}

/* A rule's SARIF name: its id in CamelCase (task-lead-missing -> TaskLeadMissing). */
static void
sarif_name(FILE *f, const char *id)
{
	int up = 1;

	putc('"', f);
	for (; *id != '\0'; id++) {
		if (*id == '-') {
			up = 1;
			continue;
		}
		putc(up && *id >= 'a' && *id <= 'z' ? *id - 'a' + 'A' : *id, f);
		up = 0;
	}
	putc('"', f);
}

static void
sarif_close(report *r, int rc)
{
	FILE *f = r->out;
	const catalog_entry *e;
	strbuf b = { 0 };
	size_t i;

	fputs("\n],\"tool\":{\"driver\":{\"name\":\"apc\",\"fullName\":\"apc, the action-program compiler\","
	    "\"version\":\"" APC_VERSION "\",\"semanticVersion\":\"" APC_VERSION "\",\"informationUri\":", f);
	json_str(f, r->docurl);
	fputs(",\"rules\":[", f);
	for (i = 0; i < r->nrules; i++) {
		e = &catalog_entries[r->rules[i]];
		/* the rule's words in the run's language (catalog.def's HELP_VI) */
		const char *summary = catalog_summary(r->rules[i], r->lang), *help = catalog_help(r->rules[i], r->lang);
		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", f);
		json_str(f, e->id);
		fputs(",\"name\":", f);
		sarif_name(f, e->id);
		fputs(",\"shortDescription\":{\"text\":", f);
		json_str(f, summary);
		fputs("},\"fullDescription\":{\"text\":", f);
		sb_adds(&b, summary != NULL ? summary : "");
		if (help != NULL) {
			sb_adds(&b, " ");
			sb_adds(&b, help);
		}
		json_str(f, b.s);
		b.len = 0;
		fprintf(f, "},\"defaultConfiguration\":{\"level\":\"%s\"},\"help\":{\"text\":",
		    sev_name[e->sev < APC_OFF ? e->sev : APC_ERROR]);
		json_str(f, help);
		fputs(",\"markdown\":", f);
		sb_adds(&b, "**");
		sb_adds(&b, summary != NULL ? summary : "");
		sb_adds(&b, "**\n\n");
		sb_adds(&b, help != NULL ? help : "");
		sb_adds(&b, "\n\n[");
		sb_adds(&b, e->id);
		sb_adds(&b, "](");
		sb_adds(&b, r->docurl);
		sb_adds(&b, "#");
		sb_adds(&b, e->id);
		sb_adds(&b, ")");
		json_str(f, b.s);
		b.len = 0;
		fputs("},\"helpUri\":", f);
		sb_adds(&b, r->docurl);
		sb_adds(&b, "#");
		sb_adds(&b, e->id);
		json_str(f, b.s);
		b.len = 0;
		putc('}', f);
	}
	fputs("]}},\"columnKind\":\"unicodeCodePoints\"", f);
	int cov = r->covspool != NULL;
	if (cov || r->docx) {
		fputs(",\"properties\":{", f);
		/* a .docx: its positions are paragraphs, said once */
		if (r->docx)
			fprintf(f, "\"apcDocxPositions\":\"In a .docx, region.startLine is the paragraph "
			    "(counted from 1 in document order, the paragraphs of table cells and text boxes "
			    "included) and startColumn the character in that paragraph.\"%s", cov ? "," : "");
	}
	if (r->covspool != NULL) {
		/* --coverage: per file, how its missions cover its parents' (a property bag:
		 * SARIF has no member for it; the shape is JSON's "coverage", docs/ci.md) */
		fclose(r->covspool);
		r->covspool = NULL;
		fputs("\"coverage\":[", f);
		fwrite(r->covbuf, 1, r->covlen, f);
		fputs("\n]", f);
	}
	if (cov || r->docx)
		fputs("}", f);
	if (r->cwd != NULL) {
		/* The base URI ends with a slash; uri_encode leaves nothing to escape for JSON. */
		b.len = 0;
		sb_adds(&b, "file://");
		if (strcmp(r->cwd, "/") != 0)
			uri_encode(&b, r->cwd);
		sb_adds(&b, "/");
		fprintf(f, ",\"originalUriBaseIds\":{\"%%SRCROOT%%\":{\"uri\":\"%s\"}}", b.s);
	}
	free(b.s);
	fprintf(f, ",\"invocations\":[{\"executionSuccessful\":%s,\"exitCode\":%d}]}]}\n",
	    r->failed ? "false" : "true", rc);
}

int
report_close(report *r, int werror)
{
	int rc;

	if (r->blwrite != NULL) {
		char *err = NULL;
		if (output_write(r->blpath, r->blwrite->s, r->blwrite->len, &err) != 0) {
			fprintf(stderr, "apc: --write-baseline: %s\n", err != NULL ? err : r->blpath);
			r->failed++;
		}
		free(err);
		free(r->blwrite->s);
		free(r->blwrite);
		free(r->blpath);
	}
	rc = r->failed ? 2 : r->errors > 0 || r->werror_warnings > 0 ||
	    (werror && r->warnings > 0) ? 1 : 0;

	switch (r->fmt) {
	case REPORT_JSON:
		fputs("\n],\"files\":[", r->out);
		spool_copy(r);
		if (r->failed && rc != 2)
			rc = 2;
		fprintf(r->out, "\n],\"summary\":{\"files\":%zu,\"errors\":%zu,\"warnings\":%zu,"
		    "\"notes\":%zu,\"failed\":%zu,\"baselined\":%zu,\"exitStatus\":%d}}\n",
		    r->files, r->errors, r->warnings, r->notes, r->failed, r->baselined, rc);
		break;
	case REPORT_SARIF:
		sarif_close(r, rc);
		break;
	case REPORT_GITLAB:
	case REPORT_JUNIT:
		ci_close(r->ci, r->failed);
		break;
	default:
		msg_print(r->out, r->lang, M_SUMMARY,
		    r->files, r->files == 1 ? "" : "s", r->errors, r->errors == 1 ? "" : "s",
		    r->warnings, r->warnings == 1 ? "" : "s", r->notes, r->notes == 1 ? "" : "s");
		break;
	}
	if (fflush(r->out) != 0 || ferror(r->out)) {
		fprintf(stderr, "apc: cannot write the report: %s\n", strerror(errno));
		rc = 2;
	}
	free(r->ruleidx);
	free(r->rules);
	free(r->cwd);
	free(r->docurl);
	if (r->covspool != NULL)
		fclose(r->covspool);
	free(r->covbuf);
	free(r);
	return rc;
}
