/* tests/unit/test_catalog.c: the diagnostic catalogue (catalog.def) is well formed, and
 * diag_effective is the one answer to "what severity does this diagnostic have". */
#include <stdlib.h>
#include "internal.h"
#include "unit.h"

/* The conversions of a printf format as "zu,s,u,...": flags, width and precision dropped. */
static void
conversions(const char *f, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (; *f; f++) {
		if (*f != '%')
			continue;
		if (*++f == '%')
			continue;
		while (*f && strchr("-+ #0123456789.*", *f))
			f++;
		char conv[4] = { 0 };
		size_t k = 0;
		while (*f && strchr("hlLqjzt", *f) && k < 2)
			conv[k++] = *f++;
		conv[k] = *f;
		n += (size_t)snprintf(out + n, size - n, "%s,", conv);
		if (n >= size || !*f)
			break;
	}
}

static int
kebab(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || (*s == '-' && s[1] && s[1] != '-')))
			return 0;
	return 1;
}

int
main(void)
{
	char a[256], b[256], name[160];
	CHECK("catalog count is the enum's", catalog_count == D__COUNT);
	for (size_t i = 0; i < catalog_count; i++) {
		const catalog_entry *e = &catalog_entries[i];
		snprintf(name, sizeof name, "catalog %s: kebab-case id", e->id);
		CHECK(name, kebab(e->id));
		snprintf(name, sizeof name, "catalog %s: found by its id", e->id);
		CHECK(name, catalog_index(e->id) == i);
		snprintf(name, sizeof name, "catalog %s: default severity", e->id);
		CHECK(name, e->sev == APC_ERROR || e->sev == APC_WARNING || e->sev == APC_NOTE);
		snprintf(name, sizeof name, "catalog %s: summary and help", e->id);
		CHECK(name, e->summary && *e->summary && e->help && *e->help);
		snprintf(name, sizeof name, "catalog %s: Vietnamese summary and help (HELP_VI)", e->id);
		CHECK(name, catalog_has_vi(i));
		CHECK(name, strcmp(catalog_help(i, APC_LANG_VI), e->help) != 0 &&
		    strcmp(catalog_help(i, APC_LANG_EN), e->help) == 0);
		conversions(e->fmt[APC_LANG_VI], a, sizeof a);
		conversions(e->fmt[APC_LANG_EN], b, sizeof b);
		snprintf(name, sizeof name, "catalog %s: Vietnamese and English take the same arguments", e->id);
		CHECK_STR(name, a, b);
	}
	CHECK("an unknown id is not found", catalog_index("no-such-rule") == (size_t)-1);

	/* messages.def: both languages present, the same conversions in the same order */
	for (size_t i = 0; i < M__COUNT; i++) {
		snprintf(name, sizeof name, "message %zu: Vietnamese and English present", i);
		CHECK(name, messages[i][APC_LANG_VI] && *messages[i][APC_LANG_VI] &&
		    messages[i][APC_LANG_EN] && *messages[i][APC_LANG_EN]);
		conversions(messages[i][APC_LANG_VI], a, sizeof a);
		conversions(messages[i][APC_LANG_EN], b, sizeof b);
		snprintf(name, sizeof name, "message %zu: Vietnamese and English take the same arguments", i);
		CHECK_STR(name, a, b);
	}
	CHECK_STR("msg_fmt picks the language", msg_fmt(APC_LANG_VI, M_BAD_JOBS), "apc: -j cần một số từ 1 đến 256\n");
	CHECK_STR("kind of a Party resolution", catalog_kind("36-NQ/TW", APC_LANG_VI), "Nghị quyết");
	CHECK_STR("kind of a state resolution", catalog_kind("189/NQ-CP", APC_LANG_EN), "Resolution");
	CHECK_STR("a state QĐ is a decision", catalog_kind("12/QĐ-UBND", APC_LANG_VI), "Quyết định");
	CHECK_STR("a Party QĐ is not named", catalog_kind("66-QĐ/TW", APC_LANG_VI), "văn bản");
	CHECK_STR("an unknown code", catalog_kind("5-XY/TW", APC_LANG_EN), "document");

	/* diag_effective: the default, a user's level, off */
	apc_diags d = { 0 };
	apc_diag *g = diag_emit(&d, D_WORD_DUPLICATED, 3, 4, "a a");
	CHECK("diag_emit returns the new diagnostic", g == &d.v[0] && g->kind == D_WORD_DUPLICATED && g->line == 3);
	CHECK_STR("diag_emit fills the English format", g->msg[APC_LANG_EN], "repeated words: \"a a\"");
	apc_config cfg = { 0 };
	CHECK("no configuration: the default", diag_effective(g, NULL) == APC_WARNING);
	CHECK("configuration without levels: the default", diag_effective(g, &cfg) == APC_WARNING);
	CHECK("config_set to error", config_set(&cfg, "word-duplicated", "error") == 0);
	CHECK("the user's level wins", diag_effective(g, &cfg) == APC_ERROR);
	CHECK("config_set off", config_set(&cfg, "word-duplicated", "off") == 0);
	CHECK("off", diag_effective(g, &cfg) == APC_OFF);
	config_free(&cfg);
	diag_free(&d);
	return unit_failed ? 1 : 0;
}
