/*
 * docx.c: Word's .docx (Office Open XML) read through Word's own structure, into the lines the
 * lexer reads (see docx.h for the layout), with a map back to paragraphs.
 *
 * Safety: the archive is read from memory with libzip; at most DOCX_MAX_ENTRIES entries, no
 * entry name that is absolute or climbs ("..") or uses backslashes, each part read to at most
 * DOCX_MAX_PART bytes whatever its header claims and refused past DOCX_MAX_RATIO times its
 * compressed size (a zip bomb). XML is parsed with XML_PARSE_NONET and without entity
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
#include "docx.h"

#define DOCX_MAX_ENTRIES 4096
#define DOCX_MAX_PART    (48u << 20)
#define DOCX_MAX_RATIO   200u
#define DOCX_MAX_TOTAL   (96u << 20)  /* all parts read, together */
#define DOCX_MAX_HEADERS 32           /* header and footer parts looked at */
#define MAX_DEPTH        64      /* nested tables, text boxes, content controls */

#define W_NS   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_S "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS  "http://schemas.openxmlformats.org/markup-compatibility/2006"

int
docx_is_zip(const char *bytes, size_t n)
{
	return n >= 4 && memcmp(bytes, "PK\003\004", 4) == 0;
}

/* ---- XML helpers ---- */

static int
is_w(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL && n->ns->href != NULL &&
	    (strcmp((const char *)n->ns->href, W_NS) == 0 || strcmp((const char *)n->ns->href, W_NS_S) == 0) &&
	    strcmp((const char *)n->name, name) == 0;
}

static int
is_mc(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, MC_NS) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute w:name (any namespace), or NULL; points into the tree. */
static const char *
wattr(xmlNodePtr n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static xmlNodePtr
wchild(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

static int
wint(xmlNodePtr n, const char *name, int dflt)
{
	const char *v = wattr(n, name);
	return v ? atoi(v) : dflt;
}

/* An on/off property (<w:b/>, <w:b w:val="0"/>): -1 absent, 0 off, 1 on. */
static int
onoff(xmlNodePtr rpr, const char *name)
{
	xmlNodePtr e = wchild(rpr, name);
	if (e == NULL)
		return -1;
	const char *v = wattr(e, "val");
	return !(v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0));
}

/* ---- zip ---- */

typedef struct pkg {
	zip_t *z;
	char *err;       /* malloc'd reason, when a part is refused */
	size_t total;    /* bytes inflated so far */
} pkg;

/* Read the part name into *buf (NUL-terminated). 1 read, 0 absent, -1 refused (pk->err). */
static int
part(pkg *pk, const char *name, char **buf, size_t *len)
{
	zip_stat_t st;
	zip_stat_init(&st);
	zip_int64_t idx = zip_name_locate(pk->z, name, ZIP_FL_NOCASE);
	if (idx < 0 || zip_stat_index(pk->z, (zip_uint64_t)idx, 0, &st) != 0)
		return 0;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > DOCX_MAX_PART) {
		pk->err = xasprintf("%s is %llu bytes uncompressed (at most %u)", name, (unsigned long long)st.size, DOCX_MAX_PART);
		return -1;
	}
	zip_file_t *f = zip_fopen_index(pk->z, (zip_uint64_t)idx, 0);
	if (f == NULL) {
		pk->err = xasprintf("%s: %s", name, zip_strerror(pk->z));
		return -1;
	}
	size_t cap = (st.valid & ZIP_STAT_SIZE) && st.size < DOCX_MAX_PART ? (size_t)st.size + 1 : 65536, n = 0;
	char *p = xmalloc(cap + 1);
	int rc = 1;
	for (;;) {
		if (n == cap) {
			if (cap > DOCX_MAX_PART) {
				pk->err = xasprintf("%s inflates past %u bytes", name, DOCX_MAX_PART);
				rc = -1;
				break;
			}
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
		zip_int64_t r = zip_fread(f, p + n, cap - n);
		if (r < 0) {
			pk->err = xasprintf("%s: %s", name, zip_file_strerror(f));
			rc = -1;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		/* a bomb: far more out than went in (a real document.xml inflates 5 to 20 times) */
		if ((st.valid & ZIP_STAT_COMP_SIZE) && n > (1u << 20) && n / (st.comp_size + 1) > DOCX_MAX_RATIO) {
			pk->err = xasprintf("%s inflates more than %u times its compressed size (a zip bomb?)", name, DOCX_MAX_RATIO);
			rc = -1;
			break;
		}
	}
	zip_fclose(f);
	if (rc != 1) {
		free(p);
		return rc;
	}
	pk->total += n;
	if (pk->total > DOCX_MAX_TOTAL) {
		pk->err = xasprintf("the parts inflate past %u bytes together (a zip bomb?)", DOCX_MAX_TOTAL);
		free(p);
		return -1;
	}
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 1;
}

static int
name_safe(const char *s)
{
	if (s[0] == '/' || strchr(s, '\\') || strstr(s, "//"))
		return 0;
	for (const char *p = s; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 1;
}

/* Parse a part as XML, safely. NULL and pk->err when it is not well-formed or has a DTD. */
static xmlDocPtr
part_xml(pkg *pk, const char *name, int required)
{
	char *buf = NULL;
	size_t len = 0;
	int r = part(pk, name, &buf, &len);
	if (r <= 0) {
		if (r == 0 && required)
			pk->err = xasprintf("no %s in the archive: not a Word document", name);
		return NULL;
	}
	xmlDocPtr doc = NULL;
	if (memmem(buf, len, "<!DOCTYPE", 9) || memmem(buf, len, "<!ENTITY", 8))
		pk->err = xasprintf("%s declares a DOCTYPE (refused)", name);
	else if (len > INT32_MAX ||
	    (doc = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) == NULL)
		pk->err = xasprintf("%s is not well-formed XML", name);
	free(buf);
	return doc;
}

/* ---- styles and numbering ---- */

typedef struct props {
	char font[48];
	unsigned sz;
	signed char b, i, caps, vanish;
} props;

typedef struct style {
	const char *id, *based;
	int num_id, ilvl;       /* -1 unset */
	props rp;
	const char *jc;
} style;

typedef struct level {
	int start;
	const char *fmt, *text;
	int lgl;
} level;

typedef struct absnum {
	int id;
	level lv[9];
	int cnt[9], used[9];
} absnum;

typedef struct num {
	int id, abs;
	int over[9];            /* startOverride, -1 none */
	int own;                /* has an override: counts on its own */
	int cnt[9], used[9];
} num;

/* One paragraph collected from the document, with its number and text boxes. */
typedef struct cpara {
	char *s;                /* display text; '\n' where Word has a soft line break */
	size_t len;
	unsigned no;
} cpara;
typedef struct cparas { cpara *v; size_t n, cap; } cparas;

typedef struct reader {
	pkg pk;
	xmlDocPtr doc, styles, numbering;
	style *st;
	size_t nst;
	props defaults;
	absnum *abs;
	size_t nabs;
	num *nums;
	size_t nnums;
	/* output */
	strbuf *text;
	unsigned line;          /* lines written */
	apc_seg *segs;
	size_t nsegs, capsegs;
	char **ptext;           /* each paragraph's text, [no - 1] */
	size_t capptext;
	unsigned npara;
	unsigned sec_start;     /* first paragraph of the current section */
	int in_cell;            /* collecting a table cell or a text box */
	char minor[48], major[48];   /* the theme's fonts (asciiTheme="minorHAnsi") */
	docx_format *fmt;
	size_t capfmt, capsec;
	/* tracked changes, fields */
	unsigned ins, del, moves, fmtchanges;
	int fld[16];            /* per open field: 0 in its instruction, 1 in its result */
	int nfld;
	int depth;
} reader;

static void
props_merge(props *to, const props *from)
{
	if (from->font[0])
		memcpy(to->font, from->font, sizeof to->font);
	if (from->sz)
		to->sz = from->sz;
	if (from->b >= 0)
		to->b = from->b;
	if (from->i >= 0)
		to->i = from->i;
	if (from->caps >= 0)
		to->caps = from->caps;
	if (from->vanish >= 0)
		to->vanish = from->vanish;
}

static void
props_read(xmlNodePtr rpr, props *p)
{
	memset(p, 0, sizeof *p);
	p->b = p->i = p->caps = p->vanish = -1;
	if (rpr == NULL)
		return;
	xmlNodePtr f = wchild(rpr, "rFonts");
	const char *name = f ? wattr(f, "ascii") : NULL;
	if (name == NULL && f)
		name = wattr(f, "hAnsi");
	if (name == NULL && f && (name = wattr(f, "asciiTheme")) != NULL)
		name = strncmp(name, "major", 5) == 0 ? "+major" : "+minor";   /* the theme's, resolved later */
	if (name) {
		size_t n = strlen(name);
		if (n >= sizeof p->font)
			n = sizeof p->font - 1;
		memcpy(p->font, name, n);
		p->font[n] = '\0';
	}
	xmlNodePtr sz = wchild(rpr, "sz");
	if (sz)
		p->sz = (unsigned)wint(sz, "val", 0);
	p->b = (signed char)onoff(rpr, "b");
	p->i = (signed char)onoff(rpr, "i");
	p->caps = (signed char)onoff(rpr, "caps");
	p->vanish = (signed char)onoff(rpr, "vanish");
}

static const style *
style_find(const reader *r, const char *id)
{
	for (size_t i = 0; id && i < r->nst; i++)
		if (strcmp(r->st[i].id, id) == 0)
			return &r->st[i];
	return NULL;
}

static void
load_styles(reader *r)
{
	memset(&r->defaults, 0, sizeof r->defaults);
	r->defaults.b = r->defaults.i = r->defaults.caps = r->defaults.vanish = 0;
	xmlNodePtr root = r->styles ? xmlDocGetRootElement(r->styles) : NULL;
	size_t cap = 0;
	for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
		if (is_w(s, "docDefaults")) {
			props p;
			props_read(wchild(wchild(s, "rPrDefault"), "rPr"), &p);
			props_merge(&r->defaults, &p);
			continue;
		}
		if (!is_w(s, "style") || wattr(s, "styleId") == NULL)
			continue;
		if (r->nst == cap) {
			cap = cap ? cap * 2 : 64;
			r->st = xrealloc(r->st, cap * sizeof *r->st);
		}
		style *y = &r->st[r->nst++];
		memset(y, 0, sizeof *y);
		y->id = wattr(s, "styleId");
		y->based = wattr(wchild(s, "basedOn"), "val");
		xmlNodePtr ppr = wchild(s, "pPr"), np = wchild(ppr, "numPr");
		y->num_id = np && wchild(np, "numId") ? wint(wchild(np, "numId"), "val", -1) : -1;
		y->ilvl = np && wchild(np, "ilvl") ? wint(wchild(np, "ilvl"), "val", 0) : -1;
		y->jc = wattr(wchild(ppr, "jc"), "val");
		props_read(wchild(s, "rPr"), &y->rp);
	}
}

/* The run properties a style gives, through its basedOn chain (depth-limited: loops). */
static void
style_props(const reader *r, const char *id, props *out, int depth)
{
	const style *y = style_find(r, id);
	if (y == NULL || depth > 16)
		return;
	style_props(r, y->based, out, depth + 1);
	props_merge(out, &y->rp);
}

static void
style_num(const reader *r, const char *id, int *num_id, int *ilvl, const char **jc, int depth)
{
	const style *y = style_find(r, id);
	if (y == NULL || depth > 16)
		return;
	style_num(r, y->based, num_id, ilvl, jc, depth + 1);
	if (y->num_id >= 0)
		*num_id = y->num_id;
	if (y->ilvl >= 0)
		*ilvl = y->ilvl;
	if (y->jc)
		*jc = y->jc;
}

static void
load_numbering(reader *r)
{
	xmlNodePtr root = r->numbering ? xmlDocGetRootElement(r->numbering) : NULL;
	size_t ca = 0, cn = 0;
	for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
		if (is_w(s, "abstractNum")) {
			if (r->nabs == ca) {
				ca = ca ? ca * 2 : 16;
				r->abs = xrealloc(r->abs, ca * sizeof *r->abs);
			}
			absnum *a = &r->abs[r->nabs++];
			memset(a, 0, sizeof *a);
			a->id = wint(s, "abstractNumId", -1);
			for (int k = 0; k < 9; k++)
				a->lv[k].start = 1;
			for (xmlNodePtr l = s->children; l; l = l->next) {
				int k = is_w(l, "lvl") ? wint(l, "ilvl", -1) : -1;
				if (k < 0 || k > 8)
					continue;
				a->lv[k].start = wint(wchild(l, "start"), "val", 1);
				a->lv[k].fmt = wattr(wchild(l, "numFmt"), "val");
				a->lv[k].text = wattr(wchild(l, "lvlText"), "val");
				a->lv[k].lgl = wchild(l, "isLgl") != NULL;
			}
		} else if (is_w(s, "num")) {
			if (r->nnums == cn) {
				cn = cn ? cn * 2 : 16;
				r->nums = xrealloc(r->nums, cn * sizeof *r->nums);
			}
			num *m = &r->nums[r->nnums++];
			memset(m, 0, sizeof *m);
			m->id = wint(s, "numId", -1);
			m->abs = wint(wchild(s, "abstractNumId"), "val", -1);
			for (int k = 0; k < 9; k++)
				m->over[k] = -1;
			for (xmlNodePtr o = s->children; o; o = o->next) {
				int k = is_w(o, "lvlOverride") ? wint(o, "ilvl", -1) : -1;
				xmlNodePtr so = wchild(o, "startOverride");
				if (k >= 0 && k < 9 && so) {
					m->over[k] = wint(so, "val", 1);
					m->own = 1;
				}
			}
		}
	}
}

/* Write counter value v in Word's number format fmt. */
static void
fmt_number(strbuf *b, const char *fmt, int v)
{
	static const char *const rn[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
	static const int rv[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	if (fmt == NULL || strcmp(fmt, "decimal") == 0 || v <= 0) {
		sb_addf(b, "%d", v);
	} else if (strcmp(fmt, "decimalZero") == 0) {
		sb_addf(b, "%02d", v);
	} else if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) {
		int lower = fmt[0] == 'l';
		for (int k = 0; k < 13 && v > 0 && v < 4000; k++)
			while (v >= rv[k]) {
				for (const char *c = rn[k]; *c; c++) {
					char ch = lower ? (char)(*c - 'A' + 'a') : *c;
					sb_add(b, &ch, 1);
				}
				v -= rv[k];
			}
	} else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) {
		/* a..z, then aa..zz as Word does */
		char ch = (char)((fmt[0] == 'u' ? 'A' : 'a') + (v - 1) % 26);
		for (int k = 0; k <= (v - 1) / 26 && k < 8; k++)
			sb_add(b, &ch, 1);
	} else if (strcmp(fmt, "none") == 0) {
		/* nothing */
	} else
		sb_addf(b, "%d", v);
}

/* Step the list (num_id, ilvl) and write its number text ("2.1.", "a)", "- ") to b. */
static void
list_number(reader *r, int num_id, int ilvl, strbuf *b)
{
	num *m = NULL;
	absnum *a = NULL;
	for (size_t i = 0; i < r->nnums; i++)
		if (r->nums[i].id == num_id)
			m = &r->nums[i];
	for (size_t i = 0; m && i < r->nabs; i++)
		if (r->abs[i].id == m->abs)
			a = &r->abs[i];
	if (m == NULL || a == NULL || ilvl < 0 || ilvl > 8)
		return;
	int *cnt = m->own ? m->cnt : a->cnt, *used = m->own ? m->used : a->used;
	const level *lv = a->lv;
	if (lv[ilvl].fmt && strcmp(lv[ilvl].fmt, "bullet") == 0) {
		sb_adds(b, "- ");
		return;
	}
	int start = m->over[ilvl] >= 0 ? m->over[ilvl] : lv[ilvl].start;
	cnt[ilvl] = used[ilvl] ? cnt[ilvl] + 1 : start;
	used[ilvl] = 1;
	for (int k = ilvl + 1; k < 9; k++)
		used[k] = 0;
	const char *t = lv[ilvl].text ? lv[ilvl].text : "%1.";
	size_t before = b->len;
	for (const char *p = t; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int v = used[k] ? cnt[k] : (m->over[k] >= 0 ? m->over[k] : lv[k].start);
			fmt_number(b, lv[ilvl].lgl ? "decimal" : lv[k].fmt, v);
			p++;
		} else
			sb_add(b, p, 1);
	}
	if (b->len > before)
		sb_add(b, " ", 1);
}

/* ---- output: lines and the map ---- */

static void
seg_add(reader *r, unsigned col, unsigned para, unsigned pcol)
{
	if (r->nsegs == r->capsegs) {
		r->capsegs = r->capsegs ? r->capsegs * 2 : 256;
		r->segs = xrealloc(r->segs, r->capsegs * sizeof *r->segs);
	}
	r->segs[r->nsegs++] = (apc_seg){ r->line + 1, col, para, pcol };
}

typedef struct piece {
	const char *s;
	size_t len;
	unsigned para, pcol;
} piece;

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
		seg_add(r, col, pc[i].para, pc[i].pcol);
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
static void
pad(reader *r)
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

static void collect_block(reader *, xmlNodePtr, cparas *);

static void
cparas_push(cparas *v, char *s, size_t len, unsigned no)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = (cpara){ s, len, no };
}

static void
cparas_free(cparas *v)
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
					collect_block(r, b, boxes);
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
	style_props(r, wattr(wchild(rpr, "rStyle"), "val"), &rp, 0);
	props_read(rpr, &own);
	props_merge(&rp, &own);
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
			if (s)
				add_text(b, (const char *)s, t, &rp);
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
	style_num(r, sid, &num_id, &ilvl, &jc, 0);
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
	style_props(r, sid, &pp, 0);
	strbuf b = {0};
	cparas boxes = {0};
	tally t[4];
	memset(t, 0, sizeof t);
	if (num_id > 0)
		list_number(r, num_id, ilvl, &b);
	size_t numlen = b.len;
	walk_runs(r, p, &b, &boxes, t, &pp);
	/* an item whose text is all deleted keeps no number */
	if (b.len == numlen)
		b.len = 0;
	char *s = sb_take(&b);
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

/* Paragraphs of a block (inside a cell or a text box): tables nested there are flattened. */
static void
collect_block(reader *r, xmlNodePtr n, cparas *out)
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
			collect_block(r, c, out);
	} else if (is_w(n, "customXml") || is_w(n, "ins") || is_w(n, "moveTo")) {
		for (xmlNodePtr c = n->children; c; c = c->next)
			collect_block(r, c, out);
	} else if (is_mc(n, "AlternateContent")) {
		for (xmlNodePtr k = n->children; k; k = k->next)
			if (is_mc(k, "Choice") || is_mc(k, "Fallback")) {
				for (xmlNodePtr c = k->children; c; c = c->next)
					collect_block(r, c, out);
				break;
			}
	}
	r->depth--;
}

/* The rows of a table, looking through content controls around them. */
static size_t
table_rows(xmlNodePtr tbl, xmlNodePtr *rows, size_t max, size_t n, int depth)
{
	for (xmlNodePtr c = tbl->children; c && n < max; c = c->next) {
		if (is_w(c, "tr"))
			rows[n++] = c;
		else if ((is_w(c, "sdt") || is_w(c, "customXml")) && depth < 4)
			n = table_rows(is_w(c, "sdt") ? wchild(c, "sdtContent") : c, rows, max, n, depth + 1);
	}
	return n;
}

static void
collect_table(reader *r, xmlNodePtr tbl, cparas *out)
{
	for (xmlNodePtr tr = tbl->children; tr; tr = tr->next)
		for (xmlNodePtr tc = tr->children; tc; tc = tc->next)
			if (is_w(tc, "tc"))
				for (xmlNodePtr c = tc->children; c; c = c->next)
					collect_block(r, c, out);
}

/* ---- tables at the top level ---- */

#define MAX_COLS 64
#define MAX_ROWS 20000

typedef struct cell {
	cparas ps;
	int span, merge;        /* merge: 0 none, 1 restart, 2 continue */
} cell;

/* Is s "I", "II.", "IV -": a group numeral that starts the text? */
static int
roman_start(const char *s, size_t n)
{
	size_t k = 0;
	while (k < n && strchr("IVXLC", s[k]))
		k++;
	return k > 0 && norm_roman(s, k) > 0 && (k == n || strchr(".-) \t", s[k]));
}

/* A cell's paragraphs as the pieces of one line: several paragraphs are joined by "; "
 * (by " " after a paragraph that ends in punctuation), their bullets dropped. */
static size_t
cell_pieces(const cell *c, piece *pc, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->ps.n && n < max; i++) {
		const char *s = c->ps.v[i].s;
		size_t len = c->ps.v[i].len;
		unsigned pcol = 1;
		if (c->ps.n > 1) {
			while (len && (*s == '-' || *s == '+' || *s == ' ')) {
				s++, len--, pcol++;
			}
		}
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\n'))
			len--;
		if (len == 0)
			continue;
		pc[n] = (piece){ s, len, c->ps.v[i].no, pcol };
		n++;
	}
	return n;
}

/* Write pieces of one cell after a separator; soft breaks become spaces. */
static void
emit_cell(reader *r, const piece *pc, size_t n, unsigned *col)
{
	for (size_t i = 0; i < n; i++) {
		if (i) {
			char last = pc[i - 1].len ? pc[i - 1].s[pc[i - 1].len - 1] : ' ';
			const char *sep = strchr(".,;:", last) ? " " : "; ";
			sb_adds(r->text, sep);
			*col += (unsigned)strlen(sep);
		}
		seg_add(r, *col, pc[i].para, pc[i].pcol);
		for (size_t k = 0; k < pc[i].len; k++) {
			char ch = pc[i].s[k];
			sb_add(r->text, ch == '\t' || ch == '\n' || ch == '|' ? " " : &pc[i].s[k], 1);
		}
		*col += (unsigned)utf8_chars(pc[i].s, pc[i].len);
	}
}

/* A data table (three columns or more): one line a row, cells separated by tabs. A merged
 * cell (w:vMerge) repeats the text of the cell it continues, except when the first column
 * continues too: then the row continues the task above and its merged cells stay empty. */
static void
table_rows_emit(reader *r, cell *cells, size_t nrows, const size_t *ncells)
{
	cell *above[MAX_COLS] = {0};
	for (size_t ri = 0; ri < nrows; ri++) {
		cell *row = cells + ri * MAX_COLS;
		size_t nc = ncells[ri];
		/* by grid column */
		cell *grid[MAX_COLS];
		size_t g = 0;
		for (size_t i = 0; i < nc && g < MAX_COLS; i++) {
			grid[g++] = &row[i];
			for (int k = 1; k < row[i].span && g < MAX_COLS; k++)
				grid[g++] = NULL;
		}
		int first_continues = g > 0 && grid[0] && grid[0]->merge == 2;
		size_t full = 0;
		cell *only = NULL;
		for (size_t k = 0; k < g; k++)
			if (grid[k] && grid[k]->merge != 2 && grid[k]->ps.n) {
				for (size_t q = 0; q < grid[k]->ps.n; q++)
					if (grid[k]->ps.v[q].len) {
						full++;
						only = grid[k];
						break;
					}
			}
		unsigned col = 1;
		piece pc[32];
		if (full == 1 && only == grid[0] && g > 1 && only->span >= (int)g - 1) {
			/* one cell across the row: a group numeral and title keeps its cells, a
			 * caption is a line of its own */
			size_t n = cell_pieces(only, pc, 32);
			if (n && !roman_start(pc[0].s, pc[0].len)) {
				emit_cell(r, pc, n, &col);
				sb_add(r->text, "\n", 1);
				r->line++;
				for (size_t k = 0; k < g; k++)
					if (grid[k])
						above[k] = grid[k];
				continue;
			}
		}
		for (size_t k = 0; k < g; k++) {
			if (k) {
				sb_add(r->text, "\t", 1);
				col++;
			}
			cell *c = grid[k];
			if (c == NULL)
				continue;
			if (c->merge == 2) {
				if (!first_continues && above[k]) {
					size_t n = cell_pieces(above[k], pc, 32);
					emit_cell(r, pc, n, &col);
				}
				continue;
			}
			above[k] = c;
			size_t n = cell_pieces(c, pc, 32);
			emit_cell(r, pc, n, &col);
		}
		sb_add(r->text, "\n", 1);
		r->line++;
		pad(r);
	}
}

/* A layout table (one or two columns: the header block, the recipients beside the signature):
 * its cells side by side, one line per paragraph (and per soft break) of the tallest cell. */
static void
table_aligned_emit(reader *r, cell *cells, size_t nrows, const size_t *ncells)
{
	for (size_t ri = 0; ri < nrows; ri++) {
		cell *row = cells + ri * MAX_COLS;
		size_t nc = ncells[ri];
		/* sub-lines of each cell: (cell, paragraph index, byte offset) cursors */
		size_t pi[MAX_COLS] = {0}, off[MAX_COLS] = {0};
		for (;;) {
			piece pc[MAX_COLS];
			size_t n = 0;
			int more = 0;
			for (size_t k = 0; k < nc; k++) {
				cell *c = &row[k];
				if (c->merge == 2 || pi[k] >= c->ps.n)
					continue;
				more = 1;
				const cpara *p = &c->ps.v[pi[k]];
				const char *s = p->s + off[k];
				const char *nl = memchr(s, '\n', p->len - off[k]);
				size_t len = nl ? (size_t)(nl - s) : p->len - off[k];
				unsigned pcol = 1 + (unsigned)utf8_chars(p->s, off[k]);
				if (nl)
					off[k] += len + 1;
				else {
					pi[k]++;
					off[k] = 0;
				}
				if (len)
					pc[n++] = (piece){ s, len, p->no, pcol };
			}
			if (!more)
				break;
			unsigned col = 1;
			for (size_t i = 0; i < n; i++) {
				if (i) {
					sb_add(r->text, "\t", 1);
					col++;
				}
				emit_cell(r, &pc[i], 1, &col);
			}
			sb_add(r->text, "\n", 1);
			r->line++;
		}
		pad(r);
	}
}

static void
table(reader *r, xmlNodePtr tbl)
{
	xmlNodePtr *rows = xmalloc(MAX_ROWS * sizeof *rows);
	size_t nrows = table_rows(tbl, rows, MAX_ROWS, 0, 0);
	cell *cells = xcalloc(nrows ? nrows : 1, MAX_COLS * sizeof *cells);
	size_t *ncells = xcalloc(nrows ? nrows : 1, sizeof *ncells);
	size_t width = 0;
	for (size_t ri = 0; ri < nrows; ri++) {
		xmlNodePtr trpr = wchild(rows[ri], "trPr");
		if (wchild(trpr, "del")) {
			r->del++;
			continue;
		}
		if (wchild(trpr, "ins"))
			r->ins++;
		cell *row = cells + ri * MAX_COLS;
		size_t nc = 0, span = 0;
		int before = wint(wchild(trpr, "gridBefore"), "val", 0);
		for (int k = 0; k < before && nc < MAX_COLS; k++, span++)
			row[nc++].span = 1;
		for (xmlNodePtr tc = rows[ri]->children; tc && nc < MAX_COLS; tc = tc->next) {
			if (is_w(tc, "sdt") && wchild(wchild(tc, "sdtContent"), "tc"))
				tc = wchild(wchild(tc, "sdtContent"), "tc");
			if (!is_w(tc, "tc"))
				continue;
			cell *c = &row[nc++];
			xmlNodePtr tcpr = wchild(tc, "tcPr");
			c->span = wint(wchild(tcpr, "gridSpan"), "val", 1);
			if (c->span < 1 || c->span > MAX_COLS)
				c->span = 1;
			xmlNodePtr vm = wchild(tcpr, "vMerge");
			if (vm) {
				const char *v = wattr(vm, "val");
				c->merge = v && strcmp(v, "restart") == 0 ? 1 : 2;
			}
			span += (size_t)c->span;
			r->in_cell++;
			for (xmlNodePtr b = tc->children; b; b = b->next)
				collect_block(r, b, &c->ps);
			r->in_cell--;
		}
		ncells[ri] = nc;
		if (span > width)
			width = span;
	}
	/* rows dropped as deleted have no cells: leave them out */
	size_t k = 0;
	for (size_t ri = 0; ri < nrows; ri++) {
		if (ncells[ri] == 0)
			continue;
		if (k != ri) {
			memcpy(cells + k * MAX_COLS, cells + ri * MAX_COLS, MAX_COLS * sizeof *cells);
			memset(cells + ri * MAX_COLS, 0, MAX_COLS * sizeof *cells);
			ncells[k] = ncells[ri];
		}
		k++;
	}
	if (width >= 3)
		table_rows_emit(r, cells, k, ncells);
	else
		table_aligned_emit(r, cells, k, ncells);
	for (size_t i = 0; i < nrows * MAX_COLS; i++)
		cparas_free(&cells[i].ps);
	free(cells);
	free(ncells);
	free(rows);
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
			cparas_free(&v);
			pad(r);
		} else if (is_w(c, "tbl")) {
			table(r, c);
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

/* The theme's major and minor Latin fonts (a:majorFont/a:latin/@typeface), which a run with
 * w:asciiTheme uses; Word's default theme has Calibri Light and Calibri. */
static void
theme_fonts(reader *r)
{
	strcpy(r->minor, "Calibri");
	strcpy(r->major, "Calibri Light");
	char *buf = NULL;
	size_t len = 0;
	if (part(&r->pk, "word/theme/theme1.xml", &buf, &len) <= 0)
		return;
	static const char *const which[2] = { "<a:minorFont>", "<a:majorFont>" };
	for (int k = 0; k < 2; k++) {
		const char *p = memmem(buf, len, which[k], strlen(which[k]));
		const char *t = p ? strstr(p, "<a:latin typeface=\"") : NULL;
		if (t == NULL)
			continue;
		t += strlen("<a:latin typeface=\"");
		const char *e = strchr(t, '"');
		char *dst = k == 0 ? r->minor : r->major;
		size_t n = e && (size_t)(e - t) < sizeof r->minor ? (size_t)(e - t) : 0;
		memcpy(dst, t, n);
		dst[n] = '\0';
	}
	free(buf);
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

int
docx_read(const char *bytes, size_t n, strbuf *text, apc_source *src, apc_diags *d)
{
	reader r;
	zip_error_t ze;
	zip_source_t *zs = NULL;
	int rc = -1;

	memset(&r, 0, sizeof r);
	r.text = text;
	r.fmt = xcalloc(1, sizeof *r.fmt);
	zip_error_init(&ze);
	if ((zs = zip_source_buffer_create(bytes, n, 0, &ze)) == NULL ||
	    (r.pk.z = zip_open_from_source(zs, ZIP_RDONLY, &ze)) == NULL) {
		r.pk.err = xasprintf("not a zip archive (%s)", zip_error_strerror(&ze));
		if (zs)
			zip_source_free(zs);
		goto out;
	}
	zip_int64_t ne = zip_get_num_entries(r.pk.z, 0);
	if (ne > DOCX_MAX_ENTRIES) {
		r.pk.err = xasprintf("%lld entries in the archive (at most %u)", (long long)ne, DOCX_MAX_ENTRIES);
		goto out;
	}
	for (zip_int64_t i = 0; i < ne; i++) {
		const char *name = zip_get_name(r.pk.z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (name == NULL || !name_safe(name)) {
			r.pk.err = xasprintf("unsafe entry name \"%s\" in the archive", name ? name : "?");
			goto out;
		}
	}
	if (zip_name_locate(r.pk.z, "content.xml", 0) >= 0 && zip_name_locate(r.pk.z, "word/document.xml", 0) < 0) {
		r.pk.err = xstrdup("an OpenDocument file (.odt): save it as .docx (Word) or as plain text (UTF-8)");
		goto out;
	}
	if ((r.doc = part_xml(&r.pk, "word/document.xml", 1)) == NULL)
		goto out;
	r.styles = part_xml(&r.pk, "word/styles.xml", 0);
	if (r.pk.err)
		goto out;
	r.numbering = part_xml(&r.pk, "word/numbering.xml", 0);
	if (r.pk.err)
		goto out;
	for (zip_int64_t i = 0, seen = 0; i < ne && seen < DOCX_MAX_HEADERS; i++) {
		const char *name = zip_get_name(r.pk.z, (zip_uint64_t)i, 0);
		if (name == NULL || strncmp(name, "word/", 5) != 0 ||
		    (strncmp(name + 5, "header", 6) != 0 && strncmp(name + 5, "footer", 6) != 0))
			continue;
		seen++;
		char *buf = NULL;
		size_t len = 0;
		int got = part(&r.pk, name, &buf, &len);
		if (got < 0)
			goto out;
		if (got > 0 && has_page_field(buf, len)) {
			r.fmt->page_numbers = 1;
			if (name[5] == 'h')
				r.fmt->page_number_header = 1;
		}
		free(buf);
	}
	load_styles(&r);
	load_numbering(&r);
	theme_fonts(&r);
	xmlNodePtr root = xmlDocGetRootElement(r.doc);
	xmlNodePtr bd = is_w(root, "document") ? wchild(root, "body") : NULL;
	if (bd == NULL) {
		r.pk.err = xstrdup("word/document.xml has no w:body");
		goto out;
	}
	r.sec_start = 1;
	body(&r, bd);

	strbuf pb = {0};
	for (unsigned i = 0; i < r.npara; i++) {
		if (r.ptext[i])
			sb_adds(&pb, r.ptext[i]);
		sb_add(&pb, "\n", 1);
	}
	src->paras = sb_take(&pb);
	src->segs = r.segs;
	src->nsegs = r.nsegs;
	r.segs = NULL;
	src->format = r.fmt;
	r.fmt = NULL;
	if (r.ins + r.del + r.moves + r.fmtchanges)
		diag_emit(d, D_DOCX_TRACKED_CHANGES, 1, 1, r.ins, r.del, r.moves, r.fmtchanges);
	rc = 0;
out:
	if (rc != 0)
		diag_emit(d, D_DOCX_UNREADABLE, 0, 0, r.pk.err ? r.pk.err : "?", r.pk.err ? r.pk.err : "?");
	free(r.pk.err);
	if (r.pk.z)
		zip_discard(r.pk.z);
	xmlFreeDoc(r.doc);
	xmlFreeDoc(r.styles);
	xmlFreeDoc(r.numbering);
	free(r.st);
	free(r.abs);
	free(r.nums);
	free(r.segs);
	for (size_t i = 0; i < r.capptext; i++)
		free(r.ptext[i]);
	free(r.ptext);
	docx_format_free(r.fmt);
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

/* ---- positions back to paragraphs ---- */

/* Map (line, col) of the lexer's text to (paragraph, column). Lines with no piece (padding)
 * keep their number. */
static void
locate(const apc_source *src, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi = src->nsegs;
	while (lo < hi) {   /* the first seg after (line, col) */
		size_t mid = (lo + hi) / 2;
		const apc_seg *s = &src->segs[mid];
		if (s->line < *line || (s->line == *line && s->col <= (*col ? *col : 1)))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || src->segs[lo - 1].line != *line) {
		/* before the line's first piece (or a line of its own): its first piece */
		if (lo < src->nsegs && src->segs[lo].line == *line) {
			*line = src->segs[lo].para;
			*col = *col ? src->segs[lo].pcol : 0;
		}
		return;
	}
	const apc_seg *s = &src->segs[lo - 1];
	*line = s->para;
	if (*col)
		*col = s->pcol + (*col - s->col);
}

static void
remap_tree(const apc_source *src, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlAttrPtr la = NULL, ca = NULL;
		for (xmlAttrPtr a = n->properties; a; a = a->next)
			if (a->ns && strcmp((const char *)a->ns->href, APC_SRC_NS) == 0) {
				if (strcmp((const char *)a->name, "line") == 0)
					la = a;
				else if (strcmp((const char *)a->name, "column") == 0)
					ca = a;
			}
		if (la) {
			xmlChar *lv = xmlNodeGetContent((xmlNodePtr)la), *cv = ca ? xmlNodeGetContent((xmlNodePtr)ca) : NULL;
			unsigned line = (unsigned)strtoul((const char *)lv, NULL, 10);
			unsigned col = cv ? (unsigned)strtoul((const char *)cv, NULL, 10) : 0;
			xmlFree(lv);
			xmlFree(cv);
			locate(src, &line, &col);
			char b[16];
			snprintf(b, sizeof b, "%u", line);
			xmlSetNsProp(n, la->ns, BAD_CAST "line", BAD_CAST b);
			if (ca) {
				snprintf(b, sizeof b, "%u", col);
				xmlSetNsProp(n, ca->ns, BAD_CAST "column", BAD_CAST b);
			}
		}
		remap_tree(src, n->children);
	}
}

void
docx_remap(apc_source *src, xmlDocPtr doc, apc_diags *d)
{
	if (src->paras == NULL)
		return;
	for (size_t i = 0; i < d->n; i++) {
		apc_diag *g = &d->v[i];
		if (g->line == 0)
			continue;
		unsigned line = g->line, col = g->col, eline = g->line, ecol = g->end_col;
		locate(src, &line, &col);
		if (ecol) {
			locate(src, &eline, &ecol);
			g->end_col = eline == line && ecol > col ? ecol : 0;
		}
		g->line = line;
		g->col = col;
	}
	if (doc)
		remap_tree(src, xmlDocGetRootElement(doc));
	/* the lines are the paragraphs from now on */
	free(src->text);
	src->text = src->paras;
	src->paras = NULL;
	src->len = strlen(src->text);
	src->nlines = 0;
	size_t cap = 64;
	src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
	for (const char *p = src->text, *end = src->text + src->len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (src->nlines == cap) {
			cap *= 2;
			src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
		}
		src->lines[src->nlines++] = (apc_line){ p, l };
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}
