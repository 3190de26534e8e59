#!/bin/sh
# tests/cli/test_signals.sh — SIGINT, SIGTERM and SIGHUP during run, compare,
# sweep, sensitivity and report, in the middle of a simulation and while a
# chart is being drawn; SIGPIPE on a closed stdout. Each case checks that the
# command stops (a 5 s guard fails on a hang: no timing is asserted), its exit
# status (128 + the signal: 130, 143, 129), what the store keeps (completed
# runs whole, the interrupted one marked partial), that no gnuplot it started
# outlives it and that no temporary file is left (in the output folder and in
# $TMPDIR), and that the store passes PRAGMA integrity_check.
# Rules: docs/store-and-reports.md, "Signals". (SIGINT during run and compare
# without a store: test_run.sh, test_compare.sh.)
. tests/cli/lib.sh
suite signals

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "signals: sqlite3 (the command) is needed to count stored runs"
    _ko "sqlite3 missing"
    finish
    exit 1
fi

# A design that finishes at once, and one whose trials take about 0.1 ms each
# (a chunk of 64 trials is done well within the second before a signal).
cat >"$TMP/fast.yaml" <<'YAML'
format: nines/1
name: fast design
mission: 1h
hosts:
  h: { profile: { fail: 1000y, repair: 1h } }
services:
  s: { mode: single, hosts: [h] }
system: [s]
YAML
cat >"$TMP/slow.yaml" <<'YAML'
format: nines/1
name: slow design
mission: 1y
profiles:
  busy: { fail: 2d, repair: 1h }
hosts:
  a: { profile: busy }
  b: { profile: busy }
  c: { profile: busy }
  d: { profile: busy }
services:
  s: { mode: active-active, need: 2, hosts: [a, b, c, d], instance: { fail: 3d, repair: 20m } }
system: [s]
YAML
FAST=$TMP/fast.yaml SLOW=$TMP/slow.yaml
MANY=1000000 # trials no slow run finishes within the test

# A gnuplot that never draws: it notes its pid, then waits to be killed
# (giving up after 10 s, so that a regression fails instead of hanging).
mkdir -p "$TMP/bin"
cat >"$TMP/bin/gnuplot" <<'SH'
#!/bin/sh
echo $$ >>"$GP_PIDS"
n=0
while [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
exit 1
SH
chmod +x "$TMP/bin/gnuplot"
GP_PIDS=$TMP/gp.pids
export GP_PIDS
mkdir -p "$TMP/tmpdir"
TMPDIR=$TMP/tmpdir
export TMPDIR

alive() { # alive PID: running and not a zombie
    s=$(ps -o stat= -p "$1" 2>/dev/null)
    case "$s" in "" | Z*) return 1 ;; esac
    return 0
}
# start ARGS...: nines in the background (pid in $pid); with SLOW_GNUPLOT=1 the
# fake gnuplot comes first on PATH
start() {
    : >"$GP_PIDS"
    if [ "${SLOW_GNUPLOT:-0}" = 1 ]; then
        PATH="$TMP/bin:$PATH" "$NINES" "$@" >"$TMP/bg.out" 2>"$TMP/bg.err" </dev/null &
    else
        "$NINES" "$@" >"$TMP/bg.out" 2>"$TMP/bg.err" </dev/null &
    fi
    pid=$!
}
# until CMD...: polls CMD for up to 60 s (a guard, not a timing)
until_ok() {
    i=0
    while ! "$@" 2>/dev/null; do
        i=$((i + 1))
        [ $i -ge 600 ] && return 1
        alive "$pid" || return 1
        sleep 0.1
    done
}
rows() { sqlite3 "$1" "SELECT count(*) FROM runs" 2>/dev/null || echo 0; }
has_rows() { [ "$(rows "$1")" -ge "$2" ]; }
gnuplot_started() { [ -s "$GP_PIDS" ]; }
# stop SIG WHAT: sends SIG; one check that nines ends within 5 s; sets rc,
# out, err
stop() {
    kill -"$1" "$pid"
    i=0
    while alive "$pid" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if alive "$pid"; then
        _ko "$2: still running 5 s after SIG$1"
        kill -KILL "$pid"
    else
        _ok
    fi
    wait "$pid"
    rc=$?
    out=$(cat "$TMP/bg.out")
    err=$(cat "$TMP/bg.err")
}
# clean WHAT DIR: no gnuplot left, no temporary file in DIR or $TMPDIR
clean() {
    left=""
    for p in $(cat "$GP_PIDS"); do alive "$p" && left="$left $p"; done
    if [ -z "$left" ]; then _ok; else _ko "$1: gnuplot still running:$left"; kill $left; fi
    tmps=$(ls -A "$2" "$TMPDIR" 2>/dev/null | grep -E '^\.nines-|\.tmp$')
    if [ -z "$tmps" ]; then _ok; else _ko "$1: temporary files left" "$tmps"; fi
}
intact() { # intact DB WHAT
    if [ "$(sqlite3 "$1" 'PRAGMA integrity_check' 2>&1)" = ok ]; then _ok; else _ko "$2: integrity_check"; fi
}
# rows_are DB WHERE N WHAT: one check that N runs match WHERE
rows_are() {
    got=$(sqlite3 "$1" "SELECT count(*) FROM runs WHERE $2" 2>&1)
    if [ "$got" = "$3" ]; then _ok; else _ko "$4: $got runs where $2, expected $3"; fi
}

# ---- run: each signal in the middle of a simulation ----
for sig in INT TERM HUP; do
    case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
    db=$TMP/run-$sig.db
    start run "$SLOW" --trials $MANY --threads 2 --db "$db" --quiet
    sleep 1
    stop $sig "run SIG$sig"
    expect_rc $want "run SIG$sig exits $want"
    expect_out "PARTIAL: interrupted after [0-9]+ of $MANY trials" "run SIG$sig prints the partial run"
    expect_err "interrupted: [0-9]+ of $MANY trials done \(partial\)" "run SIG$sig says partial"
    rows_are "$db" "partial = 1 AND trials > 0 AND trials < trials_requested" 1 "run SIG$sig stores the partial run"
    intact "$db" "run SIG$sig"
    clean "run SIG$sig" "$TMP"
done

# ---- run under nohup: a hangup stays ignored, SIGTERM still stops it ----
db=$TMP/nohup.db
: >"$GP_PIDS"
(trap '' HUP; exec "$NINES" run "$SLOW" --trials $MANY --threads 2 --db "$db" --quiet) \
    >"$TMP/bg.out" 2>"$TMP/bg.err" </dev/null &
pid=$!
sleep 1
kill -HUP "$pid"
sleep 0.5
check "run under nohup survives SIGHUP" alive "$pid"
stop TERM "run under nohup SIGTERM"
expect_rc 143 "run under nohup then SIGTERM exits 143"
rows_are "$db" "partial = 1 AND trials > 0" 1 "run under nohup then SIGTERM stores the partial run"

# ---- compare: the first design done, the second interrupted ----
db=$TMP/compare.db
start compare "$FAST" "$SLOW" --trials $MANY --threads 2 --db "$db" --quiet --chart "$TMP/cmp.svg"
until_ok has_rows "$db" 1
stop TERM "compare SIGTERM"
expect_rc 143 "compare SIGTERM exits 143"
expect_out '^fast design ' "compare SIGTERM prints the finished design"
rows_are "$db" "name = 'fast design' AND partial = 0 AND trials = $MANY" 1 "compare SIGTERM keeps the finished design whole"
rows_are "$db" "name = 'slow design' AND partial = 0" 0 "compare SIGTERM stores no unfinished design as whole"
check "compare SIGTERM draws no chart" test ! -e "$TMP/cmp.svg"
intact "$db" "compare SIGTERM"
clean "compare SIGTERM" "$TMP"

# ---- compare: a signal while the chart is drawn ----
for sig in INT TERM HUP; do
    case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
    db=$TMP/cmpchart-$sig.db
    mkdir -p "$TMP/charts-$sig"
    SLOW_GNUPLOT=1 start compare "$FAST" "$FAST" --trials 2000 --db "$db" --quiet \
        --chart "$TMP/charts-$sig/designs.svg"
    until_ok gnuplot_started
    stop $sig "compare chart SIG$sig"
    expect_rc $want "compare chart SIG$sig exits $want"
    expect_err "interrupted: the chart '.*designs.svg' was not drawn" "compare chart SIG$sig says the chart was not drawn"
    expect_out '^fast design ' "compare chart SIG$sig printed the table first"
    rows_are "$db" "partial = 0" 2 "compare chart SIG$sig keeps both runs"
    check "compare chart SIG$sig leaves no chart" test ! -e "$TMP/charts-$sig/designs.svg"
    intact "$db" "compare chart SIG$sig"
    clean "compare chart SIG$sig" "$TMP/charts-$sig"
done

# ---- sweep: the first point done, the second interrupted ----
db=$TMP/sweep.db
start sweep "$SLOW" --set mission=1h,1y --trials $MANY --threads 2 --db "$db" --quiet --chart "$TMP/sw.svg"
until_ok has_rows "$db" 1
stop INT "sweep SIGINT"
expect_rc 130 "sweep SIGINT exits 130"
expect_err "interrupted at point 2 of 2" "sweep SIGINT names the point"
rows_are "$db" "mission_hours = 1 AND partial = 0 AND trials = $MANY" 1 "sweep SIGINT keeps the finished point whole"
rows_are "$db" "mission_hours > 1 AND partial = 0" 0 "sweep SIGINT stores no unfinished point as whole"
check "sweep SIGINT draws no chart" test ! -e "$TMP/sw.svg"
intact "$db" "sweep SIGINT"
clean "sweep SIGINT" "$TMP"

# ---- sweep: a signal while the chart is drawn ----
db=$TMP/swchart.db
mkdir -p "$TMP/swc"
SLOW_GNUPLOT=1 start sweep "$FAST" --set mission=1h,2h --trials 2000 --db "$db" --quiet --chart "$TMP/swc/sweep.svg"
until_ok gnuplot_started
stop TERM "sweep chart SIGTERM"
expect_rc 143 "sweep chart SIGTERM exits 143"
expect_err "the chart '.*sweep.svg' was not drawn" "sweep chart SIGTERM says the chart was not drawn"
rows_are "$db" "partial = 0" 2 "sweep chart SIGTERM keeps both points"
check "sweep chart SIGTERM leaves no chart" test ! -e "$TMP/swc/sweep.svg"
intact "$db" "sweep chart SIGTERM"
clean "sweep chart SIGTERM" "$TMP/swc"

# ---- sensitivity: in the base run, and while the tornado is drawn ----
db=$TMP/sens.db
start sensitivity "$SLOW" --trials $MANY --threads 2 --db "$db" --quiet
sleep 1
stop TERM "sensitivity SIGTERM"
expect_rc 143 "sensitivity SIGTERM exits 143"
expect_err "interrupted while simulating slow design" "sensitivity SIGTERM says where"
rows_are "$db" "partial = 0" 0 "sensitivity SIGTERM stores no unfinished run as whole"
rows_are "$db" "partial = 1 AND trials >= trials_requested" 0 "sensitivity SIGTERM: a stored base run is partial"
intact "$db" "sensitivity SIGTERM"
clean "sensitivity SIGTERM" "$TMP"

db=$TMP/senschart.db
mkdir -p "$TMP/sc"
SLOW_GNUPLOT=1 start sensitivity "$FAST" --trials 2000 --db "$db" --quiet --chart "$TMP/sc/tornado.svg"
until_ok gnuplot_started
stop HUP "sensitivity chart SIGHUP"
expect_rc 129 "sensitivity chart SIGHUP exits 129"
expect_out 'fast design|h ' "sensitivity chart SIGHUP printed the table first"
rows_are "$db" "partial = 0" 1 "sensitivity chart SIGHUP keeps the base run"
check "sensitivity chart SIGHUP leaves no chart" test ! -e "$TMP/sc/tornado.svg"
intact "$db" "sensitivity chart SIGHUP"
clean "sensitivity chart SIGHUP" "$TMP/sc"

# ---- report FILE...: the first file run and stored, the second interrupted ----
db=$TMP/report.db
start report --out "$TMP/rep1" "$FAST" "$SLOW" --trials $MANY --threads 2 --db "$db" --quiet
until_ok has_rows "$db" 1
sleep 1 # into the second file's run
stop TERM "report run SIGTERM"
expect_rc 143 "report run SIGTERM exits 143"
expect_err "interrupted while running .*slow.yaml: no report written" "report run SIGTERM says no report"
rows_are "$db" "name = 'fast design' AND partial = 0" 1 "report run SIGTERM keeps the finished run"
rows_are "$db" "name = 'slow design' AND partial = 0" 0 "report run SIGTERM stores no unfinished run as whole"
rows_are "$db" "name = 'slow design' AND partial = 1 AND trials > 0" 1 "report run SIGTERM keeps the interrupted run, partial"
check "report run SIGTERM writes no report.md" test ! -e "$TMP/rep1/report.md"
check "report run SIGTERM writes no report.html" test ! -e "$TMP/rep1/report.html"
intact "$db" "report run SIGTERM"
clean "report run SIGTERM" "$TMP/rep1"

# ---- report of stored runs: a signal while a chart is drawn ----
mkdir -p "$TMP/rep2"
echo "an older report" >"$TMP/rep2/report.md"
before=$(rows "$db")
SLOW_GNUPLOT=1 start report --out "$TMP/rep2" --run 1 --db "$db" --quiet
until_ok gnuplot_started
stop INT "report chart SIGINT"
expect_rc 130 "report chart SIGINT exits 130"
expect_err "interrupted: the report was not written" "report chart SIGINT says so"
check "report chart SIGINT keeps the older report.md untouched" grep -q "an older report" "$TMP/rep2/report.md"
check "report chart SIGINT writes no report.html" test ! -e "$TMP/rep2/report.html"
check "report chart SIGINT leaves no half chart" test ! -e "$TMP/rep2/run-1-downtime.svg"
rows_are "$db" "1 = 1" "$before" "report chart SIGINT changes no stored run"
clean "report chart SIGINT" "$TMP/rep2"

# ---- a second signal: nines exits at once, yet leaves nothing behind ----
# Stopped, then sent SIGINT and SIGTERM, then continued: both signals are
# delivered together, so the second handler runs before the first is acted
# upon, with gnuplot still drawing and the report's temporaries open.
# stop2 WHAT: as stop, with the two signals
stop2() {
    kill -STOP "$pid"
    kill -INT "$pid"
    kill -TERM "$pid"
    kill -CONT "$pid"
    i=0
    while alive "$pid" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    if alive "$pid"; then _ko "$1: still running 5 s after two signals"; kill -KILL "$pid"; else _ok; fi
    wait "$pid"
    rc=$?
    case $rc in 130 | 143) _ok ;; *) _ko "$1: exit status $rc, expected 130 or 143" ;; esac
}
mkdir -p "$TMP/twice"
SLOW_GNUPLOT=1 start sensitivity "$FAST" --trials 2000 --no-db --quiet --chart "$TMP/twice/tornado.svg"
until_ok gnuplot_started
stop2 "sensitivity chart, two signals"
check "sensitivity chart, two signals: no chart" test ! -e "$TMP/twice/tornado.svg"
clean "sensitivity chart, two signals" "$TMP/twice"
SLOW_GNUPLOT=1 start report --out "$TMP/twice" --run 1 --db "$db" --quiet
until_ok gnuplot_started
stop2 "report chart, two signals"
check "report chart, two signals: no report.md" test ! -e "$TMP/twice/report.md"
clean "report chart, two signals" "$TMP/twice"

# ---- SIGPIPE: a reader that goes away ----
db=$TMP/pipe.db
{ "$NINES" run "$FAST" --trials 300000 --db "$db" --quiet; echo $? >"$TMP/pipe.rc"; } 2>"$TMP/pipe.err" | true
rc=$(cat "$TMP/pipe.rc"); err=$(cat "$TMP/pipe.err")
expect_rc 0 "run into a closed pipe exits 0"
check "run into a closed pipe prints no error" test ! -s "$TMP/pipe.err"
rows_are "$db" "partial = 0 AND trials = 300000" 1 "run into a closed pipe still stores the run"
out=$({ "$NINES" run "$FAST" --trials 2000 --db "$db" --quiet; echo $? >"$TMP/pipe.rc"; } 2>"$TMP/pipe.err" | head -n 1)
rc=$(cat "$TMP/pipe.rc")
expect_rc 0 "run | head -1 exits 0"
expect_out '^fast design$' "run | head -1 prints the first line"
check "run | head -1 prints no error" test ! -s "$TMP/pipe.err"
out=$("$NINES" history --db "$db" 2>"$TMP/pipe.err" | head -n 1)
expect_out 'id +started' "history | head -1 prints the header"
check "history | head -1 prints no error" test ! -s "$TMP/pipe.err"
"$NINES" history --db "$db" 2>"$TMP/pipe.err" | true # (gone before history writes)
check "history | true prints no error" test ! -s "$TMP/pipe.err"
rows_are "$db" "partial = 0" 2 "the store holds every run after the closed pipes"
intact "$db" "closed pipes"

finish
