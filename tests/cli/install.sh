#!/bin/sh
# install.sh - what an installed dse relies on, tested in the build tree:
# data found by bare name, the data folder recorded in every JSON output,
# and the generated manual page and completions covering every command and
# flag of the help texts.  (.ci/run installs into a fresh prefix, moves the
# sources away and runs the installed dse and a program linked with
# pkg-config.)
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

builddir=$(dirname "$DSE")

# ---- installed studies, workloads and technologies by bare name ----
run explore -q --study formats --rows 1:2 --cols 64 --k-split 1 --freq-ghz 1 \
	-o "$work/by-name"
expect_status 0
# the study's six formats, from data/studies/formats.json
grep -F '"hbfp6_225"' "$work/by-name/frontier.json" >/dev/null ||
	fail "$desc: the study's formats are not in frontier.json"
run eval -q --workload attention --tech n16
expect_status 0
stdout_has attention
run explore -q --study nosuch -o "$work/nosuch"
expect_status 3
stderr_one_line
stderr_has nosuch

# ---- the data folder in every JSON output ----
grep -F "\"datadir\":	\"$DSE_DATADIR\"" "$work/by-name/frontier.json" >/dev/null ||
	fail "frontier.json: no \"datadir\": \"$DSE_DATADIR\""
run eval --json
expect_status 0
json_text_is datadir "\"$DSE_DATADIR\""
run cycles --json --rows 4 --cols 4 --m 4 --n 4 --k 4
expect_status 0
json_text_is datadir "\"$DSE_DATADIR\""

# ---- the manual page: every command and every flag of its help ----
commands=$("$DSE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p')
if [ -f "$builddir/dse.1" ]; then
	for c in $commands; do
		checks=$((checks + 1))
		grep -F "\\fB$c\\fR" "$builddir/dse.1" >/dev/null ||
			fail "dse.1: no command $c"
		[ "$c" = help ] && continue
		grep -F ".SS \"dse $c\"" "$builddir/dse.1" >/dev/null ||
			fail "dse.1: no section for dse $c"
		for f in $("$DSE" "$c" --help | grep -E '^  +-' |
			grep -Eo -- '--[a-z][a-z0-9-]*' | sort -u); do
			roff=$(printf '%s' "$f" | sed 's/-/\\-/g')
			grep -F -e "$roff" "$builddir/dse.1" >/dev/null ||
				fail "dse.1: dse $c $f is not documented"
			grep -F -e " $f " "$builddir/completion/dse" >/dev/null ||
				grep -F -e "\"$f " "$builddir/completion/dse" >/dev/null ||
				fail "completion/dse: dse $c $f does not complete"
		done
	done
	for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "EXIT STATUS" \
		ENVIRONMENT FILES EXAMPLES; do
		grep -F ".SH $section" "$builddir/dse.1" >/dev/null ||
			fail "dse.1: no section $section"
	done
	if command -v man >/dev/null 2>&1; then
		checks=$((checks + 1))
		MANWIDTH=80 man -l "$builddir/dse.1" >"$work/man.txt" 2>"$work/man.err" ||
			fail "man -l dse.1 failed: $(cat "$work/man.err")"
		grep -q 'DSE_DATADIR' "$work/man.txt" || fail "man dse: no DSE_DATADIR"
	fi
else
	fail "$builddir/dse.1 was not built"
fi
if command -v bash >/dev/null 2>&1 && [ -f "$builddir/completion/dse" ]; then
	checks=$((checks + 1))
	got=$(bash -c '. "$1"; COMP_WORDS=(dse explore --k-sp); COMP_CWORD=2; _dse;
		echo "${COMPREPLY[*]}"' sh "$builddir/completion/dse")
	[ "$got" = "--k-split" ] || fail "bash completion of 'dse explore --k-sp': '$got'"
fi

finish
