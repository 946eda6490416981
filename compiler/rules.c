/* rules.c: STUB, being written (the rule catalogue). */
#include "internal.h"
void rules_run(xmlDocPtr doc, const apc_source *src, const struct apc_library *lib, apc_diags *d) { }
void rules_coverage(FILE *out, xmlDocPtr doc, const struct apc_library *lib, apc_lang lang) { }
