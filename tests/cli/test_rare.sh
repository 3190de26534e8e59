#!/bin/sh
# tests/cli/test_rare.sh — rare events (issue 18; docs/rare-events.md):
# importance sampling by failure biasing on Billinton and Allan's parallel
# pair (exact U = 6.5146e-9) at the default trials and mission; the coverage
# of its 95% interval over 100 seeds on a faster pair with an exact answer;
# agreement with crude sampling where crude works; the same figures for any
# --threads; --rare off and an auto that stays crude exactly as before; what
# is refused and how the method is said, stored and repeated.
. "$(dirname "$0")/lib.sh"
suite rare

BA=tests/textbook/ba-11-2-parallel.yaml

# (a) the pair at the defaults (10,000 trials of 10 years, seed 1): auto
# picks importance sampling, within 3 standard errors of the exact value,
# relative 95% half-width <= 10%
run run "$BA" --no-db --quiet --json
expect_rc 0 "run of the Billinton-Allan pair"
printf '%s\n' "$out" >"$TMP/ba.json"
check "B&A: importance sampling, within 3 SE of 6.5146e-9, half-width <= 10%" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
exact = 6.5146e-9
u = 1 - r["availability"]
lo, hi = r["ci95"]
assert r["rare"]["method"] == "importance-sampling", r["rare"]
assert r["rare"]["note"].startswith("auto: importance sampling")
assert r["trials"] == 10000 and r["mission_hours"] == 87600
assert abs(u - exact) <= 3 * r["std_error"], (u, r["std_error"])
assert (hi - lo) / 2 / u <= 0.10, (hi - lo) / 2 / u
assert lo <= r["availability"] <= hi and lo < 1 - exact < hi
assert r["few_outages"] is False and r["rare"]["effective_sample_size"] > 100
# not estimated under importance sampling: null, never a crude figure
for k in ("downtime_minutes_per_year_p95", "longest_outage_minutes"):
    assert r[k] is None, k
' "$TMP/ba.json"
run run "$BA" --no-db --quiet
expect_out '^  method +importance sampling \(failure biasing, p = 0\.7\), effective sample size [0-9]+; auto: importance sampling \(the exact solver expects 0\.514 system outages' "the table says which method ran and why"
expect_out '^  nines +8\.[12][0-9]$' "8.19 nines, give or take the interval"
expect_out '^  downtime per year +0\.2 s mean, - P95 of years$' "P95 not estimated: '-'"

# (b) coverage: 100 seeds of a 1-of-2 pair started in its stationary state
# (so the exact steady state is the mission average), U = (10/8770)^2 x ...
cat >"$TMP/pair.yaml" <<YAML
format: nines/1
name: pair
mission: 1y
hosts:
  a: { profile: { fail: 2y, repair: 10h } }
  b: { profile: { fail: 3y, repair: 20h } }
services:
  p: { mode: active-active, need: 1, hosts: [a, b] }
system: [p]
YAML
: >"$TMP/cov.txt"
for seed in $(seq 1 100); do
    "$NINES" run "$TMP/pair.yaml" --rare is --start steady --trials 500 --seed "$seed" \
        --threads 1 --no-db --quiet --json >>"$TMP/cov.txt" || echo "run $seed failed" >>"$TMP/cov.txt"
done
check "coverage: the 95% interval holds the exact U in at least 88 of 100 runs" python3 -c '
import json, sys
ua = 10 / (2 * 8760 + 10)
ub = 20 / (3 * 8760 + 20)
exact = ua * ub
text = open(sys.argv[1]).read()
dec, i, n, cover, zs = json.JSONDecoder(), 0, 0, 0, []
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        break
    r, i = dec.raw_decode(text, i)
    assert r["rare"]["method"] == "importance-sampling"
    lo, hi = r["ci95"]
    n += 1
    cover += lo <= 1 - exact <= hi
    zs.append((1 - r["availability"] - exact) / r["std_error"])
print(n, cover, sum(zs) / n)
assert n == 100 and cover >= 88, (n, cover)
# and the mean of the 100 estimates is unbiased: within 3 standard errors
m = sum(zs) / n
assert abs(m) < 3 / n ** 0.5 * max(1, (sum(z * z for z in zs) / n) ** 0.5), m
' "$TMP/cov.txt"

# (c) unbiased where crude works too: a pair of faster parts over 30 days
# (some 130 outages in 20,000 histories), crude and IS agree within 3
# combined standard errors, and both with the exact value
sed 's/fail: 2y/fail: 60d/; s/fail: 3y/fail: 90d/' "$TMP/pair.yaml" >"$TMP/fast.yaml"
"$NINES" run "$TMP/fast.yaml" --rare off --start steady --mission 30d --trials 20000 --seed 3 --no-db --quiet --json >"$TMP/crude.json"
"$NINES" run "$TMP/fast.yaml" --rare is --start steady --mission 30d --trials 20000 --seed 4 --no-db --quiet --json >"$TMP/is.json"
check "crude and importance sampling agree, and with the exact value" python3 -c '
import json, sys
c = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
ua, ub = 10 / (60 * 24 + 10), 20 / (90 * 24 + 20)
exact = ua * ub
assert c["rare"]["method"] == "crude" and s["rare"]["method"] == "importance-sampling"
assert c["outages"] >= 100 and c["few_outages"] is False and s["few_outages"] is False
uc, us = 1 - c["availability"], 1 - s["availability"]
se = (c["std_error"] ** 2 + s["std_error"] ** 2) ** 0.5
assert abs(uc - us) < 3 * se, (uc, us, se)
assert abs(us - exact) < 3 * s["std_error"] and abs(uc - exact) < 3 * c["std_error"]
# the weighted outage rate too (exact frequency: U x (1/10 + 1/20) per hour)
f = exact * (1 / 10 + 1 / 20) * 8760
assert abs(s["outages_per_year"] - f) < 0.1 * f, (s["outages_per_year"], f)
assert s["std_error"] < c["std_error"] # importance sampling is the sharper
' "$TMP/crude.json" "$TMP/is.json"

# a long history of frequent degraded periods: the weights degenerate, and
# the run says so rather than trust its interval
"$NINES" run "$TMP/fast.yaml" --rare is --trials 2000 --seed 4 --no-db --quiet --json >"$TMP/deg.json"
check "degenerate weights: few_outages and the warning" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
ess = r["rare"]["effective_sample_size"]
assert ess < 0.01 * r["outages"] and r["few_outages"] is True, (ess, r["outages"])
assert "effective sample size" in r["warning"] and r["unavailability_upper95"] is None
' "$TMP/deg.json"

# (d) the same figures to the last bit for any --threads
for t in 1 2; do
    "$NINES" run "$BA" --threads $t --trials 3000 --seed 7 --no-db --quiet --json |
        python3 -c 'import json, sys; r = json.load(sys.stdin); [r.pop(k) for k in ("seconds", "threads")]; print(json.dumps(r, sort_keys=True))' >"$TMP/t$t.json"
done
check "importance sampling: --threads 1 and 2 give the same JSON figures" cmp "$TMP/t1.json" "$TMP/t2.json"
check "... and they are under importance sampling" grep -q '"importance-sampling"' "$TMP/t1.json"

# (e) --rare off is crude as before: the pair at seed 1 sees one outage, and
# the figure pinned from before importance sampling existed (drawn by the
# inverse transform of then: --exp-sampler inverse, docs/exp-sampler.md)
run run "$BA" --rare off --no-db --quiet --json --seed 1 --exp-sampler inverse
check "--rare off: the crude figures of before, to the last digit" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["rare"] == {"method": "crude", "note": None}, r["rare"]
assert r["availability"] == 0.9999999953633296 and r["outages"] == 1, r["availability"]
assert r["std_error"] == 4.636670378133542e-09
' "$out"
# auto that stays crude: the same figures as --rare off
"$NINES" run tests/textbook/ba-11-1-series.yaml --trials 3000 --seed 5 --no-db --quiet --json >"$TMP/auto.json"
"$NINES" run tests/textbook/ba-11-1-series.yaml --trials 3000 --seed 5 --no-db --quiet --json --rare off >"$TMP/off.json"
check "auto that stays crude gives the figures of --rare off" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); o = json.load(open(sys.argv[2]))
assert a["rare"]["method"] == "crude" and a["rare"]["note"].startswith("auto: crude (the exact solver expects")
for r in (a, o):
    r.pop("rare"); r.pop("seconds")
assert a == o
' "$TMP/auto.json" "$TMP/off.json"

# what importance sampling refuses, by name; auto falls back with a note
run run topologies/examples/operations.yaml --rare is --no-db --quiet
expect_rc 1 "--rare is on a design with maintenance is refused"
expect_err "^nines: error: --rare is: importance sampling cannot run on '.*': it does not support maintenance windows \(use --rare off or auto; docs/rare-events.md\)$" "and names the feature"
run run tests/textbook/frozen-pair.yaml --trials 5 --no-db --quiet --json
check "auto falls back to crude on frozen-when-down, with the reason, when crude sees too few" sh -c '
    printf "%s" "$1" | jq -e ".outages < 30 and .rare.method == \"crude\" and (.rare.note | test(\"frozen-when-down\"))"' _ "$out"
run run tests/textbook/frozen-pair.yaml --trials 200 --no-db --quiet --json
check "auto: crude, and only the outages seen when they are enough" sh -c '
    printf "%s" "$1" | jq -e ".outages >= 30 and .rare.method == \"crude\" and (.rare.note == \"auto: crude (\(.outages) system outages seen)\")"' _ "$out"
# auto declines a design whose histories see many failures: the weights would
# degenerate (NDB, failures only: about 245 part failures in a history)
run run topologies/mysql/ndb-failures-only.yaml --trials 40 --seed 5 --no-db --quiet --json
check "auto: crude on a design whose history expects many failures, and says why" sh -c '
    printf "%s" "$1" | jq -e ".rare.method == \"crude\" and (.rare.note | test(\"expects at most 3 part failures\"))"' _ "$out"
run run "$BA" --rare is --at 1y --no-db --quiet
expect_rc 1 "--rare is with --at is refused"
expect_err "transient figures" "and says why"
run run "$BA" --rare maybe --no-db
expect_rc 1 "--rare takes auto, off or is"
expect_err "^nines: error: --rare takes auto, off or is \(got 'maybe'\)$" "and says so"
for c in run compare sweep; do
    run $c --help
    expect_out '^  --rare auto\|off\|is' "$c --help lists --rare"
done

# compare and sweep say which runs used it
run compare "$BA" tests/textbook/ba-11-1-series.yaml --trials 2000 --no-db --quiet
expect_out '^importance sampling \(--rare; docs/rare-events.md.*\) for ba-11-2-parallel$' "compare names the design under importance sampling"
run sweep "$BA" --set profiles.c1.repair=20h,40h --trials 2000 --no-db --quiet --json
check "sweep's JSON points say the method" sh -c '
    printf "%s" "$1" | jq -e "[.points[].rare.method] == [\"importance-sampling\", \"importance-sampling\"]"' _ "$out"

# stored: show says it, rerun repeats it, the reproduce command has --rare is
"$NINES" run "$BA" --trials 2000 --db "$TMP/r.db" --quiet --json >"$TMP/stored.json"
run show 1 --db "$TMP/r.db" --json
check "show --json is the run's JSON, method included" sh -c 'printf "%s\n" "$1" | cmp - "$2"' _ "$out" "$TMP/stored.json"
run show 1 --db "$TMP/r.db"
expect_out '^  method +importance sampling' "show prints the method"
expect_err 'reproduce with: nines run .* --trials 2000 --seed 1 --rare is$' "the reproduce command says --rare is"
# --rare off on a design auto would sample: the command must keep it off
"$NINES" run "$BA" --trials 2000 --rare off --db "$TMP/r.db" --quiet >/dev/null 2>&1
run show 2 --db "$TMP/r.db"
expect_err 'reproduce with: nines run .* --trials 2000 --seed 1 --rare off$' "the reproduce command of a --rare off run says --rare off"
run rerun 1 --db "$TMP/r.db"
expect_rc 0 "rerun repeats the stored run under importance sampling"
expect_out '^same figures: run 1' "with the same figures"

finish
