/* review.c - a finished sweep against references: warnings, published figures. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore_impl.h"

/* Append one formatted line to res->warnings unless it is there already. */
static int warn(struct dse_explore_result *res, struct dse_error *err,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Append one formatted line to res->warnings unless it is there already. */
static int warn(struct dse_explore_result *res, struct dse_error *err,
		const char *fmt, ...)
{
	char line[512], **grown;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (i = 0; i < res->nwarnings; i++)
		if (strcmp(res->warnings[i], line) == 0)
			return DSE_OK;
	grown = realloc(res->warnings, (res->nwarnings + 1) * sizeof *grown);
	if (grown == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	res->warnings = grown;
	res->warnings[res->nwarnings] = strdup(line);
	if (res->warnings[res->nwarnings] == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	res->nwarnings++;
	return DSE_OK;
}

/* A list of bounds in a message: "25, 50, 100". */
struct bounds_text {
	char text[256];
	size_t n;
};

/* Add a bound to the list. */
static void add_bound(struct bounds_text *b, double bound)
{
	size_t len = strlen(b->text);

	snprintf(b->text + len, sizeof b->text - len, "%s%g", b->n ? ", " : "",
		 bound);
	b->n++;
}

/* One swept dimension: its flag, how to read it off a design, its floor. */
struct dim {
	const char *flag;
	size_t range;  /* index into the result's ranges (see ranges()) */
	double (*value)(const struct dse_point *p);
	double floor;  /* the smallest value that means anything */
};

/* A design's value along each dimension. */
static double v_rows(const struct dse_point *p) { return p->design.rows; }
static double v_cols(const struct dse_point *p) { return p->design.cols; }
static double v_ksplit(const struct dse_point *p) { return p->design.ksplit; }
static double v_batch(const struct dse_point *p) { return p->result.batch; }
static double v_freq(const struct dse_point *p) { return p->result.freq_ghz; }
static double v_sram(const struct dse_point *p) { return p->result.sram_mb; }

static const struct dim dims[] = {
	{ "--rows", 0, v_rows, 1 },
	{ "--cols", 1, v_cols, 1 },
	{ "--k-split", 2, v_ksplit, 1 },
	{ "--batch", 3, v_batch, 1 },
	{ "--freq-ghz", 4, v_freq, 0 },
	{ "--sram-mb", 5, v_sram, 0 },
};

#define NDIMS (sizeof dims / sizeof dims[0])

/* The swept ranges in dims' order, and their specifications. */
static void ranges(const struct dse_explore_result *res,
		   const struct dse_study *st, const struct dse_range **r,
		   const char **spec)
{
	r[0] = &res->rows;
	r[1] = &res->cols;
	r[2] = &res->ksplit;
	r[3] = &res->batch;
	/* the DVFS range is the technology's whole range: no edge to widen */
	r[4] = st->freq.dvfs ? NULL : &res->freq_ghz;
	r[5] = &res->sram_mb;
	spec[0] = st->rows.text;
	spec[1] = st->cols.text;
	spec[2] = st->ksplit.text;
	spec[3] = st->batch.text;
	spec[4] = st->freq.range.text;
	spec[5] = st->sram_mb.text;
}

/* 1 (top), -1 (bottom) when the design sits on an end of a range that
   could go on, else 0. */
static int edge(const struct dim *d, const struct dse_range *r,
		const struct dse_point *p)
{
	const double v = d->value(p);

	if (r == NULL || r->n < 2)
		return 0;
	/* os designs take their batch from the rows */
	if (d->range == 3 && dse_dataflow_batch_on_rows(p->design.dataflow))
		return 0;
	if (v == r->v[r->n - 1])
		return 1;
	return v == r->v[0] && r->v[0] > d->floor ? -1 : 0;
}

/* Edge warnings of format f: one per dimension and end, listing the bounds. */
static int edge_warnings(struct dse_explore_result *res,
			 const struct dse_study *st, size_t f,
			 struct dse_error *err)
{
	const struct dse_range *r[NDIMS];
	const char *spec[NDIMS];
	size_t k, i;
	int side, rc = DSE_OK;

	ranges(res, st, r, spec);
	for (k = 0; rc == DSE_OK && k < NDIMS; k++) {
		for (side = -1; rc == DSE_OK && side <= 1; side += 2) {
			struct bounds_text b = { "", 0 };
			double at = 0;

			for (i = 0; i < st->nbounds; i++) {
				const struct dse_point *p = dse_frontier_best(
					&res->staircase[f], st->bounds_us[i]);

				if (p && edge(&dims[k], r[k], p) == side) {
					add_bound(&b, st->bounds_us[i]);
					at = dims[k].value(p);
				}
			}
			if (b.n > 0)
				rc = warn(res, err,
					  "the best %s design within %s us has %s %g, the %s of the swept range '%s': widen it",
					  res->formats[f].name, b.text,
					  dims[k].flag, at,
					  side > 0 ? "top" : "bottom", spec[k]);
		}
	}
	return rc;
}

/* Where the canonical design beats format f's frontier, in one warning. */
static int canonical_warning(struct dse_explore_result *res,
			     const struct dse_study *st, size_t f,
			     struct dse_error *err)
{
	struct bounds_text b = { "", 0 };
	double gain = 0;
	size_t i;

	for (i = 0; i < st->nbounds; i++) {
		const struct dse_point *best =
			dse_frontier_best(&res->staircase[f], st->bounds_us[i]);
		const struct dse_point *canon =
			dse_frontier_best(&res->canonical[f], st->bounds_us[i]);

		if (canon == NULL ||
		    (best && canon->result.throughput_tops <=
				     best->result.throughput_tops))
			continue;
		add_bound(&b, st->bounds_us[i]);
		if (best && canon->result.throughput_tops /
					    best->result.throughput_tops > gain)
			gain = canon->result.throughput_tops /
			       best->result.throughput_tops;
	}
	if (b.n == 0)
		return DSE_OK;
	if (gain > 0)
		return warn(res, err,
			    "the canonical design (ws 128 x 128, overlapped folds, accumulators) beats the explored %s frontier within %s us (by up to %.3gx where the frontier has a design): the sweep misses it",
			    res->formats[f].name, b.text, gain);
	return warn(res, err,
		    "the canonical design (ws 128 x 128, overlapped folds, accumulators) meets %s us where the explored %s frontier has nothing: the sweep misses it",
		    b.text, res->formats[f].name);
}

/* Canonical-beats-frontier and edge warnings for every format. */
int explore_warnings(struct dse_explore_result *res,
		     const struct dse_study *st, struct dse_error *err)
{
	size_t f;
	int rc = DSE_OK;

	for (f = 0; rc == DSE_OK && f < res->nformats; f++) {
		rc = canonical_warning(res, st, f, err);
		if (rc == DSE_OK)
			rc = edge_warnings(res, st, f, err);
	}
	return rc;
}

/* ---- published figures ---- */

/* The frontier of the format a figure names, or NULL when it was not swept. */
static const struct dse_frontier *frontier_of(const struct dse_explore_result *res,
					      const char *name)
{
	struct dse_format fmt;
	size_t f;

	if (dse_format_parse(name, &fmt, NULL) != DSE_OK)
		return NULL;
	for (f = 0; f < res->nformats; f++)
		if (strcmp(res->formats[f].name, fmt.name) == 0)
			return &res->staircase[f];
	return NULL;
}

/* Figure: the format's best throughput within the bound, TOp/s. */
static int throughput_at_bound(const struct dse_explore_result *res,
			       const struct dse_model *model,
			       const struct dse_published *pub, double *value,
			       struct dse_error *err)
{
	const struct dse_frontier *fr = frontier_of(res, pub->format);
	const struct dse_point *p = fr ? dse_frontier_best(fr, pub->bound_us) : NULL;

	(void)model;
	(void)err;
	*value = p ? p->result.throughput_tops : NAN;
	return DSE_OK;
}

/* Figure: best throughput within the bound over the fastest design's. */
static int ratio_over_latency_optimal(const struct dse_explore_result *res,
				      const struct dse_model *model,
				      const struct dse_published *pub,
				      double *value, struct dse_error *err)
{
	const struct dse_frontier *fr = frontier_of(res, pub->format);
	const struct dse_point *p = fr ? dse_frontier_best(fr, pub->bound_us) : NULL;

	(void)model;
	(void)err;
	/* frontiers are sorted by latency: the first is the fastest */
	*value = p ? p->result.throughput_tops / fr->p[0].result.throughput_tops :
		     NAN;
	return DSE_OK;
}

/* The format's best design within the bound, and the same design in int8. */
static int against_int8(const struct dse_explore_result *res,
			const struct dse_model *model,
			const struct dse_published *pub,
			const struct dse_point **best, struct dse_result *r8,
			struct dse_error *err)
{
	const struct dse_frontier *fr = frontier_of(res, pub->format);
	struct dse_format int8;
	struct dse_design d;
	struct dse_budget b = model->budget;
	struct dse_model m;
	int rc;

	*best = fr ? dse_frontier_best(fr, pub->bound_us) : NULL;
	if (*best == NULL)
		return DSE_OK;
	rc = dse_format_parse("int8", &int8, err);
	b.sram_mb = (*best)->result.sram_mb;
	if (rc == DSE_OK)
		rc = dse_model_init(&m, model->tech, model->wl, &b, err);
	if (rc != DSE_OK)
		return rc;
	/* the same shape: every array, frequency and voltage as built */
	d = (*best)->design;
	d.format = &int8;
	d.arrays = (unsigned)(*best)->result.arrays;
	return dse_model_eval(&m, &d, r8, err);
}

/* A figure of the format's best design over the same in int8 (field at offset). */
static int over_int8(const struct dse_explore_result *res,
		     const struct dse_model *model,
		     const struct dse_published *pub, size_t offset,
		     double *value, struct dse_error *err)
{
	const struct dse_point *p;
	struct dse_result r8;
	int rc = against_int8(res, model, pub, &p, &r8, err);

	*value = rc == DSE_OK && p ?
			 *(const double *)(const void *)((const char *)&p->result +
							 offset) /
				 *(const double *)(const void *)((const char *)&r8 +
								 offset) :
			 NAN;
	return rc;
}

/* Figure: peak power of the format's best design over the same in int8. */
static int power_over_int8(const struct dse_explore_result *res,
			   const struct dse_model *model,
			   const struct dse_published *pub, double *value,
			   struct dse_error *err)
{
	return over_int8(res, model, pub,
			 offsetof(struct dse_result, peak_power_w), value, err);
}

/* Figure: area of the format's best design over the same in int8. */
static int area_over_int8(const struct dse_explore_result *res,
			  const struct dse_model *model,
			  const struct dse_published *pub, double *value,
			  struct dse_error *err)
{
	return over_int8(res, model, pub, offsetof(struct dse_result, area_mm2),
			 value, err);
}

/* Figure: the format's highest training for free over the tail pass's
   SLOs up to bound_us and its loads, % of the dedicated rate ("up to"). */
static int train_fraction_max(const struct dse_explore_result *res,
			      const struct dse_model *model,
			      const struct dse_published *pub, double *value,
			      struct dse_error *err)
{
	const struct dse_frontier *fr = frontier_of(res, pub->format);
	size_t i, j, k;

	(void)model;
	(void)err;
	*value = NAN;
	if (fr == NULL)
		return DSE_OK;
	k = (size_t)(fr - res->staircase); /* frontier_of's: the staircases */
	for (i = 0; res->tail && i < res->nslos; i++) {
		const struct dse_tail_best *b = &res->tail[i * res->nformats + k];

		if (!b->found || b->slo_us > pub->bound_us ||
		    (b->train_blocked && b->dedicated_train_tops <= 0))
			continue;
		for (j = 0; j < DSE_TAIL_TRAIN_LOADS; j++)
			if (isnan(*value) || 100 * b->train_fraction[j] > *value)
				*value = 100 * b->train_fraction[j];
	}
	return DSE_OK;
}

static const struct dse_figure figures[] = {
	{ "throughput_at_bound", "TOp/s",
	  "the format's best throughput within bound_us", throughput_at_bound },
	{ "ratio_over_latency_optimal", "x",
	  "best throughput within bound_us over the format's fastest design's",
	  ratio_over_latency_optimal },
	{ "power_over_int8", "x",
	  "peak power of the best design within bound_us over the same design in int8",
	  power_over_int8 },
	{ "area_over_int8", "x",
	  "area of the best design within bound_us over the same design in int8",
	  area_over_int8 },
	{ "train_fraction_max", "%",
	  "highest training for free (dse explore --train) over the SLOs up to bound_us and the loads, % of dedicated",
	  train_fraction_max },
};

/* The figure table and its length. */
const struct dse_figure *dse_figures(size_t *count)
{
	*count = sizeof figures / sizeof figures[0];
	return figures;
}

/* The figure row called name, or NULL. */
const struct dse_figure *dse_figure_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof figures / sizeof figures[0]; i++)
		if (strcmp(figures[i].name, name) == 0)
			return &figures[i];
	return NULL;
}

/* dse's value of each published figure of the study. */
int explore_published(struct dse_explore_result *res,
		      const struct dse_study *st,
		      const struct dse_model *model, struct dse_error *err)
{
	size_t i;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < st->npublished; i++) {
		const struct dse_figure *fig =
			dse_figure_find(st->published[i].figure);

		res->published[i] = NAN;
		if (fig)
			rc = fig->compute(res, model, &st->published[i],
					  &res->published[i], err);
	}
	return rc;
}
