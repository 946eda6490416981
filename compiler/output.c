/*
 * output.c: every file apc writes, and what happens to half-made ones when apc is stopped.
 *
 * output_write puts data at a path so that a failed or interrupted run never leaves a partial
 * file and never replaces what should not be replaced:
 *   - a regular file (or a path that does not exist yet) is written through a temporary file
 *     beside it, renamed into place; the new file gets 0666 less the umask, a file that existed
 *     keeps its mode (a 0600 file stays 0600);
 *   - a symbolic link given as the output is followed: its target is written, the link stays;
 *   - a character device (/dev/null, a terminal) or a FIFO with a reader is written through,
 *     never replaced; a FIFO without a reader, a block device, a socket or a directory is refused.
 * output_same_file tells whether an output would overwrite an input (same device and inode).
 *
 * Clean-up: each temporary file (and FOP's temporary directory, see fop.c) is registered in a
 * fixed table while it exists. output_signals_install catches SIGINT, SIGTERM and SIGHUP: the
 * handler removes what is registered, stops FOP's process groups (fop_signal_cleanup), and dies
 * of the same signal. SIGPIPE (stdout closed early, as `apc check | head -1` does) cleans up and
 * exits 2, the status of a run that failed: 0, 1 and 2 are the only statuses apc documents.
 * SIGXFSZ (a file size limit) is ignored: the write fails with EFBIG and is said.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

/* ---- the clean-up table: async-signal-safe to read ---- */

#define CLEANUP_SLOTS 512             /* > the 256 jobs -j allows, each with one temporary */

enum { SLOT_FREE, SLOT_CLAIMED, SLOT_LIVE };
static atomic_int slot_state[CLEANUP_SLOTS];
static char slot_path[CLEANUP_SLOTS][PATH_MAX];

int
output_cleanup_add(const char *path)
{
	size_t n = strlen(path);
	if (n >= PATH_MAX)
		return -1;
	for (int i = 0; i < CLEANUP_SLOTS; i++) {
		int want = SLOT_FREE;
		if (atomic_compare_exchange_strong(&slot_state[i], &want, SLOT_CLAIMED)) {
			memcpy(slot_path[i], path, n + 1);
			atomic_store(&slot_state[i], SLOT_LIVE);
			return i;
		}
	}
	return -1;                         /* table full: the file is still removed on failure */
}

void
output_cleanup_remove(int slot)
{
	if (slot >= 0 && slot < CLEANUP_SLOTS)
		atomic_store(&slot_state[slot], SLOT_FREE);
}

/* Remove every registered path: files first, then (emptied) directories. Async-signal-safe. */
static void
cleanup_all(void)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < CLEANUP_SLOTS; i++)
			if (atomic_load(&slot_state[i]) == SLOT_LIVE) {
				if (pass == 0)
					unlink(slot_path[i]);
				else
					rmdir(slot_path[i]);
			}
}

/* Dying: set first thing by the handler, so no temporary file is begun after it; creating: the
 * threads between registering a temporary and having it on disk, which the handler waits for
 * (other threads run on while it does), so that every file it removes is already there. */
static atomic_int dying, creating;

static void
on_signal(int sig)
{
	atomic_store(&dying, 1);
	struct timespec pause = { 0, 5000000 };
	for (int i = 0; i < 200 && atomic_load(&creating) > 0; i++)   /* at most a second: the */
		nanosleep(&pause, NULL);                                   /* thread may be this one */
	cleanup_all();
	fop_signal_cleanup();
	if (sig == SIGPIPE)
		_exit(2);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);   /* blocked while its handler runs */
	raise(sig);
	_exit(2);
}

/* The umask, read once: new files get 0666 less it. */
static mode_t saved_umask;
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;

static void
read_umask(void)
{
	saved_umask = umask(022);          /* umask can only be read by setting it */
	umask(saved_umask);
}

void
output_signals_install(void)
{
	/* the umask too, while apc has one thread (helgrind, make helgrind, does not see that
	 * pthread_once orders a worker's read after another worker's first call) */
	pthread_once(&umask_once, read_umask);
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);           /* one clean-up at a time */
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;
		/* a signal ignored by whoever started apc (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN && sigs[i] != SIGPIPE)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	/* past a file size limit (ulimit -f) a write fails with EFBIG, said and cleaned up as any
	 * failed write, instead of SIGXFSZ killing apc with a status it does not document and
	 * its temporary file left beside the output */
	signal(SIGXFSZ, SIG_IGN);
}

/* ---- writing ---- */

int
output_same_file(const char *out, const char *in)
{
	struct stat a, b;
	if (!out || !in || strcmp(out, "-") == 0)
		return 0;
	return stat(out, &a) == 0 && stat(in, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int
write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

/* Write through to a character device or a FIFO that has a reader. */
static int
write_through(const char *path, const struct stat *st, const char *data, size_t len, char **err)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0));
	if (fd < 0) {
		if (errno == ENXIO)
			*err = xasprintf("cannot write %s: a FIFO with no reader", path);
		else
			*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISFIFO(st->st_mode))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	int rc = write_all(fd, data, len);
	if (rc != 0)
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
	if (close(fd) != 0 && rc == 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/* A new file "REAL.apc-XXXXXX" beside real, opened for writing (mode 0600): its name is put in the
 * clean-up table before the file exists, and the signal handler waits for it to be on disk, so a
 * signal at any moment leaves nothing behind (with mkostemp the file existed before the table
 * knew it, and a thread could make one after the handler had cleaned up). The fd, *tmp and
 * *slot; or -1 and errno (EINTR once a signal is being handled). */
static int
temp_beside(const char *real, char **tmp, int *slot)
{
	static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static atomic_uint seq;
	atomic_fetch_add(&creating, 1);
	if (atomic_load(&dying)) {
		atomic_fetch_sub(&creating, 1);
		errno = EINTR;
		return -1;
	}
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
			unsigned v = (unsigned)getpid() * 2654435761u ^ atomic_fetch_add(&seq, 1) * 40503u;
			for (size_t k = 0; k < sizeof r; k++, v = v * 1103515245u + 12345u)
				r[k] = (unsigned char)(v >> 16);
		}
		char suf[sizeof r + 1];
		for (size_t k = 0; k < sizeof r; k++)
			suf[k] = al[r[k] % (sizeof al - 1)];
		suf[sizeof r] = '\0';
		char *t = xasprintf("%s.apc-%s", real, suf);
		int s = output_cleanup_add(t);
		int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0) {
			atomic_fetch_sub(&creating, 1);
			*tmp = t;
			*slot = s;
			return fd;
		}
		int e = errno;
		output_cleanup_remove(s);
		free(t);
		if (e != EEXIST) {
			atomic_fetch_sub(&creating, 1);
			errno = e;
			return -1;
		}
	}
	atomic_fetch_sub(&creating, 1);
	errno = EEXIST;
	return -1;
}

/* The path a dangling symbolic link points at (resolved relative to the link's directory,
 * through at most 40 links). malloc'd, or NULL. */
static char *
dangling_target(const char *path)
{
	char *cur = xstrdup(path);
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (lstat(cur, &st) != 0)
			return cur;                 /* does not exist: this is where to write */
		if (!S_ISLNK(st.st_mode))
			break;
		char buf[PATH_MAX];
		ssize_t n = readlink(cur, buf, sizeof buf - 1);
		if (n < 0)
			break;
		buf[n] = '\0';
		char *next;
		const char *slash = strrchr(cur, '/');
		if (buf[0] == '/' || !slash)
			next = xstrdup(buf);
		else
			next = xasprintf("%.*s/%s", (int)(slash - cur), cur, buf);
		free(cur);
		cur = next;
	}
	free(cur);
	return NULL;
}

int
output_write(const char *path, const char *data, size_t len, char **err)
{
	int rc = -1, fd = -1, slot = -1;
	char *real = NULL, *tmp = NULL;
	struct stat st;
	int exists;

	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			*err = xstrdup("cannot write to standard output");
			return -1;
		}
		return 0;
	}
	pthread_once(&umask_once, read_umask);
	exists = stat(path, &st) == 0;
	if (exists && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)))
		return write_through(path, &st, data, len, err);
	if (exists && S_ISDIR(st.st_mode)) {
		*err = xasprintf("cannot write %s: it is a directory", path);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		*err = xasprintf("cannot write %s: not a regular file, a character device or a FIFO", path);
		return -1;
	}
	if (exists)
		real = realpath(path, NULL);    /* a symbolic link: replace its target, keep the link */
	else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = dangling_target(path);
	else
		real = xstrdup(path);
	if (!real) {
		*err = xasprintf("cannot write %s: %s", path, errno ? strerror(errno) : "too many symbolic links");
		goto out;
	}
	fd = temp_beside(real, &tmp, &slot);
	if (fd < 0) {
		*err = xasprintf("cannot create a temporary file beside %s: %s", path, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) != 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	if (exists) {
		fchmod(fd, st.st_mode & 07777);
		if (geteuid() == 0)              /* best effort: the mode is what protects it */
			(void)!fchown(fd, st.st_uid, st.st_gid);
	} else
		fchmod(fd, 0666 & ~saved_umask);
	int c = close(fd);
	fd = -1;
	if (c != 0 || rename(tmp, real) != 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	output_cleanup_remove(slot);
	free(tmp);
	free(real);
	return rc;
}
