/* test_format.c - PE number formats and their cost (MODEL.md section 4). */
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

#define TOL 1e-9

static struct dse_tech *n7;

static void n7_setup(void)
{
	struct dse_error err = { 0, "" };
	int rc = dse_tech_load("n7", test_datadir(), &n7, &err);

	ck_assert_msg(rc == DSE_OK, "loading n7: %s", err.msg);
}

static void n7_teardown(void)
{
	dse_tech_free(n7);
	n7 = NULL;
}

static struct dse_format parse_ok(const char *name)
{
	struct dse_format f;
	struct dse_error err = { 0, "" };
	int rc = dse_format_parse(name, &f, &err);

	ck_assert_msg(rc == DSE_OK, "%s: %s", name, err.msg);
	return f;
}

/* ---- hbfp ---- */

START_TEST(hbfp8_is_hbfp8_576)
{
	struct dse_format a = parse_ok("hbfp8"), b = parse_ok("hbfp8_576");

	/* MODEL.md 1: hbfp<m> = hbfp<m>_576, named canonically */
	ck_assert_str_eq(a.name, "hbfp8_576");
	ck_assert_str_eq(b.name, "hbfp8_576");
	ck_assert_uint_eq(a.block, 576);
	/* m = 8; a = 2*8 + ceil(log2 576) = 16 + 10 = 26 (512 < 576 <= 1024) */
	ck_assert_uint_eq(a.operand_bits, 8);
	ck_assert_uint_eq(a.acc_bits, 26);
	ck_assert_int_eq(a.mul, DSE_MUL_INT8);
	ck_assert_int_eq(a.acc, DSE_ACC_INT);
	/* (m/8)^2 = 1 */
	ck_assert_double_eq_tol(a.mul_scale, 1.0, TOL);
	/* a/32 = 26/32 = 0.8125 per 32-bit add; a = 26 bits of adder area */
	ck_assert_double_eq_tol(a.acc_energy_scale, 0.8125, TOL);
	ck_assert_double_eq_tol(a.acc_area_scale, 26.0, TOL);
	/* register bits m + m + a = 8 + 8 + 26 = 42 */
	ck_assert_double_eq_tol(a.reg_bits, 42.0, TOL);
	/* 1/B = 1/576 = 0.001736111... */
	ck_assert_double_eq_tol(a.block_share, 1.0 / 576.0, 1e-12);
	/* storage m + 10/B = 8 + 10/576 = 8.0173611... */
	ck_assert_double_eq_tol(a.storage_bits, 8.0 + 10.0 / 576.0, 1e-12);
	ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
}
END_TEST

START_TEST(hbfp6_225_fields)
{
	struct dse_format f = parse_ok("hbfp6_225");

	ck_assert_str_eq(f.name, "hbfp6_225");
	ck_assert_uint_eq(f.operand_bits, 6);
	ck_assert_uint_eq(f.block, 225);
	/* a = 2*6 + ceil(log2 225) = 12 + 8 = 20 (128 < 225 <= 256) */
	ck_assert_uint_eq(f.acc_bits, 20);
	/* (6/8)^2 = 0.5625 */
	ck_assert_double_eq_tol(f.mul_scale, 0.5625, TOL);
	/* 20/32 = 0.625 */
	ck_assert_double_eq_tol(f.acc_energy_scale, 0.625, TOL);
	ck_assert_double_eq_tol(f.acc_area_scale, 20.0, TOL);
	/* 6 + 6 + 20 = 32 */
	ck_assert_double_eq_tol(f.reg_bits, 32.0, TOL);
	ck_assert_double_eq_tol(f.block_share, 1.0 / 225.0, 1e-12);
	/* 6 + 10/225 = 6.0444... */
	ck_assert_double_eq_tol(f.storage_bits, 6.0 + 10.0 / 225.0, 1e-12);
}
END_TEST

START_TEST(hbfp_block_edges)
{
	/* B = 1: ceil(log2 1) = 0, a = 2*4 = 8; storage 4 + 10/1 = 14 */
	struct dse_format f = parse_ok("hbfp4_1");

	ck_assert_uint_eq(f.acc_bits, 8);
	ck_assert_double_eq_tol(f.storage_bits, 14.0, TOL);
	ck_assert_double_eq_tol(f.block_share, 1.0, TOL);
	/* B = 256 is a power of two: ceil(log2 256) = 8, a = 2*16 + 8 = 40 */
	f = parse_ok("hbfp16_256");
	ck_assert_uint_eq(f.acc_bits, 40);
	/* (16/8)^2 = 4 */
	ck_assert_double_eq_tol(f.mul_scale, 4.0, TOL);
	/* B = 257: ceil(log2 257) = 9, a = 2*3 + 9 = 15 */
	f = parse_ok("hbfp3_257");
	ck_assert_uint_eq(f.acc_bits, 15);
	ck_assert_str_eq(f.name, "hbfp3_257");
}
END_TEST

/* ---- fixed rows ---- */

START_TEST(bf16_row)
{
	struct dse_format f = parse_ok("bf16");

	/* MODEL.md 4 table: e_bf16mul, e_fadd32, regs 16+16+32, no block, 16 */
	ck_assert_int_eq(f.mul, DSE_MUL_BF16);
	ck_assert_int_eq(f.acc, DSE_ACC_FP32);
	ck_assert_double_eq_tol(f.mul_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.acc_energy_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.acc_area_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.reg_bits, 64.0, TOL);
	ck_assert_double_eq_tol(f.block_share, 0.0, TOL);
	ck_assert_double_eq_tol(f.storage_bits, 16.0, TOL);
	ck_assert_uint_eq(f.block, 0);
}
END_TEST

START_TEST(fp32_row)
{
	struct dse_format f = parse_ok("fp32");

	/* e_fp32mul, e_fadd32, regs 32+32+32 = 96, storage 32 */
	ck_assert_int_eq(f.mul, DSE_MUL_FP32);
	ck_assert_int_eq(f.acc, DSE_ACC_FP32);
	ck_assert_double_eq_tol(f.reg_bits, 96.0, TOL);
	ck_assert_double_eq_tol(f.block_share, 0.0, TOL);
	ck_assert_double_eq_tol(f.storage_bits, 32.0, TOL);
}
END_TEST

START_TEST(fp16_row)
{
	struct dse_format f = parse_ok("fp16");

	/* e_fp16mul, e_fadd32, regs 16+16+32 = 64, storage 16 */
	ck_assert_int_eq(f.mul, DSE_MUL_FP16);
	ck_assert_int_eq(f.acc, DSE_ACC_FP32);
	ck_assert_double_eq_tol(f.reg_bits, 64.0, TOL);
	ck_assert_double_eq_tol(f.storage_bits, 16.0, TOL);
}
END_TEST

START_TEST(int8_row)
{
	struct dse_format f = parse_ok("int8");

	/* e_mul8, 32-bit int adder (32/32 = 1, 32 bits of area), 8+8+32 = 48 */
	ck_assert_int_eq(f.mul, DSE_MUL_INT8);
	ck_assert_int_eq(f.acc, DSE_ACC_INT);
	ck_assert_double_eq_tol(f.mul_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.acc_energy_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.acc_area_scale, 32.0, TOL);
	ck_assert_double_eq_tol(f.reg_bits, 48.0, TOL);
	ck_assert_double_eq_tol(f.block_share, 0.0, TOL);
	ck_assert_double_eq_tol(f.storage_bits, 8.0, TOL);
}
END_TEST

/* ---- MX rows (NUMERICS.md 17) ---- */

static const struct {
	const char *name;   /* as given */
	const char *canon;  /* canonical */
	unsigned bits;      /* element bits */
	unsigned grid;      /* n_e = emax - emin + man_bits + 1 (INT: 7) */
	unsigned acc;       /* a = 2 n_e + ceil(log2 B) + 1 */
	unsigned mux;       /* alignment shifter bits */
	unsigned block;
	double storage;     /* bits + 8/B */
	enum dse_mul mul;
} mx_rows[] = {
	/* INT8: 7 magnitude bits; a = 14 + 5 + 1 = 20; no shifter */
	{ "mxint8", "mxint8", 8, 7, 20, 0, 32, 8.25, DSE_MUL_INT8 },
	/* E4M3: 8 + 6 + 3 + 1 = 18; a = 36 + 5 + 1 = 42; shifter of a 2p = 8
	 * bit product over 2 (8 + 6) = 28 places: 5 stages of min(8 + 2^(k+1)
	 * - 1, 36) bits = 9 + 11 + 15 + 23 + 36 = 94 */
	{ "mxfp8_e4m3", "mxfp8_e4m3", 8, 18, 42, 94, 32, 8.25, DSE_MUL_FP8_E4M3 },
	/* E5M2: 15 + 14 + 2 + 1 = 32; a = 64 + 6 = 70; 6-bit product over 58
	 * places, 6 stages: 7 + 9 + 13 + 21 + 37 + 64 = 151 */
	{ "mxfp8_e5m2", "mxfp8_e5m2", 8, 32, 70, 151, 32, 8.25, DSE_MUL_FP8_E5M2 },
	/* E2M3: 2 + 0 + 3 + 1 = 6; a = 12 + 6 = 18; 8 bits over 4 places,
	 * 3 stages: 9 + 11 + 12 = 32 */
	{ "mxfp6_e2m3", "mxfp6_e2m3", 6, 6, 18, 32, 32, 6.25, DSE_MUL_FP6_E2M3 },
	/* E3M2: 4 + 2 + 2 + 1 = 9; a = 18 + 6 = 24; 6 bits over 12 places,
	 * 4 stages: 7 + 9 + 13 + 18 = 47 */
	{ "mxfp6_e3m2", "mxfp6_e3m2", 6, 9, 24, 47, 32, 6.25, DSE_MUL_FP6_E3M2 },
	/* E2M1: 2 + 0 + 1 + 1 = 4; a = 8 + 6 = 14; 4 bits over 4 places,
	 * 3 stages: 5 + 7 + 8 = 20 */
	{ "mxfp4", "mxfp4", 4, 4, 14, 20, 32, 4.25, DSE_MUL_FP4_E2M1 },
	/* block 32 given explicitly is the canonical mxfp4 */
	{ "mxfp4_32", "mxfp4", 4, 4, 14, 20, 32, 4.25, DSE_MUL_FP4_E2M1 },
	/* B = 16: a = 8 + 4 + 1 = 13; storage 4 + 8/16 = 4.5 */
	{ "mxfp4_16", "mxfp4_16", 4, 4, 13, 20, 16, 4.5, DSE_MUL_FP4_E2M1 },
	/* B = 1: a = 14 + 0 + 1 = 15; storage 8 + 8 = 16 */
	{ "mxint8_1", "mxint8_1", 8, 7, 15, 0, 1, 16.0, DSE_MUL_INT8 },
	/* B = 33: ceil(log2 33) = 6, a = 36 + 6 + 1 = 43 */
	{ "mxfp8_e4m3_33", "mxfp8_e4m3_33", 8, 18, 43, 94, 33, 8.0 + 8.0 / 33,
	  DSE_MUL_FP8_E4M3 },
};

START_TEST(mx_row_fields)
{
	struct dse_format f = parse_ok(mx_rows[_i].name);

	ck_assert_str_eq(f.name, mx_rows[_i].canon);
	ck_assert_int_eq(f.scaling, DSE_SCALE_MX);
	/* E8M0 shared scale: 8 bits, 2^-127 .. 2^127 */
	ck_assert_uint_eq(f.scale_bits, 8);
	ck_assert_int_eq(f.scale_min, -127);
	ck_assert_int_eq(f.scale_max, 127);
	ck_assert_uint_eq(f.element.bits, mx_rows[_i].bits);
	ck_assert_uint_eq(dse_element_grid_bits(&f.element), mx_rows[_i].grid);
	ck_assert_uint_eq(dse_element_align_mux_bits(&f.element),
			  mx_rows[_i].mux);
	ck_assert_uint_eq(f.align_bits, mx_rows[_i].mux);
	ck_assert_uint_eq(f.acc_bits, mx_rows[_i].acc);
	ck_assert_uint_eq(f.block, mx_rows[_i].block);
	ck_assert_int_eq(f.mul, mx_rows[_i].mul);
	ck_assert_int_eq(f.acc, DSE_ACC_INT);
	/* the product unit is the technology's entry: scale 1 */
	ck_assert_double_eq_tol(f.mul_scale, 1.0, TOL);
	ck_assert_double_eq_tol(f.storage_bits, mx_rows[_i].storage, 1e-12);
	/* registers: two elements and the block adder */
	ck_assert_double_eq_tol(f.reg_bits, 2.0 * mx_rows[_i].bits +
				mx_rows[_i].acc, TOL);
	ck_assert_double_eq_tol(f.block_share, 1.0 / mx_rows[_i].block, 1e-15);
	/* an 8-bit scale add against exp_add's 10 bits */
	ck_assert_double_eq_tol(f.scale_add_scale, 0.8, TOL);
}
END_TEST

START_TEST(ocp_element_maxima)
{
	/* OCP MX v1.0 section 5.3: the largest normal of each element */
	ck_assert_double_eq(parse_ok("mxfp8_e4m3").element.max, 448.0);
	ck_assert_double_eq(parse_ok("mxfp8_e5m2").element.max, 57344.0);
	ck_assert_double_eq(parse_ok("mxfp6_e2m3").element.max, 7.5);
	ck_assert_double_eq(parse_ok("mxfp6_e3m2").element.max, 28.0);
	ck_assert_double_eq(parse_ok("mxfp4").element.max, 6.0);
	/* MXINT8: 127/64 = 1.984375, emax_elem 0 */
	ck_assert_double_eq(parse_ok("mxint8").element.max, 1.984375);
	ck_assert_int_eq(parse_ok("mxint8").element.scale_emax, 0);
	/* emax_elem of section 6.3: 8, 15, 2, 4, 2 */
	ck_assert_int_eq(parse_ok("mxfp8_e4m3").element.scale_emax, 8);
	ck_assert_int_eq(parse_ok("mxfp8_e5m2").element.scale_emax, 15);
	ck_assert_int_eq(parse_ok("mxfp6_e2m3").element.scale_emax, 2);
	ck_assert_int_eq(parse_ok("mxfp6_e3m2").element.scale_emax, 4);
	ck_assert_int_eq(parse_ok("mxfp4").element.scale_emax, 2);
}
END_TEST

START_TEST(hbfp_scale_is_a_row_property)
{
	struct dse_format f = parse_ok("hbfp8");

	/* 10-bit two's complement exponent: -512 .. 511 */
	ck_assert_int_eq(f.scaling, DSE_SCALE_HBFP);
	ck_assert_uint_eq(f.scale_bits, 10);
	ck_assert_int_eq(f.scale_min, -512);
	ck_assert_int_eq(f.scale_max, 511);
	ck_assert_double_eq_tol(f.scale_add_scale, 1.0, TOL);
	/* elements: sign + 7 bits in units of 2^(e-7): max 1 - 2^-7 of 2^e */
	ck_assert_uint_eq(f.element.man_bits, 7);
	ck_assert_double_eq(f.element.max, 127.0 / 128.0);
	ck_assert_str_eq(f.family, "hbfp8");
	ck_assert_str_eq(parse_ok("mxfp4_16").family, "mxfp4");
	ck_assert_str_eq(parse_ok("bf16").family, "bf16");
	/* int8: one fp32 scale per tensor, which costs no storage per element */
	ck_assert_int_eq(parse_ok("int8").scaling, DSE_SCALE_TENSOR);
	ck_assert_int_eq(parse_ok("bf16").scaling, DSE_SCALE_NONE);
}
END_TEST

START_TEST(family_table_matches_names)
{
	const struct dse_format_family *fam;
	char buf[64], *p;
	size_t i;

	/* every row's pattern stem appears in the names of the messages, and
	 * every example parses */
	for (i = 0; (fam = dse_format_family(i)) != NULL; i++) {
		const char *ex = fam->examples;

		snprintf(buf, sizeof buf, "%s", fam->pattern);
		p = strpbrk(buf, "<[");
		if (p)
			*p = '\0';
		ck_assert_msg(strstr(dse_format_names(), buf) != NULL,
			      "%s not in the names", buf);
		while (*ex) {
			size_t n = strcspn(ex, ",");

			snprintf(buf, sizeof buf, "%.*s", (int)n, ex);
			parse_ok(buf);
			ex += n + (ex[n] == ',');
		}
	}
	/* fp32 fp16 bf16 int8 hbfp and six MX rows */
	ck_assert_uint_eq(i, 11);
}
END_TEST

/* ---- rejected names ---- */

static const char *const bad_names[] = {
	"hbfp0_0",  /* mantissa 0 < 3 */
	"hbfp2_16", /* mantissa 2 < 3 */
	"hbfp17_4", /* mantissa 17 > 16 */
	"hbfp8_0",  /* block 0 < 1 */
	"hbfp8_",   /* no block after '_' */
	"hbfpx",    /* no mantissa */
	"hbfp",     /* no mantissa */
	"hbfp8_4x", /* trailing text */
	"hbfp8_2000000", /* block > 2^20 */
	"",
	"fp64",
	"int8x",
	"BF16",
	"mxfp7",       /* no such element */
	"mx_32",       /* no element */
	"mxint8_0",    /* block 0 */
	"mxfp8",       /* which FP8? */
	"mxfp4_",      /* no block after '_' */
	"mxfp4_e2m1",  /* the element is implied */
	"mxint8_2000000", /* block > 2^20 */
	"mxfp6_e2m3x", /* trailing text */
	"mxint8_-4",   /* not a number */
};

START_TEST(rejects_bad_names)
{
	struct dse_format f;
	struct dse_error err = { 0, "" };
	const char *name = bad_names[_i];

	ck_assert_int_eq(dse_format_parse(name, &f, &err), DSE_EINPUT);
	ck_assert_int_eq(err.status, DSE_EINPUT);
	ck_assert_msg(err.msg[0] != '\0', "'%s': no message", name);
	if (*name)
		ck_assert_msg(strstr(err.msg, name) != NULL,
			      "'%s': message does not name it: %s", name,
			      err.msg);
	/* one line that lists what is known */
	ck_assert_ptr_nonnull(strstr(err.msg, "known: "));
	ck_assert_ptr_nonnull(strstr(err.msg, "mxfp6_e2m3"));
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

START_TEST(rejects_null_without_err)
{
	struct dse_format f;

	ck_assert_int_eq(dse_format_parse(NULL, &f, NULL), DSE_EINPUT);
	ck_assert_int_eq(dse_format_parse("hbfp1", &f, NULL), DSE_EINPUT);
}
END_TEST

/* ---- PE cost at n7 ---- */

START_TEST(pe_hbfp8_n7)
{
	struct dse_format f = parse_ok("hbfp8");
	struct dse_pe pe;

	dse_pe_cost(n7, &f, &pe);
	/* e_mul = 0.07 * (8/8)^2 = 0.07 pJ */
	ck_assert_double_eq_tol(pe.mul_pj, 0.07, TOL);
	/* e_add = 0.03 * 26/32 = 0.024375 pJ */
	ck_assert_double_eq_tol(pe.acc_pj, 0.024375, TOL);
	/* e_reg = 0.0027 * 42 = 0.1134 pJ */
	ck_assert_double_eq_tol(pe.reg_pj, 0.1134, TOL);
	/* E_block/B = (0.38 + 0.01) / 576 = 0.000677083 pJ */
	ck_assert_double_eq_tol(pe.block_pj, 0.39 / 576.0, TOL);
	/* E_pe = 0.07 + 0.024375 + 0.1134 + 0.000677083 = 0.208452083 pJ
	 * (MODEL.md 4: "0.208 pJ") */
	ck_assert_double_eq_tol(pe.energy_pj, 0.208452083, 1e-9);
	/* area: (18.4 + 0.35*26 + 0.5*42 + (72.8 + 3.5)/576) * 2
	 *     = (18.4 + 9.1 + 21 + 0.132465) * 2 = 48.632465 * 2
	 *     = 97.26493 um2 (MODEL.md 4: "97 um2") */
	ck_assert_double_eq_tol(pe.area_um2, 97.26493, 1e-5);
	/* leakage: 0.1 * 0.208452083 pJ * 1 GHz = 0.0208452 mW */
	ck_assert_double_eq_tol(pe.leak_w, 2.08452083e-5, 1e-13);
}
END_TEST

START_TEST(pe_bf16_n7)
{
	struct dse_format f = parse_ok("bf16");
	struct dse_pe pe;

	dse_pe_cost(n7, &f, &pe);
	/* 0.21 + 0.38 + 0.0027 * 64 = 0.21 + 0.38 + 0.1728 = 0.7628 pJ */
	ck_assert_double_eq_tol(pe.energy_pj, 0.7628, 1e-9);
	ck_assert_double_eq_tol(pe.block_pj, 0.0, TOL);
	/* (20.4 + 72.8 + 0.5 * 64) * 2 = 125.2 * 2 = 250.4 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 250.4, 1e-9);
}
END_TEST

START_TEST(pe_other_rows_n7)
{
	struct dse_format f;
	struct dse_pe pe;

	f = parse_ok("int8");
	dse_pe_cost(n7, &f, &pe);
	/* 0.07 + 0.03 * 32/32 + 0.0027 * 48 = 0.07 + 0.03 + 0.1296 = 0.2296 */
	ck_assert_double_eq_tol(pe.energy_pj, 0.2296, 1e-9);
	/* (18.4 + 0.35 * 32 + 0.5 * 48) * 2 = (18.4 + 11.2 + 24) * 2 = 107.2 */
	ck_assert_double_eq_tol(pe.area_um2, 107.2, 1e-9);

	f = parse_ok("fp32");
	dse_pe_cost(n7, &f, &pe);
	/* 1.31 + 0.38 + 0.0027 * 96 = 1.31 + 0.38 + 0.2592 = 1.9492 pJ */
	ck_assert_double_eq_tol(pe.energy_pj, 1.9492, 1e-9);
	/* (151 + 72.8 + 0.5 * 96) * 2 = 271.8 * 2 = 543.6 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 543.6, 1e-9);

	f = parse_ok("fp16");
	dse_pe_cost(n7, &f, &pe);
	/* 0.34 + 0.38 + 0.1728 = 0.8928 pJ; (38.6 + 72.8 + 32) * 2 = 286.8 */
	ck_assert_double_eq_tol(pe.energy_pj, 0.8928, 1e-9);
	ck_assert_double_eq_tol(pe.area_um2, 286.8, 1e-9);

	f = parse_ok("hbfp6_225");
	dse_pe_cost(n7, &f, &pe);
	/* 0.07 * 0.5625 + 0.03 * 20/32 + 0.0027 * 32 + 0.39/225
	 * = 0.039375 + 0.01875 + 0.0864 + 0.0017333 = 0.1462583 pJ */
	ck_assert_double_eq_tol(pe.energy_pj, 0.146258333, 1e-9);
	/* (18.4 * 0.5625 + 0.35 * 20 + 0.5 * 32 + 76.3/225) * 2
	 * = (10.35 + 7 + 16 + 0.339111) * 2 = 67.378222 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 67.378222, 1e-6);
}
END_TEST

START_TEST(pe_mx_rows_n7)
{
	struct dse_format f;
	struct dse_pe pe;

	f = parse_ok("mxint8");
	dse_pe_cost(n7, &f, &pe);
	/* int8 multiplier 0.07; 20-bit adder 0.03 * 20/32 = 0.01875;
	 * registers 8 + 8 + 20 = 36 bits * 0.0027 = 0.0972; per block
	 * (0.38 + 0.01 * 8/10) / 32 = 0.012125: 0.198075 pJ */
	ck_assert_double_eq_tol(pe.block_pj, 0.012125, 1e-12);
	ck_assert_double_eq_tol(pe.energy_pj, 0.198075, 1e-9);
	/* (18.4 + 0.35 * 20 + 0.5 * 36 + (72.8 + 3.5 * 0.8)/32) * 2
	 * = (18.4 + 7 + 18 + 2.3625) * 2 = 91.525 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 91.525, 1e-9);

	f = parse_ok("mxfp8_e4m3");
	dse_pe_cost(n7, &f, &pe);
	/* product unit 0.0602679 (test_tech: n7_derived_components); adder
	 * 0.03 * 42/32 = 0.039375; registers 58 * 0.0027 = 0.1566; block
	 * 0.012125: 0.2683679 pJ */
	ck_assert_double_eq_tol(pe.energy_pj, 0.2683678571, 1e-9);
	/* (20.45 + 0.35 * 42 + 0.5 * 58 + 2.3625) * 2
	 * = (20.45 + 14.7 + 29 + 2.3625) * 2 = 133.025 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 133.025, 1e-9);

	f = parse_ok("mxfp4");
	dse_pe_cost(n7, &f, &pe);
	/* 0.0154107 + 0.03 * 14/32 + 22 * 0.0027 + 0.012125
	 * = 0.0154107 + 0.013125 + 0.0594 + 0.012125 = 0.1000607 pJ */
	ck_assert_double_eq_tol(pe.energy_pj, 0.1000607143, 1e-9);
	/* (5.2 + 4.9 + 11 + 2.3625) * 2 = 46.925 um2 */
	ck_assert_double_eq_tol(pe.area_um2, 46.925, 1e-9);
}
END_TEST

START_TEST(pe_cost_ordering)
{
	/* fewer mantissa bits cost less: hbfp4 < hbfp6 < hbfp8 < bf16 < fp32 */
	static const char *const names[] = { "hbfp4", "hbfp6", "hbfp8",
					     "bf16", "fp32" };
	double prev_e = 0, prev_a = 0;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct dse_format f = parse_ok(names[i]);
		struct dse_pe pe;

		dse_pe_cost(n7, &f, &pe);
		ck_assert_msg(pe.energy_pj > prev_e, "%s energy", names[i]);
		ck_assert_msg(pe.area_um2 > prev_a, "%s area", names[i]);
		prev_e = pe.energy_pj;
		prev_a = pe.area_um2;
	}
}
END_TEST

Suite *suite_format(void)
{
	Suite *s = suite_create("format");
	TCase *tc;

	tc = tcase_create("hbfp");
	tcase_add_test(tc, hbfp8_is_hbfp8_576);
	tcase_add_test(tc, hbfp6_225_fields);
	tcase_add_test(tc, hbfp_block_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("fixed_rows");
	tcase_add_test(tc, bf16_row);
	tcase_add_test(tc, fp32_row);
	tcase_add_test(tc, fp16_row);
	tcase_add_test(tc, int8_row);
	suite_add_tcase(s, tc);

	tc = tcase_create("mx");
	tcase_add_loop_test(tc, mx_row_fields, 0,
			    (int)(sizeof mx_rows / sizeof mx_rows[0]));
	tcase_add_test(tc, ocp_element_maxima);
	tcase_add_test(tc, hbfp_scale_is_a_row_property);
	tcase_add_test(tc, family_table_matches_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("rejects");
	tcase_add_loop_test(tc, rejects_bad_names, 0,
			    (int)(sizeof bad_names / sizeof bad_names[0]));
	tcase_add_test(tc, rejects_null_without_err);
	suite_add_tcase(s, tc);

	tc = tcase_create("pe_cost");
	tcase_add_checked_fixture(tc, n7_setup, n7_teardown);
	tcase_add_test(tc, pe_hbfp8_n7);
	tcase_add_test(tc, pe_bf16_n7);
	tcase_add_test(tc, pe_other_rows_n7);
	tcase_add_test(tc, pe_mx_rows_n7);
	tcase_add_test(tc, pe_cost_ordering);
	suite_add_tcase(s, tc);
	return s;
}
