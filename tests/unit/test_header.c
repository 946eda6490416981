/* test_header.c: the header reader (compiler/header.c) on the openings real copies have, and
 * its match limit: a limit reached is said (limit_line), never read as "no header". */
#include <stdlib.h>
#include "header.h"
#include "re.h"
#include "unit.h"

static re_set set;

/* Read TEXT as a source and its header; the caller frees both. */
static void
read_header(const char *text, apc_source *src, header *h)
{
	apc_diags d = { 0 };
	read_source(src, "t.txt", text, strlen(text), 0, &d);
	diag_free(&d);
	header_read(&set, src, h);
}

static void
party_opening(void)
{
	apc_source src;
	header h;
	read_header("ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY LÀO CAI\n*\nSố 219-CTr/TU\tLào Cai, ngày 22 tháng 5 năm 2023\n"
	    "CHƯƠNG TRÌNH\nhành động thực hiện\n", &src, &h);
	CHECK("header: found", h.found);
	CHECK_STR("header: symbol", h.symbol.text, "219-CTr/TU");
	CHECK("header: symbol line", h.symbol.line == 4);
	CHECK_STR("header: place", h.place.text, "Lào Cai");
	CHECK("header: no limit reached", h.limit_line == 0);
	header_free(&h);
	read_free(&src);
}

/* "Hà Nội," alone on its line, the date on the next; and a comma in a lower-case line is no place */
static void
place_alone(void)
{
	apc_source src;
	header h;
	read_header("BỘ Y TẾ\n|\nSố:\n88/KH-BYT\n|\nHà Nội,\nngày 9 tháng 1 năm 2024\n|\nKẾ HOẠCH\n", &src, &h);
	CHECK_STR("header: place alone on its line", h.place.text, "Hà Nội");
	CHECK("header: its line", h.place.line == 6);
	CHECK_STR("header: the date after it", h.date.text, "ngày 9 tháng 1 năm 2024");
	header_free(&h);
	read_free(&src);
	read_header("BỘ Y TẾ\nSố: 88/KH-BYT\nvề việc,\nngày 9 tháng 1 năm 2024\n", &src, &h);
	CHECK("header: a lower-case line before the date is no place", h.place.text == NULL);
	header_free(&h);
	read_free(&src);
}

/* "số 152-KH/TU ngày…" starting a wrapped body line is a citation; "số: 12/KH-UBND" is a symbol */
static void
lower_so(void)
{
	apc_source src;
	header h;
	read_header("KẾ HOẠCH\n\nThực hiện Kế hoạch\nsố 152-KH/TU ngày 10/08/2019 của Tỉnh ủy về du lịch\n", &src, &h);
	CHECK("header: a body line starting with \"số\" is no header", !h.found && h.symbol.text == NULL);
	header_free(&h);
	read_free(&src);
	read_header("UBND TỈNH AN GIANG\nsố: 12/KH-UBND\tAn Giang, ngày 3 tháng 4 năm 2024\n", &src, &h);
	CHECK_STR("header: \"số:\" with its colon is the symbol", h.symbol.text, "12/KH-UBND");
	header_free(&h);
	read_free(&src);
}

static void
limit_is_said(void)
{
	apc_source src;
	header h;
	setenv("APC_MATCH_LIMIT", "1", 1);
	read_header("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 12/KH-UBND\tQuảng Trị, ngày 3 tháng 4 năm 2024\n", &src, &h);
	unsetenv("APC_MATCH_LIMIT");
	CHECK("header: a match limit reached is said", h.limit_line >= 1 && h.limit_line <= 3);
	header_free(&h);
	read_free(&src);
}

/*
 * header_meta_next, the prefilter of the metadata pattern, must find every place P_META can
 * match: each label of the pattern (its alternatives, read from its source) in its own case,
 * in capitals, in lower case and with the forms PCRE2's caseless match adds (ſ, Kelvin sign),
 * and at a word start in text; never before a match PCRE2 finds.
 */
static void
meta_prefilter(void)
{
	const char *src = header_patterns[5].src, *a = strstr(src, "])(") + 3, *end = strstr(a, ")(?![");
	re_matcher m = re_matcher_make(&set, 8);
	int labels = 0, ok = 1;
	while (a < end) {
		const char *bar = a;
		int depth = 0;
		while (bar < end && !(*bar == '|' && depth == 0)) {
			depth += *bar == '(' ? 1 : *bar == ')' ? -1 : 0;
			bar++;
		}
		const char *opt = memchr(a, '(', (size_t)(bar - a));     /* "Tình trạng(?: hiệu lực)?" */
		char *label = strndup(a, (size_t)((opt ? opt : bar) - a));
		char *forms[5] = { strdup(label), norm_upper(label), norm_fold(label, strlen(label)), NULL, NULL };
		char text[128];
		snprintf(text, sizeof text, "%s", forms[2]);
		if (text[0] == 's')
			snprintf(text, sizeof text, "ſ%s", forms[2] + 1);
		forms[3] = strdup(text);
		snprintf(text, sizeof text, "đã %s: 12/KH-UBND", label);
		forms[4] = strdup(text);
		for (int f = 0; f < 5; f++) {
			size_t n = strlen(forms[f]), at = header_meta_next(forms[f], n, 0);
			int pcre = re_search(&m, 5, forms[f], n, 0);
			size_t want = pcre ? pcre2_get_ovector_pointer(m.md)[0] : n;
			if (!pcre || at != want) {
				printf("# %s: prefilter %zu, P_META %s at %zu\n", forms[f], at, pcre ? "matches" : "does not match", want);
				ok = 0;
			}
			free(forms[f]);
		}
		free(label);
		labels++;
		a = bar + 1;
	}
	CHECK("header: P_META has its sixteen labels", labels == 16);
	CHECK("header: the metadata prefilter finds every label of P_META", ok);
	/* after a letter the pattern finds none, and the prefilter agrees */
	CHECK("header: no label glued to a word", header_meta_next("xSố hiệu 12", strlen("xSố hiệu 12"), 0) == strlen("xSố hiệu 12"));
	re_matcher_free(&m);
}

int
main(void)
{
	if (re_set_compile(&set, "header", header_patterns, header_npatterns) != 0)
		return 1;
	party_opening();
	place_alone();
	lower_so();
	limit_is_said();
	meta_prefilter();
	re_set_free(&set);
	return unit_failed != 0;
}
