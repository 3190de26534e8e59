#!/bin/sh
# tools/check-report.sh — `make check-report`: the HTML report as a browser
# shows it. Writes a report of two shipped designs (so the side-by-side chart
# is in it too) into a temporary folder, then with headless Chromium:
#
#   1. loads a copy of report.html with a small script put first in <head>
#      that records every error event (a script error, an image or other
#      resource that fails to load) and every console.error call, and on load
#      checks that every <img> has loaded (naturalWidth > 0) and every chart
#      (an outer <svg>) is laid out with a size; --dump-dom gives the result;
#      Chromium's own log (--enable-logging=stderr) is searched for console
#      errors as well;
#   2. takes a 1280x2000 screenshot of report.html itself and checks, by
#      decoding the PNG with python3's zlib, that it is not blank: several
#      distinct colours and some share of pixels that are not the page's
#      white.
#
# Environment: NINES (default ./build/nines), CHROMIUM (default: the first of
# chromium, chromium-browser, google-chrome on PATH), KEEP=1 keeps the folder,
# REPORT=DIR checks the report in DIR instead of writing one.
# Exit 0 when every check passes, 1 when one fails, 2 when Chromium is missing.
set -eu
cd "$(dirname "$0")/.."
NINES=${NINES:-./build/nines}
case $NINES in /*) ;; *) NINES=$PWD/$NINES ;; esac
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "check-report: Chromium is not installed (install the chromium package, or run 'make deps')" >&2
    exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nines-check-report.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    echo "check-report: keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
fi
trap 'exit 1' INT TERM
fail=0
bad() { echo "check-report: FAIL: $*" >&2; fail=1; }
ok() { echo "check-report: ok: $*"; }

# ---- the report (REPORT=DIR checks a report already written instead)
if [ -n "${REPORT:-}" ]; then
    cp -R "$REPORT" "$tmp/report"
else
    "$NINES" report --no-db --quiet --trials 3000 --seed 1 --out "$tmp/report" \
        topologies/mysql/heartbeat-drbd.yaml topologies/openstack/b-three-controllers.yaml \
        >"$tmp/report.log" 2>&1 || { cat "$tmp/report.log" >&2; bad "nines report failed"; exit 1; }
fi
[ -s "$tmp/report/report.html" ] || { bad "no report.html"; exit 1; }
ok "report written ($(ls "$tmp/report" | wc -l) files)"

# ---- 1. errors, images and charts, in a copy with the probe first in <head>
probe='<script>
window.__ninesErrors = [];
window.addEventListener("error", function (e) {
  var t = e.target, what = e.message || (t && (t.src || t.href || t.data)) || "unknown";
  window.__ninesErrors.push("error: " + what);
}, true);
(function () {
  var ce = console.error;
  console.error = function () {
    window.__ninesErrors.push("console.error: " + Array.prototype.join.call(arguments, " "));
    ce.apply(console, arguments);
  };
})();
window.addEventListener("load", function () {
  var r = {images: 0, broken: [], charts: 0, empty: 0, errors: window.__ninesErrors};
  document.querySelectorAll("img").forEach(function (i) {
    r.images++;
    if (!i.complete || i.naturalWidth === 0) r.broken.push(i.getAttribute("src"));
  });
  document.querySelectorAll("svg").forEach(function (s) {
    if (s.parentElement && s.parentElement.closest("svg")) return;
    r.charts++;
    var b = s.getBoundingClientRect();
    if (b.width < 50 || b.height < 50) r.empty++;
  });
  var p = document.createElement("pre");
  p.id = "nines-check";
  p.textContent = "NINES-CHECK " + JSON.stringify(r) + " END";
  document.body.appendChild(p);
});
</script>'
python3 - "$tmp/report/report.html" "$tmp/report/check.html" "$probe" <<'EOF'
import sys
src, dst, probe = sys.argv[1], sys.argv[2], sys.argv[3]
html = open(src, encoding="utf-8").read()
i = html.find("<head>")
if i < 0:
    sys.exit("report.html has no <head>")
i += len("<head>")
open(dst, "w", encoding="utf-8").write(html[:i] + "\n" + probe + "\n" + html[i:])
EOF
flags="--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
 --no-first-run --no-default-browser-check --disable-extensions --mute-audio
 --user-data-dir=$tmp/profile"
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --enable-logging=stderr --v=0 --virtual-time-budget=10000 \
    --dump-dom "file://$tmp/report/check.html" >"$tmp/dom.html" 2>"$tmp/dom.log" ||
    { tail -20 "$tmp/dom.log" >&2; bad "chromium could not load the report"; }
python3 - "$tmp/dom.html" "$tmp/dom.log" <<'EOF' || fail=1
import html, json, re, sys
dom = open(sys.argv[1], encoding="utf-8", errors="replace").read()
log = open(sys.argv[2], encoding="utf-8", errors="replace").read()
m = re.search(r'<pre id="nines-check">NINES-CHECK (\{.*?\}) END</pre>', dom, re.S)
if not m:
    sys.exit("check-report: FAIL: the probe did not report (the page did not finish loading)")
r = json.loads(html.unescape(m.group(1)))
bad = 0
def fail(msg):
    global bad
    print("check-report: FAIL: " + msg, file=sys.stderr)
    bad = 1
for e in r["errors"]:
    fail("the page reported " + e)
# Chromium's log: console messages of level error, and uncaught exceptions
for line in log.splitlines():
    if "CONSOLE" in line and ("Uncaught" in line or ":ERROR:" in line or "Failed to load" in line):
        fail("console: " + line.strip())
if r["broken"]:
    fail("images that did not load: " + ", ".join(map(str, r["broken"])))
if r["charts"] < 3:
    fail("only %d charts in the page" % r["charts"])
if r["empty"]:
    fail("%d charts laid out with no size" % r["empty"])
if not bad:
    print("check-report: ok: no console error; %d images loaded; %d charts laid out"
          % (r["images"], r["charts"]))
sys.exit(bad)
EOF

# ---- 2. a screenshot that is not blank
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --window-size=1280,2000 --screenshot="$tmp/shot.png" \
    "file://$tmp/report/report.html" >"$tmp/shot.log" 2>&1 ||
    { tail -20 "$tmp/shot.log" >&2; bad "chromium could not take a screenshot"; }
python3 - "$tmp/shot.png" <<'EOF' || fail=1
import struct, sys, zlib
def fail(msg):
    sys.exit("check-report: FAIL: " + msg)
try:
    data = open(sys.argv[1], "rb").read()
except OSError:
    fail("no screenshot")
if data[:8] != b"\x89PNG\r\n\x1a\n":
    fail("the screenshot is not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
if depth != 8 or channels is None or interlace:
    fail("unexpected PNG format (depth %d, colour type %d)" % (depth, ctype))
raw, stride = zlib.decompress(idat), w * channels
prev, colours, ink, i = bytearray(stride), set(), 0, 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - channels] if x >= channels else 0
        b = prev[x]
        c = prev[x - channels] if x >= channels else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, channels * 2):  # every other pixel is plenty
        px = bytes(line[x:x + min(channels, 3)])
        colours.add(px)
        if px != b"\xff" * len(px):
            ink += 1
    prev = line
share = ink / (w * h / 2)
if len(colours) < 16 or share < 0.02:
    fail("the screenshot looks blank: %d colours, %.1f%% of pixels not white" % (len(colours), 100 * share))
print("check-report: ok: screenshot %dx%d, %d colours, %.1f%% of pixels not white"
      % (w, h, len(colours), 100 * share))
EOF
if [ "$fail" -ne 0 ]; then
    echo "check-report: FAILED (KEEP=1 keeps the report, the DOM and Chromium's log)" >&2
    exit 1
fi
echo "check-report: passed"
