/*
 * textrules.h: the text-scanning rules (textrules.c), run from rules.c's table. Included by
 * rules.c and textrules.c only.
 */
#ifndef APC_TEXTRULES_H
#define APC_TEXTRULES_H

#include "internal.h"

/* word-duplicated: a word of one to three syllables written twice in a row. */
void textrules_word_duplicated(const apc_source *, apc_diags *);
/* tone-mark-mixed: both placements (hoá and hóa) in one document; reported once. */
void textrules_tone_marks(const apc_source *, apc_diags *);

#endif
