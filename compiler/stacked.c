/*
 * stacked.c: part of the lex stage. A table copied one cell per line, as a PDF viewer, a
 * site's text copy or pdftotext without -layout gives it ("TT", "Nhiệm vụ", "Cơ quan chủ
 * trì"... each alone on its line, then each row's number and cells likewise), is found by its
 * header: a number head followed by at least three column heads, each alone on its line. Its
 * lines are rewritten into the tokens a table with cells side by side gives: the header row,
 * then for each row a row token holding its number and one continuation row per cell line
 * (empty number, the text in its column), which the parser joins as it joins a row that wraps.
 *
 * A row starts at a line that is only a number, arabic or roman, once the row before has a
 * line (numbers out of sequence too: the parser reports the slip). Its lines are its cells in order; where the
 * count differs from the columns (empty cells dropped, long cells wrapped), the last line goes
 * to the time column when it reads as a time, the first to the task and the rest in order.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define MAX_STACKED_COLS 12

typedef struct span { const char *s; size_t len; unsigned col; } span;

static span
line_text(const apc_source *src, unsigned line)
{
	const apc_line *ln = &src->lines[line - 1];
	const char *s = ln->s;
	size_t n = ln->len;
	text_trim(&s, &n);
	span t = { s, n, 1 + (unsigned)utf8_chars(ln->s, (size_t)(s - ln->s)) };
	return t;
}

/* "TT", "STT", "Số TT", "Số thứ tự" (a head the lexer also knows, short) */
static int
number_head(span t, lex_head_fn is_head, void *ctx)
{
	if (t.len == 0 || t.len > 16 || !is_head(t.s, t.len, ctx))
		return 0;
	return memmem(t.s, t.len, "TT", 2) || memmem(t.s, t.len, "thứ tự", strlen("thứ tự"));
}

/* The row number a line is alone: >0 arabic, <0 roman (its negated value), 0 none. */
static int
row_number(span t)
{
	size_t n = t.len;
	while (n && (t.s[n - 1] == '.' || t.s[n - 1] == ')'))
		n--;
	if (n == 0 || n > 5)
		return 0;
	size_t d = 0;
	while (d < n && t.s[d] >= '0' && t.s[d] <= '9')
		d++;
	if (d == n)
		return atoi(t.s) > 0 && n <= 4 ? atoi(t.s) : 0;
	int r = norm_roman(t.s, n);
	return r > 0 ? -r : 0;
}

/* The header again at line l (after a page break): its number head and ncols-1 heads. */
static int
header_again(const apc_source *src, unsigned l, size_t ncols, lex_head_fn is_head, void *ctx)
{
	if (l + ncols - 1 > src->nlines || !number_head(line_text(src, l), is_head, ctx))
		return 0;
	for (unsigned r = l + 1; r < l + ncols; r++) {
		span t = line_text(src, r);
		if (!is_head(t.s, t.len, ctx))
			return 0;
	}
	return 1;
}

static int
ends_table(lex_class c)
{
	return c == LX_APPENDIX || c == LX_ATTACHED || c == LX_RECIPIENTS || c == LX_SIGN_ROLE ||
	    c == LX_SIGN_TITLE || c == LX_KIND;
}

/* The class of the first token of a line, and whether the line has a single token. */
static lex_class
line_class(const lex_tokens *t, const size_t *first, unsigned line, int *single)
{
	size_t i = first[line];
	if (i == (size_t)-1) {
		*single = 1;
		return LX_BLANK;
	}
	*single = (i + 1 >= t->n || t->v[i + 1].line != line) && t->v[i].cls != LX_ROW &&
	    t->v[i].cls != LX_TABLE_HEADER;
	return t->v[i].cls;
}

typedef struct out_tokens { lex_tokens t; size_t cap; } out_tokens;

static lex_token *
emit(out_tokens *o, lex_class cls, unsigned line, size_t ncols)
{
	if (o->t.n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->t.v = xrealloc(o->t.v, o->cap * sizeof *o->t.v);
	}
	lex_token *k = &o->t.v[o->t.n++];
	memset(k, 0, sizeof *k);
	k->cls = cls;
	k->line = line;
	k->col = 1;
	k->cells = xcalloc(ncols, sizeof *k->cells);
	k->ncells = ncols;
	for (size_t c = 0; c < ncols; c++)
		k->cells[c].s = "";
	return k;
}

/* A token of the lexer's, moved as it is (its cells go with it). */
static void
keep(out_tokens *o, lex_token *k)
{
	if (o->t.n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->t.v = xrealloc(o->t.v, o->cap * sizeof *o->t.v);
	}
	o->t.v[o->t.n++] = *k;
	k->cells = NULL;
}

/* One cell line: a continuation row with the text in column c. */
static void
emit_cell(out_tokens *o, span t, unsigned line, size_t c, size_t ncols)
{
	lex_token *k = emit(o, LX_ROW, line, ncols);
	k->s = t.s;
	k->len = t.len;
	k->col = t.col;
	k->cells[c].s = t.s;
	k->cells[c].len = t.len;
	k->cells[c].col = t.col;
}

static int
reads_as_time(span t)
{
	char *s = xstrndup(t.s, t.len);
	norm_timeline nt;
	int ok = t.len < 80 && norm_timeline_parse(s, &nt);
	free(s);
	return ok;
}

/* The lines of one row (after its number) into cells 1..ncols-1. */
static void
emit_row_cells(out_tokens *o, const apc_source *src, const unsigned *lines, size_t nl, size_t ncols,
    int group, size_t task_col, size_t time_col)
{
	size_t slots = ncols - 1;
	while (nl > slots && line_text(src, lines[nl - 1]).len == 0)
		nl--;                            /* blank lines after the row */
	if (group) {                         /* a group: its title, however many lines */
		for (size_t i = 0; i < nl; i++) {
			span t = line_text(src, lines[i]);
			if (t.len)
				emit_cell(o, t, lines[i], task_col, ncols);
		}
		return;
	}
	if (nl == slots) {                   /* one line per cell, empty cells kept */
		for (size_t i = 0; i < nl; i++) {
			span t = line_text(src, lines[i]);
			if (t.len)
				emit_cell(o, t, lines[i], i + 1, ncols);
		}
		return;
	}
	unsigned *nonblank = xmalloc((nl + 1) * sizeof *nonblank);
	size_t *col_of = xmalloc((nl + 1) * sizeof *col_of);
	size_t nb = 0;
	for (size_t i = 0; i < nl; i++)
		if (line_text(src, lines[i]).len)
			nonblank[nb++] = lines[i];
	if (nb == 0)
		goto out;
	if (nb == slots) {                   /* blank lines between the cells: one line per cell */
		for (size_t i = 0; i < nb; i++)
			col_of[i] = i + 1;
		goto emit;
	}
	/* from the end: the time, then one line per column back to the task's; the lines left at
	 * the front are the task's, wrapped */
	size_t last = nb;
	size_t c = ncols - 1;
	if (time_col && nb > 1 && reads_as_time(line_text(src, nonblank[nb - 1]))) {
		col_of[--last] = time_col;
		if (c == time_col)
			c--;
	} else if (c == time_col)
		c--;
	size_t room = c > task_col ? c - task_col : 0;   /* columns between the task and c */
	size_t tail = last > 1 ? last - 1 : 0;           /* lines after the task's first */
	size_t take = tail < room ? tail : room;
	if (nb < slots) {
		/* cells dropped: after the task, the lines fill the columns in order */
		size_t cc = task_col + 1;
		for (size_t i = 1; i < last; i++, cc++)
			col_of[i] = cc == time_col ? ++cc : cc;
		col_of[0] = task_col;
	} else {
		for (size_t i = 0; i < last; i++)
			col_of[i] = task_col;
		for (size_t i = 0; i < take; i++) {
			size_t cc = c - i;
			if (cc == time_col)
				cc--;
			col_of[last - 1 - i] = cc;
		}
	}
emit:
	for (size_t i = 0; i < nb; i++) {
		size_t cc = col_of[i] < ncols ? col_of[i] : task_col;
		emit_cell(o, line_text(src, nonblank[i]), nonblank[i], cc, ncols);
	}
out:
	free(nonblank);
	free(col_of);
}

void
lex_restack(lex_tokens *toks, const apc_source *src, lex_head_fn is_head, void *ctx)
{
	if (toks->n == 0 || src->nlines == 0)
		return;
	size_t *first = xmalloc((src->nlines + 2) * sizeof *first);
	for (size_t i = 0; i <= src->nlines + 1; i++)
		first[i] = (size_t)-1;
	for (size_t i = toks->n; i-- > 0;)
		if (toks->v[i].line <= src->nlines)
			first[toks->v[i].line] = i;
	out_tokens o = { { NULL, 0 }, 0 };
	size_t copied = 0;                   /* tokens before this index are in o or replaced */
	unsigned *rows = xmalloc(src->nlines * sizeof *rows);

	for (unsigned h = 1; h <= src->nlines; h++) {
		int single;
		if (line_class(toks, first, h, &single) == LX_BLANK || !single ||
		    !number_head(line_text(src, h), is_head, ctx))
			continue;
		/* the heads: consecutive single lines the lexer knows as column heads */
		unsigned e = h + 1;
		while (e <= src->nlines && e - h < MAX_STACKED_COLS) {
			span t = line_text(src, e);
			line_class(toks, first, e, &single);
			if (!single || t.len == 0 || t.len >= 120 || number_head(t, is_head, ctx) || !is_head(t.s, t.len, ctx))
				break;
			e++;
		}
		size_t ncols = e - h;
		if (ncols < 4)
			continue;
		size_t task_col = 1, time_col = 0;
		for (size_t c = ncols; c-- > 1;) {
			span t = line_text(src, h + (unsigned)c);
			enum colkey k = table_colkey(t.s, t.len);
			if (k == K_TASK)
				task_col = c;
			else if (k == K_TIMELINE && !time_col)
				time_col = c;
		}

		/* the rows, to the first line that ends a table */
		unsigned l = e, end = e;
		size_t nr = 0;
		int last = 0;                            /* the last task number */
		while (l <= src->nlines) {
			lex_class cls = line_class(toks, first, l, &single);
			if (!single || ends_table(cls))
				break;
			span t = line_text(src, l);
			if (header_again(src, l, ncols, is_head, ctx)) {   /* after a page break */
				l += (unsigned)ncols;
				continue;
			}
			/* a number alone starts a row once the row before has a cell: out of
			 * sequence too (a slip the parser reports), never a cell's only text */
			int v = row_number(t);
			unsigned have = nr ? l - rows[nr - 1] - 1 : 0;    /* lines of the row so far */
			int year = v >= 1900 && v <= 2100;
			if (v != 0 && (v < 1000 || (v == last + 1 && (!year || have >= ncols - 1))) &&
			    (nr == 0 || have > 0)) {
				rows[nr++] = l;               /* past 999 only in sequence, a year only after a full row */
				if (v > 0)
					last = v;
				end = l + 1;
			} else if (nr)
				end = l + 1;         /* a cell line of the row */
			l++;
		}
		if (nr == 0) {
			h = l > h ? l - 1 : h;       /* what the scan passed holds no table: linear */
			continue;
		}

		/* tokens before the table are kept, the table's are replaced */
		size_t from = first[h];
		for (; copied < from; copied++)
			keep(&o, &toks->v[copied]);
		lex_token *hd = emit(&o, LX_TABLE_HEADER, h, ncols);
		span ht = line_text(src, h);
		hd->s = ht.s;
		hd->len = ht.len;
		for (size_t c = 0; c < ncols; c++) {
			span t = line_text(src, h + (unsigned)c);
			hd->cells[c].s = t.s;
			hd->cells[c].len = t.len;
			hd->cells[c].col = t.col;
		}
		for (size_t r = 0; r < nr; r++) {
			unsigned at = rows[r], stop = r + 1 < nr ? rows[r + 1] : end;
			span nt = line_text(src, at);
			lex_token *k = emit(&o, LX_ROW, at, ncols);
			k->s = nt.s;
			k->len = nt.len;
			k->col = nt.col;
			k->cells[0].s = nt.s;
			k->cells[0].len = nt.len;
			k->cells[0].col = nt.col;
			/* the row's lines; a header repeated inside it (a page break) starts a part
			 * of its own, laid out as a row is: its empty number line is dropped */
			unsigned *cl = xmalloc((stop - at + 1) * sizeof *cl);
			size_t ncl = 0;
			int cont = 0;
			for (unsigned x = at + 1; x <= stop; x++) {
				if (x == stop || header_again(src, x, ncols, is_head, ctx)) {
					if (cont && ncl == ncols && line_text(src, cl[0]).len == 0)
						emit_row_cells(&o, src, cl + 1, ncl - 1, ncols, row_number(nt) < 0, task_col, time_col);
					else
						emit_row_cells(&o, src, cl, ncl, ncols, row_number(nt) < 0, task_col, time_col);
					ncl = 0;
					cont = 1;
					x += (unsigned)ncols - 1;
					continue;
				}
				cl[ncl++] = x;
			}
			free(cl);
		}
		/* skip the replaced tokens */
		while (copied < toks->n && toks->v[copied].line < end) {
			free(toks->v[copied].cells);
			toks->v[copied].cells = NULL;
			copied++;
		}
		h = end - 1;
	}
	if (o.t.v) {
		for (; copied < toks->n; copied++)
			keep(&o, &toks->v[copied]);
		free(toks->v);
		*toks = o.t;
	}
	free(rows);
	free(first);
}
