/*
 * fuzz_library.c: libFuzzer target for loading library XML (parents, the agency registry,
 * compiled programs accepted as parents). library.c keeps its loader static, so the input
 * is written as the one *.xml file of an extra library directory and library_open is called
 * with it. The data directory is a scratch copy holding the real schemas and agency registry
 * and no parents, so each run reads little besides the input.
 * Whatever the input, it must be loaded or refused (NULL and a message) without a crash,
 * a leak, or a file read through it (no entity, DTD or XInclude is followed).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "internal.h"

#ifndef APC_DATADIR
#define APC_DATADIR "."
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char scratch[] = "/tmp/apc-fuzz-lib-XXXXXX";
static char *datadir, *extra, *input;

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
	free(from), free(to);
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
	char *dirs[1] = { extra };
	struct apc_library *lib = library_open(datadir, dirs, 1);
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
