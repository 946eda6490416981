/*
 * docx.c: Word's .docx (Office Open XML) read through Word's own structure, into the lines the
 * lexer reads (see docx.h for the layout), with a map back to paragraphs.
 *
 * Safety: the archive is read from memory with libzip; at most DOCX_MAX_ENTRIES entries, no
 * entry name that is absolute or climbs ("..") or uses backslashes, each part read to at most
 * DOCX_MAX_PART bytes whatever its header claims and refused past DOCX_MAX_RATIO times its
 * compressed size (a zip bomb), at most DOCX_MAX_NODES XML nodes in all parts (counted before
 * the parse: the tree is the memory). XML is parsed with XML_PARSE_NONET and without entity
 * substitution or DTD loading; a part that declares a DOCTYPE is refused (OOXML never has one).
 *
 * What is read: w:body's paragraphs, tables (w:gridSpan, w:vMerge), content controls, text
 * boxes (w:txbxContent, the mc:Choice of an mc:AlternateContent only), field results (not the
 * instructions), soft breaks, list numbers resolved through numbering.xml and styles.xml.
 * Tracked changes are read as accepted (w:ins, w:moveTo kept; w:del, w:moveFrom dropped) and
 * counted for one note. Comments, footnotes, hidden text and deleted text are not text.
 */
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "docxread.h"

/* ---- output: lines and the map ---- */

void
docx_seg_add(reader *r, unsigned col, unsigned para, unsigned pcol)
{
	if (r->nsegs == r->capsegs) {
		r->capsegs = r->capsegs ? r->capsegs * 2 : 256;
		r->segs = xrealloc(r->segs, r->capsegs * sizeof *r->segs);
	}
	r->segs[r->nsegs++] = (apc_seg){ r->line + 1, col, para, pcol };
}

/* Write one line of pieces joined by tabs (tabs inside a piece become spaces). */
static void
emit(reader *r, const piece *pc, size_t n)
{
	unsigned col = 1;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			sb_add(r->text, "\t", 1);
			col++;
		}
		docx_seg_add(r, col, pc[i].para, pc[i].pcol);
		for (size_t k = 0; k < pc[i].len; k++) {
			char c = pc[i].s[k];
			sb_add(r->text, n > 1 && (c == '\t' || c == '|') ? " " : &pc[i].s[k], 1);
		}
		col += (unsigned)utf8_chars(pc[i].s, pc[i].len);
	}
	sb_add(r->text, "\n", 1);
	r->line++;
}

/* Blank lines until the line count catches up with the paragraph count, so that line N is
 * paragraph N wherever no soft break split a paragraph. */
void
docx_pad(reader *r)
{
	while (r->line < r->npara) {
		sb_add(r->text, "\n", 1);
		r->line++;
	}
}

/* ---- paragraphs ---- */

/* Characters of a paragraph by their properties, for its dominant format. */
typedef struct tally { props p; size_t chars; } tally;

static void walk_runs(reader *, xmlNodePtr, strbuf *, cparas *, tally *, const props *);

static void
cparas_push(cparas *v, char *s, size_t len, unsigned no)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = (cpara){ s, len, no };
}

void
docx_cparas_free(cparas *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i].s);
	free(v->v);
	memset(v, 0, sizeof *v);
}

/* Text boxes inside a drawing or a VML picture: only their w:txbxContent, never DrawingML
 * text (charts, SmartArt), and of an mc:AlternateContent only the first choice. */
static void
find_boxes(reader *r, xmlNodePtr n, cparas *boxes)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "txbxContent")) {
			if (r->depth < MAX_DEPTH) {
				r->depth++;
				r->in_cell++;
				for (xmlNodePtr b = c->children; b; b = b->next)
					docx_collect_block(r, b, boxes);
				r->in_cell--;
				r->depth--;
			}
		} else if (is_mc(c, "AlternateContent")) {
			for (xmlNodePtr k = c->children; k; k = k->next)
				if (is_mc(k, "Choice") || is_mc(k, "Fallback")) {
					find_boxes(r, k, boxes);
					break;
				}
		} else if (r->depth < MAX_DEPTH) {
			r->depth++;
			find_boxes(r, c, boxes);
			r->depth--;
		}
	}
}


static void
add_text(strbuf *b, const char *s, tally *t, const props *rp)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		sb_add(b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? " " : s + i, 1);
	if (t && n) {
		size_t k = utf8_chars(s, n);
		/* the first run with the most text wins: a table of four kinds is enough */
		for (int i = 0; i < 4; i++) {
			if (t[i].chars == 0) {
				t[i].p = *rp;
				t[i].chars = k;
				break;
			}
			if (strcmp(t[i].p.font, rp->font) == 0 && t[i].p.sz == rp->sz && t[i].p.b == rp->b &&
			    t[i].p.i == rp->i && t[i].p.caps == rp->caps) {
				t[i].chars += k;
				break;
			}
		}
	}
}

static void
walk_run(reader *r, xmlNodePtr run, strbuf *b, cparas *boxes, tally *t, const props *pp)
{
	props rp = *pp, own;
	xmlNodePtr rpr = wchild(run, "rPr");
	docx_style_props(r, wattr(wchild(rpr, "rStyle"), "val"), &rp, 0);
	docx_props_read(rpr, &own);
	docx_props_merge(&rp, &own);
	if (wchild(rpr, "rPrChange"))
		r->fmtchanges++;
	for (xmlNodePtr c = run->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "fldChar")) {
			const char *ty = wattr(c, "fldCharType");
			if (ty && strcmp(ty, "begin") == 0) {
				if (r->nfld < 16)
					r->fld[r->nfld] = 0;
				r->nfld++;
			} else if (ty && strcmp(ty, "separate") == 0) {
				if (r->nfld > 0 && r->nfld <= 16)
					r->fld[r->nfld - 1] = 1;
			} else if (ty && strcmp(ty, "end") == 0 && r->nfld > 0)
				r->nfld--;
			continue;
		}
		/* inside a field's instruction nothing is text; hidden text is not either */
		int instr = r->nfld > 0 && r->nfld <= 16 && r->fld[r->nfld - 1] == 0;
		if (is_w(c, "drawing") || is_w(c, "pict") || is_w(c, "object") || is_mc(c, "AlternateContent")) {
			find_boxes(r, c, boxes);
			continue;
		}
		if (instr || rp.vanish > 0)
			continue;
		if (is_w(c, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			if (s) {
				char *legacy = docx_legacy_text(r, (const char *)s, rp.font);
				add_text(b, legacy ? legacy : (const char *)s, t, &rp);
				free(legacy);
			}
			xmlFree(s);
		} else if (is_w(c, "tab") || is_w(c, "ptab")) {
			sb_add(b, "\t", 1);
		} else if (is_w(c, "br")) {
			const char *ty = wattr(c, "type");
			sb_add(b, ty && strcmp(ty, "textWrapping") != 0 ? " " : "\n", 1);
		} else if (is_w(c, "cr")) {
			sb_add(b, "\n", 1);
		} else if (is_w(c, "noBreakHyphen")) {
			sb_add(b, "-", 1);
		}
		/* w:delText, w:instrText, w:softHyphen, footnote and comment references: not text */
	}
}


/* The runs of a paragraph, or of what holds runs inside one (hyperlinks, insertions, simple
 * fields, content controls, smart tags). */
static void
walk_runs(reader *r, xmlNodePtr n, strbuf *b, cparas *boxes, tally *t, const props *pp)
{
	if (r->depth >= MAX_DEPTH)
		return;
	r->depth++;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, "r")) {
			walk_run(r, c, b, boxes, t, pp);
		} else if (is_w(c, "del")) {
			r->del++;
		} else if (is_w(c, "moveFrom")) {
			r->moves++;
		} else if (is_w(c, "ins") || is_w(c, "moveTo")) {
			if (is_w(c, "ins"))
				r->ins++;
			else
				r->moves++;
			walk_runs(r, c, b, boxes, t, pp);
		} else if (is_w(c, "hyperlink") || is_w(c, "smartTag") || is_w(c, "customXml") ||
		    is_w(c, "fldSimple") || is_w(c, "sdtContent") || is_w(c, "dir") || is_w(c, "bdo")) {
			walk_runs(r, c, b, boxes, t, pp);
		} else if (is_w(c, "sdt")) {
			xmlNodePtr sc = wchild(c, "sdtContent");
			if (sc)
				walk_runs(r, sc, b, boxes, t, pp);
		} else if (is_mc(c, "AlternateContent")) {
			for (xmlNodePtr k = c->children; k; k = k->next)
				if (is_mc(k, "Choice") || is_mc(k, "Fallback")) {
					walk_runs(r, k, b, boxes, t, pp);
					break;
				}
		}
		/* w:pPr, bookmarks, comment ranges and references, proofing marks: not text */
	}
	r->depth--;
}

/* A new paragraph number. */
static unsigned
para_new(reader *r)
{
	unsigned no = ++r->npara;
	if (no > r->capptext) {
		size_t old = r->capptext;
		r->capptext = r->capptext ? r->capptext * 2 : 256;
		r->ptext = xrealloc(r->ptext, r->capptext * sizeof *r->ptext);
		memset(r->ptext + old, 0, (r->capptext - old) * sizeof *r->ptext);
	}
	return no;
}

static void
fmt_add(reader *r, unsigned no, const tally *t, const char *jc, size_t chars)
{
	docx_format *f = r->fmt;
	const tally *best = NULL;
	for (int i = 0; i < 4; i++)
		if (t[i].chars && (best == NULL || t[i].chars > best->chars))
			best = &t[i];
	if (best == NULL)
		return;
	if (f->nparas == r->capfmt) {
		r->capfmt = r->capfmt ? r->capfmt * 2 : 256;
		f->paras = xrealloc(f->paras, r->capfmt * sizeof *f->paras);
	}
	docx_para_fmt *q = &f->paras[f->nparas++];
	memset(q, 0, sizeof *q);
	q->para = no;
	memcpy(q->font, best->p.font, sizeof q->font);
	if (strcmp(q->font, "+minor") == 0 || strcmp(q->font, "+major") == 0)
		memcpy(q->font, q->font[1] == 'm' && q->font[2] == 'i' ? r->minor : r->major, sizeof q->font);
	q->sz = best->p.sz;
	q->bold = best->p.b > 0;
	q->italic = best->p.i > 0;
	q->caps = best->p.caps > 0;
	if (jc) {
		size_t n = strlen(jc) < sizeof q->jc - 1 ? strlen(jc) : sizeof q->jc - 1;
		memcpy(q->jc, jc, n);
	}
	q->chars = (unsigned)chars;
	q->in_table = r->in_cell > 0;
}

static void
section_add(reader *r, xmlNodePtr sp)
{
	docx_format *f = r->fmt;
	if (f->nsecs == r->capsec) {
		r->capsec = r->capsec ? r->capsec * 2 : 4;
		f->secs = xrealloc(f->secs, r->capsec * sizeof *f->secs);
	}
	docx_section *s = &f->secs[f->nsecs++];
	memset(s, 0, sizeof *s);
	s->first_para = r->sec_start ? r->sec_start : 1;
	xmlNodePtr sz = wchild(sp, "pgSz"), mar = wchild(sp, "pgMar");
	s->w = (unsigned)wint(sz, "w", 0);
	s->h = (unsigned)wint(sz, "h", 0);
	s->top = wint(mar, "top", 0);
	s->right = wint(mar, "right", 0);
	s->bottom = wint(mar, "bottom", 0);
	s->left = wint(mar, "left", 0);
	s->set = sz != NULL && mar != NULL;
	s->title_page = onoff(sp, "titlePg") > 0;
	r->sec_start = r->npara + 1;
}

/* One paragraph: its number text and runs, then the paragraphs of its text boxes. */
static void
collect_para(reader *r, xmlNodePtr p, cparas *out)
{
	xmlNodePtr ppr = wchild(p, "pPr"), np = wchild(ppr, "numPr");
	const char *sid = wattr(wchild(ppr, "pStyle"), "val");
	const char *jc = NULL;
	int num_id = -1, ilvl = 0;
	docx_style_num(r, sid, &num_id, &ilvl, &jc, 0);
	if (np) {
		if (wchild(np, "numId"))
			num_id = wint(wchild(np, "numId"), "val", -1);
		if (wchild(np, "ilvl"))
			ilvl = wint(wchild(np, "ilvl"), "val", 0);
	}
	if (wchild(ppr, "jc"))
		jc = wattr(wchild(ppr, "jc"), "val");
	if (wchild(ppr, "pPrChange"))
		r->fmtchanges++;
	xmlNodePtr mark = wchild(wchild(ppr, "rPr"), "del");
	if (mark)
		r->del++;

	unsigned no = para_new(r);
	props pp = r->defaults;
	docx_style_props(r, sid, &pp, 0);
	strbuf b = {0};
	cparas boxes = {0};
	tally t[4];
	memset(t, 0, sizeof t);
	if (num_id > 0)
		docx_list_number(r, num_id, ilvl, &b);
	size_t numlen = b.len;
	walk_runs(r, p, &b, &boxes, t, &pp);
	/* an item whose text is all deleted keeps no number */
	if (b.len == numlen)
		b.len = 0;
	char *s = sb_take(&b);
	utf8_cut_mark_runs(s);
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	if (nfc) {
		free(s);
		s = (char *)nfc;
	}
	size_t len = strlen(s);
	char *disp = xstrndup(s, len);
	for (char *q = disp; *q; q++)
		if (*q == '\n' || *q == '\t')
			*q = ' ';
	r->ptext[no - 1] = disp;
	fmt_add(r, no, t, jc, utf8_chars(s, len));
	cparas_push(out, s, len, no);
	for (size_t i = 0; i < boxes.n; i++)
		cparas_push(out, boxes.v[i].s, boxes.v[i].len, boxes.v[i].no);
	free(boxes.v);
	xmlNodePtr sp = wchild(ppr, "sectPr");
	if (sp)
		section_add(r, sp);
}

static void collect_table(reader *, xmlNodePtr, cparas *);

void
docx_collect_block(reader *r, xmlNodePtr n, cparas *out)
{
	if (r->depth >= MAX_DEPTH)
		return;
	r->depth++;
	if (is_w(n, "p"))
		collect_para(r, n, out);
	else if (is_w(n, "tbl"))
		collect_table(r, n, out);
	else if (is_w(n, "sdt")) {
		xmlNodePtr sc = wchild(n, "sdtContent");
		for (xmlNodePtr c = sc ? sc->children : NULL; c; c = c->next)
			docx_collect_block(r, c, out);
	} else if (is_w(n, "customXml") || is_w(n, "ins") || is_w(n, "moveTo")) {
		for (xmlNodePtr c = n->children; c; c = c->next)
			docx_collect_block(r, c, out);
	} else if (is_mc(n, "AlternateContent")) {
		for (xmlNodePtr k = n->children; k; k = k->next)
			if (is_mc(k, "Choice") || is_mc(k, "Fallback")) {
				for (xmlNodePtr c = k->children; c; c = c->next)
					docx_collect_block(r, c, out);
				break;
			}
	}
	r->depth--;
}

static void
collect_table(reader *r, xmlNodePtr tbl, cparas *out)
{
	for (xmlNodePtr tr = tbl->children; tr; tr = tr->next)
		for (xmlNodePtr tc = tr->children; tc; tc = tc->next)
			if (is_w(tc, "tc"))
				for (xmlNodePtr c = tc->children; c; c = c->next)
					docx_collect_block(r, c, out);
}

/* ---- the body ---- */

static void
body(reader *r, xmlNodePtr n)
{
	if (r->depth >= MAX_DEPTH)
		return;
	r->depth++;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (is_w(c, "p")) {
			cparas v = {0};
			collect_para(r, c, &v);
			/* one line per paragraph and per soft break in it */
			for (size_t i = 0; i < v.n; i++) {
				size_t off = 0;
				do {
					const char *s = v.v[i].s + off;
					const char *nl = memchr(s, '\n', v.v[i].len - off);
					size_t len = nl ? (size_t)(nl - s) : v.v[i].len - off;
					piece pc = { s, len, v.v[i].no, 1 + (unsigned)utf8_chars(v.v[i].s, off) };
					emit(r, &pc, 1);
					off += len + 1;
				} while (off <= v.v[i].len);
			}
			docx_cparas_free(&v);
			docx_pad(r);
		} else if (is_w(c, "tbl")) {
			docx_table(r, c);
		} else if (is_w(c, "sdt")) {
			xmlNodePtr sc = wchild(c, "sdtContent");
			if (sc)
				body(r, sc);
		} else if (is_w(c, "customXml")) {
			body(r, c);
		} else if (is_mc(c, "AlternateContent")) {
			for (xmlNodePtr k = c->children; k; k = k->next)
				if (is_mc(k, "Choice") || is_mc(k, "Fallback")) {
					body(r, k);
					break;
				}
		} else if (is_w(c, "sectPr")) {
			section_add(r, c);
		}
	}
	r->depth--;
}

/* Does a header or footer part hold a PAGE field? */
static int
has_page_field(const char *s, size_t n)
{
	for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), "PAGE", 4)) != NULL; p += 4) {
		char before = p > s ? p[-1] : ' ', after = p + 4 < s + n ? p[4] : ' ';
		if (strchr(" \">", before) && strchr(" \"<\\", after))
			return 1;
	}
	return 0;
}

/* Note a PAGE field in the first DOCX_MAX_HEADERS header and footer parts. 0, or -1 when a
 * part is refused (r->pk.err). */
static int
page_fields(reader *r)
{
	for (zip_int64_t i = 0, seen = 0; i < (zip_int64_t)r->pk.nentries && seen < DOCX_MAX_HEADERS; i++) {
		const char *name = zip_get_name(r->pk.z, (zip_uint64_t)i, 0);
		if (name == NULL || strncmp(name, "word/", 5) != 0 ||
		    (strncmp(name + 5, "header", 6) != 0 && strncmp(name + 5, "footer", 6) != 0))
			continue;
		seen++;
		char *buf = NULL;
		size_t len = 0;
		int got = docx_part(&r->pk, name, &buf, &len);
		if (got < 0)
			return -1;
		if (got > 0 && has_page_field(buf, len)) {
			r->fmt->page_numbers = 1;
			if (name[5] == 'h')
				r->fmt->page_number_header = 1;
		}
		free(buf);
	}
	return 0;
}

/* The body of r->doc (styles, numbering and the page format already loaded, or absent) into
 * the lines, the paragraphs and the map: 0, or -1 with r->pk.err. */
static int
read_body(reader *r, apc_source *src, apc_diags *d)
{
	docx_load_styles(r);
	docx_load_numbering(r);
	docx_theme_fonts(r);
	xmlNodePtr root = xmlDocGetRootElement(r->doc);
	xmlNodePtr bd = is_w(root, "document") ? wchild(root, "body") : NULL;
	if (bd == NULL) {
		r->pk.err = xstrdup("word/document.xml has no w:body");
		return -1;
	}
	r->sec_start = 1;
	r->d = d;
	body(r, bd);

	strbuf pb = {0};
	for (unsigned i = 0; i < r->npara; i++) {
		if (r->ptext[i])
			sb_adds(&pb, r->ptext[i]);
		sb_add(&pb, "\n", 1);
	}
	src->paras = sb_take(&pb);
	src->segs = r->segs;
	src->nsegs = r->nsegs;
	r->segs = NULL;
	if (r->ins + r->del + r->moves + r->fmtchanges)
		diag_emit(d, D_DOCX_TRACKED_CHANGES, 1, 1, r->ins, r->del, r->moves, r->fmtchanges);
	if (r->legacy_runs)
		diag_emit(d, D_DOCX_LEGACY_FONT, 1, 1, r->legacy_runs, enc_name((enc_kind)r->legacy_enc), r->legacy_font);
	return 0;
}

static void
reader_free(reader *r)
{
	docx_pkg_close(&r->pk);
	xmlFreeDoc(r->doc);
	xmlFreeDoc(r->styles);
	xmlFreeDoc(r->numbering);
	free(r->st);
	free(r->abs);
	free(r->nums);
	free(r->segs);
	for (size_t i = 0; i < r->capptext; i++)
		free(r->ptext[i]);
	free(r->ptext);
	docx_format_free(r->fmt);
}

int
docx_read(const char *bytes, size_t n, strbuf *text, apc_source *src, apc_diags *d)
{
	reader r;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.text = text;
	r.fmt = xcalloc(1, sizeof *r.fmt);
	if (docx_pkg_open(&r.pk, bytes, n) != 0)
		goto out;
	if ((r.doc = docx_part_xml(&r.pk, "word/document.xml", 1)) == NULL)
		goto out;
	r.styles = docx_part_xml(&r.pk, "word/styles.xml", 0);
	if (r.pk.err)
		goto out;
	r.numbering = docx_part_xml(&r.pk, "word/numbering.xml", 0);
	if (r.pk.err)
		goto out;
	if (page_fields(&r) != 0)
		goto out;
	if (read_body(&r, src, d) != 0)
		goto out;
	src->format = r.fmt;
	r.fmt = NULL;
	rc = 0;
out:
	if (rc != 0)
		diag_emit(d, D_DOCX_UNREADABLE, 0, 0, r.pk.err ? r.pk.err : "?", r.pk.err ? r.pk.err : "?");
	reader_free(&r);
	return rc;
}

int
docx_read_tree(xmlDocPtr doc, xmlDocPtr numbering, strbuf *text, apc_source *src, apc_diags *d)
{
	reader r;
	memset(&r, 0, sizeof r);
	r.text = text;
	r.fmt = xcalloc(1, sizeof *r.fmt);   /* gathered, not kept: no page format to check */
	r.doc = doc;
	r.numbering = numbering;
	int rc = read_body(&r, src, d);
	reader_free(&r);
	return rc;
}

void
docx_format_free(docx_format *f)
{
	if (f == NULL)
		return;
	free(f->paras);
	free(f->secs);
	free(f);
}

