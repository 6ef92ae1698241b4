# Concurrent use (issue 7): while one `geokg ingest` writes, queries keep
# answering from read-only opens, every answer parses and is consistent
# (counts never decrease; a neighbour row names an entity the store knows),
# a second writer is refused with "in use by process N" and changes nothing,
# and the store checks clean at the end.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v python3 >/dev/null || skip "python3 is required"

articles=${GEOKG_CONCURRENT_ARTICLES:-40000}
python3 - "$WORK/feed.jsonl" "$articles" <<'PY'
import json, sys
actors = ["Russia", "Ukraine", "Germany", "France", "Poland", "NATO", "Moldova", "Georgia",
          "Belarus", "Turkey", "Iran", "Israel"]
verbs = ["threatened", "supported", "accused", "criticized", "praised", "met with"]
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        a, o = actors[i % 12], actors[(i * 5 + 1) % 12]
        if a == o:
            o = "Japan"
        text = "%s %s %s on Monday, officials said. %s said it would support %s." % (
            a, verbs[i % 6], o, o, actors[(i + 3) % 12])
        f.write(json.dumps({"id": "c-%d" % i, "date": "2023-%02d-%02d" % (i % 12 + 1, i % 28 + 1),
                            "text": text}) + "\n")
PY
# A first small ingest so that the names queried below exist.
head -n 50 "$WORK/feed.jsonl" >"$WORK/seed.jsonl"
expect_exit 0 ingest "$WORK/seed.jsonl"

"$GEOKG" ingest --threads 1 "$WORK/feed.jsonl" >"$WORK/ingest.out" 2>"$WORK/ingest.err" &
writer=$!

# The readers: one Python loop runs queries until the writer exits and
# checks every answer. It prints "ANSWERS ROUNDS".
python3 - "$GEOKG" "$DB" "$writer" "$WORK/seed.jsonl" >"$WORK/readers.out" <<'PY' \
  || fail "a query failed or answered inconsistently while the ingest ran"
import json, os, subprocess, sys
geokg, db, writer, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def alive():
    try:
        os.kill(writer, 0)
        return open("/proc/%d/stat" % writer).read().split()[2] != "Z"
    except (OSError, IOError):
        return False

def holder():
    try:
        return int(open(os.path.join(db, "geokg.pid")).read().split()[0])
    except (OSError, IOError, ValueError, IndexError):
        return None

def ask(*args):
    r = subprocess.run([geokg, *args, "--db", db, "--format", "json"], capture_output=True,
                       text=True)
    assert r.returncode == 0, (args, r.returncode, r.stderr[:500])
    return json.loads(r.stdout)  # Raises on a torn or invalid answer.

answers = rounds = 0
prev = {"entities": 0, "triples": 0, "articles": 0}
rows = 0
second_writer = None
while alive():
    rounds += 1
    stats = ask("stats")
    # Counts never decrease, and the neighbours listed a moment ago never
    # outnumber the triples stored now.
    for k in prev:
        assert stats[k] >= prev[k], (k, prev, stats)
    assert rows <= stats["triples"], (rows, stats)
    prev = stats
    doc = ask("neighbors", "Russia")
    assert doc["entity"]["name"] == "Russia", doc["entity"]
    for r in doc["neighbors"]:
        assert r["name"] and r["relation"] and r["doc"], r
    rows = len(doc["neighbors"])
    path = ask("path", "Russia", "Ukraine")
    timeline = ask("timeline", "Ukraine")
    assert isinstance(path, (dict, list)) and isinstance(timeline, (dict, list))
    answers += 4
    # The writer holds the store once it has written its pid beside the
    # RocksDB lock; before that a second writer may rightly get in first.
    if second_writer is None and holder() == writer:
        r = subprocess.run([geokg, "ingest", "--db", db, seed], capture_output=True, text=True)
        if alive():
            assert r.returncode != 0, "a second writer succeeded while an ingest ran"
            want = "in use by process %d" % writer
            assert want in r.stderr, (want, r.stderr[:500])
            second_writer = r.stderr.strip().splitlines()[-1]
assert rounds >= 3, "the ingest ended after %d rounds: make it longer" % rounds
assert second_writer, "no second writer was tried while the ingest ran"
print(answers, rounds)
print(second_writer, file=sys.stderr)
PY
wait "$writer" || {
  cat "$WORK/ingest.err" >&2
  fail "the ingest failed"
}
read -r answers rounds <"$WORK/readers.out"

expect_exit 0 check
expect_exit 0 stats --format json
python3 - "$WORK/out" "$articles" <<'PY' || fail "final stats"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["articles"] == int(sys.argv[2]), doc
PY
echo "concurrent: $answers queries answered in $rounds rounds during one ingest of $articles articles; second writer refused"
echo "PASS concurrent"
