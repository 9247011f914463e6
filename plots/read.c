/* read.c - a results folder (frontier.json, sample.csv) as the plots need it. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "plot_impl.h"

/* Keys of a design object that the figures read, with their lower bound. */
static const struct {
	const char *key;
	size_t offset;
	double lo;
	int lo_open;
} design_keys[] = {
	{ "latency_us", offsetof(struct plot_design, latency_us), 0, 1 },
	{ "throughput_tops", offsetof(struct plot_design, throughput_tops), 0, 1 },
	{ "rows", offsetof(struct plot_design, rows), 1, 0 },
	{ "cols", offsetof(struct plot_design, cols), 1, 0 },
	{ "k_split", offsetof(struct plot_design, k_split), 1, 0 },
	{ "batch", offsetof(struct plot_design, batch), 1, 0 },
	{ "area_pe_mm2", offsetof(struct plot_design, area_pe_mm2), 0, 0 },
	{ "area_array_fixed_mm2", offsetof(struct plot_design, area_array_fixed_mm2), 0, 0 },
	{ "area_sram_mm2", offsetof(struct plot_design, area_sram_mm2), 0, 0 },
	{ "area_fixed_mm2", offsetof(struct plot_design, area_fixed_mm2), 0, 0 },
	{ "power_pe_dynamic_w", offsetof(struct plot_design, power_pe_dynamic_w), 0, 0 },
	{ "power_pe_leak_w", offsetof(struct plot_design, power_pe_leak_w), 0, 0 },
	{ "power_sram_w", offsetof(struct plot_design, power_sram_w), 0, 0 },
	{ "power_sram_leak_w", offsetof(struct plot_design, power_sram_leak_w), 0, 0 },
	{ "power_fixed_w", offsetof(struct plot_design, power_fixed_w), 0, 0 },
};

#define NDESIGN_KEYS (sizeof design_keys / sizeof design_keys[0])

/* Columns of sample.csv that the points figure reads. */
enum { COL_FORMAT, COL_LATENCY, COL_THROUGHPUT, COL_ROWS, NCOLS };

static const char *const sample_columns[NCOLS] = {
	"format", "latency_us", "throughput_tops", "rows"
};

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
		rc = dse_json_number(obj, design_keys[i].key, design_keys[i].lo,
				     design_keys[i].lo_open, HUGE_VAL, 0, file,
				     where, (double *)((char *)d + design_keys[i].offset),
				     err);
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
static int read_setting(const cJSON *doc, const char *file,
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
		rc = dse_json_number(budget, "area_mm2", 0, 1, HUGE_VAL, 0, file,
				     "budget", &in->area_mm2, err);
	if (rc == DSE_OK)
		rc = dse_json_number(budget, "power_w", 0, 1, HUGE_VAL, 0, file,
				     "budget", &in->power_w, err);
	if (rc == DSE_OK)
		rc = dse_json_number(budget, "sram_mb", 0, 1, HUGE_VAL, 0, file,
				     "budget", &in->sram_mb, err);
	if (rc == DSE_OK)
		rc = dse_json_number(counts, "feasible", 0, 0, HUGE_VAL, 1, file,
				     "counts", &in->feasible, err);
	if (rc != DSE_OK)
		return rc;
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
		if (item->string[0] == '\0')
			return dse_error_set(err, DSE_EINPUT,
					     "%s: frontier: empty format name", file);
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
	in->bound_us = calloc(n, sizeof *in->bound_us);
	in->best_tops = calloc(n * in->nformats, sizeof *in->best_tops);
	if (!in->bound_us || !in->best_tops)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(b, bounds) {
		snprintf(where, sizeof where, "bounds[%zu]", i);
		rc = dse_json_number(b, "latency_us", 0, 1, HUGE_VAL, 0, file,
				     where, &in->bound_us[i], err);
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
			rc = dse_json_number(d, "throughput_tops", 0, 1, HUGE_VAL,
					     0, file, where,
					     &in->best_tops[i * in->nformats + k],
					     err);
			if (rc != DSE_OK)
				return rc;
		}
		in->nbounds = ++i;
	}
	return DSE_OK;
}

/* Split a CSV line in place at commas; returns the field count. */
static size_t split_csv(char *line, char **field, size_t max)
{
	size_t n = 0;
	char *p = line;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		field[n++] = p;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

/* Which field holds each column the figures need; from the header line. */
static int sample_header(char *line, const char *file, size_t *col,
			 size_t *ncols, struct dse_error *err)
{
	char *field[64];
	size_t n = split_csv(line, field, 64), c, i;

	for (c = 0; c < NCOLS; c++) {
		for (i = 0; i < n; i++)
			if (strcmp(field[i], sample_columns[c]) == 0)
				break;
		if (i == n)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:1: no column '%s'", file,
					     sample_columns[c]);
		col[c] = i;
	}
	*ncols = n;
	return DSE_OK;
}

/* A positive finite number from a CSV field. */
static int csv_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && isfinite(*out) &&
	       *out > 0;
}

/* One data line of sample.csv into s. */
static int sample_row(char *line, const char *file, size_t lineno,
		      const size_t *col, size_t ncols,
		      const struct plot_input *in, struct plot_sample *s,
		      struct dse_error *err)
{
	char *field[64], name[100];
	size_t n = split_csv(line, field, 64), k;

	if (n != ncols)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: %zu fields, the header has %zu",
				     file, lineno, n, ncols);
	for (k = 0; k < in->nformats; k++)
		if (strcmp(field[col[COL_FORMAT]], in->format[k]) == 0)
			break;
	if (k == in->nformats)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: format '%s' is not in frontier.json",
				     file, lineno,
				     shown(field[col[COL_FORMAT]], name, sizeof name));
	s->format = k;
	if (!csv_number(field[col[COL_LATENCY]], &s->latency_us) ||
	    !csv_number(field[col[COL_THROUGHPUT]], &s->throughput_tops) ||
	    !csv_number(field[col[COL_ROWS]], &s->rows))
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: latency_us, throughput_tops and rows must be positive numbers",
				     file, lineno);
	return DSE_OK;
}

/* Every data row of an open sample.csv, in file order. */
static int read_sample_rows(FILE *f, const char *file, struct plot_input *in,
			    struct plot_sample **rows, size_t *nrows,
			    struct dse_error *err)
{
	char *line = NULL;
	size_t cap = 0, col[NCOLS], ncols = 0, lineno = 1, alloc = 0;
	int rc = DSE_OK;

	if (getline(&line, &cap, f) < 0)
		rc = dse_error_set(err, DSE_EINPUT, "%s: empty file", file);
	else
		rc = sample_header(line, file, col, &ncols, err);
	while (rc == DSE_OK && getline(&line, &cap, f) >= 0) {
		lineno++;
		if (line[strspn(line, "\r\n")] == '\0')
			continue;
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
		rc = sample_row(line, file, lineno, col, ncols, in,
				&(*rows)[*nrows], err);
		if (rc == DSE_OK)
			(*nrows)++;
	}
	if (rc == DSE_OK && ferror(f))
		rc = dse_error_set(err, DSE_EIO, "%s: read error", file);
	free(line);
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

/* frontier.json first (it names the formats), then sample.csv. */
int plot_input_read(const char *dir, struct plot_input *in,
		    struct dse_error *err)
{
	char *file = dse_path_join(dir, "frontier.json");
	cJSON *doc = NULL;
	int rc;

	memset(in, 0, sizeof *in);
	if (file == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	rc = dse_json_read_file(file, &doc, err);
	if (rc == DSE_OK && !cJSON_IsObject(doc))
		rc = dse_error_set(err, DSE_EINPUT, "%s: expected an object",
				   file);
	if (rc == DSE_OK)
		rc = read_setting(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_frontiers(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_bounds(doc, file, in, err);
	cJSON_Delete(doc);
	free(file);
	if (rc == DSE_OK)
		rc = read_sample(dir, in, err);
	if (rc != DSE_OK)
		plot_input_free(in);
	return rc;
}
