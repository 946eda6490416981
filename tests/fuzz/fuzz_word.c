/*
 * fuzz_word.c: libFuzzer target for the Word readers alone: the bytes read as read_source reads
 * a file (compiler/read.c), so a compound file goes to doc.c (sectors, FAT, piece table, FKPs,
 * sprms, lists, fonts, styles), a zip to docx*.c (package, parts, styles, numbering, tables),
 * anything else to the encoding detection (encoding.c). Without the rest of the pipeline it runs
 * many times faster on these than fuzz_text does. Seeds: the .doc files in tests/doc, the .docx
 * tests/docx/make-docx.py makes of the examples, the .doc tests/doc/hostile-doc.py writes.
 * Built by tests/fuzz/run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char empty[1];
	apc_source src;
	apc_diags d;
	memset(&d, 0, sizeof d);
	(void)read_source(&src, "fuzz.doc", data ? (const char *)data : empty, size, ENC_NONE, &d);
	read_free(&src);
	diag_free(&d);
	return 0;
}
