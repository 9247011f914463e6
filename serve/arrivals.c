/* arrivals.c - arrival processes as rows of a table (SERVING.md section 12). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "serve_impl.h"

/* Longest line of a trace file, characters. */
#define TRACE_LINE_MAX 4096
/* Largest coefficient of variation of gamma:CV. */
#define GAMMA_CV_MAX 100.0

/* Exponential gaps of mean 1/lambda: a Poisson process. */
static double poisson_next(struct arrival_state *st, gsl_rng *rng)
{
	st->t_us += -st->mean_gap_us * log(gsl_rng_uniform_pos(rng));
	return st->t_us;
}

/* Nothing to prepare for Poisson arrivals. */
static void poisson_start(struct arrival_state *st)
{
	(void)st;
}

/* Gamma gaps of mean 1/lambda and CV: shape 1/CV^2, scale mean CV^2. */
static void gamma_start(struct arrival_state *st)
{
	double cv2 = st->a->cv * st->a->cv;

	st->shape = 1.0 / cv2;
	st->theta = st->mean_gap_us * cv2;
}

/* The next gamma-distributed arrival (GSL: Marsaglia & Tsang 2000). */
static double gamma_next(struct arrival_state *st, gsl_rng *rng)
{
	st->t_us += gsl_ran_gamma(rng, st->shape, st->theta);
	return st->t_us;
}

/* gamma:CV with CV in (0, GAMMA_CV_MAX]. */
static int gamma_parse(struct dse_serve_arrivals *a, const char *arg,
		       struct dse_error *err)
{
	double cv;

	if (dse_number_parse(arg, &cv) != DSE_OK || !(cv > 0 && cv <= GAMMA_CV_MAX))
		return dse_error_set(err, DSE_EINPUT,
				     "'gamma:%s': the coefficient of variation must be a number in (0, %g]",
				     arg, GAMMA_CV_MAX);
	a->cv = cv;
	snprintf(a->spec, sizeof a->spec, "gamma:%g", cv);
	return DSE_OK;
}

/* A trace keeps its first arrival and scales its gaps to reach lambda. */
static void trace_start(struct arrival_state *st)
{
	const struct dse_serve_arrivals *a = st->a;

	st->scale = st->mean_gap_us > 0 ?
			    a->trace_rate_rps * st->mean_gap_us * 1e-6 : 1.0;
	st->next = 0;
}

/* The next time of the trace, scaled; infinity past its end. */
static double trace_next(struct arrival_state *st, gsl_rng *rng)
{
	const struct dse_serve_arrivals *a = st->a;
	double t0 = a->trace_us[0];

	(void)rng;
	if (st->next >= a->ntrace)
		return INFINITY;
	/* unscaled, the times are replayed exactly as written */
	st->t_us = st->scale == 1.0 ? a->trace_us[st->next] :
		   t0 + (a->trace_us[st->next] - t0) * st->scale;
	st->next++;
	return st->t_us;
}

static int trace_parse(struct dse_serve_arrivals *a, const char *arg,
		       struct dse_error *err);

static const struct dse_arrival_type types[] = {
	{ "poisson", 0, 0, NULL, poisson_start, poisson_next },
	{ "gamma", 1, 0, gamma_parse, gamma_start, gamma_next },
	{ "trace", 1, 1, trace_parse, trace_start, trace_next },
};

#define NTYPES (sizeof types / sizeof types[0])

/* The trace being read: growing array and the CSV column, if any. */
struct reader {
	const char *path;
	size_t line;
	long column;     /* -1: one number per line */
	size_t n, cap;
	double *t;
};

/* Position of the `arrival_us` field in a CSV header line, or -1. */
static long header_column(const char *line)
{
	long col = 0;
	const char *p = line;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == strlen("arrival_us") &&
		    strncmp(p, "arrival_us", len) == 0)
			return col;
		if (p[len] != ',')
			return -1;
		p += len + 1;
		col++;
	}
}

/* Append the time in field `text` (length len) of the current line. */
static int add_time(struct reader *r, const char *text, size_t len,
		    struct dse_error *err)
{
	const char *end;
	double v;

	if (len == 0 || dse_number_scan(text, &end, &v) != DSE_OK ||
	    end != text + len)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: '%.*s' is not a plain decimal number of microseconds",
				     r->path, r->line, (int)(len < 40 ? len : 40),
				     text);
	if (v < 0)
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: arrival time %.*s is negative",
				     r->path, r->line, (int)(len < 40 ? len : 40),
				     text);
	if (r->n > 0 && v < r->t[r->n - 1])
		return dse_error_set(err, DSE_EINPUT,
				     "%s:%zu: arrival time %.17g is before the previous one (%.17g): times must be non-decreasing",
				     r->path, r->line, v, r->t[r->n - 1]);
	if (r->n == r->cap) {
		size_t ncap = r->cap ? 2 * r->cap : 4096;
		double *nt;

		if (r->n >= DSE_SERVE_TRACE_MAX)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: more than %lu arrivals",
					     r->path, r->line, DSE_SERVE_TRACE_MAX);
		nt = realloc(r->t, ncap * sizeof *nt);
		if (nt == NULL)
			return dse_error_set(err, DSE_ENOMEM,
					     "%s: out of memory", r->path);
		r->t = nt;
		r->cap = ncap;
	}
	r->t[r->n++] = v;
	return DSE_OK;
}

/* One line of the trace (newline removed): a comment, a header or a time. */
static int trace_line(struct reader *r, char *line, struct dse_error *err)
{
	size_t len = strlen(line);
	const char *field = line;
	double v;
	long col;

	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (len == 0 || line[0] == '#')
		return DSE_OK;
	if (r->n == 0 && r->column < 0 && dse_number_scan(line, NULL, &v) != DSE_OK) {
		r->column = header_column(line);
		if (r->column < 0)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: neither an arrival time in microseconds nor a CSV header with an arrival_us column",
					     r->path, r->line);
		return DSE_OK;
	}
	for (col = 0; r->column > 0 && col < r->column; col++) {
		field = strchr(field, ',');
		if (field == NULL)
			return dse_error_set(err, DSE_EINPUT,
					     "%s:%zu: no field %ld (arrival_us)",
					     r->path, r->line, r->column + 1);
		field++;
	}
	return add_time(r, field, r->column >= 0 ? strcspn(field, ",") :
						   strlen(field), err);
}

/* Read the whole trace at r->path into r, a line at a time. */
static int read_trace(FILE *f, struct reader *r, struct dse_error *err)
{
	char line[TRACE_LINE_MAX + 1];
	size_t len = 0;
	int c, rc = DSE_OK;

	while (rc == DSE_OK) {
		c = getc_unlocked(f);
		if (c != EOF && c != '\n') {
			if (c == '\0')
				return dse_error_set(err, DSE_EINPUT,
						     "%s:%zu: NUL byte in the line",
						     r->path, r->line + 1);
			if (len == TRACE_LINE_MAX)
				return dse_error_set(err, DSE_EINPUT,
						     "%s:%zu: line longer than %d characters",
						     r->path, r->line + 1,
						     TRACE_LINE_MAX);
			line[len++] = (char)c;
			continue;
		}
		if (c == EOF && (ferror(f) || len == 0))
			break;
		line[len] = '\0';
		r->line++;
		rc = trace_line(r, line, err);
		len = 0;
		if (c == EOF)
			break;
	}
	if (rc == DSE_OK && ferror(f))
		rc = dse_error_set(err, DSE_EINPUT, "%s: cannot read: %s",
				   r->path, strerror(errno));
	return rc;
}

/* trace:FILE: load, check and keep the whole trace. */
static int trace_parse(struct dse_serve_arrivals *a, const char *arg,
		       struct dse_error *err)
{
	struct reader r = { arg, 0, -1, 0, 0, NULL };
	FILE *f;
	int rc;

	if (*arg == '\0')
		return dse_error_set(err, DSE_EINPUT,
				     "'trace:': no file given");
	f = fopen(arg, "r");
	if (f == NULL)
		return dse_error_set(err, DSE_EINPUT, "%s: %s", arg,
				     strerror(errno));
	rc = read_trace(f, &r, err);
	fclose(f);
	if (rc == DSE_OK && r.n < 2)
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: %zu arrival%s: a trace needs at least two to have a rate",
				   arg, r.n, r.n == 1 ? "" : "s");
	if (rc == DSE_OK && !(r.t[r.n - 1] > r.t[0]))
		rc = dse_error_set(err, DSE_EINPUT,
				   "%s: every arrival is at %.17g us: a trace must span a positive time",
				   arg, r.t[0]);
	if (rc == DSE_OK && (a->path = strdup(arg)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "%s: out of memory", arg);
	if (rc != DSE_OK) {
		free(r.t);
		return rc;
	}
	a->trace_us = r.t;
	a->ntrace = r.n;
	a->trace_rate_rps = (double)(r.n - 1) / ((r.t[r.n - 1] - r.t[0]) * 1e-6);
	snprintf(a->spec, sizeof a->spec, "trace");
	return DSE_OK;
}

/* Parse an arrival specification by the table. */
int dse_serve_arrivals_parse(const char *spec, struct dse_serve_arrivals *out,
			     struct dse_error *err)
{
	size_t i, len = strcspn(spec, ":");

	memset(out, 0, sizeof *out);
	for (i = 0; i < NTYPES; i++) {
		const struct dse_arrival_type *t = &types[i];
		int rc;

		if (strlen(t->name) != len || strncmp(spec, t->name, len) != 0)
			continue;
		if (t->has_arg != (spec[len] == ':'))
			return dse_error_set(err, DSE_EINPUT,
					     "'%s': %s %s", spec,
					     t->name, t->has_arg ?
					     "needs an argument after ':'" :
					     "takes no argument");
		out->type = t;
		snprintf(out->spec, sizeof out->spec, "%s", t->name);
		rc = t->parse ? t->parse(out, spec + len + 1, err) : DSE_OK;
		if (rc != DSE_OK)
			dse_serve_arrivals_free(out);
		return rc;
	}
	return dse_error_set(err, DSE_EINPUT,
			     "'%s': unknown (known: poisson, gamma:CV, trace:FILE)",
			     spec);
}

/* Release a trace; NULL is a no-op. */
void dse_serve_arrivals_free(struct dse_serve_arrivals *a)
{
	if (a == NULL)
		return;
	free(a->path);
	free(a->trace_us);
	memset(a, 0, sizeof *a);
}

/* 1 when the times come from a file. */
int dse_serve_arrivals_is_trace(const struct dse_serve_arrivals *a)
{
	return a->type != NULL && a->type->trace;
}
