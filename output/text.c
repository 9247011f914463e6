/* text.c - readable breakdowns for the terminal. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_output.h"

/* One line of a breakdown: a label and a field of struct dse_result. */
struct part {
	const char *label;
	size_t offset;
};

#define PART(label, field) { label, offsetof(struct dse_result, field) }

/* Breakdowns of the eval text; the last row of each is the total. */
static const struct part area_parts[] = {
	PART("PEs", area_pe_mm2), PART("array fixed", area_array_fixed_mm2),
	PART("accumulators", area_acc_mm2),
	PART("SRAM", area_sram_mm2), PART("fixed", area_fixed_mm2),
	PART("total", area_mm2), { NULL, 0 }
};
static const struct part power_parts[] = {
	PART("PE dynamic", peak_pe_dynamic_w), PART("PE leakage", peak_pe_leak_w),
	PART("SRAM, acc. streaming", peak_sram_w), PART("SRAM leakage", sram_leak_w),
	PART("fixed", fixed_power_w), PART("total", peak_power_w), { NULL, 0 }
};
static const struct part power_dram_parts[] = {
	PART("PE dynamic", peak_pe_dynamic_w), PART("PE leakage", peak_pe_leak_w),
	PART("SRAM, acc. streaming", peak_sram_w), PART("SRAM leakage", sram_leak_w),
	PART("fixed", fixed_power_w), PART("DRAM (in budget)", peak_dram_w),
	PART("total", peak_power_w), { NULL, 0 }
};
static const struct part energy_parts[] = {
	PART("MACs", energy_mac_uj), PART("idle PE-cycles", energy_idle_uj),
	PART("K-split adds", energy_reduce_uj),
	PART("SRAM reads", energy_sram_read_uj),
	PART("SRAM writes", energy_sram_write_uj),
	PART("accumulators", energy_acc_uj),
	PART("PE leakage", energy_pe_leak_uj),
	PART("SRAM leakage", energy_sram_leak_uj),
	PART("fixed", energy_fixed_uj), PART("DRAM (off chip)", energy_dram_uj),
	PART("total", energy_uj), { NULL, 0 }
};

/* Length of the valid UTF-8 sequence of two or more bytes at p, else 0. */
static size_t utf8_length(const unsigned char *p)
{
	/* second-byte range of each lead byte (RFC 3629 section 4) */
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* Control characters as C escapes, bytes that are not UTF-8 as \xHH. */
const char *dse_text_escape(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char one[8];
	size_t o = 0, n, w;

	if (len == 0)
		return buf;
	while (*p) {
		n = *p < 0x80 ? 1 : utf8_length(p);
		if (*p == '\n' || *p == '\t' || *p == '\r')
			w = (size_t)snprintf(one, sizeof one, "\\%c",
					     *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r');
		else if (*p < 0x20 || *p == 0x7F || n == 0)
			w = (size_t)snprintf(one, sizeof one, "\\x%02x", *p);
		else if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) /* C1 control */
			w = (size_t)snprintf(one, sizeof one, "\\u%04x", p[1]);
		else
			w = (size_t)snprintf(one, sizeof one, "%.*s", (int)n,
					     (const char *)p);
		if (o + w >= len)
			break;
		memcpy(buf + o, one, w);
		o += w;
		p += n ? n : 1;
	}
	buf[o] = '\0';
	return buf;
}

static double value(const struct dse_result *r, size_t offset)
{
	return *(const double *)(const void *)((const char *)r + offset);
}

/* Each part of a breakdown with its share of the total (the last row). */
static void shares(FILE *f, const struct dse_result *r, const struct part *p,
		   const char *unit)
{
	const struct part *last = p;
	double total;

	while (last[1].label)
		last++;
	total = value(r, last->offset);
	for (; p->label; p++)
		fprintf(f, "  %-22s %12.4g %-5s %6.1f %%\n", p->label,
			value(r, p->offset), unit,
			total > 0 ? 100.0 * value(r, p->offset) / total : 0.0);
}

/* "  label   value unit": whole numbers as such, others to 4 digits. */
static void line(FILE *f, const char *label, double v, const char *unit)
{
	if (isfinite(v) && fabs(v) < 1e15 && v == floor(v))
		fprintf(f, "  %-22s %12.0f%s%s\n", label, v, *unit ? " " : "", unit);
	else
		fprintf(f, "  %-22s %12.4g%s%s\n", label, v, *unit ? " " : "", unit);
}

/* Each stage: copies, cycles, time and share, DRAM traffic, weights kept, bound. */
static int stages_table(FILE *f, const struct dse_model *model,
			const struct dse_point *p)
{
	struct dse_stage_report *st = NULL;
	struct dse_error err;
	size_t i;
	int rc = dse_model_stages(model, &p->design, &p->result, &st, &err);

	if (rc != DSE_OK)
		return rc;
	fprintf(f, "\nstages (one group; every layer copy and repeat)\n");
	fprintf(f, "  %-16s %6s %12s %10s %6s %9s %7s %8s\n", "stage", "copies",
		"cycles", "time_us", "share", "dram_MB", "in_SRAM", "bound");
	for (i = 0; i < model->wl->nstages; i++)
		fprintf(f, "  %-16.16s %6.0f %12.6g %10.4g %5.1f%% %9.4g %6.0f%% %8s\n",
			st[i].stage->name, st[i].copies, st[i].cycles,
			st[i].time_us,
			p->result.latency_us > 0 ?
				100.0 * st[i].time_us / p->result.latency_us : 0.0,
			st[i].dram_bits / DSE_BITS_PER_MB,
			100.0 * st[i].onchip_fraction,
			dse_bound_name(st[i].bound));
	free(st);
	return DSE_OK;
}

/* A design's sizing, performance, and area, power and energy breakdowns. */
int dse_text_eval(FILE *f, const struct dse_model *model,
		  const struct dse_point *p)
{
	const struct dse_design *d = &p->design;
	const struct dse_result *r = &p->result;
	const struct dse_budget *b = &model->budget;
	char fn[128], tn[128], wn[128];
	int rc;

	fprintf(f, "design     %s, %s, %u x %u arrays, k-split %u, %.4g GHz at %.4g V\n",
		dse_text_escape(d->format->name, fn, sizeof fn),
		dse_dataflow_name(d->dataflow), d->rows, d->cols, d->ksplit,
		r->freq_ghz, r->voltage_v);
	fprintf(f, "arrays     folds %s, partial sums in %s\n",
		d->fold_overlap ? "overlapped (double-buffered)" :
				  "one after another (SCALE-Sim)",
		r->accumulators ? "accumulators" :
		dse_dataflow_batch_on_rows(d->dataflow) ? "the PEs (os)" :
							   "the SRAM");
	fprintf(f, "setting    technology %s, workload %s, budget %g mm2, %g W, %g MB SRAM\n",
		dse_text_escape(model->tech->name, tn, sizeof tn),
		dse_text_escape(model->wl->name, wn, sizeof wn), b->area_mm2,
		b->power_w, b->sram_mb);
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
	line(f, "compute cycles", r->compute_cycles, "(without DRAM stalls)");
	line(f, "DRAM-bound time", r->dram_bound_us, "us");
	line(f, "throughput", r->throughput_tops, "TOp/s");
	line(f, "utilization", 100.0 * r->utilization, "% of PE-cycles");
	line(f, "energy per item", r->energy_per_item_uj, "uJ (DRAM included)");
	line(f, "average power", r->avg_power_w, "W (chip)");
	line(f, "DRAM power", r->dram_power_w, "W (average, beside the chip)");
	line(f, "efficiency", r->tops_per_w, "TOp/s/W (chip and DRAM)");
	line(f, "density", r->tops_per_mm2, "TOp/s/mm2");
	line(f, "weights", r->weight_bits / DSE_BITS_PER_MB, "MB");
	line(f, "weights in SRAM", r->weight_onchip_bits / DSE_BITS_PER_MB, "MB");
	line(f, "DRAM read", r->dram_bits / DSE_BITS_PER_MB, "MB per batch");

	fprintf(f, "\narea                         %g mm2 budget, %.4g left\n",
		b->area_mm2, r->area_slack_mm2);
	shares(f, r, area_parts, "mm2");
	fprintf(f, "\npeak power                   %g W budget, %.4g left\n",
		b->power_w, r->power_slack_w);
	shares(f, r, b->dram_in_budget ? power_dram_parts : power_parts, "W");
	if (!b->dram_in_budget && r->peak_dram_w > 0)
		fprintf(f, "  %-22s %12.4g W     (outside the budget; --dram-in-budget)\n",
			"DRAM at full bandwidth", r->peak_dram_w);
	fprintf(f, "\nenergy per batch\n");
	shares(f, r, energy_parts, "uJ");
	if (r->verdict == DSE_FEASIBLE &&
	    (rc = stages_table(f, model, p)) != DSE_OK)
		return rc;
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

/* Every layer of a topology on one array: shape, folds, cycles; totals. */
int dse_text_topology(FILE *f, enum dse_dataflow df, double rows, double cols,
		      const struct dse_array_arch *arch,
		      const struct dse_workload *wl)
{
	struct dse_gemm_stats s;
	double cycles = 0, macs = 0;
	size_t i;

	fprintf(f, "topology %s on one %.0f x %.0f array, %s, folds %s%s\n",
		wl->name, rows, cols, dse_dataflow_name(df),
		arch->fold_overlap ? "overlapped" : "as SCALE-Sim v2",
		arch->acc_depth > 0 ? ", accumulators" : "");
	fprintf(f, "(cycles: SCALE-Sim's compute report + 1 per GEMM; a depthwise layer is\n"
		   " one GEMM per channel, as SCALE-Sim splits it)\n");
	fprintf(f, "  %5s %-20s %9s %7s %9s %6s %9s %14s %7s\n", "layer", "name",
		"M", "N", "K", "gemms", "folds", "cycles", "util_%");
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *st = &wl->stages[i];

		if (st->kind != DSE_STAGE_GEMM)
			continue;
		dse_gemm_eval_arch(df, rows, cols, st->m, st->n, st->k, arch, &s);
		fprintf(f, "  %5zu %-20.20s %9.0f %7.0f %9.0f %6.0f %9.0f %14.0f %7.2f\n",
			i, st->name, st->m, st->n, st->k, st->count,
			st->count * s.folds, st->count * s.cycles,
			100.0 * s.utilization);
		cycles += st->count * s.cycles;
		macs += st->count * s.macs;
	}
	fprintf(f, "  %5s %-20s %9s %7s %9s %6s %9s %14.0f %7.2f\n", "total", "",
		"", "", "", "", "", cycles,
		cycles > 0 ? 100.0 * macs / (rows * cols * cycles) : 0.0);
	line(f, "MACs", macs, "");
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* Each chip's figures by dse beside the published ones, ratios, then sources. */
int dse_text_chips(FILE *f, const struct dse_chip_report *rep, size_t n)
{
	const struct dse_chip_figure *fig = dse_chip_figures();
	char design[256], source[1024];
	size_t i, k;

	fprintf(f, "Reference chips: dse's figures beside the published ones (ratio = dse / published)\n");
	fprintf(f, "  %-7s %-4s %-32s %-31s %9s %9s %7s\n", "chip", "tech",
		"design", "figure", "dse", "published", "ratio");
	for (i = 0; i < n; i++) {
		const struct dse_chip *c = rep[i].chip;
		const struct dse_design *d = &c->design;
		char label[64], name[256], tech[256];

		snprintf(design, sizeof design, "%s %s %u x %ux%u, %g GHz",
			 c->format.name, dse_dataflow_name(d->dataflow), d->arrays,
			 d->rows, d->cols, c->freq_ghz);
		for (k = 0; k < DSE_CHIP_NFIGURES; k++) {
			snprintf(label, sizeof label, "%s, %s", fig[k].label,
				 fig[k].unit);
			fprintf(f, "  %-7s %-4s %-32s %-31s %9.4g %9.4g %7.3f\n",
				k ? "" : dse_text_escape(c->name, name, sizeof name),
				k ? "" : dse_text_escape(rep[i].tech_name, tech,
							 sizeof tech),
				k ? "" : design, label, rep[i].dse[k],
				c->published[k], rep[i].dse[k] / c->published[k]);
		}
		snprintf(label, sizeof label, "avg-power TOp/s/W, %.14s",
			 rep[i].workload_name);
		fprintf(f, "  %-7s %-4s %-32s %-31s %9.4g %9s %7s\n", "", "", "",
			label, rep[i].result.tops_per_w, "-", "-");
	}
	fprintf(f, "\npeak TOp/s per W: peak throughput over peak power, as datasheets quote it;\n"
		   "avg-power TOp/s/W: throughput on the workload over the average chip + DRAM\n"
		   "power (dse only: the chips publish no such figure).\n\nsources\n");
	for (i = 0; i < n; i++)
		for (k = 0; k < DSE_CHIP_NFIGURES; k++)
			if (fig[k].published == NULL)
				fprintf(f, "  %s %s: %s\n",
					dse_text_escape(rep[i].chip->name, design,
							sizeof design),
					fig[k].key,
					dse_text_escape(rep[i].chip->source[k],
							source, sizeof source));
	return ferror(f) ? DSE_EIO : DSE_OK;
}
