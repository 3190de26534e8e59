#!/bin/sh
# tests/cli/test_charts_gallery.sh — `make charts` (tools/charts.sh) still
# draws its whole gallery: its commands and --set overrides go through the
# loader's checks like any user's (a stricter check once broke it unseen).
# Drawn at 400 trials into the test's own folder; every chart named in the
# script's header must come out as a PNG.
. tests/cli/lib.sh
suite charts_gallery

NINES=$NINES OUT=$TMP/img TRIALS=400 sh tools/charts.sh >"$TMP/log" 2>&1
rc=$?
err=$(cat "$TMP/log")
expect_rc 0 "tools/charts.sh draws the gallery at 400 trials"
for png in $(sed -n 's/^#   \([a-z-]*\.png\).*/\1/p' tools/charts.sh); do
    check "$png is drawn, a PNG" sh -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' _ "$TMP/img/$png"
done
n=$(sed -n 's/^#   \([a-z-]*\.png\).*/\1/p' tools/charts.sh | wc -l)
check "the header names the 11 charts of the gallery ($n)" test "$n" -eq 11
finish
