#!/bin/sh
# tests/cli/test_report_loss.sh — the report's data loss (issue 15): a "Data
# loss" section for each run with replication (events, seconds, the chance a
# year loses any write, the largest loss, the figures of `show --json`), a
# line in each run's summary, none for a run without replication; with
# several runs, "Designs side by side" has a writes-lost column and the
# comparison's two panels (designs-causes.svg, designs-loss.svg, valid XML).
. tests/cli/lib.sh
suite report_loss

cat >"$TMP/plain.yaml" <<'YAML'
format: nines/1
name: plain single host
hosts:
  h: { profile: { fail: 1000h, repair: 1h } }
services:
  s: { mode: single, hosts: [h] }
system: [s]
YAML
cd "$TMP" || exit 1
R=$OLDPWD
run report --out rep --trials 400 --seed 9 --quiet --no-sensitivity \
    "$R/tests/cases/loss/async-pair.yaml" "$R/topologies/mysql/galera.yaml" "$TMP/plain.yaml"
expect_rc 0 "report of three designs"
check "a Data loss section for the two runs with replication, none for the plain one" \
    test "$(grep -c '^### Data loss$' rep/report.md)" -eq 2
run show 1 --json
printf '%s\n' "$out" >"$TMP/run1.json"
line=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["services"]["db"]["data_loss"]
lo, hi = d["events_per_year_ci95"]
print("- db: %.3g loss events per year (95%% interval %.3g to %.3g); " % (d["events_per_year"], lo, hi))
print("chance that a year loses any write %.2f%%" % (100 * d["year_with_loss_probability"]))
print("largest single loss %.2g s" % d["largest_seconds"])' "$TMP/run1.json")
ev=$(printf '%s\n' "$line" | sed -n 1p)
yr=$(printf '%s\n' "$line" | sed -n 2p)
big=$(printf '%s\n' "$line" | sed -n 3p)
check "the async pair's line has the stored events per year: $ev" grep -qF -- "$ev" rep/report.md
check "and the chance that a year loses any write: $yr" grep -qF -- "$yr" rep/report.md
check "and the largest loss (the fixed lag): $big" grep -qF -- "$big" rep/report.md
check "the summary says it in one line" grep -qE '^Data loss: db: [0-9.]+ s of writes lost per year \([0-9.]+ loss events a year\); a year loses some writes with chance [0-9.]+%; largest loss 2 s\.$' rep/report.md
check "Galera (quorum) loses nothing, and the report says so" grep -qF 'Data loss: galera: no write lost (no loss event in any trial).' rep/report.md
check "the designs table has a writes-lost column" grep -qF '| design | nines | published | 95% interval is | writes lost/yr |' rep/report.md
check "the plain design has no loss figure there" grep -qE '^\| plain single host \(#3\) \|.*\| - \|$' rep/report.md
for p in designs designs-causes designs-loss; do
    check "$p.svg is valid XML" xmllint --noout "rep/$p.svg"
    check "report.md shows $p.svg" grep -qF "]($p.svg)" rep/report.md
done
check "the causes panel names a cause of the data" grep -qF '>failure<' rep/designs-causes.svg
check "the loss panel: Galera's 0" grep -qF '>0 s: loses nothing<' rep/designs-loss.svg
check "report.html inlines the panels" test "$(grep -c 'Writes lost per year\|Downtime per year by cause' rep/report.html)" -ge 2
cd "$R" || exit 1
finish
