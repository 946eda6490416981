/*
 * agency.c: the agency registry (library/agencies.xml and any later registry file) and the
 * matching of agency names as written to its entries.
 *
 * An agency name is matched on its key: the name folded (norm_fold), then rewritten by the
 * registry's own tables (library/agencies.xml explains them): words without identity deleted,
 * labels dropped, abbreviations expanded and synonyms unified, an optional last word dropped.
 * Registry names and input go through the same steps, so the tables can never disagree with
 * the folding. Keys live in an open-addressing hash table: a lookup folds once and probes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "agency.h"
#include "blob.h"
#include "xmlread.h"

#define LIB_NS          "urn:apc:library:1"
#define NAME_MAX_BYTES  1024        /* longer text is not one agency's name */
#define NAME_MAX_WORDS  64
#define KEY_MAX_BYTES   2048        /* a key after abbreviations are expanded */
#define TAIL_MAX_WORDS  4           /* a place name after an anchor: "Bà Rịa - Vũng Tàu" */
#define SUGGEST_MAX     6           /* never suggest a name further than this */
#define SUGGEST_CHARS   256         /* nor compare longer keys */

typedef struct word { const char *s; size_t len; } word;

/* ------------------------------------------------------------------ words and keys */


/* Split s at spaces into w; the count, or (size_t)-1 when there are more than max words. */
static size_t
split(const char *s, word *w, size_t max)
{
	size_t n = 0;

	for (;;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			return n;
		if (n == max)
			return (size_t)-1;
		w[n].s = s;
		while (*s != '\0' && *s != ' ')
			s++;
		w[n].len = (size_t)(s - w[n].s);
		n++;
	}
}

static int
wcmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

static void
add_word(strbuf *sb, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (sb->len > 0)
		sb_add(sb, " ", 1);
	sb_add(sb, s, len);
}

/* Does rule r match the words at w (n of them)? */
static int
rule_matches(const rule *r, const word *w, size_t n)
{
	word rw[NAME_MAX_WORDS];
	size_t i;

	if (r->nwords > n || split(r->from, rw, NAME_MAX_WORDS) != r->nwords)
		return 0;
	for (i = 0; i < r->nwords; i++)
		if (wcmp(rw[i].s, rw[i].len, w[i].s, w[i].len) != 0)
			return 0;
	return 1;
}

/* The longest rule of rs that matches at w, or NULL. Rules are sorted by first word, then
 * longest first. */
static const rule *
rule_find(const rules *rs, const word *w, size_t n)
{
	size_t lo = 0, hi = rs->n, mid;

	if (n == 0)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (wcmp(rs->v[mid].from, rs->v[mid].first, w[0].s, w[0].len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rs->n; lo++) {
		if (wcmp(rs->v[lo].from, rs->v[lo].first, w[0].s, w[0].len) != 0)
			break;
		if (rule_matches(&rs->v[lo], w, n))
			return &rs->v[lo];
	}
	return NULL;
}

/* Rewrite w[0..n) by rs into sb, longest match first, one pass. */
static void
apply(const rules *rs, const word *w, size_t n, strbuf *sb)
{
	const rule *r;
	size_t i = 0;

	while (i < n) {
		if ((r = rule_find(rs, w + i, n - i)) != NULL) {
			add_word(sb, r->to, strlen(r->to));
			i += r->nwords;
		} else {
			add_word(sb, w[i].s, w[i].len);
			i++;
		}
	}
}

static int
in_wordset(const wordset *ws, const char *s, size_t len)
{
	size_t lo = 0, hi = ws->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = wcmp(ws->v[mid], strlen(ws->v[mid]), s, len);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Fold s and delete the words the deletion rules name: the form every table entry is kept in.
 * NULL when it has no words or too many. */
static char *
fold_del(const agency_index *ix, const char *s, size_t len)
{
	word w[NAME_MAX_WORDS];
	strbuf sb = { 0 };
	char *f, *out = NULL;
	size_t n;

	f = norm_fold(s, len);
	n = split(f, w, NAME_MAX_WORDS);
	if (n != (size_t)-1 && n > 0) {
		apply(&ix->del, w, n, &sb);
		out = sb_take(&sb);
		if (*out == '\0') {
			free(out);
			out = NULL;
		}
	}
	free(f);
	free(sb.s);
	return out;
}

/* The key of a name as written, before the optional last word is dropped: folded, words
 * deleted, labels dropped, abbreviations expanded. NULL when it is no name. */
static char *
name_key(const agency_index *ix, const char *s, size_t len)
{
	word w[NAME_MAX_WORDS];
	strbuf sb = { 0 };
	const rule *r;
	char *a = NULL, *out = NULL;
	size_t n, i, j, k;

	if (len > NAME_MAX_BYTES || (a = fold_del(ix, s, len)) == NULL)
		goto out;
	if ((n = split(a, w, NAME_MAX_WORDS)) == (size_t)-1)
		goto out;
	i = 0;
	j = n;
	while ((r = rule_find(&ix->ign_start, w + i, j - i)) != NULL && r->nwords < j - i)
		i += r->nwords;
	for (k = 0; k < ix->ign_end.n; k++) {
		r = &ix->ign_end.v[k];
		if (r->nwords < j - i && rule_matches(r, w + j - r->nwords, r->nwords)) {
			j -= r->nwords;
			k = (size_t)-1;     /* again, from the first */
		}
	}
	apply(&ix->rew, w + i, j - i, &sb);
	out = sb_take(&sb);
	if (*out == '\0') {
		free(out);
		out = NULL;
	}
out:
	free(a);
	free(sb.s);
	return out;
}

/* Join w[0..n) into buf (KEY_MAX_BYTES), dropping an optional last word. 0 if too long. */
static size_t
join_key(const agency_index *ix, const word *w, size_t n, char *buf)
{
	size_t i, len = 0;

	if (n > 1 && in_wordset(&ix->finals, w[n - 1].s, w[n - 1].len))
		n--;
	for (i = 0; i < n; i++) {
		if (len + w[i].len + 2 > KEY_MAX_BYTES)
			return 0;
		if (i > 0)
			buf[len++] = ' ';
		memcpy(buf + len, w[i].s, w[i].len);
		len += w[i].len;
	}
	buf[len] = '\0';
	return len;
}

/* ------------------------------------------------------------------ the hash table */

static const slot *
tab_get(const agency_index *ix, const char *key, size_t len)
{
	size_t i;

	if (ix->tab == NULL)
		return NULL;
	for (i = hash_fnv1a(key, len) & ix->tabmask; ix->tab[i].key != NULL; i = (i + 1) & ix->tabmask)
		if (strlen(ix->tab[i].key) == len && memcmp(ix->tab[i].key, key, len) == 0)
			return &ix->tab[i];
	return NULL;
}

/* Lookup of the words w[0..n) as a key. */
static int
lookup(const agency_index *ix, const word *w, size_t n, size_t *ag)
{
	char buf[KEY_MAX_BYTES];
	const slot *sl;
	size_t len;

	if (n == 0 || (len = join_key(ix, w, n, buf)) == 0 || (sl = tab_get(ix, buf, len)) == NULL)
		return 0;
	*ag = sl->ag;
	return 1;
}

/* May w[0..n) be a place name ending a name? Not when it holds an anchor or names an agency
 * itself (an unsplit list: "UBND tỉnh, Sở Y tế"). */
static int
place_tail(const agency_index *ix, const word *w, size_t n)
{
	size_t i, ag;

	for (i = 0; i < n; i++)
		if (in_wordset(&ix->anchors, w[i].s, w[i].len) || lookup(ix, w + i, n - i, &ag))
			return 0;
	return 1;
}

/* The last anchor with 1 to TAIL_MAX_WORDS words after it: its index, or (size_t)-1. */
static size_t
last_anchor(const agency_index *ix, const word *w, size_t n)
{
	size_t j;

	for (j = n - 1; j-- > 0 && n - 1 - j <= TAIL_MAX_WORDS;)
		if (in_wordset(&ix->anchors, w[j].s, w[j].len))
			return j;
	return (size_t)-1;
}

static int
resolve(const agency_index *ix, const char *text, size_t len, size_t *ag)
{
	word w[NAME_MAX_WORDS];
	char *key;
	size_t n, j;
	int found = 0;

	if (text == NULL || (key = name_key(ix, text, len)) == NULL)
		return 0;
	if ((n = split(key, w, NAME_MAX_WORDS)) == (size_t)-1)
		goto out;
	if ((found = lookup(ix, w, n, ag)))
		goto out;
	j = last_anchor(ix, w, n);
	if (j != (size_t)-1 && place_tail(ix, w + j + 1, n - j - 1))
		found = lookup(ix, w, j + 1, ag);
out:
	free(key);
	return found;
}

const library_agency *
agency_find(const agency_index *ix, const char *text, size_t len)
{
	size_t ag;

	return resolve(ix, text, len, &ag) ? &ix->ag[ag].pub : NULL;
}

/* ------------------------------------------------------------------ suggestions */

/* Edit distance of a and b, or max + 1 when it is larger than max. */
static size_t
distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	size_t row[2][SUGGEST_CHARS + 1], i, j, lo, c, *p, *q;

	if (la > SUGGEST_CHARS || lb > SUGGEST_CHARS)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		row[0][j] = j;
	for (i = 1; i <= la; i++) {
		p = row[(i - 1) & 1];
		q = row[i & 1];
		q[0] = lo = i;
		for (j = 1; j <= lb; j++) {
			c = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < c)
				c = p[j] + 1;
			if (q[j - 1] + 1 < c)
				c = q[j - 1] + 1;
			q[j] = c;
			if (c < lo)
				lo = c;
		}
		if (lo > max)
			return max + 1;
	}
	return row[la & 1][lb];
}

/* The nearest agency to the key words w[0..n), at a cost of penalty plus the edit distance
 * of the ASCII forms; updates *best and *bestd when nearer, never beyond max. */
static void
nearest(const agency_index *ix, const word *w, size_t n, size_t penalty, size_t max,
    size_t *best, size_t *bestd)
{
	char buf[KEY_MAX_BYTES], *a;
	size_t len, alen, d, i, lim;

	if (penalty > max || (len = join_key(ix, w, n, buf)) == 0)
		return;
	a = norm_fold_ascii(buf, len);
	alen = strlen(a);
	for (i = 0; i < ix->near->n; i++) {
		if (*bestd == (size_t)-1)
			lim = max - penalty;
		else if (*bestd > penalty)
			lim = *bestd - 1 - penalty;     /* only a nearer one counts */
		else
			break;
		d = distance(a, alen, ix->near->v[i].ascii, ix->near->v[i].len, lim);
		if (d <= lim) {
			*bestd = d + penalty;
			*best = ix->near->v[i].ag;
		}
	}
	free(a);
}

/* The ASCII forms of the names, made by the first suggestion of any thread. */
static void
near_ready(agency_near *nr)
{
	pthread_mutex_lock(&nr->lock);
	if (!nr->ready) {
		for (size_t i = 0; i < nr->n; i++) {
			nr->v[i].ascii = norm_fold_ascii(nr->v[i].key, strlen(nr->v[i].key));
			nr->v[i].len = strlen(nr->v[i].ascii);
		}
		nr->ready = 1;
	}
	pthread_mutex_unlock(&nr->lock);
}

/* Is w an anchor once diacritics are gone ("tinh" for "tỉnh")? */
static int
ascii_anchor(const agency_index *ix, const word *w)
{
	char *a = norm_fold_ascii(w->s, w->len);
	int r = in_wordset(&ix->anchors_ascii, a, strlen(a));

	free(a);
	return r;
}

/* The nearest name within a fifth of the input's length (at most SUGGEST_MAX edits); words
 * dropped after an anchor (a place name written without diacritics) cost one edit each. */
const char *
agency_suggest(const agency_index *ix, const char *text, size_t len)
{
	word w[NAME_MAX_WORDS];
	char *key, *a;
	size_t n, k, max, best = (size_t)-1, bestd = (size_t)-1;

	if (text == NULL || ix->near == NULL || (key = name_key(ix, text, len)) == NULL)
		return NULL;
	near_ready(ix->near);
	if ((n = split(key, w, NAME_MAX_WORDS)) != (size_t)-1 && n > 0) {
		a = norm_fold_ascii(key, strlen(key));
		max = strlen(a) / 5;
		free(a);
		if (max < 1)
			max = 1;
		if (max > SUGGEST_MAX)
			max = SUGGEST_MAX;
		nearest(ix, w, n, 0, max, &best, &bestd);
		for (k = 1; k <= TAIL_MAX_WORDS && k < n; k++)
			if (ascii_anchor(ix, &w[n - k - 1]))
				nearest(ix, w, n - k, k, max, &best, &bestd);
	}
	free(key);
	return best == (size_t)-1 ? NULL : ix->ag[best].pub.name;
}

/* ------------------------------------------------------------------ loading */


static void
add_raw(agency_index *ix, enum raw_kind kind, char *a, char *b, const char *file, unsigned line)
{
	if (ix->nraw == ix->capraw) {
		ix->capraw = ix->capraw ? 2 * ix->capraw : 64;
		ix->raw = xrealloc(ix->raw, ix->capraw * sizeof *ix->raw);
	}
	ix->raw[ix->nraw++] = (raw){ kind, a, b, xstrdup(file), line };
}

static void
agency_free(agency *a)
{
	size_t i;

	free(a->pub.id);
	free(a->pub.name);
	free(a->pub.level);
	free(a->kind);
	free(a->file);
	for (i = 0; i < a->nvariants; i++)
		free(a->variants[i]);
	free(a->variants);
	free(a->lines);
}

static void
load_agency(agency_index *ix, xmlNodePtr n, const char *path)
{
	agency a = { 0 };
	xmlNodePtr c;
	size_t i;
	int added;

	a.pub.id = xmlread_attr(n, "id");
	a.pub.level = xmlread_attr(n, "level");
	a.kind = xmlread_attr(n, "kind");
	a.file = xstrdup(path);
	for (c = n->children; c != NULL; c = c->next) {
		if (!xmlread_is(c, LIB_NS, "name") && !xmlread_is(c, LIB_NS, "variant"))
			continue;
		a.variants = xrealloc(a.variants, (a.nvariants + 1) * sizeof *a.variants);
		a.lines = xrealloc(a.lines, (a.nvariants + 1) * sizeof *a.lines);
		a.variants[a.nvariants] = xmlread_text(c);
		a.lines[a.nvariants++] = xmlread_line(c);
		if (xmlread_is(c, LIB_NS, "name"))
			a.pub.name = xmlread_text(c);
	}
	if (a.pub.id == NULL || a.pub.level == NULL || a.pub.name == NULL) {
		xmlread_error(ix->errors, path, xmlread_line(n), "agency without id, level or name");
		agency_free(&a);
		return;
	}
	i = strset_put(&ix->ids, a.pub.id, strlen(a.pub.id), &added);
	if (!added) {                           /* a later file overrides an earlier one */
		agency_free(&ix->ag[i]);
		ix->ag[i] = a;
		return;
	}
	if (ix->nag == ix->capag) {
		ix->capag = ix->capag ? 2 * ix->capag : 128;
		ix->ag = xrealloc(ix->ag, ix->capag * sizeof *ix->ag);
	}
	ix->ag[ix->nag++] = a;
}

static const struct { const char *name; enum raw_kind kind; } registry_words[] = {
	{ "place-anchor", RAW_ANCHOR },
	{ "optional-final", RAW_FINAL },
};

void
agency_load_registry(agency_index *ix, xmlNodePtr root, const char *path)
{
	xmlNodePtr n;
	size_t i;

	for (n = root->children; n != NULL; n = n->next) {
		if (xmlread_is(n, LIB_NS, "agency"))
			load_agency(ix, n, path);
		else if (xmlread_is(n, LIB_NS, "rewrite"))
			add_raw(ix, RAW_REWRITE, xmlread_attr(n, "from"), xmlread_attr(n, "to"), path, xmlread_line(n));
		else if (xmlread_is(n, LIB_NS, "ignore"))
			add_raw(ix, xmlread_attr_is(n, "at", "end") ? RAW_IGNORE_END : RAW_IGNORE_START,
			    xmlread_text(n), NULL, path, xmlread_line(n));
		else
			for (i = 0; i < sizeof registry_words / sizeof registry_words[0]; i++)
				if (xmlread_is(n, LIB_NS, registry_words[i].name))
					add_raw(ix, registry_words[i].kind, xmlread_text(n), NULL, path, xmlread_line(n));
	}
}


static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
rule_cmp(const void *a, const void *b)
{
	const rule *x = a, *y = b;
	int c = wcmp(x->from, x->first, y->from, y->first);

	if (c != 0)
		return c;
	return x->nwords < y->nwords ? 1 : x->nwords > y->nwords ? -1 : strcmp(x->from, y->from);
}

static void
add_rule(const agency_index *ix, rules *rs, char *from, char *to, const raw *r)
{
	word w[NAME_MAX_WORDS];

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 64;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	rs->v[rs->n].nwords = split(from, w, NAME_MAX_WORDS);
	rs->v[rs->n].first = w[0].len;
	rs->v[rs->n].from = from;
	rs->v[rs->n].to = to;
	rs->v[rs->n].file = r->file;
	rs->v[rs->n].raw = (size_t)(r - ix->raw);
	rs->v[rs->n].line = r->line;
	rs->n++;
}

/* Sort rs; an entry equal to the one before is dropped, or reported when its `to` differs. */
static void
rules_sort(agency_index *ix, rules *rs)
{
	size_t i, j;

	if (rs->n > 0)
		qsort(rs->v, rs->n, sizeof *rs->v, rule_cmp);
	for (i = j = 0; i < rs->n; i++) {
		if (j > 0 && strcmp(rs->v[j - 1].from, rs->v[i].from) == 0) {
			if (strcmp(rs->v[j - 1].to, rs->v[i].to) != 0)
				xmlread_error(ix->errors, rs->v[i].file, rs->v[i].line,
				    "\"%s\" is rewritten two ways (also at %s:%u)", rs->v[i].from,
				    rs->v[j - 1].file, rs->v[j - 1].line);
			free(rs->v[i].from);
			free(rs->v[i].to);
			continue;
		}
		rs->v[j++] = rs->v[i];
	}
	rs->n = j;
}

static void
wordset_add(agency_index *ix, wordset *ws, const raw *r)
{
	word w[2];
	char *f = norm_fold(r->a, strlen(r->a));

	if (split(f, w, 1) != 1) {
		xmlread_error(ix->errors, r->file, r->line, "\"%s\" must be one word", r->a);
		free(f);
		return;
	}
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? 2 * ws->cap : 16;
		ws->v = xrealloc(ws->v, ws->cap * sizeof *ws->v);
	}
	ws->v[ws->n++] = xstrndup(w[0].s, w[0].len);
	free(f);
}

static void
build_tables(agency_index *ix)
{
	const raw *r;
	raw ascii;
	char *from, *to;
	size_t i;

	for (i = 0; i < ix->nraw; i++) {       /* deletions first: the rest are kept without */
		r = &ix->raw[i];
		if (r->kind == RAW_REWRITE && (r->b == NULL || *r->b == '\0')) {
			from = norm_fold(r->a, strlen(r->a));
			if (*from == '\0') {
				xmlread_error(ix->errors, r->file, r->line, "\"%s\" has no words", r->a);
				free(from);
				continue;
			}
			add_rule(ix, &ix->del, from, xstrdup(""), r);
		}
	}
	rules_sort(ix, &ix->del);
	for (i = 0; i < ix->nraw; i++) {
		r = &ix->raw[i];
		switch (r->kind) {
		case RAW_REWRITE:
			if (r->b == NULL || *r->b == '\0')
				break;
			if ((from = fold_del(ix, r->a, strlen(r->a))) == NULL) {
				xmlread_error(ix->errors, r->file, r->line, "\"%s\" has no words left to match", r->a);
				break;
			}
			if ((to = fold_del(ix, r->b, strlen(r->b))) == NULL)
				to = xstrdup("");
			add_rule(ix, &ix->rew, from, to, r);
			break;
		case RAW_IGNORE_START:
		case RAW_IGNORE_END:
			if ((from = fold_del(ix, r->a, strlen(r->a))) == NULL) {
				xmlread_error(ix->errors, r->file, r->line, "\"%s\" has no words left to match", r->a);
				break;
			}
			add_rule(ix, r->kind == RAW_IGNORE_START ? &ix->ign_start : &ix->ign_end,
			    from, xstrdup(""), r);
			break;
		case RAW_ANCHOR:
			wordset_add(ix, &ix->anchors, r);
			ascii = *r;
			ascii.a = norm_fold_ascii(r->a, strlen(r->a));
			wordset_add(ix, &ix->anchors_ascii, &ascii);
			free(ascii.a);
			break;
		case RAW_FINAL:
			wordset_add(ix, &ix->finals, r);
			break;
		}
	}
	rules_sort(ix, &ix->rew);
	rules_sort(ix, &ix->ign_start);
	rules_sort(ix, &ix->ign_end);
	if (ix->anchors.n > 0)
		qsort(ix->anchors.v, ix->anchors.n, sizeof *ix->anchors.v, strp_cmp);
	if (ix->anchors_ascii.n > 0)
		qsort(ix->anchors_ascii.v, ix->anchors_ascii.n, sizeof *ix->anchors_ascii.v, strp_cmp);
	if (ix->finals.n > 0)
		qsort(ix->finals.v, ix->finals.n, sizeof *ix->finals.v, strp_cmp);
}

/* Put every agency's every name into the table. */
static void
build_index(agency_index *ix)
{
	word w[NAME_MAX_WORDS];
	char buf[KEY_MAX_BYTES], *key;
	const slot *sl;
	const agency *a, *o;
	size_t total = 0, cap = 16, i, j, n, len, h;

	for (i = 0; i < ix->nag; i++)
		total += ix->ag[i].nvariants;
	while (cap < 2 * total)
		cap *= 2;
	ix->tab = xcalloc(cap, sizeof *ix->tab);
	ix->tabmask = cap - 1;
	ix->near = xcalloc(1, sizeof *ix->near);
	pthread_mutex_init(&ix->near->lock, NULL);
	ix->near->v = xcalloc(total ? total : 1, sizeof *ix->near->v);
	for (i = 0; i < ix->nag; i++) {
		a = &ix->ag[i];
		for (j = 0; j < a->nvariants; j++) {
			key = name_key(ix, a->variants[j], strlen(a->variants[j]));
			if (key == NULL || (n = split(key, w, NAME_MAX_WORDS)) == (size_t)-1 ||
			    (len = join_key(ix, w, n, buf)) == 0) {
				xmlread_error(ix->errors, a->file, a->lines[j], "\"%s\" is no name to match", a->variants[j]);
				free(key);
				continue;
			}
			free(key);
			if ((sl = tab_get(ix, buf, len)) != NULL) {
				if (sl->ag != i) {
					o = &ix->ag[sl->ag];
					xmlread_error(ix->errors, a->file, a->lines[j],
					    "\"%s\" (%s) matches as \"%s\" (%s, %s:%u)", a->variants[j],
					    a->pub.id, o->variants[sl->variant], o->pub.id, o->file,
					    o->lines[sl->variant]);
				}
				continue;
			}
			for (h = hash_fnv1a(buf, len) & ix->tabmask; ix->tab[h].key != NULL; h = (h + 1) & ix->tabmask)
				;
			ix->tab[h] = (slot){ xstrndup(buf, len), i, j };
			ix->near->v[ix->near->n++] = (nearby){ ix->tab[h].key, NULL, 0, i, h };
		}
	}
}

static void
rules_free(rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].from);
		free(rs->v[i].to);
	}
	free(rs->v);
}

static void
wordset_free(wordset *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		free(ws->v[i]);
	free(ws->v);
}


void
agency_index_free(agency_index *ix)
{
	size_t i;

	for (i = 0; i < ix->nag; i++)
		agency_free(&ix->ag[i]);
	free(ix->ag);
	for (i = 0; i < ix->nraw; i++) {
		free(ix->raw[i].a);
		free(ix->raw[i].b);
		free(ix->raw[i].file);
	}
	free(ix->raw);
	rules_free(&ix->del);
	rules_free(&ix->rew);
	rules_free(&ix->ign_start);
	rules_free(&ix->ign_end);
	wordset_free(&ix->anchors);
	wordset_free(&ix->finals);
	wordset_free(&ix->anchors_ascii);
	if (ix->tab != NULL)
		for (i = 0; i <= ix->tabmask; i++)
			free(ix->tab[i].key);
	free(ix->tab);
	if (ix->near != NULL) {
		for (i = 0; i < ix->near->n; i++)
			free(ix->near->v[i].ascii);
		free(ix->near->v);
		pthread_mutex_destroy(&ix->near->lock);
		free(ix->near);
	}
	strset_free(&ix->ids);
}

void
agency_build(agency_index *ix)
{
	unsigned errors = *ix->errors;

	build_tables(ix);
	if (*ix->errors == errors)
		build_index(ix);
}

/* ------------------------------------------------------------------ the compiled form */

static void
rules_save(const agency_index *ix, const rules *rs, strbuf *b)
{
	blob_num(b, rs->n);
	for (size_t i = 0; i < rs->n; i++) {
		const rule *r = &rs->v[i];
		size_t j = r->raw;
		blob_str(b, r->from);
		blob_num(b, r->first);
		blob_num(b, r->nwords);
		blob_str(b, r->to);
		blob_num(b, j < ix->nraw && ix->raw[j].file == r->file ? j : BLOB_NULL);    /* its file: the raw entry's */
		blob_num(b, r->line);
	}
}

static void
rules_restore(const agency_index *ix, rules *rs, blob_reader *r)
{
	rs->n = rs->cap = blob_get_count(r);
	rs->v = xcalloc(rs->n ? rs->n : 1, sizeof *rs->v);
	for (size_t i = 0; i < rs->n && !r->bad; i++) {
		rule *x = &rs->v[i];
		x->from = blob_get_str(r);
		x->first = blob_get_num(r);
		x->nwords = blob_get_num(r);
		x->to = blob_get_str(r);
		uint64_t j = blob_get_num(r);
		x->file = j < ix->nraw ? ix->raw[j].file : NULL;
		x->raw = j < ix->nraw ? (size_t)j : (size_t)-1;
		x->line = (unsigned)blob_get_num(r);
		if (x->from == NULL || x->to == NULL)
			r->bad = 1;
	}
}

static void
wordset_save(const wordset *ws, strbuf *b)
{
	blob_num(b, ws->n);
	for (size_t i = 0; i < ws->n; i++)
		blob_str(b, ws->v[i]);
}

static void
wordset_restore(wordset *ws, blob_reader *r)
{
	ws->n = ws->cap = blob_get_count(r);
	ws->v = xcalloc(ws->n ? ws->n : 1, sizeof *ws->v);
	for (size_t i = 0; i < ws->n && !r->bad; i++)
		if ((ws->v[i] = blob_get_str(r)) == NULL)
			r->bad = 1;
}

void
agency_save(const agency_index *ix, strbuf *b)
{
	size_t i, j, h;

	blob_num(b, ix->nag);
	for (i = 0; i < ix->nag; i++) {
		const agency *a = &ix->ag[i];
		blob_str(b, a->pub.id);
		blob_str(b, a->pub.name);
		blob_str(b, a->pub.level);
		blob_str(b, a->kind);
		blob_str(b, a->file);
		blob_num(b, a->nvariants);
		for (j = 0; j < a->nvariants; j++) {
			blob_str(b, a->variants[j]);
			blob_num(b, a->lines[j]);
		}
	}
	blob_num(b, ix->nraw);
	for (i = 0; i < ix->nraw; i++) {
		blob_num(b, ix->raw[i].kind);
		blob_str(b, ix->raw[i].a);
		blob_str(b, ix->raw[i].b);
		blob_str(b, ix->raw[i].file);
		blob_num(b, ix->raw[i].line);
	}
	rules_save(ix, &ix->del, b);
	rules_save(ix, &ix->rew, b);
	rules_save(ix, &ix->ign_start, b);
	rules_save(ix, &ix->ign_end, b);
	wordset_save(&ix->anchors, b);
	wordset_save(&ix->finals, b);
	wordset_save(&ix->anchors_ascii, b);
	blob_num(b, ix->tab != NULL ? ix->tabmask + 1 : 0);
	for (h = 0; ix->tab != NULL && h <= ix->tabmask; h++) {
		blob_str(b, ix->tab[h].key);
		blob_num(b, ix->tab[h].ag);
		blob_num(b, ix->tab[h].variant);
	}
	blob_num(b, ix->near != NULL ? ix->near->n : BLOB_NULL);
	for (i = 0; ix->near != NULL && i < ix->near->n; i++) {
		blob_num(b, ix->near->v[i].slot);
		blob_num(b, ix->near->v[i].ag);
	}
}

int
agency_restore(agency_index *ix, blob_reader *r)
{
	size_t i, j, h, n;
	int added;

	ix->nag = ix->capag = blob_get_count(r);
	ix->ag = xcalloc(ix->nag ? ix->nag : 1, sizeof *ix->ag);
	for (i = 0; i < ix->nag && !r->bad; i++) {
		agency *a = &ix->ag[i];
		a->pub.id = blob_get_str(r);
		a->pub.name = blob_get_str(r);
		a->pub.level = blob_get_str(r);
		a->kind = blob_get_str(r);
		a->file = blob_get_str(r);
		n = blob_get_count(r);
		a->variants = xcalloc(n ? n : 1, sizeof *a->variants);
		a->lines = xcalloc(n ? n : 1, sizeof *a->lines);
		a->nvariants = n;
		for (j = 0; j < n && !r->bad; j++) {
			a->variants[j] = blob_get_str(r);
			a->lines[j] = (unsigned)blob_get_num(r);
			if (a->variants[j] == NULL)
				r->bad = 1;
		}
		if (a->pub.id == NULL || r->bad || strset_put(&ix->ids, a->pub.id, strlen(a->pub.id), &added) != i ||
		    !added)
			r->bad = 1;
	}
	ix->nraw = ix->capraw = blob_get_count(r);
	ix->raw = xcalloc(ix->nraw ? ix->nraw : 1, sizeof *ix->raw);
	for (i = 0; i < ix->nraw && !r->bad; i++) {
		ix->raw[i].kind = (enum raw_kind)blob_get_num(r);
		ix->raw[i].a = blob_get_str(r);
		ix->raw[i].b = blob_get_str(r);
		ix->raw[i].file = blob_get_str(r);
		ix->raw[i].line = (unsigned)blob_get_num(r);
	}
	rules_restore(ix, &ix->del, r);
	rules_restore(ix, &ix->rew, r);
	rules_restore(ix, &ix->ign_start, r);
	rules_restore(ix, &ix->ign_end, r);
	wordset_restore(&ix->anchors, r);
	wordset_restore(&ix->finals, r);
	wordset_restore(&ix->anchors_ascii, r);
	n = blob_get_count(r);
	if (n > 0 && !r->bad) {
		if ((n & (n - 1)) != 0) {
			r->bad = 1;
			return -1;
		}
		ix->tab = xcalloc(n, sizeof *ix->tab);
		ix->tabmask = n - 1;
		for (h = 0; h < n && !r->bad; h++) {
			ix->tab[h].key = blob_get_str(r);
			ix->tab[h].ag = blob_get_num(r);
			ix->tab[h].variant = blob_get_num(r);
			if (ix->tab[h].key != NULL && (ix->tab[h].ag >= ix->nag ||
			    ix->tab[h].variant >= ix->ag[ix->tab[h].ag].nvariants))
				r->bad = 1;
		}
	}
	uint64_t nn = blob_get_num(r);
	if (nn != BLOB_NULL && !r->bad) {
		if (nn > BLOB_MAX_COUNT || ix->tab == NULL) {
			r->bad = 1;
			return -1;
		}
		ix->near = xcalloc(1, sizeof *ix->near);
		pthread_mutex_init(&ix->near->lock, NULL);
		ix->near->v = xcalloc(nn ? nn : 1, sizeof *ix->near->v);
		for (i = 0; i < nn && !r->bad; i++) {
			h = blob_get_num(r);
			size_t ag = blob_get_num(r);
			if (h > ix->tabmask || ix->tab[h].key == NULL || ag >= ix->nag) {
				r->bad = 1;
				break;
			}
			ix->near->v[ix->near->n++] = (nearby){ ix->tab[h].key, NULL, 0, ag, h };
		}
	}
	return r->bad ? -1 : 0;
}
