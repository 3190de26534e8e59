#!/bin/sh
# tests/cli/test_sweep.sh — `nines sweep`: lists, ranges and grids of values,
# the exact column equal to `nines analyze` at every point, the same seed at
# every point, --json, --chart, storing each point, and clear errors for a bad
# PATH, bad VALUES and bad flags.
. tests/cli/lib.sh
suite sweep

# A pair of servers behind one switch: exact in the solver.
cat >"$TMP/pair.yaml" <<'YAML'
format: nines/1
name: pair behind a switch
mission: 2y
profiles:
  server: { fail: 2000h, repair: 8h }
  switch: { fail: 5y, repair: 4h }
hosts:
  sw: { profile: switch }
  a: { profile: server, needs: [sw] }
  b: { profile: server, needs: [sw] }
services:
  api:
    mode: active-active
    need: 1
    hosts: [a, b]
    instance: { fail: 90d, repair: 10m }
system: [api]
YAML
SIM="--trials 300 --seed 11 --threads 2 --quiet --no-db"

run sweep --help
expect_rc 0 "--help"
expect_out '^usage: nines sweep FILE --set PATH=VALUES' "usage"
expect_out '1h\.\.72h:log:8' "usage shows a range"

# a list
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,8h,24h $SIM
expect_rc 0 "list sweep exits 0"
expect_out '^profiles\.server\.repair +availability \[95% interval\] +nines +downtime/yr +exact' "table header"
expect_out '^1h +9' "row for 1h"
expect_out '^8h +9' "row for 8h"
expect_out '^24h +9' "row for 24h"
expect_out 'seed 11 at every point' "says the seed is shared"

# --json: one point per value, the exact value equal to `nines analyze` there
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,8h,24h $SIM --json
expect_rc 0 "--json exits 0"
json=$out
check "--json parses" sh -c 'printf "%s" "$1" | jq -e . >/dev/null' _ "$json"
check "three points" test "$(printf '%s' "$json" | jq '.points | length')" = 3
check "set values in order" test "$(printf '%s' "$json" | jq -r '[.points[].set["profiles.server.repair"]] | join(",")')" = "1h,8h,24h"
check "every point has an interval around it" sh -c 'printf "%s" "$1" | jq -e "all(.points[]; .ci95[0] <= .availability and .availability <= .ci95[1])" >/dev/null' _ "$json"
check "every point has the same seed" sh -c 'printf "%s" "$1" | jq -e "all(.points[]; .seed == 11 and .trials == 300)" >/dev/null' _ "$json"
check "availability falls as repair grows" sh -c 'printf "%s" "$1" | jq -e ".points[0].exact > .points[1].exact and .points[1].exact > .points[2].exact" >/dev/null' _ "$json"
i=0
for v in 1h 8h 24h; do
    sed "s/server: { fail: 2000h, repair: 8h }/server: { fail: 2000h, repair: $v }/" \
        "$TMP/pair.yaml" >"$TMP/pair-$v.yaml"
    run analyze "$TMP/pair-$v.yaml" --json
    want=$(printf '%s' "$out" | jq '.availability')
    got=$(printf '%s' "$json" | jq ".points[$i].exact")
    check "exact at repair $v equals analyze ($got vs $want)" \
        awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b > 0 && d / b < 1e-9) }'
    i=$((i + 1))
done

# ranges
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h..72h:log:4 $SIM --json
expect_rc 0 "log range"
check "log range values" test "$(printf '%s' "$out" | jq -r '[.points[].set["profiles.server.repair"]] | join(",")')" = "1h,4.16017h,17.307h,72h"
run sweep "$TMP/pair.yaml" --set profiles.server.repair=2h..8h:lin:4 $SIM --json
expect_rc 0 "lin range"
check "lin range values" test "$(printf '%s' "$out" | jq -r '[.points[].set["profiles.server.repair"]] | join(",")')" = "2h,4h,6h,8h"
run sweep "$TMP/pair.yaml" --set services.api.need=1..2 $SIM --json
expect_rc 0 "whole-number range"
check "need 1 and 2" test "$(printf '%s' "$out" | jq -r '[.points[].set["services.api.need"]] | join(",")')" = "1,2"
check "need 2 is less available" sh -c 'printf "%s" "$1" | jq -e ".points[0].exact > .points[1].exact" >/dev/null' _ "$out"

# a grid: every combination, the last --set varying fastest
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,24h --set profiles.switch.repair=1h,2h,4h $SIM --json
expect_rc 0 "grid"
check "grid has 6 points" test "$(printf '%s' "$out" | jq '.points | length')" = 6
check "grid order" test "$(printf '%s' "$out" | jq -r '[.points[] | .set["profiles.server.repair"] + "/" + .set["profiles.switch.repair"]] | join(",")')" = "1h/1h,1h/2h,1h/4h,24h/1h,24h/2h,24h/4h"

# common random numbers: the same seed at every point, so a point run alone
# with that seed gives the same figures as inside the sweep
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,8h $SIM --json
second=$(printf '%s' "$out" | jq '.points[1].availability')
run run "$TMP/pair.yaml" $SIM --json
alone=$(printf '%s' "$out" | jq '.availability')
check "point 2 equals a run with the same seed ($second vs $alone)" \
    awk -v a="$second" -v b="$alone" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-13) }'

# --chart
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h..72h:log:4 $SIM --chart "$TMP/sweep.svg"
expect_rc 0 "--chart exits 0"
check "chart written" test -s "$TMP/sweep.svg"
check "chart is well-formed SVG" xmllint --noout "$TMP/sweep.svg"
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,2h --set profiles.switch.repair=1h,2h $SIM --chart "$TMP/grid.svg"
expect_rc 0 "--chart of a grid"
check "grid chart names the second parameter" grep -q 'profiles.switch.repair' "$TMP/grid.svg"
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,2h $SIM --chart "$TMP/sweep.txt"
expect_rc 1 "--chart with an unknown format"

# every point is stored
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,8h --trials 50 --quiet --db "$TMP/runs.db"
expect_rc 0 "sweep with a database"
run history --db "$TMP/runs.db"
expect_out 'profiles\.server\.repair=1h' "first point stored"
expect_out 'profiles\.server\.repair=8h' "second point stored"
# each point's stored command is a one-point sweep that makes the same figures
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,8h --set 'profiles.switch.fail={dist: weibull, shape: 2, mean: 5y}' \
    --trials 300 --seed 5 --quiet --db "$TMP/repro.db" --json
printf '%s\n' "$out" >"$TMP/all.json"
cmd=$(sqlite3 "$TMP/repro.db" "SELECT command FROM runs ORDER BY id LIMIT 1 OFFSET 1")
check "the second point's command is a one-point sweep" test "$cmd" = \
    "nines sweep $(cd "$TMP" && pwd -P)/pair.yaml --set profiles.server.repair=8h --set 'profiles.switch.fail={dist: weibull, shape: 2, mean: 5y}' --trials 300 --seed 5"
out=$(eval "PATH=\"$(dirname "$NINES"):\$PATH\" $cmd --threads 1 --no-db --quiet --json")
check "run again (1 thread), it gives the stored point's figures exactly" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["points"][1]
b = json.loads(sys.argv[2])["points"][0]
assert a["set"] == b["set"], (a["set"], b["set"])
for k in ("availability", "ci95", "nines", "downtime_minutes_per_year"):
    assert a[k] == b[k], (k, a[k], b[k])
' "$TMP/all.json" "$out"
run report --db "$TMP/repro.db" --run 1 --out "$TMP/reprorep" --quiet
check "the report describes the point's design, not the file's" grep -q \
    "host a: fails after exponential(mean 83.33d), repaired in exponential(mean 1h)" "$TMP/reprorep/report.md"
check "with the swept switch law" grep -q "host sw: fails after weibull(shape 2, mean 5y)" "$TMP/reprorep/report.md"

# bad input
run sweep "$TMP/pair.yaml" --set profiles.server.repiar=1h,2h $SIM
expect_rc 1 "bad PATH"
expect_err 'repiar' "names the bad path"
expect_err "did you mean 'profiles\.server\.repair'|did you mean 'repair'" "suggests the right one"
check "nothing on stdout for a bad PATH" test -z "$out"
run sweep "$TMP/pair.yaml" --set profiles.server.repair=1h,-2h $SIM
expect_rc 1 "bad value"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=1h..' $SIM
expect_rc 1 "range without an end"
expect_err "nines: error: bad range '1h\.\.'" "says the range is bad"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=1h..72h' $SIM
expect_rc 1 "range of durations without spacing"
expect_err 'needs :lin:N or :log:N' "asks for a spacing"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=1h..72h:cubic:3' $SIM
expect_rc 1 "unknown spacing"
expect_err "unknown spacing 'cubic'" "names the spacing"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=0h..72h:log:3' $SIM
expect_rc 1 "log range from zero"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=1h..99%:lin:3' $SIM
expect_rc 1 "range of mixed kinds"
expect_err 'not of one kind' "says why"
run sweep "$TMP/pair.yaml" --set 'profiles.server.repair=1h,,2h' $SIM
expect_rc 1 "empty value"
run sweep "$TMP/pair.yaml" --set profiles.server.repair $SIM
expect_rc 1 "--set without ="
expect_err 'PATH=VALUES' "shows the form"
run sweep "$TMP/pair.yaml" $SIM
expect_rc 1 "no --set"
expect_err 'sweep needs at least one --set' "says what is missing"
run sweep --set profiles.server.repair=1h $SIM
expect_rc 1 "no file"
# a profile from an include: the sweep's exact figure is analyze's on a copy
# of the library with that value written in
mkdir -p "$TMP/inc/examples" "$TMP/inc/profiles"
cp topologies/examples/include.yaml "$TMP/inc/examples/"
sed '/^  tor-switch:/,/repair:/s/repair: .*/repair: 30m/' topologies/profiles/datacenter.yaml \
    >"$TMP/inc/profiles/datacenter.yaml"
check "the copied library has the new repair" grep -q 'repair: 30m' "$TMP/inc/profiles/datacenter.yaml"
run analyze "$TMP/inc/examples/include.yaml" --json
printf '%s\n' "$out" >"$TMP/inc.json"
# (the library's repair is lognormal: .mean keeps its shape, and the steady
# state depends on the mean only)
run sweep topologies/examples/include.yaml --set profiles.tor-switch.repair.mean=30m,4h $SIM --json
expect_rc 0 "sweep of an included profile exits 0"
check "the included profile's point equals analyze of the edited library to 1e-12" python3 -c '
import json, sys
pts = json.loads(sys.argv[1])["points"]
a = json.load(open(sys.argv[2]))["availability"]
assert [p["set"]["profiles.tor-switch.repair.mean"] for p in pts] == ["30m", "4h"]
assert abs(pts[0]["exact"] - a) <= 1e-12, (pts[0]["exact"], a)
assert pts[1]["exact"] < pts[0]["exact"]
' "$out" "$TMP/inc.json"
run sweep topologies/examples/include.yaml --set profiles.tor-swich.repair=1h $SIM
expect_rc 1 "an included profile misspelt"
expect_err "include.yaml: error: bad --set path 'profiles.tor-swich.repair': no profile 'tor-swich' in the file or its includes \\(did you mean 'profiles.tor-switch.repair'\\?\\)" "says so with a suggestion"

# the operations keys are paths like any other: a maintenance entry's `every`
cat >"$TMP/patched.yaml" <<'YAML'
format: nines/1
name: patched pair
profiles:
  server: { fail: 1y, repair: 8h }
hosts:
  a: { profile: server }
  b: { profile: server }
services:
  web: { mode: active-active, hosts: [a, b], need: 1 }
  db: { mode: single, hosts: [a] }
system: [web, db]
maintenance:
  patch:
    targets: [a]
    every: 30d
    duration: 2h
YAML
run sweep "$TMP/patched.yaml" --set maintenance.patch.every=7d,30d --trials 400 --seed 3 --quiet --db "$TMP/patched.db" --json
expect_rc 0 "sweep of maintenance.patch.every"
printf '%s\n' "$out" >"$TMP/patched.json"
check "two points, 7d then 30d" python3 -c '
import json, sys
pts = json.load(open(sys.argv[1]))["points"]
assert [p["set"]["maintenance.patch.every"] for p in pts] == ["7d", "30d"], pts
assert [p["run_id"] for p in pts] == [1, 2]
' "$TMP/patched.json"
run show 1 --db "$TMP/patched.db"
expect_err "reproduce with: nines sweep .*patched.yaml --set maintenance.patch.every=7d" "the stored point says how to make it again"
"$NINES" show 1 --db "$TMP/patched.db" --json >"$TMP/p7.json" 2>/dev/null
"$NINES" show 2 --db "$TMP/patched.db" --json >"$TMP/p30.json" 2>/dev/null
# windows of 2h every 7d on host a take db down 2/168 of the time, every 30d
# 2/720: planned downtime about 30/7 times as large
check "maintenance every 7d plans about 30/7 times the downtime of every 30d" python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
m7, m30 = a["downtime_by_cause"]["maintenance"], b["downtime_by_cause"]["maintenance"]
assert 3.5 < m7 / m30 < 5.2, (m7, m30)
assert abs(m30 - 2 / 720 * 525600) < 0.1 * 2 / 720 * 525600, m30
assert a["availability_unplanned"] > a["availability"]
' "$TMP/p7.json" "$TMP/p30.json"
run sweep "$TMP/patched.yaml" --set maintenance.pach.every=7d $SIM
expect_rc 1 "a maintenance entry misspelt"
expect_err "bad --set path 'maintenance.pach.every': no key 'pach' in maintenance \\(did you mean 'maintenance.patch.every'\\?\\)" "says so with a suggestion"

run sweep "$TMP/pair.yaml" --set mission=1y --frobnicate
expect_rc 1 "unknown option"
expect_err "unknown option '--frobnicate'" "names it"

finish
