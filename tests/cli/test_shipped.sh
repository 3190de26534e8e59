#!/bin/sh
# tests/cli/test_shipped.sh — every shipped topology (all of topologies/ but the
# profile libraries) passes `nines check`, and `nines analyze` runs on each;
# every MySQL design names a row of the shipped reference table (or none for
# Galera); every MySQL and OpenStack design has operations and a
# -failures-only variant without them; each MySQL design replicates as it
# should; the profile library is used through include; citations are rows of
# data/failure-rates.csv.
. tests/cli/lib.sh
suite shipped

files=$(find topologies -name '*.yaml' ! -path 'topologies/profiles/*' | sort)
n=0
for f in $files; do
    n=$((n + 1))
    run check "$f"
    expect_rc 0 "check $f"
    run analyze "$f"
    expect_rc 0 "analyze $f"
    expect_out 'avail|nines' "analyze $f prints figures"
    run analyze "$f" --json
    expect_out '"availability"' "analyze --json $f"
    run run "$f" --trials 20 --seed 5 --no-db --quiet
    expect_rc 0 "run $f (20 trials)"
done
check "at least 20 shipped topologies (found $n)" test "$n" -ge 20

# every design row of the blog has a design; each reference: key is a row
csv=data/reference/mysqlperformanceblog-2009.csv
rows=$(grep -v '^#' "$csv" | tail -n +2 | cut -d, -f1 | sort -u)
for f in topologies/mysql/*.yaml; do
    key=$(sed -n 's/^reference: *\([^#]*[^# ]\) *\(#.*\)\{0,1\}$/\1/p' "$f")
    case $f in
    */galera.yaml | */galera-failures-only.yaml)
        check "$f has no reference row (Galera postdates the blog)" test -z "$key" ;;
    *)
        check "$f names a row of $csv ('$key')" sh -c 'printf "%s\n" "$1" | grep -Fxq -- "$2"' _ "$rows" "$key" ;;
    esac
done
echo "$rows" | while IFS= read -r row; do
    grep -lF "reference: $row" topologies/mysql/*.yaml >/dev/null 2>&1 || echo "$row"
done >"$TMP/missing"
check "every row of the blog has a design: missing $(tr '\n' ';' <"$TMP/missing")" test ! -s "$TMP/missing"

# every MySQL and OpenStack design has operations (maintenance with change
# errors, detection through the monitored server profile, common causes where
# something runs twice) and a -failures-only variant without them, which the
# operations only make less available (analytic figures)
for f in topologies/mysql/*.yaml topologies/openstack/*.yaml; do
    case $f in *-failures-only.yaml) continue ;; esac
    v=${f%.yaml}-failures-only.yaml
    check "$f has its variant $v" test -f "$v"
    check "$f has maintenance with change errors" sh -c 'grep -q "^maintenance:" "$1" && grep -q "^    error: " "$1"' _ "$f"
    check "$f notices failures (server-commodity-monitored)" grep -q 'server-commodity-monitored' "$f"
    case $f in
    */a-single-controller.yaml | */d-nova-network-multihost.yaml) ;;
    *) check "$f has a common cause" grep -q '^common-cause:' "$f" ;;
    esac
    check "$v has no operations key" sh -c '! grep -Eq "^(maintenance|common-cause):|detect:|replication:|split-brain|monitored" "$1"' _ "$v"
    a=$("$NINES" analyze "$f" --json | jq -r .availability)
    b=$("$NINES" analyze "$v" --json | jq -r .availability)
    check "$f: operations cost availability ($a < $b)" awk -v a="$a" -v b="$b" 'BEGIN { exit !(a < b) }'
done
# replication as each MySQL design has it: async loses a lag, DRBD protocol C
# and Galera are synchronous, the SAN has one copy, NDB's node groups are
# active-active (synchronous, not written as a key)
for pair in replication:async mmm:async heartbeat-drbd:sync galera:sync; do
    f=topologies/mysql/${pair%%:*}.yaml
    check "$f replicates ${pair#*:}" grep -q "^    replication: { mode: ${pair#*:}[ ,}]" "$f"
done
for f in topologies/mysql/heartbeat-san.yaml topologies/mysql/heartbeat-san-enterprise.yaml topologies/mysql/ndb.yaml; do
    check "$f has no replication key" sh -c '! grep -q "^    replication:" "$1"' _ "$f"
done

# the OpenStack and MySQL designs use the profile library
for f in topologies/openstack/*.yaml topologies/mysql/*.yaml; do
    check "$f includes the profile library" grep -q 'include: \[../profiles/datacenter.yaml\]' "$f"
done
# every citation "(id)" or "(id, id)" in a shipped file is a row of failure-rates.csv
ids=$(grep -v '^#' data/failure-rates.csv | tail -n +2 | cut -d, -f1)
grep -rho '([a-z0-9-]*-[a-z0-9-]*\(, [a-z0-9-]*-[a-z0-9-]*\)*)' topologies |
    tr -d '() ' | tr ',' '\n' | sort -u >"$TMP/cited"
check "the shipped files cite at least 25 rows" test "$(wc -l <"$TMP/cited")" -ge 25
for c in $(cat "$TMP/cited"); do
    check "citation '$c' is a row of data/failure-rates.csv" sh -c 'printf "%s\n" "$1" | grep -qx -- "$2"' _ "$ids" "$c"
done
awk -F, '!/^#/ && NR > 1 && $NF != "V" && $NF != "S" && $1 != "id" {bad = 1} END {exit bad}' data/failure-rates.csv
check "failure-rates.csv ships only V and S rows" test $? -eq 0

finish
