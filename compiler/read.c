/*
 * read.c: bytes to text. The stage every other one trusts: what leaves here is valid UTF-8,
 * NFC, with '\n' line ends, no NUL, no BOM, lines no longer than READ_MAX_LINE, and a line
 * index. Whatever had to be repaired is reported at its line and column. Characters that hide
 * (zero-width ones, a byte-order mark inside the text, bidirectional controls) are reported where
 * they stand and read through; runs of combining marks are cut at READ_MAX_MARKS before NFC; a
 * file over READ_MAX_BYTES is refused by its size without being read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include "docx.h"

#define READ_MAX_MARKS 30    /* combining marks in a row (Unicode's stream-safe limit, UAX #15) */
#define READ_MAX_DROPS 65536 /* hidden characters whose place is kept (src->drops) */

/* Read at most limit+1 bytes of path into *buf. 0, or -1 with errno. */
static int
slurp(const char *path, size_t limit, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {        /* fifos, devices: refuse, never block */
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size > limit) {
		/* too large: refused by its size, not read (reading it first cost ~80 MiB a worker) */
		close(fd);
		*buf = xstrdup("");
		*len = (size_t)st.st_size;
		return 0;
	}
	size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	char *p = xmalloc(cap + 1);
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			if (n > limit)
				break;
			cap *= 2;
			p = xrealloc(p, cap + 1);
		}
		ssize_t r = read(fd, p + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(p);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	p[n] = '\0';
	*buf = p;
	*len = n;
	return 0;
}

/* UTF-16 (with BOM) to UTF-8; unpaired surrogates become U+FFFD. */
static char *
from_utf16(const unsigned char *s, size_t n, int big, size_t *outlen)
{
	strbuf b = {0};
	for (size_t i = 0; i + 1 < n; i += 2) {
		uint32_t u = big ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
			uint32_t v = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3]) : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
			if (v >= 0xDC00 && v <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
				i += 2;
			} else
				u = 0xFFFD;
		} else if (u >= 0xD800 && u <= 0xDFFF)
			u = 0xFFFD;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)u, enc);
		sb_add(&b, (const char *)enc, (size_t)k);
	}
	*outlen = b.len;
	return sb_take(&b);
}

int
read_inert(int32_t cp)
{
	return (cp >= 0x80 && cp < 0x300 && cp != 0xAD) || (cp >= 0x1E00 && cp < 0x1F00) ||
	    (cp >= 0x2010 && cp < 0x2028);
}

/* The inert character of two or three bytes of valid UTF-8 at s[0..n) (read_inert): its length,
 * or 0 when there is none there (anything else, or invalid). */
static size_t
inert_at(const unsigned char *s, size_t n)
{
	int32_t cp;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		cp = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return cp != 0xAD && cp < 0x300 ? 2 : 0;
	}
	if (s[0] == 0xE1 || s[0] == 0xE2) {     /* U+1000..U+2FFF: no overlong or surrogate form */
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		cp = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return read_inert(cp) ? 3 : 0;
	}
	return 0;
}

/* A web page saved as it is: after a BOM and blank space it opens with a tag only HTML has (a
 * text document never does), and its tags would be read as the document's words. */
static int
is_html(const char *s, size_t n)
{
	static const char *const opening[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta ", "<!-- saved from url",
	};
	size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	for (size_t k = 0; k < sizeof opening / sizeof opening[0]; k++) {
		size_t l = strlen(opening[k]);
		if (n - i >= l && strncasecmp(s + i, opening[k], l) == 0)
			return 1;
	}
	return 0;
}

/* PDF, RTF, a web page: one error that says how to convert, and nothing else. */
static int
unsupported(const char *s, size_t n, apc_diags *d)
{
	static const struct { const char *magic; size_t len; const char *vi, *en; } kinds[] = {
		{ "%PDF-", 5, "PDF", "PDF" },
		{ "{\\rtf", 5, "RTF", "RTF" },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (n >= kinds[i].len && memcmp(s, kinds[i].magic, kinds[i].len) == 0) {
			diag_emit(d, D_FILE_FORMAT_UNSUPPORTED, 0, 0, kinds[i].vi, kinds[i].en);
			return 1;
		}
	if (is_html(s, n)) {
		diag_emit(d, D_FILE_FORMAT_UNSUPPORTED, 0, 0, "HTML (trang web)", "web page (HTML)");
		return 1;
	}
	return 0;
}

/* The length of the well-formed UTF-8 sequence of two or three bytes at s[0..n) (Unicode's
 * table 3-7: no overlong form, no surrogate), or 0 (anything else: utf8proc decides). */
static size_t
valid_at(const unsigned char *s, size_t n)
{
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xE0 && s[0] <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[0] != 0xE0 || s[1] >= 0xA0) && (s[0] != 0xED || s[1] < 0xA0))
		return 3;
	return 0;
}

/* How s[0..n) fails to be UTF-8: valid multi-byte sequences (good), invalid bytes (bad), the
 * invalid ones shaped like UTF-8 (a lead byte and continuation bytes: overlong forms,
 * surrogates, a cut sequence), the first invalid byte, NUL bytes (binary). */
typedef struct utf8_stats { size_t good, bad, shaped, first, nul; } utf8_stats;

static void
utf8_survey(const char *s, size_t n, utf8_stats *st)
{
	memset(st, 0, sizeof *st);
	st->first = n;
	for (size_t i = 0; i < n;) {
		/* ASCII stepped over (NUL bytes are counted at the end, if it matters) */
		while (i < n && (unsigned char)s[i] < 0x80)
			i++;
		if (i == n)
			break;
		unsigned char c = (unsigned char)s[i];
		size_t q = valid_at((const unsigned char *)s + i, n - i);
		if (q > 0) {            /* the common case, without decoding */
			st->good++;
			i += q;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp);
		if (k > 0) {
			st->good++;
			i += (size_t)k;
			continue;
		}
		if (st->bad++ == 0)
			st->first = i;
		if (c >= 0xC0 && (i + 1 == n || ((unsigned char)s[i + 1] & 0xC0) == 0x80))
			st->shaped++;
		i++;
		while (c >= 0xC0 && i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;    /* the rest of a broken sequence is the same mistake */
	}
	for (const char *z = st->bad > 0 ? memchr(s, 0, n) : NULL; z != NULL; z = memchr(z + 1, 0, n - (size_t)(z + 1 - s)))
		st->nul++;      /* (read only when the text is not valid UTF-8) */
}

/* Line and character column of byte offset at in s (for a text that is not UTF-8, a byte
 * that is not a continuation byte counts as a character). */
static void
byte_position(const char *s, size_t at, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n' || (c == '\r' && (i + 1 >= at || s[i + 1] != '\n'))) {
			++*line;
			*col = 1;
		} else if (c < 0x80 || c >= 0xC0)
			++*col;
	}
}

/* Combining marks in a row from s[0..n) (non-starters: canonical combining class not 0). */
static size_t
mark_run(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp);
		if (k <= 0 || cp < 0x300 || utf8proc_get_property(cp)->combining_class == 0)
			break;
		count++;
		i += (size_t)k;
	}
	return count;
}

/* After NFC a line may be longer than it was (a character excluded from composition decomposes
 * into two): cut every line back to READ_MAX_LINE bytes at a character boundary, so that what
 * leaves read.c keeps its promise. The text shrinks in place. */
static void
recap_lines(strbuf *b, apc_diags *d)
{
	size_t w = 0;
	unsigned line = 1;
	for (size_t r = 0; r < b->len;) {
		const char *nl = memchr(b->s + r, '\n', b->len - r);
		size_t l = nl ? (size_t)(nl - (b->s + r)) : b->len - r, keep = l;
		if (l > READ_MAX_LINE) {
			keep = READ_MAX_LINE;
			while (keep > 0 && ((unsigned char)b->s[r + keep] & 0xC0) == 0x80)
				keep--;
			diag_emit(d, D_LINE_TOO_LONG, line, (unsigned)utf8_chars(b->s + r, keep) + 1, l, (unsigned)READ_MAX_LINE);
		}
		memmove(b->s + w, b->s + r, keep);
		w += keep;
		r += l;
		if (nl) {
			b->s[w++] = '\n';
			r++;
		}
		line++;
	}
	b->len = w;
	b->s[w] = '\0';
}

int
read_source(apc_source *src, const char *path, const char *bytes, size_t len, int encoding, apc_diags *d)
{
	char *raw = NULL, *conv = NULL;
	size_t n = 0;
	int rc = -1;

	memset(src, 0, sizeof *src);
	src->path = xstrdup(path);
	if (bytes == NULL) {
		if (slurp(path, READ_MAX_BYTES, &raw, &n) != 0) {
			diag_emit(d, D_FILE_UNREADABLE, 0, 0, strerror(errno));
			goto out;
		}
	} else if (len <= READ_MAX_BYTES) {
		n = len;
		raw = xmalloc(n + 1);
		memcpy(raw, bytes, n);
		raw[n] = '\0';
	} else
		n = len;
	if (n > READ_MAX_BYTES) {          /* refused whole: one error, nothing downstream */
		diag_emit(d, D_FILE_TOO_LARGE, 0, 0, n, (unsigned)READ_MAX_BYTES);
		src->stop = 1;
		rc = 0;
		goto out;
	}

	const unsigned char *u = (const unsigned char *)raw;
	const char *text = raw;
	strbuf docx = {0};
	/* a Word document, .docx (docx.c) or 97-2003 (doc.c): its paragraphs and tables as lines */
	int (*word)(const char *, size_t, strbuf *, apc_source *, apc_diags *) =
	    docx_is_zip(raw, n) ? docx_read : doc_is_cfb(raw, n) ? doc_read : NULL;
	if (word) {
		if (word(raw, n, &docx, src, d) != 0) {
			src->stop = 1;
			rc = 0;
			goto out;
		}
		conv = sb_take(&docx);
		text = conv;
		n = strlen(conv);
	} else if (unsupported(raw, n, d)) {
		src->stop = 1;
		rc = 0;
		goto out;
	} else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		conv = from_utf16(u + 2, n - 2, u[0] == 0xFE, &n);
		text = conv;
		diag_emit(d, D_ENCODING_UTF16, 0, 0);
	} else if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		text += 3;
		n -= 3;
	}

	/* Not UTF-8: TCVN3, VNI or Windows-1258 (encoding.c), named by --encoding or detected
	 * when the text has invalid bytes, no NUL, and not four times as many valid sequences.
	 * When none fits: a text with valid UTF-8 in it, or whose bad bytes are broken UTF-8
	 * sequences, is damaged UTF-8 (repaired below, each bad byte reported); anything else
	 * gets one error at the first bad byte and nothing downstream of it. */
	utf8_stats st;
	if (conv == NULL && encoding != ENC_UTF8)
		utf8_survey(text, n, &st);
	if (conv == NULL && encoding != ENC_UTF8 &&
	    (encoding > ENC_UTF8 || (st.bad > 0 && st.nul == 0 && st.good < 4 * st.bad))) {
		enc_kind e = encoding > ENC_UTF8 ? (enc_kind)encoding : enc_detect(text, n);
		if (e > ENC_UTF8) {
			conv = enc_convert(e, text, n, &n);
			text = conv;
			src->encoding = enc_name(e);
			diag_emit(d, D_ENCODING_LEGACY, 0, 0, enc_name(e), enc_name(e));
		} else if (st.good == 0 && 2 * st.shaped < st.bad) {
			unsigned bl, bc;
			byte_position(text, st.first, &bl, &bc);
			diag_emit(d, D_ENCODING_UNKNOWN, bl, bc, (unsigned)(unsigned char)text[st.first]);
			src->stop = 1;
			rc = 0;
			goto out;
		}
	}

	/* One pass: repair bytes, unify line ends, cut long lines, count lines. The output is at
	 * most three bytes (U+FFFD) per input byte. */
	strbuf b = {0};
	b.cap = 3 * n + 1;
	b.s = xmalloc(b.cap);
	/* col: the column in the text as read; a hidden character taken out of the line is
	 * reported at its column in the file (col + dropped, the ones already taken out of the
	 * line) and kept in src->drops, so that read_remap can give every later stage's columns
	 * back to the file. */
	unsigned line = 1, col = 1, nul = 0, ctl = 0, dropped = 0;
	size_t linestart = 0, marks = 0;     /* marks: combining marks in a row just before i */
	size_t dcap = 0;
	int too_long = 0, nfc = 0;   /* nfc: a character NFC may change was copied */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		if (!too_long && ((c >= 0x20 && c < 0x7F) || c >= 0xC2)) {
			/* the bulk of any line: printable ASCII and the letters of Vietnamese, dashes
			 * and quotes (inert_at), copied as they are, one column each, while the line
			 * has room for them */
			size_t room = READ_MAX_LINE - (b.len - linestart), j = i, o = b.len;
			unsigned cols = 0;
			while (j < n) {
				unsigned char x = (unsigned char)text[j];
				size_t k3 = x >= 0x20 && x < 0x7F ? 1 : x >= 0xC2 ? inert_at((const unsigned char *)text + j, n - j) : 0;
				if (k3 == 0 || k3 > room)
					break;
				b.s[o] = (char)x;
				if (k3 > 1) {
					b.s[o + 1] = text[j + 1];
					if (k3 > 2)
						b.s[o + 2] = text[j + 2];
				}
				o += k3;
				j += k3;
				room -= k3;
				cols++;
			}
			if (j > i) {
				b.len = o;
				col += cols;
				i = j;
				marks = 0;
				continue;
			}
		}
		if (c >= 0x20 && c < 0x7F && !too_long) {
			/* printable ASCII past the line's room: the line is cut here, the rest of the
			 * run skipped */
			size_t j = i + 1;
			while (j < n && (unsigned char)text[j] >= 0x20 && (unsigned char)text[j] < 0x7F)
				j++;
			diag_emit(d, D_LINE_TOO_LONG, line, col, (size_t)(b.len - linestart + 1), (unsigned)READ_MAX_LINE);
			too_long = 1;
			i = j;
			continue;
		}
		if (c == '\r' || c == '\n') {
			b.s[b.len++] = '\n';
			i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
			if (++line > READ_MAX_LINES) {
				diag_emit(d, D_TOO_MANY_LINES, line, 1, (unsigned)READ_MAX_LINES);
				break;
			}
			col = 1;
			dropped = 0;
			linestart = b.len;
			too_long = 0;
			marks = 0;
			continue;
		}
		const char *piece;
		size_t plen;
		utf8proc_int32_t cp = 0;
		utf8proc_ssize_t k;
		int starter = 1, changes = 0;   /* a column of its own; a character NFC may change */
		if (c >= 0x20 && c < 0x80) {
			piece = text + i;
			plen = 1;
			k = 1;
		} else if (c == 0) {
			if (!nul++)
				diag_emit(d, D_ENCODING_NUL, line, col);
			piece = "\xEF\xBF\xBD";
			plen = 3;
			k = 1;
		} else if (c < 0x80) {
			/* C0 controls are not XML characters: tab stays, form feed and vertical tab
			 * (page breaks of extracted text) become spaces, the rest are reported */
			if (c != '\t' && c != '\f' && c != '\v' && !ctl++)
				diag_emit(d, D_CONTROL_CHARACTER, line, col, (unsigned)c);
			piece = c == '\t' ? "\t" : " ";
			plen = 1;
			k = 1;
		} else if ((k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
		    (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp)) > 0 &&
		    !((cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))) {
			piece = text + i;
			plen = (size_t)k;
			int bidi = 0;
			const char *name = utf8_hidden(cp, &bidi);
			if (name) {             /* reported where it stands, then read through */
				/* the fix deletes it; past the cap (diag.c) the reports are folded into
				 * one, which carries their fixes: one `apc fix` removes every one */
				char *old = xstrndup(text + i, (size_t)k);
				apc_diag *g = diag_emit(d, bidi ? D_BIDI_CONTROL : D_INVISIBLE_CHARACTER,
				    line, col + dropped, name, (unsigned)cp);
				if (!too_long || diag_shown(g))
					diag_fix(g, line, col + dropped, col + dropped + 1, old, "");
				free(old);
				i += (size_t)k;
				if (!too_long && src->ndrops < READ_MAX_DROPS) {
					if (src->ndrops == dcap) {
						dcap = dcap ? 2 * dcap : 16;
						src->drops = xrealloc(src->drops, dcap * sizeof *src->drops);
					}
					src->drops[src->ndrops++] = (apc_drop){ line, col, cp };
				}
				dropped++;
				continue;
			}
			/* what NFC changes: combining marks (decomposed Vietnamese from some Mac and
			 * PDF tools), characters excluded from composition (singletons such as
			 * U+212B) and conjoining jamo; precomposed letters are not */
			const utf8proc_property_t *pr = utf8proc_get_property(cp);
			starter = pr->combining_class == 0;
			changes = !starter || pr->comp_exclusion || (cp >= 0x1100 && cp <= 0x11FF);
			if (!starter) {
				/* a run of marks longer than any script needs is cut before NFC, whose
				 * reordering is quadratic in the run */
				if (++marks > READ_MAX_MARKS) {
					if (marks == READ_MAX_MARKS + 1)     /* past 20 a file: folded (diag.c) */
						diag_emit(d, D_COMBINING_MARKS, line, col,
						    READ_MAX_MARKS + mark_run(text + i, n - i), (unsigned)READ_MAX_MARKS);
					i += (size_t)k;
					continue;
				}
			} else
				marks = 0;
		} else {
			marks = 0;
			if (k > 0) {   /* a noncharacter (U+FFFE, U+FDD0...): replaced whole */
				if (!ctl++)
					diag_emit(d, D_CONTROL_CHARACTER, line, col, (unsigned)cp);
			} else {       /* invalid: one byte replaced, the next read afresh */
				k = 1;
				diag_emit(d, D_ENCODING_INVALID, line, col, (unsigned)c);   /* past 20: folded */
			}
			piece = "\xEF\xBF\xBD";
			plen = 3;
		}
		i += (size_t)k;
		if (too_long)
			continue;
		if (b.len - linestart + plen > READ_MAX_LINE) {
			diag_emit(d, D_LINE_TOO_LONG, line, col, (size_t)(b.len - linestart + plen), (unsigned)READ_MAX_LINE);
			too_long = 1;
			continue;
		}
		memcpy(b.s + b.len, piece, plen);
		b.len += plen;
		nfc |= changes;
		/* columns count characters of the NFC text: a combining mark joins the one before */
		if (starter)
			col++;
	}
	b.s[b.len] = '\0';

	if (nfc) {
		utf8proc_uint8_t *composed = utf8proc_NFC((const utf8proc_uint8_t *)b.s);
		if (composed != NULL) {
			free(b.s);
			b.s = (char *)composed;
			b.len = strlen(b.s);
			b.cap = b.len + 1;
			recap_lines(&b, d);
		}
	}
	src->text = sb_take(&b);
	src->len = strlen(src->text);
	/* give back the worst-case room (three bytes per input byte): a large block held and
	 * freed per document makes malloc consolidate its small chunks every time */
	src->text = xrealloc(src->text, src->len + 1);

	/* Line index. A final newline does not start another line. */
	size_t cap = 64;
	src->lines = xmalloc(cap * sizeof *src->lines);
	const char *p = src->text, *end = src->text + src->len;
	while (p < end || src->nlines == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (src->nlines == cap) {
			cap *= 2;
			src->lines = xrealloc(src->lines, cap * sizeof *src->lines);
		}
		src->lines[src->nlines].s = p;
		src->lines[src->nlines].len = l;
		src->nlines++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	int blank = 1;
	for (size_t i = 0; i < src->len && blank; i++)
		if (!strchr(" \t\n\f\v", src->text[i]))
			blank = 0;
	if (blank)
		diag_emit(d, D_FILE_EMPTY, 0, 0);
	rc = 0;
out:
	free(raw);
	free(conv);
	return rc;
}

/* The first drop at or after (line, col). */
static size_t
drop_at(const apc_source *src, unsigned line, unsigned col)
{
	size_t lo = 0, hi = src->ndrops;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const apc_drop *x = &src->drops[mid];
		if (x->line < line || (x->line == line && x->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Column col of line in the text as read, as a column of the file: past the characters taken
 * out before it. A start column goes past those standing right before its character too (a
 * diagnostic points at what is seen); an end column (exclusive) stops before them, so that an
 * extent never takes in a hidden character beside it. */
static unsigned
file_col(const apc_source *src, unsigned line, unsigned col, int end)
{
	size_t first = drop_at(src, line, 0);
	return col + (unsigned)(drop_at(src, line, end ? col : col + 1) - first);
}

static void
remap_fix(const apc_source *src, apc_fix *x)
{
	for (; x != NULL; x = x->next) {
		if (x->line == 0 || x->col == 0)
			continue;
		unsigned c = file_col(src, x->line, x->col, 0);
		x->end_col = x->end_col > x->col ? file_col(src, x->line, x->end_col, 1) : c;
		x->col = c;
	}
}

/* The lines with the hidden characters back where they stood (a .docx: its paragraphs come
 * back in docx_remap instead). */
static void
restore_lines(apc_source *src)
{
	strbuf b = { 0 };
	size_t *at = xmalloc(src->nlines * sizeof *at), *len = xmalloc(src->nlines * sizeof *len), k = 0;
	const char *end = src->text + src->len;
	for (size_t i = 0; i < src->nlines; i++) {
		const apc_line *ln = &src->lines[i];
		size_t p = 0, from = 0;
		unsigned c = 1;
		at[i] = b.len;
		while (k < src->ndrops && src->drops[k].line < i + 1)
			k++;
		for (; k < src->ndrops && src->drops[k].line == i + 1; k++) {
			for (; c < src->drops[k].col && p < ln->len; c++)     /* column to byte */
				for (p++; p < ln->len && ((unsigned char)ln->s[p] & 0xC0) == 0x80; p++)
					continue;
			sb_add(&b, ln->s + from, p - from);
			from = p;
			utf8proc_uint8_t enc[4];
			sb_add(&b, (const char *)enc, (size_t)utf8proc_encode_char(src->drops[k].cp, enc));
		}
		sb_add(&b, ln->s + from, ln->len - from);
		len[i] = b.len - at[i];
		const char *after = ln->s + ln->len, *next = i + 1 < src->nlines ? src->lines[i + 1].s : end;
		sb_add(&b, after, (size_t)(next - after));     /* its newline */
	}
	sb_add(&b, "", 0);
	free(src->text);
	src->len = b.len;
	src->text = sb_take(&b);
	for (size_t i = 0; i < src->nlines; i++)
		src->lines[i] = (apc_line){ src->text + at[i], len[i] };
	free(at);
	free(len);
}

/* An element's position (tree_remap_positions): its column is where its character stands. */
static void
remap_pos(void *ctx, unsigned *line, unsigned *col)
{
	if (*col > 0)
		*col = file_col(ctx, *line, *col, 0);
}

void
read_remap(apc_source *src, xmlDocPtr doc, apc_diags *d)
{
	if (src->ndrops == 0)
		return;
	for (size_t i = 0; i < d->n; i++) {
		apc_diag *g = &d->v[i];
		if (g->kind == D_INVISIBLE_CHARACTER || g->kind == D_BIDI_CONTROL || g->line == 0)
			continue;       /* read.c gave these the file's column */
		if (g->col > 0) {
			unsigned c = file_col(src, g->line, g->col, 0);
			if (g->end_col > g->col)
				g->end_col = file_col(src, g->line, g->end_col, 1);
			g->col = c;
		}
		if (g->fix.text != NULL)
			remap_fix(src, &g->fix);
	}
	if (doc != NULL)
		tree_remap_positions(doc, remap_pos, src);
	if (src->paras == NULL)
		restore_lines(src);
}

void
read_free(apc_source *src)
{
	free(src->path);
	free(src->text);
	free(src->lines);
	free(src->segs);
	free(src->paras);
	free(src->drops);
	docx_format_free(src->format);
	memset(src, 0, sizeof *src);
}
