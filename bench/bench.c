/*
 * bench.c - the explorer on the default study (dse explore's Equinox
 * defaults): designs evaluated per second with pruning off, on one thread
 * and on every core, and the wall time of the exact frontier with pruning
 * on.  Run by `make bench`; the last line reads "bench: N points/s"
 * (pruning off, every core).
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

/* Median wall time of REPEATS sweeps; the last one's counts. */
static int measure(const struct dse_model *model, struct dse_study *st,
		   unsigned threads, int prune, double *wall,
		   struct dse_explore_result *last, struct dse_error *err)
{
	double walls[REPEATS];
	int i, rc;

	st->threads = threads;
	st->prune = prune;
	for (i = 0; i < REPEATS; i++) {
		struct dse_explore_result res;

		rc = dse_explore_run(st, model, NULL, &res, err);
		walls[i] = res.wall_s;
		if (i + 1 == REPEATS && rc == DSE_OK) {
			*last = res;
			memset(&res, 0, sizeof res);
		}
		dse_explore_result_free(&res);
		if (rc != DSE_OK)
			return rc;
	}
	qsort(walls, REPEATS, sizeof walls[0], cmp_double);
	*wall = walls[REPEATS / 2];
	return DSE_OK;
}

/* Time the default study unpruned on one thread and every core, then
   pruned on every core. */
int main(void)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_study st;
	struct dse_model model;
	struct dse_explore_result one, all, pruned;
	double w1 = 0, wall = 0, wpruned = 0;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	memset(&one, 0, sizeof one);
	memset(&all, 0, sizeof all);
	memset(&pruned, 0, sizeof pruned);
	gsl_set_error_handler_off();
	dse_study_defaults(&st);
	rc = dse_tech_load(st.techs[0], datadir ? datadir : DSE_SRCDATADIR, &tech,
			   &err);
	if (rc == DSE_OK)
		rc = dse_workload_find(st.workloads[0],
				       datadir ? datadir : DSE_SRCDATADIR, &wl, &err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &st.budget, &err);
	if (rc == DSE_OK)
		rc = measure(&model, &st, 1, 0, &w1, &one, &err);
	if (rc == DSE_OK)
		rc = measure(&model, &st, 0, 0, &wall, &all, &err);
	if (rc == DSE_OK)
		rc = measure(&model, &st, 0, 1, &wpruned, &pruned, &err);
	if (rc != DSE_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	printf("study: %s, %s, formats %s,%s, rows %s, cols %s, k-split %s, "
	       "freq %s: %.0f designs, median of %d runs\n",
	       st.techs[0], st.workloads[0], st.formats[0].name,
	       st.formats[1].name, st.rows.text, st.cols.text, st.ksplit.text,
	       st.freq.range.text, all.total, REPEATS);
	printf("pruning off, 1 thread:  %.3g points/s (%.3f s)\n",
	       one.total / w1, w1);
	printf("pruning off, %ld threads: %.3g points/s (%.3f s)\n",
	       cores > 0 ? cores : 1, all.total / wall, wall);
	printf("pruning on, %ld threads: exact frontier in %.3f s (%.0f of %.0f "
	       "feasible designs evaluated, %.0f pruned)\n",
	       cores > 0 ? cores : 1, wpruned, pruned.evaluated,
	       pruned.feasible, pruned.pruned);
	printf("bench: %.0f points/s\n", all.total / wall);
	dse_explore_result_free(&one);
	dse_explore_result_free(&all);
	dse_explore_result_free(&pruned);
	dse_workload_free(wl);
	dse_tech_free(tech);
	return 0;
}
