/* text.c - readable breakdowns for the terminal. */
#include <math.h>
#include <stdio.h>

#include "dse_output.h"

/* A labelled share of a total: "  label   value unit   (pct %)". */
static void share(FILE *f, const char *label, double v, double total,
		  const char *unit)
{
	fprintf(f, "  %-22s %12.4g %-5s %6.1f %%\n", label, v, unit,
		total > 0 ? 100.0 * v / total : 0.0);
}

/* "  label   value unit": whole numbers as such, others to 4 digits. */
static void line(FILE *f, const char *label, double v, const char *unit)
{
	if (isfinite(v) && fabs(v) < 1e15 && v == floor(v))
		fprintf(f, "  %-22s %12.0f%s%s\n", label, v, *unit ? " " : "", unit);
	else
		fprintf(f, "  %-22s %12.4g%s%s\n", label, v, *unit ? " " : "", unit);
}

/* A design's sizing, performance, and area, power and energy breakdowns. */
int dse_text_eval(FILE *f, const struct dse_model *model,
		  const struct dse_point *p)
{
	const struct dse_design *d = &p->design;
	const struct dse_result *r = &p->result;
	const struct dse_budget *b = &model->budget;

	fprintf(f, "design     %s, %s, %u x %u arrays, k-split %u, %.4g GHz at %.4g V\n",
		d->format->name, dse_dataflow_name(d->dataflow), d->rows,
		d->cols, d->ksplit, r->freq_ghz, r->voltage_v);
	fprintf(f, "setting    technology %s, workload %s, budget %g mm2, %g W, %g MB SRAM\n",
		model->tech->name, model->wl->name, b->area_mm2, b->power_w,
		b->sram_mb);
	fprintf(f, "verdict    %s\n\n",
		r->verdict == DSE_FEASIBLE ? "feasible" :
		dse_verdict_name(r->verdict));

	fprintf(f, "sizing\n");
	line(f, "arrays built", r->arrays, "");
	fprintf(f, "  %-22s %12.0f x (%.0f K-slices x %.0f along N)\n", "groups",
		r->groups, r->ksplit, r->group_n);
	fprintf(f, "  %-22s %12s (area allows %.2f arrays, power %.2f)\n",
		"binding constraint", dse_binding_name(r->binding),
		r->arrays_by_area, r->arrays_by_power);
	line(f, "PEs", r->pes, "");
	line(f, "PE energy", r->pe_energy_pj, "pJ/MAC (at voltage)");
	line(f, "PE area", r->pe.area_um2, "um2");
	line(f, "one array", r->array_area_mm2, "mm2");
	line(f, "one array, peak", r->array_peak_power_w, "W");

	fprintf(f, "\nperformance (one batch of %.0f items)\n", r->items);
	line(f, "latency", r->latency_us, "us");
	line(f, "cycles", r->cycles, "");
	line(f, "throughput", r->throughput_tops, "TOp/s");
	line(f, "utilization", 100.0 * r->utilization, "% of PE-cycles");
	line(f, "energy per item", r->energy_per_item_uj, "uJ");
	line(f, "average power", r->avg_power_w, "W");
	line(f, "efficiency", r->tops_per_w, "TOp/s/W");
	line(f, "density", r->tops_per_mm2, "TOp/s/mm2");
	line(f, "weights in SRAM", r->weight_bits / DSE_BITS_PER_MB, "MB");

	fprintf(f, "\narea                         %g mm2 budget, %.4g left\n",
		b->area_mm2, r->area_slack_mm2);
	share(f, "PEs", r->area_pe_mm2, r->area_mm2, "mm2");
	share(f, "array fixed", r->area_array_fixed_mm2, r->area_mm2, "mm2");
	share(f, "SRAM", r->area_sram_mm2, r->area_mm2, "mm2");
	share(f, "fixed", r->area_fixed_mm2, r->area_mm2, "mm2");
	share(f, "total", r->area_mm2, r->area_mm2, "mm2");

	fprintf(f, "\npeak power                   %g W budget, %.4g left\n",
		b->power_w, r->power_slack_w);
	share(f, "PE dynamic", r->peak_pe_dynamic_w, r->peak_power_w, "W");
	share(f, "PE leakage", r->peak_pe_leak_w, r->peak_power_w, "W");
	share(f, "SRAM streaming", r->peak_sram_w, r->peak_power_w, "W");
	share(f, "SRAM leakage", r->sram_leak_w, r->peak_power_w, "W");
	share(f, "fixed", r->fixed_power_w, r->peak_power_w, "W");
	share(f, "total", r->peak_power_w, r->peak_power_w, "W");

	fprintf(f, "\nenergy per batch\n");
	share(f, "MACs", r->energy_mac_uj, r->energy_uj, "uJ");
	share(f, "idle PE-cycles", r->energy_idle_uj, r->energy_uj, "uJ");
	share(f, "K-split adds", r->energy_reduce_uj, r->energy_uj, "uJ");
	share(f, "SRAM reads", r->energy_sram_read_uj, r->energy_uj, "uJ");
	share(f, "SRAM writes", r->energy_sram_write_uj, r->energy_uj, "uJ");
	share(f, "PE leakage", r->energy_pe_leak_uj, r->energy_uj, "uJ");
	share(f, "SRAM leakage", r->energy_sram_leak_uj, r->energy_uj, "uJ");
	share(f, "fixed", r->energy_fixed_uj, r->energy_uj, "uJ");
	share(f, "total", r->energy_uj, r->energy_uj, "uJ");
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* One GEMM's cycles, folds, MACs, utilization and SRAM words. */
int dse_text_gemm(FILE *f, enum dse_dataflow df, double rows, double cols,
		  double m, double n, double k, const struct dse_gemm_stats *s)
{
	fprintf(f, "GEMM M=%.0f N=%.0f K=%.0f on one %.0f x %.0f array, %s\n", m,
		n, k, rows, cols, dse_dataflow_name(df));
	line(f, "cycles", s->cycles, "");
	fprintf(f, "  %-22s %12.0f (%.0f along rows x %.0f along columns)\n",
		"folds", s->folds, s->row_folds, s->col_folds);
	line(f, "cycles per fold", s->cycles_per_fold, "");
	line(f, "MACs", s->macs, "");
	line(f, "utilization", 100.0 * s->utilization, "% of PE-cycles");
	line(f, "A read", s->a_reads, "words");
	line(f, "B read", s->b_reads, "words");
	line(f, "O read", s->o_reads, "words");
	line(f, "O written", s->o_writes, "words");
	return ferror(f) ? DSE_EIO : DSE_OK;
}
