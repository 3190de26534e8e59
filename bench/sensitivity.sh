#!/bin/sh
# bench/sensitivity.sh — part of `make bench` (mk/bench-sensitivity.mk): the
# time of `nines sensitivity` over the time of one `nines run` with the same
# trials, on topologies/openstack/b-three-controllers.yaml (issue 18: at
# most 5x; docs/sensitivity.md, "Cost"). CPU time (user + sys of the
# process and its threads) and wall time, each the best of BENCH_SENS_REPEAT
# runs (default 1: a sensitivity takes half a minute). Not a test: timings
# vary with the load of the machine, CPU time least.
# Environment: NINES (binary), BENCH_SCALE (multiplies the trials, 10,000).
set -u
cd "$(dirname "$0")/.."
: "${NINES:=$PWD/nines}" "${BENCH_SCALE:=1}" "${BENCH_SENS_REPEAT:=1}"
python3 - "$NINES" "$BENCH_SCALE" "$BENCH_SENS_REPEAT" <<'PY'
import os, resource, subprocess, sys, time
nines, scale, repeat = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
design = "topologies/openstack/b-three-controllers.yaml"
trials = str(max(100, int(10000 * scale)))

def timed(cmd):
    """(cpu seconds, wall seconds) of the best of `repeat` runs"""
    best = None
    for _ in range(max(1, repeat)):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        wall = time.monotonic() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        if best is None or cpu < best[0]:
            best = (cpu, wall)
    return best

run = timed([nines, "run", design, "--no-db", "--quiet", "--trials", trials])
sens = timed([nines, "sensitivity", design, "--no-db", "--quiet", "--trials", trials])
print("%-44s %s" % ("sensitivity / run, " + os.path.basename(design),
      "trials %s: run %.2f s CPU (%.2f s wall), sensitivity %.2f s CPU (%.2f s wall): "
      "%.2fx CPU, %.2fx wall (target <= 5x)"
      % (trials, run[0], run[1], sens[0], sens[1], sens[0] / run[0], sens[1] / run[1])))
PY
