#!/bin/sh
# tests/cli/test_report.sh — `nines report` in batch from a clean folder: runs
# files first or reports stored runs; report.md and report.html with the
# figures and the charts; hostile names escaped; missing gnuplot.
. tests/cli/lib.sh
suite report

P1=$PWD/tests/cases/validation/p1-single.yaml
P2=$PWD/tests/cases/validation/p2-quorum-3.yaml
mkdir "$TMP/clean"
cd "$TMP/clean" || exit 1
unset NINES_DB

# FILE...: run, store into ./nines.db, report
run report --out rep --trials 2000 --seed 5 --quiet "$P1" "$P2"
expect_rc 0 "report FILE... from a clean folder"
check "report.md written" test -s rep/report.md
check "report.html written" test -s rep/report.html
check "the runs were stored in ./nines.db" test -f nines.db
a1=$("$NINES" show 1 --json 2>/dev/null | python3 -c 'import json,sys; print("%.4f" % (100 * json.load(sys.stdin)["availability"]))')
check "report.md has run 1's availability ($a1%)" grep -q "$a1" rep/report.md
check "report.html has run 1's availability" grep -q "$a1" rep/report.html
check "report.md has the figures table" grep -q '^| target | availability | 95% interval | nines |' rep/report.md
check "report.md describes the design" grep -q 'quorum on' rep/report.md
check "report.md gives the command to reproduce" grep -q 'nines run .*p2-quorum-3.yaml --trials 2000 --seed 5' rep/report.md
check "report.md links the downtime chart" grep -q '](run-1-downtime.svg)' rep/report.md
for f in run-1-downtime run-1-convergence run-1-services run-2-downtime designs; do
    check "$f.svg is valid XML" xmllint --noout "rep/$f.svg"
done
check "report.html embeds the charts as SVG" test "$(grep -c '<svg' rep/report.html)" -ge 6
check "report.html has no external chart file" sh -c '! grep -q "<img" rep/report.html'
check "a downtime-by-cause section per run" test "$(grep -c '^### Downtime by cause$' rep/report.md)" -eq 2
# the split as a small table: run 1's stored split set by hand, then reported
python3 - nines.db <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE causes SET minutes_per_year = 0 WHERE run_id = 1")
for c, m in {"failure": 300.0, "detection": 60.0, "maintenance": 240.0}.items():
    db.execute("UPDATE causes SET minutes_per_year = ? WHERE run_id = 1 AND kind = 0 AND cause = ?", (m, c))
db.execute("UPDATE figures SET availability_unplanned = 0.99931, unplanned_ci_lo = 0.9993,"
           " unplanned_ci_hi = 0.99932 WHERE run_id = 1 AND kind = 0")
db.commit()
PY
run report --run 1 --out rep1 --quiet
expect_rc 0 "report of a run with a split"
check "the causes table, largest first" sh -c 'sed -n "/^### Downtime by cause$/,/^###/p" rep1/report.md | grep "^| [a-z-]* |" | tr "\n" ";" | grep -qx "| cause | downtime/yr | share |;| failure | 5.0 h | 50.0% |;| maintenance | 4.0 h | 40.0% |;| detection | 60.0 min | 10.0% |;"'
check "the planned share and the unplanned availability" grep -q 'Planned maintenance is 40.0% of the downtime; without it the availability is 99.93' rep1/report.md
# the analytic cross-check: p1 and p2 are exact, within 4 standard errors
check "a cross-check section per run" test "$(grep -c '^### Against the analytic solver$' rep/report.md)" -eq 2
check "the cross-check table" grep -q '^| target | simulated | analytic | analytic is | gap (standard errors) |$' rep/report.md
check "exact system rows within 4 standard errors" python3 -c '
import re, sys
rows = [l for l in open(sys.argv[1]) if l.startswith("| system |") and "| exact |" in l]
assert len(rows) == 2, rows
for l in rows:
    z = float(l.rstrip().rstrip("|").split("|")[-1])
    assert abs(z) <= 4, l
' rep/report.md
check "p2's analytic figure is its exact value (tests/cases/validation/p2-quorum-3.exact.json)" python3 -c '
import json, sys
exact = 100 * json.load(open(sys.argv[2]))["availability"]
got = [float(l.split("|")[3].strip().rstrip("%")) for l in open(sys.argv[1])
       if l.startswith("| service galera |") and "| exact |" in l]
assert len(got) == 1 and abs(got[0] - exact) < 1e-5, (got, exact)
' rep/report.md "${P2%.yaml}.exact.json"

# stored runs: --run, --last, --png
run report --run 2 --out rep2 --png --quiet
expect_rc 0 "report --run 2"
check "only run 2 in that report" sh -c '! grep -q "Run 1:" rep2/report.md && grep -q "Run 2:" rep2/report.md'
check "--png writes a PNG" sh -c 'head -c 8 rep2/run-2-downtime.png | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"'
run report --last 2 --out rep3 --quiet
expect_rc 0 "report --last 2"
check "designs side by side with two runs" grep -q 'Designs side by side' rep3/report.md
run report --run 1,2 --out rep4 --quiet
expect_rc 0 "report --run 1,2"

# bad input
run report --run 1
expect_rc 1 "report without --out"
expect_err 'needs --out DIR' "says --out is needed"
run report --run 99 --out rep5
expect_rc 1 "report of a run that does not exist"
expect_err 'no run 99' "names the missing run"
run report --run x --out rep5
expect_rc 1 "report --run with a bad id"
run report --out rep5 --db "$TMP/empty.db"
expect_rc 2 "report from a missing database"

# hostile names: escaped in HTML and Markdown, never run by gnuplot
cat >"$TMP/hostile.yaml" <<'YAML'
format: nines/1
name: '<script>alert(1)</script> ''; system("touch MARKER") `touch MARKER` $(touch MARKER) | *x*'
mission: 1y
sla: 99%
hosts:
  box: {}
services:
  app:
    mode: single
    hosts: [box]
    instance: { fail: 100h, repair: 10h }
system: [app]
YAML
run report --out hostile --trials 500 --quiet --no-db "$TMP/hostile.yaml"
expect_rc 0 "report of a hostile topology"
check "no command ran (MARKER absent)" test ! -e MARKER
check "no command ran in the report folder" test ! -e hostile/MARKER
check "HTML escapes the script tag" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' hostile/report.html
check "HTML has no live script tag" sh -c '! grep -q "<script>alert" hostile/report.html'
check "Markdown has no live script tag" sh -c '! grep -q "<script>alert" hostile/report.md'
check "the hostile chart is valid SVG" xmllint --noout hostile/unstored-1-downtime.svg

# no gnuplot on PATH: the report is written, the .gp scripts too, exit 2
mkdir "$TMP/nobin"
PATH=$TMP/nobin "$NINES" report --run 1 --out nognuplot --quiet >"$TMP/out" 2>"$TMP/err"
rc=$?; err=$(cat "$TMP/err")
expect_rc 2 "report without gnuplot"
expect_err 'gnuplot-nox' "the message names the package"
check "report.md is still written" test -s nognuplot/report.md
check "the chart's script is left beside it" grep -q 'EOD' nognuplot/run-1-downtime.svg.gp
check "the script draws the chart later" sh -c 'gnuplot nognuplot/run-1-downtime.svg.gp && xmllint --noout nognuplot/run-1-downtime.svg'

finish

