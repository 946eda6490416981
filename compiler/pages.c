/*
 * pages.c: rendered pages. One compiled file rendered as its configuration leaves it (with
 * --annotate, its diagnostics on the page), and a tree of files rendered under an output
 * directory that mirrors the inputs, each page linking its parent's, with an index page.
 */
#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "command.h"
#include "facts.h"
#include "links.h"

/* The extension of a page in format fmt (html, fo, pdf). */
const char *
pages_ext(const char *fmt)
{
	return strcmp(fmt, "pdf") == 0 ? ".pdf" : strcmp(fmt, "fo") == 0 ? ".fo" : ".html";
}

/* ---- render of a tree: mirror the inputs under the output directory, with an index ---- */

typedef struct tree_ctx {
	const opts *o;
	const apc_session *s;
	const char *fmt;
	char **roots;
	int nroots;
	char **out;          /* per file: the output path, relative to o->out */
	char **err;          /* per file: why rendering failed, or NULL */
	xmlDocPtr index;
	report *rep;
	size_t at;
	struct links *pages;  /* every file's page by its symbol: a page links its parent's */
} tree_ctx;

/* The output path of file under the output directory: its path below the root argument it
 * was found in, or its base name; never with "..", never absolute. */
static char *
mirror_path(const tree_ctx *t, const char *file)
{
	const char *rel = NULL, *prefix = "";
	size_t plen = 0;
	for (int i = 0; i < t->nroots && !rel; i++) {
		size_t n = strlen(t->roots[i]);
		while (n > 1 && t->roots[i][n - 1] == '/')
			n--;
		if (strncmp(file, t->roots[i], n) == 0 && file[n] == '/') {
			rel = file + n + 1;
			if (t->nroots > 1) {   /* several roots: each under its own name */
				const char *b = t->roots[i] + n;
				while (b > t->roots[i] && b[-1] != '/')
					b--;
				prefix = b;
				plen = (size_t)(t->roots[i] + n - b);
			}
		}
	}
	if (rel == NULL) {
		rel = strrchr(file, '/');
		rel = rel ? rel + 1 : file;
	}
	while (*rel == '/')
		rel++;
	const char *dot = strrchr(rel, '.');
	size_t base = dot && !strchr(dot, '/') ? (size_t)(dot - rel) : strlen(rel);
	char *p = xasprintf("%.*s%s%.*s%s", (int)plen, prefix, plen ? "/" : "", (int)base, rel, pages_ext(t->fmt));
	/* a segment "." or ".." cannot come from a directory walk, but a root could hold one:
	 * flatten that segment only ("a..txt" stays "a..html") */
	for (char *q = p; *q; ) {
		size_t n = strcspn(q, "/");
		if ((n == 1 && q[0] == '.') || (n == 2 && q[0] == '.' && q[1] == '.'))
			memset(q, '_', n);
		q += n + (q[n] == '/');
	}
	return p;
}

/* Outputs of a tree render that would overwrite each other, or the index: the later file (in
 * path order) is not rendered and said, so the page never depends on -j. Returns the count. */
static size_t
tree_collisions(tree_ctx *t, const path_list *files)
{
	size_t n = files->n, found = 0;
	char *index = xasprintf("index%s", pages_ext("html"));
	for (size_t i = 0; i < n; i++) {
		const char *with = NULL;
		if (strcmp(t->out[i], index) == 0)
			with = "the index of the tree";
		for (size_t j = 0; j < i && !with; j++)        /* quadratic only in a tree's files */
			if (!t->err[j] && strcmp(t->out[i], t->out[j]) == 0)
				with = files->v[j];
		if (with) {
			char *a = utf8_printable(with, strlen(with));
			t->err[i] = xasprintf("not rendered: %s/%s is already the output of %s", t->o->out, t->out[i], a);
			free(a);
			found++;
		}
	}
	free(index);
	return found;
}

/* An input's identity: outputs are compared with these, not names (a link, "./a", a hard link). */
typedef struct file_id {
	dev_t dev;
	ino_t ino;
	size_t i;            /* its index in the files */
} file_id;

static int
cmp_id(const void *a, const void *b)
{
	const file_id *x = a, *y = b;
	return x->dev != y->dev ? (x->dev < y->dev ? -1 : 1) : x->ino != y->ino ? (x->ino < y->ino ? -1 : 1) : 0;
}

/* Outputs that would overwrite an input (item 2 in a tree: `render a.html b.txt -o .` wrote
 * a.html's page over a.html itself): not rendered, said. Returns the count. */
static size_t
tree_onto_inputs(tree_ctx *t, const path_list *files)
{
	size_t n = files->n, nid = 0, found = 0;
	file_id *ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(files->v[i], &st) == 0)
			ids[nid++] = (file_id){ st.st_dev, st.st_ino, i };
	}
	if (nid > 1)
		qsort(ids, nid, sizeof *ids, cmp_id);
	for (size_t i = 0; i < n && nid > 0; i++) {
		struct stat st;
		char *dest = xasprintf("%s/%s", t->o->out, t->out[i]);
		file_id key = { 0, 0, 0 }, *hit = NULL;
		if (!t->err[i] && stat(dest, &st) == 0) {
			key.dev = st.st_dev;
			key.ino = st.st_ino;
			hit = bsearch(&key, ids, nid, sizeof *ids, cmp_id);
		}
		if (hit != NULL) {
			char *a = utf8_printable(files->v[hit->i], strlen(files->v[hit->i]));
			t->err[i] = xasprintf("not rendered: %s is the input %s: not overwritten", dest, a);
			free(a);
			found++;
		}
		free(dest);
	}
	free(ids);
	return found;
}

/* mkdir -p of the directories of rel below root, refusing to pass through a symlink. */
static int
make_dirs(const char *root, const char *rel, char **err)
{
	char *path = xasprintf("%s/%s", root, rel);
	size_t skip = strlen(root) + 1;
	int rc = 0;
	for (char *q = path + skip; (q = strchr(q, '/')) != NULL; q++) {
		*q = '\0';
		struct stat st;
		if (lstat(path, &st) != 0) {
			if (mkdir(path, 0755) != 0 && errno != EEXIST) {
				*err = xasprintf("cannot create %s: %s", path, strerror(errno));
				rc = -1;
			}
		} else if (!S_ISDIR(st.st_mode)) {
			*err = xasprintf("%s is not a directory (symbolic links are not followed)", path);
			rc = -1;
		}
		*q = '/';
		if (rc)
			break;
	}
	free(path);
	return rc;
}

/* A page or the index at path, below the output directory: refused when a symbolic link
 * stands there (a link committed into the output directory would have the page written
 * wherever it points, outside the directory: -o's own link is followed, these are not). */
static int
planted_link(const char *path, char **err)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	*err = xasprintf("%s is a symbolic link: not followed out of the output directory", path);
	return -1;
}

/* The published page speaks the document's language (Vietnamese: these are Vietnamese
 * documents) unless --lang says otherwise; the locale chooses the terminal's messages only. */
apc_lang
pages_lang(const opts *o)
{
	return o->cfg.lang_set ? o->cfg.lang : APC_LANG_VI;
}

/* Render one compiled file; with --annotate, its diagnostics as its configuration (the
 * command line and the apc.conf files above it) leaves them, as check reports them. In a tree,
 * pages are the tree's pages by symbol and page its own (links.c); NULL for a single file.
 * The result's tree is rendered in place (render_doc_in_place): free the result next. */
int
pages_render_one(const apc_session *s, const opts *o, const apc_result *r, const char *fmt,
    const char *dest, const struct links *pages, const char *page, char **err)
{
	apc_config cfg;
	apc_diags shown = { 0 };
	config_for_file(s->conf, &o->cfg, r->src.path, &cfg);
	if (o->annotate)
		diag_configured(&r->diags, &cfg, &shown);
	facts_publish(r->facts, r->doc);   /* the page shows the coverage (mission/@covers) */
	links_apply(pages, s->lib, r->doc, page);   /* and links its parent's page */
	int rc = render_doc_in_place(s->render, r->doc, fmt, o->annotate ? &shown : NULL, pages_lang(o), dest, err);
	diag_free(&shown);
	config_free(&cfg);
	return rc;
}

static void
tree_work(void *arg, size_t i, apc_result *r)
{
	tree_ctx *t = arg;
	char *err = NULL;
	if (t->err[i])                       /* a collision, found before the batch */
		return;
	if (r->doc == NULL || r->failed) {
		t->err[i] = xstrdup("not rendered: the file could not be read");
		return;
	}
	if (make_dirs(t->o->out, t->out[i], &err) == 0) {
		char *dest = xasprintf("%s/%s", t->o->out, t->out[i]);
		if (planted_link(dest, &err) == 0 && pages_render_one(t->s, t->o, r, t->fmt, dest, t->pages, t->out[i], &err) != 0 && !err)
			err = xstrdup("render failed");
		free(dest);
	}
	t->err[i] = err;
}

/* Before any page is rendered: which page each symbol gets (one more parse of each file). */
static void
tree_pages(void *arg, const apc_result *r)
{
	tree_ctx *t = arg;
	size_t i = t->at++;
	if (!t->err[i] && r->doc && !r->failed)
		links_add(t->pages, r->doc, t->out[i]);
}

static void
tree_each(void *arg, const apc_result *r)
{
	tree_ctx *t = arg;
	size_t i = t->at++;
	apc_config cfg;
	config_for_file(t->s->conf, &t->o->cfg, r->src.path, &cfg);
	size_t count[3] = {0};
	for (size_t k = 0; k < r->diags.n; k++) {
		apc_sev sv = diag_effective(&r->diags.v[k], &cfg);
		if (sv != APC_OFF)
			count[sv] += diag_weight(&r->diags.v[k]);   /* a record: those past the cap */
	}
	report_file(t->rep, r, &cfg);
	config_free(&cfg);
	/* a file name may hold anything but '/' and NUL: escaped for the terminal and the index,
	 * and the link percent-encoded, segment by segment, after "./" (no "javascript:" link) */
	char *shown = utf8_printable(r->src.path, strlen(r->src.path));
	if (t->err[i]) {     /* it may name a path of the tree too */
		char *why = utf8_printable(t->err[i], strlen(t->err[i]));
		fprintf(stderr, "apc: %s: %s\n", shown, why);
		free(why);
	}
	xmlNodePtr e = xmlNewChild(xmlDocGetRootElement(t->index), NULL, BAD_CAST "entry", NULL);
	strbuf href = { 0 };
	sb_adds(&href, "./");
	uri_encode(&href, t->out[i]);
	xmlSetProp(e, BAD_CAST "href", BAD_CAST href.s);
	free(href.s);
	xmlSetProp(e, BAD_CAST "file", BAD_CAST shown);
	free(shown);
	/* what the index says of the program: its facts, not another walk of its tree */
	const facts *f = r->facts;
	const struct facts_cite *parent = facts_cite_first(f, CITE_PARENT);
	const char *const attrs[][2] = {
		{ "symbol", f ? f->symbol_text : NULL }, { "kind", f ? f->symbol_type : NULL },
		{ "date", f && f->date[0] ? f->date : NULL }, { "parent", parent ? parent->ref : NULL },
		{ "kind-text", f ? f->kind_text : NULL }, { "title", f ? f->title : NULL },
		{ "issuer", f ? f->issuer : NULL },
	};
	for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++)
		if (attrs[k][1])
			xmlSetProp(e, BAD_CAST attrs[k][0], BAD_CAST attrs[k][1]);
	char num[24];
	const char *names[3] = { "notes", "warnings", "errors" };
	for (int k = 0; k < 3; k++) {
		snprintf(num, sizeof num, "%zu", count[k]);
		xmlSetProp(e, BAD_CAST names[k], BAD_CAST num);
	}
	xmlSetProp(e, BAD_CAST "failed", BAD_CAST(t->err[i] ? "1" : "0"));
}

int
pages_render_tree(const apc_session *s, const opts *o, const char *fmt, char **paths, int npaths)
{
	if (o->out == NULL) {
		msg_print(stderr, o->cfg.lang, M_RENDER_TREE_NEEDS_OUT);
		return 2;
	}
	if (strcmp(fmt, "fo") == 0) {
		msg_print(stderr, o->cfg.lang, M_RENDER_TREE_FORMAT);
		return 2;
	}
	struct stat st;
	if (stat(o->out, &st) != 0 && mkdir(o->out, 0755) != 0) {
		msg_print(stderr, o->cfg.lang, M_CANNOT_CREATE, o->out, strerror(errno));
		return 2;
	}
	if (stat(o->out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		msg_print(stderr, o->cfg.lang, M_NOT_A_DIRECTORY, o->out);
		return 2;
	}
	path_list files;
	size_t missing = walk_paths(paths, (size_t)npaths, o->cfg.lang, &files);
	if (batch_config_scan(s, o, files.v, files.n) > 0) {
		walk_free(&files);
		return 2;
	}
	tree_ctx t = { .o = o, .s = s, .fmt = fmt, .roots = paths, .nroots = npaths };
	t.out = xcalloc(files.n + 1, sizeof *t.out);
	t.err = xcalloc(files.n + 1, sizeof *t.err);
	for (size_t i = 0; i < files.n; i++)
		t.out[i] = mirror_path(&t, files.v[i]);
	tree_collisions(&t, &files);
	tree_onto_inputs(&t, &files);
	t.index = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "index");
	xmlDocSetRootElement(t.index, root);
	xmlSetNs(root, xmlNewNs(root, BAD_CAST "urn:apc:index:1", NULL));
	if (o->annotate)
		xmlSetProp(root, BAD_CAST "review", BAD_CAST "1");   /* counts and files: review only */
	t.pages = links_new();
	batch_scan(s, o, &files, tree_pages, &t);
	t.at = 0;
	t.rep = report_open(stderr, REPORT_TEXT, o->cfg.lang, isatty(2) && getenv("NO_COLOR") == NULL);
	batch_run(s, o, &files, tree_work, tree_each, &t);
	links_free(t.pages);
	int rc = report_close(t.rep, o->cfg.werror);
	int failed = 0;
	for (size_t i = 0; i < files.n; i++) {
		failed |= t.err[i] != NULL;
		free(t.err[i]);
		free(t.out[i]);
	}
	xmlChar *mem = NULL;
	int len = 0;
	xmlDocDumpMemoryEnc(t.index, &mem, &len, "UTF-8");
	char *err = NULL, *index = xasprintf("%s/index.html", o->out);
	if (planted_link(index, &err) != 0 ||
	    render_index(s->render, index, (const char *)mem, len > 0 ? (size_t)len : 0, pages_lang(o), &err) != 0) {
		char *why = err ? utf8_printable(err, strlen(err)) : xstrdup("failed");
		fprintf(stderr, "apc: %s: %s\n", index, why);
		free(why);
		failed = 1;
	}
	free(err);
	free(index);
	xmlFree(mem);
	xmlFreeDoc(t.index);
	free(t.out);
	free(t.err);
	walk_free(&files);
	return missing || failed ? 2 : rc;
}
