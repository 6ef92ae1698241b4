// geokg extract: ReadArticles -> Extractor::Extract -> stdout, nothing stored.
#include <iostream>

#include "commands.h"
#include "geokg/extract.h"
#include "parallel_extract.h"

namespace geokg::cli {
namespace {

Json ExtractionJson(const ArticleExtraction& extraction) {
  const Article& article = extraction.article;
  Json entities = Json::array();
  for (const EntityMention& entity : extraction.entities) {
    entities.push_back({{"name", entity.name},
                        {"type", std::string(EntityTypeName(entity.type))},
                        {"mentions", entity.mentions}});
  }
  Json triples = Json::array();
  for (const Triple& triple : extraction.triples) {
    triples.push_back({{"subject", triple.subject},
                       {"relation", std::string(RelationName(triple.relation))},
                       {"object", triple.object},
                       {"predicate", triple.predicate},
                       {"negated", triple.negated},
                       {"date", DateJson(triple.date)},
                       {"sentence", triple.sentence},
                       {"evidence", triple.evidence},
                       {"confidence", triple.confidence}});
  }
  return {{"doc", article.id},
          {"title", article.title},
          {"date", DateJson(article.date)},
          {"date_source", std::string(DateSourceName(article.date_source))},
          {"entities", entities},
          {"triples", triples}};
}

void PrintExtractionTable(const ArticleExtraction& extraction, std::ostream& out) {
  const Article& article = extraction.article;
  out << "== " << article.id;
  if (!article.title.empty()) out << "  \"" << article.title << "\"";
  out << "  " << DateText(article.date) << " (" << DateSourceName(article.date_source) << ")\n\n";
  Table entities({"entity", "type", "mentions"});
  for (const EntityMention& entity : extraction.entities) {
    std::string mentions;
    for (const std::string& mention : entity.mentions) {
      mentions += (mentions.empty() ? "" : ", ") + mention;
    }
    entities.AddRow({entity.name, std::string(EntityTypeName(entity.type)), mentions});
  }
  if (entities.rows() == 0) {
    out << "(no entities)\n";
  } else {
    entities.Print(out);
  }
  out << '\n';
  if (extraction.triples.empty()) out << "(no triples)\n";
  for (const Triple& triple : extraction.triples) {
    out << triple.subject << " -" << RelationName(triple.relation) << "-> " << triple.object
        << "  [" << (triple.negated ? "NOT " : "") << "\"" << triple.predicate << "\", "
        << DateText(triple.date) << ", sentence " << triple.sentence << "]\n"
        << "    " << Clip(triple.evidence, 200) << '\n';
  }
  out << '\n';
}

}  // namespace

int RunExtract(const Invocation& invocation) {
  std::vector<std::string> paths = invocation.args.positionals();
  if (paths.empty()) paths.push_back("-");
  Result<int> threads = ThreadsFlag(invocation.args);
  if (!threads.ok()) return UsageError(invocation.command, threads.status().message());

  ExtractorOptions options;
  options.parse = !invocation.args.Has("no-parse");
  Result<std::unique_ptr<Extractor>> extractor = Extractor::Create(options);
  if (!extractor.ok()) {
    return Fail(invocation, "cannot load the extraction data: " + extractor.status().ToString());
  }
  ActorMemory memory;
  size_t articles_read = 0;
  Json articles = Json::array();  // --format json only.
  Json problems = Json::array();
  // Extractions and problems arrive here in input order (parallel_extract.h).
  auto on_extraction = [&](ArticleExtraction&& extraction) {
    switch (invocation.format) {
      case OutputFormat::kJsonl:
        WriteRecordsJsonl(extraction, std::cout);
        break;
      case OutputFormat::kJson:
        articles.push_back(ExtractionJson(extraction));
        break;
      default:
        PrintExtractionTable(extraction, std::cout);
        break;
    }
  };
  auto on_problem = [&](const ReadProblem& problem) {
    std::cerr << "geokg extract: " << problem.where << ": " << problem.reason << '\n';
    problems.push_back({{"where", problem.where}, {"reason", problem.reason}});
  };
  ParallelExtraction parallel(**extractor, &memory, *threads, on_extraction, on_problem);
  auto on_article = [&](Article&& article) {
    ++articles_read;
    parallel.Add(std::move(article));
  };
  Status read = ReadArticles(paths, std::cin, ReadOptions(), on_article,
                             [&](const ReadProblem& problem) { parallel.AddProblem(problem); });
  parallel.Finish();
  if (!read.ok()) return Fail(invocation, read.ToString());
  if (invocation.format == OutputFormat::kJson) {
    PrintJson({{"articles", articles}, {"problems", problems}}, std::cout);
  }
  std::cout.flush();
  if (articles_read == 0 && !problems.empty()) {
    return Fail(invocation, "no article could be read");
  }
  return kExitOk;
}

}  // namespace geokg::cli
