// geokg ingest --records: ReadRecords -> Store::BulkLoad, chunk by chunk.
//
// Reading runs on a second thread, a chunk ahead of the store, so that
// JSON parsing and the store's key building and file writing overlap; with
// --threads N >= 2 (default: the cores minus two), a large records file is
// parsed on N more threads, segment by segment, and handed over in input
// order (parallel_records.h).
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <time.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>
#include <utility>

#include "commands.h"
#include "geokg/extract.h"
#include "parallel_extract.h"
#include "parallel_records.h"
#include "progress.h"

namespace geokg::cli {
namespace {

// Triples per BulkLoad call: each becomes one table file of about 20 MiB.
constexpr size_t kChunkTriples = 1 << 17;
// Articles per call when they hold few triples.
constexpr size_t kChunkArticles = 1 << 15;
// Bytes of strings per call when the records are long (a FlatChunk holds
// at most 4 GiB).
constexpr size_t kChunkBytes = size_t{1} << 30;
// Chunks read ahead of the store.
constexpr size_t kQueueDepth = 2;

// What the reader thread hands over: articles in flat form, and the
// problems met while reading them.
struct Chunk {
  FlatChunk articles;
  std::vector<ReadProblem> problems;
};

// A bounded queue of chunks between the reader thread and the store.
class ChunkQueue {
 public:
  // Hands `chunk` over, and the chunks the store is done with back in
  // *spent (the reader reuses their buffers).
  void Push(Chunk chunk, std::vector<Chunk>* spent) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return chunks_.size() < kQueueDepth || abandoned_; });
    spent->swap(spent_);
    if (abandoned_) return;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
  }
  // A chunk the store is done with, for the reader to reuse (at its next
  // Push) or free (in FreeSpent once it has read everything), so that the
  // store's thread does not spend its time on that.
  void Recycle(Chunk chunk) {
    std::lock_guard<std::mutex> lock(mu_);
    spent_.push_back(std::move(chunk));
    space_.notify_all();
  }
  // The reader, after Close: frees recycled chunks until the consumer calls
  // Finish (or Abandon).
  void FreeSpent() {
    for (;;) {
      std::vector<Chunk> spent;
      bool last = false;
      {
        std::unique_lock<std::mutex> lock(mu_);
        space_.wait(lock, [&] { return !spent_.empty() || finished_ || abandoned_; });
        spent.swap(spent_);
        last = finished_ || abandoned_;
      }
      if (last) return;  // After freeing `spent`.
    }
  }
  // The consumer took its last chunk.
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    space_.notify_all();
  }
  // False once the reader is done and every chunk was taken.
  bool Pop(Chunk* chunk) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !chunks_.empty() || done_; });
    if (chunks_.empty()) return false;
    *chunk = std::move(chunks_.front());
    chunks_.pop_front();
    space_.notify_one();
    return true;
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
    ready_.notify_one();
  }
  // The consumer stops early: the reader's pushes return at once.
  void Abandon() {
    std::lock_guard<std::mutex> lock(mu_);
    abandoned_ = true;
    space_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<Chunk> chunks_;
  std::vector<Chunk> spent_;
  bool done_ = false;
  bool abandoned_ = false;
  bool finished_ = false;
};

// CPU seconds of the calling thread (`thread`) or of the process.
double CpuSeconds(bool thread) {
  timespec cpu{};
  clock_gettime(thread ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID, &cpu);
  return static_cast<double>(cpu.tv_sec) + static_cast<double>(cpu.tv_nsec) / 1e9;
}

// The progress line of ingest, counting records instead of files.
class RecordsProgress {
 public:
  void Update(size_t articles, size_t triples, size_t problems, bool force = false) {
    if (!line_.Due(force)) return;
    const double seconds = line_.Seconds();
    char text[200];
    std::snprintf(text, sizeof(text), "articles %zu  triples %zu  problems %zu  %.0f triples/s",
                  articles, triples, problems,
                  seconds > 0 ? static_cast<double>(triples) / seconds : 0.0);
    line_.Show(text);
  }
  // After the last chunk, while a deferred load's indexes are written and
  // the graph snapshot is brought up to date (seconds per 10M triples).
  void Finishing(size_t triples) {
    if (!line_.Due(/*force=*/true)) return;  // Not a terminal.
    char text[200];
    std::snprintf(text, sizeof(text), "storing %zu triples: indexes and graph snapshot", triples);
    line_.Show(text);
  }
  void Clear() { line_.Clear(); }

 private:
  ProgressLine line_;
};

}  // namespace

int RunIngestRecords(const Invocation& invocation) {
  const std::vector<std::string>& paths = invocation.args.positionals();
  if (paths.empty()) return UsageError(invocation.command, "no records FILE given (a file or -)");
  // Parsing threads for large files: --threads N, else the cores the store
  // thread and RocksDB's compaction leave. On two cores parsing on two more
  // threads was slower than on the reading thread (docs/performance.md,
  // "Session 8: ingest of records on two cores"); below 2, one thread parses.
  ParallelRecordsOptions parsing;
  if (invocation.args.Has("threads")) {
    Result<int> threads = ThreadsFlag(invocation.args);
    if (!threads.ok()) return UsageError(invocation.command, threads.status().message());
    parsing.threads = *threads;
  } else {
    parsing.threads = static_cast<int>(std::thread::hardware_concurrency()) - 2;
  }
  parsing.max_in_flight = 2 * static_cast<size_t>(std::max(parsing.threads, 2));
#ifdef __GLIBC__
  // No fast bins: when the reader built a string per record, freeing each
  // chunk's millions of them made glibc spend 10% of the process's CPU
  // merging fast-bin chunks (malloc_consolidate). 1M records: 5.2-5.5 s of
  // user CPU with them, 4.7-5.0 s without (docs/performance.md, session
  // 10). With flat chunks it makes no measurable difference either way.
  mallopt(M_MXFAST, 0);
#endif
  const auto start = std::chrono::steady_clock::now();

  // Into an empty store the chunks are staged and stored together at the
  // end (StoreOptions::defer_bulk_load): table files that overlap nothing,
  // so RocksDB never compacts them.
  StoreOptions options;
  options.defer_bulk_load = true;
  Result<std::unique_ptr<Store>> opened = Store::Open(invocation.db, options);
  if (!opened.ok()) {
    return Fail(invocation,
                "cannot open database '" + invocation.db + "': " + opened.status().ToString());
  }
  Store& store = **opened;

  ChunkQueue queue;
  Status read = Status::Ok();
  double reader_cpu = 0;  // Seconds, for GEOKG_INGEST_STATS.
  std::thread reader([&] {
    Chunk chunk;
    // Flat chunks the store is done with, cleared: their buffers are
    // filled again.
    std::vector<FlatChunk> reusable;
    std::vector<Chunk> spent;
    // The articles read so far: ReadRecordsFlat appends to it.
    FlatChunk read_into;
    auto hand_over = [&] {
      std::swap(chunk.articles, read_into);
      queue.Push(std::move(chunk), &spent);
      chunk = Chunk();
      for (Chunk& done : spent) {
        done.articles.Clear();
        reusable.push_back(std::move(done.articles));
      }
      spent.clear();
      if (!reusable.empty()) {
        read_into = std::move(reusable.back());
        reusable.pop_back();
      }
    };
    auto on_article = [&](FlatChunk* flat) {
      if (flat->triples.size() >= kChunkTriples || flat->articles.size() >= kChunkArticles ||
          flat->bytes.size() >= kChunkBytes) {
        hand_over();
      }
    };
    auto on_problem = [&](const ReadProblem& problem) { chunk.problems.push_back(problem); };
    if (parsing.threads >= 2) {
      // Segments parsed on other threads come as ArticleExtraction values.
      read = ReadRecordsParallel(
          paths, std::cin, parsing,
          [&](ArticleExtraction&& x) {
            read_into.Append(x);
            on_article(&read_into);
          },
          on_problem);
    } else {
      read = ReadRecordsFlat(paths, std::cin, &read_into, on_article, on_problem);
    }
    if (!read_into.empty() || !chunk.problems.empty()) hand_over();
    // Nothing more to reuse: freed while the store takes the last chunks,
    // before its commit needs the memory.
    std::vector<FlatChunk>().swap(reusable);
    read_into = FlatChunk();
    spent.clear();
    reader_cpu = CpuSeconds(/*thread=*/true);
    queue.Close();
    queue.FreeSpent();
  });

  size_t articles = 0;
  size_t added = 0;
  size_t unchanged = 0;
  size_t replaced = 0;
  uint64_t triples = 0;
  size_t rejected = 0;
  std::vector<ReadProblem> problems;
  RecordsProgress progress;
  auto report = [&](ReadProblem problem) {
    progress.Clear();
    std::cerr << "geokg ingest: " << problem.where << ": " << problem.reason << '\n';
    problems.push_back(std::move(problem));
  };
  Status failed = Status::Ok();
  Chunk chunk;
  while (queue.Pop(&chunk)) {
    for (ReadProblem& problem : chunk.problems) report(std::move(problem));
    if (chunk.articles.empty()) continue;
    Result<BulkLoadResult> loaded = store.BulkLoad(chunk.articles);
    if (!loaded.ok()) {
      failed = loaded.status();
      queue.Abandon();
      break;
    }
    articles += chunk.articles.size();
    added += loaded->added;
    unchanged += loaded->unchanged;
    replaced += loaded->replaced;
    triples += loaded->triples;
    for (const auto& [index, status] : loaded->rejected) {
      const FlatChunk::Article& a = chunk.articles.articles[index];
      report({std::string(chunk.articles.View(a.origin)),
              "cannot store article \"" + std::string(chunk.articles.View(a.id)) +
                  "\": " + status.ToString()});
      ++rejected;
    }
    progress.Update(articles, triples, problems.size());
    queue.Recycle(std::move(chunk));
    chunk = Chunk();
  }
  const auto chunks_done = std::chrono::steady_clock::now();
  const double store_cpu = CpuSeconds(/*thread=*/true);
  const double chunks_cpu = CpuSeconds(/*thread=*/false);
  // The reader frees the last chunks while the snapshot is written.
  queue.Finish();
  progress.Update(articles, triples, problems.size(), /*force=*/true);
  progress.Finishing(triples);
  // A deferred load (new store) is stored now, all of it, unless a chunk
  // failed: then none of it is, and CommitBulkLoad says so. Otherwise the
  // chunks stored so far stay, also when a later one failed, and the graph
  // snapshot beside the data is brought up to date.
  Status committed = store.CommitBulkLoad();
  if (!committed.ok() && failed.ok()) failed = committed;
  Status snapshot = committed.ok() ? store.WriteSnapshot() : Status::Ok();
  progress.Clear();
  reader.join();
  // A developer's aid: where an ingest's time went (docs/performance.md).
  if (std::getenv("GEOKG_INGEST_STATS") != nullptr) {
    const auto now = std::chrono::steady_clock::now();
    auto since = [](auto from, auto to) {
      return std::chrono::duration<double>(to - from).count();
    };
    std::fprintf(stderr,
                 "ingest stats: chunks %.2f s wall, %.2f s CPU (reader thread %.2f, store thread "
                 "%.2f); commit and snapshot %.2f s wall, %.2f s CPU\n",
                 since(start, chunks_done), chunks_cpu, reader_cpu, store_cpu,
                 since(chunks_done, now), CpuSeconds(/*thread=*/false) - chunks_cpu);
  }
  if (!snapshot.ok()) {
    std::cerr << "geokg ingest: cannot write the graph snapshot: " << snapshot.ToString() << '\n';
  }
  if (!failed.ok()) return Fail(invocation, "cannot store the records: " + failed.ToString());
  if (!read.ok()) return Fail(invocation, read.ToString());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (invocation.format == OutputFormat::kJson) {
    Json list = Json::array();
    for (const ReadProblem& problem : problems) {
      list.push_back({{"where", problem.where}, {"reason", problem.reason}});
    }
    PrintJson({{"articles", articles},
               {"added", added},
               {"unchanged", unchanged},
               {"replaced", replaced},
               {"triples", triples},
               {"problems", list},
               {"seconds", seconds}},
              std::cout);
  } else {
    Table table({"ingested", "count"});
    table.AddRow({"articles", std::to_string(articles)});
    table.AddRow({"added", std::to_string(added)});
    table.AddRow({"unchanged", std::to_string(unchanged)});
    table.AddRow({"replaced", std::to_string(replaced)});
    table.AddRow({"triples", std::to_string(triples)});
    table.AddRow({"problems", std::to_string(problems.size())});
    char elapsed[32];
    std::snprintf(elapsed, sizeof(elapsed), "%.2f", seconds);
    table.AddRow({"seconds", elapsed});
    table.Print(std::cout);
  }
  if (articles == 0 && !problems.empty()) return Fail(invocation, "no article could be read");
  if (rejected > 0) {
    return Fail(invocation, std::to_string(rejected) + " article(s) could not be stored");
  }
  return kExitOk;
}

}  // namespace geokg::cli
