/* eval.c - sizing, performance and energy of a design (MODEL.md 3, 5, 6). */
#include <math.h>
#include <string.h>

#include "dse_model.h"


static const char *const verdict_names[DSE_VERDICT_COUNT] = {
	[DSE_FEASIBLE] = "feasible",
	[DSE_INF_AREA] = "area",
	[DSE_INF_POWER] = "power",
	[DSE_INF_FREQUENCY] = "frequency",
	[DSE_INF_SRAM] = "sram",
	[DSE_INF_LATENCY] = "latency",
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

/* The smaller of two numbers, without a libm call in the hot path. */
static double min2(double a, double b)
{
	return a < b ? a : b;
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
 * One GEMM stage on one group of s K-slices x g_N N-slices.  A is read once
 * per K-slice and broadcast along N; B once per array; outputs once per
 * N-slice, the K-slices being reduced along the chain in flight.
 */
static void gemm_stage(const struct dse_model *model, const struct dse_design *d,
		       const struct dse_stage *st, double b, double group_n,
		       struct dse_work *w)
{
	const struct dse_tech *t = model->tech;
	const double rows = d->rows, cols = d->cols, s = d->ksplit;
	const double bits = d->format->storage_bits;
	const double mm = st->weights ? b * st->m : st->m;
	const double copies = st->weights ? st->count : b * st->count;
	const double a_n = min2(group_n, ceil(st->n / cols));
	const double rounds = ceil(copies / floor(group_n / a_n));
	const struct split ns = split(st->n, a_n), ks = split(st->k, s);
	struct dse_gemm_stats hh, hl, lh, ll; /* (N part, K part): hi/lo */
	double a_words, b_words, o_rd, o_wr, kparts;

	memset(&hl, 0, sizeof hl);
	memset(&lh, 0, sizeof lh);
	memset(&ll, 0, sizeof ll);
	dse_gemm_eval(d->dataflow, rows, cols, mm, ns.hi, ks.hi, t->fill_drain,
		      s - 1, &hh);
	if (ks.clo > 0)
		dse_gemm_eval(d->dataflow, rows, cols, mm, ns.hi, ks.lo,
			      t->fill_drain, s - 1, &hl);
	if (ns.clo > 0)
		dse_gemm_eval(d->dataflow, rows, cols, mm, ns.lo, ks.hi,
			      t->fill_drain, s - 1, &lh);
	if (ns.clo > 0 && ks.clo > 0)
		dse_gemm_eval(d->dataflow, rows, cols, mm, ns.lo, ks.lo,
			      t->fill_drain, s - 1, &ll);

	a_words = ks.chi * hh.a_reads + ks.clo * hl.a_reads;
	b_words = ns.chi * (ks.chi * hh.b_reads + ks.clo * hl.b_reads) +
		  ns.clo * (ks.chi * lh.b_reads + ks.clo * ll.b_reads);
	o_rd = ns.chi * hh.o_reads + ns.clo * lh.o_reads;
	o_wr = ns.chi * hh.o_writes + ns.clo * lh.o_writes;
	kparts = min2(s, st->k);

	w->cycles += rounds * hh.cycles;
	w->macs += copies * mm * st->n * st->k;
	w->read_words += copies * (a_words + b_words + o_rd);
	w->write_words += copies * o_wr;
	w->read_bits += copies * ((a_words + b_words) * bits + o_rd * DSE_PSUM_BITS);
	w->write_bits += copies * o_wr * DSE_PSUM_BITS;
	w->reduce_adds += copies * (kparts - 1) * mm * st->n;
}

/* The items of a full batch of d: the array height (os) or the batch. */
static double full_batch(const struct dse_design *d)
{
	return dse_dataflow_batch_on_rows(d->dataflow) ? d->rows : d->batch;
}

/* Cycles, MACs and SRAM traffic of a batch of b items on one group. */
static void work_items(const struct dse_model *model,
		       const struct dse_design *d, double b, double group_n,
		       struct dse_work *w)
{
	const struct dse_workload *wl = model->wl;
	size_t i;

	w->cycles = w->macs = w->reduce_adds = 0;
	w->read_words = w->write_words = w->read_bits = w->write_bits = 0;
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *st = &wl->stages[i];

		if (st->kind == DSE_STAGE_GEMM)
			gemm_stage(model, d, st, b, group_n, w);
		else
			w->cycles += ceil(st->ops_per_item * b /
					  model->tech->vector_lanes);
	}
	w->cycles *= wl->repeat;
	w->macs *= wl->repeat;
	w->read_words *= wl->repeat;
	w->write_words *= wl->repeat;
	w->read_bits *= wl->repeat;
	w->write_bits *= wl->repeat;
	w->reduce_adds *= wl->repeat;
	w->group_n = group_n;
}

/* Cycles, MACs and SRAM traffic of one full batch on one group. */
void dse_model_work(const struct dse_model *model, const struct dse_design *d,
		    double group_n, struct dse_work *w)
{
	work_items(model, d, full_batch(d), group_n, w);
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
static void shape(const struct dse_model *model, const struct dse_design *d,
		  struct dse_work *w)
{
	const struct dse_tech *t = model->tech;
	const double pes = (double)d->rows * d->cols;
	const double bits = d->format->storage_bits;
	double op_words, psum_rd, psum_wr;

	dse_pe_cost(t, d->format, &w->pe);
	w->array_area_mm2 = pes * w->pe.area_um2 * DSE_UM2_TO_MM2 +
			    t->array_fixed_area_mm2;
	dse_dataflow_peak_words(d->dataflow, d->rows, d->cols, &op_words,
				&psum_rd, &psum_wr);
	/* SRAM rail at nominal voltage: energies are not scaled */
	w->array_sram_pj = op_words * (bits * t->sram_read_pj_per_bit +
				       t->sram_read_access_pj) +
			   psum_rd * (DSE_PSUM_BITS * t->sram_read_pj_per_bit +
				      t->sram_read_access_pj) +
			   psum_wr * (DSE_PSUM_BITS * t->sram_write_pj_per_bit +
				      t->sram_write_access_pj);
	w->shaped = 1;
}

/* Peak power of one array at the design's voltage and the array count. */
static void size(const struct dse_model *model, const struct dse_design *d,
		 const struct dse_work *w, struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double pes = (double)d->rows * d->cols;
	const double vs = r->voltage_v / t->v_nom_v;
	double n;

	r->pe = w->pe;
	r->pe_energy_pj = r->pe.energy_pj * vs * vs;
	r->array_area_mm2 = w->array_area_mm2;
	r->array_peak_power_w =
		d->opp.freq_ghz * (pes * r->pe_energy_pj + w->array_sram_pj) *
			DSE_PJ_GHZ_TO_W +
		pes * r->pe.leak_w * vs;
	r->arrays_by_area = model->area_avail_mm2 / r->array_area_mm2;
	r->arrays_by_power = model->power_avail_w / r->array_peak_power_w;
	if (d->arrays > 0) {
		n = d->arrays;
		r->binding = DSE_BIND_ARRAYS;
	} else {
		n = floor(min2(r->arrays_by_area, r->arrays_by_power));
		r->binding = r->arrays_by_area <= r->arrays_by_power ?
				     DSE_BIND_AREA : DSE_BIND_POWER;
	}
	r->ksplit = d->ksplit;
	r->group_n = min2(ceil(model->wl->n_max / d->cols), floor(n / d->ksplit));
	r->groups = r->group_n >= 1 ?
			    floor(n / (d->ksplit * r->group_n)) : 0.0;
	/* arrays that fit no whole group are not built (unless fixed) */
	r->arrays = d->arrays > 0 ? n : r->groups * d->ksplit * r->group_n;
	r->pes = r->arrays * pes;
	r->batch = full_batch(d);
	r->items = r->groups * r->batch;
}

/* The first constraint the sized design breaks, or DSE_FEASIBLE. */
static enum dse_verdict verdict(const struct dse_model *model,
				const struct dse_design *d,
				const struct dse_result *r)
{
	if (d->opp.over_vmax)
		return DSE_INF_FREQUENCY;
	if (r->weight_bits > model->sram_bits)
		return DSE_INF_SRAM;
	if (d->arrays > 0) {
		if (d->arrays > r->arrays_by_area)
			return DSE_INF_AREA;
		if (d->arrays > r->arrays_by_power)
			return DSE_INF_POWER;
	}
	if (r->groups < 1)
		return r->arrays_by_area <= r->arrays_by_power ? DSE_INF_AREA :
								 DSE_INF_POWER;
	return DSE_FEASIBLE;
}

/* Budget use: area and peak power of what is built (section 5). */
static void budget_use(const struct dse_model *model, struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double sram_mb = model->budget.sram_mb;

	r->area_pe_mm2 = r->pes * r->pe.area_um2 * DSE_UM2_TO_MM2;
	r->area_array_fixed_mm2 = r->arrays * t->array_fixed_area_mm2;
	r->area_sram_mm2 = sram_mb * t->sram_mm2_per_mb;
	r->area_fixed_mm2 = t->fixed_area_mm2;
	r->area_mm2 = r->area_pe_mm2 + r->area_array_fixed_mm2 +
		      r->area_sram_mm2 + r->area_fixed_mm2;
	r->area_slack_mm2 = model->budget.area_mm2 - r->area_mm2;

	r->peak_pe_leak_w = r->pes * r->pe.leak_w * r->voltage_v / t->v_nom_v;
	r->peak_pe_dynamic_w = r->freq_ghz * r->pes * r->pe_energy_pj *
			       DSE_PJ_GHZ_TO_W;
	r->peak_sram_w = r->arrays * r->array_peak_power_w - r->peak_pe_leak_w -
			 r->peak_pe_dynamic_w;
	r->sram_leak_w = sram_mb * t->sram_leak_w_per_mb;
	r->fixed_power_w = t->fixed_power_w;
	r->peak_power_w = r->arrays * r->array_peak_power_w + r->sram_leak_w +
			  r->fixed_power_w;
	r->power_slack_w = model->budget.power_w - r->peak_power_w;
}

/* Latency, throughput and energy of one batch on every group (section 6). */
static void perform(const struct dse_model *model, const struct dse_work *w,
		    struct dse_result *r)
{
	const struct dse_tech *t = model->tech;
	const double g = r->groups, vs = r->voltage_v / t->v_nom_v;
	double t_s;

	r->cycles = w->cycles;
	r->latency_us = w->cycles / (r->freq_ghz * 1e3);
	t_s = r->latency_us * 1e-6;
	r->macs = g * w->macs;
	r->throughput_tops = t_s > 0 ? 2.0 * r->macs / t_s * 1e-12 : 0.0;
	r->pe_cycles = r->pes * w->cycles;
	r->utilization = r->pe_cycles > 0 ? r->macs / r->pe_cycles : 0.0;
	r->sram_read_bits = g * w->read_bits;
	r->sram_write_bits = g * w->write_bits;

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
	r->energy_pe_leak_uj = r->peak_pe_leak_w * t_s * 1e6;
	r->energy_sram_leak_uj = r->sram_leak_w * t_s * 1e6;
	r->energy_fixed_uj = r->fixed_power_w * t_s * 1e6;
	r->energy_uj = r->energy_mac_uj + r->energy_idle_uj +
		       r->energy_reduce_uj + r->energy_sram_read_uj +
		       r->energy_sram_write_uj + r->energy_pe_leak_uj +
		       r->energy_sram_leak_uj + r->energy_fixed_uj;
	r->energy_per_item_uj = r->items > 0 ? r->energy_uj / r->items : 0.0;
	r->avg_power_w = t_s > 0 ? r->energy_uj * 1e-6 / t_s : 0.0;
	r->tops_per_w = r->avg_power_w > 0 ? r->throughput_tops / r->avg_power_w : 0.0;
	r->tops_per_mm2 = r->throughput_tops / r->area_mm2;
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
	const double vs = r->voltage_v / t->v_nom_v;
	struct dse_work w;
	double group_pe_cycles;

	if (r->groups < 1)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "design: no group of arrays is built (%s), no service time",
				     dse_verdict_name(r->verdict));
	if (!(k >= 1 && k <= r->batch && k == floor(k)))
		return dse_error_set(err, DSE_EINPUT,
				     "batch of %g items: not a whole number in 1..%g",
				     k, r->batch);
	memset(&w, 0, sizeof w);
	work_items(model, d, k, r->group_n, &w);
	group_pe_cycles = r->pes / r->groups * w.cycles;
	out->items = k;
	out->cycles = w.cycles;
	out->latency_us = w.cycles / (r->freq_ghz * 1e3);
	out->macs = w.macs;
	/* the dynamic terms of section 6 for one group: MACs, idle PE-cycles,
	   the K-split reduction and SRAM accesses */
	out->energy_uj = (w.macs * r->pe_energy_pj +
			  (group_pe_cycles - w.macs) * t->pe_idle_fraction *
				  r->pe_energy_pj +
			  w.reduce_adds * r->pe.acc_pj * vs * vs +
			  w.read_bits * t->sram_read_pj_per_bit +
			  w.read_words * t->sram_read_access_pj +
			  w.write_bits * t->sram_write_pj_per_bit +
			  w.write_words * t->sram_write_access_pj) *
			 DSE_PJ_TO_UJ;
	return DSE_OK;
}

/* Evaluate d, recomputing the cached work only when g_N changes. */
int dse_model_eval_cached(const struct dse_model *model,
			  const struct dse_design *d, struct dse_work *cache,
			  struct dse_result *r, struct dse_error *err)
{
	int rc = check_design(d, err);

	if (rc != DSE_OK)
		return rc;
	memset(r, 0, sizeof *r);
	r->freq_ghz = d->opp.freq_ghz;
	r->voltage_v = d->opp.voltage_v;
	r->weight_bits = model->wl->weights * d->format->storage_bits;
	if (!cache->shaped)
		shape(model, d, cache);
	size(model, d, cache, r);
	budget_use(model, r);
	r->verdict = verdict(model, d, r);
	if (r->groups < 1)
		return DSE_OK;
	if (cache->group_n != r->group_n)
		dse_model_work(model, d, r->group_n, cache);
	perform(model, cache, r);
	return DSE_OK;
}

/* dse_model_eval_cached with a fresh, empty cache. */
int dse_model_eval(const struct dse_model *model, const struct dse_design *d,
		   struct dse_result *r, struct dse_error *err)
{
	struct dse_work w;

	memset(&w, 0, sizeof w);

	return dse_model_eval_cached(model, d, &w, r, err);
}
