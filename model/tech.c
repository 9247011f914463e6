/* tech.c - technology files, the voltage-frequency law and PE costs. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "dse_model.h"

/* How a parameter's value is bounded; all values must be finite.  OPT_POS
   and OPT_NONNEG keys may be absent: the value is then 0, the tier absent. */
enum bound { POS, NONNEG, FRACTION, BOOL, OPT_POS, OPT_NONNEG };

struct param;

/*
 * The default of a component the file does not give: its value from
 * parameters before it in the table, and in `why` how it was derived.
 */
typedef double (*derive_fn)(const struct dse_tech *t, const struct param *p,
			    char *why, size_t len);

/* One key of a technology file: where its value goes and its range. */
struct param {
	const char *key;
	size_t offset;
	enum bound bound;
	double max;       /* upper bound of a sane value; absurd beyond */
	derive_fn derive; /* NULL: the file must give it */
	int arg;          /* derive's argument: a multiplier kind */
	int area;         /* 1: an area (um2) entry, 0: an energy (pJ) one */
};

#define P(key, field, bound, max) \
	{ key, offsetof(struct dse_tech, field), bound, max, NULL, 0, 0 }
/* An optional component: derive gives its default. */
#define D(key, field, bound, max, derive, arg, area) \
	{ key, offsetof(struct dse_tech, field), bound, max, derive, arg, area }

static double derive_float_mul(const struct dse_tech *t, const struct param *p,
			       char *why, size_t len);
static double derive_exp_add(const struct dse_tech *t, const struct param *p,
			     char *why, size_t len);
static double derive_mux(const struct dse_tech *t, const struct param *p,
			 char *why, size_t len);
static double derive_product(const struct dse_tech *t, const struct param *p,
			     char *why, size_t len);

/* An MX element's product unit: its energy and its area entry. */
#define PRODUCT(name, mul)                                                  \
	D("mul_" name "_pj", mul_pj[mul], POS, 1e6, derive_product, mul, 0), \
	D("mul_" name "_um2", mul_um2[mul], POS, 1e6, derive_product, mul, 1)

/*
 * Every key of a technology file, the unit in the key.  A component with a
 * derive function is optional: derived defaults come after their inputs.
 */
static const struct param params[] = {
	P("v_nom_v", v_nom_v, POS, 5.0),
	P("v_th_v", v_th_v, NONNEG, 5.0),
	P("alpha", alpha, POS, 2.0),
	P("v_min_v", v_min_v, POS, 5.0),
	P("v_max_v", v_max_v, POS, 5.0),
	P("f_nom_ghz", f_nom_ghz, POS, DSE_FREQ_MAX_GHZ),
	/* multipliers must cost energy and area: every PE then does */
	P("mul_int8_pj", mul_pj[DSE_MUL_INT8], POS, 1e6),
	P("mul_bf16_pj", mul_pj[DSE_MUL_BF16], POS, 1e6),
	D("mul_fp16_pj", mul_pj[DSE_MUL_FP16], POS, 1e6, derive_float_mul,
	  DSE_MUL_FP16, 0),
	D("mul_fp32_pj", mul_pj[DSE_MUL_FP32], POS, 1e6, derive_float_mul,
	  DSE_MUL_FP32, 0),
	P("add_int32_pj", acc_pj[DSE_ACC_INT], NONNEG, 1e6),
	P("add_fp32_pj", acc_pj[DSE_ACC_FP32], NONNEG, 1e6),
	P("reg_pj_per_bit", reg_pj_per_bit, NONNEG, 1e6),
	D("exp_add_pj", exp_add_pj, NONNEG, 1e6, derive_exp_add, 0, 0),
	P("mul_int8_um2", mul_um2[DSE_MUL_INT8], POS, 1e6),
	P("mul_bf16_um2", mul_um2[DSE_MUL_BF16], POS, 1e6),
	D("mul_fp16_um2", mul_um2[DSE_MUL_FP16], POS, 1e6, derive_float_mul,
	  DSE_MUL_FP16, 1),
	D("mul_fp32_um2", mul_um2[DSE_MUL_FP32], POS, 1e6, derive_float_mul,
	  DSE_MUL_FP32, 1),
	P("add_int_um2_per_bit", acc_um2[DSE_ACC_INT], NONNEG, 1e6),
	P("add_fp32_um2", acc_um2[DSE_ACC_FP32], NONNEG, 1e6),
	P("reg_um2_per_bit", reg_um2_per_bit, NONNEG, 1e6),
	D("exp_add_um2", exp_add_um2, NONNEG, 1e6, derive_exp_add, 0, 1),
	P("pe_area_overhead", pe_area_overhead, POS, 100.0),
	P("pe_leak_fraction", pe_leak_fraction, FRACTION, 1.0),
	P("pe_idle_fraction", pe_idle_fraction, FRACTION, 1.0),
	P("sram_read_pj_per_bit", sram_read_pj_per_bit, NONNEG, 1e6),
	P("sram_write_pj_per_bit", sram_write_pj_per_bit, NONNEG, 1e6),
	P("sram_read_access_pj", sram_read_access_pj, NONNEG, 1e6),
	P("sram_write_access_pj", sram_write_access_pj, NONNEG, 1e6),
	P("sram_mm2_per_mb", sram_mm2_per_mb, NONNEG, 1e4),
	P("sram_leak_w_per_mb", sram_leak_w_per_mb, NONNEG, 1e3),
	P("fixed_area_mm2", fixed_area_mm2, NONNEG, 1e5),
	P("fixed_power_w", fixed_power_w, NONNEG, 1e5),
	P("array_fixed_area_mm2", array_fixed_area_mm2, NONNEG, 1e4),
	P("vector_lanes", vector_lanes, POS, 1e9),
	P("fill_drain", fill_drain, BOOL, 1.0),
	/* components of the MX datapaths (NUMERICS.md 17), all derived by default */
	D("mux_pj_per_bit", mux_pj_per_bit, NONNEG, 1e6, derive_mux, 0, 0),
	D("mux_um2_per_bit", mux_um2_per_bit, NONNEG, 1e6, derive_mux, 0, 1),
	PRODUCT("fp8_e4m3", DSE_MUL_FP8_E4M3),
	PRODUCT("fp8_e5m2", DSE_MUL_FP8_E5M2),
	PRODUCT("fp6_e2m3", DSE_MUL_FP6_E2M3),
	PRODUCT("fp6_e3m2", DSE_MUL_FP6_E3M2),
	PRODUCT("fp4_e2m1", DSE_MUL_FP4_E2M1),
	/* optional tiers: DRAM (MODEL.md 5.1) and accumulators (MODEL.md 2.1) */
	P("dram_bandwidth_gbps", dram_bandwidth_gbps, OPT_POS, 1e6),
	P("dram_pj_per_bit", dram_pj_per_bit, OPT_NONNEG, 1e6),
	P("dram_capacity_gb", dram_capacity_gb, OPT_NONNEG, 1e6),
	P("acc_depth", acc_depth, OPT_POS, 1e9),
	P("acc_pj_per_bit", acc_pj_per_bit, OPT_NONNEG, 1e6),
};

#define NPARAMS (sizeof params / sizeof params[0])

/* Number of rows of the parameter table. */
size_t dse_tech_nparams(void)
{
	return NPARAMS;
}

/* The energy or the area side of a technology's PE components. */
struct side {
	const double *mul;       /* mul_pj or mul_um2 */
	double int_bit;          /* one bit of an integer adder */
	double exp_add, mux_bit; /* one exp_add, one multiplexer bit */
	const char *unit;        /* "pj" or "um2", as in the keys */
	const char *int_bit_key; /* where int_bit comes from */
	const char *mux_key;
};

/* The area side of t if area, else its energy side. */
static struct side side_of(const struct dse_tech *t, int area)
{
	struct side s;

	if (area) {
		s.mul = t->mul_um2;
		s.int_bit = t->acc_um2[DSE_ACC_INT];
		s.exp_add = t->exp_add_um2;
		s.mux_bit = t->mux_um2_per_bit;
		s.unit = "um2";
		s.int_bit_key = "add_int_um2_per_bit";
		s.mux_key = "mux_um2_per_bit";
	} else {
		s.mul = t->mul_pj;
		s.int_bit = t->acc_pj[DSE_ACC_INT] / 32.0;
		s.exp_add = t->exp_add_pj;
		s.mux_bit = t->mux_pj_per_bit;
		s.unit = "pj";
		s.int_bit_key = "add_int32_pj / 32";
		s.mux_key = "mux_pj_per_bit";
	}
	return s;
}

/* An IEEE multiplier as bf16's scaled by its significand width squared. */
static double derive_float_mul(const struct dse_tech *t, const struct param *p,
			       char *why, size_t len)
{
	struct side s = side_of(t, p->area);
	unsigned bits = dse_element_of_mul((enum dse_mul)p->arg)->man_bits + 1;

	snprintf(why, len,
		 "derived: mul_bf16_%s x (%u/8)^2, bf16's 8-bit significand multiplier scaled to %u bits (array multiplier ~ bits^2)",
		 s.unit, bits, bits);
	return s.mul[DSE_MUL_BF16] * (bits / 8.0) * (bits / 8.0);
}

/* An exponent add as a DSE_EXP_ADD_BITS-bit integer adder. */
static double derive_exp_add(const struct dse_tech *t, const struct param *p,
			     char *why, size_t len)
{
	struct side s = side_of(t, p->area);

	snprintf(why, len, "derived: a %d-bit integer adder, %d x %s",
		 DSE_EXP_ADD_BITS, DSE_EXP_ADD_BITS, s.int_bit_key);
	return s.int_bit * DSE_EXP_ADD_BITS;
}

/* One 2:1 multiplexer bit as 3/7 of an integer adder bit (transistor count). */
static double derive_mux(const struct dse_tech *t, const struct param *p,
			 char *why, size_t len)
{
	struct side s = side_of(t, p->area);

	snprintf(why, len,
		 "derived (a): 3/7 x %s, a 2:1 multiplexer bit of 12 transistors against a 28-transistor mirror full adder (Weste & Harris, CMOS VLSI Design, 4th ed.)",
		 s.int_bit_key);
	return s.int_bit * 3.0 / 7.0;
}

/*
 * An MX FP element's exact product unit (NUMERICS.md 17): a p-bit
 * significand multiplier at int8's (p/8)^2, an (E+1)-bit exponent adder and
 * the shifter that aligns the product in the block adder.
 */
static double derive_product(const struct dse_tech *t, const struct param *p,
			     char *why, size_t len)
{
	const struct dse_element *el = dse_element_of_mul((enum dse_mul)p->arg);
	struct side s = side_of(t, p->area);
	unsigned sig = el->man_bits + 1, exp = el->exp_bits + 1;
	unsigned mux = dse_element_align_mux_bits(el);

	snprintf(why, len,
		 "derived: mul_int8_%s x (%u/8)^2 + exp_add_%s x %u/%d + %u x %s (exact %s product: %u-bit significand multiplier, %u-bit exponent adder, %u-bit alignment shifter; NUMERICS.md 17)",
		 s.unit, sig, s.unit, exp, DSE_EXP_ADD_BITS, mux, s.mux_key,
		 el->name, sig, exp, mux);
	return s.mul[DSE_MUL_INT8] * (sig / 8.0) * (sig / 8.0) +
	       s.exp_add * exp / DSE_EXP_ADD_BITS + mux * s.mux_bit;
}

/* Value of parameter i of t as a double (booleans as 0 or 1). */
static double get(const struct dse_tech *t, size_t i)
{
	const char *base = (const char *)t + params[i].offset;

	if (params[i].bound == BOOL)
		return *(const int *)(const void *)base;
	return *(const double *)(const void *)base;
}

/* Key, value and source of parameter i of tech. */
void dse_tech_param(const struct dse_tech *tech, size_t i, const char **key,
		    double *value, const char **source)
{
	*key = params[i].key;
	*value = get(tech, i);
	*source = tech->source[i];
}

/* 1 when parameter i of tech was derived, 0 when its file gave it. */
int dse_tech_param_derived(const struct dse_tech *tech, size_t i)
{
	return tech->derived[i];
}

/* "derived", or the file (or later source) that gave parameter i. */
const char *dse_tech_param_origin(const struct dse_tech *tech, size_t i)
{
	return tech->origin && tech->origin[i] ? tech->origin[i] : "derived";
}

/* The declared range of parameter i, or NULL when it is fixed. */
const struct dse_uncertainty *
dse_tech_param_uncertainty(const struct dse_tech *tech, size_t i)
{
	return tech->uncertainty && tech->uncertainty[i].dist ?
		       &tech->uncertainty[i] : NULL;
}

/* Parameters that take whole numbers only (check_relations checks them). */
static const char *const whole_keys[] = { "vector_lanes", "acc_depth", NULL };

/* 1 when parameter i is one of whole_keys. */
int dse_tech_param_whole(size_t i)
{
	const char *const *k;

	for (k = whole_keys; i < NPARAMS && *k; k++)
		if (strcmp(*k, params[i].key) == 0)
			return 1;
	return 0;
}

/* The row of the parameter table called key. */
int dse_tech_param_find(const char *key, size_t *index)
{
	size_t i;

	for (i = 0; i < NPARAMS; i++)
		if (strcmp(params[i].key, key) == 0) {
			*index = i;
			return DSE_OK;
		}
	return DSE_EUSAGE;
}

/* Free tech with its path, description and sources; NULL is a no-op. */
void dse_tech_free(struct dse_tech *tech)
{
	size_t i;

	if (tech == NULL)
		return;
	if (tech->source)
		for (i = 0; i < NPARAMS; i++)
			free(tech->source[i]);
	if (tech->origin)
		for (i = 0; i < NPARAMS; i++)
			free(tech->origin[i]);
	if (tech->uncertainty)
		for (i = 0; i < NPARAMS; i++)
			free(tech->uncertainty[i].source);
	free(tech->source);
	free(tech->derived);
	free(tech->origin);
	free(tech->uncertainty);
	free(tech->path);
	free(tech->description);
	free(tech);
}

/* The fields of a parameter's object: its value and source, then its
   optional uncertainty (read_uncertainty). */
static const char *const param_keys[] = { "value", "source", "range", "rel",
					  "distribution", "range_source",
					  NULL };
#define UNCERTAINTY_KEYS (param_keys + 2)

static int read_uncertainty(struct dse_tech *t, size_t i, const cJSON *obj,
			    const char *file, const char *where,
			    struct dse_error *err);

/* Read parameter i from its {"value", "source"} object. */
static int read_param(struct dse_tech *t, size_t i, const cJSON *obj,
		      const char *file, struct dse_error *err)
{
	static const char *const keys[] = { "value", "source", NULL };
	const struct param *p = &params[i];
	char where[96];
	const cJSON *value;
	const char *source = NULL;
	char *base = (char *)t + p->offset;
	double v = 0;
	size_t k;
	int rc;

	snprintf(where, sizeof where, "parameters.%s", p->key);
	rc = dse_json_check_keys(obj, param_keys, 0, file, where, err);
	for (k = 0; rc == DSE_OK && keys[k]; k++)
		if (!cJSON_HasObjectItem(obj, keys[k]))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s.%s: missing key", file,
					   where, keys[k]);
	if (rc == DSE_OK)
		rc = dse_json_string(obj, "source", 0, file, where, &source, err);
	if (rc != DSE_OK)
		return rc;
	if (*source == '\0')
		return dse_error_set(err, DSE_EINPUT, "%s: %s.source: empty",
				     file, where);
	value = cJSON_GetObjectItemCaseSensitive(obj, "value");
	if (p->bound == BOOL) {
		if (!cJSON_IsBool(value))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.value: expected true or false",
					     file, where);
		*(int *)(void *)base = cJSON_IsTrue(value);
	} else {
		rc = dse_json_number(obj, "value", 0.0,
				     p->bound == POS || p->bound == OPT_POS,
				     p->max, 0, file, where, &v, err);
		if (rc != DSE_OK)
			return rc;
		*(double *)(void *)base = v;
	}
	t->source[i] = strdup(source);
	if (t->source[i] == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	return read_uncertainty(t, i, obj, file, where, err);
}

/* v within the range read_param accepts for p: finite, [0, max], > 0 if POS. */
static int in_bounds(const struct param *p, double v)
{
	return isfinite(v) && v >= 0 &&
	       !((p->bound == POS || p->bound == OPT_POS) && v == 0) &&
	       v <= p->max;
}

/* Most a relative uncertainty may be: the value times 1 -+ rel. */
#define REL_MAX 10.0

/* The range of obj: "range": [lo, hi] or "rel": r around value v. */
static int read_range(const cJSON *obj, double v, const char *file,
		      const char *where, double *lo, double *hi,
		      struct dse_error *err)
{
	const cJSON *range = cJSON_GetObjectItemCaseSensitive(obj, "range");
	double rel = 0;
	int rc;

	if (range && cJSON_HasObjectItem(obj, "rel"))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: give range or rel, not both", file,
				     where);
	if (range == NULL) {
		rc = dse_json_number(obj, "rel", 0.0, 0, REL_MAX, 0, file, where,
				     &rel, err);
		*lo = v * (1 - rel);
		*hi = v * (1 + rel);
		return rc;
	}
	if (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2 ||
	    !cJSON_IsNumber(range->child) || !cJSON_IsNumber(range->child->next) ||
	    !isfinite(range->child->valuedouble) ||
	    !isfinite(range->child->next->valuedouble))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.range: expected [lo, hi], two finite numbers",
				     file, where);
	*lo = range->child->valuedouble;
	*hi = range->child->next->valuedouble;
	if (*lo > *hi)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.range: lo %g is above hi %g", file,
				     where, *lo, *hi);
	return DSE_OK;
}

/*
 * The optional uncertainty of parameter i (MODEL.md 11): a range (or a
 * relative one) holding the value, within the parameter's own bounds, a
 * distribution of the table (uniform when not given) and the range's
 * source.  Without range or rel the parameter stays fixed.
 */
static int read_uncertainty(struct dse_tech *t, size_t i, const cJSON *obj,
			    const char *file, const char *where,
			    struct dse_error *err)
{
	const struct param *p = &params[i];
	struct dse_uncertainty *u = &t->uncertainty[i];
	const char *dist = "uniform", *source = NULL;
	double v = get(t, i), lo = 0, hi = 0;
	char names[128];
	int rc;

	if (!cJSON_HasObjectItem(obj, "range") && !cJSON_HasObjectItem(obj, "rel")) {
		if (cJSON_HasObjectItem(obj, "distribution") ||
		    cJSON_HasObjectItem(obj, "range_source"))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s: distribution or range_source without a range (give range or rel)",
					     file, where);
		return DSE_OK;
	}
	if (p->bound == BOOL)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: a boolean has no range", file, where);
	rc = read_range(obj, v, file, where, &lo, &hi, err);
	if (rc == DSE_OK && (!in_bounds(p, lo) || !in_bounds(p, hi)))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s: range [%g, %g] leaves the parameter's %s0, %g]",
				   file, where, lo, hi,
				   p->bound == POS || p->bound == OPT_POS ? "(" : "[",
				   p->max);
	if (rc == DSE_OK && (v < lo || v > hi))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s: range [%g, %g] does not hold the value %g",
				   file, where, lo, hi, v);
	if (rc == DSE_OK && dse_tech_param_whole(i) &&
	    (lo != floor(lo) || hi != floor(hi)))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s: range [%g, %g] of a whole number has fractional ends",
				   file, where, lo, hi);
	if (rc == DSE_OK)
		rc = dse_json_string(obj, "distribution", 1, file, where, &dist,
				     err);
	if (rc == DSE_OK && (u->dist = dse_prior_find(dist)) == NULL)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s.distribution: unknown '%s' (%s)", file,
				   where, dist, dse_prior_names(names, sizeof names));
	if (rc == DSE_OK && u->dist->positive && lo <= 0)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %s.distribution: %s needs a range above 0, not [%g, %g]",
				   file, where, dist, lo, hi);
	if (rc == DSE_OK)
		rc = dse_json_string(obj, "range_source", 0, file, where, &source,
				     err);
	if (rc == DSE_OK && *source == '\0')
		rc = dse_error_set(err, DSE_EINPUT, "%s: %s.range_source: empty",
				   file, where);
	if (rc == DSE_OK && (u->source = strdup(source)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	if (rc != DSE_OK) {
		u->dist = NULL;
		return rc;
	}
	u->lo = lo;
	u->hi = hi;
	return DSE_OK;
}

/* Give parameter i, absent from the file, its derived default. */
static int derive_param(struct dse_tech *t, size_t i, const char *file,
			struct dse_error *err)
{
	const struct param *p = &params[i];
	char why[512];
	double v = p->derive(t, p, why, sizeof why);

	if (!isfinite(v) || v < 0 || (p->bound == POS && v <= 0) || v > p->max)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.%s: derived value %g is outside its range (give it in the file)",
				     file, p->key, v);
	*(double *)(void *)((char *)t + p->offset) = v;
	t->derived[i] = 1;
	t->source[i] = strdup(why);
	if (t->source[i] == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	return DSE_OK;
}

/* Relations between parameters that single ranges cannot express. */
static int check_relations(const struct dse_tech *t, const char *file,
			   struct dse_error *err)
{
	double f_lo, f_hi;

	if (t->v_min_v > t->v_nom_v || t->v_nom_v > t->v_max_v)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters: need v_min_v <= v_nom_v <= v_max_v (%g, %g, %g)",
				     file, t->v_min_v, t->v_nom_v, t->v_max_v);
	if (t->v_th_v >= t->v_min_v)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.v_th_v: %g must be below v_min_v %g",
				     file, t->v_th_v, t->v_min_v);
	if (t->alpha < 1.0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.alpha: %g outside [1, 2] (velocity saturation range)",
				     file, t->alpha);
	if (t->acc_depth != floor(t->acc_depth))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.acc_depth: %g is not a whole number",
				     file, t->acc_depth);
	/* the sweep's dvfs range is f(v_min)..f(v_max): it must be a range of
	   frequencies dse accepts, or every study on the file is unusable */
	f_lo = dse_tech_freq_ghz(t, t->v_min_v);
	f_hi = dse_tech_freq_ghz(t, t->v_max_v);
	if (!(f_lo >= DSE_FREQ_MIN_GHZ && f_hi <= DSE_FREQ_MAX_GHZ))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.v_min_v, v_max_v: the DVFS range f(v_min_v) = %.4g GHz .. f(v_max_v) = %.4g GHz leaves [%g, %g] GHz",
				     file, f_lo, f_hi, DSE_FREQ_MIN_GHZ,
				     DSE_FREQ_MAX_GHZ);
	if (t->vector_lanes != floor(t->vector_lanes))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.vector_lanes: %g is not a whole number",
				     file, t->vector_lanes);
	return DSE_OK;
}

/* Parameter i from ps, or 0 with an "absent" source when it is optional. */
static int read_or_absent(struct dse_tech *t, size_t i, const cJSON *ps,
			  const char *file, struct dse_error *err)
{
	const cJSON *obj = cJSON_GetObjectItemCaseSensitive(ps, params[i].key);
	const enum bound b = params[i].bound;

	if (obj != NULL)
		return read_param(t, i, obj, file, err);
	if (b != OPT_POS && b != OPT_NONNEG)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.%s: missing key", file,
				     params[i].key);
	t->source[i] = strdup("absent: the technology has no such tier");
	return t->source[i] ? DSE_OK :
	       dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
}

/* The keys of an optional tier: all of them or none. */
static int check_tier(const cJSON *ps, const char *const *keys,
		      const char *file, struct dse_error *err)
{
	size_t i, n = 0, present = 0;

	for (i = 0; keys[i]; i++, n++)
		present += cJSON_HasObjectItem(ps, keys[i]) != 0;
	if (present == 0 || present == n)
		return DSE_OK;
	for (i = 0; cJSON_HasObjectItem(ps, keys[i]); i++)
		;
	return dse_error_set(err, DSE_EINPUT,
			     "%s: parameters.%s: missing key (%s and its companion keys come together or not at all)",
			     file, keys[i], keys[0]);
}

/* The DRAM and accumulator tiers are optional but whole. */
static int check_tiers(const cJSON *ps, const char *file,
		       struct dse_error *err)
{
	static const char *const dram[] = { "dram_bandwidth_gbps",
					    "dram_pj_per_bit",
					    "dram_capacity_gb", NULL };
	static const char *const acc[] = { "acc_depth", "acc_pj_per_bit",
					   NULL };
	int rc = check_tier(ps, dram, file, err);

	return rc == DSE_OK ? check_tier(ps, acc, file, err) : rc;
}

/* Fill t from a parsed technology file: name, description, every parameter. */
static int parse_tech(const cJSON *root, const char *file, struct dse_tech *t,
		      struct dse_error *err)
{
	static const char *const top[] = { "name", "description", "parameters",
					   NULL };
	const char *keys[NPARAMS + 1];
	const char *name = NULL, *desc = NULL;
	const cJSON *ps;
	size_t i;
	int rc;

	rc = dse_json_check_keys(root, top, 1, file, "", err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "name", 0, file, "", &name, err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "description", 0, file, "", &desc,
				     err);
	if (rc != DSE_OK)
		return rc;
	snprintf(t->name, sizeof t->name, "%s", name);
	t->description = strdup(desc);
	if (t->description == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	for (i = 0; i < NPARAMS; i++)
		keys[i] = params[i].key;
	keys[NPARAMS] = NULL;
	ps = cJSON_GetObjectItemCaseSensitive(root, "parameters");
	rc = dse_json_check_keys(ps, keys, 0, file, "parameters", err);
	for (i = 0; rc == DSE_OK && i < NPARAMS; i++)
		if (params[i].derive == NULL)
			rc = read_or_absent(t, i, ps, file, err);
		else if (cJSON_GetObjectItemCaseSensitive(ps, params[i].key))
			rc = read_param(t, i, cJSON_GetObjectItemCaseSensitive(
						ps, params[i].key), file, err);
	/* in table order: a default's inputs come before it */
	for (i = 0; rc == DSE_OK && i < NPARAMS; i++)
		if (t->source[i] == NULL)
			rc = derive_param(t, i, file, err);
	if (rc == DSE_OK)
		rc = check_tiers(ps, file, err);
	if (rc == DSE_OK)
		rc = check_relations(t, file, err);
	return rc;
}

/* A spec naming a file rather than a built-in technology. */
static int is_path(const char *spec)
{
	size_t n = strlen(spec);

	return strchr(spec, '/') != NULL ||
	       (n > 5 && strcmp(spec + n - 5, ".json") == 0);
}

/*
 * The file of spec: a built-in name looked up in datadir, or a path,
 * relative to folder `dir` when given and spec is relative.  Fails with
 * DSE_EUSAGE naming spec.
 */
static int resolve(const char *spec, const char *datadir, const char *dir,
		   char *path, size_t cap, struct dse_error *err)
{
	char *found;

	if (spec == NULL || *spec == '\0')
		return dse_error_set(err, DSE_EUSAGE, "empty technology name");
	if (is_path(spec)) {
		if (dir && *spec != '/')
			snprintf(path, cap, "%s/%s", dir, spec);
		else
			snprintf(path, cap, "%s", spec);
		return DSE_OK;
	}
	if (!dse_data_name(spec))
		return dse_error_set(err, DSE_EUSAGE,
				     "technology '%s': not a name (use a path to a .json file)",
				     spec);
	found = dse_data_file(datadir ? datadir : ".", "tech", spec);
	if (found == NULL)
		return dse_error_set(err, DSE_EUSAGE,
				     "technology '%s': no such built-in (n7, n16, n28, toy) and no file %s/tech/%s.json",
				     spec, datadir ? datadir : ".", spec);
	snprintf(path, cap, "%s", found);
	free(found);
	return DSE_OK;
}

/* A technology with its per-parameter arrays, every value zero. */
static struct dse_tech *tech_alloc(void)
{
	struct dse_tech *t = calloc(1, sizeof *t);

	if (t) {
		t->source = calloc(NPARAMS, sizeof *t->source);
		t->derived = calloc(NPARAMS, sizeof *t->derived);
		t->origin = calloc(NPARAMS, sizeof *t->origin);
		t->uncertainty = calloc(NPARAMS, sizeof *t->uncertainty);
	}
	if (t == NULL || !t->source || !t->derived || !t->origin ||
	    !t->uncertainty) {
		dse_tech_free(t);
		return NULL;
	}
	return t;
}

/* Most files in a chain of bases: a technology and 15 it inherits from. */
#define TECH_CHAIN_MAX 16

/* A technology file and the bases it inherits from, the file first. */
struct chain {
	size_t n;
	char *path[TECH_CHAIN_MAX];
	cJSON *root[TECH_CHAIN_MAX];
	dev_t dev[TECH_CHAIN_MAX];
	ino_t ino[TECH_CHAIN_MAX];
};

/* Free the chain's paths and documents. */
static void chain_free(struct chain *c)
{
	size_t k;

	for (k = 0; k < c->n; k++) {
		free(c->path[k]);
		cJSON_Delete(c->root[k]);
	}
	c->n = 0;
}

/* "a.json -> b.json -> a.json": the cycle that path closes, into buf. */
static void cycle_text(const struct chain *c, size_t from, const char *path,
		       char *buf, size_t len)
{
	size_t k, used = 0;

	buf[0] = '\0';
	for (k = from; k < c->n && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%.200s -> ",
					 c->path[k]);
	if (used < len)
		snprintf(buf + used, len - used, "%.200s", path);
}

/* The folder of path, into buf ("." when it has none). */
static void dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/*
 * Read spec's file and every base it names in turn ("base": a built-in
 * name or a path relative to the naming file) into c.  A file met twice
 * (same device and inode) is a cycle; a bad base is bad input of the
 * file that names it.
 */
static int read_chain(const char *spec, const char *datadir, struct chain *c,
		      struct dse_error *err)
{
	char path[4096], next[4096], dir[4096], cycle[1024];
	const cJSON *base;
	struct stat sb;
	size_t k;
	int rc = resolve(spec, datadir, NULL, path, sizeof path, err);

	while (rc == DSE_OK) {
		cJSON *root = NULL;

		rc = dse_json_read_file(path, &root, err);
		if (rc != DSE_OK) {
			if (c->n > 0 && rc == DSE_EINPUT) {
				dse_error_prefix(err, "base");
				dse_error_prefix(err, c->path[c->n - 1]);
			}
			break;
		}
		if (stat(path, &sb) != 0) {
			cJSON_Delete(root);
			return dse_error_set(err, DSE_EINPUT, "%s: %s", path,
					     strerror(errno));
		}
		for (k = 0; k < c->n; k++)
			if (c->dev[k] == sb.st_dev && c->ino[k] == sb.st_ino)
				break;
		if (k < c->n) {
			cycle_text(c, k, path, cycle, sizeof cycle);
			cJSON_Delete(root);
			return dse_error_set(err, DSE_EINPUT,
					     "%s: base: a cycle of bases: %s",
					     c->path[c->n - 1], cycle);
		}
		if (c->n == TECH_CHAIN_MAX) {
			cJSON_Delete(root);
			return dse_error_set(err, DSE_EINPUT,
					     "%s: base: more than %d technologies in a chain of bases",
					     c->path[0], TECH_CHAIN_MAX);
		}
		c->root[c->n] = root;
		c->dev[c->n] = sb.st_dev;
		c->ino[c->n] = sb.st_ino;
		if ((c->path[c->n++] = strdup(path)) == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		base = cJSON_GetObjectItemCaseSensitive(root, "base");
		if (base == NULL)
			break;
		if (!cJSON_IsString(base) || base->valuestring == NULL ||
		    *base->valuestring == '\0')
			return dse_error_set(err, DSE_EINPUT,
					     "%s: base: expected the name or path of a technology",
					     path);
		dir_of(path, dir, sizeof dir);
		rc = resolve(base->valuestring, datadir, dir, next, sizeof next,
			     err);
		if (rc != DSE_OK) {
			dse_error_prefix(err, "base");
			dse_error_prefix(err, path);
			return err ? (err->status = DSE_EINPUT) : DSE_EINPUT;
		}
		memcpy(path, next, sizeof path);
	}
	return rc;
}

/* Check obj as parameter i's object the way read_param reads a file's. */
static int check_param(size_t i, const cJSON *obj, const char *file,
		       struct dse_error *err)
{
	struct dse_tech *scratch = tech_alloc();
	int rc;

	if (scratch == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	rc = read_param(scratch, i, obj, file, err);
	dse_tech_free(scratch);
	return rc;
}

/*
 * Parameter i's object in file when it gives only uncertainty fields:
 * the inherited object `from` with those fields in place of its own.
 */
static cJSON *with_uncertainty(const cJSON *from, const cJSON *obj)
{
	cJSON *out = cJSON_Duplicate(from, 1);
	const char *const *k;
	const cJSON *item;

	if (out == NULL)
		return NULL;
	for (k = UNCERTAINTY_KEYS; *k; k++)
		cJSON_DeleteItemFromObjectCaseSensitive(out, *k);
	cJSON_ArrayForEach(item, obj) {
		cJSON *dup = cJSON_Duplicate(item, 1);

		if (dup == NULL || !cJSON_AddItemToObject(out, item->string, dup)) {
			cJSON_Delete(dup);
			cJSON_Delete(out);
			return NULL;
		}
	}
	return out;
}

/*
 * One file of a chain laid over the parameters of its bases (merged):
 * a key with a value replaces the inherited object (its origin becomes
 * this file, from[i] = k); one with only uncertainty fields keeps the
 * inherited value and source and takes its range from here.
 */
static int overlay(cJSON *merged, const cJSON *ps, size_t k, const char *file,
		   size_t *from, struct dse_error *err)
{
	const char *keys[NPARAMS + 1];
	const cJSON *obj;
	size_t i;
	int rc;

	for (i = 0; i < NPARAMS; i++)
		keys[i] = params[i].key;
	keys[NPARAMS] = NULL;
	rc = dse_json_check_keys(ps, keys, 0, file, "parameters", err);
	for (obj = rc == DSE_OK ? ps->child : NULL; rc == DSE_OK && obj;
	     obj = obj->next) {
		const cJSON *had = cJSON_GetObjectItemCaseSensitive(merged,
								   obj->string);
		char where[96];
		cJSON *put;

		dse_tech_param_find(obj->string, &i);
		snprintf(where, sizeof where, "parameters.%s", obj->string);
		if (!cJSON_HasObjectItem(obj, "value") && had == NULL)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s: no value here or in a base (give value and source)",
					     file, where);
		if (!cJSON_HasObjectItem(obj, "value") &&
		    (rc = dse_json_check_keys(obj, UNCERTAINTY_KEYS, 0, file,
					      where, err)) != DSE_OK)
			return rc;
		put = cJSON_HasObjectItem(obj, "value") ?
			      cJSON_Duplicate(obj, 1) : with_uncertainty(had, obj);
		if (put == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		rc = check_param(i, put, file, err);
		if (rc == DSE_OK && had)
			rc = cJSON_ReplaceItemInObjectCaseSensitive(merged,
								    obj->string,
								    put) ?
				     DSE_OK :
				     dse_error_set(err, DSE_ENOMEM, "out of memory");
		else if (rc == DSE_OK)
			rc = cJSON_AddItemToObject(merged, obj->string, put) ?
				     DSE_OK :
				     dse_error_set(err, DSE_ENOMEM, "out of memory");
		else
			cJSON_Delete(put);
		if (rc == DSE_OK && cJSON_HasObjectItem(obj, "value"))
			from[i] = k;
	}
	return rc;
}

/*
 * The chain as one technology document (name, description, parameters),
 * bases first, each file laid over them; from[i] receives the chain index
 * of the file that gave parameter i's value (c->n: none did).  Every file
 * is checked here, against its own name; the whole by parse_tech.
 */
static int merge_chain(const struct chain *c, cJSON **out, size_t *from,
		       struct dse_error *err)
{
	static const char *const top[] = { "name", "description", "parameters",
					   "base", NULL };
	cJSON *doc = cJSON_CreateObject(), *merged = cJSON_CreateObject();
	char *desc = NULL;
	const char *name = NULL;
	size_t k, i;
	int rc = doc && merged ? DSE_OK :
		 dse_error_set(err, DSE_ENOMEM, "out of memory");

	for (i = 0; i < NPARAMS; i++)
		from[i] = c->n;
	for (k = c->n; rc == DSE_OK && k-- > 0;) {
		const char *file = c->path[k], *d = NULL;

		rc = dse_json_check_keys(c->root[k], top, 0, file, "", err);
		if (rc == DSE_OK)
			rc = dse_json_string(c->root[k], "name", 0, file, "",
					     &name, err);
		/* a file with a base may leave its description to it */
		if (rc == DSE_OK)
			rc = dse_json_string(c->root[k], "description",
					     k + 1 < c->n, file, "", &d, err);
		if (rc == DSE_OK)
			rc = overlay(merged,
				     cJSON_GetObjectItemCaseSensitive(c->root[k],
								      "parameters"),
				     k, file, from, err);
		if (rc == DSE_OK && d == NULL) {
			const char *base = cJSON_GetObjectItemCaseSensitive(
				c->root[k + 1], "name")->valuestring;
			size_t len = strlen(base) + strlen(desc) + 16;
			char *based = malloc(len);

			if (based)
				snprintf(based, len, "based on %s: %s", base,
					 desc);
			free(desc);
			desc = based;
		} else if (rc == DSE_OK) {
			free(desc);
			desc = strdup(d);
		}
		if (rc == DSE_OK && desc == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (rc == DSE_OK &&
	    (!cJSON_AddStringToObject(doc, "name", name) ||
	     !cJSON_AddStringToObject(doc, "description", desc) ||
	     !cJSON_AddItemToObject(doc, "parameters", merged)))
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	else if (rc == DSE_OK)
		merged = NULL; /* now doc's */
	free(desc);
	cJSON_Delete(merged);
	if (rc != DSE_OK) {
		cJSON_Delete(doc);
		return rc;
	}
	*out = doc;
	return DSE_OK;
}

/* The origin of a parameter no file gives: an optional tier left out. */
#define ORIGIN_ABSENT "absent"

/* Which file of one gave each parameter: 0, or 1 (none) when absent. */
static void single_origins(const cJSON *root, size_t *from)
{
	const cJSON *ps = cJSON_GetObjectItemCaseSensitive(root, "parameters");
	size_t i;

	for (i = 0; i < NPARAMS; i++)
		from[i] = cJSON_HasObjectItem(ps, params[i].key) ? 0 : 1;
}

/* Record for every parameter a file gave the path of that file, and
   "absent" for an optional one none gave. */
static int set_origins(struct dse_tech *t, const struct chain *c,
		       const size_t *from, struct dse_error *err)
{
	size_t i;

	for (i = 0; i < NPARAMS; i++) {
		if (t->derived[i])
			continue;
		t->origin[i] = strdup(from[i] < c->n ? c->path[from[i]] :
				      ORIGIN_ABSENT);
		if (t->origin[i] == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	return DSE_OK;
}

/*
 * Resolve spec to a file and the chain of its bases, merge them when
 * there are bases, read and check the result into a new dse_tech.
 */
int dse_tech_load(const char *spec, const char *datadir,
		  struct dse_tech **out, struct dse_error *err)
{
	struct chain c;
	size_t from[NPARAMS];
	cJSON *merged = NULL;
	struct dse_tech *t = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	rc = read_chain(spec, datadir, &c, err);
	/* one file: read as it is, so its messages are those it always had */
	if (rc == DSE_OK && c.n > 1)
		rc = merge_chain(&c, &merged, from, err);
	if (rc == DSE_OK && (t = tech_alloc()) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "%s: out of memory", c.path[0]);
	if (rc == DSE_OK && (t->path = strdup(c.path[0])) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = parse_tech(merged ? merged : c.root[0], c.path[0], t, err);
	if (rc == DSE_OK && merged == NULL)
		single_origins(c.root[0], from);
	if (rc == DSE_OK)
		rc = set_origins(t, &c, from, err);
	cJSON_Delete(merged);
	chain_free(&c);
	if (rc != DSE_OK) {
		dse_tech_free(t);
		return rc;
	}
	*out = t;
	return DSE_OK;
}

/* A deep copy of t; NULL when out of memory. */
static struct dse_tech *tech_copy(const struct dse_tech *t)
{
	struct dse_tech *c = tech_alloc();
	char **source, **origin;
	unsigned char *derived;
	struct dse_uncertainty *unc;
	size_t i;
	int ok;

	if (c == NULL)
		return NULL;
	source = c->source;
	origin = c->origin;
	derived = c->derived;
	unc = c->uncertainty;
	*c = *t;
	c->source = source;
	c->origin = origin;
	c->derived = derived;
	c->uncertainty = unc;
	c->path = t->path ? strdup(t->path) : NULL;
	c->description = t->description ? strdup(t->description) : NULL;
	ok = (t->path == NULL || c->path) &&
	     (t->description == NULL || c->description);
	memcpy(c->derived, t->derived, NPARAMS * sizeof *c->derived);
	for (i = 0; ok && i < NPARAMS; i++) {
		c->uncertainty[i] = t->uncertainty[i];
		c->uncertainty[i].source = NULL;
		ok = (!t->source[i] || (c->source[i] = strdup(t->source[i]))) &&
		     (!t->origin[i] || (c->origin[i] = strdup(t->origin[i]))) &&
		     (!t->uncertainty[i].source ||
		      (c->uncertainty[i].source =
			       strdup(t->uncertainty[i].source)));
	}
	if (!ok) {
		dse_tech_free(c);
		return NULL;
	}
	return c;
}

/* Set parameter i of t to v as read_param would read {value, source}. */
static int set_param(struct dse_tech *t, size_t i, double v,
		     const char *source, const char *label,
		     struct dse_error *err)
{
	cJSON *obj;
	int rc;

	/* an optional tier comes whole from a file, not one key at a time */
	if (t->origin[i] && strcmp(t->origin[i], ORIGIN_ABSENT) == 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: parameters.%s: absent from technology %s (a tier it does not have: give the whole tier in a technology file)",
				     label, params[i].key, t->name);
	obj = cJSON_CreateObject();
	if (obj == NULL ||
	    !(params[i].bound == BOOL ? cJSON_AddBoolToObject(obj, "value", v != 0) :
					cJSON_AddNumberToObject(obj, "value", v)) ||
	    !cJSON_AddStringToObject(obj, "source", source)) {
		cJSON_Delete(obj);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	free(t->source[i]);
	t->source[i] = NULL;
	free(t->uncertainty[i].source);
	memset(&t->uncertainty[i], 0, sizeof t->uncertainty[i]);
	rc = read_param(t, i, obj, label, err);
	cJSON_Delete(obj);
	if (rc != DSE_OK)
		return rc;
	t->derived[i] = 0;
	free(t->origin[i]);
	t->origin[i] = strdup(source);
	return t->origin[i] ? DSE_OK :
	       dse_error_set(err, DSE_ENOMEM, "out of memory");
}

/* A copy of tech with values set, defaults derived again, relations checked. */
int dse_tech_with(const struct dse_tech *tech, const size_t *idx,
		  const double *values, size_t n, const char *source,
		  const char *label, struct dse_tech **out,
		  struct dse_error *err)
{
	struct dse_tech *t = tech_copy(tech);
	size_t i, k;
	int rc = t ? DSE_OK : dse_error_set(err, DSE_ENOMEM, "out of memory");

	for (k = 0; rc == DSE_OK && k < n; k++)
		rc = idx[k] < NPARAMS ?
			     set_param(t, idx[k], values[k], source, label, err) :
			     dse_error_set(err, DSE_EUSAGE,
					   "%s: no parameter %zu", label, idx[k]);
	/* what was derived is derived again, in table order, from the new values */
	for (i = 0; rc == DSE_OK && i < NPARAMS; i++)
		if (t->derived[i]) {
			free(t->source[i]);
			t->source[i] = NULL;
			t->derived[i] = 0;
		}
	for (i = 0; rc == DSE_OK && i < NPARAMS; i++)
		if (t->source[i] == NULL)
			rc = derive_param(t, i, label, err);
	if (rc == DSE_OK)
		rc = check_relations(t, label, err);
	if (rc != DSE_OK) {
		dse_tech_free(t);
		return rc;
	}
	*out = t;
	return DSE_OK;
}

/* "KEY=VALUE": a known key and a value within its range. */
int dse_tech_set_parse(const char *arg, size_t *index, double *value,
		       struct dse_error *err)
{
	const char *eq = strchr(arg, '=');
	char key[64];
	const struct param *p;
	double v;

	if (eq == NULL || eq == arg)
		return dse_error_set(err, DSE_EUSAGE,
				     "--set '%s': expected KEY=VALUE (a key of the technology file)",
				     arg);
	snprintf(key, sizeof key, "%.*s", (int)(eq - arg), arg);
	if ((size_t)(eq - arg) >= sizeof key ||
	    dse_tech_param_find(key, index) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "--set '%s': unknown technology parameter '%.*s' (the keys of data/tech/n7.json)",
				     arg, (int)(eq - arg), arg);
	p = &params[*index];
	if (p->bound == BOOL) {
		if (strcmp(eq + 1, "true") != 0 && strcmp(eq + 1, "false") != 0)
			return dse_error_set(err, DSE_EUSAGE,
					     "--set '%s': %s takes true or false",
					     arg, key);
		*value = strcmp(eq + 1, "true") == 0;
		return DSE_OK;
	}
	if (dse_number_parse(eq + 1, &v) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "--set '%s': '%s' is not a finite decimal number",
				     arg, eq + 1);
	if (!in_bounds(p, v))
		return dse_error_set(err, DSE_EUSAGE,
				     "--set '%s': %g is outside %s's %s0, %g]", arg,
				     v, key,
				     p->bound == POS || p->bound == OPT_POS ? "(" : "[",
				     p->max);
	*value = v;
	return DSE_OK;
}

/* (V - V_th)^alpha / V: the alpha-power law's shape (Sakurai & Newton 1990) */
static double drive(const struct dse_tech *t, double v)
{
	return pow(v - t->v_th_v, t->alpha) / v;
}

/* f at voltage_v, GHz: f_nom scaled by the alpha-power law's drive. */
double dse_tech_freq_ghz(const struct dse_tech *tech, double voltage_v)
{
	return tech->f_nom_ghz * drive(tech, voltage_v) /
	       drive(tech, tech->v_nom_v);
}

struct root_arg {
	const struct dse_tech *tech;
	double freq_ghz;
};

/* f(v) minus the target, GHz: the function the Brent solver finds a root of. */
static double freq_gap(double v, void *arg)
{
	const struct root_arg *a = arg;

	return dse_tech_freq_ghz(a->tech, v) - a->freq_ghz;
}

/* Relative tolerance on V of the Brent solve, and its iteration cap. */
#define OPP_REL_TOL 1e-13
#define OPP_MAX_ITER 200

/* Operating point for freq_ghz: v_min, v_max or the Brent root of f(V) = freq_ghz. */
int dse_tech_opp(const struct dse_tech *tech, double freq_ghz,
		 struct dse_opp *out, struct dse_error *err)
{
	struct root_arg arg = { tech, freq_ghz };
	gsl_function fn = { freq_gap, &arg };
	gsl_root_fsolver *s;
	double f_lo, f_hi, lo, hi, v = 0;
	int status, iter = 0;

	if (!isfinite(freq_ghz) || freq_ghz < DSE_FREQ_MIN_GHZ ||
	    freq_ghz > DSE_FREQ_MAX_GHZ)
		return dse_error_set(err, DSE_EINPUT,
				     "frequency %g GHz: outside [%g, %g]", freq_ghz,
				     DSE_FREQ_MIN_GHZ, DSE_FREQ_MAX_GHZ);
	out->freq_ghz = freq_ghz;
	out->over_vmax = 0;
	f_lo = dse_tech_freq_ghz(tech, tech->v_min_v);
	f_hi = dse_tech_freq_ghz(tech, tech->v_max_v);
	if (freq_ghz <= f_lo) {
		out->voltage_v = tech->v_min_v;
		return DSE_OK;
	}
	if (freq_ghz >= f_hi) {
		out->voltage_v = tech->v_max_v;
		out->over_vmax = freq_ghz > f_hi;
		return DSE_OK;
	}
	s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (s == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	status = gsl_root_fsolver_set(s, &fn, tech->v_min_v, tech->v_max_v);
	while (status == GSL_SUCCESS && iter++ < OPP_MAX_ITER) {
		status = gsl_root_fsolver_iterate(s);
		if (status != GSL_SUCCESS)
			break;
		v = gsl_root_fsolver_root(s);
		lo = gsl_root_fsolver_x_lower(s);
		hi = gsl_root_fsolver_x_upper(s);
		status = gsl_root_test_interval(lo, hi, 0.0, OPP_REL_TOL);
		if (status == GSL_SUCCESS)
			break;
		if (status != GSL_CONTINUE)
			break;
		status = GSL_SUCCESS;
	}
	gsl_root_fsolver_free(s);
	if (status != GSL_SUCCESS)
		return dse_error_set(err, DSE_ENUMERIC,
				     "voltage for %g GHz: Brent solver failed: %s",
				     freq_ghz, gsl_strerror(status));
	if (iter > OPP_MAX_ITER)
		return dse_error_set(err, DSE_ENUMERIC,
				     "voltage for %g GHz: no convergence in %d iterations",
				     freq_ghz, OPP_MAX_ITER);
	out->voltage_v = v;
	return DSE_OK;
}

/* Energy (pJ per MAC), area (um2) and leakage (W) of one PE of fmt at v_nom. */
void dse_pe_cost(const struct dse_tech *t, const struct dse_format *fmt,
		 struct dse_pe *out)
{
	double mul_um2, acc_um2, reg_um2, block_um2;

	/* E_pe = e_mul(m) + e_add(a) + e_reg (2m + a) + E_block / B, where
	   E_block = e_fadd32 + e_exp x (scale bits / 10) (NUMERICS.md 17) */
	out->mul_pj = t->mul_pj[fmt->mul] * fmt->mul_scale;
	out->acc_pj = t->acc_pj[fmt->acc] * fmt->acc_energy_scale;
	out->reg_pj = t->reg_pj_per_bit * fmt->reg_bits;
	out->block_pj = (t->acc_pj[DSE_ACC_FP32] +
			 t->exp_add_pj * fmt->scale_add_scale) * fmt->block_share;
	out->energy_pj = out->mul_pj + out->acc_pj + out->reg_pj +
			 out->block_pj;

	mul_um2 = t->mul_um2[fmt->mul] * fmt->mul_scale;
	acc_um2 = t->acc_um2[fmt->acc] * fmt->acc_area_scale;
	reg_um2 = t->reg_um2_per_bit * fmt->reg_bits;
	block_um2 = (t->acc_um2[DSE_ACC_FP32] +
		     t->exp_add_um2 * fmt->scale_add_scale) * fmt->block_share;
	out->area_um2 = (mul_um2 + acc_um2 + reg_um2 + block_um2) *
			t->pe_area_overhead;

	/* leakage: a fraction of the dynamic power at f_nom, v_nom (pJ GHz = mW) */
	out->leak_w = t->pe_leak_fraction * out->energy_pj * t->f_nom_ghz *
		      DSE_PJ_GHZ_TO_W;
}
