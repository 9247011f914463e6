/* sweep.c - enumerate the design space on threads; frontiers, counts, sample. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explore_impl.h"

/* Points handed to a thread at a time (whole frequency sweeps). */
#define CHUNK_POINTS 4096
/* The canonical TPU-like design: ws, 128 x 128 (TPUv2-v4 MXU side),
   double-buffered weights and accumulators as the TPUs have them. */
#define CANON_SIDE 128

/* One (format, dataflow) block of the enumeration. */
struct block {
	size_t format;
	enum dse_dataflow dataflow;
	uint64_t first;  /* index of its first tuple */
	uint64_t nbatch; /* 1 when the batch is the array height */
};

/* Everything a worker reads: fixed before the threads start. */
struct plan {
	const struct dse_model *model;
	struct dse_model *models; /* one per SRAM size, as res->sram_mb */
	const struct dse_study *st;
	const struct dse_explore_hooks *hooks;
	struct dse_explore_result *res;
	size_t nblocks;
	struct block blocks[DSE_STUDY_MAX_FORMATS * DSE_DATAFLOW_COUNT];
	struct dse_opp *opps; /* one per frequency, ascending */
	uint64_t ntuples, chunk_tuples, nchunks;
	int dims;
	/* the tail pass's candidates: a staircase per format and batch size */
	size_t nslots;       /* distinct batch sizes; 0: no tail pass */
	double *slots;       /* the batch sizes, ascending */
	double tail_max_us;  /* the largest SLO */

	pthread_mutex_t lock;
	pthread_cond_t turn;
	uint64_t next_chunk;   /* to hand out */
	uint64_t next_emit;    /* chunk whose points go to hooks->point next */
	double done;           /* points evaluated */
	unsigned running;
	int status;            /* first failure */
	struct dse_error err;
};

/* What one thread accumulates; merged after the sweep. */
struct worker {
	struct plan *plan;
	pthread_t thread;
	struct dse_pareto front[DSE_STUDY_MAX_FORMATS];
	struct dse_sample *heap; /* max-heap on key, plan->st->sample slots */
	size_t nheap;
	double evaluated, feasible, infeasible[DSE_VERDICT_COUNT];
	double fastest_us;      /* fastest design only the latency bound ruled out */
	struct dse_point *buf;  /* a chunk's points, when hooks->point is set */
	struct dse_pareto *tail;/* [format * nslots + slot] when nslots > 0 */
};

/* splitmix64 (Steele, Lea & Flood 2014): the sample's hash of an id. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The design of tuple t (every frequency shares it) and its SRAM size. */
static void decode(const struct plan *pl, uint64_t t, struct dse_design *d,
		   size_t *format, size_t *sram)
{
	const struct dse_explore_result *res = pl->res;
	const struct block *b = pl->blocks;
	uint64_t local, nb;

	while (b + 1 < pl->blocks + pl->nblocks && b[1].first <= t)
		b++;
	local = t - b->first;
	nb = b->nbatch;
	*format = b->format;
	d->format = &res->formats[b->format];
	d->dataflow = b->dataflow;
	/* os: the batch is the array height; ws, is: swept */
	d->batch = dse_dataflow_batch_on_rows(b->dataflow) ?
			   0 : (unsigned)res->batch.v[local % nb];
	local /= nb;
	d->ksplit = (unsigned)res->ksplit.v[local % res->ksplit.n];
	local /= res->ksplit.n;
	d->cols = (unsigned)res->cols.v[local % res->cols.n];
	local /= res->cols.n;
	d->rows = (unsigned)res->rows.v[local % res->rows.n];
	*sram = (size_t)(local / res->rows.n);
	d->arrays = 0;
	d->fold_overlap = pl->st->fold_overlap;
	d->accumulators = pl->st->accumulators;
}

/* Keep s if its key is among the cap smallest seen (a bounded max-heap). */
static void heap_offer(struct worker *w, const struct dse_sample *s, size_t cap)
{
	struct dse_sample *h = w->heap;
	size_t i, c;

	if (cap == 0)
		return;
	if (w->nheap < cap) { /* sift up */
		i = w->nheap++;
		while (i > 0 && h[(i - 1) / 2].key < s->key) {
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = *s;
		return;
	}
	if (s->key >= h[0].key)
		return;
	for (i = 0; (c = 2 * i + 1) < cap; i = c) { /* sift down */
		if (c + 1 < cap && h[c + 1].key > h[c].key)
			c++;
		if (h[c].key <= s->key)
			break;
		h[i] = h[c];
	}
	h[i] = *s;
}

/* Record the first failure and wake every waiting thread. */
static void fail(struct plan *pl, int rc, const struct dse_error *err)
{
	pthread_mutex_lock(&pl->lock);
	if (pl->status == DSE_OK) {
		pl->status = rc;
		if (err)
			pl->err = *err;
	}
	pthread_cond_broadcast(&pl->turn);
	pthread_mutex_unlock(&pl->lock);
}

/* Hand a chunk's points to hooks->point once every earlier chunk has. */
static int emit(struct plan *pl, uint64_t chunk, const struct dse_point *p,
		size_t n)
{
	size_t i;
	int rc = DSE_OK;

	pthread_mutex_lock(&pl->lock);
	while (pl->next_emit != chunk && pl->status == DSE_OK)
		pthread_cond_wait(&pl->turn, &pl->lock);
	rc = pl->status;
	pthread_mutex_unlock(&pl->lock);
	for (i = 0; rc == DSE_OK && i < n; i++)
		rc = pl->hooks->point(&p[i], pl->hooks->point_arg);
	pthread_mutex_lock(&pl->lock);
	/* a failure is recorded before the next chunk may emit */
	if (rc != DSE_OK && pl->status == DSE_OK) {
		pl->status = rc;
		dse_error_set(&pl->err, rc, "design points: %s", dse_strerror(rc));
	}
	pl->next_emit++;
	pthread_cond_broadcast(&pl->turn);
	pthread_mutex_unlock(&pl->lock);
	return rc;
}

/* Index of batch size b among the plan's slots (b is one of them). */
static size_t slot_of(const struct plan *pl, double b)
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

/* Evaluate tuples [t0, t1) at every frequency. */
static int run_chunk(struct worker *w, uint64_t t0, uint64_t t1, size_t *nbuf)
{
	struct plan *pl = w->plan;
	const size_t nfreq = pl->res->freq_ghz.n;
	const double lat_max = pl->st->latency_max_us;
	struct dse_point pt;
	struct dse_work *cache = dse_work_new();
	struct dse_error err;
	int status = DSE_OK;
	struct dse_cand c;
	struct dse_sample s;
	uint64_t t;
	size_t j, f, si;
	int rc;

	if (cache == NULL) {
		fail(pl, DSE_ENOMEM, NULL);
		return DSE_ENOMEM;
	}
	for (t = t0; status == DSE_OK && t < t1; t++) {
		decode(pl, t, &pt.design, &f, &si);
		for (j = 0; status == DSE_OK && j < nfreq; j++) {
			struct dse_result *r = &pt.result;

			pt.design.opp = pl->opps[j];
			rc = dse_model_eval_cached(&pl->models[si], &pt.design,
						   cache, r, &err);
			if (rc != DSE_OK) {
				fail(pl, rc, &err);
				status = rc;
				break;
			}
			w->evaluated++;
			if (r->verdict == DSE_FEASIBLE && lat_max > 0 &&
			    r->latency_us > lat_max) {
				r->verdict = DSE_INF_LATENCY;
				if (r->latency_us < w->fastest_us)
					w->fastest_us = r->latency_us;
			}
			if (pl->hooks && pl->hooks->point)
				w->buf[(*nbuf)++] = pt;
			if (r->verdict != DSE_FEASIBLE) {
				w->infeasible[r->verdict]++;
				continue;
			}
			w->feasible++;
			c.id = t * nfreq + j;
			c.latency_us = r->latency_us;
			c.throughput_tops = r->throughput_tops;
			c.energy_per_item_uj = r->energy_per_item_uj;
			if (dse_pareto_insert(&w->front[f], &c) == DSE_ENOMEM ||
			    (pl->nslots && r->latency_us <= pl->tail_max_us &&
			     dse_pareto_insert(&w->tail[f * pl->nslots +
							slot_of(pl, r->batch)],
					       &c) == DSE_ENOMEM)) {
				fail(pl, DSE_ENOMEM, NULL);
				status = DSE_ENOMEM;
				break;
			}
			s.key = mix(pl->st->seed ^ mix(c.id));
			if (w->nheap == pl->st->sample && s.key >= w->heap[0].key)
				continue;
			s.format = (uint32_t)f;
			s.dataflow = (uint8_t)pt.design.dataflow;
			s.rows = pt.design.rows;
			s.cols = pt.design.cols;
			s.ksplit = pt.design.ksplit;
			s.batch = (uint32_t)r->batch;
			s.freq_ghz = r->freq_ghz;
			s.latency_us = r->latency_us;
			s.throughput_tops = r->throughput_tops;
			s.energy_per_item_uj = r->energy_per_item_uj;
			s.sram_mb = r->sram_mb;
			heap_offer(w, &s, pl->st->sample);
		}
	}
	dse_work_free(cache);
	return status;
}

/* Thread body: run chunks until none are left or the sweep has failed. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct plan *pl = w->plan;
	uint64_t chunk, t0, t1;
	size_t nbuf;
	int rc = DSE_OK;

	for (;;) {
		pthread_mutex_lock(&pl->lock);
		chunk = pl->next_chunk++;
		if (pl->status != DSE_OK || chunk >= pl->nchunks) {
			pthread_mutex_unlock(&pl->lock);
			break;
		}
		pthread_mutex_unlock(&pl->lock);
		t0 = chunk * pl->chunk_tuples;
		t1 = t0 + pl->chunk_tuples < pl->ntuples ? t0 + pl->chunk_tuples :
							   pl->ntuples;
		nbuf = 0;
		rc = run_chunk(w, t0, t1, &nbuf);
		if (rc == DSE_OK && pl->hooks && pl->hooks->point)
			rc = emit(pl, chunk, w->buf, nbuf);
		pthread_mutex_lock(&pl->lock);
		pl->done += (double)(t1 - t0) * (double)pl->res->freq_ghz.n;
		pthread_mutex_unlock(&pl->lock);
		if (rc != DSE_OK)
			break;
	}
	pthread_mutex_lock(&pl->lock);
	pl->running--;
	pthread_cond_broadcast(&pl->turn); /* wakes the progress loop */
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One model per swept SRAM size, on the caller's technology, workload, budget. */
static int make_models(struct plan *pl, struct dse_error *err)
{
	const struct dse_range *r = &pl->res->sram_mb;
	struct dse_budget b = pl->model->budget;
	size_t i;
	int rc;

	pl->models = calloc(r->n, sizeof *pl->models);
	if (pl->models == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < r->n; i++) {
		b.sram_mb = r->v[i];
		rc = dse_model_init(&pl->models[i], pl->model->tech,
				    pl->model->wl, &b, err);
		if (rc != DSE_OK) {
			dse_error_prefix(err, "sram_mb");
			return rc;
		}
	}
	return DSE_OK;
}

/* The distinct batch sizes of the study: rows (os) and the batch range. */
static int tail_slots(struct plan *pl, struct dse_error *err)
{
	const struct dse_explore_result *res = pl->res;
	size_t i, j, n = 0, on_rows = 0, other = 0;

	for (i = 0; i < pl->nblocks; i++) {
		if (dse_dataflow_batch_on_rows(pl->blocks[i].dataflow))
			on_rows = 1;
		else
			other = 1;
	}
	pl->slots = calloc(res->rows.n + res->batch.n, sizeof *pl->slots);
	if (pl->slots == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	/* merge two sorted lists of distinct values */
	for (i = j = 0; (on_rows && i < res->rows.n) || (other && j < res->batch.n);) {
		double a = on_rows && i < res->rows.n ? res->rows.v[i] : INFINITY;
		double b = other && j < res->batch.n ? res->batch.v[j] : INFINITY;
		double v = a < b ? a : b;

		pl->slots[n++] = v;
		i += a == v;
		j += b == v;
	}
	pl->nslots = n;
	pl->tail_max_us = pl->st->slos_us[pl->st->nslos - 1];
	return DSE_OK;
}

/* Parse the study's names and ranges into res and the plan's blocks. */
static int prepare(struct plan *pl, struct dse_error *err)
{
	const struct dse_study *st = pl->st;
	struct dse_explore_result *res = pl->res;
	double total;
	size_t i, j;
	int rc;

	if (st->nformats == 0 || st->ndataflows == 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study needs at least one format and one dataflow");
	res->nformats = st->nformats;
	for (i = 0; i < st->nformats; i++)
		if (dse_format_parse(st->formats[i], &res->formats[i], err) !=
		    DSE_OK)
			return err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
	if ((rc = dse_study_range(st, "rows", &res->rows, err)) ||
	    (rc = dse_study_range(st, "cols", &res->cols, err)) ||
	    (rc = dse_study_range(st, "k_split", &res->ksplit, err)) ||
	    (rc = dse_study_range(st, "batch", &res->batch, err)) ||
	    (rc = dse_study_range(st, "sram_mb", &res->sram_mb, err)) ||
	    (rc = dse_study_freqs(st->freq_ghz, pl->model->tech, &res->freq_ghz, err)) ||
	    (rc = make_models(pl, err)))
		return rc;
	/* count in doubles first: each factor is at most DSE_RANGE_MAX, so no
	   product overflows, and below 2^53 (far above the limit) every
	   count is exact; only a space within the limit is counted in uint64 */
	total = 0;
	for (j = 0; j < st->ndataflows; j++)
		total += (double)res->rows.n * (double)res->cols.n *
			 (double)res->ksplit.n *
			 (dse_dataflow_batch_on_rows(st->dataflows[j]) ?
				  1.0 : (double)res->batch.n);
	total *= (double)st->nformats * (double)res->freq_ghz.n;
	if (total > DSE_EXPLORE_MAX_DESIGNS)
		return dse_error_set(err, DSE_EUSAGE,
				     "the study spans %.4g designs, more than %.0e: narrow the ranges",
				     total, DSE_EXPLORE_MAX_DESIGNS);
	pl->opps = calloc(res->freq_ghz.n, sizeof *pl->opps);
	if (pl->opps == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (j = 0; j < res->freq_ghz.n; j++)
		if ((rc = dse_tech_opp(pl->model->tech, res->freq_ghz.v[j],
				       &pl->opps[j], err)) != DSE_OK)
			return rc;
	pl->nblocks = 0;
	pl->ntuples = 0;
	for (i = 0; i < st->nformats; i++) {
		for (j = 0; j < st->ndataflows; j++) {
			struct block *b = &pl->blocks[pl->nblocks++];

			b->format = i;
			b->dataflow = st->dataflows[j];
			b->first = pl->ntuples;
			b->nbatch = dse_dataflow_batch_on_rows(b->dataflow) ?
					    1 : res->batch.n;
			pl->ntuples += (uint64_t)res->sram_mb.n * res->rows.n *
				       res->cols.n * res->ksplit.n * b->nbatch;
		}
	}
	if (st->nslos > 0 && (rc = tail_slots(pl, err)) != DSE_OK)
		return rc;
	pl->chunk_tuples = CHUNK_POINTS / res->freq_ghz.n;
	if (pl->chunk_tuples == 0)
		pl->chunk_tuples = 1;
	pl->nchunks = (pl->ntuples + pl->chunk_tuples - 1) / pl->chunk_tuples;
	res->total = (double)pl->ntuples * (double)res->freq_ghz.n;
	return DSE_OK;
}

/* Free a worker's frontiers, sample heap and point buffer. */
static void worker_free(struct worker *w, size_t nformats)
{
	size_t i;

	for (i = 0; i < nformats; i++)
		dse_pareto_free(&w->front[i]);
	for (i = 0; w->tail && i < nformats * w->plan->nslots; i++)
		dse_pareto_free(&w->tail[i]);
	free(w->tail);
	free(w->heap);
	free(w->buf);
}

/* qsort order of samples by key, ascending. */
static int cmp_sample(const void *a, const void *b)
{
	uint64_t x = ((const struct dse_sample *)a)->key;
	uint64_t y = ((const struct dse_sample *)b)->key;

	return (x > y) - (x < y);
}

/* Design `id` of the enumeration, evaluated in full. */
static int point_of(const struct plan *pl, uint64_t id, struct dse_point *pt,
		    const struct dse_model **model, struct dse_error *err)
{
	const size_t nfreq = pl->res->freq_ghz.n;
	size_t f, si;

	decode(pl, id / nfreq, &pt->design, &f, &si);
	pt->design.opp = pl->opps[id % nfreq];
	if (model)
		*model = &pl->models[si];
	return dse_model_eval(&pl->models[si], &pt->design, &pt->result, err);
}

/* Re-evaluate the members of a frontier in full. */
static int expand(const struct plan *pl, const struct dse_pareto *p,
		  struct dse_frontier *out, struct dse_error *err)
{
	size_t i;
	int rc;

	out->p = calloc(p->n ? p->n : 1, sizeof *out->p);
	if (out->p == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	out->n = p->n;
	for (i = 0; i < p->n; i++)
		if ((rc = point_of(pl, p->c[i].id, &out->p[i], NULL, err)) != DSE_OK)
			return rc;
	return DSE_OK;
}

/*
 * The tail pass's candidates: per format, the members of every worker's
 * staircases of each batch size, merged, evaluated in full.
 */
static int tail_pass(struct plan *pl, struct worker *w, unsigned nw,
		     struct dse_error *err)
{
	const size_t nf = pl->res->nformats;
	struct tail_cand *cands[DSE_STUDY_MAX_FORMATS] = { NULL };
	size_t ncands[DSE_STUDY_MAX_FORMATS] = { 0 };
	size_t f, slot, i;
	unsigned k;
	int rc = DSE_OK;

	for (f = 0; rc == DSE_OK && f < nf; f++) {
		for (slot = 0; rc == DSE_OK && slot < pl->nslots; slot++) {
			struct dse_pareto m;
			struct tail_cand *nc;

			dse_pareto_init(&m, 2);
			for (k = 0; k < nw; k++) {
				const struct dse_pareto *p =
					&w[k].tail[f * pl->nslots + slot];

				for (i = 0; rc == DSE_OK && i < p->n; i++)
					if (dse_pareto_insert(&m, &p->c[i]) < 0)
						rc = dse_error_set(err, DSE_ENOMEM,
								   "out of memory");
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
				rc = point_of(pl, c->id, &c->p, &c->model, err);
			}
			dse_pareto_free(&m);
		}
	}
	if (rc == DSE_OK)
		rc = explore_tail(pl->st, pl->model, cands, ncands,
				  pl->res->threads, pl->res, err);
	for (f = 0; f < nf; f++)
		free(cands[f]);
	return rc;
}

/* The canonical design at every batch and SRAM size, feasible ones kept. */
static int canonical(const struct plan *pl, size_t f, struct dse_frontier *out,
		     struct dse_error *err)
{
	const struct dse_explore_result *res = pl->res;
	const struct dse_tech *tech = pl->model->tech;
	struct dse_point pt;
	size_t i, k;
	int rc;

	out->p = calloc(res->batch.n * res->sram_mb.n, sizeof *out->p);
	if (out->p == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	memset(&pt, 0, sizeof pt);
	pt.design.format = &res->formats[f];
	pt.design.dataflow = DSE_WS;
	pt.design.rows = pt.design.cols = CANON_SIDE;
	pt.design.ksplit = 1;
	pt.design.fold_overlap = 1;
	pt.design.accumulators = 1;
	if ((rc = dse_tech_opp(tech, tech->f_nom_ghz, &pt.design.opp, err)))
		return rc;
	for (k = 0; k < res->sram_mb.n; k++) {
		for (i = 0; i < res->batch.n; i++) {
			pt.design.batch = (unsigned)res->batch.v[i];
			rc = dse_model_eval(&pl->models[k], &pt.design,
					    &pt.result, err);
			if (rc != DSE_OK)
				return rc;
			if (pt.result.verdict == DSE_FEASIBLE &&
			    (pl->st->latency_max_us <= 0 ||
			     pt.result.latency_us <= pl->st->latency_max_us))
				out->p[out->n++] = pt;
		}
	}
	return DSE_OK;
}

/* Why nothing is feasible: the constraint that ruled out most designs. */
static int none_feasible(const struct dse_explore_result *res, double fastest,
			 double lat_max, struct dse_error *err)
{
	size_t v, top = DSE_FEASIBLE + 1;

	for (v = DSE_FEASIBLE + 1; v < DSE_VERDICT_COUNT; v++)
		if (res->infeasible[v] > res->infeasible[top])
			top = v;
	if (res->infeasible[DSE_INF_LATENCY] > 0)
		return dse_error_set(err, DSE_EINFEASIBLE,
				     "latency bound %g us (latency_max_us): no design meets it, the fastest otherwise feasible one takes %.4g us; of %.0f designs, %.0f were ruled out by %s",
				     lat_max, fastest, res->evaluated,
				     res->infeasible[top],
				     dse_verdict_name((enum dse_verdict)top));
	return dse_error_set(err, DSE_EINFEASIBLE,
			     "no feasible design among %.0f: %.0f ruled out by %s (%.1f %%), area %.0f, power %.0f, frequency %.0f, sram %.0f, dram %.0f",
			     res->evaluated, res->infeasible[top],
			     dse_verdict_name((enum dse_verdict)top),
			     100.0 * res->infeasible[top] / res->evaluated,
			     res->infeasible[DSE_INF_AREA],
			     res->infeasible[DSE_INF_POWER],
			     res->infeasible[DSE_INF_FREQUENCY],
			     res->infeasible[DSE_INF_SRAM],
			     res->infeasible[DSE_INF_DRAM]);
}

/* Merge the workers: counts, frontiers (order-free), sample (smallest keys). */
static int merge(struct plan *pl, struct worker *w, unsigned nw,
		 double *fastest, struct dse_error *err)
{
	struct dse_explore_result *res = pl->res;
	struct dse_pareto front, all;
	size_t f, i, v, nsample = 0;
	unsigned k;
	int rc = DSE_OK;

	*fastest = INFINITY;
	for (k = 0; k < nw; k++) {
		res->evaluated += w[k].evaluated;
		res->feasible += w[k].feasible;
		for (v = 0; v < DSE_VERDICT_COUNT; v++)
			res->infeasible[v] += w[k].infeasible[v];
		if (w[k].fastest_us < *fastest)
			*fastest = w[k].fastest_us;
		nsample += w[k].nheap;
	}
	res->sample = calloc(nsample ? nsample : 1, sizeof *res->sample);
	if (res->sample == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (k = 0; k < nw; k++) {
		memcpy(res->sample + res->nsample, w[k].heap,
		       w[k].nheap * sizeof *res->sample);
		res->nsample += w[k].nheap;
	}
	qsort(res->sample, res->nsample, sizeof *res->sample, cmp_sample);
	if (res->nsample > pl->st->sample)
		res->nsample = pl->st->sample;

	dse_pareto_init(&all, pl->dims);
	for (f = 0; rc == DSE_OK && f < res->nformats; f++) {
		dse_pareto_init(&front, pl->dims);
		for (k = 0; k < nw; k++)
			for (i = 0; i < w[k].front[f].n; i++)
				if (dse_pareto_insert(&front, &w[k].front[f].c[i]) < 0 ||
				    dse_pareto_insert(&all, &w[k].front[f].c[i]) < 0)
					rc = dse_error_set(err, DSE_ENOMEM,
							   "out of memory");
		if (rc == DSE_OK)
			rc = expand(pl, &front, &res->frontier[f], err);
		if (rc == DSE_OK)
			rc = canonical(pl, f, &res->canonical[f], err);
		dse_pareto_free(&front);
	}
	if (rc == DSE_OK)
		rc = expand(pl, &all, &res->all, err);
	dse_pareto_free(&all);
	return rc;
}

/* Processors online, at least 1. */
static unsigned cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

/* Start the workers, report progress, wait for them. */
static int sweep(struct plan *pl, struct worker *w, unsigned nw,
		 struct dse_error *err)
{
	const struct dse_explore_hooks *hooks = pl->hooks;
	unsigned k, started = 0;
	double done;
	int running;

	pl->running = nw;
	for (k = 0; k < nw; k++) {
		if (pthread_create(&w[k].thread, NULL, work, &w[k]) != 0) {
			struct dse_error e;

			dse_error_set(&e, DSE_ENOMEM, "cannot start thread %u", k);
			fail(pl, DSE_ENOMEM, &e);
			pthread_mutex_lock(&pl->lock);
			pl->running -= nw - k;
			pthread_mutex_unlock(&pl->lock);
			break;
		}
		started++;
	}
	/* report progress every 100 ms until the last worker is done */
	pthread_mutex_lock(&pl->lock);
	do {
		struct timespec until;

		running = pl->running > 0;
		done = pl->done;
		if (hooks && hooks->progress) {
			pthread_mutex_unlock(&pl->lock);
			hooks->progress(done, pl->res->total, hooks->progress_arg);
			pthread_mutex_lock(&pl->lock);
		}
		if (!running)
			break;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (pl->running > 0 &&
		       pthread_cond_timedwait(&pl->turn, &pl->lock, &until) == 0)
			;
	} while (1);
	pthread_mutex_unlock(&pl->lock);
	for (k = 0; k < started; k++)
		pthread_join(w[k].thread, NULL);
	if (pl->status != DSE_OK) {
		if (err)
			*err = pl->err;
		return pl->status;
	}
	return DSE_OK;
}

/* Plan the sweep, run it on the workers, merge what they found. */
int dse_explore_run(const struct dse_study *st, const struct dse_model *model,
		    const struct dse_explore_hooks *hooks,
		    struct dse_explore_result *res, struct dse_error *err)
{
	struct plan pl;
	struct worker *w = NULL;
	double t0 = now_s(), fastest;
	unsigned nw = 0, k;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&pl, 0, sizeof pl);
	pl.model = model;
	pl.st = st;
	pl.hooks = hooks;
	pl.res = res;
	pl.dims = st->energy_objective ? 3 : 2;
	res->dims = pl.dims;
	rc = prepare(&pl, err);
	if (rc == DSE_OK) {
		nw = st->threads ? st->threads : cores();
		if (nw > pl.nchunks)
			nw = (unsigned)(pl.nchunks ? pl.nchunks : 1);
		res->threads = nw;
		w = calloc(nw, sizeof *w);
		if (w == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (k = 0; rc == DSE_OK && k < nw; k++) {
		size_t f;

		w[k].plan = &pl;
		w[k].fastest_us = INFINITY;
		for (f = 0; f < res->nformats; f++)
			dse_pareto_init(&w[k].front[f], pl.dims);
		w[k].heap = calloc(st->sample ? st->sample : 1, sizeof *w[k].heap);
		if (pl.nslots) {
			size_t i;

			w[k].tail = calloc(res->nformats * pl.nslots,
					   sizeof *w[k].tail);
			for (i = 0; w[k].tail && i < res->nformats * pl.nslots; i++)
				dse_pareto_init(&w[k].tail[i], 2);
		}
		if (hooks && hooks->point)
			w[k].buf = calloc(pl.chunk_tuples * res->freq_ghz.n,
					  sizeof *w[k].buf);
		if (w[k].heap == NULL || (hooks && hooks->point && !w[k].buf) ||
		    (pl.nslots && !w[k].tail))
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (rc == DSE_OK) {
		pthread_mutex_init(&pl.lock, NULL);
		pthread_cond_init(&pl.turn, NULL);
		rc = sweep(&pl, w, nw, err);
		pthread_cond_destroy(&pl.turn);
		pthread_mutex_destroy(&pl.lock);
	}
	if (rc == DSE_OK)
		rc = merge(&pl, w, nw, &fastest, err);
	if (rc == DSE_OK && res->feasible == 0)
		rc = none_feasible(res, fastest, st->latency_max_us, err);
	if (rc == DSE_OK && pl.nslots)
		rc = tail_pass(&pl, w, nw, err);
	if (rc == DSE_OK)
		rc = explore_warnings(res, st, err);
	if (rc == DSE_OK)
		rc = explore_published(res, st, model, err);
	for (k = 0; w && k < nw; k++)
		worker_free(&w[k], res->nformats);
	free(w);
	free(pl.opps);
	free(pl.models);
	free(pl.slots);
	res->wall_s = now_s() - t0;
	return rc;
}

/* Free a frontier's points and leave it empty. */
static void frontier_free(struct dse_frontier *f)
{
	free(f->p);
	f->p = NULL;
	f->n = 0;
}

/* Free the frontiers, sample and ranges of res; NULL is a no-op. */
void dse_explore_result_free(struct dse_explore_result *res)
{
	size_t f;

	if (res == NULL)
		return;
	for (f = 0; f < DSE_STUDY_MAX_FORMATS; f++) {
		frontier_free(&res->frontier[f]);
		frontier_free(&res->canonical[f]);
	}
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
