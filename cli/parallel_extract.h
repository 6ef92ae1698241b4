// ParallelExtraction: `geokg extract` and `geokg ingest` on several threads,
// with the output of one thread.
//
// Articles (and read problems, to keep their place) are added in input order
// on one thread; `threads` workers extract them with one shared, immutable
// Extractor; the results come back on the adding thread in input order, at
// most `max_in_flight` items behind the reading (bounded memory).
//
// The actor memory ("Blinken" alone resolves to the Antony Blinken of an
// earlier article) depends on order. Each worker extracts against its own
// copy of the memory, which lags behind: it holds what the articles already
// handed back taught. In input order, on the adding thread, each extraction's
// ActorMemoryLog is checked against the up-to-date memory: when every lookup
// it made has the same answer there, the extraction is exactly the
// one-thread extraction and is kept; otherwise (an article named someone an
// article still in flight introduced) it is extracted again, on the adding
// thread, against the up-to-date memory. Then the memory, and the workers'
// copies, learn from it. So the results equal those of --threads 1 for any
// input and any timing; only the speed depends on how often an article
// needs a name from the few articles just before it.
//
// Thread safety: all public calls from one thread; the callbacks run on it.
#ifndef GEOKG_CLI_PARALLEL_EXTRACT_H_
#define GEOKG_CLI_PARALLEL_EXTRACT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "args.h"
#include "geokg/extract.h"
#include "ordered_pool.h"

namespace geokg::cli {

// --threads N: N in [1, kMaxThreads]; absent: the number of cores (at least
// 1). InvalidArgument naming the flag for a bad value.
constexpr int kMaxThreads = 256;
Result<int> ThreadsFlag(const ParsedArgs& args);

class ParallelExtraction {
 public:
  using OnExtraction = std::function<void(ArticleExtraction&&)>;
  using OnProblem = std::function<void(const ReadProblem&)>;

  // `memory` is the up-to-date actor memory (possibly seeded); it is read
  // and taught on the calling thread only and must outlive this object.
  // threads <= 1: no thread is started and each article is extracted when
  // added. An article whose extraction throws becomes a problem naming its
  // origin (or id): "extraction failed: ...".
  ParallelExtraction(const Extractor& extractor, ActorMemory* memory, int threads,
                     OnExtraction on_extraction, OnProblem on_problem);
  ~ParallelExtraction();

  void Add(Article&& article);
  // Passes a read problem on in its input position.
  void AddProblem(const ReadProblem& problem);
  // Hands back everything still in flight and stops the workers.
  void Finish();

  // Articles handed back, and how many of them were extracted again.
  size_t articles() const { return articles_; }
  size_t redone() const { return redone_; }

 private:
  struct Job {
    Article article;
    std::optional<ReadProblem> problem;
  };
  struct Done {
    ArticleExtraction extraction;
    std::shared_ptr<ActorMemoryLog> log;
    std::optional<ReadProblem> problem;
  };
  // A worker's copy of the memory and the lessons it has yet to learn.
  struct Replica {
    ActorMemory memory;
    std::mutex mu;
    std::vector<std::shared_ptr<const ActorMemoryLog>> pending;  // Guarded by mu.
  };

  Done Work(Job&& job, int worker);
  void Emit(Done&& done);
  // Extracts against the up-to-date memory on the calling thread.
  Done ExtractHere(const Article& article);
  // Teaches the memory and the workers' copies, and hands the extraction on.
  void Commit(Done&& done);

  const Extractor& extractor_;
  ActorMemory* memory_;
  OnExtraction on_extraction_;
  OnProblem on_problem_;
  size_t articles_ = 0;
  size_t redone_ = 0;
  std::vector<std::unique_ptr<Replica>> replicas_;
  std::unique_ptr<OrderedPool<Job, Done>> pool_;  // Last: stopped before the replicas go.
};

}  // namespace geokg::cli

#endif  // GEOKG_CLI_PARALLEL_EXTRACT_H_
