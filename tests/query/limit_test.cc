// Limited answers (Neighbors and Timeline with a limit) read only the first
// entries of each index run. They must equal the first rows of the full
// answer, whatever the filter, and the timeline's periods must still count
// every event.
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geokg/graph.h"
#include "geokg/query.h"

namespace geokg {
namespace {

const char* const kPartners[] = {"Russia", "Ukraine", "China", "NATO", "Iran", "Hamas"};
const EntityType kPartnerTypes[] = {EntityType::kGpe, EntityType::kGpe, EntityType::kGpe,
                                    EntityType::kOrg, EntityType::kGpe, EntityType::kGroup};

// A hub with 400 edges both ways over every relation, many on the same day
// (ties), 10% undated, some negated, in 40 articles.
std::unique_ptr<Store> HubStore() {
  auto store = Store::NewInMemory();
  std::mt19937 rng(7);
  for (int a = 0; a < 40; ++a) {
    ArticleExtraction x;
    x.article.id = "art" + std::to_string(a);
    x.article.text = "text " + std::to_string(a);
    x.entities.push_back({"United States", EntityType::kGpe, {"US"}});
    for (int p = 0; p < 6; ++p) x.entities.push_back({kPartners[p], kPartnerTypes[p], {}});
    for (int i = 0; i < 10; ++i) {
      Triple t;
      const std::string partner = kPartners[rng() % 6];
      const bool out = rng() % 3 != 0;
      t.subject = out ? "United States" : partner;
      t.object = out ? partner : "United States";
      t.relation = static_cast<Relation>(rng() % kRelationCount);
      t.date = rng() % 10 == 0 ? Date{} : Date::FromYmd(2023, 1 + rng() % 3, 1 + rng() % 4);
      t.negated = rng() % 7 == 0;
      t.sentence = i;
      t.predicate = "did";
      t.evidence = "Sentence " + std::to_string(i) + ".";
      t.confidence = 0.5f;
      x.triples.push_back(t);
    }
    EXPECT_TRUE(store->PutArticle(x).ok());
  }
  // A self-loop, listed once in both directions.
  ArticleExtraction loop;
  loop.article.id = "loop";
  loop.article.text = "loop";
  loop.entities.push_back({"United States", EntityType::kGpe, {}});
  Triple t;
  t.subject = t.object = "United States";
  t.relation = Relation::kConsult;
  t.date = Date::FromYmd(2023, 1, 1);
  t.predicate = "met";
  t.evidence = "Self.";
  loop.triples.push_back(t);
  EXPECT_TRUE(store->PutArticle(loop).ok());
  return store;
}

struct FilterCase {
  std::string name;
  TripleFilter filter;
};

std::vector<FilterCase> Filters() {
  TripleFilter window;
  window.since = Date::FromYmd(2023, 2, 1);
  window.until = Date::FromYmd(2023, 3, 2);
  TripleFilter relations;
  relations.relations = {Relation::kAssault, Relation::kSupport, Relation::kConsult};
  TripleFilter types;
  types.entity_types = {EntityType::kOrg, EntityType::kGroup};
  return {{"none", {}}, {"window", window}, {"relations", relations}, {"types", types}};
}

std::string Row(const NeighborRow& r) {
  return r.from.name + (r.outgoing ? " -> " : " <- ") + r.neighbor.name + " " +
         std::string(RelationName(r.relation)) + " " + r.date.ToString() + " " + r.evidence + " " +
         r.doc;
}

// Cold: the limited answer reads the indexes. Warm: the store's snapshot is
// in memory (as in `serve`), and the limited answer reads it instead.
class NeighborsLimitTest : public ::testing::TestWithParam<bool> {};

TEST_P(NeighborsLimitTest, LimitedEqualsTheFirstRowsOfAll) {
  auto store = HubStore();
  if (GetParam()) {
    ASSERT_TRUE(store->Snapshot().ok());
    ASSERT_NE(store->LoadedSnapshot(), nullptr);
  } else {
    ASSERT_EQ(store->LoadedSnapshot(), nullptr);
  }
  for (const FilterCase& c : Filters()) {
    for (Direction direction : {Direction::kOut, Direction::kIn, Direction::kBoth}) {
      Result<NeighborsAnswer> all = Neighbors(*store, "US", 1, direction, c.filter);
      ASSERT_TRUE(all.ok());
      EXPECT_FALSE(all->truncated);
      for (size_t limit : {1, 5, 17, 60, 1000}) {
        Result<NeighborsAnswer> some = Neighbors(*store, "US", 1, direction, c.filter, limit);
        ASSERT_TRUE(some.ok());
        const size_t expect = std::min(limit, all->rows.size());
        ASSERT_EQ(some->rows.size(), expect) << c.name << " limit " << limit;
        EXPECT_EQ(some->truncated, all->rows.size() > limit) << c.name << " limit " << limit;
        for (size_t i = 0; i < expect; ++i) {
          EXPECT_EQ(Row(some->rows[i]), Row(all->rows[i])) << c.name << " limit " << limit;
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ColdAndWarm, NeighborsLimitTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "WarmSnapshot" : "IndexScans";
                         });

TEST(LimitTest, TimelineLimitedListsTheFirstEventsAndCountsAll) {
  auto store = HubStore();
  for (const FilterCase& c : Filters()) {
    for (std::string toward : {"", "NATO"}) {
      for (Period period : {Period::kDay, Period::kMonth, Period::kYear}) {
        Result<TimelineAnswer> all = Timeline(*store, "United States", toward, period, c.filter);
        ASSERT_TRUE(all.ok());
        EXPECT_EQ(all->total_events, all->events.size());
        for (size_t limit : {1, 9, 40, 1000}) {
          Result<TimelineAnswer> some =
              Timeline(*store, "United States", toward, period, c.filter, limit);
          ASSERT_TRUE(some.ok());
          const std::string where =
              c.name + " toward '" + toward + "' limit " + std::to_string(limit);
          EXPECT_EQ(some->total_events, all->total_events) << where;
          ASSERT_EQ(some->events.size(), std::min(limit, all->events.size())) << where;
          for (size_t i = 0; i < some->events.size(); ++i) {
            EXPECT_EQ(some->events[i].evidence + some->events[i].doc,
                      all->events[i].evidence + all->events[i].doc)
                << where;
          }
          ASSERT_EQ(some->periods.size(), all->periods.size()) << where;
          for (size_t i = 0; i < all->periods.size(); ++i) {
            EXPECT_EQ(some->periods[i].label, all->periods[i].label) << where;
            EXPECT_EQ(some->periods[i].cooperative, all->periods[i].cooperative) << where;
            EXPECT_EQ(some->periods[i].conflictual, all->periods[i].conflictual) << where;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace geokg
