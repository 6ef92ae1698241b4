# `geokg ingest --records`: the records of `geokg extract --format jsonl`
# load into the same graph as ingesting the articles directly; a broken line
# is reported as FILE:LINE and the rest loads; loading again changes nothing.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

records=$WORK/records.jsonl
"$GEOKG" extract --format jsonl "$SRC/examples" >"$records" 2>"$WORK/extract.err" \
  || fail "geokg extract failed: $(cat "$WORK/extract.err")"
[ -s "$records" ] || fail "geokg extract wrote no records"

stats() {  # stats DB OUT
  expect_exit 0 stats --db "$1" --format json
  cp "$WORK/out" "$2"
}

expect_exit 0 ingest --db "$WORK/direct" --format json "$SRC/examples"
stats "$WORK/direct" "$WORK/direct.json"

expect_exit 0 ingest --records --db "$WORK/bulk" --format json "$records"
expect_json "$WORK/out" "ingest --records"
cp "$WORK/out" "$WORK/first.json"
stats "$WORK/bulk" "$WORK/bulk.json"
cmp -s "$WORK/direct.json" "$WORK/bulk.json" \
  || fail "stats differ: direct $(cat "$WORK/direct.json") records $(cat "$WORK/bulk.json")"

# Loading the same records again is a no-op, also from stdin.
expect_exit 0 ingest --records --db "$WORK/bulk" --format json - <"$records"
cp "$WORK/out" "$WORK/second.json"
stats "$WORK/bulk" "$WORK/bulk2.json"
cmp -s "$WORK/bulk.json" "$WORK/bulk2.json" || fail "stats changed on re-load"
python3 - "$WORK/first.json" "$WORK/second.json" "$WORK/direct.json" <<'PY' || fail "summaries"
import json, sys
first, second, direct = (json.load(open(p)) for p in sys.argv[1:4])
assert first["articles"] == first["added"] == direct["articles"] > 0, (first, direct)
assert first["triples"] == direct["triples"], (first, direct)
assert first["problems"] == [] and first["seconds"] >= 0, first
assert second["unchanged"] == second["articles"] == first["articles"], second
assert second["added"] == second["replaced"] == second["triples"] == 0, second
PY

# A broken line (line 3) and a triple naming no entity (line 5): reported
# with file and line, the rest of the records loads.
bad=$WORK/bad.jsonl
python3 - "$records" "$bad" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
doc = json.loads(lines[2])["doc"]
stray = {"kind": "triple", "doc": doc, "subject": "Nobody", "relation": "aid", "object": "Nobody"}
out = lines[:2] + ['{"kind": "entity", "doc": '] + lines[2:3] + [json.dumps(stray)] + lines[3:]
open(sys.argv[2], "w").write("\n".join(out) + "\n")
PY
expect_exit 0 ingest --records --db "$WORK/bad" --format json "$bad"
expect_stderr "bad\.jsonl:3: malformed JSON"
expect_stderr "bad\.jsonl:5: triple names \"Nobody\""
cp "$WORK/out" "$WORK/bad-summary.json"
stats "$WORK/bad" "$WORK/bad.json"
python3 - "$WORK/bad-summary.json" "$WORK/bad.json" "$WORK/direct.json" <<'PY' || fail "bad line summary"
import json, sys
summary, stats, direct = (json.load(open(p)) for p in sys.argv[1:4])
wheres = [p["where"] for p in summary["problems"]]
assert len(wheres) == 2 and wheres[0].endswith("bad.jsonl:3") and wheres[1].endswith("bad.jsonl:5"), summary
assert stats["triples"] == direct["triples"], (stats, direct)
assert stats["entities"] == direct["entities"], (stats, direct)
PY

# With --threads 2, a records file of 16 MiB or more is parsed on two threads
# (cli/parallel_records.h): the same database and the same problems, with
# the same line numbers, as the same records read from stdin on one thread.
# The example records are repeated under new article ids, with bad lines
# spread through the file and a last line without a newline.
big=$WORK/big.jsonl
python3 - "$records" "$big" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
out = []
copy = 0
while sum(len(l) + 1 for l in out) < 18 << 20:
    for i, line in enumerate(lines):
        r = json.loads(line)
        for field in ("doc", "id"):
            if field in r:
                r[field] = "c%d-%s" % (copy, r[field])
        out.append(json.dumps(r))
        if copy % 97 == 5 and i == 2:
            out.append('{"kind": "entity", "doc": ')
        if copy % 89 == 7 and i == 1:
            out.append(json.dumps({"kind": "triple", "doc": r.get("doc", r.get("id")),
                                   "subject": "Nobody", "relation": "aid", "object": "Nobody"}))
    copy += 1
out.append(out[-1])  # The last line again, without a newline.
open(sys.argv[2], "w").write("\n".join(out))
PY
expect_exit 0 ingest --records --threads 2 --db "$WORK/big-file" --format json "$big"
cp "$WORK/out" "$WORK/big-file.json"
expect_exit 0 ingest --records --db "$WORK/big-stdin" --format json - <"$big"
cp "$WORK/out" "$WORK/big-stdin.json"
python3 - "$WORK/big-file.json" "$WORK/big-stdin.json" "$big" <<'PY' || fail "big file vs stdin summaries"
import json, sys
f, s = (json.load(open(p)) for p in sys.argv[1:3])
assert f["problems"], f
wheres = [(p["where"].replace(sys.argv[3], "<stdin>"), p["reason"]) for p in f["problems"]]
assert wheres == [(p["where"], p["reason"]) for p in s["problems"]], (wheres[:3], s["problems"][:3])
for key in ("articles", "added", "unchanged", "replaced", "triples"):
    assert f[key] == s[key], (key, f, s)
PY
for db in big-file big-stdin; do
  expect_exit 0 export --db "$WORK/$db" --format graphml --out "$WORK/$db.export"
done
cmp -s "$WORK/big-file.export" "$WORK/big-stdin.export" || fail "big file and stdin exports differ"

# A missing file is a problem, not a crash; no file at all is a usage error.
expect_exit 1 ingest --records --db "$WORK/none" "$WORK/absent.jsonl"
expect_stderr "absent\.jsonl: cannot open"
expect_exit 2 ingest --records --db "$WORK/none"

echo "PASS records"
