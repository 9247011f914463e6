/* tech.c - technology files, the voltage-frequency law and PE costs. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Free tech with its path, description and sources; NULL is a no-op. */
void dse_tech_free(struct dse_tech *tech)
{
	size_t i;

	if (tech == NULL)
		return;
	if (tech->source)
		for (i = 0; i < NPARAMS; i++)
			free(tech->source[i]);
	free(tech->source);
	free(tech->derived);
	free(tech->path);
	free(tech->description);
	free(tech);
}

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
	int rc;

	snprintf(where, sizeof where, "parameters.%s", p->key);
	rc = dse_json_check_keys(obj, keys, 1, file, where, err);
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

/* Resolve spec to a file, then read and check it into a new dse_tech. */
int dse_tech_load(const char *spec, const char *datadir,
		  struct dse_tech **out, struct dse_error *err)
{
	char path[4096];
	cJSON *root = NULL;
	struct dse_tech *t;
	int rc;

	if (spec == NULL || *spec == '\0')
		return dse_error_set(err, DSE_EUSAGE, "empty technology name");
	if (is_path(spec)) {
		snprintf(path, sizeof path, "%s", spec);
	} else {
		char *found;

		if (!dse_data_name(spec))
			return dse_error_set(err, DSE_EUSAGE,
					     "technology '%s': not a name (use a path to a .json file)",
					     spec);
		found = dse_data_file(datadir ? datadir : ".", "tech", spec);
		if (found == NULL)
			return dse_error_set(err, DSE_EUSAGE,
					     "technology '%s': no such built-in (n7, n16, n28, toy) and no file %s/tech/%s.json",
					     spec, datadir ? datadir : ".", spec);
		snprintf(path, sizeof path, "%s", found);
		free(found);
	}
	rc = dse_json_read_file(path, &root, err);
	if (rc != DSE_OK)
		return rc;
	t = calloc(1, sizeof *t);
	if (t) {
		t->source = calloc(NPARAMS, sizeof *t->source);
		t->derived = calloc(NPARAMS, sizeof *t->derived);
	}
	if (t == NULL || t->source == NULL || t->derived == NULL) {
		cJSON_Delete(root);
		dse_tech_free(t);
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", path);
	}
	t->path = strdup(path);
	rc = t->path ? parse_tech(root, path, t, err) :
		       dse_error_set(err, DSE_ENOMEM, "out of memory");
	cJSON_Delete(root);
	if (rc != DSE_OK) {
		dse_tech_free(t);
		return rc;
	}
	*out = t;
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
