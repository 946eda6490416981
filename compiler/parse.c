/*
 * parse.c: tokens to the libxml2 tree. A small state machine over the line classes:
 *
 *   HEADER  issuer, national line, symbol, place and date (any order, cells or lines)
 *   TITLE   the document kind (CHƯƠNG TRÌNH...) and its summary line(s)
 *   BODY    preamble, then roman sections holding numbered missions, objectives, items
 *   END     "Nơi nhận" and the signature, in either order
 *   APPX    PHỤ LỤC, its subtitle and "(Kèm theo ...)" line, then the table: the header row
 *           names the columns (by their text, not their position), repeats are dropped,
 *           a row with an empty first cell continues the row above, a roman first cell
 *           with the other cells empty starts a group.
 *
 * Paragraphs broken by a page break (or by a PDF line wrap) are joined again: the next piece
 * continues the previous one when that one does not end a sentence and the next starts in
 * lower case (or, with no blank line between, whenever the previous does not end a sentence).
 * Every element read from the source carries src:line and src:column.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "header.h"
#include "cite.h"

#define MAX_COLS 32
#define MAX_ROWS 20000
#define MAX_TITLE_LINES 8

enum mode { M_HEADER, M_TITLE, M_BODY, M_END, M_APPX };

enum colkey { K_NUMBER, K_TASK, K_LEAD, K_PARTNER, K_TIMELINE, K_PRODUCT, K_NOTE, K_OTHER };
static const char *const colkey_name[] = {
	"number", "task", "lead", "partner", "timeline", "product", "note", "other"
};

/* Column headers, folded, to their key: the first entry whose words a header contains wins. */
static const struct {
	const char *words;
	enum colkey key;
} colheads[] = {
	{ "stt", K_NUMBER }, { "tt", K_NUMBER }, { "số tt", K_NUMBER }, { "số thứ tự", K_NUMBER },
	{ "chủ trì", K_LEAD }, { "phối hợp", K_PARTNER },
	{ "thời gian", K_TIMELINE }, { "thời hạn", K_TIMELINE }, { "lộ trình", K_TIMELINE },
	{ "tiến độ", K_TIMELINE }, { "hoàn thành", K_TIMELINE },
	{ "sản phẩm", K_PRODUCT }, { "kết quả", K_PRODUCT },
	{ "ghi chú", K_NOTE },
	{ "nhiệm vụ", K_TASK }, { "nội dung", K_TASK }, { "công việc", K_TASK }, { "hoạt động", K_TASK },
	{ "giải pháp", K_TASK }, { "đề án", K_TASK },
	{ "đơn vị thực hiện", K_LEAD }, { "cơ quan thực hiện", K_LEAD },
};

/* Section headings, folded, to their role. */
static const struct {
	const char *words;
	const char *role;
} roles[] = {
	{ "tổ chức thực hiện", "organisation" },
	{ "nhiệm vụ", "missions" }, { "giải pháp", "missions" }, { "chương trình hành động", "missions" },
	{ "mục tiêu", "objectives" }, { "mục đích", "objectives" }, { "yêu cầu", "objectives" },
	{ "quan điểm", "viewpoints" },
	{ "tình hình", "situation" }, { "kết quả", "situation" }, { "đánh giá", "situation" },
	{ "thực trạng", "situation" },
	{ "kinh phí", "funding" }, { "nguồn lực", "funding" },
};

typedef struct pending {
	int active;           /* 1 task, 2 group */
	unsigned line, col;
	char n[24];
	strbuf cell[MAX_COLS];
	unsigned cline[MAX_COLS], ccol[MAX_COLS];
} pending;

typedef struct parser {
	const apc_source *src;
	const struct apc_library *lib;
	apc_diags *d;
	pcre2_match_data *md;
	xmlDocPtr doc;
	xmlNsPtr ns, sns;
	xmlNodePtr root, meta, preamble, section, l1, l2, container, last;
	strbuf lasttext;      /* the last block's text, kept here while lines join it (the node
	                       * gets it in last_flush: appending to a node is quadratic) */
	int last_dirty;
	int last_is_title;    /* the last block is a heading: join only what starts in lower case */
	int blanks;           /* blank lines since the last block */
	enum mode mode;
	const lex_token *kind, *title_tok;
	strbuf title;
	unsigned title_col;
	strbuf issuer[4];
	unsigned issuer_line, issuer_col;
	int nissuer;
	header hdr;           /* the opening, read before the machine runs (header.c) */
	int date_invalid;     /* date-invalid given for the date of issue */
	const lex_tokens *toks;
	size_t ti;            /* the token being read, to look at the next ones */
	const char *format;
	/* END */
	xmlNodePtr recipients, signature;
	int sig_state;        /* 0 none, 1 role/title seen, 2 name seen */
	/* APPX */
	xmlNodePtr appendix, subtitle, group, columns;
	enum colkey keys[MAX_COLS];
	size_t ncols;
	pending row;
	size_t nrows, body_rows;    /* rows since the header; task and group rows under it */
	int after_header;           /* the last line read was a table header row */
	int section_level;          /* numbering depth of the section heading (0: roman) */
	char *hdr_tail;             /* the text of the first header's wrapped line, cleaned */
	int limit_reported;
	const lex_token *attached;
	/* agencies repeat down a table: the registry's answer for each text seen, by hash */
	struct agency_memo {
		char *text;
		const library_agency *ag;
	} memo[128];
} parser;

/* ---- text helpers ---- */


static utf8proc_int32_t
first_cp(const char *s, size_t n)
{
	utf8proc_int32_t cp = -1;
	while (n && (*s == '"' || *s == '(' || *s == ' '))
		s++, n--;
	if (n)
		utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)(n > 4 ? 4 : n), &cp);
	return cp;
}

static int
starts_lower(const char *s, size_t n)
{
	utf8proc_int32_t cp = first_cp(s, n);
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Does the text end a sentence (or a list item)? */
static int
ends_sentence(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '*' || s[n - 1] == '"'))
		n--;
	if (n == 0)
		return 1;
	char c = s[n - 1];
	if (strchr(".!?;:", c))
		return 1;
	return n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0;   /* … */
}

/* Does folded text contain the folded words? */
static int
contains(const char *hay, const char *words)
{
	return strstr(hay, words) != NULL;
}

/* ---- tree helpers ---- */

/* Decimal digits of u into b (at least 11 bytes); returns b. */
static const char *
utoa(unsigned u, char *b)
{
	char t[12];
	size_t n = 0;
	do
		t[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		b[i] = t[n - 1 - i];
	b[n] = '\0';
	return b;
}

static void
pos(parser *p, xmlNodePtr e, unsigned line, unsigned col)
{
	char b[12];
	if (line)
		xmlNewNsProp(e, p->sns, BAD_CAST "line", BAD_CAST utoa(line, b));
	if (col)
		xmlNewNsProp(e, p->sns, BAD_CAST "column", BAD_CAST utoa(col, b));
}

/* A new element under parent, with text s[0..n) cleaned (NULL: none). */
static xmlNodePtr
el(parser *p, xmlNodePtr parent, const char *name, unsigned line, unsigned col, const char *s, size_t n)
{
	xmlNodePtr e = xmlNewNode(p->ns, BAD_CAST name);
	xmlAddChild(parent, e);
	pos(p, e, line, col);
	if (s) {
		char *t = text_squeeze(s, n);
		xmlAddChild(e, xmlNewText(BAD_CAST t));
		free(t);
	}
	return e;
}

static void
append_text(xmlNodePtr e, const char *s, size_t n)
{
	char *t = text_squeeze(s, n);
	if (*t) {
		xmlChar *old = xmlNodeGetContent(e);
		if (old && *old)
			xmlNodeAddContent(e, BAD_CAST " ");
		xmlFree(old);
		xmlNodeAddContent(e, BAD_CAST t);
	}
	free(t);
}

static void
set_attr(xmlNodePtr e, const char *name, const char *v)
{
	if (v && *v)
		xmlSetProp(e, BAD_CAST name, BAD_CAST v);
}

/* ---- meta ---- */

static void
meta_symbol(parser *p, const char *s, size_t n, unsigned line, unsigned col)
{
	if (parse_child(p->meta, "symbol"))
		return;
	xmlNodePtr e = el(p, p->meta, "symbol", line, col, s, n);
	char *t = text_squeeze(s, n);
	norm_symbol y;
	if (norm_symbol_parse(t, &y, NULL)) {
		set_attr(e, "number", y.number);
		set_attr(e, "type", y.type);
		set_attr(e, "issuer", y.issuer);
		set_attr(e, "year", y.year);
		set_attr(e, "shape", y.shape);
		set_attr(e, "canonical", y.canonical);
		if (!p->format && y.shape)
			p->format = strcmp(y.shape, "party") == 0 ? "party" : "state";
	}
	free(t);
}

/* The date's @iso, or date-invalid for a date that cannot be (ngày 31 tháng 2). */
static void
date_value(parser *p, xmlNodePtr e, const char *ds)
{
	char iso[11];
	int r = norm_date_read(ds, strlen(ds), iso, NULL, NULL);
	if (r > 0)
		set_attr(e, "iso", iso);
	else if (r < 0) {
		diag_emit(p->d, D_DATE_INVALID, parse_line(e), parse_col(e), ds);
		p->date_invalid = 1;
	}
}

static void
meta_date(parser *p, const char *s, size_t n, unsigned line, unsigned col, int with_place)
{
	if (parse_child(p->meta, "date"))
		return;
	char *t = text_squeeze(s, n);
	const char *comma = with_place ? strchr(t, ',') : NULL;
	const char *ds = t;
	unsigned dcol = col;
	if (comma) {
		el(p, p->meta, "place", line, col, t, (size_t)(comma - t));
		ds = comma + 1;
		while (*ds == ' ')
			ds++;
		dcol = col + (unsigned)utf8_chars(t, (size_t)(ds - t));
	}
	xmlNodePtr e = el(p, p->meta, "date", line, dcol, ds, strlen(ds));
	date_value(p, e, ds);
	free(t);
}

/* ---- citations: parents (implements) and the rest (cites), read by cite.c ---- */

/* Where a citation stands in the source: the block's joined text lost the line breaks, so
 * look for its symbol in the lines from the block's first line on, then step back over the
 * kind word ("Nghị quyết số ") when it is on the same line. */
static void
source_pos(parser *p, unsigned from_line, const char *sym, size_t n, const char *lead, size_t ln_lead,
    unsigned *line, unsigned *col)
{
	for (unsigned l = from_line; l >= 1 && l <= p->src->nlines && l < from_line + 60; l++) {
		const apc_line *ln = &p->src->lines[l - 1];
		for (size_t k = 0; n && k + n <= ln->len; k++)
			if (memcmp(ln->s + k, sym, n) == 0) {
				*line = l;
				if (ln_lead <= k && memcmp(ln->s + k - ln_lead, lead, ln_lead) == 0)
					k -= ln_lead;
				*col = 1 + (unsigned)utf8_chars(ln->s, k);
				return;
			}
	}
}

static xmlNodePtr
cited(parser *p, const char *name, const char *ref)
{
	for (xmlNodePtr c = p->root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, name) != 0)
			continue;
		xmlChar *r = xmlGetProp(c, BAD_CAST "ref");
		int same = r && strcmp((const char *)r, ref) == 0;
		xmlFree(r);
		if (same)
			return c;
	}
	return NULL;
}

/* Every citation in a block of text that starts at line:col: a parent becomes implements, the
 * rest cites with its role. A second citation of the same document fills what the first
 * lacked (its date, its issuer). */
static void
read_citations(parser *p, const char *text, cite_where where, unsigned line, unsigned col)
{
	cite_list l = { 0 };
	xmlNodePtr sym = parse_child(p->meta, "symbol");
	xmlChar *own = sym ? xmlGetProp(sym, BAD_CAST "canonical") : NULL;
	cite_scan(text, strlen(text), where, (const char *)own, &l);
	xmlFree(own);
	for (size_t i = 0; i < l.n; i++) {
		const cite *c = &l.v[i];
		if (!c->sym.canonical[0])
			continue;
		const char *name = c->role == CITE_PARENT ? "implements" : "cites";
		xmlNodePtr e = cited(p, "implements", c->sym.canonical);
		if (!e && c->role != CITE_PARENT)
			e = cited(p, "cites", c->sym.canonical);
		if (!e) {
			unsigned l0 = line, c0 = col + (unsigned)utf8_chars(text, c->sym_at);
			source_pos(p, line, text + c->sym_at, c->sym_len, text + c->at, c->sym_at - c->at, &l0, &c0);
			e = el(p, p->root, name, l0, c0, text + c->at, c->end - c->at);
			set_attr(e, "ref", c->sym.canonical);
			set_attr(e, "kind", c->kind);
			if (c->role != CITE_PARENT)
				set_attr(e, "role", cite_role_name(c->role));
		}
		if (c->iso[0] && !xmlHasProp(e, BAD_CAST "date"))
			set_attr(e, "date", c->iso);
		if (c->date_invalid) {
			char *d = xstrndup(text + c->date_at, c->date_len);
			unsigned l0 = line, c0 = col;
			source_pos(p, line, text + c->sym_at, c->sym_len, NULL, 0, &l0, &c0);
			diag_emit(p->d, D_DATE_INVALID, l0, c0, d);
			free(d);
		}
		if (c->iss_len && !xmlHasProp(e, BAD_CAST "issuer")) {
			char *iss = text_squeeze(text + c->iss_at, c->iss_len);
			set_attr(e, "issuer", iss);
			free(iss);
		}
	}
	cite_list_free(&l);
}

/* ---- body ---- */

static const char *
role_of(const char *s, size_t n)
{
	char *f = norm_fold(s, n);
	const char *r = "other";
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (contains(f, roles[i].words)) {
			r = roles[i].role;
			break;
		}
	free(f);
	return r;
}

static const char *
section_role(parser *p)
{
	xmlChar *r = p->section ? xmlGetProp(p->section, BAD_CAST "role") : NULL;
	const char *role = "other";
	for (size_t i = 0; r && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp((const char *)r, roles[i].role) == 0)
			role = roles[i].role;
	xmlFree(r);
	return role;
}

/* The year of "Đến năm 2030", "Tầm nhìn đến năm 2045", "giai đoạn 2025-2030" (last year). */
static int
horizon_of(const char *s, size_t n)
{
	int year = 0;
	for (size_t i = 0; i + 4 <= n; i++) {
		if ((s[i] == '1' || s[i] == '2') && (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9')) &&
		    s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' &&
		    s[i + 3] >= '0' && s[i + 3] <= '9' && (i + 4 == n || !(s[i + 4] >= '0' && s[i + 4] <= '9'))) {
			int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
			if (y >= 1900 && y <= 2199)
				year = y;
		}
	}
	return year;
}

static void
last_flush(parser *p)
{
	if (p->last && p->last_dirty) {
		xmlNodeSetContent(p->last, NULL);
		xmlAddChild(p->last, xmlNewText(BAD_CAST(p->lasttext.s ? p->lasttext.s : "")));
	}
	p->last_dirty = 0;
}

static void
block_done(parser *p, xmlNodePtr e, int is_title)
{
	last_flush(p);
	p->last = e;
	p->last_is_title = is_title;
	p->blanks = 0;
	p->lasttext.len = 0;
	xmlChar *c = e ? xmlNodeGetContent(e) : NULL;
	sb_adds(&p->lasttext, c ? (const char *)c : "");
	xmlFree(c);
}

/* Join text to the last block, as append_text does to a node. */
static void
last_append(parser *p, const char *s, size_t n)
{
	char *t = text_squeeze(s, n);
	if (*t) {
		if (p->lasttext.len)
			sb_add(&p->lasttext, " ", 1);
		sb_adds(&p->lasttext, t);
		p->last_dirty = 1;
	}
	free(t);
}

static xmlNodePtr
body_container(parser *p)
{
	if (p->container)
		return p->container;
	if (p->section)
		return p->section;
	if (!p->preamble) {
		p->preamble = xmlNewNode(p->ns, BAD_CAST "preamble");
		xmlAddChild(p->root, p->preamble);
	}
	return p->preamble;
}

/* Would text continue the last block? */
static int
continues(parser *p, const char *s, size_t n)
{
	if (!p->last)
		return 0;
	const char *prev = p->lasttext.s ? p->lasttext.s : "";
	int lower = starts_lower(s, n), ends = ends_sentence(prev, p->lasttext.len);
	if (p->last_is_title)
		return lower && !ends;
	if (lower && !ends)
		return 1;
	return p->blanks == 0 && !ends;
}

static xmlNodePtr horizon_block(parser *, const lex_token *, const char *, size_t);

static void
body_text(parser *p, const lex_token *t, const char *s, size_t n)
{
	if (continues(p, s, n)) {
		last_append(p, s, n);
		p->blanks = 0;
		/* a numbered line wrapped by the PDF turned out to be a sentence, not a heading */
		if (p->last_is_title && strcmp((const char *)p->last->parent->name, "mission") != 0) {
			const char *c = p->lasttext.s;
			size_t cl = p->lasttext.len;
			if (ends_sentence(c, cl) &&
			    (utf8_chars(c, cl) > 120 || strcmp(section_role(p), "organisation") == 0)) {
				xmlNodeSetName(p->last, BAD_CAST "p");
				p->last_is_title = 0;
			}
		}
		return;
	}
	xmlNodePtr e = horizon_block(p, t, s, n);
	if (e == NULL)
		e = el(p, body_container(p), "p", t->line, t->col, s, n);
	block_done(p, e, 0);
}

static void
body_roman(parser *p, const lex_token *t)
{
	p->section = el(p, p->root, "section", t->line, t->col, NULL, 0);
	set_attr(p->section, "n", t->mark);
	xmlSetProp(p->section, BAD_CAST "role", BAD_CAST role_of(t->s, t->len));
	xmlNodePtr h = el(p, p->section, "title", t->line, t->col, t->s, t->len);
	p->l1 = p->l2 = p->container = NULL;
	p->section_level = t->level;   /* 0 for "I.", 1 for "1. MỤC TIÊU" */
	block_done(p, h, 1);
}

/* "1. Mục tiêu chung: Tập trung ..." -> title "Mục tiêu chung", text "Tập trung ...".
 * A long numbered sentence has no title: all of it is text. Returns the title length. */
static size_t
split_heading(const char *s, size_t n, const char **body, int prose)
{
	const char *colon = memchr(s, ':', n);
	*body = NULL;
	if (colon && utf8_chars(s, (size_t)(colon - s)) <= 60 && (size_t)(colon - s) + 2 < n) {
		*body = colon + 1;
		return (size_t)(colon - s);
	}
	if (n > 220 || (ends_sentence(s, n) && (prose || utf8_chars(s, n) > 120))) {
		*body = s;
		return 0;
	}
	return n;
}

static void
body_number(parser *p, const lex_token *t)
{
	if (!p->section) {
		char *raw = xasprintf("%s. %.*s", t->mark, (int)t->len, t->s);
		body_text(p, t, raw, strlen(raw));
		free(raw);
		return;
	}
	const char *role = section_role(p);
	const char *body;
	/* under "1. MỤC TIÊU", "1.1." is the first level */
	lex_token rel = *t;
	if (p->section_level > 0 && t->level > p->section_level)
		rel.level = t->level - p->section_level;
	t = &rel;
	size_t tl = split_heading(t->s, t->len, &body, strcmp(role, "missions") != 0);
	xmlNodePtr parent = t->level == 1 || !p->l1 ? p->section : p->l1;
	if (t->level > 2 && p->l2)
		parent = p->l2;
	const char *name = "subsection";
	int is_obj = strcmp(role, "objectives") == 0;
	if (is_obj && (strcmp((const char *)parent->name, "section") == 0 || strcmp((const char *)parent->name, "objective") == 0))
		name = "objective";
	else if (strcmp(role, "missions") == 0 && t->level == 1)
		name = "mission";
	if (strcmp(name, "mission") == 0 && tl == 0)
		tl = t->len, body = NULL;      /* a mission always has a title */
	xmlNodePtr e = el(p, parent, name, t->line, t->col, NULL, 0);
	set_attr(e, "n", t->mark);
	if (strcmp(name, "objective") == 0) {
		char *f = norm_fold(t->s, tl ? tl : t->len);
		int general = contains(f, "chung") && !contains(f, "cụ thể");
		xmlSetProp(e, BAD_CAST "kind", BAD_CAST(general ? "general" : "specific"));
		int y = general ? 0 : horizon_of(t->s, tl ? tl : t->len);
		if (y) {
			char b[8];
			snprintf(b, sizeof b, "%d", y);
			set_attr(e, "horizon", b);
			if (contains(f, "tầm nhìn"))
				set_attr(e, "vision", "true");
		}
		free(f);
	}
	xmlNodePtr h = NULL;
	if (tl)
		h = el(p, e, "title", t->line, t->col, t->s, tl);
	if (t->level == 1 || !p->l1) {
		p->l1 = e;
		p->l2 = NULL;
	} else
		p->l2 = e;
	p->container = e;
	if (body) {
		while (*body == ' ' || *body == ':')
			body++;
		size_t bl = (size_t)(t->s + t->len - body);
		xmlNodePtr b = el(p, e, "p", t->line, t->col + (unsigned)utf8_chars(t->s, (size_t)(body - t->s)), body, bl);
		block_done(p, b, 0);
	} else
		block_done(p, h, 1);
}

/* "Đến năm 2030: ...", "Tầm nhìn đến năm 2045, ...": an objective stated as a bullet or a
 * paragraph of the objectives section, not under a numbered heading. Returns the objective
 * made (holding the text as its p), or NULL. */
static xmlNodePtr
horizon_block(parser *p, const lex_token *t, const char *s, size_t n)
{
	if (strcmp(section_role(p), "objectives") != 0 || n < 12)
		return NULL;
	xmlNodePtr parent = body_container(p);
	if (strcmp((const char *)parent->name, "section") != 0 && strcmp((const char *)parent->name, "objective") != 0)
		return NULL;
	size_t head = n < 48 ? n : 48;
	char *f = norm_fold(s, head);
	int lead = strncmp(f, "đến năm ", 9) == 0 || strncmp(f, "tầm nhìn đến năm ", 20) == 0 ||
	    strncmp(f, "mục tiêu đến năm ", 20) == 0 || strncmp(f, "giai đoạn ", 11) == 0;
	int vision = strncmp(f, "tầm nhìn", 9) == 0;
	free(f);
	int y = lead ? horizon_of(s, head) : 0;
	if (!y)
		return NULL;
	xmlNodePtr e = el(p, parent, "objective", t->line, t->col, NULL, 0);
	if (t->mark[0] && t->cls == LX_LETTER)
		set_attr(e, "n", t->mark);
	xmlSetProp(e, BAD_CAST "kind", BAD_CAST "specific");
	char b[8];
	snprintf(b, sizeof b, "%d", y);
	set_attr(e, "horizon", b);
	if (vision)
		set_attr(e, "vision", "true");
	return el(p, e, "p", t->line, t->col, s, n);
}

static void
body_item(parser *p, const lex_token *t)
{
	xmlNodePtr h = horizon_block(p, t, t->s, t->len);
	if (h) {
		block_done(p, h, 0);
		return;
	}
	xmlNodePtr e = el(p, body_container(p), "item", t->line, t->col, t->s, t->len);
	if (t->cls == LX_LETTER)
		set_attr(e, "n", t->mark);
	else
		set_attr(e, "mark", t->mark);
	block_done(p, e, 0);
}

/* ---- end: recipients and signature ---- */

static int
looks_like_name(const char *s, size_t n)
{
	if (n == 0 || n > 60)
		return 0;
	int words = 0;
	for (size_t i = 0; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') || strchr(",;:()/", s[i]))
			return 0;
		if (i == 0 || s[i - 1] == ' ') {
			words++;
			utf8proc_int32_t cp = first_cp(s + i, n - i);
			if (cp < 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
				return 0;
		}
	}
	return words >= 2 && words <= 7;
}

static void
end_signature(parser *p, const lex_token *t)
{
	if (!p->signature) {
		p->signature = xmlNewNode(p->ns, BAD_CAST "signature");
		pos(p, p->signature, t->line, t->col);
		/* signature goes before recipients and appendices, whatever the source order */
		if (p->recipients)
			xmlAddPrevSibling(p->recipients, p->signature);
		else
			xmlAddChild(p->root, p->signature);
	}
	if (t->cls == LX_SIGN_ROLE) {
		if (!parse_child(p->signature, "title"))
			el(p, p->signature, "role", t->line, t->col, t->s, t->len);
	} else if (!parse_child(p->signature, "title"))
		el(p, p->signature, "title", t->line, t->col, t->s, t->len);
	p->sig_state = 1;
}

/* A line in the end zone: a recipient (bullets always are), the signer's name, or noise. */
static void
end_text(parser *p, const lex_token *t, const char *s, size_t n)
{
	int bullet = t->cls == LX_BULLET;
	if (!bullet && n && (s[0] == '(' || s[0] == '['))
		return;   /* "(Đã ký)", "[daky]", "(để báo cáo)" alone */
	if (!bullet && p->sig_state == 1 && looks_like_name(s, n)) {
		el(p, p->signature, "name", t->line, t->col, s, n);
		p->sig_state = 2;
		return;
	}
	if (p->recipients && (bullet || (p->sig_state == 0 && utf8_chars(s, n) <= 200))) {
		const char *r = s;
		size_t rn = n;
		while (rn && strchr(",;.", r[rn - 1]))
			rn--;
		if (rn)
			el(p, p->recipients, "recipient", t->line, t->col, r, rn);
	}
}

static void
end_recipients(parser *p, const lex_token *t)
{
	if (!p->recipients) {
		p->recipients = el(p, p->root, "recipients", t->line, t->col, NULL, 0);
		p->sig_state = 0;
	}
	if (t->len)
		end_text(p, t, t->s, t->len);
}

/* ---- appendix ---- */

static enum colkey
colkey_of(const char *s, size_t n)
{
	char *f = norm_fold(s, n);
	enum colkey k = K_OTHER;
	for (size_t i = 0; i < sizeof colheads / sizeof colheads[0]; i++) {
		const char *w = colheads[i].words;
		if (colheads[i].key == K_NUMBER ? strcmp(f, w) == 0 : contains(f, w)) {
			k = colheads[i].key;
			break;
		}
	}
	free(f);
	return k;
}

static void
appx_open(parser *p, const lex_token *t, const char *title, size_t tn)
{
	p->appendix = el(p, p->root, "appendix", t->line, t->col, NULL, 0);
	if (t->mark[0])
		set_attr(p->appendix, "n", t->mark);
	el(p, p->appendix, "title", t->line, t->col, title, tn);
	p->subtitle = p->group = p->columns = NULL;
	p->ncols = 0;
	p->mode = M_APPX;
}

static void
appx_columns(parser *p, const lex_token *t)
{
	p->columns = el(p, p->appendix, "columns", t->line, t->col, NULL, 0);
	p->body_rows = 0;
	p->ncols = t->ncells < MAX_COLS ? t->ncells : MAX_COLS;
	if (t->ncells > MAX_COLS)
		diag_emit(p->d, D_LIMIT_EXCEEDED, t->line, t->cells[MAX_COLS].col,
		    "bảng có hơn 32 cột: các cột sau bị bỏ qua", "a table with more than 32 columns: the rest are ignored");
	int seen[K_OTHER + 1] = {0};
	for (size_t i = 0; i < p->ncols; i++) {
		enum colkey k = colkey_of(t->cells[i].s, t->cells[i].len);
		if (k != K_OTHER && seen[k]++)
			k = K_OTHER;        /* a second "thời gian" column is just another column */
		p->keys[i] = k;
		xmlNodePtr c = xmlNewNode(p->ns, BAD_CAST "column");
		xmlAddChild(p->columns, c);
		pos(p, c, t->line, t->cells[i].col);
		xmlSetProp(c, BAD_CAST "key", BAD_CAST colkey_name[k]);
		char *txt = text_squeeze(t->cells[i].s, t->cells[i].len);
		xmlAddChild(c, xmlNewText(BAD_CAST txt));
		free(txt);
	}
	if (!seen[K_NUMBER] && p->ncols)
		p->keys[0] = K_NUMBER;  /* the first column numbers the rows, whatever its header */
	static const struct { enum colkey k; const char *vi; } need[] = {
		{ K_TASK, "nhiệm vụ (nội dung)" }, { K_LEAD, "cơ quan chủ trì" }, { K_TIMELINE, "thời gian" },
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!seen[need[i].k])
			diag_emit(p->d, D_TABLE_COLUMNS, t->line, 1, need[i].vi, need[i].vi);
}

/* Index of the first column with key k, or -1. */
static int
colidx(parser *p, enum colkey k)
{
	for (size_t i = 0; i < p->ncols; i++)
		if (p->keys[i] == k)
			return (int)i;
	return -1;
}

/* library_agency_find through the parser's memo (the last text seen in each slot). */
static const library_agency *
agency_lookup(parser *p, const char *s, size_t n)
{
	size_t h = 14695981039346656037ULL & (size_t)-1;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ULL;
	struct agency_memo *m = &p->memo[h % (sizeof p->memo / sizeof p->memo[0])];
	if (m->text && strlen(m->text) == n && memcmp(m->text, s, n) == 0)
		return m->ag;
	free(m->text);
	m->text = xstrndup(s, n);
	m->ag = library_agency_find(p->lib, s, n);
	return m->ag;
}

/* Split an agency list s[0..n) on sep: each part, trimmed, goes to fn. Returns the number of
 * parts, and in *known how many of them the registry knows. emit: make the elements. */
static size_t
agency_parts(parser *p, xmlNodePtr task, const char *name, const char *s, size_t n, const char *sep,
    unsigned line, unsigned col, int emit, size_t *known)
{
	size_t sl = strlen(sep), parts = 0;
	const char *q = s, *e = s + n;
	*known = 0;
	while (q < e) {
		const char *x = NULL;
		for (const char *r = q; r + sl <= e && !x; r++)
			if (memcmp(r, sep, sl) == 0)
				x = r;
		const char *ps = q, *pe = x ? x : e;
		q = x ? x + sl : e;
		while (ps < pe && (*ps == ' ' || *ps == '-' || *ps == '+'))
			ps++;
		while (pe > ps && strchr(" .,;", pe[-1]))
			pe--;
		if (ps == pe)
			continue;
		parts++;
		const library_agency *g = agency_lookup(p, ps, (size_t)(pe - ps));
		*known += g != NULL;
		if (emit) {
			xmlNodePtr ae = el(p, task, name, line, col + (unsigned)utf8_chars(s, (size_t)(ps - s)), ps, (size_t)(pe - ps));
			set_attr(ae, "ref", g ? g->id : NULL);
		}
	}
	return parts;
}

/* An agency cell: parts on ';' (and for leads on ',' or " và " when every part is a known
 * agency and the whole is not: "Sở Y tế, Sở Tài chính" are two leads). */
static void
agencies(parser *p, xmlNodePtr task, const char *name, const char *s, unsigned line, unsigned col, int lead)
{
	size_t n = strlen(s), start = 0, known;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != ';')
			continue;
		const char *a = s + start;
		size_t an = i - start;
		unsigned acol = col + (unsigned)utf8_chars(s, start);
		start = i + 1;
		const char *sep = ";";
		if (lead && agency_parts(p, task, name, a, an, ";", line, acol, 0, &known) == 1 && known == 0) {
			static const char *const seps[] = { ",", " và " };
			for (size_t k = 0; k < 2; k++) {
				size_t parts = agency_parts(p, task, name, a, an, seps[k], line, acol, 0, &known);
				if (parts >= 2 && known == parts) {
					sep = seps[k];
					break;
				}
			}
		}
		agency_parts(p, task, name, a, an, sep, line, acol, 1, &known);
	}
}

static void
row_flush(parser *p)
{
	pending *r = &p->row;
	if (!r->active)
		return;
	if (r->active == 2) {
		int ti = colidx(p, K_TASK);
		strbuf title = {0};
		for (size_t i = 0; i < p->ncols; i++)
			if ((int)i == ti || (ti < 0 && p->keys[i] != K_NUMBER))
				if (r->cell[i].len) {
					if (title.len)
						sb_add(&title, " ", 1);
					sb_add(&title, r->cell[i].s, r->cell[i].len);
				}
		p->group = el(p, p->appendix, "group", r->line, r->col, NULL, 0);
		set_attr(p->group, "n", r->n);
		unsigned tl = ti >= 0 ? r->cline[ti] : r->line, tc = ti >= 0 ? r->ccol[ti] : r->col;
		el(p, p->group, "title", tl ? tl : r->line, tc ? tc : r->col, title.s ? title.s : "", title.len);
		free(title.s);
	} else {
		xmlNodePtr task = el(p, p->group ? p->group : p->appendix, "task", r->line, r->col, NULL, 0);
		set_attr(task, "n", r->n);
		int ti = colidx(p, K_TASK);
		if (ti >= 0)
			el(p, task, "text", r->cline[ti] ? r->cline[ti] : r->line, r->ccol[ti] ? r->ccol[ti] : r->col,
			    r->cell[ti].s ? r->cell[ti].s : "", r->cell[ti].len);
		else
			el(p, task, "text", r->line, r->col, "", 0);
		for (size_t i = 0; i < p->ncols; i++) {
			if (p->keys[i] == K_LEAD && r->cell[i].len)
				agencies(p, task, "lead", r->cell[i].s, r->cline[i], r->ccol[i], 1);
		}
		for (size_t i = 0; i < p->ncols; i++)
			if (p->keys[i] == K_PARTNER && r->cell[i].len)
				agencies(p, task, "partner", r->cell[i].s, r->cline[i], r->ccol[i], 0);
		int tli = colidx(p, K_TIMELINE);
		if (tli >= 0 && r->cell[tli].len) {
			xmlNodePtr tl = el(p, task, "timeline", r->cline[tli], r->ccol[tli], r->cell[tli].s, r->cell[tli].len);
			char *txt = text_squeeze(r->cell[tli].s, r->cell[tli].len);
			norm_timeline nt;
			if (norm_timeline_parse(txt, &nt)) {
				set_attr(tl, "start", nt.start);
				set_attr(tl, "end", nt.end);
				set_attr(tl, "recurrence", nt.recurrence);
			}
			free(txt);
		}
		xmlNodePtr cols = p->columns ? p->columns->children : NULL;
		for (size_t i = 0; i < p->ncols; i++, cols = cols ? cols->next : NULL) {
			enum colkey k = p->keys[i];
			if ((k == K_PRODUCT || k == K_NOTE || k == K_OTHER) && r->cell[i].len) {
				xmlNodePtr c = el(p, task, "cell", r->cline[i], r->ccol[i], r->cell[i].s, r->cell[i].len);
				xmlSetProp(c, BAD_CAST "key", BAD_CAST colkey_name[k]);
				if (cols) {
					xmlChar *h = xmlNodeGetContent(cols);
					set_attr(c, "header", (const char *)h);
					xmlFree(h);
				}
			}
		}
	}
	for (size_t i = 0; i < MAX_COLS; i++)
		free(r->cell[i].s);
	memset(r, 0, sizeof *r);
}

static int
is_task_number(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || n > 12)
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	return i == n && s[0] >= '0' && s[0] <= '9';
}

static void
appx_row(parser *p, const lex_token *t)
{
	if (p->nrows++ >= MAX_ROWS) {
		if (!p->limit_reported++)
			diag_emit(p->d, D_LIMIT_EXCEEDED, t->line, 1, "bảng có hơn 20000 dòng", "more than 20000 table rows");
		return;
	}
	if (!p->columns) {
		/* rows before any header: take the usual five columns */
		static const enum colkey dflt[] = { K_NUMBER, K_TASK, K_LEAD, K_PARTNER, K_TIMELINE };
		p->ncols = t->ncells < 5 ? t->ncells : 5;
		memcpy(p->keys, dflt, p->ncols * sizeof *dflt);
	}
	size_t nc = t->ncells < p->ncols ? t->ncells : p->ncols;
	int ni = colidx(p, K_NUMBER);
	if (ni < 0)
		ni = 0;
	const lex_cell *num = (size_t)ni < t->ncells ? &t->cells[ni] : NULL;
	int others_empty = 1;
	for (size_t i = 0; i < nc; i++) {
		enum colkey k = p->keys[i];
		if ((int)i != ni && k != K_TASK && t->cells[i].len)
			others_empty = 0;
	}
	const char *ns = num ? num->s : "";
	size_t nn = num ? num->len : 0;
	while (nn && (ns[nn - 1] == '.' || ns[nn - 1] == ')'))
		nn--;
	/* Right under a header row, a row with no number continues the header: its wrapped
	 * cells ("Thời gian/ lộ" over "trình thực hiện"), or a second header row under a merged
	 * cell ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"). Under a repeated header it is
	 * dropped with the repeat. */
	if (nn == 0 && p->after_header && p->body_rows > 0) {
		/* under a repeat: the same wrapped header text is dropped; anything else is the
		 * continuation of the row the page break cut */
		char *txt = text_squeeze(t->s, t->len);
		int same = p->hdr_tail && strcmp(txt, p->hdr_tail) == 0;
		free(txt);
		if (same)
			return;
	} else if (nn == 0 && p->after_header && p->columns && !p->row.active) {
		free(p->hdr_tail);
		p->hdr_tail = text_squeeze(t->s, t->len);
		xmlNodePtr col = p->columns->children;
		for (size_t i = 0; i < nc; i++, col = col ? col->next : NULL) {
			enum colkey k = t->cells[i].len ? colkey_of(t->cells[i].s, t->cells[i].len) : K_OTHER;
			if (k != K_OTHER && k != K_NUMBER && colidx(p, k) < 0) {
				p->keys[i] = k;
				if (col)
					xmlSetProp(col, BAD_CAST "key", BAD_CAST colkey_name[k]);
			}
			if (col && t->cells[i].len)
				append_text(col, t->cells[i].s, t->cells[i].len);
		}
		return;
	}
	/* "I. Tuyên truyền ...": a group whose title shares the first cell with its numeral */
	size_t rl = 0;
	while (rl < nn && strchr("IVXLC", ns[rl]))
		rl++;
	const char *inline_title = NULL;
	if (rl && rl + 1 < nn && strchr(".-)", ns[rl]) && norm_roman(ns, rl) > 0 && others_empty) {
		inline_title = ns + rl + 1;
		while (*inline_title == ' ' || *inline_title == '-')
			inline_title++;
		nn = rl;
	}
	int kind = 0;   /* 1 task, 2 group, 3 continuation */
	if (nn == 0)
		kind = 3;
	else if (norm_roman(ns, nn) > 0 && others_empty)
		kind = 2;
	else if (nn == 1 && ns[0] >= 'A' && ns[0] <= 'H' && others_empty)
		kind = 2;
	else if (is_task_number(ns, nn))
		kind = 1;
	else if (nn <= 3 && ns[0] >= 'a' && ns[0] <= 'z')
		kind = 1;  /* a), b): sub-tasks */
	if (kind == 3 && !p->row.active) {
		char *txt = text_squeeze(t->s, t->len);
		if (*txt)
			diag_emit(p->d, D_TABLE_ROW_MALFORMED, t->line, 1, txt, txt);
		free(txt);
		return;
	}
	if (kind == 0) {
		char *txt = text_squeeze(ns, nn);
		diag_emit(p->d, D_TABLE_ROW_MALFORMED, t->line, num ? num->col : 1, txt, txt);
		free(txt);
		return;
	}
	if (kind != 3) {
		row_flush(p);
		p->row.active = kind == 2 ? 2 : 1;
		p->row.line = t->line;
		p->row.col = num ? num->col : 1;
		size_t l = nn < sizeof p->row.n - 1 ? nn : sizeof p->row.n - 1;
		memcpy(p->row.n, ns, l);
		p->row.n[l] = '\0';
		p->body_rows++;
		if (inline_title) {
			int ti = colidx(p, K_TASK);
			size_t c = ti >= 0 ? (size_t)ti : 1;
			if (c < MAX_COLS) {
				p->row.cline[c] = t->line;
				p->row.ccol[c] = num->col + (unsigned)utf8_chars(num->s, (size_t)(inline_title - num->s));
				sb_add(&p->row.cell[c], inline_title, (size_t)(num->s + num->len - inline_title));
			}
		}
	}
	for (size_t i = 0; i < nc; i++) {
		if ((int)i == ni || t->cells[i].len == 0)
			continue;
		strbuf *b = &p->row.cell[i];
		if (b->len)
			sb_add(b, " ", 1);
		else {
			p->row.cline[i] = t->line;
			p->row.ccol[i] = t->cells[i].col;
		}
		sb_add(b, t->cells[i].s, t->cells[i].len);
	}
}

static void
appx_attached(parser *p, const lex_token *t)
{
	char *txt = text_squeeze(t->s, t->len);
	xmlNodePtr e = el(p, p->appendix, "attached", t->line, t->col, txt, strlen(txt));
	/* the symbol: the first token after "số" */
	char *f = txt;
	const char *so = NULL;
	for (const char *q = f; *q; q++)
		if ((q == f || q[-1] == ' ') && (strncmp(q, "số ", 4) == 0 || strncmp(q, "Số ", 4) == 0)) {
			so = q + 4;
			break;
		}
	norm_symbol y;
	size_t used = 0;
	if (so && norm_symbol_parse(so, &y, &used)) {
		set_attr(e, "symbol", y.canonical);
		if (!parse_child(p->meta, "symbol") && !p->attached) {
			p->attached = t;
			meta_symbol(p, so, used, t->line, t->col + (unsigned)utf8_chars(txt, (size_t)(so - txt)));
		}
	}
	char iso[11];
	size_t at, end;
	if (norm_date_find(txt, strlen(txt), iso, &at, &end)) {
		set_attr(e, "date", iso);
		if (!parse_child(p->meta, "date")) {
			xmlNodePtr d = el(p, p->meta, "date", t->line, t->col + (unsigned)utf8_chars(txt, at), txt + at, end - at);
			set_attr(d, "iso", iso);
			p->attached = t;
		}
	}
	free(txt);
}

/* ---- the opening, from header.c ---- */

/* Compare a header fact with the site's metadata: warn when they disagree. */
static void
witness(parser *p, const char *what, const header_fact *h, const char *hv, const header_fact *m, const char *mv)
{
	if (h->text && m->text && hv && mv && strcmp(hv, mv) != 0)
		diag_emit(p->d, D_METADATA_MISMATCH, m->line, m->col, what, m->text, h->text, h->line);
}

static void
apply_header(parser *p)
{
	header *h = &p->hdr;
	char iso_h[11] = "", iso_m[11] = "";
	if (h->found) {
		if (h->format)
			p->format = h->format;
		for (int i = 0; i < h->nissuer; i++) {
			if (i == 0) {
				p->issuer_line = h->issuer[i].line;
				p->issuer_col = h->issuer[i].col;
			}
			sb_adds(&p->issuer[p->nissuer++], h->issuer[i].text);
		}
		if (h->symbol.text)
			meta_symbol(p, h->symbol.text, strlen(h->symbol.text), h->symbol.line, h->symbol.col);
		if (h->place.text)
			el(p, p->meta, "place", h->place.line, h->place.col, h->place.text, strlen(h->place.text));
		if (h->date.text) {
			xmlNodePtr e = el(p, p->meta, "date", h->date.line, h->date.col, h->date.text, strlen(h->date.text));
			date_value(p, e, h->date.text);
		}
	}
	/* the site's metadata: a second witness, used where the header lacks a fact */
	if (h->m_symbol.text && !h->symbol.text)
		meta_symbol(p, h->m_symbol.text, strlen(h->m_symbol.text), h->m_symbol.line, h->m_symbol.col);
	if (h->m_date.text && !h->date.text) {
		xmlNodePtr e = el(p, p->meta, "date", h->m_date.line, h->m_date.col, h->m_date.text, strlen(h->m_date.text));
		date_value(p, e, h->m_date.text);
	}
	if (h->symbol.text && h->m_symbol.text) {
		norm_symbol a, b;
		if (norm_symbol_parse(h->symbol.text, &a, NULL) && norm_symbol_parse(h->m_symbol.text, &b, NULL))
			witness(p, "số, ký hiệu / symbol", &h->symbol, a.canonical, &h->m_symbol, b.canonical);
	}
	if (h->date.text && h->m_date.text && norm_date_read(h->date.text, strlen(h->date.text), iso_h, NULL, NULL) > 0 &&
	    norm_date_read(h->m_date.text, strlen(h->m_date.text), iso_m, NULL, NULL) > 0)
		witness(p, "ngày ban hành / date of issue", &h->date, iso_h, &h->m_date, iso_m);
}

/* ---- the machine ---- */

static void
header_token(parser *p, const lex_token *t)
{
	switch (t->cls) {
	case LX_NATIONAL:
		if (!p->format)
			p->format = strstr(t->s, "CỘNG HÒA") || strstr(t->s, "CỘNG HOÀ") || strstr(t->s, "Độc lập") ? "state" : "party";
		break;
	case LX_SYMBOL:
		meta_symbol(p, t->s, t->len, t->line, t->col);
		break;
	case LX_PLACE_DATE:
		meta_date(p, t->s, t->len, t->line, t->col, 1);
		break;
	case LX_TEXT:
		if (!p->hdr.found && p->nissuer < 4 && !parse_child(p->meta, "symbol")) {
			if (p->nissuer == 0) {
				p->issuer_line = t->line;
				p->issuer_col = t->col;
			}
			sb_add(&p->issuer[p->nissuer++], t->s, t->len);
		}
		break;
	default:
		break;
	}
}

/* Centrally-run cities: their people's committee is "của thành phố", not "của tỉnh". */
static const char *const cities[] = {
	"hà nội", "hồ chí minh", "thành phố hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế",
};

/*
 * A header cell that names the body but not its place ("ỦY BAN NHÂN DÂN" alone, as some sites
 * keep it): the full name takes the province from the place line (Nghị định 30/2020/NĐ-CP:
 * a provincial body's place is its province's name) or from the site's metadata.
 */
static void
issuer_name(parser *p, xmlNodePtr e, const char *s, size_t n)
{
	static const char *const generic[] = { "ủy ban nhân dân", "hội đồng nhân dân", "ubnd", "hđnd" };
	char *f = norm_fold(s, n);
	int is_generic = 0;
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		is_generic |= strcmp(f, generic[i]) == 0;
	free(f);
	if (!is_generic)
		return;
	const char *place = p->hdr.place.text;
	char *name = NULL;
	if (place) {
		char *pf = norm_fold(place, strlen(place));
		int city = 0;
		for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++)
			city |= strcmp(pf, cities[i]) == 0;
		free(pf);
		name = xasprintf("%.*s %s %s", (int)n, s, city ? "thành phố" : "tỉnh", place);
	} else if (p->hdr.m_issuer.text)
		name = xasprintf("%.*s %s", (int)n, s, p->hdr.m_issuer.text);
	if (name)
		set_attr(e, "name", name);
	free(name);
}

static void
finish_header(parser *p)
{
	if (p->nissuer == 0)
		return;
	/* Party: "ĐẢNG BỘ TỈNH X" above "TỈNH ỦY"; state: "ỦY BAN NHÂN DÂN" + "TỈNH X" read as one. */
	int party = p->format && strcmp(p->format, "party") == 0;
	int first = 0;
	if (p->nissuer >= 2 && party) {
		el(p, p->meta, "superior", p->issuer_line, p->issuer_col, p->issuer[0].s, p->issuer[0].len);
		first = 1;
	}
	strbuf b = {0};
	for (int i = first; i < p->nissuer; i++) {
		if (b.len)
			sb_add(&b, " ", 1);
		sb_add(&b, p->issuer[i].s, p->issuer[i].len);
	}
	xmlNodePtr e = el(p, p->meta, "issuer", p->issuer_line, p->issuer_col, b.s, b.len);
	const library_agency *a = library_agency_find(p->lib, b.s, b.len);
	if (a)
		set_attr(e, "ref", a->id);
	issuer_name(p, e, b.s, b.len);
	free(b.s);
}

static void
title_done(parser *p)
{
	if (p->title.len) {
		xmlNodePtr e = el(p, p->meta, "title", p->title_tok->line, p->title_col, p->title.s, p->title.len);
		char *t = text_squeeze(p->title.s, p->title.len);
		read_citations(p, t, CITE_IN_TITLE, parse_line(e), parse_col(e));
		free(t);
	}
	p->mode = M_BODY;
}

static size_t
words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return w;
}

static int is_preamble_start(const char *, size_t);

/*
 * The line naming who decides, between a decision's title and its preamble: "CHÍNH PHỦ",
 * "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "BỘ TRƯỞNG BỘ ...". In capitals, short, the issuer or an
 * authority's title, and followed by the preamble.
 */
static int
is_authority(parser *p, const lex_token *t)
{
	static const char *const heads[] = {
		"chính phủ", "thủ tướng", "bộ trưởng", "chủ tịch", "ủy ban nhân dân", "hội đồng nhân dân",
		"ban thường vụ", "ban chấp hành", "ban bí thư", "bộ chính trị", "tỉnh ủy", "thành ủy", "giám đốc",
	};
	if (t->cls != LX_TEXT && t->cls != LX_SIGN_TITLE)
		return 0;
	if (utf8_has_lower(t->s, t->len) || words(t->s, t->len) > 12)
		return 0;
	const lex_token *nx = NULL;
	for (size_t i = p->ti + 1; p->toks && i < p->toks->n && !nx; i++)
		if (p->toks->v[i].cls != LX_BLANK && p->toks->v[i].cls != LX_NOISE)
			nx = &p->toks->v[i];
	if (!nx || !is_preamble_start(nx->s, nx->len))
		return 0;
	char *f = norm_fold(t->s, t->len);
	int r = 0;
	for (size_t i = 0; i < sizeof heads / sizeof heads[0] && !r; i++)
		r = strncmp(f, heads[i], strlen(heads[i])) == 0;
	for (int i = 0; i < p->nissuer && !r; i++) {
		char *g = norm_fold(p->issuer[i].s, p->issuer[i].len);
		r = strcmp(f, g) == 0;
		free(g);
	}
	free(f);
	return r;
}

static int
is_preamble_start(const char *s, size_t n)
{
	static const char *const starts[] = { "Thực hiện", "Căn cứ", "Triển khai", "Để", "Nhằm", "Theo đề nghị",
		"Xét đề nghị", "Trên cơ sở" };
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t l = strlen(starts[i]);
		if (n >= l && memcmp(s, starts[i], l) == 0)
			return 1;
	}
	return 0;
}

static void
step(parser *p, const lex_token *t)
{
	/* tokens that change mode wherever they appear */
	switch (t->cls) {
	case LX_APPENDIX:
		if (p->mode == M_TITLE)
			title_done(p);
		row_flush(p);
		appx_open(p, t, t->s, t->len);
		return;
	case LX_TABLE_HEADER:
		if (p->mode != M_APPX) {
			if (p->mode == M_TITLE)
				title_done(p);
			appx_open(p, t, "", 0);
		}
		if (!p->columns)
			appx_columns(p, t);
		p->after_header = 1;    /* a repeat after a page break: dropped */
		return;
	case LX_ROW:
		if (p->mode != M_APPX)
			appx_open(p, t, "", 0);
		appx_row(p, t);
		p->after_header = 0;
		return;
	case LX_BLANK:
	case LX_NOISE:
		break;
	default:
		p->after_header = 0;
		break;
	}

	switch (p->mode) {
	case M_HEADER:
		if (t->cls == LX_KIND) {
			finish_header(p);
			p->kind = t;
			xmlNodePtr k = el(p, p->meta, "kind", t->line, t->col, t->s, t->len);
			(void)k;
			p->mode = M_TITLE;
			return;
		}
		if (t->cls == LX_ROMAN || (t->cls == LX_TEXT && (utf8_has_lower(t->s, t->len) || t->len > 300)) ||
		    t->cls == LX_NUMBER || t->cls == LX_BULLET || t->cls == LX_RECIPIENTS || t->cls == LX_SIGN_ROLE) {
			finish_header(p);
			diag_emit(p->d, D_TITLE_MISSING, t->line, t->col);
			p->mode = M_BODY;
			step(p, t);
			return;
		}
		if (p->hdr.found && t->cls == LX_TEXT && !utf8_has_lower(t->s, t->len) && words(t->s, t->len) >= 3) {
			/* a title in capitals with no type line above it ("THỰC HIỆN QUYẾT ĐỊNH SỐ ...") */
			finish_header(p);
			p->mode = M_TITLE;
			step(p, t);
			return;
		}
		header_token(p, t);
		return;
	case M_TITLE:
		if (t->cls == LX_BLANK || t->cls == LX_NOISE) {
			if (p->title.len)
				title_done(p);
			return;
		}
		if (p->title.len && is_authority(p, t)) {
			title_done(p);   /* "CHÍNH PHỦ" above "Căn cứ...": who decides, not the title */
			return;
		}
		if (p->title.len == 0 && t->cls != LX_ROMAN && t->cls != LX_RECIPIENTS &&
		    !(is_preamble_start(t->s, t->len) && ends_sentence(t->s, t->len) && t->len > 200) &&
		    !(t->len && t->s[t->len - 1] == ':')) {
			p->title_tok = t;
			p->title_col = t->col;
			const apc_line *ln = &p->src->lines[t->line - 1];
			sb_add(&p->title, ln->s, ln->len);
			return;
		}
		if (p->title.len && t->cls != LX_ROMAN && !is_preamble_start(t->s, t->len) && t->line > p->title_tok->line &&
		    t->line - p->title_tok->line < MAX_TITLE_LINES && !ends_sentence(p->title.s, p->title.len)) {
			const apc_line *ln = &p->src->lines[t->line - 1];
			sb_add(&p->title, " ", 1);
			sb_add(&p->title, ln->s, ln->len);
			return;
		}
		title_done(p);
		step(p, t);
		return;
	case M_BODY:
		switch (t->cls) {
		case LX_BLANK:
		case LX_NOISE:
			p->blanks++;
			return;
		case LX_ROMAN:
			body_roman(p, t);
			return;
		case LX_NUMBER:
			body_number(p, t);
			return;
		case LX_LETTER:
		case LX_BULLET:
			if (t->cls == LX_BULLET && p->blanks == 0 && p->last && !p->last_is_title &&
			    starts_lower(t->s, t->len) && continues(p, t->s, t->len)) {
				/* "kinh tế\n- xã hội": a line wrapped before a hyphen, not a bullet */
				const apc_line *ln = &p->src->lines[t->line - 1];
				last_append(p, ln->s, ln->len);
				return;
			}
			body_item(p, t);
			return;
		case LX_RECIPIENTS:
			p->mode = M_END;
			end_recipients(p, t);
			return;
		case LX_SIGN_ROLE:
		case LX_SIGN_TITLE:
			p->mode = M_END;
			end_signature(p, t);
			return;
		default: {
			const apc_line *ln = &p->src->lines[t->line - 1];
			const char *s = t->cls == LX_TEXT ? t->s : ln->s;
			size_t n = t->cls == LX_TEXT ? t->len : ln->len;
			lex_token tt = *t;
			if (t->cls != LX_TEXT)
				tt.col = 1;
			body_text(p, &tt, s, n);
			return;
		}
		}
	case M_END:
		switch (t->cls) {
		case LX_BLANK:
		case LX_NOISE:
			return;
		case LX_RECIPIENTS:
			end_recipients(p, t);
			return;
		case LX_SIGN_ROLE:
		case LX_SIGN_TITLE:
			end_signature(p, t);
			return;
		default:
			end_text(p, t, t->s, t->len);
			return;
		}
	case M_APPX:
		switch (t->cls) {
		case LX_ATTACHED:
			if (!p->columns && !parse_child(p->appendix, "attached"))
				appx_attached(p, t);
			return;
		case LX_TEXT:
		case LX_KIND:
		case LX_NATIONAL:
		case LX_PLACE_DATE:
		case LX_SYMBOL:
			if (!p->columns) {
				const apc_line *ln = &p->src->lines[t->line - 1];
				if (p->subtitle && !parse_child(p->appendix, "attached")) {
					append_text(p->subtitle, ln->s, ln->len);
				} else if (!p->subtitle && !parse_child(p->appendix, "attached"))
					p->subtitle = el(p, p->appendix, "subtitle", t->line, t->col, t->s, t->len);
			}
			return;
		case LX_RECIPIENTS:
			row_flush(p);
			p->mode = M_END;
			end_recipients(p, t);
			return;
		case LX_SIGN_ROLE:
		case LX_SIGN_TITLE:
			row_flush(p);
			p->mode = M_END;
			end_signature(p, t);
			return;
		default:
			return;
		}
	}
}

/* Children of program in schema order: meta, implements*, preamble, section*, signature,
 * recipients, appendix*. The machine appends as it reads; this puts them in place. */
static void
order_children(parser *p)
{
	static const char *const order[] = { "meta", "implements", "cites", "preamble", "section", "signature", "recipients", "appendix" };
	size_t n = 0;
	for (xmlNodePtr c = p->root->children; c; c = c->next)
		n++;
	xmlNodePtr *kids = xmalloc((n ? n : 1) * sizeof *kids);
	n = 0;
	for (xmlNodePtr c = p->root->children, next; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		kids[n++] = c;
	}
	for (size_t o = 0; o < sizeof order / sizeof order[0]; o++)
		for (size_t i = 0; i < n; i++)
			if (kids[i] && kids[i]->type == XML_ELEMENT_NODE && strcmp((const char *)kids[i]->name, order[o]) == 0) {
				xmlAddChild(p->root, kids[i]);
				kids[i] = NULL;
			}
	for (size_t i = 0; i < n; i++)
		if (kids[i])
			xmlFreeNode(kids[i]);
	free(kids);
}

xmlDocPtr
parse_tokens(const apc_source *src, const lex_tokens *toks, const struct apc_library *lib, apc_diags *d)
{
	parser p;
	memset(&p, 0, sizeof p);
	p.src = src;
	p.lib = lib;
	p.d = d;
	p.md = pcre2_match_data_create(16, NULL);
	p.doc = xmlNewDoc(BAD_CAST "1.0");
	p.root = xmlNewNode(NULL, BAD_CAST "program");
	xmlDocSetRootElement(p.doc, p.root);
	p.ns = xmlNewNs(p.root, BAD_CAST APC_NS, NULL);
	xmlSetNs(p.root, p.ns);
	p.sns = xmlNewNs(p.root, BAD_CAST APC_SRC_NS, BAD_CAST "src");
	p.meta = el(&p, p.root, "meta", 0, 0, NULL, 0);
	p.mode = M_HEADER;
	if (header_read(src, &p.hdr) != 0)
		diag_emit(d, D_INTERNAL_ERROR, 1, 1, "header patterns did not compile");
	apply_header(&p);

	for (size_t i = 0; i < toks->n; i++) {
		if (p.hdr.found && toks->v[i].line < p.hdr.end)
			continue;   /* read by header.c */
		p.toks = toks;
		p.ti = i;
		step(&p, &toks->v[i]);
	}
	last_flush(&p);
	if (p.mode == M_HEADER)
		finish_header(&p);
	if (p.mode == M_TITLE)
		title_done(&p);
	row_flush(&p);

	/* where the symbol and date came from */
	xmlNodePtr sym = parse_child(p.meta, "symbol"), date = parse_child(p.meta, "date");
	const char *source = p.attached ? "appendix" : (sym || date) ? "header" : "none";
	xmlSetProp(p.meta, BAD_CAST "source", BAD_CAST source);
	if (p.attached)
		diag_emit(d, D_METADATA_FROM_APPENDIX, p.attached->line, p.attached->col);
	if (!sym)
		diag_emit(d, D_SYMBOL_MISSING, 1, 1);
	else if (!xmlHasProp(sym, BAD_CAST "canonical")) {
		xmlChar *txt = xmlNodeGetContent(sym);
		const char *t = (const char *)txt;
		if (t[0] == '/' || t[0] == '-')
			diag_emit(d, D_SYMBOL_UNNUMBERED, parse_line(sym), parse_col(sym), t);
		else
			diag_emit(d, D_SYMBOL_MALFORMED, parse_line(sym), parse_col(sym), t);
		xmlFree(txt);
	}
	if (!date)
		diag_emit(d, D_DATE_MISSING, 1, 1);
	else if (!xmlHasProp(date, BAD_CAST "iso") && !p.date_invalid)
		diag_emit(d, D_DATE_INCOMPLETE, parse_line(date), parse_col(date));
	if (!p.kind && p.mode != M_HEADER && !parse_child(p.meta, "title")) {
		int reported = 0;
		for (size_t i = 0; i < d->n; i++)
			reported |= d->v[i].kind == D_TITLE_MISSING;
		if (!reported)
			diag_emit(d, D_TITLE_MISSING, 1, 1);
	}
	if (!p.format && sym) {
		xmlChar *shape = xmlGetProp(sym, BAD_CAST "shape");
		if (shape)
			p.format = strcmp((const char *)shape, "party") == 0 ? "party" : "state";
		xmlFree(shape);
	}
	xmlSetProp(p.root, BAD_CAST "format", BAD_CAST(p.format ? p.format : "unknown"));
	xmlSetProp(p.root, BAD_CAST "file", BAD_CAST src->path);
	/* the preamble names parents too ("Thực hiện...", "Căn cứ..."), and legal bases and
	 * proposals, which are kept apart */
	for (xmlNodePtr b = p.preamble ? p.preamble->children : NULL; b; b = b->next) {
		if (b->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *t = xmlNodeGetContent(b);
		read_citations(&p, (const char *)t, CITE_IN_PREAMBLE, parse_line(b), parse_col(b));
		xmlFree(t);
	}
	order_children(&p);

	free(p.title.s);
	free(p.hdr_tail);
	free(p.lasttext.s);
	for (size_t i = 0; i < sizeof p.memo / sizeof p.memo[0]; i++)
		free(p.memo[i].text);
	for (int i = 0; i < 4; i++)
		free(p.issuer[i].s);
	header_free(&p.hdr);
	pcre2_match_data_free(p.md);
	return p.doc;
}
