#!/bin/sh
# tests/cli/test_transient.sh — `nines run` for issue 14: the assumptions
# (repairs, frozen), --at / --window / --until-failure / --start, and their
# errors. The figures themselves are checked in tests/test_mc_transient.c.
. tests/cli/lib.sh
suite transient

FS=tests/textbook/frozen-series.yaml
BA=tests/textbook/ba-11-1-series.yaml

run run "$FS" --trials 2000 --seed 1 --threads 2 --no-db --quiet --at 168h,1000h --window 12h
expect_rc 0 "run with --at"
expect_out 'assumptions +repairs by crews onsite \(1\); failures frozen while the system is down' "the assumptions are said"
expect_out '^  at 168h +R 0\.[0-9]+ ± [0-9.e-]+   A 0\.[0-9]+ ± [0-9.e-]+   IR\(12h\) 0\.[0-9]+' "R, A and IR at 168h"
expect_out '^  MTTF from new +[0-9.]+ h   95% CI' "MTTF with its interval"

run run "$FS" --trials 2000 --seed 1 --threads 2 --no-db --quiet --json --at 168h --window 12h
expect_rc 0 "run --json with --at"
expect_out '"reliability": \{' "reliability object"
expect_out '"168h": 0\.[0-9]+' "keyed by the time as written"
expect_out '"point_availability": \{' "point availability"
expect_out '"interval_reliability": \{' "interval reliability"
expect_out '"mttf_hours": [0-9.]+' "mttf_hours"
expect_out '"censored_trials": 0' "no trial censored"
expect_out '"failures_while_down": "frozen"' "assumptions in JSON"

run run "$BA" --trials 500 --seed 1 --threads 2 --no-db --quiet --at 1y
expect_rc 0 "a long MTTF"
expect_out 'trials saw no outage by 10y \(censored\): the MTTF is a lower bound; --until-failure' "censoring is said"
expect_out 'assumptions +repairs unlimited; failures go on while the system is down' "unlimited repairs said"

run run "$BA" --trials 500 --seed 1 --threads 2 --no-db --quiet --json --at 1y --until-failure
expect_rc 0 "--until-failure"
expect_out '"censored_trials": 0' "nothing censored"

run run "$BA" --trials 10 --no-db --quiet --at 20y
expect_rc 1 "a time past the mission"
expect_err 'past the mission' "says so"

run run "$BA" --trials 10 --no-db --quiet --window 12h
expect_rc 1 "--window alone"
expect_err 'go with --at' "says so"

run run "$BA" --trials 10 --no-db --quiet --start sometimes
expect_rc 1 "a bad --start"
expect_err "'new' or 'steady'" "says so"

run run "$BA" --trials 200 --seed 2 --threads 2 --no-db --quiet --json --start steady
expect_rc 0 "--start steady"
expect_out '"start": "steady"' "the start is said"

finish
