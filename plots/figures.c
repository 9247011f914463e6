/*
 * figures.c - the table of figures.  A figure is a row: its name (files
 * plot-<name>.gp, .dat and images), what its script draws, and its two
 * writers (plots/fig_<name>.c), built from the shared helpers of
 * plot_impl.h.
 */
#include <stddef.h>

#include "plot_impl.h"

/* An exploration's folder (frontier.json). */
static int explored(const struct plot_input *in)
{
	return in->has_frontier;
}

/* An exploration with a tail pass (dse explore --slo-us). */
static int tail_passed(const struct plot_input *in)
{
	return in->has_frontier && in->ntail > 0;
}

/* A tail pass that trained its winners (dse explore --slo-us --train). */
static int tail_trained(const struct plot_input *in)
{
	return tail_passed(in) && in->has_tail_train;
}

/* A serving folder with a load sweep: some policy at two loads or more. */
static int load_swept(const struct plot_input *in)
{
	size_t i;

	for (i = 1; in->has_serve && i < in->serve.nruns; i++)
		if (in->serve.run[i].policy == in->serve.run[i - 1].policy)
			return 1;
	return 0;
}

static const struct plot_figure figures[] = {
	{ "frontier",
	  "throughput against latency: the Pareto frontier of\n"
	  "# each format as a staircase (the throughput achievable at latency <= x),\n"
	  "# its canonical design (open symbols, one per batch) and the latency bounds.",
	  explored, plot_frontier_data, plot_frontier_script },
	{ "points",
	  "the sampled feasible designs of each format coloured by\n"
	  "# array rows, under its Pareto staircase; one panel per format.",
	  explored, plot_points_data, plot_points_script },
	{ "breakdown",
	  "area and peak power by component of a few frontier\n"
	  "# designs per format, spread over latency (stacked bars), each labelled with\n"
	  "# latency, array rows x cols, k-split, dataflow and clock.",
	  explored, plot_breakdown_data, plot_breakdown_script },
	{ "bounds",
	  "the best throughput of each format under a latency bound\n"
	  "# (a step at each frontier design), marked at the study's bounds.",
	  explored, plot_bounds_data, plot_bounds_script },
	{ "tail",
	  "the explorer's tail pass: per format, the best throughput\n"
	  "# under each latency SLO as a service time (S(b) <= L) and as a tail\n"
	  "# capacity (the P-th percentile latency under load <= L).",
	  tail_passed, plot_tail_data, plot_tail_script },
	{ "train-slo",
	  "training for free on the explorer's tail winners: per\n"
	  "# format and latency SLO, the training throughput in the idle cycles of\n"
	  "# the design with the highest tail capacity, as a share of its dedicated\n"
	  "# training throughput, at 25, 50 and 75 % of that capacity.",
	  tail_trained, plot_train_slo_data, plot_train_slo_script },
	{ "accuracy",
	  "accuracy against throughput: at one latency bound (50 µs\n"
	  "# when the study has it, else its tightest), each format's best throughput\n"
	  "# against its accuracy figure (measured, else the SQNR proxy), the formats\n"
	  "# no other beats in both joined as the frontier of formats.",
	  plot_accuracy_wanted, plot_accuracy_data, plot_accuracy_script },
	{ "latency",
	  "a design under load: latency percentiles (p50, p99,\n"
	  "# p99.9) against the load, per batching policy, with the SLO.",
	  load_swept, plot_latency_data, plot_latency_script },
	{ "cdf",
	  "a design under load: the fraction of requests slower than\n"
	  "# each latency at one load per policy, with the SLO.",
	  plot_cdf_wanted, plot_cdf_data, plot_cdf_script },
	{ "training",
	  "a design serving and training in its idle cycles: served\n"
	  "# and trained throughput stacked against the load, one panel per policy,\n"
	  "# with the design's dedicated training throughput.",
	  plot_training_wanted, plot_training_data, plot_training_script },
	{ "band",
	  "a sensitivity run: per format, the best throughput under\n"
	  "# a latency bound at the technology's values, and the median and 5-95 %\n"
	  "# band over the samples of its uncertain constants.",
	  plot_sens_wanted, plot_band_data, plot_band_script },
	{ "tornado",
	  "a sensitivity run: one figure with each uncertain constant\n"
	  "# at the low and the high end of its range, the others at their values,\n"
	  "# largest swing on top.",
	  plot_sens_wanted, plot_tornado_data, plot_tornado_script },
	{ "ratios",
	  "a sensitivity run: the throughput ratio of each format to\n"
	  "# the baseline at each latency bound over the samples (dots), its\n"
	  "# quartiles and 5-95 % (box and whiskers), median and value at the values.",
	  plot_sens_wanted, plot_ratios_data, plot_ratios_script },
};

/* The figure table. */
const struct plot_figure *plot_figures(size_t *count)
{
	*count = sizeof figures / sizeof figures[0];
	return figures;
}
