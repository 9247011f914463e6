#!/bin/sh
# run.sh - make fuzz: build every tests/fuzz/fuzz_<name>.c with clang's
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer against the
# library's sources, then run each for $FUZZ_SECONDS on a copy of its seed
# corpus (tests/fuzz/corpus/<name>/ and regress/<name>/).  A crash, a leak,
# a timeout (a single input over 10 s) or a broken property fails it; the
# input that did is left in tests/fuzz/build/artifacts/<name>/ (copy it to
# regress/<name>/ once fixed, so that make check replays it).
#
#   run.sh SRCDIR "CPPFLAGS" "LIBS" SOURCE...    (from the Makefile)
# Environment: FUZZ_CC (clang), FUZZ_SECONDS (60), FUZZ_JOBS (harnesses run
# at once; the number of processors), FUZZ_ONLY (names, default all).
set -u
srcdir=$1
cppflags=$2
libs=$3
shift 3
cc=${FUZZ_CC:-clang}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=tests/fuzz/build
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -fno-omit-frame-pointer"

command -v "$cc" >/dev/null 2>&1 || {
	echo "make fuzz: $cc not found (Debian: apt-get install clang libclang-rt-14-dev)" >&2
	exit 1
}
mkdir -p "$out/obj" "$out/bin" || exit 1

# the library, instrumented for coverage (fuzzer-no-link) and sanitizers
objs=
for s in "$@"; do
	case $s in *.c) ;; *) continue ;; esac
	o=$out/obj/$(echo "$s" | tr / _ | sed 's/\.c$/.o/')
	if [ ! -f "$o" ] || [ "$srcdir/$s" -nt "$o" ]; then
		# shellcheck disable=SC2086 # flag lists
		$cc $cflags $san -fsanitize=fuzzer-no-link -I. $cppflags \
			-c "$srcdir/$s" -o "$o" || exit 1
	fi
	objs="$objs $o"
done

names=
for h in "$srcdir"/tests/fuzz/fuzz_*.c; do
	[ -f "$h" ] || continue
	n=$(basename "$h" .c)
	n=${n#fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $n "*) ;; *) continue ;; esac
	fi
	# shellcheck disable=SC2086
	$cc $cflags $san -fsanitize=fuzzer -I. $cppflags "$h" $objs $libs \
		-o "$out/bin/fuzz_$n" || exit 1
	names="$names $n"
done
[ -n "$names" ] || { echo "make fuzz: no harness in $srcdir/tests/fuzz" >&2; exit 1; }

# fuzz_one NAME: run one harness; its log in $out/NAME.log
fuzz_one() {
	n=$1
	rm -rf "$out/corpus/$n" "$out/artifacts/$n"
	mkdir -p "$out/corpus/$n" "$out/artifacts/$n"
	for d in corpus regress; do
		[ -d "$srcdir/tests/fuzz/$d/$n" ] &&
			find "$srcdir/tests/fuzz/$d/$n" -type f -exec cp {} "$out/corpus/$n/" \;
	done
	# -rss_limit_mb: a range may hold 10^6 values; 2 GB is far above
	ASAN_OPTIONS=detect_leaks=1 "$out/bin/fuzz_$n" -max_total_time="$seconds" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$n/" "$out/corpus/$n" \
		>"$out/$n.log" 2>&1
	echo $? >"$out/$n.status"
}

running=0
for n in $names; do
	fuzz_one "$n" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=0
for n in $names; do
	st=$(cat "$out/$n.status" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$n.log" | tail -n 1)
	corpus=$(find "$out/corpus/$n" -type f | wc -l)
	if [ "$st" -eq 0 ]; then
		printf 'fuzz %-16s %10s executions in %s s, corpus %s inputs: ok\n' \
			"$n" "${execs:-?}" "$seconds" "$corpus"
	else
		printf 'fuzz %-16s %10s executions: FAILED (exit %s), see %s and %s\n' \
			"$n" "${execs:-?}" "$st" "$out/$n.log" "$out/artifacts/$n/"
		grep -E 'ERROR|SUMMARY|==[0-9]+==|\.c:[0-9]+:' "$out/$n.log" | head -n 20
		failed=1
	fi
done
exit $failed
