/*
 * re.h: compiled PCRE2 patterns that belong to a session (re.c). Included by the stages that
 * match patterns (lex.c; header.c and cite.c may) and by compile.c, which owns the sets.
 *
 * A stage keeps its patterns as a table of re_def (source and flags) indexed by its own enum;
 * apc_session_open compiles the table into an re_set held in the session (apc_patterns), and
 * apc_session_close frees it. The stage's entry point receives the set (const: read by any
 * number of threads) and makes one re_matcher per call for its match data.
 */
#ifndef APC_RE_H
#define APC_RE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

typedef struct re_def {
	const char *src;      /* the pattern */
	uint32_t flags;       /* added to PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK */
	int interpreted;      /* not JIT-compiled: a pattern only a few lines of a document reach
	                       * (after its first-byte filter) costs less interpreted there than
	                       * its JIT compilation costs at each start-up */
} re_def;

typedef struct re_set {
	pcre2_code **code;    /* n compiled patterns, JIT-compiled where the platform allows (and
	                       * the pattern is not marked interpreted) */
	size_t n;
} re_set;

/* Compile every pattern of defs[0..n) into set. 0, or -1 with a message naming owner, the
 * pattern's index and the offset of the error on stderr; nothing is left allocated then. */
int re_set_compile(re_set *, const char *owner, const re_def *defs, size_t n);
void re_set_free(re_set *);

/* One caller's view of a set: the patterns, its own match data and match limit (never shared
 * between threads). Each match may take limit_base + limit_per_byte x the subject's length
 * steps (PCRE2's match limit, also applied to JIT code); a match that reaches it counts as no
 * match and sets limit_hit, which the caller reads and clears (a line too complex, said). */
typedef struct re_matcher {
	const re_set *set;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	uint32_t limit_base, limit_per_byte;
	int limit_hit;
} re_matcher;
#define RE_LIMIT_BASE     20000u
#define RE_LIMIT_PER_BYTE 64u
/* Match data for up to ngroups capture groups and the default limits; exits 2 when out of
 * memory (never fails). */
re_matcher re_matcher_make(const re_set *, uint32_t ngroups);
void re_matcher_free(re_matcher *);
/* Does pattern i match s[0..n) (valid UTF-8, from offset 0)? Captures stay in m->md. */
int re_match(re_matcher *m, size_t i, const char *s, size_t n);

/* Like re_match, from byte offset `from` of s[0..n) (a scan for every occurrence). */
int re_search(re_matcher *m, size_t i, const char *s, size_t n, size_t from);
/* re_search from `at`, with the match limit a search from `from` has: for a caller that knows
 * no match starts in s[from..at) (phrase.h). */
int re_search_at(re_matcher *m, size_t i, const char *s, size_t n, size_t from, size_t at);

/* The tables of the stages, compiled into the session's sets by apc_session_open. */
extern const re_def lex_patterns[];
extern const size_t lex_npatterns;
/* Can a match of lex pattern p start with byte b? 0 only when it cannot (lex.c). */
int lex_may_start(size_t p, unsigned char b);
extern const re_def header_patterns[];
extern const size_t header_npatterns;
extern const re_def cite_patterns[];
extern const size_t cite_npatterns;

/* Every pattern set of a session, by the stage that uses it. */
typedef struct apc_patterns {
	re_set lex;           /* lex.c: the line classes (lex_patterns) */
	re_set header;        /* header.c: the cells of a document's opening */
	re_set cite;          /* cite.c: citations of other documents */
} apc_patterns;

#endif
