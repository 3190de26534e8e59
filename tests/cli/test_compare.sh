#!/bin/sh
# tests/cli/test_compare.sh — `nines compare`: table rows and verdicts against a
# reference table of our own (designs whose exact availability lies far inside,
# above and below their bands), --json, --chart, --reference errors, storing,
# determinism, and the shipped MySQL comparison at a small trial count.
. tests/cli/lib.sh
suite compare

# A private data folder: found through $NINES_DATA.
mkdir -p "$TMP/data/reference"
cat >"$TMP/data/reference/test-bands.csv" <<'CSV'
# Bands for the compare tests. A = 1000/1001 = 99.9001% for every design below.
design,low_percent,high_percent,note
inside band,99,99.99,around the design
low band,90,95,far under the design: the design is above it
high band,99.999,99.9999,far over the design: the design is below it
CSV
cat >"$TMP/data/reference/other.csv" <<'CSV'
design,low_percent,high_percent
something else,50,60
CSV
export NINES_DATA="$TMP/data"

mk() { # mk FILE NAME REFERENCE-LINE
    cat >"$TMP/$1" <<YAML
format: nines/1
name: $2
$3
hosts:
  h: { profile: { fail: 1000h, repair: 1h } }
services:
  s: { mode: single, hosts: [h] }
system: [s]
YAML
}
mk inside.yaml "design inside" "reference: inside band"
mk above.yaml "design above" "reference: low band"
mk below.yaml "design below" "reference: high band"
mk none.yaml "design without reference" ""
mk norow.yaml "design with unknown row" "reference: no such row"
set -- "$TMP/inside.yaml" "$TMP/above.yaml" "$TMP/below.yaml" "$TMP/none.yaml"
SIM="--trials 200 --seed 7 --threads 2 --quiet --no-db"

run compare "$@" $SIM
expect_rc 0 "compare exits 0"
expect_out '^design +availability \[95% interval\] +nines +downtime/yr +P95 year +planned +largest cause +unplanned +lost/yr +reference +verdict +verdict unplanned' "table header"
# planned share and largest cause: none of these designs has maintenance, so
# 0% planned where the engine splits the downtime ('-' where it does not yet)
expect_out '^design inside .* (0%|-) +(failure|-) +99\.[0-9]+% +- +99-99\.99% +within +within$' "planned share and largest cause"
expect_out '^design inside +99\.[89][0-9]*% \[99\.[89][0-9]*, 99\.9[0-9]*\] +(2\.99|3\.0[0-9]) .* 99-99\.99% +within +within$' "inside row: band and verdict within"
expect_out '^design above .* 90-95% +above +above$' "above row"
expect_out '^design below .* 99\.999-99\.9999% +below +below$' "below row"
expect_out '^design without reference .* - +no reference +no reference$' "no reference row"
expect_out 'reference test-bands' "names the reference table it chose"
expect_out 'Bands for the compare tests' "prints the reference's source"
expect_out '200 trials of 10 years per design, seed 7' "trials and seed"
check "one row per design" test "$(printf '%s\n' "$out" | grep -Ec ' (within|above|below|no reference)$')" -eq 4

# the same seed gives the same table, whatever the threads
first=$out
run compare "$@" --trials 200 --seed 7 --threads 1 --quiet --no-db
check "same seed, same figures with 1 thread" test "$first" = "$out"

# --json
run compare "$@" $SIM --json
expect_rc 0 "compare --json exits 0"
check "--json parses" sh -c 'printf "%s" "$1" | jq -e . >/dev/null' _ "$out"
check "--json has 4 designs" sh -c 'test "$(printf "%s" "$1" | jq ".designs | length")" = 4' _ "$out"
check "--json verdicts" sh -c 'test "$(printf "%s" "$1" | jq -r "[.designs[].verdict] | join(\",\")")" = "within,above,below,no reference"' _ "$out"
check "--json band as ratios" sh -c 'printf "%s" "$1" | jq -e ".designs[0].band | length == 2 and (.[0] - 0.99 | fabs) < 1e-12 and (.[1] - 0.9999 | fabs) < 1e-12" >/dev/null' _ "$out"
check "--json null band without reference" sh -c 'test "$(printf "%s" "$1" | jq -c ".designs[3].band")" = null' _ "$out"
check "--json carries the run's figures" sh -c 'printf "%s" "$1" | jq -e ".designs[0].availability > 0.998 and .designs[0].availability < 0.9995 and (.designs[0].ci95 | length) == 2 and .designs[0].trials == 200" >/dev/null' _ "$out"
check "--json run_id is null with --no-db" sh -c 'test "$(printf "%s" "$1" | jq -c ".designs[0].run_id")" = null' _ "$out"
check "--json has each design's downtime by cause and unplanned availability" sh -c 'printf "%s" "$1" | jq -e "[.designs[] | (.downtime_by_cause | length) == 9 and (.availability_unplanned | type) == \"number\" and (.services[] | has(\"downtime_by_cause\"))] | all" >/dev/null' _ "$out"
check "--json names the reference" sh -c 'test "$(printf "%s" "$1" | jq -r ".reference.name")" = test-bands' _ "$out"

# --chart writes an SVG that xmllint accepts
run compare "$@" $SIM --chart "$TMP/flagship.svg"
expect_rc 0 "compare --chart exits 0"
check "chart written" test -s "$TMP/flagship.svg"
check "chart is well-formed SVG" xmllint --noout "$TMP/flagship.svg"
check "chart names the designs" grep -q 'design inside' "$TMP/flagship.svg"
run compare "$@" $SIM --chart "$TMP/flagship.txt"
expect_rc 1 "--chart with an unknown format"
expect_err 'error: --chart takes a file ending in .svg, .png or .pdf' "says which formats"

run compare "$@" $SIM --chart "$TMP/flagship.png"
expect_rc 0 "compare --chart .png"
check "PNG written" sh -c 'od -An -c -N4 "$1" | grep -q "P   N   G"' _ "$TMP/flagship.png"
mkdir -p "$TMP/nopath"
PATH="$TMP/nopath" "$NINES" compare "$TMP/inside.yaml" $SIM --chart "$TMP/nognuplot.svg" >"$TMP/out" 2>"$TMP/err"
rc=$?; out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
expect_rc 2 "without gnuplot the chart is a runtime failure"
expect_err 'gnuplot' "says gnuplot is missing"
expect_out 'design inside' "the table is still printed"

# --reference
run compare "$@" $SIM --reference test-bands
expect_rc 0 "--reference by name"
expect_out 'design above .* above$' "named reference gives the same verdicts"
run compare "$@" $SIM --reference nope-2020
expect_rc 1 "unknown reference"
expect_err "nines: error: unknown reference 'nope-2020' \(expected one of: other test-bands\)" "lists the available ones"
run compare "$TMP/inside.yaml" $SIM --reference other
expect_rc 0 "a reference without the design's row"
expect_out '^design inside .* [0-9.]+ (min|h|d) +(0%|-) +(failure|-) +99\.[0-9]+% +-$' "no row, no verdict"
check "without any band, no reference or verdict columns" sh -c '! printf "%s\n" "$1" | grep -q verdict' _ "$out"
run compare "$TMP/norow.yaml" "$TMP/inside.yaml" $SIM
expect_rc 0 "an unknown row is not fatal"
expect_err "warning: .*norow.yaml: reference 'test-bands' has no row 'no such row'" "warns about the unknown row"

# bad input: every file is checked before anything runs
printf 'format: nines/1\nname: broken\nhosts:\n  h: { profile: { fail: 3, repair: 1h } }\n' >"$TMP/bad.yaml"
run compare "$TMP/inside.yaml" "$TMP/bad.yaml" $SIM
expect_rc 1 "a bad topology is bad input"
expect_err 'bad\.yaml:[0-9]+:[0-9]+: error: ' "located error"
check "nothing printed on stdout for bad input" test -z "$out"
run compare $SIM
expect_rc 1 "no file"
expect_err 'error: compare needs at least one topology file' "says what is missing"
run compare "$TMP/inside.yaml" --trials zero
expect_rc 1 "bad --trials"
run compare "$TMP/inside.yaml" --frobnicate
expect_rc 1 "unknown option"
expect_err "unknown option '--frobnicate'" "names the option"
run compare --help
expect_rc 0 "--help"
expect_out '^usage: nines compare FILE' "usage"

# stored like run: one run per design
run compare "$TMP/inside.yaml" "$TMP/above.yaml" --trials 50 --quiet --db "$TMP/runs.db"
expect_rc 0 "compare with a database"
run history --db "$TMP/runs.db"
expect_out 'design inside' "first design stored"
expect_out 'design above' "second design stored"
run compare "$TMP/inside.yaml" --trials 50 --quiet --db "$TMP/runs.db" --json
check "--json gives the stored run's id" sh -c 'test "$(printf "%s" "$1" | jq -c ".designs[0].run_id")" = 3' _ "$out"

run compare "$TMP/inside.yaml" --trials 20 --quiet --db "$TMP/no/such/dir/runs.db"
expect_rc 2 "a database that cannot be opened is a runtime failure"
expect_err 'error: ' "says what went wrong with the database"

# Ctrl-C: the designs done are printed (the running one marked partial), exit 130
"$NINES" compare "$TMP/inside.yaml" "$TMP/above.yaml" --trials 100000000 --threads 2 --no-db --quiet \
    >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
sleep 3   # enough trials for a figure inside the band, even under ASan
kill -INT "$pid"
wait "$pid"
rc=$?
out=$(cat "$TMP/int.out"); err=$(cat "$TMP/int.err")
expect_rc 130 "SIGINT exits 130"
expect_out '^design inside \(partial: [0-9]+ trials\) .* within$' "SIGINT prints the partial design"
expect_err "interrupted: [0-9]+ of 100000000 trials of 'design inside' done \(partial\); 1 of 2 designs not run" "SIGINT says what was not run"

# the shipped MySQL comparison (small trial count: verdicts not asserted)
unset NINES_DATA
run compare topologies/mysql/*.yaml --trials 100 --quiet --no-db
expect_rc 0 "shipped MySQL comparison"
expect_out 'reference mysqlperformanceblog-2009' "picks the blog's table by the designs' keys"
expect_out '^async replication, manual failover .* 98-99\.9% +(within|above|below) +(within|above|below)$' "replication joins both copies of its row"
expect_out '^Heartbeat \+ DRBD .* 99\.9% +(within|above|below) +(within|above|below)$' "DRBD band"
expect_out '^NDB Cluster .* 99\.999% +(within|above|below) +(within|above|below)$' "NDB band"
expect_out '^Galera, 3 nodes .* - +no reference +no reference$' "Galera has no row"
# data loss per year beside the unplanned availability: async loses some,
# Galera (quorum) nothing, a design without replication shows '-'
expect_out '^async replication, manual failover  .* 99\.[0-9]+% +[0-9.]+ s +98-99\.9%' "async replication loses writes (lost/yr)"
expect_out '^Galera, 3 nodes  .* 99\.[0-9]+% +0 s +-' "Galera loses nothing (lost/yr 0 s)"
expect_out '^NDB Cluster  .* 99\.[0-9]+% +- +99\.999%' "NDB has no data-loss figures (lost/yr -)"
run compare topologies/mysql/replication.yaml topologies/mysql/galera.yaml --trials 50 --quiet --no-db --json
check "--json: verdict_unplanned and data_loss_seconds_per_year" python3 -c '
import json, sys
d = json.loads(sys.argv[1])["designs"]
assert d[0]["verdict_unplanned"] in ("within", "above", "below"), d[0]["verdict_unplanned"]
assert d[0]["data_loss_seconds_per_year"] > 0 and d[1]["data_loss_seconds_per_year"] == 0
assert d[1]["verdict_unplanned"] == "no reference"
' "$out"

finish
