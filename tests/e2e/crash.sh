# Crash safety (issue 7): `geokg ingest` killed with SIGKILL at random moments
# leaves a store that opens, checks clean, and holds each article whole or
# not at all; ingesting again then ends in the state of one clean ingest
# (same stats, same exported edges).
#
# GEOKG_CRASH_KILLS sets the number of kills (default 20).
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v python3 >/dev/null || skip "python3 is required"

kills=${GEOKG_CRASH_KILLS:-20}
articles=${GEOKG_CRASH_ARTICLES:-200}

# A few hundred small articles: sentences of the committed examples and
# fixtures, recombined with varied ids and dates.
python3 - "$SRC" "$WORK/corpus.jsonl" "$articles" <<'PY'
import glob, json, os, random, re, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
sentences = []
for path in sorted(glob.glob(os.path.join(src, "examples", "*.txt")) +
                   glob.glob(os.path.join(src, "tests", "fixtures", "corpus", "*.txt"))):
    text = open(path, encoding="utf-8", errors="ignore").read()
    for s in re.split(r"(?<=[.!?])\s+", text):
        s = " ".join(s.split())
        if 40 <= len(s) <= 300 and s[0].isupper():
            sentences.append(s)
if len(sentences) < 20:
    sentences += ["Russia threatened Ukraine on Monday, the Ukrainian government said.",
                  "Germany said on Tuesday it would support Poland.",
                  "NATO accused Russia of attacks on Georgia, officials said."] * 10
rng = random.Random(11)
with open(out, "w") as f:
    for i in range(n):
        body = " ".join(rng.sample(sentences, min(4, len(sentences))))
        f.write(json.dumps({"id": "crash-%04d" % i,
                            "date": "20%02d-%02d-%02d" % (rng.randint(5, 24), rng.randint(1, 12),
                                                          rng.randint(1, 28)),
                            "title": "Article %d" % i, "text": body}) + "\n")
PY

# edges.py GRAPHML OUT [REF STATS REF_STATS]: writes every exported edge as
# a sorted line, and the triple count per article (edge attribute doc), to
# OUT; with REF, also checks them against the clean reference (each stored
# article has exactly its reference triples, no edge the reference lacks)
# and prints "ARTICLES_STORED ARTICLES_IN_ALL".
cat >"$WORK/edges.py" <<'PY'
import collections, json, sys
import xml.etree.ElementTree as ET
ns = "{http://graphml.graphdrawing.org/xmlns}"
root = ET.parse(sys.argv[1]).getroot()
names = {n.get("id"): (n.findtext(ns + "data[@key='name']") or n.get("id"))
         for n in root.iter(ns + "node")}
lines, per_doc = [], collections.Counter()
for e in root.iter(ns + "edge"):
    data = {d.get("key"): d.text or "" for d in e.findall(ns + "data")}
    per_doc[data.get("doc", "")] += 1
    lines.append("\t".join([names[e.get("source")], names[e.get("target")]] +
                           ["%s=%s" % kv for kv in sorted(data.items())]))
crash = {"edges": sorted(lines), "per_doc": per_doc}
json.dump(crash, open(sys.argv[2], "w"))
if len(sys.argv) > 3:
    ref = json.load(open(sys.argv[3]))
    stats, ref_stats = (json.load(open(p)) for p in sys.argv[4:6])
    for doc, n in per_doc.items():
        assert ref["per_doc"].get(doc) == n, (doc, n, ref["per_doc"].get(doc))
    assert sum(per_doc.values()) == stats["triples"], stats
    assert stats["articles"] <= ref_stats["articles"], stats
    assert set(lines) <= set(ref["edges"]), "an edge the clean ingest does not have"
    print(stats["articles"], ref_stats["articles"])
PY
# edges DB OUT [REF STATS REF_STATS]: exports DB and runs edges.py on it.
edges() {
  local db=$1
  shift
  "$GEOKG" export --db "$db" --format graphml --out "$WORK/export.graphml" 2>/dev/null \
    || fail "export of $db failed"
  python3 "$WORK/edges.py" "$WORK/export.graphml" "$@"
}

# The reference: one clean ingest, timed.
# wait_open DIR PID: waits until process PID holds the store in DIR (it
# writes DIR/geokg.pid once the store is open) or has ended.
wait_open() {
  while [ ! -f "$1/geokg.pid" ] && kill -0 "$2" 2>/dev/null; do sleep 0.01; done
}

# The reference: one clean ingest, timed from the moment the store is open
# (before it, a kill leaves nothing to check; that start-up varies with the
# machine's load).
ref=$WORK/ref
"$GEOKG" ingest --db "$ref" --threads 1 "$WORK/corpus.jsonl" >/dev/null 2>"$WORK/ref.err" &
pid=$!
wait_open "$ref" "$pid"
start=$(date +%s%N)
wait "$pid" || fail "clean ingest failed: $(cat "$WORK/ref.err")"
clean_ms=$((($(date +%s%N) - start) / 1000000))
"$GEOKG" stats --db "$ref" --format json >"$WORK/ref-stats.json"
edges "$ref" "$WORK/ref-edges.json"

survived=0
mid_ingest=0
attempt=0
while [ "$survived" -lt "$kills" ]; do
  attempt=$((attempt + 1))
  [ "$attempt" -le $((kills * 4)) ] || fail "only $survived of $attempt kills left a store"
  # Every other kill starts from an empty store, the others resume the store
  # the previous kill left, so kills land early, late and in resumed runs.
  [ $((attempt % 2)) -eq 1 ] && rm -rf "$DB"
  rm -f "$DB/geokg.pid"  # Left by the previous kill.
  "$GEOKG" ingest --db "$DB" --threads 1 "$WORK/corpus.jsonl" >/dev/null 2>"$WORK/kill.err" &
  pid=$!
  wait_open "$DB" "$pid"
  # A random moment of the run, measured from the open of the store.
  delay_ms=$((RANDOM % (clean_ms + 1)))
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  killed=no
  kill -KILL "$pid" 2>/dev/null && killed=yes
  wait "$pid" 2>/dev/null || true
  [ -f "$DB/CURRENT" ] || continue  # Killed before the store was created.
  expect_exit 0 check --db "$DB"
  expect_exit 0 stats --db "$DB" --format json
  cp "$WORK/out" "$WORK/crash-stats.json"
  # Prints "ARTICLES_STORED ARTICLES_IN_ALL".
  edges "$DB" "$WORK/crash-edges.json" "$WORK/ref-edges.json" "$WORK/crash-stats.json" \
    "$WORK/ref-stats.json" >"$WORK/counts" \
    || fail "kill $attempt (after ${delay_ms} ms): an article is partly stored"
  read -r stored total <"$WORK/counts"
  survived=$((survived + 1))
  if [ "$killed" = yes ] && [ "$stored" -lt "$total" ]; then
    mid_ingest=$((mid_ingest + 1))
  fi
  echo "kill $attempt after ${delay_ms} ms: killed=$killed, $stored of $total articles stored, check ok"
done

# Ingest again to completion: the state of one clean ingest.
expect_exit 0 ingest --db "$DB" --threads 1 "$WORK/corpus.jsonl"
expect_exit 0 check --db "$DB"
"$GEOKG" stats --db "$DB" --format json >"$WORK/final-stats.json"
cmp -s "$WORK/ref-stats.json" "$WORK/final-stats.json" \
  || fail "stats after crashes and a re-ingest differ: $(cat "$WORK/final-stats.json") vs $(cat "$WORK/ref-stats.json")"
edges "$DB" "$WORK/final-edges.json"
python3 - "$WORK/ref-edges.json" "$WORK/final-edges.json" <<'PY' || fail "export differs"
import json, sys
ref, final = (json.load(open(p)) for p in sys.argv[1:3])
assert ref["edges"] == final["edges"], (len(ref["edges"]), len(final["edges"]))
PY
echo "crash: $survived kills survived ($mid_ingest mid-ingest, $attempt kills in all), clean ingest of $articles articles ${clean_ms} ms after the store opened"
echo "PASS crash"
