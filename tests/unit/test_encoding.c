/* test_encoding.c: TCVN3, VNI and Windows-1258 to UTF-8, and telling them apart
 * (compiler/encoding.c), on real Vietnamese sentences written byte by byte as the old fonts
 * store them. */
#include <stdlib.h>
#include "internal.h"
#include "unit.h"

typedef struct sample {
	const char *name;
	enc_kind enc;
	const char *bytes;
	const char *want;
} sample;

/* "Chương trình hành động thực hiện Nghị quyết" and more, in each encoding. */
static const sample samples[] = {
	/* TCVN3: ư AD, ơ AC, ì D7, à B5, đ AE, ộ E9, ự F9, ệ D6, ị DE, ế D5 */
	{ "tcvn3 title", ENC_TCVN3, "Ch\xad\xacng tr\xd7nh h\xb5nh \xae\xe9ng th\xf9" "c hi\xd6n Ngh\xde quy\xd5t",
	  "Chương trình hành động thực hiện Nghị quyết" },
	/* a heading typed in a capital font: the small letters' codes between capitals */
	{ "tcvn3 capitals", ENC_TCVN3, "CH\xad\xac" "NG TR\xd7NH", "CHƯƠNG TRÌNH" },
	{ "tcvn3 one capital stays", ENC_TCVN3, "B\xe9 Ch\xddnh tr\xde", "Bộ Chính trị" },
	/* VNI: ư F6, ơ F4, ì EC, à a+F8, đ F1, ộ o+E4, ự ö+EF, ệ e+E4, ị F2, ế e+E1 */
	{ "vni title", ENC_VNI, "Ch\xf6\xf4ng tr\xecnh ha\xf8nh \xf1o\xe4ng th\xf6\xef" "c hie\xe4n Ngh\xf2 quye\xe1t",
	  "Chương trình hành động thực hiện Nghị quyết" },
	{ "vni capitals", ENC_VNI, "CH\xd6\xd4NG TR\xccNH HA\xd8NH \xd1O\xc4NG", "CHƯƠNG TRÌNH HÀNH ĐỘNG" },
	{ "vni breve", ENC_VNI, "t\xf6\xf4ng \xf1\xf6\xf4ng, na\xeang l\xf6\xef" "c, kha\xe9" "c",
	  "tương đương, năng lực, khắc" },
	/* Windows-1258: ư FD, ơ F5, đ F0, ô F4, ê EA, tone marks after the letter: CC grave,
	 * EC acute, D2 hook, DE tilde, F2 dot below */
	{ "cp1258 title", ENC_CP1258, "Ch\xfd\xf5ng tri\xccnh ha\xccnh \xf0\xf4\xf2ng th\xfd\xf2" "c hi\xea\xf2n Nghi\xf2 quy\xea\xect",
	  "Chương trình hành động thực hiện Nghị quyết" },
	{ "cp1258 capitals", ENC_CP1258, "T\xd4\xcc CH\xd5\xcc" "C", "TỒ CHỜC" },
};

static void
test_convert(void)
{
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		size_t n;
		char *got = enc_convert(samples[i].enc, samples[i].bytes, strlen(samples[i].bytes), &n);
		CHECK_STR(samples[i].name, got, samples[i].want);
		CHECK(samples[i].name, n == strlen(got));
		free(got);
	}
}

/* A paragraph long enough to detect from, in each encoding. */
static void
test_detect(void)
{
	static const struct { const char *name; const char *bytes; enc_kind want; } t[] = {
		{ "detect tcvn3",
		  "Ph\xb8t tri\xd3n v\xb5 \xf8ng d\xf4ng c\xabng ngh\xd6 sinh h\xe4" "c ph\xf4" "c v\xf4 ph\xb8t tri\xd3n b\xd2n v\xf7ng \xae\xc3t n\xad\xed" "c.",
		  ENC_TCVN3 },
		{ "detect vni",
		  "Pha\xf9t trie\xe5n va\xf8 \xf6\xf9ng du\xefng co\xe2ng ngha\xe4 sinh ho\xef" "c phu\xef" "c vu\xef pha\xf9t trie\xe5n be\xe0n v\xf6\xf5ng \xf1" "a\xe1t n\xf6\xf4\xf9" "c.",
		  ENC_VNI },
		{ "detect cp1258",
		  "Pha\xect tri\xea\xd2n va\xcc \xfd\xecng du\xf2ng c\xf4ng ngh\xea\xf2 sinh ho\xf2" "c phu\xf2" "c vu\xf2 pha\xect tri\xea\xd2n b\xea\xccn v\xfd\xdeng \xf0\xe2\xect n\xfd\xf5\xec" "c.",
		  ENC_CP1258 },
		/* Latin-1 French is none of them */
		{ "detect none: French", "Le d\xe9veloppement \xe0 la r\xe9gion, l'\xe9t\xe9 o\xf9 na\xeet la for\xeat.", ENC_NONE },
		{ "detect none: bytes", "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b", ENC_NONE },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(t[i].name, enc_detect(t[i].bytes, strlen(t[i].bytes)) == t[i].want);
}

static void
test_names(void)
{
	CHECK("lookup abc", enc_lookup("ABC") == ENC_TCVN3);
	CHECK("lookup windows-1258", enc_lookup("windows-1258") == ENC_CP1258);
	CHECK("lookup vni", enc_lookup("vni") == ENC_VNI);
	CHECK("lookup utf-8", enc_lookup("UTF-8") == ENC_UTF8);
	CHECK("lookup unknown", enc_lookup("koi8-r") == ENC_NONE);
	CHECK_STR("name cp1258", enc_name(ENC_CP1258), "Windows-1258");
}

int
main(void)
{
	test_convert();
	test_detect();
	test_names();
	return unit_failed != 0;
}
