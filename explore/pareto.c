/* pareto.c - streaming Pareto frontiers (MODEL.md section 8). */
#include <stdlib.h>
#include <string.h>

#include "dse_explore.h"

/* An empty frontier over dims objectives (2 or 3). */
void dse_pareto_init(struct dse_pareto *p, int dims)
{
	memset(p, 0, sizeof *p);
	p->dims = dims;
}

/* Free the members and leave the frontier empty; NULL is a no-op. */
void dse_pareto_free(struct dse_pareto *p)
{
	if (p == NULL)
		return;
	free(p->c);
	p->c = NULL;
	p->n = p->cap = 0;
}

/* 1 when a is no worse than b in every objective and better in one. */
int dse_pareto_dominates(int dims, const struct dse_cand *a,
			 const struct dse_cand *b)
{
	int le = a->latency_us <= b->latency_us &&
		 a->throughput_tops >= b->throughput_tops &&
		 (dims < 3 || a->energy_per_item_uj <= b->energy_per_item_uj);
	int lt = a->latency_us < b->latency_us ||
		 a->throughput_tops > b->throughput_tops ||
		 (dims >= 3 && a->energy_per_item_uj < b->energy_per_item_uj);

	return le && lt;
}

/* Same value in every objective. */
static int tie(int dims, const struct dse_cand *a, const struct dse_cand *b)
{
	return a->latency_us == b->latency_us &&
	       a->throughput_tops == b->throughput_tops &&
	       (dims < 3 || a->energy_per_item_uj == b->energy_per_item_uj);
}

/* Members ordered by latency, then id: the first index not before c. */
static size_t lower_bound(const struct dse_pareto *p, const struct dse_cand *c)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct dse_cand *m = &p->c[mid];

		if (m->latency_us < c->latency_us ||
		    (m->latency_us == c->latency_us && m->id < c->id))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Make room for one more member; DSE_ENOMEM when realloc fails. */
static int grow(struct dse_pareto *p)
{
	size_t ncap;
	struct dse_cand *nc;

	if (p->n < p->cap)
		return DSE_OK;
	ncap = p->cap ? 2 * p->cap : 64;
	nc = realloc(p->c, ncap * sizeof *nc);
	if (nc == NULL)
		return DSE_ENOMEM;
	p->c = nc;
	p->cap = ncap;
	return DSE_OK;
}

/*
 * Two objectives: the members form a staircase, latency and throughput
 * both strictly increasing, so the only member that can dominate or tie c
 * is the last one with latency <= c's, found by binary search.
 */
static int insert2(struct dse_pareto *p, const struct dse_cand *c)
{
	size_t lo = 0, hi = p->n, at, end;

	while (lo < hi) { /* first member with latency > c's */
		size_t mid = lo + (hi - lo) / 2;

		if (p->c[mid].latency_us <= c->latency_us)
			lo = mid + 1;
		else
			hi = mid;
	}
	at = lo;
	if (at > 0) {
		struct dse_cand *prev = &p->c[at - 1];

		if (prev->throughput_tops > c->throughput_tops ||
		    (prev->throughput_tops == c->throughput_tops &&
		     prev->latency_us < c->latency_us))
			return 0;
		if (tie(2, prev, c)) {
			if (c->id > prev->id)
				return 0;
			*prev = *c;
			return 1;
		}
		if (prev->latency_us == c->latency_us)
			at--; /* same latency, less throughput: c replaces it */
	}
	/* members from `at` on with throughput <= c's are dominated by c */
	for (end = at; end < p->n && p->c[end].throughput_tops <= c->throughput_tops;
	     end++)
		;
	if (end == at) {
		if (grow(p) != DSE_OK)
			return DSE_ENOMEM;
		memmove(&p->c[at + 1], &p->c[at], (p->n - at) * sizeof *p->c);
		p->n++;
	} else if (end > at + 1) {
		memmove(&p->c[at + 1], &p->c[end], (p->n - end) * sizeof *p->c);
		p->n -= end - at - 1;
	}
	p->c[at] = *c;
	return 1;
}

/*
 * Three objectives: members that could dominate c have latency <= c's (a
 * prefix of the latency order); members c could dominate or tie have
 * latency >= c's (a suffix).
 */
static int insert3(struct dse_pareto *p, const struct dse_cand *c)
{
	size_t i, j, lo = 0, hi = p->n, at;

	for (i = 0; i < p->n && p->c[i].latency_us <= c->latency_us; i++)
		if (dse_pareto_dominates(3, &p->c[i], c) ||
		    (tie(3, &p->c[i], c) && p->c[i].id < c->id))
			return 0;
	while (lo < hi) { /* first member with latency >= c's */
		size_t mid = lo + (hi - lo) / 2;

		if (p->c[mid].latency_us < c->latency_us)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* c enters: drop what it dominates and its tie (a larger id) */
	for (i = j = lo; i < p->n; i++)
		if (!dse_pareto_dominates(3, c, &p->c[i]) && !tie(3, c, &p->c[i]))
			p->c[j++] = p->c[i];
	p->n = j;
	if (grow(p) != DSE_OK)
		return DSE_ENOMEM;
	at = lower_bound(p, c);
	memmove(&p->c[at + 1], &p->c[at], (p->n - at) * sizeof *p->c);
	p->c[at] = *c;
	p->n++;
	return 1;
}

/* Offer c to the frontier, by the two- or three-objective method. */
int dse_pareto_insert(struct dse_pareto *p, const struct dse_cand *c)
{
	return p->dims >= 3 ? insert3(p, c) : insert2(p, c);
}
