/* test_sensitivity.c - Latin hypercube, quantiles, rank correlation and
 * sensitivity runs (docs/SENSITIVITY.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_explore.h"
#include "dse_model.h"
#include "dse_sensitivity.h"
#include "suites.h"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* ---- the statistics ---- */

START_TEST(lhs_strata_each_once)
{
	static const uint64_t ids[] = { 11, 22, 33, 44, 55 };
	enum { N = 37, D = 5 };
	double q[N * D];
	int seen[N];
	size_t i, j;

	ck_assert_int_eq(dse_sens_lhs(N, D, 7, ids, q, NULL), DSE_OK);
	for (j = 0; j < D; j++) {
		memset(seen, 0, sizeof seen);
		for (i = 0; i < N; i++) {
			double v = q[i * D + j];
			int s = (int)floor(v * N);

			ck_assert(v >= 0 && v < 1);
			ck_assert_int_lt(s, N);
			seen[s]++;
		}
		/* McKay et al.: every stratum [s/N, (s+1)/N) exactly once */
		for (i = 0; i < N; i++)
			ck_assert_int_eq(seen[i], 1);
	}
}
END_TEST

START_TEST(lhs_streams_independent)
{
	static const uint64_t one[] = { 33 }, five[] = { 11, 22, 33, 44, 55 };
	double a[20], b[100], c[20];
	size_t i;

	ck_assert_int_eq(dse_sens_lhs(20, 1, 7, one, a, NULL), DSE_OK);
	ck_assert_int_eq(dse_sens_lhs(20, 5, 7, five, b, NULL), DSE_OK);
	/* dimension 33 draws the same points alone or among four others */
	for (i = 0; i < 20; i++)
		ck_assert(a[i] == b[i * 5 + 2]);
	/* another seed, other points */
	ck_assert_int_eq(dse_sens_lhs(20, 1, 8, one, c, NULL), DSE_OK);
	for (i = 0; i < 20 && a[i] == c[i]; i++)
		;
	ck_assert_uint_lt(i, 20);
}
END_TEST

START_TEST(quantile_type7_by_hand)
{
	static const double v[] = { 1, 2, 3, 4 };
	static const double w[] = { 1, 2, INFINITY };

	/* h = (n - 1) p: p 0.5 -> h 1.5, between 2 and 3 */
	ck_assert_double_eq_tol(dse_sens_quantile(v, 4, 0.5), 2.5, 1e-15);
	/* p 0.05 -> h 0.15: 1 + 0.15 x (2 - 1) */
	ck_assert_double_eq_tol(dse_sens_quantile(v, 4, 0.05), 1.15, 1e-15);
	/* p 0.95 -> h 2.85: 3 + 0.85 */
	ck_assert_double_eq_tol(dse_sens_quantile(v, 4, 0.95), 3.85, 1e-15);
	ck_assert_double_eq(dse_sens_quantile(v, 4, 0), 1);
	ck_assert_double_eq(dse_sens_quantile(v, 4, 1), 4);
	ck_assert(isnan(dse_sens_quantile(v, 0, 0.5)));
	/* at a node no interpolation: the median of {1, 2, inf} is 2 */
	ck_assert_double_eq(dse_sens_quantile(w, 3, 0.5), 2);
	ck_assert(isinf(dse_sens_quantile(w, 3, 0.95)));
}
END_TEST

START_TEST(spearman_by_hand)
{
	static const double x[] = { 1, 2, 3, 4, 5 };
	static const double y[] = { 5, 6, 7, 8, 7 };
	static const double cube[] = { 1, 8, 27, 64, 125 };
	static const double flat[] = { 2, 2, 2, 2, 2 };
	static const double down[] = { 10, 1, 0.5, 0.1, -3 };
	double rho;

	/* ranks of y: 1, 2, 3.5, 5, 3.5 (the two 7s share 3 and 4); with
	   those of x (1..5, mean 3): sxy = 4 + 1 + 0 + 2 + 1 = 8, sxx = 10,
	   syy = 4 + 1 + 0.25 + 4 + 0.25 = 9.5: rho = 8 / sqrt(95) */
	ck_assert_int_eq(dse_sens_spearman(x, 1, y, 1, 5, &rho), DSE_OK);
	ck_assert_double_eq_tol(rho, 8 / sqrt(95), 1e-15);
	/* any increasing function: 1; any decreasing one: -1 */
	dse_sens_spearman(x, 1, cube, 1, 5, &rho);
	ck_assert_double_eq_tol(rho, 1, 1e-15);
	dse_sens_spearman(x, 1, down, 1, 5, &rho);
	ck_assert_double_eq_tol(rho, -1, 1e-15);
	/* a constant has no rank order: undefined */
	dse_sens_spearman(x, 1, flat, 1, 5, &rho);
	ck_assert(isnan(rho));
	dse_sens_spearman(x, 1, y, 1, 2, &rho);
	ck_assert(isnan(rho));
	/* strides: every other element of {1, 0, 2, 0, 3, 0} is 1, 2, 3 */
	{
		static const double sx[] = { 1, 0, 2, 0, 3, 0 };
		static const double sy[] = { 3, 2, 1 };

		dse_sens_spearman(sx, 2, sy, 1, 3, &rho);
		ck_assert_double_eq_tol(rho, -1, 1e-15);
	}
}
END_TEST

/* ---- figures ---- */

/* The default study with the bounds and formats given. */
static void study(struct dse_study *st)
{
	struct dse_error err = { 0, "" };

	dse_study_defaults(st);
	/* a small space: 16 rows x 2 cols x 2 k-splits x 2 formats x 16 freqs */
	ck_assert(dse_study_set(st, "rows", "1:16", NULL, &err) == DSE_OK);
	ck_assert(dse_study_set(st, "cols", "64,128", NULL, &err) == DSE_OK);
	ck_assert(dse_study_set(st, "k_split", "1:2", NULL, &err) == DSE_OK);
	ck_assert(dse_study_set(st, "freq_ghz", "dvfs:0.05", NULL, &err) == DSE_OK);
	ck_assert(dse_study_set(st, "bounds_us", "200,400,1000", NULL, &err) ==
		  DSE_OK);
}

START_TEST(figures_listed_and_found)
{
	struct dse_study st;
	struct dse_sens_figure *f = NULL;
	struct dse_error err = { 0, "" };
	size_t n = 0, i;

	study(&st);
	ck_assert_int_eq(dse_sens_figures(&st, NULL, &f, &n, &err), DSE_OK);
	/* per bound: 2 tops and 1 ratio; 3 bounds, no SLO */
	ck_assert_uint_eq(n, 9);
	ck_assert_str_eq(f[0].name, "tops:hbfp8_576@200");
	ck_assert_str_eq(f[1].name, "tops:bf16@200");
	ck_assert_str_eq(f[2].name, "ratio:hbfp8_576/bf16@200");
	ck_assert_int_eq(dse_sens_figure_find(f, n, "ratio:hbfp8/bf16@400", &i,
					      &err), DSE_OK);
	ck_assert_uint_eq(i, 5);
	ck_assert_int_eq(dse_sens_figure_find(f, n, "tops:bf16@1e3", &i, &err),
			 DSE_OK);
	ck_assert_uint_eq(i, 7);
	ck_assert_int_eq(dse_sens_figure_find(f, n, "tops:bf16@300", &i, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "tops:hbfp8_576@200"));
	ck_assert_int_eq(dse_sens_figure_find(f, n, "nonsense", &i, &err),
			 DSE_EUSAGE);
	ck_assert_int_eq(dse_sens_figure_find(f, n, "tail:bf16@200", &i, &err),
			 DSE_EUSAGE);
	free(f);
	/* a baseline of the study, by any spelling; one that is not */
	ck_assert_int_eq(dse_sens_figures(&st, "hbfp8", &f, &n, &err), DSE_OK);
	ck_assert_str_eq(f[2].name, "ratio:bf16/hbfp8_576@200");
	free(f);
	ck_assert_int_eq(dse_sens_figures(&st, "fp32", &f, &n, &err), DSE_EUSAGE);
	/* SLOs add a tail figure per format */
	ck_assert(dse_study_set(&st, "slo_us", "300", NULL, &err) == DSE_OK);
	ck_assert_int_eq(dse_sens_figures(&st, NULL, &f, &n, &err), DSE_OK);
	ck_assert_uint_eq(n, 11);
	ck_assert_str_eq(f[10].name, "tail:bf16@300");
	free(f);
}
END_TEST

/* ---- runs ---- */

/* tech with every uncertain parameter but those of keep[] fixed at its
   value (dse_tech_with drops a set parameter's range). */
static struct dse_tech *isolate(const struct dse_tech *tech,
				const char *const *keep)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *t = NULL;
	size_t idx[64], n = 0, i;
	double v[64];

	for (i = 0; i < dse_tech_nparams(); i++) {
		const char *key, *source, *const *k;
		double value;

		if (dse_tech_param_uncertainty(tech, i) == NULL)
			continue;
		dse_tech_param(tech, i, &key, &value, &source);
		for (k = keep; *k && strcmp(*k, key) != 0; k++)
			;
		if (*k)
			continue;
		idx[n] = i;
		v[n++] = value;
	}
	ck_assert_int_eq(dse_tech_with(tech, idx, v, n, "test", "test", &t, &err),
			 DSE_OK);
	return t;
}


/* Run st on tech with n samples, seed 1; the test fails on error. */
static void run(const struct dse_study *st, const struct dse_tech *tech,
		size_t n, struct dse_sens_result *res)
{
	struct dse_sens_config cfg = { n, 1, NULL, NULL };
	struct dse_workload *wl = NULL;
	struct dse_error err = { 0, "" };

	ck_assert(dse_workload_get("lstm", &wl, &err) == DSE_OK);
	ck_assert_msg(dse_sens_run(st, tech, wl, &cfg, NULL, res, &err) == DSE_OK,
		      "%s", err.msg);
	dse_workload_free(wl);
}

START_TEST(zero_width_range_zero_width_band)
{
	static const char *const keep[] = { "v_min_v", NULL };
	struct dse_tech *n7 = test_tech("tech_sens_zero.json"), *t = isolate(n7, keep);
	struct dse_sens_result res;
	struct dse_study st;
	size_t f;

	study(&st);
	run(&st, t, 6, &res);
	ck_assert_uint_eq(res.nparams, 1);
	ck_assert_str_eq(res.params[0].key, "v_min_v");
	/* the one parameter has range [0.5, 0.5]: every sample is the
	   technology itself, so every band is the value, exactly */
	for (f = 0; f < res.nfigures; f++) {
		ck_assert_msg(res.stats[f].p5 == res.base[f] &&
				      res.stats[f].median == res.base[f] &&
				      res.stats[f].p95 == res.base[f],
			      "%s: %g [%g, %g] vs %g", res.figures[f].name,
			      res.stats[f].median, res.stats[f].p5,
			      res.stats[f].p95, res.base[f]);
		/* a constant figure has no rank correlation */
		ck_assert(isnan(res.rho[f]));
	}
	ck_assert(res.bars[0].swing == 0);
	ck_assert_uint_eq(res.sweeps, 1 + 6); /* both ends are the value */
	dse_sens_result_free(&res);
	dse_tech_free(t);
	dse_tech_free(n7);
}
END_TEST

START_TEST(independent_figure_ignores_parameter)
{
	static const char *const leak[] = { "pe_leak_fraction", NULL };
	static const char *const both[] = { "pe_leak_fraction",
					    "sram_read_pj_per_bit", NULL };
	static const char *const sram[] = { "sram_read_pj_per_bit", NULL };
	struct dse_tech *n7 = test_tech("n7");
	struct dse_tech *t1 = isolate(n7, leak), *t2 = isolate(n7, both);
	struct dse_tech *t3 = isolate(n7, sram);
	struct dse_sens_result r1, r2, r3;
	struct dse_study st;
	struct dse_error err = { 0, "" };
	size_t f;

	/* 1e4 W: every design is area-bound, so PE leakage (peak power only)
	   cannot move a throughput */
	study(&st);
	ck_assert(dse_study_set(&st, "power_w", "1e4", NULL, &err) == DSE_OK);
	run(&st, t1, 8, &r1);
	run(&st, t2, 8, &r2);
	run(&st, t3, 8, &r3);
	for (f = 0; f < r1.nfigures; f++) {
		ck_assert_msg(r1.stats[f].p5 == r1.base[f] &&
				      r1.stats[f].p95 == r1.base[f],
			      "%s moves with leakage", r1.figures[f].name);
		ck_assert(r1.oat_lo[f] == r1.base[f] && r1.oat_hi[f] == r1.base[f]);
		/* with the SRAM energy uncertain too, the band is the SRAM
		   energy's alone: leakage adds nothing (its own stream keeps
		   the SRAM samples as they are) */
		ck_assert(r2.stats[f].p5 == r3.stats[f].p5);
		ck_assert(r2.stats[f].median == r3.stats[f].median);
		ck_assert(r2.stats[f].p95 == r3.stats[f].p95);
	}
	dse_sens_result_free(&r1);
	dse_sens_result_free(&r2);
	dse_sens_result_free(&r3);
	dse_tech_free(t1);
	dse_tech_free(t2);
	dse_tech_free(t3);
	dse_tech_free(n7);
}
END_TEST

START_TEST(same_result_any_threads)
{
	static const char *const keep[] = { "sram_read_pj_per_bit", "v_min_v",
					    "fixed_power_w", "vector_lanes", NULL };
	struct dse_tech *n7 = test_tech("n7"), *t = isolate(n7, keep);
	struct dse_sens_result a, b;
	struct dse_study st;
	struct dse_error err = { 0, "" };
	size_t i;

	study(&st);
	/* 301 frequencies: 4096 / 301 = 13 tuples a chunk, so the 128 tuples
	   (16 rows x 2 cols x 2 k-splits x 2 formats) are 10 chunks to share */
	ck_assert(dse_study_set(&st, "freq_ghz", "0.6:1.2:0.002", NULL, &err) ==
		  DSE_OK);
	ck_assert(dse_study_set(&st, "threads", "1", NULL, &err) == DSE_OK);
	run(&st, t, 5, &a);
	ck_assert(dse_study_set(&st, "threads", "3", NULL, &err) == DSE_OK);
	run(&st, t, 5, &b);
	ck_assert_uint_eq(a.threads, 1);
	ck_assert_uint_eq(b.threads, 3);
	ck_assert(memcmp(a.x, b.x, a.nsamples * a.nparams * sizeof *a.x) == 0);
	for (i = 0; i < a.nsamples * a.nfigures; i++)
		ck_assert(a.y[i] == b.y[i] || (isnan(a.y[i]) && isnan(b.y[i])));
	for (i = 0; i < a.nparams * a.nfigures; i++)
		ck_assert(a.oat_lo[i] == b.oat_lo[i] || isnan(a.oat_lo[i]));
	for (i = 0; i < a.nformats * a.ngrid * 3; i++)
		ck_assert(a.band[i] == b.band[i]);
	for (i = 0; i < a.nparams; i++)
		ck_assert_uint_eq(a.bars[i].param, b.bars[i].param);
	dse_sens_result_free(&a);
	dse_sens_result_free(&b);
	dse_tech_free(t);
	dse_tech_free(n7);
}
END_TEST

START_TEST(samples_are_the_lhs_and_the_sweeps)
{
	static const char *const keep[] = { "sram_read_pj_per_bit",
					    "vector_lanes", NULL };
	struct dse_tech *n7 = test_tech("n7"), *t = isolate(n7, keep), *ts = NULL;
	struct dse_workload *wl = NULL;
	struct dse_sens_result res;
	struct dse_explore_result er;
	struct dse_model model;
	struct dse_study st;
	struct dse_error err = { 0, "" };
	size_t s = 3, idx[2], p;
	const struct dse_point *best;

	study(&st);
	run(&st, t, 7, &res);
	ck_assert_uint_eq(res.nparams, 2);
	for (p = 0; p < res.nparams; p++) {
		const struct dse_sens_param *sp = &res.params[p];
		size_t i;

		for (i = 0; i < res.nsamples; i++) {
			double x = res.x[i * 2 + p];

			ck_assert(x >= sp->lo && x <= sp->hi);
			if (sp->whole) /* vector_lanes: rounded */
				ck_assert(x == floor(x));
			else /* the log-uniform quantile of the point */
				ck_assert_double_eq_tol(
					sp->dist->cdf(x, sp->lo, sp->value, sp->hi),
					res.q[i * 2 + p], 1e-12);
		}
		idx[p] = sp->index;
	}
	/* sample 3's figure is the sweep of its technology, recomputed here */
	ck_assert(dse_tech_with(t, idx, res.x + s * 2, 2, "x", "x", &ts, &err) ==
		  DSE_OK);
	ck_assert(dse_workload_get("lstm", &wl, &err) == DSE_OK);
	ck_assert(dse_model_init(&model, ts, wl, &st.budget, &err) == DSE_OK);
	ck_assert(dse_explore_run(&st, &model, NULL, &er, &err) == DSE_OK);
	best = dse_frontier_best(&er.frontier[0], 400);
	ck_assert_ptr_nonnull(best);
	ck_assert_str_eq(res.figures[3].name, "tops:hbfp8_576@400");
	ck_assert(res.y[s * res.nfigures + 3] == best->result.throughput_tops);
	dse_explore_result_free(&er);
	dse_workload_free(wl);
	dse_tech_free(ts);
	dse_sens_result_free(&res);
	dse_tech_free(t);
	dse_tech_free(n7);
}
END_TEST

START_TEST(tornado_sorted_and_chosen)
{
	static const char *const keep[] = { "sram_read_pj_per_bit",
					    "pe_idle_fraction", "v_min_v", NULL };
	struct dse_tech *n7 = test_tech("n7"), *t = isolate(n7, keep);
	struct dse_sens_config cfg = { 4, 1, "tops:bf16@400", NULL };
	struct dse_workload *wl = NULL;
	struct dse_sens_result res;
	struct dse_study st;
	struct dse_error err = { 0, "" };
	size_t i;

	study(&st);
	ck_assert(dse_workload_get("lstm", &wl, &err) == DSE_OK);
	ck_assert_int_eq(dse_sens_run(&st, t, wl, &cfg, NULL, &res, &err), DSE_OK);
	ck_assert_str_eq(res.figures[res.tornado].name, "tops:bf16@400");
	for (i = 0; i + 1 < res.nparams; i++)
		ck_assert(res.bars[i].swing >= res.bars[i + 1].swing);
	/* the idle energy is no part of peak power: no throughput moves */
	ck_assert_str_eq(res.params[res.bars[2].param].key, "pe_idle_fraction");
	ck_assert(res.bars[2].swing == 0);
	for (i = 0; i < res.nparams; i++) {
		const struct dse_sens_bar *b = &res.bars[i];

		ck_assert(b->at_lo == res.oat_lo[b->param * res.nfigures + res.tornado]);
		ck_assert(b->swing == fabs(b->at_hi - b->at_lo));
	}
	dse_sens_result_free(&res);
	dse_workload_free(wl);
	dse_tech_free(t);
	dse_tech_free(n7);
}
END_TEST

START_TEST(bad_runs_refused)
{
	struct dse_tech *n7 = test_tech("n7"), *fixed = NULL, *bad = test_tech("tech_sens_overlap.json");
	static const char *const none[] = { NULL };
	struct dse_workload *wl = NULL;
	struct dse_sens_result res;
	struct dse_study st;
	struct dse_error err = { 0, "" };
	struct dse_sens_config cfg = { 0, 1, NULL, NULL };

	study(&st);
	ck_assert(dse_workload_get("lstm", &wl, &err) == DSE_OK);
	ck_assert_int_eq(dse_sens_run(&st, n7, wl, &cfg, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_sens_result_free(&res);
	cfg.samples = 2;
	cfg.tornado = "tops:fp32@200";
	ck_assert_int_eq(dse_sens_run(&st, n7, wl, &cfg, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_sens_result_free(&res);
	cfg.tornado = NULL;
	cfg.baseline = "int8";
	ck_assert_int_eq(dse_sens_run(&st, n7, wl, &cfg, NULL, &res, &err),
			 DSE_EUSAGE);
	dse_sens_result_free(&res);
	cfg.baseline = NULL;
	/* nothing uncertain */
	fixed = isolate(n7, none);
	ck_assert_int_eq(dse_sens_run(&st, fixed, wl, &cfg, NULL, &res, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no parameter declares"));
	dse_sens_result_free(&res);
	/* v_th_v's range reaches above v_min_v's: a sample breaks the law */
	cfg.samples = 8;
	ck_assert_int_eq(dse_sens_run(&st, bad, wl, &cfg, NULL, &res, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "tech_sens_overlap.json"));
	ck_assert_ptr_nonnull(strstr(err.msg, "v_th_v"));
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	dse_sens_result_free(&res);
	dse_workload_free(wl);
	dse_tech_free(bad);
	dse_tech_free(fixed);
	dse_tech_free(n7);
}
END_TEST

Suite *suite_sensitivity(void)
{
	Suite *s = suite_create("sensitivity");
	TCase *tc;

	tc = tcase_create("statistics");
	tcase_add_test(tc, lhs_strata_each_once);
	tcase_add_test(tc, lhs_streams_independent);
	tcase_add_test(tc, quantile_type7_by_hand);
	tcase_add_test(tc, spearman_by_hand);
	tcase_add_test(tc, figures_listed_and_found);
	suite_add_tcase(s, tc);

	tc = tcase_create("runs");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, zero_width_range_zero_width_band);
	tcase_add_test(tc, independent_figure_ignores_parameter);
	tcase_add_test(tc, same_result_any_threads);
	tcase_add_test(tc, samples_are_the_lhs_and_the_sweeps);
	tcase_add_test(tc, tornado_sorted_and_chosen);
	tcase_add_test(tc, bad_runs_refused);
	suite_add_tcase(s, tc);
	return s;
}
