/* cmd_eval.c - dse eval (one design) and dse cycles (one GEMM). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "dse_output.h"

static const char eval_usage[] =
	"usage: dse eval [options]\n"
	"Evaluate one design: sizing under the budget, latency, throughput,\n"
	"area, power and energy (MODEL.md sections 3-6).\n\n"
	"%s%s"
	"  --json                 print one JSON object (keys carry units) with a\n"
	"                         \"stages\" array (and train_* keys with --train)\n"
	"  -q, --quiet            no notes on stderr (such as a flag the dataflow\n"
	"                         ignores)\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 feasible, 2 bad usage, 3 bad input file, 4 infeasible design.\n";

enum { OPT_JSON = OPT_TRAIN_END, OPT_M, OPT_N, OPT_K, OPT_TOPOLOGY,
       OPT_ACC_DEPTH };

static const struct option eval_options[] = {
	CLI_DESIGN_OPTIONS,
	CLI_TRAIN_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct eval_args {
	struct cli_design design;
	struct cli_train train;
	int json;
};

/* Parse eval's options into a: DSE_OK, 1 after --help, or a usage error. */
static int parse_eval(int argc, char **argv, struct eval_args *a,
		      struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "hq", eval_options, NULL)) != -1) {
		rc = cli_design_option(&a->design, opt, optarg, err);
		if (rc == 0)
			rc = cli_train_option(&a->train, opt, optarg, err);
		if (rc != 0) {
			rc = rc > 0 ? DSE_OK : rc;
			continue;
		}
		switch (opt) {
		case OPT_JSON: a->json = 1; break;
		case 'h':
			printf(eval_usage, cli_design_help, cli_train_help);
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "eval: unknown option or missing argument '%s' (see dse eval --help)",
					     argv[optind - 1]);
		}
	}
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "eval: unexpected argument '%s' (see dse eval --help)",
				   argv[optind]);
	return rc == DSE_OK ? cli_design_check(&a->design, err) : rc;
}

/* Evaluate a's design and print it as text or JSON; infeasible is an error. */
static int run_eval(struct eval_args *a, struct dse_error *err)
{
	struct cli_evaluated e;
	struct dse_workload *twl = NULL;
	struct dse_train_step step;
	cJSON *json = NULL;
	int rc = cli_design_eval(&a->design, &e, err);

	memset(&step, 0, sizeof step);
	if (rc == DSE_OK && a->train.on)
		rc = cli_train_step(&a->train, &e, &twl, &step, err);
	if (rc == DSE_OK) {
		errno = 0;
		if (a->json) {
			rc = dse_json_eval(&e.model, &e.p, &json, err);
			if (rc == DSE_OK && a->train.on)
				rc = dse_json_train(json, &step);
			if (rc == DSE_OK &&
			    !cJSON_AddStringToObject(json, "datadir", cli_datadir()))
				rc = DSE_ENOMEM;
			if (rc == DSE_OK)
				rc = dse_json_print(stdout, json);
			if (json)
				cJSON_Delete(json);
		} else {
			rc = dse_text_eval(stdout, &e.model, &e.p);
			if (rc == DSE_OK && a->train.on)
				rc = dse_text_train(stdout, &step);
		}
		if (rc == DSE_EIO)
			cli_stdout_error(err);
		else if (rc != DSE_OK)
			dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	}
	dse_train_step_free(&step);
	dse_workload_free(twl);
	cli_evaluated_free(&e);
	return rc;
}

/* dse eval: evaluate one design; returns the exit code. */
int cmd_eval(int argc, char **argv)
{
	struct eval_args a = { CLI_DESIGN_DEFAULTS, { 0, NULL, 0 }, 0 };
	struct dse_error err = { 0, "" };
	int rc = parse_eval(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run_eval(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}

static const char cycles_usage[] =
	"usage: dse cycles --dataflow D --rows R --cols C\n"
	"                  (--m M --n N --k K | --topology FILE)\n"
	"                  [--fold-overlap on|off] [--acc-depth D] [--json]\n"
	"Cycles, folds, MACs, utilization and SRAM words of one GEMM\n"
	"O[MxN] = A[MxK] B[KxN] on one R x C array (MODEL.md section 2; SCALE-Sim v2\n"
	"compute cycles + 1), or of every layer of a SCALE-Sim topology file, one\n"
	"image per layer, with the totals.\n\n"
	"  --dataflow D       os, ws or is [os]\n"
	"  --rows R           array rows [required]\n"
	"  --cols C           array columns [required]\n"
	"  --m M              rows of A and O [required without --topology]\n"
	"  --n N              columns of B and O [required without --topology]\n"
	"  --k K              reduction depth [required without --topology]\n"
	"  --topology FILE    a SCALE-Sim v2 topology CSV (convolution or M,N,K format)\n"
	"  --fold-overlap on|off  double-buffered folds (MODEL.md 2.1) [off: SCALE-Sim]\n"
	"  --acc-depth D      ws/is accumulators of D entries per column; 0: none [0]\n"
	"  --json             print one JSON object\n"
	"  -q, --quiet        accepted for symmetry: cycles prints no notes\n"
	"  -h, --help         this help\n\n"
	"Exit: 0 success, 2 bad usage, 3 bad topology file.\n";

/* What dse cycles was asked: a shape or a topology, an array, its architecture. */
struct cycles_args {
	unsigned long v[5]; /* rows, cols, m, n, k */
	const char *dataflow, *topology;
	struct dse_array_arch arch;
	int json;
};

/* Parse dse cycles' options into a: DSE_OK, 1 after --help, or a usage error. */
static int parse_cycles(int argc, char **argv, struct cycles_args *a,
			struct dse_error *err)
{
	static const struct option options[] = {
		{ "dataflow", required_argument, NULL, OPT_DATAFLOW },
		{ "rows", required_argument, NULL, OPT_ROWS },
		{ "cols", required_argument, NULL, OPT_COLS },
		{ "m", required_argument, NULL, OPT_M },
		{ "n", required_argument, NULL, OPT_N },
		{ "k", required_argument, NULL, OPT_K },
		{ "topology", required_argument, NULL, OPT_TOPOLOGY },
		{ "fold-overlap", required_argument, NULL, OPT_OVERLAP },
		{ "acc-depth", required_argument, NULL, OPT_ACC_DEPTH },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "--rows", "--cols", "--m", "--n", "--k" };
	static const int ids[] = { OPT_ROWS, OPT_COLS, OPT_M, OPT_N, OPT_K };
	unsigned long depth = 0;
	int opt, rc = DSE_OK, i, shape = 0;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "hq", options, NULL)) != -1) {
		switch (opt) {
		case 'q': break;
		case OPT_DATAFLOW: a->dataflow = optarg; break;
		case OPT_TOPOLOGY: a->topology = optarg; break;
		case OPT_ROWS: case OPT_COLS: case OPT_M: case OPT_N: case OPT_K:
			for (i = 0; ids[i] != opt; i++)
				;
			rc = cli_uint(names[i], optarg, 1,
				      i < 2 ? DSE_SIDE_MAX : 1ul << 40, &a->v[i], err);
			shape |= i >= 2;
			break;
		case OPT_OVERLAP:
			rc = cli_switch("--fold-overlap", optarg,
					&a->arch.fold_overlap, err);
			break;
		case OPT_ACC_DEPTH:
			rc = cli_uint("--acc-depth", optarg, 0, 1ul << 30, &depth, err);
			a->arch.acc_depth = (double)depth;
			break;
		case OPT_JSON: a->json = 1; break;
		case 'h':
			fputs(cycles_usage, stdout);
			return 1;
		default:
			rc = dse_error_set(err, DSE_EUSAGE,
					   "cycles: unknown option or missing argument '%s' (see dse cycles --help)",
					   argv[optind - 1]);
		}
	}
	if (rc == DSE_OK && a->topology && shape)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "cycles: --topology takes its shapes from the file: no --m, --n, --k");
	for (i = 0; rc == DSE_OK && i < (a->topology ? 2 : 5); i++)
		if (a->v[i] == 0)
			rc = dse_error_set(err, DSE_EUSAGE,
					   "cycles: %s is required (see dse cycles --help)",
					   names[i]);
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "cycles: unexpected argument '%s'", argv[optind]);
	return rc;
}

/* Print obj (freed here) with the data folder it ran with. */
static int print_json(cJSON *obj)
{
	int rc;

	if (obj && !cJSON_AddStringToObject(obj, "datadir", cli_datadir())) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	rc = obj ? dse_json_print(stdout, obj) : DSE_ENOMEM;
	cJSON_Delete(obj);
	return rc;
}

/* One GEMM, or every layer of a topology, on one array, as text or JSON. */
static int run_cycles(const struct cycles_args *a, enum dse_dataflow df,
		      struct dse_error *err)
{
	struct dse_workload *wl = NULL;
	struct dse_gemm_stats s;
	const unsigned long *v = a->v;
	int rc = DSE_OK;

	if (a->topology && (rc = dse_workload_load(a->topology, &wl, err)))
		return rc;
	errno = 0;
	if (a->topology && a->json)
		rc = print_json(dse_json_topology(df, v[0], v[1], &a->arch, wl));
	else if (a->topology)
		rc = dse_text_topology(stdout, df, v[0], v[1], &a->arch, wl);
	if (!a->topology)
		dse_gemm_eval_arch(df, v[0], v[1], v[2], v[3], v[4], &a->arch, &s);
	if (!a->topology && a->json)
		rc = print_json(dse_json_gemm(df, v[0], v[1], v[2], v[3], v[4], &s));
	else if (!a->topology)
		rc = dse_text_gemm(stdout, df, v[0], v[1], v[2], v[3], v[4], &s);
	dse_workload_free(wl);
	if (rc == DSE_EIO)
		cli_stdout_error(err);
	else if (rc != DSE_OK)
		dse_error_set(err, rc, "cycles: %s", dse_strerror(rc));
	return rc;
}

/* dse cycles: one GEMM or a topology on one array; returns the exit code. */
int cmd_cycles(int argc, char **argv)
{
	struct cycles_args a = { { 0, 0, 0, 0, 0 }, "os", NULL,
				 { 1, 0, 0.0, 0.0 }, 0 };
	struct dse_error err = { 0, "" };
	enum dse_dataflow df;
	int rc = parse_cycles(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK && (rc = dse_dataflow_parse(a.dataflow, &df, &err)) != DSE_OK)
		rc = cli_blame(rc, "--dataflow", &err);
	if (rc == DSE_OK)
		rc = run_cycles(&a, df, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
