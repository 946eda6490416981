/*
 * render.c: publishing. The compiled program goes through XSLT to HTML (stylesheets/html.xsl),
 * XSL-FO (stylesheets/fo.xsl), or PDF (the XSL-FO run through Apache FOP with
 * stylesheets/fop.xconf, which embeds Liberation Serif as "Times New Roman"; see fop.c).
 *
 * The stylesheets are parsed (no network, no entity substitution, no DTD loading) and compiled
 * once in render_open, warmed up on first use (ensure_warm), then shared read-only. Each
 * render_doc makes its own transform context, with security preferences that forbid reading and
 * writing files, creating directories and any network access, a cap on template depth, and its
 * own error sink, and works on its own copy of the tree (libxslt numbers the nodes of the tree it transforms): concurrent render_doc calls on
 * one apc_render are safe, on different documents or on the same one, and the caller's tree is
 * never modified. Output is built in memory and written with output_write, so a
 * failed render never leaves a partial file.
 */
#include <limits.h>
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

struct apc_render {
	xsltStylesheetPtr html, fo, index;
	xsltSecurityPrefsPtr sec;        /* shared: read-only once made */
	char *fop_conf;                  /* datadir/stylesheets/fop.xconf */
	const struct apc_library *lib;   /* the agency registry (names for the charts), or NULL */
	pthread_mutex_t warm_lock;       /* guards warm[]: a stylesheet is warmed up on first use */
	int warm[3];                     /* html, fo, index warmed up */
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

/* A small program touching every branch of the stylesheets, transformed once at open: libxml2
 * caches function lookups inside compiled XPath expressions on their first evaluation (the same
 * value whichever thread writes it); doing that first evaluation here, before any concurrent use,
 * keeps concurrent transforms from writing to the shared stylesheet. */
static const char warmup_xml[] =
    "<program xmlns='" APC_NS "' xmlns:src='" APC_SRC_NS "' xmlns:d='urn:apc:diagnostics:1' format='party' src:line='1'>"
    "<meta source='appendix'><superior>A</superior><issuer>ỦY BAN NHÂN DÂN TỈNH B</issuer>"
    "<symbol src:line='2' canonical='1-CTr/TU' shape='party'>1-CTr/TU</symbol><place>P</place>"
    "<date src:line='3' iso='2023-05-22'>22/5/2023</date><kind src:line='4'>K</kind><title src:line='5'>T</title></meta>"
    "<implements src:line='5' ref='1-NQ/TW' date='2023-01-30'>x</implements>"
    "<preamble><p src:line='6'>x</p></preamble>"
    "<section src:line='7' n='I' role='objectives'><title>x</title><p src:line='8'>x</p>"
    "<objective n='1' kind='general' horizon='2030'><title>x</title><item n='a' src:line='9'>x</item>"
    "<objective n='1.1' kind='specific' horizon='2045' vision='true'><title>x</title><item mark='-'>x</item></objective></objective>"
    "<subsection n='2'><title>x</title><p>x</p><item n='1'>x</item></subsection>"
    "<subsection n='3' label='3)'><p>x</p></subsection></section>"
    "<section src:line='10' n='II' role='missions'><title>x</title>"
    "<mission src:line='11' n='1' covers='1-NQ/TW#1 1-NQ/TW#2'><title>x</title><p src:line='12'>x</p></mission>"
    "<mission n='2'><title>x</title></mission></section>"
    "<signature src:line='13'><role>R</role><title>T</title><name>N</name></signature>"
    "<recipients src:line='14'><recipient src:line='15' end=';'>x</recipient><recipient>y</recipient></recipients>"
    "<appendix src:line='16'><title>x</title><subtitle>x</subtitle><attached>x</attached><p>x</p>"
    "<columns><column key='number'>a</column><column key='task'>b</column><column key='lead'>c</column>"
    "<column key='partner'>d</column><column key='timeline'>e</column><column key='note'>f</column></columns>"
    "<group src:line='17' n='I' mission='1'><title>x</title>"
    "<task src:line='18' n='1'><text>x</text><lead ref='a'>x</lead><partner>y</partner>"
    "<timeline start='2023-01-01' end='2025-12-31'>x</timeline><cell key='note'>z</cell></task>"
    "<task n='2'><text>x</text><lead>x</lead><timeline end='2023-09-30'>x</timeline></task>"
    "<task n='3'><text>x</text><timeline recurrence='annual'>x</timeline></task>"
    "<task n='4'><text>x</text><timeline start='2023-07-01'>x</timeline></task>"
    "<task n='5'><text>x</text><timeline>x</timeline></task>"
    "<group n='I.1'><title>x</title><task n='6'><text>x</text></task></group></group>"
    "<group n='II' mission='2'><title>x</title><task n='7'><text>x</text></task></group></appendix>"
    "<d:diagnostics><d:diag line='0' col='0' severity='error' rule='r'>m</d:diag>"
    "<d:diag line='18' col='2' severity='warning' rule='r'>m</d:diag><d:diag line='12' col='1' severity='note' rule='r'>m</d:diag>"
    "<d:diag line='5' col='1' severity='note' rule='r'>m</d:diag></d:diagnostics></program>";

static const char warmup_index[] =
    "<index xmlns='urn:apc:index:1' review='1'><entry href='a.html' symbol='s' kind='k' kind-text='KẾ HOẠCH' title='t'"
    " issuer='i' date='2023-05-22' parent='p' errors='1' warnings='1' failed='0'/><entry href='b' kind='KH' failed='1'/></index>";

static int transform(const struct apc_render *, xsltStylesheetPtr, xmlDocPtr, const char **,
    xmlChar **, int *, char **);

/* The node after n's subtree in document order, within the root element; NULL at the end. */
static xmlNodePtr
skip_subtree(xmlNodePtr n)
{
	while (n && !n->next)
		n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
	return n ? n->next : NULL;
}

static void
warm_up(const struct apc_render *r, xsltStylesheetPtr style, const char *xml, size_t len)
{
	static const char *const sets[][5] = {
		{ "lang", "'vi'", "annotate", "true()", NULL },
		{ "lang", "'en'", "annotate", "false()", NULL },
	};
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "warmup.xml", "UTF-8", XML_PARSE_NONET);
	if (!doc)
		return;
	/* twice: as written (Party form), then as a State document without any group/@mission */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
			xmlChar *out = NULL;
			int outlen = 0;
			char *err = NULL;
			if (transform(r, style, doc, (const char **)sets[i], &out, &outlen, &err) == 0)
				xmlFree(out);
			free(err);
		}
		xmlSetProp(xmlDocGetRootElement(doc), BAD_CAST "format", BAD_CAST "state");
		xmlNodePtr gone = NULL;
		for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
			if (n->type == XML_ELEMENT_NODE) {
				xmlUnsetProp(n, BAD_CAST "mission");      /* group */
				xmlUnsetProp(n, BAD_CAST "iso");          /* date */
				xmlUnsetProp(n, BAD_CAST "canonical");    /* symbol */
				if (xmlStrEqual(n->name, BAD_CAST "columns") || xmlStrEqual(n->name, BAD_CAST "place")) {
					xmlNodePtr drop = n;                  /* unlinked once the walk has left it */
					n = skip_subtree(n);
					xmlUnlinkNode(drop);
					drop->next = gone;
					gone = drop;
					continue;
				}
			}
			n = n->children && n->type == XML_ELEMENT_NODE ? n->children : skip_subtree(n);
		}
		while (gone) {
			xmlNodePtr next = gone->next;
			gone->next = NULL;
			xmlFreeNode(gone);
			gone = next;
		}
	}
	xmlFreeDoc(doc);
}

struct apc_render *
render_open(const char *datadir, const struct apc_library *lib)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, render_init_once);

	struct apc_render *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->warm_lock, NULL);
	r->lib = lib;
	r->html = compile(datadir, "html.xsl", 1);
	r->fo = compile(datadir, "fo.xsl", 1);
	r->index = compile(datadir, "index.xsl", 0);
	r->fop_conf = xasprintf("%s/stylesheets/fop.xconf", datadir);
	r->sec = xsltNewSecurityPrefs();
	if (!r->html || !r->fo || !r->sec
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

void
render_one_thread(struct apc_render *r)
{
	pthread_mutex_lock(&r->warm_lock);
	r->warm[0] = r->warm[1] = r->warm[2] = 1;
	pthread_mutex_unlock(&r->warm_lock);
}

/* Warm a stylesheet up (see warmup_xml) before its first transform, once, whichever thread
 * gets there first; the others wait. A run that renders only PDF never pays for the HTML and
 * index stylesheets' warm-up. */
static void
ensure_warm(struct apc_render *r, xsltStylesheetPtr style)
{
	int k = style == r->html ? 0 : style == r->fo ? 1 : 2;
	pthread_mutex_lock(&r->warm_lock);
	if (!r->warm[k]) {
		if (k == 2)
			warm_up(r, style, warmup_index, sizeof warmup_index - 1);
		else
			warm_up(r, style, warmup_xml, sizeof warmup_xml - 1);
		r->warm[k] = 1;
	}
	pthread_mutex_unlock(&r->warm_lock);
}

void
render_close(struct apc_render *r)
{
	if (!r)
		return;
	if (r->html)
		xsltFreeStylesheet(r->html);
	if (r->fo)
		xsltFreeStylesheet(r->fo);
	if (r->index)
		xsltFreeStylesheet(r->index);
	if (r->sec)
		xsltFreeSecurityPrefs(r->sec);
	free(r->fop_conf);
	pthread_mutex_destroy(&r->warm_lock);
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
	xmlNodePtr box = xmlNewDocNode(d, NULL, BAD_CAST "diagnostics", NULL);
	xmlNsPtr ns = xmlNewNs(box, BAD_CAST DIAG_NS, BAD_CAST "d");
	xmlSetNs(box, ns);
	xmlAddChild(root, box);
	for (size_t i = 0; i < ds->n; i++) {
		const apc_diag *g = &ds->v[i];
		if (g->sev == APC_OFF)
			continue;
		const char *msg = g->msg[lang == APC_LANG_EN] ? g->msg[lang == APC_LANG_EN] : g->msg[lang != APC_LANG_EN];
		xmlNodePtr e = xmlNewTextChild(box, ns, BAD_CAST "diag", BAD_CAST (msg ? msg : ""));
		char num[24];
		snprintf(num, sizeof num, "%u", g->line);
		xmlNewProp(e, BAD_CAST "line", BAD_CAST num);
		snprintf(num, sizeof num, "%u", g->col);
		xmlNewProp(e, BAD_CAST "col", BAD_CAST num);
		xmlNewProp(e, BAD_CAST "severity", BAD_CAST sev_name(g->sev));
		xmlNewProp(e, BAD_CAST "rule", BAD_CAST (g->kind < catalog_count ? catalog_entries[g->kind].id : "unknown"));
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
				xmlSetProp(n, BAD_CAST "registry-name", BAD_CAST a->name);
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

int
render_doc(struct apc_render *r, xmlDocPtr doc, const char *format, const apc_diags *annotate,
    apc_lang lang, const char *out_path, char **err)
{
	int rc = -1;
	xmlDocPtr in, copy;
	xmlChar *out = NULL;
	int outlen = 0;
	xsltStylesheetPtr style;
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
		style = r->html;
	else if (pdf || strcmp(format, "fo") == 0)
		style = r->fo;
	else {
		*err = xasprintf("unknown output format \"%s\" (html, fo or pdf)", format);
		return -1;
	}
	/* Always a private copy: xsltNewTransformContext writes into the tree it is given
	 * (xmlXPathOrderDocElems numbers the elements), which would race with another thread
	 * rendering or reading the same doc; the copy also carries the diagnostics. */
	copy = xmlCopyDoc(doc, 1);
	if (!copy) {
		*err = xstrdup("out of memory");
		return -1;
	}
	if (annotate)
		add_diagnostics(copy, annotate, lang);
	add_registry_names(r, copy);
	in = copy;
	ensure_warm(r, style);
	if (style == r->html && (pdf_href = pdf_beside(out_path)) != NULL) {
		params[4] = "pdf-href";
		params[5] = pdf_href;
	}
	if (transform(r, style, in, params, &out, &outlen, err) != 0)
		goto out;
	if (pdf)
		rc = fop_run(r->fop_conf, (const char *)out, (size_t)outlen, out_path, err);
	else
		rc = output_write(out_path, (const char *)out, (size_t)outlen, err);
out:
	if (out)
		xmlFree(out);
	xmlFreeDoc(copy);
	free(pdf_href);
	return rc;
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
	if (!r || !r->index) {
		*err = xstrdup("the index stylesheet (stylesheets/index.xsl) is not available");
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
	ensure_warm(r, r->index);
	if (transform(r, r->index, doc, params, &out, &outlen, err) == 0)
		rc = output_write(out_path, (const char *)out, (size_t)outlen, err);
	if (out)
		xmlFree(out);
	xmlFreeDoc(doc);
	return rc;
}
