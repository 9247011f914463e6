/* cmd_explore.c - dse explore: sweep, frontiers, files, table, plots. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
	"  --study NAME|FILE      JSON study (keys as below, with _ for -), or an installed\n"
	"                         one by name (equinox, formats); flags override it\n"
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
	"  --seed N               seed of the point sample and the tail simulations [1]\n"
	"  --sample N             designs kept in sample.csv for the scatter plot [20000]\n"
	"  -o, --output DIR       results folder [dse-out]\n"
	"  --all-points           also stream every design to points.jsonl, points.csv and\n"
	"                         points.npy (a NumPy structured array: numpy.load)\n"
	"  --plot                 render the figures into DIR (gnuplot)\n"
	"%s"
	"  --json                 print the summary as JSON (as frontier.json) instead of a table\n"
	"  -q, --quiet            no progress bar\n"
	"  -h, --help             this help\n"
	"\nServing under load (the tail pass, after the sweep; SERVING.md 13):\n"
	"  --slo-us LIST          latency SLOs, us: per SLO and format, the design\n"
	"                         with the highest tail capacity [none: no tail pass]\n"
	"  --percentile P         tail percentile, in (0, 100) [99]\n"
	"  --arrivals A           poisson, gamma:CV or trace:FILE [poisson]\n"
	"  --policy P             greedy, timeout:T or deadline [deadline]\n"
	"  --tail-requests N      requests per simulation of the search [200000]\n\n"
	"Writes DIR/frontier.json, frontier.csv, sample.csv and, with --slo-us,\n"
	"tail.csv (temporary names, then renamed: a failed run leaves no partial file).\n"
	"Warnings (the canonical design beats a frontier; a best design on the edge\n"
	"of a swept range) go to stderr as 'dse: warning: ...' and to frontier.json.\n"
	"Exit: 0 success, 2 bad usage, 3 bad input file, 4 no feasible design.\n";

/* OPT_ROWS, OPT_COLS, OPT_KSPLIT, OPT_FREQ and OPT_BATCH are cli.h's */
enum { OPT_STUDY = OPT_DESIGN_END, OPT_FORMATS, OPT_DATAFLOWS, OPT_LATMAX,
       OPT_BOUNDS, OPT_OBJECTIVES, OPT_THREADS, OPT_SEED, OPT_SAMPLE, OPT_ALL,
       OPT_PLOT, OPT_JSON, OPT_SLO, OPT_PERCENTILE, OPT_ARRIVALS, OPT_POLICY,
       OPT_TAIL_REQUESTS };

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
	CLI_PLOT_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "slo-us", required_argument, NULL, OPT_SLO },
	{ "percentile", required_argument, NULL, OPT_PERCENTILE },
	{ "arrivals", required_argument, NULL, OPT_ARRIVALS },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "tail-requests", required_argument, NULL, OPT_TAIL_REQUESTS },
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
	{ OPT_SLO, "slo_us", "--slo-us" },
	{ OPT_PERCENTILE, "percentile", "--percentile" },
	{ OPT_ARRIVALS, "arrivals", "--arrivals" },
	{ OPT_POLICY, "policy", "--policy" },
	{ OPT_TAIL_REQUESTS, "tail_requests", "--tail-requests" },
};

struct explore_args {
	struct dse_study st;
	const char *outdir;
	int all_points, plot, json, quiet;
	struct dse_plot_options plot_opt; /* --paper, --size, --font */
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
		char *found;

		if (opt != OPT_STUDY)
			continue;
		/* a bare name is an installed study: --study equinox */
		found = dse_data_file(cli_datadir(), "studies", optarg);
		rc = dse_study_load(&a->st, found ? found : optarg, err);
		snprintf(a->tech_from, sizeof a->tech_from, "%.280s: tech",
			 found ? found : optarg);
		snprintf(a->workload_from, sizeof a->workload_from,
			 "%.280s: workload", found ? found : optarg);
		free(found);
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
		if ((rc = cli_plot_option(&a->plot_opt, opt, optarg, err)) != 0) {
			if (rc < 0)
				return rc;
			continue;
		}
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
			printf(explore_usage, cli_setting_help, cli_plot_help);
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

/* Columns of the terminal on stderr (asked each time: it may be resized); 80 if unknown. */
static int term_cols(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Narrowest bar drawn; below it only the figures are shown. */
#define BAR_MIN 10
#define BAR_MAX 40

/* Progress hook: a bar, rate and ETA fitted to the terminal's width. */
static void show_progress(double done, double total, void *arg)
{
	static const char hashes[] = "########################################";
	struct progress *pr = arg;
	double el = since(&pr->start), rate = el > 0 ? done / el : 0;
	char text[128];
	int cols, room, bar, fill, len;

	if (el < 1.0 || total <= 0)
		return;
	pr->shown = 1;
	cols = term_cols();
	len = snprintf(text, sizeof text, " %5.1f %% %.3g M designs, %.3g M/s, ETA %.0f s",
		       100.0 * done / total, done / 1e6, rate / 1e6,
		       rate > 0 ? (total - done) / rate : 0.0);
	if (len < 0)
		return;
	/* the last column stays free: writing there wraps on some terminals */
	room = cols - 1 - len - 2;
	bar = room < BAR_MIN ? 0 : room > BAR_MAX ? BAR_MAX : room;
	if (bar == 0 && len > cols - 1)
		len = cols > 1 ? cols - 1 : 0;
	fill = (int)(bar * done / total);
	if (bar > 0)
		fprintf(stderr, "\r[%.*s%*s]%.*s\033[K", fill, hashes, bar - fill,
			"", len, text);
	else
		fprintf(stderr, "\r%.*s\033[K", len, text + (len > 0 && text[0] == ' '));
	fflush(stderr);
}

/* --all-points: every design streamed to three members of the run's file set. */
struct sink {
	FILE *jsonl, *csv, *npy;
	char *jsonl_path, *csv_path, *npy_path;
	struct dse_npy_writer *npyw;
	struct dse_error err; /* the first write failure, naming its file */
};

/* Point hook: append p to points.jsonl and points.csv; a failure goes to s->err. */
static int sink_point(const struct dse_point *p, void *arg)
{
	struct sink *s = arg;
	const char *bad = NULL;

	errno = 0;
	if (dse_jsonl_point(s->jsonl, p) != DSE_OK)
		bad = s->jsonl_path;
	else if (dse_csv_point(s->csv, p) != DSE_OK)
		bad = s->csv_path;
	else if (dse_npy_point(s->npyw, p) != DSE_OK)
		bad = s->npy_path;
	if (bad == NULL)
		return DSE_OK;
	dse_error_set(&s->err, DSE_EIO, "%s: write failed: %s", bad,
		      strerror(errno ? errno : EIO));
	return DSE_EIO;
}

struct outputs {
	const struct dse_explore_result *res;
	const struct dse_study *st;
	const struct dse_model *model;
	const struct dse_run_info *info;
	cJSON *doc;
};

/* dse_writer of frontier.json. */
static int write_frontier_json(FILE *f, void *arg, struct dse_error *err)
{
	return dse_json_writer(f, ((struct outputs *)arg)->doc, err);
}

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

/* dse_writer of tail.csv. */
static int write_tail_csv(FILE *f, void *arg, struct dse_error *err)
{
	const struct outputs *o = arg;

	return dse_csv_tail(f, o->res) == DSE_OK ? DSE_OK :
	       dse_error_set(err, DSE_EIO, "write failed");
}

/* frontier.json, frontier.csv, sample.csv (tail.csv): members of the run's set. */
static int write_results(struct dse_fileset *set, const char *dir,
			 struct outputs *o, struct dse_error *err)
{
	static const struct {
		const char *name;
		dse_writer write;
	} files[] = {
		{ "frontier.json", write_frontier_json },
		{ "frontier.csv", write_frontier_csv },
		{ "sample.csv", write_sample_csv },
		{ "tail.csv", write_tail_csv },
	};
	size_t i;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < sizeof files / sizeof files[0]; i++) {
		char *path;

		if (files[i].write == write_tail_csv && o->res->nslos == 0)
			continue;
		path = dse_path_join(dir, files[i].name);

		rc = path ? dse_fileset_write(set, path, files[i].write, o, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	return rc;
}

/* Open points.jsonl, points.csv and points.npy in dir as members of set,
   with their headers. */
static int open_sink(struct dse_fileset *set, const char *dir, struct sink *s,
		     struct dse_error *err)
{
	int rc;

	s->jsonl_path = dse_path_join(dir, "points.jsonl");
	s->csv_path = dse_path_join(dir, "points.csv");
	s->npy_path = dse_path_join(dir, "points.npy");
	rc = s->jsonl_path && s->csv_path && s->npy_path ? DSE_OK :
	     dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = dse_fileset_open(set, s->jsonl_path, &s->jsonl, err);
	if (rc == DSE_OK)
		rc = dse_fileset_open(set, s->csv_path, &s->csv, err);
	if (rc == DSE_OK)
		rc = dse_fileset_open(set, s->npy_path, &s->npy, err);
	if (rc == DSE_OK && (rc = dse_npy_open(s->npy, &s->npyw, err)) != DSE_OK)
		dse_error_prefix(err, s->npy_path);
	errno = 0;
	if (rc == DSE_OK && dse_csv_header(s->csv) != DSE_OK)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
				   s->csv_path, strerror(errno ? errno : EIO));
	return rc;
}

/* The summary on stdout (table or JSON), flushed so that its errors show now. */
static int print_summary(const struct explore_args *a, struct outputs *o,
			 struct dse_error *err)
{
	int rc;

	errno = 0;
	if (a->json)
		rc = dse_json_print(stdout, o->doc);
	else
		rc = dse_text_explore(stdout, o->res, o->st, o->model, TABLE_ROWS);
	if (rc == DSE_EIO)
		return cli_stdout_error(err);
	if (rc != DSE_OK)
		return dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	return cli_stdout_flush(err);
}

/*
 * Load, sweep, write the results folder as one set, print the summary;
 * the set is committed only once the summary is out, so a failed run
 * (exit status not 0) leaves neither new files nor new folders.
 */
static int run(struct explore_args *a, struct dse_error *err)
{
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_model model;
	struct dse_explore_result res;
	struct dse_fileset *set = NULL;
	struct progress pr = { { 0, 0 }, 0 };
	struct sink sink = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, { 0, "" } };
	struct dse_explore_hooks hooks = { NULL, NULL, NULL, NULL };
	struct dse_run_info info = { PACKAGE_VERSION, cli_argc, cli_argv,
				      cli_datadir() };
	struct outputs out = { &res, &a->st, &model, &info, NULL };
	struct cli_setting setting = { a->st.techs[0], a->st.workloads[0], a->st.budget };
	size_t i;
	int rc;

	memset(&res, 0, sizeof res);
	rc = cli_setting_load(&setting, a->tech_from, a->workload_from, &tech,
			      &wl, err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &a->st.budget, err);
	if (rc == DSE_OK)
		rc = dse_fileset_new(&set, err);
	if (rc == DSE_OK && a->all_points)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK && a->all_points) {
		rc = open_sink(set, a->outdir, &sink, err);
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
	if (rc == DSE_OK) {
		out.doc = dse_json_explore(&res, &a->st, &model, &info);
		if (out.doc == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (rc == DSE_OK && sink.npyw && dse_npy_finish(sink.npyw) != DSE_OK)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
				   sink.npy_path, strerror(errno ? errno : EIO));
	if (rc == DSE_OK)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK)
		rc = write_results(set, a->outdir, &out, err);
	if (rc == DSE_OK)
		rc = print_summary(a, &out, err);
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	/* after the results: a failed run says only why it failed */
	for (i = 0; rc == DSE_OK && i < res.nwarnings; i++)
		fprintf(stderr, "dse: warning: %s\n", res.warnings[i]);
	if (rc == DSE_OK && a->plot)
		rc = dse_plot_render(a->outdir, &a->plot_opt, err);
	dse_fileset_free(set); /* after a failure: temporaries, folders made */
	free(sink.jsonl_path);
	free(sink.csv_path);
	free(sink.npy_path);
	dse_npy_free(sink.npyw);
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
