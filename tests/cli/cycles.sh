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

# ---- --topology: every layer of a SCALE-Sim topology ----
# tests/data/topo_conv.csv and topo_gemm.csv were run through SCALE-Sim v2
# (github.com/scalesim-project/scale-sim-v2, commit 22f88b1) on an 8 x 4
# array; its COMPUTE_REPORT.csv gives per layer (the depthwise DPc3 split
# into its 3 channels, 37 / 67 / 159 cycles each):
#   conv  os: 735 223 3x37   ws: 819 257 3x67   is: 2079 482 3x159
#   gemm  os: 206 119        ws: 227 199        is: 269 95
# dse prints each GEMM's count, SCALE-Sim's + 1: os conv 736 224 114, total
# 1074.  By hand, c1 on os: M 64 -> 8 row folds, N 8 -> 2 column folds,
# 16 folds of 36 + 8 + 4 - 2 = 46 cycles = 736.
while read -r df file c0 c1 c2 total; do
	run cycles --topology "$INPUTS/$file" --rows 8 --cols 4 --dataflow "$df" --json
	expect_status 0
	expect_no_stderr
	if have_python; then
		python3 - "$work/out" "$total" "$c0" "$c1" "$c2" <<'PY' || fail "$desc: cycles differ"
import json, sys
d = json.load(open(sys.argv[1]))
want = [float(x) for x in sys.argv[3:] if x != "-"]
got = [l["cycles"] for l in d["layers"]]
if got != want or d["cycles"] != float(sys.argv[2]):
    sys.stderr.write("layers %s total %s, want %s %s\n" % (got, d["cycles"], want, sys.argv[2]))
    sys.exit(1)
PY
	fi
done <<'TABLE'
os topo_conv.csv 736 224 114 1074
ws topo_conv.csv 820 258 204 1282
is topo_conv.csv 2080 483 480 3043
os topo_gemm.csv 207 120 - 327
ws topo_gemm.csv 228 200 - 428
is topo_gemm.csv 270 96 - 366
TABLE
run cycles --topology "$INPUTS/topo_conv.csv" --rows 8 --cols 4
expect_status 0
stdout_matches '^ +0 c1 +64 +8 +36 +1 +16 +736 '
stdout_matches '^ +total +1074 '

# overlapped folds are an option, not SCALE-Sim: c1 on os, T = K = 36 > R:
# 15 * 36 + 36 + 8 + 4 - 2 = 586
run cycles --topology "$INPUTS/topo_conv.csv" --rows 8 --cols 4 --fold-overlap on --json
expect_status 0
if have_python; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["layers"][0]["cycles"] != 586)' "$work/out" ||
		fail "$desc: c1 does not take 586 overlapped cycles"
fi

# ---- malformed topologies: one line, exit 3, nothing on stdout ----
for case in topo_missing_column.csv:'7 columns' topo_zero.csv:'column 3' \
	topo_negative.csv:'-4' topo_filter_large.csv:larger \
	topo_non_numeric.csv:'not a number' topo_overflow.csv:MACs \
	topo_bad_header.csv:header topo_no_layers.csv:'no layer'; do
	file=$INPUTS/${case%%:*}
	run cycles --topology "$file" --rows 8 --cols 4
	expect_status 3
	expect_no_stdout
	stderr_one_line
	stderr_has "${case#*:}"
	stderr_has "$file"
done
# a topology as a workload gives the same errors
run eval --workload "$INPUTS/topo_zero.csv"
expect_status 3
stderr_one_line
# --topology takes no --m
run cycles --topology "$INPUTS/topo_conv.csv" --rows 8 --cols 4 --m 3
expect_status 2
stderr_one_line

finish
