/*
 * cite.h: the one citation reader. Included by the stages that read citations of other
 * documents in text (parse, rules, check); not part of apc.h.
 *
 * A citation is "KIND [số] SYMBOL [, ngày DATE] [của ISSUER]": "Nghị quyết số 36-NQ/TW ngày
 * 30/01/2023 của Bộ Chính trị", "NGHỊ QUYẾT 111/NQ-CP NGÀY 22 THÁNG 7 NĂM 2024 CỦA CHÍNH PHỦ",
 * "Kết luận số64-KL/TW ngày 09 tháng 02 năm 2010" (words glued where a copy lost a line break).
 * Each citation gets a role from where it stands and what it is: a parent (what the document
 * carries out), a legal basis, a proposal, or another reference.
 */
#ifndef APC_CITE_H
#define APC_CITE_H

#include <stddef.h>
#include "internal.h"

typedef enum cite_role { CITE_PARENT, CITE_LEGAL, CITE_PROPOSAL, CITE_OTHER } cite_role;

/* Where the text stands: the document's title, its preamble (before the first section), a
 * decision's articles ("Điều 1. Ban hành kèm theo …"), or its body. The title and the preamble
 * name parents; an article only what the program it issues carries out ("Ban hành kèm theo …
 * Kế hoạch thực hiện Nghị quyết số …"), not what it replaces or assigns. */
typedef enum cite_where { CITE_IN_TITLE, CITE_IN_PREAMBLE, CITE_IN_ARTICLE, CITE_IN_BODY } cite_where;

typedef struct cite {
	size_t at, end;             /* the whole citation, kind word to issuer: bytes in the text */
	size_t sym_at, sym_len;     /* the symbol as written */
	size_t date_at, date_len;   /* the date as written; date_len 0: undated */
	size_t iss_at, iss_len;     /* the issuer as written; iss_len 0: none */
	char kind[48];              /* the kind as written: "Nghị quyết", "KẾ HOẠCH HÀNH ĐỘNG" */
	norm_symbol sym;            /* the symbol read; sym.canonical in its official case */
	char iso[11];               /* the date, "" when undated or impossible */
	int date_invalid;           /* a date is written but cannot be (31/02/2023) */
	cite_role role;
} cite;

typedef struct cite_list {
	cite *v;
	size_t n, cap;
	int limit_hit;              /* the text made the pattern reach its match limit: not all read */
} cite_list;

/*
 * Read every citation in text[0..n) (valid UTF-8) and append it to out. cite is the session's
 * compilation of cite_patterns (re.h). own_symbol (may be
 * NULL) is the document's own canonical symbol: a citation of it is never a parent, nor in the
 * preamble a program or plan of its issuer that the text does not say it carries out. Returns
 * the number appended. The caller frees out with cite_list_free.
 */
struct re_set;
size_t cite_scan(const struct re_set *cite, const char *text, size_t n, cite_where where, const char *own_symbol,
    cite_list *out);
void cite_list_free(cite_list *);
/* The first offset from `from` in s[0..n) where a citation may start (a kind word followed by
 * what the pattern wants after it), n when none: cite_scan runs its pattern from there. */
size_t cite_kind_next(const char *s, size_t n, size_t from);
/* "parent", "legal-basis", "proposal", "other" */
const char *cite_role_name(cite_role);

#endif
