/*
 * arena.c: the memory of one document's tree, taken from large chunks and given back at once.
 *
 * A tree is about five small allocations per element (the element, its text node and string,
 * an attribute and its text node), each a malloc and, when the result is freed, a free: on a
 * program of 250 elements, some 2,800 calls and the walk that frees them. tree.c makes those
 * nodes with libxml2's own constructors, so libxml2's allocator is hooked (xmlMemSetup, once
 * per process, before any thread): while tree.c builds a node of a document that has an arena
 * (arena_enter, a thread-local choice), a request of up to ARENA_SMALL bytes is cut from the
 * arena's current chunk; everything else goes to malloc as before.
 *
 * The chunks come from one range of addresses reserved at set-up (PROT_NONE, no memory), so
 * xmlFree tells an arena pointer by its address alone: it ignores it (the memory comes back when
 * the arena is freed, after the document) and frees anything else. xmlRealloc of an arena
 * pointer copies it (its size is kept just before it). Freed chunks are kept on a list for the
 * next document (the first ARENA_KEEP of them resident, the others given back to the system),
 * so memory stays flat over any number of documents. When the range is used up, or could not be
 * reserved, requests go to malloc: the arena only saves work, it never decides what is built.
 *
 * Under AddressSanitizer the chunks are poisoned but for what was handed out, so a read of a
 * freed document's memory is still caught.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <libxml/xmlmemory.h>
#include "internal.h"

#if defined(__SANITIZE_ADDRESS__)        /* gcc's name for -fsanitize=address */
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)    /* clang's (the fuzzers) */
#define ARENA_ASAN 1
#endif
#endif
#if defined(ARENA_ASAN)
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ARENA_RANGE ((size_t)1 << 34)    /* addresses reserved: 16 GiB, no memory (valgrind allows no more than 32) */
#define ARENA_CHUNK ((size_t)64 << 10)   /* taken from the system, and handed out, this many at once */
#define ARENA_SMALL 512                  /* larger requests go to malloc */
#define ARENA_KEEP 64                    /* free chunks kept resident (4 MiB) */
#define HEAD sizeof(size_t)              /* each block's size, just before it */

#define ARENA_MAGIC 0x61706361726e6131u   /* "apcarna1": a document's _private is one of ours */

struct tree_arena {
	uint64_t magic;
	char *cur, *end;     /* the free part of the current chunk */
	char *chunks;        /* every chunk, linked through their first bytes */
};

_Thread_local tree_arena *arena_current;

static char *range;                  /* the reserved addresses, or NULL: no arena */
static size_t range_used;            /* carved into chunks so far */
static char *free_chunks;            /* chunks given back, linked */
static size_t nfree;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;

int
arena_owns(const void *p)
{
	return (uintptr_t)p - (uintptr_t)range < ARENA_RANGE;
}

size_t
arena_reserved(void)
{
	pthread_mutex_lock(&lock);
	size_t n = range_used;
	pthread_mutex_unlock(&lock);
	return n;
}

/* A chunk, or NULL when the range is used up. */
static char *
chunk_take(void)
{
	char *c = NULL;
	pthread_mutex_lock(&lock);
	if (free_chunks != NULL) {
		c = free_chunks;
		UNPOISON(c, sizeof(char *));
		free_chunks = *(char **)c;
		nfree--;
	} else if (range_used + ARENA_CHUNK <= ARENA_RANGE &&
	    mprotect(range + range_used, ARENA_CHUNK, PROT_READ | PROT_WRITE) == 0) {
		c = range + range_used;
		range_used += ARENA_CHUNK;
	}
	pthread_mutex_unlock(&lock);
	if (c != NULL)
		POISON(c + sizeof(char *), ARENA_CHUNK - sizeof(char *));
	return c;
}

/* Bytes a block of n takes, its size included. */
static size_t
block(size_t n)
{
	return (HEAD + n + 7) & ~(size_t)7;
}

/* A block of n from a new chunk: the slow path, kept out of hook_malloc's, which every
 * allocation of libxml2's goes through. */
static __attribute__((noinline)) void *
arena_refill(tree_arena *a, size_t n)
{
	char *c = chunk_take();
	if (c == NULL)
		return malloc(n);
	*(char **)c = a->chunks;
	a->chunks = c;
	a->cur = c + 16;
	a->end = c + ARENA_CHUNK;
	char *p = a->cur;
	a->cur += block(n);
	UNPOISON(p, HEAD + n);
	*(size_t *)p = n;
	return p + HEAD;
}

static void *
hook_malloc(size_t n)
{
	tree_arena *a = arena_current;
	if (a == NULL || n > ARENA_SMALL)
		return malloc(n);
	size_t need = block(n);
	if ((size_t)(a->end - a->cur) < need)
		return arena_refill(a, n);
	char *p = a->cur;
	a->cur += need;
	UNPOISON(p, HEAD + n);
	*(size_t *)p = n;
	return p + HEAD;
}

static void
hook_free(void *p)
{
	if (!arena_owns(p))
		free(p);
}

static void *
hook_realloc(void *p, size_t n)
{
	if (p == NULL || !arena_owns(p))
		return realloc(p, n);
	char *b = (char *)p - HEAD;
	size_t old = *(size_t *)b;
	tree_arena *a = arena_current;
	if (a != NULL && n <= ARENA_SMALL && b + block(old) == a->cur && (size_t)(a->end - b) >= block(n)) {
		/* the last block cut: it grows (or shrinks) where it is, as text merged piece by piece does */
		a->cur = b + block(n);
		UNPOISON(b, HEAD + n);
		*(size_t *)b = n;
		return p;
	}
	void *q = hook_malloc(n);
	if (q != NULL)
		memcpy(q, p, old < n ? old : n);
	return q;
}

static char *
hook_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = hook_malloc(n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

static void
setup(void)
{
	void *r = mmap(NULL, ARENA_RANGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED)
		return;
	if (xmlMemSetup(hook_free, hook_malloc, hook_realloc, hook_strdup) != 0) {
		munmap(r, ARENA_RANGE);
		return;
	}
	range = r;
#if defined(ARENA_ASAN)
	__lsan_register_root_region(r, ARENA_RANGE);   /* what nodes point to is not a leak */
#endif
}

void
arena_setup(void)
{
	pthread_once(&once, setup);
}

tree_arena *
arena_new(void)
{
	if (range == NULL)
		return NULL;
	tree_arena *a = xcalloc(1, sizeof *a);
	a->magic = ARENA_MAGIC;
	return a;
}

tree_arena *
arena_of(void *p)
{
	tree_arena *a = p;
	return a != NULL && a->magic == ARENA_MAGIC ? a : NULL;
}

void
arena_free(tree_arena *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&lock);
	for (char *c = a->chunks, *next; c != NULL; c = next) {
		next = *(char **)c;
		if (nfree >= ARENA_KEEP)
			madvise(c, ARENA_CHUNK, MADV_DONTNEED);   /* the memory back to the system */
		POISON(c, ARENA_CHUNK);
		UNPOISON(c, sizeof(char *));
		*(char **)c = free_chunks;
		POISON(c, sizeof(char *));
		free_chunks = c;
		nfree++;
	}
	pthread_mutex_unlock(&lock);
	a->magic = 0;
	free(a);
}
