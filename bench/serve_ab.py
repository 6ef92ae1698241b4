#!/usr/bin/env python3
"""Interleaved A/B timing of two geokg builds on one store.

    bench/serve_ab.py --db DB --a OLD/geokg --b NEW/geokg [--name HUB]
                      [--runs 21] [--warmup 5] [--cold-runs 5]
                      [--path REQUEST]... [--paths-file FILE]

Warm: starts `geokg serve` of both builds on the same database (two
read-only opens), sends each `--warmup` requests of
`/neighbors?name=HUB` (or `--path`), then `--runs` rounds of one request to A and one to
B (A first in odd rounds, B first in even ones), and prints the medians of
the server-side time (the X-Geokg-Micros header), the time of each
server's first request, and whether both answered the same bytes.

Several requests (`--path` repeated, or `--paths-file` with one request
per line, e.g. `/path?from=A&to=B` for random pairs): each round sends every
request to A and to B in turn, and the summary gives each build's median
over the requests of their medians, the median of the per-request ratios
A/B, and how many requests got different bytes (status and body) from A
and B. A 404 answer (no path within the bound) is timed and compared like a
200.

Cold: `--cold-runs` rounds of one whole `geokg neighbors HUB` process per
build, alternating, with their wall times' medians.

The 1-minute load average is printed before and after each part.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse


def load():
    return open("/proc/loadavg").read().split()[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, db):
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{binary} serve exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.terminate()
    sys.exit(f"{binary} serve did not listen")


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status not in (200, 404):
        sys.exit(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
    return int(response.getheader("X-Geokg-Micros")), str(response.status).encode() + b" " + body


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--a", required=True, help="the 'before' geokg binary")
    p.add_argument("--b", required=True, help="the 'after' geokg binary")
    p.add_argument("--name", default="United States")
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--cold-runs", type=int, default=5)
    p.add_argument("--query", default="", help="extra query string, e.g. '&limit=10'")
    p.add_argument("--path", action="append", default=[],
                   help="another request instead, e.g. '/timeline?actor=United%%20States'"
                        " (repeatable)")
    p.add_argument("--verbose", action="store_true", help="each request's medians")
    p.add_argument("--paths-file", help="requests, one per line, added to --path")
    args = p.parse_args()

    paths = list(args.path)
    if args.paths_file:
        with open(args.paths_file) as f:
            paths += [line.strip() for line in f if line.strip()]
    if len(paths) > 1:
        return many(args, paths)
    path = paths[0] if paths else "/neighbors?name=" + urllib.parse.quote(args.name) + args.query
    binaries = {"A": args.a, "B": args.b}
    print(f"warm: {path}, load before {load()}")
    servers = {k: start(v, args.db) for k, v in binaries.items()}
    try:
        first, bodies, micros = {}, {}, {"A": [], "B": []}
        for k, (_, port) in servers.items():
            first[k], bodies[k] = get(port, path)
            for _ in range(args.warmup - 1):
                get(port, path)
        for round_ in range(args.runs):
            for k in ("A", "B") if round_ % 2 == 0 else ("B", "A"):
                m, body = get(servers[k][1], path)
                micros[k].append(m)
                if body != bodies[k]:
                    print(f"  {k}: the answer changed between requests")
        for k in ("A", "B"):
            v = sorted(micros[k])
            print(f"  {k} {binaries[k]}: first request {first[k]} us; median {statistics.median(v):.0f} us"
                  f" over {len(v)} (min {v[0]}, max {v[-1]})")
        print(f"  same answer bytes: {bodies['A'] == bodies['B']} ({len(bodies['B'].split(b' ', 1)[1])} bytes)")
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait()
    print(f"  load after {load()}")

    if args.cold_runs > 0:
        print(f"cold: geokg neighbors '{args.name}', load before {load()}")
        walls = {"A": [], "B": []}
        for round_ in range(args.cold_runs):
            for k in ("A", "B") if round_ % 2 == 0 else ("B", "A"):
                t = time.perf_counter()
                subprocess.run([binaries[k], "neighbors", args.name, "--db", args.db],
                               stdout=subprocess.DEVNULL, check=True)
                walls[k].append((time.perf_counter() - t) * 1e3)
        for k in ("A", "B"):
            print(f"  {k}: median {statistics.median(walls[k]):.1f} ms over {len(walls[k])} "
                  f"({', '.join(f'{w:.0f}' for w in walls[k])})")
        print(f"  load after {load()}")


def many(args, paths):
    """Every request of `paths` in each round, to A and B in turn."""
    binaries = {"A": args.a, "B": args.b}
    print(f"warm: {len(paths)} requests, e.g. {paths[0]}; load before {load()}")
    servers = {k: start(v, args.db) for k, v in binaries.items()}
    try:
        first, bodies = {"A": [], "B": []}, {"A": [], "B": []}
        micros = {k: [[] for _ in paths] for k in binaries}
        for k, (_, port) in servers.items():
            for path in paths:  # The first request of each, then the warm-up.
                m, body = get(port, path)
                first[k].append(m)
                bodies[k].append(body)
            for _ in range(args.warmup - 1):
                for path in paths:
                    get(port, path)
        changed = 0
        for round_ in range(args.runs):
            for k in ("A", "B") if round_ % 2 == 0 else ("B", "A"):
                for i, path in enumerate(paths):
                    m, body = get(servers[k][1], path)
                    micros[k][i].append(m)
                    changed += body != bodies[k][i]
        medians = {k: [statistics.median(v) for v in micros[k]] for k in binaries}
        for k in ("A", "B"):
            v = sorted(medians[k])
            print(f"  {k} {binaries[k]}: median over requests of their medians "
                  f"{statistics.median(v):.0f} us (min {v[0]:.0f}, max {v[-1]:.0f}); "
                  f"first requests median {statistics.median(first[k]):.0f} us")
        ratios = [a / b for a, b in zip(medians["A"], medians["B"]) if b > 0]
        if ratios:
            print(f"  A/B per request: median {statistics.median(ratios):.2f}x "
                  f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
        differ = [paths[i] for i in range(len(paths)) if bodies["A"][i] != bodies["B"][i]]
        statuses = sorted({b.split(b" ", 1)[0].decode() for b in bodies["B"]})
        print(f"  requests with different answer bytes: {len(differ)} of {len(paths)}"
              f" (statuses seen: {', '.join(statuses)}); answers that changed between"
              f" requests: {changed}")
        for path in differ[:5]:
            print(f"    differs: {path}")
        if args.verbose:
            for i, path in enumerate(paths):
                print(f"    {medians['A'][i]:9.0f} {medians['B'][i]:9.0f}  {path}")
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait()
    print(f"  load after {load()}")


if __name__ == "__main__":
    main()
