/* plot.c - write each figure's data and script, then run gnuplot on them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dse_output.h"
#include "plot_impl.h"

#define INSTALL_HINT "install the Debian package gnuplot-nox"

/* One file of one figure, for dse_file_write_atomic. */
struct figure_file {
	const struct plot_figure *fig;
	const struct plot_input *in;
	const struct plot_page *page;
	const char *path;
};

/* dse_writer of a figure's data file. */
static int write_data(FILE *f, void *arg, struct dse_error *err)
{
	const struct figure_file *ff = arg;

	return ff->fig->data(f, ff->in, ff->page) == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_EIO, "%s: write failed", ff->path);
}

/* dse_writer of a figure's script. */
static int write_script(FILE *f, void *arg, struct dse_error *err)
{
	const struct figure_file *ff = arg;

	return ff->fig->script(f, ff->fig, ff->in, ff->page) == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_EIO, "%s: write failed", ff->path);
}

/* Write dir/plot-<name>.<ext> atomically with one of the writers above. */
static int write_file(const char *dir, const char *ext, dse_writer writer,
		      struct figure_file *ff, struct dse_error *err)
{
	size_t n = strlen(dir) + strlen(ff->fig->name) + strlen(ext) + 8;
	char *path = malloc(n);
	int rc;

	if (path == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	snprintf(path, n, "%s/plot-%s.%s", dir, ff->fig->name, ext);
	ff->path = path;
	rc = dse_file_write_atomic(path, writer, ff, err);
	free(path);
	return rc;
}

/* Read the folder once, then write the data and script of each figure
   it has what to draw for (their bits in *wanted, when not NULL). */
static int write_figures(const char *dir, const char *outdir,
			 const struct dse_plot_options *opt, unsigned *wanted,
			 struct dse_stage **st, struct dse_error *err)
{
	struct plot_input in;
	struct plot_page page;
	const struct plot_figure *figs;
	size_t nfigs, i, k, designs = 0;
	int rc = plot_page_init(&page, opt, err);

	if (rc == DSE_OK)
		rc = plot_input_read(dir, &in, err);
	if (rc != DSE_OK)
		return rc;
	for (k = 0; k < in.nformats; k++)
		designs += in.frontier[k].n;
	if (in.has_frontier && designs == 0)
		rc = dse_error_set(err, DSE_EINFEASIBLE,
				   "%s/frontier.json: no feasible design to plot", dir);
	/* the folder read well: the files are made in a staging folder of
	   outdir, moved into it by the caller */
	if (rc == DSE_OK)
		rc = dse_stage_new(outdir, st, err);
	figs = plot_figures(&nfigs);
	for (i = 0; rc == DSE_OK && i < nfigs; i++) {
		struct figure_file ff = { &figs[i], &in, &page, NULL };

		if (!figs[i].wanted(&in))
			continue;
		if (wanted)
			*wanted |= 1u << i;

		rc = write_file(dse_stage_path(*st), "dat", write_data, &ff, err);
		if (rc == DSE_OK)
			rc = write_file(dse_stage_path(*st), "gp", write_script,
					&ff, err);
	}
	plot_input_free(&in);
	return rc;
}

/* The scripts and data of a folder's figures, without running gnuplot:
   made in a staging folder, moved into place together. */
int dse_plot_write(const char *dir, const char *outdir,
		   const struct dse_plot_options *opt, struct dse_error *err)
{
	struct dse_stage *st = NULL;
	int rc = write_figures(dir, outdir ? outdir : dir, opt, NULL, &st, err);

	if (rc == DSE_OK)
		rc = dse_stage_commit(st, err);
	dse_stage_free(st);
	return rc;
}

/* Why a program did not run: the step that failed and its errno. */
struct spawn_failure {
	enum { SPAWN_SYSTEM = 1, SPAWN_CHDIR, SPAWN_EXEC } step;
	int errnum;
};

/*
 * Run argv (searched in PATH) in folder dir (NULL: here) and wait for it;
 * quiet sends its output to /dev/null.  Returns 0 with *wstatus set, or -1
 * with *why filled: pipe, fork or wait failed (SPAWN_SYSTEM), or the child
 * could not enter dir or execute the program (its errno sent back through
 * a close-on-exec pipe).
 */
static int spawn_wait(const char *dir, char *const argv[], int quiet,
		      int *wstatus, struct spawn_failure *why)
{
	struct spawn_failure msg = { SPAWN_EXEC, 0 };
	int fd[2], devnull;
	ssize_t got;
	pid_t pid;

	why->step = SPAWN_SYSTEM;
	if (pipe(fd) != 0) {
		why->errnum = errno;
		return -1;
	}
	if (fcntl(fd[1], F_SETFD, FD_CLOEXEC) != 0 || (pid = fork()) < 0) {
		why->errnum = errno;
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	if (pid == 0) { /* child: only async-signal-safe calls until exec */
		sigset_t none;

		/* gnuplot gets the signals a program starts with, whatever
		   the caller blocked or ignored (dse blocks SIGINT, SIGTERM,
		   SIGHUP and ignores SIGPIPE, SIGXFSZ) */
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		close(fd[0]);
		if (quiet && (devnull = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(devnull, STDOUT_FILENO);
			dup2(devnull, STDERR_FILENO);
			if (devnull > STDERR_FILENO)
				close(devnull);
		}
		if (dir && chdir(dir) != 0)
			msg.step = SPAWN_CHDIR;
		else
			execvp(argv[0], argv);
		msg.errnum = errno;
		if (write(fd[1], &msg, sizeof msg) < 0)
			_exit(127);
		_exit(127);
	}
	close(fd[1]);
	do
		got = read(fd[0], &msg, sizeof msg);
	while (got < 0 && errno == EINTR);
	close(fd[0]);
	while (waitpid(pid, wstatus, 0) < 0)
		if (errno != EINTR) {
			why->errnum = errno;
			return -1;
		}
	if (got == (ssize_t)sizeof msg) {
		*why = msg;
		return -1;
	}
	return 0;
}

/*
 * The error of a program that did not run; `chosen` when the user named
 * it (--gnuplot), else the install hint goes with a missing gnuplot.
 */
static int spawn_error(const char *prog, int chosen, const char *dir,
		       const struct spawn_failure *why, struct dse_error *err)
{
	switch (why->step) {
	case SPAWN_SYSTEM:
		return dse_error_set(err, DSE_EEXTERNAL, "%s: cannot start: %s",
				     prog, strerror(why->errnum));
	case SPAWN_CHDIR:
		return dse_error_set(err, DSE_EIO, "%s: %s", dir,
				     strerror(why->errnum));
	default:
		break;
	}
	if (why->errnum == ENOENT) /* execvp searches PATH for a bare name */
		return dse_error_set(err, DSE_EEXTERNAL,
				     "%s: no such file%s%s; scripts and data are in %s",
				     prog, strchr(prog, '/') ? "" : " in PATH",
				     chosen ? "" : " (" INSTALL_HINT ")", dir);
	return dse_error_set(err, DSE_EEXTERNAL,
			     "%s: cannot run: %s%s; scripts and data are in %s",
			     prog, strerror(why->errnum),
			     chosen ? "" : " (" INSTALL_HINT ")", dir);
}

/*
 * Which formats to draw by default: PNG and SVG, and PDF when gnuplot has
 * the pdfcairo terminal.  *missing is set when prog cannot be executed.
 */
static unsigned default_formats(const char *prog, int *missing,
				struct spawn_failure *why)
{
	char *argv[] = { (char *)prog, (char *)"-e",
			 (char *)"set terminal pdfcairo", NULL };
	int wstatus = 0;

	if (spawn_wait(NULL, argv, 1, &wstatus, why) != 0) {
		*missing = why->step == SPAWN_EXEC;
		return DSE_PLOT_PNG | DSE_PLOT_SVG;
	}
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return DSE_PLOT_PNG | DSE_PLOT_SVG | DSE_PLOT_PDF;
	return DSE_PLOT_PNG | DSE_PLOT_SVG;
}

/* Run gnuplot on plot-<name>.gp in the staging folder stage; messages
   name the results folder dir; chosen as for spawn_error. */
static int render_one(const char *prog, int chosen, const char *stage,
		      const char *dir, const char *name, struct dse_error *err)
{
	char script[64];
	char *argv[] = { (char *)prog, script, NULL };
	struct spawn_failure why;
	int wstatus = 0;

	snprintf(script, sizeof script, "plot-%s.gp", name);
	if (spawn_wait(stage, argv, 0, &wstatus, &why) != 0)
		return spawn_error(prog, chosen, dir, &why, err);
	if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0)
		return DSE_OK;
	if (WIFSIGNALED(wstatus))
		return dse_error_set(err, DSE_EEXTERNAL,
				     "%s/%s: %s killed by signal %d", dir,
				     script, prog, WTERMSIG(wstatus));
	return dse_error_set(err, DSE_EEXTERNAL, "%s/%s: %s failed (exit status %d)",
			     dir, script, prog, WEXITSTATUS(wstatus));
}

/* Remove the images of the wanted figures from the staging folder. */
static void drop_images(const struct dse_stage *st, unsigned wanted)
{
	static const char *const exts[] = { "png", "svg", "pdf" };
	const struct plot_figure *figs;
	size_t nfigs, i, e;
	char name[96];

	figs = plot_figures(&nfigs);
	for (i = 0; i < nfigs; i++)
		for (e = 0; wanted & 1u << i && e < 3; e++) {
			char *path;

			snprintf(name, sizeof name, "plot-%s.%s", figs[i].name, exts[e]);
			if ((path = dse_path_join(dse_stage_path(st), name)) != NULL)
				unlink(path);
			free(path);
		}
}

/*
 * Write every script, then run gnuplot on each in turn, all in a staging
 * folder: the scripts, data and images move into dir together once every
 * figure is drawn.  When gnuplot is missing or fails, the scripts and data
 * (complete) still move there, for later or to see why, and no image does:
 * dir never holds half of a figure set.
 */
int dse_plot_render(const char *dir, const struct dse_plot_options *opt,
		    struct dse_error *err)
{
	static const struct dse_plot_options none = { NULL, 0, 0, 0, 0, 0 };
	int chosen = opt && opt->gnuplot;
	const char *prog = chosen ? opt->gnuplot : DSE_GNUPLOT;
	struct dse_plot_options o = opt ? *opt : none;
	struct spawn_failure why;
	const struct plot_figure *figs;
	size_t nfigs, i;
	struct dse_stage *st = NULL;
	unsigned wanted = 0;
	int rc, missing = 0, drawn;

	if (o.formats == 0)
		o.formats = default_formats(prog, &missing, &why);
	rc = write_figures(dir, dir, &o, &wanted, &st, err);
	if (rc != DSE_OK) {
		dse_stage_free(st);
		return rc;
	}
	if (missing) /* the scripts go there for later */
		rc = spawn_error(prog, chosen, dir, &why, err);
	figs = plot_figures(&nfigs);
	for (i = 0; rc == DSE_OK && i < nfigs; i++)
		if (wanted & 1u << i)
			rc = render_one(prog, chosen, dse_stage_path(st), dir,
					figs[i].name, err);
	drawn = rc == DSE_OK;
	if (!drawn)
		drop_images(st, wanted);
	/* the first error is the one to report */
	if (drawn)
		rc = dse_stage_commit(st, err);
	else
		(void)dse_stage_commit(st, NULL);
	dse_stage_free(st);
	return rc;
}
