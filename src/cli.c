/* cli.c - option parsing shared by the dse subcommands. */
/* realpath(3) is XSI */
#define _XOPEN_SOURCE 700
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "paths.h"

int cli_argc;
char **cli_argv;

const char cli_setting_help[] =
	"  --tech NAME|FILE       technology: n7, n16, n28, toy or a JSON file [n7]\n"
	"  --workload NAME|FILE   lstm, gru, mlp[:W0,W1,..], gemm[:N,K[,ROWS]],\n"
	"                         bert-base (= bert), bert-layer, bert-large, resnet50,\n"
	"                         gpt2, an installed one by name, a JSON file or a\n"
	"                         SCALE-Sim topology FILE.csv [lstm]\n"
	"  --area-mm2 A           area budget, mm2 [300]\n"
	"  --power-w P            power budget (peak), W [75]\n"
	"  --sram-mb S            on-chip SRAM for the weights, MB (2^20 B) [75];\n"
	"                         weights beyond it stream from DRAM every batch\n"
	"  --dram-in-budget       count DRAM's peak power (full bandwidth) in the\n"
	"                         power budget when a design streams weights [no]\n";

/* --set's help: after the setting's, or inside cli_design_help. */
static const char set_help[] =
	"  --set KEY=VALUE        a technology parameter, in its file's unit\n"
	"                         (repeatable), recorded with source\n"
	"                         \"command line\" [none]\n";

const char cli_plot_help[] =
	"  --paper                single-column figures for a paper: 3.4 x 2.4 in,\n"
	"                         8 pt text, no figure title [7.5 x 5 in, 10 pt]\n"
	"  --size W,H             figure width and height, inches (with --paper too)\n"
	"  --font PT              text size, points (with --paper too)\n";

/* The name of the page flag opt (OPT_PAPER, OPT_SIZE or OPT_FONT). */
const char *cli_plot_flag(int opt)
{
	return opt == OPT_PAPER ? "--paper" : opt == OPT_SIZE ? "--size" :
								"--font";
}

/* Store --paper, --size or --font in o: 1 if taken, 0 if not, <0 on error. */
int cli_plot_option(struct dse_plot_options *o, int opt, const char *arg,
		    struct dse_error *err)
{
	int rc = DSE_OK;

	switch (opt) {
	case OPT_PAPER:
		o->paper = 1;
		break;
	case OPT_SIZE:
		rc = dse_plot_size_parse(arg, &o->width_in, &o->height_in, err);
		if (rc != DSE_OK)
			dse_error_prefix(err, "--size");
		break;
	case OPT_FONT:
		rc = cli_double("--font", arg, DSE_PLOT_FONT_MIN_PT, 0,
				DSE_PLOT_FONT_MAX_PT, &o->font_pt, err);
		break;
	default:
		return 0;
	}
	return rc == DSE_OK ? 1 : rc;
}

/* Exit code of a library status: 0, 2, 3, 4, or 1 for the rest. */
int cli_exit_code(int status)
{
	switch (status) {
	case DSE_OK: return 0;
	case DSE_EUSAGE: return EXIT_USAGE;
	case DSE_EINPUT: return EXIT_INPUT;
	case DSE_EINFEASIBLE: return EXIT_INFEASIBLE;
	default: return EXIT_INTERNAL;
	}
}

/* Print "dse: <message>" (or the status name) on stderr; returns the exit code. */
int cli_fail(const struct dse_error *err)
{
	fprintf(stderr, "dse: %s\n", err->msg[0] ? err->msg :
				     dse_strerror(err->status));
	return cli_exit_code(err->status);
}

/* arg as an unsigned whole number in [lo, hi]; DSE_EUSAGE naming flag otherwise. */
int cli_uint(const char *flag, const char *arg, unsigned long lo,
	     unsigned long hi, unsigned long *out, struct dse_error *err)
{
	unsigned long long v;

	if (dse_uint_parse(arg, hi, &v) != DSE_OK || v < lo)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a whole number in %lu..%lu",
				     flag, arg, lo, hi);
	*out = (unsigned long)v;
	return DSE_OK;
}

/* arg as a finite number in [lo, hi] or (lo, hi]; DSE_EUSAGE naming flag otherwise. */
int cli_double(const char *flag, const char *arg, double lo, int lo_open,
	       double hi, double *out, struct dse_error *err)
{
	double v;

	if (dse_number_parse(arg, &v) != DSE_OK)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: '%s' is not a finite decimal number",
				     flag, arg);
	if (v < lo || (lo_open && v <= lo) || v > hi)
		return dse_error_set(err, DSE_EUSAGE, "%s: %s is outside %s%g, %g]",
				     flag, arg, lo_open ? "(" : "[", lo, hi);
	*out = v;
	return DSE_OK;
}

/* arg as on (1) or off (0); DSE_EUSAGE naming flag otherwise. */
int cli_switch(const char *flag, const char *arg, int *out,
	       struct dse_error *err)
{
	static const struct {
		const char *word;
		int value;
	} words[] = { { "on", 1 }, { "off", 0 }, { "yes", 1 }, { "no", 0 },
		      { "true", 1 }, { "false", 0 }, { "1", 1 }, { "0", 0 } };
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(arg, words[i].word) == 0) {
			*out = words[i].value;
			return DSE_OK;
		}
	return dse_error_set(err, DSE_EUSAGE, "%s: '%s' is not on or off", flag,
			     arg);
}

/* Store a --tech, --workload or budget flag in s: 1 if taken, 0 if not, <0 on error. */
int cli_setting_option(struct cli_setting *s, int opt, const char *arg,
		       struct dse_error *err)
{
	int rc;

	switch (opt) {
	case OPT_TECH:
		s->tech = arg;
		return 1;
	case OPT_WORKLOAD:
		s->workload = arg;
		return 1;
	case OPT_AREA:
		rc = cli_double("--area-mm2", arg, 0, 1, DSE_AREA_MAX_MM2,
				&s->budget.area_mm2, err);
		break;
	case OPT_POWER:
		rc = cli_double("--power-w", arg, 0, 1, DSE_POWER_MAX_W,
				&s->budget.power_w, err);
		break;
	case OPT_SRAM:
		rc = cli_double("--sram-mb", arg, 0, 1, DSE_SRAM_MAX_MB,
				&s->budget.sram_mb, err);
		break;
	case OPT_DRAM_BUDGET:
		s->budget.dram_in_budget = 1;
		return 1;
	case OPT_SET:
		rc = cli_sets_add(&s->sets, arg, err);
		break;
	default:
		return 0;
	}
	return rc == DSE_OK ? 1 : rc;
}

/* A bad value: usage when a flag gave it, bad input when a file did. */
int cli_blame(int rc, const char *from, struct dse_error *err)
{
	if (rc != DSE_EUSAGE && rc != DSE_EINPUT)
		return rc;
	dse_error_prefix(err, from);
	rc = strncmp(from, "--", 2) == 0 ? DSE_EUSAGE : DSE_EINPUT;
	if (err)
		err->status = rc;
	return rc;
}

/* A --set KEY=VALUE, parsed; a key given again takes the new value. */
int cli_sets_add(struct cli_sets *sets, const char *arg, struct dse_error *err)
{
	size_t index, k;
	double v;
	int rc = dse_tech_set_parse(arg, &index, &v, err);

	if (rc != DSE_OK)
		return rc;
	for (k = 0; k < sets->n; k++)
		if (sets->index[k] == index)
			break;
	if (k == CLI_SETS_MAX)
		return dse_error_set(err, DSE_EUSAGE, "--set: more than %d values",
				     CLI_SETS_MAX);
	sets->index[k] = index;
	sets->value[k] = v;
	if (k == sets->n)
		sets->n++;
	return DSE_OK;
}

/* The technology of spec with the --set values on it (a usage error when
   the technology refuses them). */
static int load_tech(const char *spec, const char *from,
		     const struct cli_sets *sets, struct dse_tech **tech,
		     struct dse_error *err)
{
	struct dse_tech *t = NULL;
	int rc = cli_load_tech(spec, from, &t, err);

	if (rc == DSE_OK && sets->n > 0) {
		rc = dse_tech_with(t, sets->index, sets->value, sets->n,
				   "command line", "--set", tech, err);
		if (rc == DSE_EINPUT)
			rc = err ? (err->status = DSE_EUSAGE) : DSE_EUSAGE;
		dse_tech_free(t);
		return rc;
	}
	*tech = t;
	return rc;
}

/* Load s's technology, then its workload; the technology is freed if that fails. */
int cli_setting_load(const struct cli_setting *s, const char *tech_from,
		     const char *workload_from, struct dse_tech **tech,
		     struct dse_workload **wl, struct dse_error *err)
{
	int rc = load_tech(s->tech, tech_from, &s->sets, tech, err);

	if (rc != DSE_OK)
		return rc;
	rc = cli_load_workload(s->workload, workload_from, wl, err);
	if (rc != DSE_OK) {
		dse_tech_free(*tech);
		*tech = NULL;
	}
	return rc;
}

/* A technology by name or file; a bad name is blamed on `from`, a bad
   file stays bad input data. */
int cli_load_tech(const char *spec, const char *from, struct dse_tech **tech,
		  struct dse_error *err)
{
	int rc = dse_tech_load(spec, cli_datadir(), tech, err);

	return rc == DSE_EUSAGE ? cli_blame(rc, from, err) : rc;
}

/* A workload by name, spec or file, as cli_load_tech. */
int cli_load_workload(const char *spec, const char *from,
		      struct dse_workload **wl, struct dse_error *err)
{
	int rc = dse_workload_find(spec, cli_datadir(), wl, err);

	return rc == DSE_EUSAGE ? cli_blame(rc, from, err) : rc;
}

/* The folder holding this program's binary (no trailing slash), or 0 on failure. */
static int exe_dir(char *buf, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= cap - 1)
		return 0;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return 0;
	*slash = '\0';
	return 1;
}

/* 1 when a and b name the same existing folder. */
static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * $DSE_DATADIR if set; else, when this binary is the one built in the
 * build tree (its folder is the configured build folder, and the source
 * tree's data is there: tech/n7.json as the marker), the source tree's
 * data, so that edits to data/ count at once; else the installed
 * $(pkgdatadir).  Decided once per process.
 */
const char *cli_datadir_from(const char **how)
{
	static const char *dir, *from;
	static char src[PATH_MAX];
	const char *env;
	char exe[4096];

	if (dir == NULL) {
		env = getenv("DSE_DATADIR");
		if (env && *env) {
			dir = env;
			from = "DSE_DATADIR";
		} else if (exe_dir(exe, sizeof exe) && same_dir(exe, DSE_BUILDDIR) &&
			   access(DSE_SRCDATADIR "/tech/n7.json", R_OK) == 0) {
			/* canonical: a VPATH build's srcdir reads "sub/../.." */
			dir = realpath(DSE_SRCDATADIR, src) ? src : DSE_SRCDATADIR;
			from = "build tree";
		} else {
			dir = DSE_PKGDATADIR;
			from = "installed";
		}
	}
	if (how)
		*how = from;
	return dir;
}

/* The data folder of cli_datadir_from. */
const char *cli_datadir(void)
{
	return cli_datadir_from(NULL);
}

const char cli_design_help[] =
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
	"  --fold-overlap on|off  double-buffered arrays: a fold's preload and drain\n"
	"                         overlap the next fold (MODEL.md 2.1) [on]\n"
	"  --accumulators on|off  ws/is partial sums in accumulators when the\n"
	"                         technology has them (MODEL.md 2.1) [on]\n"
	"  --tech NAME|FILE       technology: n7, n16, n28, toy or a JSON file [n7]\n"
	"  --workload NAME|FILE   lstm, gru, mlp[:W0,W1,..], gemm[:N,K[,ROWS]],\n"
	"                         bert-base (= bert), bert-layer, bert-large, resnet50,\n"
	"                         gpt2, an installed one by name, a JSON file or a\n"
	"                         SCALE-Sim topology FILE.csv [lstm]\n"
	"  --area-mm2 A           area budget, mm2 [300]\n"
	"  --power-w P            power budget (peak), W [75]\n"
	"  --sram-mb S            on-chip SRAM for the weights, MB (2^20 B) [75];\n"
	"                         weights beyond it stream from DRAM every batch\n"
	"  --dram-in-budget       count DRAM's peak power (full bandwidth) in the\n"
	"                         power budget when a design streams weights [no]\n"
	"  --set KEY=VALUE        a technology parameter, in its file's unit\n"
	"                         (repeatable), recorded with source\n"
	"                         \"command line\" [none]\n";

/* Store a design or setting flag in d: 1 if taken, 0 if not, <0 on error. */
int cli_design_option(struct cli_design *d, int opt, const char *arg,
		      struct dse_error *err)
{
	int rc = cli_setting_option(&d->setting, opt, arg, err);

	if (rc != 0)
		return rc;
	switch (opt) {
	case OPT_FORMAT: d->format = arg; return 1;
	case OPT_DATAFLOW: d->dataflow = arg; return 1;
	case OPT_ROWS:
		rc = cli_uint("--rows", arg, 1, DSE_SIDE_MAX, &d->rows, err);
		break;
	case OPT_COLS:
		rc = cli_uint("--cols", arg, 1, DSE_SIDE_MAX, &d->cols, err);
		break;
	case OPT_KSPLIT:
		rc = cli_uint("--k-split", arg, 1, DSE_KSPLIT_MAX, &d->ksplit, err);
		break;
	case OPT_BATCH:
		rc = cli_uint("--batch", arg, 1, DSE_BATCH_MAX, &d->batch, err);
		d->batch_given = 1;
		break;
	case 'q': d->quiet = 1; return 1;
	case OPT_ARRAYS:
		rc = cli_uint("--arrays", arg, 1, 1ul << 24, &d->arrays, err);
		break;
	case OPT_FREQ:
		rc = cli_double("--freq-ghz", arg, DSE_FREQ_MIN_GHZ, 0,
				DSE_FREQ_MAX_GHZ, &d->freq_ghz, err);
		break;
	case OPT_OVERLAP:
		rc = cli_switch("--fold-overlap", arg, &d->fold_overlap, err);
		break;
	case OPT_ACC:
		rc = cli_switch("--accumulators", arg, &d->accumulators, err);
		break;
	default:
		return 0;
	}
	return rc == DSE_OK ? 1 : rc;
}

/* --arrays must hold at least one group of --k-split arrays. */
int cli_design_check(const struct cli_design *d, struct dse_error *err)
{
	if (d->arrays > 0 && d->arrays < d->ksplit)
		return dse_error_set(err, DSE_EUSAGE,
				     "--arrays %lu: fewer than one group of --k-split %lu arrays",
				     d->arrays, d->ksplit);
	return DSE_OK;
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

/* Free what cli_design_eval loaded; a zeroed e is fine. */
void cli_evaluated_free(struct cli_evaluated *e)
{
	dse_workload_free(e->wl);
	dse_tech_free(e->tech);
	e->wl = NULL;
	e->tech = NULL;
}

/* Parse the names, load the setting, size and evaluate the design. */
int cli_design_eval(const struct cli_design *d, struct cli_evaluated *e,
		    struct dse_error *err)
{
	struct dse_design *ds = &e->p.design;
	int rc;

	memset(e, 0, sizeof *e);
	if ((rc = dse_format_parse(d->format, &e->fmt, err)) != DSE_OK)
		return cli_blame(rc, "--format", err);
	ds->format = &e->fmt;
	if ((rc = dse_dataflow_parse(d->dataflow, &ds->dataflow, err)) != DSE_OK)
		return cli_blame(rc, "--dataflow", err);
	if (d->batch_given && !d->quiet && dse_dataflow_batch_on_rows(ds->dataflow))
		fprintf(stderr, "dse: --batch: ignored by dataflow %s, whose batch is --rows\n",
			dse_dataflow_name(ds->dataflow));
	rc = cli_setting_load(&d->setting, "--tech", "--workload", &e->tech,
			      &e->wl, err);
	if (rc == DSE_OK)
		rc = dse_model_init(&e->model, e->tech, e->wl, &d->setting.budget,
				    err);
	if (rc == DSE_OK) {
		ds->rows = (unsigned)d->rows;
		ds->cols = (unsigned)d->cols;
		ds->ksplit = (unsigned)d->ksplit;
		ds->batch = (unsigned)d->batch;
		ds->arrays = (unsigned)d->arrays;
		ds->fold_overlap = d->fold_overlap;
		ds->accumulators = d->accumulators;
		rc = dse_tech_opp(e->tech, d->freq_ghz > 0 ? d->freq_ghz :
				  e->tech->f_nom_ghz, &ds->opp, err);
	}
	if (rc == DSE_OK)
		rc = dse_model_eval(&e->model, ds, &e->p.result, err);
	if (rc == DSE_OK && e->p.result.verdict != DSE_FEASIBLE) {
		why_infeasible(&e->model, &e->p, err);
		rc = DSE_EINFEASIBLE;
	}
	return rc;
}


/* The study flags before the setting's (formats, dataflows, rows, cols,
   k-split, freq and step, batch: the default study's values). */
static const char study_help_head[] =
	"  --study NAME|FILE      JSON study (keys as below, with _ for -), an installed\n"
	"                         one by name (equinox, formats), or a results file\n"
	"                         (frontier.json: its study); flags override it\n"
	"  --formats LIST         PE formats [%s]\n"
	"  --dataflows LIST       os, ws, is [%s]\n"
	"  --rows RANGE           array heights h (os: batch) [%s]\n"
	"  --cols RANGE           array widths w [%s]\n"
	"  --k-split RANGE        K-slices per group s [%s]\n"
	"  --freq-ghz RANGE       clock, GHz; dvfs[:STEP] = f(v_min)..f(v_max)\n"
	"                         [%s, step %g]\n"
	"  --batch RANGE          items per group for ws/is and the canonical\n"
	"                         design [%s]\n"
	"  --fold-overlap on|off  double-buffered arrays: overlapped folds\n"
	"                         (MODEL.md 2.1) [on]\n"
	"  --accumulators on|off  ws/is partial sums in accumulators (MODEL.md 2.1) [on]\n";

/* ... after the setting's and --set (objective names, bounds). */
static const char study_help_rest[] =
	"                         (--sram-mb takes a RANGE, a swept dimension;\n"
	"                         --tech, --workload, --area-mm2, --power-w take LISTS,\n"
	"                         each value a group with frontiers of its own)\n"
	"  --objectives LIST      2 to 4 of%s\n"
	"                         [latency,throughput]\n"
	"  --max NAME=V           keep designs whose figure NAME (an objective) is at\n"
	"                         most V, in its unit (repeat for more) [none]\n"
	"  --min NAME=V           ... at least V [none]\n"
	"  --latency-max-us L     --max latency=L [none]\n"
	"  --sqnr-min-db X        --min sqnr=X: the format's GEMM-output SQNR proxy\n"
	"                         at least X dB [none]\n"
	"  --accuracy FILE        the accuracy (or error) measured per format, JSON\n"
	"                         {source, metric, direction, formats}: objective\n"
	"                         accuracy, shown beside throughput [none]\n"
	"  --bounds LIST          latency bounds of the summary table, us\n"
	"                         [%s]\n"
	"  --baseline FORMAT      the format every ratio divides by [the second format]\n"
	"  --no-prune             evaluate every design (the same results, slower)\n"
	"  --threads N            worker threads, 0 = every core [0]\n";

/* ... the point sample's (dse explore's; sensitivity has its own seed). */
static const char study_help_sample[] =
	"  --seed N               seed of the point sample and the tail\n"
	"                         simulations [%llu]\n"
	"  --sample N             designs kept in sample.csv for the scatter plot\n"
	"                         [%zu]\n";

/* The tail pass's flags (percentile, arrivals, policy, requests). */
static const char study_help_tail[] =
	"  --slo-us LIST          latency SLOs, us: per SLO and format, the design\n"
	"                         with the highest tail capacity [none: no tail pass]\n"
	"  --percentile P         tail percentile, in (0, 100) [%g]\n"
	"  --arrivals A           poisson, gamma:CV or trace:FILE [%s]\n"
	"  --policy P             greedy, timeout:T or deadline [%s]\n"
	"  --tail-requests N      requests per simulation of the search [%llu]\n"
	"  --train                train each SLO's winner in its idle cycles at 25, 50\n"
	"                         and 75 %% of its tail capacity (SERVING.md 15)\n";

/* A list of n names (stride bytes apart) or numbers, comma-separated. */
static const char *joined(char *buf, size_t len, const char *names,
			  size_t stride, const double *v, size_t n)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		int k = names ? snprintf(buf + used, len - used, "%s%s",
					 i ? "," : "", names + i * stride) :
				snprintf(buf + used, len - used, "%s%g",
					 i ? "," : "", v[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return buf;
}

/* The words of text (", "-separated), each after a space, in lines that
   end before column 80 and go on at column 26 of the help. */
static const char *wrapped(const char *text, char *buf, size_t len)
{
	size_t used = 0, col = 34; /* "  --objectives LIST      2 to 4 of" */
	const char *w = text;

	buf[0] = '\0';
	while (*w && used + 1 < len) {
		const char *end = strstr(w, ", ");
		size_t n = end ? (size_t)(end - w) + 1 : strlen(w);
		int k;

		if (col + 1 + n >= 80) {
			k = snprintf(buf + used, len - used, "\n%25s", "");
			col = 25;
		} else {
			k = snprintf(buf + used, len - used, " ");
			col++;
		}
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
		k = snprintf(buf + used, len - used, "%.*s", (int)n, w);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
		col += n;
		w += end ? n + 1 : n;
	}
	return buf;
}

/* The study flags' help, the setting's among them, defaults from the
   default study; --seed and --sample too when sample is set. */
void cli_study_usage(FILE *f, int sample)
{
	struct dse_study d;
	char fmts[256], dfs[32], bounds[256], names[256], wrap[320];
	size_t i;

	dse_study_defaults(&d);
	dfs[0] = '\0';
	for (i = 0; i < d.ndataflows; i++)
		snprintf(dfs + strlen(dfs), sizeof dfs - strlen(dfs), "%s%s",
			 i ? "," : "", dse_dataflow_name(d.dataflows[i]));
	fprintf(f, study_help_head,
		joined(fmts, sizeof fmts, d.formats[0].name, sizeof d.formats[0],
		       NULL, d.nformats),
		dfs, d.rows.text, d.cols.text, d.ksplit.text, d.freq.range.text,
		d.freq.step_ghz, d.batch.text);
	fputs(cli_setting_help, f);
	fputs(set_help, f);
	fprintf(f, study_help_rest,
		wrapped(dse_objective_names(names, sizeof names), wrap, sizeof wrap),
		joined(bounds, sizeof bounds, NULL, 0, d.bounds_us, d.nbounds));
	if (sample)
		fprintf(f, study_help_sample, (unsigned long long)d.seed,
			d.sample);
}

/* The tail pass's flags, defaults from the default study. */
void cli_study_tail_usage(FILE *f)
{
	struct dse_study d;

	dse_study_defaults(&d);
	fprintf(f, study_help_tail, d.percentile, d.arrivals, d.policy,
		(unsigned long long)d.tail_requests);
}

/* Study key of each study flag (the setting's tech, workload, budget and
   --set too); a flag without an argument sets `value`. */
static const struct {
	int opt;
	const char *key, *flag, *value;
} study_flags[] = {
	{ OPT_TECH, "tech", "--tech", NULL },
	{ OPT_WORKLOAD, "workload", "--workload", NULL },
	{ OPT_AREA, "area_mm2", "--area-mm2", NULL },
	{ OPT_POWER, "power_w", "--power-w", NULL },
	{ OPT_SRAM, "sram_mb", "--sram-mb", NULL },
	{ OPT_DRAM_BUDGET, "dram_in_budget", "--dram-in-budget", "on" },
	{ OPT_SET, "set", "--set", NULL },
	{ OPT_OVERLAP, "fold_overlap", "--fold-overlap", NULL },
	{ OPT_ACC, "accumulators", "--accumulators", NULL },
	{ OPT_STUDY_FORMATS, "formats", "--formats", NULL },
	{ OPT_STUDY_DATAFLOWS, "dataflows", "--dataflows", NULL },
	{ OPT_ROWS, "rows", "--rows", NULL },
	{ OPT_COLS, "cols", "--cols", NULL },
	{ OPT_KSPLIT, "k_split", "--k-split", NULL },
	{ OPT_FREQ, "freq_ghz", "--freq-ghz", NULL },
	{ OPT_BATCH, "batch", "--batch", NULL },
	{ OPT_STUDY_LATMAX, "latency_max_us", "--latency-max-us", NULL },
	{ OPT_STUDY_SQNR_MIN, "sqnr_min_db", "--sqnr-min-db", NULL },
	{ OPT_STUDY_ACCURACY, "accuracy", "--accuracy", NULL },
	{ OPT_STUDY_MAX, "max", "--max", NULL },
	{ OPT_STUDY_MIN, "min", "--min", NULL },
	{ OPT_STUDY_BOUNDS, "bounds_us", "--bounds", NULL },
	{ OPT_STUDY_OBJECTIVES, "objectives", "--objectives", NULL },
	{ OPT_STUDY_BASELINE, "baseline", "--baseline", NULL },
	{ OPT_STUDY_NO_PRUNE, "prune", "--no-prune", "off" },
	{ OPT_STUDY_THREADS, "threads", "--threads", NULL },
	{ OPT_STUDY_SEED, "seed", "--seed", NULL },
	{ OPT_STUDY_SAMPLE, "sample", "--sample", NULL },
	{ OPT_STUDY_SLO, "slo_us", "--slo-us", NULL },
	{ OPT_STUDY_PERCENTILE, "percentile", "--percentile", NULL },
	{ OPT_STUDY_ARRIVALS, "arrivals", "--arrivals", NULL },
	{ OPT_STUDY_POLICY, "policy", "--policy", NULL },
	{ OPT_STUDY_TAIL_REQUESTS, "tail_requests", "--tail-requests", NULL },
	{ OPT_STUDY_TRAIN, "train", "--train", "on" },
};

#define NSTUDY_FLAGS (sizeof study_flags / sizeof study_flags[0])

/* First pass: defaults, then the study files in order. */
int cli_study_files(int argc, char **argv, const char *shortopts,
		    const struct option *options, struct cli_study *s,
		    struct dse_error *err)
{
	int opt, rc = DSE_OK;

	memset(s, 0, sizeof *s);
	dse_study_defaults(&s->st);
	strcpy(s->tech_from, "--tech");
	strcpy(s->workload_from, "--workload");
	opterr = 0;
	optind = 0; /* GNU getopt: 0 restarts the scan from scratch */
	while (rc == DSE_OK &&
	       (opt = getopt_long(argc, argv, shortopts, options, NULL)) != -1) {
		char *found;

		if (opt != OPT_STUDY)
			continue;
		/* a bare name is an installed study: --study equinox */
		found = dse_data_file(cli_datadir(), "studies", optarg);
		rc = dse_study_load(&s->st, found ? found : optarg, err);
		snprintf(s->tech_from, sizeof s->tech_from, "%.280s: tech",
			 found ? found : optarg);
		snprintf(s->workload_from, sizeof s->workload_from,
			 "%.280s: workload", found ? found : optarg);
		free(found);
	}
	optind = 0;
	return rc;
}

/* A study flag into its study key. */
int cli_study_option(struct cli_study *s, int opt, const char *arg,
		     struct dse_error *err)
{
	size_t i;
	int rc;

	if (opt == OPT_STUDY)
		return 1;
	if ((rc = cli_plot_option(&s->plot, opt, arg, err)) != 0) {
		if (rc == 1 && s->page_flag == NULL)
			s->page_flag = cli_plot_flag(opt);
		return rc;
	}
	for (i = 0; i < NSTUDY_FLAGS; i++)
		if (study_flags[i].opt == opt)
			break;
	if (i == NSTUDY_FLAGS)
		return 0;
	rc = dse_study_set(&s->st, study_flags[i].key,
			   arg ? arg : study_flags[i].value, study_flags[i].flag,
			   err);
	if (rc != DSE_OK)
		return rc;
	if (s->tail_flag == NULL &&
	    (opt == OPT_STUDY_PERCENTILE || opt == OPT_STUDY_ARRIVALS ||
	     opt == OPT_STUDY_POLICY || opt == OPT_STUDY_TAIL_REQUESTS ||
	     opt == OPT_STUDY_TRAIN))
		s->tail_flag = study_flags[i].flag;
	if (opt == OPT_TECH)
		strcpy(s->tech_from, "--tech");
	if (opt == OPT_WORKLOAD)
		strcpy(s->workload_from, "--workload");
	return 1;
}

/* A flag given that would change nothing, as a usage error. */
int cli_study_unused(const struct cli_study *s, int plot,
		     struct dse_error *err)
{
	if (s->tail_flag && s->st.nslos == 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: belongs to the tail pass, which runs only with --slo-us",
				     s->tail_flag);
	if (s->page_flag && !plot)
		return dse_error_set(err, DSE_EUSAGE,
				     "%s: sets the figures' page, drawn only with --plot",
				     s->page_flag);
	return DSE_OK;
}

/* Free what cli_groups_load made; a zeroed one is fine. */
void cli_groups_free(struct cli_groups *g)
{
	size_t i;

	for (i = 0; i < DSE_STUDY_MAX_VALUES; i++) {
		dse_tech_free(g->tech[i]);
		dse_workload_free(g->wl[i]);
	}
	free(g->models);
	free(g->ptrs);
	memset(g, 0, sizeof *g);
}

/* Every technology (with the --set values) and workload of st, and each
   group's model. */
int cli_groups_load(const struct dse_study *st, const char *tech_from,
		    const char *workload_from, struct cli_groups *g,
		    struct dse_error *err)
{
	struct cli_sets sets;
	size_t i;
	int rc = DSE_OK;

	memset(g, 0, sizeof *g);
	sets.n = st->nsets;
	for (i = 0; i < st->nsets; i++) {
		sets.index[i] = st->set_index[i];
		sets.value[i] = st->set_value[i];
	}
	for (i = 0; rc == DSE_OK && i < st->ntechs; i++)
		rc = load_tech(st->techs[i], tech_from, &sets, &g->tech[i], err);
	for (i = 0; rc == DSE_OK && i < st->nworkloads; i++)
		rc = cli_load_workload(st->workloads[i], workload_from, &g->wl[i],
				       err);
	g->ngroups = dse_study_groups(st);
	if (rc == DSE_OK) {
		g->models = calloc(g->ngroups, sizeof *g->models);
		g->ptrs = calloc(g->ngroups, sizeof *g->ptrs);
		if (g->models == NULL || g->ptrs == NULL)
			rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	}
	for (i = 0; rc == DSE_OK && i < g->ngroups; i++) {
		struct dse_budget b;
		size_t t, w;

		dse_study_group(st, i, &t, &w, &b, NULL, 0);
		rc = dse_model_init(&g->models[i], g->tech[t], g->wl[w], &b, err);
		g->ptrs[i] = &g->models[i];
	}
	return rc;
}

const char cli_train_help[] =
	"  --train[=WORKLOAD]     also train (SERVING.md 14): the served workload, or\n"
	"                         WORKLOAD (as --train-workload)\n"
	"  --train-workload W     the trained workload, named as --workload\n"
	"                         [the served one]\n"
	"  --train-batch B        items per group of a training step [the design's batch]\n";

/* Store a training flag in t: 1 if taken, 0 if not, <0 on error. */
int cli_train_option(struct cli_train *t, int opt, const char *arg,
		     struct dse_error *err)
{
	int rc;

	switch (opt) {
	case OPT_TRAIN:
		t->on = 1;
		if (arg)
			t->workload = arg;
		return 1;
	case OPT_TRAIN_WORKLOAD:
		t->on = 1;
		t->workload = arg;
		return 1;
	case OPT_TRAIN_BATCH:
		t->on = 1;
		rc = cli_uint("--train-batch", arg, 1, DSE_BATCH_MAX, &t->batch, err);
		return rc == DSE_OK ? 1 : rc;
	default:
		return 0;
	}
}

/* Load the training workload (if another) and derive the step on e. */
int cli_train_step(const struct cli_train *t, const struct cli_evaluated *e,
		   struct dse_workload **wl, struct dse_train_step *step,
		   struct dse_error *err)
{
	int rc = DSE_OK;

	*wl = NULL;
	if (e->p.design.format->no_training)
		return dse_error_set(err, DSE_EUSAGE, "--train: format %s cannot train: %s",
				     e->p.design.format->name,
				     e->p.design.format->no_training);
	if (t->workload) {
		rc = dse_workload_find(t->workload, cli_datadir(), wl, err);
		if (rc == DSE_EUSAGE)
			dse_error_prefix(err, "--train-workload");
	}
	if (rc == DSE_OK)
		rc = dse_model_train(&e->model, *wl, &e->p.design, &e->p.result,
				     (double)t->batch, step, err);
	if (rc != DSE_OK) {
		dse_workload_free(*wl);
		*wl = NULL;
	}
	return rc;
}

/* --shard I/N: whole numbers, 0 <= I < N <= 2^20. */
int cli_shard_parse(const char *arg, unsigned long *shard_i,
		    unsigned long *shard_n, struct dse_error *err)
{
	const char *slash = strchr(arg, '/');
	char first[32];
	unsigned long long i, n;

	if (slash == NULL || (size_t)(slash - arg) >= sizeof first)
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: '%s' is not I/N (part I of N, from 0)",
				     arg);
	memcpy(first, arg, (size_t)(slash - arg));
	first[slash - arg] = '\0';
	if (dse_uint_parse(first, 1ull << 20, &i) != DSE_OK ||
	    dse_uint_parse(slash + 1, 1ull << 20, &n) != DSE_OK || n == 0)
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: '%s' is not I/N with whole numbers, 1 <= N <= 1048576",
				     arg);
	if (i >= n)
		return dse_error_set(err, DSE_EUSAGE,
				     "--shard: part %llu of %llu: parts count from 0 to N - 1",
				     i, n);
	*shard_i = (unsigned long)i;
	*shard_n = (unsigned long)n;
	return DSE_OK;
}

/* doc's text, or the failure "!STATUS message", gathered on rank 0. */
int cli_mpi_send_doc(int rc, const cJSON *doc, char ***texts,
		     struct dse_error *err)
{
	char *text = NULL, failed[DSE_ERROR_MAX + 16];
	int sent;

	if (rc == DSE_OK && (doc == NULL || (text = cJSON_PrintUnformatted(doc)) == NULL))
		rc = dse_error_set(err, DSE_ENOMEM, "out of memory");
	if (rc != DSE_OK)
		snprintf(failed, sizeof failed, "!%d %s", rc, err ? err->msg : "");
	sent = cli_mpi_gather(rc == DSE_OK ? text : failed,
			      strlen(rc == DSE_OK ? text : failed), texts, err);
	cJSON_free(text);
	return rc == DSE_OK ? sent : rc;
}

/* Rank r's text: its JSON, or the failure it reports. */
int cli_mpi_doc_of(const char *text, int r, cJSON **doc, struct dse_error *err)
{
	int status = DSE_EEXTERNAL;

	*doc = NULL;
	if (text[0] == '!') {
		const char *msg = strchr(text, ' ');

		if (sscanf(text + 1, "%d", &status) != 1 || status >= 0)
			status = DSE_EEXTERNAL;
		return dse_error_set(err, status, "%s", msg ? msg + 1 : "an MPI rank failed");
	}
	if ((*doc = cJSON_Parse(text)) == NULL)
		return dse_error_set(err, DSE_EEXTERNAL,
				     "MPI rank %d: its partial result does not parse", r);
	return DSE_OK;
}
