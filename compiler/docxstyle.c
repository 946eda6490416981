/*
 * docxstyle.c: what styles.xml, numbering.xml and the theme say: run properties through a
 * style's basedOn chain, list numbers as Word writes them, the theme's fonts.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "docxread.h"

void
docx_props_merge(props *to, const props *from)
{
	if (from->font[0])
		memcpy(to->font, from->font, sizeof to->font);
	if (from->sz)
		to->sz = from->sz;
	if (from->b >= 0)
		to->b = from->b;
	if (from->i >= 0)
		to->i = from->i;
	if (from->caps >= 0)
		to->caps = from->caps;
	if (from->vanish >= 0)
		to->vanish = from->vanish;
}

void
docx_props_read(xmlNodePtr rpr, props *p)
{
	memset(p, 0, sizeof *p);
	p->b = p->i = p->caps = p->vanish = -1;
	if (rpr == NULL)
		return;
	xmlNodePtr f = wchild(rpr, "rFonts");
	const char *name = f ? wattr(f, "ascii") : NULL;
	if (name == NULL && f)
		name = wattr(f, "hAnsi");
	if (name == NULL && f && (name = wattr(f, "asciiTheme")) != NULL)
		name = strncmp(name, "major", 5) == 0 ? "+major" : "+minor";   /* the theme's, resolved later */
	if (name) {
		size_t n = strlen(name);
		if (n >= sizeof p->font)
			n = sizeof p->font - 1;
		memcpy(p->font, name, n);
		p->font[n] = '\0';
	}
	xmlNodePtr sz = wchild(rpr, "sz");
	if (sz)
		p->sz = (unsigned)wint(sz, "val", 0);
	p->b = (signed char)onoff(rpr, "b");
	p->i = (signed char)onoff(rpr, "i");
	p->caps = (signed char)onoff(rpr, "caps");
	p->vanish = (signed char)onoff(rpr, "vanish");
}

/* Styles and lists are looked up by id for every paragraph and run (a style through its bases,
 * up to 17 times): sorted once and searched, not scanned (20,000 styles and paragraphs took
 * minutes). Where an id is given twice, Word's choice is kept: a style's first definition, a
 * list's last. */
static int
style_cmp(const void *a, const void *b)
{
	const style *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int
style_key(const void *key, const void *elem)
{
	return strcmp(key, ((const style *)elem)->id);
}

static const style *
style_find(const reader *r, const char *id)
{
	return id && r->nst ? bsearch(id, r->st, r->nst, sizeof *r->st, style_key) : NULL;
}

#define ID_SEQ_CMP(x, y) ((x)->id != (y)->id ? ((x)->id > (y)->id) - ((x)->id < (y)->id) : \
	((x)->seq > (y)->seq) - ((x)->seq < (y)->seq))

static int
abs_cmp(const void *a, const void *b)
{
	return ID_SEQ_CMP((const absnum *)a, (const absnum *)b);
}

static int
num_cmp(const void *a, const void *b)
{
	return ID_SEQ_CMP((const num *)a, (const num *)b);
}

static int
abs_key(const void *key, const void *elem)
{
	int k = *(const int *)key, id = ((const absnum *)elem)->id;
	return (k > id) - (k < id);
}

static int
num_key(const void *key, const void *elem)
{
	int k = *(const int *)key, id = ((const num *)elem)->id;
	return (k > id) - (k < id);
}

void
docx_load_styles(reader *r)
{
	memset(&r->defaults, 0, sizeof r->defaults);
	r->defaults.b = r->defaults.i = r->defaults.caps = r->defaults.vanish = 0;
	xmlNodePtr root = r->styles ? xmlDocGetRootElement(r->styles) : NULL;
	size_t cap = 0;
	for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
		if (is_w(s, "docDefaults")) {
			props p;
			docx_props_read(wchild(wchild(s, "rPrDefault"), "rPr"), &p);
			docx_props_merge(&r->defaults, &p);
			continue;
		}
		if (!is_w(s, "style") || wattr(s, "styleId") == NULL)
			continue;
		if (r->nst == cap) {
			cap = cap ? cap * 2 : 64;
			r->st = xrealloc(r->st, cap * sizeof *r->st);
		}
		style *y = &r->st[r->nst];
		memset(y, 0, sizeof *y);
		y->seq = r->nst++;
		y->id = wattr(s, "styleId");
		y->based = wattr(wchild(s, "basedOn"), "val");
		xmlNodePtr ppr = wchild(s, "pPr"), np = wchild(ppr, "numPr");
		y->num_id = np && wchild(np, "numId") ? wint(wchild(np, "numId"), "val", -1) : -1;
		y->ilvl = np && wchild(np, "ilvl") ? wint(wchild(np, "ilvl"), "val", 0) : -1;
		y->jc = wattr(wchild(ppr, "jc"), "val");
		docx_props_read(wchild(s, "rPr"), &y->rp);
	}
	if (r->nst == 0)
		return;
	qsort(r->st, r->nst, sizeof *r->st, style_cmp);
	size_t k = 1;   /* the first of each id */
	for (size_t i = 1; i < r->nst; i++)
		if (strcmp(r->st[i].id, r->st[k - 1].id) != 0)
			r->st[k++] = r->st[i];
	r->nst = k;
}

/* The run properties a style gives, through its basedOn chain (depth-limited: loops). */
void
docx_style_props(const reader *r, const char *id, props *out, int depth)
{
	const style *y = style_find(r, id);
	if (y == NULL || depth > 16)
		return;
	docx_style_props(r, y->based, out, depth + 1);
	docx_props_merge(out, &y->rp);
}

void
docx_style_num(const reader *r, const char *id, int *num_id, int *ilvl, const char **jc, int depth)
{
	const style *y = style_find(r, id);
	if (y == NULL || depth > 16)
		return;
	docx_style_num(r, y->based, num_id, ilvl, jc, depth + 1);
	if (y->num_id >= 0)
		*num_id = y->num_id;
	if (y->ilvl >= 0)
		*ilvl = y->ilvl;
	if (y->jc)
		*jc = y->jc;
}

void
docx_load_numbering(reader *r)
{
	xmlNodePtr root = r->numbering ? xmlDocGetRootElement(r->numbering) : NULL;
	size_t ca = 0, cn = 0;
	for (xmlNodePtr s = root ? root->children : NULL; s; s = s->next) {
		if (is_w(s, "abstractNum")) {
			if (r->nabs == ca) {
				ca = ca ? ca * 2 : 16;
				r->abs = xrealloc(r->abs, ca * sizeof *r->abs);
			}
			absnum *a = &r->abs[r->nabs];
			memset(a, 0, sizeof *a);
			a->seq = r->nabs++;
			a->id = wint(s, "abstractNumId", -1);
			for (int k = 0; k < 9; k++)
				a->lv[k].start = 1;
			for (xmlNodePtr l = s->children; l; l = l->next) {
				int k = is_w(l, "lvl") ? wint(l, "ilvl", -1) : -1;
				if (k < 0 || k > 8)
					continue;
				a->lv[k].start = wint(wchild(l, "start"), "val", 1);
				a->lv[k].fmt = wattr(wchild(l, "numFmt"), "val");
				a->lv[k].text = wattr(wchild(l, "lvlText"), "val");
				a->lv[k].lgl = wchild(l, "isLgl") != NULL;
			}
		} else if (is_w(s, "num")) {
			if (r->nnums == cn) {
				cn = cn ? cn * 2 : 16;
				r->nums = xrealloc(r->nums, cn * sizeof *r->nums);
			}
			num *m = &r->nums[r->nnums];
			memset(m, 0, sizeof *m);
			m->seq = r->nnums++;
			m->id = wint(s, "numId", -1);
			m->abs = wint(wchild(s, "abstractNumId"), "val", -1);
			for (int k = 0; k < 9; k++)
				m->over[k] = -1;
			for (xmlNodePtr o = s->children; o; o = o->next) {
				int k = is_w(o, "lvlOverride") ? wint(o, "ilvl", -1) : -1;
				xmlNodePtr so = wchild(o, "startOverride");
				if (k >= 0 && k < 9 && so) {
					m->over[k] = wint(so, "val", 1);
					m->own = 1;
				}
			}
		}
	}
	size_t k = 0;   /* the last of each id */
	if (r->nabs)
		qsort(r->abs, r->nabs, sizeof *r->abs, abs_cmp);
	for (size_t i = 0; i < r->nabs; i++)
		if (i + 1 == r->nabs || r->abs[i + 1].id != r->abs[i].id)
			r->abs[k++] = r->abs[i];
	r->nabs = k;
	k = 0;
	if (r->nnums)
		qsort(r->nums, r->nnums, sizeof *r->nums, num_cmp);
	for (size_t i = 0; i < r->nnums; i++)
		if (i + 1 == r->nnums || r->nums[i + 1].id != r->nums[i].id)
			r->nums[k++] = r->nums[i];
	r->nnums = k;
}

/* Write counter value v in Word's number format fmt. */
static void
fmt_number(strbuf *b, const char *fmt, int v)
{
	static const char *const rn[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
	static const int rv[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	if (fmt == NULL || strcmp(fmt, "decimal") == 0 || v <= 0) {
		sb_addf(b, "%d", v);
	} else if (strcmp(fmt, "decimalZero") == 0) {
		sb_addf(b, "%02d", v);
	} else if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0) {
		int lower = fmt[0] == 'l';
		for (int k = 0; k < 13 && v > 0 && v < 4000; k++)
			while (v >= rv[k]) {
				for (const char *c = rn[k]; *c; c++) {
					char ch = lower ? (char)(*c - 'A' + 'a') : *c;
					sb_add(b, &ch, 1);
				}
				v -= rv[k];
			}
	} else if (strcmp(fmt, "upperLetter") == 0 || strcmp(fmt, "lowerLetter") == 0) {
		/* a..z, then aa..zz as Word does */
		char ch = (char)((fmt[0] == 'u' ? 'A' : 'a') + (v - 1) % 26);
		for (int k = 0; k <= (v - 1) / 26 && k < 8; k++)
			sb_add(b, &ch, 1);
	} else if (strcmp(fmt, "none") == 0) {
		/* nothing */
	} else
		sb_addf(b, "%d", v);
}

/* Step the list (num_id, ilvl) and write its number text ("2.1.", "a)", "- ") to b. */
void
docx_list_number(reader *r, int num_id, int ilvl, strbuf *b)
{
	num *m = r->nnums ? bsearch(&num_id, r->nums, r->nnums, sizeof *r->nums, num_key) : NULL;
	absnum *a = m && r->nabs ? bsearch(&m->abs, r->abs, r->nabs, sizeof *r->abs, abs_key) : NULL;
	if (m == NULL || a == NULL || ilvl < 0 || ilvl > 8)
		return;
	int *cnt = m->own ? m->cnt : a->cnt, *used = m->own ? m->used : a->used;
	const level *lv = a->lv;
	if (lv[ilvl].fmt && strcmp(lv[ilvl].fmt, "bullet") == 0) {
		sb_adds(b, "- ");
		return;
	}
	int start = m->over[ilvl] >= 0 ? m->over[ilvl] : lv[ilvl].start;
	cnt[ilvl] = used[ilvl] ? cnt[ilvl] + 1 : start;
	used[ilvl] = 1;
	for (int k = ilvl + 1; k < 9; k++)
		used[k] = 0;
	const char *t = lv[ilvl].text ? lv[ilvl].text : "%1.";
	size_t before = b->len;
	/* a number text is a few characters; one of 30,000 "%1" made 60 KB a paragraph (a 9 KB
	 * file, 5,000 paragraphs: 300 MB of text) */
	for (const char *p = t; *p && !(b->len - before >= LIST_LABEL_MAX && (*p & 0xC0) != 0x80); p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			int v = used[k] ? cnt[k] : (m->over[k] >= 0 ? m->over[k] : lv[k].start);
			fmt_number(b, lv[ilvl].lgl ? "decimal" : lv[k].fmt, v);
			p++;
		} else
			sb_add(b, p, 1);
	}
	if (b->len > before)
		sb_add(b, " ", 1);
}


/* The theme's major and minor Latin fonts (a:majorFont/a:latin/@typeface), which a run with
 * w:asciiTheme uses; Word's default theme has Calibri Light and Calibri. */
void
docx_theme_fonts(reader *r)
{
	strcpy(r->minor, "Calibri");
	strcpy(r->major, "Calibri Light");
	char *buf = NULL;
	size_t len = 0;
	if (docx_part(&r->pk, "word/theme/theme1.xml", &buf, &len) <= 0)
		return;
	static const char *const which[2] = { "<a:minorFont>", "<a:majorFont>" };
	for (int k = 0; k < 2; k++) {
		const char *p = memmem(buf, len, which[k], strlen(which[k]));
		const char *t = p ? strstr(p, "<a:latin typeface=\"") : NULL;
		if (t == NULL)
			continue;
		t += strlen("<a:latin typeface=\"");
		const char *e = strchr(t, '"');
		char *dst = k == 0 ? r->minor : r->major;
		size_t n = e && (size_t)(e - t) < sizeof r->minor ? (size_t)(e - t) : 0;
		memcpy(dst, t, n);
		dst[n] = '\0';
	}
	free(buf);
}



/* ---- legacy Vietnamese fonts ---- */

/* Windows-1252's characters for the bytes 0x80-0x9F (0 where it has none: the byte itself). */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
	0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
	0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int
docx_font_encoding(const char *font, int *caps)
{
	size_t n = strlen(font);
	*caps = 0;
	if (n > 3 && font[0] == '.' && (font[1] | 0x20) == 'v' && (font[2] | 0x20) == 'n') {
		*caps = font[n - 1] == 'H';   /* .VnTimeH, .VnArialH: small letters' codes, capitals shown */
		return ENC_TCVN3;
	}
	if (n > 4 && strncasecmp(font, "VNI-", 4) == 0)
		return ENC_VNI;
	return ENC_NONE;
}

char *
docx_legacy_text(reader *r, const char *s, const char *font)
{
	int caps;
	enc_kind e = (enc_kind)docx_font_encoding(font, &caps);
	if (e == ENC_NONE || *s == '\0')
		return NULL;
	strbuf bytes = {0};
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		int byte = cp < 0x100 ? (int)cp : -1;
		for (int j = 0; j < 32 && byte < 0; j++)
			if (cp1252_c1[j] == cp)
				byte = 0x80 + j;
		if (byte < 0) {   /* Unicode typed in the old font: the text is not the encoding's */
			free(bytes.s);
			return NULL;
		}
		char c = (char)byte;
		sb_add(&bytes, &c, 1);
	}
	size_t len;
	char *t = enc_convert(e, bytes.s, bytes.len, &len);
	free(bytes.s);
	if (caps) {
		strbuf up = {0};
		for (size_t i = 0; i < len;) {
			int32_t cp;
			size_t k = utf8_decode(t + i, len - i, &cp);
			utf8proc_uint8_t u[4];
			utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), u);
			sb_add(&up, (const char *)u, (size_t)m);
			i += k ? k : 1;
		}
		sb_add(&up, "", 0);
		free(t);
		t = sb_take(&up);
	}
	if (r->legacy_runs++ == 0) {
		r->legacy_enc = e;
		snprintf(r->legacy_font, sizeof r->legacy_font, "%s", font);
	}
	return t;
}
