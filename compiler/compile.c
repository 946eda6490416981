/*
 * compile.c: the pipeline for one document, and the session that holds what is compiled
 * once (patterns, schema, library, the apc.conf cache) from apc_session_open to close. Each stage is called once, in order; data
 * flows one way: read -> lex -> parse (+normalize) -> validate -> rules.
 */
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "docx.h"
#include "facts.h"
#include "re.h"

int
apc_session_open(apc_session *s, const char *datadir, char *const *libdirs, size_t nlibdirs)
{
	memset(s, 0, sizeof *s);
	s->datadir = datadir;
	arena_setup();      /* libxml2's allocator hooked before its first allocation and any thread */
	xmlInitParser();
	char *schema = xasprintf("%s/schemas/program.rng", datadir);
	s->patterns = xcalloc(1, sizeof *s->patterns);
	if (re_set_compile(&s->patterns->lex, "lex", lex_patterns, lex_npatterns) != 0 ||
	    re_set_compile(&s->patterns->header, "header", header_patterns, header_npatterns) != 0 ||
	    re_set_compile(&s->patterns->cite, "cite", cite_patterns, cite_npatterns) != 0)
		goto fail;
	if ((s->schema = validate_open(schema)) == NULL) {
		fprintf(stderr, "apc: cannot load the schema %s\n", schema);
		goto fail;
	}
	if ((s->conf = config_cache_open()) == NULL)
		goto fail;
	if ((s->lib = library_open(datadir, libdirs, nlibdirs)) == NULL)
		goto fail;
	free(schema);
	return 0;
fail:
	free(schema);
	apc_session_close(s);
	return -1;
}

void
apc_session_close(apc_session *s)
{
	if (s->render)
		render_close(s->render);
	library_close(s->lib);
	config_cache_close(s->conf);
	validate_close(s->schema);
	if (s->patterns != NULL) {
		re_set_free(&s->patterns->lex);
		re_set_free(&s->patterns->header);
		re_set_free(&s->patterns->cite);
	}
	free(s->patterns);
	memset(s, 0, sizeof *s);
}

/* The stages up to the tree; 0, or -1 when the later stages have nothing to
 * work on (r->failed, or a source that stopped at reading: its diagnostics sorted). */
static int
compile_tree(const apc_session *s, const char *path, const char *bytes, size_t len, apc_result *r)
{
	lex_tokens toks = {0};
	memset(r, 0, sizeof *r);
	if (read_source(&r->src, path, bytes, len, s->encoding ? enc_lookup(s->encoding) : ENC_NONE, &r->diags) != 0) {
		r->failed = 1;
		return -1;
	}
	if (r->src.stop) {      /* nothing to read (a .doc, a PDF, no encoding fits): one error */
		diag_sort(&r->diags);
		return -1;
	}
	lex_source(&s->patterns->lex, &r->src, &toks, &r->diags);
	r->doc = parse_tokens(s->patterns, &r->src, &toks, s->lib, &r->diags);
	lex_free(&toks);
	return 0;
}

void
apc_compile(const apc_session *s, const char *path, const char *bytes, size_t len, apc_result *r)
{
	if (compile_tree(s, path, bytes, len, r) != 0)
		return;
	validate_doc(s->schema, r->doc, &r->diags);
	r->facts = facts_build(r->doc);
	rules_run(r->doc, r->facts, &r->src, s->lib, &s->patterns->cite, &r->diags);
	read_remap(&r->src, r->doc, &r->diags);   /* columns past hidden characters: the file's */
	docx_remap(&r->src, r->doc, &r->diags);   /* a .docx: positions become paragraphs */
	format_run(r->doc, &r->src, &r->diags);   /* a .docx: paper, margins, fonts */
	diag_sort(&r->diags);
}

void
apc_compile_facts(const apc_session *s, const char *path, const char *bytes, size_t len, apc_result *r)
{
	if (compile_tree(s, path, bytes, len, r) == 0)
		r->facts = facts_build(r->doc);
}

void
apc_result_free(apc_result *r)
{
	facts_free(r->facts);
	tree_doc_free(r->doc);
	read_free(&r->src);
	diag_free(&r->diags);
	memset(r, 0, sizeof *r);
}
