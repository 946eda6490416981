/*
 * phrase.h: where a set of caseless phrases may stand in text, as PCRE2 (UTF, UCP, CASELESS)
 * matches their letters: each letter in either case, and for s and k also ſ (U+017F) and the
 * Kelvin sign (U+212A), the only other forms PCRE2's case tables give the Vietnamese and ASCII
 * letters these phrases use. A pattern whose match must start with one of the phrases (the
 * literal alternatives it opens with) then runs only from where one stands, not over every
 * byte. Included by header.c and cite.c (phrase.c).
 */
#ifndef APC_PHRASE_H
#define APC_PHRASE_H

#include <stddef.h>
#include <stdint.h>

#define PHRASE_MAX 32           /* phrases in a set */
#define PHRASE_LEN 24           /* code points in a phrase */

typedef struct phrase_set {
	size_t n;
	int spaces;                 /* a space of a phrase is a run of \s (else one U+0020) */
	uint64_t not_after[2];      /* ASCII bytes a phrase may not follow (the pattern's lookbehind) */
	int32_t lower[PHRASE_MAX][PHRASE_LEN], upper[PHRASE_MAX][PHRASE_LEN];
	size_t len[PHRASE_MAX];
	uint32_t first[256];        /* bit k: phrase k may start with this byte */
	uint8_t pair[256 * 256 / 8];    /* bit b0 << 8 | b1: some phrase may start with these bytes */
	unsigned char common[PHRASE_MAX][PHRASE_MAX];   /* code points two phrases share at the start */
	unsigned char blocks[256];  /* 1: a byte of not_after */
	uint8_t quad[65536 / 8];    /* bit phrase_quad(b0..b3): some phrase may start with these bytes */
} phrase_set;

/* Make the set of phrases (lower case, single spaces; at most PHRASE_MAX of at most PHRASE_LEN
 * code points). spaces: a space stands for a run of white space (\s+); not_after: the ASCII
 * characters that may not stand right before a phrase. */
void phrase_set_make(phrase_set *, const char *const *phrases, size_t n, int spaces, const char *not_after);

/* A set made on first use, by any thread: a static phrase_table { phrases, n, spaces,
 * not_after } passed to phrase_find. */
typedef struct phrase_table {
	const char *const *phrases;
	size_t n;
	int spaces;
	const char *not_after;
	_Atomic int made;
	phrase_set set;
} phrase_table;

/* Is c white space as PCRE2's \s is with UCP? */
int phrase_is_space(int32_t c);

/*
 * The first offset from `from` in s[0..n) (valid UTF-8) where a phrase stands that accept
 * (NULL: any) takes: accept(s, n, k, end, ctx) for phrase k found ending at byte end. n when
 * none. A phrase is tried in every place a pattern starting with it may match (a superset:
 * the pattern decides).
 */
typedef int (*phrase_accept_fn)(const char *s, size_t n, size_t k, size_t end, void *ctx);
size_t phrase_next(const phrase_set *, const char *s, size_t n, size_t from, phrase_accept_fn accept, void *ctx);
/* phrase_next with the table's set, made on first use. */
size_t phrase_find(phrase_table *, const char *s, size_t n, size_t from, phrase_accept_fn accept, void *ctx);

#endif
