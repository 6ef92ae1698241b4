// Fuzz target: the extraction-record reader (`geokg ingest --records`).
//
// Invariants: reading never fails as a whole; every article delivered has an
// id, and each of its triples names entities of the same article; every
// problem names where and why.
#include <cstddef>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>

#include "fuzz_check.h"
#include "geokg/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream stream(std::string(reinterpret_cast<const char*>(data), size));
  const geokg::Status status = geokg::ReadRecords(
      {"-"}, stream,
      [](geokg::ArticleExtraction&& extraction) {
        FUZZ_CHECK(!extraction.article.id.empty());
        std::set<std::string> names;
        for (const auto& entity : extraction.entities) names.insert(entity.name);
        for (const auto& triple : extraction.triples) {
          FUZZ_CHECK(names.count(triple.subject) == 1);
          FUZZ_CHECK(names.count(triple.object) == 1);
          FUZZ_CHECK(triple.confidence >= 0 && triple.confidence <= 1);
        }
      },
      [](const geokg::ReadProblem& problem) {
        FUZZ_CHECK(!problem.where.empty());
        FUZZ_CHECK(!problem.reason.empty());
      });
  FUZZ_CHECK(status.ok());
  return 0;
}
