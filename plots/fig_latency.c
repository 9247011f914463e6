/*
 * fig_latency.c - a design under load (dse serve --loads): the latency
 * percentiles p50, p99 and p99.9 against the load, one colour per
 * batching policy, one dash per percentile, and the SLO as a line.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The percentiles drawn: the run's field, its dash and its name. */
static const struct {
	size_t offset;
	const char *dash, *name;
} pcts[] = {
	{ offsetof(struct plot_serve_run, p50_us), "1", "p50" },
	{ offsetof(struct plot_serve_run, p99_us), "2", "p99" },
	{ offsetof(struct plot_serve_run, p999_us), "3", "p99.9" },
};

#define NPCTS (sizeof pcts / sizeof pcts[0])

/* A percentile of a run. */
static double pct(const struct plot_serve_run *r, size_t i)
{
	return *(const double *)(const void *)((const char *)r + pcts[i].offset);
}

/* The highest latency drawn at load <= x_max, the SLO included. */
static double latency_top(const struct plot_input *in, double x_max)
{
	double top = in->serve.slo_us;
	size_t i;

	for (i = 0; i < in->serve.nruns; i++)
		if (in->serve.run[i].load <= x_max &&
		    in->serve.run[i].p999_us > top)
			top = in->serve.run[i].p999_us;
	return top;
}

/* Per policy, per percentile: latency against load. */
int plot_latency_data(FILE *f, const struct plot_input *in,
		      const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	size_t p, i, j, n;

	(void)page;
	plot_data_head(f, "latency",
		       "3p + j: policy p, percentile j (p50, p99, p99.9) against the load",
		       "load latency_us");
	for (p = 0; p < s->npolicy; p++)
		for (j = 0; j < NPCTS; j++) {
			fprintf(f, "# index %zu: %s ", NPCTS * p + j, pcts[j].name);
			plot_gp_comment(f, s->policy[p]);
			fputc('\n', f);
			for (i = 0, n = 0; i < s->nruns; i++)
				if (s->run[i].policy == p) {
					fprintf(f, "%.6g %.6g\n", s->run[i].load,
						pct(&s->run[i], j));
					n++;
				}
			plot_end_block(f, n, 2);
		}
	return plot_status(f);
}

/* A linear load axis, a log latency axis, the SLO as a grey line. */
int plot_latency_script(FILE *f, const struct plot_figure *fig,
			const struct plot_input *in, const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	struct plot_range x = PLOT_RANGE_EMPTY, y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char name[64], head[300];
	size_t p, i, j, longest = 5;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.x_linear = 1;
	one.no_guides = 1;
	for (i = 0; i < s->nruns; i++) {
		plot_range_add(&x, s->run[i].load);
		for (j = 0; j < NPCTS; j++)
			plot_range_add(&y, pct(&s->run[i], j));
	}
	if (s->slo_us > 0)
		plot_range_add(&y, s->slo_us);
	x.lo = 0;
	x.hi = x.hi < 1 ? 1 : ceil(x.hi * 10) / 10;
	for (p = 0; p < s->npolicy; p++)
		if (plot_label_chars(s->policy[p]) > longest)
			longest = plot_label_chars(s->policy[p]);
	plot_single_layout(page, in, x, y, s->npolicy + NPCTS + (s->slo_us > 0),
			   longest, 0, latency_top, &one);
	plot_script_head(f, fig, page, one.height_in);
	fputs("\n# Line styles: policy p is style p + 1 (its colour).\n", f);
	plot_series_styles(f, s->policy, s->npolicy);
	fputs("set style line 90 lc rgb \"#444444\" lw 1.2  # key of the percentiles\n"
	      "set style line 91 lc rgb \"#999999\" lw 1 dt 4  # the SLO\n"
	      "\nset logscale y\n", f);
	snprintf(head, sizeof head, "Latency percentiles against load: %s", s->design);
	plot_single_write(f, page, in, head, "load (arrival rate / capacity C)",
			  "latency (µs)", &one);
	plot_loop_begin(f);
	for (p = 0; p < s->npolicy; p++)
		for (j = 0; j < NPCTS; j++) {
			plot_clause(f, &first);
			fprintf(f, "'plot-latency.dat' index %zu using 1:2 with linespoints ls %zu dt %s notitle",
				NPCTS * p + j, p + 1, pcts[j].dash);
		}
	for (p = 0; p < s->npolicy; p++) { /* the key: a colour per policy */
		plot_clause(f, &first);
		fprintf(f, "NaN with linespoints ls %zu dt 1 title ", p + 1);
		plot_gp_string(f, plot_label(s->policy[p], name, sizeof name));
	}
	for (j = 0; j < NPCTS; j++) { /* and a dash per percentile */
		plot_clause(f, &first);
		fprintf(f, "NaN with lines ls 90 dt %s title ", pcts[j].dash);
		plot_gp_string(f, pcts[j].name);
	}
	if (s->slo_us > 0) {
		plot_clause(f, &first);
		fprintf(f, "%.6g with lines ls 91 title ", s->slo_us);
		plot_gp_stringf(f, "SLO %g µs", s->slo_us);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
