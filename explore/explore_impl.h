/*
 * explore_impl.h - private to explore/: what the sweep hands to the tail
 * pass.  Nothing outside explore/ includes it.
 */
#ifndef DSE_EXPLORE_IMPL_H
#define DSE_EXPLORE_IMPL_H

#include "dse_explore.h"

/* A candidate of the tail pass: a fully evaluated design and its id. */
struct tail_cand {
	uint64_t id;
	struct dse_point p;
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
