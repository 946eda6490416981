/*
 * render.c: publishing. The compiled program goes through XSLT to HTML (stylesheets/html.xsl),
 * XSL-FO (stylesheets/fo.xsl), or PDF (the XSL-FO run through Apache FOP with
 * stylesheets/fop.xconf, which embeds Liberation Serif as "Times New Roman"; see fop.c).
 *
 * The stylesheets are parsed (no network, no entity substitution, no DTD loading) and compiled
 * once per worker: an apc_render keeps a set of compiled stylesheets for each thread that
 * renders at the same time (a "slot"), and a render_doc takes a slot for itself for the length
 * of its transform. A compiled stylesheet is never used by two threads at once: libxml2 writes
 * into a compiled XPath expression the first time it is evaluated (xpath.c caches the function it
 * looked up in op->cache), so sharing one would race on every expression a new kind of document
 * reaches first. A slot is reused for every later document, so a run compiles each stylesheet
 * as many times as it has workers rendering at once (one in a one-file render). Each render_doc
 * makes its own transform context, with security preferences that forbid reading and
 * writing files, creating directories and any network access, a cap on template depth, and its
 * own error sink, and works on its own copy of the tree (libxslt numbers the nodes of the tree it
 * transforms): concurrent render_doc calls on one apc_render are safe, on different documents or
 * on the same one, and the caller's tree is never modified. render_doc_in_place saves the copy
 * (a copy and its free cost about 5% of a render) when the caller is done with the tree. Output is built in memory and written with output_write, so a
 * failed render never leaves a partial file.
 */
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>                    /* malloc_trim */
#endif
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#include <libxslt/documents.h>
#include <libexslt/exslt.h>

#include "internal.h"

#define DIAG_NS "urn:apc:diagnostics:1"
#define RENDER_MAX_DEPTH 1000          /* template recursion; our stylesheets need < 50 */

enum { S_HTML, S_FO, S_INDEX, S_N };
static const char *const sheet_file[S_N] = { "html.xsl", "fo.xsl", "index.xsl" };

/* One worker's compiled stylesheets, each compiled when the worker first needs it. */
typedef struct slot {
	xsltStylesheetPtr sheet[S_N];
	int busy;                        /* taken by a render in progress */
	struct slot *next;
} slot;

struct apc_render {
	char *datadir;
	xsltSecurityPrefsPtr sec;        /* shared: read-only once made */
	char *fop_conf;                  /* datadir/stylesheets/fop.xconf */
	const struct apc_library *lib;   /* the agency registry (names for the charts), or NULL */
	FILE *notes;                     /* render_set_messages: notes go there, or nowhere */
	apc_lang msg_lang;
	int msg_lang_set;
	pthread_mutex_t lock;            /* guards the slots' list and their busy flags */
	slot *slots;
};

/* ---- one-time library setup ---- */

static xsltDocLoaderFunc orig_loader;

/* Every document libxslt loads (xsl:include, xsl:import, document()) is parsed without network,
 * entity substitution or DTD loading, whatever options libxslt asks for (XSLT_PARSE_OPTIONS
 * has NOENT and DTDLOAD). */
static xmlDocPtr
safe_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt, xsltLoadType type)
{
	options &= ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID);
	options |= XML_PARSE_NONET;
#if LIBXML_VERSION >= 21300
	options |= XML_PARSE_NO_XXE;
#endif
	return orig_loader(uri, dict, options, ctxt, type);
}

static void
render_init_once(void)
{
	xsltInit();
	exsltRegisterAll();
	orig_loader = xsltDocDefaultLoader;
	xsltSetLoaderFunc(safe_loader);
}

static xsltStylesheetPtr
compile(const char *datadir, const char *name, int required)
{
	char *path = xasprintf("%s/stylesheets/%s", datadir, name);
	xsltStylesheetPtr style = NULL;
	if (!required && access(path, R_OK) != 0)
		goto out;
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA;
#if LIBXML_VERSION >= 21300
	opts |= XML_PARSE_NO_XXE;
#endif
	xmlDocPtr doc = xmlReadFile(path, NULL, opts);
	if (!doc) {
		fprintf(stderr, "apc: cannot read the stylesheet %s\n", path);
		goto out;
	}
	style = xsltParseStylesheetDoc(doc);     /* owns doc on success */
	if (!style) {
		xmlFreeDoc(doc);
		fprintf(stderr, "apc: the stylesheet %s does not compile\n", path);
	} else if (style->errors) {
		xsltFreeStylesheet(style);
		style = NULL;
		fprintf(stderr, "apc: the stylesheet %s has errors\n", path);
	}
out:
	free(path);
	return style;
}

/* The node after n's subtree in document order, within the root element; NULL at the end. */
static xmlNodePtr
skip_subtree(xmlNodePtr n)
{
	while (n && !n->next)
		n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
	return n ? n->next : NULL;
}

/* A free slot, marked busy; a new one when every slot is taken (a worker more than before). */
static slot *
slot_take(struct apc_render *r)
{
	pthread_mutex_lock(&r->lock);
	slot *sl = r->slots;
	while (sl && sl->busy)
		sl = sl->next;
	if (!sl) {
		sl = xcalloc(1, sizeof *sl);
		sl->next = r->slots;
		r->slots = sl;
	}
	sl->busy = 1;
	pthread_mutex_unlock(&r->lock);
	return sl;
}

static void
slot_give(struct apc_render *r, slot *sl)
{
	pthread_mutex_lock(&r->lock);
	sl->busy = 0;
	pthread_mutex_unlock(&r->lock);
}

/* Stylesheet k of a slot the caller holds, compiled on first use; NULL (and a message on stderr)
 * when it does not compile, or when the index's is not there. The slot is the caller's alone,
 * so no lock is needed. */
static xsltStylesheetPtr
slot_sheet(const struct apc_render *r, slot *sl, int k)
{
	if (!sl->sheet[k])
		sl->sheet[k] = compile(r->datadir, sheet_file[k], k != S_INDEX);
	return sl->sheet[k];
}

/* An apc_render with the stylesheets of now[] compiled at once (one that does not compile fails
 * here, before any document is read); the others are compiled when first used. */
static struct apc_render *
open_with(const char *datadir, const struct apc_library *lib, const int now[S_N])
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, render_init_once);

	struct apc_render *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	r->lib = lib;
	r->datadir = xstrdup(datadir);
	r->fop_conf = xasprintf("%s/stylesheets/fop.xconf", datadir);
	r->sec = xnonnull(xsltNewSecurityPrefs());
	slot *sl = slot_take(r);
	int failed = 0;
	for (int k = 0; k < S_N; k++)
		if (now[k] && k != S_INDEX && slot_sheet(r, sl, k) == NULL)
			failed = 1;
	if (now[S_INDEX])      /* optional: render_index says when it is not there */
		slot_sheet(r, sl, S_INDEX);
	slot_give(r, sl);
	if (failed
	    || xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) != 0
	    || xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0
	    || xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0
	    || xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0
	    || xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0) {
		render_close(r);
		return NULL;
	}
	return r;
}

struct apc_render *
render_open(const char *datadir, const struct apc_library *lib)
{
	static const int every[S_N] = { 1, 1, 1 };
	return open_with(datadir, lib, every);
}

struct apc_render *
render_open_for(const char *datadir, const struct apc_library *lib, const char *format)
{
	int now[S_N] = { 0 };
	now[strcmp(format, "html") == 0 ? S_HTML : S_FO] = 1;
	return open_with(datadir, lib, now);
}

void
render_set_messages(struct apc_render *r, FILE *notes, apc_lang lang)
{
	r->notes = notes;
	r->msg_lang = lang;
	r->msg_lang_set = 1;
}

void
render_close(struct apc_render *r)
{
	if (!r)
		return;
	for (slot *sl = r->slots, *next; sl; sl = next) {
		next = sl->next;
		for (int k = 0; k < S_N; k++)
			if (sl->sheet[k])
				xsltFreeStylesheet(sl->sheet[k]);
		free(sl);
	}
	if (r->sec)
		xsltFreeSecurityPrefs(r->sec);
	free(r->fop_conf);
	free(r->datadir);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* ---- one transform ---- */

/* Errors of one transform, collected instead of printed (the first few only). */
typedef struct sink { strbuf sb; int n; } sink;

static void
sink_error(void *ctx, const char *fmt, ...)
{
	sink *s = ctx;
	if (s->sb.len > 2000)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *m = xvasprintf(fmt, ap);
	va_end(ap);
	sb_adds(&s->sb, m);
	s->n++;
	free(m);
}

/* Apply style to doc with the given parameters (NULL-terminated name, XPath pairs); the
 * serialized result in *out (xmlFree), *outlen. 0, or -1 with *err. */
static int
transform(const struct apc_render *r, xsltStylesheetPtr style, xmlDocPtr doc, const char **params,
    xmlChar **out, int *outlen, char **err)
{
	int rc = -1;
	sink s = { { 0 }, 0 };
	xmlDocPtr res = NULL;
	xsltTransformContextPtr ctxt = xsltNewTransformContext(style, doc);
	if (!ctxt) {
		*err = xstrdup("cannot make a transform context");
		return -1;
	}
	xsltSetCtxtSecurityPrefs(r->sec, ctxt);
	ctxt->maxTemplateDepth = RENDER_MAX_DEPTH;
	xsltSetTransformErrorFunc(ctxt, &s, sink_error);
	res = xsltApplyStylesheetUser(style, doc, params, NULL, NULL, ctxt);
	if (!res || ctxt->state != XSLT_STATE_OK) {
		char *why = s.sb.len ? sb_take(&s.sb) : xstrdup("unknown error");
		size_t n = strlen(why);
		while (n && (why[n - 1] == '\n' || why[n - 1] == ' '))
			why[--n] = '\0';
		*err = xasprintf("the stylesheet failed: %s", why);
		free(why);
		goto out;
	}
	*out = NULL;
	*outlen = 0;
	if (xsltSaveResultToString(out, outlen, res, style) != 0 || !*out) {
		if (*out)
			xmlFree(*out);
		*out = NULL;
		*err = xstrdup("cannot serialize the rendered document");
		goto out;
	}
	rc = 0;
out:
	if (res)
		xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	free(s.sb.s);
	return rc;
}

/* transform() with stylesheet k of a slot taken for the length of the transform (not of the
 * PDF run or the write that follow). */
static int
sheet_transform(struct apc_render *r, int k, xmlDocPtr doc, const char **params, xmlChar **out,
    int *outlen, char **err)
{
	slot *sl = slot_take(r);
	xsltStylesheetPtr style = slot_sheet(r, sl, k);
	int rc = -1;
	if (style)
		rc = transform(r, style, doc, params, out, outlen, err);
	else if (k == S_INDEX)
		*err = xstrdup("the index stylesheet (stylesheets/index.xsl) is not available");
	else
		*err = xasprintf("the stylesheet %s does not compile", sheet_file[k]);
	slot_give(r, sl);
	return rc;
}

static const char *
sev_name(apc_sev s)
{
	switch (s) {
	case APC_ERROR: return "error";
	case APC_WARNING: return "warning";
	default: return "note";
	}
}

/* Append <d:diagnostics><d:diag line col severity rule>message</d:diag>...</d:diagnostics> to the
 * root of d (a copy: the schema's vocabulary is not changed, the stylesheet finds them by
 * namespace). */
static void
add_diagnostics(xmlDocPtr d, const apc_diags *ds, apc_lang lang)
{
	xmlNodePtr root = xmlDocGetRootElement(d);
	xmlNodePtr box = xnonnull(xmlNewDocNode(d, NULL, BAD_CAST "diagnostics", NULL));
	xmlNsPtr ns = xnonnull(xmlNewNs(box, BAD_CAST DIAG_NS, BAD_CAST "d"));
	xmlSetNs(box, ns);
	xmlAddChild(root, box);
	for (size_t i = 0; i < ds->n; i++) {
		const apc_diag *g = &ds->v[i];
		if (g->sev == APC_OFF)
			continue;
		const char *msg = g->msg[lang == APC_LANG_EN] ? g->msg[lang == APC_LANG_EN] : g->msg[lang != APC_LANG_EN];
		xmlNodePtr e = xnonnull(xmlNewTextChild(box, ns, BAD_CAST "diag", BAD_CAST (msg ? msg : "")));
		char num[24];
		snprintf(num, sizeof num, "%u", g->line);
		tree_set(e, "line", num);
		snprintf(num, sizeof num, "%u", g->col);
		tree_set(e, "col", num);
		tree_set(e, "severity", sev_name(g->sev));
		tree_set(e, "rule", g->kind < catalog_count ? catalog_entries[g->kind].id : "unknown");
	}
}

/* Give each lead and partner of the copy d its registry name (@registry-name), so the charts
 * name an agency as the registry does, however the document spells it. */
static void
add_registry_names(const struct apc_render *r, xmlDocPtr d)
{
	if (!r->lib)
		return;
	for (xmlNodePtr n = xmlDocGetRootElement(d); n;) {
		if (n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, BAD_CAST APC_NS)
		    && (xmlStrEqual(n->name, BAD_CAST "lead") || xmlStrEqual(n->name, BAD_CAST "partner"))) {
			xmlChar *text = xmlNodeGetContent(n);
			const library_agency *a = text ? library_agency_find(r->lib, (const char *)text, strlen((const char *)text)) : NULL;
			if (a && a->name)
				tree_set(n, "registry-name", a->name);
			xmlFree(text);
			n = skip_subtree(n);
			continue;
		}
		n = n->children && n->type == XML_ELEMENT_NODE ? n->children : skip_subtree(n);
	}
}

/* ---- the API ---- */

/* The PDF published beside an HTML page (same name, .pdf), as an XPath string literal for the
 * stylesheet's pdf-href parameter: "'name.pdf'". NULL when there is none (or its name holds a
 * quote). malloc'd. */
static char *
pdf_beside(const char *html_path)
{
	const char *dot = strrchr(html_path, '.'), *slash = strrchr(html_path, '/');
	if (!dot || (slash && dot < slash) || strcmp(dot, ".html") != 0)
		return NULL;
	char *pdf = xasprintf("%.*s.pdf", (int)(dot - html_path), html_path);
	const char *base = strrchr(pdf, '/') ? strrchr(pdf, '/') + 1 : pdf;
	char *lit = NULL;
	if (access(pdf, R_OK) == 0 && !strchr(base, '\'') && !strchr(base, '"'))
		lit = xasprintf("'%s'", base);
	free(pdf);
	return lit;
}

/* render_doc and render_doc_in_place: doc itself is transformed when own, else a copy. */
static int
render_tree(struct apc_render *r, xmlDocPtr doc, int own, const char *format,
    const apc_diags *annotate, apc_lang lang, const char *out_path, char **err)
{
	int rc = -1;
	xmlDocPtr in, copy;
	xmlChar *out = NULL;
	int outlen = 0;
	int k;
	char *pdf_href = NULL;
	const char *params[] = {
		"lang", lang == APC_LANG_EN ? "'en'" : "'vi'",
		"annotate", annotate ? "true()" : "false()",
		NULL, NULL,
		NULL
	};

	*err = NULL;
	if (!r || !doc || !xmlDocGetRootElement(doc)) {
		*err = xstrdup("nothing to render");
		return -1;
	}
	int pdf = strcmp(format, "pdf") == 0;
	if (strcmp(format, "html") == 0)
		k = S_HTML;
	else if (pdf || strcmp(format, "fo") == 0)
		k = S_FO;
	else {
		*err = xasprintf("unknown output format \"%s\" (html, fo or pdf)", format);
		return -1;
	}
	/* A private copy unless the caller gives its tree: xsltNewTransformContext writes into
	 * the tree it is given (xmlXPathOrderDocElems numbers the elements), which would race with
	 * another thread rendering or reading the same doc; the tree rendered also carries the
	 * diagnostics, the registry names, and src:line and src:column, which the stylesheets read. */
	if (own) {
		in = doc;
		copy = NULL;
		tree_write_positions(in);
	} else
		in = copy = tree_copy_doc(doc);
	if (annotate)
		add_diagnostics(in, annotate, lang);
	add_registry_names(r, in);
	if (k == S_HTML && (pdf_href = pdf_beside(out_path)) != NULL) {
		params[4] = "pdf-href";
		params[5] = pdf_href;
	}
	if (sheet_transform(r, k, in, params, &out, &outlen, err) != 0)
		goto out;
	if (pdf) {
		fop_info info;
		apc_lang say = r->msg_lang_set ? r->msg_lang : lang;
		/* FOP runs for minutes on a long document: what the transform took (the copy, the
		 * result tree, hundreds of MB at 20,000 rows) goes back to the system first */
		if (copy)
			xmlFreeDoc(copy);
		copy = NULL;
#ifdef __GLIBC__
		malloc_trim(0);
#endif
		rc = fop_run(r->fop_conf, (const char *)out, (size_t)outlen, out_path, say, &info, err);
		if (rc == 0 && info.untagged && r->notes)
			msg_print(r->notes, say, M_PDF_UNTAGGED, out_path, info.rows, info.heap_mb, info.tagged_mb);
	} else
		rc = output_write(out_path, (const char *)out, (size_t)outlen, err);
out:
	if (out)
		xmlFree(out);
	if (copy)
		xmlFreeDoc(copy);
	free(pdf_href);
	return rc;
}

int
render_doc(struct apc_render *r, xmlDocPtr doc, const char *format, const apc_diags *annotate,
    apc_lang lang, const char *out_path, char **err)
{
	return render_tree(r, doc, 0, format, annotate, lang, out_path, err);
}

int
render_doc_in_place(struct apc_render *r, xmlDocPtr doc, const char *format,
    const apc_diags *annotate, apc_lang lang, const char *out_path, char **err)
{
	return render_tree(r, doc, 1, format, annotate, lang, out_path, err);
}

int
render_index(struct apc_render *r, const char *out_path, const char *index_xml, size_t len,
    apc_lang lang, char **err)
{
	int rc = -1;
	xmlChar *out = NULL;
	int outlen = 0;
	const char *params[] = { "lang", lang == APC_LANG_EN ? "'en'" : "'vi'", NULL };

	*err = NULL;
	if (!r) {
		*err = xstrdup("nothing to render");
		return -1;
	}
	int opts = XML_PARSE_NONET;
#if LIBXML_VERSION >= 21300
	opts |= XML_PARSE_NO_XXE;
#endif
	if (len > INT_MAX) {
		*err = xstrdup("the index document is too large");
		return -1;
	}
	xmlDocPtr doc = xmlReadMemory(index_xml, (int)len, "index.xml", "UTF-8", opts);
	if (!doc) {
		*err = xstrdup("the index document is not well-formed XML");
		return -1;
	}
	if (sheet_transform(r, S_INDEX, doc, params, &out, &outlen, err) == 0)
		rc = output_write(out_path, (const char *)out, (size_t)outlen, err);
	if (out)
		xmlFree(out);
	xmlFreeDoc(doc);
	return rc;
}
