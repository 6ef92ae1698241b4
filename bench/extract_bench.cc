// geokg_bench extract: articles/s and words/s of Extractor::Extract, with the
// dependency parser (default) or without it (--no-parse).
#include <algorithm>
#include <atomic>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "benches.h"
#include "geokg/extract.h"

namespace geokg::bench {
namespace {

// What one pass over the corpus found; equal between passes of the same
// kind, so it shows that the threaded passes did the same work.
struct PassOutput {
  uint64_t entities = 0;
  uint64_t triples = 0;
  std::string error;  // Non-empty when Extract threw.
};

// One thread, one ActorMemory, articles in file order.
PassOutput SingleThreadPass(const Extractor& extractor, const std::vector<Article>& articles) {
  PassOutput out;
  ActorMemory memory;
  try {
    for (const Article& article : articles) {
      ArticleExtraction extraction = extractor.Extract(article, &memory);
      out.entities += extraction.entities.size();
      out.triples += extraction.triples.size();
    }
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

// `threads` workers take the next article from a shared counter, so a slow
// article does not hold up a fixed share. Each worker owns its ActorMemory:
// what one resolves from earlier articles differs from the single-thread
// pass, so the triple counts may differ slightly.
PassOutput ParallelPass(const Extractor& extractor, const std::vector<Article>& articles,
                        int threads) {
  std::atomic<size_t> next{0};
  std::vector<PassOutput> outputs(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      PassOutput& out = outputs[static_cast<size_t>(t)];
      ActorMemory memory;
      try {
        for (size_t i = next.fetch_add(1); i < articles.size(); i = next.fetch_add(1)) {
          ArticleExtraction extraction = extractor.Extract(articles[i], &memory);
          out.entities += extraction.entities.size();
          out.triples += extraction.triples.size();
        }
      } catch (const std::exception& e) {
        out.error = e.what();
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  PassOutput total;
  for (const PassOutput& out : outputs) {
    total.entities += out.entities;
    total.triples += out.triples;
    if (total.error.empty()) total.error = out.error;
  }
  return total;
}

}  // namespace

Status RunExtractBench(const BenchOptions& options, Report* report) {
  const int runs = options.runs > 0 ? options.runs : 3;
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(threads, 1);

  std::vector<Article> articles;
  size_t problems = 0;
  Status read = ReadArticles(
      {options.input}, std::cin, ReadOptions(),
      [&articles](Article&& article) { articles.push_back(std::move(article)); },
      [&problems](const ReadProblem& problem) {
        if (++problems <= 5) std::cerr << "geokg_bench: " << problem.ToString() << '\n';
      });
  if (!read.ok()) return read;
  if (articles.empty())
    return Status::InvalidArgument("no article could be read from " + options.input);
  uint64_t words = 0;
  uint64_t bytes = 0;
  for (const Article& article : articles) {
    words += CountWords(article.title) + CountWords(article.text);
    bytes += article.title.size() + article.text.size();
  }
  report->SetParam("input", options.input);
  report->SetParam("parse", options.parse);
  if (!options.model.empty()) report->SetParam("model", options.model);
  report->SetParam("articles", articles.size());
  report->SetParam("words", words);
  report->SetParam("words_are", "whitespace-separated tokens of title + text");
  report->SetParam("text_bytes", bytes);
  report->SetParam("unreadable_records", problems);
  report->SetParam("runs", runs);
  report->SetParam("threads", threads);

  // Model load: each Create reads the data files (and, with parse, the parser
  // model) again.
  ExtractorOptions extractor_options;
  extractor_options.parse = options.parse;
  extractor_options.model_path = options.model;
  std::vector<double> load_ms;
  std::unique_ptr<Extractor> extractor;
  for (int r = 0; r < runs; ++r) {
    extractor.reset();
    Stopwatch watch;
    Result<std::unique_ptr<Extractor>> created = Extractor::Create(extractor_options);
    load_ms.push_back(watch.Millis());
    if (!created.ok()) return created.status();
    extractor = std::move(created).value();
  }
  report->Add("model load (Extractor::Create)", Median(load_ms), "ms",
              "median of " + std::to_string(runs));

  auto add_pass = [&](const std::string& label, const std::vector<double>& seconds,
                      const PassOutput& out) {
    const double median = Median(seconds);
    const std::string note = "median of " + std::to_string(runs);
    report->Add(label + ": time", median, "s", note);
    // The spread of the passes: on a shared machine it shows how far to
    // trust the median.
    const std::string of = "of " + std::to_string(runs);
    report->Add(label + ": fastest pass", *std::min_element(seconds.begin(), seconds.end()), "s",
                of);
    report->Add(label + ": slowest pass", *std::max_element(seconds.begin(), seconds.end()), "s",
                of);
    report->Add(label + ": articles/s", static_cast<double>(articles.size()) / median, "articles/s",
                note);
    report->Add(label + ": words/s", static_cast<double>(words) / median, "words/s", note);
    report->Add(label + ": entities found", static_cast<double>(out.entities), "entities",
                "per pass");
    report->Add(label + ": triples found", static_cast<double>(out.triples), "triples", "per pass");
    return median;
  };

  std::vector<double> single_s;
  std::vector<double> single_cpu_s;
  PassOutput single;
  for (int r = 0; r < runs; ++r) {
    const double cpu_start = ThreadCpuSeconds();
    Stopwatch watch;
    single = SingleThreadPass(*extractor, articles);
    single_s.push_back(watch.Seconds());
    single_cpu_s.push_back(ThreadCpuSeconds() - cpu_start);
    if (!single.error.empty()) return Status::IOError("Extract threw: " + single.error);
  }
  const double single_median = add_pass("1 thread", single_s, single);
  // The same pass per CPU-second of its thread: less sensitive to other jobs
  // on the machine than the wall-clock figures above (caches are still shared).
  const double cpu_median = Median(single_cpu_s);
  const std::string note = "median of " + std::to_string(runs) + ", thread CPU time";
  report->Add("1 thread: CPU time", cpu_median, "s", note);
  report->Add("1 thread: words per CPU-second", static_cast<double>(words) / cpu_median, "words/s",
              note);

  if (threads > 1) {
    std::vector<double> parallel_s;
    PassOutput parallel;
    for (int r = 0; r < runs; ++r) {
      Stopwatch watch;
      parallel = ParallelPass(*extractor, articles, threads);
      parallel_s.push_back(watch.Seconds());
      if (!parallel.error.empty()) return Status::IOError("Extract threw: " + parallel.error);
    }
    const std::string label = std::to_string(threads) + " threads";
    const double parallel_median = add_pass(label, parallel_s, parallel);
    report->Add(label + ": speed-up", single_median / parallel_median, "x",
                "1-thread time / " + label + " time");
  }
  return Status::Ok();
}

}  // namespace geokg::bench
