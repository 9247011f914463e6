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
Suite *suite_serve(void);
Suite *suite_train(void);
Suite *suite_quant(void);
Suite *suite_npy(void);
Suite *suite_numerics(void);
Suite *suite_chip(void);
Suite *suite_techset(void);
Suite *suite_sensitivity(void);
Suite *suite_kernel(void);

/* Folder of the technology files: $DSE_DATADIR, else the source's data/. */
const char *test_datadir(void);

/* The tests' source folder ($TESTS_SRCDIR): inputs in data/, golden/. */
const char *test_inputs(void);

struct dse_format;

/* The format called name (the test fails if it does not parse). */
struct dse_format test_format(const char *name);

struct dse_tech;

/* A built-in technology, or tests/data/<spec> when spec has a dot (the
   test fails if it does not load); freed with dse_tech_free. */
struct dse_tech *test_tech(const char *spec);

struct dse_cand;

/*
 * The O(n^2) reference of the Pareto tests, straight from the definition:
 * a dominates b (no worse in the first `dims` objectives, better in one);
 * a equals b in all of them.
 */
int ref_dominates(int dims, const struct dse_cand *a, const struct dse_cand *b);
int ref_equal(int dims, const struct dse_cand *a, const struct dse_cand *b);

#endif
