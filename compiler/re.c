/*
 * re.c: pattern sets compiled when a session opens and freed when it closes (see re.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "internal.h"
#include "re.h"

int
re_set_compile(re_set *set, const char *owner, const re_def *defs, size_t n)
{
	set->code = xcalloc(n, sizeof *set->code);
	set->n = n;
	for (size_t i = 0; i < n; i++) {
		int err;
		PCRE2_SIZE off;
		set->code[i] = pcre2_compile((PCRE2_SPTR)defs[i].src, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | defs[i].flags, &err, &off, NULL);
		if (set->code[i] == NULL) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof msg);
			fprintf(stderr, "apc: internal error: %s pattern %zu does not compile at %zu: %s\n",
			    owner, i, (size_t)off, (const char *)msg);
			re_set_free(set);
			return -1;
		}
		if (!defs[i].interpreted)
			(void)pcre2_jit_compile(set->code[i], PCRE2_JIT_COMPLETE);   /* else interpreted */
	}
	return 0;
}

void
re_set_free(re_set *set)
{
	for (size_t i = 0; set->code != NULL && i < set->n; i++)
		pcre2_code_free(set->code[i]);
	free(set->code);
	set->code = NULL;
	set->n = 0;
}

re_matcher
re_matcher_make(const re_set *set, uint32_t ngroups)
{
	re_matcher m = {
		.set = set,
		.md = xnonnull(pcre2_match_data_create(ngroups + 1, NULL)),
		.mctx = xnonnull(pcre2_match_context_create(NULL)),
		.limit_base = RE_LIMIT_BASE,
		.limit_per_byte = RE_LIMIT_PER_BYTE,
	};
	const char *lim = getenv("APC_MATCH_LIMIT");     /* tests: a smaller limit, in steps */
	if (lim && *lim >= '0' && *lim <= '9' && strtoul(lim, NULL, 10) < 1000000) {
		m.limit_base = (uint32_t)strtoul(lim, NULL, 10);
		m.limit_per_byte = 0;
	}
	return m;
}

void
re_matcher_free(re_matcher *m)
{
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	m->md = NULL;
	m->mctx = NULL;
}

int
re_search(re_matcher *m, size_t i, const char *s, size_t n, size_t from)
{
	if (i >= m->set->n || from > n)
		return 0;
	uint32_t len = (uint32_t)(n - from < (1u << 20) ? n - from : 1u << 20);
	pcre2_set_match_limit(m->mctx, m->limit_base + m->limit_per_byte * len);
	int rc = pcre2_match(m->set->code[i], (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		m->limit_hit = 1;
	return rc > 0;
}

int
re_search_at(re_matcher *m, size_t i, const char *s, size_t n, size_t from, size_t at)
{
	if (at > n || at < from)
		return 0;
	uint32_t base = m->limit_base;
	size_t span = n - from < (1u << 20) ? n - from : 1u << 20, rest = n - at < (1u << 20) ? n - at : 1u << 20;
	m->limit_base = base + m->limit_per_byte * (uint32_t)(span - rest);
	int r = re_search(m, i, s, n, at);
	m->limit_base = base;
	return r;
}

int
re_match(re_matcher *m, size_t i, const char *s, size_t n)
{
	if (i >= m->set->n)
		return 0;
	uint32_t len = (uint32_t)(n < (1u << 20) ? n : 1u << 20);
	pcre2_set_match_limit(m->mctx, m->limit_base + m->limit_per_byte * len);
	int rc = pcre2_match(m->set->code[i], (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, m->md, m->mctx);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		m->limit_hit = 1;
	return rc > 0;
}
