# geokg serve answers every endpoint with exactly the JSON of the matching
# command's --format json, maps errors to 404/400, follows a concurrent
# ingest, and stops cleanly on SIGTERM.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"


expect_exit 0 ingest --format json "$SRC/examples"

SERVER=
trap '[ -n "$SERVER" ] && kill -KILL "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
"$GEOKG" serve --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.err" >&2; fail "serve exited at start"; }
  sleep 0.1
done
URL=$(sed -n 's/^geokg serve: listening on \(http:[^ ]*\)$/\1/p' "$WORK/serve.out")
[ -n "$URL" ] || { cat "$WORK/serve.err" >&2; fail "serve printed no address"; }
case "$URL" in http://127.0.0.1:*) ;; *) fail "serve does not bind to 127.0.0.1 by default: $URL" ;; esac

python3 - "$GEOKG" "$URL" "$WORK" <<'PY' || fail "serve answers differ from the CLI"
import json, os, subprocess, sys, time, urllib.error, urllib.parse, urllib.request

geokg, url, work = sys.argv[1:4]

def cli(*args):
    out = subprocess.run([geokg, *args, "--format", "json"], capture_output=True, text=True)
    assert out.returncode == 0, (args, out.returncode, out.stderr)
    return json.loads(out.stdout), out.stdout

def get(path, params=()):
    query = urllib.parse.urlencode(list(params))
    try:
        with urllib.request.urlopen(f"{url}{path}?{query}", timeout=30) as r:
            body, status, headers = r.read().decode(), r.status, r.headers
    except urllib.error.HTTPError as e:
        body, status, headers = e.read().decode(), e.code, e.headers
    micros = headers.get("X-Geokg-Micros")
    assert micros is not None and int(micros) >= 0, (path, dict(headers))
    return status, json.loads(body), body

top = cli("entities", "--limit", "1")[0]["entities"][0]["name"]
rows = cli("neighbors", top)[0]["neighbors"]
near = next(r["name"] for r in rows if r["name"] != top)
far = cli("ego", top, "--depth", "3")[0]["nodes"][-1]["name"]
print(f"serve.sh: top={top!r} near={near!r} far={far!r}")

# (endpoint, query parameters, the same question on the command line)
cases = [
    ("/neighbors", [("name", top)], ["neighbors", top]),
    ("/neighbors", [("name", top.lower()), ("depth", "2"), ("direction", "out"),
                    ("limit", "3")], ["neighbors", top.lower(), "--depth", "2",
                                      "--direction", "out", "--limit", "3"]),
    ("/neighbors", [("name", top), ("relation", "represents"), ("relation", "accuse,support")],
     ["neighbors", top, "--relation", "represents", "--relation", "accuse,support"]),
    ("/path", [("from", top), ("to", far)], ["path", top, far]),
    ("/timeline", [("actor", top), ("by", "year")], ["timeline", top, "--by", "year"]),
    ("/timeline", [("actor", top), ("toward", near)], ["timeline", top, "--toward", near]),
    ("/entities", [], ["entities"]),
    ("/entities", [("type", "PERSON"), ("limit", "3")], ["entities", "--type", "PERSON",
                                                         "--limit", "3"]),
    ("/show", [("name", top)], ["show", top]),
    ("/stats", [], ["stats"]),
    ("/top", [], ["top"]),
    ("/top", [("by", "degree"), ("limit", "5"), ("type", "GPE")],
     ["top", "--by", "degree", "--limit", "5", "--type", "GPE"]),
    ("/components", [], ["components"]),
    ("/components", [("name", near), ("limit", "2")], ["components", near, "--limit", "2"]),
    ("/paths", [("from", top), ("to", far), ("limit", "3")], ["paths", top, far, "--limit", "3"]),
    ("/ego", [("name", top), ("depth", "2")], ["ego", top, "--depth", "2"]),
    ("/ego", [("name", top), ("limit", "2"), ("max-edges", "1")],
     ["ego", top, "--limit", "2", "--max-edges", "1"]),
]
# Each question twice: the second answer comes from serve's read cache.
for path, params, args in cases:
    want, want_text = cli(*args)
    for _ in range(2):
        status, doc, body = get(path, params)
        assert status == 200, (path, params, status, doc)
        assert doc == want, f"{path} {params}:\nserve: {doc}\ncli:   {want}"
        assert body == want_text, f"{path} {params}: same JSON, other bytes"

# Errors: unknown names are 404 with the CLI's suggestion, bad parameters 400.
errors = [
    ("/neighbors", [("name", top + "x")], 404, "unknown entity"),
    ("/path", [("from", top), ("to", "No Such Entity")], 404, "unknown entity"),
    ("/show", [("name", top[:-1])], 404, "did you mean"),
    ("/ego", [("name", "zzzz")], 404, "unknown entity"),
    ("/neighbors", [], 400, "missing parameter 'name'"),
    ("/neighbors", [("name", top), ("depth", "9")], 400, "--depth"),
    ("/neighbors", [("name", top), ("since", "2024-13")], 400, "--since"),
    ("/neighbors", [("name", top), ("bogus", "1")], 400, "unknown parameter 'bogus'"),
    ("/neighbors", [("name", top), ("name", near)], 400, "given 2 times"),
    ("/top", [("by", "closeness")], 400, "--by"),
    ("/paths", [("from", top)], 400, "missing parameter 'to'"),
    ("/stats", [("format", "table")], 400, "unknown parameter 'format'"),
    ("/nowhere", [], 404, "no endpoint"),
]
for path, params, code, text in errors:
    status, doc, _ = get(path, params)
    assert status == code and text in doc.get("error", ""), (path, params, status, doc)

status, health, _ = get("/health")
assert status == 200 and health["status"] == "ok", health

# A concurrent ingest is seen once the database files change.
before = get("/stats")[1]
top_before = get("/neighbors", [("name", top)])[2]
article = os.path.join(work, "new.txt")
with open(article, "w") as f:
    f.write("Published 3 Mar, 2009\n\nThe Kingdom of Tonga accused Fiji of threatening "
            f"its fishing boats. Tonga rejected Fiji's claims. {top} criticized Fiji.\n")
out = subprocess.run([geokg, "ingest", article], capture_output=True, text=True)
assert out.returncode == 0, out.stderr
want = cli("stats")[0]
assert want != before, "the new article added nothing"
deadline = time.time() + 10
while get("/stats")[1] != want:
    assert time.time() < deadline, ("serve did not reopen the database", get("/stats")[1], want)
    time.sleep(0.2)
# After the reopen nothing is answered from what the old store had cached:
# the new article gave the top entity a neighbour.
assert get("/neighbors", [("name", top)])[2] != top_before, "the top entity's answer is stale"
for path, params, args in cases:
    status, doc, body = get(path, params)
    assert status == 200 and body == cli(*args)[1], f"after the ingest, {path} {params} differs"
print("serve.sh: all endpoints agree with the CLI")
PY

kill -TERM "$SERVER"
code=0
wait "$SERVER" || code=$?
SERVER=
[ "$code" -eq 0 ] || { cat "$WORK/serve.err" >&2; fail "serve exited $code on SIGTERM"; }
grep -q "stopped" "$WORK/serve.err" || fail "serve did not report stopping"

# The port must be a number; a busy port is an error, not a crash.
expect_exit 2 serve --port nope
expect_stderr "--port"
echo "PASS"
