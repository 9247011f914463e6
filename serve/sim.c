/* sim.c - the discrete-event simulation of a design under load (13). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "serve_impl.h"

/* Event kinds, in the order they are processed at equal times. */
enum { EV_COMPLETE, EV_WAKE, EV_ARRIVE };

/* Blocks complete before the interval may stop a run as failing L... */
#define EARLY_FAIL_BLOCKS 5
/* ...and as meeting it (also with no rising trend so far). */
#define EARLY_PASS_BLOCKS 10
/* Highest load rho at which a run may pass early. */
#define EARLY_PASS_LOAD 0.9
/* One-sided level of the test for a rising trend in the block quantiles. */
#define TREND_ALPHA 0.01

struct event {
	double t_us;
	unsigned kind;
	unsigned group;
};

/* One consecutive block of counted requests (batch means). */
struct block {
	uint64_t end;          /* one past its last counted index */
	double sum_us;         /* of its latencies */
	double tail_us, p99_us;/* its quantiles, once complete */
};

/* The state of one run: clock, queue, events, servers and what is counted. */
struct sim {
	const struct dse_serve_server *srv;
	const struct dse_serve_config *cfg;
	gsl_rng *rng;
	struct arrival_state as;
	double slo_us, p;          /* L, P / 100 */
	uint64_t total, warmup, n; /* requests in all, not counted, counted */
	uint64_t next_id;          /* of the next arrival */
	double now_us;

	double *q;                 /* ring of arrival times of queued ids */
	size_t qcap, qhead, qlen;  /* qcap a power of two */
	uint64_t qfirst;           /* id of the oldest queued request */

	struct event *ev;          /* binary min-heap */
	size_t nev, evcap;
	double wake_us;            /* pending wake-up; -1: none */
	double next_arrival_us;    /* infinity once the last has come */

	unsigned *freeg;           /* min-heap of free group indices */
	size_t nfree;
	unsigned *batch_of;        /* items in each busy group's batch; 0 while
				      it runs a training chunk */
	unsigned *chunk_of;        /* training: each group's next chunk */
	unsigned *scratch;         /* training: free groups, in order */

	double *lat;               /* [n] counted latencies by id - warmup */
	uint64_t nlat;
	struct block blocks[DSE_SERVE_BLOCKS];
	unsigned nblocks, blocks_done;
	uint64_t rank_tail;        /* ceil(p n) - 1 */
	uint64_t under_slo, over_slo;

	double first_arrival_us, last_us;
	double busy_us, energy_uj, lat_sum;
	double train_busy_us, train_energy_uj;
	uint64_t train_steps;
	int train_check;           /* a group freed or a batch started */
	uint64_t batches, items;
	uint64_t in_system;        /* arrived and not completed */
	double area, area_t;       /* integral of in_system over the window */
	double window_from, window_to;
	int in_window, decided, stop;
};

/* splitmix64 (Steele, Lea & Flood 2014): a well-mixed 64-bit seed. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* a before b: earlier, then completions, wake-ups, arrivals, then group. */
static int ev_before(const struct event *a, const struct event *b)
{
	if (a->t_us != b->t_us)
		return a->t_us < b->t_us;
	if (a->kind != b->kind)
		return a->kind < b->kind;
	return a->group < b->group;
}

/* Push an event; DSE_ENOMEM when the heap cannot grow. */
static int ev_push(struct sim *s, double t_us, unsigned kind, unsigned group)
{
	struct event e = { t_us, kind, group };
	size_t i;

	if (s->nev == s->evcap) {
		size_t ncap = s->evcap ? 2 * s->evcap : 64;
		struct event *ne = realloc(s->ev, ncap * sizeof *ne);

		if (ne == NULL)
			return DSE_ENOMEM;
		s->ev = ne;
		s->evcap = ncap;
	}
	for (i = s->nev++; i > 0 && ev_before(&e, &s->ev[(i - 1) / 2]);
	     i = (i - 1) / 2)
		s->ev[i] = s->ev[(i - 1) / 2];
	s->ev[i] = e;
	return DSE_OK;
}

/* Pop the first event (the heap is not empty). */
static struct event ev_pop(struct sim *s)
{
	struct event top = s->ev[0], last = s->ev[--s->nev];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < s->nev) {
		if (c + 1 < s->nev && ev_before(&s->ev[c + 1], &s->ev[c]))
			c++;
		if (!ev_before(&s->ev[c], &last))
			break;
		s->ev[i] = s->ev[c];
		i = c;
	}
	if (s->nev > 0)
		s->ev[i] = last;
	return top;
}

/* Mark group g free (the lowest free index is taken first). */
static void free_push(struct sim *s, unsigned g)
{
	size_t i;

	for (i = s->nfree++; i > 0 && g < s->freeg[(i - 1) / 2]; i = (i - 1) / 2)
		s->freeg[i] = s->freeg[(i - 1) / 2];
	s->freeg[i] = g;
}

/* Take the lowest free group (there is one). */
static unsigned free_pop(struct sim *s)
{
	unsigned top = s->freeg[0], last = s->freeg[--s->nfree];
	size_t i = 0, c;

	while ((c = 2 * i + 1) < s->nfree) {
		if (c + 1 < s->nfree && s->freeg[c + 1] < s->freeg[c])
			c++;
		if (s->freeg[c] >= last)
			break;
		s->freeg[i] = s->freeg[c];
		i = c;
	}
	if (s->nfree > 0)
		s->freeg[i] = last;
	return top;
}

/* Append an arrival at now to the queue ring; DSE_ENOMEM if it cannot grow. */
static int enqueue(struct sim *s)
{
	if (s->qlen == s->qcap) {
		size_t ncap = s->qcap ? 2 * s->qcap : 1024, i;
		double *nq = malloc(ncap * sizeof *nq);

		if (nq == NULL)
			return DSE_ENOMEM;
		for (i = 0; i < s->qlen; i++)
			nq[i] = s->q[(s->qhead + i) & (s->qcap - 1)];
		free(s->q);
		s->q = nq;
		s->qcap = ncap;
		s->qhead = 0;
	}
	s->q[(s->qhead + s->qlen++) & (s->qcap - 1)] = s->now_us;
	return DSE_OK;
}

/* Standard deviation of x[0..n) (n >= 2). */
static double stdev(const double *x, unsigned n)
{
	double m = 0, v = 0;
	unsigned i;

	for (i = 0; i < n; i++)
		m += x[i];
	m /= n;
	for (i = 0; i < n; i++)
		v += (x[i] - m) * (x[i] - m);
	return sqrt(v / (n - 1));
}

/* Half-width of the 95 % interval from n block values (0 if n < 2). */
static double half_width(const double *x, unsigned n)
{
	if (n < 2)
		return NAN;
	return gsl_cdf_tdist_Pinv(0.975, n - 1) * stdev(x, n) / sqrt(n);
}

/*
 * 1 when the block quantiles x[0..n) rise: the second half's mean exceeds
 * the first half's by Welch's one-sided t-test at TREND_ALPHA.  A run that
 * has not reached its steady state after N requests (a load close to the
 * capacity) shows it so: its tail is still growing.
 */
static int rising(const double *x, unsigned n)
{
	unsigned h = n / 2, n2 = n - h, i;
	double m1 = 0, m2 = 0, v1 = 0, v2 = 0, se2, t, df;

	if (h < 2 || n2 < 2)
		return 0;
	for (i = 0; i < h; i++)
		m1 += x[i];
	for (i = h; i < n; i++)
		m2 += x[i];
	m1 /= h;
	m2 /= n2;
	if (m2 <= m1)
		return 0;
	for (i = 0; i < h; i++)
		v1 += (x[i] - m1) * (x[i] - m1);
	for (i = h; i < n; i++)
		v2 += (x[i] - m2) * (x[i] - m2);
	v1 /= (h - 1) * (double)h;  /* variance of each half's mean */
	v2 /= (n2 - 1) * (double)n2;
	se2 = v1 + v2;
	if (se2 == 0)
		return 1; /* a rise with no noise at all */
	t = (m2 - m1) / sqrt(se2);
	/* Welch-Satterthwaite degrees of freedom */
	df = se2 * se2 / (v1 * v1 / (h - 1) + v2 * v2 / (n2 - 1));
	return t > gsl_cdf_tdist_Qinv(TREND_ALPHA, df);
}

/* How many of x[0..n) are below v (or equal to it, with or_equal). */
static uint64_t count_below(const double *x, uint64_t n, double v,
			    int or_equal)
{
	uint64_t i, c = 0;

	if (or_equal)
		for (i = 0; i < n; i++)
			c += x[i] <= v;
	else
		for (i = 0; i < n; i++)
			c += x[i] < v;
	return c;
}

/* The P-th percentiles of the blocks complete so far, into x. */
static unsigned block_tails(const struct sim *s, double *x)
{
	unsigned i;

	for (i = 0; i < s->blocks_done; i++)
		x[i] = s->blocks[i].tail_us;
	return s->blocks_done;
}

/* The block just completed: its quantiles, then maybe an early verdict. */
static void close_block(struct sim *s)
{
	struct block *b = &s->blocks[s->blocks_done];
	uint64_t lo = s->blocks_done ? s->blocks[s->blocks_done - 1].end : 0;
	size_t m = (size_t)(b->end - lo);
	double tails[DSE_SERVE_BLOCKS], h;
	uint64_t r;
	unsigned n;

	serve_select(s->lat, lo, b->end, lo + serve_rank(s->p, m));
	b->tail_us = s->lat[lo + serve_rank(s->p, m)];
	if (s->p == 0.99) {
		b->p99_us = b->tail_us;
	} else {
		serve_select(s->lat, lo, b->end, lo + serve_rank(0.99, m));
		b->p99_us = s->lat[lo + serve_rank(0.99, m)];
	}
	s->blocks_done++;
	if (!s->cfg->early_stop || s->slo_us <= 0 ||
	    s->blocks_done < EARLY_FAIL_BLOCKS || s->blocks_done == s->nblocks)
		return;
	/* the P-th percentile q of every request so far is at rank r */
	r = serve_rank(s->p, (size_t)b->end);
	n = block_tails(s, tails);
	h = half_width(tails, n);
	/* failing early is safe (a run from empty only gets worse); passing
	   needs half the run, no rising trend, and a load clear of C: close
	   to C the queue relaxes over more requests than a run holds and its
	   worst bursts come late */
	if (!isfinite(h))
		return;
	/* q > L + h: fewer than r + 1 at or below L + h */
	if (count_below(s->lat, b->end, s->slo_us + h, 1) < r + 1 ||
	    (n >= EARLY_PASS_BLOCKS && !rising(tails, n) &&
	     s->cfg->rate_rps <= EARLY_PASS_LOAD * s->srv->capacity_rps &&
	     count_below(s->lat, b->end, s->slo_us - h, 0) >= r + 1))
		s->decided = s->stop = 1; /* or q < L - h: r + 1 below L - h */
}

/* Record the latency of counted request `idx` and check what it decides. */
static void count(struct sim *s, uint64_t idx, double latency_us)
{
	s->lat[idx] = latency_us;
	s->lat_sum += latency_us;
	s->blocks[s->blocks_done].sum_us += latency_us;
	s->nlat++;
	if (s->slo_us > 0) {
		if (latency_us <= s->slo_us)
			s->under_slo++;
		else
			s->over_slo++;
		/* the ceil(p n)-th smallest will be above L */
		if (s->cfg->early_stop && s->over_slo >= s->n - s->rank_tail)
			s->decided = s->stop = 1;
	}
	if (idx + 1 == s->blocks[s->blocks_done].end)
		close_block(s);
}

/* Start a batch of the k oldest requests on group g now. */
static int start_batch(struct sim *s, unsigned g, unsigned k)
{
	const struct dse_serve_config *cfg = s->cfg;
	const double service = s->srv->service_us[k - 1];
	const double finish = s->now_us + service;
	unsigned i;
	int rc;

	for (i = 0; i < k; i++) {
		uint64_t id = s->qfirst + i;
		double a = s->q[(s->qhead + i) & (s->qcap - 1)];

		if (cfg->on_request) {
			struct dse_serve_request rq = { id, a, s->now_us, finish,
							g, k, id >= s->warmup };

			rc = cfg->on_request(&rq, cfg->on_request_arg);
			if (rc != DSE_OK)
				return rc;
		}
		if (id >= s->warmup && !s->stop)
			count(s, id - s->warmup, finish - a);
	}
	s->qhead = (s->qhead + k) & (s->qcap - 1);
	s->qlen -= k;
	s->qfirst += k;
	s->batch_of[g] = k;
	s->busy_us += service;
	s->energy_uj += s->srv->energy_uj[k - 1];
	s->batches++;
	s->items += k;
	return ev_push(s, finish, EV_COMPLETE, g) == DSE_OK ? DSE_OK :
							       DSE_ENOMEM;
}

/*
 * Training in the idle cycles (section 15): each free group, lowest first,
 * starts its next chunk if the chunk cannot make a queued or future
 * request miss L.  Only a completion or a batch start can allow a chunk
 * that was not allowed before (an arrival to a queue only lowers the
 * slack), so the dispatcher calls this after those alone.
 */
static int train(struct sim *s)
{
	const struct dse_serve_training *t = s->cfg->training;
	const double full = s->srv->service_us[s->srv->batch - 1];
	size_t n = 0, i;

	s->train_check = 0;
	/* nothing trains once the last request has been queued and served */
	if (s->nfree == 0 || (s->qlen == 0 && s->next_arrival_us == INFINITY))
		return DSE_OK;
	/* a request arriving at this very instant is seen first */
	if (s->next_arrival_us <= s->now_us) {
		s->train_check = 1;
		return DSE_OK;
	}
	while (s->nfree > 0)
		s->scratch[n++] = free_pop(s);
	for (i = 0; i < n; i++) {
		const unsigned g = s->scratch[i];
		const double d = t->chunk_us[s->chunk_of[g]];
		int fits = s->slo_us <= 0 ||
			   (s->qlen > 0 ? s->now_us + d <= s->q[s->qhead] +
							       s->slo_us - full :
					  d <= s->slo_us - full);

		if (!fits) {
			free_push(s, g);
			continue;
		}
		s->batch_of[g] = 0;
		if (ev_push(s, s->now_us + d, EV_COMPLETE, g) != DSE_OK)
			return DSE_ENOMEM;
	}
	return DSE_OK;
}

/* A chunk of group g's training step is done. */
static void chunk_done(struct sim *s, unsigned g)
{
	const struct dse_serve_training *t = s->cfg->training;
	const unsigned c = s->chunk_of[g];

	s->train_busy_us += t->chunk_us[c];
	if (t->chunk_energy_uj)
		s->train_energy_uj += t->chunk_energy_uj[c];
	if (c + 1 == t->nchunks) { /* the weight update closes the step */
		s->chunk_of[g] = 0;
		s->train_steps++;
	} else {
		s->chunk_of[g] = c + 1;
	}
}

/* Every free group, lowest first: start a batch if the policy says so. */
static int dispatch(struct sim *s)
{
	const struct dse_serve_policy *pol = s->cfg->policy;
	struct policy_view v;
	int rc;

	v.batch = s->srv->batch;
	v.full_us = s->srv->service_us[s->srv->batch - 1];
	v.slo_us = s->slo_us;
	while (s->qlen > 0 && s->nfree > 0 && !s->stop) {
		double at;

		v.now_us = s->now_us;
		v.oldest_us = s->q[s->qhead];
		v.queued = s->qlen;
		at = pol->type->start_at(pol, &v);
		if (at > s->now_us) {
			if (s->wake_us != at) {
				s->wake_us = at;
				if (ev_push(s, at, EV_WAKE, 0) != DSE_OK)
					return DSE_ENOMEM;
			}
			break; /* the groups it leaves idle may train */
		}
		rc = start_batch(s, free_pop(s),
				 s->qlen < v.batch ? (unsigned)s->qlen : v.batch);
		if (rc != DSE_OK)
			return rc;
		s->train_check = 1;
	}
	return s->cfg->training && s->train_check ? train(s) : DSE_OK;
}

/* Advance the clock to t, integrating the number in system in the window. */
static void advance(struct sim *s, double t_us)
{
	if (s->in_window)
		s->area += (double)s->in_system * (t_us - s->area_t);
	s->area_t = t_us;
	s->now_us = t_us;
}

/* An arrival now: queue it and schedule the next one. */
static int arrive(struct sim *s)
{
	uint64_t id = s->next_id++;

	if (enqueue(s) != DSE_OK)
		return DSE_ENOMEM;
	if (id == 0)
		s->first_arrival_us = s->now_us;
	if (id == s->warmup) {
		s->in_window = 1;
		s->window_from = s->now_us;
	}
	s->in_system++;
	if (id + 1 == s->total) {
		s->in_window = 0;
		s->window_to = s->now_us;
		s->next_arrival_us = INFINITY;
		return DSE_OK;
	}
	s->next_arrival_us = s->as.a->type->next(&s->as, s->rng);
	return DSE_OK;
}

/* Check cfg against the server; fix the run's totals. */
static int configure(struct sim *s, struct dse_error *err)
{
	const struct dse_serve_config *cfg = s->cfg;
	const struct dse_serve_arrivals *a = cfg->arrivals;
	int trace;

	if (a == NULL || a->type == NULL || cfg->policy == NULL ||
	    cfg->policy->type == NULL)
		return dse_error_set(err, DSE_EINPUT,
				     "serve: no arrival process or policy");
	trace = dse_serve_arrivals_is_trace(a);
	if (!isfinite(cfg->rate_rps) || cfg->rate_rps < 0 ||
	    (!trace && cfg->rate_rps == 0))
		return dse_error_set(err, DSE_EINPUT,
				     "serve: arrival rate %g requests/s is not a positive finite number",
				     cfg->rate_rps);
	if (!(cfg->percentile > 0 && cfg->percentile < 100))
		return dse_error_set(err, DSE_EINPUT,
				     "serve: percentile %g is not in (0, 100)",
				     cfg->percentile);
	if (!isfinite(cfg->slo_us) || cfg->slo_us < 0)
		return dse_error_set(err, DSE_EINPUT,
				     "serve: SLO %g us is not a finite time >= 0",
				     cfg->slo_us);
	if (cfg->policy->needs_slo && cfg->slo_us <= 0)
		return dse_error_set(err, DSE_EINPUT,
				     "serve: policy %s needs a latency SLO",
				     cfg->policy->spec);
	s->warmup = cfg->warmup;
	if (trace) {
		if (s->warmup == DSE_SERVE_WARMUP_DEFAULT)
			s->warmup = 0;
		if (s->warmup >= a->ntrace)
			return dse_error_set(err, DSE_EINPUT,
					     "serve: a warm-up of %llu requests leaves none of the trace's %zu",
					     (unsigned long long)s->warmup, a->ntrace);
		s->n = a->ntrace - s->warmup;
		if (cfg->requests > 0 && cfg->requests < s->n)
			s->n = cfg->requests;
	} else {
		if (cfg->requests < 1 || cfg->requests > DSE_SERVE_REQUESTS_MAX)
			return dse_error_set(err, DSE_EINPUT,
					     "serve: %llu requests, not in 1..%llu",
					     (unsigned long long)cfg->requests,
					     (unsigned long long)DSE_SERVE_REQUESTS_MAX);
		s->n = cfg->requests;
		if (s->warmup == DSE_SERVE_WARMUP_DEFAULT)
			s->warmup = s->n / 100;
	}
	if (s->warmup > DSE_SERVE_REQUESTS_MAX - s->n)
		return dse_error_set(err, DSE_EINPUT,
				     "serve: %llu + %llu requests, more than %llu",
				     (unsigned long long)s->n,
				     (unsigned long long)s->warmup,
				     (unsigned long long)DSE_SERVE_REQUESTS_MAX);
	s->total = s->n + s->warmup;
	s->slo_us = cfg->slo_us;
	s->p = cfg->percentile / 100.0;
	return DSE_OK;
}

/* Allocate the state of a run; every buffer freed by sim_free. */
static int sim_alloc(struct sim *s, struct dse_error *err)
{
	const struct dse_serve_server *srv = s->srv;
	uint64_t per;
	unsigned i;

	s->rng = gsl_rng_alloc(gsl_rng_mt19937);
	s->freeg = calloc(srv->groups, sizeof *s->freeg);
	s->batch_of = calloc(srv->groups, sizeof *s->batch_of);
	if (s->cfg->training) {
		s->chunk_of = calloc(srv->groups, sizeof *s->chunk_of);
		s->scratch = calloc(srv->groups, sizeof *s->scratch);
		if (s->chunk_of == NULL || s->scratch == NULL)
			return dse_error_set(err, DSE_ENOMEM,
					     "serve: out of memory for %u groups",
					     srv->groups);
	}
	s->lat = s->n <= SIZE_MAX / sizeof *s->lat ?
			 malloc((size_t)s->n * sizeof *s->lat) : NULL;
	if (s->rng == NULL || s->freeg == NULL || s->batch_of == NULL ||
	    s->lat == NULL)
		return dse_error_set(err, DSE_ENOMEM,
				     "serve: out of memory for %llu requests",
				     (unsigned long long)s->n);
	gsl_rng_set(s->rng, (unsigned long)mix(s->cfg->seed));
	for (i = 0; i < srv->groups; i++)
		free_push(s, i);
	s->nblocks = s->n < DSE_SERVE_BLOCKS ? (unsigned)s->n : DSE_SERVE_BLOCKS;
	per = s->n / s->nblocks;
	for (i = 0; i < s->nblocks; i++) /* the last block takes the rest */
		s->blocks[i].end = i + 1 == s->nblocks ? s->n : (i + 1) * per;
	s->rank_tail = serve_rank(s->p, (size_t)s->n);
	s->wake_us = -1;
	return DSE_OK;
}

/* Free what sim_alloc and the run allocated. */
static void sim_free(struct sim *s)
{
	gsl_rng_free(s->rng);
	free(s->freeg);
	free(s->batch_of);
	free(s->chunk_of);
	free(s->scratch);
	free(s->lat);
	free(s->q);
	free(s->ev);
}

/* Run events until none are left or the run is decided. */
static int simulate(struct sim *s)
{
	int rc;

	s->as.a = s->cfg->arrivals;
	s->as.mean_gap_us = s->cfg->rate_rps > 0 ? 1e6 / s->cfg->rate_rps : 0;
	s->as.t_us = 0;
	s->as.a->type->start(&s->as);
	s->next_arrival_us = s->as.a->type->next(&s->as, s->rng);
	while ((s->nev > 0 || s->next_arrival_us < INFINITY) && !s->stop) {
		struct event e;

		/* every request served: chunks still running are not counted */
		if (s->in_system == 0 && s->next_arrival_us == INFINITY)
			break;

		/* arrivals are their own ordered stream, after events at the
		   same time (completions, then wake-ups, come first) */
		if (s->nev > 0 && s->ev[0].t_us <= s->next_arrival_us) {
			e = ev_pop(s);
		} else {
			e.t_us = s->next_arrival_us;
			e.kind = EV_ARRIVE;
			e.group = 0;
		}
		advance(s, e.t_us);
		switch (e.kind) {
		case EV_ARRIVE:
			rc = arrive(s); /* train_check stays as it was */
			break;
		case EV_COMPLETE:
			if (s->batch_of[e.group] == 0) {
				chunk_done(s, e.group);
			} else {
				s->in_system -= s->batch_of[e.group];
				s->last_us = e.t_us;
			}
			free_push(s, e.group);
			s->train_check = 1;
			rc = DSE_OK;
			break;
		default: /* EV_WAKE: a stale one (superseded) does nothing */
			if (e.t_us != s->wake_us)
				continue;
			s->wake_us = -1;
			rc = DSE_OK;
		}
		if (rc == DSE_OK)
			rc = dispatch(s);
		if (rc != DSE_OK)
			return rc;
	}
	if (s->stop)
		s->last_us = s->now_us;
	return DSE_OK;
}

/* Latency figures of the counted requests (reorders s->lat). */
static void latency_stats(struct sim *s, struct dse_serve_stats *o)
{
	const size_t n = (size_t)s->nlat;
	struct { double p, *out; } q[] = {
		{ 0.5, &o->latency_p50_us }, { 0.9, &o->latency_p90_us },
		{ 0.99, &o->latency_p99_us }, { 0.999, &o->latency_p999_us },
		{ s->p, &o->latency_tail_us },
	};
	double tails[DSE_SERVE_BLOCKS], p99s[DSE_SERVE_BLOCKS];
	double means[DSE_SERVE_BLOCKS], h;
	size_t i, j, from = 0;

	for (i = 0; i < s->blocks_done; i++) {
		uint64_t lo = i ? s->blocks[i - 1].end : 0;

		tails[i] = s->blocks[i].tail_us;
		p99s[i] = s->blocks[i].p99_us;
		means[i] = s->blocks[i].sum_us / (double)(s->blocks[i].end - lo);
	}
	o->latency_mean_us = s->lat_sum / (double)n;
	o->latency_max_us = 0;
	for (i = 0; i < n; i++)
		if (s->lat[i] > o->latency_max_us)
			o->latency_max_us = s->lat[i];
	/* quantiles by increasing rank, each selection on what is left */
	for (i = 0; i < sizeof q / sizeof q[0]; i++)
		for (j = i + 1; j < sizeof q / sizeof q[0]; j++)
			if (q[j].p < q[i].p) {
				double tp = q[i].p, *to = q[i].out;

				q[i] = q[j];
				q[j].p = tp;
				q[j].out = to;
			}
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		size_t r = serve_rank(q[i].p, n);

		serve_select(s->lat, from, n, r);
		*q[i].out = s->lat[r];
		from = r;
	}
	h = half_width(means, s->blocks_done);
	o->mean_ci_us[0] = o->latency_mean_us - h;
	o->mean_ci_us[1] = o->latency_mean_us + h;
	h = half_width(tails, s->blocks_done);
	o->tail_ci_us[0] = o->latency_tail_us - h;
	o->tail_ci_us[1] = o->latency_tail_us + h;
	h = half_width(p99s, s->blocks_done);
	o->p99_ci_us[0] = o->latency_p99_us - h;
	o->p99_ci_us[1] = o->latency_p99_us + h;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Probability of the distribution's point i: log-spaced towards 1. */
double dse_serve_cdf_p(unsigned i)
{
	return 1.0 - pow(10.0, -(double)DSE_SERVE_CDF_DECADES * i /
				       (DSE_SERVE_CDF_POINTS - 1));
}

/* The latency distribution at DSE_SERVE_CDF_POINTS probabilities. */
static void cdf(struct sim *s, struct dse_serve_stats *o)
{
	size_t i, n = (size_t)s->nlat;

	qsort(s->lat, n, sizeof *s->lat, cmp_double);
	for (i = 0; i < DSE_SERVE_CDF_POINTS; i++)
		o->cdf_us[i] = i == 0 ? s->lat[0] :
			       s->lat[serve_rank(dse_serve_cdf_p((unsigned)i), n)];
}

/* The training figures of a run of dur us. */
static void train_report(const struct sim *s, double dur, struct dse_serve_stats *o)
{
	const struct dse_serve_training *t = s->cfg->training;
	const double full = s->srv->service_us[s->srv->batch - 1];
	double step_us = 0, longest = 0, items;
	unsigned c;

	for (c = 0; c < t->nchunks; c++) {
		step_us += t->chunk_us[c];
		if (t->chunk_us[c] > longest)
			longest = t->chunk_us[c];
	}
	items = (double)s->train_steps * t->items_per_step;
	o->train_steps = s->train_steps;
	o->train_items_per_s = dur > 0 ? items / (dur * 1e-6) : 0.0;
	o->train_tops = o->train_items_per_s * t->ops_per_item * 1e-12;
	o->dedicated_train_items_per_s = s->srv->groups * t->items_per_step /
					 (step_us * 1e-6);
	o->dedicated_train_tops = o->dedicated_train_items_per_s *
				  t->ops_per_item * 1e-12;
	o->train_fraction = o->train_items_per_s / o->dedicated_train_items_per_s;
	o->train_busy_fraction = dur > 0 ? s->train_busy_us /
						   (s->srv->groups * dur) : 0.0;
	o->train_energy_per_item_uj = items > 0 ? s->train_energy_uj / items : 0.0;
	/* a chunk longer than L - S(b) never starts: no step completes */
	o->train_blocked = s->slo_us > 0 && longest > s->slo_us - full;
}

/* Fill o from a finished (or decided) run. */
static void report(struct sim *s, struct dse_serve_stats *o)
{
	const struct dse_serve_server *srv = s->srv;
	const double dur = s->last_us - s->first_arrival_us;
	const double dur_s = dur * 1e-6;
	const double idle_us = srv->groups * dur - s->busy_us - s->train_busy_us;
	double energy;

	memset(o, 0, sizeof *o);
	o->rate_rps = s->cfg->rate_rps > 0 ? s->cfg->rate_rps :
					     s->cfg->arrivals->trace_rate_rps;
	o->capacity_rps = srv->capacity_rps;
	o->load = o->rate_rps / srv->capacity_rps;
	o->requests = s->nlat;
	o->warmup = s->warmup;
	o->batches = s->batches;
	o->percentile = s->cfg->percentile;
	latency_stats(s, o);
	if (s->cfg->cdf)
		cdf(s, o);
	o->slo_attainment = s->slo_us > 0 ?
				    (double)s->under_slo / (double)s->nlat : 1.0;
	o->batch_fill = s->batches ? (double)s->items /
				   ((double)s->batches * srv->batch) : 0.0;
	o->duration_us = dur;
	o->busy_fraction = dur > 0 ? s->busy_us / (srv->groups * dur) : 0.0;
	o->mean_in_system = s->window_to > s->window_from ?
				    s->area / (s->window_to - s->window_from) : 0;
	/* leakage and fixed power all the time, idle groups clock-gated */
	energy = s->energy_uj + srv->static_power_w * dur +
		 srv->idle_group_w * (idle_us > 0 ? idle_us : 0);
	o->energy_per_item_uj = s->items ? energy / (double)s->items : 0.0;
	o->throughput_tops = dur_s > 0 ? (double)s->items * srv->ops_per_item /
						 dur_s * 1e-12 : 0.0;
	o->avg_power_w = dur > 0 ? energy / dur : 0.0;
	if (s->cfg->training)
		train_report(s, dur, o);
	o->idle_fraction = dur > 0 ? (idle_us > 0 ? idle_us : 0) /
					     (srv->groups * dur) : 0.0;
	o->stable = dse_serve_arrivals_is_trace(s->cfg->arrivals) || o->load < 1;
	{
		double tails[DSE_SERVE_BLOCKS];

		o->steady = !rising(tails, block_tails(s, tails));
	}
	o->stopped_early = s->decided;
	o->meets_slo = s->slo_us > 0 ? o->latency_tail_us <= s->slo_us &&
				       o->steady : o->steady;
}

/* Simulate the run cfg describes on srv. */
int dse_serve_run(const struct dse_serve_server *srv,
		  const struct dse_serve_config *cfg,
		  struct dse_serve_stats *out, struct dse_error *err)
{
	struct sim s;
	int rc;

	memset(&s, 0, sizeof s);
	s.srv = srv;
	s.cfg = cfg;
	if (srv == NULL || srv->service_us == NULL || srv->groups < 1)
		return dse_error_set(err, DSE_EINPUT, "serve: no server");
	rc = configure(&s, err);
	if (rc == DSE_OK)
		rc = sim_alloc(&s, err);
	if (rc == DSE_OK) {
		rc = simulate(&s);
		if (rc == DSE_ENOMEM)
			dse_error_set(err, rc, "serve: out of memory");
		else if (rc != DSE_OK && err && err->status != rc)
			dse_error_set(err, rc, "serve: stopped: %s",
				      dse_strerror(rc));
	}
	if (rc == DSE_OK)
		report(&s, out);
	sim_free(&s);
	return rc;
}
