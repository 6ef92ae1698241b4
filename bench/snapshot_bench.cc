// geokg_bench snapshot: the graph snapshot (geokg/snapshot.h, the file
// graph.csr in the database folder) of a store: its size per edge, the time
// to map it, and the time and memory to build it from the store's tables.
//
// The snapshot module was still being written when this bench was added, so
// it compiles only where geokg/snapshot.h exists; elsewhere the subcommand
// reports "not available" (exit 1).
#include <filesystem>
#include <memory>
#include <string>

#include "benches.h"

#if __has_include("geokg/snapshot.h")
#include "geokg/snapshot.h"
#define GEOKG_BENCH_HAVE_SNAPSHOT 1
#endif

namespace geokg::bench {

#ifdef GEOKG_BENCH_HAVE_SNAPSHOT
namespace {

namespace fs = std::filesystem;

// Renames the snapshot file aside for its lifetime, so that the store has to
// build the snapshot from its tables; puts it back on destruction.
class FileAside {
 public:
  explicit FileAside(std::string path) : path_(std::move(path)), aside_(path_ + ".bench-aside") {
    std::error_code ec;
    fs::rename(path_, aside_, ec);
    moved_ = !ec;
  }
  ~FileAside() {
    std::error_code ec;
    if (moved_) fs::rename(aside_, path_, ec);
  }
  FileAside(const FileAside&) = delete;
  FileAside& operator=(const FileAside&) = delete;

 private:
  std::string path_;
  std::string aside_;
  bool moved_ = false;
};

}  // namespace

Status RunSnapshotBench(const BenchOptions& options, Report* report) {
  const int runs = options.runs > 0 ? options.runs : 3;
  const std::string file = (fs::path(options.db) / kSnapshotFileName).string();
  report->SetParam("db", options.db);
  report->SetParam("runs", runs);
  std::error_code ec;
  const bool has_file = fs::exists(file, ec);
  report->SetParam("snapshot_file", has_file ? file : "absent");
  if (has_file) {
    const double bytes = static_cast<double>(fs::file_size(file, ec));
    std::vector<double> ms;
    std::unique_ptr<GraphSnapshot> loaded;
    for (int r = 0; r < runs; ++r) {
      Stopwatch watch;
      Result<std::unique_ptr<GraphSnapshot>> snapshot = GraphSnapshot::Load(file);
      ms.push_back(watch.Millis());
      if (!snapshot.ok()) return snapshot.status();
      loaded = std::move(snapshot).value();
    }
    const double edges = std::max<double>(1, loaded->edge_count());
    report->SetParam("nodes", loaded->node_count());
    report->SetParam("edges", loaded->edge_count());
    report->Add("snapshot file", bytes, "bytes", kSnapshotFileName);
    report->Add("snapshot file per edge", bytes / edges, "bytes/edge",
                "nodes included, strings excluded");
    report->Add("GraphSnapshot::Load", Median(ms), "ms",
                "median of " + std::to_string(runs) + ", map of the file, page cache warm");
  }

  // The build from the tables: the file is moved aside while the store is
  // open, so Store::Snapshot() has to build it.
  FileAside aside(file);
  StoreOptions store_options;
  store_options.read_only = true;
  store_options.create_if_missing = false;
  Result<std::unique_ptr<Store>> opened = Store::Open(options.db, store_options);
  if (!opened.ok()) return opened.status();
  const uint64_t heap_before = HeapInUseBytes();
  Stopwatch watch;
  Result<std::shared_ptr<const GraphSnapshot>> built = (*opened)->Snapshot();
  const double build_ms = watch.Millis();
  if (!built.ok()) return built.status();
  const double heap = static_cast<double>(std::max(heap_before, HeapInUseBytes()) - heap_before);
  const double edges = std::max<double>(1, (*built)->edge_count());
  report->SetParam("built_edges", (*built)->edge_count());
  report->Add("Store::Snapshot, built from the tables", build_ms, "ms",
              "once, read-only store, graph.csr moved aside");
  report->Add("built snapshot, arrays", static_cast<double>((*built)->memory_bytes()) / edges,
              "bytes/edge", "GraphSnapshot::memory_bytes / edges");
  report->Add("built snapshot, heap delta", heap / edges, "bytes/edge",
              "mallinfo2 in-use delta with the snapshot alive (store caches included)");
  return Status::Ok();
}

#else

Status RunSnapshotBench(const BenchOptions&, Report*) {
  return Status::NotFound("not available: this tree has no geokg/snapshot.h");
}

#endif

}  // namespace geokg::bench
