/* signals.c - the dse process's signals, standard streams and stdout errors. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/*
 * Signals that end a run: its temporaries and the folders it made are
 * removed first (dse_cleanup_run), then the process dies of the signal,
 * so the shell sees 128 + signal (130, 143, 129).
 */
static const int ending[] = { SIGINT, SIGTERM, SIGHUP };

/* Wait for an ending signal, clean up, die of it. */
static void *wait_signal(void *arg)
{
	sigset_t *set = arg, one;
	int sig = 0;

	while (sigwait(set, &sig) != 0)
		;
	dse_cleanup_run();
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig); /* not reached: the default action ends the process */
}

/* Block the ending signals in every thread and handle them on one of its own. */
int cli_signals_start(void)
{
	static sigset_t set;
	struct sigaction old;
	pthread_t thread;
	size_t i;

	/* a write past the file-size limit or to a closed pipe then fails
	   with EFBIG or EPIPE, reported like any write error */
	signal(SIGXFSZ, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	for (i = 0; i < sizeof ending / sizeof ending[0]; i++)
		/* one ignored by whoever started dse (nohup, a background
		   job's SIGINT) stays ignored */
		if (sigaction(ending[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaddset(&set, ending[i]);
	/* before any thread: the sweep's workers inherit the mask */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	if (pthread_create(&thread, NULL, wait_signal, &set) != 0) {
		pthread_sigmask(SIG_UNBLOCK, &set, NULL);
		return -1;
	}
	pthread_detach(thread);
	return 0;
}

/*
 * Keep descriptors 0, 1 and 2 taken: if dse starts with one closed
 * (`>&-`), a file it creates would get that number and receive its
 * output.  A closed one is reopened on /dev/null read-only, so writes to
 * it still fail (EBADF) and are reported.
 */
void cli_std_streams_guard(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			if (open("/dev/null", O_RDONLY) < 0)
				return;
}

/* "stdout: write failed: reason" from the errno of the failed write. */
int cli_stdout_error(struct dse_error *err)
{
	return dse_error_set(err, DSE_EIO, "stdout: write failed: %s",
			     strerror(errno ? errno : EIO));
}

/* Flush stdout: DSE_OK, or DSE_EIO with "stdout: write failed: reason". */
int cli_stdout_flush(struct dse_error *err)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_stdout_error(err);
	return DSE_OK;
}

/* Exit code after closing stdout: a write error makes a success exit 1. */
int cli_stdout_close(int code)
{
	struct dse_error err = { 0, "" };
	int bad = ferror(stdout);

	errno = 0;
	if (fclose(stdout) != 0 || bad) {
		if (code != 0) /* the run already failed and said why */
			return code;
		cli_stdout_error(&err);
		return cli_fail(&err);
	}
	return code;
}
