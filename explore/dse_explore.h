/*
 * dse_explore.h - the design-space search: value ranges, objectives and
 * constraints, studies, streaming Pareto frontiers, and the sweep in four
 * phases that can run apart (plan, run a range of chunks, merge, finish).
 *
 * A study names technologies, workloads, budgets and the ranges to sweep;
 * every combination of its technologies, workloads, area and power budgets
 * is a group with frontiers of its own.  dse_explore_plan fixes what every
 * enumeration id means; dse_explore_range evaluates a range of chunks of
 * ids (on threads) into a partial result; dse_explore_merge combines
 * partial results of disjoint ranges; dse_explore_finish turns a partial
 * result covering every chunk into the frontiers, bounds, sample, tail
 * pass and reviews.  Results depend neither on the number of threads nor
 * on how the chunks were split between runs or processes.
 * dse_explore_run does all four for a study of one group.
 * Ownership: every *_free releases what the matching constructor or
 * *_load / *_parse filled; all accept NULL or zeroed structs.
 */
#ifndef DSE_EXPLORE_H
#define DSE_EXPLORE_H

#include <stddef.h>
#include <stdint.h>

#include "dse_model.h"
#include "dse_serve.h"

struct cJSON;

/* ------------------------------------------------------------------ */
/* Value ranges                                                       */
/* ------------------------------------------------------------------ */

/* A sorted list of distinct values. */
struct dse_range {
	size_t n;
	double *v;
};

/* Most values one range may expand to. */
#define DSE_RANGE_MAX 1000000
/* Most comma-separated items of one range's text. */
#define DSE_RANGE_ITEMS_MAX 64

/* One item of a range: lo (one value when lo == hi and step == 0),
   lo:hi:step, or lo:hi:xF (geometric, factor in step). */
struct dse_range_item {
	double lo, hi, step;
	int geometric;
};

/* A range as parsed once: its text (for outputs) and its items, which
   dse_range_expand turns into values. */
struct dse_range_spec {
	char text[256];
	size_t nitems;
	struct dse_range_item item[DSE_RANGE_ITEMS_MAX];
	double lo_ok, hi_ok;  /* the limits it was checked against */
	int whole;
};

/*
 * Parse a range: comma-separated items, each a number `x`, an arithmetic
 * range `lo:hi` (step 1) or `lo:hi:step`, or a geometric one `lo:hi:xF`
 * (lo, lo F, lo F^2, ... up to hi).  Values must lie in [lo_ok, hi_ok]
 * (and be whole when `whole`).  Empty ranges, zero or wrong-sign steps,
 * factors <= 1, non-finite numbers and more than DSE_RANGE_MAX values
 * fail with DSE_EUSAGE, the message naming `what`.  out is freed with
 * dse_range_free; it is left empty on failure.
 */
int dse_range_parse(const char *text, const char *what, double lo_ok,
		    double hi_ok, int whole, struct dse_range *out,
		    struct dse_error *err);
/* Release the values and empty r; NULL is a no-op. */
void dse_range_free(struct dse_range *r);

/* dse_range_parse's checks, keeping the items (text at most 255 bytes). */
int dse_range_spec_parse(const char *text, const char *what, double lo_ok,
			 double hi_ok, int whole, struct dse_range_spec *out,
			 struct dse_error *err);
/* The values of a parsed range, sorted, without duplicates. */
int dse_range_expand(const struct dse_range_spec *spec, const char *what,
		     struct dse_range *out, struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Objectives and constraints                                         */
/* ------------------------------------------------------------------ */

/* When an objective's value is known. */
enum dse_when {
	DSE_WHEN_POINT,  /* per design, from the model's metrics */
	DSE_WHEN_FORMAT, /* per format: the same for every design of it */
	DSE_WHEN_LATER   /* only after a later phase (the tail pass) */
};

/*
 * How an objective's value changes between designs of one shape at two
 * frequencies that build the same arrays: it improves with the frequency
 * (as the latency falls), stays the same, or may do either.  The
 * same-array-count pruning rule holds only when every objective does
 * one of the first two.
 */
enum dse_trend { DSE_TREND_FASTER, DSE_TREND_SAME, DSE_TREND_ANY };

/* Most objectives of one frontier. */
#define DSE_OBJ_MAX 4

struct dse_objective_ctx;
struct dse_study;

/* Most rows of the objective table (arrays indexed by row). */
#define DSE_OBJECTIVE_ROWS 16

/*
 * A row of the objective table: an objective names a figure, its unit and
 * whether more is better; `key` is the field of the design's outputs that
 * holds it.  point (WHEN_POINT): the model metric; format (WHEN_FORMAT):
 * its value for a format on a model, computed once per group and format.
 */
struct dse_objective {
	const char *name;      /* as --objectives, --max and --min name it */
	const char *unit;
	const char *key;       /* output field */
	int maximise;          /* 1: more is better */
	enum dse_when when;
	enum dse_trend trend;
	enum dse_metric metric; /* WHEN_POINT */
	double (*of_point)(const struct dse_point *p); /* the figure of a
							  fully evaluated design */
	/* WHEN_FORMAT: the values of formats f[0..n-1], at once (they may
	   share work: the SQNR proxy's inputs per K) */
	int (*of_formats)(const struct dse_format *f, size_t n,
			  const struct dse_model *model,
			  const struct dse_study *st, double *values,
			  struct dse_error *err);
	const char *meaning;
	/* WHEN_FORMAT rows: what the values are ("proxy: ...", "measured:
	   ..."), in buf; NULL for the others */
	const char *(*origin)(const struct dse_study *st, char *buf,
			      size_t len);
	/* 1 when the study shows the row's per-format values even if no
	   objective or constraint names it (accuracy: a file is given); NULL:
	   never */
	int (*shown)(const struct dse_study *st);
	/* the direction the study gives the row (accuracy: the file's);
	   NULL: maximise */
	int (*up)(const struct dse_study *st);
};

/* The objective table and its length; the row called name, or NULL. */
const struct dse_objective *dse_objectives(size_t *count);
const struct dse_objective *dse_objective_find(const char *name);
/* The table's names, comma-separated, in buf (len bytes; returned). */
const char *dse_objective_names(char *buf, size_t len);

/* 1 when more of row's figure is better in study st (the row's maximise,
   or the direction the study gives it). */
int dse_objective_up(const struct dse_study *st, size_t row);

/* The unit of row's figure in study st: the row's, or for the measured
   accuracy (no unit of its own) the metric of the study's file ("top-1
   %"; "" without a file).  Points into the table or into st. */
const char *dse_objective_unit(const struct dse_study *st, size_t row);

/* 1 when study st needs row's per-format values: an objective or a
   constraint names it, or the row is shown whenever the study allows. */
int dse_objective_used(const struct dse_study *st, size_t row);

/* A constraint on an objective's figure: value <= bound (upper) or >=. */
struct dse_constraint {
	size_t objective;      /* row of dse_objectives */
	int upper;             /* 1: --max NAME=V, 0: --min NAME=V */
	double bound;
};

/* ------------------------------------------------------------------ */
/* Pareto frontiers (MODEL.md section 8)                              */
/* ------------------------------------------------------------------ */

/*
 * A design reduced to what a frontier needs: its objectives, each one to
 * be minimised (those to maximise are negated), and its enumeration id,
 * unique and deterministic.
 */
struct dse_cand {
	uint64_t id;
	double obj[DSE_OBJ_MAX];
};

/*
 * A streaming frontier of 2 to DSE_OBJ_MAX objectives.  A candidate
 * enters when no member dominates it (<= in every objective, < in one);
 * of exact ties in every objective the lowest id is kept, so the frontier
 * is the same set whatever the insertion order.  Two objectives: a
 * staircase sorted by obj[0] (obj[1] strictly falling), one binary search
 * an offer.  Three or four: an ND-tree of bounding boxes (Jaszkiewicz &
 * Lust, IEEE TEVC 2018) whose box tests settle most offers in a few
 * comparisons; the members are then in no order until dse_pareto_sort.
 */
struct dse_pareto {
	int dims;
	size_t n, cap;
	struct dse_cand *c;   /* the members */
	void *tree;           /* private (three or four objectives) */
	size_t hint;          /* private: where the last search ended */
};

/* An empty frontier of dims objectives; _free releases its members. */
void dse_pareto_init(struct dse_pareto *p, int dims);
void dse_pareto_free(struct dse_pareto *p);

/* 1 if a dominates b in the first `dims` objectives (all minimised). */
int dse_pareto_dominates(int dims, const struct dse_cand *a,
			 const struct dse_cand *b);

/* Offer c: 1 if it entered, 0 if dominated or a tie, DSE_ENOMEM. */
int dse_pareto_insert(struct dse_pareto *p, const struct dse_cand *c);

/* 1 when a member dominates c (strictly: a tie does not count); read only. */
int dse_pareto_dominated(const struct dse_pareto *p, const struct dse_cand *c);

/* Sort the members by obj[0], then id (offers may continue after). */
void dse_pareto_sort(struct dse_pareto *p);

/* ------------------------------------------------------------------ */
/* Studies                                                            */
/* ------------------------------------------------------------------ */

#define DSE_STUDY_MAX_FORMATS 16
#define DSE_STUDY_MAX_BOUNDS 32
#define DSE_STUDY_MAX_SLOS 16
#define DSE_STUDY_MAX_PUBLISHED 32
#define DSE_STUDY_MAX_CONSTRAINTS 8
#define DSE_STUDY_MAX_SETS 64
/* Most values of a setting swept as groups (technologies, workloads,
   area and power budgets), and most groups of one study. */
#define DSE_STUDY_MAX_VALUES 8
#define DSE_STUDY_MAX_GROUPS 64

/*
 * A published figure to print beside dse's (a study file's "published"
 * list): the figure's kind (a row of dse_figures), the format and latency
 * bound it is taken at, its value, unit and source.
 */
struct dse_published {
	char figure[40];
	char format[32];
	double bound_us;
	double value;
	char unit[16];
	char source[256];
};

struct dse_explore_result;

/* A kind of figure dse can compute from a sweep to compare with a paper. */
struct dse_figure {
	const char *name;    /* as a study's "figure" names it */
	const char *unit;    /* of dse's value */
	const char *meaning;
	/* dse's value for pub on a finished sweep of model's technology and
	   workload; NAN when the sweep has none */
	int (*compute)(const struct dse_explore_result *res,
		       const struct dse_model *model,
		       const struct dse_published *pub, double *value,
		       struct dse_error *err);
};

/* Most formats of a study's measured-accuracy table. */
#define DSE_STUDY_MAX_ACCURACY 32

/*
 * Accuracies the user measured per format (--accuracy FILE, NUMERICS.md
 * 21): the file's values themselves, so that a study (and a results
 * file's study) carries them without the file.  n == 0: none.
 */
struct dse_study_accuracy {
	char path[1024];          /* the file they were read from */
	char source[256], metric[64];
	int higher_is_better;     /* direction "higher" (1) or "lower" (0) */
	size_t n;
	char format[DSE_STUDY_MAX_ACCURACY][32]; /* canonical names */
	double value[DSE_STUDY_MAX_ACCURACY];
};

/* Frequencies: a range of GHz, or the technology's whole DVFS range. */
struct dse_freq_spec {
	int dvfs;                 /* 1: f(v_min)..f(v_max) in steps of step_ghz */
	double step_ghz;
	struct dse_range_spec range; /* text "dvfs[:STEP]" when dvfs */
};

/*
 * What to sweep and under what budgets: a study file or command-line
 * flags, every value parsed once when it is set (a plain value: copy it
 * freely).  Each combination of techs x workloads x areas x powers is a
 * group; budget holds the first group's area and power, the smallest SRAM
 * size and dram_in_budget.
 */
struct dse_study {
	size_t ntechs;
	char techs[DSE_STUDY_MAX_VALUES][256];
	size_t nworkloads;
	char workloads[DSE_STUDY_MAX_VALUES][1024];
	size_t nareas, npowers;
	double areas_mm2[DSE_STUDY_MAX_VALUES], powers_w[DSE_STUDY_MAX_VALUES];
	struct dse_budget budget;
	struct dse_range_spec sram_mb; /* S swept, MB: a design dimension */
	int fold_overlap;         /* of every design: overlapped folds (1) */
	int accumulators;         /* of every design: accumulators (1) */
	size_t nformats;
	struct dse_format formats[DSE_STUDY_MAX_FORMATS];
	size_t ndataflows;
	enum dse_dataflow dataflows[DSE_DATAFLOW_COUNT];
	struct dse_range_spec rows, cols, ksplit, batch;
	struct dse_freq_spec freq;
	size_t nobjectives;
	size_t objectives[DSE_OBJ_MAX];  /* rows of dse_objectives */
	size_t nconstraints;
	struct dse_constraint constraints[DSE_STUDY_MAX_CONSTRAINTS];
	size_t nbounds;
	double bounds_us[DSE_STUDY_MAX_BOUNDS]; /* table of best throughput */
	struct dse_study_accuracy accuracy; /* measured per format, or none */
	char baseline[32];        /* format every ratio divides by (canonical
				     name); "": the second format */
	int prune;                /* 1: skip designs proven off every frontier */
	/* the serving tail pass (SERVING.md 13): none when nslos is 0 */
	size_t nslos;
	double slos_us[DSE_STUDY_MAX_SLOS]; /* latency SLOs L, ascending */
	double percentile;       /* P of the tail, in (0, 100) */
	char arrivals[1024];     /* poisson, gamma:CV, trace:FILE */
	char policy[64];         /* greedy, timeout:T, deadline */
	uint64_t tail_requests;  /* counted per simulation */
	int train;               /* the tail pass also trains its winners */
	uint64_t seed;           /* of the frontier-independent point sample
				    and of the tail pass's simulations */
	size_t sample;           /* points kept in the sample */
	unsigned threads;        /* 0: every core */
	size_t npublished;
	struct dse_published published[DSE_STUDY_MAX_PUBLISHED];
	/* technology parameters set over every technology's file (--set;
	   MODEL.md 11): dse_tech_param indices, values and the text given */
	size_t nsets;
	size_t set_index[DSE_STUDY_MAX_SETS];
	double set_value[DSE_STUDY_MAX_SETS];
	char set_text[DSE_STUDY_MAX_SETS][128];
};

/* The Equinox study: n7, lstm, 300 mm2, 75 W, 75 MB, hbfp8 vs bf16, os... */
void dse_study_defaults(struct dse_study *st);

/*
 * Set one study key from text, as a flag or a study file gives it: tech,
 * workload, area_mm2, power_w (lists: each value a group), sram_mb (a
 * range of positive sizes), dram_in_budget, fold_overlap, accumulators
 * (on|off), formats, dataflows, rows, cols, k_split, batch, freq_ghz,
 * objectives (2 to 4 names of dse_objectives), max and min (NAME=V,
 * adding a constraint), latency_max_us (max latency=V), sqnr_min_db
 * (min sqnr=V), accuracy (a measured-accuracy file, read now: DSE_EINPUT
 * for a bad one), bounds_us,
 * baseline, prune, seed, sample, threads, and for the tail pass slo_us,
 * percentile, arrivals, policy, tail_requests, train; set (KEY=VALUE, a
 * technology parameter over every technology, repeatable).  Every value is checked and
 * parsed here; DSE_EUSAGE with "label: reason" otherwise (label: how the
 * caller names the key, such as "--rows"; NULL: the key).  Frequencies
 * may be "dvfs" or "dvfs:STEP": the technology's whole range
 * f(v_min)..f(v_max) in steps of STEP GHz (0.01 by default).  A workload
 * list item that starts with a digit continues the previous item's
 * arguments (gemm:1024,1024).
 */
int dse_study_set(struct dse_study *st, const char *key, const char *value,
		  const char *label, struct dse_error *err);

/*
 * Read a JSON study file: an object whose keys are those of dse_study_set;
 * values are strings, numbers, booleans or arrays of them (write seeds
 * above 2^53 as strings).  The key "published" is a list of objects
 * {figure, format, bound_us, value, unit, source}, figure one of
 * dse_figures; "accuracy" is a file's path or the object dse_study_json
 * writes (the file's keys and its path).  A results file (frontier.json) is read as its "study"
 * object, so any result reruns.  Fails with DSE_EINPUT as "file: key:
 * reason".
 */
int dse_study_load(struct dse_study *st, const char *path,
		   struct dse_error *err);

/* Set every key of a study object (as dse_study_load; file names it). */
int dse_study_from_json(struct dse_study *st, const struct cJSON *obj,
			const char *file, struct dse_error *err);

/* The study as a JSON object dse_study_from_json reads back to the same
   study (seed as a string); NULL when out of memory. */
struct cJSON *dse_study_json(const struct dse_study *st);

/* Groups of the study: techs x workloads x areas x powers. */
size_t dse_study_groups(const struct dse_study *st);

/*
 * What group g is made of: its technology and workload (indices into the
 * study's lists) and budget; label: the values that differ between groups
 * ("tech=n16,power_w=50"; empty with one group).
 */
void dse_study_group(const struct dse_study *st, size_t g, size_t *tech,
		     size_t *workload, struct dse_budget *budget, char *label,
		     size_t label_len);

/* Group g's own study: st with each list replaced by the group's value
   (a study of one group, as its results record it). */
void dse_study_of_group(const struct dse_study *st, size_t g,
			struct dse_study *out);

/* The index of the format called name in the study (any spelling), or -1. */
int dse_study_format(const struct dse_study *st, const char *name);

/* ------------------------------------------------------------------ */
/* Results                                                            */
/* ------------------------------------------------------------------ */

/* A frontier with every design re-evaluated in full, by its first
   objective (then enumeration order). */
struct dse_frontier {
	size_t n;
	struct dse_point *p;
};

/* A sampled feasible design, for scatter plots. */
struct dse_sample {
	uint32_t format;   /* index into the result's formats */
	uint8_t dataflow;
	uint32_t rows, cols, ksplit, batch;
	double freq_ghz, latency_us, throughput_tops, energy_per_item_uj;
	double sram_mb;
	uint64_t key;      /* hash of (seed, id): the sample keeps the smallest */
};

/* Loads, as shares of the tail capacity, at which the pass trains. */
#define DSE_TAIL_TRAIN_LOADS 3

/*
 * The tail pass: for one SLO L and one format, the design with the highest
 * tail capacity (the largest Poisson (or given) arrival rate whose P-th
 * percentile latency meets L) beside the service-time best (the most
 * throughput with S(b) <= L).  Candidates are the designs with S(b) <= L
 * on the (latency, throughput) frontier of their own batch size; they are
 * searched in order of service-time throughput, each only for a tail
 * capacity above the best found before it, until none left can beat that
 * (a tail capacity never exceeds the service-time capacity).  Each SLO
 * and format is searched in sequence, so nothing depends on the threads.
 */
struct dse_tail_best {
	double slo_us;
	size_t candidates;        /* designs with S(b) <= L considered */
	size_t evaluated;         /* tail-capacity searches run */
	uint64_t simulated;       /* requests simulated by them */
	int found;                /* 1: some candidate meets L at some load */
	struct dse_point point;   /* the winner */
	struct dse_serve_capacity capacity; /* its tail capacity */
	int service_found;        /* 1: a design has S(b) <= L */
	struct dse_point service; /* the service-time best under L */
	double service_tail_tops; /* the service-time best's tail capacity */
	/* with the study's train (SERVING.md 15): the winner training in its
	   idle cycles at shares 0.25, 0.5, 0.75 of its tail capacity */
	double train_share[DSE_TAIL_TRAIN_LOADS];
	double train_tops[DSE_TAIL_TRAIN_LOADS];
	double train_fraction[DSE_TAIL_TRAIN_LOADS]; /* of the dedicated rate */
	double train_p99_us[DSE_TAIL_TRAIN_LOADS];   /* the tail, training on */
	double dedicated_train_tops;
	int train_blocked;        /* cannot train, or a chunk never fits L */
	const char *train_why;    /* with train_blocked: why (static text) */
};

/* The result of one group. */
struct dse_explore_result {
	char label[128];                  /* dse_study_group's; "" alone */
	const struct dse_model *model;    /* the group's (borrowed) */
	size_t nformats;
	struct dse_format formats[DSE_STUDY_MAX_FORMATS];
	size_t ndataflows;
	enum dse_dataflow dataflows[DSE_DATAFLOW_COUNT];
	struct dse_range rows, cols, ksplit, batch, freq_ghz; /* as swept */
	struct dse_range sram_mb;                             /* as swept */
	size_t nobjectives;
	size_t objectives[DSE_OBJ_MAX];   /* rows of dse_objectives */
	int dims;                         /* nobjectives */
	struct dse_frontier frontier[DSE_STUDY_MAX_FORMATS]; /* per format */
	struct dse_frontier by_dataflow[DSE_DATAFLOW_COUNT]; /* per dataflow */
	struct dse_frontier all;                             /* over formats */
	/* the (latency, throughput) staircase of each format, for the bounds
	   table: frontier[f] itself when the objectives are those two */
	struct dse_frontier staircase[DSE_STUDY_MAX_FORMATS];
	int own_staircase;                /* 1: staircase[] is not frontier[] */
	/* canonical TPU-like design per format: ws, 128 x 128, k-split 1,
	   f_nom, overlapped folds, accumulators, every batch of the batch
	   range at every SRAM size (infeasible ones dropped), by latency */
	struct dse_frontier canonical[DSE_STUDY_MAX_FORMATS];
	int baseline;                     /* format ratios divide by */
	/* the per-format figures (WHEN_FORMAT rows: sqnr, accuracy) the
	   study uses or shows: bit r of format_rows set when
	   format_value[f][r] holds row r's value of format f */
	unsigned format_rows;
	double format_value[DSE_STUDY_MAX_FORMATS][DSE_OBJECTIVE_ROWS];
	/* dse's value of each of the study's published figures (NAN: none) */
	double published[DSE_STUDY_MAX_PUBLISHED];
	size_t nwarnings;
	char **warnings;  /* owned: canonical beats the frontier, best design
			     on the edge of a swept range (one line each) */
	size_t nsample;
	struct dse_sample *sample;
	double total;                     /* designs in the space */
	double feasible;                  /* meet the model and every constraint */
	double infeasible[DSE_VERDICT_COUNT]; /* by the model's verdict */
	size_t nconstraints;
	double constrained[DSE_STUDY_MAX_CONSTRAINTS]; /* ruled out by each
							 (the first it breaks) */
	double evaluated;                 /* offered to the frontiers */
	double pruned;                    /* feasible, proven off them, skipped */
	int prune;                        /* 1: pruning was on */
	double wall_s;
	unsigned threads;
	size_t nslos;                     /* the tail pass, when nslos > 0: */
	struct dse_tail_best *tail;       /* [slo * nformats + format] */
	double tail_wall_s;
};

/* Release frontiers, sample, ranges and warnings of res (not res itself). */
void dse_explore_result_free(struct dse_explore_result *res);

/* Best throughput with latency <= bound on a frontier; NULL if none. */
const struct dse_point *dse_frontier_best(const struct dse_frontier *f,
					  double latency_us);

/* The figure kinds a study's "published" list may name; *count rows. */
const struct dse_figure *dse_figures(size_t *count);
/* The row called name, or NULL. */
const struct dse_figure *dse_figure_find(const char *name);

/* ------------------------------------------------------------------ */
/* The sweep in phases                                                */
/* ------------------------------------------------------------------ */

/* Largest design space swept (about an hour on 2 cores). */
#define DSE_EXPLORE_MAX_DESIGNS 1e11

/* What a run of a range reports while it runs: progress from the calling
   thread about ten times a second; point for every design in enumeration
   order, evaluated in full (a non-zero return stops the run with that
   status). */
struct dse_explore_hooks {
	void (*progress)(double done, double total, void *arg);
	void *progress_arg;
	int (*point)(const struct dse_point *p, void *arg);
	void *point_arg;
};

/* The enumeration of a study: what each id is, cut into chunks. */
struct dse_plan;
/* What a run of some chunks found: counts, frontier candidates, sample. */
struct dse_partial;

/*
 * Plan the study on models[g] for each group g (dse_study_groups of them,
 * made as dse_study_group says: dse_model_init of its technology, workload
 * and budget; borrowed, they must outlive the plan).  Expands the ranges,
 * solves the operating points, fixes the enumeration and its chunks.
 * DSE_EUSAGE for more than DSE_EXPLORE_MAX_DESIGNS designs, a study
 * without formats or dataflows, or the wrong number of models;
 * DSE_EINFEASIBLE when an SRAM size leaves no budget; DSE_ENOMEM.
 */
int dse_explore_plan(const struct dse_study *st,
		     const struct dse_model *const *models, size_t nmodels,
		     struct dse_plan **out, struct dse_error *err);
void dse_plan_free(struct dse_plan *pl);

/* Chunks and designs of the plan; the chunks [*first, *last) of shard i
   of n (0 <= i < n): consecutive, as even as whole chunks allow. */
uint64_t dse_plan_chunks(const struct dse_plan *pl);
double dse_plan_designs(const struct dse_plan *pl);
void dse_plan_shard(const struct dse_plan *pl, uint64_t i, uint64_t n,
		    uint64_t *first, uint64_t *last);
/* The study the plan was made from (a copy). */
const struct dse_study *dse_plan_study(const struct dse_plan *pl);
/* Design id of the plan (id < the plan's designs), evaluated in full. */
int dse_plan_point(const struct dse_plan *pl, uint64_t id,
		   struct dse_point *pt, struct dse_error *err);

/*
 * Evaluate chunks [first, last) on st->threads threads (0: every core)
 * into a new partial result (dse_partial_free).  DSE_EUSAGE for a range
 * outside the plan; a hook's status; DSE_ENOMEM.
 */
int dse_explore_range(const struct dse_plan *pl, uint64_t first,
		      uint64_t last, const struct dse_explore_hooks *hooks,
		      struct dse_partial **out, struct dse_error *err);
void dse_partial_free(struct dse_partial *part);

/* Add from (of chunks disjoint from into's) to into.  DSE_EINPUT when the
   ranges overlap; DSE_ENOMEM. */
int dse_explore_merge(const struct dse_plan *pl, struct dse_partial *into,
		      const struct dse_partial *from, struct dse_error *err);

/* The chunk ranges a partial result covers: *n of them, sorted. */
const uint64_t *dse_partial_ranges(const struct dse_partial *part, size_t *n);
/* Wall time and threads of the runs that made it (summed, largest). */
void dse_partial_run(const struct dse_partial *part, double *wall_s,
		     unsigned *threads);

/*
 * A partial result as JSON (the plan's fingerprint, its chunk ranges,
 * counts, frontier candidates, sample keys, tail staircases), and back:
 * DSE_EINPUT ("file: key: reason") for a document of another plan (study,
 * technologies, workloads, enumeration) or a malformed one.
 */
struct cJSON *dse_partial_json(const struct dse_plan *pl,
			       const struct dse_partial *part);
int dse_partial_from_json(const struct dse_plan *pl, const struct cJSON *doc,
			  const char *file, struct dse_partial **out,
			  struct dse_error *err);
/* The study object of a partial result's document (borrowed from doc). */
const struct cJSON *dse_partial_study(const struct cJSON *doc);

/*
 * Finish a partial result that covers every chunk: per group, frontiers
 * per format, per dataflow and over all (members re-evaluated in full),
 * the staircases, the canonical designs, the sample, the tail pass,
 * warnings and published figures, into res[g] for each group (the
 * caller's array of dse_study_groups results; free each with
 * dse_explore_result_free, also after a failure).  DSE_EINPUT when some
 * chunk is missing; DSE_EINFEASIBLE when a group has no feasible design,
 * the message saying which constraint ruled out most; the tail pass's
 * failures.
 */
int dse_explore_finish(const struct dse_plan *pl,
		       const struct dse_partial *part,
		       struct dse_explore_result *res, struct dse_error *err);

/*
 * All four phases for a study of one group on model (tech, workload and
 * budget already checked by dse_model_init), on st->threads threads.
 * Fails as the phases do; DSE_EUSAGE for a study of several groups.  res
 * is freed with dse_explore_result_free (also after a failure).
 */
int dse_explore_run(const struct dse_study *st, const struct dse_model *model,
		    const struct dse_explore_hooks *hooks,
		    struct dse_explore_result *res, struct dse_error *err);

/*
 * Expand a frequency specification against a technology: the range of
 * GHz values, or f(v_min)..f(v_max) in dvfs steps (and f(v_max) itself).
 * out is freed with dse_range_free.
 */
int dse_study_freqs(const struct dse_freq_spec *spec,
		    const struct dse_tech *tech, struct dse_range *out,
		    struct dse_error *err);

#endif /* DSE_EXPLORE_H */
