/* test_tech.c - technology files and the voltage-frequency law (MODEL.md 4). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

static struct dse_tech *tech;

static void load_ok(const char *name)
{
	struct dse_error err = { 0, "" };
	int rc = dse_tech_load(name, test_datadir(), &tech, &err);

	ck_assert_msg(rc == DSE_OK, "loading %s: %s", name, err.msg);
}

static void n7_setup(void) { load_ok("n7"); }
static void toy_setup(void) { load_ok("toy"); }

static void tech_teardown(void)
{
	dse_tech_free(tech);
	tech = NULL;
}

/* ---- built-ins load ---- */

static const struct {
	const char *name;
	double v_nom_v, f_nom_ghz; /* as written in data/tech/<name>.json */
	int fill_drain;
} builtins[] = {
	{ "n7", 0.75, 1.0, 1 },
	{ "n16", 0.8, 0.94, 1 },
	{ "n28", 0.9, 0.7, 1 },
	{ "toy", 1.0, 1.0, 0 },
};

#define NBUILTINS ((int)(sizeof builtins / sizeof builtins[0]))

START_TEST(builtin_loads)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };
	char suffix[64];
	int rc = dse_tech_load(builtins[_i].name, test_datadir(), &t, &err);

	ck_assert_msg(rc == DSE_OK, "%s: %s", builtins[_i].name, err.msg);
	ck_assert_str_eq(t->name, builtins[_i].name);
	snprintf(suffix, sizeof suffix, "tech/%s.json", builtins[_i].name);
	ck_assert_ptr_nonnull(strstr(t->path, suffix));
	ck_assert_ptr_nonnull(t->description);
	ck_assert_double_eq_tol(t->v_nom_v, builtins[_i].v_nom_v, 1e-12);
	ck_assert_double_eq_tol(t->f_nom_ghz, builtins[_i].f_nom_ghz, 1e-12);
	ck_assert_int_eq(t->fill_drain, builtins[_i].fill_drain);
	dse_tech_free(t);
}
END_TEST

START_TEST(f_at_vnom_is_fnom)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_tech_load(builtins[_i].name, test_datadir(), &t,
				       &err), DSE_OK);
	/* f(V_nom) = f_nom * 1: the law is normalised at V_nom */
	ck_assert_double_eq_tol(dse_tech_freq_ghz(t, t->v_nom_v),
				builtins[_i].f_nom_ghz, 1e-12);
	dse_tech_free(t);
}
END_TEST

START_TEST(n7_values)
{
	/* n7.json, a few entries of MODEL.md 4's table */
	ck_assert_double_eq_tol(tech->v_th_v, 0.30, 1e-12);
	ck_assert_double_eq_tol(tech->alpha, 1.3, 1e-12);
	ck_assert_double_eq_tol(tech->v_min_v, 0.50, 1e-12);
	ck_assert_double_eq_tol(tech->v_max_v, 0.95, 1e-12);
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_INT8], 0.07, 1e-12);
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_BF16], 0.21, 1e-12);
	ck_assert_double_eq_tol(tech->acc_pj[DSE_ACC_FP32], 0.38, 1e-12);
	ck_assert_double_eq_tol(tech->mul_um2[DSE_MUL_FP32], 151.0, 1e-12);
	ck_assert_double_eq_tol(tech->sram_mm2_per_mb, 0.45, 1e-12);
	ck_assert_double_eq_tol(tech->fixed_area_mm2, 20.0, 1e-12);
	ck_assert_double_eq_tol(tech->vector_lanes, 2048.0, 1e-12);
}
END_TEST

START_TEST(params_table)
{
	const char *key, *source;
	double v;
	size_t i;
	int seen_alpha = 0, seen_fill = 0;

	size_t derived = 0;

	/* 53 parameters: the 36 core ones n7.json gives, its 5 tier keys
	 * (DRAM bandwidth, energy, capacity; accumulator depth, energy), and
	 * 12 derived (the multiplexer bit's energy and area, the five MX
	 * product units' energy and area) */
	ck_assert_uint_eq(dse_tech_nparams(), 53);
	for (i = 0; i < dse_tech_nparams(); i++) {
		dse_tech_param(tech, i, &key, &v, &source);
		derived += (size_t)dse_tech_param_derived(tech, i);
		ck_assert_ptr_nonnull(key);
		ck_assert_msg(source && *source, "%s: no source", key);
		if (strcmp(key, "alpha") == 0) {
			seen_alpha = 1;
			ck_assert_double_eq_tol(v, 1.3, 1e-12);
			ck_assert_ptr_nonnull(strstr(source, "Sakurai"));
		}
		if (strcmp(key, "fill_drain") == 0) {
			seen_fill = 1;
			ck_assert_double_eq(v, 1.0); /* true */
		}
	}
	ck_assert(seen_alpha && seen_fill);
	ck_assert_uint_eq(derived, 12);
}
END_TEST

/* Index of the parameter called key. */
static size_t param_index(const char *key)
{
	const char *k, *source;
	double v;
	size_t i;

	for (i = 0; i < dse_tech_nparams(); i++) {
		dse_tech_param(tech, i, &k, &v, &source);
		if (strcmp(k, key) == 0)
			return i;
	}
	ck_abort_msg("no parameter %s", key);
	return 0;
}

START_TEST(n7_derived_components)
{
	const char *key, *source;
	double v;
	size_t i;

	/* a 2:1 mux bit is 3/7 of an adder bit: 0.03/32 * 3/7 = 0.000401786 pJ,
	 * 0.35 * 3/7 = 0.15 um2 */
	ck_assert_double_eq_tol(tech->mux_pj_per_bit, 0.03 / 32 * 3 / 7, 1e-15);
	ck_assert_double_eq_tol(tech->mux_um2_per_bit, 0.15, 1e-12);
	/* E4M3 product unit: 4-bit significand multiplier 0.07 * (4/8)^2 =
	 * 0.0175, 5-bit exponent adder 0.01 * 5/10 = 0.005, 94-bit shifter
	 * (stages of 9, 11, 15, 23, 36 bits) 94 * 0.000401786 = 0.0377679;
	 * total 0.0602679 pJ */
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_FP8_E4M3], 0.0602678571,
				1e-9);
	/* 18.4/4 + 3.5/2 + 94 * 0.15 = 4.6 + 1.75 + 14.1 = 20.45 um2 */
	ck_assert_double_eq_tol(tech->mul_um2[DSE_MUL_FP8_E4M3], 20.45, 1e-9);
	/* E2M1: 0.07/16 + 0.01 * 3/10 + 20 * 0.000401786 = 0.004375 + 0.003
	 * + 0.0080357 = 0.0154107 pJ; 1.15 + 1.05 + 3 = 5.2 um2 */
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_FP4_E2M1], 0.0154107143,
				1e-9);
	ck_assert_double_eq_tol(tech->mul_um2[DSE_MUL_FP4_E2M1], 5.2, 1e-9);
	i = param_index("mul_fp8_e4m3_pj");
	ck_assert_int_eq(dse_tech_param_derived(tech, i), 1);
	dse_tech_param(tech, i, &key, &v, &source);
	ck_assert_ptr_nonnull(strstr(source, "derived"));
	ck_assert_ptr_nonnull(strstr(source, "mul_int8_pj"));
	/* the file's own values are not derived */
	ck_assert_int_eq(dse_tech_param_derived(tech, param_index("mul_fp16_pj")),
			 0);
}
END_TEST

/* Load tests/data/<file> into tech. */
static void load_test_file(const char *file)
{
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(), file);
	ck_assert_msg(dse_tech_load(path, test_datadir(), &tech, &err) == DSE_OK,
		      "%s: %s", file, err.msg);
}

START_TEST(optional_components_derived)
{
	/* n7 without fp16, fp32 multipliers and exponent adder */
	load_test_file("tech_minimal.json");
	/* fp16 = bf16 x (11/8)^2 = 0.21 x 1.890625 = 0.39703125 pJ,
	 * 20.4 x 1.890625 = 38.56875 um2 (n7.json's own 38.6 rule) */
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_FP16], 0.39703125, 1e-12);
	ck_assert_double_eq_tol(tech->mul_um2[DSE_MUL_FP16], 38.56875, 1e-12);
	/* fp32 = bf16 x (24/8)^2 = 0.21 x 9 = 1.89 pJ */
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_FP32], 1.89, 1e-12);
	/* exponent adder = 10 adder bits: 0.03 x 10/32 = 0.009375 pJ, 3.5 um2 */
	ck_assert_double_eq_tol(tech->exp_add_pj, 0.009375, 1e-12);
	ck_assert_double_eq_tol(tech->exp_add_um2, 3.5, 1e-12);
	ck_assert_int_eq(dse_tech_param_derived(tech, param_index("exp_add_pj")),
			 1);
	/* the product units then use the derived exponent adder:
	 * 0.0175 + 0.009375 / 2 + 0.0377679 = 0.0600804 pJ */
	ck_assert_double_eq_tol(tech->mul_pj[DSE_MUL_FP8_E4M3],
				0.0175 + 0.0046875 + 94 * 0.03 / 32 * 3 / 7,
				1e-12);
}
END_TEST

START_TEST(explicit_component_wins)
{
	const char *key, *source;
	double v;
	size_t i;

	load_test_file("tech_override.json");
	i = param_index("mul_fp8_e4m3_pj");
	dse_tech_param(tech, i, &key, &v, &source);
	ck_assert_double_eq(v, 0.05);
	ck_assert_str_eq(source, "test: an explicit product unit");
	ck_assert_int_eq(dse_tech_param_derived(tech, i), 0);
	/* its area is still derived: 20.45 um2 */
	ck_assert_double_eq_tol(tech->mul_um2[DSE_MUL_FP8_E4M3], 20.45, 1e-9);
}
END_TEST

START_TEST(free_null)
{
	dse_tech_free(NULL);
}
END_TEST

/* ---- optional tiers: DRAM and accumulators (MODEL.md 2.1, 5.1) ---- */

START_TEST(tiers_n7)
{
	/* n7.json: one HBM2 stack as TPUv4i, 614 GB/s, 3.9 pJ/bit, 8 GiB;
	 * TPUv1's 4096-deep accumulators at 0.2 x 0.22 = 0.044 pJ/bit */
	ck_assert_double_eq(tech->dram_bandwidth_gbps, 614);
	ck_assert_double_eq(tech->dram_pj_per_bit, 3.9);
	ck_assert_double_eq(tech->dram_capacity_gb, 8);
	ck_assert_double_eq(tech->acc_depth, 4096);
	ck_assert_double_eq_tol(tech->acc_pj_per_bit, 0.044, 1e-12);
	/* full bandwidth: 614e9 B/s * 8 bit * 3.9 pJ = 19.1568 W */
	ck_assert_double_eq_tol(dse_dram_peak_w(tech), 19.1568, 1e-9);
	/* 1e6 bits at 3.9 pJ = 3.9 uJ */
	ck_assert_double_eq_tol(dse_dram_energy_uj(tech, 1e6), 3.9, 1e-12);
}
END_TEST

START_TEST(tiers_absent_in_toy)
{
	const char *key, *source;
	double v;
	size_t i;
	int absent = 0;

	/* the talk's toy has neither tier: values 0, sources say so */
	ck_assert_double_eq(tech->dram_bandwidth_gbps, 0);
	ck_assert_double_eq(tech->acc_depth, 0);
	for (i = 0; i < dse_tech_nparams(); i++) {
		dse_tech_param(tech, i, &key, &v, &source);
		if (strncmp(key, "dram_", 5) == 0 || strncmp(key, "acc_", 4) == 0) {
			ck_assert_double_eq(v, 0);
			ck_assert_ptr_nonnull(strstr(source, "absent"));
			absent++;
		}
	}
	ck_assert_int_eq(absent, 5);
}
END_TEST

START_TEST(roofline_by_hand)
{
	enum dse_bound b;

	/* 1000 cycles at 1 GHz = 1 us of compute; 614 GB/s = 4912 bits/ns:
	 * 4912 bits on one group take 1 ns, on 2 groups (half the bandwidth
	 * each) 2 ns: compute bound */
	ck_assert_double_eq_tol(dse_roofline_us(tech, 1000, 1.0, 4912, 2,
						DSE_BOUND_COMPUTE, &b),
				1.0, 1e-12);
	ck_assert_int_eq(b, DSE_BOUND_COMPUTE);
	/* 4912e3 bits on 2 groups: 2 us > 1 us: DRAM bound */
	ck_assert_double_eq_tol(dse_roofline_us(tech, 1000, 1.0, 4912e3, 2,
						DSE_BOUND_SRAM, &b),
				2.0, 1e-12);
	ck_assert_int_eq(b, DSE_BOUND_DRAM);
	/* no DRAM traffic: the on-chip bound passed in */
	ck_assert_double_eq_tol(dse_roofline_us(tech, 500, 0.5, 0, 1,
						DSE_BOUND_SRAM, &b),
				1.0, 1e-12);
	ck_assert_int_eq(b, DSE_BOUND_SRAM);
	ck_assert_str_eq(dse_bound_name(DSE_BOUND_DRAM), "dram");
	ck_assert_str_eq(dse_bound_name(DSE_BOUND_COUNT), "?");
}
END_TEST

/* ---- voltage and frequency ---- */

START_TEST(freq_at_vmax_by_hand)
{
	/* f(0.95) = 1.0 * [(0.95 - 0.3)^1.3 / 0.95] / [(0.75 - 0.3)^1.3 / 0.75]
	 *         = (0.65/0.45)^1.3 * 0.75/0.95
	 *         = exp(1.3 * ln 1.444444) * 0.789474
	 *         = exp(1.3 * 0.367725) * 0.789474 = 1.612914 * 0.789474
	 *         = 1.273353 GHz */
	ck_assert_double_eq_tol(dse_tech_freq_ghz(tech, 0.95), 1.273353, 1e-5);
	/* f(0.5) = (0.2/0.45)^1.3 * 0.75/0.5 = exp(1.3 * -0.810930) * 1.5
	 *        = 0.348468 * 1.5 = 0.522702 GHz */
	ck_assert_double_eq_tol(dse_tech_freq_ghz(tech, 0.5), 0.522702, 1e-5);
	/* f(0.85) = (0.55/0.45)^1.3 * 0.75/0.85 = exp(1.3 * 0.200671) * 0.882353
	 *         = 1.298061 * 0.882353 = 1.145348 GHz */
	ck_assert_double_eq_tol(dse_tech_freq_ghz(tech, 0.85), 1.145348, 1e-5);
}
END_TEST

START_TEST(opp_solves_by_hand)
{
	struct dse_opp opp;
	struct dse_error err = { 0, "" };

	/* 1.145348 GHz is f(0.85 V) (freq_at_vmax_by_hand): V = 0.85 */
	ck_assert_int_eq(dse_tech_opp(tech, 1.145348, &opp, &err), DSE_OK);
	ck_assert_double_eq_tol(opp.voltage_v, 0.85, 1e-5);
	ck_assert_int_eq(opp.over_vmax, 0);
	ck_assert_double_eq(opp.freq_ghz, 1.145348);
	/* f_nom = 1 GHz is f(V_nom = 0.75) */
	ck_assert_int_eq(dse_tech_opp(tech, 1.0, &opp, &err), DSE_OK);
	ck_assert_double_eq_tol(opp.voltage_v, 0.75, 1e-9);
}
END_TEST

START_TEST(dvfs_round_trip)
{
	static const char *const names[] = { "n7", "n16", "n28" };
	size_t t;
	int i;

	for (t = 0; t < sizeof names / sizeof names[0]; t++) {
		struct dse_tech *x = NULL;
		struct dse_error err = { 0, "" };
		double f_lo, f_hi;

		ck_assert_int_eq(dse_tech_load(names[t], test_datadir(), &x,
					       &err), DSE_OK);
		f_lo = dse_tech_freq_ghz(x, x->v_min_v);
		f_hi = dse_tech_freq_ghz(x, x->v_max_v);
		ck_assert(f_lo < x->f_nom_ghz && x->f_nom_ghz < f_hi);
		/* seven points strictly inside (f(V_min), f(V_max)) */
		for (i = 1; i <= 7; i++) {
			double f = f_lo + (f_hi - f_lo) * i / 8.0;
			struct dse_opp opp;

			ck_assert_int_eq(dse_tech_opp(x, f, &opp, &err), DSE_OK);
			ck_assert_int_eq(opp.over_vmax, 0);
			ck_assert(opp.voltage_v > x->v_min_v &&
				  opp.voltage_v < x->v_max_v);
			ck_assert_msg(fabs(dse_tech_freq_ghz(x, opp.voltage_v) - f) <=
					      1e-9 * f,
				      "%s: f(V(%.12g)) = %.12g", names[t], f,
				      dse_tech_freq_ghz(x, opp.voltage_v));
		}
		dse_tech_free(x);
	}
}
END_TEST

START_TEST(below_fmin_runs_at_vmin)
{
	struct dse_opp opp;

	/* f(V_min) = 0.5227 GHz > 0.3 GHz: the rail stays at V_min = 0.5 V */
	ck_assert_int_eq(dse_tech_opp(tech, 0.3, &opp, NULL), DSE_OK);
	ck_assert_double_eq(opp.voltage_v, 0.5);
	ck_assert_double_eq(opp.freq_ghz, 0.3);
	ck_assert_int_eq(opp.over_vmax, 0);
	/* 0.52 < 0.522702 also */
	ck_assert_int_eq(dse_tech_opp(tech, 0.52, &opp, NULL), DSE_OK);
	ck_assert_double_eq(opp.voltage_v, 0.5);
}
END_TEST

START_TEST(above_fmax_is_over_vmax)
{
	struct dse_opp opp;
	double f_hi = dse_tech_freq_ghz(tech, tech->v_max_v);

	/* 1.3 GHz > f(V_max) = 1.2734 GHz */
	ck_assert_int_eq(dse_tech_opp(tech, 1.3, &opp, NULL), DSE_OK);
	ck_assert_int_eq(opp.over_vmax, 1);
	ck_assert_double_eq(opp.voltage_v, 0.95);
	ck_assert_double_eq(opp.freq_ghz, 1.3);
	/* exactly f(V_max) is still feasible, at V_max */
	ck_assert_int_eq(dse_tech_opp(tech, f_hi, &opp, NULL), DSE_OK);
	ck_assert_int_eq(opp.over_vmax, 0);
	ck_assert_double_eq_tol(opp.voltage_v, 0.95, 1e-12);
}
END_TEST

START_TEST(bad_frequency)
{
	static const double bad[] = { 0.0, -1.0, NAN, INFINITY, -INFINITY };
	struct dse_opp opp;
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_tech_opp(tech, bad[_i], &opp, &err), DSE_EINPUT);
	ck_assert_int_eq(err.status, DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "frequency"));
}
END_TEST

START_TEST(toy_fixed_voltage)
{
	struct dse_opp opp;

	/* toy: V_min = V_nom = V_max = 1 V, V_th = 0, alpha = 1:
	 * f(V) = 1 * (1 - 0)^1 / 1 / 1 = 1 GHz */
	ck_assert_double_eq_tol(dse_tech_freq_ghz(tech, 1.0), 1.0, 1e-12);
	ck_assert_int_eq(dse_tech_opp(tech, 1.0, &opp, NULL), DSE_OK);
	ck_assert_double_eq(opp.voltage_v, 1.0);
	ck_assert_int_eq(opp.over_vmax, 0);
	ck_assert_int_eq(dse_tech_opp(tech, 1.5, &opp, NULL), DSE_OK);
	ck_assert_int_eq(opp.over_vmax, 1);
	ck_assert_int_eq(tech->fill_drain, 0);
}
END_TEST

/* ---- bad technology files: tests/data/tech_*.json, n7 with one defect ---- */

static const struct {
	const char *file;
	const char *key; /* must appear in the message; NULL: "malformed" */
} bad_files[] = {
	{ "tech_malformed.json", NULL },           /* a ',' missing */
	{ "tech_empty.json", NULL },               /* empty file */
	{ "tech_unknown_top.json", "vendor" },     /* unknown top-level key */
	{ "tech_unknown_param.json", "e_mul9_pj" },/* unknown parameter */
	{ "tech_missing_key.json", "alpha" },      /* parameter missing */
	{ "tech_missing_top.json", "description" },/* top-level key missing */
	{ "tech_string_value.json", "f_nom_ghz" }, /* "1.0" */
	{ "tech_bool_value.json", "v_nom_v" },     /* true for a number */
	{ "tech_negative.json", "mul_int8_pj" },   /* -0.07 */
	{ "tech_zero_fnom.json", "f_nom_ghz" },    /* 0, must be > 0 */
	{ "tech_inf.json", "reg_pj_per_bit" },     /* 1e999 parses to inf */
	{ "tech_empty_source.json", "sram_leak_w_per_mb" }, /* "source": "" */
	{ "tech_vmin_above_vnom.json", "v_min_v" },/* 0.8 > v_nom 0.75 */
	{ "tech_param_not_object.json", "exp_add_um2" }, /* 3.5, no object */
	{ "tech_bool_as_number.json", "fill_drain" },    /* 1 for true */
	/* bf16 mul 2e5 pJ: the derived fp32 one, 9 x 2e5, exceeds 1e6 */
	{ "tech_derived_range.json", "mul_fp32_pj" },
	/* a DRAM bandwidth without its energy and capacity */
	{ "tech_half_dram.json", "dram_pj_per_bit" },
	{ "tech_acc_fraction.json", "acc_depth" },       /* 40.5 entries */
};

START_TEST(bad_file)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];
	int rc;

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(),
		 bad_files[_i].file);
	rc = dse_tech_load(path, test_datadir(), &t, &err);
	ck_assert_msg(rc == DSE_EINPUT, "%s: status %d (%s)", bad_files[_i].file,
		      rc, err.msg);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(err.status, DSE_EINPUT);
	ck_assert_msg(strstr(err.msg, path) != NULL, "no path in: %s", err.msg);
	ck_assert_msg(strstr(err.msg, bad_files[_i].key ? bad_files[_i].key :
				      "malformed") != NULL,
		      "no '%s' in: %s",
		      bad_files[_i].key ? bad_files[_i].key : "malformed",
		      err.msg);
}
END_TEST

START_TEST(unknown_builtin)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };

	/* a name, not a path: a usage error naming it */
	ck_assert_int_eq(dse_tech_load("nosuch", test_datadir(), &t, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(strstr(err.msg, "nosuch"));
	ck_assert_int_eq(dse_tech_load("N7!", test_datadir(), &t, &err),
			 DSE_EUSAGE);
	ck_assert_int_eq(dse_tech_load("", test_datadir(), &t, &err),
			 DSE_EUSAGE);
}
END_TEST

START_TEST(missing_file)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/no_such_tech.json", test_inputs());
	ck_assert_int_eq(dse_tech_load(path, test_datadir(), &t, &err), DSE_EINPUT);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

START_TEST(load_by_path)
{
	struct dse_tech *t = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/tech/n16.json", test_datadir());
	ck_assert_int_eq(dse_tech_load(path, "/nonexistent", &t, &err), DSE_OK);
	ck_assert_str_eq(t->name, "n16");
	ck_assert_str_eq(t->path, path);
	dse_tech_free(t);
}
END_TEST

Suite *suite_tech(void)
{
	Suite *s = suite_create("tech");
	TCase *tc;

	tc = tcase_create("builtins");
	tcase_add_loop_test(tc, builtin_loads, 0, NBUILTINS);
	tcase_add_loop_test(tc, f_at_vnom_is_fnom, 0, NBUILTINS);
	tcase_add_test(tc, load_by_path);
	tcase_add_test(tc, free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("n7");
	tcase_add_checked_fixture(tc, n7_setup, tech_teardown);
	tcase_add_test(tc, n7_values);
	tcase_add_test(tc, params_table);
	tcase_add_test(tc, n7_derived_components);
	tcase_add_test(tc, tiers_n7);
	tcase_add_test(tc, roofline_by_hand);
	suite_add_tcase(s, tc);

	tc = tcase_create("derived");
	tcase_add_checked_fixture(tc, NULL, tech_teardown);
	tcase_add_test(tc, optional_components_derived);
	tcase_add_test(tc, explicit_component_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("dvfs");
	tcase_add_checked_fixture(tc, n7_setup, tech_teardown);
	tcase_add_test(tc, freq_at_vmax_by_hand);
	tcase_add_test(tc, opp_solves_by_hand);
	tcase_add_test(tc, dvfs_round_trip);
	tcase_add_test(tc, below_fmin_runs_at_vmin);
	tcase_add_test(tc, above_fmax_is_over_vmax);
	tcase_add_loop_test(tc, bad_frequency, 0, 5);
	suite_add_tcase(s, tc);

	tc = tcase_create("toy");
	tcase_add_checked_fixture(tc, toy_setup, tech_teardown);
	tcase_add_test(tc, toy_fixed_voltage);
	tcase_add_test(tc, tiers_absent_in_toy);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_files");
	tcase_add_loop_test(tc, bad_file, 0,
			    (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, unknown_builtin);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	return s;
}
