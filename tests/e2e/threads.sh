# --threads N gives the output of --threads 1: the same extract output (in
# input order, every format), the same problems, and an ingest with the same
# stats and export. Also on a feed where every second article needs the
# actor memory of the one before it (the parallel path must then redo it).
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

cd "$SRC"

# Pairs of articles: the first introduces an official with a role, the next
# names only the surname, which resolves (and speaks for the state) through
# the actor memory only.
python3 - "$WORK/memory.jsonl" <<'PY'
import json, sys
surnames = ["Kovali", "Brandt", "Oyelaran", "Sandoval", "Lindqvist", "Moreau", "Tanaka",
            "Petrov", "Haddad", "Okafor", "Novak", "Ferreira", "Castellan", "Iverson",
            "Mbeki", "Rahimi", "Dubois", "Kowalski", "Yilmaz", "Andersen"]
states = [("US", "United States"), ("Turkish", "Turkey"), ("French", "France"),
          ("German", "Germany"), ("Japanese", "Japan")]
targets = ["Ukraine", "Israel", "Iran", "Egypt", "Poland", "China"]
with open(sys.argv[1], "w") as out:
    for i, surname in enumerate(surnames):
        adjective, state = states[i % len(states)]
        target = targets[i % len(targets)]
        day = 1 + i % 27
        out.write(json.dumps({
            "id": f"m-{i:02d}-a", "date": f"2024-03-{day:02d}", "title": "Visit",
            "text": f"{adjective} Foreign Minister Elena {surname} met officials in Geneva on Monday."}) + "\n")
        out.write(json.dumps({
            "id": f"m-{i:02d}-b", "date": f"2024-03-{day + 1:02d}", "title": "Talks",
            "text": f"{surname} criticised {target} on Tuesday. {surname} said the talks would go on."}) + "\n")
PY
python3 bench/make_corpus.py articles --count 60 --seed 7 --out "$WORK/generated.jsonl" \
  || fail "make_corpus.py failed"

# The memory feed exercises the memory: the surname-only articles resolve.
"$GEOKG" extract --threads 1 --format jsonl "$WORK/memory.jsonl" >"$WORK/memory.1" \
  || fail "extract --threads 1 failed"
python3 - "$WORK/memory.1" <<'PY' || fail "the memory feed does not exercise the actor memory"
import json, sys
resolved = set()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["kind"] == "entity" and r["doc"].endswith("-b") and r["name"].startswith("Elena "):
        resolved.add(r["doc"])
assert len(resolved) >= 15, sorted(resolved)
PY

for input in examples tests/fixtures/corpus "$WORK/memory.jsonl" "$WORK/generated.jsonl"; do
  formats="jsonl table json"
  case $input in "$WORK"/*) formats=jsonl ;; esac  # The larger feeds: one format.
  for format in $formats; do
    for threads in 1 4; do
      "$GEOKG" extract --threads "$threads" --format "$format" "$input" \
        >"$WORK/x.$threads" 2>"$WORK/x.$threads.err" \
        || fail "extract --threads $threads --format $format $input failed"
    done
    [ -s "$WORK/x.1" ] || fail "extract --format $format $input wrote nothing"
    cmp -s "$WORK/x.1" "$WORK/x.4" || {
      diff "$WORK/x.1" "$WORK/x.4" | head -n 40 >&2
      fail "extract --format $format $input: --threads 4 differs from --threads 1"
    }
    cmp -s "$WORK/x.1.err" "$WORK/x.4.err" || fail "extract $input: stderr differs between thread counts"
  done
done

# Bad lines keep their place and name FILE:LINE, whatever the thread count.
{
  head -n 6 "$WORK/memory.jsonl"
  echo '{"id": "broken", "text": '
  sed -n 7,12p "$WORK/memory.jsonl"
  echo '{"id": "no-text"}'
  sed -n 13,20p "$WORK/memory.jsonl"
} >"$WORK/bad.jsonl"
for threads in 1 4; do
  expect_exit 0 extract --threads "$threads" --format json "$WORK/bad.jsonl"
  expect_stderr "bad.jsonl:7: "
  expect_stderr "bad.jsonl:14: "
  cp "$WORK/out" "$WORK/bad.$threads"
  cp "$WORK/err" "$WORK/bad.$threads.err"
done
cmp -s "$WORK/bad.1" "$WORK/bad.4" || fail "extract with bad lines: --threads 4 differs"
cmp -s "$WORK/bad.1.err" "$WORK/bad.4.err" || fail "extract with bad lines: stderr differs"

# Bad values are usage errors naming the flag.
for value in 0 -1 abc 100000; do
  expect_exit 2 extract --threads "$value" examples
  expect_stderr "--threads"
  expect_exit 2 ingest --db "$WORK/never" --threads "$value" examples
  expect_stderr "--threads"
done
[ ! -e "$WORK/never" ] || fail "ingest with a bad --threads created a database"

# Ingest: same summary, stats and graph with 1 and 2 threads.
for threads in 1 2; do
  db=$WORK/db.$threads
  expect_exit 0 ingest --db "$db" --threads "$threads" --format json examples \
    tests/fixtures/corpus "$WORK/memory.jsonl" "$WORK/bad.jsonl" "$WORK/generated.jsonl"
  cp "$WORK/out" "$WORK/ingest.$threads.json"
  cp "$WORK/err" "$WORK/ingest.$threads.err"
  expect_exit 0 stats --db "$db" --format json
  cp "$WORK/out" "$WORK/stats.$threads.json"
  expect_exit 0 export --db "$db" --out "$WORK/graph.$threads.graphml"
done
python3 - "$WORK/stats.1.json" <<'PY' || fail "ingest stored nothing"
import json, sys
stats = json.load(open(sys.argv[1]))
assert stats["articles"] >= 100 and stats["triples"] > 0, stats
PY
for file in ingest.%.json ingest.%.err stats.%.json graph.%.graphml; do
  one=$WORK/${file/\%/1}
  two=$WORK/${file/\%/2}
  cmp -s "$one" "$two" || {
    diff "$one" "$two" | head -n 40 >&2
    fail "ingest --threads 2: $file differs from --threads 1"
  }
done

echo "PASS threads"
