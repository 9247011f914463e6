/* study.c - what to sweep: defaults, flags and JSON study files. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_explore.h"

/* Limits of study values beyond the model's own (dse_model.h). */
#define LATENCY_MAX_US 1e12
#define THREADS_MAX 256.0
#define SAMPLE_MAX 1000000.0 /* per thread while sweeping: 64 MB at most */
/* Default frequency step over the DVFS range, GHz */
#define DVFS_STEP_GHZ 0.01

/* Reset st to the Equinox study (n7, lstm, hbfp8_576 vs bf16, os, dvfs). */
void dse_study_defaults(struct dse_study *st)
{
	static const double bounds[] = { 25, 50, 100, 250, 500 };

	memset(st, 0, sizeof *st);
	strcpy(st->tech, "n7");
	strcpy(st->workload, "lstm");
	st->budget.area_mm2 = DSE_DEFAULT_AREA_MM2;
	st->budget.power_w = DSE_DEFAULT_POWER_W;
	st->budget.sram_mb = DSE_DEFAULT_SRAM_MB;
	snprintf(st->sram_mb, sizeof st->sram_mb, "%g", DSE_DEFAULT_SRAM_MB);
	st->fold_overlap = 1;
	st->accumulators = 1;
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
	st->percentile = 99;
	strcpy(st->arrivals, "poisson");
	strcpy(st->policy, "deadline");
	st->tail_requests = 200000;
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

/* value as a finite number in [lo, hi], or (lo, hi] when lo_open. */
static int number_key(const char *value, const char *label, double lo,
		      int lo_open, double hi, double *out, struct dse_error *err)
{
	double v = 0;

	if (dse_number_parse(value, &v) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite decimal number",
				     label, value);
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

/* Add a format under its canonical name, once; a bad name is a usage error. */
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

/* Add a dataflow, once; a bad name is a usage error. */
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

/* Note an objective: energy adds a third; latency and throughput are always on. */
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

/* Add a latency bound, us, in (0, LATENCY_MAX_US]. */
static int add_bound(struct dse_study *st, const char *text, const char *label,
		     struct dse_error *err)
{
	double v = 0;
	int rc = number_key(text, label, 0, 1, LATENCY_MAX_US, &v, err);

	if (rc != DSE_OK)
		return rc;
	if (st->nbounds == DSE_STUDY_MAX_BOUNDS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d bounds",
				     label, DSE_STUDY_MAX_BOUNDS);
	st->bounds_us[st->nbounds++] = v;
	return DSE_OK;
}

/* Add a latency SLO of the tail pass, us, in (0, LATENCY_MAX_US]. */
static int add_slo(struct dse_study *st, const char *text, const char *label,
		   struct dse_error *err)
{
	double v = 0;
	int rc = number_key(text, label, 0, 1, LATENCY_MAX_US, &v, err);

	if (rc != DSE_OK)
		return rc;
	if (st->nslos == DSE_STUDY_MAX_SLOS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d SLOs",
				     label, DSE_STUDY_MAX_SLOS);
	st->slos_us[st->nslos++] = v;
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
	return number_key(spec + 5, label, 0, 1, DSE_FREQ_MAX_GHZ, step, err);
}

struct key;
typedef int (*setter)(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err);

/* One study key: how its text is checked and where it is stored. */
struct key {
	const char *name;
	setter set;
	size_t offset; /* of the field in struct dse_study */
	size_t size;   /* text fields: capacity */
	double lo, hi; /* numbers and range values */
	int lo_open, whole;
	int (*add)(struct dse_study *, const char *, const char *,
		   struct dse_error *); /* lists: one item */
	void (*reset)(struct dse_study *); /* lists: empty before adding */
};

/* Where key k's value lives in st. */
static void *field(struct dse_study *st, const struct key *k)
{
	return (char *)st + k->offset;
}

/* Setter: the text as given, if it fits. */
static int set_text(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	return store(field(st, k), k->size, value, label, err);
}

/* Setter: a number within the key's limits. */
static int set_number(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err)
{
	return number_key(value, label, k->lo, k->lo_open, k->hi,
			  field(st, k), err);
}

/* A whole number stored as unsigned (threads) or size_t (sample). */
static int whole(const struct key *k, const char *value, const char *label,
		 double *v, struct dse_error *err)
{
	int rc = number_key(value, label, k->lo, 0, k->hi, v, err);

	if (rc == DSE_OK && *v != floor(*v))
		rc = dse_error_set(err, DSE_EUSAGE, "%s: %g is not a whole number",
				   label, *v);
	return rc;
}

/* Setter: a whole number stored as unsigned. */
static int set_unsigned(struct dse_study *st, const struct key *k,
			const char *value, const char *label,
			struct dse_error *err)
{
	double v = 0;
	int rc = whole(k, value, label, &v, err);

	if (rc == DSE_OK)
		*(unsigned *)field(st, k) = (unsigned)v;
	return rc;
}

/* Setter: a whole number stored as size_t. */
static int set_size(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	double v = 0;
	int rc = whole(k, value, label, &v, err);

	if (rc == DSE_OK)
		*(size_t *)field(st, k) = (size_t)v;
	return rc;
}

/* Setter: the sample's seed, a whole number in 0..2^64-1. */
static int set_seed(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	unsigned long long v;

	(void)k;
	if (dse_uint_parse(value, ~0ull, &v) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a whole number in 0..2^64-1",
				     label, value);
	st->seed = v;
	return DSE_OK;
}

/* Setter: a range checked against the key's limits, kept as text. */
static int set_range(struct dse_study *st, const struct key *k,
		     const char *value, const char *label,
		     struct dse_error *err)
{
	return range_key(field(st, k), k->size, value, label, k->lo, k->hi,
			 k->whole, err);
}

/* Frequencies: a range of GHz, or dvfs[:STEP] resolved against the tech. */
static int set_freq(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	double step;
	int rc = dvfs_step(value, label, &step, err);

	if (rc != DSE_OK)
		return rc;
	if (step > 0)
		return store(field(st, k), k->size, value, label, err);
	return set_range(st, k, value, label, err);
}

/* Setter: SRAM sizes, a range of positive MB; budget.sram_mb is its smallest. */
static int set_sram(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	struct dse_range r = { 0, NULL };
	int rc = dse_range_parse(value, label, -DSE_SRAM_MAX_MB, DSE_SRAM_MAX_MB,
				 0, &r, err);

	if (rc == DSE_OK && r.v[0] <= 0)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "%s: %g MB is not a positive SRAM size", label,
				   r.v[0]);
	if (rc == DSE_OK) {
		st->budget.sram_mb = r.v[0];
		rc = store(field(st, k), k->size, value, label, err);
	}
	dse_range_free(&r);
	return rc;
}

/* Setter: on or off (also yes/no, true/false, 1/0) into an int. */
static int set_switch(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err)
{
	static const char *const on[] = { "on", "yes", "true", "1", NULL };
	static const char *const off[] = { "off", "no", "false", "0", NULL };
	size_t i;

	for (i = 0; on[i]; i++) {
		if (strcmp(value, on[i]) == 0) {
			*(int *)field(st, k) = 1;
			return DSE_OK;
		}
		if (strcmp(value, off[i]) == 0) {
			*(int *)field(st, k) = 0;
			return DSE_OK;
		}
	}
	return dse_error_set(err, DSE_EUSAGE, "%s: '%s' is not on or off", label,
			     value);
}

/* Setter: the tail percentile, in (0, 100). */
static int set_percentile(struct dse_study *st, const struct key *k,
			  const char *value, const char *label,
			  struct dse_error *err)
{
	int rc = set_number(st, k, value, label, err);

	if (rc == DSE_OK && st->percentile >= 100)
		rc = dse_error_set(err, DSE_EUSAGE, "%s: %s is not below 100",
				   label, value);
	return rc;
}

/* Setter: an arrival process; its syntax now, a trace's file when run. */
static int set_arrivals(struct dse_study *st, const struct key *k,
			const char *value, const char *label,
			struct dse_error *err)
{
	struct dse_serve_arrivals a;

	if (strncmp(value, "trace:", 6) != 0 || value[6] == '\0') {
		if (dse_serve_arrivals_parse(value, &a, err) != DSE_OK) {
			dse_error_prefix(err, label);
			return err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
		}
		dse_serve_arrivals_free(&a);
	}
	return set_text(st, k, value, label, err);
}

/* Setter: a batching policy, checked. */
static int set_policy(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err)
{
	struct dse_serve_policy p;

	if (dse_serve_policy_parse(value, &p, err) != DSE_OK) {
		dse_error_prefix(err, label);
		return err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
	}
	return set_text(st, k, p.spec, label, err);
}

/* Setter: requests per tail simulation, 1..DSE_SERVE_REQUESTS_MAX. */
static int set_tail_requests(struct dse_study *st, const struct key *k,
			     const char *value, const char *label,
			     struct dse_error *err)
{
	double v = 0;
	int rc = whole(k, value, label, &v, err);

	if (rc == DSE_OK)
		st->tail_requests = (uint64_t)v;
	return rc;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* List resets: empty a list key before its new items are added. */
static void reset_formats(struct dse_study *st) { st->nformats = 0; }
static void reset_dataflows(struct dse_study *st) { st->ndataflows = 0; }
static void reset_bounds(struct dse_study *st) { st->nbounds = 0; }
static void reset_objectives(struct dse_study *st) { st->energy_objective = 0; }
static void reset_slos(struct dse_study *st) { st->nslos = 0; }

/* A comma list replaces the previous one: empty it, add every item. */
static int set_list(struct dse_study *st, const struct key *k,
		    const char *value, const char *label,
		    struct dse_error *err)
{
	int rc;

	k->reset(st);
	rc = each_item(value, label, k->add, st, err);
	qsort(st->bounds_us, st->nbounds, sizeof st->bounds_us[0], cmp_double);
	qsort(st->slos_us, st->nslos, sizeof st->slos_us[0], cmp_double);
	return rc;
}

#define OFF(f) offsetof(struct dse_study, f)
#define SIZE(f) sizeof(((struct dse_study *)0)->f)
#define TEXT(name, f) { name, set_text, OFF(f), SIZE(f), 0, 0, 0, 0, NULL, NULL }
#define RANGE(name, f, lo, hi, w) { name, set_range, OFF(f), SIZE(f), lo, hi, 0, w, NULL, NULL }
#define NUMBER(name, f, lo, open, hi) { name, set_number, OFF(f), 0, lo, hi, open, 0, NULL, NULL }
#define WHOLE(name, set, f, hi) { name, set, OFF(f), 0, 0, hi, 0, 1, NULL, NULL }
#define LIST(name, add, reset) { name, set_list, 0, 0, 0, 0, 0, 0, add, reset }
#define SWITCH(name, f) { name, set_switch, OFF(f), 0, 0, 0, 0, 0, NULL, NULL }

static const struct key keys[] = {
	TEXT("tech", tech),
	TEXT("workload", workload),
	NUMBER("area_mm2", budget.area_mm2, 0, 1, DSE_AREA_MAX_MM2),
	NUMBER("power_w", budget.power_w, 0, 1, DSE_POWER_MAX_W),
	{ "sram_mb", set_sram, OFF(sram_mb), SIZE(sram_mb), 0, DSE_SRAM_MAX_MB,
	  1, 0, NULL, NULL },
	SWITCH("dram_in_budget", budget.dram_in_budget),
	SWITCH("fold_overlap", fold_overlap),
	SWITCH("accumulators", accumulators),
	LIST("formats", add_format, reset_formats),
	LIST("dataflows", add_dataflow, reset_dataflows),
	RANGE("rows", rows, 1, DSE_SIDE_MAX, 1),
	RANGE("cols", cols, 1, DSE_SIDE_MAX, 1),
	RANGE("k_split", ksplit, 1, DSE_KSPLIT_MAX, 1),
	RANGE("batch", batch, 1, DSE_BATCH_MAX, 1),
	{ "freq_ghz", set_freq, OFF(freq_ghz), SIZE(freq_ghz), DSE_FREQ_MIN_GHZ,
	  DSE_FREQ_MAX_GHZ, 0, 0, NULL, NULL },
	NUMBER("latency_max_us", latency_max_us, 0, 1, LATENCY_MAX_US),
	LIST("bounds_us", add_bound, reset_bounds),
	LIST("objectives", add_objective, reset_objectives),
	WHOLE("threads", set_unsigned, threads, THREADS_MAX),
	WHOLE("seed", set_seed, seed, 0),
	WHOLE("sample", set_size, sample, SAMPLE_MAX),
	LIST("slo_us", add_slo, reset_slos),
	{ "percentile", set_percentile, OFF(percentile), 0, 0, 100, 1, 0, NULL, NULL },
	{ "arrivals", set_arrivals, OFF(arrivals), SIZE(arrivals), 0, 0, 0, 0, NULL, NULL },
	{ "policy", set_policy, OFF(policy), SIZE(policy), 0, 0, 0, 0, NULL, NULL },
	{ "tail_requests", set_tail_requests, 0, 0, 1, DSE_SERVE_REQUESTS_MAX, 0, 1, NULL, NULL },
	SWITCH("train", train),
};

#define NKEYS (sizeof keys / sizeof keys[0])

/* The study key called name, or NULL. */
static const struct key *find_key(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* Set key from its text through the key table's setter. */
int dse_study_set(struct dse_study *st, const char *key, const char *value,
		  const char *label, struct dse_error *err)
{
	const struct key *k = find_key(key);
	const char *l = label ? label : key;

	if (k == NULL)
		return dse_error_set(err, DSE_EUSAGE, "%s: unknown key", l);
	return k->set(st, k, value, l, err);
}

/* Parse range key of st with the key's limits. */
int dse_study_range(const struct dse_study *st, const char *key,
		    struct dse_range *out, struct dse_error *err)
{
	const struct key *k = find_key(key);

	if (k == NULL || (k->set != set_range && k->set != set_sram))
		return dse_error_set(err, DSE_EUSAGE, "%s: not a range key", key);
	return dse_range_parse((const char *)st + k->offset, key, k->lo, k->hi,
			       k->whole, out, err);
}

/* Frequencies, GHz: the range given, or f(v_min)..f(v_max) in dvfs steps. */
int dse_study_freqs(const char *spec, const struct dse_tech *tech,
		    struct dse_range *out, struct dse_error *err)
{
	double step, lo, hi;
	char text[128];
	int rc = dvfs_step(spec, "freq_ghz", &step, err);

	if (rc != DSE_OK)
		return rc;
	if (step == 0)
		return dse_range_parse(spec, "freq_ghz", DSE_FREQ_MIN_GHZ,
				       DSE_FREQ_MAX_GHZ, 0, out, err);
	lo = dse_tech_freq_ghz(tech, tech->v_min_v);
	hi = dse_tech_freq_ghz(tech, tech->v_max_v);
	/* f(v_min) up by STEP, and f(v_max) itself */
	snprintf(text, sizeof text, "%.17g:%.17g:%.17g,%.17g", lo, hi, step, hi);
	return dse_range_parse(text, "freq_ghz", DSE_FREQ_MIN_GHZ,
			       DSE_FREQ_MAX_GHZ, 0, out, err);
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
	if (cJSON_IsBool(v))
		return snprintf(buf, cap, "%s", cJSON_IsTrue(v) ? "true" : "false") <
				       (int)cap ? 0 : -1;
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

/* A JSON string into a fixed field, refusing what does not fit. */
static int copy_string(const cJSON *obj, const char *key, char *dst, size_t cap,
		       const char *file, const char *where, struct dse_error *err)
{
	const char *v = NULL;
	int rc = dse_json_string(obj, key, 0, file, where, &v, err);

	if (rc != DSE_OK)
		return rc;
	if (strlen(v) >= cap)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.%s: longer than %zu characters", file,
				     where, key, cap - 1);
	strcpy(dst, v);
	return DSE_OK;
}

/* One entry of "published": {figure, format, bound_us, value, unit, source}. */
static int read_published(const cJSON *obj, const char *file, size_t i,
			  struct dse_published *p, struct dse_error *err)
{
	static const char *const known[] = { "figure", "format", "bound_us",
					     "value", "unit", "source", NULL };
	char where[48];
	int rc;

	snprintf(where, sizeof where, "published[%zu]", i);
	memset(p, 0, sizeof *p);
	rc = dse_json_check_keys(obj, known, 1, file, where, err);
	if (rc == DSE_OK)
		rc = copy_string(obj, "figure", p->figure, sizeof p->figure, file,
				 where, err);
	if (rc == DSE_OK && dse_figure_find(p->figure) == NULL)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s.figure: unknown figure '%.40s'", file,
				   where, p->figure);
	if (rc == DSE_OK)
		rc = copy_string(obj, "format", p->format, sizeof p->format, file,
				 where, err);
	if (rc == DSE_OK)
		rc = copy_string(obj, "unit", p->unit, sizeof p->unit, file,
				 where, err);
	if (rc == DSE_OK)
		rc = copy_string(obj, "source", p->source, sizeof p->source, file,
				 where, err);
	if (rc == DSE_OK)
		rc = dse_json_number(obj, "bound_us", 0, 1, LATENCY_MAX_US, 0,
				     file, where, &p->bound_us, err);
	if (rc == DSE_OK)
		rc = dse_json_number(obj, "value", 0, 1, 1e15, 0, file, where,
				     &p->value, err);
	return rc;
}

/* A study's "published" list, replacing any before it. */
static int load_published(struct dse_study *st, const cJSON *list,
			  const char *file, struct dse_error *err)
{
	const cJSON *item;
	int rc = DSE_OK;

	if (!cJSON_IsArray(list))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: published: expected a list of objects",
				     file);
	if (cJSON_GetArraySize(list) > DSE_STUDY_MAX_PUBLISHED)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: published: more than %d figures", file,
				     DSE_STUDY_MAX_PUBLISHED);
	st->npublished = 0;
	cJSON_ArrayForEach(item, list) {
		rc = read_published(item, file, st->npublished,
				    &st->published[st->npublished], err);
		if (rc != DSE_OK)
			break;
		st->npublished++;
	}
	return rc;
}

/* Set every key of a JSON study file, each value turned into flag text. */
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
		if (strcmp(item->string, "published") == 0) {
			rc = load_published(st, item, path, err);
			continue;
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
