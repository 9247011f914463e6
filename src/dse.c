/* dse.c - the dse command line: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "config.h"

static int cmd_help(int argc, char **argv);

static const struct cli_command commands[] = {
	{ "explore", cmd_explore, "sweep the design space: Pareto frontiers, tables, files, plots (default)" },
	{ "plot", cmd_plot, "render the figures of a results folder (gnuplot)" },
	{ "eval", cmd_eval, "evaluate one design (sizing, latency, throughput, area, power, energy)" },
	{ "cycles", cmd_cycles, "cycles, folds and SRAM traffic of one GEMM (or a SCALE-Sim topology) on one array" },
	{ "chips", cmd_chips, "published accelerators beside dse's figures for them" },
	{ "help", cmd_help, "this help" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Top-level help: commands, global flags, exit statuses and the data folder. */
static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: dse [<command>] [options]   (dse <command> --help for its options;\n                                   no command: explore)\n"
		   "Analytical design-space explorer for DNN accelerators built as a\n"
		   "1-D array of systolic arrays (Equinox, MICRO 2021).\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n  -h, --help     this help\n"
		   "  --version      print the version\n\n"
		   "exit status: 0 success, 1 internal error (memory, writing files, gnuplot),\n"
		   "2 bad usage, 3 bad input data, 4 infeasible design.\n"
		   "Data files (technologies) are read from $DSE_DATADIR, else %s.\n",
		DSE_PKGDATADIR);
}

/* dse help: the top-level help on stdout. */
static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return 0;
}

/* Dispatch to a subcommand; explore when there is none or only options follow. */
int main(int argc, char **argv)
{
	size_t i;

	/* GSL's default handler aborts; every GSL status is checked instead */
	gsl_set_error_handler_off();
	cli_argc = argc;
	cli_argv = argv;
	if (argc < 2) /* the main job, on its defaults */
		return cmd_explore(argc, argv);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cmd_help(argc, argv);
	if (strcmp(argv[1], "--version") == 0) {
		printf("dse %s\n", PACKAGE_VERSION);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	if (argv[1][0] == '-') /* options alone: the main job, explore */
		return cmd_explore(argc, argv);
	fprintf(stderr, "dse: unknown command '%s' (see dse --help)\n", argv[1]);
	return EXIT_USAGE;
}
