# Pins the extraction of a tiny fixture corpus and the resulting store counts
# to golden files. After an intended change in extraction, regenerate them
# with scripts/update-golden and review the diff.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

golden=$SRC/tests/fixtures/golden
for file in extract.jsonl stats.json; do
  [ -f "$golden/$file" ] || fail "missing $golden/$file: run scripts/update-golden"
done

# Article ids of .txt files are their paths: run from the source root with
# the same relative path as scripts/update-golden.
cd "$SRC"
corpus=tests/fixtures/corpus

status=0
"$GEOKG" extract --format jsonl "$corpus" >"$WORK/extract.jsonl" 2>"$WORK/extract.err" || status=$?
[ "$status" -eq 0 ] || { cat "$WORK/extract.err" >&2; fail "geokg extract exited $status"; }
[ -s "$WORK/extract.err" ] && { cat "$WORK/extract.err" >&2; fail "geokg extract reported problems"; }

# Stdin (JSON Lines) gives the same records for the feed's articles.
"$GEOKG" extract --format jsonl <"$corpus/feed.jsonl" >"$WORK/stdin.jsonl" \
  || fail "geokg extract from stdin failed"
[ -s "$WORK/stdin.jsonl" ] || fail "geokg extract from stdin wrote nothing"
python3 - "$WORK/stdin.jsonl" <<'PY' || fail "extract from stdin wrote bad records"
import json, sys
kinds = set()
for line in open(sys.argv[1]):
    record = json.loads(line)
    kinds.add(record["kind"])
    assert record["doc"].startswith("fx-feed-"), record
assert "entity" in kinds, kinds
PY

"$GEOKG" ingest --db "$WORK/db" --format json "$corpus" >/dev/null 2>"$WORK/ingest.err" \
  || { cat "$WORK/ingest.err" >&2; fail "geokg ingest failed"; }
"$GEOKG" stats --db "$WORK/db" --format json >"$WORK/stats.json" || fail "geokg stats failed"

different=0
for file in extract.jsonl stats.json; do
  if ! diff -u "$golden/$file" "$WORK/$file" >"$WORK/$file.diff"; then
    echo "--- $file differs from the golden file (- golden, + current):" >&2
    head -n 200 "$WORK/$file.diff" >&2
    different=1
  fi
done
[ "$different" -eq 0 ] || fail "output differs from golden files; if intended, run scripts/update-golden"

echo "PASS golden"
