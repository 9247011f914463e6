/*
 * fig_points.c - the sampled feasible designs of each format, coloured by
 * array rows, under that format's Pareto staircase: one panel per format
 * on a grid, one colour box, one key.
 */
#include <math.h>
#include <stdio.h>

#include "plot_impl.h"

/* Characters of the y tick labels ("1000"). */
#define TICK_CHARS 4.0

/* The panel grid: one panel per format with designs, a colour box right
   of them (the box, a gap, tick labels "256" and its label). */
static void points_layout(const struct plot_input *in,
			  const struct plot_page *page, struct plot_grid *l)
{
	size_t k, panels = 0;

	for (k = 0; k < in->nformats; k++)
		panels += in->frontier[k].n > 0;
	/* dse_plot_write refuses a folder without designs: panels >= 1 */
	plot_grid_layout(page, panels, TICK_CHARS,
			 page->font_pt / 72 * (1.0 + 0.5 + 4 * 0.7 + 1.5), 1, l);
}

/* Sampled designs, then frontiers (run on to the axis end), of each format. */
static struct plot_range points_xrange(const struct plot_input *in,
				       struct plot_range *y)
{
	struct plot_range x = PLOT_RANGE_EMPTY;
	size_t i;

	for (i = 0; i < in->nsample; i++) {
		plot_range_add(&x, in->sample[i].latency_us);
		plot_range_add(y, in->sample[i].throughput_tops);
	}
	plot_designs_add(&x, y, in->frontier, in->nformats);
	return plot_log_pad(x);
}

/* Sampled designs, then frontiers, of each format. */
int plot_points_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page)
{
	struct plot_range y = PLOT_RANGE_EMPTY, x = points_xrange(in, &y);
	size_t k, i, n;

	(void)page;
	plot_data_head(f, "points",
		       "k < F: sampled feasible designs of format k; F + k: frontier of\n"
		       "# format k, then a row at the axis end (the staircase runs on to it)",
		       "latency_us throughput_tops rows");
	for (k = 0; k < in->nformats; k++) {
		fprintf(f, "# index %zu: sample ", k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		for (i = 0, n = 0; i < in->nsample; i++) {
			const struct plot_sample *s = &in->sample[i];

			if (s->format != k)
				continue;
			fprintf(f, "%.6g %.6g %g\n", s->latency_us,
				s->throughput_tops, s->rows);
			n++;
		}
		plot_end_block(f, n, 3);
	}
	for (k = 0; k < in->nformats; k++) {
		const struct plot_designs *ds = &in->frontier[k];

		fprintf(f, "# index %zu: frontier ", in->nformats + k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		for (i = 0; i < ds->n; i++)
			fprintf(f, "%.6g %.6g %g\n", ds->d[i].latency_us,
				ds->d[i].throughput_tops, ds->d[i].rows);
		if (ds->n > 0)
			fprintf(f, "%g %.6g NaN\n", x.hi,
				ds->d[ds->n - 1].throughput_tops);
		plot_end_block(f, ds->n, 3);
	}
	return plot_status(f);
}

/* Designs of format k in the sample. */
static size_t sample_count(const struct plot_input *in, size_t k)
{
	size_t i, n = 0;

	for (i = 0; i < in->nsample; i++)
		n += in->sample[i].format == k;
	return n;
}

/* Panel p (format k): place, title, its sample and its staircase. */
static void points_panel(FILE *f, const struct plot_input *in,
			 const struct plot_page *page, size_t k, size_t p,
			 const struct plot_grid *l)
{
	struct plot_box b = plot_grid_box(page, l, p);
	char count[40], name[64];
	int first = 1;

	fprintf(f, "\n\t# panel %zu: ", p + 1);
	plot_gp_comment(f, in->format[k]);
	fputc('\n', f);
	plot_margins(f, page, l->height_in, &b);
	plot_ylabel(f, page, l->height_in, &b, TICK_CHARS, "TOp/s");
	plot_xlabel(f, page, l->height_in, &b, "latency (µs)");
	fputs("\tset label 902 ", f);
	plot_gp_stringf(f, "%s (%s)", plot_label(in->format[k], name, sizeof name),
			dse_format_count((double)sample_count(in, k), count,
					 sizeof count));
	fprintf(f, " at screen %.4f, screen %.4f center front\n",
		(b.x0 + b.x1) / 2 / page->width_in,
		(b.y1 + l->line * 0.6) / l->height_in);
	if (sample_count(in, k) > 0) {
		plot_clause(f, &first);
		fprintf(f, "'plot-points.dat' index %zu using 1:2:3 with points pt 7 ps 0.25 lw 0.2 lc palette title 'sampled design'",
			k);
	}
	plot_clause(f, &first);
	fprintf(f, "'plot-points.dat' index %zu using 1:2 with steps lw 3.5 lc rgb \"white\" notitle", in->nformats + k);
	plot_clause(f, &first);
	fprintf(f, "'plot-points.dat' index %zu using 1:2 with steps lw 1.4 lc rgb \"black\" title 'Pareto frontier'\n",
		in->nformats + k);
	if (p == 0) { /* one key, one colour box, one title for every panel */
		fputs("\tunset key\n\tunset colorbox\n", f);
		plot_untitle(f, page);
	}
}

/* Tic step of a log colour axis from lo to hi with room for `labels`. */
static double cb_step(double lo, double hi, double labels)
{
	static const double steps[] = { 2, 4, 10, 100 };
	size_t i;

	for (i = 0; i < 3; i++)
		if (log(hi / lo) / log(steps[i]) + 1 <= labels)
			break;
	return steps[i];
}

/* One log-log scatter panel per format, coloured by rows; one colour box. */
int plot_points_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in, const struct plot_page *page)
{
	struct plot_range y = PLOT_RANGE_EMPTY, x = points_xrange(in, &y),
			  c = PLOT_RANGE_EMPTY;
	struct plot_grid l;
	struct plot_box first_box, last_box;
	char headline[200], a[40], b[40];
	size_t k, i, p;

	for (i = 0; i < in->nsample; i++)
		plot_range_add(&c, in->sample[i].rows);
	if (c.lo > c.hi)
		c.lo = c.hi = 1;
	if (c.hi <= c.lo)
		c.hi = 2 * c.lo;
	points_layout(in, page, &l);
	first_box = plot_grid_box(page, &l, 0);
	last_box = plot_grid_box(page, &l, (l.rows - 1) * l.cols);
	plot_script_head(f, fig, page, l.height_in);
	if (in->feasible > 0)
		snprintf(headline, sizeof headline,
			 "Feasible designs (a uniform sample of %s of %s) and Pareto frontiers",
			 dse_format_count((double)in->nsample, a, sizeof a),
			 dse_format_count(in->feasible, b, sizeof b));
	else
		snprintf(headline, sizeof headline,
			 "Feasible designs (a uniform sample of %s) and Pareto frontiers",
			 dse_format_count((double)in->nsample, a, sizeof a));
	fprintf(f, "\n# %zu panels, %zu across, each with its axis labels and tics\n"

		   "set cblabel 'array rows'\n"
		   "set logscale xycb\n"
		   "set format cb '%%g'\n",
		l.panels, l.cols);
	plot_log_axis(f, page, "x", x, first_box.x1 - first_box.x0, 1);
	plot_log_axis(f, page, "y", plot_log_pad(y), first_box.y1 - first_box.y0, 0);
	fprintf(f, "set cbrange [%g:%g]\nset cbtics %g\nset mcbtics 1\n", c.lo,
		c.hi, cb_step(c.lo, c.hi, (first_box.y1 - last_box.y0) / l.line / 1.3));
	fputs("set palette defined (0 \"#440154\", 1 \"#414487\", 2 \"#2a788e\", 3 \"#22a884\", 4 \"#7ad151\", 5 \"#fde725\")  # viridis\n", f);
	plot_loop_begin(f);
	fputs("\t# one colour box right of the panels, one key below them\n", f);
	fprintf(f, "\tset colorbox user origin screen %.4f, screen %.4f size screen %.4f, screen %.4f\n",
		(page->width_in - l.right) / page->width_in,
		last_box.y0 / l.height_in,
		page->font_pt / 72 / page->width_in,
		(first_box.y1 - last_box.y0) / l.height_in);
	fprintf(f, "\tset key at screen 0.5, screen %.4f center center vertical maxrows 1 Left reverse width %d\n",
		l.key / 2 / l.height_in, plot_key_width(15));
	fputs("\tset multiplot\n", f);
	plot_title(f, page, l.height_in, headline, in);
	for (k = 0, p = 0; k < in->nformats; k++)
		if (in->frontier[k].n > 0)
			points_panel(f, in, page, k, p++, &l);
	fputs("\tunset multiplot\n", f);
	plot_loop_end(f);
	return plot_status(f);
}
