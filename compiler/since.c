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
 *
 * The repository is not trusted (a pull request's tarball, a clone of someone's fork): its
 * .git/config and .gitattributes may name commands that git runs on its own while it diffs
 * (core.fsmonitor, a hook, a clean filter for files whose stat changed, a textconv or an
 * external diff, a lazy fetch through a transport). No git apc runs may run any of them:
 *   - the environment: GIT_CONFIG_NOSYSTEM=1, GIT_CONFIG_GLOBAL=/dev/null (only git's own
 *     defaults besides the repository's file), GIT_OPTIONAL_LOCKS=0 (no index written, so no
 *     post-index-change hook), GIT_TERMINAL_PROMPT=0, GIT_NO_LAZY_FETCH=1, GIT_PAGER=cat, no
 *     GIT_EXTERNAL_DIFF;
 *   - configuration given as the command line's (GIT_CONFIG_COUNT, which wins over the
 *     repository's file): core.fsmonitor=false, core.hooksPath=/dev/null, protocol.allow=never,
 *     diff.external, core.pager, credential.helper, core.sshCommand empty,
 *     submodule.recurse=false; and for every filter and diff driver the repository's
 *     configuration names (read first with `git config --list --name-only`, which runs
 *     nothing): its clean, smudge, process, textconv and command empty, its required false;
 *   - the diff: --no-ext-diff --no-textconv --ignore-submodules=all (a submodule's own
 *     configuration is never read).
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

/* The configuration every git apc runs gets, over the repository's (see above). */
static const char *const git_safe[][2] = {
	{ "core.fsmonitor", "false" },
	{ "core.hooksPath", "/dev/null" },
	{ "protocol.allow", "never" },
	{ "diff.external", "" },
	{ "core.pager", "cat" },
	{ "credential.helper", "" },
	{ "core.sshCommand", "" },
	{ "submodule.recurse", "false" },
	{ "core.untrackedCache", "false" },
};

/* Keys of the repository's drivers that name a command, and what they become. */
static const char *const git_driver_keys[][3] = {
	{ "filter.", ".clean", "" },
	{ "filter.", ".smudge", "" },
	{ "filter.", ".process", "" },
	{ "filter.", ".required", "false" },
	{ "diff.", ".textconv", "" },
	{ "diff.", ".command", "" },
	{ "merge.", ".driver", "" },
};

/* The environment of every git apc runs: apc's own, without what could run a command or
 * read another configuration, and with the overrides (GIT_CONFIG_COUNT/KEY_n/VALUE_n). */
typedef struct git_env {
	char **v;
	size_t n, cap;
} git_env;

static void
env_add(git_env *e, char *s)
{
	if (e->n + 2 > e->cap) {
		e->cap = e->cap ? 2 * e->cap : 64;
		e->v = xrealloc(e->v, e->cap * sizeof *e->v);
	}
	e->v[e->n++] = s;
	e->v[e->n] = NULL;
}

static void
env_free(git_env *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	memset(e, 0, sizeof *e);
}

/* names: NUL-separated configuration names the repository sets (NULL before they are read). */
static void
env_make(git_env *e, const strbuf *names)
{
	static const char *const dropped[] = { "GIT_CONFIG_", "GIT_EXTERNAL_DIFF=", "GIT_PAGER=",
	    "GIT_ASKPASS=", "GIT_SSH=", "GIT_SSH_COMMAND=", "GIT_PROXY_COMMAND=", "GIT_EDITOR=",
	    "GIT_CONFIG=", "GIT_TRACE" };
	env_free(e);
	for (char **p = environ; *p != NULL; p++) {
		int drop = 0;
		for (size_t i = 0; i < sizeof dropped / sizeof *dropped && !drop; i++)
			drop = strncmp(*p, dropped[i], strlen(dropped[i])) == 0;
		if (!drop)
			env_add(e, xstrdup(*p));
	}
	env_add(e, xstrdup("GIT_CONFIG_NOSYSTEM=1"));
	env_add(e, xstrdup("GIT_CONFIG_GLOBAL=/dev/null"));
	env_add(e, xstrdup("GIT_OPTIONAL_LOCKS=0"));
	env_add(e, xstrdup("GIT_TERMINAL_PROMPT=0"));
	env_add(e, xstrdup("GIT_NO_LAZY_FETCH=1"));
	env_add(e, xstrdup("GIT_PAGER=cat"));
	size_t k = 0;
	for (size_t i = 0; i < sizeof git_safe / sizeof *git_safe; i++, k++) {
		env_add(e, xasprintf("GIT_CONFIG_KEY_%zu=%s", k, git_safe[i][0]));
		env_add(e, xasprintf("GIT_CONFIG_VALUE_%zu=%s", k, git_safe[i][1]));
	}
	for (size_t at = 0; names != NULL && at < names->len;) {
		const char *name = names->s + at;
		size_t n = strlen(name);
		at += n + 1;
		for (size_t i = 0; i < sizeof git_driver_keys / sizeof *git_driver_keys; i++) {
			size_t pl = strlen(git_driver_keys[i][0]), sl = strlen(git_driver_keys[i][1]);
			/* section and key are given in lower case; the driver's name as written */
			if (n > pl + sl && strncasecmp(name, git_driver_keys[i][0], pl) == 0 &&
			    strcasecmp(name + n - sl, git_driver_keys[i][1]) == 0) {
				env_add(e, xasprintf("GIT_CONFIG_KEY_%zu=%s", k, name));
				env_add(e, xasprintf("GIT_CONFIG_VALUE_%zu=%s", k, git_driver_keys[i][2]));
				k++;
			}
		}
	}
	env_add(e, xasprintf("GIT_CONFIG_COUNT=%zu", k));
}

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
git_run(const char *const *argv, char *const *env, strbuf *out, strbuf *errout, apc_lang lang, char **err)
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
	int e = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, env);   /* argv is not written */
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
	const char *a_top[] = { "git", "--no-pager", "rev-parse", "--show-toplevel", NULL };
	const char *a_conf[] = { "git", "--no-pager", "config", "--list", "--name-only", "-z", NULL };
	const char *a_rev[] = { "git", "--no-pager", "rev-parse", "--verify", "--quiet", verify, NULL };
	const char *a_diff[] = { "git", "--no-pager", "diff", "--name-only", "-z", "--no-renames",
	    "--diff-filter=d", "--no-ext-diff", "--no-textconv", "--ignore-submodules=all", rev, "--", NULL };
	const char *a_new[] = { "git", "--no-pager", "ls-files", "-z", "--others", "--exclude-standard",
	    "--full-name", ":/", NULL };
	strbuf ignored = { 0 }, names = { 0 };
	git_env env = { 0 };
	/* each step's failure in apc's words, git's own as a detail; the repository's drivers
	 * are known after the second step, and overridden from the third on */
	const struct { const char *const *argv; strbuf *out; msg_id id; const char *arg; } step[] = {
		{ a_top, &top, M_SINCE_NOT_WORK_TREE, NULL },
		{ a_conf, &names, M_SINCE_GIT_FAILED, "config" },
		{ a_rev, &ignored, M_SINCE_NOT_COMMIT, rev },
		{ a_diff, &diff, M_SINCE_GIT_FAILED, "diff" },
		{ a_new, &untracked, M_SINCE_GIT_FAILED, "ls-files" },
	};
	for (size_t i = 0; i < sizeof step / sizeof step[0]; i++) {
		if (i == 0 || i == 2)
			env_make(&env, i == 0 ? NULL : &names);
		said.len = 0;
		int r = git_run(step[i].argv, env.v, step[i].out, &said, lang, err);
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
	env_free(&env);
	free(verify);
	free(said.s);
	free(ignored.s);
	free(names.s);
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
