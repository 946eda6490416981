/*
 * tree.c: the one place that makes and reads the elements of apc's document trees: find a
 * child by name, read an attribute or the text, the source position (src:line, src:column),
 * and constructors that never return NULL (they exit 2 on exhaustion, as xmalloc does).
 * Names are local names: the trees apc builds have one vocabulary namespace.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int
tree_is(xmlNodePtr e, const char *name)
{
	return e != NULL && e->type == XML_ELEMENT_NODE && strcmp((const char *)e->name, name) == 0;
}

/* The first element named name among c and its following siblings. */
static xmlNodePtr
first_from(xmlNodePtr c, const char *name)
{
	while (c != NULL && !tree_is(c, name))
		c = c->next;
	return c;
}

xmlNodePtr
tree_child(xmlNodePtr parent, const char *name)
{
	return parent != NULL ? first_from(parent->children, name) : NULL;
}

xmlNodePtr
tree_next(xmlNodePtr after, const char *name)
{
	return after != NULL ? first_from(after->next, name) : NULL;
}

const char *
tree_attr(xmlNodePtr e, const char *name)
{
	for (xmlAttrPtr a = e != NULL ? e->properties : NULL; a != NULL; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0)
			return a->children != NULL && a->children->content != NULL ?
			    (const char *)a->children->content : "";
	return NULL;
}

char *
tree_text(xmlNodePtr e)
{
	xmlNodePtr c = e != NULL && e->type == XML_ELEMENT_NODE ? e->children : NULL;
	if (c != NULL && c == e->last && c->type == XML_TEXT_NODE && c->content != NULL)
		return xstrdup((const char *)c->content);   /* one text node, the common case: one copy */
	xmlChar *t = e != NULL ? xmlNodeGetContent(e) : NULL;
	char *s = xstrdup(t != NULL ? (const char *)t : "");
	xmlFree(t);
	return s;
}

/* A source attribute (src:line, src:column) as a number; 0 when absent. */
static unsigned
src_attr(xmlNodePtr e, const char *name)
{
	for (xmlAttrPtr a = e != NULL && e->type == XML_ELEMENT_NODE ? e->properties : NULL; a != NULL; a = a->next)
		if (a->ns != NULL && strcmp((const char *)a->name, name) == 0 &&
		    strcmp((const char *)a->ns->href, APC_SRC_NS) == 0)
			return a->children != NULL && a->children->content != NULL ?
			    (unsigned)strtoul((const char *)a->children->content, NULL, 10) : 0;
	return 0;
}

/*
 * The source position of an element apc made is kept in the element itself, in the _private
 * field libxml2 leaves to the application (neither its tree functions, nor its validators, nor
 * libxslt read or copy an element's): the line in the high 32 bits, the column in the low.
 * `check` never needs src:line and src:column as attributes, which cost an attribute and a
 * text node each on nearly every element; tree_write_positions and tree_copy_doc make them for
 * the output. An element without a kept position (a tree read from XML) has its attributes
 * read instead. Where a pointer cannot hold both numbers, the attributes are all there is.
 */
#if UINTPTR_MAX >= 0xffffffffffffffffu
#define POS_IN_NODE 1
#define POS_LINE(e) ((unsigned)((uintptr_t)(e)->_private >> 32))
#define POS_COL(e) ((unsigned)((uintptr_t)(e)->_private & 0xffffffffu))
#else
#define POS_IN_NODE 0
#endif

unsigned
tree_line(xmlNodePtr e)
{
#if POS_IN_NODE
	if (e != NULL && e->type == XML_ELEMENT_NODE && e->_private != NULL)
		return POS_LINE(e);
#endif
	return src_attr(e, "line");
}

unsigned
tree_col(xmlNodePtr e)
{
#if POS_IN_NODE
	if (e != NULL && e->type == XML_ELEMENT_NODE && e->_private != NULL)
		return POS_COL(e);
#endif
	return src_attr(e, "column");
}

/* While tree.c makes nodes of doc, their small allocations come from doc's arena (arena.c),
 * when it has one: arena_enter(doc) ... arena_leave(saved). */
static tree_arena *
arena_enter(xmlDocPtr doc)
{
	tree_arena *saved = arena_current;
	arena_current = doc != NULL ? arena_of(doc->_private) : NULL;
	return saved;
}

static void
arena_leave(tree_arena *saved)
{
	arena_current = saved;
}

/* The document owns a dictionary: element and attribute names are interned in it (one copy
 * each, freed with the document) instead of a malloc'd copy per node; and an arena (its
 * _private), which its nodes are cut from. */
xmlDocPtr
tree_doc_new(void)
{
	tree_arena *a = arena_new(), *saved = arena_current;
	arena_current = a;
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	if (doc != NULL)
		doc->dict = xmlDictCreate();
	arena_current = saved;
	if (doc == NULL || doc->dict == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		arena_free(a);
		xoom();
	}
	doc->_private = a;
	return doc;
}

void
tree_doc_free(xmlDocPtr doc)
{
	if (doc == NULL)
		return;
	tree_arena *a = arena_of(doc->_private);
	doc->_private = NULL;
	xmlFreeDoc(doc);
	arena_free(a);      /* after: xmlFreeDoc reads the nodes it frees */
}

xmlNodePtr
tree_new(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
	tree_arena *saved = arena_enter(parent != NULL ? parent->doc : NULL);
	xmlNodePtr e = xnonnull(xmlNewDocNode(parent != NULL ? parent->doc : NULL, ns, BAD_CAST name, NULL));
	if (parent != NULL && xmlAddChild(parent, e) == NULL) {
		xmlFreeNode(e);
		xoom();
	}
	arena_leave(saved);
	return e;
}

/* Room for a short text inside its own node: libxml2's parser keeps text shorter than two
 * pointers in the node's properties and nsDef fields (XML_PARSE_COMPACT), and libxml2's tree
 * functions (free, copy, set, add content) know such a node. */
#define TEXT_INLINE (offsetof(xmlNode, psvi) - offsetof(xmlNode, properties))

/* A text node of s[0..n) in doc; a short one (most attribute values: numbers, ids) held in
 * the node itself, saving an allocation. */
static xmlNodePtr
new_text(xmlDocPtr doc, const char *s, size_t n)
{
	xmlNodePtr t = xnonnull(xmlNewDocText(doc, NULL));
	if (n < TEXT_INLINE) {
		char *in = (char *)t + offsetof(xmlNode, properties);
		memcpy(in, s, n);
		in[n] = '\0';
		t->content = (xmlChar *)in;
	} else
		t->content = xnonnull(xmlStrndup(BAD_CAST s, (int)n));
	return t;
}

static void
add_text(xmlNodePtr e, const char *s, size_t n)
{
	xmlNodePtr last = e->last;
	if (last != NULL && last->type == XML_TEXT_NODE && strcmp((const char *)last->name, "text") == 0) {
		/* merged with the text before it, as xmlAddChild would */
		xmlNodeAddContentLen(last, BAD_CAST s, (int)n);
		return;
	}
	xmlNodePtr t = new_text(e->doc, s, n);
	if (xmlAddChild(e, t) == NULL) {
		xmlFreeNode(t);
		xoom();
	}
}

void
tree_add_text(xmlNodePtr e, const char *s, size_t n)
{
	tree_arena *saved = arena_enter(e->doc);
	add_text(e, s, n);
	arena_leave(saved);
}

static void
add_squeezed(xmlNodePtr e, const char *s, size_t n)
{
	xmlNodePtr last = e->last;
	if ((last != NULL && last->type == XML_TEXT_NODE) || n < TEXT_INLINE) {
		/* the rare text after text, and short text: through a copy on the stack or heap */
		char stack[64], *t = n < sizeof stack ? stack : xmalloc(n + 1);
		add_text(e, t, text_squeeze_into(t, s, n));
		if (t != stack)
			free(t);
		return;
	}
	/* squeezed straight into the new node's own string */
	xmlChar *t = xnonnull(xmlMallocAtomic(n + 1));
	size_t k = text_squeeze_into((char *)t, s, n);
	if (k < TEXT_INLINE) {
		add_text(e, (const char *)t, k);
		xmlFree(t);
		return;
	}
	xmlNodePtr tn = xnonnull(xmlNewDocText(e->doc, NULL));
	tn->content = t;
	if (xmlAddChild(e, tn) == NULL) {
		xmlFreeNode(tn);
		xoom();
	}
}

void
tree_add_squeezed(xmlNodePtr e, const char *s, size_t n)
{
	tree_arena *saved = arena_enter(e->doc);
	add_squeezed(e, s, n);
	arena_leave(saved);
}

/* Attribute name (in ns, or none) of e set to v[0..n). A new attribute is made directly (the
 * parser sets each once, on an element it has just made); one already there is replaced. */
static void
set_attr(xmlNodePtr e, xmlNsPtr ns, const char *name, const char *v, size_t n)
{
	for (xmlAttrPtr a = e->properties; a != NULL; a = a->next)
		if (a->ns == ns && strcmp((const char *)a->name, name) == 0) {
			xmlNodePtr t = new_text(e->doc, v, n);
			xmlFreeNodeList(a->children);
			a->children = a->last = t;
			t->parent = (xmlNodePtr)a;
			return;
		}
	xmlAttrPtr a = xnonnull(xmlNewNsProp(e, ns, BAD_CAST name, NULL));
	xmlNodePtr t = new_text(e->doc, v, n);
	a->children = a->last = t;
	t->parent = (xmlNodePtr)a;
}

void
tree_set(xmlNodePtr e, const char *name, const char *value)
{
	tree_arena *saved = arena_enter(e->doc);
	set_attr(e, NULL, name, value, strlen(value));
	arena_leave(saved);
}

/* Decimal digits of u into b (at least 11 bytes); returns their number. The parser sets two
 * of these on nearly every element, so it does not go through snprintf. */
static size_t
utoa(unsigned u, char *b)
{
	char t[12];
	size_t n = 0;
	do
		t[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		b[i] = t[n - 1 - i];
	b[n] = '\0';
	return n;
}

void
tree_set_pos(xmlNodePtr e, xmlNsPtr src_ns, unsigned line, unsigned col)
{
#if POS_IN_NODE
	(void)src_ns;
	uint64_t old = (uintptr_t)e->_private, l = line ? line : old >> 32, c = col ? col : old & 0xffffffffu;
	e->_private = (void *)(uintptr_t)(l << 32 | c);
#else
	char b[12];
	if (line)
		set_attr(e, src_ns, "line", b, utoa(line, b));
	if (col)
		set_attr(e, src_ns, "column", b, utoa(col, b));
#endif
}

/* The element after n in document order within root's subtree, or NULL. */
static xmlNodePtr
next_element(xmlNodePtr n, xmlNodePtr root)
{
	xmlNodePtr next = n->children;
	while (next != NULL && next->type != XML_ELEMENT_NODE)
		next = next->next;
	for (xmlNodePtr up = n; next == NULL && up != NULL && up != root; up = up->parent) {
		for (next = up->next; next != NULL && next->type != XML_ELEMENT_NODE; next = next->next)
			continue;
	}
	return next;
}

void
tree_remap_positions(xmlDocPtr doc, tree_remap_fn fn, void *ctx)
{
	xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	for (xmlNodePtr n = root; n != NULL; n = next_element(n, root)) {
		unsigned line = tree_line(n), col = tree_col(n), l = line, c = col;
		if (line == 0)
			continue;
		fn(ctx, &l, &c);
		if (l != line || c != col)
			tree_set_pos(n, POS_IN_NODE ? NULL : xmlSearchNsByHref(doc, n, BAD_CAST APC_SRC_NS), l, col != 0 ? c : 0);
	}
}

#if POS_IN_NODE
/* src:NAME="v" on e: the value replaced when it is there; else a new attribute placed first
 * (after, when not NULL: just after it), where the parser used to make it. Returns it. */
static xmlAttrPtr
src_first(xmlNodePtr e, xmlNsPtr ns, const char *name, unsigned v, xmlAttrPtr after)
{
	char b[12];
	size_t n = utoa(v, b);
	for (xmlAttrPtr a = e->properties; a != NULL; a = a->next)
		if (a->ns == ns && strcmp((const char *)a->name, name) == 0) {
			set_attr(e, ns, name, b, n);
			return a;
		}
	xmlAttrPtr a = xnonnull(xmlNewNsProp(e, ns, BAD_CAST name, NULL));   /* appended last */
	xmlNodePtr t = new_text(e->doc, b, n);
	a->children = a->last = t;
	t->parent = (xmlNodePtr)a;
	if (a->prev != after) {     /* moved from the end to the front, or just after `after` */
		a->prev->next = NULL;
		a->prev = after;
		a->next = after != NULL ? after->next : e->properties;
		a->next->prev = a;
		if (after != NULL)
			after->next = a;
		else
			e->properties = a;
	}
	return a;
}

/* The kept position of from as src:line and src:column attributes of to (in doc), the first of
 * its attributes; *ns is the src namespace in doc, looked up (or declared on the root) once. */
static void
write_pos(xmlDocPtr doc, xmlNodePtr from, xmlNodePtr to, xmlNsPtr *ns)
{
	if (from->_private == NULL)
		return;
	unsigned line = POS_LINE(from), col = POS_COL(from);
	if (*ns == NULL) {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		*ns = xmlSearchNsByHref(doc, root, BAD_CAST APC_SRC_NS);
		if (*ns == NULL)
			*ns = xnonnull(xmlNewNs(root, BAD_CAST APC_SRC_NS, BAD_CAST "src"));
	}
	xmlAttrPtr after = line ? src_first(to, *ns, "line", line, NULL) : NULL;
	if (col)
		src_first(to, *ns, "column", col, after);
}
#endif

void
tree_write_positions(xmlDocPtr doc)
{
#if POS_IN_NODE
	xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	xmlNsPtr ns = NULL;
	for (xmlNodePtr n = root; n != NULL; n = next_element(n, root))
		write_pos(doc, n, n, &ns);
#else
	(void)doc;
#endif
}

xmlDocPtr
tree_copy_doc(xmlDocPtr doc)
{
	xmlDocPtr copy = xnonnull(xmlCopyDoc(doc, 1));
#if POS_IN_NODE
	/* the copy has the same elements in the same order: walked side by side */
	xmlNodePtr root = xmlDocGetRootElement(doc), croot = xmlDocGetRootElement(copy);
	xmlNsPtr ns = NULL;
	for (xmlNodePtr n = root, c = croot; n != NULL && c != NULL; n = next_element(n, root), c = next_element(c, croot))
		write_pos(copy, n, c, &ns);
#endif
	return copy;
}
