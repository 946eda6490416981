/*
 * agency.h: the agency registry and the matching of agency names as written to it.
 * Included by library.c (which owns an agency_index) and agency.c only.
 */
#ifndef APC_AGENCY_H
#define APC_AGENCY_H

#include <pthread.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "internal.h"

typedef struct rule {
	char *from;         /* key words, space-separated */
	size_t first;       /* bytes of its first word */
	size_t nwords;
	char *to;           /* replacement, "" to delete */
	const char *file;   /* where it was read (owned by its raw entry) */
	size_t raw;         /* that entry's number */
	unsigned line;
} rule;
typedef struct rules { rule *v; size_t n, cap; } rules;

typedef struct wordset { char **v; size_t n, cap; } wordset;   /* sorted */

enum raw_kind { RAW_REWRITE, RAW_IGNORE_START, RAW_IGNORE_END, RAW_ANCHOR, RAW_FINAL };
typedef struct raw {        /* a table entry as read, before the tables are built */
	enum raw_kind kind;
	char *a, *b;
	char *file;
	unsigned line;
} raw;

typedef struct agency {
	library_agency pub;
	char *kind;
	char *file;
	char **variants;    /* as written, the name first */
	unsigned *lines;
	size_t nvariants;
} agency;

typedef struct slot { char *key; size_t ag, variant; } slot;
typedef struct nearby { const char *key; char *ascii; size_t len, ag, slot; } nearby;
/* The names for suggestions: every table key and its ASCII form. The ASCII forms are made on
 * the first suggestion (most runs need none), under lock, then read-only. */
typedef struct agency_near {
	pthread_mutex_t lock;
	int ready;
	nearby *v;          /* key points into the table's slot */
	size_t n;
} agency_near;

/* The registry as loaded, then its tables; read-only once agency_build has run. */
typedef struct agency_index {
	unsigned *errors;   /* where errors are counted (the library's count) */
	agency *ag;
	size_t nag, capag;
	strset ids;         /* agency ids; an id's number is its index in ag */
	raw *raw;
	size_t nraw, capraw;
	rules del, rew, ign_start, ign_end;
	wordset anchors, finals;
	wordset anchors_ascii;  /* the anchors without diacritics, for suggestions */
	slot *tab;          /* tabmask + 1 slots, a power of two */
	size_t tabmask;
	agency_near *near;  /* allocated by agency_build; filled lazily */
} agency_index;

/* Add the agencies and table entries of a registry file's root element. */
void agency_load_registry(agency_index *, xmlNodePtr root, const char *path);
/* Build the tables and the key index from everything loaded (errors counted). */
void agency_build(agency_index *);
/* The agency text[0..len) names, or NULL. */
const library_agency *agency_find(const agency_index *, const char *text, size_t len);
/* The closest known agency name for a suggestion, or NULL. */
const char *agency_suggest(const agency_index *, const char *text, size_t len);
void agency_index_free(agency_index *);

/* The built index in the compiled library cache's flat form (blob.h), and back into an empty
 * index (errors set): -1 when the blob is bad (the index is then only fit for
 * agency_index_free). */
struct blob_reader;
void agency_save(const agency_index *ix, strbuf *b);
int agency_restore(agency_index *ix, struct blob_reader *r);

#endif
