#!/bin/sh
# shard.sh - dse explore --shard I/N and dse merge: any partition of a
# sweep, merged in any order, gives the results of the whole run (the same
# files; wall time, command line and threads aside); parts that overlap,
# leave a gap, come from another study or are no parts are refused with one
# line and nothing written; and, when dse was built with MPI and mpirun is
# here, mpirun -np 3 dse explore gives the same results as one process.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=lib.sh
. "${TESTS_SRCDIR:-$(dirname "$0")/..}/cli/lib.sh"

# check_split NAME N ORDER ARGS: N shards of ARGS merged in ORDER (a list of
# shard indices) equal the whole run of ARGS in $work/NAME/WHOLE.
check_split() {
	name=$1
	n=$2
	order=$3
	shift 3
	dirs=
	for i in $order; do
		run explore -q "$@" --shard "$i/$n" -o "S$n-$i"
		expect_status 0
		expect_no_stderr
		stdout_has "shard $i of $n"
		files_are_part "S$n-$i"
		dirs="$dirs S$n-$i"
	done
	# shellcheck disable=SC2086 # the folders are words
	run merge -q $dirs -o "M$n"
	expect_status 0
	expect_only_warnings
	summary_of "$work/out" >"$work/merged"
	cmp -s "$work/whole" "$work/merged" ||
		fail "$name: the summary of $n merged shards differs from the whole run's"
	same_results WHOLE "M$n"
}

# files_are_part DIR: DIR holds part.json alone.
files_are_part() {
	# shellcheck disable=SC2012 # our own file names
	[ "$(ls -A "$1")" = "part.json" ] ||
		fail "$desc: $1 holds '$(ls -A "$1" | tr '\n' ' ')', want part.json alone"
}

TINY="--rows 1:40 --cols 64,128 --k-split 1:2"
while IFS='|' read -r name args; do
	mkdir "$work/$name" && cd "$work/$name" || exit 1
	# shellcheck disable=SC2086
	run explore -q $args -o WHOLE
	expect_status 0
	summary_of "$work/out" >"$work/whole"
	# shellcheck disable=SC2086
	{
	check_split "$name" 1 "0" $args
	check_split "$name" 2 "1 0" $args
	check_split "$name" 4 "2 0 3 1" $args
	check_split "$name" 7 "6 5 4 3 2 1 0" $args
	}
	cd "$work" || exit 1
done <<EOF
tiny|$TINY
tail|$TINY --slo-us 50,100 --tail-requests 1000 --dataflows os,ws --batch 1,16
groups|$TINY --power-w 50,75 --workload lstm,gemm:1024,1024
set|$TINY --tech n7,n16 --set sram_read_pj_per_bit=0.05 --slo-us 100 --tail-requests 1000 --train
EOF

# ---- a results file reruns its study, --set and --train included ----
mkdir "$work/rerun" && cd "$work/rerun" || exit 1
# shellcheck disable=SC2086
run explore -q $TINY --set sram_read_pj_per_bit=0.05 --slo-us 100 \
	--tail-requests 1000 --train -o FIRST
expect_status 0
run explore -q --study FIRST/frontier.json -o AGAIN
expect_status 0
same_results FIRST AGAIN
# shellcheck disable=SC2086
run explore -q $TINY --slo-us 100 --tail-requests 1000 --train -o PLAIN
cmp -s FIRST/frontier.csv PLAIN/frontier.csv &&
	fail "--set sram_read_pj_per_bit changed nothing"
cd "$work" || exit 1

# ---- parts that do not make one whole ----
mkdir "$work/bad" && cd "$work/bad" || exit 1
for i in 0 1 2; do
	# shellcheck disable=SC2086
	"$DSE" explore -q $TINY --shard "$i/3" -o "P$i" >/dev/null 2>&1
done
# shellcheck disable=SC2086
"$DSE" explore -q --rows 1:8 --shard 0/1 -o OTHER >/dev/null 2>&1
mkdir EMPTY
echo '{"dse_partial": 1}' >EMPTY/part.json
# merge_error NAME ARGS: exit 3, one line naming NAME, no OUT.
merge_error() {
	want=$1
	shift
	run merge -q "$@" -o OUT
	expect_status 3
	expect_no_stdout
	stderr_one_line
	stderr_has "$want"
	[ ! -e OUT ] || fail "$desc: left OUT behind"
}
merge_error "a shard is missing" P0 P2
merge_error "in two partial results" P0 P1 P1 P2
merge_error fingerprint P0 P1 P2 OTHER
merge_error "No such file" P0 NOWHERE
merge_error "not a partial result" EMPTY
run merge -q -o OUT
expect_status 2
stderr_one_line
# the page of figures that are not drawn (no --plot) changes nothing
run merge -q --paper P0 P1 P2 -o OUT
expect_status 2
stderr_one_line
stderr_has "--paper: sets the figures' page, drawn only with --plot"
[ ! -e OUT ] || fail "$desc: left OUT behind"
for bad in 3/3 1 a/2 1/0 -1/2 0/2/3 " 0/2" 1048577/1048578; do
	# shellcheck disable=SC2086
	run explore -q $TINY --shard "$bad" -o OUT
	expect_status 2
	stderr_one_line
	stderr_has --shard
	[ ! -e OUT ] || fail "$desc: left OUT behind"
done
# shellcheck disable=SC2086
run explore -q $TINY --shard 0/2 --all-points -o OUT
expect_status 2
stderr_one_line
cd "$work" || exit 1

# ---- dse sensitivity: its shares merge into the whole run ----
# sens_summary FILE: the summary without the run's time and threads.
sens_summary() {
	sed 's/exact sweeps in [0-9.]* s on [0-9]* threads*/exact sweeps/' "$1"
}
SENS="$TINY --samples 8"
mkdir "$work/sens" && cd "$work/sens" || exit 1
# shellcheck disable=SC2086
run sensitivity -q $SENS -o WHOLE
expect_status 0
sens_summary "$work/out" >"$work/sens-whole"
for i in 0 1 2; do
	# shellcheck disable=SC2086
	run sensitivity -q $SENS --shard "$i/3" -o "S$i"
	expect_status 0
	files_are_part "S$i"
done
run merge -q S2 S0 S1 -o M
expect_status 0
sens_summary "$work/out" >"$work/sens-merged"
cmp -s "$work/sens-whole" "$work/sens-merged" ||
	fail "sensitivity: the summary of 3 merged shares differs from the whole run's"
same_results WHOLE M
# a share missing, given twice, or of another seed: exit 3, one line, no OUT
# shellcheck disable=SC2086
"$DSE" sensitivity -q $SENS --seed 2 --shard 0/3 -o OTHER >/dev/null 2>&1
for parts in "S0 S1" "S0 S1 S1 S2" "S0 S1 OTHER"; do
	rm -rf OUT
	# shellcheck disable=SC2086
	run merge -q $parts -o OUT
	expect_status 3
	stderr_one_line
	[ ! -e OUT ] || fail "$desc: wrote OUT"
done
# a part of dse explore among the shares, or a share among its parts, is
# named for what it is, whichever comes first (not "another dse version")
# shellcheck disable=SC2086
"$DSE" explore -q $TINY --shard 0/1 -o EXPLORE >/dev/null 2>&1
for parts in "S0 EXPLORE:EXPLORE/part.json: not a partial result of dse sensitivity" \
	"EXPLORE S0:S0/part.json: not a partial result of dse explore"; do
	rm -rf OUT
	# shellcheck disable=SC2086
	run merge -q ${parts%%:*} -o OUT
	expect_status 3
	stderr_one_line
	stderr_has "${parts#*:}"
	[ ! -e OUT ] || fail "$desc: wrote OUT"
done
# shellcheck disable=SC2086
run sensitivity -q $SENS --shard 0/2 --plot -o OUT
expect_status 2
cd "$work" || exit 1

# ---- MPI: mpirun -np 3 is one process ----
if "$DSE" --version | grep -F "mpi: yes" >/dev/null &&
	command -v mpirun >/dev/null 2>&1; then
	mkdir "$work/mpi" && cd "$work/mpi" || exit 1
	for args in "$TINY" "$TINY --slo-us 50 --tail-requests 1000 --power-w 50,75"; do
		rm -rf ONE MPI
		# shellcheck disable=SC2086
		run explore -q $args -o ONE
		expect_status 0
		summary_of "$work/out" >"$work/one"
		desc="mpirun -np 3 dse explore $args"
		checks=$((checks + 1))
		# shellcheck disable=SC2086
		mpirun --oversubscribe --allow-run-as-root -np 3 "$DSE" explore -q \
			$args -o MPI </dev/null >"$work/out" 2>"$work/err"
		status=$?
		expect_status 0
		expect_only_warnings
		summary_of "$work/out" >"$work/mpi.txt"
		cmp -s "$work/one" "$work/mpi.txt" ||
			fail "$desc: the summary differs from one process's"
		same_results ONE MPI
	done
	# dse sensitivity: the ranks share the sweeps
	rm -rf ONE MPI
	desc="mpirun -np 3 dse sensitivity $SENS"
	checks=$((checks + 1))
	# shellcheck disable=SC2086
	mpirun --oversubscribe --allow-run-as-root -np 3 "$DSE" sensitivity -q \
		$SENS -o MPI </dev/null >"$work/out" 2>"$work/err"
	status=$?
	expect_status 0
	sens_summary "$work/out" >"$work/sens-mpi"
	cmp -s "$work/sens-whole" "$work/sens-mpi" ||
		fail "$desc: the summary differs from one process's"
	same_results "$work/sens/WHOLE" MPI
	cd "$work" || exit 1
fi

finish
