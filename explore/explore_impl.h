/*
 * explore_impl.h - private to explore/: what the sweep hands to the tail
 * pass and to the reviews of a finished sweep (review.c).  Nothing outside
 * explore/ includes it.
 */
#ifndef DSE_EXPLORE_IMPL_H
#define DSE_EXPLORE_IMPL_H

#include "dse_explore.h"

/*
 * Warnings on a finished sweep, appended to res->warnings: where the
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
