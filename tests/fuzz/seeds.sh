#!/bin/sh
# tests/fuzz/seeds.sh DIR — builds the seed corpus for the topology fuzzer in
# DIR (made afresh): every YAML file under topologies/ and tests/ (the bad-input
# corpus, the cases, the include targets), every regression input in
# tests/fuzz/regress/, and inputs that start with override lines
# ("#set PATH=VALUE", what `nines sweep --set` passes to the loader; the
# framing is described in tests/fuzz/fuzz_topo.h): each example topology with
# a mission override, and a small design with overrides of every kind (a
# duration, a count, a law as a YAML map, a new key, through an alias, a bad
# path, an empty value, ...), and a design with every operations key
# (detect, switchover, maintenance, common-cause) with overrides of them, and
# a design with name ranges, needs-local and views with need, with overrides
# of them. Run from the repository root (mk/fuzz.mk does).
# one with the data-loss keys (replication, split brain) likewise. Run from the
# repository root (mk/fuzz.mk does).
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir"
n=0
for f in $(find topologies tests -name '*.yaml' -type f | sort) $(find tests/fuzz/regress -type f ! -name '*.md' | sort); do
    n=$((n + 1))
    # keep the origin readable in the name; slashes become dashes
    cp "$f" "$dir/$(printf '%04d' "$n")-$(echo "$f" | tr '/' '-')"
done

# every example with overrides that any topology takes
for f in $(find topologies/examples -name '*.yaml' -type f | sort); do
    n=$((n + 1))
    { printf '#set mission=2y\n#set sla=99.9%%\n'; cat "$f"; } \
        >"$dir/$(printf '%04d' "$n")-set-$(basename "$f")"
done

# a small design holding every kind of thing an override can reach
design='format: nines/1
name: overrides
mission: 1y
profiles:
  p: &p { fail: 3y, repair: 8h }
  q: { fail: { dist: weibull, shape: 2, mean: 2y }, repair: 30m }
hosts:
  a: { profile: p }
  b: { profile: q }
  c: { profile: *p }
services:
  s: { mode: active-active, need: 1, hosts: [a, b, c], instance: { fail: 2893h, repair: 2m } }
  d:
    mode: active-passive
    hosts: [a, b]
    failover: { time: 30s, success: 99% }
    resync: { dist: exponential, mean: 20m }
system: [s, d]
views:
  only-s: [s]
'
seed() { # NAME SET-LINES...: the design after the given override lines
    name=$1
    shift
    n=$((n + 1))
    { for l in "$@"; do printf '#set %s\n' "$l"; done; printf '%s' "$design"; } \
        >"$dir/$(printf '%04d' "$n")-set-$name.yaml"
}
seed none
seed mission 'mission=2y'
seed repair 'profiles.p.repair=4h'
seed need 'services.s.need=2'
seed law-map 'profiles.q.fail={dist: lognormal, median: 1y, sigma: 0.5}'
seed law-weibull 'profiles.p.fail={dist: weibull, shape: 2, mean: 1y}'
seed failover 'services.d.failover.success=90%' 'services.d.failover.time={dist: uniform, min: 10s, max: 50s}'
seed new-key 'services.d.standby=cold' 'services.s.instance.repair=1h'
seed hosts-list 'services.s.hosts=[a, b]' 'system=[s]'
seed views 'views.only-s=[d, s]' 'views.new=[d]'
seed through-alias 'hosts.c.profile.repair=1d'
seed many 'mission=10y' 'profiles.p.repair=1h' 'profiles.q.repair=2h' 'services.s.need=3' \
    'services.d.resync.mean=1h' 'hosts.a.profile=q' 'sla=99.99%' 'name=many'
seed bad-path 'profiles.pp.repair=4h'
seed bad-key 'services.s.nede=2'
seed bad-scalar 'mission.x=1'
seed bad-seq 'services.s.hosts.0=a'
seed bad-empty-seg 'profiles..repair=4h'
seed bad-dot-end 'profiles.p.=4h'
seed empty-path '=4h'
seed empty-value 'mission='
seed no-equals 'mission'
seed bad-value 'mission={'
seed bad-alias-value 'mission=*p'
seed anchor-value 'profiles.r=&r {fail: 1y, repair: 1h}'
seed bad-unit 'mission=2 parsecs'
seed negative 'services.s.need=-1'
seed bad-yaml-doc 'name=a: b: c'
seed quoted "name='it''s'"
seed format 'format=nines/2'
seed include 'include=[lib.yaml]' 'hosts.a.profile=server'
seed include-device 'include=[/dev/zero]'
seed root-list 'system=[s, s, d]'
# overrides of profiles that come from included files (held back until the
# file defining the profile is read)
design='format: nines/1
include: [lib.yaml]
profiles:
  own: { fail: 2y, repair: 1h }
hosts:
  a: { profile: server }
  b: { profile: disk }
  c: { profile: switch }
  d: { profile: own }
services:
  s: { mode: quorum, hosts: [a, b, c, d] }
system: [s]
'
seed inc-server 'profiles.server.repair=1h'
seed inc-disk 'profiles.disk.fail.shape=2' 'profiles.disk.repair={dist: fixed, value: 10m}'
seed inc-cycle 'include=[lib.yaml, deep-1.yaml]' 'profiles.deep2.fail.mean=2y'
seed inc-own-and-lib 'profiles.own.repair=2h' 'profiles.switch.fail=10y'
seed inc-unknown 'profiles.sever.repair=1h'
seed inc-new-key 'profiles.server.fail={afr: 3%}' 'profiles.server.extra=1'
seed inc-whole 'profiles.server={fail: 1y, repair: 1h}'
# the operations keys: detect, switchover, maintenance, common-cause
design='format: nines/1
profiles:
  p: { fail: 3y, detect: 15m, repair: 8h }
  q: { fail: 2y, repair: 4h, detect: { dist: fixed, value: 5m } }
hosts:
  a: { profile: p }
  b: { profile: q }
  c: { profile: q }
  e: {}
services:
  d:
    mode: active-passive
    hosts: [a, b]
    instance: { fail: 60d, repair: 2m, detect: 1m }
    failover: { time: 30s, success: 99% }
    switchover: { time: 5s, success: 99.9% }
  s: { mode: quorum, hosts: [a, b, c], instance: { fail: 1y, repair: 1h } }
maintenance:
  patch:
    targets: [e, d]
    every: 30d
    duration: 1h
    start: 5d
    error: 2%
    recovery: { dist: lognormal, mean: 2h, sd: 2h }
  all:
    targets: s
    every: 90d
    duration: { dist: uniform, min: 1h, max: 3h }
    rolling: false
common-cause:
  bug: { targets: [s], law: { fail: 5y, detect: 5m, repair: 30m } }
  power: { targets: [a, e], law: p }
  disks: { targets: [b, c], beta: 5% }
system: [d, s]
'
seed ops-none
seed ops-every 'maintenance.patch.every=7d' 'maintenance.all.rolling=true'
seed ops-too-long 'maintenance.patch.every=1h'
seed ops-error 'maintenance.patch.error=0%' 'maintenance.all.error=150%'
seed ops-beta 'common-cause.disks.beta=50%' 'common-cause.bug.law=q'
seed ops-beta-bad 'common-cause.disks.beta=1' 'common-cause.disks.targets=[a, b]'
seed ops-targets 'maintenance.patch.targets=[d, d, zz]' 'common-cause.power.targets=[]'
seed ops-detect 'profiles.p.detect={dist: weibull, shape: 2, mean: 1h}' 'services.d.switchover.time=0s'
seed ops-unknown 'maintenance.pach.every=7d'
seed ops-new 'maintenance.new={targets: [a], every: 7d, duration: 2h}'
# ranges, needs-local and views with need
design='format: nines/1
profiles:
  p: { fail: 3y, repair: 8h }
hosts:
  tor: { profile: p }
  c[01:04]:
    profile: p
    needs: [tor]
  rack[1:2]-pdu: {}
services:
  net: { mode: active-active, hosts: ["c[01:04]"], instance: { fail: 90d, repair: 5m } }
  vm:
    mode: active-active
    hosts:
      - c[01:04]
    instance: { fail: 1y, repair: 30m }
    needs-local: [net]
  api[1:2]: { mode: single, hosts: [tor] }
maintenance:
  patch: { targets: ["c[03:04]"], every: 30d, duration: 1h }
common-cause:
  power: { targets: ["rack[1:2]-pdu"], law: p }
system: { services: [vm], need: 75% }
views:
  apis: "api[1:2]"
  all: [net, vm, "api[1:2]"]
'
seed ranges-none
seed ranges-need 'system.need=100%' 'views.apis={services: [api1, api2], need: 0.5}'
seed ranges-key 'hosts.c[01:04].profile={fail: 1y, repair: 1h}'
seed ranges-bad 'services.vm.hosts=["c[04:01]", "c[1-2]"]' 'views.all=["c[4:1]", "x[1:99999]"]'
seed ranges-clash 'hosts.c[03:06]={}' 'services.net.hosts=["c[01:03]", "c[1:4]"]'
seed ranges-local 'services.net.needs-local=[vm]' 'services.vm.needs-local=[net, vm, nett]'
seed ranges-need-bad 'system.need=0' 'views.apis={services: [api1], need: 1, x: 2}'
# the data-loss keys: replication (async with a lag, semi-sync, sync) and a
# failover's split brain
design='format: nines/1
hosts: { a: {}, b: {}, c: {} }
services:
  d:
    mode: active-passive
    hosts: [a, b]
    instance: { fail: 60d, repair: 2m }
    replication: { mode: async, lag: { dist: lognormal, mean: 1s, sd: 3s } }
    failover: { time: 30s, success: 99%, split-brain: 0.5%, split-brain-detect: 30m, split-brain-recovery: 1h }
  e:
    mode: active-passive
    hosts: [b, c]
    replication: { mode: semi-sync }
  g:
    mode: quorum
    hosts: [a, b, c]
    instance: { fail: 1y, repair: 1h }
    replication: { mode: sync }
system: [d, e, g]
'
seed repl-none
seed repl-lag 'services.d.replication.lag=250ms' 'services.d.failover.split-brain=0%'
seed repl-mode 'services.e.replication.mode=async' 'services.g.replication.mode=semi-sync'
seed repl-bad 'services.d.replication={mode: sync, lag: 1s}' 'services.e.split-brain-detect=5m'
seed repl-new 'services.e.replication.lag=1s' 'services.e.failover={split-brain-recovery: 2h}'
echo "fuzz: $n seed files in $dir"
