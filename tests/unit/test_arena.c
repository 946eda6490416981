/* tests/unit/test_arena.c: arena.c, where tree.c's nodes are cut from. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlmemory.h>
#include "internal.h"
#include "unit.h"

/* A document of n tasks, each with an attribute, a position and some text; its text as one
 * string of the tasks' texts checked against what was put in. 1 when all is as made. */
static int
build(int n, int check)
{
	xmlDocPtr doc = tree_doc_new();
	xmlNodePtr root = tree_new(NULL, NULL, "program");
	xmlDocSetRootElement(doc, root);
	int ok = 1;
	for (int i = 0; i < n; i++) {
		char num[16], text[64];
		snprintf(num, sizeof num, "%d", i);
		snprintf(text, sizeof text, "nhiệm vụ số %d của Sở Y tế", i);
		xmlNodePtr e = tree_new(root, NULL, "task");
		tree_set(e, "n", num);
		tree_set_pos(e, NULL, (unsigned)i + 1, 2);
		tree_add_squeezed(e, text, strlen(text));
		if (check) {
			char *t = tree_text(e);
			ok &= strcmp(t, text) == 0 && strcmp(tree_attr(e, "n"), num) == 0 && tree_line(e) == (unsigned)i + 1;
			free(t);
		}
	}
	tree_doc_free(doc);
	return ok;
}

static void *
worker(void *arg)
{
	int *ok = arg;
	for (int i = 0; i < 20; i++)
		*ok &= build(500, 1);
	return NULL;
}

int
main(void)
{
	/* no arena before arena_setup: nothing changes */
	xmlDocPtr plain = tree_doc_new();
	CHECK("arena-none-before-setup", arena_of(plain->_private) == NULL);
	xmlNodePtr pe = tree_new(NULL, NULL, "task");
	xmlDocSetRootElement(plain, pe);
	CHECK("arena-none-owns-nothing", !arena_owns(pe));
	tree_doc_free(plain);

	arena_setup();
	arena_setup();          /* once */
	xmlDocPtr doc = tree_doc_new();
	CHECK("arena-doc", arena_of(doc->_private) != NULL && arena_of(NULL) == NULL);
	xmlNodePtr root = tree_new(NULL, NULL, "program");
	xmlDocSetRootElement(doc, root);
	xmlNodePtr e = tree_new(root, NULL, "task");
	tree_set(e, "n", "a-value-longer-than-sixteen-bytes");
	CHECK("arena-node", arena_owns(e) && arena_owns(e->properties) && arena_owns(e->properties->children->content));
	/* a node made outside tree.c is malloc's, and lives in the tree beside the others */
	xmlNodePtr other = xmlNewDocNode(doc, NULL, BAD_CAST "other", NULL);
	xmlAddChild(root, other);
	CHECK("arena-outside", !arena_owns(other));
	/* a long text is malloc's */
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	xmlNodePtr b = tree_new(root, NULL, "p");
	tree_add_text(b, big, strlen(big));
	CHECK("arena-big-text", !arena_owns(b->children->content));
	/* text merged piece by piece: grown where it is, then moved, never lost */
	xmlNodePtr m = tree_new(root, NULL, "lead");
	char want[4000] = "";
	for (int i = 0; i < 300; i++) {
		const char *piece = i % 2 ? " Sở" : " Y tế";
		tree_add_text(m, piece, strlen(piece));
		strcat(want, piece);
	}
	char *got = tree_text(m);
	CHECK_STR("arena-merged-text", got, want);
	free(got);
	/* libxml2's own functions on arena nodes: content set, a node freed, text copied */
	xmlNodeSetContent(e, BAD_CAST "mới");
	xmlNodeAddContent(e, BAD_CAST " thêm");
	got = tree_text(e);
	CHECK_STR("arena-set-content", got, "mới thêm");
	free(got);
	xmlUnlinkNode(other);
	xmlFreeNode(other);
	xmlDocPtr copy = tree_copy_doc(doc);
	CHECK("arena-copy-is-malloc", !arena_owns(xmlDocGetRootElement(copy)));
	xmlFreeDoc(copy);
	tree_doc_free(doc);

	/* documents made and freed again and again take no more memory than the first */
	CHECK("arena-build", build(2000, 1));
	size_t first = arena_reserved();
	for (int i = 0; i < 50; i++)
		build(2000, 0);
	CHECK("arena-reused", first > 0 && arena_reserved() == first);
	/* threads, each its own documents */
	pthread_t t[4];
	int ok[4] = { 1, 1, 1, 1 };
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, &ok[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	CHECK("arena-threads", ok[0] && ok[1] && ok[2] && ok[3]);
	return unit_failed != 0;
}
