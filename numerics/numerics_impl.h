/*
 * numerics_impl.h - what the files of numerics/ share and nothing else
 * sees: a quantized matrix in the integer form the GEMM kernels use.
 */
#ifndef DSE_NUMERICS_IMPL_H
#define DSE_NUMERICS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "dse_numerics.h"

/*
 * How a quantized matrix holds its elements.  Block formats keep integer
 * mantissas in the narrowest type whose arithmetic sums a block exactly:
 * a block's products and partial sums are integers below 2^W, W = 2 n_e +
 * ceil(log2 B) bits, exact in a float for W <= 24 and in a double for
 * W <= 53 (in any order), and in 128-bit integers beyond (E5M2).
 */
enum qrepr {
	Q_VALUES, /* fp32, fp16, bf16: the values, as floats */
	Q_F32,    /* integer mantissas as floats */
	Q_F64,    /* integer mantissas as doubles */
	Q_I64     /* integer mantissas as int64_t */
};

/*
 * A rows x k matrix quantized along k.  Block formats (HBFP, MX, int8 per
 * tensor as one block per row) keep integer mantissas q with one exponent
 * per block: an element is q * 2^lsb[block] * scale.
 */
struct qmat {
	size_t rows, k;
	size_t block;   /* elements per block along k (k for int8) */
	size_t nblk;    /* blocks per row */
	enum qrepr repr;
	void *q;        /* rows * k elements of repr's type, owned */
	int *lsb;       /* rows * nblk exponents of a mantissa's unit, owned */
	double scale;   /* int8: the tensor's scale; else 1 */
	double signal;  /* sum of x^2 */
	double noise;   /* sum of (quantized - x)^2 */
};

/*
 * Quantize x (rows x k, row-major) to fmt into qm; when deq is not NULL
 * also write the quantized values there.  Stochastic rounding draws from a
 * generator seeded by (opts->seed, stream), so A and B of one GEMM get
 * different streams.  DSE_EINPUT for a non-finite value, DSE_ENOMEM.
 * qm is freed with qmat_free (also after a failure).
 */
int qmat_quantize(struct qmat *qm, const struct dse_format *fmt,
		  const double *x, size_t rows, size_t k,
		  const struct dse_quant_opts *opts, unsigned stream,
		  double *deq, struct dse_error *err);

/* Release what qm owns; qm itself is the caller's. */
void qmat_free(struct qmat *qm);

/* The seed of stream `stream` (0, 1, ...) derived from a user's seed. */
unsigned long numerics_stream_seed(unsigned long seed, unsigned stream);

/* 10 log10(signal / noise) in dB: +inf for no noise, -inf for no signal. */
double numerics_db(double signal, double noise);

#endif
