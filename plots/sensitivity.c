/*
 * sensitivity.c - the figures of a sensitivity run (dse sensitivity):
 *  band:    per format, the best throughput under a latency bound at the
 *           technology's values, with the median and 5-95 % band of the
 *           samples;
 *  tornado: one figure with each uncertain constant at the ends of its
 *           range, the others at their values, largest swing on top;
 *  ratios:  the ratio of each format to the baseline at each bound over
 *           the samples: dots, quartile box, 5-95 % whiskers, median.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"

/* Bars of the tornado drawn at most; the others are said in a note. */
#define TORNADO_BARS_MAX 16
/* Vertical room per bar of the tornado and per ratio box, lines of text. */
#define BAR_LINES 1.5
/* Colours of the tornado's two ends (Okabe & Ito) and of the samples. */
#define LOW_COLOR "#0072B2"
#define HIGH_COLOR "#D55E00"
#define DOT_COLOR "#888888"

/* A sensitivity folder (sensitivity.json). */
int plot_sens_wanted(const struct plot_input *in)
{
	return in->has_sens;
}

/* Band curve j (0 values, 1 p5, 2 median, 3 p95) of format k at grid g. */
static double band(const struct plot_sens *s, size_t k, size_t g, size_t j)
{
	return s->band[(k * s->ngrid + g) * 4 + j];
}

/* The positive values of the band, and the grid. */
static void band_ranges(const struct plot_sens *s, struct plot_range *x,
			struct plot_range *y)
{
	size_t k, g, j;

	for (g = 0; g < s->ngrid; g++)
		plot_range_add(x, s->grid_us[g]);
	for (k = 0; k < s->nformats; k++)
		for (g = 0; g < s->ngrid; g++)
			for (j = 0; j < 4; j++)
				if (band(s, k, g, j) > 0)
					plot_range_add(y, band(s, k, g, j));
}

/* The highest 95 % at a latency <= x_max (what a key inside covers). */
static double band_top(const struct plot_input *in, double x_max)
{
	const struct plot_sens *s = &in->sens;
	double top = 0;
	size_t k, g;

	for (k = 0; k < s->nformats; k++)
		for (g = 0; g < s->ngrid && s->grid_us[g] <= x_max; g++)
			if (band(s, k, g, 3) > top)
				top = band(s, k, g, 3);
	return top;
}

/* A band value as data: NaN for none, the axis' bottom for a lower edge
   below it (so the band reaches down to where designs run out). */
static void put_value(FILE *f, double v, double bottom)
{
	if (!(v > 0))
		fprintf(f, bottom > 0 ? " %.6g" : " NaN", bottom);
	else
		fprintf(f, " %.6g", v);
}

/* Per format: latency, at the values, 5 %, median, 95 %. */
int plot_band_data(FILE *f, const struct plot_input *in,
		   const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	struct plot_range x = PLOT_RANGE_EMPTY, y = PLOT_RANGE_EMPTY;
	double bottom;
	size_t k, g, n;

	(void)page;
	band_ranges(s, &x, &y);
	bottom = plot_log_pad(y).lo;
	plot_data_head(f, "band",
		       "k: format k on the latency grid (none: NaN; a 5 % below the axis\n"
		       "# is written at its bottom)",
		       "latency_us at_values_tops p5_tops median_tops p95_tops");
	for (k = 0; k < s->nformats; k++) {
		fprintf(f, "# index %zu: ", k);
		plot_gp_comment(f, s->format[k]);
		fputc('\n', f);
		for (g = 0, n = 0; g < s->ngrid; g++) {
			if (!(band(s, k, g, 3) > 0) && !(band(s, k, g, 0) > 0))
				continue;
			fprintf(f, "%.6g", s->grid_us[g]);
			put_value(f, band(s, k, g, 0), 0);
			put_value(f, band(s, k, g, 1), band(s, k, g, 3) > 0 ? bottom : 0);
			put_value(f, band(s, k, g, 2), 0);
			put_value(f, band(s, k, g, 3), 0);
			fputc('\n', f);
			n++;
		}
		plot_end_block(f, n, 5);
	}
	return plot_status(f);
}

/* Log-log: per format a shaded 5-95 % band, the median dashed, the
   values solid. */
int plot_band_script(FILE *f, const struct plot_figure *fig,
		     const struct plot_input *in, const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	struct plot_range x = PLOT_RANGE_EMPTY, y = PLOT_RANGE_EMPTY;
	struct plot_single one;
	char name[64], head[200];
	size_t k, longest = 0;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.no_guides = 1;
	band_ranges(s, &x, &y);
	longest = strlen("at the values");
	for (k = 0; k < s->nformats; k++)
		if (plot_label_chars(s->format[k]) > longest)
			longest = plot_label_chars(s->format[k]);
	plot_single_layout(page, in, plot_log_pad(x), y, s->nformats + 3,
			   longest, 0, band_top, &one);
	plot_script_head(f, fig, page, one.height_in);
	fputs("\n# Line styles: format k is style k.\n", f);
	plot_series_styles(f, s->format, s->nformats);
	fputs("\nset logscale xy\n", f);
	snprintf(head, sizeof head,
		 "Best throughput under a latency bound: at the values, median and 5–95 %% of %zu samples",
		 s->nsamples);
	plot_single_write(f, page, in, head, "latency bound (µs)",
			  "throughput (TOp/s)", &one);
	plot_loop_begin(f);
	/* a colour per format; what each line is, in black, once */
	for (k = 0; k < s->nformats; k++) {
		plot_clause(f, &first);
		fprintf(f, "'plot-band.dat' index %zu using 1:3:5 with filledcurves ls %zu fs transparent solid 0.2 noborder notitle",
			k, k + 1);
		plot_clause(f, &first);
		fprintf(f, "'plot-band.dat' index %zu using 1:4 with lines ls %zu dt 2 notitle",
			k, k + 1);
		plot_clause(f, &first);
		fprintf(f, "'plot-band.dat' index %zu using 1:2 with lines ls %zu dt 1 lw 2 title ",
			k, k + 1);
		plot_gp_string(f, plot_label(s->format[k], name, sizeof name));
	}
	plot_clause(f, &first);
	fputs("keyentry with lines lc rgb \"#000000\" dt 1 lw 2 title 'at the values'", f);
	plot_clause(f, &first);
	fputs("keyentry with lines lc rgb \"#000000\" dt 2 title 'median'", f);
	plot_clause(f, &first);
	fputs("keyentry with filledcurves lc rgb \"#000000\" fs transparent solid 0.2 noborder title '5–95 %'\n", f);
	plot_loop_end(f);
	return plot_status(f);
}

/* ---- tornado ---- */

/* The bars drawn: those with a swing, at most TORNADO_BARS_MAX (the file
   lists them largest swing first). */
static size_t tornado_drawn(const struct plot_sens *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->nbars && n < TORNADO_BARS_MAX; i++) {
		const struct plot_sens_bar *b = &s->bar[i];

		if (isfinite(b->at_lo) && isfinite(b->at_hi) && b->at_lo == b->at_hi)
			continue;
		if (isnan(b->at_lo) && isnan(b->at_hi))
			continue;
		n++;
	}
	return n;
}

/* 1 when bar i is drawn (tornado_drawn's rule). */
static int bar_drawn(const struct plot_sens_bar *b)
{
	return !(isfinite(b->at_lo) && isfinite(b->at_hi) && b->at_lo == b->at_hi) &&
	       !(isnan(b->at_lo) && isnan(b->at_hi));
}

/* Colours of the two ends as gnuplot's 0xRRGGBB integers. */
#define LOW_RGB 0x0072B2
#define HIGH_RGB 0xD55E00

/* The figure at the values as the bars' root (0 when undefined). */
static double tornado_root(const struct plot_sens *s)
{
	return isfinite(s->tornado_at_values) ? s->tornado_at_values : 0.0;
}

/*
 * Two data sets, a row per drawn bar, the top bar highest (y = n): first
 * each bar's farther end, then its nearer one (drawn over it, so that an
 * end hidden behind the other shows when both move the figure the same
 * way); columns y, the root, the figure at that end, its colour.
 */
int plot_tornado_data(FILE *f, const struct plot_input *in,
		      const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	const double v = tornado_root(s);
	size_t i, n = tornado_drawn(s), row, pass;

	(void)page;
	plot_data_head(f, "tornado",
		       "0: each drawn parameter's farther end, 1: its nearer end (y = n at\n"
		       "# the top, the largest swing); the figure there, NaN when undefined",
		       "y root_value end_value rgb");
	for (pass = 0; pass < 2; pass++) {
		fprintf(f, "# index %zu: %s ends of ", pass,
			pass ? "nearer" : "farther");
		plot_gp_comment(f, s->tornado);
		fputc('\n', f);
		for (i = 0, row = 0; i < s->nbars && row < n; i++) {
			const struct plot_sens_bar *b = &s->bar[i];
			double dlo = isfinite(b->at_lo) ? fabs(b->at_lo - v) : -1;
			double dhi = isfinite(b->at_hi) ? fabs(b->at_hi - v) : -1;
			int hi_far = dhi > dlo, hi = pass ? !hi_far : hi_far;

			if (!bar_drawn(b))
				continue;
			fprintf(f, "%zu %.6g", n - row++, v);
			put_value(f, hi ? b->at_hi : b->at_lo, 0);
			fprintf(f, " %d  # ", hi ? HIGH_RGB : LOW_RGB);
			plot_gp_comment(f, b->key);
			fputc('\n', f);
		}
		plot_end_block(f, row, 4);
	}
	return plot_status(f);
}

/* "ratio hbfp8_576/bf16 at 50 µs" from a figure's name
   ("kind:what@bound"), into buf; the name itself when it is not one. */
static const char *figure_text(const char *name, int ratio, char *buf,
			       size_t len)
{
	const char *colon = strchr(name, ':'), *at = strrchr(name, '@');

	if (colon == NULL || at == NULL || at < colon)
		snprintf(buf, len, "%s", name);
	else if (ratio)
		snprintf(buf, len, "ratio %.*s at %s µs",
			 (int)(at - colon - 1), colon + 1, at + 1);
	else if (strncmp(name, "tail:", 5) == 0)
		snprintf(buf, len, "tail capacity of %.*s at %s µs (TOp/s)",
			 (int)(at - colon - 1), colon + 1, at + 1);
	else
		snprintf(buf, len, "throughput of %.*s at %s µs (TOp/s)",
			 (int)(at - colon - 1), colon + 1, at + 1);
	return buf;
}

/* Grow a single plot's box (and figure) to rows * BAR_LINES lines. */
static void grow_for_rows(const struct plot_page *page, struct plot_single *one,
			  double rows)
{
	double need = plot_lines_in(page, rows * BAR_LINES + 1);

	if (one->box.y1 - one->box.y0 < need) {
		one->height_in += need - (one->box.y1 - one->box.y0);
		one->box.y1 = one->box.y0 + need;
	}
}

/* The figure's range: every end and the value at the values, padded. */
static struct plot_range tornado_xrange(const struct plot_sens *s)
{
	struct plot_range x = PLOT_RANGE_EMPTY;
	double pad;
	size_t i;

	if (isfinite(s->tornado_at_values))
		plot_range_add(&x, s->tornado_at_values);
	for (i = 0; i < s->nbars; i++) {
		if (!bar_drawn(&s->bar[i]))
			continue;
		if (isfinite(s->bar[i].at_lo))
			plot_range_add(&x, s->bar[i].at_lo);
		if (isfinite(s->bar[i].at_hi))
			plot_range_add(&x, s->bar[i].at_hi);
	}
	if (x.lo > x.hi)
		x.lo = x.hi = 1;
	pad = x.hi > x.lo ? 0.06 * (x.hi - x.lo) : 0.5 * (x.hi > 0 ? x.hi : 1);
	x.lo -= pad;
	x.hi += pad;
	if (x.lo < 0 && x.hi > 0 && s->tornado_at_values >= 0)
		x.lo = x.lo < -0.5 * pad ? x.lo : 0;
	return x;
}

/* The highest bar: nothing sits under a key below the plot. */
static double no_top(const struct plot_input *in, double x_max)
{
	(void)in;
	(void)x_max;
	return 0;
}

/* A parameter's y tic label: its key and, with ranges, its range,
   "v_min_v 0.45–0.6"; the key alone cut to a label's length. */
static void bar_label(const struct plot_sens_bar *b, int ranges, char *buf,
		      size_t len)
{
	char key[64];

	if (ranges)
		snprintf(buf, len, "%s %.4g–%.4g", b->key, b->lo, b->hi);
	else
		snprintf(buf, len, "%s", plot_label(b->key, key, sizeof key));
}

/* Horizontal bars from the figure at the values to the figure with each
   parameter at each end; y tics name the parameters and their ranges. */
int plot_tornado_script(FILE *f, const struct plot_figure *fig,
			const struct plot_input *in, const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	struct plot_range x = tornado_xrange(s), y = { 0.5, 1 };
	struct plot_single one;
	char head[300], xlabel[400], what[300], label[160];
	size_t i, n = tornado_drawn(s), row = 0, left = 4;
	size_t entries = 3 + (n < s->nbars);
	int ranges;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.x_linear = 1;
	one.no_guides = 1;
	one.key_below = 1;
	for (i = 0; i < s->nbars; i++) {
		bar_label(&s->bar[i], 1, label, sizeof label);
		if (bar_drawn(&s->bar[i]) && plot_label_chars(label) + 2 > left)
			left = strlen(label) + 2;
	}
	/* the ranges go with the names only when they leave the bars half
	   of the page */
	ranges = plot_chars_in(page, (double)left) < 0.45 * page->width_in;
	if (!ranges)
		for (i = 0, left = 4; i < s->nbars; i++) {
			bar_label(&s->bar[i], 0, label, sizeof label);
			if (bar_drawn(&s->bar[i]) && plot_label_chars(label) + 2 > left)
				left = plot_label_chars(label) + 2;
		}
	plot_single_layout(page, in, x, y, entries, 24, 0, no_top, &one);
	one.box.x0 = plot_left_in(page, (double)left);
	grow_for_rows(page, &one, (double)(n ? n : 1));
	plot_script_head(f, fig, page, one.height_in);
	fputs("\nset style line 3 lc rgb \"#222222\" lw 1.5 dt 1\n"
	      "set style fill solid 0.85 border rgb \"#333333\"\n"
	      "set grid noytics nomytics xtics\n", f);
	snprintf(head, sizeof head, "Tornado: each constant at the ends of its range, the others at their values");
	figure_text(s->tornado, s->tornado_ratio, what, sizeof what);
	snprintf(xlabel, sizeof xlabel, "%s", what);
	plot_title(f, page, one.height_in, head, in);
	plot_xlabel(f, page, one.height_in, &one.box, xlabel);
	plot_margins(f, page, one.height_in, &one.box);
	plot_key(f, page, one.height_in, &one.box, &one.key, 24);
	fprintf(f, "set xrange [%g:%g]\nset yrange [0.4:%g]\n", x.lo, x.hi,
		(double)(n ? n : 1) + 0.6);
	fputs("set ytics scale 0 (", f);
	for (i = 0; i < s->nbars && row < n; i++) {
		if (!bar_drawn(&s->bar[i]))
			continue;
		fputs(row ? ", " : "", f);
		bar_label(&s->bar[i], ranges, label, sizeof label);
		plot_gp_string(f, label);
		fprintf(f, " %zu", n - row++);
	}
	fputs(n ? ")\n" : "'' 1)\n", f);
	if (n == 0) {
		fputs("set label 905 ", f);
		plot_gp_string(f, "no constant moves this figure");
		fputs(" at graph 0.5, graph 0.5 center\n", f);
	}
	if (isfinite(s->tornado_at_values))
		fprintf(f, "set arrow 906 from %.6g, graph 0 to %.6g, graph 1 nohead front ls 3\n",
			s->tornado_at_values, s->tornado_at_values);
	plot_loop_begin(f);
	/* the farther end of each bar, then the nearer one over it */
	plot_clause(f, &first);
	fputs("'plot-tornado.dat' index 0 using (($2 + $3) / 2):1:($2 < $3 ? $2 : $3):($2 < $3 ? $3 : $2):($1 - 0.32):($1 + 0.32):4 with boxxyerror lc rgb variable notitle", f);
	plot_clause(f, &first);
	fputs("'plot-tornado.dat' index 1 using (($2 + $3) / 2):1:($2 < $3 ? $2 : $3):($2 < $3 ? $3 : $2):($1 - 0.32):($1 + 0.32):4 with boxxyerror lc rgb variable notitle", f);
	plot_clause(f, &first);
	fputs("keyentry with boxes fc rgb \"" LOW_COLOR "\" title 'constant at its low end'", f);
	plot_clause(f, &first);
	fputs("keyentry with boxes fc rgb \"" HIGH_COLOR "\" title 'at its high end'", f);
	plot_clause(f, &first);
	fputs("NaN with lines ls 3 title 'at the values'", f);
	if (n < s->nbars) {
		plot_clause(f, &first);
		fputs("keyentry with points ps 0 title ", f);
		plot_gp_stringf(f, "(%zu others move it by 0)", s->nbars - n);
	}
	fputc('\n', f);
	plot_loop_end(f);
	return plot_status(f);
}

/* ---- ratios ---- */

/* x of series r at bound b: the bound's slot, split among the series. */
static double ratio_x(const struct plot_sens *s, size_t r, size_t b)
{
	double w = 0.8 / (double)s->nratios;

	return (double)(b + 1) + ((double)r - 0.5 * (double)(s->nratios - 1)) * w;
}

/* The finite samples of series r at bound b, sorted, into buf; their count. */
static size_t finite_sorted(const struct plot_sens *s, size_t r, size_t b,
			    double *buf)
{
	const double *v = s->ratio + (r * s->nbounds + b) * s->nsamples;
	size_t i, n = 0, j;

	for (i = 0; i < s->nsamples; i++)
		if (isfinite(v[i])) {
			/* insertion keeps the few hundred samples sorted */
			for (j = n++; j > 0 && buf[j - 1] > v[i]; j--)
				buf[j] = buf[j - 1];
			buf[j] = v[i];
		}
	return n;
}

/* The range of every finite ratio and value at the values, padded. */
static struct plot_range ratio_yrange(const struct plot_sens *s)
{
	struct plot_range y = PLOT_RANGE_EMPTY;
	size_t i;

	for (i = 0; i < s->nratios * s->nbounds * s->nsamples; i++)
		if (isfinite(s->ratio[i]))
			plot_range_add(&y, s->ratio[i]);
	for (i = 0; i < s->nratios * s->nbounds; i++)
		if (isfinite(s->ratio_at_values[i]))
			plot_range_add(&y, s->ratio_at_values[i]);
	if (y.lo > y.hi)
		y.lo = y.hi = 1;
	y.lo = floor(y.lo * 2 - 0.2) / 2;
	y.hi = ceil(y.hi * 2 + 0.2) / 2;
	if (y.lo < 0)
		y.lo = 0;
	return y;
}

/* Per series: boxes (x, quartiles, 5 %, 95 %, median, n), the samples
   jittered, the values at the values. */
int plot_ratios_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	double *buf = malloc((s->nsamples + 1) * sizeof *buf);
	size_t r, b, i, n, rows;

	(void)page;
	if (buf == NULL)
		return DSE_EIO;
	plot_data_head(f, "ratios",
		       "3r: per bound, series r's box (x p25 p5 p95 p75 median n);\n"
		       "# 3r + 1: its samples, jittered (x ratio); 3r + 2: at the values (x ratio)",
		       "see each index");
	for (r = 0; r < s->nratios; r++) {
		double w = 0.8 / (double)s->nratios;

		fprintf(f, "# index %zu: boxes of ", 3 * r);
		plot_gp_comment(f, s->ratio_name[r]);
		fputc('\n', f);
		for (b = 0, rows = 0; b < s->nbounds; b++) {
			n = finite_sorted(s, r, b, buf);
			if (n == 0)
				continue;
			fprintf(f, "%.4f %.6g %.6g %.6g %.6g %.6g %zu\n",
				ratio_x(s, r, b), dse_sens_quantile(buf, n, 0.25),
				dse_sens_quantile(buf, n, 0.05),
				dse_sens_quantile(buf, n, 0.95),
				dse_sens_quantile(buf, n, 0.75),
				dse_sens_quantile(buf, n, 0.5), n);
			rows++;
		}
		plot_end_block(f, rows, 7);
		fprintf(f, "# index %zu: samples\n", 3 * r + 1);
		for (b = 0, rows = 0; b < s->nbounds; b++)
			for (i = 0; i < s->nsamples; i++) {
				double v = s->ratio[(r * s->nbounds + b) * s->nsamples + i];
				/* golden-ratio jitter: spread evenly, the same each time */
				double j = fmod((double)i * 0.6180339887, 1.0) - 0.5;

				if (!isfinite(v))
					continue;
				fprintf(f, "%.4f %.6g\n", ratio_x(s, r, b) + 0.6 * w * j, v);
				rows++;
			}
		plot_end_block(f, rows, 2);
		fprintf(f, "# index %zu: at the values\n", 3 * r + 2);
		for (b = 0, rows = 0; b < s->nbounds; b++)
			if (isfinite(s->ratio_at_values[r * s->nbounds + b])) {
				fprintf(f, "%.4f %.6g\n", ratio_x(s, r, b),
					s->ratio_at_values[r * s->nbounds + b]);
				rows++;
			}
		plot_end_block(f, rows, 2);
	}
	free(buf);
	return plot_status(f);
}

/* Boxes and whiskers per bound and series over the samples' dots. */
int plot_ratios_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in, const struct plot_page *page)
{
	const struct plot_sens *s = &in->sens;
	struct plot_range x = { 0.5, (double)s->nbounds + 0.5 };
	struct plot_range y = ratio_yrange(s);
	struct plot_single one;
	char name[140], head[200];
	size_t r, b, longest = 24;
	double w = s->nratios ? 0.8 / (double)s->nratios : 0.8;
	int first = 1;

	memset(&one, 0, sizeof one);
	one.x_linear = 1;
	one.no_guides = 1;
	one.key_below = 1;
	for (r = 0; r < s->nratios; r++)
		if (plot_label_chars(s->ratio_name[r]) + 12 > longest)
			longest = plot_label_chars(s->ratio_name[r]) + 12;
	if (x.hi < 1.5)
		x.hi = 1.5;
	plot_single_layout(page, in, x, y, s->nratios + 2, longest, 0, no_top,
			   &one);
	one.box.x0 = plot_left_in(page, 5);
	plot_script_head(f, fig, page, one.height_in);
	fputs("\n# Line styles: series r is style r + 1.\n", f);
	plot_series_styles(f, s->ratio_name, s->nratios);
	fputs("set style line 90 lc rgb \"" DOT_COLOR "\" pt 7 ps 0.25\n"
	      "set style line 91 lc rgb \"#000000\" pt 12 ps 1.2 lw 1.5\n"
	      "set style fill solid 0.35 border\n"
	      "set grid noxtics nomxtics ytics\n", f);
	snprintf(head, sizeof head,
		 "Throughput ratio to the baseline at each latency bound over %zu samples",
		 s->nsamples);
	plot_title(f, page, one.height_in, head, in);
	plot_xlabel(f, page, one.height_in, &one.box, "latency bound");
	plot_ylabel(f, page, one.height_in, &one.box, 4, "throughput ratio (×)");
	plot_margins(f, page, one.height_in, &one.box);
	plot_key(f, page, one.height_in, &one.box, &one.key, longest);
	fprintf(f, "set xrange [%g:%g]\nset yrange [%g:%g]\nset xtics scale 0 (",
		x.lo, x.hi, y.lo, y.hi);
	for (b = 0; b < s->nbounds; b++) {
		fputs(b ? ", " : "", f);
		plot_gp_stringf(f, "%g µs", s->bound_us[b]);
		fprintf(f, " %zu", b + 1);
	}
	fputs(s->nbounds ? ")\n" : "\"\" 1)\n", f);
	plot_loop_begin(f);
	for (r = 0; r < s->nratios; r++) {
		plot_label(s->ratio_name[r], name, sizeof name);
		plot_clause(f, &first);
		fprintf(f, "'plot-ratios.dat' index %zu using 1:2:3:4:5:(%g) with candlesticks whiskerbars 0.5 ls %zu title ",
			3 * r, 0.7 * w, r + 1);
		plot_gp_stringf(f, "%s: quartiles, 5–95 %%", name);
		plot_clause(f, &first);
		fprintf(f, "'plot-ratios.dat' index %zu using 1:6:6:6:6:(%g) with candlesticks ls %zu lw 2.5 notitle",
			3 * r, 0.7 * w, r + 1);
		plot_clause(f, &first);
		fprintf(f, "'plot-ratios.dat' index %zu using 1:4:(($7) < %zu ? sprintf(\"n = %%d\", $7) : \"\") with labels offset char 0, 0.8 notitle",
			3 * r, s->nsamples);
		/* the samples over their box, the value at the values on top */
		plot_clause(f, &first);
		fprintf(f, "'plot-ratios.dat' index %zu using 1:2 with points ls 90 notitle",
			3 * r + 1);
		plot_clause(f, &first);
		fprintf(f, "'plot-ratios.dat' index %zu using 1:2 with points ls 91 notitle",
			3 * r + 2);
	}
	plot_clause(f, &first);
	fputs("NaN with points ls 90 title 'a sample'", f);
	plot_clause(f, &first);
	fputs("NaN with points ls 91 title 'at the technology''s values'\n", f);
	plot_loop_end(f);
	return plot_status(f);
}
