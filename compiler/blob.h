/*
 * blob.h: the flat form of the compiled library cache (libcache.c, agency.c; included by those
 * two only). Numbers as 8 native bytes, strings as their length then their bytes (NULL as
 * BLOB_NULL). Written and read by the same binary only (the cache key holds its build id), so
 * no byte order or versioning; the reader still checks every length against what is left and
 * fails rather than read past the end.
 */
#ifndef APC_BLOB_H
#define APC_BLOB_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define BLOB_NULL UINT64_MAX
#define BLOB_MAX_COUNT (1u << 24)   /* no count in a library comes near this */

static inline void
blob_num(strbuf *b, uint64_t v)
{
	sb_add(b, (const char *)&v, sizeof v);
}

static inline void
blob_str(strbuf *b, const char *s)
{
	if (s == NULL) {
		blob_num(b, BLOB_NULL);
		return;
	}
	size_t n = strlen(s);
	blob_num(b, n);
	sb_add(b, s, n);
}

typedef struct blob_reader {
	const char *p;
	size_t left;
	int bad;            /* a read failed: everything after it reads as 0 / NULL */
} blob_reader;

static inline uint64_t
blob_get_num(blob_reader *r)
{
	uint64_t v = 0;
	if (r->bad || r->left < sizeof v) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof v);
	r->p += sizeof v;
	r->left -= sizeof v;
	return v;
}

/* A count of things about to be allocated: bounded, else the blob is bad. */
static inline size_t
blob_get_count(blob_reader *r)
{
	uint64_t v = blob_get_num(r);
	if (v > BLOB_MAX_COUNT) {
		r->bad = 1;
		return 0;
	}
	return (size_t)v;
}

/* A malloc'd string, or NULL (also when the blob is bad: check r->bad). */
static inline char *
blob_get_str(blob_reader *r)
{
	uint64_t n = blob_get_num(r);
	if (r->bad || n == BLOB_NULL)
		return NULL;
	if (n > r->left || memchr(r->p, '\0', (size_t)n) != NULL) {
		r->bad = 1;
		return NULL;
	}
	char *s = xstrndup(r->p, (size_t)n);
	r->p += n;
	r->left -= (size_t)n;
	return s;
}

#endif
