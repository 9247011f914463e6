/* text.c - readable breakdowns for the terminal. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
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
	PART("SRAM", area_sram_mm2), PART("fixed", area_fixed_mm2),
	PART("total", area_mm2), { NULL, 0 }
};
static const struct part power_parts[] = {
	PART("PE dynamic", peak_pe_dynamic_w), PART("PE leakage", peak_pe_leak_w),
	PART("SRAM streaming", peak_sram_w), PART("SRAM leakage", sram_leak_w),
	PART("fixed", fixed_power_w), PART("total", peak_power_w), { NULL, 0 }
};
static const struct part energy_parts[] = {
	PART("MACs", energy_mac_uj), PART("idle PE-cycles", energy_idle_uj),
	PART("K-split adds", energy_reduce_uj),
	PART("SRAM reads", energy_sram_read_uj),
	PART("SRAM writes", energy_sram_write_uj),
	PART("PE leakage", energy_pe_leak_uj),
	PART("SRAM leakage", energy_sram_leak_uj),
	PART("fixed", energy_fixed_uj), PART("total", energy_uj), { NULL, 0 }
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

/* A design's sizing, performance, and area, power and energy breakdowns. */
int dse_text_eval(FILE *f, const struct dse_model *model,
		  const struct dse_point *p)
{
	const struct dse_design *d = &p->design;
	const struct dse_result *r = &p->result;
	const struct dse_budget *b = &model->budget;
	char fn[128], tn[128], wn[128];

	fprintf(f, "design     %s, %s, %u x %u arrays, k-split %u, %.4g GHz at %.4g V\n",
		dse_text_escape(d->format->name, fn, sizeof fn),
		dse_dataflow_name(d->dataflow), d->rows, d->cols, d->ksplit,
		r->freq_ghz, r->voltage_v);
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
	line(f, "throughput", r->throughput_tops, "TOp/s");
	line(f, "utilization", 100.0 * r->utilization, "% of PE-cycles");
	line(f, "energy per item", r->energy_per_item_uj, "uJ");
	line(f, "average power", r->avg_power_w, "W");
	line(f, "efficiency", r->tops_per_w, "TOp/s/W");
	line(f, "density", r->tops_per_mm2, "TOp/s/mm2");
	line(f, "weights in SRAM", r->weight_bits / DSE_BITS_PER_MB, "MB");

	fprintf(f, "\narea                         %g mm2 budget, %.4g left\n",
		b->area_mm2, r->area_slack_mm2);
	shares(f, r, area_parts, "mm2");
	fprintf(f, "\npeak power                   %g W budget, %.4g left\n",
		b->power_w, r->power_slack_w);
	shares(f, r, power_parts, "W");
	fprintf(f, "\nenergy per batch\n");
	shares(f, r, energy_parts, "uJ");
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
