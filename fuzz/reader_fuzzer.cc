// Fuzz target: the article readers. The input is read as the CLI reads
// stdin ("-": JSON Lines when it starts with '{', else one scraped plain-text
// article), then each line alone as a JSON Lines record.
//
// Invariants: reading never fails as a whole; every article has an id and
// valid UTF-8 text no larger than the limit; every problem names where and why.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "geokg/extract.h"
#include "text.h"

namespace {

constexpr size_t kMaxArticleBytes = 1 << 16;

void CheckArticle(const geokg::Article& article) {
  FUZZ_CHECK(!article.id.empty());
  FUZZ_CHECK(!article.origin.empty());
  FUZZ_CHECK(article.text.size() <= kMaxArticleBytes);
  FUZZ_CHECK(geokg::text::IsValidUtf8(article.text));
  FUZZ_CHECK(geokg::text::IsValidUtf8(article.title));
}

void CheckProblem(const geokg::ReadProblem& problem) {
  FUZZ_CHECK(!problem.where.empty());
  FUZZ_CHECK(!problem.reason.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  std::istringstream stream(input);
  geokg::ReadOptions options;
  options.max_article_bytes = kMaxArticleBytes;
  const geokg::Status status = geokg::ReadArticles(
      {"-"}, stream, options, [](geokg::Article&& article) { CheckArticle(article); },
      CheckProblem);
  FUZZ_CHECK(status.ok());

  size_t begin = 0;
  while (begin <= input.size()) {
    size_t end = input.find('\n', begin);
    if (end == std::string::npos) end = input.size();
    const std::string_view line(input.data() + begin, end - begin);
    auto article = geokg::ArticleFromJsonLine(line, "fuzz.jsonl:1");
    if (article.ok()) CheckArticle(article.value());
    begin = end + 1;
  }
  return 0;
}
