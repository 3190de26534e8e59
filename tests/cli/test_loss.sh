#!/bin/sh
# tests/cli/test_loss.sh — data loss (docs/semantics.md, "Data loss"): the
# held-back-style pair of tests/cases/loss/async-pair.yaml (async, fixed lag
# 2 s, exponential failures: 8760 l A events a year, 2 s each) within 4
# standard errors at 20000 trials; the shipped designs: async loses writes,
# sync (DRBD protocol C) loses only through split brains, Galera (quorum)
# loses nothing; the causes of every shipped design sum to its downtime;
# show --json is run --json byte for byte.
. tests/cli/lib.sh
suite loss

run run tests/cases/loss/async-pair.yaml --no-db --json --trials 20000 --seed 3 --quiet
expect_rc 0 "run the async pair"
printf '%s\n' "$out" >"$TMP/pair.json"
check "async pair: events and seconds per year within 4 standard errors of 8760 l A and 2 s each" python3 -c '
import json, sys
from statistics import NormalDist
d = json.load(open(sys.argv[1]))["services"]["db"]["data_loss"]
l, u = 1 / 2000, 1 / 20
A = u / (l + u)
ev = 8760 * l * A
for key, exact in (("events_per_year", ev), ("seconds_per_year", 2 * ev)):
    lo, hi = d[key + "_ci95"]
    se = (hi - lo) / (2 * NormalDist().inv_cdf(0.975))
    assert abs(d[key] - exact) <= 4 * se, (key, d[key], exact, se)
assert d["largest_seconds"] == 2
assert 0 < d["year_with_loss_probability"] < 1
' "$TMP/pair.json"
run run tests/cases/loss/async-pair.yaml --no-db --trials 2000 --seed 3 --quiet
expect_out "^  loss +db +4\.[0-9]+ events/yr, 8\.[0-9]+ s of writes/yr" "the run table has a data-loss line"

# the shipped MySQL designs, with operations
for d in replication mmm heartbeat-drbd galera heartbeat-san; do
    run run "topologies/mysql/$d.yaml" --no-db --json --trials 1500 --seed 11 --quiet
    expect_rc 0 "run $d"
    printf '%s\n' "$out" >"$TMP/$d.json"
done
check "async replication and MMM lose writes" python3 -c '
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))["services"]["mysql"]["data_loss"]
    assert d["events_per_year"] > 0.1 and d["seconds_per_year"] > 0, (f, d)
' "$TMP/replication.json" "$TMP/mmm.json"
check "DRBD protocol C (sync) loses only through split brains: each loses the fixed 30 min detect" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["services"]["mysql"]["data_loss"]
assert d["largest_seconds"] in (0, 1800), d
assert abs(d["seconds_per_year"] - 1800 * d["events_per_year"]) <= 1e-9 * d["seconds_per_year"], d
' "$TMP/heartbeat-drbd.json"
check "Galera with quorum loses nothing; a service without replication has no data_loss" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
d = r["services"]["galera"]["data_loss"]
assert d["events_per_year"] == 0 and d["seconds_per_year"] == 0 and d["largest_seconds"] == 0, d
assert d["year_with_loss_probability"] == 0
assert "data_loss" not in r
' "$TMP/galera.json"

# causes sum to the total downtime, every shipped design, every target
for f in topologies/mysql/*.yaml topologies/openstack/*.yaml; do
    run run "$f" --no-db --json --trials 40 --seed 5 --quiet
    printf '%s\n' "$out" >"$TMP/c.json"
    check "causes sum to the downtime: $f" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for g in [r] + list(r["services"].values()) + list(r["views"].values()):
    s = sum(g["downtime_by_cause"].values())
    assert abs(s - g["downtime_minutes_per_year"]) <= 1e-9 * g["downtime_minutes_per_year"] + 1e-9
' "$TMP/c.json"
done

# the store keeps the figures: show --json is run --json byte for byte
export NINES_DB="$TMP/runs.db"
run run topologies/mysql/mmm.yaml --json --trials 300 --seed 7 --quiet
expect_rc 0 "run mmm into the store"
printf '%s\n' "$out" >"$TMP/run.json"
run show 1 --json
expect_rc 0 "show --json"
printf '%s\n' "$out" >"$TMP/show.json"
check "show --json has the data_loss of run --json" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["services"]["mysql"]["data_loss"]
b = json.load(open(sys.argv[2]))["services"]["mysql"]["data_loss"]
assert a == b and a["events_per_year"] > 0, (a, b)
' "$TMP/run.json" "$TMP/show.json"
check "show --json is run --json byte for byte" cmp "$TMP/run.json" "$TMP/show.json"

finish
