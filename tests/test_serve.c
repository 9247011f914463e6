/* test_serve.c - the serving simulator against queueing theory (SERVING.md 16). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <gsl/gsl_cdf.h>

#include "dse_serve.h"
#include "serve_impl.h"
#include "suites.h"

/* Requests of the statistical checks: 20 blocks of 20,000. */
#define N_THEORY 400000

/*
 * The run's 95 % intervals come from 20 batch means (t with 19 degrees of
 * freedom); a fixed seed makes each check pass or fail for good, so the
 * checks widen them to 99.9 %: t(0.9995, 19) / t(0.975, 19) = 3.883 /
 * 2.093 = 1.855.
 */
static double widen(void)
{
	return gsl_cdf_tdist_Pinv(0.9995, 19) / gsl_cdf_tdist_Pinv(0.975, 19);
}

static struct dse_serve_arrivals poisson, gamma2;
static struct dse_serve_policy greedy, deadline;

/* Parse the processes and policies every test uses. */
static void setup(void)
{
	struct dse_error err;

	ck_assert_int_eq(dse_serve_arrivals_parse("poisson", &poisson, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_arrivals_parse("gamma:2", &gamma2, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_policy_parse("greedy", &greedy, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_policy_parse("deadline", &deadline, &err), DSE_OK);
}

static void teardown(void)
{
	dse_serve_arrivals_free(&poisson);
	dse_serve_arrivals_free(&gamma2);
}

/* A run configuration: the arrivals and policy at a rate. */
static struct dse_serve_config config(const struct dse_serve_arrivals *a,
				      const struct dse_serve_policy *p,
				      double rate_rps, uint64_t n)
{
	struct dse_serve_config c;

	memset(&c, 0, sizeof c);
	c.arrivals = a;
	c.policy = p;
	c.rate_rps = rate_rps;
	c.percentile = 99;
	c.requests = n;
	c.warmup = DSE_SERVE_WARMUP_DEFAULT;
	c.seed = 1;
	return c;
}

/* One server, batch 1, S = 10 us: the M/D/1 queue under greedy. */
static void md1(struct dse_serve_server *s)
{
	const double service = 10.0;
	struct dse_error err;

	ck_assert_int_eq(dse_serve_server_init(s, 1, 1, &service, NULL, 1, &err),
			 DSE_OK);
}

/*
 * Erlang's waiting-time distribution of M/D/1 (SERVING.md 16):
 * P(W <= t) = (1 - rho) sum_{k=0}^{floor(t/S)} (lambda (k S - t))^k
 * e^{-lambda (k S - t)} / k!, in long double (the terms alternate).
 */
static double erlang_cdf(double t, double rho, double s)
{
	long double lambda = rho / s, sum = 0, term;
	long k, kmax = (long)floor(t / s);

	for (k = 0; k <= kmax; k++) {
		long double x = lambda * (k * s - t);

		term = powl(x, k) * expl(-x) / tgammal(k + 1);
		sum += term;
	}
	return (double)((1 - rho) * sum);
}

/* The p-quantile of the M/D/1 waiting time, by bisection on the CDF. */
static double erlang_quantile(double p, double rho, double s)
{
	double lo = 0, hi = s;
	int i;

	if (erlang_cdf(0, rho, s) >= p) /* the atom at 0: P(W = 0) = 1 - rho */
		return 0;
	/* bracket from below: the sum loses precision far in the tail */
	while (erlang_cdf(hi, rho, s) < p)
		hi *= 2;
	for (i = 0; i < 200; i++) {
		double mid = 0.5 * (lo + hi);

		if (erlang_cdf(mid, rho, s) >= p)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

/* M/D/1 mean waiting time rho S / (2 (1 - rho)) within the run's interval. */
START_TEST(test_md1_mean)
{
	static const double loads[] = { 0.3, 0.5, 0.8 };
	const double s = 10.0, rho = loads[_i];
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	double want, half;

	md1(&srv);
	c = config(&poisson, &greedy, rho / (s * 1e-6), N_THEORY);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	/* latency = wait + S: 12.142857, 15 and 30 us */
	want = s + rho * s / (2 * (1 - rho));
	half = 0.5 * (st.mean_ci_us[1] - st.mean_ci_us[0]) * widen();
	ck_assert_msg(fabs(st.latency_mean_us - want) <= half,
		      "rho %g: mean latency %g us, M/D/1 %g +- %g", rho,
		      st.latency_mean_us, want, half);
	ck_assert(st.stable);
	ck_assert_double_eq_tol(st.load, rho, 1e-12);
	/* batch 1: every batch is full */
	ck_assert_double_eq_tol(st.batch_fill, 1.0, 1e-12);
	/* the server is busy rho of the time (within 1 %) */
	ck_assert_double_eq_tol(st.busy_fraction, rho, 0.01 * rho);
	dse_serve_server_free(&srv);
}
END_TEST

/* Erlang's p50, p90 and p99 of the waiting time within the run's interval. */
START_TEST(test_md1_quantiles)
{
	static const double loads[] = { 0.3, 0.5, 0.8 };
	static const double pct[] = { 50, 90, 99 };
	const double s = 10.0, rho = loads[_i];
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	size_t j;

	md1(&srv);
	for (j = 0; j < 3; j++) {
		double want, half;

		c = config(&poisson, &greedy, rho / (s * 1e-6), N_THEORY);
		c.percentile = pct[j];
		ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
		want = s + erlang_quantile(pct[j] / 100, rho, s);
		half = 0.5 * (st.tail_ci_us[1] - st.tail_ci_us[0]) * widen();
		ck_assert_msg(fabs(st.latency_tail_us - want) <= half + 1e-9,
			      "rho %g p%g: %g us, Erlang %g +- %g", rho, pct[j],
			      st.latency_tail_us, want, half);
	}
	dse_serve_server_free(&srv);
}
END_TEST

/* Little's law: time-average number in system = lambda x mean latency. */
START_TEST(test_little)
{
	const double s[4] = { 10, 11, 12, 13 };
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	double lambda_per_us;

	/* two servers of batch 4, gamma arrivals, at 70 % of C */
	ck_assert_int_eq(dse_serve_server_init(&srv, 2, 4, s, NULL, 1, &err),
			 DSE_OK);
	c = config(&gamma2, &greedy, 0.7 * srv.capacity_rps, N_THEORY);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	lambda_per_us = st.rate_rps * 1e-6;
	/* the run estimates the rate it was given within 1 %; the two sides
	   of Little's law then agree within 2 % */
	ck_assert_double_eq_tol(st.mean_in_system,
				lambda_per_us * st.latency_mean_us,
				0.02 * lambda_per_us * st.latency_mean_us);
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * Load -> 0: a lone request.  G = 2, b = 8, S(k) = 10 + k us.  Greedy
 * serves it at once in S(1) = 11 us; deadline holds it until a0 + L - S(b)
 * = a0 + 50 - 18 = a0 + 32 and serves it alone: 32 + 11 = 43 us.
 */
START_TEST(test_low_load)
{
	double s[8];
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	int k;

	for (k = 0; k < 8; k++)
		s[k] = 10 + k + 1;
	ck_assert_int_eq(dse_serve_server_init(&srv, 2, 8, s, NULL, 1, &err),
			 DSE_OK);
	c = config(&poisson, &greedy, 1e-4 * srv.capacity_rps, 20000);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_double_eq_tol(st.latency_p50_us, 11.0, 1e-9);
	ck_assert_double_eq_tol(st.latency_mean_us, 11.0, 0.01);
	c = config(&poisson, &deadline, 1e-4 * srv.capacity_rps, 20000);
	c.slo_us = 50;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_double_eq_tol(st.latency_p50_us, 43.0, 1e-9);
	ck_assert_double_eq_tol(st.latency_mean_us, 43.0, 0.05);
	ck_assert_double_eq_tol(st.slo_attainment, 1.0, 1e-12);
	dse_serve_server_free(&srv);
}
END_TEST

/* Write n evenly spaced arrivals, gap_us apart, as a trace file. */
static void write_even_trace(const char *path, int n, double gap_us)
{
	FILE *f = fopen(path, "w");
	int i;

	ck_assert_ptr_nonnull(f);
	fputs("# evenly spaced arrivals\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "%.17g\n", i * gap_us);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * deadline fills every batch when b arrivals come within L - S(b): G = 2,
 * b = 8, S(k) = 10 + k, L = 50, so a batch may wait 32 us.  Arrivals 2 us
 * apart: 8 come in 14 us, every batch is full (8000 = 1000 x 8).  Arrivals
 * 10 us apart: the batch starts 32 us after its first request, holding the
 * requests at 0, 10, 20 and 30: k = 4, a fill of exactly 0.5.
 */
START_TEST(test_deadline_fill)
{
	char path[] = "/tmp/dse-trace-XXXXXX", spec[64];
	double s[8];
	struct dse_serve_server srv;
	struct dse_serve_arrivals tr;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	int k, fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	for (k = 0; k < 8; k++)
		s[k] = 10 + k + 1;
	ck_assert_int_eq(dse_serve_server_init(&srv, 2, 8, s, NULL, 1, &err),
			 DSE_OK);
	snprintf(spec, sizeof spec, "trace:%s", path);
	write_even_trace(path, 8000, 2.0);
	ck_assert_int_eq(dse_serve_arrivals_parse(spec, &tr, &err), DSE_OK);
	/* 7999 gaps of 2 us: 500,000 requests/s */
	ck_assert_double_eq_tol(tr.trace_rate_rps, 5e5, 1e-6);
	c = config(&tr, &deadline, 0, 0);
	c.slo_us = 50;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_uint_eq(st.requests, 8000);
	ck_assert_double_eq_tol(st.batch_fill, 1.0, 1e-12);
	ck_assert_double_eq_tol(st.slo_attainment, 1.0, 1e-12);
	dse_serve_arrivals_free(&tr);

	write_even_trace(path, 8000, 10.0);
	ck_assert_int_eq(dse_serve_arrivals_parse(spec, &tr, &err), DSE_OK);
	c = config(&tr, &deadline, 0, 0);
	c.slo_us = 50;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_double_eq_tol(st.batch_fill, 0.5, 1e-12);
	/* the first of a batch waits 32 us, then S(4) = 14 us */
	ck_assert_double_eq_tol(st.latency_max_us, 46.0, 1e-9);
	dse_serve_arrivals_free(&tr);
	unlink(path);
	dse_serve_server_free(&srv);
}
END_TEST

/* Arrival times a run hands to its request hook, in id order. */
struct collected {
	size_t n;
	double *t;
};

/* Request hook: keep the arrival time. */
static int collect(const struct dse_serve_request *rq, void *arg)
{
	struct collected *c = arg;

	c->t[rq->id] = rq->arrival_us;
	c->n = rq->id + 1 > c->n ? rq->id + 1 : c->n;
	return DSE_OK;
}

/*
 * A trace of a run's own arrival times, replayed with the same warm-up,
 * gives the same latencies: the policy sees the same times.  Replayed
 * twice, it gives the same output twice.
 */
START_TEST(test_trace_replay)
{
	const double s[4] = { 10, 11, 12, 13 };
	char path[] = "/tmp/dse-trace-XXXXXX", spec[64];
	struct collected col = { 0, calloc(5050, sizeof(double)) };
	struct dse_serve_server srv;
	struct dse_serve_arrivals tr;
	struct dse_serve_config c;
	struct dse_serve_stats a, b, b2;
	struct dse_error err;
	FILE *f;
	size_t i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dse_serve_server_init(&srv, 2, 4, s, NULL, 1, &err),
			 DSE_OK);
	c = config(&poisson, &deadline, 0.6 * srv.capacity_rps, 5000);
	c.slo_us = 40;
	c.warmup = 50;
	c.on_request = collect;
	c.on_request_arg = &col;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &a, &err), DSE_OK);
	ck_assert_uint_eq(col.n, 5050);
	f = fdopen(fd, "w");
	fputs("id,arrival_us,other\n", f); /* the CSV form, as --requests-csv */
	for (i = 0; i < col.n; i++)
		fprintf(f, "%zu,%.17g,x\n", i, col.t[i]);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(spec, sizeof spec, "trace:%s", path);
	ck_assert_int_eq(dse_serve_arrivals_parse(spec, &tr, &err), DSE_OK);
	c = config(&tr, &deadline, 0, 0);
	c.slo_us = 40;
	c.warmup = 50;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &b, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &b2, &err), DSE_OK);
	ck_assert_uint_eq(b.requests, a.requests);
	ck_assert(b.latency_mean_us == a.latency_mean_us);
	ck_assert(b.latency_p99_us == a.latency_p99_us);
	ck_assert(b.latency_max_us == a.latency_max_us);
	ck_assert(b.batch_fill == a.batch_fill);
	ck_assert(memcmp(&b, &b2, sizeof b) == 0);
	dse_serve_arrivals_free(&tr);
	dse_serve_server_free(&srv);
	unlink(path);
	free(col.t);
}
END_TEST

/*
 * gamma:2 gaps have the asked mean and a coefficient of variation of 2
 * (shape 1/4): both within 2 % over 10^5 gaps (the sample CV of a Gamma
 * of shape 1/4 has a standard error near 1 % at that size).
 */
START_TEST(test_gamma_gaps)
{
	const double s = 1.0;
	struct collected col = { 0, calloc(100001, sizeof(double)) };
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	double m = 0, v = 0;
	size_t i;

	ck_assert_int_eq(dse_serve_server_init(&srv, 1, 1, &s, NULL, 1, &err),
			 DSE_OK);
	c = config(&gamma2, &greedy, 1e4, 100000); /* mean gap 100 us */
	c.warmup = 1;
	c.on_request = collect;
	c.on_request_arg = &col;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	for (i = 1; i < col.n; i++)
		m += col.t[i] - col.t[i - 1];
	m /= (double)(col.n - 1);
	for (i = 1; i < col.n; i++)
		v += (col.t[i] - col.t[i - 1] - m) * (col.t[i] - col.t[i - 1] - m);
	v /= (double)(col.n - 2);
	ck_assert_double_eq_tol(m, 100.0, 2.0);
	ck_assert_double_eq_tol(sqrt(v) / m, 2.0, 0.04);
	dse_serve_server_free(&srv);
	free(col.t);
}
END_TEST

/* The same seed gives the same run; another seed another one. */
START_TEST(test_seed)
{
	const double s[2] = { 5, 6 };
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats a, b;
	struct dse_error err;

	ck_assert_int_eq(dse_serve_server_init(&srv, 3, 2, s, NULL, 1, &err),
			 DSE_OK);
	c = config(&poisson, &greedy, 0.7 * srv.capacity_rps, 20000);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &a, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &b, &err), DSE_OK);
	ck_assert(memcmp(&a, &b, sizeof a) == 0);
	c.seed = 2;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &b, &err), DSE_OK);
	ck_assert(a.latency_mean_us != b.latency_mean_us);
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * Tail capacity of M/D/1 (S = 10 us) at p99 <= 30 us: the largest rho with
 * P(W <= 20 us) >= 0.99 by Erlang's formula, found here by bisection on
 * rho.  The simulated search lands within 3 % of it (the p99 of 4 x 10^5
 * requests varies by about 1 % of rho near the answer, and the grid is
 * 0.5 %), never above C, and says the design meets the SLO there.
 */
START_TEST(test_capacity_md1)
{
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_capacity cap;
	struct dse_error err;
	double lo = 0.01, hi = 0.99;
	int i;

	for (i = 0; i < 60; i++) {
		double mid = 0.5 * (lo + hi);

		if (erlang_cdf(20, mid, 10) >= 0.99)
			lo = mid;
		else
			hi = mid;
	}
	md1(&srv);
	c = config(&poisson, &greedy, 0, N_THEORY);
	c.slo_us = 30;
	ck_assert_int_eq(dse_serve_capacity(&srv, &c, 0, &cap, &err), DSE_OK);
	ck_assert_double_eq_tol(cap.capacity_rps, 1e5, 1e-6);
	ck_assert_double_eq_tol(cap.tail_load, lo, 0.03);
	ck_assert(cap.tail_capacity_rps < cap.capacity_rps);
	ck_assert(cap.at.meets_slo);
	ck_assert_double_eq_tol(cap.tail_capacity_tops,
				cap.tail_capacity_rps * 1e-12, 1e-18);
	/* asked only for a capacity above 99 % of C, it says there is none */
	ck_assert_int_eq(dse_serve_capacity(&srv, &c, 0.99 * cap.capacity_rps,
					    &cap, &err), DSE_OK);
	ck_assert_int_eq(cap.above_floor, 0);
	/* an SLO below S(1) is infeasible */
	c.slo_us = 9;
	ck_assert_int_eq(dse_serve_capacity(&srv, &c, 0, &cap, &err),
			 DSE_EINFEASIBLE);
	ck_assert_ptr_nonnull(strstr(err.msg, "S(1) = 10 us"));
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * A server from a toy design: os 4 x 1024, one array, gemm:1024,1024
 * (N = K = 1024, one row per item), no fill or drain, 1 GHz.  A batch of
 * k <= 4 is one fold of T = K = 1024 cycles: S(k) = 1.024 us for every k,
 * C = 4 / 1.024 us = 3,906,250 items/s.  Energy (toy: 1 per MAC, 10 per
 * word read): k 1024^2 MACs + 10 (1024 k activation words + 1024^2 weight
 * words) pJ: k = 1: 11.544576 uJ, k = 4: 14.721024 uJ.
 */
START_TEST(test_server_from_design)
{
	struct dse_tech *tech;
	struct dse_workload *wl;
	struct dse_format fmt;
	struct dse_model model;
	struct dse_budget budget = { 300, 75, 75, 0 };
	struct dse_point p;
	struct dse_serve_server srv;
	struct dse_error err;

	ck_assert_int_eq(dse_tech_load("toy", test_datadir(), &tech, &err), DSE_OK);
	ck_assert_int_eq(dse_workload_get("gemm:1024,1024", &wl, &err), DSE_OK);
	ck_assert_int_eq(dse_format_parse("int8", &fmt, &err), DSE_OK);
	ck_assert_int_eq(dse_model_init(&model, tech, wl, &budget, &err), DSE_OK);
	memset(&p, 0, sizeof p);
	p.design.format = &fmt;
	p.design.dataflow = DSE_OS;
	p.design.rows = 4;
	p.design.cols = 1024;
	p.design.ksplit = 1;
	p.design.arrays = 1;
	ck_assert_int_eq(dse_tech_opp(tech, 1.0, &p.design.opp, &err), DSE_OK);
	ck_assert_int_eq(dse_model_eval(&model, &p.design, &p.result, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_server_from_design(&model, &p, &srv, &err),
			 DSE_OK);
	ck_assert_uint_eq(srv.groups, 1);
	ck_assert_uint_eq(srv.batch, 4);
	ck_assert_double_eq_tol(srv.service_us[0], 1.024, 1e-12);
	ck_assert_double_eq_tol(srv.service_us[3], 1.024, 1e-12);
	ck_assert_double_eq_tol(srv.capacity_rps, 3906250, 1e-6);
	ck_assert_double_eq_tol(srv.energy_uj[0], 11.544576, 1e-9);
	ck_assert_double_eq_tol(srv.energy_uj[3], 14.721024, 1e-9);
	/* the full batch is the model's own batch: same latency */
	ck_assert_double_eq_tol(srv.service_us[3], p.result.latency_us, 1e-12);
	dse_serve_server_free(&srv);
	dse_workload_free(wl);
	dse_tech_free(tech);
}
END_TEST

/* Write text to a new temporary file; its path in path (a template). */
static void write_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Bad traces: each a one-line DSE_EINPUT naming the file and line. */
START_TEST(test_bad_traces)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "", "0 arrivals" },
		{ "# only a comment\n\n", "0 arrivals" },
		{ "5\n", "1 arrival" },
		{ "3\n3\n3\n", "positive time" },
		{ "1\n3\n2\n", ":3: arrival time 2 is before" },
		{ "1\n-2\n", ":2: arrival time -2 is negative" },
		{ "1\nabc\n", ":2: 'abc' is not a plain decimal" },
		{ "1\nnan\n", ":2: 'nan' is not a plain decimal" },
		{ "1\ninf\n", ":2: 'inf' is not a plain decimal" },
		{ "1\n0x10\n", ":2: '0x10' is not a plain decimal" },
		{ "1\n 2\n", ":2: ' 2' is not a plain decimal" },
		{ "1\n2 \n", ":2: '2 ' is not a plain decimal" },
		{ "1\n1e999\n", ":2: '1e999' is not a plain decimal" },
		{ "time\n1\n", ":1: neither an arrival time" },
		{ "id,arrival_us\n0,1\n1\n", ":3: no field 2" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[] = "/tmp/dse-trace-XXXXXX", spec[64];
		struct dse_serve_arrivals a;
		struct dse_error err;

		write_file(path, cases[i].text);
		snprintf(spec, sizeof spec, "trace:%s", path);
		ck_assert_int_eq(dse_serve_arrivals_parse(spec, &a, &err),
				 DSE_EINPUT);
		ck_assert_msg(strstr(err.msg, cases[i].why) &&
			      strstr(err.msg, path) && !strchr(err.msg, '\n'),
			      "case %zu: '%s'", i, err.msg);
		unlink(path);
	}
}
END_TEST

/* Bad arrival and policy specifications, and bad run configurations. */
START_TEST(test_bad_specs)
{
	static const char *const arrivals[] = {
		"gamma:0", "gamma:-1", "gamma:abc", "gamma:", "gamma",
		"poisson:3", "trace:", "trace:/nonexistent/x", "uniform", "",
	};
	static const char *const policies[] = {
		"timeout:-5", "timeout:x", "timeout", "deadline:3", "fifo", "",
	};
	const double s = 10;
	struct dse_serve_arrivals a;
	struct dse_serve_policy p;
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	size_t i;

	for (i = 0; i < sizeof arrivals / sizeof arrivals[0]; i++)
		ck_assert_msg(dse_serve_arrivals_parse(arrivals[i], &a, &err) ==
			      DSE_EINPUT, "%s accepted", arrivals[i]);
	for (i = 0; i < sizeof policies / sizeof policies[0]; i++)
		ck_assert_msg(dse_serve_policy_parse(policies[i], &p, &err) ==
			      DSE_EINPUT, "%s accepted", policies[i]);
	ck_assert_int_eq(dse_serve_policy_parse("timeout:0", &p, &err), DSE_OK);
	md1(&srv);
	c = config(&poisson, &greedy, 0, 100); /* no rate */
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c.rate_rps = NAN;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c.rate_rps = -1;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c = config(&poisson, &greedy, 1e3, 0); /* no requests */
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c = config(&poisson, &greedy, 1e3, 100);
	c.percentile = 100;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c.percentile = 0;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	c = config(&poisson, &deadline, 1e3, 100); /* deadline without an SLO */
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_EINPUT);
	/* S(k) must be positive and non-decreasing */
	{
		const double bad[2] = { 5, 4 };
		struct dse_serve_server b;

		ck_assert_int_eq(dse_serve_server_init(&b, 1, 2, bad, NULL, 1, &err),
				 DSE_EINPUT);
		ck_assert_int_eq(dse_serve_server_init(&b, 0, 1, &s, NULL, 1, &err),
				 DSE_EINPUT);
	}
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * An overloaded run (rho = 1.5) still serves N requests, says it is not
 * stable, and its latencies grow: the median is far above S.
 */
START_TEST(test_overload)
{
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;

	md1(&srv);
	c = config(&poisson, &greedy, 1.5e5, 10000);
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_int_eq(st.stable, 0);
	ck_assert_uint_eq(st.requests, 10000);
	/* the backlog after the median request: ~ 0.5 x 5000 requests x 10 us */
	ck_assert(st.latency_p50_us > 1000);
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * Training by hand: G = 1, b = 1, S = 10 us, L = 30 us (slack L - S(b) =
 * 20 us), a step of two 5 us chunks training 4 items, requests every
 * 100 us from t = 0 (a trace).  A request starts at once (q >= b) and takes
 * 10 us; the group then trains 18 chunks (9 steps) until the next arrival,
 * the last chunk ending exactly at it (completions go first).  1001
 * requests: 9 x 1000 steps = 36,000 items over 1000 x 100 + 10 us =
 * 359,964.0036 items/s; dedicated 4 / 10 us = 400,000 items/s: a fraction
 * of 0.8999100090.  Every latency is 10 us.
 */
START_TEST(test_train_by_hand)
{
	const double s = 10, chunk[2] = { 5, 5 };
	const struct dse_serve_training tr = { 2, chunk, NULL, 4, 1 };
	char path[] = "/tmp/dse-trace-XXXXXX", spec[64];
	struct dse_serve_server srv;
	struct dse_serve_arrivals a;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	write_even_trace(path, 1001, 100.0);
	snprintf(spec, sizeof spec, "trace:%s", path);
	ck_assert_int_eq(dse_serve_arrivals_parse(spec, &a, &err), DSE_OK);
	ck_assert_int_eq(dse_serve_server_init(&srv, 1, 1, &s, NULL, 1, &err),
			 DSE_OK);
	c = config(&a, &deadline, 0, 0);
	c.slo_us = 30;
	c.training = &tr;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_uint_eq(st.train_steps, 9000);
	ck_assert_double_eq_tol(st.train_items_per_s, 36000 / 100010e-6, 1e-6);
	ck_assert_double_eq_tol(st.dedicated_train_items_per_s, 4e5, 1e-6);
	/* one operation per item: 4e5 op/s = 4e-7 TOp/s */
	ck_assert_double_eq_tol(st.dedicated_train_tops, 4e-7, 1e-18);
	ck_assert_double_eq_tol(st.train_fraction, 36000 / 100010e-6 / 4e5, 1e-12);
	ck_assert_double_eq_tol(st.latency_max_us, 10, 1e-12);
	ck_assert_int_eq(st.train_blocked, 0);
	/* group-time: 10 of every 100 us serving, 90 training */
	ck_assert_double_eq_tol(st.busy_fraction, 1001 * 10 / 100010.0, 1e-12);
	ck_assert_double_eq_tol(st.train_busy_fraction, 90000 / 100010.0, 1e-12);
	ck_assert_double_eq_tol(st.idle_fraction, 0, 1e-12);
	dse_serve_arrivals_free(&a);
	dse_serve_server_free(&srv);
	unlink(path);
}
END_TEST

/* Three groups of b = 8, S(k) = 10 + k us, a step of three chunks. */
static void train_server(struct dse_serve_server *srv)
{
	double s[8];
	struct dse_error err;
	int k;

	for (k = 0; k < 8; k++)
		s[k] = 10 + k + 1;
	ck_assert_int_eq(dse_serve_server_init(srv, 3, 8, s, NULL, 1, &err),
			 DSE_OK);
}

static const double train_chunks[3] = { 4, 6, 5 };
static const struct dse_serve_training train_step = { 3, train_chunks, NULL, 8, 1 };

/* A run at load rho with training, SLO 60 us; the stats in *st. */
static void train_run(const struct dse_serve_server *srv,
		      const struct dse_serve_policy *pol, double rho,
		      struct dse_serve_stats *st)
{
	struct dse_serve_config c = config(&poisson, pol, rho * srv->capacity_rps,
					   100000);
	struct dse_error err;

	c.slo_us = 60;
	c.training = &train_step;
	ck_assert_int_eq(dse_serve_run(srv, &c, st, &err), DSE_OK);
}

/*
 * SERVING.md 16 with training on: the dedicated rate is G b_t / step =
 * 3 x 8 / 15 us = 1.6 M items/s; at rho = 10^-4 a request takes at most
 * S(8) + the longest chunk = 24 us of one group's time per mean gap of
 * 18 us / (24 x 10^-4) = 75 ms, so the fraction is above 0.999; it falls
 * as the load rises; it is higher under deadline than greedy at the same
 * load (fuller batches leave longer gaps); the p99 stays within L.
 */
START_TEST(test_train_load)
{
	static const double loads[] = { 0.1, 0.3, 0.6 };
	struct dse_serve_server srv;
	struct dse_serve_stats st, g;
	double last = 1.0;
	size_t i;

	train_server(&srv);
	train_run(&srv, &deadline, 1e-4, &st);
	ck_assert_double_eq_tol(st.dedicated_train_items_per_s, 1.6e6, 1e-6);
	ck_assert_msg(st.train_fraction > 0.999, "fraction %g at load 1e-4",
		      st.train_fraction);
	for (i = 0; i < 3; i++) {
		train_run(&srv, &deadline, loads[i], &st);
		ck_assert_msg(st.train_fraction < last, "load %g: %g after %g",
			      loads[i], st.train_fraction, last);
		ck_assert(st.latency_p99_us <= 60);
		last = st.train_fraction;
		train_run(&srv, &greedy, loads[i], &g);
		ck_assert_msg(st.train_fraction > g.train_fraction,
			      "load %g: deadline %g, greedy %g", loads[i],
			      st.train_fraction, g.train_fraction);
		/* group-time adds up */
		ck_assert_double_eq_tol(st.busy_fraction + st.train_busy_fraction +
					st.idle_fraction, 1.0, 1e-9);
	}
	dse_serve_server_free(&srv);
}
END_TEST

/*
 * With training on and deadline batching the p99 meets L at every load up
 * to half the tail capacity (found without training): checked at 1/4 and
 * 1/2 of it.
 */
START_TEST(test_train_tail)
{
	static const double share[] = { 0.25, 0.5 };
	struct dse_serve_server srv;
	struct dse_serve_capacity cap;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;
	size_t i;

	train_server(&srv);
	c = config(&poisson, &deadline, 0, 100000);
	c.slo_us = 60;
	ck_assert_int_eq(dse_serve_capacity(&srv, &c, 0, &cap, &err), DSE_OK);
	for (i = 0; i < 2; i++) {
		c.rate_rps = share[i] * cap.tail_capacity_rps;
		c.training = &train_step;
		ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
		ck_assert_msg(st.latency_p99_us <= 60, "%g of the tail capacity: p99 %g",
			      share[i], st.latency_p99_us);
		ck_assert(st.train_steps > 0);
	}
	dse_serve_server_free(&srv);
}
END_TEST

/* L - S(b) = 19 - 18 = 1 us is below every chunk: nothing trains, and the
   run says so. */
START_TEST(test_train_blocked)
{
	struct dse_serve_server srv;
	struct dse_serve_config c;
	struct dse_serve_stats st;
	struct dse_error err;

	train_server(&srv);
	c = config(&poisson, &deadline, 0.1 * srv.capacity_rps, 20000);
	c.slo_us = 19;
	c.training = &train_step;
	ck_assert_int_eq(dse_serve_run(&srv, &c, &st, &err), DSE_OK);
	ck_assert_uint_eq(st.train_steps, 0);
	ck_assert_int_eq(st.train_blocked, 1);
	ck_assert_double_eq_tol(st.train_fraction, 0, 1e-12);
	dse_serve_server_free(&srv);
}
END_TEST

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Selection against sorting: random arrays of 1..600 values drawn from 1,
 * 5 or 1000 distinct values (runs of equal latencies), sorted and reversed
 * ones; after serve_select(k) a[k] is the sorted array's a[k], nothing
 * before it is larger and nothing after it smaller.
 */
START_TEST(test_select)
{
	static const int distinct[] = { 1, 5, 1000 };
	double a[600], b[600];
	unsigned seed = 7;
	int t;

	for (t = 0; t < 3000; t++) {
		size_t n = 1 + (size_t)(rand_r(&seed) % 600), k, i;
		int d = distinct[t % 3], shape = t % 5;

		for (i = 0; i < n; i++)
			a[i] = shape == 3 ? (double)i : shape == 4 ? (double)(n - i) :
			       (double)(rand_r(&seed) % d);
		memcpy(b, a, n * sizeof *a);
		qsort(b, n, sizeof *b, cmp_double);
		k = (size_t)rand_r(&seed) % n;
		serve_select(a, 0, n, k);
		ck_assert(a[k] == b[k]);
		for (i = 0; i < n; i++)
			ck_assert(i < k ? a[i] <= a[k] : a[i] >= a[k]);
	}
	/* the rank of a quantile: ceil(p n) - 1 */
	ck_assert_uint_eq(serve_rank(0.99, 100), 98);
	ck_assert_uint_eq(serve_rank(0.999, 1000), 998);
	ck_assert_uint_eq(serve_rank(0.5, 3), 1);
	ck_assert_uint_eq(serve_rank(0.5, 1), 0);
	ck_assert_uint_eq(serve_rank(0.9, 10), 8);
}
END_TEST

Suite *suite_serve(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("theory");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_md1_mean, 0, 3);
	tcase_add_loop_test(tc, test_md1_quantiles, 0, 3);
	tcase_add_test(tc, test_little);
	tcase_add_test(tc, test_low_load);
	tcase_add_test(tc, test_deadline_fill);
	tcase_add_test(tc, test_trace_replay);
	tcase_add_test(tc, test_gamma_gaps);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_capacity_md1);
	tcase_add_test(tc, test_server_from_design);
	tcase_add_test(tc, test_bad_traces);
	tcase_add_test(tc, test_bad_specs);
	tcase_add_test(tc, test_overload);
	tcase_add_test(tc, test_select);
	tcase_add_test(tc, test_train_by_hand);
	tcase_add_test(tc, test_train_load);
	tcase_add_test(tc, test_train_tail);
	tcase_add_test(tc, test_train_blocked);
	suite_add_tcase(s, tc);
	return s;
}
