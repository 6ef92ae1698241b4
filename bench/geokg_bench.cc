// geokg_bench: throughput and latency figures for docs/performance.md.
//
//   geokg_bench extract FILE.jsonl [--threads N] [--runs N] [--no-parse]
//                       [--model FILE]
//   geokg_bench ingest RECORDS.jsonl --db DIR [--replace]
//   geokg_bench query --db DIR [--runs N] [--seed N]
//   geokg_bench sqlite [RECORDS.jsonl] --db FILE [--replace] [--runs N]
//                      [--seed N] [--pairs N]
//   geokg_bench rocks-sst RECORDS.jsonl --dir DIR [--replace]
//   geokg_bench snapshot --db DIR [--runs N]
//   every subcommand: [--format table|json]
//
// Exit status: 0 measured, 1 the benchmark failed, 2 usage error.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_util.h"
#include "benches.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

constexpr std::string_view kUsage =
    "usage: geokg_bench extract FILE.jsonl [--threads N] [--runs N] [--no-parse]\n"
    "                           [--model FILE] [--format table|json]\n"
    "       geokg_bench ingest RECORDS.jsonl --db DIR [--replace] [--format table|json]\n"
    "       geokg_bench query --db DIR [--runs N] [--seed N] [--format table|json]\n"
    "       geokg_bench sqlite [RECORDS.jsonl] --db FILE [--replace] [--runs N] [--seed N]\n"
    "                          [--pairs N] [--format table|json]\n"
    "       geokg_bench rocks-sst RECORDS.jsonl --dir DIR [--replace] [--format table|json]\n"
    "       geokg_bench snapshot --db DIR [--runs N] [--format table|json]\n"
    "\n"
    "extract  articles/s and words/s of the extractor, 1 thread and N threads\n"
    "         (default N: the number of CPUs; 1 skips the threaded run), median\n"
    "         of --runs (default 3); words are whitespace-separated tokens of\n"
    "         title + text. With the dependency parser unless --no-parse;\n"
    "         --model picks the parser model (default: the data folder's)\n"
    "ingest   PutArticle throughput into a fresh RocksDB store at DIR, then\n"
    "         close, re-open and Stats; --replace deletes an old database at DIR\n"
    "query    warm latencies (median of --runs, default 5) on the store at DIR\n"
    "sqlite   the SQLite 3 baseline: load RECORDS into a fresh indexed database\n"
    "         FILE (skipped without RECORDS), then warm medians (--runs, default 3)\n"
    "         of 1-hop, 2-hop and timeline of the hub, shortest path of --pairs\n"
    "         (default 5) random pairs (recursive CTE, depth <= 6), export scan\n"
    "rocks-sst the raw RocksDB bulk load of the store's 4 keys per triple:\n"
    "         encode, sort, SstFileWriter, IngestExternalFile into DIR\n"
    "snapshot the graph snapshot of the store at DIR: graph.csr bytes per edge\n"
    "         and map time, and Store::Snapshot() built from the tables\n"
    "\n"
    "Corpora: bench/make_corpus.py. Everything at once: bench/run.\n";

int Usage(const std::string& problem) {
  std::cerr << "geokg_bench: " << problem << "\n" << kUsage;
  return kExitUsage;
}

// Parses a positive int flag value; false on anything else.
bool ParseCount(const std::string& text, int* value) {
  try {
    size_t used = 0;
    long parsed = std::stol(text, &used);
    if (used != text.size() || parsed < 1 || parsed > 1 << 20) return false;
    *value = static_cast<int>(parsed);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int Run(const std::vector<std::string>& args) {
  using geokg::bench::BenchOptions;
  using geokg::bench::Format;
  if (args.empty()) return Usage("no subcommand");
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  const std::string& command = args[0];
  if (command != "extract" && command != "ingest" && command != "query" && command != "sqlite" &&
      command != "rocks-sst" && command != "snapshot") {
    return Usage("unknown subcommand '" + command + "'");
  }
  BenchOptions options;
  Format format = Format::kTable;
  std::vector<std::string> positionals;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= args.size()) return false;
      *out = args[++i];
      return true;
    };
    std::string text;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return kExitOk;
    } else if (arg == "--replace") {
      options.replace = true;
    } else if (arg == "--no-parse") {
      options.parse = false;
    } else if (arg == "--model") {
      if (!value(&options.model)) return Usage("--model needs a file");
    } else if (arg == "--db" || arg == "--dir") {
      if (!value(&options.db)) return Usage(arg + " needs a path");
    } else if (arg == "--pairs") {
      if (!value(&text) || !ParseCount(text, &options.pairs)) {
        return Usage("--pairs needs a positive number");
      }
    } else if (arg == "--threads") {
      if (!value(&text) || !ParseCount(text, &options.threads)) {
        return Usage("--threads needs a positive number");
      }
    } else if (arg == "--runs") {
      if (!value(&text) || !ParseCount(text, &options.runs)) {
        return Usage("--runs needs a positive number");
      }
    } else if (arg == "--seed") {
      int seed = 0;
      if (!value(&text) || !ParseCount(text, &seed)) return Usage("--seed needs a positive number");
      options.seed = static_cast<uint64_t>(seed);
    } else if (arg == "--format") {
      if (!value(&text)) return Usage("--format needs table or json");
      if (text == "json") {
        format = Format::kJson;
      } else if (text == "table") {
        format = Format::kTable;
      } else {
        return Usage("unknown format '" + text + "' (table or json)");
      }
    } else if (arg.size() > 1 && arg[0] == '-') {
      return Usage("unknown option '" + arg + "'");
    } else {
      positionals.push_back(arg);
    }
  }

  if (command != "extract" && (!options.parse || !options.model.empty())) {
    return Usage("--no-parse and --model are options of extract");
  }
  geokg::bench::Report report(command);
  geokg::Status status;
  if (command == "extract") {
    if (positionals.size() != 1) return Usage("extract needs one FILE.jsonl");
    options.input = positionals[0];
    status = geokg::bench::RunExtractBench(options, &report);
  } else if (command == "ingest") {
    if (positionals.size() != 1) return Usage("ingest needs one RECORDS.jsonl");
    if (options.db.empty()) return Usage("ingest needs --db DIR");
    options.input = positionals[0];
    status = geokg::bench::RunIngestBench(options, &report);
  } else if (command == "sqlite") {
    if (positionals.size() > 1) return Usage("sqlite takes at most one RECORDS.jsonl");
    if (options.db.empty()) return Usage("sqlite needs --db FILE");
    if (!positionals.empty()) options.input = positionals[0];
    status = geokg::bench::RunSqliteBench(options, &report);
  } else if (command == "rocks-sst") {
    if (positionals.size() != 1) return Usage("rocks-sst needs one RECORDS.jsonl");
    if (options.db.empty()) return Usage("rocks-sst needs --dir DIR");
    options.input = positionals[0];
    status = geokg::bench::RunRocksSstBench(options, &report);
  } else if (command == "snapshot") {
    if (!positionals.empty()) return Usage("snapshot takes no file");
    if (options.db.empty()) return Usage("snapshot needs --db DIR");
    status = geokg::bench::RunSnapshotBench(options, &report);
  } else {
    if (!positionals.empty()) return Usage("query takes no file");
    if (options.db.empty()) return Usage("query needs --db DIR");
    status = geokg::bench::RunQueryBench(options, &report);
  }
  if (!status.ok()) {
    std::cerr << "geokg_bench " << command << ": " << status.ToString() << '\n';
    return kExitFailed;
  }
  report.Print(format, std::cout);
  return std::cout.good() ? kExitOk : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "geokg_bench: unexpected error: " << e.what() << '\n';
    return kExitFailed;
  }
}
