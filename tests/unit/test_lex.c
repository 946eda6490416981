/* test_lex.c: the lexer's first-byte prefilter (lex_may_start) never rules out a byte that a
 * line class's pattern can start with: every ASCII byte is tried against each pattern with
 * PCRE2's partial matching (a match, or a subject that ends while the pattern still could
 * match, means some line starting so may match). And a symbol line's symbol is the one
 * header.c reads, spaced or not. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "re.h"
#include "unit.h"

int
main(void)
{
	re_set set;
	if (re_set_compile(&set, "lex", lex_patterns, lex_npatterns) != 0)
		return 1;
	pcre2_match_data *md = pcre2_match_data_create(16, NULL);
	int missed = 0, ruled_out = 0;
	for (size_t p = 0; p < lex_npatterns; p++)
		for (unsigned b = 1; b < 0x80; b++) {
			char s[1] = { (char)b };
			int rc = pcre2_match(set.code[p], (PCRE2_SPTR)s, 1, 0, PCRE2_PARTIAL_HARD, md, NULL);
			int may = rc >= 0 || rc == PCRE2_ERROR_PARTIAL;
			if (may && !lex_may_start(p, (unsigned char)b)) {
				printf("# lex pattern %zu can start with 0x%02x, the prefilter says no\n", p, b);
				missed++;
			}
			ruled_out += !lex_may_start(p, (unsigned char)b);
		}
	CHECK("lex: the prefilter keeps every first byte a pattern can start with", missed == 0);
	CHECK("lex: the prefilter rules out bytes", ruled_out > 1000);
	/* a non-ASCII byte may start anything ("Đ", "…", other scripts' digits) */
	CHECK("lex: non-ASCII first bytes are always tried", lex_may_start(0, 0xC4) && lex_may_start(3, 0xE2));
	pcre2_match_data_free(md);

	/* a symbol line with a spaced symbol is read whole, as header.c reads it, and the place
	 * and date after it are a token of their own */
	const char *text = "Số: 1234 /KH-UBND Hà Nội, ngày 5 tháng 6 năm 2024\nSố: 21 – NQ/TW\nSố 219-CTr/TU\n";
	apc_source src;
	apc_diags d = { 0 };
	lex_tokens toks = { 0 };
	read_source(&src, "t.txt", text, strlen(text), 0, &d);
	lex_source(&set, &src, &toks, &d);
	const char *want[] = { "1234 /KH-UBND", "21 – NQ/TW", "219-CTr/TU" };
	size_t nsym = 0, npd = 0;
	for (size_t i = 0; i < toks.n; i++) {
		const lex_token *k = &toks.v[i];
		if (k->cls == LX_SYMBOL && nsym < 3) {
			char *got = xstrndup(k->s, k->len);
			CHECK_STR("lex: a spaced symbol is read whole", got, want[nsym]);
			free(got);
			nsym++;
		}
		npd += k->cls == LX_PLACE_DATE;
	}
	CHECK("lex: three symbol lines", nsym == 3);
	CHECK("lex: the place and date after a spaced symbol", npd == 1);
	lex_free(&toks);
	read_free(&src);
	diag_free(&d);
	re_set_free(&set);
	return unit_failed != 0;
}
