/* workload.c - workloads as ordered GEMM and element-wise stages (section 7). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_model.h"

/* Largest GEMM dimension, repeat or count accepted (absurd beyond). */
#define DIM_MAX 1e9
#define STAGES_MAX 100000

/* Free wl, its description and stages; NULL is a no-op. */
void dse_workload_free(struct dse_workload *wl)
{
	if (wl == NULL)
		return;
	free(wl->description);
	free(wl->stages);
	free(wl);
}

/* A new workload with room for nstages stages, none filled yet. */
static int wl_new(const char *name, const char *desc, double repeat,
		  size_t nstages, struct dse_workload **out,
		  struct dse_error *err)
{
	struct dse_workload *wl = calloc(1, sizeof *wl);

	if (wl == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	snprintf(wl->name, sizeof wl->name, "%s", name);
	wl->description = strdup(desc);
	wl->stages = calloc(nstages ? nstages : 1, sizeof *wl->stages);
	if (wl->description == NULL || wl->stages == NULL) {
		dse_workload_free(wl);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	wl->repeat = repeat;
	*out = wl;
	return DSE_OK;
}

/* Append a GEMM stage: m rows per item, n outputs, depth k, count copies. */
static void gemm(struct dse_workload *wl, const char *name, double m, double n,
		 double k, double count, int weights)
{
	struct dse_stage *s = &wl->stages[wl->nstages++];

	snprintf(s->name, sizeof s->name, "%s", name);
	s->kind = DSE_STAGE_GEMM;
	s->m = m;
	s->n = n;
	s->k = k;
	s->count = count;
	s->weights = weights;
}

/* Append an element-wise stage of ops operations per item. */
static void eltwise(struct dse_workload *wl, const char *name, double ops)
{
	struct dse_stage *s = &wl->stages[wl->nstages++];

	snprintf(s->name, sizeof s->name, "%s", name);
	s->kind = DSE_STAGE_ELTWISE;
	s->ops_per_item = ops;
}

/* Weights, MACs per item and the widest N, from the stages. */
static int finish(struct dse_workload *wl, const char *where,
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
	wl->macs_per_item *= wl->repeat;
	if (wl->n_max <= 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: the workload has no GEMM stage",
				     where);
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
		    x > DIM_MAX || x != floor(x) || (*end && *end != ','))
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
	int rc = wl_new(name, desc, RNN_STEPS, 2, out, err);

	if (rc != DSE_OK)
		return rc;
	/* one step: [x h] (input + hidden) times the gate weights */
	gemm(*out, "gates", 1, gates * LSTM_HIDDEN, LSTM_INPUT + LSTM_HIDDEN, 1, 1);
	eltwise(*out, "cell", RNN_ELTWISE_OPS_PER_UNIT * LSTM_HIDDEN);
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
	rc = wl_new("gemm", desc, 1, 1, out, err);
	if (rc == DSE_OK)
		gemm(*out, "gemm", v[2], v[0], v[1], 1, 1);
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
	rc = wl_new("mlp",
		    "MLP: one GEMM M=b per layer (widths W0 -> W1 -> ...), "
		    "one element-wise op per hidden activation",
		    1, 2 * (n - 1), out, err);
	for (i = 0; rc == DSE_OK && i + 1 < n; i++) {
		snprintf(name, sizeof name, "fc%zu", i + 1);
		gemm(*out, name, 1, w[i + 1], w[i], 1, 1);
		if (i + 2 < n) {
			snprintf(name, sizeof name, "act%zu", i + 1);
			eltwise(*out, name, w[i + 1]);
		}
	}
	return rc;
}

/* BERT-base: hidden 768, 12 heads of 64, FFN 3072 (Devlin et al. 2019). */
#define BERT_SEQ 128
#define BERT_HIDDEN 768
#define BERT_HEADS 12
#define BERT_HEAD_DIM 64
#define BERT_FFN 3072
/* element-wise ops per element (a): softmax 5 (max, sub, exp, sum, div),
 * residual add + layer norm 8, GELU 8 */
#define BERT_SOFTMAX_OPS 5
#define BERT_LAYERNORM_OPS 8
#define BERT_GELU_OPS 8

/* Built-in bert: one BERT-base encoder layer at sequence length 128. */
static int build_bert(const char *spec, const char *args,
		      struct dse_workload **out, struct dse_error *err)
{
	const double L = BERT_SEQ, H = BERT_HIDDEN, NH = BERT_HEADS;
	const double D = BERT_HEAD_DIM, F = BERT_FFN;
	int rc;

	(void)spec;
	(void)args;
	rc = wl_new("bert",
		    "one BERT-base encoder layer, sequence 128: QKV, attention "
		    "scores and context per head (no static weights), output "
		    "projection, FFN 768-3072-768",
		    1, 10, out, err);
	if (rc != DSE_OK)
		return rc;
	gemm(*out, "qkv", L, 3 * H, H, 1, 1);
	gemm(*out, "scores", L, L, D, NH, 0);
	eltwise(*out, "softmax", BERT_SOFTMAX_OPS * NH * L * L);
	gemm(*out, "context", L, D, L, NH, 0);
	gemm(*out, "proj", L, H, H, 1, 1);
	eltwise(*out, "add_norm1", BERT_LAYERNORM_OPS * L * H);
	gemm(*out, "ffn1", L, F, H, 1, 1);
	eltwise(*out, "gelu", BERT_GELU_OPS * L * F);
	gemm(*out, "ffn2", L, H, F, 1, 1);
	eltwise(*out, "add_norm2", BERT_LAYERNORM_OPS * L * H);
	return DSE_OK;
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
	{ "bert", 0, build_bert },
};

/* The built-in workloads and their arguments, as one static string. */
const char *dse_workload_names(void)
{
	return "lstm, gru, mlp[:W0,W1,...], gemm[:N,K[,ROWS]], bert";
}

/* ---- JSON workloads ---- */

/* obj[key] as a whole number in [lo, DIM_MAX]. */
static int read_dim(const cJSON *obj, const char *key, double lo, int optional,
		    const char *file, const char *where, double *out,
		    struct dse_error *err)
{
	int rc = dse_json_number(obj, key, lo, 0, DIM_MAX, optional, file,
				 where, out, err);

	if (rc == DSE_OK && *out != floor(*out))
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s%s%s: %g is not a whole number", file,
				     where, *where ? "." : "", key, *out);
	return rc;
}

/* Stage i of a file: eltwise, or gemm (m and count default to 1, weights to true). */
static int read_stage(const cJSON *obj, size_t i, const char *file,
		      struct dse_stage *s, struct dse_error *err)
{
	static const char *const gemm_keys[] = { "name", "type", "m", "n", "k",
						 "count", "weights", NULL };
	static const char *const elt_keys[] = { "name", "type", "ops_per_item",
						NULL };
	char where[48];
	const char *type = NULL, *name = NULL;
	const cJSON *w;
	int rc;

	snprintf(where, sizeof where, "stages[%zu]", i);
	if (!cJSON_IsObject(obj))
		return dse_error_set(err, DSE_EINPUT, "%s: %s: expected an object",
				     file, where);
	rc = dse_json_string(obj, "type", 0, file, where, &type, err);
	if (rc == DSE_OK)
		rc = dse_json_string(obj, "name", 1, file, where, &name, err);
	if (rc != DSE_OK)
		return rc;
	snprintf(s->name, sizeof s->name, "%.31s", name ? name : where);
	if (strcmp(type, "eltwise") == 0) {
		s->kind = DSE_STAGE_ELTWISE;
		rc = dse_json_check_keys(obj, elt_keys, 0, file, where, err);
		if (rc == DSE_OK)
			rc = dse_json_number(obj, "ops_per_item", 0, 0, 1e15, 0,
					     file, where, &s->ops_per_item, err);
		return rc;
	}
	if (strcmp(type, "gemm") != 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.type: '%s' is not gemm or eltwise",
				     file, where, type);
	s->kind = DSE_STAGE_GEMM;
	s->m = 1;
	s->count = 1;
	s->weights = 1;
	rc = dse_json_check_keys(obj, gemm_keys, 0, file, where, err);
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
	return DSE_OK;
}

/* A new workload from a parsed file: name, description, repeat, stages. */
static int parse_workload(const cJSON *root, const char *file,
			  struct dse_workload **out, struct dse_error *err)
{
	static const char *const top[] = { "name", "description", "repeat",
					   "stages", NULL };
	const char *name = NULL, *desc = "";
	const cJSON *stages, *item;
	double repeat = 1;
	size_t n, i = 0;
	int rc;

	rc = dse_json_check_keys(root, top, 0, file, "", err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "name", 0, file, "", &name, err);
	if (rc == DSE_OK)
		rc = dse_json_string(root, "description", 1, file, "", &desc,
				     err);
	if (rc == DSE_OK)
		rc = read_dim(root, "repeat", 1, 1, file, "", &repeat, err);
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
	if (n > STAGES_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: stages: more than %d stages", file,
				     STAGES_MAX);
	rc = wl_new(name, desc, repeat, n, out, err);
	if (rc != DSE_OK)
		return rc;
	cJSON_ArrayForEach(item, stages) {
		rc = read_stage(item, i, file, &(*out)->stages[i], err);
		if (rc != DSE_OK)
			break;
		(*out)->nstages = ++i;
	}
	if (rc == DSE_OK)
		rc = finish(*out, file, err);
	if (rc != DSE_OK) {
		dse_workload_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Read and parse the workload file at path. */
int dse_workload_load(const char *path, struct dse_workload **out,
		      struct dse_error *err)
{
	cJSON *root;
	int rc = dse_json_read_file(path, &root, err);

	if (rc != DSE_OK)
		return rc;
	rc = parse_workload(root, path, out, err);
	cJSON_Delete(root);
	return rc;
}

/* A file path, or a built-in looked up by the name before any ':'. */
int dse_workload_get(const char *spec, struct dse_workload **out,
		     struct dse_error *err)
{
	size_t i, len;
	const char *colon;
	int rc;

	if (spec == NULL || *spec == '\0')
		return dse_error_set(err, DSE_EUSAGE, "empty workload name");
	if (strchr(spec, '/') || strstr(spec, ".json"))
		return dse_workload_load(spec, out, err);
	colon = strchr(spec, ':');
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		const struct builtin *b = &builtins[i];

		if (strlen(b->name) != len || strncmp(b->name, spec, len) != 0)
			continue;
		if (colon && !b->takes_args)
			return dse_error_set(err, DSE_EUSAGE,
					     "workload '%s': %s takes no arguments",
					     spec, b->name);
		rc = b->build(spec, colon ? colon + 1 : NULL, out, err);
		if (rc == DSE_OK && (rc = finish(*out, spec, err)) != DSE_OK) {
			dse_workload_free(*out);
			*out = NULL;
		}
		return rc;
	}
	return dse_error_set(err, DSE_EUSAGE,
			     "unknown workload '%s' (built-in: %s; or a .json file)",
			     spec, dse_workload_names());
}
