// The answers `geokg serve` sends from a warm store, whose point reads go
// through the store's read cache, are the JSON documents a store without
// the cache gives, and they follow the store when an ingest changes the hub.

#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../graph/graph_test_util.h"
#include "geokg/graph.h"
#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "json_answers.h"

namespace geokg::cli {
namespace {

const char* const kPartners[] = {"Russia", "Ukraine", "China", "NATO", "Iran", "Hamas"};
const EntityType kPartnerTypes[] = {EntityType::kGpe, EntityType::kGpe, EntityType::kGpe,
                                    EntityType::kOrg, EntityType::kGpe, EntityType::kGroup};

// Article `a` of the hub: ten triples with the hub at one end, in an order
// and with evidence that depend on `version`, so that a new version of the
// same article puts other triples under the same fact keys.
ArticleExtraction HubArticle(int a, int version, uint32_t first_month) {
  std::mt19937 rng(static_cast<unsigned>(a * 31 + version));
  ArticleExtraction x;
  x.article.id = "art" + std::to_string(a);
  x.article.text = "text " + std::to_string(a) + " v" + std::to_string(version);
  x.entities.push_back({"United States", EntityType::kGpe, {"US"}});
  for (int p = 0; p < 6; ++p) x.entities.push_back({kPartners[p], kPartnerTypes[p], {}});
  if (version > 0) x.entities.push_back({"Canada", EntityType::kGpe, {}});
  for (int i = 0; i < 10; ++i) {
    Triple t;
    const std::string partner = version > 0 && i % 2 == 0 ? "Canada" : kPartners[rng() % 6];
    const bool out = rng() % 3 != 0;
    t.subject = out ? "United States" : partner;
    t.object = out ? partner : "United States";
    t.relation = static_cast<Relation>(rng() % kRelationCount);
    t.date = rng() % 10 == 0 ? Date{}
                             : Date::FromYmd(2023, static_cast<int>(first_month + rng() % 3),
                                             static_cast<int>(1 + rng() % 4));
    t.negated = rng() % 7 == 0;
    t.sentence = i;
    t.predicate = "did v" + std::to_string(version);
    t.evidence = "Sentence " + std::to_string(i) + " of version " + std::to_string(version) + ".";
    t.confidence = 0.25f + 0.05f * static_cast<float>(i);
    x.triples.push_back(t);
  }
  return x;
}

// One question and its JSON answer, as `geokg serve` builds it.
struct Question {
  std::string name;
  std::function<Json(const Store&)> ask;
};

Json NeighborsOf(const Store& store, const std::string& name, int depth, Direction direction,
                 const TripleFilter& filter, size_t limit) {
  Result<NeighborsAnswer> answer = Neighbors(store, name, depth, direction, filter, limit);
  if (!answer.ok()) return Json{{"error", answer.status().ToString()}};
  return NeighborsJson(*answer);
}

std::vector<Question> Questions() {
  TripleFilter window;
  window.since = Date::FromYmd(2023, 2, 1);
  window.until = Date::FromYmd(2023, 3, 2);
  TripleFilter relations;
  relations.relations = {Relation::kAssault, Relation::kSupport, Relation::kConsult};
  TripleFilter types;
  types.entity_types = {EntityType::kOrg, EntityType::kGroup};
  const std::string hub = "United States";
  auto neighbors = [hub](int depth, Direction direction, TripleFilter filter, size_t limit) {
    return [=](const Store& s) { return NeighborsOf(s, hub, depth, direction, filter, limit); };
  };
  return {
      {"hub, first 100 (serve's default)", neighbors(1, Direction::kBoth, {}, 100)},
      {"hub by alias, first 5",
       [](const Store& s) { return NeighborsOf(s, "US", 1, Direction::kBoth, {}, 5); }},
      {"hub, outgoing, first 20", neighbors(1, Direction::kOut, {}, 20)},
      {"hub, incoming, first 20", neighbors(1, Direction::kIn, {}, 20)},
      {"hub, date window", neighbors(1, Direction::kBoth, window, 30)},
      {"hub, three relations", neighbors(1, Direction::kBoth, relations, 30)},
      {"hub, far ends ORG or GROUP", neighbors(1, Direction::kBoth, types, 30)},
      {"hub, every row", neighbors(1, Direction::kBoth, {}, 0)},
      {"hub, depth 2", neighbors(2, Direction::kBoth, {}, 50)},
      {"partner, first 10",
       [](const Store& s) { return NeighborsOf(s, "Hamas", 1, Direction::kBoth, {}, 10); }},
      {"timeline of the hub, first 15",
       [hub](const Store& s) {
         Result<TimelineAnswer> a = Timeline(s, hub, "", Period::kMonth, {}, 15);
         return a.ok() ? TimelineJson(*a) : Json{{"error", a.status().ToString()}};
       }},
      {"path Canada - Hamas",
       [](const Store& s) {
         Result<std::vector<PathStep>> p = ShortestPath(s, "Canada", "Hamas", 6, {});
         return p.ok() ? PathJson(*p) : Json{{"error", p.status().ToString()}};
       }},
  };
}

// Every question asked of `warm` (whose snapshot is loaded, so depth 1
// reads it, and whose read cache fills on the first round) equals the
// same question asked of a fresh read-only store without a read cache,
// warm and cold. Returns the warm answers.
std::vector<std::string> ExpectSameAnswers(const Store& warm, const std::string& db) {
  StoreOptions plain;
  plain.read_only = true;
  plain.read_cache_bytes = 0;
  Result<std::unique_ptr<Store>> cold = Store::Open(db, plain);
  Result<std::unique_ptr<Store>> fresh = Store::Open(db, plain);
  EXPECT_TRUE(cold.ok() && fresh.ok());
  if (!cold.ok() || !fresh.ok()) return {};
  EXPECT_TRUE((*fresh)->Snapshot().ok());
  EXPECT_NE(warm.LoadedSnapshot(), nullptr);
  std::vector<std::string> answers;
  for (const Question& q : Questions()) {
    SCOPED_TRACE(q.name);
    const std::string expected = q.ask(**fresh).dump(2);
    EXPECT_EQ(q.ask(**cold).dump(2), expected);
    EXPECT_EQ(q.ask(warm).dump(2), expected);  // Fills the cache.
    EXPECT_EQ(q.ask(warm).dump(2), expected);  // From the cache.
    answers.push_back(q.ask(warm).dump(2));
  }
  return answers;
}

TEST(CachedAnswersTest, WarmAnswersEqualUncachedOnesAndFollowIngests) {
  testing_util::TempDir dir;
  StoreOptions cached;
  cached.read_cache_bytes = size_t{64} << 20;  // As `geokg serve` opens it.
  Result<std::unique_ptr<Store>> opened = Store::Open(dir.db(), cached);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  for (int a = 0; a < 40; ++a) ASSERT_TRUE(store.PutArticle(HubArticle(a, 0, 1)).ok());
  ASSERT_TRUE(store.WriteSnapshot().ok());
  ASSERT_TRUE(store.Snapshot().ok());
  std::vector<std::string> before = ExpectSameAnswers(store, dir.db());

  // Ingests that change the hub's first rows, each followed by what
  // `geokg ingest` does at its end (WriteSnapshot) and a warm-up.
  struct Change {
    std::string what;
    std::function<Status(Store&)> write;
  };
  const std::vector<Change> changes = {
      {"an article replaced: same fact keys, other triples, a new partner",
       [](Store& s) { return s.PutArticle(HubArticle(3, 1, 1)).status(); }},
      {"a new article with earlier dates",
       [](Store& s) {
         ArticleExtraction x = HubArticle(40, 2, 1);
         for (Triple& t : x.triples) t.date = Date::FromYmd(2022, 12, 1 + t.sentence);
         return s.PutArticle(x).status();
       }},
      {"a bulk load replacing two articles",
       [](Store& s) {
         Result<BulkLoadResult> r = s.BulkLoad({HubArticle(0, 3, 1), HubArticle(40, 3, 1)});
         return r.ok() ? Status::Ok() : r.status();
       }},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    Status written = change.write(store);
    ASSERT_TRUE(written.ok()) << written.ToString();
    ASSERT_TRUE(store.WriteSnapshot().ok());
    ASSERT_TRUE(store.Snapshot().ok());
    std::vector<std::string> after = ExpectSameAnswers(store, dir.db());
    ASSERT_EQ(after.size(), before.size());
    EXPECT_NE(after[0], before[0]) << "the hub's first rows did not change";
    before = after;
  }
}

}  // namespace
}  // namespace geokg::cli
