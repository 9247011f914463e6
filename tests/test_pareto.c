/* test_pareto.c - streaming Pareto frontiers of 2, 3 and 4 objectives
   (MODEL.md section 8) against an O(n^2) reference written here. */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "dse_explore.h"
#include "suites.h"

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

/* A candidate of latency lat, throughput thr (maximised: negated),
   energy en and a fourth objective x, all minimised as stored. */
static struct dse_cand cand(uint64_t id, double lat, double thr, double en,
			    double x)
{
	struct dse_cand c;

	c.id = id;
	c.obj[0] = lat;
	c.obj[1] = -thr;
	c.obj[2] = en;
	c.obj[3] = x;
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

/* 2-D: a staircase, obj[0] strictly rising and obj[1] strictly falling;
   after dse_pareto_sort, any: by obj[0], then id. */
static void check_order(const struct dse_pareto *p)
{
	size_t i;

	for (i = 1; i < p->n; i++) {
		const struct dse_cand *a = &p->c[i - 1], *b = &p->c[i];

		ck_assert_msg(a->obj[0] < b->obj[0] ||
			      (a->obj[0] == b->obj[0] && a->id < b->id),
			      "members %zu, %zu out of order", i - 1, i);
		if (p->dims == 2) {
			ck_assert(a->obj[0] < b->obj[0]);
			ck_assert_msg(a->obj[1] > b->obj[1],
				      "2-D second objective not falling at %zu", i);
		}
	}
}

/* The frontier holds exactly the candidates flagged in on[]. */
static void check_same(const struct dse_pareto *p, const struct dse_cand *c,
		       size_t n, const char *on, size_t count)
{
	size_t i, j;
	int k;

	ck_assert_msg(p->n == count, "%zu members, reference %zu", p->n, count);
	for (i = 0; i < p->n; i++) {
		for (j = 0; j < n && c[j].id != p->c[i].id; j++)
			;
		ck_assert_msg(j < n, "member id %llu was never offered",
			      (unsigned long long)p->c[i].id);
		ck_assert_msg(on[j], "member id %llu is not on the reference",
			      (unsigned long long)p->c[i].id);
		for (k = 0; k < p->dims; k++)
			ck_assert(p->c[i].obj[k] == c[j].obj[k]);
	}
}

/* ---- hand cases ---- */

START_TEST(dominates_by_hand)
{
	struct dse_cand a, b;

	/* faster and more throughput */
	a = cand(1, 1, 10, 9, 0);
	b = cand(2, 2, 5, 1, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 0);
	/* ... but more energy: in 3-D neither wins */
	ck_assert_int_eq(dse_pareto_dominates(3, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(3, &b, &a), 0);
	/* equal in everything: nobody dominates */
	a = cand(1, 3, 4, 5, 6);
	b = cand(2, 3, 4, 5, 6);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(4, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &a), 0);
	/* same latency, more throughput */
	a = cand(1, 1, 5, 0, 0);
	b = cand(2, 1, 6, 0, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 1);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	/* a trade-off */
	a = cand(1, 1, 4, 0, 0);
	b = cand(2, 2, 5, 0, 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(2, &b, &a), 0);
	/* equal in 3-D, the fourth decides in 4-D only */
	a = cand(1, 1, 5, 3, 1);
	b = cand(2, 1, 5, 3, 2);
	ck_assert_int_eq(dse_pareto_dominates(3, &a, &b), 0);
	ck_assert_int_eq(dse_pareto_dominates(4, &a, &b), 1);
	ck_assert_int_eq(dse_pareto_dominates(4, &b, &a), 0);
	/* ids do not matter */
	a = cand(9, 1, 5, 0, 0);
	b = cand(0, 2, 5, 0, 0);
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
	c = cand(3, 2, 5, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {3} */
	c = cand(5, 2, 5, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);   /* tie, larger id */
	c = cand(1, 2, 5, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* tie, smaller id */
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 1);
	c = cand(7, 2, 6, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* same latency, more */
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 7);
	c = cand(8, 3, 6, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);   /* slower, same thr. */
	c = cand(10, 4, 9, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {7, 10} */
	c = cand(11, 3, 7, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* {7, 11, 10} */
	ck_assert_uint_eq(p.n, 3);
	ck_assert_uint_eq(p.c[1].id, 11);
	/* read-only: (3.5, 7) is dominated by 11, (3, 7) only tied */
	c = cand(0, 3.5, 7, 0, 0);
	ck_assert_int_eq(dse_pareto_dominated(&p, &c), 1);
	c = cand(0, 3, 7, 0, 0);
	ck_assert_int_eq(dse_pareto_dominated(&p, &c), 0);
	c = cand(0, 1, 100, 0, 0);
	ck_assert_int_eq(dse_pareto_dominated(&p, &c), 0);
	c = cand(12, 1, 8, 0, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);   /* beats 7 and 11 */
	ck_assert_uint_eq(p.n, 2);
	ck_assert_uint_eq(p.c[0].id, 12);
	ck_assert_uint_eq(p.c[1].id, 10);
	c = cand(13, 0.5, 100, 0, 0);
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
	c = cand(4, 1, 10, 5, 0);
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	c = cand(2, 2, 9, 1, 0);    /* slower, less throughput, less energy */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	c = cand(6, 2, 9, 2, 0);    /* dominated by id 2 */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 0);
	ck_assert_int_eq(dse_pareto_dominated(&p, &c), 1);
	c = cand(3, 1, 10, 5, 0);   /* tie with id 4, smaller id: replaces it */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	dse_pareto_sort(&p);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_uint_eq(p.c[0].id, 3);
	ck_assert_uint_eq(p.c[1].id, 2);
	c = cand(9, 1, 10, 1, 0);   /* dominates both */
	ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, 9);
	dse_pareto_free(&p);
}
END_TEST

/* ---- randomised against the reference ---- */

/*
 * grid > 0: objectives drawn from {1..grid}, so that ties and exact
 * duplicates abound; grid == 0: continuous values.  Sizes above the tree's
 * threshold (32 members) exercise the ND-tree, its splits and removals.
 */
static const struct {
	int dims;
	size_t n;
	unsigned long grid, seed;
} rnd[] = {
	{ 2, 0, 4, 1 },      { 3, 0, 4, 1 },     { 4, 0, 4, 1 },
	{ 2, 1, 4, 2 },      { 3, 1, 4, 2 },     { 4, 1, 4, 2 },
	{ 2, 2, 2, 3 },      { 3, 2, 2, 3 },     { 4, 2, 2, 3 },
	{ 2, 7, 3, 4 },      { 3, 7, 3, 4 },     { 4, 7, 3, 4 },
	{ 2, 40, 2, 5 },     { 3, 40, 2, 5 },    { 4, 40, 2, 5 }, /* duplicates */
	{ 2, 200, 5, 6 },    { 3, 200, 5, 6 },   { 4, 200, 4, 6 },
	{ 2, 1000, 12, 7 },  { 3, 1000, 8, 7 },  { 4, 1000, 6, 7 },
	{ 2, 3000, 40, 8 },  { 3, 3000, 20, 8 }, { 4, 2000, 9, 8 },
	{ 2, 3000, 0, 9 },   { 3, 2000, 0, 9 },  { 4, 1500, 0, 9 },
	{ 2, 2500, 1000, 10 }, { 3, 2500, 6, 10 }, { 4, 2500, 30, 10 },
	{ 3, 3000, 0, 11 },  { 4, 3000, 0, 12 },   /* large frontiers */
};

/* Draw the candidates: distinct ids, in random order. */
static struct dse_cand *draw(gsl_rng *rng, int dims, size_t n,
			     unsigned long grid)
{
	struct dse_cand *c = calloc(n ? n : 1, sizeof *c);
	size_t i;
	int k;

	ck_assert_ptr_nonnull(c);
	for (i = 0; i < n; i++) {
		c[i].id = 1000 + 7 * (uint64_t)i;
		for (k = 0; k < DSE_OBJ_MAX; k++) {
			if (grid > 0)
				c[i].obj[k] = 1.0 + (double)gsl_rng_uniform_int(rng, grid);
			else if (k == 1) /* correlated, as on a real space */
				c[i].obj[k] = -(c[i].obj[0] +
						0.5 * gsl_rng_uniform(rng));
			else
				c[i].obj[k] = gsl_rng_uniform_pos(rng);
		}
		/* unused objectives must not matter: make them noise */
		for (k = dims; k < DSE_OBJ_MAX; k++)
			c[i].obj[k] = gsl_rng_uniform(rng);
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

/* Members of p, sorted, as ids; the caller frees. */
static uint64_t *member_ids(struct dse_pareto *p)
{
	uint64_t *ids = calloc(p->n ? p->n : 1, sizeof *ids);
	size_t i;

	ck_assert_ptr_nonnull(ids);
	dse_pareto_sort(p);
	for (i = 0; i < p->n; i++)
		ids[i] = p->c[i].id;
	return ids;
}

START_TEST(random_against_reference)
{
	const int dims = rnd[_i].dims;
	const size_t n = rnd[_i].n;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct dse_cand *c;
	struct dse_pareto p, q;
	char *on, *on_prefix;
	uint64_t *ids;
	size_t i, count, k;

	ck_assert_ptr_nonnull(rng);
	gsl_rng_set(rng, rnd[_i].seed);
	c = draw(rng, dims, n, rnd[_i].grid);
	on = calloc(n ? n : 1, 1);
	on_prefix = calloc(n ? n : 1, 1);
	ck_assert(on && on_prefix);
	count = ref_frontier(dims, c, n, on);
	if (n > 0)
		ck_assert_uint_gt(count, 0);

	/* insertion: returns 1 exactly when c[i] is on the frontier of what
	   was offered so far, c[0..i]; the read-only test agrees */
	dse_pareto_init(&p, dims);
	for (i = 0; i < n; i++) {
		int dominated = dse_pareto_dominated(&p, &c[i]);
		int rc = dse_pareto_insert(&p, &c[i]);
		size_t j;
		int ref_dom = 0;

		ck_assert_msg(rc == ref_member(dims, c, i + 1, i),
			      "offer %zu (id %llu) returned %d", i,
			      (unsigned long long)c[i].id, rc);
		for (j = 0; j < i; j++)
			ref_dom |= ref_dominates(dims, &c[j], &c[i]);
		ck_assert_int_eq(dominated, ref_dom);
		if (n <= 200) { /* and the frontier so far is the reference's */
			size_t cnt = ref_frontier(dims, c, i + 1, on_prefix);

			check_same(&p, c, i + 1, on_prefix, cnt);
		}
	}
	check_same(&p, c, n, on, count);
	ids = member_ids(&p);
	check_order(&p);

	/* any insertion order gives the same frontier, member for member */
	for (k = 0; k < 3; k++) {
		uint64_t *other;

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
		other = member_ids(&q);
		for (i = 0; i < p.n; i++)
			ck_assert_uint_eq(other[i], ids[i]);
		free(other);
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
		ck_assert_int_eq(dse_pareto_dominated(&q, &twin), 0);
	}
	ck_assert_uint_eq(q.n, p.n);
	free(ids);
	ids = member_ids(&q);
	for (i = 0; i < p.n; i++)
		ck_assert_uint_eq(ids[i], p.c[i].id);
	dse_pareto_free(&q);

	free(ids);
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
		c = cand(k, (double)k, (double)k, 1, 1);
		ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	}
	ck_assert_uint_eq(p.n, n);
	dse_pareto_sort(&p);
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

		c = cand(n + k, (double)k, (double)n, 1, 1);
		ck_assert_int_eq(dse_pareto_insert(&p, &c), up ? i == 0 : 1);
	}
	ck_assert_uint_eq(p.n, 1);
	ck_assert_uint_eq(p.c[0].id, n);
	dse_pareto_free(&p);
}
END_TEST

/* An anti-chain of 4-D points on a simplex: every one stays (a large tree). */
START_TEST(large_front_4d)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct dse_pareto p;
	size_t i, n = 20000;

	ck_assert_ptr_nonnull(rng);
	gsl_rng_set(rng, 42);
	dse_pareto_init(&p, 4);
	for (i = 0; i < n; i++) {
		struct dse_cand c;
		double a = gsl_rng_uniform(rng), b = gsl_rng_uniform(rng);
		double d = gsl_rng_uniform(rng);

		/* x + y + z + w = 3: no point dominates another */
		c.id = i;
		c.obj[0] = a;
		c.obj[1] = b;
		c.obj[2] = d;
		c.obj[3] = 3 - a - b - d;
		ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
	}
	ck_assert_uint_eq(p.n, n);
	/* one point below the plane beats everything above it */
	{
		struct dse_cand c = { n, { 0, 0, 0, 0 } };

		ck_assert_int_eq(dse_pareto_insert(&p, &c), 1);
		ck_assert_uint_eq(p.n, 1);
	}
	dse_pareto_free(&p);
	gsl_rng_free(rng);
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
	tcase_add_loop_test(tc, monotone_inputs, 0, 6);
	tcase_add_test(tc, large_front_4d);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}
