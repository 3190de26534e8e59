#!/bin/sh
# topologies/demo.sh — what `make demo` runs once nines is built: the flagship
# comparison of MySQL HA designs against the MySQL Performance Blog's 2009
# figures, and the OpenStack control-plane designs, with charts in report/.
#
# Environment: NINES (the binary, default ./nines), OUT (default report),
# TRIALS (histories per design, default 20000: every interval is then well
# inside a tenth of a nine; the whole demo took 266 s on 2 shared
# cores), SEED (default 1).
#
# The MySQL comparison runs each design twice, with operations (maintenance,
# changes that go wrong, detection, common causes, replication) and as
# -failures-only, and draws three charts (docs/store-and-reports.md, "The
# comparison's charts"): mysql-ha.svg (nines over the blog's bands),
# mysql-ha-causes.svg (downtime per year split by cause) and mysql-ha-loss.svg
# (writes lost per year); the same as .png.
set -eu
cd "$(dirname "$0")/.."
NINES=${NINES:-./nines}
OUT=${OUT:-report}
TRIALS=${TRIALS:-20000}
SEED=${SEED:-1}
mkdir -p "$OUT"
DB="$OUT/nines.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
started=$(date +%s)
reports=""
# report DIR N: the Markdown + HTML report of the last N stored runs, when
# this build has `nines report`.
report() {
    if "$NINES" report --help >/dev/null 2>&1; then
        if "$NINES" report --db "$DB" --last "$2" --out "$1" >"$1.log" 2>&1; then
            reports="$reports $1/report.md"
        else
            echo "demo: 'nines report' failed, see $1.log" >&2
        fi
    fi
}
# The blog's rows in its order, then Galera (no row): each design with
# operations, then the same design with failures only.
DESIGNS="replication mmm heartbeat-san heartbeat-san-enterprise heartbeat-drbd ndb galera"
MYSQL=""
for d in $DESIGNS; do
    MYSQL="$MYSQL topologies/mysql/$d.yaml topologies/mysql/$d-failures-only.yaml"
done

echo "== MySQL HA designs against the MySQL Performance Blog (Trudeau, 2009),"
echo "   with operations and with failures only"
echo
# the command, as the README and docs/method.md quote it
printf '$ nines compare \\\n'
for d in $DESIGNS; do
    printf '    topologies/mysql/%s.yaml topologies/mysql/%s-failures-only.yaml \\\n' "$d" "$d"
done
printf '    --reference mysqlperformanceblog-2009 --trials %s --seed %s --chart %s\n' \
    "$TRIALS" "$SEED" "$OUT/mysql-ha.svg"
"$NINES" compare $MYSQL --reference mysqlperformanceblog-2009 \
    --trials "$TRIALS" --seed "$SEED" --db "$DB" --chart "$OUT/mysql-ha.svg" --quiet \
    >"$OUT/mysql-ha.txt"
# the table and its notes (the paired B - A blocks that follow are in the file)
sed '/^paired, B - A/,$d' "$OUT/mysql-ha.txt"
echo "(paired differences against the first design: $OUT/mysql-ha.txt)"
report "$OUT/mysql" 14
echo
echo "== OpenStack control plane: (a) one controller, (b) three controllers, (c) Pacemaker"
echo
"$NINES" compare topologies/openstack/a-single-controller.yaml \
    topologies/openstack/b-three-controllers.yaml topologies/openstack/c-pacemaker-drbd.yaml \
    --trials "$TRIALS" --seed "$SEED" --db "$DB" --chart "$OUT/openstack.svg" --quiet \
    >"$OUT/openstack.txt"
cat "$OUT/openstack.txt"
report "$OUT/openstack" 3

# PNG copies for documents that do not take SVG.
"$NINES" compare $MYSQL --reference mysqlperformanceblog-2009 \
    --trials "$TRIALS" --seed "$SEED" --no-db --chart "$OUT/mysql-ha.png" --quiet >/dev/null

echo
echo "demo: done in $(( $(date +%s) - started )) s ($TRIALS trials per design, seed $SEED)"
echo "demo: tables   $OUT/mysql-ha.txt  $OUT/openstack.txt"
echo "demo: charts   $OUT/mysql-ha.svg         nines per design over the blog's bands"
echo "               $OUT/mysql-ha-causes.svg  downtime per year split by cause"
echo "               $OUT/mysql-ha-loss.svg    writes lost per year"
echo "               (the same as .png: $OUT/mysql-ha.png $OUT/mysql-ha-causes.png $OUT/mysql-ha-loss.png)"
echo "               $OUT/openstack.svg $OUT/openstack-causes.svg $OUT/openstack-loss.svg"
[ -n "$reports" ] && echo "demo: reports $reports (and report.html beside each)"
echo "demo: runs     $DB  (nines history --db $DB)"
echo "demo: method   docs/method.md explains the models and where they differ from the blog"
