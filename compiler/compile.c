/*
 * compile.c: the pipeline for one document, and the session that holds what is compiled
 * once per process (patterns, schema, library). Each stage is called once, in order; data
 * flows one way: read -> lex -> parse (+normalize) -> validate -> rules.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "docx.h"

int
apc_session_open(apc_session *s, const char *datadir, char *const *libdirs, size_t nlibdirs)
{
	memset(s, 0, sizeof *s);
	s->datadir = datadir;
	xmlInitParser();
	if (lex_init() != 0)
		return -1;
	char *schema = xasprintf("%s/schemas/program.rng", datadir);
	s->schema = validate_open(schema);
	if (s->schema == NULL) {
		fprintf(stderr, "apc: cannot load the schema %s\n", schema);
		free(schema);
		return -1;
	}
	free(schema);
	s->lib = library_open(datadir, libdirs, nlibdirs);
	if (s->lib == NULL)
		return -1;
	return 0;
}

void
apc_session_close(apc_session *s)
{
	if (s->render)
		render_close(s->render);
	library_close(s->lib);
	validate_close(s->schema);
	lex_fini();
	memset(s, 0, sizeof *s);
}

void
apc_compile(const apc_session *s, const char *path, const char *bytes, size_t len, apc_result *r)
{
	lex_tokens toks = {0};
	memset(r, 0, sizeof *r);
	if (read_source(&r->src, path, bytes, len, s->encoding ? enc_lookup(s->encoding) : ENC_NONE, &r->diags) != 0) {
		r->failed = 1;
		return;
	}
	if (r->src.stop) {      /* nothing to read (a .doc, a PDF, no encoding fits): one error */
		diag_sort(&r->diags);
		return;
	}
	lex_source(&r->src, &toks, &r->diags);
	r->doc = parse_tokens(&r->src, &toks, s->lib, &r->diags);
	lex_free(&toks);
	validate_doc(s->schema, r->doc, &r->diags);
	rules_run(r->doc, &r->src, s->lib, &r->diags);
	docx_remap(&r->src, r->doc, &r->diags);   /* a .docx: positions become paragraphs */
	diag_sort(&r->diags);
}

void
apc_result_free(apc_result *r)
{
	if (r->doc)
		xmlFreeDoc(r->doc);
	read_free(&r->src);
	diag_free(&r->diags);
	memset(r, 0, sizeof *r);
}
