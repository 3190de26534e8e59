#!/bin/sh
# tests/cli/test_run.sh — `nines run`: the table, --json, same figures for any
# --threads, bad flags, --no-db/--db, --help, and Ctrl-C giving a partial run.
. tests/cli/lib.sh
suite run

P1=tests/cases/validation/p1-single.yaml
P2=tests/cases/validation/p2-quorum-3.yaml

run run "$P1" --trials 300 --seed 3 --threads 2 --no-db --quiet
expect_rc 0 "run prints a table"
expect_out '^one repairable part' "header names the design"
expect_out '300 trials, seed 3, mission 50y' "header gives trials, seed, mission"
expect_out 'availability +99\.[0-9]+%   95% CI \[99\.[0-9]+%, 99\.[0-9]+%\]' "availability with its interval"
expect_out '^  nines +2\.0[0-9]$' "nines"
expect_out 'downtime per year +[0-9.]+ (s|min|h|d) mean, [0-9.]+ (s|min|h|d) P95 of years' "downtime mean and P95"
expect_out 'outages per year +[0-9.]+ \([0-9]+ outages observed\)' "outages per year"
expect_out 'mean outage +[0-9.]+ (s|min|h|d)' "mean outage"
expect_out 'SLA breach chance +n/a' "no sla in the design"
expect_out '^  service +app +99\.[0-9]+% +\[99' "one row per service"
if printf '%s\n' "$out" | grep -q '^warning:'; then _ko "no warning with thousands of outages" "$out"; else _ok; fi

# the warning when fewer than 30 system outages were seen
run run "$P2" --trials 2 --mission 100h --rare off --no-db --quiet
expect_rc 0 "a short run works"
expect_out '^warning: .*(no system outage|only [0-9]+ system outages).*30' "warning names the trials needed"

# never a silent 100% (issue 18): Billinton and Allan's parallel pair (U =
# 6.5146e-9) at the default 10,000 trials of 10 years sees no outage with
# some seeds; then the table gives the one-sided bound, never [100%, 100%]
# or the cap of 12 nines, and the JSON says few_outages with the bounds
# (crude sampling, --rare off: auto would pick importance sampling here;
# tests/cli/test_rare.sh checks that)
printf '%s\n' 'format: nines/1' 'name: Billinton-Allan parallel pair' 'hosts:' \
    '  a: { profile: { fail: 20y, repair: 20h } }' '  b: { profile: { fail: 50y, repair: 25h } }' \
    'services:' '  pair: { mode: active-active, need: 1, hosts: [a, b] }' 'system: [pair]' >"$TMP/ba.yaml"
zero=; some=
for seed in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    k=$("$NINES" run "$TMP/ba.yaml" --seed $seed --rare off --no-db --quiet --json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["outages"])')
    [ "$k" = 0 ] && [ -z "$zero" ] && zero=$seed
    [ "$k" != 0 ] && [ -z "$some" ] && some=$seed
done
if [ -n "$zero" ]; then
    run run "$TMP/ba.yaml" --seed "$zero" --rare off --no-db --quiet
    expect_rc 0 "a run without outages works"
    if printf '%s\n' "$out" | grep -Eq '100\.0+%|12\.00|\[100'; then
        _ko "no outage: never 100% with [100%, 100%] or 12 nines" "$out"
    else _ok; fi
    expect_out '^  availability +no downtime seen   95% bound: unavailability < 0\.0003 \(one-sided\)$' "no outage: the bound instead of the interval"
    expect_out '^  nines +≥ 3\.52 \(no outage in 10000 trials\)$' "no outage: ≥ N nines"
    expect_out '^warning: no system outage in 1e\+05 simulated years \(10000 trials of 10y\): outage rate < 3e-05 per year at 95%' "no outage: the rate bound"
    run run "$TMP/ba.yaml" --seed "$zero" --rare off --no-db --quiet --json
    printf '%s\n' "$out" >"$TMP/ba.json"
    check "no outage: JSON keeps a number and adds few_outages and the bounds" python3 -c '
import json, math, sys
r = json.load(open(sys.argv[1]))
assert r["outages"] == 0 and r["few_outages"] is True
assert r["nines"] == 12
# Clopper-Pearson with 0 of 10000 trials down, and the rule of three over 1e5 years
assert abs(r["unavailability_upper95"] - (1 - 0.05 ** (1 / 10000))) < 1e-12
assert abs(r["outage_rate_per_year_upper95"] - (-math.log(0.05) / 1e5)) < 1e-12
assert abs(r["nines_lower95"] + math.log10(r["unavailability_upper95"])) < 1e-9
assert r["warning"].startswith("no system outage in 1e+05 simulated years")
assert r["services"]["pair"]["few_outages"] is True
' "$TMP/ba.json"
    run compare "$TMP/ba.yaml" "$P1" --seed "$zero" --rare off --no-db --quiet
    expect_out '^Billinton-Allan parallel pair +no downtime \[U < 0\.0003\]  ≥3\.52 ' "compare: the bound, not 100%"
else
    _ko "no seed of 1..20 sees no outage of the Billinton-Allan pair"
fi
if [ -n "$some" ]; then
    run run "$TMP/ba.yaml" --seed "$some" --rare off --no-db --quiet --json
    printf '%s\n' "$out" >"$TMP/ba1.json"
    check "few outages: the chi-square rate bound and the Clopper-Pearson bound" python3 -c '
import json, sys
from math import comb
r = json.load(open(sys.argv[1]))
k, n = r["outages"], r["trials"]
assert 0 < k < 30 and r["few_outages"] is True and r["nines"] < 12
# chi2_0.95(2k + 2) / 2: 4.743864518 (k = 1), 6.295793622 (k = 2), 7.753656528 (k = 3)
want = {1: 4.743864518390, 2: 6.295793622, 3: 7.753656528}[k] / 1e5
assert abs(r["outage_rate_per_year_upper95"] - want) < 1e-8 * want
# Clopper-Pearson: P(Bin(n, u) <= k) = 0.05 at the bound
u = r["unavailability_upper95"]
assert abs(sum(comb(n, i) * u ** i * (1 - u) ** (n - i) for i in range(k + 1)) - 0.05) < 1e-9
' "$TMP/ba1.json"
fi

# --json: parses, has the keys of DESIGN.md and the extra ones
run run "$P1" --trials 200 --seed 9 --no-db --quiet --json --threads 1
expect_rc 0 "run --json"
printf '%s\n' "$out" >"$TMP/a.json"
check "json parses with the keys of DESIGN.md" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("name", "trials", "seed", "mission_hours", "availability", "ci95", "nines",
          "downtime_minutes_per_year", "downtime_minutes_per_year_p95", "outages_per_year",
          "mean_outage_minutes", "services", "views", "events", "seconds",
          "downtime_minutes_per_year_p50", "downtime_minutes_per_year_p99",
          "downtime_minutes_per_year_max", "longest_outage_minutes", "outages",
          "sla_breach_probability", "partial", "threads", "version"):
    assert k in r, k
assert r["trials"] == 200 and r["seed"] == 9 and r["mission_hours"] == 438000
assert r["partial"] is False
lo, hi = r["ci95"]
assert lo < r["availability"] < hi
assert abs(r["availability"] - 0.990099) < 0.002
s = r["services"]["app"]
assert lo <= s["availability"] <= hi and len(s["ci95"]) == 2
' "$TMP/a.json"

# downtime by cause (docs/semantics.md): every target has the unplanned
# availability with its interval and all nine causes, in topo_cause order,
# after the keys they belong with; the causes sum to the total downtime
check "json has the unplanned availability and the nine causes of every target" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
causes = ["failure", "detection", "crew-wait", "failover", "rejoin", "maintenance", "change",
          "common-cause", "split-brain"]
keys = list(r)
assert keys.index("availability_unplanned") == keys.index("ci95") + 1
assert keys.index("availability_unplanned_ci95") == keys.index("ci95") + 2
assert keys.index("downtime_by_cause") == keys.index("longest_outage_minutes") + 1
for g in [r] + list(r["services"].values()) + list(r["views"].values()):
    assert list(g["downtime_by_cause"]) == causes, list(g["downtime_by_cause"])
    assert all(isinstance(v, float) and v >= 0 for v in g["downtime_by_cause"].values())
    assert isinstance(g["availability_unplanned"], float)
    assert len(g["availability_unplanned_ci95"]) == 2
' "$TMP/a.json"
check "the causes of every target sum to its downtime (1e-9 relative)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for g in [r] + list(r["services"].values()) + list(r["views"].values()):
    total, s = g["downtime_minutes_per_year"], sum(g["downtime_by_cause"].values())
    assert abs(s - total) <= 1e-9 * total, (s, total)
    # a design without maintenance has no planned downtime
    assert g["downtime_by_cause"]["maintenance"] == 0
    assert abs(g["availability_unplanned"] - g["availability"]) <= 1e-12
' "$TMP/a.json"

# rolling maintenance waits for each member to rejoin (quorum) or resync
# (active-passive) before the next one's work (docs/semantics.md,
# "Maintenance"): the shipped Galera and replication designs lose no quorum
# or standby to their own patching (rejoin was 584 and 181 min/yr before)
for f in galera replication; do
    run run "topologies/mysql/$f.yaml" --trials 2000 --seed 5 --no-db --quiet --json
    printf '%s\n' "$out" >"$TMP/$f.json"
    check "$f.yaml: rejoin under 30 min/yr" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["downtime_by_cause"]["rejoin"] < 30, r["downtime_by_cause"]
' "$TMP/$f.json"
done

# the same figures whatever --threads is
run run "$P1" --trials 200 --seed 9 --no-db --quiet --json --threads 2
printf '%s\n' "$out" >"$TMP/b.json"
check "threads 1 and 2 give the same figures" python3 -c '
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for r in (a, b):
    del r["seconds"], r["threads"]
assert a == b
' "$TMP/a.json" "$TMP/b.json"
run run "$P2" --trials 130 --seed 4 --no-db --quiet --threads 1
t1=$(printf '%s\n' "$out" | grep -v ' events in ')
run run "$P2" --trials 130 --seed 4 --no-db --quiet --threads 2
t2=$(printf '%s\n' "$out" | grep -v ' events in ')
check "threads 1 and 2 print the same table" test "$t1" = "$t2"

# bad flags: exit 1 with a message
run run "$P1" --trials 0 --no-db
expect_rc 1 "--trials 0"
expect_err '^nines: error: --trials must be between 1' "--trials 0 says why"
run run "$P1" --seed -1 --no-db
expect_rc 1 "negative seed"
expect_err '^nines: error: --seed must be between 0' "negative seed says why"
run run "$P1" --threads 0 --no-db
expect_rc 1 "--threads 0"
expect_err '^nines: error: --threads' "--threads 0 says why"
run run "$P1" --trials many --no-db
expect_rc 1 "text for a number"
expect_err "^nines: error: --trials takes a whole number \\(got 'many'\\)" "text for a number says why"
run run "$P1" --mission 10 --no-db
expect_rc 1 "mission without a unit"
expect_err '^nines: error: --mission' "mission without a unit says why"
run run "$P1" --frobnicate
expect_rc 1 "unknown option"
expect_err "unknown option '--frobnicate'" "unknown option named"
run run
expect_rc 1 "no file"
expect_err 'run needs a topology FILE' "no file says what is missing"
run run "$P1" "$P2"
expect_rc 1 "two files"
run run "$TMP/absent.yaml" --no-db
expect_rc 1 "a missing file"
expect_err 'absent\.yaml' "a missing file is named"

# --db is accepted; --no-db stores nothing
run run "$P1" --trials 64 --db "$TMP/runs.db" --quiet
expect_rc 0 "--db PATH"
(cd "$TMP" && "$NINES" run "$OLDPWD/$P1" --trials 64 --no-db --quiet >/dev/null 2>&1)
check "--no-db creates no database" test ! -e "$TMP/nines.db"

run run --help
expect_rc 0 "--help"
expect_out '^usage: nines run FILE' "--help gives the usage"
expect_out '--threads T' "--help lists the flags"
run run -h
expect_rc 0 "-h"

# Ctrl-C: the trials done so far, marked partial, exit 130
"$NINES" run "$P2" --trials 1000000000 --threads 2 --no-db --quiet >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
out=$(cat "$TMP/int.out"); err=$(cat "$TMP/int.err")
expect_rc 130 "SIGINT exits 130"
expect_out 'PARTIAL: interrupted after [0-9]+ of 1000000000 trials' "SIGINT prints the partial run"
expect_out 'availability +[0-9.]+%' "SIGINT prints figures"
expect_err 'interrupted: [0-9]+ of 1000000000 trials done \(partial\)' "SIGINT says partial"

"$NINES" run "$P2" --trials 1000000000 --threads 2 --no-db --quiet --json >"$TMP/int.json" 2>/dev/null &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
expect_rc 130 "SIGINT with --json exits 130"
check "SIGINT with --json prints a partial object" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["partial"] is True and 0 < r["trials"] < r["trials_requested"]
' "$TMP/int.json"

finish
