/*
 * libcache.h: the loaded library's structure and its caches (libcache.c). Included by
 * library.c and libcache.c only; the rest of apc sees struct apc_library through internal.h.
 */
#ifndef APC_LIBCACHE_H
#define APC_LIBCACHE_H

#include <libxml/relaxng.h>
#include "agency.h"
#include "internal.h"

#define LIBRARY_FILE_MAX (16u << 20)   /* the largest library file read */

struct apc_library {
	agency_index agencies;
	library_parent **par;
	size_t npar, cappar;
	unsigned errors;
	unsigned warnings;      /* messages that are no errors (then nothing is cached) */
	strbuf seen;            /* path NUL hash, of every file loaded, in order: the cache key */
};

/* ---- the validation cache: markers of files that validated ---- */
typedef struct vcache {
	char *dir;              /* NULL: no cache */
	size_t schema;          /* hash of libxml2's version and the schema's bytes */
	char *schema_path;
	xmlRelaxNGPtr rng;      /* compiled on the first file the cache does not know */
	int rng_tried;
} vcache;

/* The cache of datadir's schema; vc->dir NULL when there is none (APC_CACHE_DIR=off, no
 * directory of our own, a schema that cannot be read). */
void vcache_open(vcache *vc, const char *datadir);
void vcache_close(vcache *vc);
/* The marker of a file whose bytes hash to h (malloc'd), or NULL without a cache. */
char *vcache_marker(const vcache *vc, size_t h);
int vcache_known(const char *marker);
void vcache_remember(const char *marker);
/* The compiled schema, compiled now if not yet; NULL after an error (counted in lib). */
xmlRelaxNGPtr vcache_schema(struct apc_library *lib, vcache *vc);

/* ---- the compiled cache: the whole library in one file ---- */

/* Record a loaded file for the key: its path, NUL, its bytes' hash, NUL. */
void lcache_seen_add(strbuf *seen, const char *path, size_t hash);
/* The names of every *.xml of dir, sorted, into *names (*n of them, each malloc'd); -1 with
 * errno when dir cannot be read. The load and the key list a directory alike. */
int lcache_list_xml(const char *dir, char ***names, size_t *n);
char *lcache_path(const vcache *vc, const char *datadir, char *const *dirs, size_t ndirs, strbuf *key, size_t *planned);
int lcache_read(struct apc_library *into, const char *path, const strbuf *key);
/* Keep lib under path (a temporary file, then renamed); nothing on any failure. */
void lcache_write(const struct apc_library *lib, const char *dir, const char *path, const strbuf *key);

#endif
