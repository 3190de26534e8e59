#!/bin/sh
# tests/cli/test_exp_sampler.sh — --exp-sampler ziggurat|inverse (issue 18;
# docs/exp-sampler.md): the inverse transform gives the figures of the engine
# before the ziggurat to the last bit; the ziggurat (the default) is right on
# a design with an exact answer; the JSON says which ran; the store keeps it
# and rerun repeats runs made with either, and runs stored before issue 18
# (no run_exp row) as inverse; the reproduce command names a sampler that is
# not the default; a bad value is refused.
. "$(dirname "$0")/lib.sh"
suite exp_sampler

SINGLE=bench/single.yaml
PAIR=bench/pair-1of2.yaml
SIM="--no-db --quiet --json --trials 3000 --seed 5 --threads 2"

# (a) --exp-sampler inverse: the figures main printed before issue 18
# (commit 5698b33, `run FILE --no-db --json --trials 3000 --seed 5 --threads 2`)
run run "$SINGLE" $SIM --exp-sampler inverse
expect_rc 0 "run --exp-sampler inverse"
check "single part, inverse: the figures of before, to the last bit" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["exp_sampler"] == "inverse", r["exp_sampler"]
assert repr(r["availability"]) == "0.990153511716096", repr(r["availability"])
assert r["events"] == 519218 and r["outages"] == 259620, (r["events"], r["outages"])
assert repr(r["downtime_minutes_per_year"]) == "5175.314242019962"
' "$TMP/out"
run run "$PAIR" $SIM --exp-sampler inverse
check "1-of-2 pair, inverse: the figures of before, to the last bit" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert repr(r["availability"]) == "0.9999044180063488", repr(r["availability"])
assert r["events"] == 1041438 and r["outages"] == 5101, (r["events"], r["outages"])
assert repr(r["downtime_minutes_per_year"]) == "50.23789586309888"
' "$TMP/out"
cp "$TMP/out" "$TMP/pair-inverse.json"

# (b) the default: the ziggurat, within 4 standard errors of A = 1000/1010
# and of the pair's exact value, another stream than the inverse transform
run run "$SINGLE" $SIM
expect_rc 0 "run with the default sampler"
check "single part, ziggurat: JSON says so, within 4 SE of 1000/1010" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["exp_sampler"] == "ziggurat", r["exp_sampler"]
a = 1000 / 1010
assert abs(r["availability"] - a) < 4 * r["std_error"], (r["availability"], r["std_error"])
assert r["availability"] != 0.990153511716096
' "$TMP/out"
"$NINES" run "$SINGLE" $SIM >"$TMP/z1.json" 2>/dev/null
"$NINES" run "$SINGLE" $SIM --exp-sampler ziggurat --threads 1 >"$TMP/z2.json" 2>/dev/null
check "ziggurat (default and named): same seed, same figures, whatever --threads" python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("availability", "events", "outages", "downtime_minutes_per_year", "std_error"):
    assert a[k] == b[k], (k, a[k], b[k])
' "$TMP/z1.json" "$TMP/z2.json"
# the fast loop and the general loop draw the same (tests/cli/test_fast.sh)
NINES_NO_FAST=1 "$NINES" run "$PAIR" $SIM >"$TMP/slow.json" 2>/dev/null
"$NINES" run "$PAIR" $SIM >"$TMP/fast.json" 2>/dev/null
check "ziggurat: the general loop's figures are the fast loop's" python3 -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in ("availability", "events", "outages", "downtime_minutes_per_year", "std_error"):
    assert a[k] == b[k], (k, a[k], b[k])
' "$TMP/slow.json" "$TMP/fast.json"
check "1-of-2 pair, ziggurat: within 4 SE of the exact solver" python3 -c '
import json, sys
z, inv = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert z["exp_sampler"] == "ziggurat"
se = (z["std_error"] ** 2 + inv["std_error"] ** 2) ** 0.5
assert abs(z["availability"] - inv["availability"]) < 4 * se
' "$TMP/fast.json" "$TMP/pair-inverse.json"

# (c) a bad value, the help
run run "$SINGLE" --exp-sampler log --no-db --quiet
expect_rc 1 "--exp-sampler takes ziggurat or inverse"
expect_err "^nines: error: --exp-sampler takes ziggurat or inverse \(got 'log'\)$" "and says so"
for c in run compare sweep sensitivity; do
    run "$c" --help
    expect_out '--exp-sampler ziggurat\|inverse' "$c --help lists --exp-sampler"
done

# (d) compare, sweep and sensitivity: the flag reaches the engine, the JSON says it
run compare "$SINGLE" "$PAIR" --trials 500 --no-db --quiet --json --exp-sampler inverse
check "compare --json: each design's exp_sampler" sh -c '
    printf "%s" "$1" | jq -e "[.designs[].exp_sampler] == [\"inverse\", \"inverse\"]"' _ "$out"
run sweep "$SINGLE" --set services.part.instance.repair=5h,10h --trials 500 --no-db --quiet --json
check "sweep --json: each point's exp_sampler" sh -c '
    printf "%s" "$1" | jq -e "[.points[].exp_sampler] == [\"ziggurat\", \"ziggurat\"]"' _ "$out"
run sensitivity "$PAIR" --trials 500 --no-db --quiet --json --exp-sampler inverse
check "sensitivity --json: exp_sampler" sh -c '
    printf "%s" "$1" | jq -e ".exp_sampler == \"inverse\""' _ "$out"

# (e) stored: both samplers kept, rerun repeats each, the reproduce command
DB="$TMP/e.db"
"$NINES" run "$SINGLE" --trials 2000 --seed 7 --db "$DB" --quiet >/dev/null 2>&1
"$NINES" run "$SINGLE" --trials 2000 --seed 7 --db "$DB" --quiet --exp-sampler inverse >/dev/null 2>&1
"$NINES" run "$SINGLE" --trials 2000 --seed 7 --db "$DB" --quiet --exp-sampler inverse >/dev/null 2>&1
run show 1 --db "$DB"
expect_err 'reproduce with: nines run .*single.yaml --trials 2000 --seed 7$' "the default sampler is not named"
run show 2 --db "$DB"
expect_err 'reproduce with: nines run .*single.yaml --trials 2000 --seed 7 --exp-sampler inverse$' "inverse is named"
run show 2 --db "$DB" --json
check "show --json: the stored sampler" sh -c 'printf "%s" "$1" | jq -e ".exp_sampler == \"inverse\""' _ "$out"
run rerun 1 --db "$DB"
expect_out '^same figures: run 1' "rerun of a ziggurat run: same figures"
run rerun 2 --db "$DB"
expect_out '^same figures: run 2' "rerun of an inverse run: same figures"
# a run stored before issue 18 has no row in run_exp (nor the table): it
# was drawn by the inverse transform, and rerun repeats it so
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM run_exp WHERE run_id IN (1, 2)")
db.commit()
' "$DB"
run rerun 2 --db "$DB"
expect_out '^same figures: run 2' "a run without a row reruns as inverse: same figures"
run rerun 1 --db "$DB"
expect_out '^different figures: run 1' "(the ziggurat run, its row gone, reruns as inverse: different)"
python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TABLE run_exp")
db.commit()
' "$DB"
run rerun 3 --db "$DB"
expect_out '^same figures: run 3' "a database without run_exp: its runs rerun as inverse"
run show 3 --db "$DB" --json
check "and show --json says inverse" sh -c 'printf "%s" "$1" | jq -e ".exp_sampler == \"inverse\""' _ "$out"

finish
