/*
 * docx.h: the Word (.docx) reader's own types. Included by read.c (which calls docx_read),
 * compile.c (docx_remap) and format.c (which reads docx_format), and through docxread.h by the
 * reader's own files (docx.c, docxpkg.c, docxstyle.c, docxtable.c, docxmap.c); nothing else.
 *
 * A .docx is read into the same lines a text file gives the lexer: each paragraph one line
 * (Word's list numbers written out as the item's number), a table of three columns or more
 * one line per row with its cells separated by tabs, a narrower (layout) table one line per
 * paragraph row with its cells side by side. apc_source.segs maps those lines back to Word's
 * paragraphs, counted in document order (table-cell paragraphs included), so that after the
 * pipeline every position is "paragraph:column" (docx_remap).
 */
#ifndef APC_DOCX_H
#define APC_DOCX_H

#include "internal.h"

/* What one paragraph looks like: the properties of most of its characters. */
typedef struct docx_para_fmt {
	unsigned para;         /* paragraph number */
	char font[48];         /* "" when no font is set anywhere (Word's theme default) */
	unsigned sz;           /* half-points; 0 unknown */
	signed char bold, italic, caps;   /* 1 yes, 0 no */
	char jc[12];           /* "center", "both", "left", ... or "" */
	unsigned chars;        /* characters of text in the paragraph */
	int in_table;          /* the paragraph is in a table cell (or a text box) */
} docx_para_fmt;

/* One section of the document (page size, orientation and margins), in twips (1/1440 in). */
typedef struct docx_section {
	unsigned first_para;   /* the section's first paragraph */
	unsigned w, h;         /* page width and height */
	int top, right, bottom, left;
	int set;               /* the section has w:pgSz and w:pgMar */
	int title_page;        /* w:titlePg: the first page has its own (empty) header */
} docx_section;

typedef struct docx_format {
	docx_para_fmt *paras;
	size_t nparas;
	docx_section *secs;
	size_t nsecs;
	int page_numbers;      /* a PAGE field in some header or footer */
	int page_number_header;/* ... in a header (top of the page) */
} docx_format;

/* Does bytes[0..n) start like a zip archive? */
int docx_is_zip(const char *bytes, size_t n);

/* Read the .docx in bytes[0..n): writes the lines to *text, the position map to src->segs,
 * the paragraphs' text (one a line, the caret's line) to src->paras, the page format to
 * src->format. 0, or -1 with one diagnostic (not a .docx, a zip bomb, malformed XML). */
int docx_read(const char *bytes, size_t n, strbuf *text, apc_source *src, apc_diags *);

/* The same from WordprocessingML trees another reader made (doc.c's, from a Word 97-2003
 * file): w:document (w:body, w:p with w:numPr, w:r, w:t, w:tab, w:br, w:tbl, w:tr, w:tc) and
 * w:numbering or NULL. Takes both (freed). No page format (src->format stays NULL). 0, or -1
 * when doc has no w:body. */
int docx_read_tree(xmlDocPtr doc, xmlDocPtr numbering, strbuf *text, apc_source *src, apc_diags *);

/* doc.c: Word 97-2003. Does bytes[0..n) start like a compound file (a .doc, also .xls, .ppt)? */
int doc_is_cfb(const char *bytes, size_t n);
/* Read the .doc in bytes[0..n) as docx_read reads a .docx (no page format). 0, or -1 with one
 * doc-unreadable diagnostic (damaged, encrypted, not a Word document). */
int doc_read(const char *bytes, size_t n, strbuf *text, apc_source *src, apc_diags *);

/* The legacy encoding (an enc_kind) a font's name says its text is in: .VnTime and the like
 * TCVN3 (*caps for the capital fonts, .VnTimeH), VNI-Times and the like VNI; else ENC_NONE. */
int docx_font_encoding(const char *font, int *caps);

/* After the pipeline: diagnostics and the tree's src:line/src:column point at paragraphs and
 * their columns, and src->lines become the paragraphs (so carets print the paragraph). */
void docx_remap(apc_source *src, xmlDocPtr doc, apc_diags *);

void docx_format_free(docx_format *);

#endif
