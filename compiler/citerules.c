/*
 * citerules.c: part of the rules stage (rules.c runs these from its table). The rules over the
 * documents the text cites: a cited symbol's shape and case (symbol-malformed, symbol-case), a
 * parent cited again with another date or issuer (check.c's check_citation, for each citation
 * of a paragraph or of a table cell a layout wraps over several lines), and the appendix's
 * "(Kèm theo ...)" line against the header (appendix-reference-mismatch).
 */
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "cite.h"

/* ---- text: cited symbols ---- */

/* Does the line have no lower-case letter (a title in capitals)? */
static int
all_upper(const char *s, size_t n)
{
	return !utf8_has_lower(s, n);
}

/* Is the symbol as written only a case variant of its canonical spelling? */
static int
case_variant(const char *written, size_t n, const char *canonical)
{
	if (strlen(canonical) == n && memcmp(written, canonical, n) == 0)
		return 0;
	char *a = norm_fold(written, n), *b = norm_fold(canonical, strlen(canonical));
	int r = strcmp(a, b) == 0;
	free(a);
	free(b);
	return r;
}

/* Is the symbol written with a space or an en dash ("21 – NQ/TW", "45 /KH-UBND")? */
static int
spaced(const char *t)
{
	return strchr(t, ' ') != NULL || strstr(t, "\xE2\x80\x93") != NULL;
}

/* A written symbol's spacing (symbol-spacing) and, unless its line is all capitals, its case
 * (symbol-case); each with the fix that writes the canonical symbol. */
static void
check_symbol_form(rules_ctx *c, unsigned line, unsigned col, const char *s, size_t n, int upper_line)
{
	char *t = xstrndup(s, n);
	norm_symbol y;
	size_t used = 0;
	if (norm_symbol_parse(t, &y, &used) && used <= n) {
		t[used] = '\0';
		if (spaced(t))
			diag_fix_at(diag_emit(c->d, D_SYMBOL_SPACING, line, col, t, y.canonical), c->src, line, col, t, y.canonical);
		else if (!upper_line && case_variant(t, used, y.canonical))
			diag_fix_at(diag_emit(c->d, D_SYMBOL_CASE, line, col, t, y.canonical), c->src, line, col, t, y.canonical);
	}
	free(t);
}

static int
has_digit(const char *s, size_t n)
{
	size_t i = 0;
	/* eight bytes at a time: a digit's byte xor '0' is below 10, and no other byte's is
	 * (any byte below 10 in a word w: (w - 0x0A..) & ~w & 0x80.. is not zero) */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		w ^= 0x3030303030303030u;
		if ((w - 0x0A0A0A0A0A0A0A0Au) & ~w & 0x8080808080808080u)
			return 1;
	}
	for (; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* Is "số" written between the kind and the symbol ("Nghị quyết số 36-NQ")? */
static int
has_so(const char *s, size_t from, size_t to)
{
	char *f = norm_fold(s + from, to - from);
	int r = strstr(f, "số") != NULL;
	free(f);
	return r;
}

/* The piece (line of a paragraph) byte at is in: the last starting at or before it. */
static size_t
para_piece(const rules_para *pa, size_t at)
{
	size_t lo = 0, hi = pa->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (pa->off[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

unsigned
rules_para_line(const rules_para *pa, size_t at)
{
	size_t lo = para_piece(pa, at);
	return pa->lines ? pa->lines[lo] : pa->first + (unsigned)lo;
}

void
rules_para_pos(const rules_para *pa, size_t at, unsigned *line, unsigned *col)
{
	size_t lo = para_piece(pa, at), start = pa->off[lo];
	size_t chars = pa->cur ? utf8_chars_at(pa->cur, pa->s + start, at - start) : utf8_chars(pa->s + start, at - start);
	*line = pa->lines ? pa->lines[lo] : pa->first + (unsigned)lo;
	*col = (pa->cols ? pa->cols[lo] : 1) + (unsigned)chars;
}

/* The citations of one paragraph: symbol shape and case, and a parent cited again. */
static void
para_symbols(rules_ctx *c, const rules_para *pa, cite_list *l)
{
	l->n = 0;
	l->limit_hit = 0;
	cite_scan(c->cite, pa->s, pa->n, CITE_IN_BODY, NULL, l);
	unsigned line, col, upper_line = 0;
	int upper = 0;
	if (l->limit_hit) {
		rules_para_pos(pa, 0, &line, &col);
		diag_once(c->d, D_LINE_TOO_COMPLEX, line, 1);
	}
	for (size_t i = 0; i < l->n; i++) {
		const cite *ct = &l->v[i];
		/* in a wrapped cell, a citation on one line is the line scan's (rule_symbols) */
		if (pa->lines && ct->end > ct->at && para_piece(pa, ct->at) == para_piece(pa, ct->end - 1))
			continue;
		rules_para_pos(pa, ct->sym_at, &line, &col);
		const apc_line *L = &c->src->lines[line - 1];
		const char *x = pa->s + ct->sym_at;
		size_t lo = para_piece(pa, ct->sym_at);
		int whole = ct->sym_at + ct->sym_len <= (lo + 1 < pa->nlines ? pa->off[lo + 1] - 1 : pa->n);   /* on its line */
		if (!ct->sym.canonical[0]) {
			char *t = xstrndup(x, ct->sym_len);
			if (whole && has_so(pa->s, ct->at, ct->sym_at) && strpbrk(t, "/-"))
				symbol_malformed(c->d, c->src, line, col, t);
			free(t);
			continue;
		}
		if (whole && line != upper_line) {   /* once a line, not once a citation */
			upper_line = line;
			upper = all_upper(L->s, L->len);
		}
		if (whole)
			check_symbol_form(c, line, col, x, ct->sym_len, upper);
		/* a parent cited again in the text: its date and issuer there too */
		check_citation(c, pa, ct);
	}
}

#define PARA_SOFT_LINES 16
#define PARA_MAX_LINES 64

/* The text's paragraphs (runs of lines that are not blank), each read as one text so that a
 * citation wrapped over two lines is read whole; a paragraph without a digit cites nothing. */
void
rule_symbols(rules_ctx *c)
{
	cite_list l = { 0 };
	strbuf b = { 0 };
	size_t *off = xmalloc((c->src->nlines + 1) * sizeof *off);
	for (size_t i = 0; i < c->src->nlines;) {
		if (c->src->lines[i].len == 0) {
			i++;
			continue;
		}
		size_t j = i;
		int digit = 0;
		b.len = 0;
		for (; j < c->src->nlines && c->src->lines[j].len; j++) {
			const apc_line *L = &c->src->lines[j];
			if (j > i)
				sb_add(&b, " ", 1);
			off[j - i] = b.len;
			sb_add(&b, L->s, L->len);
			digit = digit || has_digit(L->s, L->len);
			/* a long run of lines is read in parts, cut after a line that ends a sentence
			 * (a citation does not run over one), at the latest after PARA_MAX_LINES */
			if (j - i + 1 >= PARA_MAX_LINES || (j - i + 1 >= PARA_SOFT_LINES && L->len &&
			    strchr(".;:", L->s[L->len - 1]))) {
				j++;
				break;
			}
		}
		if (digit) {
			utf8_cursor cur = { 0 };
			rules_para pa = { b.s, b.len, off, j - i, (unsigned)i + 1, c->src, NULL, NULL, &cur };
			para_symbols(c, &pa, &l);
		}
		i = j;
	}
	free(off);
	free(b.s);
	cite_list_free(&l);
	/* the header's own "Số 30-Ctr/TU" */
	xmlNodePtr sym = tree_child(c->f->meta, "symbol");
	unsigned sl = uline(sym);
	if (sym && sl && sl <= c->src->nlines && tree_attr(sym, "canonical")) {
		const apc_line *L = &c->src->lines[sl - 1];
		const char *meta_source = tree_attr(c->f->meta, "source");
		if (!(meta_source && strcmp(meta_source, "appendix") == 0)) {
			char *t = tree_text(sym);
			check_symbol_form(c, sl, ucol(sym), t, strlen(t), all_upper(L->s, L->len));
			free(t);
		}
	}
}

/* ---- citations a table wraps inside its cell ---- */

#define CELL_MAX_PIECES 64

/* The pieces of a cell's text t (spaces squeezed) from (line, col) down: on each line, the
 * text at the cell's column that goes on with t, ending at a word's end. Fills off (where each
 * piece starts in t), lines, cols and *covered (the bytes of t the pieces hold); returns the
 * count (one: the cell is on its line). */
static size_t
cell_pieces(const apc_source *src, unsigned line, unsigned col, const char *t, size_t n,
    size_t *off, unsigned *lines, unsigned *cols, size_t *covered)
{
	size_t np = 0, done = 0;
	for (unsigned ln = line; ln <= src->nlines && done < n && np < CELL_MAX_PIECES; ln++) {
		const apc_line *L = &src->lines[ln - 1];
		size_t b = line_col_byte(L, col), k = 0;
		while (b < L->len && L->s[b] == ' ')
			b++;
		while (b + k < L->len && done + k < n && L->s[b + k] == t[done + k])
			k++;
		while (k && done + k < n && t[done + k] != ' ')   /* a piece ends where a word does */
			k--;
		if (k == 0)
			break;
		off[np] = done;
		lines[np] = ln;
		cols[np++] = 1 + (unsigned)utf8_chars(L->s, b);
		done += k;
		*covered = done;
		while (done < n && t[done] == ' ')
			done++;
	}
	return np;
}

/* A ruled, grid or space-aligned table wraps a cell over several lines beside other cells'
 * text, so the line scan above reads a citation cut at a line's end in pieces: the cell's text
 * is read again as one paragraph, its pieces at their own lines and columns. */
void
rule_cell_symbols(rules_ctx *c)
{
	cite_list l = { 0 };
	size_t off[CELL_MAX_PIECES];
	unsigned lines[CELL_MAX_PIECES], cols[CELL_MAX_PIECES];
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		for (xmlNodePtr e = c->f->tasks.v[i]->children; e; e = e->next) {
			unsigned line = uline(e), col = ucol(e);
			if (e->type != XML_ELEMENT_NODE || line == 0 || line > c->src->nlines || col == 0 ||
			    !(tree_is(e, "text") || tree_is(e, "cell")))
				continue;       /* citations stand in a task's text and extra columns */
			const apc_line *L = &c->src->lines[line - 1];
			if (memchr(L->s, '\t', L->len))
				continue;       /* a row of tabs holds each cell whole on its line */
			char *raw = tree_text(e), *t = text_squeeze(raw, strlen(raw));
			free(raw);
			size_t n = strlen(t), np = 0, covered = 0;
			if (has_digit(t, n))
				np = cell_pieces(c->src, line, col, t, n, off, lines, cols, &covered);
			if (np >= 2) {
				utf8_cursor cur = { 0 };
				rules_para pa = { t, covered, off, np, line, c->src, lines, cols, &cur };
				para_symbols(c, &pa, &l);
			}
			free(t);
		}
	}
	cite_list_free(&l);
}

/* ---- the appendix's "(Kèm theo ...)" line against the header ---- */

void
rule_attached(rules_ctx *c)
{
	const char *src = tree_attr(c->f->meta, "source");
	if (!src || strcmp(src, "header") != 0)
		return;
	for (xmlNodePtr a = c->f->root->children; a; a = a->next) {
		xmlNodePtr at = tree_is(a, "appendix") ? tree_child(a, "attached") : NULL;
		if (!at)
			continue;
		const char *asym = tree_attr(at, "symbol"), *adate = tree_attr(at, "date");
		int differ = (asym && c->f->symbol && strcmp(asym, c->f->symbol) != 0) ||
		    (adate && c->f->date[0] && strcmp(adate, c->f->date) != 0);
		if (differ) {
			char b1[16], b2[16];
			char *t = tree_text(at);
			diag_extent(diag_emit(c->d, D_APPENDIX_REFERENCE_MISMATCH, uline(at), ucol(at),
			    asym ? asym : "?", rules_dmy(adate, b1), c->f->symbol ? c->f->symbol : "?",
			    rules_dmy(c->f->date[0] ? c->f->date : NULL, b2)), c->src, t);
			free(t);
		}
	}
}

