/*
 * phrase.c: where caseless phrases may stand (see phrase.h). A byte table says which phrases
 * a byte may start, a table of byte pairs and a hashed table of their first four bytes (every
 * form of every phrase marked) rule out most of the rest, and the phrases are
 * compared as code points; phrases tried at one place in order share their common start (one
 * that agrees with the last tried on fewer code points than the text matched, or on more than
 * it did, fails as that one did: distinct letters have disjoint case forms).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "phrase.h"

int
phrase_is_space(int32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 || c == 0x180E ||
	    (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The first bytes of the forms of phrase k's code point c; returns how many (at most 16). A
 * form's whole encoding goes to enc[f] (len[f] bytes). */
static int
forms(const phrase_set *ps, size_t k, size_t c, unsigned char enc[16][4], int len[16])
{
	int32_t cp[3] = { ps->lower[k][c], ps->upper[k][c], 0 };
	int n = cp[0] == cp[1] ? 1 : 2;
	if (cp[0] == ' ' && ps->spaces) {
		static const unsigned char lead[] = { 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xC2, 0xE1, 0xE2, 0xE3 };
		for (size_t i = 0; i < sizeof lead; i++) {
			enc[i][0] = lead[i];
			len[i] = 1;         /* only the first byte is used */
		}
		return (int)sizeof lead;
	}
	if (cp[0] == 's')
		cp[n++] = 0x17F;
	else if (cp[0] == 'k')
		cp[n++] = 0x212A;
	for (int f = 0; f < n; f++)
		len[f] = (int)utf8proc_encode_char(cp[f], enc[f]);
	return n;
}

static void
pair_set(phrase_set *ps, unsigned b0, unsigned b1)
{
	unsigned key = b0 << 8 | b1;
	ps->pair[key >> 3] |= (uint8_t)(1u << (key & 7));
}

/* The bit of quad for four bytes (a hash: two strings may share it). */
static inline unsigned
phrase_quad(unsigned b0, unsigned b1, unsigned b2, unsigned b3)
{
	return ((((b0 * 131u + b1) * 131u + b2) * 131u + b3) * 0x9E3779B1u) >> 16;
}

static void
quad_set(phrase_set *ps, const unsigned char t[4])
{
	unsigned q = phrase_quad(t[0], t[1], t[2], t[3]);
	ps->quad[q >> 3] |= (uint8_t)(1u << (q & 7));
}

/* Mark every four bytes that start with b[0..nb) (nb < 4). */
static void
quad_any(phrase_set *ps, const unsigned char b[4], int nb)
{
	unsigned char t[4] = { b[0], b[1], b[2], b[3] };
	if (nb <= 1) {
		memset(ps->quad, 0xFF, sizeof ps->quad);
		return;
	}
	for (unsigned y = 0; y < 256; y++) {
		t[nb] = (unsigned char)y;
		if (nb == 3)
			quad_set(ps, t);
		else
			for (unsigned z = 0; z < 256; z++) {
				t[3] = (unsigned char)z;
				quad_set(ps, t);
			}
	}
}

/* Mark the first four bytes of every form of phrase k from its code point c on, after the nb
 * bytes in b: after the first byte of a space that may be a run of \s, or at the end of a
 * phrase shorter than four bytes, any bytes may follow. */
static void
quad_mark(phrase_set *ps, size_t k, size_t c, const unsigned char b[4], int nb)
{
	if (nb >= 4) {
		quad_set(ps, b);
		return;
	}
	if (c >= ps->len[k]) {
		quad_any(ps, b, nb);
		return;
	}
	/* a space that may be a run of \s: forms gives the first bytes it may start with */
	int run = ps->lower[k][c] == ' ' && ps->spaces;
	unsigned char enc[16][4];
	int len[16], nf = forms(ps, k, c, enc, len);
	for (int f = 0; f < nf; f++) {
		unsigned char t[4] = { b[0], b[1], b[2], b[3] };
		int m = nb;
		for (int j = 0; j < len[f] && m < 4; j++)
			t[m++] = enc[f][j];
		if (run && m < 4)
			quad_any(ps, t, m);
		else
			quad_mark(ps, k, c + 1, t, m);
	}
}

void
phrase_set_make(phrase_set *ps, const char *const *phrases, size_t n, int spaces, const char *not_after)
{
	memset(ps, 0, sizeof *ps);
	ps->n = n < PHRASE_MAX ? n : PHRASE_MAX;
	ps->spaces = spaces;
	for (const char *c = not_after; c && *c; c++) {
		ps->not_after[(unsigned char)*c >> 6 & 1] |= (uint64_t)1 << (*c & 63);
		ps->blocks[(unsigned char)*c & 0x7F] = 1;
	}
	for (size_t k = 0; k < ps->n; k++) {
		size_t len = strlen(phrases[k]), c = 0;
		for (size_t i = 0; i < len && c < PHRASE_LEN; c++) {
			i += utf8_next(phrases[k], i, len, &ps->lower[k][c]);
			ps->upper[k][c] = utf8proc_toupper(ps->lower[k][c]);
		}
		ps->len[k] = c;
	}
	for (size_t k = 0; k < ps->n; k++) {
		unsigned char e0[16][4], e1[16][4];
		int l0[16], l1[16], n0 = forms(ps, k, 0, e0, l0), n1 = ps->len[k] > 1 ? forms(ps, k, 1, e1, l1) : 0;
		for (int f = 0; f < n0; f++) {
			ps->first[e0[f][0]] |= 1u << k;
			if (l0[f] > 1)
				pair_set(ps, e0[f][0], e0[f][1]);
			else if (n1 == 0)
				for (unsigned b = 0; b < 256; b++)
					pair_set(ps, e0[f][0], b);
			else
				for (int g = 0; g < n1; g++)
					pair_set(ps, e0[f][0], e1[g][0]);
		}
		for (size_t j = 0; j < ps->n; j++) {
			size_t c = 0;
			while (c < ps->len[k] && c < ps->len[j] && ps->lower[k][c] == ps->lower[j][c])
				c++;
			ps->common[k][j] = (unsigned char)c;
		}
		static const unsigned char none[4];
		quad_mark(ps, k, 0, none, 0);
	}
}

/* Does phrase k go on at s[*i..n) from its code point *c? Leaves both after the last code
 * point that agrees. */
static int
phrase_at(const phrase_set *ps, const char *s, size_t n, size_t *i, size_t k, size_t *c)
{
	for (; *c < ps->len[k]; (*c)++) {
		int32_t got, want = ps->lower[k][*c];
		if (*i >= n)
			return 0;
		size_t len = utf8_next(s, *i, n, &got);
		if (want == ' ' && ps->spaces) {
			if (!phrase_is_space(got))
				return 0;
			do
				*i += len;
			while (*i < n && (len = utf8_next(s, *i, n, &got), phrase_is_space(got)));
			continue;
		}
		if (got != want && got != ps->upper[k][*c] && !(want == 's' && got == 0x17F) &&
		    !(want == 'k' && got == 0x212A))
			return 0;
		*i += len;
	}
	return 1;
}

size_t
phrase_next(const phrase_set *ps, const char *s, size_t n, size_t from, phrase_accept_fn accept, void *ctx)
{
	for (size_t i = from; i < n; i++) {
		unsigned char b = (unsigned char)s[i], p;
		uint32_t may = ps->first[b];
		if (may == 0)
			continue;
		if (i > 0 && (p = (unsigned char)s[i - 1]) < 0x80 && (ps->not_after[p >> 6] >> (p & 63) & 1)) {
			/* no phrase starts after a byte of not_after: step over the run of them */
			while (i < n && ps->blocks[(unsigned char)s[i]])
				i++;
			continue;
		}
		unsigned key = (unsigned)b << 8 | (i + 1 < n ? (unsigned char)s[i + 1] : 0);
		if (!(ps->pair[key >> 3] >> (key & 7) & 1))
			continue;
		if (i + 3 < n) {        /* and the first four bytes */
			const unsigned char *u = (const unsigned char *)s + i;
			unsigned q = phrase_quad(u[0], u[1], u[2], u[3]);
			if (!(ps->quad[q >> 3] >> (q & 7) & 1))
				continue;
		}
		size_t last = PHRASE_MAX, c = 0, at = i;
		for (; may != 0; may &= may - 1) {
			size_t k = (size_t)__builtin_ctz(may);
			if (last < PHRASE_MAX && ps->common[last][k] != c)
				continue;
			size_t c0 = c, at0 = at;
			if (phrase_at(ps, s, n, &at, k, &c)) {
				if (accept == NULL || accept(s, n, k, at, ctx))
					return i;
				c = c0;         /* not taken: the next phrase resumes where this one began */
				at = at0;
				continue;
			}
			last = k;
		}
	}
	return n;
}

size_t
phrase_find(phrase_table *t, const char *s, size_t n, size_t from, phrase_accept_fn accept, void *ctx)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	if (!atomic_load_explicit(&t->made, memory_order_acquire)) {
		pthread_mutex_lock(&lock);
		if (!atomic_load_explicit(&t->made, memory_order_relaxed)) {
			phrase_set_make(&t->set, t->phrases, t->n, t->spaces, t->not_after);
			atomic_store_explicit(&t->made, 1, memory_order_release);
		}
		pthread_mutex_unlock(&lock);
	}
	return phrase_next(&t->set, s, n, from, accept, ctx);
}
