#!/bin/sh
# help.sh - dse --help, dse <command> --help, dse --version.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# expect_help WORD...: the last run succeeded quietly on stdout and its
# output names every WORD.
expect_help() {
	expect_status 0
	expect_no_stderr
	for word in "$@"; do
		stdout_has "$word"
	done
}

for args in --help -h help; do
	run $args
	expect_help "usage: dse" eval cycles chips --help --version
done

eval_flags="--format --dataflow --rows --cols --k-split --freq-ghz --batch
	--arrays --tech --workload --area-mm2 --power-w --sram-mb --json --help
	--fold-overlap --accumulators --dram-in-budget"
for args in --help -h; do
	run eval "$args"
	# shellcheck disable=SC2086 # one word per flag
	expect_help "usage: dse eval" $eval_flags
done
# the defaults a user needs: n7, lstm, 300 mm2, 75 W, 75 MB, 16 x 128, os
run eval --help
expect_help "[n7]" "[lstm]" "[300]" "[75]" "[16]" "[128]" "[os]"

cycles_flags="--dataflow --rows --cols --m --n --k --json --help --topology
	--fold-overlap --acc-depth"
for args in --help -h; do
	run cycles "$args"
	# shellcheck disable=SC2086
	expect_help "usage: dse cycles" $cycles_flags
done

run chips --help
expect_help "usage: dse chips" --json tpuv1 tpuv4i

run explore --help
expect_help "usage: dse explore" --sram-mb --dram-in-budget --fold-overlap \
	--accumulators RANGE

# --help wins over the other options and does not run the command
run eval --rows 4 --help
expect_help "usage: dse eval"

# the version of configure.ac's AC_INIT
version=$(sed -n 's/^AC_INIT(\[dse\], *\[\([^]]*\)\].*/\1/p' \
	"$TESTS_SRCDIR/../configure.ac")
run --version
expect_status 0
expect_no_stderr
if [ -n "$version" ]; then
	[ "$(head -n 1 "$work/out")" = "dse $version" ] ||
		fail "$desc: prints '$(head -n 1 "$work/out")', want 'dse $version'"
else
	stdout_matches '^dse [0-9]+\.[0-9]+(\.[0-9]+)?$'
fi
# then the data folder in use and why: here $DSE_DATADIR, as make check sets
[ "$(sed -n 2p "$work/out")" = "data: $DSE_DATADIR (DSE_DATADIR)" ] ||
	fail "$desc: second line '$(sed -n 2p "$work/out")', want 'data: $DSE_DATADIR (DSE_DATADIR)'"
# without it, the build tree's dse reads the source tree's data/
if [ -f "$(dirname "$DSE")/config.status" ]; then
	out=$(env -u DSE_DATADIR "$DSE" --version | sed -n 2p)
	want="data: $(cd "$TESTS_SRCDIR/../data" && pwd -P) (build tree)"
	[ "$out" = "$want" ] || fail "dse --version without DSE_DATADIR: '$out', want '$want'"
	checks=$((checks + 1))
fi

# dse help CMD is dse CMD --help, for every command of the top-level help
commands=$("$DSE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || fail "dse --help: no commands listed"
for c in $commands; do
	[ "$c" = help ] && continue
	"$DSE" "$c" --help >"$work/want" 2>&1
	run help "$c"
	expect_status 0
	expect_no_stderr
	cmp -s "$work/want" "$work/out" ||
		fail "$desc: differs from dse $c --help"
	# every command takes -q and --quiet and lists it
	stdout_has "-q, --quiet"
	# and its help fits a terminal of 80 columns (STYLE.md), each flag
	# listed once
	wide=$(awk 'length($0) > 80 { print FILENAME ":" FNR; exit }' "$work/out")
	[ -z "$wide" ] || fail "dse $c --help: line ${wide##*:} is over 80 columns"
	twice=$(sed -n 's/^  \(-[a-z], \)*\(--[a-z-]*\).*/\2/p' "$work/out" |
		sort | uniq -d | tr '\n' ' ')
	[ -z "$twice" ] || fail "dse $c --help: lists $twice more than once"
	checks=$((checks + 2))
done
"$DSE" --help >"$work/out"
wide=$(awk 'length($0) > 80 { print FNR; exit }' "$work/out")
[ -z "$wide" ] || fail "dse --help: line $wide is over 80 columns"
checks=$((checks + 1))

# -q and --quiet are accepted by every command
run eval -q
expect_status 0
run eval --quiet --json
expect_status 0
run cycles -q --rows 4 --cols 4 --m 4 --n 4 --k 4
expect_status 0
run plot -q --scripts-only --help
expect_status 0

# a flag the dataflow ignores says so once on stderr (not with -q)
run eval --batch 64
expect_status 0
stderr_one_line
stderr_has "--batch: ignored by dataflow os"
run eval --batch 64 -q
expect_status 0
expect_no_stderr
run eval --batch 64 --dataflow ws
expect_status 0
expect_no_stderr

finish
