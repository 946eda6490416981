/*
 * parse.h: the parse stage's own header, shared by its files: parse.c (the machine and the
 * body), front.c (the front matter: meta, the opening from header.c, citations, the title) and
 * table.c (the appendix table). Included by those three only.
 */
#ifndef APC_PARSE_H
#define APC_PARSE_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "internal.h"
#include "header.h"
#include "cite.h"
#include "re.h"

#define MAX_COLS 32
#define MAX_ROWS 20000
#define MAX_TITLE_LINES 8

enum mode { M_HEADER, M_TITLE, M_BODY, M_END, M_APPX };

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
	xmlNodePtr part;      /* the last part ("Phần I", "A."): a section of its own, over sections */
	strbuf lasttext;      /* the last block's text, kept here while lines join it (the node
	                       * gets it in last_flush: appending to a node is quadratic) */
	int last_dirty;
	int last_is_title;    /* the last block is a heading: join only what starts in lower case */
	int blanks;           /* blank lines since the last block */
	enum mode mode;
	const lex_token *kind, *title_tok;
	strbuf title;
	unsigned title_col;
	int title_gap;        /* a blank line after the title: only a line in lower case goes on with it */
	strbuf issuer[4];
	unsigned issuer_line, issuer_col;     /* the first issuer line's */
	unsigned iline[4], icol[4];           /* each issuer line's */
	int nissuer;
	const apc_patterns *pats;   /* the session's compiled patterns (header, cite) */
	header hdr;           /* the opening, read before the machine runs (header.c) */
	int date_invalid;     /* date-invalid given for the date of issue */
	const lex_tokens *toks;
	size_t ti;            /* the token being read, to look at the next ones */
	const lex_token *skip;   /* a token the front matter has read already (a council's term line) */
	struct _xmlHashTable *cited;   /* implements and cites made so far, by name and ref (front.c) */
	const char *format;
	/* END */
	xmlNodePtr recipients, signature;
	int sig_state;        /* 0 none, 1 role/title seen, 2 name seen */
	int sig_title;        /* the signature has its title */
	int attached_head;    /* a decision's attached program begins: its kind and title are read past */
	xmlNodePtr operative, operative_end;   /* a decision's formula and articles: first and last block */
	/* APPX */
	xmlNodePtr appendix, subtitle, group, columns;
	enum colkey keys[MAX_COLS];
	size_t ncols;
	pending row;
	pending above;              /* the last task row's cells: what a merged cell repeats */
	int merged_said;            /* table-cells-merged given for this table */
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

/* parse.c: tree and text helpers */
void parse_append_text(xmlNodePtr e, const char *s, size_t n);
int parse_contains(const char *hay, const char *words);
xmlNodePtr parse_el(parser *p, xmlNodePtr parent, const char *name, unsigned line, unsigned col, const char *s, size_t n);
void parse_set_attr(xmlNodePtr e, const char *name, const char *v);

/* front.c: the front matter */
void front_apply_header(parser *p);
void front_finish_header(parser *p);
int front_is_authority(parser *p, const lex_token *t, int apart);
int front_is_masthead_again(parser *p, const lex_token *t);
int front_is_preamble_start(const char *s, size_t n);
void front_meta_date(parser *p, const char *s, size_t n, unsigned line, unsigned col, int with_place);
void front_meta_symbol(parser *p, const char *s, size_t n, unsigned line, unsigned col);
void front_read_citations(parser *p, const char *text, cite_where where, unsigned line, unsigned col);
void front_title_done(parser *p);
size_t front_words(const char *s, size_t n);

/* table.c: the appendix table */
void table_attached(parser *p, const lex_token *t);
void table_columns(parser *p, const lex_token *t);
void table_open(parser *p, const lex_token *t, const char *title, size_t tn);
void table_row(parser *p, const lex_token *t);
void table_forget_above(parser *);   /* a new table or group: no merged cell reaches over it */
void table_flush(parser *p);

#endif
