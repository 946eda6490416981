/*
 * fuzz_library.c: libFuzzer target for loading library XML (parents, the agency registry,
 * compiled programs accepted as parents).
 *
 * library.c keeps its loader static, and library_open compiles the library schema on every
 * call (about 150 ms under the sanitizers), so this target includes library.c itself and
 * drives what library_open does with a schema compiled once: the small registry
 * (FUZZ_LIB_REGISTRY, else datadir/library/agencies.xml), then the input written as a file,
 * then the tables and the index, then lookups. tests/fuzz/run links it without library.o.
 * FUZZ_LIB_OPEN=1 goes through library_open instead (slow, but the public path: the input is
 * the one *.xml of an extra library directory in a scratch data directory).
 * Whatever the input, it must be loaded or refused without a crash, a leak, or a file read
 * through it (no entity, DTD or XInclude is followed).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
/* read_xml allocates LIBRARY_FILE_MAX + 1 (16 MB) for every file, which the sanitizers poison
 * and unpoison at each run (7 runs a second). Here that one request gets FUZZ_READ_CAP
 * bytes: enough for any input (-max_len=65536) and the registry; a larger file would
 * overflow, and AddressSanitizer would say so. */
#define FUZZ_READ_CAP (1u << 20)
void *fuzz_xmalloc(size_t);
#define xmalloc(n) fuzz_xmalloc(n)
#include "../../compiler/library.c"
#undef xmalloc
void *xmalloc(size_t);

void *
fuzz_xmalloc(size_t n)
{
	return xmalloc(n == LIBRARY_FILE_MAX + 1 ? FUZZ_READ_CAP : n);
}

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[] = "/tmp/apc-fuzz-lib-XXXXXX";
static char *datadir, *extra, *input, *registry;
static vcache cache;       /* the schema compiled once; no cache directory */
static int via_open;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_library: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void
rm_scratch(void)
{
	char *cmd = xasprintf("rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_library: cannot remove %s\n", scratch);
	free(cmd);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *real = getenv("APC_DATADIR");
	if (real == NULL || *real == '\0')
		real = APC_DATADIR;
	char *abs = realpath(real, NULL);
	if (abs == NULL)
		die(real);
	if (mkdtemp(scratch) == NULL)
		die("mkdtemp");
	atexit(rm_scratch);
	datadir = xasprintf("%s/data", scratch);
	extra = xasprintf("%s/extra", scratch);
	input = xasprintf("%s/extra/input.xml", scratch);
	char *p;
	if (mkdir(datadir, 0700) != 0 || mkdir(extra, 0700) != 0)
		die("mkdir");
	p = xasprintf("%s/library", datadir);
	if (mkdir(p, 0700) != 0)
		die(p);
	free(p);
	p = xasprintf("%s/library/parents", datadir);
	if (mkdir(p, 0700) != 0)
		die(p);
	free(p);
	char *from = xasprintf("%s/schemas", abs), *to = xasprintf("%s/schemas", datadir);
	if (symlink(from, to) != 0)
		die(to);
	free(from), free(to);
	from = getenv("FUZZ_LIB_REGISTRY");    /* the registry to load; tests/fuzz/run gives a small one */
	from = from ? xstrdup(from) : xasprintf("%s/library/agencies.xml", abs);
	to = xasprintf("%s/library/agencies.xml", datadir);
	if (symlink(from, to) != 0)
		die(to);
	registry = from;
	free(to);
	const char *v = getenv("FUZZ_LIB_OPEN");
	via_open = v && strcmp(v, "1") == 0;
	if (!via_open) {
		struct apc_library tmp;
		memset(&tmp, 0, sizeof tmp);
		cache.schema_path = xasprintf("%s/schemas/library.rng", abs);
		xmlInitParser();
		if (vcache_schema(&tmp, &cache) == NULL)
			exit(2);
	}
	/* no validation markers or compiled libraries written for every input */
	setenv("APC_CACHE_DIR", "off", 1);
	free(abs);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(input, "wb");
	if (f == NULL)
		die(input);
	if (size && fwrite(data, 1, size, f) != size)
		die(input);
	if (fclose(f) != 0)
		die(input);
	struct apc_library *lib;
	if (via_open) {
		char *dirs[1] = { extra };
		lib = library_open(datadir, dirs, 1);
	} else {
		/* library_open's steps, with the schema compiled once */
		lib = xcalloc(1, sizeof *lib);
		lib->agencies.errors = &lib->errors;
		load_file(lib, &cache, registry);
		load_file(lib, &cache, input);
		if (lib->errors == 0)
			agency_build(&lib->agencies);
		if (lib->errors > 0) {
			library_close(lib);
			lib = NULL;
		}
	}
	if (lib != NULL) {
		/* use what was loaded: lookups walk the tables the input built */
		static const char *const names[] = { "Sở Y tế", "UBND tỉnh", "Ban Tuyên giáo Tỉnh ủy", "x" };
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			(void)library_agency_find(lib, names[i], strlen(names[i]));
			(void)library_agency_suggest(lib, names[i], strlen(names[i]));
		}
		(void)library_parent_find(lib, "36-NQ/TW", NULL);
		(void)library_parent_find(lib, "36-NQ/TW", "2023-01-30");
		library_close(lib);
	}
	return 0;
}
