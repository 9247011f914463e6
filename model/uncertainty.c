/* uncertainty.c - the distributions an uncertain technology parameter may take. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dse_model.h"

/*
 * Every distribution lives on the declared range [lo, hi] and is centred
 * (mode or mean) on the parameter's value v, lo <= v <= hi.  A zero-width
 * range (lo == hi) is the point lo for every one of them.
 */

/* q in [0, 1] clamped, and x clamped to [lo, hi]. */
static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Uniform on [lo, hi]: x = lo + q (hi - lo). */
static double uniform_quantile(double q, double lo, double v, double hi)
{
	(void)v;
	return clamp(lo + clamp(q, 0, 1) * (hi - lo), lo, hi);
}

/* F(x) = (x - lo) / (hi - lo). */
static double uniform_cdf(double x, double lo, double v, double hi)
{
	(void)v;
	if (hi <= lo)
		return x < lo ? 0 : 1;
	return clamp((x - lo) / (hi - lo), 0, 1);
}

/* Log-uniform (every decade equally likely): x = lo (hi / lo)^q, lo > 0. */
static double loguniform_quantile(double q, double lo, double v, double hi)
{
	(void)v;
	if (hi <= lo)
		return lo;
	return clamp(lo * exp(clamp(q, 0, 1) * log(hi / lo)), lo, hi);
}

/* F(x) = ln(x / lo) / ln(hi / lo). */
static double loguniform_cdf(double x, double lo, double v, double hi)
{
	(void)v;
	if (hi <= lo)
		return x < lo ? 0 : 1;
	if (x <= lo)
		return 0;
	return clamp(log(x / lo) / log(hi / lo), 0, 1);
}

/*
 * Normal of mean v and standard deviation (hi - lo) / 4, truncated to
 * [lo, hi] (a symmetric range is then mean +- 2 sigma, 95.4 % of the
 * untruncated mass): x = v + sigma Phi^-1(Phi(a) + q (Phi(b) - Phi(a))),
 * a = (lo - v) / sigma, b = (hi - v) / sigma.
 */
static double normal_quantile(double q, double lo, double v, double hi)
{
	double s = (hi - lo) / 4, pa, pb;

	if (hi <= lo)
		return lo;
	pa = gsl_cdf_ugaussian_P((lo - v) / s);
	pb = gsl_cdf_ugaussian_P((hi - v) / s);
	return clamp(v + s * gsl_cdf_ugaussian_Pinv(pa + clamp(q, 0, 1) * (pb - pa)),
		     lo, hi);
}

/* F(x) = (Phi((x - v) / sigma) - Phi(a)) / (Phi(b) - Phi(a)). */
static double normal_cdf(double x, double lo, double v, double hi)
{
	double s = (hi - lo) / 4, pa, pb;

	if (hi <= lo)
		return x < lo ? 0 : 1;
	pa = gsl_cdf_ugaussian_P((lo - v) / s);
	pb = gsl_cdf_ugaussian_P((hi - v) / s);
	return clamp((gsl_cdf_ugaussian_P((clamp(x, lo, hi) - v) / s) - pa) /
		     (pb - pa), 0, 1);
}

/*
 * Triangular on [lo, hi] with mode v: F(v) = (v - lo) / (hi - lo); below
 * it x = lo + sqrt(q (hi - lo)(v - lo)), above x = hi - sqrt((1 - q)(hi -
 * lo)(hi - v)) (the inverse of the two quadratic pieces of F).
 */
static double triangular_quantile(double q, double lo, double v, double hi)
{
	double w = hi - lo;

	if (w <= 0)
		return lo;
	q = clamp(q, 0, 1);
	if (q <= (v - lo) / w)
		return clamp(lo + sqrt(q * w * (v - lo)), lo, hi);
	return clamp(hi - sqrt((1 - q) * w * (hi - v)), lo, hi);
}

/* F(x) = (x - lo)^2 / (w (v - lo)) up to v, 1 - (hi - x)^2 / (w (hi - v)) above. */
static double triangular_cdf(double x, double lo, double v, double hi)
{
	double w = hi - lo;

	if (w <= 0)
		return x < lo ? 0 : 1;
	x = clamp(x, lo, hi);
	if (x <= v)
		return v > lo ? (x - lo) * (x - lo) / (w * (v - lo)) : 0;
	return hi > v ? 1 - (hi - x) * (hi - x) / (w * (hi - v)) : 1;
}

static const struct dse_prior dists[] = {
	{ "uniform", "every value of [lo, hi] equally likely",
	  uniform_quantile, uniform_cdf, 0 },
	{ "loguniform", "every factor of [lo, hi] equally likely (lo > 0)",
	  loguniform_quantile, loguniform_cdf, 1 },
	{ "normal", "mean the value, sigma (hi - lo) / 4, truncated to [lo, hi]",
	  normal_quantile, normal_cdf, 0 },
	{ "triangular", "mode the value, zero at lo and hi",
	  triangular_quantile, triangular_cdf, 0 },
};

#define NDISTS (sizeof dists / sizeof dists[0])

/* The distribution called name, or NULL. */
const struct dse_prior *dse_prior_find(const char *name)
{
	size_t i;

	for (i = 0; i < NDISTS; i++)
		if (strcmp(dists[i].name, name) == 0)
			return &dists[i];
	return NULL;
}

/* Row i of the distribution table, or NULL past its end. */
const struct dse_prior *dse_prior_row(size_t i)
{
	return i < NDISTS ? &dists[i] : NULL;
}

/* The names of the table, comma-separated, into buf; returns buf. */
const char *dse_prior_names(char *buf, size_t len)
{
	size_t i, used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < NDISTS && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 dists[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}
