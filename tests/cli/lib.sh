# tests/cli/lib.sh — helpers for CLI test scripts (sourced, POSIX sh).
#
#   . tests/cli/lib.sh; suite NAME
#   run ARGS...                 runs "$NINES ARGS", keeps $out, $err, $rc
#   expect_rc N "what"          one check: exit status is N
#   expect_out PATTERN "what"   one check: stdout matches the grep -E PATTERN
#   expect_err PATTERN "what"   one check: stderr matches the grep -E PATTERN
#   check "what" CMD...         one check: CMD succeeds
#   finish                      writes the tally, returns 1 if a check failed
# Every check is counted once in the closing "N passed, N failed" line.
: "${NINES:=$PWD/nines}"
_pass=0; _fail=0; _suite=cli
TMP=$(mktemp -d "${TMPDIR:-/tmp}/nines-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
suite() { _suite=$1; }
_ok() { _pass=$((_pass + 1)); }
_ko() { _fail=$((_fail + 1)); echo "FAIL [$_suite] $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 20 | sed 's/^/    /'; return 0; }
run() {
    "$NINES" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    out=$(cat "$TMP/out"); err=$(cat "$TMP/err")
}
expect_rc() { if [ "$rc" -eq "$1" ]; then _ok; else _ko "$2: exit $rc, expected $1" "$err"; fi; }
expect_out() { if printf '%s\n' "$out" | grep -Eq -- "$1"; then _ok; else _ko "$2: stdout lacks /$1/" "$out"; fi; }
expect_err() { if printf '%s\n' "$err" | grep -Eq -- "$1"; then _ok; else _ko "$2: stderr lacks /$1/" "$err"; fi; }
check() { _what=$1; shift; if "$@" >/dev/null 2>&1; then _ok; else _ko "$_what"; fi; }
finish() {
    [ -n "${NINES_TALLY:-}" ] && echo "$_suite $_pass $_fail" >>"$NINES_TALLY"
    echo "$_suite: $_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ]
}
