/* stats.c - Latin hypercube, quantiles and rank correlation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dse_sensitivity.h"

/* splitmix64 (Steele, Lea & Flood 2014): a stream's seed from (seed, id). */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/*
 * McKay, Beckman & Conover (Technometrics 1979): for each dimension a
 * random permutation pi of 0..n-1 and a uniform u_i, point i at
 * (pi(i) + u_i) / n.  Each dimension has its own MT19937 stream (GSL),
 * seeded with its 64-bit mix folded to the 32 bits MT19937 takes.
 */
int dse_sens_lhs(size_t n, size_t d, uint64_t seed, const uint64_t *stream_ids,
		 double *q, struct dse_error *err)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t *perm = malloc((n ? n : 1) * sizeof *perm);
	size_t i, j;

	if (r == NULL || perm == NULL) {
		gsl_rng_free(r);
		free(perm);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (j = 0; j < d; j++) {
		uint64_t s = mix(seed ^ mix(stream_ids[j]));

		gsl_rng_set(r, (unsigned long)((s ^ (s >> 32)) & 0xffffffffu));
		for (i = 0; i < n; i++)
			perm[i] = i;
		gsl_ran_shuffle(r, perm, n, sizeof *perm);
		for (i = 0; i < n; i++)
			q[i * d + j] = ((double)perm[i] + gsl_rng_uniform(r)) /
				       (double)n;
	}
	gsl_rng_free(r);
	free(perm);
	return DSE_OK;
}

/* Type 7: h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
double dse_sens_quantile(const double *sorted, size_t n, double p)
{
	double h, frac;
	size_t lo;

	if (n == 0)
		return NAN;
	h = (double)(n - 1) * (p < 0 ? 0 : p > 1 ? 1 : p);
	lo = (size_t)floor(h);
	frac = h - (double)lo;
	/* no interpolation at a node: an infinite neighbour would make NaN */
	if (frac == 0 || lo + 1 >= n)
		return sorted[lo];
	if (sorted[lo] == sorted[lo + 1])
		return sorted[lo];
	return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

/* A value and where it came from, for ranking. */
struct ranked {
	double v;
	size_t i;
};

/* qsort order by value (every value is a number: no NaN). */
static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

/* Ranks 1..n of v (stride apart) into rank, ties at their mean rank. */
static int ranks(const double *v, size_t stride, size_t n, double *rank)
{
	struct ranked *r = malloc(n * sizeof *r);
	size_t i, j, k;

	if (r == NULL)
		return DSE_ENOMEM;
	for (i = 0; i < n; i++) {
		r[i].v = v[i * stride];
		r[i].i = i;
	}
	qsort(r, n, sizeof *r, cmp_ranked);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		/* positions i..j-1 hold ranks i+1..j: their mean */
		for (k = i; k < j; k++)
			rank[r[k].i] = 0.5 * (double)(i + 1 + j);
	}
	free(r);
	return DSE_OK;
}

/* Pearson's r of the two rank vectors. */
int dse_sens_spearman(const double *x, size_t xstride, const double *y,
		      size_t ystride, size_t n, double *rho)
{
	double *rx, *ry, mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
	size_t i;

	*rho = NAN;
	if (n < 3)
		return DSE_OK;
	rx = malloc(2 * n * sizeof *rx);
	if (rx == NULL)
		return DSE_ENOMEM;
	ry = rx + n;
	if (ranks(x, xstride, n, rx) != DSE_OK ||
	    ranks(y, ystride, n, ry) != DSE_OK) {
		free(rx);
		return DSE_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		mx += rx[i];
		my += ry[i];
	}
	mx /= (double)n;
	my /= (double)n;
	for (i = 0; i < n; i++) {
		sxy += (rx[i] - mx) * (ry[i] - my);
		sxx += (rx[i] - mx) * (rx[i] - mx);
		syy += (ry[i] - my) * (ry[i] - my);
	}
	free(rx);
	if (sxx > 0 && syy > 0)
		*rho = sxy / sqrt(sxx * syy);
	return DSE_OK;
}
