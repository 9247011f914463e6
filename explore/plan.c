/*
 * plan.c - the first phase: what every enumeration id of a study is.
 *
 * The plan expands the study's ranges, solves each group's operating
 * points, makes a model per SRAM size, resolves the objectives and
 * constraints, decides which pruning rules hold, and cuts the enumeration
 * into chunks.  It depends only on the study and the models, so every
 * process of a split run makes the same plan.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explore_impl.h"

/* Processors online, at least 1. */
static unsigned cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

/* threads, or every core when 0. */
unsigned explore_threads(unsigned threads)
{
	return threads ? threads : cores();
}

/* Free a plan's groups, blocks, ranges and slots; NULL is a no-op. */
void dse_plan_free(struct dse_plan *pl)
{
	size_t g;

	if (pl == NULL)
		return;
	for (g = 0; pl->groups && g < pl->ngroups; g++) {
		free(pl->groups[g].models);
		free(pl->groups[g].opps);
		free(pl->groups[g].format_value);
		dse_range_free(&pl->groups[g].freq_ghz);
	}
	free(pl->groups);
	free(pl->blocks);
	free(pl->slots);
	dse_range_free(&pl->rows);
	dse_range_free(&pl->cols);
	dse_range_free(&pl->ksplit);
	dse_range_free(&pl->batch);
	dse_range_free(&pl->sram_mb);
	free(pl);
}

/* One model per swept SRAM size, on the group's technology, workload, budget. */
static int make_models(struct dse_plan *pl, struct plan_group *g,
		       struct dse_error *err)
{
	const struct dse_range *r = &pl->sram_mb;
	struct dse_budget b = g->model->budget;
	size_t i;
	int rc;

	g->models = calloc(r->n, sizeof *g->models);
	if (g->models == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		b.sram_mb = r->v[i];
		rc = dse_model_init(&g->models[i], g->model->tech, g->model->wl,
				    &b, err);
		if (rc != DSE_OK) {
			dse_error_prefix(err, "sram_mb");
			return rc;
		}
	}
	return DSE_OK;
}

/* The group's frequencies and operating points; per-format objective values. */
static int prepare_group(struct dse_plan *pl, struct plan_group *g,
			 struct dse_error *err)
{
	const struct dse_study *st = &pl->st;
	const struct dse_objective *rows;
	size_t j, f, nrows;
	int rc = dse_study_freqs(&st->freq, g->model->tech, &g->freq_ghz, err);

	if (rc == DSE_OK)
		rc = make_models(pl, g, err);
	if (rc != DSE_OK)
		return rc;
	g->nfreq = g->freq_ghz.n;
	g->opps = calloc(g->nfreq, sizeof *g->opps);
	g->format_value = calloc(st->nformats, sizeof *g->format_value);
	if (g->opps == NULL || g->format_value == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (j = 0; j < g->nfreq; j++)
		if ((rc = dse_tech_opp(g->model->tech, g->freq_ghz.v[j],
				       &g->opps[j], err)) != DSE_OK)
			return rc;
	rows = dse_objectives(&nrows);
	for (j = 0; j < nrows; j++) {
		double v[DSE_STUDY_MAX_FORMATS];

		if (rows[j].when != DSE_WHEN_FORMAT || !dse_objective_used(st, j))
			continue;
		if ((rc = rows[j].of_formats(st->formats, st->nformats, g->model,
					     st, v, err)) != DSE_OK)
			return rc;
		for (f = 0; f < st->nformats; f++)
			g->format_value[f][j] = v[f];
	}
	return DSE_OK;
}

/* The objectives' signs and kernel mask; which pruning rules hold. */
static void resolve_objectives(struct dse_plan *pl)
{
	const struct dse_study *st = &pl->st;
	const struct dse_objective *rows;
	size_t k, n;

	rows = dse_objectives(&n);
	pl->dims = (int)st->nobjectives;
	pl->rule = 1;
	pl->lat_row = (size_t)(dse_objective_find("latency") - rows);
	pl->thr_row = (size_t)(dse_objective_find("throughput") - rows);
	for (k = 0; k < st->nobjectives; k++) {
		const struct dse_objective *o = &rows[st->objectives[k]];

		pl->row[k] = st->objectives[k];
		pl->sign[k] = dse_objective_up(st, st->objectives[k]) ? -1.0 : 1.0;
		if (o->when == DSE_WHEN_POINT)
			pl->mask |= DSE_METRIC_BIT(o->metric);
		if (o->trend == DSE_TREND_ANY)
			pl->rule = 0;
	}
	for (k = 0; k < st->nconstraints; k++) {
		const struct dse_objective *o = &rows[st->constraints[k].objective];

		if (o->when == DSE_WHEN_POINT)
			pl->con_mask |= DSE_METRIC_BIT(o->metric);
	}
	/* latency always: the tail pass's staircases and the bounds table */
	pl->mask |= pl->con_mask | DSE_METRIC_BIT(DSE_METRIC_LATENCY) |
		    DSE_METRIC_BIT(DSE_METRIC_THROUGHPUT);
	pl->own_staircase = !(st->nobjectives == 2 &&
			      st->objectives[0] == pl->lat_row &&
			      st->objectives[1] == pl->thr_row);
	pl->rule = pl->rule && st->prune;
	/* the bounds skip a group's evaluation, so no constraint may need
	   its figures for the counts */
	pl->bound = pl->rule && st->nconstraints == 0;
}

/* The distinct batch sizes of the study: rows (os) and the batch range. */
static int tail_slots(struct dse_plan *pl, struct dse_error *err)
{
	const struct dse_study *st = &pl->st;
	size_t i, j, n = 0, on_rows = 0, other = 0;

	for (i = 0; i < st->ndataflows; i++) {
		if (dse_dataflow_batch_on_rows(st->dataflows[i]))
			on_rows = 1;
		else
			other = 1;
	}
	pl->slots = calloc(pl->rows.n + pl->batch.n, sizeof *pl->slots);
	if (pl->slots == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	/* merge two sorted lists of distinct values */
	for (i = j = 0; (on_rows && i < pl->rows.n) || (other && j < pl->batch.n);) {
		double a = on_rows && i < pl->rows.n ? pl->rows.v[i] : INFINITY;
		double b = other && j < pl->batch.n ? pl->batch.v[j] : INFINITY;
		double v = a < b ? a : b;

		pl->slots[n++] = v;
		i += a == v;
		j += b == v;
	}
	pl->nslots = n;
	pl->tail_max_us = st->slos_us[st->nslos - 1];
	return DSE_OK;
}

/* The blocks, their ids and chunks; the design count, refused above the limit. */
static int make_blocks(struct dse_plan *pl, struct dse_error *err)
{
	const struct dse_study *st = &pl->st;
	const uint64_t shape = (uint64_t)pl->sram_mb.n * pl->rows.n *
			       pl->cols.n * pl->ksplit.n;
	double total = 0;
	size_t g, f, d;

	/* count in doubles first: each factor is at most DSE_RANGE_MAX, so
	   no product overflows, and below 2^53 (far above the limit) every
	   count is exact; only a space within the limit is counted in uint64 */
	for (g = 0; g < pl->ngroups; g++) {
		pl->groups[g].designs = 0;
		for (d = 0; d < st->ndataflows; d++)
			pl->groups[g].designs +=
				(double)pl->sram_mb.n * (double)pl->rows.n *
				(double)pl->cols.n * (double)pl->ksplit.n *
				(dse_dataflow_batch_on_rows(st->dataflows[d]) ?
					 1.0 : (double)pl->batch.n);
		pl->groups[g].designs *= (double)st->nformats *
					 (double)pl->groups[g].nfreq;
		total += pl->groups[g].designs;
	}
	if (total > DSE_EXPLORE_MAX_DESIGNS)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study spans %.4g designs, more than %.0e: narrow the ranges",
				     total, DSE_EXPLORE_MAX_DESIGNS);
	pl->designs = total;
	pl->nblocks = pl->ngroups * st->nformats * st->ndataflows;
	pl->blocks = calloc(pl->nblocks, sizeof *pl->blocks);
	if (pl->blocks == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (g = 0; g < pl->ngroups; g++)
		for (f = 0; f < st->nformats; f++)
			for (d = 0; d < st->ndataflows; d++) {
				struct plan_block *b =
					&pl->blocks[(g * st->nformats + f) *
							    st->ndataflows + d];
				const size_t nfreq = pl->groups[g].nfreq;

				b->group = g;
				b->format = f;
				b->dataflow = d;
				b->first_id = pl->ids;
				b->nbatch = dse_dataflow_batch_on_rows(st->dataflows[d]) ?
						    1 : pl->batch.n;
				b->ntuples = shape * b->nbatch;
				b->chunk_tuples = PLAN_CHUNK_POINTS / nfreq;
				if (b->chunk_tuples > PLAN_CHUNK_TUPLES)
					b->chunk_tuples = PLAN_CHUNK_TUPLES;
				if (b->chunk_tuples == 0)
					b->chunk_tuples = 1;
				b->first_chunk = pl->nchunks;
				b->nchunks = (b->ntuples + b->chunk_tuples - 1) /
					     b->chunk_tuples;
				pl->nchunks += b->nchunks;
				pl->ids += b->ntuples * nfreq;
			}
	return DSE_OK;
}

/* Plan the study over its groups' models. */
int dse_explore_plan(const struct dse_study *st,
		     const struct dse_model *const *models, size_t nmodels,
		     struct dse_plan **out, struct dse_error *err)
{
	struct dse_plan *pl;
	size_t g, ti, wi;
	int rc = DSE_OK;

	*out = NULL;
	if (st->nformats == 0 || st->ndataflows == 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study needs at least one format and one dataflow");
	if (st->nobjectives < 2)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study needs 2 to %d objectives", DSE_OBJ_MAX);
	if (dse_study_groups(st) > DSE_STUDY_MAX_GROUPS)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study has %zu groups (technologies x workloads x areas x powers), more than %d",
				     dse_study_groups(st), DSE_STUDY_MAX_GROUPS);
	if (nmodels != dse_study_groups(st))
		return dse_error_set(err, DSE_EUSAGE,
				     "the study has %zu groups, %zu models were given",
				     dse_study_groups(st), nmodels);
	if (st->baseline[0] && dse_study_format(st, st->baseline) < 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "baseline: %s is not one of the study's formats",
				     st->baseline);
	pl = calloc(1, sizeof *pl);
	if (pl == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	pl->st = *st;
	pl->ngroups = nmodels;
	pl->groups = calloc(nmodels, sizeof *pl->groups);
	if (pl->groups == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = dse_range_expand(&st->rows, "rows", &pl->rows, err);
	if (rc == DSE_OK)
		rc = dse_range_expand(&st->cols, "cols", &pl->cols, err);
	if (rc == DSE_OK)
		rc = dse_range_expand(&st->ksplit, "k_split", &pl->ksplit, err);
	if (rc == DSE_OK)
		rc = dse_range_expand(&st->batch, "batch", &pl->batch, err);
	if (rc == DSE_OK)
		rc = dse_range_expand(&st->sram_mb, "sram_mb", &pl->sram_mb, err);
	for (g = 0; rc == DSE_OK && g < nmodels; g++) {
		struct dse_budget b;

		pl->groups[g].model = models[g];
		dse_study_group(st, g, &ti, &wi, &b, pl->groups[g].label,
				sizeof pl->groups[g].label);
		rc = prepare_group(pl, &pl->groups[g], err);
	}
	if (rc == DSE_OK)
		resolve_objectives(pl);
	if (rc == DSE_OK)
		rc = make_blocks(pl, err);
	if (rc == DSE_OK && st->nslos > 0)
		rc = tail_slots(pl, err);
	if (rc != DSE_OK) {
		dse_plan_free(pl);
		return rc;
	}
	*out = pl;
	return DSE_OK;
}

/* Chunks of the plan. */
uint64_t dse_plan_chunks(const struct dse_plan *pl)
{
	return pl->nchunks;
}

/* Designs of the plan. */
double dse_plan_designs(const struct dse_plan *pl)
{
	return pl->designs;
}

/* The study of the plan. */
const struct dse_study *dse_plan_study(const struct dse_plan *pl)
{
	return &pl->st;
}

/* Shard i of n: chunks [floor(i C / n), floor((i + 1) C / n)). */
void dse_plan_shard(const struct dse_plan *pl, uint64_t i, uint64_t n,
		    uint64_t *first, uint64_t *last)
{
	/* C < 2^40 (at most 1e11 designs), n <= 2^20: no overflow */
	*first = i * pl->nchunks / n;
	*last = (i + 1) * pl->nchunks / n;
}

/* The block holding design id (blocks are in id order), tuple and point. */
const struct plan_block *plan_locate(const struct dse_plan *pl, uint64_t id,
				     uint64_t *tuple, size_t *freq)
{
	size_t lo = 0, hi = pl->nblocks;
	const struct plan_block *b;
	size_t nfreq;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (pl->blocks[mid].first_id <= id)
			lo = mid;
		else
			hi = mid;
	}
	b = &pl->blocks[lo];
	nfreq = pl->groups[b->group].nfreq;
	*tuple = (id - b->first_id) / nfreq;
	*freq = (size_t)((id - b->first_id) % nfreq);
	return b;
}

/* The design of tuple t of block b: batch fastest, then k-split, cols,
   rows, SRAM size. */
void plan_design(const struct dse_plan *pl, const struct plan_block *b,
		 uint64_t t, struct dse_design *d, size_t *sram)
{
	const struct dse_study *st = &pl->st;
	uint64_t local = t;

	memset(d, 0, sizeof *d);
	d->format = &st->formats[b->format];
	d->dataflow = st->dataflows[b->dataflow];
	/* os: the batch is the array height; ws, is: swept */
	d->batch = dse_dataflow_batch_on_rows(d->dataflow) ?
			   0 : (unsigned)pl->batch.v[local % b->nbatch];
	local /= b->nbatch;
	d->ksplit = (unsigned)pl->ksplit.v[local % pl->ksplit.n];
	local /= pl->ksplit.n;
	d->cols = (unsigned)pl->cols.v[local % pl->cols.n];
	local /= pl->cols.n;
	d->rows = (unsigned)pl->rows.v[local % pl->rows.n];
	*sram = (size_t)(local / pl->rows.n);
	d->fold_overlap = st->fold_overlap;
	d->accumulators = st->accumulators;
}

/* Design id of the plan, evaluated in full. */
int dse_plan_point(const struct dse_plan *pl, uint64_t id,
		   struct dse_point *pt, struct dse_error *err)
{
	if (id >= pl->ids)
		return dse_error_set(err, DSE_EUSAGE,
				     "design %llu: the plan has %llu",
				     (unsigned long long)id,
				     (unsigned long long)pl->ids);
	return plan_point(pl, id, pt, NULL, err);
}

/* Design id, evaluated in full by dse_model_eval. */
int plan_point(const struct dse_plan *pl, uint64_t id, struct dse_point *pt,
	       const struct dse_model **model, struct dse_error *err)
{
	const struct plan_block *b;
	uint64_t t;
	size_t j, si;

	b = plan_locate(pl, id, &t, &j);
	plan_design(pl, b, t, &pt->design, &si);
	pt->design.opp = pl->groups[b->group].opps[j];
	if (model)
		*model = &pl->groups[b->group].models[si];
	return dse_model_eval(&pl->groups[b->group].models[si], &pt->design,
			      &pt->result, err);
}
