/*
 * ruled.c: part of the lex stage. Tables whose columns are drawn with rules, as converters
 * write a Word table as text (pandoc's plain text and Markdown "multiline" tables, its grid
 * tables):
 *
 *   -------------- -------------- --------------        +--------+-----------+
 *   TT             Nhiệm vụ chính Cơ quan chủ           | TT     | Cơ quan   |
 *                                 trì                   |        | chủ trì   |
 *                                                       +--------+-----------+
 *   1              Tổ chức học    Ban Tuyên giáo        | 1      | Ban Tuyên |
 *                  tập, quán      Tỉnh ủy               |        | giáo      |
 *
 * A rule of dashes in three runs or more gives each column's character range, so a cell is
 * what stands in its range, even one space from the next (the space-aligned reader needs two).
 * A header wrapped over several lines, which both shapes give, is joined into one header row:
 * its continuation lines (nothing in the number column, short pieces in lower case) go to the
 * header's cells, whose text the token then owns.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Is the line a rule of dashes (spaces around, nothing else)? Returns its runs, 0 if none. */
static size_t
dash_runs(const apc_line *ln, unsigned *start, unsigned *end, size_t max)
{
	size_t n = 0, col = 0;
	int in = 0;
	for (size_t i = 0; i < ln->len; i++) {
		char c = ln->s[i];
		col++;                          /* dashes and spaces are one byte each */
		if (c == '-') {
			if (!in) {
				if (n == max)
					return 0;
				start[n++] = (unsigned)col;
				in = 1;
			}
			end[n - 1] = (unsigned)col;
		} else if (c == ' ' || c == '\t') {
			in = 0;
		} else {
			return 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (end[i] - start[i] < 2)       /* "- - -" is a list of dashes, not a rule */
			return 0;
	return n;
}

int
ruled_rule(const apc_line *ln, ruled_layout *lay)
{
	unsigned start[RULED_MAX], end[RULED_MAX];
	size_t n = dash_runs(ln, start, end, RULED_MAX);
	if (n == 0)
		return 0;
	if (n >= 3) {
		lay->n = n;
		memcpy(lay->start, start, n * sizeof *start);
		return 2;
	}
	return 1;
}

/* Does a rule of three runs or more follow within a few lines (a header above its rule)? */
int
ruled_ahead(const apc_source *src, size_t i, ruled_layout *lay)
{
	for (size_t j = i + 1; j < src->nlines && j <= i + 8; j++)
		if (ruled_rule(&src->lines[j], lay) == 2)
			return 1;
	return 0;
}

size_t
ruled_cut(const ruled_layout *lay, const apc_line *ln, lex_cell *cells)
{
	size_t c = 0, at = 0, col = 1;
	int32_t cp;
	for (size_t k = 0; k < lay->n; k++) {
		cells[k].s = "";
		cells[k].len = 0;
		cells[k].col = lay->start[k];
	}
	while (at < ln->len) {
		while (c + 1 < lay->n && col >= lay->start[c + 1])
			c++;
		size_t from = at;
		/* the text up to the next column's start */
		while (at < ln->len && (c + 1 >= lay->n || col < lay->start[c + 1])) {
			at += utf8_next(ln->s, at, ln->len, &cp);
			col++;
		}
		const char *t = ln->s + from;
		size_t tn = at - from;
		text_trim(&t, &tn);
		if (tn) {
			cells[c].s = t;
			cells[c].len = tn;
			cells[c].col = 1 + (unsigned)utf8_chars(ln->s, (size_t)(t - ln->s));
		}
	}
	size_t full = 0;
	for (size_t k = 0; k < lay->n; k++)
		full += cells[k].len > 0;
	return full ? lay->n : 0;
}

/* A header's continuation on line LINE: nothing in the first column, each piece short and
 * starting in lower case under a head. */
static int
head_continues(const lex_token *h, const lex_token *r, unsigned line)
{
	if (r->cls != LX_ROW || r->ncells != h->ncells || r->line != line || r->cells[0].len)
		return 0;
	size_t full = 0;
	for (size_t c = 1; c < r->ncells; c++) {
		const lex_cell *x = &r->cells[c];
		if (x->len == 0)
			continue;
		int32_t cp;
		size_t first = utf8_next(x->s, 0, x->len, &cp);
		if (x->len > 40 || h->cells[c].len == 0 ||
		    !(x->s[0] == '(' || utf8_has_lower(x->s, first)))   /* "trì", "(năm)" */
			return 0;
		full++;
	}
	return full > 0;
}

/* The header's cells joined with the lines i+1..j-1 under it, into text the header owns. */
static void
join(lex_tokens *toks, lex_token *h, size_t i, size_t j)
{
	strbuf b = { 0 };
	size_t *off = xmalloc(h->ncells * sizeof *off), *len = xmalloc(h->ncells * sizeof *len);
	for (size_t c = 0; c < h->ncells; c++) {
		off[c] = b.len;
		sb_add(&b, h->cells[c].s, h->cells[c].len);
		for (size_t k = i + 1; k < j; k++) {
			const lex_cell *x = &toks->v[k].cells[c];
			if (x->len) {
				sb_add(&b, " ", 1);
				sb_add(&b, x->s, x->len);
			}
		}
		len[c] = b.len - off[c];
	}
	sb_add(&b, "", 0);
	free(h->own);
	h->own = b.s;
	for (size_t c = 0; c < h->ncells; c++) {
		h->cells[c].s = h->own + off[c];
		h->cells[c].len = len[c];
	}
	free(off);
	free(len);
}

static int
same_cells(const lex_token *a, const lex_token *b)
{
	if (a->ncells != b->ncells)
		return 0;
	for (size_t c = 0; c < a->ncells; c++)
		if (a->cells[c].len != b->cells[c].len || memcmp(a->cells[c].s, b->cells[c].s, a->cells[c].len) != 0)
			return 0;
	return 1;
}

/*
 * A header repeated after a page break is joined only when its lines are the first header's:
 * a line under a repeat that differs is the rest of the row the break cut ("hiếm." under the
 * repeated heads), which the parser joins to that row.
 */
void
ruled_join_heads(lex_tokens *toks)
{
	size_t w = 0, first = (size_t)-1;     /* the table's first header, in the written tokens */
	for (size_t i = 0; i < toks->n; i++) {
		toks->v[w++] = toks->v[i];
		lex_token *h = &toks->v[w - 1];
		if (h->cls == LX_APPENDIX)
			first = (size_t)-1;
		if (h->cls != LX_TABLE_HEADER)
			continue;
		size_t j = i + 1;
		for (unsigned line = h->line + 1; j < toks->n && head_continues(h, &toks->v[j], line); line++)
			j++;
		if (first == (size_t)-1)
			first = w - 1;
		if (j == i + 1)
			continue;
		if (first != w - 1) {
			lex_token t = *h;           /* a repeat: joined into a copy, kept if it is the first's */
			t.cells = xmalloc(h->ncells * sizeof *t.cells);
			memcpy(t.cells, h->cells, h->ncells * sizeof *t.cells);
			t.own = NULL;
			join(toks, &t, i, j);
			int same = same_cells(&t, &toks->v[first]);
			free(t.cells);
			free(t.own);
			if (!same)
				continue;
		}
		join(toks, h, i, j);
		for (size_t k = i + 1; k < j; k++) {
			free(toks->v[k].cells);
			free(toks->v[k].own);
		}
		i = j - 1;
	}
	toks->n = w;
}
