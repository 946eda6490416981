/*
 * encoding.c: the legacy Vietnamese encodings that old documents and some offices still use,
 * to UTF-8 (NFC): TCVN3 (ABC, TCVN 5712:1993 VN3, through glibc's iconv TCVN5712-1),
 * Windows-1258 (iconv CP1258: base letters and combining tone marks) and VNI Windows (a
 * table here: a vowel followed by its mark bytes, "a" + 0xF9 = "á"). Detection converts the
 * text with each and keeps the one that reads as Vietnamese: the most Vietnamese letters,
 * and almost no character that Vietnamese text does not hold.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"

static const char *const names[] = {
	[ENC_UTF8] = "UTF-8", [ENC_TCVN3] = "TCVN3", [ENC_VNI] = "VNI", [ENC_CP1258] = "Windows-1258",
};

const char *
enc_name(enc_kind e)
{
	return e >= ENC_UTF8 && e <= ENC_CP1258 ? names[e] : "?";
}

enc_kind
enc_lookup(const char *name)
{
	static const struct { const char *name; enc_kind e; } alias[] = {
		{ "utf-8", ENC_UTF8 }, { "utf8", ENC_UTF8 },
		{ "tcvn3", ENC_TCVN3 }, { "tcvn", ENC_TCVN3 }, { "abc", ENC_TCVN3 }, { "tcvn5712", ENC_TCVN3 },
		{ "tcvn5712-1", ENC_TCVN3 }, { "vn3", ENC_TCVN3 },
		{ "vni", ENC_VNI }, { "vni-windows", ENC_VNI },
		{ "cp1258", ENC_CP1258 }, { "windows-1258", ENC_CP1258 }, { "1258", ENC_CP1258 },
	};
	for (size_t i = 0; name && i < sizeof alias / sizeof alias[0]; i++)
		if (strcasecmp(name, alias[i].name) == 0)
			return alias[i].e;
	return ENC_NONE;
}

/* ---- iconv: TCVN3 and Windows-1258 ---- */

static void
put_cp(strbuf *b, utf8proc_int32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k = utf8proc_encode_char(cp, enc);
	sb_add(b, (const char *)enc, (size_t)k);
}

/* Convert with iconv; a byte it does not know becomes U+FFFD (and counts as junk later).
 * Bytes below 0x20 are copied: TCVN5712-1 maps some to capital letters (VN1), TCVN3 does not. */
static void
by_iconv(const char *from, const char *s, size_t n, strbuf *b)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] < 0x80)
				sb_add(b, s + i, 1);
			else
				put_cp(b, 0xFFFD);
		return;
	}
	char out[4096];
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x20) {
			sb_add(b, s + i, 1);
			i++;
			continue;
		}
		size_t j = i;
		while (j < n && (unsigned char)s[j] >= 0x20)
			j++;
		char *in = (char *)(uintptr_t)(s + i);
		size_t inleft = j - i;
		while (inleft > 0) {
			char *o = out;
			size_t oleft = sizeof out;
			size_t r = iconv(cd, &in, &inleft, &o, &oleft);
			sb_add(b, out, (size_t)(o - out));
			if (r == (size_t)-1 && errno != E2BIG) {
				put_cp(b, 0xFFFD);
				in++;
				inleft--;
				iconv(cd, NULL, NULL, NULL, NULL);
			}
		}
		/* flush a character iconv holds back to compose with a following mark */
		char *o = out;
		size_t oleft = sizeof out;
		iconv(cd, NULL, NULL, &o, &oleft);
		sb_add(b, out, (size_t)(o - out));
		i = j;
	}
	iconv_close(cd);
}

/* ---- VNI Windows ---- */

enum { M_NONE, M_ACUTE = 0x301, M_GRAVE = 0x300, M_HOOK = 0x309, M_TILDE = 0x303, M_DOT = 0x323 };

/* A VNI byte that marks the vowel before it: its vowel mark (circumflex or breve) and tone.
 * Lower-case bytes mark lower-case vowels, upper-case ones upper-case vowels. */
static int
vni_mark(unsigned char c, int *vowel, int *tone)
{
	static const struct { unsigned char c; int vowel, tone; } m[] = {
		{ 0xF9, 0, M_ACUTE }, { 0xF8, 0, M_GRAVE }, { 0xFB, 0, M_HOOK }, { 0xF5, 0, M_TILDE }, { 0xEF, 0, M_DOT },
		{ 0xE2, 0x302, 0 }, { 0xE1, 0x302, M_ACUTE }, { 0xE0, 0x302, M_GRAVE }, { 0xE5, 0x302, M_HOOK },
		{ 0xE3, 0x302, M_TILDE }, { 0xE4, 0x302, M_DOT },
		{ 0xEA, 0x306, 0 }, { 0xE9, 0x306, M_ACUTE }, { 0xE8, 0x306, M_GRAVE }, { 0xFA, 0x306, M_HOOK },
		{ 0xFC, 0x306, M_TILDE }, { 0xEB, 0x306, M_DOT },
	};
	unsigned char lc = c >= 0xC0 && c <= 0xDE ? (unsigned char)(c + 0x20) : c;
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i].c == lc) {
			*vowel = m[i].vowel;
			*tone = m[i].tone;
			return 1;
		}
	return 0;
}

/* A VNI byte that is a letter of its own: ơ ư đ and i, y with a tone. */
static utf8proc_int32_t
vni_letter(unsigned char c)
{
	switch (c) {
	case 0xF4: return 0x01A1; case 0xD4: return 0x01A0;   /* ơ Ơ */
	case 0xF6: return 0x01B0; case 0xD6: return 0x01AF;   /* ư Ư */
	case 0xF1: return 0x0111; case 0xD1: return 0x0110;   /* đ Đ */
	case 0xED: return 0x00ED; case 0xCD: return 0x00CD;   /* í Í */
	case 0xEC: return 0x00EC; case 0xCC: return 0x00CC;   /* ì Ì */
	case 0xE6: return 0x1EC9; case 0xC6: return 0x1EC8;   /* ỉ Ỉ */
	case 0xF3: return 0x0129; case 0xD3: return 0x0128;   /* ĩ Ĩ */
	case 0xF2: return 0x1ECB; case 0xD2: return 0x1ECA;   /* ị Ị */
	case 0xEE: return 0x1EF5; case 0xCE: return 0x1EF4;   /* ỵ Ỵ */
	default: return 0;
	}
}

/* Windows-1252 (the bytes of VNI fonts) for 0x80..0x9F; 0 where undefined. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int
vowel_base(utf8proc_int32_t c)
{
	if (c > 0 && c < 0x80)
		return strchr("aeiouyAEIOUY", (int)c) != NULL;
	return c == 0x01A1 || c == 0x01A0 || c == 0x01B0 || c == 0x01AF;
}

/* Does the vowel mark (0x302 circumflex, 0x306 breve, 0 none) fit the vowel? */
static int
mark_fits(int vowel, utf8proc_int32_t last)
{
	if (vowel == 0)
		return 1;
	if (last <= 0 || last >= 0x80)
		return 0;
	return strchr(vowel == 0x302 ? "aeoAEO" : "aA", (int)last) != NULL;
}

static void
by_vni(const char *s, size_t n, strbuf *b)
{
	utf8proc_int32_t last = 0;   /* the letter just written, when it may take marks */
	int marked = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int vowel, tone;
		utf8proc_int32_t l;
		if (c < 0x80) {
			sb_add(b, s + i, 1);
			last = (utf8proc_int32_t)c;
			marked = 0;
		} else if (last && !marked && vowel_base(last) && vni_mark(c, &vowel, &tone) && mark_fits(vowel, last)) {
			if (vowel)
				put_cp(b, vowel);
			if (tone)
				put_cp(b, tone);
			marked = 1;
		} else if ((l = vni_letter(c)) != 0) {
			put_cp(b, l);
			last = l;
			marked = l != 0x01A1 && l != 0x01A0 && l != 0x01B0 && l != 0x01AF;
		} else {
			put_cp(b, c < 0xA0 ? (cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xFFFD) : c);
			last = 0;
		}
	}
}

/* ---- TCVN3 capitals ---- */

/* Does the line at s hold capitals (two or more) and no small ASCII letter? */
static int
caps_line(const char *s, size_t n)
{
	int up = 0;
	for (size_t i = 0; i < n && s[i] != '\n'; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
		up += s[i] >= 'A' && s[i] <= 'Z';
	}
	return up >= 2;
}

/* TCVN3 has no capitals with tone marks: a heading in a capital font (.VnTimeH) is typed with
 * the small letters' codes. On a line of capitals, and in a word whose other letters are two
 * or more capitals, make them capitals ("Bộ" stays: one capital could be either). */
static char *
tcvn3_capitals(char *s)
{
	strbuf b = {0};
	size_t n = strlen(s);
	int line_caps = caps_line(s, n);
	for (size_t i = 0; i < n;) {
		if (s[i] == '\n') {
			line_caps = caps_line(s + i + 1, n - i - 1);
			sb_add(&b, s + i, 1);
			i++;
			continue;
		}
		/* a word: a run of letters */
		size_t j = i;
		int upper = 0, lower_ascii = 0;
		utf8proc_int32_t cp;
		while (j < n) {
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(n - j), &cp);
			if (k <= 0)
				break;
			utf8proc_category_t cat = utf8proc_category(cp);
			if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL)
				break;
			if (cat == UTF8PROC_CATEGORY_LU)
				upper++;
			else if (cp < 0x80)
				lower_ascii++;
			j += (size_t)k;
		}
		if (j == i) {
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
			if (k <= 0)
				k = 1;
			sb_add(&b, s + i, (size_t)k);
			i += (size_t)k;
			continue;
		}
		if ((line_caps || upper >= 2) && lower_ascii == 0) {
			for (size_t q = i; q < j;) {
				utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + q, (utf8proc_ssize_t)(j - q), &cp);
				put_cp(&b, utf8proc_toupper(cp));
				q += (size_t)k;
			}
		} else
			sb_add(&b, s + i, j - i);
		i = j;
	}
	free(s);
	return sb_take(&b);
}

char *
enc_convert(enc_kind e, const char *s, size_t n, size_t *outlen)
{
	strbuf b = {0};
	switch (e) {
	case ENC_TCVN3: by_iconv("TCVN5712-1", s, n, &b); break;
	case ENC_CP1258: by_iconv("CP1258", s, n, &b); break;
	case ENC_VNI: by_vni(s, n, &b); break;
	default: sb_add(&b, s, n); break;
	}
	char *t = sb_take(&b);
	utf8_cut_mark_runs(t);   /* Windows-1258 and VNI write tone marks apart: bound their runs */
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)t);
	if (nfc) {
		free(t);
		t = (char *)nfc;
	}
	if (e == ENC_TCVN3)
		t = tcvn3_capitals(t);
	*outlen = strlen(t);
	return t;
}

/* ---- detection ---- */

/* Is the word w[0..n) (UTF-8, with marks) a Vietnamese syllable: an initial consonant, one to
 * three vowels, a final consonant, at most one tone mark? A legacy text read in the wrong
 * encoding still gives letters with marks, but not syllables. */
static int
syllable_ok(const char *w, size_t n)
{
	static const char *const initials[] = {
		"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
		"b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "D", "",
	};
	static const char *const finals[] = { "ng", "nh", "ch", "c", "m", "n", "p", "t", "" };
	char base[32];
	size_t bl = 0;
	int tones = 0;
	char *tmp = xstrndup(w, n);
	utf8proc_uint8_t *d = NULL;
	utf8proc_map((const utf8proc_uint8_t *)tmp, 0, &d, UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD);
	free(tmp);
	if (d == NULL)
		return 0;
	/* the letters as ASCII: "đ" as 'D', a vowel with a circumflex, breve or horn as its
	 * capital (A E O U: â/ă, ê, ô/ơ, ư), tone marks counted */
	for (const utf8proc_uint8_t *p = d; *p && bl < sizeof base - 1;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0)
			break;
		p += k;
		if (cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323)
			tones++;
		else if (cp == 0x302 || cp == 0x306 || cp == 0x31B) {
			if (bl && base[bl - 1] >= 'a' && base[bl - 1] <= 'z' && strchr("aeou", base[bl - 1]))
				base[bl - 1] = (char)(base[bl - 1] - 'a' + 'A');
			else
				tones = 9;
		} else if (cp == 0x111)
			base[bl++] = 'D';
		else if (cp >= 'a' && cp <= 'z')
			base[bl++] = (char)cp;
		else
			tones = 9;
	}
	base[bl] = '\0';
	free(d);
	if (tones > 1)
		return 0;
	for (size_t i = 0; i < sizeof initials / sizeof initials[0]; i++) {
		size_t il = strlen(initials[i]);
		if (strncmp(base, initials[i], il) != 0)
			continue;
		const char *v = base + il;
		size_t nv = 0;
		while (v[nv] && strchr("aeiouyAEOU", v[nv]))
			nv++;
		if (nv == 0 || nv > 3)
			continue;
		for (size_t f = 0; f < sizeof finals / sizeof finals[0]; f++)
			if (strcmp(v + nv, finals[f]) == 0)
				return 1;
	}
	return 0;
}

/* Score a converted text: its words with marks that are syllables count for it, those that
 * are not and characters Vietnamese text does not hold (but common punctuation) against it. */
static long
score(const char *t, size_t n, long *good, long *bad)
{
	*good = *bad = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int marked = 0;
		utf8proc_int32_t cp;
		while (j < n) {
			utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + j, (utf8proc_ssize_t)(n - j), &cp);
			if (k <= 0)
				break;
			utf8proc_category_t cat = utf8proc_category(cp);
			if (cat != UTF8PROC_CATEGORY_LU && cat != UTF8PROC_CATEGORY_LL && cat != UTF8PROC_CATEGORY_MN)
				break;
			marked |= cp >= 0x80;
			j += (size_t)k;
		}
		if (j > i) {
			if (marked) {
				if (syllable_ok(t + i, j - i))
					(*good)++;
				else
					(*bad)++;
			}
			i = j;
			continue;
		}
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			(*bad)++;
			i++;
			continue;
		}
		if (cp >= 0x80 && !(cp == 0xA0 || (cp >= 0x2010 && cp <= 0x2026) || cp == 0xB0 || cp == 0xA7 ||
		    cp == 0xAB || cp == 0xBB))
			(*bad) += 2;
		i += (size_t)k;
	}
	return *good - 2 * *bad;
}

enc_kind
enc_detect(const char *s, size_t n)
{
	static const enc_kind cand[] = { ENC_TCVN3, ENC_VNI, ENC_CP1258 };
	enc_kind best = ENC_NONE;
	long best_score = 0;
	/* a sample is enough to tell them apart: the first 64 kB */
	size_t m = n > 65536 ? 65536 : n;
	for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
		size_t len;
		char *t = enc_convert(cand[i], s, m, &len);
		long good, bad, sc = score(t, len, &good, &bad);
		free(t);
		/* Vietnamese text has words with marks in every sentence; misreadings must be rare */
		if (good >= 3 && bad * 10 <= good && sc > best_score) {
			best = cand[i];
			best_score = sc;
		}
	}
	return best;
}
