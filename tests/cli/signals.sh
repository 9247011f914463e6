#!/bin/sh
# signals.sh - what a run leaves behind when it is stopped or cannot write:
# SIGTERM, SIGHUP and SIGINT remove its temporaries and the folders it
# made and end it with status 128 + signal; a full disk, a file-size limit
# or a full or closed stdout end it with status 1 and one line naming the
# file and the reason, and leave no file under its final name: either the
# whole new set of results or the old one.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

TINY="--rows 1:16 --cols 64,128 --k-split 1:2"

# A workload slow to evaluate (2000 GEMM stages without weights), so that a
# sweep of it takes seconds: time to stop it while its temporaries exist.
awk 'BEGIN { printf "{\"name\":\"slow\",\"stages\":[";
	for (i = 0; i < 2000; i++)
		printf "%s{\"type\":\"gemm\",\"n\":%d,\"k\":64,\"weights\":false}",
			(i ? "," : ""), 64 + i % 7;
	print "]}" }' >"$work/slow.json"
SLOW="--workload $work/slow.json --rows 1:1024 --cols 64:1024:x2 --k-split 1:4 --freq-ghz 1"

# leftovers DIR: the temporaries (*.tmp.*) under DIR, one per line.
leftovers() {
	find "$1" -name '*.tmp.*' 2>/dev/null
}

# stop_run SIGNAL DIR [WRAPPER...]: start a slow --all-points run writing
# DIR/sub, send SIGNAL once its temporaries exist, wait; status in $status.
stop_run() {
	sig=$1
	dir=$2
	shift 2
	checks=$((checks + 1))
	desc="dse explore --all-points (SIG$sig)"
	# shellcheck disable=SC2086 # SLOW is a list of words
	"$@" "$DSE" explore -q $SLOW --all-points -o "$dir/sub" \
		</dev/null >"$work/out" 2>"$work/err" &
	pid=$!
	i=0
	while [ -z "$(leftovers "$dir")" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$(leftovers "$dir")" ] || fail "$desc: no temporary appeared in 30 s"
	kill "-$sig" "$pid"
	wait "$pid"
	status=$?
}

# ---- SIGTERM: 143, the folders it made removed ----
mkdir "$work/term"
stop_run TERM "$work/term"
expect_status 143
[ -z "$(ls -A "$work/term")" ] ||
	fail "$desc: left $(ls -A "$work/term") in its folder"

# ---- SIGHUP over older results: 129, the old set intact ----
run explore -q $TINY -o "$work/hup/sub"
expect_status 0
cp -R "$work/hup/sub" "$work/hup-before"
# (perl restores the default action: a run under nohup inherits SIGHUP
# ignored, and then, as for any program, the signal never arrives)
if command -v perl >/dev/null 2>&1; then
	stop_run HUP "$work/hup" perl -e '$SIG{HUP} = "DEFAULT"; exec @ARGV or exit 127'
else
	stop_run HUP "$work/hup"
fi
expect_status 129
[ -z "$(leftovers "$work/hup")" ] ||
	fail "$desc: left $(leftovers "$work/hup")"
diff -r "$work/hup-before" "$work/hup/sub" >/dev/null ||
	fail "$desc: the older results changed"

# ---- SIGINT (Ctrl-C): 130; perl restores the default action that a
# background job of a script starts without ----
if command -v perl >/dev/null 2>&1; then
	mkdir "$work/int"
	stop_run INT "$work/int" perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127'
	expect_status 130
	[ -z "$(ls -A "$work/int")" ] ||
		fail "$desc: left $(ls -A "$work/int") in its folder"
fi

# ---- a full stdout: 1, "stdout" and the reason, no results folder ----
if [ -w /dev/full ]; then
	desc="dse explore > /dev/full"
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	"$DSE" explore -q $TINY -o "$work/full" >/dev/full 2>"$work/err"
	status=$?
	expect_status 1
	stderr_one_line
	stderr_has "stdout: write failed: No space left on device"
	[ ! -e "$work/full" ] || fail "$desc: left $work/full"
	for args in eval "eval --json" "cycles --rows 4 --cols 4 --m 4 --n 4 --k 4" \
		--help --version "help eval"; do
		desc="dse $args > /dev/full"
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		"$DSE" $args >/dev/full 2>"$work/err"
		status=$?
		expect_status 1
		stderr_one_line
		stderr_has "stdout: write failed"
	done
fi

# ---- a closed stdout: 1, and no file takes descriptor 1 ----
desc="dse explore >&-"
checks=$((checks + 1))
# shellcheck disable=SC2086
"$DSE" explore -q $TINY -o "$work/closed" >&- 2>"$work/err"
status=$?
expect_status 1
stderr_one_line
stderr_has "stdout: write failed: Bad file descriptor"
[ ! -e "$work/closed" ] || fail "$desc: left $work/closed"

# ---- a file-size limit: SIGXFSZ ignored, the file and reason named ----
# ulimit -f counts 512- or 1024-byte blocks (dash, bash): 800 blocks are
# 400 to 800 kB, more than the tiny study's frontier.json (about 220 kB)
# and less than its sample.csv (about 980 kB) or points.jsonl (25 MB).
desc="dse explore --all-points under ulimit -f 800"
checks=$((checks + 1))
# shellcheck disable=SC2086
(ulimit -f 800 && exec "$DSE" explore -q $TINY --all-points -o "$work/fsz") \
	>"$work/out" 2>"$work/err"
status=$?
expect_status 1
stderr_one_line
stderr_has "points.jsonl: write failed: File too large"
[ ! -e "$work/fsz" ] || fail "$desc: left $work/fsz"

# ---- results are replaced as a set: sample.csv cannot be written, so
# neither frontier.json nor frontier.csv is replaced ----
run explore -q $TINY --seed 1 -o "$work/set"
expect_status 0
cp -R "$work/set" "$work/set-before"
desc="dse explore --seed 2 under ulimit -f 800 over older results"
checks=$((checks + 1))
# shellcheck disable=SC2086
(ulimit -f 800 && exec "$DSE" explore -q $TINY --seed 2 -o "$work/set") \
	>"$work/out" 2>"$work/err"
status=$?
expect_status 1
stderr_one_line
stderr_has "sample.csv: write failed: File too large"
diff -r "$work/set-before" "$work/set" >/dev/null ||
	fail "$desc: the older results changed (a partial set was committed)"

finish
