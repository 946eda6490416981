/*
 * library.c: what apc checks programs against: the parent resolutions and the agency
 * registry. Read once from XML (datadir/library/agencies.xml, every XML file of
 * datadir/library/parents, then of each extra directory, where programs compiled by
 * `apc build` are accepted as parents), then
 * read-only: any number of threads may look things up.
 *
 * An agency name is matched on its key: the name folded (norm_fold), then rewritten by the
 * registry's own tables (library/agencies.xml explains them): words without identity deleted,
 * labels dropped, abbreviations expanded and synonyms unified, an optional last word dropped.
 * Registry names and input go through the same steps, so the tables can never disagree with
 * the folding. Keys live in an open-addressing hash table: a lookup folds once and probes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "internal.h"

#define LIB_NS          "urn:apc:library:1"
#define NAME_MAX_BYTES  1024        /* longer text is not one agency's name */
#define NAME_MAX_WORDS  64
#define KEY_MAX_BYTES   2048        /* a key after abbreviations are expanded */
#define TAIL_MAX_WORDS  4           /* a place name after an anchor: "Bà Rịa - Vũng Tàu" */
#define FILE_MAX_BYTES  (16u << 20)
#define SUGGEST_MAX     6           /* never suggest a name further than this */
#define SUGGEST_CHARS   256         /* nor compare longer keys */

#if LIBXML_VERSION >= 21200
typedef const xmlError *xml_error_t;
#else
typedef xmlErrorPtr xml_error_t;
#endif

typedef struct word { const char *s; size_t len; } word;

typedef struct rule {
	char *from;         /* key words, space-separated */
	size_t first;       /* bytes of its first word */
	size_t nwords;
	char *to;           /* replacement, "" to delete */
	const char *file;   /* where it was read (owned by its raw entry) */
	unsigned line;
} rule;
typedef struct rules { rule *v; size_t n, cap; } rules;

typedef struct wordset { char **v; size_t n, cap; } wordset;   /* sorted */

enum raw_kind { RAW_REWRITE, RAW_IGNORE_START, RAW_IGNORE_END, RAW_ANCHOR, RAW_FINAL };
typedef struct raw {        /* a table entry as read, before the tables are built */
	enum raw_kind kind;
	char *a, *b;
	char *file;
	unsigned line;
} raw;

typedef struct agency {
	library_agency pub;
	char *kind;
	char *file;
	char **variants;    /* as written, the name first */
	unsigned *lines;
	size_t nvariants;
} agency;

typedef struct slot { char *key; size_t ag, variant; } slot;
typedef struct nearby { char *ascii; size_t len, ag; } nearby;

struct apc_library {
	agency *ag;
	size_t nag, capag;
	library_parent **par;
	size_t npar, cappar;
	raw *raw;
	size_t nraw, capraw;
	rules del, rew, ign_start, ign_end;
	wordset anchors, finals;
	wordset anchors_ascii;  /* the anchors without diacritics, for suggestions */
	slot *tab;          /* tabmask + 1 slots, a power of two */
	size_t tabmask;
	nearby *near;
	size_t nnear;
	int errors;
};

typedef struct errctx {
	struct apc_library *lib;
	const char *path;
	unsigned refused;       /* the line of an entity declaration, which stopped the parser */
} errctx;

/* ------------------------------------------------------------------ messages */

static void lib_error(struct apc_library *, const char *, unsigned, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
lib_error(struct apc_library *lib, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (line)
		fprintf(stderr, "%s:%u: error: ", file, line);
	else
		fprintf(stderr, "%s: error: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	lib->errors++;
}

static void
xml_report(errctx *ec, xml_error_t e)
{
	size_t n;

	if (e == NULL || e->message == NULL)
		return;
	n = strlen(e->message);
	while (n > 0 && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
		n--;
	if (e->level == XML_ERR_WARNING) {
		fprintf(stderr, "%s:%d: warning: %.*s\n", ec->path, e->line, (int)n, e->message);
		return;
	}
	if (e->line > 0)
		lib_error(ec->lib, ec->path, (unsigned)e->line, "%.*s", (int)n, e->message);
	else
		lib_error(ec->lib, ec->path, 0, "%.*s", (int)n, e->message);
}

static void
on_rng_error(void *data, xml_error_t e)
{
	xml_report(data, e);
}

#if LIBXML_VERSION < 21300
static void
on_parse_error(void *data, xml_error_t e)
{
	xmlParserCtxtPtr ctxt = data;

	xml_report(ctxt->_private, e);
}
#endif

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
fold_del(const struct apc_library *lib, const char *s, size_t len)
{
	word w[NAME_MAX_WORDS];
	strbuf sb = { 0 };
	char *f, *out = NULL;
	size_t n;

	f = norm_fold(s, len);
	n = split(f, w, NAME_MAX_WORDS);
	if (n != (size_t)-1 && n > 0) {
		apply(&lib->del, w, n, &sb);
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
name_key(const struct apc_library *lib, const char *s, size_t len)
{
	word w[NAME_MAX_WORDS];
	strbuf sb = { 0 };
	const rule *r;
	char *a = NULL, *out = NULL;
	size_t n, i, j, k;

	if (len > NAME_MAX_BYTES || (a = fold_del(lib, s, len)) == NULL)
		goto out;
	if ((n = split(a, w, NAME_MAX_WORDS)) == (size_t)-1)
		goto out;
	i = 0;
	j = n;
	while ((r = rule_find(&lib->ign_start, w + i, j - i)) != NULL && r->nwords < j - i)
		i += r->nwords;
	for (k = 0; k < lib->ign_end.n; k++) {
		r = &lib->ign_end.v[k];
		if (r->nwords < j - i && rule_matches(r, w + j - r->nwords, r->nwords)) {
			j -= r->nwords;
			k = (size_t)-1;     /* again, from the first */
		}
	}
	apply(&lib->rew, w + i, j - i, &sb);
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
join_key(const struct apc_library *lib, const word *w, size_t n, char *buf)
{
	size_t i, len = 0;

	if (n > 1 && in_wordset(&lib->finals, w[n - 1].s, w[n - 1].len))
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

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211u;
	}
	return h;
}

static const slot *
tab_get(const struct apc_library *lib, const char *key, size_t len)
{
	size_t i;

	if (lib->tab == NULL)
		return NULL;
	for (i = hash(key, len) & lib->tabmask; lib->tab[i].key != NULL; i = (i + 1) & lib->tabmask)
		if (strlen(lib->tab[i].key) == len && memcmp(lib->tab[i].key, key, len) == 0)
			return &lib->tab[i];
	return NULL;
}

/* Lookup of the words w[0..n) as a key. */
static int
lookup(const struct apc_library *lib, const word *w, size_t n, size_t *ag)
{
	char buf[KEY_MAX_BYTES];
	const slot *sl;
	size_t len;

	if (n == 0 || (len = join_key(lib, w, n, buf)) == 0 || (sl = tab_get(lib, buf, len)) == NULL)
		return 0;
	*ag = sl->ag;
	return 1;
}

/* May w[0..n) be a place name ending a name? Not when it holds an anchor or names an agency
 * itself (an unsplit list: "UBND tỉnh, Sở Y tế"). */
static int
place_tail(const struct apc_library *lib, const word *w, size_t n)
{
	size_t i, ag;

	for (i = 0; i < n; i++)
		if (in_wordset(&lib->anchors, w[i].s, w[i].len) || lookup(lib, w + i, n - i, &ag))
			return 0;
	return 1;
}

/* The last anchor with 1 to TAIL_MAX_WORDS words after it: its index, or (size_t)-1. */
static size_t
last_anchor(const struct apc_library *lib, const word *w, size_t n)
{
	size_t j;

	for (j = n - 1; j-- > 0 && n - 1 - j <= TAIL_MAX_WORDS;)
		if (in_wordset(&lib->anchors, w[j].s, w[j].len))
			return j;
	return (size_t)-1;
}

static int
resolve(const struct apc_library *lib, const char *text, size_t len, size_t *ag)
{
	word w[NAME_MAX_WORDS];
	char *key;
	size_t n, j;
	int found = 0;

	if (lib == NULL || text == NULL || (key = name_key(lib, text, len)) == NULL)
		return 0;
	if ((n = split(key, w, NAME_MAX_WORDS)) == (size_t)-1)
		goto out;
	if ((found = lookup(lib, w, n, ag)))
		goto out;
	j = last_anchor(lib, w, n);
	if (j != (size_t)-1 && place_tail(lib, w + j + 1, n - j - 1))
		found = lookup(lib, w, j + 1, ag);
out:
	free(key);
	return found;
}

const library_agency *
library_agency_find(const struct apc_library *lib, const char *text, size_t len)
{
	size_t ag;

	return resolve(lib, text, len, &ag) ? &lib->ag[ag].pub : NULL;
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
nearest(const struct apc_library *lib, const word *w, size_t n, size_t penalty, size_t max,
    size_t *best, size_t *bestd)
{
	char buf[KEY_MAX_BYTES], *a;
	size_t len, alen, d, i, lim;

	if (penalty > max || (len = join_key(lib, w, n, buf)) == 0)
		return;
	a = norm_fold_ascii(buf, len);
	alen = strlen(a);
	for (i = 0; i < lib->nnear; i++) {
		if (*bestd == (size_t)-1)
			lim = max - penalty;
		else if (*bestd > penalty)
			lim = *bestd - 1 - penalty;     /* only a nearer one counts */
		else
			break;
		d = distance(a, alen, lib->near[i].ascii, lib->near[i].len, lim);
		if (d <= lim) {
			*bestd = d + penalty;
			*best = lib->near[i].ag;
		}
	}
	free(a);
}

/* Is w an anchor once diacritics are gone ("tinh" for "tỉnh")? */
static int
ascii_anchor(const struct apc_library *lib, const word *w)
{
	char *a = norm_fold_ascii(w->s, w->len);
	int r = in_wordset(&lib->anchors_ascii, a, strlen(a));

	free(a);
	return r;
}

/* The nearest name within a fifth of the input's length (at most SUGGEST_MAX edits); words
 * dropped after an anchor (a place name written without diacritics) cost one edit each. */
const char *
library_agency_suggest(const struct apc_library *lib, const char *text, size_t len)
{
	word w[NAME_MAX_WORDS];
	char *key, *a;
	size_t n, k, max, best = (size_t)-1, bestd = (size_t)-1;

	if (lib == NULL || text == NULL || (key = name_key(lib, text, len)) == NULL)
		return NULL;
	if ((n = split(key, w, NAME_MAX_WORDS)) != (size_t)-1 && n > 0) {
		a = norm_fold_ascii(key, strlen(key));
		max = strlen(a) / 5;
		free(a);
		if (max < 1)
			max = 1;
		if (max > SUGGEST_MAX)
			max = SUGGEST_MAX;
		nearest(lib, w, n, 0, max, &best, &bestd);
		for (k = 1; k <= TAIL_MAX_WORDS && k < n; k++)
			if (ascii_anchor(lib, &w[n - k - 1]))
				nearest(lib, w, n - k, k, max, &best, &bestd);
	}
	free(key);
	return best == (size_t)-1 ? NULL : lib->ag[best].pub.name;
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

static int
is_el(xmlNodePtr n, const char *ns, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->ns != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    (name == NULL || strcmp((const char *)n->name, name) == 0);
}

static xmlNodePtr
child(xmlNodePtr n, const char *ns, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (is_el(n, ns, name))
			return n;
	return NULL;
}

static unsigned
line_of(xmlNodePtr n)
{
	long l = xmlGetLineNo(n);

	return l > 0 ? (unsigned)l : 0;
}

/* Trimmed text content, spaces collapsed (malloc'd, never NULL). */
static char *
text_of(xmlNodePtr n)
{
	xmlChar *c = n != NULL ? xmlNodeGetContent(n) : NULL;
	strbuf sb = { 0 };
	const char *s, *e;

	for (s = c != NULL ? (const char *)c : ""; *s != '\0'; s = e) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		for (e = s; *e != '\0' && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r'; e++)
			;
		add_word(&sb, s, (size_t)(e - s));
	}
	xmlFree(c);
	return sb_take(&sb);
}

/* An attribute's trimmed value (malloc'd) or NULL. */
static char *
attr_of(xmlNodePtr n, const char *name)
{
	xmlChar *v = n != NULL ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	const char *s, *e;
	char *out;

	if (v == NULL)
		return NULL;
	for (s = (const char *)v; *s == ' ' || *s == '\t' || *s == '\n'; s++)
		;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'); e--)
		;
	out = xstrndup(s, (size_t)(e - s));
	xmlFree(v);
	return out;
}

static int
attr_is(xmlNodePtr n, const char *name, const char *value)
{
	char *v = attr_of(n, name);
	int r = v != NULL && strcmp(v, value) == 0;

	free(v);
	return r;
}

static unsigned
line_at(const char *buf, const char *at)
{
	unsigned line = 1;

	for (; buf < at; buf++)
		line += *buf == '\n';
	return line;
}

/* SAX entity declarations: note the line in the error context (ctxt->_private) and stop. */
static void
refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId,
    xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	errctx *ec = ctxt->_private;
	if (ec && !ec->refused)
		ec->refused = (unsigned)xmlSAX2GetLineNumber(ctxt) ? (unsigned)xmlSAX2GetLineNumber(ctxt) : 1;
	xmlStopParser(ctxt);
}

static void
refuse_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *publicId, const xmlChar *systemId,
    const xmlChar *notationName)
{
	refuse_entity(ctx, name, 0, publicId, systemId, NULL);
}

/*
 * Parse path safely: no network, no entity substitution, no DTD loading; a document whose
 * DOCTYPE declares entities is refused before libxml2 sees it. NULL after an error message.
 */
static xmlDocPtr
read_xml(struct apc_library *lib, const char *path)
{
	errctx ec = { lib, path, 0 };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	FILE *f = NULL;
	char *buf = NULL;
	const char *dt, *ent;
	size_t len = 0, got;
	int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES, errors = lib->errors;

#if LIBXML_VERSION >= 21300
	opts |= XML_PARSE_NO_XXE;
#endif
#if LIBXML_VERSION >= 21400
	opts |= XML_PARSE_NO_SYS_CATALOG;
#endif
	/* O_NONBLOCK and a regular-file check: a FIFO or a device named *.xml must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		lib_error(lib, path, 0, "cannot read: %s", fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		lib_error(lib, path, 0, "cannot read: %s", strerror(errno));
		close(fd);
		goto out;
	}
	/* sized by the file (it is regular), at most the limit and one byte to see it passed */
	size_t want = (size_t)st.st_size < FILE_MAX_BYTES ? (size_t)st.st_size + 1 : FILE_MAX_BYTES + 1;
	buf = xmalloc(want + 1);
	while (len < want && (got = fread(buf + len, 1, want - len, f)) > 0)
		len += got;
	if (ferror(f)) {
		lib_error(lib, path, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (len > FILE_MAX_BYTES) {
		lib_error(lib, path, 0, "larger than %u bytes", FILE_MAX_BYTES);
		goto out;
	}
	buf[len] = '\0';
	if ((dt = strstr(buf, "<!DOCTYPE")) != NULL && (ent = strstr(dt, "<!ENTITY")) != NULL) {
		lib_error(lib, path, line_at(buf, ent), "a DOCTYPE that declares entities is refused");
		goto out;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		lib_error(lib, path, 0, "cannot make an XML parser");
		goto out;
	}
#if LIBXML_VERSION >= 21300
	xmlCtxtSetErrorHandler(ctxt, on_rng_error, &ec);
#else
	ctxt->_private = &ec;
	ctxt->sax->serror = on_parse_error;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
#endif
	/* Whatever the encoding (the byte check above sees only ASCII-compatible ones), the
	 * parser stops at the first entity declaration. */
	ctxt->_private = &ec;
	ctxt->sax->entityDecl = refuse_entity;
	ctxt->sax->unparsedEntityDecl = refuse_unparsed_entity;
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, opts);
	if (ec.refused) {
		lib_error(lib, path, ec.refused, "a DOCTYPE that declares entities is refused");
		goto fail;
	}
	if (doc == NULL || !ctxt->wellFormed) {
		if (lib->errors == errors)
			lib_error(lib, path, 0, "not well-formed XML");
		goto fail;
	}
	if (doc->intSubset != NULL && (doc->intSubset->entities != NULL || doc->intSubset->pentities != NULL)) {
		lib_error(lib, path, line_of((xmlNodePtr)doc->intSubset), "a DOCTYPE that declares entities is refused");
		goto fail;
	}
	goto out;
fail:
	xmlFreeDoc(doc);
	doc = NULL;
out:
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	if (f != NULL)
		fclose(f);
	free(buf);
	return doc;
}

/* ------------------------------------------------------------------ loading */

static void
add_raw(struct apc_library *lib, enum raw_kind kind, char *a, char *b, const char *file, unsigned line)
{
	if (lib->nraw == lib->capraw) {
		lib->capraw = lib->capraw ? 2 * lib->capraw : 64;
		lib->raw = xrealloc(lib->raw, lib->capraw * sizeof *lib->raw);
	}
	lib->raw[lib->nraw++] = (raw){ kind, a, b, xstrdup(file), line };
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
load_agency(struct apc_library *lib, xmlNodePtr n, const char *path)
{
	agency a = { 0 };
	xmlNodePtr c;
	size_t i;

	a.pub.id = attr_of(n, "id");
	a.pub.level = attr_of(n, "level");
	a.kind = attr_of(n, "kind");
	a.file = xstrdup(path);
	for (c = n->children; c != NULL; c = c->next) {
		if (!is_el(c, LIB_NS, "name") && !is_el(c, LIB_NS, "variant"))
			continue;
		a.variants = xrealloc(a.variants, (a.nvariants + 1) * sizeof *a.variants);
		a.lines = xrealloc(a.lines, (a.nvariants + 1) * sizeof *a.lines);
		a.variants[a.nvariants] = text_of(c);
		a.lines[a.nvariants++] = line_of(c);
		if (is_el(c, LIB_NS, "name"))
			a.pub.name = text_of(c);
	}
	if (a.pub.id == NULL || a.pub.level == NULL || a.pub.name == NULL) {
		lib_error(lib, path, line_of(n), "agency without id, level or name");
		agency_free(&a);
		return;
	}
	for (i = 0; i < lib->nag; i++)        /* a later file overrides an earlier one */
		if (strcmp(lib->ag[i].pub.id, a.pub.id) == 0) {
			agency_free(&lib->ag[i]);
			lib->ag[i] = a;
			return;
		}
	if (lib->nag == lib->capag) {
		lib->capag = lib->capag ? 2 * lib->capag : 128;
		lib->ag = xrealloc(lib->ag, lib->capag * sizeof *lib->ag);
	}
	lib->ag[lib->nag++] = a;
}

static const struct { const char *name; enum raw_kind kind; } registry_words[] = {
	{ "place-anchor", RAW_ANCHOR },
	{ "optional-final", RAW_FINAL },
};

static void
load_registry(struct apc_library *lib, xmlNodePtr root, const char *path)
{
	xmlNodePtr n;
	size_t i;

	for (n = root->children; n != NULL; n = n->next) {
		if (is_el(n, LIB_NS, "agency"))
			load_agency(lib, n, path);
		else if (is_el(n, LIB_NS, "rewrite"))
			add_raw(lib, RAW_REWRITE, attr_of(n, "from"), attr_of(n, "to"), path, line_of(n));
		else if (is_el(n, LIB_NS, "ignore"))
			add_raw(lib, attr_is(n, "at", "end") ? RAW_IGNORE_END : RAW_IGNORE_START,
			    text_of(n), NULL, path, line_of(n));
		else
			for (i = 0; i < sizeof registry_words / sizeof registry_words[0]; i++)
				if (is_el(n, LIB_NS, registry_words[i].name))
					add_raw(lib, registry_words[i].kind, text_of(n), NULL, path, line_of(n));
	}
}

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
	if (s != NULL && *s != '\0')
		add_word(sb, s, strlen(s));
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
		lib_error(lib, path, line, "horizon \"%s\" is not a year", year);
		return;
	}
	for (i = 0; i < 3 && p->horizons[i] != 0; i++)
		if (p->horizons[i] == (int)y)
			return;
	if (i == 3)
		lib_error(lib, path, line, "more than three horizons");
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
	p->symbol = attr_of(root, "symbol");
	if ((n = child(root, LIB_NS, "date")) != NULL && !attr_is(n, "status", "unverified")) {
		p->date = text_of(n);
		p->date_verified = 1;
		iso_days(p->date, &ok);
		if (!ok) {
			lib_error(lib, path, line_of(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
			p->date_verified = 0;
		}
	}
	p->issuer = text_of(child(root, LIB_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = text_of(child(root, LIB_NS, "title"));
	for (n = root->children; n != NULL; n = n->next)
		if (is_el(n, LIB_NS, "implements")) {
			v = attr_of(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
	if (sb.len > 0)
		p->parents = sb_take(&sb);
	for (n = child(child(root, LIB_NS, "horizons"), LIB_NS, NULL); n != NULL; n = n->next)
		if (is_el(n, LIB_NS, "horizon")) {
			v = attr_of(n, "year");
			add_horizon(lib, p, v, path, line_of(n));
			free(v);
		}
	/* Unverified missions are kept in the file, never loaded: nothing is checked against them. */
	n = child(root, LIB_NS, "missions");
	if (n != NULL && !attr_is(n, "status", "unverified"))
		for (c = n->children; c != NULL; c = c->next) {
			if (!is_el(c, LIB_NS, "mission") || attr_is(c, "status", "unverified"))
				continue;
			m = add_mission(p);
			m->n = attr_of(c, "n");
			m->title = text_of(child(c, LIB_NS, "title"));
			for (t = c->children; t != NULL; t = t->next) {
				if (!is_el(t, LIB_NS, "term"))
					continue;
				v = text_of(t);
				m->terms = xrealloc(m->terms, (m->nterms + 1) * sizeof *m->terms);
				m->terms[m->nterms++] = norm_fold(v, strlen(v));
				free(v);
			}
		}
	free(sb.s);
	if (p->symbol == NULL || *p->symbol == '\0') {
		lib_error(lib, path, line_of(root), "parent without a symbol");
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
	xmlNodePtr meta = child(root, APC_NS, "meta"), n, c, stack[64];
	library_mission *m;
	strbuf sb = { 0 };
	size_t depth;
	char *v;
	int ok;

	p->file = xstrdup(path);
	if ((n = child(meta, APC_NS, "symbol")) != NULL) {
		p->symbol = attr_of(n, "canonical");
		if (p->symbol == NULL || *p->symbol == '\0') {
			free(p->symbol);
			p->symbol = text_of(n);
		}
	}
	if ((n = child(meta, APC_NS, "date")) != NULL && (p->date = attr_of(n, "iso")) != NULL) {
		iso_days(p->date, &ok);
		if (!ok) {
			lib_error(lib, path, line_of(n), "date \"%s\" is not YYYY-MM-DD", p->date);
			free(p->date);
			p->date = NULL;
		}
		p->date_verified = p->date != NULL;
	}
	p->issuer = text_of(child(meta, APC_NS, "issuer"));
	p->issuer_key = norm_fold(p->issuer, strlen(p->issuer));
	p->title = text_of(child(meta, APC_NS, "title"));
	for (n = root->children; n != NULL; n = n->next) {
		if (is_el(n, APC_NS, "implements")) {
			v = attr_of(n, "ref");
			add_symbol(&sb, v);
			free(v);
		}
		if (!is_el(n, APC_NS, "section") || !attr_is(n, "role", "missions"))
			continue;
		for (c = n->children; c != NULL; c = c->next)
			if (is_el(c, APC_NS, "mission")) {
				m = add_mission(p);
				m->n = attr_of(c, "n");
				if (m->n == NULL)
					m->n = xasprintf("%zu", p->nmissions);
				m->title = text_of(child(c, APC_NS, "title"));
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
		if (is_el(n, APC_NS, "objective") && (v = attr_of(n, "horizon")) != NULL) {
			add_horizon(lib, p, v, path, line_of(n));
			free(v);
		}
		if (n->type == XML_ELEMENT_NODE && n->children != NULL && depth < 64) {
			stack[depth++] = n;
			n = n->children;
		} else
			n = n->next;
	}
	if (p->symbol == NULL || *p->symbol == '\0') {
		lib_error(lib, path, line_of(root), "compiled program without a symbol (meta/symbol)");
		parent_free(p);
		return;
	}
	add_parent(lib, p);
}

static xmlRelaxNGPtr
schema_load(struct apc_library *lib, const char *path)
{
	errctx ec = { lib, path, 0 };
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr schema = NULL;

	if ((pc = xmlRelaxNGNewParserCtxt(path)) == NULL) {
		lib_error(lib, path, 0, "cannot load the library schema");
		return NULL;
	}
	xmlRelaxNGSetParserStructuredErrors(pc, on_rng_error, &ec);
	if ((schema = xmlRelaxNGParse(pc)) == NULL)
		lib_error(lib, path, 0, "cannot compile the library schema");
	xmlRelaxNGFreeParserCtxt(pc);
	return schema;
}

static void
load_file(struct apc_library *lib, xmlRelaxNGPtr schema, const char *path)
{
	errctx ec = { lib, path, 0 };
	xmlRelaxNGValidCtxtPtr vc = NULL;
	xmlDocPtr doc;
	xmlNodePtr root;
	int rc, errors = lib->errors;

	if ((doc = read_xml(lib, path)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	if (is_el(root, APC_NS, "program")) {
		load_program(lib, root, path);
		goto out;
	}
	if (!is_el(root, LIB_NS, NULL)) {
		lib_error(lib, path, line_of(root), "not a library file: the root is not in %s or %s",
		    LIB_NS, APC_NS);
		goto out;
	}
	if ((vc = xmlRelaxNGNewValidCtxt(schema)) == NULL) {
		lib_error(lib, path, 0, "cannot validate");
		goto out;
	}
	xmlRelaxNGSetValidStructuredErrors(vc, on_rng_error, &ec);
	if ((rc = xmlRelaxNGValidateDoc(vc, doc)) != 0) {
		if (lib->errors == errors)
			lib_error(lib, path, 0, "does not match the library schema");
		goto out;
	}
	if (is_el(root, LIB_NS, "registry"))
		load_registry(lib, root, path);
	else
		load_parent(lib, root, path);
out:
	if (vc != NULL)
		xmlRelaxNGFreeValidCtxt(vc);
	xmlFreeDoc(doc);
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.xml of dir, in name order. */
static void
load_dir(struct apc_library *lib, xmlRelaxNGPtr schema, const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, *path;
	size_t n = 0, i, len;

	if ((d = opendir(dir)) == NULL) {
		lib_error(lib, dir, 0, "cannot read the library directory: %s", strerror(errno));
		return;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".xml") != 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, strp_cmp);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		load_file(lib, schema, path);
		free(path);
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------------------ building the tables */

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
add_rule(rules *rs, char *from, char *to, const raw *r)
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
	rs->v[rs->n].line = r->line;
	rs->n++;
}

/* Sort rs; an entry equal to the one before is dropped, or reported when its `to` differs. */
static void
rules_sort(struct apc_library *lib, rules *rs)
{
	size_t i, j;

	if (rs->n > 0)
		qsort(rs->v, rs->n, sizeof *rs->v, rule_cmp);
	for (i = j = 0; i < rs->n; i++) {
		if (j > 0 && strcmp(rs->v[j - 1].from, rs->v[i].from) == 0) {
			if (strcmp(rs->v[j - 1].to, rs->v[i].to) != 0)
				lib_error(lib, rs->v[i].file, rs->v[i].line,
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
wordset_add(struct apc_library *lib, wordset *ws, const raw *r)
{
	word w[2];
	char *f = norm_fold(r->a, strlen(r->a));

	if (split(f, w, 1) != 1) {
		lib_error(lib, r->file, r->line, "\"%s\" must be one word", r->a);
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
build_tables(struct apc_library *lib)
{
	const raw *r;
	raw ascii;
	char *from, *to;
	size_t i;

	for (i = 0; i < lib->nraw; i++) {       /* deletions first: the rest are kept without */
		r = &lib->raw[i];
		if (r->kind == RAW_REWRITE && (r->b == NULL || *r->b == '\0')) {
			from = norm_fold(r->a, strlen(r->a));
			if (*from == '\0') {
				lib_error(lib, r->file, r->line, "\"%s\" has no words", r->a);
				free(from);
				continue;
			}
			add_rule(&lib->del, from, xstrdup(""), r);
		}
	}
	rules_sort(lib, &lib->del);
	for (i = 0; i < lib->nraw; i++) {
		r = &lib->raw[i];
		switch (r->kind) {
		case RAW_REWRITE:
			if (r->b == NULL || *r->b == '\0')
				break;
			if ((from = fold_del(lib, r->a, strlen(r->a))) == NULL) {
				lib_error(lib, r->file, r->line, "\"%s\" has no words left to match", r->a);
				break;
			}
			if ((to = fold_del(lib, r->b, strlen(r->b))) == NULL)
				to = xstrdup("");
			add_rule(&lib->rew, from, to, r);
			break;
		case RAW_IGNORE_START:
		case RAW_IGNORE_END:
			if ((from = fold_del(lib, r->a, strlen(r->a))) == NULL) {
				lib_error(lib, r->file, r->line, "\"%s\" has no words left to match", r->a);
				break;
			}
			add_rule(r->kind == RAW_IGNORE_START ? &lib->ign_start : &lib->ign_end,
			    from, xstrdup(""), r);
			break;
		case RAW_ANCHOR:
			wordset_add(lib, &lib->anchors, r);
			ascii = *r;
			ascii.a = norm_fold_ascii(r->a, strlen(r->a));
			wordset_add(lib, &lib->anchors_ascii, &ascii);
			free(ascii.a);
			break;
		case RAW_FINAL:
			wordset_add(lib, &lib->finals, r);
			break;
		}
	}
	rules_sort(lib, &lib->rew);
	rules_sort(lib, &lib->ign_start);
	rules_sort(lib, &lib->ign_end);
	if (lib->anchors.n > 0)
		qsort(lib->anchors.v, lib->anchors.n, sizeof *lib->anchors.v, strp_cmp);
	if (lib->anchors_ascii.n > 0)
		qsort(lib->anchors_ascii.v, lib->anchors_ascii.n, sizeof *lib->anchors_ascii.v, strp_cmp);
	if (lib->finals.n > 0)
		qsort(lib->finals.v, lib->finals.n, sizeof *lib->finals.v, strp_cmp);
}

/* Put every agency's every name into the table. */
static void
build_index(struct apc_library *lib)
{
	word w[NAME_MAX_WORDS];
	char buf[KEY_MAX_BYTES], *key;
	const slot *sl;
	const agency *a, *o;
	size_t total = 0, cap = 16, i, j, n, len, h;

	for (i = 0; i < lib->nag; i++)
		total += lib->ag[i].nvariants;
	while (cap < 2 * total)
		cap *= 2;
	lib->tab = xcalloc(cap, sizeof *lib->tab);
	lib->tabmask = cap - 1;
	lib->near = xcalloc(total, sizeof *lib->near);
	for (i = 0; i < lib->nag; i++) {
		a = &lib->ag[i];
		for (j = 0; j < a->nvariants; j++) {
			key = name_key(lib, a->variants[j], strlen(a->variants[j]));
			if (key == NULL || (n = split(key, w, NAME_MAX_WORDS)) == (size_t)-1 ||
			    (len = join_key(lib, w, n, buf)) == 0) {
				lib_error(lib, a->file, a->lines[j], "\"%s\" is no name to match", a->variants[j]);
				free(key);
				continue;
			}
			free(key);
			if ((sl = tab_get(lib, buf, len)) != NULL) {
				if (sl->ag != i) {
					o = &lib->ag[sl->ag];
					lib_error(lib, a->file, a->lines[j],
					    "\"%s\" (%s) matches as \"%s\" (%s, %s:%u)", a->variants[j],
					    a->pub.id, o->variants[sl->variant], o->pub.id, o->file,
					    o->lines[sl->variant]);
				}
				continue;
			}
			for (h = hash(buf, len) & lib->tabmask; lib->tab[h].key != NULL; h = (h + 1) & lib->tabmask)
				;
			lib->tab[h] = (slot){ xstrndup(buf, len), i, j };
			lib->near[lib->nnear].ascii = norm_fold_ascii(buf, len);
			lib->near[lib->nnear].len = strlen(lib->near[lib->nnear].ascii);
			lib->near[lib->nnear++].ag = i;
		}
	}
}

/* ------------------------------------------------------------------ open, close */

struct apc_library *
library_open(const char *datadir, char *const *dirs, size_t ndirs)
{
	struct apc_library *lib = xcalloc(1, sizeof *lib);
	xmlRelaxNGPtr schema = NULL;
	char *path;
	size_t i;

	xmlInitParser();
	path = xasprintf("%s/schemas/library.rng", datadir);
	schema = schema_load(lib, path);
	free(path);
	if (schema == NULL)
		goto out;
	path = xasprintf("%s/library/agencies.xml", datadir);
	load_file(lib, schema, path);
	free(path);
	path = xasprintf("%s/library/parents", datadir);
	load_dir(lib, schema, path);
	free(path);
	for (i = 0; i < ndirs; i++)
		load_dir(lib, schema, dirs[i]);
	if (lib->errors == 0)
		build_tables(lib);
	if (lib->errors == 0)
		build_index(lib);
out:
	if (schema != NULL)
		xmlRelaxNGFree(schema);
	if (lib->errors > 0) {
		library_close(lib);
		lib = NULL;
	}
	return lib;
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
library_close(struct apc_library *lib)
{
	size_t i;

	if (lib == NULL)
		return;
	for (i = 0; i < lib->nag; i++)
		agency_free(&lib->ag[i]);
	free(lib->ag);
	for (i = 0; i < lib->npar; i++)
		parent_free(lib->par[i]);
	free(lib->par);
	for (i = 0; i < lib->nraw; i++) {
		free(lib->raw[i].a);
		free(lib->raw[i].b);
		free(lib->raw[i].file);
	}
	free(lib->raw);
	rules_free(&lib->del);
	rules_free(&lib->rew);
	rules_free(&lib->ign_start);
	rules_free(&lib->ign_end);
	wordset_free(&lib->anchors);
	wordset_free(&lib->finals);
	wordset_free(&lib->anchors_ascii);
	if (lib->tab != NULL)
		for (i = 0; i <= lib->tabmask; i++)
			free(lib->tab[i].key);
	free(lib->tab);
	for (i = 0; i < lib->nnear; i++)
		free(lib->near[i].ascii);
	free(lib->near);
	free(lib);
}
