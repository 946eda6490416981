/*
 * textrules.c: the rules that scan the source text itself, line by line, not the tree:
 * repeated words (word-duplicated) and mixed tone-mark placement (tone-mark-mixed). Their
 * columns are exact characters of what the drafter typed. Pure functions of the source: no
 * state beyond the call.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "textrules.h"

/* ---- text: repeated words ---- */

typedef struct word {
	size_t at, end;     /* bytes in the line */
	int number, letters;
} word;

/* A letter (or combining mark)? Vietnamese letters are answered without a table lookup. */
static int
is_letter_cp(utf8proc_int32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x300 && cp <= 0x36F) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF))
		return 1;
	if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF))
		return 0;               /* Latin-1 signs, punctuation, arrows, symbols */
	utf8proc_category_t k = utf8proc_category(cp);
	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
	    (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME);
}

/* Decode one code point of valid UTF-8 (read.c guarantees it) at s[i..n); returns its length
 * (at least 1). */
static size_t
next_cp(const char *s, size_t i, size_t n, utf8proc_int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t len = n - i;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0 && len >= 2) {
		*cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if ((u[0] & 0xF0) == 0xE0 && len >= 3) {
		*cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
		return 3;
	}
	if ((u[0] & 0xF8) == 0xF0 && len >= 4) {
		*cp = ((u[0] & 0x07) << 18) | ((u[1] & 0x3F) << 12) | ((u[2] & 0x3F) << 6) | (u[3] & 0x3F);
		return 4;
	}
	*cp = -1;
	return 1;
}

static int
is_digit_cp(utf8proc_int32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Split a line into words (runs of letters and digits). Returns the count; *v grows. */
static size_t
split_words(const char *s, size_t n, word **v, size_t *cap)
{
	size_t nw = 0, i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		size_t k = next_cp(s, i, n, &cp);
		if (!is_letter_cp(cp) && !is_digit_cp(cp)) {
			i += k;
			continue;
		}
		word w = { i, i, 1, 0 };
		while (i < n) {
			k = next_cp(s, i, n, &cp);
			if (!is_letter_cp(cp) && !is_digit_cp(cp))
				break;
			if (!is_digit_cp(cp))
				w.number = 0;
			w.letters++;
			i += k;
		}
		w.end = i;
		if (nw == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = xrealloc(*v, *cap * sizeof **v);
		}
		(*v)[nw++] = w;
	}
	return nw;
}

/* Case-insensitive equality of two words. */
static int
word_eq(const char *s, const word *a, const word *b)
{
	size_t i = a->at, j = b->at;
	/* Case pairs of Latin and Vietnamese letters have the same UTF-8 length: words of
	 * different lengths differ, and most pairs differ in their first (ASCII) byte. */
	if (a->end - a->at != b->end - b->at)
		return 0;
	if (memcmp(s + a->at, s + b->at, a->end - a->at) == 0)
		return 1;
	unsigned char x0 = (unsigned char)s[i], y0 = (unsigned char)s[j];
	if (x0 < 0x80 && y0 < 0x80 && (x0 | 0x20) != (y0 | 0x20))
		return 0;
	while (i < a->end && j < b->end) {
		utf8proc_int32_t x, y;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(a->end - i), &x);
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(b->end - j), &y);
		if (k <= 0 || l <= 0 || utf8proc_tolower(x) != utf8proc_tolower(y))
			return 0;
		i += (size_t)k;
		j += (size_t)l;
	}
	return i == a->end && j == b->end;
}

/* Only spaces between two words? (A tab or "|" separates table cells.) */
static int
spaces_between(const char *s, const word *a, const word *b)
{
	if (b->at == a->end)
		return 0;
	for (size_t i = a->end; i < b->at; i++)
		if (s[i] != ' ')
			return 0;
	return 1;
}

/*
 * One syllable said twice is Vietnamese full reduplication ("ngày ngày", "xanh xanh", "dần
 * dần"), or a misspelt word ("tiến tiến" for "tiên tiến"), not a repetition: it is reported
 * only for function words, which never reduplicate ("và và", "của của"). A repeated word of
 * two or three syllables ("ban hành ban hành") is always reported.
 */
static const char *const function_words[] = {
	"và", "của", "các", "những", "trong", "cho", "với", "về", "để", "được", "là", "có", "thì",
	"mà", "đã", "sẽ", "đang", "này", "theo", "tại", "trên", "đối", "bị", "do", "nhằm", "hoặc",
	"hay", "như", "cùng", "không", "chưa", "phải", "việc", "sự", "nếu", "khi", "vào", "ra",
};

static int
is_function_word(const char *s, const word *w)
{
	size_t n = w->end - w->at;
	char buf[32];
	if (n >= sizeof buf)
		return 0;
	/* lowercase */
	size_t o = 0;
	for (size_t i = w->at; i < w->end;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(w->end - i), &cp);
		if (k <= 0)
			return 0;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		if (o + (size_t)e >= sizeof buf)
			return 0;
		memcpy(buf + o, enc, (size_t)e);
		o += (size_t)e;
		i += (size_t)k;
	}
	buf[o] = '\0';
	for (size_t i = 0; i < sizeof function_words / sizeof function_words[0]; i++)
		if (strcmp(function_words[i], buf) == 0)
			return 1;
	return 0;
}

void
textrules_word_duplicated(const apc_source *src, apc_diags *d)
{
	word *w = NULL;
	size_t cap = 0;
	for (size_t ln = 0; ln < src->nlines; ln++) {
		const apc_line *L = &src->lines[ln];
		size_t nw = split_words(L->s, L->len, &w, &cap);
		for (size_t i = 0; i + 1 < nw;) {
			size_t hit = 0;
			for (size_t k = 1; k <= 3 && !hit && i + 2 * k <= nw; k++) {
				int ok = word_eq(L->s, &w[i], &w[i + k]), content = 0;
				for (size_t m = 0; m < 2 * k - 1 && ok; m++)
					ok = spaces_between(L->s, &w[i + m], &w[i + m + 1]);
				for (size_t m = 0; m < k && ok; m++) {
					ok = word_eq(L->s, &w[i + m], &w[i + k + m]);
					content |= !w[i + m].number && w[i + m].letters > 1;
				}
				if (!ok || !content)
					continue;
				if (k == 1 && !is_function_word(L->s, &w[i]))
					continue;
				hit = k;
			}
			if (hit) {
				const word *a = &w[i], *b = &w[i + 2 * hit - 1];
				char *txt = xstrndup(L->s + a->at, b->end - a->at);
				diag_emit(d, D_WORD_DUPLICATED, (unsigned)ln + 1,
				    1 + (unsigned)utf8_chars(L->s, w[i + hit].at), txt);
				free(txt);
				i += 2 * hit;
			} else
				i++;
		}
	}
	free(w);
}

/* ---- text: tone-mark placement ---- */

/*
 * The old placement puts the mark on the second vowel of oa, oe, uy at the end of a syllable
 * (hoá, khoẻ, thuỷ), the new on the first (hóa, khỏe, thủy). "quý" is neither: qu is a
 * consonant there. Families: 0 oa, 1 oe, 2 uy.
 */
static int
tone_style(utf8proc_int32_t c0, utf8proc_int32_t c1, utf8proc_int32_t c2, int *family)
{
	static const utf8proc_int32_t a_marked[] = { 0xE0, 0xE1, 0x1EA3, 0xE3, 0x1EA1 };   /* à á ả ã ạ */
	static const utf8proc_int32_t e_marked[] = { 0xE8, 0xE9, 0x1EBB, 0x1EBD, 0x1EB9 }; /* è é ẻ ẽ ẹ */
	static const utf8proc_int32_t y_marked[] = { 0x1EF3, 0xFD, 0x1EF7, 0x1EF9, 0x1EF5 }; /* ỳ ý ỷ ỹ ỵ */
	static const utf8proc_int32_t o_marked[] = { 0xF2, 0xF3, 0x1ECF, 0xF5, 0x1ECD };   /* ò ó ỏ õ ọ */
	static const utf8proc_int32_t u_marked[] = { 0xF9, 0xFA, 0x1EE7, 0x169, 0x1EE5 };  /* ù ú ủ ũ ụ */
	for (int i = 0; i < 5; i++) {
		if (c1 == 'o' && c2 == a_marked[i])
			return *family = 0, 1;
		if (c1 == 'o' && c2 == e_marked[i])
			return *family = 1, 1;
		if (c1 == 'u' && c2 == y_marked[i] && c0 != 'q')
			return *family = 2, 1;
		if (c1 == o_marked[i] && c2 == 'a')
			return *family = 0, 2;
		if (c1 == o_marked[i] && c2 == 'e')
			return *family = 1, 2;
		if (c1 == u_marked[i] && c2 == 'y' && c0 != 'q')
			return *family = 2, 2;
	}
	return 0;
}

typedef struct tone_seen {
	unsigned line, col;
	size_t at, end;        /* the word in its line */
} tone_seen;

void
textrules_tone_marks(const apc_source *src, apc_diags *d)
{
	size_t count[3] = { 0, 0, 0 };        /* by style: 1 old, 2 new */
	tone_seen first[3][3];                 /* [style][family] */
	tone_seen any[3];
	memset(first, 0, sizeof first);
	memset(any, 0, sizeof any);
	for (size_t ln = 0; ln < src->nlines; ln++) {
		const apc_line *L = &src->lines[ln];
		utf8proc_int32_t c0 = -1, c1 = -1, c2 = -1;
		size_t wstart = 0, i = 0;
		int inword = 0;
		while (i <= L->len) {
			utf8proc_int32_t cp = -1;
			size_t k = 1;
			if (i < L->len)
				k = next_cp(L->s, i, L->len, &cp);
			int letter = cp >= 0 && is_letter_cp(cp);
			if (letter) {
				if (!inword) {
					inword = 1;
					wstart = i;
					c0 = c1 = c2 = -1;
				}
				c0 = c1;
				c1 = c2;
				c2 = cp;
			} else if (inword) {
				int fam, st = c2 >= 0x80 || (c2 | 0x20) == 'a' || (c2 | 0x20) == 'e' || (c2 | 0x20) == 'y' ?
				    tone_style(c0 < 0 ? c0 : utf8proc_tolower(c0), c1 < 0 ? c1 : utf8proc_tolower(c1),
					utf8proc_tolower(c2), &fam) : 0;
				if (st) {
					count[st]++;
					tone_seen s = { (unsigned)ln + 1, 1 + (unsigned)utf8_chars(L->s, wstart), wstart, i };
					if (!first[st][fam].line)
						first[st][fam] = s;
					if (!any[st].line)
						any[st] = s;
				}
				inword = 0;
			}
			i += k;
		}
	}
	if (!count[1] || !count[2])
		return;
	int minor = count[1] <= count[2] ? 1 : 2, major = 3 - minor;
	tone_seen m = any[minor];
	/* name the other placement in the same family when the document has it */
	tone_seen o = any[major];
	for (int f = 0; f < 3; f++)
		if (first[minor][f].line == m.line && first[minor][f].col == m.col && first[major][f].line)
			o = first[major][f];
	const apc_line *ml = &src->lines[m.line - 1], *ol = &src->lines[o.line - 1];
	char *mw = xstrndup(ml->s + m.at, m.end - m.at), *ow = xstrndup(ol->s + o.at, o.end - o.at);
	diag_emit(d, D_TONE_MARK_MIXED, m.line, m.col, mw, ow, o.line);
	free(mw);
	free(ow);
}

