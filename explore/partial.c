/*
 * partial.c - the third phase: partial results of chunk ranges, merged,
 * and written to JSON and read back exactly (shards, dse merge, MPI).
 *
 * A partial result holds what no later chunk can change: counts (sums),
 * the nearest value each constraint ruled out (a minimum or maximum), each
 * cell's frontier candidates (a frontier of the union is the frontier of
 * the members of the frontiers), the smallest sample keys, and the tail
 * pass's staircases.  Every step is order-free, so any split of the chunks
 * merges into the same result.  Doubles are written as %.17g (read back by
 * strtod to the same bits); non-finite ones as "inf", "-inf", "nan".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "explore_impl.h"

/* The version of the partial result's document. */
#define PART_VERSION 1

/* Free a partial result; NULL is a no-op. */
void dse_partial_free(struct dse_partial *part)
{
	size_t i, s;

	if (part == NULL)
		return;
	for (i = 0; part->cells && i < part->ncells; i++) {
		dse_pareto_free(&part->cells[i].front);
		dse_pareto_free(&part->cells[i].stair);
		for (s = 0; part->cells[i].tail && s < part->nslots; s++)
			dse_pareto_free(&part->cells[i].tail[s]);
		free(part->cells[i].tail);
	}
	for (i = 0; part->groups && i < part->ngroups; i++)
		free(part->groups[i].heap);
	free(part->cells);
	free(part->groups);
	free(part->ranges);
	free(part);
}

/* An empty partial result of the plan. */
int partial_new(const struct dse_plan *pl, struct dse_partial **out,
		struct dse_error *err)
{
	struct dse_partial *p = calloc(1, sizeof *p);
	size_t i, s, c;
	int ok = p != NULL;

	*out = NULL;
	if (ok) {
		p->ngroups = pl->ngroups;
		p->ncells = pl->nblocks;
		p->nslots = pl->nslots;
		p->groups = calloc(pl->ngroups, sizeof *p->groups);
		p->cells = calloc(pl->nblocks, sizeof *p->cells);
		ok = p->groups && p->cells;
	}
	for (i = 0; ok && i < pl->ngroups; i++) {
		p->groups[i].heap = calloc(pl->st.sample ? pl->st.sample : 1,
					   sizeof *p->groups[i].heap);
		ok = p->groups[i].heap != NULL;
		for (c = 0; c < pl->st.nconstraints; c++)
			p->groups[i].closest[c] = pl->st.constraints[c].upper ?
							  INFINITY : -INFINITY;
	}
	for (i = 0; ok && i < pl->nblocks; i++) {
		dse_pareto_init(&p->cells[i].front, pl->dims);
		dse_pareto_init(&p->cells[i].stair, 2);
		if (pl->nslots == 0)
			continue;
		p->cells[i].tail = calloc(pl->nslots, sizeof *p->cells[i].tail);
		ok = p->cells[i].tail != NULL;
		for (s = 0; ok && s < pl->nslots; s++)
			dse_pareto_init(&p->cells[i].tail[s], 2);
	}
	if (!ok) {
		dse_partial_free(p);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	*out = p;
	return DSE_OK;
}

/* Offer c to p; out of memory as a status with its message. */
int partial_offer(struct dse_pareto *p, const struct dse_cand *c,
		  struct dse_error *err)
{
	return dse_pareto_insert(p, c) < 0 ?
		       dse_error_set(err, DSE_ENOMEM, "out of memory") : DSE_OK;
}

/* Keep (key, id) if its key is among the cap smallest seen (a max-heap). */
void partial_sample(struct part_group *g, uint64_t key, uint64_t id,
		    size_t cap)
{
	struct sample_key *h = g->heap, s = { key, id };
	size_t i, c;

	if (cap == 0)
		return;
	if (g->nheap < cap) { /* sift up */
		i = g->nheap++;
		while (i > 0 && h[(i - 1) / 2].key < s.key) {
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = s;
		return;
	}
	if (s.key >= h[0].key)
		return;
	for (i = 0; (c = 2 * i + 1) < cap; i = c) { /* sift down */
		if (c + 1 < cap && h[c + 1].key > h[c].key)
			c++;
		if (h[c].key <= s.key)
			break;
		h[i] = h[c];
	}
	h[i] = s;
}

/* Every member of from offered to into. */
static int merge_front(struct dse_pareto *into, const struct dse_pareto *from,
		       struct dse_error *err)
{
	size_t i;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < from->n; i++)
		rc = partial_offer(into, &from->c[i], err);
	return rc;
}

/* The union of two sorted lists of disjoint ranges; DSE_EINPUT on overlap. */
static int merge_ranges(struct dse_partial *into, const struct dse_partial *from,
			struct dse_error *err)
{
	const size_t n = into->nranges + from->nranges;
	uint64_t *r;
	size_t a = 0, b = 0, k = 0;

	if (from->nranges == 0) /* a worker's part: no chunk range of its own */
		return DSE_OK;
	r = malloc(2 * n * sizeof *r);
	if (r == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	while (a < into->nranges || b < from->nranges) {
		const uint64_t *x;

		if (b == from->nranges ||
		    (a < into->nranges && into->ranges[2 * a] < from->ranges[2 * b]))
			x = &into->ranges[2 * a++];
		else
			x = &from->ranges[2 * b++];
		if (k > 0 && x[0] < r[2 * k - 1]) {
			free(r);
			return dse_error_set(err, DSE_EINPUT,
					     "chunks %llu..%llu are in two partial results",
					     (unsigned long long)x[0],
					     (unsigned long long)(x[1] - 1));
		}
		if (k > 0 && x[0] == r[2 * k - 1]) { /* adjacent: one range */
			r[2 * k - 1] = x[1];
			continue;
		}
		r[2 * k] = x[0];
		r[2 * k + 1] = x[1];
		k++;
	}
	free(into->ranges);
	into->ranges = r;
	into->nranges = k;
	return DSE_OK;
}

/* Add from to into: ranges (disjoint), counts, frontiers, sample. */
int dse_explore_merge(const struct dse_plan *pl, struct dse_partial *into,
		      const struct dse_partial *from, struct dse_error *err)
{
	size_t g, i, c, v, s;
	int rc = merge_ranges(into, from, err);

	for (g = 0; rc == DSE_OK && g < pl->ngroups; g++) {
		struct part_group *a = &into->groups[g];
		const struct part_group *b = &from->groups[g];

		a->feasible += b->feasible;
		a->evaluated += b->evaluated;
		a->pruned += b->pruned;
		for (v = 0; v < DSE_VERDICT_COUNT; v++)
			a->infeasible[v] += b->infeasible[v];
		for (c = 0; c < pl->st.nconstraints; c++) {
			const int up = pl->st.constraints[c].upper;

			a->constrained[c] += b->constrained[c];
			if (up ? b->closest[c] < a->closest[c] :
				 b->closest[c] > a->closest[c])
				a->closest[c] = b->closest[c];
		}
		for (i = 0; i < b->nheap; i++)
			partial_sample(a, b->heap[i].key, b->heap[i].id,
				       pl->st.sample);
	}
	for (i = 0; rc == DSE_OK && i < pl->nblocks; i++) {
		rc = merge_front(&into->cells[i].front, &from->cells[i].front, err);
		if (rc == DSE_OK)
			rc = merge_front(&into->cells[i].stair,
					 &from->cells[i].stair, err);
		for (s = 0; rc == DSE_OK && s < pl->nslots; s++)
			rc = merge_front(&into->cells[i].tail[s],
					 &from->cells[i].tail[s], err);
	}
	if (rc == DSE_OK) {
		into->wall_s += from->wall_s;
		if (from->threads > into->threads)
			into->threads = from->threads;
	}
	return rc;
}

/* The chunk ranges of a partial result. */
const uint64_t *dse_partial_ranges(const struct dse_partial *part, size_t *n)
{
	*n = part->nranges;
	return part->ranges;
}

/* Wall time (summed over runs) and threads (the most) of a partial result. */
void dse_partial_run(const struct dse_partial *part, double *wall_s,
		     unsigned *threads)
{
	*wall_s = part->wall_s;
	*threads = part->threads;
}

/* ---- the plan's fingerprint ---- */

/* FNV-1a, 64 bits (Fowler, Noll, Vo): a hash of n bytes into h. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Hash of a double's bits. */
static uint64_t fnv_double(uint64_t h, double v)
{
	return fnv(h, &v, sizeof v);
}

/*
 * What a plan is made of: the study, every group's technology values,
 * workload stages and budget, the enumeration.  Two plans with the same
 * fingerprint enumerate the same designs with the same figures.
 */
static uint64_t fingerprint(const struct dse_plan *pl)
{
	cJSON *st = dse_study_json(&pl->st);
	char *text = st ? cJSON_PrintUnformatted(st) : NULL;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t g, i, n = dse_tech_nparams();

	h = fnv(h, text ? text : "", text ? strlen(text) : 0);
	cJSON_free(text);
	cJSON_Delete(st);
	h = fnv(h, &pl->nchunks, sizeof pl->nchunks);
	h = fnv(h, &pl->ids, sizeof pl->ids);
	for (g = 0; g < pl->ngroups; g++) {
		const struct dse_model *m = pl->groups[g].model;
		const struct dse_workload *wl = m->wl;

		for (i = 0; i < n; i++) {
			const char *key, *source;
			double v;

			dse_tech_param(m->tech, i, &key, &v, &source);
			h = fnv_double(h, v);
		}
		h = fnv(h, wl->name, strlen(wl->name));
		h = fnv_double(h, wl->repeat);
		h = fnv_double(h, wl->layers);
		for (i = 0; i < wl->nstages; i++) {
			const struct dse_stage *s = &wl->stages[i];

			h = fnv(h, &s->kind, sizeof s->kind);
			h = fnv_double(h, s->m);
			h = fnv_double(h, s->n);
			h = fnv_double(h, s->k);
			h = fnv_double(h, s->count);
			h = fnv_double(h, s->ops_per_item);
			h = fnv(h, &s->weights, sizeof s->weights);
		}
		h = fnv_double(h, m->budget.area_mm2);
		h = fnv_double(h, m->budget.power_w);
		h = fnv(h, &m->budget.dram_in_budget, sizeof m->budget.dram_in_budget);
	}
	return h;
}

/* ---- writing ---- */

/* An unsigned 64-bit number as JSON: exact up to 2^53. */
static cJSON *count(uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	return cJSON_CreateRaw(buf);
}

/* A frontier as [[id, obj0, obj1, ...], ...]. */
static cJSON *front_json(const struct dse_pareto *p)
{
	cJSON *a = cJSON_CreateArray(), *m;
	size_t i;
	int k, ok = a != NULL;

	for (i = 0; ok && i < p->n; i++) {
		ok = (m = cJSON_CreateArray()) != NULL && dse_json_push(a, m) &&
		     dse_json_push(m, count(p->c[i].id));
		for (k = 0; ok && k < p->dims; k++)
			ok = dse_json_push(m, dse_json_exact(p->c[i].obj[k]));
	}
	if (!ok) {
		cJSON_Delete(a);
		return NULL;
	}
	return a;
}

/* A group's counts and sample keys. */
static cJSON *group_json(const struct dse_plan *pl, const struct part_group *g)
{
	cJSON *o = cJSON_CreateObject(), *a = NULL, *e;
	size_t i;
	int ok;
	char key[20];

	ok = o && dse_json_put(o, "feasible", dse_json_exact(g->feasible)) &&
	     dse_json_put(o, "infeasible", dse_json_exact_array(g->infeasible, DSE_VERDICT_COUNT)) &&
	     dse_json_put(o, "constrained", dse_json_exact_array(g->constrained, pl->st.nconstraints)) &&
	     dse_json_put(o, "closest", dse_json_exact_array(g->closest, pl->st.nconstraints)) &&
	     dse_json_put(o, "evaluated", dse_json_exact(g->evaluated)) &&
	     dse_json_put(o, "pruned", dse_json_exact(g->pruned)) &&
	     (a = cJSON_AddArrayToObject(o, "sample")) != NULL;
	for (i = 0; ok && i < g->nheap; i++) {
		snprintf(key, sizeof key, "%016llx",
			 (unsigned long long)g->heap[i].key);
		ok = (e = cJSON_CreateArray()) != NULL && dse_json_push(a, e) &&
		     dse_json_push(e, cJSON_CreateString(key)) && dse_json_push(e, count(g->heap[i].id));
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* A cell's frontier, staircase and tail staircases. */
static cJSON *cell_json(const struct dse_plan *pl, const struct part_cell *c)
{
	cJSON *o = cJSON_CreateObject(), *t = NULL;
	size_t s;
	int ok = o && dse_json_put(o, "front", front_json(&c->front)) &&
		 dse_json_put(o, "stair", front_json(&c->stair)) &&
		 (t = cJSON_AddArrayToObject(o, "tail")) != NULL;

	for (s = 0; ok && s < pl->nslots; s++)
		ok = dse_json_push(t, front_json(&c->tail[s]));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* The partial result as one JSON document. */
cJSON *dse_partial_json(const struct dse_plan *pl,
			const struct dse_partial *part)
{
	cJSON *doc = cJSON_CreateObject(), *a = NULL, *r;
	char fp[20];
	size_t i;
	int ok;

	snprintf(fp, sizeof fp, "%016llx", (unsigned long long)fingerprint(pl));
	ok = doc && cJSON_AddNumberToObject(doc, "dse_partial", PART_VERSION) &&
	     cJSON_AddStringToObject(doc, "fingerprint", fp) &&
	     dse_json_put(doc, "study", dse_study_json(&pl->st)) &&
	     dse_json_put(doc, "chunks", count(pl->nchunks)) &&
	     dse_json_put(doc, "designs", dse_json_exact(pl->designs)) &&
	     dse_json_put(doc, "wall_time_s", dse_json_exact(part->wall_s)) &&
	     dse_json_put(doc, "threads", count(part->threads)) &&
	     (a = cJSON_AddArrayToObject(doc, "ranges")) != NULL;
	for (i = 0; ok && i < part->nranges; i++)
		ok = (r = cJSON_CreateArray()) != NULL && dse_json_push(a, r) &&
		     dse_json_push(r, count(part->ranges[2 * i])) &&
		     dse_json_push(r, count(part->ranges[2 * i + 1]));
	ok = ok && (a = cJSON_AddArrayToObject(doc, "groups")) != NULL;
	for (i = 0; ok && i < pl->ngroups; i++)
		ok = dse_json_push(a, group_json(pl, &part->groups[i]));
	ok = ok && (a = cJSON_AddArrayToObject(doc, "cells")) != NULL;
	for (i = 0; ok && i < pl->nblocks; i++)
		ok = dse_json_push(a, cell_json(pl, &part->cells[i]));
	if (!ok) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* The study object of a partial result's document, or NULL. */
const cJSON *dse_partial_study(const cJSON *doc)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "study");

	return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "dse_partial")) &&
		       cJSON_IsObject(s) ? s : NULL;
}

/* ---- reading ---- */

/* What reading a document needs: the file's name for messages. */
struct reader {
	const char *file;
	struct dse_error *err;
};

/* DSE_EINPUT "file: where: why". */
static int bad(const struct reader *rd, const char *where, const char *why)
{
	return dse_error_set(rd->err, DSE_EINPUT, "%s: %s: %s", rd->file, where,
			     why);
}

/* An exact double of the document (a number, or inf / -inf / nan). */
static int read_double(const struct reader *rd, const cJSON *v,
		       const char *where, double *out)
{
	return dse_json_exact_read(v, out) == 0 ? DSE_OK :
	       bad(rd, where, "expected a number");
}

/* A whole number in [0, max] of the document. */
static int read_count(const struct reader *rd, const cJSON *v,
		      const char *where, double max, uint64_t *out)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
	    v->valuedouble > max || v->valuedouble != floor(v->valuedouble))
		return bad(rd, where, "expected a whole number in range");
	*out = (uint64_t)v->valuedouble;
	return DSE_OK;
}

/* A count of the document: a whole number in [0, max], kept as a double. */
static int read_tally(const struct reader *rd, const cJSON *v,
		      const char *where, double max, double *out)
{
	uint64_t n = 0;
	int rc = read_count(rd, v, where, max, &n);

	if (rc == DSE_OK)
		*out = (double)n;
	return rc;
}

/* n values of an array: counts in [0, max], or (max NaN) exact doubles. */
static int read_list(const struct reader *rd, const cJSON *a,
		     const char *where, double max, double *out, size_t n)
{
	const cJSON *v;
	size_t i = 0;
	int rc = DSE_OK;

	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return bad(rd, where, "expected a list of the plan's length");
	cJSON_ArrayForEach(v, a) {
		rc = isnan(max) ? read_double(rd, v, where, &out[i]) :
				  read_tally(rd, v, where, max, &out[i]);
		if (rc != DSE_OK)
			break;
		i++;
	}
	return rc;
}

/* 1 when chunk c is in one of p's ranges (sorted: a binary search). */
static int in_ranges(const struct dse_partial *p, uint64_t c)
{
	size_t lo = 0, hi = p->nranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c < p->ranges[2 * mid])
			hi = mid;
		else if (c >= p->ranges[2 * mid + 1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* The block of design id (id < the plan's ids) when its chunk is in p's
   ranges, else NULL. */
static const struct plan_block *ranged_block(const struct dse_plan *pl,
					     const struct dse_partial *p,
					     uint64_t id)
{
	uint64_t t;
	size_t f;
	const struct plan_block *b = plan_locate(pl, id, &t, &f);

	return in_ranges(p, b->first_chunk + t / b->chunk_tuples) ? b : NULL;
}

/* Designs of each group in p's chunk ranges, into per[g]. */
static void ranged_designs(const struct dse_plan *pl,
			   const struct dse_partial *p, double *per)
{
	size_t i, r;

	for (i = 0; i < pl->ngroups; i++)
		per[i] = 0;
	for (r = 0; r < p->nranges; r++)
		for (i = 0; i < pl->nblocks; i++) {
			const struct plan_block *b = &pl->blocks[i];
			const uint64_t end = b->first_chunk + b->nchunks;
			uint64_t lo = p->ranges[2 * r], hi = p->ranges[2 * r + 1];
			uint64_t t0, t1;

			lo = lo > b->first_chunk ? lo : b->first_chunk;
			hi = hi < end ? hi : end;
			if (lo >= hi)
				continue;
			t0 = (lo - b->first_chunk) * b->chunk_tuples;
			t1 = (hi - b->first_chunk) * b->chunk_tuples;
			t1 = t1 < b->ntuples ? t1 : b->ntuples;
			per[b->group] += (double)(t1 - t0) *
					 (double)pl->groups[b->group].nfreq;
		}
}

/* A frontier of [[id, obj...], ...] of designs of block bi in p's
   ranges, offered member by member to f. */
static int read_front(const struct reader *rd, const struct dse_plan *pl,
		      const cJSON *a, const char *where,
		      const struct dse_partial *p, size_t bi,
		      struct dse_pareto *f)
{
	const cJSON *m, *v;
	int rc = DSE_OK;

	if (!cJSON_IsArray(a))
		return bad(rd, where, "expected a list");
	cJSON_ArrayForEach(m, a) {
		struct dse_cand c;
		int k = 0;

		memset(&c, 0, sizeof c);
		if (!cJSON_IsArray(m) || cJSON_GetArraySize(m) != f->dims + 1)
			return bad(rd, where, "expected [id, objectives...]");
		v = m->child;
		if ((rc = read_count(rd, v, where, (double)pl->ids - 1, &c.id)) != DSE_OK)
			return rc;
		if (ranged_block(pl, p, c.id) != &pl->blocks[bi])
			return bad(rd, where, "a design of another cell or chunk");
		for (v = v->next; v; v = v->next)
			if ((rc = read_double(rd, v, where, &c.obj[k++])) != DSE_OK)
				return rc;
		if ((rc = partial_offer(f, &c, rd->err)) != DSE_OK)
			return rc;
	}
	return DSE_OK;
}

/* qsort order of sample entries by id. */
static int cmp_sample_id(const void *a, const void *b)
{
	const struct sample_key *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Group gi's counts and sample keys, designs of it in p's ranges: every
 * design counted once (feasible, or under the verdict or constraint that
 * ruled it out), the feasible ones evaluated or pruned, the sample at
 * most st.sample distinct feasible designs of the group's chunks, each
 * with its own key.
 */
static int read_group(const struct reader *rd, const struct dse_plan *pl,
		      const cJSON *o, size_t gi, double designs,
		      const struct dse_partial *p)
{
	struct part_group *g = &p->groups[gi];
	const cJSON *a, *e;
	double sum;
	size_t c, v, n = 0;
	int rc;

	if (!cJSON_IsObject(o))
		return bad(rd, "groups", "expected objects");
	if ((rc = read_tally(rd, cJSON_GetObjectItemCaseSensitive(o, "feasible"),
			     "groups.feasible", designs, &g->feasible)) ||
	    (rc = read_list(rd, cJSON_GetObjectItemCaseSensitive(o, "infeasible"),
			    "groups.infeasible", designs, g->infeasible,
			    DSE_VERDICT_COUNT)) ||
	    (rc = read_list(rd, cJSON_GetObjectItemCaseSensitive(o, "constrained"),
			    "groups.constrained", designs, g->constrained,
			    pl->st.nconstraints)) ||
	    (rc = read_list(rd, cJSON_GetObjectItemCaseSensitive(o, "closest"),
			    "groups.closest", NAN, g->closest,
			    pl->st.nconstraints)) ||
	    (rc = read_tally(rd, cJSON_GetObjectItemCaseSensitive(o, "evaluated"),
			     "groups.evaluated", designs, &g->evaluated)) ||
	    (rc = read_tally(rd, cJSON_GetObjectItemCaseSensitive(o, "pruned"),
			     "groups.pruned", designs, &g->pruned)))
		return rc;
	sum = g->feasible;
	for (v = 0; v < DSE_VERDICT_COUNT; v++)
		sum += g->infeasible[v];
	for (c = 0; c < pl->st.nconstraints; c++) {
		sum += g->constrained[c];
		if (isnan(g->closest[c]))
			return bad(rd, "groups.closest", "expected a number");
	}
	if (sum != designs)
		return bad(rd, "groups", "the counts do not add up to the designs of the part's chunks");
	if (g->evaluated + g->pruned != g->feasible)
		return bad(rd, "groups", "evaluated and pruned do not add up to feasible");
	a = cJSON_GetObjectItemCaseSensitive(o, "sample");
	if (!cJSON_IsArray(a) ||
	    (size_t)cJSON_GetArraySize(a) > pl->st.sample ||
	    (double)cJSON_GetArraySize(a) > g->feasible)
		return bad(rd, "groups.sample", "expected a list of at most the sample's size");
	cJSON_ArrayForEach(e, a) {
		unsigned long long key;
		const struct plan_block *b;
		uint64_t id;
		char *end;

		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 ||
		    !cJSON_IsString(e->child) ||
		    strlen(e->child->valuestring) != 16)
			return bad(rd, "groups.sample", "expected [key, id]");
		key = strtoull(e->child->valuestring, &end, 16);
		if (*end != '\0')
			return bad(rd, "groups.sample", "a key is not 16 hex digits");
		if ((rc = read_count(rd, e->child->next, "groups.sample",
				     (double)pl->ids - 1, &id)) != DSE_OK)
			return rc;
		b = ranged_block(pl, p, id);
		if (b == NULL || b->group != gi || key != plan_sample_key(pl, id))
			return bad(rd, "groups.sample",
				   "a design of another group or chunk, or the wrong key");
		g->heap[n].key = key;
		g->heap[n++].id = id;
	}
	/* distinct designs: sorted by id, then made a heap again (each entry
	   is read before partial_sample writes at or below its index) */
	qsort(g->heap, n, sizeof *g->heap, cmp_sample_id);
	for (c = 1; c < n; c++)
		if (g->heap[c].id == g->heap[c - 1].id)
			return bad(rd, "groups.sample", "a design twice");
	for (c = 0; c < n; c++)
		partial_sample(g, g->heap[c].key, g->heap[c].id, pl->st.sample);
	return DSE_OK;
}

/* Cell (block) bi's frontiers. */
static int read_cell(const struct reader *rd, const struct dse_plan *pl,
		     const cJSON *o, struct dse_partial *p, size_t bi)
{
	struct part_cell *c = &p->cells[bi];
	const cJSON *t, *s;
	size_t i = 0;
	int rc;

	if (!cJSON_IsObject(o))
		return bad(rd, "cells", "expected objects");
	if ((rc = read_front(rd, pl, cJSON_GetObjectItemCaseSensitive(o, "front"),
			     "cells.front", p, bi, &c->front)) ||
	    (rc = read_front(rd, pl, cJSON_GetObjectItemCaseSensitive(o, "stair"),
			     "cells.stair", p, bi, &c->stair)))
		return rc;
	t = cJSON_GetObjectItemCaseSensitive(o, "tail");
	if (!cJSON_IsArray(t) || (size_t)cJSON_GetArraySize(t) != pl->nslots)
		return bad(rd, "cells.tail", "expected one staircase per batch size");
	cJSON_ArrayForEach(s, t)
		if ((rc = read_front(rd, pl, s, "cells.tail", p, bi,
				     &c->tail[i++])) != DSE_OK)
			return rc;
	return DSE_OK;
}

/* The chunk ranges: sorted, disjoint, within the plan. */
static int read_ranges(const struct reader *rd, const struct dse_plan *pl,
		       const cJSON *a, struct dse_partial *p)
{
	const cJSON *r;
	size_t n = 0;
	int rc;

	if (!cJSON_IsArray(a))
		return bad(rd, "ranges", "expected a list");
	p->ranges = malloc((cJSON_GetArraySize(a) ? 2 * (size_t)cJSON_GetArraySize(a) :
						    1) * sizeof *p->ranges);
	if (p->ranges == NULL)
		return dse_error_set(rd->err, DSE_ENOMEM, "out of memory");
	cJSON_ArrayForEach(r, a) {
		uint64_t lo = 0, hi = 0;

		if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) != 2)
			return bad(rd, "ranges", "expected [first, last] pairs");
		if ((rc = read_count(rd, r->child, "ranges", (double)pl->nchunks,
				     &lo)) ||
		    (rc = read_count(rd, r->child->next, "ranges",
				     (double)pl->nchunks, &hi)))
			return rc;
		if (hi <= lo || (n > 0 && lo <= p->ranges[2 * n - 1]))
			return bad(rd, "ranges", "not sorted, disjoint, non-empty ranges");
		p->ranges[2 * n] = lo;
		p->ranges[2 * n + 1] = hi;
		n++;
	}
	p->nranges = n;
	return DSE_OK;
}

/* A partial result of the plan from its document. */
int dse_partial_from_json(const struct dse_plan *pl, const cJSON *doc,
			  const char *file, struct dse_partial **out,
			  struct dse_error *err)
{
	struct reader rd = { file, err };
	const cJSON *v, *a, *e;
	struct dse_partial *p = NULL;
	char fp[20];
	uint64_t threads = 0;
	double *designs = NULL; /* per group, in the part's ranges */
	size_t i;
	int rc;

	*out = NULL;
	v = cJSON_GetObjectItemCaseSensitive(doc, "dse_partial");
	if (!cJSON_IsNumber(v) || v->valuedouble != PART_VERSION)
		return bad(&rd, "dse_partial", "not a partial result of this dse version");
	snprintf(fp, sizeof fp, "%016llx", (unsigned long long)fingerprint(pl));
	v = cJSON_GetObjectItemCaseSensitive(doc, "fingerprint");
	if (!cJSON_IsString(v) || strcmp(v->valuestring, fp) != 0)
		return bad(&rd, "fingerprint",
			   "made from another study, technology, workload or budget than the first part");
	if ((rc = partial_new(pl, &p, err)) != DSE_OK)
		return rc;
	designs = calloc(pl->ngroups, sizeof *designs);
	if (designs == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = read_ranges(&rd, pl, cJSON_GetObjectItemCaseSensitive(doc, "ranges"), p);
	if (rc == DSE_OK)
		rc = read_double(&rd, cJSON_GetObjectItemCaseSensitive(doc, "wall_time_s"),
				 "wall_time_s", &p->wall_s);
	if (rc == DSE_OK && !(p->wall_s >= 0 && isfinite(p->wall_s)))
		rc = bad(&rd, "wall_time_s", "expected a finite time, at least 0");
	if (rc == DSE_OK)
		rc = read_count(&rd, cJSON_GetObjectItemCaseSensitive(doc, "threads"),
				"threads", 1e6, &threads);
	p->threads = (unsigned)threads;
	a = cJSON_GetObjectItemCaseSensitive(doc, "groups");
	if (rc == DSE_OK && (!cJSON_IsArray(a) ||
			     (size_t)cJSON_GetArraySize(a) != pl->ngroups))
		rc = bad(&rd, "groups", "expected one object per group");
	if (rc == DSE_OK)
		ranged_designs(pl, p, designs);
	i = 0;
	if (rc == DSE_OK)
		cJSON_ArrayForEach(e, a) {
			rc = read_group(&rd, pl, e, i, designs[i], p);
			if (rc != DSE_OK)
				break;
			i++;
		}
	free(designs);
	a = cJSON_GetObjectItemCaseSensitive(doc, "cells");
	if (rc == DSE_OK && (!cJSON_IsArray(a) ||
			     (size_t)cJSON_GetArraySize(a) != pl->nblocks))
		rc = bad(&rd, "cells", "expected one object per cell");
	i = 0;
	if (rc == DSE_OK)
		cJSON_ArrayForEach(e, a)
			if ((rc = read_cell(&rd, pl, e, p, i++)) != DSE_OK)
				break;
	if (rc != DSE_OK) {
		dse_partial_free(p);
		return rc;
	}
	*out = p;
	return DSE_OK;
}
