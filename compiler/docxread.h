/*
 * docxread.h: the Word (.docx) reader's private header, shared by its files: docx.c (the
 * paragraphs, the body and docx_read), docxpkg.c (the zip package and its XML parts),
 * docxstyle.c (styles, numbering and the theme's fonts), docxtable.c (tables at the top level)
 * and docxmap.c (positions back to paragraphs). Included by those five only; the rest of apc
 * includes docx.h.
 */
#ifndef APC_DOCXREAD_H
#define APC_DOCXREAD_H

#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <libxml/tree.h>
#include "docx.h"

#define DOCX_MAX_ENTRIES 4096
#define DOCX_MAX_PART    (48u << 20)
#define DOCX_MAX_RATIO   200u
#define DOCX_MAX_TOTAL   (96u << 20)  /* all parts read, together */
/* XML nodes (elements and texts between them) in all parts parsed, together: each costs some
 * 150 bytes in the tree, and 5 MB of package can hold 5 million empty paragraphs (1.6 GB);
 * a 20,000-row table as tests/docx/make-docx.py writes it has 720,000 */
#define DOCX_MAX_NODES   2000000u
#define DOCX_MAX_HEADERS 32           /* header and footer parts looked at */
#define MAX_DEPTH        64      /* nested tables, text boxes, content controls */
#define LIST_LABEL_MAX   64      /* bytes of a list's number text ("1.2.3.4.5.6.7.8.9.") */

#define W_NS   "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_S "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS  "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* ---- XML helpers ---- */

static inline int
is_w(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL && n->ns->href != NULL &&
	    (strcmp((const char *)n->ns->href, W_NS) == 0 || strcmp((const char *)n->ns->href, W_NS_S) == 0) &&
	    strcmp((const char *)n->name, name) == 0;
}

static inline int
is_mc(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, MC_NS) == 0 && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute w:name (any namespace), or NULL; points into the tree. */
static inline const char *
wattr(xmlNodePtr n, const char *name)
{
	if (n == NULL)
		return NULL;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

static inline xmlNodePtr
wchild(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

static inline int
wint(xmlNodePtr n, const char *name, int dflt)
{
	const char *v = wattr(n, name);
	return v ? atoi(v) : dflt;
}

/* An on/off property (<w:b/>, <w:b w:val="0"/>): -1 absent, 0 off, 1 on. */
static inline int
onoff(xmlNodePtr rpr, const char *name)
{
	xmlNodePtr e = wchild(rpr, name);
	if (e == NULL)
		return -1;
	const char *v = wattr(e, "val");
	return !(v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0));
}

/* ---- the zip package (docxpkg.c) ---- */

typedef struct pkg {
	zip_t *z;
	char *err;       /* malloc'd reason, when a part is refused */
	size_t total;    /* bytes inflated so far */
	size_t nodes;    /* XML nodes in the parts parsed so far (at most DOCX_MAX_NODES) */
	size_t nentries; /* entries in the archive */
} pkg;

/* Read the part name into *buf (NUL-terminated). 1 read, 0 absent, -1 refused (pk->err). */
int docx_part(pkg *pk, const char *name, char **buf, size_t *len);
/* Open the archive in bytes[0..n): at most DOCX_MAX_ENTRIES entries, every name safe (not
 * absolute, no "..", no backslash), not an OpenDocument file. 0, or -1 with pk->err. */
int docx_pkg_open(pkg *pk, const char *bytes, size_t n);
/* Free what docx_pkg_open and docx_part made (the reason too): after the diagnostic. */
void docx_pkg_close(pkg *pk);
/* Parse a part as XML, safely. NULL and pk->err when it is not well-formed or has a DTD. */
xmlDocPtr docx_part_xml(pkg *pk, const char *name, int required);

/* ---- the reader ---- */

typedef struct props {
	char font[48];
	unsigned sz;
	signed char b, i, caps, vanish;
} props;

typedef struct style {
	const char *id, *based;
	size_t seq;             /* its place in styles.xml (the first of an id wins) */
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
	size_t seq;             /* its place in numbering.xml (the last of an id wins) */
	level lv[9];
	int cnt[9], used[9];
} absnum;

typedef struct num {
	int id, abs;
	size_t seq;             /* as absnum's */
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
	style *st;              /* sorted by id, one of each (docx_load_styles) */
	size_t nst;
	props defaults;
	absnum *abs;            /* each sorted by id, one of each (docx_load_numbering) */
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
	apc_diags *d;           /* for what a part of the reader says where it happens */
	unsigned ntables;       /* tables at the top level so far (docxtable.c) */
	/* runs in a legacy Vietnamese font (.VnTime: TCVN3, VNI-Times: VNI), converted */
	unsigned legacy_runs;
	int legacy_enc;         /* an enc_kind: the first such run's */
	char legacy_font[48];
} reader;

typedef struct piece {
	const char *s;
	size_t len;
	unsigned para, pcol;
} piece;

/* ---- styles and numbering (docxstyle.c) ---- */

void docx_props_merge(props *to, const props *from);
void docx_props_read(xmlNodePtr rpr, props *p);
void docx_load_styles(reader *r);
void docx_load_numbering(reader *r);
void docx_theme_fonts(reader *r);
/* The text of a run in a legacy Vietnamese font (.VnTime, .VnTimeH: TCVN3; VNI-Times: VNI), whose
 * characters are the encoding's bytes read as Windows-1252, in Unicode: malloc'd, or NULL when the
 * font is none of these or the text holds a character no such byte gives (docxstyle.c). */
char *docx_legacy_text(reader *r, const char *s, const char *font);
/* The run properties a style gives, through its basedOn chain (depth-limited: loops). */
void docx_style_props(const reader *r, const char *id, props *out, int depth);
void docx_style_num(const reader *r, const char *id, int *num_id, int *ilvl, const char **jc, int depth);
/* Step the list (num_id, ilvl) and write its number text ("2.1.", "a)", "- ") to b. */
void docx_list_number(reader *r, int num_id, int ilvl, strbuf *b);

/* ---- output and paragraphs (docx.c) ---- */

void docx_seg_add(reader *r, unsigned col, unsigned para, unsigned pcol);
/* Blank lines until the line count catches up with the paragraph count. */
void docx_pad(reader *r);
/* Paragraphs of a block (inside a cell or a text box): tables nested there are flattened. */
void docx_collect_block(reader *r, xmlNodePtr n, cparas *out);
void docx_cparas_free(cparas *v);

/* ---- tables at the top level (docxtable.c) ---- */

void docx_table(reader *r, xmlNodePtr tbl);

#endif
