/*
 * dates.c: dates and timelines, pure functions of text (see normalize.c for the rest of the
 * normalizers). Dates are read by hand, with no compiled pattern and no state; timelines are
 * folded (normalize.c) and read by a small left-to-right reader. Numbers are never converted
 * before their digit count has been bounded, so no input can overflow an int.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* ---- dates ---- */


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
	return y >= NORM_YEAR_MIN && y <= NORM_YEAR_MAX && m >= 1 && m <= 12 &&
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
 * Dates are read by hand, in one pass with no backtracking and no compiled state. Two forms:
 *   1. 22/5/2023, 30-01-2023, 22.5.2023: day and month of one or two digits, both separators
 *      the same, a year of four;
 *   2. [ngày] 22 tháng 5 năm 2023, any case, and its unaccented form ("ngay", "thang", "nam");
 *      "ngày" is optional because copies split "Ninh Bình, ngày" / "10 tháng 6 năm 2024" over
 *      two lines.
 * Every number is a whole run of digits (not inside a longer one), so "123/45/67890" is not a
 * date at all and nothing can overflow.
 */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of digits at s[i..n). */
static size_t
digit_run(const char *s, size_t i, size_t n)
{
	size_t k = i;
	while (k < n && is_digit(s[k]))
		k++;
	return k - i;
}

/* Bytes of the white space character at s[i..n) (Unicode White_Space), 0 if none. */
static size_t
space_at(const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s + i;
	size_t left = n - i;
	if (left == 0)
		return 0;
	if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
		return 1;
	if (left >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (left < 3)
		return 0;
	if ((u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) ||                     /* U+1680 */
	    (u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF)) ||
	    (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) ||                     /* U+205F */
	    (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80))                       /* U+3000 */
		return 3;
	return 0;
}

/* Skip one or more white space characters at s[*i..n); 0 if there is none. */
static int
spaces(const char *s, size_t *i, size_t n)
{
	size_t k, start = *i;
	while ((k = space_at(s, *i, n)) != 0)
		*i += k;
	return *i > start;
}

/* Does s[*i..n) start with a word whose lower and upper case are given (same byte lengths,
 * letter by letter)? Advances *i past it. */
static int
word_ci(const char *s, size_t *i, size_t n, const char *lower, const char *upper)
{
	size_t len = strlen(lower);
	if (n - *i < len)
		return 0;
	for (size_t k = 0; k < len; k++)
		if (s[*i + k] != lower[k] && s[*i + k] != upper[k])
			return 0;
	*i += len;
	return 1;
}

/* A number of one or two digits (a whole run) at s[*i..n): its value, advancing *i; else -1. */
static int
small_number(const char *s, size_t *i, size_t n)
{
	size_t r = digit_run(s, *i, n);
	if (r < 1 || r > 2)
		return -1;
	int v = digits_val(s + *i, r);
	*i += r;
	return v;
}

/* A year of exactly four digits at s[*i..n): its value, advancing *i; else -1. */
static int
year_number(const char *s, size_t *i, size_t n)
{
	if (digit_run(s, *i, n) != 4)
		return -1;
	int v = digits_val(s + *i, 4);
	*i += 4;
	return v;
}

/* "22 tháng 5 năm 2023" at s[i..n): the day, month, year and the end; 0 if not there. */
static int
date_words(const char *s, size_t i, size_t n, int *d, int *m, int *y, size_t *end)
{
	if ((*d = small_number(s, &i, n)) < 0 || !spaces(s, &i, n) ||
	    !(word_ci(s, &i, n, "tháng", "THÁNG") || word_ci(s, &i, n, "thang", "THANG")) ||
	    !spaces(s, &i, n) || (*m = small_number(s, &i, n)) < 0 || !spaces(s, &i, n) ||
	    !(word_ci(s, &i, n, "năm", "NĂM") || word_ci(s, &i, n, "nam", "NAM")) ||
	    !spaces(s, &i, n) || (*y = year_number(s, &i, n)) < 0)
		return 0;
	*end = i;
	return 1;
}

/* A date written at s[i..n) in either form (valid or not): 1 with its parts and end, else 0. */
static int
date_at(const char *s, size_t i, size_t n, int *d, int *m, int *y, size_t *end)
{
	if (i > 0 && is_digit(s[i - 1]))
		return 0;
	size_t k = i;
	if ((*d = small_number(s, &k, n)) >= 0 && k < n && (s[k] == '/' || s[k] == '.' || s[k] == '-')) {
		char sep = s[k++];
		if ((*m = small_number(s, &k, n)) >= 0 && k < n && s[k] == sep) {
			k++;
			if ((*y = year_number(s, &k, n)) >= 0) {
				*end = k;
				return 1;
			}
		}
	}
	k = i;
	if ((word_ci(s, &k, n, "ngày", "NGÀY") || word_ci(s, &k, n, "ngay", "NGAY")) && spaces(s, &k, n) &&
	    date_words(s, k, n, d, m, y, end))
		return 1;
	return date_words(s, i, n, d, m, y, end);
}

/* The first date written in s[from..len) (valid or not): 1 with its parts and extent, else 0. */
static int
date_search(const char *s, size_t len, size_t from, int dmy[3], size_t *at, size_t *end)
{
	for (size_t i = from; s != NULL && i < len; i++)
		if (date_at(s, i, len, &dmy[0], &dmy[1], &dmy[2], end)) {
			*at = i;
			return 1;
		}
	return 0;
}

/*
 * The first date written in s[0..len), valid or not: 1 (iso filled), -1 when it is written as a
 * date but cannot be one (31/02/2023, tháng 13), 0 when none is written. *at and *end (may be
 * NULL) get its extent either way.
 */
int
norm_date_read(const char *s, size_t len, char iso[11], size_t *at, size_t *end)
{
	int dmy[3];
	size_t a, e;
	if (!date_search(s, len, 0, dmy, &a, &e))
		return 0;
	int r = date_ok(dmy[2], dmy[1], dmy[0]) ? 1 : -1;
	if (r == 1)
		iso_put(iso, dmy[2], dmy[1], dmy[0]);
	if (at != NULL)
		*at = a;
	if (end != NULL)
		*end = e;
	return r;
}

int
norm_date_find(const char *s, size_t len, char iso[11], size_t *at, size_t *end)
{
	int dmy[3];
	size_t a, e;
	/* An impossible date (31/02/2023) is not a date: look further, after it. */
	for (size_t from = 0; date_search(s, len, from, dmy, &a, &e); from = e) {
		if (date_ok(dmy[2], dmy[1], dmy[0])) {
			iso_put(iso, dmy[2], dmy[1], dmy[0]);
			if (at != NULL)
				*at = a;
			if (end != NULL)
				*end = e;
			return 1;
		}
	}
	return 0;
}


int
norm_year(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!is_digit(s[i]))
			return 0;
	int y = digits_val(s, 4);
	return y >= NORM_YEAR_MIN && y <= NORM_YEAR_MAX && !is_digit(s[4]) ? y : 0;
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
	if (L->t[i].len != 4 || L->t[i].val < NORM_YEAR_MIN || L->t[i].val > NORM_YEAR_MAX) {
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
			else if (y1 > NORM_YEAR_MIN) {
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
	/* "Tháng 6 - 12/2024": months of one year (not "Tháng 6-2024", the month and its year) */
	if (!L->bad && tk_punct(L, i + 2, "-") && tk_num(L, i + 3) && L->t[i + 3].len <= 2 &&
	    L->t[i + 3].val > m && L->t[i + 3].val <= 12 && (y = tk_year(L, (j = tl_sep(L, i + 4)))) != 0 && j > i + 4) {
		tl_add(L, y, m, 1, y, L->t[i + 3].val, month_days(y, L->t[i + 3].val), 0, j + 1);
		return j + 1;
	}
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
/* The punctuation norm_fold_punct keeps. */
static int
is_kept_punct(char c)
{
	return c == '/' || c == '-' || c == '.' || c == ',' || c == ';';
}

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
		} else if (is_kept_punct(*p)) {
			k = 1;
			t[n].kind = TK_PUNCT;
		} else {
			for (k = 0; p[k] != '\0' && p[k] != ' ' && !is_kept_punct(p[k]) &&
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
	f = norm_fold_punct(s, strlen(s));
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
