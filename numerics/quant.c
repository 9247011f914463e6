/*
 * quant.c - quantizers of every format row (NUMERICS.md 18): a table of
 * scaling schemes, each a function that quantizes one block.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "numerics_impl.h"

/* How one call rounds: to nearest even, or stochastically from rng. */
struct rounder {
	gsl_rng *rng; /* NULL: to nearest, ties to even */
};

/* 1.5 * 2^52: adding and subtracting it rounds |v| < 2^51 to an integer in
   the current rounding mode, round-to-nearest-even (IEEE 754 default). */
#define RNE_MAGIC 6755399441055744.0
/* Largest magnitude any quantizer hands to rnd(): well inside 2^51. */
#define ROUND_LIMIT 0x1p48

/* v rounded to an integer: nearest even (rng NULL), or up with
   probability frac(v).  Callers pass a constant NULL in their nearest
   loops, so that those compile without the test. */
static inline double rnd(double v, gsl_rng *rng)
{
	double fl;

	if (rng == NULL)
		return (v + RNE_MAGIC) - RNE_MAGIC;
	fl = floor(v);
	return fl + (gsl_rng_uniform(rng) < v - fl);
}

/* Two doubles, and two unsigned 64-bit integers (bit patterns, lane
   masks: wrapping arithmetic), in one SSE register (GCC and clang vector
   extensions); a comparison gives a lane mask of all ones. */
typedef double v2df __attribute__((vector_size(16)));
typedef unsigned long long v2di __attribute__((vector_size(16)));

/* Two doubles from p (any alignment). */
static inline v2df load2(const double *p)
{
	v2df v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* Lanes of a where mask m is set, of b elsewhere. */
static inline v2df select2(v2di m, v2df a, v2df b)
{
	return (v2df)((m & (v2di)a) | (~m & (v2di)b));
}

/* Lane by lane a > b ? a : b (SSE2's maxpd). */
static inline v2df max2(v2df a, v2df b)
{
#ifdef __SSE2__
	return _mm_max_pd(a, b);
#else
	return select2((v2di)(a > b), a, b);
#endif
}

/* Lane by lane a < b ? a : b (SSE2's minpd). */
static inline v2df min2(v2df a, v2df b)
{
#ifdef __SSE2__
	return _mm_min_pd(a, b);
#else
	return select2((v2di)(a < b), a, b);
#endif
}

/* 2^n for -1022 <= n <= 1023, built from its bits. */
static inline double pow2(int n)
{
	uint64_t bits = (uint64_t)(n + 1023) << 52;
	double d;

	memcpy(&d, &bits, sizeof d);
	return d;
}

/* floor(log2 a) of a finite a > 0; -1023 for subnormal doubles. */
static inline int floor_log2(double a)
{
	uint64_t bits;

	memcpy(&bits, &a, sizeof bits);
	return (int)((bits >> 52) & 0x7ff) - 1023;
}

/* ceil(log2 a) of a finite a > 0 (normal doubles; subnormals: -1022). */
static inline int ceil_log2(double a)
{
	uint64_t bits;

	memcpy(&bits, &a, sizeof bits);
	return floor_log2(a) + ((bits & 0xfffffffffffffull) != 0);
}

/* Clamp n to [lo, hi]. */
static inline int clampi(int n, int lo, int hi)
{
	return n < lo ? lo : n > hi ? hi : n;
}

/* max |x[i]| over n values; DSE_EINPUT-worthy (returns -1) if one is not finite. */
static double max_abs(const double *x, size_t n)
{
	const unsigned long long sign_bit = 0x8000000000000000ull;
	const v2di abs_mask = { ~sign_bit, ~sign_bit }, all = { ~0ull, ~0ull };
	const v2df big = { DBL_MAX, DBL_MAX };
	v2df m0 = { 0, 0 }, m1 = { 0, 0 };
	v2di ok = all;
	double m;
	size_t i;

	/* four lanes of maxima, and a lane mask that stays set while every
	   value is finite (NaN fails a <= DBL_MAX) */
	for (i = 0; i + 4 <= n; i += 4) {
		v2df a0 = (v2df)((v2di)load2(x + i) & abs_mask);
		v2df a1 = (v2df)((v2di)load2(x + i + 2) & abs_mask);

		ok &= (v2di)(a0 <= big) & (v2di)(a1 <= big);
		m0 = max2(a0, m0);
		m1 = max2(a1, m1);
	}
	if (ok[0] != ~0ull || ok[1] != ~0ull)
		return -1;
	m0 = max2(m1, m0);
	m = m0[0] > m0[1] ? m0[0] : m0[1];
	for (; i < n; i++) {
		double a = fabs(x[i]);

		if (!(a <= DBL_MAX))
			return -1;
		m = a > m ? a : m;
	}
	return m;
}

/* What rounding to an FP element needs, out of struct dse_element. */
struct fp_elem {
	double max;   /* largest normal */
	int emin;     /* smallest normal exponent */
	int man;      /* fraction bits */
};

/* The fp_elem of el. */
static struct fp_elem fp_elem_of(const struct dse_element *el)
{
	struct fp_elem e = { el->max, el->emin, (int)el->man_bits };

	return e;
}

/*
 * Magnitude a (finite, >= 0) rounded to FP element el: the exponent is
 * floor(log2 a) but at least emin (subnormals), the quantum 2^(e -
 * man_bits), and values at or beyond the largest normal saturate to it.
 */
static inline double fp_round(struct fp_elem el, double a, gsl_rng *rng)
{
	int e;
	double v;

	if (a >= el.max)
		return el.max;
	e = floor_log2(a);
	e = e < el.emin ? el.emin : e;
	v = rnd(a * pow2(el.man - e), rng) * pow2(e - el.man);
	return v > el.max ? el.max : v;
}

/* x * up rounded to an integer and saturated at +-kmax. */
static inline double int_round(double x, double up, double kmax, gsl_rng *rng)
{
	double v = x * up;

	v = v > kmax + 1 ? kmax + 1 : v < -kmax - 1 ? -kmax - 1 : v;
	v = rnd(v, rng);
	return v > kmax ? kmax : v < -kmax ? -kmax : v;
}

/*
 * int_round to nearest on two lanes at once: saturating first (kmax is a
 * whole number, so clamping before or after rounding gives the same).
 */
static inline v2df int_round2(v2df x, v2df up, v2df kmax)
{
	const v2df magic = { RNE_MAGIC, RNE_MAGIC };
	v2df v = x * up, nkmax = -kmax;

	v = max2(min2(v, kmax), nkmax);
	return (v + magic) - magic;
}

/*
 * Integer elements at x * up, rounded and saturated at +-kmax: the
 * mantissas of an HBFP block, an MXINT8 block or an int8 tensor.
 */
static void int_elements(const double *x, size_t n, double up, double kmax,
			 const struct rounder *r, double *q)
{
	const v2df vup = { up, up }, vk = { kmax, kmax };
	gsl_rng *rng = r->rng;
	size_t i = 0;

	if (rng == NULL) {
		for (; i + 2 <= n; i += 2) {
			v2df v = int_round2(load2(x + i), vup, vk);

			memcpy(q + i, &v, sizeof v);
		}
		for (; i < n; i++)
			q[i] = int_round(x[i], up, kmax, NULL);
	} else {
		for (; i < n; i++)
			q[i] = int_round(x[i], up, kmax, rng);
	}
}

/*
 * Rounding to an FP element to nearest, two lanes at once, in units of the
 * element's grid (its smallest subnormal is 1, its smallest normal 2^man):
 * a magnitude a with exponent E >= man has the quantum 2^(E - man), one
 * below 2^man the quantum 1.  Adding and subtracting c = 1.5 2^(E' + 52 -
 * man), E' = max(E, man), rounds a to that quantum (c's last place), ties
 * to even, exactly; a value past the largest normal rounds to at least it,
 * so one minimum saturates.  The same numbers as fp_round, scaled to the
 * grid.  The exponent of c stays in range: a < 2^1024 2^-X 2^(man - emin)
 * with X >= -127 (E8M0).
 */
struct fp_grid {
	v2df to_grid;  /* x times this is in grid units: 2^(man - emin - X) */
	v2df normal;   /* 2^man */
	v2di c_bits;   /* added to the bits of 2^E': c */
	v2df max;      /* the largest normal, in grid units */
};

/* The fp_grid of element el in a block of scale 2^X (down = 2^-X). */
static struct fp_grid fp_grid_of(struct fp_elem el, double down)
{
	const double to_grid = down * pow2(el.man - el.emin);
	const unsigned long long c = ((unsigned long long)(52 - el.man) << 52) |
				     (1ull << 51);
	struct fp_grid g = {
		{ to_grid, to_grid },
		{ pow2(el.man), pow2(el.man) },
		{ c, c },
		{ el.max * pow2(el.man - el.emin), el.max * pow2(el.man - el.emin) },
	};

	return g;
}

/* Two signed elements of x[0..1] on g's grid, to nearest. */
static inline v2df grid_pair(const double *x, const struct fp_grid *g)
{
	const unsigned long long sign_bit = 0x8000000000000000ull;
	const unsigned long long field = 0x7ff0000000000000ull;
	const v2di sign = { sign_bit, sign_bit }, exp_mask = { field, field };
	v2di xb = (v2di)load2(x);
	v2df a = (v2df)(xb & ~sign) * g->to_grid;
	v2df e = max2((v2df)((v2di)a & exp_mask), g->normal);
	v2df c = (v2df)((v2di)e + g->c_bits);

	return (v2df)((v2di)min2((a + c) - c, g->max) | (xb & sign));
}

/* FP elements of x * down on the grid 2^-grid_lsb (mantissas of an MX block). */
static void fp_elements(const double *x, size_t n, double down, double to_grid,
			struct fp_elem el, const struct rounder *r, double *q)
{
	const struct fp_grid g = fp_grid_of(el, down);
	gsl_rng *rng = r->rng;
	size_t i = 0;

	if (rng == NULL) {
		for (; i + 2 <= n; i += 2) {
			v2df v = grid_pair(x + i, &g);

			memcpy(q + i, &v, sizeof v);
		}
		for (; i < n; i++)
			q[i] = copysign(fp_round(el, fabs(x[i]) * down, NULL) *
					to_grid, x[i]);
	} else {
		for (; i < n; i++)
			q[i] = copysign(fp_round(el, fabs(x[i]) * down, rng) *
					to_grid, x[i]);
	}
}

/* scale * 2^lsb, exactly as ldexp gives it (one rounding if subnormal). */
static inline double unit_of(double scale, int lsb)
{
	if (lsb < -1022 || lsb > 1023)
		return ldexp(scale, lsb);
	return scale * pow2(lsb);
}

/*
 * A block scheme: quantize n values (amax = max |x| > 0; inv_scale the
 * inverse of a per-tensor scale, else 1) into integer mantissas q (held
 * exactly in doubles: at most 2^33); returns the block's lsb, the exponent
 * of a mantissa's unit.
 */
typedef int (*block_fn)(const struct dse_format *f, const double *x, size_t n,
			double amax, double inv_scale, const struct rounder *r,
			double *q);

/* HBFP (emulator semantics): e = ceil(log2 max), step 2^(e - m + 1). */
static int hbfp_block(const struct dse_format *f, const double *x, size_t n,
		      double amax, double inv_scale, const struct rounder *r,
		      double *q)
{
	int e = clampi(ceil_log2(amax), f->scale_min, f->scale_max);
	int lsb = e - f->element.frac_bits;
	double kmax = unit_of(f->element.max, f->element.frac_bits);

	(void)inv_scale;
	int_elements(x, n, pow2(-lsb), kmax, r, q);
	return lsb;
}

/*
 * MX (OCP v1.0 6.3): X = floor(log2 max) - emax_elem within E8M0; INT8
 * elements are k/64, FP elements land on the grid 2^(X + emin - man_bits).
 */
static int mx_block(const struct dse_format *f, const double *x, size_t n,
		    double amax, double inv_scale, const struct rounder *r,
		    double *q)
{
	const struct dse_element *el = &f->element;
	int scale = clampi(floor_log2(amax) - el->scale_emax, f->scale_min,
			   f->scale_max);
	(void)inv_scale;
	if (el->kind == DSE_ELEM_INT) {
		int_elements(x, n, pow2(el->frac_bits - scale),
			     unit_of(el->max, el->frac_bits), r, q);
		return scale - el->frac_bits;
	}
	fp_elements(x, n, pow2(-scale), pow2((int)el->man_bits - el->emin),
		    fp_elem_of(el), r, q);
	return scale + el->emin - (int)el->man_bits;
}

/* int8 (one block per row, the tensor's scale applied by the caller). */
static int tensor_block(const struct dse_format *f, const double *x, size_t n,
			double amax, double inv_scale, const struct rounder *r,
			double *q)
{
	(void)amax;
	int_elements(x, n, inv_scale, f->element.max, r, q);
	return 0;
}

/* A scaling scheme: how it quantizes a block (NULL: element-wise floats). */
struct scheme {
	enum dse_scaling scaling;
	block_fn block;
	int stochastic; /* 1: honours stochastic rounding */
};

static const struct scheme schemes[DSE_SCALING_COUNT] = {
	[DSE_SCALE_NONE] = { DSE_SCALE_NONE, NULL, 0 },
	[DSE_SCALE_TENSOR] = { DSE_SCALE_TENSOR, tensor_block, 0 },
	[DSE_SCALE_HBFP] = { DSE_SCALE_HBFP, hbfp_block, 1 },
	[DSE_SCALE_MX] = { DSE_SCALE_MX, mx_block, 1 },
};

/* ceil(log2 n) of n >= 1. */
static unsigned ceil_log2_size(size_t n)
{
	unsigned lg = 0;

	while (lg < 63 && ((size_t)1 << lg) < n)
		lg++;
	return lg;
}

/* How fmt's mantissas are held so that a block sums exactly (qrepr). */
static enum qrepr representation(const struct dse_format *f, size_t block)
{
	unsigned grid = dse_element_grid_bits(&f->element);
	unsigned lg = ceil_log2_size(block);

	if (2 * grid + lg <= 24)
		return Q_F32;
	if (2 * grid + lg <= 53)
		return Q_F64;
	if (3 * grid + 2 * lg <= 106)
		return Q_LIMBS;
	return Q_I64;
}

/* The seed of stream `stream` of a user seed: an odd multiplier (Knuth's
   golden-ratio hash) spreads nearby seeds, the stream is added apart. */
unsigned long numerics_stream_seed(unsigned long seed, unsigned stream)
{
	return seed * 2654435761ul + stream * 40503ul + 1;
}

/* 10 log10(signal / noise), with the limits spelled out. */
double numerics_db(double signal, double noise)
{
	if (noise <= 0)
		return signal > 0 ? INFINITY : NAN;
	if (signal <= 0)
		return -INFINITY;
	return 10.0 * log10(signal / noise);
}

/* Release what qm owns. */
void qmat_free(struct qmat *qm)
{
	free(qm->q);
	free(qm->lsb);
	free(qm->hi_only);
	free(qm->bnoise);
	free(qm->tmp);
	qm->hi_only = NULL;
	qm->q = NULL;
	qm->lsb = NULL;
	qm->bnoise = NULL;
	qm->tmp = NULL;
}

/*
 * Sum of (m[i] unit - x[i])^2 over a block, in four lanes; the values
 * m[i] unit into deq when it is not NULL.
 */
static double block_noise(const double *m, size_t n, double unit,
			  const double *x, double *deq)
{
	const v2df u = { unit, unit };
	v2df s0 = { 0, 0 }, s1 = { 0, 0 };
	double noise;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		v2df v0 = load2(m + i) * u, v1 = load2(m + i + 2) * u;
		v2df d0 = v0 - load2(x + i), d1 = v1 - load2(x + i + 2);

		s0 += d0 * d0;
		s1 += d1 * d1;
		if (deq) {
			memcpy(deq + i, &v0, sizeof v0);
			memcpy(deq + i + 2, &v1, sizeof v1);
		}
	}
	s0 += s1;
	noise = s0[0] + s0[1];
	for (; i < n; i++) {
		double v = m[i] * unit, d = v - x[i];

		noise += d * d;
		if (deq)
			deq[i] = v;
	}
	return noise;
}

/* n mantissas m as floats into dst. */
static void store_f32(void *dst, const double *m, size_t n)
{
	float *d = dst;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (float)m[i];
}

/* n mantissas m as doubles into dst. */
static void store_f64(void *dst, const double *m, size_t n)
{
	memcpy(dst, m, n * sizeof *m);
}

/* n mantissas m as two limbs of doubles, hi = trunc(m / 2^L) then lo = m -
   hi 2^L, n apart (all exact: |m| < 2^53, |hi| < 2^31), two at a time;
   returns 1 if every lo is 0. */
static int store_limbs(void *dst, const double *m, size_t n, int limb_bits)
{
	typedef int v2si __attribute__((vector_size(8)));
	const double down = pow2(-limb_bits), up = pow2(limb_bits);
	const v2df vdown = { down, down }, vup = { up, up };
	double *hi = dst, *lo = hi + n;
	v2di any = { 0, 0 };
	size_t i;

	for (i = 0; i + 2 <= n; i += 2) {
		v2df v = load2(m + i);
		v2df h = __builtin_convertvector(
			__builtin_convertvector(v * vdown, v2si), v2df);

		v -= h * vup;
		any |= (v2di)v;
		memcpy(hi + i, &h, sizeof h);
		memcpy(lo + i, &v, sizeof v);
	}
	for (; i < n; i++) {
		unsigned long long bits;

		hi[i] = (double)(int32_t)(m[i] * down);
		lo[i] = m[i] - hi[i] * up;
		memcpy(&bits, &lo[i], sizeof bits);
		any[0] |= bits;
	}
	/* -0.0 is 0 as well: drop the sign bits */
	return ((any[0] | any[1]) << 1) == 0;
}

/* n mantissas m as 64-bit integers into dst. */
static void store_i64(void *dst, const double *m, size_t n)
{
	int64_t *d = dst;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (int64_t)m[i];
}

/* How each representation stores a block's mantissas (the B of Q_LIMBS:
   store_limbs), and their size. */
static const struct {
	void (*store)(void *dst, const double *m, size_t n);
	size_t size;
} stores[] = {
	[Q_VALUES] = { NULL, sizeof(float) },
	[Q_F32] = { store_f32, sizeof(float) },
	[Q_F64] = { store_f64, sizeof(double) },
	[Q_LIMBS] = { store_f64, sizeof(double) },
	[Q_I64] = { store_i64, sizeof(int64_t) },
};

/* Sum of x[i]^2, in four lanes. */
static double energy(const double *x, size_t n)
{
	v2df s0 = { 0, 0 }, s1 = { 0, 0 };
	double s;
	size_t i;

	for (i = 0; i + 4 <= n; i += 4) {
		v2df a = load2(x + i), b = load2(x + i + 2);

		s0 += a * a;
		s1 += b * b;
	}
	s0 += s1;
	s = s0[0] + s0[1];
	for (; i < n; i++)
		s += x[i] * x[i];
	return s;
}

/* Element-wise float formats: every value rounded on its own. */
static int quantize_floats(struct qmat *qm, const struct dse_format *f,
			   const double *x, double *deq, struct dse_error *err)
{
	const struct fp_elem el = fp_elem_of(&f->element);
	float *out = qm->q;
	double noise = 0;
	size_t i, n = qm->rows * qm->k;

	for (i = 0; i < n; i++) {
		double a = fabs(x[i]), v, d;

		if (!(a <= DBL_MAX))
			return dse_error_set(err, DSE_EINPUT,
					     "element %zu is not finite", i);
		v = copysign(fp_round(el, a, NULL), x[i]);
		out[i] = (float)v; /* exact: every fp32/fp16/bf16 value is a float */
		d = v - x[i];
		noise += d * d;
		if (deq)
			deq[i] = v;
	}
	qm->signal = energy(x, n);
	qm->noise = noise;
	return DSE_OK;
}

/* Elements of block b of a row (the last block may be short). */
static size_t block_len(const struct qmat *qm, size_t b)
{
	size_t off = b * qm->block;

	return qm->k - off < qm->block ? qm->k - off : qm->block;
}

/* The error naming block b of row `row`. */
static int not_finite(size_t row, size_t b, struct dse_error *err)
{
	return dse_error_set(err, DSE_EINPUT,
			     "row %zu, block %zu: a value is not finite", row, b);
}

/*
 * Quantize block b of row `row` into dst (its mantissas in qm's
 * representation; none if NULL), with its lsb and noise, its values into
 * deq (the block's place) if not NULL; rng NULL rounds to nearest.
 */
static int quantize_block(struct qmat *qm, size_t row, size_t b,
			  const struct rounder *r, void *dst, double *deq,
			  struct dse_error *err)
{
	const struct scheme *sc = &schemes[qm->fmt->scaling];
	const size_t n = block_len(qm, b), at = b * qm->rows + row;
	const double *x = qm->x + row * qm->k + b * qm->block;
	double amax = max_abs(x, n), *m = qm->tmp;
	int lsb = 0;

	if (amax < 0)
		return not_finite(row, b, err);
	if (amax > 0)
		lsb = sc->block(qm->fmt, x, n, amax, qm->inv_scale, r, m);
	else
		memset(m, 0, n * sizeof *m);
	qm->bnoise[row * qm->nblk + b] = block_noise(m, n, unit_of(qm->scale, lsb),
						     x, deq);
	qm->lsb[at] = lsb;
	if (dst == NULL)
		return DSE_OK;
	if (qm->limbs == 2)
		qm->hi_only[at] = (unsigned char)store_limbs(dst, m, n,
							     qm->limb_bits);
	else
		stores[qm->repr].store(dst, m, n);
	return DSE_OK;
}

/* Every block, row after row, into the whole matrix q. */
static int quantize_all(struct qmat *qm, const struct rounder *r,
			double *deq, struct dse_error *err)
{
	const size_t size = stores[qm->repr].size;
	size_t row, b;
	int rc = DSE_OK;

	for (row = 0; rc == DSE_OK && row < qm->rows; row++)
		for (b = 0; rc == DSE_OK && b < qm->nblk; b++) {
			size_t off = row * qm->k + b * qm->block;

			rc = quantize_block(qm, row, b, r,
					    qm->q ? (char *)qm->q +
							    qm->limbs * off * size :
						    NULL,
					    deq ? deq + off : NULL, err);
		}
	return rc;
}

/* Open qm on x in fmt (see numerics_impl.h). */
int qmat_open(struct qmat *qm, const struct dse_format *fmt, const double *x,
	      size_t rows, size_t k, const struct dse_quant_opts *opts,
	      unsigned stream, int split, double *deq, struct dse_error *err)
{
	const struct scheme *sc;
	struct rounder r = { NULL };
	size_t held;
	int rc;

	memset(qm, 0, sizeof *qm);
	if ((unsigned)fmt->scaling >= DSE_SCALING_COUNT)
		return dse_error_set(err, DSE_EINPUT, "format %s: bad scaling",
				     fmt->name);
	sc = &schemes[fmt->scaling];
	qm->rows = rows;
	qm->k = k;
	qm->scale = 1.0;
	qm->inv_scale = 1.0;
	qm->limbs = 1;
	qm->fmt = fmt;
	qm->x = x;
	if (rows == 0 || k == 0)
		return DSE_OK;
	/* a block longer than a row is the row (and its buffers no longer) */
	qm->block = sc->scaling == DSE_SCALE_TENSOR ? k :
		    fmt->block > 0 && fmt->block < k ? fmt->block : k;
	qm->nblk = (k + qm->block - 1) / qm->block;
	qm->repr = sc->block ? representation(fmt, qm->block) : Q_VALUES;
	if (qm->repr == Q_LIMBS && split) {
		qm->limbs = 2;
		qm->limb_bits = 53 - (int)dse_element_grid_bits(&fmt->element) -
				(int)ceil_log2_size(qm->block);
	}
	if (opts && opts->rounding == DSE_ROUND_STOCHASTIC && sc->stochastic)
		r.rng = gsl_rng_alloc(gsl_rng_mt19937);
	/* to nearest, for the GEMM: one block column at a time; for the
	   values alone, no mantissas */
	qm->streaming = sc->block != NULL && r.rng == NULL && deq == NULL;
	held = qm->streaming ? rows * qm->block :
	       sc->block && deq ? 0 : rows * k;
	if (held > 0)
		qm->q = malloc(held * qm->limbs * stores[qm->repr].size);
	if (sc->block) {
		qm->lsb = malloc(rows * qm->nblk * sizeof *qm->lsb);
		qm->bnoise = malloc(rows * qm->nblk * sizeof *qm->bnoise);
		qm->tmp = malloc(qm->block * sizeof *qm->tmp);
		if (qm->limbs == 2)
			qm->hi_only = malloc(rows * qm->nblk);
	}
	if ((held > 0 && qm->q == NULL) || (sc->block && (qm->lsb == NULL ||
					    qm->bnoise == NULL ||
					    qm->tmp == NULL)) ||
	    (qm->limbs == 2 && qm->hi_only == NULL) ||
	    (opts && opts->rounding == DSE_ROUND_STOCHASTIC && sc->stochastic &&
	     r.rng == NULL)) {
		gsl_rng_free(r.rng);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (sc->block == NULL)
		return quantize_floats(qm, fmt, x, deq, err);
	if (sc->scaling == DSE_SCALE_TENSOR) {
		double amax = max_abs(x, rows * k);

		/* symmetric: max|x| maps to 127; a zero tensor stays zero */
		qm->scale = amax > 0 ? amax / fmt->element.max : 1.0;
		qm->inv_scale = 1.0 / qm->scale;
	}
	if (qm->streaming)
		return DSE_OK;
	if (r.rng)
		gsl_rng_set(r.rng, numerics_stream_seed(opts->seed, stream));
	rc = quantize_all(qm, &r, deq, err);
	gsl_rng_free(r.rng);
	return rc;
}

/* Block column b of qm, quantized now when qm streams. */
int qmat_column(struct qmat *qm, size_t b, struct qcol *col,
		struct dse_error *err)
{
	const struct rounder nearest = { NULL };
	const size_t size = stores[qm->repr].size;
	size_t row;
	int rc = DSE_OK;

	col->n = block_len(qm, b);
	col->lsb = qm->lsb + b * qm->rows;
	col->hi_only = qm->hi_only ? qm->hi_only + b * qm->rows : NULL;
	col->limb_bits = qm->limb_bits;
	if (!qm->streaming) {
		col->q = (const char *)qm->q + qm->limbs * b * qm->block * size;
		col->stride = qm->limbs * qm->k;
		return DSE_OK;
	}
	col->q = qm->q;
	col->stride = qm->limbs * qm->block;
	for (row = 0; rc == DSE_OK && row < qm->rows; row++)
		rc = quantize_block(qm, row, b, &nearest,
				    (char *)qm->q + row * col->stride * size,
				    NULL, err);
	return rc;
}

/* The first block, in row order, with a value that is not finite. */
int qmat_check(const struct qmat *qm, struct dse_error *err)
{
	size_t row, b;

	for (row = 0; row < qm->rows; row++)
		for (b = 0; b < qm->nblk; b++)
			if (max_abs(qm->x + row * qm->k + b * qm->block,
				    block_len(qm, b)) < 0)
				return not_finite(row, b, err);
	return DSE_OK;
}

/* Signal and noise of a block format's matrix, in row order. */
void qmat_finish(struct qmat *qm)
{
	size_t i;

	if (qm->bnoise == NULL)
		return;
	qm->noise = 0;
	for (i = 0; i < qm->rows * qm->nblk; i++)
		qm->noise += qm->bnoise[i];
	qm->signal = energy(qm->x, qm->rows * qm->k);
}

/* Quantize a matrix and keep only the quantized values. */
int dse_numerics_quantize(const struct dse_format *fmt, const double *x,
			  size_t rows, size_t k,
			  const struct dse_quant_opts *opts, double *out,
			  struct dse_error *err)
{
	struct qmat qm;
	int rc = qmat_open(&qm, fmt, x, rows, k, opts, 0, 0, out, err);

	qmat_free(&qm);
	return rc;
}

/* Names of the rounding modes, indexed by enum dse_rounding. */
static const char *const rounding_names[] = { "nearest", "stochastic" };

/* "nearest" or "stochastic" into *out. */
int dse_numerics_rounding_parse(const char *name, enum dse_rounding *out,
				struct dse_error *err)
{
	size_t i;

	for (i = 0; i < sizeof rounding_names / sizeof rounding_names[0]; i++)
		if (name && strcmp(name, rounding_names[i]) == 0) {
			*out = (enum dse_rounding)i;
			return DSE_OK;
		}
	return dse_error_set(err, DSE_EUSAGE,
			     "rounding '%s': expected nearest or stochastic",
			     name ? name : "");
}

/* Static name of r. */
const char *dse_numerics_rounding_name(enum dse_rounding r)
{
	return (unsigned)r < sizeof rounding_names / sizeof rounding_names[0] ?
		       rounding_names[r] : "?";
}
