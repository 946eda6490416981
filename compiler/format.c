/*
 * format.c: the presentation (thể thức) of a .docx against the standard its kind follows:
 * Nghị định 30/2020/NĐ-CP, Phụ lục I for state bodies, Hướng dẫn 36-HD/VPTW for Party bodies.
 * Only what ../shared/corpus/FACTS.md verifies is a warning:
 *
 *   both:  A4 paper (either orientation); Times New Roman; the place and date in italics
 *   state: margins top 20-25, bottom 20-25, left 30-35, right 15-20 mm; body text 13-14 pt;
 *          page numbers centred in the top margin, none on page 1
 *   party: ĐẢNG CỘNG SẢN VIỆT NAM bold capitals 15 pt; the issuer capitals 14 pt, bold
 *
 * The Party margins come from a provincial handbook (25/25/35/15 mm), the guide's own figures
 * unverified: format-margin-party is a note and says so. Everything else (the state header's
 * sizes, the Party body size) is not checked. Each check reports once per document, at the
 * first paragraph at fault, with a count. Runs after docx_remap: lines are paragraphs.
 */
#include <stdlib.h>
#include <string.h>
#include "docx.h"

#define TWIPS_PER_MM (1440.0 / 25.4)

static unsigned
mm(int twips)
{
	return (unsigned)(twips / TWIPS_PER_MM + 0.5);
}

static const docx_para_fmt *
para_fmt(const docx_format *f, unsigned para)
{
	size_t lo = 0, hi = f->nparas;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->paras[mid].para < para)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nparas && f->paras[lo].para == para ? &f->paras[lo] : NULL;
}

/* The paragraph's text (lines are paragraphs now), trimmed. */
static const char *
para_text(const apc_source *src, unsigned para, size_t *len)
{
	if (para == 0 || para > src->nlines) {
		*len = 0;
		return "";
	}
	const char *s = src->lines[para - 1].s;
	size_t n = src->lines[para - 1].len;
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

static unsigned
meta_line(xmlDocPtr doc, const char *name)
{
	xmlNodePtr m = tree_child(xmlDocGetRootElement(doc), "meta");
	return tree_line(tree_child(m, name));
}

static void
check_paper(const docx_format *f, apc_diags *d)
{
	for (size_t i = 0; i < f->nsecs; i++) {
		const docx_section *s = &f->secs[i];
		if (s->w == 0 || s->h == 0)
			continue;
		unsigned a = mm((int)s->w), b = mm((int)s->h), lo = a < b ? a : b, hi = a < b ? b : a;
		if (lo < 208 || lo > 212 || hi < 295 || hi > 299) {
			diag_emit(d, D_FORMAT_PAPER, s->first_para, 1, a, b);
			return;
		}
	}
}

static void
check_margins(const docx_format *f, int party, apc_diags *d)
{
	static const char *const side[4][2] = {
		{ "trên", "top" }, { "dưới", "bottom" }, { "trái", "left" }, { "phải", "right" },
	};
	/* state: Nghị định 30/2020 (verified); party: a provincial handbook (unverified) */
	static const unsigned state_rng[4][2] = { { 20, 25 }, { 20, 25 }, { 30, 35 }, { 15, 20 } };
	static const unsigned party_rng[4][2] = { { 23, 27 }, { 23, 27 }, { 33, 37 }, { 13, 17 } };
	for (size_t i = 0; i < f->nsecs; i++) {
		const docx_section *s = &f->secs[i];
		if (!s->set || s->w > s->h)     /* a landscape section (a wide appendix table): not checked */
			continue;
		int v[4] = { s->top, s->bottom, s->left, s->right };
		for (int k = 0; k < 4; k++) {
			unsigned m = mm(v[k] < 0 ? -v[k] : v[k]);
			const unsigned *r = party ? party_rng[k] : state_rng[k];
			if (m < r[0] || m > r[1]) {
				if (party)
					diag_emit(d, D_FORMAT_MARGIN_PARTY, s->first_para, 1, side[k][0], side[k][1], m, r[0] + 2);
				else
					diag_emit(d, D_FORMAT_MARGIN, s->first_para, 1, side[k][0], side[k][1], m, r[0], r[1]);
				return;
			}
		}
	}
}

static int
is_tnr(const char *font)
{
	return strcasecmp(font, "Times New Roman") == 0;
}

static void
check_fonts(const docx_format *f, apc_diags *d)
{
	const docx_para_fmt *first = NULL;
	unsigned count = 0;
	for (size_t i = 0; i < f->nparas; i++) {
		const docx_para_fmt *q = &f->paras[i];
		if (q->chars < 2 || is_tnr(q->font))
			continue;
		if (first == NULL)
			first = q;
		count++;
	}
	if (first)
		diag_emit(d, D_FORMAT_FONT, first->para, 1, count, first->font[0] ? first->font : "?");
}

/* Body text: paragraphs after the title and before the recipients or signature, outside
 * tables, long enough to be prose and not a heading in capitals. */
static void
check_body_size(const docx_format *f, const apc_source *src, xmlDocPtr doc, apc_diags *d)
{
	unsigned from = meta_line(doc, "title"), to = (unsigned)src->nlines + 1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (xmlStrcmp(c->name, BAD_CAST "recipients") == 0 ||
		    xmlStrcmp(c->name, BAD_CAST "signature") == 0 || xmlStrcmp(c->name, BAD_CAST "appendix") == 0)) {
			unsigned l = tree_line(c);
			if (l && l < to)
				to = l;
		}
	const docx_para_fmt *first = NULL;
	unsigned count = 0;
	for (size_t i = 0; i < f->nparas; i++) {
		const docx_para_fmt *q = &f->paras[i];
		if (q->para <= from || q->para >= to || q->in_table || q->chars < 60 || q->sz == 0)
			continue;
		size_t n;
		const char *s = para_text(src, q->para, &n);
		if (!utf8_has_lower(s, n))
			continue;
		if (q->sz >= 26 && q->sz <= 28)
			continue;
		if (first == NULL)
			first = q;
		count++;
	}
	if (first) {
		char pt[16];
		snprintf(pt, sizeof pt, first->sz % 2 ? "%u.5" : "%u", first->sz / 2);
		diag_emit(d, D_FORMAT_SIZE, first->para, 1, count, pt);
	}
}

/* The first paragraph among the first ones whose text starts with what. */
static unsigned
find_para(const apc_source *src, const char *what, unsigned within)
{
	for (unsigned p = 1; p <= src->nlines && p <= within; p++) {
		size_t n;
		const char *s = para_text(src, p, &n);
		if (n >= strlen(what) && strncmp(s, what, strlen(what)) == 0)
			return p;
	}
	return 0;
}

static void
check_header(const docx_format *f, const apc_source *src, xmlDocPtr doc, int party, apc_diags *d)
{
	unsigned kind = meta_line(doc, "kind");
	unsigned within = kind ? kind : 20;
	const docx_para_fmt *q;
	if (party) {
		unsigned p = find_para(src, "ĐẢNG CỘNG SẢN VIỆT NAM", within);
		if (p && (q = para_fmt(f, p)) != NULL && (!q->bold || q->sz != 30))
			diag_emit(d, D_FORMAT_NATIONAL, p, 1, q->sz / 2, q->bold ? "" : ", không đậm", q->bold ? "" : ", not bold");
		unsigned is = meta_line(doc, "issuer");
		if (is && is < within && (q = para_fmt(f, is)) != NULL) {
			size_t n;
			const char *s = para_text(src, is, &n);
			int caps = q->caps || !utf8_has_lower(s, n);
			if (!q->bold || !caps || (q->sz && q->sz != 28))
				diag_emit(d, D_FORMAT_ISSUER, is, 1, q->sz / 2, q->bold ? "" : ", không đậm", caps ? "" : ", không in hoa",
				    q->bold ? "" : ", not bold", caps ? "" : ", not in capitals");
		}
	}
	unsigned pd = meta_line(doc, "place");
	if (pd == 0)
		pd = meta_line(doc, "date");
	xmlNodePtr meta = tree_child(xmlDocGetRootElement(doc), "meta");
	xmlChar *from = meta ? xmlGetProp(meta, BAD_CAST "source") : NULL;
	int in_header = from == NULL || xmlStrcmp(from, BAD_CAST "header") == 0;
	xmlFree(from);
	if (pd && in_header && (q = para_fmt(f, pd)) != NULL && !q->italic)
		diag_emit(d, D_FORMAT_PLACE_DATE, pd, 1);
}

static void
check_page_numbers(const docx_format *f, apc_diags *d)
{
	if (!f->page_numbers)
		return;
	if (!f->page_number_header)
		diag_emit(d, D_FORMAT_PAGE_NUMBER, 0, 0, "đặt ở chân trang, không ở giữa lề trên", "are in the footer, not centred in the top margin");
	else if (f->nsecs && !f->secs[0].title_page)
		diag_emit(d, D_FORMAT_PAGE_NUMBER, 0, 0, "có ở trang đầu", "appear on the first page");
}

void
format_run(xmlDocPtr doc, const apc_source *src, apc_diags *d)
{
	const docx_format *f = src->format;
	if (f == NULL || doc == NULL)
		return;
	xmlChar *kind = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "format");
	int party = kind && xmlStrcmp(kind, BAD_CAST "party") == 0;
	int state = kind && xmlStrcmp(kind, BAD_CAST "state") == 0;
	xmlFree(kind);
	check_paper(f, d);
	check_fonts(f, d);
	check_header(f, src, doc, party, d);
	if (party || state)
		check_margins(f, party, d);
	if (state) {
		check_body_size(f, src, doc, d);
		check_page_numbers(f, d);
	}
}
