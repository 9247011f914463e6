/* read_sensitivity.c - a sensitivity folder (sensitivity.json) as its figures need it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "plot_impl.h"

/* Most of each list one sensitivity.json may hold (dse sensitivity: 48
   grid points, at most 64 parameters, 100000 samples). */
#define SENS_GRID_MAX 10000
#define SENS_BARS_MAX 1024
#define SENS_SAMPLES_MAX 100000
#define SENS_FIGURES_MAX 4096

/* Release what plot_sens_read allocated and zero s. */
void plot_sens_free(struct plot_sens *s)
{
	size_t i;

	for (i = 0; s->format && i < s->nformats; i++)
		free(s->format[i]);
	for (i = 0; s->bar && i < s->nbars; i++)
		free(s->bar[i].key);
	for (i = 0; s->ratio_name && i < s->nratios; i++)
		free(s->ratio_name[i]);
	free(s->format);
	free(s->grid_us);
	free(s->band);
	free(s->tornado);
	free(s->bar);
	free(s->ratio_name);
	free(s->bound_us);
	free(s->ratio);
	free(s->ratio_at_values);
	memset(s, 0, sizeof *s);
}

/* v as a figure or parameter value: null (NaN), or a number in [0, max]. */
static int value_of(const cJSON *v, const char *file, const char *where,
		    double *out, struct dse_error *err)
{
	if (cJSON_IsNull(v)) {
		*out = NAN;
		return DSE_OK;
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) ||
	    v->valuedouble < 0 || v->valuedouble > PLOT_LOG_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: expected null or a number in [0, %g]",
				     file, where, PLOT_LOG_MAX);
	*out = v->valuedouble;
	return DSE_OK;
}

/* obj[key] as value_of; a missing key is an error. */
static int value_key(const cJSON *obj, const char *key, const char *file,
		     const char *where, double *out, struct dse_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char w[160];

	snprintf(w, sizeof w, "%s.%s", where, key);
	if (v == NULL)
		return dse_error_set(err, DSE_EINPUT, "%s: %s: missing key", file, w);
	return value_of(v, file, w, out, err);
}

/* An array of exactly n values (value_of) into out, stride apart. */
static int read_values(const cJSON *a, size_t n, const char *file,
		       const char *where, double *out, size_t stride,
		       struct dse_error *err)
{
	const cJSON *v;
	size_t i = 0;
	int rc = DSE_OK;

	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s: expected an array of %zu values",
				     file, where, n);
	cJSON_ArrayForEach(v, a) {
		char w[200];

		snprintf(w, sizeof w, "%.160s[%zu]", where, i);
		if ((rc = value_of(v, file, w, &out[i++ * stride], err)) != DSE_OK)
			break;
	}
	return rc;
}

/* A copy of name, a string of 1..PLOT_NAME_MAX bytes. */
static int name_of(const cJSON *obj, const char *key, const char *file,
		   const char *where, char **out, struct dse_error *err)
{
	const char *s = NULL;
	char shown[100];
	int rc = dse_json_string(obj, key, 0, file, where, &s, err);

	if (rc != DSE_OK)
		return rc;
	if (*s == '\0' || strlen(s) > PLOT_NAME_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %s.%s: '%s' empty or longer than %d bytes",
				     file, where, key,
				     dse_text_escape(s, shown, sizeof shown),
				     PLOT_NAME_MAX);
	*out = strdup(s);
	return *out ? DSE_OK :
	       dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
}

/* "frontier_band": the latency grid, then per format its four curves. */
static int read_band(const cJSON *doc, const char *file, struct plot_sens *s,
		     struct dse_error *err)
{
	static const char *const curves[] = { "at_values", "p5", "median", "p95" };
	const cJSON *band = cJSON_GetObjectItemCaseSensitive(doc, "frontier_band");
	const cJSON *grid = cJSON_GetObjectItemCaseSensitive(band, "latency_us");
	const cJSON *fm = cJSON_GetObjectItemCaseSensitive(band, "formats"), *one, *v;
	size_t g = 0, k, j;
	int rc = DSE_OK;

	if (!cJSON_IsArray(grid) || cJSON_GetArraySize(grid) < 2 ||
	    cJSON_GetArraySize(grid) > SENS_GRID_MAX || !cJSON_IsObject(fm) ||
	    cJSON_GetArraySize(fm) < 1 ||
	    cJSON_GetArraySize(fm) > DSE_STUDY_MAX_FORMATS)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: frontier_band: expected latency_us (2..%d latencies) and formats (1..%d)",
				     file, SENS_GRID_MAX, DSE_STUDY_MAX_FORMATS);
	s->ngrid = (size_t)cJSON_GetArraySize(grid);
	s->nformats = (size_t)cJSON_GetArraySize(fm);
	s->grid_us = calloc(s->ngrid, sizeof *s->grid_us);
	s->band = calloc(4 * s->ngrid * s->nformats, sizeof *s->band);
	s->format = calloc(s->nformats, sizeof *s->format);
	if (!s->grid_us || !s->band || !s->format)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(v, grid) {
		if (!cJSON_IsNumber(v) || !(v->valuedouble >= PLOT_LOG_MIN) ||
		    v->valuedouble > PLOT_LOG_MAX ||
		    (g > 0 && v->valuedouble <= s->grid_us[g - 1]))
			return dse_error_set(err, DSE_EINPUT,
					     "%s: frontier_band.latency_us[%zu]: not a latency in [%g, %g] above the one before",
					     file, g, PLOT_LOG_MIN, PLOT_LOG_MAX);
		s->grid_us[g++] = v->valuedouble;
	}
	k = 0;
	cJSON_ArrayForEach(one, fm) {
		char where[160];

		if (strlen(one->string) == 0 || strlen(one->string) > PLOT_NAME_MAX)
			return dse_error_set(err, DSE_EINPUT,
					     "%s: frontier_band.formats: a name empty or longer than %d bytes",
					     file, PLOT_NAME_MAX);
		if ((s->format[k] = strdup(one->string)) == NULL)
			return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
		for (j = 0; rc == DSE_OK && j < 4; j++) {
			snprintf(where, sizeof where, "frontier_band.formats.%.64s.%s",
				 one->string, curves[j]);
			rc = read_values(cJSON_GetObjectItemCaseSensitive(one, curves[j]),
					 s->ngrid, file, where,
					 s->band + 4 * k * s->ngrid + j, 4, err);
		}
		k++;
		if (rc != DSE_OK)
			return rc;
	}
	return DSE_OK;
}

/* "tornado": its figure, the value there, a bar per parameter. */
static int read_tornado(const cJSON *doc, const char *file,
			struct plot_sens *s, struct dse_error *err)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(doc, "tornado");
	const cJSON *bars = cJSON_GetObjectItemCaseSensitive(t, "bars"), *b;
	size_t i = 0;
	int rc = name_of(t, "figure", file, "tornado", &s->tornado, err);

	if (rc == DSE_OK)
		rc = value_key(t, "at_values", file, "tornado",
			       &s->tornado_at_values, err);
	if (rc == DSE_OK && (!cJSON_IsArray(bars) ||
			     cJSON_GetArraySize(bars) > SENS_BARS_MAX))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: tornado.bars: expected an array of at most %d bars",
				   file, SENS_BARS_MAX);
	if (rc != DSE_OK)
		return rc;
	s->tornado_ratio = strncmp(s->tornado, "ratio:", 6) == 0;
	s->nbars = (size_t)cJSON_GetArraySize(bars);
	s->bar = calloc(s->nbars + 1, sizeof *s->bar);
	if (s->bar == NULL)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	cJSON_ArrayForEach(b, bars) {
		struct plot_sens_bar *bar = &s->bar[i];
		char where[64];

		snprintf(where, sizeof where, "tornado.bars[%zu]", i++);
		rc = name_of(b, "key", file, where, &bar->key, err);
		if (rc == DSE_OK)
			rc = value_key(b, "lo", file, where, &bar->lo, err);
		if (rc == DSE_OK)
			rc = value_key(b, "hi", file, where, &bar->hi, err);
		if (rc == DSE_OK)
			rc = value_key(b, "at_lo", file, where, &bar->at_lo, err);
		if (rc == DSE_OK)
			rc = value_key(b, "at_hi", file, where, &bar->at_hi, err);
		if (rc == DSE_OK && !(bar->lo <= bar->hi))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s: lo above hi, or not given", file,
					   where);
		if (rc != DSE_OK)
			return rc;
	}
	return DSE_OK;
}

/* The index of x in v (n of them), appended when new; SIZE_MAX when full. */
static size_t index_of(double *v, size_t *n, size_t cap, double x)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (v[i] == x)
			return i;
	if (*n == cap)
		return (size_t)-1;
	v[*n] = x;
	return (*n)++;
}

/* The ratio figures: one series per format over the baseline, per bound;
   what each sample says of them. */
static int read_ratios(const cJSON *doc, const char *file, struct plot_sens *s,
		       struct dse_error *err)
{
	const cJSON *figs = cJSON_GetObjectItemCaseSensitive(doc, "figures");
	const cJSON *samples = cJSON_GetObjectItemCaseSensitive(doc, "samples");
	const cJSON *f, *sm;
	const char **names = NULL; /* [r * nbounds + b]: borrowed from doc */
	size_t i = 0, n, r, b, k;
	int rc = DSE_OK;

	if (!cJSON_IsArray(figs) || cJSON_GetArraySize(figs) > SENS_FIGURES_MAX ||
	    !cJSON_IsArray(samples) || cJSON_GetArraySize(samples) < 1 ||
	    cJSON_GetArraySize(samples) > SENS_SAMPLES_MAX)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: figures, samples: expected at most %d figures and 1..%d samples",
				     file, SENS_FIGURES_MAX, SENS_SAMPLES_MAX);
	n = (size_t)cJSON_GetArraySize(figs);
	s->nsamples = (size_t)cJSON_GetArraySize(samples);
	s->ratio_name = calloc(n + 1, sizeof *s->ratio_name);
	s->bound_us = calloc(n + 1, sizeof *s->bound_us);
	if (!s->ratio_name || !s->bound_us)
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	/* first pass: the series and bounds of the ratio figures */
	cJSON_ArrayForEach(f, figs) {
		const char *kind = NULL, *fmt = NULL, *base = NULL;
		char where[64], pair[2 * PLOT_NAME_MAX + 2];
		double bound = 0;

		snprintf(where, sizeof where, "figures[%zu]", i++);
		rc = dse_json_string(f, "kind", 0, file, where, &kind, err);
		if (rc != DSE_OK)
			return rc;
		if (strcmp(kind, "ratio") != 0)
			continue;
		rc = dse_json_string(f, "format", 0, file, where, &fmt, err);
		if (rc == DSE_OK)
			rc = dse_json_string(f, "baseline", 0, file, where, &base, err);
		if (rc == DSE_OK)
			rc = dse_json_number(f, "bound_us", PLOT_LOG_MIN, 0,
					     PLOT_LOG_MAX, 0, file, where, &bound, err);
		if (rc == DSE_OK && (strlen(fmt) == 0 || strlen(base) == 0 ||
				     strlen(fmt) > PLOT_NAME_MAX ||
				     strlen(base) > PLOT_NAME_MAX))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: %s: format or baseline empty or longer than %d bytes",
					   file, where, PLOT_NAME_MAX);
		if (rc != DSE_OK)
			return rc;
		snprintf(pair, sizeof pair, "%s/%s", fmt, base);
		for (r = 0; r < s->nratios && strcmp(s->ratio_name[r], pair) != 0; r++)
			;
		if (r == s->nratios &&
		    (s->ratio_name[s->nratios++] = strdup(pair)) == NULL)
			return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
		index_of(s->bound_us, &s->nbounds, n, bound);
	}
	if (s->nratios == 0)
		return DSE_OK;
	s->ratio = malloc(s->nratios * s->nbounds * s->nsamples * sizeof *s->ratio);
	s->ratio_at_values = malloc(s->nratios * s->nbounds * sizeof *s->ratio_at_values);
	names = calloc(s->nratios * s->nbounds, sizeof *names);
	if (s->ratio == NULL || s->ratio_at_values == NULL || names == NULL) {
		free(names);
		return dse_error_set(err, DSE_ENOMEM, "%s: out of memory", file);
	}
	for (k = 0; k < s->nratios * s->nbounds * s->nsamples; k++)
		s->ratio[k] = NAN;
	for (k = 0; k < s->nratios * s->nbounds; k++)
		s->ratio_at_values[k] = NAN;
	/* second pass: each ratio figure's name and value at the values */
	i = 0;
	cJSON_ArrayForEach(f, figs) {
		const char *kind = NULL, *fmt = NULL, *base = NULL, *name = NULL;
		char where[64], pair[2 * PLOT_NAME_MAX + 2];
		double bound = 0;

		snprintf(where, sizeof where, "figures[%zu]", i++);
		dse_json_string(f, "kind", 0, file, where, &kind, NULL);
		if (strcmp(kind, "ratio") != 0)
			continue;
		dse_json_string(f, "format", 0, file, where, &fmt, NULL);
		dse_json_string(f, "baseline", 0, file, where, &base, NULL);
		dse_json_number(f, "bound_us", PLOT_LOG_MIN, 0, PLOT_LOG_MAX, 0,
				file, where, &bound, NULL);
		snprintf(pair, sizeof pair, "%s/%s", fmt, base);
		for (r = 0; strcmp(s->ratio_name[r], pair) != 0; r++)
			;
		b = index_of(s->bound_us, &s->nbounds, s->nbounds, bound);
		rc = dse_json_string(f, "name", 0, file, where, &name, err);
		if (rc == DSE_OK)
			rc = value_key(f, "at_values", file, where,
				       &s->ratio_at_values[r * s->nbounds + b], err);
		if (rc != DSE_OK)
			break;
		names[r * s->nbounds + b] = name;
	}
	/* the samples: each ratio figure's value, null when undefined */
	k = 0;
	cJSON_ArrayForEach(sm, samples) {
		const cJSON *fv = cJSON_GetObjectItemCaseSensitive(sm, "figures");

		if (rc == DSE_OK && !cJSON_IsObject(fv))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: samples[%zu].figures: expected an object",
					   file, k);
		for (r = 0; rc == DSE_OK && r < s->nratios * s->nbounds; r++) {
			const cJSON *v;
			char where[200];

			if (names[r] == NULL)
				continue;
			v = cJSON_GetObjectItemCaseSensitive(fv, names[r]);
			snprintf(where, sizeof where, "samples[%zu].figures.%.100s",
				 k, names[r]);
			rc = v == NULL ? dse_error_set(err, DSE_EINPUT,
						       "%s: %s: missing key", file,
						       where) :
			     value_of(v, file, where, &s->ratio[r * s->nsamples + k],
				      err);
		}
		k++;
	}
	free(names);
	return rc;
}

/* sensitivity.json of dir into in->sens and the title fields; DSE_OK
   with has_sens 0 when there is none. */
int plot_sens_read(const char *dir, struct plot_input *in,
		   struct dse_error *err)
{
	char *file = NULL;
	cJSON *doc = NULL;
	int rc = plot_read_optional(dir, "sensitivity.json", &file, &doc, err);

	if (rc != DSE_OK || doc == NULL) {
		free(file);
		return rc;
	}
	if (!in->has_frontier && !in->has_serve)
		rc = plot_read_setting(doc, file, in, err);
	if (rc == DSE_OK)
		rc = read_band(doc, file, &in->sens, err);
	if (rc == DSE_OK)
		rc = read_tornado(doc, file, &in->sens, err);
	if (rc == DSE_OK)
		rc = read_ratios(doc, file, &in->sens, err);
	in->has_sens = rc == DSE_OK;
	cJSON_Delete(doc);
	free(file);
	return rc;
}
