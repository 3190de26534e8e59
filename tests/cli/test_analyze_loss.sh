#!/bin/sh
# tests/cli/test_analyze_loss.sh — the solver's data-loss figures
# (docs/analytic.md, "Data loss"): `analyze` against the closed form of the
# held-back-style pair (tests/cases/loss/async-pair.yaml: 8760 l A events a
# year, 2 s each) to 1e-9, and against the simulation (run --json --trials
# 20000, within 4 standard errors) on a chain with a failover delay, failed
# failovers, three members and split brains (tests/cases/loss/chain-trio.yaml);
# the table's line; the shipped designs: async loses, Galera loses nothing
# exactly, an approximate figure says why.
. tests/cli/lib.sh
suite analyze_loss

run analyze tests/cases/loss/async-pair.yaml --json
expect_rc 0 "analyze the async pair"
printf '%s\n' "$out" >"$TMP/pair.json"
check "async pair: exact, 8760 l A events a year and 2 s each (1e-9)" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["services"]["db"]["data_loss"]
l, u = 1 / 2000, 1 / 20
ev = 8760 * l * u / (l + u)
assert d["exact"] is True and "reason" not in d, d
assert abs(d["events_per_year"] - ev) <= 1e-9 * ev, d
assert abs(d["seconds_per_year"] - 2 * ev) <= 1e-9 * ev, d
' "$TMP/pair.json"
run analyze tests/cases/loss/async-pair.yaml
expect_out "^  db: 4\.337 events/yr, 8\.673 s of writes/yr \(exact\)$" "the table has the data-loss line"

run analyze tests/cases/loss/chain-trio.yaml --json
expect_rc 0 "analyze the trio"
printf '%s\n' "$out" >"$TMP/trio-a.json"
run run tests/cases/loss/chain-trio.yaml --no-db --json --trials 20000 --seed 3 --quiet
expect_rc 0 "run the trio"
printf '%s\n' "$out" >"$TMP/trio-r.json"
check "trio: analyze exact and within 4 standard errors of run (events, seconds)" python3 -c '
import json, sys
from statistics import NormalDist
a = json.load(open(sys.argv[1]))["services"]["db"]["data_loss"]
r = json.load(open(sys.argv[2]))["services"]["db"]["data_loss"]
assert a["exact"] is True, a
for key in ("events_per_year", "seconds_per_year"):
    lo, hi = r[key + "_ci95"]
    se = (hi - lo) / (2 * NormalDist().inv_cdf(0.975))
    assert abs(a[key] - r[key]) <= 4 * se, (key, a[key], r[key], se)
' "$TMP/trio-a.json" "$TMP/trio-r.json"

run analyze topologies/mysql/replication.yaml --json
printf '%s\n' "$out" >"$TMP/repl.json"
check "async replication loses writes; approximate, with the reason" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["services"]["mysql"]["data_loss"]
assert d["events_per_year"] > 0.1 and d["seconds_per_year"] > 0, d
assert d["exact"] is False and "maintenance" in d["reason"], d
' "$TMP/repl.json"
run analyze topologies/mysql/galera.yaml --json
printf '%s\n' "$out" >"$TMP/galera.json"
check "Galera loses nothing, exactly; no data_loss without replication" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
d = r["services"]["galera"]["data_loss"]
assert d == {"events_per_year": 0, "seconds_per_year": 0, "exact": True}, d
assert all("data_loss" not in g for k, g in r["services"].items() if k != "galera")
' "$TMP/galera.json"

finish
