# Bad input is reported file by file (and line by line in feeds) and skipped;
# the good articles are stored; earlier articles survive; unknown names fail
# with a suggestion.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

# An article stored before the bad batch.
mkdir -p "$WORK/before"
cat >"$WORK/before/earlier.txt" <<'TXT'
Germany backs Poland

Wire Published 2 Feb, 2024

BERLIN: German Chancellor Olaf Scholz said on Friday that Germany will support Poland.
TXT
expect_exit 0 ingest --format json "$WORK/before"

in=$WORK/input
mkdir -p "$in"
cat >"$in/good.txt" <<'TXT'
US pledges support for Ukraine

Wire Published 4 Mar, 2024

WASHINGTON: The United States will continue to support Ukraine, US Secretary of State Antony Blinken said on Monday.
TXT
# Binary: NUL bytes and bytes that are never valid UTF-8.
printf '\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe\x00\x10\x80\x00\x00\x00\xc0\xc1' >"$in/binary.txt"
printf 'Russia accuses Ukraine of \xc3\x28 sabotage.\n' >"$in/badutf8.txt"
: >"$in/empty.txt"
cat >"$in/feed.jsonl" <<'JSONL'
{"id": "feed-1", "date": "2024-03-05", "title": "NATO meets", "text": "NATO foreign ministers met in Brussels on Tuesday. NATO said it would support Ukraine."}
{"id": "feed-broken", "date": "2024-03-06", "text": "this line is cut off
{"id": "feed-3", "date": "2024-03-07", "title": "Russia warns", "text": "Russia threatened Moldova on Thursday, the Moldovan government said."}
JSONL

expect_exit 0 ingest --format json "$in" "$WORK/does-not-exist.txt"
expect_json "$WORK/out" "ingest --format json"
cp "$WORK/out" "$WORK/ingest.json"
cp "$WORK/err" "$WORK/ingest.err"

# Each bad input is named on stderr with a reason.
for bad in binary.txt badutf8.txt empty.txt "feed.jsonl:2" does-not-exist.txt; do
  grep -Eq "^geokg ingest: [^ ]*${bad}: .+" "$WORK/ingest.err" || {
    cat "$WORK/ingest.err" >&2
    fail "stderr does not name $bad with a reason"
  }
done
grep -q "good.txt" "$WORK/ingest.err" && fail "the good file was reported as a problem"
grep -Eq "feed.jsonl:(1|3):" "$WORK/ingest.err" && fail "a good feed line was reported"

python3 - "$WORK/ingest.json" <<'PY' || fail "ingest summary"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["articles_read"] == 3, doc
assert doc["added"] == 3, doc
wheres = [p["where"] for p in doc["problems"]]
assert len(doc["problems"]) == 5, wheres
assert all(p["reason"] for p in doc["problems"]), doc["problems"]
assert any(w.endswith("feed.jsonl:2") for w in wheres), wheres
PY

# Three good articles plus the earlier one.
expect_exit 0 stats --format json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["articles"] == 4, s' "$WORK/out" \
  || fail "expected 4 stored articles: $(cat "$WORK/out")"
expect_exit 0 neighbors "Poland" --format json

# Nothing readable at all: exit 1.
expect_exit 1 ingest "$in/empty.txt" "$in/binary.txt"
expect_stderr "no article could be read"

# Unknown names: exit 1, "unknown entity"; a near miss gets a suggestion.
expect_exit 1 neighbors "Nosuchname"
expect_stderr "^geokg neighbors: .*unknown entity"
expect_exit 1 neighbors "Untied States"
expect_stderr "unknown entity"
expect_stderr "did you mean.*United States"
expect_exit 1 show "Untied States"
expect_stderr "^geokg show: .*did you mean"
expect_exit 1 timeline "Nosuchname"
expect_stderr "unknown entity"
expect_exit 1 path "United States" "Nosuchname"
expect_stderr "unknown entity.*Nosuchname"

echo "PASS bad_input"
