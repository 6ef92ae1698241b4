# Actor knowledge across articles and runs (issue 4):
#  - a dated dictionary role resolves on each side of its date boundary;
#  - a title learned in one article resolves the bare surname in a later one,
#    ingested in a separate run;
#  - two people with the same surname stay two entities;
#  - `geokg show` lists the roles with their sources.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

feed1=$WORK/first.jsonl
feed2=$WORK/second.jsonl
cat >"$feed1" <<'JSONL'
{"id": "ban-2005", "date": "2005-06-01", "title": "Seoul", "text": "Foreign Minister Ban Ki-moon met officials in Tokyo on Wednesday."}
{"id": "ban-2010", "date": "2010-06-01", "title": "UN", "text": "Secretary-General Ban Ki-moon met officials in Tokyo on Tuesday."}
{"id": "blinken-1", "date": "2023-11-30", "title": "Brussels", "text": "US Secretary of State Antony Blinken arrived in Brussels on Wednesday."}
{"id": "miliband-1", "date": "2009-01-05", "title": "London", "text": "British Foreign Secretary David Miliband met officials on Monday."}
{"id": "miliband-2", "date": "2012-01-05", "title": "London", "text": "Labour leader Ed Miliband met officials on Monday."}
JSONL
cat >"$feed2" <<'JSONL'
{"id": "blinken-2", "date": "2023-12-05", "title": "Kyiv", "text": "Blinken criticised Russia on Tuesday."}
JSONL

expect_exit 0 ingest --format json "$feed1"
expect_exit 0 ingest --format json "$feed2"

# Roles over time, each with its source.
expect_exit 0 show "Ban Ki-moon" --format json
python3 - "$WORK/out" <<'PY' || fail "show Ban Ki-moon: $(cat "$WORK/out")"
import json, sys
shown = json.load(open(sys.argv[1]))
roles = {r["organisation"]: r for r in shown["roles"]}
assert roles["South Korea"]["first"] == "2005-06-01", roles
assert roles["United Nations"]["first"] == "2010-06-01", roles
assert "dictionary" in roles["United Nations"]["predicate"], roles
assert roles["United Nations"]["doc"] == "ban-2010", roles
PY

expect_exit 0 show "Antony Blinken" --format json
python3 - "$WORK/out" <<'PY' || fail "show Antony Blinken: $(cat "$WORK/out")"
import json, sys
shown = json.load(open(sys.argv[1]))
roles = {r["organisation"]: r for r in shown["roles"]}
us = roles["United States"]
assert us["doc"] == "blinken-1" and "dictionary" not in us["predicate"], roles
PY

# The surname in the later run resolved to the full name, acting for the US.
expect_exit 0 neighbors "United States" --direction out --format json
python3 - "$WORK/out" <<'PY' || fail "later article: $(cat "$WORK/out")"
import json, sys
rows = json.load(open(sys.argv[1]))["neighbors"]
assert any(r["relation"] == "accuse" and r["name"] == "Russia" and r["doc"] == "blinken-2"
           for r in rows), rows
PY
expect_exit 1 show "Blinken criticised"
expect_exit 0 entities --match blinken --format json
python3 - "$WORK/out" <<'PY' || fail "one Blinken: $(cat "$WORK/out")"
import json, sys
listed = json.load(open(sys.argv[1]))
rows = listed["entities"] if isinstance(listed, dict) else listed
names = sorted(r["name"] if "name" in r else r["entity"]["name"] for r in rows)
assert names == ["Antony Blinken"], names
PY

# Two Milibands stay two people.
expect_exit 0 entities --match miliband --format json
python3 - "$WORK/out" <<'PY' || fail "two Milibands: $(cat "$WORK/out")"
import json, sys
listed = json.load(open(sys.argv[1]))
rows = listed["entities"] if isinstance(listed, dict) else listed
names = sorted(r["name"] if "name" in r else r["entity"]["name"] for r in rows)
assert names == ["David Miliband", "Ed Miliband"], names
PY
echo "PASS"
