/* use-libdse.c - a program built against an installed libdse with
 * `cc use-libdse.c $(pkg-config --cflags --libs dse)`, as .ci/run does:
 * the installed headers, library and data are enough to evaluate the
 * default design (n7, lstm, hbfp8, os, 16 x 128 arrays at f_nom).
 * Usage: use-libdse DATADIR; prints "latency_us L throughput_tops T". */
#include <stdio.h>

#include <dse_model.h>

int main(int argc, char **argv)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *tech = NULL;
	struct dse_workload *wl = NULL;
	struct dse_format fmt;
	struct dse_model model;
	struct dse_design d = { NULL, DSE_OS, 16, 128, 1, 16, { 0, 0, 0 }, 0 };
	struct dse_result r;
	struct dse_budget budget = { DSE_DEFAULT_AREA_MM2, DSE_DEFAULT_POWER_W,
				     DSE_DEFAULT_SRAM_MB };
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DATADIR\n", argv[0]);
		return 2;
	}
	rc = dse_format_parse("hbfp8", &fmt, &err);
	if (rc == DSE_OK)
		rc = dse_tech_load("n7", argv[1], &tech, &err);
	if (rc == DSE_OK)
		rc = dse_workload_get("lstm", &wl, &err);
	if (rc == DSE_OK)
		rc = dse_model_init(&model, tech, wl, &budget, &err);
	d.format = &fmt;
	if (rc == DSE_OK)
		rc = dse_tech_opp(tech, tech->f_nom_ghz, &d.opp, &err);
	if (rc == DSE_OK)
		rc = dse_model_eval(&model, &d, &r, &err);
	if (rc == DSE_OK && r.verdict != DSE_FEASIBLE)
		rc = dse_error_set(&err, DSE_EINFEASIBLE, "the default design is infeasible");
	dse_workload_free(wl);
	dse_tech_free(tech);
	if (rc != DSE_OK) {
		fprintf(stderr, "use-libdse: %s\n", err.msg);
		return 1;
	}
	printf("latency_us %.6g throughput_tops %.6g\n", r.latency_us,
	       r.throughput_tops);
	return 0;
}
