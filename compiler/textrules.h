/*
 * textrules.h: the text-scanning rules (textrules.c), run from rules.c's table. Included by
 * rules.c and textrules.c only.
 */
#ifndef APC_TEXTRULES_H
#define APC_TEXTRULES_H

#include "internal.h"

/* One pass over the source lines: word-duplicated (a word of one to three syllables written
 * twice in a row, reported where it stands) and tone-mark-mixed (both placements, hoá and hóa,
 * in one document; reported once, after the line diagnostics) and word-glued (two syllables
 * typed as one run of letters). */
void textrules_run(const apc_source *, apc_diags *);
/* word-glued: the byte where the run of letters s[at..end) splits into two syllables typed
 * without their space, or 0; *many when more than one split reads (no fix then). */
size_t glued_split(const char *s, size_t at, size_t end, int *many);

#endif
