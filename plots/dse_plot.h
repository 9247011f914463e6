/*
 * dse_plot.h - gnuplot figures of an exploration's results folder.
 *
 * The figures are drawn from the files dse explore writes (frontier.json,
 * sample.csv).  For each figure a gnuplot script and its data files are
 * written beside the images, so a user can edit and rerun them; gnuplot is
 * then run once per script.  Nothing here prints: failures come back as a
 * status and a message.
 */
#ifndef DSE_PLOT_H
#define DSE_PLOT_H

#include <stdio.h>

#include "dse_model.h"

/* Output formats of a render, as gnuplot terminals. */
enum dse_plot_format { DSE_PLOT_PNG = 1, DSE_PLOT_SVG = 2, DSE_PLOT_PDF = 4 };

/*
 * How to draw.  The page is DSE_PLOT_WIDTH_IN x DSE_PLOT_HEIGHT_IN at
 * DSE_PLOT_FONT_PT, or with paper a single-column figure of
 * DSE_PLOT_PAPER_WIDTH_IN x DSE_PLOT_PAPER_HEIGHT_IN at
 * DSE_PLOT_PAPER_FONT_PT without a figure title (the caption has it);
 * width_in, height_in and font_pt, when not 0, override either.  Text,
 * markers and line widths scale with the font; every image format has the
 * same layout.  Figures of several panels grow taller than the page when
 * their panels need it.
 */
struct dse_plot_options {
	const char *gnuplot;  /* program to run; NULL: DSE_GNUPLOT from configure */
	unsigned formats;     /* DSE_PLOT_* bits; 0: PNG and SVG, PDF if available */
	int paper;            /* single-column figures */
	double width_in, height_in; /* 0: from paper or the default */
	double font_pt;       /* 0: from paper or the default */
};

#define DSE_PLOT_WIDTH_IN 7.5
#define DSE_PLOT_HEIGHT_IN 5.0
#define DSE_PLOT_FONT_PT 10.0
#define DSE_PLOT_PAPER_WIDTH_IN 3.4   /* one column of a two-column paper */
#define DSE_PLOT_PAPER_HEIGHT_IN 2.4
#define DSE_PLOT_PAPER_FONT_PT 8.0

/* Limits of width_in and height_in (in) and font_pt (pt). */
#define DSE_PLOT_SIZE_MIN_IN 1.0
#define DSE_PLOT_SIZE_MAX_IN 40.0
#define DSE_PLOT_FONT_MIN_PT 4.0
#define DSE_PLOT_FONT_MAX_PT 72.0

/*
 * Parse "W,H" (inches, each in [DSE_PLOT_SIZE_MIN_IN,
 * DSE_PLOT_SIZE_MAX_IN]) into *width_in and *height_in.  Fails with
 * DSE_EUSAGE saying what is wrong.
 */
int dse_plot_size_parse(const char *text, double *width_in, double *height_in,
			struct dse_error *err);

/*
 * Render the four figures of results folder `dir`:
 *  1. frontier: throughput vs latency, one line per format, log axes, the
 *     canonical design marked, latency bounds as guides;
 *  2. points: the sampled feasible designs coloured by rows, frontier on top;
 *  3. breakdown: area and power (stacked bars) of a few frontier designs
 *     per format;
 *  4. bounds: best throughput against latency bound, per format.
 * Writes <dir>/plot-<name>.gp and plot-<name>.dat (as dse_plot_write),
 * then runs gnuplot once per script in dir, which writes
 * plot-<name>.<png|svg|pdf>; gnuplot's own messages go to the inherited
 * stderr.  With opt->formats 0, PDF is drawn when `gnuplot -e "set
 * terminal pdfcairo"` succeeds.  Fails with DSE_EINPUT / DSE_EIO for a
 * missing or malformed results folder, DSE_EINFEASIBLE when it holds no
 * feasible design, and DSE_EEXTERNAL when gnuplot cannot be run ("PROG:
 * no such file; scripts and data are in DIR", the scripts being written,
 * with the Debian package to install when PROG is the default) or fails
 * (script and exit status).
 */
int dse_plot_render(const char *dir, const struct dse_plot_options *opt,
		    struct dse_error *err);

/*
 * Write the scripts and data files of the four figures of results folder
 * `dir` into the existing folder `outdir` (dir when NULL), each atomically,
 * without running gnuplot; the scripts draw as opt says (NULL: defaults;
 * formats 0: PNG and SVG; opt->gnuplot unused).  The scripts name their
 * data and images relative to their folder (cd there and run gnuplot
 * plot-<name>.gp) and hold nothing that depends on the machine.  Fails as
 * dse_plot_render, except DSE_EEXTERNAL, and with DSE_EUSAGE for a size
 * or font out of range.
 */
int dse_plot_write(const char *dir, const char *outdir,
		   const struct dse_plot_options *opt, struct dse_error *err);

/*
 * Parse a comma-separated list of image formats ("png,svg,pdf") into
 * DSE_PLOT_* bits.  Fails with DSE_EUSAGE naming the unknown format.
 */
int dse_plot_formats_parse(const char *list, unsigned *out,
			   struct dse_error *err);

/* Most sampled designs drawn in the points figure (sample.csv is thinned). */
#define DSE_PLOT_MAX_POINTS 20000

#endif /* DSE_PLOT_H */
