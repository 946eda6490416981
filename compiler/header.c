/*
 * header.c: the opening of a document as a set of cells (see header.h).
 *
 * 1. Cut the first lines into cells: on '|', on tabs, on runs of three spaces or more.
 * 2. Find the anchor: the first cell that only a header has (the motto, "Số: ...", "Place,
 *    ngày ..."). Site lines and a metadata block above it are not the header; the metadata
 *    is read as a witness.
 * 3. The issuer is the run of capital-letter cells just above the anchor (and those beside
 *    the motto before the symbol); then symbol, place and date are taken wherever they stand,
 *    joining what a copy split over two cells. The header ends at the first cell that is none
 *    of these: the document's kind, its title, or the preamble.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "header.h"
#include "phrase.h"
#include "re.h"

#define SCAN_LINES 160        /* the header is in the first lines of a page */
#define MAX_CELLS 2048
#define MAX_AFTER_ANCHOR 40   /* lines from the anchor to the end of the header */

enum kind { C_NOISE, C_META, C_MOTTO, C_SYMBOL, C_SO, C_PLACE_DATE, C_DATE_REST, C_UPPER, C_OTHER };

typedef struct cell {
	const char *s;
	size_t len;
	unsigned line, col;
	enum kind k;
	int used;             /* taken by the metadata block */
} cell;

enum pat { P_SYMBOL, P_SO, P_NGAY, P_DATE_REST, P_YEAR, P_META, P_NPAT };

const re_def header_patterns[P_NPAT] = {
	/* "Số 219-CTr/TU", "Số: 45/KH-UBND", a draft's "Số:    /KH-UBND", maybe + place and date; a
	 * lower-case "số" only with its colon: "số 152-CTr/TU ngày…" starting a wrapped line of the
	 * body cites a document, it is no header */
	[P_SYMBOL] = { "^(?:(?-i:S)|s(?=[ốỐ]\\s*+:))[ốỐ]\\s*+:?\\s*+(\\d\\p{N}*+(?:\\s*+[–/]\\s*+|\\s++-\\s*+)?[\\p{L}\\p{N}/\\-&.]*[\\p{L}\\p{N}]|[.…_ ]*+[/\\-]\\p{Lu}[\\p{L}\\p{N}/\\-&.]*[\\p{L}\\p{N}])(?:\\s+(.*))?$", PCRE2_CASELESS },
	[P_SO] = { "^(?:(?-i:S)[ốỐ]\\s*:?|s[ốỐ]\\s*:)$", PCRE2_CASELESS, 1 },
	/* "Đồng Nai, ngày 03", "ngày 22 tháng 5 năm 2023", "Hà Nội, ngày" */
	[P_NGAY] = { "^(?:([\\p{L}][\\p{L}\\s.\\-]{0,60}?)\\s*,\\s*)?ng[àa]y(?![\\p{L}])", PCRE2_CASELESS },
	/* the rest of a split date: "tháng 10 năm 2024", "29 tháng 5 năm 2018" */
	[P_DATE_REST] = { "^(?:(?:[\\d.…_]{1,2}\\s*+)?th[áa]ng[\\s\\d.…_]*+)?n[ăa]m\\s*+\\d{4}\\s*+$", PCRE2_CASELESS },   /* possessive: no backtracking over spaces */
	[P_YEAR] = { "n[ăa]m\\s*\\d{4}", PCRE2_CASELESS, 1 },
	[P_META] = { "(?<![\\p{L}])(Số hiệu|Loại văn bản|Nơi ban hành|Cơ quan ban hành|Người ký|Ngày ban hành|"
	    "Ngày có hiệu lực|Ngày hiệu lực|Ngày hết hiệu lực|Ngày công báo|Số công báo|Tình trạng(?: hiệu lực)?|"
	    "Lĩnh vực|Ngày đăng|Ngày cập nhật|Áp dụng)(?![\\p{L}])\\s*:?", PCRE2_CASELESS },
};
const size_t header_npatterns = P_NPAT;

static int
match(enum pat p, const char *s, size_t n, re_matcher *md)
{
	return re_match(md, p, s, n);
}

static size_t
group(re_matcher *m, int i, size_t *at)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
	if (i >= (int)pcre2_get_ovector_count(m->md) || ov[2 * i] == PCRE2_UNSET) {
		*at = 0;
		return 0;
	}
	*at = ov[2 * i];
	return ov[2 * i + 1] - ov[2 * i];
}

/* ---- cells ---- */

/* Trim spaces, NBSP, "**" (text_trim) and a stray leading dot (".CHÍNH PHỦ") from both ends. */
static void
trim(const char **s, size_t *n)
{
	text_trim(s, n);
	while (*n >= 2 && (*s)[0] == '.' && ((unsigned char)(*s)[1] >= 0x80 || ((*s)[1] >= 'A' && (*s)[1] <= 'Z'))) {
		*s += 1, *n -= 1;
		text_trim(s, n);
	}
}

static void
add_cell(cell *v, size_t *nc, const apc_line *ln, unsigned line, size_t from, size_t to)
{
	const char *s = ln->s + from;
	size_t n = to - from;
	trim(&s, &n);
	if (n == 0 || *nc >= MAX_CELLS)
		return;
	cell *c = &v[(*nc)++];
	memset(c, 0, sizeof *c);
	c->s = s;
	c->len = n;
	c->line = line;
	c->col = 1 + (unsigned)utf8_chars(ln->s, (size_t)(s - ln->s));
}

/* Cut a line on '|' and tabs, else on runs of three spaces (a PDF's two columns) that do not
 * start a cell. */
static void
cut_line(cell *v, size_t *nc, const apc_line *ln, unsigned line)
{
	const char *s = ln->s;
	size_t n = ln->len, from = 0;
	if (memchr(s, '|', n) || memchr(s, '\t', n)) {
		for (size_t i = 0; i < n; i++)
			if (s[i] == '|' || s[i] == '\t') {
				add_cell(v, nc, ln, line, from, i);
				from = i + 1;
			}
	} else {
		/* the first three spaces after the cell's first byte */
		size_t i;
		while (from + 1 < n && (i = from + 1 + text_spaces3(s + from + 1, n - from - 1)) < n) {
			add_cell(v, nc, ln, line, from, i);
			for (i += 3; i < n && s[i] == ' '; i++)
				;
			from = i;
		}
	}
	add_cell(v, nc, ln, line, from, n);
}

static int
is_noise(const char *s, size_t n)
{
	int digits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			return 0;
		digits += c >= '0' && c <= '9';
	}
	return digits <= 3;
}

/* The motto, folded: its fragments are the only capital-letter cells of a header that are not
 * the issuer. */
static const char *const mottos[] = {
	"cộng hòa xã hội chủ nghĩa việt nam", "độc lập tự do hạnh phúc", "đảng cộng sản việt nam",
	/* the national title and the motto in one cell, as a flattened header table gives them */
	"cộng hòa xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc",
};

/* The ASCII letters of the mottos, bit c - 'a' (made on first use; every thread makes the same). */
static uint32_t
motto_letters(void)
{
	static _Atomic uint32_t made;
	uint32_t m = atomic_load_explicit(&made, memory_order_relaxed);
	if (m == 0) {
		for (size_t i = 0; i < sizeof mottos / sizeof mottos[0]; i++)
			for (const char *p = mottos[i]; *p; p++)
				if (*p >= 'a' && *p <= 'z')
					m |= 1u << (*p - 'a');
		m |= 1u << ('o' - 'a') | 1u << ('u' - 'a');     /* a tone may move onto them */
		atomic_store_explicit(&made, m, memory_order_relaxed);
	}
	return m;
}

/* 2: a fragment that starts a motto; 1: a fragment inside one; 0: not a motto. */
static int
motto_part(const char *s, size_t n)
{
	/* The fold of NFC text (read.c's) keeps digits, and ASCII letters in lower case, as they
	 * are (but o and u, onto which an old-style tone may move: taken as motto letters): a
	 * cell with a digit, or a letter no motto has, is no fragment of one. Every ASCII letter
	 * gives a byte of the key: a cell with more of them than the longest motto has bytes is
	 * none either. Such cells are not folded. */
	size_t longest = 0, ascii = 0;
	uint32_t letters = motto_letters();
	for (size_t i = 0; i < sizeof mottos / sizeof mottos[0]; i++)
		if (strlen(mottos[i]) > longest)
			longest = strlen(mottos[i]);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z' && !(letters >> (c - 'a') & 1)) || (c >= '0' && c <= '9'))
			return 0;
		if (c >= 'a' && c <= 'z' && ++ascii > longest)
			return 0;
	}
	char *f = norm_fold(s, n);
	int r = 0;
	size_t fl = strlen(f);
	for (size_t i = 0; i < sizeof mottos / sizeof mottos[0] && !r && fl >= 4; i++) {
		const char *at = strstr(mottos[i], f);
		if (at && (at[fl] == '\0' || at[fl] == ' ') && (at == mottos[i] || at[-1] == ' '))
			r = at == mottos[i] ? 2 : 1;
	}
	free(f);
	return r;
}

/*
 * Can P_NGAY match s[0..n)? Only from "ng" (in either case, the only forms of n PCRE2's
 * caseless match knows) or when a comma ends a first run of letters, spaces, dots and dashes;
 * a non-ASCII character may be any of these. A cell that fails cannot match: not matched.
 */
static int
may_be_place_date(const char *s, size_t n)
{
	if (n > 0 && (s[0] == 'n' || s[0] == 'N'))
		return 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ',')
			return 1;
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '.' ||
		    c == '-' || (c >= '\t' && c <= '\r')))
			return 0;
	}
	return 0;
}

static enum kind
classify(const cell *c, re_matcher *md)
{
	/* The anchored patterns are tried only where their first character can stand (the first
	 * byte of every form PCRE2's caseless match gives it): "S", "s" or ſ (U+017F) for P_SO
	 * and P_SYMBOL; a digit (or any non-ASCII byte: other scripts' digits, "…"), ".", "_",
	 * "t" or "n" (a line of "năm 2018" alone) for P_DATE_REST; see may_be_place_date for P_NGAY. */
	unsigned char b = (unsigned char)c->s[0];
	int s = b == 'S' || b == 's' || b == 0xC5;
	if (is_noise(c->s, c->len))
		return C_NOISE;
	if (motto_part(c->s, c->len))
		return C_MOTTO;
	if (s && match(P_SO, c->s, c->len, md))
		return C_SO;
	if (s && match(P_SYMBOL, c->s, c->len, md))
		return C_SYMBOL;
	if (may_be_place_date(c->s, c->len) && match(P_NGAY, c->s, c->len, md))
		return C_PLACE_DATE;
	if ((b >= 0x80 || (b >= '0' && b <= '9') || b == '.' || b == '_' || (b | 0x20) == 't' || (b | 0x20) == 'n') &&
	    match(P_DATE_REST, c->s, c->len, md))
		return C_DATE_REST;
	return utf8_has_lower(c->s, c->len) ? C_OTHER : C_UPPER;
}

/* ---- facts ---- */


static void
fact_set(header_fact *f, const char *s, size_t n, unsigned line, unsigned col)
{
	if (f->text)
		return;
	f->text = text_squeeze(s, n);
	f->line = line;
	f->col = col;
	if (!*f->text) {
		free(f->text);
		f->text = NULL;
	}
}

static void
fact_free(header_fact *f)
{
	free(f->text);
	f->text = NULL;
}

/* The column of s + off in a cell that starts at column col (both on the cell's line). */
static unsigned
col_at(const cell *c, size_t off)
{
	return c->col + (unsigned)utf8_chars(c->s, off);
}

/*
 * The labels of P_META in lower case, without its optional tails: a match of P_META starts
 * where one of them does. Keep the two in step (test_header checks that they are).
 */
static const char *const meta_labels[] = {
	"số hiệu", "số công báo", "loại văn bản", "lĩnh vực", "nơi ban hành", "người ký", "ngày ban hành",
	"ngày có hiệu lực", "ngày hiệu lực", "ngày hết hiệu lực", "ngày công báo", "ngày đăng",
	"ngày cập nhật", "cơ quan ban hành", "tình trạng", "áp dụng",
};

static phrase_table meta = { meta_labels, sizeof meta_labels / sizeof meta_labels[0], 0,
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 0, { 0 } };

/* The first offset from `from` on where a match of P_META may start: a label not right after
 * an ASCII letter (P_META wants no letter before it); n when there is none. */
size_t
header_meta_next(const char *s, size_t n, size_t from)
{
	return phrase_find(&meta, s, n, from, NULL, NULL);
}

/* re_search of P_META from `from`, started where a match may start. */
static int
meta_search(re_matcher *md, const char *s, size_t n, size_t from)
{
	size_t at = header_meta_next(s, n, from);
	return at < n && re_search_at(md, P_META, s, n, from, at);
}

/*
 * The metadata block: labels and values in any layout ("Số hiệu: X", "Số hiệu X", "| Số hiệu |
 * X |", two pairs on one line, the label on one line and its value on the next). Marks the
 * cells it takes.
 */
static void
read_metadata(header *h, cell *v, size_t nc, size_t upto, re_matcher *md)
{
	for (size_t i = 0; i < upto && i < nc; i++) {
		cell *c = &v[i];
		size_t off = 0;
		int any = 0;
		while (off < c->len && meta_search(md, c->s, c->len, off)) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md->md);
			size_t lat, ll = group(md, 1, &lat), at0 = ov[0];
			char *label = norm_fold(c->s + lat, ll);
			size_t vs = ov[1], ve = c->len;
			/* the value runs to the next label in the same cell */
			if (meta_search(md, c->s, c->len, vs))
				ve = pcre2_get_ovector_pointer(md->md)[0];
			const char *val = c->s + vs;
			size_t vl = ve - vs;
			trim(&val, &vl);
			const cell *vc = c;         /* the cell the value is in */
			if (vl == 0 && i + 1 < upto && i + 1 < nc) {
				/* the value is the next cell, unless that is a label itself */
				cell *nx = &v[i + 1];
				if (!(re_match(md, P_META, nx->s, nx->len) && pcre2_get_ovector_pointer(md->md)[0] == 0)) {
					val = nx->s;
					vl = nx->len;
					vc = nx;
					nx->used = 1;
				}
			}
			header_fact *f = NULL;
			if (strcmp(label, "số hiệu") == 0)
				f = &h->m_symbol;
			else if (strcmp(label, "ngày ban hành") == 0)
				f = &h->m_date;
			else if (strcmp(label, "loại văn bản") == 0)
				f = &h->m_kind;
			else if (strcmp(label, "nơi ban hành") == 0 || strcmp(label, "cơ quan ban hành") == 0)
				f = &h->m_issuer;
			if (f && vl)
				fact_set(f, val, vl, vc->line, col_at(vc, (size_t)(val - vc->s)));
			free(label);
			any = 1;
			off = ve > vs ? ve : vs;
			if (off <= at0)
				off = at0 + 1;
		}
		if (any)
			c->used = 1;
	}
}

/* Cut a capital-letter cell where a glued motto starts ("... TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI"). */
static size_t
before_motto(const char *s, size_t n)
{
	static const char *const starts[] = { " CỘNG HÒA XÃ HỘI", " CỘNG HOÀ XÃ HỘI", " ĐẢNG CỘNG SẢN" };
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t l = strlen(starts[i]);
		for (size_t k = 0; k + l <= n; k++)
			if (memcmp(s + k, starts[i], l) == 0)
				return k;
	}
	return n;
}

static int
has_year(const char *s, size_t n, re_matcher *md)
{
	return re_search(md, P_YEAR, s, n, 0);
}

/* Does s start with a capital letter (of any script's case)? */
static int
starts_capital(const char *s, size_t n)
{
	unsigned char b = (unsigned char)s[0];
	int32_t cp;
	size_t first = utf8_next(s, 0, n, &cp);   /* the first letter's bytes */
	return !(b < 0x80 && !((b | 0x20) >= 'a' && (b | 0x20) <= 'z')) && !utf8_has_lower(s, first);
}

/* Cell i, one word of the motto's ("HỘI", "NAM"), right above the issuer's piece at next and
 * after no motto cell: a copy broke the issuer's name after its first word ("HỘI" / "ĐỒNG NHÂN
 * DÂN" / "TỈNH X"), the motto has not begun. */
static int
motto_word(const cell *v, size_t i, size_t next)
{
	if (v[i].k != C_MOTTO || memchr(v[i].s, ' ', v[i].len) || v[next].line != v[i].line + 1 ||
	    v[next].k != C_UPPER)
		return 0;
	size_t j = i;
	while (j > 0 && v[j - 1].k == C_NOISE)
		j--;
	return j == 0 || v[j - 1].k != C_MOTTO;
}

/* Does a place-and-date cell start with "ngày" itself, no place before it? ("Nội, ngày" has one.) */
static int
starts_ngay(const cell *d)
{
	const unsigned char *s = (const unsigned char *)d->s;
	return d->len >= 5 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'g' && s[2] == 0xC3 &&
	    (s[3] == 0xA0 || s[3] == 0x80) && (s[4] | 0x20) == 'y';   /* à or À */
}

/* The next cell after i that is not noise, if it is a place and date on the line below i's. */
static const cell *
date_below(const cell *v, size_t nc, size_t i)
{
	size_t j = i + 1;
	while (j < nc && v[j].k == C_NOISE)
		j++;
	return j < nc && v[j].k == C_PLACE_DATE && v[j].line == v[i].line + 1 ? &v[j] : NULL;
}

/* "Hà Nội," alone on its line (a copy broke the line after the place), the date next: a short
 * cell in sentence case ending in a comma, whose next cell is a date with no place of its own. */
static int
place_alone(const cell *v, size_t nc, size_t i)
{
	const cell *c = &v[i], *d;
	if (c->len < 3 || c->len > 64 || c->s[c->len - 1] != ',' || memchr(c->s, ',', c->len - 1) ||
	    !starts_capital(c->s, c->len) || !(d = date_below(v, nc, i)))
		return 0;
	return starts_ngay(d);   /* "ngày …": no place before it */
}

/* "Kon" / "Tum, ngày 09 tháng 3 …": a copy broke the place's name itself across two lines. A
 * word or two in sentence case, with no comma or digit, over a date whose place starts with a
 * capital: the place is both lines' words. */
static int
place_head(const cell *v, size_t nc, size_t i)
{
	const cell *c = &v[i], *d;
	if (c->len > 24 || !starts_capital(c->s, c->len) || !(d = date_below(v, nc, i)) ||
	    starts_ngay(d) || !starts_capital(d->s, d->len))
		return 0;
	int spaces = 0;
	for (size_t k = 0; k < c->len; k++) {
		unsigned char b = (unsigned char)c->s[k];
		if (b == ',' || (b >= '0' && b <= '9') || b == ':' || b == '|')
			return 0;
		spaces += b == ' ';
	}
	return spaces <= 1;
}

/* "Place, ngày 03" + "tháng 10 năm 2024": from cell i, join cells until the year is there. */
static size_t
read_place_date(header *h, cell *v, size_t nc, size_t i, const char *s, size_t n, unsigned col,
    const cell *head, re_matcher *md)
{
	if (!match(P_NGAY, s, n, md))
		return i;
	size_t pat, pl = group(md, 1, &pat);
	PCRE2_SIZE ngay = pcre2_get_ovector_pointer(md->md)[1] - strlen("ngày");
	if (pl && head) {   /* the place's first words on the line above (place_head) */
		char *t = xasprintf("%.*s %.*s", (int)head->len, head->s, (int)pl, s + pat);
		fact_set(&h->place, t, strlen(t), head->line, head->col);
		free(t);
	} else if (pl)
		fact_set(&h->place, s + pat, pl, v[i].line, col + (unsigned)utf8_chars(s, pat));
	strbuf b = { 0 };
	sb_add(&b, s + ngay, n - ngay);
	unsigned dline = v[i].line, dcol = col + (unsigned)utf8_chars(s, ngay);
	size_t last = i;
	for (size_t j = i + 1; j < nc && j <= i + 4 && !has_year(b.s, b.len, md); j++) {
		if (v[j].k == C_NOISE)
			continue;
		if (v[j].line > v[last].line + 2 || v[j].k == C_SYMBOL || v[j].k == C_SO || v[j].k == C_MOTTO)
			break;
		if (!(v[j].s[0] >= '0' && v[j].s[0] <= '9') && v[j].k != C_DATE_REST)
			break;
		sb_add(&b, " ", 1);
		sb_add(&b, v[j].s, v[j].len);
		last = j;
	}
	fact_set(&h->date, b.s, b.len, dline, dcol);
	free(b.s);
	return last;
}

int
header_read(const re_set *set, const apc_source *src, header *h)
{
	memset(h, 0, sizeof *h);
	if (set == NULL || set->n != P_NPAT)
		return -1;
	size_t nlines = src->nlines < SCAN_LINES ? src->nlines : SCAN_LINES;
	cell *v = xmalloc(MAX_CELLS * sizeof *v);
	size_t nc = 0;
	re_matcher m = re_matcher_make(set, 8), *md = &m;
	for (size_t i = 0; i < nlines; i++)
		cut_line(v, &nc, &src->lines[i], (unsigned)i + 1);
	for (size_t i = 0; i < nc; i++) {
		v[i].k = classify(&v[i], md);
		if (md->limit_hit && !h->limit_line)
			h->limit_line = v[i].line;
	}

	/* the anchor: a cell only a header has */
	size_t anchor = nc;
	for (size_t i = 0; i < nc && anchor == nc; i++) {
		if (v[i].k == C_SO || v[i].k == C_SYMBOL || (v[i].k == C_MOTTO && motto_part(v[i].s, v[i].len) == 2))
			anchor = i;
		else if (v[i].k == C_PLACE_DATE && memchr(v[i].s, ',', v[i].len))
			anchor = i;
	}
	read_metadata(h, v, nc, anchor, md);
	if (anchor == nc)
		goto out;
	h->found = 1;

	/* the issuer: capital-letter cells just above the anchor */
	size_t first = anchor;
	int pieces = 0;
	for (size_t i = anchor; i-- > 0 && pieces < HEADER_MAX_ISSUER;) {
		if (v[i].k == C_NOISE)
			continue;
		if (pieces && motto_word(v, i, first))
			v[i].k = C_UPPER;   /* "HỘI" / "ĐỒNG NHÂN DÂN": the issuer's word, not the motto's */
		if (v[i].k != C_UPPER || v[i].used || v[anchor].line - v[i].line > 8)
			break;
		first = i;
		pieces++;
	}

	int motto_open = 0, have_symbol = 0, have_date = 0, pending_so = 0;
	const cell *place = NULL, *head = NULL;
	unsigned end = v[anchor].line;
	size_t i;
	for (i = first; i < nc; i++) {
		cell *c = &v[i];
		if (c->line > v[anchor].line + MAX_AFTER_ANCHOR)
			break;
		if (c->k == C_NOISE || c->used)
			continue;
		int mp = motto_part(c->s, c->len);
		if (c->k == C_MOTTO && (mp == 2 || motto_open)) {
			if (!h->format) {
				char *f = norm_fold(c->s, c->len);
				h->format = strstr(f, "đảng") ? "party" : "state";
				free(f);
			}
			motto_open = 1;
			end = c->line;
			continue;
		}
		motto_open = 0;
		if (pending_so && (c->k == C_UPPER || c->k == C_OTHER) && c->s[0] >= '0' && c->s[0] <= '9') {
			/* "Số:" alone, the symbol on the next line */
			norm_symbol y;
			size_t used = 0;
			char *t = xstrndup(c->s, c->len);
			if (norm_symbol_parse(t, &y, &used))
				fact_set(&h->symbol, c->s, used, c->line, c->col);
			free(t);
			pending_so = 0;
			have_symbol = 1;
			end = c->line;
			continue;
		}
		switch (c->k) {
		case C_SO:
			pending_so = 1;
			end = c->line;
			continue;
		case C_SYMBOL: {
			if (have_symbol)
				goto done;
			match(P_SYMBOL, c->s, c->len, md);
			size_t sat, sl = group(md, 1, &sat), rat, rl = group(md, 2, &rat);
			fact_set(&h->symbol, c->s + sat, sl, c->line, col_at(c, sat));
			have_symbol = 1;
			if (rl && !have_date && match(P_NGAY, c->s + rat, rl, md)) {
				i = read_place_date(h, v, nc, i, c->s + rat, rl, col_at(c, rat), NULL, md);
				have_date = 1;
			}
			end = v[i].line;
			continue;
		}
		case C_PLACE_DATE:
			if (have_date)
				goto done;
			i = read_place_date(h, v, nc, i, c->s, c->len, c->col, head, md);
			if (place && !h->place.text)
				fact_set(&h->place, place->s, place->len - 1, place->line, place->col);
			have_date = 1;
			end = v[i].line;
			continue;
		case C_UPPER:
			if (!have_symbol && !have_date && h->nissuer < HEADER_MAX_ISSUER && c->line <= v[anchor].line + 6) {
				size_t n = before_motto(c->s, c->len);
				const char *s = c->s;
				trim(&s, &n);
				if (n) {
					header_fact *f = &h->issuer[h->nissuer++];
					fact_set(f, s, n, c->line, c->col);
				}
				if (n < c->len)
					motto_open = 1;
				end = c->line;
				continue;
			}
			goto done;
		default:
			if (!have_date && place_alone(v, nc, i)) {
				place = c;   /* "Hà Nội," on its own line, "ngày 15 tháng 3 năm 2022" on the next */
				continue;
			}
			if (!have_date && place_head(v, nc, i)) {
				head = c;    /* "Kon" on its own line, "Tum, ngày 09 tháng 3 …" on the next */
				continue;
			}
			/* a lower-case cell: the preamble, a title in sentence case, or a site line
			 * between the header's two columns */
			if (have_symbol || have_date)
				goto done;
			continue;
		}
	}
done:
	h->end = (i < nc ? v[i].line : end + 1);
	if (h->end <= end)
		h->end = end + 1;
out:
	if (m.limit_hit && !h->limit_line)    /* in a later read of the cells: said at the header */
		h->limit_line = nc ? v[0].line : 1;
	re_matcher_free(&m);
	free(v);
	return 0;
}

void
header_free(header *h)
{
	for (int i = 0; i < HEADER_MAX_ISSUER; i++)
		fact_free(&h->issuer[i]);
	fact_free(&h->symbol);
	fact_free(&h->place);
	fact_free(&h->date);
	fact_free(&h->m_symbol);
	fact_free(&h->m_date);
	fact_free(&h->m_kind);
	fact_free(&h->m_issuer);
}
