/*
 * objective.c - the objectives the explorer ranks and filters designs by,
 * as one table: a new objective is a new row.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_explore.h"
#include "dse_numerics.h"

/* r_<field>: result figure <field> of a fully evaluated design. */
#define FIGURE(field)                                              \
	static double r_##field(const struct dse_point *p)          \
	{                                                           \
		return p->result.field;                             \
	}

FIGURE(latency_us) FIGURE(throughput_tops) FIGURE(energy_per_item_uj)
FIGURE(area_mm2) FIGURE(peak_power_w) FIGURE(tops_per_w)

/*
 * The SQNR proxy of each format on the model's workload: the MAC-weighted
 * GEMM-output SQNR at the workload's dot-product lengths, on the default
 * synthetic setup (NUMERICS.md 21, decision 14); an error-free format is
 * +inf, which ranks above every finite value.  One cache for all: each
 * K's inputs and double-precision reference are made once, whatever the
 * number of formats.
 */
static int formats_sqnr(const struct dse_format *f, size_t n,
			const struct dse_model *m, const struct dse_study *st,
			double *values, struct dse_error *err)
{
	struct dse_sqnr_setup setup;
	struct dse_sqnr_cache *cache = NULL;
	struct dse_k_weight *ks = NULL;
	size_t nk = 0, i;
	int rc;

	(void)st;
	dse_numerics_sqnr_defaults(&setup);
	rc = dse_numerics_cache_new(&setup, &cache, err);
	if (rc == DSE_OK)
		rc = dse_numerics_workload_ks(m->wl, &ks, &nk, err);
	if (rc == DSE_OK)
		rc = dse_numerics_cache_fill(cache, f, n, ks, nk, err);
	for (i = 0; rc == DSE_OK && i < n; i++)
		rc = dse_numerics_cache_sqnr(cache, &f[i], ks, nk, &values[i], err);
	free(ks);
	dse_numerics_cache_free(cache);
	if (rc != DSE_OK)
		dse_error_prefix(err, "objective sqnr");
	return rc;
}

/* What the sqnr row's values are: the proxy and its setup. */
static const char *sqnr_origin(const struct dse_study *st, char *buf,
			       size_t len)
{
	struct dse_sqnr_setup setup;
	char dist[128];

	(void)st;
	dse_numerics_sqnr_defaults(&setup);
	snprintf(buf, len,
		 "proxy: GEMM-output SQNR at the workload's K, %s (M = N = %zu, seed %lu, round to %s)",
		 dse_numerics_dist_spec(&setup.dist, dist, sizeof dist), setup.m,
		 setup.seed, dse_numerics_rounding_name(setup.quant.rounding));
	return buf;
}

/*
 * The accuracy the user measured for a format (--accuracy FILE): the
 * file's value itself; a study format the file lacks is an input error
 * naming both.
 */
static int formats_accuracy(const struct dse_format *f, size_t n,
			    const struct dse_model *m,
			    const struct dse_study *st, double *values,
			    struct dse_error *err)
{
	const struct dse_study_accuracy *sa = &st->accuracy;
	size_t i, k;

	(void)m;
	if (sa->n == 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "objective accuracy: needs --accuracy FILE (the measured accuracy per format)");
	for (k = 0; k < n; k++) {
		for (i = 0; i < sa->n; i++)
			if (strcmp(sa->format[i], f[k].name) == 0)
				break;
		if (i == sa->n)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: formats: no value for %s",
					     sa->path, f[k].name);
		values[k] = sa->value[i];
	}
	return DSE_OK;
}

/* What the accuracy row's values are: the file, its metric and source. */
static const char *accuracy_origin(const struct dse_study *st, char *buf,
				   size_t len)
{
	const struct dse_study_accuracy *sa = &st->accuracy;

	snprintf(buf, len, "measured: %s (%s, %s is better; source %s)",
		 sa->path, sa->metric, sa->higher_is_better ? "higher" : "lower",
		 sa->source);
	return buf;
}

/* 1 when the study has a measured-accuracy table. */
static int accuracy_given(const struct dse_study *st)
{
	return st->accuracy.n > 0;
}

/* The direction of the accuracy file: higher (accuracy) or lower (error). */
static int accuracy_up(const struct dse_study *st)
{
	return st->accuracy.n == 0 || st->accuracy.higher_is_better;
}

#define POINT(name, unit, key, max, trend, metric, fn, meaning) \
	{ name, unit, key, max, DSE_WHEN_POINT, trend, metric, fn, NULL, \
	  meaning, NULL, NULL, NULL }

static const struct dse_objective objectives[] = {
	POINT("latency", "us", "latency_us", 0, DSE_TREND_FASTER,
	      DSE_METRIC_LATENCY, r_latency_us, "service time of one batch"),
	POINT("throughput", "TOp/s", "throughput_tops", 1, DSE_TREND_FASTER,
	      DSE_METRIC_THROUGHPUT, r_throughput_tops, "TOp/s, 2 ops per MAC"),
	POINT("energy", "uJ", "energy_per_item_uj", 0, DSE_TREND_ANY,
	      DSE_METRIC_ENERGY, r_energy_per_item_uj,
	      "energy per inference, DRAM included"),
	POINT("area", "mm2", "area_mm2", 0, DSE_TREND_SAME, DSE_METRIC_AREA,
	      r_area_mm2, "die area"),
	POINT("power", "W", "power_w", 0, DSE_TREND_ANY, DSE_METRIC_POWER,
	      r_peak_power_w, "peak (TDP) power"),
	POINT("efficiency", "TOp/s/W", "tops_per_w", 1, DSE_TREND_ANY,
	      DSE_METRIC_EFFICIENCY, r_tops_per_w,
	      "throughput per watt of average power, chip and DRAM"),
	{ "sqnr", "dB", "sqnr_db", 1, DSE_WHEN_FORMAT, DSE_TREND_SAME,
	  DSE_METRIC_COUNT, NULL, formats_sqnr,
	  "GEMM-output SQNR of the format at the workload's K (numerics proxy)",
	  sqnr_origin, NULL, NULL },
	{ "accuracy", "", "accuracy", 1, DSE_WHEN_FORMAT, DSE_TREND_SAME,
	  DSE_METRIC_COUNT, NULL, formats_accuracy,
	  "the accuracy (or error) of the format measured by the user, from --accuracy FILE in the file's metric and direction",
	  accuracy_origin, accuracy_given, accuracy_up },
	{ "tail", "TOp/s", "tail_capacity_tops", 1, DSE_WHEN_LATER,
	  DSE_TREND_ANY, DSE_METRIC_COUNT, NULL, NULL,
	  "tail capacity under an SLO, known after the tail pass (--slo-us)",
	  NULL, NULL, NULL },
};

#define NOBJECTIVES (sizeof objectives / sizeof objectives[0])

/* The table and its length. */
const struct dse_objective *dse_objectives(size_t *count)
{
	*count = NOBJECTIVES;
	return objectives;
}

/* The row called name, or NULL. */
const struct dse_objective *dse_objective_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < NOBJECTIVES; i++)
		if (strcmp(objectives[i].name, name) == 0)
			return &objectives[i];
	return NULL;
}

/* The row's direction, or the one the study gives it. */
int dse_objective_up(const struct dse_study *st, size_t row)
{
	const struct dse_objective *o = &objectives[row];

	return o->up ? o->up(st) : o->maximise;
}

/* The row's unit, or the accuracy file's metric for the row without one. */
const char *dse_objective_unit(const struct dse_study *st, size_t row)
{
	const struct dse_objective *o = &objectives[row];

	return o->unit[0] == '\0' && st->accuracy.n > 0 ? st->accuracy.metric :
							   o->unit;
}

/* Named by an objective or a constraint, or shown whenever possible. */
int dse_objective_used(const struct dse_study *st, size_t row)
{
	size_t k;

	for (k = 0; k < st->nobjectives; k++)
		if (st->objectives[k] == row)
			return 1;
	for (k = 0; k < st->nconstraints; k++)
		if (st->constraints[k].objective == row)
			return 1;
	return objectives[row].shown && objectives[row].shown(st);
}

/* "latency, throughput, ...": every row's name, in buf (returned). */
const char *dse_objective_names(char *buf, size_t len)
{
	size_t i, used = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < NOBJECTIVES && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 objectives[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}
