# The seed article of ../shared/eval (not part of this repository: its license
# is evaluation only) yields the expected actors, roles and events.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

seed=$SRC/../shared/eval/seed.jsonl
[ -f "$seed" ] || skip "$seed is absent (the shared evaluation data is not checked out)"

expect_exit 0 ingest --format json "$seed"
expect_json "$WORK/out" "ingest seed"

python3 - "$GEOKG" <<'PY' || fail "seed assertions"
import json, subprocess, sys

geokg = sys.argv[1]

class CommandFailed(Exception):
    pass

def run(*args):
    proc = subprocess.run([geokg, *args, "--format", "json"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise CommandFailed(f"geokg {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
    return json.loads(proc.stdout)

failures = []

def expect_edge(subject, relation, obj):
    try:
        doc = run("neighbors", subject, "--direction", "out", "--relation", relation)
    except CommandFailed as e:
        failures.append(str(e))
        return
    hits = [r for r in doc["neighbors"]
            if r["name"] == obj and r["relation"] == relation and r["direction"] == "out"]
    if not hits:
        found = sorted({(r["relation"], r["name"]) for r in doc["neighbors"]})
        failures.append(f"no edge {subject} -{relation}-> {obj}; out-edges: {found}")

expect_edge("Antony Blinken", "represents", "United States")
expect_edge("Vladimir Putin", "represents", "Russia")
expect_edge("Dmytro Kuleba", "represents", "Ukraine")
expect_edge("United States", "support", "Ukraine")
expect_edge("Russia", "assault", "Ukraine")
expect_edge("Ukraine", "request", "NATO")
expect_edge("NATO", "reject", "Ukraine")

def check(label, fn):
    try:
        fn()
    except CommandFailed as e:
        failures.append(f"{label}: {e}")
    except AssertionError as e:
        failures.append(f"{label}: {e}")

def washington():
    # Aliases resolve in any case.
    doc = run("neighbors", "washington")
    assert doc["entity"]["name"] == "United States", f"resolved to {doc['entity']}"

def path():
    steps = run("path", "Antony Blinken", "Vladimir Putin")["path"]
    assert steps, "no steps"
    for step in steps:
        assert step["evidence"].strip(), f"step without evidence: {step}"

def timeline():
    events = run("timeline", "United States")["events"]
    assert any(e["relation"] == "support" and e["object"] == "Ukraine" and e["date"] == "2023-11-30"
               for e in events), "no support -> Ukraine on 2023-11-30 among " + json.dumps(
                   [(e["date"], e["relation"], e["object"]) for e in events])

check("neighbors washington", washington)
check("path Antony Blinken -> Vladimir Putin", path)
check("timeline United States", timeline)

if failures:
    sys.exit("\n".join(["seed: %d failed check(s):" % len(failures)] + failures))
PY

# The GraphML export loads in networkx with the counts of `stats`.
expect_exit 0 export --format graphml --out "$WORK/seed.graphml"
expect_exit 0 stats --format json
cp "$WORK/out" "$WORK/stats.json"
python3 - "$WORK/seed.graphml" "$WORK/stats.json" <<'PY' || fail "networkx round trip"
import json, sys
import networkx
graph = networkx.read_graphml(sys.argv[1])
stats = json.load(open(sys.argv[2]))
assert graph.number_of_nodes() == stats["entities"], (graph.number_of_nodes(), stats)
assert graph.number_of_edges() == stats["triples"], (graph.number_of_edges(), stats)
PY

echo "PASS seed"
