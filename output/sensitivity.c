/* sensitivity.c - a sensitivity run as JSON, CSV and a terminal summary. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* Put item in obj under key: 1, or 0 (item freed) when NULL or not added. */
static int add(cJSON *obj, const char *key, cJSON *item)
{
	if (item == NULL)
		return 0;
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

/* A number, or null when it is not finite (JSON has no NaN or infinity). */
static cJSON *number(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

/* obj[key] = number(v). */
static int add_number(cJSON *obj, const char *key, double v)
{
	return add(obj, key, number(v));
}

/* An array of n numbers stride apart. */
static cJSON *numbers(const double *v, size_t n, size_t stride)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (!cJSON_AddItemToArray(a, number(v[i * stride]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

/* The uncertain parameters: key, value, range, distribution, its source. */
static cJSON *params_json(const struct dse_sens_result *r)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t p;
	int ok = a != NULL;

	for (p = 0; ok && p < r->nparams; p++) {
		const struct dse_sens_param *sp = &r->params[p];
		double range[2] = { sp->lo, sp->hi };

		ok = (o = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "key", sp->key) &&
		     add_number(o, "value", sp->value) &&
		     add(o, "range", numbers(range, 2, 1)) &&
		     cJSON_AddStringToObject(o, "distribution", sp->dist->name) &&
		     cJSON_AddStringToObject(o, "range_source", sp->source) &&
		     cJSON_AddBoolToObject(o, "whole", sp->whole);
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* One figure: what it is, its value at the values, band, correlations,
   and its values with each parameter at each end of its range. */
static cJSON *figure_json(const struct dse_sens_result *r, size_t f)
{
	const struct dse_sens_figure *fg = &r->figures[f];
	const struct dse_sens_stats *s = &r->stats[f];
	cJSON *o = cJSON_CreateObject(), *rho = NULL, *oat = NULL;
	size_t p;
	int ok;

	ok = o && cJSON_AddStringToObject(o, "name", fg->name) &&
	     cJSON_AddStringToObject(o, "kind", fg->kind) &&
	     cJSON_AddStringToObject(o, "unit", fg->unit) &&
	     cJSON_AddStringToObject(o, "format", r->formats[fg->format]) &&
	     (strcmp(fg->kind, "ratio") != 0 ||
	      cJSON_AddStringToObject(o, "baseline", r->formats[fg->baseline])) &&
	     add_number(o, strcmp(fg->kind, "tail") == 0 ? "slo_us" : "bound_us",
			fg->bound_us) &&
	     add_number(o, "at_values", r->base[f]) &&
	     add_number(o, "samples", (double)s->n) &&
	     add_number(o, "infinite", (double)s->infinite) &&
	     add_number(o, "median", s->median) &&
	     add_number(o, "p5", s->p5) && add_number(o, "p95", s->p95) &&
	     (rho = cJSON_AddObjectToObject(o, "rank_correlation")) != NULL &&
	     (oat = cJSON_AddObjectToObject(o, "one_at_a_time")) != NULL;
	for (p = 0; ok && p < r->nparams; p++) {
		double ends[2] = { r->oat_lo[p * r->nfigures + f],
				   r->oat_hi[p * r->nfigures + f] };

		ok = add_number(rho, r->params[p].key, r->rho[f * r->nparams + p]) &&
		     add(oat, r->params[p].key, numbers(ends, 2, 1));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The tornado: its figure, then a bar per parameter, largest swing first. */
static cJSON *tornado_json(const struct dse_sens_result *r)
{
	cJSON *o = cJSON_CreateObject(), *bars = NULL, *b;
	size_t i;
	int ok = o && cJSON_AddStringToObject(o, "figure",
					      r->figures[r->tornado].name) &&
		 add_number(o, "at_values", r->base[r->tornado]) &&
		 (bars = cJSON_AddArrayToObject(o, "bars")) != NULL;

	for (i = 0; ok && i < r->nparams; i++) {
		const struct dse_sens_bar *bar = &r->bars[i];
		const struct dse_sens_param *p = &r->params[bar->param];

		ok = (b = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(bars, b) &&
		     cJSON_AddStringToObject(b, "key", p->key) &&
		     add_number(b, "lo", p->lo) && add_number(b, "hi", p->hi) &&
		     add_number(b, "at_lo", bar->at_lo) &&
		     add_number(b, "at_hi", bar->at_hi) &&
		     add_number(b, "swing", bar->swing);
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The frontier band: the grid, then per format its best throughput at
   the values and the 5 %, median and 95 % over the samples. */
static cJSON *band_json(const struct dse_sens_result *r)
{
	cJSON *o = cJSON_CreateObject(), *fm = NULL, *one;
	size_t k, g = r->ngrid;
	int ok = o && add(o, "latency_us", numbers(r->grid_us, g, 1)) &&
		 cJSON_AddStringToObject(o, "unit", "TOp/s") &&
		 (fm = cJSON_AddObjectToObject(o, "formats")) != NULL;

	for (k = 0; ok && k < r->nformats; k++)
		ok = (one = cJSON_AddObjectToObject(fm, r->formats[k])) != NULL &&
		     add(one, "at_values", numbers(r->grid_base + k * g, g, 1)) &&
		     add(one, "p5", numbers(r->band + 3 * k * g, g, 3)) &&
		     add(one, "median", numbers(r->band + 3 * k * g + 1, g, 3)) &&
		     add(one, "p95", numbers(r->band + 3 * k * g + 2, g, 3));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Every sample: its Latin hypercube point, parameter values and figures. */
static cJSON *samples_json(const struct dse_sens_result *r)
{
	cJSON *a = cJSON_CreateArray(), *o, *pv, *fv;
	size_t s, p, f;
	int ok = a != NULL;

	for (s = 0; ok && s < r->nsamples; s++) {
		ok = (o = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, o) &&
		     cJSON_AddNumberToObject(o, "sample", (double)s) &&
		     add(o, "lhs", numbers(r->q + s * r->nparams, r->nparams, 1)) &&
		     (pv = cJSON_AddObjectToObject(o, "parameters")) != NULL &&
		     (fv = cJSON_AddObjectToObject(o, "figures")) != NULL;
		for (p = 0; ok && p < r->nparams; p++)
			ok = add_number(pv, r->params[p].key,
					r->x[s * r->nparams + p]);
		for (f = 0; ok && f < r->nfigures; f++)
			ok = add_number(fv, r->figures[f].name,
					r->y[s * r->nfigures + f]);
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* The distinct explorer warnings of the samples with their counts. */
static cJSON *warnings_json(const struct dse_sens_result *r)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;
	int ok = a != NULL;

	for (i = 0; ok && i < r->nwarnings; i++)
		ok = (o = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "warning", r->warnings[i].text) &&
		     add_number(o, "samples", (double)r->warnings[i].samples);
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* sensitivity.json: run, setting, method, parameters, figures, tornado,
   frontier band, every sample. */
cJSON *dse_json_sensitivity(const struct dse_sens_result *res,
			    const struct dse_sens_config *cfg,
			    const struct dse_study *st,
			    const struct dse_model *model,
			    const struct dse_run_info *info)
{
	cJSON *doc = dse_json_run_head(info, res->wall_s, res->threads, model, st);
	cJSON *m, *figs;
	char seed[32];
	size_t f;
	int ok;

	snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg->seed);
	ok = doc && (m = cJSON_AddObjectToObject(doc, "method")) != NULL &&
	     cJSON_AddStringToObject(m, "sampling", "latin hypercube") &&
	     add_number(m, "samples", (double)res->nsamples) &&
	     cJSON_AddStringToObject(m, "seed", seed) &&
	     add_number(m, "sweeps", (double)res->sweeps) &&
	     add_number(m, "infeasible_samples", (double)res->infeasible) &&
	     add_number(m, "samples_with_warnings", (double)res->warned) &&
	     add(m, "warnings", warnings_json(res)) &&
	     add(doc, "parameters", params_json(res)) &&
	     (figs = cJSON_AddArrayToObject(doc, "figures")) != NULL;
	for (f = 0; ok && f < res->nfigures; f++) {
		cJSON *one = figure_json(res, f);

		ok = one && cJSON_AddItemToArray(figs, one);
		if (one && !ok)
			cJSON_Delete(one);
	}
	ok = ok && add(doc, "tornado", tornado_json(res)) &&
	     add(doc, "frontier_band", band_json(res)) &&
	     add(doc, "samples", samples_json(res));
	if (!ok) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* A figure value as CSV: shortest exact digits, "inf", or empty for none. */
static int csv_number(FILE *f, double v)
{
	char buf[40];

	if (isnan(v))
		return DSE_OK;
	if (isinf(v))
		return fputs(v > 0 ? "inf" : "-inf", f) == EOF ? DSE_EIO : DSE_OK;
	dse_format_double(buf, sizeof buf, v);
	return fputs(buf, f) == EOF ? DSE_EIO : DSE_OK;
}

/* One CSV row: run, sample, parameter, then parameter values and figures. */
static int csv_row(FILE *f, const struct dse_sens_result *r, const char *run,
		   long sample, const char *param, const double *x,
		   const double *y)
{
	size_t p, k;
	int rc = fputs(run, f) == EOF || fputc(',', f) == EOF ? DSE_EIO : DSE_OK;

	if (rc == DSE_OK && sample >= 0 && fprintf(f, "%ld", sample) < 0)
		rc = DSE_EIO;
	if (rc == DSE_OK && fputc(',', f) == EOF)
		rc = DSE_EIO;
	if (rc == DSE_OK && param)
		rc = dse_csv_string(f, param);
	for (p = 0; rc == DSE_OK && p < r->nparams; p++)
		rc = fputc(',', f) == EOF ? DSE_EIO : csv_number(f, x[p]);
	for (k = 0; rc == DSE_OK && k < r->nfigures; k++)
		rc = fputc(',', f) == EOF ? DSE_EIO : csv_number(f, y[k]);
	if (rc == DSE_OK && fputc('\n', f) == EOF)
		rc = DSE_EIO;
	return rc;
}

/* sensitivity.csv: a header; the run at the values; every sample; every
   parameter at its low and high end. */
int dse_csv_sensitivity(FILE *f, const struct dse_sens_result *r)
{
	double x[64];
	size_t p, k, end;
	int rc = fputs("run,sample,parameter", f) == EOF ? DSE_EIO : DSE_OK;

	for (p = 0; rc == DSE_OK && p < r->nparams; p++)
		rc = fputc(',', f) == EOF ? DSE_EIO : dse_csv_string(f, r->params[p].key);
	for (k = 0; rc == DSE_OK && k < r->nfigures; k++)
		rc = fputc(',', f) == EOF ? DSE_EIO :
		     dse_csv_string(f, r->figures[k].name);
	if (rc == DSE_OK && fputc('\n', f) == EOF)
		rc = DSE_EIO;
	for (p = 0; p < r->nparams && p < 64; p++)
		x[p] = r->params[p].value;
	if (rc == DSE_OK)
		rc = csv_row(f, r, "values", -1, NULL, x, r->base);
	for (k = 0; rc == DSE_OK && k < r->nsamples; k++)
		rc = csv_row(f, r, "sample", (long)k, NULL,
			     r->x + k * r->nparams, r->y + k * r->nfigures);
	for (p = 0; rc == DSE_OK && p < r->nparams; p++)
		for (end = 0; rc == DSE_OK && end < 2; end++) {
			size_t j;

			for (j = 0; j < r->nparams && j < 64; j++)
				x[j] = r->params[j].value;
			x[p] = end ? r->params[p].hi : r->params[p].lo;
			rc = csv_row(f, r, end ? "high" : "low", -1,
				     r->params[p].key, x,
				     (end ? r->oat_hi : r->oat_lo) + p * r->nfigures);
		}
	return rc;
}

/* ---- the terminal summary ---- */

/* A name as the terminal may show it: control characters escaped. */
#define SHOWN(name, buf) dse_text_escape((name), (buf), sizeof (buf))

/* v in 4 significant digits into buf, "-" for none (0 TOp/s or NaN). */
static const char *value_text(double v, int ratio, char *buf, size_t len)
{
	if (isnan(v) || (!ratio && v == 0))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, "%.4g", v);
	return buf;
}

/* "median [p5, p95]" of a figure, or "-" when it is none throughout. */
static const char *band_text(const struct dse_sens_result *r, size_t f,
			     char *buf, size_t len)
{
	const struct dse_sens_stats *s = &r->stats[f];
	int ratio = strcmp(r->figures[f].kind, "ratio") == 0;
	char a[32], b[32], c[32];

	if (s->n == 0 || (!ratio && s->p95 == 0)) {
		snprintf(buf, len, "-");
		return buf;
	}
	snprintf(buf, len, "%s [%s, %s]", value_text(s->median, ratio, a, sizeof a),
		 value_text(s->p5, ratio, b, sizeof b),
		 value_text(s->p95, ratio, c, sizeof c));
	return buf;
}

/* The figure of kind at bound i for format k (and baseline), or -1. */
static long figure_at(const struct dse_sens_result *r, const char *kind,
		      size_t bound, size_t k)
{
	size_t f;

	for (f = 0; f < r->nfigures; f++)
		if (strcmp(r->figures[f].kind, kind) == 0 &&
		    r->figures[f].bound == bound && r->figures[f].format == k)
			return (long)f;
	return -1;
}

/* The bounds table with bands: per bound (or SLO), each format's figure
   of kind and, for tops, the ratios, "median [5 %, 95 %]" over the samples. */
static void bounds_table(FILE *f, const struct dse_sens_result *r,
			 const char *kind, size_t nbounds, const double *bounds,
			 const char *title)
{
	int tops = strcmp(kind, "tops") == 0;
	char a[128], b[128], head[280], cell[96];
	size_t i, k;
	long fi;

	fprintf(f, "\n%s (TOp/s): median [5 %%, 95 %%] of %zu samples\n  %10s",
		title, r->nsamples, tops ? "bound_us" : "slo_us");
	for (k = 0; k < r->nformats; k++)
		fprintf(f, " %26s", SHOWN(r->formats[k], a));
	for (k = 0; tops && k < r->nformats; k++)
		if ((fi = figure_at(r, "ratio", 0, k)) >= 0) {
			snprintf(head, sizeof head, "%s/%s", SHOWN(r->formats[k], a),
				 SHOWN(r->formats[r->figures[fi].baseline], b));
			fprintf(f, " %26s", head);
		}
	fputc('\n', f);
	for (i = 0; i < nbounds; i++) {
		fprintf(f, "  %10g", bounds[i]);
		for (k = 0; k < r->nformats; k++) {
			fi = figure_at(r, kind, i, k);
			fprintf(f, " %26s", fi < 0 ? "-" :
				band_text(r, (size_t)fi, cell, sizeof cell));
		}
		for (k = 0; tops && k < r->nformats; k++)
			if ((fi = figure_at(r, "ratio", i, k)) >= 0)
				fprintf(f, " %26s",
					band_text(r, (size_t)fi, cell, sizeof cell));
		fputc('\n', f);
	}
}

/* The two parameters with the largest |rho| for figure fi, as text. */
static const char *drivers(const struct dse_sens_result *r, size_t fi,
			   char *buf, size_t len)
{
	size_t p, best[2] = { (size_t)-1, (size_t)-1 }, k, used = 0;

	for (p = 0; p < r->nparams; p++) {
		double v = fabs(r->rho[fi * r->nparams + p]);

		if (isnan(v))
			continue;
		if (best[0] == (size_t)-1 ||
		    v > fabs(r->rho[fi * r->nparams + best[0]])) {
			best[1] = best[0];
			best[0] = p;
		} else if (best[1] == (size_t)-1 ||
			   v > fabs(r->rho[fi * r->nparams + best[1]])) {
			best[1] = p;
		}
	}
	buf[0] = '\0';
	for (k = 0; k < 2 && best[k] != (size_t)-1 && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s %+.2f",
					 k ? ", " : "", r->params[best[k]].key,
					 r->rho[fi * r->nparams + best[k]]);
	return buf[0] ? buf : "-";
}

/* Every figure: at the values, band, and the parameters it moves with. */
static void figures_table(FILE *f, const struct dse_sens_result *r)
{
	char a[128], v[32], m[32], lo[32], hi[32], d[160];
	size_t i;

	fprintf(f, "\nEvery figure: at the technology's values, median and 5-95 %% band,\n"
		   "and the two parameters of largest rank correlation (Spearman rho)\n"
		   "  %-34s %9s %9s %9s %9s %5s  %s\n", "figure", "values",
		"median", "5 %", "95 %", "n", "drivers");
	for (i = 0; i < r->nfigures; i++) {
		const struct dse_sens_stats *s = &r->stats[i];
		int ratio = strcmp(r->figures[i].kind, "ratio") == 0;

		fprintf(f, "  %-34s %9s %9s %9s %9s %5zu  %s\n",
			SHOWN(r->figures[i].name, a),
			value_text(r->base[i], ratio, v, sizeof v),
			value_text(s->median, ratio, m, sizeof m),
			value_text(s->p5, ratio, lo, sizeof lo),
			value_text(s->p95, ratio, hi, sizeof hi), s->n,
			drivers(r, i, d, sizeof d));
	}
}

/* The tornado of the chosen figure: each parameter at its range ends. */
static void tornado_table(FILE *f, const struct dse_sens_result *r)
{
	const struct dse_sens_figure *fg = &r->figures[r->tornado];
	int ratio = strcmp(fg->kind, "ratio") == 0;
	char a[128], b[32], lo[32], hi[32], sw[32];
	size_t i;

	fprintf(f, "\nTornado of %s (%s) = %s at the values: each parameter at the\n"
		   "ends of its range, the others at their values, largest swing first\n"
		   "  %-24s %10s %10s %10s %10s %10s\n",
		SHOWN(fg->name, a), fg->unit,
		value_text(r->base[r->tornado], ratio, b, sizeof b), "parameter",
		"low", "high", "at low", "at high", "swing");
	for (i = 0; i < r->nparams; i++) {
		const struct dse_sens_bar *bar = &r->bars[i];
		const struct dse_sens_param *p = &r->params[bar->param];

		fprintf(f, "  %-24s %10.4g %10.4g %10s %10s %10s\n", p->key, p->lo,
			p->hi, value_text(bar->at_lo, ratio, lo, sizeof lo),
			value_text(bar->at_hi, ratio, hi, sizeof hi),
			isnan(bar->swing) ? "-" :
			(snprintf(sw, sizeof sw, "%.4g", bar->swing), sw));
	}
}

/* The summary: what ran, the bounds table with bands, the tail table,
   every figure with its drivers, the tornado. */
int dse_text_sensitivity(FILE *f, const struct dse_sens_result *res,
			 const struct dse_sens_config *cfg,
			 const struct dse_study *st,
			 const struct dse_model *model)
{
	char a[128], b[128], w[DSE_ERROR_MAX];
	size_t i;

	fprintf(f, "Sensitivity of %s, %s, budget %g mm2, %g W, %g MB SRAM:\n"
		   "%zu Latin hypercube samples (seed %llu) of %zu uncertain parameters;\n"
		   "%zu exact sweeps in %.1f s on %u thread%s",
		SHOWN(model->tech->name, a), SHOWN(model->wl->name, b),
		model->budget.area_mm2, model->budget.power_w,
		model->budget.sram_mb, res->nsamples,
		(unsigned long long)cfg->seed, res->nparams, res->sweeps,
		res->wall_s, res->threads, res->threads == 1 ? "" : "s");
	if (res->infeasible)
		fprintf(f, "; %zu samples without a feasible design", res->infeasible);
	fputc('\n', f);
	if (res->warned)
		fprintf(f, "%zu samples drew explorer warnings%s", res->warned,
			res->nwarnings ? ", most often:\n" : "\n");
	for (i = 0; i < res->nwarnings && i < 3; i++)
		fprintf(f, "  (%zu sample%s) %s\n", res->warnings[i].samples,
			res->warnings[i].samples == 1 ? "" : "s",
			SHOWN(res->warnings[i].text, w));
	bounds_table(f, res, "tops", st->nbounds, st->bounds_us,
		     "Best throughput under a latency bound");
	if (st->nslos > 0)
		bounds_table(f, res, "tail", st->nslos, st->slos_us,
			     "Highest tail capacity under an SLO");
	figures_table(f, res);
	tornado_table(f, res);
	return ferror(f) ? DSE_EIO : DSE_OK;
}
