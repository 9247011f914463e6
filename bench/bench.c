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

#include <time.h>

#include <gsl/gsl_errno.h>

#include "dse_explore.h"
#include "dse_output.h"
#include "paths.h"

#define REPEATS 5
/* Designs written by the --all-points measurement, and how many times. */
#define WRITE_POINTS 2000
#define WRITE_ROUNDS 25

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

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/*
 * --all-points' write rates, points per second: WRITE_POINTS designs of
 * the study written WRITE_ROUNDS times as points.npy, and as points.csv
 * and points.jsonl together (what --all-points wrote before points.npy).
 */
static int write_rates(const struct dse_study *st, const struct dse_model *model,
		       double *npy, double *text, struct dse_error *err)
{
	struct dse_plan *pl = NULL;
	struct dse_point *p = calloc(WRITE_POINTS, sizeof *p);
	struct dse_npy_writer *w = NULL;
	FILE *f = tmpfile(), *g = tmpfile();
	double t0;
	size_t i, r;
	int rc = p && f && g ? DSE_OK :
		 dse_error_set(err, DSE_EIO, "bench: no memory or temporary file");

	if (rc == DSE_OK)
		rc = dse_explore_plan(st, &model, 1, &pl, err);
	for (i = 0; rc == DSE_OK && i < WRITE_POINTS; i++)
		rc = dse_plan_point(pl, i * 997 % (uint64_t)dse_plan_designs(pl),
				    &p[i], err);
	if (rc == DSE_OK)
		rc = dse_npy_open(f, &w, err);
	t0 = now_s();
	for (r = 0; rc == DSE_OK && r < WRITE_ROUNDS; r++)
		for (i = 0; rc == DSE_OK && i < WRITE_POINTS; i++)
			rc = dse_npy_point(w, &p[i]);
	if (rc == DSE_OK)
		rc = dse_npy_finish(w);
	*npy = WRITE_POINTS * WRITE_ROUNDS / (now_s() - t0);
	t0 = now_s();
	for (r = 0; rc == DSE_OK && r < WRITE_ROUNDS; r++)
		for (i = 0; rc == DSE_OK && i < WRITE_POINTS; i++)
			if (dse_csv_point(f, &p[i]) != DSE_OK ||
			    dse_jsonl_point(g, &p[i]) != DSE_OK)
				rc = DSE_EIO;
	fflush(f);
	fflush(g);
	*text = WRITE_POINTS * WRITE_ROUNDS / (now_s() - t0);
	if (rc != DSE_OK && err && err->msg[0] == '\0')
		dse_error_set(err, rc, "bench: writing the points failed");
	dse_npy_free(w);
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	free(p);
	dse_plan_free(pl);
	return rc;
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
	double w1 = 0, wall = 0, wpruned = 0, npy = 0, text = 0;
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
	if (rc == DSE_OK)
		rc = write_rates(&st, &model, &npy, &text, &err);
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
	printf("--all-points writes: points.npy %.3g points/s, points.csv + "
	       "points.jsonl %.3g points/s (%.1fx)\n", npy, text, npy / text);
	printf("bench: %.0f points/s\n", all.total / wall);
	dse_explore_result_free(&one);
	dse_explore_result_free(&all);
	dse_explore_result_free(&pruned);
	dse_workload_free(wl);
	dse_tech_free(tech);
	return 0;
}
