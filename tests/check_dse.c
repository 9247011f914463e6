/* check_dse.c - the one Check runner: every suite of every module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "dse_explore.h"
#include "paths.h"
#include "suites.h"

const char *test_datadir(void)
{
	const char *d = getenv("DSE_DATADIR");

	return d && *d ? d : DSE_SRCDATADIR;
}

const char *test_inputs(void)
{
	const char *d = getenv("TESTS_SRCDIR");

	return d && *d ? d : DSE_SRCDATADIR "/../tests";
}

/* The format called name; the running test fails if it does not parse. */
struct dse_format test_format(const char *name)
{
	struct dse_format f;
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_format_parse(name, &f, &err) == DSE_OK, "%s: %s",
		      name, err.msg);
	return f;
}

/* A built-in technology, or tests/data/<spec> when it names a file (has a
   dot); the running test fails if it does not load. */
struct dse_tech *test_tech(const char *spec)
{
	struct dse_error err = { 0, "" };
	struct dse_tech *t = NULL;
	char path[4096];

	if (strchr(spec, '.'))
		snprintf(path, sizeof path, "%s/data/%s", test_inputs(), spec);
	else
		snprintf(path, sizeof path, "%s", spec);
	ck_assert_msg(dse_tech_load(path, test_datadir(), &t, &err) == DSE_OK,
		      "%s: %s", spec, err.msg);
	return t;
}

/* a dominates b: no worse in every objective (all minimised), better in
   one; written apart from pareto.c, from the definition. */
int ref_dominates(int dims, const struct dse_cand *a,
		  const struct dse_cand *b)
{
	int k, no_worse = 1, better = 0;

	for (k = 0; k < dims; k++) {
		no_worse = no_worse && !(a->obj[k] > b->obj[k]);
		better = better || a->obj[k] < b->obj[k];
	}
	return no_worse && better;
}

/* a and b are equal in the first dims objectives. */
int ref_equal(int dims, const struct dse_cand *a, const struct dse_cand *b)
{
	int k;

	for (k = 0; k < dims; k++)
		if (!(a->obj[k] == b->obj[k]))
			return 0;
	return 1;
}

int main(void)
{
	Suite *(*const suites[])(void) = {
		suite_format, suite_tech, suite_gemm, suite_workload,
		suite_eval, suite_output, suite_range, suite_pareto,
		suite_explore, suite_plot, suite_serve, suite_quant, suite_npy,
		suite_numerics, suite_chip, suite_train, suite_techset,
		suite_sensitivity, suite_kernel,
	};
	SRunner *sr = srunner_create(NULL);
	size_t i;
	int failed;

	gsl_set_error_handler_off();
	for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
