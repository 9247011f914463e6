#!/bin/sh
# errors.sh - bad input: the exit code (2 usage, 3 bad input data, 4
# infeasible), one line on stderr that starts with "dse" and names the
# flag, file or key, nothing on stdout.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# check_error CODE NAME ARGS...: run dse ARGS, expect exit CODE and a
# one-line message naming NAME.
check_error() {
	code=$1
	name=$2
	shift 2
	run "$@"
	expect_status "$code"
	expect_no_stdout
	stderr_one_line
	stderr_has "$name"
}

# ---- usage: 2 ----
check_error 2 --rows eval --rows 0
check_error 2 --rows eval --rows -3
check_error 2 --rows eval --rows abc
check_error 2 --rows eval --rows 99999999999999999999999
check_error 2 --cols eval --cols 1.5
check_error 2 --k-split eval --k-split 0
check_error 2 --freq-ghz eval --freq-ghz nan
check_error 2 --freq-ghz eval --freq-ghz inf
check_error 2 --freq-ghz eval --freq-ghz 0
check_error 2 --area-mm2 eval --area-mm2 -1
check_error 2 --area-mm2 eval --area-mm2 0
check_error 2 --power-w eval --power-w nan
check_error 2 --sram-mb eval --sram-mb 1x
check_error 2 --format eval --format hbfp0_0
stderr_has hbfp0_0
check_error 2 --format eval --format xyz
stderr_has xyz
check_error 2 --dataflow eval --dataflow zz
stderr_has zz
check_error 2 --tech eval --tech nosuch
stderr_has nosuch
check_error 2 --workload eval --workload gemm:0,4
stderr_has gemm:0,4
check_error 2 --workload eval --workload nosuch
check_error 2 --frobnicate eval --frobnicate
check_error 2 --rows eval --rows
check_error 2 stray eval stray
check_error 2 frobnicate frobnicate
check_error 2 --cols cycles --rows 8
check_error 2 --dataflow cycles --dataflow zz --rows 8 --cols 4 --m 3 --n 10 --k 13
check_error 2 --m cycles --rows 8 --cols 4 --m 0 --n 10 --k 13
check_error 2 --frobnicate cycles --frobnicate
# below 1 MHz a design would take longer than the age of the universe
check_error 2 --freq-ghz eval --freq-ghz 1e-305
# 2 arrays cannot hold one group of 4 K-slices: a flag combination
check_error 2 --arrays eval --k-split 4 --arrays 2

# ---- bad input files: 3, naming the file and the key ----
# a folder is not a workload file
check_error 3 "$INPUTS" eval --workload "$INPUTS/"
# a multiplier that costs nothing would make arrays free (infinite designs)
check_error 3 mul_bf16_pj eval --tech "$INPUTS/tech_zero_mul.json" --format bf16
for case in tech_negative.json:mul_int8_pj tech_unknown_param.json:e_mul9_pj \
	tech_zero_fnom.json:f_nom_ghz tech_inf.json:reg_pj_per_bit \
	tech_missing_key.json:alpha tech_vmin_above_vnom.json:v_min_v \
	tech_malformed.json:malformed tech_half_dram.json:dram_pj_per_bit \
	tech_acc_fraction.json:acc_depth; do
	file=$INPUTS/${case%%:*}
	check_error 3 "$file" eval --tech "$file"
	stderr_has "${case#*:}"
done
for case in wl_negative_k.json:'stages[0].k' wl_conv.json:'stages[0].n' \
	wl_missing_stages.json:stages wl_unknown_stage_key.json:strides \
	wl_fraction_n.json:'stages[0].n' wl_malformed.json:malformed; do
	file=$INPUTS/${case%%:*}
	check_error 3 "$file" eval --workload "$file"
	stderr_has "${case#*:}"
done

# ---- files that cannot be opened: 3 (bad input data) ----
check_error 3 "$INPUTS/no_such_tech.json" eval --tech "$INPUTS/no_such_tech.json"
check_error 3 "$INPUTS/no_such_workload.json" \
	eval --workload "$INPUTS/no_such_workload.json"

# ---- infeasible: 4 ----
# f(V_max) = (0.65/0.45)^1.3 * 0.75/0.95 = 1.2734 GHz < 5 GHz
check_error 4 --freq-ghz eval --freq-ghz 5
# lstm weights: 33554432 * 8.0174 bits = 32.07 MB > 1 MB, and a technology
# without DRAM has nowhere else to hold them
check_error 4 --sram-mb eval --sram-mb 1 --tech "$INPUTS/tech_no_dram.json"
stderr_has MB
# with n7's DRAM they stream from it: feasible
run eval --sram-mb 1
expect_status 0
# a DRAM of 0 GB holds none of the 32.07 MB either
check_error 4 dram_capacity_gb eval --sram-mb 1 --tech "$INPUTS/tech_dram_zero.json"
# ... but no DRAM is needed when the weights fit the SRAM
run eval --tech "$INPUTS/tech_dram_zero.json"
expect_status 0
# 75 MB * 0.45 mm2/MB + 20 mm2 = 53.75 mm2 > 40 mm2
check_error 4 area_mm2 eval --area-mm2 40
# 75 * 0.01 + 5 = 5.75 W > 5.5 W
check_error 4 power_w eval --power-w 5.5
# power allows 69.25 / 0.7236 = 95.7 arrays of 16 x 128
check_error 4 --arrays eval --arrays 96
# a 512 x 512 array draws 61.9 W: 1.1 arrays, a group of 2 K-slices needs 2
check_error 4 512 eval --rows 512 --cols 512 --k-split 2

# ---- strict numbers: no leading space, hexadecimal, inf, nan or garbage ----
check_error 2 --rows eval --rows ' 16'
check_error 2 --rows eval --rows '16 '
check_error 2 --rows eval --rows +16
check_error 2 --freq-ghz eval --freq-ghz 0x1p-2
check_error 2 --freq-ghz eval --freq-ghz ' 1'
check_error 2 --freq-ghz eval --freq-ghz infinity
check_error 2 --freq-ghz eval --freq-ghz 1e
check_error 2 --area-mm2 eval --area-mm2 0x10
check_error 2 --rows explore --rows ' 1:4'
check_error 2 --cols explore --cols '64:0x100:x2'
check_error 2 --freq-ghz explore --freq-ghz 'dvfs: 0.1'
check_error 2 --seed explore --seed ' 7'
check_error 2 'gemm:1, 2' eval --workload 'gemm:1, 2'
check_error 2 'mlp:8,0x10' eval --workload 'mlp:8,0x10'
check_error 2 extra --version extra
check_error 2 extra --help extra
check_error 2 nosuch help nosuch

# ---- a message stays on one line whatever the path or value holds ----
nl_path="$work/a
b.json"
check_error 3 'a\nb.json' eval --tech "$nl_path"
check_error 2 '\x1b' eval --format "$(printf 'hb\033fp')"
check_error 2 '\n' explore --rows "$(printf '1\n2')"

# ---- JSON is text: a NUL byte is refused, not the end of the file ----
printf '{"sample":5}\000garbage' >"$work/nul.json"
check_error 3 "$work/nul.json" explore -q --study "$work/nul.json" -o "$work/nul-out"
stderr_has NUL
[ ! -e "$work/nul-out" ] || fail "$desc: created $work/nul-out"

# ---- a technology whose DVFS range leaves 1 MHz..100 GHz is bad data ----
# f(v_max) = 90 GHz (5 - 0.3)^1.3 / 5 / ((0.75 - 0.3)^1.3 / 0.75) = 285 GHz
check_error 3 tech_dvfs_range.json explore -q --tech "$INPUTS/tech_dvfs_range.json" \
	--rows 1:2 --cols 64 -o "$work/dvfs-out"
stderr_has v_max_v
check_error 3 tech_dvfs_range.json eval --tech "$INPUTS/tech_dvfs_range.json"

# ---- design counts: refused before any work, never wrapped ----
# 16 formats x (ws + is) x 65536 rows x 65536 cols x 4096 k-splits x 32768
# batches = 1.8e19 designs, above 2^64 / 1 (and far above the 1e11 limit)
formats16=hbfp8,bf16,fp32,fp16,int8,hbfp4,hbfp5,hbfp6,hbfp7,hbfp9,hbfp10,hbfp11,hbfp12,hbfp13,hbfp14,hbfp15
check_error 2 1.845e+19 explore -q --formats $formats16 --dataflows ws,is \
	--rows 1:65536 --cols 1:65536 --k-split 1:4096 --batch 1:32768 \
	--freq-ghz 1 -o "$work/huge-out"
[ ! -e "$work/huge-out" ] || fail "$desc: created $work/huge-out"
# 2 formats x 1024 rows x 8 cols x 8 k-splits x 1024 batches x 1000
# frequencies = 2^37 x 1000 = 1.342e11 > 1e11
check_error 2 1.342e+11 explore -q --dataflows ws --rows 1:1024 \
	--cols 32:4096:x2 --k-split 1:8 --batch 1:1024 --freq-ghz 0.5:1.499:0.001 \
	-o "$work/big-out"

finish
