/* cli.c - option parsing shared by the dse subcommands. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_argc;
char **cli_argv;

const char cli_setting_help[] =
	"  --tech NAME|FILE       technology: n7, n16, n28, toy or a JSON file [n7]\n"
	"  --workload NAME|FILE   lstm, gru, mlp[:W0,W1,..], gemm[:N,K[,ROWS]],\n"
	"                         bert-base (= bert), bert-layer, bert-large, resnet50,\n"
	"                         gpt2, any data/workloads/NAME.json, a JSON file or a\n"
	"                         SCALE-Sim topology FILE.csv [lstm]\n"
	"  --area-mm2 A           area budget, mm2 [300]\n"
	"  --power-w P            power budget (peak), W [75]\n"
	"  --sram-mb S            on-chip SRAM for the weights, MB (2^20 B) [75];\n"
	"                         weights beyond it stream from DRAM every batch\n"
	"  --dram-in-budget       count DRAM's peak power (full bandwidth) in the\n"
	"                         power budget when a design streams weights [no]\n";

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
	char *end;
	unsigned long v;

	errno = 0;
	if (arg[0] == '-' || arg[0] == '+' || arg[0] == '\0' ||
	    ((v = strtoul(arg, &end, 10)), errno != 0) || *end != '\0' ||
	    v < lo || v > hi)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a whole number in %lu..%lu",
				     flag, arg, lo, hi);
	*out = v;
	return DSE_OK;
}

/* arg as a finite number in [lo, hi] or (lo, hi]; DSE_EUSAGE naming flag otherwise. */
int cli_double(const char *flag, const char *arg, double lo, int lo_open,
	       double hi, double *out, struct dse_error *err)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno != 0 || !isfinite(v))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite number", flag, arg);
	if (v < lo || (lo_open && v <= lo) || v > hi)
		return dse_error_set(err, DSE_EUSAGE, "%s: %s is outside %s%g, %g]",
				     flag, arg, lo_open ? "(" : "[", lo, hi);
	*out = v;
	return DSE_OK;
}

/* arg as on (1) or off (0); DSE_EUSAGE naming flag otherwise. */
int cli_switch(const char *flag, const char *arg, int *out,
	       struct dse_error *err)
{
	static const struct {
		const char *word;
		int value;
	} words[] = { { "on", 1 }, { "off", 0 }, { "yes", 1 }, { "no", 0 },
		      { "true", 1 }, { "false", 0 }, { "1", 1 }, { "0", 0 } };
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(arg, words[i].word) == 0) {
			*out = words[i].value;
			return DSE_OK;
		}
	return dse_error_set(err, DSE_EUSAGE, "%s: '%s' is not on or off", flag,
			     arg);
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
	case OPT_DRAM_BUDGET:
		s->budget.dram_in_budget = 1;
		return 1;
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
	rc = blame(dse_workload_get(s->workload, cli_datadir(), wl, err), workload_from, err);
	if (rc != DSE_OK) {
		dse_tech_free(*tech);
		*tech = NULL;
	}
	return rc;
}

/* $DSE_DATADIR if set, else the installed data if present, else the source tree's. */
const char *cli_datadir(void)
{
	const char *env = getenv("DSE_DATADIR");

	if (env && *env)
		return env;
	if (access(DSE_PKGDATADIR "/tech/n7.json", R_OK) == 0)
		return DSE_PKGDATADIR;
	return DSE_SRCDATADIR;
}
