/* fields.c - the one table of reported figures shared by every writer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_output.h"

/* r_<field>: result figure <field> of a point, for the fields table. */
#define RESULT(field)                                              \
	static double r_##field(const struct dse_point *p)          \
	{                                                           \
		return p->result.field;                             \
	}

RESULT(batch) RESULT(freq_ghz) RESULT(voltage_v) RESULT(arrays)
RESULT(groups) RESULT(group_n) RESULT(pes) RESULT(items)
RESULT(latency_us) RESULT(throughput_tops) RESULT(energy_per_item_uj)
RESULT(avg_power_w) RESULT(tops_per_w) RESULT(tops_per_mm2)
RESULT(utilization) RESULT(cycles) RESULT(macs) RESULT(area_mm2)
RESULT(area_pe_mm2) RESULT(area_array_fixed_mm2) RESULT(area_sram_mm2)
RESULT(area_fixed_mm2) RESULT(area_slack_mm2) RESULT(peak_power_w)
RESULT(peak_pe_dynamic_w) RESULT(peak_pe_leak_w) RESULT(peak_sram_w)
RESULT(sram_leak_w) RESULT(fixed_power_w) RESULT(power_slack_w)
RESULT(arrays_by_area) RESULT(arrays_by_power) RESULT(pe_energy_pj)
RESULT(energy_uj) RESULT(energy_mac_uj) RESULT(energy_idle_uj)
RESULT(energy_reduce_uj) RESULT(energy_sram_read_uj)
RESULT(energy_sram_write_uj) RESULT(energy_pe_leak_uj)
RESULT(energy_sram_leak_uj) RESULT(energy_fixed_uj)
RESULT(array_area_mm2) RESULT(array_peak_power_w) RESULT(sram_mb)
RESULT(compute_cycles) RESULT(dram_bound_us) RESULT(area_acc_mm2)
RESULT(peak_dram_w) RESULT(energy_acc_uj) RESULT(energy_dram_uj)
RESULT(dram_power_w)

/* Design shape and PE area (um2) as doubles, for the fields table. */
static double d_rows(const struct dse_point *p) { return p->design.rows; }
static double d_cols(const struct dse_point *p) { return p->design.cols; }
static double d_ksplit(const struct dse_point *p) { return p->design.ksplit; }
static double pe_area(const struct dse_point *p) { return p->result.pe.area_um2; }
/* SRAM bits per element, the shared exponent's share included. */
static double storage_bits(const struct dse_point *p)
{
	return p->design.format->storage_bits;
}
/* Static weights in SRAM, MB (2^20 B). */
static double weights_mb(const struct dse_point *p)
{
	return p->result.weight_bits / DSE_BITS_PER_MB;
}
/* Weights the placement keeps in SRAM, MB. */
static double weights_onchip_mb(const struct dse_point *p)
{
	return p->result.weight_onchip_bits / DSE_BITS_PER_MB;
}
/* Read from DRAM per batch, MB. */
static double dram_mb(const struct dse_point *p)
{
	return p->result.dram_bits / DSE_BITS_PER_MB;
}
/* Accumulator bits read and written per batch, MB. */
static double acc_mb(const struct dse_point *p)
{
	return p->result.acc_bits / DSE_BITS_PER_MB;
}
/* Peak TOp/s (every PE busy) over the chip's peak power. */
static double peak_tops_per_w(const struct dse_point *p)
{
	const struct dse_result *r = &p->result;

	return r->peak_power_w > 0 ? 2e-3 * r->pes * r->freq_ghz / r->peak_power_w :
				     0.0;
}
/* 1 when folds overlap (double-buffered), else 0. */
static double fold_overlap(const struct dse_point *p)
{
	return p->design.fold_overlap;
}
/* 1 when partial sums use accumulators, else 0. */
static double accumulators(const struct dse_point *p)
{
	return p->result.accumulators;
}
/* SRAM read per batch, MB. */
static double sram_read_mb(const struct dse_point *p)
{
	return p->result.sram_read_bits / DSE_BITS_PER_MB;
}
/* SRAM written per batch, MB. */
static double sram_write_mb(const struct dse_point *p)
{
	return p->result.sram_write_bits / DSE_BITS_PER_MB;
}
/* 1 when the design meets every constraint, else 0. */
static double feasible(const struct dse_point *p)
{
	return p->result.verdict == DSE_FEASIBLE;
}
/* Canonical format name ("hbfp8_576", ...). */
static const char *s_format(const struct dse_point *p)
{
	return p->design.format->name;
}
/* Dataflow name: os, ws or is. */
static const char *s_dataflow(const struct dse_point *p)
{
	return dse_dataflow_name(p->design.dataflow);
}
/* "feasible", or the constraint the design breaks. */
static const char *s_verdict(const struct dse_point *p)
{
	return dse_verdict_name(p->result.verdict);
}
/* The budget that limits the array count: area, power or arrays. */
static const char *s_binding(const struct dse_point *p)
{
	return dse_binding_name(p->result.binding);
}

#define NUM(key, fn, meaning) { key, meaning, DSE_FIELD_NUMBER, fn, NULL }
#define STR(key, fn, meaning) { key, meaning, DSE_FIELD_STRING, NULL, fn }

static const struct dse_field fields[] = {
	STR("format", s_format, "PE number format"),
	STR("dataflow", s_dataflow, "os, ws or is"),
	NUM("rows", d_rows, "array height h"),
	NUM("cols", d_cols, "array width w"),
	NUM("k_split", d_ksplit, "K-slices per group s"),
	NUM("batch", r_batch, "items per group b (os: b = rows)"),
	NUM("sram_mb", r_sram_mb, "on-chip SRAM S (2^20 B)"),
	{ "fold_overlap", "double-buffered, overlapped folds", DSE_FIELD_BOOL,
	  fold_overlap, NULL },
	{ "accumulators", "ws/is partial sums in accumulators", DSE_FIELD_BOOL,
	  accumulators, NULL },
	NUM("freq_ghz", r_freq_ghz, "clock frequency"),
	NUM("voltage_v", r_voltage_v, "logic supply voltage"),
	{ "feasible", "meets every constraint", DSE_FIELD_BOOL, feasible, NULL },
	STR("verdict", s_verdict, "feasible, or the constraint it breaks"),
	STR("binding", s_binding, "budget that limits the array count"),
	NUM("arrays", r_arrays, "arrays built n"),
	NUM("groups", r_groups, "independent groups G"),
	NUM("group_n", r_group_n, "arrays along N per K-slice g_N"),
	NUM("pes", r_pes, "processing elements"),
	NUM("items_per_batch", r_items, "items in flight G b"),
	NUM("latency_us", r_latency_us, "service time of one batch"),
	NUM("throughput_tops", r_throughput_tops, "TOp/s, 2 ops per MAC"),
	NUM("energy_per_item_uj", r_energy_per_item_uj, "energy per inference"),
	NUM("avg_power_w", r_avg_power_w, "average chip power on the workload"),
	NUM("tops_per_w", r_tops_per_w, "throughput / average power, chip and DRAM"),
	NUM("peak_tops_per_w", peak_tops_per_w, "peak throughput / peak power (datasheet)"),
	NUM("tops_per_mm2", r_tops_per_mm2, "throughput / area"),
	NUM("utilization", r_utilization, "MACs / PE-cycles"),
	NUM("cycles", r_cycles, "cycles of one batch, DRAM stalls included"),
	NUM("compute_cycles", r_compute_cycles, "cycles of one batch without DRAM"),
	NUM("dram_bound_us", r_dram_bound_us, "time of the stages DRAM bounds"),
	NUM("macs_per_batch", r_macs, "MACs of one batch (all groups)"),
	NUM("area_mm2", r_area_mm2, "total area"),
	NUM("area_pe_mm2", r_area_pe_mm2, "PE area"),
	NUM("area_array_fixed_mm2", r_area_array_fixed_mm2, "per-array fixed area"),
	NUM("area_acc_mm2", r_area_acc_mm2, "accumulator area"),
	NUM("area_sram_mm2", r_area_sram_mm2, "SRAM area"),
	NUM("area_fixed_mm2", r_area_fixed_mm2, "fixed area"),
	NUM("area_slack_mm2", r_area_slack_mm2, "area budget left"),
	NUM("power_w", r_peak_power_w, "peak (TDP) power"),
	NUM("power_pe_dynamic_w", r_peak_pe_dynamic_w, "peak PE dynamic power"),
	NUM("power_pe_leak_w", r_peak_pe_leak_w, "PE leakage"),
	NUM("power_sram_w", r_peak_sram_w, "peak SRAM and accumulator streaming power"),
	NUM("power_sram_leak_w", r_sram_leak_w, "SRAM leakage"),
	NUM("power_fixed_w", r_fixed_power_w, "fixed power"),
	NUM("power_dram_w", r_peak_dram_w, "DRAM at full bandwidth (in power_w only with --dram-in-budget)"),
	NUM("power_slack_w", r_power_slack_w, "power budget left"),
	NUM("arrays_by_area", r_arrays_by_area, "arrays the area left allows"),
	NUM("arrays_by_power", r_arrays_by_power, "arrays the power left allows"),
	NUM("array_area_mm2", r_array_area_mm2, "area of one array"),
	NUM("array_power_w", r_array_peak_power_w, "peak power of one array"),
	NUM("pe_energy_pj", r_pe_energy_pj, "energy per MAC at voltage_v"),
	NUM("pe_area_um2", pe_area, "area of one PE"),
	NUM("storage_bits", storage_bits, "SRAM bits per element"),
	NUM("weights_mb", weights_mb, "static weights"),
	NUM("weights_onchip_mb", weights_onchip_mb, "static weights the placement keeps in SRAM"),
	NUM("sram_read_mb", sram_read_mb, "SRAM read per batch"),
	NUM("sram_write_mb", sram_write_mb, "SRAM written per batch"),
	NUM("acc_mb", acc_mb, "accumulators read and written per batch"),
	NUM("dram_mb", dram_mb, "read from DRAM per batch"),
	NUM("dram_power_w", r_dram_power_w, "average DRAM power, beside avg_power_w"),
	NUM("energy_per_batch_uj", r_energy_uj, "energy of one batch, DRAM included"),
	NUM("energy_mac_uj", r_energy_mac_uj, "MACs"),
	NUM("energy_idle_uj", r_energy_idle_uj, "idle PE-cycles"),
	NUM("energy_reduce_uj", r_energy_reduce_uj, "K-split partial-sum adds"),
	NUM("energy_sram_read_uj", r_energy_sram_read_uj, "SRAM reads"),
	NUM("energy_sram_write_uj", r_energy_sram_write_uj, "SRAM writes"),
	NUM("energy_acc_uj", r_energy_acc_uj, "accumulator reads and writes"),
	NUM("energy_pe_leak_uj", r_energy_pe_leak_uj, "PE leakage"),
	NUM("energy_sram_leak_uj", r_energy_sram_leak_uj, "SRAM leakage"),
	NUM("energy_fixed_uj", r_energy_fixed_uj, "fixed power"),
	NUM("energy_dram_uj", r_energy_dram_uj, "DRAM reads (off chip)"),
};

/* The fields table, its length in *count. */
const struct dse_field *dse_fields(size_t *count)
{
	*count = sizeof fields / sizeof fields[0];
	return fields;
}

/* v as a whole number with thousands separators, in buf; returns buf. */
const char *dse_format_count(double v, char *buf, size_t len)
{
	char digits[40];
	size_t n, i, o = 0;

	snprintf(digits, sizeof digits, "%.0f", v);
	n = strlen(digits);
	for (i = 0; i < n && o + 2 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-')
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* v as text that reads back exactly: whole numbers bare, non-finite as null. */
void dse_format_double(char *buf, size_t len, double v)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "null");
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, len, "%.0f", v);
		return;
	}
	snprintf(buf, len, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, len, "%.17g", v);
}
