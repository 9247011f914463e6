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

/* Index of the median of a[i], a[j], a[k]. */
static size_t median3(const double *a, size_t i, size_t j, size_t k)
{
	if (a[i] < a[j])
		return a[j] < a[k] ? j : (a[i] < a[k] ? k : i);
	return a[i] < a[k] ? i : (a[j] < a[k] ? k : j);
}

/*
 * Quickselect with Hoare's partition (it splits runs of equal values
 * evenly: many latencies are equal, a request served at once takes exactly
 * S(k)), median-of-three pivots, and a sort of the remaining range after
 * SELECT_PASSES partitions, so that no input makes it quadratic.
 */
void serve_select(double *a, size_t lo, size_t n, size_t k)
{
	size_t hi = n, pass;

	for (pass = 0; hi - lo > 1; pass++) {
		size_t i, j;
		double pivot;

		if (pass == SELECT_PASSES) {
			qsort(a + lo, hi - lo, sizeof *a, cmp_double);
			return;
		}
		/* the pivot at a[lo]: Hoare's partition then returns
		   lo <= j < hi - 1 with a[lo..j] <= pivot <= a[j+1..hi) */
		swap(&a[lo], &a[median3(a, lo, lo + (hi - lo) / 2, hi - 1)]);
		pivot = a[lo];
		i = lo - 1;
		j = hi;
		for (;;) {
			do
				j--;
			while (a[j] > pivot);
			do
				i++;
			while (a[i] < pivot);
			if (i >= j)
				break;
			swap(&a[i], &a[j]);
		}
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
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
