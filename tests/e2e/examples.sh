# The examples/ folder ingests, and every query command answers over it with
# valid JSON.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

expect_exit 0 ingest --format json "$SRC/examples"
expect_json "$WORK/out" "ingest --format json"
cp "$WORK/out" "$WORK/ingest.json"

expect_exit 0 stats --format json
expect_json "$WORK/out" stats
cp "$WORK/out" "$WORK/stats.json"
python3 - "$WORK/ingest.json" "$WORK/stats.json" <<'PY' || fail "stats or ingest summary wrong"
import json, sys
ingest = json.load(open(sys.argv[1]))
stats = json.load(open(sys.argv[2]))
for key in ("entities", "triples", "articles"):
    assert stats[key] > 0, f"stats {key} is {stats[key]}"
assert ingest["articles_read"] == 4, ingest
assert ingest["added"] == 4 and ingest["unchanged"] == 0 and ingest["replaced"] == 0, ingest
assert ingest["problems"] == [], ingest["problems"]
assert stats["articles"] == 4, stats
assert ingest["triples"] == stats["triples"], (ingest, stats)
PY

# Query the best-connected entity and one of its neighbours, whatever they are.
expect_exit 0 entities --format json
expect_json "$WORK/out" entities
top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["entities"][0]["name"])' "$WORK/out")
[ -n "$top" ] || fail "entities returned no entity"

expect_exit 0 neighbors "$top" --format json
expect_json "$WORK/out" "neighbors $top"
next=$(python3 - "$WORK/out" "$top" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["entity"]["name"] == sys.argv[2], doc["entity"]
rows = doc["neighbors"]
assert rows, "the top entity has no neighbours"
for row in rows:
    for key in ("name", "type", "relation", "direction", "depth", "date", "predicate",
                "evidence", "doc", "negated", "confidence"):
        assert key in row, f"neighbors row lacks {key}: {row}"
    assert row["direction"] in ("out", "in"), row
print(next(r["name"] for r in rows if r["name"] != sys.argv[2]))
PY
) || fail "neighbors $top"

expect_exit 0 neighbors "$top" --depth 2 --format json
expect_json "$WORK/out" "neighbors --depth 2"

expect_exit 0 path "$top" "$next" --format json
expect_json "$WORK/out" "path"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["path"]; assert len(p) >= 1 and all(s["evidence"] for s in p), p' \
  "$WORK/out" || fail "path $top -> $next has no steps with evidence"

expect_exit 0 timeline "$top" --format json
expect_json "$WORK/out" timeline
expect_exit 0 timeline "$top" --by year
expect_exit 0 show "$top" --format json
expect_json "$WORK/out" show
expect_exit 0 show "$top"
expect_exit 0 entities --type GPE --format json
expect_json "$WORK/out" "entities --type GPE"
expect_exit 0 neighbors "$top"

# Tables print something for every command.
for cmd in stats entities; do
  expect_exit 0 "$cmd"
  [ -s "$WORK/out" ] || fail "geokg $cmd printed nothing"
done

# Export: a complete GraphML file, counts equal to stats, no temp file left.
expect_exit 0 export --format graphml --out "$WORK/graph.graphml"
expect_stderr "wrote [0-9]+ nodes and [0-9]+ edges"
ls "$WORK" | grep -q 'graph.graphml.tmp-' && fail "export left its temporary file"
python3 - "$WORK/graph.graphml" "$WORK/stats.json" <<'PY' || fail "exported GraphML is wrong"
import json, sys
import xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
stats = json.load(open(sys.argv[2]))
nodes = root.findall(".//g:node", ns)
edges = root.findall(".//g:edge", ns)
assert len(nodes) == stats["entities"], (len(nodes), stats)
assert len(edges) == stats["triples"], (len(edges), stats)
PY

# To stdout as well.
expect_exit 0 export
python3 -c 'import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])' "$WORK/out" \
  || fail "export to stdout is not XML"

echo "PASS examples"
