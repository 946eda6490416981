/* tests/unit/test_tree.c: tree.c, the one maker and reader of document elements. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "unit.h"

/* tree_remap_positions: one more column, and line 12 becomes 40 */
static void
shift(void *ctx, unsigned *line, unsigned *col)
{
	(*(int *)ctx)++;
	if (*col)
		(*col)++;
	if (*line == 12)
		*line = 40;
}

/* e as XML text (malloc'd) */
static char *
dump(xmlNodePtr e)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlNodeDump(b, e->doc, e, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

int
main(void)
{
	xmlDocPtr doc = tree_doc_new();
	xmlNodePtr root = tree_new(NULL, NULL, "program");
	xmlDocSetRootElement(doc, root);
	xmlNsPtr ns = xmlNewNs(root, BAD_CAST APC_NS, NULL), src = xmlNewNs(root, BAD_CAST APC_SRC_NS, BAD_CAST "src");
	xmlSetNs(root, ns);
	xmlNodePtr meta = tree_new(root, ns, "meta");
	tree_add_text(root, "between", 7);
	xmlNodePtr t1 = tree_new(root, ns, "task"), t2 = tree_new(root, ns, "task");
	tree_set(t1, "n", "1");
	tree_set(t2, "n", "2");
	tree_set_pos(t2, src, 12, 3);
	tree_add_text(t2, "Sở Y tế và", strlen("Sở Y tế và"));
	tree_add_text(t2, " Sở Tài chính", strlen(" Sở Tài chính"));
	CHECK("tree-child", tree_child(root, "meta") == meta);
	CHECK("tree-child-skips-text", tree_child(root, "task") == t1);
	CHECK("tree-child-none", tree_child(root, "group") == NULL && tree_child(NULL, "x") == NULL);
	CHECK("tree-next", tree_next(t1, "task") == t2 && tree_next(t2, "task") == NULL);
	CHECK("tree-is", tree_is(t1, "task") && !tree_is(t1, "meta") && !tree_is(NULL, "task"));
	CHECK_STR("tree-attr", tree_attr(t2, "n"), "2");
	CHECK("tree-attr-none", tree_attr(t2, "m") == NULL && tree_attr(NULL, "n") == NULL);
	CHECK("tree-attr-not-src", tree_attr(t2, "line") == NULL);
	CHECK("tree-line", tree_line(t2) == 12 && tree_col(t2) == 3);
	CHECK("tree-line-none", tree_line(t1) == 0 && tree_col(t1) == 0 && tree_line(NULL) == 0);
	char *s = tree_text(t2);
	CHECK_STR("tree-text", s, "Sở Y tế và Sở Tài chính");
	free(s);
	s = tree_text(NULL);
	CHECK_STR("tree-text-none", s, "");
	free(s);
	s = tree_text(root);     /* text and elements: all of its text, in order */
	CHECK_STR("tree-text-mixed", s, "betweenSở Y tế và Sở Tài chính");
	free(s);
	s = tree_text(meta);     /* no text at all */
	CHECK_STR("tree-text-empty", s, "");
	free(s);

	/* attributes: short values are held in their text node, long ones not; setting one again
	 * replaces it (either kind by the other) */
	xmlNodePtr t3 = tree_new(root, ns, "task");
	tree_set(t3, "ref", "a-value-longer-than-sixteen-bytes");
	tree_set(t3, "n", "3");
	tree_set(t3, "ref", "short");
	tree_set(t3, "n", "a-value-longer-than-sixteen-bytes");
	tree_set(t3, "ref", "");
	tree_set_pos(t3, src, 7, 0);
	tree_set_pos(t3, src, 4000000000u, 65536);
	CHECK_STR("tree-set-replaces", tree_attr(t3, "n"), "a-value-longer-than-sixteen-bytes");
	CHECK_STR("tree-set-empty", tree_attr(t3, "ref"), "");
	CHECK("tree-set-pos-replaces", tree_line(t3) == 4000000000u && tree_col(t3) == 65536);
	/* positions are kept in the element: no attribute until the tree is written out */
	s = dump(t3);
	CHECK_STR("tree-pos-kept", s, "<task ref=\"\" n=\"a-value-longer-than-sixteen-bytes\"/>");
	free(s);
	xmlNodePtr t5 = tree_new(root, ns, "lead"), t6 = tree_new(root, ns, "lead");
	tree_set_pos(t5, src, 0, 9);        /* a column and no line */
	tree_set(t5, "n", "5");
	tree_set_pos(t6, src, 6, 0);        /* a line and no column */
	tree_set_pos(t6, src, 0, 0);        /* 0 leaves them */
	CHECK("tree-pos-part", tree_line(t5) == 0 && tree_col(t5) == 9 && tree_line(t6) == 6 && tree_col(t6) == 0);
	/* text: a short first piece, then more merged into it */
	xmlNodePtr t4 = tree_new(root, ns, "lead");
	tree_add_text(t4, "Sở", strlen("Sở"));
	tree_add_text(t4, " Y tế", strlen(" Y tế"));
	tree_add_text(t4, " và Sở Tài chính tỉnh", strlen(" và Sở Tài chính tỉnh"));
	s = tree_text(t4);
	CHECK_STR("tree-text-merged", s, "Sở Y tế và Sở Tài chính tỉnh");
	free(s);
	CHECK("tree-text-one-node", t4->children != NULL && t4->children == t4->last);
	xmlNodeSetContent(t4, BAD_CAST "x");
	xmlNodeAddContent(t4, BAD_CAST "yz");
	s = tree_text(t4);
	CHECK_STR("tree-text-set", s, "xyz");
	free(s);
	/* squeezed text: short, long, long that squeezes short, after text, empty (a text node all
	 * the same, as before) */
	static const struct { const char *in, *want; } sq[] = {
		{ " Sở  Y tế ", "Sở Y tế" },
		{ "\tỦy ban\u00a0nhân dân  tỉnh\n Lào Cai ", "Ủy ban nhân dân tỉnh Lào Cai" },
		{ "      x                    ", "x" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof sq / sizeof sq[0]; i++) {
		xmlNodePtr e = tree_new(root, ns, "p");
		tree_add_squeezed(e, sq[i].in, strlen(sq[i].in));
		s = tree_text(e);
		CHECK_STR("tree-add-squeezed", s, sq[i].want);
		free(s);
		CHECK("tree-add-squeezed-node", e->children != NULL && e->children == e->last);
	}
	tree_add_squeezed(t4, "  and  more text after it ", strlen("  and  more text after it "));
	s = tree_text(t4);
	CHECK_STR("tree-add-squeezed-after", s, "xyzand more text after it");
	free(s);
	/* a copy of the tree (the renderer's) has the same attributes and text, and the positions
	 * as src:line and src:column, the first attributes */
	xmlDocPtr copy = tree_copy_doc(doc);
	xmlNodePtr croot = xmlDocGetRootElement(copy);
	xmlNodePtr c3 = tree_next(tree_next(tree_child(croot, "task"), "task"), "task");
	CHECK("tree-copy", c3 != NULL && tree_line(c3) == 4000000000u && strcmp(tree_attr(c3, "n"), "a-value-longer-than-sixteen-bytes") == 0);
	s = c3 != NULL ? dump(c3) : xstrdup("");
	CHECK_STR("tree-copy-serialized", s, "<task src:line=\"4000000000\" src:column=\"65536\" ref=\"\" n=\"a-value-longer-than-sixteen-bytes\"/>");
	free(s);
	xmlNodePtr c5 = tree_child(croot, "lead");
	s = c5 != NULL ? dump(c5) : xstrdup("");
	CHECK_STR("tree-copy-column-only", s, "<lead src:column=\"9\" n=\"5\"/>");
	free(s);
	s = c5 != NULL && tree_next(c5, "lead") != NULL ? dump(tree_next(c5, "lead")) : xstrdup("");
	CHECK_STR("tree-copy-line-only", s, "<lead src:line=\"6\"/>");
	free(s);
	CHECK("tree-copy-no-private", c3 != NULL && c3->_private == NULL);
	s = dump(t3);
	CHECK_STR("tree-copy-leaves-tree", s, "<task ref=\"\" n=\"a-value-longer-than-sixteen-bytes\"/>");
	free(s);
	xmlFreeDoc(copy);

	/* positions remapped: every element that has one, in document order */
	int calls = 0;
	tree_remap_positions(doc, shift, &calls);
	CHECK("tree-remap", tree_line(t2) == 40 && tree_col(t2) == 4 && tree_line(t3) == 4000000000u &&
	    tree_col(t3) == 65537 && tree_line(t1) == 0 && tree_line(t6) == 6 && tree_col(t6) == 0 && calls == 3);
	/* written into the tree itself (build): first, and again after a change, in place */
	tree_write_positions(doc);
	s = dump(t3);
	CHECK_STR("tree-write", s, "<task src:line=\"4000000000\" src:column=\"65537\" ref=\"\" n=\"a-value-longer-than-sixteen-bytes\"/>");
	free(s);
	tree_set_pos(t3, src, 5, 6);
	tree_write_positions(doc);
	s = dump(t3);
	CHECK_STR("tree-write-again", s, "<task src:line=\"5\" src:column=\"6\" ref=\"\" n=\"a-value-longer-than-sixteen-bytes\"/>");
	free(s);
	s = dump(t2);
	CHECK("tree-write-text", strncmp(s, "<task src:line=\"40\" src:column=\"4\" n=\"2\">", strlen("<task src:line=\"40\" src:column=\"4\" n=\"2\">")) == 0);
	free(s);
	tree_doc_free(doc);
	return unit_failed != 0;
}
