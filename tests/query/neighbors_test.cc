#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.h"
#include "geokg/query.h"

namespace geokg {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using testing_fixture::FixtureTest;

// "1 United States -support-> Ukraine" or "1 United States <-represents- Antony Blinken".
std::string Describe(const NeighborRow& row) {
  const std::string relation(RelationName(row.relation));
  return std::to_string(row.depth) + " " + row.from.name +
         (row.outgoing ? " -" + relation + "-> " : " <-" + relation + "- ") + row.neighbor.name;
}

TripleFilter Window(const char* since, const char* until) {
  TripleFilter filter;
  filter.since = Date::Parse(since).value();
  filter.until = Date::Parse(until).value();
  return filter;
}

TripleFilter Relations(std::vector<Relation> relations) {
  TripleFilter filter;
  filter.relations = std::move(relations);
  return filter;
}

TripleFilter Types(std::vector<EntityType> types) {
  TripleFilter filter;
  filter.entity_types = std::move(types);
  return filter;
}

struct NeighborCase {
  const char* label;
  const char* name;
  int depth;
  Direction direction;
  TripleFilter filter;
  std::vector<std::string> rows;  // Described, in answer order.
};

class NeighborsTest : public FixtureTest, public ::testing::WithParamInterface<NeighborCase> {};

TEST_P(NeighborsTest, Rows) {
  const NeighborCase& c = GetParam();
  Result<NeighborsAnswer> answer = Neighbors(*store_, c.name, c.depth, c.direction, c.filter);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  std::vector<std::string> described;
  for (const NeighborRow& row : answer->rows) described.push_back(Describe(row));
  EXPECT_THAT(described, ElementsAreArray(c.rows));
}

const std::vector<std::string> kUsOut = {
    "1 United States -support-> Ukraine", "1 United States -member_of-> NATO",
    "1 United States -threaten-> Iran",   "1 United States -accuse-> Iran",
    "1 United States -support-> Ukraine", "1 United States -consult-> NATO",
};

INSTANTIATE_TEST_SUITE_P(
    Fixture, NeighborsTest,
    ::testing::Values(
        NeighborCase{
            "AliasBothByDateThenRelation",
            "washington",
            1,
            Direction::kBoth,
            {},
            {"1 United States <-represents- Antony Blinken", "1 United States -support-> Ukraine",
             "1 United States -member_of-> NATO", "1 United States -threaten-> Iran",
             "1 United States -accuse-> Iran", "1 United States <-represents- Antony Blinken",
             "1 United States -support-> Ukraine", "1 United States -consult-> NATO"}},
        NeighborCase{"OutOnlyUnknownDateLast", "US", 1, Direction::kOut, {}, kUsOut},
        NeighborCase{"InOnly",
                     "us",
                     1,
                     Direction::kIn,
                     {},
                     {"1 United States <-represents- Antony Blinken",
                      "1 United States <-represents- Antony Blinken"}},
        NeighborCase{"RelationFilterKeepsParallelEdges",
                     "United States",
                     1,
                     Direction::kBoth,
                     Relations({Relation::kSupport}),
                     {"1 United States -support-> Ukraine", "1 United States -support-> Ukraine"}},
        NeighborCase{"DateWindowDropsUnknownDates",
                     "UNITED STATES",
                     1,
                     Direction::kBoth,
                     Window("2023-12-01", "2023-12-31"),
                     {"1 United States -member_of-> NATO", "1 United States -threaten-> Iran",
                      "1 United States -accuse-> Iran"}},
        NeighborCase{"TypeFilterAppliesToNeighbour",
                     "Washington",
                     1,
                     Direction::kBoth,
                     Types({EntityType::kPerson}),
                     {"1 United States <-represents- Antony Blinken",
                      "1 United States <-represents- Antony Blinken"}},
        NeighborCase{"DepthTwoOut",
                     "Blinken",
                     2,
                     Direction::kOut,
                     {},
                     {"1 Antony Blinken -represents-> United States",
                      "1 Antony Blinken -represents-> United States",
                      "2 United States -support-> Ukraine", "2 United States -member_of-> NATO",
                      "2 United States -threaten-> Iran", "2 United States -accuse-> Iran",
                      "2 United States -support-> Ukraine", "2 United States -consult-> NATO"}},
        NeighborCase{"DepthTwoBothSkipsVisited",
                     "Putin",
                     2,
                     Direction::kBoth,
                     {},
                     {"1 Vladimir Putin -represents-> Russia", "2 Russia <-accuse- Ukraine",
                      "2 Russia -assault-> Ukraine", "2 Russia <-sanction- European Union"}},
        NeighborCase{"DepthThreeTypeFilterStopsExpansion",
                     "Putin",
                     3,
                     Direction::kBoth,
                     Types({EntityType::kGpe}),
                     {"1 Vladimir Putin -represents-> Russia", "2 Russia <-accuse- Ukraine",
                      "2 Russia -assault-> Ukraine", "3 Ukraine <-support- United States",
                      "3 Ukraine <-support- United States"}},
        NeighborCase{
            "IsolatedComponent", "hamas", 5, Direction::kBoth, {}, {"1 Hamas -threaten-> Israel"}}),
    [](const ::testing::TestParamInfo<NeighborCase>& info) { return info.param.label; });

TEST_F(FixtureTest, NeighborRowCarriesEvidence) {
  Result<NeighborsAnswer> answer =
      Neighbors(*store_, "Tehran", 1, Direction::kIn, Relations({Relation::kThreaten}));
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->entity.name, "Iran");
  EXPECT_EQ(answer->entity.type, EntityType::kGpe);
  ASSERT_EQ(answer->rows.size(), 1u);
  const NeighborRow& row = answer->rows[0];
  EXPECT_EQ(row.neighbor.name, "United States");
  EXPECT_EQ(row.neighbor.type, EntityType::kGpe);
  EXPECT_FALSE(row.outgoing);
  EXPECT_TRUE(row.negated);
  EXPECT_EQ(row.date.ToString(), "2023-12-05");
  EXPECT_EQ(row.predicate, "did not threaten");
  EXPECT_EQ(row.evidence, "The US did not threaten Iran.");
  EXPECT_EQ(row.doc, "a3");
  EXPECT_FLOAT_EQ(row.confidence, 0.6f);
}

TEST_F(FixtureTest, NeighborsUnknownNameSuggests) {
  Result<NeighborsAnswer> answer = Neighbors(*store_, "Blinkn", 1, Direction::kBoth, {});
  ASSERT_FALSE(answer.ok());
  EXPECT_TRUE(answer.status().IsNotFound());
  EXPECT_THAT(answer.status().message(),
              HasSubstr("unknown entity 'Blinkn'; did you mean: Antony Blinken"));
}

TEST_F(FixtureTest, NeighborsUnknownNameWithoutSuggestion) {
  Result<NeighborsAnswer> answer =
      Neighbors(*store_, "Zqxjvwkplm Brrrghtz", 1, Direction::kBoth, {});
  ASSERT_FALSE(answer.ok());
  EXPECT_TRUE(answer.status().IsNotFound());
  EXPECT_EQ(answer.status().message(), "unknown entity 'Zqxjvwkplm Brrrghtz'");
}

TEST_F(FixtureTest, NeighborsRejectsDepthZero) {
  Result<NeighborsAnswer> answer = Neighbors(*store_, "US", 0, Direction::kBoth, {});
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), Status::Code::kInvalidArgument);
}

TEST(ParseDirectionTest, Names) {
  struct Case {
    const char* text;
    bool ok;
    Direction direction;
  };
  for (const Case& c : std::vector<Case>{{"out", true, Direction::kOut},
                                         {"IN", true, Direction::kIn},
                                         {"Both", true, Direction::kBoth},
                                         {"sideways", false, Direction::kBoth},
                                         {"", false, Direction::kBoth}}) {
    Direction direction = Direction::kBoth;
    EXPECT_EQ(ParseDirection(c.text, &direction), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(direction, c.direction) << c.text;
    }
  }
}

}  // namespace
}  // namespace geokg
