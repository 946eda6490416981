/*
 * walk.c: the files that PATH... arguments name. Directories are walked recursively for
 * program files; symbolic links to directories are not followed (no loops), links to files
 * are, but only when the file they lead to lies inside the directory being walked: a pull
 * request that adds `leak.txt -> /proc/self/environ` or `-> /etc/passwd` must not get either
 * printed by a check or published by a render. Nothing under /proc or /sys is read through a
 * walk. What is skipped is said on stderr; a directory deeper than MAX_DEPTH levels is an error
 * (counted in walk_paths' result: the run exits 2). The list is sorted so that output never
 * depends on the file system's order.
 *
 * Hard links are the same hazard without a link to see: `leak.txt` may be another name of a
 * file outside the tree (a secret the CI user can read). A file met in a walk that has more
 * than one name (st_nlink > 1) is read only when the walks of this run met every one of its
 * names (the same device and inode under as many regular-file entries as it has links): all
 * its names are then inside the directories given. Otherwise it is skipped and said, as a
 * link leading outside is; so is a symbolic link inside the tree to such a file. Names the
 * walk does not look at (hidden ones, ".x") are not counted: a file also named so is skipped.
 * A file named on the command line is read whatever its links.
 *
 * "-" names standard input (apc check -, an editor's buffer): it stays in the list as "-",
 * where it was given, and walk_read_stdin reads it once.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "internal.h"

#define MAX_DEPTH 64

static const char *const exts[] = { ".txt", ".docx", ".doc" };

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

/* A file with several names met in the walks: as a name (a directory entry of a regular
 * file, any file name), or as a program to read (path, in the list; a symbolic link to it too). */
typedef struct named {
	dev_t dev;
	ino_t ino;
	nlink_t nlink;
	int is_name;
	const char *path;     /* the program's path in the list, or NULL */
} named;

typedef struct names {
	named *v;
	size_t n, cap;
} names;

static void
name_add(names *nm, const struct stat *st, int is_name, const char *path)
{
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? 2 * nm->cap : 16;
		nm->v = xrealloc(nm->v, nm->cap * sizeof *nm->v);
	}
	nm->v[nm->n++] = (named){ st->st_dev, st->st_ino, st->st_nlink, is_name, path };
}

static int
by_inode(const void *a, const void *b)
{
	const named *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino ? 1 : 0;
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

/* "apc: PATH: why" on stderr, the path escaped (a file name may hold ESC or invalid bytes). */
static void
say(const char *path, const char *fmt, ...)
{
	char *p = utf8_printable(path, strlen(path));
	va_list ap;
	va_start(ap, fmt);
	char *why = xvasprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "apc: %s: %s\n", p, why);
	free(why);
	free(p);
}

/* Is real (a resolved path) inside the directory root (resolved), or under /proc or /sys? */
static int
inside(const char *real, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		n = 0;
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

static int
is_kernel_fs(const char *real)
{
	return inside(real, "/proc") || inside(real, "/sys") || !strcmp(real, "/proc") || !strcmp(real, "/sys");
}

/* A symbolic link met during the walk of root: the file it leads to may be read only when it
 * is a regular file inside root and not in /proc or /sys. 1 to take it; *st is that file's. */
static int
link_allowed(const char *p, const char *root, struct stat *out)
{
	char *real = realpath(p, NULL);
	struct stat st;
	int ok = 0;
	if (real == NULL || stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;       /* dangling, a loop, or not a file: not a program, nothing to say */
	if (is_kernel_fs(real) || !inside(real, root)) {
		say(p, "skipped: the symbolic link leads outside the directory walked");
		goto out;
	}
	ok = 1;
	*out = st;
out:
	free(real);
	return ok;
}

static void
walk_dir(const char *dir, int depth, const char *root, path_list *out, names *nm, size_t *errors)
{
	if (depth > MAX_DEPTH) {
		say(dir, "skipped: more than %d directory levels below the path given", MAX_DEPTH);
		(*errors)++;
		return;
	}
	DIR *d = opendir(dir);
	if (d == NULL) {           /* its files would go unchecked: the run fails */
		say(dir, "skipped: %s", strerror(errno));
		(*errors)++;
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
			/* gone since readdir: nothing; a path past PATH_MAX (ENAMETOOLONG) or another
			 * failure: said and counted, never skipped silently */
			if (errno != ENOENT) {
				say(p, "skipped: %s", strerror(errno));
				(*errors)++;
			}
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_dir(p, depth + 1, root, out, nm, errors);
			free(p);
			continue;
		}
		int program = is_program(e->d_name);
		if (S_ISREG(st.st_mode) && st.st_nlink > 1)     /* one of its names, read or not */
			name_add(nm, &st, 1, NULL);
		struct stat to;
		if (program && S_ISLNK(st.st_mode) && link_allowed(p, root, &to)) {
			if (to.st_nlink > 1)
				name_add(nm, &to, 0, p);
			add(out, p);
		} else if (program && S_ISREG(st.st_mode)) {
			if (st.st_nlink > 1)
				name_add(nm, &st, 0, p);
			add(out, p);
		} else
			free(p);
	}
	closedir(d);
}

/* Take out of the list every program whose file has a name the walks did not meet. */
static void
drop_linked_out(names *nm, path_list *out)
{
	if (nm->n == 0)
		return;
	qsort(nm->v, nm->n, sizeof *nm->v, by_inode);
	size_t dropped = 0;
	for (size_t i = 0, j; i < nm->n; i = j) {
		size_t seen = 0;
		for (j = i; j < nm->n && by_inode(&nm->v[i], &nm->v[j]) == 0; j++)
			seen += (size_t)nm->v[j].is_name;
		if (seen >= (size_t)nm->v[i].nlink)
			continue;
		for (size_t k = i; k < j; k++) {
			if (nm->v[k].path == NULL)
				continue;
			say(nm->v[k].path, "skipped: the file has %lu names (hard links), %zu of them in the "
			    "directories walked: the others may be outside", (unsigned long)nm->v[k].nlink, seen);
			for (size_t x = 0; x < out->n; x++)
				if (out->v[x] == nm->v[k].path) {
					free(out->v[x]);
					out->v[x] = NULL;
					dropped++;
					break;
				}
		}
	}
	size_t w = 0;
	for (size_t x = 0; dropped > 0 && x < out->n; x++)
		if (out->v[x] != NULL)
			out->v[w++] = out->v[x];
	if (dropped > 0)
		out->n = w;
}

size_t
walk_paths(char *const *paths, size_t npaths, path_list *out)
{
	size_t missing = 0;
	names nm = { 0 };
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") == 0) {
			add(out, xstrdup("-"));
			continue;
		}
		if (stat(paths[i], &st) != 0) {
			say(paths[i], "%s", strerror(errno));
			missing++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t from = out->n;
			char *root = realpath(paths[i], NULL);
			if (root == NULL || is_kernel_fs(root)) {
				say(paths[i], "%s", root ? "/proc and /sys are not walked" : strerror(errno));
				missing++;
				free(root);
				continue;
			}
			walk_dir(paths[i], 0, root, out, &nm, &missing);
			free(root);
			if (out->n > from)             /* an empty directory: no array to sort */
				qsort(out->v + from, out->n - from, sizeof *out->v, cmp);
		} else
			add(out, xstrdup(paths[i]));   /* a file named explicitly is checked whatever its name */
	}
	drop_linked_out(&nm, out);
	free(nm.v);
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

int
walk_read_stdin(char **bytes, size_t *len)
{
	strbuf b = { 0 };
	char chunk[65536];
	size_t total = 0;
	ssize_t n;

	sb_add(&b, "", 0);
	while ((n = read(0, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(b.s);
			return -1;
		}
		/* past the reader's limit the reading stops: the file-too-large error says it (an
		 * endless stream, `yes | apc check -`, must not be read for ever) */
		sb_add(&b, chunk, (size_t)n);
		total += (size_t)n;
		if (total > READ_MAX_BYTES)
			break;
	}
	*bytes = b.s;
	*len = total;
	return 0;
}
