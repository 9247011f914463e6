/*
 * plot_impl.h - private to plots/: a results folder as the figures need it,
 * and the table of figures.  Nothing outside plots/ includes this header.
 */
#ifndef DSE_PLOT_IMPL_H
#define DSE_PLOT_IMPL_H

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "dse_output.h"
#include "dse_plot.h"

/*
 * Limits of what the reader takes from a results folder; past them the
 * folder is refused (DSE_EINPUT) rather than drawn wrong or slowly.
 */
/* (a) 24 decades around 1 hold every accelerator in the units used
   (us, TOp/s, GHz, mm2, W, MB) and keep every axis computation finite */
#define PLOT_LOG_MIN 1e-12          /* smallest value on a log axis */
#define PLOT_LOG_MAX 1e12           /* largest value of any number */
#define PLOT_SHAPE_MAX 4294967295.0 /* rows, cols, k-split, batch: unsigned */
#define PLOT_COUNT_MAX 1e15         /* counts.feasible */
#define PLOT_NAME_MAX 63            /* bytes of a format name */
#define PLOT_MAX_DESIGNS 1000000    /* designs in one frontier list */
#define PLOT_MAX_SAMPLE_ROWS 1000000 /* rows of sample.csv (dse explore
					--sample at most 1e6) */
#define PLOT_CSV_FIELDS 64          /* fields of a sample.csv record */
#define PLOT_CSV_RECORD_MAX 65536   /* bytes of a sample.csv record */
#define PLOT_FIGURE_MAX 1e15        /* |value| of a per-format figure (the
				       explorer's constraint limit) */

/* The figures of one design that the plots draw (keys of frontier.json). */
struct plot_design {
	enum dse_dataflow dataflow;
	double latency_us, throughput_tops, rows, cols, k_split, batch, freq_ghz;
	double area_pe_mm2, area_array_fixed_mm2, area_sram_mm2, area_fixed_mm2;
	double power_pe_dynamic_w, power_pe_leak_w, power_sram_w,
	       power_sram_leak_w, power_fixed_w;
};

/* A list of designs sorted by latency, as in frontier.json. */
struct plot_designs {
	size_t n;
	struct plot_design *d;
};

/* One row of sample.csv: a feasible design drawn uniformly. */
struct plot_sample {
	size_t format; /* index into plot_input.format */
	double latency_us, throughput_tops, rows;
};

/* One run of a serving folder (serve.json), as its figures draw it. */
struct plot_serve_run {
	size_t policy;                    /* index into plot_serve.policy */
	double load;                      /* rho */
	double p50_us, p99_us, p999_us;   /* latency percentiles */
	double tail_us;                   /* at the run's percentile */
	int has_cdf;
	double cdf_us[DSE_SERVE_CDF_POINTS]; /* at dse_serve_cdf_p(i) */
	int has_train;
	double infer_tops, train_tops;    /* served and trained TOp/s */
	double dedicated_tops;            /* training alone on the design */
};

/* A serving folder: serve.json, read and checked. */
struct plot_serve {
	char *design;                     /* format dataflow rows x cols */
	double slo_us;                    /* 0: none */
	double percentile;
	size_t npolicy;
	char **policy;                    /* canonical specs, in run order */
	size_t nruns;
	struct plot_serve_run *run;       /* policy by policy, loads ascending */
};

/* One bar of the tornado (sensitivity.json "tornado"). */
struct plot_sens_bar {
	char *key;                        /* the parameter (owned) */
	double lo, hi;                    /* its range */
	double at_lo, at_hi;              /* the figure there; NaN: undefined */
};

/* A sensitivity folder: sensitivity.json, read and checked. */
struct plot_sens {
	size_t nsamples;
	size_t nformats;
	char **format;                    /* of the frontier band (owned) */
	size_t ngrid;
	double *grid_us;                  /* latencies of the band, ascending */
	double *band;                     /* [(k * ngrid + g) * 4 + j]: best
					     throughput under grid_us[g] at the
					     values, its 5 %, median and 95 %
					     (j = 0..3); 0 or NaN: none */
	char *tornado;                    /* its figure's name (owned) */
	int tornado_ratio;                /* 1: a ratio, else TOp/s */
	double tornado_at_values;
	size_t nbars;
	struct plot_sens_bar *bar;        /* largest swing first */
	size_t nratios;
	char **ratio_name;                /* "format/baseline" of each series */
	size_t nbounds;
	double *bound_us;                 /* of the ratio figures */
	double *ratio;                    /* [(r * nbounds + b) * nsamples + s]:
					     NaN none (or infinite) */
	double *ratio_at_values;          /* [r * nbounds + b] */
};

/* A results folder: frontier.json and sample.csv, read and checked. */
struct plot_input {
	char *tech, *workload;              /* names (owned) */
	double area_mm2, power_w, sram_mb;  /* budget */
	double feasible;                    /* feasible designs swept; 0: unknown */
	size_t nformats;
	char **format;                      /* canonical names, study order */
	struct plot_designs *frontier;      /* per format, latency-throughput
					       Pareto designs only */
	struct plot_designs *canonical;     /* per format, one per batch */
	size_t nbounds;
	double *bound_us;                   /* latency bounds of the study */
	double *best_tops;                  /* [bound * nformats + format]; 0: none */
	size_t nsample;
	struct plot_sample *sample;         /* sample.csv thinned evenly to at
					       most DSE_PLOT_MAX_POINTS rows */
	/* the tail pass (frontier.json "tail"), when ntail > 0 */
	size_t ntail;
	double *tail_slo_us;                /* SLOs, ascending */
	double *tail_tops;                  /* [slo * nformats + format]: the
					       highest tail capacity; 0: none */
	double *tail_service_tops;          /* the service-time best there */
	char *tail_what;                    /* "p99, poisson, deadline" */
	/* training for free on each tail winner (dse explore --train) */
	int has_tail_train;
	double tail_train_share[DSE_TAIL_TRAIN_LOADS]; /* of its capacity */
	double *tail_train_fraction;        /* [(slo * nformats + format) *
					       DSE_TAIL_TRAIN_LOADS + share]
					       of dedicated training; NaN:
					       none */
	/* a per-format accuracy figure (frontier.json "accuracy": the
	   measured "accuracy" when there, else the "sqnr" proxy) */
	int has_accuracy;
	char *accuracy_name;                /* "accuracy" or "sqnr" (owned) */
	char *accuracy_unit;                /* "dB", or "" (owned) */
	char *accuracy_origin;              /* what the values are (owned) */
	int accuracy_up;                    /* 1: more is better */
	double *accuracy;                   /* per format; NaN: none (or
					       infinite) */
	int has_frontier;                   /* frontier.json was read */
	int has_serve;                      /* serve.json was read */
	struct plot_serve serve;
	int has_sens;                       /* sensitivity.json was read */
	struct plot_sens sens;
};

/*
 * Read a results folder into in (zeroed first): dir/frontier.json and
 * dir/sample.csv (dse explore), dir/serve.json (dse serve), or both; one
 * of them must be there.  Fails with DSE_EINPUT ("file: key: reason", or
 * a file that cannot be opened), DSE_EIO (a read error) or DSE_ENOMEM; in
 * is then empty.  Release with plot_input_free.
 */
int plot_input_read(const char *dir, struct plot_input *in,
		    struct dse_error *err);
void plot_input_free(struct plot_input *in);

/* dir/name read into *doc (a JSON object; freed by the caller) and *file
   (its path, freed by the caller); *doc NULL and DSE_OK when there is no
   such file; DSE_EINPUT for a malformed one. */
int plot_read_optional(const char *dir, const char *name, char **file,
		       struct cJSON **doc, struct dse_error *err);

/* serve.json of dir into in->serve and the title fields (read_serve.c);
   DSE_OK with has_serve 0 when there is none. */
int plot_serve_read(const char *dir, struct plot_input *in,
		    struct dse_error *err);
void plot_serve_free(struct plot_serve *s);

/* sensitivity.json of dir into in->sens and, when nothing else gave
   them, the title fields (read_sensitivity.c); DSE_OK with has_sens 0
   when there is none. */
int plot_sens_read(const char *dir, struct plot_input *in,
		   struct dse_error *err);
void plot_sens_free(struct plot_sens *s);

/* The title fields of a results document: technology, workload, budget
   (read.c; frontier.json and serve.json share them). */
int plot_read_setting(const struct cJSON *doc, const char *file,
		      struct plot_input *in, struct dse_error *err);

/* ---- the page (script.c): size, font and images of every figure ---- */

/* Size and font of the figures, and which images to draw. */
struct plot_page {
	double width_in, height_in; /* one figure; multi-panel ones grow taller */
	double font_pt;             /* text as printed (PDF points) */
	int paper;                  /* single-column: no title, the caption has it */
	unsigned formats;           /* DSE_PLOT_* */
};

/* The page of a render: --paper or the default, then --size and --font;
   DSE_EUSAGE naming the option for a size or font out of range. */
int plot_page_init(struct plot_page *page, const struct dse_plot_options *opt,
		   struct dse_error *err);

/* Characters of text across a width, lines of text down a height (in). */
double plot_chars(const struct plot_page *page, double width_in);
double plot_lines(const struct plot_page *page, double height_in);

/* Inches taken by n characters across, or n lines of text down. */
double plot_chars_in(const struct plot_page *page, double n);
double plot_lines_in(const struct plot_page *page, double n);

/*
 * One figure: plot-<name>.gp draws plot-<name>.dat into
 * plot-<name>.<png|svg|pdf>.  Both writers get the page (the data of a
 * figure may depend on how much fits), the script writer its row too; both
 * return DSE_OK or DSE_EIO.
 * Adding a figure is adding a row to the table (figures.c) and its two
 * writers, built from the helpers below.
 */
struct plot_figure {
	const char *name;
	const char *what; /* the script's first comment lines */
	/* 1 when the folder holds what the figure draws */
	int (*wanted)(const struct plot_input *in);
	int (*data)(FILE *f, const struct plot_input *in,
		    const struct plot_page *page);
	int (*script)(FILE *f, const struct plot_figure *fig,
		      const struct plot_input *in, const struct plot_page *page);
};

/* The figures, in the order they are rendered; *count gets the length. */
const struct plot_figure *plot_figures(size_t *count);

/* The writers of each figure (plots/fig_<name>.c). */
int plot_frontier_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page);
int plot_frontier_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in,
			 const struct plot_page *page);
int plot_points_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page);
int plot_points_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in,
		       const struct plot_page *page);
int plot_breakdown_data(FILE *f, const struct plot_input *in,
			const struct plot_page *page);
int plot_breakdown_script(FILE *f, const struct plot_figure *fig,
			  const struct plot_input *in,
			  const struct plot_page *page);
int plot_bounds_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page);
int plot_bounds_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in,
		       const struct plot_page *page);
int plot_tail_data(FILE *f, const struct plot_input *in,
		   const struct plot_page *page);
int plot_tail_script(FILE *f, const struct plot_figure *fig,
		     const struct plot_input *in, const struct plot_page *page);
int plot_latency_data(FILE *f, const struct plot_input *in,
		      const struct plot_page *page);
int plot_latency_script(FILE *f, const struct plot_figure *fig,
			const struct plot_input *in,
			const struct plot_page *page);
int plot_cdf_data(FILE *f, const struct plot_input *in,
		  const struct plot_page *page);
int plot_cdf_script(FILE *f, const struct plot_figure *fig,
		    const struct plot_input *in, const struct plot_page *page);
int plot_cdf_wanted(const struct plot_input *in);
int plot_train_slo_data(FILE *f, const struct plot_input *in,
			const struct plot_page *page);
int plot_train_slo_script(FILE *f, const struct plot_figure *fig,
			  const struct plot_input *in,
			  const struct plot_page *page);
/* The SLOs of the tail pass, padded, as a log x range (fig_tail.c). */
struct plot_range plot_tail_xrange(const struct plot_input *in);
int plot_training_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page);
int plot_training_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in,
			 const struct plot_page *page);
int plot_training_wanted(const struct plot_input *in);
int plot_sens_wanted(const struct plot_input *in);
int plot_band_data(FILE *f, const struct plot_input *in,
		   const struct plot_page *page);
int plot_band_script(FILE *f, const struct plot_figure *fig,
		     const struct plot_input *in, const struct plot_page *page);
int plot_tornado_data(FILE *f, const struct plot_input *in,
		      const struct plot_page *page);
int plot_tornado_script(FILE *f, const struct plot_figure *fig,
			const struct plot_input *in,
			const struct plot_page *page);
int plot_accuracy_wanted(const struct plot_input *in);
int plot_accuracy_data(FILE *f, const struct plot_input *in,
		       const struct plot_page *page);
int plot_accuracy_script(FILE *f, const struct plot_figure *fig,
			 const struct plot_input *in,
			 const struct plot_page *page);
int plot_ratios_data(FILE *f, const struct plot_input *in,
		     const struct plot_page *page);
int plot_ratios_script(FILE *f, const struct plot_figure *fig,
		       const struct plot_input *in, const struct plot_page *page);

/* ---- script text (script.c): untrusted strings stay strings ---- */

/* Longest text written into a script, bytes; longer text is cut. */
#define PLOT_TEXT_MAX 1024

/*
 * Write s as a gnuplot single-quoted string: quotes doubled, control
 * characters shown as escapes (\n, \x1b), so no byte of s can end the
 * string or the command, and gnuplot substitutes nothing in it.  Every
 * text from a results folder reaches a script through this function; a
 * title of several lines is parts joined with . "\n" . between them.
 */
void plot_gp_string(FILE *f, const char *s);

/* plot_gp_string of a printf-formatted text (cut at PLOT_TEXT_MAX). */
void plot_gp_stringf(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Longest name shown in a key, title or label, in characters: longer
   names end in an ellipsis. */
#define PLOT_LABEL_CHARS 20

/* A name cut to PLOT_LABEL_CHARS characters (UTF-8) into buf; returns buf. */
const char *plot_label(const char *name, char *buf, size_t len);

/* Characters of plot_label(name). */
size_t plot_label_chars(const char *name);

/*
 * Write s for the inside of a # comment (of a script or data file):
 * control characters, backquotes, @ and backslashes left out, so it can
 * neither end nor continue the comment line.
 */
void plot_gp_comment(FILE *f, const char *s);

/* ---- layout shared by the figures (script.c) ---- */

/*
 * The script's head: what it draws (fig->what), the terminals and file
 * names of the page's images for a figure of height_in (the page height,
 * or more for panels), and the style every figure shares (border, grid,
 * tics, point size).
 */
void plot_script_head(FILE *f, const struct plot_figure *fig,
		      const struct plot_page *page, double height_in);

/* Line styles: format k is style k + 1 (colour, dash, filled point) and
   its canonical design style 101 + k (colour, dotted, open point). */
void plot_format_styles(FILE *f, const struct plot_input *in);

/* Line style k + 1 (colour, dash, filled point) for each of n series. */
void plot_series_styles(FILE *f, char *const *names, size_t n);

/*
 * A plot's area on its figure, inches from the figure's left and bottom
 * edges.  Every plot is placed by its box (margins at screen positions),
 * never by gnuplot's automatic margins, which count in characters whose
 * size differs between terminals: so PNG, SVG and PDF share one layout.
 */
struct plot_box {
	double x0, y0, x1, y1;
};

/* "set lmargin at screen ..." and the three others for box b on a figure
   height_in tall. */
void plot_margins(FILE *f, const struct plot_page *page, double height_in,
		  const struct plot_box *b);

/* Inches left of a plot for its y label and tick labels `tick_chars`
   long; inches below it for its tick labels and x label. */
double plot_left_in(const struct plot_page *page, double tick_chars);
double plot_bottom_in(const struct plot_page *page);

/*
 * The y label of box b, rotated, left of its tick labels (tick_chars
 * long), as label 903 at a screen position: gnuplot's own y label moves
 * with each terminal's character width (svg drops it when it falls off the
 * page).  A plot with it has no "set ylabel"; in a multiplot each panel
 * writes its own after "unset label".
 */
void plot_ylabel(FILE *f, const struct plot_page *page, double height_in,
		 const struct plot_box *b, double tick_chars, const char *text);

/* The x label of box b under its tick labels, as label 904 (as
   plot_ylabel, for the same reason). */
void plot_xlabel(FILE *f, const struct plot_page *page, double height_in,
		 const struct plot_box *b, const char *text);

/*
 * Lines a figure title takes at the top: 2 (what it shows; the setting),
 * or 0 on a paper page (the caption says it).  plot_title writes it as
 * two labels (tags 900, 901) centred at the top of a figure height_in
 * tall; in a multiplot plot_untitle removes them after the first panel.
 */
double plot_title_lines(const struct plot_page *page);
void plot_title(FILE *f, const struct plot_page *page, double height_in,
		const char *headline, const struct plot_input *in);
void plot_untitle(FILE *f, const struct plot_page *page);

/*
 * Where a key of `entries` entries goes (`longest` characters the longest
 * label; `titled` when it has a title line): inside the top left corner
 * when there are at most PLOT_KEY_INSIDE_MAX (above every curve of a
 * frontier, which rises to the right, once the y axis makes room with
 * plot_log_headroom), else (or when `below`) below the plot in as many
 * columns as fit across width_in.  plot_key_room says the lines it takes; plot_key
 * writes "set key" for a plot in box b (below: under b's x label).
 */
#define PLOT_KEY_INSIDE_MAX 3
struct plot_key_room {
	double inside, below; /* lines inside the top of the plot, below it */
	size_t rows;          /* of a key below */
};
struct plot_key_room plot_key_room(const struct plot_page *page,
				   size_t entries, size_t longest, int titled,
				   double width_in, int below);
void plot_key(FILE *f, const struct plot_page *page, double height_in,
	      const struct plot_box *b, const struct plot_key_room *room,
	      size_t longest);

/* The "width" option of a key whose longest label has `longest`
   characters (corrects gnuplot's estimate of the text's width). */
int plot_key_width(size_t longest);

/* A range of positive values seen so far; lo > hi when empty. */
struct plot_range {
	double lo, hi;
};

#define PLOT_RANGE_EMPTY { HUGE_VAL, -HUGE_VAL }

/* Widen r to hold v. */
void plot_range_add(struct plot_range *r, double v);

/* Formats with frontier designs; *longest: characters of their longest
   label (plot_label). */
size_t plot_formats_drawn(const struct plot_input *in, size_t *longest);

/* Widen x (if not NULL) by the latencies and y (if not NULL) by the
   throughputs of the designs of n lists. */
void plot_designs_add(struct plot_range *x, struct plot_range *y,
		      const struct plot_designs *lists, size_t n);

/* The highest throughput of the designs of n lists at latency <= x_max
   (0: none). */
double plot_designs_top(const struct plot_designs *lists, size_t n,
			double x_max);

/* Largest / smallest 1, 2 or 5 x 10^k not above / below v (v > 0). */
double plot_nice_below(double v);
double plot_nice_above(double v);

/* r padded to 1-2-5 values (1..10 when empty) for a log axis. */
struct plot_range plot_log_pad(struct plot_range r);

/*
 * Raise the top of log range r so that `lines` lines of text fit above
 * `top` (the highest point under a key inside the top of the plot) in a
 * plot `plot_in` inches tall: the key then hides no point.
 */
struct plot_range plot_log_headroom(struct plot_range r, double top,
				    double lines, double plot_in,
				    const struct plot_page *page);

/* The highest y a figure draws at x <= x_max (0: none). */
typedef double (*plot_top_fn)(const struct plot_input *in, double x_max);

/*
 * "set <axis>range [lo:hi]" on a log axis `length_in` inches long, with
 * labelled tics that fit: every decade, or every second or third one when
 * they would crowd (the others unlabelled), and 2 and 5 x 10^k as well on
 * a short axis with room.  `across`: labels side by side (an x axis),
 * else stacked (y).
 */
void plot_log_axis(FILE *f, const struct plot_page *page, const char *axis,
		   struct plot_range r, double length_in, int across);

/*
 * Rows (0, 1 or 2) of labels over the study's latency bounds in x range r
 * on a plot width_in wide; plot_bound_guides draws the dotted guides and
 * those labels above box b: each label where it does not touch another
 * (a second row takes what the first cannot, the rest stay unlabelled),
 * "25 µs" when one row holds them all, else bare numbers but the last.
 */
int plot_bound_rows(const struct plot_input *in, struct plot_range r,
		    const struct plot_page *page, double width_in);
void plot_bound_guides(FILE *f, const struct plot_input *in,
		       struct plot_range r, const struct plot_page *page,
		       double height_in, const struct plot_box *b);

/* Characters of the longest y tick label a plot leaves room for. */
#define PLOT_TICK_CHARS 5.0

/*
 * A single log-log plot on the page: the box (room for tick labels, axis
 * labels, a key of `entries` below and the bound labels above, and at
 * least 6 lines for the data: the figure grows taller when the page
 * leaves less), the key, the study's bound guides, and both axes (x range
 * as given, y padded and raised above what under_key says is drawn under
 * a key inside).  plot_single_layout
 * decides (height_in goes to plot_script_head); plot_single_write writes
 * the title, the axis labels and all of it; the caller draws.
 */
struct plot_single {
	int x_linear;      /* set before plot_single_layout: a linear x axis */
	int no_guides;     /* set before plot_single_layout: no bound guides */
	int key_below;     /* set before plot_single_layout: the key below */
	int y_linear;      /* set before plot_single_layout: a linear y axis
			      over y as given (the key below) */
	double height_in;
	struct plot_box box;
	struct plot_key_room key;
	struct plot_range x, y;
	size_t longest;
	double tick_chars; /* of the longest y tick label */
	int rows;          /* of bound labels */
};
void plot_single_layout(const struct plot_page *page,
			const struct plot_input *in, struct plot_range x,
			struct plot_range y, size_t entries, size_t longest,
			int key_titled, plot_top_fn under_key,
			struct plot_single *s);
void plot_single_write(FILE *f, const struct plot_page *page,
		       const struct plot_input *in, const char *headline,
		       const char *xlabel, const char *ylabel,
		       const struct plot_single *s);

/*
 * Panels on a grid (one per format, policy, ...): as many columns as fit
 * (at most PLOT_GRID_MAX_COLS, each plot at least PLOT_GRID_MIN_CHARS
 * across and PLOT_GRID_MIN_LINES down), `right_in` inches kept free right
 * of the panels (a colour box), a title above each panel and a key of
 * `key_rows` lines below them all.  The figure grows taller than the page when the
 * rows need it.  plot_grid_box gives panel p's plot box, row by row.
 */
#define PLOT_GRID_MAX_COLS 3
#define PLOT_GRID_MIN_CHARS 8.0
#define PLOT_GRID_MIN_LINES 5.0
struct plot_grid {
	size_t panels, cols, rows;
	double tick_chars;           /* of the y tick labels */
	double height_in, line, top, key, right, cell_w, cell_h;
};
void plot_grid_layout(const struct plot_page *page, size_t panels,
		      double tick_chars, double right_in, size_t key_rows,
		      struct plot_grid *g);
struct plot_box plot_grid_box(const struct plot_page *page,
			      const struct plot_grid *g, size_t p);

/* Open the loop that draws the figure once per image; close it. */
void plot_loop_begin(FILE *f);
void plot_loop_end(FILE *f);

/* Start ("\tplot ") or continue (", \" and a new line) a plot command. */
void plot_clause(FILE *f, int *first);

/* End a data set: gnuplot's index counts blocks split by two blank lines;
   an empty one is a row of `columns` NaN so that it keeps its index. */
void plot_end_block(FILE *f, size_t rows, size_t columns);

/* The comment heading a data file: its script, data sets and columns. */
void plot_data_head(FILE *f, const char *name, const char *blocks,
		    const char *columns);

/* DSE_EIO if a write to f failed, else DSE_OK. */
int plot_status(FILE *f);

#endif /* DSE_PLOT_IMPL_H */
