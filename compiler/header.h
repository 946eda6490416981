/*
 * header.h: the opening of a document, read as a set of cells. Included by parse.c only.
 *
 * Real copies put lines above the header (a site's name, "Đang tải văn bản...", a page title,
 * a metadata block), separate its cells with '|', tabs, blank lines or lone '|' lines, split
 * the motto and the date over two lines, and put the symbol on the line after "Số:". The
 * header reader finds the cells wherever they stand in the first block: the issuer (one to
 * four pieces), the national motto, the symbol, the place and the date; the site's metadata
 * block is read too, in any layout, as a second witness.
 */
#ifndef APC_HEADER_H
#define APC_HEADER_H

#include "internal.h"

typedef struct header_fact {
	char *text;                 /* cleaned (spaces collapsed), owned; NULL when absent */
	unsigned line, col;         /* where it starts; col in characters */
} header_fact;

#define HEADER_MAX_ISSUER 4

typedef struct header {
	int found;                  /* 0: no header cells (the parser reads from the start) */
	unsigned end;               /* the first line after the header (1-based): kind, title */
	const char *format;         /* "party", "state" (from the motto), or NULL */
	header_fact issuer[HEADER_MAX_ISSUER];
	int nissuer;
	header_fact symbol;         /* "219-CTr/TU", or a draft's "…/KH-UBND" */
	header_fact place;
	header_fact date;           /* "ngày 22 tháng 5 năm 2023", maybe joined from two lines */
	/* the site's metadata block ("Số hiệu: ...", "| Ngày ban hành | 14/05/2025 |") */
	header_fact m_symbol, m_date, m_kind, m_issuer;
	unsigned limit_line;        /* a line that made a pattern reach its match limit, or 0 */
} header;

/* Read the opening of src with the session's header patterns (re.h: header_patterns). Returns
 * 0, or -1 when set is not that set. */
struct re_set;
int header_read(const struct re_set *set, const apc_source *src, header *h);
void header_free(header *h);
/* The first offset from `from` on where the metadata pattern (P_META) may match in s[0..n),
 * n when nowhere: where one of its labels stands, in any case, not right after an ASCII letter. */
size_t header_meta_next(const char *s, size_t n, size_t from);

#endif
