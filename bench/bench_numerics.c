/*
 * bench_numerics.c - quantize-and-GEMM throughput of each number format
 * (numerics/): quantized elements (A and B) per second on one core, the
 * median of REPEATS runs of dse_numerics_gemm (quantize A and B, multiply,
 * compare with the reference; the inputs and the reference are made once).
 * Run by `make bench`; prints "bench: numerics <format> N elements/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "dse_numerics.h"

#define REPEATS 7

/* The GEMM measured: a batch of 16 rows against 16 columns, K = 4096. */
#define BENCH_M 16
#define BENCH_N 16
#define BENCH_K 4096

static const char *const formats[] = {
	"hbfp8_576", "hbfp6_256", "hbfp4_576", "mxint8", "mxfp8_e4m3",
	"mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp4", "int8", "bf16",
	"fp32",
};

/* Seconds on the monotonic clock. */
static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median seconds of one quantize-and-GEMM of p in name. */
static int measure(const struct dse_gemm_problem *p, const char *name,
		   double *seconds, struct dse_error *err)
{
	const struct dse_quant_opts q = { DSE_ROUND_NEAREST, 1 };
	struct dse_numerics_result r;
	struct dse_format f;
	double t[REPEATS];
	int i, rc = dse_format_parse(name, &f, err);

	for (i = 0; rc == DSE_OK && i < REPEATS; i++) {
		double t0 = now_s();

		rc = dse_numerics_gemm(p, &f, &q, &r, err);
		t[i] = now_s() - t0;
	}
	if (rc != DSE_OK)
		return rc;
	qsort(t, REPEATS, sizeof t[0], cmp_double);
	*seconds = t[REPEATS / 2];
	return DSE_OK;
}

/* Time every format on one problem; one line per format. */
int main(void)
{
	const double elements = (double)(BENCH_M + BENCH_N) * BENCH_K;
	const double macs = (double)BENCH_M * BENCH_N * BENCH_K;
	struct dse_error err = { 0, "" };
	struct dse_gemm_problem *p = NULL;
	struct dse_dist d;
	size_t i;
	int rc;

	gsl_set_error_handler_off();
	rc = dse_numerics_dist_parse("gaussian", &d, &err);
	if (rc == DSE_OK)
		rc = dse_numerics_problem_synthetic(&d, BENCH_M, BENCH_N, BENCH_K,
						    1, &p, &err);
	printf("numerics: quantize A (%d x %d) and B (%d x %d) along K and multiply,\n"
	       "median of %d runs, one thread\n", BENCH_M, BENCH_K, BENCH_K,
	       BENCH_N, REPEATS);
	for (i = 0; rc == DSE_OK && i < sizeof formats / sizeof formats[0]; i++) {
		double s;

		rc = measure(p, formats[i], &s, &err);
		if (rc == DSE_OK)
			printf("bench: numerics %s %.0f elements/s (%.3g MAC/s)\n",
			       formats[i], elements / s, macs / s);
	}
	dse_numerics_problem_free(p);
	if (rc != DSE_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	return 0;
}
