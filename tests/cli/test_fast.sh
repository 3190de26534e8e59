#!/bin/sh
# tests/cli/test_fast.sh — the fast loop of plain models (issue 18,
# montecarlo/mc_fast.c) gives the general loop's figures to the last bit:
# `run --json` with and without NINES_NO_FAST=1 is the same text except
# "seconds", on designs the fast loop takes (one part, the 1-of-2 pair, 50
# in series, a 2-of-3 with hosts' own laws, several services and views,
# Weibull and fixed laws whose events tie, one service whose parts fail in
# lockstep; quorums without rejoin or bootstrap: three members on perfect
# hosts, five on hosts with their own laws, one in a view with another
# service, one in lockstep) at odd trial counts, 1 and 2
# threads, missions of a fraction of a year; and on designs it does not
# take (the same answer, trivially). Which designs it takes is checked in
# tests/test_mc_fast.c. NINES_NO_FAST also keeps the general loop's down
# list and cause charges (no ws->one_cause), so the downtime by cause of
# the fast loop (a target's down hours) is checked against the charges.
. "$(dirname "$0")/lib.sh"
suite fast

# strip FILE: the JSON without "seconds", keys sorted
strip() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("seconds", None)
print(json.dumps(d, sort_keys=True, indent=0))' "$1"
}

# same LABEL ARGS...: `nines ARGS --json` with and without NINES_NO_FAST
same() {
    label=$1
    shift
    "$NINES" "$@" --no-db --quiet --json >"$TMP/fast.json" 2>"$TMP/err"
    rc1=$?
    NINES_NO_FAST=1 "$NINES" "$@" --no-db --quiet --json >"$TMP/slow.json" 2>>"$TMP/err"
    rc2=$?
    if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
        _ko "$label: exit $rc1 / $rc2" "$(cat "$TMP/err")"
        return
    fi
    strip "$TMP/fast.json" >"$TMP/fast.txt"
    strip "$TMP/slow.json" >"$TMP/slow.txt"
    if cmp -s "$TMP/fast.txt" "$TMP/slow.txt"; then
        _ok
    else
        _ko "$label: the fast and the general loop differ" "$(diff "$TMP/fast.txt" "$TMP/slow.txt" | head -n 12)"
    fi
}

cat >"$TMP/mixed.yaml" <<'YAML'
format: nines/1
name: fast mixed
mission: 3y
sla: 99.9%
hosts:
  h1: { profile: { fail: 900h, repair: 7h } }
  h2: { profile: { fail: 900h, repair: 7h } }
  h3: {}
  c1: { profile: { fail: { dist: fixed, value: 100h }, repair: { dist: fixed, value: 50h } } }
  c2: { profile: { fail: { dist: fixed, value: 150h }, repair: { dist: fixed, value: 20h } } }
services:
  web:
    mode: active-active
    need: 2
    hosts: [h1, h2, h3]
    instance: { fail: 300h, repair: 4h }
  db:
    mode: single
    hosts: [h1]
    instance: { fail: { dist: weibull, shape: 0.8, mean: 1100h }, repair: { dist: lognormal, mean: 2h, sd: 1h } }
  tick1: { mode: single, hosts: [c1] }
  tick2: { mode: single, hosts: [c2] }
  tock: { mode: active-active, need: 1, hosts: [c1, c2] }
views:
  front: [web, db]
  solo: [db]
  clocks: [tick1, tick2, tock]
system: [web, db, tick1, tock]
YAML

cat >"$TMP/q23.yaml" <<'YAML'
format: nines/1
name: 2 of 3
mission: 10y
hosts:
  a: {}
  b: {}
  c: {}
services:
  trio:
    mode: active-active
    need: 2
    hosts: [a, b, c]
    instance: { fail: 1000h, repair: 10h }
system: [trio]
YAML

# one service of instances, its views listing it alone (trial_run_one):
# fixed laws in lockstep (three failures in one instant, the service down
# at the second), outages across the years' ends, an SLA, a mirror view.
# (Its parts share one law from time 0, so an instant there holds only
# failures or only repairs; an instant that brings a target back is the
# mixed design's, below.)
cat >"$TMP/lock.yaml" <<'YAML'
format: nines/1
name: lockstep
mission: 3y
sla: 99.9%
hosts:
  a: {}
  b: {}
  c: {}
services:
  trio:
    mode: active-active
    need: 2
    hosts: [a, b, c]
    instance: { fail: { dist: fixed, value: 5000h }, repair: { dist: weibull, shape: 3, mean: 900h } }
views:
  same: [trio]
system: [trio]
YAML
cat >"$TMP/lock2.yaml" <<'YAML'
format: nines/1
name: lockstep fixed
mission: 4y
sla: 99%
hosts:
  a: {}
  b: {}
services:
  two:
    mode: active-active
    need: 2
    hosts: [a, b]
    instance: { fail: { dist: fixed, value: 700h }, repair: { dist: fixed, value: 60h } }
system: [two]
YAML

# quorums without rejoin or bootstrap: a count of members up against a
# majority, as active-active (the figures, downtime by cause, capacity and
# blast radius the general loop's: quorum_eval, mc_cause.c's charges)
cat >"$TMP/q5.yaml" <<'YAML'
format: nines/1
name: five-member quorum, hosts with their own laws
mission: 10y
sla: 99.95%
hosts:
  a: { profile: { fail: 2000h, repair: 12h } }
  b: { profile: { fail: 2000h, repair: 12h } }
  c: { profile: { fail: { dist: weibull, shape: 1.5, mean: 3000h }, repair: { dist: lognormal, mean: 8h, sd: 4h } } }
  d: { profile: { fail: 2500h, repair: 20h } }
  e: {}
services:
  galera:
    mode: quorum
    hosts: [a, b, c, d, e]
    instance: { fail: 800h, repair: 15h }
system: [galera]
YAML
cat >"$TMP/qview.yaml" <<'YAML'
format: nines/1
name: quorum with a view and another service
mission: 3y
hosts:
  a: { profile: { fail: 1500h, repair: 9h } }
  b: {}
  c: {}
  d: {}
  t1: { profile: { fail: { dist: fixed, value: 100h }, repair: { dist: fixed, value: 50h } } }
  t2: { profile: { fail: { dist: fixed, value: 150h }, repair: { dist: fixed, value: 20h } } }
services:
  q:
    mode: quorum
    hosts: [a, b, c, d]
    instance: { fail: 700h, repair: 30h }
  s:
    mode: single
    hosts: [a]
    instance: { fail: 400h, repair: 3h }
  k1: { mode: quorum, hosts: [t1, t2, b] }
  k2: { mode: single, hosts: [t2] }
views:
  front: [q, s]
  only: [q]
  clocks: [k1, k2]
system: [q, s, k1]
YAML
sed -e 's/mode: active-active/mode: quorum/' -e '/need: 2/d' -e 's/name: lockstep/name: quorum lockstep/' \
    "$TMP/lock.yaml" >"$TMP/qlock.yaml"
same "quorum of 3, perfect hosts, 1 thread" run tests/cases/validation/p2-quorum-3.yaml --trials 1001 --seed 5 --threads 1
same "quorum of 3, 2 threads, 2.5-year mission" run tests/cases/validation/p2-quorum-3.yaml --trials 777 --seed 3 --threads 2 --mission 2.5y
same "quorum of 5, hosts' own laws, 2 threads" run "$TMP/q5.yaml" --trials 901 --seed 8 --threads 2
same "quorum of 5, hosts' own laws, 1.5 years" run "$TMP/q5.yaml" --trials 333 --seed 9 --threads 1 --mission 1.5y
same "quorum in views with other services, 1 thread" run "$TMP/qview.yaml" --trials 701 --seed 9 --threads 1
same "quorum in views with other services, 2 threads" run "$TMP/qview.yaml" --trials 333 --seed 10 --threads 2
same "quorum in lockstep, mirror view, SLA" run "$TMP/qlock.yaml" --trials 901 --seed 12 --threads 2
"$NINES" run "$TMP/qview.yaml" --trials 301 --seed 9 --no-db --quiet --json >"$TMP/qv.json"
check "the quorum design: outages, downtime by cause all failure, blast radius" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for name, f in list(r["services"].items()) + list(r["views"].items()):
    assert f["outages"] > 0, name
    c = f["downtime_by_cause"]
    assert c["failure"] > 0 and abs(c["failure"] - f["downtime_minutes_per_year"]) <= 1e-9 * c["failure"], (name, c)
    assert sum(v for k, v in c.items() if k != "failure") == 0, (name, c)
q = r["services"]["q"]
assert q["members"] == 4 and 0 < q["capacity"] < 1 and q["blast_radius"], q
' "$TMP/qv.json"

same "one service: lockstep failures, years' ends, SLA, mirror view" run "$TMP/lock.yaml" --trials 901 --seed 12 --threads 2
same "one service: fixed laws only" run "$TMP/lock2.yaml" --trials 65 --seed 13 --threads 1
same "one service: 1 thread, 10.5-year mission" run "$TMP/lock.yaml" --trials 130 --seed 14 --threads 1 --mission 10.5y
same "one part, 3001 trials, 1 thread" run bench/single.yaml --trials 3001 --seed 11 --threads 1
same "one part, 3001 trials, 2 threads" run bench/single.yaml --trials 3001 --seed 11 --threads 2
same "one part, 2.5-year mission" run bench/single.yaml --trials 777 --seed 3 --threads 2 --mission 2.5y
same "one part, 100-day mission" run bench/single.yaml --trials 1001 --seed 4 --mission 100d
same "1-of-2 pair, 1999 trials" run bench/pair-1of2.yaml --trials 1999 --seed 5 --threads 1
same "1-of-2 pair, 2 threads, 7.3-year mission" run bench/pair-1of2.yaml --trials 515 --seed 6 --threads 2 --mission 7.3y
same "50 in series" run bench/series-50.yaml --trials 257 --seed 7 --threads 2
same "2 of 3" run "$TMP/q23.yaml" --trials 1333 --seed 8 --threads 2
same "hosts' laws, views, ties, 1 thread" run "$TMP/mixed.yaml" --trials 701 --seed 9 --threads 1
same "hosts' laws, views, ties, 2 threads, 1.5 years" run "$TMP/mixed.yaml" --trials 333 --seed 10 --threads 2 --mission 1.5y
# designs the fast loop does not take: the general loop either way
cat >"$TMP/qrejoin.yaml" <<'YAML'
format: nines/1
name: quorum with rejoin
mission: 10y
hosts: { a: {}, b: {}, c: {} }
services:
  q: { mode: quorum, hosts: [a, b, c], rejoin: 30m, instance: { fail: 1000h, repair: 10h } }
system: [q]
YAML
sed -e 's/rejoin: 30m/bootstrap: 2h/' -e 's/with rejoin/with bootstrap/' "$TMP/qrejoin.yaml" >"$TMP/qboot.yaml"
same "quorum with rejoin (general loop)" run "$TMP/qrejoin.yaml" --trials 300 --seed 2
same "quorum with bootstrap (general loop)" run "$TMP/qboot.yaml" --trials 300 --seed 2
same "active-passive (general loop)" run tests/cases/validation/p4-active-passive.yaml --trials 300 --seed 2

# the mixed design does have ties that flip a target back within an instant:
# its figures are not those of a run where they are recorded (sanity: the
# comparison above is not between two copies of one number)
"$NINES" run "$TMP/mixed.yaml" --trials 701 --seed 9 --threads 1 --no-db --quiet --json >"$TMP/m.json"
check "the mixed design: outages of every target; a tie inside an instant is no outage" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["outages"] > 0
for name, f in list(r["services"].items()) + list(r["views"].items()):
    assert f["outages"] > 0, name
# the clocks view lists tick1 (c1: down [100, 150) h) and tick2 (c2: down
# from 150 h): where c1 comes back as c2 fails (one instant), the view
# outage goes on: fewer outages than its two services together
c = r["views"]["clocks"]
assert c["outages"] < r["services"]["tick1"]["outages"] + r["services"]["tick2"]["outages"], c
' "$TMP/m.json"

finish
