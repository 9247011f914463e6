/*
 * dse_output.h - design points as JSON (the interchange format), CSV and
 * readable text; files written atomically.
 *
 * Every writer draws its columns from one field table (dse_field), so a
 * figure has the same key in JSON, CSV and text.  Writers take a FILE * the
 * caller opened; cJSON objects returned here are owned by the caller and
 * freed with cJSON_Delete, strings from cJSON_Print with cJSON_free.
 */
#ifndef DSE_OUTPUT_H
#define DSE_OUTPUT_H

#include <stdio.h>

#include "dse_explore.h"
#include "dse_model.h"
#include "dse_serve.h"
#include "dse_numerics.h"
#include "dse_sensitivity.h"

struct cJSON;

enum dse_field_kind { DSE_FIELD_NUMBER, DSE_FIELD_STRING, DSE_FIELD_BOOL };

/* One reported figure: its key (with unit), meaning and how to read it. */
struct dse_field {
	const char *key;
	const char *meaning;
	enum dse_field_kind kind;
	double (*number)(const struct dse_point *p);
	const char *(*string)(const struct dse_point *p);
};

/* The field table, in output order; *count receives its length. */
const struct dse_field *dse_fields(size_t *count);

/* A count with thousands separators: 1234567 as "1,234,567" (in buf). */
const char *dse_format_count(double v, char *buf, size_t len);

/*
 * s as text safe to show on a terminal or inside a quoted string, in buf
 * (len bytes, NUL-terminated; returns buf).  Control characters (C0, DEL
 * and the C1 range U+0080..U+009F) become C escapes (\n, \t, \r, \xHH,
 * \u0085) and bytes that are not UTF-8 become \xHH, so a crafted name
 * cannot move the cursor, forge a line or end a quoted string; other
 * characters, backslash included, are kept.  Truncated at a character
 * boundary when buf is too small.
 */
const char *dse_text_escape(const char *s, char *buf, size_t len);

/*
 * Write s as one CSV field (RFC 4180): as it is, or in double quotes with
 * quotes doubled when it holds a comma, quote, CR or LF.  Returns DSE_OK
 * or DSE_EIO.
 */
int dse_csv_string(FILE *f, const char *s);

/* Format a double in at most 17 digits so that it reads back exactly. */
void dse_format_double(char *buf, size_t len, double v);

/* One design as a flat JSON object of every field; NULL when out of memory. */
struct cJSON *dse_json_point(const struct dse_point *p);

/*
 * A feasible design as dse eval --json prints it: the point object and a
 * "stages" array (name, type, copies, onchip_fraction, cycles, time_us,
 * dram_mb, bound).  *out is the caller's (cJSON_Delete); DSE_ENOMEM.
 */
int dse_json_eval(const struct dse_model *model, const struct dse_point *p,
		  struct cJSON **out, struct dse_error *err);

/* The technology (name, file, description, every value and source). */
struct cJSON *dse_json_tech(const struct dse_tech *tech);

/* The workload: name, description, repeat, stages, derived totals. */
struct cJSON *dse_json_workload(const struct dse_workload *wl);

/* The budget: area_mm2, power_w, sram_mb. */
struct cJSON *dse_json_budget(const struct dse_budget *b);

/* CSV: the header line, then one line per point (same columns). */
int dse_csv_header(FILE *f);
int dse_csv_point(FILE *f, const struct dse_point *p);

/*
 * points.npy: the designs as a NumPy structured array (format 1.0), one
 * named field per key of the field table: numbers as '<f8', strings as
 * '|S32', booleans as '|b1', readable with numpy.load.  dse_npy_open
 * writes the header on f with room for the count, dse_npy_point appends a
 * record (DSE_EIO on a write error), dse_npy_finish writes the count into
 * the header (f must be seekable); the caller owns and closes f.
 */
struct dse_npy_writer;
int dse_npy_open(FILE *f, struct dse_npy_writer **out, struct dse_error *err);
int dse_npy_point(struct dse_npy_writer *w, const struct dse_point *p);
int dse_npy_finish(struct dse_npy_writer *w);
void dse_npy_free(struct dse_npy_writer *w);

/* One design as one JSON line (JSON Lines), the same keys as dse_json_point. */
int dse_jsonl_point(FILE *f, const struct dse_point *p);

/*
 * The readable breakdown of one evaluated design: configuration, array
 * count and binding constraint, area and power by component, performance
 * and energy per batch by component.
 */
int dse_text_eval(FILE *f, const struct dse_model *model,
		  const struct dse_point *p);

/* Cycles, folds and traffic of one GEMM on one array, as text and JSON. */
int dse_text_gemm(FILE *f, enum dse_dataflow df, double rows, double cols,
		  double m, double n, double k, const struct dse_gemm_stats *s);
struct cJSON *dse_json_gemm(enum dse_dataflow df, double rows, double cols,
			    double m, double n, double k,
			    const struct dse_gemm_stats *s);

/*
 * Every GEMM layer of a workload (a SCALE-Sim topology) on one array of
 * the given architecture, one item: shape, GEMMs (channels of a
 * depthwise layer), folds, cycles, utilization, then the totals.
 */
int dse_text_topology(FILE *f, enum dse_dataflow df, double rows, double cols,
		      const struct dse_array_arch *arch,
		      const struct dse_workload *wl);
struct cJSON *dse_json_topology(enum dse_dataflow df, double rows, double cols,
				const struct dse_array_arch *arch,
				const struct dse_workload *wl);

/* Reference chips: dse's figures beside the published ones, with ratios. */
int dse_text_chips(FILE *f, const struct dse_chip_report *rep, size_t n);
struct cJSON *dse_json_chips(const struct dse_chip_report *rep, size_t n);

/* ------------------------------------------------------------------ */
/* Exploration results                                                */
/* ------------------------------------------------------------------ */

/* What produced a result: recorded in frontier.json for reproduction. */
struct dse_run_info {
	const char *version;
	int argc;
	char **argv;
	const char *datadir; /* where tech/, workloads/, studies/ came from; NULL: null */
};

/*
 * The head of a results document: dse_version, datadir, command_line,
 * wall_time_s, threads, technology, workload, budget and study; NULL when
 * out of memory.
 */
struct cJSON *dse_json_run_head(const struct dse_run_info *info,
				double wall_s, unsigned threads,
				const struct dse_model *model,
				const struct dse_study *st);

/* The study as JSON: every key as the user gave it. */
struct cJSON *dse_json_study(const struct dse_study *st);

/*
 * The whole result as one JSON document (frontier.json): run info,
 * technology with its values, workload, budget, study, swept ranges,
 * counts by verdict, wall time, frontiers per format and over all formats,
 * canonical designs, and best throughput under each latency bound.
 */
struct cJSON *dse_json_explore(const struct dse_explore_result *res,
			       const struct dse_study *st,
			       const struct dse_model *model,
			       const struct dse_run_info *info);

/* frontier.csv: a "frontier" column (format name or "all"), then fields. */
int dse_csv_frontier(FILE *f, const struct dse_explore_result *res);

/* tail.csv: per SLO and format, the design with the highest tail capacity
   (tail capacity, service-time best, then the design's fields). */
int dse_csv_tail(FILE *f, const struct dse_explore_result *res);

/* sample.csv: the uniform sample of feasible designs (for scatter plots). */
int dse_csv_sample(FILE *f, const struct dse_explore_result *res);

/*
 * The readable summary: counts, the frontier per format (at most
 * max_rows rows each, evenly spaced, ends included), best throughput under
 * each latency bound with the first/second format ratio, and the gain over
 * the canonical design.
 */
int dse_text_explore(FILE *f, const struct dse_explore_result *res,
		     const struct dse_study *st, const struct dse_model *model,
		     size_t max_rows);

/* A training step's figures as train_* keys of obj (a design's object)
   and its chunks as "train_stages"; DSE_ENOMEM. */
int dse_json_train(struct cJSON *obj, const struct dse_train_step *s);

/* A training step as text: chunks by kind, step, DRAM, dedicated rate. */
int dse_text_train(FILE *f, const struct dse_train_step *s);

/* ------------------------------------------------------------------ */
/* Serving runs (dse serve)                                           */
/* ------------------------------------------------------------------ */

/* One run: a policy at a load, and the policy's tail capacity if searched. */
struct dse_serve_row {
	const char *policy, *arrivals;  /* canonical specs */
	double slo_us;                  /* 0: none */
	struct dse_serve_stats stats;
	const struct dse_serve_capacity *capacity; /* NULL: not searched */
	int trained;                    /* the run trained in idle cycles */
};

/* A run as a flat JSON object (keys with units, intervals as [lo, hi]);
   with_cdf adds `cdf_us`.  NULL when out of memory. */
struct cJSON *dse_json_serve_row(const struct dse_serve_row *r, int with_cdf);

/* The server: groups, batch, capacity, S(k) and batch energies. */
struct cJSON *dse_json_serve_server(const struct dse_serve_server *srv);

/* serve.csv: a header, then one line per run (intervals as _lo, _hi). */
int dse_csv_serve_header(FILE *f);
int dse_csv_serve_row(FILE *f, const struct dse_serve_row *r);

/* The design and its service times; the runs as a table; the capacities. */
int dse_text_serve_server(FILE *f, const struct dse_point *p,
			  const struct dse_serve_server *srv);
int dse_text_serve(FILE *f, const struct dse_serve_row *rows, size_t n);
int dse_text_serve_capacity(FILE *f, const struct dse_serve_row *rows,
			    size_t n);
/* The training figures of the rows that trained (nothing if none). */
int dse_text_serve_train(FILE *f, const struct dse_serve_row *rows, size_t n,
			 const char *workload, double items_per_step);

/* ------------------------------------------------------------------ */
/* Number formats: dse numerics and dse formats                       */
/* ------------------------------------------------------------------ */

/* One format and what dse measured of it (fields a command did not fill
   are zero). */
struct dse_format_row {
	const struct dse_format *format;
	struct dse_pe pe;              /* dse formats: PE cost at v_nom */
	struct dse_numerics_result r;  /* SQNRs and errors of one GEMM */
	const char *series;            /* CSV: "formats" (NULL) or "block:<family>" */
};

/* Which columns: dse numerics' errors, or dse formats' costs and SQNRs. */
enum dse_row_kind { DSE_ROWS_NUMERICS, DSE_ROWS_FORMATS };

/* A row as a flat JSON object (keys carry units; an infinite SQNR, no
   error at all, is null); NULL when out of memory. */
struct cJSON *dse_json_format_row(const struct dse_format_row *row,
				  enum dse_row_kind kind);

/* CSV: a header, then one line per row, led by a "series" column;
   an infinite SQNR is "inf". */
int dse_csv_format_rows(FILE *f, const struct dse_format_row *rows, size_t n,
			enum dse_row_kind kind);

/* The rows as an aligned text table. */
int dse_text_format_rows(FILE *f, const struct dse_format_row *rows, size_t n,
			 enum dse_row_kind kind);

/* ------------------------------------------------------------------ */
/* Sensitivity runs (dse sensitivity)                                 */
/* ------------------------------------------------------------------ */

/*
 * sensitivity.json: run info, technology (every value with its range),
 * workload, budget, study, method (samples, seed, sweeps), the uncertain
 * parameters, every figure (at the values, band, rank correlations, its
 * values at each range end), the tornado, the frontier band and every
 * sample (Latin hypercube point, parameter values, figures); numbers that
 * are not finite (a ratio over no design) are null.  NULL when out of
 * memory.
 */
struct cJSON *dse_json_sensitivity(const struct dse_sens_result *res,
				   const struct dse_sens_config *cfg,
				   const struct dse_study *st,
				   const struct dse_model *model,
				   const struct dse_run_info *info);

/*
 * sensitivity.csv: columns run (values, sample, low, high), sample,
 * parameter (the one at an end), each uncertain parameter's value, each
 * figure (empty when undefined, "inf" when infinite); rows: the run at
 * the values, every sample, every parameter at its low and high end.
 * Returns DSE_OK or DSE_EIO.
 */
int dse_csv_sensitivity(FILE *f, const struct dse_sens_result *res);

/* The readable summary: what ran, the bounds (and tail) table with
   bands, every figure with its two strongest drivers, the tornado. */
int dse_text_sensitivity(FILE *f, const struct dse_sens_result *res,
			 const struct dse_sens_config *cfg,
			 const struct dse_study *st,
			 const struct dse_model *model);

#endif /* DSE_OUTPUT_H */
