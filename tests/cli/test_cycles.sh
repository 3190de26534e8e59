#!/bin/sh
# tests/cli/test_cycles.sh — tools/cycles.py (`make check-cycles`): it finds a
# circle between the files of a module, names its arrows and fails; a module
# whose arrows point one way passes; the build tree has no circle.
. tests/cli/lib.sh
suite cycles
CC=${CC:-cc}
mkdir -p "$TMP/b/mod" "$TMP/b/ok"
# a.c -> b.c -> c.c -> a.c: one circle of three files; d.c -> a.c outside it
printf 'int b_f(void);\nint a_f(void) { return b_f(); }\n' >"$TMP/a.c"
printf 'int c_f(void);\nint b_f(void) { return c_f(); }\n' >"$TMP/b.c"
printf 'int a_f(void);\nint c_f(void) { return a_f() + 1; }\n' >"$TMP/c.c"
printf 'int a_f(void);\nint d_f(void) { return a_f(); }\n' >"$TMP/d.c"
for f in a b c d; do $CC -c -o "$TMP/b/mod/$f.o" "$TMP/$f.c"; done
# ok/: x.c -> y.c only
printf 'int y_f(void);\nint x_f(void) { return y_f(); }\n' >"$TMP/x.c"
printf 'int y_f(void) { return 1; }\n' >"$TMP/y.c"
for f in x y; do $CC -c -o "$TMP/b/ok/$f.o" "$TMP/$f.c"; done

out=$(python3 tools/cycles.py --build "$TMP/b" mod 2>&1); rc=$?
expect_rc 1 "a circle fails"
expect_out '^cycle in mod/: a\.c <-> b\.c <-> c\.c$' "the circle's files, and only those"
expect_out '^    c\.c -> a\.c: a_f$' "each arrow with its symbols"
check "d.c is not in the circle" sh -c "! printf '%s\n' \"\$1\" | grep -q 'd\.c'" sh "$out"

out=$(python3 tools/cycles.py --build "$TMP/b" ok 2>&1); rc=$?
expect_rc 0 "arrows one way pass"
expect_out 'no circle' "says so"

out=$(python3 tools/cycles.py --build "$TMP/b" absent 2>&1); rc=$?
expect_rc 2 "a module without objects is an error, not a pass"

out=$(python3 tools/cycles.py --build "$(dirname "$NINES")" 2>&1); rc=$?
expect_rc 0 "the build has no circle in model, data, cli, study, plots, montecarlo"
finish
