#!/bin/sh
# tests/cli/test_view_group.sh — `--view NAME` on sensitivity and report (the
# ranked figure, the report's headline and its solver check are the view's,
# equal to `run --view NAME` for the same seed and trials; the stored base
# run keeps the system; an unknown view is refused), and the grouping of a
# range's identical members into one row (docs/topology-format.md, "Ranges
# in outputs").
. "$(dirname "$0")/lib.sh"
suite view_group

cat >"$TMP/central.yaml" <<'YAML'
format: nines/1
name: central
profiles: { node: { fail: 3y, repair: 8h } }
hosts:
  net: { profile: node }
  c[1:4]: { profile: node }
services:
  network: { mode: single, hosts: [net], instance: { fail: 1y, repair: 1h } }
  vm: { mode: active-active, hosts: ["c[1:4]"], instance: { fail: 2y, repair: 30m }, needs: [network] }
system: [vm, network]
views:
  vms: { services: [vm], need: 75% }
  net: [network]
YAML
SIM="--trials 400 --seed 7 --threads 2 --quiet"

# ---- sensitivity --view ----
run run "$TMP/central.yaml" $SIM --no-db --json --view vms
expect_rc 0 "run --view vms"
runv=$out
run sensitivity "$TMP/central.yaml" $SIM --db "$TMP/s.db" --json --view vms
expect_rc 0 "sensitivity --view vms"
check "sensitivity's ranked figure is the view's, as run --view gives it" sh -c '
    a=$(printf "%s" "$1" | jq -c "[.availability, .ci95]")
    b=$(printf "%s" "$2" | jq -c "[.availability, .ci95]")
    test "$a" = "$b"' _ "$out" "$runv"
check "and it names the view" sh -c 'printf "%s" "$1" | jq -e ".view == \"vms\""' _ "$out"
# the view's exact nines (the solver is exact here) are the base of the gains
check "its nines are the solver's for the view" sh -c '
    n=$("$3" analyze "$2" --json | jq ".views.vms.availability | 1 - . | log10 | -. ")
    printf "%s" "$1" | jq -e --argjson n "$n" ".exact and (.nines - \$n | fabs) < 1e-9"' \
    _ "$out" "$TMP/central.yaml" "$NINES"
run sensitivity "$TMP/central.yaml" $SIM --no-db --json
check "without --view the ranked figure is the system's (a different one)" sh -c '
    test "$(printf "%s" "$1" | jq .view)" = null &&
    test "$(printf "%s" "$1" | jq .availability)" != "$(printf "%s" "$2" | jq .availability)"' \
    _ "$out" "$runv"
# the stored base run keeps the system as its headline, as run stores it
"$NINES" run "$TMP/central.yaml" $SIM --no-db --json >"$TMP/sys.json"
check "the stored base run is the plain run (system headline)" sh -c '
    a=$("$1" show 1 --db "$2" --json | jq -c "[.availability, .views.vms.availability, .headline]")
    b=$(jq -c "[.availability, .views.vms.availability, .headline]" "$3")
    test "$a" = "$b"' _ "$NINES" "$TMP/s.db" "$TMP/sys.json"
run sensitivity "$TMP/central.yaml" $SIM --no-db --view vms
expect_out '^view vms \(the ranked figure is this view.s availability\)' "the table says which view"
run sensitivity "$TMP/central.yaml" $SIM --no-db --view vm
expect_rc 1 "sensitivity refuses an unknown view"
expect_err "error: unknown view 'vm' \(did you mean 'vms'\?\)" "with its did-you-mean"
run sensitivity "$TMP/central.yaml" $SIM --no-db --view zzzzzz
expect_err "error: unknown view 'zzzzzz' \(expected system, vms, net\)" "or the views it may be"
run sensitivity --help
expect_out '--view NAME' "sensitivity --help lists --view"
printf 'frozen-when-down: true\n' >>"$TMP/central.yaml"
run sensitivity "$TMP/central.yaml" $SIM --no-db --view vms
expect_rc 1 "sensitivity --view on a frozen design is refused"
expect_err 'frozen-when-down' "and says why"
sed -i '$d' "$TMP/central.yaml"

# ---- report --view ----
pct() { printf '%s\n' "$1" | sed -n 's/^  availability  *\([0-9.]*%\).*/\1/p'; }
run run "$TMP/central.yaml" $SIM --no-db --view vms
want=$(pct "$out")
run report --out "$TMP/rep" "$TMP/central.yaml" $SIM --no-db --no-sensitivity --view vms
expect_rc 0 "report --view vms of a file"
check "the summary's availability is the view's" grep -q "^| availability | $want " "$TMP/rep/report.md"
check "the summary says the headline is the view" grep -q '^| headline | view vms ' "$TMP/rep/report.md"
check "the figures table heads with the view" grep -q "^| view vms (headline) | $want |" "$TMP/rep/report.md"
check "the system is listed with the views" grep -q '^| view system | ' "$TMP/rep/report.md"
check "the view's solved figure stands beside its simulated one" sh -c '
    a=$("$1" analyze "$2" --json | jq -r ".views.vms.availability * 100 | tostring | .[0:7]")
    grep "^| view vms (headline) | $3 | $a" "$4"' _ "$NINES" "$TMP/central.yaml" "$want" "$TMP/rep/report.md"
# stored runs: the headline of each is the view
"$NINES" run "$TMP/central.yaml" $SIM --db "$TMP/r.db" >/dev/null
run report --out "$TMP/rep2" --db "$TMP/r.db" --run 1 --no-sensitivity --view vms
expect_rc 0 "report --run 1 --view vms"
check "a stored run's headline becomes the view" grep -q "^| availability | $want " "$TMP/rep2/report.md"
run report --out "$TMP/rep3" --db "$TMP/r.db" --run 1 --no-sensitivity --view nope
expect_rc 1 "report refuses an unknown view"
expect_err "error: unknown view 'nope'" "and names it"
run report --out "$TMP/rep4" "$TMP/central.yaml" $SIM --no-db --view nope
expect_rc 1 "report of a file refuses an unknown view before running it"
check "no report written" test ! -e "$TMP/rep4/report.md"
run report --help
expect_out '--view NAME' "report --help lists --view"

# ---- a range's identical members as one row; JSON keeps every member ----
for d in central multihost; do
    f=topologies/openstack/d-nova-network-$d-failures-only.yaml
    run report --out "$TMP/nova-$d" "$f" --trials 200 --seed 2 --no-db --quiet --no-sensitivity
    expect_rc 0 "report of $d"
    md="$TMP/nova-$d/report.md"
    check "$d: the 20 compute hosts are one line of the design" sh -c '
        test "$(grep -c "^- host compute" "$1")" = 1 &&
        grep -q "^- host compute\\\\\[01:20\\\\\] (20 hosts, each): fails after" "$1"' _ "$md"
    check "$d: the VMs run on compute[01:20]" grep -q 'active-active on compute\\\[01:20\\\], up while' "$md"
    run diagram "$f" --out "$TMP/nova-$d.svg"
    check "$d: the diagram has one box for the 20 hosts" sh -c '
        grep -q "compute\[01:20\]" "$1" && grep -q "20 hosts" "$1" && ! grep -q "compute07" "$1"' \
        _ "$TMP/nova-$d.svg"
    run run "$f" --trials 200 --seed 2 --no-db --quiet --json
    check "$d: run --json keeps the 20 members" sh -c '
        printf "%s" "$1" | jq -e ".services.vm.members == 20 and (.services.vm.blast_radius | type) == \"object\""' _ "$out"
done
# every service of a range listed on its own in JSON, one row in the tables
cat >"$TMP/svc.yaml" <<'YAML'
format: nines/1
name: tenants
profiles: { node: { fail: 3y, repair: 8h } }
hosts:
  net: { profile: node }
  c1: { profile: node }
services:
  network: { mode: single, hosts: [net], instance: { fail: 1y, repair: 1h } }
  vm[1:6]: { mode: single, hosts: [c1], instance: { fail: 2y, repair: 30m }, needs: [network] }
system: [network]
views:
  all: ["vm[1:6]"]
YAML
run run "$TMP/svc.yaml" --trials 300 --seed 4 --no-db --quiet
expect_out '^  service  vm\[1:6\] +99\.[0-9]+%  each 99\.[0-9]+% to 99\.[0-9]+% ' "run: one row for vm[1:6]"
check "run: no row per service of the range" sh -c '! printf "%s" "$1" | grep -q "service  vm1 "' _ "$out"
tab=$out
run run "$TMP/svc.yaml" --trials 300 --seed 4 --no-db --quiet --json
check "run --json keeps vm1 .. vm6" sh -c 'printf "%s" "$1" | jq -e "[.services | keys[] | select(startswith(\"vm\"))] == [\"vm1\",\"vm2\",\"vm3\",\"vm4\",\"vm5\",\"vm6\"]"' _ "$out"
check "the row's availability is the mean of the six, its spread their lowest and highest" sh -c '
    row=$(printf "%s\n" "$1" | grep "service  vm\[1:6\]")
    set -- $(printf "%s\n" "$row" | sed "s/%//g" | awk "{print \$3, \$5, \$7}") "$2"
    printf "%s" "$4" | jq -e --argjson m "$1" --argjson lo "$2" --argjson hi "$3" "
        [.services | to_entries[] | select(.key | startswith(\"vm\")) | .value.availability * 100] as \$a
        | ((\$a | add / length) - \$m | fabs) < 6e-6 and ((\$a | min) - \$lo | fabs) < 6e-6
        and ((\$a | max) - \$hi | fabs) < 6e-6"' _ "$tab" "$out"
run analyze "$TMP/svc.yaml"
expect_out '^  service  vm\[1:6\] \(6, each\)  0\.99924' "analyze: one row, the figure of each"
expect_out '^  vm\[1:6\] \(6, each\): [0-9.]+ member-hours lost/yr' "and one capacity line"
run analyze "$TMP/svc.yaml" --json
check "analyze --json keeps vm1 .. vm6, all the same" sh -c 'printf "%s" "$1" | jq -e "
    [.services | to_entries[] | select(.key | startswith(\"vm\")) | .value.availability] | length == 6 and (unique | length) == 1"' _ "$out"
# a service that differs cuts the run: vm3 fails more often
sed 's/^  vm\[1:6\]: .*/  vm[1:2]: { mode: single, hosts: [c1], instance: { fail: 2y, repair: 30m }, needs: [network] }\
  vm3: { mode: single, hosts: [c1], instance: { fail: 1y, repair: 30m }, needs: [network] }\
  vm[4:8]: { mode: single, hosts: [c1], instance: { fail: 2y, repair: 30m }, needs: [network] }/' \
    "$TMP/svc.yaml" >"$TMP/svc2.yaml"
run analyze "$TMP/svc2.yaml"
expect_rc 0 "analyze of a range cut by a different service"
expect_out '^  service  vm1 ' "vm1 on its own (a run of two is listed one by one)"
expect_out '^  service  vm3 ' "vm3 on its own"
expect_out '^  service  vm\[4:8\] \(5, each\) ' "vm[4:8] one row"
run run "$TMP/svc2.yaml" --trials 200 --seed 4 --no-db --quiet
expect_out '^  service  vm3 ' "run: vm3 on its own"

"$NINES" run "$TMP/svc2.yaml" --trials 200 --seed 4 --db "$TMP/g.db" --quiet >"$TMP/g.txt"
run show 1 --db "$TMP/g.db"
check "show prints the stored run's table as run did (vm3 on its own, vm[4:8] one row)" sh -c '
    printf "%s\n" "$1" | grep -q "^  service  vm3 " && printf "%s\n" "$1" | grep -q "^  service  vm\[4:8\] " &&
    test "$(grep "^  service" "$2")" = "$(printf "%s\n" "$1" | grep "^  service")"' _ "$out" "$TMP/g.txt"

# the data-loss and capacity blocks group as the service table does: one row
# per run of alike services, the mean of the members' figures, "each LO to
# HI" of the headline figure (seconds of writes per year; share serving)
cat >"$TMP/rg.yaml" <<'YAML'
format: nines/1
name: ranges of services
profiles: { node: { fail: 3y, repair: 8h } }
hosts:
  "h[1:8]": { profile: node }
services:
  "db[1:4]":
    mode: active-passive
    hosts: [h1, h2]
    failover: { time: 30s, success: 99% }
    replication: { mode: async, lag: { dist: exponential, mean: 1s } }
    instance: { fail: 1y, repair: 1h }
  "web[1:4]": { mode: active-active, hosts: ["h[3:8]"], instance: { fail: 2y, repair: 30m } }
system: ["db[1:4]", "web[1:4]"]
YAML
RG="--trials 300 --seed 3 --threads 2 --quiet"
run run "$TMP/rg.yaml" $RG --no-db
expect_out '^  loss     db\[1:4\] +[0-9.]+ events/yr, [0-9.]+ s of writes/yr each [0-9.]+ to [0-9.]+, [0-9.]+% of years, largest [0-9.]+ s$' "run: one loss row for db[1:4]"
expect_out '^  service  db\[1:4\] +2 +[0-9.]+%  each [0-9.]+% to [0-9.]+% +[0-9.]+  1: [0-9.]+$' "run: one capacity row for db[1:4]"
expect_out '^  service  web\[1:4\] +6 +[0-9.]+%  each [0-9.]+% to [0-9.]+% ' "and one for web[1:4]"
check "no loss or capacity row per member" sh -c '! printf "%s\n" "$1" | grep -Eq "^  (loss|service)  +(db|web)[0-9] "' _ "$out"
rgtab=$out
run run "$TMP/rg.yaml" $RG --no-db --json
rgjson=$out
check "run --json keeps db1 .. db4 with their own data loss and capacity" sh -c 'printf "%s" "$1" | jq -e "
    [.services.db1, .services.db2, .services.db3, .services.db4] | map(.data_loss.seconds_per_year, .capacity)
    | length == 8 and all(. > 0)"' _ "$rgjson"
check "the loss row: the mean of each figure, each one's lowest to highest s of writes/yr" sh -c '
    want="$(printf "%s" "$2" | jq -r "[.services | to_entries[] | select(.key | test(\"^db[0-9]\$\")) | .value.data_loss]
        | [(map(.events_per_year) | add / length), (map(.seconds_per_year) | add / length),
           (map(.seconds_per_year) | min), (map(.seconds_per_year) | max),
           (map(.year_with_loss_probability * 100) | add / length), (map(.largest_seconds) | max)] | .[]" |
        awk "NR == 5 {printf \"%.10g \", \$1; next} {printf \"%.4g \", \$1}")"
    got="$(printf "%s\n" "$1" | grep "^  loss     db\[1:4\]" |
        sed -E "s/.*\] +([^ ]+) events\/yr, ([^ ]+) s of writes\/yr each ([^ ]+) to ([^,]+), ([^ ]+)% of years, largest ([^ ]+) s/\1 \2 \3 \4 \5 \6 /")"
    # the share of years (k of 3000 years each) can fall on a tie at its two
    # decimals: within half a unit of them; the others as printed
    set -- $want $got
    test "$1 $2 $3 $4 $6" = "$7 $8 $9 ${10} ${12}" &&
        awk -v w="$5" -v g="${11}" "BEGIN {exit !((w - g) ^ 2 <= 0.0050001 ^ 2)}" ||
        { echo "want $want got $got" >&2; false; }' _ "$rgtab" "$rgjson"
for s in db web; do
    check "the capacity row of $s: mean serving, each lowest to highest, mean mbr-h/yr and blast radius" sh -c '
        want="$(printf "%s" "$2" | jq -r "[.services | to_entries[] | select(.key | test(\"^$3[0-9]\$\")) | .value]
            | [(map(.capacity * 100) | add / length), (map(.capacity * 100) | min), (map(.capacity * 100) | max),
               (map(.member_hours_lost_per_year) | add / length), (map(.blast_radius[\"1\"] // 0) | add / length)] | .[]" |
            awk "NR <= 3 {printf \"%.4f%% \", \$1; next} NR == 4 {printf \"%.4g \", \$1; next} {printf \"1: %.3g\", \$1}")"
        got="$(printf "%s\n" "$1" | grep "^  service  $3\[1:4\] .* each .* 1: " |
            sed -E "s/.*\] +[0-9]+ +([^ ]+)  each ([^ ]+) to ([^ ]+) +([^ ]+)  (1: [^ ,]+)$/\1 \2 \3 \4 \5/")"
        test "$want" = "$got" || { echo "want $want got $got" >&2; false; }' _ "$rgtab" "$rgjson" "$s"
done
"$NINES" run "$TMP/rg.yaml" $RG --db "$TMP/rg.db" >"$TMP/rg.txt"
run show 1 --db "$TMP/rg.db"
check "show prints the grouped loss and capacity rows as run did" sh -c '
    test "$(grep -E "^  (loss|service) " "$2")" = "$(printf "%s\n" "$1" | grep -E "^  (loss|service) ")" &&
    printf "%s\n" "$1" | grep -q "^  loss     db\[1:4\] "' _ "$out" "$TMP/rg.txt"
"$NINES" report --out "$TMP/rgrep" "$TMP/rg.yaml" $RG --no-db --no-sensitivity >/dev/null 2>&1
check "report: one data-loss line for db[1:4], with the mean events and each one's seconds" sh -c '
    grep -Eq "^- db\\\\\[1:4\\\\\] \(4, mean\): [0-9.]+ loss events per year; [0-9.]+ s of writes lost per year \(each [0-9.]+ s to [0-9.]+ s\); " "$1" &&
    grep -Eq "^Data loss: db\\\\\[1:4\\\\\] \(4, mean\): " "$1" && ! grep -Eq "^(- |Data loss: )db[0-9]" "$1"' _ "$TMP/rgrep/report.md"
check "report: the mean loss events per year of the four" sh -c '
    got=$(sed -En "s/^- db.*\(4, mean\): ([0-9.]+) loss events per year.*/\1/p" "$1")
    want=$(printf "%s" "$2" | jq "[.services.db1, .services.db2, .services.db3, .services.db4 | .data_loss.events_per_year] | add / length" | awk "{printf \"%.3g\", \$1}")
    test -n "$got" && test "$got" = "$want"' _ "$TMP/rgrep/report.md" "$rgjson"
# a member that differs cuts the run as in the service table: db1, db2, db3, db[4:8]
sed -e 's/^  "db\[1:4\]":$/  "db[1:2]":/' -e 's/^system: .*/system: ["db[1:8]"]/' -e '/^  "web/d' "$TMP/rg.yaml" >"$TMP/rg2.yaml"
cat >>"$TMP/rg2.yaml" <<'YAML'
  db3:
    mode: active-passive
    hosts: [h1, h2]
    failover: { time: 30s, success: 99% }
    replication: { mode: async, lag: { dist: exponential, mean: 1s } }
    instance: { fail: 4000h, repair: 1h }
  "db[4:8]":
    mode: active-passive
    hosts: [h1, h2]
    failover: { time: 30s, success: 99% }
    replication: { mode: async, lag: { dist: exponential, mean: 1s } }
    instance: { fail: 1y, repair: 1h }
YAML
sed -i '/^system:/d' "$TMP/rg2.yaml" && echo 'system: ["db[1:8]"]' >>"$TMP/rg2.yaml"
run run "$TMP/rg2.yaml" $RG --no-db
expect_rc 0 "run of a range cut by a differing member"
check "loss rows: db1, db2, db3 one by one, then db[4:8]" sh -c '
    test "$(printf "%s\n" "$1" | grep "^  loss " | awk "{print \$2}" | tr "\n" " ")" = "db1 db2 db3 db[4:8] "' _ "$out"
check "capacity rows cut the same way" sh -c '
    test "$(printf "%s\n" "$1" | sed -n "/^  capacity/,/^\$/p" | grep "^  service " | awk "{print \$2}" | tr "\n" " ")" = "db1 db2 db3 db[4:8] "' _ "$out"
check "and the service table too" sh -c '
    test "$(printf "%s\n" "$1" | sed -n "/availability  95% CI/,/^\$/p" | grep "^  service " | awk "{print \$2}" | tr "\n" " ")" = "db1 db2 db3 db[4:8] "' _ "$out"
expect_out '^  loss     db1 +[0-9.]+ events/yr, [0-9.]+ s of writes/yr \[[0-9.]+, [0-9.]+\], ' "a member on its own keeps its interval"
# a pair stays one by one
sed -e 's/db\[1:4\]/db[1:2]/g' -e 's/web\[1:4\]/web[1:2]/g' "$TMP/rg.yaml" >"$TMP/rg3.yaml"
run run "$TMP/rg3.yaml" $RG --no-db
check "a pair: loss and capacity rows one by one" sh -c '
    test "$(printf "%s\n" "$1" | grep -E "^  (loss|service) " | awk "{print \$1, \$2}" | tr "\n" " ")" = \
        "service db1 service db2 service web1 service web2 loss db1 loss db2 service db1 service db2 service web1 service web2 "' _ "$out"
check "and no each in them" sh -c '! printf "%s\n" "$1" | grep -q " each "' _ "$out"

finish
