/* test_pareto.c - streaming Pareto frontiers (MODEL.md section 8) against an
   O(n^2) reference written here. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dse_explore.h"
#include "suites.h"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

static struct dse_cand cand(uint64_t id, double lat, double thr, double en)
{
	struct dse_cand c;

	c.id = id;
	c.latency_us = lat;
	c.throughput_tops = thr;
	c.energy_per_item_uj = en;
	return c;
}

/* ---- the reference, straight from the definition ---- */

/* c[i] is on the frontier of c[0..n): nobody dominates it, and of the
   candidates equal to it in every objective it has the lowest id. */
static int ref_member(int dims, const struct dse_cand *c, size_t n, size_t i)
{
	size_t j;

	for (j = 0; j < n; j++) {
		if (j == i)
			continue;
		if (ref_dominates(dims, &c[j], &c[i]))
			return 0;
		if (ref_equal(dims, &c[j], &c[i]) && c[j].id < c[i].id)
			return 0;
	}
	return 1;
}

/* The frontier of c[0..n) as a flag per candidate; returns its size. */
static size_t ref_frontier(int dims, const struct dse_cand *c, size_t n,
			   char *on)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		on[i] = (char)ref_member(dims, c, n, i);
		count += (size_t)on[i];
	}
	return count;
}

/* ---- checks of a frontier ---- */

/* Sorted by latency then id; in 2-D a staircase, both strictly rising. */
static void check_order(const struct dse_pareto *p)
{
	size_t i;

	for (i = 1; i < p->n; i++) {
		const struct dse_cand *a = &p->c[i - 1], *b = &p->c[i];

		ck_assert_msg(a->latency_us < b->latency_us ||
			      (a->latency_us == b->latency_us && a->id < b->id),
			      "members %zu, %zu out of order", i - 1, i);
		if (p->dims == 2) {
			ck_assert(a->latency_us < b->latency_us);
			ck_assert_msg(a->throughput_tops < b->throughput_tops,
				      "2-D throughput not rising at %zu", i);
		}
	}
}

/* The frontier holds exactly the candidates flagged in on[]. */
static void check_same(const struct dse_pareto *p, const struct dse_cand *c,
		       size_t n, const char *on, size_t count)
{
	size_t i, j;

	ck_assert_msg(p->n == count, "%zu members, reference %zu", p->n, count);
	for (i = 0; i < p->n; i++) {
		for (j = 0; j < n && c[j].id != p->c[i].id; j++)
			;
		ck_assert_msg(j < n, "member id %llu was never offered",
			      (unsigned long long)p->c[i].id);
		ck_assert_msg(on[j], "member id %llu is not on the reference",
			      (unsigned long long)p->c[i].id);
		ck_assert(p->c[i].latency_us == c[j].latency_us &&
			  p->c[i].throughput_tops == c[j].throughput_tops &&
			  p->c[i].energy_per_item_uj == c[j].energy_per_item_uj);
	}
}

/* ---- hand cases ---- */

START_TEST(dominates_by_hand)
{
	struct dse_cand a, b;

	/* faster and more throughput */
	a = cand(1, 1, 10, 9);
	b = cand(2, 2, 5, 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 0);
	/* ... but more energy: in 3-D neither wins */
	ck_assert_int_eq(dse_pareto_dominates(3, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(3, &b, &a), 0);
	/* equal in everything: nobody dominates */
	a = cand(1, 3, 4, 5);
	b = cand(2, 3, 4, 5);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(3, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &a), 0);
	/* same latency, more throughput */
	a = cand(1, 1, 5, 0);
	b = cand(2, 1, 6, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	/* same throughput, lower latency */
	a = cand(1, 1, 5, 0);
	b = cand(2, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 0);
	/* a trade-off */
	a = cand(1, 1, 4, 0);
	b = cand(2, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 0);
	/* equal in 2-D, energy decides in 3-D only */
	a = cand(1, 1, 5, 3);
	b = cand(2, 1, 5, 4);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(3, &a, &b), 1);
	ck_assert_int_eq(dse_pareto_dominates(3, &b, &a), 0);
	/* ids do not matter */
	a = cand(9, 1, 5, 0);
	b = cand(0, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 1);
}
END_TEST

/* A short 2-D story, each step worked out by hand. */
START_TEST(staircase_by_hand)
{
	struct dse_pareto p;
	struct dse_cand c;

	dse_pareto_init(&p, 2);
	ck_assert_uint_eq(p.n, 0);
	c = cand(3, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {3} */
	c = cand(5, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);   /* tie, larger id */
	c = cand(1, 2, 5, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* tie, smaller id */
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 1);
	c = cand(7, 2, 6, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* same latency, more */
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 7);
	c = cand(8, 3, 6, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);   /* slower, same thr. */
	c = cand(10, 4, 9, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {7, 10} */
	c = cand(11, 3, 7, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {7, 11, 10} */
	ck_assert_uint_eq(p.n, 3);
	ck_assert_uint_eq(p.c[1].id, 11);
	c = cand(12, 1, 8, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* beats 7 and 11 */
	ck_assert_uint_eq(p.n, 2);
	ck_assert_uint_eq(p.c[0].id, 12);
	ck_assert_uint_eq(p.c[1].id, 10);
	c = cand(13, 0.5, 100, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* beats all */
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 13);
	dse_pareto_free(&p);
	ck_assert_uint_eq(p.n, 0);
	dse_pareto_free(&p);
	dse_pareto_free(NULL);
}
END_TEST

/* 3-D: a trade-off in energy keeps a point the 2-D order would drop. */
START_TEST(three_d_by_hand)
{
	struct dse_pareto p;
	struct dse_cand c;

	dse_pareto_init(&p, 3);
	c = cand(4, 1, 10, 5);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	c = cand(2, 2, 9, 1);    /* slower, less throughput, less energy */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	c = cand(6, 2, 9, 2);    /* dominated by id 2 */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);
	c = cand(3, 1, 10, 5);   /* tie with id 4, smaller id: replaces it */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_uint_eq(p.c[0].id, 3);
	ck_assert_uint_eq(p.c[1].id, 2);
	c = cand(9, 1, 10, 1);   /* dominates both */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 9);
	dse_pareto_free(&p);
}
END_TEST

/* ---- randomised against the reference ---- */

/*
 * grid > 0: objectives drawn from {1..grid}, so that ties and exact
 * duplicates abound; grid == 0: continuous values.
 */
static const struct {
	int dims;
	size_t n;
	unsigned long grid, seed;
} rnd[] = {
	{ 2, 0, 4, 1 },      { 3, 0, 4, 1 },
	{ 2, 1, 4, 2 },      { 3, 1, 4, 2 },
	{ 2, 2, 2, 3 },      { 3, 2, 2, 3 },
	{ 2, 7, 3, 4 },      { 3, 7, 3, 4 },
	{ 2, 40, 2, 5 },     { 3, 40, 2, 5 },   /* nearly all duplicates */
	{ 2, 200, 5, 6 },    { 3, 200, 5, 6 },
	{ 2, 1000, 12, 7 },  { 3, 1000, 8, 7 },
	{ 2, 3000, 40, 8 },  { 3, 3000, 20, 8 },
	{ 2, 3000, 0, 9 },   { 3, 2000, 0, 9 },
	{ 2, 2500, 1000, 10 }, { 3, 2500, 6, 10 },
};

/* Draw the candidates: distinct ids, in random order. */
static struct dse_cand *draw(gsl_rng *rng, size_t n, unsigned long grid)
{
	struct dse_cand *c = calloc(n ? n : 1, sizeof *c);
	size_t i;

	ck_assert_ptr_nonnull(c);
	for (i = 0; i < n; i++) {
		c[i].id = 1000 + 7 * (uint64_t)i;
		if (grid > 0) {
			c[i].latency_us = 1.0 + (double)gsl_rng_uniform_int(rng, grid);
			c[i].throughput_tops = 1.0 + (double)gsl_rng_uniform_int(rng, grid);
			c[i].energy_per_item_uj = 1.0 + (double)gsl_rng_uniform_int(rng, grid);
		} else {
			c[i].latency_us = gsl_rng_uniform_pos(rng);
			/* correlated, as on a real space: faster is less work */
			c[i].throughput_tops = c[i].latency_us + 0.5 * gsl_rng_uniform(rng);
			c[i].energy_per_item_uj = gsl_rng_uniform_pos(rng);
		}
	}
	/* exact duplicates with other ids, for the tie rule */
	for (i = 0; i + 1 < n / 10; i++) {
		size_t from = gsl_rng_uniform_int(rng, n), to = gsl_rng_uniform_int(rng, n);
		uint64_t id = c[to].id;

		c[to] = c[from];
		c[to].id = id;
	}
	if (n > 1)
		gsl_ran_shuffle(rng, c, n, sizeof *c);
	return c;
}

START_TEST(random_against_reference)
{
	const int dims = rnd[_i].dims;
	const size_t n = rnd[_i].n;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct dse_cand *c;
	struct dse_pareto p, q;
	char *on, *on_prefix;
	size_t i, count, k;

	ck_assert_ptr_nonnull(rng);
	gsl_rng_set(rng, rnd[_i].seed);
	c = draw(rng, n, rnd[_i].grid);
	on = calloc(n ? n : 1, 1);
	on_prefix = calloc(n ? n : 1, 1);
	ck_assert(on && on_prefix);
	count = ref_frontier(dims, c, n, on);
	if (n > 0)
		ck_assert_uint_gt(count, 0);

	/* insertion: returns 1 exactly when c[i] is on the frontier of what
	   was offered so far, c[0..i] */
	dse_pareto_init(&p, dims);
	for (i = 0; i < n; i++) {
		int rc = dse_pareto_insert(&p, &c[i]);

		ck_assert_msg(rc == ref_member(dims, c, i + 1, i),
			      "offer %zu (id %llu) returned %d", i,
			      (unsigned long long)c[i].id, rc);
		if (n <= 200) { /* and the frontier so far is the reference's */
			size_t cnt = ref_frontier(dims, c, i + 1, on_prefix);

			check_same(&p, c, i + 1, on_prefix, cnt);
			check_order(&p);
		}
	}
	check_same(&p, c, n, on, count);
	check_order(&p);

	/* any insertion order gives the same frontier, member for member */
	for (k = 0; k < 3; k++) {
		if (n > 1)
			gsl_ran_shuffle(rng, c, n, sizeof *c);
		if (k == 2 && n > 1) /* and sorted worst-first */
			for (i = 0; i < n / 2; i++) {
				struct dse_cand t = c[i];

				c[i] = c[n - 1 - i];
				c[n - 1 - i] = t;
			}
		dse_pareto_init(&q, dims);
		for (i = 0; i < n; i++)
			ck_assert_int_ge(dse_pareto_insert(&q, &c[i]), 0);
		ck_assert_uint_eq(q.n, p.n);
		for (i = 0; i < p.n; i++)
			ck_assert_uint_eq(q.c[i].id, p.c[i].id);
		dse_pareto_free(&q);
	}

	/* the members alone give themselves; copies with larger ids are ties
	   that do not enter */
	dse_pareto_init(&q, dims);
	for (i = 0; i < p.n; i++)
		ck_assert_int_eq(dse_pareto_insert(&q, &p.c[i]), 1);
	for (i = 0; i < p.n; i++) {
		struct dse_cand twin = p.c[i];

		twin.id++;
		ck_assert_int_eq(dse_pareto_insert(&q, &twin), 0);
	}
	ck_assert_uint_eq(q.n, p.n);
	for (i = 0; i < p.n; i++)
		ck_assert_uint_eq(q.c[i].id, p.c[i].id);
	dse_pareto_free(&q);

	dse_pareto_free(&p);
	free(on);
	free(on_prefix);
	free(c);
	gsl_rng_free(rng);
}
END_TEST

/* Sorted input, both ways: the staircase grows at either end. */
START_TEST(monotone_inputs)
{
	struct dse_pareto p;
	struct dse_cand c;
	int dims = 2 + _i / 2, up = _i % 2;
	size_t i, n = 500;

	dse_pareto_init(&p, dims);
	for (i = 0; i < n; i++) {
		size_t k = up ? i : n - 1 - i;

		/* latency k, throughput k: every point is a trade-off */
		c = cand(k, (double)k, (double)k, 1);
		ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	}
	ck_assert_uint_eq(p.n, n);
	check_order(&p);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(p.c[i].id, i);
	/*
	 * latency k, throughput n (id n + k): (0, n) dominates every other
	 * point.  Offered from k = 0 up, it enters and the rest are dominated;
	 * from the top down, each one dominates the one before and enters.
	 */
	for (i = 0; i < n; i++) {
		size_t k = up ? i : n - 1 - i;

		c = cand(n + k, (double)k, (double)n, 1);
		ck_assert_int_eq(dse_pareto_insert(&p, &c), up ? i == 0 : 1);
	}
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, n);
	dse_pareto_free(&p);
}
END_TEST

Suite *suite_pareto(void)
{
	Suite *s = suite_create("pareto");
	TCase *tc;

	tc = tcase_create("hand");
	tcase_add_test(tc, dominates_by_hand);
	tcase_add_test(tc, staircase_by_hand);
	tcase_add_test(tc, three_d_by_hand);
	suite_add_tcase(s, tc);

	tc = tcase_create("random");
	tcase_add_loop_test(tc, random_against_reference, 0, (int)N_OF(rnd));
	tcase_add_loop_test(tc, monotone_inputs, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
