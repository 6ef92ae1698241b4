# Every export format of the examples store is read back by a real reader
# (networkx for GraphML and GEXF, Python's json for Cytoscape JSON, csv for
# the Neo4j files, Graphviz's dot for DOT, an XML parser for SVG), and its
# node and edge counts equal `geokg stats` with the same flags: whole,
# filtered, and around one entity. Also: --out replaces a symbolic link
# rather than writing through it, and csv needs a folder.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

command -v dot >/dev/null || skip "graphviz's dot is not installed (scripts/install-deps installs it)"
python3 -c 'import networkx' 2>/dev/null || skip "python3-networkx is not installed"

expect_exit 0 ingest "$SRC/examples"

# Name of the entity with the most edges, for --around.
expect_exit 0 entities --format json
hub=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"][0]["name"])' "$WORK/out")

check_counts() {  # label, then the selecting flags (may be none)
  local label=$1
  shift
  expect_exit 0 stats --format json "$@"
  cp "$WORK/out" "$WORK/stats.json"
  local f
  for f in graphml gexf cyjs dot svg html; do
    expect_exit 0 export --format "$f" --out "$WORK/g.$f" "$@"
  done
  rm -rf "$WORK/csv"
  expect_exit 0 export --format csv --out "$WORK/csv" "$@"
  dot -Tsvg "$WORK/g.dot" -o "$WORK/g.dot.svg" || fail "$label: dot could not read the DOT export"
  python3 - "$WORK" "$label" <<'PY' || fail "$label: an export's read-back disagrees with stats"
import csv, json, sys, xml.etree.ElementTree as ET
import networkx as nx
work, label = sys.argv[1], sys.argv[2]
stats = json.load(open(f"{work}/stats.json"))
want = (stats["entities"], stats["triples"])
got = {}
g = nx.read_graphml(f"{work}/g.graphml")
got["graphml"] = (g.number_of_nodes(), g.number_of_edges())
try:
    g = nx.read_gexf(f"{work}/g.gexf", version="1.3")
except Exception:
    # networkx before 2.8.x-late (Debian 12 ships 2.8.8) knows GEXF up to
    # 1.2draft; 1.3 differs in its namespace, so read it as 1.2draft.
    text = open(f"{work}/g.gexf", encoding="utf-8").read()
    text = text.replace("http://gexf.net/1.3", "http://www.gexf.net/1.2draft").replace(
        'version="1.3"', 'version="1.2"')
    open(f"{work}/g12.gexf", "w", encoding="utf-8").write(text)
    g = nx.read_gexf(f"{work}/g12.gexf")
got["gexf"] = (g.number_of_nodes(), g.number_of_edges())
doc = json.load(open(f"{work}/g.cyjs"))
got["cyjs"] = (len(doc["elements"]["nodes"]), len(doc["elements"]["edges"]))
nodes = list(csv.DictReader(open(f"{work}/csv/nodes.csv", newline="")))
rels = list(csv.DictReader(open(f"{work}/csv/relationships.csv", newline="")))
assert set(nodes[0]) >= {"id:ID", ":LABEL"} if nodes else True, nodes[:1]
ids = {n["id:ID"] for n in nodes}
assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels), "dangling relationship"
got["csv"] = (len(nodes), len(rels))
ns = {"s": "http://www.w3.org/2000/svg"}
t = ET.parse(f"{work}/g.dot.svg")
got["dot"] = (len(t.findall(".//s:g[@class='node']", ns)), len(t.findall(".//s:g[@class='edge']", ns)))
t = ET.parse(f"{work}/g.svg")
got["svg"] = (len(t.findall(".//s:circle[@class='node']", ns)), len(t.findall(".//s:path[@class='edge']", ns)))
html = open(f"{work}/g.html", encoding="utf-8").read()
start = html.index('id="geokg-data">') + len('id="geokg-data">')
data = json.loads(html[start:html.index("</script>", start)])
got["html"] = (len(data["nodes"]), len(data["edges"]))
bad = {k: v for k, v in got.items() if v != want}
assert not bad, f"{label}: stats {want}, exports {bad}"
print(f"{label}: {want[0]} nodes, {want[1]} edges in all 7 formats")
PY
}

check_counts whole
check_counts filtered --relation support,consult,assault,accuse --since 2000-01-01
check_counts around --around "$hub" --depth 2

# Timeline charts: one mark per listed event, one bar per period, as the
# JSON answer has them.
expect_exit 0 timeline "$hub" --format json --by year
cp "$WORK/out" "$WORK/timeline.json"
expect_exit 0 timeline "$hub" --format svg --by year --out "$WORK/timeline.svg"
expect_exit 0 timeline "$hub" --format html --by year --out "$WORK/timeline.html"
python3 - "$WORK" <<'PY' || fail "timeline chart disagrees with the timeline"
import json, sys, xml.etree.ElementTree as ET
work = sys.argv[1]
answer = json.load(open(f"{work}/timeline.json"))
ns = {"s": "http://www.w3.org/2000/svg"}
svg = ET.parse(f"{work}/timeline.svg")
marks = svg.findall(".//s:rect[@class='event']", ns)
bars = svg.findall(".//s:rect[@class='balance']", ns)
assert len(marks) == len(answer["events"]), (len(marks), len(answer["events"]))
assert len(bars) == len(answer["periods"]), (len(bars), len(answer["periods"]))
html = open(f"{work}/timeline.html", encoding="utf-8").read()
assert html.startswith("<!DOCTYPE html>") and html.count("<tr>") == len(answer["events"]) + 1
print(f"timeline: {len(marks)} marks, {len(bars)} periods")
PY
expect_exit 2 timeline "$hub" --out "$WORK/x.txt"

# --out replaces a symbolic link at the target; the file it pointed to is
# untouched.
echo "precious" >"$WORK/precious.txt"
ln -s "$WORK/precious.txt" "$WORK/link.graphml"
expect_exit 0 export --out "$WORK/link.graphml"
[ "$(cat "$WORK/precious.txt")" = "precious" ] || fail "export wrote through a symbolic link"
[ -L "$WORK/link.graphml" ] && fail "the symbolic link was not replaced by the export"
grep -q "<graphml" "$WORK/link.graphml" || fail "the export is not at --out"

# csv names a folder, not stdout; an unknown --around is named with suggestions.
expect_exit 2 export --format csv
grep -q "folder" "$WORK/err" || fail "csv to stdout: no explanation"
expect_exit 1 export --format svg --around "Atlantis Republic"
grep -q "unknown entity" "$WORK/err" || fail "unknown --around entity not named"
expect_exit 2 export --format pdf
grep -q "accepted" "$WORK/err" || fail "unknown format: accepted formats not listed"
ls "$WORK" | grep -q "tmp-" && fail "a temporary file was left behind"
echo "PASS"
