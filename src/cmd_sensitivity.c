/* cmd_sensitivity.c - dse sensitivity: every headline figure with a band. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "config.h"
#include "dse_output.h"
#include "dse_plot.h"
#include "dse_sensitivity.h"

static const char usage_head[] =
	"usage: dse sensitivity [explore options] [--samples N] [--seed S]\n"
	"                       [--set KEY=VALUE]\n"
	"How much each headline figure depends on the technology's uncertain\n"
	"constants (docs/SENSITIVITY.md): the parameters whose technology file gives a\n"
	"range (\"range\" or \"rel\", MODEL.md 11) are sampled on a Latin hypercube;\n"
	"the study is swept in full at each sample and at each end of each range.\n"
	"Every figure (best throughput per format under each bound, its ratio to the\n"
	"baseline, the tail capacity per SLO) gets a median, a 5-95 % band and its\n"
	"Spearman rank correlation with each parameter; a tornado ranks the\n"
	"parameters by how far each moves one figure.\n\n"
	"The study, as dse explore takes it (--sample is ignored: no point sample):\n";

static const char usage_own[] =
	"  --seed N               seed of the Latin hypercube and the tail\n"
	"                         simulations [1]\n"
	"  --sample N             accepted for dse explore's flags; not used\n"
	"  (--all-points is refused: run dse explore at a sample for its designs)\n"
	"\nThe sensitivity run:\n"
	"  --samples N            Latin hypercube samples, 1..100000 [100]\n"
	"  --tornado FIGURE       figure of the tornado: tops:FORMAT@BOUND,\n"
	"                         ratio:FORMAT/BASELINE@BOUND or tail:FORMAT@SLO\n"
	"                         [the first ratio at the tightest bound it exists]\n"
	"  -o, --output DIR       results folder [dse-sensitivity]\n"
	"  --shard I/N            run share I of N of the sweeps (0 <= I < N) and write\n"
	"                         DIR/part.json; dse merge makes the whole run of them\n"
	"  --plot                 render the figures into DIR (gnuplot): plot-band,\n"
	"                         plot-tornado, plot-ratios (also: dse plot DIR)\n";

static const char usage_own2[] =
	"  --json                 print sensitivity.json instead of the tables\n"
	"  -q, --quiet            no progress line\n"
	"  -h, --help             this help\n"
	"\nServing under load (a tail pass per sweep: tens of seconds each on the\n"
	"default study; the tail capacities then join the figures):\n";

static const char usage_tail[] =
	"\nEach sweep is dse explore's, exact, on every thread (--threads); the\n"
	"samples run one after another and the results do not depend on the threads,\n"
	"nor on shares: --shard I/N and dse merge, or mpirun -np P (dse built with\n"
	"--with-mpi), split the sweeps and make the same files.\n"
	"Writes DIR/sensitivity.json and sensitivity.csv (every sample's values and\n"
	"figures; temporary names, then renamed: a failed run leaves no partial file).\n"
	"Exit: 0 success, 1 internal error, 2 bad usage (a bad --set, --samples,\n"
	"--tornado), 3 bad input file (a range that breaks the technology, a base\n"
	"cycle, no uncertain parameter), 4 no feasible design at the values.\n";

/* The study's options (cli.h), then sensitivity's own. */
enum { OPT_SAMPLES = OPT_STUDY_END, OPT_TORNADO, OPT_PLOT,
       OPT_JSON, OPT_ALL, OPT_SHARD };

static const struct option options[] = {
	CLI_STUDY_OPTIONS,
	{ "samples", required_argument, NULL, OPT_SAMPLES },
	{ "tornado", required_argument, NULL, OPT_TORNADO },
	{ "output", required_argument, NULL, 'o' },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "plot", no_argument, NULL, OPT_PLOT },
	CLI_PLOT_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "all-points", no_argument, NULL, OPT_ALL },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

#define DEFAULT_SAMPLES 100

struct sens_args {
	struct cli_study study;
	struct dse_sens_config cfg;
	const char *outdir;
	int plot, json, quiet;
	unsigned long shard_i, shard_n;   /* --shard I/N; n 0: none */
	char tornado[128];                /* of a rerun sensitivity.json */
};

/* A --study that is a sensitivity.json reruns the run too: its samples
   and tornado figure become the defaults (the seed is the study's). */
static int rerun_config(int argc, char **argv, struct sens_args *a,
			struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	optind = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "ho:q", options, NULL)) != -1) {
		const cJSON *m, *v, *t;
		cJSON *doc = NULL;

		if (opt != OPT_STUDY || access(optarg, R_OK) != 0 ||
		    dse_json_read_file(optarg, &doc, NULL) != DSE_OK)
			continue;
		m = cJSON_GetObjectItemCaseSensitive(doc, "method");
		v = cJSON_GetObjectItemCaseSensitive(m, "samples");
		t = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(doc, "tornado"), "figure");
		if (cJSON_IsNumber(v) && v->valuedouble >= 1 &&
		    v->valuedouble <= DSE_SENS_MAX_SAMPLES &&
		    v->valuedouble == (double)(size_t)v->valuedouble)
			a->cfg.samples = (size_t)v->valuedouble;
		else if (m != NULL)
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: method: samples: not a whole number in 1..%d",
					   optarg, DSE_SENS_MAX_SAMPLES);
		if (rc == DSE_OK && cJSON_IsString(t) &&
		    strlen(t->valuestring) < sizeof a->tornado) {
			strcpy(a->tornado, t->valuestring);
			a->cfg.tornado = a->tornado;
		}
		cJSON_Delete(doc);
	}
	optind = 0;
	return rc;
}

/* Print the help: the study's flags, then the run's. */
static void usage(void)
{
	fputs(usage_head, stdout);
	cli_study_usage(stdout, 0);
	fputs(usage_own, stdout);
	fputs(cli_plot_help, stdout);
	fputs(usage_own2, stdout);
	cli_study_tail_usage(stdout);
	fputs(usage_tail, stdout);
}

/* The options: DSE_OK, 1 after --help, or an error. */
static int parse(int argc, char **argv, struct sens_args *a,
		 struct dse_error *err)
{
	unsigned long n;
	int opt, rc;

	if ((rc = cli_study_files(argc, argv, "ho:q", options, &a->study,
				  err)) != DSE_OK ||
	    (rc = rerun_config(argc, argv, a, err)) != DSE_OK)
		return rc;
	while ((opt = getopt_long(argc, argv, "ho:q", options, NULL)) != -1) {
		rc = cli_study_option(&a->study, opt, optarg, err);
		if (rc < 0)
			return rc;
		if (rc == 1)
			continue;
		switch (opt) {
		case OPT_SAMPLES:
			if ((rc = cli_uint("--samples", optarg, 1,
					   DSE_SENS_MAX_SAMPLES, &n, err)) != DSE_OK)
				return rc;
			a->cfg.samples = n;
			break;
		case OPT_TORNADO: a->cfg.tornado = optarg; break;
		case 'o': a->outdir = optarg; break;
		case OPT_SHARD:
			if ((rc = cli_shard_parse(optarg, &a->shard_i, &a->shard_n,
						  err)) != DSE_OK)
				return rc;
			break;
		case OPT_PLOT: a->plot = 1; break;
		case OPT_JSON: a->json = 1; break;
		case 'q': a->quiet = 1; break;
		case OPT_ALL:
			return dse_error_set(err, DSE_EUSAGE,
					     "--all-points: not for dse sensitivity, whose every sweep would stream its designs; run dse explore --all-points --set ... at a sample");
		case 'h':
			usage();
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "sensitivity: unknown option or missing argument '%s' (see dse sensitivity --help)",
					     argv[optind - 1]);
		}
	}
	if (optind < argc)
		return dse_error_set(err, DSE_EUSAGE,
				     "sensitivity: unexpected argument '%s' (see dse sensitivity --help)",
				     argv[optind]);
	if (*a->outdir == '\0')
		return dse_error_set(err, DSE_EUSAGE, "--output: empty folder name");
	if (a->shard_n && (a->plot || a->json))
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: a shard writes DIR/part.json alone; --plot and --json belong to dse merge's whole run");
	if ((rc = cli_study_unused(&a->study, a->plot, err)) != DSE_OK)
		return rc;
	a->cfg.seed = a->study.st.seed;
	a->cfg.baseline = a->study.st.baseline;
	return DSE_OK;
}

/* --tornado and --baseline against the study, before anything runs. */
static int check_figures(const struct sens_args *a, struct dse_error *err)
{
	struct dse_sens_figure *figs = NULL;
	size_t n = 0, i;
	int rc = dse_sens_figures(&a->study.st, a->cfg.baseline, &figs, &n, err);

	if (rc == DSE_OK && a->cfg.tornado)
		rc = dse_sens_figure_find(figs, n, a->cfg.tornado, &i, err);
	free(figs);
	return rc;
}

/* Progress on stderr, on a terminal: sweeps done, time per sweep, ETA. */
struct progress {
	struct timespec start;
	int shown;
};

/* Progress hook: one line, rewritten after each sweep. */
static void show_progress(size_t done, size_t total, void *arg)
{
	struct progress *pr = arg;
	struct timespec t;
	double el, each;

	clock_gettime(CLOCK_MONOTONIC, &t);
	el = (double)(t.tv_sec - pr->start.tv_sec) +
	     1e-9 * (double)(t.tv_nsec - pr->start.tv_nsec);
	each = el / (double)done;
	pr->shown = 1;
	fprintf(stderr, "\rsensitivity: sweep %zu of %zu, %.2f s each, ETA %.0f s\033[K",
		done, total, each, each * (double)(total - done));
	fflush(stderr);
}

/* What the writers of the file set need. */
struct outputs {
	const struct dse_sens_result *res;
	cJSON *doc;
};

/* dse_writer of sensitivity.json. */
static int write_json(FILE *f, void *arg, struct dse_error *err)
{
	return dse_json_writer(f, ((struct outputs *)arg)->doc, err);
}

/* dse_writer of sensitivity.csv. */
static int write_csv(FILE *f, void *arg, struct dse_error *err)
{
	return dse_csv_sensitivity(f, ((struct outputs *)arg)->res) == DSE_OK ?
		       DSE_OK : dse_error_set(err, DSE_EIO, "write failed");
}

/* sensitivity.json and sensitivity.csv as members of the run's set. */
static int write_results(struct dse_fileset *set, const char *dir,
			 struct outputs *o, struct dse_error *err)
{
	static const struct {
		const char *name;
		dse_writer write;
	} files[] = {
		{ "sensitivity.json", write_json },
		{ "sensitivity.csv", write_csv },
	};
	size_t i;
	int rc = DSE_OK;

	for (i = 0; rc == DSE_OK && i < sizeof files / sizeof files[0]; i++) {
		char *path = dse_path_join(dir, files[i].name);

		rc = path ? dse_fileset_write(set, path, files[i].write, o, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		free(path);
	}
	return rc;
}

/* What identifies a run besides its study: samples, seed, tornado, baseline. */
static cJSON *config_json(const struct dse_sens_config *cfg)
{
	cJSON *o = cJSON_CreateObject();
	char seed[32];

	snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg->seed);
	if (o && cJSON_AddNumberToObject(o, "samples", (double)cfg->samples) &&
	    cJSON_AddStringToObject(o, "seed", seed) &&
	    cJSON_AddStringToObject(o, "tornado", cfg->tornado ? cfg->tornado : "") &&
	    cJSON_AddStringToObject(o, "baseline", cfg->baseline ? cfg->baseline : ""))
		return o;
	cJSON_Delete(o);
	return NULL;
}

/* A share's document: study, config, the share, its jobs. */
static cJSON *part_doc(const struct sens_args *a, const struct dse_sens_result *res)
{
	cJSON *doc = cJSON_CreateObject(), *sh;

	if (doc && cJSON_AddNumberToObject(doc, "dse_sensitivity_partial", 1) &&
	    dse_json_put(doc, "study", dse_study_json(&a->study.st)) &&
	    dse_json_put(doc, "config", config_json(&a->cfg)) &&
	    (sh = cJSON_AddArrayToObject(doc, "shard")) != NULL &&
	    dse_json_push(sh, cJSON_CreateNumber((double)a->cfg.part)) &&
	    dse_json_push(sh, cJSON_CreateNumber((double)a->cfg.nparts)) &&
	    dse_json_put(doc, "part", dse_sens_part_json(res)))
		return doc;
	cJSON_Delete(doc);
	return NULL;
}

/* dse_writer of a share's part.json. */
static int write_part_doc(FILE *f, void *arg, struct dse_error *err)
{
	return dse_json_writer(f, arg, err);
}

/* --shard: DIR/part.json alone, as one set. */
static int write_part(const struct sens_args *a, const struct dse_sens_result *res,
		      struct dse_error *err)
{
	struct dse_fileset *set = NULL;
	cJSON *doc = part_doc(a, res);
	char *path = dse_path_join(a->outdir, "part.json");
	int rc = doc && path ? dse_fileset_new(&set, err) :
			       dse_error_set(err, DSE_ENOMEM, "out of memory");

	if (rc == DSE_OK)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK)
		rc = dse_fileset_write(set, path, write_part_doc, doc, err);
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	dse_fileset_free(set);
	free(path);
	cJSON_Delete(doc);
	return rc;
}

/* Under mpirun: every rank's share to the first, which merges them. */
static int gather_parts(const struct sens_args *a, int rank, int size,
			struct dse_sens_result *res, int rc,
			struct dse_error *err)
{
	char **texts = NULL;
	cJSON *doc = rc == DSE_OK ? dse_sens_part_json(res) : NULL;
	int r;

	rc = cli_mpi_send_doc(rc, doc, &texts, err);
	cJSON_Delete(doc);
	for (r = 0; rank == 0 && texts && r < size; r++) {
		if (rc == DSE_OK && r > 0) {
			char who[32];
			cJSON *other;

			snprintf(who, sizeof who, "MPI rank %d", r);
			rc = cli_mpi_doc_of(texts[r], r, &other, err);
			if (rc == DSE_OK)
				rc = dse_sens_part_read(res, other, who, err);
			cJSON_Delete(other);
		}
		free(texts[r]);
	}
	free(texts);
	(void)a;
	if (rc == DSE_OK && rank == 0)
		rc = dse_sens_finish(res, err);
	return rc;
}

/*
 * The whole run's folder as one set and its summary; the set is committed
 * only once the summary is out, so a failed run leaves no file.
 */
static int write_all(const struct sens_args *a, const struct dse_sens_result *res,
		     const struct dse_model *model, struct dse_error *err)
{
	struct dse_fileset *set = NULL;
	struct dse_run_info info = { PACKAGE_VERSION, cli_argc, cli_argv,
				      cli_datadir() };
	struct outputs out = { res, NULL };
	int rc = dse_fileset_new(&set, err);

	if (rc == DSE_OK &&
	    (out.doc = dse_json_sensitivity(res, &a->cfg, &a->study.st, model,
					    &info)) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc == DSE_OK)
		rc = dse_fileset_mkdir(set, a->outdir, err);
	if (rc == DSE_OK)
		rc = write_results(set, a->outdir, &out, err);
	if (rc == DSE_OK) {
		errno = 0;
		rc = a->json ? dse_json_print(stdout, out.doc) :
			       dse_text_sensitivity(stdout, res, &a->cfg,
						    &a->study.st, model);
		rc = rc == DSE_OK ? cli_stdout_flush(err) : cli_stdout_error(err);
	}
	if (rc == DSE_OK)
		rc = dse_fileset_commit(set, err);
	if (rc == DSE_OK && a->plot)
		rc = dse_plot_render(a->outdir, &a->study.plot, err);
	dse_fileset_free(set);
	cJSON_Delete(out.doc);
	return rc;
}

/* Load the study's one group and run (the share of) the sweeps. */
static int sweep(struct sens_args *a, struct cli_groups *g, int progress,
		 struct dse_sens_result *res, struct dse_error *err)
{
	struct progress pr = { { 0, 0 }, 0 };
	struct dse_sens_hooks hooks = { NULL, NULL };
	int rc = check_figures(a, err);

	if (rc == DSE_OK)
		rc = cli_groups_load(&a->study.st, a->study.tech_from,
				     a->study.workload_from, g, err);
	if (rc == DSE_OK && g->ngroups != 1)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "sensitivity: one technology, workload, area and power at a time (the study has %zu groups)",
				   g->ngroups);
	if (rc == DSE_OK && progress && !a->quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		hooks.progress = show_progress;
		hooks.arg = &pr;
	}
	if (rc == DSE_OK)
		rc = dse_sens_run(&a->study.st, g->tech[0], g->wl[0], &a->cfg, &hooks,
				  res, err);
	if (pr.shown)
		fputs("\r\033[K", stderr);
	return rc;
}

/* Run (a share, or under mpirun this rank's), then write what is due. */
static int run(struct sens_args *a, struct dse_error *err)
{
	struct cli_groups g;
	struct dse_sens_result res;
	int rank, size, rc;

	memset(&res, 0, sizeof res);
	memset(&g, 0, sizeof g);
	cli_mpi_world(&rank, &size);
	if (size > 1 && a->shard_n)
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: not under mpirun, which shares the sweeps itself");
	if (size > 1) {
		a->cfg.part = (size_t)rank;
		a->cfg.nparts = (size_t)size;
	} else if (a->shard_n) {
		a->cfg.part = a->shard_i;
		a->cfg.nparts = a->shard_n;
	}
	rc = sweep(a, &g, rank == 0, &res, err);
	if (size > 1)
		rc = gather_parts(a, rank, size, &res, rc, err);
	if (rc == DSE_OK && rank == 0)
		rc = a->shard_n ? write_part(a, &res, err) :
				  write_all(a, &res, &g.models[0], err);
	dse_sens_result_free(&res);
	cli_groups_free(&g);
	return rc;
}

/* dse merge of sensitivity shares: the study and config of the first, the
   jobs of every one, then the whole run's folder. */
int cli_sensitivity_merge(char **dirs, int n, const char *outdir, int plot,
			  int json, int quiet,
			  const struct dse_plot_options *page,
			  struct dse_error *err)
{
	struct sens_args a;
	struct cli_groups g;
	struct dse_sens_result res;
	cJSON *first = NULL, *doc = NULL;
	char *path = NULL, *want = NULL, tornado[128] = "", baseline[64] = "";
	const cJSON *cfg, *v;
	int i, rc;

	memset(&a, 0, sizeof a);
	memset(&g, 0, sizeof g);
	memset(&res, 0, sizeof res);
	a.outdir = outdir;
	a.plot = plot;
	a.json = json;
	a.quiet = quiet;
	a.study.plot = *page;
	dse_study_defaults(&a.study.st);
	path = dse_path_join(dirs[0], "part.json");
	rc = path ? dse_json_read_file(path, &first, err) :
		    dse_error_set(err, DSE_ENOMEM, "out of memory");
	cfg = first ? cJSON_GetObjectItemCaseSensitive(first, "config") : NULL;
	if (rc == DSE_OK && !cJSON_IsObject(cfg))
		rc = dse_error_set(err, DSE_EINPUT, "%s: config: missing", path);
	if (rc == DSE_OK)
		rc = dse_study_from_json(&a.study.st,
					 cJSON_GetObjectItemCaseSensitive(first, "study"),
					 path, err);
	if (rc == DSE_OK) {
		unsigned long long seed;

		v = cJSON_GetObjectItemCaseSensitive(cfg, "samples");
		a.cfg.samples = cJSON_IsNumber(v) && v->valuedouble >= 1 &&
					v->valuedouble <= DSE_SENS_MAX_SAMPLES ?
				(size_t)v->valuedouble : 0;
		v = cJSON_GetObjectItemCaseSensitive(cfg, "seed");
		if (!cJSON_IsString(v) || dse_uint_parse(v->valuestring, UINT64_MAX,
							 &seed) != DSE_OK)
			a.cfg.samples = 0;
		else
			a.cfg.seed = seed;
		v = cJSON_GetObjectItemCaseSensitive(cfg, "tornado");
		if (cJSON_IsString(v))
			snprintf(tornado, sizeof tornado, "%s", v->valuestring);
		v = cJSON_GetObjectItemCaseSensitive(cfg, "baseline");
		if (cJSON_IsString(v))
			snprintf(baseline, sizeof baseline, "%s", v->valuestring);
		a.cfg.tornado = *tornado ? tornado : NULL;
		a.cfg.baseline = *baseline ? baseline : NULL;
		if (a.cfg.samples == 0)
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: config: samples or seed missing or out of range",
					   path);
	}
	snprintf(a.study.tech_from, sizeof a.study.tech_from, "%.280s: tech", path);
	snprintf(a.study.workload_from, sizeof a.study.workload_from,
		 "%.280s: workload", path);
	/* plan and the sweep at the values, no job: the parts bring them */
	a.cfg.part = 2;
	a.cfg.nparts = 2;
	if (rc == DSE_OK)
		rc = sweep(&a, &g, 1, &res, err);
	if (rc == DSE_OK &&
	    (want = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(first, "study"))) == NULL)
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; rc == DSE_OK && i < n; i++) {
		char *study = NULL;

		free(path);
		cJSON_Delete(doc);
		doc = NULL;
		path = dse_path_join(dirs[i], "part.json");
		rc = path ? dse_json_read_file(path, &doc, err) :
			    dse_error_set(err, DSE_ENOMEM, "out of memory");
		if (rc == DSE_OK && !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "dse_sensitivity_partial")))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: not a partial result of dse sensitivity --shard",
					   path);
		if (rc == DSE_OK)
			study = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(doc, "study"));
		if (rc == DSE_OK &&
		    (study == NULL || strcmp(study, want) != 0 ||
		     !cJSON_Compare(cJSON_GetObjectItemCaseSensitive(doc, "config"), cfg, 1)))
			rc = dse_error_set(err, DSE_EINPUT,
					   "%s: a share of another study or config than %s/part.json's",
					   path, dirs[0]);
		cJSON_free(study);
		if (rc == DSE_OK)
			rc = dse_sens_part_read(&res, cJSON_GetObjectItemCaseSensitive(doc, "part"),
						path, err);
		/* the shares' sweeps, then the merge's own time */
		v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "part"),
						     "wall_time_s");
		if (rc == DSE_OK && cJSON_IsNumber(v) && v->valuedouble > 0 &&
		    v->valuedouble < 1e9)
			res.wall_s += v->valuedouble;
	}
	if (rc == DSE_OK)
		rc = dse_sens_finish(&res, err);
	if (rc == DSE_OK)
		rc = write_all(&a, &res, &g.models[0], err);
	cJSON_free(want);
	cJSON_Delete(doc);
	cJSON_Delete(first);
	free(path);
	dse_sens_result_free(&res);
	cli_groups_free(&g);
	return rc;
}

/* dse sensitivity: defaults, study files, flags; returns the exit code. */
int cmd_sensitivity(int argc, char **argv)
{
	struct sens_args a;
	struct dse_error err = { 0, "" };
	int rc;

	memset(&a, 0, sizeof a);
	a.cfg.samples = DEFAULT_SAMPLES;
	a.outdir = "dse-sensitivity";
	rc = parse(argc, argv, &a, &err);
	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
