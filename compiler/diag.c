/* diag.c: collecting diagnostics. The messages come from the catalogue (catalog.c).
 *
 * Every rule is capped per file: its first DIAG_CAP diagnostics are kept as they are, the rest
 * are folded into one record (apc_diag.hidden > 0), which the reports show as one
 * diagnostics-not-shown note at the first folded one. A folded diagnostic costs no message
 * (its arguments are not formatted) and no entry: the record counts it, keeps its line (for
 * --baseline's fingerprints) and chains its fix after the others', so that the counts, the exit
 * status and `apc fix` still take every one. A table of 5,000 repeated words prints 20 and a
 * count, not 5,000 (and 200,000 hidden characters cost their fixes only).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct diag_tally {
	size_t emitted;     /* diagnostics of this rule so far */
	size_t rec;         /* 1 + the index of its record in the list, 0 while there is none */
};

static int
is_record(const apc_diag *g)
{
	return g->hidden > 0;
}

/* The record's note in both languages, with its count. */
static void
record_says(apc_diag *g)
{
	for (int l = 0; l < 2; l++) {
		free(g->msg[l]);
		g->msg[l] = diag_not_shown_msg((apc_lang)l, g->kind, g->hidden);
	}
}

char *
diag_not_shown_msg(apc_lang lang, size_t kind, size_t n)
{
	return xasprintf(catalog_entries[D_DIAGNOSTICS_NOT_SHOWN].fmt[lang], n,
	    kind < catalog_count ? catalog_entries[kind].id : "?", (unsigned)DIAG_CAP);
}

apc_diag *
diag_emitv(apc_diags *d, diag_id id, unsigned line, unsigned col, va_list ap)
{
	if ((unsigned)id >= D__COUNT) {
		fprintf(stderr, "apc: internal error: diagnostic %u is not in the catalogue\n", (unsigned)id);
		abort();
	}
	if (d->tally == NULL)
		d->tally = xcalloc(D__COUNT, sizeof *d->tally);
	struct diag_tally *t = &d->tally[id];
	if (t->emitted++ >= DIAG_CAP && id != D_DIAGNOSTICS_NOT_SHOWN) {
		/* folded: the record, made at the first one past the cap, counts it */
		apc_diag *r = t->rec > 0 ? &d->v[t->rec - 1] : NULL;
		if (r == NULL) {
			r = diag_emit(d, D_DIAGNOSTICS_NOT_SHOWN, line, col, (size_t)1, catalog_entries[id].id,
			    (unsigned)DIAG_CAP);
			d->tally[D_DIAGNOSTICS_NOT_SHOWN].emitted--;
			r->kind = id;
			r->sev = catalog_entries[id].sev;
			t->rec = d->n;
		}
		if ((r->hidden & (r->hidden + 1)) == 0 || r->hidden == 0) /* 0, 1, 3, 7...: grow by doubling */
			r->hidden_lines = xrealloc(r->hidden_lines, 2 * (r->hidden + 1) * sizeof *r->hidden_lines);
		r->hidden_lines[r->hidden++] = line;
		return r;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	apc_diag *g = &d->v[d->n++];
	memset(g, 0, sizeof *g);
	g->line = line;
	g->col = col;
	g->kind = id;
	g->sev = catalog_entries[id].sev;
	for (int l = 0; l < 2; l++) {
		va_list aq;
		va_copy(aq, ap);
		g->msg[l] = xvasprintf(catalog_entries[id].fmt[l], aq);
		va_end(aq);
	}
	return g;
}

apc_diag *
diag_emit(apc_diags *d, diag_id id, unsigned line, unsigned col, ...)
{
	va_list ap;
	va_start(ap, col);
	apc_diag *g = diag_emitv(d, id, line, col, ap);
	va_end(ap);
	return g;
}

int
diag_shows_next(const apc_diags *d, diag_id id)
{
	return d->tally == NULL || (unsigned)id >= D__COUNT || d->tally[id].emitted < DIAG_CAP;
}

int
diag_shown(const apc_diag *g)
{
	return !is_record(g);
}

size_t
diag_weight(const apc_diag *g)
{
	return is_record(g) ? g->hidden : 1;
}

/* A diagnostic said once per line however many stages reach it (a line too complex for the
 * lexer is too complex for the header and citation readers as well). */
void
diag_once(apc_diags *d, diag_id id, unsigned line, unsigned col)
{
	for (size_t i = 0; i < d->n; i++) {
		const apc_diag *g = &d->v[i];
		if (g->kind == (size_t)id && g->line == line && !is_record(g))
			return;
		for (size_t k = 0; g->kind == (size_t)id && k < g->hidden; k++)
			if (g->hidden_lines[k] == line)
				return;
	}
	diag_emit(d, id, line, col);
}

apc_sev
diag_effective(const apc_diag *d, const apc_config *cfg)
{
	if (cfg != NULL && cfg->sev != NULL && d->kind < catalog_count &&
	    cfg->sev[d->kind] >= 0 && cfg->sev[d->kind] <= APC_OFF)
		return (apc_sev)cfg->sev[d->kind];
	return d->sev <= APC_OFF ? d->sev : APC_ERROR;
}

/* Free the replacements chained after x (x itself is the diagnostic's). */
static void
fix_chain_free(apc_fix *x)
{
	for (apc_fix *n = x->next, *t; n != NULL; n = t) {
		t = n->next;
		free(n->text);
		free(n->old);
		free(n);
	}
	x->next = NULL;
	x->tail = NULL;
}

static void
fix_set(apc_fix *x, unsigned line, unsigned col, unsigned end_col, const char *old, const char *text)
{
	x->old = old != NULL ? xstrdup(old) : NULL;
	x->line = line;
	x->col = col;
	x->end_col = end_col;
	x->text = xstrdup(text);
}

/* Chain a replacement after g's fix (its first when g has none). */
static void
fix_append(apc_diag *g, unsigned line, unsigned col, unsigned end_col, const char *old, const char *text)
{
	if (g->fix.text == NULL) {
		fix_set(&g->fix, line, col, end_col, old, text);
		return;
	}
	/* from the last one chained: a walk from the head made a chain of n quadratic (20,000
	 * hidden characters in a file: a second; 200,000: minutes) */
	apc_fix *t = g->fix.tail != NULL ? g->fix.tail : &g->fix;
	while (t->next != NULL)
		t = t->next;
	t->next = xcalloc(1, sizeof *t->next);
	fix_set(t->next, line, col, end_col, old, text);
	g->fix.tail = t->next;
}

void
diag_fix(apc_diag *g, unsigned line, unsigned col, unsigned end_col, const char *old, const char *text)
{
	if (line == 0 || col == 0 || end_col < col || text == NULL)
		return;
	if (is_record(g)) {          /* a folded diagnostic's fix joins the others' */
		fix_append(g, line, col, end_col, old, text);
		return;
	}
	free(g->fix.text);
	free(g->fix.old);
	fix_chain_free(&g->fix);
	fix_set(&g->fix, line, col, end_col, old, text);
}

void
diag_fix_add(apc_diag *g, unsigned line, unsigned col, unsigned end_col, const char *old, const char *text)
{
	if (line == 0 || col == 0 || end_col < col || text == NULL)
		return;
	fix_append(g, line, col, end_col, old, text);
}

size_t
line_col_byte(const apc_line *ln, unsigned col)
{
	size_t b = 0;
	for (unsigned c = 1; c < col && b < ln->len; c++)
		for (b++; b < ln->len && ((unsigned char)ln->s[b] & 0xC0) == 0x80; b++)
			continue;
	return b;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

apc_diag *
diag_extent(apc_diag *g, const apc_source *src, const char *text)
{
	if (g == NULL || src == NULL || text == NULL || g->line == 0 || g->line > src->nlines ||
	    g->col == 0 || g->end_col > g->col || is_record(g))
		return g;
	const apc_line *ln = &src->lines[g->line - 1];
	size_t b = line_col_byte(ln, g->col), t = 0, end = b;
	while (is_blank(text[t]) || text[t] == '\n')
		t++;
	while (text[t] != '\0' && b < ln->len) {
		if ((is_blank(text[t]) || text[t] == '\n') && is_blank(ln->s[b])) {
			while (is_blank(text[t]) || text[t] == '\n')
				t++;
			while (b < ln->len && is_blank(ln->s[b]))
				b++;
			continue;
		}
		if (text[t] != ln->s[b])
			return g;      /* not what is written there */
		t++;
		b++;
		end = b;
	}
	/* the text is all there, or the line ends inside it (a cell that wraps) */
	while (end > 0 && end < ln->len && ((unsigned char)ln->s[end] & 0xC0) == 0x80)
		end--;       /* never end inside a character */
	if (end > line_col_byte(ln, g->col))
		g->end_col = 1 + (unsigned)utf8_chars(ln->s, end);
	return g;
}

/* Where to look on line l for what a citation at line:from says: from its column on its own
 * line, from the start on the lines a wrapped title or paragraph continues on (at most
 * WRAP_LINES more, up to a blank line). NO_LINE past them. */
#define WRAP_LINES 3
#define NO_LINE ((size_t)-1)
static size_t
wrapped_line(const apc_source *src, unsigned line, unsigned from, unsigned l)
{
	if (l > src->nlines || l > line + WRAP_LINES)
		return NO_LINE;
	const apc_line *ln = &src->lines[l - 1];
	if (l == line)
		return line_col_byte(ln, from);
	for (size_t i = 0; i < ln->len; i++)
		if (!is_blank(ln->s[i]))
			return 0;
	return NO_LINE;
}

/* Give g the extent [at, end) of line l (bytes of ln); its line and column move there (not a
 * record's: it stays at the first diagnostic it folded). */
static void
extent(apc_diag *g, unsigned l, const apc_line *ln, size_t at, size_t end, unsigned *c0, unsigned *c1)
{
	*c0 = 1 + (unsigned)utf8_chars(ln->s, at);
	*c1 = *c0 + (unsigned)utf8_chars(ln->s + at, end - at);
	if (is_record(g))
		return;
	g->line = l;
	g->col = *c0;
	g->end_col = *c1;
}

int
diag_fix_date(apc_diag *g, const apc_source *src, unsigned line, unsigned from, const char *iso_cited,
    const char *iso_right)
{
	if (src == NULL || line == 0 || line > src->nlines || from == 0 || iso_cited == NULL ||
	    iso_right == NULL || strlen(iso_right) != 10)
		return 0;
	const apc_line *ln;
	size_t b, at = 0, end = 0;
	char iso[11];
	for (unsigned l = line;; l++) {      /* the date may be on a line the citation wraps to */
		if ((b = wrapped_line(src, line, from, l)) == NO_LINE)
			return 0;
		ln = &src->lines[l - 1];
		int found = norm_date_find(ln->s + b, ln->len - b, iso, &at, &end) == 1;
		if (found && strcmp(iso, iso_cited) != 0)
			return 0;       /* another date comes first: not the one cited */
		if (found) {
			line = l;
			break;
		}
	}
	at += b;
	end += b;
	/* the form as written, its three runs of digits (day, month, year) given the right date,
	 * a day or month padded to two digits where it was written so */
	const int want[3] = { atoi(iso_right + 8), atoi(iso_right + 5), atoi(iso_right) };
	strbuf out = { 0 };
	int k = 0;
	for (size_t i = at; i < end;) {
		if (ln->s[i] < '0' || ln->s[i] > '9' || k == 3) {
			sb_add(&out, ln->s + i, 1);
			i++;
			continue;
		}
		size_t j = i;
		while (j < end && ln->s[j] >= '0' && ln->s[j] <= '9')
			j++;
		sb_addf(&out, "%0*d", k < 2 && j - i >= 2 ? 2 : 1, want[k]);
		k++;
		i = j;
	}
	unsigned c0, c1;
	extent(g, line, ln, at, end, &c0, &c1);
	if (k == 3) {
		char *old = xstrndup(ln->s + at, end - at);
		if (strcmp(old, out.s) != 0)
			diag_fix(g, line, c0, c1, old, out.s);
		free(old);
	}
	free(out.s);
	return 1;
}

int
diag_fix_text(apc_diag *g, const apc_source *src, unsigned line, unsigned from, const char *written,
    const char *right)
{
	if (src == NULL || line == 0 || line > src->nlines || from == 0 || written == NULL || !*written)
		return 0;
	const apc_line *ln;
	size_t b, n = strlen(written);
	const char *hit = NULL;
	for (unsigned l = line; hit == NULL; l++) {   /* or on a line the citation wraps to */
		if ((b = wrapped_line(src, line, from, l)) == NO_LINE)
			return 0;
		ln = &src->lines[l - 1];
		if (b < ln->len && (hit = memmem(ln->s + b, ln->len - b, written, n)) != NULL)
			line = l;
	}
	unsigned c0, c1;
	size_t at = (size_t)(hit - ln->s);
	extent(g, line, ln, at, at + n, &c0, &c1);
	if (right != NULL && strcmp(right, written) != 0) {
		char *r = norm_in_capitals(written) ? norm_upper(right) : xstrdup(right);
		diag_fix(g, line, c0, c1, written, r);
		free(r);
	}
	return 1;
}

int
diag_fix_at(apc_diag *g, const apc_source *src, unsigned line, unsigned col, const char *written,
    const char *text)
{
	if (src == NULL || line == 0 || line > src->nlines || col == 0 || written == NULL || !*written)
		return 0;
	const apc_line *ln = &src->lines[line - 1];
	size_t b = 0, n = strlen(written);
	for (unsigned c = 1; c < col && b < ln->len; c++)    /* character col to a byte offset */
		for (b++; b < ln->len && ((unsigned char)ln->s[b] & 0xC0) == 0x80; b++)
			continue;
	if (b + n > ln->len || memcmp(ln->s + b, written, n) != 0)
		return 0;
	unsigned end = col + (unsigned)utf8_chars(written, n);
	if (g->line == line && g->col == col && g->end_col <= col && !is_record(g))
		g->end_col = end;
	if (text != NULL)
		diag_fix(g, line, col, end, written, text);
	return 1;
}

void
diag_configured(const apc_diags *in, const apc_config *cfg, apc_diags *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < in->n; i++) {
		apc_sev sev = diag_effective(&in->v[i], cfg);
		if (sev == APC_OFF)
			continue;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		apc_diag *g = &out->v[out->n++];
		*g = in->v[i];
		g->sev = sev;
		for (int l = 0; l < 2; l++)
			g->msg[l] = in->v[i].msg[l] ? xstrdup(in->v[i].msg[l]) : NULL;
		g->fix.text = in->v[i].fix.text ? xstrdup(in->v[i].fix.text) : NULL;
		g->fix.old = in->v[i].fix.old ? xstrdup(in->v[i].fix.old) : NULL;
		g->fix.next = g->fix.tail = NULL;
		for (const apc_fix *x = in->v[i].fix.next; x != NULL; x = x->next)
			diag_fix_add(g, x->line, x->col, x->end_col, x->old, x->text);
		if (g->hidden > 0) {
			g->hidden_lines = xmalloc(g->hidden * sizeof *g->hidden_lines);
			memcpy(g->hidden_lines, in->v[i].hidden_lines, g->hidden * sizeof *g->hidden_lines);
		}
	}
}

void
diag_sort(apc_diags *d)
{
	/* the records' notes say their final counts */
	for (size_t i = 0; i < d->n; i++)
		if (is_record(&d->v[i]))
			record_says(&d->v[i]);
	/* a bottom-up merge sort: stable, so diagnostics at one position keep their order */
	size_t n = d->n;
	if (n < 2)
		return;
	apc_diag *tmp = xmalloc(n * sizeof *tmp);
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] = (d->v[j].line < d->v[i].line ||
				    (d->v[j].line == d->v[i].line && d->v[j].col < d->v[i].col)) ? d->v[j++] : d->v[i++];
			while (i < mid)
				tmp[k++] = d->v[i++];
			while (j < hi)
				tmp[k++] = d->v[j++];
		}
		memcpy(d->v, tmp, n * sizeof *tmp);
	}
	free(tmp);
	for (size_t i = 0; d->tally != NULL && i < n; i++)     /* where the records are now */
		if (is_record(&d->v[i]))
			d->tally[d->v[i].kind].rec = i + 1;
}

void
diag_free(apc_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg[0]);
		free(d->v[i].msg[1]);
		free(d->v[i].fix.text);
		free(d->v[i].fix.old);
		fix_chain_free(&d->v[i].fix);
		free(d->v[i].hidden_lines);
	}
	free(d->v);
	free(d->tally);
	d->v = NULL;
	d->tally = NULL;
	d->n = d->cap = 0;
}

void
symbol_malformed(apc_diags *d, const apc_source *src, unsigned line, unsigned col, const char *written)
{
	apc_diag *g = diag_emit(d, D_SYMBOL_MALFORMED, line, col, written);
	norm_symbol y;
	if (norm_symbol_unglued(written, &y))
		diag_fix_at(g, src, line, col, written, y.canonical);   /* "58/NQCP": 58/NQ-CP */
	diag_extent(g, src, written);
}
