/* tests/unit/test_oom.c: constructors of libxml2 and PCRE2 that return NULL when memory runs
 * out are checked: apc says "out of memory" and exits 2, never dereferences NULL (defect 12 of
 * issue 11). Linked with -Wl,--wrap for PCRE2's constructors; libxml2's allocator is replaced
 * through xmlMemSetup. Each case runs in a child process. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libxml/xmlmemory.h>
#include "internal.h"
#include "re.h"
#include "unit.h"

pcre2_match_data *__real_pcre2_match_data_create_8(uint32_t, pcre2_general_context *);
pcre2_match_data *__wrap_pcre2_match_data_create_8(uint32_t, pcre2_general_context *);
pcre2_match_context *__real_pcre2_match_context_create_8(pcre2_general_context *);
pcre2_match_context *__wrap_pcre2_match_context_create_8(pcre2_general_context *);
static int pcre_fails;

pcre2_match_data *
__wrap_pcre2_match_data_create_8(uint32_t n, pcre2_general_context *g)
{
	return pcre_fails ? NULL : __real_pcre2_match_data_create_8(n, g);
}

pcre2_match_context *
__wrap_pcre2_match_context_create_8(pcre2_general_context *g)
{
	return pcre_fails ? NULL : __real_pcre2_match_context_create_8(g);
}

static void *
no_malloc(size_t n)
{
	(void)n;
	return NULL;
}

/* Run fn in a child with stderr to a pipe: 1 when it exited 2 saying "out of memory". */
static int
exits_oom(void (*fn)(void))
{
	int p[2];
	if (pipe(p) != 0)
		return 0;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		fn();
		_exit(0);   /* not reached when the failure is caught */
	}
	close(p[1]);
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof buf - 1 && (n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	close(p[0]);
	buf[len] = '\0';
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 2 && strstr(buf, "out of memory") != NULL;
}

/* Held in a static so that LeakSanitizer, run by the child's exit(2), sees it reachable. */
static xmlDocPtr volatile node_doc;

static void
xml_node(void)
{
	node_doc = tree_doc_new();
	xmlMemSetup(xmlFree, no_malloc, xmlRealloc, xmlMemStrdup);
	xmlNodePtr e = tree_new(NULL, NULL, "task");
	tree_set(e, "n", "1");
}

static void
xml_attr(void)
{
	xmlNodePtr e = tree_new(NULL, NULL, "task");
	xmlMemSetup(xmlFree, no_malloc, xmlRealloc, xmlMemStrdup);
	tree_set(e, "n", "1");
}

static void
xml_doc(void)
{
	xmlMemSetup(xmlFree, no_malloc, xmlRealloc, xmlMemStrdup);
	(void)tree_doc_new();
}

static void
pcre_match_data(void)
{
	static const re_def defs[] = { { "a", 0, 0 } };
	re_set set;
	if (re_set_compile(&set, "test", defs, 1) != 0)
		_exit(3);
	pcre_fails = 1;
	re_matcher m = re_matcher_make(&set, 1);
	re_match(&m, 0, "a", 1);
}

int
main(void)
{
	xmlInitParser();
	CHECK("oom: xmlNewDoc", exits_oom(xml_doc));
	CHECK("oom: xmlNewNode", exits_oom(xml_node));
	CHECK("oom: xmlSetProp", exits_oom(xml_attr));
	CHECK("oom: pcre2 match data", exits_oom(pcre_match_data));
	return unit_failed != 0;
}
