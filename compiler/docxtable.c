/*
 * docxtable.c: a table at the top level of the body, written as lines: a data table one line
 * a row with its cells separated by tabs, a layout table its cells side by side.
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "docxread.h"

#define MAX_COLS 64
#define MAX_ROWS 20000

typedef struct cell {
	cparas ps;
	int span, merge;        /* merge: 0 none, 1 restart, 2 continue */
} cell;

typedef struct rowlist { xmlNodePtr *v; size_t n, cap; } rowlist;

/* The rows of a table, looking through content controls around them. */
static void
table_rows(xmlNodePtr tbl, rowlist *rows, int depth)
{
	for (xmlNodePtr c = tbl ? tbl->children : NULL; c; c = c->next) {
		if (is_w(c, "tr")) {
			if (rows->n == rows->cap) {
				rows->cap = rows->cap ? rows->cap * 2 : 64;
				rows->v = xrealloc(rows->v, rows->cap * sizeof *rows->v);
			}
			rows->v[rows->n++] = c;
		} else if ((is_w(c, "sdt") || is_w(c, "customXml")) && depth < 4)
			table_rows(is_w(c, "sdt") ? wchild(c, "sdtContent") : c, rows, depth + 1);
	}
}

/* Is s "I", "II.", "IV -": a group numeral that starts the text? */
static int
roman_start(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && strchr("IVXLC", s[k]))
		k++;
	return k > 0 && norm_roman(s, k) > 0 && (k == n || strchr(".-) \t", s[k]));
}

/* A cell's paragraphs as the pieces of one line: several paragraphs are joined by "; "
 * (by " " after a paragraph that ends in punctuation), their bullets dropped. */
static size_t
cell_pieces(const cell *c, piece *pc, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->ps.n && n < max; i++) {
		const char *s = c->ps.v[i].s;
		size_t len = c->ps.v[i].len;
		unsigned pcol = 1;
		if (c->ps.n > 1) {
			while (len && (*s == '-' || *s == '+' || *s == ' ')) {
				s++, len--, pcol++;
			}
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
			len--;
		if (len == 0)
			continue;
		pc[n] = (piece){ s, len, c->ps.v[i].no, pcol };
		n++;
	}
	return n;
}

/* Write pieces of one cell after a separator; soft breaks become spaces. */
static void
emit_cell(reader *r, const piece *pc, size_t n, unsigned *col)
{
	for (size_t i = 0; i < n; i++) {
		if (i) {
			char last = pc[i - 1].len ? pc[i - 1].s[pc[i - 1].len - 1] : ' ';
			const char *sep = strchr(".,;:", last) ? " " : "; ";
			sb_adds(r->text, sep);
			*col += (unsigned)strlen(sep);
		}
		docx_seg_add(r, *col, pc[i].para, pc[i].pcol);
		for (size_t k = 0; k < pc[i].len; k++) {
			char ch = pc[i].s[k];
			sb_add(r->text, ch == '\t' || ch == '\n' || ch == '|' ? " " : &pc[i].s[k], 1);
		}
		*col += (unsigned)utf8_chars(pc[i].s, pc[i].len);
	}
}

/* A data table (three columns or more): one line a row, cells separated by tabs. A merged
 * cell (w:vMerge) repeats the text of the cell it continues, except when the first column
 * continues too: then the row continues the task above and its merged cells stay empty. */
static void
table_rows_emit(reader *r, cell *cells, size_t nrows, const size_t *ncells)
{
	cell *above[MAX_COLS] = {0};
	for (size_t ri = 0; ri < nrows; ri++) {
		cell *row = cells + ri * MAX_COLS;
		size_t nc = ncells[ri];
		/* by grid column */
		cell *grid[MAX_COLS];
		size_t g = 0;
		for (size_t i = 0; i < nc && g < MAX_COLS; i++) {
			grid[g++] = &row[i];
			for (int k = 1; k < row[i].span && g < MAX_COLS; k++)
				grid[g++] = NULL;
		}
		int first_continues = g > 0 && grid[0] && grid[0]->merge == 2;
		size_t full = 0;
		cell *only = NULL;
		for (size_t k = 0; k < g; k++)
			if (grid[k] && grid[k]->merge != 2 && grid[k]->ps.n) {
				for (size_t q = 0; q < grid[k]->ps.n; q++)
					if (grid[k]->ps.v[q].len) {
						full++;
						only = grid[k];
						break;
					}
			}
		unsigned col = 1;
		piece pc[32];
		if (full == 1 && only == grid[0] && g > 1 && only->span >= (int)g - 1) {
			/* one cell across the row: a group numeral and title keeps its cells, a
			 * caption is a line of its own */
			size_t n = cell_pieces(only, pc, 32);
			if (n && !roman_start(pc[0].s, pc[0].len)) {
				emit_cell(r, pc, n, &col);
				sb_add(r->text, "\n", 1);
				r->line++;
				for (size_t k = 0; k < g; k++)
					if (grid[k])
						above[k] = grid[k];
				continue;
			}
		}
		for (size_t k = 0; k < g; k++) {
			if (k) {
				sb_add(r->text, "\t", 1);
				col++;
			}
			cell *c = grid[k];
			if (c == NULL)
				continue;
			if (c->merge == 2) {
				if (!first_continues && above[k]) {
					size_t n = cell_pieces(above[k], pc, 32);
					emit_cell(r, pc, n, &col);
				}
				continue;
			}
			above[k] = c;
			size_t n = cell_pieces(c, pc, 32);
			emit_cell(r, pc, n, &col);
		}
		sb_add(r->text, "\n", 1);
		r->line++;
		docx_pad(r);
	}
}

/* A layout table (one or two columns: the header block, the recipients beside the signature):
 * its cells side by side, one line per paragraph (and per soft break) of the tallest cell. */
static void
table_aligned_emit(reader *r, cell *cells, size_t nrows, const size_t *ncells)
{
	for (size_t ri = 0; ri < nrows; ri++) {
		cell *row = cells + ri * MAX_COLS;
		size_t nc = ncells[ri];
		/* sub-lines of each cell: (cell, paragraph index, byte offset) cursors */
		size_t pi[MAX_COLS] = {0}, off[MAX_COLS] = {0};
		for (;;) {
			piece pc[MAX_COLS];
			size_t n = 0;
			int more = 0;
			for (size_t k = 0; k < nc; k++) {
				cell *c = &row[k];
				if (c->merge == 2 || pi[k] >= c->ps.n)
					continue;
				more = 1;
				const cpara *p = &c->ps.v[pi[k]];
				const char *s = p->s + off[k];
				const char *nl = memchr(s, '\n', p->len - off[k]);
				size_t len = nl ? (size_t)(nl - s) : p->len - off[k];
				unsigned pcol = 1 + (unsigned)utf8_chars(p->s, off[k]);
				if (nl)
					off[k] += len + 1;
				else {
					pi[k]++;
					off[k] = 0;
				}
				if (len)
					pc[n++] = (piece){ s, len, p->no, pcol };
			}
			if (!more)
				break;
			unsigned col = 1;
			for (size_t i = 0; i < n; i++) {
				if (i) {
					sb_add(r->text, "\t", 1);
					col++;
				}
				emit_cell(r, &pc[i], 1, &col);
			}
			sb_add(r->text, "\n", 1);
			r->line++;
		}
		docx_pad(r);
	}
}

/* Rows rows[0..nrows) of a table, at most MAX_ROWS: the table's width in grid columns, those
 * past MAX_COLS (not read) included. */
static size_t
table_part(reader *r, xmlNodePtr *rows, size_t nrows)
{
	cell *cells = xcalloc(nrows ? nrows : 1, MAX_COLS * sizeof *cells);
	size_t *ncells = xcalloc(nrows ? nrows : 1, sizeof *ncells);
	size_t width = 0;
	for (size_t ri = 0; ri < nrows; ri++) {
		xmlNodePtr trpr = wchild(rows[ri], "trPr");
		if (wchild(trpr, "del")) {
			r->del++;
			continue;
		}
		if (wchild(trpr, "ins"))
			r->ins++;
		cell *row = cells + ri * MAX_COLS;
		size_t nc = 0, span = 0;
		int before = wint(wchild(trpr, "gridBefore"), "val", 0);
		for (int k = 0; k < before && nc < MAX_COLS; k++, span++)
			row[nc++].span = 1;
		for (xmlNodePtr tc = rows[ri]->children; tc; tc = tc->next) {
			if (is_w(tc, "sdt") && wchild(wchild(tc, "sdtContent"), "tc"))
				tc = wchild(wchild(tc, "sdtContent"), "tc");
			if (!is_w(tc, "tc"))
				continue;
			xmlNodePtr tcpr = wchild(tc, "tcPr");
			int cspan = wint(wchild(tcpr, "gridSpan"), "val", 1);
			if (cspan < 1 || cspan > MAX_COLS)
				cspan = 1;
			if (nc == MAX_COLS) {           /* past what is held: only counted */
				span += (size_t)cspan;
				continue;
			}
			cell *c = &row[nc++];
			c->span = cspan;
			xmlNodePtr vm = wchild(tcpr, "vMerge");
			if (vm) {
				const char *v = wattr(vm, "val");
				c->merge = v && strcmp(v, "restart") == 0 ? 1 : 2;
			}
			span += (size_t)c->span;
			r->in_cell++;
			for (xmlNodePtr b = tc->children; b; b = b->next)
				docx_collect_block(r, b, &c->ps);
			r->in_cell--;
		}
		ncells[ri] = nc;
		if (span > width)
			width = span;
	}
	/* rows dropped as deleted have no cells: leave them out */
	size_t k = 0;
	for (size_t ri = 0; ri < nrows; ri++) {
		if (ncells[ri] == 0)
			continue;
		if (k != ri) {
			memcpy(cells + k * MAX_COLS, cells + ri * MAX_COLS, MAX_COLS * sizeof *cells);
			memset(cells + ri * MAX_COLS, 0, MAX_COLS * sizeof *cells);
			ncells[k] = ncells[ri];
		}
		k++;
	}
	if (width >= 3)
		table_rows_emit(r, cells, k, ncells);
	else
		table_aligned_emit(r, cells, k, ncells);
	for (size_t i = 0; i < nrows * MAX_COLS; i++)
		docx_cparas_free(&cells[i].ps);
	free(cells);
	free(ncells);
	return width;
}

/* A table, MAX_ROWS rows at a time (its cells are held as a grid: rows past the first
 * MAX_ROWS were dropped without a word; now a merged cell does not reach across parts). Its
 * grid columns past MAX_COLS are not read, and said once: the table's place and line, its
 * width, how many were dropped. (The parser holds 32 columns in any case: table.c.) */
void
docx_table(reader *r, xmlNodePtr tbl)
{
	rowlist rows = { 0 };
	table_rows(tbl, &rows, 0);
	unsigned no = ++r->ntables, line = r->line + 1;
	size_t at = 0, width = 0;
	do {
		size_t n = rows.n - at < MAX_ROWS ? rows.n - at : MAX_ROWS;
		size_t w = table_part(r, rows.v ? rows.v + at : NULL, n);
		if (w > width)
			width = w;
		at += n;
	} while (at < rows.n);
	free(rows.v);
	if (width > MAX_COLS && r->d)
		diag_emit(r->d, D_DOCX_TABLE_COLUMNS_DROPPED, line, 1, no, (unsigned)width,
		    (unsigned)(width - MAX_COLS), MAX_COLS);
}
