#!/usr/bin/env python3
"""The scale benchmark of issue 5 ("ten million triples on one machine"),
run by `bench/run --size scale` after it has built geokg and geokg_bench.

For each size (default 1M and 10M triples; entities = triples/20) it
measures, on one machine in one run:

  ingest     `geokg ingest --records FILE --db DIR` (CLI wall time, triples/s),
             or, when that flag does not exist yet, the PutArticle path of
             `geokg_bench ingest` to build the store (labelled as such)
  rocks-sst  raw RocksDB SST ingest of the same four keys per triple
             (`geokg_bench rocks-sst`): the ceiling the ingest is compared with
  sqlite     SQLite 3 with indexes on the same records (`geokg_bench sqlite`):
             load, then warm 1-hop / 2-hop / timeline of the hub, shortest
             path of random pairs, export scan
  snapshot   graph.csr size per edge, map time and build time
             (`geokg_bench snapshot`), when the snapshot exists in the tree
  cold       one `geokg` process per query (page cache warm): neighbors of
             the hub (depth 1 and 2), path between the SQLite bench's random
             pairs, timeline of the hub, GraphML export to stdout
  warm       HTTP requests to `geokg serve` when that command exists

and once, on >= 20 MB of articles, `geokg extract --threads 1|2 --format
jsonl` words/s (or, without --threads, the in-process `geokg_bench
extract`). Prints one table per size with the SQLite ratio and the issue's
targets, then a growth table (largest size / smallest size), and writes every
JSON report plus summary.json to the results folder.

Figures are medians; cold figures are process wall times including start-up.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

TARGETS_AT = 10_000_000  # The issue states its targets at 10M triples.


def log(message):
    print(message, flush=True)


def settle():
    """Writes dirty pages out before a timed load: the previous stage wrote
    gigabytes at 10M, and their writeback would otherwise run during the
    next stage's measurement (session 11: 29.2 s against 25.9-27.5 s)."""
    os.sync()


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def human(value, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if value == 0 or abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def size_label(n):
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


class Runner:
    def __init__(self, args):
        self.args = args
        self.geokg = os.path.join(args.build_dir, "geokg")
        self.bench = os.path.join(args.build_dir, "geokg_bench")
        self.work = args.work_dir
        self.results = os.path.join(args.work_dir, "results-scale")
        os.makedirs(self.results, exist_ok=True)
        self.summary = {"machine": self.machine(), "sizes": {}, "features": {},
                        "extract": None, "notes": []}

    # ------------------------------------------------------------ helpers ---

    def machine(self):
        cpu = "unknown"
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kib = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
        repo = self.args.repo
        commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "-C", repo, "diff", "--quiet", "HEAD", "--"],
                               capture_output=True).returncode != 0
        return {"cpu": cpu, "nproc": os.cpu_count(), "memory_gib": round(mem_kib / 1048576, 1),
                "kernel": os.uname().sysname + " " + os.uname().release,
                "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "commit": commit + (" (plus uncommitted changes)" if dirty else ""),
                "build_dir": self.args.build_dir, "load_at_start": load_average()}

    def time_process(self, cmd, stdout=subprocess.DEVNULL):
        """Runs cmd once; (wall seconds, exit code, peak RSS bytes, stderr)."""
        with tempfile.TemporaryFile() as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=stdout, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
        return wall, proc.returncode, usage.ru_maxrss * 1024, text

    def bench_json(self, name, cmd):
        """Runs a geokg_bench subcommand with --format json; the parsed
        document (also saved as results-scale/NAME.json), or None with the
        reason printed."""
        log(f"  $ {' '.join(cmd)}")
        start = time.perf_counter()
        proc = subprocess.run(cmd + ["--format", "json"], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            log(f"  -> failed ({proc.returncode}) in {seconds:.1f} s: {proc.stderr.strip()[-400:]}")
            return None
        doc = json.loads(proc.stdout)
        doc["load_after"] = load_average()
        doc["process_seconds"] = seconds
        with open(os.path.join(self.results, name + ".json"), "w") as out:
            json.dump(doc, out, indent=2)
        log(f"  -> {seconds:.1f} s, load {doc['load_after']}")
        return doc

    def saved(self, name):
        path = os.path.join(self.results, name + ".json")
        if os.path.exists(path):
            with open(path) as f:
                return json.load(f)
        return None

    @staticmethod
    def metric(doc, name, unit=None):
        if not doc:
            return None
        for m in doc["metrics"]:
            if m["name"] == name and (unit is None or m["unit"] == unit):
                return m["value"]
        return None

    def help_text(self, *command):
        proc = subprocess.run([self.geokg, *command, "--help"], capture_output=True, text=True)
        return proc.returncode, proc.stdout + proc.stderr

    def probe(self):
        code, text = self.help_text("ingest")
        records = code == 0 and "--records" in text
        code, text = self.help_text("extract")
        threads = code == 0 and "--threads" in text
        code, serve_help = self.help_text("serve")
        serve = code == 0 and "unknown command" not in serve_help
        features = {"ingest --records": records, "extract --threads": threads, "serve": serve}
        self.serve_help = serve_help if serve else ""
        self.summary["features"] = features
        for name, present in features.items():
            log(f"  geokg {name}: {'present' if present else 'not available in this build'}")
        return features

    def wants(self, stage):
        return stage in self.args.stages

    # ------------------------------------------------------------ corpora ---

    def corpus(self, kind, n):
        seed = self.args.seed
        if kind == "records":
            path = os.path.join(self.work, f"records-{n}-s{seed}.jsonl")
            cmd = ["records", "--triples", str(n)]
        else:
            path = os.path.join(self.work, f"articles-{n}-s{seed}.jsonl")
            cmd = ["articles", "--count", str(n)]
        if not os.path.exists(path) or os.path.getsize(path) == 0:
            log(f"== generating {kind} {n:,} -> {path}")
            start = time.perf_counter()
            subprocess.run([sys.executable, os.path.join(self.args.repo, "bench", "make_corpus.py"),
                            *cmd, "--seed", str(seed), "--out", path + ".tmp"], check=True)
            os.replace(path + ".tmp", path)
            log(f"   {time.perf_counter() - start:.0f} s, {os.path.getsize(path):,} bytes")
        return path

    # --------------------------------------------------------- extraction ---

    def extraction(self, features):
        articles = self.corpus("articles", self.args.articles)
        size = os.path.getsize(articles)
        words = 0
        with open(articles, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                words += len((record.get("title") or "").split()) + len(record["text"].split())
        result = {"file": articles, "bytes": size, "words": words, "load_before": load_average()}
        log(f"\n== extraction: {size:,} bytes, {words:,} words (title + text)")
        if size < 20_000_000:
            self.summary["notes"].append(f"articles file is {size:,} bytes, under 20 MB")
        if features["extract --threads"]:
            times = {1: [], 2: []}
            for r in range(self.args.extract_runs):
                for n in ((1, 2) if r % 2 == 0 else (2, 1)):
                    wall, code, rss, err = self.time_process(
                        [self.geokg, "extract", "--threads", str(n), "--format", "jsonl", articles])
                    if code != 0:
                        log(f"  extract --threads {n} failed ({code}): {err.strip()[-300:]}")
                        result["cli"] = f"failed: exit {code}"
                        self.summary["extract"] = result
                        return
                    times[n].append(wall)
                    log(f"  round {r + 1}: --threads {n}: {wall:.2f} s, {words / wall:,.0f} words/s, "
                        f"peak RSS {rss / 1e6:.0f} MB, load {load_average()}")
            median = {n: statistics.median(t) for n, t in times.items()}
            result["cli"] = {"seconds": times, "median_seconds": median,
                             "words_per_s": {n: words / median[n] for n in median},
                             "speedup": median[1] / median[2],
                             "how": "geokg extract --threads N --format jsonl > /dev/null, "
                                    "process wall time (model load included), median of "
                                    f"{self.args.extract_runs}, alternating"}
        else:
            log("  geokg extract --threads: not available in this build; measuring the in-process "
                "extractor (geokg_bench extract --threads 2, 1 pass each) instead")
            doc = self.bench_json("extract-inprocess", [self.bench, "extract", articles,
                                                        "--threads", "2", "--runs", "1"])
            if doc:
                result["in_process"] = {"doc": "extract-inprocess.json"}
                for m in doc["metrics"]:
                    log(f"    {m['name']}: {human(m['value'], m['unit'])}  {m['note']}")
                result["in_process"]["metrics"] = {m["name"] + " [" + m["unit"] + "]": m["value"]
                                                   for m in doc["metrics"]}
        result["load_after"] = load_average()
        self.summary["extract"] = result

    # -------------------------------------------------------------- sizes ---

    def run_size(self, n, features):
        label = size_label(n)
        log(f"\n==================== {label} triples ({n:,}) ====================")
        log(f"load {load_average()}")
        if n in self.args.reuse_sizes:
            log("  reusing the saved results of this size (--reuse-sizes)")
            out = self.summary["sizes"].setdefault(str(n), {})
            for key, name in (("rocks", "rocks-sst"), ("sqlite", "sqlite"), ("ingest", "ingest"),
                              ("snapshot", "snapshot"), ("cold", "cold"), ("warm", "warm")):
                out[key] = self.saved(f"{name}-{label}")
            return
        records = self.corpus("records", n)
        out = self.summary["sizes"].setdefault(str(n), {"records": records,
                                                        "records_bytes": os.path.getsize(records)})
        seed = self.args.seed
        db = os.path.join(self.work, f"scale-db-{n}-s{seed}")
        big = n >= 5_000_000
        runs = self.args.runs_large if big else self.args.runs

        if self.wants("rocks"):
            log(f"\n== raw RocksDB SST ingest of the same keys ({label})")
            sst_dir = os.path.join(self.work, f"scale-sst-{n}-s{seed}")
            settle()
            self.bench_json(f"rocks-sst-{label}", [self.bench, "rocks-sst", records, "--dir",
                                                   sst_dir, "--replace"])
            shutil.rmtree(sst_dir, ignore_errors=True)
        out["rocks"] = self.saved(f"rocks-sst-{label}")

        if self.wants("sqlite"):
            log(f"\n== SQLite 3 baseline ({label})")
            sqlite_db = os.path.join(self.work, f"scale-sqlite-{n}-s{seed}.db")
            self.bench_json(f"sqlite-{label}", [self.bench, "sqlite", records, "--db", sqlite_db,
                                                "--replace", "--runs", str(runs), "--pairs",
                                                str(self.args.pairs), "--seed", str(seed)])
            if not self.args.keep_sqlite:
                os.remove(sqlite_db) if os.path.exists(sqlite_db) else None
        out["sqlite"] = self.saved(f"sqlite-{label}")

        if self.wants("ingest"):
            self.ingest(n, label, records, db, features, out)
        elif self.saved(f"ingest-{label}"):
            out["ingest"] = self.saved(f"ingest-{label}")

        if not os.path.exists(os.path.join(db, "CURRENT")):
            log(f"  no store at {db}: the query figures of {label} are skipped")
            return
        if self.wants("snapshot"):
            log(f"\n== graph snapshot ({label})")
            csr = os.path.join(db, "graph.csr")
            out["snapshot_file_bytes"] = os.path.getsize(csr) if os.path.exists(csr) else None
            if out["snapshot_file_bytes"] is None:
                log("  graph.csr: absent (ingest does not write the snapshot in this build)")
            doc = self.bench_json(f"snapshot-{label}", [self.bench, "snapshot", "--db", db,
                                                        "--runs", "3"])
            if doc is None:
                out["snapshot"] = "not available"
        out["snapshot"] = self.saved(f"snapshot-{label}") or out.get("snapshot")

        if self.wants("cold"):
            self.cold(n, label, db, out, big)
        elif self.saved(f"cold-{label}"):
            out["cold"] = self.saved(f"cold-{label}")

        if self.wants("warm"):
            self.warm(n, label, db, out, features)

    def ingest(self, n, label, records, db, features, out):
        log(f"\n== geokg ingest ({label})")
        info = {"load_before": load_average()}
        if features["ingest --records"]:
            shutil.rmtree(db, ignore_errors=True)
            settle()
            cmd = [self.geokg, "ingest", "--records", records, "--db", db, "--format", "json"]
            log(f"  $ {' '.join(cmd)}")
            with tempfile.TemporaryFile() as stdout:
                wall, code, rss, err = self.time_process(cmd, stdout=stdout)
                stdout.seek(0)
                text = stdout.read().decode("utf-8", "replace")
            info.update({"how": "geokg ingest --records (CLI, bulk path)", "seconds": wall,
                         "exit": code, "peak_rss_bytes": rss, "triples_per_s": n / wall})
            try:
                info["output"] = json.loads(text)
            except ValueError:
                info["output"] = text[-2000:]
            if code != 0:
                info["error"] = err[-2000:]
            log(f"  -> exit {code}, {wall:.1f} s, {n / wall:,.0f} triples/s, peak RSS "
                f"{rss / 1e6:,.0f} MB, load {load_average()}")
        else:
            info["how"] = ("not available: geokg ingest has no --records in this build; the "
                           "store was built with geokg_bench ingest (PutArticle per article)")
            marker = db + ".complete"
            if os.path.exists(marker) and os.path.exists(os.path.join(db, "CURRENT")):
                log(f"  geokg ingest --records: not available; reusing the store {db} built "
                    "earlier by geokg_bench ingest")
                info["reused"] = True
            else:
                log("  geokg ingest --records: not available; building the store with "
                    "geokg_bench ingest (the PutArticle path)")
                if os.path.exists(marker):
                    os.remove(marker)
                doc = self.bench_json(f"putarticle-{label}", [self.bench, "ingest", records,
                                                              "--db", db, "--replace"])
                if doc:
                    open(marker, "w").close()
            doc = self.saved(f"putarticle-{label}")
            if doc:
                info["putarticle_triples_per_s"] = self.metric(doc, "PutArticle throughput",
                                                               "triples/s")
                info["putarticle_wall_seconds"] = self.metric(doc, "ingest wall time")
        if os.path.exists(db):
            info["db_bytes"] = sum(os.path.getsize(os.path.join(d, f))
                                   for d, _, files in os.walk(db) for f in files)
            proc = subprocess.run([self.geokg, "stats", "--db", db, "--format", "json"],
                                  capture_output=True, text=True)
            try:
                info["stats"] = json.loads(proc.stdout)
            except ValueError:
                info["stats"] = proc.stdout + proc.stderr
        info["load_after"] = load_average()
        with open(os.path.join(self.results, f"ingest-{label}.json"), "w") as f:
            json.dump(info, f, indent=2)
        out["ingest"] = info

    def timed_cold(self, name, cmd, runs, budget):
        """One warm-up process, then up to `runs` timed ones (fewer when the
        warm-up shows they would exceed `budget` seconds): the median."""
        wall, code, rss, err = self.time_process(cmd)
        if code not in (0, 1):
            return {"error": f"exit {code}: {err.strip()[-300:]}", "cmd": cmd}
        count = max(1, min(runs, int(budget / max(wall, 1e-3))))
        times = []
        if wall > budget:
            # Too slow to repeat: the warm-up process is the only figure.
            count, times = 0, [wall]
        for _ in range(count):
            t, code, rss2, err2 = self.time_process(cmd)
            times.append(t)
            rss = max(rss, rss2)
        result = {"cmd": cmd, "ms": statistics.median(times) * 1e3, "runs": max(count, 1),
                  "single_run_over_budget": count == 0,
                  "all_ms": [t * 1e3 for t in times], "warmup_ms": wall * 1e3, "exit": code,
                  "peak_rss_bytes": rss, "load_after": load_average()}
        how = f"median of {count}" if count else "one process, over the time budget"
        log(f"  {name:<28} {result['ms']:>10,.1f} ms  ({how}; warm-up "
            f"{wall * 1e3:,.0f} ms; exit {code}; peak RSS {rss / 1e6:,.0f} MB; load "
            f"{result['load_after']})")
        return result

    def hub_and_pairs(self, db, out):
        """The hub and the path pairs: the SQLite bench's (so both sides
        answer the same questions), else the entity of highest degree from
        `geokg entities` and seeded random pairs of connected entities."""
        sqlite = out.get("sqlite")
        if sqlite:
            return sqlite["params"]["hub"], sqlite["params"]["pairs"]
        if "fallback_hub" not in out:
            import random
            proc = subprocess.run([self.geokg, "entities", "--db", db, "--format", "json"],
                                  capture_output=True, text=True)
            entities = [e for e in json.loads(proc.stdout)["entities"] if e.get("degree", 0) > 0]
            hub = max(entities, key=lambda e: e["degree"])["name"]
            rng = random.Random(self.args.seed)
            pairs = []
            for _ in range(self.args.pairs):
                a, b = rng.sample(entities, 2)
                pairs.append({"from": a["name"], "to": b["name"], "length": "?"})
            out["fallback_hub"], out["fallback_pairs"] = hub, pairs
            log(f"  no SQLite figures for this size: hub and pairs from geokg entities ({hub})")
        return out["fallback_hub"], out["fallback_pairs"]

    def cold(self, n, label, db, out, big):
        hub, pairs = self.hub_and_pairs(db, out)
        runs = self.args.cold_runs
        budget = self.args.cold_budget
        log(f"\n== cold CLI processes ({label}), hub \"{hub}\", page cache warm")
        g = [self.geokg]
        cold = {"hub": hub, "load_before": load_average()}
        cold["stats"] = self.timed_cold("stats (start-up floor)", g + ["stats", "--db", db,
                                                                        "--format", "json"],
                                        runs, budget)
        cold["neighbors"] = self.timed_cold(
            "neighbors hub", g + ["neighbors", hub, "--db", db, "--format", "json"], runs, budget)
        heavy = not (big and self.args.skip_heavy_large)
        cold["neighbors_all"] = None if not heavy else self.timed_cold(
            "neighbors hub --limit 0", g + ["neighbors", hub, "--limit", "0", "--db", db,
                                            "--format", "json"], runs, budget)
        cold["neighbors_depth2"] = None if not heavy else self.timed_cold(
            "neighbors hub --depth 2",
            g + ["neighbors", hub, "--depth", "2", "--db", db, "--format", "json"], runs, budget)
        cold["timeline"] = self.timed_cold(
            "timeline hub", g + ["timeline", hub, "--db", db, "--format", "json"], runs, budget)
        cold["timeline_all"] = None if not heavy else self.timed_cold(
            "timeline hub --limit 0",
            g + ["timeline", hub, "--limit", "0", "--db", db, "--format", "json"], runs, budget)
        path_results = []
        start = time.perf_counter()
        for i, pair in enumerate(pairs):
            if i > 0 and time.perf_counter() - start > 2 * budget:
                log(f"  path: stopped after {i} pairs (time budget)")
                break
            path_results.append(self.timed_cold(
                f"path pair {i + 1} (SQLite: {pair['length']})",
                g + ["path", pair["from"], pair["to"], "--db", db, "--format", "json"], runs,
                budget))
        ok = [p["ms"] for p in path_results if "ms" in p]
        cold["path_pairs"] = path_results
        cold["path"] = {"ms": statistics.median(ok) if ok else None, "pairs": len(ok)}
        log(f"  {'path, median over pairs':<28} {human(cold['path']['ms'], 'ms'):>13}")
        cold["export"] = self.timed_cold(
            "export graphml to stdout", g + ["export", "--db", db, "--format", "graphml"],
            runs, budget)
        cold["load_after"] = load_average()
        with open(os.path.join(self.results, f"cold-{label}.json"), "w") as f:
            json.dump(cold, f, indent=2)
        out["cold"] = cold

    # ------------------------------------------------------------- serve ---

    def warm(self, n, label, db, out, features):
        if not features["serve"]:
            log(f"\n== warm (geokg serve, {label}): not available in this build")
            out["warm"] = "not available"
            return
        hub, pairs = self.hub_and_pairs(db, out)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cmd = [self.geokg, "serve", "--db", db, "--port", str(port)]
        log(f"\n== warm: {' '.join(cmd)}")
        log_path = os.path.join(self.results, f"serve-{label}.log")
        with open(log_path, "w") as serve_log:
            started = time.perf_counter()
            server = subprocess.Popen(cmd, stdout=serve_log, stderr=subprocess.STDOUT)
            warm = {"cmd": cmd, "load_before": load_average()}
            try:
                ready = None
                while time.perf_counter() - started < self.args.serve_timeout:
                    if server.poll() is not None:
                        break
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                        ready = time.perf_counter() - started
                        break
                    except OSError:
                        time.sleep(0.05)
                if ready is None:
                    warm["error"] = f"server did not listen on port {port} (see {log_path})"
                    log("  " + warm["error"])
                    out["warm"] = warm
                    return
                warm["ready_ms"] = ready * 1e3
                log(f"  listening after {ready * 1e3:,.0f} ms")
                q = urllib.parse.quote
                a, b = pairs[0]["from"], pairs[0]["to"]
                candidates = {
                    "neighbors": [f"/neighbors?name={q(hub)}", f"/api/neighbors?name={q(hub)}",
                                  f"/neighbors/{q(hub)}"],
                    "neighbors_all": [f"/neighbors?name={q(hub)}&limit=0"],
                    "neighbors_depth2": [f"/neighbors?name={q(hub)}&depth=2"],
                    "path": [f"/path?from={q(a)}&to={q(b)}", f"/api/path?from={q(a)}&to={q(b)}"],
                    "timeline": [f"/timeline?actor={q(hub)}", f"/timeline?name={q(hub)}",
                                 f"/api/timeline?actor={q(hub)}"],
                    "timeline_all": [f"/timeline?actor={q(hub)}&limit=0"],
                }
                if n >= 5_000_000 and self.args.skip_heavy_large:
                    for heavy in ("neighbors_all", "neighbors_depth2", "timeline_all"):
                        del candidates[heavy]
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                for name, urls in candidates.items():
                    warm[name] = self.time_http(conn, name, urls)
                # Every pair for the path, with the URL form that worked.
                if "url" in warm.get("path", {}):
                    per_pair = []
                    form = warm["path"]["url"].split("?")[0]
                    for pair in pairs:
                        url = f"{form}?from={q(pair['from'])}&to={q(pair['to'])}"
                        per_pair.append(self.time_http(conn, "path", [url], quiet=True))
                    server_ms = [p["server_ms"] for p in per_pair if p.get("server_ms") is not None]
                    client_ms = [p["client_ms"] for p in per_pair if "client_ms" in p]
                    warm["path_pairs"] = per_pair
                    warm["path"]["client_ms_over_pairs"] = (statistics.median(client_ms)
                                                            if client_ms else None)
                    warm["path"]["server_ms_over_pairs"] = (statistics.median(server_ms)
                                                            if server_ms else None)
                    log(f"  path over {len(per_pair)} pairs: client "
                        f"{human(warm['path']['client_ms_over_pairs'], 'ms')}, server "
                        f"{human(warm['path']['server_ms_over_pairs'], 'ms')}")
                conn.close()
            finally:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        warm["load_after"] = load_average()
        with open(os.path.join(self.results, f"warm-{label}.json"), "w") as f:
            json.dump(warm, f, indent=2)
        out["warm"] = warm

    def time_http(self, conn, name, urls, quiet=False):
        """GETs the first URL of `urls` that answers 200, then times it
        (median of --warm-runs after one warm-up). The server-side time is
        read from a Server-Timing (dur=ms), X-Response-Time or X-Elapsed-Ms
        header, or an elapsed_ms / took_ms / server_ms JSON field."""
        for url in urls:
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                return {"error": f"{url}: {e}"}
            if response.status != 200:
                continue
            client, server = [], []
            # Slow answers (a whole hub at 10M) get 3 runs, not --warm-runs.
            start = time.perf_counter()
            conn.request("GET", url)
            conn.getresponse().read()
            runs = self.args.warm_runs if time.perf_counter() - start < 0.5 else 3
            for _ in range(runs):
                start = time.perf_counter()
                conn.request("GET", url)
                response = conn.getresponse()
                body = response.read()
                client.append((time.perf_counter() - start) * 1e3)
                value = self.server_ms(response, body)
                if value is not None:
                    server.append(value)
            result = {"url": url, "client_ms": statistics.median(client),
                      "server_ms": statistics.median(server) if server else None,
                      "runs": len(client), "bytes": len(body)}
            if not quiet:
                log(f"  {name:<10} {url[:60]:<60} client {result['client_ms']:8.2f} ms, "
                    f"server {human(result['server_ms'], 'ms')} (median of {len(client)})")
            return result
        if not quiet:
            log(f"  {name}: no URL form answered 200 ({', '.join(urls)})")
        return {"error": "no URL form answered 200", "tried": urls}

    @staticmethod
    def server_ms(response, body):
        timing = response.getheader("Server-Timing")
        if timing:
            match = re.search(r"dur=([0-9.]+)", timing)
            if match:
                return float(match.group(1))
        micros = response.getheader("X-Geokg-Micros")  # geokg serve: microseconds.
        if micros:
            try:
                return float(micros) / 1000
            except ValueError:
                pass
        for header in ("X-Response-Time", "X-Elapsed-Ms", "X-Server-Ms"):
            value = response.getheader(header)
            if value:
                match = re.search(r"[0-9.]+", value)
                if match:
                    number = float(match.group(0))
                    return number / 1000 if value.strip().endswith("us") else number
        try:
            doc = json.loads(body)
        except ValueError:
            return None
        if isinstance(doc, dict):
            for key in ("elapsed_ms", "took_ms", "server_ms", "time_ms"):
                if isinstance(doc.get(key), (int, float)):
                    return float(doc[key])
        return None

    # ------------------------------------------------------------ tables ---

    def figures(self, n):
        """(row name, geokg value, SQLite value, unit, ratio kind, target)
        for one size. ratio kind: 'time' (SQLite / geokg: how many times
        faster geokg is), 'rate' (geokg / SQLite) or None."""
        out = self.summary["sizes"].get(str(n), {})
        sq, rocks, cold = out.get("sqlite"), out.get("rocks"), out.get("cold") or {}
        ingest = out.get("ingest") or {}
        warm = out.get("warm") if isinstance(out.get("warm"), dict) else {}
        snap = out.get("snapshot") if isinstance(out.get("snapshot"), dict) else None
        m = self.metric
        na = "not available yet"
        skipped = "skipped (size)"

        def cold_ms(key):
            if key in cold and cold[key] is None:
                return skipped  # --heavy-large not given at this size.
            value = cold.get(key) or {}
            return value.get("ms") if isinstance(value, dict) else None

        ingest_rate = ingest.get("triples_per_s")
        raw_rate = m(rocks, "raw SST ingest rate", "triples/s")
        rows = [
            ("ingest, records (CLI wall)", ingest_rate if ingest_rate else na,
             m(sq, "load rate"), "triples/s", "rate", ">= 500,000 triples/s"),
            ("  old PutArticle path (geokg_bench)", ingest.get("putarticle_triples_per_s"), None,
             "triples/s", None, ""),
            ("raw RocksDB SST ingest, same keys", raw_rate, None, "triples/s", None, ""),
            ("  same, in keys/s", m(rocks, "raw SST ingest rate", "keys/s"), None, "keys/s",
             None, ""),
            ("ingest / raw SST", (ingest_rate / raw_rate) if ingest_rate and raw_rate else na,
             None, "ratio", None, ">= 0.5"),
            ("store size on disk", ingest.get("db_bytes"), m(sq, "database size"), "bytes",
             None, ""),
            ("snapshot file per edge", m(snap, "snapshot file per edge") if snap else na, None,
             "bytes/edge", None, "<= 48"),
            ("snapshot build (from tables)",
             m(snap, "Store::Snapshot, built from the tables") if snap else na, None, "ms",
             None, ""),
            ("snapshot map (graph.csr)", m(snap, "GraphSnapshot::Load") if snap else na, None,
             "ms", None, ""),
            ("cold: process start-up (stats)", cold_ms("stats"), None, "ms", None, ""),
            ("cold: neighbors of hub (first 100)", cold_ms("neighbors"),
             m(sq, "1-hop of hub, first 100"), "ms", "time", "<= 50 ms"),
            ("cold: neighbors of hub, --limit 0", cold_ms("neighbors_all"), m(sq, "1-hop of hub"),
             "ms", "time", ""),
            ("cold: neighbors --depth 2", cold_ms("neighbors_depth2"), m(sq, "2-hop of hub"),
             "ms", "time", ""),
            ("cold: path, random pairs", (cold.get("path") or {}).get("ms"),
             m(sq, "shortest path, random pair"), "ms", "time", "<= 300 ms"),
            ("cold: timeline of hub (first 100)", cold_ms("timeline"),
             m(sq, "timeline of hub, first 100"), "ms", "time", "<= 100 ms"),
            ("cold: timeline of hub, --limit 0", cold_ms("timeline_all"), m(sq, "timeline of hub"),
             "ms", "time", ""),
            ("cold: export everything", cold_ms("export"), m(sq, "export all"), "ms", "time", ""),
        ]
        if warm:
            def warm_ms(key, over_pairs=False):
                v = warm.get(key) or {}
                if over_pairs and v.get("server_ms_over_pairs") is not None:
                    return v["server_ms_over_pairs"]
                return v.get("server_ms") if v.get("server_ms") is not None else None
            rows += [
                ("warm: 1-hop of hub, first 100 (server)", warm_ms("neighbors") or na,
                 m(sq, "1-hop of hub, first 100"), "ms", "time", "<= 1 ms"),
                ("warm: 1-hop of hub, limit=0 (server)", (warm_ms("neighbors_all") or (skipped if "neighbors_all" not in warm else na)),
                 m(sq, "1-hop of hub"), "ms", "time", ""),
                ("warm: 2-hop of hub (server)", (warm_ms("neighbors_depth2") or (skipped if "neighbors_depth2" not in warm else na)),
                 m(sq, "2-hop of hub"), "ms", "time", ""),
                ("warm: path (server)", warm_ms("path", True) or na,
                 m(sq, "shortest path, random pair"), "ms", "time", "<= 5 ms, >= 100x SQLite"),
                ("warm: timeline, first 100 (server)", warm_ms("timeline") or na,
                 m(sq, "timeline of hub, first 100"), "ms", "time", ""),
                ("warm: timeline, limit=0 (server)", (warm_ms("timeline_all") or (skipped if "timeline_all" not in warm else na)),
                 m(sq, "timeline of hub"), "ms", "time", ""),
                ("warm: 1-hop, client round trip",
                 (warm.get("neighbors") or {}).get("client_ms"), None, "ms", None, ""),
            ]
        else:
            rows += [("warm: 1-hop of hub (geokg serve)", na, m(sq, "1-hop of hub"), "ms", "time",
                      "<= 1 ms"),
                     ("warm: path (geokg serve)", na, m(sq, "shortest path, random pair"), "ms",
                      "time", "<= 5 ms, >= 100x SQLite")]
        rows.append(("SQLite load, wall (JSON parsing incl.)", None, m(sq, "load, wall"), "s",
                     None, ""))
        return rows

    @staticmethod
    def ratio(kind, ours, theirs):
        if kind is None or not isinstance(ours, (int, float)) or not isinstance(theirs,
                                                                               (int, float)):
            return ""
        if ours == 0 or theirs == 0:
            return ""
        value = theirs / ours if kind == "time" else ours / theirs
        return f"{value:,.2f}x"

    def print_tables(self):
        sizes = [int(s) for s in self.summary["sizes"]]
        tables = {}
        for n in sizes:
            out = self.summary["sizes"][str(n)]
            sq = out.get("sqlite")
            log(f"\n== {size_label(n)} triples: geokg and SQLite, same machine, same run")
            if sq:
                log(f"   hub {sq['params']['hub']} ({sq['params']['hub_degree']:,} triples); "
                    f"SQLite {sq['params']['sqlite_version']}, warm in-process medians of "
                    f"{sq['params']['runs']}; geokg cold figures are whole processes")
            rows = self.figures(n)
            tables[n] = rows
            header = f"  {'figure':<40} {'geokg':>22} {'SQLite':>16} {'vs SQLite':>10}  target"
            log(header)
            log("  " + "-" * (len(header) + 8))
            for name, ours, theirs, unit, kind, target in rows:
                mark = ""
                if target and n >= TARGETS_AT:
                    mark = self.verdict(name, ours, theirs, target)
                theirs_text = human(theirs, unit) if theirs is not None else "-"
                log(f"  {name:<40} {human(ours, unit):>22} {theirs_text:>16} "
                    f"{self.ratio(kind, ours, theirs):>10}  {target}{mark}")
        if len(sizes) >= 2:
            small, large = min(sizes), max(sizes)
            log(f"\n== growth: {size_label(large)} figure / {size_label(small)} figure "
                f"(data grew {large / small:.0f}x)")
            log(f"  {'figure':<40} {'geokg':>10} {'SQLite':>10}")
            for (name, a, sa, *_), (_, b, sb, *_) in zip(tables[small], tables[large]):
                g = f"{b / a:,.2f}x" if isinstance(a, (int, float)) and isinstance(
                    b, (int, float)) and a else "-"
                s = f"{sb / sa:,.2f}x" if isinstance(sa, (int, float)) and isinstance(
                    sb, (int, float)) and sa else "-"
                log(f"  {name:<40} {g:>10} {s:>10}")
        ex = self.summary.get("extract")
        if ex:
            log(f"\n== extraction, {ex['bytes']:,} bytes of articles, {ex['words']:,} words")
            if isinstance(ex.get("cli"), dict):
                c = ex["cli"]
                for t in ("1", "2"):  # JSON keys: strings once saved and read back.
                    rate = {str(k): v for k, v in c["words_per_s"].items()}[t]
                    seconds = {str(k): v for k, v in c["median_seconds"].items()}[t]
                    log(f"  geokg extract --threads {t}: {rate:,.0f} words/s "
                        f"({seconds:.2f} s, median)")
                log(f"  speed-up with 2 threads: {c['speedup']:.2f}x (target >= 1.8x)")
            elif ex.get("in_process"):
                mm = ex["in_process"]["metrics"]
                log("  geokg extract --threads: not available yet; in-process geokg_bench extract:")
                for key in ("1 thread: words/s [words/s]", "2 threads: words/s [words/s]",
                            "2 threads: speed-up [x]"):
                    if key in mm:
                        log(f"    {key}: {human(mm[key])}")
            log(f"  load {ex['load_before']} -> {ex['load_after']}")

    @staticmethod
    def verdict(name, ours, theirs, target):
        if not isinstance(ours, (int, float)):
            return "  (not measured)"
        numbers = [float(x.replace(",", "")) for x in re.findall(r"[0-9][0-9,.]*", target)]
        if not numbers:
            return ""
        ok = ours >= numbers[0] if ">=" in target.split(",")[0] else ours <= numbers[0]
        if "100x" in target and isinstance(theirs, (int, float)):
            ok = ok and theirs / ours >= 100
        return "  MET" if ok else "  NOT MET"

    def run(self):
        log("== scale benchmark (issue 5)")
        for key, value in self.summary["machine"].items():
            log(f"{key + ':':<15}{value}")
        features = self.probe()
        if self.wants("extract"):
            self.extraction(features)
        else:
            saved = os.path.join(self.results, "summary.json")
            if os.path.exists(saved):
                with open(saved) as f:
                    self.summary["extract"] = json.load(f).get("extract")
        for n in self.args.sizes:
            self.run_size(n, features)
            self.save()
        self.summary["machine"]["load_at_end"] = load_average()
        self.summary["machine"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
        self.save()
        self.print_tables()
        log(f"\nload at start {self.summary['machine']['load_at_start']}, at end "
            f"{self.summary['machine']['load_at_end']} (1, 5, 15 min)")
        log(f"== JSON results in {self.results}")

    def save(self):
        with open(os.path.join(self.results, "summary.json"), "w") as f:
            json.dump(self.summary, f, indent=2, default=str)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--sizes", default="1000000,10000000",
                        help="comma-separated triple counts (default 1000000,10000000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=5000,
                        help="articles for extraction (default 5000, about 21 MB)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per figure (default 3)")
    parser.add_argument("--runs-large", type=int, default=1,
                        help="warm SQLite runs per figure at >= 5M triples (default 1)")
    parser.add_argument("--pairs", type=int, default=5, help="random path pairs (default 5)")
    parser.add_argument("--cold-runs", type=int, default=5,
                        help="timed processes per cold figure (default 5)")
    parser.add_argument("--cold-budget", type=float, default=30,
                        help="seconds per cold figure; fewer runs past it (default 30)")
    parser.add_argument("--warm-runs", type=int, default=21)
    parser.add_argument("--extract-runs", type=int, default=3)
    parser.add_argument("--serve-timeout", type=float, default=300)
    parser.add_argument("--reuse-sizes", default="",
                        help="comma-separated sizes whose saved results are reused, not re-measured")
    parser.add_argument("--heavy-large", action="store_true",
                        help="also time the --limit 0 and --depth 2 hub listings at >= 5M "
                             "triples (skipped by default: minutes each, no target)")
    parser.add_argument("--keep-sqlite", action="store_true",
                        help="keep the SQLite database files (several GB at 10M)")
    parser.add_argument("--stages", default="extract,rocks,sqlite,ingest,snapshot,cold,warm",
                        help="stages to run; skipped ones reuse saved results")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    args.stages = set(args.stages.split(","))
    args.reuse_sizes = {int(s) for s in args.reuse_sizes.split(",") if s}
    args.skip_heavy_large = not args.heavy_large
    Runner(args).run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
