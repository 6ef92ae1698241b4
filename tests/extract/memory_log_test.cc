// ActorMemoryLog: an extraction against a stale memory agrees with the
// up-to-date memory exactly when it would come out the same, and Teach()
// learns what Extract(article, &memory) learns.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "geokg/extract.h"
#include "shared_extractor.h"

namespace geokg {
namespace {

Article MakeArticle(const std::string& id, const std::string& text) {
  Article article;
  article.id = id;
  article.text = text;
  article.date = Date::FromYmd(2024, 3, 5);
  article.date_source = DateSource::kMetadata;
  return article;
}

std::string Records(const ArticleExtraction& extraction) {
  std::ostringstream out;
  WriteRecordsJsonl(extraction, out);
  return out.str();
}

const char* const kIntroduces =
    "ANKARA: US Secretary of State Antony Blinken met Turkish Foreign Minister Hakan Fidan.";
const char* const kOtherBlinken =
    "PARIS: French Ambassador Sarah Blinken said on Monday that France would help Chad.";

struct LogCase {
  std::string name;
  // Articles the up-to-date memory has learnt, in order; the stale memory
  // has learnt the first `stale_prefix` of them.
  std::vector<std::string> history;
  size_t stale_prefix;
  std::string text;  // The article extracted against the stale memory.
  bool agrees;       // Whether its log agrees with the up-to-date memory.
};

class MemoryLogTest : public ::testing::TestWithParam<LogCase> {};

TEST_P(MemoryLogTest, AgreesExactlyWhenTheExtractionIsTheSame) {
  const LogCase& c = GetParam();
  const Extractor* extractor = testing::SharedExtractor();
  ASSERT_NE(extractor, nullptr);
  ActorMemory stale;
  ActorMemory current;
  for (size_t i = 0; i < c.history.size(); ++i) {
    Article earlier = MakeArticle("h" + std::to_string(i), c.history[i]);
    if (i < c.stale_prefix) extractor->Extract(earlier, &stale);
    extractor->Extract(earlier, &current);
  }
  const Article article = MakeArticle("a", c.text);
  ActorMemoryLog log;
  ArticleExtraction speculative = extractor->Extract(article, stale, &log);
  EXPECT_GT(log.lookups(), 0u);
  EXPECT_EQ(log.Agrees(current), c.agrees);
  EXPECT_TRUE(log.Agrees(stale));  // A memory always agrees with itself.

  ActorMemory sequential = current;
  ArticleExtraction expected = extractor->Extract(article, &sequential);
  if (c.agrees) {
    EXPECT_EQ(Records(speculative), Records(expected));
  }
  // Teach() after an agreeing log learns what Extract(article, &memory) did.
  ActorMemoryLog fresh;
  ArticleExtraction again = extractor->Extract(article, current, &fresh);
  EXPECT_EQ(Records(again), Records(expected));
  ASSERT_TRUE(fresh.Agrees(current));
  fresh.Teach(&current);
  EXPECT_EQ(current.size(), sequential.size());
  for (const char* surface : {"Blinken", "Antony Blinken", "Fidan", "Hakan Fidan", "US"}) {
    const EntityMention* a = current.Find(surface);
    const EntityMention* b = sequential.Find(surface);
    ASSERT_EQ(a != nullptr, b != nullptr) << surface;
    if (a != nullptr) {
      EXPECT_EQ(a->name, b->name) << surface;
    }
  }
  const ActorMemory::Role* a = current.RoleOn("Antony Blinken", article.date);
  const ActorMemory::Role* b = sequential.RoleOn("Antony Blinken", article.date);
  ASSERT_EQ(a != nullptr, b != nullptr);
  if (a != nullptr) {
    EXPECT_EQ(a->organisation, b->organisation);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MemoryLogTest,
    ::testing::Values(
        // "Blinken" alone resolves only with the introducing article learnt.
        LogCase{
            "surname_needs_history", {kIntroduces}, 0, "Blinken said the US would help.", false},
        LogCase{"surname_learnt", {kIntroduces}, 1, "Blinken said the US would help.", true},
        // Nothing the article looks up changed: a stale memory is good enough.
        LogCase{"unrelated_history", {kIntroduces}, 0, "Germany sanctioned Iran on Monday.", true},
        // A second Blinken makes the surname ambiguous: the answer changed.
        LogCase{"surname_became_ambiguous",
                {kIntroduces, kOtherBlinken},
                1,
                "Blinken said the US would help.",
                false},
        // The role learnt earlier decides whom "Fidan" speaks for.
        LogCase{"role_needs_history", {kIntroduces}, 0, "Fidan criticised Israel.", false}),
    [](const ::testing::TestParamInfo<LogCase>& info) { return info.param.name; });

}  // namespace
}  // namespace geokg
