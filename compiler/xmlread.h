/*
 * xmlread.h: reading XML data files safely, and the small helpers to read their trees.
 * Included by the files that read XML from disk (library.c, agency.c; render.c and validate.c
 * may), never by users of apc.h.
 */
#ifndef APC_XMLREAD_H
#define APC_XMLREAD_H

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_t;
#else
typedef xmlErrorPtr xml_error_t;
#endif

/* Print "file:line: error: ..." (line 0: no line) on stderr and count it in *errors. */
void xmlread_error(unsigned *errors, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Where libxml2's structured errors go: set one as the data of xmlread_on_error, for a parser
 * or a RELAX NG context. Warnings are printed, errors counted in *errors. */
typedef struct xmlread_errs {
	unsigned *errors;
	const char *path;
	unsigned refused;       /* the line of an entity declaration, which stopped the parser */
	unsigned warnings;      /* warnings printed */
} xmlread_errs;
void xmlread_on_error(void *xmlread_errs, xml_error_t);

/* Parse path safely: a regular file of at most max_bytes, no network, no entity substitution,
 * no DTD loading; a document whose DOCTYPE declares entities is refused. The document (the
 * caller frees it with xmlFreeDoc), or NULL after an error counted in *errors. When hash is
 * not NULL it gets hash_fnv1a of the bytes read (the file's content) and *warned whether the
 * parser printed a warning (warned may be NULL). */
xmlDocPtr xmlread_file(const char *path, size_t max_bytes, unsigned *errors, size_t *hash, int *warned);

/* Is n an element in namespace ns named name (any name when NULL)? */
int xmlread_is(xmlNodePtr n, const char *ns, const char *name);
/* n's first such child element, or NULL (n may be NULL). */
xmlNodePtr xmlread_child(xmlNodePtr n, const char *ns, const char *name);
/* n's line in its file, or 0. */
unsigned xmlread_line(xmlNodePtr n);
/* n's text content trimmed, spaces collapsed (malloc'd, never NULL; n may be NULL). */
char *xmlread_text(xmlNodePtr n);
/* An attribute's trimmed value (malloc'd) or NULL. */
char *xmlread_attr(xmlNodePtr n, const char *name);
/* Is the attribute's trimmed value this one? */
int xmlread_attr_is(xmlNodePtr n, const char *name, const char *value);

#endif
