/* test_quant.c - quantizers of every format (NUMERICS.md 18 and 20). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_numerics.h"
#include "suites.h"

static const struct dse_quant_opts nearest = { DSE_ROUND_NEAREST, 1 };

/* x quantized to name as one row, into out. */
static void quantize(const char *name, const double *x, size_t n, double *out)
{
	struct dse_format f = test_format(name);
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_numerics_quantize(&f, x, 1, n, &nearest, out, &err) ==
			      DSE_OK, "%s: %s", name, err.msg);
}

/* n values of a seeded distribution (malloc'ed). */
static double *draw(const char *dist, size_t n, unsigned long seed)
{
	struct dse_dist d;
	struct dse_error err = { 0, "" };
	double *x = malloc(n * sizeof *x);

	ck_assert_ptr_nonnull(x);
	ck_assert_int_eq(dse_numerics_dist_parse(dist, &d, &err), DSE_OK);
	ck_assert_int_eq(dse_numerics_dist_fill(&d, seed, 0, x, n, &err), DSE_OK);
	return x;
}

/* 10 log10(sum x^2 / sum (q - x)^2). */
static double sqnr_db(const double *x, const double *q, size_t n)
{
	double s = 0, e = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		s += x[i] * x[i];
		e += (q[i] - x[i]) * (q[i] - x[i]);
	}
	return 10 * log10(s / e);
}

/* ---- hand-derived examples (each value worked out in its comment) ---- */

#define MAXN 8

static const struct {
	const char *format;
	size_t n;
	double x[MAXN];
	double want[MAXN];
} examples[] = {
	/* power-of-two maximum: e = ceil(log2 1) = 0, step 2^-7; 1 saturates
	 * to 1 - 2^-7; 0.3 * 128 = 38.4 -> 38/128; -0.5 -> -64/128 */
	{ "hbfp8_32", 3, { 1.0, 0.3, -0.5 }, { 127.0 / 128, 38.0 / 128, -0.5 } },
	/* a zero block stays zero */
	{ "hbfp8_576", 3, { 0, 0, 0 }, { 0, 0, 0 } },
	/* one huge outlier: e = ceil(log2 1000) = 10, step 2^3 = 8: 1000/8 =
	 * 125 -> 1000; 1/8 and 0.5/8 round to 0 */
	{ "hbfp8_576", 4, { 1000, 1, -1, 0.5 }, { 1000, 0, 0, 0 } },
	/* last partial block (B = 4): [3 1 1 1] e = 2, step 2^-5, exact;
	 * [0.75 0.1]: e = 0, step 2^-7: 96/128, 0.1 * 128 = 12.8 -> 13/128 */
	{ "hbfp8_4", 6, { 3, 1, 1, 1, 0.75, 0.1 },
	  { 3, 1, 1, 1, 0.75, 13.0 / 128 } },
	/* ties to even: max 0.75, step 2^-7: 2.5 steps -> 2, 3.5 -> 4 */
	{ "hbfp8_3", 3, { 0.75, 2.5 / 128, 3.5 / 128 },
	  { 0.75, 2.0 / 128, 4.0 / 128 } },
	/* hbfp4 (step 2^(e-3)): max 0.9 -> e = 0, step 1/8, saturation 7/8;
	 * 0.9 * 8 = 7.2 -> 7; 0.3 * 8 = 2.4 -> 2 */
	{ "hbfp4_16", 2, { 0.9, -0.3 }, { 7.0 / 8, -2.0 / 8 } },
	/* MXINT8, max 1.5: X = 2^floor(log2 1.5) = 1; k/64: 96/64, 0.3 * 64
	 * = 19.2 -> 19/64; 1.999 * 64 = 127.9 -> 128, saturates at 127 */
	{ "mxint8", 3, { 1.5, 0.3, 1.999 }, { 1.5, 19.0 / 64, 127.0 / 64 } },
	/* MXINT8, power-of-two max 2: X = 2, 2/2 = 64/64 exact, 1/2 = 32/64 */
	{ "mxint8", 2, { 2.0, 1.0 }, { 2.0, 1.0 } },
	/* E4M3, max 1: X = 2^(0 - 8); 1 -> 256 (exact); 0.1 -> 25.6, in
	 * [16, 32) the quantum is 2: 12.8 -> 13 -> 26 / 256 */
	{ "mxfp8_e4m3", 2, { 1.0, 0.1 }, { 1.0, 26.0 / 256 } },
	/* E4M3 saturation: max 1.9, X = 2^-8, 1.9 * 256 = 486.4 > 448 ->
	 * 448 / 256 = 1.75 */
	{ "mxfp8_e4m3", 2, { 1.9, 1.0 }, { 1.75, 1.0 } },
	/* E4M3 subnormal element: 0.00005 * 256 = 0.0128, quantum 2^-9:
	 * 6.55 -> 7 -> 7 * 2^-9 * 2^-8 = 7 / 131072 */
	{ "mxfp8_e4m3", 2, { 1.0, 0.00005 }, { 1.0, 7.0 / 131072 } },
	/* E5M2, max 3: X = 2^(1 - 15); 3 -> 3 * 2^14 = 1.5 * 2^15 exact;
	 * 0.7 -> 0.7 * 2^14 in [2^13, 2^14), quantum 2^11: 5.6 -> 6 ->
	 * 6 * 2^11 / 2^14 = 0.75 */
	{ "mxfp8_e5m2", 2, { 3.0, 0.7 }, { 3.0, 0.75 } },
	/* E2M1 (values 0 .5 1 1.5 2 3 4 6), max 1: X = 2^(0 - 2) = 1/4:
	 * 4 -> 4; 1.2 -> 1; -2.8 -> -3; 0.2 -> 0 (subnormal quantum 0.5) */
	{ "mxfp4", 4, { 1.0, 0.3, -0.7, 0.05 }, { 1.0, 0.25, -0.75, 0 } },
	/* E2M3 (quantum 1/8 below 2), max 7: X = 2^(2 - 2) = 1; 7 exact;
	 * 0.3 -> 2.4/8 -> 2/8 = 0.25; 7.4 -> 7.5 */
	{ "mxfp6_e2m3", 3, { 7.0, 0.3, 7.4 }, { 7.0, 0.25, 7.5 } },
	/* E3M2, max 1: X = 2^(0 - 4) = 1/16; 16 exact; 0.01 * 16 = 0.16,
	 * subnormal quantum 2^-4 = 0.0625: 2.56 -> 3 -> 0.1875 / 16 */
	{ "mxfp6_e3m2", 2, { 1.0, 0.01 }, { 1.0, 0.1875 / 16 } },
	/* an MX zero block stays zero */
	{ "mxfp4", 2, { 0, 0 }, { 0, 0 } },
	/* MX last partial block (B = 2): [4 1] X = 2^(2-2) = 1 exact;
	 * [0.3]: X = 2^(-2 - 2), 0.3 * 16 = 4.8 -> 4 -> 0.25 */
	{ "mxfp4_2", 3, { 4, 1, 0.3 }, { 4, 1, 0.25 } },
	/* bf16: 1 + 2^-8 ties to 1; 1 + 3 * 2^-8 ties to 1 + 2^-6; 1e39
	 * saturates to (2 - 2^-7) 2^127; 1.5 * 2^-133 (subnormal) ties to
	 * 2^-132 */
	{ "bf16", 4, { 1 + 0x1p-8, 1 + 3 * 0x1p-8, 1e39, 0x1.8p-133 },
	  { 1.0, 1 + 0x1p-6, 0x1.fep127, 0x1p-132 } },
	/* fp16: 65519 rounds to 65504; 7e4 saturates; 1.5 * 2^-24 ties to
	 * 2^-23; 1e-9 underflows to 0 */
	{ "fp16", 4, { 65519, 7e4, 0x1.8p-24, 1e-9 },
	  { 65504, 65504, 0x1p-23, 0 } },
	/* fp32: 1 + 2^-24 ties to 1; 0.1 to the float nearest it */
	{ "fp32", 2, { 1 + 0x1p-24, 0.1 }, { 1.0, (double)(float)0.1 } },
	/* int8 per tensor: scale 2/127, 2 -> 127; 0.9 -> 57.15 -> 57;
	 * -0.5 -> -31.75 -> -32; 0.3 -> 19.05 -> 19 */
	{ "int8", 4, { 2.0, 0.9, -0.5, 0.3 },
	  { 2.0, 114.0 / 127, -64.0 / 127, 38.0 / 127 } },
};

START_TEST(hand_examples)
{
	double out[MAXN];
	size_t i;

	quantize(examples[_i].format, examples[_i].x, examples[_i].n, out);
	for (i = 0; i < examples[_i].n; i++)
		ck_assert_msg(fabs(out[i] - examples[_i].want[i]) <=
				      1e-15 * fabs(examples[_i].want[i]),
			      "%s x[%zu] = %.17g: got %.17g, want %.17g",
			      examples[_i].format, i, examples[_i].x[i], out[i],
			      examples[_i].want[i]);
}
END_TEST

/* ---- fixed points and idempotence ---- */

static const char *const all_formats[] = {
	"fp32", "fp16", "bf16", "int8", "hbfp8_576", "hbfp6_256", "hbfp4_16",
	"hbfp16_64", "mxint8", "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3",
	"mxfp6_e3m2", "mxfp4", "mxfp4_16", "mxint8_1",
};

#define NALL ((int)(sizeof all_formats / sizeof all_formats[0]))

/* 1 when |x| is a power of two. */
static int power_of_two(double x)
{
	int e;

	return x != 0 && frexp(fabs(x), &e) == 0.5;
}

START_TEST(idempotent)
{
	const size_t n = 4096;
	struct dse_format f = test_format(all_formats[_i]);
	double *x = draw("laplace,outliers=0.01:30", n, 7);
	double *q1 = malloc(n * sizeof *q1), *q2 = malloc(n * sizeof *q2);
	size_t i, b, len, skipped = 0;

	/* quantizing twice changes nothing: every quantized value is
	 * representable, and a representable value is a fixed point.  HBFP
	 * excepted where the first pass rounded a block's maximum down to a
	 * power of two 2^(e-1): ceil(log2) then picks the exponent e - 1,
	 * whose saturation 2^(e-1) - step moves it (hbfp_pow2_max_moves) */
	quantize(all_formats[_i], x, n, q1);
	quantize(all_formats[_i], q1, n, q2);
	len = f.block ? f.block : n;
	for (b = 0; b < n; b += len) {
		size_t end = b + len < n ? b + len : n;
		double amax = 0;

		for (i = b; i < end; i++)
			amax = fabs(q1[i]) > amax ? fabs(q1[i]) : amax;
		if (f.scaling == DSE_SCALE_HBFP && power_of_two(amax)) {
			skipped++;
			continue;
		}
		for (i = b; i < end; i++)
			ck_assert_msg(q1[i] == q2[i], "%s: [%zu] %.17g -> %.17g",
				      all_formats[_i], i, q1[i], q2[i]);
	}
	/* the exception is rare: a few blocks of hbfp4_16 at most */
	ck_assert_uint_le(skipped, n / len / 8);
	free(x);
	free(q1);
	free(q2);
}
END_TEST

START_TEST(hbfp_pow2_max_moves)
{
	/* hbfp4_16 on [9, 1]: e = ceil(log2 9) = 4, step 2: 9/2 = 4.5 ties
	 * to 4 -> 8, 1/2 -> 0.  Again: e = ceil(log2 8) = 3, step 1, and 8
	 * saturates to 2^3 - 1 = 7 (NUMERICS.md 18 as written; docs
	 * decision 6) */
	double x[2] = { 9, 1 }, q1[2], q2[2];

	quantize("hbfp4_16", x, 2, q1);
	ck_assert_double_eq(q1[0], 8);
	ck_assert_double_eq(q1[1], 0);
	quantize("hbfp4_16", q1, 2, q2);
	ck_assert_double_eq(q2[0], 7);
}
END_TEST

START_TEST(pairs_and_tail_agree)
{
	/* elements go through the quantizers two at a time, the last of an odd
	 * block alone: in [M, x, x] (M fixing the block's scale) the second
	 * value takes the paired path and the third the single one, and must
	 * come out the same, whatever x (subnormal, saturating, tied) */
	static const char *const names[] = { "mxfp8_e4m3", "mxfp8_e5m2",
					     "mxfp6_e2m3", "mxfp6_e3m2", "mxfp4",
					     "mxint8", "hbfp8_576", "hbfp4_16" };
	const size_t n = 20000;
	double *x = draw("student-t:2", n, 23), b[3], q[3];
	size_t f, i;

	for (f = 0; f < sizeof names / sizeof names[0]; f++)
		for (i = 0; i < n; i++) {
			b[0] = 3.0;
			b[1] = b[2] = x[i] / 4; /* reaches far past 3 (t, nu = 2) */
			quantize(names[f], b, 3, q);
			ck_assert_msg(q[1] == q[2], "%s: %.17g -> %.17g and %.17g",
				      names[f], b[1], q[1], q[2]);
		}
	free(x);
}
END_TEST

/* ---- OCP MX element encodings ---- */

/*
 * Decode an OCP element from its bits (OCP MX v1.0 5.3), independently of
 * the library: ebits exponent, mbits fraction, bias 2^(ebits-1) - 1;
 * exponent field 0 is subnormal.  Sign dropped.
 */
static double ocp_decode(unsigned bits, unsigned ebits, unsigned mbits)
{
	unsigned e = (bits >> mbits) & ((1u << ebits) - 1);
	unsigned m = bits & ((1u << mbits) - 1);
	int bias = (1 << (ebits - 1)) - 1;

	if (e == 0)
		return ldexp((double)m, 1 - bias - (int)mbits);
	return ldexp(1.0 + ldexp((double)m, -(int)mbits), (int)e - bias);
}

static const struct {
	const char *format;
	unsigned ebits, mbits;
	unsigned reserved;   /* bit patterns at the top that are not finite */
	double max, min_normal, min_subnormal;
} ocp[] = {
	/* E4M3: S.1111.111 is NaN; max S.1111.110 = 448 */
	{ "mxfp8_e4m3", 4, 3, 1, 448, 0x1p-6, 0x1p-9 },
	/* E5M2: exponent 11111 is Inf/NaN; max S.11110.11 = 57344 */
	{ "mxfp8_e5m2", 5, 2, 4, 57344, 0x1p-14, 0x1p-16 },
	/* FP6 and FP4 have no Inf/NaN */
	{ "mxfp6_e2m3", 2, 3, 0, 7.5, 1.0, 0.125 },
	{ "mxfp6_e3m2", 3, 2, 0, 28, 0.25, 0.0625 },
	{ "mxfp4", 2, 1, 0, 6, 1.0, 0.5 },
};

START_TEST(ocp_encodings_exact)
{
	unsigned ebits = ocp[_i].ebits, mbits = ocp[_i].mbits;
	unsigned top = (1u << (ebits + mbits)) - ocp[_i].reserved, b;
	double x[32], q[32];
	size_t i, n = 0;

	/* the spec's extremes from the bits */
	ck_assert_double_eq(ocp_decode(top - 1, ebits, mbits), ocp[_i].max);
	ck_assert_double_eq(ocp_decode(1u << mbits, ebits, mbits),
			    ocp[_i].min_normal);
	ck_assert_double_eq(ocp_decode(1, ebits, mbits), ocp[_i].min_subnormal);
	ck_assert_double_eq(test_format(ocp[_i].format).element.max, ocp[_i].max);
	/* every finite encoding, with both signs, in blocks whose largest
	 * value is the element maximum (so X = 1): each is a fixed point */
	for (b = 0; b < top; b++) {
		if (n == 0)
			x[n++] = ocp[_i].max;
		x[n] = ocp_decode(b, ebits, mbits) * (b % 2 ? -1 : 1);
		n++;
		if (n == 32 || b + 1 == top) {
			quantize(ocp[_i].format, x, n, q);
			for (i = 0; i < n; i++)
				ck_assert_msg(q[i] == x[i], "%s: %.17g -> %.17g",
					      ocp[_i].format, x[i], q[i]);
			n = 0;
		}
	}
}
END_TEST

/* ---- the checks of NUMERICS.md 20 ---- */

START_TEST(uniform_quantizer_law)
{
	/* uniform on (-1, 1), max ~ 1: e = 0, step 2^(1-m), noise step^2/12,
	 * signal 1/3, SQNR = 10 log10(4^m / 4) + ... = 6.02 m dB */
	const size_t n = 576 * 512;
	double *x = draw("uniform", n, 3), *q = malloc(n * sizeof *q);
	char name[32];
	int m = 8 + _i;

	snprintf(name, sizeof name, "hbfp%d_576", m);
	quantize(name, x, n, q);
	ck_assert_msg(fabs(sqnr_db(x, q, n) - 6.02 * m) <= 0.2,
		      "%s: %.3f dB, law %.2f", name, sqnr_db(x, q, n), 6.02 * m);
	free(x);
	free(q);
}
END_TEST

START_TEST(mxint8_is_hbfp8_32)
{
	/* max not a power of two: hbfp's step 2^(ceil - 7) equals MXINT8's
	 * 2^(floor - 6), and both saturate at 127 steps */
	const size_t n = 32 * 256;
	double *x = draw("gaussian", n, 11);
	double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	double pow2_block[4] = { 2.0, 1.3, -0.7, 0.01 }, pa[4], pb[4];
	size_t i;

	quantize("mxint8", x, n, a);
	quantize("hbfp8_32", x, n, b);
	for (i = 0; i < n; i++)
		ck_assert_msg(a[i] == b[i], "[%zu] %.17g: %.17g vs %.17g", i,
			      x[i], a[i], b[i]);
	/* a power-of-two max (2) differs: MXINT8 keeps it (X = 2, 64/64),
	 * hbfp8 saturates it to 2 - 2^-6 */
	quantize("mxint8", pow2_block, 4, pa);
	quantize("hbfp8_32", pow2_block, 4, pb);
	ck_assert_double_eq(pa[0], 2.0);
	ck_assert_double_eq(pb[0], 2.0 - 0x1p-6);
	free(x);
	free(a);
	free(b);
}
END_TEST

static const struct {
	const char *format;
	double db; /* NUMERICS.md 20; checked by an independent numpy Monte
		      Carlo of 2.4M values (docs/NUMERICS.md, decision 7) */
} gaussian_sqnr[] = {
	{ "hbfp8_576", 40.4 }, { "hbfp6_256", 28.7 }, { "mxint8", 41.7 },
	{ "mxfp8_e4m3", 30.6 }, { "mxfp4", 18.8 }, { "bf16", 55.6 },
};

START_TEST(gaussian_input_sqnr)
{
	const size_t n = 576 * 512;
	double *x = draw("gaussian", n, 5), *q = malloc(n * sizeof *q);
	double got;

	quantize(gaussian_sqnr[_i].format, x, n, q);
	got = sqnr_db(x, q, n);
	ck_assert_msg(fabs(got - gaussian_sqnr[_i].db) <= 0.3,
		      "%s: %.3f dB, want %.1f", gaussian_sqnr[_i].format, got,
		      gaussian_sqnr[_i].db);
	free(x);
	free(q);
}
END_TEST

/* ---- stochastic rounding ---- */

/* x quantized to name with stochastic rounding from seed. */
static void quantize_sr(const char *name, const double *x, size_t n,
			unsigned long seed, double *out)
{
	struct dse_format f = test_format(name);
	struct dse_quant_opts o = { DSE_ROUND_STOCHASTIC, seed };
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_numerics_quantize(&f, x, 1, n, &o, out, &err),
			 DSE_OK);
}

static const char *const sr_formats[] = { "hbfp6_576", "mxfp4", "mxint8" };

START_TEST(stochastic_unbiased)
{
	const size_t n = 1000000;
	double *x = draw("uniform", n, 13), *q = malloc(n * sizeof *q);
	double sum = 0, sum2 = 0, mean, se;
	size_t i;

	/* values on (-0.75, 0.75), every block of 32 (and of 576) led by
	 * 0.75: hbfp6 (e = 0, saturation 31/32), MXFP4 (X = 1/8, 0.75 -> 6)
	 * and MXINT8 (X = 1/2, 0.75 -> 96/64) never saturate, where rounding
	 * would be biased whatever the mode */
	for (i = 0; i < n; i++)
		x[i] = i % 32 == 0 ? 0.75 : 0.75 * x[i];
	/* E[q] = x: the mean error is 0 within 3 standard errors */
	quantize_sr(sr_formats[_i], x, n, 99, q);
	for (i = 0; i < n; i++) {
		double e = q[i] - x[i];

		sum += e;
		sum2 += e * e;
	}
	mean = sum / n;
	se = sqrt((sum2 / n - mean * mean) / n);
	ck_assert_msg(fabs(mean) <= 3 * se, "%s: mean error %g, se %g",
		      sr_formats[_i], mean, se);
	free(x);
	free(q);
}
END_TEST

START_TEST(stochastic_seeded)
{
	const size_t n = 10000;
	double *x = draw("gaussian", n, 17);
	double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	double *c = malloc(n * sizeof *c), *d = malloc(n * sizeof *d);
	size_t i, differ = 0, from_nearest = 0;

	quantize_sr("hbfp8_576", x, n, 5, a);
	quantize_sr("hbfp8_576", x, n, 5, b);
	quantize_sr("hbfp8_576", x, n, 6, c);
	quantize("hbfp8_576", x, n, d);
	for (i = 0; i < n; i++) {
		ck_assert(a[i] == b[i]); /* same seed, same values */
		differ += a[i] != c[i];
		from_nearest += a[i] != d[i];
	}
	/* another seed rounds a good share of values the other way (each
	 * differs with probability 2 f (1 - f), 1/3 on average) */
	ck_assert_uint_gt(differ, n / 10);
	ck_assert_uint_gt(from_nearest, n / 10);
	free(x);
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

START_TEST(non_finite_rejected)
{
	static const char *const names[] = { "hbfp8", "mxfp4", "bf16", "int8" };
	double x[3] = { 1.0, NAN, 2.0 }, y[3] = { INFINITY, 0, 0 }, q[9];
	/* past the first four, where maxima are taken four lanes at a time */
	double z[9] = { 1, 2, 3, 4, 5, -INFINITY, 7, 8, 9 };
	double w[9] = { 1, 2, 3, 4, 5, 6, NAN, 8, 9 };
	struct dse_error err = { 0, "" };
	size_t i;

	for (i = 0; i < 4; i++) {
		struct dse_format f = test_format(names[i]);

		ck_assert_int_eq(dse_numerics_quantize(&f, z, 1, 9, &nearest, q,
						       &err), DSE_EINPUT);
		ck_assert_int_eq(dse_numerics_quantize(&f, w, 1, 9, &nearest, q,
						       &err), DSE_EINPUT);

		ck_assert_int_eq(dse_numerics_quantize(&f, x, 1, 3, &nearest, q,
						       &err), DSE_EINPUT);
		ck_assert_ptr_nonnull(strstr(err.msg, "finite"));
		ck_assert_int_eq(dse_numerics_quantize(&f, y, 1, 3, &nearest, q,
						       &err), DSE_EINPUT);
	}
}
END_TEST

START_TEST(rounding_names)
{
	enum dse_rounding r;
	struct dse_error err = { 0, "" };

	ck_assert_int_eq(dse_numerics_rounding_parse("stochastic", &r, &err),
			 DSE_OK);
	ck_assert_int_eq(r, DSE_ROUND_STOCHASTIC);
	ck_assert_str_eq(dse_numerics_rounding_name(DSE_ROUND_NEAREST),
			 "nearest");
	ck_assert_int_eq(dse_numerics_rounding_parse("even", &r, &err),
			 DSE_EUSAGE);
	ck_assert_ptr_nonnull(strstr(err.msg, "even"));
}
END_TEST

Suite *suite_quant(void)
{
	Suite *s = suite_create("quant");
	TCase *tc;

	tc = tcase_create("examples");
	tcase_add_loop_test(tc, hand_examples, 0,
			    (int)(sizeof examples / sizeof examples[0]));
	tcase_add_loop_test(tc, idempotent, 0, NALL);
	tcase_add_test(tc, hbfp_pow2_max_moves);
	tcase_add_test(tc, pairs_and_tail_agree);
	tcase_add_loop_test(tc, ocp_encodings_exact, 0,
			    (int)(sizeof ocp / sizeof ocp[0]));
	tcase_add_test(tc, non_finite_rejected);
	tcase_add_test(tc, rounding_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("statistics");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, uniform_quantizer_law, 0, 5);
	tcase_add_test(tc, mxint8_is_hbfp8_32);
	tcase_add_loop_test(tc, gaussian_input_sqnr, 0,
			    (int)(sizeof gaussian_sqnr / sizeof gaussian_sqnr[0]));
	tcase_add_loop_test(tc, stochastic_unbiased, 0,
			    (int)(sizeof sr_formats / sizeof sr_formats[0]));
	tcase_add_test(tc, stochastic_seeded);
	suite_add_tcase(s, tc);
	return s;
}
