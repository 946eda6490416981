/*
 * fop.c: PDF through Apache FOP. The XSL-FO is written to a private temporary directory, FOP
 * ($APC_FOP, else "fop" on PATH) runs on it with the given configuration, its log kept for the
 * message when it fails, and the PDF it writes is copied to the output with output_write.
 * FOP runs in a process group of its own, killed whole when its time (APC_FOP_TIMEOUT, checked)
 * is up or when apc is stopped by a signal (fop_signal_cleanup, from output.c's handler); the
 * temporary directory is registered for that handler's clean-up while it exists; one a
 * SIGKILL left behind is removed by the next run (fop_sweep).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define FOP_TIMEOUT 600                /* seconds */
#define FOP_TIMEOUT_MAX 86400          /* APC_FOP_TIMEOUT: at most a day */

/* The FOP executable: $APC_FOP, else "fop" on PATH. malloc'd, or NULL. */
char *
fop_find(void)
{
	const char *env = getenv("APC_FOP");
	if (env && *env)
		return access(env, X_OK) == 0 ? xstrdup(env) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path; *p;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		if (n) {
			char *cand = xasprintf("%.*s/fop", (int)n, p);
			if (access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
		p += n + (colon != NULL);
	}
	return NULL;
}

static int
read_all(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	strbuf sb = { 0 };
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_add(&sb, buf, n);
	int bad = ferror(f);
	fclose(f);
	*len = sb.len;
	*data = sb_take(&sb);
	if (bad) {
		free(*data);
		*data = NULL;
		return -1;
	}
	return 0;
}

/* The last lines of FOP's log that say something (SEVERE, ERROR, Exception), for a message. */
static char *
fop_complaint(const char *log_path)
{
	char *log = NULL;
	size_t len = 0;
	if (read_all(log_path, &log, &len) != 0 || len == 0) {
		free(log);
		return xstrdup("no output from fop");
	}
	strbuf sb = { 0 };
	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		if (strstr(line, "SEVERE") || strstr(line, "ERROR") || strstr(line, "Exception")
		    || strstr(line, "rror:")) {
			if (sb.len > 600)
				break;
			if (sb.len)
				sb_adds(&sb, "; ");
			sb_adds(&sb, line);
		}
	}
	if (!sb.len) {                      /* nothing marked: the end of the log */
		const char *tail = len > 400 ? log + len - 400 : log;
		sb_adds(&sb, tail);
	}
	free(log);
	return sb_take(&sb);
}

/* Process groups of the FOP runs in progress (0: free), for fop_signal_cleanup. */
#define FOP_GROUPS 512
static atomic_int fop_groups[FOP_GROUPS];

static int
group_add(pid_t pgid)
{
	for (int i = 0; i < FOP_GROUPS; i++) {
		int want = 0;
		if (atomic_compare_exchange_strong(&fop_groups[i], &want, (int)pgid))
			return i;
	}
	return -1;
}

void
fop_signal_cleanup(void)
{
	for (int i = 0; i < FOP_GROUPS; i++) {
		int g = atomic_load(&fop_groups[i]);
		if (g > 0)
			kill(-g, SIGKILL);
	}
}

/* FOP's time limit in seconds: FOP_TIMEOUT, or APC_FOP_TIMEOUT when it is a whole number from 1
 * to FOP_TIMEOUT_MAX. 0 (and *err) when APC_FOP_TIMEOUT is set to anything else. */
static long
fop_timeout(char **err)
{
	const char *tv = getenv("APC_FOP_TIMEOUT");
	if (!tv || !*tv)
		return FOP_TIMEOUT;
	char *end;
	errno = 0;
	long v = strtol(tv, &end, 10);
	if (errno || *end || tv[0] < '0' || tv[0] > '9' || v < 1 || v > FOP_TIMEOUT_MAX) {
		*err = xasprintf("APC_FOP_TIMEOUT must be a whole number of seconds from 1 to %d, not \"%.40s\"",
		    FOP_TIMEOUT_MAX, tv);
		return 0;
	}
	return v;
}

/* The start time of process pid (clock ticks after boot, /proc/PID/stat field 22): 0 when it
 * cannot be read. With the pid it names one process for good: a pid used again has another. */
static unsigned long long
proc_start(pid_t pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');       /* after the command name, which may hold anything */
	for (int field = 2; p != NULL && field < 22; field++)
		p = strchr(p + 1, ' ');
	return p != NULL ? strtoull(p + 1, NULL, 10) : 0;
}

/* A directory apc-fop-PID-START-XXXXXX in dir whose creator is gone: its process no longer
 * exists, or the pid belongs to a later process (another start time), or, where the start time
 * cannot be read (no /proc), it is older than any FOP run may last. A SIGKILL of apc leaves one
 * (nothing runs then), with the document's full text in it. */
static int
stale(const char *name, const struct stat *st)
{
	char *end;
	errno = 0;
	long pid = strtol(name + 8, &end, 10);
	if (errno || pid <= 0 || *end != '-')
		return 0;
	unsigned long long start = strtoull(end + 1, &end, 10);
	if (errno || *end != '-' || strlen(end + 1) != 6)
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 1;
	unsigned long long now = start != 0 ? proc_start((pid_t)pid) : 0;
	if (now != 0)
		return now != start;
	return time(NULL) - st->st_mtime > 2 * FOP_TIMEOUT_MAX;
}

/* Remove the stale FOP directories (stale) in tmp that are this user's: never through a
 * symbolic link (the entry is looked at with lstat and opened with O_NOFOLLOW, and must be the
 * same directory both times), only the files in it, then the directory if that left it empty.
 * Once a process. */
static void
fop_sweep(const char *tmp)
{
	static atomic_flag done = ATOMIC_FLAG_INIT;
	if (atomic_flag_test_and_set(&done))
		return;
	int tfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = tfd >= 0 ? fdopendir(tfd) : NULL;
	if (d == NULL) {
		if (tfd >= 0)
			close(tfd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct stat st, fst;
		if (strncmp(e->d_name, "apc-fop-", 8) != 0 ||
		    fstatat(tfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
		    st.st_uid != geteuid() || !stale(e->d_name, &st))
			continue;
		int fd = openat(tfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		DIR *sub = fd >= 0 ? fdopendir(fd) : NULL;
		if (sub == NULL) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino) {
			struct dirent *f;
			while ((f = readdir(sub)) != NULL)
				if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0)
					unlinkat(fd, f->d_name, 0);      /* a link is removed, never followed */
			unlinkat(tfd, e->d_name, AT_REMOVEDIR);
		}
		closedir(sub);
	}
	closedir(d);
}

static double
mono_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The child's side of the start, between fork and exec, so only async-signal-safe calls: a
 * process group of its own (the time limit and apc's signal handler kill the whole group),
 * killed by the kernel when apc dies, even by SIGKILL (PR_SET_PDEATHSIG survives exec, and
 * Debian's fop script execs java, so java is this process), apc's handlers back to their
 * defaults before any signal is let in, stdin from /dev/null, stdout and stderr to the log. */
static _Noreturn void
fop_child(const char *fop, char *const argv[], const char *log_path, pid_t parent)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		sigaction(sigs[i], &dfl, NULL);
	setpgid(0, 0);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);                     /* apc is already gone */
	int in = open("/dev/null", O_RDONLY);
	int log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (in < 0 || log < 0 || dup2(in, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
		_exit(127);
	if (in > 2)
		close(in);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(fop, argv, environ);
	_exit(127);
}

int
fop_run(const char *conf, const char *fo, size_t folen, const char *out_path, char **err)
{
	int rc = -1;
	char *fop = fop_find(), *dir = NULL, *fo_path = NULL, *pdf_path = NULL, *log_path = NULL;
	char *pdf = NULL;
	size_t pdflen = 0;
	int group = -1, slots[4] = { -1, -1, -1, -1 };
	long limit = fop_timeout(err);

	if (!limit)
		goto out;

	if (!fop) {
		*err = xstrdup("PDF output needs Apache FOP, which is not installed (Debian: apt-get install "
		    "fop fonts-liberation2; or set APC_FOP to its path). `-f fo` writes the XSL-FO for another "
		    "FO processor");
		goto out;
	}
	if (access(conf, R_OK) != 0) {
		*err = xasprintf("cannot read the FOP configuration %s", conf);
		goto out;
	}
	const char *tmp = getenv("TMPDIR");
	tmp = tmp && *tmp ? tmp : "/tmp";
	fop_sweep(tmp);
	/* named by its creator (pid and start time): a later run knows when it is stale */
	dir = xasprintf("%s/apc-fop-%ld-%llu-XXXXXX", tmp, (long)getpid(), proc_start(getpid()));
	if (!mkdtemp(dir)) {
		*err = xasprintf("cannot make a temporary directory %s: %s", dir, strerror(errno));
		free(dir);
		dir = NULL;
		goto out;
	}
	fo_path = xasprintf("%s/document.fo", dir);
	pdf_path = xasprintf("%s/document.pdf", dir);
	log_path = xasprintf("%s/fop.log", dir);
	/* removed if apc is stopped by a signal (the full text of the document is in there) */
	slots[0] = output_cleanup_add(dir);
	slots[1] = output_cleanup_add(fo_path);
	slots[2] = output_cleanup_add(pdf_path);
	slots[3] = output_cleanup_add(log_path);
	if (output_write(fo_path, fo, folen, err) != 0)
		goto out;

	char *const argv[] = { fop, (char *)"-q", (char *)"-c", (char *)conf, (char *)"-fo", fo_path,
	    (char *)"-pdf", pdf_path, NULL };
	/* no signal between the start and the registration: the handler must find the group */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		fop_child(fop, argv, log_path, parent);
	if (pid > 0) {
		setpgid(pid, pid);              /* as the child does: whichever runs first */
		group = group_add(pid);
	}
	int e = errno;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) {
		*err = xasprintf("cannot run %s: %s", fop, strerror(e));
		goto out;
	}
	int status;
	/* FOP gets FOP_TIMEOUT seconds (APC_FOP_TIMEOUT overrides): a hostile document must not
	 * hold a batch forever. */
	{
		struct timespec nap = { 0, 20 * 1000 * 1000 };
		double deadline = mono_now() + (double)limit;
		pid_t w;
		while ((w = waitpid(pid, &status, WNOHANG)) == 0 && mono_now() < deadline)
			nanosleep(&nap, NULL);
		if (w == 0) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			*err = xasprintf("fop took more than %ld seconds and was stopped", limit);
			goto out;
		}
		if (w < 0) {
			*err = xasprintf("cannot wait for fop: %s", strerror(errno));
			goto out;
		}
		kill(-pid, SIGKILL);            /* anything FOP left behind in its group */
	}
	struct stat st;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || stat(pdf_path, &st) != 0 || st.st_size == 0) {
		char *why = fop_complaint(log_path);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && why[0] == '\0')
			*err = xasprintf("cannot run %s", fop);
		else if (WIFSIGNALED(status))
			*err = xasprintf("fop was killed by signal %d: %s", WTERMSIG(status), why);
		else
			*err = xasprintf("fop failed (exit %d): %s", WIFEXITED(status) ? WEXITSTATUS(status) : -1, why);
		free(why);
		goto out;
	}
	if (read_all(pdf_path, &pdf, &pdflen) != 0) {
		*err = xasprintf("cannot read the PDF fop wrote: %s", strerror(errno));
		goto out;
	}
	rc = output_write(out_path, pdf, pdflen, err);
out:
	if (group >= 0)
		atomic_store(&fop_groups[group], 0);
	if (dir) {
		unlink(fo_path);
		unlink(pdf_path);
		unlink(log_path);
		rmdir(dir);
	}
	for (int i = 3; i >= 0; i--)
		output_cleanup_remove(slots[i]);
	free(pdf);
	free(fop);
	free(dir);
	free(fo_path);
	free(pdf_path);
	free(log_path);
	return rc;
}
