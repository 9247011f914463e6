#!/bin/sh
# serve.sh - `dse serve` (one design under load) and the explorer's tail
# pass: figures derived by hand on the toy technology, trace replay, files,
# thread independence and every bad input of the serving issue.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# The toy design: os 4 x 1024, one array, gemm:1024,1024, no fill/drain,
# 1 GHz.  A batch of k <= 4 is one fold of K = 1024 cycles: S(k) = 1.024 us
# for every k; b = 4, G = 1, C = 4 / 1.024 us = 3,906,250 items/s.
TOY="--tech toy --format int8 --rows 4 --cols 1024 --arrays 1 --workload gemm:1024,1024"

# ---- the default design at half load, with an SLO: the tail figures ----
run serve --load 0.5 --slo-us 100 --requests 100000
expect_status 0
expect_no_stderr
stdout_has "deadline"
stdout_has "SLO 100 us at p99"
stdout_matches "^Service: S\(1\) = .* S\(16\) = .* capacity C = "

# ---- hand-derived: the toy design at a load of 10^-4 ----
# greedy serves a lone request at once: its latency is S(1) = 1.024 us
run serve $TOY --load 0.0001 --requests 2000 --json
expect_status 0
json_number_is capacity_rps 3906250 1e-6
json_number_is latency_p50_us 1.024 1e-9
json_number_is load 0.0001 1e-12
# deadline holds it until a0 + L - S(b) = a0 + 10 - 1.024, then S(1):
# 10 us exactly
run serve $TOY --load 0.0001 --requests 2000 --slo-us 10 --json
expect_status 0
json_number_is latency_p50_us 10 1e-9
json_number_is slo_attainment 1 1e-12
if have_python; then
	json_parses_with_keys runs server design
	python3 - "$work/out" <<'PY' || fail "$desc: a run lacks a key"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
keys = ["rate_rps", "load", "latency_mean_us", "latency_p50_us",
        "latency_p99_us", "latency_p999_us", "latency_max_us", "p99_ci_us",
        "slo_attainment", "batch_fill", "busy_fraction",
        "energy_per_item_uj", "capacity_rps", "stable"]
missing = [k for k in keys if k not in run]
assert not missing, missing
assert len(run["p99_ci_us"]) == 2
PY
fi

# ---- the tail capacity: never above C, reported in requests/s and TOp/s ----
run serve $TOY --slo-us 5 --capacity --requests 20000 --json
expect_status 0
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: bad tail capacity"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert 0 < run["tail_capacity_rps"] < run["capacity_rps"], run
# 2 x 1024 x 1024 ops per item
assert abs(run["tail_capacity_tops"] - run["tail_capacity_rps"] * 2 * 1024 ** 2 * 1e-12) < 1e-9
PY
fi
run serve $TOY --slo-us 5 --capacity --requests 20000
expect_status 0
stdout_matches "^Tail capacity, deadline, p99 <= 5 us"

# ---- trace replay: a run's own requests, fed back, give the same run ----
run serve $TOY --load 0.7 --policy timeout:2 --requests 5000 --warmup 50 \
	--requests-csv "$work/req.csv" --json
expect_status 0
first_mean=$(json_value latency_mean_us)
first_p99=$(json_value latency_p99_us)
lines=$(wc -l <"$work/req.csv")
[ "$((lines))" -eq 5051 ] || fail "$desc: req.csv has $lines lines, want 5051"
run serve $TOY --arrivals "trace:$work/req.csv" --policy timeout:2 \
	--warmup 50 --json
expect_status 0
json_text_is latency_mean_us "$first_mean"
json_text_is latency_p99_us "$first_p99"
json_number_is requests 5000

# ---- a load sweep with files ----
run serve $TOY --loads 0.2:0.8:0.3 --slo-us 5 --policy greedy,deadline \
	--requests 5000 -o "$work/sweep"
expect_status 0
[ -f "$work/sweep/serve.json" ] || fail "$desc: no serve.json"
n=$(wc -l <"$work/sweep/serve.csv")
[ "$((n))" -eq 7 ] || fail "$desc: serve.csv has $n lines, want 1 + 2 x 3"
if have_python; then
	python3 - "$work/sweep/serve.json" <<'PY' || fail "$desc: bad serve.json"
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["policy"] for r in d["runs"]] == ["greedy"] * 3 + ["deadline"] * 3
assert [round(r["load"], 9) for r in d["runs"][:3]] == [0.2, 0.5, 0.8]
assert len(d["runs"][0]["cdf_us"]) == 201
assert len(d["server"]["service_us"]) == 4
PY
fi

# ---- overload: still N requests, stable false, one warning ----
run serve $TOY --load 1.5 --requests 2000 --json
expect_status 0
json_text_is stable false
stderr_one_line
stderr_has "load 1.5 >= 1"

# ---- bad input: one line, the documented exit code, no file left ----
printf '' >"$work/empty.txt"
printf '1\n3\n2\n' >"$work/unsorted.txt"
printf '1\n-5\n' >"$work/negative.txt"
printf '1\nabc\n' >"$work/text.txt"
printf '1\nnan\n' >"$work/nan.txt"
for t in empty unsorted negative text nan; do
	run serve $TOY --arrivals "trace:$work/$t.txt" -o "$work/bad-$t" \
		--requests-csv "$work/bad-$t.csv"
	expect_status 3
	stderr_one_line
	stderr_has "$work/$t.txt"
	[ ! -e "$work/bad-$t" ] && [ ! -e "$work/bad-$t.csv" ] ||
		fail "$desc: left a file behind"
done
for a in "--arrivals gamma:0" "--arrivals gamma:-1" "--load 0" "--load -1" \
	"--load nan" "--load-rps -3" "--load-rps nan" "--percentile 0" \
	"--percentile 100" "--percentile 101" "--policy timeout:-5" \
	"--requests 0" "--policy deadline" "--capacity" "--loads 0.5,-1" \
	"--load 0.5 --load-rps 100" "--policy fifo" "--arrivals uniform"; do
	# shellcheck disable=SC2086 # each case is a list of arguments
	run serve $TOY $a -o "$work/usage"
	expect_status 2
	stderr_one_line
	[ ! -e "$work/usage" ] || fail "$desc: left $work/usage behind"
done
# an SLO below S(1) cannot be met: infeasible, with the numbers
run serve $TOY --slo-us 1 --requests-csv "$work/slo.csv"
expect_status 4
stderr_one_line
stderr_has "S(1) = 1.024 us"
[ ! -e "$work/slo.csv" ] || fail "$desc: left slo.csv behind"
# an infeasible design
run serve --rows 1024 --cols 4096
expect_status 4
stderr_one_line
# --requests-csv needs a single run
run serve $TOY --loads 0.1,0.2 --requests-csv "$work/two.csv"
expect_status 2
stderr_one_line

# ---- training in the idle cycles ----
# the default design at half load under a 100 us SLO leaves no gap a
# training chunk fits: it says so in the table
run serve --load 0.5 --slo-us 100 --train --requests 20000
expect_status 0
stdout_has "Training in the idle cycles"
# (greedy's p99 at half load is about 2 S(16) = 130 us: past the SLO)
stderr_has "inference misses the SLO"
run serve --rows 114 --cols 256 --freq-ghz 0.5227 --loads 0.25,0.75 --slo-us 500 \
	--train --requests 50000 --json
expect_status 0
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: training figures"
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
for r in runs:
    for k in ("train_items_per_s", "train_tops", "train_fraction",
              "dedicated_train_items_per_s", "train_busy_fraction"):
        assert k in r, k
    # group-time: inference, training and idle add up
    assert abs(r["busy_fraction"] + r["train_busy_fraction"] + r["idle_fraction"] - 1) < 1e-6
# training falls as the load rises, and something trains at 25 %
assert runs[0]["train_fraction"] > runs[1]["train_fraction"] > 0, runs
PY
fi
run eval --train --json
expect_status 0
json_number_is train_macs_per_item 1509949440 1e-3
json_number_is train_batch 16
run eval --train --format int8
expect_status 2
stderr_one_line
stderr_has "int8 cannot train"
run eval --train --tech toy
expect_status 3
stderr_one_line
stderr_has "no DRAM"
run eval --train-workload mlp:65536,32768 --format bf16
expect_status 4
stderr_one_line
stderr_has "exceed the DRAM"
run serve --train --slo-us 10 -o "$work/train-bad"
expect_status 4
stderr_one_line
[ ! -e "$work/train-bad" ] || fail "$desc: left a folder behind"
# a DRAM of 0 GB holds no training state; a bandwidth of 0 is bad data
run eval --train --tech "$INPUTS/tech_dram_zero.json"
expect_status 4
stderr_one_line
run eval --train --tech "$INPUTS/tech_dram_bw_zero.json"
expect_status 3
stderr_one_line
stderr_has "dram_bandwidth_gbps"

# ---- the explorer's tail pass: files, tables, thread independence ----
TINY="--rows 1:32 --cols 64,128 --k-split 1:2 --slo-us 50,100 --tail-requests 20000"
# shellcheck disable=SC2086
run explore -q $TINY --threads 1 -o "$work/t1"
expect_status 0
stdout_has "Best throughput under a latency SLO (TOp/s): service time"
stdout_has "Designs with the highest tail capacity"
# the ratio columns say which format over which: the first other format
# over the baseline, bf16 (the second format) by default
stdout_matches '^ +slo_us +hbfp8_576 +bf16 +hbfp8_576/bf16$'
cp "$work/out" "$work/t1.txt"
# shellcheck disable=SC2086
run explore -q $TINY --threads 3 -o "$work/t3"
expect_status 0
cmp -s "$work/t1/tail.csv" "$work/t3/tail.csv" ||
	fail "$desc: tail.csv differs between 1 and 3 threads"
if have_python; then
	python3 - "$work/t1/frontier.json" "$work/t3/frontier.json" <<'PY' ||
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b):
    for k in ("wall_time_s", "threads", "command_line"):
        d.pop(k)
    d["tail"].pop("wall_time_s")
assert a == b, "frontier.json differs between 1 and 3 threads"
slo = a["tail"]["slos"][1]["formats"]["hbfp8_576"]
# the tail best never beats the service-time best
assert slo["tail"]["tail_capacity_tops"] <= slo["service"]["throughput_tops"]
assert slo["tail"]["latency_us"] <= 100
PY
		fail "$desc: frontier.json tail section (above)"
fi
# ---- figures: a serving folder, a hostile one, the tail pass ----
if command -v gnuplot >/dev/null 2>&1; then
	run serve $TOY --loads 0.2,0.5 --slo-us 5 --policy greedy,deadline \
		--requests 2000 --plot -o "$work/fig"
	expect_status 0
	for fig in latency cdf; do
		[ -s "$work/fig/plot-$fig.png" ] && [ -s "$work/fig/plot-$fig.gp" ] ||
			fail "$desc: no plot-$fig.png"
	done
	[ ! -e "$work/fig/plot-frontier.gp" ] ||
		fail "$desc: an exploration's figure in a serving folder"
	# policy names full of gnuplot and shell syntax are drawn as text
	mkdir "$work/hostile" || exit 1
	sed 's/"greedy"/"`touch PWNED_S1`'"'"'\\"@x $(touch PWNED_S2)"/' \
		"$work/fig/serve.json" >"$work/hostile/serve.json"
	grep -q PWNED_S1 "$work/hostile/serve.json" || fail "sed made no hostile name"
	( cd "$work/hostile" && "$DSE" plot . >/dev/null 2>"$work/hostile.err" ) ||
		fail "dse plot of a hostile serving folder: $(cat "$work/hostile.err")"
	[ -s "$work/hostile/plot-latency.png" ] || fail "hostile: no plot-latency.png"
	pwned=$(find "$work" -name 'PWNED*' 2>/dev/null)
	[ -z "$pwned" ] || fail "a policy name ran a command: $pwned"
	[ -s "$work/t1/tail.csv" ] && "$DSE" plot "$work/t1" >/dev/null 2>&1 &&
		[ -s "$work/t1/plot-tail.png" ] || fail "dse plot: no plot-tail.png"
fi

# ---- training for free on the tail winners (explore --train) ----
cat >"$work/train-study.json" <<'JSON'
{ "formats": ["hbfp8", "int8"], "dataflows": ["os"], "rows": "8:128:x2",
  "cols": "128,256", "k_split": "1:4", "slo_us": [100, 500],
  "tail_requests": 20000, "train": true,
  "published": [ { "figure": "train_fraction_max", "format": "hbfp8",
                   "bound_us": 500, "value": 78, "unit": "%",
                   "source": "a test" } ] }
JSON
run explore -q --study "$work/train-study.json" -o "$work/tt"
expect_status 0
stdout_has "Training for free under each latency SLO"
stdout_has "cannot train: int8"
if have_python; then
	python3 - "$work/tt/frontier.json" <<'PY' || fail "$desc: the train sections (above)"
import json, sys
d = json.load(open(sys.argv[1]))
best = None
for slo in d["tail"]["slos"]:
    h = slo["formats"]["hbfp8_576"]["train"]
    assert h["load_shares"] == [0.25, 0.5, 0.75], h
    assert len(h["train_fraction"]) == 3 and len(h["latency_tail_us"]) == 3
    for f, t in zip(h["train_fraction"], h["train_tops"]):
        assert 0 <= f <= 1, h
        # a fraction of the dedicated rate, in TOp/s as in items/s
        assert abs(t - f * h["dedicated_train_tops"]) <= 1e-9 * max(t, 1), h
        best = max(best or 0, 100 * f)
    # inference keeps its SLO with training on, up to half the capacity
    for tail in h["latency_tail_us"][:2]:
        assert tail <= slo["slo_us"] * 1.02, (slo["slo_us"], h)
    i8 = slo["formats"]["int8"]["train"]
    assert i8["blocked"] and "int8" in i8["blocked_reason"], i8
# the published row is the highest share over both SLOs and the loads
pub = [p for p in d["published"] if p["figure"] == "train_fraction_max"][0]
assert abs(pub["dse_value"] - best) < 1e-9, (pub, best)
PY
fi
if command -v gnuplot >/dev/null 2>&1; then
	"$DSE" plot "$work/tt" >/dev/null 2>&1 && [ -s "$work/tt/plot-train-slo.png" ] ||
		fail "dse plot: no plot-train-slo.png"
	run serve --loads 0.1,0.3 --slo-us 200 --policy greedy,deadline --train \
		--requests 5000 --plot -o "$work/trfig"
	expect_status 0
	[ -s "$work/trfig/plot-training.png" ] || fail "$desc: no plot-training.png"
	# a training share list of the wrong length is refused, naming the key
	mkdir "$work/badtrain" || exit 1
	cp "$work/tt/sample.csv" "$work/badtrain/" || exit 1
	sed 's/"load_shares":[[:space:]]*\[0.25, *0.5, *0.75\]/"load_shares":[0.25]/' \
		"$work/tt/frontier.json" >"$work/badtrain/frontier.json"
	grep -q '"load_shares":\[0.25\]' "$work/badtrain/frontier.json" ||
		fail "sed made no bad load_shares"
	run plot "$work/badtrain"
	expect_status 3
	stderr_one_line
	stderr_has "train.load_shares"
fi

run explore -q --rows 1:8 --cols 64 --k-split 1 --slo-us 50 --percentile 100
expect_status 2
stderr_one_line
run explore -q --rows 1:8 --cols 64 --k-split 1 --slo-us 50 --policy fifo
expect_status 2
stderr_one_line

finish
