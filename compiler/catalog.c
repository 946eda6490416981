/*
 * catalog.c: the table of every diagnostic apc can give, generated from catalog.def (the one
 * place an entry is written), and the lookup of a user's rule id (apc.conf, --disable,
 * --severity). Code names a diagnostic by its enum (D_TASK_NUMBERING), never by its string.
 * The other user-facing strings (usage, usage errors, summary) are the table of messages.def,
 * printed in the run's language by msg_print.
 */
#include <stdarg.h>
#include <string.h>
#include "internal.h"

const catalog_entry catalog_entries[] = {
#define DIAG(name, id, sev, vi, en, summary, help) { id, APC_##sev, { vi, en }, summary, help },
#include "catalog.def"
#undef DIAG
};

const size_t catalog_count = sizeof catalog_entries / sizeof catalog_entries[0];

/* The Vietnamese summary and help of each entry (HELP_VI in catalog.def). */
static const char *const help_vi[D__COUNT][2] = {
#define DIAG(name, id, sev, vi, en, summary, help)
#define HELP_VI(name, summary, help) [D_##name] = { summary, help },
#include "catalog.def"
#undef DIAG
};

int
catalog_has_vi(size_t k)
{
	return k < catalog_count && help_vi[k][0] != NULL && *help_vi[k][0] && help_vi[k][1] != NULL && *help_vi[k][1];
}

/* Entry k's summary (0) or help (1) in lang. */
static const char *
catalog_words(size_t k, apc_lang lang, int which)
{
	if (k >= catalog_count)
		return "";
	if (lang == APC_LANG_VI && help_vi[k][which] != NULL)
		return help_vi[k][which];
	return which ? catalog_entries[k].help : catalog_entries[k].summary;
}

const char *
catalog_summary(size_t k, apc_lang lang)
{
	return catalog_words(k, lang, 0);
}

const char *
catalog_help(size_t k, apc_lang lang)
{
	return catalog_words(k, lang, 1);
}

const char *const messages[][2] = {
#define MSG(name, vi, en) [M_##name] = { vi, en },
#include "messages.def"
#undef MSG
};
_Static_assert(sizeof messages / sizeof messages[0] == M__COUNT, "messages and enum msg_id differ");

const char *
msg_fmt(apc_lang lang, msg_id id)
{
	return messages[id < M__COUNT ? id : 0][lang == APC_LANG_VI ? APC_LANG_VI : APC_LANG_EN];
}

void
msg_print(FILE *f, apc_lang lang, msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	vfprintf(f, msg_fmt(lang, id), ap);
	va_end(ap);
}

/* Document kinds by type code (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP). A Party QĐ is
 * a Quyết định or a Quy định: only a state QĐ is named. */
static const struct { const char *code, *vi, *en; int state_only; } kinds[] = {
	{ "NQ", "Nghị quyết", "Resolution", 0 },   { "KL", "Kết luận", "Conclusion", 0 },
	{ "CT", "Chỉ thị", "Directive", 0 },       { "QĐ", "Quyết định", "Decision", 1 },
	{ "QyĐ", "Quy định", "Regulation", 0 },    { "QC", "Quy chế", "Rules", 0 },
	{ "HD", "Hướng dẫn", "Guidance", 0 },      { "KH", "Kế hoạch", "Plan", 0 },
	{ "CTr", "Chương trình", "Programme", 0 }, { "TB", "Thông báo", "Notice", 0 },
	{ "BC", "Báo cáo", "Report", 0 },          { "ĐA", "Đề án", "Scheme", 0 },
};

const char *
catalog_kind(const char *symbol, apc_lang lang)
{
	const char *slash = symbol != NULL ? strchr(symbol, '/') : NULL;
	const char *code = NULL;
	size_t n = 0;
	int state = 0;
	if (slash != NULL) {
		const char *dash = memchr(symbol, '-', (size_t)(slash - symbol));
		if (dash != NULL) {            /* Party: 36-NQ/TW */
			code = dash + 1;
			n = (size_t)(slash - code);
		} else {                       /* state: 189/NQ-CP; legal: 30/2020/NĐ-CP */
			code = slash + 1;
			n = strcspn(code, "-/");
			if (n > 0 && strspn(code, "0123456789") == n && code[n] == '/') {
				code += n + 1;         /* past the year */
				n = strcspn(code, "-/");
			}
			state = 1;
		}
	}
	for (size_t i = 0; code != NULL && i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].code) == n && strncmp(kinds[i].code, code, n) == 0 &&
		    (state || !kinds[i].state_only))
			return lang == APC_LANG_VI ? kinds[i].vi : kinds[i].en;
	return lang == APC_LANG_VI ? "văn bản" : "document";
}

size_t
catalog_index(const char *id)
{
	for (size_t i = 0; i < catalog_count; i++)
		if (strcmp(catalog_entries[i].id, id) == 0)
			return i;
	return (size_t)-1;
}

/* Levenshtein distance of a and b (bytes), capped: larger distances are not told apart. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 64;
	size_t row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *
catalog_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, len = strlen(word);
	size_t limit = len < 4 ? 1 : len < 9 ? 2 : 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, cands[i]);
		/* a prefix of a longer name ("sev" for "severity") counts as near */
		if (len >= 3 && strncmp(word, cands[i], len) == 0 && d > limit)
			d = limit;
		if (d < bd) {
			bd = d;
			best = cands[i];
		}
	}
	return bd <= limit && bd > 0 ? best : NULL;
}

const char *
catalog_closest_rule(const char *word)
{
	const char *ids[D__COUNT];
	for (size_t i = 0; i < D__COUNT; i++)
		ids[i] = catalog_entries[i].id;
	return catalog_closest(word, ids, D__COUNT);
}
