/*
 * cite.c: the one citation reader (see cite.h). One pattern finds a kind word and the symbol
 * after it; the date, the issuer and the role are read by hand from the words around it, so
 * that nothing backtracks over a long line and every stop is a table entry.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "cite.h"
#include "phrase.h"

/* How far back a citation's clause is looked for: a text with no ';', ':' or sentence end is
 * not read back to its start for every citation (linear time). */
#define CLAUSE_MAX 2048
#include "re.h"

const re_def cite_patterns[] = {
	{ "(?<![\\p{L}\\p{N}])"
	  "(nghị\\s+quyết(?:\\s+liên\\s+tịch)?|kết\\s+luận|chỉ\\s+thị|chương\\s+trình(?:\\s+hành\\s+động)?|"
	  "kế\\s+hoạch(?:\\s+hành\\s+động)?|quyết\\s+định|quy\\s+định|nghị\\s+định|thông\\s+tư(?:\\s+liên\\s+tịch)?|"
	  "công\\s+văn|hướng\\s+dẫn|tờ\\s+trình|đề\\s+án|thông\\s+báo(?:\\s+kết\\s+luận)?|báo\\s+cáo|luật|pháp\\s+lệnh)"
	  "\\s*+(?:số\\s*+[:.]?\\s*+)?"
	  "(\\d\\p{N}*+(?:\\s*+[–/]\\s*+|\\s++-\\s*+)?[\\p{L}\\p{N}/\\-&.]{0,60})", PCRE2_CASELESS, 0 },
};
const size_t cite_npatterns = sizeof cite_patterns / sizeof cite_patterns[0];

/*
 * The kind words of cite_patterns without their optional tails: a match starts where one of
 * them does. Keep the two in step (test_cite checks that they are). tail: the first letter of
 * the tail the pattern allows after it ("liên tịch", "hành động", "kết luận"), or 0.
 */
static const char *const kinds[] = {
	"nghị quyết", "kết luận", "chỉ thị", "chương trình", "kế hoạch", "quyết định", "quy định", "nghị định",
	"thông tư", "công văn", "hướng dẫn", "tờ trình", "đề án", "thông báo", "báo cáo", "luật", "pháp lệnh",
};
static const char kind_tail[] = { 'l', 0, 0, 'h', 'h', 0, 0, 0, 'l', 0, 0, 0, 0, 'k', 0, 0, 0 };
static phrase_table kind_table = { kinds, sizeof kinds / sizeof kinds[0], 1,
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 0, { 0 } };

/* After kind word k, ending at byte end: white space, then a digit (\d: any decimal digit),
 * "số" (s, S or ſ), or the kind's tail? Else no citation starts at the kind word. */
static int
kind_then(const char *s, size_t n, size_t k, size_t end, void *ctx)
{
	int32_t c = 0;
	size_t i = end;
	(void)ctx;
	while (i < n) {
		size_t l = utf8_next(s, i, n, &c);
		if (!phrase_is_space(c))
			break;
		i += l;
	}
	if (i >= n)
		return 0;
	if ((c >= '0' && c <= '9') || c == 's' || c == 'S' || c == 0x17F)
		return 1;
	if (c >= 0x80 && (utf8proc_category(c) == UTF8PROC_CATEGORY_ND || utf8proc_category(c) == UTF8PROC_CATEGORY_CN))
		return 1;
	int t = kind_tail[k];       /* a tail follows white space */
	return t && i > end && (c == t || c == t - 0x20 || (t == 'k' && c == 0x212A));
}

size_t
cite_kind_next(const char *s, size_t n, size_t from)
{
	return phrase_find(&kind_table, s, n, from, kind_then, NULL);
}

const char *
cite_role_name(cite_role r)
{
	static const char *const names[] = { "parent", "legal-basis", "proposal", "other" };
	return names[r];
}

void
cite_list_free(cite_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- words ---- */

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The word at s[at..): its end (exclusive), stopping at a blank. */
static size_t
word_end(const char *s, size_t n, size_t at)
{
	while (at < n && !is_blank((unsigned char)s[at]))
		at++;
	return at;
}

static size_t
skip_blanks(const char *s, size_t n, size_t at, const char *also)
{
	while (at < n && (is_blank((unsigned char)s[at]) || (also && s[at] && strchr(also, s[at]))))
		at++;
	return at;
}

static int
ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * The key's first byte is ASCII exactly when w's is not: "no" without folding. Known only for
 * a text that starts with an ASCII letter or digit followed by ASCII (it stays itself, lower
 * cased; not o or u, whose tone the key may move onto them: "oá" -> "óa"), or with a precomposed
 * Latin letter whose lower case is no ASCII letter (Latin-1's, đ, ơ, ư, Latin Extended
 * Additional's: the key keeps its marks, so it starts with a non-ASCII byte).
 */
static int
first_kinds_differ(const char *s, size_t n, unsigned char w0)
{
	unsigned char t = (unsigned char)s[0];
	if (ascii_alnum(t))
		return w0 >= 0x80 && (n == 1 || (unsigned char)s[1] < 0x80) &&
		    t != 'o' && t != 'O' && t != 'u' && t != 'U';
	if (w0 >= 0x80 || n < 2 || ((unsigned char)s[1] & 0xC0) != 0x80)
		return 0;
	if (t == 0xC3)       /* U+00C0..U+00FF but the multiplication and division signs */
		return s[1] != '\x97' && s[1] != '\xB7';
	if (t == 0xC4)       /* Đ đ */
		return (unsigned char)s[1] == 0x90 || (unsigned char)s[1] == 0x91;
	if (t == 0xC6)       /* Ơ ơ Ư ư */
		return (unsigned char)s[1] == 0xA0 || (unsigned char)s[1] == 0xA1 ||
		    (unsigned char)s[1] == 0xAF || (unsigned char)s[1] == 0xB0;
	/* U+1E00..U+1EFF: E1 B8..BB */
	return t == 0xE1 && n >= 3 && (unsigned char)s[1] >= 0xB8 && (unsigned char)s[1] <= 0xBB &&
	    ((unsigned char)s[2] & 0xC0) == 0x80;
}

/* Does the folded text at s[at..) start with the folded words w (followed by a non-letter,
 * unless glued is set: "ngày18", "vềtiếp")? */
static int
starts_with(const char *s, size_t n, size_t at, const char *w, int glued)
{
	size_t wl = strlen(w);
	/* every word looked for starts with a letter; the fold below drops punctuation and spaces,
	 * so ") của" would match "của" at the ')' and the caller's offsets would land inside a
	 * character (an issuer starting at a continuation byte: XML that is not UTF-8) */
	if (at >= n || !(ascii_alnum((unsigned char)s[at]) || (unsigned char)s[at] >= 0x80))
		return 0;
	/* Most words differ from w in their leading ASCII letters: compare those without folding.
	 * While both sides are ASCII letters or digits, the key's byte is the text's byte lower
	 * cased (a mark after it, or a tone moved onto it, makes that key byte non-ASCII, a
	 * mismatch as well), so one differing pair decides "no" exactly as the fold would. */
	size_t p = 0;
	for (; p < wl && at + p < n; p++) {
		unsigned char t = (unsigned char)s[at + p], c = (unsigned char)w[p];
		if (!ascii_alnum(t) || !ascii_alnum(c))
			break;
		if ((t >= 'A' && t <= 'Z' ? t + 32 : t) != c)
			return 0;
	}
	/* Where the two part, the same holds of the characters there: the key before them is the
	 * text lower cased, or differs from w already (a tone moved back onto it, or a mark
	 * composed with it, makes that key byte non-ASCII where w's is ASCII). */
	if (p < wl && at + p < n && first_kinds_differ(s + at + p, n - at - p, (unsigned char)w[p]))
		return 0;
	size_t take = n - at < wl + 8 ? n - at : wl + 8;
	while (take > 0 && at + take < n && ((unsigned char)s[at + take] & 0xC0) == 0x80)
		take--;   /* end on a character */
	if (take == 0)
		return 0;
	char *f = norm_fold(s + at, take);
	size_t fl = strlen(f);
	int r = fl >= wl && memcmp(f, w, wl) == 0 &&
	    (glued || fl == wl || !((unsigned char)f[wl] >= 0x80 || (f[wl] >= 'a' && f[wl] <= 'z') ||
	    (f[wl] >= '0' && f[wl] <= '9')));
	free(f);
	return r;
}

/* Words that end an issuer: what follows "của Bộ Chính trị" ("về", "ban hành"...). */
static const char *const issuer_stops[] = {
	"về", "ban hành", "thực hiện", "triển khai", "phê duyệt", "sửa đổi", "bổ sung", "nhằm", "để",
	"tại", "theo", "trên địa bàn", "đã", "được", "với", "kèm theo", "thông qua", "quy định",
	"hướng dẫn", "giai đoạn", "đến năm", "tiếp tục", "lãnh đạo", "chỉ đạo", "trong", "như sau",
};
/* Words that start another citation after "và" ("của Bộ Chính trị và Chương trình..."). */
static const char *const kind_starts[] = {
	"nghị quyết", "kết luận", "chỉ thị", "chương trình", "kế hoạch", "quyết định", "nghị định",
	"thông tư", "công văn", "hướng dẫn", "tờ trình", "đề án", "thông báo", "luật", "các", "những",
};

static int
any_start(const char *s, size_t n, size_t at, const char *const *list, size_t nl, int glued)
{
	/* starts_with's first test, without the call (26 stops a word): a text starting with an
	 * ASCII letter or digit starts no word whose first byte is another ASCII letter or digit,
	 * nor one starting with đ (no letter and marks compose into đ, and the fold moves tones
	 * only onto vowels: its key starts with that letter, or with it marked) */
	unsigned char t = at < n ? (unsigned char)s[at] : 0, lt = t >= 'A' && t <= 'Z' ? t + 32 : t;
	int ascii = ascii_alnum(t);
	for (size_t i = 0; i < nl; i++) {
		const unsigned char *c = (const unsigned char *)list[i];
		if (ascii && ((ascii_alnum(c[0]) && c[0] != lt) || (c[0] == 0xC4 && c[1] == 0x91)))
			continue;
		if (starts_with(s, n, at, list[i], glued))
			return 1;
	}
	return 0;
}

/* "của ISSUER" at s[at..): sets the issuer's extent; returns the end of what was read. */
static size_t
read_issuer(const char *s, size_t n, size_t at, cite *c)
{
	size_t w = skip_blanks(s, n, at, ",");
	if (!starts_with(s, n, w, "của", 0))
		return at;
	size_t from = skip_blanks(s, n, w + strlen("của"), NULL), to = from;
	size_t i = from;
	for (int words = 0; i < n && words < 16; words++) {
		if (s[i] == '(' || s[i] == ',' || s[i] == ';' || s[i] == ':' || s[i] == '|' || s[i] == '"' ||
		    (n - i >= 3 && memcmp(s + i, "\xE2\x80\x9C", 3) == 0))
			break;   /* a quotation opens the subject: "… Trung ương Đảng “về tiếp tục …”" */
		if (words > 0 && any_start(s, n, i, issuer_stops, sizeof issuer_stops / sizeof issuer_stops[0], 0))
			break;
		if (words > 0 && starts_with(s, n, i, "về", 1))
			break;   /* "vềtiếp": glued where the copy lost a space */
		if (words > 0 && starts_with(s, n, i, "và", 0)) {
			size_t nx = skip_blanks(s, n, word_end(s, n, i), NULL);
			if (any_start(s, n, nx, kind_starts, sizeof kind_starts / sizeof kind_starts[0], 0))
				break;
		}
		size_t e = word_end(s, n, i);
		if (words > 0 && starts_with(s, n, i, "khóa", 0)) {
			/* "Bộ Chính trị khóa IX": the term ends the name (in capitals nothing else may) */
			size_t t = skip_blanks(s, n, e, NULL), te = word_end(s, n, t);
			while (te > t && strchr(",;:.)", s[te - 1]))
				te--;
			to = te > t ? te : e;
			break;
		}
		size_t core = e;
		while (core > i && strchr(",;:.)", s[core - 1]))
			core--;
		size_t par = i;
		while (par < core && s[par] != '(')
			par++;
		if (par < core) {   /* "Đảng(khoá IX)" */
			if (par > i)
				to = par;
			break;
		}
		if (core > i)
			to = core;
		if (core < e)
			break;   /* the word ended with punctuation: the issuer ends with it */
		i = skip_blanks(s, n, e, NULL);
	}
	if (to > from) {
		c->iss_at = from;
		c->iss_len = to - from;
		return to;
	}
	return at;
}

/* ", ngày 30/01/2023", " NGÀY 22 THÁNG 7 NĂM 2024", " ngày18 tháng 3 năm 2010" at s[at..). */
static size_t
read_date(const char *s, size_t n, size_t at, cite *c)
{
	size_t w = skip_blanks(s, n, at, ",");
	if (starts_with(s, n, w, "ban hành", 0))
		w = skip_blanks(s, n, w + strlen("ban hành"), NULL);
	if (!starts_with(s, n, w, "ngày", 1) && !starts_with(s, n, w, "ngay", 1))
		return at;
	size_t win = n - w < 48 ? n - w : 48;
	while (win > 0 && w + win < n && ((unsigned char)s[w + win] & 0xC0) == 0x80)
		win--;
	size_t dat = 0, dend = 0;
	int r = norm_date_read(s + w, win, c->iso, &dat, &dend);
	if (r == 0 || dat > 8)
		return at;
	if (r < 0) {
		c->iso[0] = '\0';
		c->date_invalid = 1;
	}
	c->date_at = w;
	c->date_len = dend;
	return w + dend;
}

/* ---- roles ---- */

/*
 * The start of the clause holding s[at]: after the last ';', ':' or sentence end before it,
 * read back at most CLAUSE_MAX bytes. A scan of one text asks for its citations' clauses in
 * order: cl remembers how far back the text was read and the last clause end found there, so
 * that each byte is read once (a paragraph of thousands of citations with no ';' read the
 * same CLAUSE_MAX bytes back for each). Start with a zeroed clause_memo; at only grows.
 */
typedef struct clause_memo {
	size_t lo;                  /* every i < lo was looked at (for any later at) */
	size_t end;                 /* the last clause end among them (a byte after the stop), 0: none */
	size_t raw, start;          /* the last answer before and after stepping over blanks */
	int have;
} clause_memo;

static size_t
clause_start(const char *s, size_t at, clause_memo *cl)
{
	size_t stop = at > CLAUSE_MAX ? at - CLAUSE_MAX : 0;
	while (stop > 0 && ((unsigned char)s[stop] & 0xC0) == 0x80)
		stop--;                     /* a clause is read back at most CLAUSE_MAX bytes */
	size_t lo = cl->lo > stop + 1 ? cl->lo : stop + 1, i = at, found = cl->end;
	for (; i >= lo && i > stop; i--) {
		char ch = s[i - 1];
		if (ch == ';' || ch == ':' || ch == '\n' || (ch == '.' && i < at && is_blank((unsigned char)s[i]))) {
			found = i;
			break;
		}
	}
	/* s[at] starts a kind word, never a blank: an end found at i <= at stays one for later at */
	cl->end = found;
	cl->lo = at + 1;
	size_t raw = found > stop ? found : stop;
	if (cl->have && raw == cl->raw)
		return cl->start;
	i = raw;
	while (s[i] && (is_blank((unsigned char)s[i]) || s[i] == '-' || s[i] == '+'))
		i++;
	cl->have = 1;
	cl->raw = raw;
	cl->start = i;
	return i;
}

static int
kind_is(const char *kind, const char *const *list, size_t nl)
{
	char *f = norm_fold(kind, strlen(kind));
	int r = 0;
	for (size_t i = 0; i < nl && !r; i++)
		r = strncmp(f, list[i], strlen(list[i])) == 0;
	free(f);
	return r;
}

static const char *const legal_kinds[] = { "luật", "nghị định", "thông tư", "pháp lệnh" };
static const char *const proposal_kinds[] = { "tờ trình" };
static const char *const paper_kinds[] = { "tờ trình", "công văn", "báo cáo" };
static const char *const proposal_leads[] = {
	"xét đề nghị", "theo đề nghị", "trên cơ sở đề xuất", "theo đề xuất", "xét tờ trình", "xét báo cáo",
};
/* What an article says when it issues the program: "Ban hành kèm theo Quyết định này …". */
static const char *const issue_words[] = { "ban hành" };
/* After a legal basis's description: what a basis, not a parent, says of itself. */
static const char *const basis_marks[] = {
	"quy định chức năng", "chức năng, nhiệm vụ", "chức năng nhiệm vụ", "cơ cấu tổ chức", "quy chế làm việc",
};

static int
clause_has(const char *s, size_t from, size_t to, const char *const *list, size_t nl)
{
	char *f = norm_fold(s + from, to - from);
	int r = 0;
	for (size_t i = 0; i < nl && !r; i++)
		r = strstr(f, list[i]) != NULL;
	free(f);
	return r;
}

static size_t
clause_end(const char *s, size_t n, size_t at)
{
	while (at < n && s[at] != ';' && !(s[at] == '.' && (at + 1 == n || is_blank((unsigned char)s[at + 1]))))
		at++;
	return at;
}

/* Does the citation at s[at] follow a word that carries it out ("Kế hoạch thực hiện Nghị
 * quyết số …", "triển khai", "thi hành"), or with basis, one that rests on it ("Căn cứ")? */
static int
carried_out(const char *s, size_t at, int basis)
{
	static const char *const words[] = { "thực hiện", "triển khai", "thi hành", "căn cứ" };
	size_t nw = sizeof words / sizeof *words - !basis;
	size_t from = at > 24 ? at - 24 : 0;
	while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
		from--;
	char *f = norm_fold(s + from, at - from);
	size_t l = strlen(f);
	while (l && f[l - 1] == ' ')
		l--;
	int r = 0;
	for (size_t i = 0; i < nw && !r; i++) {
		size_t wl = strlen(words[i]);
		r = l >= wl && memcmp(f + l - wl, words[i], wl) == 0 && (l == wl || f[l - wl - 1] == ' ');
	}
	free(f);
	return r;
}

/* A program's and a plan's type codes: the documents an issuer carries others out with. */
static int
implementing_type(const char *type)
{
	return strcmp(type, "CTr") == 0 || strcmp(type, "KH") == 0;
}

/*
 * A program or plan of the document's own issuer (the same issuer code, no other issuer
 * named: "UBND Thành phố đã ban hành Chương trình hành động số 34/CTr-UBND …" in a plan
 * …/KH-UBND), when the document is one too: a document of the same rank, related, not carried
 * out, unless the text says it is ("Thực hiện Kế hoạch số …", "Căn cứ Chương trình số …")
 * or the title does (front.c keeps a title's parent).
 */
static int
own_related(const char *s, const cite *c, const norm_symbol *own)
{
	return own && implementing_type(own->type) && implementing_type(c->sym.type) && c->iss_len == 0 &&
	    strcmp(own->issuer, c->sym.issuer) == 0 && !carried_out(s, c->at, 1);
}

/* Is text[from..to) only what joins two items of a list (", ", " và ", "; ")? */
static int
listed_with(const char *s, size_t from, size_t to)
{
	size_t i = from;
	while (i < to && (s[i] == ' ' || s[i] == ',' || s[i] == ';'))
		i++;
	if (i + strlen("và") <= to && memcmp(s + i, "và", strlen("và")) == 0)
		i += strlen("và");
	while (i < to && s[i] == ' ')
		i++;
	return i == to;
}

static cite_role
role_of(const char *s, size_t n, const cite *c, size_t cs, size_t first_in_clause, cite_where where, const char *own)
{
	if (own && *own && strcmp(c->sym.canonical, own) == 0)
		return CITE_OTHER;
	if (kind_is(c->kind, legal_kinds, sizeof legal_kinds / sizeof legal_kinds[0]) ||
	    strcmp(c->sym.type, "NĐ") == 0 || strcmp(c->sym.type, "TT") == 0 || strcmp(c->sym.type, "TTLT") == 0)
		return CITE_LEGAL;
	if (kind_is(c->kind, proposal_kinds, 1) || strcmp(c->sym.type, "TTr") == 0)
		return CITE_PROPOSAL;
	if (any_start(s, n, cs, proposal_leads, sizeof proposal_leads / sizeof proposal_leads[0], 0) &&
	    (first_in_clause == c->at || kind_is(c->kind, paper_kinds, sizeof paper_kinds / sizeof paper_kinds[0])))
		return CITE_PROPOSAL;
	if (where == CITE_IN_BODY)
		return CITE_OTHER;
	if (where == CITE_IN_ARTICLE)   /* "Ban hành kèm theo Quyết định này Kế hoạch thực hiện Nghị quyết số …" */
		return carried_out(s, c->at, 0) && clause_has(s, cs, c->at, issue_words, 1) ? CITE_PARENT : CITE_OTHER;
	if (starts_with(s, n, cs, "căn cứ", 0) &&
	    clause_has(s, c->end, clause_end(s, n, c->end), basis_marks, sizeof basis_marks / sizeof basis_marks[0]))
		return CITE_LEGAL;
	if (kind_is(c->kind, paper_kinds + 2, 1))
		return CITE_OTHER;   /* a report is not carried out */
	return CITE_PARENT;
}

size_t
cite_scan(const re_set *set, const char *text, size_t n, cite_where where, const char *own_symbol, cite_list *out)
{
	size_t added = 0, off = 0, clause_first = (size_t)-1, clause_at = (size_t)-1;
	clause_memo cl = { 0 };
	if (set == NULL || set->n == 0 || text == NULL)
		return 0;
	norm_symbol own;
	int have_own = own_symbol && *own_symbol && norm_symbol_parse(own_symbol, &own, NULL);
	re_matcher m = re_matcher_make(set, 3);
	pcre2_match_data *md = m.md;
	size_t at;
	while (off < n && (at = cite_kind_next(text, n, off)) < n && re_search_at(&m, 0, text, n, off, at)) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		cite c;
		memset(&c, 0, sizeof c);
		c.at = ov[0];
		size_t kl = ov[3] - ov[2];
		if (kl >= sizeof c.kind)
			kl = sizeof c.kind - 1;
		memcpy(c.kind, text + ov[2], kl);
		c.kind[kl] = '\0';
		char *sym = xstrndup(text + ov[4], ov[5] - ov[4]);
		size_t used = 0;
		c.sym_at = ov[4];
		if (norm_symbol_parse(sym, &c.sym, &used)) {
			c.sym_len = used;
		} else {
			size_t l = ov[5] - ov[4];
			while (l > 0 && strchr(".-/&", sym[l - 1]))
				l--;
			c.sym_len = l;   /* kept for the symbol rules; never a parent */
		}
		free(sym);
		size_t end = c.sym_at + c.sym_len;
		end = read_date(text, n, end, &c);
		end = read_issuer(text, n, end, &c);
		c.end = end;
		size_t cs = clause_start(text, c.at, &cl);
		if (cs != clause_at) {
			clause_at = cs;
			clause_first = c.at;
		}
		c.role = c.sym.canonical[0] ? role_of(text, n, &c, cs, clause_first, where, own_symbol) : CITE_OTHER;
		/* the issuer's own program or plan, told of: related, unless it is listed with the
		 * parent before it ("Thực hiện Kế hoạch số 120/KH-UBND và Kế hoạch số 121/KH-UBND") */
		if (c.role == CITE_PARENT && where == CITE_IN_PREAMBLE && have_own && own_related(text, &c, &own) &&
		    !(added && clause_first != c.at && out->v[out->n - 1].role == CITE_PARENT &&
		    listed_with(text, out->v[out->n - 1].end, c.at)))
			c.role = CITE_OTHER;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 8;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		out->v[out->n++] = c;
		added++;
		off = c.sym_at + (c.sym_len ? c.sym_len : 1);
	}
	if (m.limit_hit)
		out->limit_hit = 1;
	re_matcher_free(&m);
	return added;
}
