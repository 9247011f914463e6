#!/bin/sh
# replay.sh - make check's part of fuzzing: every harness tests/fuzz/fuzz_<name>.c,
# linked without libFuzzer as tests/fuzz/replay-<name> (the Makefile's
# fuzz-replay target), is fed its seed corpus and every regression input
# saved in tests/fuzz/regress/<name>/.  No clang needed.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../cli/lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

builddir=$(dirname "$DSE")
found=0
for h in "$TESTS_SRCDIR"/fuzz/fuzz_*.c; do
	[ -f "$h" ] || continue
	n=$(basename "$h" .c)
	n=${n#fuzz_}
	found=1
	checks=$((checks + 1))
	desc="replay-$n"
	bin=$builddir/tests/fuzz/replay-$n
	if [ ! -x "$bin" ]; then
		fail "$desc: $bin was not built"
		continue
	fi
	TMPDIR=$work "$bin" "$TESTS_SRCDIR/fuzz/corpus/$n" "$TESTS_SRCDIR/fuzz/regress/$n" \
		>"$work/out" 2>"$work/err"
	status=$?
	expect_status 0
	echo "$desc: $(cat "$work/out")"
done
[ "$found" -eq 1 ] || fail "no harness under $TESTS_SRCDIR/fuzz"
finish
