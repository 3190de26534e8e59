#!/bin/sh
# tests/cli/test_compare_panels.sh — the flagship chart's panels (issue 15):
# `compare --chart OUT.svg` writes OUT.svg, OUT-causes.svg and OUT-loss.svg,
# each valid XML (xmllint) holding every design's name; the causes panel lists
# exactly the causes with downtime in the data; the loss panel writes a value
# for a design that loses writes, "0 s: loses nothing" for one that loses
# none (Galera with quorum) and "no replication modelled" for one without
# replication; the same as PNG; and the stderr line names the three files.
. tests/cli/lib.sh
suite compare_panels

cat >"$TMP/plain.yaml" <<'YAML'
format: nines/1
name: plain single host
hosts:
  h: { profile: { fail: 1000h, repair: 1h } }
services:
  s: { mode: single, hosts: [h] }
system: [s]
YAML
set -- tests/cases/loss/async-pair.yaml topologies/mysql/galera.yaml "$TMP/plain.yaml"
SIM="--trials 300 --seed 5 --threads 2 --no-db"
mkdir -p "$TMP/out.d"

run compare "$@" $SIM --chart "$TMP/out.d/flag.svg"
expect_rc 0 "compare --chart exits 0"
expect_err "charts written to $TMP/out.d/flag.svg $TMP/out.d/flag-causes.svg $TMP/out.d/flag-loss.svg" \
    "stderr names the three files (a dot in the folder is not the extension)"
for p in flag flag-causes flag-loss; do
    check "$p.svg written" test -s "$TMP/out.d/$p.svg"
    check "$p.svg is valid XML" xmllint --noout "$TMP/out.d/$p.svg"
    for name in "async pair with a fixed lag" "Galera, 3 nodes" "plain single host"; do
        check "$p.svg names '$name'" grep -qF ">$name<" "$TMP/out.d/$p.svg"
    done
done

# the causes in the data (downtime > 0 in some design) are in the key; the others are not
run compare "$@" $SIM --json
printf '%s\n' "$out" >"$TMP/cmp.json"
present=$(jq -r '[.designs[].downtime_by_cause | to_entries[] | select(.value > 0) | .key] | unique | .[]' "$TMP/cmp.json")
check "the data has several causes (failure, rejoin, common-cause ...)" test "$(printf '%s\n' "$present" | wc -l)" -ge 3
for c in $present; do
    check "causes panel lists '$c'" grep -qF ">$c<" "$TMP/out.d/flag-causes.svg"
done
for c in failure detection crew-wait failover rejoin maintenance change common-cause split-brain; do
    case " $(echo $present) " in *" $c "*) continue ;; esac
    check "causes panel leaves out '$c' (no downtime from it)" sh -c '! grep -qF ">$1<" "$2"' _ "$c" "$TMP/out.d/flag-causes.svg"
done
check "the plain design's single cause is 100% of its bar" grep -qF '>100%<' "$TMP/out.d/flag-causes.svg"
check "each total is written per year" grep -qE '>[0-9.]+ (s|min|h|d)/yr<' "$TMP/out.d/flag-causes.svg"

# the loss panel: the async pair's figure, Galera's 0, the plain design's "not modelled"
async=$(jq -r '.designs[0].data_loss_seconds_per_year' "$TMP/cmp.json")
check "the async pair loses writes" python3 -c 'import sys; assert float(sys.argv[1]) > 1' "$async"
label=$(python3 -c '
import sys
v = float(sys.argv[1])
print(("%.1f" % v).rstrip("0").rstrip(".") if v < 9.95 else "%.0f" % v)' "$async")
check "loss panel writes the async pair's $label s" grep -qF ">$label s<" "$TMP/out.d/flag-loss.svg"
check "loss panel: Galera (quorum) is 0, not a missing bar" grep -qF '>0 s: loses nothing<' "$TMP/out.d/flag-loss.svg"
check "loss panel: a design without replication says so" grep -qF '>no replication modelled<' "$TMP/out.d/flag-loss.svg"
check "loss panel draws the interval" grep -qF '95% interval' "$TMP/out.d/flag-loss.svg"

# PNG too
run compare "$@" $SIM --chart "$TMP/flag.png" --quiet
expect_rc 0 "compare --chart .png exits 0"
for p in flag flag-causes flag-loss; do
    check "$p.png is a PNG" sh -c 'head -c 8 "$1" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a"' _ "$TMP/$p.png"
done
check "--quiet: no line about the charts" sh -c '! printf "%s" "$1" | grep -q "charts written"' _ "$err"

finish
