/* range.c - value ranges: lists, arithmetic and geometric progressions. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dse_explore.h"

/* Free the values and leave r empty; NULL is a no-op. */
void dse_range_free(struct dse_range *r)
{
	if (r == NULL)
		return;
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

/* Append v, growing the array; at most DSE_RANGE_MAX values. */
static int push(struct dse_range *r, size_t *cap, double v, const char *what,
		struct dse_error *err)
{
	if (r->n == DSE_RANGE_MAX)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: more than %d values", what,
				     DSE_RANGE_MAX);
	if (r->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		double *nv = realloc(r->v, ncap * sizeof *nv);

		if (nv == NULL)
			return dse_error_set(err, DSE_ENOMEM, "out of memory");
		r->v = nv;
		*cap = ncap;
	}
	r->v[r->n++] = v;
	return DSE_OK;
}

/* Parse one number of an item; *p advances past it. */
static int number(const char **p, const char *what, const char *item,
		  double *out, struct dse_error *err)
{
	if (dse_number_scan(*p, p, out) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite number or range",
				     what, item);
	return DSE_OK;
}

/* DSE_EUSAGE unless v is in [lo_ok, hi_ok] and, when whole, an integer. */
static int check_value(double v, const char *what, double lo_ok, double hi_ok,
		       int whole, struct dse_error *err)
{
	if (v < lo_ok || v > hi_ok)
		return dse_error_set(err, DSE_EUSAGE, "%s: %g is outside [%g, %g]",
				     what, v, lo_ok, hi_ok);
	if (whole && v != floor(v))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: %g is not a whole number", what, v);
	return DSE_OK;
}

/* One item's syntax: x, lo:hi, lo:hi:step or lo:hi:xF, into it. */
static int parse_item(const char *text, const char *what,
		      struct dse_range_item *it, struct dse_error *err)
{
	const char *p = text;
	int rc;

	memset(it, 0, sizeof *it);
	if ((rc = number(&p, what, text, &it->lo, err)) != DSE_OK)
		return rc;
	if (*p == '\0') {
		it->hi = it->lo;
		return DSE_OK;
	}
	it->step = 1;
	if (*p++ != ':' || (rc = number(&p, what, text, &it->hi, err)) != DSE_OK)
		return rc != DSE_OK ? rc :
		       dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a number or lo:hi[:step]",
				     what, text);
	if (*p == ':') {
		p++;
		if (*p == 'x' || *p == 'X') {
			it->geometric = 1;
			p++;
		}
		if ((rc = number(&p, what, text, &it->step, err)) != DSE_OK)
			return rc;
	}
	if (*p != '\0')
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: unexpected '%s' in '%s'", what, p, text);
	if (it->hi < it->lo)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is empty (hi %g below lo %g)", what,
				     text, it->hi, it->lo);
	if (it->geometric && (it->step <= 1 || it->lo <= 0))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s': a geometric range needs lo > 0 and a factor > 1",
				     what, text);
	if (!it->geometric && it->step <= 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s': the step must be positive", what,
				     text);
	if (!it->geometric && (it->hi - it->lo) / it->step >= DSE_RANGE_MAX)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' has more than %d values", what,
				     text, DSE_RANGE_MAX);
	return DSE_OK;
}

/* Append an item's values to r, each checked against the limits. */
static int expand_item(const struct dse_range_item *it, const char *what,
		       double lo_ok, double hi_ok, int whole,
		       struct dse_range *r, size_t *cap, struct dse_error *err)
{
	double x, slack;
	size_t i;
	int rc;

	if (it->step == 0) {
		rc = check_value(it->lo, what, lo_ok, hi_ok, whole, err);
		return rc == DSE_OK ? push(r, cap, it->lo, what, err) : rc;
	}
	/* values from the index, not by accumulation; rounding past hi by a
	   hair still counts as hi */
	slack = 1e-12 * (fabs(it->lo) > fabs(it->hi) ? fabs(it->lo) : fabs(it->hi)) +
		(it->geometric ? 0.0 : 1e-9 * it->step);
	for (i = 0;; i++) {
		x = it->geometric ? it->lo * pow(it->step, (double)i) :
				    it->lo + it->step * (double)i;
		if (x > it->hi + slack)
			break;
		if (x > it->hi)
			x = it->hi;
		if ((rc = check_value(x, what, lo_ok, hi_ok, whole, err)) ||
		    (rc = push(r, cap, x, what, err)))
			return rc;
	}
	return DSE_OK;
}

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sort r and drop duplicates. */
static void sort_unique(struct dse_range *r)
{
	size_t i, j;

	qsort(r->v, r->n, sizeof *r->v, cmp_double);
	for (i = j = 0; i < r->n; i++)
		if (j == 0 || r->v[i] != r->v[j - 1])
			r->v[j++] = r->v[i];
	r->n = j;
}

/*
 * Split text at its commas and call fn on each item; an empty range or
 * item is refused.  fn gets the item's text and arg.
 */
static int each_item(const char *text, const char *what,
		     int (*fn)(const char *item, void *arg, struct dse_error *err),
		     void *arg, struct dse_error *err)
{
	char *copy, *tok, *save = NULL;
	int rc = DSE_OK;

	if (text == NULL || strspn(text, " \t") == strlen(text))
		return dse_error_set(err, DSE_EUSAGE, "%s: empty range", what);
	copy = malloc(strlen(text) + 1);
	if (copy == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	strcpy(copy, text);
	if (copy[strlen(copy) - 1] == ',' || copy[0] == ',' ||
	    strstr(copy, ",,"))
		rc = dse_error_set(err, DSE_EUSAGE, "%s: empty item in '%s'",
				   what, text);
	for (tok = strtok_r(copy, ",", &save); rc == DSE_OK && tok;
	     tok = strtok_r(NULL, ",", &save))
		rc = fn(tok, arg, err);
	free(copy);
	return rc;
}

/* What dse_range_parse's items add to. */
struct values {
	const char *what;
	double lo_ok, hi_ok;
	int whole;
	struct dse_range r;
	size_t cap;
};

/* Item callback of dse_range_parse: parse and expand at once. */
static int add_values(const char *text, void *arg, struct dse_error *err)
{
	struct values *v = arg;
	struct dse_range_item it;
	int rc = parse_item(text, v->what, &it, err);

	return rc == DSE_OK ? expand_item(&it, v->what, v->lo_ok, v->hi_ok,
					  v->whole, &v->r, &v->cap, err) :
			      rc;
}

/* Parse comma-separated items into sorted values without duplicates. */
int dse_range_parse(const char *text, const char *what, double lo_ok,
		    double hi_ok, int whole, struct dse_range *out,
		    struct dse_error *err)
{
	struct values v = { what, lo_ok, hi_ok, whole, { 0, NULL }, 0 };
	int rc = each_item(text, what, add_values, &v, err);

	out->n = 0;
	out->v = NULL;
	if (rc != DSE_OK) {
		dse_range_free(&v.r);
		return rc;
	}
	sort_unique(&v.r);
	*out = v.r;
	return DSE_OK;
}

/* What dse_range_spec_parse's items add to. */
struct items {
	const char *what;
	struct dse_range_spec *spec;
};

/* Item callback of dse_range_spec_parse: parse and keep. */
static int add_item(const char *text, void *arg, struct dse_error *err)
{
	struct items *it = arg;

	if (it->spec->nitems == DSE_RANGE_ITEMS_MAX)
		return dse_error_set(err, DSE_EUSAGE, "%s: more than %d items",
				     it->what, DSE_RANGE_ITEMS_MAX);
	return parse_item(text, it->what, &it->spec->item[it->spec->nitems++],
			  err);
}

/* Parse text into out's items, checked by expanding them once. */
int dse_range_spec_parse(const char *text, const char *what, double lo_ok,
			 double hi_ok, int whole, struct dse_range_spec *out,
			 struct dse_error *err)
{
	struct dse_range_spec spec;
	struct items it = { what, &spec };
	struct dse_range r = { 0, NULL };
	int rc;

	memset(&spec, 0, sizeof spec);
	if (text && strlen(text) >= sizeof spec.text)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: longer than %zu characters", what,
				     sizeof spec.text - 1);
	spec.lo_ok = lo_ok;
	spec.hi_ok = hi_ok;
	spec.whole = whole;
	rc = each_item(text, what, add_item, &it, err);
	if (rc == DSE_OK) {
		strcpy(spec.text, text);
		rc = dse_range_expand(&spec, what, &r, err);
	}
	dse_range_free(&r);
	if (rc == DSE_OK)
		*out = spec;
	return rc;
}

/* The values of spec's items, sorted, duplicates dropped. */
int dse_range_expand(const struct dse_range_spec *spec, const char *what,
		     struct dse_range *out, struct dse_error *err)
{
	struct dse_range r = { 0, NULL };
	size_t cap = 0, i;
	int rc = DSE_OK;

	out->n = 0;
	out->v = NULL;
	if (spec->nitems == 0)
		return dse_error_set(err, DSE_EUSAGE, "%s: empty range", what);
	for (i = 0; rc == DSE_OK && i < spec->nitems; i++)
		rc = expand_item(&spec->item[i], what, spec->lo_ok, spec->hi_ok,
				 spec->whole, &r, &cap, err);
	if (rc != DSE_OK) {
		dse_range_free(&r);
		return rc;
	}
	sort_unique(&r);
	*out = r;
	return DSE_OK;
}
