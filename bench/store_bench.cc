// geokg_bench ingest and query: the storage and query paths.
#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "benches.h"
#include "geokg/graph_view.h"
#include "geokg/query.h"
#include "records.h"

namespace geokg::bench {
namespace {

// ------------------------------------------------------------- ingest ---

// A store folder the ingest bench may write to: absent, empty, or (with
// --replace) an old RocksDB database, which is deleted.
Status PrepareFreshDir(const std::string& dir, bool replace) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::Ok();
  if (fs::is_directory(dir, ec) && fs::is_empty(dir, ec)) return Status::Ok();
  if (!replace) {
    return Status::InvalidArgument(dir +
                                   " is not empty: the ingest bench needs a fresh store "
                                   "(--replace deletes an old database)");
  }
  if (!fs::exists(fs::path(dir) / "CURRENT", ec)) {
    return Status::InvalidArgument(dir + " does not look like a RocksDB database; not deleting it");
  }
  fs::remove_all(dir, ec);
  if (ec) return Status::IOError("cannot delete " + dir + ": " + ec.message());
  return Status::Ok();
}

// -------------------------------------------------------------- query ---

// Runs `fn` once to warm caches, then `runs` times; the median in ms.
template <typename Fn>
double WarmMedianMs(int runs, Fn&& fn) {
  fn();
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    Stopwatch watch;
    fn();
    ms.push_back(watch.Millis());
  }
  return Median(ms);
}

struct Candidate {
  EntityId id = 0;
  std::string name;
  uint64_t degree = 0;
};

}  // namespace

Status RunIngestBench(const BenchOptions& options, Report* report) {
  RecordReader reader(options.input);
  if (!reader.is_open()) return Status::IOError("cannot open " + options.input);
  Status s = PrepareFreshDir(options.db, options.replace);
  if (!s.ok()) return s;
  report->SetParam("input", options.input);
  report->SetParam("db", options.db);

  Stopwatch wall;
  Result<std::unique_ptr<Store>> opened = Store::Open(options.db);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<Store> store = std::move(opened).value();
  report->Add("create store (Store::Open)", wall.Millis(), "ms", "once");

  uint64_t articles = 0;
  uint64_t triples = 0;
  uint64_t entity_records = 0;
  double put_seconds = 0;
  // Throughput of the first and the last tenth of the articles shows whether
  // a growing store slows the write path down.
  std::vector<double> put_ms_per_article;
  std::vector<uint32_t> triples_per_article;
  wall.Restart();
  for (;;) {
    ArticleExtraction extraction;
    bool more = false;
    s = reader.Next(&extraction, &more);
    if (!s.ok()) return s;
    if (!more) break;
    Stopwatch put;
    Result<PutOutcome> outcome = store->PutArticle(extraction);
    const double seconds = put.Seconds();
    if (!outcome.ok()) {
      return Status::InvalidArgument("PutArticle(" + extraction.article.id +
                                     ") failed: " + outcome.status().ToString());
    }
    put_seconds += seconds;
    put_ms_per_article.push_back(seconds * 1e3);
    triples_per_article.push_back(static_cast<uint32_t>(extraction.triples.size()));
    ++articles;
    triples += extraction.triples.size();
    entity_records += extraction.entities.size();
  }
  const double wall_seconds = wall.Seconds();
  if (articles == 0) return Status::InvalidArgument("no records in " + options.input);
  report->SetParam("articles", articles);
  report->SetParam("triples", triples);
  report->SetParam("entity_records", entity_records);

  report->Add("PutArticle total", put_seconds, "s", "sum over all articles");
  report->Add("PutArticle throughput", static_cast<double>(triples) / put_seconds, "triples/s",
              "triples / PutArticle time");
  report->Add("PutArticle throughput", static_cast<double>(articles) / put_seconds, "articles/s",
              "articles / PutArticle time");
  report->Add("PutArticle per article", Median(put_ms_per_article), "ms", "median");
  const size_t tenth = std::max<size_t>(1, put_ms_per_article.size() / 10);
  auto slice_rate = [&](size_t begin, size_t end) {
    double ms = 0;
    uint64_t n = 0;
    for (size_t i = begin; i < end; ++i) {
      ms += put_ms_per_article[i];
      n += triples_per_article[i];
    }
    return ms > 0 ? static_cast<double>(n) / (ms / 1e3) : 0.0;
  };
  report->Add("PutArticle throughput, first 10%", slice_rate(0, tenth), "triples/s",
              "articles in file order");
  report->Add("PutArticle throughput, last 10%",
              slice_rate(put_ms_per_article.size() - tenth, put_ms_per_article.size()), "triples/s",
              "articles in file order");
  report->Add("ingest wall time", wall_seconds, "s", "JSON parsing included");

  Stopwatch close;
  store.reset();
  report->Add("close", close.Millis(), "ms", "Store destructor");
  report->Add("size on disk", static_cast<double>(DirectoryBytes(options.db)), "bytes",
              "after close");
  report->Add("size on disk per triple",
              static_cast<double>(DirectoryBytes(options.db)) / static_cast<double>(triples),
              "bytes", "after close");

  // Cold for the process (no RocksDB state); the OS page cache is warm.
  Stopwatch reopen;
  opened = Store::Open(options.db);
  if (!opened.ok()) return opened.status();
  report->Add("re-open (Store::Open)", reopen.Millis(), "ms", "new process state, OS cache warm");
  store = std::move(opened).value();
  Stopwatch stats_watch;
  Result<StoreStats> stats = store->Stats();
  const double stats_ms = stats_watch.Millis();
  if (!stats.ok()) return stats.status();
  report->Add("Stats after re-open", stats_ms, "ms", "first call");
  report->Add("stats: entities", static_cast<double>(stats->entities), "entities", "");
  report->Add("stats: triples", static_cast<double>(stats->triples), "triples", "");
  report->Add("stats: articles", static_cast<double>(stats->articles), "articles", "");
  if (stats->triples != triples || stats->articles != articles) {
    return Status::Corruption(
        "Stats disagree with what was written: " + std::to_string(stats->triples) + " triples, " +
        std::to_string(stats->articles) + " articles");
  }
  return Status::Ok();
}

Status RunQueryBench(const BenchOptions& options, Report* report) {
  const int runs = options.runs > 0 ? options.runs : 5;
  const std::string note = "median of " + std::to_string(runs) + ", warm";
  report->SetParam("db", options.db);
  report->SetParam("runs", runs);

  StoreOptions store_options;
  store_options.read_only = true;
  store_options.create_if_missing = false;
  Stopwatch open_watch;
  Result<std::unique_ptr<Store>> opened = Store::Open(options.db, store_options);
  if (!opened.ok()) return opened.status();
  const double open_ms = open_watch.Millis();
  const Store& store = **opened;
  report->Add("open read-only", open_ms, "ms", "once");

  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return stats.status();
  if (stats->triples == 0) return Status::InvalidArgument(options.db + " holds no triples");
  report->SetParam("entities", stats->entities);
  report->SetParam("triples", stats->triples);

  // The first full scan warms the block cache and the page cache for all
  // that follows; then the warm scan rate.
  uint64_t scanned = 0;
  Stopwatch first_scan;
  Status s = store.ForEachTriple({}, [&scanned](const StoredTriple&) {
    ++scanned;
    return true;
  });
  if (!s.ok()) return s;
  report->Add("full triple scan, first", first_scan.Millis(), "ms", "ForEachTriple, once");
  const double scan_ms = WarmMedianMs(
      runs, [&] { s = store.ForEachTriple({}, [](const StoredTriple&) { return true; }); });
  if (!s.ok()) return s;
  report->Add("full triple scan", scan_ms, "ms", note);
  report->Add("full triple scan rate", static_cast<double>(scanned) / (scan_ms / 1e3), "triples/s",
              note);

  // The hub: the entity with the most triples. Candidates for the path
  // queries: entities with at least one triple.
  std::vector<Candidate> candidates;
  s = store.ForEachEntity([&candidates](const StoredEntity& e) {
    candidates.push_back({e.id, e.name, 0});
    return true;
  });
  if (!s.ok()) return s;
  for (Candidate& c : candidates) {
    Result<uint64_t> degree = store.Degree(c.id);
    if (!degree.ok()) return degree.status();
    c.degree = *degree;
  }
  candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                  [](const Candidate& c) { return c.degree == 0; }),
                   candidates.end());
  if (candidates.size() < 2) return Status::InvalidArgument("fewer than two connected entities");
  const Candidate hub =
      *std::max_element(candidates.begin(), candidates.end(),
                        [](const Candidate& a, const Candidate& b) { return a.degree < b.degree; });
  report->SetParam("hub", hub.name);
  report->SetParam("hub_degree", hub.degree);

  // Memory first, before other queries have grown the heap. The RSS delta
  // also keeps the pages of temporaries freed during the build (the copies
  // a "move" makes, see below); the heap delta is the live view alone.
  {
    const uint64_t rss_before = ResidentBytes();
    const uint64_t heap_before = HeapInUseBytes();
    Stopwatch watch;
    Result<GraphView> view = BuildGraphView(store, {});
    const double first_ms = watch.Millis();
    if (!view.ok()) return view.status();
    const double rss = static_cast<double>(std::max(rss_before, ResidentBytes()) - rss_before);
    const double heap = static_cast<double>(std::max(heap_before, HeapInUseBytes()) - heap_before);
    const double edges = std::max<double>(1, static_cast<double>(boost::num_edges(view->graph)));
    report->SetParam("view_vertices", boost::num_vertices(view->graph));
    report->SetParam("view_edges", boost::num_edges(view->graph));
    report->Add("BuildGraphView, first", first_ms, "ms", "once, before the warm runs");
    report->Add("BuildGraphView RSS delta", rss, "bytes", "view alive");
    report->Add("BuildGraphView RSS delta per edge", rss / edges, "bytes/edge",
                "vertices included");
    report->Add("BuildGraphView heap in use", heap, "bytes", "mallinfo2 delta, view alive");
    report->Add("BuildGraphView heap per edge", heap / edges, "bytes/edge", "vertices included");
  }
  Status failed = Status::Ok();
  auto keep = [&failed](const Status& status) {
    if (failed.ok() && !status.ok()) failed = status;
  };

  const double build_ms = WarmMedianMs(runs, [&] {
    Result<GraphView> view = BuildGraphView(store, {});
    keep(view.status());
  });
  if (!failed.ok()) return failed;
  report->Add("BuildGraphView", build_ms, "ms", note + ", destruction included");

  size_t rows1 = 0;
  const double depth1_ms = WarmMedianMs(runs, [&] {
    Result<NeighborsAnswer> a = Neighbors(store, hub.name, 1, Direction::kBoth, {});
    keep(a.status());
    if (a.ok()) rows1 = a->rows.size();
  });
  size_t rows2 = 0;
  const double depth2_ms = WarmMedianMs(runs, [&] {
    Result<NeighborsAnswer> a = Neighbors(store, hub.name, 2, Direction::kBoth, {});
    keep(a.status());
    if (a.ok()) rows2 = a->rows.size();
  });
  if (!failed.ok()) return failed;
  report->Add("neighbors depth 1 of hub", depth1_ms, "ms", note + ", both directions");
  report->Add("neighbors depth 1 rows", static_cast<double>(rows1), "rows", "");
  report->Add("neighbors depth 2 of hub", depth2_ms, "ms", note + ", both directions");
  report->Add("neighbors depth 2 rows", static_cast<double>(rows2), "rows", "");

  size_t events = 0;
  const double timeline_ms = WarmMedianMs(runs, [&] {
    Result<TimelineAnswer> a = Timeline(store, hub.name, "", Period::kMonth, {});
    keep(a.status());
    if (a.ok()) events = a->events.size();
  });
  if (!failed.ok()) return failed;
  report->Add("timeline of hub", timeline_ms, "ms", note + ", by month");
  report->Add("timeline events", static_cast<double>(events), "events", "");

  // Five random pairs of connected entities, each timed `runs` times.
  constexpr int kPairs = 5;
  constexpr int kMaxDepth = 6;
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<size_t> pick(0, candidates.size() - 1);
  std::vector<double> path_ms;
  std::vector<double> path_lengths;
  int not_found = 0;
  for (int p = 0; p < kPairs; ++p) {
    size_t a = pick(rng);
    size_t b = pick(rng);
    while (b == a) b = pick(rng);
    const std::string& from = candidates[a].name;
    const std::string& to = candidates[b].name;
    Result<std::vector<PathStep>> warm = ShortestPath(store, from, to, kMaxDepth, {});
    if (!warm.ok() && !warm.status().IsNotFound()) return warm.status();
    if (warm.ok()) {
      path_lengths.push_back(static_cast<double>(warm->size()));
    } else {
      ++not_found;
    }
    for (int r = 0; r < runs; ++r) {
      Stopwatch watch;
      Result<std::vector<PathStep>> path = ShortestPath(store, from, to, kMaxDepth, {});
      path_ms.push_back(watch.Millis());
      if (!path.ok() && !path.status().IsNotFound()) return path.status();
    }
  }
  report->Add("shortest path, random pair", Median(path_ms), "ms",
              "median of " + std::to_string(kPairs) + " pairs x " + std::to_string(runs) +
                  ", warm, max depth " + std::to_string(kMaxDepth));
  report->Add("shortest path length", Median(path_lengths), "steps",
              "median; " + std::to_string(not_found) + " pair(s) without a path");

  ExportCounts counts;
  const double export_ms = WarmMedianMs(runs, [&] {
    std::ofstream devnull("/dev/null");
    Result<ExportCounts> written = ExportGraphml(store, {}, devnull);
    keep(written.status());
    if (written.ok()) counts = *written;
  });
  if (!failed.ok()) return failed;
  report->Add("GraphML export, everything", export_ms, "ms", note + ", to /dev/null");
  report->Add("GraphML export rate", static_cast<double>(counts.edges) / (export_ms / 1e3),
              "edges/s",
              std::to_string(counts.nodes) + " nodes, " + std::to_string(counts.edges) + " edges");
  return Status::Ok();
}

}  // namespace geokg::bench
