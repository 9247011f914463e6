/* cli.h - shared pieces of the dse command line (not part of libdse). */
#ifndef DSE_CLI_H
#define DSE_CLI_H

#include <getopt.h>

#include "dse_model.h"

/* Exit codes (documented in dse --help and the README). */
enum {
	EXIT_USAGE = 2,      /* bad command line */
	EXIT_INPUT = 3,      /* bad input data: file, key, value */
	EXIT_INFEASIBLE = 4, /* the design, or every design, is infeasible */
	EXIT_INTERNAL = 1    /* memory, I/O, numerical or external failure */
};

/* A subcommand: dse <name> [options]. */
struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* Settings shared by eval and explore: what to model and under what budget. */
struct cli_setting {
	const char *tech;
	const char *workload;
	struct dse_budget budget;
};

#define CLI_SETTING_DEFAULTS                                              \
	{ "n7", "lstm",                                                   \
	  { DSE_DEFAULT_AREA_MM2, DSE_DEFAULT_POWER_W, DSE_DEFAULT_SRAM_MB, 0 } }

/* Long options of struct cli_setting, with values from 1000 up. */
enum {
	OPT_TECH = 1000,
	OPT_WORKLOAD,
	OPT_AREA,
	OPT_POWER,
	OPT_SRAM,
	OPT_DRAM_BUDGET,
	OPT_SETTING_END
};

#define CLI_SETTING_OPTIONS                                               \
	{ "tech", required_argument, NULL, OPT_TECH },                    \
	{ "workload", required_argument, NULL, OPT_WORKLOAD },            \
	{ "area-mm2", required_argument, NULL, OPT_AREA },                \
	{ "power-w", required_argument, NULL, OPT_POWER },                \
	{ "sram-mb", required_argument, NULL, OPT_SRAM },                 \
	{ "dram-in-budget", no_argument, NULL, OPT_DRAM_BUDGET }

/* Help lines of the setting options. */
extern const char cli_setting_help[];

/* Handle one setting option; 1 if it was one, 0 if not, <0 on error. */
int cli_setting_option(struct cli_setting *s, int opt, const char *arg,
		       struct dse_error *err);

/*
 * Load technology and workload named by s; both freed by the caller.  A
 * bad name is blamed on tech_from / workload_from ("--tech", or
 * "study.json: tech" when a study file gave it: then it is bad input data).
 */
int cli_setting_load(const struct cli_setting *s, const char *tech_from,
		     const char *workload_from, struct dse_tech **tech,
		     struct dse_workload **wl, struct dse_error *err);

/* The whole command line as main received it (recorded in results). */
extern int cli_argc;
extern char **cli_argv;

/* Print "dse: <msg>" on stderr and return the exit code for the status. */
int cli_fail(const struct dse_error *err);

/* Exit code of a library status. */
int cli_exit_code(int status);


/* Parse a whole number in [lo, hi] given to flag; DSE_EUSAGE otherwise. */
int cli_uint(const char *flag, const char *arg, unsigned long lo,
	     unsigned long hi, unsigned long *out, struct dse_error *err);

/* Parse on|off (also yes|no, true|false, 1|0) given to flag into *out. */
int cli_switch(const char *flag, const char *arg, int *out,
	       struct dse_error *err);

/* Parse a finite number in (lo, hi] (lo_open) or [lo, hi]. */
int cli_double(const char *flag, const char *arg, double lo, int lo_open,
	       double hi, double *out, struct dse_error *err);

/* Folder of tech/ and friends: $DSE_DATADIR, the installed one, the source. */
const char *cli_datadir(void);

/* Command handlers. */
int cmd_eval(int argc, char **argv);
int cmd_cycles(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_chips(int argc, char **argv);

#endif
