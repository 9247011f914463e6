/* cmd_eval.c - dse eval (one design) and dse cycles (one GEMM). */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "dse_output.h"

static const char eval_usage[] =
	"usage: dse eval [options]\n"
	"Evaluate one design: sizing under the budget, latency, throughput,\n"
	"area, power and energy (MODEL.md sections 3-6).\n\n"
	"  --format F             fp32, fp16, bf16, int8, hbfp<m>[_<B>], mxint8,\n"
	"                         mxfp8_e4m3, mxfp8_e5m2, mxfp6_e2m3, mxfp6_e3m2,\n"
	"                         mxfp4 [_<B>] (see dse formats) [hbfp8 = hbfp8_576]\n"
	"  --dataflow D           os, ws or is [os]\n"
	"  --rows H               array height h (os: batch per group) [16]\n"
	"  --cols W               array width w [128]\n"
	"  --k-split S            K-slices per group s [1]\n"
	"  --freq-ghz F           clock, GHz [the technology's f_nom]\n"
	"  --batch B              items per group for ws and is [16]\n"
	"  --arrays N             build N arrays instead of filling the budget\n"
	"%s"
	"  --json                 print one JSON object (keys carry units)\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 feasible, 2 bad usage, 3 bad input file, 4 infeasible design.\n";

enum { OPT_FORMAT = OPT_SETTING_END, OPT_DATAFLOW, OPT_ROWS, OPT_COLS,
       OPT_KSPLIT, OPT_FREQ, OPT_BATCH, OPT_ARRAYS, OPT_JSON, OPT_M, OPT_N,
       OPT_K };

static const struct option eval_options[] = {
	CLI_SETTING_OPTIONS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "dataflow", required_argument, NULL, OPT_DATAFLOW },
	{ "rows", required_argument, NULL, OPT_ROWS },
	{ "cols", required_argument, NULL, OPT_COLS },
	{ "k-split", required_argument, NULL, OPT_KSPLIT },
	{ "freq-ghz", required_argument, NULL, OPT_FREQ },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "arrays", required_argument, NULL, OPT_ARRAYS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct eval_args {
	struct cli_setting setting;
	const char *format, *dataflow;
	unsigned long rows, cols, ksplit, batch, arrays;
	double freq_ghz; /* 0: the technology's nominal frequency */
	int json;
};

/* Parse eval's options into a: DSE_OK, 1 after --help, or a usage error. */
static int parse_eval(int argc, char **argv, struct eval_args *a,
		      struct dse_error *err)
{
	int opt, rc = DSE_OK;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "h", eval_options, NULL)) != -1) {
		const char *arg = optarg;

		rc = cli_setting_option(&a->setting, opt, arg, err);
		if (rc != 0) {
			rc = rc > 0 ? DSE_OK : rc;
			continue;
		}
		switch (opt) {
		case OPT_FORMAT: a->format = arg; break;
		case OPT_DATAFLOW: a->dataflow = arg; break;
		case OPT_ROWS:
			rc = cli_uint("--rows", arg, 1, DSE_SIDE_MAX, &a->rows, err);
			break;
		case OPT_COLS:
			rc = cli_uint("--cols", arg, 1, DSE_SIDE_MAX, &a->cols, err);
			break;
		case OPT_KSPLIT:
			rc = cli_uint("--k-split", arg, 1, DSE_KSPLIT_MAX, &a->ksplit, err);
			break;
		case OPT_BATCH:
			rc = cli_uint("--batch", arg, 1, DSE_BATCH_MAX, &a->batch, err);
			break;
		case OPT_ARRAYS:
			rc = cli_uint("--arrays", arg, 1, 1ul << 24, &a->arrays, err);
			break;
		case OPT_FREQ:
			rc = cli_double("--freq-ghz", arg, DSE_FREQ_MIN_GHZ, 0,
				       DSE_FREQ_MAX_GHZ, &a->freq_ghz, err);
			break;
		case OPT_JSON: a->json = 1; break;
		case 'h':
			printf(eval_usage, cli_setting_help);
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
	if (rc == DSE_OK && a->arrays > 0 && a->arrays < a->ksplit)
		rc = dse_error_set(err, DSE_EUSAGE,
				   "--arrays %lu: fewer than one group of --k-split %lu arrays",
				   a->arrays, a->ksplit);
	return rc;
}

/* The one-line reason an evaluated design is infeasible, with numbers. */
static void why_infeasible(const struct dse_model *m, const struct dse_point *p,
			   struct dse_error *err)
{
	const struct dse_result *r = &p->result;
	const struct dse_design *d = &p->design;

	switch (r->verdict) {
	case DSE_INF_FREQUENCY:
		dse_error_set(err, DSE_EINFEASIBLE,
			      "--freq-ghz: %g GHz is above %s's maximum %.4g GHz (f at v_max = %g V)",
			      r->freq_ghz, m->tech->name,
			      dse_tech_freq_ghz(m->tech, m->tech->v_max_v),
			      m->tech->v_max_v);
		break;
	case DSE_INF_SRAM:
		dse_error_set(err, DSE_EINFEASIBLE,
			      "workload %s: %.0f weights x %.4g bits (%s) = %.4g MB do not fit in --sram-mb %g",
			      m->wl->name, m->wl->weights, d->format->storage_bits,
			      d->format->name, r->weight_bits / DSE_BITS_PER_MB,
			      m->budget.sram_mb);
		break;
	default:
		if (d->arrays > 0)
			dse_error_set(err, DSE_EINFEASIBLE,
				      "--arrays %u: exceeds the %s budget, which allows %.4g arrays of %u x %u",
				      d->arrays, dse_verdict_name(r->verdict),
				      r->verdict == DSE_INF_AREA ? r->arrays_by_area :
								   r->arrays_by_power,
				      d->rows, d->cols);
		else
			dse_error_set(err, DSE_EINFEASIBLE,
				      "no group of %u x %u arrays fits: the area left allows %.4g arrays, the power left %.4g, a group needs %u",
				      d->rows, d->cols, r->arrays_by_area,
				      r->arrays_by_power, d->ksplit);
	}
}

/* Evaluate a's design and print it as text or JSON; infeasible is an error. */
static int run_eval(struct eval_args *a, struct dse_error *err)
{
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_format fmt;
	struct dse_model model;
	struct dse_point p;
	cJSON *json;
	int rc;

	memset(&p, 0, sizeof p);
	rc = dse_format_parse(a->format, &fmt, err);
	if (rc != DSE_OK) {
		dse_error_prefix(err, "--format");
		return err->status = DSE_EUSAGE;
	}
	p.design.format = &fmt;
	rc = dse_dataflow_parse(a->dataflow, &p.design.dataflow, err);
	if (rc != DSE_OK) {
		dse_error_prefix(err, "--dataflow");
		return err->status = DSE_EUSAGE;
	}
	rc = cli_setting_load(&a->setting, "--tech", "--workload", &tech, &wl,
			      err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &a->setting.budget, err);
	if (rc == DSE_OK) {
		p.design.rows = (unsigned)a->rows;
		p.design.cols = (unsigned)a->cols;
		p.design.ksplit = (unsigned)a->ksplit;
		p.design.batch = (unsigned)a->batch;
		p.design.arrays = (unsigned)a->arrays;
		rc = dse_tech_opp(tech, a->freq_ghz > 0 ? a->freq_ghz :
				  tech->f_nom_ghz, &p.design.opp, err);
	}
	if (rc == DSE_OK)
		rc = dse_model_eval(&model, &p.design, &p.result, err);
	if (rc == DSE_OK && p.result.verdict != DSE_FEASIBLE) {
		why_infeasible(&model, &p, err);
		rc = DSE_EINFEASIBLE;
	}
	if (rc == DSE_OK) {
		if (a->json) {
			json = dse_json_point(&p);
			rc = json ? dse_json_print(stdout, json) : DSE_ENOMEM;
			cJSON_Delete(json);
		} else {
			rc = dse_text_eval(stdout, &model, &p);
		}
		if (rc != DSE_OK)
			dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
	}
	dse_workload_free(wl);
	dse_tech_free(tech);
	return rc;
}

/* dse eval: evaluate one design; returns the exit code. */
int cmd_eval(int argc, char **argv)
{
	struct eval_args a = { CLI_SETTING_DEFAULTS, "hbfp8", "os", 16, 128, 1,
			       16, 0, 0.0, 0 };
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
	       (opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
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
	if (json) {
		cJSON *obj = dse_json_gemm(df, v[0], v[1], v[2], v[3], v[4], &s);

		rc = obj ? dse_json_print(stdout, obj) : DSE_ENOMEM;
		cJSON_Delete(obj);
	} else {
		rc = dse_text_gemm(stdout, df, v[0], v[1], v[2], v[3], v[4], &s);
	}
	if (rc != DSE_OK) {
		dse_error_set(&err, rc, "cycles: %s", dse_strerror(rc));
		return cli_fail(&err);
	}
	return 0;
}
