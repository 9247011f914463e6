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
	int ascending;       /* 1: the points rise strictly in frequency */
	int monotone;        /* 1: and never fall in voltage */
	size_t first_over;   /* first point above f(v_max) when ascending */

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
	k->ascending = k->monotone = 1;
	k->first_over = nopps;
	for (j = 0; j < nopps; j++) {
		k->opps[j] = opps[j];
		k->vs[j] = opps[j].voltage_v / tech->v_nom_v;
		if (j > 0 && !(opps[j].freq_ghz > opps[j - 1].freq_ghz))
			k->ascending = 0;
		if (j > 0 && !(k->vs[j] >= k->vs[j - 1]))
			k->monotone = 0;
		if (opps[j].over_vmax && k->first_over == nopps)
			k->first_over = j;
		if (!opps[j].over_vmax && k->first_over < j)
			k->monotone = 0; /* over_vmax must be a suffix */
	}
	k->monotone = k->monotone && k->ascending;
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

/* The verdict of a sizing: frequency, memory, then a group (as eval.c). */
static enum dse_verdict verdict_of(const struct dse_kernel *k, size_t j,
				   const struct dse_sizing *s)
{
	if (k->opps[j].over_vmax)
		return DSE_INF_FREQUENCY;
	if (k->memory != DSE_FEASIBLE)
		return k->memory;
	return model_group_verdict(s->groups, s->arrays_by_area,
				   s->arrays_by_power);
}

/* The arrays the power left allows at point j (one array's peak power). */
static inline double by_power(const struct dse_kernel *k, size_t j)
{
	const double p = model_array_power_w(&k->w, k->pes, k->pes_leak_w,
					     k->pe_energy[j],
					     k->opps[j].freq_ghz, k->vs[j]);

	return k->power_avail_w > 0 ? k->power_avail_w / p : 0.0;
}

/* The sizing at point j: one array's peak power, the arrays, the verdict. */
void dse_kernel_size(const struct dse_kernel *k, size_t j,
		     struct dse_sizing *out)
{
	struct model_size s;

	model_size_from(&k->d, k->n_cols, k->by_area, by_power(k, j), &s);
	out->arrays = s.arrays;
	out->groups = s.groups;
	out->group_n = s.group_n;
	out->arrays_by_area = s.arrays_by_area;
	out->arrays_by_power = s.arrays_by_power;
	out->verdict = verdict_of(k, j, out);
}

/*
 * The verdicts of points j.. (the first builds no group, and the table is
 * monotone, so none after it builds one): above f(v_max) from first_over
 * on; before it area while the area allows fewer arrays than the power,
 * then power (the arrays the power allows fall with the point).
 */
static void count_rest(const struct dse_kernel *k, size_t j, double *counts)
{
	const size_t end = k->first_over > j ? k->first_over : j;
	size_t lo = j, hi = end;

	counts[DSE_INF_FREQUENCY] += (double)(k->nopps - end);
	while (lo < hi) { /* first point where the power allows fewer */
		size_t mid = lo + (hi - lo) / 2;

		if (k->by_area <= by_power(k, mid))
			lo = mid + 1;
		else
			hi = mid;
	}
	counts[DSE_INF_AREA] += (double)(lo - j);
	counts[DSE_INF_POWER] += (double)(end - lo);
}

/*
 * The sizing of points [0, *m): the grouping of an array count computed
 * once per count.  With a monotone table (frequency rising, voltage not
 * falling, so one array's peak power does not fall: every operation of
 * model_array_power_w is a correctly rounded product or sum of
 * non-negative numbers) the arrays the power allows do not rise, and
 * from the first point that builds no group on none does: their
 * verdicts go to counts; so do those of a shape whose weights fit nowhere.
 */
void dse_kernel_size_all(const struct dse_kernel *k, struct dse_sizing *out,
			 size_t *m, double *counts)
{
	struct model_size s;
	size_t j;

	*m = k->nopps;
	if (k->memory != DSE_FEASIBLE) {
		const size_t end = k->ascending ? k->first_over : k->nopps;

		for (j = end; j < k->nopps; j++)
			counts[k->opps[j].over_vmax ? DSE_INF_FREQUENCY : k->memory]++;
		counts[k->memory] += (double)end;
		*m = 0;
		return;
	}
	s.n = -1;
	s.group_n = s.groups = s.arrays = 0;
	for (j = 0; j < k->nopps; j++) {
		const double bp = by_power(k, j);
		const double n = model_arrays_n(k->by_area, bp);

		if (n != s.n)
			model_groups_of(&k->d, k->n_cols, n, &s);
		if (k->monotone && s.groups < 1) {
			count_rest(k, j, counts);
			*m = j;
			return;
		}
		out[j].arrays = s.arrays;
		out[j].groups = s.groups;
		out[j].group_n = s.group_n;
		out[j].arrays_by_area = k->by_area;
		out[j].arrays_by_power = bp;
		out[j].verdict = verdict_of(k, j, &out[j]);
	}
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

/* The work for sizing s at level `need` (or more), computed when missing. */
static int ensure_work(struct dse_kernel *k, const struct dse_sizing *s,
		       enum model_level need, struct dse_error *err)
{
	if (k->streams && need == MODEL_WORK_TIMING)
		need = MODEL_WORK_FULL; /* the placement sets the time */
	if ((int)k->w.level >= (int)need && k->w.group_n == s->group_n)
		return DSE_OK;
	return model_work(k->model, &k->d, s->group_n, need, &k->w, err);
}

/* Latency at point j of a design sized s whose work is in k->w. */
static double latency_at(const struct dse_kernel *k, size_t j,
			 const struct dse_sizing *s)
{
	const double f = k->opps[j].freq_ghz;
	double dram_us;

	return model_latency_us(model_batch_cycles(k->tech, &k->w, f, s->groups,
						   &dram_us),
				f);
}

/*
 * The fastest of j0..j1.  Without streamed weights a batch takes the same
 * cycles at every point, and its latency, cycles / fl(f 1e3), cannot rise
 * with f (a correctly rounded product and quotient are monotone), so when
 * the second fastest point is strictly slower the fastest is the last;
 * otherwise (ties, DRAM-bound parts) every point is compared.
 */
int dse_kernel_fastest(struct dse_kernel *k, size_t j0, size_t j1,
		       const struct dse_sizing *s, size_t *best,
		       struct dse_error *err)
{
	double lat, min;
	size_t j;
	int rc = ensure_work(k, s, MODEL_WORK_TIMING, err);

	if (rc != DSE_OK)
		return rc;
	*best = j1;
	if (j0 == j1)
		return DSE_OK;
	if (k->ascending && k->w.nstream == 0 &&
	    latency_at(k, j1 - 1, s) > latency_at(k, j1, s))
		return DSE_OK;
	*best = j0;
	min = latency_at(k, j0, s);
	for (j = j0 + 1; j <= j1; j++)
		if ((lat = latency_at(k, j, s)) < min) {
			min = lat;
			*best = j;
		}
	return DSE_OK;
}

/* Peak-rate bounds at point j: MACs / (PEs of a group x f), peak TOp/s. */
void dse_kernel_bound(const struct dse_kernel *k, size_t j,
		      const struct dse_sizing *s, double *latency_us,
		      double *throughput_tops)
{
	const double f = k->opps[j].freq_ghz;
	const double macs = model_full_batch(&k->d) * k->model->wl->macs_per_item;
	const double group_pes = k->d.ksplit * s->group_n * k->pes;

	*latency_us = macs / (group_pes * f * 1e3) * (1 - 1e-9);
	*throughput_tops = 2e-3 * s->arrays * k->pes * f * (1 + 1e-9);
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
	const int energy = (mask & ~(timing | budget)) != 0;
	double lat;
	int rc;

	if (mask & ~budget) {
		rc = ensure_work(k, s, energy ? MODEL_WORK_FULL : MODEL_WORK_TIMING,
				 err);
		if (rc != DSE_OK)
			return rc;
	}
	if (mask & ~timing) {
		sized_result(k, j, s);
		model_budget_use(k->model, &k->w, &k->r);
		out[DSE_METRIC_AREA] = k->r.area_mm2;
		out[DSE_METRIC_POWER] = k->r.peak_power_w;
	}
	if (energy) {
		model_perform(k->model, &k->w, &k->r);
		out[DSE_METRIC_ENERGY] = k->r.energy_per_item_uj;
		out[DSE_METRIC_EFFICIENCY] = k->r.tops_per_w;
		out[DSE_METRIC_LATENCY] = k->r.latency_us;
		out[DSE_METRIC_THROUGHPUT] = k->r.throughput_tops;
		return DSE_OK;
	}
	if (mask & timing) {
		lat = latency_at(k, j, s);
		out[DSE_METRIC_LATENCY] = lat;
		out[DSE_METRIC_THROUGHPUT] =
			model_throughput_tops(s->groups * k->w.macs, lat);
	}
	return DSE_OK;
}
