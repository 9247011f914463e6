/*
 * bench_serve.c - the serving simulator's speed: requests simulated per
 * second on one core (the default design, G = 1, Poisson, greedy, half
 * load), the same while training in the idle cycles, one tail-capacity
 * search, and the explorer's tail pass on the
 * default study with five SLOs on every core.  Run by `make bench`; prints
 * "bench: serve N requests/s" and "bench: serve co-located N requests/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>

#include "dse_explore.h"
#include "dse_serve.h"
#include "paths.h"

#define REPEATS 5

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of n values (reorders them). */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return v[n / 2];
}

/* A design of the default technology and workload, evaluated. */
static int design(const struct dse_model *m, struct dse_format *fmt,
		  unsigned rows, unsigned cols, unsigned ks, double f,
		  struct dse_point *p, struct dse_error *err)
{
	int rc = dse_format_parse("hbfp8", fmt, err);

	memset(p, 0, sizeof *p);
	p->design.format = fmt;
	p->design.dataflow = DSE_OS;
	p->design.rows = rows;
	p->design.cols = cols;
	p->design.ksplit = ks;
	if (rc == DSE_OK)
		rc = dse_tech_opp(m->tech, f, &p->design.opp, err);
	if (rc == DSE_OK)
		rc = dse_model_eval(m, &p->design, &p->result, err);
	return rc;
}

/* Requests/s of 10^6-request runs, and the time of a capacity search. */
static int simulator(const struct dse_model *m, double *rps, double *search_s,
		     struct dse_error *err)
{
	struct dse_serve_arrivals arr;
	struct dse_serve_policy greedy, deadline;
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_serve_capacity cap;
	struct dse_format fmt;
	struct dse_point p;
	double r[REPEATS], t0;
	int i, rc;

	if ((rc = dse_serve_arrivals_parse("poisson", &arr, err)) ||
	    (rc = dse_serve_policy_parse("greedy", &greedy, err)) ||
	    (rc = dse_serve_policy_parse("deadline", &deadline, err)) ||
	    (rc = design(m, &fmt, 16, 128, 1, 1.0, &p, err)) ||
	    (rc = dse_serve_server_from_design(m, &p, &srv, err)))
		return rc;
	memset(&c, 0, sizeof c);
	c.arrivals = &arr;
	c.policy = &greedy;
	c.rate_rps = 0.5 * srv.capacity_rps;
	c.percentile = 99;
	c.requests = 1000000;
	c.warmup = DSE_SERVE_WARMUP_DEFAULT;
	c.seed = 1;
	for (i = 0; rc == DSE_OK && i < REPEATS; i++) {
		t0 = now_s();
		rc = dse_serve_run(&srv, &c, &st, err);
		r[i] = (double)(st.requests + st.warmup) / (now_s() - t0);
	}
	dse_serve_server_free(&srv);
	if (rc != DSE_OK)
		return rc;
	*rps = median(r, REPEATS);
	/* the hbfp8 design with the most tail capacity at 100 us */
	if ((rc = design(m, &fmt, 27, 128, 3, 0.5227, &p, err)) ||
	    (rc = dse_serve_server_from_design(m, &p, &srv, err)))
		return rc;
	c.policy = &deadline;
	c.slo_us = 100;
	for (i = 0; rc == DSE_OK && i < 3; i++) {
		t0 = now_s();
		rc = dse_serve_capacity(&srv, &c, 0, &cap, err);
		r[i] = now_s() - t0;
	}
	dse_serve_server_free(&srv);
	*search_s = median(r, 3);
	return rc;
}

/* Requests/s of 10^6-request runs training in the idle cycles: the hbfp8
   tail winner at 500 us (os 190 x 256 k 5), deadline, a quarter of its
   capacity, the served LSTM trained at its batch. */
static int colocated(const struct dse_model *m, double *rps,
		     struct dse_error *err)
{
	struct dse_serve_arrivals arr;
	struct dse_serve_policy deadline;
	struct dse_serve_server srv;
	struct dse_serve_training tr;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_train_step step;
	struct dse_format fmt;
	struct dse_point p;
	double r[REPEATS], t0;
	int i, rc;

	memset(&tr, 0, sizeof tr);
	if ((rc = dse_serve_arrivals_parse("poisson", &arr, err)) ||
	    (rc = dse_serve_policy_parse("deadline", &deadline, err)) ||
	    (rc = design(m, &fmt, 190, 256, 5, 0.5227, &p, err)) ||
	    (rc = dse_model_train(m, NULL, &p.design, &p.result, 0, &step, err)))
		return rc;
	rc = dse_serve_training_from_step(&step, &tr, err);
	dse_train_step_free(&step);
	if (rc == DSE_OK)
		rc = dse_serve_server_from_design(m, &p, &srv, err);
	if (rc != DSE_OK) {
		dse_serve_training_free(&tr);
		return rc;
	}
	memset(&c, 0, sizeof c);
	c.arrivals = &arr;
	c.policy = &deadline;
	c.rate_rps = 0.25 * srv.capacity_rps;
	c.slo_us = 500;
	c.percentile = 99;
	c.requests = 1000000;
	c.warmup = DSE_SERVE_WARMUP_DEFAULT;
	c.seed = 1;
	c.training = &tr;
	for (i = 0; rc == DSE_OK && i < REPEATS; i++) {
		t0 = now_s();
		rc = dse_serve_run(&srv, &c, &st, err);
		r[i] = (double)(st.requests + st.warmup) / (now_s() - t0);
	}
	dse_serve_server_free(&srv);
	dse_serve_training_free(&tr);
	*rps = median(r, REPEATS);
	return rc;
}

/* Wall time of the default study with five SLOs (sweep and tail pass). */
static int tail_pass(const struct dse_model *m, struct dse_study *st,
		     double *sweep_s, double *tail_s, struct dse_error *err)
{
	static const double slos[] = { 25, 50, 100, 250, 500 };
	struct dse_explore_result res;
	int rc;

	st->nslos = 5;
	memcpy(st->slos_us, slos, sizeof slos);
	rc = dse_explore_run(st, m, NULL, &res, err);
	*tail_s = res.tail_wall_s;
	*sweep_s = res.wall_s - res.tail_wall_s;
	dse_explore_result_free(&res);
	return rc;
}

/* Load the default study's model, then time the three. */
int main(void)
{
	const char *datadir = getenv("DSE_DATADIR");
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_study st;
	struct dse_model model;
	double rps = 0, train_rps = 0, search_s = 0, sweep_s = 0, tail_s = 0;
	int rc;

	gsl_set_error_handler_off();
	dse_study_defaults(&st);
	rc = dse_tech_load(st.tech, datadir ? datadir : DSE_SRCDATADIR, &tech, &err);
	if (rc == DSE_OK)
		rc = dse_workload_get(st.workload, &wl, &err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &st.budget, &err);
	if (rc == DSE_OK)
		rc = simulator(&model, &rps, &search_s, &err);
	if (rc == DSE_OK)
		rc = colocated(&model, &train_rps, &err);
	if (rc == DSE_OK)
		rc = tail_pass(&model, &st, &sweep_s, &tail_s, &err);
	dse_workload_free(wl);
	dse_tech_free(tech);
	if (rc != DSE_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	printf("serve: hbfp8 os 16 x 128, G = 1, b = 16, Poisson, greedy, load 0.5: "
	       "%.3g requests/s (median of %d runs of 10^6)\n", rps, REPEATS);
	printf("serve: tail-capacity search, hbfp8 os 27 x 128 k 3, p99 <= 100 us, "
	       "deadline, 10^6 requests per step: %.3g s (median of 3)\n", search_s);
	printf("serve: tail pass of the default study, 5 SLOs: %.3g s (sweep %.3g s)\n",
	       tail_s, sweep_s);
	printf("serve: co-located training, hbfp8 os 190 x 256 k 5, deadline, p99 <= 500 us, "
	       "load 0.25: %.3g requests/s (median of %d runs of 10^6)\n",
	       train_rps, REPEATS);
	printf("bench: serve %.0f requests/s\n", rps);
	printf("bench: serve co-located %.0f requests/s\n", train_rps);
	return 0;
}
