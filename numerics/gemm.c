/*
 * gemm.c - a GEMM in a number format against double precision
 * (NUMERICS.md 19): the problem, its reference, the format's kernels and
 * the error measures.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "numerics_impl.h"

struct dse_gemm_problem {
	size_t m, n, k;
	double *a;   /* m x k */
	double *bt;  /* n x k: B transposed, so both are quantized along rows */
	double *ref; /* m x n, double precision on the unquantized inputs */
};

/* Release a problem and its matrices. */
void dse_numerics_problem_free(struct dse_gemm_problem *p)
{
	if (p == NULL)
		return;
	free(p->a);
	free(p->bt);
	free(p->ref);
	free(p);
}

/* M, N and K of p. */
void dse_numerics_problem_shape(const struct dse_gemm_problem *p, size_t *m,
				size_t *n, size_t *k)
{
	*m = p->m;
	*n = p->n;
	*k = p->k;
}

/* DSE_EINPUT unless every side and product of sides is within the limits. */
static int check_shape(size_t m, size_t n, size_t k, struct dse_error *err)
{
	const size_t side = DSE_NUMERICS_SIDE_MAX, cap = DSE_NUMERICS_ELEMENTS_MAX;

	if (m == 0 || n == 0 || k == 0 || m > side || n > side || k > side)
		return dse_error_set(err, DSE_EINPUT,
				     "GEMM M=%zu N=%zu K=%zu: every side must be in 1..%zu",
				     m, n, k, side);
	if (m * k > cap || n * k > cap || m * n > cap)
		return dse_error_set(err, DSE_EINPUT,
				     "GEMM M=%zu N=%zu K=%zu: more than %zu elements in one matrix",
				     m, n, k, cap);
	return DSE_OK;
}

/* Two doubles in one SSE register (GCC and clang vector extensions). */
typedef double v2df __attribute__((vector_size(16)));

/* The dot product of a and b over k in double precision, in two lanes of
   two partial sums each (the reference: its rounding, about 2^-53 k
   relative, is far below any format's error). */
static double dot_double(const double *a, const double *b, size_t k)
{
	v2df s0 = { 0, 0 }, s1 = { 0, 0 }, x, y;
	size_t t;
	double s;

	for (t = 0; t + 4 <= k; t += 4) {
		memcpy(&x, a + t, sizeof x);
		memcpy(&y, b + t, sizeof y);
		s0 += x * y;
		memcpy(&x, a + t + 2, sizeof x);
		memcpy(&y, b + t + 2, sizeof y);
		s1 += x * y;
	}
	s0 += s1;
	s = s0[0] + s0[1];
	for (; t < k; t++)
		s += a[t] * b[t];
	return s;
}

/* The reference O = A B in double precision. */
static void reference(struct dse_gemm_problem *p)
{
	size_t i, j;

	for (i = 0; i < p->m; i++)
		for (j = 0; j < p->n; j++)
			p->ref[i * p->n + j] = dot_double(p->a + i * p->k,
							  p->bt + j * p->k, p->k);
}

/* A problem of shape m, n, k with a and bt allocated (contents to fill). */
static int problem_alloc(size_t m, size_t n, size_t k,
			 struct dse_gemm_problem **out, struct dse_error *err)
{
	struct dse_gemm_problem *p;
	int rc = check_shape(m, n, k, err);

	if (rc != DSE_OK)
		return rc;
	p = calloc(1, sizeof *p);
	if (p) {
		p->m = m;
		p->n = n;
		p->k = k;
		p->a = malloc(m * k * sizeof *p->a);
		p->bt = malloc(n * k * sizeof *p->bt);
		p->ref = malloc(m * n * sizeof *p->ref);
	}
	if (p == NULL || p->a == NULL || p->bt == NULL || p->ref == NULL) {
		dse_numerics_problem_free(p);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	*out = p;
	return DSE_OK;
}

/* A problem from tensors a (M x K) and b (K x N), B stored transposed. */
int dse_numerics_problem_new(const struct dse_tensor *a,
			     const struct dse_tensor *b,
			     struct dse_gemm_problem **out,
			     struct dse_error *err)
{
	/* a 1-D b is a column: K x 1 */
	size_t bk = b->ndim == 1 ? b->cols : b->rows;
	size_t bn = b->ndim == 1 ? 1 : b->cols;
	struct dse_gemm_problem *p;
	size_t i, j;
	int rc;

	if (a->cols != bk)
		return dse_error_set(err, DSE_EINPUT,
				     "%s (%zu x %zu) times %s (%zu x %zu): K differs (%zu and %zu)",
				     a->name, a->rows, a->cols, b->name, bk, bn,
				     a->cols, bk);
	rc = problem_alloc(a->rows, bn, bk, &p, err);
	if (rc != DSE_OK)
		return rc;
	memcpy(p->a, a->data, a->rows * a->cols * sizeof *p->a);
	for (i = 0; i < bk; i++)
		for (j = 0; j < bn; j++)
			p->bt[j * bk + i] = b->data[i * bn + j];
	reference(p);
	*out = p;
	return DSE_OK;
}

/* A synthetic problem: A from stream 0 of seed, B from stream 1. */
int dse_numerics_problem_synthetic(const struct dse_dist *d, size_t m,
				   size_t n, size_t k, unsigned long seed,
				   struct dse_gemm_problem **out,
				   struct dse_error *err)
{
	struct dse_gemm_problem *p = NULL;
	int rc = problem_alloc(m, n, k, &p, err);

	if (rc == DSE_OK)
		rc = dse_numerics_dist_fill(d, seed, 0, p->a, m * k, err);
	if (rc == DSE_OK)
		rc = dse_numerics_dist_fill(d, seed, 1, p->bt, n * k, err);
	if (rc != DSE_OK) {
		dse_numerics_problem_free(p);
		return rc;
	}
	reference(p);
	*out = p;
	return DSE_OK;
}

/* A signed 128-bit integer for the widest exact block sums (E5M2 beyond
   B = 32, where two limbs are not enough). */
__extension__ typedef __int128 i128;

/* Four floats in one SSE register. */
typedef float v4sf __attribute__((vector_size(16)));

/* 2^e as a double: built from its bits in range, else by ldexp. */
static inline double scale2(int e)
{
	uint64_t bits = (uint64_t)(e + 1023) << 52;
	double d;

	if (e < -1022 || e > 1023)
		return ldexp(1.0, e);
	memcpy(&d, &bits, sizeof d);
	return d;
}

/* acc + the exact block sum s converted to fp32 once and scaled by 2^e,
   added in fp32 (NUMERICS.md 19). */
static inline float add_block(float acc, float s, int e)
{
	if (s == 0)
		return acc;
	return acc + (float)((double)s * scale2(e));
}

/* The horizontal sum of a vector's lanes (exact here: integer values). */
static inline float hsum_f32(v4sf v)
{
	return (v[0] + v[1]) + (v[2] + v[3]);
}

/* The same for two doubles. */
static inline double hsum_f64(v2df v)
{
	return v[0] + v[1];
}

/* c[q] += x * (the lanes of b[q] at t), q = 0..3 (y: a vector of scratch). */
#define QUAD_MAC(x, t, c0, c1, c2, c3)                                        \
	do {                                                                  \
		memcpy(&y, b[0] + (t), sizeof y);                             \
		c0 += (x) * y;                                                \
		memcpy(&y, b[1] + (t), sizeof y);                             \
		c1 += (x) * y;                                                \
		memcpy(&y, b[2] + (t), sizeof y);                             \
		c2 += (x) * y;                                                \
		memcpy(&y, b[3] + (t), sizeof y);                             \
		c3 += (x) * y;                                                \
	} while (0)

/*
 * The dot products of a with b[0..3] over n mantissas (vec_t lanes of
 * mant_t) into s: integers below 2^24 in floats, 2^53 in doubles, so
 * exact in any order.  a is loaded once for four rows of b; two sets of
 * accumulators halve the chains of dependent adds.
 */
#define QUAD_SUMS(name, mant_t, vec_t, lanes, hsum)                           \
	static void name(const mant_t *a, const mant_t *const b[4], size_t n, \
			 mant_t s[4])                                         \
	{                                                                     \
		vec_t s0, s1, s2, s3, u0, u1, u2, u3, x, w, y;                \
		size_t t;                                                     \
                                                                              \
		memset(&s0, 0, sizeof s0);                                    \
		s1 = s2 = s3 = u0 = u1 = u2 = u3 = s0;                        \
		for (t = 0; t + 2 * lanes <= n; t += 2 * lanes) {             \
			memcpy(&x, a + t, sizeof x);                          \
			memcpy(&w, a + t + lanes, sizeof w);                  \
			QUAD_MAC(x, t, s0, s1, s2, s3);                       \
			QUAD_MAC(w, t + lanes, u0, u1, u2, u3);               \
		}                                                             \
		if (t + lanes <= n) {                                         \
			memcpy(&x, a + t, sizeof x);                          \
			QUAD_MAC(x, t, s0, s1, s2, s3);                       \
			t += lanes;                                           \
		}                                                             \
		s[0] = (mant_t)hsum(s0 + u0);                                 \
		s[1] = (mant_t)hsum(s1 + u1);                                 \
		s[2] = (mant_t)hsum(s2 + u2);                                 \
		s[3] = (mant_t)hsum(s3 + u3);                                 \
		for (; t < n; t++) {                                          \
			s[0] += a[t] * b[0][t];                               \
			s[1] += a[t] * b[1][t];                               \
			s[2] += a[t] * b[2][t];                               \
			s[3] += a[t] * b[3][t];                               \
		}                                                             \
	}

QUAD_SUMS(quad_f32, float, v4sf, 4, hsum_f32)
QUAD_SUMS(quad_f64, double, v2df, 2, hsum_f64)

/*
 * The exact block sums of row i of A's block column ca with every row of
 * B's cb, each rounded once to fp32, into out[0..ncols): four rows of B
 * at a time, then one by one.
 */
#define ROW_SUMS(name, mant_t, quad)                                          \
	static void name(const struct qcol *ca, size_t i,                     \
			 const struct qcol *cb, size_t ncols, float *out)     \
	{                                                                     \
		const mant_t *a = (const mant_t *)ca->q + i * ca->stride;     \
		const mant_t *base = cb->q;                                   \
		const mant_t *b[4];                                           \
		mant_t s[4], sum;                                             \
		size_t j, q, t;                                               \
                                                                              \
		for (j = 0; j + 4 <= ncols; j += 4) {                         \
			for (q = 0; q < 4; q++)                               \
				b[q] = base + (j + q) * cb->stride;           \
			quad(a, b, ca->n, s);                                 \
			for (q = 0; q < 4; q++)                               \
				out[j + q] = (float)s[q];                     \
		}                                                             \
		for (; j < ncols; j++) {                                      \
			b[0] = base + j * cb->stride;                         \
			for (sum = 0, t = 0; t < ca->n; t++)                  \
				sum += a[t] * b[0][t];                        \
			out[j] = (float)sum;                                  \
		}                                                             \
	}

ROW_SUMS(sums_f32, float, quad_f32)
ROW_SUMS(sums_f64, double, quad_f64)

/* Two floats, and two unsigned 64-bit integers (bit patterns), in SSE
   registers. */
typedef float v2sf __attribute__((vector_size(8)));
typedef unsigned long long v2di __attribute__((vector_size(16)));

/*
 * hi 2^L + lo of two pairs of exact limb sums (integers, |hi|, |lo| <
 * 2^53) rounded once to fp32 (up = 2^L).  The double sum s = RN(hi 2^L +
 * lo) and its exact error e (TwoSum, Knuth) give the sum rounded to odd:
 * s if e = 0 or s's last bit is 1, else s's neighbour on e's side; and
 * rounding to odd on 53 bits then to nearest on 24 is rounding to nearest
 * (53 >= 24 + 2: Boldo and Melquiond, IEEE Trans. Computers 57(4), 2008).
 */
static inline v2sf limbs_f32(v2df hi, v2df lo, v2df up)
{
	const v2di one = { 1, 1 };
	const v2df zero = { 0, 0 };
	v2df h = hi * up, s = h + lo, bb = s - h;
	v2df e = (h - (s - bb)) + (lo - bb);
	v2di bits = (v2di)s;
	/* 1 where s must move: inexact and even */
	v2di move = (v2di)(e != zero) & ~bits & one;
	/* 1 where e and s differ in sign: toward zero, one less */
	v2di down = (((v2di)e ^ bits) >> 63) & move;

	bits += move - down - down;
	return __builtin_convertvector((v2df)bits, v2sf);
}

/* The sums of a with B's rows j and j + 1 in cb: both limbs of each. */
static void limb_pair(const double *a, const struct qcol *cb, size_t j,
		      double *hi, double *lo)
{
	const double *b[4], *base = (const double *)cb->q + j * cb->stride;
	double s[4];

	b[0] = base;
	b[1] = base + cb->n;
	b[2] = base + cb->stride;
	b[3] = b[2] + cb->n;
	quad_f64(a, b, cb->n, s);
	hi[0] = s[0];
	lo[0] = s[1];
	hi[1] = s[2];
	lo[1] = s[3];
}

/*
 * Q_LIMBS: A's mantissas whole, B's as hi 2^L + lo; A times each limb is
 * an exact double sum (NUMERICS.md 21).  Four rows of B whose lo limbs
 * are all 0 take one pass over their hi limbs, and hi 2^L, exact, is
 * rounded once to fp32 (the rule: an E5M2 element has a lo limb only
 * below 2^(L+2) on the grid, under 2^-13 of its block's maximum); other
 * rows take two limbs, two rows at a time, and their sums are combined
 * afterwards, two by two, in a loop whose iterations do not depend on
 * each other.
 */
static void sums_limbs(const struct qcol *ca, size_t i, const struct qcol *cb,
		       size_t ncols, float *out)
{
	const double *a = (const double *)ca->q + i * ca->stride;
	const double u = scale2(cb->limb_bits);
	const v2df up = { u, u };
	const unsigned char *whole = cb->hi_only;
	double hi[4], lo[4];
	const double *b[4];
	size_t j, t, q, n = ca->n;

	for (j = 0; j < ncols; j += 4) {
		const size_t rows = ncols - j < 4 ? ncols - j : 4;

		if (rows == 4 && whole[j] & whole[j + 1] & whole[j + 2] &
				 whole[j + 3]) {
			for (t = 0; t < 4; t++)
				b[t] = (const double *)cb->q + (j + t) * cb->stride;
			quad_f64(a, b, n, hi);
			for (t = 0; t < 4; t++)
				out[j + t] = (float)(hi[t] * u);
			continue;
		}
		hi[1] = lo[1] = hi[3] = lo[3] = 0;
		for (t = 0; t + 2 <= rows; t += 2)
			limb_pair(a, cb, j + t, hi + t, lo + t);
		if (t < rows) {
			b[0] = (const double *)cb->q + (j + t) * cb->stride;
			hi[t] = lo[t] = 0;
			for (q = 0; q < n; q++) {
				hi[t] += a[q] * b[0][q];
				lo[t] += a[q] * b[0][n + q];
			}
		}
		for (t = 0; t < rows; t += 2) {
			v2df h, l;
			v2sf f;

			memcpy(&h, hi + t, sizeof h);
			memcpy(&l, lo + t, sizeof l);
			f = limbs_f32(h, l, up);
			out[j + t] = f[0];
			if (t + 1 < rows)
				out[j + t + 1] = f[1];
		}
	}
}

/*
 * s rounded once to fp32, without the C conversion of an __int128 (which
 * may go through x87 long doubles, and valgrind emulates those in
 * doubles): |s| shifted right to at most 53 bits, the bits shifted out
 * kept as a sticky bit in the last place (fp32's rounding points there
 * are multiples of 2^28 of it, so they cannot tell it from the tail), then
 * to a double exactly and to fp32 once.
 */
static float i128_f32(i128 s)
{
	__extension__ typedef unsigned __int128 u128;
	const u128 m = s < 0 ? -(u128)s : (u128)s;
	const uint64_t high = (uint64_t)(m >> 64);
	int len, sh;
	double d;

	len = high ? 128 - __builtin_clzll(high) :
	      (uint64_t)m ? 64 - __builtin_clzll((uint64_t)m) : 0;
	sh = len > 53 ? len - 53 : 0;
	d = (double)(int64_t)((uint64_t)(m >> sh) |
			      ((m & (((u128)1 << sh) - 1)) != 0));
	d = (double)(float)d * scale2(sh);
	return (float)(s < 0 ? -d : d);
}

/* Q_I64: the exact block sums in 128-bit integers, rounded once to fp32. */
static void sums_i64(const struct qcol *ca, size_t i, const struct qcol *cb,
		     size_t ncols, float *out)
{
	const int64_t *a = (const int64_t *)ca->q + i * ca->stride;
	size_t j, t;

	for (j = 0; j < ncols; j++) {
		const int64_t *b = (const int64_t *)cb->q + j * cb->stride;
		i128 sum = 0;

		for (t = 0; t < ca->n; t++)
			sum += (i128)a[t] * b[t];
		out[j] = i128_f32(sum);
	}
}

/* One output of a float format: fp32 products accumulated in fp32, in order. */
static float dot_values(const float *a, const float *b, size_t k)
{
	float acc = 0;
	size_t t;

	for (t = 0; t < k; t++)
		acc += a[t] * b[t];
	return acc;
}

/* Four outputs of a float format (b: four rows k apart), in four
   independent chains. */
static void quad_values(const float *a, const float *b, size_t k, float *out)
{
	float acc[4] = { 0, 0, 0, 0 };
	size_t t, q;

	for (t = 0; t < k; t++)
		for (q = 0; q < 4; q++)
			acc[q] += a[t] * b[q * k + t];
	memcpy(out, acc, sizeof acc);
}

/* The exact block sums of one row against all rows, by representation
   (Q_VALUES has none: its GEMM is gemm_values). */
static void (*const row_sums[])(const struct qcol *ca, size_t i,
				const struct qcol *cb, size_t ncols,
				float *out) = {
	[Q_VALUES] = NULL,
	[Q_F32] = sums_f32,
	[Q_F64] = sums_f64,
	[Q_LIMBS] = sums_limbs,
	[Q_I64] = sums_i64,
};

/* O = A B of a float format, output by output. */
static void gemm_values(const struct qmat *qa, const struct qmat *qb, float *o)
{
	const float *a = qa->q, *b = qb->q;
	size_t i, j, k = qa->k, n = qb->rows;

	for (i = 0; i < qa->rows; i++) {
		for (j = 0; j + 4 <= n; j += 4)
			quad_values(a + i * k, b + j * k, k, o + i * n + j);
		for (; j < n; j++)
			o[i * n + j] = dot_values(a + i * k, b + j * k, k);
	}
}

/* 1 if 2^e is a normal double. */
static inline int normal_exp(int e)
{
	return e >= -1022 && e <= 1023;
}

/*
 * row[j] = add_block(row[j], sums[j], ea + eb[j]) for j < n, with sb[j] =
 * 2^eb[j] and eb in [eb_lo, eb_hi].  When 2^ea, every 2^eb[j] and every
 * 2^(ea + eb[j]) are normal doubles, 2^ea sb[j] is the last exactly and
 * two outputs go at once; a zero block sum then adds 0, which changes no
 * accumulator (none is -0: they start at +0, and x + y is -0 only if both
 * are).
 */
static void add_blocks(float *row, const float *sums, int ea, const int *eb,
		       const double *sb, int eb_lo, int eb_hi, size_t n)
{
	size_t j = 0;

	if (normal_exp(ea) && normal_exp(eb_lo) && normal_exp(eb_hi) &&
	    normal_exp(ea + eb_lo) && normal_exp(ea + eb_hi)) {
		const double sa = scale2(ea);
		const v2df va = { sa, sa };

		for (; j + 2 <= n; j += 2) {
			v2sf s, acc;
			v2df scale;

			memcpy(&s, sums + j, sizeof s);
			memcpy(&scale, sb + j, sizeof scale);
			memcpy(&acc, row + j, sizeof acc);
			acc += __builtin_convertvector(
				__builtin_convertvector(s, v2df) * (scale * va),
				v2sf);
			memcpy(row + j, &acc, sizeof acc);
		}
	}
	for (; j < n; j++)
		row[j] = add_block(row[j], sums[j], ea + eb[j]);
}

/*
 * O = A B of a block format, block column after block column: each
 * output's fp32 accumulator takes its scaled block sums in K order
 * (NUMERICS.md 19).  sums: N floats, sb: N doubles of scratch.
 */
static int gemm_blocks(struct qmat *qa, struct qmat *qb, float *o,
		       float *sums, double *sb, struct dse_error *err)
{
	void (*kernel)(const struct qcol *, size_t, const struct qcol *, size_t,
		       float *) = row_sums[qa->repr];
	const size_t m = qa->rows, n = qb->rows, nblk = qa->nblk;
	struct qcol ca, cb;
	size_t b, i, j;
	int rc = DSE_OK;

	for (b = 0; rc == DSE_OK && b < nblk; b++) {
		int lo = 0, hi = 0;

		rc = qmat_column(qa, b, &ca, err);
		if (rc == DSE_OK)
			rc = qmat_column(qb, b, &cb, err);
		for (j = 0; rc == DSE_OK && j < n; j++) {
			const int e = cb.lsb[j];

			lo = j == 0 || e < lo ? e : lo;
			hi = j == 0 || e > hi ? e : hi;
			sb[j] = scale2(e);
		}
		for (i = 0; rc == DSE_OK && i < m; i++) {
			kernel(&ca, i, &cb, n, sums);
			add_blocks(o + i * n, sums, ca.lsb[i], cb.lsb, sb, lo, hi,
				   n);
		}
	}
	/* a value that is not finite: report the first in A, else in B, in
	   row order, as quantizing each whole would */
	if (rc == DSE_EINPUT && qmat_check(qa, err) == DSE_OK)
		qmat_check(qb, err);
	return rc;
}

/* Quantize A and B, multiply in the format: o (M x N fp32), qa and qb. */
static int gemm_run(const struct dse_gemm_problem *p,
		    const struct dse_format *fmt,
		    const struct dse_quant_opts *opts, float *o,
		    struct qmat *qa, struct qmat *qb, struct dse_error *err)
{
	float *sums = NULL;
	double scale, *sb = NULL;
	size_t i;
	int rc;

	memset(qb, 0, sizeof *qb);
	rc = qmat_open(qa, fmt, p->a, p->m, p->k, opts, 0, 0, NULL, err);
	if (rc == DSE_OK)
		rc = qmat_open(qb, fmt, p->bt, p->n, p->k, opts, 1, 1, NULL,
			       err);
	if (rc != DSE_OK)
		return rc;
	memset(o, 0, p->m * p->n * sizeof *o);
	if (qa->repr == Q_VALUES) {
		gemm_values(qa, qb, o);
	} else {
		sums = malloc(p->n * sizeof *sums);
		sb = malloc(p->n * sizeof *sb);
		rc = sums && sb ? gemm_blocks(qa, qb, o, sums, sb, err) :
			dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(sums);
		free(sb);
		qmat_finish(qa);
		qmat_finish(qb);
	}
	/* int8: the two tensor scales, once per output */
	scale = qa->scale * qb->scale;
	for (i = 0; rc == DSE_OK && scale != 1.0 && i < p->m * p->n; i++)
		o[i] = (float)((double)o[i] * scale);
	return rc;
}

/* The fp32 outputs of p's GEMM in fmt. */
int dse_numerics_gemm_outputs(const struct dse_gemm_problem *p,
			      const struct dse_format *fmt,
			      const struct dse_quant_opts *opts, float *out,
			      struct dse_error *err)
{
	struct qmat qa, qb;
	int rc = gemm_run(p, fmt, opts, out, &qa, &qb, err);

	qmat_free(&qa);
	qmat_free(&qb);
	return rc;
}

/* The error measures of out against p's reference. */
static void measure(const struct dse_gemm_problem *p, const float *out,
		    struct dse_numerics_result *r)
{
	double signal = 0, noise = 0, sum_abs = 0, max_abs = 0, rms;
	size_t i, n = p->m * p->n;

	for (i = 0; i < n; i++) {
		double ref = p->ref[i], e = fabs((double)out[i] - ref);

		signal += ref * ref;
		noise += e * e;
		sum_abs += e;
		max_abs = e > max_abs ? e : max_abs;
	}
	rms = sqrt(signal / (double)n);
	r->output_sqnr_db = numerics_db(signal, noise);
	r->output_nsr = signal > 0 ? noise / signal : (noise > 0 ? INFINITY : 0);
	r->output_rel_err_mean = rms > 0 ? sum_abs / (double)n / rms :
				 (sum_abs > 0 ? INFINITY : 0);
	r->output_rel_err_max = rms > 0 ? max_abs / rms :
				(max_abs > 0 ? INFINITY : 0);
	r->effective_bits = (r->output_sqnr_db - 1.76) / 6.02;
}

/* Quantize A and B, multiply in the format, compare with the reference. */
int dse_numerics_gemm(const struct dse_gemm_problem *p,
		      const struct dse_format *fmt,
		      const struct dse_quant_opts *opts,
		      struct dse_numerics_result *out, struct dse_error *err)
{
	struct qmat qa, qb;
	float *o = malloc(p->m * p->n * sizeof *o);
	int rc;

	memset(&qa, 0, sizeof qa);
	memset(&qb, 0, sizeof qb);
	rc = o ? gemm_run(p, fmt, opts, o, &qa, &qb, err) :
		 dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK) {
		memset(out, 0, sizeof *out);
		out->input_sqnr_db = numerics_db(qa.signal + qb.signal,
						 qa.noise + qb.noise);
		out->a_sqnr_db = numerics_db(qa.signal, qa.noise);
		out->b_sqnr_db = numerics_db(qb.signal, qb.noise);
		measure(p, o, out);
	}
	qmat_free(&qa);
	qmat_free(&qb);
	free(o);
	return rc;
}
