/* tests/unit/test_docxpkg.c: the .docx package opener (docxpkg.c) gives back what libzip lends:
 * every zip_error_t it inits is finished (zip_error_fini frees the message zip_error_strerror
 * may have made), on the failure paths and on success. The two calls are wrapped
 * (-Wl,--wrap, see the Makefile) to count them. */
#include <stdlib.h>
#include <zip.h>
#include "docxread.h"
#include "unit.h"

static int inits, finis;

void __real_zip_error_init(zip_error_t *);
void __real_zip_error_fini(zip_error_t *);
void __wrap_zip_error_init(zip_error_t *);
void __wrap_zip_error_fini(zip_error_t *);

void
__wrap_zip_error_init(zip_error_t *e)
{
	inits++;
	__real_zip_error_init(e);
}

void
__wrap_zip_error_fini(zip_error_t *e)
{
	finis++;
	__real_zip_error_fini(e);
}

static void
open_one(const char *name, const char *bytes, size_t n, int want_rc)
{
	pkg pk;
	char label[96];
	inits = finis = 0;
	int rc = docx_pkg_open(&pk, bytes, n);
	snprintf(label, sizeof label, "docx_pkg_open %s: %s", name, want_rc ? "refused" : "opened");
	CHECK(label, rc == want_rc);
	snprintf(label, sizeof label, "docx_pkg_open %s: zip_error_fini for each zip_error_init", name);
	CHECK(label, inits > 0 && finis == inits);
	docx_pkg_close(&pk);
}

int
main(void)
{
	/* the smallest zip archive: its end-of-central-directory record, no entries */
	static const char empty[22] = { 'P', 'K', 5, 6 };
	static const char text[] = "not a zip archive at all, just text that a .docx name promised";
	open_one("not a zip", text, sizeof text - 1, -1);
	open_one("empty zip", empty, sizeof empty, 0);
	open_one("truncated zip", empty, 10, -1);
	return unit_failed != 0;
}
