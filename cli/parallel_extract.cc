#include "parallel_extract.h"

#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <thread>
#include <utility>

namespace geokg::cli {
namespace {

// Items in flight per worker. The fewer, the fresher the workers' memories
// and the fewer articles extracted again (per 2000 generated articles with 2
// workers: about 12 at 4, 17 at 8, 26 at 16); the more, the less a long
// article or a descheduled writing thread leaves the workers idle.
constexpr size_t kInFlightPerThread = 8;

ReadProblem ExtractionProblem(const Article& article, const std::exception& e) {
  return {article.origin.empty() ? article.id : article.origin,
          std::string("extraction failed: ") + e.what()};
}

}  // namespace

Result<int> ThreadsFlag(const ParsedArgs& args) {
  if (args.Has("threads")) return ParseIntFlag("threads", args.Get("threads"), 1, kMaxThreads);
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(cores), 1, kMaxThreads);
}

ParallelExtraction::ParallelExtraction(const Extractor& extractor, ActorMemory* memory, int threads,
                                       OnExtraction on_extraction, OnProblem on_problem)
    : extractor_(extractor),
      memory_(memory),
      on_extraction_(std::move(on_extraction)),
      on_problem_(std::move(on_problem)) {
  if (threads <= 1) return;
  for (int w = 0; w < threads; ++w) {
    replicas_.push_back(std::make_unique<Replica>());
    replicas_.back()->memory = *memory;
  }
  pool_ = std::make_unique<OrderedPool<Job, Done>>(
      threads, kInFlightPerThread * static_cast<size_t>(threads),
      [this](Job&& job, int worker) { return Work(std::move(job), worker); },
      [this](Done&& done) { Emit(std::move(done)); });
}

ParallelExtraction::~ParallelExtraction() = default;

void ParallelExtraction::Add(Article&& article) {
  if (pool_ == nullptr) {
    Done done = ExtractHere(article);
    if (done.problem) {
      on_problem_(*done.problem);
    } else {
      Commit(std::move(done));
    }
    return;
  }
  pool_->Submit(Job{std::move(article), std::nullopt});
}

void ParallelExtraction::AddProblem(const ReadProblem& problem) {
  if (pool_ == nullptr) {
    on_problem_(problem);
    return;
  }
  pool_->Submit(Job{Article(), problem});
}

void ParallelExtraction::Finish() {
  if (pool_ != nullptr) pool_->Finish();
  // A developer's aid: how often the workers' memories were too stale.
  if (std::getenv("GEOKG_PARALLEL_STATS") != nullptr) {
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    std::cerr << "parallel extraction: " << articles_ << " articles, " << redone_
              << " extracted again; reading and writing thread: "
              << static_cast<double>(cpu.tv_sec) + static_cast<double>(cpu.tv_nsec) / 1e9
              << " s CPU\n";
  }
}

ParallelExtraction::Done ParallelExtraction::ExtractHere(const Article& article) {
  Done done;
  try {
    done.log = std::make_shared<ActorMemoryLog>();
    done.extraction = extractor_.Extract(article, *memory_, done.log.get());
  } catch (const std::exception& e) {
    done.log.reset();
    done.problem = ExtractionProblem(article, e);
  }
  return done;
}

ParallelExtraction::Done ParallelExtraction::Work(Job&& job, int worker) {
  Done done;
  if (job.problem) {
    done.problem = std::move(job.problem);
    return done;
  }
  Replica& replica = *replicas_[static_cast<size_t>(worker)];
  std::vector<std::shared_ptr<const ActorMemoryLog>> lessons;
  {
    std::lock_guard<std::mutex> lock(replica.mu);
    lessons.swap(replica.pending);
  }
  for (const auto& log : lessons) log->Teach(&replica.memory);
  try {
    done.log = std::make_shared<ActorMemoryLog>();
    done.extraction = extractor_.Extract(job.article, replica.memory, done.log.get());
  } catch (const std::exception&) {
    // Whether it throws may depend on the memory: Emit() extracts again
    // against the up-to-date one and reports a problem if that throws too.
    done.log.reset();
    done.extraction.article = std::move(job.article);
  }
  return done;
}

void ParallelExtraction::Emit(Done&& done) {
  if (done.problem) {
    on_problem_(*done.problem);
    return;
  }
  if (done.log == nullptr || !done.log->Agrees(*memory_)) {
    // Stale: a name or role this article looked up changed in the articles
    // just before it. Extract again against the up-to-date memory.
    ++redone_;
    Article article = std::move(done.extraction.article);
    done = ExtractHere(article);
    if (done.problem) {
      on_problem_(*done.problem);
      return;
    }
  }
  Commit(std::move(done));
}

void ParallelExtraction::Commit(Done&& done) {
  done.log->Teach(memory_);
  for (auto& replica : replicas_) {
    std::lock_guard<std::mutex> lock(replica->mu);
    replica->pending.push_back(done.log);
  }
  ++articles_;
  on_extraction_(std::move(done.extraction));
}

}  // namespace geokg::cli
