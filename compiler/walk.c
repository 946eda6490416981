/*
 * walk.c: the files that PATH... arguments name. Directories are walked recursively for
 * program files; symbolic links to directories are not followed (no loops), links to files
 * are. The list is sorted so that output never depends on the file system's order.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "internal.h"

#define MAX_DEPTH 64

static const char *const exts[] = { ".txt", ".docx" };

static int
is_program(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return 0;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && strcmp(name + n - e, exts[i]) == 0)
			return 1;
	}
	return 0;
}

static void
add(path_list *l, char *p)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = p;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk_dir(const char *dir, int depth, path_list *out)
{
	if (depth > MAX_DEPTH)
		return;
	DIR *d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "apc: %s: %s\n", dir, strerror(errno));
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;       /* ".", "..", hidden files and .git */
		size_t dl = strlen(dir);
		char *p = dl && dir[dl - 1] == '/' ? xasprintf("%s%s", dir, e->d_name) : xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) != 0) {
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_dir(p, depth + 1, out);
			free(p);
		} else if (is_program(e->d_name) && (S_ISREG(st.st_mode) ||
		    (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode))))
			add(out, p);
		else
			free(p);
	}
	closedir(d);
}

size_t
walk_paths(char *const *paths, size_t npaths, path_list *out)
{
	size_t missing = 0;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			fprintf(stderr, "apc: %s: %s\n", paths[i], strerror(errno));
			missing++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t from = out->n;
			walk_dir(paths[i], 0, out);
			qsort(out->v + from, out->n - from, sizeof *out->v, cmp);
		} else
			add(out, xstrdup(paths[i]));   /* a file named explicitly is checked whatever its name */
	}
	return missing;
}

void
walk_free(path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}
