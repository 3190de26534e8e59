#!/bin/sh
# tests/cli/test_capacity.sh — capacity figures in run's table and JSON (and a
# stored run's show --json, byte for byte), --view NAME on run and compare
# (the view's figures as the headline, an unknown view refused with its
# did-you-mean), and compare's paired B - A with common random numbers.
. "$(dirname "$0")/lib.sh"
suite capacity

node='profiles: { node: { fail: 3y, repair: 8h } }'
cat >"$TMP/central.yaml" <<YAML
format: nines/1
name: central
$node
hosts:
  net: { profile: node }
  c[1:4]: { profile: node }
services:
  network: { mode: single, hosts: [net], instance: { fail: 1y, repair: 1h } }
  vm: { mode: active-active, hosts: ["c[1:4]"], instance: { fail: 2y, repair: 30m }, needs: [network] }
system: [vm]
views:
  vms: { services: [vm], need: 75% }
YAML
cat >"$TMP/multihost.yaml" <<YAML
format: nines/1
name: multi-host
$node
hosts:
  c[1:4]: { profile: node }
services:
  network: { mode: active-active, hosts: ["c[1:4]"], instance: { fail: 1y, repair: 1h } }
  vm: { mode: active-active, hosts: ["c[1:4]"], instance: { fail: 2y, repair: 30m }, needs-local: [network] }
system: [vm]
views:
  vms: { services: [vm], need: 75% }
YAML
sed 's/fail: 1y, repair: 1h/fail: 30d, repair: 4h/; s/^name: central/name: central, worse network/' \
    "$TMP/central.yaml" >"$TMP/worse.yaml"

# capacity in the table and the JSON (crude: --rare auto would pick
# importance sampling at 300 trials, which does not estimate capacity;
# docs/rare-events.md)
run run "$TMP/multihost.yaml" --trials 300 --seed 4 --rare off --no-db --quiet
expect_rc 0 "run of a design with needs-local"
expect_out '^  capacity +name +mbrs +serving' "the table has a capacity block"
expect_out '^  service +vm +4 +99\.[0-9]+% +\[' "the VMs' capacity row"
run run "$TMP/multihost.yaml" --trials 300 --seed 4 --rare off --no-db --json
expect_rc 0 "run --json"
check "services.vm has capacity, member-hours and a blast radius" sh -c '
    printf "%s" "$1" | jq -e ".services.vm | (.capacity > 0.99 and .capacity < 1) and
        (.member_hours_lost_per_year - (1 - .capacity) * 4 * 8760 | fabs < 1e-6) and
        (.blast_radius[\"1\"] > 0) and (.blast_radius[\"2\"] == null) and .members == 4"' _ "$out"
nov=$out

# show --json of the stored run is the run's JSON, byte for byte
"$NINES" run "$TMP/central.yaml" --trials 200 --seed 9 --rare off --db "$TMP/c.db" --json --quiet >"$TMP/run.json"
"$NINES" show 1 --db "$TMP/c.db" --json >"$TMP/show.json"
check "show --json is byte-identical with the run's" cmp "$TMP/run.json" "$TMP/show.json"
check "the central node takes all four VMs at once" sh -c 'jq -e ".services.vm.blast_radius[\"4\"] > 0" "$1"' _ "$TMP/run.json"
check "the store is at schema 7 with its capacity rows" python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 7
assert db.execute("SELECT members FROM capacity WHERE kind = 1 AND idx = 1").fetchone()[0] == 4
assert db.execute("SELECT count(*) FROM blast_radius WHERE size = 4").fetchone()[0] >= 1
' "$TMP/c.db"

# --view: the view's figures become the headline
run run "$TMP/multihost.yaml" --trials 300 --seed 4 --rare off --no-db --json --view vms
expect_rc 0 "run --view vms"
check "the headline is the view's figures, the system among the views" sh -c '
    a=$(printf "%s" "$1" | jq -c "{availability, capacity, outages}")
    b=$(printf "%s" "$2" | jq -c ".views.vms | {availability, capacity, outages}")
    s=$(printf "%s" "$1" | jq -c ".views.system | {availability, outages}")
    t=$(printf "%s" "$2" | jq -c "{availability, outages}")
    test "$a" = "$b" && test "$s" = "$t" && test "$(printf "%s" "$1" | jq -r .headline)" = vms' _ "$out" "$nov"
run run "$TMP/multihost.yaml" --trials 300 --seed 4 --rare off --no-db --view vms
expect_out '^  headline: view vms ' "the table says which view is the headline"
expect_out '^  capacity +99\.[0-9]+% of 4 members serving' "the headline's capacity"
run run "$TMP/multihost.yaml" --trials 30 --no-db --view vm
expect_rc 1 "an unknown view is refused"
expect_err "error: unknown view 'vm' \(did you mean 'vms'\?\)" "with its did-you-mean"
run run "$TMP/multihost.yaml" --trials 30 --no-db --view control
expect_rc 1 "a view far from any name is refused"
expect_err "error: unknown view 'control' \(expected system, vms\)" "with the names it may be"
run compare "$TMP/central.yaml" "$TMP/multihost.yaml" --trials 30 --no-db --view nope
expect_rc 1 "compare refuses an unknown view"
run run --help
expect_out '--view NAME' "run --help lists --view"
run compare --help
expect_out '--view NAME' "compare --help lists --view"

# sweep --view: each point's headline is the view
run sweep "$TMP/multihost.yaml" --set profiles.node.repair=8h --trials 300 --seed 4 --rare off --no-db --quiet --json --view vms
expect_rc 0 "sweep --view vms"
check "a sweep point's figures are the view's, as run --view gives them" sh -c '
    test "$(printf "%s" "$1" | jq -c ".points[0].availability")" = "$(printf "%s" "$2" | jq -c ".views.vms.availability")"' _ "$out" "$nov"
run sweep "$TMP/multihost.yaml" --set profiles.node.repair=8h --trials 30 --no-db --quiet --view vm
expect_rc 1 "sweep refuses an unknown view"
expect_err "did you mean 'vms'" "sweep's did-you-mean"

# paired comparison: B - A trial by trial
run compare "$TMP/central.yaml" "$TMP/central.yaml" --trials 400 --seed 3 --no-db --quiet --json
expect_rc 0 "compare of a design with itself"
check "the same design twice differs by exactly 0, not significant" sh -c '
    printf "%s" "$1" | jq -e ".paired | .trials == 400 and
        .downtime_minutes_per_year.difference == 0 and .downtime_minutes_per_year.ci95 == [0, 0] and
        (.downtime_minutes_per_year.significant | not) and .capacity.difference == 0"' _ "$out"
run compare "$TMP/central.yaml" "$TMP/worse.yaml" --trials 400 --seed 3 --no-db --quiet --json
expect_rc 0 "compare with a worse network"
check "the paired difference is the difference of the means" sh -c '
    printf "%s" "$1" | jq -e "(.paired.downtime_minutes_per_year.difference -
        (.designs[1].downtime_minutes_per_year - .designs[0].downtime_minutes_per_year) | fabs) < 1e-6 and
        (.paired.capacity.difference - (.designs[1].capacity - .designs[0].capacity) | fabs) < 1e-12"' _ "$out"
check "a network failing 12 times as often: significantly more downtime, less capacity" sh -c '
    printf "%s" "$1" | jq -e ".paired | .downtime_minutes_per_year.significant and
        .downtime_minutes_per_year.ci95[0] > 0 and .capacity.significant and .capacity.ci95[1] < 0 and
        .a == \"$2\" and .b == \"$3\""' _ "$out" "$TMP/central.yaml" "$TMP/worse.yaml"
check "each later design carries its own pair with the first" sh -c '
    printf "%s" "$1" | jq -e ".designs[1].paired == .paired and (.designs[0].paired == null)"' _ "$out"
run compare "$TMP/central.yaml" "$TMP/worse.yaml" --trials 400 --seed 3 --no-db --quiet --view vms
expect_out '^paired, B - A \(common random numbers, 400 trials each\):$' "the table's paired block"
expect_out '^  downtime/yr +\+[0-9.]+ (min|h) +95% CI \[\+.*\] +significant$' "B - A of downtime, significant"

finish
