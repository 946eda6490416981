/*
 * rules.h: private to rules.c, check.c and citerules.c. The context of one rules_run call (the
 * document's facts, its source, the library, the diagnostics) and the helpers they share.
 * Nothing here is global: a context lives on the stack of one rules_run call.
 */
#ifndef APC_RULES_H
#define APC_RULES_H

#include "facts.h"

typedef struct rules_ctx {
	xmlDocPtr doc;
	facts *f;                   /* the document's facts (facts.h); the rules set its coverage */
	const apc_source *src;
	const struct apc_library *lib;
	const struct re_set *cite;  /* the session's citation pattern (cite.c) */
	apc_diags *d;
	struct rules_folds *folds;  /* folded texts of elements, made once (rules_folded) */
} rules_ctx;


/* Folded text of element e (NULL: ""), made once per run: owned by the run, not freed. */
const char *rules_folded(rules_ctx *, xmlNodePtr e);
/* rules_folded of the element's <title> child ("" if none). */
const char *rules_title_of(rules_ctx *, xmlNodePtr e);
/* Does folded text hay contain the folded words needle, at word boundaries? */
int rules_has_words(const char *hay, const char *needle);
/* d/m/yyyy from ISO yyyy-mm-dd into buf[16] (copied as is when not ISO). */
const char *rules_dmy(const char *iso, char buf[16]);
/* A parent named in a message: its kind in Vietnamese and English, then its symbol
 * ("Nghị quyết%.0s 36-NQ/TW", catalog.def), three arguments. */
#define KIND(symbol) catalog_kind(symbol, APC_LANG_VI), catalog_kind(symbol, APC_LANG_EN), (symbol)
/* Emit a diagnostic whose last argument differs per language (the formats end in %s). */
apc_diag *rules_emit_lang(apc_diags *, diag_id id, unsigned line, unsigned col,
    const char *arg, const char *last_vi, const char *last_en);

/* The element's line, and its column (1 when it has a line and no column). */
static inline unsigned
uline(xmlNodePtr e)
{
	return tree_line(e);
}

static inline unsigned
ucol(xmlNodePtr e)
{
	unsigned c = tree_col(e);
	return c ? c : (tree_line(e) ? 1 : 0);
}

/* check.c: the checks against the parents (dates, issuers, coverage, horizons). */
void check_parents(rules_ctx *);
/* citerules.c: symbol-malformed, symbol-case and symbol-spacing over the text's paragraphs, the
 * same in table cells wrapped over lines, appendix-reference-mismatch. */
void rule_symbols(rules_ctx *);
void rule_cell_symbols(rules_ctx *);
void rule_attached(rules_ctx *);
/* A paragraph read as one text: its lines joined by a space (a citation wraps: "số 57-NQ/TW" /
 * "ngày 22/12/2024 của Bộ Chính trị"), with where each line starts in it. */
typedef struct rules_para {
	const char *s;              /* the joined text */
	size_t n;
	const size_t *off;          /* off[i]: where line first + i starts in s */
	size_t nlines;
	unsigned first;             /* the first line's number */
	const apc_source *src;
	/* a table cell wrapped over lines beside other cells: piece i is on line lines[i] from
	 * column cols[i] (NULL for a paragraph: line first + i from column 1) */
	const unsigned *lines, *cols;
	/* NULL, or where rules_para_pos keeps its last answer: asked in the order of the text, it
	 * counts each byte once (a line of thousands of citations was counted from its start for each) */
	utf8_cursor *cur;
} rules_para;
/* The line and character column of byte at of the paragraph. */
void rules_para_pos(const rules_para *, size_t at, unsigned *line, unsigned *col);
/* The line byte at is on. */
unsigned rules_para_line(const rules_para *, size_t at);
struct cite;
/* A citation in a paragraph (cite.c): when it cites a parent again, its date and issuer there
 * ("ngày 30/01/2023 của Bộ Chính trị"), each said at its own line. */
void check_citation(rules_ctx *, const rules_para *, const struct cite *);
/* The latest horizon of the known parents (and whose it is), 0 if none known. */
int check_parent_horizon(const rules_ctx *, const char **sym);

#endif
