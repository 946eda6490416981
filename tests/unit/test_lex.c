/* test_lex.c: the lexer's first-byte prefilter (lex_may_start) never rules out a byte that a
 * line class's pattern can start with: every ASCII byte is tried against each pattern with
 * PCRE2's partial matching (a match, or a subject that ends while the pattern still could
 * match, means some line starting so may match). */
#include <stdlib.h>
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
	re_set_free(&set);
	return unit_failed != 0;
}
