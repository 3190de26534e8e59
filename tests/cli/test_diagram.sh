#!/bin/sh
# tests/cli/test_diagram.sh — `nines diagram FILE --out OUT.svg|.png`: a valid
# SVG naming every host and service, shared hosts, common causes and
# maintenance drawn; hostile names escaped (no attribute, node or markup
# added); a missing or failing dot gives exit 2 with its message and leaves
# no file, whole or half.
. tests/cli/lib.sh
suite diagram

# svg_texts FILE: every text of the SVG, one per line
svg_texts() {
    python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}text"):
    print(e.text or "")
PY
}

run diagram -h
expect_rc 0 "diagram -h"
expect_out '^usage: nines diagram FILE --out OUT\.svg\|OUT\.png' "diagram -h: usage"
expect_out 'Needs dot \(package graphviz' "diagram -h: says what it needs"
run help diagram
expect_out '^usage: nines diagram' "nines help diagram"
run --help
expect_out '^  diagram +draw the topology with Graphviz' "diagram is in the command list"

# ---- the shipped designs
B=topologies/openstack/b-three-controllers-failures-only.yaml
run diagram "$B" --out "$TMP/b.svg"
expect_rc 0 "diagram of (b)"
expect_err "diagram written to $TMP/b\.svg" "diagram says where it wrote"
check "the SVG is valid XML" xmllint --noout "$TMP/b.svg"
svg_texts "$TMP/b.svg" >"$TMP/b.txt"
for name in agg tor1 tor2 tor3 pdu1 pdu2 pdu3 ctl1 ctl2 ctl3; do
    check "(b) names host $name" grep -qx "$name" "$TMP/b.txt"
done
for name in vip mysql rabbitmq memcached keystone glance nova-api nova-scheduler neutron-server; do
    check "(b) names service $name" grep -qx "$name" "$TMP/b.txt"
done
check "(b) labels each service with its mode" grep -qx "quorum: 2 of 3 needed" "$TMP/b.txt"
check "(b) labels the VIP with its failover" grep -qx "failover 4s, 99.9% succeed" "$TMP/b.txt"
# 27 members (9 services x 3) + 10 hosts + the legend (the variant without operations: no maintenance or common-cause boxes)
n=$(grep -c 'class="node"' "$TMP/b.svg")
if [ "$n" -eq 38 ]; then _ok; else _ko "(b) has 37 nodes and a legend (got $n)"; fi
# shared: ctl1-3 (nine services each) and agg (needed by three switches), and
# the legend's sample; tor and pdu (needed by one host each) are not
n=$(grep -c 'fill="#e69f00"' "$TMP/b.svg")
if [ "$n" -eq 5 ]; then _ok; else _ko "(b) marks 4 shared hosts and the legend (got $n)"; fi
check "(b) has a legend naming shared hosts" grep -qx "shared host: one failure" "$TMP/b.txt"

run diagram "$B" --out "$TMP/b.png" --quiet
expect_rc 0 "diagram --out PNG"
check "the PNG has a PNG signature" sh -c 'head -c 8 "$1" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"' - "$TMP/b.png"
check "--quiet says nothing" test ! -s "$TMP/err"

O=topologies/examples/operations.yaml
run diagram "$O" --out "$TMP/o.svg" --quiet
expect_rc 0 "diagram of the operations example"
svg_texts "$TMP/o.svg" >"$TMP/o.txt"
check "a common cause is a node" grep -qx "galera-bug" "$TMP/o.txt"
check "a maintenance entry is a node" grep -qx "maintenance every 30d, rolling" "$TMP/o.txt"
# galera-bug: 3 members, disk-batch: 3 hosts; each maintenance entry 3 units
n=$(grep -c 'stroke-dasharray="5,2"' "$TMP/o.svg")
if [ "$n" -eq 6 ]; then _ok; else _ko "six dashed common-cause edges (got $n)"; fi
n=$(grep -c 'stroke-dasharray="1,5"' "$TMP/o.svg")
if [ "$n" -eq 6 ]; then _ok; else _ko "six dotted maintenance edges (got $n)"; fi

run diagram "$O" --out "$TMP/o.dot" --quiet
expect_rc 0 "diagram --out OUT.dot"
check "OUT.dot is the Graphviz script" grep -q '^digraph nines {' "$TMP/o.dot"

# ---- hostile names: quotes, backslashes, < > &, braces, attribute syntax
# (host and service names cannot hold '[': it starts a name range)
cat >"$TMP/hostile.yaml" <<'EOF'
format: nines/1
name: "x\", URL=\"javascript:alert(1)\" <b>&amp;</b>];evil[shape=none"
hosts:
  "db\"1\\ <b>&{x|y}": {}
  "h2 ;shape=none; \\N": {}
services:
  "svc\";evil;label=\"x": { mode: active-active, need: 1, hosts: ["db\"1\\ <b>&{x|y}", "h2 ;shape=none; \\N"], instance: { fail: 30d, repair: 1h } }
system: ["svc\";evil;label=\"x"]
EOF
run diagram "$TMP/hostile.yaml" --out "$TMP/h.svg" --quiet
expect_rc 0 "diagram of hostile names"
check "the hostile SVG is valid XML" xmllint --noout "$TMP/h.svg"
svg_texts "$TMP/h.svg" >"$TMP/h.txt"
check "a host name is shown exactly" grep -qxF 'db"1\ <b>&{x|y}' "$TMP/h.txt"
check "a host name with \\N is shown exactly" grep -qxF 'h2 ;shape=none; \N' "$TMP/h.txt"
check "the service name is shown exactly" grep -qxF 'svc";evil;label="x' "$TMP/h.txt"
check "the design's name is shown exactly" grep -qxF 'x", URL="javascript:alert(1)" <b>&amp;</b>];evil[shape=none' "$TMP/h.txt"
check "the name is escaped in the SVG" grep -qF 'db&quot;1\ &lt;b&gt;&amp;{x|y}' "$TMP/h.svg"
n=$(grep -c 'class="node"' "$TMP/h.svg")
if [ "$n" -eq 5 ]; then _ok; else _ko "2 hosts, 2 members and the legend, no injected node (got $n)"; fi
check "no link was injected" sh -c '! grep -q -e "<a " -e "xlink:href" -e "javascript:alert(1)\"" "$1"' - "$TMP/h.svg"

# ---- errors
run diagram "$B"
expect_rc 1 "diagram without --out"
expect_err "diagram needs --out OUT\.svg" "missing --out message"
run diagram --out "$TMP/x.svg"
expect_rc 1 "diagram without FILE"
run diagram "$B" --out "$TMP/x.pdf"
expect_rc 1 "diagram --out OUT.pdf"
expect_err "--out takes a file ending in \.svg or \.png" "bad extension message"
run diagram tests/bad/no-such-file.yaml --out "$TMP/x.svg"
expect_rc 1 "diagram of a missing file"
check "nothing written for a bad file" test ! -e "$TMP/x.svg"

# ---- dot missing: exit 2, the message, no file (PATH without dot)
mkdir -p "$TMP/nodot" "$TMP/empty"
echo stale >"$TMP/nodot/d.svg"
PATH="$TMP/empty" "$NINES" diagram "$B" --out "$TMP/nodot/d.svg" >"$TMP/out" 2>"$TMP/err"
rc=$?; err=$(cat "$TMP/err")
expect_rc 2 "diagram without dot"
expect_err '^nines: error: dot \(Graphviz\) not found: install graphviz \(make deps\)$' "missing dot message"
check "without dot, the output is left as it was" grep -qx stale "$TMP/nodot/d.svg"
check "without dot, no temporary file" sh -c '! ls -A "$1" | grep -q "^\.nines-"' - "$TMP/nodot"

# ---- dot failing half-way: exit 2, its error, nothing half-written
mkdir -p "$TMP/faildot" "$TMP/fail"
cat >"$TMP/faildot/dot" <<'EOF'
#!/bin/sh
cat >/dev/null
printf '<svg half'
echo "Error: <stdin>: syntax error in line 7" >&2
exit 1
EOF
chmod +x "$TMP/faildot/dot"
PATH="$TMP/faildot:$PATH" "$NINES" diagram "$B" --out "$TMP/fail/d.svg" >"$TMP/out" 2>"$TMP/err"
rc=$?; err=$(cat "$TMP/err")
expect_rc 2 "diagram with a failing dot"
expect_err "dot failed drawing $TMP/fail/d\.svg: Error: <stdin>: syntax error in line 7" "dot's error is shown"
check "a failing dot leaves no output" test ! -e "$TMP/fail/d.svg"
check "a failing dot leaves no temporary file" sh -c '[ -z "$(ls -A "$1")" ]' - "$TMP/fail"

# ---- Ctrl-C while dot draws: dot is killed, nothing is written, exit 130
mkdir -p "$TMP/slowdot" "$TMP/slow"
cat >"$TMP/slowdot/dot" <<EOF
#!/bin/sh
cat >/dev/null
echo \$\$ >"$TMP/slowdot/pid"
exec sleep 30
EOF
chmod +x "$TMP/slowdot/dot"
PATH="$TMP/slowdot:$PATH" "$NINES" diagram "$B" --out "$TMP/slow/d.svg" >/dev/null 2>"$TMP/err" &
npid=$!
i=0
while [ ! -s "$TMP/slowdot/pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $npid
wait $npid
rc=$?; err=$(cat "$TMP/err")
expect_rc 130 "diagram interrupted while dot draws"
expect_err "interrupted: $TMP/slow/d\.svg was not written" "interrupted diagram message"
check "the interrupted dot is gone" sh -c '! kill -0 "$(cat "$1")" 2>/dev/null' - "$TMP/slowdot/pid"
check "an interrupted diagram leaves no file" sh -c '[ -z "$(ls -A "$1")" ]' - "$TMP/slow"

# ---- in every report: SVG (and PNG with --png), linked in report.md and
# inline in report.html
G=topologies/mysql/galera.yaml
run report "$O" "$G" --no-db --trials 300 --png --quiet --out "$TMP/rep"
expect_rc 0 "report of two designs"
for i in 1 2; do
    check "report: diagram $i as SVG" xmllint --noout "$TMP/rep/unstored-$i-diagram.svg"
    check "report: diagram $i as PNG" test -s "$TMP/rep/unstored-$i-diagram.png"
    check "report.md links diagram $i" grep -qxF "![The design as run](unstored-$i-diagram.svg)" "$TMP/rep/report.md"
done
n=$(grep -c '<g id="graph0" class="graph"' "$TMP/rep/report.html")
if [ "$n" -eq 2 ]; then _ok; else _ko "report.html inlines both diagrams (got $n)"; fi
check "the diagram comes under 'The design'" python3 - "$TMP/rep/report.md" <<'PY'
import sys
md = open(sys.argv[1]).read()
assert md.index("### The design") < md.index("](unstored-1-diagram.svg)") < md.index("### Figures"), "order"
PY

# without dot the report is still written (exit 0): the documents say so in
# place of each diagram, stderr warns once, the charts are all there
mkdir -p "$TMP/gponly"
ln -s "$(command -v gnuplot)" "$TMP/gponly/gnuplot"
PATH="$TMP/gponly" "$NINES" report "$O" "$G" --no-db --trials 300 --quiet --out "$TMP/rep2" >"$TMP/out" 2>"$TMP/err"
rc=$?; err=$(cat "$TMP/err")
expect_rc 0 "report without dot"
n=$(grep -c 'warning: dot (Graphviz) not found: install graphviz (make deps); the report shows no topology diagram' "$TMP/err")
if [ "$n" -eq 1 ]; then _ok; else _ko "report without dot warns once (got $n)" "$err"; fi
n=$(grep -c '^(no diagram: dot (Graphviz) not found: install graphviz (make deps))$' "$TMP/rep2/report.md")
if [ "$n" -eq 2 ]; then _ok; else _ko "report.md says why in place of both diagrams (got $n)"; fi
n=$(grep -c '<figure>(no diagram: dot (Graphviz) not found' "$TMP/rep2/report.html")
if [ "$n" -eq 2 ]; then _ok; else _ko "report.html says why in place of both diagrams (got $n)"; fi
check "no diagram file without dot" sh -c '! ls "$1" | grep -q diagram' - "$TMP/rep2"
check "the charts are drawn without dot" test -s "$TMP/rep2/unstored-2-services.svg"

finish
