#!/bin/sh
# cycles.sh - `dse cycles`: one GEMM on one array (MODEL.md section 2).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# ws on 8 x 4, M = 3, N = 10, K = 13: Sr = K = 13 -> 2 folds, Sc = N = 10
# -> 3 folds, T = M = 3: 6 folds of 3 + 2*8 + 4 - 2 = 21 cycles = 126.
# Words: B preload 13 * 10 = 130, A 3 * 13 * 3 = 117, O written
# 3 * 10 * 2 = 60, O read 3 * 10 * 1 = 30.
run cycles --dataflow ws --rows 8 --cols 4 --m 3 --n 10 --k 13 --json
expect_status 0
expect_no_stderr
if have_python; then
	json_parses_with_keys cycles folds macs utilization a_reads_words \
		b_reads_words o_reads_words o_writes_words
fi
stdout_matches '"cycles":[[:space:]]*126,?$'
json_number_is cycles 126
json_number_is folds 6
json_number_is cycles_per_fold 21
json_number_is macs 390
json_number_is a_reads_words 117
json_number_is b_reads_words 130
json_number_is o_reads_words 30
json_number_is o_writes_words 60
# 390 / (32 * 126) = 0.0967262
json_number_is utilization 0.0967262 1e-7
json_text_is dataflow '"ws"'

run cycles --dataflow ws --rows 8 --cols 4 --m 3 --n 10 --k 13
expect_status 0
expect_no_stderr
stdout_is_golden cycles_ws_8x4_m3_n10_k13.txt

# os is the default dataflow: on 1 x 8, M = 5, N = 20, K = 6: 5 * 3 = 15
# folds of 6 + 1 + 8 - 2 = 13 = 195 cycles
run cycles --rows 1 --cols 8 --m 5 --n 20 --k 6
expect_status 0
expect_no_stderr
stdout_is_golden cycles_os_1x8_m5_n20_k6.txt

# SCALE-Sim v2 reported cycles + 1 (the table of tests/test_gemm.c, where
# each row is derived): dataflow R C M N K cycles
while read -r df r c m n k want; do
	run cycles --dataflow "$df" --rows "$r" --cols "$c" --m "$m" --n "$n" \
		--k "$k" --json
	expect_status 0
	json_number_is cycles "$want"
done <<'TABLE'
os 4 4 4 4 4 10
os 32 32 64 64 100 648
os 8 8 20 8 16 90
os 8 8 8 20 16 90
os 8 4 13 10 3 78
os 1 1 3 5 7 105
os 1 8 5 20 6 195
ws 4 4 4 4 4 14
ws 32 32 100 64 64 776
ws 8 8 16 8 20 114
ws 8 8 16 20 8 114
ws 8 4 3 10 13 126
ws 1 1 7 5 3 120
ws 1 8 6 20 5 210
is 4 4 4 4 4 14
is 32 32 64 100 64 776
is 8 8 8 16 20 114
is 8 8 20 16 8 114
is 8 4 10 3 13 126
is 1 1 5 7 3 120
is 1 8 20 6 5 210
os 2 2 2 2 2 4
TABLE

finish
