/* cli.h - shared pieces of the dse command line (not part of libdse). */
#ifndef DSE_CLI_H
#define DSE_CLI_H

#include <getopt.h>

#include "config.h"

#include "dse_model.h"
#include "dse_plot.h"

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

/* One technology or workload as cli_setting_load loads them. */
int cli_load_tech(const char *spec, const char *from, struct dse_tech **tech,
		  struct dse_error *err);
int cli_load_workload(const char *spec, const char *from,
		      struct dse_workload **wl, struct dse_error *err);

/* One design as dse eval takes it: the setting plus the design flags. */
struct cli_design {
	struct cli_setting setting;
	const char *format, *dataflow;
	unsigned long rows, cols, ksplit, batch, arrays;
	double freq_ghz; /* 0: the technology's nominal frequency */
	int batch_given; /* --batch was given (os ignores it: a note says so) */
	int quiet;       /* -q: no notes on stderr */
	int fold_overlap, accumulators; /* the array's options (MODEL.md 2.1) */
};

#define CLI_DESIGN_DEFAULTS \
	{ CLI_SETTING_DEFAULTS, "hbfp8", "os", 16, 128, 1, 16, 0, 0.0, 0, 0, \
	  1, 1 }

/* Long options of struct cli_design, after the setting's. */
enum {
	OPT_FORMAT = OPT_SETTING_END,
	OPT_DATAFLOW,
	OPT_ROWS,
	OPT_COLS,
	OPT_KSPLIT,
	OPT_FREQ,
	OPT_BATCH,
	OPT_ARRAYS,
	OPT_OVERLAP,
	OPT_ACC,
	OPT_DESIGN_END
};

#define CLI_DESIGN_OPTIONS                                                \
	CLI_SETTING_OPTIONS,                                              \
	{ "format", required_argument, NULL, OPT_FORMAT },                \
	{ "dataflow", required_argument, NULL, OPT_DATAFLOW },            \
	{ "rows", required_argument, NULL, OPT_ROWS },                    \
	{ "cols", required_argument, NULL, OPT_COLS },                    \
	{ "k-split", required_argument, NULL, OPT_KSPLIT },               \
	{ "freq-ghz", required_argument, NULL, OPT_FREQ },                \
	{ "batch", required_argument, NULL, OPT_BATCH },                  \
	{ "arrays", required_argument, NULL, OPT_ARRAYS },                \
	{ "fold-overlap", required_argument, NULL, OPT_OVERLAP },         \
	{ "accumulators", required_argument, NULL, OPT_ACC }

/* Help lines of the design options (the setting's included). */
extern const char cli_design_help[];

/* Handle one design or setting option (and -q); 1 if it was one, 0 if
   not, <0 on error. */
int cli_design_option(struct cli_design *d, int opt, const char *arg,
		      struct dse_error *err);

/* Checks across design flags once all are parsed (--arrays vs --k-split). */
int cli_design_check(const struct cli_design *d, struct dse_error *err);

/* A design loaded and evaluated; the point refers to fmt, so do not copy. */
struct cli_evaluated {
	struct dse_tech *tech;
	struct dse_workload *wl;
	struct dse_format fmt;
	struct dse_model model;
	struct dse_point p;
};

/*
 * Load d's technology and workload, evaluate the design; an infeasible one
 * fails with DSE_EINFEASIBLE and the reason with its numbers.  Notes on
 * stderr (unless d->quiet) a --batch the dataflow ignores.  e is
 * released with cli_evaluated_free, also after a failure.
 */
int cli_design_eval(const struct cli_design *d, struct cli_evaluated *e,
		    struct dse_error *err);
void cli_evaluated_free(struct cli_evaluated *e);

/* Long options of the figures' page (dse plot, dse explore --plot). */
enum { OPT_PAPER = 1900, OPT_SIZE, OPT_FONT };

#define CLI_PLOT_OPTIONS                                                  \
	{ "paper", no_argument, NULL, OPT_PAPER },                        \
	{ "size", required_argument, NULL, OPT_SIZE },                    \
	{ "font", required_argument, NULL, OPT_FONT }

/* Help lines of the page options. */
extern const char cli_plot_help[];

/* Handle one page option into o; 1 if it was one, 0 if not, <0 on error. */
int cli_plot_option(struct dse_plot_options *o, int opt, const char *arg,
		    struct dse_error *err);

/* The whole command line as main received it (recorded in results). */
extern int cli_argc;
extern char **cli_argv;

/*
 * The one decision "usage error or bad input data" for a value that failed
 * (rc DSE_EUSAGE or DSE_EINPUT): prefixed with `from`, it is a usage error
 * when a flag gave it (from starts with "--") and bad input data when a
 * file did (from names the file and key).  Other statuses (memory, I/O)
 * pass unchanged.  Returns the status.
 */
int cli_blame(int rc, const char *from, struct dse_error *err);

/*
 * MPI (src/mpi.c, configure --with-mpi): started only when an MPI launcher
 * (mpirun, srun) started dse; otherwise one process, rank 0 of 1.
 * cli_mpi_gather collects every rank's text on rank 0 (texts[rank],
 * malloc'ed, freed by the caller; NULL on the other ranks).
 */
#ifdef DSE_MPI
#define CLI_MPI 1
#else
#define CLI_MPI 0
#endif
int cli_mpi_start(int *argc, char ***argv);
void cli_mpi_stop(void);
void cli_mpi_world(int *rank, int *size);
int cli_mpi_gather(const char *text, size_t len, char ***texts,
		   struct dse_error *err);

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

/*
 * Signals (signals.c).  cli_signals_start, called first in main: SIGINT,
 * SIGTERM and SIGHUP are blocked in every thread and taken by a sigwait
 * thread that removes the run's temporaries and folders (dse_cleanup_run)
 * and dies of the signal (exit status 128 + signal); SIGXFSZ and SIGPIPE
 * are ignored so that their writes fail and are reported.  Returns -1 if
 * the thread cannot start (signals then keep their default action).
 */
int cli_signals_start(void);
/* Reopen a closed descriptor 0, 1 or 2 on /dev/null read-only. */
void cli_std_streams_guard(void);
/* DSE_EIO, "stdout: write failed: <strerror(errno)>". */
int cli_stdout_error(struct dse_error *err);
/* Flush stdout; cli_stdout_error's status and message when that fails. */
int cli_stdout_flush(struct dse_error *err);
/* Close stdout at the end of main: exit code 1 (and the message) on failure. */
int cli_stdout_close(int code);

/*
 * Folder of tech/, workloads/ and studies/: $DSE_DATADIR, else the source
 * tree's data/ when this is the binary of the build tree, else the
 * installed one.  *how (if not NULL) receives "DSE_DATADIR", "build tree"
 * or "installed".
 */
const char *cli_datadir_from(const char **how);
const char *cli_datadir(void);


/* Command handlers. */
int cmd_eval(int argc, char **argv);
int cmd_cycles(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_numerics(int argc, char **argv);
int cmd_formats(int argc, char **argv);
int cmd_chips(int argc, char **argv);

#endif
