#!/bin/sh
# topologies/demo.sh — what `make demo` runs once nines is built: the flagship
# comparison of MySQL HA designs against the MySQL Performance Blog's 2009
# figures, and the OpenStack control-plane designs, with charts in report/.
#
# Environment: NINES (the binary, default ./nines), OUT (default report),
# TRIALS (histories per design, default 100000: every interval is then well
# inside a tenth of a nine; the whole demo takes well under a minute on 2 cores).
set -eu
cd "$(dirname "$0")/.."
NINES=${NINES:-./nines}
OUT=${OUT:-report}
TRIALS=${TRIALS:-100000}
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
# The blog's rows in its order, then Galera (no row).
MYSQL="topologies/mysql/replication.yaml topologies/mysql/mmm.yaml
 topologies/mysql/heartbeat-san.yaml topologies/mysql/heartbeat-san-enterprise.yaml
 topologies/mysql/heartbeat-drbd.yaml topologies/mysql/ndb.yaml topologies/mysql/galera.yaml"

echo "== MySQL HA designs against the MySQL Performance Blog (Trudeau, 2009)"
echo
"$NINES" compare $MYSQL --reference mysqlperformanceblog-2009 \
    --trials "$TRIALS" --seed "$SEED" --db "$DB" --chart "$OUT/mysql-ha.svg" --quiet \
    >"$OUT/mysql-ha.txt"
cat "$OUT/mysql-ha.txt"
report "$OUT/mysql" 7
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
echo "demo: charts   $OUT/mysql-ha.svg  $OUT/mysql-ha.png  $OUT/openstack.svg"
[ -n "$reports" ] && echo "demo: reports $reports (and report.html beside each)"
echo "demo: runs     $DB  (nines history --db $DB)"
echo "demo: method   docs/method.md explains the models and where they differ from the blog"
