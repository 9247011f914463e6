/*
 * fig_bounds.c - the best throughput of each format under a latency bound
 * (a staircase to the axis end), marked at the study's bounds, with the
 * ratio of the first two formats there.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The x range of the figure (its staircases run to the right end). */
static struct plot_range bounds_xrange(const struct plot_input *in)
{
	struct plot_range x = PLOT_RANGE_EMPTY;
	size_t i;

	plot_designs_add(&x, NULL, in->frontier, in->nformats);
	for (i = 0; i < in->nbounds; i++)
		plot_range_add(&x, in->bound_us[i]);
	return plot_log_pad(x);
}

/* Best-throughput steps, values at the study bounds, ratio labels. */
int plot_bounds_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page)
{
	struct plot_range x = bounds_xrange(in);
	size_t k, i, n, F = in->nformats;

	(void)page;
	plot_data_head(f, "bounds",
		       "k < F: best throughput of format k under a bound (steps, to the axis end);\n"
		       "# F + k: the study's bounds for format k; 2F: ratio of format 0 to format 1\n"
		       "# at each bound, placed between the two (geometric mean)",
		       "latency_us throughput_tops [ratio]");
	for (k = 0; k < F; k++) {
		fprintf(f, "# index %zu: best ", k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		n = in->frontier[k].n;
		for (i = 0; i < n; i++)
			fprintf(f, "%.6g %.6g\n", in->frontier[k].d[i].latency_us,
				in->frontier[k].d[i].throughput_tops);
		if (n > 0)
			fprintf(f, "%g %.6g\n", x.hi,
				in->frontier[k].d[n - 1].throughput_tops);
		plot_end_block(f, n, 2);
	}
	for (k = 0; k < F; k++) {
		fprintf(f, "# index %zu: study bounds ", F + k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		for (i = 0, n = 0; i < in->nbounds; i++)
			if (in->best_tops[i * F + k] > 0) {
				fprintf(f, "%g %.6g\n", in->bound_us[i],
					in->best_tops[i * F + k]);
				n++;
			}
		plot_end_block(f, n, 2);
	}
	if (F > 1) {
		fprintf(f, "# index %zu: ratio ", 2 * F);
		plot_gp_comment(f, in->format[0]);
		fputs(" / ", f);
		plot_gp_comment(f, in->format[1]);
		fputc('\n', f);
	} else
		fprintf(f, "# index %zu: ratio (none: one format)\n", 2 * F);
	for (i = 0, n = 0; F > 1 && i < in->nbounds; i++) {
		double a = in->best_tops[i * F], b = in->best_tops[i * F + 1];

		if (a > 0 && b > 0) {
			fprintf(f, "%g %.6g %.3g\n", in->bound_us[i],
				sqrt(a * b), a / b);
			n++;
		}
	}
	plot_end_block(f, n, 3);
	return plot_status(f);
}

/* Study bounds at which both of the first two formats have a design. */
static size_t ratio_count(const struct plot_input *in)
{
	size_t i, n = 0, F = in->nformats;

	for (i = 0; F > 1 && i < in->nbounds; i++)
		n += in->best_tops[i * F] > 0 && in->best_tops[i * F + 1] > 0;
	return n;
}

/* The highest best throughput drawn at latency <= x_max. */
static double bounds_top(const struct plot_input *in, double x_max)
{
	return plot_designs_top(in->frontier, in->nformats, x_max);
}

/* Log-log steps per format, marked and compared at the study bounds. */
int plot_bounds_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in, const struct plot_page *page)
{
	struct plot_range x = bounds_xrange(in), y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char a[64], b[64];
	size_t k, i, F = in->nformats, longest,
	       formats = plot_formats_drawn(in, &longest);
	int first = 1, ratios = ratio_count(in) > 0;

	memset(&one, 0, sizeof one);
	plot_designs_add(NULL, &y, in->frontier, F);
	plot_single_layout(page, in, x, y, formats, longest, ratios, bounds_top,
			   &one);
	plot_script_head(f, fig, page, one.height_in);
	plot_format_styles(f, in);
	fputs("\nset logscale xy\n", f);
	if (ratios) { /* what the n× labels mean, as the key's title */
		fputs("set key title ", f);
		plot_gp_stringf(f, "n×: %s / %s", plot_label(in->format[0], a, sizeof a),
				plot_label(in->format[1], b, sizeof b));
		fputc('\n', f);
	}
	plot_single_write(f, page, in, "Best throughput under a latency bound",
			  "latency bound (µs)", "best throughput (TOp/s)", &one);
	plot_loop_begin(f);
	for (k = 0; k < F; k++) {
		if (in->frontier[k].n == 0)
			continue;
		plot_clause(f, &first);
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2 with steps ls %zu title ",
			k, k + 1);
		plot_gp_string(f, plot_label(in->format[k], a, sizeof a));
	}
	for (k = 0; k < F; k++) {
		for (i = 0; i < in->nbounds; i++)
			if (in->best_tops[i * F + k] > 0)
				break;
		if (i == in->nbounds)
			continue;
		plot_clause(f, &first);
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2 with points ls %zu ps 0.8 notitle",
			F + k, k + 1);
	}
	if (ratios) {
		plot_clause(f, &first);
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2:(sprintf(\"%%.3g×\", $3)) with labels left offset char 0.8, 0 notitle",
			2 * F);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
