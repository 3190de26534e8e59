# tests/cli/test_reproduce.sh — self-contained runs: the store keeps every
# file a run read; show, report and its analytic column use the kept files
# even after an include changed on the disk; rerun repeats a run exactly;
# export writes the files back (check accepts them, nothing outside DIR,
# nothing overwritten without --force); an old (schema 3) store still works;
# the include search path as the CLI sees it; sweeping a law written in long
# form.
. tests/cli/lib.sh
suite reproduce

DB=$TMP/r.db
mkdir -p "$TMP/d/lib"
cat >"$TMP/d/lib/dc.yaml" <<'EOF'
format: nines/1
profiles:
  server: { fail: 1y, repair: 8h }
EOF
cat >"$TMP/d/main.yaml" <<'EOF'
format: nines/1
name: kept
include: [lib/dc.yaml]
hosts:
  a: { profile: server }
  b: { profile: server }
services:
  s: { mode: active-active, hosts: [a, b] }
system: [s]
EOF
run run "$TMP/d/main.yaml" --trials 3000 --seed 7 --quiet --db "$DB" --json
expect_rc 0 "run with an include"
printf '%s\n' "$out" >"$TMP/run1.json"
check "the store keeps both files with their paths and SHA-256" python3 -c '
import sqlite3, sys, hashlib
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 7
rows = db.execute("SELECT idx, from_idx, written, resolved, sha256 FROM files WHERE run_id = 1 ORDER BY idx").fetchall()
assert len(rows) == 2, rows
assert rows[0][1] is None and rows[1][1] == 0 and rows[1][2] == "lib/dc.yaml", rows
assert rows[1][3].endswith("/d/lib/dc.yaml"), rows
text = db.execute("SELECT text FROM topologies WHERE sha256 = ?", (rows[1][4],)).fetchone()[0]
assert hashlib.sha256(text.encode()).hexdigest() == rows[1][4]
assert "repair: 8h" in text
' "$DB"

# the include changes on the disk: nothing that reads the stored run follows it
sed -i 's/repair: 8h/repair: 80h/' "$TMP/d/lib/dc.yaml"
run show 1 --db "$DB" --design
expect_rc 0 "show --design after the include changed"
expect_out '^  law      server: fail exponential\(mean 1y\), repair exponential\(mean 8h\)$' \
    "show gives the law that ran, not the file's new one"
expect_out '^  include  .*/d/lib/dc\.yaml  sha256 [0-9a-f]{64}$' "show lists the include kept"
expect_err "kept with it: the main file and 1 include \('nines export 1 DIR'" "show says what was kept"
run report --run 1 --db "$DB" --out "$TMP/rep" --quiet
expect_rc 0 "report after the include changed"
check "the report describes the law that ran" grep -q 'repaired in exponential(mean 8h)' "$TMP/rep/report.md"
check "the report never shows the changed law" sh -c "! grep -q 'mean 80h' '$TMP/rep/report.md'"
check "the analytic column is computed (from the kept files)" grep -q '^| system |' "$TMP/rep/report.md"
check "the report lists the include kept" grep -q 'included .*/d/lib/dc.yaml (as .lib/dc.yaml.), SHA-256' "$TMP/rep/report.md"

# rerun: the same figures exactly, whatever --threads
run rerun 1 --db "$DB" --threads 1 --quiet
expect_rc 0 "rerun at 1 thread"
expect_out '^same figures: run 1 repeated from its 2 kept files, 3000 trials, seed 7, 1 threads; [0-9]+ figures compared$' \
    "rerun says same figures"
run rerun 1 --db "$DB" --threads 2 --quiet --json
expect_rc 0 "rerun at 2 threads"
check "rerun --json: same, nothing differs" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["same"] is True and r["differences"] == [] and r["threads"] == 2 and r["figures_compared"] > 1000, r
' "$out"
# a stored figure changed by hand: rerun names it and exits 1
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE figures SET year_p99 = year_p99 + 0.5 WHERE run_id = 1 AND kind = 0")
db.commit()
' "$DB"
run rerun 1 --db "$DB" --quiet
expect_rc 1 "rerun of a run whose figure differs"
expect_out '^different figures: run 1 repeated gives 1 figure of [0-9]+ that differs:$' "rerun counts the difference"
expect_out '^  system year_p99: stored [0-9.e+-]+, rerun [0-9.e+-]+$' "rerun names the figure"
run rerun 99 --db "$DB"
expect_rc 1 "rerun of a run that does not exist"
expect_err "no run 99 in " "rerun names the missing run"
run rerun -h
expect_rc 0 "rerun -h"
expect_out '^usage: nines rerun ID' "rerun's help"
run rerun 1 --thread 2 --db "$DB"
expect_rc 1 "rerun with a misspelt option"
expect_err "unknown option '--thread' for rerun \(did you mean '--threads'\?\)" "rerun's did-you-mean"
run reru 1
expect_err "unknown command 'reru' \(did you mean 'rerun'\?\)" "a misspelt rerun"

# export: the kept files, byte for byte; check accepts them; run gives the
# stored figures
run export 1 "$TMP/x" --db "$DB"
expect_rc 0 "export"
check "export writes the main file as it ran" cmp "$TMP/x/main.yaml" "$TMP/d/main.yaml"
check "export writes the include as it ran (8h)" grep -q 'repair: 8h' "$TMP/x/lib/dc.yaml"
run check "$TMP/x/main.yaml"
expect_rc 0 "nines check accepts the exported files"
run run "$TMP/x/main.yaml" --trials 3000 --seed 7 --quiet --no-db --json
check "the exported files run to the stored figures" python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.loads(sys.argv[2])
assert a["availability"] == b["availability"] and a["events"] == b["events"], (a["availability"], b["availability"])
' "$TMP/run1.json" "$out"
run export 1 "$TMP/x" --db "$DB"
expect_rc 1 "export over existing files"
expect_err "main\.yaml exists: nothing written \(use --force to overwrite" "export refuses to overwrite"
echo changed >"$TMP/x/lib/dc.yaml"
run export 1 "$TMP/x" --db "$DB" --force
expect_rc 0 "export --force"
check "export --force rewrites" grep -q 'repair: 8h' "$TMP/x/lib/dc.yaml"
run export 1 --db "$DB"
expect_rc 1 "export without DIR"
expect_err "export takes a run ID and a folder DIR" "export says what it takes"
run export -h
expect_rc 0 "export -h"
expect_out '^usage: nines export ID DIR' "export's help"
run export 1 "$TMP/y" --forse --db "$DB"
expect_err "unknown option '--forse' for export \(did you mean '--force'\?\)" "export's did-you-mean"

# an include that climbs out of the main file's folder: the main file goes
# one folder deep, named as it was, and nothing is written outside DIR
mkdir -p "$TMP/tree/designs" "$TMP/tree/profiles"
cp "$TMP/d/lib/dc.yaml" "$TMP/tree/profiles/dc.yaml"
sed 's#lib/dc.yaml#../profiles/dc.yaml#' "$TMP/d/main.yaml" >"$TMP/tree/designs/up.yaml"
run run "$TMP/tree/designs/up.yaml" --trials 200 --quiet --db "$DB"
expect_rc 0 "run with a ../ include"
mkdir "$TMP/box"
run export 2 "$TMP/box/out" --db "$DB"
expect_rc 0 "export of a ../ include"
check "the main file one folder deep" test -f "$TMP/box/out/designs/up.yaml"
check "the include beside it, inside DIR" test -f "$TMP/box/out/profiles/dc.yaml"
check "nothing outside DIR" test "$(find "$TMP/box" -type f | wc -l)" -eq 2
run check "$TMP/box/out/designs/up.yaml"
expect_rc 0 "check accepts the exported ../ layout"
# a symbolic link inside DIR is never written through
mkdir -p "$TMP/box2/out" "$TMP/elsewhere"
ln -s "$TMP/elsewhere" "$TMP/box2/out/profiles"
run export 2 "$TMP/box2/out" --db "$DB" --force
expect_rc 2 "export through a symbolic link"
expect_err "is not a folder \(or is a symbolic link\): nothing is written through it" "export names the link"
check "nothing written through the link" test "$(find "$TMP/elsewhere" -type f | wc -l)" -eq 0

# an old store (schema 3: this one without its files table) still works: a
# run without includes reruns; one with includes says they were not kept and
# is never re-read from the disk
DB3=$TMP/v3.db
run run "$TMP/d/main.yaml" --trials 500 --quiet --db "$DB3"
P1=$PWD/tests/cases/validation/p1-single.yaml
run run "$P1" --trials 500 --seed 3 --quiet --db "$DB3"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DROP TABLE files; DROP TABLE data_loss; DROP TABLE capacity; DROP TABLE blast_radius; PRAGMA user_version = 3;")
' "$DB3"
run history --db "$DB3"
expect_rc 0 "history of a schema-3 store"
check "the store is migrated to schema 7" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 7
assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0
' "$DB3"
run show 1 --db "$DB3" --design
expect_rc 0 "show of an old run with an include"
expect_out '^  includes not kept \(run stored before nines kept them\)$' "show says the includes were not kept"
expect_err "its included files were not kept" "show's note on stderr"
run report --run 1 --db "$DB3" --out "$TMP/rep3" --quiet
expect_rc 0 "report of an old run with an include"
check "the analytic column says not kept, reads nothing" grep -q 'No analytic figures: .*its included files were not kept' "$TMP/rep3/report.md"
check "the report of an old run never shows the disk's law" sh -c "! grep -q 'mean 80h' '$TMP/rep3/report.md'"
run rerun 1 --db "$DB3" --quiet
expect_rc 1 "rerun of an old run with an include"
expect_err "cannot rebuild run 1: its included files were not kept" "rerun says why"
run rerun 2 --db "$DB3" --quiet
expect_rc 0 "rerun of an old run without includes"
expect_out '^same figures: run 2 repeated from its 1 kept file,' "an old run without includes reruns"
run export 2 "$TMP/x3" --db "$DB3"
expect_rc 0 "export of an old run"
check "export of an old run writes its main file" cmp "$TMP/x3/p1-single.yaml" "$P1"

# the include search path: a bare name from $NINES_PATH, else one error with
# the places searched (never a cascade of unknown profiles)
mkdir -p "$TMP/np" "$TMP/user"
cp "$TMP/tree/profiles/dc.yaml" "$TMP/np/dc.yaml"
sed 's#lib/dc.yaml#dc.yaml#' "$TMP/d/main.yaml" >"$TMP/user/bare.yaml"
NINES_PATH=$TMP/nothere:$TMP/np "$NINES" check "$TMP/user/bare.yaml" >"$TMP/out" 2>"$TMP/err"
check "a bare include found in NINES_PATH" grep -q 'ok: "kept"' "$TMP/out"
run check "$TMP/user/bare.yaml"
expect_rc 1 "a bare include found nowhere"
check "one error, not one per use" test "$(wc -l <"$TMP/err")" -eq 1
expect_err "bare\.yaml:3:11: error: cannot find include 'dc\.yaml' \(looked in .*/user, \\\$NINES_PATH \(not set\), the library .*/share/nines/profiles: put it beside the including file, add its folder to NINES_PATH, or write its path\)" \
    "the error names the places and the fix"

# sweeping a law written in long form
cat >"$TMP/ln.yaml" <<'EOF'
format: nines/1
profiles:
  db: { fail: 1y, repair: {dist: lognormal, mean: 4h, sd: 2h} }
hosts:
  a: { profile: db }
services:
  s: { mode: single, hosts: [a] }
system: [s]
EOF
run sweep "$TMP/ln.yaml" --set profiles.db.repair=8h --trials 10 --no-db
expect_rc 1 "a bare duration over a lognormal repair"
expect_err "ln\.yaml:3:27: error: --set profiles\.db\.repair=8h would replace its lognormal law with an exponential one \(a bare duration is an exponential mean\): write 'profiles\.db\.repair\.mean=8h' to keep its shape, or 'profiles\.db\.repair=\{dist: exponential, mean: 8h\}' to replace it" \
    "the error names the two forms"
run sweep "$TMP/ln.yaml" --set profiles.db.repair.mean=2h,8h --trials 10 --no-db --quiet
expect_rc 0 "PATH.mean keeps the shape"
run sweep "$TMP/ln.yaml" --set 'profiles.db.repair={dist: exponential, mean: 8h}' --trials 10 --no-db --quiet
expect_rc 0 "a whole law replaces it"
finish
