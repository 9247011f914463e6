# lib.sh - helpers sourced by the dse command-line tests (tests/cli/*.sh).
#
# Environment (set by `make check`, see AM_TESTS_ENVIRONMENT):
#   DSE           the dse binary under test
#   DSE_DATADIR   the source tree's data/ folder
#   TESTS_SRCDIR  the source tree's tests/ folder
# A script sources this file, calls the checks, then `finish`: exit 0 when
# every check passed, 1 otherwise (77 means skipped, for automake).

if [ -z "${TESTS_SRCDIR:-}" ]; then
	TESTS_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
fi
if [ -z "${DSE_DATADIR:-}" ]; then
	DSE_DATADIR=$TESTS_SRCDIR/../data
fi
if [ -z "${DSE:-}" ]; then
	DSE=$TESTS_SRCDIR/../dse
fi
export DSE DSE_DATADIR TESTS_SRCDIR

if [ ! -x "$DSE" ]; then
	echo "$0: DSE=$DSE is not an executable" >&2
	exit 1
fi

# shellcheck disable=SC2034 # INPUTS and GOLDEN serve the sourcing scripts
INPUTS=$TESTS_SRCDIR/data
GOLDEN=$TESTS_SRCDIR/golden

work=$(mktemp -d "${TMPDIR:-/tmp}/dse-cli.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

failures=0
checks=0
status=0
desc=

# Record a failed check.
fail() {
	printf 'FAIL: %s\n' "$*" >&2
	failures=$((failures + 1))
}

# Run dse with the arguments: exit code in $status, output in $work/out and
# $work/err, the command line in $desc.
run() {
	desc="dse $*"
	checks=$((checks + 1))
	"$DSE" "$@" </dev/null >"$work/out" 2>"$work/err"
	status=$?
}

expect_status() {
	[ "$status" -eq "$1" ] ||
		fail "$desc: exit status $status, want $1 (stderr: $(cat "$work/err"))"
}

expect_no_stderr() {
	[ ! -s "$work/err" ] || fail "$desc: stderr not empty: $(cat "$work/err")"
}

# stderr holds nothing but "dse: warning: ..." lines (the explorer's review).
expect_only_warnings() {
	if grep -v -e '^dse: warning: ' "$work/err" >/dev/null; then
		fail "$desc: stderr has more than warnings: $(grep -v -e '^dse: warning: ' "$work/err")"
	fi
}

expect_no_stdout() {
	[ ! -s "$work/out" ] || fail "$desc: stdout not empty"
}

# stdout has a line matching the extended regular expression $1.
stdout_matches() {
	grep -E -e "$1" "$work/out" >/dev/null ||
		fail "$desc: no line of stdout matches /$1/"
}

# stdout contains the fixed string $1.
stdout_has() {
	grep -F -e "$1" "$work/out" >/dev/null ||
		fail "$desc: stdout does not contain '$1'"
}

# stderr contains the fixed string $1.
stderr_has() {
	grep -F -e "$1" "$work/err" >/dev/null ||
		fail "$desc: stderr does not name '$1': $(cat "$work/err")"
}

# stderr is exactly one newline-terminated line that starts with "dse".
stderr_one_line() {
	nl=$(wc -l <"$work/err")
	nr=$(awk 'END { print NR }' "$work/err")
	if [ "$((nl))" -ne 1 ] || [ "$nr" -ne 1 ]; then
		fail "$desc: stderr has $nr line(s), want 1: $(cat "$work/err")"
	fi
	case $(head -n 1 "$work/err") in
	dse*) ;;
	*) fail "$desc: stderr does not start with 'dse': $(head -n 1 "$work/err")" ;;
	esac
}

# The value of "key" in the pretty-printed flat JSON object on stdout.
json_value() {
	sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\\(.*[^,]\\),\\{0,1\\}\$/\\1/p" \
		"$work/out" | head -n 1
}

# Number $2 of key $1 is within $3 (default 0) of the JSON value.
json_number_is() {
	got=$(json_value "$1")
	if [ -z "$got" ]; then
		fail "$desc: no key \"$1\" in the JSON output"
		return
	fi
	awk -v a="$got" -v b="$2" -v t="${3:-0}" \
		'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }' ||
		fail "$desc: \"$1\" is $got, want $2 (within ${3:-0})"
}

# The JSON value of key $1 is the literal text $2 ("power", true, ...).
json_text_is() {
	got=$(json_value "$1")
	[ "$got" = "$2" ] || fail "$desc: \"$1\" is '$got', want '$2'"
}

# 0 when python3 can check JSON syntax.
have_python() {
	command -v python3 >/dev/null 2>&1 && python3 -c 'import json' 2>/dev/null
}

# stdout parses as JSON and holds every key given (needs python3).
json_parses_with_keys() {
	python3 - "$work/out" "$@" <<'PY' || fail "$desc: stdout is not JSON with keys $*"
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
missing = [k for k in sys.argv[2:] if k not in d]
if missing:
    sys.stderr.write("missing keys: %s\n" % ", ".join(missing))
    sys.exit(1)
PY
}

# stdout equals the golden file $1 (under tests/golden).
stdout_is_golden() {
	if ! diff -u "$GOLDEN/$1" "$work/out" >"$work/diff" 2>&1; then
		fail "$desc: output differs from golden/$1:"
		cat "$work/diff" >&2
	fi
}

# Helpers of the scripts that run in folders of their own (explore.sh,
# sensitivity.sh).

# fresh NAME: an empty folder $work/NAME, made the current one.
fresh() {
	mkdir "$work/$1" && cd "$work/$1" || exit 1
}

# files_are DIR NAME...: DIR holds exactly these files (sorted names).
files_are() {
	dir=$1
	shift
	want=$(printf '%s\n' "$@" | sort)
	# shellcheck disable=SC2012 # our own file names, no odd characters
	got=$(ls -A "$dir" 2>/dev/null | sort)
	[ "$got" = "$want" ] ||
		fail "$desc: $dir holds '$(echo "$got" | tr '\n' ' ')', want '$*'"
}

# lines_are FILE N: FILE has N lines.
lines_are() {
	n=$(wc -l <"$1")
	[ "$((n))" -eq "$2" ] || fail "$desc: $1 has $((n)) lines, want $2"
}

# py_check FILE EXPR...: each Python expression on the JSON in FILE (as d)
# is true.
py_check() {
	have_python || return 0
	f=$1
	shift
	python3 - "$f" "$@" <<'PY' || fail "$desc: $f fails a check (above)"
import json, sys
with open(sys.argv[1]) as fh:
    d = json.load(fh)
bad = 0
for expr in sys.argv[2:]:
    try:
        ok = eval(expr, {"d": d})
    except Exception as e:
        ok, expr = False, "%s (%s)" % (expr, e)
    if not ok:
        sys.stderr.write("false: %s\n" % expr)
        bad = 1
sys.exit(bad)
PY
}

# summary_of FILE: a summary without what depends on the run: the counts
# line (wall time, threads) and the tail pass's time.
summary_of() {
	grep -v " feasible (" "$1" |
		sed 's/requests per simulation, [0-9.]* s)/requests per simulation, T s)/'
}

# same_results DIR1 DIR2 [KEY...]: two results folders hold the same
# results: every CSV file byte for byte, and every JSON file equal once its
# run-specific keys (wall time, command line, threads, and the KEYs given)
# are dropped (the JSON part needs python3).  Groups' subfolders too.
same_results() {
	a=$1
	b=$2
	shift 2
	# shellcheck disable=SC2012 # our own file names
	la=$(cd "$a" && find . -type f | sort)
	lb=$(cd "$b" && find . -type f | sort)
	[ "$la" = "$lb" ] ||
		fail "$desc: $a and $b hold different files: $(echo "$la" | tr '\n' ' ') / $(echo "$lb" | tr '\n' ' ')"
	for f in $la; do
		case $f in
		*.json) ;;
		*) cmp -s "$a/$f" "$b/$f" || fail "$desc: $a/$f and $b/$f differ" ;;
		esac
	done
	have_python || return 0
	python3 - "$a" "$b" "$@" <<'PY' || fail "$desc: the JSON of $a and $b differ (above)"
import json, os, sys
a, b, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
drop = {"wall_time_s", "command_line", "threads"} | set(extra)
def clean(x):
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items() if k not in drop}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return x
bad = 0
for root, _, files in os.walk(a):
    for f in files:
        if not f.endswith(".json"):
            continue
        pa = os.path.join(root, f)
        pb = os.path.join(b, os.path.relpath(pa, a))
        da, db = clean(json.load(open(pa))), clean(json.load(open(pb)))
        if da != db:
            sys.stderr.write("%s and %s differ\n" % (pa, pb))
            bad = 1
sys.exit(bad)
PY
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$0: $failures of $checks command(s) failed a check"
		exit 1
	fi
	echo "$0: $checks command(s) passed"
	exit 0
}
