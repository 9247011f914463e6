/* gemm.c - one GEMM on one systolic array (MODEL.md section 2). */
#include <math.h>
#include <string.h>

#include "dse_model.h"

/*
 * A dataflow maps O[MxN] = A[MxK] B[KxN] onto the array as SCALE-Sim does:
 * Sr operands along rows, Sc along columns, T streamed in time.  `skew_rows`
 * counts how many times R enters the fill and drain (1 for os: T + R + C - 2;
 * 2 for ws and is, whose stationary operand is preloaded: T + 2R + C - 2).
 * `preload` says which operand sits in the PEs (none for os) and `stream`
 * which one flows along the rows; os also streams B down the columns.
 */
enum operand { OP_NONE, OP_A, OP_B };

struct dataflow {
	const char *name;
	int sr, sc, t;   /* 0 = M, 1 = N, 2 = K */
	double skew_rows;
	enum operand preload, row_stream, col_stream;
};

static const struct dataflow dataflows[DSE_DATAFLOW_COUNT] = {
	/* output stationary (Equinox): batch on rows, weights down columns */
	[DSE_OS] = { "os", 0, 1, 2, 1.0, OP_NONE, OP_A, OP_B },
	/* weight stationary (TPU-like) */
	[DSE_WS] = { "ws", 2, 1, 0, 2.0, OP_B, OP_A, OP_NONE },
	/* input stationary */
	[DSE_IS] = { "is", 2, 0, 1, 2.0, OP_A, OP_B, OP_NONE },
};

/* Static name of a dataflow ("os", "ws", "is"); "?" if out of range. */
const char *dse_dataflow_name(enum dse_dataflow df)
{
	return (unsigned)df < DSE_DATAFLOW_COUNT ? dataflows[df].name : "?";
}

/* The dataflow named name (os, ws, is); DSE_EINPUT for any other. */
int dse_dataflow_parse(const char *name, enum dse_dataflow *out,
		       struct dse_error *err)
{
	int i;

	for (i = 0; i < DSE_DATAFLOW_COUNT; i++) {
		if (name && strcmp(name, dataflows[i].name) == 0) {
			*out = (enum dse_dataflow)i;
			return DSE_OK;
		}
	}
	return dse_error_set(err, DSE_EINPUT,
			     "unknown dataflow '%s' (known: os, ws, is)",
			     name ? name : "");
}

/* 1 when the array rows carry M, the batch. */
int dse_dataflow_batch_on_rows(enum dse_dataflow df)
{
	return dataflows[df].sr == 0;
}

/* Peak SRAM words per cycle of one R x C array (MODEL.md section 5). */
void dse_dataflow_peak_words(enum dse_dataflow df, double rows, double cols,
			     double *operand_words, double *psum_read_words,
			     double *psum_write_words)
{
	const struct dataflow *d = &dataflows[df];

	*operand_words = rows + (d->col_stream != OP_NONE ? cols : 0.0);
	/* a stationary operand means partial sums leave every column */
	*psum_read_words = d->preload != OP_NONE ? cols : 0.0;
	*psum_write_words = *psum_read_words;
}

/* Add words to the read count of operand op (A or B; none is ignored). */
static void add_words(struct dse_gemm_stats *s, enum operand op, double words)
{
	if (op == OP_A)
		s->a_reads += words;
	else if (op == OP_B)
		s->b_reads += words;
}

/* The SCALE-Sim parity case of dse_gemm_eval_arch. */
void dse_gemm_eval(enum dse_dataflow df, double rows, double cols, double m,
		   double n, double k, int fill_drain, double extra_per_fold,
		   struct dse_gemm_stats *out)
{
	const struct dse_array_arch arch = { fill_drain, 0, 0.0, extra_per_fold };

	dse_gemm_eval_arch(df, rows, cols, m, n, k, &arch, out);
}

/*
 * Cycles of F folds whose temporal extents are `tiles` tiles of T1 and one
 * of T2 (per (row fold, column fold) pair, `pairs` of them), MODEL.md 2
 * and 12.  In order: no overlap, each fold T + skew R + C - 2 (+ extra);
 * overlapped, a fold starts max(T, R) after the previous one (the next
 * preload, or the previous drain of R outputs a column, takes R cycles),
 * the first preload and the last drain R + C - 2 show once.
 */
static double fold_cycles(const struct dataflow *d,
			  const struct dse_array_arch *a, double rows,
			  double cols, double pairs, double tiles, double t1,
			  double t2)
{
	const double fill = d->skew_rows * rows + cols - 2.0;
	const double folds = pairs * (tiles + 1);

	if (!a->fill_drain)
		return pairs * (tiles * t1 + t2) + folds * a->extra_per_fold;
	if (!a->fold_overlap)
		return pairs * (tiles * t1 + t2) +
		       folds * (fill + a->extra_per_fold);
	/* the last fold is a T2 tile: before it, pairs * tiles folds of T1 and
	   pairs - 1 of T2 each take max(T, R) */
	return (d->skew_rows - 1.0) * rows +
	       pairs * tiles * (t1 > rows ? t1 : rows) +
	       (pairs - 1) * (t2 > rows ? t2 : rows) + t2 + rows + cols - 2.0 +
	       a->extra_per_fold;
}

/* Folds, cycles, MACs and SRAM words of one M x N x K GEMM on an R x C array. */
void dse_gemm_eval_arch(enum dse_dataflow df, double rows, double cols,
			double m, double n, double k,
			const struct dse_array_arch *arch,
			struct dse_gemm_stats *out)
{
	const struct dataflow *d = &dataflows[df];
	const double dim[3] = { m, n, k };
	double sr = dim[d->sr], sc = dim[d->sc], t = dim[d->t];
	double fr = ceil(sr / rows), fc = ceil(sc / cols);
	const int acc = d->preload != OP_NONE && arch->acc_depth > 0;
	/* accumulators tile T by their depth: tiles of D, then the rest */
	double tiles = acc && t > arch->acc_depth ?
			       ceil(t / arch->acc_depth) - 1 : 0.0;
	double t1 = acc ? arch->acc_depth : 0.0, t2 = t - tiles * t1;

	out->a_reads = out->b_reads = out->o_reads = 0;
	out->acc_reads = out->acc_writes = 0;
	out->row_folds = fr;
	out->col_folds = fc;
	out->t_tiles = tiles + 1;
	out->folds = fr * fc * out->t_tiles;
	out->cycles = fold_cycles(d, arch, rows, cols, fr * fc, tiles, t1, t2);
	out->cycles_per_fold = out->cycles / out->folds;
	out->stream_cycles = fr * fc * t;
	out->preload_cycles = d->preload != OP_NONE ? out->folds * rows : 0.0;
	out->macs = m * n * k;
	out->pe_cycles = rows * cols * out->cycles;
	out->utilization = out->pe_cycles > 0 ? out->macs / out->pe_cycles : 0;

	/*
	 * Words per fold summed over folds, with R', C' the rows and columns a
	 * fold uses: sum R' = Sr fc, sum C' = Sc fr, sum R'C' = Sr Sc; every
	 * T tile preloads the stationary operand again.
	 */
	add_words(out, d->preload, sr * sc * out->t_tiles);
	add_words(out, d->row_stream, t * sr * fc);
	add_words(out, d->col_stream, t * sc * fr);
	if (d->preload == OP_NONE) {
		out->o_writes = sr * sc;          /* os: outputs drained once */
	} else if (acc) {
		/* partial sums stay in the accumulators: every fold writes its
		   own, folds after the first on K read them back, and the
		   finished outputs are read out once into the SRAM */
		out->acc_writes = t * sc * fr;
		out->acc_reads = t * sc * fr;
		out->o_writes = t * sc;
	} else {
		out->o_writes = t * sc * fr;      /* partial sums every fold */
		out->o_reads = t * sc * (fr - 1); /* folds after the first on K */
	}
}
