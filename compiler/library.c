/* library.c: STUB, being written (parents and agency registry). */
#include <stdlib.h>
#include "internal.h"
struct apc_library { int dummy; };
struct apc_library *library_open(const char *datadir, char *const *dirs, size_t ndirs) { return xcalloc(1, sizeof(struct apc_library)); }
void library_close(struct apc_library *l) { free(l); }
const library_parent *library_parent_find(const struct apc_library *l, const char *symbol, const char *date) { return NULL; }
const library_agency *library_agency_find(const struct apc_library *l, const char *text, size_t len) { return NULL; }
const char *library_agency_suggest(const struct apc_library *l, const char *text, size_t len) { return NULL; }
