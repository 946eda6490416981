/*
 * facts.h: the facts of one document (facts.c), built once after validation and owned by its
 * apc_result. Included by the stages that read them (rules, check, report, the render index in pages.c); the
 * elements and strings they point to belong to the result's tree (symbol_text is the facts').
 */
#ifndef APC_FACTS_H
#define APC_FACTS_H

#include "internal.h"
#include "cite.h"

typedef struct nodev {
	xmlNodePtr *v;
	size_t n, cap;
} nodev;
void nodev_push(nodev *, xmlNodePtr);

typedef struct facts {
	xmlNodePtr root, meta;
	char date[11];              /* the program's date (meta/date/@iso), "" if none */
	xmlNodePtr date_el;
	const char *symbol;         /* the program's canonical symbol, or NULL */
	xmlNodePtr symbol_el;       /* meta/symbol (its text as written, @type), or NULL */
	const char *symbol_type;    /* meta/symbol/@type ("CTr", "KH"), or NULL */
	char *symbol_text;          /* meta/symbol as written, or NULL */
	const char *kind_text, *title, *issuer;   /* meta/kind, meta/title, meta/issuer as written, or NULL */
	nodev implements;           /* implements elements, first of each @ref */
	strset implements_refs;     /* their @ref, numbered as in implements */
	struct facts_cite {         /* every citation the parser kept, in document order */
		xmlNodePtr el;          /* its implements or cites element */
		cite_role role;         /* CITE_PARENT for implements, else cites/@role */
		const char *ref;        /* the cited symbol, canonical (@ref) */
		const char *date;       /* its date (@date, ISO), or NULL */
		const char *issuer;     /* its issuer as written (@issuer), or NULL */
		const char *kind;       /* its kind as written (@kind), or NULL */
	} *cites;
	size_t ncites;
	nodev sections;
	nodev missions;             /* section[@role='missions']/mission, in order */
	nodev objectives;           /* every objective, nested ones too */
	xmlNodePtr appendix;        /* the first appendix with groups, else with tasks */
	nodev groups;               /* its top-level groups */
	nodev tasks;                /* every task of every appendix, in order */
	size_t *task_group;         /* per task: index into groups + 1, 0 when none */
	int prog_horizon;           /* latest objective/@horizon, 0 if none */
	struct facts_cover {        /* set by the parent checks (check.c) */
		xmlNodePtr unit;        /* a mission (or a group when there are no missions) */
		char *parents;          /* the parent missions it covers: "36-NQ/TW#1 36-NQ/TW#3" */
	} *covers;
	size_t ncovers;
} facts;

/* The facts of a validated tree; NULL when doc has no root. Free with facts_free. */
facts *facts_build(xmlDocPtr doc);
void facts_free(facts *);
/* Which parent missions unit covers (copied), and the answer (owned by the facts) or NULL. */
void facts_set_covers(facts *, xmlNodePtr unit, const char *parents);
const char *facts_covers(const facts *, xmlNodePtr unit);
/* The implements element (the first) whose @ref is ref, or NULL: one hash lookup. */
xmlNodePtr facts_implements(const facts *, const char *ref);
/* The first citation in the role, or NULL: facts_cite_first(f, CITE_PARENT) is the parent. */
const struct facts_cite *facts_cite_first(const facts *, cite_role);
/* Write what the facts add to the tree (mission/@covers) into doc, for output: apc build and
 * render call it on purpose; no stage before them does. */
void facts_publish(const facts *, xmlDocPtr doc);

#endif
