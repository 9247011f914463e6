/* test_workload.c - built-in and JSON workloads (MODEL.md section 7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

static struct dse_workload *wl;

static void get_ok(const char *spec)
{
	struct dse_error err = { 0, "" };
	int rc = dse_workload_find(spec, test_datadir(), &wl, &err);

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

	get_ok("bert-layer");
	/* qkv, scores, softmax, context, proj, add_norm1, ffn1, gelu, ffn2,
	 * add_norm2 */
	ck_assert_uint_eq(wl->nstages, 10);
	ck_assert_double_eq(wl->layers, 1);
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
	ck_assert_ptr_nonnull(wl->source);
	ck_assert_ptr_nonnull(strstr(wl->source, "Devlin"));
}
END_TEST

static const char *const bert_names[] = { "bert-base", "bert" };

START_TEST(bert_base)
{
	/* 12 layers with their own weights: 12 * 7077888 = 84934656 (the
	 * ~85 M of BERT-base's encoder), 12 * 931135488 = 11173625856 MACs;
	 * "bert" is the same workload */
	get_ok(bert_names[_i]);
	ck_assert_str_eq(wl->name, "bert-base");
	ck_assert_double_eq(wl->layers, 12);
	ck_assert_double_eq(wl->repeat, 1);
	ck_assert_uint_eq(wl->nstages, 10);
	ck_assert_double_eq(wl->weights, 84934656);
	ck_assert_double_eq(wl->macs_per_item, 11173625856.0);
}
END_TEST

START_TEST(bert_large)
{
	/* per layer: qkv 1024 * 3072 = 3145728, proj 1024 * 1024 = 1048576,
	 * ffn 2 * 1024 * 4096 = 8388608: 12582912; 24 layers: 301989888 */
	get_ok("bert-large");
	ck_assert_double_eq(wl->layers, 24);
	ck_assert_double_eq(wl->weights, 301989888);
}
END_TEST

START_TEST(resnet50)
{
	size_t i, convs = 0;

	get_ok("resnet50");
	/* torchvision's resnet50 has 25557032 parameters, of which batch
	 * norm holds 2 per channel of its 53 normalisations: conv1 64;
	 * stage 2: 3 * (64 + 64 + 256) + 256 = 1408; stage 3: 4 * (128 + 128
	 * + 512) + 512 = 3584; stage 4: 6 * (256 + 256 + 1024) + 1024 =
	 * 10240; stage 5: 3 * (512 + 512 + 2048) + 2048 = 11264; 26560
	 * channels, 53120 parameters; and the classifier's bias 1000.
	 * Weights: 25557032 - 53120 - 1000 = 25502912 */
	ck_assert_double_eq(wl->weights, 25502912);
	for (i = 0; i < wl->nstages; i++)
		convs += strncmp(wl->stages[i].origin, "conv", 4) == 0;
	ck_assert_uint_eq(convs, 53);
	/* conv1: 224 x 224 x 3, 7 x 7, stride 2, padding 3: E = floor((224
	 * + 6 - 7) / 2) + 1 = 112: M = 12544, K = 147, N = 64 */
	ck_assert_double_eq(wl->stages[0].m, 12544);
	ck_assert_double_eq(wl->stages[0].k, 147);
	ck_assert_double_eq(wl->stages[0].n, 64);
	/* the classifier is last: 2048 -> 1000 */
	ck_assert_double_eq(wl->stages[wl->nstages - 1].n, 1000);
	ck_assert_double_eq(wl->stages[wl->nstages - 1].k, 2048);
}
END_TEST

START_TEST(gpt2)
{
	/* 12 decoder layers of 7077888 weights (as a BERT-base layer) and
	 * the language-model head 768 x 50257 = 38597376: 123532032; one
	 * token per item: the attention scores are 12 GEMMs of M 1, N 1024,
	 * K 64 (no static weights) */
	get_ok("gpt2");
	ck_assert_double_eq(wl->weights, 123532032);
	ck_assert_double_eq(wl->stages[1].m, 1);
	ck_assert_double_eq(wl->stages[1].n, 1024);
	ck_assert_double_eq(wl->stages[1].k, 64);
	ck_assert_double_eq(wl->stages[1].count, 12);
	ck_assert_int_eq(wl->stages[1].weights, 0);
}
END_TEST

/* ---- convolutions (im2col) ---- */

static struct dse_stage conv_ok(double h, double w, double c, double r,
				double s, double f, double sh, double sw,
				double pad, double groups, int ceil_mode)
{
	const struct dse_conv cv = { h, w, c, r, s, f, sh, sw, pad, groups,
				     ceil_mode };
	struct dse_stage st;
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_conv_gemm(&cv, "test", &st, &err) == DSE_OK, "%s",
		      err.msg);
	return st;
}

START_TEST(conv_strided_padded)
{
	struct dse_stage st;

	/* 9 x 8 x 4 input, 3 x 2 filters, strides 2 and 3, padding 1, 6
	 * filters: E = floor((9 + 2 - 3) / 2) + 1 = 5, F = floor((8 + 2 - 2)
	 * / 3) + 1 = 3: M = 15 pixels per item; K = 3 * 2 * 4 = 24; N = 6 */
	st = conv_ok(9, 8, 4, 3, 2, 6, 2, 3, 1, 1, 0);
	ck_assert_double_eq(st.m, 15);
	ck_assert_double_eq(st.k, 24);
	ck_assert_double_eq(st.n, 6);
	ck_assert_double_eq(st.count, 1);
	ck_assert_int_eq(st.weights, 1);
	/* 7 x 7 x 3, 3 x 3, stride 2, padding 1: E = floor(6 / 2) + 1 = 4 */
	st = conv_ok(7, 7, 3, 3, 3, 8, 2, 2, 1, 1, 0);
	ck_assert_double_eq(st.m, 16);
	ck_assert_double_eq(st.k, 27);
}
END_TEST

START_TEST(conv_depthwise_grouped)
{
	struct dse_stage st;

	/* depthwise 8 x 8 x 16, 3 x 3, padding 1, 16 groups of one channel
	 * and one filter: 16 GEMMs of M = 64, K = 9, N = 1 */
	st = conv_ok(8, 8, 16, 3, 3, 16, 1, 1, 1, 16, 0);
	ck_assert_double_eq(st.m, 64);
	ck_assert_double_eq(st.k, 9);
	ck_assert_double_eq(st.n, 1);
	ck_assert_double_eq(st.count, 16);
	/* 2 groups of 8 channels and 4 filters: K = 9 * 8 = 72, N = 4 */
	st = conv_ok(8, 8, 16, 3, 3, 8, 1, 1, 1, 2, 0);
	ck_assert_double_eq(st.k, 72);
	ck_assert_double_eq(st.n, 4);
	ck_assert_double_eq(st.count, 2);
}
END_TEST

START_TEST(conv_ceil_mode)
{
	struct dse_stage st;

	/* SCALE-Sim: AlexNet's conv1, 224, 11 x 11, stride 4: ceil((224 -
	 * 11 + 4) / 4) = ceil(54.25) = 55; the floor rule gives 54 */
	st = conv_ok(224, 224, 3, 11, 11, 96, 4, 4, 0, 1, 1);
	ck_assert_double_eq(st.m, 55 * 55);
	st = conv_ok(224, 224, 3, 11, 11, 96, 4, 4, 0, 1, 0);
	ck_assert_double_eq(st.m, 54 * 54);
}
END_TEST

START_TEST(conv_bad)
{
	struct dse_conv cv = { 4, 4, 16, 5, 3, 8, 1, 1, 0, 1, 0 };
	struct dse_stage st;
	struct dse_error err = { 0, "" };

	/* a 5-row filter on 4 rows and no padding */
	ck_assert_int_eq(dse_conv_gemm(&cv, "c", &st, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger"));
	/* ... fits once padded by 1: 4 + 2 >= 5 */
	cv.pad = 1;
	ck_assert_int_eq(dse_conv_gemm(&cv, "c", &st, &err), DSE_OK);
	/* 3 groups do not divide 16 channels */
	cv.groups = 3;
	ck_assert_int_eq(dse_conv_gemm(&cv, "c", &st, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "groups"));
	cv.groups = 1;
	cv.stride_h = 0;
	ck_assert_int_eq(dse_conv_gemm(&cv, "c", &st, &err), DSE_EINPUT);
	cv.stride_h = 1;
	cv.h = 2.5;
	ck_assert_int_eq(dse_conv_gemm(&cv, "c", &st, &err), DSE_EINPUT);
}
END_TEST

/* ---- SCALE-Sim topologies ---- */

START_TEST(topology_conv)
{
	char path[4096];

	/* tests/data/topo_conv.csv (SCALE-Sim's convolution format, no
	 * padding, E = ceil((H - R + stride) / stride)):
	 *  c1 10 x 10 x 4, 3 x 3, 8 filters, stride 1: E = 8, M 64, K 36, N 8
	 *  c2 11 x 11 x 2, 3 x 3, 5 filters, stride 2: E = ceil(10/2) = 5,
	 *     M 25, K 18, N 5
	 *  DPc3 6 x 6 x 3, 3 x 3, 2 filters, depthwise ("DP" in the name):
	 *     3 GEMMs of one channel, E = 4, M 16, K 9, N 2 */
	snprintf(path, sizeof path, "%s/data/topo_conv.csv", test_inputs());
	get_ok(path);
	ck_assert_str_eq(wl->name, "topo_conv");
	ck_assert_uint_eq(wl->nstages, 3);
	ck_assert_str_eq(wl->stages[0].name, "c1");
	ck_assert_double_eq(wl->stages[0].m, 64);
	ck_assert_double_eq(wl->stages[0].k, 36);
	ck_assert_double_eq(wl->stages[0].n, 8);
	ck_assert_double_eq(wl->stages[1].m, 25);
	ck_assert_double_eq(wl->stages[1].k, 18);
	ck_assert_double_eq(wl->stages[1].n, 5);
	ck_assert_double_eq(wl->stages[2].m, 16);
	ck_assert_double_eq(wl->stages[2].k, 9);
	ck_assert_double_eq(wl->stages[2].n, 2);
	ck_assert_double_eq(wl->stages[2].count, 3);
	/* weights 36 * 8 + 18 * 5 + 3 * 9 * 2 = 288 + 90 + 54 = 432 */
	ck_assert_double_eq(wl->weights, 432);
}
END_TEST

START_TEST(topology_gemm)
{
	char path[4096];

	/* tests/data/topo_gemm.csv: "Layer, M, N, K": g1 20 9 13, g2 7 30 5 */
	snprintf(path, sizeof path, "%s/data/topo_gemm.csv", test_inputs());
	get_ok(path);
	ck_assert_uint_eq(wl->nstages, 2);
	ck_assert_double_eq(wl->stages[0].m, 20);
	ck_assert_double_eq(wl->stages[0].n, 9);
	ck_assert_double_eq(wl->stages[0].k, 13);
	ck_assert_double_eq(wl->stages[1].m, 7);
	ck_assert_double_eq(wl->stages[1].n, 30);
	ck_assert_double_eq(wl->stages[1].k, 5);
	/* 9 * 13 + 30 * 5 = 267 weights; 20 * 117 + 7 * 150 = 3390 MACs */
	ck_assert_double_eq(wl->weights, 267);
	ck_assert_double_eq(wl->macs_per_item, 3390);
}
END_TEST

static const struct {
	const char *file, *what; /* what: must appear in the message */
} bad_topologies[] = {
	{ "topo_missing_column.csv", "7 columns" },
	{ "topo_zero.csv", ":3: column 3" },      /* width 0 on line 3 */
	{ "topo_negative.csv", "-4" },
	{ "topo_filter_large.csv", "larger" },
	{ "topo_non_numeric.csv", "'ten' is not a number" },
	{ "topo_overflow.csv", "MACs" },
	{ "topo_bad_header.csv", "header" },
	{ "topo_no_layers.csv", "no layer" },
	{ "topo_fraction.csv", "2.5" },
};

START_TEST(topology_bad)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	char path[4096];

	snprintf(path, sizeof path, "%s/data/%s", test_inputs(),
		 bad_topologies[_i].file);
	ck_assert_int_eq(dse_workload_find(path, test_datadir(), &w, &err),
			 DSE_EINPUT);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(err.msg, path) != NULL, "no path in: %s", err.msg);
	ck_assert_msg(strstr(err.msg, bad_topologies[_i].what) != NULL,
		      "no '%s' in: %s", bad_topologies[_i].what, err.msg);
	ck_assert_ptr_null(strchr(err.msg, '\n'));
}
END_TEST

START_TEST(topology_from_memory)
{
	static const char nul[] = "Layer, M, N, K,\ng1, 2, 3, 4,\0\n";
	static const char crlf[] = "Layer,M,N,K,\r\n\r\n,,,,\r\nq, 3, 4, 5\r\n";
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };

	/* a NUL byte is not text */
	ck_assert_int_eq(dse_workload_parse_topology(nul, sizeof nul - 1, "m",
						     &w, &err), DSE_EINPUT);
	ck_assert_ptr_null(w);
	/* CR LF lines, an empty row of commas, no trailing comma */
	ck_assert_int_eq(dse_workload_parse_topology(crlf, sizeof crlf - 1,
						     "crlf.csv", &w, &err),
			 DSE_OK);
	ck_assert_uint_eq(w->nstages, 1);
	ck_assert_double_eq(w->stages[0].k, 5);
	dse_workload_free(w);
	/* empty */
	ck_assert_int_eq(dse_workload_parse_topology("", 0, "e", &w, &err),
			 DSE_EINPUT);
}
END_TEST

START_TEST(layers_key)
{
	static const char text[] =
		"{\"name\": \"two\", \"layers\": 3, \"repeat\": 2, \"stages\": ["
		"{\"type\": \"gemm\", \"m\": 2, \"n\": 8, \"k\": 4},"
		"{\"type\": \"conv\", \"h\": 4, \"w\": 4, \"c\": 2, \"r\": 3,"
		" \"s\": 3, \"filters\": 5, \"padding\": 1}]}";
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };

	ck_assert_msg(dse_workload_parse_json(text, sizeof text - 1, "t", &w,
					      &err) == DSE_OK, "%s", err.msg);
	/* each layer has its own weights: 3 * (8 * 4 + 3 * 3 * 2 * 5) = 3 *
	 * (32 + 90) = 366; the repeats share them.  MACs per item: 2 repeats *
	 * 3 layers * (2 * 32 + 16 pixels * 90) = 6 * 1504 = 9024 */
	ck_assert_double_eq(w->weights, 366);
	ck_assert_double_eq(w->macs_per_item, 9024);
	dse_workload_free(w);
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
	"mlp:5", "bert:1", "resnet50:2", "", "Bert", "gpt2!",
};

START_TEST(bad_spec)
{
	struct dse_workload *w = NULL;
	struct dse_error err = { 0, "" };
	const char *spec = bad_specs[_i];

	ck_assert_msg(dse_workload_find(spec, test_datadir(), &w, &err) == DSE_EUSAGE,
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
	/* a conv stage with GEMM keys */
	{ "wl_conv.json", "stages[0].n" },
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
	rc = dse_workload_find(path, test_datadir(), &w, &err);
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
	ck_assert_int_eq(dse_workload_find(path, test_datadir(), &w, &err), DSE_EINPUT);
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
	tcase_add_loop_test(tc, bert_base, 0, 2);
	tcase_add_test(tc, bert_large);
	tcase_add_test(tc, resnet50);
	tcase_add_test(tc, gpt2);
	tcase_add_test(tc, free_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("conv");
	tcase_add_test(tc, conv_strided_padded);
	tcase_add_test(tc, conv_depthwise_grouped);
	tcase_add_test(tc, conv_ceil_mode);
	tcase_add_test(tc, conv_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("topology");
	tcase_add_checked_fixture(tc, NULL, wl_teardown);
	tcase_add_test(tc, topology_conv);
	tcase_add_test(tc, topology_gemm);
	tcase_add_loop_test(tc, topology_bad, 0,
			    (int)(sizeof bad_topologies / sizeof bad_topologies[0]));
	tcase_add_test(tc, topology_from_memory);
	tcase_add_test(tc, layers_key);
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
