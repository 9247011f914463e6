/* suites.h - the Check suites of dse, one per test file. */
#ifndef DSE_TEST_SUITES_H
#define DSE_TEST_SUITES_H

#include <check.h>

Suite *suite_format(void);
Suite *suite_tech(void);
Suite *suite_gemm(void);
Suite *suite_workload(void);
Suite *suite_eval(void);
Suite *suite_output(void);
Suite *suite_range(void);
Suite *suite_pareto(void);
Suite *suite_explore(void);
Suite *suite_plot(void);

/* Folder of the technology files: $DSE_DATADIR, else the source's data/. */
const char *test_datadir(void);

/* The tests' source folder ($TESTS_SRCDIR): inputs in data/, golden/. */
const char *test_inputs(void);

#endif
