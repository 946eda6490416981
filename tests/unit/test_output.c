/* tests/unit/test_output.c: output_write (modes, links, devices, FIFOs), output_same_file, and
 * the clean-up of registered temporary files when a signal stops apc. */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "internal.h"
#include "unit.h"

static char top[256];

static char *
at(const char *rel)
{
	static char path[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(path[k], sizeof path[k], "%s/%s", top, rel);
	return path[k];
}

static int
wr(const char *rel, const char *text)
{
	char *err = NULL;
	int rc = output_write(at(rel), text, strlen(text), &err);
	free(err);
	return rc;
}

static mode_t
mode_of(const char *rel)
{
	struct stat st;
	return stat(at(rel), &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static char *
slurp(const char *rel)
{
	static char buf[256];
	buf[0] = '\0';
	FILE *f = fopen(at(rel), "r");
	if (f) {
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

/* No "*.apc-*" temporary left in top. */
static int
no_temporaries(void)
{
	DIR *d = opendir(top);
	struct dirent *e;
	int clean = 1;
	while (d && (e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".apc-"))
			clean = 0;
	if (d)
		closedir(d);
	return clean;
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(top, sizeof top, "%s/apc-unit-output-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(top))
		return 2;

	/* a new file: 0666 less the umask */
	mode_t old = umask(027);
	CHECK("output: new file written", wr("a.xml", "one") == 0 && strcmp(slurp("a.xml"), "one") == 0);
	CHECK("output: new file honours the umask", mode_of("a.xml") == 0640);
	umask(old);
	/* an existing file keeps its mode (not widened to 0644) */
	chmod(at("a.xml"), 0600);
	CHECK("output: replaced", wr("a.xml", "two") == 0 && strcmp(slurp("a.xml"), "two") == 0);
	CHECK("output: an existing 0600 file stays 0600", mode_of("a.xml") == 0600);

	/* a symbolic link given as the output: its target is written, the link stays */
	symlink("a.xml", at("link.xml"));
	CHECK("output: through a symlink", wr("link.xml", "three") == 0 && strcmp(slurp("a.xml"), "three") == 0);
	struct stat st;
	CHECK("output: the symlink stays a symlink", lstat(at("link.xml"), &st) == 0 && S_ISLNK(st.st_mode));
	symlink("new-target.xml", at("dangling.xml"));
	CHECK("output: a dangling symlink's target is created", wr("dangling.xml", "four") == 0
	    && strcmp(slurp("new-target.xml"), "four") == 0 && lstat(at("dangling.xml"), &st) == 0 && S_ISLNK(st.st_mode));

	/* devices and FIFOs are written through, never replaced */
	char *err = NULL;
	CHECK("output: /dev/null written through", output_write("/dev/null", "x", 1, &err) == 0);
	CHECK("output: /dev/null still a character device", stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	mkfifo(at("fifo.xml"), 0600);
	CHECK("output: a FIFO with no reader is refused, not waited on", wr("fifo.xml", "x") != 0);
	CHECK("output: the FIFO is still a FIFO", lstat(at("fifo.xml"), &st) == 0 && S_ISFIFO(st.st_mode));
	mkdir(at("dir.xml"), 0700);
	CHECK("output: a directory is refused", wr("dir.xml", "x") != 0);
	CHECK("output: no temporary file left", no_temporaries());

	/* output == input, by device and inode (a link to it too) */
	CHECK("output: same file", output_same_file(at("a.xml"), at("link.xml")));
	CHECK("output: not the same file", !output_same_file(at("new-target.xml"), at("a.xml")));
	CHECK("output: a missing output is not the input", !output_same_file(at("none.xml"), at("a.xml")));

	/* a signal removes the registered temporary files, then apc dies of it */
	int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	for (size_t i = 0; i < 4; i++) {
		char name[64];
		snprintf(name, sizeof name, "out.xml.apc-sig%zu", i);
		char *p = at(name);
		pid_t pid = fork();
		if (pid == 0) {
			output_signals_install();
			int fd = open(p, O_CREAT | O_WRONLY, 0600);
			close(fd);
			output_cleanup_add(p);
			raise(sigs[i]);
			_exit(0);
		}
		int status = 0;
		waitpid(pid, &status, 0);
		snprintf(name, sizeof name, "signal %d: the temporary file is removed", sigs[i]);
		CHECK(name, access(p, F_OK) != 0);
		snprintf(name, sizeof name, "signal %d: the status", sigs[i]);
		if (sigs[i] == SIGPIPE)
			CHECK(name, WIFEXITED(status) && WEXITSTATUS(status) == 2);
		else
			CHECK(name, WIFSIGNALED(status) && WTERMSIG(status) == sigs[i]);
	}

	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	if (system(cmd) != 0)
		return 2;
	return unit_failed ? 1 : 0;
}
