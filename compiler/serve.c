/*
 * serve.c: `apc serve`, a local review page for drafters who do not use a terminal.
 *
 * An HTTP server built on libmicrohttpd inside the apc binary. One apc_session (patterns,
 * schema, library, stylesheets compiled once) is shared by a pool of -j worker threads; the
 * daemon's own thread only moves bytes. A request's body is read into memory (Content-Length
 * required, refused with 413 before it is read when over the limit); once whole, the request
 * is put on a bounded queue (503 when full) and its connection suspended; a worker compiles
 * it, builds the answer and resumes the connection, and the daemon thread sends it. A slow
 * client therefore holds a connection slot, never a worker, and is dropped after --timeout.
 * A body's memory grows with the bytes that arrived, never with the size declared: a client
 * that declares 16 MB and sends nothing holds a few bytes. All the bodies held at once (being
 * received or waiting for a worker) share a budget of SERVE_BODIES full-size bodies; a body
 * that would pass it is let go, the rest of it read and dropped, and answered 503 (busy).
 *
 *   GET  /                 the page (web/index.html, app.js, app.css, favicon.svg, loaded
 *                          into memory at start: no external resource, no inline script)
 *   GET  /api/info         version, limits, whether PDF is available
 *   POST /api/check        the document (raw body, or multipart/form-data with a "file" or
 *                          "text" field): the same JSON as `apc check --format json`
 *   POST /api/render?format=html|xml|pdf[&annotate=1]   the rendered file
 *   ?lang=vi|en (default vi), ?name=FILE for a raw body (the name the report shows).
 *
 * Safe by default: listens on 127.0.0.1:8080 unless told otherwise; the Host header must name
 * the server (no DNS rebinding), a cross-site Origin or Sec-Fetch-Site is refused; every
 * answer carries a Content-Security-Policy without inline script, nosniff, frame-ancestors
 * 'none', no-store. Errors are JSON {"error":{"status","code","message"}}, never a path.
 * Drafts are confidential: nothing is logged but time, method, path, status, size and
 * duration; rendering writes only inside a private directory (in /dev/shm when there is one)
 * removed when the request is done. SIGTERM or SIGINT stops accepting, answers the requests
 * in flight and exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <libxml/tree.h>
#include <microhttpd.h>
#include "cli.h"
#include "internal.h"
#include "facts.h"
#include "serve.h"
#include "http.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

#define SERVE_LISTEN     "127.0.0.1:8080"
#define SERVE_TIMEOUT    30          /* seconds a connection may sit idle or trickle */
#define SERVE_CONNS      256         /* connections at once; more are refused by the daemon */
#define SERVE_CONNS_ADDR 64          /* of them from one address (one client cannot hold them all) */
#define SERVE_DRAIN      120         /* seconds SIGTERM waits for the requests in flight */
#define MULTIPART_SLACK  (64u << 10) /* a form's framing around the document */
#define SERVE_BODIES     16          /* the bodies' budget, in bodies of the largest size */

/* The page's files, read from datadir/web at start. */
static const struct asset_def {
	const char *url, *file, *type;
} asset_defs[] = {
	{ "/", "index.html", "text/html; charset=utf-8" },
	{ "/app.js", "app.js", "text/javascript; charset=utf-8" },
	{ "/app.css", "app.css", "text/css; charset=utf-8" },
	{ "/favicon.svg", "favicon.svg", "image/svg+xml" },
};
#define NASSETS (sizeof asset_defs / sizeof asset_defs[0])

typedef enum { R_ASSET, R_INFO, R_CHECK, R_RENDER } route_kind;
typedef enum { ST_NEW, ST_RECEIVING, ST_QUEUED, ST_DONE, ST_ANSWERED } req_state;

struct server;

typedef struct request {
	struct server *srv;
	struct MHD_Connection *conn;
	struct request *next;        /* on the queue */
	req_state state;
	route_kind route;
	double t0;
	char method[8], path[128];   /* for the log line only */
	unsigned status;             /* of the answer sent, for the log */
	size_t size;
	/* the input */
	strbuf body;                 /* what arrived; body.cap is counted in the server's held */
	size_t limit, declared, got; /* declared: Content-Length (at most limit); got: arrived */
	int refused;                 /* past the bodies' budget: read, dropped, answered 503 */
	char *name;                  /* the document's name as the client gave it (no directory) */
	const char *doc;             /* the document's bytes, inside body */
	size_t doclen;
	apc_lang lang;
	const char *format;          /* render: "html", "xml", "pdf" */
	int annotate;
	/* the answer a worker built */
	char *out;
	size_t outlen;
	const char *type;
	char *disposition;
	const char *code, *msg_vi, *msg_en;   /* an error instead of out */
} request;

typedef struct server {
	apc_session s;
	struct MHD_Daemon *d;
	struct MHD_Response *assets[NASSETS];
	size_t asset_len[NASSETS];
	char *tmpdir;                /* private (0700): PDF and HTML renders, FOP's files */
	char **hosts;                /* names the Host header may give (lower case, no port) */
	size_t nhosts, listen_at;     /* hosts[listen_at]: the address listened on, as printed */
	_Atomic unsigned port;       /* known after the daemon (and its thread) started */
	size_t max_body, queue_max;
	size_t held, budget;         /* bytes of bodies held (their buffers), and at most */
	int jobs, pdf;
	pthread_t *workers;
	pthread_mutex_t mu;
	pthread_cond_t cv, idle;
	request *head, *tail;
	size_t queued, inflight;
	unsigned long seq;
	int stopping;
} server;

static const char csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/* ---- answers ---- */

static void
secure_headers(struct MHD_Response *r, int cacheable)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(r, "Cache-Control", cacheable ? "no-cache" : "no-store");
}

static enum MHD_Result
answer(request *q, unsigned status, struct MHD_Response *r)
{
	q->status = status;
	q->state = ST_ANSWERED;
	enum MHD_Result rc = MHD_queue_response(q->conn, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Answer with data (malloc'd, taken) of type. */
static enum MHD_Result
answer_data(request *q, unsigned status, char *data, size_t len, const char *type, const char *disposition)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	q->size = len;
	MHD_add_response_header(r, "Content-Type", type);
	if (disposition)
		MHD_add_response_header(r, "Content-Disposition", disposition);
	secure_headers(r, 0);
	return answer(q, status, r);
}

/* A JSON error. Messages are fixed sentences (no user text, no path). */
static enum MHD_Result
answer_error(request *q, unsigned status, const char *code, const char *vi, const char *en)
{
	char *body = xasprintf("{\"error\":{\"status\":%u,\"code\":\"%s\",\"message\":\"%s\"}}\n",
	    status, code, q->lang == APC_LANG_EN ? en : vi);
	size_t len = strlen(body);
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(body);
		return MHD_NO;
	}
	q->size = len;
	MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", q->route == R_CHECK || q->route == R_RENDER ? "POST" : "GET, HEAD");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, "Retry-After", "2");
	secure_headers(r, 0);
	return answer(q, status, r);
}

/* ---- request checks ---- */

/* Is a POST sent by another site's page? (Origin not ours, or the browser says cross-site.) */
static int
cross_site(const server *srv, struct MHD_Connection *c)
{
	const char *site = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
		return 1;
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (origin == NULL)
		return 0;
	if (strncasecmp(origin, "http://", 7) != 0)
		return 1;
	return !http_host_ok(srv->hosts, srv->nhosts, srv->port, origin + 7);
}

/* ---- the work, in a worker thread ---- */

static void
fail(request *q, unsigned status, const char *code, const char *vi, const char *en)
{
	q->status = status;
	q->code = code;
	q->msg_vi = vi;
	q->msg_en = en;
}

/* A small file into memory: 0, or -1. */
static int
load_file(const char *path, size_t limit, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > limit)
		goto out;
	*data = xmalloc((size_t)st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *data + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != (size_t)st.st_size) {
		free(*data);
		*data = NULL;
		goto out;
	}
	(*data)[got] = '\0';
	*len = got;
	rc = 0;
out:
	close(fd);
	return rc;
}

static void
run_check(request *q, const apc_result *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL) {
		fail(q, 500, "internal", "lỗi nội bộ của máy chủ", "internal server error");
		return;
	}
	apc_config cfg = { NULL, 0, q->lang, 1 };
	report *rep = report_open(f, REPORT_JSON, q->lang, 0);
	report_file(rep, r, &cfg);
	report_close(rep, 0);
	fclose(f);
	q->status = 200;
	q->out = buf;
	q->outlen = len;
	q->type = "application/json; charset=utf-8";
}

static void
run_render(server *srv, request *q, apc_result *r)
{
	if (r->doc == NULL || r->failed) {
		fail(q, 422, "unreadable", "không đọc được văn bản (xem /api/check)",
		    "the document could not be read (see /api/check)");
		return;
	}
	facts_publish(r->facts, r->doc);   /* the output carries the coverage (mission/@covers) */
	if (strcmp(q->format, "xml") == 0) {
		tree_write_positions(r->doc);   /* src:line, src:column */
		xmlChar *mem = NULL;
		int n = 0;
		xmlDocDumpFormatMemoryEnc(r->doc, &mem, &n, "UTF-8", 1);
		if (mem == NULL || n <= 0) {
			xmlFree(mem);
			fail(q, 500, "internal", "lỗi nội bộ của máy chủ", "internal server error");
			return;
		}
		q->out = xmalloc((size_t)n);
		memcpy(q->out, mem, (size_t)n);
		q->outlen = (size_t)n;
		xmlFree(mem);
		q->type = "application/xml; charset=utf-8";
	} else {
		int pdf = strcmp(q->format, "pdf") == 0;
		pthread_mutex_lock(&srv->mu);
		unsigned long seq = ++srv->seq;
		pthread_mutex_unlock(&srv->mu);
		char *path = xasprintf("%s/render-%lu.%s", srv->tmpdir, seq, q->format), *err = NULL;
		fop_last_failure();     /* forget an earlier request's */
		int rc = render_doc(srv->s.render, r->doc, q->format, q->annotate ? &r->diags : NULL, q->lang, path, &err);
		fop_failure why = pdf ? fop_last_failure() : FOP_OK;
		if (rc == 0 && load_file(path, (size_t)1 << 30, &q->out, &q->outlen) != 0)
			rc = -1;
		unlink(path);
		free(path);
		if (rc != 0) {
			if (why == FOP_MISSING)
				fail(q, 501, "pdf-unavailable", "máy chủ không có Apache FOP để tạo PDF",
				    "PDF needs Apache FOP, which this server does not have");
			else if (why == FOP_TIMED_OUT)
				fail(q, 504, "pdf-timeout", "tạo PDF quá thời gian cho phép",
				    "making the PDF took longer than allowed");
			else if (why == FOP_OUT_OF_MEMORY)
				/* the document is too large for the heap this server gives FOP: not the
				 * server's fault, nor the client's; 507, with what to do */
				fail(q, 507, "pdf-out-of-memory", "văn bản quá lớn để tạo PDF với bộ nhớ máy chủ "
				    "dành cho FOP; hãy lấy bản HTML, hoặc người quản trị đặt APC_FOP_HEAP lớn hơn",
				    "the document is too large to make a PDF in the memory this server gives FOP; "
				    "get the HTML, or have the administrator set APC_FOP_HEAP larger");
			else
				fail(q, 500, "render-failed", "không tạo được tệp", "the file could not be made");
			free(err);
			return;
		}
		q->type = pdf ? "application/pdf" : "text/html; charset=utf-8";
	}
	q->status = 200;
	q->disposition = http_disposition(q->name, q->format);
}

/* ---- bodies: memory as they arrive, within the server's budget ---- */

/* Append n bytes that arrived to q's body. The buffer doubles, but never past the declared
 * size, so a body holds at most twice what arrived and never more than it declared. -1 (and
 * nothing added) when the bodies held would pass the server's budget. */
static int
body_add(server *srv, request *q, const char *data, size_t n)
{
	size_t need = q->body.len + n + 1;
	if (need > q->body.cap) {
		size_t cap = q->body.cap ? q->body.cap : 4096;
		while (cap < need)
			cap *= 2;
		if (cap > q->declared + 1)
			cap = q->declared + 1 > need ? q->declared + 1 : need;
		pthread_mutex_lock(&srv->mu);
		int over = srv->held - q->body.cap + cap > srv->budget;
		if (!over)
			srv->held += cap - q->body.cap;
		pthread_mutex_unlock(&srv->mu);
		if (over)
			return -1;
		q->body.s = xrealloc(q->body.s, cap);
		q->body.cap = cap;
	}
	memcpy(q->body.s + q->body.len, data, n);
	q->body.len += n;
	q->body.s[q->body.len] = '\0';
	return 0;
}

static void
body_free(server *srv, request *q)
{
	pthread_mutex_lock(&srv->mu);
	srv->held -= q->body.cap;
	pthread_mutex_unlock(&srv->mu);
	free(q->body.s);
	q->body = (strbuf){ 0 };
}

static void *
worker(void *arg)
{
	server *srv = arg;
	for (;;) {
		pthread_mutex_lock(&srv->mu);
		while (srv->head == NULL && !srv->stopping)
			pthread_cond_wait(&srv->cv, &srv->mu);
		request *q = srv->head;
		if (q == NULL) {
			pthread_mutex_unlock(&srv->mu);
			return NULL;
		}
		srv->head = q->next;
		if (srv->head == NULL)
			srv->tail = NULL;
		srv->queued--;
		pthread_mutex_unlock(&srv->mu);

		apc_result r;
		apc_compile(&srv->s, q->name, q->doc, q->doclen, &r);
		if (q->route == R_CHECK)
			run_check(q, &r);
		else
			run_render(srv, q, &r);
		apc_result_free(&r);
		body_free(srv, q);                     /* the draft is not kept past its answer */
		q->doc = NULL;
		pthread_mutex_lock(&srv->mu);
		q->state = ST_DONE;
		pthread_mutex_unlock(&srv->mu);
		MHD_resume_connection(q->conn);
	}
}

/* ---- the daemon's side of a request ---- */

static enum MHD_Result
answer_info(server *srv, request *q)
{
	char *body = xasprintf("{\"pdf\":%s,\"maxBody\":%zu,\"formats\":[\"html\",\"xml\"%s],\"lang\":[\"vi\",\"en\"]}\n",
	    srv->pdf ? "true" : "false", srv->max_body, srv->pdf ? ",\"pdf\"" : "");
	return answer_data(q, 200, body, strlen(body), "application/json; charset=utf-8", NULL);
}

/* The first call, with the headers: route, method, Host, size. */
static enum MHD_Result
begin(server *srv, request *q, const char *url, const char *method)
{
	struct MHD_Connection *c = q->conn;
	const char *lang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	q->lang = lang && strcmp(lang, "en") == 0 ? APC_LANG_EN : APC_LANG_VI;
	int asset = -1;
	for (size_t i = 0; i < NASSETS; i++)
		if (strcmp(url, asset_defs[i].url) == 0)
			asset = (int)i;
	int known = 1;
	if (asset >= 0)
		q->route = R_ASSET;
	else if (strcmp(url, "/api/info") == 0)
		q->route = R_INFO;
	else if (strcmp(url, "/api/check") == 0)
		q->route = R_CHECK;
	else if (strcmp(url, "/api/render") == 0)
		q->route = R_RENDER;
	else
		known = 0;

	if (!http_host_ok(srv->hosts, srv->nhosts, srv->port, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
		return answer_error(q, 403, "wrong-host", "tên máy (Host) không phải của máy chủ này",
		    "the Host header does not name this server");
	if (!known)
		return answer_error(q, 404, "not-found", "không có trang này", "no such page");
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (q->route == R_ASSET || q->route == R_INFO) {
		if (!get)
			return answer_error(q, 405, "method-not-allowed", "phương thức không được phép",
			    "method not allowed");
		if (q->route == R_INFO)
			return answer_info(srv, q);
		q->status = 200;
		q->size = srv->asset_len[asset];
		q->state = ST_ANSWERED;
		return MHD_queue_response(c, 200, srv->assets[asset]);
	}
	if (strcmp(method, "POST") != 0)
		return answer_error(q, 405, "method-not-allowed", "phương thức không được phép", "method not allowed");
	if (cross_site(srv, c))
		return answer_error(q, 403, "cross-site", "yêu cầu từ trang khác bị từ chối",
		    "requests from other sites are refused");
	if (q->route == R_RENDER) {
		const char *f = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
		if (f == NULL || (strcmp(f, "html") && strcmp(f, "xml") && strcmp(f, "pdf")))
			return answer_error(q, 400, "bad-format", "format phải là html, xml hoặc pdf",
			    "format must be html, xml or pdf");
		q->format = strcmp(f, "html") == 0 ? "html" : strcmp(f, "xml") == 0 ? "xml" : "pdf";
		if (!srv->pdf && strcmp(q->format, "pdf") == 0)
			return answer_error(q, 501, "pdf-unavailable", "máy chủ không có Apache FOP để tạo PDF",
			    "PDF needs Apache FOP, which this server does not have");
		const char *a = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "annotate");
		q->annotate = a && strcmp(a, "0") != 0;
	}
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	q->limit = srv->max_body + (ct && strncasecmp(ct, "multipart/", 10) == 0 ? MULTIPART_SLACK : 0);
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	char *end;
	errno = 0;
	unsigned long long n = cl ? strtoull(cl, &end, 10) : 0;
	if (cl == NULL)
		return answer_error(q, 411, "length-required", "cần Content-Length (không nhận thân chia khúc)",
		    "Content-Length is required (chunked bodies are not accepted)");
	if (errno || *end || end == cl)
		return answer_error(q, 400, "bad-length", "Content-Length không hợp lệ", "invalid Content-Length");
	if (n > q->limit)
		return answer_error(q, 413, "too-large", "văn bản quá lớn", "the document is too large");
	q->declared = (size_t)n;                /* allocated as it arrives (body_add) */
	q->state = ST_RECEIVING;
	return MHD_YES;
}

/* The body is whole: find the document in it and queue the work. */
static enum MHD_Result
body_done(server *srv, request *q)
{
	struct MHD_Connection *c = q->conn;
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		char *boundary = http_header_param(ct, strlen(ct), "boundary"), *name = NULL;
		const char *doc = NULL;
		size_t len = 0;
		int found = 0;
		int rc = boundary ? http_multipart_find(q->body.s, q->body.len, boundary, &doc, &len, &name, &found) : -1;
		free(boundary);
		if (rc == 0 && found && len <= srv->max_body) {
			q->doc = doc;
			q->doclen = len;
			q->name = http_clean_name(name ? name : "", name ? strlen(name) : 0);
		}
		free(name);
		if (rc != 0)
			return answer_error(q, 400, "malformed-multipart", "biểu mẫu multipart không hợp lệ",
			    "malformed multipart form");
		if (!found)
			return answer_error(q, 400, "no-document", "biểu mẫu không có trường file hoặc text",
			    "the form has no file or text field");
		if (len > srv->max_body)
			return answer_error(q, 413, "too-large", "văn bản quá lớn", "the document is too large");
	} else {
		const char *name = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name");
		q->doc = q->body.s ? q->body.s : "";   /* an empty body: nothing was allocated */
		q->doclen = q->body.len;
		q->name = http_clean_name(name ? name : "", name ? strlen(name) : 0);
	}
	pthread_mutex_lock(&srv->mu);
	if (srv->queued >= srv->queue_max) {
		pthread_mutex_unlock(&srv->mu);
		return answer_error(q, 503, "busy", "máy chủ đang bận, xin thử lại sau giây lát",
		    "the server is busy, try again in a moment");
	}
	srv->queued++;                              /* the place is reserved before suspending */
	pthread_mutex_unlock(&srv->mu);
	q->state = ST_QUEUED;
	MHD_suspend_connection(c);
	pthread_mutex_lock(&srv->mu);
	if (srv->tail)
		srv->tail->next = q;
	else
		srv->head = q;
	srv->tail = q;
	pthread_cond_signal(&srv->cv);
	pthread_mutex_unlock(&srv->mu);
	return MHD_YES;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
    const char *upload, size_t *upload_size, void **con_cls)
{
	server *srv = cls;
	request *q = *con_cls;
	(void)version;
	if (q == NULL) {
		q = xcalloc(1, sizeof *q);
		q->srv = srv;
		q->conn = c;
		q->t0 = clock_seconds();
		snprintf(q->method, sizeof q->method, "%s", method);
		size_t i = 0;
		for (; url[i] && i < sizeof q->path - 1; i++)   /* printable ASCII only in the log */
			q->path[i] = (unsigned char)url[i] > 0x20 && (unsigned char)url[i] < 0x7f ? url[i] : '?';
		q->path[i] = '\0';
		*con_cls = q;
		pthread_mutex_lock(&srv->mu);
		srv->inflight++;
		pthread_mutex_unlock(&srv->mu);
		/* A POST is judged on its headers, before its body is read (413, 403, 405...). Other
		 * methods are answered on the next call: an answer queued on the first call makes
		 * libmicrohttpd close the connection instead of keeping it alive. */
		if (strcmp(method, "POST") == 0)
			return begin(srv, q, url, method);
		return MHD_YES;
	}
	pthread_mutex_lock(&srv->mu);
	req_state st = q->state;
	pthread_mutex_unlock(&srv->mu);
	switch (st) {
	case ST_NEW:
		return begin(srv, q, url, method);
	case ST_RECEIVING:
		if (*upload_size) {
			if (*upload_size > q->declared - q->got)
				return MHD_NO;                 /* more than Content-Length said: drop */
			q->got += *upload_size;
			if (!q->refused && body_add(srv, q, upload, *upload_size) != 0) {
				q->refused = 1;                /* past the budget: the rest is read and dropped, */
				body_free(srv, q);             /* and answered when it is all in */
			}
			*upload_size = 0;
			return MHD_YES;
		}
		if (q->refused)
			return answer_error(q, 503, "busy", "máy chủ đang bận, xin thử lại sau giây lát",
			    "the server is busy, try again in a moment");
		return body_done(srv, q);
	case ST_DONE:
		if (q->code)
			return answer_error(q, q->status, q->code, q->msg_vi, q->msg_en);
		{
			char *out = q->out;
			q->out = NULL;
			return answer_data(q, q->status, out, q->outlen, q->type, q->disposition);
		}
	default:
		*upload_size = 0;
		return MHD_YES;
	}
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	server *srv = cls;
	request *q = *con_cls;
	(void)c;
	if (q == NULL)
		return;
	char ts[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char status[12] = "-";                     /* "-": closed before an answer */
	if (q->status)
		snprintf(status, sizeof status, "%u", q->status);
	fprintf(stderr, "%s %s %s %s %zu %.1fms%s\n", ts, q->method, q->path, status, q->size,
	    (clock_seconds() - q->t0) * 1000.0, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " closed");
	fflush(stderr);
	body_free(srv, q);
	free(q->name);
	free(q->out);
	free(q->disposition);
	free(q);
	*con_cls = NULL;
	pthread_mutex_lock(&srv->mu);
	srv->inflight--;
	pthread_cond_broadcast(&srv->idle);
	pthread_mutex_unlock(&srv->mu);
}

/* ---- starting and stopping ---- */

static int signal_fd = -1;   /* the write end of the self-pipe SIGTERM and SIGINT write to */

static void
on_signal(int sig)
{
	int e = errno;
	unsigned char b = (unsigned char)sig;
	ssize_t w = write(signal_fd, &b, 1);   /* a full pipe already holds a stop */
	(void)w;
	errno = e;
}

static void
serve_usage(FILE *f, apc_lang lang)
{
	msg_print(f, lang, M_SERVE_USAGE, SERVE_LISTEN);
}

/* ADDR:PORT -> a socket address; the host part is added to the names the server answers to,
 * with localhost and the loopback addresses when it is a loopback or wildcard address. */
static int
parse_listen(server *srv, const char *spec, struct sockaddr_storage *ss, socklen_t *sl)
{
	const char *portstr;
	char *host;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (close == NULL || close[1] != ':')
			return -1;
		host = xstrndup(spec + 1, (size_t)(close - spec - 1));
		portstr = close + 2;
	} else {
		const char *colon = strrchr(spec, ':');
		if (colon == NULL)
			return -1;
		host = xstrndup(spec, (size_t)(colon - spec));
		portstr = colon + 1;
	}
	struct addrinfo hints, *res = NULL, *pick = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	int rc = -1;
	/* a port is 0 to 65535 in decimal digits: getaddrinfo takes "99999" and listens on
	 * 99999 mod 65536, a port nobody asked for */
	size_t nd = strspn(portstr, "0123456789");
	if (nd == 0 || nd > 5 || portstr[nd] != '\0' || strtol(portstr, NULL, 10) > 65535)
		goto out;
	if (*host == '\0' || getaddrinfo(host, portstr, &hints, &res) != 0)
		goto out;
	for (struct addrinfo *a = res; a; a = a->ai_next)
		if (pick == NULL || (a->ai_family == AF_INET && pick->ai_family != AF_INET))
			pick = a;
	if (pick == NULL || pick->ai_addrlen > sizeof *ss)
		goto out;
	memcpy(ss, pick->ai_addr, pick->ai_addrlen);
	*sl = pick->ai_addrlen;
	int loop = 0;
	if (pick->ai_family == AF_INET) {
		unsigned char *b = (unsigned char *)&((struct sockaddr_in *)ss)->sin_addr;
		loop = b[0] == 127 || (b[0] | b[1] | b[2] | b[3]) == 0;
	} else {
		static const unsigned char any[16] = { 0 }, one[16] = { [15] = 1 };
		const unsigned char *b = ((struct sockaddr_in6 *)ss)->sin6_addr.s6_addr;
		loop = memcmp(b, any, 16) == 0 || memcmp(b, one, 16) == 0;
	}
	srv->hosts = xrealloc(srv->hosts, (srv->nhosts + 4) * sizeof *srv->hosts);
	srv->listen_at = srv->nhosts;
	srv->hosts[srv->nhosts++] = strchr(host, ':') ? xasprintf("[%s]", host) : xstrdup(host);
	if (loop) {
		srv->hosts[srv->nhosts++] = xstrdup("localhost");
		srv->hosts[srv->nhosts++] = xstrdup("127.0.0.1");
		srv->hosts[srv->nhosts++] = xstrdup("[::1]");
	}
	rc = 0;
out:
	if (res)
		freeaddrinfo(res);
	free(host);
	return rc;
}

/* The page's files into shared, never-changing responses. */
static int
load_assets(server *srv, const char *datadir, apc_lang lang)
{
	for (size_t i = 0; i < NASSETS; i++) {
		char *path = xasprintf("%s/web/%s", datadir, asset_defs[i].file), *data = NULL;
		size_t len = 0;
		int rc = load_file(path, 4u << 20, &data, &len);
		if (rc != 0) {
			msg_print(stderr, lang, M_SERVE_CANNOT_READ, path);
			free(path);
			return -1;
		}
		free(path);
		srv->asset_len[i] = len;
		srv->assets[i] = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (srv->assets[i] == NULL) {
			free(data);
			return -1;
		}
		MHD_add_response_header(srv->assets[i], "Content-Type", asset_defs[i].type);
		secure_headers(srv->assets[i], 1);
	}
	return 0;
}

/* A private directory for the files a render needs, in memory (/dev/shm) when possible. */
static char *
make_tmpdir(apc_lang lang)
{
	const char *env = getenv("TMPDIR"), *base = "/dev/shm";
	struct stat st;
	if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode) || access(base, W_OK | X_OK) != 0)
		base = env && *env ? env : "/tmp";
	char *dir = xasprintf("%s/apc-serve-%ld-XXXXXX", base, (long)getpid());   /* whose it is: the pid */
	if (mkdtemp(dir) == NULL) {
		msg_print(stderr, lang, M_SERVE_NO_TMPDIR, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

typedef struct serve_opts {
	const char *listen;
	char **libdirs;
	size_t nlibdirs;
	long jobs, queue, timeout;
	unsigned long long max_body;
	apc_lang lang;
} serve_opts;

static int
serve_parse(int argc, char **argv, server *srv, serve_opts *o)
{
	struct option longs[CLI_MAX];
	cli_longs(CLI_SERVE, longs);      /* serve's entries of the one option table (cli.c) */
	int c;
	optind = 0;
	opterr = 0;      /* cli_option_error says what is wrong, in the run's language */
	while ((c = getopt_long(argc, argv, ":j:h", longs, NULL)) != -1) {
		char *end;
		errno = 0;
		switch (c) {
		case CLI_LISTEN:
			o->listen = optarg;
			break;
		case CLI_LIB:
			o->libdirs = xrealloc(o->libdirs, (o->nlibdirs + 1) * sizeof *o->libdirs);
			o->libdirs[o->nlibdirs++] = optarg;
			break;
		case CLI_ALLOW_HOST:
			srv->hosts = xrealloc(srv->hosts, (srv->nhosts + 1) * sizeof *srv->hosts);
			srv->hosts[srv->nhosts++] = xstrdup(optarg);
			break;
		case CLI_MAX_BODY:
			o->max_body = strtoull(optarg, &end, 10);
			if (errno || *end || o->max_body == 0 || o->max_body > READ_MAX_BYTES) {
				msg_print(stderr, o->lang, M_SERVE_MAX_BODY, READ_MAX_BYTES);
				return -1;
			}
			break;
		case CLI_QUEUE:
		case CLI_TIMEOUT:
		case 'j': {
			long v = strtol(optarg, &end, 10), most = c == 'j' ? 256 : 100000;
			if (errno || *end || v < 1 || v > most) {
				msg_print(stderr, o->lang, M_SERVE_BAD_NUMBER,
				    c == 'j' ? "-j" : c == CLI_QUEUE ? "--queue" : "--timeout", most);
				return -1;
			}
			*(c == 'j' ? &o->jobs : c == CLI_QUEUE ? &o->queue : &o->timeout) = v;
			break;
		}
		case CLI_LANG:   /* read already (cli_lang): only checked here */
			if (strcmp(optarg, "vi") != 0 && strcmp(optarg, "en") != 0) {
				msg_print(stderr, o->lang, M_BAD_LANG, optarg);
				return -1;
			}
			break;
		case 'h':
			serve_usage(stdout, o->lang);
			return 1;
		default:
			cli_option_error(o->lang, CLI_SERVE, c, argv);
			serve_usage(stderr, o->lang);
			return -1;
		}
	}
	if (optind < argc) {
		msg_print(stderr, o->lang, M_SERVE_UNEXPECTED_ARGUMENT, argv[optind]);
		return -1;
	}
	return 0;
}

int
serve_main(int argc, char **argv, apc_lang lang)
{
	server *srv = xcalloc(1, sizeof *srv);
	serve_opts o = { .listen = SERVE_LISTEN, .timeout = SERVE_TIMEOUT, .max_body = READ_MAX_BYTES, .lang = lang };
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	int rc = 2, pipefd[2] = { -1, -1 }, session = 0, started = 0;
	struct sigaction old_term, old_int, old_pipe;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	pthread_mutex_init(&srv->mu, NULL);
	pthread_cond_init(&srv->cv, NULL);
	pthread_cond_init(&srv->idle, NULL);
	o.jobs = ncpu > 0 ? ncpu : 1;
	int p = serve_parse(argc, argv, srv, &o);
	if (p != 0) {
		rc = p > 0 ? 0 : 2;
		goto out;
	}
	if (parse_listen(srv, o.listen, &ss, &sl) != 0) {
		msg_print(stderr, lang, M_SERVE_BAD_LISTEN, o.listen);
		goto out;
	}
	srv->jobs = (int)o.jobs;
	srv->queue_max = o.queue ? (size_t)o.queue : (size_t)(srv->jobs * 16 > 64 ? srv->jobs * 16 : 64);
	srv->max_body = (size_t)o.max_body;
	srv->budget = SERVE_BODIES * (srv->max_body + MULTIPART_SLACK + 1);

	const char *datadir = getenv("APC_DATADIR");
	if (datadir == NULL || *datadir == '\0')
		datadir = APC_DATADIR;
	if (load_assets(srv, datadir, lang) != 0)
		goto out;
	if ((srv->tmpdir = make_tmpdir(lang)) == NULL)
		goto out;
	setenv("TMPDIR", srv->tmpdir, 1);           /* FOP's files too, before any thread starts */
	if (apc_session_open(&srv->s, datadir, o.libdirs, o.nlibdirs) != 0)
		goto out;
	session = 1;
	if ((srv->s.render = render_open(datadir, srv->s.lib)) == NULL)
		goto out;
	char *fop = fop_find();
	srv->pdf = fop != NULL;
	free(fop);

	if (pipe(pipefd) != 0) {
		msg_print(stderr, lang, M_SERVE_NO_PIPE, strerror(errno));
		goto out;
	}
	fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
	fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
	signal_fd = pipefd[1];
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGINT, &sa, &old_int);
	sa.sa_handler = SIG_IGN;                   /* a client gone: a failed send, not a death */
	sigaction(SIGPIPE, &sa, &old_pipe);

	srv->workers = xcalloc((size_t)srv->jobs, sizeof *srv->workers);
	for (int i = 0; i < srv->jobs; i++) {
		if (pthread_create(&srv->workers[i], NULL, worker, srv) != 0) {
			msg_print(stderr, lang, M_SERVE_NO_THREAD);
			srv->jobs = i;
			goto out;
		}
	}
	started = 1;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME
	    | (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	errno = 0;
	srv->d = MHD_start_daemon(flags, 0, NULL, NULL, handle, srv,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)o.timeout,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SERVE_CONNS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)SERVE_CONNS_ADDR,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, srv,
	    MHD_OPTION_END);
	if (srv->d == NULL) {
		char why[160] = "";
		if (errno)
			snprintf(why, sizeof why, ": %s", strerror(errno));
		msg_print(stderr, lang, M_SERVE_CANNOT_LISTEN, o.listen, why);
		goto out;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	msg_print(stderr, lang, srv->pdf ? M_SERVE_LISTENING : M_SERVE_LISTENING_NO_PDF,
	    srv->hosts[srv->listen_at], srv->port, srv->jobs);
	if (strcmp(srv->hosts[srv->listen_at], "0.0.0.0") == 0 || strcmp(srv->hosts[srv->listen_at], "[::]") == 0)
		msg_print(stderr, lang, M_SERVE_EVERY_ADDRESS);
	fflush(stderr);

	unsigned char sig = 0;
	while (read(pipefd[0], &sig, 1) < 0 && errno == EINTR)
		;
	/* Drain: accept no more, answer what is in flight, then stop. */
	MHD_socket lsock = MHD_quiesce_daemon(srv->d);
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVE_DRAIN;
	pthread_mutex_lock(&srv->mu);
	int e = 0;
	while ((srv->inflight > 0 || srv->queued > 0) && e != ETIMEDOUT)
		e = pthread_cond_timedwait(&srv->idle, &srv->mu, &until);
	size_t left = srv->inflight;
	pthread_mutex_unlock(&srv->mu);
	if (left) {
		/* a worker still holds a suspended connection: stopping the daemon now would abort */
		msg_print(stderr, lang, M_SERVE_STILL_RUNNING, left, SERVE_DRAIN);
		fflush(stderr);
		_exit(0);
	}
	MHD_stop_daemon(srv->d);
	srv->d = NULL;
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	msg_print(stderr, lang, M_SERVE_STOPPED);
	rc = 0;
out:
	if (srv->d)
		MHD_stop_daemon(srv->d);
	if (started || srv->workers) {
		pthread_mutex_lock(&srv->mu);
		srv->stopping = 1;
		pthread_cond_broadcast(&srv->cv);
		pthread_mutex_unlock(&srv->mu);
		for (int i = 0; i < srv->jobs; i++)
			pthread_join(srv->workers[i], NULL);
	}
	free(srv->workers);
	if (session)
		apc_session_close(&srv->s);
	for (size_t i = 0; i < NASSETS; i++)
		if (srv->assets[i])
			MHD_destroy_response(srv->assets[i]);
	if (srv->tmpdir) {
		rmdir(srv->tmpdir);
		free(srv->tmpdir);
	}
	for (size_t i = 0; i < srv->nhosts; i++)
		free(srv->hosts[i]);
	free(srv->hosts);
	free(o.libdirs);
	if (pipefd[0] >= 0) {
		sigaction(SIGTERM, &old_term, NULL);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGPIPE, &old_pipe, NULL);
		signal_fd = -1;
		close(pipefd[0]);
		close(pipefd[1]);
	}
	pthread_mutex_destroy(&srv->mu);
	pthread_cond_destroy(&srv->cv);
	pthread_cond_destroy(&srv->idle);
	free(srv);
	fflush(stderr);
	return rc;
}
