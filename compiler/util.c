/* util.c: allocation that never fails, growable strings, UTF-8 counting. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include "internal.h"

void
xoom(void)
{
	fputs("apc: out of memory\n", stderr);
	exit(2);
}

void *
xnonnull(void *p)
{
	if (p == NULL)
		xoom();
	return p;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		xoom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (p == NULL)
		xoom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		xoom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return xstrdup("");
	char *p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0, i = 0;
	/* eight bytes at a time: a continuation byte has bit 7 set and bit 6 clear */
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t cont = (x & ~(x << 1) & 0x8080808080808080u) >> 7;
		c += 8 - (size_t)((cont * 0x0101010101010101u) >> 56);
	}
	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

size_t
utf8_chars_at(utf8_cursor *c, const char *s, size_t at)
{
	if (c->s != s)
		*c = (utf8_cursor){ s, 0, 0 };
	if (at >= c->at)
		c->chars += utf8_chars(s + c->at, at - c->at);
	else if (at < c->at - at)   /* nearer the start than the last answer */
		c->chars = utf8_chars(s, at);
	else
		c->chars -= utf8_chars(s + at, c->at - at);
	c->at = at;
	return c->chars;
}

size_t
utf8_decode(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c = (unsigned char)s[0];
	utf8proc_ssize_t k = 1;
	if (c >= 0x80 && (k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c)) <= 0)
		c = -1, k = 1;
	*cp = c;
	return (size_t)k;
}

int
utf8_has_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			return 0;
		if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
			return 1;
	}
	return 0;
}

/* ---- time ---- */

double
clock_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
sb_add(strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_adds(strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void
sb_addf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = xvasprintf(fmt, ap);
	va_end(ap);
	sb_adds(b, p);
	free(p);
}

char *
sb_take(strbuf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}
static int
trim_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

size_t
text_spaces3(const char *s, size_t n)
{
	/* a byte at i + 2 that is no space rules out i, i + 1 and i + 2 */
	for (size_t i = 0; i + 2 < n;) {
		if (s[i + 2] != ' ')
			i += 3;
		else if (s[i + 1] != ' ')
			i += 2;
		else if (s[i] != ' ')
			i += 1;
		else
			return i;
	}
	return n;
}

/* Narrow s[0..n) past spaces, NBSP and the "**" bold markers of extracted text at both ends. */
void
text_trim(const char **s, size_t *n)
{
	for (;;) {
		if (*n && trim_space((unsigned char)**s))
			(*s)++, (*n)--;
		else if (*n >= 2 && (unsigned char)(*s)[0] == 0xC2 && (unsigned char)(*s)[1] == 0xA0)
			(*s) += 2, (*n) -= 2;
		else if (*n >= 2 && (*s)[0] == '*' && (*s)[1] == '*')
			(*s) += 2, (*n) -= 2;
		else
			break;
	}
	for (;;) {
		if (*n && trim_space((unsigned char)(*s)[*n - 1]))
			(*n)--;
		else if (*n >= 2 && (unsigned char)(*s)[*n - 2] == 0xC2 && (unsigned char)(*s)[*n - 1] == 0xA0)
			(*n) -= 2;
		else if (*n >= 2 && (*s)[*n - 1] == '*' && (*s)[*n - 2] == '*')
			(*n) -= 2;
		else
			break;
	}
}

/* Copy s[0..n) into o with runs of white space (and NBSP) made one space, trimmed. */
size_t
text_squeeze_into(char *o, const char *s, size_t n)
{
	/* the bytes a run of text stops at: ASCII white space, and 0xC2 (NBSP is C2 A0) */
	static const unsigned char stop[256] = {
		['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, [0xC2] = 1,
	};
	size_t k = 0, i = 0;
	while (i < n) {
		while (i < n && !stop[(unsigned char)s[i]])
			o[k++] = s[i++];
		if (i == n)
			break;
		if ((unsigned char)s[i] == 0xC2 && (i + 1 == n || (unsigned char)s[i + 1] != 0xA0)) {
			o[k++] = s[i++];    /* a 0xC2 that starts no NBSP is text */
			continue;
		}
		/* white space, NBSP included: one space between words, none at the ends */
		while (i < n && (((unsigned char)s[i] != 0xC2 && stop[(unsigned char)s[i]]) ||
		    ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)))
			i += (unsigned char)s[i] == 0xC2 ? 2 : 1;
		if (k > 0 && i < n)
			o[k++] = ' ';
	}
	o[k] = '\0';
	return k;
}

char *
text_squeeze(const char *s, size_t n)
{
	char *o = xmalloc(n + 1);
	text_squeeze_into(o, s, n);
	return o;
}

size_t
hash_fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t h = (size_t)14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * (size_t)1099511628211ULL;
	return h;
}
struct strset_slot { char *s; size_t len, id; uint64_t h; };

size_t
strset_put(strset *set, const char *s, size_t len, int *added)
{
	uint64_t h = hash_fnv1a(s, len);
	size_t i;

	if (2 * (set->n + 1) > (set->v != NULL ? set->mask + 1 : 0)) {   /* grow: at most half full */
		size_t cap = set->v != NULL ? 2 * (set->mask + 1) : 16;
		struct strset_slot *v = xcalloc(cap, sizeof *v);
		for (size_t k = 0; set->v != NULL && k <= set->mask; k++)
			if (set->v[k].s != NULL) {
				for (i = set->v[k].h & (cap - 1); v[i].s != NULL; i = (i + 1) & (cap - 1))
					;
				v[i] = set->v[k];
			}
		free(set->v);
		set->v = v;
		set->mask = cap - 1;
	}
	for (i = h & set->mask; set->v[i].s != NULL; i = (i + 1) & set->mask)
		if (set->v[i].h == h && set->v[i].len == len && memcmp(set->v[i].s, s, len) == 0) {
			*added = 0;
			return set->v[i].id;
		}
	set->v[i] = (struct strset_slot){ xstrndup(s, len), len, set->n, h };
	*added = 1;
	return set->n++;
}

size_t
strset_find(const strset *set, const char *s, size_t len)
{
	if (set->v == NULL)
		return (size_t)-1;
	uint64_t h = hash_fnv1a(s, len);
	for (size_t i = h & set->mask; set->v[i].s != NULL; i = (i + 1) & set->mask)
		if (set->v[i].h == h && set->v[i].len == len && memcmp(set->v[i].s, s, len) == 0)
			return set->v[i].id;
	return (size_t)-1;
}

void
strset_free(strset *set)
{
	for (size_t k = 0; set->v != NULL && k <= set->mask; k++)
		free(set->v[k].s);
	free(set->v);
	set->v = NULL;
	set->n = set->mask = 0;
}

const char *
utf8_hidden(int32_t cp, int *bidi)
{
	static const struct { int32_t cp; const char *name; int bidi; } table[] = {
		{ 0x00AD, "SHY", 0 }, { 0x061C, "ALM", 1 }, { 0x180E, "MVS", 0 },
		{ 0x200B, "ZWSP", 0 }, { 0x200C, "ZWNJ", 0 }, { 0x200D, "ZWJ", 0 },
		{ 0x200E, "LRM", 1 }, { 0x200F, "RLM", 1 },
		{ 0x202A, "LRE", 1 }, { 0x202B, "RLE", 1 }, { 0x202C, "PDF", 1 }, { 0x202D, "LRO", 1 },
		{ 0x202E, "RLO", 1 }, { 0x2060, "WJ", 0 }, { 0x2061, "FUNCTION APPLICATION", 0 },
		{ 0x2062, "INVISIBLE TIMES", 0 }, { 0x2063, "INVISIBLE SEPARATOR", 0 },
		{ 0x2064, "INVISIBLE PLUS", 0 }, { 0x2066, "LRI", 1 }, { 0x2067, "RLI", 1 },
		{ 0x2068, "FSI", 1 }, { 0x2069, "PDI", 1 }, { 0xFEFF, "BOM", 0 },
	};
	if (cp < 0xAD || (cp > 0xAD && cp < 0x34F) || (cp > 0x34F && cp < 0x61C) || (cp > 0x180E && cp < 0x200B))
		return NULL;
	/* shown as nothing, or as blank, in the text drafters see: no language of a program needs them */
	int run = cp >= 0xFE00 && cp <= 0xFE0F ? 1 : cp >= 0xE0000 && cp <= 0xE007F ? 2 : cp >= 0xFFF9 && cp <= 0xFFFB ? 3 :
	    cp == 0x034F ? 4 : cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 ? 5 : 0;
	if (run) {
		static const char *const names[] = { "", "VARIATION SELECTOR", "TAG", "INTERLINEAR ANNOTATION",
			"COMBINING GRAPHEME JOINER", "HANGUL FILLER" };
		if (bidi != NULL)
			*bidi = 0;
		return names[run];
	}
	if (cp > 0x2069 && cp != 0xFEFF)
		return NULL;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].cp == cp) {
			if (bidi != NULL)
				*bidi = table[i].bidi;
			return table[i].name;
		}
	return NULL;
}

char *
utf8_printable(const char *s, size_t n)
{
	strbuf b = { 0 };
	sb_add(&b, "", 0);
	for (size_t i = 0, k; i < n; i += k) {
		int32_t cp;
		size_t j = i;           /* printable ASCII and tabs, as they are */
		while (j < n && (((unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7F) || s[j] == '\t'))
			j++;
		if (j > i) {
			sb_add(&b, s + i, j - i);
			k = j - i;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (cp < 0)                                    /* an invalid byte */
			sb_adds(&b, "\xEF\xBF\xBD");
		else if ((cp < 0x20 && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || utf8_hidden(cp, NULL) != NULL)
			sb_adds(&b, "?");
		else
			sb_add(&b, s + i, k);
	}
	return sb_take(&b);
}

void
uri_encode(strbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[3];

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
			sb_add(b, s, 1);
		else {
			esc[0] = '%';
			esc[1] = hex[c >> 4];
			esc[2] = hex[c & 15];
			sb_add(b, esc, 3);
		}
	}
}

void
utf8_cut_mark_runs(char *s)
{
	size_t n = strlen(s), o = 0, run = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		run = cp >= 0 && utf8proc_get_property(cp)->combining_class != 0 ? run + 1 : 0;
		if (run <= UTF8_MAX_MARK_RUN) {
			memmove(s + o, s + i, k);
			o += k;
		}
		i += k;
	}
	s[o] = '\0';
}
