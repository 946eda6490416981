/* tests/unit/test_http.c: the HTTP message helpers of apc serve (compiler/http.c). */
#include <stdlib.h>
#include "internal.h"
#include "http.h"
#include "unit.h"

static void
host(void)
{
	char a[] = "127.0.0.1", b[] = "localhost", c[] = "[::1]";
	char *names[] = { a, b, c };
	CHECK("host ip:port", http_host_ok(names, 3, 8080, "127.0.0.1:8080"));
	CHECK("host name case", http_host_ok(names, 3, 8080, "LocalHost:8080"));
	CHECK("host v6", http_host_ok(names, 3, 8080, "[::1]:8080"));
	CHECK("host other port", !http_host_ok(names, 3, 8080, "127.0.0.1:8081"));
	CHECK("host no port is 80", !http_host_ok(names, 3, 8080, "localhost") && http_host_ok(names, 3, 80, "localhost"));
	CHECK("host rebinding name", !http_host_ok(names, 3, 8080, "attacker.example:8080"));
	CHECK("host prefix", !http_host_ok(names, 3, 8080, "localhost.attacker.example:8080"));
	CHECK("host suffix", !http_host_ok(names, 3, 8080, "127.0.0.1.nip.io:8080"));
	CHECK("host empty", !http_host_ok(names, 3, 8080, "") && !http_host_ok(names, 3, 8080, NULL));
	CHECK("host bad port", !http_host_ok(names, 3, 8080, "localhost:") && !http_host_ok(names, 3, 8080, "localhost:8080x"));
}

static void
names(void)
{
	char *n;
	CHECK_STR("name base", n = http_clean_name("C:\\Users\\a\\Kế hoạch.txt", strlen("C:\\Users\\a\\Kế hoạch.txt")), "Kế hoạch.txt");
	free(n);
	CHECK_STR("name no directory", n = http_clean_name("../../etc/passwd", 16), "passwd");
	free(n);
	CHECK_STR("name empty", n = http_clean_name("", 0), "draft.txt");
	free(n);
	CHECK_STR("name dotdot", n = http_clean_name("a/..", 4), "draft.txt");
	free(n);
	CHECK_STR("name control and quote", n = http_clean_name("a\"b\nc.txt", 9), "abc.txt");
	free(n);
	CHECK_STR("name bad utf-8", n = http_clean_name("a\xff.txt", 6), "draft.txt");
	free(n);
	CHECK_STR("disposition", n = http_disposition("Kế.txt", "pdf"),
	    "attachment; filename=\"K_.pdf\"; filename*=UTF-8''K%E1%BA%BF.pdf");
	free(n);
}

static void
form(void)
{
	const char *ct = "multipart/form-data; boundary=\"----B\"; charset=x";
	char *b = http_header_param(ct, strlen(ct), "boundary");
	CHECK_STR("param quoted", b, "----B");
	free(b);
	const char *cd = " form-data; name=\"file\"; filename=\"a b.txt\"";
	b = http_header_param(cd, strlen(cd), "name");
	CHECK_STR("param name, not filename", b, "file");
	free(b);
	CHECK("param missing", http_header_param(cd, strlen(cd), "size") == NULL);

	const char *ok = "------B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n"
	    "------B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n"
	    "Content-Type: text/plain\r\n\r\nSố 1\r\nline\r\n------B--\r\n";
	const char *doc = NULL;
	size_t len = 0;
	char *name = NULL;
	int found = 0;
	int rc = http_multipart_find(ok, strlen(ok), "----B", &doc, &len, &name, &found);
	CHECK("form ok", rc == 0 && found && len == strlen("Số 1\r\nline") && memcmp(doc, "Số 1\r\nline", len) == 0);
	CHECK_STR("form filename", name, "x.txt");
	free(name);
	const char *bad[] = {
		"------B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno end",
		"preamble\r\n------B--\r\n",
		"------B\r\nContent-Disposition: form-data; name=\"file\"\r\nno blank line",
		"------Bx\r\n",
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rc = http_multipart_find(bad[i], strlen(bad[i]), "----B", &doc, &len, &name, &found);
		char label[32];
		snprintf(label, sizeof label, "form malformed %zu", i);
		CHECK(label, rc == -1);
		free(name);
	}
	/* a first Content-Disposition without a name, a second with it: the second is read, and
	 * the first one's filename freed (it leaked: an ASan/valgrind run of this test says so) */
	const char *twice = "------B\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"b.txt\"\r\n\r\nx\r\n------B--";
	rc = http_multipart_find(twice, strlen(twice), "----B", &doc, &len, &name, &found);
	CHECK("form second disposition", rc == 0 && found && len == 1);
	CHECK_STR("form second filename", name, "b.txt");
	free(name);
	const char *none = "------B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n------B--";
	rc = http_multipart_find(none, strlen(none), "----B", &doc, &len, &name, &found);
	CHECK("form without the field", rc == 0 && !found);
	free(name);
}

int
main(void)
{
	host();
	names();
	form();
	return unit_failed != 0;
}
