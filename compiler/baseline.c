/*
 * baseline.c: findings recorded once (apc check --write-baseline FILE) so that a repository with
 * a history of documents fails only on new ones (apc check --baseline FILE).
 *
 * A finding is known by a fingerprint that survives lines moving: a hash of its rule, its file
 * and the text of its line and the two lines around it, each with its spaces collapsed. Line
 * numbers and columns are not in it. The same fingerprint may stand for several findings (the
 * same mistake twice in one passage): the baseline is a multiset, each recorded finding
 * absorbing one of today's.
 *
 * The file: one finding a line, "FINGERPRINT RULE PATH"; '#' starts a comment.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"

typedef struct bl_entry {
	char fp[17];
	int used;
} bl_entry;

struct baseline {
	bl_entry *v;
	size_t n;
};

/* Line ln (1-based) of src with its runs of spaces and tabs made one space, trimmed, without
 * hidden characters (utf8_hidden: deleting them, as apc fix does, moves no finding). */
static void
add_line(strbuf *b, const apc_source *src, size_t ln)
{
	if (ln == 0 || ln > src->nlines) {
		sb_adds(b, "\n");
		return;
	}
	const apc_line *L = &src->lines[ln - 1];
	int space = 0, any = 0;
	for (size_t i = 0, k; i < L->len; i += k) {
		char c = L->s[i];
		k = 1;
		if (c == ' ' || c == '\t' || c == '\r') {
			space = 1;
			continue;
		}
		if ((unsigned char)c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)L->s + i,
			    (utf8proc_ssize_t)(L->len - i > 4 ? 4 : L->len - i), &cp);
			if (n > 0) {
				k = (size_t)n;
				if (utf8_hidden(cp, NULL) != NULL)
					continue;
			}
		}
		if (space && any)
			sb_add(b, " ", 1);
		space = 0;
		any = 1;
		sb_add(b, L->s + i, k);
	}
	sb_adds(b, "\n");
}

void
baseline_fingerprint(const apc_result *res, const apc_diag *d, char out[17])
{
	strbuf b = { 0 };
	sb_adds(&b, d->kind < catalog_count ? catalog_entries[d->kind].id : "?");
	sb_add(&b, "", 1);
	sb_adds(&b, res->src.path != NULL ? res->src.path : "-");
	sb_add(&b, "", 1);
	if (d->line == 0) {
		/* about the whole file: its message (English) tells one from another */
		sb_adds(&b, d->msg[APC_LANG_EN] != NULL ? d->msg[APC_LANG_EN] : "");
	} else
		for (size_t ln = d->line - 1; ln <= (size_t)d->line + 1; ln++)
			add_line(&b, &res->src, ln);
	uint64_t h = (uint64_t)hash_fnv1a(b.s, b.len);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	free(b.s);
}

static int
by_fp(const void *a, const void *b)
{
	return strcmp(((const bl_entry *)a)->fp, ((const bl_entry *)b)->fp);
}

baseline *
baseline_load(const char *path, char **err)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	baseline *bl = xcalloc(1, sizeof *bl);
	size_t cap = 0, ln = 0;
	char buf[4096];
	while (fgets(buf, sizeof buf, f) != NULL) {
		ln++;
		if (buf[0] == '#' || buf[0] == '\n')
			continue;
		size_t k = 0;
		while (k < 16 && ((buf[k] >= '0' && buf[k] <= '9') || (buf[k] >= 'a' && buf[k] <= 'f')))
			k++;
		if (k != 16 || (buf[16] != ' ' && buf[16] != '\n' && buf[16] != '\0')) {
			*err = xasprintf("%s:%zu: not a baseline line (FINGERPRINT RULE PATH)", path, ln);
			fclose(f);
			baseline_free(bl);
			return NULL;
		}
		if (bl->n == cap) {
			cap = cap ? cap * 2 : 64;
			bl->v = xrealloc(bl->v, cap * sizeof *bl->v);
		}
		memcpy(bl->v[bl->n].fp, buf, 16);
		bl->v[bl->n].fp[16] = '\0';
		bl->v[bl->n].used = 0;
		bl->n++;
	}
	fclose(f);
	if (bl->n > 1)
		qsort(bl->v, bl->n, sizeof *bl->v, by_fp);
	return bl;
}

int
baseline_take(baseline *bl, const char *fp)
{
	if (bl == NULL || bl->n == 0)
		return 0;
	size_t lo = 0, hi = bl->n;
	while (lo < hi) {           /* the first entry >= fp */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(bl->v[mid].fp, fp) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < bl->n && strcmp(bl->v[lo].fp, fp) == 0; lo++)
		if (!bl->v[lo].used) {
			bl->v[lo].used = 1;
			return 1;
		}
	return 0;
}

void
baseline_free(baseline *bl)
{
	if (bl == NULL)
		return;
	free(bl->v);
	free(bl);
}
