/*
 * fix.c: `apc fix` and `apc check --fix`: apply the mechanical fixes that diagnostics carry
 * (apc_fix: replace characters [col, end_col) of a line) to the file itself, in place and
 * atomically (output_write), keeping everything else byte for byte: the BOM, the line ends
 * (LF, CRLF or CR, even mixed), the text apc does not change.
 *
 * The fixes were computed on the text as apc read it (NFC, '\n' line ends). A fix is applied
 * only where that text and the file's bytes agree: the file is UTF-8 (a UTF-16 or legacy
 * encoded file is left alone, with a message), the line is the same once its line end is
 * taken off, and the characters replaced are those the diagnostic saw (apc_fix.old). The
 * lines and columns are the file's (read_remap puts back the zero-width and bidirectional
 * characters read.c took out of the text, and each of those carries a fix deleting it); a fix
 * spanning such a character takes it away with what it replaces. Fixes
 * that overlap one already applied on the line wait for the next run, which then finds them
 * again or not: a second run changes nothing the first has fixed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"

typedef struct fix_span {
	size_t at, end;        /* bytes in the file */
	const apc_fix *fix;
} fix_span;

/* A place on a line: its 1-based character column and its byte offset. A line's fixes come in
 * column order, so walking on from the last one makes each line walked once, not once a fix
 * (10,000 hidden characters on a line carry 10,000 fixes). */
typedef struct col_cursor {
	unsigned line, col;
	size_t byte;
} col_cursor;

/* Byte offset of 1-based character column col of line in s[0..n) (n when past the end). */
static size_t
col_to_byte(col_cursor *cur, unsigned line, const char *s, size_t n, unsigned col)
{
	if (cur->line != line || cur->col == 0 || cur->col > col)
		*cur = (col_cursor){ line, 1, 0 };
	size_t b = cur->byte;
	for (unsigned c = cur->col; c < col && b < n; c++)
		for (b++; b < n && ((unsigned char)s[b] & 0xC0) == 0x80; b++)
			continue;
	cur->col = col;
	cur->byte = b;
	return b;
}

/* Are the file's bytes s[0..n) what a fix replaces (old)? Either as they are, or once the hidden
 * characters among them are left out (utf8_hidden): read.c took those out of the text the
 * fixes were computed on, and a fix over them takes them away with what it replaces. */
static int
same_text(const char *s, size_t n, const char *old)
{
	size_t m = strlen(old), j = 0;
	if (n == m && memcmp(s, old, n) == 0)
		return 1;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i > 4 ? 4 : n - i), &cp);
		if (k <= 0)
			return 0;
		if (utf8_hidden(cp, NULL) == NULL) {
			if (j + (size_t)k > m || memcmp(old + j, s + i, (size_t)k) != 0)
				return 0;
			j += (size_t)k;
		}
		i += (size_t)k;
	}
	return j == m;
}

static int
by_position(const void *a, const void *b)
{
	const fix_span *x = a, *y = b;
	return x->at < y->at ? -1 : x->at > y->at ? 1 : 0;
}

/* Is the file's text one apc read without changing its encoding? */
static int
plain_utf8(const apc_result *r)
{
	for (size_t i = 0; i < r->diags.n; i++)
		switch (r->diags.v[i].kind) {
		case D_ENCODING_UTF16:
		case D_ENCODING_INVALID:
		case D_ENCODING_NUL:
		case D_ENCODING_LEGACY:
		case D_FILE_TOO_LARGE:
		case D_LINE_TOO_LONG:
		case D_TOO_MANY_LINES:
		case D_CONTROL_CHARACTER:
			return 0;
		default:
			break;
		}
	return 1;
}

int
fix_file(const apc_result *r, const apc_config *cfg, size_t *applied, char **err)
{
	int rc = -1;
	FILE *f = NULL;
	char *raw = NULL;
	size_t len = 0, cap = 0, nspan = 0, k;
	fix_span *span = NULL;
	strbuf out = { 0 };

	*applied = 0;
	*err = NULL;
	const char *path = r->src.path;
	if (path == NULL || strcmp(path, "-") == 0 || r->failed)
		return 0;
	size_t nfix = 0;
	for (size_t i = 0; i < r->diags.n; i++)
		if (r->diags.v[i].fix.text != NULL && diag_effective(&r->diags.v[i], cfg) != APC_OFF)
			for (const apc_fix *x = &r->diags.v[i].fix; x != NULL; x = x->next)
				nfix++;
	if (nfix == 0)
		return 0;
	if (!plain_utf8(r)) {
		*err = xasprintf(msg_fmt(cfg != NULL ? cfg->lang : APC_LANG_EN, M_FIX_NOT_UTF8), path);
		return -1;
	}
	if ((f = fopen(path, "rb")) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			raw = xrealloc(raw, cap);
		}
		size_t n = fread(raw + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		*err = xasprintf("%s: cannot read it again", path);
		goto out;
	}

	/* The file's lines: where each starts and how long it is without its line end. */
	size_t body = len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	size_t nlines = r->src.nlines, ln = 0, at = body;
	size_t *start = xcalloc(nlines + 1, sizeof *start), *llen = xcalloc(nlines + 1, sizeof *llen);
	while (ln < nlines && at <= len) {
		size_t e = at;
		while (e < len && raw[e] != '\n' && raw[e] != '\r')
			e++;
		start[ln] = at;
		llen[ln] = e - at;
		ln++;
		if (e >= len)
			break;
		at = e + (raw[e] == '\r' && e + 1 < len && raw[e + 1] == '\n' ? 2 : 1);
	}

	span = xcalloc(nfix, sizeof *span);
	col_cursor cur = { 0, 0, 0 };
	unsigned same_line = 0;          /* the last line found as apc read it (once, not a fix) */
	for (size_t i = 0; i < r->diags.n; i++) {
		if (r->diags.v[i].fix.text == NULL || diag_effective(&r->diags.v[i], cfg) == APC_OFF)
			continue;
		for (const apc_fix *x = &r->diags.v[i].fix; x != NULL; x = x->next) {
			if (x->line == 0 || x->line > ln)
				continue;
			const apc_line *sl = &r->src.lines[x->line - 1];
			size_t s = start[x->line - 1], n = llen[x->line - 1];
			if (x->line != same_line && (n != sl->len || memcmp(raw + s, sl->s, n) != 0))
				continue;   /* the line is not as apc read it (NFC changed it) */
			same_line = x->line;
			size_t a = col_to_byte(&cur, x->line, sl->s, sl->len, x->col);
			size_t b = col_to_byte(&cur, x->line, sl->s, sl->len, x->end_col);
			if (b < a || (x->old != NULL && !same_text(sl->s + a, b - a, x->old)))
				continue;
			span[nspan].at = s + a;
			span[nspan].end = s + b;
			span[nspan].fix = x;
			nspan++;
		}
	}
	free(start);
	free(llen);
	qsort(span, nspan, sizeof *span, by_position);
	size_t done = 0;
	for (k = 0; k < nspan; k++) {
		if (span[k].at < done)
			continue;   /* overlaps a fix already applied: the next run */
		if (k > 0 && span[k].at == span[k - 1].at && span[k].end == span[k - 1].end &&
		    strcmp(span[k].fix->text, span[k - 1].fix->text) == 0)
			continue;   /* the same fix twice */
		sb_add(&out, raw + done, span[k].at - done);
		sb_adds(&out, span[k].fix->text);
		done = span[k].end;
		(*applied)++;
	}
	if (*applied == 0) {
		rc = 0;
		goto out;
	}
	sb_add(&out, raw + done, len - done);
	rc = output_write(path, out.s != NULL ? out.s : "", out.len, err);
	if (rc != 0)
		*applied = 0;
out:
	if (f != NULL)
		fclose(f);
	free(raw);
	free(span);
	free(out.s);
	return rc;
}
