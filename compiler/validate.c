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

void
validate_doc(void *schema, xmlDocPtr doc, apc_diags *d)
{
	if (schema == NULL || doc == NULL)
		return;
	xmlRelaxNGValidCtxtPtr vc = xnonnull(xmlRelaxNGNewValidCtxt(schema));   /* NULL: out of memory */
	vstate v = { d, 0 };
	xmlRelaxNGSetValidStructuredErrors(vc, on_error, &v);
	xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
}
