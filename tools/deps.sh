#!/bin/sh
# tools/deps.sh — install the Debian packages nines needs, only those missing.
# Run as root, or with sudo available. Used by `make deps` and `make demo`.
# `tools/deps.sh mpi` (make deps MPI=1, make deps-mpi) adds Open MPI, for
# make MPI=1 and make test-mpi (docs/cluster.md); CI runs those.
set -eu
missing=""
need_pc() { pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"; }
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
need_pc gsl libgsl-dev
need_pc sqlite3 libsqlite3-dev
need_pc libfyaml libfyaml-dev
need_pc jansson libjansson-dev
need_pc nettle nettle-dev
need_pc cunit libcunit1-dev
command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
command -v dot >/dev/null 2>&1 || missing="$missing graphviz"   # the topology diagram
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
command -v xmllint >/dev/null 2>&1 || missing="$missing libxml2-utils"
command -v jq >/dev/null 2>&1 || missing="$missing jq"   # JSON checks in tests/cli
command -v python3 >/dev/null 2>&1 || missing="$missing python3"   # JSON checks in tests/cli/test_run.sh
# make check-report: the HTML report in headless Chromium (CI runs it)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ||
    command -v google-chrome >/dev/null 2>&1 || missing="$missing chromium"
if [ "${1:-}" = mpi ]; then
    need_pc ompi-c libopenmpi-dev
    command -v mpirun >/dev/null 2>&1 || missing="$missing openmpi-bin"
fi
if [ -z "$missing" ]; then
    echo "deps: everything nines needs is installed"
    exit 0
fi
echo "deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
