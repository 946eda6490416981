/*
 * links.c: the page of a parent a program cites (issue 13, item 12). A page links the words
 * that cite its parent ("Nghị quyết số 36-NQ/TW ngày 30/01/2023 ...") to the parent's own page
 * when the parent is one of the files of the same tree render, or when the library gives the
 * parent's published page (parent/@page, an http(s) address); otherwise nothing is linked.
 *
 * A tree render first learns every file's page by its symbol and date (links_add, in the main
 * thread, before any page is rendered); links_apply then sets implements/@page on the tree that
 * is about to be rendered, relative to that page's own place. The stylesheets draw the link.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "links.h"

typedef struct link_page {
	char *symbol;        /* canonical, as the file's header gives it */
	char *date;          /* ISO, or NULL */
	char *page;          /* relative to the output directory */
} link_page;

struct links {
	link_page *v;
	size_t n, cap;
};

struct links *
links_new(void)
{
	return xcalloc(1, sizeof(struct links));
}

void
links_free(struct links *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].symbol);
		free(l->v[i].date);
		free(l->v[i].page);
	}
	free(l->v);
	free(l);
}

void
links_add(struct links *l, xmlDocPtr doc, const char *page)
{
	xmlNodePtr meta = tree_child(doc ? xmlDocGetRootElement(doc) : NULL, "meta");
	xmlNodePtr sym = tree_child(meta, "symbol");
	const char *symbol = tree_attr(sym, "canonical"), *date = tree_attr(tree_child(meta, "date"), "iso");
	if (!l || !page || !symbol || !*symbol)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	link_page *p = &l->v[l->n++];
	p->symbol = xstrdup(symbol);
	p->date = date && *date ? xstrdup(date) : NULL;
	p->page = xstrdup(page);
}

/* The page of the tree's file with that symbol (and date, when the citation has one): NULL when
 * none, or when two files fit and nothing tells them apart. */
static const char *
tree_page(const struct links *l, const char *symbol, const char *date)
{
	const char *found = NULL;
	int n = 0;
	for (size_t i = 0; l && i < l->n; i++) {
		if (strcasecmp(l->v[i].symbol, symbol) != 0)
			continue;
		if (date && l->v[i].date && strcmp(date, l->v[i].date) != 0)
			continue;
		found = l->v[i].page;
		n++;
	}
	return n == 1 ? found : NULL;
}

/* to (a page relative to the output directory) as seen from the page from: "../b/x.html",
 * "./x.html"; each segment percent-encoded, never a scheme. malloc'd. */
static char *
relative(const char *from, const char *to)
{
	size_t cut = 0;
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			cut = i + 1;
	strbuf b = { 0 };
	for (const char *q = from + cut; *q; q++)
		if (*q == '/')
			sb_adds(&b, "../");
	if (b.len == 0)
		sb_adds(&b, "./");
	uri_encode(&b, to + cut);
	return sb_take(&b);
}

/* A library's page address is used only when it is a plain http(s) address: no quote, space,
 * parenthesis, backslash, angle bracket or control character (it goes into an attribute and
 * into XSL-FO's url(...)). */
static int
plain_url(const char *u)
{
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return 0;
	for (const unsigned char *q = (const unsigned char *)u; *q; q++)
		if (*q <= ' ' || *q == 0x7f || strchr("\"'()<>\\`", *q))
			return 0;
	return 1;
}

void
links_apply(const struct links *l, const struct apc_library *lib, xmlDocPtr doc, const char *page)
{
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNodePtr e = root ? root->children : NULL; e; e = e->next) {
		if (!tree_is(e, "implements"))
			continue;
		const char *ref = tree_attr(e, "ref"), *date = tree_attr(e, "date"), *to;
		if (!ref || !*ref)
			continue;
		if (page && (to = tree_page(l, ref, date)) != NULL && strcmp(to, page) != 0) {
			char *href = relative(page, to);
			tree_set(e, "page", href);
			free(href);
			continue;
		}
		const library_parent *p = lib ? library_parent_find(lib, ref, date) : NULL;
		if (p && p->page && plain_url(p->page))
			tree_set(e, "page", p->page);
	}
}
