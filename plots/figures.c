/* figures.c - the data files and gnuplot scripts of the four figures. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plot_impl.h"

/*
 * Line colour, dash, filled and open point of format k (Okabe & Ito
 * colours).  Dash type 3 (dotted) is left to the canonical designs.
 */
static const struct {
	const char *color, *dash;
	int point, open_point;
} format_styles[] = {
	{ "#0072B2", "1", 7, 6 },          /* blue, solid, circle */
	{ "#D55E00", "2", 5, 4 },          /* vermilion, dashed, square */
	{ "#009E73", "4", 9, 8 },          /* green, dash-dot, triangle */
	{ "#CC79A7", "5", 13, 12 },        /* purple, dash-dot-dot, diamond */
	{ "#E69F00", "(12,4)", 11, 10 },   /* orange, long dash, down triangle */
	{ "#56B4E9", "(2,4,8,4)", 15, 14 },/* sky blue, dot-dash, pentagon */
	{ "#000000", "(20,6)", 7, 6 },     /* black, longer dash, circle */
};

#define NSTYLES (sizeof format_styles / sizeof format_styles[0])

/* Stacked components of the breakdown figure: field, colour, label. */
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

/* Frontier designs per format drawn in the breakdown figure: at most
   BREAKDOWN_DESIGNS, fewer when more than BREAKDOWN_BARS bars in all. */
#define BREAKDOWN_DESIGNS 4
#define BREAKDOWN_BARS 12

/*
 * Image formats: bit, extension and gnuplot terminal with its options.
 * Fonts are given in points of the 750 x 500 pt PDF page; the 1500 x 1000
 * pixel images scale them by 2, so every image has the same layout.
 */
static const struct {
	unsigned bit;
	const char *ext, *terminal;
} terminals[] = {
	{ DSE_PLOT_PNG, "png",
	  "pngcairo size 1500,1000 font \"Sans,9\" fontscale 2 linewidth 2 noenhanced" },
	{ DSE_PLOT_SVG, "svg",
	  "svg size 1500,1000 font \"Sans,9\" fontscale 2 linewidth 2 noenhanced background \"white\"" },
	{ DSE_PLOT_PDF, "pdf",
	  "pdfcairo size 10.4in,6.93in font \"Sans,9\" linewidth 2 noenhanced" },
};

#define NTERMINALS (sizeof terminals / sizeof terminals[0])

/* The number at a byte offset of a design (a component's field). */
static double field(const struct plot_design *d, size_t offset)
{
	return *(const double *)((const char *)d + offset);
}

/* Largest 1, 2 or 5 x 10^k not above v (v > 0). */
static double nice_below(double v)
{
	static const double steps[] = { 5, 2, 1 };
	double p = pow(10, floor(log10(v)));
	size_t i;

	for (i = 0; i < 3; i++)
		if (steps[i] * p <= v)
			return steps[i] * p;
	return p / 2;
}

/* Smallest 1, 2 or 5 x 10^k not below v (v > 0). */
static double nice_above(double v)
{
	static const double steps[] = { 1, 2, 5, 10 };
	double p = pow(10, floor(log10(v)));
	size_t i;

	for (i = 0; i < 4; i++)
		if (steps[i] * p >= v)
			return steps[i] * p;
	return 10 * p;
}

/* A range of positive values seen so far; lo > hi when empty. */
struct range {
	double lo, hi;
};

#define RANGE_EMPTY { HUGE_VAL, -HUGE_VAL }

/* Widen r to hold v. */
static void range_add(struct range *r, double v)
{
	if (v < r->lo)
		r->lo = v;
	if (v > r->hi)
		r->hi = v;
}

/*
 * "set <axis>range [lo:hi]" on a log axis; lo and hi are 1-2-5 values.  An
 * axis of less than 2.5 decades also gets labelled tics at 2 and 5 x 10^k.
 */
static void put_log_axis(FILE *f, const char *axis, double lo, double hi)
{
	double e, p, m;
	int first = 1;

	fprintf(f, "set %srange [%g:%g]\n", axis, lo, hi);
	if (hi / lo >= 300)
		return;
	/* by integer exponent: p *= 10 from a subnormal p never reached hi */
	for (e = floor(log10(lo)); e <= ceil(log10(hi)); e++)
		for (p = pow(10, e), m = 2; m <= 5; m += 3) {
			if (m * p < lo * 0.999 || m * p > hi * 1.001)
				continue;
			if (first)
				fprintf(f, "set %stics add (%g", axis, m * p);
			else
				fprintf(f, ", %g", m * p);
			first = 0;
		}
	if (!first)
		fputs(")\n", f);
}

/* A log axis padded around the data range r to 1-2-5 values. */
static void put_log_range(FILE *f, const char *axis, struct range r)
{
	if (r.lo > r.hi)
		r.lo = r.hi = 1;
	put_log_axis(f, axis, nice_below(r.lo / 1.2), nice_above(r.hi * 1.2));
}

/* End a data set: gnuplot's index counts blocks split by two blank lines. */
static void end_block(FILE *f, size_t rows, size_t columns)
{
	size_t c;

	if (rows == 0) /* an empty block would merge with the next one */
		for (c = 0; c < columns; c++)
			fputs(c ? " NaN" : "NaN", f);
	fputs(rows == 0 ? "\n\n\n" : "\n\n", f);
}

/* Comment heading a data file: its script, data sets and columns. */
static void data_head(FILE *f, const char *name, const char *blocks,
		      const char *columns)
{
	fprintf(f, "# plot-%s.dat - drawn by plot-%s.gp; written by dse plot from\n"
		   "# frontier.json and sample.csv.  Data sets (gnuplot index):\n"
		   "# %s\n# columns: %s\n",
		name, name, blocks, columns);
}

/* Comment, encoding, terminals and common settings of a script. */
static void script_head(FILE *f, const char *name, const char *what,
			unsigned formats)
{
	size_t i, n = 0, k;

	for (i = 0; i < NTERMINALS; i++)
		n += (formats & terminals[i].bit) != 0;
	fprintf(f, "# plot-%s.gp - %s\n"
		   "# Written by dse plot from frontier.json; reads plot-%s.dat.\n"
		   "# Edit and rerun in this folder: gnuplot plot-%s.gp\n\n"
		   "set encoding utf8\n\n"
		   "# Images written: a gnuplot terminal and a file name each.\n"
		   "array terminal[%zu] = [",
		name, what, name, name, n);
	for (i = 0, k = 0; i < NTERMINALS; i++)
		if (formats & terminals[i].bit)
			fprintf(f, "%s \\\n\t'%s'", k++ ? "," : "",
				terminals[i].terminal);
	fprintf(f, "]\narray output[%zu] = [", n);
	for (i = 0, k = 0; i < NTERMINALS; i++)
		if (formats & terminals[i].bit) {
			fputs(k++ ? ", " : "", f);
			plot_gp_stringf(f, "plot-%s.%s", name, terminals[i].ext);
		}
	fputs("]\n"
	      "\nset border lw 1\n"
	      "set grid xtics ytics mxtics mytics lt 1 lc rgb \"#dddddd\" lw 0.5, lt 1 lc rgb \"#eeeeee\" lw 0.5\n"
	      "set key opaque box lc rgb \"#bbbbbb\" spacing 1.2 samplen 2.5\n"
	      "set tics nomirror out\n", f);
}

/* Line style k + 1 for format k: colour, dash and point. */
static void script_format_styles(FILE *f, const struct plot_input *in)
{
	size_t k;

	fputs("\n# One line style per format: format k is style k.\n", f);
	for (k = 0; k < in->nformats; k++) {
		fprintf(f, "set style line %zu lc rgb \"%s\" lw 2 dt %s pt %d ps 1  # ",
			k + 1, format_styles[k % NSTYLES].color,
			format_styles[k % NSTYLES].dash,
			format_styles[k % NSTYLES].point);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
	}
}

/* Title: what the figure shows, then the setting it was computed for. */
static void script_title(FILE *f, const char *cmd, const char *headline,
			 const struct plot_input *in)
{
	fprintf(f, "%s ", cmd);
	plot_gp_string(f, headline);
	fputs(" . \"\\n\" . ", f);
	plot_gp_stringf(f, "%s, %s; budget %g mm², %g W, %g MB SRAM", in->tech,
			in->workload, in->area_mm2, in->power_w, in->sram_mb);
	fputc('\n', f);
}

/* Dotted vertical guides at the study's latency bounds, labelled on top. */
static void script_bounds(FILE *f, const struct plot_input *in)
{
	size_t i;

	if (in->nbounds == 0)
		return;
	fputs("\n# Latency bounds of the study (us), as guides labelled on top\n"
	      "set tmargin 5.5\nset title offset 0, 1.2\n", f);
	for (i = 0; i < in->nbounds; i++)
		fprintf(f, "set arrow from %g, graph 0 to %g, graph 1 nohead back dt 3 lw 1 lc rgb \"#777777\"\n"
			   "set label \"%g µs\" at %g, graph 1 center offset 0, char 0.8 tc rgb \"#555555\"\n",
			in->bound_us[i], in->bound_us[i], in->bound_us[i],
			in->bound_us[i]);
}

/* Open the loop that draws the figure once per terminal and file. */
static void loop_begin(FILE *f)
{
	fputs("\ndo for [i = 1:|terminal|] {\n"
	      "\teval \"set terminal \" . terminal[i]\n"
	      "\tset output output[i]\n", f);
}

/* Close the file of this terminal and the loop. */
static void loop_end(FILE *f)
{
	fputs("\tset output\n}\n", f);
}

/* Start or continue a plot command (each clause on its own line). */
static void clause(FILE *f, int *first, const char *cmd)
{
	fputs(*first ? cmd : ", \\\n\t     ", f);
	*first = 0;
}

/* DSE_EIO if a write to f failed. */
static int status(FILE *f)
{
	return ferror(f) ? DSE_EIO : DSE_OK;
}

/* ---- 1. frontier: throughput against latency, one line per format ---- */

/* Frontier and canonical designs of each format. */
static int frontier_data(FILE *f, const struct plot_input *in)
{
	size_t k, i;

	data_head(f, "frontier",
		  "k < F: Pareto frontier of format k; F + k: its canonical design, one per batch",
		  "latency_us throughput_tops rows cols k_split batch");
	for (k = 0; k < 2 * in->nformats; k++) {
		const struct plot_designs *ds = k < in->nformats ?
			&in->frontier[k] : &in->canonical[k - in->nformats];
		size_t fk = k % in->nformats;

		fprintf(f, "# index %zu: %s ", k,
			k < in->nformats ? "frontier" : "canonical");
		plot_gp_comment(f, in->format[fk]);
		fputc('\n', f);
		for (i = 0; i < ds->n; i++)
			fprintf(f, "%.6g %.6g %g %g %g %g\n", ds->d[i].latency_us,
				ds->d[i].throughput_tops, ds->d[i].rows,
				ds->d[i].cols, ds->d[i].k_split, ds->d[i].batch);
		end_block(f, ds->n, 6);
	}
	return status(f);
}

/* Key title saying what the canonical design is: shape, batches swept. */
static void canonical_key_title(FILE *f, const struct plot_input *in)
{
	const struct plot_design *shape = NULL;
	struct range b = RANGE_EMPTY;
	size_t k, i;

	for (k = 0; k < in->nformats; k++)
		for (i = 0; i < in->canonical[k].n; i++) {
			if (shape == NULL)
				shape = &in->canonical[k].d[i];
			range_add(&b, in->canonical[k].d[i].batch);
		}
	if (shape == NULL)
		return;
	fputs("set key title ", f);
	plot_gp_stringf(f, "canonical: %s %g×%g, batch %g–%g",
			dse_dataflow_name(shape->dataflow),
			shape->rows, shape->cols, b.lo, b.hi);
	fputs(" left\n", f);
}

/* Log-log lines: frontiers, canonical designs, latency bound guides. */
static int frontier_script(FILE *f, const struct plot_input *in,
			   unsigned formats)
{
	struct range x = RANGE_EMPTY, y = RANGE_EMPTY;
	size_t k, i;
	int first = 1;

	for (k = 0; k < in->nformats; k++) {
		for (i = 0; i < in->frontier[k].n; i++) {
			range_add(&x, in->frontier[k].d[i].latency_us);
			range_add(&y, in->frontier[k].d[i].throughput_tops);
		}
		for (i = 0; i < in->canonical[k].n; i++) {
			range_add(&x, in->canonical[k].d[i].latency_us);
			range_add(&y, in->canonical[k].d[i].throughput_tops);
		}
	}
	for (i = 0; i < in->nbounds; i++)
		range_add(&x, in->bound_us[i]);
	script_head(f, "frontier",
		    "throughput against latency: the Pareto frontier of each format,\n"
		    "# the canonical design (open symbols, one per batch) and the latency bounds.",
		    formats);
	script_format_styles(f, in);
	fputs("# canonical design of format k: style 100 + k\n", f);
	for (k = 0; k < in->nformats; k++)
		fprintf(f, "set style line %zu lc rgb \"%s\" lw 1.5 dt 3 pt %d ps 1.3\n",
			101 + k, format_styles[k % NSTYLES].color,
			format_styles[k % NSTYLES].open_point);
	fputc('\n', f);
	script_title(f, "set title", "Throughput against latency: Pareto frontier per format", in);
	fputs("set xlabel \"latency of a batch (µs)\"\n"
	      "set ylabel \"throughput (TOp/s)\"\n"
	      "set logscale xy\n"
	      "set format xy \"%g\"\n", f);
	put_log_range(f, "x", x);
	put_log_range(f, "y", y);
	fputs("set key bottom left\n", f);
	canonical_key_title(f, in);
	script_bounds(f, in);
	loop_begin(f);
	for (k = 0; k < in->nformats; k++) {
		if (in->frontier[k].n == 0)
			continue;
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-frontier.dat' index %zu using 1:2 with linespoints ls %zu title ",
			k, k + 1);
		plot_gp_string(f, in->format[k]);
	}
	for (k = 0; k < in->nformats; k++) {
		if (in->canonical[k].n == 0)
			continue;
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-frontier.dat' index %zu using 1:2 with linespoints ls %zu title ",
			in->nformats + k, 101 + k);
		plot_gp_stringf(f, "%s canonical", in->format[k]);
	}
	fputc('\n', f);
	loop_end(f);
	return status(f);
}

/* ---- 2. points: every sampled feasible design, frontier on top ---- */

/* Sampled designs, then frontiers, of each format. */
static int points_data(FILE *f, const struct plot_input *in)
{
	size_t k, i, n;

	data_head(f, "points",
		  "k < F: sampled feasible designs of format k; F + k: frontier of format k",
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
		end_block(f, n, 3);
	}
	for (k = 0; k < in->nformats; k++) {
		fprintf(f, "# index %zu: frontier ", in->nformats + k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		for (i = 0; i < in->frontier[k].n; i++)
			fprintf(f, "%.6g %.6g %g\n", in->frontier[k].d[i].latency_us,
				in->frontier[k].d[i].throughput_tops,
				in->frontier[k].d[i].rows);
		end_block(f, in->frontier[k].n, 3);
	}
	return status(f);
}

/* Designs of format k in the sample. */
static size_t sample_count(const struct plot_input *in, size_t k)
{
	size_t i, n = 0;

	for (i = 0; i < in->nsample; i++)
		n += in->sample[i].format == k;
	return n;
}

/* Panel of format k in the points figure: its sample and its frontier. */
static void points_panel(FILE *f, const struct plot_input *in, size_t k,
			 int first_panel)
{
	char count[40];
	int first = 1;

	fputs("\tset title ", f);
	plot_gp_stringf(f, "%s: %s sampled designs", in->format[k],
			dse_format_count((double)sample_count(in, k), count,
					 sizeof count));
	fputc('\n', f);
	if (sample_count(in, k) > 0) {
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-points.dat' index %zu using 1:2:3 with points pt 7 ps 0.5 lc palette title 'sampled design'",
			k);
	}
	clause(f, &first, "\tplot ");
	fprintf(f, "'plot-points.dat' index %zu using 1:2 with lines lw 6 lc rgb \"white\" notitle, \\\n"
		   "\t     'plot-points.dat' index %zu using 1:2 with lines lw 2.5 lc rgb \"black\" title 'Pareto frontier'\n",
		in->nformats + k, in->nformats + k);
	if (first_panel)
		fputs("\tunset key\n", f);
}

/* One log-log scatter panel per format, coloured by rows; one colour box. */
static int points_script(FILE *f, const struct plot_input *in, unsigned formats)
{
	struct range x = RANGE_EMPTY, y = RANGE_EMPTY, c = RANGE_EMPTY;
	char headline[200], a[40], b[40], cmd[200];
	size_t k, i, panels = 0, cols, rows, p;

	for (i = 0; i < in->nsample; i++) {
		range_add(&x, in->sample[i].latency_us);
		range_add(&y, in->sample[i].throughput_tops);
		range_add(&c, in->sample[i].rows);
	}
	for (k = 0; k < in->nformats; k++) {
		panels += in->frontier[k].n > 0;
		for (i = 0; i < in->frontier[k].n; i++) {
			range_add(&x, in->frontier[k].d[i].latency_us);
			range_add(&y, in->frontier[k].d[i].throughput_tops);
		}
	}
	if (c.lo > c.hi)
		c.lo = c.hi = 1;
	if (c.hi <= c.lo)
		c.hi = 2 * c.lo;
	if (panels == 0) /* dse_plot_write refuses a folder without designs */
		panels = 1;
	cols = panels <= 3 ? panels : (size_t)ceil(sqrt((double)panels));
	rows = (panels + cols - 1) / cols;
	script_head(f, "points",
		    "the sampled feasible designs of each format coloured by\n"
		    "# array rows, with its Pareto frontier on top; one panel per format.",
		    formats);
	if (in->feasible > 0)
		snprintf(headline, sizeof headline,
			 "Feasible designs (a uniform sample of %s of %s) and Pareto frontiers",
			 dse_format_count((double)in->nsample, a, sizeof a),
			 dse_format_count(in->feasible, b, sizeof b));
	else
		snprintf(headline, sizeof headline,
			 "Feasible designs (a uniform sample of %s) and Pareto frontiers",
			 dse_format_count((double)in->nsample, a, sizeof a));
	fputs("\nset cblabel \"array rows\" offset char 1, 0\n"
	      "set logscale xycb\n"
	      "set format cb \"%g\"\n", f);
	put_log_range(f, "x", x);
	put_log_range(f, "y", y);
	fprintf(f, "set cbrange [%g:%g]\n", c.lo, c.hi);
	if (c.hi / c.lo <= 4096)
		fputs("set cbtics 2\nset mcbtics 1\n", f);
	fputs("set palette defined (0 \"#440154\", 1 \"#414487\", 2 \"#2a788e\", 3 \"#22a884\", 4 \"#7ad151\", 5 \"#fde725\")  # viridis\n", f);
	loop_begin(f);
	fputs("\tset key bottom right\n", f);
	snprintf(cmd, sizeof cmd, "\tset multiplot layout %zu, %zu margins 0.09, 0.86, %.2f, 0.86 spacing 0.04, 0.09 title",
		 rows, cols, rows > 1 ? 0.08 : 0.12);
	script_title(f, cmd, headline, in);
	for (k = 0, p = 0; k < in->nformats; k++) {
		if (in->frontier[k].n == 0)
			continue;
		fprintf(f, "\n\t# panel %zu: ", p + 1);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		if (p % cols == 0) /* left column: y labels */
			fputs("\tset ylabel \"throughput (TOp/s)\"\n\tset format y \"%g\"\n", f);
		else
			fputs("\tset ylabel \"\"\n\tset format y \"\"\n", f);
		if (p + cols >= panels) /* nothing below: x labels */
			fputs("\tset xlabel \"latency of a batch (µs)\"\n\tset format x \"%g\"\n", f);
		else
			fputs("\tset xlabel \"\"\n\tset format x \"\"\n", f);
		if (p + 1 == panels)
			fprintf(f, "\tset colorbox user origin screen 0.88, screen %.2f size screen 0.02, screen %.2f\n",
				rows > 1 ? 0.08 : 0.12, rows > 1 ? 0.78 : 0.74);
		else
			fputs("\tunset colorbox\n", f);
		points_panel(f, in, k, p == 0);
		p++;
	}
	fputs("\tunset multiplot\n", f);
	loop_end(f);
	return status(f);
}

/* ---- 3. breakdown: area and power of a few frontier designs ---- */

/* Designs per format in the breakdown figure: 2 to BREAKDOWN_DESIGNS. */
static size_t breakdown_count(const struct plot_input *in)
{
	size_t k, formats = 0, n;

	for (k = 0; k < in->nformats; k++)
		formats += in->frontier[k].n > 0;
	n = formats ? BREAKDOWN_BARS / formats : BREAKDOWN_DESIGNS;
	return n < 2 ? 2 : n > BREAKDOWN_DESIGNS ? BREAKDOWN_DESIGNS : n;
}

/*
 * Up to `want` designs of a frontier spread evenly over log latency: for
 * each target in turn the nearest design after the previous pick that
 * leaves enough designs for the targets still to come.
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
		target = lo + (hi - lo) * (double)j / (double)(want - 1);
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

/* The picked designs of each format with their area and power parts. */
static int breakdown_data(FILE *f, const struct plot_input *in)
{
	const struct plot_design *pick[BREAKDOWN_DESIGNS];
	size_t k, i, c, n;
	char columns[512], blocks[128];
	int o = 0;

	o = snprintf(columns, sizeof columns, "latency_us rows cols");
	for (c = 0; c < NAREA; c++)
		o += snprintf(columns + o, sizeof columns - (size_t)o, " %s",
			      area_parts[c].key);
	for (c = 0; c < NPOWER; c++)
		o += snprintf(columns + o, sizeof columns - (size_t)o, " %s",
			      power_parts[c].key);
	snprintf(blocks, sizeof blocks,
		 "k: up to %zu frontier designs of format k, spread over latency",
		 breakdown_count(in));
	data_head(f, "breakdown", blocks, columns);
	for (k = 0; k < in->nformats; k++) {
		fprintf(f, "# index %zu: ", k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		n = breakdown_pick(&in->frontier[k], breakdown_count(in), pick);
		for (i = 0; i < n; i++) {
			fprintf(f, "%.6g %g %g", pick[i]->latency_us, pick[i]->rows,
				pick[i]->cols);
			for (c = 0; c < NAREA; c++)
				fprintf(f, " %.6g", field(pick[i], area_parts[c].offset));
			for (c = 0; c < NPOWER; c++)
				fprintf(f, " %.6g", field(pick[i], power_parts[c].offset));
			fputc('\n', f);
		}
		end_block(f, n, 3 + NAREA + NPOWER);
	}
	return status(f);
}

/* One panel of stacked bars; columns from first_col on; budget line if near. */
static void breakdown_panel(FILE *f, const struct plot_input *in,
			    const struct component *parts, size_t nparts,
			    size_t first_col, const char *ylabel,
			    const char *unit, double budget, int xlabel)
{
	const struct plot_design *pick[BREAKDOWN_DESIGNS];
	double top = 0, sum, step, ymax;
	size_t k, i, c, n;
	int first = 1, titled = 0;

	for (k = 0; k < in->nformats; k++) {
		n = breakdown_pick(&in->frontier[k], breakdown_count(in), pick);
		for (i = 0; i < n; i++) {
			for (c = 0, sum = 0; c < nparts; c++)
				sum += field(pick[i], parts[c].offset);
			if (sum > top)
				top = sum;
		}
	}
	fprintf(f, "\n\t# %s\n\tset ylabel \"%s\"\n\tunset arrow\n\tunset label\n",
		ylabel, ylabel);
	if (xlabel) /* not an xlabel: gnuplot sets histogram titles below it */
		fputs("\tset label \"frontier designs of each format: latency (µs) and array rows × cols\" at screen 0.525, screen 0.02 center\n", f);
	if (top <= 0) /* every part 0: scale to the budget */
		top = budget;
	if (budget <= 1.5 * top) {
		fprintf(f, "\tset arrow from graph 0, first %g to graph 1, first %g nohead front dt 2 lw 1.5 lc rgb \"#333333\"\n"
			   "\tset label \"budget %g %s\" at graph 0.99, first %g right offset 0, char 0.6 front\n",
			budget, budget, budget, unit, budget);
		if (budget > top)
			top = budget;
	}
	step = nice_below(top * 1.45 / 4); /* headroom for the key */
	ymax = step * ceil(top * 1.45 / step);
	fprintf(f, "\tset yrange [0:%g]\n\tset ytics %g\n", ymax,
		nice_above(ymax / 6));
	for (k = 0; k < in->nformats; k++) {
		if (in->frontier[k].n == 0)
			continue;
		clause(f, &first, "\tplot ");
		fputs("newhistogram ", f);
		plot_gp_string(f, in->format[k]);
		for (c = 0; c < nparts; c++) {
			fprintf(f, ", \\\n\t     'plot-breakdown.dat' index %zu using %zu%s lc rgb \"%s\" ",
				k, first_col + c,
				c == 0 ? ":xtic(sprintf($1 < 100 ? \"%.3g\\n%g×%g\" : \"%.0f\\n%g×%g\", $1, $2, $3))" : "",
				parts[c].color);
			if (titled) {
				fputs("notitle", f);
				continue;
			}
			fputs("title ", f);
			plot_gp_string(f, parts[c].label);
		}
		titled = 1;
	}
	fputc('\n', f);
}

/* Two panels of stacked bars, area above power, a group per format. */
static int breakdown_script(FILE *f, const struct plot_input *in,
			    unsigned formats)
{
	script_head(f, "breakdown",
		    "area and peak power by component of a few frontier\n"
		    "# designs per format, spread over latency (stacked bars).",
		    formats);
	fputs("\nset style data histograms\n"
	      "set style histogram rowstacked gap 1 title offset 0, -1.4\n"
	      "set style fill solid 0.9 border rgb \"#333333\"\n"
	      "set boxwidth 0.7 relative\n"
	      "set grid noxtics nomxtics nomytics ytics\n"
	      "set xtics scale 0 font \",7\"\n"
	      "unset xlabel\n"
	      "set key top left horizontal maxrows 1 reverse Left noopaque nobox samplen 1.5 width 1\n", f);
	loop_begin(f);
	script_title(f, "\tset multiplot layout 2, 1 margins 0.08, 0.97, 0.15, 0.89 spacing 0, 0.17 title",
		     "Area and peak power of frontier designs", in);
	breakdown_panel(f, in, area_parts, NAREA, 4, "area (mm²)", "mm²",
			in->area_mm2, 0);
	breakdown_panel(f, in, power_parts, NPOWER, 4 + NAREA, "peak power (W)",
			"W", in->power_w, 1);
	fputs("\tunset multiplot\n", f);
	loop_end(f);
	return status(f);
}

/* ---- 4. bounds: best throughput under a latency bound ---- */

/* Right end of the x axis of the bounds figure (its data run to it). */
static struct range bounds_xrange(const struct plot_input *in)
{
	struct range x = RANGE_EMPTY;
	size_t k, i;

	for (k = 0; k < in->nformats; k++)
		for (i = 0; i < in->frontier[k].n; i++)
			range_add(&x, in->frontier[k].d[i].latency_us);
	for (i = 0; i < in->nbounds; i++)
		range_add(&x, in->bound_us[i]);
	if (x.lo > x.hi)
		x.lo = x.hi = 1;
	x.lo = nice_below(x.lo / 1.2);
	x.hi = nice_above(x.hi * 1.2);
	return x;
}

/* Best-throughput steps, values at the study bounds, ratio labels. */
static int bounds_data(FILE *f, const struct plot_input *in)
{
	struct range x = bounds_xrange(in);
	size_t k, i, n, F = in->nformats;

	data_head(f, "bounds",
		  "k < F: best throughput of format k under a bound (steps, to the axis end);\n"
		  "# F + k: the study's bounds for format k; 2F: ratio of format 0 to format 1\n"
		  "# at each bound, placed between the two (geometric mean)",
		  "latency_us throughput_tops [ratio]");
	for (k = 0; k < F; k++) {
		fprintf(f, "# index %zu: best ", k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		n = in->frontier[k].n;
		for (i = 0; i < n; i++)
			fprintf(f, "%.6g %.6g\n", in->frontier[k].d[i].latency_us,
				in->frontier[k].d[i].throughput_tops);
		if (n > 0)
			fprintf(f, "%g %.6g\n", x.hi,
				in->frontier[k].d[n - 1].throughput_tops);
		end_block(f, n, 2);
	}
	for (k = 0; k < F; k++) {
		fprintf(f, "# index %zu: study bounds ", F + k);
		plot_gp_comment(f, in->format[k]);
		fputc('\n', f);
		for (i = 0, n = 0; i < in->nbounds; i++)
			if (in->best_tops[i * F + k] > 0) {
				fprintf(f, "%g %.6g\n", in->bound_us[i],
					in->best_tops[i * F + k]);
				n++;
			}
		end_block(f, n, 2);
	}
	if (F > 1) {
		fprintf(f, "# index %zu: ratio ", 2 * F);
		plot_gp_comment(f, in->format[0]);
		fputs(" / ", f);
		plot_gp_comment(f, in->format[1]);
		fputc('\n', f);
	} else
		fprintf(f, "# index %zu: ratio (none: one format)\n", 2 * F);
	for (i = 0, n = 0; F > 1 && i < in->nbounds; i++) {
		double a = in->best_tops[i * F], b = in->best_tops[i * F + 1];

		if (a > 0 && b > 0) {
			fprintf(f, "%g %.6g %.3g\n", in->bound_us[i],
				sqrt(a * b), a / b);
			n++;
		}
	}
	end_block(f, n, 3);
	return status(f);
}

/* Study bounds at which both of the first two formats have a design. */
static size_t ratio_count(const struct plot_input *in)
{
	size_t i, n = 0, F = in->nformats;

	for (i = 0; F > 1 && i < in->nbounds; i++)
		n += in->best_tops[i * F] > 0 && in->best_tops[i * F + 1] > 0;
	return n;
}

/* Log-log steps per format, marked and compared at the study bounds. */
static int bounds_script(FILE *f, const struct plot_input *in, unsigned formats)
{
	struct range x = bounds_xrange(in), y = RANGE_EMPTY;
	size_t k, i, F = in->nformats;
	int first = 1;

	for (k = 0; k < F; k++)
		for (i = 0; i < in->frontier[k].n; i++)
			range_add(&y, in->frontier[k].d[i].throughput_tops);
	script_head(f, "bounds",
		    "the best throughput of each format under a latency bound\n"
		    "# (a step at each frontier design), marked at the study's bounds.",
		    formats);
	script_format_styles(f, in);
	fputc('\n', f);
	script_title(f, "set title", "Best throughput under a latency bound", in);
	fputs("set xlabel \"latency bound (µs)\"\n"
	      "set ylabel \"best throughput (TOp/s)\"\n"
	      "set logscale xy\n"
	      "set format xy \"%g\"\n", f);
	put_log_axis(f, "x", x.lo, x.hi);
	put_log_range(f, "y", y);
	fputs("set key top left\n", f);
	script_bounds(f, in);
	if (ratio_count(in) > 0) {
		fputs("set label ", f);
		plot_gp_stringf(f, "n×: %s has n times the throughput of %s",
				in->format[0], in->format[1]);
		fputs(" at graph 0.98, graph 0.05 right front\n", f);
	}
	loop_begin(f);
	for (k = 0; k < F; k++) {
		if (in->frontier[k].n == 0)
			continue;
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2 with steps ls %zu title ",
			k, k + 1);
		plot_gp_string(f, in->format[k]);
	}
	for (k = 0; k < F; k++) {
		for (i = 0; i < in->nbounds; i++)
			if (in->best_tops[i * F + k] > 0)
				break;
		if (i == in->nbounds)
			continue;
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2 with points ls %zu ps 1.8 notitle",
			F + k, k + 1);
	}
	if (ratio_count(in) > 0) {
		clause(f, &first, "\tplot ");
		fprintf(f, "'plot-bounds.dat' index %zu using 1:2:(sprintf(\"%%.3g×\", $3)) with labels left offset char 0.5, 0 notitle",
			2 * F);
	}
	fputc('\n', f);
	loop_end(f);
	return status(f);
}

static const struct plot_figure figures[] = {
	{ "frontier", frontier_data, frontier_script },
	{ "points", points_data, points_script },
	{ "breakdown", breakdown_data, breakdown_script },
	{ "bounds", bounds_data, bounds_script },
};

/* The figure table. */
const struct plot_figure *plot_figures(size_t *count)
{
	*count = sizeof figures / sizeof figures[0];
	return figures;
}

/* Image formats of a comma-separated list, by the terminal table. */
int dse_plot_formats_parse(const char *list, unsigned *out,
			   struct dse_error *err)
{
	const char *p = list;
	unsigned bits = 0;
	size_t i, len;

	do {
		len = strcspn(p, ",");
		for (i = 0; i < NTERMINALS; i++)
			if (strlen(terminals[i].ext) == len &&
			    strncmp(p, terminals[i].ext, len) == 0)
				break;
		if (i == NTERMINALS) {
			char names[64] = "";

			for (i = 0; i < NTERMINALS; i++)
				snprintf(names + strlen(names),
					 sizeof names - strlen(names), "%s%s",
					 i ? ", " : "", terminals[i].ext);
			return dse_error_set(err, DSE_EUSAGE,
					     "'%.*s' is not an image format (%s)",
					     (int)len, p, names);
		}
		bits |= terminals[i].bit;
		p += len;
	} while (*p++ == ',');
	*out = bits;
	return DSE_OK;
}
