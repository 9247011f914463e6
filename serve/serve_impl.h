/*
 * serve_impl.h - private to serve/: the rows of the arrival and policy
 * tables, and order statistics.  Nothing outside serve/ includes it.
 */
#ifndef DSE_SERVE_IMPL_H
#define DSE_SERVE_IMPL_H

#include <gsl/gsl_rng.h>

#include "dse_serve.h"

/* Where an arrival process stands within a run. */
struct arrival_state {
	const struct dse_serve_arrivals *a;
	double mean_gap_us;  /* 1 / lambda */
	double scale;        /* trace: time scale to reach lambda */
	double t_us;         /* the last arrival */
	size_t next;         /* trace: index of the next arrival */
	double shape, theta; /* gamma parameters */
};

/* A row of the arrival table. */
struct dse_arrival_type {
	const char *name;
	int has_arg;     /* 1: "name:ARG" */
	int trace;       /* 1: times come from a file */
	/* parse the argument (after ':') into a */
	int (*parse)(struct dse_serve_arrivals *a, const char *arg,
		     struct dse_error *err);
	/* prepare st for mean inter-arrival time mean_gap_us */
	void (*start)(struct arrival_state *st);
	/* the next arrival time, us */
	double (*next)(struct arrival_state *st, gsl_rng *rng);
};

/* What a policy sees of the dispatcher when a group is free. */
struct policy_view {
	double now_us;
	double oldest_us;   /* a0, arrival of the oldest queued request */
	unsigned long queued;
	unsigned batch;     /* b */
	double full_us;     /* S(b) */
	double slo_us;      /* L (0: none) */
};

/* A row of the policy table. */
struct dse_policy_type {
	const char *name;
	int has_arg;
	int needs_slo;
	int (*parse)(struct dse_serve_policy *p, const char *arg,
		     struct dse_error *err);
	/* the earliest time a batch may start: <= now starts one now */
	double (*start_at)(const struct dse_serve_policy *p,
			   const struct policy_view *v);
};

/*
 * Arrange a[lo..n) so that a[k] holds the value of rank k (0-based) of the
 * whole of a[lo..n), smaller values before it and larger after (lo <= k <
 * n); linear on average, never worse than n log n.
 */
void serve_select(double *a, size_t lo, size_t n, size_t k);

/* Index (0-based) of the p-quantile of n values: ceil(p n) - 1, in 0..n-1. */
size_t serve_rank(double p, size_t n);

#endif /* DSE_SERVE_IMPL_H */
