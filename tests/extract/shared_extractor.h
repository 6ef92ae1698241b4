// Test helper: one Extractor (default options, data and model from the
// source tree) shared by every test of the binary, and a way to run it on a
// short text dated 2023-11-30.
#ifndef GEOKG_TESTS_EXTRACT_SHARED_EXTRACTOR_H_
#define GEOKG_TESTS_EXTRACT_SHARED_EXTRACTOR_H_

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "geokg/extract.h"

namespace geokg::testing {

// The shared extractor, created on first use; null (with a test failure
// recorded) when the data files or the model cannot be loaded.
inline const Extractor* SharedExtractor() {
  static const std::unique_ptr<Extractor> extractor = [] {
    auto created = Extractor::Create();
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? std::move(created).value() : std::unique_ptr<Extractor>();
  }();
  return extractor.get();
}

inline ArticleExtraction ExtractText(const std::string& text, ActorMemory* memory = nullptr) {
  Article article;
  article.id = "t";
  article.text = text;
  article.date = Date::FromYmd(2023, 11, 30);
  article.date_source = DateSource::kMetadata;
  const Extractor* extractor = SharedExtractor();
  return extractor != nullptr ? extractor->Extract(article, memory) : ArticleExtraction{};
}

}  // namespace geokg::testing

#endif  // GEOKG_TESTS_EXTRACT_SHARED_EXTRACTOR_H_
