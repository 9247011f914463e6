#!/bin/sh
# accuracy.sh - accuracy in the explorer: --sqnr-min-db is --min sqnr=X;
# each format's SQNR proxy (or measured accuracy, --accuracy FILE) beside
# its throughput in the tables, frontier.json and frontier.csv, saying
# which was used; bad accuracy files refused with one line and nothing
# written; shards and merges without the file; the plot-accuracy figure.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

TINY="--rows 1:40 --cols 64,128 --k-split 1:2"
FMTS="--formats hbfp8,mxfp4,bf16"

# ---- help ----
run explore --help
expect_status 0
for flag in "--sqnr-min-db X" "--accuracy FILE"; do
	stdout_has "$flag"
done

# ---- the SQNR proxy shown beside the throughput ----
fresh proxy
# shellcheck disable=SC2086
run explore -q $TINY $FMTS --objectives latency,throughput,sqnr -o P
expect_status 0
expect_only_warnings
stdout_matches '^ +sqnr_dB +[0-9.]+ +[0-9.]+ +[0-9.]+$'
stdout_has "(sqnr_dB: proxy: GEMM-output SQNR at the workload's K, gaussian"
stdout_matches '^ +bound_us format .* TOp/s +sqnr_dB$'
# NUMERICS.md 20's Gaussian input SQNRs: hbfp8 40.4, mxfp4 18.8, bf16
# 55.6 dB; a product of two inputs with independent errors adds their
# noise powers, so the GEMM output loses 10 log10 2 = 3.01 dB: about 37.4,
# 15.8 and 52.6 dB (within half a dB: the workload's K, M = N = 64)
py_check P/frontier.json \
	'd["accuracy"]["sqnr"]["unit"] == "dB"' \
	'd["accuracy"]["sqnr"]["direction"] == "max"' \
	'd["accuracy"]["sqnr"]["origin"].startswith("proxy: GEMM-output SQNR")' \
	'abs(d["accuracy"]["sqnr"]["formats"]["hbfp8_576"] - (40.4 - 3.01)) < 0.5' \
	'abs(d["accuracy"]["sqnr"]["formats"]["mxfp4"] - (18.8 - 3.01)) < 0.5' \
	'abs(d["accuracy"]["sqnr"]["formats"]["bf16"] - (55.6 - 3.01)) < 0.5' \
	'all(b["best"][f]["sqnr_db"] == d["accuracy"]["sqnr"]["formats"][f] for b in d["bounds"] for f in b["best"] if b["best"][f])' \
	'all(p["sqnr_db"] == d["accuracy"]["sqnr"]["formats"][f] for f in ("mxfp4", "bf16") for p in d["frontier"][f])'
head -n 1 P/frontier.csv | grep -q '^frontier,sqnr_db,format,' ||
	fail "$desc: frontier.csv's header has no sqnr_db column"
# constant per format: one value per frontier name (all aside)
n=$(awk -F, 'NR > 1 && $1 != "all" { print $1 "," $2 }' P/frontier.csv | sort -u | wc -l)
[ "$((n))" -eq 3 ] || fail "$desc: frontier.csv has $((n)) (format, sqnr) pairs, want 3"

# without sqnr or --accuracy, nothing of it
# shellcheck disable=SC2086
run explore -q $TINY $FMTS -o Q
expect_status 0
grep -q sqnr "$work/out" && fail "$desc: the summary mentions sqnr"
py_check Q/frontier.json '"accuracy" not in d' \
	'all("sqnr_db" not in b["best"][f] for b in d["bounds"] for f in b["best"] if b["best"][f])'
head -n 1 Q/frontier.csv | grep -q '^frontier,format,' ||
	fail "$desc: frontier.csv's header changed"

# ---- --sqnr-min-db X is --min sqnr=X ----
# mxfp4 (about 15.8 dB) is below 30 dB, hbfp8 (37.4) and bf16 (52.6) above
# shellcheck disable=SC2086
run explore -q $TINY $FMTS --sqnr-min-db 30 -o S1
expect_status 0
summary_of "$work/out" >"$work/s1"
stdout_has "constraints: sqnr >= 30 dB"
# shellcheck disable=SC2086
run explore -q $TINY $FMTS --min sqnr=30 -o S2
expect_status 0
summary_of "$work/out" >"$work/s2"
cmp -s "$work/s1" "$work/s2" || fail "--sqnr-min-db 30: summary differs from --min sqnr=30's"
same_results S1 S2
py_check S1/frontier.json 'len(d["frontier"]["mxfp4"]) == 0' \
	'len(d["frontier"]["hbfp8_576"]) > 0 and len(d["frontier"]["bf16"]) > 0' \
	'all(b["best"]["mxfp4"] is None for b in d["bounds"])' \
	'd["study"]["min"] == ["sqnr=30"]'
for bad in 30dB "" inf; do
	# shellcheck disable=SC2086
	run explore -q $TINY --sqnr-min-db "$bad" -o BAD
	expect_status 2
	stderr_one_line
	stderr_has --sqnr-min-db
	[ ! -e BAD ] || fail "$desc: left BAD behind"
done

# ---- --accuracy FILE: measured values, verbatim, and where from ----
cat >acc.json <<'JSON'
{"source": "our fine-tuning runs, 3 seeds", "metric": "top-1 %",
 "direction": "higher",
 "formats": {"hbfp8": 75.91, "mxfp4": 70.25, "bf16": 76.13, "mxint8": 76.02}}
JSON
# shellcheck disable=SC2086
run explore -q $TINY $FMTS --accuracy acc.json -o A
expect_status 0
expect_only_warnings
stdout_matches '^ +accuracy +75\.91 +70\.25 +76\.13$'
stdout_has "(accuracy: measured: acc.json (top-1 %, higher is better; source our fine-tuning runs, 3 seeds))"
stdout_matches '^ +50 mxfp4 .* 70\.25$'
py_check A/frontier.json \
	'd["accuracy"]["accuracy"]["formats"] == {"hbfp8_576": 75.91, "mxfp4": 70.25, "bf16": 76.13}' \
	'd["accuracy"]["accuracy"]["origin"].startswith("measured: acc.json")' \
	'"sqnr" not in d["accuracy"]' \
	'd["study"]["accuracy"]["formats"]["mxint8"] == 76.02' \
	'd["study"]["accuracy"]["source"] == "our fine-tuning runs, 3 seeds"' \
	'all(b["best"][f]["accuracy"] == d["accuracy"]["accuracy"]["formats"][f] for b in d["bounds"] for f in b["best"] if b["best"][f])'

# an error (lower is better) as an objective and a constraint
cat >err.json <<'JSON'
{"source": "s", "direction": "lower", "formats": {"hbfp8": 0.3, "bf16": 0.25}}
JSON
# shellcheck disable=SC2086
run explore -q $TINY --accuracy err.json --objectives latency,throughput,accuracy \
	--max accuracy=0.28 -o E
expect_status 0
stdout_has "latency down, throughput up, accuracy down"
# the bound is in the file's metric, which defaults to "error" when the
# file gives a direction lower and no metric
stdout_has "constraints: accuracy <= 0.28 error: "
stdout_has "(accuracy: measured: err.json (error, lower is better; source s))"
py_check E/frontier.json 'len(d["frontier"]["hbfp8_576"]) == 0' \
	'd["counts"]["constraints"][0]["unit"] == "error"' \
	'len(d["frontier"]["bf16"]) > 0' \
	'[o["direction"] for o in d["objectives"]] == ["min", "max", "min"]'

# ---- bad accuracy files: one line naming the file, exit 3, nothing written ----
printf '{"source": "s", "direction": "higher", "formats": {"hbfp8": 1}}\n' >miss.json
printf '{"source": "s", "direction": "higher", "formats": {"hbfp8": 1,}\n' >malformed.json
printf '{"source": "", "direction": "higher", "formats": {"hbfp8": 1}}\n' >nosource.json
printf '{"source": "s", "direction": "up", "formats": {"hbfp8": 1}}\n' >dir.json
printf '{"source": "s", "direction": "higher", "formats": {"mxfp7": 1}}\n' >name.json
printf '{"source": "s", "direction": "higher", "formats": {"hbfp8": 1, "hbfp8_576": 2}}\n' >twice.json
while read -r file want; do
	# shellcheck disable=SC2086
	run explore -q $TINY --accuracy "$file" -o BAD
	expect_status 3
	expect_no_stdout
	stderr_one_line
	stderr_has "$file"
	stderr_has "$want"
	[ ! -e BAD ] || fail "$desc: left BAD behind"
done <<EOF
miss.json no value for bf16
malformed.json malformed JSON
nosource.json source
dir.json direction
name.json mxfp7
twice.json given twice
nowhere.json No such file
EOF
# an accuracy objective without a file: usage
# shellcheck disable=SC2086
run explore -q $TINY --objectives latency,accuracy -o BAD
expect_status 2
stderr_one_line
stderr_has "--accuracy FILE"

# ---- shards and merges need no file; a results file reruns without it ----
cp acc.json shard.json
ARGS="$TINY --objectives latency,throughput,accuracy --accuracy shard.json"
# shellcheck disable=SC2086
run explore -q $ARGS -o WHOLE
expect_status 0
summary_of "$work/out" >"$work/whole"
for i in 0 1 2; do
	# shellcheck disable=SC2086
	run explore -q $ARGS --shard "$i/3" -o "P$i"
	expect_status 0
done
rm shard.json
run merge -q P2 P0 P1 -o M
expect_status 0
expect_only_warnings
summary_of "$work/out" >"$work/merged"
cmp -s "$work/whole" "$work/merged" ||
	fail "$desc: the merged summary differs from the whole run's"
same_results WHOLE M
run explore -q --study WHOLE/frontier.json -o RERUN
expect_status 0
summary_of "$work/out" >"$work/rerun"
cmp -s "$work/whole" "$work/rerun" ||
	fail "$desc: the rerun's summary differs from the first run's"
# a results file whose accuracy object is broken is bad input data
python3 -c '
import json; d = json.load(open("WHOLE/frontier.json"))
d["study"]["accuracy"]["formats"]["bf16"] = "high"
json.dump(d, open("broken.json", "w"))' 2>/dev/null && {
	run explore -q --study broken.json -o BAD
	expect_status 3
	stderr_one_line
	stderr_has "broken.json: accuracy: formats.bf16"
}

# ---- the figure: one point per format at 50 us, the frontier of formats ----
cd "$work/proxy" || exit 1
run plot --scripts-only A
expect_status 0
[ -s A/plot-accuracy.gp ] && [ -s A/plot-accuracy.dat ] ||
	fail "$desc: no plot-accuracy.gp or .dat"
grep -q "Best throughput under 50 µs against accuracy" A/plot-accuracy.gp ||
	fail "$desc: plot-accuracy.gp is not drawn at 50 us"
# the measured values' axis names their metric, the file's "top-1 %"
grep -q "'accuracy (top-1 %)" A/plot-accuracy.gp ||
	fail "$desc: plot-accuracy.gp's x label does not name the metric top-1 %"
run plot --scripts-only Q
expect_status 0
[ ! -e Q/plot-accuracy.gp ] || fail "$desc: plot-accuracy.gp without an accuracy figure"
if have_python; then
	# each format's point is its measured value and its best throughput
	# under 50 us; the frontier holds the formats no other beats in both
	python3 - A <<'PY' || fail "plot-accuracy.dat: points or frontier wrong (above)"
import json, sys
d = json.load(open(sys.argv[1] + "/frontier.json"))
blocks = open(sys.argv[1] + "/plot-accuracy.dat").read().split("\n\n\n")
fmts = list(d["accuracy"]["accuracy"]["formats"])
acc = d["accuracy"]["accuracy"]["formats"]
b50 = [b for b in d["bounds"] if b["latency_us"] == 50][0]["best"]
pts = {}
for k, f in enumerate(fmts):
    rows = [l.split() for l in blocks[k].splitlines() if l and l[0] != "#"]
    if b50[f] is None:
        continue
    x, y = float(rows[0][0]), float(rows[0][1])
    assert x == acc[f], (f, x, acc[f])
    assert abs(y / b50[f]["throughput_tops"] - 1) < 1e-5, (f, y)
    pts[f] = (x, y)
front = sorted(f for f in pts if not any(
    g != f and pts[g][0] >= pts[f][0] and pts[g][1] >= pts[f][1] and pts[g] != pts[f]
    for g in pts))
rows = [l.split() for l in blocks[len(fmts)].splitlines() if l and l[0] != "#"]
got = sorted(f for f in pts for r in rows if float(r[0]) == pts[f][0])
assert got == front, (got, front)
assert [float(r[0]) for r in rows] == sorted(float(r[0]) for r in rows)
PY
fi
# a results folder whose figure is not a number: one line naming the key
mkdir BADFIG && cp A/sample.csv BADFIG/ &&
	sed 's/"bf16":[[:space:]]*76.13/"bf16": "high"/' A/frontier.json >BADFIG/frontier.json
run plot --scripts-only BADFIG
expect_status 3
stderr_one_line
stderr_has "frontier.json: accuracy.accuracy.formats.bf16"
if command -v gnuplot >/dev/null 2>&1; then
	run plot P
	expect_status 0
	[ -s P/plot-accuracy.png ] || fail "$desc: no plot-accuracy.png"
fi

finish
