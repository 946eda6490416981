/*
 * lazylib.c: libzip (the .docx reader), libmicrohttpd (apc serve), libxslt and libexslt (apc
 * render) are opened on their first use, not at start-up. Linked in, they and what they pull
 * (libcrypto, GnuTLS, nettle, gmp, p11-kit, libgcrypt...) cost every run about 11 M instructions
 * of relocation before main(), most of a one-file check of a text document that needs none.
 *
 * Each function apc calls is defined here with the library's own prototype (from its header, so
 * the compiler checks it) and forwards to the real one, found with dlsym once, under
 * pthread_once. A library that cannot be opened is a failed run: a message, exit status 2 (as
 * when memory runs out). The sonames come from the build (Makefile: the -dev package's link
 * name), else the link name itself.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <microhttpd.h>
#include <libxslt/documents.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <libexslt/exslt.h>

#ifndef APC_LIBZIP_SO
#define APC_LIBZIP_SO "libzip.so"
#endif
#ifndef APC_LIBMHD_SO
#define APC_LIBMHD_SO "libmicrohttpd.so"
#endif
#ifndef APC_LIBXSLT_SO
#define APC_LIBXSLT_SO "libxslt.so"
#endif
#ifndef APC_LIBEXSLT_SO
#define APC_LIBEXSLT_SO "libexslt.so"
#endif

static void *
lazy_open(const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		const char *e = dlerror();
		fprintf(stderr, "apc: không mở được thư viện %s / cannot load library %s: %s\n", soname, soname,
		    e ? e : "?");
		exit(2);
	}
	return h;
}

static void
lazy_sym(void *h, const char *soname, const char *name, void *fnp)
{
	void *p = dlsym(h, name);
	if (p == NULL) {
		fprintf(stderr, "apc: %s không có %s / %s lacks %s\n", soname, name, soname, name);
		exit(2);
	}
	memcpy(fnp, &p, sizeof p);   /* object pointer to function pointer, as POSIX allows */
}

/* ---- libzip ---- */

#define ZIP_FUNCS(X) \
	X(zip_discard) X(zip_error_fini) X(zip_error_init) X(zip_error_strerror) X(zip_fclose) X(zip_file_strerror) \
	X(zip_fopen_index) X(zip_fread) X(zip_get_name) X(zip_get_num_entries) X(zip_name_locate) \
	X(zip_open_from_source) X(zip_source_buffer_create) X(zip_source_free) X(zip_stat_index) \
	X(zip_stat_init) X(zip_strerror)

static struct {
#define DECL(f) __typeof__(f) *f;
	ZIP_FUNCS(DECL)
} zipf;
static pthread_once_t zip_once = PTHREAD_ONCE_INIT;

static void
zip_load(void)
{
	void *h = lazy_open(APC_LIBZIP_SO);
#define LOAD_ZIP(f) lazy_sym(h, APC_LIBZIP_SO, #f, &zipf.f);
	ZIP_FUNCS(LOAD_ZIP)
}

#define ZIP(f) (pthread_once(&zip_once, zip_load), zipf.f)

void zip_discard(zip_t *z) { ZIP(zip_discard)(z); }
void zip_error_fini(zip_error_t *e) { ZIP(zip_error_fini)(e); }
void zip_error_init(zip_error_t *e) { ZIP(zip_error_init)(e); }
const char *zip_error_strerror(zip_error_t *e) { return ZIP(zip_error_strerror)(e); }
int zip_fclose(zip_file_t *f) { return ZIP(zip_fclose)(f); }
const char *zip_file_strerror(zip_file_t *f) { return ZIP(zip_file_strerror)(f); }
zip_file_t *zip_fopen_index(zip_t *z, zip_uint64_t i, zip_flags_t fl) { return ZIP(zip_fopen_index)(z, i, fl); }
zip_int64_t zip_fread(zip_file_t *f, void *b, zip_uint64_t n) { return ZIP(zip_fread)(f, b, n); }
const char *zip_get_name(zip_t *z, zip_uint64_t i, zip_flags_t fl) { return ZIP(zip_get_name)(z, i, fl); }
zip_int64_t zip_get_num_entries(zip_t *z, zip_flags_t fl) { return ZIP(zip_get_num_entries)(z, fl); }
zip_int64_t zip_name_locate(zip_t *z, const char *n, zip_flags_t fl) { return ZIP(zip_name_locate)(z, n, fl); }
zip_t *zip_open_from_source(zip_source_t *s, int fl, zip_error_t *e) { return ZIP(zip_open_from_source)(s, fl, e); }
zip_source_t *
zip_source_buffer_create(const void *b, zip_uint64_t n, int fr, zip_error_t *e)
{
	return ZIP(zip_source_buffer_create)(b, n, fr, e);
}
void zip_source_free(zip_source_t *s) { ZIP(zip_source_free)(s); }
int zip_stat_index(zip_t *z, zip_uint64_t i, zip_flags_t fl, zip_stat_t *st) { return ZIP(zip_stat_index)(z, i, fl, st); }
void zip_stat_init(zip_stat_t *st) { ZIP(zip_stat_init)(st); }
const char *zip_strerror(zip_t *z) { return ZIP(zip_strerror)(z); }

/* ---- libmicrohttpd ---- */

#define MHD_FUNCS(X) \
	X(MHD_add_response_header) X(MHD_create_response_from_buffer) X(MHD_destroy_response) \
	X(MHD_get_daemon_info) X(MHD_lookup_connection_value) X(MHD_queue_response) X(MHD_quiesce_daemon) \
	X(MHD_resume_connection) X(MHD_start_daemon_va) X(MHD_stop_daemon) X(MHD_suspend_connection)

static struct {
	MHD_FUNCS(DECL)
} mhdf;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void
mhd_load(void)
{
	void *h = lazy_open(APC_LIBMHD_SO);
#define LOAD_MHD(f) lazy_sym(h, APC_LIBMHD_SO, #f, &mhdf.f);
	MHD_FUNCS(LOAD_MHD)
}

#define MHD(f) (pthread_once(&mhd_once, mhd_load), mhdf.f)

enum MHD_Result
MHD_add_response_header(struct MHD_Response *r, const char *h, const char *v)
{
	return MHD(MHD_add_response_header)(r, h, v);
}

struct MHD_Response *
MHD_create_response_from_buffer(size_t n, void *b, enum MHD_ResponseMemoryMode m)
{
	return MHD(MHD_create_response_from_buffer)(n, b, m);
}

void MHD_destroy_response(struct MHD_Response *r) { MHD(MHD_destroy_response)(r); }

/* Only the queries that take no further argument (apc asks for the bound port). */
const union MHD_DaemonInfo *
MHD_get_daemon_info(struct MHD_Daemon *d, enum MHD_DaemonInfoType t, ...)
{
	return MHD(MHD_get_daemon_info)(d, t);
}

const char *
MHD_lookup_connection_value(struct MHD_Connection *c, enum MHD_ValueKind k, const char *key)
{
	return MHD(MHD_lookup_connection_value)(c, k, key);
}

enum MHD_Result
MHD_queue_response(struct MHD_Connection *c, unsigned int status, struct MHD_Response *r)
{
	return MHD(MHD_queue_response)(c, status, r);
}

MHD_socket MHD_quiesce_daemon(struct MHD_Daemon *d) { return MHD(MHD_quiesce_daemon)(d); }
void MHD_resume_connection(struct MHD_Connection *c) { MHD(MHD_resume_connection)(c); }

struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	va_list ap;
	va_start(ap, dh_cls);
	struct MHD_Daemon *d = MHD(MHD_start_daemon_va)(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

void MHD_stop_daemon(struct MHD_Daemon *d) { MHD(MHD_stop_daemon)(d); }
void MHD_suspend_connection(struct MHD_Connection *c) { MHD(MHD_suspend_connection)(c); }

/* ---- libxslt, libexslt ---- */

#define XSLT_FUNCS(X) \
	X(xsltApplyStylesheetUser) X(xsltFreeSecurityPrefs) X(xsltFreeStylesheet) X(xsltFreeTransformContext) \
	X(xsltInit) X(xsltNewSecurityPrefs) X(xsltNewTransformContext) X(xsltParseStylesheetDoc) \
	X(xsltSaveResultToString) X(xsltSecurityForbid) X(xsltSetCtxtSecurityPrefs) X(xsltSetLoaderFunc) \
	X(xsltSetSecurityPrefs) X(xsltSetTransformErrorFunc)

static struct {
	XSLT_FUNCS(DECL)
	__typeof__(exsltRegisterAll) *exsltRegisterAll;
	xsltDocLoaderFunc loader;   /* libxslt's own document loader, as it was when opened */
} xsltf;
static pthread_once_t xslt_once = PTHREAD_ONCE_INIT;

static void
xslt_load(void)
{
	void *h = lazy_open(APC_LIBXSLT_SO), *hx;
	xsltDocLoaderFunc *def;
#define LOAD_XSLT(f) lazy_sym(h, APC_LIBXSLT_SO, #f, &xsltf.f);
	XSLT_FUNCS(LOAD_XSLT)
	lazy_sym(h, APC_LIBXSLT_SO, "xsltDocDefaultLoader", &def);
	xsltf.loader = *def;
	hx = lazy_open(APC_LIBEXSLT_SO);     /* finds the libxslt just opened, by its soname */
	lazy_sym(hx, APC_LIBEXSLT_SO, "exsltRegisterAll", &xsltf.exsltRegisterAll);
}

#define XSLT(f) (pthread_once(&xslt_once, xslt_load), xsltf.f)

/* libxslt's variable, read by a caller that wraps the default loader: here a function that calls
 * the loader libxslt had when it was opened (not the current one, which may be the caller's). */
static xmlDocPtr
default_loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt, xsltLoadType type)
{
	return XSLT(loader)(uri, dict, options, ctxt, type);
}
xsltDocLoaderFunc xsltDocDefaultLoader = default_loader;

xmlDocPtr
xsltApplyStylesheetUser(xsltStylesheetPtr style, xmlDocPtr doc, const char **params, const char *output,
    FILE *profile, xsltTransformContextPtr user)
{
	return XSLT(xsltApplyStylesheetUser)(style, doc, params, output, profile, user);
}

void xsltFreeSecurityPrefs(xsltSecurityPrefsPtr sec) { XSLT(xsltFreeSecurityPrefs)(sec); }
void xsltFreeStylesheet(xsltStylesheetPtr style) { XSLT(xsltFreeStylesheet)(style); }
void xsltFreeTransformContext(xsltTransformContextPtr ctxt) { XSLT(xsltFreeTransformContext)(ctxt); }
void xsltInit(void) { XSLT(xsltInit)(); }
xsltSecurityPrefsPtr xsltNewSecurityPrefs(void) { return XSLT(xsltNewSecurityPrefs)(); }

xsltTransformContextPtr
xsltNewTransformContext(xsltStylesheetPtr style, xmlDocPtr doc)
{
	return XSLT(xsltNewTransformContext)(style, doc);
}

xsltStylesheetPtr xsltParseStylesheetDoc(xmlDocPtr doc) { return XSLT(xsltParseStylesheetDoc)(doc); }

int
xsltSaveResultToString(xmlChar **txt, int *len, xmlDocPtr result, xsltStylesheetPtr style)
{
	return XSLT(xsltSaveResultToString)(txt, len, result, style);
}

int
xsltSecurityForbid(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt, const char *value)
{
	return XSLT(xsltSecurityForbid)(sec, ctxt, value);
}

int
xsltSetCtxtSecurityPrefs(xsltSecurityPrefsPtr sec, xsltTransformContextPtr ctxt)
{
	return XSLT(xsltSetCtxtSecurityPrefs)(sec, ctxt);
}

void xsltSetLoaderFunc(xsltDocLoaderFunc f) { XSLT(xsltSetLoaderFunc)(f); }

int
xsltSetSecurityPrefs(xsltSecurityPrefsPtr sec, xsltSecurityOption option, xsltSecurityCheck func)
{
	return XSLT(xsltSetSecurityPrefs)(sec, option, func);
}

void
xsltSetTransformErrorFunc(xsltTransformContextPtr ctxt, void *ctx, xmlGenericErrorFunc handler)
{
	XSLT(xsltSetTransformErrorFunc)(ctxt, ctx, handler);
}

void exsltRegisterAll(void) { XSLT(exsltRegisterAll)(); }
