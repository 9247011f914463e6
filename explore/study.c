/* study.c - what to sweep: defaults, flags and JSON study files. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_explore.h"

/* Limits of swept values: beyond them a value is a typo, not a design. */
#define SIDE_MAX 65536.0
#define KSPLIT_MAX 4096.0
#define BATCH_MAX 1048576.0
#define FREQ_MAX_GHZ 100.0
#define LATENCY_MAX_US 1e12
#define THREADS_MAX 1024.0
#define SAMPLE_MAX 10000000.0
/* Default frequency step over the DVFS range, GHz */
#define DVFS_STEP_GHZ 0.01

void dse_study_defaults(struct dse_study *st)
{
	static const double bounds[] = { 25, 50, 100, 250, 500 };

	memset(st, 0, sizeof *st);
	strcpy(st->tech, "n7");
	strcpy(st->workload, "lstm");
	st->budget.area_mm2 = DSE_DEFAULT_AREA_MM2;
	st->budget.power_w = DSE_DEFAULT_POWER_W;
	st->budget.sram_mb = DSE_DEFAULT_SRAM_MB;
	st->nformats = 2;
	strcpy(st->formats[0], "hbfp8_576");
	strcpy(st->formats[1], "bf16");
	st->ndataflows = 1;
	st->dataflows[0] = DSE_OS;
	strcpy(st->rows, "1:1024");
	strcpy(st->cols, "32:4096:x2");
	strcpy(st->ksplit, "1:8");
	strcpy(st->batch, "1:1024:x2");
	strcpy(st->freq_ghz, "dvfs");
	st->nbounds = sizeof bounds / sizeof bounds[0];
	memcpy(st->bounds_us, bounds, sizeof bounds);
	st->seed = 1;
	st->sample = 20000;
}

/* Copy a value into a fixed field, refusing what does not fit. */
static int store(char *dst, size_t cap, const char *value, const char *label,
		 struct dse_error *err)
{
	if (strlen(value) >= cap)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: longer than %zu characters", label,
				     cap - 1);
	strcpy(dst, value);
	return DSE_OK;
}

/* Check a range specification by parsing it, then keep its text. */
static int range_key(char *dst, size_t cap, const char *value,
		     const char *label, double lo, double hi, int whole,
		     struct dse_error *err)
{
	struct dse_range r = { 0, NULL };
	int rc = dse_range_parse(value, label, lo, hi, whole, &r, err);

	dse_range_free(&r);
	return rc == DSE_OK ? store(dst, cap, value, label, err) : rc;
}

static int number_key(const char *value, const char *label, double lo,
		      int lo_open, double hi, double *out, struct dse_error *err)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	if (end == value || *end != '\0' || errno != 0 || !isfinite(v))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite number", label,
				     value);
	if (v < lo || (lo_open && v <= lo) || v > hi)
		return dse_error_set(err, DSE_EUSAGE, "%s: %g is outside %s%g, %g]",
				     label, v, lo_open ? "(" : "[", lo, hi);
	*out = v;
	return DSE_OK;
}

/* Split a comma list into items; calls fn on each. */
static int each_item(const char *value, const char *label,
		     int (*fn)(struct dse_study *, const char *, const char *,
			       struct dse_error *),
		     struct dse_study *st, struct dse_error *err)
{
	char buf[1024], *tok, *save = NULL;
	int rc = DSE_OK;

	if (strlen(value) >= sizeof buf)
		return dse_error_set(err, DSE_EUSAGE, "%s: list too long", label);
	strcpy(buf, value);
	if (buf[0] == '\0' || buf[0] == ',' || buf[strlen(buf) - 1] == ',' ||
	    strstr(buf, ",,"))
		return dse_error_set(err, DSE_EUSAGE, "%s: empty item in '%s'",
				     label, value);
	for (tok = strtok_r(buf, ",", &save); rc == DSE_OK && tok;
	     tok = strtok_r(NULL, ",", &save))
		rc = fn(st, tok, label, err);
	return rc;
}

static int add_format(struct dse_study *st, const char *name,
		      const char *label, struct dse_error *err)
{
	struct dse_format f;
	size_t i;

	if (dse_format_parse(name, &f, err) != DSE_OK) {
		dse_error_prefix(err, label);
		return err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
	}
	for (i = 0; i < st->nformats; i++)
		if (strcmp(st->formats[i], f.name) == 0)
			return DSE_OK;
	if (st->nformats == DSE_STUDY_MAX_FORMATS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d formats",
				     label, DSE_STUDY_MAX_FORMATS);
	strcpy(st->formats[st->nformats++], f.name);
	return DSE_OK;
}

static int add_dataflow(struct dse_study *st, const char *name,
			const char *label, struct dse_error *err)
{
	enum dse_dataflow df;
	size_t i;

	if (dse_dataflow_parse(name, &df, err) != DSE_OK) {
		dse_error_prefix(err, label);
		return err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
	}
	for (i = 0; i < st->ndataflows; i++)
		if (st->dataflows[i] == df)
			return DSE_OK;
	st->dataflows[st->ndataflows++] = df;
	return DSE_OK;
}

static int add_objective(struct dse_study *st, const char *name,
			 const char *label, struct dse_error *err)
{
	if (strcmp(name, "energy") == 0)
		st->energy_objective = 1;
	else if (strcmp(name, "latency") != 0 && strcmp(name, "throughput") != 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: unknown objective '%s' (latency, throughput, energy)",
				     label, name);
	return DSE_OK;
}

static int add_bound(struct dse_study *st, const char *text, const char *label,
		     struct dse_error *err)
{
	double v;
	int rc = number_key(text, label, 0, 1, LATENCY_MAX_US, &v, err);

	if (rc != DSE_OK)
		return rc;
	if (st->nbounds == DSE_STUDY_MAX_BOUNDS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d bounds",
				     label, DSE_STUDY_MAX_BOUNDS);
	st->bounds_us[st->nbounds++] = v;
	return DSE_OK;
}

/* "dvfs" or "dvfs:STEP": *step receives STEP; 0 if spec is not dvfs. */
static int dvfs_step(const char *spec, const char *label, double *step,
		     struct dse_error *err)
{
	*step = 0;
	if (strncmp(spec, "dvfs", 4) != 0)
		return DSE_OK;
	if (spec[4] == '\0') {
		*step = DVFS_STEP_GHZ;
		return DSE_OK;
	}
	if (spec[4] != ':')
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not dvfs or dvfs:STEP", label,
				     spec);
	return number_key(spec + 5, label, 0, 1, FREQ_MAX_GHZ, step, err);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int dse_study_set(struct dse_study *st, const char *key, const char *value,
		  const char *label, struct dse_error *err)
{
	const char *l = label ? label : key;
	double v, step;
	int rc;

	if (strcmp(key, "tech") == 0)
		return store(st->tech, sizeof st->tech, value, l, err);
	if (strcmp(key, "workload") == 0)
		return store(st->workload, sizeof st->workload, value, l, err);
	if (strcmp(key, "area_mm2") == 0)
		return number_key(value, l, 0, 1, 1e5, &st->budget.area_mm2, err);
	if (strcmp(key, "power_w") == 0)
		return number_key(value, l, 0, 1, 1e5, &st->budget.power_w, err);
	if (strcmp(key, "sram_mb") == 0)
		return number_key(value, l, 0, 1, 1e6, &st->budget.sram_mb, err);
	if (strcmp(key, "formats") == 0) {
		st->nformats = 0;
		return each_item(value, l, add_format, st, err);
	}
	if (strcmp(key, "dataflows") == 0) {
		st->ndataflows = 0;
		return each_item(value, l, add_dataflow, st, err);
	}
	if (strcmp(key, "objectives") == 0) {
		st->energy_objective = 0;
		return each_item(value, l, add_objective, st, err);
	}
	if (strcmp(key, "bounds_us") == 0) {
		st->nbounds = 0;
		rc = each_item(value, l, add_bound, st, err);
		qsort(st->bounds_us, st->nbounds, sizeof st->bounds_us[0],
		      cmp_double);
		return rc;
	}
	if (strcmp(key, "rows") == 0)
		return range_key(st->rows, sizeof st->rows, value, l, 1,
				 SIDE_MAX, 1, err);
	if (strcmp(key, "cols") == 0)
		return range_key(st->cols, sizeof st->cols, value, l, 1,
				 SIDE_MAX, 1, err);
	if (strcmp(key, "k_split") == 0)
		return range_key(st->ksplit, sizeof st->ksplit, value, l, 1,
				 KSPLIT_MAX, 1, err);
	if (strcmp(key, "batch") == 0)
		return range_key(st->batch, sizeof st->batch, value, l, 1,
				 BATCH_MAX, 1, err);
	if (strcmp(key, "freq_ghz") == 0) {
		if ((rc = dvfs_step(value, l, &step, err)) != DSE_OK)
			return rc;
		if (step > 0)
			return store(st->freq_ghz, sizeof st->freq_ghz, value,
				     l, err);
		return range_key(st->freq_ghz, sizeof st->freq_ghz, value, l,
				 1e-6, FREQ_MAX_GHZ, 0, err);
	}
	if (strcmp(key, "latency_max_us") == 0)
		return number_key(value, l, 0, 1, LATENCY_MAX_US,
				  &st->latency_max_us, err);
	if (strcmp(key, "threads") == 0) {
		rc = number_key(value, l, 0, 0, THREADS_MAX, &v, err);
		if (rc == DSE_OK && v != floor(v))
			rc = dse_error_set(err, DSE_EUSAGE,
					   "%s: %g is not a whole number", l, v);
		st->threads = rc == DSE_OK ? (unsigned)v : st->threads;
		return rc;
	}
	if (strcmp(key, "sample") == 0) {
		rc = number_key(value, l, 0, 0, SAMPLE_MAX, &v, err);
		if (rc == DSE_OK && v != floor(v))
			rc = dse_error_set(err, DSE_EUSAGE,
					   "%s: %g is not a whole number", l, v);
		st->sample = rc == DSE_OK ? (size_t)v : st->sample;
		return rc;
	}
	if (strcmp(key, "seed") == 0) {
		char *end;
		unsigned long long s;

		errno = 0;
		s = strtoull(value, &end, 10);
		if (value[0] == '-' || end == value || *end || errno)
			return dse_error_set(err, DSE_EUSAGE,
					     "%s: '%s' is not a whole number in 0..2^64-1",
					     l, value);
		st->seed = s;
		return DSE_OK;
	}
	return dse_error_set(err, DSE_EUSAGE, "%s: unknown key", l);
}

int dse_study_freqs(const char *spec, const struct dse_tech *tech,
		    struct dse_range *out, struct dse_error *err)
{
	double step, lo, hi;
	char text[128];
	int rc = dvfs_step(spec, "freq_ghz", &step, err);

	if (rc != DSE_OK)
		return rc;
	if (step == 0)
		return dse_range_parse(spec, "freq_ghz", 1e-6, FREQ_MAX_GHZ, 0,
				       out, err);
	lo = dse_tech_freq_ghz(tech, tech->v_min_v);
	hi = dse_tech_freq_ghz(tech, tech->v_max_v);
	/* f(v_min) up by STEP, and f(v_max) itself */
	snprintf(text, sizeof text, "%.17g:%.17g:%.17g,%.17g", lo, hi, step, hi);
	return dse_range_parse(text, "freq_ghz", 1e-6, FREQ_MAX_GHZ, 0, out, err);
}

/* A JSON value as the text a flag would give: arrays joined by commas. */
static int to_text(const cJSON *v, char *buf, size_t cap)
{
	const cJSON *item;
	size_t len = 0;

	if (cJSON_IsString(v))
		return snprintf(buf, cap, "%s", v->valuestring) < (int)cap ? 0 : -1;
	if (cJSON_IsNumber(v))
		return snprintf(buf, cap, "%.17g", v->valuedouble) < (int)cap ? 0 : -1;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
		return -1;
	buf[0] = '\0';
	cJSON_ArrayForEach(item, v) {
		if (cJSON_IsArray(item) || to_text(item, buf + len + (len > 0),
						   cap - len - (len > 0)) != 0)
			return -1;
		if (len > 0)
			buf[len] = ',';
		len += strlen(buf + len);
	}
	return 0;
}

int dse_study_load(struct dse_study *st, const char *path,
		   struct dse_error *err)
{
	cJSON *root, *item;
	char text[4096];
	int rc = dse_json_read_file(path, &root, err);

	if (rc != DSE_OK)
		return rc;
	if (!cJSON_IsObject(root))
		rc = dse_error_set(err, DSE_EINPUT, "%s: expected an object",
				   path);
	for (item = rc == DSE_OK ? root->child : NULL; rc == DSE_OK && item; item = item->next) {
		const cJSON *other;

		for (other = item->next; other; other = other->next)
			if (strcmp(other->string, item->string) == 0)
				break;
		if (other != NULL) {
			rc = dse_error_set(err, DSE_EINPUT, "%s: %s: key repeated",
					   path, item->string);
			break;
		}
		if (to_text(item, text, sizeof text) != 0) {
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s: expected a string, a number or a non-empty list of them",
					   path, item->string);
			break;
		}
		rc = dse_study_set(st, item->string, text, item->string, err);
		if (rc != DSE_OK) {
			dse_error_prefix(err, path);
			rc = err ? (err->status = DSE_EINPUT) : DSE_EINPUT;
		}
	}
	cJSON_Delete(root);
	return rc;
}
