/* range.c - value ranges: lists, arithmetic and geometric progressions. */
#include <math.h>
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

/* One item: x, lo:hi, lo:hi:step or lo:hi:xF. */
static int item(const char *text, const char *what, double lo_ok, double hi_ok,
		int whole, struct dse_range *r, size_t *cap,
		struct dse_error *err)
{
	const char *p = text;
	double lo, hi, step = 1, x, slack;
	int geometric = 0, rc;
	size_t i;

	if ((rc = number(&p, what, text, &lo, err)) != DSE_OK)
		return rc;
	if (*p == '\0') {
		rc = check_value(lo, what, lo_ok, hi_ok, whole, err);
		return rc == DSE_OK ? push(r, cap, lo, what, err) : rc;
	}
	if (*p++ != ':' || (rc = number(&p, what, text, &hi, err)) != DSE_OK)
		return rc != DSE_OK ? rc :
		       dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a number or lo:hi[:step]",
				     what, text);
	if (*p == ':') {
		p++;
		if (*p == 'x' || *p == 'X') {
			geometric = 1;
			p++;
		}
		if ((rc = number(&p, what, text, &step, err)) != DSE_OK)
			return rc;
	}
	if (*p != '\0')
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: unexpected '%s' in '%s'", what, p, text);
	if (hi < lo)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is empty (hi %g below lo %g)", what,
				     text, hi, lo);
	if (geometric && (step <= 1 || lo <= 0))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s': a geometric range needs lo > 0 and a factor > 1",
				     what, text);
	if (!geometric && step <= 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s': the step must be positive", what,
				     text);
	if (!geometric && (hi - lo) / step >= DSE_RANGE_MAX)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' has more than %d values", what,
				     text, DSE_RANGE_MAX);
	/* values from the index, not by accumulation; rounding past hi by a
	   hair still counts as hi */
	slack = 1e-12 * (fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi)) +
		(geometric ? 0.0 : 1e-9 * step);
	for (i = 0;; i++) {
		x = geometric ? lo * pow(step, (double)i) : lo + step * (double)i;
		if (x > hi + slack)
			break;
		if (x > hi)
			x = hi;
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

/* Parse comma-separated items into sorted values without duplicates. */
int dse_range_parse(const char *text, const char *what, double lo_ok,
		    double hi_ok, int whole, struct dse_range *out,
		    struct dse_error *err)
{
	struct dse_range r = { 0, NULL };
	size_t cap = 0, i, j;
	char *copy, *tok, *save = NULL;
	int rc = DSE_OK;

	out->n = 0;
	out->v = NULL;
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
		rc = item(tok, what, lo_ok, hi_ok, whole, &r, &cap, err);
	free(copy);
	if (rc != DSE_OK) {
		dse_range_free(&r);
		return rc;
	}
	qsort(r.v, r.n, sizeof *r.v, cmp_double);
	for (i = j = 0; i < r.n; i++)
		if (j == 0 || r.v[i] != r.v[j - 1])
			r.v[j++] = r.v[i];
	r.n = j;
	*out = r;
	return DSE_OK;
}
