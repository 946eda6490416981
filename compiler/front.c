/*
 * front.c: the front matter of a document (part of the parse stage, see parse.h): the opening
 * read by header.c put into meta (issuer, symbol, place, date, the site's metadata as a second
 * witness), the title and the authority line after it, and the citations of the title and the
 * preamble read by cite.c (parents as implements, the rest as cites with their role).
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/hash.h>
#include "parse.h"

/* ---- meta ---- */

void
front_meta_symbol(parser *p, const char *s, size_t n, unsigned line, unsigned col)
{
	if (tree_child(p->meta, "symbol"))
		return;
	xmlNodePtr e = parse_el(p, p->meta, "symbol", line, col, s, n);
	char *t = text_squeeze(s, n);
	norm_symbol y;
	if (norm_symbol_parse(t, &y, NULL)) {
		parse_set_attr(e, "number", y.number);
		parse_set_attr(e, "type", y.type);
		parse_set_attr(e, "issuer", y.issuer);
		parse_set_attr(e, "year", y.year);
		parse_set_attr(e, "shape", y.shape);
		parse_set_attr(e, "canonical", y.canonical);
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
		parse_set_attr(e, "iso", iso);
	else if (r < 0) {
		diag_extent(diag_emit(p->d, D_DATE_INVALID, tree_line(e), tree_col(e), ds), p->src, ds);
		p->date_invalid = 1;
	}
}

void
front_meta_date(parser *p, const char *s, size_t n, unsigned line, unsigned col, int with_place)
{
	if (tree_child(p->meta, "date"))
		return;
	char *t = text_squeeze(s, n);
	const char *comma = with_place ? strchr(t, ',') : NULL;
	const char *ds = t;
	unsigned dcol = col;
	if (comma) {
		parse_el(p, p->meta, "place", line, col, t, (size_t)(comma - t));
		ds = comma + 1;
		while (*ds == ' ')
			ds++;
		dcol = col + (unsigned)utf8_chars(t, (size_t)(ds - t));
	}
	xmlNodePtr e = parse_el(p, p->meta, "date", line, dcol, ds, strlen(ds));
	date_value(p, e, ds);
	free(t);
}

/* ---- citations: parents (implements) and the rest (cites), read by cite.c ---- */

/* Where the last citation of a block was found: the next one is looked for from there on. */
typedef struct src_cursor {
	unsigned first, line;   /* the block's first line; the line looked in */
	size_t at;              /* the byte of that line to look from */
	utf8_cursor chars;      /* characters counted along that line */
} src_cursor;

/* Where a citation stands in the source: the block's joined text lost the line breaks, so
 * look for its symbol in the lines from where the block's last citation was (its citations
 * come in order: each line is read once, not once a citation), then step back over the kind
 * word ("Nghị quyết số ") when it is on the same line. Leaves *line and *col when not found. */
static void
source_pos(parser *p, src_cursor *cur, const char *sym, size_t n, const char *lead, size_t ln_lead,
    unsigned *line, unsigned *col, unsigned *sym_col)
{
	for (unsigned l = cur->line; n && l >= 1 && l <= p->src->nlines && l < cur->first + 60; l++) {
		const apc_line *ln = &p->src->lines[l - 1];
		size_t from = l == cur->line ? cur->at : 0;
		const char *hit = from + n <= ln->len ? memmem(ln->s + from, ln->len - from, sym, n) : NULL;
		if (!hit)
			continue;
		size_t k = (size_t)(hit - ln->s);
		cur->line = l;
		cur->at = k + n;
		*line = l;
		*sym_col = 1 + (unsigned)utf8_chars_at(&cur->chars, ln->s, k);
		*col = *sym_col;
		if (ln_lead && ln_lead <= k && memcmp(ln->s + k - ln_lead, lead, ln_lead) == 0)
			*col = 1 + (unsigned)utf8_chars_at(&cur->chars, ln->s, k - ln_lead);
		return;
	}
}

static xmlNodePtr
cited(parser *p, const char *name, const char *ref)
{
	/* by name and ref in a table: a scan of the program's children for each citation made a
	 * paragraph of thousands of citations quadratic */
	return p->cited ? xmlHashLookup2(p->cited, BAD_CAST name, BAD_CAST ref) : NULL;
}

/* Every citation in a block of text that starts at line:col: a parent becomes implements, the
 * rest cites with its role. A second citation of the same document fills what the first
 * lacked (its date, its issuer). */
void
front_read_citations(parser *p, const char *text, cite_where where, unsigned line, unsigned col)
{
	cite_list l = { 0 };
	size_t chars_at = 0, chars = 0;   /* utf8_chars(text, chars_at), carried from one citation on */
	src_cursor cur = { line, line, 0, { NULL, 0, 0 } };
	xmlNodePtr sym = tree_child(p->meta, "symbol");
	xmlChar *own = sym ? xmlGetProp(sym, BAD_CAST "canonical") : NULL;
	cite_scan(&p->pats->cite, text, strlen(text), where, (const char *)own, &l);
	xmlFree(own);
	if (l.limit_hit)
		diag_once(p->d, D_LINE_TOO_COMPLEX, line, 1);
	for (size_t i = 0; i < l.n; i++) {
		const cite *c = &l.v[i];
		if (!c->sym.canonical[0])
			continue;
		const char *name = c->role == CITE_PARENT ? "implements" : "cites";
		xmlNodePtr e = cited(p, "implements", c->sym.canonical);
		if (!e && c->role != CITE_PARENT)
			e = cited(p, "cites", c->sym.canonical);
		chars += utf8_chars(text + chars_at, c->sym_at - chars_at);   /* sym_at grows */
		chars_at = c->sym_at;
		unsigned l0 = line, c0 = col + (unsigned)chars, s0 = col;
		if (!e || c->date_invalid)
			source_pos(p, &cur, text + c->sym_at, c->sym_len, text + c->at, c->sym_at - c->at, &l0, &c0, &s0);
		if (!e) {
			e = parse_el(p, p->root, name, l0, c0, text + c->at, c->end - c->at);
			parse_set_attr(e, "ref", c->sym.canonical);
			parse_set_attr(e, "kind", c->kind);
			if (c->role != CITE_PARENT)
				parse_set_attr(e, "role", cite_role_name(c->role));
			if (p->cited == NULL)
				p->cited = xnonnull(xmlHashCreate(16));
			xmlHashAddEntry2(p->cited, BAD_CAST name, BAD_CAST c->sym.canonical, e);
		}
		if (c->iso[0] && !xmlHasProp(e, BAD_CAST "date"))
			parse_set_attr(e, "date", c->iso);
		if (c->date_invalid) {
			char *d = xstrndup(text + c->date_at, c->date_len);
			diag_emit(p->d, D_DATE_INVALID, l0, s0, d);
			free(d);
		}
		if (c->iss_len && !xmlHasProp(e, BAD_CAST "issuer")) {
			char *iss = text_squeeze(text + c->iss_at, c->iss_len);
			parse_set_attr(e, "issuer", iss);
			free(iss);
		}
	}
	cite_list_free(&l);
}

/* ---- the opening, from header.c ---- */

/* Compare a header fact with the site's metadata: warn when they disagree. */
static void
witness(parser *p, const char *what_vi, const char *what_en, const header_fact *h, const char *hv, const header_fact *m, const char *mv)
{
	if (h->text && m->text && hv && mv && strcmp(hv, mv) != 0)
		diag_extent(diag_emit(p->d, D_METADATA_MISMATCH, m->line, m->col, what_vi, what_en, m->text, h->text,
		    h->line), p->src, m->text);
}

void
front_apply_header(parser *p)
{
	header *h = &p->hdr;
	char iso_h[11] = "", iso_m[11] = "";
	if (h->limit_line)
		diag_once(p->d, D_LINE_TOO_COMPLEX, h->limit_line, 1);
	if (h->found) {
		if (h->format)
			p->format = h->format;
		for (int i = 0; i < h->nissuer; i++) {
			if (i == 0) {
				p->issuer_line = h->issuer[i].line;
				p->issuer_col = h->issuer[i].col;
			}
			p->iline[p->nissuer] = h->issuer[i].line;
			p->icol[p->nissuer] = h->issuer[i].col;
			sb_adds(&p->issuer[p->nissuer++], h->issuer[i].text);
		}
		if (h->symbol.text)
			front_meta_symbol(p, h->symbol.text, strlen(h->symbol.text), h->symbol.line, h->symbol.col);
		if (h->place.text)
			parse_el(p, p->meta, "place", h->place.line, h->place.col, h->place.text, strlen(h->place.text));
		if (h->date.text) {
			xmlNodePtr e = parse_el(p, p->meta, "date", h->date.line, h->date.col, h->date.text, strlen(h->date.text));
			date_value(p, e, h->date.text);
		}
	}
	/* the site's metadata: a second witness, used where the header lacks a fact */
	if (h->m_symbol.text && !h->symbol.text)
		front_meta_symbol(p, h->m_symbol.text, strlen(h->m_symbol.text), h->m_symbol.line, h->m_symbol.col);
	if (h->m_date.text && !h->date.text) {
		xmlNodePtr e = parse_el(p, p->meta, "date", h->m_date.line, h->m_date.col, h->m_date.text, strlen(h->m_date.text));
		date_value(p, e, h->m_date.text);
	}
	if (h->symbol.text && h->m_symbol.text) {
		norm_symbol a, b;
		if (norm_symbol_parse(h->symbol.text, &a, NULL) && norm_symbol_parse(h->m_symbol.text, &b, NULL))
			witness(p, "Số, ký hiệu", "symbol", &h->symbol, a.canonical, &h->m_symbol, b.canonical);
	}
	if (h->date.text && h->m_date.text && norm_date_read(h->date.text, strlen(h->date.text), iso_h, NULL, NULL) > 0 &&
	    norm_date_read(h->m_date.text, strlen(h->m_date.text), iso_m, NULL, NULL) > 0)
		witness(p, "Ngày ban hành", "date of issue", &h->date, iso_h, &h->m_date, iso_m);
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
		char *pl = norm_fold(place, strlen(place));
		int named = strncmp(pl, "thành phố ", strlen("thành phố ")) == 0 || strncmp(pl, "tỉnh ", strlen("tỉnh ")) == 0 ||
		    strncmp(pl, "tp ", strlen("tp ")) == 0;
		free(pl);
		name = named ? xasprintf("%.*s %s", (int)n, s, place) :
		    xasprintf("%.*s %s %s", (int)n, s, city ? "thành phố" : "tỉnh", place);
	} else if (p->hdr.m_issuer.text)
		name = xasprintf("%.*s %s", (int)n, s, p->hdr.m_issuer.text);
	if (name)
		parse_set_attr(e, "name", name);
	free(name);
}

/* Does an issuer line name a body under the line above it: a department or office of a state
 * body, or a Party committee or board ("TỈNH ỦY" under "ĐẢNG BỘ TỈNH X", "BAN TUYÊN GIÁO"
 * under "TỈNH ỦY X")? Not "UBND TỈNH X" under "BAN CÁN SỰ ĐẢNG": one name on two lines. */
static int
subordinate(const char *s, size_t n, int party)
{
	static const char *const state[] = {
		"sở ", "ban ", "cục ", "vụ ", "tổng cục ", "viện ", "trung tâm ", "phòng ", "văn phòng ",
		"chi cục ", "trường ", "bệnh viện ", "bộ chỉ huy ", "công an ", "thanh tra ", "kho bạc ",
		"đài ",
	};
	static const char *const party_words[] = {
		"tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "chi bộ", "ban ",
		"đảng đoàn ", "ủy ban kiểm tra", "văn phòng ", "trường chính trị",
	};   /* folded: norm_fold also places the tone as "ủy" for "uỷ" */
	const char *const *w = party ? party_words : state;
	size_t nw = party ? sizeof party_words / sizeof *party_words : sizeof state / sizeof *state;
	char *f = norm_fold(s, n);
	int hit = 0;
	for (size_t i = 0; i < nw && !hit; i++)
		hit = strncmp(f, w[i], strlen(w[i])) == 0;
	free(f);
	return hit;
}

void
front_finish_header(parser *p)
{
	if (p->nissuer == 0)
		return;
	/* The superior body above the issuer (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW): the
	 * lines above the first that names a body under them ("ĐẢNG BỘ TỈNH X" over "TỈNH ỦY",
	 * "UBND TỈNH QUẢNG NAM" over "SỞ KHOA HỌC VÀ CÔNG NGHỆ"); "ỦY BAN NHÂN DÂN" over "TỈNH X"
	 * and "BAN CÁN SỰ ĐẢNG" over "UBND TỈNH X" are one name. */
	int party = p->format && strcmp(p->format, "party") == 0;
	int first = 0;
	for (int i = 1; i < p->nissuer && !first; i++)
		if (subordinate(p->issuer[i].s, p->issuer[i].len, party) &&
		    memchr(p->issuer[i - 1].s, ' ', p->issuer[i - 1].len))   /* "ỦY" / "BAN NHÂN DÂN": a word */
			first = i;
	if (first) {
		strbuf sup = {0};
		for (int i = 0; i < first; i++) {
			if (sup.len)
				sb_add(&sup, " ", 1);
			sb_add(&sup, p->issuer[i].s, p->issuer[i].len);
		}
		parse_el(p, p->meta, "superior", p->issuer_line, p->issuer_col, sup.s, sup.len);
		free(sup.s);
	}
	strbuf b = {0}, lines = {0};
	for (int i = first; i < p->nissuer; i++) {
		if (b.len)
			sb_add(&b, " ", 1);
		sb_add(&b, p->issuer[i].s, p->issuer[i].len);
		sb_addf(&lines, "%s%zu", lines.len ? " " : "", utf8_chars(p->issuer[i].s, p->issuer[i].len));
	}
	xmlNodePtr e = parse_el(p, p->meta, "issuer", p->iline[first], p->icol[first], b.s, b.len);
	if (p->nissuer - first > 1)   /* the source's lines: the page breaks the name where it does */
		parse_set_attr(e, "lines", lines.s);
	free(lines.s);
	const library_agency *a = library_agency_find(p->lib, b.s, b.len);
	if (a)
		parse_set_attr(e, "ref", a->id);
	issuer_name(p, e, b.s, b.len);
	free(b.s);
}

void
front_title_done(parser *p)
{
	if (p->title.len) {
		xmlNodePtr e = parse_el(p, p->meta, "title", p->title_tok->line, p->title_col, p->title.s, p->title.len);
		char *t = text_squeeze(p->title.s, p->title.len);
		front_read_citations(p, t, CITE_IN_TITLE, tree_line(e), tree_col(e));
		free(t);
	}
	p->mode = M_BODY;
}

size_t
front_words(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
	return w;
}


/* "KHÓA XIII KỲ HỌP THỨ 7": the term and session a council decides in. */
static int
front_is_term(const char *s, size_t n)
{
	char *f = norm_fold(s, n);
	int r = strncmp(f, "khóa ", strlen("khóa ")) == 0;
	free(f);
	return r;
}

/* Does folded f name the issuer: its whole name, or one of its lines of two words or more;
 * with tail, f may also end with such a line ("ban chấp hành đảng bộ tỉnh x" under "ĐẢNG BỘ
 * TỈNH X")? */
static int
names_issuer(const parser *p, const char *f, int tail)
{
	strbuf all = {0};
	int r = 0;
	size_t fl = strlen(f);
	for (int i = 0; i < p->nissuer && !r; i++) {
		sb_addf(&all, "%s%.*s", all.len ? " " : "", (int)p->issuer[i].len, p->issuer[i].s);
		char *g = norm_fold(p->issuer[i].s, p->issuer[i].len);
		size_t gl = strlen(g);
		r = strchr(g, ' ') != NULL && (strcmp(f, g) == 0 ||
		    (tail && fl > gl && f[fl - gl - 1] == ' ' && strcmp(f + fl - gl, g) == 0));
		free(g);
	}
	if (!r && all.len) {
		char *g = norm_fold(all.s, all.len);
		r = strcmp(f, g) == 0;
		free(g);
	}
	free(all.s);
	return r;
}

/* Does the title end on a word that wants more ("… CỦA", "… VÀ")? The next line goes on with it. */
static int
title_dangles(const parser *p)
{
	static const char *const words[] = { "của", "và", "về", "với", "cho", "tại", "trên", "theo", "số" };
	size_t n = p->title.len, w;
	while (n && p->title.s[n - 1] == ' ')
		n--;
	for (w = n; w && p->title.s[w - 1] != ' '; w--)
		continue;
	char *f = norm_fold(p->title.s + w, n - w);
	int r = 0;
	for (size_t i = 0; i < sizeof words / sizeof *words && !r; i++)
		r = strcmp(f, words[i]) == 0;
	free(f);
	return r;
}

/*
 * The line naming who decides, between a decision's title and its preamble: "CHÍNH PHỦ",
 * "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI", "BỘ TRƯỞNG BỘ ...". In capitals, short, the issuer or an
 * authority's title, and followed by the preamble. Set apart from the title by a blank line
 * (apart: the title's lines are over), it may be followed by any text in sentence case: a
 * Party program's "BAN CHẤP HÀNH ĐẢNG BỘ TỈNH X" above "Ngày 30/01/2023, Bộ Chính trị …".
 * Right under the title's last line, only a preamble's opening words tell it from the title
 * going on ("… CỦA" / "BỘ CHÍNH TRỊ"), or an authority naming the issuer ("BAN CHẤP HÀNH ĐẢNG
 * BỘ TỈNH X" under "ĐẢNG BỘ TỈNH X") under a title that does not end on a word wanting more.
 */
int
front_is_authority(parser *p, const lex_token *t, int apart)
{
	static const char *const heads[] = {
		"chính phủ", "thủ tướng", "bộ trưởng", "chủ tịch", "ủy ban nhân dân", "hội đồng nhân dân",
		"ban thường vụ", "ban chấp hành", "ban bí thư", "bộ chính trị", "tỉnh ủy", "thành ủy", "giám đốc",
	};
	if (t->cls != LX_TEXT && t->cls != LX_SIGN_TITLE)
		return 0;
	if (utf8_has_lower(t->s, t->len) || front_words(t->s, t->len) > 12)
		return 0;
	const lex_token *nx = NULL;
	const lex_token *term = NULL;   /* a council's "KHÓA XIII, KỲ HỌP THỨ 7" under its name, once */
	for (size_t i = p->ti + 1; p->toks && i < p->toks->n && !nx; i++) {
		const lex_token *u = &p->toks->v[i];
		if (u->cls == LX_BLANK || u->cls == LX_NOISE)
			continue;
		if (!term && !utf8_has_lower(u->s, u->len) && front_is_term(u->s, u->len)) {
			term = u;
			continue;
		}
		nx = u;
	}
	if (!nx)
		return 0;
	int sentence = nx->cls == LX_TEXT && utf8_has_lower(nx->s, nx->len);
	char *f = norm_fold(t->s, t->len);
	int head = 0, r = 0;
	for (size_t i = 0; i < sizeof heads / sizeof heads[0] && !head; i++)
		head = strncmp(f, heads[i], strlen(heads[i])) == 0;
	if (front_is_preamble_start(nx->s, nx->len) || (sentence && apart)) {
		r = head;
		for (int i = 0; i < p->nissuer && !r; i++) {
			char *g = norm_fold(p->issuer[i].s, p->issuer[i].len);
			r = strcmp(f, g) == 0;
			free(g);
		}
	} else if (sentence)   /* under the title: an authority that names the issuer ("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH X") */
		r = head && names_issuer(p, f, 1) && !title_dangles(p);
	free(f);
	if (r && term)
		p->skip = term;   /* read with the authority: not the preamble's */
	return r;
}

/*
 * The issuer's name said again between the header and the document's kind ("ỦY BAN NHÂN DÂN
 * TỈNH X" over "KẾ HOẠCH", as a site repeats the masthead): not a title. The whole name, or
 * one of its lines of two words or more, in capitals, with the kind next.
 */
int
front_is_masthead_again(parser *p, const lex_token *t)
{
	if (t->cls != LX_TEXT || p->nissuer == 0 || utf8_has_lower(t->s, t->len))
		return 0;
	const lex_token *nx = NULL;
	for (size_t i = p->ti + 1; p->toks && i < p->toks->n && !nx; i++)
		if (p->toks->v[i].cls != LX_BLANK && p->toks->v[i].cls != LX_NOISE)
			nx = &p->toks->v[i];
	if (!nx || nx->cls != LX_KIND)
		return 0;
	char *f = norm_fold(t->s, t->len);
	int r = names_issuer(p, f, 0);
	free(f);
	return r;
}

int
front_is_preamble_start(const char *s, size_t n)
{
	static const char *const starts[] = { "Thực hiện", "Căn cứ", "Triển khai", "Để", "Nhằm", "Theo đề nghị", "Theo đề xuất",
		"Xét ", "Trên cơ sở" };   /* "Xét" for "Xét đề nghị", "Xét Tờ trình" */
	for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		size_t l = strlen(starts[i]);
		if (n >= l && memcmp(s, starts[i], l) == 0)
			return 1;
	}
	return 0;
}
