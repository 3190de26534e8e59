#!/bin/sh
# tests/cli/test_faults.sh — database faults from the command line (issue 7,
# item 4) for run, compare and sweep: a full disk (a small tmpfs in a private
# mount namespace, where one can be made), a file size limit reached
# (ulimit -f), a read-only file and a read-only folder, a corrupt file
# (random bytes, a truncated store), a lock held past the busy timeout, and
# SIGKILL while compare stores many designs. Each: exit 2, a message naming
# the file and the fix, no partial run, the earlier runs intact (PRAGMA
# integrity_check and row counts of every table before and after).
# test_store.sh covers `run` into a corrupt, read-only or locked file;
# tests/test_store_run.c the same faults at the library level.
#
# compare, sweep (and report FILE...) store each run in its own transaction,
# as `run` does; after the first failure they store nothing more, so the file
# keeps the runs stored before the failure, each whole (docs/security.md).
. tests/cli/lib.sh
suite faults

P1=$PWD/tests/cases/validation/p1-single.yaml
P2=$PWD/tests/cases/validation/p2-quorum-3.yaml

# counts DB: "runs figures histogram convergence topologies" on one line
counts() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(" ".join(str(db.execute("SELECT count(*) FROM " + t).fetchone()[0])
               for t in ("runs", "figures", "histogram", "convergence", "topologies")))
PY
}
# intact DB "what": integrity_check is ok and every run is whole (a system
# figure and one per service of its topology, a convergence point)
intact() {
    if python3 - "$1" >"$TMP/intact" 2>&1 <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
for rid, in db.execute("SELECT id FROM runs"):
    sys_rows = db.execute("SELECT count(*) FROM figures WHERE run_id = ? AND kind = 0", (rid,)).fetchone()[0]
    svc = db.execute("SELECT count(*) FROM figures WHERE run_id = ? AND kind = 1", (rid,)).fetchone()[0]
    conv = db.execute("SELECT count(*) FROM convergence WHERE run_id = ?", (rid,)).fetchone()[0]
    assert sys_rows == 1 and svc >= 1 and conv >= 1, (rid, sys_rows, svc, conv)
PY
    then _ok; else _ko "$2: the store is damaged or holds a partial run" "$(cat "$TMP/intact")"; fi
}
same() { if [ "$1" = "$2" ]; then _ok; else _ko "$3: rows changed ($1 -> $2)"; fi; }

BASE=$TMP/base.db
"$NINES" run "$P1" --trials 100 --seed 2 --quiet --db "$BASE" >/dev/null 2>&1
"$NINES" run "$P2" --trials 100 --seed 3 --quiet --db "$BASE" >/dev/null 2>&1
before=$(counts "$BASE")
check "the base store holds two runs" test "${before%% *}" -eq 2

# a design whose text alone (about 400 KB) cannot fit under the limit below
BIG=$TMP/big.yaml
python3 - "$BIG" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("format: nines/1\nname: big text\ndescription: |\n")
    for i in range(5000):
        f.write("  line %05d of a long description that makes the stored text large\n" % i)
    f.write("hosts:\n  box: {}\nservices:\n  app: { mode: single, hosts: [box], "
            "instance: { fail: 1000h, repair: 10h } }\nsystem: [app]\n")
PY

# ---- file size limit (ulimit -f; 512-byte blocks in POSIX sh): SIGXFSZ must
# not kill nines, the write fails with a clear error
limited() { # BLOCKS ARGS...: runs nines under a file size limit
    _b=$1; shift
    (ulimit -f "$_b" && exec "$NINES" "$@") >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
}
cp "$BASE" "$TMP/full.db"
limited 192 run "$BIG" --trials 50 --quiet --db "$TMP/full.db"
expect_rc 2 "run past the file size limit: exit 2, not killed by SIGXFSZ"
expect_err "nines: error: cannot store the run in .*full\.db: the file size limit \(ulimit -f\) is reached" \
    "file size limit: the message names the file and the cause"
expect_err "free some disk space or raise 'ulimit -f'" "file size limit: the fix"
expect_out '^big text' "file size limit: the figures are printed anyway"
same "$before" "$(counts "$TMP/full.db")" "file size limit: run"
intact "$TMP/full.db" "file size limit: run"
# so small that the store cannot even start its shared-memory file
limited 8 run "$P1" --trials 50 --quiet --db "$TMP/full.db"
expect_rc 2 "run under a tiny file size limit"
expect_err "full\.db: the file size limit \(ulimit -f\) is reached" "tiny limit: the cause"
same "$before" "$(counts "$TMP/full.db")" "tiny file size limit"
intact "$TMP/full.db" "tiny file size limit"
# compare: the small design is stored, the big one is not, the rest is kept
limited 192 compare "$P1" "$BIG" "$P2" --trials 50 --quiet --db "$TMP/full.db"
expect_rc 2 "compare past the file size limit"
expect_err "cannot store the run in .*full\.db: the file size limit" "compare: the cause"
expect_err "nines: note: 1 of 3 runs stored in .*full\.db; 2 not stored" "compare says what was stored"
expect_out '^big text ' "compare prints every design's figures anyway"
expect_out '^three-member quorum' "compare prints the design after the failure"
check "compare: exactly the first design was added" test "$(counts "$TMP/full.db" | cut -d' ' -f1)" -eq 3
intact "$TMP/full.db" "file size limit: compare"
cp "$BASE" "$TMP/full2.db"
limited 192 sweep "$BIG" --set mission=1y,2y,3y --trials 50 --quiet --db "$TMP/full2.db"
expect_rc 2 "sweep past the file size limit"
expect_err "nines: note: 0 of 3 runs stored in .*full2\.db; 3 not stored" "sweep stops storing after the failure"
expect_out '^1y ' "sweep prints every point anyway"
same "$before" "$(counts "$TMP/full2.db")" "file size limit: sweep"
intact "$TMP/full2.db" "file size limit: sweep"
run run "$P1" --trials 50 --quiet --db "$TMP/full2.db"
expect_rc 0 "without the limit the same store takes a run again"

# ---- a full disk: a 512 KB tmpfs in a private mount namespace (root, or
# user namespaces), filled to 112 KB free (a small run touches a page of
# every table and its rollback journal keeps a copy of each: schema 6 added
# two), where the store sits; skipped where no mount namespace can be made
# (the file size limit above is the same error)
MNT=$TMP/mnt
mkdir -p "$MNT" "$TMP/fullcopy"
ns=
if unshare -m sh -c "mount -t tmpfs -o size=64k tmpfs '$MNT'" 2>/dev/null; then ns="unshare -m"
elif unshare -rm sh -c "mount -t tmpfs -o size=64k tmpfs '$MNT'" 2>/dev/null; then ns="unshare -rm"
fi
on_full_disk() { # ARGS...: nines ARGS --db MNT/s.db on the nearly full disk; the store is copied out
    rm -f "$TMP/fullcopy/"*
    # shellcheck disable=SC2086
    $ns sh -c '
        mnt=$1 base=$2 copy=$3 out=$4 err=$5 nines=$6; shift 6
        mount -t tmpfs -o size=512k tmpfs "$mnt" || exit 99
        cp "$base" "$mnt/s.db"
        dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null
        truncate -s -112K "$mnt/fill"
        "$nines" "$@" --db "$mnt/s.db" >"$out" 2>"$err" </dev/null
        rc=$?
        cp "$mnt"/s.db* "$copy/"
        exit $rc' - "$MNT" "$BASE" "$TMP/fullcopy" "$TMP/out" "$TMP/err" "$NINES" "$@"
    rc=$?
    out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
}
if [ -n "$ns" ]; then
    on_full_disk run "$P1" --trials 50 --quiet
    expect_rc 0 "full disk: a small run still fits in 112 KB"
    on_full_disk run "$BIG" --trials 50 --quiet
    expect_rc 2 "full disk: run"
    expect_err "nines: error: cannot store the run in .*mnt/s\.db: the disk is full \(free some disk space" \
        "full disk: the message names the file, the cause and the fix"
    same "$before" "$(counts "$TMP/fullcopy/s.db")" "full disk: run"
    intact "$TMP/fullcopy/s.db" "full disk: run"
    on_full_disk compare "$P1" "$BIG" "$P2" --trials 50 --quiet
    expect_rc 2 "full disk: compare"
    expect_err "nines: note: 1 of 3 runs stored in .*mnt/s\.db; 2 not stored" "full disk: compare says what was stored"
    check "full disk: compare stored the first design only" test "$(counts "$TMP/fullcopy/s.db" | cut -d' ' -f1)" -eq 3
    intact "$TMP/fullcopy/s.db" "full disk: compare"
    on_full_disk sweep "$BIG" --set mission=1y,2y --trials 50 --quiet
    expect_rc 2 "full disk: sweep"
    expect_err "the disk is full" "full disk: sweep's cause"
    same "$before" "$(counts "$TMP/fullcopy/s.db")" "full disk: sweep"
    intact "$TMP/fullcopy/s.db" "full disk: sweep"
fi

# ---- read-only file: compare and sweep store nothing, say so, exit 2
cp "$BASE" "$TMP/ro.db"
chmod 444 "$TMP/ro.db"
run compare "$P1" "$P2" --trials 50 --quiet --db "$TMP/ro.db"
expect_rc 2 "compare into a read-only database"
expect_err "ro\.db: the database is read-only \(make it writable with 'chmod u\+w .*ro\.db'" \
    "compare: read-only message and fix"
expect_err "note: 0 of 2 runs stored" "compare: nothing stored"
if [ "$(printf '%s\n' "$err" | grep -c 'error:')" -eq 1 ]; then _ok; else _ko "compare reports the read-only store once" "$err"; fi
run sweep "$P1" --set mission=1y,2y --trials 50 --quiet --db "$TMP/ro.db"
expect_rc 2 "sweep into a read-only database"
expect_err "ro\.db: the database is read-only" "sweep: read-only message"
run sensitivity "$P1" --trials 50 --quiet --db "$TMP/ro.db"
expect_rc 2 "sensitivity into a read-only database"
expect_err "ro\.db: the database is read-only" "sensitivity: read-only message"
run report "$P1" "$P2" --trials 50 --quiet --db "$TMP/ro.db" --out "$TMP/ro-report"
expect_rc 2 "report FILE... into a read-only database"
expect_err "ro\.db: the database is read-only" "report: read-only message"
check "report stops at the store failure and writes no report" test ! -e "$TMP/ro-report/report.md"
same "$before" "$(counts "$TMP/ro.db")" "read-only file"
chmod 644 "$TMP/ro.db"
intact "$TMP/ro.db" "read-only file"

# ---- read-only folder (WAL needs FILE-wal and FILE-shm beside the file):
# only a user who is not root is stopped by permissions
RD=$TMP/rodir
mkdir "$RD"
cp "$BASE" "$RD/s.db"
chmod 666 "$RD/s.db"
chmod 555 "$RD"
as_user=
if [ "$(id -u)" -ne 0 ]; then
    as_user=" "
elif command -v setpriv >/dev/null 2>&1; then
    chmod 755 "$TMP"
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$as_user" ]; then
    for c in "run $P1" "compare $P1 $P2" "sweep $P1 --set mission=1y,2y"; do
        # shellcheck disable=SC2086
        $as_user "$NINES" $c --trials 50 --quiet --db "$RD/s.db" >"$TMP/out" 2>"$TMP/err" </dev/null
        rc=$?; err=$(cat "$TMP/err")
        expect_rc 2 "${c%% *} into a store in a read-only folder"
        expect_err "its folder .*rodir is read-only and SQLite must create .*s\.db-wal and .*s\.db-shm there" \
            "${c%% *}: the read-only folder is named with the fix"
    done
    # readers still read it: no s.db-wal beside it, so nobody is writing
    $as_user "$NINES" history --db "$RD/s.db" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?; out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
    expect_rc 0 "history of a store in a read-only folder"
    expect_out '^ +2  .*three-member quorum' "history lists the runs of a store in a read-only folder"
    $as_user "$NINES" show 1 --db "$RD/s.db" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?; out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
    expect_rc 0 "show of a run in a read-only folder"
    expect_out '^one repairable part' "show prints the run"
    $as_user "$NINES" run "$P1" --trials 50 --quiet --db "$RD/new.db" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?; err=$(cat "$TMP/err")
    expect_rc 2 "a new store in a read-only folder"
    expect_err "cannot open .*new\.db: .*its folder .*rodir is not writable" "new store: the folder is named"
    check "no file was created in the read-only folder" test "$(ls "$RD")" = "s.db"
fi
chmod 755 "$RD"
same "$before" "$(counts "$RD/s.db")" "read-only folder"
intact "$RD/s.db" "read-only folder"

# a store in a folder that does not exist
run run "$P1" --trials 50 --quiet --db "$TMP/no/such/dir/s.db"
expect_rc 2 "run into a folder that does not exist"
expect_err "cannot open .*no/such/dir/s\.db: .*its folder .*no/such/dir does not exist" \
    "a missing folder is named"
check "nothing was created for it" test ! -e "$TMP/no"

# ---- corrupt files: random bytes, a store cut short; never touched
python3 -c '
import random, sys
random.seed(2385)
open(sys.argv[1], "wb").write(bytes(random.getrandbits(8) for _ in range(50000)))
' "$TMP/random.db"
sqlite3_ok=$(python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA wal_checkpoint(TRUNCATE)"); print("ok")' "$BASE")
check "the base store is checkpointed" test "$sqlite3_ok" = ok
head -c 12000 "$BASE" >"$TMP/cut.db"
for f in random cut; do
    cp "$TMP/$f.db" "$TMP/$f.copy"
    for c in "run $P1" "compare $P1 $P2" "sweep $P1 --set mission=1y,2y" "sensitivity $P1"; do
        # shellcheck disable=SC2086
        run $c --trials 50 --quiet --db "$TMP/$f.db"
        expect_rc 2 "${c%% *} into a $f file"
        expect_err "nines: error: cannot read .*$f\.db: (file is not a database|the database file is damaged) \(move it aside with 'mv .*$f\.db .*$f\.db\.bad'" \
            "${c%% *} into a $f file: message and fix"
    done
    check "the $f file is untouched" cmp "$TMP/$f.db" "$TMP/$f.copy"
    run history --db "$TMP/$f.db"
    expect_rc 2 "history of a $f file"
done

# ---- a lock held past the busy timeout (5 s): compare and sweep wait once,
# store nothing, exit 2 (both run at once under the same lock)
cp "$BASE" "$TMP/lock.db"
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(8)
db.execute("ROLLBACK")
' "$TMP/lock.db" "$TMP/locked" &
locker=$!
n=0; while [ ! -e "$TMP/locked" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
"$NINES" sweep "$P1" --set mission=1y,2y,3y --trials 50 --quiet --db "$TMP/lock.db" \
    >"$TMP/sweep.out" 2>"$TMP/sweep.err" </dev/null &
sweeper=$!
run compare "$P1" "$P2" "$P1" --trials 50 --quiet --db "$TMP/lock.db"
expect_rc 2 "compare into a database locked past the busy timeout"
expect_err "lock\.db: the database is locked by another process \(waited 5 s\)" "compare: locked message"
expect_err "try again" "compare: locked fix"
expect_err "note: 0 of 3 runs stored" "compare waited once and stored nothing"
if [ "$(printf '%s\n' "$err" | grep -c 'locked')" -eq 1 ]; then _ok; else _ko "compare waits for the lock only once" "$err"; fi
wait $sweeper
rc=$?; err=$(cat "$TMP/sweep.err")
expect_rc 2 "sweep into a locked database"
expect_err "note: 0 of 3 runs stored" "sweep stored nothing"
wait $locker
same "$before" "$(counts "$TMP/lock.db")" "locked"
intact "$TMP/lock.db" "locked"

# ---- SIGKILL while compare stores design after design: each design is its
# own transaction, so what is in the file is whole runs. A wide design (300
# services: 301 figure rows and about 1500 histogram rows a run) spends a
# good share of its time writing, so the kills land inside transactions too.
python3 - "$TMP/wide.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("format: nines/1\nname: wide\nmission: 1y\nhosts:\n")
    for i in range(300):
        f.write("  h%d: {}\n" % i)
    f.write("services:\n")
    for i in range(300):
        f.write("  s%d: { mode: single, hosts: [h%d], instance: { fail: 30d, repair: 1h } }\n" % (i, i))
    f.write("system: [%s]\n" % ", ".join("s%d" % i for i in range(300)))
PY
cp "$BASE" "$TMP/kill.db"
many=
i=0; while [ $i -lt 40 ]; do many="$many $TMP/wide.yaml"; i=$((i + 1)); done
k=0
for pause in 0 0.01 0.02 0.03 0.05; do
    # shellcheck disable=SC2086
    "$NINES" compare $many --trials 5 --threads 1 --quiet --db "$TMP/kill.db" >/dev/null 2>&1 &
    victim=$!
    # wait for one more stored run, then a little more: kills fall at
    # different points of the next design's simulation and writing
    k=$((k + 1))
    n=0
    while [ $n -lt 200 ]; do
        got=$(counts "$TMP/kill.db" 2>/dev/null | cut -d' ' -f1)
        [ -n "$got" ] && [ "$got" -ge $((2 + k)) ] && break
        n=$((n + 1))
    done
    k=$got
    k=$((k - 2))
    sleep "$pause"
    kill -9 $victim 2>/dev/null
    { wait $victim; } 2>/dev/null
    rc=$?
    if [ "$rc" -eq 137 ] || [ "$rc" -eq 0 ]; then _ok; else _ko "compare killed: exit $rc"; fi
    intact "$TMP/kill.db" "SIGKILL during compare (${pause}s after run $got)"
done
check "every wide run in the file is whole (300 services, histogram rows)" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute("SELECT id FROM runs WHERE name = '"'"'wide'"'"'")]
assert len(ids) >= 5, len(ids)
for rid in ids:
    svc = db.execute("SELECT count(*) FROM figures WHERE run_id = ? AND kind = 1", (rid,)).fetchone()[0]
    hist = db.execute("SELECT count(*) FROM histogram WHERE run_id = ?", (rid,)).fetchone()[0]
    assert svc == 300 and hist > 300, (rid, svc, hist)
' "$TMP/kill.db"
check "the earlier runs survive the kills" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute("SELECT name FROM runs WHERE id <= 2 ORDER BY id")]
assert names == ["one repairable part", "three-member quorum on perfect hosts"], names
' "$TMP/kill.db"
run run "$P2" --trials 50 --quiet --db "$TMP/kill.db"
expect_rc 0 "the store takes a run after the kills"
intact "$TMP/kill.db" "after the kills"

finish
