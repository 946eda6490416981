/*
 * http.h: HTTP message helpers of `apc serve` (http.c). Included by serve.c and its unit test.
 */
#ifndef APC_HTTP_H
#define APC_HTTP_H

#include <stddef.h>

/* Does a Host header value (host[:port], [v6]:port) name one of names (compared without case;
 * IPv6 names in brackets) at port_wanted (80 when the header gives none)? */
int http_host_ok(char *const *names, size_t nnames, unsigned port_wanted, const char *host);
/* A document name from a client: its last path component, without control characters or
 * quotes, at most 200 bytes of valid UTF-8; "draft.txt" when nothing usable is left. malloc'd. */
char *http_clean_name(const char *s, size_t n);
/* The value of parameter key in a header value such as `form-data; name="file"; filename="a"`
 * (quoted or bare; the first token is skipped), malloc'd, or NULL. */
char *http_header_param(const char *h, size_t n, const char *key);
/* The document in a multipart/form-data body: the first non-empty field named "file" (its
 * filename in *name) or "text", else the first such field. 0 with *found set (0 when the form
 * has neither), or -1 when the body is malformed. *doc points into body. *name is malloc'd or
 * NULL; the caller frees it either way. */
int http_multipart_find(const char *body, size_t len, const char *boundary, const char **doc,
    size_t *doclen, char **name, int *found);
/* Content-Disposition: attachment for name with its extension replaced by ext: an ASCII
 * fallback and the UTF-8 name (RFC 6266). malloc'd. */
char *http_disposition(const char *name, const char *ext);

#endif
