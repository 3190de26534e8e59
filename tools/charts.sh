#!/bin/sh
# tools/charts.sh — `make charts`: the gallery of every chart kind, drawn from
# the shipped designs with fixed seeds and modest trials (well under a minute
# on 2 cores), as PNG into docs/img/ (OUT=DIR to draw elsewhere).
#
#   mysql-ha.png             compare: nines per design over the published bands
#                            (the 14 MySQL designs of `make demo`: with operations
#                            and failures only)
#   mysql-ha-causes.png      compare's second panel: downtime per year by cause
#   mysql-ha-loss.png        compare's third panel: writes lost per year
#   designs-all.png          compare of more than 8 designs: sorted horizontal bars
#                            (and its designs-all-causes.png, designs-all-loss.png)
#   sweep-repair.png         sweep of a duration: time on x, downtime beside the nines
#   sweep-failover.png       sweep of a percentage against a second parameter
#   tornado.png              sensitivity: what to improve first
#   report-downtime.png      report: yearly downtime histogram (mean, P95 year)
#   report-outages.png       report: how long an outage lasts (mean and longest)
#   report-services.png      report: downtime by service (9 services: horizontal)
#   report-convergence.png   report: convergence of the estimate
set -eu
cd "$(dirname "$0")/.."
NINES=${NINES:-./build/nines}
OUT=${OUT:-docs/img}
TRIALS=${TRIALS:-20000}
SEED=${SEED:-1}
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
started=$(date +%s)
q="--seed $SEED --quiet"

MYSQL="topologies/mysql/replication.yaml topologies/mysql/mmm.yaml
 topologies/mysql/heartbeat-san.yaml topologies/mysql/heartbeat-san-enterprise.yaml
 topologies/mysql/heartbeat-drbd.yaml topologies/mysql/ndb.yaml topologies/mysql/galera.yaml"
# the flagship as `make demo` runs it: each design, then its -failures-only variant
FLAGSHIP=""
for d in replication mmm heartbeat-san heartbeat-san-enterprise heartbeat-drbd ndb galera; do
    FLAGSHIP="$FLAGSHIP topologies/mysql/$d.yaml topologies/mysql/$d-failures-only.yaml"
done

# shellcheck disable=SC2086
"$NINES" compare $FLAGSHIP --reference mysqlperformanceblog-2009 --trials "$TRIALS" $q --no-db \
    --chart "$OUT/mysql-ha.png" >/dev/null
# shellcheck disable=SC2086
"$NINES" compare $MYSQL topologies/openstack/*.yaml --reference mysqlperformanceblog-2009 \
    --trials $((TRIALS / 4)) $q --no-db --chart "$OUT/designs-all.png" >/dev/null
# shellcheck disable=SC2086
"$NINES" sweep topologies/mysql/heartbeat-drbd.yaml \
    --set 'profiles.server-commodity.repair.mean=30m..3d:log:6' \
    --trials $((TRIALS / 4)) $q --no-db --chart "$OUT/sweep-repair.png" >/dev/null
# shellcheck disable=SC2086
"$NINES" sweep topologies/mysql/heartbeat-drbd.yaml \
    --set 'services.mysql.failover.success=90%,95%,99%,99.9%' \
    --set 'services.mysql.failover.time.mean=30s,2m,10m' \
    --trials $((TRIALS / 4)) $q --no-db --chart "$OUT/sweep-failover.png" >/dev/null
# shellcheck disable=SC2086
"$NINES" sensitivity topologies/openstack/b-three-controllers.yaml --trials $((TRIALS / 10)) $q \
    --no-db --chart "$OUT/tornado.png" >/dev/null
# shellcheck disable=SC2086
"$NINES" report --no-db --trials "$TRIALS" --seed "$SEED" --png --out "$tmp/report" \
    topologies/openstack/b-three-controllers.yaml >/dev/null 2>&1
for kind in downtime outages services convergence; do
    cp "$tmp/report/unstored-1-$kind.png" "$OUT/report-$kind.png"
done
echo "charts: the gallery is in $OUT/ ($(( $(date +%s) - started )) s, seed $SEED, $TRIALS trials)"
