/*
 * fig_breakdown.c - area and peak power by component (stacked bars) of a
 * few frontier designs per format, spread over latency; each bar labelled
 * with its latency, array shape, k-split, dataflow and clock.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"

/* Stacked components: field, colour, label. */
struct component {
	size_t offset; /* into struct plot_design */
	const char *key, *color, *label; /* key: as in frontier.json */
};

#define PART(field, color, label) \
	{ offsetof(struct plot_design, field), #field, color, label }

static const struct component area_parts[] = {
	PART(area_pe_mm2, "#0072B2", "PEs"),
	PART(area_array_fixed_mm2, "#56B4E9", "per-array fixed"),
	PART(area_sram_mm2, "#E69F00", "SRAM"),
	PART(area_fixed_mm2, "#999999", "chip fixed"),
};

static const struct component power_parts[] = {
	PART(power_pe_dynamic_w, "#0072B2", "PE dynamic"),
	PART(power_pe_leak_w, "#56B4E9", "PE leakage"),
	PART(power_sram_w, "#E69F00", "SRAM access"),
	PART(power_sram_leak_w, "#F0E442", "SRAM leakage"),
	PART(power_fixed_w, "#999999", "chip fixed"),
};

#define NAREA (sizeof area_parts / sizeof area_parts[0])
#define NPOWER (sizeof power_parts / sizeof power_parts[0])

/* Data columns before the parts: x, then what labels a bar. */
#define FIRST_PART_COLUMN 8

/* Most frontier designs per format. */
#define MOST_DESIGNS 4
/* Lines of a bar's label (latency, shape, k-split and dataflow, clock);
   the least lines a panel's bars get (a). */
#define BAR_LINES 4
/* Characters of the y tick labels ("100"), with room to spare. */
#define TICK_CHARS 4.0
/* Lines of a label apart, em (as gnuplot's cairo terminals set them). */
#define LABEL_LINE_EM 1.2
#define PLOT_MIN_LINES 6.0

/* The bars: how many per format, where, and how they are labelled. */
struct bars {
	size_t per;     /* designs per format */
	int grouped;    /* a group per format, its name below; else one bar
			   per format, the name in the bar's label */
	double scale;   /* of the labels' font, to fit them across */
	size_t lines;   /* of a bar's label */
};

/* The number at a byte offset of a design (a component's field). */
static double field(const struct plot_design *d, size_t offset)
{
	return *(const double *)((const char *)d + offset);
}

/*
 * Up to `want` designs of a frontier spread evenly over log latency: for
 * each target in turn the nearest design after the previous pick that
 * leaves enough designs for the targets still to come; one design: the
 * one nearest the middle.
 */
static size_t breakdown_pick(const struct plot_designs *ds, size_t want,
			     const struct plot_design **out)
{
	size_t n = ds->n, j, i, from = 0, last, near;
	double lo, hi, target;

	if (n <= want) {
		for (i = 0; i < n; i++)
			out[i] = &ds->d[i];
		return n;
	}
	lo = log(ds->d[0].latency_us);
	hi = log(ds->d[n - 1].latency_us);
	for (j = 0; j < want; j++) {
		target = want == 1 ? (lo + hi) / 2 :
			 lo + (hi - lo) * (double)j / (double)(want - 1);
		last = n - (want - j);
		for (i = near = from; i <= last; i++)
			if (fabs(log(ds->d[i].latency_us) - target) <
			    fabs(log(ds->d[near].latency_us) - target))
				near = i;
		out[j] = &ds->d[near];
		from = near + 1;
	}
	return want;
}

/* Each bar: its format, design and x; calls fn for each, returns the count. */
struct bar {
	size_t format;
	const struct plot_design *d;
	double x;
};

/* The bars in order: per format its picks, a gap after each group. */
static size_t bars_list(const struct plot_input *in, const struct bars *b,
			struct bar *out)
{
	const struct plot_design *pick[MOST_DESIGNS];
	size_t k, i, n, count = 0;
	double x = 0;

	for (k = 0; k < in->nformats; k++) {
		n = breakdown_pick(&in->frontier[k], b->per, pick);
		for (i = 0; i < n; i++) {
			out[count].format = k;
			out[count].d = pick[i];
			out[count++].x = x++;
		}
		if (n > 0 && b->grouped)
			x++;
	}
	return count;
}

/* The bars of the figure, malloc'ed (*n of them); NULL when none or no memory. */
static struct bar *bars_of(const struct plot_input *in, const struct bars *b,
			   size_t *n)
{
	struct bar *list = calloc(in->nformats * MOST_DESIGNS + 1, sizeof *list);

	*n = list ? bars_list(in, b, list) : 0;
	return list;
}

/* Rows of a key of n labels (longest `chars`) across width_in. */
static size_t key_rows(const struct plot_page *page, size_t n, double chars,
		       double width_in)
{
	double cols = floor(plot_chars(page, width_in) / (chars + 4));
	size_t c = cols < 1 ? 1 : (size_t)cols;

	return (n + c - 1) / c;
}

/* Longest label of a panel's parts, characters. */
static double parts_chars(const struct component *parts, size_t nparts)
{
	size_t c, most = 0;

	for (c = 0; c < nparts; c++)
		if (strlen(parts[c].label) > most)
			most = strlen(parts[c].label);
	return (double)most;
}

/* The lines of bar i's label; returns the widest, in characters. */
static size_t bar_label(const struct plot_input *in, const struct bars *b,
			const struct bar *bar, char line[5][64])
{
	const struct plot_design *d = bar->d;
	size_t n = 0, i, most = 0;

	if (!b->grouped)
		plot_label(in->format[bar->format], line[n++], sizeof line[0]);
	snprintf(line[n++], sizeof line[0], d->latency_us < 100 ? "%.3g µs" : "%.0f µs",
		 d->latency_us);
	snprintf(line[n++], sizeof line[0], "%g×%g", d->rows, d->cols);
	snprintf(line[n++], sizeof line[0], "k%g %s", d->k_split,
		 dse_dataflow_name(d->dataflow));
	snprintf(line[n++], sizeof line[0], "%.2g GHz", d->freq_ghz);
	for (i = 0; i < n; i++)
		if (plot_label_chars(line[i]) > most)
			most = plot_label_chars(line[i]);
	return most;
}

/* Characters across the plot of the breakdown panels. */
static double bars_chars(const struct plot_page *page)
{
	return plot_chars(page, page->width_in - plot_left_in(page, TICK_CHARS) -
			  plot_chars_in(page, 2));
}

/*
 * Bars across the page: as many designs per format as fit with their
 * labels and a gap of one bar between formats (up to MOST_DESIGNS); when
 * not even two fit, one bar per format and no gaps.
 */
static void bars_layout(const struct plot_input *in,
			const struct plot_page *page, struct bars *b)
{
	char line[5][64];
	struct bar *list;
	size_t n, i, widest, w;

	for (b->per = MOST_DESIGNS; b->per > 1; b->per--) {
		b->grouped = 1;
		list = bars_of(in, b, &n);
		if (list == NULL)
			break;
		for (i = 0, widest = 0; i < n; i++)
			if ((w = bar_label(in, b, &list[i], line)) > widest)
				widest = w;
		w = n ? (size_t)list[n - 1].x + 1 : 1;
		free(list);
		/* a smaller font fits them in, down to 80 % here */
		if (0.8 * (double)w * ((double)widest + 1.5) <= bars_chars(page))
			break;
	}
	if (b->per <= 1) {
		b->per = 1;
		b->grouped = 0;
	}
	b->lines = b->grouped ? BAR_LINES : BAR_LINES + 1;
	list = bars_of(in, b, &n);
	for (i = 0, widest = 0; list && i < n; i++)
		if ((w = bar_label(in, b, &list[i], line)) > widest)
			widest = w;
	/* the labels' font: as large as fits, from 70 % to 100 % of the page's */
	b->scale = bars_chars(page) /
		   ((n ? list[n - 1].x + 1 : 1) * ((double)widest + 1.5));
	b->scale = b->scale > 1 ? 1 : b->scale < 0.7 ? 0.7 : b->scale;
	free(list);
}

/* Every bar: x, what labels it, its area and power parts. */
int plot_breakdown_data(FILE *f, const struct plot_input *in,
			const struct plot_page *page)
{
	struct bars b;
	struct bar *list;
	size_t i, c, n, last = (size_t)-1;
	char columns[512];
	int o;

	bars_layout(in, page, &b);
	list = bars_of(in, &b, &n);
	if (list == NULL)
		return DSE_EIO;
	o = snprintf(columns, sizeof columns,
		     "x latency_us rows cols k_split freq_ghz dataflow");
	for (c = 0; c < NAREA; c++)
		o += snprintf(columns + o, sizeof columns - (size_t)o, " %s",
			      area_parts[c].key);
	for (c = 0; c < NPOWER; c++)
		o += snprintf(columns + o, sizeof columns - (size_t)o, " %s",
			      power_parts[c].key);
	plot_data_head(f, "breakdown",
		       "one: a bar per design, up to a few frontier designs per format\n"
		       "# spread over latency, at x (a gap between formats)", columns);
	for (i = 0; i < n; i++) {
		const struct plot_design *d = list[i].d;

		if (list[i].format != last) {
			fputs("# ", f);
			plot_gp_comment(f, in->format[list[i].format]);
			fputc('\n', f);
			last = list[i].format;
		}
		fprintf(f, "%g %.6g %g %g %g %.4g %s", list[i].x, d->latency_us,
			d->rows, d->cols, d->k_split, d->freq_ghz,
			dse_dataflow_name(d->dataflow));
		for (c = 0; c < NAREA; c++)
			fprintf(f, " %.6g", field(d, area_parts[c].offset));
		for (c = 0; c < NPOWER; c++)
			fprintf(f, " %.6g", field(d, power_parts[c].offset));
		fputc('\n', f);
	}
	plot_end_block(f, n, FIRST_PART_COLUMN - 1 + NAREA + NPOWER);
	free(list);
	return plot_status(f);
}

/* Inches from a panel's bottom edge down to the middle of label line j. */
static double label_depth(const struct plot_page *page, const struct bars *b,
			  double j)
{
	return page->font_pt / 72 * b->scale * (0.9 + LABEL_LINE_EM * j);
}

/* Inches a panel needs below its plot: bar labels, group names, a gap. */
static double bars_below(const struct plot_page *page, const struct bars *b)
{
	return label_depth(page, b, (double)b->lines - 1 + (b->grouped ? 1.3 : 0)) +
	       page->font_pt / 72 * 1.2;
}

/*
 * Each bar's label (latency, shape, k-split and dataflow, clock; the
 * format too when ungrouped) and the format names under their groups, as
 * labels at screen heights: tick labels would be spaced by each
 * terminal's own line height.
 */
static void bar_labels(FILE *f, const struct plot_input *in,
		       const struct plot_page *page, double height_in,
		       const struct bars *b, const struct plot_box *box,
		       const struct bar *list, size_t n)
{
	char line[5][64], font[32];
	size_t i, j, k;

	snprintf(font, sizeof font, " font ',%.3g'", page->font_pt * b->scale);
	for (i = 0; i < n; i++) {
		bar_label(in, b, &list[i], line);
		for (j = 0; j < b->lines; j++) {
			fputs("\tset label ", f);
			plot_gp_string(f, line[j]);
			fprintf(f, " at first %g, screen %.4f center%s\n", list[i].x,
				(box->y0 - label_depth(page, b, (double)j)) / height_in,
				b->scale < 1 ? font : "");
		}
	}
	for (i = 0; b->grouped && i < n; i = k) {
		for (k = i; k < n && list[k].format == list[i].format; k++)
			;
		fputs("\tset label ", f);
		plot_gp_string(f, plot_label(in->format[list[i].format], line[0],
					     sizeof line[0]));
		fprintf(f, " at first %g, screen %.4f center\n",
			(list[i].x + list[k - 1].x) / 2,
			(box->y0 - label_depth(page, b, (double)b->lines + 0.3)) /
			height_in);
	}
}

/* One panel: where it is, what it draws, its key, its budget line. */
struct panel {
	const struct component *parts;
	size_t nparts, first_col;
	const char *ylabel, *unit;
	double budget;
	struct plot_box box;
	double key_top;   /* inches */
	size_t key_rows;
};

/* One panel of stacked bars (the first with the title); budget line if near. */
static void breakdown_panel(FILE *f, const struct plot_input *in,
			    const struct plot_page *page, double height_in,
			    const struct bars *b, const struct bar *list,
			    size_t n, const struct panel *pn,
			    const struct panel *first_panel)
{
	double top = 0, sum, ymax, step, line = plot_lines_in(page, 1);
	double plot_lines = (pn->box.y1 - pn->box.y0) / line, labels = plot_lines / 1.3;
	size_t i, c, m;
	int first = 1;

	for (i = 0; i < n; i++) {
		for (c = 0, sum = 0; c < pn->nparts; c++)
			sum += field(list[i].d, pn->parts[c].offset);
		if (sum > top)
			top = sum;
	}
	fputs("\tunset arrow\n\tunset label\n", f);
	plot_ylabel(f, page, height_in, &pn->box, TICK_CHARS, pn->ylabel);
	if (pn == first_panel)
		plot_title(f, page, height_in, "Area and peak power of frontier designs",
			   in);
	plot_margins(f, page, height_in, &pn->box);
	fprintf(f, "\tset key at screen 0.5, screen %.4f center top vertical maxrows %zu Left reverse noopaque nobox samplen 1.5 width %d\n",
		pn->key_top / height_in, pn->key_rows,
		plot_key_width((size_t)parts_chars(pn->parts, pn->nparts)));
	bar_labels(f, in, page, height_in, b, &pn->box, list, n);
	if (top <= 0) /* every part 0: scale to the budget */
		top = pn->budget;
	if (pn->budget <= 1.5 * top) {
		fprintf(f, "\tset arrow from graph 0, first %g to graph 1, first %g nohead front dt 2 lw 1 lc rgb \"#333333\"\n"
			   "\tset label 'budget %g %s' at graph 0.99, first %g right offset 0, char 0.6 front\n",
			pn->budget, pn->budget, pn->budget, pn->unit, pn->budget);
		if (pn->budget > top)
			top = pn->budget;
	}
	/* headroom: the budget label's line above the tallest bar */
	ymax = top * (1 + (plot_lines > 3 ? 1.2 / plot_lines : 0.4));
	step = plot_nice_above(ymax / (labels < 2 ? 2 : labels));
	ymax = step * ceil(ymax / step);
	fprintf(f, "\tset yrange [0:%g]\n\tset ytics %g\n", ymax, step);
	/* stacked: each part drawn as the sum up to it, the tallest first */
	for (c = pn->nparts; c-- > 0;) {
		plot_clause(f, &first);
		fputs("'plot-breakdown.dat' using 1:(", f);
		for (m = 0; m <= c; m++)
			fprintf(f, "%s$%zu", m ? "+" : "", pn->first_col + m);
		fprintf(f, ") with boxes lc rgb \"%s\" notitle", pn->parts[c].color);
	}
	for (c = 0; c < pn->nparts; c++) { /* the key, in stacking order */
		plot_clause(f, &first);
		fprintf(f, "NaN with boxes lc rgb \"%s\" title ", pn->parts[c].color);
		plot_gp_string(f, pn->parts[c].label);
	}
	fputc('\n', f);
}

/* Two panels of stacked bars, area above power. */
int plot_breakdown_script(FILE *f, const struct plot_figure *fig,
			  const struct plot_input *in,
			  const struct plot_page *page)
{
	struct panel pn[2] = {
		{ area_parts, NAREA, FIRST_PART_COLUMN, "area (mm²)", "mm²",
		  in->area_mm2, { 0, 0, 0, 0 }, 0, 0 },
		{ power_parts, NPOWER, FIRST_PART_COLUMN + NAREA, "peak power (W)",
		  "W", in->power_w, { 0, 0, 0, 0 }, 0, 0 },
	};
	struct bars b;
	struct bar *list;
	double line = plot_lines_in(page, 1), left = plot_left_in(page, TICK_CHARS);
	double right = plot_chars_in(page, 2), width, below, need = 0, height, top;
	size_t n, i;

	bars_layout(in, page, &b);
	list = bars_of(in, &b, &n);
	if (list == NULL)
		return DSE_EIO;
	width = page->width_in - left - right;
	below = bars_below(page, &b);
	for (i = 0; i < 2; i++) {
		pn[i].key_rows = key_rows(page, pn[i].nparts,
					  parts_chars(pn[i].parts, pn[i].nparts), width);
		need += line * ((double)pn[i].key_rows + 0.4 + PLOT_MIN_LINES) + below;
	}
	top = line * (plot_title_lines(page) + 0.2);
	height = top + need > page->height_in ? top + need : page->height_in;
	for (i = 0; i < 2; i++) { /* each panel half of what the title leaves */
		double cell = (height - top) / 2, cell_top = height - top - (double)i * cell;

		pn[i].key_top = cell_top - line * 0.1;
		pn[i].box.x0 = left;
		pn[i].box.x1 = page->width_in - right;
		pn[i].box.y1 = cell_top - line * ((double)pn[i].key_rows + 0.4);
		pn[i].box.y0 = cell_top - cell + below;
	}
	plot_script_head(f, fig, page, height);
	fputs("\nset style fill solid 0.9 border rgb \"#333333\"\n"
	      "set boxwidth 0.7\n"
	      "set grid noxtics nomxtics nomytics ytics\n"
	      "unset xlabel\n"
	      "# each bar: latency, array rows × cols, k-split and dataflow, clock\n", f);
	fprintf(f, "unset xtics\nset xrange [%g:%g]\n", -0.6,
		n ? list[n - 1].x + 0.6 : 0.6);
	plot_loop_begin(f);
	fputs("\tset multiplot\n", f);
	for (i = 0; i < 2; i++) {
		fprintf(f, "\n\t# %s\n", pn[i].ylabel);
		breakdown_panel(f, in, page, height, &b, list, n, &pn[i], &pn[0]);
	}
	fputs("\tunset multiplot\n", f);
	plot_loop_end(f);
	free(list);
	return plot_status(f);
}
