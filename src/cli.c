/* cli.c - option parsing shared by the dse subcommands. */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "paths.h"

int cli_argc;
char **cli_argv;

const char cli_setting_help[] =
	"  --tech NAME|FILE       technology: n7, n16, n28, toy or a JSON file [n7]\n"
	"  --workload NAME|FILE   lstm, gru, mlp[:W0,W1,..], gemm[:N,K[,ROWS]], bert,\n"
	"                         an installed one by name (attention) or a JSON file [lstm]\n"
	"  --area-mm2 A           area budget, mm2 [300]\n"
	"  --power-w P            power budget (peak), W [75]\n"
	"  --sram-mb S            on-chip SRAM holding the weights, MB (2^20 B) [75]\n";

/* Exit code of a library status: 0, 2, 3, 4, or 1 for the rest. */
int cli_exit_code(int status)
{
	switch (status) {
	case DSE_OK: return 0;
	case DSE_EUSAGE: return EXIT_USAGE;
	case DSE_EINPUT: return EXIT_INPUT;
	case DSE_EINFEASIBLE: return EXIT_INFEASIBLE;
	default: return EXIT_INTERNAL;
	}
}

/* Print "dse: <message>" (or the status name) on stderr; returns the exit code. */
int cli_fail(const struct dse_error *err)
{
	fprintf(stderr, "dse: %s\n", err->msg[0] ? err->msg :
				     dse_strerror(err->status));
	return cli_exit_code(err->status);
}

/* arg as an unsigned whole number in [lo, hi]; DSE_EUSAGE naming flag otherwise. */
int cli_uint(const char *flag, const char *arg, unsigned long lo,
	     unsigned long hi, unsigned long *out, struct dse_error *err)
{
	unsigned long long v;

	if (dse_uint_parse(arg, hi, &v) != DSE_OK || v < lo)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a whole number in %lu..%lu",
				     flag, arg, lo, hi);
	*out = (unsigned long)v;
	return DSE_OK;
}

/* arg as a finite number in [lo, hi] or (lo, hi]; DSE_EUSAGE naming flag otherwise. */
int cli_double(const char *flag, const char *arg, double lo, int lo_open,
	       double hi, double *out, struct dse_error *err)
{
	double v;

	if (dse_number_parse(arg, &v) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite decimal number",
				     flag, arg);
	if (v < lo || (lo_open && v <= lo) || v > hi)
		return dse_error_set(err, DSE_EUSAGE, "%s: %s is outside %s%g, %g]",
				     flag, arg, lo_open ? "(" : "[", lo, hi);
	*out = v;
	return DSE_OK;
}

/* Store a --tech, --workload or budget flag in s: 1 if taken, 0 if not, <0 on error. */
int cli_setting_option(struct cli_setting *s, int opt, const char *arg,
		       struct dse_error *err)
{
	int rc;

	switch (opt) {
	case OPT_TECH:
		s->tech = arg;
		return 1;
	case OPT_WORKLOAD:
		s->workload = arg;
		return 1;
	case OPT_AREA:
		rc = cli_double("--area-mm2", arg, 0, 1, DSE_AREA_MAX_MM2,
				&s->budget.area_mm2, err);
		break;
	case OPT_POWER:
		rc = cli_double("--power-w", arg, 0, 1, DSE_POWER_MAX_W,
				&s->budget.power_w, err);
		break;
	case OPT_SRAM:
		rc = cli_double("--sram-mb", arg, 0, 1, DSE_SRAM_MAX_MB,
				&s->budget.sram_mb, err);
		break;
	default:
		return 0;
	}
	return rc == DSE_OK ? 1 : rc;
}

/* A bad name: usage when a flag gave it, bad input when a file did. */
static int blame(int rc, const char *from, struct dse_error *err)
{
	if (rc != DSE_EUSAGE)
		return rc;
	dse_error_prefix(err, from);
	if (strncmp(from, "--", 2) != 0)
		rc = err->status = DSE_EINPUT;
	return rc;
}

/* Load s's technology, then its workload; the technology is freed if that fails. */
int cli_setting_load(const struct cli_setting *s, const char *tech_from,
		     const char *workload_from, struct dse_tech **tech,
		     struct dse_workload **wl, struct dse_error *err)
{
	int rc = blame(dse_tech_load(s->tech, cli_datadir(), tech, err),
		       tech_from, err);

	if (rc != DSE_OK)
		return rc;
	rc = dse_workload_get(s->workload, wl, err);
	if (rc == DSE_EUSAGE) { /* not a built-in: an installed one, by name */
		char *path = dse_data_file(cli_datadir(), "workloads", s->workload);

		if (path)
			rc = dse_workload_load(path, wl, err);
		free(path);
	}
	rc = blame(rc, workload_from, err);
	if (rc != DSE_OK) {
		dse_tech_free(*tech);
		*tech = NULL;
	}
	return rc;
}

/* The folder holding this program's binary (no trailing slash), or 0 on failure. */
static int exe_dir(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= cap - 1)
		return 0;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	return 1;
}

/* 1 when a and b name the same existing folder. */
static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * $DSE_DATADIR if set; else, when this binary is the one built in the
 * build tree (its folder is the configured build folder, and the source
 * tree's data is there: tech/n7.json as the marker), the source tree's
 * data, so that edits to data/ count at once; else the installed
 * $(pkgdatadir).  Decided once per process.
 */
const char *cli_datadir_from(const char **how)
{
	static const char *dir, *from;
	static char src[PATH_MAX];
	const char *env;
	char exe[4096];

	if (dir == NULL) {
		env = getenv("DSE_DATADIR");
		if (env && *env) {
			dir = env;
			from = "DSE_DATADIR";
		} else if (exe_dir(exe, sizeof exe) && same_dir(exe, DSE_BUILDDIR) &&
			   access(DSE_SRCDATADIR "/tech/n7.json", R_OK) == 0) {
			/* canonical: a VPATH build's srcdir reads "sub/../.." */
			dir = realpath(DSE_SRCDATADIR, src) ? src : DSE_SRCDATADIR;
			from = "build tree";
		} else {
			dir = DSE_PKGDATADIR;
			from = "installed";
		}
	}
	if (how)
		*how = from;
	return dir;
}

/* The data folder of cli_datadir_from. */
const char *cli_datadir(void)
{
	return cli_datadir_from(NULL);
}
