/*
 * bench.c - design points evaluated per second on the default study
 * (dse explore's Equinox defaults), on one thread and on every core.
 * Run by `make bench`; the last line reads "bench: N points/s" (all threads).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "dse_explore.h"
#include "paths.h"

#define REPEATS 5

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median points per second of REPEATS sweeps on `threads` threads. */
static int measure(const struct dse_model *model, struct dse_study *st,
		   unsigned threads, double *rate, double *points,
		   struct dse_error *err)
{
	double rates[REPEATS];
	int i, rc;

	st->threads = threads;
	for (i = 0; i < REPEATS; i++) {
		struct dse_explore_result res;

		rc = dse_explore_run(st, model, NULL, &res, err);
		rates[i] = res.evaluated / res.wall_s;
		*points = res.evaluated;
		dse_explore_result_free(&res);
		if (rc != DSE_OK)
			return rc;
	}
	qsort(rates, REPEATS, sizeof rates[0], cmp_double);
	*rate = rates[REPEATS / 2];
	return DSE_OK;
}

/* Time the default study on one thread, then on every core; prints points/s. */
int main(void)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_study st;
	struct dse_model model;
	double one = 0, all = 0, points = 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	gsl_set_error_handler_off();
	dse_study_defaults(&st);
	rc = dse_tech_load(st.tech, datadir ? datadir : DSE_SRCDATADIR, &tech, &err);
	if (rc == DSE_OK)
		rc = dse_workload_find(st.workload, datadir ? datadir : DSE_SRCDATADIR,
				      &wl, &err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &st.budget, &err);
	if (rc == DSE_OK)
		rc = measure(&model, &st, 1, &one, &points, &err);
	if (rc == DSE_OK)
		rc = measure(&model, &st, 0, &all, &points, &err);
	dse_workload_free(wl);
	dse_tech_free(tech);
	if (rc != DSE_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	printf("study: %s, %s, formats %s,%s, rows %s, cols %s, k-split %s, "
	       "freq %s: %.0f points, median of %d runs\n",
	       st.tech, st.workload, st.formats[0], st.formats[1], st.rows,
	       st.cols, st.ksplit, st.freq_ghz, points, REPEATS);
	printf("1 thread:  %.3g points/s\n", one);
	printf("%ld threads: %.3g points/s\n", cores > 0 ? cores : 1, all);
	printf("bench: %.0f points/s\n", all);
	return 0;
}
