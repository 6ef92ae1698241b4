#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.h"
#include "geokg/query.h"

namespace geokg {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using testing_fixture::FixtureTest;

// "2023-12-05 threaten Iran (negated)"; unknown dates print as "?".
std::string Describe(const TimelineEvent& e) {
  return (e.date.known() ? e.date.ToString() : "?") + " " + std::string(RelationName(e.relation)) +
         " " + e.object.name + (e.negated ? " (negated)" : "");
}

// "2023-12 +0 -1 =-1".
std::string Describe(const TimelinePeriod& p) {
  return p.label + " +" + std::to_string(p.cooperative) + " -" + std::to_string(p.conflictual) +
         " =" + std::to_string(p.balance);
}

struct TimelineCase {
  const char* label;
  const char* actor;
  const char* toward;
  Period period;
  TripleFilter filter;
  std::vector<std::string> events;
  std::vector<std::string> periods;
};

class TimelineTest : public FixtureTest, public ::testing::WithParamInterface<TimelineCase> {};

TEST_P(TimelineTest, EventsAndPeriods) {
  const TimelineCase& c = GetParam();
  Result<TimelineAnswer> answer = Timeline(*store_, c.actor, c.toward, c.period, c.filter);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  std::vector<std::string> events;
  for (const TimelineEvent& e : answer->events) events.push_back(Describe(e));
  std::vector<std::string> periods;
  for (const TimelinePeriod& p : answer->periods) periods.push_back(Describe(p));
  EXPECT_THAT(events, ElementsAreArray(c.events));
  EXPECT_THAT(periods, ElementsAreArray(c.periods));
}

// member_of NATO (a structural relation) never appears.
const std::vector<std::string> kUsEvents = {
    "2023-11-29 support Ukraine", "2023-12-05 threaten Iran (negated)", "2023-12-07 accuse Iran",
    "2024-01-10 support Ukraine", "? consult NATO"};

TripleFilter Relations(std::vector<Relation> relations) {
  TripleFilter filter;
  filter.relations = std::move(relations);
  return filter;
}

INSTANTIATE_TEST_SUITE_P(
    Fixture, TimelineTest,
    ::testing::Values(
        TimelineCase{
            "ByMonth",
            "Washington",
            "",
            Period::kMonth,
            {},
            kUsEvents,
            {"2023-11 +1 -0 =1", "2023-12 +0 -1 =-1", "2024-01 +1 -0 =1", "unknown +1 -0 =1"}},
        TimelineCase{"ByYear",
                     "US",
                     "",
                     Period::kYear,
                     {},
                     kUsEvents,
                     {"2023 +1 -1 =0", "2024 +1 -0 =1", "unknown +1 -0 =1"}},
        TimelineCase{"ByDay",
                     "united states",
                     "",
                     Period::kDay,
                     {},
                     kUsEvents,
                     {"2023-11-29 +1 -0 =1", "2023-12-05 +0 -0 =0", "2023-12-07 +0 -1 =-1",
                      "2024-01-10 +1 -0 =1", "unknown +1 -0 =1"}},
        TimelineCase{"TowardByAlias",
                     "US",
                     "Kyiv",
                     Period::kMonth,
                     {},
                     {"2023-11-29 support Ukraine", "2024-01-10 support Ukraine"},
                     {"2023-11 +1 -0 =1", "2024-01 +1 -0 =1"}},
        TimelineCase{"RelationFilter",
                     "US",
                     "",
                     Period::kYear,
                     Relations({Relation::kAccuse, Relation::kMemberOf}),
                     {"2023-12-07 accuse Iran"},
                     {"2023 +0 -1 =-1"}},
        TimelineCase{"OnlyStructuralAsked",
                     "US",
                     "",
                     Period::kYear,
                     Relations({Relation::kMemberOf}),
                     {},
                     {}},
        TimelineCase{"RequestIsNeutral",
                     "Ukraine",
                     "",
                     Period::kMonth,
                     {},
                     {"2023-11-30 accuse Russia", "2023-12-05 request NATO"},
                     {"2023-11 +0 -1 =-1", "2023-12 +0 -0 =0"}},
        TimelineCase{"PersonWithOnlyRoles", "Blinken", "", Period::kMonth, {}, {}, {}}),
    [](const ::testing::TestParamInfo<TimelineCase>& info) { return info.param.label; });

TEST_F(FixtureTest, TimelineEventFields) {
  Result<TimelineAnswer> answer = Timeline(*store_, "EU", "Russia", Period::kMonth, {});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->actor.name, "European Union");
  EXPECT_EQ(answer->actor.type, EntityType::kOrg);
  ASSERT_EQ(answer->events.size(), 1u);
  EXPECT_EQ(answer->events[0].predicate, "sanctioned");
  EXPECT_EQ(answer->events[0].evidence, testing_fixture::kScriptEvidence);
  EXPECT_EQ(answer->events[0].doc, "a5");
  EXPECT_EQ(answer->events[0].object.type, EntityType::kGpe);
}

TEST_F(FixtureTest, TimelineUnknownToward) {
  Result<TimelineAnswer> answer = Timeline(*store_, "US", "Ukrane", Period::kMonth, {});
  ASSERT_FALSE(answer.ok());
  EXPECT_TRUE(answer.status().IsNotFound());
  EXPECT_THAT(answer.status().message(), HasSubstr("did you mean: Ukraine"));
}

TEST(ParsePeriodTest, Names) {
  Period period = Period::kDay;
  EXPECT_TRUE(ParsePeriod("MONTH", &period));
  EXPECT_EQ(period, Period::kMonth);
  EXPECT_TRUE(ParsePeriod("year", &period));
  EXPECT_EQ(period, Period::kYear);
  EXPECT_TRUE(ParsePeriod("day", &period));
  EXPECT_EQ(period, Period::kDay);
  EXPECT_FALSE(ParsePeriod("week", &period));
  EXPECT_EQ(period, Period::kDay);
}

// ------------------------------------------------------ entities and show ---

TEST_F(FixtureTest, ShowPersonRoles) {
  Result<EntityDetails> details = ShowEntity(*store_, "blinken");
  ASSERT_TRUE(details.ok()) << details.status().ToString();
  EXPECT_EQ(details->summary.entity.name, "Antony Blinken");
  EXPECT_EQ(details->summary.degree, 2u);
  EXPECT_THAT(details->summary.aliases, ::testing::Contains("Blinken"));
  ASSERT_EQ(details->roles.size(), 1u);  // Two triples, one organisation.
  const Role& role = details->roles[0];
  EXPECT_EQ(role.organisation, "United States");
  EXPECT_EQ(role.relation, Relation::kRepresents);
  EXPECT_EQ(role.first.ToString(), "2023-11-29");
  EXPECT_EQ(role.last.ToString(), "2024-01-10");
  EXPECT_EQ(role.predicate, "US Secretary of State");
  EXPECT_EQ(role.doc, "a1");
  EXPECT_TRUE(details->members.empty());
}

TEST_F(FixtureTest, ShowOrganisationMembers) {
  struct Case {
    const char* name;
    std::vector<std::string> roles;    // "organisation relation first..last".
    std::vector<std::string> members;  // By name.
  };
  for (const Case& c : std::vector<Case>{
           {"NATO", {}, {"Jens Stoltenberg", "United States"}},
           {"Washington", {"NATO member_of 2023-12-05..2023-12-05"}, {"Antony Blinken"}},
           {"Moscow", {}, {"Vladimir Putin"}},
           {"Iran", {}, {}},
       }) {
    Result<EntityDetails> details = ShowEntity(*store_, c.name);
    ASSERT_TRUE(details.ok()) << c.name << ": " << details.status().ToString();
    std::vector<std::string> roles;
    for (const Role& r : details->roles) {
      roles.push_back(r.organisation + " " + std::string(RelationName(r.relation)) + " " +
                      r.first.ToString() + ".." + r.last.ToString());
    }
    std::vector<std::string> members;
    for (const EntityRef& m : details->members) members.push_back(m.name);
    EXPECT_THAT(roles, ElementsAreArray(c.roles)) << c.name;
    EXPECT_THAT(members, ElementsAreArray(c.members)) << c.name;
  }
}

TEST_F(FixtureTest, ShowUnknown) {
  Result<EntityDetails> details = ShowEntity(*store_, "Stoltenburg");
  ASSERT_FALSE(details.ok());
  EXPECT_THAT(details.status().message(), HasSubstr("did you mean: Jens Stoltenberg"));
}

TEST_F(FixtureTest, ListEntities) {
  const EntityType person = EntityType::kPerson;
  const EntityType gpe = EntityType::kGpe;
  struct Case {
    const EntityType* type;
    const char* match;
    std::vector<std::string> names;  // "name degree", by degree then name.
  };
  for (const Case& c : std::vector<Case>{
           {&person, "", {"Antony Blinken 2", "Jens Stoltenberg 1", "Vladimir Putin 1"}},
           {nullptr, "WASH", {"United States 8"}},  // Matches the alias "Washington".
           {&gpe, "r", {"Ukraine 6", "Russia 4", "Iran 2", "Israel 1"}},
           {&person, "nato", {}},
       }) {
    Result<std::vector<EntitySummary>> list = ListEntities(*store_, c.type, c.match);
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> names;
    for (const EntitySummary& s : *list) {
      names.push_back(s.entity.name + " " + std::to_string(s.degree));
    }
    EXPECT_THAT(names, ElementsAreArray(c.names)) << c.match;
  }
  Result<std::vector<EntitySummary>> all = ListEntities(*store_, nullptr, "");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), testing_fixture::Actors().size());
}

}  // namespace
}  // namespace geokg
