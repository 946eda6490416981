/*
 * normalize.c: pure functions of text, no tree. Dates and timelines to ISO 8601, document
 * symbols (219-CTr/TU, 189/NQ-CP, 30/2020/NĐ-CP) to their parts, matching keys that unify
 * case and tone-mark placement, Roman numerals.
 *
 * Everything here is reentrant: the one compiled pattern is built under pthread_once and only
 * read afterwards; match data, buffers and tokens belong to the call that made them.
 * Numbers are never converted before their digit count has been bounded, so no input can
 * overflow an int.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>
#include "internal.h"

/* ---- dates ---- */

#define YEAR_MIN 1900
#define YEAR_MAX 2199

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int
date_ok(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	    d >= 1 && d <= month_days(y, m);
}

/* Write "YYYY-MM-DD" by hand: the values are in range, and printf would make the compiler
 * warn about truncation it cannot rule out. */
static void
iso_put(char iso[11], int y, int m, int d)
{
	iso[0] = '0' + y / 1000;
	iso[1] = '0' + y / 100 % 10;
	iso[2] = '0' + y / 10 % 10;
	iso[3] = '0' + y % 10;
	iso[4] = '-';
	iso[5] = '0' + m / 10;
	iso[6] = '0' + m % 10;
	iso[7] = '-';
	iso[8] = '0' + d / 10;
	iso[9] = '0' + d % 10;
	iso[10] = '\0';
}

static int
all_digits(const char *s, size_t n)
{
	while (n-- > 0)
		if (*s < '0' || *s++ > '9')
			return 0;
	return 1;
}

/* Value of n ASCII digits; callers bound n (<= 4) so this cannot overflow. */
static int
digits_val(const char *s, size_t n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * One pattern, two branches. Digit runs are bounded by {1,2} and {4} and fenced by digit
 * lookarounds, so "123/45/67890" is not read as a date at all and nothing can overflow.
 * Branch 1: 22/5/2023, 30-01-2023, 22.5.2023 (both separators the same).
 * Branch 2: [ngày] 22 tháng 5 năm 2023, any case, and its unaccented form; "ngày" is optional
 * because copies split "Ninh Bình, ngày" / "10 tháng 6 năm 2024" over two lines.
 */
static const char date_re[] =
    "(?<![0-9])([0-9]{1,2})([/.\\-])([0-9]{1,2})\\2([0-9]{4})(?![0-9])"
    "|(?<![0-9])(?:ng(?:ày|ay)\\s+)?([0-9]{1,2})\\s+th(?:áng|ang)\\s+([0-9]{1,2})"
    "\\s+n(?:ăm|am)\\s+([0-9]{4})(?![0-9])";

static pcre2_code *date_code;
static pthread_once_t date_once = PTHREAD_ONCE_INIT;

static void
date_init(void)
{
	int err;
	PCRE2_SIZE off;

	date_code = pcre2_compile((PCRE2_SPTR)date_re, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
	if (date_code != NULL)
		(void)pcre2_jit_compile(date_code, PCRE2_JIT_COMPLETE);   /* else interpreted */
}

/*
 * The first date written in s[0..len), valid or not: 1 (iso filled), -1 when it is written as a
 * date but cannot be one (31/02/2023, tháng 13), 0 when none is written. *at and *end (may be
 * NULL) get its extent either way.
 */
int
norm_date_read(const char *s, size_t len, char iso[11], size_t *at, size_t *end)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	int rc, r = 0, g, y, m, d;

	pthread_once(&date_once, date_init);
	if (date_code == NULL || s == NULL || len == 0)
		return 0;
	md = pcre2_match_data_create_from_pattern(date_code, NULL);
	if (md == NULL)
		return 0;
	rc = pcre2_match(date_code, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	if (rc > 0) {
		ov = pcre2_get_ovector_pointer(md);
		g = ov[2] != PCRE2_UNSET ? 1 : 5;   /* branch 1: d sep m y; branch 2: d m y */
		int gm = g == 1 ? 3 : 6, gy = g == 1 ? 4 : 7;
		d = digits_val(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		m = digits_val(s + ov[2 * gm], ov[2 * gm + 1] - ov[2 * gm]);
		y = digits_val(s + ov[2 * gy], ov[2 * gy + 1] - ov[2 * gy]);
		r = date_ok(y, m, d) ? 1 : -1;
		if (r == 1)
			iso_put(iso, y, m, d);
		if (at != NULL)
			*at = ov[0];
		if (end != NULL)
			*end = ov[1];
	}
	pcre2_match_data_free(md);
	return r;
}

int
norm_date_find(const char *s, size_t len, char iso[11], size_t *at, size_t *end)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov, from = 0;
	int rc, found = 0, g, y, m, d;

	pthread_once(&date_once, date_init);
	if (date_code == NULL || s == NULL)
		return 0;
	md = pcre2_match_data_create_from_pattern(date_code, NULL);
	if (md == NULL)
		return 0;
	/* An impossible date (31/02/2023) is not a date: look further. */
	uint32_t check = 0;            /* the first match checks the UTF-8, later ones need not */
	while (from < len && (rc = pcre2_match(date_code, (PCRE2_SPTR)s, len, from, check, md,
	    NULL)) > 0) {
		check = PCRE2_NO_UTF_CHECK;
		ov = pcre2_get_ovector_pointer(md);
		g = ov[2] != PCRE2_UNSET ? 1 : 5;   /* first group of the branch that matched */
		if (g == 1) {
			d = digits_val(s + ov[2], ov[3] - ov[2]);
			m = digits_val(s + ov[6], ov[7] - ov[6]);
			y = digits_val(s + ov[8], ov[9] - ov[8]);
		} else {
			d = digits_val(s + ov[10], ov[11] - ov[10]);
			m = digits_val(s + ov[12], ov[13] - ov[12]);
			y = digits_val(s + ov[14], ov[15] - ov[14]);
		}
		if (date_ok(y, m, d)) {
			iso_put(iso, y, m, d);
			if (at != NULL)
				*at = ov[0];
			if (end != NULL)
				*end = ov[1];
			found = 1;
			break;
		}
		from = ov[1] > from ? ov[1] : from + 1;
	}
	pcre2_match_data_free(md);
	return found;
}

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

/* Copy s[0..n) with every invalid UTF-8 sequence (and NUL) replaced by a space, so that
 * utf8proc accepts it. */
static char *
utf8_clean(const char *s, size_t n, size_t *outn)
{
	strbuf b = { 0 };
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t i = 0;

	while (i < n) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0 || c == 0) {
			sb_add(&b, " ", 1);
			i++;
		} else {
			sb_add(&b, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
	*outn = b.len;
	return sb_take(&b);
}

static char *
fold(const char *s, size_t len, int flags)
{
	utf8proc_int32_t *c, x;
	utf8proc_ssize_t n, r;
	size_t cn, i, o;
	char *clean, *out;
	int space = 1;      /* the last character written is a space (or nothing yet) */

	if (s == NULL)
		return xstrdup("");
	clean = utf8_clean(s, len, &cn);
	n = utf8proc_decompose((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)cn, NULL, 0,
	    UTF8PROC_DECOMPOSE);
	if (n < 0) {
		free(clean);
		return xstrdup("");
	}
	c = xmalloc(((size_t)n + 1) * sizeof *c);
	r = utf8proc_decompose((const utf8proc_uint8_t *)clean, (utf8proc_ssize_t)cn, c, n,
	    UTF8PROC_DECOMPOSE);
	free(clean);
	if (r != n) {
		free(c);
		return xstrdup("");
	}
	/* Lowercase, classify, collapse; o <= i always, so this runs in place. */
	for (i = o = 0; i < (size_t)n; i++) {
		x = utf8proc_tolower(c[i]);
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
	r = utf8proc_reencode(c, (utf8proc_ssize_t)o, UTF8PROC_COMPOSE);
	out = r < 0 ? xstrdup("") : xstrndup((const char *)c, (size_t)r);
	free(c);
	return out;
}

/* The five tones (grave, acute, hook, tilde, dot) on the vowels of oa, oe, uy, precomposed. */
static const utf8proc_int32_t toned_a[5] = { 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1 };
static const utf8proc_int32_t toned_e[5] = { 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9 };
static const utf8proc_int32_t toned_y[5] = { 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5 };
static const utf8proc_int32_t toned_o[5] = { 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD };
static const utf8proc_int32_t toned_u[5] = { 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5 };

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
		if (c < 0x80) {
			if (c == 0)
				goto slow;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
				prev2 = prev;
				prev = c >= 'A' && c <= 'Z' ? c + 32 : c;
				out[o++] = (char)prev;
				space = 0;
			} else {
				if (!space)
					out[o++] = ' ';
				space = 1;
				prev2 = prev;
				prev = ' ';
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp, x;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			goto slow;
		x = utf8proc_tolower(cp);
		if (is_mark(x))
			goto slow;
		if (old_tone_after(prev, x, &tone, &base) && !next_is_word(s + i + k, len - i - (size_t)k) &&
		    !(prev == 'u' && prev2 == 'q')) {
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
		if (is_alnum(x)) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(x, enc);
			if (el <= 0 || o + (size_t)el + 2 > cap)
				goto slow;
			memcpy(out + o, enc, (size_t)el);
			o += (size_t)el;
			space = 0;
		} else {
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

/* ---- timelines ---- */

/*
 * The text is folded (ASCII, lowercase, dashes unified, punctuation kept) and cut into words,
 * numbers and punctuation; a small left-to-right reader then finds the periods named
 * (a date, a month, a quarter, the first or last months of a year, a year), the role each
 * plays (from "từ": start; "đến", "trước", "xong", "hoàn thành", "chậm nhất": end; "A - B":
 * A starts, B ends) and the recurrence words. A number or quarter that cannot be valid makes
 * the whole text unreadable rather than half-read.
 */
enum tk_kind { TK_WORD, TK_NUM, TK_PUNCT };
typedef struct tk {
	enum tk_kind kind;
	const char *s;
	size_t len;
	int val;            /* TK_NUM: value if at most 4 digits, else -1 */
} tk;

enum role { R_NONE, R_START, R_END, R_BOTH, R_BEFORE };   /* R_BEFORE: "trước" */
typedef struct period {
	char lo[11], hi[11];
	enum role role;
	int point;          /* a single day: alone it is a deadline */
} period;

#define TL_MAX_PERIODS 16

typedef struct tl {
	const tk *t;
	size_t n;
	period p[TL_MAX_PERIODS];
	size_t np;
	enum role want;     /* role named by the last keyword, for the next period */
	int bad;
} tl;

/* Recurrences by strength: a task done continuously is also done every year, so the
 * strongest stated wins ("Thường xuyên, hằng năm" is continuous). */
static const struct { const char *w1, *w2; int rank; } recur_words[] = {
	{ "thuong", "xuyen", 4 }, { "lien", "tuc", 4 },
	{ "hang", "thang", 3 }, { "moi", "thang", 3 },
	{ "hang", "quy", 2 }, { "hang", "qui", 2 }, { "moi", "quy", 2 }, { "moi", "qui", 2 },
	{ "hang", "nam", 1 }, { "moi", "nam", 1 },
};
static const char *const recur_names[] = { NULL, "annual", "quarterly", "monthly", "continuous" };

/* Words that name the role of the period that follows. */
static const struct { const char *w; enum role role; } role_words[] = {
	{ "tu", R_START }, { "bat", R_START },         /* bắt đầu */
	{ "den", R_END }, { "truoc", R_BEFORE }, { "xong", R_END }, { "hoan", R_END },
	{ "cham", R_END }, { "han", R_END },           /* chậm nhất, hạn */
};

static int
tk_word(const tl *L, size_t i, const char *w)
{
	return i < L->n && L->t[i].kind == TK_WORD && L->t[i].len == strlen(w) &&
	    memcmp(L->t[i].s, w, L->t[i].len) == 0;
}

static int
tk_punct(const tl *L, size_t i, const char *set)
{
	return i < L->n && L->t[i].kind == TK_PUNCT && strchr(set, L->t[i].s[0]) != NULL;
}

static int
tk_num(const tl *L, size_t i)
{
	return i < L->n && L->t[i].kind == TK_NUM;
}

/* A year at i, or 0 with L->bad set when a number stands there but cannot be one. */
static int
tk_year(tl *L, size_t i)
{
	if (!tk_num(L, i))
		return 0;
	if (L->t[i].len != 4 || L->t[i].val < YEAR_MIN || L->t[i].val > YEAR_MAX) {
		L->bad = 1;
		return 0;
	}
	return L->t[i].val;
}

/* A small number (month, quarter, day) in [lo, hi] at i; 0 with L->bad set when out of range. */
static int
tk_small(tl *L, size_t i, int lo, int hi)
{
	if (L->t[i].val < lo || L->t[i].val > hi || L->t[i].len > 2) {
		L->bad = 1;
		return 0;
	}
	return L->t[i].val;
}

static void
tl_add(tl *L, int y1, int m1, int d1, int y2, int m2, int d2, int point, size_t next)
{
	period *p;

	if (L->np == TL_MAX_PERIODS)
		return;
	p = &L->p[L->np++];
	iso_put(p->lo, y1, m1, d1);
	iso_put(p->hi, y2, m2, d2);
	p->point = point;
	p->role = L->want;
	L->want = R_NONE;
	/* "Trước 30/6/2024" is a deadline that includes the day (the usage of deadline columns);
	 * "trước tháng 6/2024", "trước năm 2025" end the day before the period begins. */
	if (p->role == R_BEFORE) {
		p->role = R_END;
		if (!point) {
			if (d1 > 1)
				d1--;
			else if (m1 > 1)
				d1 = month_days(y1, --m1);
			else if (y1 > YEAR_MIN) {
				y1--;
				m1 = 12;
				d1 = 31;
			} else
				return;         /* before 1900: nothing to say */
			iso_put(p->hi, y1, m1, d1);
		}
	}
	/* "2023 - 2030", "Quý III/2023 - Quý I/2024": the first starts, the second ends. */
	if (tk_punct(L, next, "-")) {
		if (p->role == R_NONE)
			p->role = R_START;
		L->want = R_END;
	}
}

/* Optional separator between a month or quarter and its year: "/", "-" or "năm". */
static size_t
tl_sep(const tl *L, size_t i)
{
	return tk_punct(L, i, "/-") || tk_word(L, i, "nam") ? i + 1 : i;
}

/* At a number: a date (30/6/2024, 30 tháng 6 năm 2024), "6 tháng đầu năm 2024", or a year. */
static size_t
tl_at_num(tl *L, size_t i)
{
	int d, m, y;
	size_t j;

	if (L->t[i].len <= 2 && tk_punct(L, i + 1, "/.-") && tk_num(L, i + 2) &&
	    L->t[i + 2].len <= 2 && tk_punct(L, i + 3, L->t[i + 1].s[0] == '/' ? "/" :
	    L->t[i + 1].s[0] == '.' ? "." : "-") && tk_num(L, i + 4) && L->t[i + 4].len == 4)
		j = i + 4;
	else if (L->t[i].len <= 2 && tk_word(L, i + 1, "thang") && tk_num(L, i + 2) &&
	    tk_word(L, i + 3, "nam") && tk_num(L, i + 4))
		j = i + 4;
	else
		j = 0;
	if (j != 0) {
		d = L->t[i].val;
		m = L->t[i + 2].val;
		y = L->t[j].val;
		if (L->t[i + 2].len > 2 || !date_ok(y, m, d)) {
			L->bad = 1;
			return j + 1;
		}
		tl_add(L, y, m, d, y, m, d, 1, j + 1);
		return j + 1;
	}
	/* N tháng đầu/cuối năm Y: the first or last N months. */
	if (tk_word(L, i + 1, "thang") && (tk_word(L, i + 2, "dau") || tk_word(L, i + 2, "cuoi")) &&
	    tk_word(L, i + 3, "nam") && tk_num(L, i + 4)) {
		m = tk_small(L, i, 1, 12);
		y = tk_year(L, i + 4);
		if (L->bad)
			return i + 5;
		if (tk_word(L, i + 2, "dau"))
			tl_add(L, y, 1, 1, y, m, month_days(y, m), 0, i + 5);
		else
			tl_add(L, y, 13 - m, 1, y, 12, 31, 0, i + 5);
		return i + 5;
	}
	if (L->t[i].len >= 4 && (y = tk_year(L, i)) != 0)
		tl_add(L, y, 1, 1, y, 12, 31, 0, i + 1);
	return i + 1;
}

/* Quarters named in words: quý một ... quý tư. */
static const struct { const char *w; int q; } quarter_words[] = {
	{ "mot", 1 }, { "nhat", 1 }, { "hai", 2 }, { "ba", 3 }, { "bon", 4 }, { "tu", 4 },
};

/* At "quý"/"quí"/"q": Quý III/2023, Quý 3 năm 2023, Q3/2023, quý tư năm 2023; without a year
 * ("Quý IV hằng năm") no period. */
static size_t
tl_at_quarter(tl *L, size_t i)
{
	int q = 0, y;
	size_t j, k;

	for (k = 0; k < sizeof quarter_words / sizeof quarter_words[0]; k++)
		if (tk_word(L, i + 1, quarter_words[k].w))
			q = quarter_words[k].q;
	if (q == 0 && tk_num(L, i + 1))
		q = tk_small(L, i + 1, 1, 4);
	else if (q == 0 && i + 1 < L->n && L->t[i + 1].kind == TK_WORD &&
	    (q = norm_roman(L->t[i + 1].s, L->t[i + 1].len)) > 4)
		L->bad = 1;
	if (q == 0 && !L->bad)
		return i + 1;               /* quý as a plain word, or quỹ */
	j = tl_sep(L, i + 2);
	if (L->bad || (y = tk_year(L, j)) == 0)
		return i + 2;
	tl_add(L, y, 3 * q - 2, 1, y, 3 * q, month_days(y, 3 * q), 0, j + 1);
	return j + 1;
}

/* At "tháng": Tháng 6/2024, Tháng 6 năm 2024. */
static size_t
tl_at_month(tl *L, size_t i)
{
	int m, y;
	size_t j;

	if (!tk_num(L, i + 1))
		return i + 1;
	m = tk_small(L, i + 1, 1, 12);
	j = tl_sep(L, i + 2);
	if (L->bad || (y = tk_year(L, j)) == 0)
		return i + 2;
	tl_add(L, y, m, 1, y, m, month_days(y, m), 0, j + 1);
	return j + 1;
}

/* At "nửa": nửa đầu năm 2024, nửa cuối năm 2024. */
static size_t
tl_at_half(tl *L, size_t i)
{
	int y, first = tk_word(L, i + 1, "dau");

	if (!(first || tk_word(L, i + 1, "cuoi")) || !tk_word(L, i + 2, "nam") ||
	    (y = tk_year(L, i + 3)) == 0)
		return i + 1;
	if (first)
		tl_add(L, y, 1, 1, y, 6, 30, 0, i + 4);
	else
		tl_add(L, y, 7, 1, y, 12, 31, 0, i + 4);
	return i + 4;
}

static size_t
tl_at_word(tl *L, size_t i, int *rank)
{
	size_t k;

	for (k = 0; k < sizeof recur_words / sizeof recur_words[0]; k++)
		if (tk_word(L, i, recur_words[k].w1) && tk_word(L, i + 1, recur_words[k].w2)) {
			if (recur_words[k].rank > *rank)
				*rank = recur_words[k].rank;
			return i + 2;
		}
	/* "Năm 2024 và các năm tiếp theo", "từ 2024 trở đi": open-ended from that period. */
	if ((tk_word(L, i, "tiep") && tk_word(L, i + 1, "theo")) ||
	    (tk_word(L, i, "tro") && (tk_word(L, i + 1, "di") || tk_word(L, i + 1, "ve")))) {
		if (L->np > 0 && L->p[L->np - 1].role != R_END)
			L->p[L->np - 1].role = R_START;
		return i + 2;
	}
	for (k = 0; k < sizeof role_words / sizeof role_words[0]; k++)
		if (tk_word(L, i, role_words[k].w)) {
			L->want = role_words[k].role;
			return i + 1;
		}
	if (tk_word(L, i, "quy") || tk_word(L, i, "qui") || tk_word(L, i, "q"))
		return tl_at_quarter(L, i);
	if (tk_word(L, i, "thang"))
		return tl_at_month(L, i);
	if (tk_word(L, i, "nua"))
		return tl_at_half(L, i);
	return i + 1;                       /* năm, giai đoạn, ngày...: the number says it */
}

/* Cut folded text into tokens; t has room for strlen(f) tokens. */
static size_t
tl_tokens(const char *f, tk *t)
{
	size_t n = 0, k;
	const char *p = f;

	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			continue;
		}
		t[n].s = p;
		t[n].val = 0;
		if (*p >= '0' && *p <= '9') {
			for (k = 0; p[k] >= '0' && p[k] <= '9'; k++)
				continue;
			t[n].kind = TK_NUM;
			t[n].val = k <= 4 ? digits_val(p, k) : -1;
		} else if (keep_punct((unsigned char)*p)) {
			k = 1;
			t[n].kind = TK_PUNCT;
		} else {
			for (k = 0; p[k] != '\0' && p[k] != ' ' && !keep_punct((unsigned char)p[k]) &&
			    !(p[k] >= '0' && p[k] <= '9'); k++)
				continue;
			t[n].kind = TK_WORD;
		}
		t[n++].len = k;
		p += k;
	}
	return n;
}

int
norm_timeline_parse(const char *s, norm_timeline *out)
{
	tl L;
	tk *t;
	char *f;
	size_t i;
	int rank = 0;
	const period *first = NULL, *last = NULL;
	period *p;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return 0;
	f = fold(s, strlen(s), FOLD_ASCII | FOLD_PUNCT);
	t = xmalloc((strlen(f) + 1) * sizeof *t);
	memset(&L, 0, sizeof L);
	L.t = t;
	L.n = tl_tokens(f, t);
	for (i = 0; i < L.n && !L.bad; ) {
		if (t[i].kind == TK_NUM) {
			if (t[i].val < 0) {
				L.bad = 1;              /* 5+ digits: no date has them */
				break;
			}
			i = tl_at_num(&L, i);
		} else if (t[i].kind == TK_WORD)
			i = tl_at_word(&L, i, &rank);
		else
			i++;
	}
	free(t);
	free(f);
	if (L.bad)
		return 0;
	for (i = 0; i < L.np; i++) {
		p = &L.p[i];
		if (p->role == R_NONE)
			p->role = p->point ? R_END : R_BOTH;
		if (first == NULL && (p->role == R_START || p->role == R_BOTH))
			first = p;
		if (p->role == R_END || p->role == R_BOTH)
			last = p;
	}
	if (first != NULL && last != NULL && strcmp(last->hi, first->lo) < 0)
		return 0;                       /* ends before it starts */
	if (first != NULL)
		memcpy(out->start, first->lo, sizeof out->start);
	if (last != NULL)
		memcpy(out->end, last->hi, sizeof out->end);
	out->recurrence = recur_names[rank];
	return out->start[0] != '\0' || out->end[0] != '\0' || out->recurrence != NULL;
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

/* Bytes of one code character at p (ASCII letter or digit, Đ or đ), 0 if none. */
static size_t
code_char(const char *p)
{
	unsigned char c = (unsigned char)p[0];

	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	if (c == 0xC4 && ((unsigned char)p[1] == 0x90 || (unsigned char)p[1] == 0x91))
		return 2;
	return 0;
}

/* Length of the code part at p, 0 if none or longer than SYM_PART_MAX. */
static size_t
code_part(const char *p)
{
	size_t n = 0, k;

	while ((k = code_char(p + n)) != 0) {
		n += k;
		if (n > SYM_PART_MAX)
			return 0;
	}
	return n;
}

/* Uppercase copy of a code part (ASCII and đ), NUL-terminated; dst has n + 1 bytes. */
static void
code_upper(char *dst, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		dst[i] = p[i] >= 'a' && p[i] <= 'z' ? p[i] - 'a' + 'A' : p[i];
		if ((unsigned char)p[i] == 0xC4 && (unsigned char)p[i + 1] == 0x91) {
			dst[++i] = (char)0x90;
		}
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
	if (s[i] == '-' && code_part(s + i + 1) == 4 && all_digits(s + i + 1, 4) && digits_val(s + i + 1, 4) >= YEAR_MIN &&
	    digits_val(s + i + 1, 4) <= YEAR_MAX && s[i + 5] == '/') {   /* older state: 19-2018/NQ-CP */
		memcpy(y->year, s + i + 1, 4);
		i += 6;
		if ((k = sym_state_tail(s + i, y, 1)) == 0)
			return 0;
		i += k;
		y->shape = "state";
		snprintf(y->canonical, sizeof y->canonical, "%s-%s/%s%s%s", y->number, y->year,
		    y->type, y->type[0] ? "-" : "", y->issuer);
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
		if (n != 4 || s[i + 5] != '/' || digits_val(s + i + 1, 4) < YEAR_MIN ||
		    digits_val(s + i + 1, 4) > YEAR_MAX)
			return 0;
		memcpy(y->year, s + i + 1, 4);
		i += 6;
		if ((k = sym_state_tail(s + i, y, 0)) == 0)
			return 0;
		i += k;
		y->shape = "legal";
		snprintf(y->canonical, sizeof y->canonical, "%s/%s/%s%s%s", y->number, y->year,
		    y->type, y->type[0] ? "-" : "", y->issuer);
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
norm_symbol_parse(const char *s, norm_symbol *y, size_t *used)
{
	size_t n = 0;

	memset(y, 0, sizeof *y);
	if (s == NULL || !sym_parse(s, y, &n)) {
		memset(y, 0, sizeof *y);
		return 0;
	}
	if (used != NULL)
		*used = n;
	return 1;
}
