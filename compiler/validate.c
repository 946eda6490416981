/*
 * validate.c: the tree against schemas/program.rng. The schema is compiled once; each
 * document gets its own validation context, whose errors are mapped back to the source
 * line of the nearest element that carries src:line, so that a schema error points at the
 * drafter's text and not at generated XML.
 */
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <string.h>
#include "internal.h"
#include "xmlread.h"     /* xml_error_t: const xmlError * from libxml2 2.12 on */

void *
validate_open(const char *schema_path)
{
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(schema_path);
	if (pc == NULL)
		return NULL;
	xmlRelaxNGPtr s = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	return s;
}

void
validate_close(void *schema)
{
	if (schema)
		xmlRelaxNGFree(schema);
}

typedef struct vstate {
	apc_diags *d;
	int count;
} vstate;

static void
on_error(void *ctx, xml_error_t e)
{
	vstate *v = ctx;
	if (v->count++ >= 10)
		return;
	xmlNodePtr n = (xmlNodePtr)e->node;
	unsigned line = 0, col = 0;
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if ((line = tree_line(n)) != 0) {
			col = tree_col(n);
			break;
		}
	char *msg = xstrdup(e->message ? e->message : "invalid");
	size_t l = strlen(msg);
	while (l && msg[l - 1] == '\n')
		msg[--l] = '\0';
	diag_emit(v->d, D_SCHEMA_INVALID, line ? line : 1, col ? col : 1, msg, msg);
	free(msg);
}

/* The first pass's errors: none reported, the pass only decides. */
static void
quiet(void *ctx, xml_error_t e)
{
	(void)ctx;
	(void)e;
}

/* One validation of doc; errors through fn. Its result: 0 when valid. */
static int
validate_with(void *schema, xmlDocPtr doc, xmlStructuredErrorFunc fn, void *ctx)
{
	xmlRelaxNGValidCtxtPtr vc = xnonnull(xmlRelaxNGNewValidCtxt(schema));   /* NULL: out of memory */
	xmlRelaxNGSetValidStructuredErrors(vc, fn, ctx);
	int rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	return rc;
}

/*
 * The tree keeps its source positions in its elements (tree.c), not as the src:line and
 * src:column attributes of the XML apc writes. The schema has those optional, of any text, so
 * the tree is valid exactly when its XML is, and libxml2 validates it in less than half the
 * instructions without them. An invalid tree (a parser bug) is validated again with them
 * written, so that its errors are the ones the XML gets: libxml2 words some of them otherwise
 * ("Element p has extra content" comes only with attributes there).
 */
void
validate_doc(void *schema, xmlDocPtr doc, apc_diags *d)
{
	if (schema == NULL || doc == NULL)
		return;
	if (validate_with(schema, doc, quiet, NULL) == 0)
		return;
	tree_write_positions(doc);
	vstate v = { d, 0 };
	validate_with(schema, doc, on_error, &v);
}
