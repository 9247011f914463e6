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

const char cli_plot_help[] =
	"  --paper                single-column figures for a paper: 3.4 x 2.4 in,\n"
	"                         8 pt text, no figure title [7.5 x 5 in, 10 pt]\n"
	"  --size W,H             figure width and height, inches (with --paper too)\n"
	"  --font PT              text size, points (with --paper too)\n";

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

/* Load s's technology, then its workload; the technology is freed if that fails. */
int cli_setting_load(const struct cli_setting *s, const char *tech_from,
		     const char *workload_from, struct dse_tech **tech,
		     struct dse_workload **wl, struct dse_error *err)
{
	int rc = cli_load_tech(s->tech, tech_from, tech, err);

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
	"                         power budget when a design streams weights [no]\n";

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

