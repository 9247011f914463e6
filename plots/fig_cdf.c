/*
 * fig_cdf.c - the latency distribution of a design under load (dse serve
 * -o), at one load per policy (the sweep's middle one): the fraction of
 * requests slower than each latency, on log axes so that p99 (0.01) and
 * p99.9 (0.001) stand apart, with the SLO as a line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The run of policy p drawn: its distribution, at the middle load. */
static const struct plot_serve_run *cdf_run(const struct plot_serve *s,
					    size_t p)
{
	const struct plot_serve_run *pick = NULL;
	size_t i, n = 0, k = 0;

	for (i = 0; i < s->nruns; i++)
		n += s->run[i].policy == p && s->run[i].has_cdf;
	for (i = 0; i < s->nruns; i++)
		if (s->run[i].policy == p && s->run[i].has_cdf && k++ == n / 2)
			pick = &s->run[i];
	return pick;
}

/* Whether any policy has a distribution to draw. */
static int any_cdf(const struct plot_serve *s)
{
	size_t p;

	for (p = 0; p < s->npolicy; p++)
		if (cdf_run(s, p))
			return 1;
	return 0;
}

/* The highest fraction drawn at latency <= x_max: 1, the first point. */
static double cdf_top(const struct plot_input *in, double x_max)
{
	(void)in;
	(void)x_max;
	return 1;
}

/* Per policy: latency and the fraction of requests slower. */
int plot_cdf_data(FILE *f, const struct plot_input *in,
		  const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	size_t p, i;

	(void)page;
	plot_data_head(f, "cdf",
		       "p: policy p at its middle load: latency, fraction of requests slower",
		       "latency_us fraction_slower");
	for (p = 0; p < s->npolicy; p++) {
		const struct plot_serve_run *r = cdf_run(s, p);

		fprintf(f, "# index %zu: ", p);
		plot_gp_comment(f, s->policy[p]);
		if (r)
			fprintf(f, " at load %g", r->load);
		fputc('\n', f);
		for (i = 0; r && i < DSE_SERVE_CDF_POINTS; i++)
			fprintf(f, "%.6g %.6g\n", r->cdf_us[i],
				1 - dse_serve_cdf_p((unsigned)i));
		plot_end_block(f, r ? DSE_SERVE_CDF_POINTS : 0, 2);
	}
	return plot_status(f);
}

/* Log-log steps per policy, the SLO and p99 as grey guides. */
int plot_cdf_script(FILE *f, const struct plot_figure *fig,
		    const struct plot_input *in, const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	struct plot_range x = PLOT_RANGE_EMPTY, y = { 1e-4, 1 };
	struct plot_single one;
	char name[64], head[300];
	size_t p, i, longest = 12;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.no_guides = 1;
	one.key_below = 1; /* the curves start at the top left */
	for (p = 0; p < s->npolicy; p++) {
		const struct plot_serve_run *r = cdf_run(s, p);
		size_t c = plot_label_chars(s->policy[p]) + 12;

		for (i = 0; r && i < DSE_SERVE_CDF_POINTS; i++)
			plot_range_add(&x, r->cdf_us[i]);
		if (c > longest)
			longest = c;
	}
	if (s->slo_us > 0)
		plot_range_add(&x, s->slo_us);
	plot_single_layout(page, in, plot_log_pad(x), y,
			   s->npolicy + (s->slo_us > 0), longest, 0, cdf_top, &one);
	/* exactly 1 down to 10^-4, the distribution's range, and room for
	   its longest tick label, "0.0001" */
	one.y = y;
	one.tick_chars = 6;
	one.box.x0 = plot_left_in(page, one.tick_chars);
	plot_script_head(f, fig, page, one.height_in);
	fputs("\n# Line styles: policy p is style p + 1.\n", f);
	plot_series_styles(f, s->policy, s->npolicy);
	fputs("set style line 91 lc rgb \"#999999\" lw 1 dt 4  # the SLO\n"
	      "\nset logscale xy\n", f);
	snprintf(head, sizeof head, "Latency distribution under load: %s", s->design);
	plot_single_write(f, page, in, head, "latency (µs)",
			  "fraction of requests slower", &one);
	if (s->slo_us > 0)
		fprintf(f, "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead ls 91\n",
			s->slo_us, s->slo_us);
	plot_loop_begin(f);
	for (p = 0; p < s->npolicy; p++) {
		const struct plot_serve_run *r = cdf_run(s, p);

		if (r == NULL)
			continue;
		plot_clause(f, &first);
		fprintf(f, "'plot-cdf.dat' index %zu using 1:2 with steps ls %zu title ",
			p, p + 1);
		plot_gp_stringf(f, "%s, load %.3g", plot_label(s->policy[p], name, sizeof name),
				r->load);
	}
	if (s->slo_us > 0) {
		plot_clause(f, &first);
		fputs("NaN with lines ls 91 title ", f);
		plot_gp_stringf(f, "SLO %g µs", s->slo_us);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}

/* The figure table's test: a serving folder with a distribution. */
int plot_cdf_wanted(const struct plot_input *in)
{
	return in->has_serve && any_cdf(&in->serve);
}
