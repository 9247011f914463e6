/* cmd_chips.c - dse chips: published accelerators beside dse's figures. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "dse_output.h"

static const char chips_usage[] =
	"usage: dse chips [CHIP|FILE ...] [--json]\n"
	"Evaluate published accelerators (data/chips/*.json: a dse design, its\n"
	"technology and workload, and its published figures with sources) and print\n"
	"dse's peak throughput, peak power, area and peak TOp/s per W beside the\n"
	"published ones with the ratios, and dse's average-power efficiency on the\n"
	"chip's workload (MODEL.md 9.1).\n\n"
	"  CHIP|FILE        chip names (tpuv1, tpuv2, tpuv3, tpuv4i) or chip files\n"
	"                   [every file of the data folder's chips/]\n"
	"  --json           print a JSON array instead of the table\n"
	"  -q, --quiet      accepted for symmetry: chips prints no notes\n"
	"  -h, --help       this help\n\n"
	"Exit: 0 success, 2 bad usage, 3 bad chip file, 4 a chip infeasible in dse.\n";

enum { OPT_JSON = 1 };

/* Print the reports as text or JSON. */
static int print(const struct dse_chip_report *rep, size_t n, int json,
		 struct dse_error *err)
{
	cJSON *doc;
	int rc;

	errno = 0;
	if (json) {
		doc = dse_json_chips(rep, n);
		rc = doc ? dse_json_print(stdout, doc) : DSE_ENOMEM;
		cJSON_Delete(doc);
	} else {
		rc = dse_text_chips(stdout, rep, n);
	}
	if (rc == DSE_EIO)
		return cli_stdout_error(err);
	return rc == DSE_OK ? DSE_OK :
	       dse_error_set(err, rc, "stdout: %s", dse_strerror(rc));
}

/* Load and evaluate each named chip, then print them all. */
static int run(char **names, size_t n, int json, struct dse_error *err)
{
	struct dse_chip **chips = calloc(n ? n : 1, sizeof *chips);
	struct dse_chip_report *rep = calloc(n ? n : 1, sizeof *rep);
	size_t i;
	int rc = chips && rep ? DSE_OK :
		 dse_error_set(err, DSE_ENOMEM, "out of memory");

	for (i = 0; rc == DSE_OK && i < n; i++) {
		rc = dse_chip_load(names[i], cli_datadir(), &chips[i], err);
		if (rc == DSE_OK)
			rc = dse_chip_eval(chips[i], cli_datadir(), &rep[i], err);
	}
	if (rc == DSE_OK)
		rc = print(rep, n, json, err);
	for (i = 0; chips && i < n; i++)
		dse_chip_free(chips[i]);
	free(chips);
	free(rep);
	return rc;
}

/* dse chips: every chip file, or the ones named; returns the exit code. */
int cmd_chips(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dse_error err = { 0, "" };
	char **names = NULL;
	size_t n = 0;
	int opt, json = 0, rc = DSE_OK;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "hq", options, NULL)) != -1) {
		if (opt == OPT_JSON) {
			json = 1;
		} else if (opt == 'q') {
			continue;
		} else if (opt == 'h') {
			fputs(chips_usage, stdout);
			return 0;
		} else {
			dse_error_set(&err, DSE_EUSAGE,
				      "chips: unknown option '%s' (see dse chips --help)",
				      argv[optind - 1]);
			return cli_fail(&err);
		}
	}
	if (optind < argc) {
		rc = run(argv + optind, (size_t)(argc - optind), json, &err);
	} else {
		rc = dse_chip_names(cli_datadir(), &names, &n, &err);
		if (rc == DSE_OK)
			rc = run(names, n, json, &err);
		dse_chip_names_free(names, n);
	}
	if (rc == DSE_EUSAGE && strncmp(err.msg, "chip", 4) == 0)
		dse_error_prefix(&err, "chips");
	return rc == DSE_OK ? 0 : cli_fail(&err);
}
