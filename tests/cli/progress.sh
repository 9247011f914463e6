#!/bin/sh
# progress.sh - the progress bar of dse explore fits the terminal's width
# (run on a pseudo-terminal by script(1) at 50 and 100 columns; skipped
# without script).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

command -v script >/dev/null 2>&1 || exit 77

# slow to evaluate (2000 GEMM stages): a sweep of about a second, the bar
# asked for at once (DSE_PROGRESS_AFTER_S=0) so that a fast machine shows it
awk 'BEGIN { printf "{\"name\":\"slow\",\"stages\":[";
	for (i = 0; i < 2000; i++)
		printf "%s{\"type\":\"gemm\",\"n\":%d,\"k\":64,\"weights\":false}",
			(i ? "," : ""), 64 + i % 7;
	print "]}" }' >"$work/slow.json"

for cols in 50 100; do
	desc="dse explore on a $cols-column terminal"
	checks=$((checks + 1))
	script -q -e -c "stty cols $cols && DSE_PROGRESS_AFTER_S=0 exec '$DSE' explore --workload '$work/slow.json' \
		--rows 1:512 --cols 64:1024:x2 --k-split 1:4 --freq-ghz 0.5:1:0.01 --sample 0 \
		--threads 2 -o '$work/out$cols' >/dev/null" /dev/null >"$work/tty" 2>&1 </dev/null ||
		fail "$desc: failed: $(cat "$work/tty")"
	# each redraw starts with a carriage return and ends with ESC [ K
	# (the explorer's review warnings are whole lines of their own)
	tr '\r' '\n' <"$work/tty" | sed 's/\x1b\[K//g' |
		grep -v '^dse: warning: ' >"$work/lines"
	grep -q '%' "$work/lines" || fail "$desc: no progress shown"
	longest=$(awk '{ if (length($0) > n) n = length($0) } END { print n + 0 }' "$work/lines")
	[ "$longest" -lt "$cols" ] ||
		fail "$desc: a progress line is $longest characters wide"
	if [ "$cols" -ge 100 ]; then
		grep -q '^\[#*  *\]' "$work/lines" || grep -q '^\[#*\]' "$work/lines" ||
			fail "$desc: no bar drawn on a wide terminal"
	fi
done

finish
