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

// "Russia <-represents- Vladimir Putin [a2]" for a step stored as to -> from.
std::string Describe(const PathStep& step) {
  const std::string relation(RelationName(step.relation));
  return step.from.name + (step.forward ? " -" + relation + "-> " : " <-" + relation + "- ") +
         step.to.name + " [" + step.doc + "]";
}

struct PathCase {
  const char* label;
  const char* from;
  const char* to;
  int max_depth;
  TripleFilter filter;
  Status::Code code;               // kOk: `steps` is the expected path.
  std::vector<std::string> steps;  // Or, on failure, one substring of the message.
};

TripleFilter With(std::vector<Relation> relations, std::vector<EntityType> types = {},
                  const char* until = nullptr) {
  TripleFilter filter;
  filter.relations = std::move(relations);
  filter.entity_types = std::move(types);
  if (until != nullptr) filter.until = Date::Parse(until).value();
  return filter;
}

const std::vector<std::string> kBlinkenToPutin = {
    // Parallel represents edges: confidence 0.9 (a1) beats 0.7 (a5).
    "Antony Blinken -represents-> United States [a1]",
    // Parallel support edges of equal confidence: the earlier date (a1) wins.
    "United States -support-> Ukraine [a1]",
    // accuse (0.9) beats the assault (0.7) in the other direction.
    "Ukraine -accuse-> Russia [a2]",
    "Russia <-represents- Vladimir Putin [a2]",
};

class PathTest : public FixtureTest, public ::testing::WithParamInterface<PathCase> {};

TEST_P(PathTest, Steps) {
  const PathCase& c = GetParam();
  Result<std::vector<PathStep>> path = ShortestPath(*store_, c.from, c.to, c.max_depth, c.filter);
  if (c.code != Status::Code::kOk) {
    ASSERT_FALSE(path.ok());
    EXPECT_EQ(path.status().code(), c.code) << path.status().ToString();
    EXPECT_THAT(path.status().message(), HasSubstr(c.steps.at(0)));
    return;
  }
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  std::vector<std::string> described;
  for (const PathStep& step : *path) {
    described.push_back(Describe(step));
    EXPECT_FALSE(step.evidence.empty()) << described.back();
    EXPECT_FALSE(step.predicate.empty()) << described.back();
    EXPECT_TRUE(step.date.known()) << described.back();
  }
  EXPECT_THAT(described, ElementsAreArray(c.steps));
}

INSTANTIATE_TEST_SUITE_P(
    Fixture, PathTest,
    ::testing::Values(
        PathCase{"FourSteps", "blinken", "Putin", 4, {}, Status::Code::kOk, kBlinkenToPutin},
        PathCase{
            "GenerousBound", "Antony Blinken", "PUTIN", 10, {}, Status::Code::kOk, kBlinkenToPutin},
        PathCase{"RelationFilterTakesOtherEdge",
                 "Blinken",
                 "Putin",
                 4,
                 With({Relation::kRepresents, Relation::kSupport, Relation::kAssault}),
                 Status::Code::kOk,
                 {"Antony Blinken -represents-> United States [a1]",
                  "United States -support-> Ukraine [a1]", "Ukraine <-assault- Russia [a2]",
                  "Russia <-represents- Vladimir Putin [a2]"}},
        PathCase{"TypeFilterSparesEndpoints", "Blinken", "Putin", 4, With({}, {EntityType::kGpe}),
                 Status::Code::kOk, kBlinkenToPutin},
        PathCase{"TypeFilterBlocksIntermediates",
                 "Blinken",
                 "Putin",
                 10,
                 With({}, {EntityType::kOrg}),
                 Status::Code::kNotFound,
                 {"no path between 'Antony Blinken' and 'Vladimir Putin' within 10 steps"}},
        PathCase{"BoundTooSmall",
                 "Blinken",
                 "Putin",
                 3,
                 {},
                 Status::Code::kNotFound,
                 {"no path between 'Antony Blinken' and 'Vladimir Putin' within 3 steps"}},
        PathCase{"DateWindowCutsPath",
                 "Blinken",
                 "Putin",
                 10,
                 With({}, {}, "2023-11-29"),
                 Status::Code::kNotFound,
                 {"within 10 steps"}},
        PathCase{"OtherComponent",
                 "Blinken",
                 "Hamas",
                 10,
                 {},
                 Status::Code::kNotFound,
                 {"no path between 'Antony Blinken' and 'Hamas'"}},
        PathCase{"SameEntityByAlias",
                 "US",
                 "Washington",
                 4,
                 {},
                 Status::Code::kInvalidArgument,
                 {"same entity"}},
        PathCase{"UnknownEndpoint",
                 "Blinken",
                 "Putn",
                 4,
                 {},
                 Status::Code::kNotFound,
                 {"unknown entity 'Putn'; did you mean: Vladimir Putin"}},
        PathCase{
            "ZeroBound", "Blinken", "Putin", 0, {}, Status::Code::kInvalidArgument, {"max depth"}}),
    [](const ::testing::TestParamInfo<PathCase>& info) { return info.param.label; });

TEST_F(FixtureTest, PathStepCarriesEvidence) {
  Result<std::vector<PathStep>> path = ShortestPath(*store_, "Putin", "Kyiv", 4, {});
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  ASSERT_EQ(path->size(), 2u);
  const PathStep& first = (*path)[0];
  EXPECT_EQ(first.from.name, "Vladimir Putin");
  EXPECT_EQ(first.from.type, EntityType::kPerson);
  EXPECT_EQ(first.to.name, "Russia");
  EXPECT_TRUE(first.forward);
  EXPECT_EQ(first.predicate, "President");
  EXPECT_EQ(first.evidence, "Russian President Vladimir Putin spoke.");
  EXPECT_EQ(first.date.ToString(), "2023-11-30");
  const PathStep& second = (*path)[1];
  EXPECT_EQ(second.relation, Relation::kAccuse);
  EXPECT_FALSE(second.forward);  // Stored as Ukraine -accuse-> Russia.
  EXPECT_EQ(second.to.name, "Ukraine");
}

}  // namespace
}  // namespace geokg
