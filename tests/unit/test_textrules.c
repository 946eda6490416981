/* test_textrules.c: the text scanners (textrules.c): repeated words, tone-mark placement and
 * words typed without their space, on lines built here, compared diagnostic by diagnostic (rule, line, column). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "textrules.h"
#include "unit.h"

/* Run the scanners over text (lines split at '\n') and print what they said as
 * "rule:line:col" joined by spaces, into out. */
static void
scan(const char *text, char *out, size_t outlen)
{
	apc_source src;
	apc_diags d = { 0 };
	apc_line lines[64];
	size_t n = 0;
	const char *s = text, *e;

	memset(&src, 0, sizeof src);
	while (*s != '\0' && n < 64) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		lines[n].s = s;
		lines[n++].len = (size_t)(e - s);
		s = *e != '\0' ? e + 1 : e;
	}
	src.lines = lines;
	src.nlines = n;
	textrules_run(&src, &d);
	out[0] = '\0';
	for (size_t i = 0; i < d.n; i++) {
		size_t o = strlen(out);
		snprintf(out + o, outlen - o, "%s%s:%u:%u", o ? " " : "", catalog_entries[d.v[i].kind].id,
		    d.v[i].line, d.v[i].col);
	}
	diag_free(&d);
}

int
main(void)
{
	static const struct { const char *name, *text, *want; } cases[] = {
		{ "two syllables", "Tỉnh ủy ban hành ban hành Chương trình", "word-duplicated:1:18" },
		{ "case differs (non-ASCII first letter)", "Ủy ban ủy ban tỉnh", "word-duplicated:1:8" },
		{ "case differs (ASCII)", "BAN HÀNH ban hành kế hoạch", "word-duplicated:1:10" },
		{ "function word", "các cơ quan và và đơn vị", "word-duplicated:1:16" },
		{ "function word in capitals", "CỦA của", "word-duplicated:1:5" },
		{ "reduplication is Vietnamese", "ngày ngày dần dần xanh xanh", "" },
		{ "a tab separates cells", "ban hành\tban hành", "" },
		{ "a comma separates", "ban hành, ban hành", "" },
		{ "several spaces are spaces", "ban hành   ban hành", "word-duplicated:1:12" },
		{ "a column gap parts the words", "ban hành    ban hành", "" },
		{ "in a table row two spaces part columns", "   UBND thành phố  thành phố   Năm 2024", "" },
		{ "numbers are no words to repeat", "năm 2025 2025 và 12 12", "" },
		{ "three syllables", "x khoa học công khoa học công y", "word-duplicated:1:17" },
		{ "four syllables are not looked for", "khoa học công nghệ khoa học công nghệ", "" },
		{ "second line, at line end", "đầu dòng\nphát triển phát triển", "word-duplicated:2:12" },
		{ "two on one line", "và và rồi của của", "word-duplicated:1:4 word-duplicated:1:15" },
		{ "same length, different words", "ban bàn cán các", "" },
		{ "digits inside a word", "a1 a1 và", "" },
		{ "one placement only", "hoá học, khoẻ mạnh, thuỷ sản", "" },
		{ "both placements", "hoá học\nvăn hóa, khỏe", "tone-mark-mixed:1:1" },
		{ "rarer placement reported", "hóa, khỏe, thủy\nxx hoá", "tone-mark-mixed:2:4" },
		{ "quý is neither", "quý hóa hoà", "tone-mark-mixed:1:9" },
		{ "capitals", "HOÁ hóa khỏe", "tone-mark-mixed:1:1" },
		{ "words then tone", "và và hoá\nhóa khỏe", "word-duplicated:1:4 tone-mark-mixed:1:7" },
		{ "the country's name keeps its spelling", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nkhoá họp, văn hoá", "" },
		{ "and in the text", "Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam; khoá họp", "" },
		{ "another Cộng hòa counts", "Cộng hòa Pháp\nkhoá họp", "tone-mark-mixed:2:1" },
		{ "two tone marks on a syllable", "KẾT LỦẬN CỦÀ khóa, hoàá", "tone-mark-doubled:1:5 tone-mark-doubled:1:10 tone-mark-doubled:1:20" },
		{ "a tone and hats are one mark", "nghiêng người quốc NGHĨÊN ưỡn", "" },
		{ "ĩ and ũ carry a tone", "kĩã lũỹ", "tone-mark-doubled:1:1 tone-mark-doubled:1:5" },
		{ "two syllables typed as one", "Kếhoạch và hànhđộng", "word-glued:1:1 word-glued:1:12" },
		{ "capitals, read several ways", "II. NHIỆM VỤVÀ BANHÀNH", "word-glued:1:11 word-glued:1:16" },
		{ "foreign words have no Vietnamese letter", "Internet COVID online Facebook", "" },
		{ "three vowel groups are not read", "Inđônêxia côngtenơ", "" },
		{ "one syllable each", "nghiêng khuyến khích quốc giữa người", "" },
		{ "abbreviations with đ", "BCĐ HĐND UBND MTTQ QĐ-UBND", "" },
		{ "hyphens end the run", "I-rắc Ô-xtrây-li-a ki-lô-mét", "" },
		{ "no split reads", "Mátxcơva Ôxtrâylia", "" },
	};
	char got[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[160];
		snprintf(name, sizeof name, "textrules/%s", cases[i].name);
		scan(cases[i].text, got, sizeof got);
		CHECK_STR(name, got, cases[i].want);
	}
	/* where the space goes back: the text before the split, and whether it is the only reading */
	static const struct { const char *word, *before; int many; } splits[] = {
		{ "Kếhoạch", "Kế", 0 }, { "hànhđộng", "hành", 0 }, { "đồngnhân", "đồng", 0 },
		{ "mạnhtuyên", "mạnh", 0 }, { "Việtnam", "Việt", 0 }, { "quốcgia", "quốc", 0 },
		{ "BANHÀNH", "BA", 1 }, { "giaiđoạn", "giai", 0 }, { "nghiêngngả", "nghiêng", 0 },
	};
	for (size_t i = 0; i < sizeof splits / sizeof splits[0]; i++) {
		char name[160], want[64], have[64];
		int many = -1;
		size_t n = strlen(splits[i].word), at = glued_split(splits[i].word, 0, n, &many);
		snprintf(name, sizeof name, "glued_split/%s", splits[i].word);
		snprintf(want, sizeof want, "%s%s", splits[i].before, splits[i].many ? " (many)" : "");
		if (at)
			snprintf(have, sizeof have, "%.*s%s", (int)at, splits[i].word, many ? " (many)" : "");
		else
			snprintf(have, sizeof have, "(none)");
		CHECK_STR(name, have, want);
	}
	return unit_failed != 0;
}
