#!/bin/sh
# eval.sh - `dse eval`: the default design, --json, the toy rows of MODEL.md 9.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# ---- defaults: n7, lstm, hbfp8, os, 16 x 128, 1 GHz ----
run eval
expect_status 0
expect_no_stderr
stdout_matches '^design +hbfp8_576, os, 16 x 128 arrays, k-split 1, 1 GHz'
stdout_matches '^setting +technology n7, workload lstm, budget 300 mm2, 75 W, 75 MB SRAM$'
stdout_matches '^verdict +feasible$'
stdout_matches '^sizing$'
stdout_matches '^performance '
stdout_matches '^area '
stdout_matches '^peak power '
stdout_matches '^energy per batch$'
# power binds: 69.25 W / 0.7235909 W per array = 95.7 arrays; g_N =
# min(ceil(8192/128), 95) = 64, G = 1: 64 arrays (tests/test_eval.c)
stdout_matches '^  arrays built +64 *$'
stdout_matches '^  binding constraint +power '
# 15 * ((4096 + 16 + 128 - 2) + ceil(5 * 2048 * 16 / 2048)) = 15 * 4318
stdout_matches '^  cycles +64770 *$'
stdout_matches '^  latency +64\.77 us$'

# ---- --json ----
run eval --json
expect_status 0
expect_no_stderr
if have_python; then
	json_parses_with_keys latency_us throughput_tops power_w area_mm2 \
		energy_per_item_uj arrays voltage_v feasible binding
else
	echo "$0: python3 missing: JSON syntax not checked"
fi
for key in latency_us throughput_tops power_w area_mm2 energy_per_item_uj \
	arrays voltage_v feasible binding; do
	[ -n "$(json_value "$key")" ] || fail "$desc: no key \"$key\""
done
json_text_is feasible true
json_text_is binding '"power"'
json_number_is arrays 64
json_number_is cycles 64770
# 64770 cycles at 1 GHz
json_number_is latency_us 64.77 1e-9
# V(1 GHz) = V_nom = 0.75 V
json_number_is voltage_v 0.75 1e-9
# 1 group * 16 items * 2 * 15 * 8192 * 4096 ops / 64.77 us = 248.666 TOp/s
json_number_is throughput_tops 248.666472 1e-5
# 64 * 0.7235909 + 75 * 0.01 + 5 = 52.059815 W
json_number_is power_w 52.059815 1e-6

# ---- toy rows (MODEL.md 9), n = 1024, one array ----
# 1 x n: n MACs + 10 (1 + n) SRAM words per cycle = 11n + 10 = 11274 pJ per
# cycle at 1 GHz = 11.274 W; n^2 MACs in n cycles: 2n ops/cycle = 2.048 TOp/s
run eval --tech toy --rows 1 --cols 1024 --arrays 1 --workload gemm:1024,1024 --json
expect_status 0
expect_no_stderr
stdout_has '"power_w":'
json_number_is power_w 11.274 1e-12
json_number_is throughput_tops 2.048 1e-12
json_number_is latency_us 1.024 1e-12
json_number_is avg_power_w 11.274 1e-12
json_number_is arrays 1

# 2 x n: 2n + 10 (2 + n) = 12n + 20 = 12308 pJ/cycle; twice the throughput,
# the same latency
run eval --tech toy --rows 2 --cols 1024 --arrays 1 --workload gemm:1024,1024 --json
expect_status 0
json_number_is power_w 12.308 1e-12
json_number_is throughput_tops 4.096 1e-12
json_number_is latency_us 1.024 1e-12

# 4 x n/2: 2n + 10 (4 + n/2) = 7n + 40 = 7208 pJ/cycle; twice the
# throughput, twice the latency (N = n takes 2 folds of n/2 columns)
run eval --tech toy --rows 4 --cols 512 --arrays 1 --workload gemm:1024,1024 --json
expect_status 0
json_number_is power_w 7.208 1e-12
json_number_is throughput_tops 4.096 1e-12
json_number_is latency_us 2.048 1e-12

# a technology given as a path is the same technology: n = 64, 11 * 64 + 10
# = 714 pJ/cycle
run eval --tech "$DSE_DATADIR/tech/toy.json" --rows 1 --cols 64 --arrays 1 \
	--workload gemm:64,64 --json
expect_status 0
json_number_is power_w 0.714 1e-12

# ---- DRAM, stages, architecture (MODEL.md 2.1, 5.1) ----
# tests/data/wl_dram.json on int8 ws 128 x 128, b = 1, 8 arrays, 1 MB SRAM
# (tests/test_eval.c dram_bound_stages): s0 in SRAM (sram bound), s1
# streamed and DRAM bound, s2 streamed but compute bound; 2 MB from DRAM
run eval --workload "$INPUTS/wl_dram.json" --format int8 --dataflow ws \
	--rows 128 --cols 128 --batch 1 --arrays 8 --sram-mb 1 --accumulators off
expect_status 0
expect_no_stderr
stdout_matches '^  s0 +1 .* 100% +sram$'
stdout_matches '^  s1 +1 .* 0% +dram$'
stdout_matches '^  s2 +1 .* 0% +compute$'
stdout_matches '^  DRAM read +2 MB per batch$'
stdout_matches '^  DRAM \(off chip\) '
stdout_has "outside the budget"
run eval --workload "$INPUTS/wl_dram.json" --format int8 --dataflow ws \
	--rows 128 --cols 128 --batch 1 --arrays 8 --sram-mb 1 --json
expect_status 0
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: stages"
import json, sys
d = json.load(open(sys.argv[1]))
b = [s["bound"] for s in d["stages"]]
assert b == ["sram", "dram", "compute"], b
assert abs(sum(s["time_us"] for s in d["stages"]) - d["latency_us"]) < 1e-9
assert d["dram_mb"] == 2 and d["fold_overlap"] is True
PY
fi
# --dram-in-budget: the 19.1568 W of DRAM join the peak power
run eval --workload "$INPUTS/wl_dram.json" --format int8 --dataflow ws \
	--rows 128 --cols 128 --batch 1 --sram-mb 1 --dram-in-budget
expect_status 0
stdout_matches '^  DRAM \(in budget\) +19\.16 W'
for flag in --fold-overlap --accumulators; do
	run eval "$flag" maybe
	expect_status 2
	stderr_one_line
	stderr_has "$flag"
done

# ---- a workload file ----
# tests/data/wl_good.json: 2 * (2 * 64 * 32 + 3 * 4 * 16 * 8) = 11264 MACs
# per item; os 16 x 64 holds b = 16 items per group: 16 * 11264 = 180224
run eval --workload "$INPUTS/wl_good.json" --rows 16 --cols 64 --arrays 1 --json
expect_status 0
expect_no_stderr
json_number_is items_per_batch 16
json_number_is macs_per_batch 180224

finish
