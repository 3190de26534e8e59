#!/bin/sh
# tests/run_all.sh — runs every CUnit suite and every CLI test script,
# TEST_JOBS at a time (default: the processors online), and closes with one
# "N passed, N failed" line. Exit status 1 if anything failed.
# Environment: NINES (the binary under test), TEST_BIN (folder of suites),
# TEST_JOBS (suites at once; 1 runs them one after another in file order).
#
# Suites are independent: each works in its own temporary folder (the CLI
# scripts' $TMP, tests/cli/lib.sh) and adds its tally line to $NINES_TALLY
# with one short append. The slowest suites (SLOW below, from the timings
# this script prints at its end) start first, so that on two cores the
# longest one runs beside all the others instead of after them. Each
# suite's output is printed in one piece when it ends (tests/run_one.sh).
set -u
cd "$(dirname "$0")/.."
: "${NINES:=$PWD/nines}" "${TEST_BIN:=$PWD/build/tests}"
: "${TEST_JOBS:=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}"
NINES_TALLY=$(mktemp "${TMPDIR:-/tmp}/nines-tally.XXXXXX")
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/nines-logs.XXXXXX")
trap 'rm -rf "$LOGS" "$NINES_TALLY"' EXIT
export NINES NINES_TALLY
SLOW="test_limits.sh test_report.sh test_model_memo test_faults.sh test_hostile.sh
test_sensitivity.sh test_signals.sh test_store.sh"

# every suite once: the slow ones first, then the rest in file order
{
    for n in $SLOW; do
        case "$n" in
        *.sh) [ -f "tests/cli/$n" ] && echo "tests/cli/$n" ;;
        *) [ -x "$TEST_BIN/$n" ] && echo "$TEST_BIN/$n" ;;
        esac
    done
    for t in "$TEST_BIN"/test_*; do
        [ -x "$t" ] || continue
        case "$t" in *.o|*.d) continue ;; esac
        echo "$t"
    done
    for s in tests/cli/test_*.sh; do
        [ -f "$s" ] && echo "$s"
    done
} | awk '!seen[$0]++' >"$LOGS/list"
total=$(wc -l <"$LOGS/list")
echo "running $total suites, $TEST_JOBS at a time"
: >"$LOGS/times"
xargs -P "$TEST_JOBS" -n 1 sh tests/run_one.sh "$LOGS" <"$LOGS/list"

status=0
while read -r path; do
    name=$(basename "$path")
    rc=$(cat "$LOGS/$name.rc" 2>/dev/null || echo missing)
    if [ "$rc" != 0 ]; then
        echo "FAILED: $name exited with status $rc"
        status=1
    fi
done <"$LOGS/list"
passed=$(awk '{p += $2} END {print p + 0}' "$NINES_TALLY")
failed=$(awk '{f += $3} END {print f + 0}' "$NINES_TALLY")
echo
awk '$3 > 0 {print "FAILED in " $1 ": " $3}' "$NINES_TALLY"
# where the time goes (CI keeps the whole run under 15 minutes on 2 cores)
echo "slowest suites (seconds):"
awk '{printf "  %7.1f %s\n", $3 - $2, $1}' "$LOGS/times" | sort -rn | head -8
awk '{s += $3 - $2} END {printf "  %7.1f in all, one after another\n", s}' "$LOGS/times"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
