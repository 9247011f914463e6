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
	--paper --size --font gnuplot-nox "gnuplot plot-frontier.gp"; do
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

for bad in "--size 3.4" "--size 0.5,2" "--size 3x2" "--size 3,2,1" \
	"--font 2" "--font 8pt"; do
	# shellcheck disable=SC2086 # the flag and its value, split
	run plot $bad "$work"
	expect_status 2
	stderr_one_line
	stderr_has "${bad%% *}"
done

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

# a subnormal latency once made the tick loop spin forever: refused now,
# one line naming file, key and reason
mkdir "$work/subnormal"
cp "$INPUTS/../fuzz/regress/plot_read/subnormal-latency-5e-324.json" \
	"$work/subnormal/frontier.json"
printf 'format,latency_us,throughput_tops,rows\n' >"$work/subnormal/sample.csv"
run plot --scripts-only "$work/subnormal"
expect_status 3
stderr_one_line
stderr_has "frontier.json: frontier.int8[0].latency_us: 4.94066e-324 outside"

# ---- gnuplot missing: "PROG: no such file"; scripts still written ----
results missing
run plot --gnuplot /nonexistent/gnuplot "$work/missing"
expect_status 1
stderr_one_line
stderr_has "dse: /nonexistent/gnuplot: no such file"
has_files "$work/missing" gp dat
has_no_files "$work/missing" png svg

# ---- gnuplot failing midway: no image of the set, nothing left staged ----
# (a stand-in draws the first figure, then fails on the second)
cat >"$work/halfplot" <<'SH'
#!/bin/sh
case $1 in
plot-frontier.gp) : >plot-frontier.png; : >plot-frontier.svg ;;
-e) exit 1 ;;
*) exit 3 ;;
esac
SH
chmod +x "$work/halfplot"
results half
run plot --gnuplot "$work/halfplot" "$work/half"
expect_status 1
stderr_one_line
stderr_has "plot-points.gp: $work/halfplot failed (exit status 3)"
has_files "$work/half" gp dat
has_no_files "$work/half" png svg
[ -z "$(find "$work/half" -name '.dse-stage*')" ] || fail "$desc: left a staging folder"

# ---- stopped while gnuplot draws: 143, no image, nothing staged ----
cat >"$work/slowplot" <<'SH'
#!/bin/sh
[ "$1" = -e ] && exit 1
: >"${1%.gp}.png"
exec sleep 30
SH
chmod +x "$work/slowplot"
results stopped
desc="dse plot (SIGTERM while gnuplot runs)"
checks=$((checks + 1))
"$DSE" plot --gnuplot "$work/slowplot" "$work/stopped" >"$work/out" 2>"$work/err" &
pid=$!
i=0
while [ -z "$(find "$work/stopped" -path '*.dse-stage*' -name '*.png')" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid"
status=$?
expect_status 143
has_no_files "$work/stopped" png gp dat
[ -z "$(find "$work/stopped" -name '.dse-stage*')" ] || fail "$desc: left a staging folder"

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

# --paper: single-column figures in every format, 3.4 in wide: PNG at
# 300 dpi 1020 pixels, SVG 245 pt, PDF 3.4 in = 244.8 pt (cairo's MediaBox
# rounds to 244 or 245)
results paper
pdf=
gnuplot -e 'set terminal pdfcairo' >/dev/null 2>&1 && pdf=,pdf
run plot --paper --formats "png,svg$pdf" "$work/paper"
expect_status 0
expect_no_stderr
has_files "$work/paper" png svg
for fig in $FIGURES; do
	width=$(od -An -tu1 -j16 -N4 "$work/paper/plot-$fig.png" |
		awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	[ "$width" = 1020 ] || fail "$desc: plot-$fig.png is $width pixels wide"
	grep -q 'width="245"' "$work/paper/plot-$fig.svg" ||
		fail "$desc: plot-$fig.svg is not 245 pt wide"
	[ -z "$pdf" ] || grep -aEq 'MediaBox \[ *0 0 24[45]' "$work/paper/plot-$fig.pdf" ||
		fail "$desc: plot-$fig.pdf is not 3.4 in wide"
done

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

# dse explore --plot renders into its results folder, --paper too
run explore -q --rows 1:8 --cols 64 --k-split 1 --plot -o "$work/explored"
expect_status 0
has_files "$work/explored" gp png svg
run explore -q --rows 1:8 --cols 64 --k-split 1 --plot --paper --font 7 \
	-o "$work/explored-paper"
expect_status 0
has_files "$work/explored-paper" gp png svg
grep -q 'svg size 245,[0-9]* font "Sans,7"' "$work/explored-paper/plot-frontier.gp" ||
	fail "$desc: not a 3.4 in page at 7 pt"

finish
