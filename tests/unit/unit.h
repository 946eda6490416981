/* tests/unit/unit.h: a tiny harness. Each CHECK prints "ok NAME" or "not ok NAME: ...". */
#ifndef UNIT_H
#define UNIT_H
#include <stdio.h>
#include <string.h>
static int unit_failed;
#define CHECK(name, cond) do { if (cond) printf("ok %s\n", name); \
	else { printf("not ok %s: %s (%s:%d)\n", name, #cond, __FILE__, __LINE__); unit_failed++; } } while (0)
#define CHECK_STR(name, got, want) do { const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && strcmp(g_, w_) == 0) printf("ok %s\n", name); \
	else { printf("not ok %s: got \"%s\", want \"%s\" (%s:%d)\n", name, g_ ? g_ : "(null)", w_ ? w_ : "(null)", __FILE__, __LINE__); unit_failed++; } } while (0)
#endif
