/* pareto.c - streaming Pareto frontiers of 2 to 4 objectives (MODEL.md 8). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dse_explore.h"

/* Members of a leaf, children of a node, before it splits. */
#define ND_MAX 16
/* No tree below this many members: a linear scan is as fast. */
#define ND_MIN_TREE 32

/*
 * Three or four objectives: the members sit in the leaves of a tree of
 * bounding boxes (an ND-tree: Jaszkiewicz & Lust, "ND-Tree-Based Update",
 * IEEE TEVC 22(5), 2018).  A node's box bounds every member below it
 * (lo <= member <= hi in each objective); removals leave boxes larger
 * than needed, never smaller, which every test below allows, and `count`
 * says whether any member is left below at all.
 */
struct nd_node {
	double lo[DSE_OBJ_MAX], hi[DSE_OBJ_MAX];
	size_t count;             /* members below */
	size_t parent;            /* index; the root is its own parent */
	int leaf;
	size_t n;                 /* members (leaf) or children */
	size_t item[ND_MAX + 1];  /* member indices, or node indices */
};

/* The tree of a frontier: nodes, and each member's leaf and slot. */
struct nd_tree {
	struct nd_node *node;
	size_t nnodes, ncap;
	size_t *leaf, *slot;      /* per member, p->cap of them */
	size_t removed;           /* since the tree was built */
};

/* An empty frontier over dims objectives (2 to DSE_OBJ_MAX). */
void dse_pareto_init(struct dse_pareto *p, int dims)
{
	memset(p, 0, sizeof *p);
	p->dims = dims < 2 ? 2 : dims > DSE_OBJ_MAX ? DSE_OBJ_MAX : dims;
}

/* Drop the tree (the next offer rebuilds it when it needs one). */
static void tree_drop(struct dse_pareto *p)
{
	struct nd_tree *t = p->tree;

	if (t == NULL)
		return;
	free(t->node);
	free(t->leaf);
	free(t->slot);
	free(t);
	p->tree = NULL;
}

/* Free the members and the tree; NULL is a no-op. */
void dse_pareto_free(struct dse_pareto *p)
{
	if (p == NULL)
		return;
	tree_drop(p);
	free(p->c);
	p->c = NULL;
	p->n = p->cap = p->hint = 0;
}

/* 1 when a is no worse than b in every objective and better in one. */
int dse_pareto_dominates(int dims, const struct dse_cand *a,
			 const struct dse_cand *b)
{
	int k, lt = 0;

	for (k = 0; k < dims; k++) {
		if (a->obj[k] > b->obj[k])
			return 0;
		lt |= a->obj[k] < b->obj[k];
	}
	return lt;
}

/* Same value in every objective. */
static int tie(int dims, const struct dse_cand *a, const struct dse_cand *b)
{
	int k;

	for (k = 0; k < dims; k++)
		if (a->obj[k] != b->obj[k])
			return 0;
	return 1;
}

/* a keeps b off the frontier: a dominates b, or ties it with a lower id. */
static int beats(int dims, const struct dse_cand *a, const struct dse_cand *b)
{
	return dse_pareto_dominates(dims, a, b) ||
	       (tie(dims, a, b) && a->id < b->id);
}

/* Room for one more member (and its place in the tree); DSE_ENOMEM. */
static int grow(struct dse_pareto *p)
{
	struct nd_tree *t = p->tree;
	size_t ncap;
	struct dse_cand *nc;

	if (p->n < p->cap)
		return DSE_OK;
	ncap = p->cap ? 2 * p->cap : 64;
	nc = realloc(p->c, ncap * sizeof *nc);
	if (nc == NULL)
		return DSE_ENOMEM;
	p->c = nc;
	if (t) {
		size_t *l = realloc(t->leaf, ncap * sizeof *l);

		if (l)
			t->leaf = l;
		l = l ? realloc(t->slot, ncap * sizeof *l) : NULL;
		if (l == NULL)
			return DSE_ENOMEM;
		t->slot = l;
	}
	p->cap = ncap;
	return DSE_OK;
}

/* ---- two objectives: a staircase sorted by obj[0] ---- */

/*
 * The index of the first member with obj[0] above c's (the staircase is
 * sorted by obj[0]): first where the last search ended, as consecutive
 * offers of a sweep fall near one another, else by binary search.
 */
static size_t first_above(const struct dse_pareto *p, const struct dse_cand *c)
{
	size_t lo = 0, hi = p->n, h = p->hint;

	if (h < p->n && p->c[h].obj[0] <= c->obj[0] &&
	    (h + 1 == p->n || p->c[h + 1].obj[0] > c->obj[0]))
		return h + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->c[mid].obj[0] <= c->obj[0])
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The members are sorted by obj[0], strictly increasing, with obj[1]
 * strictly decreasing, so the only member that can dominate or tie c is
 * the last one with obj[0] <= c's, found by binary search.
 */
static int insert2(struct dse_pareto *p, const struct dse_cand *c)
{
	size_t at = first_above(p, c), end;

	p->hint = at > 0 ? at - 1 : 0;
	if (at > 0) {
		struct dse_cand *prev = &p->c[at - 1];

		if (prev->obj[1] < c->obj[1] ||
		    (prev->obj[1] == c->obj[1] && prev->obj[0] < c->obj[0]))
			return 0;
		if (tie(2, prev, c)) {
			if (c->id > prev->id)
				return 0;
			*prev = *c;
			return 1;
		}
		if (prev->obj[0] == c->obj[0])
			at--; /* same obj[0], worse obj[1]: c replaces it */
	}
	/* members from `at` on that are no better in obj[1] are dominated */
	for (end = at; end < p->n && p->c[end].obj[1] >= c->obj[1]; end++)
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

/* ---- three and four objectives ---- */

/* A small frontier: the definition, member by member. */
static int insert_scan(struct dse_pareto *p, const struct dse_cand *c)
{
	size_t i, j;

	for (i = 0; i < p->n; i++)
		if (beats(p->dims, &p->c[i], c))
			return 0;
	for (i = j = 0; i < p->n; i++)
		if (!beats(p->dims, c, &p->c[i]))
			p->c[j++] = p->c[i];
	p->n = j;
	if (grow(p) != DSE_OK)
		return DSE_ENOMEM;
	p->c[p->n++] = *c;
	return 1;
}

/* Node i of the tree. */
static struct nd_node *node(const struct nd_tree *t, size_t i)
{
	return &t->node[i];
}

/* A new empty node under parent; its index in *out.  DSE_ENOMEM. */
static int new_node(struct nd_tree *t, int dims, int leaf, size_t parent,
		    size_t *out)
{
	struct nd_node *nd;
	int k;

	if (t->nnodes == t->ncap) {
		size_t ncap = t->ncap ? 2 * t->ncap : 16;
		struct nd_node *nn = realloc(t->node, ncap * sizeof *nn);

		if (nn == NULL)
			return DSE_ENOMEM;
		t->node = nn;
		t->ncap = ncap;
	}
	*out = t->nnodes++;
	nd = node(t, *out);
	memset(nd, 0, sizeof *nd);
	nd->leaf = leaf;
	nd->parent = parent;
	for (k = 0; k < dims; k++) {
		nd->lo[k] = HUGE_VAL;
		nd->hi[k] = -HUGE_VAL;
	}
	return DSE_OK;
}

/* Widen node i's box to hold v. */
static void widen(struct nd_node *nd, int dims, const double *v)
{
	int k;

	for (k = 0; k < dims; k++) {
		if (v[k] < nd->lo[k])
			nd->lo[k] = v[k];
		if (v[k] > nd->hi[k])
			nd->hi[k] = v[k];
	}
}

/* a <= b in every objective. */
static int below(int dims, const double *a, const double *b)
{
	int k;

	for (k = 0; k < dims; k++)
		if (a[k] > b[k])
			return 0;
	return 1;
}

/* a == b in every objective. */
static int equal(int dims, const double *a, const double *b)
{
	int k;

	for (k = 0; k < dims; k++)
		if (a[k] != b[k])
			return 0;
	return 1;
}

/* Take member m out of its leaf and the counts above it; the member array
   keeps it (remove_member moves it out). */
static void unlink_member(struct dse_pareto *p, size_t m)
{
	struct nd_tree *t = p->tree;
	struct nd_node *leaf = node(t, t->leaf[m]);
	size_t s = t->slot[m], i = t->leaf[m];

	leaf->item[s] = leaf->item[--leaf->n];
	if (s < leaf->n)
		t->slot[leaf->item[s]] = s;
	for (;;) {
		node(t, i)->count--;
		if (i == 0)
			break;
		i = node(t, i)->parent;
	}
}

/* Remove member m: out of the tree, then the last member takes its index. */
static void remove_member(struct dse_pareto *p, size_t m)
{
	struct nd_tree *t = p->tree;
	size_t last = p->n - 1;

	unlink_member(p, m);
	if (m != last) {
		p->c[m] = p->c[last];
		t->leaf[m] = t->leaf[last];
		t->slot[m] = t->slot[last];
		node(t, t->leaf[m])->item[t->slot[m]] = m;
	}
	p->n--;
	t->removed++;
}

/* Remove every member below node i. */
static void remove_below(struct dse_pareto *p, size_t i)
{
	struct nd_tree *t = p->tree;
	size_t k;

	if (node(t, i)->leaf) {
		while (node(t, i)->n > 0)
			remove_member(p, node(t, i)->item[node(t, i)->n - 1]);
		return;
	}
	for (k = 0; k < node(t, i)->n; k++)
		if (node(t, node(t, i)->item[k])->count > 0)
			remove_below(p, node(t, i)->item[k]);
}

/*
 * Offer c to the members below node i: 0 when one of them keeps c out,
 * else 1, having removed those c beats.  Box tests decide whole subtrees:
 * hi <= c and hi != c: every member dominates c; c <= lo and c != lo: c
 * dominates every member; neither lo <= c nor c <= hi: no member can
 * dominate, tie or be dominated by c.  A rejected c beats nothing (the
 * members do not beat one another), so nothing is removed before a 0.
 */
static int update(struct dse_pareto *p, size_t i, const struct dse_cand *c)
{
	struct nd_tree *t = p->tree;
	const int d = p->dims;
	struct nd_node *nd = node(t, i);
	size_t k;

	if (nd->count == 0)
		return 1;
	if (below(d, nd->hi, c->obj) && !equal(d, nd->hi, c->obj))
		return 0;
	if (below(d, c->obj, nd->lo) && !equal(d, c->obj, nd->lo)) {
		remove_below(p, i);
		return 1;
	}
	if (!below(d, nd->lo, c->obj) && !below(d, c->obj, nd->hi))
		return 1;
	if (nd->leaf) {
		for (k = 0; k < nd->n; k++)
			if (beats(d, &p->c[nd->item[k]], c))
				return 0;
		for (k = nd->n; k-- > 0;)
			if (beats(d, c, &p->c[node(t, i)->item[k]]))
				remove_member(p, node(t, i)->item[k]);
		return 1;
	}
	for (k = 0; k < nd->n; k++)
		if (!update(p, node(t, i)->item[k], c))
			return 0;
	return 1;
}

/* How much node i's box grows to hold v, relative to its extent. */
static double growth(const struct nd_node *nd, int dims, const double *v)
{
	double g = 0;
	int k;

	for (k = 0; k < dims; k++) {
		const double span = nd->hi[k] - nd->lo[k];
		const double out = v[k] < nd->lo[k] ? nd->lo[k] - v[k] :
				   v[k] > nd->hi[k] ? v[k] - nd->hi[k] : 0.0;

		if (out > 0)
			g += span > 0 ? out / span : 1.0 + out;
	}
	return g;
}

/* Member indices items[0..n) sorted on objective k (insertion sort). */
static void sort_on(const struct dse_pareto *p, size_t *items, size_t n, int k)
{
	size_t a, b;

	for (a = 1; a < n; a++)
		for (b = a; b > 0 && p->c[items[b]].obj[k] <
					     p->c[items[b - 1]].obj[k]; b--) {
			size_t x = items[b];

			items[b] = items[b - 1];
			items[b - 1] = x;
		}
}

/* Leaf i holds members items[0..n) from now on: slots, box, count. */
static void fill_leaf(struct dse_pareto *p, size_t i, const size_t *items,
		      size_t n)
{
	struct nd_tree *t = p->tree;
	struct nd_node *nd = node(t, i);
	size_t j;
	int k;

	for (k = 0; k < p->dims; k++) {
		nd->lo[k] = HUGE_VAL;
		nd->hi[k] = -HUGE_VAL;
	}
	nd->n = n;
	nd->count = n;
	for (j = 0; j < n; j++) {
		nd->item[j] = items[j];
		t->leaf[items[j]] = i;
		t->slot[items[j]] = j;
		widen(nd, p->dims, p->c[items[j]].obj);
	}
}

/*
 * An overfull leaf i splits at the median of its widest objective: the
 * upper half moves to a new leaf beside it when the parent has room, else
 * leaf i becomes a node over two new leaves.  Counts above do not change.
 */
static int split(struct dse_pareto *p, size_t i)
{
	struct nd_tree *t = p->tree;
	size_t items[ND_MAX + 1], n = node(t, i)->n, parent = node(t, i)->parent;
	size_t a, b;
	int k, wide = 0;
	double best = -1;

	for (k = 0; k < p->dims; k++)
		if (node(t, i)->hi[k] - node(t, i)->lo[k] > best) {
			best = node(t, i)->hi[k] - node(t, i)->lo[k];
			wide = k;
		}
	memcpy(items, node(t, i)->item, n * sizeof *items);
	sort_on(p, items, n, wide);
	if (i != 0 && node(t, parent)->n < ND_MAX) {
		if (new_node(t, p->dims, 1, parent, &b) != DSE_OK)
			return DSE_ENOMEM;
		fill_leaf(p, i, items, n / 2);
		fill_leaf(p, b, items + n / 2, n - n / 2);
		node(t, parent)->item[node(t, parent)->n++] = b;
		return DSE_OK;
	}
	if (new_node(t, p->dims, 1, i, &a) != DSE_OK ||
	    new_node(t, p->dims, 1, i, &b) != DSE_OK)
		return DSE_ENOMEM;
	fill_leaf(p, a, items, n / 2);
	fill_leaf(p, b, items + n / 2, n - n / 2);
	node(t, i)->leaf = 0;
	node(t, i)->n = 2;
	node(t, i)->item[0] = a;
	node(t, i)->item[1] = b;
	node(t, i)->count = n;
	return DSE_OK;
}

/* Put member m into the tree: down the child whose box grows least. */
static int place(struct dse_pareto *p, size_t m)
{
	struct nd_tree *t = p->tree;
	const double *v = p->c[m].obj;
	size_t i = 0;

	for (;;) {
		struct nd_node *nd = node(t, i);
		size_t k, best = 0;
		double g = HUGE_VAL;

		widen(nd, p->dims, v);
		nd->count++;
		if (nd->leaf) {
			t->leaf[m] = i;
			t->slot[m] = nd->n;
			nd->item[nd->n++] = m;
			return nd->n > ND_MAX ? split(p, i) : DSE_OK;
		}
		/* an emptied child's box says nothing: the last choice */
		best = nd->item[0];
		for (k = 0; k < nd->n; k++) {
			const struct nd_node *ch = node(t, nd->item[k]);
			double gk = ch->count == 0 ? DBL_MAX : growth(ch, p->dims, v);

			if (gk < g) {
				g = gk;
				best = nd->item[k];
			}
		}
		i = best;
	}
}

/* A fresh tree over the members; DSE_ENOMEM. */
static int rebuild(struct dse_pareto *p)
{
	struct nd_tree *t = p->tree;
	size_t root, m;

	if (t == NULL) {
		t = calloc(1, sizeof *t);
		if (t == NULL)
			return DSE_ENOMEM;
		p->tree = t;
		t->leaf = malloc((p->cap ? p->cap : 1) * sizeof *t->leaf);
		t->slot = malloc((p->cap ? p->cap : 1) * sizeof *t->slot);
		if (t->leaf == NULL || t->slot == NULL) {
			tree_drop(p);
			return DSE_ENOMEM;
		}
	}
	t->nnodes = 0;
	t->removed = 0;
	if (new_node(t, p->dims, 1, 0, &root) != DSE_OK)
		return DSE_ENOMEM;
	for (m = 0; m < p->n; m++)
		if (place(p, m) != DSE_OK)
			return DSE_ENOMEM;
	return DSE_OK;
}

/* Three or four objectives: scan a small frontier, else the tree. */
static int insert_nd(struct dse_pareto *p, const struct dse_cand *c)
{
	struct nd_tree *t = p->tree;

	if (t == NULL && p->n < ND_MIN_TREE)
		return insert_scan(p, c);
	/* removals leave loose boxes: rebuild once they are many */
	if (t == NULL || t->removed > 64 + p->n) {
		if (rebuild(p) != DSE_OK) {
			tree_drop(p);
			return DSE_ENOMEM;
		}
	}
	if (!update(p, 0, c))
		return 0;
	if (grow(p) != DSE_OK)
		return DSE_ENOMEM;
	p->c[p->n++] = *c;
	if (place(p, p->n - 1) != DSE_OK) {
		tree_drop(p); /* the members stay right; the tree is rebuilt */
		return DSE_ENOMEM;
	}
	return 1;
}

/* Offer c: by the staircase for two objectives, the tree beyond. */
int dse_pareto_insert(struct dse_pareto *p, const struct dse_cand *c)
{
	return p->dims == 2 ? insert2(p, c) : insert_nd(p, c);
}

/* 1 when some member below node i dominates c (box tests as update). */
static int dominated_below(const struct dse_pareto *p, size_t i,
			   const struct dse_cand *c)
{
	const struct nd_tree *t = p->tree;
	const struct nd_node *nd = node(t, i);
	const int d = p->dims;
	size_t k;

	if (nd->count == 0 || !below(d, nd->lo, c->obj))
		return 0;
	if (below(d, nd->hi, c->obj) && !equal(d, nd->hi, c->obj))
		return 1;
	for (k = 0; k < nd->n; k++)
		if (nd->leaf ? dse_pareto_dominates(d, &p->c[nd->item[k]], c) :
			       dominated_below(p, nd->item[k], c))
			return 1;
	return 0;
}

/* 1 when a member dominates c (a tie does not count). */
int dse_pareto_dominated(const struct dse_pareto *p, const struct dse_cand *c)
{
	size_t i;

	if (p->dims == 2) {
		/* of the members with obj[0] <= c's, the last has the best obj[1] */
		i = first_above(p, c);
		return i > 0 && dse_pareto_dominates(2, &p->c[i - 1], c);
	}
	if (p->tree)
		return dominated_below(p, 0, c);
	for (i = 0; i < p->n; i++)
		if (dse_pareto_dominates(p->dims, &p->c[i], c))
			return 1;
	return 0;
}

/* qsort order of members: obj[0], then id. */
static int cmp_member(const void *a, const void *b)
{
	const struct dse_cand *x = a, *y = b;

	if (x->obj[0] != y->obj[0])
		return x->obj[0] < y->obj[0] ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* The members sorted by obj[0], then id (offers may continue after). */
void dse_pareto_sort(struct dse_pareto *p)
{
	if (p->dims == 2)
		return; /* a staircase is sorted already */
	if (p->n > 1) /* an empty frontier has no array: qsort wants one */
		qsort(p->c, p->n, sizeof *p->c, cmp_member);
	tree_drop(p);
}
