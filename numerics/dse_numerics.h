/*
 * dse_numerics.h - what a number format does to the numbers (NUMERICS.md
 * sections 18-19): quantizers for every format row, GEMMs in a format
 * against double precision, synthetic and .npy inputs, the GEMM-output
 * SQNR of a format at a workload's dot-product lengths (computed once per
 * format and K, for the explorer), and accuracies users measured
 * themselves.
 *
 * Downstream of base and model only.  The conventions of base/dse_base.h
 * hold: int status, struct dse_error, *_free(NULL) is a no-op, nothing
 * prints.  Memory: every allocation is proportional to the tensors (or to
 * the number of cached (format, K) pairs), never to anything else.
 */
#ifndef DSE_NUMERICS_H
#define DSE_NUMERICS_H

#include <stddef.h>

#include "dse_base.h"
#include "dse_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Quantization (NUMERICS.md 18)                                      */
/* ------------------------------------------------------------------ */

enum dse_rounding {
	DSE_ROUND_NEAREST,    /* to nearest, ties to even */
	DSE_ROUND_STOCHASTIC  /* HBFP and MX: up with probability = fraction */
};

/* How to round: stochastic rounding is seeded, hence reproducible. */
struct dse_quant_opts {
	enum dse_rounding rounding;
	unsigned long seed;
};

/* "nearest" or "stochastic"; DSE_EUSAGE naming both otherwise. */
int dse_numerics_rounding_parse(const char *name, enum dse_rounding *out,
				struct dse_error *err);
/* Static name of a rounding mode ("?" if out of range). */
const char *dse_numerics_rounding_name(enum dse_rounding r);

/*
 * Quantize the rows x k matrix x (row-major) to fmt and write the values
 * the format represents to out (which may be x).  Blocks are fmt->block
 * consecutive elements along each row, a last partial block being a block;
 * int8 takes one scale, max|x| / 127, over the whole matrix.
 *  - hbfp: e = ceil(log2 max|x|) (clamped to the 10-bit exponent), step
 *    2^(e - m + 1), saturation at +-(2^e - step) (HBFP emulator);
 *  - MX: X = 2^(floor(log2 max|x|) - emax_elem) clamped to E8M0, each
 *    x / X rounded to the element and saturated at its largest normal;
 *  - fp32, fp16, bf16: per element, saturating, with subnormals;
 *  - a zero block stays zero.
 * Stochastic rounding applies to HBFP and MX (others round to nearest).
 * Fails with DSE_EINPUT for a non-finite value, DSE_ENOMEM.
 */
int dse_numerics_quantize(const struct dse_format *fmt, const double *x,
			  size_t rows, size_t k,
			  const struct dse_quant_opts *opts, double *out,
			  struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Inputs: tensors, .npy files, synthetic distributions               */
/* ------------------------------------------------------------------ */

/* A matrix of rows x cols doubles, row-major; a 1-D tensor has 1 row. */
struct dse_tensor {
	unsigned ndim; /* 1 or 2, as in the file */
	size_t rows, cols;
	double *data;  /* owned */
	char *name;    /* the file it came from, owned */
};

/* Release t and its data; NULL is a no-op. */
void dse_numerics_tensor_free(struct dse_tensor *t);

/* Largest .npy header accepted, bytes (NumPy's own default limit). */
#define DSE_NPY_HEADER_MAX 10000

/*
 * Parse a NumPy .npy file held in buf[0..len) (format 1.0, 2.0 or 3.0):
 * little-endian float32 ('<f4') or float64 ('<f8'), C order, 1-D or 2-D,
 * at least one element, every value finite, nothing after the data.  Any
 * other content fails with DSE_EINPUT and one line "name: reason" (bad
 * magic, unsupported version, header garbage, wrong dtype, big-endian,
 * Fortran order, shape that overflows, truncated data, ...).  *out is
 * freed with dse_numerics_tensor_free.
 */
int dse_numerics_npy_parse(const void *buf, size_t len, const char *name,
			   struct dse_tensor **out, struct dse_error *err);

/*
 * Read a .npy file (dse_numerics_npy_parse's rules).  Its size is checked
 * against the header before the data is allocated.  DSE_EINPUT for a
 * missing or bad file, DSE_EIO when reading fails, DSE_ENOMEM.
 */
int dse_numerics_npy_read(const char *path, struct dse_tensor **out,
			  struct dse_error *err);

struct dse_dist_type; /* a row of the distribution table (numerics/dist.c) */

/* A seeded distribution of synthetic inputs, optionally with outliers. */
struct dse_dist {
	const struct dse_dist_type *type;
	double param;            /* student-t: degrees of freedom nu */
	double outlier_fraction; /* share of elements replaced by outliers */
	double outlier_sigmas;   /* their magnitude, in standard deviations */
};

/*
 * Parse "gaussian", "laplace", "uniform", "student-t:NU" (NU > 0), each
 * optionally followed by ",outliers=FRACTION:SIGMAS"; outliers then are
 * +-SIGMAS standard deviations (student-t needs NU > 2 for them).  The
 * defaults (no outliers) are gaussian N(0, 1), laplace of scale 1,
 * uniform on (-1, 1).  DSE_EUSAGE with the reason otherwise.
 */
int dse_numerics_dist_parse(const char *spec, struct dse_dist *out,
			    struct dse_error *err);

/* Set d's outliers from "FRACTION:SIGMAS" (0 <= FRACTION <= 1, SIGMAS > 0). */
int dse_numerics_outliers_parse(const char *spec, struct dse_dist *d,
				struct dse_error *err);

/* The canonical spec of d ("student-t:3,outliers=0.001:20") in buf. */
const char *dse_numerics_dist_spec(const struct dse_dist *d, char *buf,
				   size_t len);

/* The distribution names, for help and messages (static). */
const char *dse_numerics_dist_names(void);

/*
 * Fill x[0..n) with d's values from a GSL generator (mt19937) seeded by
 * (seed, stream).  DSE_ENOMEM when the generator cannot be allocated.
 */
int dse_numerics_dist_fill(const struct dse_dist *d, unsigned long seed,
			   unsigned stream, double *x, size_t n,
			   struct dse_error *err);

/* ------------------------------------------------------------------ */
/* A GEMM in a format against double precision (NUMERICS.md 19)      */
/* ------------------------------------------------------------------ */

/*
 * O = A B with A M x K and B K x N, and the reference O computed in
 * double precision on the unquantized inputs.  Opaque; built once, then
 * evaluated in any number of formats.
 */
struct dse_gemm_problem;

/* Limits on a problem's sides (a typo rather than a measurement beyond). */
#define DSE_NUMERICS_SIDE_MAX (1u << 24)
#define DSE_NUMERICS_ELEMENTS_MAX (1ul << 28)

/*
 * A problem from two tensors: a (M x K) and b (K x N); a 1-D a is a row
 * (1 x K), a 1-D b a column (K x 1).  Copies what it needs.  DSE_EINPUT
 * when the K sides differ (naming both files), DSE_ENOMEM.
 */
int dse_numerics_problem_new(const struct dse_tensor *a,
			     const struct dse_tensor *b,
			     struct dse_gemm_problem **out,
			     struct dse_error *err);

/*
 * A problem of M x K and K x N values drawn from d (A from stream 0 of
 * seed, B from stream 1).  DSE_EINPUT for a zero or oversized side.
 */
int dse_numerics_problem_synthetic(const struct dse_dist *d, size_t m,
				   size_t n, size_t k, unsigned long seed,
				   struct dse_gemm_problem **out,
				   struct dse_error *err);

/* Release a problem; NULL is a no-op. */
void dse_numerics_problem_free(struct dse_gemm_problem *p);

/* M, N, K of a problem. */
void dse_numerics_problem_shape(const struct dse_gemm_problem *p, size_t *m,
				size_t *n, size_t *k);

/* What a format does to one GEMM.  SQNRs are +inf when there is no error. */
struct dse_numerics_result {
	double input_sqnr_db;      /* A and B together: sum x^2 / sum (q - x)^2 */
	double a_sqnr_db, b_sqnr_db;
	double output_sqnr_db;     /* sum ref^2 / sum (out - ref)^2 */
	double output_nsr;         /* the inverse ratio, linear */
	double output_rel_err_mean;/* mean |out - ref| / rms(ref) */
	double output_rel_err_max; /* max |out - ref| / rms(ref) */
	double effective_bits;     /* (output_sqnr_db - 1.76) / 6.02 */
};

/*
 * Quantize A and B along K to fmt, multiply with the format's
 * accumulator and compare with the reference: HBFP and MX sum exact
 * products exactly within a block and add the scaled block sums in fp32;
 * fp32, fp16, bf16 multiply and accumulate in fp32; int8 sums exactly and
 * scales once.  Outputs are fp32.  DSE_EINPUT, DSE_ENOMEM.
 */
int dse_numerics_gemm(const struct dse_gemm_problem *p,
		      const struct dse_format *fmt,
		      const struct dse_quant_opts *opts,
		      struct dse_numerics_result *out, struct dse_error *err);

/*
 * The M x N fp32 outputs (row-major) of the GEMM dse_numerics_gemm
 * measures, into out (M N floats, the caller's), without the reference's
 * comparison.  The same failures.
 */
int dse_numerics_gemm_outputs(const struct dse_gemm_problem *p,
			      const struct dse_format *fmt,
			      const struct dse_quant_opts *opts, float *out,
			      struct dse_error *err);

/* ------------------------------------------------------------------ */
/* The SQNR of a format at a workload's K values (for the explorer)   */
/* ------------------------------------------------------------------ */

/* What the SQNR proxy measures on: M x K times K x N from a distribution. */
struct dse_sqnr_setup {
	struct dse_dist dist;
	size_t m, n;                /* the GEMM's other sides */
	unsigned long seed;
	struct dse_quant_opts quant;
};

/* The default proxy: gaussian, M = N = 64, seed 1, round to nearest. */
#define DSE_SQNR_DEFAULT_M 64
#define DSE_SQNR_DEFAULT_N 64
#define DSE_SQNR_DEFAULT_K 4096
#define DSE_SQNR_DEFAULT_SEED 1ul

/* Fill s with the defaults above. */
void dse_numerics_sqnr_defaults(struct dse_sqnr_setup *s);

/* One dot-product length and its weight (MACs) in a workload. */
struct dse_k_weight {
	double k;
	double weight;
};

/*
 * The distinct K of wl's GEMM stages, each weighted by its MACs per item
 * (m n k count, summed over the stages with that K), in the order first
 * met.  *ks is malloc'ed (free it).  DSE_EINPUT for a K that is not a
 * whole number in 1..DSE_NUMERICS_SIDE_MAX, DSE_ENOMEM.
 */
int dse_numerics_workload_ks(const struct dse_workload *wl,
			     struct dse_k_weight **ks, size_t *nk,
			     struct dse_error *err);

/*
 * A cache of GEMM-output noise-to-signal ratios per (format, K) on one
 * setup: each pair is measured once (dse_numerics_gemm on a fresh
 * synthetic problem of that K, the same data for every format), whatever
 * the number of design points that ask.  Not thread-safe: fill it before
 * sharing it (dse_numerics_cache_fill), then lookups only read.
 */
struct dse_sqnr_cache;

int dse_numerics_cache_new(const struct dse_sqnr_setup *setup,
			   struct dse_sqnr_cache **out, struct dse_error *err);
/* Release a cache; NULL is a no-op. */
void dse_numerics_cache_free(struct dse_sqnr_cache *c);

/* Measure every (format, K) pair not yet cached, one problem per K. */
int dse_numerics_cache_fill(struct dse_sqnr_cache *c,
			    const struct dse_format *fmts, size_t nfmts,
			    const struct dse_k_weight *ks, size_t nk,
			    struct dse_error *err);

/*
 * The GEMM-output SQNR (dB) of fmt over the K values ks, measuring the
 * pairs not cached yet: the MAC-weighted mean of the per-K
 * noise-to-signal ratios, -10 log10 (sum w_K nsr_K / sum w_K).
 */
int dse_numerics_cache_sqnr(struct dse_sqnr_cache *c,
			    const struct dse_format *fmt,
			    const struct dse_k_weight *ks, size_t nk,
			    double *sqnr_db, struct dse_error *err);

/* dse_numerics_cache_sqnr at dse_numerics_workload_ks(wl). */
int dse_numerics_workload_sqnr(struct dse_sqnr_cache *c,
			       const struct dse_format *fmt,
			       const struct dse_workload *wl, double *sqnr_db,
			       struct dse_error *err);

/* GEMMs the cache has run so far (each (format, K) pair once). */
size_t dse_numerics_cache_runs(const struct dse_sqnr_cache *c);

/* ------------------------------------------------------------------ */
/* Measured accuracy of the user's own model (--accuracy FILE)        */
/* ------------------------------------------------------------------ */

struct dse_accuracy_entry {
	char format[32]; /* canonical format name */
	double value;
};

/*
 * A file of {"source": "...", "metric": "...", "direction": "higher" |
 * "lower", "formats": {"<format>": number, ...}}: what the user measured
 * per format, to replace the SQNR proxy.  "higher" means higher is better
 * (accuracy), "lower" that lower is (error, loss).
 */
struct dse_accuracy {
	char *path, *source, *metric; /* owned */
	int higher_is_better;
	size_t n;
	struct dse_accuracy_entry *entries; /* owned */
};

/*
 * Load an accuracy file.  Unknown keys, a missing or empty source, a
 * direction other than higher/lower, a bad format name, a format given
 * twice (hbfp8 and hbfp8_576 are one), a non-finite value or no format
 * fail with DSE_EINPUT "file: key: reason".
 */
int dse_numerics_accuracy_load(const char *path, struct dse_accuracy **out,
			       struct dse_error *err);

/* dse_numerics_accuracy_load on a parsed document root (a study's copy);
   path names it in messages. */
int dse_numerics_accuracy_parse(const struct cJSON *root, const char *path,
				struct dse_accuracy **out,
				struct dse_error *err);

/* The value for canonical format name; DSE_EINPUT naming the file if none. */
int dse_numerics_accuracy_get(const struct dse_accuracy *a,
			      const char *format, double *value,
			      struct dse_error *err);

/* Release an accuracy table; NULL is a no-op. */
void dse_numerics_accuracy_free(struct dse_accuracy *a);

#ifdef __cplusplus
}
#endif

#endif /* DSE_NUMERICS_H */
