#!/bin/sh
# prune.sh - pruning (MODEL.md 8.2) changes nothing a run reports: on
# several studies, the results with pruning on and off (--no-prune) are the
# same files, byte for byte for the CSVs and key for key for frontier.json
# (what pruning evaluated and skipped aside), and the same summary but for
# its counts line; pruning on evaluates fewer designs.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# studies NAME ARGS: small, each exercising another case of the rules.
n=0
while IFS='|' read -r name args; do
	n=$((n + 1))
	mkdir "$work/$name" && cd "$work/$name" || exit 1
	# shellcheck disable=SC2086 # the arguments are words
	run explore -q $args -o ON
	expect_status 0
	expect_only_warnings
	summary_of "$work/out" >"$work/$name.on"
	# shellcheck disable=SC2086
	run explore -q $args --no-prune -o OFF
	expect_status 0
	expect_only_warnings
	summary_of "$work/out" >"$work/$name.off"
	cmp -s "$work/$name.on" "$work/$name.off" ||
		fail "$name: the summaries differ with pruning on and off"
	same_results ON OFF pruning prune
	if have_python; then
		python3 - ON OFF "$name" <<'PY' || fail "$name: pruning evaluated no fewer designs"
import json, os, sys
def docs(d):
    for root, _, files in os.walk(d):
        if "frontier.json" in files:
            yield json.load(open(os.path.join(root, "frontier.json")))
on = sum(x["pruning"]["evaluated"] for x in docs(sys.argv[1]))
off = sum(x["pruning"]["evaluated"] for x in docs(sys.argv[2]))
feas = sum(x["counts"]["feasible"] for x in docs(sys.argv[2]))
# off: every feasible design offered; on: fewer, unless a rule cannot hold
ok = off == feas and (on < off or sys.argv[3] in ("energy",))
sys.exit(0 if ok else 1)
PY
	fi
	cd "$work" || exit 1
done <<'EOF'
os|--rows 1:48 --cols 32:512:x2 --k-split 1:4
dataflows|--dataflows os,ws,is --formats hbfp8,bf16,fp32 --rows 1:64:x2 --cols 32:256:x2 --batch 1:64:x4 --k-split 1,2
dram|--workload bert-base --sram-mb 16,48 --dataflows ws,os --rows 32:128:x2 --cols 64,128 --batch 1,4 --k-split 1,2 --freq-ghz dvfs:0.05
budget|--workload bert-base --dram-in-budget --sram-mb 32 --dataflows ws --rows 64,128 --cols 64,128 --batch 2,8 --freq-ghz dvfs:0.05
energy|--objectives latency,throughput,energy --latency-max-us 200 --rows 1:32 --cols 64,128 --k-split 1:2
constrained|--max latency=150 --min throughput=100 --rows 1:40 --cols 64,128 --k-split 1:3
area|--objectives latency,throughput,area --area-mm2 60 --power-w 300 --formats fp32,bf16 --rows 1:24 --cols 32:256:x2 --dataflows os,ws --batch 1,8
tail|--slo-us 50,100 --tail-requests 1000 --rows 1:24 --cols 64,128 --dataflows os,ws --batch 1:16:x4
groups|--power-w 50,75 --tech n7,n16 --rows 1:24 --cols 64,128 --k-split 1:2
toy|--tech toy --workload gemm:1024,1024 --rows 1:32 --cols 64:1024:x2 --freq-ghz 0.5,1
EOF
[ "$n" -eq 10 ] || fail "read $n studies, want 10"

finish
