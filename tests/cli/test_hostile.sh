#!/bin/sh
# tests/cli/test_hostile.sh — hostile names (issue 7, item 5; docs/security.md):
# every string of a topology that reaches a terminal, gnuplot, SQL, a file
# name or HTML is refused or escaped. Proven here: no escape sequence reaches
# the terminal raw (from a topology, a file name or a crafted database), no
# name runs a command through gnuplot (a marker file is never created), names
# with SQL round-trip through the store, nothing is written outside the
# output folder, and report.html shows <script> as text.
. tests/cli/lib.sh
suite hostile

# no_ctl FILE: fails if FILE holds a C0 control other than tab/newline, DEL,
# a C1 control, a bidi formatting character, or bytes that are not UTF-8
no_ctl() {
    python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
text = data.decode("utf-8")          # raises on bytes that are not UTF-8
bad = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
m = bad.search(text)
if m:
    sys.exit("control character U+%04X at offset %d" % (ord(m.group()), m.start()))
PY
}
# clean "what": one check that the last command's stdout and stderr are clean
clean() {
    if no_ctl "$TMP/out" >/dev/null 2>&1 && no_ctl "$TMP/err" >/dev/null 2>&1; then _ok
    else _ko "$1: a control character reached the terminal" "$(cat -v "$TMP/out" "$TMP/err")"; fi
}

# ---- 1. terminal: the loader refuses control characters, with the text escaped
for f in tests/bad/hostile-*.yaml; do
    for c in "check" "analyze" "run --no-db --trials 50" "sensitivity --no-db --trials 50"; do
        # shellcheck disable=SC2086
        run $c "$f"
        expect_rc 1 "$c $f is refused"
        clean "$c $f"
    done
    run compare "$f" "$f" --no-db --trials 50
    expect_rc 1 "compare $f is refused"
    clean "compare $f"
    run sweep "$f" --set mission=1y,2y --no-db --trials 50
    expect_rc 1 "sweep $f is refused"
    clean "sweep $f"
done
run check tests/bad/hostile-escape-name.yaml
expect_err "hostile-escape-name\.yaml:3:8: error: control character in 'pwned \\\\x1b\]0;pwned\\\\x07" \
    "the refused name is shown escaped, at its line and column"
run check tests/bad/hostile-bidi-cr.yaml
expect_err "box\\\\u202etxt\.exe" "a bidi override is shown as \\u202e"

# printable UTF-8 is kept as it is
cat >"$TMP/utf8.yaml" <<'EOF'
format: nines/1
name: "Café – 東京 ✓"
description: |
  Two lines	with a tab
  are fine in a description.
hosts:
  señor-1: {}
services:
  api-Ω: { mode: single, hosts: [señor-1], instance: { fail: 90d, repair: 1h } }
system: [api-Ω]
EOF
run check "$TMP/utf8.yaml"
expect_rc 0 "UTF-8 names and a multi-line description load"
expect_out 'ok: "Café – 東京 ✓"' "UTF-8 is printed as it is"
run run "$TMP/utf8.yaml" --no-db --trials 50 --quiet
expect_out '^  service  api-Ω ' "a UTF-8 service name in the run table"

# a file name with an escape sequence is shown escaped
esc=$(printf '\033')
cp "$TMP/utf8.yaml" "$TMP/a${esc}[2Jb.yaml"
run check "$TMP/a${esc}[2Jb.yaml"
expect_rc 0 "a file whose name holds ESC loads"
clean "check of a file whose name holds ESC"
expect_out 'a\\x1b\[2Jb\.yaml: ok' "the file name is printed with \\x1b"
# without `name:`, the design is named after its file: cleaned to '?'
printf 'format: nines/1\nhosts:\n  h: {}\nservices:\n  s: { mode: single, hosts: [h], instance: { fail: 1y, repair: 1h } }\nsystem: [s]\n' \
    >"$TMP/n${esc}[2Jx$(printf '\342\200\256')y.yaml"
run check "$TMP/n${esc}[2Jx$(printf '\342\200\256')y.yaml"
expect_rc 0 "a file named with escapes and no name: loads"
clean "check of a design named after such a file"
expect_out 'ok: "n\?\[2Jx\?y"' "the name made from the file name holds '?' for each control"
run run "$TMP/n${esc}[2Jx$(printf '\342\200\256')y.yaml" --no-db --trials 20 --quiet --json
check "the JSON name is the cleaned one" python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["name"] == "n?[2Jx?y"' "$TMP/out"
run run "$TMP/nope${esc}]0;pwned$(printf '\007').yaml" --no-db
expect_rc 1 "a missing file whose name holds escapes"
clean "the error for a missing file whose name holds escapes"
run run --bogus"${esc}[2J" --no-db
expect_rc 1 "an unknown flag holding ESC"
clean "the error for an unknown flag holding ESC"

# a database written by something else: names with controls are escaped by
# history and show, and JSON escapes them as \u00XX
run run "$TMP/utf8.yaml" --db "$TMP/crafted.db" --trials 50 --quiet
expect_rc 0 "a run to craft"
python3 - "$TMP/crafted.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
evil = "evil \x1b]0;pwned\x07\x1b[2J\r\u202egnp\x9b"
db.execute("UPDATE runs SET name = ?, command = ?", (evil, "nines run " + evil))
db.execute("UPDATE figures SET name = ? WHERE kind = 1", ("svc\x1b[31m\x7f",))
db.commit()
PY
run history --db "$TMP/crafted.db"
expect_rc 0 "history of a crafted database"
clean "history of a crafted database"
expect_out 'evil \\x1b\]0;pwned\\x07\\x1b\[2J\\x0d\\u202egnp' "history shows the name escaped"
run show 1 --db "$TMP/crafted.db"
expect_rc 0 "show of a crafted run"
clean "show of a crafted run"
expect_out '^evil \\x1b' "show escapes the run's name"
expect_out 'svc\\x1b\[31m\\x7f' "show escapes a service's name"
run show 1 --db "$TMP/crafted.db" --json
clean "show --json of a crafted run"
check "show --json escapes controls as \\u00XX and keeps the name" python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["name"] == "evil \x1b]0;pwned\x07\x1b[2J\r\u202egnp\x9b", d["name"]
assert "\\u001b" in open(sys.argv[1]).read()
' "$TMP/out"
run history --db "$TMP/crafted.db" --json
clean "history --json of a crafted database"
run report --db "$TMP/crafted.db" --run 1 --out "$TMP/crafted-report" --quiet
clean "report of a crafted run"
check "report.md of a crafted run holds no control character" no_ctl "$TMP/crafted-report/report.md"
# (chart text drawn by gnuplot may keep a C1 or bidi character from such a
# database: docs/security.md; C0 controls are dropped everywhere)
sed '/<svg/,/<\/svg>/d' "$TMP/crafted-report/report.html" >"$TMP/crafted.html"
check "report.html of a crafted run holds no control character" no_ctl "$TMP/crafted.html"
check "report.html's charts hold no C0 control" python3 -c '
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", t)
' "$TMP/crafted-report/report.html"

# a reference table (shared data) whose text holds escapes: shown escaped
mkdir -p "$TMP/data/reference"
printf '# Evil \033]0;pwned\007 source \033[2J\n# second line \342\200\256 reversed\ndesign,low_percent,high_percent\nplain,99,99.9\n' \
    >"$TMP/data/reference/evil.csv"
sed 's/^name: .*/name: plain\nreference: plain/' "$TMP/utf8.yaml" >"$TMP/plain.yaml"
NINES_DATA=$TMP/data
export NINES_DATA
run compare "$TMP/plain.yaml" --no-db --trials 50 --quiet
unset NINES_DATA
expect_rc 0 "compare against a reference table holding escapes"
clean "compare's reference source lines"
expect_out '^  Evil \\x1b\]0;pwned\\x07 source \\x1b\[2J' "the source line is shown escaped"
expect_out '^  second line \\u202e reversed' "a bidi override in the source is shown escaped"

# ---- 2-5. printable but hostile names: gnuplot, SQL, file names, HTML
W=$TMP/a/b/c          # ../../etc/x from here would be $TMP/a/etc/x
mkdir -p "$W"
M=$TMP/MARKER
cat >"$W/hostile.yaml" <<EOF
format: nines/1
name: "x'); DROP TABLE runs;-- <script>alert(1)</script> \$(touch $M) \`touch $M\` '; system(\"touch $M\"); ' & \"q\" ../../etc/x"
description: "<img src=x onerror=alert(1)> & 'quotes' \"dq\" @macro \`touch $M\` \$(touch $M)"
reference: "<b>Heartbeat/DRBD</b> \$(touch $M)"
mission: 5y
profiles:
  server: { fail: 2y, repair: 8h }
  "p'\`touch $M\`": { fail: 3y, repair: 4h }
hosts:
  "../../etc/x": { profile: server }
  "/tmp/x; touch $M": { profile: "p'\`touch $M\`" }
services:
  "db'; !touch $M; '":
    mode: active-active
    hosts: ["../../etc/x", "/tmp/x; touch $M"]
    instance: { fail: 30d, repair: 1h }
  "<script>s</script>":
    mode: single
    hosts: ["../../etc/x"]
    instance: { fail: 60d, repair: 1h }
system: ["db'; !touch $M; '", "<script>s</script>"]
views:
  "\"); system('touch $M'); (\"": ["<script>s</script>"]
EOF
H=$W/hostile.yaml
DB=$W/h.db
OUT=$W/out
mkdir -p "$OUT"
touch "$TMP/stamp"
sleep 1  # find -newer compares whole seconds on some file systems

run check "$H"
expect_rc 0 "the hostile (printable) names load"
run run "$H" --db "$DB" --trials 200 --quiet
expect_rc 0 "run stores the hostile design"
run run "$H" --db "$DB" --trials 100 --quiet --json
expect_rc 0 "run --json"
check "run --json keeps the name exactly" python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read())
assert d["name"].startswith("x'"'"'); DROP TABLE runs;-- <script>"), d["name"]
assert "\"); system(" in "".join(d["views"]), d["views"]
' "$TMP/out"
run compare "$H" "$H" --db "$DB" --trials 100 --quiet --chart "$OUT/compare.svg"
expect_rc 0 "compare --chart with hostile names"
check "compare drew its chart" test -s "$OUT/compare.svg"
# the chart's own file name reaches gnuplot's `set output` too
# (a file name holds no '/': the marker would be nines-hostile-marker in the
# current folder)
odd="$OUT/it's \$(touch nines-hostile-marker) \`touch nines-hostile-marker\` \"q\".svg"
run compare "$H" --no-db --trials 100 --quiet --chart "$odd"
expect_rc 0 "compare --chart to a file name with quotes and \$( )"
check "the chart has exactly that name" test -s "$odd"
check "the chart's file name ran nothing" test ! -e nines-hostile-marker
run compare "$H" --db "$DB" --trials 100 --quiet --json
check "compare --json parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/out"
run sweep "$H" --set profiles.server.repair=1h,4h,24h --db "$DB" --trials 100 --quiet --chart "$OUT/sweep.svg"
expect_rc 0 "sweep --chart with hostile names"
check "sweep drew its chart" test -s "$OUT/sweep.svg"
run sensitivity "$H" --db "$DB" --trials 100 --quiet --chart "$OUT/tornado.svg"
expect_rc 0 "sensitivity --chart with hostile names"
check "sensitivity drew its chart" test -s "$OUT/tornado.svg"
run sensitivity "$H" --no-db --trials 100 --quiet --json
check "sensitivity --json parses" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$TMP/out"
run report --db "$DB" --last 3 --out "$OUT/report" --png --quiet
expect_rc 0 "report of stored hostile runs"
run report "$H" --no-db --trials 100 --out "$OUT/report2" --quiet
expect_rc 0 "report FILE with hostile names"
check "no name ran a command through gnuplot (marker absent)" test ! -e "$M"

# SQL: the names round-trip through prepared statements; the tables survive
run history --db "$DB"
expect_rc 0 "history after hostile names"
expect_out "^ +1  .*x'\); DROP TABLE runs;-- <script>" "history shows the name as text"
check "every table is still there and holds the runs" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = '"'"'table'"'"'")}
assert {"runs", "figures", "histogram", "convergence", "topologies"} <= names, names
n = db.execute("SELECT count(*) FROM runs").fetchone()[0]
assert n == 9, n   # run 2, compare 2+1, sweep 3, sensitivity 1 (its base run)
assert db.execute("SELECT count(DISTINCT name) FROM figures WHERE kind = 1").fetchone()[0] == 2
' "$DB"
run show 1 --db "$DB"
expect_rc 0 "show of a hostile run"
expect_out "^x'\); DROP TABLE runs;-- <script>alert\(1\)</script> \\$\(touch " "show prints the name as it was"

# file names: nothing written outside the output folder (and the database)
check "nothing written outside the output folder" sh -c '
find "$1" -newer "$2" -type f | grep -v -e "^$3/" -e "^$4" -e "^$1/out$" -e "^$1/err$" && exit 1; exit 0' - "$TMP" "$TMP/stamp" "$OUT" "$DB"
check "no ../../etc/x was created" test ! -e "$TMP/a/etc/x"
check "report files are named by run ids, not by names" sh -c 'ls "$1" | grep -qv -e "^run-[0-9]*-[a-z]*\.\(svg\|png\)$" -e "^designs\(-causes\|-loss\)\{0,1\}\.\(svg\|png\)$" -e "^report\.\(md\|html\)$" && exit 1; exit 0' - "$OUT/report"

# HTML: names are text, never markup; every SVG is well-formed XML
check "report.html shows <script> as &lt;script&gt;" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$OUT/report/report.html"
for html in "$OUT/report/report.html" "$OUT/report2/report.html"; do
    check "$(basename "$(dirname "$html")")/report.html: no script, img or on* attribute from a name" python3 - "$html" <<'PY'
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = set(), set(), []
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.update(k for k, v in attrs)
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
assert not {"script", "img", "b", "iframe"} & p.tags, p.tags
assert not [a for a in p.attrs if a.startswith("on")], p.attrs
text = "".join(p.text)
assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
PY
done
check "every SVG is well-formed XML" python3 -c '
import sys, xml.etree.ElementTree as ET
for f in sys.argv[1:]:
    ET.parse(f)
' "$OUT"/*.svg "$OUT"/report/*.svg "$OUT"/report2/*.svg
check "report.md escapes < and &" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;.*&amp; "q"' "$OUT/report/report.md"
check "still no marker after everything" test ! -e "$M"

finish
