/*
 * since.c: apc check --since REV, the documents a change touches. They are
 *   - the files git says changed since REV: `git diff --name-only REV` (committed, staged
 *     and unstaged changes against REV; deleted files are gone and not checked) and the
 *     untracked files git does not ignore (`git ls-files --others --exclude-standard`: a new
 *     draft not yet added is a change too);
 *   - the files that name a changed document as a parent: their implements or cites points
 *     at a changed document's symbol, so a corrected date or mission there may change what
 *     is said about them.
 * The driver compiles the changed files first for their symbols (since_add_symbol), then
 * every file under the paths, and reports those since_keep takes. Git runs without a shell,
 * in the working directory; REV may not start with '-' (it would be an option of git).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>
#include "facts.h"
#include "since.h"

extern char **environ;

struct since {
	char **changed;       /* real paths of the changed files, sorted */
	size_t nchanged;
	char **symbols;       /* canonical symbols of the changed documents */
	size_t nsymbols;
};

/* Run git with argv, its standard output into *out (NUL-separated with -z) and its standard
 * error into *errout (a temporary file: read once git is gone, so a long message cannot block
 * it). 0; 1 when git failed (its own words in *errout); -1 when it could not be run (*err). */
static int
git_run(const char *const *argv, strbuf *out, strbuf *errout, apc_lang lang, char **err)
{
	int fds[2], rc = -1, status;
	pid_t pid;
	posix_spawn_file_actions_t fa;
	char buf[8192];
	ssize_t n;
	FILE *ef = tmpfile();

	if (ef == NULL || pipe(fds) != 0) {
		*err = xasprintf(msg_fmt(lang, M_SINCE_NO_GIT), strerror(errno));
		if (ef != NULL)
			fclose(ef);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(ef), 2);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	int e = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);   /* argv is not written */
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		fclose(ef);
		*err = xasprintf(msg_fmt(lang, M_SINCE_NO_GIT), strerror(e));
		return -1;
	}
	while ((n = read(fds[0], buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		sb_add(out, buf, (size_t)n);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	rewind(ef);
	size_t got;
	while ((got = fread(buf, 1, sizeof buf, ef)) > 0 && errout->len < 4096)
		sb_add(errout, buf, got);
	fclose(ef);
	if (status == 0)
		rc = 0;
	else
		rc = 1;
	return rc;
}

/* *err: message id's words in lang (with arg), then git's own first line as a detail. */
static void
git_said(char **err, apc_lang lang, msg_id id, const char *arg, const strbuf *errout)
{
	const char *said = errout->len > 0 ? errout->s : "";
	while (*said == ' ' || *said == '\n')
		said++;
	int len = (int)strcspn(said, "\n");
	char *words = xasprintf(msg_fmt(lang, id), arg);
	*err = len > 0 ? xasprintf("%s (git: %.*s)", words, len, said) : xstrdup(words);
	free(words);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the real path of each NUL-separated name of list, relative to top. */
static void
add_names(since *s, const char *top, const strbuf *list, size_t *cap)
{
	for (size_t at = 0; at < list->len; ) {
		const char *name = list->s + at;
		size_t n = strlen(name);
		at += n + 1;
		if (n == 0)
			continue;
		char *p = xasprintf("%s/%s", top, name);
		char *real = realpath(p, NULL);
		free(p);
		if (real == NULL)
			continue;           /* gone since: nothing to check */
		if (s->nchanged == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			s->changed = xrealloc(s->changed, *cap * sizeof *s->changed);
		}
		s->changed[s->nchanged++] = real;
	}
}

since *
since_open(const char *rev, apc_lang lang, char **err)
{
	since *s = NULL;
	strbuf top = { 0 }, diff = { 0 }, untracked = { 0 }, said = { 0 };
	size_t cap = 0;

	if (rev[0] == '-' || rev[0] == '\0') {
		*err = xasprintf(msg_fmt(lang, M_SINCE_NOT_REVISION), rev);
		return NULL;
	}
	char *verify = xasprintf("%s^{commit}", rev);
	const char *a_top[] = { "git", "rev-parse", "--show-toplevel", NULL };
	const char *a_rev[] = { "git", "rev-parse", "--verify", "--quiet", verify, NULL };
	const char *a_diff[] = { "git", "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d",
	    rev, "--", NULL };
	const char *a_new[] = { "git", "ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/", NULL };
	strbuf ignored = { 0 };
	/* each step's failure in apc's words, git's own as a detail */
	const struct { const char *const *argv; strbuf *out; msg_id id; const char *arg; } step[] = {
		{ a_top, &top, M_SINCE_NOT_WORK_TREE, NULL },
		{ a_rev, &ignored, M_SINCE_NOT_COMMIT, rev },
		{ a_diff, &diff, M_SINCE_GIT_FAILED, "diff" },
		{ a_new, &untracked, M_SINCE_GIT_FAILED, "ls-files" },
	};
	for (size_t i = 0; i < sizeof step / sizeof step[0]; i++) {
		said.len = 0;
		int r = git_run(step[i].argv, step[i].out, &said, lang, err);
		if (r > 0)
			git_said(err, lang, step[i].id, step[i].arg, &said);
		if (r != 0)
			goto out;
	}
	while (top.len > 0 && top.s[top.len - 1] == '\n')
		top.s[--top.len] = '\0';
	s = xcalloc(1, sizeof *s);
	add_names(s, top.s, &diff, &cap);
	add_names(s, top.s, &untracked, &cap);
	if (s->nchanged > 1)
		qsort(s->changed, s->nchanged, sizeof *s->changed, cmp_str);
out:
	free(verify);
	free(said.s);
	free(ignored.s);
	free(top.s);
	free(diff.s);
	free(untracked.s);
	return s;
}

void
since_free(since *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nchanged; i++)
		free(s->changed[i]);
	for (size_t i = 0; i < s->nsymbols; i++)
		free(s->symbols[i]);
	free(s->changed);
	free(s->symbols);
	free(s);
}

int
since_changed(const since *s, const char *path)
{
	char *real = realpath(path, NULL);
	int found = real != NULL && s->nchanged > 0 &&
	    bsearch(&real, s->changed, s->nchanged, sizeof *s->changed, cmp_str) != NULL;
	free(real);
	return found;
}

void
since_add_symbol(since *s, const apc_result *r)
{
	const facts *f = r->facts;
	if (f == NULL || f->symbol == NULL || *f->symbol == '\0')
		return;
	s->symbols = xrealloc(s->symbols, (s->nsymbols + 1) * sizeof *s->symbols);
	s->symbols[s->nsymbols++] = xstrdup(f->symbol);
}

size_t
since_nsymbols(const since *s)
{
	return s->nsymbols;
}

/* Does r implement or cite a changed document? */
int
since_names_changed(const since *s, const apc_result *r)
{
	const facts *f = r->facts;
	if (f == NULL || s->nsymbols == 0)
		return 0;
	xmlNodePtr holders[2] = { f->root, f->meta };   /* where implements and cites stand */
	for (int h = 0; h < 2; h++)
		for (xmlNodePtr n = holders[h] ? holders[h]->children : NULL; n != NULL; n = n->next) {
			if (n->type != XML_ELEMENT_NODE || (strcmp((const char *)n->name, "implements") != 0 &&
			    strcmp((const char *)n->name, "cites") != 0))
				continue;
			xmlChar *ref = xmlGetProp(n, BAD_CAST "ref");
			int hit = 0;
			for (size_t i = 0; ref != NULL && i < s->nsymbols && !hit; i++)
				hit = strcasecmp((const char *)ref, s->symbols[i]) == 0;
			xmlFree(ref);
			if (hit)
				return 1;
		}
	return 0;
}
