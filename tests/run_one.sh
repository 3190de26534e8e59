#!/bin/sh
# tests/run_one.sh LOGS PATH — runs one suite for tests/run_all.sh: a CUnit
# binary (executable) or a CLI test script (*.sh), its output to
# LOGS/NAME.log, its exit status to LOGS/NAME.rc, its start and end to
# LOGS/times; then prints "== NAME (S s)" and the log in one piece (under a
# lock when several suites run at once, so that logs never interleave).
set -u
logs=$1 path=$2
name=$(basename "$path")
t0=$(date +%s.%N)
case "$path" in
*.sh) sh "$path" >"$logs/$name.log" 2>&1 ;;
*) "$path" >"$logs/$name.log" 2>&1 ;;
esac
rc=$?
t1=$(date +%s.%N)
echo "$rc" >"$logs/$name.rc"
echo "$name $t0 $t1" >>"$logs/times"
show() {
    echo "== $name ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
    cat "$logs/$name.log"
    [ "$rc" -eq 0 ] || echo "== $name exited with status $rc"
}
if command -v flock >/dev/null 2>&1; then
    (flock 9 && show) 9>"$logs/lock"
else
    show
fi
exit 0
