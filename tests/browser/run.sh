#!/usr/bin/env bash
# Renders crossdoc-factcheck's HTML report of the bundled example articles in headless Chromium,
# checks the DOM against the JSON report (tests/browser/check_dom.py) at phone and desktop width,
# and saves screenshots to docs/img/. Builds nothing: give it a build directory.
#
#   tests/browser/run.sh BUILD_DIR        e.g. tests/browser/run.sh build/dev
#
# Needs Debian's chromium package (and a Devanagari font such as fonts-lohit-deva or
# fonts-noto-core for the screenshots). Prints "browser: N passed, M failed"; exit status 0 only
# when nothing failed. Set CROSSDOC_BROWSER to use another Chromium binary and
# CROSSDOC_SCREENSHOT_DIR to write the screenshots elsewhere.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:?usage: tests/browser/run.sh BUILD_DIR}"
factcheck="$build/examples/crossdoc-factcheck"
browser="${CROSSDOC_BROWSER:-$(command -v chromium || command -v chromium-browser || true)}"
shots="${CROSSDOC_SCREENSHOT_DIR:-$root/docs/img}"

[ -x "$factcheck" ] || { echo "browser: $factcheck not built" >&2; exit 1; }
[ -n "$browser" ] || { echo "browser: chromium not found (apt-get install chromium)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

articles=("$root"/examples/data/*.txt)
"$factcheck" --json "${articles[@]}" > "$work/report.json"
"$factcheck" --html "${articles[@]}" > "$work/report.html"

# A probe that measures the layout after rendering and leaves its findings in the DOM.
probe='<script>(function(){
document.querySelectorAll("details").forEach(function(d){d.open=true;});
var r={passages:0,stacked:0,side_by_side:0,glyphless:0,
       viewport:document.documentElement.clientWidth,
       scroll_width:document.documentElement.scrollWidth};
document.querySelectorAll("article.passage").forEach(function(p){
  var cols=p.querySelectorAll(".cols > .col"); if(cols.length<2) return; r.passages++;
  var a=cols[0].getBoundingClientRect(), b=cols[1].getBoundingClientRect();
  if(b.top>=a.bottom-1) r.stacked++;
  else if(Math.abs(a.top-b.top)<2 && b.left>=a.right-1) r.side_by_side++;});
document.querySelectorAll("mark.hl").forEach(function(m){
  if(m.textContent.length>0 && m.getBoundingClientRect().width<1) r.glyphless++;});
var pre=document.createElement("pre"); pre.id="layout-probe";
pre.textContent=JSON.stringify(r); document.body.appendChild(pre);})();</script>'
# Headless Chromium will not make a window narrower than 500 px, so the phone-width page is
# rendered in a 390 px iframe of a wrapper page that copies the frame's DOM out for the dump.
python3 - "$work/report.html" "$work/probed.html" "$work/phone.html" "$probe" <<'EOF'
import html, sys
page = open(sys.argv[1], encoding="utf-8").read()
assert page.count("</body>") == 1
# Phones draw scrollbars over the page; so does the probe page, so the viewport is the width.
probed = page.replace("</body>", sys.argv[4] + "\n</body>").replace(
    "</style>", "html{scrollbar-width:none}</style>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(probed)
wrapper = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="phone" style="width:390px;height:2400px;border:0" srcdoc="%s"></iframe>
<textarea id="inner-dom"></textarea>
<script>window.addEventListener("load", function () {
  var d = document.getElementById("phone").contentDocument;
  document.getElementById("inner-dom").textContent =
      "<!DOCTYPE html>\\n" + d.documentElement.outerHTML;
});</script></body></html>""" % html.escape(probed, quote=True)
open(sys.argv[3], "w", encoding="utf-8").write(wrapper)
EOF

chrome() {
  # Chromium logs D-Bus and GPU noise on stderr in containers; keep it out of the way.
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --disable-extensions --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

chrome --window-size=1280,2400 --dump-dom "file://$work/probed.html" > "$work/dom-desktop.html"
chrome --window-size=1280,2400 --dump-dom "file://$work/phone.html" > "$work/dom-phone.html"

status=0
python3 "$here/check_dom.py" "$work/report.json" "$work/dom-desktop.html" "$work/dom-phone.html" \
  || status=$?

mkdir -p "$shots"
chrome --window-size=390,2400 --screenshot="$work/phone.png" "file://$work/report.html" >/dev/null
chrome --window-size=1280,1500 --screenshot="$work/desktop.png" "file://$work/report.html" >/dev/null
# Fewer colours keep the committed images small; skipped when Pillow is not installed.
python3 - "$work/phone.png" "$shots/report-phone.png" "$work/desktop.png" "$shots/report-desktop.png" <<'EOF' || { cp "$work/phone.png" "$shots/report-phone.png"; cp "$work/desktop.png" "$shots/report-desktop.png"; }
import sys
from PIL import Image
for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):
    Image.open(src).convert("RGB").quantize(colors=96, dither=Image.Dither.NONE).save(dst, optimize=True)
EOF
echo "screenshots: $shots/report-phone.png $shots/report-desktop.png" >&2
exit "$status"
