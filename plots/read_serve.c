/* read_serve.c - a serving folder (serve.json) as its figures need it. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "plot_impl.h"

/* Most runs and policies of one serve.json (dse serve: 8 policies). */
#define SERVE_RUNS_MAX 100000
#define SERVE_POLICIES_MAX 8
/* The highest load a run may have (dse serve --loads: 10). */
#define SERVE_LOAD_MAX 1e3

/* Release what plot_serve_read allocated and zero s. */
void plot_serve_free(struct plot_serve *s)
{
	size_t i;

	for (i = 0; s->policy && i < s->npolicy; i++)
		free(s->policy[i]);
	free(s->policy);
	free(s->run);
	free(s->design);
	memset(s, 0, sizeof *s);
}

/* obj[key] as a latency a log axis can take. */
static int latency(const cJSON *obj, const char *key, const char *file,
		   const char *where, double *out, struct dse_error *err)
{
	return dse_json_number(obj, key, PLOT_LOG_MIN, 0, PLOT_LOG_MAX, 0, file,
			       where, out, err);
}

/* The index of the run's policy, a new one appended when first seen. */
static int policy_of(struct plot_serve *s, const char *name, const char *file,
		     const char *where, size_t *out, struct dse_error *err)
{
	char shown[100];
	size_t i;

	for (i = 0; i < s->npolicy; i++)
		if (strcmp(s->policy[i], name) == 0) {
			*out = i;
			return DSE_OK;
		}
	if (name[0] == '\0' || strlen(name) > PLOT_NAME_MAX ||
	    s->npolicy == SERVE_POLICIES_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.policy: '%s' empty, longer than %d bytes or one policy more than %d",
				     file, where,
				     dse_text_escape(name, shown, sizeof shown),
				     PLOT_NAME_MAX, SERVE_POLICIES_MAX);
	if ((s->policy[s->npolicy] = strdup(name)) == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	*out = s->npolicy++;
	return DSE_OK;
}

/* cdf_us of a run: DSE_SERVE_CDF_POINTS latencies, non-decreasing. */
static int read_cdf(const cJSON *run, const char *file, const char *where,
		    struct plot_serve_run *r, struct dse_error *err)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(run, "cdf_us"), *v;
	size_t i = 0;

	if (a == NULL)
		return DSE_OK;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != DSE_SERVE_CDF_POINTS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.cdf_us: expected an array of %d latencies",
				     file, where, DSE_SERVE_CDF_POINTS);
	cJSON_ArrayForEach(v, a) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
		    v->valuedouble < PLOT_LOG_MIN || v->valuedouble > PLOT_LOG_MAX ||
		    (i > 0 && v->valuedouble < r->cdf_us[i - 1]))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: %s.cdf_us[%zu]: not a latency in [%g, %g] at least the one before",
					     file, where, i, PLOT_LOG_MIN, PLOT_LOG_MAX);
		r->cdf_us[i++] = v->valuedouble;
	}
	r->has_cdf = 1;
	return DSE_OK;
}

/* One run of serve.json's runs into r. */
static int read_run(struct plot_serve *s, const cJSON *run, const char *file,
		    const char *where, struct plot_serve_run *r,
		    struct dse_error *err)
{
	const char *pol = NULL;
	int rc = cJSON_IsObject(run) ? DSE_OK :
		 dse_error_set(err, DSE_EINPUT, "%s: %s: expected an object",
			       file, where);

	if (rc == DSE_OK)
		rc = dse_json_string(run, "policy", 0, file, where, &pol, err);
	if (rc == DSE_OK)
		rc = policy_of(s, pol, file, where, &r->policy, err);
	if (rc == DSE_OK)
		rc = dse_json_number(run, "load", 0, 1, SERVE_LOAD_MAX, 0, file,
				     where, &r->load, err);
	if (rc == DSE_OK)
		rc = latency(run, "latency_p50_us", file, where, &r->p50_us, err);
	if (rc == DSE_OK)
		rc = latency(run, "latency_p99_us", file, where, &r->p99_us, err);
	if (rc == DSE_OK)
		rc = latency(run, "latency_p999_us", file, where, &r->p999_us, err);
	if (rc == DSE_OK)
		rc = latency(run, "latency_tail_us", file, where, &r->tail_us, err);
	if (rc == DSE_OK)
		rc = read_cdf(run, file, where, r, err);
	if (rc == DSE_OK && cJSON_GetObjectItemCaseSensitive(run, "train_tops")) {
		rc = dse_json_number(run, "train_tops", 0, 0, PLOT_LOG_MAX, 0, file,
				     where, &r->train_tops, err);
		if (rc == DSE_OK)
			rc = dse_json_number(run, "throughput_tops", 0, 0,
					     PLOT_LOG_MAX, 0, file, where,
					     &r->infer_tops, err);
		if (rc == DSE_OK)
			rc = dse_json_number(run, "dedicated_train_tops", 0, 0,
					     PLOT_LOG_MAX, 1, file, where,
					     &r->dedicated_tops, err);
		r->has_train = rc == DSE_OK;
	}
	return rc;
}

/* The first run's SLO and percentile, the design's name for the title. */
static int read_head(const cJSON *doc, const cJSON *first, const char *file,
		     struct plot_serve *s, struct dse_error *err)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(doc, "design");
	const cJSON *slo = cJSON_GetObjectItemCaseSensitive(first, "slo_us");
	const char *fmt = "", *df = "";
	double rows = 0, cols = 0;
	char text[200], f1[100];
	int rc = dse_json_string(d, "format", 0, file, "design", &fmt, err);

	if (rc == DSE_OK)
		rc = dse_json_string(d, "dataflow", 0, file, "design", &df, err);
	if (rc == DSE_OK)
		rc = dse_json_number(d, "rows", 1, 0, PLOT_SHAPE_MAX, 0, file,
				     "design", &rows, err);
	if (rc == DSE_OK)
		rc = dse_json_number(d, "cols", 1, 0, PLOT_SHAPE_MAX, 0, file,
				     "design", &cols, err);
	if (rc == DSE_OK && slo && !cJSON_IsNull(slo))
		rc = latency(first, "slo_us", file, "runs[0]", &s->slo_us, err);
	if (rc == DSE_OK)
		rc = dse_json_number(first, "percentile", 0, 1, 100, 0, file,
				     "runs[0]", &s->percentile, err);
	if (rc != DSE_OK)
		return rc;
	snprintf(text, sizeof text, "%s %s %g×%g",
		 plot_label(fmt, f1, sizeof f1), df, rows, cols);
	if ((s->design = strdup(text)) == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	return DSE_OK;
}

/* The runs: policy by policy, each policy's loads ascending. */
static int read_runs(const cJSON *doc, const char *file, struct plot_serve *s,
		     struct dse_error *err)
{
	const cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs"), *run;
	char where[64];
	size_t n, i = 0;
	int rc;

	if (!cJSON_IsArray(runs) || (n = (size_t)cJSON_GetArraySize(runs)) == 0 ||
	    n > SERVE_RUNS_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: runs: expected an array of 1 to %d runs",
				     file, SERVE_RUNS_MAX);
	s->run = calloc(n, sizeof *s->run);
	s->policy = calloc(SERVE_POLICIES_MAX, sizeof *s->policy);
	if (s->run == NULL || s->policy == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	rc = read_head(doc, runs->child, file, s, err);
	cJSON_ArrayForEach(run, runs) {
		struct plot_serve_run *r = &s->run[i];

		snprintf(where, sizeof where, "runs[%zu]", i);
		if (rc == DSE_OK)
			rc = read_run(s, run, file, where, r, err);
		if (rc == DSE_OK && i > 0 && r->policy == r[-1].policy &&
		    r->load <= r[-1].load)
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s.load: not above the run before",
					   file, where);
		if (rc == DSE_OK && i > 0 && r->policy < r[-1].policy)
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s.policy: runs not grouped by policy",
					   file, where);
		if (rc != DSE_OK)
			return rc;
		s->nruns = ++i;
	}
	return DSE_OK;
}

/* serve.json of dir, when there is one. */
int plot_serve_read(const char *dir, struct plot_input *in,
		    struct dse_error *err)
{
	char *file = NULL;
	cJSON *doc = NULL;
	int rc = plot_read_optional(dir, "serve.json", &file, &doc, err);

	if (rc != DSE_OK || doc == NULL) {
		free(file);
		return rc;
	}
	if (!in->has_frontier) /* explore's title comes first */
		rc = plot_read_setting(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_runs(doc, file, &in->serve, err);
	in->has_serve = rc == DSE_OK;
	cJSON_Delete(doc);
	free(file);
	return rc;
}
