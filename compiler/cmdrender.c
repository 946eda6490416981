/*
 * cmdrender.c: the commands that write a document out. apc build FILE [-o OUT] writes the
 * normalized XML; apc render FILE [-f html|fo|pdf] [-o OUT] one page (no -f: -o's extension,
 * else html); apc render PATH... -o DIR a tree of pages (pages.c).
 */
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "command.h"
#include "facts.h"

static char *
doc_to_string(xmlDocPtr doc, size_t *len)
{
	xmlChar *mem = NULL;
	int n = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", 1);
	char *s = xstrndup((const char *)mem, n > 0 ? (size_t)n : 0);
	xmlFree(mem);
	*len = n > 0 ? (size_t)n : 0;
	return s;
}

int
cmd_build(const apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths != 1) {
		msg_print(stderr, o->cfg.lang, M_BUILD_ONE_FILE);
		return 2;
	}
	if (o->out && output_same_file(o->out, paths[0])) {
		msg_print(stderr, o->cfg.lang, M_OUTPUT_IS_INPUT, o->out);
		return 2;
	}
	if (batch_config_scan(s, o, paths, 1) > 0)
		return 2;
	apc_result r;
	batch_compile(s, o, paths[0], &r);
	int rc = batch_report_stderr(s, o, &r);
	if (r.doc && !r.failed) {
		size_t len;
		facts_publish(r.facts, r.doc);   /* the output carries the coverage (mission/@covers) */
		tree_write_positions(r.doc);     /* and src:line, src:column */
		char *xml = doc_to_string(r.doc, &len), *err = NULL;
		if (output_write(o->out ? o->out : "-", xml, len, &err) != 0) {
			fprintf(stderr, "apc: %s\n", err);
			free(err);
			rc = 2;
		}
		free(xml);
	}
	apc_result_free(&r);
	return rc;
}

/* The format an output file's name asks for (".pdf", ".fo", ".html" or ".htm"), or NULL. */
static const char *
format_of_name(const char *out)
{
	static const struct { const char *ext, *fmt; } exts[] = {
		{ ".pdf", "pdf" }, { ".fo", "fo" }, { ".html", "html" }, { ".htm", "html" },
	};
	size_t n = strlen(out);
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t e = strlen(exts[i].ext);
		if (n > e && strcasecmp(out + n - e, exts[i].ext) == 0)
			return exts[i].fmt;
	}
	return NULL;
}

/* The format of a render of one file: -f; else the one -o's extension names; else html.
 * -f and an extension that names another format disagree: NULL, said. */
static const char *
render_format(const opts *o, int many)
{
	const char *named = o->out != NULL && !many ? format_of_name(o->out) : NULL;
	if (o->render_format == NULL)
		return named != NULL ? named : "html";
	if (named != NULL && strcmp(named, o->render_format) != 0) {
		msg_print(stderr, o->cfg.lang, M_RENDER_FORMAT_DISAGREES, o->render_format, o->out, named);
		return NULL;
	}
	return o->render_format;
}

int
cmd_render(apc_session *s, opts *o, char **paths, int npaths)
{
	if (npaths == 0) {
		cli_usage(stderr, o->cfg.lang);
		return 2;
	}
	struct stat st;
	int many = npaths > 1 || (stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode));
	const char *fmt = render_format(o, many);
	if (fmt == NULL)
		return 2;
	if (strcmp(fmt, "html") && strcmp(fmt, "fo") && strcmp(fmt, "pdf")) {
		msg_print(stderr, o->cfg.lang, M_RENDER_BAD_FORMAT, fmt);
		return 2;
	}
	s->render = render_open_for(s->datadir, s->lib, fmt);
	if (s->render == NULL)
		return 2;
	render_set_messages(s->render, stderr, o->cfg.lang);   /* a PDF made untagged is said */
	if (!many) {
		char *out = o->out ? xstrdup(o->out) : NULL;
		const char *in = strcmp(paths[0], "-") == 0 ? o->stdin_name : paths[0];
		if (out == NULL && in == NULL) {
			msg_print(stderr, o->cfg.lang, M_STDIN_RENDER_NEEDS_OUT);
			return 2;
		}
		if (out == NULL) {
			const char *dot = strrchr(in, '.');
			size_t base = dot && !strchr(dot, '/') ? (size_t)(dot - in) : strlen(in);
			out = xasprintf("%.*s%s", (int)base, in, pages_ext(fmt));
		}
		if (output_same_file(out, paths[0])) {
			msg_print(stderr, o->cfg.lang, M_OUTPUT_IS_INPUT, out);
			free(out);
			return 2;
		}
		if (batch_config_scan(s, o, paths, 1) > 0) {
			free(out);
			return 2;
		}
		apc_result r;
		batch_compile(s, o, paths[0], &r);
		int rc = batch_report_stderr(s, o, &r);
		if (r.doc && !r.failed) {
			char *err = NULL;
			if (pages_render_one(s, o, &r, fmt, out, NULL, NULL, &err) != 0) {
				fprintf(stderr, "apc: render: %s\n", err ? err : "failed");
				free(err);
				rc = 2;
			}
		} else
			rc = 2;
		free(out);
		apc_result_free(&r);
		return rc;
	}
	return pages_render_tree(s, o, fmt, paths, npaths);
}
