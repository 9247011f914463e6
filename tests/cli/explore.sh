#!/bin/sh
# explore.sh - `dse explore` (and `dse` alone): the files it writes, its
# summary, --json, --all-points, --study, thread independence and errors.
# Every run happens in its own empty folder under $work.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# The tiny study of these tests: 16 rows x 2 cols x 2 k-splits x 2 formats.
TINY="--rows 1:16 --cols 64,128 --k-split 1:2"

# ---- a tiny study: three files, nothing else, and the summary ----
fresh basic
# shellcheck disable=SC2086
run explore -q $TINY -o OUT
expect_status 0
expect_only_warnings
stdout_has "Best throughput under a latency bound"
stdout_has hbfp8_576
stdout_has bf16
files_are OUT frontier.csv frontier.json sample.csv
files_are . OUT
grep -F -e '"hbfp8_576"' OUT/frontier.json >/dev/null ||
	fail "$desc: frontier.json does not name hbfp8_576"
grep -F -e '"bf16"' OUT/frontier.json >/dev/null ||
	fail "$desc: frontier.json does not name bf16"
# the n7 DVFS range f(v_min) = 0.5227 to f(v_max) = 1.2734 GHz in 0.01 GHz
# steps is 76 values plus f(v_max) (test_explore.c: study_freqs_dvfs):
# 16 x 2 x 2 x 77 x 2 = 9856 designs
py_check OUT/frontier.json \
	'len(d["frontier"]["hbfp8_576"]) > 0' \
	'len(d["frontier"]["bf16"]) > 0' \
	'len(d["frontier"]["all"]) > 0' \
	'd["counts"]["total"] == 9856' \
	'd["pruning"]["evaluated"] + d["pruning"]["pruned"] == d["counts"]["feasible"]' \
	'd["counts"]["feasible"] + sum(d["counts"]["infeasible"].values()) == 9856' \
	'd["ranges"]["freq_ghz"]["count"] == 77' \
	'all(p["format"] == "hbfp8_576" and p["feasible"] for p in d["frontier"]["hbfp8_576"])' \
	'all(p["format"] == "bf16" and p["feasible"] for p in d["frontier"]["bf16"])' \
	'all(a["latency_us"] < b["latency_us"] and a["throughput_tops"] < b["throughput_tops"] for f in ("hbfp8_576", "bf16", "all") for a, b in zip(d["frontier"][f], d["frontier"][f][1:]))' \
	'd["command_line"][-10:] == ["explore", "-q", "--rows", "1:16", "--cols", "64,128", "--k-split", "1:2", "-o", "OUT"]'
head -n 1 OUT/frontier.csv >"$work/header"
diff "$GOLDEN/frontier-header.csv" "$work/header" >/dev/null ||
	fail "$desc: frontier.csv header differs from golden/frontier-header.csv"
if have_python; then
	# one frontier.csv line per member of each frontier and of "all"
	n=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(1 + sum(len(v) for v in d["frontier"].values()))' OUT/frontier.json)
	lines_are OUT/frontier.csv "$n"
fi
# the sample: at most 20000 (the default) designs plus the header
[ "$(wc -l <OUT/sample.csv)" -gt 1 ] || fail "$desc: sample.csv is empty"
head -n 1 OUT/sample.csv | grep -E '^format,dataflow,rows,cols,' >/dev/null ||
	fail "$desc: sample.csv has no header"

# ---- --json: the frontier.json document on stdout ----
fresh json
# shellcheck disable=SC2086
run explore -q $TINY --json -o OUT
expect_status 0
expect_only_warnings
files_are OUT frontier.csv frontier.json sample.csv
if have_python; then
	json_parses_with_keys frontier counts study ranges bounds canonical \
		technology workload budget command_line
fi
cmp -s "$work/out" OUT/frontier.json ||
	fail "$desc: stdout is not the document written to frontier.json"

# ---- --all-points: every design, once, in two files ----
# 16 x 2 x 2 x 7 frequencies (0.6 .. 1.2) x 2 formats = 896 designs
fresh all
# shellcheck disable=SC2086
run explore -q $TINY --freq-ghz 0.6:1.2:0.1 --all-points -o OUT
expect_status 0
expect_only_warnings
files_are OUT frontier.csv frontier.json points.csv points.jsonl points.npy sample.csv
py_check OUT/frontier.json 'd["counts"]["total"] == 896'
lines_are OUT/points.jsonl 896
lines_are OUT/points.csv 897
sed 's/^frontier,//' "$GOLDEN/frontier-header.csv" >"$work/points-header"
head -n 1 OUT/points.csv | cmp -s - "$work/points-header" ||
	fail "$desc: points.csv header is not the field table's"
if have_python; then
	python3 - OUT/points.jsonl <<'PY' || fail "$desc: points.jsonl is not 896 distinct designs in order"
import json, sys
fmt = {"hbfp8_576": 0, "bf16": 1}
keys = []
with open(sys.argv[1]) as fh:
    for line in fh:
        p = json.loads(line)
        keys.append((fmt[p["format"]], p["rows"], p["cols"], p["k_split"],
                     p["freq_ghz"]))
assert len(keys) == 896, len(keys)
assert all(a < b for a, b in zip(keys, keys[1:])), "out of order"
PY
fi

# ---- results do not depend on the number of threads ----
# 128 tuples in chunks of 4096 / 77 = 53: three chunks to share
fresh threads
# shellcheck disable=SC2086
run explore -q $TINY --threads 1 -o T1
expect_status 0
# shellcheck disable=SC2086
run explore -q $TINY --threads 2 -o T2
expect_status 0
py_check T1/frontier.json 'd["threads"] == 1'
py_check T2/frontier.json 'd["threads"] == 2'
cmp -s T1/frontier.csv T2/frontier.csv ||
	fail "frontier.csv differs between --threads 1 and --threads 2"
cmp -s T1/sample.csv T2/sample.csv ||
	fail "sample.csv differs between --threads 1 and --threads 2"

# ---- --study, and flags over it ----
# study-small.json: 8 rows x 2 cols x 2 k-splits x 7 frequencies x 2
# formats = 448 designs, 70 W
fresh study
run explore -q --study "$INPUTS/study-small.json" -o OUT
expect_status 0
expect_only_warnings
py_check OUT/frontier.json 'd["counts"]["total"] == 448' \
	'd["budget"]["power_w"] == 70' 'd["study"]["rows"] == "1:8"' \
	'd["study"]["bounds_us"] == [50, 100]' 'd["study"]["seed"] == "7"' \
	'len(d["frontier"]["hbfp8_576"]) > 0' 'len(d["frontier"]["bf16"]) > 0'
lines_are OUT/sample.csv 51
# a flag wins over the file, before or after --study: 4 rows, 224 designs
run explore -q --study "$INPUTS/study-small.json" --rows 1:4 --power-w 60 -o O2
expect_status 0
py_check O2/frontier.json 'd["counts"]["total"] == 224' \
	'd["ranges"]["rows"]["spec"] == "1:4"' 'd["budget"]["power_w"] == 60'
run explore -q --rows 1:4 --study "$INPUTS/study-small.json" -o O3
expect_status 0
py_check O3/frontier.json 'd["counts"]["total"] == 224'

# ---- errors: exit code, one line on stderr, no folder, no file ----
# check_error CODE NAME ARGS...: in an empty folder, dse ARGS -o OUT exits
# CODE with one stderr line naming NAME and leaves the folder empty.
nerr=0
check_error() {
	code=$1
	name=$2
	shift 2
	nerr=$((nerr + 1))
	fresh "err$nerr"
	run explore -q "$@" -o OUT
	expect_status "$code"
	expect_no_stdout
	stderr_one_line
	stderr_has "$name"
	files_are . # nothing: no OUT, no dse-out, no temporary file
}

# shellcheck disable=SC2086
{
check_error 2 --rows $TINY --rows 0:0
check_error 2 --rows $TINY --rows 5:1
check_error 2 --cols $TINY --cols 1:8:0
check_error 2 --k-split $TINY --k-split 1.5
check_error 2 --formats $TINY --formats xyz
check_error 2 --dataflows $TINY --dataflows zz
check_error 2 --bounds $TINY --bounds x
# a bound or an SLO given twice (25 and 25.0 are one number) would print
# its row twice and run its tail pass twice
check_error 2 "--bounds: 25 us is given twice" $TINY --bounds 25,50,25.0
check_error 2 "--slo-us: 50 us is given twice" $TINY --slo-us 50,50
# a flag that would change nothing is refused: the tail pass's without an
# SLO (no tail pass runs), the page's without --plot (no figure is drawn)
check_error 2 "--train: belongs to the tail pass" $TINY --train
check_error 2 "--tail-requests: belongs to the tail pass" $TINY --tail-requests 1000
check_error 2 "--percentile: belongs to the tail pass" $TINY --percentile 90
check_error 2 "--policy: belongs to the tail pass" $TINY --policy greedy
check_error 2 "--arrivals: belongs to the tail pass" $TINY --arrivals gamma:2
check_error 2 "--paper: sets the figures' page" $TINY --paper
check_error 2 "--font: sets the figures' page" $TINY --font 9
check_error 2 --threads $TINY --threads 1.5
check_error 2 --freq-ghz $TINY --freq-ghz dvfs:0
check_error 2 --bogus $TINY --bogus
# objectives: 2 to 4 names of the table, each once, none known only later
check_error 2 --objectives $TINY --objectives throughput
check_error 2 --objectives $TINY --objectives latency,energy,area,power,efficiency
check_error 2 --objectives $TINY --objectives latency,speed
check_error 2 --objectives $TINY --objectives latency,latency
check_error 2 --objectives $TINY --objectives latency,tail
check_error 2 --objectives $TINY --objectives ""
# constraints: NAME=V, NAME an objective, V a finite number
check_error 2 --max $TINY --max latency
check_error 2 --max $TINY --max speed=3
check_error 2 --max $TINY --max latency=inf
check_error 2 --min $TINY --min throughput=abc
check_error 2 --min $TINY --min tail=1
check_error 2 baseline $TINY --baseline int8
check_error 2 --baseline $TINY --baseline xyz
check_error 3 objectives $TINY --study "$INPUTS/study-bad-objectives.json"
# no design within 1 us: the constraint that ruled out most, its nearest
check_error 4 "max latency=1" $TINY --max latency=1
# 0.001 us is far below the fastest design (about 25 us)
check_error 4 latency $TINY --latency-max-us 0.001
check_error 4 latency $TINY --latency-max-us 0.001 --all-points
# of several groups, the one without a design is named: lstm's 15 steps
# run one after another, each streaming K = 4096 through an os array in at
# least 4096 / 2 = 2048 cycles (k-split <= 2), so lstm takes at least
# 15 x 2048 cycles / f(v_max) (under 2 GHz) > 15 us; gemm:64,64 (64 x 64
# MACs) takes about 64 cycles, far below 10 us.
check_error 4 "workload=lstm: constraint max latency=10 us" $TINY \
	--workload gemm:64,64,lstm --latency-max-us 10
# n7 spends 75 MB x 0.01 W/MB + 5 W = 5.75 W on SRAM leakage and fixed
# logic; 5.8 W leaves 50 mW, less than one 1 x 64 array streaming 65 words
# a cycle at 0.22 pJ/bit (about 60 mW at f(v_min)).
check_error 4 power $TINY --power-w 5.8
check_error 3 study-malformed.json $TINY --study "$INPUTS/study-malformed.json"
check_error 3 rows $TINY --study "$INPUTS/study-bad-range.json"
check_error 3 formats $TINY --study "$INPUTS/study-bad-format.json"
check_error 3 study-does-not-exist.json $TINY \
	--study "$INPUTS/study-does-not-exist.json"
# a bad technology name from a study file is the file's fault, not a flag's
check_error 3 "study-bad-tech.json: tech" $TINY --study "$INPUTS/study-bad-tech.json"
# 65536 x 65536 x 8 x 77 x 2 designs: over the 1e11 limit, refused at once
check_error 2 "narrow the ranges" --rows 1:65536 --cols 1:65536
# a failed run removes the nested folders it made for -o
fresh nested
run explore -q $TINY --latency-max-us 0.001 --all-points -o a/b/c
expect_status 4
files_are .
}

# ---- the README quick start: `dse` alone ----
fresh quickstart
desc="dse (no arguments)"
checks=$((checks + 1))
if command -v timeout >/dev/null 2>&1; then
	timeout 300 "$DSE" </dev/null >"$work/out" 2>"$work/err"
else
	"$DSE" </dev/null >"$work/out" 2>"$work/err"
fi
status=$?
expect_status 0
expect_no_stderr
stdout_has "Best throughput under a latency bound"
files_are . dse-out
files_are dse-out frontier.csv frontier.json sample.csv
for f in hbfp8_576 bf16; do
	grep -F -e "\"$f\"" dse-out/frontier.json >/dev/null ||
		fail "$desc: dse-out/frontier.json does not name $f"
done
# the Equinox study: 1024 rows x 8 widths x 8 k-splits x 77 frequencies x
# 2 formats = 10,092,544 designs
py_check dse-out/frontier.json \
	'len(d["frontier"]["hbfp8_576"]) > 0' 'len(d["frontier"]["bf16"]) > 0' \
	'd["counts"]["total"] == 10092544'

cd "$work" || exit 1
# ---- SRAM sizes as a swept dimension; published figures; warnings ----
fresh sram
# shellcheck disable=SC2086
run explore -q $TINY --sram-mb 50,75 -o OUT
expect_status 0
expect_only_warnings
py_check OUT/frontier.json \
	'd["counts"]["total"] == 2 * 9856' \
	'd["ranges"]["sram_mb"]["count"] == 2' \
	'all(p["sram_mb"] in (50, 75) for p in d["frontier"]["all"])' \
	'isinstance(d["warnings"], list)' \
	'd["study"]["sram_mb"] == "50,75"'
for bad in 0 32,-8 abc; do
	fresh "bad-sram-$bad"
	run explore -q $TINY --sram-mb "$bad" -o OUT
	expect_status 2
	stderr_one_line
	stderr_has --sram-mb
	files_are .
done
# a size that leaves no area: infeasible, exit 4, nothing written
fresh huge-sram
run explore -q $TINY --sram-mb 75,700 -o OUT
expect_status 4
stderr_one_line
stderr_has sram_mb
files_are .

fresh published
run explore -q --study "$INPUTS/study-published.json" -o OUT
expect_status 0
expect_only_warnings
stdout_has "Published figures beside dse's"
stdout_matches '^  throughput_at_bound +hbfp8 +100 +400 TOp/s '
py_check OUT/frontier.json \
	'len(d["published"]) == 4' \
	'd["published"][0]["ratio"] == d["published"][0]["dse_value"] / 400' \
	'd["published"][3]["dse_value"] is None' \
	'd["study"]["fold_overlap"] is False'

# warnings go to stderr and frontier.json alike
fresh warn
run explore -q --rows 1:4 --cols 64 --k-split 1 --freq-ghz 1 -o OUT
expect_status 0
expect_only_warnings
grep -F -e '--rows 4, the top of the swept range' "$work/err" >/dev/null ||
	fail "$desc: no edge warning on stderr"
py_check OUT/frontier.json \
	'any("--rows 4, the top" in w for w in d["warnings"])'

# ---- a results file reruns: its study object ----
fresh rerun
# shellcheck disable=SC2086
run explore -q $TINY --dataflows os,ws --batch 1,8 --max power=60 -o A
expect_status 0
run explore -q --study A/frontier.json -o B
expect_status 0
same_results A B
py_check B/frontier.json \
	'd["study"]["max"] == ["power=60"]' \
	'sorted(d["frontier_dataflow"]) == ["os", "ws"]' \
	'all(p["dataflow"] == "ws" for p in d["frontier_dataflow"]["ws"])' \
	'd["counts"]["constraints"][0]["objective"] == "power"' \
	'd["bounds"][1]["baseline"] == "bf16"' \
	'list(d["bounds"][1]["ratios"]) == ["hbfp8_576"]'
stdout_has "Designs that win each bound"
stdout_has "Pareto frontier, dataflow ws over the formats"
stdout_has "constraints: power <= 60 W"

# ---- groups: one results folder each, and their list ----
fresh groups
# shellcheck disable=SC2086
run explore -q $TINY --power-w 50,75 --workload lstm,gru -o OUT
expect_status 0
expect_only_warnings
files_are OUT 0-workload-lstm_power_w-50 1-workload-lstm_power_w-75 \
	2-workload-gru_power_w-50 3-workload-gru_power_w-75 groups.json
files_are OUT/3-workload-gru_power_w-75 frontier.csv frontier.json sample.csv
stdout_has "== group 4 of 4: workload=gru,power_w=75 =="
py_check OUT/groups.json 'len(d) == 4' \
	'd[3]["study"]["workload"] == "gru" and d[3]["study"]["power_w"] == 75'
py_check OUT/3-workload-gru_power_w-75/frontier.json \
	'd["budget"]["power_w"] == 75' 'd["workload"]["name"] == "gru"'

# ---- --all-points above 10^6 designs: the files' sizes first ----
fresh big
desc="dse explore --all-points (ulimit -f 64)"
checks=$((checks + 1))
(ulimit -f 64; "$DSE" explore -q --all-points -o OUT </dev/null \
	>"$work/out" 2>"$work/err")
status=$?
[ "$status" -ne 0 ] || fail "$desc: a write past ulimit -f succeeded"
stderr_has "dse: warning: --all-points: 10,092,544 designs make about"
files_are .

finish
