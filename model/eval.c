/* eval.c - sizing, performance and energy of a design (MODEL.md 3, 5, 6). */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"


static const char *const verdict_names[DSE_VERDICT_COUNT] = {
	[DSE_FEASIBLE] = "feasible",
	[DSE_INF_AREA] = "area",
	[DSE_INF_POWER] = "power",
	[DSE_INF_FREQUENCY] = "frequency",
	[DSE_INF_SRAM] = "sram",
	[DSE_INF_DRAM] = "dram",
	[DSE_INF_CONSTRAINT] = "constraint",
};

/* Static name of a verdict ("feasible", "area", ...); "?" if out of range. */
const char *dse_verdict_name(enum dse_verdict v)
{
	return (unsigned)v < DSE_VERDICT_COUNT ? verdict_names[v] : "?";
}

/* Static name of a binding ("area", "power", "arrays"); "?" if out of range. */
const char *dse_binding_name(enum dse_binding b)
{
	static const char *const names[DSE_BINDING_COUNT] = { "area", "power",
							      "arrays" };

	return (unsigned)b < DSE_BINDING_COUNT ? names[b] : "?";
}

/* Static name of a bound ("compute", "sram", "dram"); "?" if out of range. */
const char *dse_bound_name(enum dse_bound b)
{
	static const char *const names[DSE_BOUND_COUNT] = { "compute", "sram",
							    "dram" };

	return (unsigned)b < DSE_BOUND_COUNT ? names[b] : "?";
}

/* Bits per GB of DRAM capacity (1 GB = 2^30 B) and per GB/s per us. */
#define BITS_PER_GB (8.0 * 1073741824.0)
#define BITS_PER_US_PER_GBPS 8e3

/* The larger of a stage's compute time and its DRAM time at 1/groups of the bandwidth. */
double dse_roofline_us(const struct dse_tech *tech, double compute_cycles,
		       double freq_ghz, double dram_bits, double groups,
		       enum dse_bound on_chip, enum dse_bound *bound)
{
	const double compute_us = compute_cycles / (freq_ghz * 1e3);
	double dram_us = 0.0;

	if (dram_bits > 0)
		dram_us = tech->dram_bandwidth_gbps > 0 ?
				  dram_bits * groups /
					  (tech->dram_bandwidth_gbps *
					   BITS_PER_US_PER_GBPS) :
				  INFINITY;
	if (bound)
		*bound = dram_us > compute_us ? DSE_BOUND_DRAM : on_chip;
	return dram_us > compute_us ? dram_us : compute_us;
}

/* dram_bits at the technology's pJ/bit, uJ. */
double dse_dram_energy_uj(const struct dse_tech *tech, double dram_bits)
{
	return dram_bits * tech->dram_pj_per_bit * DSE_PJ_TO_UJ;
}

/* Full bandwidth at the technology's pJ/bit, W (GB/s x 8e9 bit x pJ). */
double dse_dram_peak_w(const struct dse_tech *tech)
{
	return tech->dram_bandwidth_gbps * 8e9 * tech->dram_pj_per_bit * 1e-12;
}

/* DSE_EINPUT unless budget v is finite and in (0, max]. */
static int check_budget(const char *what, double v, double max,
			struct dse_error *err)
{
	if (!isfinite(v) || v <= 0 || v > max)
		return dse_error_set(err, DSE_EINPUT,
				     "budget %s: %g is not in (0, %g]", what, v,
				     max);
	return DSE_OK;
}

/* Check the budget and keep the area (mm2) and power (W) left for arrays. */
int dse_model_init(struct dse_model *model, const struct dse_tech *tech,
		   const struct dse_workload *wl, const struct dse_budget *b,
		   struct dse_error *err)
{
	double sram_area, sram_leak;
	int rc;

	if ((rc = check_budget("area_mm2", b->area_mm2, DSE_AREA_MAX_MM2, err)) ||
	    (rc = check_budget("power_w", b->power_w, DSE_POWER_MAX_W, err)) ||
	    (rc = check_budget("sram_mb", b->sram_mb, DSE_SRAM_MAX_MB, err)))
		return rc;
	memset(model, 0, sizeof *model);
	model->tech = tech;
	model->wl = wl;
	model->budget = *b;
	sram_area = b->sram_mb * tech->sram_mm2_per_mb;
	sram_leak = b->sram_mb * tech->sram_leak_w_per_mb;
	model->area_avail_mm2 = b->area_mm2 - sram_area - tech->fixed_area_mm2;
	model->power_avail_w = b->power_w - sram_leak - tech->fixed_power_w;
	model->sram_bits = b->sram_mb * DSE_BITS_PER_MB;
	model->dram_bits_max = tech->dram_bandwidth_gbps > 0 ?
				       tech->dram_capacity_gb * BITS_PER_GB : 0.0;
	if (model->area_avail_mm2 <= 0)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "budget: %g MB of SRAM (%g mm2) and fixed logic (%g mm2) leave nothing of the area budget (area_mm2) %g mm2",
				     b->sram_mb, sram_area, tech->fixed_area_mm2,
				     b->area_mm2);
	if (model->power_avail_w <= 0)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "budget: the leakage of %g MB of SRAM (%g W) and fixed power (%g W) leave nothing of the power budget (power_w) %g W",
				     b->sram_mb, sram_leak, tech->fixed_power_w,
				     b->power_w);
	return DSE_OK;
}

/* Split x into p near-equal whole parts: `chi` parts of `hi`, the rest `lo`. */
struct split {
	double hi, lo, chi, clo;
};

/* The near-equal split of x into p whole parts. */
static struct split split(double x, double p)
{
	struct split s;
	double q = floor(x / p), r = x - q * p;

	s.lo = q;
	s.hi = r > 0 ? q + 1 : q;
	s.chi = r > 0 ? r : p;
	s.clo = p - s.chi;
	return s;
}

/*
 * One M x N x K GEMM cut into its N parts (hi, lo) and K parts (hi, lo):
 * p[0] (N hi, K hi), p[1] (hi, lo), p[2] (lo, hi), p[3] (lo, lo); parts a
 * split does not have are left zero.
 */
static void eval_parts(const struct dse_design *d,
		       const struct dse_array_arch *arch, double m,
		       const struct split *ns, const struct split *ks,
		       struct dse_gemm_stats p[4])
{
	dse_gemm_eval_arch(d->dataflow, d->rows, d->cols, m, ns->hi, ks->hi,
			   arch, &p[0]);
	if (ks->clo > 0)
		dse_gemm_eval_arch(d->dataflow, d->rows, d->cols, m, ns->hi,
				   ks->lo, arch, &p[1]);
	else
		memset(&p[1], 0, sizeof p[1]);
	if (ns->clo > 0)
		dse_gemm_eval_arch(d->dataflow, d->rows, d->cols, m, ns->lo,
				   ks->hi, arch, &p[2]);
	else
		memset(&p[2], 0, sizeof p[2]);
	if (ns->clo > 0 && ks->clo > 0)
		dse_gemm_eval_arch(d->dataflow, d->rows, d->cols, m, ns->lo,
				   ks->lo, arch, &p[3]);
	else
		memset(&p[3], 0, sizeof p[3]);
}

/* A field of the four parts summed over every array of the split. */
static double over_arrays(const struct dse_gemm_stats p[4], size_t offset,
			  const struct split *ns, const struct split *ks)
{
	double v[4];
	size_t i;

	for (i = 0; i < 4; i++)
		v[i] = *(const double *)(const void *)((const char *)&p[i] + offset);
	return ns->chi * (ks->chi * v[0] + ks->clo * v[1]) +
	       ns->clo * (ks->chi * v[2] + ks->clo * v[3]);
}

#define OVER(p, field, ns, ks) \
	over_arrays(p, offsetof(struct dse_gemm_stats, field), ns, ks)

/*
 * One GEMM stage on one group of s K-slices x g_N N-slices.  A is read once
 * per K-slice and broadcast along N; B once per array; outputs once per
 * N-slice, the K-slices being reduced along the chain in flight.  A GEMM
 * narrower than the group (a_N < g_N arrays along N) runs floor(g_N /
 * a_N) copies at once, or, with fewer copies than that, splits its rows
 * over the idle arrays: `sets` sets run the same weights in step on
 * ceil(M / sets) rows each, B broadcast to them (MODEL.md 10, decision 8).
 * timing: only the cycles (of the slowest array) and the MACs.
 */
static void gemm_stage(const struct dse_model *model, const struct dse_design *d,
		       const struct dse_stage *st, double b, double group_n,
		       int acc, int timing, struct model_stage_work *w)
{
	const struct dse_tech *t = model->tech;
	const double s = d->ksplit;
	const double bits = d->format->storage_bits;
	const double mm = st->weights ? b * st->m : st->m;
	const double copies = st->weights ? st->count : b * st->count;
	const double a_n = model_min2(group_n, ceil(st->n / d->cols));
	const double conc = floor(group_n / a_n);
	const double rounds = ceil(copies / conc);
	const double sets = copies < conc ? model_min2(floor(conc / copies), mm) : 1.0;
	const struct split ns = split(st->n, a_n), ks = split(st->k, s);
	const struct dse_array_arch arch = { t->fill_drain, d->fold_overlap,
					     acc ? t->acc_depth : 0.0, s - 1 };
	struct dse_gemm_stats all[4], part[4]; /* every row; one set's rows */
	const struct dse_gemm_stats *set = all;
	double a_words, b_words, o_rd, o_wr, acc_words, kparts;

	if (timing) { /* the slowest array: N hi, K hi, of one set's rows */
		dse_gemm_eval_arch(d->dataflow, d->rows, d->cols,
				   sets > 1 ? ceil(mm / sets) : mm, ns.hi, ks.hi,
				   &arch, &all[0]);
		w->cycles = rounds * all[0].cycles;
		w->macs = copies * mm * st->n * st->k;
		return;
	}
	eval_parts(d, &arch, mm, &ns, &ks, all);
	if (sets > 1) {
		eval_parts(d, &arch, ceil(mm / sets), &ns, &ks, part);
		set = part;
	}

	a_words = ks.chi * all[0].a_reads + ks.clo * all[1].a_reads;
	b_words = OVER(set, b_reads, &ns, &ks);
	acc_words = OVER(all, acc_reads, &ns, &ks) + OVER(all, acc_writes, &ns, &ks);
	o_rd = ns.chi * all[0].o_reads + ns.clo * all[2].o_reads;
	o_wr = ns.chi * all[0].o_writes + ns.clo * all[2].o_writes;
	kparts = model_min2(s, st->k);

	w->cycles = rounds * set[0].cycles;
	w->stream_cycles = rounds * set[0].stream_cycles;
	w->preload_cycles = rounds * set[0].preload_cycles;
	w->macs = copies * mm * st->n * st->k;
	w->read_words = copies * (a_words + b_words + o_rd);
	w->write_words = copies * o_wr;
	w->read_bits = copies * ((a_words + b_words) * bits + o_rd * DSE_PSUM_BITS);
	w->write_bits = copies * o_wr * DSE_PSUM_BITS;
	w->acc_bits = copies * acc_words * DSE_PSUM_BITS;
	w->reduce_adds = copies * (kparts - 1) * mm * st->n;
	if (st->weights) {
		w->b_words = copies * b_words;
		w->b_bits = w->b_words * bits;
		w->weights = st->count * st->n * st->k;
	}
}

/* qsort order of weight stages: most reads per weight first, then in order. */
static int cmp_rank(const void *pa, const void *pb)
{
	const struct model_rank *a = pa, *b = pb;

	if (a->reuse != b->reuse)
		return a->reuse > b->reuse ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/*
 * Which weights stay in SRAM (MODEL.md 5.1): all of them when they fit;
 * otherwise, greedily, the stages with the most weight reads per batch per
 * weight (ties in workload order), each layer copy whole, and the part of
 * one copy that still fits.  This is the fractional knapsack that
 * minimises the weight bits read from DRAM per batch.
 */
static void place(const struct dse_model *model, const struct dse_design *d,
		  struct dse_work *w)
{
	const struct dse_workload *wl = model->wl;
	const double bits = d->format->storage_bits;
	double room = model->sram_bits / bits;
	size_t i, n = 0;

	w->weight_onchip = 0;
	for (i = 0; i < wl->nstages; i++)
		w->stage[i].onchip = wl->layers;
	if (wl->weights * bits <= model->sram_bits ||
	    model->tech->dram_bandwidth_gbps <= 0) {
		w->weight_onchip = wl->weights;
		return;
	}
	for (i = 0; i < wl->nstages; i++) {
		if (w->stage[i].weights <= 0)
			continue;
		w->rank[n].reuse = w->stage[i].b_words / w->stage[i].weights;
		w->rank[n++].i = i;
	}
	qsort(w->rank, n, sizeof *w->rank, cmp_rank);
	for (i = 0; i < n; i++) {
		struct model_stage_work *sw = &w->stage[w->rank[i].i];
		double take = room > 0 ? model_min2(wl->layers, room / sw->weights) : 0;

		sw->onchip = take;
		room -= take * sw->weights;
		w->weight_onchip += take * sw->weights;
	}
}

/* Append a streaming part of c cycles and dram_bits, when it has copies. */
static void add_stream(struct dse_work *w, double copies, double c,
		       double dram_bits)
{
	if (copies <= 0)
		return;
	w->stream[w->nstream].cycles = copies * c;
	w->stream[w->nstream++].dram_bits = copies * dram_bits;
}

/* Grow w's buffers to n stages; DSE_ENOMEM when they cannot. */
static int reserve(struct dse_work *w, size_t n, struct dse_error *err)
{
	struct model_stage_work *st;
	struct model_stream *sm;
	struct model_rank *rk;

	if (n <= w->cap && w->stage)
		return DSE_OK;
	st = realloc(w->stage, (n ? n : 1) * sizeof *st);
	if (st)
		w->stage = st;
	sm = realloc(w->stream, (2 * n + 1) * sizeof *sm);
	if (sm)
		w->stream = sm;
	rk = realloc(w->rank, (n ? n : 1) * sizeof *rk);
	if (rk)
		w->rank = rk;
	if (st == NULL || sm == NULL || rk == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	w->cap = n;
	return DSE_OK;
}

/*
 * Cycles, MACs and memory traffic of a batch of b items on one group, over
 * every layer and repeat, with the weights placed as in `placed` (the full
 * batch's work: the SRAM's contents do not change with the batch) or, when
 * NULL, by place(); the parts that stream weights from DRAM become
 * w->stream.
 */
static int work_items(const struct dse_model *model, const struct dse_design *d,
		      double b, double group_n, const struct dse_work *placed,
		      struct dse_work *w, struct dse_error *err)
{
	const struct dse_workload *wl = model->wl;
	const double layers = wl->layers, rep = wl->repeat;
	size_t i;
	int rc = reserve(w, wl->nstages, err);

	if (rc != DSE_OK)
		return rc;
	w->level = MODEL_WORK_NONE;
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *st = &wl->stages[i];
		struct model_stage_work *sw = &w->stage[i];

		memset(sw, 0, sizeof *sw);
		if (st->kind == DSE_STAGE_GEMM)
			gemm_stage(model, d, st, b, group_n, w->accumulators, 0,
				   sw);
		else
			sw->cycles = ceil(st->ops_per_item * b /
					  model->tech->vector_lanes);
	}
	if (placed == NULL) {
		place(model, d, w);
	} else {
		for (i = 0; i < wl->nstages; i++)
			w->stage[i].onchip = placed->stage[i].onchip;
		w->weight_onchip = placed->weight_onchip;
	}
	w->cycles = w->onchip_cycles = w->macs = w->reduce_adds = 0;
	w->read_words = w->write_words = w->read_bits = w->write_bits = 0;
	w->acc_bits = w->dram_bits = 0;
	w->nstream = 0;
	for (i = 0; i < wl->nstages; i++) {
		const struct model_stage_work *sw = &w->stage[i];
		double full, part, streamed;

		w->cycles += rep * layers * sw->cycles;
		if (sw->onchip == layers) { /* no DRAM traffic: the usual case */
			w->macs += rep * layers * sw->macs;
			w->reduce_adds += rep * layers * sw->reduce_adds;
			w->write_words += rep * layers * sw->write_words;
			w->write_bits += rep * layers * sw->write_bits;
			w->acc_bits += rep * layers * sw->acc_bits;
			w->read_words += rep * layers * sw->read_words;
			w->read_bits += rep * layers * sw->read_bits;
			w->onchip_cycles += rep * layers * sw->cycles;
			continue;
		}
		full = floor(sw->onchip);
		part = sw->onchip - full;
		streamed = layers - sw->onchip;
		w->macs += rep * layers * sw->macs;
		w->reduce_adds += rep * layers * sw->reduce_adds;
		w->write_words += rep * layers * sw->write_words;
		w->write_bits += rep * layers * sw->write_bits;
		w->acc_bits += rep * layers * sw->acc_bits;
		/* streamed weights come from DRAM instead of the SRAM */
		w->read_words += rep * (layers * sw->read_words -
					streamed * sw->b_words);
		w->read_bits += rep * (layers * sw->read_bits -
				       streamed * sw->b_bits);
		w->dram_bits += rep * streamed * sw->b_bits;
		w->onchip_cycles += rep * full * sw->cycles;
		add_stream(w, part > 0 ? rep : 0, sw->cycles,
			   (1.0 - part) * sw->b_bits);
		add_stream(w, rep * (layers - full - (part > 0)), sw->cycles,
			   sw->b_bits);
	}
	w->group_n = group_n;
	w->level = MODEL_WORK_FULL;
	return DSE_OK;
}

/*
 * The cycles and MACs of one full batch on one group whose weights all
 * stay in SRAM: the sums work_items makes of them, in the same order (the
 * placement keeps every stage on chip, so every stage takes the on-chip
 * branch there).
 */
static int work_timing(const struct dse_model *model,
		       const struct dse_design *d, double group_n,
		       struct dse_work *w, struct dse_error *err)
{
	const struct dse_workload *wl = model->wl;
	const double layers = wl->layers, rep = wl->repeat;
	const double b = model_full_batch(d);
	size_t i;
	int rc = reserve(w, wl->nstages, err);

	if (rc != DSE_OK)
		return rc;
	w->cycles = w->onchip_cycles = w->macs = 0;
	w->nstream = 0;
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *st = &wl->stages[i];
		struct model_stage_work *sw = &w->stage[i];

		if (st->kind == DSE_STAGE_GEMM) {
			gemm_stage(model, d, st, b, group_n, w->accumulators, 1,
				   sw);
		} else {
			sw->cycles = ceil(st->ops_per_item * b /
					  model->tech->vector_lanes);
			sw->macs = 0;
		}
		w->cycles += rep * layers * sw->cycles;
		w->macs += rep * layers * sw->macs;
		w->onchip_cycles += rep * layers * sw->cycles;
	}
	w->group_n = group_n;
	w->level = MODEL_WORK_TIMING;
	return DSE_OK;
}

/* Release w's buffers and forget what it was filled for. */
void model_work_release(struct dse_work *w)
{
	free(w->stage);
	free(w->stream);
	free(w->rank);
	w->stage = NULL;
	w->stream = NULL;
	w->rank = NULL;
	w->cap = 0;
	w->shaped = 0;
	w->level = MODEL_WORK_NONE;
	w->group_n = 0;
}

/* The work part of w at `level`: timing alone only when nothing streams. */
int model_work(const struct dse_model *model, const struct dse_design *d,
	       double group_n, enum model_level level, struct dse_work *w,
	       struct dse_error *err)
{
	if (level == MODEL_WORK_TIMING &&
	    (!model_streams(model, model->wl->weights * d->format->storage_bits) ||
	     model->tech->dram_bandwidth_gbps <= 0))
		return work_timing(model, d, group_n, w, err);
	return work_items(model, d, model_full_batch(d), group_n, NULL, w, err);
}

/* DSE_EINPUT for a malformed design: no format, bad dataflow, zero sides, ... */
static int check_design(const struct dse_design *d, struct dse_error *err)
{
	if (d->format == NULL)
		return dse_error_set(err, DSE_EINPUT, "design: no format");
	if ((unsigned)d->dataflow >= DSE_DATAFLOW_COUNT)
		return dse_error_set(err, DSE_EINPUT, "design: bad dataflow");
	if (d->rows < 1 || d->cols < 1 || d->ksplit < 1)
		return dse_error_set(err, DSE_EINPUT,
				     "design: rows, cols and k-split must be at least 1");
	if (!dse_dataflow_batch_on_rows(d->dataflow) && d->batch < 1)
		return dse_error_set(err, DSE_EINPUT,
				     "design: batch must be at least 1 for %s",
				     dse_dataflow_name(d->dataflow));
	if (!isfinite(d->opp.freq_ghz) || d->opp.freq_ghz <= 0)
		return dse_error_set(err, DSE_EINPUT,
				     "design: frequency must be positive");
	if (d->arrays > 0 && d->arrays < d->ksplit)
		return dse_error_set(err, DSE_EINPUT,
				     "design: %u arrays cannot form one group of %u K-slices",
				     d->arrays, d->ksplit);
	return DSE_OK;
}

/* One PE's and one array's cost, the same at every frequency (section 5). */
void model_shape(const struct dse_model *model, const struct dse_design *d,
		 struct dse_work *w)
{
	const struct dse_tech *t = model->tech;
	const double pes = (double)d->rows * d->cols;
	const double bits = d->format->storage_bits;
	const double psum_rd_pj = DSE_PSUM_BITS * t->sram_read_pj_per_bit +
				  t->sram_read_access_pj;
	const double psum_wr_pj = DSE_PSUM_BITS * t->sram_write_pj_per_bit +
				  t->sram_write_access_pj;
	double op_words, psum_rd, psum_wr, acc_mb;

	dse_pe_cost(t, d->format, &w->pe);
	/* os keeps its outputs in the PEs: no partial sums to accumulate */
	w->accumulators = d->accumulators && t->acc_depth > 0 &&
			  !dse_dataflow_batch_on_rows(d->dataflow);
	acc_mb = w->accumulators ? d->cols * t->acc_depth * DSE_PSUM_BITS /
					   DSE_BITS_PER_MB : 0.0;
	w->array_acc_mm2 = acc_mb * t->sram_mm2_per_mb;
	w->array_leak_w = acc_mb * t->sram_leak_w_per_mb;
	w->array_area_mm2 = pes * w->pe.area_um2 * DSE_UM2_TO_MM2 +
			    t->array_fixed_area_mm2 + w->array_acc_mm2;
	dse_dataflow_peak_words(d->dataflow, d->rows, d->cols, &op_words,
				&psum_rd, &psum_wr);
	/* SRAM rail at nominal voltage: energies are not scaled */
	w->array_sram_pj = op_words * (bits * t->sram_read_pj_per_bit +
				       t->sram_read_access_pj);
	if (w->accumulators) /* partial sums in the accumulators, and a
				column of outputs into the SRAM (MODEL.md 2.1) */
		w->array_sram_pj += (psum_rd + psum_wr) * DSE_PSUM_BITS *
					    t->acc_pj_per_bit +
				    psum_wr * psum_wr_pj;
	else
		w->array_sram_pj += psum_rd * psum_rd_pj + psum_wr * psum_wr_pj;
	w->shaped = 1;
}

/* Peak power of one array at the design's voltage and the array count. */
static void size(const struct dse_model *model, const struct dse_design *d,
		 const struct dse_work *w, struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double pes = (double)d->rows * d->cols;
	const double vs = r->voltage_v / t->v_nom_v;
	double power_avail = model->power_avail_w;
	struct model_size s;

	r->pe = w->pe;
	r->pe_energy_pj = r->pe.energy_pj * vs * vs;
	r->array_area_mm2 = w->array_area_mm2;
	r->array_peak_power_w = model_array_power_w(w, pes, pes * r->pe.leak_w,
						    r->pe_energy_pj,
						    d->opp.freq_ghz, vs);
	r->peak_dram_w = model_streams(model, r->weight_bits) &&
				 t->dram_bandwidth_gbps > 0 ?
			 dse_dram_peak_w(t) : 0.0;
	if (model->budget.dram_in_budget)
		power_avail -= r->peak_dram_w;
	model_size_from(d, ceil(model->wl->n_max / d->cols),
			model->area_avail_mm2 / r->array_area_mm2,
			power_avail > 0 ? power_avail / r->array_peak_power_w : 0.0,
			&s);
	r->arrays_by_area = s.arrays_by_area;
	r->arrays_by_power = s.arrays_by_power;
	r->binding = s.binding;
	r->ksplit = d->ksplit;
	r->group_n = s.group_n;
	r->groups = s.groups;
	r->arrays = s.arrays;
	r->pes = r->arrays * pes;
	r->batch = model_full_batch(d);
	r->items = r->groups * r->batch;
}

/* The first constraint the sized design breaks, or DSE_FEASIBLE. */
static enum dse_verdict verdict(const struct dse_model *model,
				const struct dse_design *d,
				const struct dse_result *r)
{
	enum dse_verdict v;

	if (d->opp.over_vmax)
		return DSE_INF_FREQUENCY;
	if ((v = model_memory_verdict(model, r->weight_bits)) != DSE_FEASIBLE)
		return v;
	if (d->arrays > 0) {
		if (d->arrays > r->arrays_by_area)
			return DSE_INF_AREA;
		if (d->arrays > r->arrays_by_power)
			return DSE_INF_POWER;
	}
	return model_group_verdict(r->groups, r->arrays_by_area,
				   r->arrays_by_power);
}

/* Budget use: area and peak power of what is built (section 5). */
void model_budget_use(const struct dse_model *model, const struct dse_work *w,
		      struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double sram_mb = model->budget.sram_mb;

	r->area_pe_mm2 = r->pes * r->pe.area_um2 * DSE_UM2_TO_MM2;
	r->area_array_fixed_mm2 = r->arrays * t->array_fixed_area_mm2;
	r->area_acc_mm2 = r->arrays * w->array_acc_mm2;
	r->area_sram_mm2 = sram_mb * t->sram_mm2_per_mb;
	r->area_fixed_mm2 = t->fixed_area_mm2;
	r->area_mm2 = r->area_pe_mm2 + r->area_array_fixed_mm2 +
		      r->area_acc_mm2 + r->area_sram_mm2 + r->area_fixed_mm2;
	r->area_slack_mm2 = model->budget.area_mm2 - r->area_mm2;

	r->peak_pe_leak_w = r->pes * r->pe.leak_w * r->voltage_v / t->v_nom_v;
	r->peak_pe_dynamic_w = r->freq_ghz * r->pes * r->pe_energy_pj *
			       DSE_PJ_GHZ_TO_W;
	r->peak_sram_w = r->arrays * r->array_peak_power_w - r->peak_pe_leak_w -
			 r->peak_pe_dynamic_w;
	r->sram_leak_w = sram_mb * t->sram_leak_w_per_mb;
	r->fixed_power_w = t->fixed_power_w;
	r->peak_power_w = r->arrays * r->array_peak_power_w + r->sram_leak_w +
			  r->fixed_power_w +
			  (model->budget.dram_in_budget ? r->peak_dram_w : 0.0);
	r->power_slack_w = model->budget.power_w - r->peak_power_w;
}

/* Latency, throughput and energy of one batch on every group (section 6). */
void model_perform(const struct dse_model *model, const struct dse_work *w,
		   struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double g = r->groups, vs = r->voltage_v / t->v_nom_v;
	double t_s;

	r->compute_cycles = w->cycles;
	r->cycles = model_batch_cycles(t, w, r->freq_ghz, g, &r->dram_bound_us);
	r->latency_us = model_latency_us(r->cycles, r->freq_ghz);
	t_s = r->latency_us * 1e-6;
	r->macs = g * w->macs;
	r->throughput_tops = model_throughput_tops(r->macs, r->latency_us);
	/* PEs stalled on DRAM idle, clock-gated */
	r->pe_cycles = r->pes * r->cycles;
	r->utilization = r->pe_cycles > 0 ? r->macs / r->pe_cycles : 0.0;
	r->sram_read_bits = g * w->read_bits;
	r->sram_write_bits = g * w->write_bits;
	r->acc_bits = g * w->acc_bits;
	r->dram_bits = g * w->dram_bits;
	r->weight_onchip_bits = w->weight_onchip * model->wl->weights > 0 ?
					w->weight_onchip * r->weight_bits /
						model->wl->weights :
					0.0;

	r->energy_mac_uj = r->macs * r->pe_energy_pj * DSE_PJ_TO_UJ;
	r->energy_idle_uj = (r->pe_cycles - r->macs) * t->pe_idle_fraction *
			    r->pe_energy_pj * DSE_PJ_TO_UJ;
	r->energy_reduce_uj = g * w->reduce_adds * r->pe.acc_pj * vs * vs *
			      DSE_PJ_TO_UJ;
	r->energy_sram_read_uj = g * (w->read_bits * t->sram_read_pj_per_bit +
				      w->read_words * t->sram_read_access_pj) *
				 DSE_PJ_TO_UJ;
	r->energy_sram_write_uj = g * (w->write_bits * t->sram_write_pj_per_bit +
				       w->write_words * t->sram_write_access_pj) *
				  DSE_PJ_TO_UJ;
	r->energy_acc_uj = r->acc_bits * t->acc_pj_per_bit * DSE_PJ_TO_UJ;
	r->energy_dram_uj = dse_dram_energy_uj(t, r->dram_bits);
	r->energy_pe_leak_uj = r->peak_pe_leak_w * t_s * 1e6;
	r->energy_sram_leak_uj = (r->sram_leak_w + r->arrays * w->array_leak_w) *
				 t_s * 1e6;
	r->energy_fixed_uj = r->fixed_power_w * t_s * 1e6;
	r->energy_uj = r->energy_mac_uj + r->energy_idle_uj +
		       r->energy_reduce_uj + r->energy_sram_read_uj +
		       r->energy_sram_write_uj + r->energy_acc_uj +
		       r->energy_pe_leak_uj + r->energy_sram_leak_uj +
		       r->energy_fixed_uj + r->energy_dram_uj;
	r->energy_per_item_uj = r->items > 0 ? r->energy_uj / r->items : 0.0;
	r->avg_power_w = t_s > 0 ?
				 (r->energy_uj - r->energy_dram_uj) * 1e-6 / t_s :
				 0.0;
	r->dram_power_w = t_s > 0 ? r->energy_dram_uj * 1e-6 / t_s : 0.0;
	r->tops_per_w = r->avg_power_w + r->dram_power_w > 0 ?
				r->throughput_tops /
					(r->avg_power_w + r->dram_power_w) :
				0.0;
	r->tops_per_mm2 = r->throughput_tops / r->area_mm2;
}

/*
 * The dynamic terms of section 6 for one group, uJ: MACs, idle PE-cycles,
 * the K-split reduction, SRAM and accumulator accesses (DRAM apart).
 */
static double dynamic_uj(const struct dse_tech *t, const struct dse_result *r,
			 double macs, double pe_cycles, double reduce_adds,
			 double read_bits, double read_words, double write_bits,
			 double write_words, double acc_bits)
{
	const double vs = r->voltage_v / t->v_nom_v;

	return (macs * r->pe_energy_pj +
		(pe_cycles - macs) * t->pe_idle_fraction * r->pe_energy_pj +
		reduce_adds * r->pe.acc_pj * vs * vs +
		read_bits * t->sram_read_pj_per_bit +
		read_words * t->sram_read_access_pj +
		write_bits * t->sram_write_pj_per_bit +
		write_words * t->sram_write_access_pj +
		acc_bits * t->acc_pj_per_bit) * DSE_PJ_TO_UJ;
}

/* One stage of any workload on one group of an evaluated design. */
int dse_model_stage_cost(const struct dse_model *model,
			 const struct dse_design *d, const struct dse_result *r,
			 const struct dse_stage *st, double b,
			 struct dse_batch_cost *out, struct dse_error *err)
{
	const struct dse_tech *t = model->tech;
	struct model_stage_work sw;

	if (r->groups < 1)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "design: no group of arrays is built (%s)",
				     dse_verdict_name(r->verdict));
	if (!(b >= 1 && isfinite(b)))
		return dse_error_set(err, DSE_EINPUT,
				     "stage %s: batch %g is not at least 1", st->name, b);
	memset(&sw, 0, sizeof sw);
	if (st->kind == DSE_STAGE_GEMM)
		gemm_stage(model, d, st, b, r->group_n, r->accumulators, 0, &sw);
	else
		sw.cycles = ceil(st->ops_per_item * b / t->vector_lanes);
	out->items = b;
	out->cycles = sw.cycles;
	out->latency_us = sw.cycles / (r->freq_ghz * 1e3);
	out->macs = sw.macs;
	out->energy_uj = dynamic_uj(t, r, sw.macs, r->pes / r->groups * sw.cycles,
				    sw.reduce_adds, sw.read_bits, sw.read_words,
				    sw.write_bits, sw.write_words, sw.acc_bits);
	return DSE_OK;
}

/*
 * Service time and dynamic energy of one group running a batch of k items
 * (SERVING.md section 11): the design keeps its sizing, voltage and
 * frequency; only M shrinks with k (os: k of the h rows hold items).
 */
int dse_model_batch(const struct dse_model *model, const struct dse_design *d,
		    const struct dse_result *r, double k,
		    struct dse_batch_cost *out, struct dse_error *err)
{
	const struct dse_tech *t = model->tech;
	struct dse_work full, w;
	double group_pe_cycles, dram_us;
	int rc;

	if (r->groups < 1)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "design: no group of arrays is built (%s), no service time",
				     dse_verdict_name(r->verdict));
	if (!(k >= 1 && k <= r->batch && k == floor(k)))
		return dse_error_set(err, DSE_EINPUT,
				     "batch of %g items: not a whole number in 1..%g",
				     k, r->batch);
	memset(&full, 0, sizeof full);
	memset(&w, 0, sizeof w);
	model_shape(model, d, &full);
	w.accumulators = full.accumulators;
	/* the SRAM holds what the full batch's placement put there */
	rc = model_work(model, d, r->group_n, MODEL_WORK_FULL, &full, err);
	if (rc == DSE_OK)
		rc = work_items(model, d, k, r->group_n, &full, &w, err);
	if (rc == DSE_OK) {
		out->items = k;
		out->cycles = model_batch_cycles(t, &w, r->freq_ghz, r->groups,
						 &dram_us);
		out->latency_us = model_latency_us(out->cycles, r->freq_ghz);
		out->macs = w.macs;
		group_pe_cycles = r->pes / r->groups * out->cycles;
		out->energy_uj = dynamic_uj(t, r, w.macs, group_pe_cycles,
					    w.reduce_adds, w.read_bits,
					    w.read_words, w.write_bits,
					    w.write_words, w.acc_bits) +
				 dse_dram_energy_uj(t, w.dram_bits);
	}
	model_work_release(&full);
	model_work_release(&w);
	return rc;
}

/* What a cache filled for design d on model would have to match. */
static void key_of(const struct dse_model *model, const struct dse_design *d,
		   struct model_key *k)
{
	memset(k, 0, sizeof *k); /* the padding too: keys compare as bytes */
	k->format = *d->format;
	k->tech = model->tech;
	k->wl = model->wl;
	k->sram_bits = model->sram_bits;
	k->dram_bits_max = model->dram_bits_max;
	k->rows = d->rows;
	k->cols = d->cols;
	k->ksplit = d->ksplit;
	k->batch = model_full_batch(d);
	k->dataflow = (int)d->dataflow;
	k->fold_overlap = d->fold_overlap;
	k->accumulators = d->accumulators;
}

/* A cache for dse_model_eval_cached, empty; NULL when out of memory. */
struct dse_work *dse_work_new(void)
{
	return calloc(1, sizeof(struct dse_work));
}

/* Free a cache and its buffers; NULL is a no-op. */
void dse_work_free(struct dse_work *w)
{
	if (w == NULL)
		return;
	model_work_release(w);
	free(w);
}

/* Evaluate d, reusing what the cache holds when it was filled for d. */
int dse_model_eval_cached(const struct dse_model *model,
			  const struct dse_design *d, struct dse_work *cache,
			  struct dse_result *r, struct dse_error *err)
{
	struct model_key key;
	int rc = check_design(d, err);

	if (rc != DSE_OK)
		return rc;
	key_of(model, d, &key);
	if (!cache->shaped || memcmp(&key, &cache->key, sizeof key) != 0) {
		cache->key = key;
		cache->level = MODEL_WORK_NONE;
		model_shape(model, d, cache);
	}
	memset(r, 0, sizeof *r);
	r->freq_ghz = d->opp.freq_ghz;
	r->voltage_v = d->opp.voltage_v;
	r->sram_mb = model->budget.sram_mb;
	r->weight_bits = model->wl->weights * d->format->storage_bits;
	r->accumulators = cache->accumulators;
	size(model, d, cache, r);
	model_budget_use(model, cache, r);
	r->verdict = verdict(model, d, r);
	if (r->groups < 1 || r->verdict == DSE_INF_SRAM ||
	    r->verdict == DSE_INF_DRAM)
		return DSE_OK;
	if ((cache->level != MODEL_WORK_FULL || cache->group_n != r->group_n) &&
	    (rc = model_work(model, d, r->group_n, MODEL_WORK_FULL, cache,
			     err)) != DSE_OK)
		return rc;
	model_perform(model, cache, r);
	return DSE_OK;
}

/* dse_model_eval_cached with a fresh cache, freed after. */
int dse_model_eval(const struct dse_model *model, const struct dse_design *d,
		   struct dse_result *r, struct dse_error *err)
{
	struct dse_work w;
	int rc;

	memset(&w, 0, sizeof w);
	rc = dse_model_eval_cached(model, d, &w, r, err);
	model_work_release(&w);
	return rc;
}

/* One stage's report from the work of its design (see dse_model_stages). */
static void stage_report(const struct dse_model *model, const struct dse_result *r,
			 const struct model_stage_work *sw, size_t i,
			 struct dse_stage_report *out)
{
	const struct dse_workload *wl = model->wl;
	const double layers = wl->layers, rep = wl->repeat;
	const double full = floor(sw->onchip), part = sw->onchip - full;
	const double rest = layers - full - (part > 0);
	const enum dse_bound chip = sw->preload_cycles > sw->stream_cycles ?
					    DSE_BOUND_SRAM : DSE_BOUND_COMPUTE;
	enum dse_bound b1 = chip, b2 = chip;
	double t_part = 0, t_rest = 0;

	out->stage = &wl->stages[i];
	out->copies = layers;
	out->onchip_fraction = sw->weights > 0 ? sw->onchip / layers : 1.0;
	out->cycles = rep * layers * sw->cycles;
	out->dram_bits = r->groups * rep * (layers - sw->onchip) * sw->b_bits;
	if (part > 0)
		t_part = dse_roofline_us(model->tech, rep * sw->cycles,
					 r->freq_ghz, rep * (1 - part) * sw->b_bits,
					 r->groups, chip, &b1);
	if (rest > 0)
		t_rest = dse_roofline_us(model->tech, rep * rest * sw->cycles,
					 r->freq_ghz, rep * rest * sw->b_bits,
					 r->groups, chip, &b2);
	out->time_us = rep * full * sw->cycles / (r->freq_ghz * 1e3) + t_part +
		       t_rest;
	out->bound = b1 == DSE_BOUND_DRAM || b2 == DSE_BOUND_DRAM ?
			     DSE_BOUND_DRAM : chip;
}

/* Each stage's cycles, time, DRAM traffic and bound for an evaluated design. */
int dse_model_stages(const struct dse_model *model, const struct dse_design *d,
		     const struct dse_result *r, struct dse_stage_report **out,
		     struct dse_error *err)
{
	struct dse_work w;
	size_t i;
	int rc = check_design(d, err);

	*out = NULL;
	if (rc != DSE_OK)
		return rc;
	if (r->groups < 1)
		return dse_error_set(err, DSE_EINPUT,
				     "design: no group of arrays, no stages to report");
	memset(&w, 0, sizeof w);
	model_shape(model, d, &w);
	rc = model_work(model, d, r->group_n, MODEL_WORK_FULL, &w, err);
	if (rc == DSE_OK) {
		*out = calloc(model->wl->nstages ? model->wl->nstages : 1,
			      sizeof **out);
		if (*out == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (i = 0; rc == DSE_OK && i < model->wl->nstages; i++)
		stage_report(model, r, &w.stage[i], i, &(*out)[i]);
	model_work_release(&w);
	return rc;
}
