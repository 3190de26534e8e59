#!/bin/sh
# tests/cli/test_store.sh — the store from the command line: run then history
# and show (printed exactly as run printed it), $NINES_DB, and the failures
# (corrupt, read-only, locked, missing) with exit 2, a message naming the file
# and the fix, and nothing lost.
. tests/cli/lib.sh
suite store

P1=$PWD/tests/cases/validation/p1-single.yaml
P2=$PWD/tests/cases/validation/p2-quorum-3.yaml
DB=$TMP/s.db

for c in history show report; do
    run "$c" --help
    expect_rc 0 "$c --help"
    expect_out "^usage: nines $c" "$c --help prints its usage"
done

# run, then show prints the very same table and JSON
run run "$P1" --trials 300 --seed 3 --threads 2 --db "$DB" --quiet
expect_rc 0 "run stores into --db"
run_out=$out
run show 1 --db "$DB"
expect_rc 0 "show 1"
if [ "$out" = "$run_out" ]; then _ok; else _ko "show prints the run's table exactly" "$(printf '%s\n---\n%s' "$run_out" "$out")"; fi
expect_err 'reproduce with: nines run .*p1-single.yaml --trials 300 --seed 3' "show says how to reproduce"

run run "$P2" --trials 200 --seed 11 --db "$DB" --quiet --json
expect_rc 0 "run --json stores"
run_out=$out
run show 2 --db "$DB" --json
expect_rc 0 "show 2 --json"
if [ "$out" = "$run_out" ]; then _ok; else _ko "show --json prints the run's JSON exactly" "$(printf '%s\n---\n%s' "$run_out" "$out")"; fi

run history --db "$DB"
expect_rc 0 "history"
expect_out '^ +id +started \(UTC\) +trials +availability +nines +downtime/yr  name$' "history header"
expect_out '^ +1  20[0-9-]+T[0-9:]+Z +300  +99\.[0-9]+%  +2\.0[0-9] .*  one repairable part$' "history row 1"
expect_out '^ +2  .* 200 ' "history row 2"
run history --db "$DB" --last 1
expect_rc 0 "history --last 1"
if [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] && printf '%s\n' "$out" | grep -Eq '^ +2  '; then _ok; else _ko "history --last 1 lists only the last run" "$out"; fi
run history --db "$DB" --last 0
expect_rc 1 "history --last 0 is refused"
run history --db "$DB" --json
expect_rc 0 "history --json"
printf '%s\n' "$out" >"$TMP/h.json"
check "history --json lists both runs" python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))
assert [r["id"] for r in h] == [1, 2], h
assert h[0]["trials"] == 300 and h[0]["partial"] is False
assert 0.98 < h[0]["availability"] < 1 and h[0]["name"] == "one repairable part"
' "$TMP/h.json"
check "the stored run keeps its topology text and hash" python3 -c '
import sqlite3, sys, hashlib
db = sqlite3.connect(sys.argv[1])
sha, text = db.execute("SELECT t.sha256, t.text FROM runs r JOIN topologies t ON t.sha256 = r.topology_sha256 WHERE r.id = 1").fetchone()
assert hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest() == sha
assert text == open(sys.argv[2]).read()
assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
assert db.execute("PRAGMA user_version").fetchone()[0] == 7
' "$DB" "$P1"

run show 99 --db "$DB"
expect_rc 1 "show of a run that does not exist"
expect_err "no run 99 in .*s\.db" "show names the missing run"
run show abc --db "$DB"
expect_rc 1 "show with a bad id"

# $NINES_DB
NINES_DB=$TMP/env.db "$NINES" run "$P1" --trials 100 --quiet >/dev/null 2>&1
check "NINES_DB chooses the file" test -f "$TMP/env.db"
run history --db "$TMP/env.db"
expect_out '^ +1 .*one repairable part' "the run is in \$NINES_DB's file"

# no database yet: history says so, creates nothing
run history --db "$TMP/none.db"
expect_rc 0 "history without a database"
expect_err 'no runs stored yet' "history says there are no runs"
check "history creates no file" test ! -e "$TMP/none.db"

# a corrupt file: exit 2, the message names it and the fix, it is not touched
i=0; while [ $i -lt 100 ]; do echo "this is not a database but must not be lost"; i=$((i + 1)); done >"$TMP/bad.db"
cp "$TMP/bad.db" "$TMP/bad.copy"
run run "$P1" --trials 100 --quiet --db "$TMP/bad.db"
expect_rc 2 "run into a corrupt database"
expect_err 'nines: error: .*bad\.db: file is not a database' "corrupt: the message names the file"
expect_err "mv .*bad\.db .*bad\.db\.bad" "corrupt: the fix"
expect_out '^one repairable part' "the figures are printed anyway"
check "the corrupt file is untouched" cmp "$TMP/bad.db" "$TMP/bad.copy"
run history --db "$TMP/bad.db"
expect_rc 2 "history of a corrupt database"

# a read-only file: exit 2, nothing lost
cp "$DB" "$TMP/ro.db"
chmod 444 "$TMP/ro.db"
run run "$P1" --trials 100 --quiet --db "$TMP/ro.db"
expect_rc 2 "run into a read-only database"
expect_err 'ro\.db: the database is read-only' "read-only: the message names the file"
expect_err 'chmod u\+w' "read-only: the fix"
run history --db "$TMP/ro.db"
expect_rc 0 "a read-only database can still be listed"
expect_out '^ +2 ' "read-only: both runs are still there"
if printf '%s\n' "$out" | grep -q '^ +3 '; then _ko "read-only: no third run"; else _ok; fi
chmod 644 "$TMP/ro.db"

# locked beyond the busy timeout (5 s): exit 2, the message says so
python3 -c '
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
db.execute("ROLLBACK")
' "$DB" "$TMP/locked" &
locker=$!
n=0; while [ ! -e "$TMP/locked" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
run run "$P1" --trials 100 --quiet --db "$DB"
expect_rc 2 "run into a locked database"
expect_err 's\.db: the database is locked by another process' "locked: the message"
expect_err 'try again' "locked: the fix"
wait $locker
run history --db "$DB" --json
check "locked: the earlier runs are intact" test "$(printf '%s\n' "$out" | jq length)" -eq 2

# an old store (schema 1, made by hand) is migrated on first use and its runs
# stay readable by history, show and report
python3 - "$TMP/v1.db" "$P1" <<'PY'
import sqlite3, sys, hashlib
text = open(sys.argv[2]).read()
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, topology_path TEXT,
  topology_sha256 TEXT, options TEXT, seed INTEGER NOT NULL, trials_requested INTEGER NOT NULL,
  trials INTEGER NOT NULL, partial INTEGER NOT NULL, threads INTEGER NOT NULL,
  mission_hours REAL NOT NULL, sla REAL NOT NULL, version TEXT, started_utc TEXT,
  finished_utc TEXT, events INTEGER NOT NULL, seconds REAL NOT NULL, topology_text TEXT);
CREATE TABLE figures(run_id INTEGER NOT NULL, kind INTEGER NOT NULL, idx INTEGER NOT NULL,
  name TEXT NOT NULL, availability REAL, ci_lo REAL, ci_hi REAL, std_error REAL, nines REAL,
  downtime_min_per_year REAL, year_p50 REAL, year_p95 REAL, year_p99 REAL, year_max REAL,
  outages_per_year REAL, outages INTEGER, mean_outage_min REAL, longest_outage_min REAL,
  sla_breach REAL, years INTEGER, PRIMARY KEY(run_id, kind, idx)) WITHOUT ROWID;
CREATE TABLE histogram(run_id INTEGER NOT NULL, kind INTEGER NOT NULL, idx INTEGER NOT NULL,
  bin INTEGER NOT NULL, years INTEGER NOT NULL, PRIMARY KEY(run_id, kind, idx, bin)) WITHOUT ROWID;
CREATE TABLE convergence(run_id INTEGER NOT NULL, k INTEGER NOT NULL, trials INTEGER NOT NULL,
  availability REAL, ci_lo REAL, ci_hi REAL, PRIMARY KEY(run_id, k)) WITHOUT ROWID;
PRAGMA user_version = 1;
""")
sha = hashlib.sha256(text.encode()).hexdigest()
db.execute("INSERT INTO runs VALUES(1, 'old run of p1', ?, ?, 'trials=500', 4, 500, 500, 0, 1,"
           " 438000, -1, '0.0.9', '2025-01-02T03:04:05Z', '2025-01-02T03:04:06Z', 7000, 0.5, ?)",
           (sys.argv[2], sha, text))
db.execute("INSERT INTO figures VALUES(1, 0, 0, 'system', 0.990125, 0.9899, 0.99035, 0.0001,"
           " 2.0044, 5189.3, 5000, 9000, 11000, 15000, 8.7, 217500, 600, 2400, -1, 25000)")
db.execute("INSERT INTO figures VALUES(1, 1, 0, 'app', 0.990125, 0.9899, 0.99035, 0.0001,"
           " 2.0044, 5189.3, 5000, 9000, 11000, 15000, 8.7, 217500, 600, 2400, -1, 25000)")
db.execute("INSERT INTO histogram VALUES(1, 0, 0, 640, 25000)")
db.execute("INSERT INTO convergence VALUES(1, 0, 500, 0.990125, 0.9899, 0.99035)")
db.commit()
PY
run history --db "$TMP/v1.db"
expect_rc 0 "history of a schema-1 store"
expect_out '^ +1  2025-01-02T03:04:05Z +500  +99\.012500% .*  old run of p1$' "the old run is listed"
check "the store was migrated to schema 7" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 7
cols = [r[1] for r in db.execute("PRAGMA table_info(runs)")]
assert "topology_text" not in cols and "command" in cols and "parts" in cols, cols
assert db.execute("SELECT count(*) FROM topologies").fetchone()[0] == 1
' "$TMP/v1.db"
run show 1 --db "$TMP/v1.db"
expect_rc 0 "show of a migrated run"
expect_out '^  availability +99\.012' "the migrated run's figures"
expect_out '^  downtime by cause +unknown \(run stored before nines kept causes\)$' \
    "a run stored before causes says its split is unknown"
run show 1 --db "$TMP/v1.db" --json
expect_rc 0 "show --json of a migrated run"
printf '%s\n' "$out" >"$TMP/v1.json"
check "an old run's JSON leaves the split out (not zeros)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for g in [r] + list(r["services"].values()):
    assert "downtime_by_cause" not in g and "availability_unplanned" not in g, g.keys()
    assert "availability_unplanned_ci95" not in g
assert abs(r["availability"] - 0.990125) < 1e-12
' "$TMP/v1.json"
run report --run 1 --db "$TMP/v1.db" --out "$TMP/v1rep" --quiet
expect_rc 0 "report of a migrated run"
check "the report re-reads the old run's design" grep -q 'a single instance on box' "$TMP/v1rep/report.md"
run run "$P1" --trials 100 --quiet --db "$TMP/v1.db"
expect_rc 0 "a new run goes into the migrated store"
run history --db "$TMP/v1.db"
expect_out '^ +2 ' "the new run follows the old one"

# downtime by cause as the table prints it: the stored split of run 1 set by
# hand (failure 40.1 min, failover 2 min, maintenance 10 min, unplanned
# availability 99.99%), then show reprints it
python3 - "$DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
split = {"failure": 40.1, "failover": 2.0, "maintenance": 10.0}
db.execute("UPDATE causes SET minutes_per_year = 0 WHERE run_id = 1")
for c, m in split.items():
    db.execute("UPDATE causes SET minutes_per_year = ? WHERE run_id = 1 AND kind = 0 AND cause = ?", (m, c))
db.execute("UPDATE figures SET availability_unplanned = 0.9999, unplanned_ci_lo = 0.99985,"
           " unplanned_ci_hi = 0.99995 WHERE run_id = 1 AND kind = 0")
db.commit()
PY
run show 1 --db "$DB"
expect_rc 0 "show of a run with a split"
expect_out '^  downtime by cause +failure 40\.1 min \(77%\), maintenance 10\.0 min \(19%\), failover 2\.0 min \(3\.8%\); 19% planned, unplanned availability 99\.99[0-9]*%$' \
    "the split on one line, largest first, with the planned share"
run show 1 --db "$DB" --json
printf '%s\n' "$out" >"$TMP/split.json"
check "show --json gives the stored split in cause order" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
d = r["downtime_by_cause"]
assert list(d) == ["failure", "detection", "crew-wait", "failover", "rejoin", "maintenance",
                   "change", "common-cause", "split-brain"], list(d)
assert d["failure"] == 40.1 and d["failover"] == 2.0 and d["maintenance"] == 10.0
assert sum(d.values()) == 52.1
assert r["availability_unplanned"] == 0.9999
assert r["availability_unplanned_ci95"] == [0.99985, 0.99995]
keys = list(r)
assert keys.index("availability_unplanned") == keys.index("ci95") + 1
assert keys.index("downtime_by_cause") == keys.index("longest_outage_minutes") + 1
' "$TMP/split.json"

# --no-db stores nothing
run run "$P1" --trials 100 --quiet --no-db --db "$TMP/nodb.db"
expect_rc 0 "--no-db"
check "--no-db creates no file" test ! -e "$TMP/nodb.db"

finish
