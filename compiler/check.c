/*
 * check.c: the program against the parents it implements (issue 4): each implements element
 * is looked up in the library by symbol and date; its cited date and issuer are compared with
 * the library's, the program's date with the parent's, and every mission of the parent must be
 * covered by a mission of the program. The match is kept in the facts (facts_set_covers)
 * and printed by `apc check --coverage` (rules_coverage).
 *
 * Only facts the library marks verified raise errors: an unverified parent date is never
 * compared. Private helpers and the context come from rules.h.
 */
#include <stdlib.h>
#include <string.h>
#include "rules.h"
#include "cite.h"

/* The library's entry for an implements element, or NULL. */
static const library_parent *
parent_of(const rules_ctx *c, xmlNodePtr im)
{
	const char *ref = tree_attr(im, "ref");
	return ref ? library_parent_find(c->lib, ref, tree_attr(im, "date")) : NULL;
}

int
check_parent_horizon(const rules_ctx *c, const char **sym)
{
	int h = 0;
	for (size_t i = 0; i < c->f->implements.n; i++) {
		const library_parent *p = parent_of(c, c->f->implements.v[i]);
		/* a parent without horizons of its own takes those of what it implements */
		for (int depth = 0; p && depth < 4; depth++) {
			int got = 0;
			for (int k = 0; k < 4 && p->horizons[k]; k++) {
				got = 1;
				if (p->horizons[k] > h) {
					h = p->horizons[k];
					*sym = p->symbol;
				}
			}
			if (got || !p->parents)
				break;
			char *first = xstrndup(p->parents, strcspn(p->parents, " "));
			p = library_parent_find(c->lib, first, NULL);
			free(first);
		}
	}
	return h;
}

/* ---- issuers ---- */

/* Bodies cited by another name: "Hội nghị Trung ương 6 khóa XI" is the Central Committee. */
static const struct { const char *prefix, *id; } issuer_alias[] = {
	{ "hội nghị trung ương", "ban-chap-hanh-trung-uong" },
	{ "hội nghị lần thứ", "ban-chap-hanh-trung-uong" },
	{ "ban chấp hành trung ương", "ban-chap-hanh-trung-uong" },
	{ "trung ương đảng", "ban-chap-hanh-trung-uong" },
	{ "bộ chính trị", "bo-chinh-tri" },
	{ "ban bí thư", "ban-bi-thu" },
};

/* The folded issuer without a trailing "khóa XIII", "(khóa XIII)" or "nhiệm kỳ ...". */
static char *
issuer_key(const char *s)
{
	char *f = norm_fold(s, strlen(s));
	char *k = strstr(f, " khóa ");
	if (!k)
		k = strstr(f, " nhiệm kỳ");
	if (k)
		*k = '\0';
	return f;
}

static const char *
issuer_id(const rules_ctx *c, const char *text, const char *key)
{
	const library_agency *a = library_agency_find(c->lib, text, strlen(text));
	if (!a)
		a = library_agency_find(c->lib, key, strlen(key));
	if (a)
		return a->id;
	for (size_t i = 0; i < sizeof issuer_alias / sizeof issuer_alias[0]; i++)
		if (strncmp(key, issuer_alias[i].prefix, strlen(issuer_alias[i].prefix)) == 0)
			return issuer_alias[i].id;
	return NULL;
}

static int
same_issuer(const rules_ctx *c, const char *cited, const library_parent *p)
{
	char *ck = issuer_key(cited), *pk = issuer_key(p->issuer);
	const char *ci = issuer_id(c, cited, ck), *pi = issuer_id(c, p->issuer, pk);
	int same;
	if (ci && pi)
		same = strcmp(ci, pi) == 0;
	else {
		/* one of them unknown to the registry: the same words, one a prefix of the other */
		size_t a = strlen(ck), b = strlen(pk), n = a < b ? a : b;
		same = n > 0 && strncmp(ck, pk, n) == 0 && (ck[n] == '\0' || ck[n] == ' ') &&
		    (pk[n] == '\0' || pk[n] == ' ');
	}
	free(ck);
	free(pk);
	return same;
}

/* ---- coverage ---- */

/* How many of the parent mission's terms does folded text contain? ftitle: the mission's
 * title folded (NULL when it has none). */
static int
term_score(const library_mission *pm, const char *ftitle, const char *folded)
{
	int s = 0;
	for (size_t t = 0; t < pm->nterms; t++)
		s += rules_has_words(folded, pm->terms[t]);
	if (pm->nterms > 0 || pm->title == NULL)
		return s;
	/* A parent compiled by apc build has titles, not terms: the share of the title's content
	 * words that the text has. Half of them or more counts, as that many terms would. */
	static const char *const stop[] = { "và", "các", "về", "của", "trong", "cho", "với", "để",
	    "theo", "những", "được", "tại", "đối", "một", "này" };
	char *ft = xstrdup(ftitle), *save = NULL;
	int words = 0, found = 0;
	for (char *w = strtok_r(ft, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		int skip = 0;
		for (size_t i = 0; i < sizeof stop / sizeof stop[0] && !skip; i++)
			skip = strcmp(w, stop[i]) == 0;
		if (skip)
			continue;
		words++;
		found += rules_has_words(folded, w);
	}
	free(ft);
	return words > 0 && 2 * found >= words ? found : 0;
}

/* The folded text a program mission is known by: its title and its group's title. */
typedef struct unit {
	xmlNodePtr el;
	char *title;       /* folded title + " " + folded group title */
	char *body;        /* folded paragraphs, made when first needed (unit_body) */
	int of_mission;    /* el is a mission (else a group: no paragraphs of its own) */
} unit;

static char *
fold_body(xmlNodePtr m)
{
	strbuf b = {0};
	for (xmlNodePtr k = m->children; k; k = k->next) {
		if (tree_is(k, "title") || k->type != XML_ELEMENT_NODE)
			continue;
		char *t = tree_text(k);
		char *f = norm_fold(t, strlen(t));
		sb_adds(&b, f);
		sb_add(&b, " ", 1);
		free(t);
		free(f);
	}
	return sb_take(&b);
}

static void
units_make(rules_ctx *c, unit **out, size_t *nout)
{
	const nodev *src = c->f->missions.n ? &c->f->missions : &c->f->groups;
	unit *u = xcalloc(src->n + 1, sizeof *u);
	for (size_t i = 0; i < src->n; i++) {
		u[i].el = src->v[i];
		const char *t = rules_title_of(c, src->v[i]);
		if (src == &c->f->missions && c->f->groups.n == c->f->missions.n)
			u[i].title = xasprintf("%s %s", t, rules_title_of(c, c->f->groups.v[i]));
		else
			u[i].title = xstrdup(t);
		u[i].of_mission = src == &c->f->missions;
	}
	*out = u;
	*nout = src->n;
}

/* A unit's folded paragraphs: only a mission whose title names no parent mission needs them. */
static const char *
unit_body(unit *u)
{
	if (u->body == NULL)
		u->body = u->of_mission ? fold_body(u->el) : xstrdup("");
	return u->body;
}

static void
units_free(unit *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(u[i].title);
		free(u[i].body);
	}
	free(u);
}

/*
 * covers[i * np + j]: unit i covers parent mission j.
 * The program mirrors the parent when it has as many missions and each one's title matches
 * the parent mission of its number at least as well as any other: then by number. Otherwise
 * each mission covers the parent missions whose terms its title (or its group's) contains; a
 * mission whose title names none covers those its paragraphs name most.
 */
static void
match(const library_parent *p, char *const *ft, unit *u, size_t nu, unsigned char *covers)
{
	size_t np = p->nmissions;
	int mirror = nu == np && np > 0;
	for (size_t i = 0; i < nu && mirror; i++) {
		int own = term_score(&p->missions[i], ft[i], u[i].title);
		if (own == 0)
			mirror = 0;
		for (size_t j = 0; j < np && mirror; j++)
			if (term_score(&p->missions[j], ft[j], u[i].title) > own)
				mirror = 0;
	}
	memset(covers, 0, nu * np);
	for (size_t i = 0; i < nu; i++) {
		if (mirror) {
			covers[i * np + i] = 1;
			continue;
		}
		int any = 0, best = 0;
		for (size_t j = 0; j < np; j++)
			if (term_score(&p->missions[j], ft[j], u[i].title) > 0)
				covers[i * np + j] = 1, any = 1;
		if (any)
			continue;
		for (size_t j = 0; j < np; j++) {
			int s = term_score(&p->missions[j], ft[j], unit_body(&u[i]));
			if (s > best)
				best = s;
		}
		for (size_t j = 0; best && j < np; j++)
			if (term_score(&p->missions[j], ft[j], unit_body(&u[i])) == best)
				covers[i * np + j] = 1;
	}
}

/* Content words of folded text, for comparing two titles that paraphrase each other. */
static const char *const stop_words[] = { "và", "các", "về", "của", "trong", "cho", "với", "để",
    "theo", "những", "được", "tại", "đối", "một", "này", "có", "là", "từ", "đến", "năm" };

static int
is_stop(const char *w)
{
	for (size_t i = 0; i < sizeof stop_words / sizeof stop_words[0]; i++)
		if (strcmp(w, stop_words[i]) == 0)
			return 1;
	return 0;
}

/* Per cent of the parent mission title's content words that the folded text has as words;
 * the words of the parent's own title (its topic, in every mission) do not count. Both
 * titles come folded (fp: "" when the parent has none). */
static int
title_share(const char *parent_title, const char *fp, const char *folded)
{
	char *ft = xstrdup(parent_title), *save = NULL;
	int words = 0, found = 0;
	for (char *w = strtok_r(ft, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (is_stop(w) || rules_has_words(fp, w))
			continue;
		words++;
		found += rules_has_words(folded, w);
	}
	free(ft);
	return words ? 100 * found / words : 0;
}

/*
 * A mission of the program that paraphrases parent mission j ("Tăng cường hợp tác về khoa học,
 * công nghệ..." for "Tăng cường hợp tác quốc tế trong phát triển khoa học, công nghệ..."): the
 * one in the same place of the list sharing a third of the title's content words (the
 * parent's topic words left out), else any sharing half. nu when none can be its counterpart.
 */
static size_t
weak_counterpart(const char *ftitle, const char *ftopic, size_t j, const unit *u, size_t nu)
{
	if (ftitle == NULL)
		return nu;
	if (j < nu && title_share(ftitle, ftopic, u[j].title) >= 34)
		return j;
	size_t best = nu;
	int top = 49;
	for (size_t i = 0; i < nu; i++) {
		int sh = title_share(ftitle, ftopic, u[i].title);
		if (sh > top) {
			top = sh;
			best = i;
		}
	}
	return best;
}

static void
coverage(rules_ctx *c)
{
	unit *u;
	size_t nu;
	units_make(c, &u, &nu);
	strbuf *cov = xcalloc(nu + 1, sizeof *cov);
	for (size_t k = 0; k < c->f->implements.n && nu; k++) {
		xmlNodePtr im = c->f->implements.v[k];
		const library_parent *p = parent_of(c, im);
		if (!p || !p->nmissions)
			continue;
		size_t np = p->nmissions;
		unsigned char *covers = xcalloc(nu * np + 1, 1);
		char *imt = tree_text(im);     /* the citation: what an uncovered mission points at */
		/* the parent's titles, folded once for every comparison below */
		char **ft = xcalloc(np, sizeof *ft);
		char *ftopic = p->title ? norm_fold(p->title, strlen(p->title)) : xstrdup("");
		for (size_t j = 0; j < np; j++)
			ft[j] = p->missions[j].title ? norm_fold(p->missions[j].title, strlen(p->missions[j].title)) : NULL;
		match(p, ft, u, nu, covers);
		for (size_t j = 0; j < np; j++) {
			int covered = 0;
			for (size_t i = 0; i < nu; i++)
				if (covers[i * np + j]) {
					covered = 1;
					if (cov[i].len)
						sb_add(&cov[i], " ", 1);
					sb_addf(&cov[i], "%s#%s", p->symbol, p->missions[j].n);
				}
			if (covered)
				continue;
			/* no mission names it: is there one that can be its counterpart? */
			size_t w = weak_counterpart(ft[j], ftopic, j, u, nu);
			if (w < nu) {
				char *t = tree_text(tree_child(u[w].el, "title") ? tree_child(u[w].el, "title") : u[w].el);
				const char *n = tree_attr(u[w].el, "n");
				diag_extent(diag_emit(c->d, D_PARENT_MISSION_WEAK, tree_line(u[w].el), tree_col(u[w].el),
				    p->missions[j].n, KIND(p->symbol), p->missions[j].title, n ? n : "?", t), c->src, t);
				free(t);
				if (cov[w].len)
					sb_add(&cov[w], " ", 1);
				sb_addf(&cov[w], "%s#%s?", p->symbol, p->missions[j].n);
			} else
				diag_extent(diag_emit(c->d, D_PARENT_MISSION_UNCOVERED, tree_line(im), tree_col(im),
				    p->missions[j].n, KIND(p->symbol), p->missions[j].title), c->src, imt);
		}
		for (size_t j = 0; j < np; j++)
			free(ft[j]);
		free(ft);
		free(ftopic);
		free(covers);
		free(imt);
	}
	for (size_t i = 0; i < nu; i++) {
		if (cov[i].len && c->f->missions.n)
			facts_set_covers(c->f, u[i].el, cov[i].s);
		free(cov[i].s);
	}
	free(cov);
	units_free(u, nu);
}

void
check_citation(rules_ctx *c, const rules_para *pa, const cite *ct)
{
	xmlNodePtr im = facts_implements(c->f, ct->sym.canonical);
	const library_parent *p = im ? parent_of(c, im) : NULL;
	unsigned line, col;
	rules_para_pos(pa, ct->at, &line, &col);
	if (p == NULL || (tree_line(im) == line && tree_col(im) == col))
		return;   /* not a parent, or the citation read as the parent, which check_parents reads */
	char b1[16], b2[16];
	if (ct->iso[0]) {
		/* the same symbol on a date years away is another document (36-NQ/TW of 2018) */
		if (library_parent_find(c->lib, ct->sym.canonical, ct->iso) != p)
			return;
		if (p->date && p->date_verified && strcmp(ct->iso, p->date) != 0) {
			/* "ngày" at a line's end, the date on the next: said where its digits are */
			size_t dat = ct->date_at;
			while (dat < ct->date_at + ct->date_len && !(pa->s[dat] >= '0' && pa->s[dat] <= '9'))
				dat++;
			rules_para_pos(pa, dat < ct->date_at + ct->date_len &&
			    rules_para_line(pa, dat) != rules_para_line(pa, ct->date_at) ? dat : ct->date_at, &line, &col);
			apc_diag *g = diag_emit(c->d, D_PARENT_DATE_MISMATCH, line, col,
			    rules_dmy(ct->iso, b1), KIND(p->symbol), rules_dmy(p->date, b2));
			diag_fix_date(g, c->src, line, col, ct->iso, p->date);   /* the library knows it */
		}
	}
	if (ct->iss_len && p->issuer) {
		char *issuer = xstrndup(pa->s + ct->iss_at, ct->iss_len);
		if (!same_issuer(c, issuer, p)) {
			rules_para_pos(pa, ct->iss_at, &line, &col);
			apc_diag *g = diag_emit(c->d, D_PARENT_ISSUER_MISMATCH, line, col, KIND(p->symbol), issuer, p->issuer);
			diag_fix_text(g, c->src, line, col, issuer, p->issuer);
		}
		free(issuer);
	}
}

/* A title that says what the document carries out ("Thực hiện Nghị quyết của Hội đồng nhân dân
 * tỉnh …") when no parent, and no legal basis, is cited with its symbol: the parent checks would
 * be skipped unsaid. */
static void
parent_missing(rules_ctx *c)
{
	static const char *const carries_out[] = { "thực hiện", "triển khai", "thi hành" };
	xmlNodePtr t = c->f->meta ? tree_child(c->f->meta, "title") : NULL;
	if (!t || !c->f->title)
		return;
	for (size_t i = 0; i < c->f->ncites; i++)
		if (c->f->cites[i].role == CITE_LEGAL)
			return;   /* "triển khai thi hành Luật Thủ đô": the law, cited as a basis, is what it carries out */
	char *f = norm_fold(c->f->title, strlen(c->f->title));
	int says = 0;
	for (size_t i = 0; i < sizeof carries_out / sizeof carries_out[0] && !says; i++)
		says = strstr(f, carries_out[i]) != NULL;
	free(f);
	if (says)
		diag_emit(c->d, D_PARENT_MISSING, tree_line(t), tree_col(t));
}

void
check_parents(rules_ctx *c)
{
	char b1[16], b2[16];
	const char *latest = NULL, *latest_sym = NULL;
	for (size_t k = 0; k < c->f->implements.n; k++) {
		xmlNodePtr im = c->f->implements.v[k];
		const char *ref = tree_attr(im, "ref"), *date = tree_attr(im, "date");
		const char *issuer = tree_attr(im, "issuer");
		unsigned line = tree_line(im), col = tree_col(im);
		const library_parent *p = parent_of(c, im);
		if (!p) {
			char *t = tree_text(im);
			diag_extent(diag_emit(c->d, D_PARENT_UNKNOWN, line, col, ref), c->src, t);
			free(t);
			continue;
		}
		/* the caret moves from the symbol to the date or issuer cited after it, and the
		 * library's date or issuer is the fix */
		if (date && p->date && p->date_verified && strcmp(date, p->date) != 0)
			diag_fix_date(diag_emit(c->d, D_PARENT_DATE_MISMATCH, line, col, rules_dmy(date, b1),
			    KIND(p->symbol), rules_dmy(p->date, b2)), c->src, line, col, date, p->date);
		if (issuer && *issuer && p->issuer && !same_issuer(c, issuer, p))
			diag_fix_text(diag_emit(c->d, D_PARENT_ISSUER_MISMATCH, line, col, KIND(p->symbol), issuer,
			    p->issuer), c->src, line, col, issuer, p->issuer);
		const char *pd = p->date && p->date_verified ? p->date : NULL;
		if (pd && (!latest || strcmp(pd, latest) > 0)) {
			latest = pd;
			latest_sym = p->symbol;
		}
	}
	if (c->f->implements.n == 0)
		parent_missing(c);
	if (latest && c->f->date[0] && strcmp(c->f->date, latest) < 0) {
		char *t = tree_text(c->f->date_el);
		diag_extent(diag_emit(c->d, D_PROGRAM_DATE_BEFORE_PARENT, tree_line(c->f->date_el), tree_col(c->f->date_el),
		    rules_dmy(c->f->date, b1), KIND(latest_sym), rules_dmy(latest, b2)), c->src, t);
		free(t);
	}
	coverage(c);
}

/* ---- apc check --coverage ---- */

static size_t
count_tasks(xmlNodePtr g)
{
	size_t n = 0;
	for (xmlNodePtr k = g ? g->children : NULL; k; k = k->next)
		n += tree_is(k, "task") ? 1 : tree_is(k, "group") ? count_tasks(k) : 0;
	return n;
}

void
rules_coverage(xmlDocPtr doc, const facts *f, const struct apc_library *lib, cover_report *cv)
{
	memset(cv, 0, sizeof *cv);
	if (!doc || !f)
		return;
	/* the facts: parents (first of each @ref), missions, the first appendix's groups */
	const nodev *impl = &f->implements, *missions = &f->missions, *groups = &f->groups;
	cv->file = tree_attr(f->root, "file");
	cv->symbol = f->symbol;
	cv->v = xcalloc(impl->n + 1, sizeof *cv->v);
	for (size_t k = 0; k < impl->n; k++) {
		const char *ref = tree_attr(impl->v[k], "ref");
		cover_parent *cp = &cv->v[cv->n++];
		cp->ref = ref;
		cp->p = library_parent_find(lib, ref, tree_attr(impl->v[k], "date"));
		if (cp->p)
			rules_dmy(cp->p->date, cp->dmy);
		if (!cp->p || !cp->p->nmissions)
			continue;
		size_t np = cp->p->nmissions;
		cp->v = xcalloc(np, sizeof *cp->v);
		cp->n = np;
		for (size_t j = 0; j < np; j++) {
			cover_mission *cm = &cp->v[j];
			char *want = xasprintf("%s#%s", cp->p->symbol, cp->p->missions[j].n);
			cm->m = &cp->p->missions[j];
			for (size_t i = 0; i < missions->n; i++) {
				const char *cov = facts_covers(f, missions->v[i]);
				if (!cov || !rules_has_words(cov, want))
					continue;
				cm->by = xrealloc(cm->by, (cm->nby + 1) * sizeof *cm->by);
				cover_by *b = &cm->by[cm->nby++];
				b->n = tree_attr(missions->v[i], "n");
				b->title = tree_text(tree_child(missions->v[i], "title"));
				b->line = tree_line(missions->v[i]);
				b->tasks = groups->n == missions->n ? count_tasks(groups->v[i]) : 0;
			}
			cp->covered += cm->nby > 0;
			free(want);
		}
	}
}

void
coverage_free(cover_report *cv)
{
	for (size_t k = 0; k < cv->n; k++) {
		for (size_t j = 0; j < cv->v[k].n; j++) {
			for (size_t i = 0; i < cv->v[k].v[j].nby; i++)
				free(cv->v[k].v[j].by[i].title);
			free(cv->v[k].v[j].by);
		}
		free(cv->v[k].v);
	}
	free(cv->v);
	memset(cv, 0, sizeof *cv);
}
