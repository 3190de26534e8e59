#!/bin/sh
# tests/cli/test_report.sh — `nines report` in batch from a clean folder: runs
# files first or reports stored runs; report.md and report.html with the
# figures and the charts; hostile names escaped; missing gnuplot.
. tests/cli/lib.sh
suite report

P1=$PWD/tests/cases/validation/p1-single.yaml
P2=$PWD/tests/cases/validation/p2-quorum-3.yaml
ROOT=$PWD
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

# ---- the executive summary
# one run: the report opens with its summary
first_h2() { grep -m1 '^## ' "$1"; }
check "one run: the first section is the summary" test "$(first_h2 rep1/report.md)" = "## Summary"
check "the summary comes before the run's section" sh -c 'awk "/^## Summary\$/{s=NR} /^## Run 1:/{r=NR} END{exit !(s && r && s < r)}" rep1/report.md'
# the headline availability is show --json's, as printed (its own decimals)
check "the summary's availability is show --json's" python3 - rep1/report.md "$("$NINES" show 1 --json 2>/dev/null)" <<'PY'
import json, re, sys
md = open(sys.argv[1]).read()
summary = md[md.index("## Summary"):md.index("\n## ", md.index("## Summary") + 1)]
m = re.search(r"^\| availability \| ([0-9.]+)% \(95% interval ", summary, re.M)
a = 100 * json.loads(sys.argv[2])["availability"]
dec = len(m.group(1).split(".")[1])
assert m.group(1) == "%.*f" % (dec, a), (m.group(1), a)
PY
check "the summary's largest cause is the run's (failure, 5.0 h, 50.0%)" sh -c 'sed -n "/^## Summary\$/,/^## Run/p" rep1/report.md | grep -A4 "^### The largest causes of downtime" | tail -1 | grep -qx "| failure | 5.0 h | 50.0% |"'
check "the summary has the assumptions" sh -c 'sed -n "/^## Summary\$/,/^## Run/p" rep1/report.md | grep -q "^- Repairs: unlimited; every repair starts at the failure"'
check "the assumptions say steady state vs mission average" sh -c 'sed -n "/^## Summary\$/,/^## Run/p" rep1/report.md | grep -q "^- Mission average, not steady state: .* steady state .* analytic solver is [0-9.]*% (exact)"'
check "the assumptions say failures go on while down" grep -q '^- Failures go on while the system is down' rep1/report.md
check "the assumptions say what is not modelled" grep -q '^- Not modelled: ' rep1/report.md
# several runs: one table comparing them first
check "several runs: the first section is the summary table" sh -c 'test "$(grep -m1 "^## " rep/report.md)" = "## Summary" && grep -q "^| design | availability (95% interval) | nines | downtime/yr |" rep/report.md'
check "several runs: each run's section opens with its summary" test "$(grep -c '^### Summary$' rep/report.md)" -eq 2
# the three changes: those sensitivity ranks first (an exact design: no simulation)
A=$ROOT/topologies/openstack/a-single-controller-failures-only.yaml
run report --out repa --no-db --trials 500 --quiet "$A"
expect_rc 0 "report of an exact design"
"$NINES" sensitivity "$A" --json --no-db --quiet >"$TMP/sens.json" 2>/dev/null
check "the summary's three changes are sensitivity's first three" python3 - repa/report.md "$TMP/sens.json" <<'PY'
import json, sys
md = open(sys.argv[1]).read()
part = md[md.index("### The changes that gain most"):md.index("### Assumptions")]
rows = [l for l in part.splitlines() if l.startswith("| ") and not l.startswith("| change")]
names = [r.split("|")[1].strip().split(":")[0] for r in rows]
laws = [l for l in json.load(open(sys.argv[2]))["laws"] if l["measurable"] and l["gain"] > 0]
assert names == [l["law"] for l in laws[:3]], (names, laws[:3])
for r, l in zip(rows, laws):
    assert r.split("|")[3].strip() == "%+.3f" % l["gain"], (r, l)
assert "mean time to fail doubled" in rows[0]
PY
# an approximate design: a note names the command, unless asked to simulate
HB=$ROOT/topologies/mysql/heartbeat-drbd.yaml
run report --out repi --trials 500 --quiet "$HB"
expect_rc 0 "report of a design with an include"
check "approximate design: the note names the sensitivity command" grep -q "^Not ranked in this report: the analytic solver is approximate .* Run 'nines sensitivity .*heartbeat-drbd.yaml --seed 1' for them" repi/report.md
run report --out repj --trials 500 --sensitivity-trials 300 --no-db --quiet "$HB"
expect_rc 0 "report --sensitivity-trials"
check "--sensitivity-trials ranks by simulation" grep -q '^| [^|]* (simulated) | [0-9.]* | +[0-9.]* |' repj/report.md
# a large exact design: not ranked by itself (the report stays quick)
python3 "$ROOT/tools/gen-big.py" inline 150 "$TMP/i150.yaml"
run report --out repl --no-db --trials 50 --quiet "$TMP/i150.yaml"
expect_rc 0 "report of a large exact design"
check "a large design: the note gives its size and the command" grep -q "^Not ranked in this report: the design has 300 parts, .* Run 'nines sensitivity .*i150.yaml --seed 1' for them" repl/report.md
run report --run 1 --out repk --no-sensitivity --quiet
expect_rc 0 "report --no-sensitivity"
check "--no-sensitivity: the note" grep -q "^Not ranked in this report (--no-sensitivity): run 'nines sensitivity " repk/report.md
run report --run 1 --out repk --no-sensitivity --sensitivity-trials 10
expect_rc 1 "--no-sensitivity with --sensitivity-trials"

# ---- the design as run, verbatim: every file, byte for byte, no entities
# (the fenced blocks of report.md against `nines export`'s files and the originals)
hb_id=$("$NINES" history --json 2>/dev/null | python3 -c 'import json,sys; print(max(r["id"] for r in json.load(sys.stdin)))')
"$NINES" export "$hb_id" exp >/dev/null 2>&1
FENCES=$TMP/fences.py; export FENCES
cat >"$FENCES" <<'PY'
import os, re, sys
def fences(path):
    md = open(path, "rb").read()
    out, pos = [], 0
    for m in re.finditer(rb"^(`{3,})\n", md, re.M):
        if m.start() < pos:
            continue
        end = md.index(b"\n" + m.group(1) + b"\n", m.end() - 1)
        out.append(md[m.end():end + 1])
        pos = end + len(m.group(1)) + 2
    return out
def tree(d):
    return [open(os.path.join(r, f), "rb").read() for r, _, fs in os.walk(d) for f in fs]
PY
check "the design as run: export's files, byte for byte" python3 - repi/report.md exp <<'PY'
import os, sys; exec(open(os.environ["FENCES"]).read())
got, want = sorted(fences(sys.argv[1])), sorted(tree(sys.argv[2]))
assert len(want) == 2 and got == want, (len(got), len(want))
PY
check "the design as run: the files on disk, byte for byte" python3 - repi/report.md "$HB" "$(dirname "$HB")/../profiles/datacenter.yaml" <<'PY'
import os, sys; exec(open(os.environ["FENCES"]).read())
assert sorted(fences(sys.argv[1])) == sorted(open(p, "rb").read() for p in sys.argv[2:])
PY
run report --run "$hb_id" --out repr --quiet
expect_rc 0 "report of the stored run with an include"
check "a stored run's design as run: export's files, byte for byte" python3 - repr/report.md exp <<'PY'
import os, sys; exec(open(os.environ["FENCES"]).read())
assert sorted(fences(sys.argv[1])) == sorted(tree(sys.argv[2]))
PY
check "the design as run comes right after the two charts" sh -c 'grep "^### " repi/report.md | sed -n "4,6p" | tr "\n" ";" | grep -qx "### Yearly downtime and outage lengths;### The design as run;### The design;"'
check "report.html has each file in a <pre>" test "$(grep -c '<pre class="design">' repi/report.html)" -eq 2
# a design with markup and backticks: literal in the fence, escaped in the HTML
printf '%s\n' 'format: nines/1' \
    "# <b>&amp; \`tick\` \`\`\`\` four \`\`\`\`\` five" \
    'name: "x <b>&amp; y"' 'mission: 1y' 'hosts:' '  box: {}' 'services:' '  app:' \
    '    mode: single' '    hosts: [box]' '    instance: { fail: 100h, repair: 10h }' \
    'system: [app]' >"$TMP/ticks.yaml"
printf '# no final newline' >>"$TMP/ticks.yaml"
run report --out ticks --trials 300 --quiet --no-db "$TMP/ticks.yaml"
expect_rc 0 "report of a design with markup and backticks"
check "the fence is longer than any run of backticks" grep -qx '``````' ticks/report.md
check "the fenced text is the file, unescaped (a final newline added)" python3 - ticks/report.md "$TMP/ticks.yaml" <<'PY'
import os, sys; exec(open(os.environ["FENCES"]).read())
f = fences(sys.argv[1])
assert f == [open(sys.argv[2], "rb").read() + b"\n"], f
assert b"# <b>&amp; `tick` ```` four ````` five\n" in f[0]
PY
check "no entity inside the fence" python3 - ticks/report.md <<'PY'
import os, sys; exec(open(os.environ["FENCES"]).read())
for f in fences(sys.argv[1]):
    assert b"&lt;" not in f and b"&gt;" not in f and b"&amp;amp;" not in f, f
PY
check "outside the fence the name is still escaped" grep -q '^## x &lt;b&gt;&amp;amp; y (not stored)$' ticks/report.md
check "report.html escapes it in the <pre>" grep -q '^# &lt;b&gt;&amp;amp; `tick` ```` four ````` five$' ticks/report.html
# the report as a browser shows it (when Chromium is here; CI has it)
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    check "the report renders in headless Chromium (tools/check-report.sh)" \
        env REPORT="$PWD/repi" NINES="$NINES" sh "$ROOT/tools/check-report.sh"
fi

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
# outside the fenced design (literal there: a fence is not HTML)
check "Markdown has no live script tag" sh -c 'awk "/^\`\`\`+\$/{f=!f; next} !f" hostile/report.md | grep -q "<script>alert" && exit 1; grep -q "&lt;script&gt;alert" hostile/report.md'
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

