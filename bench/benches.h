// The benchmarks of geokg_bench. Each measures one path through the
// public APIs (extract.h, graph.h, query.h) and fills a Report; none of them
// asserts anything about the figures.
#ifndef GEOKG_BENCH_BENCHES_H_
#define GEOKG_BENCH_BENCHES_H_

#include <cstdint>
#include <string>

#include "bench_util.h"
#include "geokg/graph.h"

namespace geokg::bench {

struct BenchOptions {
  std::string input;  // Articles (extract) or records (ingest), JSON Lines.
  // Store folder (ingest, query, rocks-sst's --dir) or SQLite file (sqlite).
  std::string db;
  // Threads of the parallel extraction run. Default 0: the number of logical
  // CPUs; 1 skips the parallel run.
  int threads = 0;
  // Timed repetitions per figure. Default 0: 3 for extract, 5 for query.
  int runs = 0;
  uint64_t seed = 1;  // Picks the random entity pairs of the path query.
  // sqlite: random entity pairs of the path query. Default 0: 5.
  int pairs = 0;
  // ingest: delete `db` first when it already holds a RocksDB database
  // (a folder with a CURRENT file). Without it, a non-empty `db` is an error.
  bool replace = false;
  // extract: run the dependency parser (ExtractorOptions::parse); false
  // (--no-parse) measures the surface rules alone.
  bool parse = true;
  // extract: parser model file (ExtractorOptions::model_path); "" = the
  // default model of the data folder.
  std::string model;
};

// Extraction throughput over the articles of `options.input`: model load
// time, then one thread with one ActorMemory, then `threads` threads sharing
// one Extractor with an ActorMemory each. Medians of `runs` passes. Words
// are the whitespace-separated tokens of each article's title and text.
Status RunExtractBench(const BenchOptions& options, Report* report);

// PutArticle throughput of the extraction records of `options.input` into a
// fresh RocksDB store at `options.db` (only the PutArticle calls are timed),
// then close, re-open and Stats times and the size on disk.
Status RunIngestBench(const BenchOptions& options, Report* report);

// Warm latencies on the store at `options.db`, opened read-only: full scan,
// BuildGraphView (time and resident memory per edge), neighbours at depth 1
// and 2 and the timeline of the entity with the highest degree, shortest
// paths between random pairs, and an unfiltered GraphML export to /dev/null.
Status RunQueryBench(const BenchOptions& options, Report* report);

// The SQLite 3 baseline (sqlite_bench.cc): with `options.input`, loads the
// records into a fresh database file `options.db` (indexes on subject and
// object, one transaction); then, warm medians of `runs` (default 3): 1-hop,
// 2-hop and timeline of the entity with the most triples, shortest path
// length of `pairs` random connected pairs (recursive CTE, depth <= 6) and a
// read of every row. Without `options.input` only the queries run.
Status RunSqliteBench(const BenchOptions& options, Report* report);

// The raw RocksDB bulk load of the store's four keys per triple
// (rocks_sst_bench.cc): encode, sort, SstFileWriter, IngestExternalFile into
// a fresh database at `options.db`; keys/s and triples/s.
Status RunRocksSstBench(const BenchOptions& options, Report* report);

// The graph snapshot of the store at `options.db` (snapshot_bench.cc): the
// size per edge and map time of its graph.csr file when present, and the
// time and memory of Store::Snapshot() built from the tables. NotFound ("not
// available") in a tree without geokg/snapshot.h.
Status RunSnapshotBench(const BenchOptions& options, Report* report);

}  // namespace geokg::bench

#endif  // GEOKG_BENCH_BENCHES_H_
