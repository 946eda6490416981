/* test_read.c: read.c's fast path for the common letters of Vietnamese. A character it copies
 * as it is (read_inert) must be one that NFC leaves alone and that read.c has nothing to say
 * about: checked against utf8proc for every code point, and through read_source (text kept
 * byte for byte, no diagnostic, one column each). */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "internal.h"
#include "unit.h"

static size_t
encode(int32_t cp, char *out)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

int
main(void)
{
	/* hidden characters read.c reports (its table): never inert */
	static const int32_t hidden[] = { 0xAD, 0x61C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066,
		0x2067, 0x2068, 0x2069, 0xFEFF };
	size_t bad = 0, ninert = 0;
	int32_t first_bad = -1;
	for (int32_t cp = 0; cp < 0x110000; cp++) {
		if (!read_inert(cp))
			continue;
		ninert++;
		const utf8proc_property_t *p = utf8proc_get_property(cp);
		int wrong = cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF) || p->combining_class != 0 ||
		    p->comp_exclusion || (cp >= 0x1100 && cp <= 0x11FF) || (cp & 0xFFFE) == 0xFFFE ||
		    (cp >= 0xFDD0 && cp <= 0xFDEF);
		for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
			wrong |= cp == hidden[i];
		/* NFC of the character alone is itself */
		char s[8] = { 0 };
		encode(cp, s);
		utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
		wrong |= nfc == NULL || strcmp((const char *)nfc, s) != 0;
		free(nfc);
		if (wrong && bad++ == 0)
			first_bad = cp;
	}
	CHECK("read/inert characters are NFC, visible, no marks", bad == 0 && first_bad == -1);
	CHECK("read/inert covers Vietnamese", read_inert(0xE0) && read_inert(0x1EA1) && read_inert(0x111) &&
	    read_inert(0x1B0) && read_inert(0x2013) && ninert > 900);

	/* every inert character, 50 to a line, through read_source; then a control character whose
	 * column says how the line was counted */
	strbuf b = { 0 };
	size_t chars = 0, lines = 1;
	for (int32_t cp = 0; cp < 0x110000; cp++) {
		if (!read_inert(cp))
			continue;
		char s[8];
		sb_add(&b, s, encode(cp, s));
		if (++chars % 50 == 0) {
			sb_add(&b, "\n", 1);
			lines++;
		}
	}
	sb_add(&b, "x", 1);
	size_t textlen = b.len;
	sb_add(&b, "\x01", 1);
	apc_source src;
	apc_diags d = { 0 };
	memset(&src, 0, sizeof src);
	int rc = read_source(&src, "inert.txt", b.s, b.len, 0, &d);
	CHECK("read/inert text read", rc == 0 && src.text != NULL);
	CHECK("read/inert text kept byte for byte", src.text != NULL && src.len == textlen + 1 &&
	    memcmp(src.text, b.s, textlen) == 0);
	CHECK("read/inert one diagnostic, the control character", d.n == 1);
	CHECK("read/inert one column each", d.n == 1 && d.v[0].line == lines && d.v[0].col == chars % 50 + 2);
	diag_free(&d);
	read_free(&src);
	free(b.s);

	/* decomposed letters still go through NFC */
	memset(&src, 0, sizeof src);
	const char *nfd = "Vie\xCC\x82\xCC\xA3t Nam \xC4\x91\xC3\xA2\xCC\x81y";   /* Việt, đấy with marks */
	rc = read_source(&src, "nfd.txt", nfd, strlen(nfd), 0, &d);
	CHECK_STR("read/decomposed letters composed", rc == 0 ? src.text : NULL, "Vi\xE1\xBB\x87t Nam \xC4\x91\xE1\xBA\xA5y");
	diag_free(&d);
	read_free(&src);
	return unit_failed != 0;
}
