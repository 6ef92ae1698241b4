#!/usr/bin/env python3
"""Cold `geokg` processes of several builds (or stores), interleaved.

    python3 bench/cold_ab.py --db DB --runs 7 \
        --bin before=/tmp/geokg-old --bin after=build/geokg [--bin v3=build/geokg@OTHER-DB] \
        --q 'nb=neighbors|United States' --q 'tl=timeline|United States' \
        --q 'path1=path|A|B' --q 'floor=stats'

Each --bin is LABEL=BINARY, optionally @DB for another store (default
--db). Each --q is LABEL=ARG|ARG|..., the command line after `--db DB`.
For every question: one warm-up process per build (its stdout is kept, and
the line says whether every build printed the same bytes), then --runs
rounds of one whole process per build, the order reversed every other
round, so that a change of load hits every build alike. Whole-process wall
time (fork to exit, stdout to /dev/null); prints the median, min and max
per build and the 1-minute load average. Page cache warm: nothing is
dropped.
"""
import argparse
import os
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="store folder (default for every --bin)")
    ap.add_argument("--runs", type=int, default=7, help="timed rounds per question")
    ap.add_argument("--bin", action="append", required=True, help="LABEL=BINARY[@DB]")
    ap.add_argument("--q", action="append", required=True, help="LABEL=ARG|ARG|...")
    args = ap.parse_args()
    builds = []
    for spec in args.bin:
        label, rest = spec.split("=", 1)
        binary, _, db = rest.partition("@")
        builds.append((label, binary, db or args.db))
    questions = []
    for spec in args.q:
        label, rest = spec.split("=", 1)
        questions.append((label, rest.split("|")))

    def load():
        return os.getloadavg()[0]

    def run(binary, db, argv, capture):
        return subprocess.run([binary, "--db", db] + argv,
                              stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)

    print(f"load before {load():.2f}", flush=True)
    for qlabel, argv in questions:
        printed = {run(binary, db, argv, True).stdout for _, binary, db in builds}
        times = {label: [] for label, _, _ in builds}
        for r in range(args.runs):
            for label, binary, db in (builds if r % 2 == 0 else builds[::-1]):
                start = time.perf_counter()
                run(binary, db, argv, False)
                times[label].append((time.perf_counter() - start) * 1000)
        line = f"{qlabel:10s} load {load():.2f} same-output={len(printed) == 1}"
        for label, _, _ in builds:
            t = times[label]
            line += (f" | {label}: median {statistics.median(t):.1f} ms"
                     f" (min {min(t):.1f}, max {max(t):.1f})")
        print(line, flush=True)
    print(f"load after {load():.2f}")


if __name__ == "__main__":
    main()
