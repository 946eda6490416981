/* test_cite.c: the citation reader (compiler/cite.c) on the shapes real preambles and titles
 * have: glued words, upper-case titles, commas before the date, older and mixed-case symbols,
 * and the roles (parent, legal basis, proposal, other). */
#include <stdlib.h>
#include "cite.h"
#include "re.h"
#include "unit.h"

static re_set set;

/* "SYMBOL DATE ROLE|ISSUER" for each citation, joined by "; " */
static char *
scan(const char *text, cite_where where, const char *own)
{
	cite_list l = { 0 };
	strbuf b = { 0 };
	cite_scan(&set, text, strlen(text), where, own, &l);
	for (size_t i = 0; i < l.n; i++) {
		const cite *c = &l.v[i];
		if (b.len)
			sb_adds(&b, "; ");
		sb_addf(&b, "%s %s %s|%.*s", c->sym.canonical[0] ? c->sym.canonical : "?", c->iso[0] ? c->iso :
		    c->date_invalid ? "invalid" : "-", cite_role_name(c->role), (int)c->iss_len, text + c->iss_at);
	}
	cite_list_free(&l);
	return sb_take(&b);
}

static void
is(const char *name, const char *text, cite_where where, const char *own, const char *want)
{
	char *got = scan(text, where, own);
	CHECK_STR(name, got, want);
	free(got);
}

/*
 * cite_kind_next, the prefilter of the citation pattern, must find every place the pattern can
 * match: each kind of the pattern (its alternatives, read from its source; each tail too) in
 * its case, in capitals, with "số", glued, with other white space between its words, and with
 * ſ and the Kelvin sign, where PCRE2 finds it.
 */
static void
kind_prefilter(void)
{
	const char *src = cite_patterns[0].src, *a = strstr(src, "])(") + 3, *end = strstr(a, ")\\s*+(?:");
	re_matcher m = re_matcher_make(&set, 3);
	int kinds = 0, ok = 1;
	while (a && end && a < end) {
		const char *bar = a;
		int depth = 0;
		while (bar < end && !(*bar == '|' && depth == 0)) {
			depth += *bar == '(' ? 1 : *bar == ')' ? -1 : 0;
			bar++;
		}
		/* the alternative with its optional tail taken, "\\s+" as a space */
		strbuf k = { 0 };
		for (const char *c = a; c < bar; c++) {
			if (strncmp(c, "\\s+", 3) == 0) {
				sb_add(&k, " ", 1);
				c += 2;
			} else if (strncmp(c, "(?:", 3) == 0)
				c += 2;
			else if (*c != ')' && *c != '?')
				sb_add(&k, c, 1);
		}
		char *low = norm_fold(k.s, k.len), *up = norm_upper(k.s), *text[7];
		strbuf sp = { 0 };          /* the words parted by a no-break space and a tab */
		for (const char *c = low; *c; c++)
			if (*c == ' ')
				sb_adds(&sp, "\u00a0\t");
			else
				sb_add(&sp, c, 1);
		char *nbsp = sb_take(&sp), *sharp;
		sharp = xstrdup(low);
		text[0] = xasprintf("theo %s số 12/KH-UBND", k.s);
		text[1] = xasprintf("(%s 45-NQ/TW)", up);
		text[2] = xasprintf("%s số:12", low);
		text[3] = xasprintf("%s36-NQ/TW", low);
		text[4] = xasprintf("và %s   số 7", nbsp);
		text[5] = xasprintf("%s ſố 7", low);
		for (char *c = sharp; *c; c++)
			if (*c == 'k')
				*c = 'K';           /* the Kelvin sign below, in place of k */
		text[6] = xasprintf("%s 1", sharp);
		for (int f = 0; f < 7; f++) {
			char *t = text[f];
			if (f == 6) {           /* K -> U+212A */
				strbuf b = { 0 };
				for (char *c = t; *c; c++)
					if (*c == 'K')
						sb_adds(&b, "\u212a");
					else
						sb_add(&b, c, 1);
				free(t);
				t = sb_take(&b);
			}
			size_t n = strlen(t), at = cite_kind_next(t, n, 0);
			int pcre = re_search(&m, 0, t, n, 0);
			size_t want = pcre ? pcre2_get_ovector_pointer(m.md)[0] : n;
			if (!pcre || at > want) {
				printf("# %s: prefilter %zu, the pattern %s at %zu\n", t, at, pcre ? "matches" : "does not match", want);
				ok = 0;
			}
			free(t);
		}
		free(low);
		free(up);
		free(nbsp);
		free(sharp);
		free(k.s);
		kinds++;
		a = bar + 1;
	}
	CHECK("cite: the pattern has its seventeen kinds", kinds == 17);
	CHECK("cite: the kind prefilter finds every kind of the pattern", ok);
	CHECK("cite: a kind with no number after it starts nothing",
	    cite_kind_next("theo kế hoạch của tỉnh", strlen("theo kế hoạch của tỉnh"), 0) == strlen("theo kế hoạch của tỉnh"));
	re_matcher_free(&m);
}

int
main(void)
{
	if (re_set_compile(&set, "cite", cite_patterns, cite_npatterns) != 0)
		return 1;
	kind_prefilter();
	is("cite: preamble, two parents, 'ngày' dd/mm/yyyy",
	    "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá; Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành Chương trình",
	    CITE_IN_PREAMBLE, NULL,
	    "57-NQ/TW 2024-12-22 parent|Bộ Chính trị; 03/NQ-CP 2025-01-09 parent|Chính phủ");
	is("cite: upper-case title, no 'số', words date, TTg kept",
	    "BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG TRIỂN KHAI NGHỊ QUYẾT 111/NQ-CP NGÀY 22 THÁNG 7 NĂM 2024 CỦA CHÍNH PHỦ, QUYẾT ĐỊNH SỐ 700/QĐ-TTG NGÀY 19 THÁNG 7 NĂM 2024 CỦA THỦ TƯỚNG CHÍNH PHỦ VÀ CHƯƠNG TRÌNH SỐ 47-CTR/TU NGÀY 6 THÁNG 6 NĂM 2023 CỦA TỈNH ỦY VỀ THỰC HIỆN",
	    CITE_IN_TITLE, NULL,
	    "111/NQ-CP 2024-07-22 parent|CHÍNH PHỦ; 700/QĐ-TTg 2024-07-19 parent|THỦ TƯỚNG CHÍNH PHỦ; 47-CTr/TU 2023-06-06 parent|TỈNH ỦY");
	is("cite: glued 'số64' and 'ngày18', issuer stops at '('",
	    "Căn cứ Công văn số 2133-CV/TU ngày18 tháng 3 năm 2010 của Tỉnh uỷ về việc triển khai thực hiện Kết luận số64-KL/TW ngày 09 tháng 02 năm 2010 của Ban Bí thư TW Đảng (khoá IX) vềtiếp tục",
	    CITE_IN_PREAMBLE, NULL,
	    "2133-CV/TU 2010-03-18 parent|Tỉnh uỷ; 64-KL/TW 2010-02-09 parent|Ban Bí thư TW Đảng");
	is("cite: a symbol glued to 'ngày' ('TWngày'), spaced dashes and slashes",
	    "Căn cứ Thông báo số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư; Thực hiện Nghị quyết số 21 – NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương và Kế hoạch số 45 /KH-UBND ngày 02/3/2023 của UBND tỉnh",
	    CITE_IN_PREAMBLE, NULL,
	    "70-TB/TW 2012-01-06 parent|Ban Bí thư; 21-NQ/TW 2022-06-16 parent|Ban Chấp hành Trung ương; 45/KH-UBND 2023-03-02 parent|UBND tỉnh");
	is("cite: the issuer ends where a quotation opens, a date with dashes",
	    "thực hiện Nghị quyết số 45-NQ/TW, ngày 24-11-2023 của Ban Chấp hành Trung ương Đảng \"về tiếp tục xây dựng\" và Kết luận số 12-KL/TW của Bộ Chính trị “về đổi mới”",
	    CITE_IN_TITLE, NULL, "45-NQ/TW 2023-11-24 parent|Ban Chấp hành Trung ương Đảng; 12-KL/TW - parent|Bộ Chính trị");
	is("cite: in capitals, 'NGÀY' glued to the symbol",
	    "THỰC HIỆN NGHỊ QUYẾT SỐ 36-NQ/TWNGÀY 30/01/2023 CỦA BỘ CHÍNH TRỊ",
	    CITE_IN_TITLE, NULL, "36-NQ/TW 2023-01-30 parent|BỘ CHÍNH TRỊ");
	is("cite: comma before the date, 'Kế hoạch hành động'",
	    "Kế hoạch hành động số 328-KH/TU, ngày 24/04/2025 của Ban Chấp hành Đảng bộ tỉnh về thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị",
	    CITE_IN_TITLE, NULL,
	    "328-KH/TU 2025-04-24 parent|Ban Chấp hành Đảng bộ tỉnh; 57-NQ/TW 2024-12-22 parent|Bộ Chính trị");
	is("cite: older state symbol with the year inside",
	    "Thực hiện Nghị quyết số 19-2018/NQ-CP ngày 15 tháng 5 năm 2018 của Chính phủ về tiếp tục",
	    CITE_IN_PREAMBLE, NULL, "19-2018/NQ-CP 2018-05-15 parent|Chính phủ");
	is("cite: a proposal is not a parent",
	    "Xét đề nghị của Sở Kế hoạch và Đầu tư tại Công văn số 800/SKHĐT-KX ngày 22 tháng 3 năm 2023, Ủy ban nhân dân tỉnh",
	    CITE_IN_PREAMBLE, NULL, "800/SKHĐT-KX 2023-03-22 proposal|");
	is("cite: Tờ trình is a proposal; a parent later in the clause stays one",
	    "Trên cơ sở đề xuất của Sở Nông nghiệp tại Tờ trình số 231/TTr-SNN ngày 29/10/2023, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện Chương trình hành động số 58-CTr/TU của Tỉnh ủy như sau:",
	    CITE_IN_PREAMBLE, NULL, "231/TTr-SNN 2023-10-29 proposal|; 58-CTr/TU - parent|Tỉnh ủy");
	is("cite: a decree on functions is a legal basis",
	    "Căn cứ Nghị định số 01/2008/NĐ-CP ngày 03/01/2008 của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn",
	    CITE_IN_PREAMBLE, NULL, "01/2008/NĐ-CP 2008-01-03 legal-basis|Chính phủ");
	is("cite: a decision on functions after 'Căn cứ' is a legal basis",
	    "Căn cứ Quyết định số 12/2019/QĐ-UBND ngày 01/3/2019 của UBND tỉnh quy định chức năng, nhiệm vụ của Sở",
	    CITE_IN_PREAMBLE, NULL, "12/2019/QĐ-UBND 2019-03-01 legal-basis|UBND tỉnh");
	is("cite: the document's own symbol is never its parent",
	    "Kế hoạch 348/KH-UBND năm 2025 thực hiện Nghị quyết 71/NQ-CP", CITE_IN_TITLE, "348/KH-UBND",
	    "348/KH-UBND - other|; 71/NQ-CP - parent|");
	is("cite: in the body, a citation is another reference",
	    "Thực hiện Chỉ thị số 50-CT/TW, ngày 04/3/2005 của Ban Bí thư Trung ương Đảng khoá IX; Kết luận",
	    CITE_IN_BODY, NULL, "50-CT/TW 2005-03-04 other|Ban Bí thư Trung ương Đảng khoá IX");
	is("cite: in a decision's article, what it carries out is a parent; what it replaces is not",
	    "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thực hiện Nghị quyết số 41/NQ-CP ngày 02/4/2023 "
	    "của Chính phủ; thay thế Quyết định số 18/QĐ-UBND ngày 3/1/2021",
	    CITE_IN_ARTICLE, NULL, "41/NQ-CP 2023-04-02 parent|Chính phủ; 18/QĐ-UBND 2021-01-03 other|");
	is("cite: in an article, what an agency is told to carry out is not a parent",
	    "Sở Tài chính theo dõi việc thực hiện Kế hoạch số 77/KH-UBND ngày 02/6/2023",
	    CITE_IN_ARTICLE, NULL, "77/KH-UBND 2023-06-02 other|");
	is("cite: in an article, 'thi hành' only right before the citation carries it out",
	    "Các sở thi hành Quyết định này, căn cứ Kế hoạch số 77/KH-UBND; Kế hoạch thi hành Luật số 72/2025/QH15",
	    CITE_IN_ARTICLE, NULL, "77/KH-UBND - other|; 72/2025/QH15 - legal-basis|");
	is("cite: a program of the plan's own issuer, told of, is related, not a parent",
	    "Ngay từ đầu năm UBND Thành phố đã ban hành Chương trình hành động số 34/CTr-UBND ngày 28/01/2018 với 188 nhiệm vụ",
	    CITE_IN_PREAMBLE, "167/KH-UBND", "34/CTr-UBND 2018-01-28 other|");
	is("cite: a plan of the same issuer code stays a parent when carried out, rested on or named another's",
	    "Thực hiện Kế hoạch số 120/KH-UBND ngày 5/5/2023; Căn cứ Chương trình số 8/CTr-UBND; "
	    "Kế hoạch số 9/KH-UBND ngày 1/2/2023 của UBND tỉnh; Quyết định số 5/QĐ-UBND",
	    CITE_IN_PREAMBLE, "167/KH-UBND",
	    "120/KH-UBND 2023-05-05 parent|; 8/CTr-UBND - parent|; 9/KH-UBND 2023-02-01 parent|UBND tỉnh; 5/QĐ-UBND - parent|");
	is("cite: a plan listed with the parent before it is carried out too",
	    "Thực hiện Kế hoạch số 120/KH-UBND ngày 5/5/2023 và Kế hoạch số 121/KH-UBND ngày 6/5/2023, UBND huyện đã ban hành "
	    "Kế hoạch số 15/KH-UBND ngày 7/5/2023",
	    CITE_IN_PREAMBLE, "167/KH-UBND",
	    "120/KH-UBND 2023-05-05 parent|; 121/KH-UBND 2023-05-06 parent|; 15/KH-UBND 2023-05-07 other|");
	is("cite: a Party program's own earlier plan is related; another committee's is not its own",
	    "Tỉnh ủy đã có Kế hoạch số 9-KH/TU ngày 1/2/2023, Huyện ủy có Kế hoạch số 3-KH/HU ngày 2/2/2023",
	    CITE_IN_PREAMBLE, "41-CTr/TU", "9-KH/TU 2023-02-01 other|; 3-KH/HU 2023-02-02 parent|");
	is("cite: in the title, the issuer's own plan is what it says",
	    "KẾ HOẠCH SỬA ĐỔI KẾ HOẠCH SỐ 71/KH-UBND", CITE_IN_TITLE, "233/KH-UBND", "71/KH-UBND - parent|");
	is("cite: an impossible date is marked",
	    "Nghị quyết số 36-NQ/TW ngày 31/02/2023 của Bộ Chính trị", CITE_IN_TITLE, NULL,
	    "36-NQ/TW invalid parent|Bộ Chính trị");
	is("cite: issuer keeps 'và' inside a name, stops before another citation",
	    "Quyết định số 5/QĐ-BKHCN ngày 1/2/2024 của Bộ Khoa học và Công nghệ và Kế hoạch số 7/KH-UBND",
	    CITE_IN_PREAMBLE, NULL, "5/QĐ-BKHCN 2024-02-01 parent|Bộ Khoa học và Công nghệ; 7/KH-UBND - parent|");
	is("cite: an issuer runs to the 'về' of its summary, not into it",
	    "NGHỊ QUYẾT SỐ 36-NQ/TW NGÀY 30 THÁNG 01 NĂM 2023 CỦA BỘ CHÍNH TRỊ VỀ PHÁT TRIỂN", CITE_IN_TITLE, NULL,
	    "36-NQ/TW 2023-01-30 parent|BỘ CHÍNH TRỊ");
	is("cite: 'phê duyệt' ends the issuer",
	    "QUYẾT ĐỊNH SỐ 892/QĐ-TTG NGÀY 26 THÁNG 7 NĂM 2022 CỦA THỦ TƯỚNG CHÍNH PHỦ PHÊ DUYỆT ĐỀ ÁN", CITE_IN_TITLE, NULL,
	    "892/QĐ-TTg 2022-07-26 parent|THỦ TƯỚNG CHÍNH PHỦ");
	is("cite: the term ends the issuer in a title in capitals",
	    "NGHỊ QUYẾT SỐ 53-NQ/TW NGÀY 29 THÁNG 8 NĂM 2005 CỦA BỘ CHÍNH TRỊ KHÓA IX ĐẨY MẠNH PHÁT TRIỂN", CITE_IN_TITLE, NULL,
	    "53-NQ/TW 2005-08-29 parent|BỘ CHÍNH TRỊ KHÓA IX");
	is("cite: the term ends the issuer, written khoá",
	    "Nghị quyết số 53-NQ/TW ngày 29/8/2005 của Bộ Chính trị khoá IX, đẩy mạnh", CITE_IN_BODY, NULL,
	    "53-NQ/TW 2005-08-29 other|Bộ Chính trị khoá IX");
	is("cite: no issuer read across a closing parenthesis",
	    "(Kèm theo Chương trình số 219-CTr/TU ngày 22/5/2023) của các sở", CITE_IN_BODY, NULL,
	    "219-CTr/TU 2023-05-22 other|");
	/* the stops that start with đ, after words that start with ASCII letters and others */
	is("cite: 'để' ends the issuer, in its case and in capitals",
	    "Kế hoạch số 7/KH-UBND ngày 1/2/2024 của Ủy ban nhân dân tỉnh để triển khai; "
	    "KẾ HOẠCH SỐ 8/KH-UBND NGÀY 1/2/2024 CỦA ỦY BAN NHÂN DÂN TỈNH ĐỂ", CITE_IN_BODY, NULL,
	    "7/KH-UBND 2024-02-01 other|Ủy ban nhân dân tỉnh; 8/KH-UBND 2024-02-01 other|ỦY BAN NHÂN DÂN TỈNH");
	is("cite: 'đã' and 'được' end the issuer; a name's 'Đồng' does not",
	    "Nghị quyết số 9-NQ/TU ngày 1/2/2024 của Hội đồng nhân dân đã ban hành; "
	    "Quyết định số 3/QĐ-UBND ngày 1/2/2024 của Ban Đổi mới được giao", CITE_IN_BODY, NULL,
	    "9-NQ/TU 2024-02-01 other|Hội đồng nhân dân; 3/QĐ-UBND 2024-02-01 other|Ban Đổi mới");
	is("cite: a malformed symbol is kept, not a parent",
	    "Nghị quyết số 36-NQ ngày 1/1/2023", CITE_IN_TITLE, NULL, "? 2023-01-01 other|");

	/* a match limit reached is said to the caller, never read as "no citation" */
	cite_list l = { 0 };
	const char *t = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị";
	cite_scan(&set, t, strlen(t), CITE_IN_PREAMBLE, NULL, &l);
	CHECK("cite: no limit on an ordinary line", l.n == 1 && !l.limit_hit);
	l.n = 0;
	setenv("APC_MATCH_LIMIT", "1", 1);
	cite_scan(&set, t, strlen(t), CITE_IN_PREAMBLE, NULL, &l);
	unsetenv("APC_MATCH_LIMIT");
	CHECK("cite: a match limit reached is said", l.limit_hit);
	cite_list_free(&l);
	re_set_free(&set);
	return unit_failed != 0;
}
