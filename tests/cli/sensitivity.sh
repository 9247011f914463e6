#!/bin/sh
# sensitivity.sh - dse sensitivity (its files, summary, thread independence,
# errors) and what it rests on: --set and "base" technologies reproduce a
# hand-written full file in dse explore.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# A small study: 16 rows x 2 cols x 2 k-splits x 2 formats x 16 frequencies.
TINY="--rows 1:16 --cols 64,128 --k-split 1:2 --freq-ghz dvfs:0.05 --bounds 200,400,1000"

# ---- a run: two files, the bounds table with bands, the tornado ----
fresh basic
# shellcheck disable=SC2086
run sensitivity -q $TINY --samples 5 -o OUT
expect_status 0
expect_no_stderr
files_are OUT sensitivity.csv sensitivity.json
files_are . OUT
stdout_has "Best throughput under a latency bound (TOp/s): median [5 %, 95 %] of 5 samples"
stdout_has "hbfp8_576/bf16"
stdout_has "Tornado of ratio:hbfp8_576/bf16@200"
stdout_has "sram_read_pj_per_bit"
# n7 declares 17 uncertain parameters; 3 bounds x (2 tops + 1 ratio) = 9
# figures; rows: header, the values, 5 samples, 2 ends of each parameter
py_check OUT/sensitivity.json 'len(d["parameters"]) == 17' \
	'len(d["figures"]) == 9' 'len(d["samples"]) == 5' \
	'd["method"]["samples"] == 5' 'd["method"]["seed"] == "1"' \
	'd["tornado"]["figure"] == "ratio:hbfp8_576/bf16@200"' \
	'len(d["tornado"]["bars"]) == 17' \
	'all(a["swing"] >= b["swing"] for a, b in zip(d["tornado"]["bars"], d["tornado"]["bars"][1:]) if a["swing"] is not None and b["swing"] is not None)' \
	'd["technology"]["parameters"]["sram_read_pj_per_bit"]["range"] == [0.03, 0.22]' \
	'len(d["frontier_band"]["latency_us"]) == 48' \
	'all(len(d["frontier_band"]["formats"][k]["median"]) == 48 for k in ("hbfp8_576", "bf16"))'
[ "$(wc -l <OUT/sensitivity.csv)" -eq $((1 + 1 + 5 + 2 * 17)) ] ||
	fail "$desc: sensitivity.csv has $(wc -l <OUT/sensitivity.csv) lines, want 41"
head -n 1 OUT/sensitivity.csv | grep -E '^run,sample,parameter,v_nom_v,.*,tops:hbfp8_576@200,tops:bf16@200,ratio:hbfp8_576/bf16@200,' >/dev/null ||
	fail "$desc: sensitivity.csv header"
# the CSV's samples are the JSON's (cJSON prints 15 digits when they
# read back within its tolerance; the CSV has every digit)
if have_python; then
	python3 - OUT/sensitivity.json OUT/sensitivity.csv <<'PY' || fail "$desc: CSV and JSON disagree"
import csv, json, sys
d = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["run"] == "sample"]
assert len(rows) == len(d["samples"])
for r, s in zip(rows, d["samples"]):
    for k, v in s["parameters"].items():
        assert abs(float(r[k]) - v) <= 1e-14 * abs(v), (k, r[k], v)
    for k, v in s["figures"].items():
        assert (r[k] in ("", "inf") and v is None) or \
            abs(float(r[k]) - v) <= 1e-14 * abs(v), (k, r[k], v)
PY
fi

# ---- --json: the document on stdout ----
# shellcheck disable=SC2086
run sensitivity -q $TINY --samples 3 --json -o J
expect_status 0
cmp -s "$work/out" J/sensitivity.json ||
	fail "$desc: stdout is not the document written to sensitivity.json"

# ---- the same results whatever the thread count ----
# 301 frequencies: 13 tuples a chunk, 10 chunks for the threads to share
# shellcheck disable=SC2086
run sensitivity -q $TINY --freq-ghz 0.6:1.2:0.002 --samples 4 --threads 1 -o T1
expect_status 0
# shellcheck disable=SC2086
run sensitivity -q $TINY --freq-ghz 0.6:1.2:0.002 --samples 4 --threads 3 -o T3
expect_status 0
cmp -s T1/sensitivity.csv T3/sensitivity.csv ||
	fail "sensitivity.csv differs between --threads 1 and --threads 3"
py_check T3/sensitivity.json 'd["threads"] == 3'
if have_python; then
	python3 - T1/sensitivity.json T3/sensitivity.json <<'PY' || fail "sensitivity.json differs between --threads 1 and 3 (beyond time, threads, command line)"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b):
    for k in ("wall_time_s", "threads", "command_line"):
        d.pop(k)
assert a == b
PY
fi

# ---- a tornado of another figure; the ratios over another baseline ----
# shellcheck disable=SC2086
run sensitivity -q $TINY --samples 3 --tornado tops:bf16@1000 --baseline hbfp8 -o B
expect_status 0
stdout_has "Tornado of tops:bf16@1000"
stdout_has "bf16/hbfp8_576"
py_check B/sensitivity.json '[f["name"] for f in d["figures"]][2] == "ratio:bf16/hbfp8_576@200"'

# ---- the figures: three scripts, rendered where gnuplot is ----
# shellcheck disable=SC2086
run sensitivity -q $TINY --samples 6 -o P
expect_status 0
run plot --scripts-only P
expect_status 0
expect_no_stderr
files_are P plot-band.dat plot-band.gp plot-ratios.dat plot-ratios.gp \
	plot-tornado.dat plot-tornado.gp sensitivity.csv sensitivity.json
grep -F "'sram_read_pj_per_bit" P/plot-tornado.gp >/dev/null ||
	fail "plot-tornado.gp names no sram_read_pj_per_bit"
grep -F "'ratio hbfp8_576/bf16 at 200 µs'" P/plot-tornado.gp >/dev/null ||
	fail "plot-tornado.gp's axis is not the tornado's figure"
# six samples at three bounds: 18 jittered dots
[ "$(sed -n '/^# index 1: samples/,/^$/p' P/plot-ratios.dat | grep -c '^[0-9]')" -eq 18 ] ||
	fail "plot-ratios.dat does not hold the 18 samples' ratios"
if command -v gnuplot >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	run sensitivity -q $TINY --samples 6 --plot -o R
	expect_status 0
	for fig in band tornado ratios; do
		[ -s "R/plot-$fig.png" ] || fail "$desc: no R/plot-$fig.png"
	done
fi

# ---- the tail capacity joins the figures with SLOs ----
# shellcheck disable=SC2086
run sensitivity -q $TINY --rows 1:4 --freq-ghz dvfs:0.2 --samples 2 --slo-us 1000 --tail-requests 2000 -o S
expect_status 0
stdout_has "Highest tail capacity under an SLO"
py_check S/sensitivity.json '[f["name"] for f in d["figures"]][-2:] == ["tail:hbfp8_576@1000", "tail:bf16@1000"]'

# ---- --set and "base" reproduce a hand-written full file ----
# tech_full_int8.json: n7 written out with mul_int8_pj 0.1
fresh set
# shellcheck disable=SC2086
run explore -q $TINY --tech "$INPUTS/tech_full_int8.json" -o FULL
expect_status 0
# shellcheck disable=SC2086
run explore -q $TINY --set mul_int8_pj=0.1 -o SET
expect_status 0
# shellcheck disable=SC2086
run explore -q $TINY --tech "$INPUTS/tech_base_int8.json" -o BASE
expect_status 0
cmp -s FULL/frontier.csv SET/frontier.csv ||
	fail "--set mul_int8_pj=0.1: frontier.csv differs from the full file's"
cmp -s FULL/frontier.csv BASE/frontier.csv ||
	fail "base n7 with mul_int8_pj 0.1: frontier.csv differs from the full file's"
py_check SET/frontier.json \
	'd["technology"]["parameters"]["mul_int8_pj"] == {"value": 0.1, "source": "command line", "origin": "command line"}' \
	'd["technology"]["parameters"]["v_th_v"]["origin"] == "file"'
py_check BASE/frontier.json \
	'd["technology"]["parameters"]["mul_int8_pj"]["origin"] == "file"' \
	'd["technology"]["parameters"]["v_th_v"]["origin"].endswith("tech/n7.json")' \
	'd["technology"]["parameters"]["mux_pj_per_bit"]["origin"] == "derived"'
# and the value matters: n7's own frontier differs
# shellcheck disable=SC2086
run explore -q $TINY -o N7
expect_status 0
cmp -s FULL/frontier.csv N7/frontier.csv &&
	fail "--set mul_int8_pj=0.1 made no difference to the frontier"

# ---- errors: exit code, one line on stderr, no folder, no file ----
nerr=0
check_error() {
	code=$1
	name=$2
	shift 2
	nerr=$((nerr + 1))
	fresh "err$nerr"
	run sensitivity -q --rows 1:4 --cols 64 --k-split 1 --freq-ghz dvfs:0.2 "$@" -o OUT
	expect_status "$code"
	expect_no_stdout
	stderr_one_line
	stderr_has "$name"
	files_are .
}

check_error 2 "unknown technology parameter 'nosuch'" --set nosuch=1
check_error 2 "v_min_v" --set v_min_v=9
check_error 2 "KEY=VALUE" --set v_min_v
check_error 2 "--set" --set v_min_v=0.9   # above v_nom 0.75
check_error 2 "--samples" --samples 0
check_error 2 "--samples" --samples 1e3
check_error 2 "--tornado 'tops:fp32@50'" --tornado tops:fp32@50
check_error 2 "--baseline" --baseline int8
check_error 2 "--frobnicate" --frobnicate
check_error 2 "--all-points" --all-points
check_error 2 "--train: belongs to the tail pass" --train
check_error 2 "--size: sets the figures' page" --size 3,2
check_error 3 "cycle" --tech "$INPUTS/tech_cycle_a.json"
check_error 3 "above hi" --tech "$INPUTS/tech_range_lo_above_hi.json"
check_error 3 "cauchy" --tech "$INPUTS/tech_range_unknown_dist.json"
check_error 3 "no parameter declares" --tech toy
check_error 3 "v_th_v" --tech "$INPUTS/tech_sens_overlap.json"
# --set fixes a parameter: with every uncertain one set, nothing is left
check_error 3 "no parameter declares" --tech "$INPUTS/tech_sens_zero.json" \
	--set v_nom_v=0.75 --set v_th_v=0.3 --set alpha=1.3 --set v_min_v=0.5 \
	--set v_max_v=0.95 --set exp_add_pj=0.01 --set exp_add_um2=3.5 \
	--set pe_area_overhead=2 --set pe_leak_fraction=0.1 \
	--set pe_idle_fraction=0.1 --set sram_read_pj_per_bit=0.22 \
	--set sram_write_pj_per_bit=0.24 --set sram_leak_w_per_mb=0.01 \
	--set fixed_area_mm2=20 --set fixed_power_w=5 \
	--set array_fixed_area_mm2=0.01 --set vector_lanes=2048
check_error 4 "budget" --power-w 5

# ---- a sensitivity.json reruns the run: study, samples, seed, tornado ----
fresh rerun
# shellcheck disable=SC2086
run sensitivity -q $TINY --samples 5 --seed 7 --tornado "tops:bf16@400" -o FIRST
expect_status 0
run sensitivity -q --study FIRST/sensitivity.json -o AGAIN
expect_status 0
cmp -s FIRST/sensitivity.csv AGAIN/sensitivity.csv ||
	fail "$desc: sensitivity.csv differs from the run it reran"
py_check AGAIN/sensitivity.json 'd["method"]["samples"] == 5' \
	'd["method"]["seed"] == "7"' 'd["tornado"]["figure"] == "tops:bf16@400"' \
	'd["frontier_band"]["unit"] == "TOp/s"'
cd "$work" || exit 1

# ---- help ----
run sensitivity --help
expect_status 0
expect_no_stderr
for flag in --samples --seed --set --tornado --baseline --output --json \
	--quiet --rows --formats --slo-us --threads --study; do
	stdout_has "$flag"
done

finish
