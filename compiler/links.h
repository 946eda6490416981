/*
 * links.h: the pages of the parents a program cites (links.c). Used by pages.c.
 */
#ifndef APC_LINKS_H
#define APC_LINKS_H

#include <libxml/tree.h>

struct apc_library;
struct links;

struct links *links_new(void);
void links_free(struct links *);
/* Remember doc's page (relative to the output directory) under its symbol and date. */
void links_add(struct links *, xmlDocPtr doc, const char *page);
/* Set implements/@page on doc, about to be rendered as page (relative to the output directory;
 * NULL for a single file): the page of the tree's file it cites, relative to page, else the
 * library's parent/@page; otherwise nothing. l and lib may be NULL. */
void links_apply(const struct links *l, const struct apc_library *lib, xmlDocPtr doc, const char *page);

#endif
