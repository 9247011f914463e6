/* explore.c - exploration results as JSON, CSV and a terminal summary. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "dse_output.h"

/* A swept range as {spec, count, min, max}; NULL when out of memory. */
static cJSON *range_json(const char *spec, const struct dse_range *r)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj && cJSON_AddStringToObject(obj, "spec", spec) &&
	    cJSON_AddNumberToObject(obj, "count", (double)r->n) &&
	    cJSON_AddNumberToObject(obj, "min", r->n ? r->v[0] : 0) &&
	    cJSON_AddNumberToObject(obj, "max", r->n ? r->v[r->n - 1] : 0))
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

/* The index of p's format in res, or -1 (a design of another result). */
static int format_index(const struct dse_explore_result *res,
			const struct dse_point *p)
{
	const struct dse_format *fmt = p->design.format;

	if (fmt >= res->formats && fmt < res->formats + res->nformats)
		return (int)(fmt - res->formats);
	return -1;
}

/* The next per-format figure row of res from *row on (sqnr, accuracy); 0
   when none is left. */
static int next_figure(const struct dse_explore_result *res, size_t *row)
{
	for (; *row < DSE_OBJECTIVE_ROWS; ++*row)
		if (res->format_rows & (1u << *row))
			return 1;
	return 0;
}

/* A per-format figure as JSON: a number, or null when infinite. */
static cJSON *figure_json(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

/* A design object with its format's per-format figures (sqnr_db, ...). */
static cJSON *design_json(const struct dse_explore_result *res,
			  const struct dse_point *p)
{
	const struct dse_objective *rows;
	cJSON *obj = dse_json_point(p);
	int f = format_index(res, p);
	size_t r, n;

	rows = dse_objectives(&n);
	for (r = 0; obj && f >= 0 && next_figure(res, &r); r++)
		if (!dse_json_put(obj, rows[r].key, figure_json(res->format_value[f][r]))) {
			cJSON_Delete(obj);
			return NULL;
		}
	return obj;
}

/* The study's settings as JSON (explore's dse_study_json). */
cJSON *dse_json_study(const struct dse_study *st)
{
	return dse_study_json(st);
}

/* An array of full design objects. */
static cJSON *points_json(const struct dse_explore_result *res,
			  const struct dse_point *p, size_t n)
{
	cJSON *a = cJSON_CreateArray(), *one;
	size_t i;

	for (i = 0; a && i < n; i++) {
		one = design_json(res, &p[i]);
		if (one == NULL || !cJSON_AddItemToArray(a, one)) {
			cJSON_Delete(one);
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}

/* The constraints with the designs each ruled out (the first it broke). */
static cJSON *constraints_json(const struct dse_explore_result *res,
			       const struct dse_study *st)
{
	const struct dse_objective *rows;
	cJSON *a = cJSON_CreateArray(), *o;
	size_t c, n;
	int ok = a != NULL;

	rows = dse_objectives(&n);
	for (c = 0; ok && c < st->nconstraints; c++) {
		const struct dse_constraint *k = &st->constraints[c];

		ok = (o = cJSON_CreateObject()) != NULL && cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "objective", rows[k->objective].name) &&
		     cJSON_AddStringToObject(o, "bound", k->upper ? "max" : "min") &&
		     cJSON_AddNumberToObject(o, "value", k->bound) &&
		     cJSON_AddStringToObject(o, "unit",
					     dse_objective_unit(st, k->objective)) &&
		     cJSON_AddNumberToObject(o, "ruled_out", res->constrained[c]);
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* Designs in total, feasible, ruled out by each verdict and constraint. */
static cJSON *counts_json(const struct dse_explore_result *res,
			  const struct dse_study *st)
{
	cJSON *obj = cJSON_CreateObject(), *inf = NULL;
	int v, ok;

	ok = obj && cJSON_AddNumberToObject(obj, "total", res->total) &&
	     cJSON_AddNumberToObject(obj, "feasible", res->feasible) &&
	     (inf = cJSON_AddObjectToObject(obj, "infeasible")) != NULL;
	/* the model's verdicts; the explorer's constraints are listed apart */
	for (v = DSE_FEASIBLE + 1; ok && v < DSE_VERDICT_COUNT; v++)
		if (v != DSE_INF_CONSTRAINT)
			ok = cJSON_AddNumberToObject(inf, dse_verdict_name((enum dse_verdict)v),
						     res->infeasible[v]) != NULL;
	ok = ok && dse_json_put(obj, "constraints", constraints_json(res, st));
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* What pruning did: on or off, designs evaluated and skipped. */
static cJSON *pruning_json(const struct dse_explore_result *res)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj && cJSON_AddBoolToObject(obj, "enabled", res->prune) &&
	    cJSON_AddNumberToObject(obj, "evaluated", res->evaluated) &&
	    cJSON_AddNumberToObject(obj, "pruned", res->pruned))
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

/* The best point of a frontier under a bound, or JSON null. */
static cJSON *best_json(const struct dse_explore_result *res,
			const struct dse_frontier *f, double bound)
{
	const struct dse_point *p = dse_frontier_best(f, bound);

	return p ? design_json(res, p) : cJSON_CreateNull();
}

/* Per per-format figure (sqnr, accuracy): unit, direction, what the values
   are, and each format's value. */
static cJSON *figures_json(const struct dse_explore_result *res,
			   const struct dse_study *st)
{
	const struct dse_objective *rows;
	cJSON *obj = cJSON_CreateObject(), *o, *fm;
	size_t r, n, f;
	char origin[1600];
	int ok = obj != NULL;

	rows = dse_objectives(&n);
	for (r = 0; ok && next_figure(res, &r); r++) {
		ok = (o = cJSON_AddObjectToObject(obj, rows[r].name)) != NULL &&
		     cJSON_AddStringToObject(o, "key", rows[r].key) &&
		     cJSON_AddStringToObject(o, "unit", rows[r].unit) &&
		     cJSON_AddStringToObject(o, "direction",
					     dse_objective_up(st, r) ? "max" : "min") &&
		     cJSON_AddStringToObject(o, "origin",
					     rows[r].origin(st, origin, sizeof origin)) &&
		     (fm = cJSON_AddObjectToObject(o, "formats")) != NULL;
		for (f = 0; ok && f < res->nformats; f++)
			ok = dse_json_put(fm, res->formats[f].name,
					  figure_json(res->format_value[f][r]));
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* Per latency bound: best and canonical point per format, the first two's ratio. */
static cJSON *bounds_json(const struct dse_explore_result *res,
			  const struct dse_study *st)
{
	cJSON *a = cJSON_CreateArray(), *b, *best, *canon;
	size_t i, f;
	int ok = a != NULL;

	for (i = 0; ok && i < st->nbounds; i++) {
		double bound = st->bounds_us[i];
		const struct dse_point *base;
		cJSON *ratios;

		ok = (b = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, b) &&
		     cJSON_AddNumberToObject(b, "latency_us", bound) &&
		     (best = cJSON_AddObjectToObject(b, "best")) != NULL &&
		     (canon = cJSON_AddObjectToObject(b, "canonical")) != NULL;
		for (f = 0; ok && f < res->nformats; f++)
			ok = dse_json_put(best, res->formats[f].name,
				 best_json(res, &res->staircase[f], bound)) &&
			     dse_json_put(canon, res->formats[f].name,
				 best_json(res, &res->canonical[f], bound));
		if (!ok || res->nformats < 2)
			continue;
		/* every other format's best over the baseline's */
		base = dse_frontier_best(&res->staircase[res->baseline], bound);
		ok = cJSON_AddStringToObject(b, "baseline",
					     res->formats[res->baseline].name) &&
		     (ratios = cJSON_AddObjectToObject(b, "ratios")) != NULL;
		for (f = 0; ok && f < res->nformats; f++) {
			const struct dse_point *p =
				dse_frontier_best(&res->staircase[f], bound);

			if ((int)f == res->baseline)
				continue;
			ok = dse_json_put(ratios, res->formats[f].name,
				 p && base ? cJSON_CreateNumber(p->result.throughput_tops /
								base->result.throughput_tops) :
					     cJSON_CreateNull());
		}
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* A number, or null when it is not finite. */
static cJSON *number_or_null(double v)
{
	return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

/* Each published figure with dse's value and the ratio dse / published. */
static cJSON *published_json(const struct dse_explore_result *res,
			     const struct dse_study *st)
{
	cJSON *a = cJSON_CreateArray(), *o;
	size_t i;
	int ok = a != NULL;

	for (i = 0; ok && i < st->npublished; i++) {
		const struct dse_published *p = &st->published[i];
		const struct dse_figure *fig = dse_figure_find(p->figure);

		ok = (o = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "figure", p->figure) &&
		     cJSON_AddStringToObject(o, "meaning", fig ? fig->meaning : "") &&
		     cJSON_AddStringToObject(o, "format", p->format) &&
		     cJSON_AddNumberToObject(o, "bound_us", p->bound_us) &&
		     cJSON_AddNumberToObject(o, "value", p->value) &&
		     cJSON_AddStringToObject(o, "unit", p->unit) &&
		     cJSON_AddStringToObject(o, "source", p->source) &&
		     dse_json_put(o, "dse_value", number_or_null(res->published[i])) &&
		     dse_json_put(o, "ratio", number_or_null(res->published[i] / p->value));
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* The sweep's warnings, one string each. */
static cJSON *warnings_json(const struct dse_explore_result *res)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;
	int ok = a != NULL;

	for (i = 0; ok && i < res->nwarnings; i++)
		ok = cJSON_AddItemToArray(a, cJSON_CreateString(res->warnings[i]));
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* A design with its tail capacity: the point's fields, then the search's. */
static cJSON *tail_point_json(const struct dse_tail_best *b)
{
	cJSON *obj = dse_json_point(&b->point);
	const struct dse_serve_capacity *c = &b->capacity;

	if (obj && cJSON_AddNumberToObject(obj, "capacity_rps", c->capacity_rps) &&
	    cJSON_AddNumberToObject(obj, "tail_capacity_rps", c->tail_capacity_rps) &&
	    cJSON_AddNumberToObject(obj, "tail_capacity_tops", c->tail_capacity_tops) &&
	    cJSON_AddNumberToObject(obj, "tail_load", c->tail_load) &&
	    cJSON_AddNumberToObject(obj, "latency_tail_us", c->at.latency_tail_us) &&
	    cJSON_AddNumberToObject(obj, "batch_fill", c->at.batch_fill))
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

/* A winner's training for free: shares, TOp/s, fractions, tails. */
static cJSON *train_json(const struct dse_tail_best *b)
{
	cJSON *o = cJSON_CreateObject();
	const double *rows[] = { b->train_share, b->train_tops,
				 b->train_fraction, b->train_p99_us };
	static const char *const keys[] = { "load_shares", "train_tops",
					    "train_fraction", "latency_tail_us" };
	size_t i, j;
	int ok = o && cJSON_AddNumberToObject(o, "dedicated_train_tops",
					      b->dedicated_train_tops) &&
		 cJSON_AddBoolToObject(o, "blocked", b->train_blocked) &&
		 (!b->train_blocked ||
		  cJSON_AddStringToObject(o, "blocked_reason", b->train_why));

	for (i = 0; ok && i < 4; i++) {
		cJSON *a = cJSON_AddArrayToObject(o, keys[i]);

		ok = a != NULL;
		for (j = 0; ok && j < DSE_TAIL_TRAIN_LOADS; j++)
			ok = cJSON_AddItemToArray(a, cJSON_CreateNumber(rows[i][j]));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The tail pass: settings, then per SLO and format the two bests. */
static cJSON *tail_json(const struct dse_explore_result *res,
			const struct dse_study *st)
{
	cJSON *obj = cJSON_CreateObject(), *a = NULL, *one, *fm;
	size_t i, k;
	int ok = obj && cJSON_AddNumberToObject(obj, "percentile", st->percentile) &&
		 cJSON_AddStringToObject(obj, "arrivals", st->arrivals) &&
		 cJSON_AddStringToObject(obj, "policy", st->policy) &&
		 cJSON_AddNumberToObject(obj, "requests", (double)st->tail_requests) &&
		 cJSON_AddNumberToObject(obj, "wall_time_s", res->tail_wall_s) &&
		 (a = cJSON_AddArrayToObject(obj, "slos")) != NULL;

	for (i = 0; ok && i < res->nslos; i++) {
		ok = (one = cJSON_CreateObject()) != NULL &&
		     cJSON_AddItemToArray(a, one) &&
		     cJSON_AddNumberToObject(one, "slo_us", res->tail[i * res->nformats].slo_us) &&
		     (fm = cJSON_AddObjectToObject(one, "formats")) != NULL;
		for (k = 0; ok && k < res->nformats; k++) {
			const struct dse_tail_best *b = &res->tail[i * res->nformats + k];
			cJSON *e = cJSON_CreateObject();

			ok = e && cJSON_AddItemToObject(fm, res->formats[k].name, e) &&
			     cJSON_AddNumberToObject(e, "candidates", (double)b->candidates) &&
			     cJSON_AddNumberToObject(e, "searched", (double)b->evaluated) &&
			     cJSON_AddNumberToObject(e, "simulated_requests", (double)b->simulated) &&
			     dse_json_put(e, "service", b->service_found ?
				 dse_json_point(&b->service) : cJSON_CreateNull()) &&
			     cJSON_AddNumberToObject(e, "service_tail_capacity_tops",
						     b->service_tail_tops) &&
			     dse_json_put(e, "tail", b->found ? tail_point_json(b) :
				 cJSON_CreateNull()) &&
			     (!st->train || !b->found ||
			      dse_json_put(e, "train", train_json(b)));
		}
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

/* tail.csv: per SLO and format, the tail-best design and its figures. */
int dse_csv_tail(FILE *f, const struct dse_explore_result *res)
{
	size_t i;

	if (fputs("slo_us,tail_capacity_rps,tail_capacity_tops,tail_load,"
		  "service_tops,service_tail_capacity_tops,", f) == EOF ||
	    dse_csv_header(f) != DSE_OK)
		return DSE_EIO;
	for (i = 0; i < res->nslos * res->nformats; i++) {
		const struct dse_tail_best *b = &res->tail[i];
		char v[6][40];

		if (!b->found)
			continue;
		dse_format_double(v[0], sizeof v[0], b->slo_us);
		dse_format_double(v[1], sizeof v[1], b->capacity.tail_capacity_rps);
		dse_format_double(v[2], sizeof v[2], b->capacity.tail_capacity_tops);
		dse_format_double(v[3], sizeof v[3], b->capacity.tail_load);
		dse_format_double(v[4], sizeof v[4], b->service.result.throughput_tops);
		dse_format_double(v[5], sizeof v[5], b->service_tail_tops);
		if (fprintf(f, "%s,%s,%s,%s,%s,%s,", v[0], v[1], v[2], v[3], v[4],
			    v[5]) < 0 || dse_csv_point(f, &b->point) != DSE_OK)
			return DSE_EIO;
	}
	return DSE_OK;
}

/* The objectives of the frontiers: name, unit, output key, direction. */
static cJSON *objectives_json(const struct dse_explore_result *res,
			       const struct dse_study *st)
{
	const struct dse_objective *rows;
	cJSON *a = cJSON_CreateArray(), *o;
	size_t k, n;
	int ok = a != NULL;

	rows = dse_objectives(&n);
	for (k = 0; ok && k < res->nobjectives; k++) {
		const struct dse_objective *r = &rows[res->objectives[k]];

		ok = (o = cJSON_CreateObject()) != NULL && cJSON_AddItemToArray(a, o) &&
		     cJSON_AddStringToObject(o, "name", r->name) &&
		     cJSON_AddStringToObject(o, "unit", r->unit) &&
		     cJSON_AddStringToObject(o, "key", r->key) &&
		     cJSON_AddStringToObject(o, "direction",
					     dse_objective_up(st, res->objectives[k]) ?
						     "max" : "min");
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* What produced a result and what it is of: run info, setting, study. */
cJSON *dse_json_run_head(const struct dse_run_info *info, double wall_s,
			 unsigned threads, const struct dse_model *model,
			 const struct dse_study *st)
{
	cJSON *doc = cJSON_CreateObject(), *argv;
	int i, ok;

	ok = doc && cJSON_AddStringToObject(doc, "dse_version", info->version) &&
	     (info->datadir ? cJSON_AddStringToObject(doc, "datadir", info->datadir) :
			      cJSON_AddNullToObject(doc, "datadir")) &&
	     (argv = cJSON_AddArrayToObject(doc, "command_line")) != NULL;
	for (i = 0; ok && i < info->argc; i++)
		ok = cJSON_AddItemToArray(argv, cJSON_CreateString(info->argv[i]));
	ok = ok && cJSON_AddNumberToObject(doc, "wall_time_s", wall_s) &&
	     cJSON_AddNumberToObject(doc, "threads", threads) &&
	     dse_json_put(doc, "technology", dse_json_tech(model->tech)) &&
	     dse_json_put(doc, "workload", dse_json_workload(model->wl)) &&
	     dse_json_put(doc, "budget", dse_json_budget(&model->budget)) &&
	     dse_json_put(doc, "study", dse_json_study(st));
	if (!ok) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* The whole document: run, inputs, ranges, counts, frontiers and bounds. */
cJSON *dse_json_explore(const struct dse_explore_result *res,
			const struct dse_study *st,
			const struct dse_model *model,
			const struct dse_run_info *info)
{
	cJSON *doc = dse_json_run_head(info, res->wall_s, res->threads, model, st);
	cJSON *ranges, *front, *canon;
	size_t f;
	int ok;

	ok = doc && (ranges = cJSON_AddObjectToObject(doc, "ranges")) != NULL &&
	     dse_json_put(ranges, "rows", range_json(st->rows.text, &res->rows)) &&
	     dse_json_put(ranges, "cols", range_json(st->cols.text, &res->cols)) &&
	     dse_json_put(ranges, "k_split", range_json(st->ksplit.text, &res->ksplit)) &&
	     dse_json_put(ranges, "batch", range_json(st->batch.text, &res->batch)) &&
	     dse_json_put(ranges, "freq_ghz", range_json(st->freq.range.text,
						&res->freq_ghz)) &&
	     dse_json_put(ranges, "sram_mb", range_json(st->sram_mb.text, &res->sram_mb)) &&
	     dse_json_put(doc, "counts", counts_json(res, st)) &&
	     dse_json_put(doc, "pruning", pruning_json(res)) &&
	     dse_json_put(doc, "objectives", objectives_json(res, st)) &&
	     (front = cJSON_AddObjectToObject(doc, "frontier")) != NULL;
	for (f = 0; ok && f < res->nformats; f++)
		ok = dse_json_put(front, res->formats[f].name,
			 points_json(res, res->frontier[f].p, res->frontier[f].n));
	ok = ok && dse_json_put(front, "all", points_json(res, res->all.p, res->all.n));
	if (ok && res->ndataflows > 1) { /* per dataflow, over formats */
		cJSON *df = cJSON_AddObjectToObject(doc, "frontier_dataflow");

		ok = df != NULL;
		for (f = 0; ok && f < res->ndataflows; f++)
			ok = dse_json_put(df, dse_dataflow_name(res->dataflows[f]),
				 points_json(res, res->by_dataflow[f].p,
					     res->by_dataflow[f].n));
	}
	if (ok && res->own_staircase) { /* the bounds' (latency, throughput) */
		cJSON *sc = cJSON_AddObjectToObject(doc, "staircase");

		ok = sc != NULL;
		for (f = 0; ok && f < res->nformats; f++)
			ok = dse_json_put(sc, res->formats[f].name,
				 points_json(res, res->staircase[f].p,
					     res->staircase[f].n));
	}
	ok = ok && (canon = cJSON_AddObjectToObject(doc, "canonical")) != NULL;
	for (f = 0; ok && f < res->nformats; f++)
		ok = dse_json_put(canon, res->formats[f].name,
			 points_json(res, res->canonical[f].p, res->canonical[f].n));
	if (ok && res->format_rows)
		ok = dse_json_put(doc, "accuracy", figures_json(res, st));
	ok = ok && dse_json_put(doc, "bounds", bounds_json(res, st)) &&
	     dse_json_put(doc, "published", published_json(res, st)) &&
	     dse_json_put(doc, "warnings", warnings_json(res));
	if (ok && res->nslos > 0)
		ok = dse_json_put(doc, "tail", tail_json(res, st));
	if (!ok) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* Each format's frontier, then the combined one, as CSV rows named by frontier. */
int dse_csv_frontier(FILE *f, const struct dse_explore_result *res)
{
	size_t i, k;

	const struct dse_objective *rows;
	size_t r, n;

	rows = dse_objectives(&n);
	if (fputs("frontier,", f) == EOF)
		return DSE_EIO;
	for (r = 0; next_figure(res, &r); r++)
		if (fprintf(f, "%s,", rows[r].key) < 0)
			return DSE_EIO;
	if (dse_csv_header(f) != DSE_OK)
		return DSE_EIO;
	for (k = 0; k <= res->nformats; k++) {
		const struct dse_frontier *fr = k < res->nformats ?
			&res->frontier[k] : &res->all;
		const char *name = k < res->nformats ? res->formats[k].name : "all";

		for (i = 0; i < fr->n; i++) {
			int fi = format_index(res, &fr->p[i]);

			if (dse_csv_string(f, name) != DSE_OK || fputc(',', f) == EOF)
				return DSE_EIO;
			for (r = 0; next_figure(res, &r); r++) {
				char v[40];

				double x = fi < 0 ? NAN : res->format_value[fi][r];

				if (isinf(x))
					snprintf(v, sizeof v, "%sinf", x < 0 ? "-" : "");
				else
					dse_format_double(v, sizeof v, x);
				if (fprintf(f, "%s,", v) < 0)
					return DSE_EIO;
			}
			if (dse_csv_point(f, &fr->p[i]) != DSE_OK)
				return DSE_EIO;
		}
	}
	return DSE_OK;
}

/* The point sample as CSV, one row per design. */
int dse_csv_sample(FILE *f, const struct dse_explore_result *res)
{
	size_t i;

	if (fputs("format,dataflow,rows,cols,k_split,batch,freq_ghz,latency_us,"
		  "throughput_tops,energy_per_item_uj,sram_mb\n", f) == EOF)
		return DSE_EIO;
	for (i = 0; i < res->nsample; i++) {
		const struct dse_sample *s = &res->sample[i];
		char fr[40], lat[40], thr[40], en[40], sram[40];

		dse_format_double(fr, sizeof fr, s->freq_ghz);
		dse_format_double(lat, sizeof lat, s->latency_us);
		dse_format_double(thr, sizeof thr, s->throughput_tops);
		dse_format_double(en, sizeof en, s->energy_per_item_uj);
		dse_format_double(sram, sizeof sram, s->sram_mb);
		if (dse_csv_string(f, res->formats[s->format].name) != DSE_OK ||
		    fputc(',', f) == EOF ||
		    dse_csv_string(f, dse_dataflow_name((enum dse_dataflow)s->dataflow)) != DSE_OK ||
		    fprintf(f, ",%u,%u,%u,%u,%s,%s,%s,%s,%s\n", s->rows, s->cols,
			    s->ksplit, s->batch, fr, lat, thr, en, sram) < 0)
			return DSE_EIO;
	}
	return DSE_OK;
}

/* A name as the terminal may show it: control characters escaped. */
#define SHOWN(name, buf) dse_text_escape((name), (buf), sizeof (buf))

/* At most max_rows points, spread evenly along a frontier, as a table. */
static void frontier_rows(FILE *f, const struct dse_frontier *fr,
			  size_t max_rows, int with_format)
{
	size_t shown = fr->n < max_rows ? fr->n : max_rows, i, idx, last = (size_t)-1;
	char name[128];

	if (with_format)
		fprintf(f, "  %-11s", "format");
	fprintf(f, "  %10s %10s %2s %5s %5s %3s %5s %8s %6s %6s %6s %7s %8s %8s %9s %8s %8s %8s\n",
		"latency_us", "TOp/s", "df", "rows", "cols", "k", "batch",
		"freq_GHz", "volt_V", "arrays", "groups", "SRAM_MB", "DRAM_MB",
		"TOp/s/W", "uJ/item", "area_mm2", "power_W", "binding");
	for (i = 0; i < shown; i++) {
		const struct dse_point *p;

		idx = shown > 1 ? i * (fr->n - 1) / (shown - 1) : 0;
		if (idx == last)
			continue;
		last = idx;
		p = &fr->p[idx];
		if (with_format)
			fprintf(f, "  %-11s", SHOWN(p->design.format->name, name));
		fprintf(f, "  %10.4g %10.4g %2s %5u %5u %3u %5.0f %8.4g %6.4g %6.0f %6.0f %7.4g %8.4g %8.4g %9.4g %8.4g %8.4g %8s\n",
			p->result.latency_us, p->result.throughput_tops,
			dse_dataflow_name(p->design.dataflow),
			p->design.rows, p->design.cols, p->design.ksplit,
			p->result.batch, p->result.freq_ghz, p->result.voltage_v,
			p->result.arrays, p->result.groups, p->result.sram_mb,
			p->result.dram_bits / DSE_BITS_PER_MB,
			p->result.tops_per_w, p->result.energy_per_item_uj,
			p->result.area_mm2, p->result.peak_power_w,
			dse_binding_name(p->result.binding));
	}
	if (shown < fr->n)
		fprintf(f, "  (%zu of %zu designs shown; all in frontier.csv)\n",
			shown, fr->n);
}

/* "sqnr_dB", "accuracy": a per-format figure's column head. */
static const char *figure_head(const struct dse_objective *o, char *buf,
			       size_t len)
{
	snprintf(buf, len, "%s%s%s", o->name, o->unit[0] ? "_" : "", o->unit);
	return buf;
}

/* Under the bounds table: each format's per-format figures (sqnr,
   accuracy) in its column, and what they are. */
static void figure_rows(FILE *f, const struct dse_explore_result *res,
			const struct dse_study *st)
{
	const struct dse_objective *rows;
	char head[64], origin[1600], shown[3200];
	size_t r, n, k;

	rows = dse_objectives(&n);
	for (r = 0; next_figure(res, &r); r++) {
		fprintf(f, "  %10s", figure_head(&rows[r], head, sizeof head));
		for (k = 0; k < res->nformats; k++)
			fprintf(f, " %12.4g", res->format_value[k][r]);
		fputc('\n', f);
	}
	for (r = 0; next_figure(res, &r); r++)
		fprintf(f, "  (%s: %s)\n", figure_head(&rows[r], head, sizeof head),
			SHOWN(rows[r].origin(st, origin, sizeof origin), shown));
}

/* Best throughput per format under each latency bound, and the first two's ratio. */
static void bounds_table(FILE *f, const struct dse_explore_result *res,
			 const struct dse_study *st)
{
	char a[128], b[128];
	size_t i, k;

	const size_t base = (size_t)res->baseline;

	fprintf(f, "\nBest throughput under a latency bound (TOp/s)\n  %10s", "bound_us");
	for (k = 0; k < res->nformats; k++)
		fprintf(f, " %12s", SHOWN(res->formats[k].name, a));
	/* every other format over the baseline */
	for (k = 0; res->nformats >= 2 && k < res->nformats; k++)
		if (k != base)
			fprintf(f, "   %s/%s", SHOWN(res->formats[k].name, a),
				SHOWN(res->formats[base].name, b));
	fputc('\n', f);
	for (i = 0; i < st->nbounds; i++) {
		const struct dse_point *pb, *p;

		fprintf(f, "  %10g", st->bounds_us[i]);
		for (k = 0; k < res->nformats; k++) {
			p = dse_frontier_best(&res->staircase[k], st->bounds_us[i]);
			if (p)
				fprintf(f, " %12.4g", p->result.throughput_tops);
			else
				fprintf(f, " %12s", "-");
		}
		pb = res->nformats >= 2 ?
			     dse_frontier_best(&res->staircase[base], st->bounds_us[i]) :
			     NULL;
		for (k = 0; res->nformats >= 2 && k < res->nformats; k++) {
			/* columns as wide as their heads, the last unpadded */
			const size_t last = base + 1 == res->nformats ?
						    res->nformats - 2 :
						    res->nformats - 1;
			int w = k == last ? 0 :
				(int)(strlen(res->formats[k].name) +
				      strlen(res->formats[base].name) + 1);

			if (k == base)
				continue;
			p = dse_frontier_best(&res->staircase[k], st->bounds_us[i]);
			if (p && pb)
				fprintf(f, "   %-*.3g", w, p->result.throughput_tops /
							    pb->result.throughput_tops);
			else
				fprintf(f, "   %-*s", w, "-");
		}
		fputc('\n', f);
	}
	figure_rows(f, res, st);
}

/* The design that wins each bound, per format: its shape and clock. */
static void winners_table(FILE *f, const struct dse_explore_result *res,
			  const struct dse_study *st)
{
	const struct dse_objective *rows;
	char name[128], head[64];
	size_t i, k, r, n;

	rows = dse_objectives(&n);
	fprintf(f, "\nDesigns that win each bound\n  %8s %-11s %2s %5s %5s %3s %5s %8s %7s %10s %10s",
		"bound_us", "format", "df", "rows", "cols", "k", "batch",
		"freq_GHz", "SRAM_MB", "latency_us", "TOp/s");
	for (r = 0; next_figure(res, &r); r++)
		fprintf(f, " %9s", figure_head(&rows[r], head, sizeof head));
	fputc('\n', f);
	for (i = 0; i < st->nbounds; i++)
		for (k = 0; k < res->nformats; k++) {
			const struct dse_point *p =
				dse_frontier_best(&res->staircase[k], st->bounds_us[i]);

			if (p == NULL)
				continue;
			fprintf(f, "  %8g %-11s %2s %5u %5u %3u %5.0f %8.4g %7.4g %10.4g %10.4g",
				st->bounds_us[i], SHOWN(res->formats[k].name, name),
				dse_dataflow_name(p->design.dataflow),
				p->design.rows, p->design.cols, p->design.ksplit,
				p->result.batch, p->result.freq_ghz,
				p->result.sram_mb, p->result.latency_us,
				p->result.throughput_tops);
			for (r = 0; next_figure(res, &r); r++)
				fprintf(f, " %9.4g", res->format_value[k][r]);
			fputc('\n', f);
		}
}

/* "latency down, throughput up, ...": the frontier's objectives. */
static const char *objectives_text(const struct dse_explore_result *res,
				   const struct dse_study *st, char *buf,
				   size_t len)
{
	const struct dse_objective *rows;
	size_t k, n, used = 0;

	rows = dse_objectives(&n);
	buf[0] = '\0';
	for (k = 0; k < res->nobjectives && used < len; k++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s %s",
					 k ? ", " : "",
					 rows[res->objectives[k]].name,
					 dse_objective_up(st, res->objectives[k]) ?
						 "up" : "down");
	return buf;
}

/* One row of the canonical table: the canonical design meeting `bound`
   (its batch chosen for best throughput) against the frontier's best. */
static void canonical_row(FILE *f, const char *format,
			  const struct dse_frontier *canon,
			  const struct dse_frontier *front, double bound)
{
	const struct dse_point *c = dse_frontier_best(canon, bound), *best;
	char label[32], name[128];

	if (bound == INFINITY)
		snprintf(label, sizeof label, "none");
	else
		snprintf(label, sizeof label, "%g", bound);
	if (c == NULL) { /* no batch meets the bound: the frontier alone */
		best = dse_frontier_best(front, bound);
		fprintf(f, "  %-12s %9s %6s %10s %10s ", SHOWN(format, name),
			label, "-", "-", "-");
		if (best)
			fprintf(f, "%10.4g %7s\n", best->result.throughput_tops, "-");
		else
			fprintf(f, "%10s %7s\n", "-", "-");
		return;
	}
	/* the frontier at the canonical design's own latency */
	best = dse_frontier_best(front, c->result.latency_us);
	fprintf(f, "  %-12s %9s %6.0f %10.4g %10.4g ", SHOWN(format, name), label,
		c->result.batch, c->result.latency_us, c->result.throughput_tops);
	if (best)
		fprintf(f, "%10.4g %6.3gx\n", best->result.throughput_tops,
			best->result.throughput_tops / c->result.throughput_tops);
	else
		fprintf(f, "%10s %7s\n", "-", "-");
}

/* Each frontier's gain over the canonical ws 128 x 128 design, per bound. */
static void canonical_table(FILE *f, const struct dse_explore_result *res,
			    const struct dse_study *st,
			    const struct dse_model *model)
{
	char name[128];
	size_t k, i;

	fprintf(f, "\nGain over the canonical design (ws, 128 x 128, %g GHz, k-split 1, overlapped\n"
		   "folds, accumulators; batch and SRAM for best throughput within each bound;\n"
		   "frontier taken at the canonical latency)\n",
		model->tech->f_nom_ghz);
	fprintf(f, "  %-12s %9s %6s %10s %10s %10s %7s\n", "format", "bound_us",
		"batch", "latency_us", "canon_TOps", "front_TOps", "gain");
	for (k = 0; k < res->nformats; k++) {
		if (res->canonical[k].n == 0) {
			fprintf(f, "  %-12s the canonical design is infeasible under this budget\n",
				SHOWN(res->formats[k].name, name));
			continue;
		}
		for (i = 0; i < st->nbounds; i++)
			canonical_row(f, res->formats[k].name, &res->canonical[k],
				      &res->frontier[k], st->bounds_us[i]);
		canonical_row(f, res->formats[k].name, &res->canonical[k],
			      &res->frontier[k], INFINITY);
	}
}

/* The study's published figures beside dse's, with the ratio. */
static void published_table(FILE *f, const struct dse_explore_result *res,
			    const struct dse_study *st)
{
	size_t i;

	if (st->npublished == 0)
		return;
	fprintf(f, "\nPublished figures beside dse's\n");
	fprintf(f, "  %-27s %-10s %8s %10s %10s %9s  %s\n", "figure", "format",
		"bound_us", "published", "dse", "dse/pub", "source");
	for (i = 0; i < st->npublished; i++) {
		const struct dse_published *p = &st->published[i];
		char dse[32], ratio[32], fmt[128], unit[64], src[1024];

		if (isfinite(res->published[i])) {
			snprintf(dse, sizeof dse, "%.4g", res->published[i]);
			snprintf(ratio, sizeof ratio, "%.3g",
				 res->published[i] / p->value);
		} else {
			snprintf(dse, sizeof dse, "-");
			snprintf(ratio, sizeof ratio, "-");
		}
		fprintf(f, "  %-27s %-10s %8g %7.4g %-2s %10s %9s  %s\n",
			p->figure, SHOWN(p->format, fmt), p->bound_us, p->value,
			SHOWN(p->unit, unit), dse, ratio, SHOWN(p->source, src));
	}
}

/* A TOp/s figure of the tail table, or "-". */
static void put_tops(FILE *f, int found, double v)
{
	if (found)
		fprintf(f, " %9.4g", v);
	else
		fprintf(f, " %9s", "-");
}

/* Per SLO: service-time best and tail best per format, side by side. */
static void tail_table(FILE *f, const struct dse_explore_result *res,
		       const struct dse_study *st)
{
	const size_t nf = res->nformats;
	char n[32], arr[256], ratio[2 * sizeof res->formats[0].name];
	size_t i, k;

	fprintf(f, "\nBest throughput under a latency SLO (TOp/s): service time (batch latency\n"
		   "S(b) <= L) against tail (p%g latency <= L under %s arrivals, %s batching;\n"
		   "%s requests per simulation, %.1f s)\n  %8s",
		st->percentile, SHOWN(st->arrivals, arr), st->policy,
		dse_format_count((double)st->tail_requests, n, sizeof n),
		res->tail_wall_s, "slo_us");
	for (k = 0; k < nf; k++)
		fprintf(f, " %19.19s", res->formats[k].name);
	if (nf >= 2) {
		/* named as the bounds table names it: which over which */
		snprintf(ratio, sizeof ratio, "%s/%s",
			 res->formats[res->baseline == 0].name,
			 res->formats[res->baseline].name);
		fprintf(f, " %19.19s", SHOWN(ratio, arr));
	}
	fprintf(f, "\n  %8s", "");
	for (k = 0; k < nf + (nf >= 2); k++)
		fprintf(f, " %9s %9s", "service", "tail");
	fputc('\n', f);
	for (i = 0; i < res->nslos; i++) {
		const struct dse_tail_best *b = &res->tail[i * nf];

		fprintf(f, "  %8g", b->slo_us);
		for (k = 0; k < nf; k++) {
			put_tops(f, b[k].service_found,
				 b[k].service.result.throughput_tops);
			put_tops(f, b[k].found, b[k].capacity.tail_capacity_tops);
		}
		if (nf >= 2) {
			/* the first other format over the baseline */
			const struct dse_tail_best *y = &b[res->baseline];
			const struct dse_tail_best *x = &b[res->baseline == 0];
			int sv = x->service_found && y->service_found;
			int tl = x->found && y->found;

			put_tops(f, sv, sv ? x->service.result.throughput_tops /
					     y->service.result.throughput_tops : 0);
			put_tops(f, tl, tl ? x->capacity.tail_capacity_tops /
					     y->capacity.tail_capacity_tops : 0);
		}
		fputc('\n', f);
	}
	fprintf(f, "\nDesigns with the highest tail capacity (tail_load = tail capacity / C;\n"
		   "service_tail: the tail capacity of the service-time best design, TOp/s)\n");
	fprintf(f, "  %-12s %7s %5s %5s %3s %6s %8s %9s %9s %12s %9s %12s %10s\n",
		"format", "slo_us", "rows", "cols", "k", "batch", "freq_GHz",
		"S(b)_us", "tail_TOps", "tail_rps", "tail_load",
		"service_tail", "searched");
	for (i = 0; i < res->nslos; i++)
		for (k = 0; k < nf; k++) {
			const struct dse_tail_best *b = &res->tail[i * nf + k];
			const struct dse_point *p = &b->point;
			char rps[32];

			if (!b->found) {
				fprintf(f, "  %-12s %7g  no design meets it (%zu candidates)\n",
					res->formats[k].name, b->slo_us,
					b->candidates);
				continue;
			}
			fprintf(f, "  %-12s %7g %5u %5u %3u %6.0f %8.4g %9.4g %9.4g %12s %9.3g %12.4g %4zu/%-5zu\n",
				res->formats[k].name, b->slo_us, p->design.rows,
				p->design.cols, p->design.ksplit, p->result.batch,
				p->result.freq_ghz, p->result.latency_us,
				b->capacity.tail_capacity_tops,
				dse_format_count(b->capacity.tail_capacity_rps,
						 rps, sizeof rps),
				b->capacity.tail_load, b->service_tail_tops,
				b->evaluated, b->candidates);
		}
}

/* Training for free: each SLO's winner training at shares of its capacity. */
static void train_table(FILE *f, const struct dse_explore_result *res)
{
	const size_t nf = res->nformats;
	size_t i, k, j;

	fprintf(f, "\nTraining for free under each latency SLO (SERVING.md 15): the design with\n"
		   "the highest tail capacity trains its workload in the idle cycles at 25, 50\n"
		   "and 75 %% of that capacity (TOp/s; %% of its dedicated training rate)\n");
	fprintf(f, "  %-12s %7s %9s %10s", "format", "slo_us", "tail_TOps",
		"dedicated");
	for (j = 0; j < DSE_TAIL_TRAIN_LOADS; j++)
		fprintf(f, "   at %2.0f%%: %5s %6s", 100 * res->tail[0].train_share[j],
			"TOp/s", "share");
	fputc('\n', f);
	for (i = 0; i < res->nslos; i++)
		for (k = 0; k < nf; k++) {
			const struct dse_tail_best *b = &res->tail[i * nf + k];

			fprintf(f, "  %-12s %7g", res->formats[k].name, b->slo_us);
			if (!b->found) {
				fputs("  no design meets it\n", f);
				continue;
			}
			fprintf(f, " %9.4g", b->capacity.tail_capacity_tops);
			if (b->train_blocked && b->dedicated_train_tops <= 0) {
				fprintf(f, "  cannot train: %s\n", b->train_why);
				continue;
			}
			fprintf(f, " %10.4g", b->dedicated_train_tops);
			for (j = 0; j < DSE_TAIL_TRAIN_LOADS; j++)
				fprintf(f, "   %11.4g %5.1f%%", b->train_tops[j],
					100 * b->train_fraction[j]);
			if (b->train_blocked)
				fprintf(f, "  (%s)", b->train_why);
			fputc('\n', f);
		}
}

/* Terminal summary: counts, frontiers, the bounds table and the canonical gains. */
int dse_text_explore(FILE *f, const struct dse_explore_result *res,
		     const struct dse_study *st, const struct dse_model *model,
		     size_t max_rows)
{
	const struct dse_objective *rows;
	char a[128], b[128], c[512], d[128];
	size_t k, n;
	int v;

	rows = dse_objectives(&n);
	fprintf(f, "dse explore: %s, %s, budget %g mm2, %g W, %s MB SRAM\n",
		SHOWN(model->tech->name, a), SHOWN(model->wl->name, b),
		model->budget.area_mm2, model->budget.power_w,
		SHOWN(st->sram_mb.text, c));
	fprintf(f, "%s designs, %s feasible (%.2f s, %u thread%s; %s evaluated, %s pruned%s); ruled out:",
		dse_format_count(res->total, a, sizeof a),
		dse_format_count(res->feasible, b, sizeof b), res->wall_s, res->threads,
		res->threads == 1 ? "" : "s",
		dse_format_count(res->evaluated, c, sizeof c),
		dse_format_count(res->pruned, d, sizeof d),
		res->prune ? "" : ", pruning off");
	for (v = DSE_FEASIBLE + 1; v < DSE_VERDICT_COUNT; v++)
		if (v != DSE_INF_CONSTRAINT)
			fprintf(f, " %s %s", dse_verdict_name((enum dse_verdict)v),
				dse_format_count(res->infeasible[v], a, sizeof a));
	fputc('\n', f);
	for (k = 0; k < st->nconstraints; k++) {
		const struct dse_constraint *ct = &st->constraints[k];

		fprintf(f, "%s %s %s %g %s: %s ruled out\n",
			k ? "           " : "constraints:", rows[ct->objective].name,
			ct->upper ? "<=" : ">=", ct->bound,
			SHOWN(dse_objective_unit(st, ct->objective), c),
			dse_format_count(res->constrained[k], a, sizeof a));
	}
	for (k = 0; k < res->nformats; k++) {
		fprintf(f, "\nPareto frontier, %s (%zu designs; %s)\n",
			SHOWN(res->formats[k].name, a), res->frontier[k].n,
			objectives_text(res, st, c, sizeof c));
		frontier_rows(f, &res->frontier[k], max_rows, 0);
	}
	for (k = 0; res->ndataflows > 1 && k < res->ndataflows; k++) {
		fprintf(f, "\nPareto frontier, dataflow %s over the formats (%zu designs; %s)\n",
			dse_dataflow_name(res->dataflows[k]), res->by_dataflow[k].n,
			objectives_text(res, st, c, sizeof c));
		frontier_rows(f, &res->by_dataflow[k], max_rows, 1);
	}
	bounds_table(f, res, st);
	winners_table(f, res, st);
	canonical_table(f, res, st, model);
	published_table(f, res, st);
	if (res->nslos > 0)
		tail_table(f, res, st);
	if (res->nslos > 0 && st->train)
		train_table(f, res);
	return ferror(f) ? DSE_EIO : DSE_OK;
}
