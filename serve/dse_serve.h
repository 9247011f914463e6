/*
 * dse_serve.h - a design under load (SERVING.md sections 11-13).
 *
 * Requests arrive (Poisson, Gamma or a trace), wait in one FIFO queue and
 * are batched by a policy onto the design's G array groups, each an
 * identical server running one batch of at most b items to completion in
 * S(k) for a batch of k.  A discrete-event simulation (a binary heap of
 * timed events, a clock, one struct of state) reports latency percentiles
 * with a confidence interval, SLO attainment, batch fill, utilization and
 * energy; a search on the arrival rate finds the tail capacity: the
 * largest rate whose P-th percentile latency meets an SLO.
 *
 * Downstream of model/: a server is built from an evaluated design.  No
 * globals, no printing; random numbers come from GSL generators seeded by
 * the caller, so a seed gives the same output on every machine and thread
 * count.  Conventions (status codes, errors, ownership) as in dse_base.h.
 */
#ifndef DSE_SERVE_H
#define DSE_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "dse_base.h"
#include "dse_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Servers: a design's service times (section 11)                     */
/* ------------------------------------------------------------------ */

/* Largest batch a server may take (S(k) is tabulated for every k). */
#define DSE_SERVE_BATCH_MAX 1048576u
/* Most groups (servers) a design may have. */
#define DSE_SERVE_GROUPS_MAX 1048576u

/* G identical servers and what a batch of k items costs on one. */
struct dse_serve_server {
	unsigned groups;        /* G */
	unsigned batch;         /* b, the batch capacity */
	double *service_us;     /* [batch]: S(k) at index k - 1, owned */
	double *energy_uj;      /* [batch]: dynamic energy of a batch of k on
				   one group, owned */
	double static_power_w;  /* drawn all the time: leakage, fixed power */
	double idle_group_w;    /* one group with no batch (clock-gated PEs) */
	double ops_per_item;    /* operations of one item (2 per MAC) */
	double capacity_rps;    /* C = G b / S(b), items per second */
};

/*
 * A server from a design the model evaluated (p->result feasible): S(k)
 * and the batch energy for every k by dse_model_batch; static power is the
 * PE and SRAM leakage and the fixed power; an idle group's PEs draw the
 * idle fraction of their energy every cycle (MODEL.md section 6's e_idle).
 * Fails with DSE_EINFEASIBLE for an infeasible design and DSE_EINPUT for a
 * batch above DSE_SERVE_BATCH_MAX.  Release with dse_serve_server_free.
 */
int dse_serve_server_from_design(const struct dse_model *model,
				 const struct dse_point *p,
				 struct dse_serve_server *out,
				 struct dse_error *err);

/*
 * A server from a table of service times (tests, other simulators'
 * figures): service_us[k - 1] = S(k) > 0, finite and non-decreasing in k;
 * energy_uj may be NULL (no energy), static and idle power 0.  Copies the
 * tables.  Fails with DSE_EINPUT naming the bad entry.
 */
int dse_serve_server_init(struct dse_serve_server *s, unsigned groups,
			  unsigned batch, const double *service_us,
			  const double *energy_uj, double ops_per_item,
			  struct dse_error *err);

/* Release the tables and zero s; NULL is a no-op. */
void dse_serve_server_free(struct dse_serve_server *s);

/* ------------------------------------------------------------------ */
/* Arrival processes (section 12)                                     */
/* ------------------------------------------------------------------ */

struct dse_arrival_type; /* a row of the table: poisson, gamma, trace */

/* A parsed arrival process; a trace is loaded whole. */
struct dse_serve_arrivals {
	const struct dse_arrival_type *type;
	char spec[64];        /* canonical: "poisson", "gamma:1.5", "trace" */
	double cv;            /* gamma: coefficient of variation */
	char *path;           /* trace: the file (owned) */
	size_t ntrace;        /* trace: arrivals */
	double *trace_us;     /* trace: times, non-decreasing (owned) */
	double trace_rate_rps;/* trace: (n - 1) / (last - first) */
};

/*
 * Parse "poisson", "gamma:CV" (CV > 0, finite) or "trace:FILE".  A trace is
 * one arrival time in microseconds per line (blank lines and lines starting
 * with '#' skipped), or a CSV whose header names an `arrival_us` column
 * (dse serve --requests-csv writes one); times must be finite, >= 0, plain
 * decimal numbers, non-decreasing, and span a positive time.  Fails with
 * DSE_EINPUT: "FILE:LINE: reason" for a bad trace, "arrivals 'SPEC':
 * reason" otherwise.  Release with dse_serve_arrivals_free.
 */
int dse_serve_arrivals_parse(const char *spec, struct dse_serve_arrivals *out,
			     struct dse_error *err);
void dse_serve_arrivals_free(struct dse_serve_arrivals *a);

/* 1 for a trace (its own rate and length), 0 for a synthetic process. */
int dse_serve_arrivals_is_trace(const struct dse_serve_arrivals *a);

/* Most arrivals a trace may hold. */
#define DSE_SERVE_TRACE_MAX (1ul << 27)

/* ------------------------------------------------------------------ */
/* Batching policies (section 13)                                     */
/* ------------------------------------------------------------------ */

struct dse_policy_type; /* a row of the table: greedy, timeout, deadline */

/* A parsed policy. */
struct dse_serve_policy {
	const struct dse_policy_type *type;
	char spec[64];     /* canonical: "greedy", "timeout:20", "deadline" */
	double timeout_us; /* timeout: T */
	int needs_slo;     /* deadline: meaningless without an SLO */
};

/* Parse "greedy", "timeout:T" (T >= 0 us, finite) or "deadline"; DSE_EINPUT
   naming the known policies otherwise. */
int dse_serve_policy_parse(const char *spec, struct dse_serve_policy *out,
			   struct dse_error *err);

/* ------------------------------------------------------------------ */
/* A run                                                              */
/* ------------------------------------------------------------------ */

/* warmup value asking for the default: 1 % of N (synthetic), 0 (trace). */
#define DSE_SERVE_WARMUP_DEFAULT UINT64_MAX
/* Most requests one run simulates (warm-up included). */
#define DSE_SERVE_REQUESTS_MAX (1ull << 32)
/* Consecutive blocks of requests behind the confidence interval. */
#define DSE_SERVE_BLOCKS 20
/*
 * Points of the latency distribution kept when asked (stats.cdf_us): the
 * latency at probability p_i = 1 - 10^(-DSE_SERVE_CDF_DECADES i / (N - 1)),
 * i = 0..N-1 (p_0 = 0, the smallest; p_N-1 = 0.9999), dense in the tail.
 */
#define DSE_SERVE_CDF_POINTS 201
#define DSE_SERVE_CDF_DECADES 4

/* p_i of the distribution's points. */
double dse_serve_cdf_p(unsigned i);

/* One served request, as given to the request hook. */
struct dse_serve_request {
	uint64_t id;          /* arrival order, warm-up included, from 0 */
	double arrival_us, start_us, finish_us;
	unsigned group;       /* server that ran it */
	unsigned batch;       /* items in its batch */
	int counted;          /* 0 during the warm-up */
};

/*
 * Training on idle cycles (SERVING.md 15): one training step of b_t items
 * on one group, as chunks (its stages) each run to completion.  Every
 * group trains its own step (data-parallel replicas).
 */
struct dse_serve_training {
	unsigned nchunks;
	const double *chunk_us;        /* [nchunks]: each stage on one group */
	const double *chunk_energy_uj; /* [nchunks] dynamic energy, or NULL */
	double items_per_step;         /* b_t */
	double ops_per_item;           /* operations of one training item */
};

/*
 * The chunks of a training step the model derived (dse_model_train): each
 * chunk's time and dynamic energy (chip and DRAM) on one group, b_t items
 * per step, 2 operations per training MAC.  The tables are allocated:
 * release with dse_serve_training_free.
 */
int dse_serve_training_from_step(const struct dse_train_step *step,
				 struct dse_serve_training *out,
				 struct dse_error *err);
void dse_serve_training_free(struct dse_serve_training *t);

struct dse_serve_config {
	const struct dse_serve_arrivals *arrivals;
	const struct dse_serve_policy *policy;
	double rate_rps;      /* lambda; 0 with a trace: the trace's own rate
				 (a trace is scaled in time to any other) */
	double slo_us;        /* L; 0: none */
	double percentile;    /* P of the tail, in (0, 100) */
	uint64_t requests;    /* N counted (a trace: at most its length less
				 the warm-up; 0: all of it) */
	uint64_t warmup;      /* W, or DSE_SERVE_WARMUP_DEFAULT */
	uint64_t seed;
	int early_stop;       /* stop once the P-th percentile is known to be
				 above L (certainly, or by the interval of 5
				 or more blocks) or below it (by the interval
				 of 10 or more blocks showing no rising
				 trend, at loads up to 0.9 C) */
	int cdf;              /* fill stats.cdf_us */
	/* training in the idle cycles, or NULL: inference has strict
	   priority; a free group the policy leaves idle starts its next chunk
	   (duration D) only if now + D <= a0 + L - S(b) with requests queued,
	   or D <= L - S(b) with none (any D without an SLO) */
	const struct dse_serve_training *training;
	/* called for every request in arrival order when it starts (its
	   finish is then known); a non-zero return stops the run with it */
	int (*on_request)(const struct dse_serve_request *rq, void *arg);
	void *on_request_arg;
};

/* Everything section 13 reports for a run (times in us). */
struct dse_serve_stats {
	double rate_rps, load;          /* lambda, rho = lambda / C */
	double capacity_rps;            /* C */
	uint64_t requests, warmup;      /* counted, not counted */
	uint64_t batches;               /* batches run (warm-up included) */
	double latency_mean_us, latency_p50_us, latency_p90_us,
	       latency_p99_us, latency_p999_us, latency_max_us;
	double mean_ci_us[2];           /* 95 % CI of latency_mean_us */
	double percentile, latency_tail_us; /* P and its percentile */
	double tail_ci_us[2];           /* 95 % CI of latency_tail_us */
	double p99_ci_us[2];            /* 95 % CI of latency_p99_us */
	double slo_attainment;          /* fraction of counted requests <= L
					   (1 without an SLO) */
	double batch_fill;              /* mean k / b */
	double busy_fraction;           /* group-time serving inference */
	double mean_in_system;          /* time average, counted window */
	double energy_per_item_uj;      /* with leakage and idle over the run */
	double throughput_tops;         /* served ops per second at the load */
	double avg_power_w;
	double duration_us;             /* first arrival to last completion */
	/* with cfg->training (else 0): */
	double train_items_per_s;       /* training items of completed steps */
	double train_tops;
	double dedicated_train_items_per_s; /* every group training always */
	double dedicated_train_tops;    /* the same in TOp/s */
	double train_fraction;          /* train / dedicated */
	double train_busy_fraction;     /* group-time running chunks */
	double idle_fraction;           /* group-time doing nothing */
	double train_energy_per_item_uj;/* chunks' dynamic energy per item */
	uint64_t train_steps;           /* steps completed, all groups */
	int train_blocked;              /* 1: a chunk is longer than L - S(b):
					   it never starts, no step completes */
	int stable;                     /* 0: synthetic arrivals at rho >= 1 */
	int steady;                     /* 0: the P-th percentile of later
					   blocks is significantly above that
					   of earlier ones (one-sided Welch
					   test at 1 %): the run has not
					   reached its steady state */
	int stopped_early;              /* early_stop decided before N */
	int meets_slo;                  /* latency_tail_us <= L and steady */
	double cdf_us[DSE_SERVE_CDF_POINTS]; /* with cfg->cdf: the latency at
					   probability dse_serve_cdf_p(i) */
};

/*
 * Simulate N + W requests on the server under cfg and fill *out.  The
 * p-quantile of n counted latencies is the ceil(p n)-th smallest; its
 * confidence interval is t(0.975, B - 1) s / sqrt(B) around it, s the
 * standard deviation of the quantile over B = DSE_SERVE_BLOCKS consecutive
 * blocks of requests (batch means).  Memory: the queue and 8 bytes per
 * counted request, nothing per event.  Fails with DSE_EINPUT for a bad
 * configuration (naming the field), DSE_ENOMEM, or the hook's status.
 */
int dse_serve_run(const struct dse_serve_server *srv,
		  const struct dse_serve_config *cfg,
		  struct dse_serve_stats *out, struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Tail capacity (section 13)                                         */
/* ------------------------------------------------------------------ */

/* Relative step of the tail-capacity search: rates C (1 - step)^i. */
#define DSE_SERVE_CAPACITY_STEP 0.005
/* The search goes no lower than this fraction of C. */
#define DSE_SERVE_CAPACITY_FLOOR 1e-6

struct dse_serve_capacity {
	double capacity_rps;      /* C */
	double tail_capacity_rps; /* largest rate on the grid meeting L; 0 if
				     none above the floor (or above floor_rps) */
	double tail_capacity_tops;
	double tail_load;         /* tail capacity / C */
	int above_floor;          /* 0: the caller's floor_rps was not beaten */
	unsigned steps;           /* simulations run */
	uint64_t simulated;       /* requests simulated in all */
	struct dse_serve_stats at;/* the run at the tail capacity (if any) */
};

/*
 * The tail capacity of srv under cfg's SLO L (required) at percentile P:
 * the largest rate of the grid C (1 - DSE_SERVE_CAPACITY_STEP)^i, i >= 1,
 * whose P-th percentile latency is at most L, found by a galloping search
 * down from C (i = 1, 2, 4, ...) and bisection of the bracket (so within
 * 0.5 % and never above C), each step simulated with cfg (its
 * rate_rps ignored; the same seed at every step) and stopped early once
 * its outcome is decided.  With floor_rps > 0 the caller only wants a
 * capacity above floor_rps: the first rate tested is the grid's first one
 * above it, and if that fails the search stops with above_floor = 0.
 * Fails as dse_serve_run, and with DSE_EINFEASIBLE when L < S(1).
 */
int dse_serve_capacity(const struct dse_serve_server *srv,
		       const struct dse_serve_config *cfg, double floor_rps,
		       struct dse_serve_capacity *out, struct dse_error *err);

#ifdef __cplusplus
}
#endif

#endif /* DSE_SERVE_H */
