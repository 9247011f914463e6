/*
 * kernel.c - one design shape at many operating points, for sweeps.
 *
 * dse_model_eval computes about a hundred figures per design; a sweep ranks
 * designs by a few of them.  The kernel splits the same computation by what
 * each quantity depends on: the operating point alone (V / V_nom), the
 * format and the operating point (E_pe at V), the shape alone (one array's
 * area and SRAM energy, the arrays the area allows), the shape and the g_N
 * (the work of a batch on a group), and the point.  Every step is one of
 * the functions of model_impl.h that dse_model_eval calls itself, so each
 * metric is bit for bit dse_model_eval's (tests/test_eval.c checks it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

struct dse_kernel {
	const struct dse_tech *tech;
	size_t nopps;
	struct dse_opp *opps;
	double *vs;          /* V / V_nom of each point */
	double *pe_energy;   /* E_pe at each point's voltage, for pe_of */
	double pe_of;        /* the E_pe at v_nom pe_energy is for; NAN: none */

	/* the shape */
	const struct dse_model *model;
	struct dse_design d;
	struct dse_work w;       /* shape part, and the work for one g_N */
	double pes;              /* h w */
	double pes_leak_w;       /* h w P_leak at v_nom */
	double n_cols;           /* ceil(N_max / w) */
	double by_area;          /* arrays the area left allows */
	double power_avail_w;    /* power left for arrays */
	double weight_bits, peak_dram_w;
	enum dse_verdict memory; /* SRAM or DRAM when the weights fit nowhere */
	int streams;             /* 1: some weights stream from DRAM */
	struct dse_result r;     /* scratch for the breakdown-based metrics */
};

/* A kernel over a copy of the operating points, V / V_nom precomputed. */
int dse_kernel_new(const struct dse_tech *tech, const struct dse_opp *opps,
		   size_t nopps, struct dse_kernel **out, struct dse_error *err)
{
	struct dse_kernel *k = calloc(1, sizeof *k);
	size_t j;

	*out = NULL;
	if (k == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	k->tech = tech;
	k->nopps = nopps;
	k->opps = calloc(nopps ? nopps : 1, sizeof *k->opps);
	k->vs = calloc(nopps ? nopps : 1, sizeof *k->vs);
	k->pe_energy = calloc(nopps ? nopps : 1, sizeof *k->pe_energy);
	if (k->opps == NULL || k->vs == NULL || k->pe_energy == NULL) {
		dse_kernel_free(k);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (j = 0; j < nopps; j++) {
		k->opps[j] = opps[j];
		k->vs[j] = opps[j].voltage_v / tech->v_nom_v;
	}
	k->pe_of = NAN;
	*out = k;
	return DSE_OK;
}

/* Free the kernel, its tables and its work buffers; NULL is a no-op. */
void dse_kernel_free(struct dse_kernel *k)
{
	if (k == NULL)
		return;
	model_work_release(&k->w);
	free(k->opps);
	free(k->vs);
	free(k->pe_energy);
	free(k);
}

/* DSE_EINPUT unless d can be swept: a format, a dataflow, sides, no fixed
   array count, a batch for ws and is. */
static int check_shape(const struct dse_design *d, struct dse_error *err)
{
	if (d->format == NULL || (unsigned)d->dataflow >= DSE_DATAFLOW_COUNT ||
	    d->rows < 1 || d->cols < 1 || d->ksplit < 1 || d->arrays > 0 ||
	    (!dse_dataflow_batch_on_rows(d->dataflow) && d->batch < 1))
		return dse_error_set(err, DSE_EINPUT,
				     "design: not a shape the kernel sweeps (format, dataflow, sides, batch, no fixed arrays)");
	return DSE_OK;
}

/* What the shape costs at any point: as dse_model_eval's size() starts. */
int dse_kernel_shape(struct dse_kernel *k, const struct dse_model *model,
		     const struct dse_design *d, struct dse_error *err)
{
	const struct dse_tech *t = model->tech;
	size_t j;
	int rc = check_shape(d, err);

	if (rc != DSE_OK)
		return rc;
	k->model = model;
	k->d = *d;
	k->w.level = MODEL_WORK_NONE;
	model_shape(model, d, &k->w);
	if (!(k->w.pe.energy_pj == k->pe_of)) {
		for (j = 0; j < k->nopps; j++)
			k->pe_energy[j] = k->w.pe.energy_pj * k->vs[j] * k->vs[j];
		k->pe_of = k->w.pe.energy_pj;
	}
	k->pes = (double)d->rows * d->cols;
	k->pes_leak_w = k->pes * k->w.pe.leak_w;
	k->n_cols = ceil(model->wl->n_max / d->cols);
	k->by_area = model->area_avail_mm2 / k->w.array_area_mm2;
	k->weight_bits = model->wl->weights * d->format->storage_bits;
	k->streams = model_streams(model, k->weight_bits) &&
		     t->dram_bandwidth_gbps > 0;
	k->peak_dram_w = k->streams ? dse_dram_peak_w(t) : 0.0;
	k->power_avail_w = model->power_avail_w;
	if (model->budget.dram_in_budget)
		k->power_avail_w -= k->peak_dram_w;
	k->memory = model_memory_verdict(model, k->weight_bits);
	return DSE_OK;
}

/* The sizing at point j: one array's peak power, the arrays, the verdict. */
void dse_kernel_size(const struct dse_kernel *k, size_t j,
		     struct dse_sizing *out)
{
	const struct dse_opp *o = &k->opps[j];
	const double p = model_array_power_w(&k->w, k->pes, k->pes_leak_w,
					     k->pe_energy[j], o->freq_ghz,
					     k->vs[j]);
	struct model_size s;

	model_size_from(&k->d, k->n_cols, k->by_area,
			k->power_avail_w > 0 ? k->power_avail_w / p : 0.0, &s);
	out->arrays = s.arrays;
	out->groups = s.groups;
	out->group_n = s.group_n;
	out->arrays_by_area = s.arrays_by_area;
	out->arrays_by_power = s.arrays_by_power;
	if (o->over_vmax)
		out->verdict = DSE_INF_FREQUENCY;
	else if (k->memory != DSE_FEASIBLE)
		out->verdict = k->memory;
	else
		out->verdict = model_group_verdict(s.groups, s.arrays_by_area,
						   s.arrays_by_power);
}

/* The scratch result as dse_model_eval has it once sized (the fields
   model_budget_use and model_perform read). */
static void sized_result(struct dse_kernel *k, size_t j,
			 const struct dse_sizing *s)
{
	struct dse_result *r = &k->r;
	const struct dse_opp *o = &k->opps[j];

	r->freq_ghz = o->freq_ghz;
	r->voltage_v = o->voltage_v;
	r->sram_mb = k->model->budget.sram_mb;
	r->weight_bits = k->weight_bits;
	r->accumulators = k->w.accumulators;
	r->pe = k->w.pe;
	r->pe_energy_pj = k->pe_energy[j];
	r->array_area_mm2 = k->w.array_area_mm2;
	r->array_peak_power_w = model_array_power_w(&k->w, k->pes,
						    k->pes_leak_w,
						    k->pe_energy[j],
						    o->freq_ghz, k->vs[j]);
	r->peak_dram_w = k->peak_dram_w;
	r->arrays_by_area = s->arrays_by_area;
	r->arrays_by_power = s->arrays_by_power;
	r->ksplit = k->d.ksplit;
	r->group_n = s->group_n;
	r->groups = s->groups;
	r->arrays = s->arrays;
	r->pes = r->arrays * k->pes;
	r->batch = model_full_batch(&k->d);
	r->items = r->groups * r->batch;
}

/* The metrics of mask at point j: timing alone when it suffices. */
int dse_kernel_metrics(struct dse_kernel *k, size_t j,
		       const struct dse_sizing *s, unsigned mask, double *out,
		       struct dse_error *err)
{
	const unsigned timing = DSE_METRIC_BIT(DSE_METRIC_LATENCY) |
				DSE_METRIC_BIT(DSE_METRIC_THROUGHPUT);
	const unsigned budget = DSE_METRIC_BIT(DSE_METRIC_AREA) |
				DSE_METRIC_BIT(DSE_METRIC_POWER);
	const enum model_level need = (mask & ~(timing | budget)) || k->streams ?
					      MODEL_WORK_FULL : MODEL_WORK_TIMING;
	const double f = k->opps[j].freq_ghz;
	double cycles, dram_us, lat;
	int rc;

	if ((int)k->w.level < (int)need || k->w.group_n != s->group_n) {
		rc = model_work(k->model, &k->d, s->group_n, need, &k->w, err);
		if (rc != DSE_OK)
			return rc;
	}
	if ((mask & ~timing) == 0) {
		cycles = model_batch_cycles(k->tech, &k->w, f, s->groups,
					    &dram_us);
		lat = model_latency_us(cycles, f);
		out[DSE_METRIC_LATENCY] = lat;
		out[DSE_METRIC_THROUGHPUT] =
			model_throughput_tops(s->groups * k->w.macs, lat);
		return DSE_OK;
	}
	sized_result(k, j, s);
	model_budget_use(k->model, &k->w, &k->r);
	out[DSE_METRIC_AREA] = k->r.area_mm2;
	out[DSE_METRIC_POWER] = k->r.peak_power_w;
	if (need == MODEL_WORK_FULL) {
		model_perform(k->model, &k->w, &k->r);
		out[DSE_METRIC_ENERGY] = k->r.energy_per_item_uj;
		out[DSE_METRIC_EFFICIENCY] = k->r.tops_per_w;
		out[DSE_METRIC_LATENCY] = k->r.latency_us;
		out[DSE_METRIC_THROUGHPUT] = k->r.throughput_tops;
		return DSE_OK;
	}
	cycles = model_batch_cycles(k->tech, &k->w, f, s->groups, &dram_us);
	lat = model_latency_us(cycles, f);
	out[DSE_METRIC_LATENCY] = lat;
	out[DSE_METRIC_THROUGHPUT] =
		model_throughput_tops(s->groups * k->w.macs, lat);
	return DSE_OK;
}
