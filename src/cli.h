/* cli.h - shared pieces of the dse command line (not part of libdse). */
#ifndef DSE_CLI_H
#define DSE_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "dse_explore.h"
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

/* Most --set values of one command line. */
#define CLI_SETS_MAX DSE_STUDY_MAX_SETS

/* The --set KEY=VALUE values: technology parameters and their values. */
struct cli_sets {
	size_t n;
	size_t index[CLI_SETS_MAX]; /* dse_tech_param index */
	double value[CLI_SETS_MAX];
};

/* Settings shared by eval and explore: what to model and under what budget. */
struct cli_setting {
	const char *tech;
	const char *workload;
	struct dse_budget budget;
	struct cli_sets sets;
};

#define CLI_SETTING_DEFAULTS                                              \
	{ "n7", "lstm",                                                   \
	  { DSE_DEFAULT_AREA_MM2, DSE_DEFAULT_POWER_W, DSE_DEFAULT_SRAM_MB, 0 }, \
	  { 0, { 0 }, { 0 } } }

/* Long options of struct cli_setting, with values from 1000 up. */
enum {
	OPT_TECH = 1000,
	OPT_WORKLOAD,
	OPT_AREA,
	OPT_POWER,
	OPT_SRAM,
	OPT_DRAM_BUDGET,
	OPT_SET,
	OPT_SETTING_END
};

#define CLI_SETTING_OPTIONS                                               \
	{ "tech", required_argument, NULL, OPT_TECH },                    \
	{ "workload", required_argument, NULL, OPT_WORKLOAD },            \
	{ "area-mm2", required_argument, NULL, OPT_AREA },                \
	{ "power-w", required_argument, NULL, OPT_POWER },                \
	{ "sram-mb", required_argument, NULL, OPT_SRAM },                 \
	{ "dram-in-budget", no_argument, NULL, OPT_DRAM_BUDGET },         \
	{ "set", required_argument, NULL, OPT_SET }

/* Help lines of the setting options. */
extern const char cli_setting_help[];

/* Handle one setting option; 1 if it was one, 0 if not, <0 on error. */
int cli_setting_option(struct cli_setting *s, int opt, const char *arg,
		       struct dse_error *err);

/* Note one --set KEY=VALUE in sets (a later value of a key replaces an
   earlier one); DSE_EUSAGE for a bad argument or too many. */
int cli_sets_add(struct cli_sets *sets, const char *arg, struct dse_error *err);

/*
 * Load technology and workload named by s, then set s->sets' values on the
 * technology (source "command line"); both freed by the caller.  A
 * bad name is blamed on tech_from / workload_from ("--tech", or
 * "study.json: tech" when a study file gave it: then it is bad input data);
 * a --set value the technology refuses is a usage error.
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

/* Long options of the study keys of dse explore and dse sensitivity,
   after the design's (rows, cols, k-split, freq-ghz, batch are those). */
enum {
	OPT_STUDY = OPT_DESIGN_END,
	OPT_STUDY_FORMATS,
	OPT_STUDY_DATAFLOWS,
	OPT_STUDY_LATMAX,
	OPT_STUDY_SQNR_MIN,
	OPT_STUDY_ACCURACY,
	OPT_STUDY_MAX,
	OPT_STUDY_MIN,
	OPT_STUDY_BOUNDS,
	OPT_STUDY_OBJECTIVES,
	OPT_STUDY_BASELINE,
	OPT_STUDY_NO_PRUNE,
	OPT_STUDY_THREADS,
	OPT_STUDY_SEED,
	OPT_STUDY_SAMPLE,
	OPT_STUDY_SLO,
	OPT_STUDY_PERCENTILE,
	OPT_STUDY_ARRIVALS,
	OPT_STUDY_POLICY,
	OPT_STUDY_TAIL_REQUESTS,
	OPT_STUDY_TRAIN,
	OPT_STUDY_END
};

#define CLI_STUDY_OPTIONS                                                 \
	CLI_SETTING_OPTIONS,                                              \
	{ "study", required_argument, NULL, OPT_STUDY },                  \
	{ "formats", required_argument, NULL, OPT_STUDY_FORMATS },        \
	{ "dataflows", required_argument, NULL, OPT_STUDY_DATAFLOWS },    \
	{ "rows", required_argument, NULL, OPT_ROWS },                    \
	{ "cols", required_argument, NULL, OPT_COLS },                    \
	{ "k-split", required_argument, NULL, OPT_KSPLIT },               \
	{ "freq-ghz", required_argument, NULL, OPT_FREQ },                \
	{ "batch", required_argument, NULL, OPT_BATCH },                  \
	{ "fold-overlap", required_argument, NULL, OPT_OVERLAP },         \
	{ "accumulators", required_argument, NULL, OPT_ACC },             \
	{ "latency-max-us", required_argument, NULL, OPT_STUDY_LATMAX },  \
	{ "sqnr-min-db", required_argument, NULL, OPT_STUDY_SQNR_MIN },   \
	{ "accuracy", required_argument, NULL, OPT_STUDY_ACCURACY },      \
	{ "max", required_argument, NULL, OPT_STUDY_MAX },                \
	{ "min", required_argument, NULL, OPT_STUDY_MIN },                \
	{ "bounds", required_argument, NULL, OPT_STUDY_BOUNDS },          \
	{ "objectives", required_argument, NULL, OPT_STUDY_OBJECTIVES },  \
	{ "baseline", required_argument, NULL, OPT_STUDY_BASELINE },      \
	{ "no-prune", no_argument, NULL, OPT_STUDY_NO_PRUNE },            \
	{ "threads", required_argument, NULL, OPT_STUDY_THREADS },        \
	{ "seed", required_argument, NULL, OPT_STUDY_SEED },              \
	{ "sample", required_argument, NULL, OPT_STUDY_SAMPLE },          \
	{ "slo-us", required_argument, NULL, OPT_STUDY_SLO },             \
	{ "percentile", required_argument, NULL, OPT_STUDY_PERCENTILE },  \
	{ "arrivals", required_argument, NULL, OPT_STUDY_ARRIVALS },      \
	{ "policy", required_argument, NULL, OPT_STUDY_POLICY },          \
	{ "tail-requests", required_argument, NULL, OPT_STUDY_TAIL_REQUESTS }, \
	{ "train", no_argument, NULL, OPT_STUDY_TRAIN }

/* Help of the study options (the setting's included), their defaults
   those of the default study, with --seed and --sample when sample is
   set (dse sensitivity gives its own); then of the tail pass's. */
void cli_study_usage(FILE *f, int sample);
void cli_study_tail_usage(FILE *f);

/* A study as a command line gives it: study files, then flags over them
   (--set among them); and the page of its figures (--paper, --size,
   --font). */
struct cli_study {
	struct dse_study st;
	char tech_from[300], workload_from[300]; /* who named them */
	struct dse_plot_options plot;
	const char *tail_flag;  /* the first tail-pass flag given, or NULL */
	const char *page_flag;  /* the first of --paper, --size, --font */
};

/*
 * Reset s to the default study, then load the --study files of argv in
 * order (the first of two getopt passes; options and shortopts are the
 * command's), so that flags can override what they say.  Leaves optind
 * for a second pass from the start.
 */
int cli_study_files(int argc, char **argv, const char *shortopts,
		    const struct option *options, struct cli_study *s,
		    struct dse_error *err);

/* Handle one study, setting, --set or page option: 1 if it was one
   (--study included: the files are loaded already), 0 if not, <0 on
   error. */
int cli_study_option(struct cli_study *s, int opt, const char *arg,
		     struct dse_error *err);

/* DSE_EUSAGE when a flag given would change nothing: a tail-pass flag
   (--percentile, --arrivals, --policy, --tail-requests, --train) with no
   SLO in the study, or --paper, --size or --font without plot set. */
int cli_study_unused(const struct cli_study *s, int plot,
		     struct dse_error *err);

/* The technologies and workloads of a study, loaded once each (with the
   study's --set values), and a model per group. */
struct cli_groups {
	size_t ngroups;
	struct dse_tech *tech[DSE_STUDY_MAX_VALUES];
	struct dse_workload *wl[DSE_STUDY_MAX_VALUES];
	struct dse_model *models;
	const struct dse_model **ptrs;
};

/* Load every technology (then set st's --set values on it) and workload
   of st, and each group's model; bad names blamed as cli_setting_load
   does.  g is freed by cli_groups_free, also after a failure. */
int cli_groups_load(const struct dse_study *st, const char *tech_from,
		    const char *workload_from, struct cli_groups *g,
		    struct dse_error *err);
void cli_groups_free(struct cli_groups *g);

/* Help lines of the design options (the setting's included). */
extern const char cli_design_help[];

/* Handle one design or setting option (and -q); 1 if it was one, 0 if
   not, <0 on error. */
int cli_design_option(struct cli_design *d, int opt, const char *arg,
		      struct dse_error *err);

/* Checks across design flags once all are parsed (--arrays vs --k-split). */
int cli_design_check(const struct cli_design *d, struct dse_error *err);

/* Training on the design (SERVING.md 14): --train, --train-workload,
   --train-batch, shared by eval and serve. */
struct cli_train {
	int on;
	const char *workload;   /* NULL: the served workload */
	unsigned long batch;    /* 0: the design's batch */
};

/* Long options of struct cli_train, after the design's. */
enum { OPT_TRAIN = OPT_DESIGN_END, OPT_TRAIN_WORKLOAD, OPT_TRAIN_BATCH,
       OPT_TRAIN_END };

#define CLI_TRAIN_OPTIONS                                                  \
	{ "train", optional_argument, NULL, OPT_TRAIN },                   \
	{ "train-workload", required_argument, NULL, OPT_TRAIN_WORKLOAD }, \
	{ "train-batch", required_argument, NULL, OPT_TRAIN_BATCH }

/* Help lines of the training options. */
extern const char cli_train_help[];

/* Handle one training option; 1 if it was one, 0 if not, <0 on error. */
int cli_train_option(struct cli_train *t, int opt, const char *arg,
		     struct dse_error *err);

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

/*
 * The training step of t on the evaluated design e: the training workload
 * (loaded as --workload is, into *wl unless it is the served one: free it)
 * and *step (free with dse_train_step_free).  A bad name is a usage
 * error; a format that cannot train, bad input; DRAM too small, infeasible.
 */
int cli_train_step(const struct cli_train *t, const struct cli_evaluated *e,
		   struct dse_workload **wl, struct dse_train_step *step,
		   struct dse_error *err);

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

/* The name of page option opt ("--paper", "--size", "--font"). */
const char *cli_plot_flag(int opt);

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

/*
 * A rank's share as JSON to rank 0: doc's text, or when rc (this rank's
 * status so far) is a failure, that status and err's message; returns rc,
 * or the gather's failure.  On rank 0, cli_mpi_doc_of reads rank r's text
 * back: its JSON into *doc (freed by the caller), or the failure it
 * carries, with that rank's status and message.
 */
int cli_mpi_send_doc(int rc, const struct cJSON *doc, char ***texts,
		     struct dse_error *err);
int cli_mpi_doc_of(const char *text, int r, struct cJSON **doc,
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
int cmd_sensitivity(int argc, char **argv);

/* dse merge of the shares of dse sensitivity --shard (folders dirs[0..n-1],
   each with part.json) into outdir, as one run writes it. */
int cli_sensitivity_merge(char **dirs, int n, const char *outdir, int plot,
			  int json, int quiet,
			  const struct dse_plot_options *page,
			  struct dse_error *err);

/* --shard I/N: whole numbers, 0 <= I < N <= 2^20; DSE_EUSAGE otherwise. */
int cli_shard_parse(const char *arg, unsigned long *i, unsigned long *n,
		    struct dse_error *err);

#endif
