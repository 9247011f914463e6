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
	"%s"
	"  --json                 print one JSON object (keys carry units)\n"
	"  -q, --quiet            no notes on stderr (such as a flag the dataflow ignores)\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 feasible, 2 bad usage, 3 bad input file, 4 infeasible design.\n";

enum { OPT_JSON = OPT_DESIGN_END, OPT_M, OPT_N, OPT_K };

static const struct option eval_options[] = {
	CLI_DESIGN_OPTIONS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct eval_args {
	struct cli_design design;
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
		if (rc != 0) {
			rc = rc > 0 ? DSE_OK : rc;
			continue;
		}
		switch (opt) {
		case OPT_JSON: a->json = 1; break;
		case 'h':
			printf(eval_usage, cli_design_help);
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
	cJSON *json;
	int rc = cli_design_eval(&a->design, &e, err);

	if (rc == DSE_OK) {
		errno = 0;
		if (a->json) {
			json = dse_json_point(&e.p);
			if (json && !cJSON_AddStringToObject(json, "datadir", cli_datadir())) {
				cJSON_Delete(json);
				json = NULL;
			}
			rc = json ? dse_json_print(stdout, json) : DSE_ENOMEM;
			cJSON_Delete(json);
		} else {
			rc = dse_text_eval(stdout, &e.model, &e.p);
		}
		if (rc == DSE_EIO)
			cli_stdout_error(err);
		else if (rc != DSE_OK)
			dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	}
	cli_evaluated_free(&e);
	return rc;
}

/* dse eval: evaluate one design; returns the exit code. */
int cmd_eval(int argc, char **argv)
{
	struct eval_args a = { CLI_DESIGN_DEFAULTS, 0 };
	struct dse_error err = { 0, "" };
	int rc = parse_eval(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run_eval(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}

static const char cycles_usage[] =
	"usage: dse cycles --dataflow D --rows R --cols C --m M --n N --k K [--json]\n"
	"Cycles, folds, MACs, utilization and SRAM words of one GEMM\n"
	"O[MxN] = A[MxK] B[KxN] on one R x C array (MODEL.md section 2; SCALE-Sim v2\n"
	"compute cycles + 1).\n\n"
	"  --dataflow D     os, ws or is [os]\n"
	"  --rows R         array rows [required]\n"
	"  --cols C         array columns [required]\n"
	"  --m M            rows of A and O [required]\n"
	"  --n N            columns of B and O [required]\n"
	"  --k K            reduction depth [required]\n"
	"  --json           print one JSON object\n"
	"  -q, --quiet      accepted for symmetry: cycles prints no notes\n"
	"  -h, --help       this help\n";

/* dse cycles: one GEMM on one array, as text or JSON; returns the exit code. */
int cmd_cycles(int argc, char **argv)
{
	static const struct option options[] = {
		{ "dataflow", required_argument, NULL, OPT_DATAFLOW },
		{ "rows", required_argument, NULL, OPT_ROWS },
		{ "cols", required_argument, NULL, OPT_COLS },
		{ "m", required_argument, NULL, OPT_M },
		{ "n", required_argument, NULL, OPT_N },
		{ "k", required_argument, NULL, OPT_K },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "--rows", "--cols", "--m", "--n", "--k" };
	static const int ids[] = { OPT_ROWS, OPT_COLS, OPT_M, OPT_N, OPT_K };
	unsigned long v[5] = { 0, 0, 0, 0, 0 };
	const char *dataflow = "os";
	struct dse_error err = { 0, "" };
	struct dse_gemm_stats s;
	enum dse_dataflow df;
	int opt, json = 0, rc = DSE_OK, i;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "hq", options, NULL)) != -1) {
		switch (opt) {
		case 'q': break;
		case OPT_DATAFLOW: dataflow = optarg; break;
		case OPT_ROWS: case OPT_COLS: case OPT_M: case OPT_N: case OPT_K:
			for (i = 0; ids[i] != opt; i++)
				;
			rc = cli_uint(names[i], optarg, 1,
				      i < 2 ? DSE_SIDE_MAX : 1ul << 40, &v[i], &err);
			break;
		case OPT_JSON: json = 1; break;
		case 'h':
			fputs(cycles_usage, stdout);
			return 0;
		default:
			rc = dse_error_set(&err, DSE_EUSAGE,
					   "cycles: unknown option or missing argument '%s' (see dse cycles --help)",
					   argv[optind - 1]);
		}
	}
	for (i = 0; rc == DSE_OK && i < 5; i++)
		if (v[i] == 0)
			rc = dse_error_set(&err, DSE_EUSAGE,
					   "cycles: %s is required (see dse cycles --help)",
					   names[i]);
	if (rc == DSE_OK && optind < argc)
		rc = dse_error_set(&err, DSE_EUSAGE,
				   "cycles: unexpected argument '%s'", argv[optind]);
	if (rc == DSE_OK && dse_dataflow_parse(dataflow, &df, &err) != DSE_OK) {
		dse_error_prefix(&err, "--dataflow");
		rc = err.status = DSE_EUSAGE;
	}
	if (rc != DSE_OK)
		return cli_fail(&err);
	dse_gemm_eval(df, v[0], v[1], v[2], v[3], v[4], 1, 0, &s);
	errno = 0;
	if (json) {
		cJSON *obj = dse_json_gemm(df, v[0], v[1], v[2], v[3], v[4], &s);

		if (obj && !cJSON_AddStringToObject(obj, "datadir", cli_datadir())) {
			cJSON_Delete(obj);
			obj = NULL;
		}
		rc = obj ? dse_json_print(stdout, obj) : DSE_ENOMEM;
		cJSON_Delete(obj);
	} else {
		rc = dse_text_gemm(stdout, df, v[0], v[1], v[2], v[3], v[4], &s);
	}
	if (rc == DSE_EIO)
		cli_stdout_error(&err);
	else if (rc != DSE_OK)
		dse_error_set(&err, rc, "cycles: %s", dse_strerror(rc));
	if (rc != DSE_OK)
		return cli_fail(&err);
	return 0;
}
