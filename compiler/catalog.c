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
