/* cmd_plot.c - dse plot: render the figures of a results folder. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "dse_plot.h"

static const char plot_usage[] =
	"usage: dse plot [options] DIR\n"
	"Render the figures of results folder DIR (written by dse explore) with\n"
	"gnuplot: throughput against latency per format (plot-frontier), every\n"
	"sampled feasible design (plot-points), area and power breakdown of\n"
	"frontier designs (plot-breakdown), best throughput under a latency bound\n"
	"(plot-bounds); of a dse sensitivity folder, the frontier's band over the\n"
	"samples (plot-band), the tornado (plot-tornado) and the ratio to the\n"
	"baseline per bound (plot-ratios).  Each figure's gnuplot script (.gp)\n"
	"and data (.dat) are written into DIR beside its images: edit one and\n"
	"rerun it there with\n"
	"  cd DIR && gnuplot plot-frontier.gp\n\n"
	"  --gnuplot PROG         gnuplot program to run [%s]\n"
	"  --formats LIST         images: png, svg, pdf [png,svg, and pdf when\n"
	"                         gnuplot has the pdfcairo terminal; png,svg\n"
	"                         with --scripts-only]\n"
	"  --scripts-only         write the scripts and data, do not run gnuplot\n"
	"  -q, --quiet            accepted for symmetry: plot shows no progress\n"
	"%s"
	"  -h, --help             this help\n\n"
	"Reads DIR/frontier.json and DIR/sample.csv, DIR/serve.json or\n"
	"DIR/sensitivity.json.  Needs gnuplot (Debian package\n"
	"gnuplot-nox).\n"
	"Exit: 0 success, 1 gnuplot missing or failed, or I/O error, 2 bad usage,\n"
	"3 bad input file, 4 no feasible design in DIR.\n";

enum { OPT_GNUPLOT = 1000, OPT_FORMATS, OPT_SCRIPTS_ONLY };

static const struct option plot_options[] = {
	{ "gnuplot", required_argument, NULL, OPT_GNUPLOT },
	{ "formats", required_argument, NULL, OPT_FORMATS },
	{ "scripts-only", no_argument, NULL, OPT_SCRIPTS_ONLY },
	{ "quiet", no_argument, NULL, 'q' },
	CLI_PLOT_OPTIONS,
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct plot_args {
	struct dse_plot_options opt;
	const char *dir;
	int scripts_only;
};

/* Options and the folder; 1 after --help, else a status. */
static int parse_plot(int argc, char **argv, struct plot_args *a,
		      struct dse_error *err)
{
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "hq", plot_options, NULL)) != -1) {
		rc = cli_plot_option(&a->opt, opt, optarg, err);
		if (rc < 0)
			return rc;
		if (rc == 1)
			continue;
		switch (opt) {
		case 'q':
			break;
		case OPT_GNUPLOT:
			if (*optarg == '\0')
				return dse_error_set(err, DSE_EUSAGE,
						     "--gnuplot: empty program name");
			a->opt.gnuplot = optarg;
			break;
		case OPT_FORMATS:
			rc = dse_plot_formats_parse(optarg, &a->opt.formats, err);
			if (rc != DSE_OK) {
				dse_error_prefix(err, "--formats");
				return rc;
			}
			break;
		case OPT_SCRIPTS_ONLY:
			a->scripts_only = 1;
			break;
		case 'h':
			printf(plot_usage, DSE_GNUPLOT, cli_plot_help);
			return 1;
		default:
			return dse_error_set(err, DSE_EUSAGE,
					     "plot: unknown option or missing argument '%s' (see dse plot --help)",
					     argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return dse_error_set(err, DSE_EUSAGE,
				     "plot: no results folder given (see dse plot --help)");
	if (optind + 1 < argc)
		return dse_error_set(err, DSE_EUSAGE,
				     "plot: unexpected argument '%s' (see dse plot --help)",
				     argv[optind + 1]);
	a->dir = argv[optind];
	if (*a->dir == '\0')
		return dse_error_set(err, DSE_EUSAGE, "plot: empty folder name");
	return DSE_OK;
}

/* dse plot: the scripts, or the rendered figures, of a folder; returns the exit code. */
int cmd_plot(int argc, char **argv)
{
	struct plot_args a = { { NULL, 0, 0, 0, 0, 0 }, NULL, 0 };
	struct dse_error err = { 0, "" };
	int rc = parse_plot(argc, argv, &a, &err);

	if (rc == 1)
		return 0;
	if (rc == DSE_OK && a.scripts_only)
		rc = dse_plot_write(a.dir, NULL, &a.opt, &err);
	else if (rc == DSE_OK)
		rc = dse_plot_render(a.dir, &a.opt, &err);
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
