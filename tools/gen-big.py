#!/usr/bin/env python3
"""tools/gen-big.py — writes big or hostile topologies for the limits tests
(tests/cli/test_limits.sh, docs/limits.md). Generated at test time into a
temporary folder; nothing big is ever committed.

usage: gen-big.py KIND N OUT
  hosts N      N servers in racks of 40 behind a top-of-rack switch each, and
               4 active-active services (need 1) of 10 servers each in
               different racks (the other servers only exist)
  services N   N services, each active-active (need 1) on 2 of 2N servers, in
               racks of 20 behind shared switches; the system lists all of them
  spread N     4 active-active services (need 1) each on N/4 of N servers
  flat N       N `single` services on one host that never fails (cheap to
               load: for the engine's per-service memory)
  chain N      N hosts each needing the previous one, and N services each
               needing the previous one (a dependency chain N deep)
  inline N     N hosts each with its own inline law, in pairs behind N/2
               active-active services (3N/2 laws: sensitivity ranks each)
  nest-seq N   N levels of [ at `hosts:`
  nest-map N   N levels of {a: at `hosts:`
  comment MB   a valid small topology followed by a comment of MB megabytes
  list MB      a valid topology with a view list of about MB megabytes
  laughs N     a "billion laughs" alias bomb, N levels of 10 aliases each
  aliases N    N aliases of one anchor, one a line (no bomb, just many)
  long-name MB a valid topology whose host name is MB megabytes long
"""
import sys

HEAD = ("format: nines/1\n"
        "name: {name}\n"
        "mission: 1y\n"
        "profiles:\n"
        "  server: {{ fail: 3y, repair: 8h }}\n"
        "  switch: {{ fail: 15y, repair: 4h }}\n"
        "  app: {{ fail: 90d, repair: 2m }}\n")


def hosts(n, out):
    racks = (n + 39) // 40
    out.write(HEAD.format(name="%d hosts" % n))
    out.write("hosts:\n")
    for r in range(racks):
        out.write("  tor%d: { profile: switch }\n" % r)
    for i in range(n):
        out.write("  h%d: { profile: server, needs: [tor%d] }\n" % (i, i // 40))
    out.write("services:\n")
    for s in range(4):
        # 10 hosts in 10 different racks, far apart
        members = ", ".join("h%d" % ((s * 10 + k) * (n // 40)) for k in range(10))
        out.write("  svc%d: { mode: active-active, hosts: [%s], instance: app }\n" % (s, members))
    out.write("system: [svc0, svc1, svc2, svc3]\n")


def services(n, out):
    nh = 2 * n
    out.write(HEAD.format(name="%d services" % n))
    out.write("hosts:\n")
    for r in range((nh + 19) // 20):
        out.write("  sw%d: { profile: switch }\n" % r)
    for i in range(nh):
        out.write("  h%d: { profile: server, needs: [sw%d] }\n" % (i, i // 20))
    out.write("services:\n")
    for s in range(n):
        out.write("  s%d: { mode: active-active, hosts: [h%d, h%d], instance: app }\n"
                  % (s, 2 * s, 2 * s + 1))
    out.write("system: [%s]\n" % ", ".join("s%d" % s for s in range(n)))


def spread(n, out):
    out.write(HEAD.format(name="%d hosts, 4 wide services" % n))
    out.write("hosts:\n")
    for i in range(n):
        out.write("  h%d: { profile: server }\n" % i)
    out.write("services:\n")
    q = n // 4
    for s in range(4):
        members = ", ".join("h%d" % i for i in range(s * q, (s + 1) * q))
        out.write("  svc%d: { mode: active-active, need: %d, hosts: [%s], instance: app }\n"
                  % (s, q // 2, members))
    out.write("system: [svc0, svc1, svc2, svc3]\n")


def flat(n, out):
    out.write(HEAD.format(name="%d flat services" % n))
    out.write("hosts:\n  a: {}\nservices:\n")
    for s in range(n):
        out.write("  s%d: { mode: single, hosts: [a] }\n" % s)
    out.write("system: [s0]\n")


def chain(n, out):
    out.write(HEAD.format(name="chain of %d" % n))
    out.write("hosts:\n  h0: { profile: server }\n")
    for i in range(1, n):
        out.write("  h%d: { profile: server, needs: [h%d] }\n" % (i, i - 1))
    out.write("services:\n  s0: { mode: single, hosts: [h0], instance: app }\n")
    for i in range(1, n):
        out.write("  s%d: { mode: single, hosts: [h%d], instance: app, needs: [s%d] }\n"
                  % (i, i, i - 1))
    out.write("system: [s%d]\n" % (n - 1))


def inline(n, out):
    out.write(HEAD.format(name="%d inline laws" % n))
    out.write("hosts:\n")
    for i in range(n):
        out.write("  h%d: { profile: { fail: %dd, repair: 8h } }\n" % (i, 300 + i))
    out.write("services:\n")
    for s in range(n // 2):
        out.write("  s%d: { mode: active-active, hosts: [h%d, h%d], instance: { fail: 90d, repair: 2m } }\n"
                  % (s, 2 * s, 2 * s + 1))
    out.write("system: [%s]\n" % ", ".join("s%d" % s for s in range(n // 2)))


SMALL = ("hosts:\n  a: { profile: server }\n"
         "services:\n  web: { mode: single, hosts: [a], instance: app }\n"
         "system: [web]\n")


def nest_seq(n, out):
    out.write(HEAD.format(name="deep"))
    out.write("hosts: " + "[" * n + "]" * n + "\n")


def nest_map(n, out):
    out.write(HEAD.format(name="deep"))
    out.write("hosts: " + "{a: " * n + "b" + "}" * n + "\n")


def comment(mb, out):
    out.write(HEAD.format(name="long comment") + SMALL)
    line = "#" + "x" * 1022 + "\n"
    for _ in range(mb * 1024):
        out.write(line)


def biglist(mb, out):
    out.write(HEAD.format(name="long list") + SMALL)
    out.write("views:\n  many: [")
    chunk = ", ".join(["web"] * 2048)   # 10 kB
    for i in range(mb * 100):
        out.write(("" if i == 0 else ", ") + chunk)
    out.write("]\n")


def laughs(n, out):
    out.write(HEAD.format(name="laughs"))
    out.write('x0: &x0 "lol"\n')
    for i in range(1, n + 1):
        out.write("x%d: &x%d [%s]\n" % (i, i, ", ".join(["*x%d" % (i - 1)] * 10)))
    out.write(SMALL)


def aliases(n, out):
    out.write(HEAD.format(name="aliases"))
    out.write('x: &a "lol"\ny:\n')
    for _ in range(n):
        out.write("  - *a\n")
    out.write(SMALL)


def long_name(mb, out):
    name = "h" * (mb * 1024 * 1024)
    out.write(HEAD.format(name="long name"))
    out.write("hosts:\n  %s: { profile: server }\n" % name)
    out.write("services:\n  web: { mode: single, hosts: [%s], instance: app }\n" % name)
    out.write("system: [web]\n")


KINDS = {"hosts": hosts, "services": services, "spread": spread, "chain": chain, "flat": flat, "inline": inline,
         "nest-seq": nest_seq, "nest-map": nest_map, "comment": comment,
         "list": biglist, "laughs": laughs, "aliases": aliases, "long-name": long_name}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in KINDS:
        sys.stderr.write(__doc__)
        sys.exit(1)
    with open(sys.argv[3], "w") as f:
        KINDS[sys.argv[1]](int(sys.argv[2]), f)
