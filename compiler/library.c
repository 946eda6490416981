/*
 * library.c: what apc checks programs against: the parent resolutions and the agency
 * registry. Read once from XML (datadir/library/agencies.xml, every XML file of
 * datadir/library/parents, then of each extra directory, where programs compiled by
 * `apc build` are accepted as parents), then
 * read-only: any number of threads may look things up. The registry and the matching of
 * agency names live in agency.c; the safe XML reader in xmlread.c; the caches that spare
 * the validation and the whole load in libcache.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include "internal.h"
#include "agency.h"
#include "libcache.h"
#include "xmlread.h"

#define LIB_NS          "urn:apc:library:1"

const library_agency *
library_agency_find(const struct apc_library *lib, const char *text, size_t len)
{
	return lib != NULL ? agency_find(&lib->agencies, text, len) : NULL;
}

const char *
library_agency_suggest(const struct apc_library *lib, const char *text, size_t len)
{
	return lib != NULL ? agency_suggest(&lib->agencies, text, len) : NULL;
}

/* ------------------------------------------------------------------ parents */

/* Symbols compare ignoring ASCII case and Đ/đ (C4 90, C4 91); b may have spaces around it. */
static int
sym_eq(const char *a, const char *b)
{
	unsigned char x, y, prev = 0;

	while (*b == ' ' || *b == '\t')
		b++;
	for (; *a != '\0'; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (prev == 0xC4 && (x == 0x90 || x == 0x91) && (y == 0x90 || y == 0x91))
			x = y;
		if (x != y)
			return 0;
		prev = x;
	}
	while (*b == ' ' || *b == '\t')
		b++;
	return *b == '\0';
}

/* Days since 1970-01-01 of an ISO date, or 0 with *ok = 0 when it is not one. */
static long
iso_days(const char *s, int *ok)
{
	long y, m, d, era, yoe, doy, doe;
	int i;

	*ok = 0;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = strtol(s, NULL, 10);
	m = strtol(s + 5, NULL, 10);
	d = strtol(s + 8, NULL, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*ok = 1;
	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * library_parent_find: the parent cited as symbol (any case) on date.
 *  - date NULL: the most recent entry with that symbol (an undated one if none is dated).
 *  - date given: the entry of that date. When none has that date, the entry that the citation
 *    most likely means with a wrong date, so that the caller reports parent-date-mismatch:
 *    for a Party symbol (36-NQ/TW: numbers restart each five-year term) the nearest dated entry
 *    within two years; for a State symbol (189/NQ-CP: numbers restart each calendar year) the
 *    nearest entry of the same year. Further away it is another document that shares the
 *    symbol (36-NQ/TW of 2018 is not 36-NQ/TW of 2023): then an entry whose date is unknown
 *    (date NULL, date_verified 0: nothing to compare, so never a mismatch), else NULL.
 * A date that is not ISO YYYY-MM-DD counts as no date.
 */
const library_parent *
library_parent_find(const struct apc_library *lib, const char *symbol, const char *date)
{
	const library_parent *p, *best = NULL, *undated = NULL;
	const char *s;
	long want, got, diff, bestdiff = 0;
	int ok, party, have;
	size_t i;

	if (lib == NULL || symbol == NULL)
		return NULL;
	want = iso_days(date, &have);
	for (s = symbol; *s == ' ' || (*s >= '0' && *s <= '9'); s++)
		;
	party = *s == '-';
	for (i = 0; i < lib->npar; i++) {
		p = lib->par[i];
		if (!sym_eq(p->symbol, symbol))
			continue;
		got = iso_days(p->date, &ok);
		if (!ok) {
			undated = p;
			continue;
		}
		if (!have) {
			if (best == NULL || strcmp(p->date, best->date) > 0)
				best = p;
			continue;
		}
		diff = got > want ? got - want : want - got;
		if (diff == 0)
			return p;
		if (party ? diff > 731 : strncmp(p->date, date, 4) != 0)
			continue;
		if (best == NULL || diff < bestdiff) {
			best = p;
			bestdiff = diff;
		}
	}
	return best != NULL ? best : undated;
}

/* ------------------------------------------------------------------ reading XML */
static void
parent_free(library_parent *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	free(p->symbol);
	free(p->date);
	free(p->issuer);
	free(p->issuer_key);
	free(p->title);
	free(p->parents);
	for (i = 0; i < p->nmissions; i++) {
		free(p->missions[i].n);
		free(p->missions[i].title);
		for (j = 0; j < p->missions[i].nterms; j++)
			free(p->missions[i].terms[j]);
		free(p->missions[i].terms);
	}
	free(p->missions);
	free(p->file);
	free(p->page);
	free(p);
}

/* Keep p: it replaces an entry of the same symbol and date (a later file overrides). */
static void
add_parent(struct apc_library *lib, library_parent *p)
{
	library_parent *q;
	size_t i;

	for (i = 0; i < lib->npar; i++) {
		q = lib->par[i];
		if (sym_eq(q->symbol, p->symbol) && (q->date == NULL ? p->date == NULL :
		    p->date != NULL && strcmp(q->date, p->date) == 0)) {
			parent_free(q);
			lib->par[i] = p;
			return;
		}
	}
	if (lib->npar == lib->cappar) {
		lib->cappar = lib->cappar ? 2 * lib->cappar : 16;
		lib->par = xrealloc(lib->par, lib->cappar * sizeof *lib->par);
	}
	lib->par[lib->npar++] = p;
}

static void
add_symbol(strbuf *sb, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	if (sb->len > 0)
		sb_add(sb, " ", 1);
	sb_adds(sb, s);
}

static void
add_horizon(struct apc_library *lib, library_parent *p, const char *year, const char *path, unsigned line)
{
	long y;
	char *end;
	size_t i;

	if (year == NULL)
		return;
	y = strtol(year, &end, 10);
	if (*end != '\0' || y < 1900 || y > 2200) {
		xmlread_error(&lib->errors, path, line, "horizon \"%s\" is not a year", year);
		return;
	}
	for (i = 0; i < 3 && p->horizons[i] != 0; i++)
		if (p->horizons[i] == (int)y)
			return;
	if (i == 3)
		xmlread_error(&lib->errors, path, line, "more than three horizons");
	else
		p->horizons[i] = (int)y;
}

static library_mission *
add_mission(library_parent *p)
{
	library_mission *m;

	p->missions = xrealloc(p->missions, (p->nmissions + 1) * sizeof *p->missions);
	m = &p->missions[p->nmissions++];
	memset(m, 0, sizeof *m);
	return m;
}

static void
load_parent(struct apc_library *lib, xmlNodePtr root, const char *path)
{
	library_parent *p = xcalloc(1, sizeof *p);
	xmlNodePtr n, c, t;
	library_mission *m;
	strbuf sb = { 0 };
	char *v;
	int ok;

	p->file = xstrdup(path);
	p->symbol = xmlread_attr(root, "symbol");
	p->page = xmlread_attr(root, "page");
	if ((n = xmlread_child(root, LIB_NS, "date")) != NULL && !xmlread_attr_is(n, "status", "unverified")) {
		p->date = xmlread_text(n);
		p->date_verified = 1;
		iso_days(p->date, &ok);
		if (!ok) {
			xmlread_error(&lib->errors, path, xmlread_line(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
			p->date_verified = 0;
		}
	}
	p->issuer = xmlread_text(xmlread_child(root, LIB_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = xmlread_text(xmlread_child(root, LIB_NS, "title"));
	for (n = root->children; n != NULL; n = n->next)
		if (xmlread_is(n, LIB_NS, "implements")) {
			v = xmlread_attr(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
	if (sb.len > 0)
		p->parents = sb_take(&sb);
	for (n = xmlread_child(xmlread_child(root, LIB_NS, "horizons"), LIB_NS, NULL); n != NULL; n = n->next)
		if (xmlread_is(n, LIB_NS, "horizon")) {
			v = xmlread_attr(n, "year");
			add_horizon(lib, p, v, path, xmlread_line(n));
			free(v);
		}
	/* Unverified missions are kept in the file, never loaded: nothing is checked against them. */
	n = xmlread_child(root, LIB_NS, "missions");
	if (n != NULL && !xmlread_attr_is(n, "status", "unverified"))
		for (c = n->children; c != NULL; c = c->next) {
			if (!xmlread_is(c, LIB_NS, "mission") || xmlread_attr_is(c, "status", "unverified"))
				continue;
			m = add_mission(p);
			m->n = xmlread_attr(c, "n");
			m->title = xmlread_text(xmlread_child(c, LIB_NS, "title"));
			for (t = c->children; t != NULL; t = t->next) {
				if (!xmlread_is(t, LIB_NS, "term"))
					continue;
				v = xmlread_text(t);
				m->terms = xrealloc(m->terms, (m->nterms + 1) * sizeof *m->terms);
				m->terms[m->nterms++] = norm_fold(v, strlen(v));
				free(v);
			}
		}
	free(sb.s);
	if (p->symbol == NULL || *p->symbol == '\0') {
		xmlread_error(&lib->errors, path, xmlread_line(root), "parent without a symbol");
		parent_free(p);
		return;
	}
	add_parent(lib, p);
}

/* A program compiled by `apc build` as a parent: meta/symbol, meta/date/@iso, the missions of
 * the missions section (no identifying terms: nterms 0), the objectives' horizons. */
static void
load_program(struct apc_library *lib, xmlNodePtr root, const char *path)
{
	library_parent *p = xcalloc(1, sizeof *p);
	xmlNodePtr meta = xmlread_child(root, APC_NS, "meta"), n, c, stack[64];
	library_mission *m;
	strbuf sb = { 0 };
	size_t depth;
	char *v;
	int ok;

	p->file = xstrdup(path);
	if ((n = xmlread_child(meta, APC_NS, "symbol")) != NULL) {
		p->symbol = xmlread_attr(n, "canonical");
		if (p->symbol == NULL || *p->symbol == '\0') {
			free(p->symbol);
			p->symbol = xmlread_text(n);
		}
	}
	if ((n = xmlread_child(meta, APC_NS, "date")) != NULL && (p->date = xmlread_attr(n, "iso")) != NULL) {
		iso_days(p->date, &ok);
		if (!ok) {
			xmlread_error(&lib->errors, path, xmlread_line(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
		}
		p->date_verified = p->date != NULL;
	}
	p->issuer = xmlread_text(xmlread_child(meta, APC_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = xmlread_text(xmlread_child(meta, APC_NS, "title"));
	for (n = root->children; n != NULL; n = n->next) {
		if (xmlread_is(n, APC_NS, "implements")) {
			v = xmlread_attr(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
		if (!xmlread_is(n, APC_NS, "section") || !xmlread_attr_is(n, "role", "missions"))
			continue;
		for (c = n->children; c != NULL; c = c->next)
			if (xmlread_is(c, APC_NS, "mission")) {
				m = add_mission(p);
				m->n = xmlread_attr(c, "n");
				if (m->n == NULL)
					m->n = xasprintf("%zu", p->nmissions);
				m->title = xmlread_text(xmlread_child(c, APC_NS, "title"));
			}
	}
	if (sb.len > 0)
		p->parents = sb_take(&sb);
	free(sb.s);
	/* horizons: every objective's, depth-first, bounded */
	depth = 0;
	for (n = root->children; n != NULL || depth > 0; ) {
		if (n == NULL) {
			n = stack[--depth]->next;
			continue;
		}
		if (xmlread_is(n, APC_NS, "objective") && (v = xmlread_attr(n, "horizon")) != NULL) {
			add_horizon(lib, p, v, path, xmlread_line(n));
			free(v);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL && depth < 64) {
			stack[depth++] = n;
			n = n->children;
		} else
			n = n->next;
	}
	if (p->symbol == NULL || *p->symbol == '\0') {
		xmlread_error(&lib->errors, path, xmlread_line(root), "compiled program without a symbol (meta/symbol)");
		parent_free(p);
		return;
	}
	add_parent(lib, p);
}

static void
load_file(struct apc_library *lib, vcache *cache, const char *path)
{
	xmlread_errs ec = { &lib->errors, path, 0, 0 };
	xmlRelaxNGValidCtxtPtr vc = NULL;
	xmlRelaxNGPtr schema;
	xmlDocPtr doc;
	xmlNodePtr root;
	unsigned errors = lib->errors;
	char *marker = NULL;
	size_t hash;
	int rc, warned;

	if ((doc = xmlread_file(path, LIBRARY_FILE_MAX, &lib->errors, &hash, &warned)) == NULL)
		return;
	lcache_seen_add(&lib->seen, path, hash);
	lib->warnings += warned != 0;
	root = xmlDocGetRootElement(doc);
	if (xmlread_is(root, APC_NS, "program")) {
		load_program(lib, root, path);
		goto out;
	}
	if (!xmlread_is(root, LIB_NS, NULL)) {
		xmlread_error(&lib->errors, path, xmlread_line(root), "not a library file: the root is not in %s or %s",
		    LIB_NS, APC_NS);
		goto out;
	}
	marker = vcache_marker(cache, hash);
	if (warned || !vcache_known(marker)) {
		if ((schema = vcache_schema(lib, cache)) == NULL)
			goto out;
		if ((vc = xmlRelaxNGNewValidCtxt(schema)) == NULL) {
			xmlread_error(&lib->errors, path, 0, "cannot validate");
			goto out;
		}
		xmlRelaxNGSetValidStructuredErrors(vc, xmlread_on_error, &ec);
		if ((rc = xmlRelaxNGValidateDoc(vc, doc)) != 0) {
			if (lib->errors == errors)
				xmlread_error(&lib->errors, path, 0, "does not match the library schema");
			goto out;
		}
		if (!warned && ec.warnings == 0 && lib->errors == errors)
			vcache_remember(marker);
		lib->warnings += ec.warnings;
	}
	if (xmlread_is(root, LIB_NS, "registry"))
		agency_load_registry(&lib->agencies, root, path);
	else
		load_parent(lib, root, path);
out:
	if (vc != NULL)
		xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	free(marker);
}

/* Every *.xml of dir, in name order. */
static void
load_dir(struct apc_library *lib, vcache *cache, const char *dir)
{
	char **names, *path;
	size_t n, i;

	if (lcache_list_xml(dir, &names, &n) != 0) {
		xmlread_error(&lib->errors, dir, 0, "cannot read the library directory: %s", strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		load_file(lib, cache, path);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------------------ open, close */

/* lib (just opened, empty) as the compiled cache at path keeps it: 1, or 0 with lib untouched. */
static int
cache_restore(struct apc_library *lib, const char *path, const strbuf *key)
{
	struct apc_library *got = xcalloc(1, sizeof *got);

	got->agencies.errors = &got->errors;
	if (!lcache_read(got, path, key)) {
		library_close(got);
		return 0;
	}
	lib->agencies = got->agencies;
	lib->agencies.errors = &lib->errors;
	lib->par = got->par;
	lib->npar = got->npar;
	lib->cappar = got->cappar;
	free(got);
	return 1;
}


struct apc_library *
library_open(const char *datadir, char *const *dirs, size_t ndirs)
{
	struct apc_library *lib = xcalloc(1, sizeof *lib);
	vcache cache;
	strbuf key = { 0 };
	char *path, *blob = NULL;
	size_t i, planned = 0;

	lib->agencies.errors = &lib->errors;
	xmlInitParser();
	vcache_open(&cache, datadir);
	/* without a cache (or a schema that cannot be read) the schema is compiled now, so
	 * that a broken schema fails the run whatever the files */
	if (cache.dir == NULL && vcache_schema(lib, &cache) == NULL)
		goto out;
	/* the compiled cache: the library it keeps for these files, if it is there */
	blob = lcache_path(&cache, datadir, dirs, ndirs, &key, &planned);
	if (blob != NULL && cache_restore(lib, blob, &key))
		goto out;
	path = xasprintf("%s/library/agencies.xml", datadir);
	load_file(lib, &cache, path);
	free(path);
	path = xasprintf("%s/library/parents", datadir);
	load_dir(lib, &cache, path);
	free(path);
	for (i = 0; i < ndirs; i++)
		load_dir(lib, &cache, dirs[i]);
	if (lib->errors == 0)
		agency_build(&lib->agencies);
	if (blob != NULL && lib->errors == 0 && lib->warnings == 0 && lib->seen.len == key.len - planned &&
	    memcmp(lib->seen.s, key.s + planned, lib->seen.len) == 0)
		lcache_write(lib, cache.dir, blob, &key);
out:
	free(blob);
	free(key.s);
	free(lib->seen.s);
	lib->seen = (strbuf){ 0 };
	vcache_close(&cache);
	if (lib->errors > 0) {
		library_close(lib);
		lib = NULL;
	}
	return lib;
}

void
library_close(struct apc_library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	agency_index_free(&lib->agencies);
	for (i = 0; i < lib->npar; i++)
		parent_free(lib->par[i]);
	free(lib->par);
	free(lib->seen.s);
	free(lib);
}
