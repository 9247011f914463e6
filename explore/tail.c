/* tail.c - the tail pass: highest tail capacity under each SLO (13). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore_impl.h"

/* One SLO and one format: its candidates and where its answer goes. */
struct task {
	double slo_us;
	const struct tail_cand *cands;
	size_t ncands;
	struct dse_tail_best *out;
};

/* The tasks of the pass, shared by the threads that take them. */
struct pass {
	const struct dse_study *st;
	const struct dse_model *model;
	const struct dse_serve_arrivals *arrivals;
	const struct dse_serve_policy *policy;
	struct task *tasks;
	size_t ntasks;

	pthread_mutex_t lock;
	size_t next;
	int status;
	struct dse_error err;
};

/* splitmix64 (Steele, Lea & Flood 2014), for per-candidate seeds. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The serving configuration of the pass for one candidate under L. */
static struct dse_serve_config pass_config(const struct pass *ps,
					   const struct tail_cand *c,
					   double slo_us)
{
	struct dse_serve_config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.arrivals = ps->arrivals;
	cfg.policy = ps->policy;
	cfg.slo_us = slo_us;
	cfg.percentile = ps->st->percentile;
	cfg.requests = ps->st->tail_requests;
	cfg.warmup = DSE_SERVE_WARMUP_DEFAULT;
	/* the candidate's own generator: the same whatever thread runs it */
	cfg.seed = mix(ps->st->seed ^ mix(c->id));
	return cfg;
}

/* The tail capacity of one candidate under L, only if above floor_rps. */
static int search(const struct pass *ps, const struct tail_cand *c,
		  double slo_us, double floor_rps,
		  struct dse_serve_capacity *cap, struct dse_error *err)
{
	struct dse_serve_server srv;
	struct dse_serve_config cfg = pass_config(ps, c, slo_us);
	int rc = dse_serve_server_from_design(c->model ? c->model : ps->model,
						     &c->p, &srv, err);

	if (rc != DSE_OK)
		return rc;
	rc = dse_serve_capacity(&srv, &cfg, floor_rps, cap, err);
	dse_serve_server_free(&srv);
	return rc;
}

/*
 * Training for free (SERVING.md 15) on the winner of an SLO: its served
 * workload trained in the idle cycles at DSE_TAIL_TRAIN_SHARES of its
 * tail capacity.  A format that cannot train, or a technology without
 * DRAM, leaves the figures at 0 with train_blocked set.
 */
static int train_winner(const struct pass *ps, const struct tail_cand *c,
			double slo_us, struct dse_tail_best *out,
			struct dse_error *err)
{
	static const double shares[DSE_TAIL_TRAIN_LOADS] = { 0.25, 0.5, 0.75 };
	const struct dse_model *m = c->model ? c->model : ps->model;
	struct dse_serve_server srv;
	struct dse_serve_training tr;
	struct dse_serve_config cfg = pass_config(ps, c, slo_us);
	struct dse_serve_stats st;
	struct dse_train_step step;
	size_t i;
	int rc;

	memset(&srv, 0, sizeof srv);
	memset(&tr, 0, sizeof tr);
	for (i = 0; i < DSE_TAIL_TRAIN_LOADS; i++)
		out->train_share[i] = shares[i];
	out->train_blocked = 1;
	if (c->p.design.format->no_training) {
		out->train_why = c->p.design.format->no_training;
		return DSE_OK;
	}
	if (m->tech->dram_bandwidth_gbps <= 0) {
		out->train_why = "the technology has no DRAM for the training state";
		return DSE_OK;
	}
	rc = dse_model_train(m, NULL, &c->p.design, &c->p.result, 0, &step, err);
	if (rc == DSE_EINFEASIBLE) {
		out->train_why = "the training state does not fit the DRAM";
		return DSE_OK;
	}
	out->train_blocked = 0;
	if (rc != DSE_OK)
		return rc;
	rc = dse_serve_training_from_step(&step, &tr, err);
	out->dedicated_train_tops = step.tops;
	dse_train_step_free(&step);
	if (rc == DSE_OK)
		rc = dse_serve_server_from_design(m, &c->p, &srv, err);
	cfg.training = &tr;
	for (i = 0; rc == DSE_OK && i < DSE_TAIL_TRAIN_LOADS; i++) {
		cfg.rate_rps = shares[i] * out->capacity.tail_capacity_rps;
		rc = dse_serve_run(&srv, &cfg, &st, err);
		out->train_tops[i] = st.train_tops;
		out->train_fraction[i] = st.train_fraction;
		out->train_p99_us[i] = st.latency_tail_us;
		out->train_blocked |= st.train_blocked;
	}
	if (out->train_blocked)
		out->train_why = "a chunk is longer than L - S(b): no step completes";
	dse_serve_server_free(&srv);
	dse_serve_training_free(&tr);
	return rc;
}

/* Candidates by service-time throughput, highest first, then lowest id. */
static int cmp_cand(const void *a, const void *b)
{
	const struct tail_cand *x = *(const struct tail_cand *const *)a;
	const struct tail_cand *y = *(const struct tail_cand *const *)b;
	double tx = x->p.result.throughput_tops, ty = y->p.result.throughput_tops;

	if (tx != ty)
		return tx > ty ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * One SLO and one format: the candidates with S(b) <= L by throughput,
 * each searched only for a tail capacity above the best so far, until the
 * next one's service-time capacity cannot beat it (a tail capacity is
 * below C, and throughput is C times the same operations per item for
 * every design of the workload).  Sequential, so the answer and the
 * counts do not depend on threads.
 */
static int run_task(const struct pass *ps, struct task *t,
		    struct dse_error *err)
{
	const struct tail_cand **order, *winner = NULL;
	struct dse_tail_best *out = t->out;
	struct dse_serve_capacity cap;
	double best_rps = 0;
	size_t n = 0, i;
	int rc = DSE_OK;

	order = calloc(t->ncands ? t->ncands : 1, sizeof *order);
	if (order == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < t->ncands; i++)
		if (t->cands[i].p.result.latency_us <= t->slo_us)
			order[n++] = &t->cands[i];
	qsort(order, n, sizeof *order, cmp_cand);
	out->slo_us = t->slo_us;
	out->candidates = n;
	if (n > 0) {
		out->service_found = 1;
		out->service = order[0]->p;
	}
	for (i = 0; rc == DSE_OK && i < n; i++) {
		if (out->found && order[i]->p.result.throughput_tops <=
				  out->capacity.tail_capacity_tops)
			break;
		rc = search(ps, order[i], t->slo_us, best_rps, &cap, err);
		if (rc != DSE_OK)
			break;
		out->evaluated += cap.steps > 0;
		out->simulated += cap.simulated;
		if (i == 0)
			out->service_tail_tops = cap.tail_capacity_tops;
		/* the order makes ties go to the lowest id: strictly better wins */
		if (cap.above_floor && cap.tail_capacity_rps > best_rps) {
			best_rps = cap.tail_capacity_rps;
			out->found = 1;
			out->point = order[i]->p;
			out->capacity = cap;
			winner = order[i];
		}
	}
	if (rc == DSE_OK && ps->st->train && winner)
		rc = train_winner(ps, winner, t->slo_us, out, err);
	free(order);
	return rc;
}

/* Thread body: take tasks until none is left or one has failed. */
static void *worker(void *arg)
{
	struct pass *ps = arg;
	struct dse_error err;

	for (;;) {
		size_t i;
		int rc;

		pthread_mutex_lock(&ps->lock);
		i = ps->next++;
		if (i >= ps->ntasks || ps->status != DSE_OK) {
			pthread_mutex_unlock(&ps->lock);
			return NULL;
		}
		pthread_mutex_unlock(&ps->lock);
		rc = run_task(ps, &ps->tasks[i], &err);
		if (rc != DSE_OK) {
			pthread_mutex_lock(&ps->lock);
			if (ps->status == DSE_OK) {
				ps->status = rc;
				ps->err = err;
			}
			pthread_mutex_unlock(&ps->lock);
			return NULL;
		}
	}
}

/* Run every task on up to `threads` threads (the caller is one of them). */
static int run_tasks(struct pass *ps, unsigned threads, struct dse_error *err)
{
	pthread_t *t;
	unsigned k, started = 0;

	if (threads > ps->ntasks)
		threads = (unsigned)ps->ntasks;
	t = calloc(threads ? threads : 1, sizeof *t);
	if (t == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	pthread_mutex_init(&ps->lock, NULL);
	for (k = 1; k < threads; k++) {
		if (pthread_create(&t[k], NULL, worker, ps) != 0)
			break;
		started = k;
	}
	worker(ps);
	for (k = 1; k <= started; k++)
		pthread_join(t[k], NULL);
	pthread_mutex_destroy(&ps->lock);
	free(t);
	if (ps->status != DSE_OK && err)
		*err = ps->err;
	return ps->status;
}

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Every SLO of the study for every format, as independent tasks. */
int explore_tail(const struct dse_study *st, const struct dse_model *model,
		 struct tail_cand *const *cands, const size_t *ncands,
		 unsigned threads, struct dse_explore_result *res,
		 struct dse_error *err)
{
	const size_t nf = res->nformats;
	struct dse_serve_arrivals arrivals;
	struct dse_serve_policy policy;
	struct pass ps;
	double t0 = now_s();
	size_t s, f;
	int rc;

	memset(&ps, 0, sizeof ps);
	rc = dse_serve_arrivals_parse(st->arrivals, &arrivals, err);
	if (rc != DSE_OK) {
		dse_error_prefix(err, "arrivals");
		return rc;
	}
	rc = dse_serve_policy_parse(st->policy, &policy, err);
	if (rc == DSE_OK) {
		res->tail = calloc(st->nslos * nf, sizeof *res->tail);
		ps.tasks = calloc(st->nslos * nf, sizeof *ps.tasks);
		if (res->tail == NULL || ps.tasks == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (s = 0; rc == DSE_OK && s < st->nslos; s++)
		for (f = 0; f < nf; f++) {
			struct task *t = &ps.tasks[ps.ntasks++];

			t->slo_us = st->slos_us[s];
			t->cands = cands[f];
			t->ncands = ncands[f];
			t->out = &res->tail[s * nf + f];
		}
	ps.st = st;
	ps.model = model;
	ps.arrivals = &arrivals;
	ps.policy = &policy;
	if (rc == DSE_OK)
		rc = run_tasks(&ps, threads, err);
	if (rc == DSE_OK)
		res->nslos = st->nslos;
	free(ps.tasks);
	dse_serve_arrivals_free(&arrivals);
	res->tail_wall_s = now_s() - t0;
	return rc;
}
