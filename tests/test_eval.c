/* test_eval.c - sizing, performance and energy of designs (MODEL.md 3, 5, 6, 9). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

static struct dse_tech *tech;
static struct dse_workload *wl;

/* Load a technology in place of the current one. */
static void load_tech(const char *name)
{
	struct dse_error err = { 0, "" };
	int rc;

	dse_tech_free(tech);
	tech = NULL;
	rc = dse_tech_load(name, test_datadir(), &tech, &err);

	ck_assert_msg(rc == DSE_OK, "loading %s: %s", name, err.msg);
}

/* Load a workload in place of the current one. */
static void load_wl(const char *spec)
{
	struct dse_error err = { 0, "" };
	int rc;

	dse_workload_free(wl);
	wl = NULL;
	rc = dse_workload_find(spec, test_datadir(), &wl, &err);

	ck_assert_msg(rc == DSE_OK, "workload %s: %s", spec, err.msg);
}

static void toy_setup(void) { load_tech("toy"); }

static void n7_lstm_setup(void)
{
	load_tech("n7");
	load_wl("lstm");
}

static void teardown(void)
{
	dse_workload_free(wl);
	wl = NULL;
	dse_tech_free(tech);
	tech = NULL;
}

static void init_model(struct dse_model *m, double area_mm2, double power_w,
		       double sram_mb)
{
	struct dse_budget b = { area_mm2, power_w, sram_mb, 0 };
	struct dse_error err = { 0, "" };
	int rc = dse_model_init(m, tech, wl, &b, &err);

	ck_assert_msg(rc == DSE_OK, "model init: %s", err.msg);
}

static struct dse_format format(const char *name)
{
	struct dse_format f;
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_format_parse(name, &f, &err) == DSE_OK, "%s", err.msg);
	return f;
}

/* A design: fmt must outlive it. */
static struct dse_design design(const struct dse_format *fmt,
				enum dse_dataflow df, unsigned rows,
				unsigned cols, unsigned ksplit, unsigned batch,
				double freq_ghz, unsigned arrays)
{
	struct dse_design d;
	struct dse_error err = { 0, "" };

	memset(&d, 0, sizeof d);
	d.format = fmt;
	d.dataflow = df;
	d.rows = rows;
	d.cols = cols;
	d.ksplit = ksplit;
	d.batch = batch;
	d.arrays = arrays;
	ck_assert_msg(dse_tech_opp(tech, freq_ghz, &d.opp, &err) == DSE_OK,
		      "%s", err.msg);
	return d;
}

static void eval_ok(const struct dse_model *m, const struct dse_design *d,
		    struct dse_result *r)
{
	struct dse_error err = { 0, "" };
	int rc = dse_model_eval(m, d, r, &err);

	ck_assert_msg(rc == DSE_OK, "eval: %s", err.msg);
}

/* ---- MODEL.md 9: the toy rows ---- */

/*
 * toy: E_pe = 1 pJ (int8 multiplier entry * (8/8)^2, nothing else), SRAM
 * 10 pJ per word read, no writes, leakage or fixed cost, no fill/drain,
 * 1 GHz at 1 V.  Workload gemm:n,n: one GEMM N = K = n, 1 row per item.
 * os: batch b = h rows, M = b.  Peak power of an h x w array (section 5):
 * f * (h w * 1 + 10 (h + w)) pJ/cycle, i.e. (h w + 10 h + 10 w) mW.
 */
static const double toy_n[] = { 1024, 64, 256 };

START_TEST(toy_1_by_n)
{
	const double n = toy_n[_i];
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char spec[64];

	snprintf(spec, sizeof spec, "gemm:%.0f,%.0f", n, n);
	load_wl(spec);
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 1, (unsigned)n, 1, 0, 1.0, 1);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.arrays, 1);
	ck_assert_int_eq(r.binding, DSE_BIND_ARRAYS);
	/* 1 x n: n * 1 + 10 (1 + n) = 11n + 10 pJ per cycle at 1 GHz, mW */
	ck_assert_double_eq_tol(r.peak_power_w, (11 * n + 10) * 1e-3, 1e-12);
	/* M = 1, one fold of T = K = n cycles: n ns = n * 1e-3 us */
	ck_assert_double_eq(r.cycles, n);
	ck_assert_double_eq_tol(r.latency_us, n * 1e-3, 1e-12);
	/* n^2 MACs in n cycles: n MACs = 2n ops per cycle = 2n GOp/s */
	ck_assert_double_eq_tol(r.throughput_tops, 2 * n * 1e-3, 1e-12);
	/* energy: n^2 MACs + 10 * (n A words + n^2 B words) = 11n^2 + 10n pJ
	 * over n cycles: the average power is the peak, 11n + 10 mW */
	ck_assert_double_eq_tol(r.energy_uj, (11 * n * n + 10 * n) * 1e-6, 1e-9);
	ck_assert_double_eq_tol(r.avg_power_w, (11 * n + 10) * 1e-3, 1e-12);
}
END_TEST

START_TEST(toy_2_by_n)
{
	const double n = toy_n[_i];
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char spec[64];

	snprintf(spec, sizeof spec, "gemm:%.0f,%.0f", n, n);
	load_wl(spec);
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 2, (unsigned)n, 1, 0, 1.0, 1);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	/* 2 x n: 2n + 10 (2 + n) = 12n + 20 pJ per cycle */
	ck_assert_double_eq_tol(r.peak_power_w, (12 * n + 20) * 1e-3, 1e-12);
	/* M = b = 2 rows: still one fold of n cycles, the same latency */
	ck_assert_double_eq_tol(r.latency_us, n * 1e-3, 1e-12);
	/* 2 n^2 MACs in n cycles: 4n ops per cycle, twice the 1 x n array */
	ck_assert_double_eq_tol(r.throughput_tops, 4 * n * 1e-3, 1e-12);
	/* 2n^2 + 10 (2n + n^2) = 12n^2 + 20n pJ over n cycles */
	ck_assert_double_eq_tol(r.avg_power_w, (12 * n + 20) * 1e-3, 1e-12);
}
END_TEST

START_TEST(toy_4_by_half_n)
{
	const double n = toy_n[_i];
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char spec[64];

	snprintf(spec, sizeof spec, "gemm:%.0f,%.0f", n, n);
	load_wl(spec);
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 4, (unsigned)(n / 2), 1, 0, 1.0, 1);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	/* 4 x n/2: 2n + 10 (4 + n/2) = 7n + 40 pJ per cycle */
	ck_assert_double_eq_tol(r.peak_power_w, (7 * n + 40) * 1e-3, 1e-12);
	/* N = n on n/2 columns: 2 folds of n cycles, twice the latency */
	ck_assert_double_eq(r.cycles, 2 * n);
	ck_assert_double_eq_tol(r.latency_us, 2 * n * 1e-3, 1e-12);
	/* 4 n^2 MACs in 2n cycles: 2n MACs = 4n ops per cycle */
	ck_assert_double_eq_tol(r.throughput_tops, 4 * n * 1e-3, 1e-12);
	/* 4n^2 + 10 (2 * 4n A words + 2 * n * n/2 B words) = 14n^2 + 80n pJ
	 * over 2n cycles = 7n + 40 */
	ck_assert_double_eq_tol(r.avg_power_w, (7 * n + 40) * 1e-3, 1e-12);
}
END_TEST

START_TEST(toy_json_workload)
{
	struct dse_format f = format("int8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char path[4096];

	/* tests/data/wl_good.json, repeat 2: fc1 (m 2, N 64, K 32, weights),
	 * act (64 ops per item), attn (m 4, N 16, K 8, 3 per item, no
	 * weights).  toy, os 2 x 16 (b = 2), 4 arrays, s = 1:
	 * g_N = min(ceil(64/16), 4) = 4, G = 1 */
	snprintf(path, sizeof path, "%s/data/wl_good.json", test_inputs());
	load_wl(path);
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 2, 16, 1, 0, 1.0, 4);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.group_n, 4);
	ck_assert_double_eq(r.groups, 1);
	/* fc1: M = b m = 4, N 64 over 4 arrays = 16 each, K 32: 2 row folds
	 *   of T = 32 (no fill/drain) = 64 cycles
	 * act: ceil(64 * 2 / 2048) = 1 cycle
	 * attn: b * 3 = 6 GEMMs of M 4, N 16, K 8, each on one array
	 *   (ceil(16/16) = 1), 4 at a time: 2 rounds of 2 folds * 8 = 32
	 * 2 * (64 + 1 + 32) = 194 cycles */
	ck_assert_double_eq(r.cycles, 194);
	ck_assert_double_eq_tol(r.latency_us, 0.194, 1e-12);
	/* MACs 2 * (4*64*32 + 6*4*16*8) = 2 * (8192 + 3072) = 22528 */
	ck_assert_double_eq(r.macs, 22528);
	/* words read per repeat: fc1 A 32 * 4 = 128 (broadcast), B 4 arrays *
	 * 32 * 16 * 2 row folds = 4096; attn 6 * (A 8 * 4 + B 8 * 16 * 2)
	 * = 6 * 288 = 1728; 2 * (128 + 4096 + 1728) = 11904 words * 10 pJ
	 * = 119040 pJ; + 22528 pJ of MACs = 141568 pJ */
	ck_assert_double_eq_tol(r.energy_uj, 0.141568, 1e-12);
	ck_assert_double_eq_tol(r.energy_per_item_uj, 0.141568 / 2, 1e-12);
	/* peak: 4 * (32 * 1 + 10 * (2 + 16)) = 848 pJ/cycle = 0.848 W */
	ck_assert_double_eq_tol(r.peak_power_w, 0.848, 1e-12);
}
END_TEST

/* ---- the default design, by hand ---- */

/*
 * n7, lstm, hbfp8 (= hbfp8_576), os, 16 x 128, s = 1, 1 GHz (V = V_nom =
 * 0.75), budget 300 mm2, 75 W, 75 MB.
 *  E_pe = 0.07 + 0.03*26/32 + 0.0027*42 + 0.39/576 = 0.208452083 pJ
 *  A_pe = (18.4 + 9.1 + 21 + 76.3/576) * 2 = 97.264931 um2
 *  A_arr = 2048 * 97.264931e-6 + 0.01 = 0.209198578 mm2
 *  E_sram,cycle = (128 + 16) words * (8 + 10/576) bits * 0.22 pJ
 *               = 1154.5 * 0.22 = 253.99 pJ
 *  P_leak,pe = 0.1 * 0.208452083 pJ * 1 GHz = 2.08452083e-5 W
 *  P_arr = 1 * (2048 * 0.208452083 + 253.99) * 1e-3 + 2048 * 2.08452083e-5
 *        = (426.909867 + 253.99) * 1e-3 + 0.042690987 = 0.723590853 W
 *  area left  = 300 - 75 * 0.45 - 20 = 246.25 mm2 -> 1177.111 arrays
 *  power left = 75 - 75 * 0.01 - 5 = 69.25 W      -> 95.703 arrays
 *  n = 95 (power binds); g_N = min(ceil(8192/128), floor(95/1))
 *  = min(64, 95) = 64; G = floor(95/64) = 1; 64 arrays built.
 */
START_TEST(default_design)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq_tol(r.voltage_v, 0.75, 1e-9);
	ck_assert_double_eq_tol(r.pe.energy_pj, 0.208452083, 1e-9);
	ck_assert_double_eq_tol(r.pe_energy_pj, 0.208452083, 1e-9);
	ck_assert_double_eq_tol(r.array_area_mm2, 0.209198578, 1e-9);
	ck_assert_double_eq_tol(r.array_peak_power_w, 0.723590853, 1e-8);
	ck_assert_double_eq_tol(r.arrays_by_area, 1177.111, 1e-3);
	ck_assert_double_eq_tol(r.arrays_by_power, 95.703, 1e-3);
	ck_assert_int_eq(r.binding, DSE_BIND_POWER);
	ck_assert_double_eq(r.group_n, 64);
	ck_assert_double_eq(r.groups, 1);
	ck_assert_double_eq(r.arrays, 64);
	ck_assert_double_eq(r.ksplit, 1);
	/* 64 * 2048 = 131072 PEs; b = h = 16 items */
	ck_assert_double_eq(r.pes, 131072);
	ck_assert_double_eq(r.batch, 16);
	ck_assert_double_eq(r.items, 16);
	/* per step: N = 8192 over 64 arrays = 128 each, M = 16, K = 4096:
	 * 1 fold of 4096 + 16 + 128 - 2 = 4238 cycles; element-wise
	 * ceil(5 * 2048 * 16 / 2048) = 80; 15 * (4238 + 80) = 64770 */
	ck_assert_double_eq(r.cycles, 64770);
	ck_assert_double_eq_tol(r.latency_us, 64.77, 1e-9);
	/* 1 * 16 * 2 * 503316480 / 64.77e-6 s = 2.48666e14 Op/s */
	ck_assert_double_eq_tol(r.throughput_tops, 248.666472, 1e-5);
	/* MACs 16 * 503316480 = 8053063680; PE-cycles 131072 * 64770 =
	 * 8489533440; utilization 0.948587309 */
	ck_assert_double_eq(r.macs, 8053063680.0);
	ck_assert_double_eq(r.pe_cycles, 8489533440.0);
	ck_assert_double_eq_tol(r.utilization, 0.948587309, 1e-9);
	/* weights 33554432 * 8.0173611 bits = 269017998.2 bits (32.069 MB) */
	ck_assert_double_eq_tol(r.weight_bits, 269017998.2, 0.1);
	/* area 131072 * 97.264931e-6 + 64 * 0.01 + 33.75 + 20 = 67.138709 */
	ck_assert_double_eq_tol(r.area_mm2, 67.138709, 1e-6);
	/* peak 64 * 0.723590853 + 0.75 + 5 = 52.059815 W */
	ck_assert_double_eq_tol(r.peak_power_w, 52.059815, 1e-6);
	/* PE dynamic 131072 * 0.208452083e-3 = 27.322231 W; SRAM streaming
	 * 64 * 253.99e-3 = 16.25536 W; PE leakage 2.7322231 W */
	ck_assert_double_eq_tol(r.peak_pe_dynamic_w, 27.322231, 1e-6);
	ck_assert_double_eq_tol(r.peak_sram_w, 16.25536, 1e-6);
	ck_assert_double_eq_tol(r.peak_pe_leak_w, 2.7322231, 1e-6);
}
END_TEST

START_TEST(default_design_energy)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	/* MACs 8053063680 * 0.208452083 pJ = 1678.677901 uJ */
	ck_assert_double_eq_tol(r.energy_mac_uj, 1678.677901, 1e-5);
	/* idle (8489533440 - 8053063680) * 0.1 * 0.208452083 pJ = 9.098303 */
	ck_assert_double_eq_tol(r.energy_idle_uj, 9.098303, 1e-5);
	/* s = 1: no partial sums to reduce */
	ck_assert_double_eq(r.energy_reduce_uj, 0);
	/* reads per step: A 4096 * 16 = 65536 words (once, broadcast to the
	 * 64 N-slices), B 64 * 4096 * 128 = 33554432 words;
	 * 15 * 33619968 * 8.0173611 bits * 0.22 pJ = 889.493299 uJ */
	ck_assert_double_eq_tol(r.energy_sram_read_uj, 889.493299, 1e-5);
	/* writes: 64 arrays * 16 * 128 outputs * 32 bits * 0.24 pJ * 15
	 * = 15.099494 uJ */
	ck_assert_double_eq_tol(r.energy_sram_write_uj, 15.099494, 1e-5);
	/* leakage and fixed over 64.77 us: 2.7322231 W -> 176.966093 uJ,
	 * SRAM 0.75 W -> 48.5775 uJ, fixed 5 W -> 323.85 uJ */
	ck_assert_double_eq_tol(r.energy_pe_leak_uj, 176.966093, 1e-5);
	ck_assert_double_eq_tol(r.energy_sram_leak_uj, 48.5775, 1e-6);
	ck_assert_double_eq_tol(r.energy_fixed_uj, 323.85, 1e-6);
	/* total 3141.762591 uJ; per item / 16 = 196.360162 uJ;
	 * average power 3141.762591 uJ / 64.77 us = 48.506447 W */
	ck_assert_double_eq_tol(r.energy_uj, 3141.762591, 1e-5);
	ck_assert_double_eq_tol(r.energy_per_item_uj, 196.360162, 1e-5);
	ck_assert_double_eq_tol(r.avg_power_w, 48.506447, 1e-5);
}
END_TEST

START_TEST(ksplit_by_hand)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	/* the default design with s = 2: P_arr does not depend on s, n = 95;
	 * g_N = min(64, floor(95/2)) = 47; G = floor(95 / 94) = 1 */
	d = design(&f, DSE_OS, 16, 128, 2, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.group_n, 47);
	ck_assert_double_eq(r.groups, 1);
	ck_assert_double_eq(r.arrays, 94);
	/* N = 8192 over 47: 8192 = 47 * 174 + 14, so 14 slices of 175;
	 * K = 4096 over 2 = 2048.  Slowest array: M = 16, N = 175, K = 2048 on
	 * 16 x 128: ceil(175/128) = 2 folds of 2048 + (2 - 1) + 16 + 128 - 2 =
	 * 2191 cycles = 4382; + 80 element-wise; 15 * 4462 = 66930 */
	ck_assert_double_eq(r.cycles, 66930);
	ck_assert_double_eq_tol(r.latency_us, 66.93, 1e-9);
	/* one add per output per extra slice: 16 * 8192 * (2 - 1) * 15 =
	 * 1966080 adds * 0.03 * 26/32 pJ = 0.0479232 uJ */
	ck_assert_double_eq_tol(r.energy_reduce_uj, 0.0479232, 1e-9);
}
END_TEST

START_TEST(ksplit_uneven_by_hand)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	/* s = 3: n = 95, g_N = min(64, floor(95/3)) = 31, G = floor(95/93) = 1 */
	d = design(&f, DSE_OS, 16, 128, 3, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.group_n, 31);
	ck_assert_double_eq(r.arrays, 93);
	/* N = 8192 = 31 * 264 + 8: 8 slices of 265, 23 of 264;
	 * K = 4096 = 3 * 1365 + 1: 1 slice of 1366, 2 of 1365.
	 * Slowest: N 265, K 1366: ceil(265/128) = 3 folds of
	 * 1366 + (3 - 1) + 16 + 128 - 2 = 1510 = 4530; 15 * (4530 + 80) */
	ck_assert_double_eq(r.cycles, 69150);
	/* words per step: A once per K-slice, 3 column folds each:
	 * 16 * 3 * (1366 + 2 * 1365) = 196608; B: every weight once per row
	 * fold (1): 4096 * (8 * 265 + 23 * 264) = 33554432; O written once
	 * per N-slice: 16 * 8192 = 131072.
	 * read: 15 * 33751040 * 8.0173611 * 0.22 pJ = 892.961109 uJ
	 * written: 15 * 131072 * 32 * 0.24 pJ = 15.099494 uJ */
	ck_assert_double_eq_tol(r.energy_sram_read_uj, 892.961109, 1e-5);
	ck_assert_double_eq_tol(r.energy_sram_write_uj, 15.099494, 1e-5);
	/* 2 adds per output: 15 * 2 * 16 * 8192 = 3932160 * 0.024375 pJ */
	ck_assert_double_eq_tol(r.energy_reduce_uj, 0.0958464, 1e-9);
}
END_TEST

START_TEST(ws_by_hand)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	/* ws 128 x 128, b = 32.  P_arr = (16384 * 0.208452083
	 *   + 128 * 8.0173611 * 0.22 (streamed A)
	 *   + 128 * 32 * (0.22 + 0.24) (partial sums read and written)) * 1e-3
	 *   + 16384 * 2.08452083e-5
	 * = (3415.279 + 225.769 + 1884.16) * 1e-3 + 0.341528 = 5.866736 W;
	 * 69.25 / 5.866736 = 11.80 -> n = 11; g_N = min(64, 11) = 11, G = 1 */
	d = design(&f, DSE_WS, 128, 128, 1, 32, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq_tol(r.array_peak_power_w, 5.866736, 1e-6);
	ck_assert_double_eq(r.arrays, 11);
	ck_assert_double_eq(r.group_n, 11);
	ck_assert_double_eq(r.batch, 32);
	/* N = 8192 = 11 * 744 + 8: the slowest slice has N = 745.  ws: Sr = K
	 * = 4096 -> 32 folds, Sc = 745 -> 6, T = M = 32: 192 folds of
	 * 32 + 256 + 128 - 2 = 414 = 79488; element-wise ceil(5*2048*32/2048)
	 * = 160; 15 * (79488 + 160) = 1194720 */
	ck_assert_double_eq(r.cycles, 1194720);
	/* SRAM words per step (8 N-slices of 745, 3 of 744):
	 *  A streamed, read once for the group: T Sr fc = 32 * 4096 * 6
	 *    = 786432 (6 column folds of the slowest slice)
	 *  B preloaded: 4096 * (8 * 745 + 3 * 744) = 4096 * 8192 = 33554432
	 *  O read on the 31 folds after the first along K:
	 *    32 * 31 * (8 * 745 + 3 * 744) = 8126464 (32-bit partial sums)
	 *  O written on all 32: 32 * 32 * 8192 = 8388608
	 * read: 15 * ((786432 + 33554432) * 8.0173611 + 8126464 * 32) * 0.22 pJ
	 *     = 15 * (275323107.6 + 260046848) * 0.22 pJ = 1766.720853 uJ
	 * written: 15 * 8388608 * 32 * 0.24 pJ = 966.367642 uJ */
	ck_assert_double_eq_tol(r.energy_sram_read_uj, 1766.720853, 1e-5);
	ck_assert_double_eq_tol(r.energy_sram_write_uj, 966.367642, 1e-5);

	/* is, same shape: Sr = K -> 32 folds, Sc = M = 32 -> 1, T = N = 745:
	 * 32 * (745 + 256 + 128 - 2 = 1127) = 36064; 15 * (36064 + 160) =
	 * 543360; peak power is that of ws (same peak words) */
	d = design(&f, DSE_IS, 128, 128, 1, 32, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq_tol(r.array_peak_power_w, 5.866736, 1e-6);
	ck_assert_double_eq(r.arrays, 11);
	ck_assert_double_eq(r.cycles, 543360);
}
END_TEST

START_TEST(voltage_scaling)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	const double e = 0.208452083;

	init_model(&m, 300, 75, 75);
	/* 1.145348 GHz needs 0.85 V (test_tech): E = E_pe * (0.85/0.75)^2 =
	 * 0.208452083 * 1.284444 = 0.267745 pJ */
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.145348, 0);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq_tol(r.voltage_v, 0.85, 1e-5);
	ck_assert_double_eq_tol(r.pe_energy_pj, 0.267745, 1e-5);
	ck_assert_double_eq_tol(r.pe.energy_pj, e, 1e-9);
	/* 0.4 GHz < f(V_min): 0.5 V, E = 0.208452083 * (0.5/0.75)^2
	 * = 0.092645370 pJ; PE leakage scales as 0.5/0.75 */
	d = design(&f, DSE_OS, 16, 128, 1, 0, 0.4, 0);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq(r.voltage_v, 0.5);
	ck_assert_double_eq_tol(r.pe_energy_pj, 0.092645370, 1e-9);
	ck_assert_double_eq_tol(r.peak_pe_leak_w,
				r.pes * 2.08452083e-5 * 0.5 / 0.75, 1e-6);
}
END_TEST

/* ---- sizing: MODEL.md 5 and 9 over many designs ---- */

static const struct {
	const char *format;
	enum dse_dataflow df;
	unsigned rows, cols, ksplit, batch;
	double freq_ghz, area_mm2, power_w, sram_mb;
} designs[] = {
	{ "hbfp8", DSE_OS, 16, 128, 1, 0, 1.0, 300, 75, 75 },
	{ "hbfp8", DSE_OS, 16, 128, 2, 0, 1.0, 300, 75, 75 },
	{ "hbfp4", DSE_OS, 32, 64, 4, 0, 0.8, 300, 75, 75 },
	{ "bf16", DSE_OS, 8, 256, 1, 0, 1.2, 300, 75, 75 },
	{ "fp32", DSE_OS, 64, 64, 2, 0, 0.6, 400, 75, 140 },
	{ "int8", DSE_WS, 128, 128, 1, 32, 1.0, 300, 75, 75 },
	{ "hbfp8", DSE_IS, 64, 32, 3, 8, 0.9, 300, 75, 75 },
	{ "hbfp6_225", DSE_WS, 32, 256, 2, 64, 1.1, 300, 75, 75 },
	{ "fp16", DSE_IS, 16, 16, 1, 4, 0.5, 300, 75, 75 },
	{ "hbfp8", DSE_OS, 256, 256, 1, 0, 1.0, 300, 75, 75 },
	{ "hbfp8", DSE_OS, 512, 512, 1, 0, 1.0, 300, 75, 75 },
	{ "hbfp8", DSE_OS, 16, 128, 1, 0, 0.3, 100, 75, 75 },
	{ "bf16", DSE_WS, 64, 64, 8, 16, 0.7, 120, 75, 75 },
	{ "hbfp8", DSE_OS, 4, 4096, 1, 0, 1.0, 300, 75, 75 },
	{ "hbfp12_64", DSE_IS, 8, 512, 2, 128, 1.25, 300, 60, 75 },
};

#define NDESIGNS ((int)(sizeof designs / sizeof designs[0]))

static void finite_nonneg(const char *what, double v)
{
	ck_assert_msg(isfinite(v) && v >= 0, "%s = %g", what, v);
}

static void finite_pos(const char *what, double v)
{
	ck_assert_msg(isfinite(v) && v > 0, "%s = %g", what, v);
}

START_TEST(sizing_invariants)
{
	struct dse_format f = format(designs[_i].format);
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	double bound, sum, vs;

	init_model(&m, designs[_i].area_mm2, designs[_i].power_w,
		   designs[_i].sram_mb);
	d = design(&f, designs[_i].df, designs[_i].rows, designs[_i].cols,
		   designs[_i].ksplit, designs[_i].batch, designs[_i].freq_ghz,
		   0);
	eval_ok(&m, &d, &r);
	ck_assert_msg(r.verdict == DSE_FEASIBLE, "design %d: %s", _i,
		      dse_verdict_name(r.verdict));

	/* MODEL.md 5: n = floor(min(by area, by power)), then whole groups */
	ck_assert(r.arrays <= r.arrays_by_area);
	ck_assert(r.arrays <= r.arrays_by_power);
	ck_assert(r.groups >= 1);
	ck_assert_double_eq(r.arrays, r.groups * r.ksplit * r.group_n);
	ck_assert_double_eq(r.ksplit, designs[_i].ksplit);
	/* less than one group's worth of slack on the binding budget: one more
	 * group of s * g_N arrays would not fit */
	bound = fmin(r.arrays_by_area, r.arrays_by_power);
	ck_assert_msg(r.arrays + r.ksplit * r.group_n > bound,
		      "design %d: %g arrays + a group of %g fit under %g", _i,
		      r.arrays, r.ksplit * r.group_n, bound);
	ck_assert_int_eq(r.binding, r.arrays_by_area <= r.arrays_by_power ?
					    DSE_BIND_AREA : DSE_BIND_POWER);
	/* g_N = min(ceil(N_max / w), floor(n / s)) with n = floor(bound) */
	ck_assert_double_eq(r.group_n,
			    fmin(ceil(wl->n_max / designs[_i].cols),
				 floor(floor(bound) / designs[_i].ksplit)));
	/* what is built fits the budget */
	ck_assert(r.area_mm2 <= designs[_i].area_mm2 * (1 + 1e-12));
	ck_assert(r.peak_power_w <= designs[_i].power_w * (1 + 1e-12));
	ck_assert_double_eq_tol(r.area_mm2 + r.area_slack_mm2,
				designs[_i].area_mm2, 1e-9);
	ck_assert_double_eq_tol(r.peak_power_w + r.power_slack_w,
				designs[_i].power_w, 1e-9);
	ck_assert_double_eq(r.pes, r.arrays * designs[_i].rows *
					       designs[_i].cols);
	ck_assert_double_eq(r.batch, designs[_i].df == DSE_OS ?
				designs[_i].rows : designs[_i].batch);
	ck_assert_double_eq(r.items, r.groups * r.batch);

	/* energy per MAC scales as (V/V_nom)^2 */
	vs = r.voltage_v / tech->v_nom_v;
	ck_assert_double_eq_tol(r.pe_energy_pj, r.pe.energy_pj * vs * vs, 1e-12);

	/* everything positive and finite */
	finite_pos("area_mm2", r.area_mm2);
	finite_pos("area_pe_mm2", r.area_pe_mm2);
	finite_nonneg("area_array_fixed_mm2", r.area_array_fixed_mm2);
	finite_pos("peak_power_w", r.peak_power_w);
	finite_pos("peak_pe_dynamic_w", r.peak_pe_dynamic_w);
	finite_pos("peak_pe_leak_w", r.peak_pe_leak_w);
	finite_pos("peak_sram_w", r.peak_sram_w);
	finite_pos("latency_us", r.latency_us);
	finite_pos("throughput_tops", r.throughput_tops);
	finite_pos("energy_uj", r.energy_uj);
	finite_pos("energy_per_item_uj", r.energy_per_item_uj);
	finite_pos("avg_power_w", r.avg_power_w);
	finite_pos("tops_per_w", r.tops_per_w);
	finite_pos("tops_per_mm2", r.tops_per_mm2);
	finite_pos("energy_mac_uj", r.energy_mac_uj);
	finite_nonneg("energy_idle_uj", r.energy_idle_uj);
	finite_nonneg("energy_reduce_uj", r.energy_reduce_uj);
	finite_pos("energy_sram_read_uj", r.energy_sram_read_uj);
	finite_pos("energy_sram_write_uj", r.energy_sram_write_uj);
	finite_pos("energy_pe_leak_uj", r.energy_pe_leak_uj);
	finite_pos("energy_sram_leak_uj", r.energy_sram_leak_uj);
	finite_pos("energy_fixed_uj", r.energy_fixed_uj);
	ck_assert(r.utilization > 0 && r.utilization <= 1);
	/* s > 1 reduces partial sums: those adds cost energy */
	if (designs[_i].ksplit > 1)
		ck_assert(r.energy_reduce_uj > 0);

	/* MODEL.md 6: throughput = G b ops_per_item / t, ops = 2 per MAC */
	ck_assert_double_eq_tol(r.throughput_tops,
				r.items * 2 * wl->macs_per_item /
					(r.latency_us * 1e-6) * 1e-12,
				1e-9 * r.throughput_tops);
	ck_assert_double_eq(r.macs, r.items * wl->macs_per_item);
	/* the energy is the sum of its parts; power = energy / t */
	sum = r.energy_mac_uj + r.energy_idle_uj + r.energy_reduce_uj +
	      r.energy_sram_read_uj + r.energy_sram_write_uj +
	      r.energy_pe_leak_uj + r.energy_sram_leak_uj + r.energy_fixed_uj;
	ck_assert_double_eq_tol(r.energy_uj, sum, 1e-9 * sum);
	ck_assert_double_eq_tol(r.avg_power_w * r.latency_us, r.energy_uj,
				1e-9 * r.energy_uj);
	ck_assert_double_eq_tol(r.energy_per_item_uj * r.items, r.energy_uj,
				1e-9 * r.energy_uj);
	/* average power never exceeds the peak (TDP) bound */
	ck_assert(r.avg_power_w <= r.peak_power_w);
}
END_TEST

START_TEST(area_bound_design)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	/* 100 mm2: 100 - 33.75 - 20 = 46.25 mm2 left / 0.209198578 = 221.08
	 * arrays.  At 0.3 GHz (V = V_min = 0.5): P_arr = 0.3 * (2048 *
	 * 0.208452083 * (0.5/0.75)^2 + 253.99) * 1e-3 + 2048 * 2.08452083e-5
	 * * 0.5/0.75 = 0.3 * (189.737 + 253.99) e-3 + 0.028461 = 0.161579 W;
	 * 69.25 / 0.161579 = 428.6 arrays: area binds, n = 221;
	 * g_N = 64, G = floor(221/64) = 3, 192 arrays */
	init_model(&m, 100, 75, 75);
	d = design(&f, DSE_OS, 16, 128, 1, 0, 0.3, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.binding, DSE_BIND_AREA);
	ck_assert_double_eq_tol(r.arrays_by_area, 221.08, 0.01);
	ck_assert_double_eq_tol(r.array_peak_power_w, 0.161579, 1e-6);
	ck_assert_double_eq(r.groups, 3);
	ck_assert_double_eq(r.arrays, 192);
	/* 3 groups of 16 items */
	ck_assert_double_eq(r.items, 48);
}
END_TEST

/* ---- verdicts ---- */

START_TEST(weights_exceed_sram)
{
	struct dse_format h8 = format("hbfp8"), b16 = format("bf16");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char path[4096];

	/* without a DRAM tier: lstm 33554432 weights * 8.0173611 bits =
	 * 32.069 MB > 16 MB is infeasible */
	snprintf(path, sizeof path, "%s/data/tech_no_dram.json", test_inputs());
	load_tech(path);
	init_model(&m, 300, 75, 16);
	d = design(&h8, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_INF_SRAM);
	/* 32.5 MB: hbfp8 (32.069 MB) fits, bf16 (33554432 * 16 bits = 64 MB)
	 * does not */
	init_model(&m, 300, 75, 32.5);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	d = design(&b16, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_INF_SRAM);
	ck_assert_double_eq(r.weight_bits, 33554432.0 * 16);

	/* a DRAM of 0 GB: the same, named dram; fine while the weights fit */
	snprintf(path, sizeof path, "%s/data/tech_dram_zero.json", test_inputs());
	load_tech(path);
	init_model(&m, 300, 75, 16);
	d = design(&h8, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_INF_DRAM);
	init_model(&m, 300, 75, 75);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.dram_bits, 0);
}
END_TEST

/* ---- DRAM: the per-stage roofline and the placement (MODEL.md 5.1) ---- */

/*
 * tests/data/wl_dram.json: s0, s1 (M = b = 1) and s2 (M = 512) are
 * 1024 x 1024 weight GEMMs; int8 (8 bits): 1 MB = 8388608 bits holds
 * one of them, 1048576 weights.  ws 128 x 128, b = 1, 8 arrays, 1 GHz,
 * overlapped folds, no accumulators: g_N = min(1024/128, 8) = 8, G = 1,
 * each array N = 128 (1 column fold), K = 1024 (8 row folds).
 * Overlapped (MODEL.md 2.1): R + (F - 1) max(T, R) + T + R + C - 2:
 *  s0, s1: T = 1: 128 + 7 * 128 + 1 + 254 = 1279 cycles
 *  s2: T = 512: 128 + 7 * 512 + 512 + 254 = 4478 cycles
 * Every weight is read once per batch (ws), so all reuses are 1: the
 * placement keeps s0 (first in order), streams s1 and s2:
 * 1048576 * 8 = 8388608 bits each at 614 GB/s = 4912 bits/ns:
 * 1707.768730 ns.  s1: 1279 ns of compute < 1707.77: DRAM bound; s2:
 * 4478 > 1707.77: compute bound; s0 preloads 8 * 128 = 1024 cycles for
 * 8 * 1 streamed: SRAM bound.
 */
START_TEST(dram_bound_stages)
{
	struct dse_format f = format("int8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	struct dse_stage_report *st = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];
	const double dram_ns = 8388608.0 / 4912.0;

	snprintf(path, sizeof path, "%s/data/wl_dram.json", test_inputs());
	load_wl(path);
	init_model(&m, 300, 75, 1);
	d = design(&f, DSE_WS, 128, 128, 1, 1, 1.0, 8);
	d.fold_overlap = 1;
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.groups, 1);
	ck_assert_double_eq(r.compute_cycles, 1279 + 1279 + 4478);
	ck_assert_double_eq_tol(r.latency_us,
				(1279 + dram_ns + 4478) * 1e-3, 1e-9);
	ck_assert_double_eq_tol(r.dram_bound_us, dram_ns * 1e-3, 1e-9);
	ck_assert_double_eq(r.dram_bits, 2 * 8388608.0);
	ck_assert_double_eq(r.weight_onchip_bits, 8388608.0);
	/* 16777216 bits * 3.9 pJ = 65.4311424 uJ */
	ck_assert_double_eq_tol(r.energy_dram_uj, 65.4311424, 1e-9);
	ck_assert_double_eq_tol(r.dram_power_w * r.latency_us, r.energy_dram_uj,
				1e-9);
	/* the DRAM's peak is reported but outside the budget by default */
	ck_assert_double_eq_tol(r.peak_dram_w, 19.1568, 1e-9);

	ck_assert_int_eq(dse_model_stages(&m, &d, &r, &st, &err), DSE_OK);
	ck_assert_int_eq(st[0].bound, DSE_BOUND_SRAM);
	ck_assert_int_eq(st[1].bound, DSE_BOUND_DRAM);
	ck_assert_int_eq(st[2].bound, DSE_BOUND_COMPUTE);
	ck_assert_double_eq(st[0].onchip_fraction, 1);
	ck_assert_double_eq(st[1].onchip_fraction, 0);
	ck_assert_double_eq_tol(st[1].time_us, dram_ns * 1e-3, 1e-9);
	ck_assert_double_eq_tol(st[2].time_us, 4.478, 1e-12);
	ck_assert_double_eq(st[2].dram_bits, 8388608.0);
	ck_assert_double_eq_tol(st[0].time_us + st[1].time_us + st[2].time_us,
				r.latency_us, 1e-9);
	free(st);
}
END_TEST

START_TEST(dram_in_budget)
{
	struct dse_format f = format("int8");
	struct dse_budget b = { 300, 75, 1, 1 };
	struct dse_model m;
	struct dse_design d;
	struct dse_result r1, r2;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/wl_dram.json", test_inputs());
	load_wl(path);
	init_model(&m, 300, 75, 1);
	d = design(&f, DSE_WS, 128, 128, 1, 1, 1.0, 0);
	eval_ok(&m, &d, &r1);
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err), DSE_OK);
	eval_ok(&m, &d, &r2);
	/* the DRAM's 19.1568 W leave the arrays that much less power */
	ck_assert_double_eq_tol(r1.arrays_by_power - r2.arrays_by_power,
				19.1568 / r1.array_peak_power_w, 1e-9);
	ck_assert_double_eq_tol(r2.peak_power_w - r2.arrays * r2.array_peak_power_w -
					r2.sram_leak_w - r2.fixed_power_w,
				19.1568, 1e-9);
}
END_TEST

/*
 * tests/data/wl_reuse.json on os 8 x 128, 4 arrays (g_N = 4, N = 128
 * each), int8: stage a (M = 8: 1 row fold) reads its 524288 weights once
 * per batch, stage b (M = 32: 4 row folds) four times.  A 0.5 MB SRAM
 * (524288 int8 weights) holds one: greedy by reuse keeps b, though a
 * comes first, and streams a: 524288 * 8 = 4194304 bits (keeping a
 * would stream b's 4 * 4194304).  0.75 MB (786432 weights) keeps b and
 * half of a: 2097152 bits.
 */
START_TEST(placement_half_fits)
{
	struct dse_format f = format("int8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	struct dse_stage_report *st = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/wl_reuse.json", test_inputs());
	load_wl(path);
	init_model(&m, 300, 75, 0.5);
	d = design(&f, DSE_OS, 8, 128, 1, 0, 1.0, 4);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_double_eq(r.dram_bits, 4194304);
	ck_assert_double_eq(r.weight_onchip_bits, 4194304);
	ck_assert_int_eq(dse_model_stages(&m, &d, &r, &st, &err), DSE_OK);
	ck_assert_double_eq(st[0].onchip_fraction, 0);
	ck_assert_double_eq(st[1].onchip_fraction, 1);
	free(st);

	init_model(&m, 300, 75, 0.75);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq(r.dram_bits, 2097152);
	ck_assert_double_eq(r.weight_onchip_bits, 786432.0 * 8);
	ck_assert_int_eq(dse_model_stages(&m, &d, &r, &st, &err), DSE_OK);
	ck_assert_double_eq(st[0].onchip_fraction, 0.5);
	ck_assert_double_eq(st[0].dram_bits, 2097152);
	free(st);
}
END_TEST

/*
 * tests/data/wl_narrow.json on os 8 x 64, 8 arrays, int8, SCALE-Sim
 * folds: b = 8, g_N = min(512 / 64, 8) = 8, G = 1.
 *  wide (M 8, N 512 = 64 per array, K 16): one fold of 16 + 8 + 64 - 2
 *    = 86 cycles; A 16 * 8 = 128 words (broadcast), B 8 * 16 * 64 = 8192,
 *    O 8 * 512 = 4096 written
 *  narrow (M 64, N 64, K 16): a_N = 1 array of the 8, one copy: the rows
 *    split over 8 sets of 8 rows, each one fold of 86 cycles (688 on one
 *    array); A 16 * 64 = 1024 words, B broadcast 16 * 64 = 1024, O 4096
 * cycles 172; reads (128 + 8192 + 1024 + 1024) * 8 bits = 82944, writes
 * 8192 * 32 = 262144.
 */
START_TEST(rows_split_over_idle_arrays)
{
	struct dse_format f = format("int8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	char path[4096];

	snprintf(path, sizeof path, "%s/data/wl_narrow.json", test_inputs());
	load_wl(path);
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 8, 64, 1, 0, 1.0, 8);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq(r.group_n, 8);
	ck_assert_double_eq(r.cycles, 172);
	ck_assert_double_eq(r.sram_read_bits, 82944);
	ck_assert_double_eq(r.sram_write_bits, 262144);
}
END_TEST

/* ---- accumulators (MODEL.md 2.1) ---- */

/*
 * gemm:8,K,1 (N = 8, K, one row per item), ws 8 x 8, b = 4 (T = M = 4),
 * one array, int8, n7.  K = 8: one fold.  With accumulators every
 * fold writes its T x C = 32 partial sums into them and the finished
 * outputs are read out once: 64 words * 32 bits = 2048 bits * 0.044 pJ
 * = 90.112 pJ; the SRAM gets the 32 outputs once.  K = 16 (2 folds
 * along K): 4 * 8 * 2 = 64 written, 64 read: 4096 bits = 180.224 pJ,
 * the SRAM still 32 output writes and no partial-sum reads, where
 * without accumulators it takes 64 writes and 32 reads of partial sums.
 */
START_TEST(accumulator_energy)
{
	struct dse_format f = format("int8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result with, without;

	load_wl("gemm:8,8,1");
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_WS, 8, 8, 1, 4, 1.0, 1);
	d.accumulators = 1;
	eval_ok(&m, &d, &with);
	ck_assert_int_eq(with.accumulators, 1);
	ck_assert_double_eq(with.acc_bits, 2048);
	ck_assert_double_eq_tol(with.energy_acc_uj, 90.112e-6, 1e-15);
	/* SRAM writes: 32 outputs * 32 bits */
	ck_assert_double_eq(with.sram_write_bits, 32 * 32);
	/* accumulators: 8 columns x 4096 x 32 bits = 1 Mbit = 0.125 MB at
	 * 0.45 mm2/MB = 0.05625 mm2 */
	ck_assert_double_eq_tol(with.area_acc_mm2, 0.05625, 1e-12);

	load_wl("gemm:8,16,1");
	init_model(&m, 300, 75, 75);
	eval_ok(&m, &d, &with);
	ck_assert_double_eq(with.acc_bits, 4096);
	ck_assert_double_eq_tol(with.energy_acc_uj, 180.224e-6, 1e-15);
	ck_assert_double_eq(with.sram_write_bits, 32 * 32);
	d.accumulators = 0;
	eval_ok(&m, &d, &without);
	ck_assert_int_eq(without.accumulators, 0);
	ck_assert_double_eq(without.acc_bits, 0);
	ck_assert_double_eq(without.sram_write_bits, 64 * 32);
	/* reads: A 4 * 16 = 64 words and B 128 at 8 bits, 32 partial sums
	 * at 32: 1536 + 1024 = 2560 bits; with accumulators 1536 */
	ck_assert_double_eq(without.sram_read_bits, 2560);
	ck_assert_double_eq(with.sram_read_bits, 1536);
	/* os keeps its outputs in the PEs: no accumulators to use */
	d = design(&f, DSE_OS, 8, 8, 1, 0, 1.0, 1);
	d.accumulators = 1;
	eval_ok(&m, &d, &with);
	ck_assert_int_eq(with.accumulators, 0);
	ck_assert_double_eq(with.area_acc_mm2, 0);
}
END_TEST

START_TEST(frequency_over_max)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	/* 1.3 GHz > f(V_max) = 1.2734 GHz */
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.3, 0);
	ck_assert_int_eq(d.opp.over_vmax, 1);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_INF_FREQUENCY);
}
END_TEST

START_TEST(no_group_fits)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	/* 512 x 512: P_arr = (262144 * 0.208452083 + 1024 * 8.0173611 * 0.22)
	 * * 1e-3 + 262144 * 2.08452083e-5 = 54.6444 + 1.8062 + 5.4644
	 * = 61.915 W: 69.25 / 61.915 = 1.118 -> 1 array; a group of s = 2
	 * K-slices needs 2: infeasible by power */
	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 512, 512, 2, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq_tol(r.arrays_by_power, 1.118468, 1e-6);
	ck_assert_int_eq(r.verdict, DSE_INF_POWER);
	ck_assert_double_eq(r.groups, 0);
	/* 60 mm2: 60 - 33.75 - 20 = 6.25 mm2 left; a 256 x 256 array takes
	 * 65536 * 97.264931e-6 + 0.01 = 6.384354 mm2: 0.979 arrays; power
	 * allows 69.25 / 15.930303 = 4.35: infeasible by area */
	init_model(&m, 60, 75, 75);
	d = design(&f, DSE_OS, 256, 256, 1, 0, 1.0, 0);
	eval_ok(&m, &d, &r);
	ck_assert_double_eq_tol(r.arrays_by_area, 0.978956, 1e-6);
	ck_assert_int_eq(r.verdict, DSE_INF_AREA);
}
END_TEST

START_TEST(fixed_arrays_over_budget)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;

	init_model(&m, 300, 75, 75);
	/* power allows 95.7 arrays of 16 x 128 (default_design): 96 breaks it,
	 * 95 does not */
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.0, 96);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_INF_POWER);
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.0, 95);
	eval_ok(&m, &d, &r);
	ck_assert_int_eq(r.verdict, DSE_FEASIBLE);
	ck_assert_int_eq(r.binding, DSE_BIND_ARRAYS);
	ck_assert_double_eq(r.arrays, 95);
	/* g_N = min(64, 95) = 64, G = 1 */
	ck_assert_double_eq(r.groups, 1);
}
END_TEST

START_TEST(malformed_designs)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r;
	struct dse_error err = { 0, "" };

	init_model(&m, 300, 75, 75);
	d = design(&f, DSE_OS, 0, 128, 1, 0, 1.0, 0);
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	d = design(&f, DSE_OS, 16, 0, 1, 0, 1.0, 0);
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	d = design(&f, DSE_OS, 16, 128, 0, 0, 1.0, 0);
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	/* ws needs a batch */
	d = design(&f, DSE_WS, 16, 128, 1, 0, 1.0, 0);
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	/* 2 arrays cannot hold a group of 4 K-slices */
	d = design(&f, DSE_OS, 16, 128, 4, 0, 1.0, 2);
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	d = design(&f, DSE_OS, 16, 128, 1, 0, 1.0, 0);
	d.format = NULL;
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
	d.format = &f;
	d.opp.freq_ghz = NAN;
	ck_assert_int_eq(dse_model_eval(&m, &d, &r, &err), DSE_EINPUT);
}
END_TEST

START_TEST(cache_matches_uncached)
{
	struct dse_format f = format("hbfp8");
	struct dse_model m;
	struct dse_design d;
	struct dse_result r1, r2;
	struct dse_work *cache = dse_work_new();
	struct dse_error err = { 0, "" };
	static const double freqs[] = { 0.6, 0.9, 1.0, 1.2 };
	size_t i;

	ck_assert_ptr_nonnull(cache);
	init_model(&m, 300, 75, 75);
	for (i = 0; i < sizeof freqs / sizeof freqs[0]; i++) {
		d = design(&f, DSE_OS, 16, 128, 2, 0, freqs[i], 0);
		eval_ok(&m, &d, &r1);
		ck_assert_int_eq(dse_model_eval_cached(&m, &d, cache, &r2, &err),
				 DSE_OK);
		ck_assert_double_eq(r1.cycles, r2.cycles);
		ck_assert_double_eq(r1.energy_uj, r2.energy_uj);
		ck_assert_double_eq(r1.arrays, r2.arrays);
	}
	dse_work_free(cache);
}
END_TEST

/* ---- dse_model_init ---- */

START_TEST(init_ok)
{
	struct dse_model m;

	init_model(&m, 300, 75, 75);
	/* 300 - 75 * 0.45 - 20 = 246.25 mm2; 75 - 75 * 0.01 - 5 = 69.25 W;
	 * 75 MB * 8 * 2^20 = 629145600 bits */
	ck_assert_double_eq_tol(m.area_avail_mm2, 246.25, 1e-9);
	ck_assert_double_eq_tol(m.power_avail_w, 69.25, 1e-9);
	ck_assert_double_eq(m.sram_bits, 629145600.0);
	ck_assert_ptr_eq(m.tech, tech);
	ck_assert_ptr_eq(m.wl, wl);
}
END_TEST

static const double bad_budget_values[] = { 0.0, -1.0, NAN, INFINITY,
					    -INFINITY };

START_TEST(init_rejects_bad_budgets)
{
	const double v = bad_budget_values[_i];
	struct dse_budget good = { 300, 75, 75, 0 }, b;
	struct dse_model m;
	struct dse_error err = { 0, "" };
	int which;

	for (which = 0; which < 3; which++) {
		b = good;
		if (which == 0)
			b.area_mm2 = v;
		else if (which == 1)
			b.power_w = v;
		else
			b.sram_mb = v;
		ck_assert_msg(dse_model_init(&m, tech, wl, &b, &err) ==
				      DSE_EINPUT,
			      "budget field %d = %g accepted", which, v);
		ck_assert_ptr_nonnull(strstr(err.msg, which == 0 ? "area_mm2" :
						     which == 1 ? "power_w" :
								  "sram_mb"));
	}
}
END_TEST

START_TEST(init_infeasible)
{
	struct dse_budget b;
	struct dse_model m;
	struct dse_error err = { 0, "" };

	/* 40 mm2 < 75 MB * 0.45 + 20 = 53.75 mm2 */
	b = (struct dse_budget){ 40, 75, 75, 0 };
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err),
			 DSE_EINFEASIBLE);
	ck_assert_ptr_nonnull(strstr(err.msg, "area"));
	/* 300 mm2 < 700 MB * 0.45 + 20 = 335 mm2 */
	b = (struct dse_budget){ 300, 75, 700, 0 };
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err),
			 DSE_EINFEASIBLE);
	/* 5.5 W < 75 MB * 0.01 + 5 = 5.75 W */
	b = (struct dse_budget){ 300, 5.5, 75, 0 };
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err),
			 DSE_EINFEASIBLE);
	ck_assert_ptr_nonnull(strstr(err.msg, "power"));
	/* 600 MB: 270 + 20 = 290 mm2 < 300: feasible */
	b = (struct dse_budget){ 300, 75, 600, 0 };
	ck_assert_int_eq(dse_model_init(&m, tech, wl, &b, &err), DSE_OK);
	ck_assert_double_eq_tol(m.area_avail_mm2, 10.0, 1e-9);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(dse_verdict_name(DSE_FEASIBLE), "feasible");
	ck_assert_str_eq(dse_verdict_name(DSE_INF_SRAM), "sram");
	ck_assert_str_eq(dse_binding_name(DSE_BIND_POWER), "power");
	ck_assert_str_eq(dse_strerror(DSE_EINPUT), "bad input data");
}
END_TEST

Suite *suite_eval(void)
{
	Suite *s = suite_create("eval");
	TCase *tc;
	const int ntoy = (int)(sizeof toy_n / sizeof toy_n[0]);

	tc = tcase_create("toy");
	tcase_add_checked_fixture(tc, toy_setup, teardown);
	tcase_add_loop_test(tc, toy_1_by_n, 0, ntoy);
	tcase_add_loop_test(tc, toy_2_by_n, 0, ntoy);
	tcase_add_loop_test(tc, toy_4_by_half_n, 0, ntoy);
	tcase_add_test(tc, toy_json_workload);
	suite_add_tcase(s, tc);

	tc = tcase_create("by_hand");
	tcase_add_checked_fixture(tc, n7_lstm_setup, teardown);
	tcase_add_test(tc, default_design);
	tcase_add_test(tc, default_design_energy);
	tcase_add_test(tc, ksplit_by_hand);
	tcase_add_test(tc, ksplit_uneven_by_hand);
	tcase_add_test(tc, ws_by_hand);
	tcase_add_test(tc, voltage_scaling);
	tcase_add_test(tc, area_bound_design);
	suite_add_tcase(s, tc);

	tc = tcase_create("sizing");
	tcase_add_checked_fixture(tc, n7_lstm_setup, teardown);
	tcase_add_loop_test(tc, sizing_invariants, 0, NDESIGNS);
	tcase_add_test(tc, cache_matches_uncached);
	suite_add_tcase(s, tc);

	tc = tcase_create("verdicts");
	tcase_add_checked_fixture(tc, n7_lstm_setup, teardown);
	tcase_add_test(tc, weights_exceed_sram);
	tcase_add_test(tc, dram_bound_stages);
	tcase_add_test(tc, dram_in_budget);
	tcase_add_test(tc, placement_half_fits);
	tcase_add_test(tc, accumulator_energy);
	tcase_add_test(tc, rows_split_over_idle_arrays);
	tcase_add_test(tc, frequency_over_max);
	tcase_add_test(tc, no_group_fits);
	tcase_add_test(tc, fixed_arrays_over_budget);
	tcase_add_test(tc, malformed_designs);
	suite_add_tcase(s, tc);

	tc = tcase_create("model_init");
	tcase_add_checked_fixture(tc, n7_lstm_setup, teardown);
	tcase_add_test(tc, init_ok);
	tcase_add_loop_test(tc, init_rejects_bad_budgets, 0,
			    (int)(sizeof bad_budget_values /
				  sizeof bad_budget_values[0]));
	tcase_add_test(tc, init_infeasible);
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);
	return s;
}
