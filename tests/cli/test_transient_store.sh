#!/bin/sh
# tests/cli/test_transient_store.sh — issue 14 beyond the run itself: the
# command that reproduces a stored run carries --at, --window,
# --until-failure, --until-cap and --start; running that command gives the
# same figures; rerun repeats such a run bit for bit (and names a figure
# changed by hand); `run --chart` draws A(t) and R(t) as valid SVG (without
# --at, over the mission); the report has a section "Reliability over time"
# with its chart and says which start its comparison with the solver used.
. tests/cli/lib.sh
suite transient_store

FS=tests/textbook/frozen-series.yaml
BA=tests/textbook/ba-11-1-series.yaml
DB=$TMP/t.db

# a stored run with --at 168h --start steady, and one with every flag
run run "$FS" --trials 3000 --seed 4 --threads 2 --db "$DB" --quiet --json --at 168h --start steady
expect_rc 0 "run --at 168h --start steady, stored"
printf '%s\n' "$out" >"$TMP/run1.json"
run run "$BA" --trials 400 --seed 9 --threads 2 --db "$DB" --quiet --json --mission 2y \
    --at 30d,1y --window 12h --until-failure --until-cap 500y
expect_rc 0 "run with --window, --until-failure and --until-cap, stored"

run show 1 --db "$DB"
expect_err "reproduce with: nines run [^ ]*/frozen-series\.yaml --trials 3000 --seed 4 --at 168h --start steady$" \
    "the command carries --at and --start"
run show 2 --db "$DB"
expect_err "reproduce with: nines run [^ ]*/ba-11-1-series\.yaml --trials 400 --seed 9 --mission 17520h --at 30d,1y --window 12h --until-failure --until-cap 4380000h$" \
    "the command carries --window, --until-failure and --until-cap"

# the stored command, run again, gives the same figures
cmd=$(sqlite3 "$DB" "SELECT command FROM runs WHERE id = 1")
check "the stored command names the flags" sh -c "echo '$cmd' | grep -q -- '--at 168h --start steady'"
cmd=${cmd#nines }
# shellcheck disable=SC2086
"$NINES" $cmd --no-db --quiet --json --threads 1 >"$TMP/again.json" 2>"$TMP/again.err" || cat "$TMP/again.err"
check "the reproduce command gives the same R, A, MTTF and availability" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
for k in ("reliability", "point_availability", "mttf_hours", "mttf_ci95", "transient_curve", "assumptions"):
    assert a[k] == b[k], (k, a[k], b[k])
assert a["availability"] == b["availability"] and a["events"] == b["events"]
assert a["assumptions"]["start"] == "steady"
' "$TMP/run1.json" "$TMP/again.json"

# rerun: bit for bit, whatever --threads
run rerun 1 --db "$DB" --threads 1 --quiet --json
expect_rc 0 "rerun of the --at 168h --start steady run"
check "rerun: same, with the transient figures compared" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["same"] is True and r["differences"] == [] and r["figures_compared"] > 1000, r
' "$out"
run rerun 2 --db "$DB" --threads 2 --quiet
expect_rc 0 "rerun of the --until-failure run"
expect_out '^same figures: run 2 ' "same figures"
sqlite3 "$DB" "UPDATE transient_at SET r = r + 0.001 WHERE run_id = 1 AND k = 0; UPDATE run_assumptions SET mttf_hours = mttf_hours + 1 WHERE run_id = 1"
run rerun 1 --db "$DB" --quiet
expect_rc 1 "rerun of a run whose R(168h) and MTTF were changed"
expect_out '^  R at 168h: stored ' "names R at 168h"
expect_out '^  mttf_hours: stored ' "names the MTTF"

# run --chart: A(t) and R(t)
run run "$FS" --trials 2000 --seed 1 --threads 2 --no-db --quiet --at 168h --chart "$TMP/fs.svg"
expect_rc 0 "run --chart"
check "the chart is valid SVG" xmllint --noout "$TMP/fs.svg"
check "the chart has both panels" sh -c "grep -q 'point availability A(t)' '$TMP/fs.svg' && grep -q 'reliability R(t)' '$TMP/fs.svg'"
check "the frozen series has no exact A(t) line" sh -c "! grep -q 'A(t) exact' '$TMP/fs.svg'"
run run "$BA" --trials 2000 --seed 1 --threads 2 --no-db --quiet --mission 1y --chart "$TMP/ba.svg"
expect_rc 0 "run --chart without --at"
expect_out '^  at 1y +R 0\.[0-9]+' "without --at the curve runs over the mission"
check "the chart is valid SVG" xmllint --noout "$TMP/ba.svg"
check "independent exponential parts get the exact A(t)" grep -q 'A(t) exact' "$TMP/ba.svg"
check "and the steady state" grep -q 'steady state 0.999829 (exact)' "$TMP/ba.svg"
run run "$BA" --trials 10 --no-db --quiet --chart "$TMP/ba.txt"
expect_rc 1 "--chart with another extension"
expect_err "--chart takes a file ending in .svg, .png or .pdf" "says which"

# the report: the section, its chart, the start it compared with
run report --run 1 --db "$DB" --out "$TMP/rep" --quiet --no-sensitivity
expect_rc 0 "report of the --at run"
check "a section Reliability over time" grep -q '^### Reliability over time' "$TMP/rep/report.md"
check "its table row at 168h" grep -Eq '^\| 168h \| 0\.[0-9]{6} ± [0-9.e-]+ \| 0\.[0-9]{6} ± ' "$TMP/rep/report.md"
check "its chart, valid SVG" xmllint --noout "$TMP/rep/run-1-transient.svg"
check "the chart is in the report" grep -q '(run-1-transient.svg)' "$TMP/rep/report.md"
check "the comparison says the run started from the steady state" grep -q 'This run started from the steady state (--start steady' "$TMP/rep/report.md"
check "the summary says steady state" grep -q 'every one starting from the steady state' "$TMP/rep/report.md"
check "the reproduce line carries the flags" grep -q -- '--at 168h --start steady' "$TMP/rep/report.md"
run report --out "$TMP/rep2" --db "$DB" --quiet --no-sensitivity --trials 500 --seed 3 "$BA"
expect_rc 0 "report FILE"
check "a run from new says so" grep -q 'This run started new (every part up at 0)' "$TMP/rep2/report.md"
check "no transient section without --at" sh -c "! grep -q 'Reliability over time' '$TMP/rep2/report.md'"
run report --out "$TMP/rep3" --db "$DB" --quiet --no-sensitivity --trials 500 --seed 3 --start steady "$BA"
expect_rc 0 "report FILE --start steady"
check "report FILE --start steady runs from the steady state" grep -q 'This run started from the steady state' "$TMP/rep3/report.md"
finish
