/* test_chip.c - reference chips: dse's figures beside the published ones. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

static struct dse_chip *chip;
static struct dse_chip_report rep;

static void chip_teardown(void)
{
	dse_chip_free(chip);
	chip = NULL;
}

/* Load and evaluate chip name into chip and rep. */
static void eval_chip(const char *name)
{
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_chip_load(name, test_datadir(), &chip, &err) == DSE_OK,
		      "%s: %s", name, err.msg);
	ck_assert_msg(dse_chip_eval(chip, test_datadir(), &rep, &err) == DSE_OK,
		      "%s: %s", name, err.msg);
}

/* The ratio dse / published of figure k. */
static double ratio(int k)
{
	return rep.dse[k] / chip->published[k];
}

/*
 * The bands each ratio dse / published must stay in, and why:
 *  - peak throughput: dse's is arrays x rows x cols x 2 x f exactly; the
 *    papers round it to whole TOp/s: within 1 %.
 *  - peak power against TDP: dse counts the PEs, SRAM, accumulators and
 *    a 5 W allowance for everything else (n7/n16/n28: fixed_power_w (a));
 *    a TDP also feeds host and DRAM interfaces, vector units and margin,
 *    so dse must stay below it.  On the inference chips (TPUv1, TPUv4i)
 *    the matrix units and memories are most of the chip, so at least a
 *    third of it; the training chips (TPUv2, TPUv3) add inter-chip links,
 *    wide vector units and fp32 update logic: at least 5 %.
 *  - area against the die (an upper bound, "< X mm2"): below 1; TPUv1's
 *    floorplan puts the Unified Buffer, matrix unit and accumulators at
 *    59 % of its die (Jouppi et al., ISCA 2017, Fig. 2) and dse's denser
 *    SRAM and PEs cover part of that: at least a quarter on the inference
 *    chips, a tenth on the training chips.
 *  - peak TOp/s per W of TDP: the first two together, 1 to 3 (inference),
 *    1 to 20 (training).
 */
static const struct {
	const char *name;
	double power_lo, area_lo, per_w_hi;
} bands[] = {
	{ "tpuv1", 1.0 / 3, 0.25, 3 },
	{ "tpuv4i", 1.0 / 3, 0.25, 3 },
	{ "tpuv2", 0.05, 0.1, 20 },
	{ "tpuv3", 0.05, 0.1, 20 },
};

START_TEST(chip_bands)
{
	eval_chip(bands[_i].name);
	ck_assert_msg(fabs(ratio(DSE_CHIP_PEAK_TOPS) - 1) <= 0.01, "%s: peak %g",
		      bands[_i].name, ratio(DSE_CHIP_PEAK_TOPS));
	ck_assert_msg(ratio(DSE_CHIP_TDP_W) >= bands[_i].power_lo &&
			      ratio(DSE_CHIP_TDP_W) < 1,
		      "%s: power %g", bands[_i].name, ratio(DSE_CHIP_TDP_W));
	ck_assert_msg(ratio(DSE_CHIP_AREA_MM2) >= bands[_i].area_lo &&
			      ratio(DSE_CHIP_AREA_MM2) < 1,
		      "%s: area %g", bands[_i].name, ratio(DSE_CHIP_AREA_MM2));
	ck_assert_msg(ratio(DSE_CHIP_TOPS_PER_W) >= 1 &&
			      ratio(DSE_CHIP_TOPS_PER_W) <= bands[_i].per_w_hi,
		      "%s: TOp/s/W %g", bands[_i].name,
		      ratio(DSE_CHIP_TOPS_PER_W));
	/* the average-power efficiency on a workload never beats the peak */
	ck_assert(rep.result.tops_per_w <= rep.dse[DSE_CHIP_TOPS_PER_W]);
}
END_TEST

/*
 * TPUv1 by hand on n28 (0.7 GHz = f_nom: V = 0.9 V = V_nom), int8 ws
 * 256 x 256 with accumulators, 24 MB SRAM:
 *  peak 65536 x 2 x 0.7 = 91.7504 TOp/s; published 92 TOPS, 75 W: 1.2267
 *  E_pe = 0.15485 + 0.06636 + 0.00597 x 48 = 0.50777 pJ
 *  PE dynamic 65536 x 0.50777 = 33277.2 pJ x 0.7 GHz = 23.2941 W,
 *    leakage 10 %: 2.32941
 *  streaming per cycle: 256 activations x 8 bits x 0.48667 = 996.70 pJ,
 *    256 + 256 partial sums x 32 bits x 0.097334 (accumulators) =
 *    1594.72 pJ, 256 outputs x 32 bits x 0.53091 = 4349.21 pJ: 6940.63 pJ
 *    x 0.7 GHz = 4.85844 W; accumulator leakage 256 x 4096 x 4 B = 4 MB
 *    x 0.01 = 0.04 W
 *  SRAM leakage 24 x 0.01 = 0.24 W, fixed 5 W: peak 35.7620 W
 *  area: PE (122.6667 + 2.3333 x 32 + 3.3333 x 48) x 2 = 714.666 um2 x
 *    65536 = 46.8363 mm2, array fixed 0.0667, accumulators 4 MB x 2.1167
 *    = 8.4668, SRAM 24 x 2.1167 = 50.8008, fixed 20: 126.1706 mm2
 */
START_TEST(tpuv1_by_hand)
{
	eval_chip("tpuv1");
	ck_assert_double_eq_tol(rep.dse[DSE_CHIP_PEAK_TOPS], 91.7504, 1e-9);
	ck_assert_double_eq_tol(chip->published[DSE_CHIP_TOPS_PER_W],
				92.0 / 75.0, 1e-12);
	ck_assert_double_eq_tol(rep.result.peak_pe_dynamic_w, 23.2941, 1e-4);
	ck_assert_double_eq_tol(rep.dse[DSE_CHIP_TDP_W], 35.7620, 1e-3);
	ck_assert_double_eq_tol(rep.dse[DSE_CHIP_AREA_MM2], 126.1706, 1e-3);
	ck_assert_double_eq_tol(rep.dse[DSE_CHIP_TOPS_PER_W],
				91.7504 / 35.7620, 1e-4);
	ck_assert_str_eq(rep.tech_name, "n28");
	ck_assert_ptr_nonnull(strstr(chip->source[DSE_CHIP_TDP_W], "ISCA 2017"));
}
END_TEST

/* Every chip file of the data folder loads, in name order. */
START_TEST(chip_names)
{
	struct dse_error err = { 0, "" };
	char **names = NULL;
	size_t n = 0, i;

	ck_assert_int_eq(dse_chip_names(test_datadir(), &names, &n, &err), DSE_OK);
	ck_assert_uint_ge(n, 4);
	for (i = 1; i < n; i++)
		ck_assert(strcmp(names[i - 1], names[i]) < 0);
	ck_assert_str_eq(names[0], "tpuv1");
	dse_chip_names_free(names, n);
}
END_TEST

START_TEST(chip_bad)
{
	struct dse_error err = { 0, "" };
	char path[4096];

	ck_assert_int_eq(dse_chip_load("nosuch", test_datadir(), &chip, &err),
			 DSE_EUSAGE);
	ck_assert_int_eq(dse_chip_load("TPU!", test_datadir(), &chip, &err),
			 DSE_EUSAGE);
	/* a workload file is not a chip file */
	snprintf(path, sizeof path, "%s/data/wl_good.json", test_inputs());
	ck_assert_int_eq(dse_chip_load(path, test_datadir(), &chip, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_ptr_null(chip);
}
END_TEST

Suite *suite_chip(void)
{
	Suite *s = suite_create("chip");
	TCase *tc = tcase_create("chips");

	tcase_add_checked_fixture(tc, NULL, chip_teardown);
	tcase_add_loop_test(tc, chip_bands, 0,
			    (int)(sizeof bands / sizeof bands[0]));
	tcase_add_test(tc, tpuv1_by_hand);
	tcase_add_test(tc, chip_names);
	tcase_add_test(tc, chip_bad);
	suite_add_tcase(s, tc);
	return s;
}
