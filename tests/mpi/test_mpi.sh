#!/bin/sh
# tests/mpi/test_mpi.sh — `make test-mpi`: nines built with MPI=1 under
# mpirun against the same command in one process (docs/cluster.md).
#   - run, compare, sweep, sensitivity: --json bit-identical (timings aside)
#     for 3 ranks, and for ranks x threads (-n 2 --threads 2 vs --threads 1);
#   - only rank 0 prints and stores: one JSON document, one stored run;
#   - a killed rank: the job fails, rank 0 says why (MPI_Abort with 2), the
#     store has no new run;
#   - Ctrl-C (SIGINT to mpirun): the completed trials are stored, partial.
# Environment: NINES (one process), NINES_MPI (the MPI build).
# Not under tests/cli/: `make test` runs without MPI.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh
suite mpi
: "${NINES_MPI:=$PWD/build/mpi/nines}"
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
MPIRUN="mpirun --oversubscribe"
[ "$(id -u)" -eq 0 ] && MPIRUN="$MPIRUN --allow-run-as-root"
command -v mpirun >/dev/null 2>&1 || { echo "mpi: mpirun not found (make deps MPI=1)"; exit 1; }
T=$PWD/topologies

# The JSON with the keys that are not figures dropped: seconds (timings) and
# threads (given, not computed), sorted so the comparison is by bytes.
figures() {
    python3 -c '
import json, sys
def strip(o, drop):
    if isinstance(o, dict):
        return {k: strip(v, drop) for k, v in o.items() if k not in drop}
    if isinstance(o, list):
        return [strip(v, drop) for v in o]
    return o
drop = sys.argv[1].split(",")
print(json.dumps(strip(json.load(sys.stdin), drop), sort_keys=True))' "$1" <"$2" >"$2.fig" 2>/dev/null
}

# same WHAT N MPI_THREADS ONE_THREADS ARGS...: mpirun -n N against one process
same() {
    what=$1 n=$2 mt=$3 ot=$4
    shift 4
    "$NINES" "$@" --threads "$ot" >"$TMP/one" 2>/dev/null
    $MPIRUN -n "$n" "$NINES_MPI" "$@" --threads "$mt" >"$TMP/many" 2>"$TMP/many.err"
    mrc=$?
    drop=seconds
    [ "$mt" = "$ot" ] || drop=seconds,threads
    if [ "$mrc" -eq 0 ] && figures "$drop" "$TMP/one" && figures "$drop" "$TMP/many" &&
        cmp -s "$TMP/one.fig" "$TMP/many.fig"; then
        _ok
    else
        _ko "$what: mpirun -n $n --threads $mt differs from one process --threads $ot (exit $mrc)" \
            "$(cat "$TMP/many.err"; diff "$TMP/one.fig" "$TMP/many.fig" | head -c 600)"
    fi
}

SIM="--trials 3000 --seed 5 --no-db --json"
# the issue's check: a shipped design, 3 ranks against --threads 2
same "run" 3 1 2 run "$T/mysql/galera.yaml" $SIM
same "run, 2 ranks x 2 threads" 2 2 1 run "$T/openstack/b-three-controllers.yaml" $SIM
# every kind of chunk field: data loss and split brain, operations and causes
same "run, data loss" 3 1 2 run "$T/mysql/heartbeat-drbd.yaml" $SIM
# capacity and blast radius (needs-local members, views with need)
same "run, capacity" 3 1 2 run "$T/openstack/d-nova-network-multihost.yaml" \
    --trials 700 --seed 5 --no-db --json
# transient figures: R(t), A(t), interval reliability; MTTF to the first outage
same "run, transient" 3 1 2 run "$T/mysql/replication.yaml" $SIM --at 168h,1y --window 1d
same "run, until failure" 3 1 1 run "$T/examples/quorum.yaml" --trials 1000 --seed 4 --no-db --json \
    --at 1y --until-failure
same "run, a part chunk (trials not a multiple of 64)" 3 1 2 run "$T/examples/views.yaml" \
    --trials 1001 --seed 7 --no-db --json
same "run, more ranks than chunks" 3 1 1 run "$T/examples/quorum.yaml" --trials 50 --seed 2 --no-db --json
# rare events: importance sampling's weighted sums travel too (issue 18)
same "run, importance sampling" 3 1 2 run "$PWD/tests/textbook/ba-11-2-parallel.yaml" \
    --trials 3000 --seed 6 --no-db --json --rare is
# compare keeps per-trial values for its paired block: they come from rank 0 too
same "compare" 3 1 2 compare "$T/mysql/galera.yaml" "$T/mysql/mmm.yaml" "$T/mysql/ndb.yaml" \
    --trials 2000 --seed 3 --no-db --json
same "sweep" 3 1 2 sweep "$T/examples/active-passive-hot.yaml" \
    --set hosts.db1.profile.repair=2h,8h,24h --trials 2000 --seed 3 --no-db --json
same "sweep, 2 ranks x 2 threads" 2 2 1 sweep "$T/examples/operations.yaml" \
    --set profiles.server.repair=2h,24h --trials 1500 --seed 4 --no-db --json
same "sensitivity" 3 1 2 sensitivity "$T/examples/quorum.yaml" --trials 1000 --seed 3 --no-db --json
same "sensitivity --view" 3 1 2 sensitivity "$T/examples/views.yaml" --view running-vm \
    --trials 1000 --seed 3 --no-db --json

# only rank 0 stores: one run, with the figures of one process
$MPIRUN -n 3 "$NINES_MPI" run "$T/mysql/galera.yaml" --trials 2000 --seed 9 --db "$TMP/s.db" \
    --quiet >"$TMP/out" 2>"$TMP/err"
check "mpirun run: exit 0" test $? -eq 0
check "mpirun run: one table on stdout" test "$(grep -c '^  availability' "$TMP/out")" -eq 1
check "mpirun run: one run stored" test "$(sqlite3 "$TMP/s.db" 'select count(*) from runs')" -eq 1
"$NINES" run "$T/mysql/galera.yaml" --trials 2000 --seed 9 --no-db --quiet >"$TMP/out1" 2>/dev/null
check "mpirun run: the table of one process" sh -c "grep -v ' events in ' '$TMP/out' >'$TMP/a'; \
    grep -v ' events in ' '$TMP/out1' >'$TMP/b'; cmp -s '$TMP/a' '$TMP/b'"

# a command that simulates nothing runs on rank 0 alone: one line, not three
$MPIRUN -n 3 "$NINES_MPI" check "$T/mysql/galera.yaml" >"$TMP/out" 2>"$TMP/err"
check "mpirun check: exit 0" test $? -eq 0
check "mpirun check: one line, from rank 0" test "$(wc -l <"$TMP/out")" -eq 1

# pid of rank R of the job launched by mpirun pid P (its environment says)
rank_pid() {
    for p in $(pgrep -P "$1"); do
        r=$(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sed -n 's/^OMPI_COMM_WORLD_RANK=//p')
        [ "$r" = "$2" ] && { echo "$p"; return 0; }
    done
    return 1
}

# wait_ranks P N: until N ranks run under mpirun P (10 s at most)
wait_ranks() {
    i=0
    while [ "$(pgrep -P "$1" | wc -l)" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

# a killed rank: the job fails; rank 0 says so and stores nothing. mpirun
# kills the other ranks 1 s after the first dies unless told to wait longer:
# given 6 s, rank 0 sees the rank stop answering (3 s) and says so.
LONG="run $T/mysql/galera.yaml --trials 10000000 --seed 3 --threads 1"
"$NINES" run "$T/examples/single.yaml" --trials 100 --seed 1 --db "$TMP/k.db" --quiet >/dev/null 2>&1
$MPIRUN --mca odls_base_sigkill_timeout 6 -n 3 "$NINES_MPI" $LONG --db "$TMP/k.db" \
    >"$TMP/out" 2>"$TMP/err" &
mp=$!
wait_ranks $mp 3
sleep 1.5
victim=$(rank_pid $mp 2)
[ -n "$victim" ] && kill -9 "$victim"
wait $mp
krc=$?
check "killed rank: mpirun fails" test "$krc" -ne 0
err=$(cat "$TMP/err")
expect_err "an MPI rank stopped answering \(died or was killed\): the run is lost and nothing was stored" \
    "killed rank: rank 0 says a rank stopped answering"
expect_err "with errorcode 2" "killed rank: rank 0 ends the job with status 2"
expect_err "rank 2 .*exited on signal 9" "killed rank: mpirun names the rank"
check "killed rank: no run added to the store" \
    test "$(sqlite3 "$TMP/k.db" 'select count(*) from runs')" -eq 1

# Ctrl-C on mpirun (SIGTERM to every rank): the completed trials are kept,
# as in one process
$MPIRUN --mca odls_base_sigkill_timeout 10 -n 3 "$NINES_MPI" $LONG --db "$TMP/i.db" \
    >"$TMP/out" 2>"$TMP/err" &
mp=$!
wait_ranks $mp 3
sleep 1.5
kill -INT $mp
wait $mp
check "Ctrl-C: the job ends non-zero" test $? -ne 0
err=$(cat "$TMP/err")
expect_err "trials done \(partial\)" "Ctrl-C: rank 0 says the run is partial"
check "Ctrl-C: the partial run is stored once" \
    test "$(sqlite3 "$TMP/i.db" 'select count(*) from runs where partial = 1')" -eq 1

finish
