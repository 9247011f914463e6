#!/bin/sh
# formats.sh - `dse formats`: every row, PE cost, SQNR, --json, bad input.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

run formats --help
expect_status 0
expect_no_stderr
stdout_has "--tech"
stdout_has "--json"

run formats
expect_status 0
expect_no_stderr
stdout_matches '^technology n7 '
for f in fp32 fp16 bf16 int8 hbfp8_576 hbfp6_256 mxint8 mxfp8_e4m3 \
	mxfp8_e5m2 mxfp6_e2m3 mxfp6_e3m2 mxfp4 mxfp4_16; do
	stdout_matches "^$f "
done
# MODEL.md 4: hbfp8 costs 0.208 pJ and 97 um2 per PE at n7, bf16 0.763 and
# 250; mxint8 0.198075 pJ, 91.5 um2 (tests/test_format.c, by hand)
stdout_matches '^hbfp8_576 +int8 +8 +576 +10 +8\.017 +26 +0 +0\.2085 +97\.3 '
stdout_matches '^bf16 +bf16 +16 +0 +0 +16\.000 +32 +0 +0\.7628 +250\.4 '
stdout_matches '^mxint8 +int8 +8 +32 +8 +8\.250 +20 +0 +0\.1981 +91\.5 '
# block adder 2 n_e + ceil(log2 B) + 1 = 42 and a 94-bit shifter for E4M3
stdout_matches '^mxfp8_e4m3 +e4m3 +8 +32 +8 +8\.250 +42 +94 '
stdout_matches '^derived components of n7: mux_pj_per_bit '

run formats --json
expect_status 0
expect_no_stderr
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: formats JSON"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["technology"]["parameters"]
assert p["mul_int8_pj"]["origin"] == "file"
assert p["mul_fp8_e4m3_pj"]["origin"] == "derived"
assert "mul_int8_pj" in p["mul_fp8_e4m3_pj"]["source"]
names = [r["format"] for r in d["formats"]]
assert "mxfp4_16" in names and "hbfp8_576" in names
r = [r for r in d["formats"] if r["format"] == "mxfp4"][0]
assert r["storage_bits_per_element"] == 4.25 and r["acc_bits"] == 14
# Gaussian input SQNR of MXFP4, 18.8 dB (NUMERICS.md 20)
assert abs(r["input_sqnr_db"] - 18.8) < 0.3, r["input_sqnr_db"]
assert d["sqnr_proxy"]["k"] == 4096
PY
fi

run formats --tech toy
expect_status 0
stdout_matches '^technology toy '

run formats --tech nosuch
expect_status 2
expect_no_stdout
stderr_one_line
stderr_has "nosuch"

run formats --tech "$INPUTS/tech_negative.json"
expect_status 3
stderr_one_line
stderr_has "mul_int8_pj"

run formats --bogus
expect_status 2
stderr_one_line
run formats extra
expect_status 2
stderr_one_line

finish
