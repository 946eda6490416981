/*
 * fuzz_text.c: libFuzzer target for the text pipeline (read, lex, parse, normalize, validate,
 * rules) and what follows it in `apc check` and `apc build`: the report in every format and
 * the XML serialization, which must read back as well-formed XML (FUZZ_XML_CHECK=0 skips
 * that check). The session (patterns, schema, library) is opened once.
 * Built by tests/fuzz/run; the data directory comes from $APC_DATADIR or -DAPC_DATADIR.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "internal.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

static apc_session session;
static FILE *devnull;
static int xml_check = 1;   /* FUZZ_XML_CHECK=0: do not re-read the built XML */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *datadir = getenv("APC_DATADIR");
	if (datadir == NULL || *datadir == '\0')
		datadir = APC_DATADIR;
	if (apc_session_open(&session, datadir, NULL, 0) != 0) {
		fprintf(stderr, "fuzz_text: cannot open the session in %s\n", datadir);
		exit(2);
	}
	const char *x = getenv("FUZZ_XML_CHECK");
	xml_check = !(x && strcmp(x, "0") == 0);
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		exit(2);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char empty[1];
	apc_result r;
	apc_config cfg = { NULL, 0, APC_LANG_EN };

	apc_compile(&session, "fuzz.txt", data ? (const char *)data : empty, size, &r);
	/* what check prints, in each format, and what build writes */
	for (int f = REPORT_TEXT; f <= REPORT_SARIF; f++) {
		report *rep = report_open(devnull, (report_format)f, f == REPORT_JSON ? APC_LANG_VI : APC_LANG_EN, 0);
		report_file(rep, &r, &cfg);
		(void)report_close(rep, 0);
	}
	if (r.doc != NULL) {
		xmlChar *mem = NULL;
		int n = 0;
		xmlDocDumpFormatMemoryEnc(r.doc, &mem, &n, "UTF-8", 1);
		/* what build writes must read back as XML (apc accepts built programs as parents) */
		if (xml_check && mem != NULL) {
			xmlDocPtr back = xmlReadMemory((const char *)mem, n, "built.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
			if (back == NULL) {
				fprintf(stderr, "fuzz_text: the built XML is not well-formed\n");
				abort();
			}
			xmlFreeDoc(back);
		}
		xmlFree(mem);
	}
	apc_result_free(&r);
	return 0;
}
