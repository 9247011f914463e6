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
	"  --format F             fp32, fp16, bf16, int8, hbfp<m>[_<B>] [hbfp8 = hbfp8_576]\n"
	"  --dataflow D           os, ws or is [os]\n"
	"  --rows H               array height h (os: batch per group) [16]\n"
	"  --cols W               array width w [128]\n"
	"  --k-split S            K-slices per group s [1]\n"
	"  --freq-ghz F           clock, GHz [the technology's f_nom]\n"
	"  --batch B              items per group for ws and is [16]\n"
	"  --arrays N             build N arrays instead of filling the budget\n"
	"  --fold-overlap on|off  double-buffered arrays: a fold's preload and drain\n"
	"                         overlap the next fold (MODEL.md 2.1) [on]\n"
	"  --accumulators on|off  ws/is partial sums in accumulators when the\n"
	"                         technology has them (MODEL.md 2.1) [on]\n"
	"%s"
	"  --json                 print one JSON object (keys carry units) with a\n"
	"                         \"stages\" array\n"
	"  -h, --help             this help\n\n"
	"Exit: 0 feasible, 2 bad usage, 3 bad input file, 4 infeasible design.\n";

enum { OPT_FORMAT = OPT_SETTING_END, OPT_DATAFLOW, OPT_ROWS, OPT_COLS,
       OPT_KSPLIT, OPT_FREQ, OPT_BATCH, OPT_ARRAYS, OPT_JSON, OPT_M, OPT_N,
       OPT_K, OPT_OVERLAP, OPT_ACC, OPT_TOPOLOGY, OPT_ACC_DEPTH };

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
	{ "fold-overlap", required_argument, NULL, OPT_OVERLAP },
	{ "accumulators", required_argument, NULL, OPT_ACC },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct eval_args {
	struct cli_setting setting;
	const char *format, *dataflow;
	unsigned long rows, cols, ksplit, batch, arrays;
	double freq_ghz; /* 0: the technology's nominal frequency */
	int fold_overlap, accumulators;
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
		case OPT_OVERLAP:
			rc = cli_switch("--fold-overlap", arg, &a->fold_overlap, err);
			break;
		case OPT_ACC:
			rc = cli_switch("--accumulators", arg, &a->accumulators, err);
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
			      "workload %s: %.0f weights x %.4g bits (%s) = %.4g MB do not fit in --sram-mb %g, and technology %s has no DRAM",
			      m->wl->name, m->wl->weights, d->format->storage_bits,
			      d->format->name, r->weight_bits / DSE_BITS_PER_MB,
			      m->budget.sram_mb, m->tech->name);
		break;
	case DSE_INF_DRAM:
		dse_error_set(err, DSE_EINFEASIBLE,
			      "workload %s: %.4g MB of weights (%s) exceed --sram-mb %g and the %g GB of DRAM of technology %s (dram_capacity_gb)",
			      m->wl->name, r->weight_bits / DSE_BITS_PER_MB,
			      d->format->name, m->budget.sram_mb,
			      m->tech->dram_capacity_gb, m->tech->name);
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
		p.design.fold_overlap = a->fold_overlap;
		p.design.accumulators = a->accumulators;
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
			rc = dse_json_eval(&model, &p, &json, err);
			if (rc == DSE_OK) {
				rc = dse_json_print(stdout, json);
				cJSON_Delete(json);
			}
		} else {
			rc = dse_text_eval(stdout, &model, &p);
		}
		if (rc != DSE_OK && err->status != rc)
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
			       16, 0, 0.0, 1, 1, 0 };
	struct dse_error err = { 0, "" };
	int rc = parse_eval(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK)
		rc = run_eval(&a, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}

static const char cycles_usage[] =
	"usage: dse cycles --dataflow D --rows R --cols C (--m M --n N --k K | --topology FILE)\n"
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "--rows", "--cols", "--m", "--n", "--k" };
	static const int ids[] = { OPT_ROWS, OPT_COLS, OPT_M, OPT_N, OPT_K };
	unsigned long depth = 0;
	int opt, rc = DSE_OK, i, shape = 0;

	opterr = 0;
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
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

/* Every layer of a topology on one array, as a table or JSON. */
static int cycles_topology(const struct cycles_args *a, enum dse_dataflow df,
			   struct dse_error *err)
{
	struct dse_workload *wl = NULL;
	cJSON *obj;
	int rc = dse_workload_load(a->topology, &wl, err);

	if (rc != DSE_OK)
		return rc;
	if (a->json) {
		obj = dse_json_topology(df, a->v[0], a->v[1], &a->arch, wl);
		rc = obj ? dse_json_print(stdout, obj) : DSE_ENOMEM;
		cJSON_Delete(obj);
	} else {
		rc = dse_text_topology(stdout, df, a->v[0], a->v[1], &a->arch, wl);
	}
	dse_workload_free(wl);
	if (rc != DSE_OK)
		dse_error_set(err, rc, "cycles: %s", dse_strerror(rc));
	return rc;
}

/* dse cycles: one GEMM or a topology on one array; returns the exit code. */
int cmd_cycles(int argc, char **argv)
{
	struct cycles_args a = { { 0, 0, 0, 0, 0 }, "os", NULL,
				 { 1, 0, 0.0, 0.0 }, 0 };
	struct dse_error err = { 0, "" };
	struct dse_gemm_stats s;
	enum dse_dataflow df;
	int rc = parse_cycles(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK && dse_dataflow_parse(a.dataflow, &df, &err) != DSE_OK) {
		dse_error_prefix(&err, "--dataflow");
		rc = err.status = DSE_EUSAGE;
	}
	if (rc == DSE_OK && a.topology)
		rc = cycles_topology(&a, df, &err);
	else if (rc == DSE_OK) {
		dse_gemm_eval_arch(df, a.v[0], a.v[1], a.v[2], a.v[3], a.v[4],
				   &a.arch, &s);
		if (a.json) {
			cJSON *obj = dse_json_gemm(df, a.v[0], a.v[1], a.v[2],
						   a.v[3], a.v[4], &s);

			rc = obj ? dse_json_print(stdout, obj) : DSE_ENOMEM;
			cJSON_Delete(obj);
		} else {
			rc = dse_text_gemm(stdout, df, a.v[0], a.v[1], a.v[2],
					   a.v[3], a.v[4], &s);
		}
		if (rc != DSE_OK)
			dse_error_set(&err, rc, "cycles: %s", dse_strerror(rc));
	}
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
