/*
 * dist.c - seeded synthetic inputs: a table of distributions (GSL's
 * generators), each with optional outliers.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "numerics_impl.h"

/* One distribution: how to draw from it and its standard deviation. */
struct dse_dist_type {
	const char *name;
	int has_param;      /* 1: "name:PARAM" */
	double (*sample)(gsl_rng *r, double param);
	double (*stddev)(double param); /* +inf when it has none */
};

/* N(0, 1) (GSL's ziggurat). */
static double gaussian(gsl_rng *r, double param)
{
	(void)param;
	return gsl_ran_gaussian_ziggurat(r, 1.0);
}

/* Laplace of scale 1: density exp(-|x|) / 2. */
static double laplace(gsl_rng *r, double param)
{
	(void)param;
	return gsl_ran_laplace(r, 1.0);
}

/* Uniform on (-1, 1) (GSL's flat draws [a, b); -1 itself has measure 0). */
static double uniform(gsl_rng *r, double param)
{
	(void)param;
	return gsl_ran_flat(r, -1.0, 1.0);
}

/* Student's t with nu degrees of freedom. */
static double student_t(gsl_rng *r, double nu)
{
	return gsl_ran_tdist(r, nu);
}

/* Standard deviation 1 (gaussian). */
static double sd_one(double param)
{
	(void)param;
	return 1.0;
}

/* Standard deviation sqrt(2) (Laplace of scale 1: variance 2 b^2). */
static double sd_laplace(double param)
{
	(void)param;
	return sqrt(2.0);
}

/* Standard deviation 1/sqrt(3) (uniform on (-1, 1): variance 1/3). */
static double sd_uniform(double param)
{
	(void)param;
	return 1.0 / sqrt(3.0);
}

/* Standard deviation of Student's t: sqrt(nu / (nu - 2)), infinite for nu <= 2. */
static double sd_student_t(double nu)
{
	return nu > 2 ? sqrt(nu / (nu - 2)) : INFINITY;
}

static const struct dse_dist_type types[] = {
	{ "gaussian", 0, gaussian, sd_one },
	{ "laplace", 0, laplace, sd_laplace },
	{ "uniform", 0, uniform, sd_uniform },
	{ "student-t", 1, student_t, sd_student_t },
};

#define NTYPES (sizeof types / sizeof types[0])

/* Names for help and messages. */
const char *dse_numerics_dist_names(void)
{
	return "gaussian, laplace, uniform, student-t:NU (each optionally "
	       ",outliers=FRACTION:SIGMAS)";
}

/* A finite number filling [s, s + n) exactly; -1 if it is not one. */
static int number(const char *s, size_t n, double *out)
{
	char buf[64], *end;

	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtod(buf, &end);
	return end == buf + n && errno == 0 && isfinite(*out) ? 0 : -1;
}

/* Outliers "FRACTION:SIGMAS" into d. */
int dse_numerics_outliers_parse(const char *spec, struct dse_dist *d,
				struct dse_error *err)
{
	const char *colon = spec ? strchr(spec, ':') : NULL;
	double f, s;

	if (colon == NULL || number(spec, (size_t)(colon - spec), &f) != 0 ||
	    number(colon + 1, strlen(colon + 1), &s) != 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "outliers '%s': expected FRACTION:SIGMAS",
				     spec ? spec : "");
	if (f < 0 || f > 1 || s <= 0 || s > 1e6)
		return dse_error_set(err, DSE_EUSAGE,
				     "outliers '%s': need 0 <= FRACTION <= 1 and 0 < SIGMAS <= 1e6",
				     spec);
	if (f > 0 && !isfinite(d->type->stddev(d->param)))
		return dse_error_set(err, DSE_EUSAGE,
				     "outliers '%s': %s:%g has no standard deviation (NU <= 2)",
				     spec, d->type->name, d->param);
	d->outlier_fraction = f;
	d->outlier_sigmas = s;
	return DSE_OK;
}

/* DSE_EUSAGE "distribution 'spec': why (known: ...)". */
static int bad_dist(struct dse_error *err, const char *spec, const char *why)
{
	return dse_error_set(err, DSE_EUSAGE,
			     "distribution '%s': %s (known: %s)", spec, why,
			     dse_numerics_dist_names());
}

/* "name[:PARAM][,outliers=F:S]" into out. */
int dse_numerics_dist_parse(const char *spec, struct dse_dist *out,
			    struct dse_error *err)
{
	static const char key[] = ",outliers=";
	const char *rest, *tail;
	size_t i, n;

	if (spec == NULL || *spec == '\0')
		return bad_dist(err, "", "empty");
	tail = strstr(spec, key);
	n = tail ? (size_t)(tail - spec) : strlen(spec);
	memset(out, 0, sizeof *out);
	for (i = 0; i < NTYPES; i++) {
		size_t len = strlen(types[i].name);

		if (n >= len && strncmp(spec, types[i].name, len) == 0 &&
		    (spec[len] == ':' || len == n))
			break;
	}
	if (i == NTYPES)
		return bad_dist(err, spec, "unknown distribution");
	out->type = &types[i];
	rest = spec + strlen(types[i].name);
	if (types[i].has_param) {
		if (*rest != ':' || number(rest + 1, n - (size_t)(rest + 1 - spec),
					   &out->param) != 0)
			return bad_dist(err, spec, "expected student-t:NU");
		if (out->param <= 0 || out->param > 1e6)
			return bad_dist(err, spec, "NU must be in (0, 1e6]");
	} else if (rest != spec + n) {
		return bad_dist(err, spec, "takes no parameter");
	}
	if (tail)
		return dse_numerics_outliers_parse(tail + strlen(key), out, err);
	return DSE_OK;
}

/* d's canonical spec in buf. */
const char *dse_numerics_dist_spec(const struct dse_dist *d, char *buf,
				   size_t len)
{
	int n = d->type->has_param ?
		snprintf(buf, len, "%s:%g", d->type->name, d->param) :
		snprintf(buf, len, "%s", d->type->name);

	if (d->outlier_fraction > 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ",outliers=%g:%g",
			 d->outlier_fraction, d->outlier_sigmas);
	return buf;
}

/* n values of d from a generator seeded by (seed, stream). */
int dse_numerics_dist_fill(const struct dse_dist *d, unsigned long seed,
			   unsigned stream, double *x, size_t n,
			   struct dse_error *err)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double big = d->outlier_sigmas * d->type->stddev(d->param);
	size_t i;

	if (r == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	gsl_rng_set(r, numerics_stream_seed(seed, stream));
	for (i = 0; i < n; i++) {
		x[i] = d->type->sample(r, d->param);
		/* an outlier replaces the value: +-SIGMAS standard deviations */
		if (d->outlier_fraction > 0 &&
		    gsl_rng_uniform(r) < d->outlier_fraction)
			x[i] = gsl_rng_uniform(r) < 0.5 ? -big : big;
	}
	gsl_rng_free(r);
	return DSE_OK;
}
