/*
 * dse_sensitivity.h - how much each headline figure of a study depends on
 * the technology's uncertain constants (docs/SENSITIVITY.md).
 *
 * The parameters a technology declares uncertain (dse_tech_param_uncertainty)
 * are sampled on a Latin hypercube; the study is swept in full, exactly,
 * once per sample with a technology built from it (dse_tech_with), and
 * once more with each parameter at each end of its range, the others at
 * their values.  Every headline figure (best throughput under each latency
 * bound per format, its ratio to the baseline format, and the tail
 * capacity per SLO when the study has SLOs) gets a median, a 5-95 % band
 * and its Spearman rank correlation with each parameter; the frontier of
 * each format gets a band at a grid of latencies.  Results depend on the
 * seed only: not on the number of threads.
 * Ownership: dse_sens_result_free releases what dse_sens_run filled.
 */
#ifndef DSE_SENSITIVITY_H
#define DSE_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "dse_explore.h"
#include "dse_model.h"

/* Most samples of one run. */
#define DSE_SENS_MAX_SAMPLES 100000
/* Latencies of the frontier band, log-spaced over the frontiers at the
   technology's values (half the fastest to twice the slowest). */
#define DSE_SENS_GRID 48

/* What a run is asked for. */
struct dse_sens_config {
	size_t samples;       /* N, 1..DSE_SENS_MAX_SAMPLES */
	uint64_t seed;        /* of the Latin hypercube */
	const char *tornado;  /* figure of the tornado; NULL or "": the
				 default (dse_sens_figures) */
	const char *baseline; /* format the ratios divide by; NULL or "":
				 the second format (the first if alone) */
	/* a share of the sweeps (shards, MPI ranks): the sweep at the values
	   always, then the jobs j (dse_sens_result) with j % nparts == part;
	   nparts 0 or 1: every job; part >= nparts: none */
	size_t part, nparts;
};

/* An uncertain parameter as sampled. */
struct dse_sens_param {
	size_t index;                 /* dse_tech_param index */
	const char *key;              /* static (the parameter table's) */
	double value, lo, hi;         /* at the technology; its range */
	const struct dse_prior *dist; /* static */
	char *source;                 /* of the range (owned) */
	int whole;                    /* samples rounded to whole numbers */
};

/*
 * A headline figure.  kind "tops": best throughput of `format` with a
 * latency at most bound_us (0 when no design meets it); "ratio": that of
 * `format` over that of `baseline` (infinite when only the baseline has
 * none, undefined, NaN, when neither has a design); "tail": the highest
 * tail capacity of `format` under SLO bound_us (0: none), TOp/s.
 */
struct dse_sens_figure {
	char name[96];       /* "tops:hbfp8_576@50", "ratio:hbfp8_576/bf16@50" */
	const char *kind;    /* "tops", "ratio", "tail" (static) */
	const char *unit;    /* "TOp/s" or "x" (static) */
	size_t format, baseline; /* indices of the study's formats */
	size_t bound;        /* index of its bound (tops, ratio) or SLO (tail) */
	double bound_us;
};

/*
 * The headline figures of a study, in this order: per bound, tops of
 * every format then the ratio of every other format to the baseline; then
 * per SLO, tail of every format.  *out (n of them) is freed by the caller.
 * Fails with DSE_EUSAGE for an unknown baseline (naming it and the study's
 * formats).
 */
int dse_sens_figures(const struct dse_study *st, const char *baseline,
		     struct dse_sens_figure **out, size_t *n,
		     struct dse_error *err);

/*
 * The figure called name among figs: "KIND:FORMAT@BOUND" or
 * "ratio:FORMAT/BASELINE@BOUND", formats by any name dse_format_parse
 * takes (hbfp8 for hbfp8_576), the bound in us.  DSE_EUSAGE naming the
 * figures when none matches.
 */
int dse_sens_figure_find(const struct dse_sens_figure *figs, size_t n,
			 const char *name, size_t *index,
			 struct dse_error *err);

/* The statistics of one figure over the samples. */
struct dse_sens_stats {
	size_t n;            /* samples where it is defined (not NaN) */
	size_t infinite;     /* of them, +infinity (a ratio) */
	double median, p5, p95; /* NaN when n is 0 */
};

/* One bar of the tornado: a parameter at each end of its range. */
struct dse_sens_bar {
	size_t param;        /* index into the result's params */
	double at_lo, at_hi; /* the tornado's figure */
	double swing;        /* |at_hi - at_lo|; NaN when either is undefined */
};

/* One of the explorer's warnings and how many samples' sweeps gave it. */
struct dse_sens_warning {
	char *text;    /* owned */
	size_t samples;
};

/* Most distinct warnings kept; the others are counted in warned only. */
#define DSE_SENS_MAX_WARNINGS 32

struct dse_sens_result {
	size_t nparams;
	struct dse_sens_param *params;
	size_t nformats;
	char formats[DSE_STUDY_MAX_FORMATS][32]; /* canonical, study order */
	size_t nfigures;
	struct dse_sens_figure *figures;
	double *base;            /* [f]: at the technology's values */
	size_t nsamples;
	double *q;               /* [s * nparams + p]: Latin hypercube point */
	double *x;               /* [s * nparams + p]: parameter values */
	double *y;               /* [s * nfigures + f]: figure values */
	struct dse_sens_stats *stats; /* [f] */
	double *rho;             /* [f * nparams + p]: Spearman; NaN undefined */
	double *oat_lo, *oat_hi; /* [p * nfigures + f]: every figure with
				    parameter p at lo, at hi, the others at
				    their values */
	size_t tornado;          /* the tornado's figure */
	struct dse_sens_bar *bars; /* nparams, largest swing first */
	size_t ngrid;
	double *grid_us;         /* [g]: latencies of the frontier band */
	double *grid_base;       /* [k * ngrid + g]: best throughput of format
				    k under grid_us[g] at the values (0: none) */
	double *band;            /* [(k * ngrid + g) * 3 + j]: its 5 %, median
				    and 95 % over the samples (j = 0, 1, 2) */
	size_t infeasible;       /* samples without a feasible design */
	size_t warned;           /* samples whose sweep the explorer warned of
				    (a best design on the edge of a swept
				    range, the canonical design beating a
				    frontier) */
	size_t nwarnings;        /* distinct warnings of the samples' sweeps */
	struct dse_sens_warning *warnings; /* most samples first */
	/* jobs: the samples 0..nsamples-1, then parameter p at its range's
	   lo (nsamples + 2p) and hi (nsamples + 2p + 1) */
	size_t njobs;
	unsigned char *done;     /* [j]: 1 once job j's figures are in */
	double *grid_y;          /* [(s * nformats + k) * ngrid + g]: best
				    throughput of format k under grid_us[g]
				    at sample s (0: none) */
	int finished;            /* statistics and tornado computed */
	size_t sweeps;           /* full sweeps run */
	double wall_s;           /* of the whole run */
	unsigned threads;        /* of each sweep */
};

/* Called by dse_sens_run after each sweep: done of total sweeps. */
struct dse_sens_hooks {
	void (*progress)(size_t done, size_t total, void *arg);
	void *arg;
};

/*
 * Run the study (st, its ranges and budget; st->sample is ignored) on
 * technology tech and workload wl at cfg->samples Latin hypercube samples
 * of tech's uncertain parameters, then one at a time at each end of each
 * range.  A sample's technology that breaks a relation between parameters
 * fails the run with DSE_EINPUT naming the sample; a sample where no
 * design is feasible counts in res->infeasible with every figure none.
 * Fails with DSE_EUSAGE for a bad config (samples, tornado, baseline) and
 * DSE_EINPUT when tech declares no uncertainty; res is freed with
 * dse_sens_result_free (also after a failure).
 */
int dse_sens_run(const struct dse_study *st, const struct dse_tech *tech,
		 const struct dse_workload *wl,
		 const struct dse_sens_config *cfg,
		 const struct dse_sens_hooks *hooks,
		 struct dse_sens_result *res, struct dse_error *err);
void dse_sens_result_free(struct dse_sens_result *res);

/*
 * A share of a run (cfg->nparts > 1) and how to make the whole of it:
 * dse_sens_part_json writes the jobs res ran (exact doubles), its counts
 * and warnings; dse_sens_part_read merges such a document (file names it
 * in errors) into a result planned by dse_sens_run with the same study,
 * technology and config (its sweep at the values must equal the part's);
 * dse_sens_finish, once every job is in, computes the statistics and the
 * tornado.  DSE_EINPUT for a foreign, malformed or overlapping part, or
 * (finish) a missing job, naming it.  A part is checked whole before any
 * of it is merged: a refused one (DSE_EINPUT) leaves res as it was.
 * dse_sens_parts_reset forgets every part merged into res (a planned
 * result: its jobs but those every share has, counts, warnings), as
 * dse_sens_run with cfg->part >= cfg->nparts left it (a finished
 * result too: its statistics are then stale).
 */
struct cJSON *dse_sens_part_json(const struct dse_sens_result *res);
int dse_sens_part_read(struct dse_sens_result *res, const struct cJSON *doc,
		       const char *file, struct dse_error *err);
int dse_sens_finish(struct dse_sens_result *res, struct dse_error *err);
void dse_sens_parts_reset(struct dse_sens_result *res);

/* ---- the statistics, for reuse and tests ---- */

/*
 * A Latin hypercube of n points in [0, 1)^d, one stream per dimension:
 * dimension j's points fall one in each stratum [i/n, (i+1)/n), in an
 * order and at a place drawn from a generator seeded by seed and
 * stream_ids[j] (so a dimension's points do not depend on the others).
 * q[i * d + j]; DSE_ENOMEM or DSE_OK.
 */
int dse_sens_lhs(size_t n, size_t d, uint64_t seed, const uint64_t *stream_ids,
		 double *q, struct dse_error *err);

/* The p-quantile (0..1) of n ascending values, linear between order
   statistics (Hyndman & Fan type 7, R's and NumPy's default); NaN if n 0. */
double dse_sens_quantile(const double *sorted, size_t n, double p);

/*
 * Spearman's rank correlation of x and y (stride apart, n pairs): the
 * Pearson correlation of their ranks, ties given their mean rank; NaN
 * when n < 3 or either is constant.  DSE_ENOMEM or DSE_OK.
 */
int dse_sens_spearman(const double *x, size_t xstride, const double *y,
		      size_t ystride, size_t n, double *rho);

#endif /* DSE_SENSITIVITY_H */
