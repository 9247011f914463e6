#!/bin/sh
# numerics.sh - `dse numerics`: tables, JSON, .npy inputs, files, bad input.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# ---- help ----
run numerics --help
expect_status 0
expect_no_stderr
for flag in --formats --dist --outliers --npy --k --m --n --rounding --seed \
	--json --output --help; do
	stdout_has "$flag"
done
stdout_has "[4096]"

# ---- a table per format ----
run numerics --formats hbfp8,mxfp4,bf16 --k 512 --m 16 --n 16
expect_status 0
expect_no_stderr
stdout_matches '^GEMM M=16 K=512 N=16, inputs gaussian, seed 1, rounding nearest$'
stdout_matches '^format +bits/elem +input dB +output dB '
# hbfp8 = hbfp8_576: 8 + 10/576 = 8.017 bits per element
stdout_matches '^hbfp8_576 +8\.017 '
# mxfp4: 4 + 8/32 = 4.25
stdout_matches '^mxfp4 +4\.250 '
stdout_matches '^bf16 +16\.000 '

# ---- --json: the uniform-quantizer law, 6.02 m dB (NUMERICS.md 20) ----
run numerics --json --formats hbfp10_576 --dist uniform --k 576 --m 64 --n 64
expect_status 0
expect_no_stderr
if have_python; then
	python3 - "$work/out" <<'PY' || fail "$desc: not a JSON array of formats"
import json, sys
rows = json.load(open(sys.argv[1]))
assert isinstance(rows, list) and len(rows) == 1
for k in ("format", "input_sqnr_db", "output_sqnr_db", "output_rel_err_mean",
          "output_rel_err_max", "effective_bits", "bits_per_element"):
    assert k in rows[0], k
PY
fi
json_text_is format '"hbfp10_576"'
# uniform on (-1, 1), e = 0, step 2^-9: 10 log10(4^10 / 4 * 4) = 60.2 dB
json_number_is input_sqnr_db 60.2 0.3

# ---- seeds: the same seed gives the same numbers, another seed others ----
run numerics --json --formats mxfp6_e2m3 --rounding stochastic --seed 7 --k 256 --m 8 --n 8
cp "$work/out" "$work/seed7"
run numerics --json --formats mxfp6_e2m3 --rounding stochastic --seed 7 --k 256 --m 8 --n 8
cmp -s "$work/out" "$work/seed7" || fail "$desc: seed 7 twice differs"
run numerics --json --formats mxfp6_e2m3 --rounding stochastic --seed 8 --k 256 --m 8 --n 8
cmp -s "$work/out" "$work/seed7" && fail "$desc: seeds 7 and 8 agree"

# ---- .npy inputs (NumPy format 1.0, float64, C order) ----
# npy FILE DICT VALUES...: a header padded to 128 bytes, then octal bytes
npy() {
	f=$1 dict=$2
	shift 2
	pad=$((118 - ${#dict} - 1))
	{
		printf '\223NUMPY\001\000\166\000%s%*s\n' "$dict" "$pad" ''
		for v in "$@"; do
			printf "$v"
		done
	} >"$f"
}
one='\0\0\0\0\0\0\360\77' two='\0\0\0\0\0\0\0\100' three='\0\0\0\0\0\0\10\100'
npy "$work/a.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }" \
	"$one" "$two" "$three" "$three" "$one" "$two"
npy "$work/b.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" \
	"$two" "$one" "$three"
# small integers in blocks whose max (3) is not a power of two are exact,
# and so are their products: no error at all (SQNR infinite)
run numerics --formats mxint8,hbfp8,fp16 --npy "$work/a.npy,$work/b.npy"
expect_status 0
expect_no_stderr
stdout_matches '^GEMM M=2 K=3 N=1, files '
stdout_matches '^mxint8 +8\.250 +inf +inf +inf '
run numerics --json --formats mxint8 --npy "$work/a.npy,$work/b.npy"
json_text_is output_sqnr_db null

# each malformed file: exit 3, one line naming the file and the reason
npy "$work/big.npy" "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }" \
	"$one" "$one" "$one"
npy "$work/fortran.npy" "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 1), }" \
	"$one" "$one" "$one"
npy "$work/short.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" \
	"$one" "$one"
npy "$work/int.npy" "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }" \
	"$one" "$one" "$one"
printf 'PK\003\004 not numpy' >"$work/magic.npy"
for bad in big:big-endian fortran:Fortran short:truncated int:float32 \
	magic:magic; do
	file=${bad%%:*} why=${bad#*:}
	run numerics --npy "$work/a.npy,$work/$file.npy"
	expect_status 3
	expect_no_stdout
	stderr_one_line
	stderr_has "$work/$file.npy"
	stderr_has "$why"
done
# K of A (3) and B (2) differ
npy "$work/b2.npy" "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" \
	"$one" "$one"
run numerics --npy "$work/a.npy,$work/b2.npy"
expect_status 3
stderr_one_line
stderr_has "K differs"

# ---- -o DIR: numerics.json and numerics.csv, atomically ----
run numerics --formats hbfp6_256,mxfp4,bf16 --k 256 --m 8 --n 8 -o "$work/out-dir/x"
expect_status 0
[ -f "$work/out-dir/x/numerics.json" ] || fail "$desc: no numerics.json"
[ -f "$work/out-dir/x/numerics.csv" ] || fail "$desc: no numerics.csv"
# no temporary file left behind
[ "$(ls "$work/out-dir/x" | wc -l)" -eq 2 ] || fail "$desc: extra files: $(ls "$work/out-dir/x")"
head -n 1 "$work/out-dir/x/numerics.csv" | grep -q '^series,format,family,block,bits_per_element,input_sqnr_db,' ||
	fail "$desc: numerics.csv header"
# the formats, then 8 block sizes for each of the two block families
[ "$(grep -c '^formats,' "$work/out-dir/x/numerics.csv")" -eq 3 ] || fail "$desc: formats rows"
[ "$(grep -c '^block:hbfp6,' "$work/out-dir/x/numerics.csv")" -eq 8 ] || fail "$desc: hbfp6 series"
[ "$(grep -c '^block:mxfp4,' "$work/out-dir/x/numerics.csv")" -eq 8 ] || fail "$desc: mxfp4 series"
grep -q '^block:mxfp4,mxfp4_16,mxfp4,16,4.5,' "$work/out-dir/x/numerics.csv" ||
	fail "$desc: mxfp4_16 row (4 + 8/16 = 4.5 bits)"
if have_python; then
	python3 - "$work/out-dir/x/numerics.json" <<'PY' || fail "$desc: numerics.json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["setup"]["k"] == 256 and d["setup"]["dist"] == "gaussian"
assert [r["format"] for r in d["formats"]] == ["hbfp6_256", "mxfp4", "bf16"]
assert len(d["block_sweep"]) == 16
assert "command" in d and "dse_version" in d
PY
fi
# an output folder that cannot be made: exit 1, nothing written
run numerics --formats mxfp4 --k 64 --m 4 --n 4 -o /proc/dse-no/x
expect_status 1
stderr_one_line

# ---- bad usage: exit 2, one line ----
for args in "--formats mxfp7" "--formats mx_32" "--formats mxint8_0" \
	"--formats hbfp8_" "--dist normal" "--dist student-t:0" \
	"--outliers 2:1" "--outliers x" "--k 0" "--k 1x" "--m -1" \
	"--rounding up" "--seed x" "--npy onefile.npy" "--npy a.npy,b.npy --k 8" \
	"--m 100000 --n 100000" "--bogus" "extra"; do
	# shellcheck disable=SC2086 # split into words on purpose
	run numerics $args
	expect_status 2
	expect_no_stdout
	stderr_one_line
done
run numerics --formats mxfp7
stderr_has "known: "
run numerics --npy "$work/none.npy,$work/b.npy"
expect_status 3
stderr_one_line

finish
