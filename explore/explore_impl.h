/*
 * explore_impl.h - private to explore/: the plan and partial results the
 * phases share (plan.c, sweep.c, partial.c, finish.c), what the finish
 * hands to the tail pass (tail.c) and to the reviews (review.c).  Nothing
 * outside explore/ includes it.
 */
#ifndef DSE_EXPLORE_IMPL_H
#define DSE_EXPLORE_IMPL_H

#include "dse_explore.h"

/* Most design tuples of one chunk, and most designs (tuples x points). */
#define PLAN_CHUNK_TUPLES 64
#define PLAN_CHUNK_POINTS 8192

/* One group: its model, a model per SRAM size, its operating points. */
struct plan_group {
	const struct dse_model *model;  /* the caller's */
	struct dse_model *models;       /* per SRAM size, as the plan's sram_mb */
	struct dse_range freq_ghz;
	struct dse_opp *opps;           /* per frequency, ascending */
	size_t nfreq;
	char label[128];
	/* per format, the value of each objective row known per format */
	double (*format_value)[DSE_OBJECTIVE_ROWS]; /* [format][row] */
	double designs;
};

/*
 * One block of the enumeration: a (group, format, dataflow) cell, whose
 * tuples are (SRAM size, rows, cols, k-split, batch), batch fastest, each
 * at every frequency of the group.  Design id = first_id + tuple * nfreq +
 * frequency index.  Its chunks are consecutive tuples of it.
 */
struct plan_block {
	size_t group, format, dataflow; /* dataflow: index into the study's */
	uint64_t first_id, ntuples, nbatch;
	uint64_t first_chunk, nchunks, chunk_tuples;
};

/* The max-heap entry of the point sample: the design and its key. */
struct sample_key {
	uint64_t key, id;
};

struct dse_plan {
	struct dse_study st;
	size_t ngroups;
	struct plan_group *groups;
	struct dse_range rows, cols, ksplit, batch, sram_mb;
	size_t nblocks;
	struct plan_block *blocks;      /* [(group * nformats + f) * ndf + d] */
	uint64_t nchunks, ids;
	double designs;
	/* objectives: obj[k] = sign[k] * value of row[k] */
	int dims;
	size_t row[DSE_OBJ_MAX];
	double sign[DSE_OBJ_MAX];
	unsigned mask;          /* kernel metrics of objectives and constraints */
	unsigned con_mask;      /* kernel metrics of the constraints */
	int own_staircase;      /* objectives are not (latency, throughput) */
	int rule;               /* the same-array-count rule holds */
	int bound;              /* peak-rate bounds may skip whole groups */
	size_t lat_row, thr_row;
	/* the tail pass's staircases: one per batch size */
	size_t nslots;          /* 0: no tail pass */
	double *slots;          /* the batch sizes, ascending */
	double tail_max_us;     /* the largest SLO */
};

/* A cell's frontier candidates in a partial result. */
struct part_cell {
	struct dse_pareto front;  /* the study's objectives */
	struct dse_pareto stair;  /* (latency, -throughput), own_staircase */
	struct dse_pareto *tail;  /* per batch slot, when nslots > 0 */
};

/* A group's counts and sample in a partial result. */
struct part_group {
	double feasible, infeasible[DSE_VERDICT_COUNT];
	double constrained[DSE_STUDY_MAX_CONSTRAINTS];
	double closest[DSE_STUDY_MAX_CONSTRAINTS]; /* nearest value ruled out */
	double evaluated, pruned;
	struct sample_key *heap;  /* max-heap on key, at most st.sample */
	size_t nheap;
};

struct dse_partial {
	size_t ngroups, ncells, nslots; /* of the plan */
	size_t nranges;
	uint64_t *ranges;         /* [first, last) pairs, sorted, disjoint */
	struct part_group *groups;
	struct part_cell *cells;  /* one per block */
	double wall_s;
	unsigned threads;
};

/* A new empty partial result of the plan (no ranges); DSE_ENOMEM. */
int partial_new(const struct dse_plan *pl, struct dse_partial **out,
		struct dse_error *err);
/* Add one candidate to a frontier, DSE_ENOMEM as a status with message. */
int partial_offer(struct dse_pareto *p, const struct dse_cand *c,
		  struct dse_error *err);
/* Keep (key, id) if among the sample's smallest keys. */
void partial_sample(struct part_group *g, uint64_t key, uint64_t id,
		    size_t cap);
/* splitmix64's finaliser (Steele, Lea & Flood, OOPSLA 2014). */
static inline uint64_t plan_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* The sample's key of design id: the hash of the seed and the id. */
static inline uint64_t plan_sample_key(const struct dse_plan *pl, uint64_t id)
{
	return plan_mix(pl->st.seed ^ plan_mix(id));
}

/* The block of design id, its tuple and frequency index. */
const struct plan_block *plan_locate(const struct dse_plan *pl, uint64_t id,
				     uint64_t *tuple, size_t *freq);
/* The design of tuple t of block b (opp unset), its SRAM size's index. */
void plan_design(const struct dse_plan *pl, const struct plan_block *b,
		 uint64_t t, struct dse_design *d, size_t *sram);
/* Design id evaluated in full, and the model (of its SRAM size) it is on. */
int plan_point(const struct dse_plan *pl, uint64_t id, struct dse_point *pt,
	       const struct dse_model **model, struct dse_error *err);

/* Processors online, at least 1; the threads of `threads` (0: every core). */
unsigned explore_threads(unsigned threads);

/*
 * Warnings on a finished group, appended to res->warnings: where the
 * canonical design beats a format's frontier under a bound, and where a
 * bound's best design sits on the edge of a swept range.  DSE_ENOMEM.
 */
int explore_warnings(struct dse_explore_result *res,
		     const struct dse_study *st, struct dse_error *err);

/* dse's value of each of the study's published figures, in res->published. */
int explore_published(struct dse_explore_result *res,
		      const struct dse_study *st,
		      const struct dse_model *model, struct dse_error *err);

/* A candidate of the tail pass: a fully evaluated design, its id and the
   model (of its SRAM size) it was evaluated on. */
struct tail_cand {
	uint64_t id;
	struct dse_point p;
	const struct dse_model *model;
};

/*
 * The tail pass over the candidates of each format (cands[f], ncands[f]
 * of them, any order): fills res->tail and res->nslos.  The results do not
 * depend on `threads`.  Fails with DSE_EINPUT for a bad arrival process (a
 * trace), or as dse_serve_capacity.
 */
int explore_tail(const struct dse_study *st, const struct dse_model *model,
		 struct tail_cand *const *cands, const size_t *ncands,
		 unsigned threads, struct dse_explore_result *res,
		 struct dse_error *err);

#endif /* DSE_EXPLORE_IMPL_H */
