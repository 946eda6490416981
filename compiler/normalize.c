/*
 * normalize.c: pure functions of text, no tree. Document symbols (219-CTr/TU, 189/NQ-CP,
 * 30/2020/NĐ-CP) to their parts, matching keys that unify case and tone-mark placement, Roman
 * numerals. Dates and timelines are in dates.c.
 *
 * Everything here is reentrant and holds no state: no compiled pattern, no cache; buffers and
 * tokens belong to the call that made them.
 * Numbers are never converted before their digit count has been bounded, so no input can
 * overflow an int.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"

/* ---- folding ---- */

enum {
	FOLD_ASCII = 1,     /* remove every diacritic, đ -> d */
	FOLD_PUNCT = 2      /* keep / - . , ; (dashes of every kind become '-'): timelines */
};

/* Vietnamese tone marks, as combining characters after NFD. The vowel-quality marks
 * (circumflex, breve, horn) are not tone marks and never move. */
static int
is_tone(utf8proc_int32_t c)
{
	return c == 0x300 || c == 0x301 || c == 0x303 || c == 0x309 || c == 0x323;
}

static int
is_mark(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}

static int
is_alnum(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/*
 * Tone placement. Two spellings are in use for the open syllables ending in oa, oe, uy:
 * "hoá, khoẻ, thuỷ" (mark on the second vowel) and "hóa, khỏe, thủy" (on the first). The key
 * puts it on the first vowel, the spelling most current texts use. Closed syllables (hoàn, thuyền)
 * are spelled one way only and are left alone, as is "qu" + y (quý), where u is part of the
 * consonant. c[] is NFD, lowercase: a vowel's tone mark directly follows it, so moving
 * the mark is swapping it with the second vowel.
 */
static void
tone_unify(utf8proc_int32_t *c, size_t n)
{
	static const utf8proc_int32_t pairs[][2] = { { 'o', 'a' }, { 'o', 'e' }, { 'u', 'y' } };
	size_t i, k;
	utf8proc_int32_t t;

	for (i = 0; i + 2 < n; i++) {
		for (k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
			if (c[i] == pairs[k][0] && c[i + 1] == pairs[k][1])
				break;
		if (k == sizeof pairs / sizeof pairs[0] || !is_tone(c[i + 2]))
			continue;
		if (i + 3 < n && (is_alnum(c[i + 3]) || is_mark(c[i + 3])))
			continue;               /* closed syllable, or a second mark (oệ) */
		if (c[i] == 'u' && i > 0 && c[i - 1] == 'q')
			continue;
		t = c[i + 2];
		c[i + 2] = c[i + 1];
		c[i + 1] = t;
	}
}

static int
keep_punct(utf8proc_int32_t c)
{
	return c == '/' || c == '-' || c == '.' || c == ',' || c == ';';
}

/* The canonical combining class; none below U+0300. */
static int
ccc(utf8proc_int32_t c)
{
	return c < 0x300 ? 0 : utf8proc_get_property(c)->combining_class;
}

/*
 * s[0..len) to code points in canonical decomposition (NFD), every invalid UTF-8 sequence (and
 * NUL) read as a space, one byte at a time: what utf8proc_decompose gives on the text so
 * cleaned, in one pass, ASCII taken as it is. *wide: some code point is not ASCII. The array
 * has room for one more. NULL if utf8proc refuses a character.
 */
static utf8proc_int32_t *
decompose(const char *s, size_t len, size_t *outn, int *wide)
{
	size_t cap = len + 8, n = 0, i = 0;
	utf8proc_int32_t *c = xmalloc(cap * sizeof *c), cp;
	utf8proc_ssize_t k, r;
	int bound = UTF8PROC_BOUNDCLASS_START;

	*wide = 0;
	while (i < len) {
		if (cap - n < 8) {
			cap *= 2;
			c = xrealloc(c, cap * sizeof *c);
		}
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			c[n++] = b ? b : ' ';
			i++;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || cp == 0) {
			c[n++] = ' ';
			i++;
			continue;
		}
		i += (size_t)k;
		*wide = 1;
		while ((r = utf8proc_decompose_char(cp, c + n, (utf8proc_ssize_t)(cap - n - 1), UTF8PROC_DECOMPOSE,
		    &bound)) > (utf8proc_ssize_t)(cap - n - 1)) {
			cap = 2 * cap + (size_t)r;
			c = xrealloc(c, cap * sizeof *c);
		}
		if (r < 0) {
			free(c);
			return NULL;
		}
		n += (size_t)r;
	}
	/* canonical order of the marks, as utf8proc_decompose leaves them */
	for (i = 0; *wide && i + 1 < n;) {
		int c1 = ccc(c[i]), c2 = ccc(c[i + 1]);
		if (c1 > c2 && c2 > 0) {
			cp = c[i];
			c[i] = c[i + 1];
			c[i + 1] = cp;
			i = i > 0 ? i - 1 : i + 1;
		} else {
			i++;
		}
	}
	*outn = n;
	return c;
}

static char *
fold(const char *s, size_t len, int flags)
{
	utf8proc_int32_t *c, x;
	utf8proc_ssize_t r;
	size_t n, i, o;
	char *out;
	int space = 1;      /* the last character written is a space (or nothing yet) */
	int wide;

	if (s == NULL || (c = decompose(s, len, &n, &wide)) == NULL)
		return xstrdup("");
	/* Lowercase, classify, collapse; o <= i always, so this runs in place. */
	for (i = o = 0; i < n; i++) {
		x = c[i];
		if (x < 0x80) {     /* ASCII: no mark, no dash but '-', letters and digits only */
			if (x >= 'A' && x <= 'Z')
				x += 'a' - 'A';
			if ((x >= 'a' && x <= 'z') || (x >= '0' && x <= '9')) {
				c[o++] = x;
				space = 0;
				continue;
			}
			if (!(flags & FOLD_PUNCT) || !keep_punct(x)) {
				if (!space)
					c[o++] = ' ';
				space = 1;
				continue;
			}
		}
		x = utf8proc_tolower(x);
		if ((flags & FOLD_ASCII) && x == 0x111)           /* đ has no decomposition */
			x = 'd';
		if (is_mark(x)) {
			if ((flags & FOLD_ASCII) || space)
				continue;               /* a mark after a separator marks nothing */
			c[o++] = x;
		} else if (is_alnum(x)) {
			c[o++] = x;
			space = 0;
		} else if ((flags & FOLD_PUNCT) && (keep_punct(x) ||
		    utf8proc_category(x) == UTF8PROC_CATEGORY_PD || x == 0x2212)) {
			if (o > 0 && c[o - 1] == ' ')
				o--;
			c[o++] = keep_punct(x) ? x : '-';
			space = 1;
		} else if (!space) {
			c[o++] = ' ';
			space = 1;
		}
	}
	while (o > 0 && c[o - 1] == ' ')
		o--;
	if (!(flags & FOLD_ASCII))
		tone_unify(c, o);
	/* Composition needs a mark or a later script's letter (U+0300 on): below, encode directly. */
	for (i = 0; i < o && c[i] < 0x300; i++)
		;
	if (i < o) {
		r = utf8proc_reencode(c, (utf8proc_ssize_t)o, UTF8PROC_COMPOSE);
		out = r < 0 ? xstrdup("") : xstrndup((const char *)c, (size_t)r);
	} else {
		out = xmalloc(2 * o + 1);
		for (i = r = 0; i < o; i++) {
			if (c[i] < 0x80) {
				out[r++] = (char)c[i];
			} else {
				out[r++] = (char)(0xC0 | (c[i] >> 6));
				out[r++] = (char)(0x80 | (c[i] & 0x3F));
			}
		}
		out[r] = '\0';
	}
	free(c);
	return out;
}

/* The five tones (grave, acute, hook, tilde, dot) on the vowels of oa, oe, uy, precomposed. */
static const utf8proc_int32_t toned_a[5] = { 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1 };
static const utf8proc_int32_t toned_e[5] = { 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9 };
static const utf8proc_int32_t toned_y[5] = { 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5 };
static const utf8proc_int32_t toned_o[5] = { 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD };
static const utf8proc_int32_t toned_u[5] = { 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5 };

int
norm_toned(int32_t cp, char *base)
{
	static const struct { const utf8proc_int32_t *v; char base; } vowels[] = {
		{ toned_a, 'a' }, { toned_e, 'e' }, { toned_y, 'y' }, { toned_o, 'o' }, { toned_u, 'u' },
	};
	if (cp < 0xC0)
		return 0;
	for (size_t k = 0; k < sizeof vowels / sizeof vowels[0]; k++)
		for (int t = 0; t < 5; t++)
			if (cp == vowels[k].v[t]) {
				*base = vowels[k].base;
				return t + 1;
			}
	return 0;
}

/* One code point, lowered when up is 0, raised when 1, appended to b. */
static void
put_cased(strbuf *b, utf8proc_int32_t cp, int up)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char(up ? utf8proc_toupper(cp) : cp, enc);
	if (n > 0)
		sb_add(b, (const char *)enc, (size_t)n);
}

char *
norm_upper(const char *s)
{
	strbuf b = { 0 };
	utf8proc_int32_t c;
	for (size_t i = 0, n = strlen(s); i < n;) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0) {
			sb_add(&b, s + i, 1);
			i++;
			continue;
		}
		put_cased(&b, c, 1);
		i += (size_t)k;
	}
	return b.s != NULL ? sb_take(&b) : xstrdup("");
}

int
norm_in_capitals(const char *s)
{
	utf8proc_int32_t c;
	for (size_t i = 0, n = strlen(s); i < n;) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			k = 1;
		else if (utf8proc_toupper(c) != c)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

char *
norm_tone_move(const char *w, size_t len)
{
	size_t at[2] = { (size_t)-1, (size_t)-1 }, i = 0;
	utf8proc_int32_t cp[2] = { -1, -1 }, c;
	while (i < len) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return NULL;
		at[0] = at[1];
		cp[0] = cp[1];
		at[1] = i;
		cp[1] = c;
		i += (size_t)k;
	}
	if (cp[0] < 0)
		return NULL;
	utf8proc_int32_t v1 = utf8proc_tolower(cp[0]), v2 = utf8proc_tolower(cp[1]);
	int up1 = v1 != cp[0], up2 = v2 != cp[1];
	utf8proc_int32_t n1 = -1, n2 = -1;
	for (int t = 0; t < 5 && n1 < 0; t++) {
		if ((v1 == 'o' || v1 == 'u') && (v2 == toned_a[t] || v2 == toned_e[t] || v2 == toned_y[t])) {
			/* old -> new: hoá -> hóa, thuỷ -> thủy */
			int y = v2 == toned_y[t];
			if (y != (v1 == 'u'))
				return NULL;
			n1 = v1 == 'o' ? toned_o[t] : toned_u[t];
			n2 = v2 == toned_a[t] ? 'a' : v2 == toned_e[t] ? 'e' : 'y';
		} else if ((v1 == toned_o[t] && (v2 == 'a' || v2 == 'e')) || (v1 == toned_u[t] && v2 == 'y')) {
			/* new -> old: hóa -> hoá */
			n1 = v1 == toned_o[t] ? 'o' : 'u';
			n2 = v2 == 'a' ? toned_a[t] : v2 == 'e' ? toned_e[t] : toned_y[t];
		}
	}
	if (n1 < 0)
		return NULL;
	strbuf b = { 0 };
	sb_add(&b, w, at[0]);
	put_cased(&b, n1, up1);
	put_cased(&b, n2, up2);
	return sb_take(&b);
}

/* Old placement (oá, oẻ, uỷ): x is the second vowel, carrying tone *tone, after prev. Sets
 * *base to x without its tone. */
static int
old_tone_after(utf8proc_int32_t prev, utf8proc_int32_t x, int *tone, utf8proc_int32_t *base)
{
	for (int t = 0; t < 5; t++) {
		if (prev == 'o' && (x == toned_a[t] || x == toned_e[t])) {
			*tone = t;
			*base = x == toned_a[t] ? 'a' : 'e';
			return 1;
		}
		if (prev == 'u' && x == toned_y[t]) {
			*tone = t;
			*base = 'y';
			return 1;
		}
	}
	return 0;
}

/* Is the code point at s[0..n) a letter, digit or mark (the syllable goes on)? */
static int
next_is_word(const char *s, size_t n)
{
	utf8proc_int32_t c;
	if (n == 0)
		return 0;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &c) <= 0)
		return 0;
	c = utf8proc_tolower(c);
	return is_alnum(c) || is_mark(c);
}

/*
 * The lower case of cp when it is one of the precomposed letters Vietnamese is written with
 * (Latin-1's, ă đ ĩ ũ ơ ư, U+1EA0..U+1EF9), what utf8proc_tolower gives: 1 and *x, else 0.
 * Each is a letter (alphanumeric, no mark).
 */
static int
viet_lower(utf8proc_int32_t cp, utf8proc_int32_t *x)
{
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return *x = cp | 1, 1;          /* capital even, small odd */
	if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7)
		return *x = cp <= 0xDE ? cp + 0x20 : cp, 1;
	switch (cp) {
	case 0x102: case 0x110: case 0x128: case 0x168: case 0x1A0:
		return *x = cp + 1, 1;
	case 0x103: case 0x111: case 0x129: case 0x169: case 0x1A1: case 0x1B0:
		return *x = cp, 1;
	case 0x1AF:
		return *x = 0x1B0, 1;
	default:
		return 0;
	}
}

/*
 * The common case of norm_fold without decomposing: NFC text (what read.c makes) whose
 * tone, if it must move, sits on a precomposed vowel. It gives the same key as fold() (checked
 * line by line on the corpus); NULL sends the text to fold() (combining marks, invalid bytes).
 */
static char *
fold_fast(const char *s, size_t len)
{
	/* lower case can be longer than upper (U+023E, 2 bytes, lowers to U+2C66, 3 bytes):
	 * room for half as much again, and every write below checks it */
	size_t cap = 2 * len + 8;
	char *out = xmalloc(cap);
	size_t o = 0;
	int space = 1, tone;
	utf8proc_int32_t prev = ' ', prev2 = ' ', base;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp, x;
		utf8proc_ssize_t k = 1;
		int alnum;
		if (c < 0x80) {                /* ASCII without utf8proc */
			if (c == 0)
				goto slow;
			x = c >= 'A' && c <= 'Z' ? c + 32 : c;
			if ((alnum = (x >= 'a' && x <= 'z') || (x >= '0' && x <= '9')))
				out[o++] = (char)x;
		} else {
			const unsigned char *u = (const unsigned char *)s + i;
			int viet = 0;
			/* Vietnamese's letters without utf8proc: U+00C0..U+01BF, U+1E80..U+1EFF */
			if (c >= 0xC3 && c <= 0xC6 && len - i >= 2 && (u[1] & 0xC0) == 0x80) {
				cp = (c & 0x1F) << 6 | (u[1] & 0x3F);
				k = 2;
				viet = viet_lower(cp, &x);
			} else if (c == 0xE1 && len - i >= 3 && (u[1] == 0xBA || u[1] == 0xBB) && (u[2] & 0xC0) == 0x80) {
				cp = 0x1000 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F);
				k = 3;
				viet = viet_lower(cp, &x);
			}
			if (!viet) {
				k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
				if (k <= 0)
					goto slow;
				x = utf8proc_tolower(cp);
				if (is_mark(x))
					goto slow;
			}
			if ((prev == 'o' || prev == 'u') && old_tone_after(prev, x, &tone, &base) &&
			    !next_is_word(s + i + k, len - i - (size_t)k) && !(prev == 'u' && prev2 == 'q')) {
				/* "hoá" -> "hóa": the tone moves to the first vowel, already written as ASCII */
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(prev == 'o' ? toned_o[tone] : toned_u[tone], enc);
				if (o + (size_t)el + 2 > cap)
					goto slow;
				o--;
				memcpy(out + o, enc, (size_t)el);
				o += (size_t)el;
				out[o++] = (char)base;
				prev2 = prev;
				prev = base;
				i += (size_t)k;
				continue;
			}
			if (viet && x == cp) {      /* already small: its bytes as they are */
				alnum = 1;
				if (o + (size_t)k + 2 > cap)
					goto slow;
				memcpy(out + o, u, (size_t)k);
				o += (size_t)k;
			} else if ((alnum = viet || is_alnum(x))) {
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(x, enc);
				if (el <= 0 || o + (size_t)el + 2 > cap)
					goto slow;
				memcpy(out + o, enc, (size_t)el);
				o += (size_t)el;
			}
		}
		if (alnum)
			space = 0;
		else {                          /* a run of anything else is one space */
			if (!space)
				out[o++] = ' ';
			space = 1;
		}
		prev2 = prev;
		prev = x;
		i += (size_t)k;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
slow:
	free(out);
	return NULL;
}

char *
norm_fold(const char *s, size_t len)
{
	char *f = s ? fold_fast(s, len) : NULL;
	return f ? f : fold(s, len, 0);
}

char *
norm_fold_punct(const char *s, size_t len)
{
	return fold(s, len, FOLD_ASCII | FOLD_PUNCT);
}

char *
norm_fold_ascii(const char *s, size_t len)
{
	return fold(s, len, FOLD_ASCII);
}

/* ---- Roman numerals ---- */

/* I..XXXIX: up to three X, then a units part. One case throughout: "Vi" is a word, not 6. */
int
norm_roman(const char *s, size_t len)
{
	static const char *const units[10] =
	    { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	char u[8];
	size_t i, tens = 0;
	int lower, k;

	if (s == NULL || len == 0 || len > 7)
		return 0;
	lower = s[0] >= 'a' && s[0] <= 'z';
	for (i = 0; i < len; i++) {
		if ((s[i] >= 'a' && s[i] <= 'z') != lower)
			return 0;               /* mixed case */
		u[i] = lower ? s[i] - 'a' + 'A' : s[i];
	}
	u[len] = '\0';
	while (tens < 3 && u[tens] == 'X')
		tens++;
	for (k = 0; k < 10; k++)
		if (strcmp(u + tens, units[k]) == 0)
			break;
	if (k == 10 || (tens == 0 && k == 0))
		return 0;
	return (int)tens * 10 + k;
}

/* ---- document symbols ---- */

/*
 * Type codes in their canonical case (Hướng dẫn 36-HD/VPTW for the Party, Nghị định
 * 30/2020/NĐ-CP Phụ lục III for the State, and the normative types). A type written in any
 * case is replaced by its entry here; for the State shape a first part that is not listed
 * here is an issuer (công văn: 83/BKHCN-BTTTT-VP).
 */
static const char *const type_codes[] = {
	"NQ", "KL", "CT", "QĐ", "QC", "QyĐ", "HD", "KH", "CTr", "TB", "TC", "CV", "BC", "PA",
	"ĐA", "DA", "BB", "TTr", "TTh", "HĐ", "CĐ", "GM", "GN", "GUQ", "GGT", "NP", "PG", "PC",
	"PB", "TT", "NĐ", "TTLT", "NQLT", "QĐLT", "CTLT", "BTT",
};

/*
 * Issuer codes whose official abbreviation is not all capitals (Nghị định 30/2020/NĐ-CP,
 * Phụ lục III: "TTg" for the Prime Minister). Any other issuer code is written in capitals.
 */
static const char *const issuer_codes[] = { "TTg" };

#define SYM_NUM_MAX   6     /* digits in a number */
#define SYM_PART_MAX 15     /* bytes in one code part (type or one issuer part) */

/* Bytes of one code character at p (ASCII letter or digit, Đ or đ, Ư or ư), 0 if none. */
static size_t
code_char(const char *p)
{
	unsigned char c = (unsigned char)p[0];

	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	if (c == 0xC4 && ((unsigned char)p[1] == 0x90 || (unsigned char)p[1] == 0x91))
		return 2;
	if (c == 0xC6 && ((unsigned char)p[1] == 0xAF || (unsigned char)p[1] == 0xB0))
		return 2;
	return 0;
}

/* Does "ngày" (any case, with or without its tone mark) start at p? A copy that lost a space
 * glues it to a symbol: "70-TB/TWngày 06 tháng 01". */
static int
glued_ngay(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	if ((u[0] | 0x20) != 'n' || (u[1] | 0x20) != 'g')
		return 0;
	if ((u[2] | 0x20) == 'a')
		return (u[3] | 0x20) == 'y';
	return u[2] == 0xC3 && (u[3] == 0xA0 || u[3] == 0x80) && (u[4] | 0x20) == 'y';   /* à, À */
}

/* Length of the code part at p, 0 if none or longer than SYM_PART_MAX. */
static size_t
code_part(const char *p)
{
	size_t n = 0, k;

	while ((n == 0 || !glued_ngay(p + n)) && (k = code_char(p + n)) != 0) {
		n += k;
		if (n > SYM_PART_MAX)
			return 0;
	}
	return n;
}

/* Uppercase copy of a code part (ASCII, đ and ư), NUL-terminated; dst has n + 1 bytes. */
static void
code_upper(char *dst, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		dst[i] = p[i] >= 'a' && p[i] <= 'z' ? p[i] - 'a' + 'A' : p[i];
		if ((unsigned char)p[i] == 0xC4 && (unsigned char)p[i + 1] == 0x91)
			dst[++i] = (char)0x90;
		else if ((unsigned char)p[i] == 0xC6 && (unsigned char)p[i + 1] == 0xB0)
			dst[++i] = (char)0xAF;
	}
	dst[n] = '\0';
}

/* The canonical spelling of type code p[0..n), or NULL if it is not a known one. */
static const char *
type_canon(const char *p, size_t n)
{
	char a[SYM_PART_MAX + 1], b[SYM_PART_MAX + 1];
	size_t k, m;

	code_upper(a, p, n);
	for (k = 0; k < sizeof type_codes / sizeof type_codes[0]; k++) {
		if ((m = strlen(type_codes[k])) != n)
			continue;
		code_upper(b, type_codes[k], m);
		if (strcmp(a, b) == 0)
			return type_codes[k];
	}
	return NULL;
}

/* Skip "Số", "Số:", "số", "SỐ" and the spaces around. */
static size_t
sym_prefix(const char *s)
{
	size_t i = 0;

	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if ((s[i] == 'S' || s[i] == 's') && (unsigned char)s[i + 1] == 0xE1 &&
	    (unsigned char)s[i + 2] == 0xBB && ((unsigned char)s[i + 3] == 0x90 ||
	    (unsigned char)s[i + 3] == 0x91) && code_char(s + i + 4) == 0) {
		i += 4;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
		if (s[i] == ':')
			i++;
		while (s[i] == ' ' || s[i] == '\t')
			i++;
	}
	return i;
}

/* Issuer parts from p: one part, or (multi) several joined by '-'. Uppercased into dst[48];
 * returns bytes consumed, 0 if none or too long. */
static size_t
sym_issuer(const char *p, int multi, char dst[48])
{
	size_t i = 0, k, o = 0;

	for (;;) {
		if ((k = code_part(p + i)) == 0 || o + k + 1 >= 48)
			return 0;
		if (o > 0)
			dst[o++] = '-';
		code_upper(dst + o, p + i, k);
		for (size_t c = 0; c < sizeof issuer_codes / sizeof issuer_codes[0]; c++) {
			char up[SYM_PART_MAX + 1];
			size_t m = strlen(issuer_codes[c]);
			if (m != k)
				continue;
			code_upper(up, issuer_codes[c], m);
			if (memcmp(up, dst + o, k) == 0)
				memcpy(dst + o, issuer_codes[c], k);
		}
		if (k == 3 && memcmp(dst + o, "T\xC6\xAF", 3) == 0)
			k = 2, memcpy(dst + o, "TW", 2), i++;   /* "TƯ", Trung ương as drafts write it: TW */
		o += k;
		i += k;
		if (!multi || p[i] != '-' || code_part(p + i + 1) == 0)
			break;
		i++;
	}
	dst[o] = '\0';
	return i;
}

/* number "/" [TYPE "-"] ISSUER("-"ISSUER)*: after the number and the slash (state and legal).
 * need_two: without a type, at least two issuer parts (83/BKHCN-BTTTT-VP; "36/TW" is not
 * a symbol). */
static size_t
sym_state_tail(const char *p, norm_symbol *y, int need_two)
{
	size_t k, j;
	const char *t;

	if ((k = code_part(p)) == 0)
		return 0;
	if ((t = type_canon(p, k)) != NULL && p[k] == '-' && (j = sym_issuer(p + k + 1, 1,
	    y->issuer)) != 0) {
		memcpy(y->type, t, strlen(t) + 1);
		return k + 1 + j;
	}
	if ((j = sym_issuer(p, 1, y->issuer)) == 0)
		return 0;
	if (need_two && strchr(y->issuer, '-') == NULL)
		return 0;
	if (t != NULL)
		return 0;                   /* "45/KH": a type with no issuer */
	return j;
}

/* After the number, at p: a separator, a year (four digits, checked by the caller), "/" and
 * the state tail: the older state 19-2018/NQ-CP or the legal 30/2020/NĐ-CP. Fills the year,
 * the shape and the canonical form (the separator kept). The length from p, or 0. */
static size_t
sym_year_tail(const char *p, norm_symbol *y, int need_two, const char *shape)
{
	size_t k;

	memcpy(y->year, p + 1, 4);
	if ((k = sym_state_tail(p + 6, y, need_two)) == 0)
		return 0;
	y->shape = shape;
	snprintf(y->canonical, sizeof y->canonical, "%s%c%s/%s%s%s", y->number, p[0], y->year,
	    y->type, y->type[0] ? "-" : "", y->issuer);
	return 6 + k;
}

/* The body of norm_symbol_parse: 1 and the fields, or 0 leaving y half-filled. */
static int
sym_parse(const char *s, norm_symbol *y, size_t *used)
{
	size_t i, n, k;
	const char *t;

	i = sym_prefix(s);
	for (n = 0; s[i + n] >= '0' && s[i + n] <= '9'; n++)
		if (n == SYM_NUM_MAX)
			return 0;
	if (n == 0)
		return 0;
	memcpy(y->number, s + i, n);
	i += n;
	if (s[i] == '-' && code_part(s + i + 1) == 4 && norm_year(s + i + 1) && s[i + 5] == '/') {   /* older state: 19-2018/NQ-CP */
		if ((k = sym_year_tail(s + i, y, 1, "state")) == 0)
			return 0;
		i += k;
	} else if (s[i] == '-') {                   /* party: 219-CTr/TU */
		if ((k = code_part(s + i + 1)) == 0 || s[i + 1 + k] != '/')
			return 0;
		if ((t = type_canon(s + i + 1, k)) != NULL)
			memcpy(y->type, t, strlen(t) + 1);
		else
			code_upper(y->type, s + i + 1, k);
		i += 1 + k + 1;
		if ((k = sym_issuer(s + i, 0, y->issuer)) == 0)
			return 0;
		i += k;
		y->shape = "party";
		snprintf(y->canonical, sizeof y->canonical, "%s-%s/%s", y->number, y->type, y->issuer);
	} else if (s[i] == '/' && s[i + 1] >= '0' && s[i + 1] <= '9') {   /* legal: 30/2020/NĐ-CP */
		for (n = 0; s[i + 1 + n] >= '0' && s[i + 1 + n] <= '9'; n++)
			if (n == 4)
				return 0;
		if (n != 4 || s[i + 5] != '/' || !norm_year(s + i + 1))
			return 0;
		if ((k = sym_year_tail(s + i, y, 0, "legal")) == 0)
			return 0;
		i += k;
	} else if (s[i] == '/') {                   /* state: 189/NQ-CP, 83/BKHCN-BTTTT-VP */
		if ((k = sym_state_tail(s + i + 1, y, 1)) == 0)
			return 0;
		i += 1 + k;
		y->shape = "state";
		snprintf(y->canonical, sizeof y->canonical, "%s/%s%s%s", y->number, y->type,
		    y->type[0] ? "-" : "", y->issuer);
	} else
		return 0;
	*used = i;
	return 1;
}

int
norm_symbol_unglued(const char *s, norm_symbol *y)
{
	size_t i = sym_prefix(s), n = 0, k, best = 0;
	const char *t, *type = NULL;

	while (s[i + n] >= '0' && s[i + n] <= '9')
		n++;
	if (n == 0 || n > SYM_NUM_MAX || s[i + n] != '/' || (k = code_part(s + i + n + 1)) == 0 ||
	    s[i + n + 1 + k] == '-' || s[i + n + 1 + k] == '/')
		return 0;
	t = s + i + n + 1;                  /* "QĐUBND": a type code glued to the issuer */
	for (size_t c = 0; c < sizeof type_codes / sizeof type_codes[0]; c++) {
		size_t m = strlen(type_codes[c]);
		if (m > best && m + 2 <= k && type_canon(t, m) == type_codes[c] && code_part(t + m) == k - m &&
		    ((t[m] >= 'A' && t[m] <= 'Z') || (unsigned char)t[m] == 0xC4))
			best = m, type = type_codes[c];
	}
	if (type == NULL)
		return 0;
	char buf[96];
	int w = snprintf(buf, sizeof buf, "%.*s/%.*s-%.*s", (int)n, s + i, (int)best, t, (int)(k - best), t + best);
	size_t used = 0;
	return w > 0 && (size_t)w < sizeof buf && norm_symbol_parse(buf, y, &used) && used == (size_t)w;
}

/* A symbol written with spaces around its marks, or an en dash for its hyphen ("21 – NQ/TW",
 * "Số: 45 /KH-UBND", a number typed into the blank a form left): compacted into out[cap]
 * ("21-NQ/TW"), from[k] the byte of s that out[k] came from. Returns out's length, 0 when
 * nothing was compacted. */
static size_t
sym_compact(const char *s, char *out, size_t *from, size_t cap)
{
	size_t i = sym_prefix(s), o = 0;
	int changed = 0;
	while (s[i] && o + 1 < cap) {
		int dash = strncmp(s + i, "\xE2\x80\x93", 3) == 0;
		if (s[i] == ' ') {
			size_t j = i;
			while (s[j] == ' ')
				j++;
			int before = o > 0 && (out[o - 1] == '/' || out[o - 1] == '-');
			int after = s[j] == '/' || s[j] == '-' || strncmp(s + j, "\xE2\x80\x93", 3) == 0;
			if (!before && !after)
				break;                  /* a space between words: the symbol is over */
			changed = 1;
			i = j;
			continue;
		}
		from[o] = i;
		out[o++] = dash ? '-' : s[i];
		changed |= dash;
		i += dash ? 3 : 1;
	}
	out[o] = '\0';
	return changed ? o : 0;
}

int
norm_symbol_parse(const char *s, norm_symbol *y, size_t *used)
{
	size_t n = 0;

	char c[96];
	size_t from[96];

	memset(y, 0, sizeof *y);
	if (s == NULL)
		return 0;
	if (!sym_parse(s, y, &n)) {
		/* "21 – NQ/TW": read compacted, the extent mapped back to s */
		memset(y, 0, sizeof *y);
		if (!sym_compact(s, c, from, sizeof c) || !sym_parse(c, y, &n) || n == 0) {
			memset(y, 0, sizeof *y);
			return 0;
		}
		n = from[n - 1] + 1;
	}
	if (used != NULL)
		*used = n;
	return 1;
}
