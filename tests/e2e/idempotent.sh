# Ingesting the same articles twice changes nothing; changing one article's
# text replaces exactly that article.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

corpus=$WORK/corpus
cp -r "$SRC/examples" "$corpus"

stats() {
  expect_exit 0 stats --format json
  cp "$WORK/out" "$WORK/$1"
}

expect_exit 0 ingest --format json "$corpus"
cp "$WORK/out" "$WORK/first.json"
stats stats1.json

expect_exit 0 ingest --format json "$corpus"
cp "$WORK/out" "$WORK/second.json"
stats stats2.json

cmp -s "$WORK/stats1.json" "$WORK/stats2.json" \
  || fail "stats changed on re-ingest: $(cat "$WORK/stats1.json") vs $(cat "$WORK/stats2.json")"
python3 - "$WORK/first.json" "$WORK/second.json" <<'PY' || fail "re-ingest summary"
import json, sys
first, second = (json.load(open(p)) for p in sys.argv[1:3])
assert first["added"] == first["articles_read"] > 0, first
assert second["articles_read"] == first["articles_read"], second
assert second["unchanged"] == second["articles_read"], second
assert second["added"] == 0 and second["replaced"] == 0 and second["triples"] == 0, second
PY

# Change one article: it is replaced, the others are unchanged.
printf '\nGermany and France agreed on Monday to support Georgia, the German government said.\n' \
  >>"$corpus/georgia-nato-2008-08-17.txt"
expect_exit 0 ingest --format json "$corpus"
cp "$WORK/out" "$WORK/third.json"
stats stats3.json

python3 - "$WORK/third.json" "$WORK/stats1.json" "$WORK/stats3.json" <<'PY' || fail "replace summary"
import json, sys
third, before, after = (json.load(open(p)) for p in sys.argv[1:4])
assert third["replaced"] == 1, third
assert third["added"] == 0, third
assert third["unchanged"] == third["articles_read"] - 1, third
assert after["articles"] == before["articles"], (before, after)
assert after["entities"] >= before["entities"], (before, after)
PY

# The store stays consistent: the unfiltered export matches the counts.
expect_exit 0 export --out "$WORK/graph.graphml"
python3 - "$WORK/graph.graphml" "$WORK/stats3.json" <<'PY' || fail "export after replace"
import json, sys
import xml.etree.ElementTree as ET
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[1]).getroot()
stats = json.load(open(sys.argv[2]))
assert len(root.findall(".//g:node", ns)) == stats["entities"], stats
assert len(root.findall(".//g:edge", ns)) == stats["triples"], stats
PY

# Re-ingesting the changed corpus is again a no-op.
expect_exit 0 ingest --format json "$corpus"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["unchanged"] == d["articles_read"], d' \
  "$WORK/out" || fail "second ingest of the changed corpus was not a no-op"
stats stats4.json
cmp -s "$WORK/stats3.json" "$WORK/stats4.json" || fail "stats changed on the last re-ingest"

echo "PASS idempotent"
