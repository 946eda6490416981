/*
 * lex.c: classify each line of the source. The line classes and their patterns are one table
 * (lex_patterns), compiled by the session (re.c: PCRE2, UTF + Unicode properties, JIT). Lexing keeps three bits of
 * state: the header zone (before the title, where cells may share a line, joined by '|' or
 * tabs), the table zone (after a table header row, where tab- or pipe-separated lines are
 * rows) and a pending "place, ngày" whose date continues on the next line.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "re.h"

enum pat {
	P_NOISE, P_META, P_NATIONAL, P_SYMBOL, P_PLACE_DATE, P_PLACE_NGAY, P_DATE_REST, P_KIND,
	P_ROMAN, P_NUMBER, P_LETTER, P_BULLET, P_RECIPIENTS, P_SIGN_ROLE, P_SIGN_TITLE,
	P_APPENDIX, P_ATTACHED, P_HEADER_CELL, P_ALPHA, P_KIND_LEAD, P_NPAT
};

const size_t lex_npatterns = P_NPAT;
const re_def lex_patterns[P_NPAT] = {
	/* separators, the Party "*", lone pipes, page numbers, "Trang 2" */
	[P_NOISE] = { "^(?:[-_=*|.…~·•\\s]+|\\d{1,3}|Trang\\s+\\d{1,3}(?:/\\d{1,3})?|\\d{1,3}\\s*/\\s*\\d{1,3})$", PCRE2_CASELESS },
	/* the metadata block a legal database puts before the document */
	[P_META] = { "^(?:Số hiệu|Loại văn bản|Nơi ban hành|Cơ quan ban hành|Người ký|Ngày ban hành|Ngày hiệu lực|"
	    "Ngày công báo|Số công báo|Tình trạng(?: hiệu lực)?|Lĩnh vực|Ngày hết hiệu lực|Áp dụng|Ngày đăng)\\s*:", PCRE2_CASELESS, 1 },
	[P_NATIONAL] = { "^(?:ĐẢNG CỘNG SẢN(?:\\s+VIỆT NAM)?|VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|"
	    "Độc lập\\s*[-–—]\\s*Tự do\\s*[-–—]\\s*Hạnh phúc)\\s*$", 0 },
	/* "Số 219-CTr/TU", "Số: 45/KH-UBND", a draft's "Số:    /KH-UBND", maybe followed by the
	 * place and date */
	[P_SYMBOL] = { "^Số\\s*+:?\\s*+(\\d[\\p{L}\\p{N}/\\-&.]*[\\p{L}\\p{N}]|[.…_ ]*+[/\\-]\\p{Lu}[\\p{L}\\p{N}/\\-&.]*[\\p{L}\\p{N}])(?:\\s+(.*))?$", PCRE2_CASELESS, 1 },
	/* (no two quantifiers over spaces side by side: "ngày", 2000 spaces, "tháng", 2000 spaces,
	 * "năm x" backtracked for minutes; the runs are possessive, a space before the word checked
	 * behind) */
	[P_PLACE_DATE] = { "^(?:(\\p{L}[\\p{L}\\s.\\-]{0,60}?)\\s*,\\s*+)?ngày[\\s\\d.…_]*+(?<=\\s)tháng[\\s\\d.…_]*+(?<=\\s)năm\\s++\\d{4}\\s*+$", PCRE2_CASELESS },
	[P_PLACE_NGAY] = { "^(\\p{L}[\\p{L}\\s.\\-]{0,60}?)\\s*,\\s*ngày\\s*$", PCRE2_CASELESS },
	[P_DATE_REST] = { "^\\d{1,2}\\s+tháng\\s+\\d{1,2}\\s+năm\\s+\\d{4}\\s*$", PCRE2_CASELESS, 1 },
	[P_KIND] = { "^(CHƯƠNG TRÌNH|KẾ HOẠCH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN|ĐỀ ÁN|PHƯƠNG ÁN|HƯỚNG DẪN|THÔNG BÁO|BÁO CÁO|QUY ĐỊNH)"
	    "(?:\\s+(?:HÀNH ĐỘNG|CÔNG TÁC|LIÊN TỊCH|TRIỂN KHAI))?\\s*$", 0 },
	/* "I. TÌNH HÌNH", "II- MỤC TIÊU" */
	[P_ROMAN] = { "^([IVXLC]{1,7})\\s*[.\\-–)]\\s*(\\S.*)$", 0 },
	/* "1. ", "2.1. ", "2.1 ", "1- ", "3) " */
	[P_NUMBER] = { "^(\\d{1,2}(?:\\.\\d{1,2}){0,3})(?:\\.?\\s*[\\-–)]|\\.)?\\s+(\\S.*)$", 0 },
	[P_LETTER] = { "^([a-zđ])\\s*[).]\\s+(\\S.*)$", 0 },
	[P_BULLET] = { "^([-–—+•*∙◦▪])\\s*(\\S.*)$", 0 },
	[P_RECIPIENTS] = { "^Nơi nhận\\s*:?\\s*(.*)$", PCRE2_CASELESS },
	[P_SIGN_ROLE] = { "^(T/M|TM\\.?|K/T|KT\\.?|T/L|TL\\.?|T/UQ|TUQ\\.?|Q\\.|Q/|THAY MẶT|KÝ THAY)\\s+(\\p{Lu}.*)$", 0 },
	[P_SIGN_TITLE] = { "^(?:TỔNG BÍ THƯ|PHÓ BÍ THƯ(?: THƯỜNG TRỰC)?|BÍ THƯ|PHÓ CHỦ TỊCH(?: THƯỜNG TRỰC)?|CHỦ TỊCH|PHÓ THỦ TƯỚNG|THỦ TƯỚNG|"
	    "THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ TRƯỞNG BAN(?: THƯỜNG TRỰC)?|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|"
	    "CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG GIÁM ĐỐC|HIỆU TRƯỞNG)\\s*$", 0 },
	[P_APPENDIX] = { "^(?:PHỤ LỤC|Phụ lục)(?:\\s++(?:số\\s++)?([IVXLC]{1,6}|\\d{1,2}))?\\s*+[:.\\-–]?\\s*+(\\p{Lu}[^\\p{Ll}]*+)?$", 0, 1 },
	/* (what follows "Kèm theo" is not captured: a lazy capture before "\\s*\\)?\\s*$" was cubic in a
	 * run of spaces) */
	[P_ATTACHED] = { "^\\(?\\s*+(?:Kèm theo|Ban hành kèm theo)\\s", PCRE2_CASELESS },
	/* "A. MỤC ĐÍCH, YÊU CẦU": a lettered part above the roman sections, in capitals */
	[P_ALPHA] = { "^([A-HĐ])\\s*[.\\-–)]\\s+(\\p{Lu}[^\\p{Ll}]*)$", 0 },
	/* "KẾ HOẠCH Thực hiện Nghị quyết…", "KẾ HOẠCH TRIỂN KHAI THỰC HIỆN…": the kind, then a title
	 * in sentence case or of three capital words or more on the same line (a copy that flattened
	 * the title block); possessive, no backtracking over the spaces */
	[P_KIND_LEAD] = { "^(CHƯƠNG TRÌNH|KẾ HOẠCH|NGHỊ QUYẾT|QUYẾT ĐỊNH|CHỈ THỊ|KẾT LUẬN|ĐỀ ÁN|PHƯƠNG ÁN|HƯỚNG DẪN|"
	    "THÔNG BÁO|BÁO CÁO|QUY ĐỊNH)(?: HÀNH ĐỘNG)?\\s++(?=\\p{Lu}\\p{Ll}|\\p{Lu}++\\s++\\p{Lu}++\\s++\\p{Lu})", 0 },
	[P_HEADER_CELL] = { "^(?:S[ốố]\\s*TT|STT|TT|Số thứ tự)$|nhiệm vụ|nội dung|chủ trì|phối hợp|thời gian|thời hạn|lộ trình|tiến độ|"
	    "sản phẩm|ghi chú|kết quả|hoàn thành|công việc|đơn vị thực hiện", PCRE2_CASELESS },
};

/*
 * The ASCII bytes each pattern's match can start with (in every form its caseless match
 * gives: "Tt" for a caseless T); a non-ASCII byte may start any. NULL: any byte (a search).
 * test_lex checks every ASCII byte against PCRE2's partial matching.
 */
#define WS "\t\n\v\f\r "
#define DIGITS "0123456789"
static const char *const first_bytes[P_NPAT] = {
	[P_NOISE] = "-_=*|.~" WS DIGITS "Tt",
	[P_META] = "SsLlNnCcTt",
	[P_NATIONAL] = "VC",
	[P_SYMBOL] = "Ss",
	[P_PLACE_DATE] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	[P_PLACE_NGAY] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
	[P_DATE_REST] = DIGITS,
	[P_KIND] = "CKNQPHTB",
	[P_ROMAN] = "IVXLC",
	[P_NUMBER] = DIGITS,
	[P_LETTER] = "abcdefghijklmnopqrstuvwxyz",
	[P_BULLET] = "-+*",
	[P_RECIPIENTS] = "Nn",
	[P_SIGN_ROLE] = "TKQ",
	[P_SIGN_TITLE] = "TPBCGVH",
	[P_APPENDIX] = "P",
	[P_ATTACHED] = "(" WS "KkBb",
	[P_ALPHA] = "ABCDEFGH",
	[P_KIND_LEAD] = "CKNQPHTB",
};

static uint64_t first_mask[P_NPAT][2];
static pthread_once_t first_once = PTHREAD_ONCE_INIT;

static void
first_make(void)
{
	for (size_t p = 0; p < P_NPAT; p++)
		for (const char *c = first_bytes[p] ? first_bytes[p] : ""; *c; c++)
			first_mask[p][(unsigned char)*c >> 6] |= (uint64_t)1 << (*c & 63);
}

/* lex_may_start once the masks are made */
static inline int
may_start(size_t p, unsigned char b)
{
	return first_bytes[p] == NULL || b >= 0x80 || (first_mask[p][b >> 6] >> (b & 63) & 1);
}

int
lex_may_start(size_t p, unsigned char b)
{
	pthread_once(&first_once, first_make);
	return p >= P_NPAT || may_start(p, b);
}

/* Match pattern p on s[0..n); captures go to md. Not tried where it cannot start (the masks
 * are made when lex_source starts). */
static int
match(enum pat p, const char *s, size_t n, re_matcher *md)
{
	if (n > 0 && !may_start(p, (unsigned char)s[0]))
		return 0;
	return re_match(md, p, s, n);
}

/* Capture i of the last match, or NULL when unset. */
static const char *
group(re_matcher *md, const char *s, int i, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md->md);
	if (i >= (int)pcre2_get_ovector_count(md->md) || ov[2 * i] == PCRE2_UNSET) {
		*len = 0;
		return NULL;
	}
	*len = ov[2 * i + 1] - ov[2 * i];
	return s + ov[2 * i];
}

#define MAX_CELLS 64

/* Split a line into cells on tabs, or on '|' when it has no tab. Leading and trailing empty
 * cells of a "| a | b |" line are dropped. Returns the number of cells (0: not a row). */
static size_t
split_cells(const apc_line *ln, lex_cell *cells, int *over)
{
	char sep = memchr(ln->s, '\t', ln->len) ? '\t' : memchr(ln->s, '|', ln->len) ? '|' : 0;
	if (!sep)
		return 0;
	size_t nc = 0, start = 0;
	for (size_t i = 0; i <= ln->len && nc < MAX_CELLS; i++) {
		if (i < ln->len && ln->s[i] != sep)
			continue;
		const char *s = ln->s + start;
		size_t n = i - start;
		const char *t = s;
		size_t tn = n;
		text_trim(&t, &tn);
		cells[nc].s = t;
		cells[nc].len = tn;
		cells[nc].col = 1 + (unsigned)utf8_chars(ln->s, (size_t)(t - ln->s));
		nc++;
		start = i + 1;
	}
	*over = 0;
	if (nc == MAX_CELLS && start < ln->len) {
		/* more cells than a row can hold: the last keeps the rest of the line, nothing is
		 * dropped unsaid */
		const char *t = cells[nc - 1].s, *e = ln->s + ln->len;
		size_t tn = (size_t)(e - t);
		text_trim(&t, &tn);
		cells[nc - 1].len = tn;
		*over = 1;
	}
	if (sep == '|') {
		size_t first = 0;
		if (nc && cells[0].len == 0)
			first = 1;
		if (nc > first && cells[nc - 1].len == 0)
			nc--;
		if (first) {
			memmove(cells, cells + 1, (nc - 1) * sizeof *cells);
			nc--;
		}
	}
	return nc;
}

static lex_token *
push(lex_tokens *t, size_t *cap, lex_class cls, unsigned line)
{
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		t->v = xrealloc(t->v, *cap * sizeof *t->v);
	}
	lex_token *k = &t->v[t->n++];
	memset(k, 0, sizeof *k);
	k->cls = cls;
	k->line = line;
	return k;
}

static void
set_text(lex_token *k, const apc_line *ln, const char *s, size_t n)
{
	text_trim(&s, &n);
	k->s = s;
	k->len = n;
	k->col = 1 + (unsigned)utf8_chars(ln->s, (size_t)(s - ln->s));
}

static void
set_mark(lex_token *k, const char *s, size_t n)
{
	if (n >= sizeof k->mark)
		n = sizeof k->mark - 1;
	memcpy(k->mark, s, n);
	k->mark[n] = '\0';
}

/* "1.", "2.1.", "I.", "a)", "-": a numbering marker that Word put a tab after. */
static int
bare_marker(const lex_cell *c)
{
	if (c->len == 0 || c->len > 8)
		return 0;
	for (size_t k = 0; k < c->len; k++)
		if (!strchr("0123456789.)-+*IVXLCabcdefghiklmnopqrstuvxy", c->s[k]))
			return 0;
	return 1;
}

/* "---", ":--:" in every cell: a Markdown separator row. */
static int
separator_row(const lex_cell *c, size_t nc)
{
	for (size_t i = 0; i < nc; i++)
		for (size_t k = 0; k < c[i].len; k++)
			if (!strchr("-:=+ ", c[i].s[k]))
				return 0;
	return 1;
}

/* Is this row a table header? Enough of its cells name columns. */
static int
header_row(const lex_cell *c, size_t nc, re_matcher *md)
{
	/* (the search stops once the answer is known: three cells found, or too few left) */
	size_t hits = 0;
	for (size_t i = 0; i < nc && hits < 3 && hits + (nc - i) >= 3; i++)
		if (c[i].len && c[i].len < 120 && match(P_HEADER_CELL, c[i].s, c[i].len, md))
			hits++;
	return hits >= 3;
}

/* A column head alone (stacked.c's test, with the lexer's pattern). */
static int
head_cell(const char *s, size_t n, void *md)
{
	return n && n < 120 && match(P_HEADER_CELL, s, n, md);
}

/*
 * "Phần I", "PHẦN II.", "Phần thứ hai: …", "Phần 3 -": a part, which plans that number their
 * parts so read as a section. Fills mark with its number in roman numerals and *rest with
 * what follows (its title, maybe empty: then it is on the next line). 1 if it is one.
 */
static int
part_heading(const char *s, size_t n, char mark[8], const char **rest, size_t *rn)
{
	static const char *const ordinals[] = { "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười" };
	static const char *const romans[] = { "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X" };
	if (n < 8 || (s[0] != 'P' && s[0] != 'p') || (s[1] != 'h' && s[1] != 'H') ||
	    memcmp(s + 2, "\xe1\xba", 2) != 0 || ((unsigned char)s[4] != 0xa7 && (unsigned char)s[4] != 0xa6) ||
	    (s[5] != 'n' && s[5] != 'N') || s[6] != ' ')
		return 0;
	size_t i = 7, k;
	while (i < n && s[i] == ' ')
		i++;
	int v = 0;
	char *f = NULL;
	if (n - i > 4 && (f = norm_fold(s + i, n - i)) != NULL && strncmp(f, "thứ ", strlen("thứ ")) == 0) {
		const char *w = f + strlen("thứ ");
		for (size_t o = 0; o < sizeof ordinals / sizeof ordinals[0] && !v; o++) {
			size_t l = strlen(ordinals[o]);
			if (strncmp(w, ordinals[o], l) == 0 && (w[l] == '\0' || w[l] == ' '))
				v = (int)o + 1;
		}
		/* the words in the source: "thứ" and the ordinal */
		for (int words = 0; v && words < 2 && i < n; words++) {
			while (i < n && s[i] != ' ' && s[i] != ':' && s[i] != '.')
				i++;
			while (words == 0 && i < n && s[i] == ' ')
				i++;
		}
	} else {
		for (k = 0; i + k < n && strchr("IVXLC", s[i + k]) && k < 7; k++)
			continue;
		if (k && (i + k == n || strchr(" .:-", s[i + k]))) {
			v = norm_roman(s + i, k);
			i += k;
		} else {
			for (k = 0; i + k < n && s[i + k] >= '0' && s[i + k] <= '9' && k < 2; k++)
				v = v * 10 + (s[i + k] - '0');
			if (!k || (i + k < n && !strchr(" .:-", s[i + k])))
				v = 0;
			i += k;
		}
	}
	free(f);
	if (v < 1 || v > 10)
		return 0;
	strcpy(mark, romans[v - 1]);
	while (i < n && (s[i] == ' ' || s[i] == '.' || s[i] == ':' || s[i] == '-'))
		i++;
	*rest = s + i;
	*rn = n - i;
	return 1;
}

/* "Số: 1234 /KH-UBND", "Số: 21 – NQ/TW": the pattern's symbol stops at the space, the rest
 * of the symbol after it. The symbol is read as header.c and cite.c read it (norm_symbol_parse,
 * which compacts a spaced symbol); its extent from g: gl, or longer when it is spaced. */
static size_t
symbol_spaced(const char *s, size_t n, const char *g, size_t gl)
{
	char *c = xstrndup(s, n);
	norm_symbol y;
	size_t used = 0;
	if (norm_symbol_parse(c, &y, &used) && s + used > g + gl)
		gl = (size_t)(s + used - g);
	free(c);
	return gl;
}

/*
 * Classify one piece of text (a whole line, or one header cell). Returns the class and fills
 * the token's text and marker.
 */
static void
classify(lex_token *k, const apc_line *ln, const char *s, size_t n, re_matcher *md)
{
	const char *g;
	size_t gl;
	char part[8];

	k->cls = LX_TEXT;
	set_text(k, ln, s, n);
	s = k->s;
	n = k->len;
	if (n == 0) {
		k->cls = LX_BLANK;
		return;
	}
	if (match(P_NOISE, s, n, md)) {
		k->cls = LX_NOISE;
	} else if (match(P_META, s, n, md)) {
		k->cls = LX_META;
	} else if (match(P_NATIONAL, s, n, md)) {
		k->cls = LX_NATIONAL;
	} else if (match(P_SYMBOL, s, n, md)) {
		k->cls = LX_SYMBOL;
		g = group(md, s, 1, &gl);
		size_t rl;
		const char *r = group(md, s, 2, &rl);
		if (r && (*r == '/' || *r == '-' || (rl >= 3 && memcmp(r, "\xE2\x80\x93", 3) == 0)))
			gl = symbol_spaced(s, n, g, gl);
		set_text(k, ln, g, gl);
	} else if (match(P_PLACE_DATE, s, n, md)) {
		k->cls = LX_PLACE_DATE;
	} else if (match(P_KIND, s, n, md)) {
		k->cls = LX_KIND;
	} else if (match(P_RECIPIENTS, s, n, md)) {
		k->cls = LX_RECIPIENTS;
		g = group(md, s, 1, &gl);
		set_text(k, ln, g ? g : s + n, gl);
	} else if (match(P_SIGN_ROLE, s, n, md)) {
		k->cls = LX_SIGN_ROLE;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
	} else if (match(P_SIGN_TITLE, s, n, md)) {
		k->cls = LX_SIGN_TITLE;
	} else if (match(P_APPENDIX, s, n, md)) {
		k->cls = LX_APPENDIX;
		g = group(md, s, 1, &gl);
		if (g)
			set_mark(k, g, gl);
	} else if (match(P_ATTACHED, s, n, md)) {
		k->cls = LX_ATTACHED;
	} else if (part_heading(s, n, part, &g, &gl)) {
		k->cls = LX_ROMAN;
		k->level = -1;   /* a part: the roman sections under it may start again from I */
		set_mark(k, part, strlen(part));
		set_text(k, ln, g, gl);
	} else if (match(P_ROMAN, s, n, md) && norm_roman(s, (size_t)(group(md, s, 1, &gl), gl)) > 0) {
		k->cls = LX_ROMAN;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
		g = group(md, s, 2, &gl);
		set_text(k, ln, g, gl);
	} else if (match(P_ALPHA, s, n, md)) {
		k->cls = LX_ROMAN;
		k->level = -1;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
		g = group(md, s, 2, &gl);
		set_text(k, ln, g, gl);
	} else if (match(P_NUMBER, s, n, md)) {
		k->cls = LX_NUMBER;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
		k->level = 1;
		for (size_t i = 0; i < gl; i++)
			k->level += g[i] == '.';
		g = group(md, s, 2, &gl);
		set_text(k, ln, g, gl);
		/* "1. MỤC TIÊU": a numbered heading in capitals is a section, as "I." is, in the
		 * plans that number their parts in Arabic */
		if (k->level == 1 && k->len >= 4 && k->len < 200 && !utf8_has_lower(k->s, k->len))
			k->cls = LX_ROMAN;
	} else if (match(P_LETTER, s, n, md)) {
		k->cls = LX_LETTER;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
		g = group(md, s, 2, &gl);
		set_text(k, ln, g, gl);
	} else if (match(P_BULLET, s, n, md)) {
		k->cls = LX_BULLET;
		g = group(md, s, 1, &gl);
		set_mark(k, g, gl);
		g = group(md, s, 2, &gl);
		set_text(k, ln, g, gl);
	}
}

/*
 * Tables laid out with spaces (what "pdftotext -layout" makes): cells are runs of text
 * separated by two spaces or more. The header row gives each column's starting character;
 * a later line's runs go to the column they start in, so a line holding only the continuation
 * of some cells has an empty first cell, as in a tab-separated table.
 */
typedef struct layout {
	unsigned start[MAX_CELLS];   /* character column where each header cell starts */
	size_t n;
} layout;

/* Runs of text separated by two spaces or more; cells[i].col is the run's character column. */
static size_t
split_spaced(const apc_line *ln, lex_cell *cells)
{
	size_t nc = 0, i = 0, n = ln->len;
	const char *s = ln->s;
	while (i < n && nc < MAX_CELLS) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t at = i;
		while (i < n && !(s[i] == ' ' && (i + 1 >= n || s[i + 1] == ' ')))
			i++;
		cells[nc].s = s + at;
		cells[nc].len = i - at;
		cells[nc].col = 1 + (unsigned)utf8_chars(s, at);
		nc++;
	}
	return nc;
}

/* Place runs into the header's columns: each column's cell spans its first to its last run. */
static size_t
place_runs(const layout *lay, const lex_cell *runs, size_t nr, lex_cell *cells)
{
	for (size_t c = 0; c < lay->n; c++) {
		cells[c].s = "";
		cells[c].len = 0;
		cells[c].col = lay->start[c];
	}
	for (size_t r = 0; r < nr; r++) {
		size_t c = 0;
		while (c + 1 < lay->n && lay->start[c + 1] <= runs[r].col + 2)
			c++;
		if (cells[c].len == 0) {
			cells[c] = runs[r];
		} else
			cells[c].len = (size_t)(runs[r].s + runs[r].len - cells[c].s);
	}
	return lay->n;
}

/* A line that ends a table read by columns: a new part, the recipients, the signature. */
static int
table_ends(const apc_line *ln, re_matcher *md)
{
	lex_token probe;
	memset(&probe, 0, sizeof probe);
	classify(&probe, ln, ln->s, ln->len, md);
	return probe.cls == LX_APPENDIX || probe.cls == LX_RECIPIENTS || probe.cls == LX_SIGN_ROLE ||
	    probe.cls == LX_SIGN_TITLE || probe.cls == LX_KIND || probe.cls == LX_ATTACHED;
}

void
lex_source(const re_set *re, const apc_source *src, lex_tokens *out, apc_diags *d)
{
	size_t cap = 0;
	int header_zone = 1, table_zone = 0;
	layout lay = { .n = 0 };
	ruled_layout ruled = { .n = 0 };
	int ruled_body = 0;                  /* a numbered row read under the rule */
	lex_cell cells[MAX_CELLS];
	re_matcher m = re_matcher_make(re, 15), *md = &m;
	unsigned line = 0;

	memset(out, 0, sizeof *out);
	pthread_once(&first_once, first_make);
	for (size_t i = 0; i < src->nlines; i++) {
		const apc_line *ln = &src->lines[i];
		if (m.limit_hit) {                 /* the line before reached a match limit */
			diag_emit(d, D_LINE_TOO_COMPLEX, line, 1);
			m.limit_hit = 0;
		}
		line = (unsigned)i + 1;
		int over = 0;
		size_t nc = split_cells(ln, cells, &over);
		if (over)
			diag_emit(d, D_TABLE_ROW_MALFORMED, line, 1, "hơn 64 ô / more than 64 cells");

		if (nc == 0 && !header_zone) {
			/* a rule of dashes drawing columns (ruled.c): its start, the header's, the end */
			ruled_layout rl;
			int rule = ruled_rule(ln, &rl);
			if (rule == 2 || (rule == 1 && !ruled.n && ruled_ahead(src, i, &rl))) {
				if (ruled.n && ruled_body)
					ruled.n = 0;          /* a rule under body rows: the table is over */
				else
					ruled = rl, ruled_body = 0;
				push(out, &cap, LX_NOISE, line);
				continue;
			}
			if (rule == 1 && ruled.n) {
				ruled.n = 0;
				push(out, &cap, LX_NOISE, line);
				continue;
			}
			if (ruled.n && table_ends(ln, md))
				ruled.n = 0;
			if (ruled.n)
				nc = ruled_cut(&ruled, ln, cells);
		}
		if (nc == 0 && !header_zone && !ruled.n) {
			lex_cell runs[MAX_CELLS];
			size_t nr = split_spaced(ln, runs);
			if (nr >= 3 && header_row(runs, nr, md)) {
				lay.n = nr;
				for (size_t c = 0; c < nr; c++)
					lay.start[c] = runs[c].col;
				nc = nr;
				memcpy(cells, runs, nr * sizeof *runs);
			} else if (lay.n && table_zone && nr > 0) {
				if (table_ends(ln, md)) {
					lay.n = 0;          /* the table is over: read the line as it is */
					table_zone = 0;
				} else if (!(match(P_NOISE, ln->s, ln->len, md) && runs[0].col > lay.start[0] + 2)) {
					nc = place_runs(&lay, runs, nr, cells);
					if (nc < 2)
						nc = 0;
				}
			}
		}

		if (nc >= 2 && separator_row(cells, nc)) {
			push(out, &cap, LX_NOISE, line);   /* "|---|---|" under a header */
			continue;
		}
		if (nc >= 2) {
			/* A table row: a header row, or any row after one. */
			int hdr = header_row(cells, nc, md);
			if (hdr || (table_zone && !header_zone)) {
				lex_token *k = push(out, &cap, hdr ? LX_TABLE_HEADER : LX_ROW, line);
				k->cells = xmalloc(nc * sizeof *k->cells);
				memcpy(k->cells, cells, nc * sizeof *cells);
				k->ncells = nc;
				k->s = ln->s;
				k->len = ln->len;
				k->col = 1;
				header_zone = 0;
				table_zone = 1;
				ruled_body |= ruled.n && !hdr && cells[0].len;
				continue;
			}
			/* Cells side by side outside a table (the two columns of the header, "Nơi nhận:"
			 * beside the signature): classify each as a line of its own. */
			size_t full = 0;
			for (size_t c = 0; c < nc; c++)
				full += cells[c].len > 0;
			if (header_zone || (full >= 2 && !bare_marker(&cells[0]))) {
				for (size_t c = 0; c < nc; c++) {
					if (cells[c].len == 0)
						continue;
					lex_token *k = push(out, &cap, LX_TEXT, line);
					classify(k, ln, cells[c].s, cells[c].len, md);
					if (k->cls == LX_KIND)
						header_zone = 0;
				}
				continue;
			}
		}

		lex_token *k = push(out, &cap, LX_TEXT, line);
		classify(k, ln, ln->s, ln->len, md);

		/* "Số: 189/NQ-CP Hà Nội, ngày 16 tháng 11 năm 2023": the rest is the place and date. */
		if (k->cls == LX_SYMBOL) {
			const char *rest = k->s + k->len;
			size_t rn = (size_t)(ln->s + ln->len - rest);
			const char *t = rest;
			size_t tn = rn;
			text_trim(&t, &tn);
			if (tn && match(P_PLACE_DATE, t, tn, md)) {
				size_t ki = (size_t)(k - out->v);
				lex_token *pd = push(out, &cap, LX_PLACE_DATE, line);
				set_text(pd, ln, t, tn);
				k = &out->v[ki];   /* push may have moved the array */
			}
		}
		/* "Ninh Bình, ngày" / "10 tháng 6 năm 2024": one place-date token on two lines. */
		if (k->cls == LX_TEXT && match(P_PLACE_NGAY, k->s, k->len, md) && i + 1 < src->nlines) {
			const apc_line *nx = &src->lines[i + 1];
			const char *t = nx->s;
			size_t tn = nx->len;
			text_trim(&t, &tn);
			if (match(P_DATE_REST, t, tn, md)) {
				k->cls = LX_PLACE_DATE;
				k->len = (size_t)(t + tn - k->s);   /* spans the newline; read as one */
				i++;
			}
		}
		/* "KẾ HOẠCH Thực hiện Nghị quyết…": the kind, and the title after it as a line of its own */
		if (header_zone && k->cls == LX_TEXT && match(P_KIND_LEAD, k->s, k->len, md)) {
			size_t gl, ki = (size_t)(k - out->v);
			const char *g = group(md, k->s, 0, &gl);
			const char *rest = g + gl;
			size_t rn = (size_t)(k->s + k->len - rest);
			set_text(k, ln, k->s, gl);
			k->cls = LX_KIND;
			lex_token *t = push(out, &cap, LX_TEXT, line);
			set_text(t, ln, rest, rn);
			k = &out->v[ki];   /* push may have moved the array */
		}
		/* "Phần I" alone, its title in capitals on the next line (a blank line between, maybe) */
		if (k->cls == LX_ROMAN && k->len == 0) {
			size_t j = i + 1;
			while (j < src->nlines && j <= i + 2 && src->lines[j].len == 0)
				j++;
			const char *t = j < src->nlines ? src->lines[j].s : NULL;
			size_t tn = t ? src->lines[j].len : 0;
			text_trim(&t, &tn);
			if (tn && tn <= 300 && !utf8_has_lower(t, tn) && !(t[0] >= '0' && t[0] <= '9')) {
				k->line = (unsigned)j + 1;
				set_text(k, &src->lines[j], t, tn);
				i = j;
			}
		}
		if (header_zone && (k->cls == LX_KIND || k->cls == LX_ROMAN || (k->cls == LX_TEXT && k->len > 300)))
			header_zone = 0;
		if (k->cls == LX_APPENDIX)
			table_zone = 0;
	}
	if (m.limit_hit)
		diag_emit(d, D_LINE_TOO_COMPLEX, line, 1);
	lex_restack(out, src, head_cell, md);
	ruled_join_heads(out);
	re_matcher_free(&m);
}

void
lex_free(lex_tokens *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].cells);
		free(t->v[i].own);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
