/*
 * dse_model.h - closed-form area, power, latency and throughput model of an
 * accelerator built as a 1-D array of systolic arrays (MODEL.md sections 1-7).
 *
 * The library's conventions (status codes, struct dse_error, ownership)
 * are stated once in base/dse_base.h.
 */
#ifndef DSE_MODEL_H
#define DSE_MODEL_H

#include <stddef.h>

#include "dse_base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Units and limits shared by every module                            */
/* ------------------------------------------------------------------ */

#define DSE_BITS_PER_MB (8.0 * 1048576.0) /* 1 MB of SRAM = 2^20 bytes */
#define DSE_PJ_GHZ_TO_W 1e-3              /* pJ per cycle x GHz = mW */
#define DSE_UM2_TO_MM2 1e-6
#define DSE_PJ_TO_UJ 1e-6

/* Ranges beyond which a value is a typo rather than a design. */
#define DSE_FREQ_MIN_GHZ 1e-3      /* 1 MHz */
#define DSE_FREQ_MAX_GHZ 100.0
#define DSE_SIDE_MAX 65536         /* array rows or columns */
#define DSE_KSPLIT_MAX 4096
#define DSE_BATCH_MAX 1048576
#define DSE_AREA_MAX_MM2 1e5       /* more than a 300 mm wafer */
#define DSE_POWER_MAX_W 1e5
#define DSE_SRAM_MAX_MB 1e6

/* ------------------------------------------------------------------ */
/* Number formats (MODEL.md section 4)                                */
/* ------------------------------------------------------------------ */

/*
 * Multiplier kinds: each is one energy and one area entry of a technology.
 * INT8 is the 8-bit integer multiplier (an m-bit mantissa costs (m/8)^2 of
 * it); BF16, FP16, FP32 are IEEE / brain-float multipliers; the rest are the
 * exact product units of the OCP MX element encodings (a p-bit significand
 * multiplier, an exponent adder and the shifter that aligns the product in
 * the block adder, NUMERICS.md 17), whose cost a technology may give or
 * leave to be derived.
 */
enum dse_mul {
	DSE_MUL_INT8,
	DSE_MUL_BF16,
	DSE_MUL_FP16,
	DSE_MUL_FP32,
	DSE_MUL_FP8_E4M3,
	DSE_MUL_FP8_E5M2,
	DSE_MUL_FP6_E2M3,
	DSE_MUL_FP6_E3M2,
	DSE_MUL_FP4_E2M1,
	DSE_MUL_COUNT
};

/* Accumulator kinds. */
enum dse_acc {
	DSE_ACC_INT, /* integer adder: energy e_add32 * a/32, area per bit */
	DSE_ACC_FP32,
	DSE_ACC_COUNT
};

/* Default HBFP block: 24x24 tiles, 576 mantissas per exponent (talk). */
#define DSE_HBFP_DEFAULT_BLOCK 576
/* Default MX block: 32 elements per E8M0 scale (OCP MX v1.0, section 5). */
#define DSE_MX_DEFAULT_BLOCK 32
/* Largest block of any block format. */
#define DSE_BLOCK_MAX (1u << 20)
/* Width of the exponent add a technology's exp_add entry costs, bits: the
   HBFP block's 10-bit exponent (talk); other widths scale linearly. */
#define DSE_EXP_ADD_BITS 10
/* Width of partial sums and outputs in SRAM: fp32 for every format. */
#define DSE_PSUM_BITS 32

/* How one element is encoded. */
enum dse_element_kind {
	DSE_ELEM_INT, /* sign and magnitude k: value k * 2^-frac_bits */
	DSE_ELEM_FP   /* sign, exponent, fraction; subnormals below emin */
};

/*
 * One element encoding (OCP MX v1.0 section 5; IEEE 754; bf16).  Values are
 * sign x magnitude: INT magnitudes are k * 2^-frac_bits with k <= kmax; FP
 * magnitudes 2^e x (1 + f / 2^man_bits) for emin <= e <= emax, and
 * subnormals (f / 2^man_bits) x 2^emin.
 */
struct dse_element {
	char name[16];          /* "int8", "e4m3", "bf16", "int8m" (hbfp8's) */
	enum dse_element_kind kind;
	unsigned bits;          /* storage bits, sign included */
	unsigned exp_bits;      /* FP: exponent field bits; INT: 0 */
	unsigned man_bits;      /* FP: fraction bits; INT: magnitude bits */
	int emax, emin;         /* FP: largest, smallest normal exponent */
	int frac_bits;          /* INT: fraction bits of k (MXINT8: 6) */
	double max;             /* largest finite magnitude */
	int scale_emax;         /* MX: emax_elem of the scale rule */
	enum dse_mul mul;       /* the product unit of two elements */
};

/* How elements share a scale. */
enum dse_scaling {
	DSE_SCALE_NONE,   /* every element is a float of its own */
	DSE_SCALE_TENSOR, /* one fp32 scale per tensor: max|x| / kmax (int8) */
	DSE_SCALE_HBFP,   /* per block: exponent e = ceil(log2 max|x|) */
	DSE_SCALE_MX,     /* per block: E8M0 2^(floor(log2 max|x|) - emax_elem) */
	DSE_SCALING_COUNT
};

/*
 * One PE datapath format, fully described by data: the PE cost is the same
 * sum for every format (dse_pe_cost), only these fields differ; the
 * numerics module quantizes to it from the element and scaling fields.
 */
struct dse_format {
	char name[32];          /* canonical name: "hbfp8_576", "mxfp4", ... */
	char family[32];        /* name without the block: "hbfp8", "mxfp4" */
	struct dse_element element; /* encoding of one element */
	enum dse_scaling scaling;
	unsigned scale_bits;    /* shared scale: HBFP 10, MX 8, int8 32, else 0 */
	int scale_min, scale_max; /* range of the shared exponent */
	enum dse_mul mul;       /* multiplier entry of the technology */
	double mul_scale;       /* multiplier cost factor, (m/8)^2 for ints */
	enum dse_acc acc;       /* accumulator entry */
	double acc_energy_scale;/* a/32 for an a-bit integer adder, else 1 */
	double acc_area_scale;  /* a for an integer adder (area per bit), else 1 */
	double reg_bits;        /* operand + operand + accumulator register bits */
	double block_share;     /* 1/B for block formats (one fp32 add and one
				   exponent add per block), 0 otherwise */
	double scale_add_scale; /* scale_bits / DSE_EXP_ADD_BITS: the per-block
				   exponent add as a share of exp_add */
	double storage_bits;    /* bits per element in SRAM (with scale share) */
	unsigned operand_bits;  /* multiplier input width (mantissa m), bits */
	unsigned acc_bits;      /* accumulator width a, bits */
	unsigned align_bits;    /* MX FP: the product's alignment shifter,
				   multiplexer bits (in the product unit) */
	unsigned block;         /* elements per shared scale; 0: no block */
	const char *no_training;/* NULL: trains (SERVING.md 14); else why not */
};

/*
 * Parse a format name: fp32, fp16, bf16, int8, hbfp<m>_<B> (m = 3..16) or
 * hbfp<m> (block 576), mxint8, mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3,
 * mxfp6_e3m2, mxfp4 (block 32) or any of them with _<B>; B = 1..2^20.
 * Fails with DSE_EINPUT: one line naming the reason and the known names.
 */
int dse_format_parse(const char *name, struct dse_format *out,
		     struct dse_error *err);

/* Comma-separated list of the format names dse_format_parse accepts. */
const char *dse_format_names(void);

/* A row of the format table: a fixed format or a parameterised family. */
struct dse_format_family {
	const char *pattern;   /* "bf16", "hbfp<m>[_<B>]", "mxfp4[_<B>]" */
	const char *examples;  /* comma-separated names dse formats lists */
	const char *summary;   /* the element and scale, in words */
};

/* Row i of the format table (static), or NULL when i is past its end. */
const struct dse_format_family *dse_format_family(size_t i);

/*
 * Exact-product datapath widths of a block format with FP or INT elements
 * (NUMERICS.md 17): the magnitude bits of one element on the block's
 * fixed-point grid, n_e = emax - emin + man_bits + 1 (INT: man_bits); the
 * block adder a = 2 n_e + ceil(log2 B) + 1; the bits of the shifter that
 * aligns one product (0 for INT elements).
 */
unsigned dse_element_grid_bits(const struct dse_element *e);
unsigned dse_element_align_mux_bits(const struct dse_element *e);

/* The element whose product unit is multiplier kind mul; NULL for INT8. */
const struct dse_element *dse_element_of_mul(enum dse_mul mul);

/* ------------------------------------------------------------------ */
/* Technology (MODEL.md section 4)                                    */
/* ------------------------------------------------------------------ */

/*
 * A distribution of an uncertain technology parameter on its declared
 * range [lo, hi], centred on the parameter's value v (lo <= v <= hi): a
 * row of a table (uniform, loguniform, normal, triangular; MODEL.md 11).
 * quantile maps q in [0, 1] to a value in [lo, hi] (a zero-width range to
 * lo), cdf maps it back.  Rows are static.
 */
struct dse_prior {
	const char *name;
	const char *summary;
	double (*quantile)(double q, double lo, double v, double hi);
	double (*cdf)(double x, double lo, double v, double hi);
	int positive; /* 1: needs lo > 0 (loguniform) */
};

/* The row called name, or NULL; row i, or NULL past the table's end. */
const struct dse_prior *dse_prior_find(const char *name);
const struct dse_prior *dse_prior_row(size_t i);
/* The rows' names, comma-separated, into buf (len bytes); returns buf. */
const char *dse_prior_names(char *buf, size_t len);

/* What a technology file declares of a parameter's uncertainty. */
struct dse_uncertainty {
	const struct dse_prior *dist; /* NULL: the parameter is fixed */
	double lo, hi;               /* the range, lo <= value <= hi */
	char *source;                /* where the range comes from (owned) */
};

/*
 * Node constants.  Every field is loaded from a JSON technology file whose
 * keys carry the unit (see data/tech/n7.json); energies are at v_nom_v.
 */
struct dse_tech {
	char name[64];
	char *path;         /* file it was read from (owned) */
	char *description;  /* what the file models and how it was derived (owned) */

	double v_nom_v, v_th_v, alpha, v_min_v, v_max_v; /* alpha-power law */
	double f_nom_ghz;                                /* f at v_nom_v */

	double mul_pj[DSE_MUL_COUNT];  /* one multiply */
	double acc_pj[DSE_ACC_COUNT];  /* one 32-bit int add / one fp32 add */
	double reg_pj_per_bit;         /* one register bit written per cycle */
	double exp_add_pj;             /* one DSE_EXP_ADD_BITS-bit exponent add */

	double mul_um2[DSE_MUL_COUNT];
	double acc_um2[DSE_ACC_COUNT]; /* int entry is per bit, fp32 per adder */
	double reg_um2_per_bit;
	double exp_add_um2;
	double mux_pj_per_bit;         /* one 2:1 multiplexer bit (shifters) */
	double mux_um2_per_bit;
	double pe_area_overhead;       /* factor on the PE component area */

	double pe_leak_fraction;  /* leakage / dynamic power at f_nom, v_nom */
	double pe_idle_fraction;  /* energy of an idle PE-cycle / E_pe */

	double sram_read_pj_per_bit, sram_write_pj_per_bit;
	double sram_read_access_pj;   /* per word read, on top of its bits */
	double sram_write_access_pj;  /* per word written, on top of its bits */
	double sram_mm2_per_mb, sram_leak_w_per_mb;

	double fixed_area_mm2, fixed_power_w; /* control, I/O, vector unit */
	double array_fixed_area_mm2;          /* per array: sequencer, SRAM port */
	double vector_lanes;                  /* element ops per cycle */
	int fill_drain;                       /* 0: folds take T cycles */

	/* optional tiers (0 when the file has none; MODEL.md 2.1, 5.1) */
	double dram_bandwidth_gbps; /* off-chip memory, 1 GB/s = 1e9 B/s */
	double dram_pj_per_bit;     /* per bit read from DRAM */
	double dram_capacity_gb;    /* 1 GB = 2^30 B */
	double acc_depth;           /* accumulator entries per array column */
	double acc_pj_per_bit;      /* accumulator read or write, per bit */

	char **source;  /* source[i] of parameter i (dse_tech_param), owned */
	unsigned char *derived; /* derived[i]: 1 if parameter i was derived */
	char **origin;  /* origin[i]: the file that gave parameter i, the
			   source of a value set later (dse_tech_with), or
			   NULL when derived; owned */
	struct dse_uncertainty *uncertainty; /* [i]: its declared range, owned */
};

/*
 * Load a technology: `spec` is a built-in name (n7, n16, n28, toy), looked
 * up as <datadir>/tech/<name>.json, or a path (anything with a '/' or ending
 * in ".json").  Node constants and the base components (int8 and bf16
 * multipliers, adders, registers) are required; the other components
 * (fp16/fp32 multipliers, exponent adder, multiplexer bit, the MX product
 * units) are optional: a missing one is derived from the others and its
 * source says how (dse_tech_param_derived tells which).  The optional
 * tiers (DRAM: dram_bandwidth_gbps, dram_pj_per_bit, dram_capacity_gb;
 * accumulators: acc_depth, acc_pj_per_bit) are each given whole or not at
 * all: absent, their values are 0.  Unknown keys, wrong types, negative,
 * non-finite or out-of-range values fail with DSE_EINPUT and the message
 * "file: key: reason".  A file may name a technology it inherits from
 * ("base": a built-in name or a path, relative to the file) and give only
 * what differs; a chain of bases is followed (a cycle fails).  A parameter
 * may carry an uncertainty: "range": [lo, hi] or "rel": r (the value times
 * 1 -+ r), "distribution" (uniform by default) and "range_source"
 * (MODEL.md 11).  The result is freed with dse_tech_free.
 */
int dse_tech_load(const char *spec, const char *datadir,
		  struct dse_tech **out, struct dse_error *err);
/* Release a technology and its strings; NULL is a no-op. */
void dse_tech_free(struct dse_tech *tech);

/* Number of numeric and boolean parameters of a technology file. */
size_t dse_tech_nparams(void);

/*
 * Parameter i (0 <= i < dse_tech_nparams()): its JSON key, value (booleans
 * as 0/1) and the source string read from the file.  Pointers stay valid
 * while tech lives.
 */
void dse_tech_param(const struct dse_tech *tech, size_t i, const char **key,
		    double *value, const char **source);

/* 1 when parameter i was derived rather than read from the file. */
int dse_tech_param_derived(const struct dse_tech *tech, size_t i);

/*
 * Where parameter i came from: "derived", "command line" (or the source
 * dse_tech_with recorded), "absent" (an optional tier no file gives), or
 * the path of the technology file, or of the base it inherits from, that
 * gave its value.  Valid while tech lives.
 */
const char *dse_tech_param_origin(const struct dse_tech *tech, size_t i);

/* The declared uncertainty of parameter i, or NULL when it is fixed. */
const struct dse_uncertainty *
dse_tech_param_uncertainty(const struct dse_tech *tech, size_t i);

/* 1 when parameter i takes whole numbers only (vector_lanes). */
int dse_tech_param_whole(size_t i);

/* The index of the parameter called key: DSE_OK, or DSE_EUSAGE. */
int dse_tech_param_find(const char *key, size_t *index);

/*
 * Parse a --set argument "KEY=VALUE": the parameter's index and its value
 * (a plain decimal number, or true / false for a boolean), checked against
 * the parameter's range as a file's value is.  Fails with DSE_EUSAGE
 * naming the argument: no '=', an unknown key, a malformed or
 * out-of-range value.
 */
int dse_tech_set_parse(const char *arg, size_t *index, double *value,
		       struct dse_error *err);

/*
 * A new technology: tech with parameters idx[k] set to values[k]
 * (k < n; booleans as 0 or 1), each checked like a file's value, its
 * origin and source `source` (such as "command line") and its declared
 * uncertainty dropped (the value is now fixed); every derived component
 * derived again from the new values; the relations between parameters
 * checked again.  Messages start with `label` (such as "--set").  Fails
 * with DSE_EINPUT (tech is unchanged) or DSE_ENOMEM; *out is freed with
 * dse_tech_free.
 */
int dse_tech_with(const struct dse_tech *tech, const size_t *idx,
		  const double *values, size_t n, const char *source,
		  const char *label, struct dse_tech **out,
		  struct dse_error *err);

/* An operating point of the voltage-frequency law. */
struct dse_opp {
	double freq_ghz;
	double voltage_v;
	int over_vmax;  /* 1: freq_ghz > f(v_max_v), the design is infeasible */
};

/* f(V) by the alpha-power law (Sakurai & Newton, IEEE JSSC 1990), GHz. */
double dse_tech_freq_ghz(const struct dse_tech *tech, double voltage_v);

/*
 * Voltage for a frequency: the root of f(V) = freq_ghz on [v_min, v_max]
 * found with GSL's Brent solver; below f(v_min) the rail stays at v_min;
 * above f(v_max) out->over_vmax is set (voltage v_max).  Fails with
 * DSE_EINPUT for a frequency outside [DSE_FREQ_MIN_GHZ, DSE_FREQ_MAX_GHZ]
 * and DSE_ENUMERIC if the solver fails.
 */
int dse_tech_opp(const struct dse_tech *tech, double freq_ghz,
		 struct dse_opp *out, struct dse_error *err);

/* Cost of one PE of a format on a technology, at v_nom. */
struct dse_pe {
	double energy_pj;       /* E_pe per MAC */
	double mul_pj, acc_pj, reg_pj, block_pj; /* its parts */
	double area_um2;        /* with pe_area_overhead */
	double leak_w;          /* leakage per PE at v_nom (at f_nom's fraction) */
};

/* E_pe (pJ/MAC), its parts, area (um2, with overhead) and leakage (W) of
   one PE of fmt at v_nom: the sum of MODEL.md section 4.  Cannot fail. */
void dse_pe_cost(const struct dse_tech *tech, const struct dse_format *fmt,
		 struct dse_pe *out);

/* ------------------------------------------------------------------ */
/* Dataflows and one GEMM on one array (MODEL.md section 2)           */
/* ------------------------------------------------------------------ */

enum dse_dataflow { DSE_OS, DSE_WS, DSE_IS, DSE_DATAFLOW_COUNT };

/* "os", "ws", "is" ("?" for a bad value); parse the name back (DSE_EINPUT
   naming the known dataflows when unknown). */
const char *dse_dataflow_name(enum dse_dataflow df);
int dse_dataflow_parse(const char *name, enum dse_dataflow *out,
		       struct dse_error *err);

/* 1 when the dataflow holds one batch item per array row (os: b = h). */
int dse_dataflow_batch_on_rows(enum dse_dataflow df);

/*
 * Peak SRAM words one R x C array moves per cycle (MODEL.md section 5):
 * operand words read at storage width (os: R activations and C weights;
 * ws, is: R streamed operands), partial-sum words read and partial-sum
 * words written at DSE_PSUM_BITS (ws, is: C of each; os: none).
 */
void dse_dataflow_peak_words(enum dse_dataflow df, double rows, double cols,
			     double *operand_words, double *psum_read_words,
			     double *psum_write_words);

/* Cycles, folds and SRAM traffic of O[MxN] = A[MxK] * B[KxN] on R x C. */
struct dse_gemm_stats {
	double cycles;          /* every fold, fill and drain */
	double cycles_per_fold; /* cycles / folds: T + R + C - 2 (os) or
				   T + 2R + C - 2 (ws, is) in SCALE-Sim parity */
	double row_folds, col_folds, folds;
	double t_tiles;         /* tiles of T (accumulator depth); 1 without */
	double stream_cycles;   /* folds x their T: operands streaming */
	double preload_cycles;  /* folds x R: loading the stationary operand */
	double macs, pe_cycles, utilization;
	double a_reads, b_reads, o_reads, o_writes; /* SRAM words */
	double acc_reads, acc_writes; /* accumulator words (32-bit) */
};

/*
 * How an array runs its folds.  All zero but fill_drain = 1 is SCALE-Sim
 * v2's array, which dse_gemm_eval models.
 */
struct dse_array_arch {
	int fill_drain;        /* 0: a fold takes T cycles (toy) */
	int fold_overlap;      /* 1: double-buffered stationary operand and
				  outputs: a fold's preload and drain overlap
				  the next fold (MODEL.md 2.1) */
	double acc_depth;      /* > 0: ws/is partial sums in accumulators of
				  this many entries per column; T is tiled by it */
	double extra_per_fold; /* K-split chain cycles, per fold (once when
				  overlapped: it is pipeline latency) */
};

/*
 * One GEMM on one array, SCALE-Sim conventions.  fill_drain = 0 makes a fold
 * take T cycles; extra_per_fold adds cycles to each fold (K-split chain).
 */
void dse_gemm_eval(enum dse_dataflow df, double rows, double cols, double m,
		   double n, double k, int fill_drain, double extra_per_fold,
		   struct dse_gemm_stats *out);

/* One GEMM on one array of the given architecture (MODEL.md 2, 12). */
void dse_gemm_eval_arch(enum dse_dataflow df, double rows, double cols,
			double m, double n, double k,
			const struct dse_array_arch *arch,
			struct dse_gemm_stats *out);

/* ------------------------------------------------------------------ */
/* Workloads (MODEL.md section 7)                                     */
/* ------------------------------------------------------------------ */

enum dse_stage_kind { DSE_STAGE_GEMM, DSE_STAGE_ELTWISE };

/* Sizes beyond which a workload is a typo or an attack, not a network. */
#define DSE_DIM_MAX 1e9        /* one GEMM or convolution dimension */
#define DSE_STAGES_MAX 100000  /* stages of one workload */
#define DSE_WEIGHTS_MAX 1e15   /* static weights of one workload */
#define DSE_MACS_MAX 1e18      /* MACs per item, one stage or the workload */

/*
 * One stage run for a batch of b items.  A GEMM with static weights runs
 * `count` GEMMs of M = b*m rows, each with its own weights; one without
 * (attention) runs b*count GEMMs of M = m rows.  An element-wise stage runs
 * ops_per_item * b operations on the vector unit.
 */
struct dse_stage {
	char name[32];
	enum dse_stage_kind kind;
	double m, n, k;      /* GEMM: rows per item, outputs, reduction depth */
	double count;        /* independent GEMMs per batch (weights) or per item */
	int weights;         /* 1: B is a static weight matrix */
	double ops_per_item; /* element-wise operations per item */
	char origin[192];    /* what it was lowered from ("conv ..."), or "" */
};

/*
 * The stage list runs `layers` times, each layer with its own weights (a
 * 12-layer BERT), and the whole of it `repeat` times on the same weights
 * (RNN steps).
 */
struct dse_workload {
	char name[64];
	char *description;      /* owned */
	char *source;           /* where the shapes come from (owned), or NULL */
	double repeat;          /* runs of the whole list, same weights */
	double layers;          /* copies of the stage list, own weights */
	size_t nstages;
	struct dse_stage *stages; /* owned */
	/* derived */
	double weights;         /* static weight elements, every layer */
	double macs_per_item;   /* over all layers and repeats */
	double n_max;           /* widest GEMM output N */
};

/* A convolution (MODEL.md 7): input h x w x c, `filters` filters of r x s,
   strides, zero padding on every side, groups (c for depthwise). */
struct dse_conv {
	double h, w, c, r, s, filters;
	double stride_h, stride_w;
	double pad;
	double groups;
	int ceil_mode;  /* 1: E = ceil((h + 2 pad - r + stride) / stride), as
			   SCALE-Sim's topology_utils.py counts output pixels */
};

/*
 * Lower a convolution to its GEMM by im2col, as SCALE-Sim does: per item
 * M = E F output pixels (E = floor((h + 2 pad - r) / stride_h) + 1, or
 * rounded up with ceil_mode; F likewise), K = r s c / groups, N = filters / groups, `groups` GEMMs
 * with their own weights.  Fails with DSE_EINPUT ("where.key: reason")
 * for sizes that are not whole numbers in [1, DSE_DIM_MAX], a filter
 * larger than the padded input, or groups that do not divide c and filters.
 */
int dse_conv_gemm(const struct dse_conv *cv, const char *where,
		  struct dse_stage *out, struct dse_error *err);

/*
 * Get a workload: a built-in name (lstm, gru, mlp, gemm), a built-in with
 * arguments ("gemm:N,K[,ROWS]", "mlp:W0,W1,...") or a path: a JSON
 * workload or a SCALE-Sim topology (.csv).  Fails with DSE_EUSAGE for a
 * bad name or arguments and DSE_EINPUT for a bad file ("file: key:
 * reason").  Freed with dse_workload_free.
 */
int dse_workload_get(const char *spec, struct dse_workload **out,
		     struct dse_error *err);
/*
 * dse_workload_get, and a name it does not know as a workload file of
 * <datadir>/workloads (bert-base, resnet50, gpt2, ...; "bert" is
 * bert-base).  A workload file takes no arguments (DSE_EUSAGE).
 */
int dse_workload_find(const char *spec, const char *datadir,
		      struct dse_workload **out, struct dse_error *err);
/* The file half of dse_workload_get (.csv: topology, else JSON). */
int dse_workload_load(const char *path, struct dse_workload **out,
		      struct dse_error *err);
/* dse_workload_free(NULL) is a no-op. */
void dse_workload_free(struct dse_workload *wl);

/*
 * A workload from len bytes of JSON (need not be NUL-terminated) or of a
 * SCALE-Sim v2 topology CSV: the convolution format (Layer name, IFMAP
 * Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
 * Strides[, stride width]) or the GEMM one (Layer, M, N, K), told apart
 * by the header.  `file` names the input in messages; DSE_EINPUT with one
 * line "file:line: reason" (CSV) or "file: key: reason" (JSON).
 */
int dse_workload_parse_json(const char *text, size_t len, const char *file,
			    struct dse_workload **out, struct dse_error *err);
int dse_workload_parse_topology(const char *text, size_t len,
				const char *file, struct dse_workload **out,
				struct dse_error *err);

/* Comma-separated names of the built-in workloads. */
const char *dse_workload_names(void);

/* ------------------------------------------------------------------ */
/* Budget, designs and their evaluation (MODEL.md sections 3, 5, 6)   */
/* ------------------------------------------------------------------ */

struct dse_budget {
	double area_mm2;    /* A_max */
	double power_w;     /* P_max */
	double sram_mb;     /* S, 1 MB = 2^20 bytes */
	int dram_in_budget; /* 1: DRAM's peak power counts against P_max */
};

/* Equinox's budget: 300 mm2, 75 W, 75 MB. */
#define DSE_DEFAULT_AREA_MM2 300.0
#define DSE_DEFAULT_POWER_W 75.0
#define DSE_DEFAULT_SRAM_MB 75.0

/* Why a design is, or is not, feasible. */
enum dse_verdict {
	DSE_FEASIBLE = 0,
	DSE_INF_AREA,      /* not one group of arrays fits the area left */
	DSE_INF_POWER,     /* not one group fits the power left */
	DSE_INF_FREQUENCY, /* f above f(v_max) */
	DSE_INF_SRAM,      /* the weights do not fit in S and there is no DRAM */
	DSE_INF_DRAM,      /* the weights exceed S and the DRAM's capacity */
	DSE_INF_CONSTRAINT, /* breaks a constraint of the explorer (--max,
			       --min, --latency-max-us) */
	DSE_VERDICT_COUNT
};

/* "feasible", "area", "power", "frequency", "sram", "dram", "constraint". */
const char *dse_verdict_name(enum dse_verdict v);

/* The budget that limits the array count. */
enum dse_binding { DSE_BIND_AREA, DSE_BIND_POWER, DSE_BIND_ARRAYS,
		   DSE_BINDING_COUNT };

/* "area", "power" or "arrays" (static). */
const char *dse_binding_name(enum dse_binding b);

/*
 * What sets a stage's time (MODEL.md 5.1): its arrays' compute, the loading
 * of its stationary operands from the SRAM (ws/is folds whose preload
 * outlasts their streaming), or its weights streaming from DRAM.
 */
enum dse_bound { DSE_BOUND_COMPUTE, DSE_BOUND_SRAM, DSE_BOUND_DRAM,
		 DSE_BOUND_COUNT };

/* "compute", "sram" or "dram" (static; "?" when out of range). */
const char *dse_bound_name(enum dse_bound b);

/*
 * The per-stage roofline (MODEL.md 5.1), shared by inference and training:
 * a stage that computes for compute_cycles at freq_ghz and moves
 * dram_bits to or from DRAM, on one of `groups` groups that share the
 * technology's DRAM bandwidth equally, takes the larger of its compute
 * time and its DRAM time, in us.  *bound (may be NULL) is DSE_BOUND_DRAM
 * when the DRAM time is the larger, else on_chip.  A technology without
 * DRAM must not be given dram_bits > 0 (the DRAM time is then infinite).
 */
double dse_roofline_us(const struct dse_tech *tech, double compute_cycles,
		       double freq_ghz, double dram_bits, double groups,
		       enum dse_bound on_chip, enum dse_bound *bound);

/* DRAM energy of moving dram_bits, uJ (pJ/bit of the technology). */
double dse_dram_energy_uj(const struct dse_tech *tech, double dram_bits);

/* DRAM power at full bandwidth, W: what DRAM adds to a TDP bound. */
double dse_dram_peak_w(const struct dse_tech *tech);

/* One candidate design. */
struct dse_design {
	const struct dse_format *format;
	enum dse_dataflow dataflow;
	unsigned rows, cols;  /* h, w */
	unsigned ksplit;      /* s */
	unsigned batch;       /* b for ws/is; os uses b = rows */
	struct dse_opp opp;   /* frequency and voltage (dse_tech_opp) */
	unsigned arrays;      /* 0: fill the budget; else this many arrays */
	int fold_overlap;     /* 1: double-buffered folds (MODEL.md 2.1) */
	int accumulators;     /* 1: ws/is partial sums in accumulators, when
				 the technology has them (MODEL.md 2.1) */
};

/* Everything MODEL.md section 6 reports for a design. */
struct dse_result {
	enum dse_verdict verdict;
	enum dse_binding binding;
	double freq_ghz, voltage_v;
	double sram_mb;        /* S of the design's budget */
	int accumulators;      /* 1 when partial sums use accumulators */

	double arrays;         /* n built */
	double groups;         /* G */
	double group_n;        /* g_N arrays along N per K-slice */
	double ksplit;         /* s */
	double batch;          /* b items per group */
	double items;          /* G * b items per batch */
	double pes;            /* n * h * w */
	double arrays_by_area, arrays_by_power; /* real-valued bounds of section 5 */

	struct dse_pe pe;      /* at v_nom */
	double pe_energy_pj;   /* at the operating voltage */

	/* area, mm2 */
	double area_pe_mm2, area_array_fixed_mm2, area_acc_mm2, area_sram_mm2;
	double area_fixed_mm2, area_mm2, area_slack_mm2;
	/* peak (TDP) power, W; peak_sram_w includes the accumulators */
	double peak_pe_dynamic_w, peak_pe_leak_w, peak_sram_w;
	double sram_leak_w, fixed_power_w;
	double peak_dram_w;    /* DRAM at full bandwidth, when the design uses it */
	double peak_power_w;   /* the chip's; with peak_dram_w if dram_in_budget */
	double power_slack_w;
	double array_area_mm2, array_peak_power_w; /* one array */

	/* one batch of `items` items */
	double cycles;         /* latency x f: compute and DRAM stalls */
	double compute_cycles; /* what the arrays and vector unit need alone */
	double latency_us, throughput_tops;
	double dram_bound_us;  /* time of the stages DRAM bounds */
	double macs, pe_cycles, utilization;
	double sram_read_bits, sram_write_bits, acc_bits, weight_bits;
	double weight_onchip_bits; /* weights the placement keeps in SRAM */
	double dram_bits;      /* read from DRAM, every group */
	double energy_mac_uj, energy_idle_uj, energy_reduce_uj;
	double energy_sram_read_uj, energy_sram_write_uj, energy_acc_uj;
	double energy_pe_leak_uj, energy_sram_leak_uj, energy_fixed_uj;
	double energy_dram_uj;
	double energy_uj;      /* the sum above, DRAM included */
	double energy_per_item_uj;
	double avg_power_w;    /* the chip's: energy without DRAM / latency */
	double dram_power_w;   /* DRAM's average power, beside the chip's */
	double tops_per_w;     /* throughput / (avg_power_w + dram_power_w) */
	double tops_per_mm2;
};

/* A design and what the model says of it. */
struct dse_point {
	struct dse_design design;
	struct dse_result result;
};

/*
 * A technology, workload and budget prepared for evaluating many designs.
 * The model borrows tech and wl: they must outlive it.
 */
struct dse_model {
	const struct dse_tech *tech;
	const struct dse_workload *wl;
	struct dse_budget budget;
	double area_avail_mm2;   /* A_max - S a_sram - A_fixed */
	double power_avail_w;    /* P_max - S p_leak,sram - P_fixed */
	double sram_bits;
	double dram_bits_max;    /* DRAM capacity, bits; 0 without DRAM */
};

/*
 * Check a budget against a technology and fill model.  Fails with
 * DSE_EINPUT for non-finite or non-positive budgets and DSE_EINFEASIBLE when
 * the SRAM and fixed costs alone exceed the area or power budget.
 */
int dse_model_init(struct dse_model *model, const struct dse_tech *tech,
		   const struct dse_workload *wl, const struct dse_budget *budget,
		   struct dse_error *err);

/*
 * Evaluate one design (MODEL.md sections 3, 5, 6, 11, 12).  Infeasible
 * designs are not an error: r->verdict says why, and the figures that exist
 * are filled.  Fails with DSE_EINPUT for a malformed design (zero rows, ...)
 * and DSE_ENOMEM.
 */
int dse_model_eval(const struct dse_model *model, const struct dse_design *d,
		   struct dse_result *r, struct dse_error *err);

/*
 * A cache of what dse_model_eval computes from the design alone (one PE
 * and one array, the work of a batch on a group): dse_model_eval_cached
 * reuses it while only the operating point or the array count changes,
 * and recomputes it whenever the design's shape, format, options or model
 * differ from what it was filled for, so a cache passed from one design to
 * another never gives stale results.  Private to model/.
 */
struct dse_work;

/* An empty cache (NULL when out of memory); dse_work_free releases it
   (NULL is a no-op). */
struct dse_work *dse_work_new(void);
void dse_work_free(struct dse_work *w);

/* dse_model_eval with a cache: the same result, bit for bit. */
int dse_model_eval_cached(const struct dse_model *model,
			  const struct dse_design *d, struct dse_work *cache,
			  struct dse_result *r, struct dse_error *err);

/* ------------------------------------------------------------------ */
/* The sweep kernel: one shape at many operating points                */
/* ------------------------------------------------------------------ */

/*
 * Figures the explorer ranks and filters designs by, each bit for bit the
 * field of struct dse_result that dse_model_eval gives the same design.
 */
enum dse_metric {
	DSE_METRIC_LATENCY,    /* latency_us */
	DSE_METRIC_THROUGHPUT, /* throughput_tops */
	DSE_METRIC_ENERGY,     /* energy_per_item_uj */
	DSE_METRIC_AREA,       /* area_mm2 */
	DSE_METRIC_POWER,      /* peak_power_w */
	DSE_METRIC_EFFICIENCY, /* tops_per_w */
	DSE_METRIC_COUNT
};

/* Bit of metric m in a mask of metrics. */
#define DSE_METRIC_BIT(m) (1u << (m))

/* How a design at one operating point is built: what dse_model_eval's
   sizing gives (MODEL.md 3, 5). */
struct dse_sizing {
	enum dse_verdict verdict; /* of the model alone (never LATENCY) */
	double arrays, groups, group_n;
	double arrays_by_area, arrays_by_power;
};

/*
 * An evaluator of one design shape (format, dataflow, rows, cols, k-split,
 * batch, options) at the operating points of a table, for sweeps: what
 * depends only on the shape, on the operating point or on the g_N is
 * computed once, and a point costs a few operations.  Not shareable
 * between threads.
 */
struct dse_kernel;

/*
 * A kernel for the operating points opps[0..nopps) of tech (copied).
 * DSE_ENOMEM.  Freed with dse_kernel_free (NULL is a no-op).
 */
int dse_kernel_new(const struct dse_tech *tech, const struct dse_opp *opps,
		   size_t nopps, struct dse_kernel **out, struct dse_error *err);
void dse_kernel_free(struct dse_kernel *k);

/*
 * Prepare design d on model (tech must be the kernel's; d->opp is ignored,
 * d->arrays must be 0: the budget is filled).  d and its format must stay
 * valid while the kernel uses them.  DSE_EINPUT for a malformed design.
 */
int dse_kernel_shape(struct dse_kernel *k, const struct dse_model *model,
		     const struct dse_design *d, struct dse_error *err);

/* The sizing of the shape at operating point j. */
void dse_kernel_size(const struct dse_kernel *k, size_t j,
		     struct dse_sizing *out);
/*
 * The sizing of the operating points [0, *m) into out (room for every
 * point); the verdicts of the points from *m on, none of which builds a
 * group or whose weights fit nowhere, are added to counts[verdict]
 * instead (found by binary search when the table rises in frequency and
 * voltage).  The points before *m have the verdicts dse_kernel_size
 * gives them, and so would the others.
 */
void dse_kernel_size_all(const struct dse_kernel *k, struct dse_sizing *out,
			 size_t *m, double *counts);

/*
 * Of the operating points j0..j1 (ascending, all sized s as dse_kernel_size
 * gives them: the same arrays and groups), the one with the lowest latency,
 * the lowest index among equal latencies; DSE_ENOMEM.  With the arrays
 * fixed, every metric of the table but energy, power and efficiency is a
 * function of the latency that does not get worse as it falls (MODEL.md
 * 8.2), so this point dominates or ties the others.
 */
int dse_kernel_fastest(struct dse_kernel *k, size_t j0, size_t j1,
		       const struct dse_sizing *s, size_t *best,
		       struct dse_error *err);

/*
 * Bounds that hold for every operating point j' <= j sized as s (the same
 * arrays and groups): latency at least *latency_us, throughput at most
 * *throughput_tops (MODEL.md 8.2: no PE does more than one MAC a cycle),
 * each widened by 1e-9 against rounding.
 */
void dse_kernel_bound(const struct dse_kernel *k, size_t j,
		      const struct dse_sizing *s, double *latency_us,
		      double *throughput_tops);

/*
 * The metrics of `mask` (DSE_METRIC_BIT) of the shape at operating point j,
 * sized as dse_kernel_size says (the verdict need not be feasible, but a
 * group must be built), into out[metric]; the others are left alone.
 * DSE_ENOMEM.
 */
int dse_kernel_metrics(struct dse_kernel *k, size_t j,
		       const struct dse_sizing *s, unsigned mask, double *out,
		       struct dse_error *err);

/* One stage of an evaluated design, every layer and repeat (dse eval). */
struct dse_stage_report {
	const struct dse_stage *stage;
	double copies;          /* layers: copies with their own weights */
	double onchip_fraction; /* of its weights kept in SRAM (1: no weights) */
	double cycles;          /* compute cycles, all copies and repeats */
	double time_us;         /* on one group, DRAM stalls included */
	double dram_bits;       /* read from DRAM, every group */
	enum dse_bound bound;   /* what sets its time */
};

/*
 * The stages of a feasible design evaluated by dse_model_eval: *out (n =
 * wl->nstages entries, freed by the caller with free) in workload order.
 * Their times add up to r->latency_us.  Fails with DSE_ENOMEM, DSE_EINPUT
 * for a malformed design.
 */
int dse_model_stages(const struct dse_model *model, const struct dse_design *d,
		     const struct dse_result *r, struct dse_stage_report **out,
		     struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Reference chips (data/chips; MODEL.md 9.1)                          */
/* ------------------------------------------------------------------ */

/* The figures a chip file publishes and dse computes for it. */
enum { DSE_CHIP_PEAK_TOPS, DSE_CHIP_TDP_W, DSE_CHIP_AREA_MM2,
       DSE_CHIP_TOPS_PER_W, DSE_CHIP_NFIGURES };

/* One row of the chip figures: its key, label, unit and how to get it. */
struct dse_chip_figure {
	const char *key;   /* in the chip file's "published" and in JSON */
	const char *label;
	const char *unit;
	double (*dse)(const struct dse_result *r);
	/* derived from the other published values; NULL: read from the file */
	double (*published)(const double *published);
};

/* The DSE_CHIP_NFIGURES rows (static). */
const struct dse_chip_figure *dse_chip_figures(void);

/* A published accelerator as a dse design with its published figures. */
struct dse_chip {
	char name[64];
	char *description, *path;       /* owned */
	char tech[64], workload[256];   /* as dse_tech_load, dse_workload_get */
	double sram_mb;                 /* on-chip SRAM beside accumulators */
	struct dse_format format;
	struct dse_design design;       /* arrays fixed; design.format = &format */
	double freq_ghz;
	double published[DSE_CHIP_NFIGURES];
	char *source[DSE_CHIP_NFIGURES]; /* owned */
};

/*
 * Load a chip file: a name (<datadir>/chips/<name>.json) or a path.  Every
 * key is required: name, description, tech, workload, sram_mb, design
 * {format, dataflow, rows, cols, k_split, arrays, batch, freq_ghz,
 * fold_overlap, accumulators}, published {peak_tops, tdp_w, area_mm2: each
 * {value, source}}.  DSE_EUSAGE for a bad name, DSE_EINPUT for a bad file.
 */
int dse_chip_load(const char *spec, const char *datadir,
		  struct dse_chip **out, struct dse_error *err);
/* Free a chip; NULL is a no-op. */
void dse_chip_free(struct dse_chip *chip);

/* The chip names of <datadir>/chips, sorted; freed with dse_chip_names_free. */
int dse_chip_names(const char *datadir, char ***names, size_t *n,
		   struct dse_error *err);
void dse_chip_names_free(char **names, size_t n);

/* A chip as dse evaluates it, beside its published figures. */
struct dse_chip_report {
	const struct dse_chip *chip;   /* borrowed */
	struct dse_result result;      /* on the chip's workload */
	double dse[DSE_CHIP_NFIGURES]; /* dse's value of each figure */
	char tech_name[64], workload_name[64];
};

/*
 * Evaluate a chip on its technology and workload with no budget but its
 * SRAM (its arrays are fixed).  DSE_EINFEASIBLE when dse finds the chip
 * impossible (its weights fit nowhere, or its clock is above the node's).
 */
int dse_chip_eval(const struct dse_chip *chip, const char *datadir,
		  struct dse_chip_report *out, struct dse_error *err);
/* What one group spends on a batch of k items (SERVING.md section 11). */
struct dse_batch_cost {
	double items;       /* k */
	double cycles;      /* of the batch on one group */
	double latency_us;  /* S(k) */
	double macs;        /* of the batch on one group */
	double energy_uj;   /* dynamic energy of the batch on one group: MACs,
			       idle PE-cycles of the group while it runs,
			       K-split reduction, SRAM, accumulator and DRAM
			       accesses (leakage and fixed power are drawn
			       per unit of time) */
};

/*
 * The cost of one group serving a batch of k items (1 <= k <= r->batch,
 * whole) on design d, which dse_model_eval turned into r: the array count,
 * groups, voltage and frequency stay as sized, and so does the placement
 * of the weights; only M shrinks with k (os: k of the h rows hold items).
 * S(r->batch) equals r->latency_us.  Fails with DSE_EINPUT for a bad k,
 * DSE_EINFEASIBLE when r has no group and DSE_ENOMEM.
 */
int dse_model_batch(const struct dse_model *model, const struct dse_design *d,
		    const struct dse_result *r, double k,
		    struct dse_batch_cost *out, struct dse_error *err);

/*
 * One stage st (of any workload: the training step's stages) on one group
 * of design d as r sized it, at batch b (rows scale with b as the stage's
 * kind says), every operand in SRAM: its cycles, time, MACs and dynamic
 * energy (out->energy_uj, as in dse_model_batch without DRAM).  Fails
 * with DSE_EINFEASIBLE when r has no group, DSE_EINPUT for b < 1.
 */
int dse_model_stage_cost(const struct dse_model *model,
			 const struct dse_design *d, const struct dse_result *r,
			 const struct dse_stage *st, double b,
			 struct dse_batch_cost *out, struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Training steps (SERVING.md 14)                                     */
/* ------------------------------------------------------------------ */

enum dse_train_kind { DSE_TRAIN_FORWARD, DSE_TRAIN_DGRAD, DSE_TRAIN_WGRAD,
		      DSE_TRAIN_ELTWISE, DSE_TRAIN_UPDATE };

/* One stage of a training step on one group: a chunk run to completion. */
struct dse_train_chunk {
	char name[48];        /* "fwd gates", "dgrad gates", "update weights" */
	enum dse_train_kind kind;
	double m, n, k;       /* GEMM: rows, outputs, reduction of one copy */
	double copies;        /* GEMMs of that shape */
	double macs, cycles;
	double compute_us;    /* cycles at the design's clock */
	double dram_bits;     /* the group's DRAM traffic */
	double dram_us;       /* the chunk's time when DRAM binds, else 0 */
	double time_us;       /* max(compute, DRAM at 1/G of the bandwidth) */
	enum dse_bound bound; /* compute or dram */
	double energy_uj;     /* chip dynamic energy, one group */
	double dram_energy_uj;
};

/* A training step of b_t items on one group, and dedicated training. */
struct dse_train_step {
	char workload[64];
	double items;                /* b_t */
	size_t nchunks;
	struct dse_train_chunk *chunk; /* owned, in the order they run */
	double weights;              /* trained weight elements */
	double macs, forward_macs, macs_per_item; /* one group's step */
	double time_us, compute_us;  /* the step; compute alone */
	double dram_bits, dram_energy_uj;
	double energy_uj;            /* chip dynamic energy of the step */
	double stash_bits;           /* activations kept for the backward pass */
	double weights_dram_share;   /* of the weights read from DRAM */
	double stash_dram_share;     /* of the stash written to DRAM */
	/* dedicated training: every group training all the time */
	double items_per_s, tops;    /* 2 operations per training MAC */
	double energy_per_item_uj;   /* chip: dynamic, and static power shared
					by the groups over the step */
	double dram_energy_per_item_uj;
	double dram_power_w;         /* beside the chip's, not in its budget */
};

/*
 * The training step of train_wl (NULL: the served workload model->wl) on
 * design d as r sized it, at batch b_t (0: the design's batch), SERVING.md
 * 14: the forward pass, then for every GEMM in reverse the data- and
 * weight-gradient GEMMs (shapes exchanged as stated there), element-wise
 * stages at twice their operations, and the weight update, 4 operations
 * per weight.  DRAM holds the trained weights, an fp32 master copy and
 * momentum; the SRAM left by the served weights caches the trained weights
 * first, then the stashed activations.  Each chunk takes the larger of its
 * compute time and its DRAM traffic at 1/G of the bandwidth.  Fails with
 * DSE_EINPUT for a format that cannot train (naming it) or a technology
 * without DRAM, DSE_EINFEASIBLE when the training state exceeds the DRAM.
 * Release out with dse_train_step_free.
 */
int dse_model_train(const struct dse_model *model,
		    const struct dse_workload *train_wl,
		    const struct dse_design *d, const struct dse_result *r,
		    double batch, struct dse_train_step *out,
		    struct dse_error *err);
void dse_train_step_free(struct dse_train_step *s);

#ifdef __cplusplus
}
#endif

#endif /* DSE_MODEL_H */
