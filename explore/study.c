/* study.c - what to sweep: defaults, flags and JSON study files. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_explore.h"
#include "dse_numerics.h"

/* Limits of study values beyond the model's own (dse_model.h). */
#define LATENCY_MAX_US 1e12
#define THREADS_MAX 256.0
#define SAMPLE_MAX 1000000.0 /* per thread while sweeping: 16 MB at most */
/* Default frequency step over the DVFS range, GHz */
#define DVFS_STEP_GHZ 0.01
/* Largest absolute bound of a --max or --min constraint. */
#define CONSTRAINT_MAX 1e15

/* The defaults of every key, as the text a flag would give (one table). */
static const struct {
	const char *key, *value;
} defaults[] = {
	{ "tech", "n7" },
	{ "workload", "lstm" },
	{ "formats", "hbfp8_576,bf16" },
	{ "dataflows", "os" },
	{ "rows", "1:1024" },
	{ "cols", "32:4096:x2" },
	{ "k_split", "1:8" },
	{ "batch", "1:1024:x2" },
	{ "freq_ghz", "dvfs" },
	{ "objectives", "latency,throughput" },
	{ "bounds_us", "25,50,100,250,500" },
	{ "percentile", "99" },
	{ "arrivals", "poisson" },
	{ "policy", "deadline" },
	{ "tail_requests", "200000" },
	{ "seed", "1" },
	{ "sample", "20000" },
};

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

struct key;

/* One list item's setter: the study, the item, the key, its label. */
typedef int (*adder)(struct dse_study *st, const char *item,
		     const struct key *k, const char *label,
		     struct dse_error *err);

/* Split a comma list into items; calls add on each. */
static int each_item(const char *value, const char *label, adder add,
		     const struct key *k, struct dse_study *st,
		     struct dse_error *err)
{
	char buf[4096], *tok, *save = NULL;
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
		rc = add(st, tok, k, label, err);
	return rc;
}

typedef int (*setter)(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err);

/* One study key: how its text is checked and parsed, and where it goes. */
struct key {
	const char *name;
	setter set;
	size_t offset; /* of the field in struct dse_study */
	size_t size;   /* text fields: capacity */
	double lo, hi; /* numbers and range values */
	int lo_open, whole;
	adder add;     /* lists: one item */
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

/* A whole number within the key's limits. */
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

/* Setter: a whole number stored as uint64_t. */
static int set_u64(struct dse_study *st, const struct key *k,
		   const char *value, const char *label, struct dse_error *err)
{
	double v = 0;
	int rc = whole(k, value, label, &v, err);

	if (rc == DSE_OK)
		*(uint64_t *)field(st, k) = (uint64_t)v;
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

/* Setter: a range checked against the key's limits, parsed once. */
static int set_range(struct dse_study *st, const struct key *k,
		     const char *value, const char *label,
		     struct dse_error *err)
{
	return dse_range_spec_parse(value, label, k->lo, k->hi, k->whole,
				    field(st, k), err);
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

/* Frequencies: a range of GHz, or dvfs[:STEP] resolved against the tech. */
static int set_freq(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	struct dse_freq_spec f;
	int rc = dvfs_step(value, label, &f.step_ghz, err);

	(void)k;
	if (rc != DSE_OK)
		return rc;
	memset(&f.range, 0, sizeof f.range);
	f.dvfs = f.step_ghz > 0;
	if (f.dvfs)
		rc = store(f.range.text, sizeof f.range.text, value, label, err);
	else
		rc = dse_range_spec_parse(value, label, DSE_FREQ_MIN_GHZ,
					  DSE_FREQ_MAX_GHZ, 0, &f.range, err);
	if (rc == DSE_OK)
		st->freq = f;
	return rc;
}

/* Setter: SRAM sizes, a range of positive MB; budget.sram_mb is its smallest. */
static int set_sram(struct dse_study *st, const struct key *k,
		    const char *value, const char *label, struct dse_error *err)
{
	struct dse_range_spec spec;
	struct dse_range r = { 0, NULL };
	int rc = dse_range_spec_parse(value, label, -DSE_SRAM_MAX_MB,
				      DSE_SRAM_MAX_MB, 0, &spec, err);

	(void)k;
	if (rc == DSE_OK)
		rc = dse_range_expand(&spec, label, &r, err);
	if (rc == DSE_OK && r.v[0] <= 0)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "%s: %g MB is not a positive SRAM size", label,
				   r.v[0]);
	if (rc == DSE_OK) {
		st->budget.sram_mb = r.v[0];
		st->sram_mb = spec;
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

/* A name the serving module refuses, as a usage error naming label. */
static int refused(int rc, const char *label, struct dse_error *err)
{
	dse_error_prefix(err, label);
	if (err)
		err->status = DSE_EUSAGE;
	return rc == DSE_ENOMEM ? rc : DSE_EUSAGE;
}

/* Setter: an arrival process; its syntax now, a trace's file when run. */
static int set_arrivals(struct dse_study *st, const struct key *k,
			const char *value, const char *label,
			struct dse_error *err)
{
	struct dse_serve_arrivals a;
	int rc;

	if (strncmp(value, "trace:", 6) != 0 || value[6] == '\0') {
		if ((rc = dse_serve_arrivals_parse(value, &a, err)) != DSE_OK)
			return refused(rc, label, err);
		dse_serve_arrivals_free(&a);
	}
	return set_text(st, k, value, label, err);
}

/* Setter: a batching policy, checked and kept in its canonical spelling. */
static int set_policy(struct dse_study *st, const struct key *k,
		      const char *value, const char *label,
		      struct dse_error *err)
{
	struct dse_serve_policy p;
	int rc = dse_serve_policy_parse(value, &p, err);

	if (rc != DSE_OK)
		return refused(rc, label, err);
	return set_text(st, k, p.spec, label, err);
}

/* Setter: the baseline format of every ratio, by its canonical name. */
static int set_baseline(struct dse_study *st, const struct key *k,
			const char *value, const char *label,
			struct dse_error *err)
{
	struct dse_format f;
	int rc = dse_format_parse(value, &f, err);

	if (rc != DSE_OK)
		return refused(rc, label, err);
	return set_text(st, k, f.name, label, err);
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* ---- list items ---- */

/* Add a format under its canonical name, once; a bad name is a usage error. */
static int add_format(struct dse_study *st, const char *name,
		      const struct key *k, const char *label,
		      struct dse_error *err)
{
	struct dse_format f;
	size_t i;
	int rc = dse_format_parse(name, &f, err);

	(void)k;
	if (rc != DSE_OK)
		return refused(rc, label, err);
	for (i = 0; i < st->nformats; i++)
		if (strcmp(st->formats[i].name, f.name) == 0)
			return DSE_OK;
	if (st->nformats == DSE_STUDY_MAX_FORMATS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d formats",
				     label, DSE_STUDY_MAX_FORMATS);
	st->formats[st->nformats++] = f;
	return DSE_OK;
}

/* Add a dataflow, once; a bad name is a usage error. */
static int add_dataflow(struct dse_study *st, const char *name,
			const struct key *k, const char *label,
			struct dse_error *err)
{
	enum dse_dataflow df;
	size_t i;
	int rc = dse_dataflow_parse(name, &df, err);

	(void)k;
	if (rc != DSE_OK)
		return refused(rc, label, err);
	for (i = 0; i < st->ndataflows; i++)
		if (st->dataflows[i] == df)
			return DSE_OK;
	st->dataflows[st->ndataflows++] = df;
	return DSE_OK;
}

/* The objective row called name, refusing one only a later phase knows. */
static int objective_row(const char *name, const char *label, size_t *row,
			 struct dse_error *err)
{
	const struct dse_objective *o = dse_objective_find(name);
	size_t n;
	char names[256];

	if (o == NULL)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: unknown objective '%s' (known: %s)",
				     label, name,
				     dse_objective_names(names, sizeof names));
	if (o->when == DSE_WHEN_LATER)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: %s is known only after the sweep (%s), not a figure to sweep by",
				     label, name, o->meaning);
	*row = (size_t)(o - dse_objectives(&n));
	return DSE_OK;
}

/* Add an objective (2 to DSE_OBJ_MAX distinct ones; checked by set_objectives). */
static int add_objective(struct dse_study *st, const char *name,
			 const struct key *k, const char *label,
			 struct dse_error *err)
{
	size_t row, i;
	int rc = objective_row(name, label, &row, err);

	(void)k;
	if (rc != DSE_OK)
		return rc;
	for (i = 0; i < st->nobjectives; i++)
		if (st->objectives[i] == row)
			return dse_error_set(err, DSE_EUSAGE,
					     "%s: objective '%s' named twice",
					     label, name);
	if (st->nobjectives == DSE_OBJ_MAX)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: more than %d objectives", label,
				     DSE_OBJ_MAX);
	st->objectives[st->nobjectives++] = row;
	return DSE_OK;
}

/* Add or replace the constraint on row's figure in direction upper. */
static int put_constraint(struct dse_study *st, size_t row, int upper,
			  double bound, const char *label,
			  struct dse_error *err)
{
	size_t i;

	for (i = 0; i < st->nconstraints; i++)
		if (st->constraints[i].objective == row &&
		    st->constraints[i].upper == upper) {
			st->constraints[i].bound = bound;
			return DSE_OK;
		}
	if (st->nconstraints == DSE_STUDY_MAX_CONSTRAINTS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d constraints",
				     label, DSE_STUDY_MAX_CONSTRAINTS);
	st->constraints[st->nconstraints].objective = row;
	st->constraints[st->nconstraints].upper = upper;
	st->constraints[st->nconstraints++].bound = bound;
	return DSE_OK;
}

/* A technology parameter KEY=VALUE over every technology; a key given
   again takes the new value (MODEL.md 11). */
static int add_set(struct dse_study *st, const char *item, const struct key *k,
		   const char *label, struct dse_error *err)
{
	size_t index, i;
	double v;
	int rc;

	(void)k;
	if (strlen(item) >= sizeof st->set_text[0])
		return dse_error_set(err, DSE_EUSAGE, "%s: '%.40s...' is too long",
				     label, item);
	if ((rc = dse_tech_set_parse(item, &index, &v, err)) != DSE_OK)
		return rc;
	for (i = 0; i < st->nsets; i++)
		if (st->set_index[i] == index)
			break;
	if (i == DSE_STUDY_MAX_SETS)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d values",
				     label, DSE_STUDY_MAX_SETS);
	st->set_index[i] = index;
	st->set_value[i] = v;
	snprintf(st->set_text[i], sizeof st->set_text[i], "%s", item);
	if (i == st->nsets)
		st->nsets++;
	return DSE_OK;
}

/* A constraint item NAME=V (key max: upper, min: lower). */
static int add_constraint(struct dse_study *st, const char *item,
			  const struct key *k, const char *label,
			  struct dse_error *err)
{
	const char *eq = strchr(item, '=');
	char name[64];
	size_t row;
	double v;
	int rc;

	if (eq == NULL || eq == item || (size_t)(eq - item) >= sizeof name)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not NAME=VALUE (as latency=100)",
				     label, item);
	memcpy(name, item, (size_t)(eq - item));
	name[eq - item] = '\0';
	if ((rc = objective_row(name, label, &row, err)) != DSE_OK ||
	    (rc = number_key(eq + 1, label, -CONSTRAINT_MAX, 0, CONSTRAINT_MAX,
			     &v, err)) != DSE_OK)
		return rc;
	return put_constraint(st, row, k->lo_open, v, label, err);
}

/* Append a latency (us, in (0, LATENCY_MAX_US]) to a list of at most max. */
static int add_latency(double *list, size_t *n, size_t max, const char *what,
		       const char *text, const char *label,
		       struct dse_error *err)
{
	double v = 0;
	int rc = number_key(text, label, 0, 1, LATENCY_MAX_US, &v, err);
	size_t i;

	if (rc != DSE_OK)
		return rc;
	/* a repeated bound would be a repeated row (a repeated SLO, a whole
	   tail pass run twice) */
	for (i = 0; i < *n; i++)
		if (list[i] == v)
			return dse_error_set(err, DSE_EUSAGE,
					     "%s: %g us is given twice", label, v);
	if (*n == max)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %zu %s",
				     label, max, what);
	list[(*n)++] = v;
	return DSE_OK;
}

/* Add a latency bound of the summary table. */
static int add_bound(struct dse_study *st, const char *text,
		     const struct key *k, const char *label,
		     struct dse_error *err)
{
	(void)k;
	return add_latency(st->bounds_us, &st->nbounds, DSE_STUDY_MAX_BOUNDS,
			   "bounds", text, label, err);
}

/* Add a latency SLO of the tail pass. */
static int add_slo(struct dse_study *st, const char *text,
		   const struct key *k, const char *label,
		   struct dse_error *err)
{
	(void)k;
	return add_latency(st->slos_us, &st->nslos, DSE_STUDY_MAX_SLOS, "SLOs",
			   text, label, err);
}

/* Add a technology of the group list. */
static int add_tech(struct dse_study *st, const char *text,
		    const struct key *k, const char *label,
		    struct dse_error *err)
{
	(void)k;
	if (st->ntechs == DSE_STUDY_MAX_VALUES)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d values",
				     label, DSE_STUDY_MAX_VALUES);
	return store(st->techs[st->ntechs++], sizeof st->techs[0], text, label,
		     err);
}

/* Add a workload of the group list; an item that starts with a digit
   continues the previous workload's arguments (gemm:1024,1024). */
static int add_workload(struct dse_study *st, const char *text,
			const struct key *k, const char *label,
			struct dse_error *err)
{
	(void)k;
	if (text[0] >= '0' && text[0] <= '9' && st->nworkloads > 0) {
		char *prev = st->workloads[st->nworkloads - 1];

		if (strlen(prev) + 1 + strlen(text) >= sizeof st->workloads[0])
			return dse_error_set(err, DSE_EUSAGE,
					     "%s: longer than %zu characters",
					     label, sizeof st->workloads[0] - 1);
		strcat(prev, ",");
		strcat(prev, text);
		return DSE_OK;
	}
	if (st->nworkloads == DSE_STUDY_MAX_VALUES)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d values",
				     label, DSE_STUDY_MAX_VALUES);
	return store(st->workloads[st->nworkloads++], sizeof st->workloads[0],
		     text, label, err);
}

/* Add a value to a budget list: its count at the key's offset, its
   values at `size` (area or power). */
static int add_budget(struct dse_study *st, const char *text,
		      const struct key *k, const char *label,
		      struct dse_error *err)
{
	size_t *n = (size_t *)field(st, k);
	double *v = (double *)(void *)((char *)st + k->size), x = 0;
	int rc = number_key(text, label, 0, 1, k->hi, &x, err);

	if (rc != DSE_OK)
		return rc;
	if (*n == DSE_STUDY_MAX_VALUES)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d values",
				     label, DSE_STUDY_MAX_VALUES);
	v[(*n)++] = x;
	return DSE_OK;
}

/* List resets: empty a list key before its new items are added. */
static void reset_formats(struct dse_study *st) { st->nformats = 0; }
static void reset_dataflows(struct dse_study *st) { st->ndataflows = 0; }
static void reset_bounds(struct dse_study *st) { st->nbounds = 0; }
static void reset_objectives(struct dse_study *st) { st->nobjectives = 0; }
static void reset_slos(struct dse_study *st) { st->nslos = 0; }
static void reset_techs(struct dse_study *st) { st->ntechs = 0; }
static void reset_workloads(struct dse_study *st) { st->nworkloads = 0; }
static void reset_areas(struct dse_study *st) { st->nareas = 0; }
static void reset_powers(struct dse_study *st) { st->npowers = 0; }

/*
 * A comma list replaces the previous one: built on a copy, so that a bad
 * item leaves the study as it was; lists of numbers are sorted.
 */
static int set_list(struct dse_study *st, const struct key *k,
		    const char *value, const char *label,
		    struct dse_error *err)
{
	struct dse_study *copy = malloc(sizeof *copy);
	int rc;

	if (copy == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	*copy = *st;
	if (k->reset)
		k->reset(copy);
	rc = each_item(value, label, k->add, k, copy, err);
	if (rc == DSE_OK && k->add == add_objective && copy->nobjectives < 2)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "%s: '%s': name 2 to %d objectives", label,
				   value, DSE_OBJ_MAX);
	if (rc == DSE_OK) {
		qsort(copy->bounds_us, copy->nbounds, sizeof copy->bounds_us[0],
		      cmp_double);
		qsort(copy->slos_us, copy->nslos, sizeof copy->slos_us[0],
		      cmp_double);
		copy->budget.area_mm2 = copy->areas_mm2[0];
		copy->budget.power_w = copy->powers_w[0];
		*st = *copy;
	}
	free(copy);
	return rc;
}

/* Keys that are one constraint: latency_max_us L is max latency=L,
   sqnr_min_db X is min sqnr=X (the value's range is the key row's). */
static const struct {
	const char *key, *objective;
	int upper;
} shorthands[] = {
	{ "latency_max_us", "latency", 1 },
	{ "sqnr_min_db", "sqnr", 0 },
};

/* Setter: a constraint shorthand of the table above. */
static int set_shorthand(struct dse_study *st, const struct key *k,
			 const char *value, const char *label,
			 struct dse_error *err)
{
	size_t i = 0, n;
	double v = 0;
	int rc = number_key(value, label, k->lo, k->lo_open, k->hi, &v, err);

	while (strcmp(shorthands[i].key, k->name) != 0)
		i++;
	if (rc != DSE_OK)
		return rc;
	return put_constraint(st,
			      (size_t)(dse_objective_find(shorthands[i].objective) -
				       dse_objectives(&n)),
			      shorthands[i].upper, v, label, err);
}

/* Copy a loaded accuracy table (from the file at path) into the study's
   fixed fields, refusing what does not fit. */
static int keep_accuracy(struct dse_study *st, const struct dse_accuracy *a,
			 const char *path, struct dse_error *err)
{
	struct dse_study_accuracy *sa = &st->accuracy;
	size_t i;

	if (a->n > DSE_STUDY_MAX_ACCURACY)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: formats: more than %d formats", path,
				     DSE_STUDY_MAX_ACCURACY);
	if (strlen(path) >= sizeof sa->path ||
	    strlen(a->source) >= sizeof sa->source ||
	    strlen(a->metric) >= sizeof sa->metric)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: the path, source or metric is too long (at most %zu, %zu, %zu characters)",
				     strlen(path) >= sizeof sa->path ? "accuracy" : path,
				     sizeof sa->path - 1, sizeof sa->source - 1,
				     sizeof sa->metric - 1);
	memset(sa, 0, sizeof *sa);
	strcpy(sa->path, path);
	strcpy(sa->source, a->source);
	strcpy(sa->metric, a->metric);
	sa->higher_is_better = a->higher_is_better;
	sa->n = a->n;
	for (i = 0; i < a->n; i++) {
		strcpy(sa->format[i], a->entries[i].format);
		sa->value[i] = a->entries[i].value;
	}
	return DSE_OK;
}

/* Setter: accuracy FILE, the user's measured accuracy per format, read
   now (a bad file is bad input data, not usage). */
static int set_accuracy(struct dse_study *st, const struct key *k,
			const char *value, const char *label,
			struct dse_error *err)
{
	struct dse_accuracy *a = NULL;
	int rc = dse_numerics_accuracy_load(value, &a, err);

	(void)k;
	(void)label;
	if (rc == DSE_OK)
		rc = keep_accuracy(st, a, value, err);
	dse_numerics_accuracy_free(a);
	return rc;
}

#define OFF(f) offsetof(struct dse_study, f)
#define SIZE(f) sizeof(((struct dse_study *)0)->f)
#define TEXT(name, f) { name, set_text, OFF(f), SIZE(f), 0, 0, 0, 0, NULL, NULL }
#define RANGE(name, f, lo, hi, w) { name, set_range, OFF(f), 0, lo, hi, 0, w, NULL, NULL }
#define NUMBER(name, f, lo, open, hi) { name, set_number, OFF(f), 0, lo, hi, open, 0, NULL, NULL }
#define WHOLE(name, set, f, lo, hi) { name, set, OFF(f), 0, lo, hi, 0, 1, NULL, NULL }
#define LIST(name, add, reset) { name, set_list, 0, 0, 0, 0, 0, 0, add, reset }
#define SWITCH(name, f) { name, set_switch, OFF(f), 0, 0, 0, 0, 0, NULL, NULL }

static const struct key keys[] = {
	LIST("tech", add_tech, reset_techs),
	LIST("workload", add_workload, reset_workloads),
	{ "area_mm2", set_list, OFF(nareas), OFF(areas_mm2), 0,
	  DSE_AREA_MAX_MM2, 0, 0, add_budget, reset_areas },
	{ "power_w", set_list, OFF(npowers), OFF(powers_w), 0, DSE_POWER_MAX_W,
	  0, 0, add_budget, reset_powers },
	{ "sram_mb", set_sram, OFF(sram_mb), 0, 0, 0, 0, 0, NULL, NULL },
	SWITCH("dram_in_budget", budget.dram_in_budget),
	SWITCH("fold_overlap", fold_overlap),
	SWITCH("accumulators", accumulators),
	LIST("formats", add_format, reset_formats),
	LIST("dataflows", add_dataflow, reset_dataflows),
	RANGE("rows", rows, 1, DSE_SIDE_MAX, 1),
	RANGE("cols", cols, 1, DSE_SIDE_MAX, 1),
	RANGE("k_split", ksplit, 1, DSE_KSPLIT_MAX, 1),
	RANGE("batch", batch, 1, DSE_BATCH_MAX, 1),
	{ "freq_ghz", set_freq, OFF(freq), 0, 0, 0, 0, 0, NULL, NULL },
	/* constraint shorthands: lo, lo_open, hi bound the value */
	{ "latency_max_us", set_shorthand, 0, 0, 0, LATENCY_MAX_US, 1, 0, NULL, NULL },
	{ "sqnr_min_db", set_shorthand, 0, 0, -CONSTRAINT_MAX, CONSTRAINT_MAX, 0, 0,
	  NULL, NULL },
	{ "accuracy", set_accuracy, 0, 0, 0, 0, 0, 0, NULL, NULL },
	/* lo_open carries the direction of a constraint: 1 max, 0 min */
	{ "max", set_list, 0, 0, 0, 0, 1, 0, add_constraint, NULL },
	{ "min", set_list, 0, 0, 0, 0, 0, 0, add_constraint, NULL },
	LIST("bounds_us", add_bound, reset_bounds),
	LIST("objectives", add_objective, reset_objectives),
	{ "baseline", set_baseline, OFF(baseline), SIZE(baseline), 0, 0, 0, 0,
	  NULL, NULL },
	SWITCH("prune", prune),
	WHOLE("threads", set_unsigned, threads, 0, THREADS_MAX),
	WHOLE("seed", set_seed, seed, 0, 0),
	WHOLE("sample", set_size, sample, 0, SAMPLE_MAX),
	LIST("slo_us", add_slo, reset_slos),
	{ "percentile", set_percentile, OFF(percentile), 0, 0, 100, 1, 0, NULL, NULL },
	{ "arrivals", set_arrivals, OFF(arrivals), SIZE(arrivals), 0, 0, 0, 0, NULL, NULL },
	{ "policy", set_policy, OFF(policy), SIZE(policy), 0, 0, 0, 0, NULL, NULL },
	WHOLE("tail_requests", set_u64, tail_requests, 1, DSE_SERVE_REQUESTS_MAX),
	SWITCH("train", train),
	{ "set", set_list, 0, 0, 0, 0, 0, 0, add_set, NULL },
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

/* Reset st to the Equinox study: the budget of dse_model.h, then every
   key of the defaults table. */
void dse_study_defaults(struct dse_study *st)
{
	char text[32];
	size_t i;

	memset(st, 0, sizeof *st);
	st->fold_overlap = 1;
	st->accumulators = 1;
	st->prune = 1;
	/* the defaults are valid: a failure here is a bug of this table,
	   which tests/test_explore.c's study_defaults would catch */
	snprintf(text, sizeof text, "%g", DSE_DEFAULT_AREA_MM2);
	dse_study_set(st, "area_mm2", text, NULL, NULL);
	snprintf(text, sizeof text, "%g", DSE_DEFAULT_POWER_W);
	dse_study_set(st, "power_w", text, NULL, NULL);
	snprintf(text, sizeof text, "%g", DSE_DEFAULT_SRAM_MB);
	dse_study_set(st, "sram_mb", text, NULL, NULL);
	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		dse_study_set(st, defaults[i].key, defaults[i].value, NULL, NULL);
}

/* Frequencies, GHz: the range given, or f(v_min)..f(v_max) in dvfs steps. */
int dse_study_freqs(const struct dse_freq_spec *spec,
		    const struct dse_tech *tech, struct dse_range *out,
		    struct dse_error *err)
{
	double lo, hi;
	char text[128];

	if (!spec->dvfs)
		return dse_range_expand(&spec->range, "freq_ghz", out, err);
	lo = dse_tech_freq_ghz(tech, tech->v_min_v);
	hi = dse_tech_freq_ghz(tech, tech->v_max_v);
	/* f(v_min) up by STEP, and f(v_max) itself */
	snprintf(text, sizeof text, "%.17g:%.17g:%.17g,%.17g", lo, hi,
		 spec->step_ghz, hi);
	return dse_range_parse(text, "freq_ghz", DSE_FREQ_MIN_GHZ,
			       DSE_FREQ_MAX_GHZ, 0, out, err);
}

/* ---- groups ---- */

/* Groups: every technology x workload x area x power. */
size_t dse_study_groups(const struct dse_study *st)
{
	return st->ntechs * st->nworkloads * st->nareas * st->npowers;
}

/* Append "key=value" to a label when the list has more than one value. */
static void label_add(char *label, size_t len, size_t n, const char *key,
		      const char *value)
{
	size_t used = strlen(label);

	if (n > 1 && used < len)
		snprintf(label + used, len - used, "%s%s=%s", used ? "," : "",
			 key, value);
}

/* Group g's technology, workload, budget and label (power varies fastest). */
void dse_study_group(const struct dse_study *st, size_t g, size_t *tech,
		     size_t *workload, struct dse_budget *budget, char *label,
		     size_t label_len)
{
	size_t p = g % st->npowers, a = g / st->npowers % st->nareas;
	size_t w = g / (st->npowers * st->nareas) % st->nworkloads;
	size_t t = g / (st->npowers * st->nareas * st->nworkloads);
	char num[32];

	*tech = t;
	*workload = w;
	*budget = st->budget;
	budget->area_mm2 = st->areas_mm2[a];
	budget->power_w = st->powers_w[p];
	if (label == NULL || label_len == 0)
		return;
	label[0] = '\0';
	label_add(label, label_len, st->ntechs, "tech", st->techs[t]);
	label_add(label, label_len, st->nworkloads, "workload",
		  st->workloads[w]);
	snprintf(num, sizeof num, "%g", budget->area_mm2);
	label_add(label, label_len, st->nareas, "area_mm2", num);
	snprintf(num, sizeof num, "%g", budget->power_w);
	label_add(label, label_len, st->npowers, "power_w", num);
}

/* The study of group g alone: every list down to the group's value. */
void dse_study_of_group(const struct dse_study *st, size_t g,
			struct dse_study *out)
{
	size_t t, w;
	struct dse_budget b;

	dse_study_group(st, g, &t, &w, &b, NULL, 0);
	*out = *st;
	memmove(out->techs[0], st->techs[t], sizeof out->techs[0]);
	memmove(out->workloads[0], st->workloads[w], sizeof out->workloads[0]);
	out->ntechs = out->nworkloads = out->nareas = out->npowers = 1;
	out->areas_mm2[0] = b.area_mm2;
	out->powers_w[0] = b.power_w;
	out->budget = b;
}

/* The index of the format called name in the study, or -1. */
int dse_study_format(const struct dse_study *st, const char *name)
{
	struct dse_format f;
	size_t i;

	if (dse_format_parse(name, &f, NULL) != DSE_OK)
		return -1;
	for (i = 0; i < st->nformats; i++)
		if (strcmp(st->formats[i].name, f.name) == 0)
			return (int)i;
	return -1;
}

/* ---- JSON ---- */

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

/* A study's "accuracy": a file's path (read now), or the object a results
   file keeps, {"path": ..., and the file's keys} (read from itself). */
static int load_accuracy(struct dse_study *st, const cJSON *item,
			 const char *file, struct dse_error *err)
{
	const cJSON *path = cJSON_GetObjectItemCaseSensitive(item, "path");
	struct dse_accuracy *a = NULL;
	cJSON *copy;
	char where[1100];
	int rc;

	if (cJSON_IsString(item))
		return dse_study_set(st, "accuracy", item->valuestring, NULL, err);
	if (!cJSON_IsObject(item) || !cJSON_IsString(path))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: accuracy: expected a file name or an object with a path",
				     file);
	if ((copy = cJSON_Duplicate(item, 1)) == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	cJSON_DeleteItemFromObjectCaseSensitive(copy, "path");
	snprintf(where, sizeof where, "%s: accuracy", file);
	rc = dse_numerics_accuracy_parse(copy, where, &a, err);
	if (rc == DSE_OK)
		rc = keep_accuracy(st, a, path->valuestring, err);
	dse_numerics_accuracy_free(a);
	cJSON_Delete(copy);
	return rc;
}

/* Set every key of a study object, each value turned into flag text. */
int dse_study_from_json(struct dse_study *st, const cJSON *obj,
			const char *file, struct dse_error *err)
{
	const cJSON *item;
	char text[4096];
	int rc = DSE_OK;

	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT, "%s: expected an object",
				     file);
	for (item = obj->child; rc == DSE_OK && item; item = item->next) {
		const cJSON *other;

		for (other = item->next; other; other = other->next)
			if (strcmp(other->string, item->string) == 0)
				break;
		if (other != NULL)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s: key repeated", file,
					     item->string);
		if (strcmp(item->string, "published") == 0) {
			rc = load_published(st, item, file, err);
			continue;
		}
		if (strcmp(item->string, "accuracy") == 0) {
			rc = load_accuracy(st, item, file, err);
			continue;
		}
		if (to_text(item, text, sizeof text) != 0)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s: expected a string, a number or a non-empty list of them",
					     file, item->string);
		rc = dse_study_set(st, item->string, text, item->string, err);
		if (rc != DSE_OK) {
			/* a value from a file: bad input data, not usage */
			dse_error_prefix(err, file);
			if (rc == DSE_EUSAGE)
				rc = DSE_EINPUT;
			if (err)
				err->status = rc;
		}
	}
	return rc;
}

/* Set every key of a JSON study file, or of a results file's study. */
int dse_study_load(struct dse_study *st, const char *path,
		   struct dse_error *err)
{
	cJSON *root;
	const cJSON *obj;
	int rc = dse_json_read_file(path, &root, err);

	if (rc != DSE_OK)
		return rc;
	obj = root;
	/* frontier.json (or a shard's part.json): its study object */
	if (cJSON_IsObject(root) &&
	    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "study")) &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "dse_version")))
		obj = cJSON_GetObjectItemCaseSensitive(root, "study");
	rc = dse_study_from_json(st, obj, path, err);
	cJSON_Delete(root);
	return rc;
}

/* A list of strings as a JSON string (one) or array (several). */
static cJSON *names_json(const char *base, size_t stride, size_t n)
{
	cJSON *a;
	size_t i;

	if (n == 1)
		return cJSON_CreateString(base);
	a = cJSON_CreateArray();
	for (i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(base + i * stride))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

/* A list of numbers as a JSON number (one) or array (several). */
static cJSON *numbers_json(const double *v, size_t n, int always_array)
{
	cJSON *a;
	size_t i;

	if (n == 1 && !always_array)
		return cJSON_CreateNumber(v[0]);
	a = cJSON_CreateArray();
	for (i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

/* A range's text: a number when it is one, else the text. */
static cJSON *range_text_json(const struct dse_range_spec *r)
{
	double v;

	if (dse_number_parse(r->text, &v) == DSE_OK)
		return cJSON_CreateNumber(v);
	return cJSON_CreateString(r->text);
}

/* The constraints of one direction as ["latency=100", ...], or NULL. */
static int constraints_json(cJSON *obj, const struct dse_study *st, int upper)
{
	const struct dse_objective *rows;
	cJSON *a = NULL;
	size_t i, n;
	char text[96];

	rows = dse_objectives(&n);
	for (i = 0; i < st->nconstraints; i++) {
		if (st->constraints[i].upper != upper)
			continue;
		if (a == NULL && !dse_json_put(obj, upper ? "max" : "min",
				      a = cJSON_CreateArray()))
			return 0;
		snprintf(text, sizeof text, "%s=%.17g",
			 rows[st->constraints[i].objective].name,
			 st->constraints[i].bound);
		if (!cJSON_AddItemToArray(a, cJSON_CreateString(text)))
			return 0;
	}
	return 1;
}

/* The published figures as the study file gives them. */
static cJSON *published_list(const struct dse_study *st)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;
	int ok = a != NULL;

	for (i = 0; ok && i < st->npublished; i++) {
		const struct dse_published *p = &st->published[i];

		ok = (o = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "figure", p->figure) &&
		     cJSON_AddStringToObject(o, "format", p->format) &&
		     cJSON_AddNumberToObject(o, "bound_us", p->bound_us) &&
		     cJSON_AddNumberToObject(o, "value", p->value) &&
		     cJSON_AddStringToObject(o, "unit", p->unit) &&
		     cJSON_AddStringToObject(o, "source", p->source);
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* The measured accuracies as the file gave them, with its path. */
static cJSON *accuracy_json(const struct dse_study_accuracy *sa)
{
	cJSON *o = cJSON_CreateObject(), *fm = NULL;
	size_t i;
	int ok = o && cJSON_AddStringToObject(o, "path", sa->path) &&
		 cJSON_AddStringToObject(o, "source", sa->source) &&
		 cJSON_AddStringToObject(o, "metric", sa->metric) &&
		 cJSON_AddStringToObject(o, "direction",
					 sa->higher_is_better ? "higher" : "lower") &&
		 (fm = cJSON_AddObjectToObject(o, "formats")) != NULL;

	for (i = 0; ok && i < sa->n; i++)
		ok = cJSON_AddNumberToObject(fm, sa->format[i], sa->value[i]) != NULL;
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The study's settings as JSON that dse_study_from_json reads back. */
cJSON *dse_study_json(const struct dse_study *st)
{
	const struct dse_objective *rows;
	cJSON *obj = cJSON_CreateObject(), *a = NULL;
	char seed[32];
	size_t i, n;
	int ok;

	rows = dse_objectives(&n);
	ok = obj && dse_json_put(obj, "tech", names_json(st->techs[0], sizeof st->techs[0],
						 st->ntechs)) &&
	     dse_json_put(obj, "workload", names_json(st->workloads[0],
					      sizeof st->workloads[0],
					      st->nworkloads)) &&
	     dse_json_put(obj, "area_mm2", numbers_json(st->areas_mm2, st->nareas, 0)) &&
	     dse_json_put(obj, "power_w", numbers_json(st->powers_w, st->npowers, 0)) &&
	     dse_json_put(obj, "sram_mb", range_text_json(&st->sram_mb)) &&
	     cJSON_AddBoolToObject(obj, "dram_in_budget", st->budget.dram_in_budget) &&
	     cJSON_AddBoolToObject(obj, "fold_overlap", st->fold_overlap) &&
	     cJSON_AddBoolToObject(obj, "accumulators", st->accumulators) &&
	     (a = cJSON_AddArrayToObject(obj, "formats")) != NULL;
	for (i = 0; ok && i < st->nformats; i++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateString(st->formats[i].name));
	ok = ok && (a = cJSON_AddArrayToObject(obj, "dataflows")) != NULL;
	for (i = 0; ok && i < st->ndataflows; i++)
		ok = cJSON_AddItemToArray(
			a, cJSON_CreateString(dse_dataflow_name(st->dataflows[i])));
	ok = ok && cJSON_AddStringToObject(obj, "rows", st->rows.text) &&
	     cJSON_AddStringToObject(obj, "cols", st->cols.text) &&
	     cJSON_AddStringToObject(obj, "k_split", st->ksplit.text) &&
	     cJSON_AddStringToObject(obj, "batch", st->batch.text) &&
	     cJSON_AddStringToObject(obj, "freq_ghz", st->freq.range.text) &&
	     dse_json_put(obj, "bounds_us", numbers_json(st->bounds_us, st->nbounds, 1)) &&
	     (a = cJSON_AddArrayToObject(obj, "objectives")) != NULL;
	for (i = 0; ok && i < st->nobjectives; i++)
		ok = cJSON_AddItemToArray(
			a, cJSON_CreateString(rows[st->objectives[i]].name));
	ok = ok && constraints_json(obj, st, 1) && constraints_json(obj, st, 0);
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)st->seed);
	/* a string: seeds above 2^53 do not survive a JSON number */
	ok = ok && cJSON_AddStringToObject(obj, "seed", seed) &&
	     cJSON_AddNumberToObject(obj, "sample", (double)st->sample);
	if (ok && st->baseline[0])
		ok = cJSON_AddStringToObject(obj, "baseline", st->baseline) != NULL;
	if (ok && !st->prune)
		ok = cJSON_AddBoolToObject(obj, "prune", 0) != NULL;
	if (ok && st->nslos > 0)
		ok = dse_json_put(obj, "slo_us", numbers_json(st->slos_us, st->nslos, 1)) &&
		     cJSON_AddNumberToObject(obj, "percentile", st->percentile) &&
		     cJSON_AddStringToObject(obj, "arrivals", st->arrivals) &&
		     cJSON_AddStringToObject(obj, "policy", st->policy) &&
		     cJSON_AddNumberToObject(obj, "tail_requests",
					     (double)st->tail_requests);
	if (ok && st->train)
		ok = cJSON_AddBoolToObject(obj, "train", 1) != NULL;
	if (ok && st->nsets > 0) {
		ok = (a = cJSON_AddArrayToObject(obj, "set")) != NULL;
		for (i = 0; ok && i < st->nsets; i++)
			ok = dse_json_push(a, cJSON_CreateString(st->set_text[i]));
	}
	if (ok && st->npublished > 0)
		ok = dse_json_put(obj, "published", published_list(st));
	if (ok && st->accuracy.n > 0)
		ok = dse_json_put(obj, "accuracy", accuracy_json(&st->accuracy));
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}
