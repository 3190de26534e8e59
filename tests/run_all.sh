#!/bin/sh
# tests/run_all.sh — runs every CUnit suite, then every CLI test script, and
# closes with one "N passed, N failed" line. Exit status 1 if anything failed.
# Environment: NINES (the binary under test), TEST_BIN (folder of suites).
set -u
cd "$(dirname "$0")/.."
: "${NINES:=$PWD/nines}" "${TEST_BIN:=$PWD/build/tests}"
NINES_TALLY=$(mktemp "${TMPDIR:-/tmp}/nines-tally.XXXXXX")
TIMES=$(mktemp "${TMPDIR:-/tmp}/nines-times.XXXXXX")
export NINES NINES_TALLY
status=0
for t in "$TEST_BIN"/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.o|*.d) continue ;; esac
    echo "== $(basename "$t")"
    t0=$(date +%s.%N)
    "$t" || status=1
    echo "$(basename "$t") $t0 $(date +%s.%N)" >>"$TIMES"
done
for s in tests/cli/test_*.sh; do
    [ -f "$s" ] || continue
    echo "== $(basename "$s")"
    t0=$(date +%s.%N)
    sh "$s" || status=1
    echo "$(basename "$s") $t0 $(date +%s.%N)" >>"$TIMES"
done
passed=$(awk '{p += $2} END {print p + 0}' "$NINES_TALLY")
failed=$(awk '{f += $3} END {print f + 0}' "$NINES_TALLY")
echo
awk '$3 > 0 {print "FAILED in " $1 ": " $3}' "$NINES_TALLY"
rm -f "$NINES_TALLY"
# where the time goes (CI keeps the whole run under 15 minutes on 2 cores)
echo "slowest suites (seconds):"
awk '{printf "  %7.1f %s\n", $3 - $2, $1}' "$TIMES" | sort -rn | head -8
awk '{s += $3 - $2} END {printf "  %7.1f in all\n", s}' "$TIMES"
rm -f "$TIMES"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
