/*
 * bench_numerics.c - quantize-and-GEMM throughput of each number format
 * (numerics/): quantized elements (A and B) per second on one core, the
 * median of REPEATS runs of dse_numerics_gemm (quantize A and B, multiply,
 * compare with the reference; the inputs and the reference are made once).
 * Run by `make bench`; prints "bench: numerics <format> N elements/s".
 * `bench_numerics FORMAT...` times only those formats (to compare two
 * builds format by format, runs interleaved).
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

/* Seconds on clock id. */
static double clock_s(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median CPU and wall seconds of one quantize-and-GEMM of p in name. */
static int measure(const struct dse_gemm_problem *p, const char *name,
		   double *cpu_s, double *wall_s, struct dse_error *err)
{
	const struct dse_quant_opts q = { DSE_ROUND_NEAREST, 1 };
	struct dse_numerics_result r;
	struct dse_format f;
	double cpu[REPEATS], wall[REPEATS];
	int i, rc = dse_format_parse(name, &f, err);

	for (i = 0; rc == DSE_OK && i < REPEATS; i++) {
		double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
		double w0 = clock_s(CLOCK_MONOTONIC);

		rc = dse_numerics_gemm(p, &f, &q, &r, err);
		cpu[i] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
		wall[i] = clock_s(CLOCK_MONOTONIC) - w0;
	}
	if (rc != DSE_OK)
		return rc;
	qsort(cpu, REPEATS, sizeof cpu[0], cmp_double);
	qsort(wall, REPEATS, sizeof wall[0], cmp_double);
	*cpu_s = cpu[REPEATS / 2];
	*wall_s = wall[REPEATS / 2];
	return DSE_OK;
}

/* Time every format (or those named) on one problem; one line per format. */
int main(int argc, char **argv)
{
	const char *const *names = argc > 1 ? (const char *const *)argv + 1 :
				   formats;
	const size_t count = argc > 1 ? (size_t)argc - 1 :
			     sizeof formats / sizeof formats[0];
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
	       "median of %d runs, one thread, per second of its CPU time\n",
	       BENCH_M, BENCH_K, BENCH_K, BENCH_N, REPEATS);
	for (i = 0; rc == DSE_OK && i < count; i++) {
		double cpu, wall;

		rc = measure(p, names[i], &cpu, &wall, &err);
		if (rc == DSE_OK)
			printf("bench: numerics %s %.0f elements/s (%.3g MAC/s; wall %.3g elements/s)\n",
			       names[i], elements / cpu, macs / cpu,
			       elements / wall);
	}
	dse_numerics_problem_free(p);
	if (rc != DSE_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	return 0;
}
