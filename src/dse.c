/* dse.c - the dse command line: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli.h"
#include "config.h"
#include "paths.h"

static int cmd_help(int argc, char **argv);

static const struct cli_command commands[] = {
	{ "explore", cmd_explore, "sweep the design space: frontiers, tables, files, plots (default)" },
	{ "merge", cmd_merge, "combine the shards of dse explore or dse sensitivity" },
	{ "plot", cmd_plot, "render the figures of a results folder (gnuplot)" },
	{ "sensitivity", cmd_sensitivity, "each headline figure's band and the constants that drive it" },
	{ "serve", cmd_serve, "one design under load: latency percentiles, SLO, tail capacity" },
	{ "eval", cmd_eval, "one design: sizing, latency, throughput, area, power, energy" },
	{ "cycles", cmd_cycles, "cycles, folds, SRAM traffic of a GEMM or topology on one array" },
	{ "numerics", cmd_numerics, "what number formats do to a GEMM: SQNR, errors, effective bits" },
	{ "formats", cmd_formats, "every known number format: bits, PE cost, SQNR" },
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
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n  -h, --help     this help\n"
		   "  --version      print the version\n\n"
		   "exit status: 0 success, 1 internal error (memory, writing files, gnuplot),\n"
		   "2 bad usage, 3 bad input data, 4 infeasible design; killed by SIGINT,\n"
		   "SIGTERM or SIGHUP: 128 + the signal, temporaries and new folders removed.\n\n"
		   "Data (tech/, workloads/, studies/, found by bare name: --tech n7,\n"
		   "--workload attention, --study equinox) is read from $DSE_DATADIR, else\n"
		   "from the source tree when this is the build tree's dse, else from\n"
		   "%s; dse --version names the one in use.\n",
		DSE_PKGDATADIR);
}

/* The row of the command called name, or NULL. */
static const struct cli_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* dse help [CMD]: the top-level help, or CMD's own (as dse CMD --help). */
static int cmd_help(int argc, char **argv)
{
	const struct cli_command *c;
	struct dse_error err = { 0, "" };
	char help[] = "--help";
	char *args[3];

	if (argc > 2) {
		dse_error_set(&err, DSE_EUSAGE,
			      "help: unexpected argument '%s' (see dse --help)",
			      argv[2]);
		return cli_fail(&err);
	}
	if (argc < 2 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		dse_error_set(&err, DSE_EUSAGE,
			      "help: unknown command '%s' (see dse --help)",
			      argv[1]);
		return cli_fail(&err);
	}
	args[0] = argv[1];
	args[1] = help;
	args[2] = NULL;
	return c->run(2, args);
}

/* Run the subcommand; explore when there is none or only options follow. */
static int dispatch(int argc, char **argv)
{
	const struct cli_command *c;
	struct dse_error err = { 0, "" };

	if (argc < 2) /* the main job, on its defaults */
		return cmd_explore(argc, argv);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "--version") == 0) {
		if (argc > 2) {
			dse_error_set(&err, DSE_EUSAGE,
				      "%s: unexpected argument '%s' (see dse --help)",
				      argv[1], argv[2]);
			return cli_fail(&err);
		}
		if (argv[1][2] == 'v') {
			const char *how, *dir = cli_datadir_from(&how);

			printf("dse %s\ndata: %s (%s)\nmpi: %s\n", PACKAGE_VERSION,
			       dir, how, CLI_MPI ? "yes (mpirun -np P dse explore, dse sensitivity)" : "no");
			return 0;
		}
		usage(stdout);
		return 0;
	}
	if ((c = find_command(argv[1])) != NULL)
		return c->run(argc - 1, argv + 1);
	if (argv[1][0] == '-') /* options alone: the main job, explore */
		return cmd_explore(argc, argv);
	dse_error_set(&err, DSE_EUSAGE, "unknown command '%s' (see dse --help)",
		      argv[1]);
	return cli_fail(&err);
}

/* Signals and streams first, then the command; stdout's errors count. */
int main(int argc, char **argv)
{
	int code;

	cli_std_streams_guard();
	if (cli_signals_start() != 0) {
		fputs("dse: cannot start the signal thread\n", stderr);
		return EXIT_INTERNAL;
	}
	/* GSL's default handler aborts; every GSL status is checked instead */
	gsl_set_error_handler_off();
	cli_argc = argc;
	cli_argv = argv;
	if (cli_mpi_start(&argc, &argv) != DSE_OK) {
		fputs("dse: MPI: cannot start\n", stderr);
		return EXIT_INTERNAL;
	}
	/* a summary written in one piece survives `| head` (a pipe holds 64 KiB) */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	code = cli_stdout_close(dispatch(argc, argv));
	cli_mpi_stop();
	return code;
}
