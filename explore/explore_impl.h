/*
 * explore_impl.h - what the files of explore/ share and nothing else sees:
 * the reviews of a finished sweep (review.c) that sweep.c calls.
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

#endif
