#!/bin/sh
# tests/cli/test_check.sh — `nines check`: summaries of valid files, several
# files at once, every error of invalid ones, --help, missing files.
. tests/cli/lib.sh
suite check

V=tests/cases/validation
run check $V/p3-shared-switch.yaml
expect_rc 0 "a valid file"
expect_out "^$V/p3-shared-switch.yaml: ok: \"two web servers behind one switch\" 3 hosts, 1 service, 2 members, 3 laws, mission 10y\$" "one summary line"
check "nothing on stderr for a valid file" test -z "$err"

run check $V/p1-single.yaml $V/p2-quorum-3.yaml $V/p4-active-passive.yaml $V/p5-weibull.yaml
expect_rc 0 "four valid files"
check "one line per file" test "$(printf '%s\n' "$out" | wc -l)" -eq 4
expect_out "p1-single.yaml: ok: .* 1 host, 1 service, 1 member, 1 law, mission 50y" "singular words"
expect_out "p5-weibull.yaml: ok: .* mission 100y" "mission in years"

# the DESIGN.md example
cat >"$TMP/design.yaml" <<'YAML'
format: nines/1
name: OpenStack control plane, three controllers, Galera
mission: 10y
sla: 99.95%
profiles:
  server:  { fail: 3y,  repair: 8h }
  switch:  { fail: 15y, repair: 4h }
  galera:
    fail:   { dist: weibull, shape: 0.8, mean: 120d }
    repair: { dist: lognormal, mean: 20m, sd: 30m }
hosts:
  tor-a: { profile: switch }
  ctl1:  { profile: server, needs: [tor-a] }
  ctl2:  { profile: server, needs: [tor-a] }
  ctl3:  { profile: server, needs: [tor-a] }
services:
  mysql: { mode: quorum, hosts: [ctl1, ctl2, ctl3], instance: galera, rejoin: 10m, bootstrap: 30m }
  keystone:
    mode: active-active
    need: 1
    hosts: [ctl1, ctl2, ctl3]
    instance: { fail: 60d, repair: 2m }
    needs: [mysql]
  vip:
    mode: active-passive
    hosts: [ctl1, ctl2]
    instance: { fail: 1y, repair: 1m }
    failover: { time: 4s, success: 99% }
    standby: hot
system: [vip, keystone, mysql]
views:
  tenant-api: [vip, keystone]
YAML
run check "$TMP/design.yaml"
expect_rc 0 "the DESIGN.md example"
expect_out 'ok: "OpenStack control plane, three controllers, Galera" 4 hosts, 3 services, 8 members, 5 laws, mission 10y' "its summary"

# valid and invalid together: the valid one is summarised, errors of the
# other on stderr, exit 1
run check $V/p1-single.yaml tests/bad/unknown-host.yaml
expect_rc 1 "one invalid file among two"
expect_out "p1-single.yaml: ok:" "the valid file is still summarised"
expect_err "^tests/bad/unknown-host.yaml:12:25: error: unknown host 'ctl4' in services.keystone.hosts \(did you mean 'ctl1'\?\)$" "the invalid file's error, located"

run check tests/bad/many-errors.yaml
expect_rc 1 "several errors"
check "every error of the file is reported (5)" test "$(printf '%s\n' "$err" | wc -l)" -eq 5

run check "$TMP/no-such-file.yaml"
expect_rc 1 "a missing file"
expect_err "^$TMP/no-such-file.yaml: error: cannot read file: no such file or directory\$" "says the file cannot be read"

run check "$TMP"
expect_rc 1 "a directory"
expect_err "is a directory" "says it is a directory"

run check
expect_rc 1 "no file"
expect_err "nines: error: missing FILE" "says FILE is missing"

run check --frobnicate $V/p1-single.yaml
expect_rc 1 "unknown option"
expect_err "unknown option '--frobnicate'" "names the option"

for h in -h --help; do
    run check $h
    expect_rc 0 "$h"
    expect_out "^usage: nines check FILE" "$h prints the usage"
done
for c in check analyze run compare sweep sensitivity report history show; do
    run help $c
    expect_rc 0 "nines help $c"
    expect_out "^usage: nines $c" "nines help $c prints $c's usage"
done
run help frob
expect_rc 1 "nines help of an unknown command"
expect_err "^nines: error: unknown command 'frob' \\(try 'nines --help'\\)$" "names it"
run analyse topologies/examples/single.yaml
expect_rc 1 "a misspelt command"
expect_err "^nines: error: unknown command 'analyse' \\(did you mean 'analyze'\\?\\)$" "suggests the command meant"
run help sweeep
expect_rc 1 "nines help of a misspelt command"
expect_err "^nines: error: unknown command 'sweeep' \\(did you mean 'sweep'\\?\\)$" "suggests it too"
# a misspelt option: the suggestion comes from that command's own --help
while IFS='|' read -r cmd arg want; do
    # shellcheck disable=SC2086
    run $cmd $arg
    expect_rc 1 "nines $cmd $arg"
    expect_err "^nines: error: unknown option '${arg%% *}' for $cmd \\(did you mean '$want'\\?\\)$" "$cmd $arg: did you mean $want"
done <<'EOF'
run|--trails 5|--trials
compare|--treads 2|--threads
sweep|--sett x=1|--set
sensitivity|--chrt x.svg|--chart
report|--outt x|--out
history|--jsno|--json
show|--dbb x|--db
analyze|--jason|--json
check|--hepl|--help
run|--seeed=5|--seed
EOF
run run topologies/examples/single.yaml --zzzzzz
expect_err "^nines: error: unknown option '--zzzzzz' for run \\(try 'nines run --help'\\)$" "no suggestion when nothing is close"
# the options come from each command's table (cli/cli_opts.c): a flag after
# the file, a flag the help does not list, a whole name only, "--" ends them
run run topologies/examples/single.yaml --trails 5
expect_err "^nines: error: unknown option '--trails' for run \\(did you mean '--trials'\\?\\)$" "a misspelt flag after the file"
run compare --no-bd
expect_err "^nines: error: unknown option '--no-bd' for compare \\(did you mean '--no-db'\\?\\)$" "a flag named inside another's help line"
run run --tri 5 topologies/examples/single.yaml
expect_rc 1 "an abbreviated flag"
expect_err "^nines: error: unknown option '--tri' for run" "is refused, not taken for --trials"
run check -- --not-a-flag.yaml
expect_rc 1 "a file after --"
expect_err "^--not-a-flag.yaml: error: " "is a file, not a flag"

# overrides are not check's business, but a topology given twice is two lines
run check $V/p1-single.yaml $V/p1-single.yaml
check "a file given twice is summarised twice" test "$(printf '%s\n' "$out" | wc -l)" -eq 2
finish
