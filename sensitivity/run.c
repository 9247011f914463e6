/* run.c - the study at every sample of the uncertain parameters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "dse_sensitivity.h"

/* What one full sweep gives the figures: all that run_one_sample keeps. */
struct sweep_out {
	int feasible;        /* 0: no design was feasible */
	size_t nwarnings;    /* the explorer's (a best design on a range's edge) */
	char **warnings;     /* owned */
	double *best_tops;   /* [bound * nformats + k]: best under the bound, 0 none */
	double *tail_tops;   /* [slo * nformats + k]: highest tail capacity, 0 none */
	size_t nfront[DSE_STUDY_MAX_FORMATS];
	double *front_us[DSE_STUDY_MAX_FORMATS];   /* frontier latencies, ascending */
	double *front_tops[DSE_STUDY_MAX_FORMATS]; /* and throughputs */
};

/* Everything fixed for the run. */
struct plan {
	struct dse_study st;            /* the study, without its point sample */
	const struct dse_workload *wl;
	const struct dse_tech *tech;
	size_t nformats;
	struct dse_sens_result *res;
	const struct dse_sens_hooks *hooks;
	size_t done, total;             /* sweeps */
	size_t part, nparts;            /* the share of the jobs run */
};

/* ---- figure kinds: a row each ---- */

/* A figure's value from one sweep's output. */
struct kind {
	const char *name, *unit;
	double (*value)(const struct plan *pl, const struct sweep_out *o,
			const struct dse_sens_figure *f);
};

/* Best throughput of the figure's format under its bound (0: none). */
static double tops_value(const struct plan *pl, const struct sweep_out *o,
			 const struct dse_sens_figure *f)
{
	return o->best_tops[f->bound * pl->nformats + f->format];
}

/* The format's best over the baseline's: +inf when only the baseline has
   none, NaN when neither has a design. */
static double ratio_value(const struct plan *pl, const struct sweep_out *o,
			  const struct dse_sens_figure *f)
{
	double a = o->best_tops[f->bound * pl->nformats + f->format];
	double b = o->best_tops[f->bound * pl->nformats + f->baseline];

	if (b > 0)
		return a / b;
	return a > 0 ? INFINITY : NAN;
}

/* Highest tail capacity of the format under the SLO (0: none). */
static double tail_value(const struct plan *pl, const struct sweep_out *o,
			 const struct dse_sens_figure *f)
{
	return o->tail_tops[f->bound * pl->nformats + f->format];
}

static const struct kind kinds[] = {
	{ "tops", "TOp/s", tops_value },
	{ "ratio", "x", ratio_value },
	{ "tail", "TOp/s", tail_value },
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

/* The row of kind name. */
static const struct kind *kind_of(const char *name)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

/* ---- the figure list ---- */

/* Append one figure of kind k (a row of kinds). */
static void add_figure(struct dse_sens_figure *f, size_t *n,
		       const struct dse_study *st, const struct kind *k,
		       size_t format, size_t baseline, size_t bound,
		       double bound_us)
{
	struct dse_sens_figure *g = &f[(*n)++];

	memset(g, 0, sizeof *g);
	g->kind = k->name;
	g->unit = k->unit;
	g->format = format;
	g->baseline = baseline;
	g->bound = bound;
	g->bound_us = bound_us;
	if (k->value == ratio_value)
		snprintf(g->name, sizeof g->name, "%s:%s/%s@%g", k->name,
			 st->formats[format].name, st->formats[baseline].name, bound_us);
	else
		snprintf(g->name, sizeof g->name, "%s:%s@%g", k->name,
			 st->formats[format].name, bound_us);
}

/* The index of the format called name in the study (any spelling). */
static int study_format(const struct dse_study *st, const char *name,
			size_t *index)
{
	struct dse_format f;
	size_t i;

	if (dse_format_parse(name, &f, NULL) != DSE_OK)
		return DSE_EUSAGE;
	for (i = 0; i < st->nformats; i++)
		if (strcmp(st->formats[i].name, f.name) == 0) {
			*index = i;
			return DSE_OK;
		}
	return DSE_EUSAGE;
}

/* Per bound: tops of each format, ratios to the baseline; per SLO: tail. */
int dse_sens_figures(const struct dse_study *st, const char *baseline,
		     struct dse_sens_figure **out, size_t *n,
		     struct dse_error *err)
{
	struct dse_sens_figure *f;
	size_t b = st->nformats > 1 ? 1 : 0, i, k, m = 0; /* as explore: the second */

	if (st->nformats == 0)
		return dse_error_set(err, DSE_EUSAGE, "the study has no format");
	if (baseline && *baseline && study_format(st, baseline, &b) != DSE_OK) {
		char names[DSE_STUDY_MAX_FORMATS * 34] = "";
		size_t used = 0;

		for (i = 0; i < st->nformats; i++)
			used += (size_t)snprintf(names + used, sizeof names - used,
						 "%s%s", i ? ", " : "",
						 st->formats[i].name);
		return dse_error_set(err, DSE_EUSAGE,
				     "--baseline '%s': not a format of the study (%s)",
				     baseline, names);
	}
	f = calloc(st->nbounds * (2 * st->nformats) + st->nslos * st->nformats + 1,
		   sizeof *f);
	if (f == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < st->nbounds; i++) {
		for (k = 0; k < st->nformats; k++)
			add_figure(f, &m, st, kind_of("tops"), k, b, i,
				   st->bounds_us[i]);
		for (k = 0; k < st->nformats; k++)
			if (k != b)
				add_figure(f, &m, st, kind_of("ratio"), k, b, i,
					   st->bounds_us[i]);
	}
	for (i = 0; i < st->nslos; i++)
		for (k = 0; k < st->nformats; k++)
			add_figure(f, &m, st, kind_of("tail"), k, b, i,
				   st->slos_us[i]);
	*out = f;
	*n = m;
	return DSE_OK;
}

/* "KIND:F@B" or "ratio:F/G@B" as kind, formats and bound. */
static int parse_name(const char *name, char *kind, size_t klen, char *f1,
		      char *f2, size_t flen, double *bound)
{
	const char *colon = strchr(name, ':'), *at = strrchr(name, '@');
	const char *slash;

	if (colon == NULL || at == NULL || at < colon ||
	    (size_t)(colon - name) >= klen || (size_t)(at - colon) > flen * 2)
		return DSE_EUSAGE;
	snprintf(kind, klen, "%.*s", (int)(colon - name), name);
	slash = memchr(colon, '/', (size_t)(at - colon));
	if (slash) {
		snprintf(f1, flen, "%.*s", (int)(slash - colon - 1), colon + 1);
		snprintf(f2, flen, "%.*s", (int)(at - slash - 1), slash + 1);
	} else {
		snprintf(f1, flen, "%.*s", (int)(at - colon - 1), colon + 1);
		f2[0] = '\0';
	}
	return dse_number_parse(at + 1, bound);
}

/* Match name against the figures, formats canonicalised. */
int dse_sens_figure_find(const struct dse_sens_figure *figs, size_t n,
			 const char *name, size_t *index,
			 struct dse_error *err)
{
	char kind[16], f1[64], f2[64], c1[32] = "", c2[32] = "", list[600];
	struct dse_format fmt;
	double bound = 0;
	size_t i, used = 0;

	if (parse_name(name, kind, sizeof kind, f1, f2, sizeof f1, &bound) ==
	    DSE_OK &&
	    dse_format_parse(f1, &fmt, NULL) == DSE_OK) {
		snprintf(c1, sizeof c1, "%s", fmt.name);
		if (f2[0] && dse_format_parse(f2, &fmt, NULL) == DSE_OK)
			snprintf(c2, sizeof c2, "%s", fmt.name);
		for (i = 0; i < n; i++) {
			char want[96];

			if (strcmp(figs[i].kind, "ratio") == 0)
				snprintf(want, sizeof want, "%s:%s/%s@%g", kind,
					 c1, c2, bound);
			else
				snprintf(want, sizeof want, "%s:%s@%g", kind, c1,
					 bound);
			if (strcmp(want, figs[i].name) == 0) {
				*index = i;
				return DSE_OK;
			}
		}
	}
	list[0] = '\0';
	for (i = 0; i < n && used + 100 < sizeof list; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
					 i ? ", " : "", figs[i].name);
	return dse_error_set(err, DSE_EUSAGE,
			     "--tornado '%s': not a figure of the study (%s%s)",
			     name, list, i < n ? ", ..." : "");
}

/* ---- one sweep ---- */

/* Free what run_one_sample kept. */
static void sweep_out_free(struct sweep_out *o)
{
	size_t k;

	for (k = 0; k < o->nwarnings; k++)
		free(o->warnings[k]);
	free(o->warnings);
	free(o->best_tops);
	free(o->tail_tops);
	for (k = 0; k < DSE_STUDY_MAX_FORMATS; k++) {
		free(o->front_us[k]);
		free(o->front_tops[k]);
	}
	memset(o, 0, sizeof *o);
}

/* Keep the (latency, throughput) staircase of frontier k. */
static int keep_front(struct sweep_out *o, size_t k,
		      const struct dse_frontier *f)
{
	size_t i;

	o->nfront[k] = f->n;
	o->front_us[k] = malloc((f->n ? f->n : 1) * sizeof *o->front_us[k]);
	o->front_tops[k] = malloc((f->n ? f->n : 1) * sizeof *o->front_tops[k]);
	if (o->front_us[k] == NULL || o->front_tops[k] == NULL)
		return DSE_ENOMEM;
	for (i = 0; i < f->n; i++) {
		o->front_us[k][i] = f->p[i].result.latency_us;
		o->front_tops[k][i] = f->p[i].result.throughput_tops;
	}
	return DSE_OK;
}

/*
 * The study swept exactly on technology tech, reduced to what the figures
 * read.  The one place that calls the explorer: a new explorer core
 * changes this function only.  No feasible design (the budget spent by
 * fixed costs, or every design ruled out) is not a failure: every figure
 * is then none.
 */
static int run_one_sample(struct plan *pl, const struct dse_tech *tech,
			  struct sweep_out *o, struct dse_error *err)
{
	struct dse_model model;
	struct dse_explore_result res;
	struct dse_error e = { 0, "" };
	size_t nf = pl->nformats, i, k;
	int rc;

	memset(o, 0, sizeof *o);
	memset(&res, 0, sizeof res);
	o->best_tops = calloc(pl->st.nbounds * nf + 1, sizeof *o->best_tops);
	o->tail_tops = calloc(pl->st.nslos * nf + 1, sizeof *o->tail_tops);
	if (o->best_tops == NULL || o->tail_tops == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	rc = dse_model_init(&model, tech, pl->wl, &pl->st.budget, &e);
	if (rc == DSE_OK)
		rc = dse_explore_run(&pl->st, &model, NULL, &res, &e);
	pl->res->sweeps++;
	if (rc == DSE_OK || rc == DSE_EINFEASIBLE)
		pl->res->threads = res.threads ? res.threads : pl->res->threads;
	if (rc == DSE_EINFEASIBLE) {
		dse_explore_result_free(&res);
		return DSE_OK;
	}
	if (rc != DSE_OK) {
		dse_explore_result_free(&res);
		if (err)
			*err = e;
		return rc;
	}
	o->feasible = 1;
	/* the warnings are taken over: they are the explorer's strings */
	o->nwarnings = res.nwarnings;
	o->warnings = res.warnings;
	res.warnings = NULL;
	res.nwarnings = 0;
	for (k = 0; rc == DSE_OK && k < nf; k++) {
		for (i = 0; i < pl->st.nbounds; i++) {
			const struct dse_point *p =
				dse_frontier_best(&res.frontier[k],
						  pl->st.bounds_us[i]);

			o->best_tops[i * nf + k] = p ? p->result.throughput_tops : 0;
		}
		for (i = 0; i < res.nslos; i++) {
			const struct dse_tail_best *t = &res.tail[i * nf + k];

			o->tail_tops[i * nf + k] =
				t->found ? t->capacity.tail_capacity_tops : 0;
		}
		rc = keep_front(o, k, &res.frontier[k]);
	}
	dse_explore_result_free(&res);
	return rc == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_ENOMEM, "out of memory");
}

/* Best throughput of frontier k with latency <= l (0: none). */
static double front_best(const struct sweep_out *o, size_t k, double l)
{
	double best = 0;
	size_t i;

	for (i = 0; i < o->nfront[k] && o->front_us[k][i] <= l; i++)
		if (o->front_tops[k][i] > best)
			best = o->front_tops[k][i];
	return best;
}

/* Every figure of a sweep into y (nfigures values). */
static void figures_of(const struct plan *pl, const struct sweep_out *o,
		       double *y)
{
	const struct dse_sens_result *res = pl->res;
	size_t f;

	for (f = 0; f < res->nfigures; f++) {
		const struct kind *k = kind_of(res->figures[f].kind);

		y[f] = o->feasible ? k->value(pl, o, &res->figures[f]) :
		       k->value == ratio_value ? NAN : 0;
	}
}

/* Count a sweep done and tell the caller. */
static void tick(struct plan *pl)
{
	pl->done++;
	if (pl->hooks && pl->hooks->progress)
		pl->hooks->progress(pl->done, pl->total, pl->hooks->arg);
}

/*
 * The study swept with parameters which[k] (every one when NULL) at
 * values x[k]; a technology those values break fails with DSE_EINPUT
 * naming the technology's file and label.
 */
static int sweep_at(struct plan *pl, const double *x, const size_t *which,
		    size_t n, const char *label, struct sweep_out *o,
		    struct dse_error *err)
{
	struct dse_tech *t = NULL;
	size_t idx[64];
	size_t k;
	int rc;

	memset(o, 0, sizeof *o);
	for (k = 0; k < n; k++)
		idx[k] = pl->res->params[which ? which[k] : k].index;
	rc = dse_tech_with(pl->tech, idx, x, n, label, label, &t, err);
	if (rc == DSE_EINPUT)
		dse_error_prefix(err, pl->tech->path);
	if (rc == DSE_OK)
		rc = run_one_sample(pl, t, o, err);
	dse_tech_free(t);
	return rc;
}

/* ---- setting up ---- */

/* FNV-1a of a key: the id of its sampling stream (docs/SENSITIVITY.md). */
static uint64_t key_id(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 0x100000001b3ull;
	return h;
}

/* The uncertain parameters of tech, in table order. */
static int collect_params(const struct dse_tech *tech,
			  struct dse_sens_result *res, struct dse_error *err)
{
	size_t i, n = 0;

	res->params = calloc(dse_tech_nparams(), sizeof *res->params);
	if (res->params == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < dse_tech_nparams(); i++) {
		const struct dse_uncertainty *u = dse_tech_param_uncertainty(tech, i);
		struct dse_sens_param *p = &res->params[n];
		const char *source;

		if (u == NULL)
			continue;
		p->index = i;
		dse_tech_param(tech, i, &p->key, &p->value, &source);
		p->lo = u->lo;
		p->hi = u->hi;
		p->dist = u->dist;
		p->whole = dse_tech_param_whole(i);
		if ((p->source = strdup(u->source)) == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		n++;
	}
	res->nparams = n;
	if (n == 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: no parameter declares an uncertainty (range or rel): nothing to sample",
				     tech->path);
	if (n > 64)
		return dse_error_set(err, DSE_EINPUT,
				     "%s: %zu uncertain parameters, more than 64",
				     tech->path, n);
	return DSE_OK;
}

/* The value of parameter p at Latin hypercube coordinate q. */
static double value_at(const struct dse_sens_param *p, double q)
{
	double v = p->dist->quantile(q, p->lo, p->value, p->hi);

	if (p->whole) {
		v = floor(v + 0.5);
		v = v < p->lo ? p->lo : v > p->hi ? p->hi : v;
	}
	return v;
}

/* Allocate the result's arrays for N samples, P parameters, F figures. */
static int alloc_result(struct dse_sens_result *r, struct dse_error *err)
{
	size_t n = r->nsamples, p = r->nparams, f = r->nfigures;
	size_t g = r->nformats * r->ngrid;

	r->base = calloc(f + 1, sizeof *r->base);
	r->q = calloc(n * p + 1, sizeof *r->q);
	r->x = calloc(n * p + 1, sizeof *r->x);
	r->y = calloc(n * f + 1, sizeof *r->y);
	r->stats = calloc(f + 1, sizeof *r->stats);
	r->rho = calloc(f * p + 1, sizeof *r->rho);
	r->oat_lo = calloc(p * f + 1, sizeof *r->oat_lo);
	r->oat_hi = calloc(p * f + 1, sizeof *r->oat_hi);
	r->bars = calloc(p + 1, sizeof *r->bars);
	r->grid_us = calloc(r->ngrid + 1, sizeof *r->grid_us);
	r->grid_base = calloc(g + 1, sizeof *r->grid_base);
	r->band = calloc(3 * g + 1, sizeof *r->band);
	r->njobs = n + 2 * p;
	r->done = calloc(r->njobs + 1, 1);
	r->grid_y = calloc(n * g + 1, sizeof *r->grid_y);
	if (!r->base || !r->q || !r->x || !r->y || !r->stats || !r->rho ||
	    !r->oat_lo || !r->oat_hi || !r->bars || !r->grid_us ||
	    !r->grid_base || !r->band || !r->done || !r->grid_y)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	return DSE_OK;
}

/* Log-spaced latencies from half the fastest to twice the slowest
   frontier design at the technology's values. */
static void make_grid(struct dse_sens_result *r, const struct sweep_out *o)
{
	double lo = INFINITY, hi = 0;
	size_t k, g;

	for (k = 0; k < r->nformats; k++)
		if (o->nfront[k] > 0) {
			if (o->front_us[k][0] < lo)
				lo = o->front_us[k][0];
			if (o->front_us[k][o->nfront[k] - 1] > hi)
				hi = o->front_us[k][o->nfront[k] - 1];
		}
	if (!(hi > 0)) { /* nothing feasible at the values */
		lo = 1;
		hi = 1e4;
	}
	lo /= 2;
	hi *= 2;
	for (g = 0; g < r->ngrid; g++)
		r->grid_us[g] = lo * pow(hi / lo, (double)g / (double)(r->ngrid - 1));
}

/* qsort order of doubles, NaN excluded by the callers. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median and 5-95 % band of the defined values of v (stride apart). */
static int band_of(const double *v, size_t stride, size_t n,
		   struct dse_sens_stats *s, double *buf)
{
	size_t i, m = 0;

	memset(s, 0, sizeof *s);
	for (i = 0; i < n; i++)
		if (!isnan(v[i * stride])) {
			buf[m++] = v[i * stride];
			s->infinite += isinf(v[i * stride]) != 0;
		}
	qsort(buf, m, sizeof *buf, cmp_double);
	s->n = m;
	s->p5 = dse_sens_quantile(buf, m, 0.05);
	s->median = dse_sens_quantile(buf, m, 0.5);
	s->p95 = dse_sens_quantile(buf, m, 0.95);
	return DSE_OK;
}

/* Statistics of every figure and of the frontier band; Spearman's rho of
   each figure with each parameter over the samples where it is defined. */
static int statistics(struct dse_sens_result *r, const double *grid_y,
		      struct dse_error *err)
{
	size_t n = r->nsamples, np = r->nparams, nf = r->nfigures;
	size_t g = r->nformats * r->ngrid, f, p, s, m;
	double *buf = malloc((2 * n + 1) * sizeof *buf), *xs;
	struct dse_sens_stats st;

	if (buf == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	xs = buf + n;
	for (f = 0; f < nf; f++) {
		band_of(r->y + f, nf, n, &r->stats[f], buf);
		for (p = 0; p < np; p++) {
			/* the pairs where the figure is defined, together */
			for (s = 0, m = 0; s < n; s++)
				if (!isnan(r->y[s * nf + f])) {
					buf[m] = r->y[s * nf + f];
					xs[m++] = r->x[s * np + p];
				}
			if (dse_sens_spearman(xs, 1, buf, 1, m,
					      &r->rho[f * np + p]) != DSE_OK) {
				free(buf);
				return dse_error_set(err, DSE_ENOMEM,
						     "out of memory");
			}
		}
	}
	for (p = 0; p < g; p++) {
		band_of(grid_y + p, g, n, &st, buf);
		r->band[3 * p] = st.p5;
		r->band[3 * p + 1] = st.median;
		r->band[3 * p + 2] = st.p95;
	}
	free(buf);
	return DSE_OK;
}

/* qsort order of bars: largest swing first, undefined last, then by parameter. */
static int cmp_bar(const void *a, const void *b)
{
	const struct dse_sens_bar *x = a, *y = b;
	int nx = isnan(x->swing), ny = isnan(y->swing);

	if (nx != ny)
		return nx - ny;
	if (!nx && x->swing != y->swing)
		return x->swing < y->swing ? 1 : -1;
	return (x->param > y->param) - (x->param < y->param);
}

/* The tornado of figure t from the one-at-a-time runs. */
static void tornado(struct dse_sens_result *r)
{
	size_t p, nf = r->nfigures;

	for (p = 0; p < r->nparams; p++) {
		struct dse_sens_bar *b = &r->bars[p];

		b->param = p;
		b->at_lo = r->oat_lo[p * nf + r->tornado];
		b->at_hi = r->oat_hi[p * nf + r->tornado];
		b->swing = fabs(b->at_hi - b->at_lo);
		if (isinf(b->at_lo) && isinf(b->at_hi) && b->at_lo == b->at_hi)
			b->swing = 0;
	}
	qsort(r->bars, r->nparams, sizeof *r->bars, cmp_bar);
}

/* The default tornado figure: the first ratio at the tightest bound where
   it is finite at the values, else the first tops figure with a design. */
static size_t default_tornado(const struct dse_sens_result *r)
{
	size_t f;

	for (f = 0; f < r->nfigures; f++)
		if (strcmp(r->figures[f].kind, "ratio") == 0 &&
		    isfinite(r->base[f]) && r->base[f] > 0)
			return f;
	for (f = 0; f < r->nfigures; f++)
		if (strcmp(r->figures[f].kind, "tops") == 0 && r->base[f] > 0)
			return f;
	return 0;
}

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* qsort order of warnings: most samples first, then by text. */
static int cmp_warning(const void *a, const void *b)
{
	const struct dse_sens_warning *x = a, *y = b;

	if (x->samples != y->samples)
		return x->samples < y->samples ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* Add samples to the count of warning text (a new one at the end). */
static int add_warning(struct dse_sens_result *r, const char *text,
		       size_t samples, struct dse_error *err)
{
	struct dse_sens_warning *w;
	size_t k;

	for (k = 0; k < r->nwarnings; k++)
		if (strcmp(r->warnings[k].text, text) == 0) {
			r->warnings[k].samples += samples;
			return DSE_OK;
		}
	w = realloc(r->warnings, (r->nwarnings + 1) * sizeof *w);
	if (w == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	r->warnings = w;
	if ((w[k].text = strdup(text)) == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	w[k].samples = samples;
	r->nwarnings++;
	return DSE_OK;
}

/* Count each distinct warning of a sample's sweep once. */
static int count_warnings(struct dse_sens_result *r, const struct sweep_out *o,
			  struct dse_error *err)
{
	size_t i;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < o->nwarnings; i++)
		rc = add_warning(r, o->warnings[i], 1, err);
	return rc;
}

/* 1 when this process runs job j (cfg: part of nparts). */
static int mine(const struct plan *pl, size_t j)
{
	return pl->nparts <= 1 || j % pl->nparts == pl->part;
}

/* The samples: one technology and one sweep each, in order. */
static int run_samples(struct plan *pl, struct dse_error *err)
{
	struct dse_sens_result *r = pl->res;
	size_t s, k, g, np = r->nparams;
	int rc = DSE_OK;

	for (s = 0; rc == DSE_OK && s < r->nsamples; s++) {
		struct sweep_out o;
		char label[64];

		if (!mine(pl, s))
			continue;
		snprintf(label, sizeof label, "sample %zu", s);
		rc = sweep_at(pl, r->x + s * np, NULL, np, label, &o, err);
		if (rc != DSE_OK) {
			sweep_out_free(&o);
			break;
		}
		r->infeasible += !o.feasible;
		r->warned += o.nwarnings > 0;
		if (rc == DSE_OK)
			rc = count_warnings(r, &o, err);
		figures_of(pl, &o, r->y + s * r->nfigures);
		for (k = 0; k < r->nformats; k++)
			for (g = 0; g < r->ngrid; g++)
				r->grid_y[s * r->nformats * r->ngrid + k * r->ngrid + g] =
					front_best(&o, k, r->grid_us[g]);
		r->done[s] = 1;
		sweep_out_free(&o);
		tick(pl);
	}
	return rc;
}

/* Each parameter at each end of its range, the others at their values; an
   end equal to the value is the run at the values. */
static int run_ends(struct plan *pl, struct dse_error *err)
{
	struct dse_sens_result *r = pl->res;
	size_t p, end, nf = r->nfigures;
	int rc = DSE_OK;

	for (p = 0; rc == DSE_OK && p < r->nparams; p++)
		for (end = 0; rc == DSE_OK && end < 2; end++) {
			const struct dse_sens_param *sp = &r->params[p];
			double v = end ? sp->hi : sp->lo;
			double *y = (end ? r->oat_hi : r->oat_lo) + p * nf;
			struct sweep_out o;
			char label[96];

			size_t j = r->nsamples + 2 * p + end;

			if (v == sp->value) { /* every share has it */
				memcpy(y, r->base, nf * sizeof *y);
				r->done[j] = 1;
				continue;
			}
			if (!mine(pl, j))
				continue;
			snprintf(label, sizeof label, "%s at %s", sp->key,
				 end ? "hi" : "lo");
			rc = sweep_at(pl, &v, &p, 1, label, &o, err);
			if (rc != DSE_OK) {
				sweep_out_free(&o);
				break;
			}
			figures_of(pl, &o, y);
			r->done[j] = 1;
			sweep_out_free(&o);
			tick(pl);
		}
	return rc;
}

/* The sweeps of the share of pl (every one when pl is NULL): the
   values, the samples, the range ends. */
static size_t count_sweeps(const struct plan *pl, const struct dse_sens_result *r)
{
	size_t p, s, n = 1;

	for (s = 0; s < r->nsamples; s++)
		n += pl == NULL || mine(pl, s);
	for (p = 0; p < r->nparams; p++) {
		size_t j = r->nsamples + 2 * p;

		n += (r->params[p].lo != r->params[p].value) &&
		     (pl == NULL || mine(pl, j));
		n += (r->params[p].hi != r->params[p].value) &&
		     (pl == NULL || mine(pl, j + 1));
	}
	return n;
}

/* The statistics and the tornado, once every job is in. */
int dse_sens_finish(struct dse_sens_result *res, struct dse_error *err)
{
	size_t j, k;
	int rc;

	for (j = 0; j < res->njobs; j++)
		if (!res->done[j]) {
			if (j < res->nsamples)
				return dse_error_set(err, DSE_EINPUT,
						     "no partial result has sample %zu of %zu",
						     j, res->nsamples);
			return dse_error_set(err, DSE_EINPUT,
					     "no partial result has %s at the %s end of its range",
					     res->params[(j - res->nsamples) / 2].key,
					     (j - res->nsamples) % 2 ? "high" : "low");
		}
	rc = statistics(res, res->grid_y, err);
	if (rc != DSE_OK)
		return rc;
	tornado(res);
	if (res->warnings)
		qsort(res->warnings, res->nwarnings, sizeof *res->warnings,
		      cmp_warning);
	for (k = DSE_SENS_MAX_WARNINGS; k < res->nwarnings; k++)
		free(res->warnings[k].text);
	if (res->nwarnings > DSE_SENS_MAX_WARNINGS)
		res->nwarnings = DSE_SENS_MAX_WARNINGS;
	res->sweeps = count_sweeps(NULL, res);
	res->finished = 1;
	return DSE_OK;
}

/* Plan, sample, sweep at the values, at each sample, at each range end. */
int dse_sens_run(const struct dse_study *st, const struct dse_tech *tech,
		 const struct dse_workload *wl,
		 const struct dse_sens_config *cfg,
		 const struct dse_sens_hooks *hooks,
		 struct dse_sens_result *res, struct dse_error *err)
{
	struct plan pl;
	struct sweep_out base;
	uint64_t ids[64];
	double t0 = now_s();
	size_t p, s, k;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&pl, 0, sizeof pl);
	memset(&base, 0, sizeof base);
	if (cfg->samples < 1 || cfg->samples > DSE_SENS_MAX_SAMPLES)
		return dse_error_set(err, DSE_EUSAGE,
				     "--samples: %zu is not in 1..%d", cfg->samples,
				     DSE_SENS_MAX_SAMPLES);
	pl.st = *st;
	pl.st.sample = 0; /* no point sample: the figures never read it */
	pl.wl = wl;
	pl.tech = tech;
	pl.nformats = st->nformats;
	pl.res = res;
	pl.hooks = hooks;
	pl.part = cfg->part;
	pl.nparts = cfg->nparts;
	res->nformats = st->nformats;
	for (k = 0; k < st->nformats; k++)
		snprintf(res->formats[k], sizeof res->formats[k], "%s",
			 st->formats[k].name);
	rc = dse_sens_figures(st, cfg->baseline, &res->figures, &res->nfigures,
			      err);
	if (rc == DSE_OK && cfg->tornado && *cfg->tornado)
		rc = dse_sens_figure_find(res->figures, res->nfigures,
					  cfg->tornado, &res->tornado, err);
	if (rc == DSE_OK)
		rc = collect_params(tech, res, err);
	if (rc != DSE_OK)
		return rc;
	res->nsamples = cfg->samples;
	res->ngrid = DSE_SENS_GRID;
	rc = alloc_result(res, err);
	for (p = 0; rc == DSE_OK && p < res->nparams; p++)
		ids[p] = key_id(res->params[p].key);
	if (rc == DSE_OK)
		rc = dse_sens_lhs(res->nsamples, res->nparams, cfg->seed, ids,
				  res->q, err);
	for (s = 0; rc == DSE_OK && s < res->nsamples; s++)
		for (p = 0; p < res->nparams; p++)
			res->x[s * res->nparams + p] =
				value_at(&res->params[p],
					 res->q[s * res->nparams + p]);
	pl.total = count_sweeps(&pl, res);
	if (rc == DSE_OK)
		rc = run_one_sample(&pl, tech, &base, err);
	if (rc == DSE_OK) {
		figures_of(&pl, &base, res->base);
		make_grid(res, &base);
		for (k = 0; k < res->nformats; k++)
			for (s = 0; s < res->ngrid; s++)
				res->grid_base[k * res->ngrid + s] =
					front_best(&base, k, res->grid_us[s]);
		if (!(cfg->tornado && *cfg->tornado))
			res->tornado = default_tornado(res);
		tick(&pl);
	}
	sweep_out_free(&base);
	if (rc == DSE_OK)
		rc = run_samples(&pl, err);
	if (rc == DSE_OK)
		rc = run_ends(&pl, err);
	if (rc == DSE_OK && cfg->nparts <= 1)
		rc = dse_sens_finish(res, err);
	res->wall_s = now_s() - t0;
	return rc;
}

/* Free every array of res and zero it; NULL is a no-op. */
void dse_sens_result_free(struct dse_sens_result *res)
{
	size_t p;

	if (res == NULL)
		return;
	for (p = 0; res->params && p < res->nparams; p++)
		free(res->params[p].source);
	for (p = 0; res->warnings && p < res->nwarnings; p++)
		free(res->warnings[p].text);
	free(res->warnings);
	free(res->params);
	free(res->figures);
	free(res->base);
	free(res->q);
	free(res->x);
	free(res->y);
	free(res->stats);
	free(res->rho);
	free(res->oat_lo);
	free(res->oat_hi);
	free(res->bars);
	free(res->grid_us);
	free(res->grid_base);
	free(res->band);
	free(res->done);
	free(res->grid_y);
	memset(res, 0, sizeof *res);
}

/* ---- shares of a run ---- */

/* Where job j's figures are in r. */
static double *job_figures(const struct dse_sens_result *r, size_t j)
{
	if (j < r->nsamples)
		return r->y + j * r->nfigures;
	return ((j - r->nsamples) % 2 ? r->oat_hi : r->oat_lo) +
	       (j - r->nsamples) / 2 * r->nfigures;
}

/* The figures (and, for a sample, the frontier band's row) of job j. */
static cJSON *job_json(const struct dse_sens_result *r, size_t j)
{
	const size_t nf = r->nfigures, g = r->nformats * r->ngrid;
	const double *y = job_figures(r, j);
	cJSON *o = cJSON_CreateObject();
	int ok;

	ok = o && cJSON_AddNumberToObject(o, "job", (double)j) &&
	     dse_json_put(o, "figures", dse_json_exact_array(y, nf));
	if (ok && j < r->nsamples)
		ok = dse_json_put(o, "band", dse_json_exact_array(r->grid_y + j * g, g));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* 1 when job j's end equals the parameter's value: every share has it. */
static int shared_job(const struct dse_sens_result *r, size_t j)
{
	const struct dse_sens_param *p;

	if (j < r->nsamples)
		return 0;
	p = &r->params[(j - r->nsamples) / 2];
	return ((j - r->nsamples) % 2 ? p->hi : p->lo) == p->value;
}

/* The jobs this share ran, its counts and warnings. */
cJSON *dse_sens_part_json(const struct dse_sens_result *r)
{
	cJSON *o = cJSON_CreateObject(), *jobs = NULL, *w = NULL;
	size_t j;
	int ok;

	ok = o && dse_json_put(o, "base", dse_json_exact_array(r->base, r->nfigures)) &&
	     cJSON_AddNumberToObject(o, "infeasible", (double)r->infeasible) &&
	     cJSON_AddNumberToObject(o, "warned", (double)r->warned) &&
	     cJSON_AddNumberToObject(o, "sweeps", (double)r->sweeps) &&
	     cJSON_AddNumberToObject(o, "threads", r->threads) &&
	     dse_json_put(o, "wall_time_s", dse_json_exact(r->wall_s)) &&
	     (w = cJSON_AddArrayToObject(o, "warnings")) != NULL &&
	     (jobs = cJSON_AddArrayToObject(o, "jobs")) != NULL;
	for (j = 0; ok && j < r->nwarnings; j++) {
		cJSON *one = cJSON_CreateObject();

		ok = dse_json_push(w, one) &&
		     cJSON_AddStringToObject(one, "text", r->warnings[j].text) &&
		     cJSON_AddNumberToObject(one, "samples",
					     (double)r->warnings[j].samples);
	}
	for (j = 0; ok && j < r->njobs; j++)
		if (r->done[j] && !shared_job(r, j))
			ok = dse_json_push(jobs, job_json(r, j));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* DSE_EINPUT "file: where: why". */
static int part_bad(const char *file, const char *where, const char *why,
		    struct dse_error *err)
{
	return dse_error_set(err, DSE_EINPUT, "%s: %s: %s", file, where, why);
}

/* n exact doubles of array a into out. */
static int read_exact(const cJSON *a, size_t n, double *out)
{
	const cJSON *v;
	size_t i = 0;

	if (!cJSON_IsArray(a) || (size_t)cJSON_GetArraySize(a) != n)
		return -1;
	cJSON_ArrayForEach(v, a)
		if (dse_json_exact_read(v, &out[i++]) != 0)
			return -1;
	return 0;
}

/* A whole number in [0, max] of o's key into *out. */
static int read_whole(const cJSON *o, const char *key, double max, size_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
	    v->valuedouble > max || v->valuedouble != floor(v->valuedouble))
		return -1;
	*out = (size_t)v->valuedouble;
	return 0;
}

/* 1 when v can be figure f's value: a throughput (at least 0, finite),
   or a ratio (at least 0, infinite or undefined as well). */
static int figure_value(const struct dse_sens_figure *f, double v)
{
	if (strcmp(f->kind, "ratio") == 0)
		return isnan(v) || v >= 0;
	return v >= 0 && isfinite(v);
}

/* The figures (band 0) or band (a throughput each) of job o into y, n
   of them; -1 when not the run's: the wrong length, not numbers, or not
   values they can take. */
static int read_values(const struct dse_sens_result *r, const cJSON *o,
		       int band, size_t n, double *y)
{
	size_t i;

	if (read_exact(cJSON_GetObjectItemCaseSensitive(o, band ? "band" : "figures"),
		       n, y) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (band ? !(y[i] >= 0 && isfinite(y[i])) :
			   !figure_value(&r->figures[i], y[i]))
			return -1;
	return 0;
}

/*
 * Job o of a part checked: its index into *j (a job of the run, neither
 * in r nor earlier in this part: seen), its figures into y and, for a
 * sample, its band into band.
 */
static int read_job(const struct dse_sens_result *r, const cJSON *o,
		    const char *file, unsigned char *seen, size_t *j,
		    double *y, double *band, struct dse_error *err)
{
	const size_t nf = r->nfigures, g = r->nformats * r->ngrid;

	if (read_whole(o, "job", (double)r->njobs - 1, j) != 0 || shared_job(r, *j))
		return part_bad(file, "jobs", "a job that is not one of the run's", err);
	if (r->done[*j] || seen[*j])
		return dse_error_set(err, DSE_EINPUT,
				     "%s: jobs: job %zu is %s", file, *j,
				     seen[*j] ? "twice in the part" :
						"in two partial results");
	seen[*j] = 1;
	if (read_values(r, o, 0, nf, y) != 0 ||
	    (*j < r->nsamples && read_values(r, o, 1, g, band) != 0))
		return part_bad(file, "jobs",
				"figures or band of the wrong length or not the figures' values",
				err);
	return DSE_OK;
}

/* The warnings of a part that warned of `warned` of its samples:
   distinct one-line texts, each of 1..warned samples. */
static int read_warnings(const cJSON *w, size_t warned, const char *file,
			 struct dse_error *err)
{
	const cJSON *v, *u;

	cJSON_ArrayForEach(v, w) {
		const cJSON *text = cJSON_GetObjectItemCaseSensitive(v, "text");
		const unsigned char *c;
		size_t n;

		if (!cJSON_IsString(text) || read_whole(v, "samples", (double)warned, &n) != 0 ||
		    n == 0)
			return part_bad(file, "warnings",
					"expected {text, samples} of the samples warned of",
					err);
		for (c = (const unsigned char *)text->valuestring; *c; c++)
			if (*c < 0x20 || *c == 0x7f)
				return part_bad(file, "warnings", "a text with a control character",
						err);
		for (u = w->child; u != v; u = u->next)
			if (strcmp(cJSON_GetObjectItemCaseSensitive(u, "text")->valuestring,
				   text->valuestring) == 0)
				return part_bad(file, "warnings", "a text twice", err);
	}
	return DSE_OK;
}

/* Merge a share's document into r, planned the same way: checked whole
   first, so that a refused part leaves r as it was. */
int dse_sens_part_read(struct dse_sens_result *r, const cJSON *doc,
		       const char *file, struct dse_error *err)
{
	const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(doc, "jobs");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(doc, "warnings"), *v;
	const size_t g = r->nformats * r->ngrid;
	double *base = malloc((r->nfigures + g + 1) * sizeof *base);
	unsigned char *seen = calloc(r->njobs, 1);
	size_t infeasible, warned, sweeps, f, j, samples = 0;
	int rc = DSE_OK;

	if (base == NULL || seen == NULL) {
		free(base);
		free(seen);
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (read_exact(cJSON_GetObjectItemCaseSensitive(doc, "base"), r->nfigures,
		       base) != 0)
		rc = part_bad(file, "base", "not the run's figures", err);
	for (f = 0; rc == DSE_OK && f < r->nfigures; f++)
		if (memcmp(&base[f], &r->base[f], sizeof base[f]) != 0)
			rc = part_bad(file, "base",
				      "another study, technology or build: its sweep at the values differs",
				      err);
	if (rc == DSE_OK && (!cJSON_IsArray(jobs) || !cJSON_IsArray(w)))
		rc = part_bad(file, "counts", "missing or out of range", err);
	/* every job checked (values into base, as scratch) */
	if (rc == DSE_OK)
		cJSON_ArrayForEach(v, jobs) {
			rc = read_job(r, v, file, seen, &j, base, base + r->nfigures, err);
			if (rc != DSE_OK)
				break;
			samples += j < r->nsamples;
		}
	if (rc == DSE_OK &&
	    (read_whole(doc, "infeasible", (double)samples, &infeasible) != 0 ||
	     read_whole(doc, "warned", (double)samples, &warned) != 0 ||
	     read_whole(doc, "sweeps", (double)r->njobs + 1, &sweeps) != 0))
		rc = part_bad(file, "counts", "missing or out of range", err);
	if (rc == DSE_OK)
		rc = read_warnings(w, warned, file, err);
	free(base);
	free(seen);
	if (rc != DSE_OK)
		return rc;
	/* then merged: the jobs, the counts, the warnings (every read of
	   them succeeded above) */
	cJSON_ArrayForEach(v, jobs) {
		read_whole(v, "job", (double)r->njobs - 1, &j);
		read_exact(cJSON_GetObjectItemCaseSensitive(v, "figures"), r->nfigures,
			   job_figures(r, j));
		if (j < r->nsamples)
			read_exact(cJSON_GetObjectItemCaseSensitive(v, "band"), g,
				   r->grid_y + j * g);
		r->done[j] = 1;
	}
	cJSON_ArrayForEach(v, w) {
		read_whole(v, "samples", (double)warned, &f);
		rc = add_warning(r, cJSON_GetObjectItemCaseSensitive(v, "text")->valuestring,
				 f, err);
		if (rc != DSE_OK)
			return rc;
	}
	r->infeasible += infeasible;
	r->warned += warned;
	return DSE_OK;
}

/* Forget every part merged into res: only the shared jobs in. */
void dse_sens_parts_reset(struct dse_sens_result *res)
{
	size_t j;

	for (j = 0; j < res->njobs; j++)
		res->done[j] = (unsigned char)shared_job(res, j);
	for (j = 0; res->warnings && j < res->nwarnings; j++)
		free(res->warnings[j].text);
	free(res->warnings);
	res->warnings = NULL;
	res->nwarnings = 0;
	res->infeasible = 0;
	res->warned = 0;
	res->finished = 0;
}
