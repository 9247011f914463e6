/* test_gemm.c - one GEMM on one systolic array (MODEL.md section 2). */
#include <string.h>

#include <check.h>

#include "dse_model.h"
#include "suites.h"

/*
 * SCALE-Sim v2 compute-report cycles + 1.  Sr, Sc, T per dataflow:
 *   os: Sr = M, Sc = N, T = K; fold = T + R + C - 2
 *   ws: Sr = K, Sc = N, T = M; fold = T + 2R + C - 2
 *   is: Sr = K, Sc = M, T = N; fold = T + 2R + C - 2
 * cycles = ceil(Sr/R) * ceil(Sc/C) * fold.  Each row's comment does it.
 */
static const struct {
	enum dse_dataflow df;
	double r, c, m, n, k;
	double folds, cycles;
} table[] = {
	/* os: 1*1 folds * (4 + 4 + 4 - 2 = 10) = 10 */
	{ DSE_OS, 4, 4, 4, 4, 4, 1, 10 },
	/* os: ceil(64/32)*ceil(64/32) = 4 folds * (100 + 32 + 32 - 2 = 162) = 648 */
	{ DSE_OS, 32, 32, 64, 64, 100, 4, 648 },
	/* os: ceil(20/8)*ceil(8/8) = 3 * (16 + 8 + 8 - 2 = 30) = 90 */
	{ DSE_OS, 8, 8, 20, 8, 16, 3, 90 },
	/* os: ceil(8/8)*ceil(20/8) = 3 * 30 = 90 */
	{ DSE_OS, 8, 8, 8, 20, 16, 3, 90 },
	/* os: ceil(13/8)*ceil(10/4) = 2*3 = 6 * (3 + 8 + 4 - 2 = 13) = 78 */
	{ DSE_OS, 8, 4, 13, 10, 3, 6, 78 },
	/* os: 3*5 = 15 * (7 + 1 + 1 - 2 = 7) = 105 */
	{ DSE_OS, 1, 1, 3, 5, 7, 15, 105 },
	/* os: ceil(5/1)*ceil(20/8) = 5*3 = 15 * (6 + 1 + 8 - 2 = 13) = 195 */
	{ DSE_OS, 1, 8, 5, 20, 6, 15, 195 },
	/* ws: 1 * (4 + 8 + 4 - 2 = 14) = 14 */
	{ DSE_WS, 4, 4, 4, 4, 4, 1, 14 },
	/* ws: Sr=K=64, Sc=N=64: 2*2 = 4 * (100 + 64 + 32 - 2 = 194) = 776 */
	{ DSE_WS, 32, 32, 100, 64, 64, 4, 776 },
	/* ws: Sr=K=20 -> 3, Sc=N=8 -> 1: 3 * (16 + 16 + 8 - 2 = 38) = 114 */
	{ DSE_WS, 8, 8, 16, 8, 20, 3, 114 },
	/* ws: Sr=K=8 -> 1, Sc=N=20 -> 3: 3 * 38 = 114 */
	{ DSE_WS, 8, 8, 16, 20, 8, 3, 114 },
	/* ws: Sr=K=13 -> 2, Sc=N=10 -> 3: 6 * (3 + 16 + 4 - 2 = 21) = 126 */
	{ DSE_WS, 8, 4, 3, 10, 13, 6, 126 },
	/* ws: Sr=K=3, Sc=N=5: 15 * (7 + 2 + 1 - 2 = 8) = 120 */
	{ DSE_WS, 1, 1, 7, 5, 3, 15, 120 },
	/* ws: Sr=K=5 -> 5, Sc=N=20 -> 3: 15 * (6 + 2 + 8 - 2 = 14) = 210 */
	{ DSE_WS, 1, 8, 6, 20, 5, 15, 210 },
	/* is: 1 * (4 + 8 + 4 - 2 = 14) = 14 */
	{ DSE_IS, 4, 4, 4, 4, 4, 1, 14 },
	/* is: Sr=K=64 -> 2, Sc=M=64 -> 2, T=N=100: 4 * 194 = 776 */
	{ DSE_IS, 32, 32, 64, 100, 64, 4, 776 },
	/* is: Sr=K=20 -> 3, Sc=M=8 -> 1, T=N=16: 3 * 38 = 114 */
	{ DSE_IS, 8, 8, 8, 16, 20, 3, 114 },
	/* is: Sr=K=8 -> 1, Sc=M=20 -> 3, T=16: 3 * 38 = 114 */
	{ DSE_IS, 8, 8, 20, 16, 8, 3, 114 },
	/* is: Sr=K=13 -> 2, Sc=M=10 -> 3, T=N=3: 6 * 21 = 126 */
	{ DSE_IS, 8, 4, 10, 3, 13, 6, 126 },
	/* is: Sr=K=3, Sc=M=5, T=N=7: 15 * 8 = 120 */
	{ DSE_IS, 1, 1, 5, 7, 3, 15, 120 },
	/* is: Sr=K=5 -> 5, Sc=M=20 -> 3, T=N=6: 15 * 14 = 210 */
	{ DSE_IS, 1, 8, 20, 6, 5, 15, 210 },
	/* os: 1 * (2 + 2 + 2 - 2 = 4) = 4 */
	{ DSE_OS, 2, 2, 2, 2, 2, 1, 4 },
};

#define NTABLE ((int)(sizeof table / sizeof table[0]))

START_TEST(scalesim_table)
{
	struct dse_gemm_stats s;

	dse_gemm_eval(table[_i].df, table[_i].r, table[_i].c, table[_i].m,
		      table[_i].n, table[_i].k, 1, 0, &s);
	ck_assert_msg(s.cycles == table[_i].cycles,
		      "row %d (%s %g %g %g %g %g): %g cycles, want %g", _i,
		      dse_dataflow_name(table[_i].df), table[_i].r, table[_i].c,
		      table[_i].m, table[_i].n, table[_i].k, s.cycles,
		      table[_i].cycles);
	ck_assert_double_eq(s.folds, table[_i].folds);
	ck_assert_double_eq(s.folds * s.cycles_per_fold, s.cycles);
	/* MACs = M N K whatever the dataflow */
	ck_assert_double_eq(s.macs, table[_i].m * table[_i].n * table[_i].k);
}
END_TEST

START_TEST(no_fill_drain_is_folds_times_t)
{
	struct dse_gemm_stats s;
	/* T is K (os), M (ws) or N (is) */
	const double t = table[_i].df == DSE_OS ? table[_i].k :
			 table[_i].df == DSE_WS ? table[_i].m : table[_i].n;

	dse_gemm_eval(table[_i].df, table[_i].r, table[_i].c, table[_i].m,
		      table[_i].n, table[_i].k, 0, 0, &s);
	ck_assert_double_eq(s.cycles_per_fold, t);
	ck_assert_double_eq(s.cycles, table[_i].folds * t);
}
END_TEST

/* ---- partial folds, by hand ---- */

START_TEST(os_partial_folds)
{
	struct dse_gemm_stats s;

	/* os on 8 x 4, M = 13, N = 10, K = 3: Sr = 13 (R' = 8, 5),
	 * Sc = 10 (C' = 4, 4, 2), T = 3 */
	dse_gemm_eval(DSE_OS, 8, 4, 13, 10, 3, 1, 0, &s);
	ck_assert_double_eq(s.row_folds, 2);
	ck_assert_double_eq(s.col_folds, 3);
	ck_assert_double_eq(s.folds, 6);
	/* 3 + 8 + 4 - 2 = 13 per fold, 78 in all */
	ck_assert_double_eq(s.cycles_per_fold, 13);
	ck_assert_double_eq(s.cycles, 78);
	/* MACs 13 * 10 * 3 = 390; PE-cycles 8 * 4 * 78 = 2496 */
	ck_assert_double_eq(s.macs, 390);
	ck_assert_double_eq(s.pe_cycles, 2496);
	/* 390 / 2496 = 0.15625 */
	ck_assert_double_eq_tol(s.utilization, 0.15625, 1e-12);
	/* A: T R' per fold = 3 * (8 + 5) * 3 column folds = 117 */
	ck_assert_double_eq(s.a_reads, 117);
	/* B: T C' per fold = 3 * (4 + 4 + 2) * 2 row folds = 60 */
	ck_assert_double_eq(s.b_reads, 60);
	/* O written once: sum R' C' = 13 * 10 = 130; never read */
	ck_assert_double_eq(s.o_writes, 130);
	ck_assert_double_eq(s.o_reads, 0);
}
END_TEST

START_TEST(ws_partial_folds)
{
	struct dse_gemm_stats s;

	/* ws on 8 x 4, M = 3, N = 10, K = 13: Sr = K = 13 (R' = 8, 5),
	 * Sc = N = 10 (C' = 4, 4, 2), T = M = 3 */
	dse_gemm_eval(DSE_WS, 8, 4, 3, 10, 13, 1, 0, &s);
	ck_assert_double_eq(s.row_folds, 2);
	ck_assert_double_eq(s.col_folds, 3);
	/* 3 + 16 + 4 - 2 = 21 per fold, 6 folds: 126 */
	ck_assert_double_eq(s.cycles_per_fold, 21);
	ck_assert_double_eq(s.cycles, 126);
	/* 390 MACs on 8 * 4 * 126 = 4032 PE-cycles: 390/4032 = 0.0967262 */
	ck_assert_double_eq(s.pe_cycles, 4032);
	ck_assert_double_eq_tol(s.utilization, 0.0967262, 1e-7);
	/* B preload: sum R' C' = 13 * 10 = 130 */
	ck_assert_double_eq(s.b_reads, 130);
	/* A streamed: T R' = 3 * 13 per column fold, 3 column folds = 117 */
	ck_assert_double_eq(s.a_reads, 117);
	/* O written every fold: T C' = 3 * 10 per row fold, 2 row folds = 60 */
	ck_assert_double_eq(s.o_writes, 60);
	/* O read on the folds after the first along K: 1 row fold * 3 * 10 */
	ck_assert_double_eq(s.o_reads, 30);
}
END_TEST

START_TEST(is_partial_folds)
{
	struct dse_gemm_stats s;

	/* is on 8 x 4, M = 10, N = 3, K = 13: Sr = K = 13 (R' = 8, 5),
	 * Sc = M = 10 (C' = 4, 4, 2), T = N = 3 */
	dse_gemm_eval(DSE_IS, 8, 4, 10, 3, 13, 1, 0, &s);
	ck_assert_double_eq(s.folds, 6);
	ck_assert_double_eq(s.cycles, 126);
	/* A preload: R' C' summed = 13 * 10 = 130 */
	ck_assert_double_eq(s.a_reads, 130);
	/* B streamed: T R' = 3 * 13 * 3 column folds = 117 */
	ck_assert_double_eq(s.b_reads, 117);
	/* O: written T C' = 3 * 10 * 2 = 60, read after the first K fold 30 */
	ck_assert_double_eq(s.o_writes, 60);
	ck_assert_double_eq(s.o_reads, 30);
}
END_TEST

START_TEST(ws_three_k_folds)
{
	struct dse_gemm_stats s;

	/* ws on 4 x 4, M = 5, N = 6, K = 10: Sr = K = 10 (R' = 4, 4, 2),
	 * Sc = N = 6 (C' = 4, 2), T = M = 5.  Folds 3 * 2 = 6,
	 * 5 + 8 + 4 - 2 = 15 each: 90 cycles */
	dse_gemm_eval(DSE_WS, 4, 4, 5, 6, 10, 1, 0, &s);
	ck_assert_double_eq(s.cycles, 90);
	/* B: 10 * 6 = 60; A: 5 * 10 * 2 column folds = 100 */
	ck_assert_double_eq(s.b_reads, 60);
	ck_assert_double_eq(s.a_reads, 100);
	/* O written: 5 * 6 * 3 row folds = 90; read on the 2 later K folds:
	 * 5 * 6 * 2 = 60 */
	ck_assert_double_eq(s.o_writes, 90);
	ck_assert_double_eq(s.o_reads, 60);
	/* 300 MACs / (16 * 90 = 1440) = 0.2083333 */
	ck_assert_double_eq_tol(s.utilization, 300.0 / 1440.0, 1e-12);
}
END_TEST

START_TEST(full_array_full_utilization_without_fill)
{
	struct dse_gemm_stats s;

	/* os, 4 x 8, M = 8, N = 16, K = 5, no fill/drain: 2 * 2 = 4 folds of
	 * T = 5: 20 cycles; 8*16*5 = 640 MACs on 32 * 20 = 640 PE-cycles */
	dse_gemm_eval(DSE_OS, 4, 8, 8, 16, 5, 0, 0, &s);
	ck_assert_double_eq(s.cycles, 20);
	ck_assert_double_eq_tol(s.utilization, 1.0, 1e-12);
}
END_TEST

START_TEST(extra_cycles_per_fold)
{
	struct dse_gemm_stats s;

	/* K-split chain: s - 1 = 3 extra cycles on each of the 6 folds of the
	 * os 8 x 4 (13, 10, 3) case: 6 * (13 + 3) = 96 */
	dse_gemm_eval(DSE_OS, 8, 4, 13, 10, 3, 1, 3, &s);
	ck_assert_double_eq(s.cycles_per_fold, 16);
	ck_assert_double_eq(s.cycles, 96);
	/* without fill/drain: 6 * (3 + 3) = 36 */
	dse_gemm_eval(DSE_OS, 8, 4, 13, 10, 3, 0, 3, &s);
	ck_assert_double_eq(s.cycles, 36);
}
END_TEST

/* ---- overlapped folds and accumulator tiles (MODEL.md 2.1) ---- */

/*
 * Overlapped folds: a fold starts max(T, R) after the previous one (the
 * next stationary tile, or the previous R outputs of a column, takes R
 * cycles to shift), the first preload (ws, is: R) and the last fold's
 * fill and drain (T + R + C - 2) show once:
 *   cycles = (skew - 1) R + (F - 1) max(T, R) + T + R + C - 2.
 * Each row is worked out by hand on a cycle timeline.
 */
static const struct {
	enum dse_dataflow df;
	double r, c, m, n, k;
	double overlapped, scalesim;
} overlap_table[] = {
	/* ws 4 x 4, M 3 (T = 3), N 8, K 8: 2 x 2 = 4 folds.  Preload 0-3,
	 * fold 1 streams 4-6; the next tile needs 4 cycles to load, so folds
	 * start at 4, 8, 12, 16; the last streams 16-18 and drains 4 + 4 - 2
	 * = 6 more: 25.  SCALE-Sim: 4 * (3 + 8 + 4 - 2) = 52 */
	{ DSE_WS, 4, 4, 3, 8, 8, 25, 52 },
	/* os 2 x 2, M 4, N 2, K 5 (T = 5 > R): 2 folds start at 0 and 5, the
	 * last streams 5-9 and drains 2 + 2 - 2 = 2 more: 12.  SCALE-Sim:
	 * 2 * (5 + 2 + 2 - 2) = 14 */
	{ DSE_OS, 2, 2, 4, 2, 5, 12, 14 },
	/* is 3 x 2, M 4, N 6, K 3: Sr = K = 3 (1), Sc = M = 4 (2), T = N = 6.
	 * Preload 0-2, folds start at 3 and 9, the last streams 9-14 and
	 * drains 3 + 2 - 2 = 3 more: 18.  SCALE-Sim: 2 * (6 + 6 + 2 - 2) = 24 */
	{ DSE_IS, 3, 2, 4, 6, 3, 18, 24 },
	/* one fold: the same as SCALE-Sim, 4 + 8 + 4 - 2 = 14 */
	{ DSE_WS, 4, 4, 4, 4, 4, 14, 14 },
};

START_TEST(overlapped_folds)
{
	const struct dse_array_arch arch = { 1, 1, 0.0, 0.0 };
	struct dse_gemm_stats s;

	dse_gemm_eval_arch(overlap_table[_i].df, overlap_table[_i].r,
			   overlap_table[_i].c, overlap_table[_i].m,
			   overlap_table[_i].n, overlap_table[_i].k, &arch, &s);
	ck_assert_double_eq(s.cycles, overlap_table[_i].overlapped);
	dse_gemm_eval(overlap_table[_i].df, overlap_table[_i].r,
		      overlap_table[_i].c, overlap_table[_i].m,
		      overlap_table[_i].n, overlap_table[_i].k, 1, 0, &s);
	ck_assert_double_eq(s.cycles, overlap_table[_i].scalesim);
}
END_TEST

START_TEST(accumulator_tiles)
{
	struct dse_array_arch arch = { 1, 0, 4.0, 0.0 };
	struct dse_gemm_stats s;

	/* ws 4 x 4, M 10 (T = 10), N 4, K 4, accumulators 4 deep: T in tiles
	 * of 4, 4, 2: 3 folds.  In order: 10 + 3 * (8 + 4 - 2) = 40 */
	dse_gemm_eval_arch(DSE_WS, 4, 4, 10, 4, 4, &arch, &s);
	ck_assert_double_eq(s.t_tiles, 3);
	ck_assert_double_eq(s.folds, 3);
	ck_assert_double_eq(s.cycles, 40);
	/* the weights are preloaded once per tile: 3 * 16; A streams once,
	 * 10 * 4; partial sums 10 * 4 into the accumulators and 10 * 4 read
	 * out, 40 outputs into the SRAM, none read back */
	ck_assert_double_eq(s.b_reads, 48);
	ck_assert_double_eq(s.a_reads, 40);
	ck_assert_double_eq(s.acc_writes, 40);
	ck_assert_double_eq(s.acc_reads, 40);
	ck_assert_double_eq(s.o_writes, 40);
	ck_assert_double_eq(s.o_reads, 0);
	/* overlapped: preload 0-3, tiles start at 4, 8, 12, the last streams
	 * 12-13 and drains 6 more: 20 */
	arch.fold_overlap = 1;
	dse_gemm_eval_arch(DSE_WS, 4, 4, 10, 4, 4, &arch, &s);
	ck_assert_double_eq(s.cycles, 20);
	/* K 8 on 4 rows: 2 folds along K, partial sums read back on the
	 * second: 10 * 4 * 2 written, 10 * 4 * (2 - 1) + 10 * 4 read */
	arch.fold_overlap = 0;
	dse_gemm_eval_arch(DSE_WS, 4, 4, 10, 4, 8, &arch, &s);
	ck_assert_double_eq(s.acc_writes, 80);
	ck_assert_double_eq(s.acc_reads, 80);
	ck_assert_double_eq(s.o_writes, 40);
	/* os has no partial sums: the accumulators change nothing */
	dse_gemm_eval_arch(DSE_OS, 4, 4, 10, 4, 8, &arch, &s);
	ck_assert_double_eq(s.acc_writes, 0);
	ck_assert_double_eq(s.t_tiles, 1);
}
END_TEST

/* ---- dataflow table ---- */

START_TEST(dataflow_names)
{
	enum dse_dataflow df;
	struct dse_error err = { 0, "" };

	ck_assert_str_eq(dse_dataflow_name(DSE_OS), "os");
	ck_assert_str_eq(dse_dataflow_name(DSE_WS), "ws");
	ck_assert_str_eq(dse_dataflow_name(DSE_IS), "is");
	ck_assert_int_eq(dse_dataflow_parse("ws", &df, &err), DSE_OK);
	ck_assert_int_eq(df, DSE_WS);
	ck_assert_int_eq(dse_dataflow_parse("is", &df, &err), DSE_OK);
	ck_assert_int_eq(df, DSE_IS);
	ck_assert_int_eq(dse_dataflow_parse("zz", &df, &err), DSE_EINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "zz"));
	ck_assert_int_eq(dse_dataflow_parse("", &df, &err), DSE_EINPUT);
	ck_assert_int_eq(dse_dataflow_parse("OS", &df, &err), DSE_EINPUT);
	/* os holds one batch item per row (MODEL.md 3) */
	ck_assert_int_eq(dse_dataflow_batch_on_rows(DSE_OS), 1);
	ck_assert_int_eq(dse_dataflow_batch_on_rows(DSE_WS), 0);
	ck_assert_int_eq(dse_dataflow_batch_on_rows(DSE_IS), 0);
}
END_TEST

START_TEST(peak_words)
{
	double op, rd, wr;

	/* MODEL.md 5: os reads w weights and h activations per cycle */
	dse_dataflow_peak_words(DSE_OS, 16, 128, &op, &rd, &wr);
	ck_assert_double_eq(op, 16 + 128);
	ck_assert_double_eq(rd, 0);
	ck_assert_double_eq(wr, 0);
	/* ws/is: h streamed operands; w partial sums read and w written */
	dse_dataflow_peak_words(DSE_WS, 16, 128, &op, &rd, &wr);
	ck_assert_double_eq(op, 16);
	ck_assert_double_eq(rd, 128);
	ck_assert_double_eq(wr, 128);
	dse_dataflow_peak_words(DSE_IS, 32, 8, &op, &rd, &wr);
	ck_assert_double_eq(op, 32);
	ck_assert_double_eq(rd, 8);
	ck_assert_double_eq(wr, 8);
}
END_TEST

Suite *suite_gemm(void)
{
	Suite *s = suite_create("gemm");
	TCase *tc;

	tc = tcase_create("scalesim_cycles");
	tcase_add_loop_test(tc, scalesim_table, 0, NTABLE);
	tcase_add_loop_test(tc, no_fill_drain_is_folds_times_t, 0, NTABLE);
	tcase_add_test(tc, extra_cycles_per_fold);
	suite_add_tcase(s, tc);

	tc = tcase_create("traffic");
	tcase_add_test(tc, os_partial_folds);
	tcase_add_test(tc, ws_partial_folds);
	tcase_add_test(tc, is_partial_folds);
	tcase_add_test(tc, ws_three_k_folds);
	tcase_add_test(tc, full_array_full_utilization_without_fill);
	suite_add_tcase(s, tc);

	tc = tcase_create("dataflows");
	tcase_add_test(tc, dataflow_names);
	tcase_add_test(tc, peak_words);
	tcase_add_loop_test(tc, overlapped_folds, 0,
			    (int)(sizeof overlap_table / sizeof overlap_table[0]));
	tcase_add_test(tc, accumulator_tiles);
	suite_add_tcase(s, tc);
	return s;
}
