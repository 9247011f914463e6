/*
 * plot_impl.h - private to plots/: a results folder as the figures need it,
 * and the table of figures.  Nothing outside plots/ includes this header.
 */
#ifndef DSE_PLOT_IMPL_H
#define DSE_PLOT_IMPL_H

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
};

/*
 * Read dir/frontier.json and dir/sample.csv into in (zeroed first).  Fails
 * with DSE_EINPUT ("file: key: reason", or a file that cannot be opened),
 * DSE_EIO (a read error) or DSE_ENOMEM; in is then empty.  Release with
 * plot_input_free.
 */
int plot_input_read(const char *dir, struct plot_input *in,
		    struct dse_error *err);
void plot_input_free(struct plot_input *in);

/*
 * One figure: plot-<name>.gp draws plot-<name>.dat into
 * plot-<name>.<png|svg|pdf>.  Both writers return DSE_OK or DSE_EIO.
 */
struct plot_figure {
	const char *name;
	int (*data)(FILE *f, const struct plot_input *in);
	int (*script)(FILE *f, const struct plot_input *in, unsigned formats);
};

/* The figures, in the order they are rendered; *count gets the length. */
const struct plot_figure *plot_figures(size_t *count);

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

/*
 * Write s for the inside of a # comment (of a script or data file):
 * control characters, backquotes, @ and backslashes left out, so it can
 * neither end nor continue the comment line.
 */
void plot_gp_comment(FILE *f, const char *s);

#endif /* DSE_PLOT_IMPL_H */
