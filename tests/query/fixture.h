// A small geopolitical graph for the query tests, loaded with PutArticle.
//
//   a1 2023-11-29  Antony Blinken -represents-> United States (0.9)
//                  United States -support-> Ukraine (0.8)
//   a2 2023-11-30  Russia -assault-> Ukraine (0.7)
//                  Vladimir Putin -represents-> Russia
//                  Ukraine -accuse-> Russia (0.9)
//   a3 2023-12-05  NATO -reject-> Ukraine, Ukraine -request-> NATO,
//                  Jens Stoltenberg -represents-> NATO,
//                  United States -member_of-> NATO,
//                  United States -threaten-> Iran (negated)
//   a4 2023-12-07  United States -accuse-> Iran
//   a5 2024-01-10  United States -support-> Ukraine (0.8, parallel to a1's)
//                  Antony Blinken -represents-> United States (0.7)
//                  European Union -sanction-> Russia (evidence to escape)
//   a6 unknown     United States -consult-> NATO
//   a7 2023-12-20  Hamas -threaten-> Israel (a separate component)
#ifndef GEOKG_TESTS_QUERY_FIXTURE_H_
#define GEOKG_TESTS_QUERY_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geokg/graph.h"

namespace geokg {
namespace testing_fixture {

// Evidence that needs every XML escape.
inline const char kScriptEvidence[] =
    "EU said <script>alert(1)</script> and \"&' before it sanctioned Moscow.";

struct Actor {
  EntityType type;
  std::vector<std::string> mentions;
};

inline const std::map<std::string, Actor>& Actors() {
  static const auto* actors = new std::map<std::string, Actor>{
      {"Antony Blinken", {EntityType::kPerson, {"Blinken", "Antony Blinken"}}},
      {"United States", {EntityType::kGpe, {"US", "Washington", "United States"}}},
      {"Ukraine", {EntityType::kGpe, {"Ukraine", "Kyiv"}}},
      {"Russia", {EntityType::kGpe, {"Russia", "Moscow"}}},
      {"Vladimir Putin", {EntityType::kPerson, {"Putin"}}},
      {"NATO", {EntityType::kOrg, {"NATO", "North Atlantic Treaty Organization"}}},
      {"Jens Stoltenberg", {EntityType::kPerson, {"Stoltenberg"}}},
      {"Iran", {EntityType::kGpe, {"Iran", "Tehran"}}},
      {"European Union", {EntityType::kOrg, {"EU", "Brussels"}}},
      {"Hamas", {EntityType::kGroup, {"Hamas"}}},
      {"Israel", {EntityType::kGpe, {"Israel"}}},
  };
  return *actors;
}

struct Fact {
  std::string subject;
  Relation relation;
  std::string object;
  std::string predicate;
  float confidence;
  bool negated;
  std::string evidence;
};

struct FixtureArticle {
  std::string id;
  std::string date;  // "" = unknown.
  std::vector<Fact> facts;
};

inline std::vector<FixtureArticle> Articles() {
  const Relation kRep = Relation::kRepresents;
  return {
      {"a1",
       "2023-11-29",
       {{"Antony Blinken", kRep, "United States", "US Secretary of State", 0.9f, false,
         "US Secretary of State Antony Blinken spoke in Brussels."},
        {"United States", Relation::kSupport, "Ukraine", "pledged support for", 0.8f, false,
         "Washington pledged support for Kyiv."}}},
      {"a2",
       "2023-11-30",
       {{"Russia", Relation::kAssault, "Ukraine", "shelled", 0.7f, false,
         "Russia shelled Ukraine overnight."},
        {"Vladimir Putin", kRep, "Russia", "President", 0.9f, false,
         "Russian President Vladimir Putin spoke."},
        {"Ukraine", Relation::kAccuse, "Russia", "accused", 0.9f, false,
         "Ukraine accused Russia of war crimes."}}},
      {"a3",
       "2023-12-05",
       {{"NATO", Relation::kReject, "Ukraine", "rejected", 0.6f, false,
         "NATO rejected Ukraine's timetable."},
        {"Ukraine", Relation::kRequest, "NATO", "asked", 0.6f, false, "Ukraine asked NATO."},
        {"Jens Stoltenberg", kRep, "NATO", "Secretary General", 0.9f, false,
         "NATO Secretary General Jens Stoltenberg said."},
        {"United States", Relation::kMemberOf, "NATO", "member", 0.8f, false,
         "The US is a NATO member."},
        {"United States", Relation::kThreaten, "Iran", "did not threaten", 0.6f, true,
         "The US did not threaten Iran."}}},
      {"a4",
       "2023-12-07",
       {{"United States", Relation::kAccuse, "Iran", "accused", 0.8f, false,
         "Washington accused Tehran."}}},
      {"a5",
       "2024-01-10",
       {{"United States", Relation::kSupport, "Ukraine", "backed", 0.8f, false,
         "The US backed Ukraine again."},
        {"Antony Blinken", kRep, "United States", "Secretary Blinken", 0.7f, false,
         "Secretary Blinken travelled."},
        {"European Union", Relation::kSanction, "Russia", "sanctioned", 0.9f, false,
         kScriptEvidence}}},
      {"a6",
       "",
       {{"United States", Relation::kConsult, "NATO", "consulted", 0.5f, false,
         "The US consulted NATO allies."}}},
      {"a7",
       "2023-12-20",
       {{"Hamas", Relation::kThreaten, "Israel", "threatened", 0.7f, false,
         "Hamas threatened Israel."}}},
  };
}

inline ArticleExtraction ToExtraction(const FixtureArticle& fixture) {
  ArticleExtraction extraction;
  extraction.article.id = fixture.id;
  extraction.article.title = "Article " + fixture.id;
  if (!fixture.date.empty()) {
    extraction.article.date = Date::Parse(fixture.date).value();
    extraction.article.date_source = DateSource::kMetadata;
  }
  std::map<std::string, bool> seen;
  for (size_t i = 0; i < fixture.facts.size(); ++i) {
    const Fact& fact = fixture.facts[i];
    extraction.article.text += fact.evidence + " ";
    for (const std::string& name : {fact.subject, fact.object}) {
      if (seen[name]) continue;
      seen[name] = true;
      const Actor& actor = Actors().at(name);
      extraction.entities.push_back(EntityMention{name, actor.type, actor.mentions});
    }
    Triple triple;
    triple.subject = fact.subject;
    triple.relation = fact.relation;
    triple.object = fact.object;
    triple.predicate = fact.predicate;
    triple.negated = fact.negated;
    triple.date = extraction.article.date;
    triple.sentence = static_cast<int>(i);
    triple.evidence = fact.evidence;
    triple.confidence = fact.confidence;
    extraction.triples.push_back(triple);
  }
  return extraction;
}

// Puts every fixture article; the first failure is returned.
inline Status LoadFixture(Store* store) {
  for (const FixtureArticle& article : Articles()) {
    Result<PutOutcome> put = store->PutArticle(ToExtraction(article));
    if (!put.ok()) return put.status();
  }
  return Status::Ok();
}

// An in-memory store holding the fixture.
class FixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Store::NewInMemory();
    Status s = LoadFixture(store_.get());
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::unique_ptr<Store> store_;
};

}  // namespace testing_fixture
}  // namespace geokg

#endif  // GEOKG_TESTS_QUERY_FIXTURE_H_
