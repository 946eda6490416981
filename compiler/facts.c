/*
 * facts.c: what one document says about itself, read from its tree once, after validation:
 * its symbol and date, the parents it implements, its sections, missions, objectives, the
 * appendix's groups and tasks, and (filled by the parent checks) which parent missions each of
 * its missions covers, and the citations the parser kept with their roles. Rules, the parent
 * checks, the coverage report, the JSON report and the render index read these facts
 * instead of walking the tree again; the facts never write into the tree (facts_publish does,
 * on purpose, for build and render output).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "facts.h"

void
nodev_push(nodev *v, xmlNodePtr e)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = xrealloc(v->v, v->cap * sizeof *v->v);
	}
	v->v[v->n++] = e;
}


static void
gather_objectives(facts *c, xmlNodePtr e)
{
	for (xmlNodePtr k = e->children; k; k = k->next) {
		if (tree_is(k, "objective")) {
			nodev_push(&c->objectives, k);
			const char *h = tree_attr(k, "horizon");
			int y = h ? atoi(h) : 0;
			if (y > c->prog_horizon)
				c->prog_horizon = y;
		}
		if (tree_is(k, "objective") || tree_is(k, "subsection"))
			gather_objectives(c, k);
	}
}

static void
gather_tasks(facts *c, xmlNodePtr e, size_t group, nodev *tasks, nodev *tg)
{
	for (xmlNodePtr k = e->children; k; k = k->next) {
		if (tree_is(k, "task")) {
			nodev_push(tasks, k);
			nodev_push(tg, (xmlNodePtr)(uintptr_t)group);
		} else if (tree_is(k, "group"))
			gather_tasks(c, k, group, tasks, tg);
	}
}

/* The text of a meta element as written (its first text node), or NULL. */
static const char *
meta_text(xmlNodePtr meta, const char *name)
{
	xmlNodePtr e = tree_child(meta, name);
	return e && e->children && e->children->type == XML_TEXT_NODE ? (const char *)e->children->content : NULL;
}

static cite_role
role_of(const char *name)
{
	static const cite_role roles[] = { CITE_PARENT, CITE_LEGAL, CITE_PROPOSAL, CITE_OTHER };
	for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(name, cite_role_name(roles[i])) == 0)
			return roles[i];
	return CITE_OTHER;
}

static void
cite_add(facts *c, xmlNodePtr e, size_t *cap)
{
	const char *ref = tree_attr(e, "ref");
	if (ref == NULL)
		return;
	if (c->ncites == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		c->cites = xrealloc(c->cites, *cap * sizeof *c->cites);
	}
	c->cites[c->ncites++] = (struct facts_cite){ e, tree_is(e, "implements") ? CITE_PARENT : role_of(tree_attr(e, "role")),
	    ref, tree_attr(e, "date"), tree_attr(e, "issuer"), tree_attr(e, "kind") };
}

static void
gather(facts *c, xmlDocPtr doc)
{
	nodev tg = {0};
	c->root = xmlDocGetRootElement(doc);
	c->meta = tree_child(c->root, "meta");
	xmlNodePtr date = tree_child(c->meta, "date"), sym = tree_child(c->meta, "symbol");
	const char *iso = tree_attr(date, "iso");
	if (iso && strlen(iso) == 10) {
		memcpy(c->date, iso, 11);
		c->date_el = date;
	}
	c->symbol = tree_attr(sym, "canonical");
	c->symbol_el = sym;
	c->symbol_type = tree_attr(sym, "type");
	c->symbol_text = sym ? tree_text(sym) : NULL;
	c->kind_text = meta_text(c->meta, "kind");
	c->title = meta_text(c->meta, "title");
	c->issuer = meta_text(c->meta, "issuer");
	size_t capcites = 0;
	for (xmlNodePtr k = c->root ? c->root->children : NULL; k; k = k->next) {
		if (tree_is(k, "implements") || tree_is(k, "cites"))
			cite_add(c, k, &capcites);
		if (tree_is(k, "implements")) {
			const char *ref = tree_attr(k, "ref");
			int added = 0;
			if (ref)   /* a set of the refs seen: 6,000 parents cost 6,000 lookups, not 18 M comparisons */
				strset_put(&c->implements_refs, ref, strlen(ref), &added);
			if (added)
				nodev_push(&c->implements, k);
		} else if (tree_is(k, "section")) {
			nodev_push(&c->sections, k);
			const char *role = tree_attr(k, "role");
			if (role && strcmp(role, "missions") == 0)
				for (xmlNodePtr m = k->children; m; m = m->next)
					if (tree_is(m, "mission"))
						nodev_push(&c->missions, m);
			gather_objectives(c, k);
		} else if (tree_is(k, "appendix")) {
			size_t ng = 0;
			for (xmlNodePtr g = k->children; g; g = g->next)
				ng += tree_is(g, "group");
			if (ng && !c->groups.n) {
				c->appendix = k;
				for (xmlNodePtr g = k->children; g; g = g->next)
					if (tree_is(g, "group"))
						nodev_push(&c->groups, g);
			}
			for (xmlNodePtr g = k->children; g; g = g->next) {
				if (tree_is(g, "task")) {
					nodev_push(&c->tasks, g);
					nodev_push(&tg, (xmlNodePtr)(uintptr_t)0);
					if (!c->appendix)
						c->appendix = k;
				} else if (tree_is(g, "group")) {
					size_t gi = 0;
					if (c->appendix == k)
						for (size_t i = 0; i < c->groups.n; i++)
							if (c->groups.v[i] == g)
								gi = i + 1;
					gather_tasks(c, g, gi, &c->tasks, &tg);
				}
			}
		}
	}
	c->task_group = xcalloc(c->tasks.n + 1, sizeof *c->task_group);
	for (size_t i = 0; i < tg.n; i++)
		c->task_group[i] = (size_t)(uintptr_t)tg.v[i];
	free(tg.v);
}

facts *
facts_build(xmlDocPtr doc)
{
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL)
		return NULL;
	facts *f = xcalloc(1, sizeof *f);
	gather(f, doc);
	return f;
}

void
facts_free(facts *f)
{
	if (f == NULL)
		return;
	free(f->implements.v);
	strset_free(&f->implements_refs);
	free(f->sections.v);
	free(f->missions.v);
	free(f->objectives.v);
	free(f->groups.v);
	free(f->tasks.v);
	free(f->task_group);
	free(f->symbol_text);
	free(f->cites);
	for (size_t i = 0; i < f->ncovers; i++)
		free(f->covers[i].parents);
	free(f->covers);
	free(f);
}

void
facts_set_covers(facts *f, xmlNodePtr unit, const char *parents)
{
	for (size_t i = 0; i < f->ncovers; i++)
		if (f->covers[i].unit == unit) {
			free(f->covers[i].parents);
			f->covers[i].parents = xstrdup(parents);
			return;
		}
	f->covers = xrealloc(f->covers, (f->ncovers + 1) * sizeof *f->covers);
	f->covers[f->ncovers].unit = unit;
	f->covers[f->ncovers++].parents = xstrdup(parents);
}

const char *
facts_covers(const facts *f, xmlNodePtr unit)
{
	for (size_t i = 0; f != NULL && i < f->ncovers; i++)
		if (f->covers[i].unit == unit)
			return f->covers[i].parents;
	return NULL;
}

void
facts_publish(const facts *f, xmlDocPtr doc)
{
	for (size_t i = 0; f != NULL && doc != NULL && i < f->ncovers; i++)
		if (f->covers[i].unit->doc == doc)
			tree_set(f->covers[i].unit, "covers", f->covers[i].parents);
}

xmlNodePtr
facts_implements(const facts *f, const char *ref)
{
	if (f == NULL || ref == NULL)
		return NULL;
	size_t i = strset_find(&f->implements_refs, ref, strlen(ref));
	return i < f->implements.n ? f->implements.v[i] : NULL;
}

const struct facts_cite *
facts_cite_first(const facts *f, cite_role role)
{
	for (size_t i = 0; f != NULL && i < f->ncites; i++)
		if (f->cites[i].role == role)
			return &f->cites[i];
	return NULL;
}
