/*
 * fig_training.c - a design serving and training in its idle cycles (dse
 * serve --loads --train): per policy, a panel with the served throughput
 * and on top of it the trained throughput, stacked against the load, and
 * the design's dedicated training throughput as a dashed line (what the
 * trained share is a fraction of).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* Characters of the y tick labels ("250"). */
#define TICK_CHARS 4.0

/* The key's entries, in the order drawn. */
static const char *const keys[] = {
	"inference served", "training in idle cycles", "training alone",
};
#define NKEYS (sizeof keys / sizeof keys[0])
#define KEY_CHARS 23 /* the longest */

/* The step of the load tics that fit a plot width_in wide: labels
   ("0.2") of 3 characters with half a character between them. */
static double load_step(const struct plot_page *page, double width_in,
			double x_hi)
{
	static const double steps[] = { 0.1, 0.2, 0.5, 1 };
	size_t i;

	for (i = 0; i + 1 < sizeof steps / sizeof steps[0]; i++)
		if ((x_hi / steps[i] + 1) * 3.5 <= plot_chars(page, width_in))
			break;
	return steps[i] * (x_hi > 1 ? ceil(x_hi) : 1);
}

/* Runs of policy p with training, and whether any policy has two. */
static size_t trained_runs(const struct plot_serve *s, size_t p)
{
	size_t i, n = 0;

	for (i = 0; i < s->nruns; i++)
		n += s->run[i].policy == p && s->run[i].has_train;
	return n;
}

/* A serving folder with a load sweep that trained. */
int plot_training_wanted(const struct plot_input *in)
{
	size_t p;

	for (p = 0; in->has_serve && p < in->serve.npolicy; p++)
		if (trained_runs(&in->serve, p) >= 2)
			return 1;
	return 0;
}

/* Policies drawn: those with two trained runs or more. */
static size_t panels(const struct plot_serve *s)
{
	size_t p, n = 0;

	for (p = 0; p < s->npolicy; p++)
		n += trained_runs(s, p) >= 2;
	return n;
}

/* Per policy: load, served TOp/s, served + trained TOp/s, dedicated. */
int plot_training_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	size_t p, i, n;

	(void)page;
	plot_data_head(f, "training",
		       "p: policy p, its runs with training by load",
		       "load inference_tops stacked_tops dedicated_train_tops");
	for (p = 0; p < s->npolicy; p++) {
		fprintf(f, "# index %zu: ", p);
		plot_gp_comment(f, s->policy[p]);
		fputc('\n', f);
		for (i = 0, n = 0; i < s->nruns; i++) {
			const struct plot_serve_run *r = &s->run[i];

			if (r->policy != p || !r->has_train)
				continue;
			fprintf(f, "%.6g %.6g %.6g %.6g\n", r->load, r->infer_tops,
				r->infer_tops + r->train_tops, r->dedicated_tops);
			n++;
		}
		plot_end_block(f, n, 4);
	}
	return plot_status(f);
}

/* Panel k (policy p): place, title, the two stacked areas, the line. */
static void training_panel(FILE *f, const struct plot_input *in,
			   const struct plot_page *page, size_t p, size_t k,
			   const struct plot_grid *g)
{
	struct plot_box b = plot_grid_box(page, g, k);
	char name[64];
	int first = 1;

	fprintf(f, "\n\t# panel %zu: ", k + 1);
	plot_gp_comment(f, in->serve.policy[p]);
	fputc('\n', f);
	plot_margins(f, page, g->height_in, &b);
	plot_ylabel(f, page, g->height_in, &b, TICK_CHARS, "throughput (TOp/s)");
	plot_xlabel(f, page, g->height_in, &b, "load (λ / C)");
	fputs("\tset label 902 ", f);
	plot_gp_string(f, plot_label(in->serve.policy[p], name, sizeof name));
	fprintf(f, " at screen %.4f, screen %.4f center front\n",
		(b.x0 + b.x1) / 2 / page->width_in,
		(b.y1 + g->line * 0.6) / g->height_in);
	plot_clause(f, &first);
	fprintf(f, "'plot-training.dat' index %zu using 1:(0):2 with filledcurves ls 1 title '%s'", p, keys[0]);
	plot_clause(f, &first);
	fprintf(f, "'plot-training.dat' index %zu using 1:2:3 with filledcurves ls 2 title '%s'", p, keys[1]);
	plot_clause(f, &first);
	fprintf(f, "'plot-training.dat' index %zu using 1:3 with lines ls 3 notitle", p);
	plot_clause(f, &first);
	fprintf(f, "'plot-training.dat' index %zu using 1:4 with lines ls 4 title '%s'\n", p, keys[2]);
	if (k == 0) { /* one key and one title for every panel */
		fputs("\tunset key\n", f);
		plot_untitle(f, page);
	}
}

/* One linear panel per policy on a grid; one key below them. */
int plot_training_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in,
			 const struct plot_page *page)
{
	const struct plot_serve *s = &in->serve;
	struct plot_grid g;
	struct plot_key_room room = plot_key_room(page, NKEYS, KEY_CHARS, 0,
						  page->width_in, 1);
	struct plot_box b;
	char head[300];
	double top = 0, x_hi = 1;
	size_t i, p, k;

	for (i = 0; i < s->nruns; i++) {
		const struct plot_serve_run *r = &s->run[i];

		if (!r->has_train)
			continue;
		if (r->infer_tops + r->train_tops > top)
			top = r->infer_tops + r->train_tops;
		if (r->dedicated_tops > top)
			top = r->dedicated_tops;
		if (r->load > x_hi)
			x_hi = ceil(r->load * 10) / 10;
	}
	if (!(top > 0))
		top = 1;
	plot_grid_layout(page, panels(s), TICK_CHARS, 0, room.rows, &g);
	b = plot_grid_box(page, &g, 0);
	plot_script_head(f, fig, page, g.height_in);
	fputs("\n# Styles: served (blue), trained on top (red), their sum, dedicated training\n"
	      "set style fill transparent solid 0.45 noborder\n"
	      "set style line 1 lc rgb \"#4477aa\"\n"
	      "set style line 2 lc rgb \"#ee6677\"\n"
	      "set style line 3 lc rgb \"#aa3377\" lw 1.4\n"
	      "set style line 4 lc rgb \"#444444\" lw 1.2 dt 2\n", f);
	fprintf(f, "\n# %zu panels, %zu across, each with its axis labels and tics\n"
		   "set xrange [0:%g]\nset yrange [0:%.6g]\n"
		   "set xtics %g\nset mxtics 2\nset mytics 2\n",
		g.panels, g.cols, x_hi, top * 1.08,
		load_step(page, b.x1 - b.x0, x_hi));
	snprintf(head, sizeof head,
		 "Serving and training in the idle cycles against load: %s",
		 s->design);
	plot_loop_begin(f);
	fprintf(f, "\tset key at screen 0.5, screen %.4f center center vertical maxrows %zu Left reverse width %d\n",
		g.key / 2 / g.height_in, room.rows, plot_key_width(KEY_CHARS));
	fputs("\tset multiplot\n", f);
	plot_title(f, page, g.height_in, head, in);
	for (p = 0, k = 0; p < s->npolicy; p++)
		if (trained_runs(s, p) >= 2)
			training_panel(f, in, page, p, k++, &g);
	fputs("\tunset multiplot\n", f);
	plot_loop_end(f);
	return plot_status(f);
}
