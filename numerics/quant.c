/*
 * quant.c - quantizers of every format row (NUMERICS.md 18): a table of
 * scaling schemes, each a function that quantizes one block.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

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
		m0 = select2((v2di)(a0 > m0), a0, m0);
		m1 = select2((v2di)(a1 > m1), a1, m1);
	}
	if (ok[0] != ~0ull || ok[1] != ~0ull)
		return -1;
	m0 = select2((v2di)(m1 > m0), m1, m0);
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

	v = select2((v2di)(v > kmax), kmax, v);
	v = select2((v2di)(v < nkmax), nkmax, v);
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
 * fp_round to nearest on two lanes at once, on the bits: the exponent
 * field E of a (or of 2^emin below it) gives the quantum's inverse
 * 2^(man - e) as C_up - E and the quantum 2^(e - man) as E - C_dn; a value
 * past the largest normal rounds to at least it, so one minimum
 * saturates.  The same numbers as fp_round.
 */
static inline v2df fp_round2(v2df a, struct fp_elem el)
{
	const unsigned long long field = 0x7ff0000000000000ull;
	const v2di exp_mask = { field, field };
	const unsigned long long emin = (unsigned long long)(el.emin + 1023) << 52;
	const unsigned long long c_up = (unsigned long long)(2046 + el.man) << 52;
	const unsigned long long c_dn = (unsigned long long)el.man << 52;
	const v2di vemin = { emin, emin }, vup = { c_up, c_up },
		   vdn = { c_dn, c_dn };
	const v2df magic = { RNE_MAGIC, RNE_MAGIC }, vmax = { el.max, el.max };
	const v2df normal = { pow2(el.emin), pow2(el.emin) };
	v2di sub = (v2di)(a < normal);
	v2di e = (sub & vemin) | (~sub & ((v2di)a & exp_mask));
	v2df v = ((a * (v2df)(vup - e) + magic) - magic) * (v2df)(e - vdn);

	return select2((v2di)(v > vmax), vmax, v);
}

/* FP elements of x * down on the grid 2^-grid_lsb (mantissas of an MX block). */
static void fp_elements(const double *x, size_t n, double down, double to_grid,
			struct fp_elem el, const struct rounder *r, double *q)
{
	const unsigned long long sign_bit = 0x8000000000000000ull;
	const v2di sign = { sign_bit, sign_bit };
	const v2df vdown = { down, down }, vgrid = { to_grid, to_grid };
	gsl_rng *rng = r->rng;
	size_t i = 0;

	if (rng == NULL) {
		for (; i + 2 <= n; i += 2) {
			v2di xb = (v2di)load2(x + i);
			v2df a = (v2df)(xb & ~sign) * vdown;
			v2df v = fp_round2(a, el) * vgrid;

			v = (v2df)((v2di)v | (xb & sign));
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
	double kmax = ldexp(f->element.max, f->element.frac_bits);

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
			     ldexp(el->max, el->frac_bits), r, q);
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

/* How fmt's mantissas are held so that a block sums exactly (qrepr). */
static enum qrepr representation(const struct dse_format *f, size_t block)
{
	unsigned grid = dse_element_grid_bits(&f->element), lg = 0;

	while (lg < 63 && ((size_t)1 << lg) < block)
		lg++;
	if (2 * grid + lg <= 24)
		return Q_F32;
	if (2 * grid + lg <= 53)
		return Q_F64;
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

/* Release the mantissas and exponents of qm. */
void qmat_free(struct qmat *qm)
{
	free(qm->q);
	free(qm->lsb);
	qm->q = NULL;
	qm->lsb = NULL;
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

/*
 * Store the n mantissas of one block at q + off (of qm's width) and add
 * their error against x to *noise: an element is v = q * unit.
 */
#define STORE_BLOCK(name, mant_t)                                            \
	static double name(void *q, size_t off, const double *m, size_t n,    \
			   double unit, const double *x, double *deq)         \
	{                                                                     \
		mant_t *dst = (mant_t *)q + off;                              \
		size_t i;                                                     \
                                                                              \
		for (i = 0; i < n; i++)                                       \
			dst[i] = (mant_t)m[i];                                \
		return block_noise(m, n, unit, x, deq);                       \
	}

STORE_BLOCK(store_f32, float)
STORE_BLOCK(store_f64, double)
STORE_BLOCK(store_i64, int64_t)

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

/* Block formats: per row, per block, the scheme's mantissas and lsb. */
static int quantize_blocks(struct qmat *qm, const struct dse_format *f,
			   const struct scheme *sc, const double *x,
			   const struct rounder *r, double *deq,
			   struct dse_error *err)
{
	double (*store)(void *, size_t, const double *, size_t, double,
			const double *, double *) =
		qm->repr == Q_F32 ? store_f32 :
		qm->repr == Q_F64 ? store_f64 : store_i64;
	double *tmp = malloc(qm->block * sizeof *tmp);
	double inv_scale = 1.0, noise = 0;
	size_t row, b;

	if (tmp == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (sc->scaling == DSE_SCALE_TENSOR) {
		double amax = max_abs(x, qm->rows * qm->k);

		/* symmetric: max|x| maps to 127; a zero tensor stays zero */
		qm->scale = amax > 0 ? amax / f->element.max : 1.0;
		inv_scale = 1.0 / qm->scale;
	}
	for (row = 0; row < qm->rows; row++) {
		for (b = 0; b < qm->nblk; b++) {
			size_t off = row * qm->k + b * qm->block;
			size_t n = qm->k - b * qm->block < qm->block ?
				   qm->k - b * qm->block : qm->block;
			double amax = max_abs(x + off, n);
			int lsb = 0;

			if (amax < 0) {
				free(tmp);
				return dse_error_set(err, DSE_EINPUT,
						     "row %zu, block %zu: a value is not finite",
						     row, b);
			}
			if (amax > 0)
				lsb = sc->block(f, x + off, n, amax, inv_scale,
						r, tmp);
			else
				memset(tmp, 0, n * sizeof *tmp);
			qm->lsb[row * qm->nblk + b] = lsb;
			noise += store(qm->q, off, tmp, n, ldexp(qm->scale, lsb),
				       x + off, deq ? deq + off : NULL);
		}
	}
	qm->signal = energy(x, qm->rows * qm->k);
	qm->noise = noise;
	free(tmp);
	return DSE_OK;
}

/* Quantize x to fmt into qm (see numerics_impl.h). */
int qmat_quantize(struct qmat *qm, const struct dse_format *fmt,
		  const double *x, size_t rows, size_t k,
		  const struct dse_quant_opts *opts, unsigned stream,
		  double *deq, struct dse_error *err)
{
	const struct scheme *sc;
	struct rounder r = { NULL };
	size_t elem;
	int rc;

	memset(qm, 0, sizeof *qm);
	if ((unsigned)fmt->scaling >= DSE_SCALING_COUNT)
		return dse_error_set(err, DSE_EINPUT, "format %s: bad scaling",
				     fmt->name);
	sc = &schemes[fmt->scaling];
	qm->rows = rows;
	qm->k = k;
	qm->scale = 1.0;
	if (rows == 0 || k == 0)
		return DSE_OK;
	qm->block = sc->scaling == DSE_SCALE_TENSOR ? k :
		    fmt->block > 0 ? fmt->block : k;
	qm->nblk = (k + qm->block - 1) / qm->block;
	qm->repr = sc->block ? representation(fmt, qm->block) : Q_VALUES;
	elem = qm->repr == Q_VALUES || qm->repr == Q_F32 ? sizeof(float) :
	       sizeof(double);
	qm->q = malloc(rows * k * elem);
	qm->lsb = malloc(rows * qm->nblk * sizeof *qm->lsb);
	if (qm->q == NULL || qm->lsb == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (sc->block == NULL)
		return quantize_floats(qm, fmt, x, deq, err);
	if (opts && opts->rounding == DSE_ROUND_STOCHASTIC && sc->stochastic) {
		r.rng = gsl_rng_alloc(gsl_rng_mt19937);
		if (r.rng == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		gsl_rng_set(r.rng, numerics_stream_seed(opts->seed, stream));
	}
	rc = quantize_blocks(qm, fmt, sc, x, &r, deq, err);
	gsl_rng_free(r.rng);
	return rc;
}

/* Quantize a matrix and keep only the quantized values. */
int dse_numerics_quantize(const struct dse_format *fmt, const double *x,
			  size_t rows, size_t k,
			  const struct dse_quant_opts *opts, double *out,
			  struct dse_error *err)
{
	struct qmat qm;
	int rc = qmat_quantize(&qm, fmt, x, rows, k, opts, 0, out, err);

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
