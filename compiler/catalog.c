/*
 * catalog.c: the table of every diagnostic apc can give, generated from catalog.def (the one
 * place an entry is written), and the lookup of a user's rule id (apc.conf, --disable,
 * --severity). Code names a diagnostic by its enum (D_TASK_NUMBERING), never by its string.
 */
#include <string.h>
#include "internal.h"

const catalog_entry catalog_entries[] = {
#define DIAG(name, id, sev, vi, en, summary, help) { id, APC_##sev, { vi, en }, summary, help },
#include "catalog.def"
#undef DIAG
};

const size_t catalog_count = sizeof catalog_entries / sizeof catalog_entries[0];

/* The enum and the table come from the same list: they cannot disagree in length. */
_Static_assert(sizeof catalog_entries / sizeof catalog_entries[0] == D__COUNT,
    "catalog_entries and enum diag_id differ");

size_t
catalog_index(const char *id)
{
	for (size_t i = 0; i < catalog_count; i++)
		if (strcmp(catalog_entries[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

/* Levenshtein distance of a and b (bytes), capped: larger distances are not told apart. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 64;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
catalog_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, len = strlen(word);
	size_t limit = len < 4 ? 1 : len < 9 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, cands[i]);
		/* a prefix of a longer name ("sev" for "severity") counts as near */
		if (len >= 3 && strncmp(word, cands[i], len) == 0 && d > limit)
			d = limit;
		if (d < bd) {
			bd = d;
			best = cands[i];
		}
	}
	return bd <= limit && bd > 0 ? best : NULL;
}

const char *
catalog_closest_rule(const char *word)
{
	const char *ids[D__COUNT];
	for (size_t i = 0; i < D__COUNT; i++)
		ids[i] = catalog_entries[i].id;
	return catalog_closest(word, ids, D__COUNT);
}
