#!/usr/bin/env python3
"""tools/cycles.py — `make check-cycles`: no two files of a module call each
other, directly or round a longer circle.

Builds the file-level call graph of each module directory from `nm` on its
objects (BUILD/DIR/*.o): file A -> file B when A has an undefined symbol that
B defines (a function or data with external linkage). Reports every strongly
connected component of more than one file (Tarjan), with the symbols on each
arrow inside it, and exits 1 if there is one. Only arrows inside one
directory are looked at: arrows between modules are the README's code map.

Usage: tools/cycles.py [--build DIR] [MODULE...]
       (default: build, and model data cli study plots montecarlo)
"""
import os
import subprocess
import sys

MODULES = ["model", "data", "cli", "study", "plots", "montecarlo"]


def symbols(obj):
    """(defined, undefined) external symbols of one object file."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True, text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == "U":
            undefined.add(name)
        elif kind in "TDBRGSCVWiu":  # upper case: external linkage
            defined.add(name)
    return defined, undefined


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                elif nxt in on:
                    low[v] = min(low[v], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def check(build, module):
    """Prints the circles of one module; returns how many there are."""
    d = os.path.join(build, module)
    if not os.path.isdir(d):
        print("cycles: %s: no objects (build first)" % d, file=sys.stderr)
        return -1
    objs = sorted(f for f in os.listdir(d) if f.endswith(".o"))
    if not objs:
        print("cycles: %s: no objects (build first)" % d, file=sys.stderr)
        return -1
    files = [o[:-2] + ".c" for o in objs]
    defs, undefs, owner = {}, {}, {}
    for o, f in zip(objs, files):
        defs[f], undefs[f] = symbols(os.path.join(d, o))
        for s in defs[f]:
            owner.setdefault(s, f)
    edges, via = {}, {}
    for f in files:
        for s in undefs[f]:
            g = owner.get(s)
            if g and g != f:
                edges.setdefault(f, set()).add(g)
                via.setdefault((f, g), []).append(s)
    bad = [c for c in sccs(files, edges) if len(c) > 1]
    for c in bad:
        print("cycle in %s/: %s" % (module, " <-> ".join(c)))
        for a in c:
            for b in c:
                if (a, b) in via:
                    print("    %s -> %s: %s" % (a, b, " ".join(sorted(via[(a, b)]))))
    return len(bad)


def main(argv):
    build, mods = "build", []
    i = 0
    while i < len(argv):
        if argv[i] == "--build" and i + 1 < len(argv):
            build = argv[i + 1]
            i += 2
            continue
        mods.append(argv[i])
        i += 1
    total, missing = 0, 0
    for m in mods or MODULES:
        n = check(build, m)
        if n < 0:
            missing += 1
        else:
            total += n
    if missing:
        return 2
    if total:
        print("cycles: %d circle(s) between files; move the shared helpers into a lower file" % total)
        return 1
    print("cycles: no circle between the files of %s" % " ".join(mods or MODULES))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
