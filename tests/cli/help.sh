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
	[ "$(cat "$work/out")" = "dse $version" ] ||
		fail "$desc: prints '$(cat "$work/out")', want 'dse $version'"
else
	stdout_matches '^dse [0-9]+\.[0-9]+(\.[0-9]+)?$'
fi

finish
