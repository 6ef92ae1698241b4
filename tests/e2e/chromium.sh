# The offline HTML views open in headless Chromium without script errors and
# draw the expected graph: the HTML export of the examples store (every
# node of `geokg stats`), the same around one entity, and the report.
# Skipped when Debian's chromium is not installed (scripts/install-deps
# tries to install it).
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || skip "chromium is not installed (apt-get install chromium)"

expect_exit 0 ingest "$SRC/examples"

# Prints the DOM after the page's scripts ran; console messages go to
# $WORK/console.
render() {
  timeout 90 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$WORK/profile" --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "file://$1" 2>"$WORK/console"
}

check_page() {  # label, file, expected node count
  local label=$1 file=$2 want=$3
  render "$file" >"$WORK/dom.html" || fail "$label: chromium failed to render $file"
  python3 - "$WORK/dom.html" "$WORK/console" "$label" "$want" <<'PY' || fail "$label: page check failed"
import re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
console = open(sys.argv[2], encoding="utf-8", errors="replace").read()
label, want = sys.argv[3], int(sys.argv[4])
errors = re.search(r'<pre id="errors">(.*?)</pre>', dom, re.S)
assert errors is not None, f"{label}: the page has no #errors element: scripts did not run?"
assert errors.group(1).strip() == "", f"{label}: script errors: {errors.group(1)!r}"
bad = [l for l in console.splitlines() if "Uncaught" in l or ("CONSOLE" in l and "rror" in l)]
assert not bad, f"{label}: console errors: {bad[:3]}"
drawn = re.findall(r'<svg id="graph"[^>]*data-nodes="(\d+)"', dom)
assert drawn, f"{label}: no drawn graph (svg#graph[data-nodes]) in the DOM"
assert all(int(d) == want for d in drawn), f"{label}: drew {drawn} nodes, expected {want}"
circles = len(re.findall(r'<circle class="node', dom))
assert circles >= want, f"{label}: {circles} node circles in the DOM, expected {want}"
print(f"{label}: {want} nodes drawn, no script errors")
PY
}

expect_exit 0 stats --format json
all_nodes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"])' "$WORK/out")
expect_exit 0 export --format html --out "$WORK/graph.html"
check_page "html export" "$WORK/graph.html" "$all_nodes"

expect_exit 0 entities --format json
hub=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"][0]["name"])' "$WORK/out")
expect_exit 0 stats --format json --around "$hub"
around_nodes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"])' "$WORK/out")
expect_exit 0 export --format html --around "$hub" --out "$WORK/around.html"
check_page "html export around $hub" "$WORK/around.html" "$around_nodes"

if "$GEOKG" report --help >/dev/null 2>&1; then
  expect_exit 0 report --out "$WORK/report"
  check_page "report" "$WORK/report/index.html" "$all_nodes"
fi
echo "PASS"
