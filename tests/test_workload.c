/* test_workload.c - built-in and JSON workloads (MODEL.md section 7). */
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

static struct dse_workload *wl;

static void get_ok(const char *spec)
{
	struct dse_error err = { 0, "" };
	int rc = dse_workload_get(spec, &wl, &err);

	ck_assert_msg(rc == DSE_OK, "%s: %s", spec, err.msg);
}

static void lstm_setup(void) { get_ok("lstm"); }

static void wl_teardown(void)
{
	dse_workload_free(wl);
	wl = NULL;
}

/* ---- lstm ---- */

START_TEST(lstm_totals)
{
	ck_assert_str_eq(wl->name, "lstm");
	/* 15 steps of [GEMM, element-wise] */
	ck_assert_double_eq(wl->repeat, 15);
	ck_assert_uint_eq(wl->nstages, 2);
	/* gate weights: N = 4 * 2048 = 8192, K = 2048 + 2048 = 4096:
	 * 8192 * 4096 = 33554432 */
	ck_assert_double_eq(wl->weights, 8192.0 * 4096.0);
	/* 15 steps * 1 row * 8192 * 4096 = 503316480 MACs per item */
	ck_assert_double_eq(wl->macs_per_item, 15.0 * 8192 * 4096);
	ck_assert_double_eq(wl->n_max, 8192);
}
END_TEST

START_TEST(lstm_stages)
{
	const struct dse_stage *g = &wl->stages[0], *e = &wl->stages[1];

	ck_assert_int_eq(g->kind, DSE_STAGE_GEMM);
	ck_assert_double_eq(g->m, 1);
	ck_assert_double_eq(g->n, 8192);
	ck_assert_double_eq(g->k, 4096);
	ck_assert_double_eq(g->count, 1);
	ck_assert_int_eq(g->weights, 1);
	/* 5 * 2048 = 10240 element-wise ops per item and step */
	ck_assert_int_eq(e->kind, DSE_STAGE_ELTWISE);
	ck_assert_double_eq(e->ops_per_item, 10240);
}
END_TEST

/* ---- other built-ins ---- */

START_TEST(gru_totals)
{
	get_ok("gru");
	/* 3 gates: N = 3 * 2048 = 6144, K = 4096: 25165824 weights */
	ck_assert_double_eq(wl->weights, 6144.0 * 4096.0);
	ck_assert_double_eq(wl->macs_per_item, 15.0 * 6144 * 4096);
	ck_assert_double_eq(wl->n_max, 6144);
}
END_TEST

START_TEST(gemm_two_args)
{
	get_ok("gemm:1024,1024");
	/* N = 1024, K = 1024, one row per item */
	ck_assert_uint_eq(wl->nstages, 1);
	ck_assert_double_eq(wl->stages[0].n, 1024);
	ck_assert_double_eq(wl->stages[0].k, 1024);
	ck_assert_double_eq(wl->stages[0].m, 1);
	/* 1024 * 1024 = 1048576 weights and MACs per item */
	ck_assert_double_eq(wl->weights, 1048576);
	ck_assert_double_eq(wl->macs_per_item, 1048576);
	ck_assert_double_eq(wl->n_max, 1024);
	ck_assert_double_eq(wl->repeat, 1);
}
END_TEST

START_TEST(gemm_three_args)
{
	get_ok("gemm:300,200,7");
	/* N = 300, K = 200, ROWS = 7 per item */
	ck_assert_double_eq(wl->stages[0].n, 300);
	ck_assert_double_eq(wl->stages[0].k, 200);
	ck_assert_double_eq(wl->stages[0].m, 7);
	/* weights 300 * 200 = 60000; MACs 7 * 300 * 200 = 420000 */
	ck_assert_double_eq(wl->weights, 60000);
	ck_assert_double_eq(wl->macs_per_item, 420000);
	ck_assert_double_eq(wl->n_max, 300);
}
END_TEST

START_TEST(gemm_default)
{
	get_ok("gemm");
	/* header: gemm is N = K = 4096 by default, 1 row: 16777216 */
	ck_assert_double_eq(wl->weights, 4096.0 * 4096.0);
	ck_assert_double_eq(wl->stages[0].m, 1);
}
END_TEST

START_TEST(mlp_args)
{
	get_ok("mlp:100,200,50");
	/* fc1 (100 -> 200), act1 (200 ops), fc2 (200 -> 50) */
	ck_assert_uint_eq(wl->nstages, 3);
	ck_assert_int_eq(wl->stages[0].kind, DSE_STAGE_GEMM);
	ck_assert_double_eq(wl->stages[0].n, 200);
	ck_assert_double_eq(wl->stages[0].k, 100);
	ck_assert_int_eq(wl->stages[1].kind, DSE_STAGE_ELTWISE);
	ck_assert_double_eq(wl->stages[1].ops_per_item, 200);
	ck_assert_double_eq(wl->stages[2].n, 50);
	ck_assert_double_eq(wl->stages[2].k, 200);
	/* 200 * 100 + 50 * 200 = 20000 + 10000 = 30000 weights = MACs/item */
	ck_assert_double_eq(wl->weights, 30000);
	ck_assert_double_eq(wl->macs_per_item, 30000);
	ck_assert_double_eq(wl->n_max, 200);
}
END_TEST

START_TEST(mlp_default)
{
	get_ok("mlp");
	/* 2048 -> 4096 -> 4096 -> 2048: 3 GEMMs + 2 activations;
	 * 4096*2048 + 4096*4096 + 2048*4096 = 8388608 + 16777216 + 8388608
	 * = 33554432 */
	ck_assert_uint_eq(wl->nstages, 5);
	ck_assert_double_eq(wl->weights, 33554432);
	ck_assert_double_eq(wl->n_max, 4096);
}
END_TEST

START_TEST(bert_layer)
{
	size_t i, gemms = 0, static_gemms = 0;

	get_ok("bert");
	/* qkv, scores, softmax, context, proj, add_norm1, ffn1, gelu, ffn2,
	 * add_norm2 */
	ck_assert_uint_eq(wl->nstages, 10);
	for (i = 0; i < wl->nstages; i++) {
		if (wl->stages[i].kind != DSE_STAGE_GEMM)
			continue;
		gemms++;
		static_gemms += (size_t)wl->stages[i].weights;
	}
	/* 6 GEMMs, of which scores and context have no static weights */
	ck_assert_uint_eq(gemms, 6);
	ck_assert_uint_eq(static_gemms, 4);
	/* weights: qkv 768 * 2304 = 1769472, proj 768 * 768 = 589824,
	 * ffn1 768 * 3072 = 2359296, ffn2 3072 * 768 = 2359296:
	 * 1769472 + 589824 + 2 * 2359296 = 7077888 (BERT-base layer) */
	ck_assert_double_eq(wl->weights, 7077888);
	/* MACs per sequence: qkv 128 * 2304 * 768 = 226492416,
	 * scores 12 * 128 * 128 * 64 = 12582912, context 12 * 128 * 64 * 128
	 * = 12582912, proj 128 * 768 * 768 = 75497472, ffn1 and ffn2
	 * 128 * 3072 * 768 = 301989888 each: total 931135488 */
	ck_assert_double_eq(wl->macs_per_item, 931135488);
	ck_assert_double_eq(wl->n_max, 3072);
}
END_TEST

START_TEST(free_null)
{
	dse_workload_free(NULL);
}
END_TEST

/* ---- bad specs ---- */

static const char *const bad_specs[] = {
	"nosuch", "gemm:0,5", "gemm:5", "gemm:1,2,3,4", "gemm:1,,2",
	"lstm:3", "gemm:", "gemm:1,2,", "gemm:-4,4", "gemm:2.5,4",
	"mlp:5", "bert:1", "",
};

START_TEST(bad_spec)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	const char *spec = bad_specs[_i];

	ck_assert_msg(dse_workload_get(spec, &w, &err) == DSE_EUSAGE,
		      "'%s' accepted or wrong status (%s)", spec, err.msg);
	ck_assert_ptr_null(w);
	ck_assert_int_eq(err.status, DSE_EUSAGE);
	if (*spec)
		ck_assert_msg(strstr(err.msg, spec) != NULL,
			      "'%s' not named in: %s", spec, err.msg);
}
END_TEST

/* ---- JSON files ---- */

START_TEST(json_good)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/data/wl_good.json", test_inputs());
	get_ok(path);
	ck_assert_str_eq(wl->name, "tiny");
	ck_assert_str_eq(wl->description,
			 "a small two-GEMM workload for the tests");
	ck_assert_double_eq(wl->repeat, 2);
	ck_assert_uint_eq(wl->nstages, 3);
	ck_assert_str_eq(wl->stages[0].name, "fc1");
	ck_assert_double_eq(wl->stages[0].m, 2);
	/* defaults: count 1, weights true */
	ck_assert_double_eq(wl->stages[0].count, 1);
	ck_assert_int_eq(wl->stages[0].weights, 1);
	ck_assert_int_eq(wl->stages[1].kind, DSE_STAGE_ELTWISE);
	ck_assert_double_eq(wl->stages[1].ops_per_item, 64);
	ck_assert_int_eq(wl->stages[2].weights, 0);
	ck_assert_double_eq(wl->stages[2].count, 3);
	/* static weights: fc1 only, 64 * 32 = 2048 */
	ck_assert_double_eq(wl->weights, 2048);
	/* MACs per item: repeat 2 * (2*64*32 + 3*4*16*8) = 2 * (4096 + 1536)
	 * = 11264 */
	ck_assert_double_eq(wl->macs_per_item, 11264);
	ck_assert_double_eq(wl->n_max, 64);
}
END_TEST

START_TEST(json_load_direct)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/wl_good.json", test_inputs());
	ck_assert_int_eq(dse_workload_load(path, &w, &err), DSE_OK);
	ck_assert_double_eq(w->weights, 2048);
	dse_workload_free(w);
}
END_TEST

static const struct {
	const char *file;
	const char *key; /* must appear in the message */
} bad_files[] = {
	{ "wl_missing_stages.json", "stages" },
	{ "wl_empty_stages.json", "stages" },
	{ "wl_unknown_stage_key.json", "stages[1].strides" },
	{ "wl_fraction_n.json", "stages[0].n" },
	{ "wl_negative_k.json", "stages[0].k" },
	{ "wl_conv.json", "stages[0].type" },
	{ "wl_string_n.json", "stages[0].n" },
	{ "wl_no_gemm.json", "stages" },
	{ "wl_unknown_top.json", "batch" },
	{ "wl_malformed.json", "malformed" },
	/* top-level keys read "file: key: why", as every other message */
	{ "wl_fraction_repeat.json", "wl_fraction_repeat.json: repeat:" },
};

START_TEST(json_bad)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];
	int rc;

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(),
		 bad_files[_i].file);
	rc = dse_workload_get(path, &w, &err);
	ck_assert_msg(rc == DSE_EINPUT, "%s: status %d (%s)", bad_files[_i].file,
		      rc, err.msg);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(err.msg, path) != NULL, "no path in: %s", err.msg);
	ck_assert_msg(strstr(err.msg, bad_files[_i].key) != NULL,
		      "no '%s' in: %s", bad_files[_i].key, err.msg);
}
END_TEST

START_TEST(json_missing_file)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/no_such_workload.json",
		 test_inputs());
	ck_assert_int_eq(dse_workload_get(path, &w, &err), DSE_EINPUT);
	ck_assert_ptr_null(w);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

Suite *suite_workload(void)
{
	Suite *s = suite_create("workload");
	TCase *tc;

	tc = tcase_create("lstm");
	tcase_add_checked_fixture(tc, lstm_setup, wl_teardown);
	tcase_add_test(tc, lstm_totals);
	tcase_add_test(tc, lstm_stages);
	suite_add_tcase(s, tc);

	tc = tcase_create("builtins");
	tcase_add_checked_fixture(tc, NULL, wl_teardown);
	tcase_add_test(tc, gru_totals);
	tcase_add_test(tc, gemm_two_args);
	tcase_add_test(tc, gemm_three_args);
	tcase_add_test(tc, gemm_default);
	tcase_add_test(tc, mlp_args);
	tcase_add_test(tc, mlp_default);
	tcase_add_test(tc, bert_layer);
	tcase_add_test(tc, free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad_specs");
	tcase_add_loop_test(tc, bad_spec, 0,
			    (int)(sizeof bad_specs / sizeof bad_specs[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, NULL, wl_teardown);
	tcase_add_test(tc, json_good);
	tcase_add_test(tc, json_load_direct);
	tcase_add_loop_test(tc, json_bad, 0,
			    (int)(sizeof bad_files / sizeof bad_files[0]));
	tcase_add_test(tc, json_missing_file);
	suite_add_tcase(s, tc);
	return s;
}
