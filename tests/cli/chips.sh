#!/bin/sh
# chips.sh - `dse chips`: published accelerators beside dse's figures.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

run chips
expect_status 0
expect_no_stderr
for chip in tpuv1 tpuv2 tpuv3 tpuv4i; do
	stdout_matches "^  $chip "
done
# TPUv1: 65536 MACs x 2 x 0.7 GHz = 91.75 TOp/s against the published 92
stdout_matches '^  tpuv1 +n28 +int8 ws 1 x 256x256, 0.7 GHz +peak throughput, TOp/s +91\.75 +92 +0\.997$'
stdout_has "avg-power TOp/s/W"
stdout_has "Jouppi et al."

run chips tpuv4i --json
expect_status 0
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: not the chips JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1 and d[0]["chip"] == "tpuv4i"
f = d[0]["figures"]
# 4 x 16384 x 2 x 1.05 GHz = 137.6256 TOp/s against 138
assert abs(f["peak_tops"]["dse"] - 137.6256) < 1e-6
assert abs(f["peak_tops_per_w"]["published"] - 138 / 175) < 1e-12
assert "design" in d[0] and d[0]["design"]["arrays"] == 4
PY
fi

run chips nosuch
expect_status 2
stderr_one_line
stderr_has nosuch
run chips "$INPUTS/wl_good.json"
expect_status 3
stderr_one_line
stderr_has wl_good.json
run chips --frobnicate
expect_status 2
stderr_one_line

finish
