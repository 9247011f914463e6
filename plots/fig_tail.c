/*
 * fig_tail.c - the explorer's tail pass: per format, the best throughput
 * under each latency SLO as a service time (S(b) <= L, solid) and as a
 * tail capacity (the P-th percentile under load <= L, dashed), side by side.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The SLOs, padded, as the x range. */
struct plot_range plot_tail_xrange(const struct plot_input *in)
{
	struct plot_range x = PLOT_RANGE_EMPTY;
	size_t i;

	for (i = 0; i < in->ntail; i++)
		plot_range_add(&x, in->tail_slo_us[i]);
	return plot_log_pad(x);
}

/* The highest service-time throughput at an SLO <= x_max. */
static double tail_top(const struct plot_input *in, double x_max)
{
	double top = 0;
	size_t i;

	for (i = 0; i < in->ntail * in->nformats; i++)
		if (in->tail_slo_us[i / in->nformats] <= x_max &&
		    in->tail_service_tops[i] > top)
			top = in->tail_service_tops[i];
	return top;
}

/* Whether format k has a design under some SLO. */
static int tail_drawn(const struct plot_input *in, size_t k)
{
	size_t i;

	for (i = 0; i < in->ntail; i++)
		if (in->tail_service_tops[i * in->nformats + k] > 0)
			return 1;
	return 0;
}

/* Per format: service-time bests, then tail bests, at each SLO. */
int plot_tail_data(FILE *f, const struct plot_input *in,
		   const struct plot_page *page)
{
	size_t k, i, n, F = in->nformats;
	int tail;

	(void)page;
	plot_data_head(f, "tail",
		       "2k: best service-time throughput of format k with S(b) <= L;\n"
		       "# 2k + 1: its highest tail capacity under L",
		       "slo_us throughput_tops");
	for (k = 0; k < F; k++)
		for (tail = 0; tail < 2; tail++) {
			const double *v = tail ? in->tail_tops : in->tail_service_tops;

			fprintf(f, "# index %zu: %s ", 2 * k + (size_t)tail,
				tail ? "tail" : "service");
			plot_gp_comment(f, in->format[k]);
			fputc('\n', f);
			for (i = 0, n = 0; i < in->ntail; i++)
				if (v[i * F + k] > 0) {
					fprintf(f, "%g %.6g\n", in->tail_slo_us[i],
						v[i * F + k]);
					n++;
				}
			plot_end_block(f, n, 2);
		}
	return plot_status(f);
}

/* Log-log lines per format: service solid, tail dashed with open points. */
int plot_tail_script(FILE *f, const struct plot_figure *fig,
		     const struct plot_input *in, const struct plot_page *page)
{
	struct plot_range x = plot_tail_xrange(in), y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char name[64], head[400];
	size_t k, i, F = in->nformats, longest = 0, drawn = 0;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.no_guides = 1;
	for (i = 0; i < in->ntail * F; i++) {
		if (in->tail_service_tops[i] > 0)
			plot_range_add(&y, in->tail_service_tops[i]);
		if (in->tail_tops[i] > 0)
			plot_range_add(&y, in->tail_tops[i]);
	}
	for (k = 0; k < F; k++) {
		size_t c = plot_label_chars(in->format[k]) + strlen(" service");

		if (!tail_drawn(in, k))
			continue;
		drawn++;
		if (c > longest)
			longest = c;
	}
	plot_single_layout(page, in, x, y, 2 * drawn, longest, 0, tail_top, &one);
	plot_script_head(f, fig, page, one.height_in);
	plot_format_styles(f, in);
	fputs("\nset logscale xy\n", f);
	snprintf(head, sizeof head, "Best throughput under a latency SLO: service time and tail (%s)",
		 in->tail_what);
	plot_single_write(f, page, in, head, "latency SLO L (µs)",
			  "throughput (TOp/s)", &one);
	plot_loop_begin(f);
	for (k = 0; k < F; k++) {
		if (!tail_drawn(in, k)) /* no design under any SLO: not in the key */
			continue;
		plot_clause(f, &first);
		/* service solid with the format's point, tail dashed and open,
		   whatever the format's own dash */
		fprintf(f, "'plot-tail.dat' index %zu using 1:2 with linespoints ls %zu dt 1 title ",
			2 * k, k + 1);
		plot_gp_stringf(f, "%s service", plot_label(in->format[k], name, sizeof name));
		plot_clause(f, &first);
		fprintf(f, "'plot-tail.dat' index %zu using 1:2 with linespoints ls %zu dt 2 pt 6 title ",
			2 * k + 1, k + 1);
		plot_gp_stringf(f, "%s tail", plot_label(in->format[k], name, sizeof name));
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
