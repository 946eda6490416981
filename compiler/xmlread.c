/*
 * xmlread.c: reading XML data files safely (no network, no entities, no DTD loading, bounded
 * size, regular files only), the error reporting that goes with it, and the helpers that read
 * elements, attributes and text from the trees it returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include "internal.h"
#include "xmlread.h"

/* ------------------------------------------------------------------ messages */

void
xmlread_error(unsigned *errors, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (line)
		fprintf(stderr, "%s:%u: error: ", file, line);
	else
		fprintf(stderr, "%s: error: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	(*errors)++;
}

void
xmlread_on_error(void *data, xml_error_t e)
{
	xmlread_errs *ec = data;
	size_t n;

	if (e == NULL || e->message == NULL)
		return;
	n = strlen(e->message);
	while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	if (e->level == XML_ERR_WARNING) {
		ec->warnings++;
		fprintf(stderr, "%s:%d: warning: %.*s\n", ec->path, e->line, (int)n, e->message);
		return;
	}
	if (e->line > 0)
		xmlread_error(ec->errors, ec->path, (unsigned)e->line, "%.*s", (int)n, e->message);
	else
		xmlread_error(ec->errors, ec->path, 0, "%.*s", (int)n, e->message);
}

#if LIBXML_VERSION < 21300
static void
on_parse_error(void *data, xml_error_t e)
{
	xmlParserCtxtPtr ctxt = data;

	xmlread_on_error(ctxt->_private, e);
}
#endif

/* ------------------------------------------------------------------ reading trees */

int
xmlread_is(xmlNodePtr n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

xmlNodePtr
xmlread_child(xmlNodePtr n, const char *ns, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (xmlread_is(n, ns, name))
			return n;
	return NULL;
}

unsigned
xmlread_line(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);

	return l > 0 ? (unsigned)l : 0;
}

/* Trimmed text content, spaces collapsed (malloc'd, never NULL). */
char *
xmlread_text(xmlNodePtr n)
{
	xmlChar *c = n != NULL ? xmlNodeGetContent(n) : NULL;
	strbuf sb = { 0 };
	const char *s, *e;

	for (s = c != NULL ? (const char *)c : ""; *s != '\0'; s = e) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		for (e = s; *e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r'; e++)
			;
		if (e > s) {
			if (sb.len > 0)
				sb_add(&sb, " ", 1);
			sb_add(&sb, s, (size_t)(e - s));
		}
	}
	xmlFree(c);
	return sb_take(&sb);
}

/* An attribute's trimmed value (malloc'd) or NULL. */
char *
xmlread_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = n != NULL ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	const char *s, *e;
	char *out;

	if (v == NULL)
		return NULL;
	for (s = (const char *)v; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'); e--)
		;
	out = xstrndup(s, (size_t)(e - s));
	xmlFree(v);
	return out;
}

int
xmlread_attr_is(xmlNodePtr n, const char *name, const char *value)
{
	char *v = xmlread_attr(n, name);
	int r = v != NULL && strcmp(v, value) == 0;

	free(v);
	return r;
}

static unsigned
line_at(const char *buf, const char *at)
{
	unsigned line = 1;

	for (; buf < at; buf++)
		line += *buf == '\n';
	return line;
}

/* SAX entity declarations: note the line in the error context (ctxt->_private) and stop. */
static void
refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId,
    xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlread_errs *ec = ctxt->_private;
	if (ec && !ec->refused)
		ec->refused = (unsigned)xmlSAX2GetLineNumber(ctxt) ? (unsigned)xmlSAX2GetLineNumber(ctxt) : 1;
	xmlStopParser(ctxt);
}

static void
refuse_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *publicId, const xmlChar *systemId,
    const xmlChar *notationName)
{
	refuse_entity(ctx, name, 0, publicId, systemId, NULL);
}

/*
 * Parse path safely: no network, no entity substitution, no DTD loading; a document whose
 * DOCTYPE declares entities is refused before libxml2 sees it. NULL after an error message.
 */
xmlDocPtr
xmlread_file(const char *path, size_t max_bytes, unsigned *errors, size_t *hash, int *warned)
{
	xmlread_errs ec = { errors, path, 0, 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	FILE *f = NULL;
	char *buf = NULL;
	const char *dt, *ent;
	size_t len = 0, got;
	unsigned before = *errors;
	int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES;

#if LIBXML_VERSION >= 21300
	opts |= XML_PARSE_NO_XXE;
#endif
#if LIBXML_VERSION >= 21400
	opts |= XML_PARSE_NO_SYS_CATALOG;
#endif
	/* O_NONBLOCK and a regular-file check: a FIFO or a device named *.xml must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		xmlread_error(errors, path, 0, "cannot read: %s", fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		xmlread_error(errors, path, 0, "cannot read: %s", strerror(errno));
		close(fd);
		goto out;
	}
	/* sized by the file (it is regular), at most the limit and one byte to see it passed */
	size_t want = (size_t)st.st_size < max_bytes ? (size_t)st.st_size + 1 : max_bytes + 1;
	buf = xmalloc(want + 1);
	while (len < want && (got = fread(buf + len, 1, want - len, f)) > 0)
		len += got;
	if (ferror(f)) {
		xmlread_error(errors, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (len > max_bytes) {
		xmlread_error(errors, path, 0, "larger than %zu bytes", max_bytes);
		goto out;
	}
	buf[len] = '\0';
	if (hash != NULL)
		*hash = hash_fnv1a(buf, len);
	if ((dt = strstr(buf, "<!DOCTYPE")) != NULL && (ent = strstr(dt, "<!ENTITY")) != NULL) {
		xmlread_error(errors, path, line_at(buf, ent), "a DOCTYPE that declares entities is refused");
		goto out;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		xmlread_error(errors, path, 0, "cannot make an XML parser");
		goto out;
	}
#if LIBXML_VERSION >= 21300
	xmlCtxtSetErrorHandler(ctxt, xmlread_on_error, &ec);
#else
	ctxt->_private = &ec;
	ctxt->sax->serror = on_parse_error;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
#endif
	/* Whatever the encoding (the byte check above sees only ASCII-compatible ones), the
	 * parser stops at the first entity declaration. */
	ctxt->_private = &ec;
	ctxt->sax->entityDecl = refuse_entity;
	ctxt->sax->unparsedEntityDecl = refuse_unparsed_entity;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, opts);
	if (ec.refused) {
		xmlread_error(errors, path, ec.refused, "a DOCTYPE that declares entities is refused");
		goto fail;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		if (*errors == before)
			xmlread_error(errors, path, 0, "not well-formed XML");
		goto fail;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL || doc->intSubset->pentities != NULL)) {
		xmlread_error(errors, path, xmlread_line((xmlNodePtr)doc->intSubset), "a DOCTYPE that declares entities is refused");
		goto fail;
	}
	goto out;
fail:
	xmlFreeDoc(doc);
	doc = NULL;
out:
	if (warned != NULL)
		*warned = ec.warnings > 0;
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	if (f != NULL)
		fclose(f);
	free(buf);
	return doc;
}

