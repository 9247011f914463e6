/*
 * fig_accuracy.c - accuracy against throughput: at one latency bound (50
 * us when the study has it, else its tightest), each format's best
 * throughput against its accuracy figure (the measured accuracy, else the
 * SQNR proxy), one labelled point per format, the formats no other beats
 * in both joined as the frontier of formats.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/* The bound the figure is drawn at, when the study has it (us). */
#define ACCURACY_BOUND_US 50.0

/* A folder with an accuracy figure, bounds and so a best per bound. */
int plot_accuracy_wanted(const struct plot_input *in)
{
	return in->has_frontier && in->has_accuracy && in->nbounds > 0;
}

/* The index of the bound drawn: 50 us if there, else the smallest. */
static size_t accuracy_bound(const struct plot_input *in)
{
	size_t i, lo = 0;

	for (i = 0; i < in->nbounds; i++) {
		if (in->bound_us[i] == ACCURACY_BOUND_US)
			return i;
		if (in->bound_us[i] < in->bound_us[lo])
			lo = i;
	}
	return lo;
}

/* Format k's best throughput at the bound drawn; 0 when it has none or no
   accuracy figure. */
static double accuracy_tops(const struct plot_input *in, size_t k)
{
	double t = in->best_tops[accuracy_bound(in) * in->nformats + k];

	return isfinite(in->accuracy[k]) && t > 0 ? t : 0;
}

/* 1 when format j is at least as good as i in both and better in one. */
static int beats(const struct plot_input *in, size_t j, size_t i)
{
	double aj = in->accuracy[j], ai = in->accuracy[i];
	double tj = accuracy_tops(in, j), ti = accuracy_tops(in, i);
	int ge = in->accuracy_up ? aj >= ai : aj <= ai;

	return ge && tj >= ti && (aj != ai || tj > ti);
}

/* 1 when format k is drawn and no other drawn format beats it. */
static int on_frontier(const struct plot_input *in, size_t k)
{
	size_t j;

	if (accuracy_tops(in, k) <= 0)
		return 0;
	for (j = 0; j < in->nformats; j++)
		if (j != k && accuracy_tops(in, j) > 0 && beats(in, j, k))
			return 0;
	return 1;
}

/* Per format its point; then the frontier of formats by accuracy. */
int plot_accuracy_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page)
{
	size_t k, j, n = 0, F = in->nformats, order[DSE_STUDY_MAX_FORMATS];

	(void)page;
	plot_data_head(f, "accuracy",
		       "k < F: format k's figure and best throughput at the bound drawn;\n"
		       "# F: the formats on the frontier (none beats them in both), by figure",
		       "figure throughput_tops");
	fprintf(f, "# bound: %g us; figure: ", in->bound_us[accuracy_bound(in)]);
	plot_gp_comment(f, in->accuracy_origin);
	fputc('\n', f);
	for (k = 0; k < F; k++) {
		fprintf(f, "# index %zu: ", k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		if (accuracy_tops(in, k) > 0)
			fprintf(f, "%.6g %.6g\n", in->accuracy[k],
				accuracy_tops(in, k));
		plot_end_block(f, accuracy_tops(in, k) > 0, 2);
	}
	/* insertion sort of the frontier's formats by figure (at most 16) */
	for (k = 0; k < F && k < DSE_STUDY_MAX_FORMATS; k++) {
		if (!on_frontier(in, k))
			continue;
		for (j = n++; j > 0 && in->accuracy[order[j - 1]] > in->accuracy[k]; j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	fprintf(f, "# index %zu: frontier of formats\n", F);
	for (j = 0; j < n; j++)
		fprintf(f, "%.6g %.6g\n", in->accuracy[order[j]],
			accuracy_tops(in, order[j]));
	plot_end_block(f, n, 2);
	return plot_status(f);
}

/* The highest throughput drawn at figure <= x_max. */
static double accuracy_top(const struct plot_input *in, double x_max)
{
	double top = 0;
	size_t k;

	for (k = 0; k < in->nformats; k++)
		if (accuracy_tops(in, k) > top && in->accuracy[k] <= x_max)
			top = accuracy_tops(in, k);
	return top;
}

/* "sqnr (dB), proxy: GEMM-output SQNR at the workload's K, gaussian": the
   x label, the origin up to its parenthesis, or its first word, or none,
   whichever fits across the page. */
static void accuracy_xlabel(const struct plot_input *in,
			    const struct plot_page *page, char *buf,
			    size_t len)
{
	const char *o = in->accuracy_origin;
	const double fit = plot_chars(page, page->width_in) - 4;
	size_t cut = strcspn(o, "("), head;

	while (cut > 0 && o[cut - 1] == ' ')
		cut--;
	head = plot_label_chars(in->accuracy_name) + strlen(in->accuracy_unit) + 5;
	if ((double)(head + cut) > fit)
		cut = strcspn(o, ":");
	if ((double)(head + cut) > fit)
		cut = 0;
	snprintf(buf, len, "%s%s%s%s%s%.*s", in->accuracy_name,
		 in->accuracy_unit[0] ? " (" : "", in->accuracy_unit,
		 in->accuracy_unit[0] ? ")" : "", cut ? ", " : "", (int)cut, o);
}

/* 1 when a format close to k (within a tenth of the x range and a fifth
   of a decade) lies right of it, where k's label would run over it. */
static int crowded(const struct plot_input *in, size_t k, struct plot_range x)
{
	size_t j;

	for (j = 0; j < in->nformats; j++)
		if (j != k && accuracy_tops(in, j) > 0 &&
		    in->accuracy[j] >= in->accuracy[k] &&
		    in->accuracy[j] - in->accuracy[k] < 0.1 * (x.hi - x.lo) &&
		    fabs(log10(accuracy_tops(in, j) / accuracy_tops(in, k))) < 0.2)
			return 1;
	return 0;
}

/* A linear figure axis, a log throughput axis, labelled points. */
int plot_accuracy_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in,
			 const struct plot_page *page)
{
	struct plot_range x = PLOT_RANGE_EMPTY, y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char name[64], head[200], xlabel[PLOT_TEXT_MAX];
	size_t k, F = in->nformats, tag = 0, beaten = 0;
	double pad;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.x_linear = 1;
	one.no_guides = 1;
	/* a single column's page has no room for a key among the points */
	one.key_below = page->paper;
	for (k = 0; k < F; k++)
		beaten += accuracy_tops(in, k) > 0 && !on_frontier(in, k);
	for (k = 0; k < F; k++)
		if (accuracy_tops(in, k) > 0) {
			/* plot_range_add keeps positive values: a figure may
			   be 0 or negative, so widen by hand */
			x.lo = fmin(x.lo, in->accuracy[k]);
			x.hi = fmax(x.hi, in->accuracy[k]);
			plot_range_add(&y, accuracy_tops(in, k));
		}
	if (x.lo > x.hi)
		x.lo = 0, x.hi = 1;
	pad = x.hi > x.lo ? 0.12 * (x.hi - x.lo) : 1;
	x.lo -= pad;
	x.hi += pad;
	plot_single_layout(page, in, x, y, beaten ? 2 : 1,
			   strlen(beaten ? "beaten in both by another" : "frontier of formats"), 0,
			   accuracy_top, &one);
	plot_script_head(f, fig, page, one.height_in);
	plot_format_styles(f, in);
	fputs("set style line 90 lc rgb \"#444444\" lw 1.2 dt 2  # the frontier\n"
	      "\nset logscale y\n", f);
	snprintf(head, sizeof head, "Best throughput under %g µs against %s",
		 in->bound_us[accuracy_bound(in)], in->accuracy_name);
	accuracy_xlabel(in, page, xlabel, sizeof xlabel);
	plot_single_write(f, page, in, head, xlabel, "best throughput (TOp/s)",
			  &one);
	for (k = 0; k < F; k++) {
		if (accuracy_tops(in, k) <= 0)
			continue;
		fprintf(f, "set label %zu ", ++tag);
		plot_gp_string(f, plot_label(in->format[k], name, sizeof name));
		/* right of the point; left of it when another is close on its
		   right, or below it when that would leave the left edge */
		fprintf(f, " at %.6g, %.6g %s front\n", in->accuracy[k],
			accuracy_tops(in, k), !crowded(in, k, one.x) ?
				"left offset char 0.8, 0.6" :
			in->accuracy[k] - one.x.lo < 0.25 * (one.x.hi - one.x.lo) ?
				"center offset char 0, -1.3" :
				"right offset char -0.8, 0.6");
	}
	plot_loop_begin(f);
	plot_clause(f, &first);
	fprintf(f, "'plot-accuracy.dat' index %zu using 1:2 with lines ls 90 title 'frontier of formats'",
		F);
	if (beaten) {
		plot_clause(f, &first);
		fputs("NaN with points ls 90 pt 6 title 'beaten in both by another'", f);
	}
	for (k = 0; k < F; k++) {
		if (accuracy_tops(in, k) <= 0)
			continue;
		plot_clause(f, &first);
		/* the frontier's formats filled, the others open */
		fprintf(f, "'plot-accuracy.dat' index %zu using 1:2 with points ls %zu ps 1.4 notitle",
			k, on_frontier(in, k) ? k + 1 : 101 + k);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}
