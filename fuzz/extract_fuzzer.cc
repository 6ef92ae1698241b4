// Fuzz target: the whole extractor (noise, sentences, mentions, tagger and
// parser, relations) on one article. Inputs that are not valid UTF-8 are
// skipped: the readers refuse them before extraction (reader_fuzzer).
//
// Invariants: every triple names entities of the article, has a predicate,
// evidence that is valid UTF-8, and a confidence in [0, 1].
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "fuzz_check.h"
#include "geokg/extract.h"
#include "text.h"

namespace {

const geokg::Extractor& SharedExtractor() {
  static const geokg::Extractor* extractor = [] {
    auto created = geokg::Extractor::Create();
    if (!created.ok()) {
      std::fprintf(stderr, "extract_fuzzer: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    return created.value().release();
  }();
  return *extractor;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  geokg::Article article;
  article.text.assign(reinterpret_cast<const char*>(data), size);
  if (!geokg::text::IsValidUtf8(article.text)) return 0;
  article = geokg::ArticleFromText("fuzz.txt", std::move(article.text), "fuzz.txt");

  geokg::ActorMemory memory;
  const geokg::ArticleExtraction extraction = SharedExtractor().Extract(article, &memory);
  std::set<std::string> names;
  for (const auto& entity : extraction.entities) {
    FUZZ_CHECK(!entity.name.empty());
    names.insert(entity.name);
  }
  for (const auto& triple : extraction.triples) {
    FUZZ_CHECK(names.count(triple.subject) == 1);
    FUZZ_CHECK(names.count(triple.object) == 1);
    FUZZ_CHECK(!triple.predicate.empty());
    FUZZ_CHECK(geokg::text::IsValidUtf8(triple.evidence));
    FUZZ_CHECK(triple.confidence >= 0 && triple.confidence <= 1);
  }
  return 0;
}
