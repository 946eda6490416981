/*
 * fuzz_http.c: libFuzzer target for the pieces of an HTTP message `apc serve` reads from a
 * client (compiler/http.c): the input's first line is a Content-Type header value, the rest a
 * request body. The header's boundary parameter splits the body as a multipart/form-data form
 * (http_multipart_find); the document's name found there is cleaned (http_clean_name) and
 * made a Content-Disposition (http_disposition); the first line is also read as a Host header
 * (http_host_ok). Each piece gets a copy of exactly its bytes, so that a read past them is an
 * AddressSanitizer report. Seeds: tests/fuzz/run writes a few forms. Built by tests/fuzz/run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = data ? (const char *)data : "";
	const char *nl = memchr(s, '\n', size);
	size_t hl = nl ? (size_t)(nl - s) : size;
	size_t bl = nl ? size - hl - 1 : 0;
	char *head = xstrndup(s, hl);              /* what libmicrohttpd gives: NUL-terminated */
	char *body = xmalloc(bl ? bl : 1);
	if (bl)
		memcpy(body, nl + 1, bl);

	char *boundary = http_header_param(head, strlen(head), "boundary");
	if (boundary) {
		const char *doc = NULL;
		size_t doclen = 0;
		char *name = NULL;
		int found = 0;
		if (http_multipart_find(body, bl, boundary, &doc, &doclen, &name, &found) == 0 && found) {
			if (doclen && (doc < body || doc + doclen > body + bl))
				abort();                   /* the document must lie inside the body */
			char *clean = http_clean_name(name ? name : "", name ? strlen(name) : 0);
			char *disp = http_disposition(clean, "pdf");
			free(disp);
			free(clean);
		}
		free(name);
		free(boundary);
	}
	char *names[] = { "127.0.0.1", "localhost", "[::1]" };
	(void)http_host_ok(names, 3, 8080, head);
	char *clean = http_clean_name(body, bl);
	free(clean);
	free(body);
	free(head);
	return 0;
}
