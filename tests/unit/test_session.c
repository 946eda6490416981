/* tests/unit/test_session.c: a session opened, used, closed, and opened again gives the same
 * results: everything compiled belongs to the session, nothing is left half-freed in the
 * process (defect 4 of issue 11). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "re.h"
#include "facts.h"
#include "unit.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

/* Compile path in a fresh session; return its diagnostics as one string (malloc'd) and the
 * number of elements of its tree in *nodes. NULL when the session does not open. */
static char *
compile_once(const char *path, size_t *nodes)
{
	apc_session s;
	apc_result r;
	strbuf sb = { 0 };
	if (apc_session_open(&s, ".", NULL, 0) != 0)
		return NULL;
	apc_compile(&s, path, NULL, 0, &r);
	for (size_t i = 0; i < r.diags.n; i++)
		sb_addf(&sb, "%u:%u %s\n", r.diags.v[i].line, r.diags.v[i].col, r.diags.v[i].msg[APC_LANG_EN]);
	*nodes = 0;
	for (xmlNodePtr e = r.doc ? xmlDocGetRootElement(r.doc) : NULL; e; ) {
		(*nodes)++;
		if (e->children && e->children->type == XML_ELEMENT_NODE)
			e = e->children;
		else {
			while (e && !xmlNextElementSibling(e))
				e = e->parent && e->parent->type == XML_ELEMENT_NODE ? e->parent : NULL;
			e = e ? xmlNextElementSibling(e) : NULL;
		}
	}
	apc_result_free(&r);
	apc_session_close(&s);
	return sb_take(&sb);
}

int
main(void)
{
	static const char *const files[] = { "examples/tinh-uy-program.txt", "tests/corpus-like/parent-date-mismatch.txt" };
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		size_t n1 = 0, n2 = 0;
		char *a = compile_once(files[f], &n1), *b = compile_once(files[f], &n2);
		char name[128];
		snprintf(name, sizeof name, "session-twice-opens: %s", files[f]);
		CHECK(name, a != NULL && b != NULL);
		snprintf(name, sizeof name, "session-twice-same-tree: %s", files[f]);
		CHECK(name, n1 > 20 && n1 == n2);
		snprintf(name, sizeof name, "session-twice-same-diagnostics: %s", files[f]);
		CHECK_STR(name, b, a);
		free(a);
		free(b);
	}
	/* The rules stage writes nothing into the validated tree: coverage lives in the facts
	 * until build or render publish it. */
	apc_session s;
	apc_result r;
	if (apc_session_open(&s, ".", NULL, 0) == 0) {
		apc_compile(&s, "examples/tinh-uy-program.txt", NULL, 0, &r);
		CHECK("facts: built with the result", r.facts != NULL && r.facts->missions.n > 0 && r.facts->symbol != NULL);
		CHECK("facts: coverage found", r.facts != NULL && r.facts->ncovers > 0);
		size_t in_tree = 0;
		for (size_t i = 0; r.facts && i < r.facts->missions.n; i++)
			in_tree += tree_attr(r.facts->missions.v[i], "covers") != NULL;
		CHECK("facts: tree untouched by the rules", in_tree == 0);
		facts_publish(r.facts, r.doc);
		const char *cv = r.facts && r.facts->ncovers ? tree_attr(r.facts->covers[0].unit, "covers") : NULL;
		CHECK("facts: published on purpose", cv != NULL && strcmp(cv, r.facts->covers[0].parents) == 0);
		apc_result_free(&r);
		apc_session_close(&s);
	}

	/* The citations the parser kept are facts, with their roles, in document order; and what
	 * the render index shows (symbol as written, kind, title, issuer, parent) is read there. */
	if (apc_session_open(&s, ".", NULL, 0) == 0) {
		apc_compile(&s, "tests/real/cases/10-legal-basis-and-proposal.txt", NULL, 0, &r);
		const facts *f = r.facts;
		CHECK("facts: citations kept", f != NULL && f->ncites == 2);
		CHECK("facts: legal basis first", f && f->ncites == 2 && f->cites[0].role == CITE_LEGAL &&
		    strcmp(f->cites[0].ref, "01/2008/NĐ-CP") == 0 && f->cites[0].date && strcmp(f->cites[0].date, "2008-01-03") == 0 &&
		    f->cites[0].issuer && strcmp(f->cites[0].issuer, "Chính phủ") == 0 && tree_is(f->cites[0].el, "cites"));
		CHECK("facts: then the proposal", f && f->ncites == 2 && f->cites[1].role == CITE_PROPOSAL &&
		    strcmp(f->cites[1].ref, "55/TTr-SKHĐT") == 0 && f->cites[1].kind && strcmp(f->cites[1].kind, "Tờ trình") == 0);
		CHECK("facts: no parent there", facts_cite_first(f, CITE_PARENT) == NULL && facts_cite_first(f, CITE_PROPOSAL) == &f->cites[1]);
		CHECK("facts: the index's meta", f && f->symbol_text && strcmp(f->symbol_text, "300/KH-UBND") == 0 &&
		    f->symbol_type && strcmp(f->symbol_type, "KH") == 0 && f->kind_text && strcmp(f->kind_text, "KẾ HOẠCH") == 0 &&
		    f->title && strcmp(f->title, "PHÁT TRIỂN KINH TẾ TƯ NHÂN") == 0 && f->issuer &&
		    strcmp(f->issuer, "ỦY BAN NHÂN DÂN TỈNH LONG AN") == 0);
		apc_result_free(&r);
		apc_compile(&s, "examples/tinh-uy-program.txt", NULL, 0, &r);
		const struct facts_cite *pc = facts_cite_first(r.facts, CITE_PARENT);
		CHECK("facts: the parent", pc && strcmp(pc->ref, "36-NQ/TW") == 0 && tree_is(pc->el, "implements") &&
		    pc->date && strcmp(pc->date, "2023-01-30") == 0);
		apc_result_free(&r);
		apc_session_close(&s);
	}

	/* A pattern that does not compile fails the set, names itself and leaves nothing. */
	static const re_def bad[] = { { "^a(b", 0, 0 }, { "x", 0, 0 } }, good[] = { { "^Số\\s+(\\d+)", PCRE2_CASELESS, 0 } };
	re_set set;
	fflush(stderr);
	CHECK("re-set-bad-pattern-fails", re_set_compile(&set, "test", bad, 2) == -1 && set.code == NULL && set.n == 0);
	CHECK("re-set-compiles", re_set_compile(&set, "test", good, 1) == 0 && set.n == 1);
	re_matcher m = re_matcher_make(&set, 1);
	CHECK("re-match", re_match(&m, 0, "SỐ  219", strlen("SỐ  219")) && !re_match(&m, 0, "Số x", 6));
	CHECK("re-match-out-of-range", !re_match(&m, 1, "Số 1", 6));
	re_matcher_free(&m);
	re_set_free(&set);
	return unit_failed != 0;
}
