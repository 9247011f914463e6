/* quantile.c - order statistics of latencies, in place. */
#include <math.h>
#include <stdlib.h>

#include "serve_impl.h"

/* Partitions before selection falls back to sorting what is left. */
#define SELECT_PASSES 64

/* qsort order of doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Swap two doubles. */
static void swap(double *a, double *b)
{
	double t = *a;

	*a = *b;
	*b = t;
}

/* Median of a[i], a[j], a[k]. */
static double median3(const double *a, size_t i, size_t j, size_t k)
{
	double x = a[i], y = a[j], z = a[k];

	if (x < y)
		return y < z ? y : (x < z ? z : x);
	return x < z ? x : (y < z ? z : y);
}

/*
 * Quickselect with a three-way partition (many latencies are equal: a
 * request served at once takes exactly S(k)), median-of-three pivots, and
 * a sort of the remaining range after SELECT_PASSES partitions.
 */
void serve_select(double *a, size_t lo, size_t n, size_t k)
{
	size_t hi = n, pass;

	for (pass = 0; hi - lo > 1; pass++) {
		size_t lt = lo, i = lo, gt = hi;
		double pivot;

		if (pass == SELECT_PASSES) {
			qsort(a + lo, hi - lo, sizeof *a, cmp_double);
			return;
		}
		pivot = median3(a, lo, lo + (hi - lo) / 2, hi - 1);
		while (i < gt) { /* [lo,lt) < pivot, [lt,i) == pivot, [gt,hi) > */
			if (a[i] < pivot)
				swap(&a[lt++], &a[i++]);
			else if (a[i] > pivot)
				swap(&a[i], &a[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
}

/* ceil(p n) - 1 with a tolerance for p n that rounding put just above a
   whole number, clamped to 0..n-1. */
size_t serve_rank(double p, size_t n)
{
	double x = p * (double)n;
	double r = ceil(x - 1e-9 * (x > 1 ? x : 1));

	if (r < 1)
		r = 1;
	if (r > (double)n)
		r = (double)n;
	return (size_t)r - 1;
}
