/*
 * http.c: the pieces of an HTTP message `apc serve` reads and writes, kept apart from the daemon
 * (serve.c) so that they can be tested alone: the Host check, form bodies, names and
 * Content-Disposition. Pure functions of their arguments; no I/O.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/xmlstring.h>
#include "internal.h"
#include "http.h"

/* Does the Host header name this server? host[:port], names compared without case. */
int
http_host_ok(char *const *names, size_t nnames, unsigned port_wanted, const char *host)
{
	if (host == NULL || *host == '\0')
		return 0;
	const char *colon = host[0] == '[' ? strstr(host, "]:") : strrchr(host, ':');
	size_t n = strlen(host);
	unsigned port = 80;
	if (colon) {
		const char *p = colon + (host[0] == '[' ? 2 : 1);
		char *end;
		unsigned long v = strtoul(p, &end, 10);
		if (*p == '\0' || *end || v > 65535)
			return 0;
		port = (unsigned)v;
		n = (size_t)(colon - host) + (host[0] == '[');
	}
	if (port != port_wanted)
		return 0;
	for (size_t i = 0; i < nnames; i++)
		if (strlen(names[i]) == n && strncasecmp(names[i], host, n) == 0)
			return 1;
	return 0;
}

/* The document's name: its last path component, without control characters or quotes, at
 * most 200 bytes of valid UTF-8; "draft.txt" when nothing usable is left. */
char *
http_clean_name(const char *s, size_t n)
{
	const char *b = s;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			b = s + i + 1;
	n -= (size_t)(b - s);
	strbuf sb = { 0 };
	sb_add(&sb, "", 0);
	for (size_t i = 0; i < n && sb.len < 200; i++)
		if ((unsigned char)b[i] >= 0x20 && b[i] != 0x7f && b[i] != '"')
			sb_add(&sb, b + i, 1);
	char *name = sb_take(&sb);
	if (!xmlCheckUTF8((const unsigned char *)name) || *name == '\0' || strcmp(name, ".") == 0
	    || strcmp(name, "..") == 0) {
		free(name);
		name = xstrdup("draft.txt");
	}
	return name;
}

/* The value of parameter key in a header value such as `form-data; name="file"; filename="a"`
 * (quoted or bare), malloc'd, or NULL. The first token (before the first ';') is skipped. */
char *
http_header_param(const char *h, size_t n, const char *key)
{
	size_t kl = strlen(key), i = 0;
	while (i < n && h[i] != ';')
		i++;
	while (i < n) {
		i++;                                   /* the ';' */
		while (i < n && (h[i] == ' ' || h[i] == '\t'))
			i++;
		size_t k0 = i;
		while (i < n && h[i] != '=' && h[i] != ';')
			i++;
		size_t klen = i - k0;
		while (klen && (h[k0 + klen - 1] == ' ' || h[k0 + klen - 1] == '\t'))
			klen--;
		if (i >= n || h[i] == ';')
			continue;
		i++;                                   /* the '=' */
		while (i < n && (h[i] == ' ' || h[i] == '\t'))
			i++;
		size_t v0 = i, vlen;
		if (i < n && h[i] == '"') {
			v0 = ++i;
			while (i < n && h[i] != '"')
				i++;
			vlen = i - v0;
		} else {
			while (i < n && h[i] != ';')
				i++;
			vlen = i - v0;
			while (vlen && (h[v0 + vlen - 1] == ' ' || h[v0 + vlen - 1] == '\t'))
				vlen--;
		}
		while (i < n && h[i] != ';')
			i++;
		if (klen == kl && strncasecmp(h + k0, key, kl) == 0)
			return xstrndup(h + v0, vlen);
	}
	return NULL;
}

/* The document in a multipart/form-data body: the first non-empty field named "file" (its
 * filename is the document's name) or "text" (pasted text), else the first such field.
 * 0 with *found set (0 when the form has neither field), or -1 when the body is malformed
 * (no opening boundary, a part without its blank line, no closing boundary). *name is
 * malloc'd or NULL, and the caller frees it either way. */
int
http_multipart_find(const char *body, size_t len, const char *boundary, const char **doc,
    size_t *doclen, char **name, int *found)
{
	size_t bl = strlen(boundary), at;
	char *delim = xasprintf("\r\n--%s", boundary);
	size_t dl = bl + 4;
	int rc = -1;

	*found = 0;
	*name = NULL;
	if (bl == 0 || bl > 70 || len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
		goto out;
	at = dl - 2;
	for (;;) {
		if (len - at >= 2 && memcmp(body + at, "--", 2) == 0) {
			rc = 0;                            /* the closing boundary; the epilogue is ignored */
			goto out;
		}
		if (len - at < 2 || memcmp(body + at, "\r\n", 2) != 0)
			goto out;
		at += 2;
		const char *h = body + at;
		const char *hend = memmem(h, len - at, "\r\n\r\n", 4);
		if (hend == NULL || hend - h > 8192)
			goto out;
		char *field = NULL, *fname = NULL;
		for (const char *line = h; line < hend;) {
			const char *eol = memmem(line, (size_t)(hend - line), "\r\n", 2);
			if (eol == NULL)
				eol = hend;
			if (eol - line > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0 && field == NULL) {
				free(fname);               /* an earlier one's, which had no name */
				field = http_header_param(line + 20, (size_t)(eol - line - 20), "name");
				fname = http_header_param(line + 20, (size_t)(eol - line - 20), "filename");
			}
			line = eol + 2;
		}
		at = (size_t)(hend - body) + 4;
		const char *end = at <= len ? memmem(body + at, len - at, delim, dl) : NULL;
		if (end == NULL) {
			free(field);
			free(fname);
			goto out;
		}
		size_t n = (size_t)(end - (body + at));
		if (field && (strcmp(field, "file") == 0 || strcmp(field, "text") == 0)
		    && (!*found || (*doclen == 0 && n > 0))) {
			*doc = body + at;
			*doclen = n;
			free(*name);
			*name = fname;
			fname = NULL;
			*found = 1;
		}
		free(field);
		free(fname);
		at = (size_t)(end - body) + dl;
	}
out:
	free(delim);
	return rc;
}

/* Content-Disposition for the document's name with another extension: an ASCII fallback and
 * the UTF-8 name (RFC 6266). */
char *
http_disposition(const char *name, const char *ext)
{
	const char *dot = strrchr(name, '.');
	size_t base = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	strbuf a = { 0 }, u = { 0 };
	for (size_t i = 0; i < base; i++) {
		unsigned char c = (unsigned char)name[i];
		char one = (char)((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		    || c == '-' || c == '.' || c == '_' ? c : '_');
		if ((c & 0xC0) != 0x80)                /* one '_' per character, not per byte */
			sb_add(&a, &one, 1);
		if (one == (char)c)
			sb_add(&u, &one, 1);
		else
			sb_addf(&u, "%%%02X", c);
	}
	char *r = xasprintf("attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s", a.s ? a.s : "document", ext,
	    u.s ? u.s : "document", ext);
	free(a.s);
	free(u.s);
	return r;
}
