/* tests/unit/test_driver.c: the whole tool in-process (driver_main), with thread creation made to
 * fail (linked with -Wl,--wrap=pthread_create): a run that cannot start its workers must still
 * check every file and give the same report, not wait forever (defect 7 of issue 11). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "driver.h"
#include "unit.h"

int __real_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
int __wrap_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

static int allowed = -1;   /* threads that may still start; -1: no limit */

int
__wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	if (allowed == 0)
		return EAGAIN;
	if (allowed > 0)
		allowed--;
	return __real_pthread_create(t, a, fn, arg);
}

/* Run "apc check -j 4 examples/ tests/corpus-like/" in a child with `threads` threads allowed, stdout to out.
 * Returns its exit status, or -1 if it did not end within 60 seconds or crashed. */
static int
run(int threads, const char *out)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), devnull = open("/dev/null", O_WRONLY);
		if (fd < 0 || devnull < 0)
			_exit(99);
		dup2(fd, 1);
		dup2(devnull, 2);
		alarm(60);
		allowed = threads;
		char a[][24] = { "apc", "check", "-j", "4", "--lang", "en", "examples/", "tests/corpus-like/" };
		char *argv[] = { a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL };
		_exit(driver_main(8, argv));
	}
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int
same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb, ca, cb;
	while (same && ((ca = getc(fa)) != EOF) | ((cb = getc(fb)) != EOF))
		same = ca == cb;
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

int
main(void)
{
	char dir[] = "/tmp/apc-driver-XXXXXX";
	if (mkdtemp(dir) == NULL)
		return 2;
	char want[64], none[64], one[64];
	snprintf(want, sizeof want, "%s/want", dir);
	snprintf(none, sizeof none, "%s/none", dir);
	snprintf(one, sizeof one, "%s/one", dir);
	int rc = run(-1, want);
	CHECK("driver-check-planted-errors", rc == 1);
	CHECK("driver-no-thread-ends", run(0, none) == rc);
	CHECK("driver-no-thread-same-report", same_file(want, none));
	CHECK("driver-one-thread-ends", run(1, one) == rc);
	CHECK("driver-one-thread-same-report", same_file(want, one));
	unlink(want);
	unlink(none);
	unlink(one);
	rmdir(dir);
	return unit_failed != 0;
}
