/* test_techset.c - technology overrides (--set), inheritance ("base") and
 * declared uncertainties (MODEL.md 11). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"


/* The index of key (the test fails if there is none). */
static size_t param(const char *key)
{
	size_t i = 0;

	ck_assert_msg(dse_tech_param_find(key, &i) == DSE_OK, "no key %s", key);
	return i;
}

/* Every parameter of a and b has the same value, bit for bit. */
static void same_values(const struct dse_tech *a, const struct dse_tech *b)
{
	size_t i;

	for (i = 0; i < dse_tech_nparams(); i++) {
		const char *ka, *kb, *sa, *sb;
		double va, vb;

		dse_tech_param(a, i, &ka, &va, &sa);
		dse_tech_param(b, i, &kb, &vb, &sb);
		ck_assert_msg(va == vb, "%s: %.17g vs %.17g", ka, va, vb);
		ck_assert_int_eq(dse_tech_param_derived(a, i),
				 dse_tech_param_derived(b, i));
	}
}

/* ---- overrides and inheritance reproduce a hand-written full file ---- */

/*
 * tech_full_int8.json is n7.json written out with mul_int8_pj 0.1 instead
 * of 0.07.  The MX product units are derived from mul_int8_pj, so they
 * must follow the new value on every path, not keep n7's.
 */
START_TEST(set_reproduces_full_file)
{
	struct dse_tech *n7 = test_tech("n7"), *full = test_tech("tech_full_int8.json");
	struct dse_tech *set = NULL;
	struct dse_error err = { 0, "" };
	size_t i = param("mul_int8_pj");
	double v = 0.1;

	ck_assert_int_eq(dse_tech_with(n7, &i, &v, 1, "command line", "--set",
				       &set, &err), DSE_OK);
	same_values(set, full);
	/* E4M3's product unit: 0.1 (4/8)^2 + 0.01 x 5/10 + 94 x 0.03/32 x 3/7
	 * = 0.025 + 0.005 + 0.0377679 pJ (n7's: 0.0175 in place of 0.025) */
	ck_assert_double_eq_tol(set->mul_pj[DSE_MUL_FP8_E4M3],
				0.025 + 0.005 + 94 * 0.03 / 32 * 3 / 7, 1e-12);
	ck_assert_str_eq(dse_tech_param_origin(set, i), "command line");
	{
		const char *key, *source;
		double val;

		dse_tech_param(set, i, &key, &val, &source);
		ck_assert_str_eq(source, "command line");
	}
	/* the original is untouched */
	ck_assert_double_eq(n7->mul_pj[DSE_MUL_INT8], 0.07);
	dse_tech_free(set);
	dse_tech_free(full);
	dse_tech_free(n7);
}
END_TEST

START_TEST(base_reproduces_full_file)
{
	struct dse_tech *full = test_tech("tech_full_int8.json");
	struct dse_tech *based = test_tech("tech_base_int8.json");
	struct dse_tech *chain = test_tech("tech_base_chain.json");

	same_values(based, full);
	same_values(chain, full);
	ck_assert_str_eq(based->name, "n7-int8");
	/* inherited values name n7's file, the given one this file */
	ck_assert_ptr_nonnull(strstr(dse_tech_param_origin(based, param("v_th_v")),
				     "tech/n7.json"));
	ck_assert_ptr_nonnull(strstr(dse_tech_param_origin(based, param("mul_int8_pj")),
				     "tech_base_int8.json"));
	ck_assert_str_eq(dse_tech_param_origin(based, param("mux_pj_per_bit")),
			 "derived");
	/* two levels: the int8 value from the middle file, the range from the top */
	ck_assert_ptr_nonnull(strstr(dse_tech_param_origin(chain, param("mul_int8_pj")),
				     "tech_base_int8.json"));
	ck_assert_ptr_nonnull(strstr(based->description, "based on n7"));
	ck_assert_ptr_null(strstr(chain->description, "based on"));
	dse_tech_free(chain);
	dse_tech_free(based);
	dse_tech_free(full);
}
END_TEST

START_TEST(uncertainty_inherited_value_kept)
{
	struct dse_tech *chain = test_tech("tech_base_chain.json");
	size_t i = param("sram_read_pj_per_bit");
	const struct dse_uncertainty *u = dse_tech_param_uncertainty(chain, i);

	/* only the range is given: n7's value 0.22 and its source stay */
	ck_assert_double_eq(chain->sram_read_pj_per_bit, 0.22);
	ck_assert_ptr_nonnull(strstr(dse_tech_param_origin(chain, i), "tech/n7.json"));
	ck_assert_ptr_nonnull(u);
	ck_assert_double_eq(u->lo, 0.03);
	ck_assert_double_eq(u->hi, 0.22);
	ck_assert_str_eq(u->dist->name, "loguniform");
	ck_assert_str_eq(u->source, "CACTI bare bank to Jouppi 1 MB");
	/* a parameter without one is fixed */
	ck_assert_ptr_null(dse_tech_param_uncertainty(chain, param("f_nom_ghz")));
	dse_tech_free(chain);
}
END_TEST

START_TEST(set_drops_uncertainty_and_rederives)
{
	struct dse_tech *chain = test_tech("tech_base_chain.json"), *t = NULL;
	struct dse_error err = { 0, "" };
	size_t idx[2] = { param("sram_read_pj_per_bit"), param("add_int32_pj") };
	double v[2] = { 0.1, 0.064 };

	ck_assert_int_eq(dse_tech_with(chain, idx, v, 2, "sample 3", "sample 3",
				       &t, &err), DSE_OK);
	ck_assert_ptr_null(dse_tech_param_uncertainty(t, idx[0]));
	ck_assert_double_eq(t->sram_read_pj_per_bit, 0.1);
	/* the mux bit follows the adder: 0.064 / 32 x 3/7 pJ */
	ck_assert_double_eq_tol(t->mux_pj_per_bit, 0.002 * 3 / 7, 1e-15);
	ck_assert_int_eq(dse_tech_param_derived(t, param("mux_pj_per_bit")), 1);
	dse_tech_free(t);
	dse_tech_free(chain);
}
END_TEST

START_TEST(with_refuses_broken_relations)
{
	struct dse_tech *n7 = test_tech("n7"), *t = NULL;
	struct dse_error err = { 0, "" };
	size_t i = param("v_min_v");
	double v = 0.9; /* above v_nom 0.75 */

	ck_assert_int_eq(dse_tech_with(n7, &i, &v, 1, "command line", "--set",
				       &t, &err), DSE_EINPUT);
	ck_assert_ptr_null(t);
	ck_assert_ptr_nonnull(strstr(err.msg, "--set"));
	ck_assert_ptr_nonnull(strstr(err.msg, "v_min_v"));
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	/* a value out of the parameter's own range, as a file's would be */
	v = 7;
	ck_assert_int_eq(dse_tech_with(n7, &i, &v, 1, "command line", "--set",
				       &t, &err), DSE_EINPUT);
	dse_tech_free(n7);
}
END_TEST

START_TEST(absent_tier_stays_absent)
{
	struct dse_tech *t = test_tech("tech_base_toy.json"), *set = NULL;
	struct dse_error err = { 0, "" };
	size_t i = param("dram_bandwidth_gbps");
	double v = 100;

	/* toy has no DRAM: no file of the chain gives its keys */
	ck_assert_str_eq(dse_tech_param_origin(t, i), "absent");
	ck_assert_ptr_nonnull(strstr(dse_tech_param_origin(t, param("fixed_power_w")),
				     "tech_base_toy.json"));
	ck_assert_double_eq(t->fixed_power_w, 1);
	/* and one key of the tier cannot be set alone */
	ck_assert_int_eq(dse_tech_with(t, &i, &v, 1, "command line", "--set",
				       &set, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "dram_bandwidth_gbps"));
	dse_tech_free(t);
}
END_TEST

/* ---- --set arguments ---- */

static const struct {
	const char *arg, *names; /* names: what the message must hold */
} bad_sets[] = {
	{ "nosuch=1", "nosuch" },
	{ "v_min_v", "KEY=VALUE" },
	{ "=1", "KEY=VALUE" },
	{ "v_min_v=", "not a finite" },
	{ "v_min_v=0x1p-1", "not a finite" },
	{ "v_min_v=nan", "not a finite" },
	{ "v_min_v=0", "outside" },        /* positive */
	{ "v_min_v=6", "outside" },        /* above 5 V */
	{ "sram_leak_w_per_mb=-1", "outside" },
	{ "pe_leak_fraction=1.5", "outside" },
	{ "fill_drain=1", "true or false" },
};

START_TEST(set_parse_refuses)
{
	struct dse_error err = { 0, "" };
	size_t i;
	double v;

	ck_assert_int_eq(dse_tech_set_parse(bad_sets[_i].arg, &i, &v, &err),
			 DSE_EUSAGE);
	ck_assert_msg(strstr(err.msg, bad_sets[_i].names) != NULL, "%s: %s",
		      bad_sets[_i].arg, err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

START_TEST(set_parse_accepts)
{
	struct dse_error err = { 0, "" };
	size_t i;
	double v;

	ck_assert_int_eq(dse_tech_set_parse("sram_read_pj_per_bit=0.05", &i, &v,
					    &err), DSE_OK);
	ck_assert_uint_eq(i, param("sram_read_pj_per_bit"));
	ck_assert_double_eq(v, 0.05);
	ck_assert_int_eq(dse_tech_set_parse("fill_drain=false", &i, &v, &err),
			 DSE_OK);
	ck_assert_double_eq(v, 0);
	ck_assert_int_eq(dse_tech_set_parse("sram_leak_w_per_mb=0", &i, &v, &err),
			 DSE_OK);
}
END_TEST

/* ---- bad files: one line naming the file and the key ---- */

static const struct {
	const char *file, *key;
} bad_files[] = {
	{ "tech_cycle_a.json", "cycle" },
	{ "tech_base_missing.json", "no_such_base.json" },
	{ "tech_base_novalue.json", "mux_pj_per_bit" },
	{ "tech_base_badvalue.json", "v_th_v" },
	{ "tech_range_lo_above_hi.json", "above hi" },
	{ "tech_range_unknown_dist.json", "cauchy" },
	{ "tech_range_outside.json", "does not hold" },
	{ "tech_range_no_source.json", "range_source" },
	{ "tech_range_both.json", "not both" },
	{ "tech_range_dist_only.json", "without a range" },
	{ "tech_range_not_pair.json", "[lo, hi]" },
	{ "tech_range_beyond.json", "leaves" },
	{ "tech_range_bool.json", "boolean" },
	{ "tech_range_logzero.json", "above 0" },
	{ "tech_range_lanes.json", "whole" },
};

START_TEST(bad_file)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *t = NULL;
	char path[4096];

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(),
		 bad_files[_i].file);
	ck_assert_int_eq(dse_tech_load(path, test_datadir(), &t, &err),
			 DSE_EINPUT);
	ck_assert_ptr_null(t);
	ck_assert_msg(strstr(err.msg, bad_files[_i].file) != NULL &&
			      strstr(err.msg, bad_files[_i].key) != NULL,
		      "%s: %s", bad_files[_i].file, err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

/* ---- the distributions ---- */

START_TEST(prior_quantiles_by_hand)
{
	const struct dse_prior *u = dse_prior_find("uniform");
	const struct dse_prior *lu = dse_prior_find("loguniform");
	const struct dse_prior *tri = dse_prior_find("triangular");
	const struct dse_prior *nor = dse_prior_find("normal");

	ck_assert_ptr_nonnull(u);
	ck_assert_ptr_null(dse_prior_find("cauchy"));
	/* uniform [1, 3]: a quarter of the way is 1.5 */
	ck_assert_double_eq_tol(u->quantile(0.25, 1, 2, 3), 1.5, 1e-15);
	/* log-uniform [1, 100]: the median is the geometric mean, 10 */
	ck_assert_double_eq_tol(lu->quantile(0.5, 1, 50, 100), 10, 1e-12);
	/* triangular [0, 2] with mode 1: F(x) = x^2 / 2 up to the mode, so
	 * the median is the mode and F(0.5) = 0.125 */
	ck_assert_double_eq_tol(tri->quantile(0.5, 0, 1, 2), 1, 1e-15);
	ck_assert_double_eq_tol(tri->cdf(0.5, 0, 1, 2), 0.125, 1e-15);
	/* mode at the top end: F(x) = x^2 on [0, 1] */
	ck_assert_double_eq_tol(tri->quantile(0.25, 0, 1, 1), 0.5, 1e-15);
	/* a symmetric truncated normal has its median at the mean; a quarter
	 * of sigma = (hi - lo)/4 = 1 above the mean of [0, 4] the cdf is
	 * (Phi(0.25) - Phi(-2)) / (Phi(2) - Phi(-2)) = (0.5987063 - 0.0227501)
	 * / 0.9544997 = 0.6034118 */
	ck_assert_double_eq_tol(nor->quantile(0.5, 0, 2, 4), 2, 1e-12);
	ck_assert_double_eq_tol(nor->cdf(2.25, 0, 2, 4), 0.6034118, 1e-6);
	/* a zero-width range is its one value */
	ck_assert_double_eq(u->quantile(0.7, 5, 5, 5), 5);
	ck_assert_double_eq(nor->quantile(0.7, 5, 5, 5), 5);
	ck_assert_double_eq(lu->quantile(0.7, 5, 5, 5), 5);
	ck_assert_double_eq(tri->quantile(0.7, 5, 5, 5), 5);
}
END_TEST

START_TEST(prior_cdf_inverts_quantile)
{
	const struct dse_prior *p = dse_prior_row((size_t)_i);
	double q;

	ck_assert_ptr_nonnull(p);
	for (q = 0; q <= 1.0; q += 0.0625) {
		double x = p->quantile(q, 0.5, 0.8, 2);

		ck_assert(x >= 0.5 && x <= 2);
		ck_assert_double_eq_tol(p->cdf(x, 0.5, 0.8, 2), q, 1e-9);
	}
}
END_TEST

START_TEST(prior_names)
{
	char buf[128];

	ck_assert_str_eq(dse_prior_names(buf, sizeof buf),
			 "uniform, loguniform, normal, triangular");
	ck_assert_ptr_null(dse_prior_row(4));
}
END_TEST

Suite *suite_techset(void)
{
	Suite *s = suite_create("techset");
	TCase *tc;

	tc = tcase_create("overrides");
	tcase_add_test(tc, set_reproduces_full_file);
	tcase_add_test(tc, base_reproduces_full_file);
	tcase_add_test(tc, uncertainty_inherited_value_kept);
	tcase_add_test(tc, set_drops_uncertainty_and_rederives);
	tcase_add_test(tc, with_refuses_broken_relations);
	tcase_add_test(tc, absent_tier_stays_absent);
	tcase_add_loop_test(tc, set_parse_refuses, 0,
			    (int)(sizeof bad_sets / sizeof bad_sets[0]));
	tcase_add_test(tc, set_parse_accepts);
	tcase_add_loop_test(tc, bad_file, 0,
			    (int)(sizeof bad_files / sizeof bad_files[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("priors");
	tcase_add_test(tc, prior_quantiles_by_hand);
	tcase_add_loop_test(tc, prior_cdf_inverts_quantile, 0, 4);
	tcase_add_test(tc, prior_names);
	suite_add_tcase(s, tc);
	return s;
}
