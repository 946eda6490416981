/* diag.c: collecting diagnostics. The messages come from the catalogue (catalog.c). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void
diag_emitv(apc_diags *d, const char *id, unsigned line, unsigned col, va_list ap)
{
	size_t k = catalog_index(id);
	if (k == (size_t)-1) {
		fprintf(stderr, "apc: internal error: unknown diagnostic %s\n", id);
		abort();
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof *d->v);
	}
	apc_diag *g = &d->v[d->n++];
	memset(g, 0, sizeof *g);
	g->line = line;
	g->col = col;
	g->kind = k;
	g->sev = catalog_entries[k].sev;
	for (int l = 0; l < 2; l++) {
		va_list aq;
		va_copy(aq, ap);
		g->msg[l] = xvasprintf(catalog_entries[k].fmt[l], aq);
		va_end(aq);
	}
}

void
diag_emit(apc_diags *d, const char *id, unsigned line, unsigned col, ...)
{
	va_list ap;
	va_start(ap, col);
	diag_emitv(d, id, line, col, ap);
	va_end(ap);
}

void
diag_sort(apc_diags *d)
{
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
}

void
diag_free(apc_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].msg[0]);
		free(d->v[i].msg[1]);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
