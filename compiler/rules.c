/*
 * rules.c: the rule catalogue over the built tree (issue 4). As in mandoc's mdoc_validate.c,
 * each rule is a function of one document's context, listed in one table and run in order;
 * the checks against the parent resolutions live in check.c.
 *
 * The context (rules.h) reads the document's facts (facts.c), gathered from the tree once:
 * missions, groups, tasks, objectives, the program's date and symbol. Text-level rules (the
 * citations' symbol-malformed, -case and -spacing in citerules.c; word-duplicated and
 * tone-mark-mixed in textrules.c) scan the source lines themselves, so their columns are
 * exact characters of what the drafter typed.
 *
 * Thread safety: no mutable globals. The one PCRE2 pattern is compiled under pthread_once and
 * then only read; match data belongs to the call.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "rules.h"
#include "cite.h"
#include "textrules.h"

/* ---- helpers shared with check.c ---- */

/* The folded texts of elements, by element: an open-addressed table grown at half full. */
struct rules_folds {
	xmlNodePtr *key;
	char **val;
	size_t n, cap;
};

const char *
rules_folded(rules_ctx *c, xmlNodePtr e)
{
	if (e == NULL)
		return "";
	struct rules_folds *t = c->folds;
	if (t == NULL)
		t = c->folds = xcalloc(1, sizeof *t);
	if (2 * (t->n + 1) > t->cap) {
		struct rules_folds g = { xcalloc(t->cap ? 2 * t->cap : 64, sizeof *g.key), NULL, t->n,
		    t->cap ? 2 * t->cap : 64 };
		g.val = xcalloc(g.cap, sizeof *g.val);
		for (size_t i = 0; i < t->cap; i++) {
			if (t->key[i] == NULL)
				continue;
			size_t h = hash_fnv1a(&t->key[i], sizeof t->key[i]) & (g.cap - 1);
			while (g.key[h])
				h = (h + 1) & (g.cap - 1);
			g.key[h] = t->key[i];
			g.val[h] = t->val[i];
		}
		free(t->key);
		free(t->val);
		*t = g;
	}
	size_t h = hash_fnv1a(&e, sizeof e) & (t->cap - 1);
	while (t->key[h] && t->key[h] != e)
		h = (h + 1) & (t->cap - 1);
	if (t->key[h] == NULL) {
		char *x = tree_text(e);
		t->key[h] = e;
		t->val[h] = norm_fold(x, strlen(x));
		t->n++;
		free(x);
	}
	return t->val[h];
}

const char *
rules_title_of(rules_ctx *c, xmlNodePtr e)
{
	return rules_folded(c, tree_child(e, "title"));
}

static void
folds_free(struct rules_folds *t)
{
	for (size_t i = 0; t && i < t->cap; i++)
		free(t->val[i]);
	if (t) {
		free(t->key);
		free(t->val);
	}
	free(t);
}

int
rules_has_words(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		if ((p == hay || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	return 0;
}

const char *
rules_dmy(const char *iso, char buf[16])
{
	if (iso && strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-')
		snprintf(buf, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(buf, 16, "%s", iso ? iso : "?");
	return buf;
}

apc_diag *
rules_emit_lang(apc_diags *d, diag_id id, unsigned line, unsigned col,
    const char *arg, const char *last_vi, const char *last_en)
{
	apc_diag *g = diag_emit(d, id, line, col, arg, last_vi);
	if (!diag_shown(g))
		return g;       /* folded: the record's note stays */
	free(g->msg[APC_LANG_EN]);
	g->msg[APC_LANG_EN] = xasprintf(catalog_entries[id].fmt[APC_LANG_EN], arg, last_en);
	return g;
}

/* ---- structure: sections, recipients, signature ---- */

static void
rule_sections(rules_ctx *c)
{
	static const struct { const char *role, *name; } need[] = {
		{ "objectives", "Mục tiêu" },
		{ "missions", "Nhiệm vụ và giải pháp" },
		{ "organisation", "Tổ chức thực hiện" },
	};
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		int found = 0;
		for (size_t s = 0; s < c->f->sections.n && !found; s++) {
			const char *r = tree_attr(c->f->sections.v[s], "role");
			found = r && strcmp(r, need[i].role) == 0;
		}
		if (!found)
			diag_emit(c->d, D_SECTION_MISSING, 0, 0, need[i].name);
	}
}

static void
rule_end(rules_ctx *c)
{
	if (!tree_child(c->f->root, "recipients"))
		diag_emit(c->d, D_RECIPIENTS_MISSING, 0, 0);
	if (!tree_child(c->f->root, "signature"))
		diag_emit(c->d, D_SIGNATURE_MISSING, 0, 0);
}

/*
 * recipients-punctuation: every recipient but the last ends with the document's separator, the
 * last with "." (Nghị định 30/2020/NĐ-CP writes ";"; Party documents often ","): the separator
 * is the one most recipients already end with, ";" when none does. The fix writes it.
 */
static void
rule_recipients(rules_ctx *c)
{
	xmlNodePtr rs = tree_child(c->f->root, "recipients"), last = NULL;
	size_t semi = 0, comma = 0;
	for (xmlNodePtr r = tree_child(rs, "recipient"); r; r = tree_next(r, "recipient"))
		last = r;
	for (xmlNodePtr r = tree_child(rs, "recipient"); r && r != last; r = tree_next(r, "recipient")) {
		const char *e = tree_attr(r, "end");
		semi += e && strcmp(e, ";") == 0;
		comma += e && strcmp(e, ",") == 0;
	}
	const char *sep = comma > semi ? "," : ";";
	for (xmlNodePtr r = tree_child(rs, "recipient"); r; r = tree_next(r, "recipient")) {
		const char *end = tree_attr(r, "end"), *want = r == last ? "." : sep;
		unsigned line = tree_line(r), col = tree_col(r);
		if (end == NULL)
			end = "";
		if (strcmp(end, want) == 0 || line == 0 || line > c->src->nlines || col == 0)
			continue;
		/* where the recipient's text ends on its line: the punctuation is there */
		const apc_line *L = &c->src->lines[line - 1];
		char *text = tree_text(r);
		size_t b = 0, n = strlen(text);
		for (unsigned k = 1; k < col && b < L->len; k++)
			for (b++; b < L->len && ((unsigned char)L->s[b] & 0xC0) == 0x80; b++)
				continue;
		const char *hit = n && b < L->len ? memmem(L->s + b, L->len - b, text, n) : NULL;
		free(text);
		if (hit == NULL || (size_t)(hit - L->s) + n + strlen(end) > L->len ||
		    memcmp(hit + n, end, strlen(end)) != 0)
			continue;
		size_t at = (size_t)(hit - L->s) + n;
		unsigned pc = 1 + (unsigned)utf8_chars(L->s, at);
		char *vi = *end ? xasprintf("kết thúc bằng \"%s\"", end) : xstrdup("không có dấu câu cuối");
		char *en = *end ? xasprintf("ends with \"%s\"", end) : xstrdup("has no final punctuation");
		apc_diag *g = diag_emit(c->d, D_RECIPIENTS_PUNCTUATION, line, pc, vi, en, want);
		if (*end)
			diag_fix_at(g, c->src, line, pc, end, want);
		else
			diag_fix(g, line, pc, pc, "", want);
		free(vi);
		free(en);
	}
}

/* ---- the appendix: numbering, groups against missions ---- */

/* A task number "7" (not "7.1", "a"): its value, else 0. */
static long
int_n(const char *s)
{
	if (!s || !*s)
		return 0;
	char *e;
	long v = strtol(s, &e, 10);
	return *e == '\0' && v > 0 && v < 1000000 ? v : 0;
}

/* Task i's number: "7" -> 7; "2.3" under group 2 -> 3 (then *pfx gets "2."), else 0. */
static long
task_number(rules_ctx *c, size_t i, char pfx[16])
{
	const char *n = tree_attr(c->f->tasks.v[i], "n");
	pfx[0] = '\0';
	long v = int_n(n);
	size_t g = c->f->task_group[i];
	const char *gn = g ? tree_attr(c->f->groups.v[g - 1], "n") : NULL;
	size_t k = gn ? strlen(gn) : 0;
	if (v || !n || !k || k > 8 || strncmp(n, gn, k) != 0 || n[k] != '.')
		return v;
	snprintf(pfx, 16, "%s.", gn);
	return int_n(n + k + 1);
}

static void
rule_task_numbering(rules_ctx *c)
{
	/* Which scheme does the table follow: 1..N across, or from 1 in each group? */
	size_t across = 0, within = 0, lastg = (size_t)-1;
	long prev_a = 0, prev_w = 0;
	char pfx[16];
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		long n = task_number(c, i, pfx);
		if (!n)
			continue;
		if (c->f->task_group[i] != lastg) {
			prev_w = 0;
			lastg = c->f->task_group[i];
		}
		across += n == prev_a + 1;
		within += n == prev_w + 1;
		prev_a = prev_w = n;
	}
	int per_group = within > across;
	char nb[40], pb[40], eb[40];
	/* One mistake, one error. The next numbered task of the same run decides what a number
	 * that is not the one expected (e) is: a slip when the run goes on from e (11, 21, 13:
	 * "21 should be 12"), a jump or a repeat when it goes on from the number itself (11, 21,
	 * 22: the run is renumbered from 21 on; 12, 12, 13 likewise). Either way the run is
	 * resynchronised and reported once. A number out of order (1, 2, 4, 3, 5) changes
	 * nothing that follows. */
	long max = 0, prev = 0;
	lastg = (size_t)-1;
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		xmlNodePtr t = c->f->tasks.v[i];
		long n = task_number(c, i, pfx);
		if (!n)
			continue;
		if (pfx[0])
			per_group = 1;     /* "1.1", "1.2" under group 1: from 1 in each group */
		if (per_group && c->f->task_group[i] != lastg)
			max = prev = 0;
		lastg = c->f->task_group[i];
		long e = max + 1, next = 0;
		if (n == e) {
			max = prev = n;
			continue;
		}
		for (size_t j = i + 1; j < c->f->tasks.n && !next; j++) {
			if (per_group && c->f->task_group[j] != c->f->task_group[i])
				break;
			char q[16];
			next = task_number(c, j, q);
		}
		snprintf(nb, sizeof nb, "%s%ld", pfx, n);
		snprintf(pb, sizeof pb, "%s%ld", pfx, prev);
		snprintf(eb, sizeof eb, "%s%ld", pfx, e);
		apc_diag *g = diag_emit(c->d, D_TASK_NUMBERING, uline(t), ucol(t), nb, prev ? pb : "-", eb);
		int slip = next == e + 1 || (next == 0 && n > e);
		diag_fix_at(g, c->src, uline(t), ucol(t), nb, slip ? eb : NULL);
		if (slip)
			max = e;           /* a slip: the number stands for e */
		else if (next == n + 1 || n > max)
			max = n;           /* a jump or a repeat: go on from n */
		prev = max;
	}
}

/* A group's number by the style of the first (*letters: 0 roman, 1 letters, 2 arabic: "1" over
 * rows numbered "1.1", "1.2"). */
static int
group_value(const char *n, int *letters)
{
	if (!n || !*n)
		return 0;
	if (*letters == 2)
		return strspn(n, "0123456789") == strlen(n) && strlen(n) <= 4 ? atoi(n) : 0;
	int r = norm_roman(n, strlen(n));
	if (r > 0 && !*letters)
		return r;
	if (n[1] == '\0' && n[0] >= 'A' && n[0] <= 'Z')
		return n[0] - 'A' + 1;
	return r;
}

static void
roman(int v, char buf[16])
{
	static const char *const units[10] = { "", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX" };
	buf[0] = '\0';
	if (v <= 0 || v > 39) {
		snprintf(buf, 16, "%d", v);
		return;
	}
	for (int i = 0; i < v / 10; i++)
		strcat(buf, "X");
	strcat(buf, units[v % 10]);
}

static void
rule_group_numbering(rules_ctx *c)
{
	int letters = 0, max = 0;
	char eb[16];
	for (size_t i = 0; i < c->f->groups.n; i++) {
		xmlNodePtr g = c->f->groups.v[i];
		const char *n = tree_attr(g, "n");
		if (i == 0)
			letters = n && n[0] == 'A' && n[1] == '\0' ? 1 : n && n[0] >= '0' && n[0] <= '9' ? 2 : 0;
		int v = group_value(n, &letters);
		if (v == max + 1) {
			max = v;
			continue;
		}
		/* one error per slip, as rule_task_numbering: the next group decides */
		int next = 0, e = max + 1;
		if (i + 1 < c->f->groups.n) {
			int l = letters;
			next = group_value(tree_attr(c->f->groups.v[i + 1], "n"), &l);
		}
		if (letters == 1)
			snprintf(eb, sizeof eb, "%c", 'A' + max);
		else if (letters == 2)
			snprintf(eb, sizeof eb, "%d", max + 1);
		else
			roman(max + 1, eb);
		apc_diag *dg = diag_emit(c->d, D_GROUP_NUMBERING, uline(g), ucol(g), n ? n : "", eb);
		int slip = next == e + 1 || (next == 0 && v > e);
		diag_fix_at(dg, c->src, uline(g), ucol(g), n, slip ? eb : NULL);
		if (slip)
			max = e;
		else if (next == v + 1 || v > max)
			max = v;
	}
}

/* ---- heading-numbering: the body's sections I, II, III… and, in each, its numbered missions,
 * objectives and subsections 1, 2, 3… ---- */

/* The number a heading's line starts with, as written (n), and its column: 0 when the line
 * does not start with it (a heading whose number the parser found elsewhere). */
static unsigned
heading_number_col(const rules_ctx *c, xmlNodePtr e, const char *n)
{
	unsigned line = uline(e);
	if (line == 0 || line > c->src->nlines || n == NULL || !*n)
		return 0;
	const apc_line *L = &c->src->lines[line - 1];
	size_t b = 0, k = strlen(n);
	while (b < L->len && (L->s[b] == ' ' || L->s[b] == '\t'))
		b++;
	if (b + k >= L->len || memcmp(L->s + b, n, k) != 0 || (L->s[b + k] != '.' && L->s[b + k] != ')'))
		return 0;
	return 1 + (unsigned)utf8_chars(L->s, b);
}

/* Does line (1-based) of the source open a part: "Phần I", "PHẦN 2", "Phần thứ hai" (after
 * spaces)? */
static int
part_line(const rules_ctx *c, unsigned line)
{
	if (line == 0 || line > c->src->nlines)
		return 0;
	const apc_line *L = &c->src->lines[line - 1];
	size_t b = 0;
	while (b < L->len && L->s[b] == ' ')
		b++;
	static const char *const part[] = { "Phần ", "PHẦN " };
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(part[i]);
		if (L->len - b < k || memcmp(L->s + b, part[i], k) != 0)
			continue;
		/* its number: roman, arabic or "thứ …" ("Phần lớn …" is a sentence) */
		const char *r = L->s + b + k;
		size_t left = L->len - b - k, d = 0;
		if ((left >= strlen("thứ ") && memcmp(r, "thứ ", strlen("thứ ")) == 0) ||
		    (left >= strlen("THỨ ") && memcmp(r, "THỨ ", strlen("THỨ ")) == 0))
			return 1;
		while (d < left && (strchr("IVXLC", r[d]) || (r[d] >= '0' && r[d] <= '9')))
			d++;
		return d > 0 && (d == left || strchr(" .:-", r[d]));
	}
	return 0;
}

/* A section that opens a part ("Phần I", "PHẦN THỨ HAI", its title on the line after, or a
 * lettered "A."): the sections after it are numbered from I again. */
static int
is_part(const rules_ctx *c, xmlNodePtr sec)
{
	const char *n = tree_attr(sec, "n");
	if (n && n[0] >= 'A' && n[0] <= 'Z' && n[1] == '\0' && !strchr("IVX", n[0]))
		return 1;
	unsigned line = uline(sec), k = line;
	if (part_line(c, line))
		return 1;
	/* the part's line above its title, blank lines between */
	while (k > 1 && k + 3 > line && c->src->lines[k - 2].len == strspn(c->src->lines[k - 2].s, " \t"))
		k--;
	return k > 1 && part_line(c, k - 1);
}

/* Check one run of headings v[0..n) (their values val[], 0 for none) against 1..N: one report a
 * mistake, the next heading deciding a slip (fixed) from a jump or a repeat (the run goes on
 * from it), as rule_group_numbering does. roman: write the expected number in roman numerals. */
static void
heading_run(rules_ctx *c, xmlNodePtr *v, const int *val, size_t n, int roman_style)
{
	int max = 0;
	char eb[16];
	for (size_t i = 0; i < n; i++) {
		if (val[i] == 0)
			continue;
		if (val[i] == max + 1) {
			max = val[i];
			continue;
		}
		int e = max + 1, next = 0;
		for (size_t j = i + 1; j < n && !next; j++)
			next = val[j];
		if (roman_style)
			roman(e, eb);
		else
			snprintf(eb, sizeof eb, "%d", e);
		const char *w = tree_attr(v[i], "n");
		unsigned col = heading_number_col(c, v[i], w);
		apc_diag *g = diag_emit(c->d, D_HEADING_NUMBERING, uline(v[i]), col ? col : ucol(v[i]), w, eb);
		int slip = next == e + 1 || (next == 0 && val[i] > e);
		if (col)
			diag_fix_at(g, c->src, uline(v[i]), col, w, slip ? eb : NULL);
		if (slip)
			max = e;
		else if (next == val[i] + 1 || val[i] > max)
			max = val[i];
	}
}

static void
rule_heading_numbering(rules_ctx *c)
{
	xmlNodePtr root = xmlDocGetRootElement(c->doc);
	size_t ns = 0, cap = 0;
	xmlNodePtr *secs = NULL;
	int *sval = NULL;
	for (xmlNodePtr s = tree_child(root, "section"); s; s = tree_next(s, "section")) {
		if (is_part(c, s)) {         /* a part: its sections are numbered afresh */
			heading_run(c, secs, sval, ns, 1);
			ns = 0;
			continue;
		}
		if (ns == cap) {
			cap = cap ? 2 * cap : 16;
			secs = xrealloc(secs, cap * sizeof *secs);
			sval = xrealloc(sval, cap * sizeof *sval);
		}
		const char *n = tree_attr(s, "n");
		secs[ns] = s;
		sval[ns++] = n ? norm_roman(n, strlen(n)) : 0;
		/* the section's numbered headings: missions, objectives, subsections */
		size_t nk = 0, kcap = 0;
		xmlNodePtr *kids = NULL;
		int *kval = NULL;
		for (xmlNodePtr k = s->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE || !(tree_is(k, "mission") || tree_is(k, "objective") || tree_is(k, "subsection")))
				continue;
			const char *kn = tree_attr(k, "n");
			if (!kn || !*kn || strspn(kn, "0123456789") != strlen(kn) || strlen(kn) > 3)
				continue;
			if (nk == kcap) {
				kcap = kcap ? 2 * kcap : 16;
				kids = xrealloc(kids, kcap * sizeof *kids);
				kval = xrealloc(kval, kcap * sizeof *kval);
			}
			kids[nk] = k;
			kval[nk++] = atoi(kn);
		}
		heading_run(c, kids, kval, nk, 0);
		free(kids);
		free(kval);
	}
	heading_run(c, secs, sval, ns, 1);
	free(secs);
	free(sval);
}

/* ---- place-mismatch: the place in the place-date line is where the issuer sits ---- */

/* The locality an issuer's name ends with ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ": "QUẢNG TRỊ",
 * "TỈNH ỦY LÀO CAI": "LÀO CAI"), as bytes of s: *len 0 when it names none (a ministry, the
 * Government, a name cut by the copy). The name's words only: letters, spaces and hyphens. */
static const char *
issuer_locality(const char *s, size_t *len)
{
	static const char *const marks[] = { "TỈNH ỦY ", "TỈNH UỶ ", "THÀNH ỦY ", "THÀNH UỶ ", "HUYỆN ỦY ",
		"HUYỆN UỶ ", "QUẬN ỦY ", "QUẬN UỶ ", "THỊ ỦY ", "THỊ UỶ ", "THÀNH PHỐ ", "THỊ XÃ ", "TỈNH ", "HUYỆN ", "QUẬN " };
	const char *best = NULL;
	*len = 0;
	for (size_t i = 0; s && i < sizeof marks / sizeof marks[0]; i++)
		for (const char *p = strstr(s, marks[i]); p; p = strstr(p + 1, marks[i]))
			if (best == NULL || p + strlen(marks[i]) > best)
				best = p + strlen(marks[i]);
	if (best == NULL)
		return NULL;
	size_t n = 0;
	while (best[n] && ((unsigned char)best[n] >= 0x80 || best[n] == ' ' || best[n] == '-' ||
	    ((best[n] | 0x20) >= 'a' && (best[n] | 0x20) <= 'z')))
		n++;
	while (n && (best[n - 1] == ' ' || best[n - 1] == '-'))
		n--;
	/* "TỈNH ỦY" with its province on a line the header did not join: no locality */
	if ((n == strlen("ỦY") && memcmp(best, "ỦY", n) == 0) || (n == strlen("UỶ") && memcmp(best, "UỶ", n) == 0))
		n = 0;
	*len = n;
	return best;
}

/* s folded (norm_fold: case and tone placement), its spaces, hyphens and dots dropped, and a
 * leading "thành phố"/"tp" too (malloc'd). */
static char *
place_key(const char *s, size_t n)
{
	char *f = norm_fold(s, n), *o = f;
	for (const char *p = f; *p; p++)
		if (*p != ' ' && *p != '-' && *p != '.')
			*o++ = *p;
	*o = '\0';
	static const char *const pre[] = { "thànhphố", "tp" };
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(pre[i]);
		if (strncmp(f, pre[i], k) == 0 && f[k])
			memmove(f, f + k, strlen(f + k) + 1);
	}
	return f;
}

static void
rule_place(rules_ctx *c)
{
	xmlNodePtr pl = tree_child(c->f->meta, "place");
	size_t n = 0;
	const char *loc = issuer_locality(c->f->issuer, &n);
	if (pl == NULL || loc == NULL || n == 0)
		return;
	char *place = tree_text(pl);
	if (place == NULL || *place == '\0') {
		free(place);
		return;
	}
	char *a = place_key(place, strlen(place)), *b = place_key(loc, n);
	/* one may be the other's longer name (Huế, Thừa Thiên Huế) */
	if (*a && *b && strstr(a, b) == NULL && strstr(b, a) == NULL) {
		char *l = xstrndup(loc, n);
		apc_diag *g = diag_emit(c->d, D_PLACE_MISMATCH, uline(pl), ucol(pl), place, c->f->issuer, l);
		diag_fix_at(g, c->src, uline(pl), ucol(pl), place, NULL);   /* the caret under the place */
		free(l);
	}
	free(a);
	free(b);
	free(place);
}

/* ---- locality-mismatch: the preamble's closing formula names the issuer's locality ---- */

/* In text s, each "tỉnh X ban hành", "thành phố X ban hành", "huyện X ban hành" (the closing
 * formula of a preamble: "Ủy ban nhân dân tỉnh Quảng Trị ban hành Kế hoạch …") whose X, one to
 * five capitalised words, is not the issuer's locality key (place_key of it): reported at X. */
static void
preamble_locality(rules_ctx *c, xmlNodePtr p, const char *s, const char *key, const char *loc)
{
	static const char *const marks[] = { "tỉnh ", "thành phố ", "huyện ", "quận ", "thị xã " };
	for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++) {
		size_t ml = strlen(marks[m]);
		for (const char *q = strstr(s, marks[m]); q; q = strstr(q + 1, marks[m])) {
			const char *x = q + ml, *end = strstr(x, " ban hành");
			if (end == NULL || end - x > 80 || !((unsigned char)*x >= 0x80 || (*x >= 'A' && *x <= 'Z')))
				continue;
			int words = 1, ok = 1;
			for (const char *t = x; t < end && ok; t++)
				if (*t == ' ') {
					words++;
					ok = (unsigned char)t[1] >= 0x80 || (t[1] >= 'A' && t[1] <= 'Z') || t[1] == '-';
				} else
					ok = *t != ',' && *t != ';' && *t != '(';
			if (!ok || words > 5)
				continue;
			int32_t cp;         /* capitalised: a name, not "đã ban hành" */
			utf8_decode(x, (size_t)(end - x), &cp);
			if (utf8proc_tolower(cp) == cp)
				continue;
			char *k = place_key(x, (size_t)(end - x));
			if (*k && strstr(k, key) == NULL && strstr(key, k) == NULL) {
				char *w = xstrndup(x, (size_t)(end - x));
				unsigned line = uline(p), col = 0;
				/* where the name stands in the file: the paragraph's lines, from its first */
				for (unsigned ln = line; ln && ln <= c->src->nlines && ln < line + 200 && !col; ln++) {
					const apc_line *L = &c->src->lines[ln - 1];
					const char *hit = memmem(L->s, L->len, w, strlen(w));
					if (hit) {
						line = ln;
						col = 1 + (unsigned)utf8_chars(L->s, (size_t)(hit - L->s));
					}
				}
				apc_diag *g = diag_emit(c->d, D_LOCALITY_MISMATCH, line, col ? col : ucol(p), w, loc);
				if (col)
					g->end_col = col + (unsigned)utf8_chars(w, strlen(w));
				free(w);
			}
			free(k);
		}
	}
}

static void
rule_locality(rules_ctx *c)
{
	size_t n = 0;
	const char *loc = issuer_locality(c->f->issuer, &n);
	xmlNodePtr pre = tree_child(c->f->root, "preamble");
	if (loc == NULL || n == 0 || pre == NULL)
		return;
	char *key = place_key(loc, n), *l = xstrndup(loc, n);
	for (xmlNodePtr p = tree_child(pre, "p"); p && *key; p = tree_next(p, "p")) {
		char *t = tree_text(p);
		preamble_locality(c, p, t, key, l);
		free(t);
	}
	free(l);
	free(key);
}

/* ---- symbol-kind-mismatch: the symbol's kind code is the document's kind ---- */
static void
rule_symbol_kind(rules_ctx *c)
{
	const char *k = catalog_kind(c->f->symbol, APC_LANG_VI);
	const char *kt = c->f->kind_text;
	if (c->f->symbol == NULL || kt == NULL || *kt == '\0' || strcmp(k, catalog_kind(NULL, APC_LANG_VI)) == 0)
		return;
	char *a = norm_fold(kt, strlen(kt)), *b = norm_fold(k, strlen(k));
	if (strncmp(a, b, strlen(b)) != 0) {
		xmlNodePtr kind = tree_child(c->f->meta, "kind");
		xmlNodePtr at = c->f->symbol_el ? c->f->symbol_el : kind;
		apc_diag *g = diag_emit(c->d, D_SYMBOL_KIND_MISMATCH, uline(at), ucol(at), c->f->symbol,
		    catalog_kind(c->f->symbol, APC_LANG_VI), catalog_kind(c->f->symbol, APC_LANG_EN), kt, uline(kind));
		diag_fix_at(g, c->src, uline(at), ucol(at), c->f->symbol_text, NULL);   /* the caret under it */
	}
	free(a);
	free(b);
}

/* ---- signature-mismatch: the signature is on behalf of the issuer ---- */

/* Does folded text f hold any of the folded words w[]? */
static int
holds_any(const char *f, const char *const *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(f, w[i]) != NULL)
			return 1;
	return 0;
}

static const char *const party_bodies[] = { "tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy",
	"đảng ủy", "đảng bộ", "ban thường vụ", "ban chấp hành", "ban bí thư", "bộ chính trị",
	"ban cán sự", "đảng đoàn" };
static const char *const state_bodies[] = { "ủy ban nhân dân", "hội đồng nhân dân", "chính phủ", "bộ ", "sở " };

/* 1 Party, 2 state, 0 neither (folded text). */
static int
body_system(const char *f)
{
	int p = holds_any(f, party_bodies, sizeof party_bodies / sizeof party_bodies[0]);
	int st = holds_any(f, state_bodies, sizeof state_bodies / sizeof state_bodies[0]);
	return p && !st ? 1 : st && !p ? 2 : 0;
}

/* Is the signature line (folded) r not the issuer's (folded i)? TM., T/M: on behalf of a body;
 * KT.: signed for the body's head. */
static int
signature_wrong(const char *r, const char *i)
{
	if (strncmp(r, "tm", 2) == 0 || strncmp(r, "t/m", 3) == 0) {
		int rs = body_system(r), is = body_system(i);
		return (rs && is && rs != is) ||
		    (strstr(r, "ủy ban nhân dân") && !strstr(i, "ủy ban nhân dân") && is == 2) ||
		    (strstr(r, "hội đồng nhân dân") && !strstr(i, "hội đồng nhân dân") && is == 2);
	}
	if (strncmp(r, "kt", 2) != 0)
		return 0;
	/* the head of the issuing body: Chủ tịch of a people's committee, Bộ trưởng of a ministry,
	 * Giám đốc of a department, Bí thư of a Party committee */
	static const struct { const char *body, *head; } heads[] = {
		{ "ủy ban nhân dân", "chủ tịch" }, { "bộ ", "bộ trưởng" }, { "sở ", "giám đốc" },
		{ "tỉnh ủy", "bí thư" }, { "thành ủy", "bí thư" }, { "huyện ủy", "bí thư" },
	};
	static const char *const offices[] = { "chủ tịch", "bộ trưởng", "bí thư", "giám đốc", "thủ tướng" };
	for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
		if (strncmp(i, heads[k].body, strlen(heads[k].body)) == 0)
			return holds_any(r, offices, sizeof offices / sizeof offices[0]) && strstr(r, heads[k].head) == NULL;
	return 0;
}

static void
rule_signature_body(rules_ctx *c)
{
	const char *iss = c->f->issuer;
	xmlNodePtr sig = tree_child(c->f->root, "signature");
	if (sig == NULL || iss == NULL || *iss == '\0')
		return;
	char *i = norm_fold(iss, strlen(iss));
	for (xmlNodePtr role = tree_child(sig, "role"); role; role = tree_next(role, "role")) {
		char *rt = tree_text(role), *r = norm_fold(rt, strlen(rt));
		if (signature_wrong(r, i)) {
			apc_diag *g = diag_emit(c->d, D_SIGNATURE_MISMATCH, uline(role), ucol(role), rt, iss);
			diag_fix_at(g, c->src, uline(role), ucol(role), rt, NULL);   /* the caret under it */
		}
		free(r);
		free(rt);
	}
	free(i);
}

/* ---- recipient-duplicated: a recipient listed twice ---- */
static void
rule_recipient_twice(rules_ctx *c)
{
	xmlNodePtr rs = tree_child(c->f->root, "recipients");
	strset seen = { 0 };
	for (xmlNodePtr r = tree_child(rs, "recipient"); r; r = tree_next(r, "recipient")) {
		char *t = tree_text(r), *f = norm_fold(t, strlen(t));
		int added = 1;
		if (*f)
			strset_put(&seen, f, strlen(f), &added);
		if (!added) {           /* listed before, whatever its case, marks and punctuation */
			apc_diag *g = diag_emit(c->d, D_RECIPIENT_DUPLICATED, uline(r), ucol(r), t);
			diag_fix_at(g, c->src, uline(r), ucol(r), t, NULL);   /* the caret under it */
		}
		free(f);
		free(t);
	}
	strset_free(&seen);
}

static void
rule_group_count(rules_ctx *c)
{
	if (c->f->groups.n && c->f->missions.n && c->f->groups.n != c->f->missions.n)
		diag_emit(c->d, D_GROUP_MISSION_COUNT, uline(c->f->appendix), ucol(c->f->appendix),
		    c->f->groups.n, c->f->missions.n);
}

/*
 * Do a group's title and its mission's title say the same? Both are folded (case, tone
 * placement, punctuation); trailing qualifiers that only situate the mission are dropped
 * ("của tỉnh", "trên địa bàn tỉnh", "phục vụ phát triển kinh tế - xã hội", "trong tình hình
 * mới"); then the sets of syllables that are not function words must be equal. Any content
 * syllable present in one and not the other ("trong nước") is a difference in substance.
 */
static const char *const title_stop[] = {
	"và", "về", "của", "các", "những", "trong", "cho", "với", "theo", "để", "đối", "có", "là",
	"được", "này", "đó", "một", "tại", "trên", "từ", "đến", "nhằm", "việc", "công", "tác",
	"tỉnh", "thành", "phố", "huyện", "địa", "bàn", "phương", "ở", "cả", "hơn", "nữa",
};
static const char *const title_tails[] = {
	"phục vụ phát triển kinh tế xã hội", "trong phát triển kinh tế xã hội",
	"phát triển kinh tế xã hội", "trong tình hình mới", "trên địa bàn tỉnh",
	"trên địa bàn", "của địa phương", "của tỉnh", "kinh tế xã hội",
};

static int
is_title_stop(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof title_stop / sizeof title_stop[0]; i++)
		if (strlen(title_stop[i]) == n && memcmp(title_stop[i], w, n) == 0)
			return 1;
	return 0;
}

/* Folded title without its trailing qualifiers (in place). */
static void
strip_tails(char *f)
{
	for (int again = 1; again;) {
		again = 0;
		size_t n = strlen(f);
		for (size_t i = 0; i < sizeof title_tails / sizeof title_tails[0]; i++) {
			size_t l = strlen(title_tails[i]);
			if (n > l && memcmp(f + n - l, title_tails[i], l) == 0 && f[n - l - 1] == ' ') {
				f[n - l - 1] = '\0';
				again = 1;
				break;
			}
		}
	}
}

/* The next space-separated word of *p (its length in *n), *p moved past it; NULL at the end. */
static const char *
next_word(const char **p, size_t *n)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	const char *e = s;
	while (*e && *e != ' ')
		e++;
	*p = e;
	*n = (size_t)(e - s);
	return e > s ? s : NULL;
}

/* Append to sb the words of a that b lacks, space-separated (function words too when all
 * is set); returns how many content words b lacks. */
static int
words_missing(strbuf *sb, const char *a, const char *b)
{
	int content = 0;
	const char *p = a, *w;
	size_t n;
	while ((w = next_word(&p, &n)) != NULL) {
		char *t = xstrndup(w, n);
		if (!rules_has_words(b, t) && !(sb->s && rules_has_words(sb->s, t))) {
			if (sb->len)
				sb_add(sb, " ", 1);
			sb_adds(sb, t);
			content += !is_title_stop(w, n);
		}
		free(t);
	}
	return content;
}

static void
rule_group_titles(rules_ctx *c)
{
	if (c->f->groups.n != c->f->missions.n)
		return;
	for (size_t i = 0; i < c->f->groups.n; i++) {
		xmlNodePtr g = c->f->groups.v[i], m = c->f->missions.v[i];
		char *gf = xstrdup(rules_title_of(c, g)), *mf = xstrdup(rules_title_of(c, m));
		strip_tails(gf);
		strip_tails(mf);
		strbuf lack = {0}, extra = {0};
		int differ = words_missing(&lack, mf, gf) + words_missing(&extra, gf, mf);
		if (differ && *gf) {
			char *mt = tree_text(tree_child(m, "title"));
			xmlNodePtr gt = tree_child(g, "title");
			char *gtt = tree_text(gt ? gt : g);
			diag_extent(diag_emit(c->d, D_GROUP_TITLE_MISMATCH, uline(gt ? gt : g), ucol(gt ? gt : g),
			    tree_attr(g, "n") ? tree_attr(g, "n") : "?",
			    tree_attr(m, "n") ? tree_attr(m, "n") : "?", mt,
			    lack.len ? lack.s : "-", extra.len ? extra.s : "-"), c->src, gtt);
			free(gtt);
			free(mt);
		}
		free(lack.s);
		free(extra.s);
		free(gf);
		free(mf);
	}
}

/* ---- tasks: leads, partners, timelines ---- */

static const char *
task_n(xmlNodePtr t)
{
	const char *n = tree_attr(t, "n");
	return n ? n : "?";
}

static void
rule_task_leads(rules_ctx *c)
{
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		xmlNodePtr t = c->f->tasks.v[i];
		size_t nlead = 0;
		xmlNodePtr second = NULL;
		for (xmlNodePtr k = t->children; k; k = k->next)
			if (tree_is(k, "lead")) {
				if (++nlead == 2)
					second = k;
			}
		if (nlead == 0)
			diag_emit(c->d, D_TASK_LEAD_MISSING, uline(t), ucol(t), task_n(t));
		else if (nlead > 1) {
			char *st = tree_text(second);
			diag_extent(diag_emit(c->d, D_TASK_LEAD_MULTIPLE, uline(second), ucol(second), task_n(t), nlead),
			    c->src, st);
			free(st);
		}
		/* the lead among the partners */
		for (xmlNodePtr l = t->children; l; l = l->next) {
			if (!tree_is(l, "lead"))
				continue;
			const char *lr = tree_attr(l, "ref");
			const char *lf = rules_folded(c, l);
			for (xmlNodePtr p = t->children; p; p = p->next) {
				if (!tree_is(p, "partner"))
					continue;
				const char *pr = tree_attr(p, "ref");
				if ((lr && pr && strcmp(lr, pr) == 0) || strcmp(lf, rules_folded(c, p)) == 0) {
					char *pt = tree_text(p);
					diag_extent(diag_emit(c->d, D_TASK_LEAD_ALSO_PARTNER, uline(p), ucol(p), task_n(t), pt),
					    c->src, pt);
					free(pt);
				}
			}
		}
	}
}

static void
rule_task_timelines(rules_ctx *c, int horizon, const char *hsym)
{
	char db[16];
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		xmlNodePtr t = c->f->tasks.v[i], tl = tree_child(t, "timeline");
		char *txt = tl ? tree_text(tl) : NULL;
		if (!tl || !*txt) {
			diag_emit(c->d, D_TASK_TIMELINE_MISSING, uline(t), ucol(t), task_n(t));
			free(txt);
			continue;
		}
		const char *start = tree_attr(tl, "start"), *end = tree_attr(tl, "end");
		const char *rec = tree_attr(tl, "recurrence");
		if (!start && !end && !rec)
			diag_extent(diag_emit(c->d, D_TIMELINE_UNPARSED, uline(tl), ucol(tl), txt), c->src, txt);
		if (end && strlen(end) == 10) {
			char year[5];
			memcpy(year, end, 4);
			year[4] = '\0';
			if (horizon && atoi(year) > horizon)
				diag_extent(diag_emit(c->d, D_TIMELINE_BEYOND_HORIZON, uline(tl), ucol(tl), task_n(t), year,
				    horizon, hsym), c->src, txt);
			else if (c->f->date[0] && strcmp(end, c->f->date) < 0)
				diag_extent(diag_emit(c->d, D_TIMELINE_BEFORE_ISSUE, uline(tl), ucol(tl), task_n(t), txt,
				    rules_dmy(c->f->date, db)), c->src, txt);
		}
		free(txt);
	}
}

/* ---- agencies ---- */

/* The first mention of an agency ref: its folded spelling, where it was written. */
typedef struct mention {
	char *fold;
	xmlNodePtr first;
} mention;

/* Is every word of a also in b? */
static int
words_subset(const char *a, const char *b)
{
	const char *p = a, *w;
	size_t n;
	while ((w = next_word(&p, &n)) != NULL) {
		char *t = xstrndup(w, n);
		int has = rules_has_words(b, t);
		free(t);
		if (!has)
			return 0;
	}
	return 1;
}

/* A phrase naming several bodies ("Các sở, ngành liên quan", "UBND các huyện"): partner cells
 * word it as the task needs, so another wording of it is no inconsistency. f is folded. */
static int
names_several(const char *f)
{
	return strncmp(f, "các ", strlen("các ")) == 0 || strstr(f, " các ") != NULL;
}

static void
rule_agencies(rules_ctx *c)
{
	/* distinct refs, each with its first mention; the spellings seen of each ref ("ref\0fold");
	 * distinct unknown names (folded): sets, so that a table of thousands of names costs
	 * linear time */
	mention *refs = NULL;
	size_t caprefs = 0;
	strset refset = { 0 }, spellings = { 0 }, unknown = { 0 };
	strbuf key = { 0 };
	int added;
	for (size_t i = 0; i < c->f->tasks.n; i++) {
		for (xmlNodePtr a = c->f->tasks.v[i]->children; a; a = a->next) {
			if (!tree_is(a, "lead") && !tree_is(a, "partner"))
				continue;
			char *t = tree_text(a);
			const char *f = rules_folded(c, a);
			const char *ref = tree_attr(a, "ref");
			if (!ref || !*ref) {
				if (*f && (strset_put(&unknown, f, strlen(f), &added), added)) {
					/* past the cap (diag.c) the message is not shown: no suggestion
					 * looked up (a table of thousands of names stays fast) */
					const char *s = diag_shows_next(c->d, D_AGENCY_UNKNOWN) ?
					    library_agency_suggest(c->lib, t, strlen(t)) : NULL;
					char *vi = s ? xasprintf(" (có phải \"%s\"?)", s) : xstrdup("");
					char *en = s ? xasprintf(" (did you mean \"%s\"?)", s) : xstrdup("");
					diag_extent(rules_emit_lang(c->d, D_AGENCY_UNKNOWN, uline(a), ucol(a), t, vi, en), c->src, t);
					free(vi);
					free(en);
				}
				free(t);
				continue;
			}
			int new_ref;
			size_t k = strset_put(&refset, ref, strlen(ref), &new_ref);
			key.len = 0;
			sb_adds(&key, ref);
			sb_add(&key, "", 1);
			sb_adds(&key, f);
			strset_put(&spellings, key.s, key.len, &added);
			if (new_ref) {          /* the first mention of this ref */
				if (k == caprefs) {
					caprefs = caprefs ? caprefs * 2 : 16;
					refs = xrealloc(refs, caprefs * sizeof *refs);
				}
				refs[k] = (mention){ xstrdup(f), a };
				free(t);
				continue;
			}
			/* a known ref: a new spelling of it? Case and tone placement are the same
			 * spelling (folded equal); a name that only lists more or fewer members is
			 * not another spelling (one's words are a subset of the other's). */
			if (added && !words_subset(f, refs[k].fold) && !words_subset(refs[k].fold, f) &&
			    !names_several(f) && !names_several(refs[k].fold)) {
				char *ft = tree_text(refs[k].first);
				diag_extent(diag_emit(c->d, D_AGENCY_VARIANT, uline(a), ucol(a), t, ft, uline(refs[k].first)),
				    c->src, t);
				free(ft);
			}
			free(t);
		}
	}
	for (size_t k = 0; k < refset.n; k++)
		free(refs[k].fold);
	free(refs);
	strset_free(&refset);
	strset_free(&spellings);
	strset_free(&unknown);
	free(key.s);
}

/* ---- objectives ---- */

/* The first "năm 20XX" (any case of "năm") in s[0..n) with a year after limit: the byte
 * offset of "năm" and *year, or (size_t)-1. */
static size_t
year_after_nam(const char *s, size_t n, int limit, int *year)
{
	for (size_t i = 0; i + 9 <= n; i++) {
		if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '(')
			continue;
		if (!((s[i] == 'n' || s[i] == 'N') && (memcmp(s + i + 1, "ăm ", 4) == 0 || memcmp(s + i + 1, "ĂM ", 4) == 0)))
			continue;
		const char *y = s + i + 5;
		if (!(y[0] == '2' && y[1] >= '0' && y[1] <= '9' && y[2] >= '0' && y[2] <= '9' &&
		    y[3] >= '0' && y[3] <= '9'))
			continue;
		if (y + 4 < s + n && y[4] >= '0' && y[4] <= '9')
			continue;
		int v = (y[0] - '0') * 1000 + (y[1] - '0') * 100 + (y[2] - '0') * 10 + (y[3] - '0');
		if (v > limit) {
			*year = v;
			return i;
		}
	}
	return (size_t)-1;
}

static void
rule_objectives(rules_ctx *c)
{
	const char *psym = NULL;
	int ph = check_parent_horizon(c, &psym);
	if (!ph)
		return;
	unsigned reported_line = 0;
	for (size_t i = 0; i < c->f->objectives.n; i++) {
		xmlNodePtr o = c->f->objectives.v[i];
		const char *h = tree_attr(o, "horizon");
		if (h && atoi(h) > ph) {
			/* the caret on the year */
			diag_fix_text(diag_emit(c->d, D_OBJECTIVE_BEYOND_HORIZON, uline(o), ucol(o), atoi(h), ph, psym),
			    c->src, uline(o), ucol(o), h, NULL);
			reported_line = uline(o);
		}
	}
	/* "năm 20XX" in the text of the objectives sections */
	for (size_t s = 0; s < c->f->sections.n; s++) {
		const char *r = tree_attr(c->f->sections.v[s], "role");
		if (!r || strcmp(r, "objectives") != 0)
			continue;
		unsigned from = uline(c->f->sections.v[s]), to = (unsigned)c->src->nlines;
		if (s + 1 < c->f->sections.n && uline(c->f->sections.v[s + 1]))
			to = uline(c->f->sections.v[s + 1]) - 1;
		else {
			xmlNodePtr nx = c->f->sections.v[s]->next;
			while (nx && !(nx->type == XML_ELEMENT_NODE && uline(nx)))
				nx = nx->next;
			if (nx)
				to = uline(nx) - 1;
		}
		for (unsigned ln = from; ln && ln <= to && ln <= c->src->nlines; ln++) {
			if (ln == reported_line)
				continue;
			const apc_line *L = &c->src->lines[ln - 1];
			int yr;
			size_t at = year_after_nam(L->s, L->len, ph, &yr);
			if (at != (size_t)-1) {
				char y[16];
				snprintf(y, sizeof y, "%d", yr);
				diag_extent(diag_emit(c->d, D_OBJECTIVE_BEYOND_HORIZON, ln, 1 + (unsigned)utf8_chars(L->s, at), yr,
				    ph, psym), c->src, y);
			}
		}
	}
}

/* ---- the table of rules ---- */

static void
rule_text(rules_ctx *c)
{
	textrules_run(c->src, c->d);
}

static void
rule_timelines(rules_ctx *c)
{
	const char *psym = NULL;
	int h = check_parent_horizon(c, &psym);
	if (c->f->prog_horizon > h) {
		h = c->f->prog_horizon;
		psym = c->f->symbol ? c->f->symbol : "?";
	}
	rule_task_timelines(c, h, psym);
}

static void (*const rules[])(rules_ctx *) = {
	check_parents,          /* parent-*, program-date-before-parent; sets the facts' coverage */
	rule_sections,          /* section-missing */
	rule_end,               /* recipients-missing, signature-missing */
	rule_place,             /* place-mismatch */
	rule_locality,          /* locality-mismatch */
	rule_symbol_kind,       /* symbol-kind-mismatch */
	rule_signature_body,    /* signature-mismatch */
	rule_recipients,        /* recipients-punctuation */
	rule_recipient_twice,   /* recipient-duplicated */
	rule_objectives,        /* objective-beyond-horizon */
	rule_task_numbering,    /* task-numbering */
	rule_group_numbering,   /* group-numbering */
	rule_heading_numbering, /* heading-numbering */
	rule_group_count,       /* group-mission-count */
	rule_group_titles,      /* group-title-mismatch */
	rule_task_leads,        /* task-lead-missing, -multiple, -also-partner */
	rule_timelines,         /* task-timeline-missing, timeline-unparsed, -beyond-horizon, -before-issue */
	rule_agencies,          /* agency-unknown, agency-variant */
	rule_symbols,           /* symbol-malformed, symbol-case, symbol-spacing */
	rule_cell_symbols,      /* the same, and parent-date/issuer-mismatch, in a wrapped cell */
	rule_attached,          /* appendix-reference-mismatch */
	rule_text,              /* word-duplicated, tone-mark-mixed */
};

void
rules_run(xmlDocPtr doc, facts *f, const apc_source *src, const struct apc_library *lib,
    const struct re_set *cite, apc_diags *d)
{
	if (!doc || !f || !src)
		return;
	rules_ctx c = { .doc = doc, .f = f, .src = src, .lib = lib, .cite = cite, .d = d };
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		rules[i](&c);
	folds_free(c.folds);
}
