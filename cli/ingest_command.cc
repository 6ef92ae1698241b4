// geokg ingest: ReadArticles -> Extractor::Extract -> Store::PutArticle.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "geokg/extract.h"
#include "parallel_extract.h"
#include "progress.h"

namespace geokg::cli {
namespace {

// The progress line of ingest: files, articles, triples and problems.
class IngestProgress {
 public:
  void Update(const ReadProgress& read, size_t triples, size_t problems, bool force = false) {
    if (!line_.Due(force)) return;
    const double seconds = line_.Seconds();
    const double rate = seconds > 0 ? static_cast<double>(read.articles) / seconds : 0.0;
    char text[200];
    std::snprintf(text, sizeof(text),
                  "files %zu/%zu  articles %zu  triples %zu  problems %zu  %.1f articles/s",
                  read.files_done, read.files_total, read.articles, triples, problems, rate);
    line_.Show(text);
  }
  void Clear() { line_.Clear(); }

 private:
  ProgressLine line_;
};

struct IngestTotals {
  size_t articles_read = 0;
  size_t added = 0;
  size_t unchanged = 0;
  size_t replaced = 0;
  size_t triples = 0;  // In the added and replaced articles.
  size_t store_failures = 0;
  std::vector<ReadProblem> problems;
};

}  // namespace

int RunIngest(const Invocation& invocation) {
  if (invocation.args.Has("records")) return RunIngestRecords(invocation);
  const std::vector<std::string>& paths = invocation.args.positionals();
  if (paths.empty()) return UsageError(invocation.command, "no PATH given (a file, folder or -)");
  Result<int> threads = ThreadsFlag(invocation.args);
  if (!threads.ok()) return UsageError(invocation.command, threads.status().message());

  ExtractorOptions options;
  options.parse = !invocation.args.Has("no-parse");
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    return Fail(invocation, "cannot load the extraction data: " + extractor.status().ToString());
  }
  Result<std::unique_ptr<Store>> opened = Store::Open(invocation.db);
  if (!opened.ok()) {
    return Fail(invocation,
                "cannot open database '" + invocation.db + "': " + opened.status().ToString());
  }
  Store& store = **opened;

  // People seen in earlier runs, and the roles stated for them, resolve
  // "Blinken said ..." in this one.
  ActorMemory memory;
  Status seeded = SeedActorMemory(store, &memory);
  if (!seeded.ok()) {
    return Fail(invocation, "cannot read the stored entities: " + seeded.ToString());
  }

  IngestTotals totals;
  IngestProgress progress;
  ReadProgress last_read;
  auto report = [&](const ReadProblem& problem) {
    progress.Clear();
    std::cerr << "geokg ingest: " << problem.where << ": " << problem.reason << '\n';
    totals.problems.push_back(problem);
  };
  // Extractions and read problems arrive here in input order, and only here
  // is the store written (parallel_extract.h).
  auto on_extraction = [&](ArticleExtraction&& extraction) {
    const Article& article = extraction.article;
    Result<PutOutcome> outcome = store.PutArticle(extraction);
    if (!outcome.ok()) {
      ++totals.store_failures;
      std::string where = article.origin.empty() ? article.id : article.origin;
      report(
          {where, "cannot store article \"" + article.id + "\": " + outcome.status().ToString()});
      return;
    }
    switch (*outcome) {
      case PutOutcome::kAdded:
        ++totals.added;
        totals.triples += extraction.triples.size();
        break;
      case PutOutcome::kReplaced:
        ++totals.replaced;
        totals.triples += extraction.triples.size();
        break;
      case PutOutcome::kUnchanged:
        ++totals.unchanged;
        break;
    }
    last_read.articles = totals.articles_read;
    progress.Update(last_read, totals.triples, totals.problems.size());
  };
  ParallelExtraction parallel(**extractor, &memory, *threads, on_extraction, report);
  auto on_article = [&](Article&& article) {
    ++totals.articles_read;
    parallel.Add(std::move(article));
  };
  auto on_progress = [&](const ReadProgress& read) {
    last_read = read;
    progress.Update(read, totals.triples, totals.problems.size());
  };
  Status read = ReadArticles(
      paths, std::cin, ReadOptions(), on_article,
      [&](const ReadProblem& problem) { parallel.AddProblem(problem); }, on_progress);
  parallel.Finish();
  progress.Update(last_read, totals.triples, totals.problems.size(), /*force=*/true);
  progress.Clear();
  // Keep the graph snapshot beside the data current, also after a failed
  // read: what was stored is stored.
  Status snapshot = store.WriteSnapshot();
  if (!snapshot.ok()) {
    std::cerr << "geokg ingest: cannot write the graph snapshot: " << snapshot.ToString() << '\n';
  }
  if (!read.ok()) return Fail(invocation, read.ToString());

  if (invocation.format == OutputFormat::kJson) {
    Json problems = Json::array();
    for (const ReadProblem& problem : totals.problems) {
      problems.push_back({{"where", problem.where}, {"reason", problem.reason}});
    }
    PrintJson({{"articles_read", totals.articles_read},
               {"added", totals.added},
               {"unchanged", totals.unchanged},
               {"replaced", totals.replaced},
               {"triples", totals.triples},
               {"problems", problems}},
              std::cout);
  } else {
    Table table({"ingested", "count"});
    table.AddRow({"articles read", std::to_string(totals.articles_read)});
    table.AddRow({"added", std::to_string(totals.added)});
    table.AddRow({"unchanged", std::to_string(totals.unchanged)});
    table.AddRow({"replaced", std::to_string(totals.replaced)});
    table.AddRow({"triples", std::to_string(totals.triples)});
    table.AddRow({"problems", std::to_string(totals.problems.size())});
    table.Print(std::cout);
  }

  if (totals.articles_read == 0 && !totals.problems.empty()) {
    return Fail(invocation, "no article could be read");
  }
  if (totals.store_failures > 0) {
    return Fail(invocation,
                std::to_string(totals.store_failures) + " article(s) could not be stored");
  }
  return kExitOk;
}

}  // namespace geokg::cli
