/* policy.c - batching policies as rows of a table (SERVING.md section 13). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_impl.h"

/* Largest timeout, us (an hour). */
#define TIMEOUT_MAX_US 3.6e9

/* greedy: start whatever is queued at once (work-conserving). */
static double greedy_start(const struct dse_serve_policy *p,
			   const struct policy_view *v)
{
	(void)p;
	return v->now_us;
}

/* timeout:T: a full batch, or once the oldest request has waited T. */
static double timeout_start(const struct dse_serve_policy *p,
			    const struct policy_view *v)
{
	return v->queued >= v->batch ? v->now_us : v->oldest_us + p->timeout_us;
}

/*
 * deadline (Equinox's adaptive batching): a full batch, or once waiting
 * longer would make the oldest request miss L even with a full batch.
 */
static double deadline_start(const struct dse_serve_policy *p,
			     const struct policy_view *v)
{
	(void)p;
	return v->queued >= v->batch ? v->now_us :
	       v->oldest_us + v->slo_us - v->full_us;
}

/* timeout:T with T a finite number of microseconds in [0, an hour]. */
static int timeout_parse(struct dse_serve_policy *p, const char *arg,
			 struct dse_error *err)
{
	double t;

	if (dse_number_parse(arg, &t) != DSE_OK || t < 0 || t > TIMEOUT_MAX_US)
		return dse_error_set(err, DSE_EINPUT,
				     "'timeout:%s': the timeout must be a number of microseconds in [0, %g]",
				     arg, TIMEOUT_MAX_US);
	p->timeout_us = t;
	snprintf(p->spec, sizeof p->spec, "timeout:%g", t);
	return DSE_OK;
}

static const struct dse_policy_type types[] = {
	{ "greedy", 0, 0, NULL, greedy_start },
	{ "timeout", 1, 0, timeout_parse, timeout_start },
	{ "deadline", 0, 1, NULL, deadline_start },
};

#define NTYPES (sizeof types / sizeof types[0])

/* Parse a policy by the table. */
int dse_serve_policy_parse(const char *spec, struct dse_serve_policy *out,
			   struct dse_error *err)
{
	size_t i, len = strcspn(spec, ":");

	memset(out, 0, sizeof *out);
	for (i = 0; i < NTYPES; i++) {
		const struct dse_policy_type *t = &types[i];

		if (strlen(t->name) != len || strncmp(spec, t->name, len) != 0)
			continue;
		if (t->has_arg != (spec[len] == ':'))
			return dse_error_set(err, DSE_EINPUT, "'%s': %s %s",
					     spec, t->name, t->has_arg ?
					     "needs an argument after ':'" :
					     "takes no argument");
		out->type = t;
		out->needs_slo = t->needs_slo;
		snprintf(out->spec, sizeof out->spec, "%s", t->name);
		return t->parse ? t->parse(out, spec + len + 1, err) : DSE_OK;
	}
	return dse_error_set(err, DSE_EINPUT,
			     "'%s': unknown (known: greedy, timeout:T, deadline)",
			     spec);
}
