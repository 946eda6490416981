/*
 * textrules.c: the rules that scan the source text itself, line by line, not the tree:
 * repeated words (word-duplicated), mixed tone-mark placement (tone-mark-mixed), two words
 * typed as one (word-glued) and a syllable with two tone marks (tone-mark-doubled). Their
 * columns are exact characters of what the drafter typed.
 *
 * One pass over each line's bytes serves both: ASCII is classified by a table, other
 * characters decoded once; words are kept as offsets in a buffer reused from line to line (no
 * allocation per word), and a word is compared with another only when their lengths and ASCII
 * first letters agree. Pure functions of the source: no state beyond the call.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "textrules.h"

typedef struct word {
	size_t at, end;     /* bytes in the line */
	uint64_t key;       /* length << 21 | its first character in lower case: equal words have equal keys */
	int sp;             /* only spaces (one or more) between it and the next word */
} word;

/* Bytes: 1 an ASCII letter, 2 a digit, 0 any other ASCII byte; the lead byte of a character
 * of U+00C0..U+027F (4: a letter but U+00D7 and U+00F7), of U+1000..U+1FFF (5: Vietnamese's
 * precomposed letters are U+1E00..U+1EFF), any other byte (3: decoded). */
static const unsigned char byte_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* A letter (or combining mark)? Vietnamese letters are answered without a table lookup. */
static inline int
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

/* Case-insensitive equality of two words. */
static int
word_eq(const char *s, const word *a, const word *b)
{
	size_t i = a->at, j = b->at, p = 0, n = a->end - a->at;
	/* Case pairs of Latin and Vietnamese letters have the same UTF-8 length: words of
	 * different lengths differ, and most pairs differ in their first (ASCII) byte. */
	if (n != b->end - b->at)
		return 0;
	unsigned char x0 = (unsigned char)s[i], y0 = (unsigned char)s[j];
	if (x0 < 0x80 && y0 < 0x80 && (x0 | 0x20) != (y0 | 0x20))
		return 0;
	/* the bytes they share from the start, back to the start of a character */
	while (p < n && s[i + p] == s[j + p])
		p++;
	if (p == n)
		return 1;
	while (p > 0 && ((unsigned char)s[i + p] & 0xC0) == 0x80)
		p--;
	i += p;
	j += p;
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

/* Is the word more than a number or one character? (A word is letters and digits.) */
static int
has_content(const char *s, const word *w)
{
	int number = 1;
	for (size_t i = w->at; i < w->end && number; i++)
		number = s[i] >= '0' && s[i] <= '9';
	return !number && utf8_chars(s + w->at, w->end - w->at) > 1;
}

/* word_eq, answered at once for most pairs by their keys. */
static inline int
same_word(const char *s, const word *a, const word *b)
{
	return a->key == b->key && word_eq(s, a, b);
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

/* Report the repeated words of one line, its words w[0..nw). */
static void
repeated_words(const apc_line *L, unsigned line, const word *w, size_t nw, apc_diags *d)
{
	utf8_cursor cur = { 0 };   /* columns counted once a line, not from its start at each */
	for (size_t i = 0; i + 1 < nw;) {
		size_t hit = 0;
		uint64_t key = w[i].key;
		/* most words are followed by punctuation or by three other words */
		if (!w[i].sp || (i + 6 <= nw && w[i + 1].key != key && w[i + 2].key != key && w[i + 3].key != key)) {
			i++;
			continue;
		}
		for (size_t k = 1; k <= 3 && !hit && i + 2 * k <= nw; k++) {
			if (w[i + k].key != w[i].key)
				continue;
			int ok = word_eq(L->s, &w[i], &w[i + k]), content = 0;
			for (size_t m = 0; m < 2 * k - 1 && ok; m++)
				ok = w[i + m].sp;
			for (size_t m = 0; m < k && ok; m++) {
				ok = same_word(L->s, &w[i + m], &w[i + k + m]);
				content |= has_content(L->s, &w[i + m]);
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
			apc_diag *g = diag_emit(d, D_WORD_DUPLICATED, line, 1 + (unsigned)utf8_chars_at(&cur, L->s, w[i + hit].at), txt);
			/* the fix: delete the repetition with the space before it */
			size_t from = w[i + hit - 1].end;
			char *old = xstrndup(L->s + from, b->end - from);
			g->end_col = 1 + (unsigned)utf8_chars_at(&cur, L->s, b->end);
			diag_fix(g, line, 1 + (unsigned)utf8_chars_at(&cur, L->s, from), g->end_col, old, "");
			free(old);
			free(txt);
			i += 2 * hit;
		} else
			i++;
	}
}

/*
 * The old placement puts the mark on the second vowel of oa, oe, uy at the end of a syllable
 * (hoá, khoẻ, thuỷ), the new on the first (hóa, khỏe, thủy). "quý" is neither: qu is a
 * consonant there. Families: 0 oa, 1 oe, 2 uy.
 */
static int
tone_style(utf8proc_int32_t c0, utf8proc_int32_t c1, utf8proc_int32_t c2, int *family)
{
	char b1 = 0, b2 = 0;
	/* a plain o or u before a marked vowel, or a marked one before a plain a, e or y */
	if ((c1 == 'o' || c1 == 'u') && norm_toned(c2, &b2)) {
		if (c1 == 'o' && b2 == 'a')
			return *family = 0, 1;
		if (c1 == 'o' && b2 == 'e')
			return *family = 1, 1;
		if (c1 == 'u' && b2 == 'y' && c0 != 'q')
			return *family = 2, 1;
	} else if ((c2 == 'a' || c2 == 'e' || c2 == 'y') && norm_toned(c1, &b1)) {
		if (b1 == 'o' && c2 == 'a')
			return *family = 0, 2;
		if (b1 == 'o' && c2 == 'e')
			return *family = 1, 2;
		if (b1 == 'u' && c2 == 'y' && c0 != 'q')
			return *family = 2, 2;
	}
	return 0;
}

/*
 * Can the last two letters c1 c2 of a word be a placement tone_style knows? Only when c2 is
 * a, e, y or any non-ASCII letter, and c1 is o or u, or any non-ASCII letter (checked there).
 * Most words are answered here without case mapping.
 */
static inline int
maybe_marked(utf8proc_int32_t c1, utf8proc_int32_t c2)
{
	if (c2 < 0x80 && (c2 | 0x20) != 'a' && (c2 | 0x20) != 'e' && (c2 | 0x20) != 'y')
		return 0;
	return c1 >= 0x80 || (c1 | 0x20) == 'o' || (c1 | 0x20) == 'u';
}

/* A letter in lower case (ASCII letters without a lookup); -1 stays -1. */
static inline utf8proc_int32_t
lower(utf8proc_int32_t c)
{
	return c < 0 ? c : c < 0x80 ? c | 0x20 : utf8proc_tolower(c);
}

typedef struct tone_seen {
	unsigned line, col;
	size_t at, end;        /* the word in its line */
} tone_seen;

typedef struct tones {
	size_t count[3];        /* by style: 1 old, 2 new */
	tone_seen first[3][3];  /* [style][family] */
	tone_seen any[3];
	tone_seen *all[3];      /* every word of each style, for the fix (count[style] of them) */
	size_t cap[3];
} tones;

/* Is L->s[at..end) the HÒA (or HOÀ) of the country's name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
 * (the national title, or the name in the text)? Its spelling is the formula's, not the
 * drafter's placement: neither counted nor changed. */
static int
republic_name(const apc_line *L, size_t at, size_t end)
{
	static const char *const before[] = { "CỘNG ", "Cộng ", "cộng " };
	static const char *const after[] = { " XÃ HỘI", " xã hội" };   /* a copy may wrap the rest */
	int b = 0, a = 0;
	for (size_t i = 0; i < 3 && !b; i++) {
		size_t n = strlen(before[i]);
		b = at >= n && memcmp(L->s + at - n, before[i], n) == 0;
	}
	for (size_t i = 0; i < 2 && b && !a; i++) {
		size_t n = strlen(after[i]);
		a = L->len - end >= n && memcmp(L->s + end, after[i], n) == 0;
	}
	return a;
}

/* A run of letters L->s[at..end) ends; c0 c1 c2 are its last three letters (-1: none), and
 * maybe_marked(c1, c2) holds. */
static void
tone_word(tones *t, const apc_line *L, unsigned line, size_t at, size_t end,
    utf8proc_int32_t c0, utf8proc_int32_t c1, utf8proc_int32_t c2)
{
	int fam, st;

	st = tone_style(lower(c0), lower(c1), lower(c2), &fam);
	if (!st || (fam == 0 && republic_name(L, at, end)))
		return;
	tone_seen s = { line, 0, at, end };
	if (t->count[st] == t->cap[st]) {
		t->cap[st] = t->cap[st] ? 2 * t->cap[st] : 16;
		t->all[st] = xrealloc(t->all[st], t->cap[st] * sizeof *t->all[st]);
	}
	t->all[st][t->count[st]++] = s;
	if (!t->first[st][fam].line) {
		s.col = 1 + (unsigned)utf8_chars(L->s, at);
		t->first[st][fam] = s;
	}
	if (!t->any[st].line) {
		s.col = 1 + (unsigned)utf8_chars(L->s, at);
		t->any[st] = s;
	}
}

/* The start of the character that ends at byte e of s[at..e) (valid UTF-8, e > at). */
static inline size_t
char_before(const unsigned char *u, size_t at, size_t e)
{
	size_t p = e - 1;
	while (p > at && (u[p] & 0xC0) == 0x80)
		p--;
	return p;
}

/* A run of letters L->s[at..end) ends: its last three letters, read back from its end (the
 * line is valid UTF-8, as read.c makes it) when the last may carry a tone, to tone_word. */
static void
tone_run(tones *t, const apc_line *L, unsigned line, size_t at, size_t end)
{
	const unsigned char *u = (const unsigned char *)L->s;
	unsigned b = u[end - 1] | 0x20;
	if (u[end - 1] < 0x80 && b != 'a' && b != 'e' && b != 'y')
		return;                 /* most runs: maybe_marked would say no */
	size_t q2 = char_before(u, at, end), q1, q0;
	if (q2 == at)
		return;                 /* one letter: maybe_marked(-1, c2) is no */
	b = u[q2 - 1] | 0x20;
	if (u[q2 - 1] < 0x80 && b != 'o' && b != 'u')
		return;                 /* nor when the letter before is ASCII, not o or u */
	int32_t c0 = -1, c1, c2;
	q1 = char_before(u, at, q2);
	utf8_next(L->s, q2, L->len, &c2);
	utf8_next(L->s, q1, L->len, &c1);
	if (q1 > at) {
		q0 = char_before(u, at, q1);
		utf8_next(L->s, q0, L->len, &c0);
	}
	if (maybe_marked(c1, c2))
		tone_word(t, L, line, at, end, c0, c1, c2);
}

/* Both placements in the document: one diagnostic at the first word of the rarer one. */
static void
tone_report(const tones *t, const apc_source *src, apc_diags *d)
{
	if (!t->count[1] || !t->count[2])
		return;
	int minor = t->count[1] <= t->count[2] ? 1 : 2, major = 3 - minor;
	tone_seen m = t->any[minor];
	utf8_cursor cur = { 0 };
	/* name the other placement in the same family when the document has it */
	tone_seen o = t->any[major];
	for (int f = 0; f < 3; f++)
		if (t->first[minor][f].line == m.line && t->first[minor][f].col == m.col && t->first[major][f].line)
			o = t->first[major][f];
	const apc_line *ml = &src->lines[m.line - 1], *ol = &src->lines[o.line - 1];
	char *mw = xstrndup(ml->s + m.at, m.end - m.at), *ow = xstrndup(ol->s + o.at, o.end - o.at);
	apc_diag *g = diag_emit(d, D_TONE_MARK_MIXED, m.line, m.col, mw, ow, o.line);
	free(mw);
	free(ow);
	/* the fix: every word of the rarer placement takes the document's usual one */
	for (size_t i = 0; i < t->count[minor]; i++) {
		const tone_seen *w = &t->all[minor][i];
		const apc_line *L = &src->lines[w->line - 1];
		char *to = norm_tone_move(L->s + w->at, w->end - w->at);
		if (to == NULL)
			continue;
		char *from = xstrndup(L->s + w->at, w->end - w->at);
		unsigned c0 = 1 + (unsigned)utf8_chars_at(&cur, L->s, w->at);
		if (w->line == m.line && c0 == m.col)
			g->end_col = c0 + (unsigned)utf8_chars(from, strlen(from));
		diag_fix_add(g, w->line, c0, c0 + (unsigned)utf8_chars(from, strlen(from)), from, to);
		free(from);
		free(to);
	}
}

#define NONE ((size_t)-1)

/* A row of a table laid out with spaces (ruled, pdftotext -layout): two runs of three spaces or
 * more, indentation included. There two spaces part columns; in prose four do. */
static int
tabular(const char *s, size_t n)
{
	size_t p = text_spaces3(s, n);
	int runs = 0;
	while (p < n && ++runs < 2) {
		while (p < n && s[p] == ' ')
			p++;
		p += text_spaces3(s + p, n - p);
	}
	return runs >= 2;
}

/* The character at s[i] (i < n): its class (1 a letter, 2 a digit, 0 anything else), its code
 * point in *cp and its length in *k. */
static inline int
char_class(const char *s, size_t i, size_t n, int32_t *cp, size_t *k)
{
	const unsigned char *u = (const unsigned char *)s + i;
	int cls = byte_class[u[0]];
	if (cls < 3)
		return *cp = (int32_t)u[0], *k = 1, cls;
	/* what utf8_next and is_letter_cp would answer, for the common leads */
	if (cls == 4 && n - i >= 2) {
		*cp = (int32_t)((u[0] & 0x1F) << 6 | (u[1] & 0x3F));
		*k = 2;
		return *cp != 0xD7 && *cp != 0xF7;
	}
	if (cls == 5 && n - i >= 3 && u[1] >= 0xB8 && u[1] <= 0xBB) {
		*cp = (int32_t)(0x1000 | (u[1] & 0x3F) << 6 | (u[2] & 0x3F));
		*k = 3;
		return 1;
	}
	*k = utf8_next(s, i, n, cp);
	return is_letter_cp(*cp);
}

/* Does a run of r spaces (r >= 1) between two words keep them one text? One space always;
 * up to three in prose; in a table laid out with spaces (*gap 1) two part columns. *gap is
 * 0 until a run needs it, then 1 or 3. */
static inline int
one_text(const char *s, size_t n, size_t r, size_t *gap)
{
	if (r <= 1)
		return 1;
	if (r > 3)
		return 0;
	if (*gap == 0)
		*gap = tabular(s, n) ? 1 : 3;
	return r <= *gap;
}

/* A word's first character in lower case, for its key: utf8proc_tolower, answered without a
 * lookup for ASCII, Latin-1 and Vietnamese's precomposed letters (U+1EA0..U+1EF9: upper case
 * even, lower case odd). */
static inline uint64_t
key_lower(int32_t cp)
{
	if (cp < 0x80)
		return (uint64_t)cp | 0x20u;
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return (uint64_t)cp | 1u;
	if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
		return (uint64_t)cp + 0x20u;
	if (cp >= 0xDF && cp <= 0xFF)
		return (uint64_t)cp;
	return (uint64_t)utf8proc_tolower(cp);
}

/*
 * Two words typed without the space between them ("Kếhoạch", "BANHÀNH", "hànhđộng"), which
 * copies from some legal-database sites also have. A Vietnamese syllable is written alone: an
 * initial consonant, one group of vowels, a final consonant. A run of letters with two vowel
 * groups that reads as two such syllables, one of its letters Vietnamese (marked, or đ), is two
 * words; foreign words (Internet, COVID) have no such letter, and a foreign name transcribed
 * syllable by syllable is written with hyphens (I-rắc), which end the run. Only runs of two
 * syllables are read: three groups are rarer glued than transcribed (Inđônêxia).
 */
/* Bytes for glued_split's first look: 1 an ASCII vowel (a e i o u y, either case), 2 a
 * continuation byte, 3 the lead byte of a letter past U+00BF (a marked vowel in Vietnamese
 * text), 4 the lead byte of U+0100..U+013F (đ among them), 0 anything else. */
static const unsigned char glue_class[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

#define GLUED_MAX 16      /* letters: two syllables have at most 7 + 7 */

/* Is u[0..n) đ or Đ (U+0111, U+0110)? */
static inline int
is_dd(const unsigned char *u, size_t n)
{
	return n >= 2 && u[0] == 0xC4 && (u[1] == 0x90 || u[1] == 0x91);
}

/* Does the run u[at..end) have exactly two vowel groups and a letter past ASCII? Most runs
 * are one syllable and are answered here, on the bytes. */
static inline int
two_vowel_groups(const unsigned char *u, size_t at, size_t end)
{
	int groups = 0, in_vowel = 0, marked = 0;
	for (size_t i = at; i < end; i++) {
		unsigned k = glue_class[u[i]];
		if (k == 2)
			continue;
		int vowel = k == 1 || k == 3 || (k == 4 && !is_dd(u + i, end - i));
		marked |= k >= 3;
		groups += vowel & !in_vowel;
		in_vowel = vowel;
	}
	return groups == 2 && marked;
}

/* Is the consonant cluster c[0..n) (lower case, 'D' for đ) an initial, or a final? */
static int
is_initial(const char *c, size_t n)
{
	static const char *const v[] = { "b", "c", "ch", "d", "D", "g", "gh", "h", "k", "kh", "l", "m",
		"n", "ng", "ngh", "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x" };
	if (n == 0)
		return 1;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strlen(v[i]) == n && memcmp(v[i], c, n) == 0)
			return 1;
	return 0;
}

static int
is_final(const char *c, size_t n)
{
	static const char *const v[] = { "c", "ch", "m", "n", "ng", "nh", "p", "t" };
	if (n == 0)
		return 1;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (strlen(v[i]) == n && memcmp(v[i], c, n) == 0)
			return 1;
	return 0;
}

/*
 * The byte where the run s[at..end) splits into two syllables, or 0 when it is not two
 * glued words; *many is set when more than one split reads (BANHÀNH: BA NHÀNH, BAN HÀNH, BANH
 * ÀNH), and then the first is returned.
 */
size_t
glued_split(const char *s, size_t at, size_t end, int *many)
{
	const unsigned char *u = (const unsigned char *)s;
	char cons[GLUED_MAX];       /* each letter: its consonant in lower case ('D' đ), or 0 a vowel */
	size_t off[GLUED_MAX + 1], n = 0;

	*many = 0;
	if (!two_vowel_groups(u, at, end))
		return 0;
	for (size_t i = at; i < end; n++) {
		if (n == GLUED_MAX)
			return 0;
		off[n] = i;
		int32_t cp;
		if (u[i] < 0x80) {
			int c = u[i++] | 0x20;
			cons[n] = strchr("aeiouy", c) ? 0 : (char)c;
			continue;
		}
		i += utf8_decode(s + i, end - i, &cp);
		if (cp == 0x110 || cp == 0x111)
			cons[n] = 'D';
		else if ((cp >= 0xC0 && cp <= 0x1B0) || (cp >= 0x1EA0 && cp <= 0x1EF9))
			cons[n] = 0;            /* a marked vowel (â, ơ, ế, ạ...) */
		else
			return 0;               /* another letter: not Vietnamese */
	}
	off[n] = end;
	/* consonants, vowels, consonants, vowels, consonants: [0,v1) [v1,c1) [c1,v2) [v2,c2) [c2,n) */
	size_t v1 = 0, c1, v2, c2;
	while (v1 < n && cons[v1])
		v1++;
	for (c1 = v1; c1 < n && !cons[c1]; c1++)
		;
	for (v2 = c1; v2 < n && cons[v2]; v2++)
		;
	for (c2 = v2; c2 < n && !cons[c2]; c2++)
		;
	if (v1 == n || c1 == n || v2 == n || c1 - v1 > 3 || c2 - v2 > 3)
		return 0;
	for (size_t i = c2; i < n; i++)
		if (!cons[i])
			return 0;           /* a third vowel group */
	if (!is_initial(cons, v1) || !is_final(cons + c2, n - c2) || (v1 == 1 && cons[0] == 'q' && (u[off[1]] | 0x20) != 'u'))
		return 0;
	size_t at_split = 0;
	for (size_t k = c1; k <= v2; k++) {     /* the first syllable ends before letter k */
		if (!is_final(cons + c1, k - c1) || !is_initial(cons + k, v2 - k))
			continue;
		if (v2 - k == 1 && cons[k] == 'q' && (u[off[v2]] | 0x20) != 'u')
			continue;
		if (at_split)
			*many = 1;
		else
			at_split = off[k];
	}
	return at_split;
}

/* Latin-1's letters with a tone mark (À Á Ã È É Ì Í Ò Ó Õ Ù Ú Ý and their small letters), by
 * their code point's low five bits; Â Ê Ô carry a hat, no tone. */
#define LATIN1_TONED 0x262C330Bu

/* A syllable (one vowel group) with two tone marks: no Vietnamese word has one. A typo, or,
 * many of them, a copy from a site that scrambles the marks of what is copied from it. */
static __attribute__((noinline)) void
doubled_tone(const apc_line *L, unsigned line, size_t at, size_t end, apc_diags *d)
{
	char *w = xstrndup(L->s + at, end - at);
	unsigned col = 1 + (unsigned)utf8_chars(L->s, at);
	apc_diag *g = diag_emit(d, D_TONE_MARK_DOUBLED, line, col, w);
	g->end_col = col + (unsigned)utf8_chars(w, end - at);
	free(w);
}

/* What read.c took out of one line (apc_source.drops), for the rules that read it. */
typedef struct line_drops {
	const apc_drop *v;
	size_t n;
} line_drops;

/* Report a glued run s[at..end) of line L. A run that had a hidden character inside (a
 * zero-width space between the syllables) is invisible-character's to report and fix first. */
static __attribute__((noinline)) void
glued_word(const apc_line *L, unsigned line, const line_drops *dr, size_t at, size_t end, apc_diags *d)
{
	int many;
	size_t cut = glued_split(L->s, at, end, &many);
	if (cut == 0)
		return;
	char *w = xstrndup(L->s + at, end - at);
	unsigned col = 1 + (unsigned)utf8_chars(L->s, at);
	unsigned end_col = col + (unsigned)utf8_chars(w, end - at);
	for (size_t k = 0; k < dr->n; k++)
		if (dr->v[k].col > col && dr->v[k].col < end_col) {
			free(w);
			return;
		}
	apc_diag *g = diag_emit(d, D_WORD_GLUED, line, col, w);
	g->end_col = end_col;
	if (!many) {            /* the one reading: a space there */
		unsigned c = 1 + (unsigned)utf8_chars(L->s, cut);
		diag_fix(g, line, c, c, "", " ");
	}
	free(w);
}

/*
 * One line, one pass: its words (runs of letters and digits) into *v for the repeated-word
 * check, and each run of letters to the tone-mark count as it ends. A run of ASCII letters or
 * of digits is stepped over in a tight loop (a letter run's last three letters are all the
 * tone check needs); other characters are decoded once. Returns the word count.
 */
static size_t
scan_line(const apc_line *L, unsigned line, const line_drops *dr, word **v, size_t *cap, tones *t,
    apc_diags *d)
{
	const char *s = L->s;
	const unsigned char *u = (const unsigned char *)s;
	size_t n = L->len, nw = 0, i = 0, k = 1, gap = 0;
	int32_t cp = 0;
	int cls = n > 0 ? char_class(s, 0, n, &cp, &k) : 0;
	word *w = *v;

	/* at the top of each turn s[i] is of class cls, its code point cp and its length k */
	while (i < n) {
		/* separators up to the next word; the word before and the next are one text only
		 * across spaces, and not across a column gap */
		size_t sat = i;
		int spaces = 1;
		while (cls == 0) {
			spaces &= s[i] == ' ';
			if ((i += k) == n)
				break;
			cls = char_class(s, i, n, &cp, &k);
		}
		if (nw > 0 && i > sat)
			w[nw - 1].sp = i < n && spaces && one_text(s, n, i - sat, &gap);
		if (i == n)
			break;
		/* a word: runs of letters and of digits */
		size_t wat = i;
		uint64_t first = key_lower(cp);
		do {
			if (cls == 2) {
				while (++i < n && byte_class[u[i]] == 2)
					;
			} else {
				/* letters: ASCII and the two- and three-byte leads char_class knows
				 * stepped over here, anything else through it; on the way, word-glued's
				 * count of vowel groups (a letter past ASCII is a vowel but for đ) and
				 * tone-mark-doubled's of letters with a tone mark */
				size_t lat = i;
				unsigned wide = 0, pv = 0, groups = 0, toned = 0;
				while (i < n) {
					unsigned c = u[i], bc = byte_class[c], v;
					if (bc == 1)
						v = glue_class[c], i++;
					else if (bc == 4 && n - i >= 2 && c != 0xC3) {
						/* U+0100..U+027F: letters; ĩ and ũ carry a tone */
						v = !is_dd(u + i, 2), wide = 1;
						toned += (c == 0xC4 || c == 0xC5) && (u[i + 1] | 1) == 0xA9;
						i += 2;
					} else if (bc == 5 && n - i >= 3 && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB) {
						/* U+1EA0..U+1EF9, Vietnamese's letters with a tone */
						v = 1, wide = 1;
						toned += u[i + 1] == 0xBB || (u[i + 1] == 0xBA && u[i + 2] >= 0xA0);
						i += 3;
					} else if (char_class(s, i, n, &cp, &k) == 1) {
						v = k > 1 || glue_class[c], wide |= k > 1;
						toned += cp >= 0xC0 && cp <= 0xFF && (LATIN1_TONED >> (cp & 0x1F) & 1);
						i += k;
					} else
						break;
					groups += v & ~pv;
					pv = v;
				}
				tone_run(t, L, line, lat, i);
				if (groups == 2 && wide && i - lat >= 5)
					glued_word(L, line, dr, lat, i, d);
				else if (toned >= 2 && groups == 1)
					doubled_tone(L, line, lat, i, d);
			}
			cls = i < n ? char_class(s, i, n, &cp, &k) : 0;
		} while (cls != 0);
		if (nw == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = w = xrealloc(w, *cap * sizeof *w);
		}
		w[nw++] = (word){ wat, i, (uint64_t)(i - wat) << 21 | first, 0 };
	}
	return nw;
}

void
textrules_run(const apc_source *src, apc_diags *d)
{
	tones t;
	word *w = NULL;
	size_t cap = 0, nw;

	memset(&t, 0, sizeof t);
	size_t dk = 0;          /* the first of src->drops not on a line before this one */
	for (size_t ln = 0; ln < src->nlines; ln++) {
		line_drops dr = { NULL, 0 };
		while (dk < src->ndrops && src->drops[dk].line < ln + 1)
			dk++;
		dr.v = dk < src->ndrops ? src->drops + dk : NULL;
		while (dk + dr.n < src->ndrops && dr.v[dr.n].line == ln + 1)
			dr.n++;
		nw = scan_line(&src->lines[ln], (unsigned)ln + 1, &dr, &w, &cap, &t, d);
		if (nw > 1)
			repeated_words(&src->lines[ln], (unsigned)ln + 1, w, nw, d);
	}
	free(w);
	tone_report(&t, src, d);
	for (int k = 0; k < 3; k++)
		free(t.all[k]);
}
