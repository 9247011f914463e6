/*
 * figures.c - the table of figures.  A figure is a row: its name (files
 * plot-<name>.gp, .dat and images), what its script draws, and its two
 * writers (plots/fig_<name>.c), built from the shared helpers of
 * plot_impl.h.
 */
#include <stddef.h>

#include "plot_impl.h"

static const struct plot_figure figures[] = {
	{ "frontier",
	  "throughput against latency: the Pareto frontier of\n"
	  "# each format as a staircase (the throughput achievable at latency <= x),\n"
	  "# its canonical design (open symbols, one per batch) and the latency bounds.",
	  plot_frontier_data, plot_frontier_script },
	{ "points",
	  "the sampled feasible designs of each format coloured by\n"
	  "# array rows, under its Pareto staircase; one panel per format.",
	  plot_points_data, plot_points_script },
	{ "breakdown",
	  "area and peak power by component of a few frontier\n"
	  "# designs per format, spread over latency (stacked bars), each labelled with\n"
	  "# latency, array rows x cols, k-split, dataflow and clock.",
	  plot_breakdown_data, plot_breakdown_script },
	{ "bounds",
	  "the best throughput of each format under a latency bound\n"
	  "# (a step at each frontier design), marked at the study's bounds.",
	  plot_bounds_data, plot_bounds_script },
};

/* The figure table. */
const struct plot_figure *plot_figures(size_t *count)
{
	*count = sizeof figures / sizeof figures[0];
	return figures;
}
