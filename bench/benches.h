// The three benchmarks of geokg_bench. Each measures one path through the
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
  std::string db;     // Store folder (ingest, query).
  // Threads of the parallel extraction run. Default 0: the number of logical
  // CPUs; 1 skips the parallel run.
  int threads = 0;
  // Timed repetitions per figure. Default 0: 3 for extract, 5 for query.
  int runs = 0;
  uint64_t seed = 1;  // Picks the random entity pairs of the path query.
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

}  // namespace geokg::bench

#endif  // GEOKG_BENCH_BENCHES_H_
