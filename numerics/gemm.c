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

/* A signed 128-bit integer for the widest exact block sums (E5M2). */
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

/* The same for two doubles, rounded once to fp32. */
static inline double hsum_f64(v2df v)
{
	return v[0] + v[1];
}

/*
 * Four outputs O[i][j..j+3] of a block format whose mantissas are floats
 * (vec_t lanes of mant_t).  Per block, the sums of the four dot products
 * are exact (integers below 2^24 in floats, 2^53 in doubles, in any
 * order); each is converted to fp32 once, scaled by the two blocks'
 * exponents and added in fp32, block after block (NUMERICS.md 19).  A
 * row of A is loaded once for four rows of B.
 */
#define QUAD_KERNEL(name, mant_t, vec_t, lanes, hsum)                         \
	static void name(const struct qmat *qa, size_t i,                     \
			 const struct qmat *qb, size_t j, float *out)         \
	{                                                                     \
		const size_t k = qa->k;                                       \
		const mant_t *a = (const mant_t *)qa->q + i * k;              \
		const mant_t *b0 = (const mant_t *)qb->q + j * k;             \
		const mant_t *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;        \
		const int *ea = qa->lsb + i * qa->nblk;                       \
		const int *eb = qb->lsb + j * qb->nblk;                       \
		const size_t nb = qb->nblk;                                   \
		float c0 = 0, c1 = 0, c2 = 0, c3 = 0;                         \
		size_t blk, off, t;                                           \
                                                                              \
		for (blk = 0, off = 0; blk < qa->nblk;                        \
		     blk++, off += qa->block) {                               \
			size_t end = off + (k - off < qa->block ? k - off :   \
							       qa->block);    \
			vec_t s0, s1, s2, s3, x, y;                           \
			mant_t t0, t1, t2, t3;                                \
			int e = ea[blk];                                      \
                                                                              \
			memset(&s0, 0, sizeof s0);                            \
			s1 = s2 = s3 = s0;                                    \
			for (t = off; t + lanes <= end; t += lanes) {         \
				memcpy(&x, a + t, sizeof x);                  \
				memcpy(&y, b0 + t, sizeof y);                 \
				s0 += x * y;                                  \
				memcpy(&y, b1 + t, sizeof y);                 \
				s1 += x * y;                                  \
				memcpy(&y, b2 + t, sizeof y);                 \
				s2 += x * y;                                  \
				memcpy(&y, b3 + t, sizeof y);                 \
				s3 += x * y;                                  \
			}                                                     \
			t0 = (mant_t)hsum(s0);                                \
			t1 = (mant_t)hsum(s1);                                \
			t2 = (mant_t)hsum(s2);                                \
			t3 = (mant_t)hsum(s3);                                \
			for (; t < end; t++) {                                \
				t0 += a[t] * b0[t];                           \
				t1 += a[t] * b1[t];                           \
				t2 += a[t] * b2[t];                           \
				t3 += a[t] * b3[t];                           \
			}                                                     \
			c0 = add_block(c0, (float)t0, e + eb[blk]);           \
			c1 = add_block(c1, (float)t1, e + eb[nb + blk]);      \
			c2 = add_block(c2, (float)t2, e + eb[2 * nb + blk]);  \
			c3 = add_block(c3, (float)t3, e + eb[3 * nb + blk]);  \
		}                                                             \
		out[0] = c0;                                                  \
		out[1] = c1;                                                  \
		out[2] = c2;                                                  \
		out[3] = c3;                                                  \
	}

QUAD_KERNEL(quad_f32, float, v4sf, 4, hsum_f32)
QUAD_KERNEL(quad_f64, double, v2df, 2, hsum_f64)

/*
 * One output O[i][j] of a block format with float or double mantissas,
 * for the last columns when N is not a multiple of four: the same exact
 * block sums as the quad kernels, in scalar arithmetic.
 */
#define DOT_KERNEL(name, mant_t)                                              \
	static float name(const struct qmat *qa, size_t i,                    \
			  const struct qmat *qb, size_t j)                    \
	{                                                                     \
		const mant_t *a = (const mant_t *)qa->q + i * qa->k;          \
		const mant_t *b = (const mant_t *)qb->q + j * qb->k;          \
		const int *ea = qa->lsb + i * qa->nblk;                       \
		const int *eb = qb->lsb + j * qb->nblk;                       \
		float acc = 0;                                                \
		size_t blk, off, t;                                           \
                                                                              \
		for (blk = 0, off = 0; blk < qa->nblk;                        \
		     blk++, off += qa->block) {                               \
			size_t end = off + (qa->k - off < qa->block ?         \
					    qa->k - off : qa->block);         \
			mant_t sum = 0;                                       \
                                                                              \
			for (t = off; t < end; t++)                           \
				sum += a[t] * b[t];                           \
			acc = add_block(acc, (float)sum, ea[blk] + eb[blk]);  \
		}                                                             \
		return acc;                                                   \
	}

DOT_KERNEL(dot_f32, float)
DOT_KERNEL(dot_f64, double)

/* One output of a block format in 128-bit integers (blocks wider than a
   double holds exactly: E5M2). */
static float dot_i64(const struct qmat *qa, size_t i, const struct qmat *qb,
		     size_t j)
{
	const int64_t *a = (const int64_t *)qa->q + i * qa->k;
	const int64_t *b = (const int64_t *)qb->q + j * qb->k;
	const int *ea = qa->lsb + i * qa->nblk, *eb = qb->lsb + j * qb->nblk;
	float acc = 0;
	size_t blk, off, t;

	for (blk = 0, off = 0; blk < qa->nblk; blk++, off += qa->block) {
		size_t end = off + (qa->k - off < qa->block ? qa->k - off :
							      qa->block);
		i128 sum = 0;

		for (t = off; t < end; t++)
			sum += (i128)a[t] * b[t];
		acc = add_block(acc, (float)sum, ea[blk] + eb[blk]);
	}
	return acc;
}

/* One output of a float format: fp32 products accumulated in fp32, in order. */
static float dot_values(const struct qmat *qa, size_t i, const struct qmat *qb,
			size_t j)
{
	const float *a = (const float *)qa->q + i * qa->k;
	const float *b = (const float *)qb->q + j * qb->k;
	float acc = 0;
	size_t t;

	for (t = 0; t < qa->k; t++)
		acc += a[t] * b[t];
	return acc;
}

/* Four outputs O[i][j..j+3] of a float format, in four independent chains. */
static void quad_values(const struct qmat *qa, size_t i, const struct qmat *qb,
			size_t j, float *out)
{
	const size_t k = qa->k;
	const float *a = (const float *)qa->q + i * k;
	const float *b = (const float *)qb->q + j * k;
	float acc[4] = { 0, 0, 0, 0 };
	size_t t, q;

	for (t = 0; t < k; t++)
		for (q = 0; q < 4; q++)
			acc[q] += a[t] * b[q * k + t];
	memcpy(out, acc, sizeof acc);
}

/* Four outputs of a 128-bit kernel, one after the other. */
static void quad_i64(const struct qmat *qa, size_t i, const struct qmat *qb,
		     size_t j, float *out)
{
	size_t q;

	for (q = 0; q < 4; q++)
		out[q] = dot_i64(qa, i, qb, j + q);
}

/* Four outputs O[i][j..j+3] (quad) or one (dot) of quantized A and B. */
struct kernel {
	void (*quad)(const struct qmat *qa, size_t i, const struct qmat *qb,
		     size_t j, float *out);
	float (*dot)(const struct qmat *qa, size_t i, const struct qmat *qb,
		     size_t j);
};

/* The kernels of each representation, indexed by enum qrepr. */
static const struct kernel kernels[] = {
	[Q_VALUES] = { quad_values, dot_values },
	[Q_F32] = { quad_f32, dot_f32 },
	[Q_F64] = { quad_f64, dot_f64 },
	[Q_I64] = { quad_i64, dot_i64 },
};

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
	const struct kernel *kn;
	double scale;
	size_t i, j;
	int rc;

	memset(&qb, 0, sizeof qb);
	rc = o ? DSE_OK : dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = qmat_quantize(&qa, fmt, p->a, p->m, p->k, opts, 0, NULL, err);
	else
		memset(&qa, 0, sizeof qa);
	if (rc == DSE_OK)
		rc = qmat_quantize(&qb, fmt, p->bt, p->n, p->k, opts, 1, NULL,
				   err);
	if (rc == DSE_OK) {
		kn = &kernels[qa.repr];
		for (i = 0; i < p->m; i++) {
			float *row = o + i * p->n;

			for (j = 0; j + 4 <= p->n; j += 4)
				kn->quad(&qa, i, &qb, j, row + j);
			for (; j < p->n; j++)
				row[j] = kn->dot(&qa, i, &qb, j);
		}
		/* int8: the two tensor scales, once per output */
		scale = qa.scale * qb.scale;
		for (i = 0; scale != 1.0 && i < p->m * p->n; i++)
			o[i] = (float)((double)o[i] * scale);
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
