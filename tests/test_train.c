/* test_train.c - training steps (SERVING.md 14) against hand derivations. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

/* A model of workload spec on tech, SRAM of sram_mb, and a design of it. */
struct fixture {
	struct dse_tech *tech;
	struct dse_workload *wl;
	struct dse_format fmt;
	struct dse_model model;
	struct dse_point p;
};

/* Evaluate os rows x 128, one array, format, on tech and spec. */
static void setup_design(struct fixture *x, const char *tech, const char *spec,
			 const char *format, unsigned rows, double sram_mb)
{
	struct dse_budget budget = { 300, 75, sram_mb, 0 };
	struct dse_error err;

	memset(x, 0, sizeof *x);
	ck_assert_int_eq(dse_tech_load(tech, test_datadir(), &x->tech, &err), DSE_OK);
	ck_assert_msg(dse_workload_get(spec, &x->wl, &err) == DSE_OK, "%s", err.msg);
	ck_assert_int_eq(dse_format_parse(format, &x->fmt, &err), DSE_OK);
	ck_assert_int_eq(dse_model_init(&x->model, x->tech, x->wl, &budget, &err),
			 DSE_OK);
	x->p.design.format = &x->fmt;
	x->p.design.dataflow = DSE_OS;
	x->p.design.rows = rows;
	x->p.design.cols = 128;
	x->p.design.ksplit = 1;
	x->p.design.arrays = 1;
	ck_assert_int_eq(dse_tech_opp(x->tech, 1.0, &x->p.design.opp, &err), DSE_OK);
	ck_assert_int_eq(dse_model_eval(&x->model, &x->p.design, &x->p.result, &err),
			 DSE_OK);
	ck_assert_int_eq(x->p.result.verdict, DSE_FEASIBLE);
}

static void teardown_design(struct fixture *x)
{
	dse_workload_free(x->wl);
	dse_tech_free(x->tech);
}

/*
 * A step performs 3 x the forward MACs, per item:
 *  lstm: 15 steps of M = b, N = 8192, K = 4096: 15 x 8192 x 4096 =
 *        503,316,480 forward, 1,509,949,440 in a step;
 *  mlp:512,256,64: 512 x 256 + 256 x 64 = 147,456 forward, 442,368;
 *  gemm:64,32: 64 x 32 = 2,048 forward, 6,144.
 */
START_TEST(test_three_times_forward)
{
	static const struct {
		const char *spec;
		double forward;
	} cases[] = {
		{ "lstm", 503316480.0 },
		{ "mlp:512,256,64", 147456.0 },
		{ "gemm:64,32", 2048.0 },
	};
	struct fixture x;
	struct dse_train_step s;
	struct dse_error err;

	setup_design(&x, "n7", cases[_i].spec, "hbfp8", 4, 75);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_OK);
	ck_assert_double_eq(s.items, 4);
	ck_assert_double_eq_tol(s.forward_macs / s.items, cases[_i].forward, 1e-6);
	ck_assert_double_eq_tol(s.macs_per_item, 3 * cases[_i].forward, 1e-6);
	ck_assert(s.time_us > 0 && isfinite(s.time_us));
	ck_assert(s.items_per_s > 0);
	dse_train_step_free(&s);
	teardown_design(&x);
}
END_TEST

/*
 * The chunks of gemm:64,32 (O = A B with A 4 x 32, B 32 x 64 at b_t = 4):
 * forward M 4, N 64, K 32; the data gradient dA = dO B^T: M 4, N 32, K 64;
 * the weight gradient dB = A^T dO: M 32, N 64, K 4; then the update,
 * 64 x 32 = 2048 weights in one piece.  Each GEMM is 4 x 64 x 32 = 8192
 * MACs.
 */
START_TEST(test_transposed_shapes)
{
	static const struct {
		enum dse_train_kind kind;
		double m, n, k;
	} want[] = {
		{ DSE_TRAIN_FORWARD, 4, 64, 32 },
		{ DSE_TRAIN_DGRAD, 4, 32, 64 },
		{ DSE_TRAIN_WGRAD, 32, 64, 4 },
	};
	struct fixture x;
	struct dse_train_step s;
	struct dse_error err;
	size_t i;

	setup_design(&x, "n7", "gemm:64,32", "bf16", 4, 75);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_OK);
	ck_assert_uint_eq(s.nchunks, 4);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(s.chunk[i].kind, want[i].kind);
		ck_assert_double_eq(s.chunk[i].m, want[i].m);
		ck_assert_double_eq(s.chunk[i].n, want[i].n);
		ck_assert_double_eq(s.chunk[i].k, want[i].k);
		ck_assert_double_eq(s.chunk[i].macs, 8192);
	}
	ck_assert_int_eq(s.chunk[3].kind, DSE_TRAIN_UPDATE);
	ck_assert_double_eq(s.weights, 2048);
	dse_train_step_free(&s);
	teardown_design(&x);
}
END_TEST

/*
 * DRAM of one step by hand: gemm:1024,1024 in bf16 (W = 2^20 weights, 16
 * bits: 2 MB), SRAM 3 MB, one array (G = 1), b_t = 4.  The served weights
 * take 2 MB; the 1 MB left caches half the trained weights; nothing is
 * left for the stash, 4 x 1024 activations x 16 bits = 65,536 bits.
 *   forward: 0.5 x 2^20 x 16 = 8,388,608 bits of weights + 65,536 stash
 *   dgrad:   8,388,608 bits of weights
 *   wgrad:   65,536 bits of stash
 *   update:  2^20 x (128 master and momentum + 0.5 x 16 new weights) =
 *            142,606,336 bits
 * 159,514,624 bits = 19,939,328 bytes; DRAM energy at n7's pJ/bit.
 */
START_TEST(test_dram_by_hand)
{
	struct fixture x;
	struct dse_train_step s;
	struct dse_error err;

	setup_design(&x, "n7", "gemm:1024,1024", "bf16", 4, 3);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_OK);
	ck_assert_double_eq_tol(s.weights_dram_share, 0.5, 1e-12);
	ck_assert_double_eq_tol(s.stash_dram_share, 1.0, 1e-12);
	ck_assert_double_eq_tol(s.chunk[0].dram_bits, 8388608 + 65536, 1e-6);
	ck_assert_double_eq_tol(s.chunk[1].dram_bits, 8388608, 1e-6);
	ck_assert_double_eq_tol(s.chunk[2].dram_bits, 65536, 1e-6);
	ck_assert_double_eq_tol(s.chunk[3].dram_bits, 142606336, 1e-6);
	ck_assert_double_eq_tol(s.dram_bits / 8, 19939328, 1e-6);
	ck_assert_double_eq_tol(s.dram_energy_uj,
				s.dram_bits * x.tech->dram_pj_per_bit * 1e-6, 1e-9);
	/* the update moves 17.8 MB at 614 GB/s: about 29 us, DRAM-bound */
	ck_assert_int_eq(s.chunk[3].bound, DSE_BOUND_DRAM);
	ck_assert_double_eq_tol(s.chunk[3].time_us,
				142606336 / 8.0 / (x.tech->dram_bandwidth_gbps * 1e3),
				1e-9);
	dse_train_step_free(&s);
	teardown_design(&x);
}
END_TEST

/*
 * The update comes in pieces of at most 2^20 weights: lstm's 4 x 2048 x
 * 4096 = 33,554,432 weights in 32 chunks of 2^20.
 */
START_TEST(test_update_pieces)
{
	struct fixture x;
	struct dse_train_step s;
	struct dse_error err;
	size_t i, n = 0;
	double total = 0;

	setup_design(&x, "n7", "lstm", "hbfp8", 16, 75);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_OK);
	for (i = 0; i < s.nchunks; i++)
		if (s.chunk[i].kind == DSE_TRAIN_UPDATE) {
			n++;
			total += s.chunk[i].dram_bits;
		}
	ck_assert_uint_eq(n, 32);
	/* the trained weights fit the SRAM the served ones leave: the update
	   moves only the master and momentum, 16 bytes a weight */
	ck_assert_double_eq_tol(total / 8, 33554432.0 * 16, 1e-3);
	ck_assert_int_eq(s.chunk[s.nchunks - 1].kind, DSE_TRAIN_UPDATE);
	dse_train_step_free(&s);
	teardown_design(&x);
}
END_TEST

/* What cannot train: int8, a technology without DRAM, a DRAM too small. */
START_TEST(test_refusals)
{
	struct fixture x;
	struct dse_train_step s;
	struct dse_workload *big;
	struct dse_error err;

	setup_design(&x, "n7", "gemm:64,32", "int8", 4, 75);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "int8"));
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	/* 2^31 weights x (16 + 64) bits = 21.5 GB > n7's 8 GB HBM */
	ck_assert_int_eq(dse_workload_get("mlp:65536,32768", &big, &err), DSE_OK);
	x.p.design.format = &x.fmt;
	ck_assert_int_eq(dse_format_parse("bf16", &x.fmt, &err), DSE_OK);
	ck_assert_int_eq(dse_model_eval(&x.model, &x.p.design, &x.p.result, &err),
			 DSE_OK);
	ck_assert_int_eq(dse_model_train(&x.model, big, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_EINFEASIBLE);
	ck_assert_ptr_nonnull(strstr(err.msg, "DRAM"));
	dse_workload_free(big);
	teardown_design(&x);
	setup_design(&x, "toy", "gemm:64,32", "bf16", 4, 75);
	ck_assert_int_eq(dse_model_train(&x.model, NULL, &x.p.design, &x.p.result,
					 0, &s, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "no DRAM"));
	teardown_design(&x);
}
END_TEST

Suite *suite_train(void)
{
	Suite *s = suite_create("train");
	TCase *tc = tcase_create("steps");

	tcase_add_loop_test(tc, test_three_times_forward, 0, 3);
	tcase_add_test(tc, test_transposed_shapes);
	tcase_add_test(tc, test_dram_by_hand);
	tcase_add_test(tc, test_update_pieces);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return s;
}
