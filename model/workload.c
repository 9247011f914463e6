/* workload.c - workloads as ordered GEMM and element-wise stages (section 7). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_model.h"
#include "model_impl.h"

/* Free wl, its description and stages; NULL is a no-op. */
void dse_workload_free(struct dse_workload *wl)
{
	if (wl == NULL)
		return;
	free(wl->description);
	free(wl->source);
	free(wl->stages);
	free(wl);
}

/* Copy src into dst (cap bytes) as printable ASCII, '?' for anything else:
   names reach terminals and JSON files. */
static void copy_name(char *dst, size_t cap, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < cap; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
}

/* A new workload with room for nstages stages, none filled yet. */
int model_workload_new(const char *name, const char *desc, double repeat,
		       size_t nstages, struct dse_workload **out,
		       struct dse_error *err)
{
	struct dse_workload *wl = calloc(1, sizeof *wl);

	if (wl == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	copy_name(wl->name, sizeof wl->name, name);
	wl->description = strdup(desc);
	wl->stages = calloc(nstages ? nstages : 1, sizeof *wl->stages);
	if (wl->description == NULL || wl->stages == NULL) {
		dse_workload_free(wl);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	wl->repeat = repeat;
	wl->layers = 1;
	*out = wl;
	return DSE_OK;
}

/* Append a GEMM stage: m rows per item, n outputs, depth k, count copies. */
void model_workload_gemm(struct dse_workload *wl, const char *name, double m,
			 double n, double k, double count, int weights)
{
	struct dse_stage *s = &wl->stages[wl->nstages++];

	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->kind = DSE_STAGE_GEMM;
	s->m = m;
	s->n = n;
	s->k = k;
	s->count = count;
	s->weights = weights;
}

/* Append an element-wise stage of ops operations per item. */
void model_workload_eltwise(struct dse_workload *wl, const char *name,
			    double ops)
{
	struct dse_stage *s = &wl->stages[wl->nstages++];

	memset(s, 0, sizeof *s);
	snprintf(s->name, sizeof s->name, "%s", name);
	s->kind = DSE_STAGE_ELTWISE;
	s->ops_per_item = ops;
}

/* Weights, MACs per item and the widest N, from the stages; absurd totals fail. */
int model_workload_finish(struct dse_workload *wl, const char *where,
			  struct dse_error *err)
{
	size_t i;

	wl->weights = 0;
	wl->macs_per_item = 0;
	wl->n_max = 0;
	for (i = 0; i < wl->nstages; i++) {
		const struct dse_stage *s = &wl->stages[i];

		if (s->kind != DSE_STAGE_GEMM)
			continue;
		if (s->weights)
			wl->weights += s->count * s->n * s->k;
		wl->macs_per_item += s->count * s->m * s->n * s->k;
		if (s->n > wl->n_max)
			wl->n_max = s->n;
	}
	wl->weights *= wl->layers;
	wl->macs_per_item *= wl->repeat * wl->layers;
	if (wl->n_max <= 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: the workload has no GEMM stage",
				     where);
	if (!(wl->weights <= DSE_WEIGHTS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: %.4g weights, more than %.0e",
				     where, wl->weights, DSE_WEIGHTS_MAX);
	if (!(wl->macs_per_item <= DSE_MACS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: %.4g MACs per item, more than %.0e",
				     where, wl->macs_per_item, DSE_MACS_MAX);
	return DSE_OK;
}

/* Output pixels along one side: floor((in + 2 pad - filter) / stride) + 1,
   or SCALE-Sim's ceil((in + 2 pad - filter + stride) / stride). */
static double out_side(double in, double filter, double stride, double pad,
		       int ceil_mode)
{
	const double span = in + 2.0 * pad - filter;

	return ceil_mode ? ceil((span + stride) / stride) :
			   floor(span / stride) + 1.0;
}

/* A convolution lowered by im2col (SCALE-Sim): M pixels, K = R S C/g, N = F/g. */
int dse_conv_gemm(const struct dse_conv *cv, const char *where,
		  struct dse_stage *out, struct dse_error *err)
{
	const double dims[] = { cv->h, cv->w, cv->c, cv->r, cv->s, cv->filters,
				cv->stride_h, cv->stride_w, cv->groups };
	static const char *const names[] = { "h", "w", "c", "r", "s",
					     "filters", "stride", "stride",
					     "groups" };
	double e, f;
	size_t i;

	for (i = 0; i < sizeof dims / sizeof dims[0]; i++)
		if (!(dims[i] >= 1 && dims[i] <= DSE_DIM_MAX) ||
		    dims[i] != floor(dims[i]))
			return dse_error_set(err, DSE_EINPUT,
					     "%s.%s: %g is not a whole number in [1, %.0e]",
					     where, names[i], dims[i], DSE_DIM_MAX);
	if (!(cv->pad >= 0 && cv->pad <= DSE_DIM_MAX) || cv->pad != floor(cv->pad))
		return dse_error_set(err, DSE_EINPUT,
				     "%s.padding: %g is not a whole number in [0, %.0e]",
				     where, cv->pad, DSE_DIM_MAX);
	if (cv->r > cv->h + 2 * cv->pad || cv->s > cv->w + 2 * cv->pad)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: a %gx%g filter is larger than the %gx%g input padded by %g",
				     where, cv->r, cv->s, cv->h, cv->w, cv->pad);
	if (fmod(cv->c, cv->groups) != 0 || fmod(cv->filters, cv->groups) != 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s.groups: %g does not divide the %g channels and %g filters",
				     where, cv->groups, cv->c, cv->filters);
	e = out_side(cv->h, cv->r, cv->stride_h, cv->pad, cv->ceil_mode);
	f = out_side(cv->w, cv->s, cv->stride_w, cv->pad, cv->ceil_mode);
	memset(out, 0, sizeof *out);
	out->kind = DSE_STAGE_GEMM;
	out->m = e * f;
	out->k = cv->r * cv->s * cv->c / cv->groups;
	out->n = cv->filters / cv->groups;
	out->count = cv->groups;
	out->weights = 1;
	if (!(out->m * out->n * out->k * out->count <= DSE_MACS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %.4g MACs per item, more than %.0e", where,
				     out->m * out->n * out->k * out->count,
				     DSE_MACS_MAX);
	snprintf(out->origin, sizeof out->origin,
		 "conv %gx%gx%g %gx%g/%gx%g pad %g groups %g -> %gx%g", cv->h,
		 cv->w, cv->c, cv->r, cv->s, cv->stride_h, cv->stride_w, cv->pad,
		 cv->groups, e, f);
	return DSE_OK;
}

/* ---- built-in workloads ---- */

#define LSTM_HIDDEN 2048
#define LSTM_INPUT 2048
#define RNN_STEPS 15
/* element-wise work per hidden unit and step: 3 sigmoids, 2 tanh, (a) */
#define RNN_ELTWISE_OPS_PER_UNIT 5

/* Parse "a,b,c" into up to max positive integers. */
static int parse_dims(const char *spec, const char *args, double *v, size_t min,
		      size_t max, size_t *count, struct dse_error *err)
{
	const char *p = args;
	size_t n = 0;

	while (*p) {
		const char *end = p;
		double x = 0;

		if (dse_number_scan(p, &end, &x) != DSE_OK || x < 1 ||
		    x > DSE_DIM_MAX || x != floor(x) || (*end && *end != ','))
			return dse_error_set(err, DSE_EUSAGE,
					     "workload '%s': expected positive whole numbers separated by ','",
					     spec);
		if (n == max)
			return dse_error_set(err, DSE_EUSAGE,
					     "workload '%s': at most %zu numbers",
					     spec, max);
		v[n++] = x;
		p = *end ? end + 1 : end;
		if (*end == ',' && *p == '\0')
			return dse_error_set(err, DSE_EUSAGE,
					     "workload '%s': trailing ','", spec);
	}
	if (n < min)
		return dse_error_set(err, DSE_EUSAGE,
				     "workload '%s': needs at least %zu numbers",
				     spec, min);
	*count = n;
	return DSE_OK;
}

/* One RNN step (gate GEMM, element-wise cell) repeated RNN_STEPS times. */
static int build_rnn(const char *name, double gates, const char *desc,
		     struct dse_workload **out, struct dse_error *err)
{
	int rc = model_workload_new(name, desc, RNN_STEPS, 2, out, err);

	if (rc != DSE_OK)
		return rc;
	/* one step: [x h] (input + hidden) times the gate weights */
	model_workload_gemm(*out, "gates", 1, gates * LSTM_HIDDEN, LSTM_INPUT + LSTM_HIDDEN, 1, 1);
	model_workload_eltwise(*out, "cell", RNN_ELTWISE_OPS_PER_UNIT * LSTM_HIDDEN);
	return DSE_OK;
}

/* Built-in lstm: four gates; takes no arguments. */
static int build_lstm(const char *spec, const char *args,
		      struct dse_workload **out, struct dse_error *err)
{
	(void)spec;
	(void)args;
	return build_rnn("lstm", 4,
			 "LSTM, hidden 2048, input 2048, 15 steps (Equinox talk): "
			 "per step one GEMM M=b N=8192 K=4096 and 5*2048*b element-wise ops",
			 out, err);
}

/* Built-in gru: three gates; takes no arguments. */
static int build_gru(const char *spec, const char *args,
		     struct dse_workload **out, struct dse_error *err)
{
	(void)spec;
	(void)args;
	return build_rnn("gru", 3,
			 "GRU, hidden 2048, input 2048, 15 steps: per step one GEMM "
			 "M=b N=6144 K=4096 and 5*2048*b element-wise ops",
			 out, err);
}

/* Built-in gemm[:N,K[,ROWS]]: one weight GEMM, N = K = 4096 and 1 row by default. */
static int build_gemm(const char *spec, const char *args,
		      struct dse_workload **out, struct dse_error *err)
{
	double v[3] = { 4096, 4096, 1 };
	size_t n = 3;
	char desc[160];
	int rc;

	if (args && (rc = parse_dims(spec, args, v, 2, 3, &n, err)) != DSE_OK)
		return rc;
	if (n == 2)
		v[2] = 1;
	snprintf(desc, sizeof desc,
		 "one GEMM: N=%.0f outputs, K=%.0f, %.0f row(s) per batch item",
		 v[0], v[1], v[2]);
	rc = model_workload_new("gemm", desc, 1, 1, out, err);
	if (rc == DSE_OK)
		model_workload_gemm(*out, "gemm", v[2], v[0], v[1], 1, 1);
	return rc;
}

#define MLP_LAYERS_MAX 64

/* Built-in mlp[:W0,W1,...]: a GEMM per layer, an activation between layers. */
static int build_mlp(const char *spec, const char *args,
		     struct dse_workload **out, struct dse_error *err)
{
	/* default: a 3-layer MLP at the LSTM's width (a) */
	double w[MLP_LAYERS_MAX + 1] = { 2048, 4096, 4096, 2048 };
	size_t n = 4, i;
	char name[32];
	int rc;

	if (args && (rc = parse_dims(spec, args, w, 2, MLP_LAYERS_MAX + 1, &n,
				     err)) != DSE_OK)
		return rc;
	rc = model_workload_new("mlp",
		    "MLP: one GEMM M=b per layer (widths W0 -> W1 -> ...), "
		    "one element-wise op per hidden activation",
		    1, 2 * (n - 1), out, err);
	for (i = 0; rc == DSE_OK && i + 1 < n; i++) {
		snprintf(name, sizeof name, "fc%zu", i + 1);
		model_workload_gemm(*out, name, 1, w[i + 1], w[i], 1, 1);
		if (i + 2 < n) {
			snprintf(name, sizeof name, "act%zu", i + 1);
			model_workload_eltwise(*out, name, w[i + 1]);
		}
	}
	return rc;
}

struct builtin {
	const char *name;
	int takes_args;
	int (*build)(const char *spec, const char *args,
		     struct dse_workload **out, struct dse_error *err);
};

static const struct builtin builtins[] = {
	{ "lstm", 0, build_lstm },
	{ "gru", 0, build_gru },
	{ "mlp", 1, build_mlp },
	{ "gemm", 1, build_gemm },
};

/* Names that stand for a workload file of <datadir>/workloads. */
static const struct {
	const char *name, *file;
} aliases[] = {
	{ "bert", "bert-base" }, /* bert is BERT-base: 12 layers (MODEL.md 10) */
};

/* The built-in workloads and their arguments, as one static string. */
const char *dse_workload_names(void)
{
	return "lstm, gru, mlp[:W0,W1,...], gemm[:N,K[,ROWS]]; data files "
	       "bert-base (alias bert), bert-layer, bert-large, resnet50, gpt2, "
	       "attention";
}

/* ---- JSON workloads ---- */

/* obj[key] as a whole number in [lo, DSE_DIM_MAX]. */
static int read_dim(const cJSON *obj, const char *key, double lo, int optional,
		    const char *file, const char *where, double *out,
		    struct dse_error *err)
{
	int rc = dse_json_number(obj, key, lo, 0, DSE_DIM_MAX, optional, file,
				 where, out, err);

	if (rc == DSE_OK && *out != floor(*out))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: %g is not a whole number", file,
				     where, *where ? "." : "", key, *out);
	return rc;
}

/* An element-wise stage: ops_per_item. */
static int read_eltwise(const cJSON *obj, const char *file, const char *where,
			struct dse_stage *s, struct dse_error *err)
{
	static const char *const keys[] = { "name", "type", "ops_per_item",
					    NULL };
	int rc = dse_json_check_keys(obj, keys, 0, file, where, err);

	s->kind = DSE_STAGE_ELTWISE;
	if (rc == DSE_OK)
		rc = dse_json_number(obj, "ops_per_item", 0, 0, DSE_MACS_MAX, 0,
				     file, where, &s->ops_per_item, err);
	return rc;
}

/* A GEMM stage: m and count default to 1, weights to true. */
static int read_gemm(const cJSON *obj, const char *file, const char *where,
		     struct dse_stage *s, struct dse_error *err)
{
	static const char *const keys[] = { "name", "type", "m", "n", "k",
					    "count", "weights", NULL };
	const cJSON *w;
	int rc;

	s->kind = DSE_STAGE_GEMM;
	s->m = 1;
	s->count = 1;
	s->weights = 1;
	rc = dse_json_check_keys(obj, keys, 0, file, where, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "m", 1, 1, file, where, &s->m, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "n", 1, 0, file, where, &s->n, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "k", 1, 0, file, where, &s->k, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "count", 1, 1, file, where, &s->count, err);
	if (rc != DSE_OK)
		return rc;
	w = cJSON_GetObjectItemCaseSensitive(obj, "weights");
	if (w != NULL) {
		if (!cJSON_IsBool(w))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.weights: expected true or false",
					     file, where);
		s->weights = cJSON_IsTrue(w);
	}
	if (!(s->count * s->m * s->n * s->k <= DSE_MACS_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: %.4g MACs per item, more than %.0e",
				     file, where, s->count * s->m * s->n * s->k,
				     DSE_MACS_MAX);
	return DSE_OK;
}

/* A convolution stage, lowered to its GEMM by im2col (dse_conv_gemm). */
static int read_conv(const cJSON *obj, const char *file, const char *where,
		     struct dse_stage *s, struct dse_error *err)
{
	static const char *const keys[] = { "name", "type", "h", "w", "c",
					    "r", "s", "filters", "stride",
					    "padding", "groups", NULL };
	struct dse_conv cv = { 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0 };
	char at[600];
	int rc = dse_json_check_keys(obj, keys, 0, file, where, err);

	if (rc == DSE_OK)
		rc = read_dim(obj, "h", 1, 0, file, where, &cv.h, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "w", 1, 0, file, where, &cv.w, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "c", 1, 0, file, where, &cv.c, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "r", 1, 0, file, where, &cv.r, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "s", 1, 0, file, where, &cv.s, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "filters", 1, 0, file, where, &cv.filters,
			      err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "stride", 1, 1, file, where, &cv.stride_h,
			      err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "padding", 0, 1, file, where, &cv.pad, err);
	if (rc == DSE_OK)
		rc = read_dim(obj, "groups", 1, 1, file, where, &cv.groups, err);
	if (rc != DSE_OK)
		return rc;
	cv.stride_w = cv.stride_h;
	snprintf(at, sizeof at, "%s: %s", file, where);
	return dse_conv_gemm(&cv, at, s, err);
}

/* A stage kind of a workload file: its "type" and its reader. */
static const struct {
	const char *type;
	int (*read)(const cJSON *obj, const char *file, const char *where,
		    struct dse_stage *s, struct dse_error *err);
} stage_types[] = {
	{ "gemm", read_gemm },
	{ "conv", read_conv },
	{ "eltwise", read_eltwise },
};

/* Stage i of a file, read by the row of its type. */
static int read_stage(const cJSON *obj, size_t i, const char *file,
		      struct dse_stage *s, struct dse_error *err)
{
	char where[48], name[32];
	const char *type = NULL, *label = NULL;
	size_t t;
	int rc;

	snprintf(where, sizeof where, "stages[%zu]", i);
	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected an object",
				     file, where);
	rc = dse_json_string(obj, "type", 0, file, where, &type, err);
	if (rc == DSE_OK)
		rc = dse_json_string(obj, "name", 1, file, where, &label, err);
	if (rc != DSE_OK)
		return rc;
	copy_name(name, sizeof name, label ? label : where);
	for (t = 0; t < sizeof stage_types / sizeof stage_types[0]; t++) {
		if (strcmp(type, stage_types[t].type) != 0)
			continue;
		memset(s, 0, sizeof *s);
		rc = stage_types[t].read(obj, file, where, s, err);
		memcpy(s->name, name, sizeof s->name);
		return rc;
	}
	return dse_error_set(err, DSE_EINPUT,
			     "%s: %s.type: '%.40s' is not gemm, conv or eltwise",
			     file, where, type);
}

/* A new workload from a parsed file: name, description, source, repeat,
   layers, stages. */
static int parse_workload(const cJSON *root, const char *file,
			  struct dse_workload **out, struct dse_error *err)
{
	static const char *const top[] = { "name", "description", "source",
					   "repeat", "layers", "stages", NULL };
	const char *name = NULL, *desc = "", *source = NULL;
	const cJSON *stages, *item;
	double repeat = 1, layers = 1;
	size_t n, i = 0;
	int rc;

	*out = NULL;
	rc = dse_json_check_keys(root, top, 0, file, "", err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "name", 0, file, "", &name, err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "description", 1, file, "", &desc,
				     err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "source", 1, file, "", &source, err);
	if (rc == DSE_OK)
		rc = read_dim(root, "repeat", 1, 1, file, "", &repeat, err);
	if (rc == DSE_OK)
		rc = read_dim(root, "layers", 1, 1, file, "", &layers, err);
	if (rc != DSE_OK)
		return rc;
	stages = cJSON_GetObjectItemCaseSensitive(root, "stages");
	if (stages == NULL)
		return dse_error_set(err, DSE_EINPUT, "%s: stages: missing key",
				     file);
	if (!cJSON_IsArray(stages) || cJSON_GetArraySize(stages) == 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: expected a non-empty array", file);
	n = (size_t)cJSON_GetArraySize(stages);
	if (n > DSE_STAGES_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: more than %d stages", file,
				     DSE_STAGES_MAX);
	rc = model_workload_new(name, desc, repeat, n, out, err);
	if (rc != DSE_OK)
		return rc;
	(*out)->layers = layers;
	if (source && ((*out)->source = strdup(source)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	cJSON_ArrayForEach(item, stages) {
		if (rc != DSE_OK)
			break;
		rc = read_stage(item, i, file, &(*out)->stages[i], err);
		if (rc == DSE_OK)
			(*out)->nstages = ++i;
	}
	if (rc == DSE_OK)
		rc = model_workload_finish(*out, file, err);
	if (rc != DSE_OK) {
		dse_workload_free(*out);
		*out = NULL;
	}
	return rc;
}

/* A workload from len bytes of JSON text; `file` names it in messages. */
int dse_workload_parse_json(const char *text, size_t len, const char *file,
			    struct dse_workload **out, struct dse_error *err)
{
	cJSON *root = NULL;
	int rc = dse_json_parse(text, len, file, &root, err);

	*out = NULL;
	if (rc != DSE_OK)
		return rc;
	rc = parse_workload(root, file, out, err);
	cJSON_Delete(root);
	return rc;
}

/* 1 when path ends with suffix. */
static int ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	return n >= k && strcmp(path + n - k, suffix) == 0;
}

/* Read the workload file at path: a SCALE-Sim topology (.csv) or JSON. */
int dse_workload_load(const char *path, struct dse_workload **out,
		      struct dse_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = dse_file_read(path, &text, &len, err);
	if (rc != DSE_OK)
		return rc;
	if (ends_with(path, ".csv"))
		rc = dse_workload_parse_topology(text, len, path, out, err);
	else
		rc = dse_workload_parse_json(text, len, path, out, err);
	free(text);
	return rc;
}

/* A code-built workload: the name before ':' and its arguments after. */
static int get_builtin(const struct builtin *b, const char *spec,
		       const char *colon, struct dse_workload **out,
		       struct dse_error *err)
{
	int rc;

	if (colon && !b->takes_args)
		return dse_error_set(err, DSE_EUSAGE,
				     "workload '%s': %s takes no arguments",
				     spec, b->name);
	rc = b->build(spec, colon ? colon + 1 : NULL, out, err);
	if (rc == DSE_OK && (rc = model_workload_finish(*out, spec, err)) != DSE_OK) {
		dse_workload_free(*out);
		*out = NULL;
	}
	return rc;
}

/* The data file of name (an alias resolved) in <datadir>/workloads, or NULL. */
static char *data_file(const char *name, const char *datadir)
{
	size_t i;

	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(name, aliases[i].name) == 0)
			name = aliases[i].file;
	return dse_data_file(datadir, "workloads", name);
}

/* A file path, or a built-in looked up by the name before any ':'. */
int dse_workload_get(const char *spec, struct dse_workload **out,
		     struct dse_error *err)
{
	size_t i, len;
	const char *colon;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return dse_error_set(err, DSE_EUSAGE, "empty workload name");
	if (strchr(spec, '/') || ends_with(spec, ".json") ||
	    ends_with(spec, ".csv"))
		return dse_workload_load(spec, out, err);
	colon = strchr(spec, ':');
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (strlen(builtins[i].name) == len &&
		    strncmp(builtins[i].name, spec, len) == 0)
			return get_builtin(&builtins[i], spec, colon, out, err);
	return dse_error_set(err, DSE_EUSAGE,
			     "unknown workload '%s' (built-in: %s; or a .json or SCALE-Sim .csv file)",
			     spec, dse_workload_names());
}

/* dse_workload_get, then a workload file of <datadir>/workloads by name. */
int dse_workload_find(const char *spec, const char *datadir,
		      struct dse_workload **out, struct dse_error *err)
{
	char name[256], *path;
	const char *colon = spec ? strchr(spec, ':') : NULL;
	size_t len;
	int rc = dse_workload_get(spec, out, err);

	if (rc != DSE_EUSAGE || spec == NULL || *spec == '\0' ||
	    strchr(spec, '/'))
		return rc;
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	if (len >= sizeof name)
		return rc;
	memcpy(name, spec, len);
	name[len] = '\0';
	path = data_file(name, datadir);
	if (path == NULL)
		return rc;
	if (colon != NULL)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "workload '%s': a workload file takes no arguments",
				   spec);
	else
		rc = dse_workload_load(path, out, err);
	free(path);
	return rc;
}
