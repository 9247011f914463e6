/*
 * model_impl.h - what the files of model/ share and nothing else sees:
 * building workloads stage by stage (workload.c, topology.c), and the
 * pieces of a design's evaluation that dse_model_eval (eval.c) and the
 * sweep kernel (kernel.c) both use, so that both compute every figure
 * with the same operations in the same order.
 */
#ifndef DSE_MODEL_IMPL_H
#define DSE_MODEL_IMPL_H

#include <math.h>

#include "dse_model.h"

/* A new workload with room for nstages stages (layers 1), none filled yet. */
int model_workload_new(const char *name, const char *desc, double repeat,
		       size_t nstages, struct dse_workload **out,
		       struct dse_error *err);

/* Append a GEMM stage (room must be left) / an element-wise stage. */
void model_workload_gemm(struct dse_workload *wl, const char *name, double m,
			 double n, double k, double count, int weights);
void model_workload_eltwise(struct dse_workload *wl, const char *name,
			    double ops);

/* Derive weights, MACs per item and the widest N; DSE_EINPUT for a
   workload without GEMMs or with absurd totals ("where: stages: ..."). */
int model_workload_finish(struct dse_workload *wl, const char *where,
			  struct dse_error *err);

/* ------------------------------------------------------------------ */
/* Evaluation internals (eval.c, kernel.c)                            */
/* ------------------------------------------------------------------ */

/* What one stage costs on one group, per layer copy and run. */
struct model_stage_work {
	double cycles, macs, reduce_adds;
	double read_words, write_words, read_bits, write_bits, acc_bits;
	double b_words, b_bits;  /* reads of static weights (0 without) */
	double weights;          /* static weight elements */
	double stream_cycles, preload_cycles; /* of its slowest array */
	double onchip;           /* copies (of the layers) kept in SRAM */
};

/* Cycles and DRAM bits of a part of the batch that streams weights. */
struct model_stream {
	double cycles, dram_bits;
};

/* A weight stage and its reuse, for the placement's order. */
struct model_rank {
	double reuse; /* weight reads per batch per weight */
	size_t i;
};

/* How much of a batch's work is known: nothing, its time, everything. */
enum model_level { MODEL_WORK_NONE, MODEL_WORK_TIMING, MODEL_WORK_FULL };

/*
 * What a design costs apart from its frequency and voltage: one PE and one
 * array (the shape part, while `shaped`), and the work of one batch on one
 * group for one g_N (the work part, at `level`).  MODEL_WORK_TIMING fills
 * the cycles, the on-chip cycles and the MACs of a design whose weights all
 * stay in SRAM (the rest is left as it was); MODEL_WORK_FULL everything,
 * with the placement of the weights.  The key is what the shape and work
 * were computed from: dse_model_eval_cached recomputes when it differs.
 */
struct model_key {
	struct dse_format format;
	const struct dse_tech *tech;
	const struct dse_workload *wl;
	double sram_bits, dram_bits_max;
	double rows, cols, ksplit, batch;
	int dataflow, fold_overlap, accumulators;
};

struct dse_work {
	struct model_key key;   /* what the fields below describe */
	int shaped;             /* 1: the shape part is filled */
	struct dse_pe pe;       /* one PE at v_nom */
	double array_area_mm2;  /* one array, accumulators included */
	double array_sram_pj;   /* one array's peak SRAM and accumulator
				   energy per cycle */
	double array_acc_mm2;   /* one array's accumulators */
	double array_leak_w;    /* one array's accumulator leakage */
	int accumulators;       /* partial sums in accumulators */

	int level;            /* enum model_level of the work part */
	double group_n;       /* the g_N the work part is for */
	double cycles;        /* compute cycles of one batch on one group */
	double onchip_cycles; /* of the parts that move nothing from DRAM */
	double macs;          /* one group */
	double read_words, write_words; /* SRAM accesses of one group */
	double read_bits, write_bits;
	double acc_bits;      /* accumulator bits read and written */
	double reduce_adds;   /* partial-sum additions of the K-split chain */
	double weight_onchip; /* weight elements kept in SRAM */
	double dram_bits;     /* read from DRAM by one group */
	size_t nstream;       /* parts of the batch that stream weights */
	struct model_stream *stream;   /* owned, 2 nstages + 1 of them */
	struct model_stage_work *stage; /* owned, one per stage */
	struct model_rank *rank;  /* owned, one per stage */
	size_t cap;           /* stages the buffers hold */
};

/* Fill the shape part of w for design d (MODEL.md section 5). */
void model_shape(const struct dse_model *model, const struct dse_design *d,
		 struct dse_work *w);

/*
 * Fill the work part of w for design d and g_N at `level` (TIMING only
 * when the weights fit in SRAM or there is no DRAM); DSE_ENOMEM when the
 * buffers cannot grow.
 */
int model_work(const struct dse_model *model, const struct dse_design *d,
	       double group_n, enum model_level level, struct dse_work *w,
	       struct dse_error *err);

/* Release w's buffers and forget what it was filled for. */
void model_work_release(struct dse_work *w);

/* The smaller of two numbers, without a libm call in the hot path. */
static inline double model_min2(double a, double b)
{
	return a < b ? a : b;
}

/* The items of a full batch of d: the array height (os) or the batch. */
static inline double model_full_batch(const struct dse_design *d)
{
	return dse_dataflow_batch_on_rows(d->dataflow) ? d->rows : d->batch;
}

/*
 * How many arrays a design builds and how they group (MODEL.md 3, 5), from
 * the peak power of one array and the arrays the area and power left allow.
 */
struct model_size {
	double arrays_by_area, arrays_by_power;
	double n;               /* floor of the smaller, or the fixed count */
	enum dse_binding binding;
	double group_n, groups, arrays;
};

/*
 * Peak power of one array, W: f [h w E_pe(V) + E_sram,cycle] + h w P_leak
 * V/V_nom + the accumulators' leakage (MODEL.md 5).  pes_leak_w is
 * h w P_leak at v_nom and pe_energy_pj E_pe at the operating voltage.
 */
static inline double model_array_power_w(const struct dse_work *w, double pes,
					 double pes_leak_w, double pe_energy_pj,
					 double freq_ghz, double vs)
{
	return freq_ghz * (pes * pe_energy_pj + w->array_sram_pj) *
		       DSE_PJ_GHZ_TO_W +
	       pes_leak_w * vs + w->array_leak_w;
}

/* The arrays the area and power left allow, as a whole count. */
static inline double model_arrays_n(double by_area, double by_power)
{
	return floor(model_min2(by_area, by_power));
}

/*
 * How n arrays group: g_N along N (n_cols = ceil(N_max / w), the arrays
 * the widest GEMM can use), G groups of s x g_N, the arrays built (all n
 * when fixed: d->arrays > 0).
 */
static inline void model_groups_of(const struct dse_design *d, double n_cols,
				   double n, struct model_size *s)
{
	s->n = n;
	s->group_n = model_min2(n_cols, floor(n / d->ksplit));
	s->groups = s->group_n >= 1 ? floor(n / (d->ksplit * s->group_n)) :
				      0.0;
	/* arrays that fit no whole group are not built (unless fixed) */
	s->arrays = d->arrays > 0 ? n : s->groups * d->ksplit * s->group_n;
}

/* Arrays, groups and g_N from the arrays area and power allow (fixed:
   d->arrays > 0 builds exactly that many). */
static inline void model_size_from(const struct dse_design *d, double n_cols,
				   double by_area, double by_power,
				   struct model_size *s)
{
	s->arrays_by_area = by_area;
	s->arrays_by_power = by_power;
	if (d->arrays > 0) {
		s->binding = DSE_BIND_ARRAYS;
		model_groups_of(d, n_cols, d->arrays, s);
	} else {
		s->binding = by_area <= by_power ? DSE_BIND_AREA : DSE_BIND_POWER;
		model_groups_of(d, n_cols, model_arrays_n(by_area, by_power), s);
	}
}

/* 1 when the weights (weight_bits of them) do not all fit in the SRAM. */
static inline int model_streams(const struct dse_model *model,
				double weight_bits)
{
	return weight_bits > model->sram_bits;
}

/* DSE_INF_SRAM or DSE_INF_DRAM when the weights fit nowhere, else
   DSE_FEASIBLE (MODEL.md 5.1). */
static inline enum dse_verdict model_memory_verdict(const struct dse_model *model,
						    double weight_bits)
{
	if (model_streams(model, weight_bits) &&
	    model->tech->dram_bandwidth_gbps <= 0)
		return DSE_INF_SRAM;
	if (model_streams(model, weight_bits) &&
	    weight_bits > model->dram_bits_max)
		return DSE_INF_DRAM;
	return DSE_FEASIBLE;
}

/* DSE_INF_AREA or DSE_INF_POWER (whichever allows fewer arrays) when not
   one group is built, else DSE_FEASIBLE. */
static inline enum dse_verdict model_group_verdict(double groups,
						   double by_area,
						   double by_power)
{
	if (groups < 1)
		return by_area <= by_power ? DSE_INF_AREA : DSE_INF_POWER;
	return DSE_FEASIBLE;
}

/*
 * The cycles of one batch at f: the parts without DRAM traffic, plus each
 * streaming part by its roofline at 1/G of the bandwidth (in cycles of f);
 * *dram_us receives the time of the parts DRAM bounds.
 */
static inline double model_batch_cycles(const struct dse_tech *t,
					const struct dse_work *w,
					double freq_ghz, double groups,
					double *dram_us)
{
	double total = w->onchip_cycles, one;
	enum dse_bound bound;
	size_t i;

	*dram_us = 0;
	for (i = 0; i < w->nstream; i++) {
		one = dse_roofline_us(t, w->stream[i].cycles, freq_ghz,
				      w->stream[i].dram_bits, groups,
				      DSE_BOUND_COMPUTE, &bound);
		if (bound == DSE_BOUND_DRAM) {
			*dram_us += one;
			total += one * freq_ghz * 1e3;
		} else {
			total += w->stream[i].cycles;
		}
	}
	return total;
}

/* Latency (us) of a batch of `cycles` cycles at f. */
static inline double model_latency_us(double cycles, double freq_ghz)
{
	return cycles / (freq_ghz * 1e3);
}

/* Throughput, TOp/s, of `macs` MACs (every group) in latency_us. */
static inline double model_throughput_tops(double macs, double latency_us)
{
	const double t_s = latency_us * 1e-6;

	return t_s > 0 ? 2.0 * macs / t_s * 1e-12 : 0.0;
}

/*
 * The steps of dse_model_eval after the sizing, on r (whose voltage,
 * frequency, weight bits and sizing fields are set): area and peak power
 * by component (MODEL.md 5); latency, throughput and energy by component
 * of a batch (section 6) from the work part of w.
 */
void model_budget_use(const struct dse_model *model, const struct dse_work *w,
		      struct dse_result *r);
void model_perform(const struct dse_model *model, const struct dse_work *w,
		   struct dse_result *r);

#endif
