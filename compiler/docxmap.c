/*
 * docxmap.c: after the pipeline, positions in the lexer's lines go back to Word's paragraphs
 * and their columns (docx_remap).
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "docxread.h"

/* Map (line, col) of the lexer's text to (paragraph, column). Lines with no piece (padding)
 * keep their number. */
static void
locate(const apc_source *src, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi = src->nsegs;
	while (lo < hi) {   /* the first seg after (line, col) */
		size_t mid = (lo + hi) / 2;
		const apc_seg *s = &src->segs[mid];
		if (s->line < *line || (s->line == *line && s->col <= (*col ? *col : 1)))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || src->segs[lo - 1].line != *line) {
		/* before the line's first piece (or a line of its own): its first piece */
		if (lo < src->nsegs && src->segs[lo].line == *line) {
			*line = src->segs[lo].para;
			*col = *col ? src->segs[lo].pcol : 0;
		}
		return;
	}
	const apc_seg *s = &src->segs[lo - 1];
	*line = s->para;
	if (*col)
		*col = s->pcol + (*col - s->col);
}

/* An element's position (tree_remap_positions): a paragraph and a column are never 0. */
static void
remap_pos(void *ctx, unsigned *line, unsigned *col)
{
	locate(ctx, line, col);
}

void
docx_remap(apc_source *src, xmlDocPtr doc, apc_diags *d)
{
	if (src->paras == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		apc_diag *g = &d->v[i];
		if (g->line == 0)
			continue;
		unsigned line = g->line, col = g->col, eline = g->line, ecol = g->end_col;
		locate(src, &line, &col);
		if (ecol) {
			locate(src, &eline, &ecol);
			g->end_col = eline == line && ecol > col ? ecol : 0;
		}
		g->line = line;
		g->col = col;
	}
	if (doc)
		tree_remap_positions(doc, remap_pos, src);
	/* the lines are the paragraphs from now on */
	free(src->text);
	src->text = src->paras;
	src->paras = NULL;
	src->len = strlen(src->text);
	src->nlines = 0;
	size_t cap = 64;
	src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
	for (const char *p = src->text, *end = src->text + src->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (src->nlines == cap) {
			cap *= 2;
			src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
		}
		src->lines[src->nlines++] = (apc_line){ p, l };
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

