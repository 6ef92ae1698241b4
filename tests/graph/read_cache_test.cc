// The store's read cache (graph/src/read_cache.h): reads through it equal
// reads without it, a write makes it forget, and it stays within its bound.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../../graph/src/read_cache.h"
#include "geokg/graph.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::E;
using testing_util::MakeExtraction;
using testing_util::T;
using testing_util::TempDir;

// ------------------------------------------------------- ReadCache alone

TEST(ReadCacheTest, GenerationsDecideWhatIsSeen) {
  struct Step {
    const char* what;
    bool insert;  // Otherwise a lookup.
    uint64_t generation;
    std::string key;
    std::string value;  // Inserted, or expected ("" = a miss).
  };
  const std::vector<Step> steps = {
      {"insert at 5", true, 5, "k", "v5"},
      {"hit at 5", false, 5, "k", "v5"},
      {"an older generation misses", false, 4, "k", ""},
      {"an older insert is ignored", true, 4, "j", "old"},
      {"so j is absent at 5", false, 5, "j", ""},
      {"a newer generation forgets", false, 6, "k", ""},
      {"and k stays forgotten", false, 6, "k", ""},
      {"insert at 6", true, 6, "k", "v6"},
      {"hit at 6", false, 6, "k", "v6"},
      {"the old generation misses now", false, 5, "k", ""},
  };
  ReadCache cache(1 << 20);
  for (const Step& step : steps) {
    SCOPED_TRACE(step.what);
    if (step.insert) {
      cache.Insert(step.generation, step.key, step.value);
      continue;
    }
    std::string value;
    const bool hit = cache.Lookup(step.generation, step.key, &value);
    EXPECT_EQ(hit, !step.value.empty());
    if (hit) {
      EXPECT_EQ(value, step.value);
    }
  }
}

TEST(ReadCacheTest, StaysWithinItsBoundAndKeepsRecentEntries) {
  struct Case {
    size_t capacity;
    size_t value_size;
  };
  for (const Case& c : std::vector<Case>{
           {0, 10}, {16 * 1024, 10}, {64 * 1024, 300}, {16 * ReadCache::kEntryOverhead, 4000}}) {
    SCOPED_TRACE("capacity " + std::to_string(c.capacity) + ", values of " +
                 std::to_string(c.value_size));
    ReadCache cache(c.capacity);
    const std::string value(c.value_size, 'x');
    std::string got;
    for (int i = 0; i < 5000; ++i) {
      const std::string key = "key" + std::to_string(i);
      cache.Insert(1, key, value);
      EXPECT_LE(cache.bytes(), c.capacity);
      // The entry just used survives the inserts of other keys.
      if (i >= 1 && cache.Lookup(1, "key0", &got)) {
        EXPECT_EQ(got, value);
      }
    }
    if (c.capacity == 0) {
      EXPECT_EQ(cache.entries(), 0u);
    }
    const size_t charge = 4 + c.value_size + ReadCache::kEntryOverhead;
    if (charge <= c.capacity / 16) {
      // key0 was looked up after every insert: never the least recent.
      EXPECT_TRUE(cache.Lookup(1, "key0", &got));
      EXPECT_GT(cache.entries(), 0u);
    } else {
      EXPECT_EQ(cache.entries(), 0u);  // Larger than a shard: not kept.
    }
  }
}

// ------------------------------------------------ Through the Store

StoreOptions Cached() {
  StoreOptions options;
  options.read_cache_bytes = size_t{1} << 20;
  return options;
}

// Everything a reader can ask of the point reads, as one string.
std::string Reads(const Store& store) {
  std::string out;
  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return "stats: " + stats.status().ToString();
  for (EntityId id = 0; id < stats->entities + 1; ++id) {
    Result<StoredEntity> e = store.GetEntity(id);
    if (!e.ok()) {
      out += "entity " + std::to_string(id) + ": " + e.status().ToString() + "\n";
      continue;
    }
    out += "entity " + std::to_string(id) + ": " + e->name + " " +
           std::string(EntityTypeName(e->type));
    for (const std::string& a : e->aliases) out += " [" + a + "]";
    Result<uint64_t> degree = store.Degree(id);
    out += " degree " + (degree.ok() ? std::to_string(*degree) : degree.status().ToString());
    Result<StoredEntity> found = store.FindEntity(e->name);
    out += " found " + (found.ok() ? std::to_string(found->id) : found.status().ToString()) + "\n";
  }
  for (ArticleId id = 0; id < stats->articles + 1; ++id) {
    Result<StoredArticle> a = store.GetArticle(id);
    if (!a.ok()) {
      out += "article " + std::to_string(id) + ": " + a.status().ToString() + "\n";
      continue;
    }
    out += "article " + std::to_string(id) + ": " + a->key + " " + a->title + " " +
           a->date.ToString() + " " + std::to_string(a->content_hash) + " " +
           std::to_string(a->triple_count) + "\n";
    for (uint32_t ordinal = 0; ordinal < a->triple_count + 1; ++ordinal) {
      Result<StoredTriple> t = store.GetTriple(id, ordinal);
      out += "  triple " + std::to_string(ordinal) + ": ";
      if (!t.ok()) {
        out += t.status().ToString() + "\n";
        continue;
      }
      out += std::to_string(t->subject) + " " + std::string(RelationName(t->relation)) + " " +
             std::to_string(t->object) + " " + t->date.ToString() + " " + t->predicate + " " +
             t->evidence + (t->negated ? " negated" : "") + "\n";
    }
  }
  for (const char* name : {"US", "united states", "Nobody"}) {
    Result<StoredEntity> found = store.FindEntity(name);
    out += std::string("find ") + name + ": " +
           (found.ok() ? std::to_string(found->id) : found.status().ToString()) + "\n";
  }
  return out;
}

// Writes that change what the point reads return: new articles, a
// replaced article (same fact keys, other facts), new aliases and a new
// entity.
const std::vector<ArticleExtraction>& Writes() {
  static const auto* writes = new std::vector<ArticleExtraction>{
      MakeExtraction("a1", "one", 20230105,
                     {{"United States", EntityType::kGpe, {"US"}},
                      {"Russia", EntityType::kGpe, {}},
                      {"China", EntityType::kGpe, {}}},
                     {{"United States", Relation::kAccuse, "Russia", 20230105},
                      {"China", Relation::kSupport, "United States", 20230104}}),
      MakeExtraction("a2", "two", 20230201,
                     {{"United States", EntityType::kGpe, {}}, {"NATO", EntityType::kOrg, {}}},
                     {{"NATO", Relation::kConsult, "United States", 20230201}}),
      // a1 replaced: its fact keys (article 0, ordinals 0 and 1) now hold
      // other triples.
      MakeExtraction("a1", "one, rewritten", 20230106,
                     {{"United States", EntityType::kGpe, {"USA", "America"}},
                      {"Iran", EntityType::kGpe, {}},
                      {"Russia", EntityType::kGpe, {}}},
                     {{"Iran", Relation::kThreaten, "United States", 20221231},
                      {"United States", Relation::kSanction, "Iran", 20230106, true}}),
      MakeExtraction(
          "a3", "three", 0,
          {{"United States", EntityType::kGpe, {"US"}}, {"Hamas", EntityType::kGroup, {}}},
          {{"Hamas", Relation::kAssault, "United States", 0}}),
  };
  return *writes;
}

TEST(ReadCacheStoreTest, InMemoryReadsEqualUncachedReadsAfterEveryWrite) {
  StoreOptions uncached;
  uncached.read_cache_bytes = 0;
  auto cached_store = Store::NewInMemory(Cached());
  auto plain_store = Store::NewInMemory(uncached);
  std::string before;
  for (size_t i = 0; i < Writes().size(); ++i) {
    SCOPED_TRACE("after write " + std::to_string(i));
    ASSERT_TRUE(cached_store->PutArticle(Writes()[i]).ok());
    ASSERT_TRUE(plain_store->PutArticle(Writes()[i]).ok());
    const std::string expected = Reads(*plain_store);
    EXPECT_EQ(Reads(*cached_store), expected);  // Fills the cache.
    EXPECT_EQ(Reads(*cached_store), expected);  // From the cache.
    EXPECT_NE(expected, before);
    before = expected;
  }
}

TEST(ReadCacheStoreTest, RocksDbWriterForgetsWhatItWrote) {
  TempDir dir;
  StoreOptions uncached;
  uncached.read_cache_bytes = 0;
  uncached.read_only = true;
  Result<std::unique_ptr<Store>> writer = Store::Open(dir.db(), Cached());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  for (size_t i = 0; i < Writes().size(); ++i) {
    SCOPED_TRACE("after write " + std::to_string(i));
    ASSERT_TRUE((*writer)->PutArticle(Writes()[i]).ok());
    const std::string cached_first = Reads(**writer);
    const std::string cached_again = Reads(**writer);
    // A reader opened now sees the store as the writer left it.
    Result<std::unique_ptr<Store>> reader = Store::Open(dir.db(), uncached);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    const std::string expected = Reads(**reader);
    EXPECT_EQ(cached_first, expected);
    EXPECT_EQ(cached_again, expected);
  }
}

TEST(ReadCacheStoreTest, BulkLoadMakesTheCacheForget) {
  StoreOptions uncached;
  uncached.read_cache_bytes = 0;
  auto cached_store = Store::NewInMemory(Cached());
  auto plain_store = Store::NewInMemory(uncached);
  const std::vector<ArticleExtraction> first(Writes().begin(), Writes().begin() + 2);
  const std::vector<ArticleExtraction> second(Writes().begin() + 2, Writes().end());
  for (const auto* chunk : {&first, &second}) {
    ASSERT_TRUE(cached_store->BulkLoad(*chunk).ok());
    ASSERT_TRUE(plain_store->BulkLoad(*chunk).ok());
    EXPECT_EQ(Reads(*cached_store), Reads(*plain_store));
    EXPECT_EQ(Reads(*cached_store), Reads(*plain_store));
  }
}

}  // namespace
}  // namespace geokg
