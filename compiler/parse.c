/*
 * parse.c: tokens to the libxml2 tree. A small state machine over the line classes:
 *
 *   HEADER  issuer, national line, symbol, place and date (any order, cells or lines)
 *   TITLE   the document kind (CHƯƠNG TRÌNH...) and its summary line(s)
 *   BODY    preamble, then roman sections holding numbered missions, objectives, items
 *   END     "Nơi nhận" and the signature, in either order
 *   APPX    PHỤ LỤC and its table (table.c); the header, meta, title and citations are read by
 *           front.c from what header.c found. In the table: the header row
 *           names the columns (by their text, not their position), repeats are dropped,
 *           a row with an empty first cell continues the row above, a roman first cell
 *           with the other cells empty starts a group.
 *
 * Paragraphs broken by a page break (or by a PDF line wrap) are joined again: the next piece
 * continues the previous one when that one does not end a sentence and the next starts in
 * lower case (or, with no blank line between, whenever the previous does not end a sentence).
 * Every element read from the source carries src:line and src:column.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <libxml/hash.h>
#include "parse.h"

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

/* Does s start with the literal lit (its byte length counted, never by hand)? */
static int
has_prefix(const char *s, const char *lit)
{
	return strncmp(s, lit, strlen(lit)) == 0;
}

/* Are most of the text's letters lower case? ("Ngày 28 tháng 6, tại Kỳ" is; "CHỈ THỊ SỐ 13/CT-TTg" is not.) */
static int
mostly_lower(const char *s, size_t n)
{
	size_t lower = 0, upper = 0;
	for (size_t i = 0; i < n;) {
		int32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			continue;
		utf8proc_category_t c = utf8proc_category(cp);
		lower += c == UTF8PROC_CATEGORY_LL;
		upper += c == UTF8PROC_CATEGORY_LU;
	}
	return lower > 2 * upper;
}

/* Does a line in sentence case start the text under a title in capitals? "TRIỂN KHAI THI HÀNH
 * LUẬT THỦ ĐÔ" / "Ngày 28 tháng 6 năm 2024, tại Kỳ họp …": the copy has no blank line between
 * them. A tail in lower case ("đối với …") or one starting "Về …" still continues the title. */
static int
sentence_after_caps(const char *title, size_t tn, const char *s, size_t n)
{
	utf8proc_int32_t cp = first_cp(s, n);
	if (cp < 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU || mostly_lower(title, tn) || !mostly_lower(s, n))
		return 0;
	char *f = norm_fold(s, n < 8 ? n : 8);
	int ve = has_prefix(f, "về ");
	free(f);
	return !ve;
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
int
parse_contains(const char *hay, const char *words)
{
	return strstr(hay, words) != NULL;
}

/* ---- tree helpers ---- */

/* A new element under parent, with text s[0..n) cleaned (NULL: none). */
xmlNodePtr
parse_el(parser *p, xmlNodePtr parent, const char *name, unsigned line, unsigned col, const char *s, size_t n)
{
	xmlNodePtr e = tree_new(parent, p->ns, name);
	tree_set_pos(e, p->sns, line, col);
	if (s)
		tree_add_squeezed(e, s, n);
	return e;
}

void
parse_append_text(xmlNodePtr e, const char *s, size_t n)
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

void
parse_set_attr(xmlNodePtr e, const char *name, const char *v)
{
	if (v && *v)
		tree_set(e, name, v);
}

/* Attribute name from s[0..n) (not set when empty). */
static void
set_attr_n(xmlNodePtr e, const char *name, const char *s, size_t n)
{
	char *v = xstrndup(s, n);
	parse_set_attr(e, name, v);
	free(v);
}

/* ---- body ---- */

static const char *
role_of(const char *s, size_t n)
{
	char *f = norm_fold(s, n);
	const char *r = "other";
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (parse_contains(f, roles[i].words)) {
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
		tree_add_text(p->last, p->lasttext.s ? p->lasttext.s : "", p->lasttext.s ? p->lasttext.len : 0);
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
	char *c = tree_text(e);
	sb_adds(&p->lasttext, c);
	free(c);
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
		p->preamble = tree_new(p->root, p->ns, "preamble");
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
	/* "I. MỤC ĐÍCH," / "YÊU CẦU": a heading in capitals wrapped by a copy, the rest in capitals */
	if (p->last_is_title && !lower && !ends && p->blanks == 0 && !utf8_has_lower(prev, p->lasttext.len) &&
	    !utf8_has_lower(s, n) && utf8_chars(s, n) <= 100)
		return 1;
	if (p->last_is_title)
		return lower && !ends;
	if (lower && !ends)
		return 1;
	return p->blanks == 0 && !ends;
}

static xmlNodePtr horizon_block(parser *, const lex_token *, const char *, size_t);
static const char *section_role_of(parser *, xmlNodePtr, const char *, size_t);

/* Is the document one that issues or decides (quyết định, nghị quyết), not a program? */
static int
issuing_kind(const parser *p)
{
	if (!p->kind)
		return 0;
	char *k = norm_fold(p->kind->s, p->kind->len);
	int r = has_prefix(k, "quyết định") || has_prefix(k, "nghị quyết");
	free(k);
	return r;
}

/*
 * The operative part of a decision or a resolution, before any section: its formula
 * ("QUYẾT ĐỊNH:", "NGHỊ QUYẾT:", "QUYẾT NGHỊ:") and its articles ("Điều 1. Ban hành kèm theo
 * …"). Returns the article's number (1 and up), 0 for the formula, -1 for neither.
 */
static int
operative_line(const parser *p, const char *s, size_t n)
{
	static const char *const formulas[] = { "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "QUYẾT NGHỊ" };
	if (p->section || !p->kind)
		return -1;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	int r = -1;
	for (size_t i = 0; i < sizeof formulas / sizeof *formulas; i++) {
		size_t l = strlen(formulas[i]);
		if (n > l && memcmp(s, formulas[i], l) == 0 && s[n - 1] == ':' && !utf8_has_lower(s, n) && n - l <= 3)
			r = 0;
	}
	size_t l = strlen("Điều ");
	if (r < 0 && n > l && memcmp(s, "Điều ", l) == 0) {
		int num = 0;
		size_t i = l;
		while (i < n && i < l + 3 && s[i] >= '0' && s[i] <= '9')
			num = num * 10 + (s[i++] - '0');
		if (num > 0 && i < n && (s[i] == '.' || s[i] == ':' || s[i] == ' '))
			r = num;
	}
	return r >= 0 && issuing_kind(p) ? r : -1;   /* the kind read only for a line of this shape */
}

static void
body_text(parser *p, const lex_token *t, const char *s, size_t n)
{
	int article = operative_line(p, s, n);
	if (article >= 0) {
		/* the decision's own words, each its own block: not the preamble's text that names
		 * the parents (front.c reads their citations as articles) */
		xmlNodePtr e = parse_el(p, body_container(p), "p", t->line, t->col, s, n);
		if (article > 0) {
			char id[32];
			snprintf(id, sizeof id, "article-%d", article);
			parse_set_attr(e, "id", id);
		}
		if (!p->operative)
			p->operative = e;
		block_done(p, e, 0);
		return;
	}
	if (continues(p, s, n)) {
		last_append(p, s, n);
		p->blanks = 0;
		if (p->last_is_title && p->section && p->last->parent == p->section && !utf8_has_lower(s, n) &&
		    p->lasttext.len < 300)   /* "I. MỤC ĐÍCH," / "YÊU CẦU": the role from the whole title */
			tree_set(p->section, "role", section_role_of(p, p->section, p->lasttext.s, p->lasttext.len));
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
		e = parse_el(p, body_container(p), "p", t->line, t->col, s, n);
	block_done(p, e, 0);
}

/*
 * A section's role from its title, within its part: a plan in parts ("Phần I. ĐÁNH GIÁ KẾT QUẢ
 * …", "Phần II. KẾ HOẠCH …", each with sections from I again) reviews the past in its first,
 * and a section there that reads as missions or objectives ("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
 * tells what was done: it is the situation, not what the document plans.
 */
static const char *
section_role_of(parser *p, xmlNodePtr sec, const char *s, size_t n)
{
	const char *role = role_of(s, n);
	xmlChar *pr = p->part && p->part != sec ? xmlGetProp(p->part, BAD_CAST "role") : NULL;
	if (pr && strcmp((const char *)pr, "situation") == 0 &&
	    (strcmp(role, "missions") == 0 || strcmp(role, "objectives") == 0))
		role = "situation";
	xmlFree(pr);
	return role;
}

static void
body_roman(parser *p, const lex_token *t)
{
	p->section = parse_el(p, p->root, "section", t->line, t->col, NULL, 0);
	if (t->level < 0)
		p->part = p->section;
	parse_set_attr(p->section, "n", t->mark);
	tree_set(p->section, "role", section_role_of(p, p->section, t->s, t->len));
	xmlNodePtr h = parse_el(p, p->section, "title", t->line, t->col, t->s, t->len);
	p->l1 = p->l2 = p->container = NULL;
	p->section_level = t->level > 0 ? t->level : 0;   /* 0 for "I." (and a part), 1 for "1. MỤC TIÊU" */
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

/* The number as the source writes it ("4)", "2 -"), kept as @label when it is not the usual
 * "N." (the page prints the number as written). */
static void
number_label(parser *p, xmlNodePtr e, const lex_token *t)
{
	if (!t->line || t->line > p->src->nlines || t->col < 2)
		return;
	const apc_line *ln = &p->src->lines[t->line - 1];
	size_t b = 0;
	for (unsigned c = 1; c < t->col && b < ln->len; c++)
		do b++; while (b < ln->len && ((unsigned char)ln->s[b] & 0xC0) == 0x80);
	size_t i = 0;
	while (i < b && (ln->s[i] == ' ' || ln->s[i] == '\t' || ln->s[i] == '*'))
		i++;
	while (b > i && (ln->s[b - 1] == ' ' || ln->s[b - 1] == '\t' || ln->s[b - 1] == '*'))
		b--;
	char want[32];
	snprintf(want, sizeof want, "%s.", t->mark);
	if (b > i && b - i < 24 && (b - i != strlen(want) || memcmp(ln->s + i, want, b - i) != 0)
	    && strncmp(ln->s + i, t->mark, strlen(t->mark)) == 0) {
		set_attr_n(e, "label", ln->s + i, b - i);
	}
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
	xmlNodePtr e = parse_el(p, parent, name, t->line, t->col, NULL, 0);
	parse_set_attr(e, "n", t->mark);
	number_label(p, e, t);
	if (strcmp(name, "objective") == 0) {
		char *f = norm_fold(t->s, tl ? tl : t->len);
		int general = parse_contains(f, "chung") && !parse_contains(f, "cụ thể");
		tree_set(e, "kind", general ? "general" : "specific");
		int y = general ? 0 : horizon_of(t->s, tl ? tl : t->len);
		if (y) {
			char b[8];
			snprintf(b, sizeof b, "%d", y);
			parse_set_attr(e, "horizon", b);
			if (parse_contains(f, "tầm nhìn"))
				parse_set_attr(e, "vision", "true");
		}
		free(f);
	}
	xmlNodePtr h = NULL;
	if (tl)
		h = parse_el(p, e, "title", t->line, t->col, t->s, tl);
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
		xmlNodePtr b = parse_el(p, e, "p", t->line, t->col + (unsigned)utf8_chars(t->s, (size_t)(body - t->s)), body, bl);
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
	int lead = has_prefix(f, "đến năm ") || has_prefix(f, "tầm nhìn đến năm ") ||
	    has_prefix(f, "mục tiêu đến năm ") || has_prefix(f, "giai đoạn ");
	int vision = has_prefix(f, "tầm nhìn");
	free(f);
	int y = lead ? horizon_of(s, head) : 0;
	if (!y)
		return NULL;
	xmlNodePtr e = parse_el(p, parent, "objective", t->line, t->col, NULL, 0);
	if (t->mark[0] && t->cls == LX_LETTER)
		parse_set_attr(e, "n", t->mark);
	tree_set(e, "kind", "specific");
	char b[8];
	snprintf(b, sizeof b, "%d", y);
	parse_set_attr(e, "horizon", b);
	if (vision)
		parse_set_attr(e, "vision", "true");
	return parse_el(p, e, "p", t->line, t->col, s, n);
}

static void
body_item(parser *p, const lex_token *t)
{
	xmlNodePtr h = horizon_block(p, t, t->s, t->len);
	if (h) {
		block_done(p, h, 0);
		return;
	}
	xmlNodePtr e = parse_el(p, body_container(p), "item", t->line, t->col, t->s, t->len);
	if (t->cls == LX_LETTER)
		parse_set_attr(e, "n", t->mark);
	else
		parse_set_attr(e, "mark", t->mark);
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
		p->signature = tree_new(NULL, p->ns, "signature");
		tree_set_pos(p->signature, p->sns, t->line, t->col);
		/* signature goes before recipients and appendices, whatever the source order */
		if (p->recipients)
			xmlAddPrevSibling(p->recipients, p->signature);
		else
			xmlAddChild(p->root, p->signature);
	}
	/* the title, once there, ends the roles (a flag: looking for it among thousands of roles
	 * made a long run of signature lines quadratic) */
	if (p->sig_title)
		;
	else if (t->cls == LX_SIGN_ROLE)
		parse_el(p, p->signature, "role", t->line, t->col, t->s, t->len);
	else {
		parse_el(p, p->signature, "title", t->line, t->col, t->s, t->len);
		p->sig_title = 1;
	}
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
		parse_el(p, p->signature, "name", t->line, t->col, s, n);
		p->sig_state = 2;
		return;
	}
	if (p->recipients && (bullet || (p->sig_state == 0 && utf8_chars(s, n) <= 200))) {
		const char *r = s;
		size_t rn = n;
		while (rn && strchr(",;.", r[rn - 1]))
			rn--;
		if (rn) {
			/* the punctuation that ends the line ("- Văn phòng Chính phủ;") is kept apart:
			 * the name is the text, the page prints both */
			xmlNodePtr e = parse_el(p, p->recipients, "recipient", t->line, t->col, r, rn);
			if (n - rn < 8)
				set_attr_n(e, "end", r + rn, n - rn);
		}
	}
}

static void
end_recipients(parser *p, const lex_token *t)
{
	if (!p->recipients) {
		p->recipients = parse_el(p, p->root, "recipients", t->line, t->col, NULL, 0);
		p->sig_state = 0;
	}
	if (t->len)
		end_text(p, t, t->s, t->len);
}

/* ---- the machine ---- */

static void
header_token(parser *p, const lex_token *t)
{
	switch (t->cls) {
	case LX_NATIONAL:
		if (!p->format)
			p->format = memmem(t->s, t->len, "CỘNG HÒA", strlen("CỘNG HÒA")) ||
			    memmem(t->s, t->len, "CỘNG HOÀ", strlen("CỘNG HOÀ")) ||
			    memmem(t->s, t->len, "Độc lập", strlen("Độc lập")) ? "state" : "party";
		break;
	case LX_SYMBOL:
		front_meta_symbol(p, t->s, t->len, t->line, t->col);
		break;
	case LX_PLACE_DATE:
		front_meta_date(p, t->s, t->len, t->line, t->col, 1);
		break;
	case LX_TEXT:
		if (!p->hdr.found && p->nissuer < 4 && !tree_child(p->meta, "symbol")) {
			if (p->nissuer == 0) {
				p->issuer_line = t->line;
				p->issuer_col = t->col;
			}
			p->iline[p->nissuer] = t->line;
			p->icol[p->nissuer] = t->col;
			sb_add(&p->issuer[p->nissuer++], t->s, t->len);
		}
		break;
	default:
		break;
	}
}


/*
 * A decision or a resolution that issues a program ("QUYẾT ĐỊNH ban hành Kế hoạch …") is
 * often copied with the program after its signature: "KẾ HOẠCH" / its title / "(Ban hành kèm
 * theo Quyết định số …)" / "I. MỤC TIÊU" …. Is t, a kind line in the end zone, that program?
 */
static int
issues_program(parser *p, const lex_token *t)
{
	if (!p->kind)
		return 0;
	char *a = norm_fold(t->s, t->len);
	int r = issuing_kind(p) && (has_prefix(a, "chương trình") || has_prefix(a, "kế hoạch") || has_prefix(a, "đề án"));
	free(a);
	return r;
}

/* The attached program's head, read past: its title (lines that end no sentence) and its
 * "(Ban hành kèm theo …)" line, up to its first heading or the text that opens it ("Thực
 * hiện …"). Returns 1 for a line read past. */
static int
attached_head_line(parser *p, const lex_token *t)
{
	if (t->cls == LX_BLANK || t->cls == LX_NOISE || t->cls == LX_ATTACHED)
		return 1;
	if ((t->cls == LX_TEXT || t->cls == LX_KIND) && !ends_sentence(t->s, t->len) &&
	    !front_is_preamble_start(t->s, t->len))
		return 1;
	p->attached_head = 0;
	return 0;
}

static void
step(parser *p, const lex_token *t)
{
	if (t == p->skip)
		return;
	/* tokens that change mode wherever they appear */
	switch (t->cls) {
	case LX_APPENDIX:
		if (p->mode == M_TITLE)
			front_title_done(p);
		table_flush(p);
		table_open(p, t, t->s, t->len);
		return;
	case LX_TABLE_HEADER:
		if (p->mode != M_APPX) {
			if (p->mode == M_TITLE)
				front_title_done(p);
			table_open(p, t, "", 0);
		}
		if (!p->columns)
			table_columns(p, t);
		p->after_header = 1;    /* a repeat after a page break: dropped */
		return;
	case LX_ROW:
		if (p->mode != M_APPX)
			table_open(p, t, "", 0);
		table_row(p, t);
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
			front_finish_header(p);
			p->kind = t;
			xmlNodePtr k = parse_el(p, p->meta, "kind", t->line, t->col, t->s, t->len);
			(void)k;
			p->mode = M_TITLE;
			return;
		}
		if (t->cls == LX_ROMAN || (t->cls == LX_TEXT && (utf8_has_lower(t->s, t->len) || t->len > 300)) ||
		    t->cls == LX_NUMBER || t->cls == LX_BULLET || t->cls == LX_RECIPIENTS || t->cls == LX_SIGN_ROLE) {
			front_finish_header(p);
			diag_emit(p->d, D_TITLE_MISSING, t->line, t->col);
			p->mode = M_BODY;
			step(p, t);
			return;
		}
		if (front_is_masthead_again(p, t))
			return;   /* the issuer's name again, over the kind */
		if (p->hdr.found && t->cls == LX_TEXT && !utf8_has_lower(t->s, t->len) && front_words(t->s, t->len) >= 3) {
			/* a title in capitals with no type line above it ("THỰC HIỆN QUYẾT ĐỊNH SỐ ...") */
			front_finish_header(p);
			p->mode = M_TITLE;
			step(p, t);
			return;
		}
		header_token(p, t);
		return;
	case M_TITLE:
		if (t->cls == LX_BLANK || t->cls == LX_NOISE) {
			p->title_gap = p->title.len != 0;   /* a site's copy puts a blank line between a title's lines */
			return;
		}
		if (p->title_gap) {
			p->title_gap = 0;
			if (t->cls != LX_TEXT || !starts_lower(t->s, t->len) || ends_sentence(p->title.s, p->title.len) ||
			    t->line - p->title_tok->line >= MAX_TITLE_LINES || front_is_preamble_start(t->s, t->len)) {
				front_title_done(p);
				step(p, t);
				return;
			}
			const apc_line *ln = &p->src->lines[t->line - 1];
			sb_add(&p->title, " ", 1);
			sb_add(&p->title, ln->s, ln->len);
			return;
		}
		if (p->title.len && front_is_authority(p, t, 0)) {
			front_title_done(p);   /* "CHÍNH PHỦ" above "Căn cứ...": who decides, not the title */
			return;
		}
		if (p->title.len == 0 && t->cls != LX_ROMAN && t->cls != LX_RECIPIENTS &&
		    !(front_is_preamble_start(t->s, t->len) && ends_sentence(t->s, t->len) && t->len > 200) &&
		    !(t->len && t->s[t->len - 1] == ':')) {
			p->title_tok = t;
			p->title_col = t->col;
			const apc_line *ln = &p->src->lines[t->line - 1];
			if (p->kind && p->kind->line == t->line)   /* "KẾ HOẠCH Thực hiện…": after the kind */
				sb_add(&p->title, t->s, (size_t)(ln->s + ln->len - t->s));
			else
				sb_add(&p->title, ln->s, ln->len);
			return;
		}
		if (p->title.len && t->cls != LX_ROMAN && !front_is_preamble_start(t->s, t->len) && t->line > p->title_tok->line &&
		    t->line - p->title_tok->line < MAX_TITLE_LINES && !ends_sentence(p->title.s, p->title.len) &&
		    !sentence_after_caps(p->title.s, p->title.len, t->s, t->len)) {
			const apc_line *ln = &p->src->lines[t->line - 1];
			sb_add(&p->title, " ", 1);
			sb_add(&p->title, ln->s, ln->len);
			return;
		}
		front_title_done(p);
		step(p, t);
		return;
	case M_BODY:
		if (p->attached_head && attached_head_line(p, t))
			return;
		if (!p->last && !p->section && (p->kind || tree_child(p->meta, "title")) &&
		    (t->cls == LX_TEXT || t->cls == LX_SIGN_TITLE) && front_is_authority(p, t, 1))
			return;   /* who decides, below the title after a blank line: not the preamble's */
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
		case LX_KIND:
			if (issues_program(p, t)) {
				if (p->operative && !p->operative_end)
					p->operative_end = p->preamble ? xmlGetLastChild(p->preamble) : NULL;
				p->mode = M_BODY;       /* the program the decision issues, after its signature */
				p->attached_head = 1;
				return;
			}
			end_text(p, t, t->s, t->len);
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
			if (!p->columns && !tree_child(p->appendix, "attached"))
				table_attached(p, t);
			return;
		case LX_TEXT:
		case LX_KIND:
		case LX_NATIONAL:
		case LX_PLACE_DATE:
		case LX_SYMBOL:
			if (!p->columns) {
				const apc_line *ln = &p->src->lines[t->line - 1];
				if (p->subtitle && !tree_child(p->appendix, "attached")) {
					parse_append_text(p->subtitle, ln->s, ln->len);
				} else if (!p->subtitle && !tree_child(p->appendix, "attached"))
					p->subtitle = parse_el(p, p->appendix, "subtitle", t->line, t->col, t->s, t->len);
			}
			return;
		case LX_RECIPIENTS:
			table_flush(p);
			p->mode = M_END;
			end_recipients(p, t);
			return;
		case LX_SIGN_ROLE:
		case LX_SIGN_TITLE:
			table_flush(p);
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
parse_tokens(const apc_patterns *pats, const apc_source *src, const lex_tokens *toks, const struct apc_library *lib,
    apc_diags *d)
{
	parser p;
	memset(&p, 0, sizeof p);
	p.src = src;
	p.lib = lib;
	p.d = d;
	p.md = xnonnull(pcre2_match_data_create(16, NULL));
	p.doc = tree_doc_new();
	p.root = tree_new(NULL, NULL, "program");
	xmlDocSetRootElement(p.doc, p.root);
	p.ns = xnonnull(xmlNewNs(p.root, BAD_CAST APC_NS, NULL));
	xmlSetNs(p.root, p.ns);
	p.sns = xnonnull(xmlNewNs(p.root, BAD_CAST APC_SRC_NS, BAD_CAST "src"));
	p.meta = parse_el(&p, p.root, "meta", 0, 0, NULL, 0);
	p.mode = M_HEADER;
	p.pats = pats;
	if (header_read(&pats->header, src, &p.hdr) != 0)
		diag_emit(d, D_INTERNAL_ERROR, 1, 1, "header patterns did not compile");
	front_apply_header(&p);

	for (size_t i = 0; i < toks->n; i++) {
		if (p.hdr.found && toks->v[i].line < p.hdr.end)
			continue;   /* read by header.c */
		p.toks = toks;
		p.ti = i;
		step(&p, &toks->v[i]);
	}
	last_flush(&p);
	if (p.mode == M_HEADER)
		front_finish_header(&p);
	if (p.mode == M_TITLE)
		front_title_done(&p);
	table_flush(&p);

	/* where the symbol and date came from */
	xmlNodePtr sym = tree_child(p.meta, "symbol"), date = tree_child(p.meta, "date");
	const char *source = p.attached ? "appendix" : (sym || date) ? "header" : "none";
	tree_set(p.meta, "source", source);
	if (p.attached) {
		char *at = xstrndup(p.attached->s, p.attached->len);
		diag_extent(diag_emit(d, D_METADATA_FROM_APPENDIX, p.attached->line, p.attached->col), src, at);
		free(at);
	}
	if (!sym)
		diag_emit(d, D_SYMBOL_MISSING, 0, 0);
	else if (!xmlHasProp(sym, BAD_CAST "canonical")) {
		xmlChar *txt = xmlNodeGetContent(sym);
		const char *t = (const char *)txt;
		if (t[0] == '/' || t[0] == '-')
			diag_extent(diag_emit(d, D_SYMBOL_UNNUMBERED, tree_line(sym), tree_col(sym), t), src, t);
		else
			symbol_malformed(d, src, tree_line(sym), tree_col(sym), t);
		xmlFree(txt);
	}
	if (!date)
		diag_emit(d, D_DATE_MISSING, 0, 0);
	else if (!xmlHasProp(date, BAD_CAST "iso") && !p.date_invalid) {
		char *dt = tree_text(date);
		diag_extent(diag_emit(d, D_DATE_INCOMPLETE, tree_line(date), tree_col(date)), src, dt);
		free(dt);
	}
	if (!p.kind && p.mode != M_HEADER && !tree_child(p.meta, "title")) {
		int reported = 0;
		for (size_t i = 0; i < d->n; i++)
			reported |= d->v[i].kind == D_TITLE_MISSING;
		if (!reported)
			diag_emit(d, D_TITLE_MISSING, 0, 0);
	}
	if (!p.format && sym) {
		xmlChar *shape = xmlGetProp(sym, BAD_CAST "shape");
		if (shape)
			p.format = strcmp((const char *)shape, "party") == 0 ? "party" : "state";
		xmlFree(shape);
	}
	tree_set(p.root, "format", p.format ? p.format : "unknown");
	tree_set(p.root, "file", src->path);
	/* the preamble names parents too ("Thực hiện...", "Căn cứ..."), and legal bases and
	 * proposals, which are kept apart */
	int operative = 0;   /* a decision's formula and articles, up to the program it issues */
	for (xmlNodePtr b = p.preamble ? p.preamble->children : NULL; b; b = b->next) {
		if (b->type != XML_ELEMENT_NODE)
			continue;
		operative |= b == p.operative;
		xmlChar *t = xmlNodeGetContent(b);
		front_read_citations(&p, (const char *)t, operative ? CITE_IN_ARTICLE : CITE_IN_PREAMBLE, tree_line(b),
		    tree_col(b));
		xmlFree(t);
		if (b == p.operative_end)
			operative = 0;
	}
	order_children(&p);

	free(p.title.s);
	free(p.hdr_tail);
	table_forget_above(&p);
	free(p.lasttext.s);
	for (size_t i = 0; i < sizeof p.memo / sizeof p.memo[0]; i++)
		free(p.memo[i].text);
	xmlHashFree(p.cited, NULL);
	for (int i = 0; i < 4; i++)
		free(p.issuer[i].s);
	header_free(&p.hdr);
	pcre2_match_data_free(p.md);
	return p.doc;
}
