/* read.c - a results folder (frontier.json, sample.csv) as the plots need it. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "plot_impl.h"

/*
 * What a number of a results folder may be, so that every figure can draw
 * it: a value on a log axis is positive and within PLOT_LOG_MIN..MAX (a
 * subnormal latency once made the tick loop spin forever); a shape is a
 * whole number as dse sizes them (unsigned); a part of the area or power
 * is 0 or more, within the same bound.
 */
struct plot_number {
	double lo, hi;
	int whole;
};

static const struct plot_number log_value = { PLOT_LOG_MIN, PLOT_LOG_MAX, 0 };
static const struct plot_number shape_value = { 1, PLOT_SHAPE_MAX, 1 };
static const struct plot_number part_value = { 0, PLOT_LOG_MAX, 0 };
static const struct plot_number count_value = { 0, PLOT_COUNT_MAX, 1 };

/* Keys of a design object that the figures read. */
static const struct {
	const char *key;
	size_t offset;
	const struct plot_number *range;
} design_keys[] = {
	{ "latency_us", offsetof(struct plot_design, latency_us), &log_value },
	{ "throughput_tops", offsetof(struct plot_design, throughput_tops), &log_value },
	{ "rows", offsetof(struct plot_design, rows), &shape_value },
	{ "cols", offsetof(struct plot_design, cols), &shape_value },
	{ "k_split", offsetof(struct plot_design, k_split), &shape_value },
	{ "batch", offsetof(struct plot_design, batch), &shape_value },
	{ "freq_ghz", offsetof(struct plot_design, freq_ghz), &log_value },
	{ "area_pe_mm2", offsetof(struct plot_design, area_pe_mm2), &part_value },
	{ "area_array_fixed_mm2", offsetof(struct plot_design, area_array_fixed_mm2), &part_value },
	{ "area_sram_mm2", offsetof(struct plot_design, area_sram_mm2), &part_value },
	{ "area_fixed_mm2", offsetof(struct plot_design, area_fixed_mm2), &part_value },
	{ "power_pe_dynamic_w", offsetof(struct plot_design, power_pe_dynamic_w), &part_value },
	{ "power_pe_leak_w", offsetof(struct plot_design, power_pe_leak_w), &part_value },
	{ "power_sram_w", offsetof(struct plot_design, power_sram_w), &part_value },
	{ "power_sram_leak_w", offsetof(struct plot_design, power_sram_leak_w), &part_value },
	{ "power_fixed_w", offsetof(struct plot_design, power_fixed_w), &part_value },
};

#define NDESIGN_KEYS (sizeof design_keys / sizeof design_keys[0])

/* Columns of sample.csv that the points figure reads. */
enum { COL_FORMAT, COL_LATENCY, COL_THROUGHPUT, COL_ROWS, NCOLS };

static const char *const sample_columns[NCOLS] = {
	"format", "latency_us", "throughput_tops", "rows"
};

/* obj[key] as a number the figures can draw (range r); where as in messages. */
static int read_number(const cJSON *obj, const char *key,
		       const struct plot_number *r, int optional,
		       const char *file, const char *where, double *out,
		       struct dse_error *err)
{
	int rc = dse_json_number(obj, key, r->lo, 0, r->hi, optional, file,
				 where, out, err);

	if (rc == DSE_OK && r->whole && *out != floor(*out))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s%s%s: %g is not a whole number", file,
				   where ? where : "", where ? "." : "", key, *out);
	return rc;
}

/* Release what plot_input_read allocated and zero in. */
void plot_input_free(struct plot_input *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nformats; i++) {
		free(in->format ? in->format[i] : NULL);
		free(in->frontier ? in->frontier[i].d : NULL);
		free(in->canonical ? in->canonical[i].d : NULL);
	}
	free(in->format);
	free(in->frontier);
	free(in->canonical);
	free(in->bound_us);
	free(in->best_tops);
	free(in->sample);
	free(in->tech);
	free(in->workload);
	free(in->tail_slo_us);
	free(in->tail_tops);
	free(in->tail_service_tops);
	free(in->tail_what);
	free(in->tail_train_fraction);
	free(in->accuracy_name);
	free(in->accuracy_unit);
	free(in->accuracy_origin);
	free(in->accuracy);
	plot_serve_free(&in->serve);
	plot_sens_free(&in->sens);
	memset(in, 0, sizeof *in);
}

/* One design object into d; where names it in messages. */
static int read_design(const cJSON *obj, const char *file, const char *where,
		       struct plot_design *d, struct dse_error *err)
{
	const char *df = "";
	size_t i;
	int rc;

	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected a design object",
				     file, where);
	for (i = 0; i < NDESIGN_KEYS; i++) {
		rc = read_number(obj, design_keys[i].key, design_keys[i].range,
				 0, file, where,
				 (double *)((char *)d + design_keys[i].offset), err);
		if (rc != DSE_OK)
			return rc;
	}
	rc = dse_json_string(obj, "dataflow", 0, file, where, &df, err);
	if (rc == DSE_OK && dse_dataflow_parse(df, &d->dataflow, NULL) != DSE_OK)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s.dataflow: not a dataflow (os, ws or is)",
				   file, where);
	return rc;
}

/* An array of designs (sorted by latency if `sorted`); where is e.g.
   "frontier.bf16". */
static int read_designs(const cJSON *arr, const char *file, const char *where,
			int sorted, struct plot_designs *out,
			struct dse_error *err)
{
	const cJSON *item;
	char at[160];
	size_t i = 0, n;
	int rc;

	if (!cJSON_IsArray(arr))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected an array",
				     file, where);
	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0)
		return DSE_OK;
	if (n > PLOT_MAX_DESIGNS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: %zu designs, more than %d", file,
				     where, n, PLOT_MAX_DESIGNS);
	out->d = calloc(n, sizeof *out->d);
	if (out->d == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(item, arr) {
		snprintf(at, sizeof at, "%s[%zu]", where, i);
		rc = read_design(item, file, at, &out->d[i], err);
		if (rc != DSE_OK)
			return rc;
		if (sorted && i > 0 &&
		    out->d[i].latency_us < out->d[i - 1].latency_us)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s: not sorted by latency_us",
					     file, where);
		out->n = ++i;
	}
	return DSE_OK;
}

/*
 * Keep the designs not beaten in throughput by a faster one: with energy
 * as a third objective a frontier also holds slower, lower-throughput
 * designs, which the latency-throughput figures leave out.
 */
static void keep_pareto2d(struct plot_designs *ds)
{
	double best = 0;
	size_t i, n = 0;

	for (i = 0; i < ds->n; i++)
		if (ds->d[i].throughput_tops > best) {
			best = ds->d[i].throughput_tops;
			ds->d[n++] = ds->d[i];
		}
	ds->n = n;
}

/* Title fields: technology and workload names, budget, feasible count. */
int plot_read_setting(const cJSON *doc, const char *file,
		      struct plot_input *in, struct dse_error *err)
{
	const cJSON *budget = cJSON_GetObjectItemCaseSensitive(doc, "budget");
	const cJSON *counts = cJSON_GetObjectItemCaseSensitive(doc, "counts");
	const char *tech = NULL, *wl = NULL;
	int rc;

	rc = dse_json_string(cJSON_GetObjectItemCaseSensitive(doc, "technology"),
			     "name", 0, file, "technology", &tech, err);
	if (rc == DSE_OK)
		rc = dse_json_string(cJSON_GetObjectItemCaseSensitive(doc, "workload"),
				     "name", 0, file, "workload", &wl, err);
	if (rc == DSE_OK)
		rc = read_number(budget, "area_mm2", &log_value, 0, file,
				 "budget", &in->area_mm2, err);
	if (rc == DSE_OK)
		rc = read_number(budget, "power_w", &log_value, 0, file,
				 "budget", &in->power_w, err);
	if (rc == DSE_OK)
		rc = read_number(budget, "sram_mb", &log_value, 0, file,
				 "budget", &in->sram_mb, err);
	if (rc == DSE_OK)
		rc = read_number(counts, "feasible", &count_value, 1, file,
				 "counts", &in->feasible, err);
	if (rc != DSE_OK)
		return rc;
	free(in->tech);
	free(in->workload);
	in->tech = strdup(tech);
	in->workload = strdup(wl);
	if (in->tech == NULL || in->workload == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	return DSE_OK;
}

/* A name from a results folder as a message may show it: escaped, cut. */
static const char *shown(const char *name, char *buf, size_t len)
{
	return dse_text_escape(name, buf, len);
}

/* The formats (keys of "frontier" but "all"), their frontiers, canonicals. */
static int read_frontiers(const cJSON *doc, const char *file,
			  struct plot_input *in, struct dse_error *err)
{
	const cJSON *front = cJSON_GetObjectItemCaseSensitive(doc, "frontier");
	const cJSON *canon = cJSON_GetObjectItemCaseSensitive(doc, "canonical");
	const cJSON *item, *c;
	char where[160], name[100];
	size_t n = 0, j;
	int rc;

	if (!cJSON_IsObject(front))
		return dse_error_set(err, DSE_EINPUT, "%s: frontier: %s", file,
				     front ? "expected an object" : "missing key");
	if (canon != NULL && !cJSON_IsObject(canon))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: canonical: expected an object", file);
	cJSON_ArrayForEach(item, front)
		n += strcmp(item->string, "all") != 0;
	if (n == 0)
		return dse_error_set(err, DSE_EINPUT, "%s: frontier: no format",
				     file);
	if (n > DSE_STUDY_MAX_FORMATS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: frontier: %zu formats, more than %d", file,
				     n, DSE_STUDY_MAX_FORMATS);
	in->format = calloc(n, sizeof *in->format);
	in->frontier = calloc(n, sizeof *in->frontier);
	in->canonical = calloc(n, sizeof *in->canonical);
	if (!in->format || !in->frontier || !in->canonical)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(item, front) {
		size_t k = in->nformats;

		if (strcmp(item->string, "all") == 0)
			continue;
		shown(item->string, name, sizeof name);
		if (item->string[0] == '\0' ||
		    strlen(item->string) > PLOT_NAME_MAX)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: frontier: format name '%s' empty or longer than %d bytes",
					     file, name, PLOT_NAME_MAX);
		for (j = 0; j < k; j++)
			if (strcmp(in->format[j], item->string) == 0)
				return dse_error_set(err, DSE_EINPUT,
						     "%s: frontier.%s: repeated format",
						     file, name);
		in->format[k] = strdup(item->string);
		in->nformats++;
		if (in->format[k] == NULL)
			return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
		snprintf(where, sizeof where, "frontier.%s", name);
		rc = read_designs(item, file, where, 1, &in->frontier[k], err);
		keep_pareto2d(&in->frontier[k]);
		c = cJSON_GetObjectItemCaseSensitive(canon, item->string);
		snprintf(where, sizeof where, "canonical.%s", name);
		if (rc == DSE_OK && c != NULL)
			rc = read_designs(c, file, where, 0, &in->canonical[k],
					  err);
		if (rc != DSE_OK)
			return rc;
	}
	return DSE_OK;
}

/* bounds: latency_us and the best design of each format (or null). */
static int read_bounds(const cJSON *doc, const char *file,
		       struct plot_input *in, struct dse_error *err)
{
	const cJSON *bounds = cJSON_GetObjectItemCaseSensitive(doc, "bounds");
	const cJSON *b, *best, *d;
	char where[160], name[100];
	size_t i = 0, k, n;
	int rc;

	if (bounds == NULL)
		return DSE_OK;
	if (!cJSON_IsArray(bounds))
		return dse_error_set(err, DSE_EINPUT, "%s: bounds: expected an array",
				     file);
	n = (size_t)cJSON_GetArraySize(bounds);
	if (n == 0)
		return DSE_OK;
	if (n > DSE_STUDY_MAX_BOUNDS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: bounds: %zu bounds, more than %d", file,
				     n, DSE_STUDY_MAX_BOUNDS);
	in->bound_us = calloc(n, sizeof *in->bound_us);
	in->best_tops = calloc(n * in->nformats, sizeof *in->best_tops);
	if (!in->bound_us || !in->best_tops)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(b, bounds) {
		snprintf(where, sizeof where, "bounds[%zu]", i);
		rc = read_number(b, "latency_us", &log_value, 0, file, where,
				 &in->bound_us[i], err);
		if (rc != DSE_OK)
			return rc;
		best = cJSON_GetObjectItemCaseSensitive(b, "best");
		if (!cJSON_IsObject(best))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.best: expected an object",
					     file, where);
		for (k = 0; k < in->nformats; k++) {
			d = cJSON_GetObjectItemCaseSensitive(best, in->format[k]);
			if (d == NULL || cJSON_IsNull(d))
				continue;
			snprintf(where, sizeof where, "bounds[%zu].best.%s", i,
				 shown(in->format[k], name, sizeof name));
			rc = read_number(d, "throughput_tops", &log_value, 0,
					 file, where,
					 &in->best_tops[i * in->nformats + k], err);
			if (rc != DSE_OK)
				return rc;
		}
		in->nbounds = ++i;
	}
	return DSE_OK;
}

/* The metric of the study's measured accuracy (study.accuracy.metric),
   or "" when the results do not give one as text. */
static const char *study_metric(const cJSON *doc)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(doc, "study");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(st, "accuracy"), "metric");

	return cJSON_IsString(m) && m->valuestring ? m->valuestring : "";
}

/* accuracy: the measured figure ("accuracy") or else the proxy ("sqnr"):
   unit, direction, origin and each format's value (null: none). */
static int read_accuracy(const cJSON *doc, const char *file,
			 struct plot_input *in, struct dse_error *err)
{
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(doc, "accuracy");
	const cJSON *fig, *fm, *v;
	const char *name = "accuracy", *unit = "", *dir = "", *origin = "";
	char where[160], shown_name[100];
	size_t k;
	int rc;

	if (acc == NULL)
		return DSE_OK;
	if (!cJSON_IsObject(acc))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: accuracy: expected an object", file);
	fig = cJSON_GetObjectItemCaseSensitive(acc, name);
	if (fig == NULL)
		fig = cJSON_GetObjectItemCaseSensitive(acc, name = "sqnr");
	if (fig == NULL)
		return DSE_OK;
	snprintf(where, sizeof where, "accuracy.%s", name);
	rc = dse_json_string(fig, "unit", 0, file, where, &unit, err);
	if (rc == DSE_OK)
		rc = dse_json_string(fig, "direction", 0, file, where, &dir, err);
	if (rc == DSE_OK)
		rc = dse_json_string(fig, "origin", 0, file, where, &origin, err);
	if (rc != DSE_OK)
		return rc;
	/* a measured accuracy has no unit of its own: its axis names the
	   file's metric ("top-1 %"), which the study keeps */
	if (name[0] == 'a' && unit[0] == '\0')
		unit = study_metric(doc);
	if (strcmp(dir, "max") != 0 && strcmp(dir, "min") != 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.direction: expected max or min", file,
				     where);
	if (strlen(unit) > PLOT_NAME_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.unit: longer than %d bytes", file,
				     where, PLOT_NAME_MAX);
	fm = cJSON_GetObjectItemCaseSensitive(fig, "formats");
	if (!cJSON_IsObject(fm))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.formats: expected an object", file,
				     where);
	in->accuracy_name = strdup(name);
	in->accuracy_unit = strdup(unit);
	in->accuracy_origin = strdup(origin);
	in->accuracy = malloc(in->nformats * sizeof *in->accuracy);
	if (!in->accuracy_name || !in->accuracy_unit || !in->accuracy_origin ||
	    !in->accuracy)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	in->accuracy_up = dir[1] == 'a';
	for (k = 0; k < in->nformats; k++) {
		in->accuracy[k] = NAN;
		v = cJSON_GetObjectItemCaseSensitive(fm, in->format[k]);
		if (v == NULL || cJSON_IsNull(v))
			continue;
		if (!cJSON_IsNumber(v) || !(fabs(v->valuedouble) <= PLOT_FIGURE_MAX))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: accuracy.%s.formats.%s: expected a number within +-%g or null",
					     file, name,
					     shown(in->format[k], shown_name,
						   sizeof shown_name),
					     PLOT_FIGURE_MAX);
		in->accuracy[k] = v->valuedouble;
	}
	in->has_accuracy = 1;
	return DSE_OK;
}

/* A JSON array of DSE_TAIL_TRAIN_LOADS numbers in [0, hi] into out. */
static int read_shares(const cJSON *obj, const char *key, double hi,
		       const char *file, const char *where, double *out,
		       struct dse_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key), *v;
	size_t j = 0;

	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != DSE_TAIL_TRAIN_LOADS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.%s: expected an array of %d numbers",
				     file, where, key, DSE_TAIL_TRAIN_LOADS);
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
		    v->valuedouble < 0 || v->valuedouble > hi)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.%s[%zu]: not a number in [0, %g]",
					     file, where, key, j, hi);
		out[j++] = v->valuedouble;
	}
	return DSE_OK;
}

/* A tail winner's training for free (e.train): the shares of its capacity
   (the same for every winner) and the fractions of dedicated training. */
static int read_tail_train(const cJSON *e, const char *file,
			   const char *where, struct plot_input *in,
			   double *fraction, struct dse_error *err)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "train"), *blocked;
	double share[DSE_TAIL_TRAIN_LOADS], dedicated = 0;
	char at[240];
	size_t j;
	int rc;

	if (t == NULL)
		return DSE_OK;
	snprintf(at, sizeof at, "%s.train", where);
	if (!cJSON_IsObject(t))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected an object",
				     file, at);
	blocked = cJSON_GetObjectItemCaseSensitive(t, "blocked");
	if (blocked && !cJSON_IsBool(blocked))
		return dse_error_set(err, DSE_EINPUT, "%s: %s.blocked: expected true or false",
				     file, at);
	rc = read_shares(t, "load_shares", 1, file, at, share, err);
	if (rc == DSE_OK)
		rc = dse_json_number(t, "dedicated_train_tops", 0, 0, PLOT_LOG_MAX,
				     0, file, at, &dedicated, err);
	/* a winner that cannot train at all (its format, no DRAM: blocked
	   without a dedicated rate) has no fraction to draw, it stays NaN;
	   one whose chunks never fit trains 0 % */
	if (rc == DSE_OK && !(cJSON_IsTrue(blocked) && dedicated <= 0))
		rc = read_shares(t, "train_fraction", 1 + 1e-9, file, at,
				 fraction, err);
	for (j = 0; rc == DSE_OK && j < DSE_TAIL_TRAIN_LOADS; j++) {
		if (in->has_tail_train && share[j] != in->tail_train_share[j])
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.load_shares: not those of the other SLOs",
					     file, at);
		in->tail_train_share[j] = share[j];
	}
	if (rc == DSE_OK)
		in->has_tail_train = 1;
	return rc;
}

/* The tail pass: settings, then per SLO the tail and service bests. */
static int read_tail(const cJSON *doc, const char *file, struct plot_input *in,
		     struct dse_error *err)
{
	const cJSON *tail = cJSON_GetObjectItemCaseSensitive(doc, "tail");
	const cJSON *slos, *s, *fm, *e, *d;
	const char *arr = "", *pol = "";
	char where[200], name[100], what[300];
	double pct = 0;
	size_t i = 0, k, n, F = in->nformats;
	int rc;

	if (tail == NULL)
		return DSE_OK;
	slos = cJSON_GetObjectItemCaseSensitive(tail, "slos");
	if (!cJSON_IsObject(tail) || !cJSON_IsArray(slos))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: tail: expected an object with an array slos",
				     file);
	rc = dse_json_number(tail, "percentile", 0, 1, 100, 0, file, "tail", &pct,
			     err);
	if (rc == DSE_OK)
		rc = dse_json_string(tail, "arrivals", 0, file, "tail", &arr, err);
	if (rc == DSE_OK)
		rc = dse_json_string(tail, "policy", 0, file, "tail", &pol, err);
	if (rc != DSE_OK)
		return rc;
	n = (size_t)cJSON_GetArraySize(slos);
	if (n == 0)
		return DSE_OK;
	if (n > DSE_STUDY_MAX_SLOS)
		return dse_error_set(err, DSE_EINPUT, "%s: tail.slos: %zu SLOs, more than %d",
				     file, n, DSE_STUDY_MAX_SLOS);
	snprintf(what, sizeof what, "p%g, %s arrivals, %s batching", pct, arr, pol);
	in->tail_what = strdup(what);
	in->tail_slo_us = calloc(n, sizeof *in->tail_slo_us);
	in->tail_tops = calloc(n * F, sizeof *in->tail_tops);
	in->tail_service_tops = calloc(n * F, sizeof *in->tail_service_tops);
	in->tail_train_fraction = malloc(n * F * DSE_TAIL_TRAIN_LOADS *
					 sizeof *in->tail_train_fraction);
	if (!in->tail_what || !in->tail_slo_us || !in->tail_tops ||
	    !in->tail_service_tops || !in->tail_train_fraction)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	for (k = 0; k < n * F * DSE_TAIL_TRAIN_LOADS; k++)
		in->tail_train_fraction[k] = NAN;
	cJSON_ArrayForEach(s, slos) {
		snprintf(where, sizeof where, "tail.slos[%zu]", i);
		rc = read_number(s, "slo_us", &log_value, 0, file, where,
				 &in->tail_slo_us[i], err);
		if (rc == DSE_OK && i > 0 && in->tail_slo_us[i] <= in->tail_slo_us[i - 1])
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s.slo_us: not ascending", file, where);
		fm = cJSON_GetObjectItemCaseSensitive(s, "formats");
		if (rc == DSE_OK && !cJSON_IsObject(fm))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s.formats: expected an object", file, where);
		for (k = 0; rc == DSE_OK && k < F; k++) {
			e = cJSON_GetObjectItemCaseSensitive(fm, in->format[k]);
			if (e == NULL)
				continue;
			snprintf(where, sizeof where, "tail.slos[%zu].formats.%s", i,
				 shown(in->format[k], name, sizeof name));
			d = cJSON_GetObjectItemCaseSensitive(e, "service");
			if (d && !cJSON_IsNull(d))
				rc = read_number(d, "throughput_tops", &log_value, 0,
						 file, where,
						 &in->tail_service_tops[i * F + k], err);
			d = cJSON_GetObjectItemCaseSensitive(e, "tail");
			if (rc == DSE_OK && d && !cJSON_IsNull(d))
				rc = read_number(d, "tail_capacity_tops", &log_value, 0,
						 file, where, &in->tail_tops[i * F + k],
						 err);
			if (rc == DSE_OK)
				rc = read_tail_train(e, file, where, in,
						     &in->tail_train_fraction[(i * F + k) *
									     DSE_TAIL_TRAIN_LOADS],
						     err);
		}
		if (rc != DSE_OK)
			return rc;
		in->ntail = ++i;
	}
	return DSE_OK;
}

/* A CSV file read one record at a time (RFC 4180). */
struct csv_reader {
	FILE *f;
	const char *file;
	size_t line;                    /* line of the next character */
	size_t record_line;             /* first line of the last record */
	char *buf;                      /* the record's fields, NUL-separated */
	size_t len, cap;
	size_t field[PLOT_CSV_FIELDS];  /* offsets into buf */
	size_t nfields;
};

/* Append byte c to the record; DSE_EINPUT past PLOT_CSV_RECORD_MAX. */
static int csv_put(struct csv_reader *r, char c, struct dse_error *err)
{
	if (r->len + 1 >= r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 256;
		char *nb;

		if (cap > PLOT_CSV_RECORD_MAX)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: record longer than %d bytes",
					     r->file, r->record_line,
					     PLOT_CSV_RECORD_MAX);
		nb = realloc(r->buf, cap);
		if (nb == NULL)
			return dse_error_set(err, DSE_ENOMEM, "%s: out of memory",
					     r->file);
		r->buf = nb;
		r->cap = cap;
	}
	r->buf[r->len++] = c;
	return DSE_OK;
}

/* End the current field and start the next one. */
static int csv_next_field(struct csv_reader *r, struct dse_error *err)
{
	int rc = csv_put(r, '\0', err);

	if (rc != DSE_OK)
		return rc;
	if (r->nfields == PLOT_CSV_FIELDS)
		return dse_error_set(err, DSE_EINPUT, "%s:%zu: more than %d fields",
				     r->file, r->record_line, PLOT_CSV_FIELDS);
	r->field[r->nfields++] = r->len;
	return DSE_OK;
}

/*
 * The next record into r->buf and r->field: fields split at commas, a
 * field in double quotes may hold commas, newlines and "" for a quote
 * (RFC 4180 section 2); lines end in LF or CRLF.  Returns 1 with a record,
 * 0 at the end of the file, or a status: a NUL byte, a quote inside an
 * unquoted field, text after a closing quote, an unterminated quote, a
 * record too long or with too many fields (DSE_EINPUT), a read error.
 */
static int csv_record(struct csv_reader *r, struct dse_error *err)
{
	enum { UNQUOTED, QUOTED, CLOSED } state = UNQUOTED;
	int c, rc = DSE_OK, any = 0;

	r->len = 0;
	r->nfields = 0;
	r->record_line = r->line;
	rc = csv_next_field(r, err);
	while (rc == DSE_OK && (c = getc(r->f)) != EOF) {
		any = 1;
		if (c == '\0')
			return dse_error_set(err, DSE_EINPUT, "%s:%zu: NUL byte",
					     r->file, r->line);
		if (c == '\n')
			r->line++;
		if (state == QUOTED) {
			if (c != '"')
				rc = csv_put(r, (char)c, err);
			else if ((c = getc(r->f)) == '"')
				rc = csv_put(r, '"', err);
			else {
				state = CLOSED;
				if (c != EOF)
					ungetc(c, r->f);
			}
			continue;
		}
		if (c == '\r') { /* CR only as part of CRLF */
			if ((c = getc(r->f)) != '\n')
				return dse_error_set(err, DSE_EINPUT,
						     "%s:%zu: CR not followed by LF",
						     r->file, r->line);
			r->line++;
		}
		if (c == '\n')
			break;
		if (c == ',') {
			rc = csv_next_field(r, err);
			state = UNQUOTED;
		} else if (state == CLOSED)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: text after a closing quote",
					     r->file, r->line);
		else if (c == '"' && r->len == r->field[r->nfields - 1])
			state = QUOTED;
		else if (c == '"')
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: quote inside an unquoted field",
					     r->file, r->line);
		else
			rc = csv_put(r, (char)c, err);
	}
	if (rc == DSE_OK && ferror(r->f))
		rc = dse_error_set(err, DSE_EIO, "%s: read error", r->file);
	if (rc == DSE_OK && state == QUOTED)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s:%zu: quoted field not closed", r->file,
				   r->record_line);
	if (rc == DSE_OK)
		rc = csv_put(r, '\0', err);
	return rc != DSE_OK ? rc : any;
}

/* Field i of the last record. */
static const char *csv_field(const struct csv_reader *r, size_t i)
{
	return r->buf + r->field[i];
}

/* Which field holds each column the figures need; from the header record. */
static int sample_header(const struct csv_reader *r, size_t *col,
			 struct dse_error *err)
{
	size_t c, i;

	for (c = 0; c < NCOLS; c++) {
		for (i = 0; i < r->nfields; i++)
			if (strcmp(csv_field(r, i), sample_columns[c]) == 0)
				break;
		if (i == r->nfields)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:1: no column '%s'", r->file,
					     sample_columns[c]);
		col[c] = i;
	}
	return DSE_OK;
}

/* s as a number in range v: 1, or 0 when it is not one. */
static int csv_number(const char *s, const struct plot_number *v, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && isfinite(*out) &&
	       *out >= v->lo && *out <= v->hi && (!v->whole || *out == floor(*out));
}

/* The last record of sample.csv, a data row, into s. */
static int sample_row(const struct csv_reader *r, const size_t *col,
		      size_t ncols, const struct plot_input *in,
		      struct plot_sample *s, struct dse_error *err)
{
	static const struct {
		int col;
		const struct plot_number *range;
		size_t offset;
	} numbers[] = {
		{ COL_LATENCY, &log_value, offsetof(struct plot_sample, latency_us) },
		{ COL_THROUGHPUT, &log_value, offsetof(struct plot_sample, throughput_tops) },
		{ COL_ROWS, &shape_value, offsetof(struct plot_sample, rows) },
	};
	const char *format = csv_field(r, col[COL_FORMAT]);
	char name[100];
	size_t k, i;

	if (r->nfields != ncols)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: %zu fields, the header has %zu",
				     r->file, r->record_line, r->nfields, ncols);
	for (k = 0; k < in->nformats; k++)
		if (strcmp(format, in->format[k]) == 0)
			break;
	if (k == in->nformats)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: format '%s' is not in frontier.json",
				     r->file, r->record_line,
				     shown(format, name, sizeof name));
	s->format = k;
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++)
		if (!csv_number(csv_field(r, col[numbers[i].col]), numbers[i].range,
				(double *)((char *)s + numbers[i].offset)))
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: %s: '%s' is not a number in [%g, %g]%s",
					     r->file, r->record_line,
					     sample_columns[numbers[i].col],
					     shown(csv_field(r, col[numbers[i].col]),
						   name, sizeof name),
					     numbers[i].range->lo,
					     numbers[i].range->hi,
					     numbers[i].range->whole ?
					     ", whole" : "");
	return DSE_OK;
}

/* Every data row of an open sample.csv, in file order. */
static int read_sample_rows(FILE *f, const char *file, struct plot_input *in,
			    struct plot_sample **rows, size_t *nrows,
			    struct dse_error *err)
{
	struct csv_reader r = { f, file, 1, 1, NULL, 0, 0, { 0 }, 0 };
	size_t col[NCOLS], ncols = 0, alloc = 0;
	int rc = csv_record(&r, err);

	if (rc == 0)
		rc = dse_error_set(err, DSE_EINPUT, "%s: empty file", file);
	else if (rc == 1) {
		ncols = r.nfields;
		rc = sample_header(&r, col, err);
	}
	while (rc == DSE_OK && (rc = csv_record(&r, err)) == 1) {
		rc = DSE_OK;
		if (r.nfields == 1 && csv_field(&r, 0)[0] == '\0')
			continue; /* a blank line */
		if (*nrows == PLOT_MAX_SAMPLE_ROWS) {
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s:%zu: more than %d rows", file,
					   r.record_line, PLOT_MAX_SAMPLE_ROWS);
			break;
		}
		if (*nrows == alloc) {
			size_t na = alloc ? 2 * alloc : 1024;
			struct plot_sample *nr = realloc(*rows, na * sizeof *nr);

			if (nr == NULL) {
				rc = dse_error_set(err, DSE_ENOMEM, "%s: out of memory",
						   file);
				break;
			}
			*rows = nr;
			alloc = na;
		}
		rc = sample_row(&r, col, ncols, in, &(*rows)[*nrows], err);
		if (rc == DSE_OK)
			(*nrows)++;
	}
	free(r.buf);
	return rc;
}

/* sample.csv, thinned evenly to at most DSE_PLOT_MAX_POINTS rows. */
static int read_sample(const char *dir, struct plot_input *in,
		       struct dse_error *err)
{
	char *file = dse_path_join(dir, "sample.csv");
	struct plot_sample *rows = NULL;
	size_t nrows = 0, i, kept = 0;
	FILE *f;
	int rc;

	if (file == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	f = fopen(file, "r");
	if (f == NULL) { /* as dse_json_read_file: a missing input is bad input */
		rc = dse_error_set(err, DSE_EINPUT, "%s: %s", file, strerror(errno));
		free(file);
		return rc;
	}
	rc = read_sample_rows(f, file, in, &rows, &nrows, err);
	fclose(f);
	free(file);
	if (rc != DSE_OK) {
		free(rows);
		return rc;
	}
	for (i = 0; i < nrows; i++) /* row i kept when i * max / n steps up */
		if (nrows <= DSE_PLOT_MAX_POINTS || i == 0 ||
		    i * DSE_PLOT_MAX_POINTS / nrows !=
		    (i - 1) * DSE_PLOT_MAX_POINTS / nrows)
			rows[kept++] = rows[i];
	in->sample = rows;
	in->nsample = kept;
	return DSE_OK;
}

/* frontier.json (it names the formats), then sample.csv. */
static int read_explore(const char *file, const char *dir,
			struct plot_input *in, struct dse_error *err)
{
	cJSON *doc = NULL;
	int rc = dse_json_read_file(file, &doc, err);

	if (rc == DSE_OK && !cJSON_IsObject(doc))
		rc = dse_error_set(err, DSE_EINPUT, "%s: expected an object",
				   file);
	if (rc == DSE_OK)
		rc = plot_read_setting(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_frontiers(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_bounds(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_tail(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_accuracy(doc, file, in, err);
	cJSON_Delete(doc);
	if (rc == DSE_OK)
		rc = read_sample(dir, in, err);
	in->has_frontier = rc == DSE_OK;
	return rc;
}

/* dir/name parsed into *doc (an object), or *doc NULL when absent. */
int plot_read_optional(const char *dir, const char *name, char **file,
		       cJSON **doc, struct dse_error *err)
{
	int rc;

	*doc = NULL;
	*file = dse_path_join(dir, name);
	if (*file == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (access(*file, F_OK) != 0)
		return DSE_OK;
	rc = dse_json_read_file(*file, doc, err);
	if (rc == DSE_OK && !cJSON_IsObject(*doc))
		rc = dse_error_set(err, DSE_EINPUT, "%s: expected an object", *file);
	if (rc != DSE_OK) {
		cJSON_Delete(*doc);
		*doc = NULL;
	}
	return rc;
}

/* The folder's exploration and serving results, whichever are there. */
int plot_input_read(const char *dir, struct plot_input *in,
		    struct dse_error *err)
{
	char *file = dse_path_join(dir, "frontier.json");
	int rc = DSE_OK, missing;

	memset(in, 0, sizeof *in);
	if (file == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	missing = access(file, F_OK) != 0 ? errno : 0;

	if (!missing)
		rc = read_explore(file, dir, in, err);
	if (rc == DSE_OK)
		rc = plot_serve_read(dir, in, err);
	if (rc == DSE_OK)
		rc = plot_sens_read(dir, in, err);
	if (rc == DSE_OK && !in->has_frontier && !in->has_serve && !in->has_sens)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s, and no serve.json or sensitivity.json either (results of dse explore, dse serve -o or dse sensitivity)",
				   file, strerror(missing));
	free(file);
	if (rc != DSE_OK)
		plot_input_free(in);
	return rc;
}
