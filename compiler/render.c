/* render.c: STUB, being written (XSLT to HTML, XSL-FO, PDF). */
#include <stdlib.h>
#include "internal.h"
struct apc_render { int dummy; };
struct apc_render *render_open(const char *datadir) { return xcalloc(1, sizeof(struct apc_render)); }
void render_close(struct apc_render *r) { free(r); }
int render_doc(struct apc_render *r, xmlDocPtr doc, const char *format, const apc_diags *annotate,
    apc_lang lang, const char *out_path, char **err) { *err = xstrdup("render: not yet implemented"); return -1; }
