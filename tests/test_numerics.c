/*
 * test_numerics.c - GEMMs in a format (NUMERICS.md 19), distributions,
 * the SQNR cache and accuracy files.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_numerics.h"
#include "suites.h"

static const struct dse_quant_opts nearest = { DSE_ROUND_NEAREST, 1 };

/* A tensor over caller data (not freed: name and data are borrowed). */
static struct dse_tensor tensor(unsigned ndim, size_t rows, size_t cols,
				double *data, char *name)
{
	struct dse_tensor t = { ndim, rows, cols, data, name };

	return t;
}

/* The GEMM of a (1 x k) and b (k x 1) in format name. */
static struct dse_numerics_result dot(const char *name, double *a, double *b,
				      size_t k)
{
	struct dse_tensor ta = tensor(1, 1, k, a, "a"), tb = tensor(1, 1, k, b, "b");
	struct dse_gemm_problem *p = NULL;
	struct dse_numerics_result r;
	struct dse_format f = test_format(name);
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_numerics_problem_new(&ta, &tb, &p, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_msg(dse_numerics_gemm(p, &f, &nearest, &r, &err) == DSE_OK,
		      "%s: %s", name, err.msg);
	dse_numerics_problem_free(p);
	return r;
}

/* ---- accumulation ---- */

START_TEST(exact_within_a_block)
{
	/* a = [448, 2^-9, 448], b = [448, 2^-9, -448]: every value is an
	 * E4M3 value of the block scale X = 1 (max 448 = 1.75 * 2^8,
	 * 2^-9 the smallest subnormal), and a bf16 value.  The exact dot
	 * product is 448^2 + 2^-18 - 448^2 = 2^-18 (the reference). */
	double a[3] = { 448, 0x1p-9, 448 }, b[3] = { 448, 0x1p-9, -448 };
	struct dse_numerics_result r;

	/* one block of 3: the products are summed exactly, so 2^-18 */
	r = dot("mxfp8_e4m3", a, b, 3);
	ck_assert_double_eq(r.input_sqnr_db, INFINITY);
	ck_assert_double_eq(r.output_sqnr_db, INFINITY);
	ck_assert_double_eq(r.output_rel_err_max, 0);
	/* blocks of 2: [448 2^-9] sums to 200704 + 2^-18, which fp32 rounds
	 * to 200704 (ulp 2^-6), then - 200704 = 0: error 2^-18, SQNR 0 dB */
	r = dot("mxfp8_e4m3_2", a, b, 3);
	ck_assert_double_eq_tol(r.output_sqnr_db, 0.0, 1e-12);
	/* relative to rms(ref) = 2^-18: 1 */
	ck_assert_double_eq_tol(r.output_rel_err_max, 1.0, 1e-12);
	/* bf16 accumulates in fp32 product after product: 0 as well */
	r = dot("bf16", a, b, 3);
	ck_assert_double_eq_tol(r.output_sqnr_db, 0.0, 1e-12);
	/* fp32 likewise */
	r = dot("fp32", a, b, 3);
	ck_assert_double_eq_tol(r.output_sqnr_db, 0.0, 1e-12);
}
END_TEST

START_TEST(int8_scales_once)
{
	/* a = [2, 1], b = [1, -0.5]: scales 2/127 and 1/127; a -> [127, 63.5
	 * -> 64 (even)], b -> [127, -63.5 -> -64]; the exact int sum 127 * 127
	 * - 64 * 64 = 12033, times 2 / 127^2: 24066 / 16129 = 1.4920949 for a
	 * reference of 1.5 */
	double a[2] = { 2, 1 }, b[2] = { 1, -0.5 };
	double out = 24066.0 / 16129.0, e = 1.5 - out;
	struct dse_numerics_result r = dot("int8", a, b, 2);

	/* the tie 63.5 is exact here: 1 / (2/127) rounds to 63.5 */
	ck_assert_double_eq_tol(r.output_sqnr_db,
				10 * log10(2.25 / (e * e)), 1e-4);
	ck_assert_double_eq_tol(r.output_rel_err_mean, e / 1.5, 1e-6);
}
END_TEST

START_TEST(representable_inputs_exact)
{
	/* small integers in blocks whose max (3) is not a power of two are
	 * exact in every format, and so are their products and sums */
	static const char *const names[] = { "hbfp8_576", "hbfp4_16", "mxint8",
					     "mxfp8_e4m3", "mxfp8_e5m2",
					     "mxfp6_e2m3", "mxfp4", "bf16",
					     "fp16", "fp32" };
	double a[4] = { 3, 1, -2, 0 }, b[4] = { 1, -3, 2, 3 };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct dse_numerics_result r = dot(names[i], a, b, 4);

		ck_assert_msg(r.output_sqnr_db == INFINITY, "%s: %g dB", names[i],
			      r.output_sqnr_db);
		ck_assert_double_eq(r.effective_bits, INFINITY);
	}
}
END_TEST

START_TEST(output_noise_doubles)
{
	/* first order, the output error sum (da b + a db) has the power of
	 * both inputs' errors: the output SQNR is the input SQNR - 3.01 dB
	 * (within the sampling error of 96 x 96 outputs) */
	struct dse_gemm_problem *p = NULL;
	struct dse_numerics_result r;
	struct dse_format f = test_format("hbfp8_576");
	struct dse_error err = { 0, "" };
	struct dse_dist d;

	ck_assert_int_eq(dse_numerics_dist_parse("gaussian", &d, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_problem_synthetic(&d, 96, 96, 576, 3, &p,
							&err), DSE_OK);
	ck_assert_int_eq(dse_numerics_gemm(p, &f, &nearest, &r, &err), DSE_OK);
	ck_assert_msg(fabs(r.output_sqnr_db - (r.input_sqnr_db - 3.01)) < 0.5,
		      "in %.2f out %.2f", r.input_sqnr_db, r.output_sqnr_db);
	/* effective bits of the output */
	ck_assert_double_eq_tol(r.effective_bits,
				(r.output_sqnr_db - 1.76) / 6.02, 1e-12);
	ck_assert_double_eq_tol(r.output_nsr, pow(10, -r.output_sqnr_db / 10),
				1e-12);
	dse_numerics_problem_free(p);
}
END_TEST

/* The result of a (1 x 8) times b (8 x n) in format name. */
static struct dse_numerics_result row_times(const char *name, double *a,
					    double *b, size_t n)
{
	struct dse_tensor ta = tensor(2, 1, 8, a, "a"), tb = tensor(2, 8, n, b, "b");
	struct dse_gemm_problem *p = NULL;
	struct dse_numerics_result r;
	struct dse_format f = test_format(name);
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_numerics_problem_new(&ta, &tb, &p, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_gemm(p, &f, &nearest, &r, &err), DSE_OK);
	dse_numerics_problem_free(p);
	return r;
}

START_TEST(single_and_quad_kernels_agree)
{
	/* N = 1 takes the one-output kernel, N = 4 the four-output one: with
	 * four equal columns every output equals the single one, so the
	 * measures are equal */
	static const char *const names[] = { "mxfp4_4", "mxfp8_e4m3_4",
					     "mxfp8_e5m2_4", "bf16", "int8" };
	double a[8], b1[8], b4[32];
	size_t i, j, f;

	for (i = 0; i < 8; i++) {
		a[i] = sin(1.0 + i);
		b1[i] = cos(0.7 * i);
		for (j = 0; j < 4; j++)
			b4[i * 4 + j] = b1[i];
	}
	for (f = 0; f < sizeof names / sizeof names[0]; f++) {
		struct dse_numerics_result r1 = row_times(names[f], a, b1, 1);
		struct dse_numerics_result r4 = row_times(names[f], a, b4, 4);

		ck_assert_msg(isfinite(r1.output_sqnr_db), "%s", names[f]);
		ck_assert_double_eq_tol(r1.output_sqnr_db, r4.output_sqnr_db, 1e-9);
		ck_assert_double_eq_tol(r1.output_rel_err_max,
					r4.output_rel_err_max, 1e-12);
	}
}
END_TEST

START_TEST(shapes_checked)
{
	double a[6] = { 1, 2, 3, 4, 5, 6 };
	struct dse_tensor ta = tensor(2, 2, 3, a, "a.npy");
	struct dse_tensor tb = tensor(2, 2, 3, a, "b.npy");
	struct dse_tensor col = tensor(1, 1, 3, a, "c.npy");
	struct dse_gemm_problem *p = NULL;
	struct dse_error err = { 0, "" };
	struct dse_dist d;
	size_t m, n, k;

	/* 2 x 3 times 2 x 3: K differs (3 and 2), both files named */
	ck_assert_int_eq(dse_numerics_problem_new(&ta, &tb, &p, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "a.npy"));
	ck_assert_ptr_nonnull(strstr(err.msg, "b.npy"));
	/* a 1-D b is a column: 2 x 3 times 3 x 1 */
	ck_assert_int_eq(dse_numerics_problem_new(&ta, &col, &p, &err), DSE_OK);
	dse_numerics_problem_shape(p, &m, &n, &k);
	ck_assert_uint_eq(m, 2);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(k, 3);
	dse_numerics_problem_free(p);
	ck_assert_int_eq(dse_numerics_dist_parse("uniform", &d, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_problem_synthetic(&d, 0, 4, 4, 1, &p, &err),
			 DSE_EINPUT);
	ck_assert_int_eq(dse_numerics_problem_synthetic(&d, 1u << 20, 1u << 20,
							1024, 1, &p, &err),
			 DSE_EINPUT);
}
END_TEST

/* ---- exact block sums of FP8 elements, against a plain reference ---- */

/* A signed 128-bit integer: wide enough for any E5M2 block sum (70 bits). */
__extension__ typedef __int128 i128;

/*
 * An FP8 element encoding (OCP MX v1.0, 5.3): a magnitude code E.M with
 * ebits and mbits fields; max_code is the largest normal's (E4M3: 0x7e =
 * 1.75 * 2^8 = 448, 0x7f is NaN; E5M2: 0x7b = 1.75 * 2^15 = 57344, 0x7c on
 * are infinities and NaNs).  On the element's grid, whose unit is the
 * smallest subnormal 2^(1 - bias - mbits), code E.M is the integer M for E
 * = 0 and (2^mbits + M) 2^(E - 1) otherwise.
 */
struct fp8 {
	const char *format;
	int ebits, mbits, bias;
	unsigned max_code;
};

static const struct fp8 fp8s[] = {
	{ "mxfp8_e4m3", 4, 3, 7, 0x7e },
	{ "mxfp8_e5m2", 5, 2, 15, 0x7b },
	{ "mxfp8_e4m3_5", 4, 3, 7, 0x7e },   /* partial blocks */
	{ "mxfp8_e5m2_16", 5, 2, 15, 0x7b },
	{ "mxfp8_e5m2_33", 5, 2, 15, 0x7b }, /* too wide for two limbs */
};

/* The grid integer of magnitude code c. */
static int64_t fp8_grid(const struct fp8 *f, unsigned c)
{
	unsigned e = c >> f->mbits, m = c & ((1u << f->mbits) - 1);

	return e == 0 ? (int64_t)m : (int64_t)((1u << f->mbits) + m) << (e - 1);
}

/* s rounded to the nearest fp32, ties to even, in integers: the top 24
   bits, plus one if the rest is over half of their last place, or half
   and they are odd. */
static float i128_to_float(i128 s)
{
	__extension__ typedef unsigned __int128 u128;
	u128 m = s < 0 ? -(u128)s : (u128)s, rest, half;
	int sh = 0;

	while ((m >> sh) >= ((u128)1 << 24))
		sh++;
	if (sh > 0) {
		rest = m & (((u128)1 << sh) - 1);
		half = (u128)1 << (sh - 1);
		m >>= sh;
		if (rest > half || (rest == half && (m & 1)))
			m++;
	}
	return (s < 0 ? -1.0f : 1.0f) * ldexpf((float)(uint32_t)m, sh);
}

/* splitmix64 (Steele, Lea and Flood 2014): the test's own generator. */
static uint64_t mix_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform integer in lo..hi. */
static int mix_int(uint64_t *state, int lo, int hi)
{
	return lo + (int)(mix_next(state) % (uint64_t)(hi - lo + 1));
}

/*
 * A random magnitude code of a given style: 0 any code, 1 only codes
 * whose grid integer is a multiple of 2^17 (no E5M2 lo limb), 2 mostly
 * extremes: zero, subnormals, the smallest normals, the largest normal.
 */
static unsigned fp8_code(const struct fp8 *f, int style, uint64_t *st)
{
	unsigned c;

	if (style == 1) {
		do
			c = (unsigned)mix_int(st, 0, (int)f->max_code);
		while (fp8_grid(f, c) % (1 << 17) != 0);
		return c;
	}
	if (style == 2) {
		switch (mix_int(st, 0, 4)) {
		case 0:
			return 0;
		case 1:
			return (unsigned)mix_int(st, 1, (1 << f->mbits) - 1);
		case 2:
			return (unsigned)mix_int(st, 1 << f->mbits,
						 (2 << f->mbits) - 1);
		case 3:
			return f->max_code;
		default:
			break;
		}
	}
	return (unsigned)mix_int(st, 0, (int)f->max_code);
}

/*
 * One random block of n grid integers g (signed) for a block scale 2^X:
 * one element (at a random place) is +-max normal, so that the block's
 * scale is X and every value g 2^(X + 1 - bias - mbits) is quantized to
 * itself.
 */
static void fp8_block(const struct fp8 *f, int style, size_t n, int64_t *g,
		      uint64_t *st)
{
	size_t t, top = (size_t)mix_int(st, 0, (int)n - 1);

	for (t = 0; t < n; t++) {
		unsigned c = t == top ? f->max_code : fp8_code(f, style, st);

		g[t] = fp8_grid(f, c) * (mix_next(st) & 1 ? -1 : 1);
	}
}

#define FP8_MAXM 9
#define FP8_MAXK 140
#define FP8_MAXB 5 /* blocks of 32 in FP8_MAXK */

START_TEST(fp8_block_sums_exact)
{
	/*
	 * Random FP8 GEMMs (M, N in 1..9, K in 1..140) whose inputs are
	 * representable, each output against the specification written
	 * plainly (NUMERICS.md 19): the block sum S = sum ga gb in 128-bit
	 * integers, S rounded once to fp32 (to nearest even, in integers:
	 * valgrind's x87 is not exact), scaled by
	 * 2^(lsb_a + lsb_b) (lsb = X + 1 - bias - mbits) and added to an
	 * fp32 accumulator block after block.  Every output must be the
	 * same bits.  Blocks mix any codes, extremes (zeros, subnormals, the
	 * largest normal, mixed signs) and E5M2 blocks without lo limbs; the
	 * scales X of A and B add up to at most 85 so that nothing
	 * overflows fp32, and reach down to -127 (E8M0's bottom).
	 */
	const struct fp8 *f = &fp8s[_i];
	struct dse_format fmt = test_format(f->format);
	const size_t bsize = fmt.block;
	static int64_t ga[FP8_MAXM][FP8_MAXK], gb[FP8_MAXM][FP8_MAXK];
	static int xa[FP8_MAXM][FP8_MAXK], xb[FP8_MAXM][FP8_MAXK];
	static double a[FP8_MAXM * FP8_MAXK], b[FP8_MAXK * FP8_MAXM];
	float out[FP8_MAXM * FP8_MAXM];
	uint64_t st = 20240601u + (uint64_t)_i;
	size_t sums = 0, trial;

	for (trial = 0; trial < 1000; trial++) {
		const size_t m = (size_t)mix_int(&st, 1, FP8_MAXM);
		const size_t n = (size_t)mix_int(&st, 1, FP8_MAXM);
		const size_t k = (size_t)mix_int(&st, 1, FP8_MAXK);
		const size_t nblk = (k + bsize - 1) / bsize;
		struct dse_tensor ta = tensor(2, m, k, a, "a");
		struct dse_tensor tb = tensor(2, k, n, b, "b");
		struct dse_gemm_problem *p = NULL;
		struct dse_numerics_result r;
		struct dse_error err = { 0, "" };
		size_t i, j, t, blk;

		for (blk = 0; blk < nblk; blk++) {
			/* one style and one split of the scale budget per
			   block column, so that whole columns lack lo limbs */
			const int style = mix_int(&st, 0, 2);
			const int cap = mix_int(&st, -40, 125);
			const size_t off = blk * bsize;
			const size_t len = k - off < bsize ? k - off : bsize;

			for (i = 0; i < m; i++) {
				fp8_block(f, style == 1 ? 0 : style, len,
					  &ga[i][off], &st);
				xa[i][blk] = mix_int(&st, -127, cap);
			}
			for (j = 0; j < n; j++) {
				fp8_block(f, style, len, &gb[j][off], &st);
				xb[j][blk] = mix_int(&st, -127, 85 - cap);
			}
		}
		for (t = 0; t < k; t++) {
			const int u = 1 - f->bias - f->mbits;

			for (i = 0; i < m; i++)
				a[i * k + t] = ldexp((double)ga[i][t],
						     xa[i][t / bsize] + u);
			for (j = 0; j < n; j++)
				b[t * n + j] = ldexp((double)gb[j][t],
						     xb[j][t / bsize] + u);
		}
		ck_assert_int_eq(dse_numerics_problem_new(&ta, &tb, &p, &err),
				 DSE_OK);
		ck_assert_msg(dse_numerics_gemm_outputs(p, &fmt, &nearest, out,
							&err) == DSE_OK,
			      "%s", err.msg);
		/* the inputs are the format's own values */
		ck_assert_int_eq(dse_numerics_gemm(p, &fmt, &nearest, &r, &err),
				 DSE_OK);
		ck_assert_double_eq(r.input_sqnr_db, INFINITY);
		for (i = 0; i < m; i++)
			for (j = 0; j < n; j++) {
				float want = 0;

				for (blk = 0; blk < nblk; blk++) {
					const size_t off = blk * bsize;
					const int u = 1 - f->bias - f->mbits;
					const int e = xa[i][blk] + xb[j][blk] + 2 * u;
					i128 sum = 0;
					float s;

					for (t = off; t < k && t < off + bsize; t++)
						sum += (i128)ga[i][t] * gb[j][t];
					s = i128_to_float(sum);
					if (s != 0)
						want += (float)((double)s * ldexp(1.0, e));
					sums++;
				}
				ck_assert_msg(memcmp(&want, &out[i * n + j],
						     sizeof want) == 0,
					      "%s trial %zu: O[%zu][%zu] = %a, "
					      "want %a", f->format, trial, i, j,
					      (double)out[i * n + j], (double)want);
			}
		dse_numerics_problem_free(p);
	}
	/* enough block sums to mean something */
	ck_assert_uint_gt(sums, 50000);
}
END_TEST

/* ---- distributions ---- */

START_TEST(dist_parse)
{
	struct dse_dist d;
	struct dse_error err = { 0, "" };
	char buf[96];

	ck_assert_int_eq(dse_numerics_dist_parse("student-t:3,outliers=0.001:20",
						 &d, &err), DSE_OK);
	ck_assert_double_eq(d.param, 3);
	ck_assert_double_eq(d.outlier_fraction, 0.001);
	ck_assert_double_eq(d.outlier_sigmas, 20);
	ck_assert_str_eq(dse_numerics_dist_spec(&d, buf, sizeof buf),
			 "student-t:3,outliers=0.001:20");
	ck_assert_int_eq(dse_numerics_dist_parse("laplace", &d, &err), DSE_OK);
	ck_assert_str_eq(dse_numerics_dist_spec(&d, buf, sizeof buf), "laplace");
}
END_TEST

static const char *const bad_dists[] = {
	"", "normal", "gaussian:2", "student-t", "student-t:", "student-t:0",
	"student-t:x", "student-tx:3", "uniform,outliers=2:3",
	"uniform,outliers=0.1", "uniform,outliers=0.1:0",
	"student-t:2,outliers=0.1:5", /* no standard deviation */
	"gaussian,outliers=0.1:5x",
};

START_TEST(dist_rejects)
{
	struct dse_dist d;
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_numerics_dist_parse(bad_dists[_i], &d, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

START_TEST(dist_moments)
{
	/* mean 0 and the variance of each law: gaussian 1, laplace 2 b^2 = 2,
	 * uniform (-1, 1) 1/3, t(5) nu / (nu - 2) = 5/3; within 5 standard
	 * errors of 2e5 draws (t(5) has a large fourth moment: 10 %) */
	static const struct { const char *spec; double var, tol; } laws[] = {
		{ "gaussian", 1.0, 0.02 }, { "laplace", 2.0, 0.05 },
		{ "uniform", 1.0 / 3, 0.005 }, { "student-t:5", 5.0 / 3, 0.15 },
	};
	const size_t n = 200000;
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
	struct dse_dist d;
	struct dse_error err = { 0, "" };
	double s = 0, s2 = 0;
	size_t i;

	ck_assert_int_eq(dse_numerics_dist_parse(laws[_i].spec, &d, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_dist_fill(&d, 42, 0, x, n, &err), DSE_OK);
	for (i = 0; i < n; i++) {
		s += x[i];
		s2 += x[i] * x[i];
	}
	ck_assert_msg(fabs(s / n) < 5 * sqrt(laws[_i].var / n), "%s mean %g",
		      laws[_i].spec, s / n);
	ck_assert_msg(fabs(s2 / n - laws[_i].var) < laws[_i].tol, "%s var %g",
		      laws[_i].spec, s2 / n);
	/* the same seed and stream give the same values, another stream not */
	ck_assert_int_eq(dse_numerics_dist_fill(&d, 42, 0, y, n, &err), DSE_OK);
	ck_assert_int_eq(memcmp(x, y, n * sizeof *x), 0);
	ck_assert_int_eq(dse_numerics_dist_fill(&d, 42, 1, y, n, &err), DSE_OK);
	ck_assert_int_ne(memcmp(x, y, n * sizeof *x), 0);
	free(x);
	free(y);
}
END_TEST

START_TEST(outliers_drawn)
{
	/* fraction 0.01 of 1e5 values at +-20 standard deviations: 1000
	 * expected, binomial sd sqrt(1e5 * 0.01 * 0.99) = 31.5 */
	const size_t n = 100000;
	double *x = malloc(n * sizeof *x);
	struct dse_dist d;
	struct dse_error err = { 0, "" };
	size_t i, big = 0;

	ck_assert_int_eq(dse_numerics_dist_parse("uniform,outliers=0.01:20", &d,
						 &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_dist_fill(&d, 1, 0, x, n, &err), DSE_OK);
	for (i = 0; i < n; i++)
		if (fabs(x[i]) == 20 / sqrt(3.0))
			big++;
	ck_assert_msg(big > 1000 - 5 * 32 && big < 1000 + 5 * 32, "%zu", big);
	free(x);
}
END_TEST

/* ---- the SQNR cache ---- */

/* A small setup: gaussian, 8 x K x 8, seed 3. */
static struct dse_sqnr_setup small_setup(void)
{
	struct dse_sqnr_setup s;

	dse_numerics_sqnr_defaults(&s);
	s.m = 8;
	s.n = 8;
	s.seed = 3;
	return s;
}

/* The NSR of fmt at k on small_setup's data, straight from a problem. */
static double direct_nsr(const char *name, size_t k)
{
	struct dse_sqnr_setup s = small_setup();
	struct dse_gemm_problem *p = NULL;
	struct dse_numerics_result r;
	struct dse_format f = test_format(name);
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_numerics_problem_synthetic(&s.dist, s.m, s.n, k,
							s.seed, &p, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_gemm(p, &f, &s.quant, &r, &err), DSE_OK);
	dse_numerics_problem_free(p);
	return r.output_nsr;
}

START_TEST(cache_once_per_pair)
{
	struct dse_sqnr_setup s = small_setup();
	struct dse_sqnr_cache *c = NULL;
	struct dse_format f[2] = { test_format("hbfp6_64"), test_format("mxfp4") };
	struct dse_k_weight ks[2] = { { 64, 3 }, { 256, 1 } };
	struct dse_error err = { 0, "" };
	double a, b, want;
	int rep;

	ck_assert_int_eq(dse_numerics_cache_new(&s, &c, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_cache_fill(c, f, 2, ks, 2, &err), DSE_OK);
	ck_assert_uint_eq(dse_numerics_cache_runs(c), 4);
	/* asked many times (as design points would): no new GEMM */
	for (rep = 0; rep < 100; rep++)
		ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[0], ks, 2, &a, &err),
				 DSE_OK);
	ck_assert_uint_eq(dse_numerics_cache_runs(c), 4);
	/* the MAC-weighted mean of the two NSRs, from the definition */
	want = -10 * log10((3 * direct_nsr("hbfp6_64", 64) +
			    direct_nsr("hbfp6_64", 256)) / 4);
	ck_assert_double_eq_tol(a, want, 1e-9);
	/* one K alone is that K's SQNR */
	ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[1], ks + 1, 1, &b, &err),
			 DSE_OK);
	ck_assert_double_eq_tol(b, -10 * log10(direct_nsr("mxfp4", 256)), 1e-9);
	/* a new pair is measured on demand, once */
	ks[0].k = 128;
	ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[1], ks, 1, &b, &err),
			 DSE_OK);
	ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[1], ks, 1, &b, &err),
			 DSE_OK);
	ck_assert_uint_eq(dse_numerics_cache_runs(c), 5);
	/* bad K and weights */
	ks[0].k = 1.5;
	ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[1], ks, 1, &b, &err),
			 DSE_EINPUT);
	ks[0].k = 64;
	ks[0].weight = 0;
	ck_assert_int_eq(dse_numerics_cache_sqnr(c, &f[1], ks, 1, &b, &err),
			 DSE_EINPUT);
	dse_numerics_cache_free(c);
	dse_numerics_cache_free(NULL);
}
END_TEST

START_TEST(workload_ks)
{
	struct dse_workload *wl = NULL;
	struct dse_k_weight *ks = NULL;
	struct dse_error err = { 0, "" };
	size_t nk;

	/* lstm: one GEMM per step, K = 4096, N = 4 * 2048 = 8192, m = 1:
	 * 8192 * 4096 MACs per item per step */
	ck_assert_int_eq(dse_workload_get("lstm", &wl, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_workload_ks(wl, &ks, &nk, &err), DSE_OK);
	ck_assert_uint_eq(nk, 1);
	ck_assert_double_eq(ks[0].k, 4096);
	ck_assert_double_eq(ks[0].weight, 8192.0 * 4096);
	free(ks);
	dse_workload_free(wl);
	/* mlp:256,512,128: K = 256 (N 512) and K = 512 (N 128) */
	ck_assert_int_eq(dse_workload_get("mlp:256,512,128", &wl, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_workload_ks(wl, &ks, &nk, &err), DSE_OK);
	ck_assert_uint_eq(nk, 2);
	ck_assert_double_eq(ks[0].k, 256);
	ck_assert_double_eq(ks[0].weight, 256.0 * 512);
	ck_assert_double_eq(ks[1].k, 512);
	ck_assert_double_eq(ks[1].weight, 512.0 * 128);
	free(ks);
	dse_workload_free(wl);
}
END_TEST

/* ---- accuracy files ---- */

/* Load tests/data/<file>. */
static int load_accuracy(const char *file, struct dse_accuracy **a,
			 struct dse_error *err)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(), file);
	return dse_numerics_accuracy_load(path, a, err);
}

START_TEST(accuracy_good)
{
	struct dse_accuracy *a = NULL;
	struct dse_error err = { 0, "" };
	double v;

	ck_assert_msg(load_accuracy("accuracy_good.json", &a, &err) == DSE_OK,
		      "%s", err.msg);
	ck_assert_int_eq(a->higher_is_better, 1);
	ck_assert_str_eq(a->metric, "top1_accuracy_pct");
	ck_assert_uint_eq(a->n, 3);
	/* hbfp8 is stored under its canonical name */
	ck_assert_int_eq(dse_numerics_accuracy_get(a, "hbfp8_576", &v, &err),
			 DSE_OK);
	ck_assert_double_eq(v, 75.9);
	ck_assert_int_eq(dse_numerics_accuracy_get(a, "mxfp4", &v, &err), DSE_OK);
	ck_assert_double_eq(v, 71.25);
	ck_assert_int_eq(dse_numerics_accuracy_get(a, "fp16", &v, &err),
			 DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "fp16"));
	dse_numerics_accuracy_free(a);
}
END_TEST

static const struct {
	const char *file;
	const char *why;
} bad_accuracy[] = {
	{ "accuracy_no_source.json", "source" },
	{ "accuracy_empty_source.json", "source" },
	{ "accuracy_direction.json", "direction" },
	{ "accuracy_unknown_format.json", "mxfp7" },
	{ "accuracy_twice.json", "twice" },
	{ "accuracy_string_value.json", "finite number" },
	{ "accuracy_empty.json", "empty" },
	{ "accuracy_unknown_key.json", "unknown key" },
};

START_TEST(accuracy_bad)
{
	struct dse_accuracy *a = NULL;
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(load_accuracy(bad_accuracy[_i].file, &a, &err),
			 DSE_EINPUT);
	ck_assert_ptr_null(a);
	ck_assert_msg(strstr(err.msg, bad_accuracy[_i].file) != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, bad_accuracy[_i].why) != NULL,
		      "'%s' not in %s", bad_accuracy[_i].why, err.msg);
}
END_TEST

Suite *suite_numerics(void)
{
	Suite *s = suite_create("numerics");
	TCase *tc;

	tc = tcase_create("gemm");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, exact_within_a_block);
	tcase_add_test(tc, int8_scales_once);
	tcase_add_test(tc, representable_inputs_exact);
	tcase_add_test(tc, output_noise_doubles);
	tcase_add_test(tc, single_and_quad_kernels_agree);
	tcase_add_test(tc, shapes_checked);
	tcase_add_loop_test(tc, fp8_block_sums_exact, 0,
			    (int)(sizeof fp8s / sizeof fp8s[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("dist");
	tcase_add_test(tc, dist_parse);
	tcase_add_loop_test(tc, dist_rejects, 0,
			    (int)(sizeof bad_dists / sizeof bad_dists[0]));
	tcase_add_loop_test(tc, dist_moments, 0, 4);
	tcase_add_test(tc, outliers_drawn);
	suite_add_tcase(s, tc);

	tc = tcase_create("cache");
	tcase_add_test(tc, cache_once_per_pair);
	tcase_add_test(tc, workload_ks);
	suite_add_tcase(s, tc);

	tc = tcase_create("accuracy");
	tcase_add_test(tc, accuracy_good);
	tcase_add_loop_test(tc, accuracy_bad, 0,
			    (int)(sizeof bad_accuracy / sizeof bad_accuracy[0]));
	suite_add_tcase(s, tc);
	return s;
}
