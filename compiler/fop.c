/*
 * fop.c: PDF through Apache FOP. The XSL-FO is written to a private temporary directory, FOP
 * ($APC_FOP, else "fop" on PATH) runs on it with the given configuration, its log kept for the
 * message when it fails, and the PDF it writes is copied to the output with output_write.
 * FOP runs in a process group of its own, killed whole when its time (APC_FOP_TIMEOUT, checked)
 * is up or when apc is stopped by a signal (fop_signal_cleanup, from output.c's handler); the
 * temporary directory is registered for that handler's clean-up while it exists; one a
 * SIGKILL left behind is removed by the next run (fop_sweep).
 *
 * Memory: Java's default heap is a quarter of the machine's memory, and a tagged PDF (the
 * accessibility structure fop.xconf asks for) holds a structure element for every cell until
 * the document ends (the charts of a task each, which FOP held whole as SVG, are left out of
 * the PDF of a long appendix: fo.xsl). So FOP always gets a bounded heap (fop_plan): APC_FOP_HEAP, else a -Xmx the
 * user gave in JAVA_ARGS or FOP_OPTS, else one sized from the XSL-FO, up to a ceiling; it is
 * passed in both JAVA_ARGS (Debian's wrapper) and FOP_OPTS (upstream's script). A document whose
 * table rows would not fit a tagged PDF in that heap is rendered untagged (a copy of the
 * configuration with accessibility off) and the caller says so; below that, FOP runs as it
 * always did. An OutOfMemoryError in FOP's log becomes a message that says what to do.
 *
 * The heap is per FOP, and a tree render or `serve` with -j N renders N documents at once: N
 * FOPs could hold N times the ceiling. So one apc runs at most fop_slots() FOPs at a time (a
 * counting semaphore; the others wait their turn): APC_FOP_JOBS (1 to FOP_JOBS_MAX) when set,
 * else as many heaps at the ceiling as fit in half the memory, at least one (4 GB: 2; 24 GB: 5).
 * How the last run in this thread failed (FOP missing, out of time, out of memory) is kept for
 * `serve`, which answers each with its own status (fop_last_failure).
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

/* FOP's Java heap in MB: a floor, and so much more per MB of XSL-FO, up to a ceiling (or a
 * quarter of the memory, if less), and at least what a tagged PDF needs, if that fits. Measured
 * with tests/render/fop-scale.py (see FOP_TAGGED_*). The JVM's resident memory follows the heap
 * it is let have, so the heap is not made larger than the document asks. */
#define FOP_HEAP_FLOOR 256
#define FOP_HEAP_PER_MB 32
#define FOP_HEAP_CEILING 2048
#define FOP_HEAP_MIN 64                /* APC_FOP_HEAP: from 64 MB */
#define FOP_HEAP_MAX (1L << 20)        /* to 1 TB */
/* What a tagged PDF needs: a base, and so many KB a table row. FOP keeps the structure tree
 * (an element for every cell) to the end of the document; tests/render/long-appendix.py's
 * rows, tagged, rendered in 256 MB at 2,500 rows and in 1 GB at 20,000 (about 650 MB used). */
#define FOP_TAGGED_BASE 128
#define FOP_TAGGED_ROW_KB 40

#define FOP_JOBS_MAX 256               /* APC_FOP_JOBS: at most */

extern char **environ;

/* The FOPs running in this process, and how the last run of each thread failed. */
static pthread_mutex_t fop_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fop_turn = PTHREAD_COND_INITIALIZER;
static int fop_running;
static _Thread_local fop_failure fop_last;

fop_failure
fop_last_failure(void)
{
	fop_failure f = fop_last;
	fop_last = FOP_OK;      /* said once: a later render that fails before FOP is not this */
	return f;
}

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

/* The Java heap ceiling in MB: FOP_HEAP_CEILING, or a quarter of the memory if less. */
static unsigned long long
heap_ceiling(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	unsigned long long ceiling = FOP_HEAP_CEILING, quarter;
	if (pages > 0 && size > 0) {
		quarter = ((unsigned long long)pages * (unsigned long long)size >> 20) / 4;
		if (quarter < ceiling)
			ceiling = quarter > FOP_HEAP_MIN ? quarter : FOP_HEAP_MIN;
	}
	return ceiling;
}

/* How many FOPs may run at once (see the top): APC_FOP_JOBS, else from the memory. 0 (and
 * *err) when APC_FOP_JOBS is set to anything but a whole number from 1 to FOP_JOBS_MAX. */
static int
fop_slots(char **err)
{
	const char *jv = getenv("APC_FOP_JOBS");
	if (jv && *jv) {
		char *end;
		errno = 0;
		long v = strtol(jv, &end, 10);
		if (errno || *end || jv[0] < '0' || jv[0] > '9' || v < 1 || v > FOP_JOBS_MAX) {
			*err = xasprintf("APC_FOP_JOBS must be a whole number from 1 to %d, not \"%.40s\"",
			    FOP_JOBS_MAX, jv);
			return 0;
		}
		return (int)v;
	}
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || size <= 0)
		return 1;
	unsigned long long half = ((unsigned long long)pages * (unsigned long long)size >> 20) / 2;
	unsigned long long n = half / heap_ceiling();
	return n < 1 ? 1 : n > FOP_JOBS_MAX ? FOP_JOBS_MAX : (int)n;
}

/* Wait for a turn to run FOP (at most slots at once); fop_leave gives it back. */
static void
fop_enter(int slots)
{
	pthread_mutex_lock(&fop_mu);
	while (fop_running >= slots)
		pthread_cond_wait(&fop_turn, &fop_mu);
	fop_running++;
	pthread_mutex_unlock(&fop_mu);
}

static void
fop_leave(void)
{
	pthread_mutex_lock(&fop_mu);
	fop_running--;
	pthread_cond_broadcast(&fop_turn);
	pthread_mutex_unlock(&fop_mu);
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

/* A size as Java and APC_FOP_HEAP write it: digits, then k, m, g or t (either case), or
 * nothing (then the digits count units of bare bytes). In MB (rounded down), with *end after
 * it; -1 when it is not a size or passes a petabyte. */
static long
size_mb(const char *s, const char **end, unsigned long long bare)
{
	if (*s < '0' || *s > '9')
		return -1;
	char *e;
	errno = 0;
	unsigned long long v = strtoull(s, &e, 10), unit = bare;
	if (errno)
		return -1;
	switch (*e) {
	case 'k': case 'K': unit = 1ULL << 10; e++; break;
	case 'm': case 'M': unit = 1ULL << 20; e++; break;
	case 'g': case 'G': unit = 1ULL << 30; e++; break;
	case 't': case 'T': unit = 1ULL << 40; e++; break;
	default: break;
	}
	if (v > (1ULL << 50) / unit)
		return -1;
	*end = e;
	return (long)((v * unit) >> 20);
}

/* The largest heap Java options v give (-Xmx or -XX:MaxHeapSize=), in MB: 0 when they name
 * none, -1 when one is in a form not read. */
static long
options_heap(const char *v)
{
	long heap = 0;
	for (const char *p = v; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(p, " \t");
		const char *arg = NULL, *end;
		if (strncmp(p, "-Xmx", 4) == 0)
			arg = p + 4;
		else if (strncmp(p, "-XX:MaxHeapSize=", 16) == 0)
			arg = p + 16;
		if (arg) {
			long mb = size_mb(arg, &end, 1);
			if (mb < 0 || end != p + n)
				return -1;
			if (mb == 0)
				mb = 1;                 /* named, if less than a MB */
			if (mb > heap)
				heap = mb;
		}
		p += n;
	}
	return heap;
}

/* The heap the user's own JAVA_ARGS or FOP_OPTS gives Java, as options_heap says. */
static long
user_heap(void)
{
	long a = options_heap(getenv("JAVA_ARGS")), b = options_heap(getenv("FOP_OPTS"));
	return a < 0 || b < 0 ? -1 : a > b ? a : b;
}

/* The rows of the XSL-FO's tables (fo:table-row elements, headers included). */
static size_t
fo_rows(const char *fo, size_t len)
{
	static const char tag[] = "<fo:table-row";
	size_t n = 0;
	for (const char *p = fo, *end = fo + len; (p = memmem(p, (size_t)(end - p), tag, sizeof tag - 1)) != NULL;
	    p += sizeof tag - 1)
		n++;
	return n;
}

/* How FOP runs on fo[0..len): info->heap_mb, the Java heap it gets, and info->untagged, when
 * its table rows (info->rows) would not fit a tagged PDF in it. The heap is APC_FOP_HEAP (MB,
 * or with k, m, g, t), else what the user's JAVA_ARGS or FOP_OPTS says, else FOP_HEAP_FLOOR
 * plus FOP_HEAP_PER_MB a MB of XSL-FO, at least what a tagged PDF needs, at most
 * FOP_HEAP_CEILING or a quarter of the memory. *pass: apc passes the heap to Java (not when
 * the user's own -Xmx could not be read). 0, or -1 with *err when APC_FOP_HEAP is not a size. */
static int
fop_plan(const char *fo, size_t len, fop_info *info, int *pass, char **err)
{
	const char *hv = getenv("APC_FOP_HEAP"), *end;
	long heap, user = user_heap();
	info->rows = fo_rows(fo, len);
	unsigned long long need = FOP_TAGGED_BASE + ((unsigned long long)info->rows * FOP_TAGGED_ROW_KB >> 10);
	*pass = 1;
	if (hv && *hv) {
		heap = size_mb(hv, &end, 1ULL << 20);
		if (heap < FOP_HEAP_MIN || heap > FOP_HEAP_MAX || *end) {
			*err = xasprintf("APC_FOP_HEAP must be a size from %dm to %ldg (4096, 4096m, 4g), not \"%.40s\"",
			    FOP_HEAP_MIN, FOP_HEAP_MAX >> 10, hv);
			return -1;
		}
	} else if (user != 0) {
		heap = user > 0 ? user : FOP_HEAP_CEILING;
		*pass = user > 0;
	} else {
		unsigned long long ceiling = heap_ceiling(), want;
		want = FOP_HEAP_FLOOR + (unsigned long long)len * FOP_HEAP_PER_MB / (1ULL << 20);
		if (want < need)
			want = need;
		heap = (long)(want < ceiling ? want : ceiling);
	}
	info->heap_mb = heap;
	info->tagged_mb = (long)need;
	info->untagged = need > (unsigned long long)heap;
	return 0;
}

/* The environment FOP runs in: apc's, with -Xmx<heap>m at the end of JAVA_ARGS and of
 * FOP_OPTS (what the user put there kept before it), but not in one whose own heap is kept
 * (keep: no APC_FOP_HEAP, and the user named one there). Nothing added when !pass.
 * NULL-terminated, each string malloc'd (env_free). Built before the fork: the child may not
 * allocate. */
static char **
fop_environ(long heap, int pass)
{
	static const char *const vars[] = { "JAVA_ARGS", "FOP_OPTS" };
	const char *hv = getenv("APC_FOP_HEAP");
	int keep = hv == NULL || *hv == '\0';
	size_t n = 0, k = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 3, sizeof *env);
	for (size_t i = 0; i < n; i++)
		if (!pass || (strncmp(environ[i], "JAVA_ARGS=", 10) != 0 && strncmp(environ[i], "FOP_OPTS=", 9) != 0))
			env[k++] = xstrdup(environ[i]);
	for (size_t i = 0; pass && i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (keep && options_heap(v) > 0)
			env[k++] = xasprintf("%s=%s", vars[i], v);
		else
			env[k++] = xasprintf("%s=%s%s-Xmx%ldm", vars[i], v ? v : "", v && *v ? " " : "", heap);
	}
	return env;
}

static void
env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

/* The configuration conf with accessibility off, written to path (an untagged PDF): 0, or -1
 * with *err. */
static int
untagged_conf(const char *conf, const char *path, char **err)
{
	static const char on[] = "<accessibility>true</accessibility>";
	char *text = NULL, *at;
	size_t len = 0;
	int rc = -1;
	if (read_all(conf, &text, &len) != 0) {
		*err = xasprintf("cannot read the FOP configuration %s", conf);
		goto out;
	}
	if ((at = strstr(text, on)) == NULL) {          /* nothing to turn off */
		rc = output_write(path, text, len, err);
		goto out;
	}
	char *off = xasprintf("%.*s<accessibility>false</accessibility>%s", (int)(at - text), text, at + sizeof on - 1);
	rc = output_write(path, off, strlen(off), err);
	free(off);
out:
	free(text);
	return rc;
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
fop_child(const char *fop, char *const argv[], char *const env[], const char *log_path, pid_t parent)
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
	execve(fop, argv, env);
	_exit(127);
}

int
fop_run(const char *conf, const char *fo, size_t folen, const char *out_path, apc_lang lang,
    fop_info *info, char **err)
{
	int rc = -1;
	char *fop = fop_find(), *dir = NULL, *fo_path = NULL, *pdf_path = NULL, *log_path = NULL;
	char *conf_path = NULL, *pdf = NULL, **env = NULL;
	size_t pdflen = 0;
	int group = -1, pass = 0, slots[5] = { -1, -1, -1, -1, -1 }, turns, turn = 0;
	long limit;

	memset(info, 0, sizeof *info);
	fop_last = FOP_FAILED;
	if (!(limit = fop_timeout(err)) || !(turns = fop_slots(err)) || fop_plan(fo, folen, info, &pass, err) != 0)
		goto out;

	if (!fop) {
		fop_last = FOP_MISSING;
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
	conf_path = info->untagged ? xasprintf("%s/fop.xconf", dir) : xstrdup(conf);
	/* removed if apc is stopped by a signal (the full text of the document is in there) */
	slots[0] = output_cleanup_add(dir);
	slots[1] = output_cleanup_add(fo_path);
	slots[2] = output_cleanup_add(pdf_path);
	slots[3] = output_cleanup_add(log_path);
	if (info->untagged)
		slots[4] = output_cleanup_add(conf_path);
	if (output_write(fo_path, fo, folen, err) != 0
	    || (info->untagged && untagged_conf(conf, conf_path, err) != 0))
		goto out;

	char *const argv[] = { fop, (char *)"-q", (char *)"-c", conf_path, (char *)"-fo", fo_path,
	    (char *)"-pdf", pdf_path, NULL };
	env = fop_environ(info->heap_mb, pass);
	fop_enter(turns);       /* at most `turns` FOPs, each with its heap, at once */
	turn = 1;
	/* no signal between the start and the registration: the handler must find the group */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		fop_child(fop, argv, env, log_path, parent);
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
			fop_last = FOP_TIMED_OUT;
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
		if (strstr(why, "OutOfMemoryError")) {
			*err = xasprintf(msg_fmt(lang, M_FOP_OUT_OF_MEMORY), info->heap_mb, info->heap_mb * 2);
			fop_last = FOP_OUT_OF_MEMORY;
		}
		else if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && why[0] == '\0')
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
	if (rc == 0)
		fop_last = FOP_OK;
out:
	if (group >= 0)
		atomic_store(&fop_groups[group], 0);
	if (turn)
		fop_leave();
	if (dir) {
		unlink(fo_path);
		unlink(pdf_path);
		unlink(log_path);
		if (info->untagged)
			unlink(conf_path);
		rmdir(dir);
	}
	for (int i = 4; i >= 0; i--)
		output_cleanup_remove(slots[i]);
	env_free(env);
	free(conf_path);
	free(pdf);
	free(fop);
	free(dir);
	free(fo_path);
	free(pdf_path);
	free(log_path);
	return rc;
}
