/*
 * finish.c - the fourth phase: a partial result covering every chunk made
 * into each group's result (frontiers re-evaluated in full, canonical
 * designs, sample, tail pass, reviews); and dse_explore_run, all phases.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore_impl.h"

/* The canonical TPU-like design: ws, 128 x 128 (TPUv2-v4 MXU side),
   double-buffered weights and accumulators as the TPUs have them. */
#define CANON_SIDE 128

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Free a frontier's points and leave it empty. */
static void frontier_free(struct dse_frontier *f)
{
	free(f->p);
	f->p = NULL;
	f->n = 0;
}

/* Free the frontiers, sample, ranges and warnings of res; NULL is a no-op. */
void dse_explore_result_free(struct dse_explore_result *res)
{
	size_t f;

	if (res == NULL)
		return;
	for (f = 0; f < DSE_STUDY_MAX_FORMATS; f++) {
		if (res->own_staircase)
			frontier_free(&res->staircase[f]);
		res->staircase[f].p = NULL;
		res->staircase[f].n = 0;
		frontier_free(&res->frontier[f]);
		frontier_free(&res->canonical[f]);
	}
	for (f = 0; f < DSE_DATAFLOW_COUNT; f++)
		frontier_free(&res->by_dataflow[f]);
	frontier_free(&res->all);
	free(res->sample);
	res->sample = NULL;
	res->nsample = 0;
	free(res->tail);
	res->tail = NULL;
	res->nslos = 0;
	dse_range_free(&res->rows);
	dse_range_free(&res->cols);
	dse_range_free(&res->ksplit);
	dse_range_free(&res->batch);
	dse_range_free(&res->freq_ghz);
	dse_range_free(&res->sram_mb);
	for (f = 0; f < res->nwarnings; f++)
		free(res->warnings[f]);
	free(res->warnings);
	res->warnings = NULL;
	res->nwarnings = 0;
}

/* The member with the most throughput within latency_us, or NULL. */
const struct dse_point *dse_frontier_best(const struct dse_frontier *f,
					  double latency_us)
{
	const struct dse_point *best = NULL;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->p[i].result.latency_us <= latency_us &&
		    (best == NULL ||
		     f->p[i].result.throughput_tops > best->result.throughput_tops))
			best = &f->p[i];
	return best;
}

/* ---- work shared by threads: evaluations of independent designs ---- */

/* n independent jobs: job(arg, i, err) for i in [0, n), on threads. */
struct jobs {
	int (*job)(void *arg, size_t i, struct dse_error *err);
	void *arg;
	size_t n;
	pthread_mutex_t lock;
	size_t next;
	int status;
	struct dse_error err;
};

/* Thread body: take job indices until none is left or one failed. */
static void *jobs_worker(void *arg)
{
	struct jobs *j = arg;
	struct dse_error err;

	for (;;) {
		size_t i;
		int rc;

		pthread_mutex_lock(&j->lock);
		i = j->next++;
		if (i >= j->n || j->status != DSE_OK) {
			pthread_mutex_unlock(&j->lock);
			return NULL;
		}
		pthread_mutex_unlock(&j->lock);
		rc = j->job(j->arg, i, &err);
		if (rc != DSE_OK) {
			pthread_mutex_lock(&j->lock);
			if (j->status == DSE_OK) {
				j->status = rc;
				j->err = err;
			}
			pthread_mutex_unlock(&j->lock);
			return NULL;
		}
	}
}

/* Run the jobs on up to `threads` threads (the caller is one of them). */
static int run_jobs(struct jobs *j, unsigned threads, struct dse_error *err)
{
	pthread_t t[64];
	unsigned k, started = 0;

	if (threads > 64)
		threads = 64;
	if (threads > j->n)
		threads = (unsigned)(j->n ? j->n : 1);
	pthread_mutex_init(&j->lock, NULL);
	j->next = 0;
	j->status = DSE_OK;
	for (k = 1; k < threads; k++) {
		if (pthread_create(&t[k], NULL, jobs_worker, j) != 0)
			break;
		started = k;
	}
	jobs_worker(j);
	for (k = 1; k <= started; k++)
		pthread_join(t[k], NULL);
	pthread_mutex_destroy(&j->lock);
	if (j->status != DSE_OK && err)
		*err = j->err;
	return j->status;
}

/* ---- frontiers ---- */

/* The frontier of the cells of group g that `take` selects. */
static int merge_cells(const struct dse_plan *pl, const struct dse_partial *part,
		       size_t g, int (*take)(const struct plan_block *, size_t),
		       size_t which, int stair, struct dse_pareto *out,
		       struct dse_error *err)
{
	size_t b;
	int rc = DSE_OK;

	dse_pareto_init(out, stair ? 2 : pl->dims);
	for (b = 0; rc == DSE_OK && b < pl->nblocks; b++) {
		const struct dse_pareto *p = stair ? &part->cells[b].stair :
						     &part->cells[b].front;
		size_t i;

		if (pl->blocks[b].group != g || !take(&pl->blocks[b], which))
			continue;
		for (i = 0; rc == DSE_OK && i < p->n; i++)
			rc = partial_offer(out, &p->c[i], err);
	}
	dse_pareto_sort(out);
	return rc;
}

/* Cell selectors: by format, by dataflow, every cell. */
static int of_format(const struct plan_block *b, size_t f) { return b->format == f; }
static int of_dataflow(const struct plan_block *b, size_t d) { return b->dataflow == d; }
static int of_any(const struct plan_block *b, size_t x) { (void)b; (void)x; return 1; }

/* The design of a frontier member and its evaluation, as a job. */
struct expand {
	const struct dse_plan *pl;
	const struct dse_cand *c;
	struct dse_point *out;
};

/* Job: evaluate member i in full. */
static int expand_one(void *arg, size_t i, struct dse_error *err)
{
	const struct expand *e = arg;

	return plan_point(e->pl, e->c[i].id, &e->out[i], NULL, err);
}

/* Re-evaluate the members of a frontier in full, in its order. */
static int expand(const struct dse_plan *pl, const struct dse_pareto *p,
		  struct dse_frontier *out, struct dse_error *err)
{
	struct expand e;
	struct jobs j;

	out->p = calloc(p->n ? p->n : 1, sizeof *out->p);
	if (out->p == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	out->n = p->n;
	e.pl = pl;
	e.c = p->c;
	e.out = out->p;
	memset(&j, 0, sizeof j);
	j.job = expand_one;
	j.arg = &e;
	j.n = p->n;
	return run_jobs(&j, explore_threads(pl->st.threads), err);
}

/* The merged frontier of the selected cells, expanded into out. */
static int frontier_of(const struct dse_plan *pl, const struct dse_partial *part,
		       size_t g, int (*take)(const struct plan_block *, size_t),
		       size_t which, int stair, struct dse_frontier *out,
		       struct dse_error *err)
{
	struct dse_pareto m;
	int rc = merge_cells(pl, part, g, take, which, stair, &m, err);

	if (rc == DSE_OK)
		rc = expand(pl, &m, out, err);
	dse_pareto_free(&m);
	return rc;
}

/* 1 when a fully evaluated design of format f meets every constraint. */
static int meets_all(const struct dse_plan *pl, const struct plan_group *g,
		     size_t f, const struct dse_point *p)
{
	const struct dse_objective *rows;
	size_t c, n;

	rows = dse_objectives(&n);
	for (c = 0; c < pl->st.nconstraints; c++) {
		const struct dse_constraint *k = &pl->st.constraints[c];
		const struct dse_objective *o = &rows[k->objective];
		const double v = o->when == DSE_WHEN_POINT ? o->of_point(p) :
				 g->format_value[f][k->objective];

		if (!(k->upper ? v <= k->bound : v >= k->bound))
			return 0;
	}
	return 1;
}

/* The canonical design at every batch and SRAM size, feasible ones kept. */
static int canonical(const struct dse_plan *pl, const struct plan_group *g,
		     size_t f, struct dse_frontier *out, struct dse_error *err)
{
	const struct dse_tech *tech = g->model->tech;
	struct dse_point pt;
	size_t i, k;
	int rc;

	out->p = calloc(pl->batch.n * pl->sram_mb.n, sizeof *out->p);
	if (out->p == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	memset(&pt, 0, sizeof pt);
	pt.design.format = &pl->st.formats[f];
	pt.design.dataflow = DSE_WS;
	pt.design.rows = pt.design.cols = CANON_SIDE;
	pt.design.ksplit = 1;
	pt.design.fold_overlap = 1;
	pt.design.accumulators = 1;
	if ((rc = dse_tech_opp(tech, tech->f_nom_ghz, &pt.design.opp, err)))
		return rc;
	for (k = 0; k < pl->sram_mb.n; k++) {
		for (i = 0; i < pl->batch.n; i++) {
			pt.design.batch = (unsigned)pl->batch.v[i];
			rc = dse_model_eval(&g->models[k], &pt.design,
					    &pt.result, err);
			if (rc != DSE_OK)
				return rc;
			if (pt.result.verdict == DSE_FEASIBLE &&
			    meets_all(pl, g, f, &pt))
				out->p[out->n++] = pt;
		}
	}
	return DSE_OK;
}

/* ---- the sample ---- */

/* qsort order of sample keys, ascending. */
static int cmp_key(const void *a, const void *b)
{
	uint64_t x = ((const struct sample_key *)a)->key;
	uint64_t y = ((const struct sample_key *)b)->key;

	return (x > y) - (x < y);
}

/* The sampled designs and where their evaluation goes, as jobs. */
struct sampling {
	const struct dse_plan *pl;
	const struct sample_key *keys;
	struct dse_sample *out;
};

/* Job: evaluate sampled design i and keep its figures. */
static int sample_one(void *arg, size_t i, struct dse_error *err)
{
	const struct sampling *s = arg;
	const struct plan_block *b;
	struct dse_sample *o = &s->out[i];
	struct dse_point pt;
	uint64_t t;
	size_t j;
	int rc = plan_point(s->pl, s->keys[i].id, &pt, NULL, err);

	if (rc != DSE_OK)
		return rc;
	b = plan_locate(s->pl, s->keys[i].id, &t, &j);
	o->key = s->keys[i].key;
	o->format = (uint32_t)b->format;
	o->dataflow = (uint8_t)pt.design.dataflow;
	o->rows = pt.design.rows;
	o->cols = pt.design.cols;
	o->ksplit = pt.design.ksplit;
	o->batch = (uint32_t)pt.result.batch;
	o->freq_ghz = pt.result.freq_ghz;
	o->latency_us = pt.result.latency_us;
	o->throughput_tops = pt.result.throughput_tops;
	o->energy_per_item_uj = pt.result.energy_per_item_uj;
	o->sram_mb = pt.result.sram_mb;
	return DSE_OK;
}

/* The group's sample: the smallest keys, by key, each evaluated. */
static int sample_of(const struct dse_plan *pl, const struct part_group *pg,
		     struct dse_explore_result *res, struct dse_error *err)
{
	struct sample_key *keys = malloc((pg->nheap ? pg->nheap : 1) * sizeof *keys);
	struct sampling s;
	struct jobs j;
	int rc;

	res->sample = calloc(pg->nheap ? pg->nheap : 1, sizeof *res->sample);
	if (keys == NULL || res->sample == NULL) {
		free(keys);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	memcpy(keys, pg->heap, pg->nheap * sizeof *keys);
	qsort(keys, pg->nheap, sizeof *keys, cmp_key);
	res->nsample = pg->nheap;
	s.pl = pl;
	s.keys = keys;
	s.out = res->sample;
	memset(&j, 0, sizeof j);
	j.job = sample_one;
	j.arg = &s;
	j.n = pg->nheap;
	rc = run_jobs(&j, explore_threads(pl->st.threads), err);
	free(keys);
	return rc;
}

/* ---- the tail pass ---- */

/* The tail staircases of format f, merged over dataflows, expanded. */
static int tail_pass(const struct dse_plan *pl, const struct dse_partial *part,
		     size_t g, struct dse_explore_result *res,
		     struct dse_error *err)
{
	const size_t nf = pl->st.nformats;
	struct tail_cand *cands[DSE_STUDY_MAX_FORMATS] = { NULL };
	size_t ncands[DSE_STUDY_MAX_FORMATS] = { 0 };
	size_t f, slot, b, i;
	int rc = DSE_OK;

	for (f = 0; rc == DSE_OK && f < nf; f++) {
		for (slot = 0; rc == DSE_OK && slot < pl->nslots; slot++) {
			struct dse_pareto m;
			struct tail_cand *nc;

			dse_pareto_init(&m, 2);
			for (b = 0; rc == DSE_OK && b < pl->nblocks; b++) {
				const struct dse_pareto *p = &part->cells[b].tail[slot];

				if (pl->blocks[b].group != g || pl->blocks[b].format != f)
					continue;
				for (i = 0; rc == DSE_OK && i < p->n; i++)
					rc = partial_offer(&m, &p->c[i], err);
			}
			nc = rc == DSE_OK && m.n ?
				     realloc(cands[f], (ncands[f] + m.n) * sizeof *nc) :
				     cands[f];
			if (m.n && nc == NULL)
				rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
			else
				cands[f] = nc;
			for (i = 0; rc == DSE_OK && i < m.n; i++) {
				struct tail_cand *c = &cands[f][ncands[f]++];

				c->id = m.c[i].id;
				rc = plan_point(pl, c->id, &c->p, &c->model, err);
			}
			dse_pareto_free(&m);
		}
	}
	if (rc == DSE_OK)
		rc = explore_tail(&pl->st, pl->groups[g].model, cands, ncands,
				  explore_threads(pl->st.threads), res, err);
	for (f = 0; f < nf; f++)
		free(cands[f]);
	return rc;
}

/* ---- a group ---- */

/* Why nothing is feasible: the constraint or verdict that ruled out most. */
static int none_feasible(const struct dse_plan *pl, const struct part_group *pg,
			 const struct dse_explore_result *res,
			 struct dse_error *err)
{
	const struct dse_objective *rows;
	size_t v, c, top = DSE_FEASIBLE + 1, topc = 0, n;

	rows = dse_objectives(&n);
	for (v = DSE_FEASIBLE + 1; v < DSE_VERDICT_COUNT; v++)
		if (res->infeasible[v] > res->infeasible[top])
			top = v;
	for (c = 1; c < pl->st.nconstraints; c++)
		if (res->constrained[c] > res->constrained[topc])
			topc = c;
	if (pl->st.nconstraints > 0 && res->constrained[topc] > 0) {
		const struct dse_constraint *k = &pl->st.constraints[topc];
		const struct dse_objective *o = &rows[k->objective];
		const char *unit = dse_objective_unit(&pl->st, k->objective);

		return dse_error_set(err, DSE_EINFEASIBLE,
				     "constraint %s %s=%g %s: no design meets every constraint; it ruled out %.0f of %.0f designs, the %s otherwise feasible one at %.4g %s",
				     k->upper ? "max" : "min", o->name, k->bound,
				     unit, res->constrained[topc], res->total,
				     k->upper == !dse_objective_up(&pl->st, k->objective) ?
					     "best" : "nearest",
				     pg->closest[topc], unit);
	}
	return dse_error_set(err, DSE_EINFEASIBLE,
			     "no feasible design among %.0f: %.0f ruled out by %s (%.1f %%), area %.0f, power %.0f, frequency %.0f, sram %.0f, dram %.0f",
			     res->total, res->infeasible[top],
			     dse_verdict_name((enum dse_verdict)top),
			     100.0 * res->infeasible[top] / res->total,
			     res->infeasible[DSE_INF_AREA],
			     res->infeasible[DSE_INF_POWER],
			     res->infeasible[DSE_INF_FREQUENCY],
			     res->infeasible[DSE_INF_SRAM],
			     res->infeasible[DSE_INF_DRAM]);
}

/* A copy of a range of the plan. */
static int copy_range(const struct dse_range *from, struct dse_range *to,
		      struct dse_error *err)
{
	to->v = malloc((from->n ? from->n : 1) * sizeof *to->v);
	if (to->v == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	memcpy(to->v, from->v, from->n * sizeof *to->v);
	to->n = from->n;
	return DSE_OK;
}

/* The result header of group g: settings, ranges, counts. */
static int header(const struct dse_plan *pl, const struct dse_partial *part,
		  size_t g, struct dse_explore_result *res,
		  struct dse_error *err)
{
	const struct dse_study *st = &pl->st;
	const struct part_group *pg = &part->groups[g];
	const struct dse_objective *rows;
	size_t k, nrows;
	int rc;

	rows = dse_objectives(&nrows);
	memcpy(res->label, pl->groups[g].label, sizeof res->label);
	res->model = pl->groups[g].model;
	res->nformats = st->nformats;
	memcpy(res->formats, st->formats, sizeof res->formats);
	res->ndataflows = st->ndataflows;
	memcpy(res->dataflows, st->dataflows, sizeof res->dataflows);
	res->nobjectives = st->nobjectives;
	memcpy(res->objectives, st->objectives, sizeof res->objectives);
	res->dims = pl->dims;
	res->baseline = st->baseline[0] ? dse_study_format(st, st->baseline) :
					  st->nformats > 1;
	res->own_staircase = pl->own_staircase;
	for (k = 0; k < nrows && k < DSE_OBJECTIVE_ROWS; k++) {
		size_t f;

		if (rows[k].when != DSE_WHEN_FORMAT || !dse_objective_used(st, k))
			continue;
		res->format_rows |= 1u << k;
		for (f = 0; f < st->nformats; f++)
			res->format_value[f][k] = pl->groups[g].format_value[f][k];
	}
	res->prune = st->prune;
	res->total = pl->groups[g].designs;
	res->feasible = pg->feasible;
	memcpy(res->infeasible, pg->infeasible, sizeof res->infeasible);
	res->nconstraints = st->nconstraints;
	for (k = 0; k < st->nconstraints; k++)
		res->constrained[k] = pg->constrained[k];
	res->evaluated = pg->evaluated;
	res->pruned = pg->pruned;
	res->threads = part->threads;
	if ((rc = copy_range(&pl->rows, &res->rows, err)) ||
	    (rc = copy_range(&pl->cols, &res->cols, err)) ||
	    (rc = copy_range(&pl->ksplit, &res->ksplit, err)) ||
	    (rc = copy_range(&pl->batch, &res->batch, err)) ||
	    (rc = copy_range(&pl->sram_mb, &res->sram_mb, err)) ||
	    (rc = copy_range(&pl->groups[g].freq_ghz, &res->freq_ghz, err)))
		return rc;
	return DSE_OK;
}

/* Point the designs of f at res's own copy of their format (the plan's
   goes with the plan). */
static void rebase(const struct dse_plan *pl, struct dse_explore_result *res,
		   struct dse_frontier *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct dse_format *fmt = f->p[i].design.format;

		if (fmt >= pl->st.formats && fmt < pl->st.formats + pl->st.nformats)
			f->p[i].design.format = &res->formats[fmt - pl->st.formats];
	}
}

/* Every design of res pointed at res's formats. */
static void rebase_all(const struct dse_plan *pl, struct dse_explore_result *res)
{
	size_t f, i;

	for (f = 0; f < res->nformats; f++) {
		rebase(pl, res, &res->frontier[f]);
		if (res->own_staircase)
			rebase(pl, res, &res->staircase[f]);
		rebase(pl, res, &res->canonical[f]);
	}
	for (f = 0; f < res->ndataflows; f++)
		rebase(pl, res, &res->by_dataflow[f]);
	rebase(pl, res, &res->all);
	for (i = 0; i < res->nslos * res->nformats; i++) {
		struct dse_frontier one = { 1, &res->tail[i].point };
		struct dse_frontier two = { 1, &res->tail[i].service };

		rebase(pl, res, &one);
		rebase(pl, res, &two);
	}
}

/* Everything of group g from the merged partial result. */
static int finish_group(const struct dse_plan *pl,
			const struct dse_partial *part, size_t g,
			struct dse_explore_result *res, struct dse_error *err)
{
	const struct dse_study *st = &pl->st;
	size_t f, d;
	int rc = header(pl, part, g, res, err);

	if (rc == DSE_OK && res->feasible == 0) {
		rc = none_feasible(pl, &part->groups[g], res, err);
		/* of several groups, the one that has no design */
		if (res->label[0] != '\0')
			dse_error_prefix(err, res->label);
		return rc;
	}
	for (f = 0; rc == DSE_OK && f < st->nformats; f++) {
		rc = frontier_of(pl, part, g, of_format, f, 0, &res->frontier[f],
				 err);
		if (rc == DSE_OK && pl->own_staircase)
			rc = frontier_of(pl, part, g, of_format, f, 1,
					 &res->staircase[f], err);
		else
			res->staircase[f] = res->frontier[f];
		if (rc == DSE_OK)
			rc = canonical(pl, &pl->groups[g], f, &res->canonical[f],
				       err);
	}
	for (d = 0; rc == DSE_OK && d < st->ndataflows; d++)
		rc = frontier_of(pl, part, g, of_dataflow, d, 0,
				 &res->by_dataflow[d], err);
	if (rc == DSE_OK)
		rc = frontier_of(pl, part, g, of_any, 0, 0, &res->all, err);
	if (rc == DSE_OK)
		rc = sample_of(pl, &part->groups[g], res, err);
	if (rc == DSE_OK && pl->nslots)
		rc = tail_pass(pl, part, g, res, err);
	rebase_all(pl, res);
	if (rc == DSE_OK)
		rc = explore_warnings(res, st, err);
	if (rc == DSE_OK)
		rc = explore_published(res, st, pl->groups[g].model, err);
	return rc;
}

/* Finish every group from a partial result covering every chunk. */
int dse_explore_finish(const struct dse_plan *pl,
		       const struct dse_partial *part,
		       struct dse_explore_result *res, struct dse_error *err)
{
	double t0 = now_s();
	size_t g;
	int rc = DSE_OK;

	for (g = 0; g < pl->ngroups; g++)
		memset(&res[g], 0, sizeof res[g]);
	if (pl->nchunks > 0 &&
	    (part->nranges != 1 || part->ranges[0] != 0 ||
	     part->ranges[1] != pl->nchunks))
		return dse_error_set(err, DSE_EINPUT,
				     "the partial results cover %zu range%s of chunks, not every one of the plan's %llu (%s)",
				     part->nranges, part->nranges == 1 ? "" : "s",
				     (unsigned long long)pl->nchunks,
				     part->nranges ? "a shard is missing" :
						     "nothing was run");
	for (g = 0; rc == DSE_OK && g < pl->ngroups; g++)
		rc = finish_group(pl, part, g, &res[g], err);
	for (g = 0; g < pl->ngroups; g++)
		res[g].wall_s = part->wall_s + (now_s() - t0);
	return rc;
}

/* Plan, run every chunk, finish: the study of one group on model. */
int dse_explore_run(const struct dse_study *st, const struct dse_model *model,
		    const struct dse_explore_hooks *hooks,
		    struct dse_explore_result *res, struct dse_error *err)
{
	struct dse_plan *pl = NULL;
	struct dse_partial *part = NULL;
	double t0 = now_s();
	int rc;

	memset(res, 0, sizeof *res);
	if (dse_study_groups(st) != 1)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study has %zu groups: plan it with a model per group",
				     dse_study_groups(st));
	rc = dse_explore_plan(st, &model, 1, &pl, err);
	if (rc == DSE_OK)
		rc = dse_explore_range(pl, 0, dse_plan_chunks(pl), hooks, &part,
				       err);
	if (rc == DSE_OK)
		rc = dse_explore_finish(pl, part, res, err);
	else if (part == NULL && pl != NULL) /* counts for the caller */
		res->total = dse_plan_designs(pl);
	res->wall_s = now_s() - t0;
	dse_partial_free(part);
	dse_plan_free(pl);
	return rc;
}
