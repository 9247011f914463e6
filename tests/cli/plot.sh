#!/bin/sh
# plot.sh - `dse plot`: usage errors, a bad folder, gnuplot missing,
# --scripts-only, then one real render of the fixture results folder
# (tests/data/results) when gnuplot is on PATH (skipped, status 77, if not).
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

FIGURES="frontier points breakdown bounds"

# results NAME: a copy of the fixture results folder as $work/NAME.
results() {
	mkdir "$work/$1" &&
		cp "$INPUTS/results/frontier.json" "$INPUTS/results/sample.csv" \
			"$work/$1/" || exit 1
}

# has_files DIR EXT...: DIR/plot-<figure>.<ext> exists and is not empty
# for every figure and extension.
has_files() {
	dir=$1
	shift
	for fig in $FIGURES; do
		for ext in "$@"; do
			[ -s "$dir/plot-$fig.$ext" ] ||
				fail "$desc: no $dir/plot-$fig.$ext (or empty)"
		done
	done
}

# has_no_files DIR EXT...: no DIR/plot-<figure>.<ext> at all.
has_no_files() {
	dir=$1
	shift
	for fig in $FIGURES; do
		for ext in "$@"; do
			[ ! -e "$dir/plot-$fig.$ext" ] ||
				fail "$desc: $dir/plot-$fig.$ext should not exist"
		done
	done
}

# ---- help and usage errors ----
run plot --help
expect_status 0
expect_no_stderr
for word in "usage: dse plot" --gnuplot --formats --scripts-only --help \
	gnuplot-nox "gnuplot plot-frontier.gp"; do
	stdout_has "$word"
done

run plot
expect_status 2
stderr_one_line
stderr_has "no results folder"

run plot --formats png,gif "$work"
expect_status 2
stderr_one_line
stderr_has "'gif'"

run plot --no-such-flag "$work"
expect_status 2
stderr_one_line

run plot "$work/a" "$work/b"
expect_status 2
stderr_one_line

# ---- a folder without results: one line naming frontier.json ----
run plot "$work/nope"
[ "$status" -ne 0 ] || fail "$desc: exit status 0 for a missing folder"
stderr_one_line
stderr_has "$work/nope/frontier.json"

mkdir "$work/empty"
printf '{ "frontier": ' >"$work/empty/frontier.json"
run plot "$work/empty"
expect_status 3
stderr_one_line
stderr_has "frontier.json:1:"

# ---- gnuplot missing: "PROG: no such file"; scripts still written ----
results missing
run plot --gnuplot /nonexistent/gnuplot "$work/missing"
expect_status 1
stderr_one_line
stderr_has "dse: /nonexistent/gnuplot: no such file"
has_files "$work/missing" gp dat
has_no_files "$work/missing" png svg

# ---- --scripts-only: no gnuplot needed, golden scripts for PNG+SVG+PDF ----
results scripts
run plot --scripts-only --formats png,svg,pdf --gnuplot /nonexistent/gnuplot \
	"$work/scripts"
expect_status 0
expect_no_stderr
expect_no_stdout
has_files "$work/scripts" gp dat
has_no_files "$work/scripts" png svg pdf
for fig in $FIGURES; do
	cmp -s "$GOLDEN/plot-$fig.gp" "$work/scripts/plot-$fig.gp" ||
		fail "$desc: plot-$fig.gp differs from golden/plot-$fig.gp"
done

# ---- one real render, when gnuplot is installed ----
if ! command -v gnuplot >/dev/null 2>&1; then
	if [ "$failures" -eq 0 ]; then
		echo "$0: gnuplot is not on PATH: real render skipped"
		exit 77
	fi
	finish
fi

results real
run plot --formats png,svg "$work/real"
expect_status 0
expect_no_stderr
expect_no_stdout
has_files "$work/real" gp dat png svg
has_no_files "$work/real" pdf
for fig in $FIGURES; do
	[ "$(head -c 4 "$work/real/plot-$fig.png" | od -An -c | tr -d ' ')" = \
		'211PNG' ] || fail "$desc: plot-$fig.png is not a PNG image"
	grep -q '<svg' "$work/real/plot-$fig.svg" ||
		fail "$desc: plot-$fig.svg is not an SVG image"
done

# a script reruns by itself in its folder and rewrites its images
rm -f "$work/real/plot-bounds.png"
desc="cd DIR && gnuplot plot-bounds.gp"
checks=$((checks + 1))
(cd "$work/real" && gnuplot plot-bounds.gp) >"$work/out" 2>"$work/err" ||
	fail "$desc: failed: $(cat "$work/err")"
[ -s "$work/real/plot-bounds.png" ] || fail "$desc: no plot-bounds.png"

# the default formats: PNG and SVG, and PDF when pdfcairo is there
results default
run plot "$work/default"
expect_status 0
expect_no_stderr
has_files "$work/default" png svg
if gnuplot -e 'set terminal pdfcairo' >/dev/null 2>&1; then
	has_files "$work/default" pdf
fi

# a hostile results folder: names full of gnuplot and shell syntax
# (backquotes, quotes, newlines, @macros, $(...), system(), !) are drawn as
# text and nothing runs
mkdir "$work/hostile" &&
	cp "$INPUTS/results-hostile/frontier.json" \
		"$INPUTS/results-hostile/sample.csv" "$work/hostile/" || exit 1
run plot --formats png,svg,pdf "$work/hostile"
expect_status 0
expect_no_stderr
has_files "$work/hostile" png svg
pwned=$(find "$work" . -maxdepth 2 -name 'PWNED*' 2>/dev/null)
[ -z "$pwned" ] || fail "$desc: a name ran a command: $pwned"

# dse explore --plot renders into its results folder
run explore -q --rows 1:8 --cols 64 --k-split 1 --plot -o "$work/explored"
expect_status 0
has_files "$work/explored" gp png svg

finish
