// Store behaviour, run against both backends: the in-memory map and RocksDB
// in a temporary folder.
#include <algorithm>
#include <memory>
#include <set>

#include <gtest/gtest.h>

#include "geokg/graph.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::E;
using testing_util::MakeExtraction;
using testing_util::T;

struct MemBackend {
  static std::unique_ptr<Store> Make(testing_util::TempDir*) { return Store::NewInMemory(); }
};

struct RocksBackend {
  static std::unique_ptr<Store> Make(testing_util::TempDir* dir) {
    Result<std::unique_ptr<Store>> store = Store::Open(dir->db());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
};

template <typename Backend>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Backend::Make(&dir_);
    ASSERT_NE(store_, nullptr);
  }

  EntityId Id(const std::string& name) {
    Result<StoredEntity> e = store_->FindEntity(name);
    EXPECT_TRUE(e.ok()) << name << ": " << e.status().ToString();
    return e.ok() ? e->id : ~EntityId{0};
  }

  uint64_t DegreeOf(const std::string& name) {
    Result<uint64_t> d = store_->Degree(Id(name));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : ~uint64_t{0};
  }

  StoreStats Stats() {
    Result<StoreStats> s = store_->Stats();
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : StoreStats{};
  }

  PutOutcome Put(const ArticleExtraction& x) {
    Result<PutOutcome> r = store_->PutArticle(x);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PutOutcome::kUnchanged;
  }

  // "subject relation object date" for every triple a scan yields, in order.
  std::vector<std::string> Rows(
      const std::function<Status(const std::function<bool(const StoredTriple&)>&)>& scan) {
    std::vector<std::string> rows;
    Status s = scan([&](const StoredTriple& t) {
      rows.push_back(Name(t.subject) + " " + std::string(RelationName(t.relation)) + " " +
                     Name(t.object) + " " + t.date.ToString());
      return true;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return rows;
  }

  std::string Name(EntityId id) {
    Result<StoredEntity> e = store_->GetEntity(id);
    return e.ok() ? e->name : "?";
  }

  // Two articles about four actors, and one entity without triples.
  void LoadSample() {
    ASSERT_EQ(
        Put(MakeExtraction("a1", "text one", 20231130,
                           {{"United States", EntityType::kGpe, {"US", "Washington"}},
                            {"Russia", EntityType::kGpe, {"Moscow"}},
                            {"Antony Blinken", EntityType::kPerson, {"Blinken"}},
                            {"NATO", EntityType::kOrg, {}}},
                           {{"Antony Blinken", Relation::kRepresents, "United States", 20231130},
                            {"United States", Relation::kAccuse, "Russia", 20231130},
                            {"Russia", Relation::kReject, "United States", 20231129},
                            {"United States", Relation::kConsult, "NATO", 20231201}})),
        PutOutcome::kAdded);
    ASSERT_EQ(Put(MakeExtraction("a2", "text two", 20240105,
                                 {{"united states", EntityType::kGpe, {"U.S."}},
                                  {"China", EntityType::kGpe, {"Beijing"}},
                                  {"Hamas", EntityType::kGroup, {}}},
                                 {{"United States", Relation::kAccuse, "China", 20240105},
                                  {"China", Relation::kAgree, "United States", 0}})),
              PutOutcome::kAdded);
  }

  testing_util::TempDir dir_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<MemBackend, RocksBackend>;
TYPED_TEST_SUITE(StoreTest, Backends);

TYPED_TEST(StoreTest, EmptyStore) {
  const StoreStats s = this->Stats();
  EXPECT_EQ(s.entities, 0u);
  EXPECT_EQ(s.triples, 0u);
  EXPECT_EQ(s.articles, 0u);
  EXPECT_TRUE(this->store_->FindEntity("anything").status().IsNotFound());
  EXPECT_TRUE(this->store_->GetEntity(0).status().IsNotFound());
  EXPECT_TRUE(this->store_->GetArticle(0).status().IsNotFound());
  EXPECT_TRUE(this->store_->Degree(0).status().IsNotFound());
  EXPECT_TRUE(this->store_->Suggest("x", 3).empty());
}

TYPED_TEST(StoreTest, PutCountsEntitiesTriplesArticles) {
  this->LoadSample();
  const StoreStats s = this->Stats();
  EXPECT_EQ(s.entities, 6u);  // Hamas has no triples and still counts.
  EXPECT_EQ(s.triples, 6u);
  EXPECT_EQ(s.articles, 2u);
  EXPECT_EQ(this->DegreeOf("United States"), 6u);
  EXPECT_EQ(this->DegreeOf("Russia"), 2u);
  EXPECT_EQ(this->DegreeOf("Hamas"), 0u);

  size_t entities = 0, articles = 0, triples = 0;
  ASSERT_TRUE(
      this->store_->ForEachEntity([&](const StoredEntity&) { return ++entities, true; }).ok());
  ASSERT_TRUE(
      this->store_->ForEachArticle([&](const StoredArticle&) { return ++articles, true; }).ok());
  ASSERT_TRUE(
      this->store_->ForEachTriple({}, [&](const StoredTriple&) { return ++triples, true; }).ok());
  EXPECT_EQ(entities, 6u);
  EXPECT_EQ(articles, 2u);
  EXPECT_EQ(triples, 6u);

  Result<StoredArticle> a = this->store_->GetArticle(0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->key, "a1");
  EXPECT_EQ(a->title, "Title of a1");
  EXPECT_EQ(a->date, Date::FromYmd(2023, 11, 30));
  EXPECT_EQ(a->date_source, DateSource::kMetadata);
  EXPECT_EQ(a->triple_count, 4u);
}

TYPED_TEST(StoreTest, TriplesKeepEveryField) {
  this->LoadSample();
  std::vector<StoredTriple> found;
  ASSERT_TRUE(this->store_
                  ->ScanOut(this->Id("Antony Blinken"), {},
                            [&](const StoredTriple& t) { return found.push_back(t), true; })
                  .ok());
  ASSERT_EQ(found.size(), 1u);
  const StoredTriple& t = found[0];
  EXPECT_EQ(t.relation, Relation::kRepresents);
  EXPECT_EQ(t.object, this->Id("US"));
  EXPECT_EQ(t.date, Date::FromYmd(2023, 11, 30));
  EXPECT_EQ(t.article, 0u);
  EXPECT_EQ(t.ordinal, 0u);
  EXPECT_EQ(t.sentence, 0u);
  EXPECT_FLOAT_EQ(t.confidence, 0.8f);
  EXPECT_EQ(t.predicate, "representsd");
  EXPECT_EQ(t.evidence, "Antony Blinken representsd United States.");
}

TYPED_TEST(StoreTest, RePutSameTextIsUnchanged) {
  this->LoadSample();
  const StoreStats before = this->Stats();
  // Same key and text; different extraction content must not be written.
  auto x = MakeExtraction("a1", "text one", 20231130,
                          {{"Iran", EntityType::kGpe, {}}, {"Israel", EntityType::kGpe, {}}},
                          {{"Iran", Relation::kThreaten, "Israel", 20231130}});
  EXPECT_EQ(this->Put(x), PutOutcome::kUnchanged);
  const StoreStats after = this->Stats();
  EXPECT_EQ(after.entities, before.entities);
  EXPECT_EQ(after.triples, before.triples);
  EXPECT_EQ(after.articles, before.articles);
  EXPECT_TRUE(this->store_->FindEntity("Iran").status().IsNotFound());
}

TYPED_TEST(StoreTest, ChangedTextReplacesOldTriples) {
  this->LoadSample();
  ASSERT_EQ(this->DegreeOf("Russia"), 2u);
  auto x = MakeExtraction("a1", "text one, corrected", 20231130,
                          {{"Russia", EntityType::kGpe, {}}, {"China", EntityType::kGpe, {}}},
                          {{"Russia", Relation::kCooperate, "China", 20231130}});
  EXPECT_EQ(this->Put(x), PutOutcome::kReplaced);
  const StoreStats s = this->Stats();
  EXPECT_EQ(s.articles, 2u);
  EXPECT_EQ(s.triples, 3u);   // 6 - 4 old + 1 new.
  EXPECT_EQ(s.entities, 6u);  // Entities stay when their triples go.
  EXPECT_EQ(this->DegreeOf("Russia"), 1u);
  EXPECT_EQ(this->DegreeOf("China"), 3u);
  EXPECT_EQ(this->DegreeOf("United States"), 2u);
  EXPECT_EQ(this->DegreeOf("Antony Blinken"), 0u);
  EXPECT_TRUE(
      this->Rows([&](auto fn) { return this->store_->ScanOut(this->Id("Antony Blinken"), {}, fn); })
          .empty());
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanIn(this->Id("Russia"), {}, fn); }),
            std::vector<std::string>{});
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanOut(this->Id("Russia"), {}, fn); }),
            std::vector<std::string>{"Russia cooperate China 2023-11-30"});
  // The time index lost the old entries too.
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanByTime({}, fn); }).size(), 3u);
  Result<StoredArticle> a = this->store_->GetArticle(0);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->triple_count, 1u);

  // Replacing again with the first text restores the original counts.
  EXPECT_EQ(this->Put(MakeExtraction(
                "a1", "text one", 20231130,
                {{"United States", EntityType::kGpe, {}}, {"Russia", EntityType::kGpe, {}}},
                {{"United States", Relation::kAccuse, "Russia", 20231130}})),
            PutOutcome::kReplaced);
  EXPECT_EQ(this->Stats().triples, 3u);
  EXPECT_EQ(this->DegreeOf("Russia"), 1u);
  EXPECT_EQ(this->DegreeOf("China"), 2u);
}

TYPED_TEST(StoreTest, ReplaceWithIdenticalTriplesKeepsThem) {
  // Every old key is deleted and the same key put again in one batch: the put
  // must win in both backends.
  this->LoadSample();
  const std::vector<std::string> before =
      this->Rows([&](auto fn) { return this->store_->ScanByTime({}, fn); });
  auto x = MakeExtraction("a1", "text one, new whitespace", 20231130,
                          {{"United States", EntityType::kGpe, {}},
                           {"Russia", EntityType::kGpe, {}},
                           {"Antony Blinken", EntityType::kPerson, {}},
                           {"NATO", EntityType::kOrg, {}}},
                          {{"Antony Blinken", Relation::kRepresents, "United States", 20231130},
                           {"United States", Relation::kAccuse, "Russia", 20231130},
                           {"Russia", Relation::kReject, "United States", 20231129},
                           {"United States", Relation::kConsult, "NATO", 20231201}});
  EXPECT_EQ(this->Put(x), PutOutcome::kReplaced);
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanByTime({}, fn); }), before);
  EXPECT_EQ(this->Stats().triples, 6u);
  EXPECT_EQ(this->DegreeOf("United States"), 6u);
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanIn(this->Id("NATO"), {}, fn); }),
            std::vector<std::string>{"United States consult NATO 2023-12-01"});
}

TYPED_TEST(StoreTest, InvalidTripleWritesNothing) {
  this->LoadSample();
  const StoreStats before = this->Stats();
  struct Case {
    const char* what;
    ArticleExtraction x;
  };
  auto bad_confidence =
      MakeExtraction("b3", "t", 0, {{"A", EntityType::kGpe, {}}, {"B", EntityType::kGpe, {}}},
                     {{"A", Relation::kAid, "B"}});
  bad_confidence.triples[0].confidence = 1.5f;
  auto bad_date =
      MakeExtraction("b4", "t", 0, {{"A", EntityType::kGpe, {}}, {"B", EntityType::kGpe, {}}},
                     {{"A", Relation::kAid, "B", 20231331}});
  const Case cases[] = {
      {"unknown subject",
       MakeExtraction("b1", "t", 0, {{"A", EntityType::kGpe, {}}}, {{"Z", Relation::kAid, "A"}})},
      {"unknown object", MakeExtraction("a1", "new text", 0, {{"A", EntityType::kGpe, {}}},
                                        {{"A", Relation::kAid, "A"}, {"A", Relation::kAid, "Q"}})},
      {"empty id", MakeExtraction("", "t", 0, {{"A", EntityType::kGpe, {}}}, {})},
      {"empty entity name", MakeExtraction("b2", "t", 0, {{"  ", EntityType::kGpe, {}}}, {})},
      {"confidence", bad_confidence},
      {"date", bad_date},
  };
  for (const Case& c : cases) {
    Result<PutOutcome> r = this->store_->PutArticle(c.x);
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << c.what;
  }
  const StoreStats after = this->Stats();
  EXPECT_EQ(after.entities, before.entities);
  EXPECT_EQ(after.triples, before.triples);
  EXPECT_EQ(after.articles, before.articles);
  EXPECT_TRUE(this->store_->FindEntity("A").status().IsNotFound());
  EXPECT_EQ(this->DegreeOf("Russia"), 2u);  // a1 was not replaced.
}

TYPED_TEST(StoreTest, FindEntityByAliasAndCase) {
  this->LoadSample();
  const EntityId us = this->Id("United States");
  struct Case {
    const char* query;
    const char* want;
  };
  const Case cases[] = {
      {"United States", "United States"},
      {"united STATES", "United States"},
      {"US", "United States"},
      {"us", "United States"},
      {"U.S.", "United States"},
      {"  washington ", "United States"},
      {"blinken", "Antony Blinken"},
      {"MOSCOW", "Russia"},
      {"Hamas", "Hamas"},
  };
  for (const Case& c : cases) {
    Result<StoredEntity> e = this->store_->FindEntity(c.query);
    ASSERT_TRUE(e.ok()) << c.query << ": " << e.status().ToString();
    EXPECT_EQ(e->name, c.want) << c.query;
  }
  for (const char* missing : {"Germany", "U", "United", ""}) {
    Result<StoredEntity> e = this->store_->FindEntity(missing);
    EXPECT_TRUE(e.status().IsNotFound()) << missing;
  }
  // Both articles' surface forms accumulated on one entity, sorted.
  Result<StoredEntity> e = this->store_->GetEntity(us);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->name, "United States");  // First spelling kept.
  EXPECT_EQ(e->type, EntityType::kGpe);
  EXPECT_EQ(e->aliases, (std::vector<std::string>{"U.S.", "US", "United States", "Washington",
                                                  "united states"}));
}

TYPED_TEST(StoreTest, AliasWithMostTriplesWins) {
  this->LoadSample();
  // "Washington" now also names a football team with no triples.
  ASSERT_EQ(
      this->Put(MakeExtraction("a3", "sport", 20240110,
                               {{"Washington Commanders", EntityType::kOrg, {"Washington"}}}, {})),
      PutOutcome::kAdded);
  EXPECT_EQ(this->store_->FindEntity("washington")->name, "United States");
  // Give the team more triples than the United States has.
  std::vector<T> triples;
  for (int i = 0; i < 8; ++i) triples.push_back({"Washington Commanders", Relation::kAid, "NATO"});
  ASSERT_EQ(this->Put(MakeExtraction(
                "a4", "many", 0,
                {{"Washington Commanders", EntityType::kOrg, {}}, {"NATO", EntityType::kOrg, {}}},
                triples)),
            PutOutcome::kAdded);
  EXPECT_EQ(this->store_->FindEntity("washington")->name, "Washington Commanders");
  // A canonical name still beats an alias of a busier entity.
  EXPECT_EQ(this->store_->FindEntity("nato")->name, "NATO");
}

TYPED_TEST(StoreTest, SuggestRanksCloseNames) {
  this->LoadSample();
  struct Case {
    const char* query;
    size_t limit;
    std::vector<std::string> want;
  };
  const Case cases[] = {
      {"Blinkin", 3, {"Antony Blinken"}},  // Typo in a word.
      {"Rusia", 3, {"Russia"}},            // Typo in the whole name.
      {"unit", 3, {"United States"}},      // Prefix.
      {"chin", 1, {"China"}},
      {"zzzzzzzz", 3, {}},
      {"ha", 1, {"Hamas"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(this->store_->Suggest(c.query, c.limit), c.want) << c.query;
  }
  // Prefix beats substring beats typo.
  ASSERT_EQ(this->Put(MakeExtraction("a5", "x", 0,
                                     {{"Chinatown Council", EntityType::kOrg, {}},
                                      {"Indochina Group", EntityType::kGroup, {}},
                                      {"Chine", EntityType::kOther, {}}},
                                     {})),
            PutOutcome::kAdded);
  EXPECT_EQ(this->store_->Suggest("china", 4),
            (std::vector<std::string>{"China", "Chinatown Council", "Indochina Group", "Chine"}));
  EXPECT_EQ(this->store_->Suggest("china", 2).size(), 2u);
}

TYPED_TEST(StoreTest, ScanOutAndInWithFilters) {
  this->LoadSample();
  const EntityId us = this->Id("US");
  auto out = [&](const TripleFilter& f) {
    return this->Rows([&](auto fn) { return this->store_->ScanOut(us, f, fn); });
  };
  auto in = [&](const TripleFilter& f) {
    return this->Rows([&](auto fn) { return this->store_->ScanIn(us, f, fn); });
  };
  // Relation enum order first (consult < accuse), then date.
  EXPECT_EQ(out({}), (std::vector<std::string>{
                         "United States consult NATO 2023-12-01",
                         "United States accuse Russia 2023-11-30",
                         "United States accuse China 2024-01-05",
                     }));
  EXPECT_EQ(in({}), (std::vector<std::string>{
                        "Antony Blinken represents United States 2023-11-30",
                        "China agree United States ",
                        "Russia reject United States 2023-11-29",
                    }));
  TripleFilter accuse;
  accuse.relations = {Relation::kAccuse};
  EXPECT_EQ(out(accuse), (std::vector<std::string>{"United States accuse Russia 2023-11-30",
                                                   "United States accuse China 2024-01-05"}));
  TripleFilter window;
  window.since = Date::FromYmd(2023, 11, 30);
  window.until = Date::FromYmd(2023, 12, 31);
  EXPECT_EQ(out(window), (std::vector<std::string>{"United States consult NATO 2023-12-01",
                                                   "United States accuse Russia 2023-11-30"}));
  // A window closed on one side drops the undated agree triple.
  TripleFilter since_only;
  since_only.since = Date::FromYmd(2023, 11, 30);
  EXPECT_EQ(in(since_only),
            (std::vector<std::string>{"Antony Blinken represents United States 2023-11-30"}));
  TripleFilter both = window;
  both.relations = {Relation::kAccuse, Relation::kConsult};
  EXPECT_EQ(out(both), out(window));
  TripleFilter persons;
  persons.entity_types = {EntityType::kPerson, EntityType::kGpe};
  EXPECT_EQ(in(persons).size(), 3u);
  persons.entity_types = {EntityType::kPerson};
  EXPECT_TRUE(in(persons).empty());  // Both endpoints must match.

  // Returning false stops the scan.
  int seen = 0;
  ASSERT_TRUE(this->store_->ScanOut(us, {}, [&](const StoredTriple&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
  // An unknown entity has no triples, which is not an error.
  EXPECT_TRUE(this->Rows([&](auto fn) { return this->store_->ScanOut(9999, {}, fn); }).empty());
}

TYPED_TEST(StoreTest, HubScanSeeksPerRelationWithSameResult) {
  // More triples than the per-relation seek threshold.
  std::vector<E> entities = {{"Hub", EntityType::kGpe, {}}};
  std::vector<T> triples;
  for (int i = 0; i < 40; ++i) {
    entities.push_back({"Spoke " + std::to_string(i), EntityType::kGpe, {}});
  }
  for (int i = 0; i < 600; ++i) {
    const Relation r = static_cast<Relation>(2 + i % 16);
    const uint32_t date = i % 7 == 0 ? 0 : 20230101 + (i % 28);
    triples.push_back({"Hub", r, "Spoke " + std::to_string(i % 40), date});
  }
  ASSERT_EQ(this->Put(MakeExtraction("hub", "hub", 0, entities, triples)), PutOutcome::kAdded);
  const EntityId hub = this->Id("Hub");
  ASSERT_EQ(this->store_->Degree(hub).value(), 600u);
  for (auto [since, until] :
       {std::pair{20230105u, 20230110u}, std::pair{0u, 20230103u}, std::pair{20230127u, 0u}}) {
    TripleFilter f;
    f.since.yyyymmdd = since;
    f.until.yyyymmdd = until;
    std::multiset<std::pair<uint32_t, uint32_t>> expected, got;  // (article, ordinal)
    std::vector<std::pair<int, uint32_t>> order;                 // (relation, date)
    ASSERT_TRUE(this->store_
                    ->ForEachTriple(f,
                                    [&](const StoredTriple& t) {
                                      if (t.subject == hub) expected.emplace(t.article, t.ordinal);
                                      return true;
                                    })
                    .ok());
    ASSERT_TRUE(this->store_
                    ->ScanOut(hub, f,
                              [&](const StoredTriple& t) {
                                got.emplace(t.article, t.ordinal);
                                order.emplace_back(static_cast<int>(t.relation), t.date.yyyymmdd);
                                return true;
                              })
                    .ok());
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(got, expected) << since << ".." << until;
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  }
}

TYPED_TEST(StoreTest, ScanByTimeInDateOrder) {
  this->LoadSample();
  std::vector<std::string> rows =
      this->Rows([&](auto fn) { return this->store_->ScanByTime({}, fn); });
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "China agree United States ",  // Unknown dates sort first.
                      "Russia reject United States 2023-11-29",
                      "Antony Blinken represents United States 2023-11-30",
                      "United States accuse Russia 2023-11-30",
                      "United States consult NATO 2023-12-01",
                      "United States accuse China 2024-01-05",
                  }));
  TripleFilter f;
  f.until = Date::FromYmd(2023, 11, 30);
  f.relations = {Relation::kReject, Relation::kAccuse};
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanByTime(f, fn); }),
            (std::vector<std::string>{"Russia reject United States 2023-11-29",
                                      "United States accuse Russia 2023-11-30"}));
  f = {};
  f.since = Date::FromYmd(2023, 12, 1);
  f.entity_types = {EntityType::kGpe};
  EXPECT_EQ(this->Rows([&](auto fn) { return this->store_->ScanByTime(f, fn); }),
            (std::vector<std::string>{"United States accuse China 2024-01-05"}));
}

TYPED_TEST(StoreTest, EntityTypeUpgradesFromOtherAndSelfLoopCountsOnce) {
  ASSERT_EQ(this->Put(MakeExtraction("s1", "a", 0, {{"Kremlin", EntityType::kOther, {}}},
                                     {{"Kremlin", Relation::kSupport, "Kremlin"}})),
            PutOutcome::kAdded);
  EXPECT_EQ(this->DegreeOf("Kremlin"), 1u);
  ASSERT_EQ(this->Put(MakeExtraction("s2", "b", 0, {{"KREMLIN", EntityType::kOrg, {}}}, {})),
            PutOutcome::kAdded);
  EXPECT_EQ(this->store_->FindEntity("kremlin")->type, EntityType::kOrg);
  ASSERT_EQ(this->Put(MakeExtraction("s1", "c", 0, {{"Kremlin", EntityType::kGpe, {}}}, {})),
            PutOutcome::kReplaced);
  EXPECT_EQ(this->DegreeOf("Kremlin"), 0u);
  EXPECT_EQ(this->store_->FindEntity("kremlin")->type, EntityType::kOrg);  // Not overwritten.
}

}  // namespace
}  // namespace geokg
