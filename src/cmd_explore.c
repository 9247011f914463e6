/*
 * cmd_explore.c - dse explore and dse merge: the sweep (whole, one shard
 * of it, or one of several MPI processes), frontiers, files, tables, plots.
 */
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
/* Above this many designs --all-points warns of the files' size first. */
#define ALL_POINTS_WARN 1e6
/* The partial result a shard writes into its folder. */
#define PART_FILE "part.json"

static const char explore_usage_head[] =
	"usage: dse explore [options]      (also: dse with no arguments)\n"
	"Sweep format x dataflow x rows x cols x k-split x frequency (x batch for\n"
	"ws/is), size each design to fill the budget (MODEL.md section 5) and keep\n"
	"the Pareto frontier of the objectives (latency down, throughput up).\n\n"
	"Ranges: lists 1,2,4; lo:hi (step 1); lo:hi:step; geometric lo:hi:x2;\n"
	"mixed 1,8:64:x2.\n\n";

static const char explore_usage_own[] =
	"  -o, --output DIR       results folder [dse-out]\n"
	"  --shard I/N            run part I of N (0 <= I < N) and write DIR/part.json\n"
	"                         for dse merge [the whole sweep]\n"
	"  --all-points           also stream every design to points.jsonl,\n"
	"                         points.csv and points.npy (a NumPy structured\n"
	"                         array: numpy.load)\n"
	"  --plot                 render the figures into DIR (gnuplot)\n";

static const char explore_usage_own2[] =
	"  --json                 print the summary as JSON (as frontier.json)\n"
	"                         instead of a table\n"
	"  -q, --quiet            no progress bar\n"
	"  -h, --help             this help\n"
	"\nServing under load (the tail pass, after the sweep; SERVING.md 13):\n";

static const char explore_usage_tail[] =
	"\nWrites DIR/frontier.json, frontier.csv, sample.csv and, with --slo-us,\n"
	"tail.csv (temporary names, then renamed: a failed run leaves no partial file);\n"
	"with several groups, each into DIR/<group>/ and the list into DIR/groups.json.\n"
	"Under mpirun (dse built with --with-mpi) every process runs its share and the\n"
	"first writes the results.\n"
	"Warnings (the canonical design beats a frontier; a best design on the edge\n"
	"of a swept range) go to stderr as 'dse: warning: ...' and to frontier.json.\n"
	"Exit: 0 success, 1 internal error, 2 bad usage, 3 bad input file, 4 no\n"
	"feasible design.\n";

static const char merge_usage[] =
	"usage: dse merge [options] DIR...\n"
	"Combine the partial results of dse explore --shard (DIR/part.json of each\n"
	"folder, every part of one study, together every chunk once) into the\n"
	"results of the whole sweep, the same files as one dse explore writes;\n"
	"or those of dse sensitivity --shard into the files of one dse sensitivity.\n\n"
	"  -o, --output DIR       results folder [dse-out]\n"
	"  --threads N            threads of the finishing steps, 0 = every core [0]\n"
	"  --plot                 render the figures into DIR (gnuplot)\n"
	"%s"
	"  --json                 print the summary as JSON instead of a table\n"
	"  -q, --quiet            quiet\n"
	"  -h, --help             this help\n"
	"Exit: 0 success, 1 internal error, 2 bad usage, 3 bad, foreign or\n"
	"missing parts, 4 no feasible design.\n";

/* The study's options (cli.h), then explore's own. */
enum { OPT_ALL = OPT_STUDY_END, OPT_PLOT, OPT_JSON, OPT_SHARD };

static const struct option options[] = {
	CLI_STUDY_OPTIONS,
	{ "output", required_argument, NULL, 'o' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "all-points", no_argument, NULL, OPT_ALL },
	{ "plot", no_argument, NULL, OPT_PLOT },
	CLI_PLOT_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const struct option merge_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, OPT_STUDY_THREADS },
	{ "plot", no_argument, NULL, OPT_PLOT },
	CLI_PLOT_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* What a run writes and how: the study, the folder, the switches. */
struct explore_args {
	struct cli_study study;           /* study, --set, page, who named */
	const char *outdir;
	int all_points, plot, json, quiet;
	unsigned long shard_i, shard_n;   /* --shard I/N; n 0: none */
	int nparts;                       /* dse merge: the folders */
	char **parts;
};


/* Study files first, then flags over them: DSE_OK, 1 after --help, or an error. */
static int parse(int argc, char **argv, struct explore_args *a,
		 struct dse_error *err)
{
	int opt, rc;

	if ((rc = cli_study_files(argc, argv, "ho:q", options, &a->study,
				  err)) != DSE_OK)
		return rc;
	while ((opt = getopt_long(argc, argv, "ho:q", options, NULL)) != -1) {
		rc = cli_study_option(&a->study, opt, optarg, err);
		if (rc < 0)
			return rc;
		if (rc == 1)
			continue;
		switch (opt) {
		case 'o': a->outdir = optarg; break;
		case OPT_SHARD:
			if ((rc = cli_shard_parse(optarg, &a->shard_i, &a->shard_n,
						  err)) != DSE_OK)
				return rc;
			break;
		case OPT_ALL: a->all_points = 1; break;
		case OPT_PLOT: a->plot = 1; break;
		case OPT_JSON: a->json = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h':
			fputs(explore_usage_head, stdout);
			cli_study_usage(stdout, 1);
			fputs(explore_usage_own, stdout);
			fputs(cli_plot_help, stdout);
			fputs(explore_usage_own2, stdout);
			cli_study_tail_usage(stdout);
			fputs(explore_usage_tail, stdout);
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
	if (a->shard_n && (a->all_points || a->plot || a->json))
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: a shard writes DIR/%s alone; --all-points, --plot and --json belong to dse merge's whole run",
				     PART_FILE);
	return cli_study_unused(&a->study, a->plot, err);
}

/* Progress on stderr: only on a terminal and once the sweep passes 1 s. */
struct progress {
	struct timespec start;
	int shown;
	double after_s; /* no bar before: $DSE_PROGRESS_AFTER_S, else 1 */
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

	if (el < pr->after_s || total <= 0)
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
	const struct dse_study *st;      /* the group's own */
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

/* A group's folder name: its index, then its label with every character
   but letters, digits, '.' and '-' made '_' (and '=' made '-'). */
static void group_folder(const char *label, size_t g, char *buf, size_t len)
{
	size_t i, n;

	n = (size_t)snprintf(buf, len, "%zu-", g);
	for (i = 0; label[i] && n + 1 < len; i++) {
		char c = label[i];

		buf[n++] = c == '=' ? '-' :
			   ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '.' || c == '-') ? c : '_';
	}
	buf[n] = '\0';
}

/* dse_writer of a JSON document (groups.json, a shard's part.json). */
static int write_doc(FILE *f, void *arg, struct dse_error *err)
{
	return dse_json_writer(f, arg, err);
}

/* The summaries on stdout (tables, or JSON: one document per group, an
   array of them for several), flushed so that their errors show now. */
static int print_summaries(const struct explore_args *a, struct outputs *o,
			   size_t n, struct dse_error *err)
{
	size_t g;
	int rc = DSE_OK;

	errno = 0;
	for (g = 0; rc == DSE_OK && g < n; g++) {
		if (a->json) {
			if (n > 1 && fputs(g == 0 ? "[\n" : ",\n", stdout) == EOF)
				rc = DSE_EIO;
			if (rc == DSE_OK)
				rc = dse_json_print(stdout, o[g].doc);
			continue;
		}
		if (n > 1 && printf("%s== group %zu of %zu: %s ==\n", g ? "\n" : "",
				    g + 1, n, o[g].res->label) < 0)
			rc = DSE_EIO;
		if (rc == DSE_OK)
			rc = dse_text_explore(stdout, o[g].res, o[g].st, o[g].model,
					      TABLE_ROWS);
	}
	if (rc == DSE_OK && a->json && n > 1 && fputs("]\n", stdout) == EOF)
		rc = DSE_EIO;
	if (rc == DSE_EIO)
		return cli_stdout_error(err);
	if (rc != DSE_OK)
		return dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	return cli_stdout_flush(err);
}

/* A group's entry of groups.json: its label, folder and own study. */
static int index_entry(cJSON *index, const char *label, const char *folder,
		       const struct dse_study *st)
{
	cJSON *e = cJSON_CreateObject();

	if (e == NULL || !cJSON_AddItemToArray(index, e)) {
		cJSON_Delete(e);
		return 0;
	}
	return cJSON_AddStringToObject(e, "label", label) &&
	       cJSON_AddStringToObject(e, "folder", folder) &&
	       cJSON_AddItemToObject(e, "study", dse_study_json(st));
}

/* The run's output documents, groups' studies and folders. */
struct run_outputs {
	struct outputs *o;
	struct dse_study *st;
	char **dirs;
	cJSON *index;
	size_t n;
};

/* Free the run's outputs. */
static void run_outputs_free(struct run_outputs *ro)
{
	size_t g;

	for (g = 0; ro->o && g < ro->n; g++)
		cJSON_Delete(ro->o[g].doc);
	for (g = 0; ro->dirs && g < ro->n; g++)
		free(ro->dirs[g]);
	cJSON_Delete(ro->index);
	free(ro->dirs);
	free(ro->st);
	free(ro->o);
}

/* Group g's document, study and folder (an entry of the index when several). */
static int group_output(const struct explore_args *a, const struct dse_study *st,
			const struct cli_groups *s, struct dse_explore_result *res,
			const struct dse_run_info *info, size_t g,
			struct run_outputs *ro, struct dse_error *err)
{
	char folder[160];

	dse_study_of_group(st, g, &ro->st[g]);
	ro->o[g].res = &res[g];
	ro->o[g].st = &ro->st[g];
	ro->o[g].model = &s->models[g];
	ro->o[g].info = info;
	ro->o[g].doc = dse_json_explore(&res[g], &ro->st[g], &s->models[g], info);
	group_folder(res[g].label, g, folder, sizeof folder);
	ro->dirs[g] = s->ngroups > 1 ? dse_path_join(a->outdir, folder) :
				       strdup(a->outdir);
	if (ro->o[g].doc == NULL || ro->dirs[g] == NULL ||
	    (ro->index && !index_entry(ro->index, res[g].label, folder, &ro->st[g])))
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	return DSE_OK;
}

/*
 * Every group's results into the run's file set (the folder itself for
 * one group; DIR/<group>/ each and DIR/groups.json for several), the
 * summaries printed, the set committed, warnings, figures.
 */
static int write_outputs(const struct explore_args *a, struct dse_fileset *set,
			 const struct dse_study *st, const struct cli_groups *s,
			 struct dse_explore_result *res, double wall_s,
			 struct dse_error *err)
{
	struct dse_run_info info = { PACKAGE_VERSION, cli_argc, cli_argv,
				      cli_datadir() };
	struct run_outputs ro = { NULL, NULL, NULL, NULL, s->ngroups };
	size_t g, i;
	int rc = DSE_OK;

	ro.o = calloc(s->ngroups, sizeof *ro.o);
	ro.st = calloc(s->ngroups, sizeof *ro.st);
	ro.dirs = calloc(s->ngroups, sizeof *ro.dirs);
	if (s->ngroups > 1)
		ro.index = cJSON_CreateArray();
	if (!ro.o || !ro.st || !ro.dirs || (s->ngroups > 1 && !ro.index))
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (g = 0; rc == DSE_OK && g < s->ngroups; g++) {
		res[g].wall_s = wall_s;
		rc = group_output(a, st, s, res, &info, g, &ro, err);
		if (rc == DSE_OK)
			rc = dse_fileset_mkdir(set, ro.dirs[g], err);
		if (rc == DSE_OK)
			rc = write_results(set, ro.dirs[g], &ro.o[g], err);
	}
	if (rc == DSE_OK && ro.index) {
		char *path = dse_path_join(a->outdir, "groups.json");

		rc = path ? dse_fileset_write(set, path, write_doc, ro.index, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	if (rc == DSE_OK)
		rc = print_summaries(a, ro.o, s->ngroups, err);
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	/* after the results: a failed run says only why it failed */
	for (g = 0; rc == DSE_OK && g < s->ngroups; g++)
		for (i = 0; i < res[g].nwarnings; i++)
			fprintf(stderr, "dse: warning: %s%s%s\n",
				s->ngroups > 1 ? res[g].label : "",
				s->ngroups > 1 ? ": " : "", res[g].warnings[i]);
	for (g = 0; rc == DSE_OK && a->plot && g < s->ngroups; g++)
		rc = dse_plot_render(ro.dirs[g], &a->study.plot, err);
	run_outputs_free(&ro);
	return rc;
}

/* Warn before --all-points writes more than ALL_POINTS_WARN designs: the
   size of each file, from the first design's lines. */
static int warn_all_points(const struct dse_plan *pl, struct dse_error *err)
{
	const double n = dse_plan_designs(pl);
	struct dse_point pt;
	char a[32], b[32], c[32], d[32];
	long csv, jsonl;
	size_t nf, i, npy = 0;
	const struct dse_field *fields = dse_fields(&nf);
	FILE *f;
	int rc;

	if (n <= ALL_POINTS_WARN)
		return DSE_OK;
	if ((rc = dse_plan_point(pl, 0, &pt, err)) != DSE_OK)
		return rc;
	f = tmpfile();
	if (f == NULL)
		return dse_error_set(err, DSE_EIO, "tmpfile: %s", strerror(errno));
	dse_csv_point(f, &pt);
	csv = ftell(f);
	dse_jsonl_point(f, &pt);
	jsonl = ftell(f) - csv;
	fclose(f);
	for (i = 0; i < nf; i++) /* as output/npy.c lays out a record */
		npy += fields[i].kind == DSE_FIELD_STRING ? 32 :
		       fields[i].kind == DSE_FIELD_BOOL ? 1 : 8;
	fprintf(stderr, "dse: warning: --all-points: %s designs make about %s MB of points.jsonl, %s MB of points.csv and %s MB of points.npy\n",
		dse_format_count(n, a, sizeof a),
		dse_format_count(n * (double)jsonl / 1e6, b, sizeof b),
		dse_format_count(n * (double)csv / 1e6, c, sizeof c),
		dse_format_count(n * (double)npy / 1e6, d, sizeof d));
	return DSE_OK;
}

/* Monotonic clock, seconds. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The partial result of a shard as part.json in the output folder. */
static int write_shard(const struct explore_args *a, const struct dse_plan *pl,
		       const struct dse_partial *part, uint64_t first,
		       uint64_t last, struct dse_error *err)
{
	struct dse_fileset *set = NULL;
	cJSON *doc = dse_partial_json(pl, part);
	char *path = dse_path_join(a->outdir, PART_FILE);
	int rc = doc && path ? DSE_OK :
		 dse_error_set(err, DSE_ENOMEM, "out of memory");

	if (rc == DSE_OK &&
	    (!cJSON_AddStringToObject(doc, "dse_version", PACKAGE_VERSION) ||
	     !cJSON_AddNumberToObject(doc, "shard", (double)a->shard_i) ||
	     !cJSON_AddNumberToObject(doc, "shards", (double)a->shard_n)))
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = dse_fileset_new(&set, err);
	if (rc == DSE_OK)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK)
		rc = dse_fileset_write(set, path, write_doc, doc, err);
	errno = 0;
	if (rc == DSE_OK &&
	    printf("dse explore: shard %lu of %lu: chunks %llu..%llu of %llu into %s\n",
		   a->shard_i, a->shard_n, (unsigned long long)first,
		   (unsigned long long)last, (unsigned long long)dse_plan_chunks(pl),
		   path) < 0)
		rc = cli_stdout_error(err);
	if (rc == DSE_OK)
		rc = cli_stdout_flush(err);
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	dse_fileset_free(set);
	cJSON_Delete(doc);
	free(path);
	return rc;
}

/* A partial result from the JSON text another MPI process sent, or the
   failure it sent instead ("!status message"). */
static int part_of_text(const struct dse_plan *pl, const char *text, int rank,
			struct dse_partial **out, struct dse_error *err)
{
	char where[32];
	cJSON *doc;
	int rc;

	*out = NULL;
	snprintf(where, sizeof where, "MPI rank %d", rank);
	rc = cli_mpi_doc_of(text, rank, &doc, err);
	if (rc == DSE_OK)
		rc = dse_partial_from_json(pl, doc, where, out, err);
	cJSON_Delete(doc);
	return rc;
}

/*
 * One of several MPI processes: run the chunks of this rank, send the
 * partial result (or the failure) to rank 0, which merges every rank's
 * into *all.  Other ranks return with *all NULL.
 */
static int run_mpi(const struct dse_plan *pl, int rank, int size,
		   const struct dse_explore_hooks *hooks,
		   struct dse_partial **all, struct dse_error *err)
{
	struct dse_partial *part = NULL, *other = NULL;
	uint64_t first, last;
	char **texts = NULL;
	cJSON *doc = NULL;
	int r, rc;

	*all = NULL;
	dse_plan_shard(pl, (uint64_t)rank, (uint64_t)size, &first, &last);
	rc = dse_explore_range(pl, first, last, rank == 0 ? hooks : NULL, &part,
			       err);
	if (rc == DSE_OK)
		doc = dse_partial_json(pl, part);
	rc = cli_mpi_send_doc(rc, doc, &texts, err);
	cJSON_Delete(doc);
	for (r = 0; rank == 0 && texts && r < size; r++) {
		if (rc == DSE_OK && r > 0) {
			rc = part_of_text(pl, texts[r], r, &other, err);
			if (rc == DSE_OK)
				rc = dse_explore_merge(pl, part, other, err);
			dse_partial_free(other);
			other = NULL;
		}
		free(texts[r]);
	}
	free(texts);
	if (rc != DSE_OK || rank != 0) {
		dse_partial_free(part);
		return rc;
	}
	*all = part;
	return DSE_OK;
}

/* The sweep of the run: all of it, a shard, or this MPI rank's share;
   *part is NULL on the MPI ranks but the first. */
static int sweep_part(const struct explore_args *a, const struct dse_plan *pl,
		      const struct dse_explore_hooks *hooks, uint64_t *first,
		      uint64_t *last, struct dse_partial **part,
		      struct dse_error *err)
{
	int rank, size;

	cli_mpi_world(&rank, &size);
	if (size > 1)
		return run_mpi(pl, rank, size, hooks, part, err);
	*first = 0;
	*last = dse_plan_chunks(pl);
	if (a->shard_n)
		dse_plan_shard(pl, a->shard_i, a->shard_n, first, last);
	return dse_explore_range(pl, *first, *last, hooks, part, err);
}

/*
 * Load, plan, sweep, finish, write the results folder as one set, print
 * the summaries; the set is committed only once they are out, so a
 * failed run (exit status not 0) leaves neither new files nor new folders.
 */
static int run(struct explore_args *a, struct dse_error *err)
{
	struct cli_groups s;
	struct dse_plan *pl = NULL;
	struct dse_partial *part = NULL;
	struct dse_explore_result *res = NULL;
	struct dse_fileset *set = NULL;
	struct progress pr = { { 0, 0 }, 0, 1.0 };
	struct sink sink = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, { 0, "" } };
	struct dse_explore_hooks hooks = { NULL, NULL, NULL, NULL };
	double t0 = now_s();
	uint64_t first = 0, last = 0;
	int rank, size, rc;
	size_t g;

	cli_mpi_world(&rank, &size);
	if (size > 1 && (a->shard_n || a->all_points))
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: not under mpirun, which splits the sweep itself",
				     a->shard_n ? "--shard" : "--all-points");
	rc = cli_groups_load(&a->study.st, a->study.tech_from, a->study.workload_from, &s, err);
	if (rc == DSE_OK)
		rc = dse_explore_plan(&a->study.st, s.ptrs, s.ngroups, &pl, err);
	if (rc == DSE_OK && a->all_points)
		rc = warn_all_points(pl, err);
	if (rc == DSE_OK && !a->shard_n && rank == 0)
		rc = dse_fileset_new(&set, err);
	if (rc == DSE_OK && a->all_points)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK && a->all_points) {
		rc = open_sink(set, a->outdir, &sink, err);
		hooks.point = sink_point;
		hooks.point_arg = &sink;
	}
	if (rc == DSE_OK && !a->quiet && rank == 0 && isatty(STDERR_FILENO)) {
		const char *after = getenv("DSE_PROGRESS_AFTER_S");
		double v;

		/* a bar for sweeps longer than 1 s (tests ask for it at once) */
		if (after && dse_number_parse(after, &v) == DSE_OK && v >= 0 &&
		    v <= 3600)
			pr.after_s = v;
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		hooks.progress = show_progress;
		hooks.progress_arg = &pr;
	}
	if (rc == DSE_OK) {
		rc = sweep_part(a, pl, &hooks, &first, &last, &part, err);
		if (rc == DSE_EIO && sink.err.status == DSE_EIO && err)
			*err = sink.err;
	}
	if (pr.shown)
		fputs("\r\033[K", stderr);
	if (rc == DSE_OK && a->shard_n) {
		rc = write_shard(a, pl, part, first, last, err);
	} else if (rc == DSE_OK && part) {
		res = calloc(s.ngroups, sizeof *res);
		rc = res ? dse_explore_finish(pl, part, res, err) :
			   dse_error_set(err, DSE_ENOMEM, "out of memory");
		if (rc == DSE_OK && sink.npyw && dse_npy_finish(sink.npyw) != DSE_OK)
			rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
					   sink.npy_path, strerror(errno ? errno : EIO));
		if (rc == DSE_OK)
			rc = write_outputs(a, set, &a->study.st, &s, res, now_s() - t0,
					   err);
	}
	dse_fileset_free(set); /* after a failure: temporaries, folders made */
	free(sink.jsonl_path);
	free(sink.csv_path);
	free(sink.npy_path);
	dse_npy_free(sink.npyw);
	for (g = 0; res && g < s.ngroups; g++)
		dse_explore_result_free(&res[g]);
	free(res);
	dse_partial_free(part);
	dse_plan_free(pl);
	cli_groups_free(&s);
	return rc;
}

/* dse explore: defaults, then study files, then flags; returns the exit code. */
int cmd_explore(int argc, char **argv)
{
	struct explore_args a;
	struct dse_error err = { 0, "" };
	int rank, size, rc;

	memset(&a, 0, sizeof a);
	a.outdir = "dse-out";
	rc = parse(argc, argv, &a, &err);
	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run(&a, &err);
	cli_mpi_world(&rank, &size);
	/* under MPI the first process alone says why a run failed */
	if (rc != DSE_OK && rank != 0)
		return cli_exit_code(rc);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}

/* ---- dse merge ---- */

/* Options and folders of dse merge: DSE_OK, 1 after --help, or an error. */
static int parse_merge(int argc, char **argv, struct explore_args *a,
		       unsigned long *threads, int *have_threads,
		       struct dse_error *err)
{
	int opt, rc;

	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, "ho:q", merge_options, NULL)) != -1) {
		if ((rc = cli_plot_option(&a->study.plot, opt, optarg, err)) != 0) {
			if (rc < 0)
				return rc;
			if (a->study.page_flag == NULL)
				a->study.page_flag = cli_plot_flag(opt);
			continue;
		}
		switch (opt) {
		case 'o': a->outdir = optarg; break;
		case OPT_STUDY_THREADS:
			if ((rc = cli_uint("--threads", optarg, 0, 256, threads,
					   err)) != DSE_OK)
				return rc;
			*have_threads = 1;
			break;
		case OPT_PLOT: a->plot = 1; break;
		case OPT_JSON: a->json = 1; break;
		case 'q': a->quiet = 1; break;
		case 'h':
			printf(merge_usage, cli_plot_help);
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "merge: unknown option or missing argument '%s' (see dse merge --help)",
					     argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return dse_error_set(err, DSE_EUSAGE,
				     "merge: no folder of partial results (see dse merge --help)");
	if (*a->outdir == '\0')
		return dse_error_set(err, DSE_EUSAGE, "--output: empty folder name");
	a->parts = argv + optind;
	a->nparts = argc - optind;
	return cli_study_unused(&a->study, a->plot, err);
}

/* DIR/part.json of folder i, parsed, into *doc; its path in *path. */
static int read_part(const struct explore_args *a, int i, cJSON **doc,
		     char **path, struct dse_error *err)
{
	free(*path);
	cJSON_Delete(*doc);
	*doc = NULL;
	*path = dse_path_join(a->parts[i], PART_FILE);
	if (*path == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	return dse_json_read_file(*path, doc, err);
}

/* The study of the first part, its setting and plan. */
static int merge_plan(struct explore_args *a, const cJSON *doc,
		      const char *path, unsigned long threads, int have_threads,
		      struct cli_groups *s, struct dse_plan **pl,
		      struct dse_error *err)
{
	int rc = dse_study_from_json(&a->study.st, dse_partial_study(doc),
				     path, err);

	if (have_threads)
		a->study.st.threads = (unsigned)threads;
	snprintf(a->study.tech_from, sizeof a->study.tech_from, "%.280s: tech", path);
	snprintf(a->study.workload_from, sizeof a->study.workload_from, "%.280s: workload",
		 path);
	if (rc == DSE_OK)
		rc = cli_groups_load(&a->study.st, a->study.tech_from, a->study.workload_from, s, err);
	if (rc == DSE_OK)
		rc = dse_explore_plan(&a->study.st, s->ptrs, s->ngroups, pl, err);
	/* the part's study, not the command line, is at fault */
	return rc == DSE_EUSAGE ? cli_blame(rc, path, err) : rc;
}

/* Every part read and merged into *all, of the plan of the first. */
static int merge_parts(struct explore_args *a, unsigned long threads,
		       int have_threads, struct cli_groups *s, struct dse_plan **pl,
		       struct dse_partial **all, struct dse_error *err)
{
	struct dse_partial *one = NULL;
	cJSON *doc = NULL;
	char *path = NULL;
	int i, rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < a->nparts; i++) {
		rc = read_part(a, i, &doc, &path, err);
		/* every part, not only the first: a share of dse sensitivity
		   among them is named as such, not as another dse version */
		if (rc == DSE_OK && dse_partial_study(doc) == NULL)
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: not a partial result of dse explore --shard",
					   path);
		if (rc == DSE_OK && i == 0)
			rc = merge_plan(a, doc, path, threads, have_threads, s, pl,
					err);
		if (rc == DSE_OK)
			rc = dse_partial_from_json(*pl, doc, path, &one, err);
		if (rc == DSE_OK && *all == NULL) {
			*all = one;
			one = NULL;
			continue;
		}
		if (rc == DSE_OK &&
		    (rc = dse_explore_merge(*pl, *all, one, err)) == DSE_EINPUT)
			dse_error_prefix(err, path);
		dse_partial_free(one);
		one = NULL;
	}
	cJSON_Delete(doc);
	free(path);
	return rc;
}

/* The plan of the first part, every part merged, finished and written. */
static int merge(struct explore_args *a, unsigned long threads,
		 int have_threads, struct dse_error *err)
{
	struct cli_groups s;
	struct dse_plan *pl = NULL;
	struct dse_partial *all = NULL;
	struct dse_explore_result *res = NULL;
	struct dse_fileset *set = NULL;
	double t0 = now_s(), wall = 0;
	unsigned t = 0;
	size_t g;
	int rc;

	memset(&s, 0, sizeof s);
	rc = merge_parts(a, threads, have_threads, &s, &pl, &all, err);
	if (rc == DSE_OK) {
		res = calloc(s.ngroups, sizeof *res);
		rc = res ? dse_explore_finish(pl, all, res, err) :
			   dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	if (rc == DSE_OK)
		rc = dse_fileset_new(&set, err);
	if (rc == DSE_OK) {
		dse_partial_run(all, &wall, &t);
		for (g = 0; g < s.ngroups; g++)
			res[g].threads = t;
		/* the shards' sweeps and the merge's own time */
		rc = write_outputs(a, set, &a->study.st, &s, res, wall + (now_s() - t0),
				   err);
	}
	dse_fileset_free(set);
	for (g = 0; res && g < s.ngroups; g++)
		dse_explore_result_free(&res[g]);
	free(res);
	dse_partial_free(all);
	dse_plan_free(pl);
	cli_groups_free(&s);
	return rc;
}

/* dse merge DIR... -o OUT: the results of a sharded sweep. */
/* 1 when the first folder holds a share of dse sensitivity --shard. */
static int sensitivity_parts(const struct explore_args *a)
{
	cJSON *doc = NULL;
	char *path = NULL;
	int yes = read_part(a, 0, &doc, &path, NULL) == DSE_OK &&
		  cJSON_GetObjectItemCaseSensitive(doc, "dse_sensitivity_partial") != NULL;

	cJSON_Delete(doc);
	free(path);
	return yes;
}

int cmd_merge(int argc, char **argv)
{
	struct explore_args a;
	struct dse_error err = { 0, "" };
	unsigned long threads = 0;
	int have_threads = 0, rc;

	memset(&a, 0, sizeof a);
	dse_study_defaults(&a.study.st);
	a.outdir = "dse-out";
	rc = parse_merge(argc, argv, &a, &threads, &have_threads, &err);
	if (rc == 1)
		return 0;
	if (rc == DSE_OK && sensitivity_parts(&a))
		rc = cli_sensitivity_merge(a.parts, a.nparts, a.outdir, a.plot,
					   a.json, a.quiet, &a.study.plot, &err);
	else if (rc == DSE_OK)
		rc = merge(&a, threads, have_threads, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
