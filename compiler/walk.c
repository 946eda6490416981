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
 * What the walk says is in the run's language (messages.def, after "apc: PATH: ").
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

/* One walk of the paths given: the run's language, the root being walked, what was found. */
typedef struct walker {
	apc_lang lang;
	const char *root;     /* the directory being walked, resolved */
	path_list *out;
	names nm;
	size_t errors;        /* what went unread: the run exits 2 */
} walker;

/* "apc: PATH: why" on stderr, why the message id in the run's language, the path escaped (a
 * file name may hold ESC or invalid bytes). */
static void
say(const walker *w, const char *path, msg_id id, ...)
{
	char *p = utf8_printable(path, strlen(path));
	va_list ap;
	va_start(ap, id);
	char *why = xvasprintf(msg_fmt(w->lang, id), ap);
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

/* A symbolic link with a program's name met during the walk: the file it leads to may be read
 * only when it is a regular file inside the root and not in /proc or /sys. 1 to take it; *st
 * is that file's. A link that leads nowhere (dangling, a loop) is said; one that leads to a
 * directory or a device is not a program: nothing to say. */
static int
link_allowed(walker *w, const char *p, struct stat *out)
{
	char *real = realpath(p, NULL);
	struct stat st;
	int ok = 0;
	if (real == NULL) {
		say(w, p, M_WALK_SKIPPED, strerror(errno));
		goto out;
	}
	if (stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		goto out;
	if (is_kernel_fs(real) || !inside(real, w->root)) {
		say(w, p, M_WALK_LINK_OUTSIDE);
		goto out;
	}
	ok = 1;
	*out = st;
out:
	free(real);
	return ok;
}

static void
walk_dir(walker *w, const char *dir, int depth)
{
	if (depth > MAX_DEPTH) {
		say(w, dir, M_WALK_TOO_DEEP, MAX_DEPTH);
		w->errors++;
		return;
	}
	DIR *d = opendir(dir);
	if (d == NULL) {           /* its files would go unchecked: the run fails */
		say(w, dir, M_WALK_SKIPPED, strerror(errno));
		w->errors++;
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
				say(w, p, M_WALK_SKIPPED, strerror(errno));
				w->errors++;
			}
			free(p);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk_dir(w, p, depth + 1);
			free(p);
			continue;
		}
		int program = is_program(e->d_name);
		if (S_ISREG(st.st_mode) && st.st_nlink > 1)     /* one of its names, read or not */
			name_add(&w->nm, &st, 1, NULL);
		struct stat to;
		if (program && S_ISLNK(st.st_mode) && link_allowed(w, p, &to)) {
			if (to.st_nlink > 1)
				name_add(&w->nm, &to, 0, p);
			add(w->out, p);
		} else if (program && S_ISREG(st.st_mode)) {
			if (st.st_nlink > 1)
				name_add(&w->nm, &st, 0, p);
			add(w->out, p);
		} else
			free(p);
	}
	closedir(d);
}

/* Take out of the list every program whose file has a name the walks did not meet. */
static void
drop_linked_out(walker *w)
{
	names *nm = &w->nm;
	path_list *out = w->out;
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
			say(w, nm->v[k].path, M_WALK_HARD_LINKS, (unsigned long)nm->v[k].nlink, seen);
			for (size_t x = 0; x < out->n; x++)
				if (out->v[x] == nm->v[k].path) {
					free(out->v[x]);
					out->v[x] = NULL;
					dropped++;
					break;
				}
		}
	}
	size_t kept = 0;
	for (size_t x = 0; dropped > 0 && x < out->n; x++)
		if (out->v[x] != NULL)
			out->v[kept++] = out->v[x];
	if (dropped > 0)
		out->n = kept;
}

size_t
walk_paths(char *const *paths, size_t npaths, apc_lang lang, path_list *out)
{
	walker w = { .lang = lang, .out = out };
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") == 0) {
			add(out, xstrdup("-"));
			continue;
		}
		if (stat(paths[i], &st) != 0) {
			say(&w, paths[i], M_WALK_CANNOT_OPEN, strerror(errno));
			w.errors++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			size_t from = out->n;
			char *root = realpath(paths[i], NULL);
			if (root == NULL || is_kernel_fs(root)) {
				if (root)
					say(&w, paths[i], M_WALK_KERNEL_FS);
				else
					say(&w, paths[i], M_WALK_CANNOT_OPEN, strerror(errno));
				w.errors++;
				free(root);
				continue;
			}
			w.root = root;
			walk_dir(&w, paths[i], 0);
			w.root = NULL;
			free(root);
			if (out->n > from)             /* an empty directory: no array to sort */
				qsort(out->v + from, out->n - from, sizeof *out->v, cmp);
		} else
			add(out, xstrdup(paths[i]));   /* a file named explicitly is checked whatever its name */
	}
	drop_linked_out(&w);
	free(w.nm.v);
	return w.errors;
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
