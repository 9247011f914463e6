/*
 * dse_explore.h - the design-space search: value ranges, studies, streaming
 * Pareto frontiers and the multi-threaded sweep.
 *
 * Data flows one way: a study names a technology, workload, budget and the
 * ranges to sweep; dse_explore_run evaluates every design with the model and
 * returns frontiers, counts, a uniform sample and the canonical reference
 * designs.  Results do not depend on the number of threads.
 * Ownership: every *_free releases what the matching constructor or
 * *_load / *_parse filled; all accept NULL or zeroed structs.
 */
#ifndef DSE_EXPLORE_H
#define DSE_EXPLORE_H

#include <stddef.h>
#include <stdint.h>

#include "dse_model.h"
#include "dse_serve.h"

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

/*
 * Parse a range: comma-separated items, each a number `x`, an arithmetic
 * range `lo:hi` (step 1) or `lo:hi:step`, or a geometric one `lo:hi:xF`
 * (lo, lo F, lo F^2, ... up to hi).  Values must lie in [lo_ok, hi_ok]
 * (and be whole when `whole`).  Empty ranges, zero or wrong-sign steps,
 * factors <= 1 and non-finite numbers fail with DSE_EUSAGE, the message
 * naming `what`.  out is freed with dse_range_free; it is left empty on
 * failure.
 */
int dse_range_parse(const char *text, const char *what, double lo_ok,
		    double hi_ok, int whole, struct dse_range *out,
		    struct dse_error *err);
/* Release the values and empty r; NULL is a no-op. */
void dse_range_free(struct dse_range *r);

/* ------------------------------------------------------------------ */
/* Pareto frontiers (MODEL.md section 8)                              */
/* ------------------------------------------------------------------ */

/* A design reduced to what the frontier needs: objectives and its id. */
struct dse_cand {
	uint64_t id;           /* enumeration index: unique and deterministic */
	double latency_us;     /* minimised */
	double throughput_tops;/* maximised */
	double energy_per_item_uj; /* minimised when dims == 3 */
};

/*
 * A streaming frontier.  dims = 2: (latency down, throughput up), kept as a
 * staircase sorted by latency; dims = 3 adds energy per item (down).  A
 * candidate enters when no member dominates it (<= in every objective,
 * < in one); of exact ties in every objective the lowest id is kept, so the
 * frontier is the same whatever the insertion order.
 */
struct dse_pareto {
	int dims;
	size_t n, cap;
	struct dse_cand *c; /* sorted by latency, then id */
};

/* An empty frontier of 2 or 3 objectives; _free releases its members. */
void dse_pareto_init(struct dse_pareto *p, int dims);
void dse_pareto_free(struct dse_pareto *p);

/* 1 if a dominates b in the first `dims` objectives. */
int dse_pareto_dominates(int dims, const struct dse_cand *a,
			 const struct dse_cand *b);

/* Offer c: 1 if it entered, 0 if dominated or a tie, DSE_ENOMEM. */
int dse_pareto_insert(struct dse_pareto *p, const struct dse_cand *c);

/* ------------------------------------------------------------------ */
/* Studies                                                            */
/* ------------------------------------------------------------------ */

#define DSE_STUDY_MAX_FORMATS 16
#define DSE_STUDY_MAX_BOUNDS 32
#define DSE_STUDY_MAX_SLOS 16
#define DSE_STUDY_MAX_PUBLISHED 32

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

/* What to sweep and under what budget: a study file or command-line flags. */
struct dse_study {
	char tech[256], workload[1024];
	struct dse_budget budget; /* sram_mb: the smallest of the range */
	char sram_mb[256];        /* range of S swept, MB */
	int fold_overlap;         /* of every design: overlapped folds (1) */
	int accumulators;         /* of every design: accumulators (1) */
	size_t nformats;
	char formats[DSE_STUDY_MAX_FORMATS][32];
	size_t ndataflows;
	enum dse_dataflow dataflows[DSE_DATAFLOW_COUNT];
	/* range specifications, parsed by dse_explore_run */
	char rows[256], cols[256], ksplit[256], batch[256], freq_ghz[256];
	double latency_max_us;   /* 0: no bound */
	size_t nbounds;
	double bounds_us[DSE_STUDY_MAX_BOUNDS]; /* table of best throughput */
	int energy_objective;    /* 1: frontier also minimises energy */
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
};

/* The Equinox study: n7, lstm, 300 mm2, 75 W, 75 MB, hbfp8 vs bf16, os... */
void dse_study_defaults(struct dse_study *st);

/*
 * Set one study key from text, as a flag or a study file gives it: tech,
 * workload, area_mm2, power_w, sram_mb (a range of positive sizes),
 * dram_in_budget, fold_overlap, accumulators (on|off), formats, dataflows,
 * rows, cols, k_split, batch, freq_ghz, latency_max_us, bounds_us,
 * objectives, seed, sample, threads, and for the tail pass slo_us,
 * percentile, arrivals, policy, tail_requests.  Checks the syntax (ranges
 * fully when they do not depend on the technology); DSE_EUSAGE with
 * "label: reason" otherwise
 * (label: how the caller names the key, such as "--rows"; NULL: the key).
 * Frequencies may be "dvfs" or "dvfs:STEP": the technology's whole range
 * f(v_min)..f(v_max) in steps of STEP GHz (0.01 by default).
 */
int dse_study_set(struct dse_study *st, const char *key, const char *value,
		  const char *label, struct dse_error *err);

/*
 * Read a JSON study file: an object whose keys are those of dse_study_set;
 * values are strings, numbers, booleans or arrays of them (write seeds
 * above 2^53 as strings).  The key "published" is a list of objects
 * {figure, format, bound_us, value, unit, source}, figure one of
 * dse_figures.  Fails with DSE_EINPUT as "file: key: reason".
 */
int dse_study_load(struct dse_study *st, const char *path,
		   struct dse_error *err);

/* ------------------------------------------------------------------ */
/* The sweep                                                          */
/* ------------------------------------------------------------------ */

/* A frontier with every design re-evaluated in full, by latency. */
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

struct dse_explore_result {
	size_t nformats;
	struct dse_format formats[DSE_STUDY_MAX_FORMATS];
	struct dse_range rows, cols, ksplit, batch, freq_ghz; /* as swept */
	struct dse_range sram_mb;                             /* as swept */
	struct dse_frontier frontier[DSE_STUDY_MAX_FORMATS]; /* per format */
	struct dse_frontier all;                             /* over formats */
	/* canonical TPU-like design per format: ws, 128 x 128, k-split 1,
	   f_nom, overlapped folds, accumulators, every batch of the batch
	   range at every SRAM size (infeasible ones dropped), by latency */
	struct dse_frontier canonical[DSE_STUDY_MAX_FORMATS];
	/* dse's value of each of the study's published figures (NAN: none) */
	double published[DSE_STUDY_MAX_PUBLISHED];
	size_t nwarnings;
	char **warnings;  /* owned: canonical beats the frontier, best design
			     on the edge of a swept range (one line each) */
	size_t nsample;
	struct dse_sample *sample;
	double total;                     /* designs in the space */
	double evaluated;
	double feasible;
	double infeasible[DSE_VERDICT_COUNT]; /* by reason */
	double wall_s;
	unsigned threads;
	int dims;
	size_t nslos;                     /* the tail pass, when nslos > 0: */
	struct dse_tail_best *tail;       /* [slo * nformats + format] */
	double tail_wall_s;
};

/* Called by dse_explore_run: progress from the calling thread about ten
   times a second; point for every evaluated design in enumeration order
   (a non-zero return stops the sweep with that status). */
struct dse_explore_hooks {
	void (*progress)(double done, double total, void *arg);
	void *progress_arg;
	int (*point)(const struct dse_point *p, void *arg);
	void *point_arg;
};

/* Largest design space swept (about an hour on 2 cores). */
#define DSE_EXPLORE_MAX_DESIGNS 1e11

/*
 * Sweep the study on a model (tech, workload and budget already checked
 * by dse_model_init).  Fails with DSE_EUSAGE for bad ranges or names or
 * more than DSE_EXPLORE_MAX_DESIGNS designs, and
 * DSE_EINFEASIBLE when no design is feasible, the message saying which
 * constraint ruled out most designs.  res is freed with
 * dse_explore_result_free (also after a failure).
 */
int dse_explore_run(const struct dse_study *st, const struct dse_model *model,
		    const struct dse_explore_hooks *hooks,
		    struct dse_explore_result *res, struct dse_error *err);
/* Release frontiers, sample and ranges of res (not res itself). */
void dse_explore_result_free(struct dse_explore_result *res);

/*
 * Parse the study's range `key` (rows, cols, k_split, batch, sram_mb) with
 * the limits dse_study_set checks; out is freed with dse_range_free.
 */
int dse_study_range(const struct dse_study *st, const char *key,
		    struct dse_range *out, struct dse_error *err);

/*
 * Expand a frequency specification against a technology: a range of GHz
 * values or "dvfs[:STEP]".  out is freed with dse_range_free.
 */
int dse_study_freqs(const char *spec, const struct dse_tech *tech,
		    struct dse_range *out, struct dse_error *err);

/* The figure kinds a study's "published" list may name; *count rows. */
const struct dse_figure *dse_figures(size_t *count);
/* The row called name, or NULL. */
const struct dse_figure *dse_figure_find(const char *name);

/* Best throughput with latency <= bound on a frontier; NULL if none. */
const struct dse_point *dse_frontier_best(const struct dse_frontier *f,
					  double latency_us);

#endif /* DSE_EXPLORE_H */
