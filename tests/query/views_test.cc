// The drawn views: timeline charts (svg, html), the report and the
// strongest dyads. Hostile text stays intact and inert in each.
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fixture.h"
#include "geokg/graph.h"
#include "geokg/query.h"

namespace geokg {
namespace {

using testing_fixture::FixtureTest;

std::string Unescape(std::string s) {
  auto replace = [&s](const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  };
  replace("&lt;", "<");
  replace("&gt;", ">");
  replace("&quot;", "\"");
  replace("&apos;", "'");
  replace("&amp;", "&");
  return s;
}

TimelineAnswer HostileTimeline() {
  TimelineAnswer answer;
  answer.actor = {"<script>alert(1)</script>", EntityType::kOrg};
  TimelineEvent e;
  e.date = Date::FromYmd(2024, 3, 1);
  e.relation = Relation::kAccuse;
  e.object = {"\"&'", EntityType::kGpe};
  e.evidence = "said </script><img src=x onerror=alert(1)> here";
  e.doc = "doc<1>";
  answer.events.push_back(e);
  e.date = Date{};
  e.relation = Relation::kSupport;
  answer.events.push_back(e);
  answer.periods = {{"2024-03", 0, 1, -1}, {"unknown", 1, 0, 1}};
  answer.total_events = 2;
  return answer;
}

class TimelineChartTest : public ::testing::TestWithParam<bool> {};

TEST_P(TimelineChartTest, DrawsEveryEventAndEscapesText) {
  std::ostringstream out;
  ASSERT_TRUE(WriteTimelineChart(HostileTimeline(), Period::kMonth, GetParam(), out).ok());
  const std::string text = out.str();
  EXPECT_EQ(text.find("<script"), std::string::npos);
  EXPECT_EQ(text.find("<img"), std::string::npos);
  const std::string plain = Unescape(text);
  EXPECT_NE(plain.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(plain.find("\"&'"), std::string::npos);
  EXPECT_NE(plain.find("</script><img src=x onerror=alert(1)>"), std::string::npos);
  // One mark per event (the undated one in the "unknown" column), one bar
  // per period.
  size_t marks = 0, bars = 0;
  for (size_t at = text.find("class=\"event\""); at != std::string::npos;
       at = text.find("class=\"event\"", at + 1)) {
    ++marks;
  }
  for (size_t at = text.find("class=\"balance\""); at != std::string::npos;
       at = text.find("class=\"balance\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(marks, 2u);
  EXPECT_EQ(bars, 2u);
  EXPECT_NE(text.find(">unknown<"), std::string::npos);
  EXPECT_EQ(GetParam(), text.rfind("<!DOCTYPE html>", 0) == 0);
}

INSTANTIATE_TEST_SUITE_P(SvgAndHtml, TimelineChartTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Html" : "Svg";
                         });

TEST(TimelineChartTest, ManyEventsInOnePeriodEndInACount) {
  TimelineAnswer answer;
  answer.actor = {"Russia", EntityType::kGpe};
  for (int i = 0; i < 30; ++i) {
    TimelineEvent e;
    e.date = Date::FromYmd(2024, 1, 1 + i % 28);
    e.relation = Relation::kAssault;
    e.object = {"Ukraine", EntityType::kGpe};
    answer.events.push_back(e);
  }
  answer.periods = {{"2024-01", 0, 30, -30}};
  answer.total_events = 30;
  std::ostringstream out;
  ASSERT_TRUE(WriteTimelineChart(answer, Period::kMonth, false, out).ok());
  EXPECT_NE(out.str().find(">+8<"), std::string::npos);  // 22 drawn, 8 counted.
}

struct DyadCase {
  const char* name;
  bool cooperative;
  std::vector<std::string> pairs;  // "first|second|events|a->b|b->a", in order.
};

class DyadsTest : public FixtureTest, public ::testing::WithParamInterface<DyadCase> {};

TEST_P(DyadsTest, RanksPairsByEvents) {
  Result<std::vector<Dyad>> dyads =
      StrongestDyads(*store_, {}, ExportOptions{}, GetParam().cooperative, 10);
  ASSERT_TRUE(dyads.ok()) << dyads.status().ToString();
  std::vector<std::string> got;
  for (const Dyad& d : *dyads) {
    got.push_back(d.first.name + "|" + d.second.name + "|" + std::to_string(d.events) + "|" +
                  std::to_string(d.first_to_second) + "|" + std::to_string(d.second_to_first));
  }
  EXPECT_EQ(got, GetParam().pairs);
}

INSTANTIATE_TEST_SUITE_P(
    Fixture, DyadsTest,
    ::testing::Values(
        // Support twice (a1, a5) and consult once; request is neutral.
        DyadCase{"Cooperative", true, {"United States|Ukraine|2|2|0", "United States|NATO|1|1|0"}},
        // The negated threat against Iran does not count.
        DyadCase{"Conflictual",
                 false,
                 // Ties by the names of the pair (first = the older entity).
                 {"Ukraine|Russia|2|1|1", "Hamas|Israel|1|1|0", "Russia|European Union|1|0|1",
                  "Ukraine|NATO|1|0|1", "United States|Iran|1|1|0"}}),
    [](const ::testing::TestParamInfo<DyadCase>& info) { return std::string(info.param.name); });

TEST_F(FixtureTest, ReportHoldsGraphTopActorsTimelinesAndDyads) {
  std::ostringstream out;
  Result<ReportSummary> summary = WriteReport(*store_, {}, ExportOptions{}, 3, out);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->graph.nodes, 11u);
  EXPECT_EQ(summary->graph.edges, 16u);
  EXPECT_FALSE(summary->actors.empty());
  EXPECT_EQ(summary->actors.front(), "United States");
  EXPECT_EQ(summary->cooperative_dyads, 2u);
  EXPECT_EQ(summary->conflictual_dyads, 5u);
  const std::string page = out.str();
  EXPECT_NE(page.find("id=\"geokg-data\""), std::string::npos);
  EXPECT_NE(page.find("by PageRank"), std::string::npos);
  EXPECT_NE(page.find("class=\"timeline\""), std::string::npos);
  // The fixture's evidence with markup reaches the page only as escaped
  // JSON inside the data element.
  EXPECT_EQ(page.find("<script>alert"), std::string::npos);
}

TEST_F(FixtureTest, ReportAroundRanksInsideTheEgoNetwork) {
  ExportOptions options;
  options.around = "Hamas";
  std::ostringstream out;
  Result<ReportSummary> summary = WriteReport(*store_, {}, options, 5, out);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->graph.nodes, 2u);
  EXPECT_EQ(summary->graph.edges, 1u);
  // Hamas acts (one threat); Israel is only its object.
  EXPECT_EQ(summary->actors, std::vector<std::string>{"Hamas"});
  const std::string page = out.str();
  EXPECT_NE(page.find("Israel: no events of its own"), std::string::npos);
  EXPECT_EQ(page.find("United States</td>"), std::string::npos);  // Outside the ego network.
  EXPECT_EQ(summary->conflictual_dyads, 1u);
}

}  // namespace
}  // namespace geokg
