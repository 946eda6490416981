/*
 * since.h: apc check --since REV (since.c), the files a change touches. Included by cmdcheck.c.
 * A since belongs to the run that opened it; since_names_changed may be called from several
 * threads once every symbol is added.
 */
#ifndef APC_SINCE_H
#define APC_SINCE_H

#include "internal.h"

typedef struct since since;
/* The files git says changed since rev, and the untracked ones; NULL and *err (malloc'd, in
 * lang, git's own words as a detail) when git fails or rev is not a commit. */
since *since_open(const char *rev, apc_lang lang, char **err);
void since_free(since *);
/* 1 when path (any spelling: compared by real path) is one of the changed files. */
int since_changed(const since *, const char *path);
/* Record the symbol of a changed document (its canonical symbol, when it has one). */
void since_add_symbol(since *, const apc_result *);
size_t since_nsymbols(const since *);
/* 1 when r implements or cites a document since_add_symbol recorded. */
int since_names_changed(const since *, const apc_result *);

#endif
