#!/bin/sh
# tests/cli/test_bad_corpus.sh — the bad-input corpus: every tests/bad/NAME.yaml
# must make `nines check` exit 1 with exactly the stderr in tests/bad/NAME.err
# (run from the repository root), and print nothing on stdout. One check per
# file, plus an unreadable include made at test time.
. tests/cli/lib.sh
suite bad_corpus

n=0
for y in tests/bad/*.yaml; do
    e=${y%.yaml}.err
    n=$((n + 1))
    if [ ! -f "$e" ]; then
        _ko "$y has no $e"
        continue
    fi
    run check "$y"
    if [ "$rc" -eq 1 ] && [ -z "$out" ] && [ "$err" = "$(cat "$e")" ]; then
        _ok
    else
        _ko "$y: exit $rc, stderr differs from $e" "$(printf 'got:\n%s\nexpected:\n%s' "$err" "$(cat "$e")")"
    fi
done
check "at least 45 files in the corpus ($n)" test "$n" -ge 45

# an include that cannot be read (as root, permissions do not stop reads:
# use a path through a regular file instead)
mkdir -p "$TMP/u"
printf 'format: nines/1\nprofiles:\n  p: { fail: 1y, repair: 1h }\n' >"$TMP/u/lib.yaml"
if [ "$(id -u)" -ne 0 ]; then
    chmod 000 "$TMP/u/lib.yaml"
    inc=lib.yaml
    why='permission denied'
else
    inc=lib.yaml/x.yaml
    why='not a directory'
fi
printf 'format: nines/1\ninclude: [%s]\nhosts:\n  a: { profile: p }\nservices:\n  s: { mode: single, hosts: [a] }\nsystem: [s]\n' "$inc" >"$TMP/u/main.yaml"
run check "$TMP/u/main.yaml"
expect_rc 1 "unreadable include"
expect_err "^$TMP/u/main.yaml:2:11: error: cannot read include '$inc' \($TMP/u/$inc: $why\)" "unreadable include is located at its entry"
chmod 644 "$TMP/u/lib.yaml" 2>/dev/null
finish
