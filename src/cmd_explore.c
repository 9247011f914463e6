/* cmd_explore.c - dse explore: sweep, frontiers, files, table, plots. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "config.h"
#include "dse_explore.h"
#include "dse_output.h"
#include "dse_plot.h"

/* Frontier rows printed per format (all of them go to frontier.csv). */
#define TABLE_ROWS 16

static const char explore_usage[] =
	"usage: dse explore [options]      (also: dse with no arguments)\n"
	"Sweep format x dataflow x rows x cols x k-split x frequency (x batch for\n"
	"ws/is), size each design to fill the budget (MODEL.md section 5) and keep\n"
	"the Pareto frontier of latency (down) and throughput (up).\n\n"
	"Ranges: lists 1,2,4; lo:hi (step 1); lo:hi:step; geometric lo:hi:x2; mixed 1,8:64:x2.\n\n"
	"  --study FILE           JSON study (keys as below, with _ for -); flags override it\n"
	"  --formats LIST         PE formats [hbfp8,bf16]\n"
	"  --dataflows LIST       os, ws, is [os]\n"
	"  --rows RANGE           array heights h (os: batch) [1:1024]\n"
	"  --cols RANGE           array widths w [32:4096:x2]\n"
	"  --k-split RANGE        K-slices per group s [1:8]\n"
	"  --freq-ghz RANGE       clock, GHz; dvfs[:STEP] = f(v_min)..f(v_max) [dvfs, step 0.01]\n"
	"  --batch RANGE          items per group for ws/is and the canonical design [1:1024:x2]\n"
	"  --fold-overlap on|off  double-buffered arrays: overlapped folds (MODEL.md 2.1) [on]\n"
	"  --accumulators on|off  ws/is partial sums in accumulators (MODEL.md 2.1) [on]\n"
	"%s"
	"                         (explore: --sram-mb takes a RANGE, a swept dimension)\n"
	"  --latency-max-us L     drop designs slower than L us [none]\n"
	"  --bounds LIST          latency bounds of the summary table, us [25,50,100,250,500]\n"
	"  --objectives LIST      latency,throughput[,energy] (energy per item, down) [latency,throughput]\n"
	"  --threads N            worker threads, 0 = every core [0]\n"
	"  --seed N               seed of the uniform sample of feasible points [1]\n"
	"  --sample N             designs kept in sample.csv for the scatter plot [20000]\n"
	"  -o, --output DIR       results folder [dse-out]\n"
	"  --all-points           also stream every design to points.jsonl and points.csv\n"
	"  --plot                 render the figures into DIR (gnuplot)\n"
	"  --json                 print the summary as JSON (as frontier.json) instead of a table\n"
	"  -q, --quiet            no progress bar\n"
	"  -h, --help             this help\n\n"
	"Writes DIR/frontier.json, frontier.csv and sample.csv (temporary names, then\n"
	"renamed: a failed run leaves no partial file).  Warnings (the canonical design\n"
	"beats a frontier; a best design on the edge of a swept range) go to stderr as\n"
	"'dse: warning: ...' and to frontier.json.\n"
	"Exit: 0 success, 2 bad usage, 3 bad input file, 4 no feasible design.\n";

enum { OPT_STUDY = OPT_SETTING_END, OPT_FORMATS, OPT_DATAFLOWS, OPT_ROWS,
       OPT_COLS, OPT_KSPLIT, OPT_FREQ, OPT_BATCH, OPT_LATMAX, OPT_BOUNDS,
       OPT_OBJECTIVES, OPT_THREADS, OPT_SEED, OPT_SAMPLE, OPT_ALL, OPT_PLOT,
       OPT_JSON, OPT_OVERLAP, OPT_ACC };

static const struct option options[] = {
	CLI_SETTING_OPTIONS,
	{ "study", required_argument, NULL, OPT_STUDY },
	{ "formats", required_argument, NULL, OPT_FORMATS },
	{ "dataflows", required_argument, NULL, OPT_DATAFLOWS },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "cols", required_argument, NULL, OPT_COLS },
	{ "k-split", required_argument, NULL, OPT_KSPLIT },
	{ "freq-ghz", required_argument, NULL, OPT_FREQ },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "fold-overlap", required_argument, NULL, OPT_OVERLAP },
	{ "accumulators", required_argument, NULL, OPT_ACC },
	{ "latency-max-us", required_argument, NULL, OPT_LATMAX },
	{ "bounds", required_argument, NULL, OPT_BOUNDS },
	{ "objectives", required_argument, NULL, OPT_OBJECTIVES },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "sample", required_argument, NULL, OPT_SAMPLE },
	{ "output", required_argument, NULL, 'o' },
	{ "all-points", no_argument, NULL, OPT_ALL },
	{ "plot", no_argument, NULL, OPT_PLOT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Study key of each range or list flag. */
static const struct {
	int opt;
	const char *key, *flag;
} study_flags[] = {
	{ OPT_TECH, "tech", "--tech" },
	{ OPT_WORKLOAD, "workload", "--workload" },
	{ OPT_AREA, "area_mm2", "--area-mm2" },
	{ OPT_POWER, "power_w", "--power-w" },
	{ OPT_SRAM, "sram_mb", "--sram-mb" },
	{ OPT_DRAM_BUDGET, "dram_in_budget", "--dram-in-budget" },
	{ OPT_OVERLAP, "fold_overlap", "--fold-overlap" },
	{ OPT_ACC, "accumulators", "--accumulators" },
	{ OPT_FORMATS, "formats", "--formats" },
	{ OPT_DATAFLOWS, "dataflows", "--dataflows" },
	{ OPT_ROWS, "rows", "--rows" },
	{ OPT_COLS, "cols", "--cols" },
	{ OPT_KSPLIT, "k_split", "--k-split" },
	{ OPT_FREQ, "freq_ghz", "--freq-ghz" },
	{ OPT_BATCH, "batch", "--batch" },
	{ OPT_LATMAX, "latency_max_us", "--latency-max-us" },
	{ OPT_BOUNDS, "bounds_us", "--bounds" },
	{ OPT_OBJECTIVES, "objectives", "--objectives" },
	{ OPT_THREADS, "threads", "--threads" },
	{ OPT_SEED, "seed", "--seed" },
	{ OPT_SAMPLE, "sample", "--sample" },
};

struct explore_args {
	struct dse_study st;
	const char *outdir;
	int all_points, plot, json, quiet;
	char tech_from[300], workload_from[300]; /* who named them */
};

/* First pass: study files in order, so that flags override what they say. */
static int load_studies(int argc, char **argv, struct explore_args *a,
			struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	optind = 0; /* GNU getopt: 0 restarts the scan from scratch */
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "ho:q", options, NULL)) != -1) {
		if (opt != OPT_STUDY)
			continue;
		rc = dse_study_load(&a->st, optarg, err);
		snprintf(a->tech_from, sizeof a->tech_from, "%.280s: tech", optarg);
		snprintf(a->workload_from, sizeof a->workload_from,
			 "%.280s: workload", optarg);
	}
	return rc;
}

/* Study files first, then flags over them: DSE_OK, 1 after --help, or an error. */
static int parse(int argc, char **argv, struct explore_args *a,
		 struct dse_error *err)
{
	int opt, rc;
	size_t i;

	strcpy(a->tech_from, "--tech");
	strcpy(a->workload_from, "--workload");
	if ((rc = load_studies(argc, argv, a, err)) != DSE_OK)
		return rc;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "ho:q", options, NULL)) != -1) {
		for (i = 0; i < sizeof study_flags / sizeof study_flags[0]; i++)
			if (study_flags[i].opt == opt)
				break;
		if (i < sizeof study_flags / sizeof study_flags[0]) {
			/* a flag without an argument switches its key on */
			rc = dse_study_set(&a->st, study_flags[i].key,
					   optarg ? optarg : "on",
					   study_flags[i].flag, err);
			if (rc != DSE_OK)
				return rc;
			if (opt == OPT_TECH)
				strcpy(a->tech_from, "--tech");
			if (opt == OPT_WORKLOAD)
				strcpy(a->workload_from, "--workload");
			continue;
		}
		switch (opt) {
		case OPT_STUDY: break;
		case 'o': a->outdir = optarg; break;
		case OPT_ALL: a->all_points = 1; break;
		case OPT_PLOT: a->plot = 1; break;
		case OPT_JSON: a->json = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h':
			printf(explore_usage, cli_setting_help);
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "explore: unknown option or missing argument '%s' (see dse explore --help)",
					     argv[optind - 1]);
		}
	}
	if (optind < argc)
		return dse_error_set(err, DSE_EUSAGE,
				     "explore: unexpected argument '%s' (see dse explore --help)",
				     argv[optind]);
	if (*a->outdir == '\0')
		return dse_error_set(err, DSE_EUSAGE, "--output: empty folder name");
	return DSE_OK;
}

/* Progress on stderr: only on a terminal and once the sweep passes 1 s. */
struct progress {
	struct timespec start;
	int shown;
};

/* Seconds since t0 on the monotonic clock. */
static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

/* Progress hook: a bar, rate and ETA on stderr once the sweep passes 1 s. */
static void show_progress(double done, double total, void *arg)
{
	struct progress *pr = arg;
	double el = since(&pr->start), rate = el > 0 ? done / el : 0;
	int width = 30, fill = total > 0 ? (int)(width * done / total) : 0;

	if (el < 1.0 || total <= 0)
		return;
	pr->shown = 1;
	fprintf(stderr, "\r[%.*s%*s] %5.1f %% %.3g M designs, %.3g M/s, ETA %.0f s ",
		fill, "##############################", width - fill, "",
		100.0 * done / total, done / 1e6, rate / 1e6,
		rate > 0 ? (total - done) / rate : 0.0);
	fflush(stderr);
}

/* --all-points: every design streamed to two files, committed at the end. */
struct sink {
	struct dse_atomic_file *jsonl, *csv;
	struct dse_error err; /* the first write failure, naming its file */
};

/* Point hook: append p to points.jsonl and points.csv; a failure goes to s->err. */
static int sink_point(const struct dse_point *p, void *arg)
{
	struct sink *s = arg;
	const struct dse_atomic_file *bad = NULL;

	if (dse_jsonl_point(s->jsonl->f, p) != DSE_OK)
		bad = s->jsonl;
	else if (dse_csv_point(s->csv->f, p) != DSE_OK)
		bad = s->csv;
	if (bad == NULL)
		return DSE_OK;
	dse_error_set(&s->err, DSE_EIO, "%s: write failed: %s", bad->path,
		      strerror(errno));
	return DSE_EIO;
}

/*
 * mkdir -p for the results folder; *first receives the length of the
 * shortest prefix it created (0: it created nothing).
 */
static int make_dir(const char *dir, size_t *first, struct dse_error *err)
{
	char path[4096];
	size_t i, n = strlen(dir);

	if (n >= sizeof path)
		return dse_error_set(err, DSE_EUSAGE, "--output: path too long");
	memcpy(path, dir, n + 1);
	for (i = 1; i <= n; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0755) == 0) {
			if (*first == 0)
				*first = i;
		} else if (errno != EEXIST) {
			return dse_error_set(err, DSE_EIO, "%s: cannot create: %s",
					     path, strerror(errno));
		}
		path[i] = dir[i];
	}
	return DSE_OK;
}

/* Remove the folders make_dir created, if they are still empty. */
static void remove_created(const char *dir, size_t first)
{
	char path[4096];
	char *slash;

	if (first == 0 || strlen(dir) >= sizeof path)
		return;
	strcpy(path, dir);
	while (strlen(path) >= first && rmdir(path) == 0 &&
	       (slash = strrchr(path, '/')) != NULL)
		*slash = '\0';
}

struct outputs {
	const struct dse_explore_result *res;
	const struct dse_study *st;
	const struct dse_model *model;
	const struct dse_run_info *info;
	cJSON *doc;
};

/* dse_writer of frontier.csv. */
static int write_frontier_csv(FILE *f, void *arg, struct dse_error *err)
{
	const struct outputs *o = arg;

	return dse_csv_frontier(f, o->res) == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_EIO, "write failed");
}

/* dse_writer of sample.csv. */
static int write_sample_csv(FILE *f, void *arg, struct dse_error *err)
{
	const struct outputs *o = arg;

	return dse_csv_sample(f, o->res) == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_EIO, "write failed");
}

/* frontier.json, frontier.csv, sample.csv: each atomically. */
static int write_results(const char *dir, struct outputs *o,
			 struct dse_error *err)
{
	static const struct {
		const char *name;
		dse_writer write;
	} files[] = {
		{ "frontier.csv", write_frontier_csv },
		{ "sample.csv", write_sample_csv },
	};
	char *path = dse_path_join(dir, "frontier.json");
	size_t i;
	int rc;

	if (path == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	rc = dse_json_write_file(path, o->doc, err);
	free(path);
	for (i = 0; rc == DSE_OK && i < sizeof files / sizeof files[0]; i++) {
		path = dse_path_join(dir, files[i].name);
		rc = path ? dse_file_write_atomic(path, files[i].write, o, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	return rc;
}

/* Open points.jsonl and points.csv in dir under temporary names, CSV header written. */
static int open_sink(const char *dir, struct sink *s, struct dse_error *err)
{
	char *pj = dse_path_join(dir, "points.jsonl"), *pc = dse_path_join(dir, "points.csv");
	int rc = pj && pc ? DSE_OK : dse_error_set(err, DSE_ENOMEM, "out of memory");

	if (rc == DSE_OK)
		rc = dse_atomic_open(pj, &s->jsonl, err);
	if (rc == DSE_OK)
		rc = dse_atomic_open(pc, &s->csv, err);
	if (rc == DSE_OK && dse_csv_header(s->csv->f) != DSE_OK)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed", pc);
	free(pj);
	free(pc);
	return rc;
}

/* Load, sweep, write the results folder, print the summary; cleans up on failure. */
static int run(struct explore_args *a, struct dse_error *err)
{
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_model model;
	struct dse_explore_result res;
	struct progress pr = { { 0, 0 }, 0 };
	struct sink sink = { NULL, NULL, { 0, "" } };
	struct dse_explore_hooks hooks = { NULL, NULL, NULL, NULL };
	struct dse_run_info info = { PACKAGE_VERSION, cli_argc, cli_argv };
	struct outputs out = { &res, &a->st, &model, &info, NULL };
	struct cli_setting setting = { a->st.tech, a->st.workload, a->st.budget };
	size_t created = 0, i;
	int rc;

	memset(&res, 0, sizeof res);
	rc = cli_setting_load(&setting, a->tech_from, a->workload_from, &tech,
			      &wl, err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &a->st.budget, err);
	if (rc == DSE_OK && a->all_points)
		rc = make_dir(a->outdir, &created, err);
	if (rc == DSE_OK && a->all_points) {
		rc = open_sink(a->outdir, &sink, err);
		hooks.point = sink_point;
		hooks.point_arg = &sink;
	}
	if (rc == DSE_OK && !a->quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		hooks.progress = show_progress;
		hooks.progress_arg = &pr;
	}
	if (rc == DSE_OK) {
		rc = dse_explore_run(&a->st, &model, &hooks, &res, err);
		if (rc == DSE_EIO && sink.err.status == DSE_EIO && err)
			*err = sink.err;
	}
	if (pr.shown)
		fputs("\r\033[K", stderr);
	if (rc == DSE_OK && sink.jsonl) {
		rc = dse_atomic_commit(sink.jsonl, err);
		sink.jsonl = NULL;
		if (rc == DSE_OK) {
			rc = dse_atomic_commit(sink.csv, err);
			sink.csv = NULL;
		}
	}
	if (rc == DSE_OK) {
		out.doc = dse_json_explore(&res, &a->st, &model, &info);
		if (out.doc == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (rc == DSE_OK)
		rc = make_dir(a->outdir, &created, err);
	if (rc == DSE_OK)
		rc = write_results(a->outdir, &out, err);
	if (rc == DSE_OK)
		for (i = 0; i < res.nwarnings; i++)
			fprintf(stderr, "dse: warning: %s\n", res.warnings[i]);
	if (rc == DSE_OK && a->json)
		rc = dse_json_print(stdout, out.doc) == DSE_OK ? DSE_OK :
		     dse_error_set(err, DSE_EIO, "stdout: write failed");
	else if (rc == DSE_OK)
		rc = dse_text_explore(stdout, &res, &a->st, &model, TABLE_ROWS) ==
				     DSE_OK ? DSE_OK :
		     dse_error_set(err, DSE_EIO, "stdout: write failed");
	if (rc == DSE_OK && a->plot)
		rc = dse_plot_render(a->outdir, NULL, err);
	dse_atomic_abort(sink.jsonl);
	dse_atomic_abort(sink.csv);
	if (rc != DSE_OK) /* a failed run leaves nothing behind */
		remove_created(a->outdir, created);
	cJSON_Delete(out.doc);
	dse_explore_result_free(&res);
	dse_workload_free(wl);
	dse_tech_free(tech);
	return rc;
}

/* dse explore: defaults, then study files, then flags; returns the exit code. */
int cmd_explore(int argc, char **argv)
{
	struct explore_args a;
	struct dse_error err = { 0, "" };
	int rc;

	memset(&a, 0, sizeof a);
	dse_study_defaults(&a.st);
	a.outdir = "dse-out";
	rc = parse(argc, argv, &a, &err);
	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
