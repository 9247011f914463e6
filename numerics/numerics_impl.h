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
 * mantissas in the narrowest arithmetic that sums a block exactly, in any
 * order: with G magnitude bits per mantissa (dse_element_grid_bits) and
 * lg = ceil(log2 B), a block's products are below 2^2G and its sums below
 * 2^W, W = 2 G + lg; floats hold those integers exactly for W <= 24,
 * doubles for W <= 53.  Beyond, B's mantissas are split in two limbs,
 * b = hi 2^L + lo with L = 53 - G - lg, so that both sums of A times a
 * limb stay below 2^53 (3 G + 2 lg <= 106: E5M2 at B <= 32); wider still,
 * 64-bit mantissas are summed in 128-bit integers.
 */
enum qrepr {
	Q_VALUES, /* fp32, fp16, bf16: the values, as floats */
	Q_F32,    /* integer mantissas as floats */
	Q_F64,    /* integer mantissas as doubles */
	Q_LIMBS,  /* doubles: A's mantissas whole, B's in two limbs */
	Q_I64     /* integer mantissas as int64_t */
};

/*
 * A rows x k matrix quantized along k.  Block formats (HBFP, MX, int8 per
 * tensor as one block per row) keep integer mantissas with one exponent
 * per block: an element is q * 2^lsb[block] * scale.  Rounded to nearest
 * (and not asked for its values), a matrix is quantized one block column
 * at a time, into a buffer of one column, as the GEMM asks for it
 * (qmat_column); else (stochastic rounding draws in row order) all at
 * once when opened.  The fields past `q` are the quantizer's own.
 */
struct qmat {
	size_t rows, k;
	size_t block;   /* elements per block along k, at most k (k for int8) */
	size_t nblk;    /* blocks per row */
	enum qrepr repr;
	unsigned limbs; /* mantissas per element: 2 for B in Q_LIMBS, else 1 */
	int limb_bits;  /* L of Q_LIMBS: an element is hi 2^L + lo */
	double scale;   /* int8: the tensor's scale; else 1 */
	double signal;  /* sum of x^2 (after qmat_finish) */
	double noise;   /* sum of (quantized - x)^2 (after qmat_finish) */
	void *q;        /* mantissas of repr's type, owned: all rows * limbs *
			   k of them (Q_VALUES: the values), or one block
			   column of rows * limbs * block; NULL for a block
			   format opened for its values (deq) */
	int *lsb;       /* nblk * rows exponents of a mantissa's unit, block
			   after block (lsb[b * rows + row]), owned */
	unsigned char *hi_only; /* nblk * rows, limbs 2: 1 where the block's
				   lo limbs are all 0, owned */
	double *bnoise; /* rows * nblk: each block's noise, row after row, owned */
	int streaming;  /* 1: q holds one block column, quantized on demand */
	const struct dse_format *fmt;
	const double *x;
	double inv_scale;
	double *tmp;    /* one block of mantissas as doubles, owned */
};

/*
 * Block column b of a quantized matrix: the mantissas of row r are the n
 * elements at (repr's type *)q + r * stride, a second limb n elements
 * further; lsb[r] their unit's exponent.
 */
struct qcol {
	const void *q;
	size_t stride;
	size_t n;
	const int *lsb;
	const unsigned char *hi_only; /* limbs 2: hi_only[r] as in qmat */
	int limb_bits;
};

/*
 * Open qm on x (rows x k, row-major, borrowed until qmat_finish) in fmt.
 * split: hold the mantissas in limbs if the representation asks (the B of
 * a GEMM).  Stochastic rounding draws from a generator seeded by
 * (opts->seed, stream), so A and B of one GEMM get different streams;
 * with it, or with deq (then the quantized values are written there),
 * every block is quantized now, row after row.  DSE_EINPUT for a
 * non-finite value, DSE_ENOMEM.  qm is freed with qmat_free (also after a
 * failure).
 */
int qmat_open(struct qmat *qm, const struct dse_format *fmt, const double *x,
	      size_t rows, size_t k, const struct dse_quant_opts *opts,
	      unsigned stream, int split, double *deq, struct dse_error *err);

/*
 * Block column b of qm into col, quantized now if qm streams (its
 * exponents and noise filled for that column).  Block formats only.  DSE_EINPUT for a
 * non-finite value (the first in that column).
 */
int qmat_column(struct qmat *qm, size_t b, struct qcol *col,
		struct dse_error *err);

/*
 * DSE_EINPUT naming the first block, in row order, that holds a value
 * that is not finite (the error opening qm all at once would give); DSE_OK
 * if there is none.
 */
int qmat_check(const struct qmat *qm, struct dse_error *err);

/* Sum the signal and the blocks' noise, in row order, once every block
   has been quantized. */
void qmat_finish(struct qmat *qm);

/* Release what qm owns; qm itself is the caller's. */
void qmat_free(struct qmat *qm);

/* The seed of stream `stream` (0, 1, ...) derived from a user's seed. */
unsigned long numerics_stream_seed(unsigned long seed, unsigned stream);

/* 10 log10(signal / noise) in dB: +inf for no noise, -inf for no signal. */
double numerics_db(double signal, double noise);

#endif
