/*
 * test_kernel.c - the sweep kernel and the evaluation cache against
 * dse_model_eval: the kernel's contract is every metric and the sizing bit
 * for bit dse_model_eval's for the same design, and the cache's that a
 * cache handed from one design to another gives the fresh result.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_rng.h>

#include "dse_model.h"
#include "suites.h"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* A setting: technology, workload, budget, and which formats to draw. */
static const struct {
	const char *tech, *wl;
	double area_mm2, power_w, sram_mb;
	int dram_in_budget;
} settings[] = {
	{ "n7", "lstm", 300, 75, 75, 0 },
	{ "n7", "bert-base", 300, 75, 16, 0 },   /* weights stream from DRAM */
	{ "n7", "bert-base", 300, 75, 48, 1 },   /* and DRAM counts in P_max */
	{ "n16", "resnet50", 200, 60, 8, 0 },
	{ "n28", "gru", 400, 100, 75, 0 },
	{ "toy", "gemm:1024,1024", 300, 75, 75, 0 },
	{ "n7", "gpt2", 300, 75, 40, 0 },
	{ "toy", "bert-layer", 300, 75, 1, 0 },  /* no DRAM: weights fit nowhere */
};

static const char *const formats[] = { "hbfp8", "bf16", "fp32", "int8",
				       "mxfp4", "hbfp4_64", "mxfp8_e4m3" };

/* Setting i's technology, workload and model (the test fails if any
   does not load). */
static void load_setting(int i, struct dse_tech **tech,
			 struct dse_workload **wl, struct dse_model *m)
{
	struct dse_error err = { 0, "" };
	struct dse_budget b = { settings[i].area_mm2, settings[i].power_w,
				settings[i].sram_mb, settings[i].dram_in_budget };

	ck_assert_msg(dse_tech_load(settings[i].tech, test_datadir(), tech,
				    &err) == DSE_OK, "%s", err.msg);
	ck_assert_msg(dse_workload_find(settings[i].wl, test_datadir(), wl,
					&err) == DSE_OK, "%s", err.msg);
	ck_assert_msg(dse_model_init(m, *tech, *wl, &b, &err) == DSE_OK, "%s",
		      err.msg);
}

/* Two doubles with the same bits (NaN equal to NaN). */
static int same(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Draw n designs of one setting and compare kernel and dse_model_eval. */
START_TEST(kernel_matches_eval)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_model m;
	struct dse_kernel *k = NULL;
	struct dse_opp opps[12];
	struct dse_format f[N_OF(formats)];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i, j, nf, compared = 0, feasible = 0;

	ck_assert_ptr_nonnull(rng);
	gsl_rng_set(rng, 100 + (unsigned long)_i);
	load_setting(_i, &tech, &wl, &m);
	/* the DVFS range and one point above f(v_max) */
	for (j = 0; j < N_OF(opps); j++) {
		double lo = dse_tech_freq_ghz(tech, tech->v_min_v);
		double hi = dse_tech_freq_ghz(tech, tech->v_max_v);
		double fq = j + 1 == N_OF(opps) ? hi * 1.05 :
			    lo + (hi - lo) * (double)j / (N_OF(opps) - 2);

		if (tech->v_min_v == tech->v_max_v)
			fq = tech->f_nom_ghz * (j + 1 == N_OF(opps) ? 1.5 : 1.0);
		ck_assert_int_eq(dse_tech_opp(tech, fq, &opps[j], &err), DSE_OK);
	}
	ck_assert(opps[N_OF(opps) - 1].over_vmax);
	for (nf = 0; nf < N_OF(formats); nf++)
		f[nf] = test_format(formats[nf]);
	ck_assert_int_eq(dse_kernel_new(tech, opps, N_OF(opps), &k, &err), DSE_OK);
	for (i = 0; i < 300; i++) {
		struct dse_design d;
		static const unsigned sides[] = { 1, 3, 8, 17, 32, 64, 100, 128,
						  256, 512, 1024, 4096 };

		memset(&d, 0, sizeof d);
		d.format = &f[gsl_rng_uniform_int(rng, N_OF(formats))];
		d.dataflow = (enum dse_dataflow)gsl_rng_uniform_int(rng, 3);
		d.rows = sides[gsl_rng_uniform_int(rng, N_OF(sides))];
		d.cols = sides[gsl_rng_uniform_int(rng, N_OF(sides))];
		d.ksplit = 1 + (unsigned)gsl_rng_uniform_int(rng, 8);
		d.batch = 1u << gsl_rng_uniform_int(rng, 10);
		d.fold_overlap = (int)gsl_rng_uniform_int(rng, 2);
		d.accumulators = (int)gsl_rng_uniform_int(rng, 2);
		ck_assert_msg(dse_kernel_shape(k, &m, &d, &err) == DSE_OK, "%s",
			      err.msg);
		for (j = 0; j < N_OF(opps); j++) {
			struct dse_sizing s;
			struct dse_result r;
			double got[DSE_METRIC_COUNT], want[DSE_METRIC_COUNT];
			unsigned mask = (unsigned)gsl_rng_uniform_int(rng, 64);

			d.opp = opps[j];
			ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_OK);
			dse_kernel_size(k, j, &s);
			ck_assert_int_eq(s.verdict, r.verdict);
			ck_assert(same(s.arrays, r.arrays));
			ck_assert(same(s.groups, r.groups));
			ck_assert(same(s.group_n, r.group_n));
			ck_assert(same(s.arrays_by_area, r.arrays_by_area));
			ck_assert(same(s.arrays_by_power, r.arrays_by_power));
			if (s.groups < 1 || s.verdict == DSE_INF_SRAM ||
			    s.verdict == DSE_INF_DRAM)
				continue;
			want[DSE_METRIC_LATENCY] = r.latency_us;
			want[DSE_METRIC_THROUGHPUT] = r.throughput_tops;
			want[DSE_METRIC_ENERGY] = r.energy_per_item_uj;
			want[DSE_METRIC_AREA] = r.area_mm2;
			want[DSE_METRIC_POWER] = r.peak_power_w;
			want[DSE_METRIC_EFFICIENCY] = r.tops_per_w;
			/* every mask, some of them twice (the work is reused) */
			ck_assert_int_eq(dse_kernel_metrics(k, j, &s, mask, got,
							    &err), DSE_OK);
			ck_assert_int_eq(dse_kernel_metrics(k, j, &s, 63, got,
							    &err), DSE_OK);
			for (nf = 0; nf < DSE_METRIC_COUNT; nf++)
				ck_assert_msg(same(got[nf], want[nf]),
					      "%s %s %ux%u k%u b%u: metric %zu %.17g, eval %.17g",
					      settings[_i].wl, d.format->name,
					      d.rows, d.cols, d.ksplit, d.batch,
					      nf, got[nf], want[nf]);
			ck_assert_int_eq(dse_kernel_metrics(k, j, &s, 3, got, &err),
					 DSE_OK);
			ck_assert(same(got[0], want[0]) && same(got[1], want[1]));
			compared++;
			feasible += r.verdict == DSE_FEASIBLE;
		}
	}
	/* the draws cover feasible designs of every setting but the last,
	   whose weights fit nowhere (only f above f(v_max) is compared
	   there: the frequency verdict comes first) */
	ck_assert_uint_gt(compared, 0);
	if (_i + 1 < (int)N_OF(settings))
		ck_assert_uint_gt(feasible, 20);
	else
		ck_assert_uint_eq(feasible, 0);
	dse_kernel_free(k);
	dse_kernel_free(NULL);
	dse_workload_free(wl);
	dse_tech_free(tech);
	gsl_rng_free(rng);
}
END_TEST

/*
 * The sweep's view of a shape: dse_kernel_size_all agrees with the sizing
 * point by point and counts the verdicts of the points it skips; in each
 * run of points that build the same arrays, dse_kernel_fastest names the
 * point of least latency (the lowest of equal ones) as dse_model_eval
 * finds it, and dse_kernel_bound's bounds hold at every point of the run.
 */
START_TEST(kernel_groups)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_model m;
	struct dse_kernel *k = NULL;
	struct dse_opp opps[40];
	struct dse_sizing all[40], one;
	struct dse_format f[N_OF(formats)];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i, j, j1, nf, runs = 0;

	ck_assert_ptr_nonnull(rng);
	gsl_rng_set(rng, 300 + (unsigned long)_i);
	load_setting(_i, &tech, &wl, &m);
	/* the DVFS range in 40 steps, the last ones above f(v_max) */
	for (j = 0; j < N_OF(opps); j++) {
		double lo = dse_tech_freq_ghz(tech, tech->v_min_v);
		double hi = dse_tech_freq_ghz(tech, tech->v_max_v) * 1.1;

		if (tech->v_min_v == tech->v_max_v)
			lo = tech->f_nom_ghz * 0.5, hi = tech->f_nom_ghz * 1.5;
		ck_assert_int_eq(dse_tech_opp(tech, lo + (hi - lo) * (double)j /
						      (N_OF(opps) - 1),
					      &opps[j], &err), DSE_OK);
	}
	for (nf = 0; nf < N_OF(formats); nf++)
		f[nf] = test_format(formats[nf]);
	ck_assert_int_eq(dse_kernel_new(tech, opps, N_OF(opps), &k, &err), DSE_OK);
	for (i = 0; i < 150; i++) {
		struct dse_design d;
		double counts[DSE_VERDICT_COUNT] = { 0 }, want[DSE_VERDICT_COUNT] = { 0 };
		static const unsigned sides[] = { 1, 4, 16, 32, 64, 128, 256, 1024 };
		size_t mm, v;

		memset(&d, 0, sizeof d);
		d.format = &f[gsl_rng_uniform_int(rng, N_OF(formats))];
		d.dataflow = (enum dse_dataflow)gsl_rng_uniform_int(rng, 3);
		d.rows = sides[gsl_rng_uniform_int(rng, N_OF(sides))];
		d.cols = sides[gsl_rng_uniform_int(rng, N_OF(sides))];
		d.ksplit = 1 + (unsigned)gsl_rng_uniform_int(rng, 8);
		d.batch = 1u << gsl_rng_uniform_int(rng, 8);
		d.fold_overlap = (int)gsl_rng_uniform_int(rng, 2);
		d.accumulators = 1;
		ck_assert_int_eq(dse_kernel_shape(k, &m, &d, &err), DSE_OK);
		dse_kernel_size_all(k, all, &mm, counts);
		ck_assert_uint_le(mm, N_OF(opps));
		for (j = 0; j < N_OF(opps); j++) {
			dse_kernel_size(k, j, &one);
			if (j < mm) {
				ck_assert_int_eq(all[j].verdict, one.verdict);
				ck_assert(same(all[j].arrays, one.arrays));
				ck_assert(same(all[j].groups, one.groups));
				ck_assert(same(all[j].group_n, one.group_n));
				ck_assert(same(all[j].arrays_by_power,
					       one.arrays_by_power));
			} else {
				ck_assert_int_ne(one.verdict, DSE_FEASIBLE);
				want[one.verdict]++;
			}
		}
		for (v = 0; v < DSE_VERDICT_COUNT; v++)
			ck_assert_msg(counts[v] == want[v], "verdict %zu: %g, want %g",
				      v, counts[v], want[v]);
		for (j = 0; j < mm; j = j1 + 1) {
			size_t best, jj, want_best = 0;
			double min = INFINITY, lat, thr;

			j1 = j;
			if (all[j].verdict != DSE_FEASIBLE)
				continue;
			while (j1 + 1 < mm && all[j1 + 1].verdict == DSE_FEASIBLE &&
			       all[j1 + 1].groups == all[j].groups &&
			       all[j1 + 1].group_n == all[j].group_n)
				j1++;
			ck_assert_int_eq(dse_kernel_fastest(k, j, j1, &all[j], &best,
							    &err), DSE_OK);
			dse_kernel_bound(k, j1, &all[j1], &lat, &thr);
			for (jj = j; jj <= j1; jj++) {
				struct dse_result r;

				d.opp = opps[jj];
				ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err),
						 DSE_OK);
				if (r.latency_us < min) {
					min = r.latency_us;
					want_best = jj;
				}
				ck_assert(r.latency_us >= lat);
				ck_assert(r.throughput_tops <= thr);
			}
			ck_assert_uint_eq(best, want_best);
			runs++;
		}
	}
	/* every setting but the last, whose weights fit nowhere, has runs */
	if (_i + 1 < (int)N_OF(settings))
		ck_assert_uint_gt(runs, 20);
	else
		ck_assert_uint_eq(runs, 0);
	dse_kernel_free(k);
	dse_workload_free(wl);
	dse_tech_free(tech);
	gsl_rng_free(rng);
}
END_TEST

/* The kernel refuses what it cannot sweep: fixed arrays, no batch for ws. */
START_TEST(kernel_refuses)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_budget b = { 300, 75, 75, 0 };
	struct dse_model m;
	struct dse_kernel *k = NULL;
	struct dse_opp o;
	struct dse_format f = test_format("bf16");
	struct dse_design d;

	ck_assert_int_eq(dse_tech_load("n7", test_datadir(), &tech, &err), DSE_OK);
	ck_assert_int_eq(dse_workload_find("lstm", test_datadir(), &wl, &err),
			 DSE_OK);
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err), DSE_OK);
	ck_assert_int_eq(dse_tech_opp(tech, 1.0, &o, &err), DSE_OK);
	ck_assert_int_eq(dse_kernel_new(tech, &o, 1, &k, &err), DSE_OK);
	memset(&d, 0, sizeof d);
	d.format = &f;
	d.dataflow = DSE_OS;
	d.rows = 8;
	d.cols = 64;
	d.ksplit = 1;
	d.arrays = 4;
	ck_assert_int_eq(dse_kernel_shape(k, &m, &d, &err), DSE_EINPUT);
	d.arrays = 0;
	d.dataflow = DSE_WS;
	ck_assert_int_eq(dse_kernel_shape(k, &m, &d, &err), DSE_EINPUT);
	d.batch = 4;
	ck_assert_int_eq(dse_kernel_shape(k, &m, &d, &err), DSE_OK);
	dse_kernel_free(k);
	dse_workload_free(wl);
	dse_tech_free(tech);
}
END_TEST

/*
 * A cache handed from design to design, in an order that revisits shapes,
 * formats and models, without anything reset in between: every result is
 * the fresh one, bit for bit.
 */
START_TEST(cache_never_stale)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_budget b1 = { 300, 75, 75, 0 }, b2 = { 300, 75, 16, 0 };
	struct dse_model m1, m2;
	struct dse_work *cache = dse_work_new();
	struct dse_format f[3];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i;

	ck_assert(cache && rng);
	f[0] = test_format("hbfp8");
	f[1] = test_format("bf16");
	f[2] = test_format("fp32");
	ck_assert_int_eq(dse_tech_load("n7", test_datadir(), &tech, &err), DSE_OK);
	ck_assert_int_eq(dse_workload_find("bert-base", test_datadir(), &wl, &err),
			 DSE_OK);
	ck_assert_int_eq(dse_model_init(&m1, tech, wl, &b1, &err), DSE_OK);
	ck_assert_int_eq(dse_model_init(&m2, tech, wl, &b2, &err), DSE_OK);
	for (i = 0; i < 400; i++) {
		struct dse_design d;
		struct dse_result fresh, cached;
		const struct dse_model *m = gsl_rng_uniform_int(rng, 2) ? &m1 : &m2;

		memset(&d, 0, sizeof d);
		d.format = &f[gsl_rng_uniform_int(rng, 3)];
		d.dataflow = (enum dse_dataflow)gsl_rng_uniform_int(rng, 2);
		d.rows = 32u << gsl_rng_uniform_int(rng, 3);
		d.cols = 64u << gsl_rng_uniform_int(rng, 2);
		d.ksplit = 1 + (unsigned)gsl_rng_uniform_int(rng, 2);
		d.batch = 1u << gsl_rng_uniform_int(rng, 3);
		d.fold_overlap = (int)gsl_rng_uniform_int(rng, 2);
		d.accumulators = 1;
		ck_assert_int_eq(dse_tech_opp(tech, 0.6 + 0.1 * (double)(i % 6),
					      &d.opp, &err), DSE_OK);
		ck_assert_int_eq(dse_model_eval(m, &d, &fresh, &err), DSE_OK);
		ck_assert_int_eq(dse_model_eval_cached(m, &d, cache, &cached, &err),
				 DSE_OK);
		ck_assert_int_eq(memcmp(&fresh, &cached, sizeof fresh), 0);
	}
	/* a format rewritten in place, at the same address */
	{
		struct dse_design d;
		struct dse_result fresh, cached;
		struct dse_format g = test_format("hbfp8");

		memset(&d, 0, sizeof d);
		d.format = &g;
		d.dataflow = DSE_OS;
		d.rows = 16;
		d.cols = 128;
		d.ksplit = 1;
		ck_assert_int_eq(dse_tech_opp(tech, 1.0, &d.opp, &err), DSE_OK);
		ck_assert_int_eq(dse_model_eval_cached(&m1, &d, cache, &cached,
						       &err), DSE_OK);
		g = test_format("bf16");
		ck_assert_int_eq(dse_model_eval(&m1, &d, &fresh, &err), DSE_OK);
		ck_assert_int_eq(dse_model_eval_cached(&m1, &d, cache, &cached,
						       &err), DSE_OK);
		ck_assert_int_eq(memcmp(&fresh, &cached, sizeof fresh), 0);
	}
	dse_work_free(cache);
	dse_work_free(NULL);
	dse_workload_free(wl);
	dse_tech_free(tech);
	gsl_rng_free(rng);
}
END_TEST

Suite *suite_kernel(void)
{
	Suite *s = suite_create("kernel");
	TCase *tc = tcase_create("kernel");

	tcase_add_loop_test(tc, kernel_matches_eval, 0, (int)N_OF(settings));
	tcase_add_loop_test(tc, kernel_groups, 0, (int)N_OF(settings));
	tcase_add_test(tc, kernel_refuses);
	tcase_add_test(tc, cache_never_stale);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
