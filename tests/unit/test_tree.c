/* tests/unit/test_tree.c: tree.c, the one maker and reader of document elements. */
#include <stdlib.h>
#include "internal.h"
#include "unit.h"

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
	xmlFreeDoc(doc);
	return unit_failed != 0;
}
