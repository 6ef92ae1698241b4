# geokg parse: raw text becomes well-formed CoNLL-U; --eval on a tiny gold
# file prints the agreed JSON keys; bad input and bad flags fail cleanly.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

model=$SRC/data/models/en_ewt.gkdp
[ -f "$model" ] || skip "no parser model at $model"
fixture=$SRC/tests/fixtures/parse/tiny.conllu

expect_exit 0 parse --help
grep -q -- "--eval" "$WORK/out" || fail "parse --help does not mention --eval"

# Two sentences from stdin, with the project's sentence splitter.
printf 'Russia invaded Ukraine on Monday. NATO condemned the attack, officials said.\n' >"$WORK/text.txt"
expect_exit 0 parse --model "$model" - <"$WORK/text.txt"
cp "$WORK/out" "$WORK/stdin.conllu"
python3 - "$WORK/stdin.conllu" <<'PY' || fail "parse output is not well-formed CoNLL-U"
import sys
sentences, words, comments = [], [], []
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line.startswith("#"):
        comments.append(line)
    elif line == "":
        if words:
            sentences.append(words)
        words = []
    else:
        cols = line.split("\t")
        assert len(cols) == 10, f"{len(cols)} columns: {line!r}"
        words.append(cols)
assert not words, "last sentence not closed by a blank line"
assert len(sentences) == 2, f"{len(sentences)} sentences"
assert sum(c.startswith("# text = ") for c in comments) == 2
for s in sentences:
    n = len(s)
    assert [int(w[0]) for w in s] == list(range(1, n + 1)), "IDs do not run 1..n"
    heads = [int(w[6]) for w in s]
    assert all(0 <= h <= n for h in heads), heads
    assert heads.count(0) == 1, f"{heads.count(0)} roots"
    assert [w[7] for w in s if w[6] == "0"] == ["root"]
    for w in s:
        assert w[3] in {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
                        "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}, w[3]
    # A head chain never loops: every word reaches the root.
    for i in range(1, n + 1):
        seen, j = set(), i
        while j != 0:
            assert j not in seen, "cycle"
            seen.add(j)
            j = heads[j - 1]
first = [w[1] for w in sentences[0]]
assert first == ["Russia", "invaded", "Ukraine", "on", "Monday", "."], first
# The verb heads the first sentence, its subject is attached to it.
assert sentences[0][1][7] == "root" and sentences[0][0][6] == "2", sentences[0]
assert sentences[0][4][9] == "SpaceAfter=No"
PY

# A file argument gives the same output as stdin.
expect_exit 0 parse --model "$model" "$WORK/text.txt"
cmp -s "$WORK/out" "$WORK/stdin.conllu" || fail "parse FILE differs from parse -"

# Empty input: no sentences, success.
: >"$WORK/empty.txt"
expect_exit 0 parse --model "$model" "$WORK/empty.txt"
[ ! -s "$WORK/out" ] || fail "empty input printed something"

# --eval with the default model location (the source tree's data folder).
expect_exit 0 parse --eval "$fixture" --format json
expect_json "$WORK/out" "parse --eval --format json"
python3 - "$WORK/out" <<'PY' || fail "parse --eval JSON has the wrong shape"
import json, sys
doc = json.load(open(sys.argv[1]))
assert list(doc) == ["upos", "uas", "las", "tokens", "tokens_per_second"], list(doc)
assert doc["tokens"] == 21, doc
for key in ("upos", "uas", "las"):
    assert 0.0 <= doc[key] <= 1.0, doc
assert doc["las"] <= doc["uas"], doc
# Three plain news sentences: a working model gets most of them right.
assert doc["upos"] >= 0.8 and doc["uas"] >= 0.6, doc
assert isinstance(doc["tokens_per_second"], int) and doc["tokens_per_second"] > 0, doc
PY
expect_exit 0 parse --eval "$fixture"
grep -q "^UAS" "$WORK/out" || fail "parse --eval table lacks the UAS row"

# Failures.
expect_exit 1 parse --model "$model" --eval "$WORK/missing.conllu"
expect_stderr "^geokg parse: .*missing.conllu"
printf '1\tword\n' >"$WORK/bad.conllu"
expect_exit 1 parse --model "$model" --eval "$WORK/bad.conllu"
expect_stderr "^geokg parse: .*bad.conllu:1"
expect_exit 1 parse --model "$WORK/no-model.gkdp" "$WORK/text.txt"
expect_stderr "^geokg parse: .*no-model.gkdp"
printf 'not a model' >"$WORK/junk.gkdp"
expect_exit 1 parse --model "$WORK/junk.gkdp" "$WORK/text.txt"
expect_stderr "^geokg parse: .*magic"
expect_exit 1 parse --model "$model" "$WORK/missing.txt"
expect_stderr "^geokg parse: .*missing.txt: cannot read"
expect_exit 2 parse --eval "$fixture" "$WORK/text.txt"
expect_exit 2 parse --format json "$WORK/text.txt"
expect_exit 2 parse --format graphml --eval "$fixture"

# extract with and without the parser: a subject across a relative clause
# ("Israel, which Hamas attacked in October, has bombed Gaza") is read only
# with the tree.
printf '{"id":"t","date":"2023-11-30","title":"t","text":"Israel, which Hamas attacked in October, has bombed Gaza."}\n' >"$WORK/rel.jsonl"
expect_exit 0 extract --format jsonl "$WORK/rel.jsonl"
hamas_attack='"object":"Israel","predicate":"attacked","relation":"assault","sentence":0,"subject":"Hamas"'
grep -q "$hamas_attack" "$WORK/out" ||
  fail "extract did not read Hamas -assault-> Israel off the tree"
expect_exit 0 extract --no-parse --format jsonl "$WORK/rel.jsonl"
grep -q "$hamas_attack" "$WORK/out" && fail "extract --no-parse should not find Hamas's attack"
expect_exit 0 extract --help
grep -q -- "--no-parse" "$WORK/out" || fail "extract --help does not mention --no-parse"

echo "PASS"
