/* chip.c - published accelerators as dse designs, with their figures. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "dse_model.h"

/* dse's figures of an evaluated chip, and how to derive a published one. */

/* Peak throughput, every PE busy: 2 ops per MAC, TOp/s. */
static double peak_tops(const struct dse_result *r)
{
	return 2e-3 * r->pes * r->freq_ghz;
}

/* Peak (TDP-bound) power, W. */
static double peak_power(const struct dse_result *r)
{
	return r->peak_power_w;
}

/* Area, mm2. */
static double area(const struct dse_result *r)
{
	return r->area_mm2;
}

/* Peak throughput over peak power (what a datasheet quotes), TOp/s/W. */
static double peak_per_w(const struct dse_result *r)
{
	return r->peak_power_w > 0 ? peak_tops(r) / r->peak_power_w : NAN;
}

/* The published peak over the published TDP. */
static double published_per_w(const double *pub)
{
	return pub[DSE_CHIP_PEAK_TOPS] / pub[DSE_CHIP_TDP_W];
}

static const struct dse_chip_figure chip_figures[DSE_CHIP_NFIGURES] = {
	[DSE_CHIP_PEAK_TOPS] = { "peak_tops", "peak throughput", "TOp/s",
				 peak_tops, NULL },
	[DSE_CHIP_TDP_W] = { "tdp_w", "peak power (TDP)", "W", peak_power,
			     NULL },
	[DSE_CHIP_AREA_MM2] = { "area_mm2", "area", "mm2", area, NULL },
	[DSE_CHIP_TOPS_PER_W] = { "peak_tops_per_w", "peak TOp/s per W (TDP)",
				  "TOp/s/W", peak_per_w, published_per_w },
};

/* The figure table, DSE_CHIP_NFIGURES rows. */
const struct dse_chip_figure *dse_chip_figures(void)
{
	return chip_figures;
}

/* Free a chip and its strings; NULL is a no-op. */
void dse_chip_free(struct dse_chip *chip)
{
	size_t i;

	if (chip == NULL)
		return;
	free(chip->path);
	free(chip->description);
	for (i = 0; i < DSE_CHIP_NFIGURES; i++)
		free(chip->source[i]);
	free(chip);
}

/* A string of obj into a fixed field, refusing what does not fit. */
static int fixed_string(const cJSON *obj, const char *key, char *dst,
			size_t cap, const char *file, const char *where,
			struct dse_error *err)
{
	const char *v = NULL;
	int rc = dse_json_string(obj, key, 0, file, where, &v, err);

	if (rc == DSE_OK && strlen(v) >= cap)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s%s%s: longer than %zu characters", file,
				   where, *where ? "." : "", key, cap - 1);
	if (rc == DSE_OK)
		strcpy(dst, v);
	return rc;
}

/* obj[key] as a whole number in [lo, hi]. */
static int whole(const cJSON *obj, const char *key, double lo, double hi,
		 const char *file, double *out, struct dse_error *err)
{
	int rc = dse_json_number(obj, key, lo, 0, hi, 0, file, "design", out,
				 err);

	if (rc == DSE_OK && *out != floor(*out))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: design.%s: %g is not a whole number", file,
				   key, *out);
	return rc;
}

/* obj[key] as true or false. */
static int flag(const cJSON *obj, const char *key, const char *file, int *out,
		struct dse_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsBool(v))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: design.%s: expected true or false", file,
				     key);
	*out = cJSON_IsTrue(v);
	return DSE_OK;
}

/* The "design" object: format, dataflow, shape, arrays, batch, clock, architecture. */
static int read_design(const cJSON *obj, const char *file, struct dse_chip *c,
		       struct dse_error *err)
{
	static const char *const keys[] = { "format", "dataflow", "rows",
					    "cols", "k_split", "arrays", "batch",
					    "freq_ghz", "fold_overlap",
					    "accumulators", NULL };
	struct dse_design *d = &c->design;
	char name[32], df[8];
	double v[5];
	int rc = dse_json_check_keys(obj, keys, 1, file, "design", err);

	if (rc == DSE_OK)
		rc = fixed_string(obj, "format", name, sizeof name, file,
				  "design", err);
	if (rc == DSE_OK && dse_format_parse(name, &c->format, err) != DSE_OK) {
		dse_error_prefix(err, "design.format");
		dse_error_prefix(err, file);
		rc = DSE_EINPUT;
	}
	if (rc == DSE_OK)
		rc = fixed_string(obj, "dataflow", df, sizeof df, file, "design",
				  err);
	if (rc == DSE_OK && dse_dataflow_parse(df, &d->dataflow, err) != DSE_OK) {
		dse_error_prefix(err, "design.dataflow");
		dse_error_prefix(err, file);
		rc = DSE_EINPUT;
	}
	if (rc == DSE_OK)
		rc = whole(obj, "rows", 1, DSE_SIDE_MAX, file, &v[0], err);
	if (rc == DSE_OK)
		rc = whole(obj, "cols", 1, DSE_SIDE_MAX, file, &v[1], err);
	if (rc == DSE_OK)
		rc = whole(obj, "k_split", 1, DSE_KSPLIT_MAX, file, &v[2], err);
	if (rc == DSE_OK)
		rc = whole(obj, "arrays", v[2], 1 << 24, file, &v[3], err);
	if (rc == DSE_OK)
		rc = whole(obj, "batch", 1, DSE_BATCH_MAX, file, &v[4], err);
	if (rc == DSE_OK)
		rc = dse_json_number(obj, "freq_ghz", DSE_FREQ_MIN_GHZ, 0,
				     DSE_FREQ_MAX_GHZ, 0, file, "design",
				     &c->freq_ghz, err);
	if (rc == DSE_OK)
		rc = flag(obj, "fold_overlap", file, &d->fold_overlap, err);
	if (rc == DSE_OK)
		rc = flag(obj, "accumulators", file, &d->accumulators, err);
	if (rc != DSE_OK)
		return rc;
	d->format = &c->format;
	d->rows = (unsigned)v[0];
	d->cols = (unsigned)v[1];
	d->ksplit = (unsigned)v[2];
	d->arrays = (unsigned)v[3];
	d->batch = (unsigned)v[4];
	return DSE_OK;
}

/* The "published" object: peak_tops, tdp_w, area_mm2, each {value, source}. */
static int read_published(const cJSON *obj, const char *file,
			  struct dse_chip *c, struct dse_error *err)
{
	static const char *const keys[] = { "peak_tops", "tdp_w", "area_mm2",
					    NULL };
	static const char *const vs[] = { "value", "source", NULL };
	char where[64];
	size_t i;
	int rc = dse_json_check_keys(obj, keys, 1, file, "published", err);

	for (i = 0; rc == DSE_OK && i < DSE_CHIP_NFIGURES; i++) {
		const cJSON *one;
		const char *src = NULL;

		if (chip_figures[i].published)
			continue;
		snprintf(where, sizeof where, "published.%s", chip_figures[i].key);
		one = cJSON_GetObjectItemCaseSensitive(obj, chip_figures[i].key);
		rc = dse_json_check_keys(one, vs, 1, file, where, err);
		if (rc == DSE_OK)
			rc = dse_json_number(one, "value", 0, 1, 1e9, 0, file,
					     where, &c->published[i], err);
		if (rc == DSE_OK)
			rc = dse_json_string(one, "source", 0, file, where, &src,
					     err);
		if (rc == DSE_OK && (c->source[i] = strdup(src)) == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (i = 0; rc == DSE_OK && i < DSE_CHIP_NFIGURES; i++)
		if (chip_figures[i].published) {
			c->published[i] = chip_figures[i].published(c->published);
			c->source[i] = strdup("derived from the published figures above");
			if (c->source[i] == NULL)
				rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		}
	return rc;
}

/* Fill c from a parsed chip file. */
static int parse_chip(const cJSON *root, const char *file, struct dse_chip *c,
		      struct dse_error *err)
{
	static const char *const keys[] = { "name", "description", "tech",
					    "workload", "sram_mb", "design",
					    "published", NULL };
	const char *desc = NULL;
	int rc = dse_json_check_keys(root, keys, 1, file, "", err);

	if (rc == DSE_OK)
		rc = fixed_string(root, "name", c->name, sizeof c->name, file, "",
				  err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "description", 0, file, "", &desc, err);
	if (rc == DSE_OK && (c->description = strdup(desc)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = fixed_string(root, "tech", c->tech, sizeof c->tech, file, "",
				  err);
	if (rc == DSE_OK)
		rc = fixed_string(root, "workload", c->workload,
				  sizeof c->workload, file, "", err);
	if (rc == DSE_OK)
		rc = dse_json_number(root, "sram_mb", 0, 1, DSE_SRAM_MAX_MB, 0,
				     file, "", &c->sram_mb, err);
	if (rc == DSE_OK)
		rc = read_design(cJSON_GetObjectItemCaseSensitive(root, "design"),
				 file, c, err);
	if (rc == DSE_OK)
		rc = read_published(cJSON_GetObjectItemCaseSensitive(root,
								     "published"),
				    file, c, err);
	return rc;
}

/* A chip by name (<datadir>/chips/<name>.json) or by path. */
int dse_chip_load(const char *spec, const char *datadir,
		  struct dse_chip **out, struct dse_error *err)
{
	char path[4096];
	struct dse_chip *c;
	cJSON *root = NULL;
	int rc;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return dse_error_set(err, DSE_EUSAGE, "empty chip name");
	if (strchr(spec, '/') || strstr(spec, ".json")) {
		snprintf(path, sizeof path, "%s", spec);
	} else {
		if (strspn(spec, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
		    strlen(spec))
			return dse_error_set(err, DSE_EUSAGE,
					     "chip '%.64s': not a name (use a path to a .json file)",
					     spec);
		snprintf(path, sizeof path, "%s/chips/%s.json",
			 datadir ? datadir : ".", spec);
		if (access(path, R_OK) != 0)
			return dse_error_set(err, DSE_EUSAGE,
					     "chip '%s': no file %s", spec, path);
	}
	rc = dse_json_read_file(path, &root, err);
	if (rc != DSE_OK)
		return rc;
	c = calloc(1, sizeof *c);
	if (c == NULL || (c->path = strdup(path)) == NULL) {
		cJSON_Delete(root);
		dse_chip_free(c);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	rc = parse_chip(root, path, c, err);
	cJSON_Delete(root);
	if (rc != DSE_OK) {
		dse_chip_free(c);
		return rc;
	}
	*out = c;
	return DSE_OK;
}

/* qsort order of strings. */
static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Free a list of names from dse_chip_names. */
void dse_chip_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

/* The names of <datadir>/chips/ *.json, sorted. */
int dse_chip_names(const char *datadir, char ***out, size_t *n,
		   struct dse_error *err)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	char **names = NULL, **grown;
	size_t count = 0;
	int rc = DSE_OK;

	*out = NULL;
	*n = 0;
	snprintf(dir, sizeof dir, "%s/chips", datadir ? datadir : ".");
	d = opendir(dir);
	if (d == NULL)
		return dse_error_set(err, DSE_EINPUT, "%s: cannot open the folder",
				     dir);
	while (rc == DSE_OK && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		grown = realloc(names, (count + 1) * sizeof *names);
		if (grown == NULL) {
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
			break;
		}
		names = grown;
		names[count] = strndup(e->d_name, len - 5);
		if (names[count] == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		else
			count++;
	}
	closedir(d);
	if (rc != DSE_OK) {
		dse_chip_names_free(names, count);
		return rc;
	}
	qsort(names, count, sizeof *names, cmp_name);
	*out = names;
	*n = count;
	return DSE_OK;
}

/* Evaluate a chip on its technology and workload: the design with its arrays. */
int dse_chip_eval(const struct dse_chip *chip, const char *datadir,
		  struct dse_chip_report *out, struct dse_error *err)
{
	/* the chip is what it is: no budget limits its arrays */
	const struct dse_budget budget = { DSE_AREA_MAX_MM2, DSE_POWER_MAX_W,
					   chip->sram_mb, 0 };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_model model;
	struct dse_design d = chip->design;
	size_t i;
	int rc;

	memset(out, 0, sizeof *out);
	out->chip = chip;
	rc = dse_tech_load(chip->tech, datadir, &tech, err);
	if (rc == DSE_OK)
		rc = dse_workload_find(chip->workload, datadir, &wl, err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &budget, err);
	if (rc == DSE_OK)
		rc = dse_tech_opp(tech, chip->freq_ghz, &d.opp, err);
	d.format = &chip->format;
	if (rc == DSE_OK)
		rc = dse_model_eval(&model, &d, &out->result, err);
	if (rc == DSE_OK && out->result.verdict != DSE_FEASIBLE)
		rc = dse_error_set(err, DSE_EINFEASIBLE,
				   "%s: dse finds the chip infeasible (%s) on %s",
				   chip->path, dse_verdict_name(out->result.verdict),
				   chip->workload);
	if (rc == DSE_OK) {
		for (i = 0; i < DSE_CHIP_NFIGURES; i++)
			out->dse[i] = chip_figures[i].dse(&out->result);
		snprintf(out->tech_name, sizeof out->tech_name, "%s", tech->name);
		snprintf(out->workload_name, sizeof out->workload_name, "%s",
			 wl->name);
	}
	dse_workload_free(wl);
	dse_tech_free(tech);
	return rc;
}
