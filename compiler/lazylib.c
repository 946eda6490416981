/*
 * lazylib.c: libzip (the .docx reader) and libmicrohttpd (apc serve) are opened on their first
 * use, not at start-up. Linked in, they and what they pull (libcrypto, GnuTLS, nettle, gmp,
 * p11-kit...) cost every run about 10 M instructions of relocation before main(), which is most
 * of a one-file check of a text document that needs neither.
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

#ifndef APC_LIBZIP_SO
#define APC_LIBZIP_SO "libzip.so"
#endif
#ifndef APC_LIBMHD_SO
#define APC_LIBMHD_SO "libmicrohttpd.so"
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
	X(zip_discard) X(zip_error_init) X(zip_error_strerror) X(zip_fclose) X(zip_file_strerror) \
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
