/*
 * sweep.c - the second phase: evaluate a range of chunks on threads into a
 * partial result (counts, frontier candidates per cell, sample keys).
 *
 * A chunk is a run of design tuples of one block; a tuple is one shape at
 * every frequency of its group.  The kernel sizes the shape at each
 * frequency; consecutive frequencies that build the same arrays form a
 * group whose fastest point dominates or ties the rest when every
 * objective improves or stays with the latency (the same-array-count
 * rule), and whose every point is dominated when a member of the chunk's
 * own frontier dominates the group's peak-rate bounds (MODEL.md 8.2).
 * Both rules depend on nothing outside the chunk, so the counts of
 * evaluated and pruned designs are the same however chunks are shared.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore_impl.h"

/* Everything the workers share: fixed before they start but the queue. */
struct run {
	const struct dse_plan *pl;
	const struct dse_explore_hooks *hooks;
	uint64_t first, last;   /* chunks */

	pthread_mutex_t lock;
	pthread_cond_t turn;
	uint64_t next_chunk;    /* to hand out */
	uint64_t next_emit;     /* chunk whose points go to hooks->point next */
	double done, total;     /* designs */
	unsigned running;
	int status;             /* first failure */
	struct dse_error err;
};

/* What one block's chunks read: where each objective and constraint
   value is, per point (metrics) or per format (constants). */
struct cell_ctx {
	const struct plan_block *b;
	const struct plan_group *g;
	struct part_cell *cell;   /* the worker's */
	struct part_group *gp;    /* the worker's counts of the group */
	const double *src[DSE_OBJ_MAX];
	const double *csrc[DSE_STUDY_MAX_CONSTRAINTS];
	double met[DSE_METRIC_COUNT]; /* the kernel writes here */
	double fmt[DSE_OBJECTIVE_ROWS]; /* objective rows known per format */
};

/* One thread's state; its partial result is merged after the run. */
struct worker {
	struct run *run;
	pthread_t thread;
	struct dse_partial *part;
	struct dse_kernel **kernels;  /* per group */
	struct dse_sizing *sz;        /* per frequency of the tuple */
	struct dse_work *cache;       /* full evaluations for hooks->point */
	struct dse_point *buf;        /* a chunk's points, hooks->point */
	size_t nbuf;
	struct part_cell local;       /* the chunk's own frontiers (bounds) */
	struct cell_ctx cx;
};

/* Record the first failure and wake every waiting thread. */
static void fail(struct run *rn, int rc, const struct dse_error *err)
{
	pthread_mutex_lock(&rn->lock);
	if (rn->status == DSE_OK) {
		rn->status = rc;
		if (err)
			rn->err = *err;
		else
			dse_error_set(&rn->err, rc, "%s", dse_strerror(rc));
	}
	pthread_cond_broadcast(&rn->turn);
	pthread_mutex_unlock(&rn->lock);
}

/* Hand a chunk's points to hooks->point once every earlier chunk has. */
static int emit(struct run *rn, uint64_t chunk, const struct dse_point *p,
		size_t n)
{
	size_t i;
	int rc = DSE_OK;

	pthread_mutex_lock(&rn->lock);
	while (rn->next_emit != chunk && rn->status == DSE_OK)
		pthread_cond_wait(&rn->turn, &rn->lock);
	rc = rn->status;
	pthread_mutex_unlock(&rn->lock);
	for (i = 0; rc == DSE_OK && i < n; i++)
		rc = rn->hooks->point(&p[i], rn->hooks->point_arg);
	pthread_mutex_lock(&rn->lock);
	/* a failure is recorded before the next chunk may emit */
	if (rc != DSE_OK && rn->status == DSE_OK) {
		rn->status = rc;
		dse_error_set(&rn->err, rc, "design points: %s", dse_strerror(rc));
	}
	rn->next_emit++;
	pthread_cond_broadcast(&rn->turn);
	pthread_mutex_unlock(&rn->lock);
	return rc;
}

/* Index of batch size b among the plan's slots (b is one of them). */
static size_t slot_of(const struct dse_plan *pl, double b)
{
	size_t lo = 0, hi = pl->nslots;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (pl->slots[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The cell context of block b: value sources, the worker's cell and group. */
static void cell_setup(struct worker *w, const struct plan_block *b)
{
	const struct dse_plan *pl = w->run->pl;
	const struct dse_objective *rows;
	struct cell_ctx *cx = &w->cx;
	size_t k, n;

	rows = dse_objectives(&n);
	cx->b = b;
	cx->g = &pl->groups[b->group];
	cx->cell = &w->part->cells[b - pl->blocks];
	cx->gp = &w->part->groups[b->group];
	for (k = 0; k < n && k < DSE_OBJECTIVE_ROWS; k++)
		cx->fmt[k] = cx->g->format_value[b->format][k];
	for (k = 0; k < pl->st.nobjectives; k++) {
		const struct dse_objective *o = &rows[pl->row[k]];

		cx->src[k] = o->when == DSE_WHEN_POINT ? &cx->met[o->metric] :
							 &cx->fmt[pl->row[k]];
	}
	for (k = 0; k < pl->st.nconstraints; k++) {
		const size_t row = pl->st.constraints[k].objective;
		const struct dse_objective *o = &rows[row];

		cx->csrc[k] = o->when == DSE_WHEN_POINT ? &cx->met[o->metric] :
							  &cx->fmt[row];
	}
}

/* 1 when the values in cx meet every constraint; counts the first broken. */
static int meets(struct cell_ctx *cx, const struct dse_study *st)
{
	size_t c;

	for (c = 0; c < st->nconstraints; c++) {
		const struct dse_constraint *k = &st->constraints[c];
		const double v = *cx->csrc[c];

		if (k->upper ? v <= k->bound : v >= k->bound)
			continue;
		cx->gp->constrained[c]++;
		if (k->upper ? v < cx->gp->closest[c] : v > cx->gp->closest[c])
			cx->gp->closest[c] = v;
		return 0;
	}
	return 1;
}

/* The point sample: keep designs id0..id1 if their keys are among the
   smallest (the heap's largest key bounds what can enter). */
static void sample(struct worker *w, uint64_t id0, uint64_t id1)
{
	const struct dse_plan *pl = w->run->pl;
	struct part_group *g = w->cx.gp;
	const size_t cap = pl->st.sample;
	uint64_t id, bar;

	if (cap == 0)
		return;
	bar = g->nheap == cap ? g->heap[0].key : UINT64_MAX;
	for (id = id0; id <= id1; id++) {
		const uint64_t key = plan_sample_key(pl, id);

		if (key >= bar && g->nheap == cap)
			continue;
		partial_sample(g, key, id, cap);
		bar = g->nheap == cap ? g->heap[0].key : UINT64_MAX;
	}
}

/* The (latency, throughput) candidate of a design, both minimised. */
static struct dse_cand stair_cand(uint64_t id, double latency_us,
				  double throughput_tops)
{
	struct dse_cand c;

	memset(&c, 0, sizeof c);
	c.id = id;
	c.obj[0] = latency_us;
	c.obj[1] = -throughput_tops;
	return c;
}

/* Offer the evaluated design id (values in cx) to the frontiers. */
static int offer(struct worker *w, uint64_t id, double batch,
		 struct dse_error *err)
{
	const struct dse_plan *pl = w->run->pl;
	struct cell_ctx *cx = &w->cx;
	const int local = pl->bound;
	struct dse_cand c, s;
	size_t k;
	int rc;

	c.id = id;
	for (k = 0; k < (size_t)pl->dims; k++)
		c.obj[k] = pl->sign[k] * *cx->src[k];
	cx->gp->evaluated++;
	if ((rc = partial_offer(&cx->cell->front, &c, err)) != DSE_OK ||
	    (local && (rc = partial_offer(&w->local.front, &c, err)) != DSE_OK))
		return rc;
	if (!pl->own_staircase && pl->nslots == 0)
		return DSE_OK;
	s = stair_cand(id, cx->met[DSE_METRIC_LATENCY],
		       cx->met[DSE_METRIC_THROUGHPUT]);
	if (pl->own_staircase &&
	    ((rc = partial_offer(&cx->cell->stair, &s, err)) != DSE_OK ||
	     (local && (rc = partial_offer(&w->local.stair, &s, err)) != DSE_OK)))
		return rc;
	if (pl->nslots && s.obj[0] <= pl->tail_max_us) {
		const size_t slot = slot_of(pl, batch);

		if ((rc = partial_offer(&cx->cell->tail[slot], &s, err)) != DSE_OK ||
		    (local && (rc = partial_offer(&w->local.tail[slot], &s,
						  err)) != DSE_OK))
			return rc;
	}
	return DSE_OK;
}

/*
 * 1 when every point of a same-array group is dominated by a design of the
 * chunk: its frontier (and staircase, and the tail staircase of its batch
 * when the tail pass could take it) has a member that dominates the
 * group's optimistic point, the peak-rate bounds at its fastest point j.
 */
static int bounded_out(struct worker *w, size_t j, double batch,
		       struct dse_error *err, int *rc)
{
	const struct dse_plan *pl = w->run->pl;
	struct cell_ctx *cx = &w->cx;
	struct dse_kernel *k = w->kernels[cx->b->group];
	const struct dse_objective *rows;
	double lat, thr;
	struct dse_cand opt, s;
	size_t i, n;

	*rc = DSE_OK;
	if (w->local.front.n == 0)
		return 0;
	rows = dse_objectives(&n);
	dse_kernel_bound(k, j, &w->sz[j], &lat, &thr);
	memset(&opt, 0, sizeof opt);
	/* the rule holds: latency, throughput, and figures that stay the same */
	for (i = 0; i < (size_t)pl->dims; i++) {
		const struct dse_objective *o = &rows[pl->row[i]];

		if (pl->row[i] == pl->lat_row)
			opt.obj[i] = lat;
		else if (pl->row[i] == pl->thr_row)
			opt.obj[i] = -thr;
		else if (o->when == DSE_WHEN_FORMAT)
			opt.obj[i] = pl->sign[i] * cx->fmt[pl->row[i]];
		else {
			*rc = dse_kernel_metrics(k, j, &w->sz[j],
						 DSE_METRIC_BIT(o->metric),
						 cx->met, err);
			if (*rc != DSE_OK)
				return 0;
			opt.obj[i] = pl->sign[i] * cx->met[o->metric];
		}
	}
	if (!dse_pareto_dominated(&w->local.front, &opt))
		return 0;
	s = stair_cand(0, lat, thr);
	if (pl->own_staircase && !dse_pareto_dominated(&w->local.stair, &s))
		return 0;
	if (pl->nslots && lat <= pl->tail_max_us &&
	    !dse_pareto_dominated(&w->local.tail[slot_of(pl, batch)], &s))
		return 0;
	return 1;
}

/*
 * The points j0..j1 of one tuple (first id id0), feasible for the model
 * and building the same arrays: counted, sampled, and what can reach a
 * frontier offered to it.
 */
static int run_group(struct worker *w, size_t j0, size_t j1, uint64_t id0,
		     double batch, struct dse_error *err)
{
	const struct dse_plan *pl = w->run->pl;
	const struct dse_study *st = &pl->st;
	struct cell_ctx *cx = &w->cx;
	struct dse_kernel *k = w->kernels[cx->b->group];
	const struct dse_sizing *s = &w->sz[j0];
	const double n = (double)(j1 - j0 + 1);
	double fast = INFINITY, feasible = 0;
	size_t j, best = j1 + 1;
	int rc = DSE_OK;

	if (!pl->rule) { /* every point is offered */
		for (j = j0; rc == DSE_OK && j <= j1; j++) {
			rc = dse_kernel_metrics(k, j, &w->sz[j], pl->mask,
						cx->met, err);
			if (rc != DSE_OK || !meets(cx, st))
				continue;
			cx->gp->feasible++;
			sample(w, id0 + j, id0 + j);
			rc = offer(w, id0 + j, batch, err);
		}
		return rc;
	}
	if (pl->bound && bounded_out(w, j1, batch, err, &rc)) {
		cx->gp->feasible += n;
		cx->gp->pruned += n;
		sample(w, id0 + j0, id0 + j1);
		return DSE_OK;
	}
	if (rc != DSE_OK)
		return rc;
	if (st->nconstraints > 0) {
		/* the constraints' figures of every point; the fastest that
		   meets them (the lowest index of equal ones) */
		for (j = j0; rc == DSE_OK && j <= j1; j++) {
			rc = dse_kernel_metrics(k, j, &w->sz[j], pl->con_mask |
					DSE_METRIC_BIT(DSE_METRIC_LATENCY),
					cx->met, err);
			if (rc != DSE_OK || !meets(cx, st))
				continue;
			feasible++;
			sample(w, id0 + j, id0 + j);
			if (cx->met[DSE_METRIC_LATENCY] < fast) {
				fast = cx->met[DSE_METRIC_LATENCY];
				best = j;
			}
		}
	} else {
		feasible = n;
		sample(w, id0 + j0, id0 + j1);
		rc = dse_kernel_fastest(k, j0, j1, s, &best, err);
	}
	if (rc != DSE_OK || best > j1)
		return rc;
	cx->gp->feasible += feasible;
	cx->gp->pruned += feasible - 1;
	rc = dse_kernel_metrics(k, best, &w->sz[best], pl->mask, cx->met, err);
	return rc == DSE_OK ? offer(w, id0 + best, batch, err) : rc;
}

/* Every point of tuple t of the current block, in full, for hooks->point. */
static int full_points(struct worker *w, uint64_t t, struct dse_error *err)
{
	const struct dse_plan *pl = w->run->pl;
	struct cell_ctx *cx = &w->cx;
	const struct dse_objective *rows;
	struct dse_point pt;
	size_t j, c, si, n;
	int rc;

	rows = dse_objectives(&n);
	plan_design(pl, cx->b, t, &pt.design, &si);
	for (j = 0; j < cx->g->nfreq; j++) {
		struct dse_result *r = &pt.result;

		pt.design.opp = cx->g->opps[j];
		rc = dse_model_eval_cached(&cx->g->models[si], &pt.design,
					   w->cache, r, err);
		if (rc != DSE_OK)
			return rc;
		for (c = 0; r->verdict == DSE_FEASIBLE && c < pl->st.nconstraints; c++) {
			const struct dse_constraint *k = &pl->st.constraints[c];
			const struct dse_objective *o = &rows[k->objective];
			const double v = o->when == DSE_WHEN_POINT ?
						 o->of_point(&pt) : cx->fmt[k->objective];

			if (!(k->upper ? v <= k->bound : v >= k->bound))
				r->verdict = DSE_INF_CONSTRAINT;
		}
		w->buf[w->nbuf++] = pt;
	}
	return DSE_OK;
}

/* Tuple t of the current block: sized at every point, then its groups. */
static int run_tuple(struct worker *w, uint64_t t, struct dse_error *err)
{
	const struct dse_plan *pl = w->run->pl;
	struct cell_ctx *cx = &w->cx;
	const struct plan_group *g = cx->g;
	struct dse_kernel *k = w->kernels[cx->b->group];
	const uint64_t id0 = cx->b->first_id + t * g->nfreq;
	struct dse_design d;
	size_t j, j1, si, m;
	double batch;
	int rc;

	plan_design(pl, cx->b, t, &d, &si);
	batch = dse_dataflow_batch_on_rows(d.dataflow) ? d.rows : d.batch;
	if ((rc = dse_kernel_shape(k, &g->models[si], &d, err)) != DSE_OK)
		return rc;
	dse_kernel_size_all(k, w->sz, &m, cx->gp->infeasible);
	for (j = 0; rc == DSE_OK && j < m; j = j1 + 1) {
		j1 = j;
		if (w->sz[j].verdict != DSE_FEASIBLE) {
			cx->gp->infeasible[w->sz[j].verdict]++;
			continue;
		}
		/* without the rule one point at a time: no runs to find */
		while (pl->rule && j1 + 1 < m &&
		       w->sz[j1 + 1].verdict == DSE_FEASIBLE &&
		       w->sz[j1 + 1].groups == w->sz[j].groups &&
		       w->sz[j1 + 1].group_n == w->sz[j].group_n)
			j1++;
		rc = run_group(w, j, j1, id0, batch, err);
	}
	if (rc == DSE_OK && w->run->hooks && w->run->hooks->point)
		rc = full_points(w, t, err);
	return rc;
}

/* Empty the chunk's own frontiers, keeping their memory. */
static void local_reset(struct worker *w)
{
	size_t i;

	w->local.front.n = 0;
	w->local.stair.n = 0;
	dse_pareto_sort(&w->local.front); /* drops a tree over no members */
	for (i = 0; i < w->run->pl->nslots; i++)
		w->local.tail[i].n = 0;
}

/* The block of chunk c and its tuples [*t0, *t1). */
static const struct plan_block *chunk_block(const struct dse_plan *pl,
					    uint64_t c, uint64_t *t0,
					    uint64_t *t1)
{
	size_t lo = 0, hi = pl->nblocks;
	const struct plan_block *b;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (pl->blocks[mid].first_chunk <= c)
			lo = mid;
		else
			hi = mid;
	}
	/* blocks without chunks (no tuples) cannot hold c: step past them */
	while (pl->blocks[lo].nchunks == 0 ||
	       c >= pl->blocks[lo].first_chunk + pl->blocks[lo].nchunks)
		lo++;
	b = &pl->blocks[lo];
	*t0 = (c - b->first_chunk) * b->chunk_tuples;
	*t1 = *t0 + b->chunk_tuples < b->ntuples ? *t0 + b->chunk_tuples :
						   b->ntuples;
	return b;
}

/* Thread body: run chunks until none are left or the run has failed. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct run *rn = w->run;
	const struct dse_plan *pl = rn->pl;
	struct dse_error err;
	uint64_t chunk, t0, t1, t;
	int rc = DSE_OK;

	for (;;) {
		const struct plan_block *b;

		pthread_mutex_lock(&rn->lock);
		chunk = rn->next_chunk++;
		if (rn->status != DSE_OK || chunk >= rn->last) {
			pthread_mutex_unlock(&rn->lock);
			break;
		}
		pthread_mutex_unlock(&rn->lock);
		b = chunk_block(pl, chunk, &t0, &t1);
		cell_setup(w, b);
		local_reset(w);
		w->nbuf = 0;
		for (t = t0; rc == DSE_OK && t < t1; t++)
			rc = run_tuple(w, t, &err);
		if (rc != DSE_OK) {
			fail(rn, rc, &err);
			break;
		}
		if (rn->hooks && rn->hooks->point &&
		    (rc = emit(rn, chunk, w->buf, w->nbuf)) != DSE_OK)
			break;
		pthread_mutex_lock(&rn->lock);
		rn->done += (double)(t1 - t0) * (double)pl->groups[b->group].nfreq;
		pthread_mutex_unlock(&rn->lock);
	}
	pthread_mutex_lock(&rn->lock);
	rn->running--;
	pthread_cond_broadcast(&rn->turn); /* wakes the progress loop */
	pthread_mutex_unlock(&rn->lock);
	return NULL;
}

/* Free a worker's kernels, buffers and frontiers (not its partial). */
static void worker_free(struct worker *w, const struct dse_plan *pl)
{
	size_t i;

	for (i = 0; w->kernels && i < pl->ngroups; i++)
		dse_kernel_free(w->kernels[i]);
	free(w->kernels);
	free(w->sz);
	free(w->buf);
	dse_work_free(w->cache);
	dse_pareto_free(&w->local.front);
	dse_pareto_free(&w->local.stair);
	for (i = 0; w->local.tail && i < pl->nslots; i++)
		dse_pareto_free(&w->local.tail[i]);
	free(w->local.tail);
	dse_partial_free(w->part);
}

/* A worker's kernels, buffers, local frontiers and empty partial. */
static int worker_new(struct worker *w, struct run *rn, struct dse_error *err)
{
	const struct dse_plan *pl = rn->pl;
	size_t g, i, nfreq = 1, chunk = 1;
	int rc;

	memset(w, 0, sizeof *w);
	w->run = rn;
	if ((rc = partial_new(pl, &w->part, err)) != DSE_OK)
		return rc;
	w->kernels = calloc(pl->ngroups, sizeof *w->kernels);
	if (w->kernels == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (g = 0; g < pl->ngroups; g++) {
		const struct plan_group *pg = &pl->groups[g];

		if ((rc = dse_kernel_new(pg->model->tech, pg->opps, pg->nfreq,
					 &w->kernels[g], err)) != DSE_OK)
			return rc;
		if (pg->nfreq > nfreq)
			nfreq = pg->nfreq;
	}
	for (i = 0; i < pl->nblocks; i++)
		if (pl->blocks[i].chunk_tuples *
			    pl->groups[pl->blocks[i].group].nfreq > chunk)
			chunk = pl->blocks[i].chunk_tuples *
				pl->groups[pl->blocks[i].group].nfreq;
	w->sz = calloc(nfreq, sizeof *w->sz);
	dse_pareto_init(&w->local.front, pl->dims);
	dse_pareto_init(&w->local.stair, 2);
	if (pl->nslots) {
		w->local.tail = calloc(pl->nslots, sizeof *w->local.tail);
		for (i = 0; w->local.tail && i < pl->nslots; i++)
			dse_pareto_init(&w->local.tail[i], 2);
	}
	if (rn->hooks && rn->hooks->point) {
		w->buf = calloc(chunk, sizeof *w->buf);
		w->cache = dse_work_new();
	}
	if (w->sz == NULL || (pl->nslots && w->local.tail == NULL) ||
	    (rn->hooks && rn->hooks->point && (!w->buf || !w->cache)))
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	return DSE_OK;
}

/* Start the workers, report progress, wait for them. */
static int sweep(struct run *rn, struct worker *w, unsigned nw,
		 struct dse_error *err)
{
	const struct dse_explore_hooks *hooks = rn->hooks;
	unsigned k, started = 0;
	double done;
	int running;

	rn->running = nw;
	for (k = 0; k < nw; k++) {
		if (pthread_create(&w[k].thread, NULL, work, &w[k]) != 0) {
			struct dse_error e;

			dse_error_set(&e, DSE_ENOMEM, "cannot start thread %u", k);
			fail(rn, DSE_ENOMEM, &e);
			pthread_mutex_lock(&rn->lock);
			rn->running -= nw - k;
			pthread_mutex_unlock(&rn->lock);
			break;
		}
		started++;
	}
	/* report progress every 100 ms until the last worker is done */
	pthread_mutex_lock(&rn->lock);
	do {
		struct timespec until;

		running = rn->running > 0;
		done = rn->done;
		if (hooks && hooks->progress) {
			pthread_mutex_unlock(&rn->lock);
			hooks->progress(done, rn->total, hooks->progress_arg);
			pthread_mutex_lock(&rn->lock);
		}
		if (!running)
			break;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (rn->running > 0 &&
		       pthread_cond_timedwait(&rn->turn, &rn->lock, &until) == 0)
			;
	} while (1);
	pthread_mutex_unlock(&rn->lock);
	for (k = 0; k < started; k++)
		pthread_join(w[k].thread, NULL);
	if (rn->status != DSE_OK) {
		if (err)
			*err = rn->err;
		return rn->status;
	}
	return DSE_OK;
}

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The designs of chunks [first, last). */
static double range_designs(const struct dse_plan *pl, uint64_t first,
			    uint64_t last)
{
	uint64_t c, t0, t1;
	double n = 0;

	for (c = first; c < last; c++) {
		const struct plan_block *b = chunk_block(pl, c, &t0, &t1);

		n += (double)(t1 - t0) * (double)pl->groups[b->group].nfreq;
	}
	return n;
}

/* Run chunks [first, last) on the study's threads into a partial result. */
int dse_explore_range(const struct dse_plan *pl, uint64_t first,
		      uint64_t last, const struct dse_explore_hooks *hooks,
		      struct dse_partial **out, struct dse_error *err)
{
	struct run rn;
	struct worker *w = NULL;
	struct dse_partial *part = NULL;
	double t0 = now_s();
	unsigned nw = 0, k;
	int rc;

	*out = NULL;
	if (first > last || last > pl->nchunks)
		return dse_error_set(err, DSE_EUSAGE,
				     "chunks %llu..%llu: outside the plan's %llu",
				     (unsigned long long)first,
				     (unsigned long long)last,
				     (unsigned long long)pl->nchunks);
	memset(&rn, 0, sizeof rn);
	rn.pl = pl;
	rn.hooks = hooks;
	rn.first = rn.next_chunk = rn.next_emit = first;
	rn.last = last;
	rn.total = range_designs(pl, first, last);
	rc = partial_new(pl, &part, err);
	if (rc == DSE_OK) {
		nw = explore_threads(pl->st.threads);
		if (nw > last - first)
			nw = (unsigned)(last > first ? last - first : 1);
		w = calloc(nw, sizeof *w);
		if (w == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (k = 0; rc == DSE_OK && k < nw; k++)
		rc = worker_new(&w[k], &rn, err);
	if (rc == DSE_OK) {
		pthread_mutex_init(&rn.lock, NULL);
		pthread_cond_init(&rn.turn, NULL);
		rc = sweep(&rn, w, nw, err);
		pthread_cond_destroy(&rn.turn);
		pthread_mutex_destroy(&rn.lock);
	}
	/* the workers' partials, each of no chunk range, into part's */
	for (k = 0; rc == DSE_OK && k < nw; k++)
		rc = dse_explore_merge(pl, part, w[k].part, err);
	for (k = 0; w && k < nw; k++)
		worker_free(&w[k], pl);
	free(w);
	if (rc == DSE_OK && last > first) {
		free(part->ranges);
		part->ranges = malloc(2 * sizeof *part->ranges);
		if (part->ranges == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		else {
			part->ranges[0] = first;
			part->ranges[1] = last;
			part->nranges = 1;
		}
	}
	if (rc != DSE_OK) {
		dse_partial_free(part);
		return rc;
	}
	part->threads = nw;
	part->wall_s = now_s() - t0;
	*out = part;
	return DSE_OK;
}
