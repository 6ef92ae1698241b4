#!/usr/bin/env python3
"""Interleaved A/B timing of two geokg builds on one store.

    bench/serve_ab.py --db DB --a OLD/geokg --b NEW/geokg [--name HUB]
                      [--runs 21] [--warmup 5] [--cold-runs 5]

Warm: starts `geokg serve` of both builds on the same database (two
read-only opens), sends each `--warmup` requests of
`/neighbors?name=HUB` (or `--path`), then `--runs` rounds of one request to A and one to
B (A first in odd rounds, B first in even ones), and prints the medians of
the server-side time (the X-Geokg-Micros header), the time of each
server's first request, and whether both answered the same bytes.

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
    if response.status != 200:
        sys.exit(f"GET {path}: HTTP {response.status}: {body[:200]!r}")
    return int(response.getheader("X-Geokg-Micros")), body


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
    p.add_argument("--path", default="",
                   help="another request instead, e.g. '/timeline?actor=United%%20States'")
    args = p.parse_args()

    path = args.path or "/neighbors?name=" + urllib.parse.quote(args.name) + args.query
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
        print(f"  same answer bytes: {bodies['A'] == bodies['B']} ({len(bodies['B'])} bytes)")
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


if __name__ == "__main__":
    main()
