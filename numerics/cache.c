/*
 * cache.c - the GEMM-output SQNR of a format at a workload's dot-product
 * lengths, measured once per (format, K): what the explorer's accuracy
 * objective reads (NUMERICS.md 19).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numerics_impl.h"

/* One measured (format, K) pair. */
struct entry {
	char format[32];
	double k;
	double nsr; /* sum (out - ref)^2 / sum ref^2 */
};

struct dse_sqnr_cache {
	struct dse_sqnr_setup setup;
	struct entry *entries;
	size_t n, cap;
	size_t runs;
	struct dse_gemm_problem *problem; /* the last K's data, reused */
	double problem_k;
};

/* The default proxy: gaussian, 64 x K x 64, seed 1, to nearest. */
void dse_numerics_sqnr_defaults(struct dse_sqnr_setup *s)
{
	struct dse_error err;

	memset(s, 0, sizeof *s);
	(void)dse_numerics_dist_parse("gaussian", &s->dist, &err);
	s->m = DSE_SQNR_DEFAULT_M;
	s->n = DSE_SQNR_DEFAULT_N;
	s->seed = DSE_SQNR_DEFAULT_SEED;
	s->quant.rounding = DSE_ROUND_NEAREST;
	s->quant.seed = DSE_SQNR_DEFAULT_SEED;
}

/* An empty cache on a copy of setup. */
int dse_numerics_cache_new(const struct dse_sqnr_setup *setup,
			   struct dse_sqnr_cache **out, struct dse_error *err)
{
	struct dse_sqnr_cache *c;

	if (setup->dist.type == NULL || setup->m == 0 || setup->n == 0 ||
	    setup->m > DSE_NUMERICS_SIDE_MAX || setup->n > DSE_NUMERICS_SIDE_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "SQNR setup: need a distribution and M, N in 1..%u",
				     DSE_NUMERICS_SIDE_MAX);
	c = calloc(1, sizeof *c);
	if (c == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	c->setup = *setup;
	*out = c;
	return DSE_OK;
}

/* Release a cache, its entries and its problem. */
void dse_numerics_cache_free(struct dse_sqnr_cache *c)
{
	if (c == NULL)
		return;
	dse_numerics_problem_free(c->problem);
	free(c->entries);
	free(c);
}

/* GEMMs run so far. */
size_t dse_numerics_cache_runs(const struct dse_sqnr_cache *c)
{
	return c->runs;
}

/* The cached entry of (format, k), or NULL. */
static const struct entry *find(const struct dse_sqnr_cache *c,
				const char *format, double k)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->entries[i].k == k &&
		    strcmp(c->entries[i].format, format) == 0)
			return &c->entries[i];
	return NULL;
}

/* DSE_EINPUT unless k is a whole number in 1..DSE_NUMERICS_SIDE_MAX. */
static int check_k(double k, struct dse_error *err)
{
	if (!(k >= 1 && k <= DSE_NUMERICS_SIDE_MAX) || k != floor(k))
		return dse_error_set(err, DSE_EINPUT,
				     "dot-product length K = %g: not a whole number in 1..%u",
				     k, DSE_NUMERICS_SIDE_MAX);
	return DSE_OK;
}

/* The noise-to-signal ratio of fmt at k: cached, or measured and cached. */
static int nsr_at(struct dse_sqnr_cache *c, const struct dse_format *fmt,
		  double k, double *nsr, struct dse_error *err)
{
	const struct entry *e = find(c, fmt->name, k);
	struct dse_numerics_result r;
	struct entry *grown;
	int rc;

	if (e != NULL) {
		*nsr = e->nsr;
		return DSE_OK;
	}
	rc = check_k(k, err);
	if (rc != DSE_OK)
		return rc;
	if (c->problem == NULL || c->problem_k != k) {
		dse_numerics_problem_free(c->problem);
		c->problem = NULL;
		rc = dse_numerics_problem_synthetic(&c->setup.dist, c->setup.m,
						    c->setup.n, (size_t)k,
						    c->setup.seed, &c->problem,
						    err);
		if (rc != DSE_OK)
			return rc;
		c->problem_k = k;
	}
	rc = dse_numerics_gemm(c->problem, fmt, &c->setup.quant, &r, err);
	if (rc != DSE_OK)
		return rc;
	c->runs++;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;

		grown = realloc(c->entries, cap * sizeof *grown);
		if (grown == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		c->entries = grown;
		c->cap = cap;
	}
	grown = &c->entries[c->n++];
	memset(grown, 0, sizeof *grown);
	snprintf(grown->format, sizeof grown->format, "%s", fmt->name);
	grown->k = k;
	grown->nsr = r.output_nsr;
	*nsr = r.output_nsr;
	return DSE_OK;
}

/* Measure every missing (format, K) pair, K by K. */
int dse_numerics_cache_fill(struct dse_sqnr_cache *c,
			    const struct dse_format *fmts, size_t nfmts,
			    const struct dse_k_weight *ks, size_t nk,
			    struct dse_error *err)
{
	size_t i, f;
	double nsr;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < nk; i++)
		for (f = 0; rc == DSE_OK && f < nfmts; f++)
			rc = nsr_at(c, &fmts[f], ks[i].k, &nsr, err);
	return rc;
}

/* -10 log10 of the weighted mean noise-to-signal ratio over ks. */
int dse_numerics_cache_sqnr(struct dse_sqnr_cache *c,
			    const struct dse_format *fmt,
			    const struct dse_k_weight *ks, size_t nk,
			    double *sqnr_db, struct dse_error *err)
{
	double sum = 0, wsum = 0, nsr;
	size_t i;
	int rc;

	for (i = 0; i < nk; i++) {
		if (!(ks[i].weight >= 0 && ks[i].weight <= 1e300))
			return dse_error_set(err, DSE_EINPUT,
					     "K = %g: weight %g is not a finite number >= 0",
					     ks[i].k, ks[i].weight);
		if (ks[i].weight == 0)
			continue;
		rc = nsr_at(c, fmt, ks[i].k, &nsr, err);
		if (rc != DSE_OK)
			return rc;
		sum += ks[i].weight * nsr;
		wsum += ks[i].weight;
	}
	if (wsum == 0)
		return dse_error_set(err, DSE_EINPUT,
				     "SQNR of %s: no dot-product length with a positive weight",
				     fmt->name);
	*sqnr_db = sum > 0 ? -10.0 * log10(sum / wsum) : INFINITY;
	return DSE_OK;
}

/* The distinct K of wl's GEMMs with their MACs per item. */
int dse_numerics_workload_ks(const struct dse_workload *wl,
			     struct dse_k_weight **ks, size_t *nk,
			     struct dse_error *err)
{
	struct dse_k_weight *out = malloc((wl->nstages ? wl->nstages : 1) *
					  sizeof *out);
	size_t i, j, n = 0;
	int rc;

	if (out == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *s = &wl->stages[i];

		if (s->kind != DSE_STAGE_GEMM)
			continue;
		rc = check_k(s->k, err);
		if (rc != DSE_OK) {
			dse_error_prefix(err, s->name);
			free(out);
			return rc;
		}
		for (j = 0; j < n && out[j].k != s->k; j++)
			;
		if (j == n) {
			out[n].k = s->k;
			out[n++].weight = 0;
		}
		/* MACs per item: count GEMMs of m rows x n outputs x k */
		out[j].weight += s->m * s->n * s->k * s->count;
	}
	*ks = out;
	*nk = n;
	return DSE_OK;
}

/* The SQNR of fmt on wl's K values. */
int dse_numerics_workload_sqnr(struct dse_sqnr_cache *c,
			       const struct dse_format *fmt,
			       const struct dse_workload *wl, double *sqnr_db,
			       struct dse_error *err)
{
	struct dse_k_weight *ks;
	size_t nk;
	int rc = dse_numerics_workload_ks(wl, &ks, &nk, err);

	if (rc != DSE_OK)
		return rc;
	rc = dse_numerics_cache_sqnr(c, fmt, ks, nk, sqnr_db, err);
	free(ks);
	return rc;
}
