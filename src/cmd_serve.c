/* cmd_serve.c - dse serve: one design under load (SERVING.md 11-13). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "config.h"
#include "dse_explore.h"
#include "dse_output.h"
#include "dse_plot.h"
#include "dse_serve.h"

static const char serve_usage[] =
	"usage: dse serve [options]\n"
	"Simulate one design serving live traffic (SERVING.md sections 11-13):\n"
	"requests arrive, wait in one FIFO queue, are batched by a policy onto\n"
	"the design's G array groups and served to completion.  Reports latency\n"
	"percentiles with 95 %% intervals, SLO attainment, batch fill, busy\n"
	"time and energy per item; --capacity finds the tail capacity, the\n"
	"largest rate whose P-th percentile latency meets the SLO.\n\n"
	"The design (as dse eval):\n%s\n"
	"Training in the idle cycles (SERVING.md 15: inference first; a chunk\n"
	"starts only if it cannot make a request miss the SLO):\n%s\n"
	"Load and batching:\n"
	"  --arrivals A           poisson, gamma:CV or trace:FILE (times in us, one\n"
	"                         per line, or a CSV with an arrival_us column) [poisson]\n"
	"  --load RHO             arrival rate as a fraction of the capacity C [0.5]\n"
	"  --load-rps R           arrival rate, requests/s\n"
	"  --loads LIST|RANGE     a load sweep: one run per load, e.g. 0.1:0.9:0.1\n"
	"                         (a trace without a rate runs at its own rate;\n"
	"                         with one, its times are scaled to it)\n"
	"  --policy LIST          greedy, timeout:T (us) or deadline, comma-separated\n"
	"                         [deadline with --slo-us, else greedy]\n"
	"  --slo-us L             tail-latency objective, us [none]\n"
	"  --percentile P         tail percentile, in (0, 100) [99]\n"
	"  --requests N           requests counted per run [1000000; a trace: all]\n"
	"  --warmup W             requests simulated first, not counted\n"
	"                         [1 %% of N; a trace: 0]\n"
	"  --seed S               seed of the arrival process [1]\n"
	"  --capacity             find the tail capacity under --slo-us (to 0.5 %%)\n"
	"  --requests-csv FILE    every request of the run (one run only): id,\n"
	"                         arrival, start, finish, latency, group, batch\n\n"
	"Output:\n"
	"  --json                 print one JSON document instead of the table\n"
	"  -o, --output DIR       write DIR/serve.json and DIR/serve.csv\n"
	"  --plot                 also draw DIR's figures [DIR: dse-serve]: latency\n"
	"                         percentiles against load (with --loads), the latency\n"
	"                         distribution at the middle load (gnuplot)\n"
	"  -q, --quiet            no notes on stderr (the overload warning stays)\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 success, 1 I/O or memory, 2 bad usage, 3 bad input file (a trace,\n"
	"technology or workload), 4 infeasible design or an SLO below S(1).\n";

enum { OPT_ARRIVALS = OPT_TRAIN_END, OPT_LOAD, OPT_LOAD_RPS, OPT_LOADS,
       OPT_POLICY, OPT_SLO, OPT_PERCENTILE, OPT_REQUESTS, OPT_WARMUP,
       OPT_SEED, OPT_CAPACITY, OPT_REQUESTS_CSV, OPT_JSON, OPT_PLOT };

static const struct option serve_options[] = {
	CLI_DESIGN_OPTIONS,
	CLI_TRAIN_OPTIONS,
	{ "arrivals", required_argument, NULL, OPT_ARRIVALS },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "load-rps", required_argument, NULL, OPT_LOAD_RPS },
	{ "loads", required_argument, NULL, OPT_LOADS },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "slo-us", required_argument, NULL, OPT_SLO },
	{ "percentile", required_argument, NULL, OPT_PERCENTILE },
	{ "requests", required_argument, NULL, OPT_REQUESTS },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "capacity", no_argument, NULL, OPT_CAPACITY },
	{ "requests-csv", required_argument, NULL, OPT_REQUESTS_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "plot", no_argument, NULL, OPT_PLOT },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Most policies one command compares. */
#define MAX_POLICIES 8
/* Highest load of a sweep (rho; above 1 the queue grows without bound). */
#define LOAD_MAX 10.0

struct serve_args {
	struct cli_design design;
	struct cli_train train;
	const char *arrivals, *policies, *requests_csv, *outdir;
	const char *rate_flag;     /* the flag that set the rate, if any */
	double load, rate_rps;     /* one of them, or neither */
	struct dse_range loads;    /* --loads */
	double slo_us, percentile;
	unsigned long requests, warmup, seed; /* requests 0: the default */
	int warmup_set, capacity, json, plot;
};

/* One rate flag at most: --load, --load-rps or --loads. */
static int set_rate_flag(struct serve_args *a, const char *flag,
			 struct dse_error *err)
{
	if (a->rate_flag && strcmp(a->rate_flag, flag) != 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: conflicts with %s (give one rate)",
				     flag, a->rate_flag);
	a->rate_flag = flag;
	return DSE_OK;
}

/* Handle one serve option; DSE_OK, or a usage error. */
static int serve_option(struct serve_args *a, int opt, const char *arg,
			struct dse_error *err)
{
	int rc = DSE_OK;

	switch (opt) {
	case OPT_ARRIVALS: a->arrivals = arg; break;
	case OPT_LOAD:
		if ((rc = set_rate_flag(a, "--load", err)) == DSE_OK)
			rc = cli_double("--load", arg, 0, 1, LOAD_MAX, &a->load, err);
		break;
	case OPT_LOAD_RPS:
		if ((rc = set_rate_flag(a, "--load-rps", err)) == DSE_OK)
			rc = cli_double("--load-rps", arg, 0, 1, 1e15, &a->rate_rps,
					err);
		break;
	case OPT_LOADS:
		if ((rc = set_rate_flag(a, "--loads", err)) == DSE_OK) {
			dse_range_free(&a->loads);
			rc = dse_range_parse(arg, "--loads", 1e-9, LOAD_MAX, 0,
					     &a->loads, err);
		}
		break;
	case OPT_POLICY: a->policies = arg; break;
	case OPT_SLO:
		rc = cli_double("--slo-us", arg, 0, 1, 1e12, &a->slo_us, err);
		break;
	case OPT_PERCENTILE:
		rc = cli_double("--percentile", arg, 0, 1, 100, &a->percentile, err);
		if (rc == DSE_OK && a->percentile >= 100)
			rc = dse_error_set(err, DSE_EUSAGE,
					   "--percentile: %s is not below 100", arg);
		break;
	case OPT_REQUESTS:
		rc = cli_uint("--requests", arg, 1, DSE_SERVE_REQUESTS_MAX,
			      &a->requests, err);
		break;
	case OPT_WARMUP:
		rc = cli_uint("--warmup", arg, 0, DSE_SERVE_REQUESTS_MAX,
			      &a->warmup, err);
		a->warmup_set = 1;
		break;
	case OPT_SEED:
		rc = cli_uint("--seed", arg, 0, UINT64_MAX, &a->seed, err);
		break;
	case OPT_CAPACITY: a->capacity = 1; break;
	case OPT_REQUESTS_CSV: a->requests_csv = arg; break;
	case OPT_JSON: a->json = 1; break;
	case OPT_PLOT: a->plot = 1; break;
	case 'o': a->outdir = arg; break;
	default:
		return 1;
	}
	return rc;
}

/* Parse serve's options: DSE_OK, 1 after --help, or a usage error. */
static int parse_serve(int argc, char **argv, struct serve_args *a,
		       struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "hqo:", serve_options, NULL)) != -1) {
		rc = cli_design_option(&a->design, opt, optarg, err);
		if (rc == 0)
			rc = cli_train_option(&a->train, opt, optarg, err);
		if (rc != 0) {
			rc = rc > 0 ? DSE_OK : rc;
			continue;
		}
		if (opt == 'h') {
			printf(serve_usage, cli_design_help, cli_train_help);
			return 1;
		}
		rc = serve_option(a, opt, optarg, err);
		if (rc == 1)
			return dse_error_set(err, DSE_EUSAGE,
					     "serve: unknown option or missing argument '%s' (see dse serve --help)",
					     argv[optind - 1]);
	}
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "serve: unexpected argument '%s' (see dse serve --help)",
				   argv[optind]);
	if (rc == DSE_OK && a->capacity && a->slo_us <= 0)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "--capacity: needs --slo-us (the tail capacity is the largest rate meeting it)");
	if (rc == DSE_OK && a->outdir && *a->outdir == '\0')
		rc = dse_error_set(err, DSE_EUSAGE, "--output: empty folder name");
	if (rc == DSE_OK && a->plot && a->outdir == NULL)
		a->outdir = "dse-serve";
	return rc == DSE_OK ? cli_design_check(&a->design, err) : rc;
}

/* The policies of --policy (or the default), each parsed. */
static int parse_policies(const struct serve_args *a,
			  struct dse_serve_policy *pol, size_t *n,
			  struct dse_error *err)
{
	const char *list = a->policies ? a->policies :
			   a->slo_us > 0 ? "deadline" : "greedy";
	char item[128];
	size_t i;

	*n = 0;
	while (*list) {
		size_t len = strcspn(list, ",");

		if (len == 0 || len >= sizeof item || *n == MAX_POLICIES)
			return dse_error_set(err, DSE_EUSAGE,
					     "--policy: '%s' is not a list of at most %d policies",
					     a->policies, MAX_POLICIES);
		memcpy(item, list, len);
		item[len] = '\0';
		if (dse_serve_policy_parse(item, &pol[*n], err) != DSE_OK)
			return cli_blame(DSE_EUSAGE, "--policy", err);
		for (i = 0; i < *n; i++)
			if (strcmp(pol[i].spec, pol[*n].spec) == 0)
				return dse_error_set(err, DSE_EUSAGE,
						     "--policy: %s given twice",
						     pol[*n].spec);
		if (pol[*n].needs_slo && a->slo_us <= 0)
			return dse_error_set(err, DSE_EUSAGE,
					     "--policy %s: needs --slo-us",
					     pol[*n].spec);
		(*n)++;
		list += len + (list[len] == ',');
	}
	if (*n == 0)
		return dse_error_set(err, DSE_EUSAGE, "--policy: empty list");
	return DSE_OK;
}

/* --requests-csv: one line per request, streamed into a temporary file. */
struct request_sink {
	FILE *f;          /* a member of the run's file set */
	const char *path;
	struct dse_error err;
};

/* Request hook: one CSV line. */
static int write_request(const struct dse_serve_request *rq, void *arg)
{
	struct request_sink *s = arg;
	char a[40], st[40], fi[40], la[40];

	dse_format_double(a, sizeof a, rq->arrival_us);
	dse_format_double(st, sizeof st, rq->start_us);
	dse_format_double(fi, sizeof fi, rq->finish_us);
	dse_format_double(la, sizeof la, rq->finish_us - rq->arrival_us);
	errno = 0;
	if (fprintf(s->f, "%llu,%s,%s,%s,%s,%u,%u,%d\n",
		    (unsigned long long)rq->id, a, st, fi, la, rq->group,
		    rq->batch, rq->counted) < 0)
		return dse_error_set(&s->err, DSE_EIO, "%s: write failed: %s",
				     s->path, strerror(errno ? errno : EIO));
	return DSE_OK;
}

/* Everything one dse serve command computes. */
struct serve_run {
	struct cli_evaluated e;
	struct dse_serve_server srv;
	struct dse_serve_arrivals arr;
	struct dse_serve_policy pol[MAX_POLICIES];
	struct dse_serve_capacity cap[MAX_POLICIES];
	size_t npol, nrows;
	struct dse_serve_row *rows;
	struct request_sink sink;
	struct dse_fileset *set; /* every file of the run, committed together */
	int trace;
	struct dse_workload *twl;         /* --train-workload, if another */
	struct dse_train_step step;       /* with --train */
	struct dse_serve_training training;
};

/* The rates of the runs: the loads, one rate, or the trace's own. */
static int rates(const struct serve_args *a, const struct serve_run *r,
		 double **out, size_t *n, struct dse_error *err)
{
	size_t i;

	*n = a->loads.n ? a->loads.n : 1;
	*out = calloc(*n, sizeof **out);
	if (*out == NULL)
		return dse_error_set(err, DSE_ENOMEM, "out of memory");
	for (i = 0; i < a->loads.n; i++)
		(*out)[i] = a->loads.v[i] * r->srv.capacity_rps;
	if (a->loads.n == 0)
		(*out)[0] = a->rate_rps > 0 ? a->rate_rps :
			    a->load > 0 ? a->load * r->srv.capacity_rps :
			    r->trace ? 0.0 : 0.5 * r->srv.capacity_rps;
	return DSE_OK;
}

/* The run configuration of policy p at rate rps. */
static struct dse_serve_config config(const struct serve_args *a,
				      struct serve_run *r, size_t p,
				      double rps)
{
	struct dse_serve_config c;

	memset(&c, 0, sizeof c);
	c.arrivals = &r->arr;
	c.policy = &r->pol[p];
	c.rate_rps = rps;
	c.slo_us = a->slo_us;
	c.percentile = a->percentile;
	/* by default 10^6 requests, or a whole trace */
	c.requests = a->requests ? a->requests : r->trace ? 0 : 1000000;
	c.warmup = a->warmup_set ? a->warmup : DSE_SERVE_WARMUP_DEFAULT;
	c.seed = a->seed;
	return c;
}

/* Load the design and the trace, check the SLO against S(1). */
static int prepare(const struct serve_args *a, struct serve_run *r,
		   struct dse_error *err)
{
	int rc = cli_design_eval(&a->design, &r->e, err);

	if (rc == DSE_OK)
		rc = dse_serve_server_from_design(&r->e.model, &r->e.p, &r->srv,
						  err);
	if (rc == DSE_OK) {
		rc = dse_serve_arrivals_parse(a->arrivals, &r->arr, err);
		if (rc != DSE_OK && strncmp(a->arrivals, "trace:", 6) != 0)
			rc = cli_blame(rc, "--arrivals", err);
	}
	if (rc == DSE_OK)
		rc = parse_policies(a, r->pol, &r->npol, err);
	if (rc == DSE_OK && a->slo_us > 0 && a->slo_us < r->srv.service_us[0])
		rc = dse_error_set(err, DSE_EINFEASIBLE,
				   "--slo-us %g: below the service time of a single request, S(1) = %.4g us: no load meets it",
				   a->slo_us, r->srv.service_us[0]);
	r->trace = rc == DSE_OK && dse_serve_arrivals_is_trace(&r->arr);
	if (rc == DSE_OK && a->train.on)
		rc = cli_train_step(&a->train, &r->e, &r->twl, &r->step, err);
	if (rc == DSE_OK && a->train.on)
		rc = dse_serve_training_from_step(&r->step, &r->training, err);
	return rc;
}

/* Open the --requests-csv file; only one run may stream into it. */
static int open_requests(const struct serve_args *a, struct serve_run *r,
			 size_t nrates, struct dse_error *err)
{
	int rc;

	if (a->requests_csv == NULL)
		return DSE_OK;
	if (nrates * r->npol != 1)
		return dse_error_set(err, DSE_EUSAGE,
				     "--requests-csv: needs a single run (one load, one policy)");
	r->sink.path = a->requests_csv;
	rc = dse_fileset_open(r->set, a->requests_csv, &r->sink.f, err);
	if (rc == DSE_OK &&
	    fputs("id,arrival_us,start_us,finish_us,latency_us,group,batch,counted\n",
		  r->sink.f) == EOF)
		rc = dse_error_set(err, DSE_EIO, "%s: write failed: %s",
				   a->requests_csv, strerror(errno));
	return rc;
}

/* Every policy's capacity (if asked), then every policy at every rate. */
static int simulate(const struct serve_args *a, struct serve_run *r,
		    struct dse_error *err)
{
	double *rps = NULL;
	size_t nrates = 0, p, i;
	int rc = rates(a, r, &rps, &nrates, err);

	if (rc == DSE_OK)
		rc = open_requests(a, r, nrates, err);
	if (rc == DSE_OK) {
		r->rows = calloc(nrates * r->npol, sizeof *r->rows);
		if (r->rows == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (p = 0; rc == DSE_OK && p < r->npol; p++) {
		struct dse_serve_config c = config(a, r, p, 0);

		if (a->capacity)
			rc = dse_serve_capacity(&r->srv, &c, 0, &r->cap[p], err);
		for (i = 0; rc == DSE_OK && i < nrates; i++) {
			struct dse_serve_row *row = &r->rows[r->nrows++];

			c = config(a, r, p, rps[i]);
			c.cdf = a->outdir != NULL;
			c.training = a->train.on ? &r->training : NULL;
			row->trained = a->train.on;
			if (r->sink.f) {
				c.on_request = write_request;
				c.on_request_arg = &r->sink;
			}
			row->policy = r->pol[p].spec;
			row->arrivals = r->arr.spec;
			row->slo_us = a->slo_us;
			row->capacity = a->capacity ? &r->cap[p] : NULL;
			rc = dse_serve_run(&r->srv, &c, &row->stats, err);
			if (rc == DSE_EIO && r->sink.err.status == DSE_EIO)
				*err = r->sink.err;
		}
	}
	free(rps);
	return rc;
}

/* serve.json: what was simulated, on what, and every run. */
static cJSON *document(const struct serve_args *a, const struct serve_run *r,
		       int with_cdf)
{
	cJSON *doc = cJSON_CreateObject(), *argv, *runs;
	char seed[32];
	size_t i;
	int ok;

	snprintf(seed, sizeof seed, "%lu", a->seed);
	ok = doc && cJSON_AddStringToObject(doc, "dse_version", PACKAGE_VERSION) &&
	     cJSON_AddStringToObject(doc, "datadir", cli_datadir()) &&
	     (argv = cJSON_AddArrayToObject(doc, "command_line")) != NULL;
	for (i = 0; ok && i < (size_t)cli_argc; i++)
		ok = cJSON_AddItemToArray(argv, cJSON_CreateString(cli_argv[i]));
	ok = ok && cJSON_AddItemToObject(doc, "technology",
					 dse_json_tech(r->e.tech)) &&
	     cJSON_AddItemToObject(doc, "workload", dse_json_workload(r->e.wl)) &&
	     cJSON_AddItemToObject(doc, "budget",
				   dse_json_budget(&r->e.model.budget)) &&
	     cJSON_AddItemToObject(doc, "design", dse_json_point(&r->e.p)) &&
	     cJSON_AddItemToObject(doc, "server", dse_json_serve_server(&r->srv)) &&
	     cJSON_AddStringToObject(doc, "arrivals", r->arr.spec) &&
	     (!r->trace || cJSON_AddStringToObject(doc, "trace", r->arr.path)) &&
	     cJSON_AddStringToObject(doc, "seed", seed) &&
	     (runs = cJSON_AddArrayToObject(doc, "runs")) != NULL;
	for (i = 0; ok && i < r->nrows; i++)
		ok = cJSON_AddItemToArray(runs, dse_json_serve_row(&r->rows[i],
								   with_cdf));
	if (!ok) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* dse_writer of serve.csv. */
static int write_csv(FILE *f, void *arg, struct dse_error *err)
{
	const struct serve_run *r = arg;
	size_t i;
	int rc = dse_csv_serve_header(f);

	for (i = 0; rc == DSE_OK && i < r->nrows; i++)
		rc = dse_csv_serve_row(f, &r->rows[i]);
	return rc == DSE_OK ? DSE_OK : dse_error_set(err, rc, "write failed");
}

/* DIR/serve.json and DIR/serve.csv, members of the run's file set. */
static int write_files(const char *dir, struct serve_run *r, cJSON *doc,
		       struct dse_error *err)
{
	static const char *const names[] = { "serve.json", "serve.csv" };
	size_t i;
	int rc = dse_fileset_mkdir(r->set, dir, err);

	for (i = 0; rc == DSE_OK && i < 2; i++) {
		char *path = dse_path_join(dir, names[i]);

		rc = path == NULL ? dse_error_set(err, DSE_ENOMEM, "out of memory") :
		     i == 0 ? dse_fileset_write(r->set, path, dse_json_writer, doc, err) :
			      dse_fileset_write(r->set, path, write_csv, r, err);
		free(path);
	}
	return rc;
}

/* The files, the table (or JSON) on stdout, the overload warning; the
   file set is committed once stdout is written. */
static int report(const struct serve_args *a, struct serve_run *r,
		  struct dse_error *err)
{
	cJSON *doc = NULL;
	size_t i;
	int rc = DSE_OK;
	char n[32], w[32];

	for (i = 0; i < r->nrows; i++)
		if (!r->rows[i].stats.stable) {
			fprintf(stderr, "dse: warning: load %.3g >= 1: the queue grows without bound; the figures describe these %s requests only (stable: false)\n",
				r->rows[i].stats.load,
				dse_format_count((double)r->rows[i].stats.requests,
						 n, sizeof n));
			break;
		}
	/* training for free presumes inference meets its SLO: say when the
	   load alone breaks it, or the figures read as a training verdict */
	for (i = 0; a->train.on && a->slo_us > 0 && !a->design.quiet &&
		    i < r->nrows; i++)
		if (!r->rows[i].stats.meets_slo) {
			fprintf(stderr, "dse: note: %s at load %.3g: inference misses the SLO (p%g %.4g us > %g us) and a chunk starts only when no request can be made late, so little trains; dse serve --capacity finds the load the SLO allows\n",
				r->rows[i].policy, r->rows[i].stats.load,
				a->percentile, r->rows[i].stats.latency_tail_us,
				a->slo_us);
			break;
		}
	if (a->outdir) {
		doc = document(a, r, 1);
		rc = doc ? write_files(a->outdir, r, doc, err) :
			   dse_error_set(err, DSE_ENOMEM, "out of memory");
		cJSON_Delete(doc);
		doc = NULL;
	}
	if (rc == DSE_OK && a->json) {
		/* stdout without the distributions: they are in the file */
		doc = document(a, r, 0);
		if (doc == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
		else if (dse_json_print(stdout, doc) != DSE_OK)
			rc = cli_stdout_error(err);
	} else if (rc == DSE_OK) {
		const struct dse_serve_row *r0 = &r->rows[0];

		dse_text_serve_server(stdout, &r->e.p, &r->srv);
		printf("Arrivals: %s, %s requests after %s of warm-up, seed %lu",
		       r->arr.spec,
		       dse_format_count((double)r0->stats.requests, n, sizeof n),
		       dse_format_count((double)r0->stats.warmup, w, sizeof w),
		       a->seed);
		if (a->slo_us > 0)
			printf("; SLO %g us at p%g", a->slo_us, a->percentile);
		printf("\n\n");
		dse_text_serve(stdout, r->rows, r->nrows);
		if (a->train.on)
			dse_text_serve_train(stdout, r->rows, r->nrows,
					     r->step.workload, r->step.items);
		if (a->capacity) {
			putchar('\n');
			dse_text_serve_capacity(stdout, r->rows, r->nrows);
		}
		rc = ferror(stdout) ? cli_stdout_error(err) : DSE_OK;
	}
	if (rc == DSE_OK)
		rc = cli_stdout_flush(err);
	cJSON_Delete(doc);
	if (rc == DSE_OK)
		rc = dse_fileset_commit(r->set, err);
	return rc;
}

/* dse serve: parse, simulate, report; returns the exit code. */
int cmd_serve(int argc, char **argv)
{
	struct serve_args a;
	struct serve_run r;
	struct dse_error err = { 0, "" };
	struct cli_design defaults = CLI_DESIGN_DEFAULTS;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&r, 0, sizeof r);
	a.design = defaults;
	a.arrivals = "poisson";
	a.percentile = 99;
	a.seed = 1;
	rc = parse_serve(argc, argv, &a, &err);
	if (rc == 1) {
		dse_range_free(&a.loads);
		return 0;
	}
	if (rc == DSE_OK)
		rc = dse_fileset_new(&r.set, &err);
	if (rc == DSE_OK)
		rc = prepare(&a, &r, &err);
	if (rc == DSE_OK)
		rc = simulate(&a, &r, &err);
	if (rc == DSE_OK)
		rc = report(&a, &r, &err);
	if (rc == DSE_OK && a.plot)
		rc = dse_plot_render(a.outdir, NULL, &err);
	dse_fileset_free(r.set); /* after a failure: temporaries, folders made */
	free(r.rows);
	dse_serve_training_free(&r.training);
	dse_train_step_free(&r.step);
	dse_workload_free(r.twl);
	dse_serve_arrivals_free(&r.arr);
	dse_serve_server_free(&r.srv);
	cli_evaluated_free(&r.e);
	dse_range_free(&a.loads);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
