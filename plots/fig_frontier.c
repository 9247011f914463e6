/*
 * fig_frontier.c - throughput against latency: each format's Pareto
 * frontier as a staircase (the throughput achievable at latency <= x), its
 * canonical design, the study's latency bounds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The x range of the figure: every design drawn and every bound, padded. */
static struct plot_range frontier_xrange(const struct plot_input *in)
{
	struct plot_range x = PLOT_RANGE_EMPTY;
	size_t i;

	plot_designs_add(&x, NULL, in->frontier, in->nformats);
	plot_designs_add(&x, NULL, in->canonical, in->nformats);
	for (i = 0; i < in->nbounds; i++)
		plot_range_add(&x, in->bound_us[i]);
	return plot_log_pad(x);
}

/* Frontier (run on to the axis end) and canonical designs of each format. */
int plot_frontier_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page)
{
	struct plot_range x = frontier_xrange(in);
	size_t k, i;

	(void)page;
	plot_data_head(f, "frontier",
		       "k < F: Pareto frontier of format k, then a row at the axis end\n"
		       "# (the staircase runs on to it); F + k: its canonical design, one per batch",
		       "latency_us throughput_tops rows cols k_split batch");
	for (k = 0; k < 2 * in->nformats; k++) {
		const struct plot_designs *ds = k < in->nformats ?
			&in->frontier[k] : &in->canonical[k - in->nformats];

		fprintf(f, "# index %zu: %s ", k,
			k < in->nformats ? "frontier" : "canonical");
		plot_gp_comment(f, in->format[k % in->nformats]);
		fputc('\n', f);
		for (i = 0; i < ds->n; i++)
			fprintf(f, "%.6g %.6g %g %g %g %g\n", ds->d[i].latency_us,
				ds->d[i].throughput_tops, ds->d[i].rows,
				ds->d[i].cols, ds->d[i].k_split, ds->d[i].batch);
		if (k < in->nformats && ds->n > 0)
			fprintf(f, "%g %.6g NaN NaN NaN NaN\n", x.hi,
				ds->d[ds->n - 1].throughput_tops);
		plot_end_block(f, ds->n, 6);
	}
	return plot_status(f);
}

/* What the canonical design is: dataflow and shape (not on paper); 0: none. */
static int canonical_text(const struct plot_input *in,
			  const struct plot_page *page, char *buf, size_t len)
{
	size_t k;

	for (k = 0; k < in->nformats; k++)
		if (in->canonical[k].n > 0)
			break;
	if (k == in->nformats)
		return 0;
	if (page->paper)
		snprintf(buf, len, "canonical");
	else
		snprintf(buf, len, "canonical %s %g×%g",
			 dse_dataflow_name(in->canonical[k].d[0].dataflow),
			 in->canonical[k].d[0].rows, in->canonical[k].d[0].cols);
	return 1;
}

/* The highest throughput drawn at latency <= x_max: frontiers, canonicals. */
static double frontier_top(const struct plot_input *in, double x_max)
{
	double a = plot_designs_top(in->frontier, in->nformats, x_max),
	       b = plot_designs_top(in->canonical, in->nformats, x_max);

	return a > b ? a : b;
}

/* Log-log staircases, canonical designs, latency bound guides. */
int plot_frontier_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in, const struct plot_page *page)
{
	struct plot_range x = frontier_xrange(in), y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char canon[160], name[64];
	size_t k, longest, formats = plot_formats_drawn(in, &longest);
	int first = 1, has_canon = canonical_text(in, page, canon, sizeof canon);

	memset(&one, 0, sizeof one);
	plot_designs_add(NULL, &y, in->frontier, in->nformats);
	plot_designs_add(NULL, &y, in->canonical, in->nformats);
	if (has_canon && plot_label_chars(canon) > longest)
		longest = plot_label_chars(canon);
	plot_single_layout(page, in, x, y, formats + (size_t)has_canon, longest, 0,
			   frontier_top, &one);
	plot_script_head(f, fig, page, one.height_in);
	plot_format_styles(f, in);
	fputs("set style line 100 lc rgb \"#555555\" lw 0.8 dt 3 pt 6 ps 0.6  # key of the canonical designs\n\n"
	      "set logscale xy\n", f);
	plot_single_write(f, page, in,
			  "Throughput against latency: Pareto frontier per format",
			  "latency of a batch (µs)", "throughput (TOp/s)", &one);
	plot_loop_begin(f);
	for (k = 0; k < in->nformats; k++) {
		size_t n = in->frontier[k].n;

		if (n == 0)
			continue;
		plot_clause(f, &first);
		fprintf(f, "'plot-frontier.dat' index %zu using 1:2 with steps ls %zu notitle", k, k + 1);
		plot_clause(f, &first);
		fprintf(f, "'' index %zu every ::0::%zu using 1:2 with points ls %zu notitle",
			k, n - 1, k + 1);
	}
	for (k = 0; k < in->nformats; k++) {
		if (in->canonical[k].n == 0)
			continue;
		plot_clause(f, &first);
		fprintf(f, "'plot-frontier.dat' index %zu using 1:2 with linespoints ls %zu notitle",
			in->nformats + k, 101 + k);
	}
	for (k = 0; k < in->nformats; k++) { /* the key: line and point */
		if (in->frontier[k].n == 0)
			continue;
		plot_clause(f, &first);
		fprintf(f, "NaN with linespoints ls %zu title ", k + 1);
		plot_gp_string(f, plot_label(in->format[k], name, sizeof name));
	}
	if (has_canon) {
		plot_clause(f, &first);
		fputs("NaN with linespoints ls 100 title ", f);
		plot_gp_string(f, canon);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
