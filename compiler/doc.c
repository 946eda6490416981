/*
 * doc.c: Word 97-2003 (.doc) files, read for their text and tables.
 *
 * A .doc is a compound file (MS-CFB: sectors chained by a FAT, small streams in a mini stream)
 * holding the WordDocument stream and a table stream (0Table or 1Table). The text is found
 * through the piece table (MS-DOC's Clx in the table stream): each piece is a run of character
 * positions stored either as UTF-16LE or as 8-bit Windows-1252 ("compressed"). Paragraphs end
 * in CR (0x0D); a table cell ends in 0x07, and so does a table row, which the paragraph
 * properties tell apart (sprmPFTtp in the PAPX of the mark, found through the PlcBtePapx bin
 * table and its 512-byte FKP pages). Field codes (between 0x13 and 0x14) are dropped and their
 * results kept, as Word shows them.
 *
 * What is made is a WordprocessingML tree (w:p, w:tbl/w:tr/w:tc, w:tab, w:br) handed to the
 * .docx reader (docx_read_tree), so a .doc is laid out in lines and mapped back to paragraphs
 * exactly as a .docx is; the lists (PlfLst, PlfLfo) become a w:numbering tree, so list numbers
 * are counted as in a .docx; a run in a legacy Vietnamese font (the font table, the run's CHPX
 * or its paragraph style's, through the style sheet) gets that font, so the .docx reader
 * converts it. Not read: numbering a paragraph style carries, headers, footers, footnotes, text
 * boxes, the page format.
 *
 * Safety: every offset and length is checked against its stream; sector chains are followed at
 * most as many steps as there are sectors (a loop ends there, however long the FAT claims to
 * be); a stream is read to at most READ_MAX_BYTES; pieces may not hold more characters than the
 * WordDocument stream has bytes (pieces sharing their text); at most DOC_MAX_NODES elements are
 * made; an encrypted or not-Word file is one doc-unreadable error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include "internal.h"
#include "docx.h"

#define CFB_END      0xFFFFFFFEu
#define W_NS_URI     "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOC_MAX_LISTS 1024   /* lists and list uses read: far above a real document's dozens */
/* WordprocessingML elements made from the text (paragraphs, runs, cells, tabs, breaks): a
 * 20,000-row appendix makes half a million; each costs some 250 bytes until the .docx reader
 * is done, and a 16 MB file of paragraph marks alone would make 16 million */
#define DOC_MAX_NODES 1000000

static const unsigned char cfb_magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

typedef struct cfb {
	const unsigned char *b;
	size_t n;
	size_t ssz;             /* sector size: 512 or 4096 */
	uint32_t nsect;         /* sectors in the file after the header */
	uint32_t *fat;          /* next sector of each sector */
	size_t nfat;
	uint32_t *minifat;
	size_t nminifat;
	unsigned char *dir;     /* the directory stream: 128-byte entries */
	size_t ndir;
	unsigned char *mini;    /* the mini stream (the root entry's data) */
	size_t nmini;
	uint32_t cutoff;        /* streams smaller than this live in the mini stream */
	const char *err;
} cfb;

static uint16_t
u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int
doc_is_cfb(const char *bytes, size_t n)
{
	return n >= sizeof cfb_magic && memcmp(bytes, cfb_magic, sizeof cfb_magic) == 0;
}

/* The bytes of sector s, or NULL when it is outside the file. */
static const unsigned char *
sector(const cfb *c, uint32_t s)
{
	if (s >= c->nsect)
		return NULL;
	return c->b + c->ssz * (size_t)(s + 1);
}

/* Follow a chain from start through next[] (nnext entries) reading unit-sized blocks with get;
 * at most max bytes. A chain that loops or leaves the table ends the read with an error. */
static unsigned char *
chain(cfb *c, uint32_t start, size_t max, const uint32_t *next, size_t nnext, int minis, size_t *len)
{
	size_t unit = minis ? 64 : c->ssz, cap = 0, got = 0, steps = 0;
	/* a chain visits each unit at most once: past as many steps as there are units it loops
	 * (a FAT can be far longer than the file: all its sectors the same one) */
	size_t units = minis ? c->nmini / 64 : c->nsect;
	unsigned char *out = NULL;
	for (uint32_t s = start; s != CFB_END && got < max; s = next[s]) {
		const unsigned char *p = NULL;
		if (s < nnext && steps++ < units) {
			if (minis)
				p = (size_t)s * 64 + 64 <= c->nmini ? c->mini + (size_t)s * 64 : NULL;
			else
				p = sector(c, s);
		}
		if (p == NULL) {
			c->err = "a broken sector chain";
			free(out);
			return NULL;
		}
		if (got + unit > cap) {
			cap = cap ? cap * 2 : unit * 8;
			out = xrealloc(out, cap);
		}
		memcpy(out + got, p, unit);
		got += unit;
	}
	*len = got < max ? got : max;
	if (out == NULL)
		out = xmalloc(1);
	return out;
}

static int
cfb_open(cfb *c, const char *bytes, size_t n)
{
	memset(c, 0, sizeof *c);
	c->b = (const unsigned char *)bytes;
	c->n = n;
	if (n < 512) {
		c->err = "a truncated file";
		return -1;
	}
	unsigned shift = u16(c->b + 0x1E);
	if (!doc_is_cfb(bytes, n) || (shift != 9 && shift != 12) || u16(c->b + 0x20) != 6) {
		c->err = "not a compound file";
		return -1;
	}
	c->ssz = (size_t)1 << shift;
	if (n < c->ssz) {
		c->err = "a truncated file";
		return -1;
	}
	c->nsect = (uint32_t)((n - c->ssz) / c->ssz);
	c->cutoff = u32(c->b + 0x38);
	uint32_t nfatsect = u32(c->b + 0x2C), difat = u32(c->b + 0x44), ndifat = u32(c->b + 0x48);
	if (nfatsect > c->nsect || ndifat > c->nsect) {
		c->err = "a FAT larger than the file";
		return -1;
	}
	/* the FAT's sectors: 109 in the header, the rest in the DIFAT chain */
	size_t per = c->ssz / 4;
	c->fat = xmalloc(((size_t)nfatsect * per + 1) * sizeof *c->fat);
	uint32_t done = 0, ds = difat;
	for (uint32_t i = 0; i < 109 && done < nfatsect; i++) {
		const unsigned char *p = sector(c, u32(c->b + 0x4C + 4 * i));
		if (p == NULL)
			goto bad;
		for (size_t k = 0; k < per; k++)
			c->fat[(size_t)done * per + k] = u32(p + 4 * k);
		done++;
	}
	for (uint32_t hops = 0; done < nfatsect && hops <= ndifat; hops++) {
		const unsigned char *d = sector(c, ds);
		if (d == NULL)
			goto bad;
		for (size_t i = 0; i + 1 < per && done < nfatsect; i++) {
			const unsigned char *p = sector(c, u32(d + 4 * i));
			if (p == NULL)
				goto bad;
			for (size_t k = 0; k < per; k++)
				c->fat[(size_t)done * per + k] = u32(p + 4 * k);
			done++;
		}
		ds = u32(d + 4 * (per - 1));
	}
	if (done < nfatsect)
		goto bad;
	c->nfat = (size_t)nfatsect * per;
	size_t len;
	if ((c->dir = chain(c, u32(c->b + 0x30), READ_MAX_BYTES, c->fat, c->nfat, 0, &len)) == NULL)
		return -1;
	c->ndir = len / 128;
	if (c->ndir == 0 || c->dir[0x42] != 5) {
		c->err = "no root directory entry";
		return -1;
	}
	uint32_t nmf = u32(c->b + 0x40);
	if (nmf > 0 && nmf <= c->nsect) {
		unsigned char *m = chain(c, u32(c->b + 0x3C), (size_t)nmf * c->ssz, c->fat, c->nfat, 0, &len);
		if (m == NULL)
			return -1;
		c->nminifat = len / 4;
		c->minifat = xmalloc((c->nminifat + 1) * sizeof *c->minifat);
		for (size_t i = 0; i < c->nminifat; i++)
			c->minifat[i] = u32(m + 4 * i);
		free(m);
	}
	uint32_t rsize = u32(c->dir + 0x78);
	if (rsize > 0 && (c->mini = chain(c, u32(c->dir + 0x74), rsize, c->fat, c->nfat, 0, &c->nmini)) == NULL)
		return -1;
	return 0;
bad:
	c->err = "a FAT sector outside the file";
	return -1;
}

static void
cfb_close(cfb *c)
{
	free(c->fat);
	free(c->minifat);
	free(c->dir);
	free(c->mini);
}

/* The stream named name (ASCII) read whole, or NULL (c->err set when it is there but broken). */
static unsigned char *
cfb_stream(cfb *c, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < c->ndir; i++) {
		const unsigned char *e = c->dir + 128 * i;
		size_t bytes = u16(e + 0x40);
		if (e[0x42] != 2 || bytes != 2 * (nl + 1) || bytes > 64)
			continue;
		size_t k = 0;
		while (k < nl && u16(e + 2 * k) == (unsigned char)name[k])
			k++;
		if (k < nl)
			continue;
		uint32_t size = u32(e + 0x78);
		if (size > READ_MAX_BYTES) {
			c->err = "a stream larger than apc reads";
			return NULL;
		}
		if (size < c->cutoff)
			return chain(c, u32(e + 0x74), size, c->minifat, c->nminifat, 1, len);
		return chain(c, u32(e + 0x74), size, c->fat, c->nfat, 0, len);
	}
	return NULL;
}

/* ---- the Word document ---- */

typedef struct wdoc {
	const unsigned char *w, *t;    /* WordDocument and the table stream */
	size_t wn, tn;
	const unsigned char *bte;      /* PlcBtePapx: n + 1 FCs, then n page numbers */
	size_t nbte;
	xmlDocPtr x;
	xmlNsPtr ns;
	xmlNodePtr bodyx, tbl, tr, tc, p;
	strbuf run;                    /* the text of the run being gathered */
	int field[16];                 /* per open field: 1 while in its code (before 0x14) */
	int nfield;
	const unsigned char *btec;     /* PlcBteChpx, as bte */
	size_t nbtec;
	char (*fonts)[48];             /* by font index: a legacy font's name, or "" */
	size_t nfont;
	int *style_ftc;                /* by style (istd): its font through its bases */
	size_t nstyle;
	unsigned para_istd;            /* the style of the paragraph being read */
	int para_start;                /* the next character starts a paragraph */
	uint32_t chp_lo, chp_hi;       /* the character run last looked up, its font */
	int chp_ftc;
	const char *run_font;          /* the legacy font of the run being gathered, or NULL */
	xmlDocPtr numbering;           /* the lists, as WordprocessingML numbering (or NULL) */
	int nlfo;                      /* list references (w:num) in it */
	unsigned unnumbered;           /* paragraphs whose list could not be read */
	size_t nodes;                  /* elements made from the text (DOC_MAX_NODES) */
} wdoc;

/* The paragraph properties of the paragraph whose mark is at file offset fc: in a table,
 * ending a table row, with a list number. */
typedef struct pprops {
	unsigned istd;      /* the paragraph's style */
	int in_table, row_end;
	int ilfo, ilvl;     /* the list (1-based LFO index, 0 none) and its level */
} pprops;

/* In a PLC's n + 1 ascending FCs at fcs, the i with fcs[i] <= fc < fcs[i + 1], or n. */
static size_t
plc_find(const unsigned char *fcs, size_t n, uint32_t fc)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (u32(fcs + 4 * (mid + 1)) <= fc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && u32(fcs + 4 * lo) <= fc ? lo : n;
}

/* The FKP page and run j in it that hold file offset fc, through a bin table (PlcBtePapx or
 * PlcBteChpx: n + 1 FCs, then n page numbers); rgb is the size of each run's offset entry (13
 * for paragraphs, 1 for characters). The page, or NULL. */
static const unsigned char *
fkp_at(const wdoc *d, const unsigned char *bte, size_t n, size_t rgb, uint32_t fc, unsigned *run)
{
	size_t bin = plc_find(bte, n, fc);   /* the bin, then the run in its page */
	if (bin == n)
		return NULL;
	uint32_t pn = u32(bte + 4 * (n + 1) + 4 * bin) & 0x3FFFFF;
	if ((size_t)pn * 512 + 512 > d->wn)
		return NULL;
	const unsigned char *pg = d->w + (size_t)pn * 512;
	unsigned crun = pg[511];
	if (crun == 0 || (size_t)(crun + 1) * 4 + (size_t)crun * rgb > 511)
		return NULL;
	size_t j = plc_find(pg, crun, fc);
	if (j == crun)
		return NULL;
	*run = (unsigned)j;
	return pg;
}

/* The next sprm of g[0..end): its operation code and operand, or 0 at the end (or when it
 * runs past it). */
static unsigned
sprm_next(const unsigned char **g, const unsigned char *end, const unsigned char **operand)
{
	if (*g + 2 > end)
		return 0;
	unsigned op = u16(*g);
	const unsigned char *o = *g + 2;
	size_t sz;
	switch (op >> 13) {
	case 0: case 1: sz = 1; break;
	case 2: case 4: case 5: sz = 2; break;
	case 3: sz = 4; break;
	case 7: sz = 3; break;
	default:     /* variable: a length byte first (sprmPChgTabs: 255 means more) */
		if (o >= end || (op == 0xC615 && o[0] == 255))
			return 0;
		sz = (size_t)o[0] + 1;
		break;
	}
	if (o + sz > end)
		return 0;
	*operand = o;
	*g = o + sz;
	return op;
}

static pprops
papx_at(const wdoc *d, uint32_t fc)
{
	pprops pp = { 0, 0, 0, 0, 0 };
	unsigned j;
	const unsigned char *pg = fkp_at(d, d->bte, d->nbte, 13, fc, &j);
	if (pg == NULL)
		return pp;
	unsigned crun = pg[511], b = pg[(crun + 1) * 4 + j * 13];
	if (b == 0)
		return pp;
	size_t at = (size_t)b * 2, len;
	if (at >= 511)
		return pp;
	if (pg[at] != 0) {
		len = (size_t)pg[at] * 2 - 1;
		at += 1;
	} else {
		if (at + 1 >= 511)
			return pp;
		len = (size_t)pg[at + 1] * 2;
		at += 2;
	}
	if (at + len > 511 || len < 2)
		return pp;
	pp.istd = u16(pg + at);
	const unsigned char *g = pg + at + 2, *end = pg + at + len, *o;   /* after the style index */
	for (unsigned op; (op = sprm_next(&g, end, &o)) != 0;) {
		if (op == 0x2416)            /* sprmPFInTable */
			pp.in_table = o[0] != 0;
		else if (op == 0x2417)       /* sprmPFTtp */
			pp.row_end = o[0] != 0;
		else if (op == 0x460B)       /* sprmPIlfo */
			pp.ilfo = (int16_t)u16(o);
		else if (op == 0x260A)       /* sprmPIlvl */
			pp.ilvl = o[0] < 9 ? o[0] : 0;
	}
	return pp;
}

/* The font (sprmCRgFtc0) a character property list g[0..end) sets, or -1. */
static int
chp_font(const unsigned char *g, const unsigned char *end)
{
	const unsigned char *o;
	int ftc = -1;
	for (unsigned op; (op = sprm_next(&g, end, &o)) != 0;)
		if (op == 0x4A4F)
			ftc = u16(o);
	return ftc;
}

/* The legacy font (docx_font_encoding) of the character at file offset fc, or NULL: the run's own
 * font (its CHPX), else its paragraph style's (read through the style's bases, the sheet's
 * standard font last). The run's extent is kept, so a run is looked up once. */
static const char *
font_at(wdoc *d, uint32_t fc)
{
	if (d->nfont == 0)
		return NULL;
	if (!(d->chp_lo <= fc && fc < d->chp_hi)) {
		unsigned j;
		const unsigned char *pg = fkp_at(d, d->btec, d->nbtec, 1, fc, &j);
		d->chp_ftc = -1;
		d->chp_lo = d->chp_hi = fc;
		if (pg) {
			d->chp_lo = u32(pg + 4 * j);
			d->chp_hi = u32(pg + 4 * (j + 1));
			size_t at = (size_t)pg[(pg[511] + 1) * 4 + j] * 2;
			if (at > 0 && at < 511 && at + 1 + pg[at] <= 511)
				d->chp_ftc = chp_font(pg + at + 1, pg + at + 1 + pg[at]);
		}
		if (d->chp_hi <= fc)
			d->chp_hi = fc + 1;
	}
	int ftc = d->chp_ftc;
	if (ftc < 0 && d->para_istd < d->nstyle)
		ftc = d->style_ftc[d->para_istd];
	return ftc >= 0 && (size_t)ftc < d->nfont && d->fonts[ftc][0] ? d->fonts[ftc] : NULL;
}

/* The font table (SttbfFfn): the names of the legacy fonts, "" for the others. */
static void
read_fonts(wdoc *d, uint32_t fc, uint32_t lcb)
{
	if (lcb < 4 || (size_t)fc + lcb > d->tn)
		return;
	const unsigned char *p = d->t + fc, *end = p + lcb;
	size_t n = u16(p);
	p += 4;
	d->fonts = xcalloc(n + 1, sizeof *d->fonts);
	for (size_t i = 0; i < n && p < end; i++) {
		size_t len = p[0];
		const unsigned char *f = p + 1;
		p += 1 + len;
		if (p > end)
			break;
		d->nfont = i + 1;
		if (len < 41)
			continue;
		char name[sizeof d->fonts[0]];
		size_t k = 0;
		for (const unsigned char *c = f + 39; c + 1 < f + len && u16(c) != 0 && k + 1 < sizeof name; c += 2)
			name[k++] = u16(c) < 0x80 ? (char)u16(c) : '?';
		name[k] = '\0';
		int caps;
		if (docx_font_encoding(name, &caps) != ENC_NONE)
			memcpy(d->fonts[i], name, k + 1);
	}
}

/* The style sheet (STSH): each style's base and font (sprmCRgFtc0 in its CHPX), resolved through
 * its bases, into d->style_ftc; the sheet's standard font for a style that sets none. */
static void
read_styles(wdoc *d, uint32_t fc, uint32_t lcb)
{
	if (lcb < 20 || (size_t)fc + lcb > d->tn)
		return;
	const unsigned char *p = d->t + fc, *end = p + lcb;
	size_t cbshi = u16(p);
	if (cbshi < 18 || 2 + cbshi > lcb)
		return;
	size_t cstd = u16(p + 2), base = u16(p + 2 + 2);   /* cstd, cbSTDBaseInFile */
	int standard = u16(p + 2 + 12);                     /* rgftcStandardChpStsh[0] */
	if (cstd > 4096 || base < 10)
		return;
	int *own = xmalloc(cstd * sizeof *own), *up = xmalloc(cstd * sizeof *up);
	const unsigned char *q = p + 2 + cbshi;
	for (size_t istd = 0; istd < cstd; istd++) {
		own[istd] = -1;
		up[istd] = -1;
		if (q + 2 > end)
			continue;
		size_t cb = u16(q);
		const unsigned char *std = q + 2, *e = std + cb;
		q = e;
		if (cb == 0 || e > end || base + 2 > cb)
			continue;
		unsigned stk = u16(std + 2) & 0x0F, ib = u16(std + 2) >> 4;
		up[istd] = ib < cstd ? (int)ib : -1;
		const unsigned char *x = std + base;
		x += 2 + 2 * (size_t)u16(x) + 2;                 /* the name and its NUL */
		int chpx = stk == 1 ? 1 : stk == 2 ? 0 : -1;     /* which UPX holds the CHPX */
		for (int k = 0; k <= chpx && x + 2 <= e; k++) {
			size_t n = u16(x);
			const unsigned char *u = x + 2;
			if (u + n > e)
				break;
			if (k == chpx)
				own[istd] = chp_font(u, u + n);
			x = u + n + (n & 1);
		}
	}
	d->style_ftc = xmalloc(cstd * sizeof *d->style_ftc);
	d->nstyle = cstd;
	for (size_t istd = 0; istd < cstd; istd++) {
		int s = (int)istd, f = -1;
		for (int hops = 0; s >= 0 && f < 0 && hops < 16; hops++) {
			f = own[s];
			s = up[s];
		}
		d->style_ftc[istd] = f >= 0 ? f : standard;
	}
	free(own);
	free(up);
}

static xmlNodePtr
wnode(wdoc *d, xmlNodePtr parent, const char *name)
{
	d->nodes++;
	return xnonnull(xmlNewChild(parent, d->ns, BAD_CAST name, NULL));
}

/* The paragraph being read: made detached, placed at its mark (in a cell or in the body). */
static xmlNodePtr
para(wdoc *d)
{
	if (d->p == NULL) {
		d->p = xnonnull(xmlNewDocNode(d->x, d->ns, BAD_CAST "p", NULL));
		d->nodes++;
	}
	return d->p;
}

/* The run gathered so far, as w:r/w:t in the paragraph. */
static void
flush_run(wdoc *d)
{
	if (d->run.len == 0)
		return;
	para(d);
	xmlNodePtr r = wnode(d, d->p, "r");
	if (d->run_font) {   /* read through the font's encoding (docx_legacy_text) */
		xmlNodePtr f = wnode(d, wnode(d, r, "rPr"), "rFonts");
		xmlNewNsProp(f, d->ns, BAD_CAST "ascii", BAD_CAST d->run_font);
		xmlNewNsProp(f, d->ns, BAD_CAST "hAnsi", BAD_CAST d->run_font);
	}
	xnonnull(xmlNewTextChild(r, d->ns, BAD_CAST "t", BAD_CAST d->run.s));
	d->run.len = 0;
	d->run.s[0] = '\0';
}

static void
mark(wdoc *d, const char *name, const char *type)
{
	flush_run(d);
	xmlNodePtr r = wnode(d, para(d), "r"), e = wnode(d, r, name);
	if (type)
		xmlNewNsProp(e, d->ns, BAD_CAST "type", BAD_CAST type);
}

static xmlNodePtr
wval(wdoc *d, xmlNodePtr parent, const char *name, const char *attr, long v)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", v);
	xmlNodePtr e = wnode(d, parent, name);
	xmlNewNsProp(e, d->ns, BAD_CAST attr, BAD_CAST num);
	return e;
}

/* The paragraph's list number, as w:pPr/w:numPr first in the paragraph (docx.c numbers it). */
static void
list_mark(wdoc *d, xmlNodePtr p, pprops pp)
{
	xmlNodePtr ppr = xnonnull(xmlNewDocNode(d->x, d->ns, BAD_CAST "pPr", NULL));
	ppr = p->children ? xmlAddPrevSibling(p->children, ppr) : xmlAddChild(p, ppr);
	xmlNodePtr np = wnode(d, ppr, "numPr");
	wval(d, np, "ilvl", "val", pp.ilvl);
	wval(d, np, "numId", "val", pp.ilfo);
}

/* MS-DOC's number formats (MSONFC) by their WordprocessingML names. */
static const char *
nfc_name(unsigned nfc)
{
	switch (nfc) {
	case 0: return "decimal";
	case 1: return "upperRoman";
	case 2: return "lowerRoman";
	case 3: return "upperLetter";
	case 4: return "lowerLetter";
	case 22: return "decimalZero";
	case 23: return "bullet";
	case 255: return "none";
	default: return "decimal";
	}
}

/* One LVL at t[*at]: a w:lvl of level k under parent (NULL: only stepped over). 0, or -1 when
 * it runs past the stream. */
static int
read_lvl(wdoc *d, size_t *at, xmlNodePtr parent, int k)
{
	const unsigned char *t = d->t;
	if (*at + 28 > d->tn)
		return -1;
	const unsigned char *f = t + *at;
	size_t x = *at + 28 + f[25] + f[24];   /* past grpprlPapx and grpprlChpx */
	if (x + 2 > d->tn)
		return -1;
	size_t cch = u16(t + x);
	if (x + 2 + 2 * cch > d->tn)
		return -1;
	if (parent) {
		xmlNodePtr l = wval(d, parent, "lvl", "ilvl", k);
		wval(d, l, "start", "val", (int32_t)u32(f));
		xmlNewNsProp(wnode(d, l, "numFmt"), d->ns, BAD_CAST "val", BAD_CAST nfc_name(f[4]));
		strbuf b = {0};
		sb_add(&b, "", 0);
		for (size_t i = 0; i < cch; i++) {
			unsigned c = u16(t + x + 2 + 2 * i);
			if (c < 9)
				sb_addf(&b, "%%%u", c + 1);   /* level c's number */
			else if (c >= 0x20 && !(c >= 0xD800 && c <= 0xDFFF)) {
				utf8proc_uint8_t u[4];
				utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)c, u);
				sb_add(&b, (const char *)u, (size_t)n);
			}
		}
		xmlNewNsProp(wnode(d, l, "lvlText"), d->ns, BAD_CAST "val", BAD_CAST (b.s ? b.s : ""));
		free(b.s);
		if (f[5] & 0x04)
			wnode(d, l, "isLgl");
	}
	*at = x + 2 + 2 * cch;
	return 0;
}

/* The lists (PlfLst and the LVLs after it) and their uses (PlfLfo) as a w:numbering tree: one
 * w:abstractNum per list, one w:num per LFO (numbered from 1, as sprmPIlfo counts). */
static void
read_lists(wdoc *d, uint32_t fclst, uint32_t lcblst, uint32_t fclfo, uint32_t lcblfo)
{
	const unsigned char *t = d->t;
	if (lcblst < 2 || lcblfo < 4 || (size_t)fclst + lcblst > d->tn || (size_t)fclfo + lcblfo > d->tn)
		return;
	size_t nlst = u16(t + fclst);
	if (2 + nlst * 28 > lcblst || nlst > DOC_MAX_LISTS)
		return;
	d->numbering = xnonnull(xmlNewDoc(BAD_CAST "1.0"));
	xmlNodePtr root = xnonnull(xmlNewDocNode(d->numbering, NULL, BAD_CAST "numbering", NULL));
	xmlDocSetRootElement(d->numbering, root);
	xmlNsPtr ns = xnonnull(xmlNewNs(root, BAD_CAST W_NS_URI, BAD_CAST "w")), keep = d->ns;
	xmlSetNs(root, ns);
	d->ns = ns;
	size_t at = (size_t)fclst + lcblst;   /* the LVLs follow the PlfLst */
	for (size_t i = 0; i < nlst; i++) {
		const unsigned char *l = t + fclst + 2 + i * 28;
		xmlNodePtr a = wval(d, root, "abstractNum", "abstractNumId", (long)i);
		int levels = (l[26] & 0x01) ? 1 : 9;   /* fSimpleList */
		for (int k = 0; k < levels; k++)
			if (read_lvl(d, &at, a, k) != 0)
				goto done;
	}
	size_t nlfo = u32(t + fclfo);
	if (nlfo > (lcblfo - 4) / 16 || nlfo > DOC_MAX_LISTS)
		goto done;   /* past the cap, the lists' paragraphs are said (doc-list-numbers) */
	size_t data = (size_t)fclfo + 4 + nlfo * 16;   /* the LFOData after the LFOs */
	for (size_t j = 0; j < nlfo; j++) {
		const unsigned char *o = t + fclfo + 4 + j * 16;
		uint32_t lsid = u32(o);
		size_t list = nlst;
		for (size_t i = 0; i < nlst && list == nlst; i++)
			if (u32(t + fclst + 2 + i * 28) == lsid)
				list = i;
		xmlNodePtr m = wval(d, root, "num", "numId", (long)j + 1);
		wval(d, m, "abstractNumId", "val", list < nlst ? (long)list : -1);
		unsigned nover = o[12];
		if (data + 4 > d->tn)
			goto done;
		data += 4;   /* the cp */
		for (unsigned k = 0; k < nover; k++) {
			if (data + 8 > d->tn)
				goto done;
			int32_t start = (int32_t)u32(t + data);
			unsigned fl = u32(t + data + 4), lvl = fl & 0x0F;
			data += 8;
			if ((fl & 0x10) && lvl < 9) {   /* fStartAt */
				xmlNodePtr ov = wval(d, m, "lvlOverride", "ilvl", lvl);
				wval(d, ov, "startOverride", "val", start);
			}
			if ((fl & 0x20) && read_lvl(d, &data, NULL, 0) != 0)   /* fFormatting: an LVL */
				goto done;
		}
		d->nlfo = (int)(j + 1);
	}
done:
	d->ns = keep;
}

/* A paragraph mark (CR) or a cell or row mark (0x07) at file offset fc. */
static void
end_para(wdoc *d, unsigned ch, uint32_t fc)
{
	pprops pp = papx_at(d, fc);
	d->para_start = 1;
	flush_run(d);
	xmlNodePtr p = para(d);
	d->p = NULL;
	if (ch == 0x07 && pp.row_end) {   /* the row's own mark: the row is done */
		xmlFreeNode(p);
		d->tr = d->tc = NULL;
		return;
	}
	if (pp.ilfo > 0 && pp.ilfo <= d->nlfo)
		list_mark(d, p, pp);
	else if (pp.ilfo != 0)
		d->unnumbered++;
	if (pp.in_table || ch == 0x07) {
		if (d->tbl == NULL)
			d->tbl = wnode(d, d->bodyx, "tbl");
		if (d->tr == NULL)
			d->tr = wnode(d, d->tbl, "tr");
		if (d->tc == NULL)
			d->tc = wnode(d, d->tr, "tc");
		xmlAddChild(d->tc, p);
		if (ch == 0x07)
			d->tc = NULL;   /* the cell is done */
		return;
	}
	d->tbl = d->tr = d->tc = NULL;   /* out of any table */
	xmlAddChild(d->bodyx, p);
}

/* Windows-1252's 0x80-0x9F (what a compressed piece's bytes are), as code points. */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
	0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
};

/* One character of the main text, at file offset fc. */
static void
put_char(wdoc *d, uint32_t ch, uint32_t fc)
{
	if (d->para_start) {   /* the paragraph's style, for its characters' fonts */
		d->para_istd = papx_at(d, fc).istd;
		d->para_start = 0;
	}
	/* fields nested deeper than the stack are read as text, as the .docx reader does */
	int in_code = d->nfield > 0 && d->nfield <= (int)(sizeof d->field / sizeof d->field[0]) &&
	    d->field[d->nfield - 1];
	switch (ch) {
	case 0x13:   /* field begin: its code follows */
		if (d->nfield < (int)(sizeof d->field / sizeof d->field[0]))
			d->field[d->nfield] = 1;
		d->nfield++;
		return;
	case 0x14:   /* field separator: its result follows */
		if (d->nfield > 0 && d->nfield <= (int)(sizeof d->field / sizeof d->field[0]))
			d->field[d->nfield - 1] = 0;
		return;
	case 0x15:   /* field end */
		if (d->nfield > 0)
			d->nfield--;
		return;
	default:
		break;
	}
	if (in_code && ch != 0x0D && ch != 0x07)
		return;
	switch (ch) {
	case 0x0D:
	case 0x07:
		end_para(d, ch, fc);
		return;
	case 0x09:
		mark(d, "tab", NULL);
		return;
	case 0x0B:
		mark(d, "br", NULL);
		return;
	case 0x0C:
		mark(d, "br", "page");
		return;
	case 0x1E:
		ch = '-';       /* non-breaking hyphen */
		break;
	case 0x1F:          /* optional hyphen: in TCVN3, ư (0xAD, which Word stores so) */
		if (font_at(d, fc) == NULL)
			return;
		ch = 0xAD;
		break;
	default:
		if (ch < 0x20 || (ch >= 0xD800 && ch <= 0xDFFF) || ch == 0xFFFE || ch == 0xFFFF)
			return;     /* objects, pictures, footnote marks; unpaired surrogates */
		break;
	}
	const char *font = font_at(d, fc);
	if (font != d->run_font) {
		flush_run(d);
		d->run_font = font;
	}
	utf8proc_uint8_t u[4];
	utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)ch, u);
	sb_add(&d->run, (const char *)u, (size_t)k);
}

/* The main text through the piece table: 0, or -1 with *why. */
static int
read_text(wdoc *d, const char **why)
{
	const unsigned char *w = d->w;
	if (d->wn < 0x22 || u16(w) != 0xA5EC) {
		*why = "no Word document in the file";
		return -1;
	}
	unsigned flags = u16(w + 0x0A);
	if (flags & 0x0100) {
		*why = "the document is encrypted (password-protected)";
		return -1;
	}
	size_t csw = u16(w + 32), at = 34 + csw * 2;
	if (at + 2 > d->wn)
		goto bad;
	size_t cslw = u16(w + at), lw = at + 2;
	at = lw + cslw * 4;
	if (cslw < 4 || at + 2 > d->wn)
		goto bad;
	uint32_t ccp = u32(w + lw + 3 * 4);   /* ccpText: the main document's characters */
	size_t ncl = u16(w + at), blob = at + 2;
	if (ncl < 34 || blob + ncl * 8 > d->wn)
		goto bad;
	uint32_t fcclx = u32(w + blob + 33 * 8), lcbclx = u32(w + blob + 33 * 8 + 4);
	uint32_t fcbte = u32(w + blob + 13 * 8), lcbbte = u32(w + blob + 13 * 8 + 4);
	if ((size_t)fcclx + lcbclx > d->tn || lcbclx == 0)
		goto bad;
	read_fonts(d, u32(w + blob + 15 * 8), u32(w + blob + 15 * 8 + 4));
	read_styles(d, u32(w + blob + 1 * 8), u32(w + blob + 1 * 8 + 4));
	uint32_t fcbtec = u32(w + blob + 12 * 8), lcbbtec = u32(w + blob + 12 * 8 + 4);
	if ((size_t)fcbtec + lcbbtec <= d->tn && lcbbtec >= 12 && (lcbbtec - 4) % 8 == 0) {
		d->btec = d->t + fcbtec;
		d->nbtec = (lcbbtec - 4) / 8;
	}
	if (ncl > 74)
		read_lists(d, u32(w + blob + 73 * 8), u32(w + blob + 73 * 8 + 4), u32(w + blob + 74 * 8),
		    u32(w + blob + 74 * 8 + 4));
	if ((size_t)fcbte + lcbbte <= d->tn && lcbbte >= 12 && (lcbbte - 4) % 8 == 0) {
		d->bte = d->t + fcbte;
		d->nbte = (lcbbte - 4) / 8;
	}
	/* the Clx: Prc entries to skip, then the Pcdt */
	const unsigned char *c = d->t + fcclx, *ce = c + lcbclx;
	while (c < ce && c[0] == 0x01) {
		if (c + 3 > ce)
			goto bad;
		c += 3 + u16(c + 1);
	}
	if (c + 5 > ce || c[0] != 0x02)
		goto bad;
	uint32_t lcb = u32(c + 1);
	const unsigned char *plc = c + 5;
	if (lcb < 16 || (lcb - 4) % 12 != 0 || plc + lcb > ce)
		goto bad;
	size_t npc = (lcb - 4) / 12, total = 0;
	const unsigned char *pcd = plc + 4 * (npc + 1);   /* the PCDs: 8 bytes each */
	for (size_t i = 0; i < npc; i++) {
		uint32_t cp0 = u32(plc + 4 * i), cp1 = u32(plc + 4 * (i + 1));
		if (cp1 > ccp)
			cp1 = ccp;
		if (cp0 >= cp1)
			continue;
		uint32_t fc = u32(pcd + 8 * i + 2);
		int compressed = (fc & 0x40000000u) != 0;
		size_t off = compressed ? (fc & 0x3FFFFFFFu) / 2 : fc & 0x3FFFFFFFu, each = compressed ? 1 : 2;
		size_t count = cp1 - cp0;
		if (off > d->wn || count > (d->wn - off) / each)
			goto bad;
		/* pieces never share their bytes: more characters than the stream has bytes are
		 * pieces pointing at the same text again (20,000 of them: gigabytes from 300 KB) */
		total += count;
		if (total > d->wn) {
			*why = "a damaged Word document (its pieces of text overlap)";
			return -1;
		}
		for (size_t k = 0; k < count; k++) {
			if (d->nodes > DOC_MAX_NODES) {
				*why = "more paragraphs, cells, tabs and breaks than apc reads (1,000,000 elements)";
				return -1;
			}
			const unsigned char *p = w + off + k * each;
			uint32_t ch;
			if (compressed)
				ch = p[0] >= 0x80 && p[0] < 0xA0 ? cp1252_hi[p[0] - 0x80] : p[0];
			else {
				ch = u16(p);
				if (ch >= 0xD800 && ch < 0xDC00 && k + 1 < count) {
					uint32_t lo = u16(p + 2);
					if (lo >= 0xDC00 && lo < 0xE000) {
						put_char(d, 0x10000 + ((ch - 0xD800) << 10) + (lo - 0xDC00),
						    (uint32_t)(off + k * each));
						k++;
						continue;
					}
				}
			}
			put_char(d, ch, (uint32_t)(off + k * each));
		}
	}
	flush_run(d);
	if (d->p) {   /* text after the last mark */
		xmlAddChild(d->bodyx, d->p);
		d->p = NULL;
	}
	return 0;
bad:
	*why = "a damaged Word document (its text table is out of bounds)";
	return -1;
}

int
doc_read(const char *bytes, size_t n, strbuf *text, apc_source *src, apc_diags *diags)
{
	cfb c;
	wdoc d;
	memset(&d, 0, sizeof d);
	unsigned char *w = NULL, *t = NULL;
	size_t wn = 0, tn = 0;
	const char *why = NULL;
	int rc = -1;
	if (cfb_open(&c, bytes, n) != 0) {
		why = c.err;
		goto out;
	}
	if ((w = cfb_stream(&c, "WordDocument", &wn)) == NULL) {
		why = c.err ? c.err : "no WordDocument stream (another Office file?)";
		goto out;
	}
	int one = wn > 0x0B && (u16(w + 0x0A) & 0x0200);
	if ((t = cfb_stream(&c, one ? "1Table" : "0Table", &tn)) == NULL) {
		why = c.err ? c.err : "no table stream";
		goto out;
	}
	d.w = w, d.wn = wn, d.t = t, d.tn = tn;
	d.x = xnonnull(xmlNewDoc(BAD_CAST "1.0"));
	xmlNodePtr root = xnonnull(xmlNewDocNode(d.x, NULL, BAD_CAST "document", NULL));
	xmlDocSetRootElement(d.x, root);
	d.ns = xnonnull(xmlNewNs(root, BAD_CAST W_NS_URI, BAD_CAST "w"));
	xmlSetNs(root, d.ns);
	d.bodyx = wnode(&d, root, "body");
	sb_add(&d.run, "", 0);
	d.para_start = 1;
	if (read_text(&d, &why) != 0)
		goto out;
	xmlDocPtr x = d.x, nb = d.numbering;
	d.x = d.numbering = NULL;
	if (docx_read_tree(x, nb, text, src, diags) != 0) {
		why = "no document body";
		goto out;
	}
	diag_emit(diags, D_DOC_READ, 1, 1);
	if (d.unnumbered)
		diag_emit(diags, D_DOC_LIST_NUMBERS, 1, 1, d.unnumbered);
	rc = 0;
out:
	if (rc != 0)
		diag_emit(diags, D_DOC_UNREADABLE, 0, 0, why ? why : "?", why ? why : "?");
	xmlFreeNode(d.p);
	free(d.fonts);
	free(d.style_ftc);
	xmlFreeDoc(d.x);
	xmlFreeDoc(d.numbering);
	free(d.run.s);
	free(w);
	free(t);
	cfb_close(&c);
	return rc;
}
