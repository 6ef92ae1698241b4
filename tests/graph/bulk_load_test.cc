// Store::BulkLoad leaves exactly the keys and values that PutArticle of the
// same articles in order leaves: compared as a full dump of the RocksDB
// key space, and through the public API for the in-memory store.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../../graph/src/kv.h"
#include "geokg/graph.h"
#include "geokg/snapshot.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::E;
using testing_util::MakeExtraction;
using testing_util::T;
using Chunk = std::vector<ArticleExtraction>;
using Dump = std::vector<std::pair<std::string, std::string>>;

// Every key and value of a closed RocksDB store, in key order.
Dump DumpRocks(const std::string& dir) {
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir, options);
  EXPECT_TRUE(kv.ok()) << kv.status().ToString();
  Dump dump;
  if (!kv.ok()) return dump;
  auto it = (*kv)->NewIterator();
  for (it->Seek(""); it->Valid(); it->Next()) {
    dump.emplace_back(std::string(it->key()), std::string(it->value()));
  }
  EXPECT_TRUE(it->status().ok()) << it->status().ToString();
  return dump;
}

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The public view of a store: entities with aliases and degrees, articles,
// and every triple with all its fields, one line each.
std::vector<std::string> DumpApi(const Store& store) {
  std::vector<std::string> lines;
  Status s = store.ForEachEntity([&](const StoredEntity& e) {
    std::string line = "E " + std::to_string(e.id) + " " + e.name + " " +
                       std::string(EntityTypeName(e.type)) + " deg " +
                       std::to_string(store.Degree(e.id).value()) + " [";
    for (const std::string& a : e.aliases) line += a + "|";
    lines.push_back(line + "]");
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  s = store.ForEachArticle([&](const StoredArticle& a) {
    lines.push_back("A " + std::to_string(a.id) + " " + a.key + " " + a.title + " " +
                    a.date.ToString() + " " + std::to_string(a.content_hash) + " " +
                    std::to_string(a.triple_count));
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  s = store.ForEachTriple({}, [&](const StoredTriple& t) {
    lines.push_back("T " + std::to_string(t.article) + "/" + std::to_string(t.ordinal) + " " +
                    std::to_string(t.subject) + " " + std::string(RelationName(t.relation)) + " " +
                    std::to_string(t.object) + " " + t.date.ToString() + " " +
                    std::to_string(t.negated) + " " + std::to_string(t.confidence) + " " +
                    std::to_string(t.sentence) + " " + t.predicate + " " + t.evidence);
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  StoreStats stats = store.Stats().value();
  lines.push_back("S " + std::to_string(stats.entities) + " " + std::to_string(stats.articles) +
                  " " + std::to_string(stats.triples));
  return lines;
}

ArticleExtraction A1() {
  return MakeExtraction("a1", "one", 20231130,
                        {{"United States", EntityType::kGpe, {"US"}},
                         {"Russia", EntityType::kGpe, {}},
                         {"NATO", EntityType::kOther, {}}},
                        {{"United States", Relation::kAccuse, "Russia", 20231130},
                         {"Russia", Relation::kThreaten, "NATO", 20231130}});
}

// Merges into A1's entities: new aliases, NATO's type upgraded, a self-loop,
// an entity without triples, an unknown date.
ArticleExtraction A2() {
  return MakeExtraction("a2", "two", 0,
                        {{"UNITED STATES", EntityType::kGpe, {"U.S.", "Washington"}},
                         {"nato", EntityType::kOrg, {"the Alliance"}},
                         {"China", EntityType::kGpe, {}},
                         {"Belgium", EntityType::kGpe, {}}},
                        {{"united states", Relation::kConsult, "China", 0},
                         {"NATO", Relation::kSupport, "United States", 20231201},
                         {"China", Relation::kMobilize, "China", 20231202}});
}

ArticleExtraction A3() {
  return MakeExtraction(
      "a3", "three", 20231203,
      {{"Russia", EntityType::kGpe, {"Moscow"}}, {"Ukraine", EntityType::kGpe, {"Kyiv"}}},
      {{"Russia", Relation::kAssault, "Ukraine", 20231203}});
}

// A1 with another text and other triples: a replacement.
ArticleExtraction A1Changed() {
  return MakeExtraction(
      "a1", "one, revised", 20231130,
      {{"United States", EntityType::kGpe, {"America"}}, {"Ukraine", EntityType::kGpe, {}}},
      {{"United States", Relation::kAid, "Ukraine", 20231130}});
}

// A triple whose object is not among the entities: rejected.
ArticleExtraction Broken() {
  ArticleExtraction x =
      MakeExtraction("bad", "bad", 20231130, {{"Russia", EntityType::kGpe, {}}}, {});
  Triple t;
  t.subject = "Russia";
  t.object = "Atlantis";
  x.triples.push_back(t);
  return x;
}

// Many articles over a small pool of names, with aliases, repeats and
// replacements: the cases interleave at random. With `first_unique_id`,
// articles are numbered from it instead, and none repeats.
Chunk RandomArticles(uint32_t seed, int count, int first_unique_id = -1) {
  std::mt19937 rng(seed);
  const std::vector<std::string> names = {"Iran",  "Iraq",  "Israel", "Egypt",  "Syria",
                                          "Qatar", "Oman",  "Yemen",  "Jordan", "Turkey",
                                          "Hamas", "Fatah", "UN",     "EU",     "IAEA"};
  Chunk chunk;
  for (int i = 0; i < count; ++i) {
    int id = static_cast<int>(rng() % (count * 2 / 3 + 1));  // Some ids repeat.
    if (first_unique_id >= 0) id = first_unique_id + i;
    std::vector<E> entities;
    for (int k = 0; k < 4; ++k) {
      const std::string& name = names[rng() % names.size()];
      entities.push_back({rng() % 2 ? name : "the " + name,
                          static_cast<EntityType>(rng() % 5),
                          {name.substr(0, 2) + std::to_string(rng() % 3)}});
    }
    std::vector<T> triples;
    for (int k = static_cast<int>(rng() % 5); k > 0; --k) {
      triples.push_back({entities[rng() % 4].name, static_cast<Relation>(rng() % kRelationCount),
                         entities[rng() % 4].name,
                         static_cast<uint32_t>(rng() % 3 ? 20200101 + rng() % 28 : 0)});
    }
    chunk.push_back(MakeExtraction("r" + std::to_string(id), "text " + std::to_string(rng() % 3),
                                   20200101, entities, triples));
  }
  return chunk;
}

struct Scenario {
  std::string name;
  Chunk prelude;              // PutArticle into both stores first.
  std::vector<Chunk> chunks;  // BulkLoad calls on one, PutArticle on the other.
  // Summed over the chunks.
  size_t added, unchanged, replaced, rejected;
};

std::vector<Scenario> Scenarios() {
  // A deferred load's entity cache grows chunk by chunk.
  std::vector<Chunk> small_chunks;
  for (int i = 0; i < 80; ++i) small_chunks.push_back(RandomArticles(100 + i, 2, 10 * i));
  return {
      {"fresh store, one chunk", {}, {{A1(), A2(), A3()}}, 3, 0, 0, 0},
      {"random mix, fresh store, 80 small chunks", {}, small_chunks, 0, 0, 0, 0},
      {"fresh store, three chunks", {}, {{A1()}, {A2()}, {A3()}}, 3, 0, 0, 0},
      {"aliases merge into stored entities", {A1()}, {{A2(), A3()}}, 2, 0, 0, 0},
      {"unchanged and replaced in a chunk", {A1(), A2()}, {{A1(), A3(), A1Changed()}}, 1, 1, 1, 0},
      {"a key repeated within the chunk",
       {},
       {{A1(), A2(), A1Changed(), A1Changed(), A1()}},
       2,
       1,
       2,
       0},
      {"a rejected article is skipped", {}, {{A1(), Broken(), A2()}}, 2, 0, 0, 1},
      // A deferred load commits before the second chunk, which replaces.
      {"fresh store, a later chunk replaces", {}, {{A1(), A2()}, {A3(), A1Changed()}}, 3, 0, 1, 0},
      {"random mix, fresh store, new keys",
       {},
       {RandomArticles(3, 120, 0), RandomArticles(4, 90, 1000), RandomArticles(5, 60, 2000)},
       0,  // Not checked: see below.
       0,
       0,
       0},
      {"random mix",
       RandomArticles(7, 30),
       {RandomArticles(1, 200), RandomArticles(2, 150)},
       0,  // Not checked: see below.
       0,
       0,
       0},
  };
}

// Names the case in test output instead of its bytes.
void PrintTo(const Scenario& c, std::ostream* os) { *os << c.name; }

class BulkLoadTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(BulkLoadTest, SameKeysAndValuesAsPutArticle) {
  const Scenario& sc = GetParam();
  const bool check_counts = sc.name.rfind("random mix", 0) != 0;
  testing_util::TempDir put_dir;
  testing_util::TempDir bulk_dir;
  testing_util::TempDir deferred_dir;  // defer_bulk_load: staged, then committed.
  // The same two loads of the chunks in flat form (FlatChunk::Append).
  testing_util::TempDir flat_dir;
  testing_util::TempDir flat_deferred_dir;
  StoreOptions deferring;
  deferring.defer_bulk_load = true;
  std::unique_ptr<Store> mem_put = Store::NewInMemory();
  std::unique_ptr<Store> mem_bulk = Store::NewInMemory();
  std::unique_ptr<Store> mem_flat = Store::NewInMemory();
  {
    std::unique_ptr<Store> put = Store::Open(put_dir.db()).value();
    std::unique_ptr<Store> bulk = Store::Open(bulk_dir.db()).value();
    std::unique_ptr<Store> deferred = Store::Open(deferred_dir.db(), deferring).value();
    std::unique_ptr<Store> flat = Store::Open(flat_dir.db()).value();
    std::unique_ptr<Store> flat_deferred = Store::Open(flat_deferred_dir.db(), deferring).value();
    for (const ArticleExtraction& x : sc.prelude) {
      for (Store* s : {put.get(), bulk.get(), deferred.get(), flat.get(), flat_deferred.get(),
                       mem_put.get(), mem_bulk.get(), mem_flat.get()}) {
        ASSERT_TRUE(s->PutArticle(x).ok());
      }
    }
    BulkLoadResult total;
    BulkLoadResult mem_total;
    for (const Chunk& chunk : sc.chunks) {
      size_t rejected = 0;
      for (const ArticleExtraction& x : chunk) {
        Result<PutOutcome> r = put->PutArticle(x);
        rejected += !r.ok();
        EXPECT_EQ(r.ok(), mem_put->PutArticle(x).ok());
      }
      Result<BulkLoadResult> r = bulk->BulkLoad(chunk);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      Result<BulkLoadResult> m = mem_bulk->BulkLoad(chunk);
      ASSERT_TRUE(m.ok()) << m.status().ToString();
      Result<BulkLoadResult> d = deferred->BulkLoad(chunk);
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      EXPECT_EQ(d->added, r->added);
      EXPECT_EQ(d->unchanged, r->unchanged);
      EXPECT_EQ(d->replaced, r->replaced);
      EXPECT_EQ(d->triples, r->triples);
      EXPECT_EQ(d->rejected.size(), r->rejected.size());
      FlatChunk flat_chunk;
      for (const ArticleExtraction& x : chunk) flat_chunk.Append(x);
      for (Store* s : {flat.get(), flat_deferred.get(), mem_flat.get()}) {
        Result<BulkLoadResult> f = s->BulkLoad(flat_chunk);
        ASSERT_TRUE(f.ok()) << f.status().ToString();
        EXPECT_EQ(f->added, r->added);
        EXPECT_EQ(f->unchanged, r->unchanged);
        EXPECT_EQ(f->replaced, r->replaced);
        EXPECT_EQ(f->triples, r->triples);
        ASSERT_EQ(f->rejected.size(), r->rejected.size());
        for (size_t k = 0; k < f->rejected.size(); ++k) {
          EXPECT_EQ(f->rejected[k].first, r->rejected[k].first);
          EXPECT_EQ(f->rejected[k].second.code(), Status::Code::kInvalidArgument);
        }
      }
      EXPECT_EQ(r->rejected.size(), rejected);
      for (const auto& [index, status] : r->rejected) {
        EXPECT_FALSE(put->PutArticle(chunk[index]).ok()) << index;
        EXPECT_EQ(status.code(), Status::Code::kInvalidArgument) << status.ToString();
      }
      total.added += r->added;
      total.unchanged += r->unchanged;
      total.replaced += r->replaced;
      total.rejected.insert(total.rejected.end(), r->rejected.begin(), r->rejected.end());
      mem_total.added += m->added;
      mem_total.replaced += m->replaced;
    }
    EXPECT_EQ(mem_total.added, total.added);
    EXPECT_EQ(mem_total.replaced, total.replaced);
    if (check_counts) {
      EXPECT_EQ(total.added, sc.added);
      EXPECT_EQ(total.unchanged, sc.unchanged);
      EXPECT_EQ(total.replaced, sc.replaced);
      EXPECT_EQ(total.rejected.size(), sc.rejected);
    }
    const std::vector<std::string> before = DumpApi(*bulk);
    EXPECT_EQ(before, DumpApi(*put));
    ASSERT_TRUE(deferred->CommitBulkLoad().ok());
    EXPECT_EQ(DumpApi(*deferred), before);
    EXPECT_EQ(DumpApi(*flat), before);
    ASSERT_TRUE(flat_deferred->CommitBulkLoad().ok());
    EXPECT_EQ(DumpApi(*flat_deferred), before);
    ASSERT_TRUE(flat->WriteSnapshot().ok());
    ASSERT_TRUE(flat_deferred->WriteSnapshot().ok());
    // Loading the same chunks again changes nothing, unless the chunks
    // hold two versions of an article (then the first replaces the second).
    bool repeats = false;
    std::set<std::string> keys;
    for (const Chunk& chunk : sc.chunks) {
      for (const ArticleExtraction& x : chunk) repeats |= !keys.insert(x.article.id).second;
    }
    for (const Chunk& chunk : repeats ? std::vector<Chunk>() : sc.chunks) {
      Result<BulkLoadResult> again = bulk->BulkLoad(chunk);
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      EXPECT_EQ(again->added, 0u);
      EXPECT_EQ(again->replaced, 0u);
      EXPECT_EQ(again->unchanged + again->rejected.size(), chunk.size());
    }
    EXPECT_EQ(DumpApi(*bulk), before);
    for (const Chunk& chunk : repeats ? std::vector<Chunk>() : sc.chunks) {
      Result<BulkLoadResult> again = deferred->BulkLoad(chunk);
      ASSERT_TRUE(again.ok()) << again.status().ToString();
      EXPECT_EQ(again->added + again->replaced, 0u);
    }
    EXPECT_EQ(DumpApi(*deferred), before);
    ASSERT_TRUE(deferred->WriteSnapshot().ok());
    // The writer's snapshot: from the edges it kept while it wrote (a store
    // empty at open, no replacement) or read back from the fact table.
    ASSERT_TRUE(bulk->WriteSnapshot().ok());
    ASSERT_TRUE(put->WriteSnapshot().ok());
  }
  // Either way it is the snapshot that a later process rebuilds from the
  // tables, byte for byte.
  for (const testing_util::TempDir* dir :
       {&bulk_dir, &put_dir, &deferred_dir, &flat_dir, &flat_deferred_dir}) {
    const std::string path = dir->db() + "/" + kSnapshotFileName;
    const std::string written = ReadFileBytes(path);
    ASSERT_FALSE(written.empty());
    std::filesystem::remove(path);
    ASSERT_TRUE(Store::Open(dir->db()).value()->WriteSnapshot().ok());
    EXPECT_EQ(ReadFileBytes(path), written) << path;
  }
  EXPECT_EQ(DumpApi(*mem_bulk), DumpApi(*mem_put));
  EXPECT_EQ(DumpApi(*mem_flat), DumpApi(*mem_put));
  const Dump put_dump = DumpRocks(put_dir.db());
  const Dump bulk_dump = DumpRocks(bulk_dir.db());
  ASSERT_GT(put_dump.size(), 4u);
  ASSERT_EQ(bulk_dump.size(), put_dump.size());
  for (size_t i = 0; i < put_dump.size(); ++i) {
    ASSERT_EQ(bulk_dump[i], put_dump[i]) << "first difference at key " << i;
  }
  for (const testing_util::TempDir* dir : {&deferred_dir, &flat_dir, &flat_deferred_dir}) {
    SCOPED_TRACE(dir->db());
    const Dump dump = DumpRocks(dir->db());
    ASSERT_EQ(dump.size(), put_dump.size());
    for (size_t i = 0; i < put_dump.size(); ++i) {
      ASSERT_EQ(dump[i], put_dump[i]) << "first difference at key " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, BulkLoadTest, ::testing::ValuesIn(Scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           std::string name;
                           for (char c : info.param.name) name += std::isalnum(c) ? c : '_';
                           return name;
                         });

TEST(BulkLoadTest, ReadOnlyStoreRefuses) {
  testing_util::TempDir dir;
  { ASSERT_TRUE(Store::Open(dir.db()).value()->PutArticle(A1()).ok()); }
  StoreOptions options;
  options.read_only = true;
  std::unique_ptr<Store> store = Store::Open(dir.db(), options).value();
  Result<BulkLoadResult> r = store->BulkLoad({A2()});
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
}

TEST(BulkLoadTest, LeavesNoTableFileBehind) {
  testing_util::TempDir dir;
  {
    std::unique_ptr<Store> store = Store::Open(dir.db()).value();
    ASSERT_TRUE(store->BulkLoad({A1(), A2(), A3()}).ok());
  }
  testing_util::TempDir deferred_dir;
  {
    StoreOptions options;
    options.defer_bulk_load = true;
    std::unique_ptr<Store> store = Store::Open(deferred_dir.db(), options).value();
    ASSERT_TRUE(store->BulkLoad({A1(), A2()}).ok());
    ASSERT_TRUE(store->BulkLoad({A3()}).ok());
    ASSERT_TRUE(store->CommitBulkLoad().ok());
  }
  for (const auto& entry : std::filesystem::directory_iterator(deferred_dir.db())) {
    EXPECT_NE(entry.path().extension(), ".bulk") << entry.path();
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir.db())) {
    EXPECT_NE(entry.path().extension(), ".bulk") << entry.path();
  }
}

// A deferred load is invisible until its commit, to other readers and to
// the store's own reads, and then visible all at once.
TEST(BulkLoadTest, DeferredLoadIsStoredAtTheCommitOnly) {
  testing_util::TempDir dir;
  StoreOptions deferring;
  deferring.defer_bulk_load = true;
  StoreOptions reading;
  reading.read_only = true;
  std::unique_ptr<Store> store = Store::Open(dir.db(), deferring).value();
  Result<BulkLoadResult> first = store->BulkLoad({A1(), A2()});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->added, 2u);
  ASSERT_TRUE(store->BulkLoad({A3()}).ok());
  EXPECT_EQ(store->FindEntity("Russia").status().code(), Status::Code::kNotFound);
  {
    std::unique_ptr<Store> reader = Store::Open(dir.db(), reading).value();
    EXPECT_EQ(reader->Stats().value().triples, 0u);
    EXPECT_EQ(reader->FindEntity("Russia").status().code(), Status::Code::kNotFound);
  }
  ASSERT_TRUE(store->CommitBulkLoad().ok());
  EXPECT_TRUE(store->FindEntity("Russia").ok());
  EXPECT_TRUE(store->CommitBulkLoad().ok());  // Nothing left: a no-op.
  std::unique_ptr<Store> reader = Store::Open(dir.db(), reading).value();
  EXPECT_EQ(reader->Stats().value().triples, 6u);
  EXPECT_EQ(reader->Stats().value().articles, 3u);
  // The commit wrote the snapshot: current, so a reader maps it.
  std::shared_ptr<const GraphSnapshot> snapshot = reader->Snapshot().value();
  EXPECT_TRUE(snapshot->mapped());
  EXPECT_EQ(snapshot->edge_count(), 6u);
}

// Closing the store commits what it staged.
TEST(BulkLoadTest, DeferredLoadIsCommittedAtClose) {
  testing_util::TempDir dir;
  StoreOptions deferring;
  deferring.defer_bulk_load = true;
  {
    std::unique_ptr<Store> store = Store::Open(dir.db(), deferring).value();
    ASSERT_TRUE(store->BulkLoad({A1(), A2(), A3()}).ok());
  }
  std::unique_ptr<Store> reopened = Store::Open(dir.db()).value();
  EXPECT_EQ(reopened->Stats().value().triples, 6u);
  EXPECT_TRUE(reopened->Check().value().ok());
}

// The table files of a load that never committed (its process ended) are
// deleted by the next read-write open, and were never part of the store.
TEST(BulkLoadTest, StaleStagedFilesAreDeletedAtOpen) {
  testing_util::TempDir dir;
  { ASSERT_TRUE(Store::Open(dir.db()).value()->PutArticle(A1()).ok()); }
  const std::string stale = dir.db() + "/99999-1.bulk";
  { std::ofstream(stale) << "left by a process that died"; }
  StoreOptions reading;
  reading.read_only = true;
  { EXPECT_TRUE(Store::Open(dir.db(), reading).ok()); }
  EXPECT_TRUE(std::filesystem::exists(stale));  // A reader leaves it alone.
  std::unique_ptr<Store> store = Store::Open(dir.db()).value();
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_EQ(store->Stats().value().triples, 2u);
}

// A store that was not empty at open: the loader must read what an earlier
// process stored (articles and entity names) instead of assuming that it
// wrote everything itself.
TEST(BulkLoadTest, ReopenedStoreSeesWhatAnEarlierProcessStored) {
  testing_util::TempDir put_dir;
  testing_util::TempDir bulk_dir;
  {
    std::unique_ptr<Store> put = Store::Open(put_dir.db()).value();
    std::unique_ptr<Store> bulk = Store::Open(bulk_dir.db()).value();
    for (const ArticleExtraction& x : {A1(), A2()}) ASSERT_TRUE(put->PutArticle(x).ok());
    ASSERT_TRUE(bulk->BulkLoad({A1(), A2()}).ok());
  }
  const Chunk second = {A1(), A3(), A1Changed(), A2()};
  {
    std::unique_ptr<Store> put = Store::Open(put_dir.db()).value();
    std::unique_ptr<Store> bulk = Store::Open(bulk_dir.db()).value();
    for (const ArticleExtraction& x : second) ASSERT_TRUE(put->PutArticle(x).ok());
    Result<BulkLoadResult> r = bulk->BulkLoad(second);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->added, 1u);      // A3.
    EXPECT_EQ(r->unchanged, 2u);  // A1, A2.
    EXPECT_EQ(r->replaced, 1u);   // A1Changed.
    EXPECT_EQ(DumpApi(*bulk), DumpApi(*put));
    // Russia, Ukraine and United States are one entity each.
    EXPECT_EQ(bulk->Stats().value().entities, put->Stats().value().entities);
  }
  EXPECT_EQ(DumpRocks(bulk_dir.db()), DumpRocks(put_dir.db()));
}

// Thousands of names, each written in several ways that normalise alike
// ("Place 17", "PLACE 17", "place  17"): one entity each, in a fresh store
// (where the writer's name cache alone decides that a name is new, and
// grows many times) and in a reopened one (where the store is asked).
TEST(BulkLoadTest, ManyNamesOneEntityEach) {
  std::mt19937 rng(3);
  std::set<int> used;
  std::vector<Chunk> chunks(4);
  for (int i = 0; i < 2400; ++i) {
    std::vector<E> entities;
    for (int k = 0; k < 4; ++k) {
      const int n = static_cast<int>(rng() % 5000);
      used.insert(n);
      std::string name = "Place " + std::to_string(n);
      if (rng() % 3 == 0) name = "PLACE " + std::to_string(n);
      if (rng() % 3 == 0) name = "place  " + std::to_string(n);
      entities.push_back({name, EntityType::kGpe, {}});
    }
    std::vector<T> triples = {{entities[0].name, Relation::kAid, entities[1].name, 20200101},
                              {entities[2].name, Relation::kAid, entities[3].name, 20200102}};
    chunks[static_cast<size_t>(i) % chunks.size()].push_back(
        MakeExtraction("m" + std::to_string(i), "t", 20200101, entities, triples));
  }
  testing_util::TempDir fresh_dir;
  testing_util::TempDir reopened_dir;
  {
    std::unique_ptr<Store> fresh = Store::Open(fresh_dir.db()).value();
    std::unique_ptr<Store> reopened = Store::Open(reopened_dir.db()).value();
    ASSERT_TRUE(fresh->BulkLoad(chunks[0]).ok());
    ASSERT_TRUE(reopened->BulkLoad(chunks[0]).ok());
    reopened.reset();
    reopened = Store::Open(reopened_dir.db()).value();
    for (size_t c = 1; c < chunks.size(); ++c) {
      ASSERT_TRUE(fresh->BulkLoad(chunks[c]).ok());
      ASSERT_TRUE(reopened->BulkLoad(chunks[c]).ok());
    }
    EXPECT_EQ(fresh->Stats().value().entities, used.size());
    EXPECT_EQ(reopened->Stats().value().entities, used.size());
    EXPECT_EQ(DumpApi(*fresh), DumpApi(*reopened));
  }
  EXPECT_EQ(DumpRocks(fresh_dir.db()), DumpRocks(reopened_dir.db()));
}

// Kv::Ingest applies a batch as Write does: key order, the last operation
// on a key wins, deletes remove. RocksDB's Ingest buckets the keys by first
// byte and sorts each bucket (or finds it sorted); each case is compared
// with the same batch written to a fresh in-memory Kv.
struct IngestCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> stored;  // Written first.
  // Operations in batch order; a value of "<del>" is a delete.
  std::vector<std::pair<std::string, std::string>> ops;
};

// Staged files are invisible until CommitStaged, which takes all of them
// or none; a file filled out of order is refused and leaves nothing.
TEST(BulkLoadTest, StagedFilesAreCommittedAllOrNothing) {
  testing_util::TempDir dir;
  auto staged_files = [&dir] {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(dir.db())) {
      if (entry.path().extension() == ".bulk") paths.push_back(entry.path().string());
    }
    return paths;
  };
  auto fill = [](std::vector<std::string> keys) {
    return [keys](KvTableFile* file) -> Status {
      for (const std::string& key : keys) {
        Status s = file->Put(key, "v");
        if (!s.ok()) return s;
      }
      return Status::Ok();
    };
  };
  std::string value;
  {
    Result<std::unique_ptr<Kv>> opened = OpenRocksKv(dir.db(), StoreOptions());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    Kv& kv = **opened;
    ASSERT_TRUE(kv.CanStage());
    EXPECT_FALSE(kv.StageSortedFile(fill({"b", "a"})).ok());  // Out of order.
    EXPECT_TRUE(staged_files().empty());
    ASSERT_TRUE(kv.StageSortedFile(fill({"a1", "a2"})).ok());
    ASSERT_TRUE(kv.StageSortedFile(fill({"b1"})).ok());
    ASSERT_TRUE(kv.StageSortedFile(fill({})).ok());  // No key: no file.
    ASSERT_EQ(staged_files().size(), 2u);
    EXPECT_TRUE(kv.Get("a1", &value).IsNotFound());
    // One staged file is gone: the commit fails and stores neither.
    std::filesystem::remove(staged_files()[0]);
    EXPECT_FALSE(kv.CommitStaged().ok());
    EXPECT_TRUE(kv.Get("a1", &value).IsNotFound());
    EXPECT_TRUE(kv.Get("b1", &value).IsNotFound());
    EXPECT_TRUE(staged_files().empty());
    // A second load commits both files at once.
    ASSERT_TRUE(kv.StageSortedFile(fill({"a1", "a2"})).ok());
    ASSERT_TRUE(kv.StageSortedFile(fill({"b1"})).ok());
    ASSERT_TRUE(kv.CommitStaged().ok());
    EXPECT_TRUE(kv.Get("a2", &value).ok());
    EXPECT_TRUE(kv.Get("b1", &value).ok());
    EXPECT_TRUE(staged_files().empty());
    // Staged and dropped: never stored.
    ASSERT_TRUE(kv.StageSortedFile(fill({"c1"})).ok());
    kv.DropStaged();
    EXPECT_TRUE(staged_files().empty());
    EXPECT_TRUE(kv.Get("c1", &value).IsNotFound());
  }
  EXPECT_FALSE(NewMemKv()->CanStage());
  EXPECT_EQ(NewMemKv()->StageSortedFile(fill({"a"})).code(), Status::Code::kInvalidArgument);
}

TEST(BulkLoadTest, IngestAppliesBatchLikeWrite) {
  const std::string d = "<del>";
  // A key of table `table`.
  auto k = [](char table, std::string rest) { return std::string(1, table) + rest; };
  const std::vector<IngestCase> cases = {
      {"one table in order", {}, {{k(10, "a1"), "1"}, {k(10, "a2"), "2"}, {k(10, "a3"), "3"}}},
      {"one table reversed", {}, {{k(10, "c"), "3"}, {k(10, "b"), "2"}, {k(10, "a"), "1"}}},
      {"tables interleaved",
       {},
       {{k(10, "2"), "f2"},
        {k(7, "b"), ""},
        {k(10, "1"), "f1"},
        {k(1, "z"), "n"},
        {k(7, "a"), ""},
        {k(9, "t"), "r"}}},
      {"last operation on a key wins",
       {},
       {{k(7, "k"), "1"}, {k(10, "k"), "x"}, {k(7, "k"), "2"}, {k(10, "k"), d}, {k(7, "k"), "3"}}},
      {"deletes of stored keys",
       {{k(7, "old"), ""}, {k(10, "old"), "v"}, {k(10, "keep"), "w"}},
       {{k(7, "old"), d}, {k(10, "old"), d}, {k(10, "new"), "n"}}},
      {"keys alike in their first 17 bytes",
       {},
       {{k(7, std::string(16, 'x') + "b"), ""},
        {k(7, std::string(16, 'x') + "a"), ""},
        {k(7, std::string(16, 'x')), ""},
        {k(7, std::string(16, 'x') + "a" + std::string(1, '\0')), ""},
        {k(7, std::string(15, 'x')), ""}}},
      {"zero bytes and short keys",
       {},
       {{k(0, std::string(1, '\0')), "a"},
        {k(0, ""), "b"},
        {k(0, "\x01"), "c"},
        {k(1, ""), "d"},
        {k('\xff', ""), "e"}}},
      {"highest table out of order",
       {{k(10, "m"), "old"}},
       {{k(10, "z"), "1"}, {k(5, "q"), "2"}, {k(10, "a"), "3"}, {k(10, "m"), "4"}}},
  };
  for (const IngestCase& c : cases) {
    SCOPED_TRACE(c.name);
    testing_util::TempDir dir;
    StoreOptions options;
    Result<std::unique_ptr<Kv>> rocks = OpenRocksKv(dir.db(), options);
    ASSERT_TRUE(rocks.ok()) << rocks.status().ToString();
    std::unique_ptr<Kv> mem = NewMemKv();
    KvBatch stored;
    for (const auto& [key, value] : c.stored) stored.Put(key, value);
    KvBatch batch;
    for (const auto& [key, value] : c.ops) {
      if (value == d) {
        batch.Delete(key);
      } else {
        batch.Put(key, value);
      }
    }
    if (!c.stored.empty()) {
      ASSERT_TRUE((*rocks)->Write(stored).ok());
      ASSERT_TRUE(mem->Write(stored).ok());
    }
    Status s = (*rocks)->Ingest(batch);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_TRUE(mem->Write(batch).ok());
    Dump want;
    Dump got;
    for (auto [kv, dump] : {std::pair{mem.get(), &want}, std::pair{rocks->get(), &got}}) {
      auto it = kv->NewIterator();
      for (it->Seek(""); it->Valid(); it->Next()) {
        dump->emplace_back(std::string(it->key()), std::string(it->value()));
      }
      ASSERT_TRUE(it->status().ok());
    }
    EXPECT_EQ(got, want);
  }
}

// FlatChunk::Append keeps every field of an article, and Extraction gives
// it back, a triple named as its entity record is (the first record of its
// name); a triple naming no record names "" and the store rejects it.
TEST(FlatChunkTest, AppendThenExtractionGivesTheArticlesBack) {
  FlatChunk chunk;
  const Chunk articles = RandomArticles(9, 40);
  for (const ArticleExtraction& x : articles) chunk.Append(x);
  ASSERT_EQ(chunk.size(), articles.size());
  for (size_t i = 0; i < articles.size(); ++i) {
    const ArticleExtraction& x = articles[i];
    const ArticleExtraction y = chunk.Extraction(i);
    EXPECT_EQ(y.article.id, x.article.id);
    EXPECT_EQ(y.article.title, x.article.title);
    EXPECT_EQ(y.article.text, x.article.text);
    EXPECT_EQ(y.article.origin, x.article.origin);
    EXPECT_EQ(y.article.date, x.article.date);
    EXPECT_EQ(y.article.date_source, x.article.date_source);
    ASSERT_EQ(y.entities.size(), x.entities.size());
    for (size_t e = 0; e < x.entities.size(); ++e) {
      EXPECT_EQ(y.entities[e].name, x.entities[e].name);
      EXPECT_EQ(y.entities[e].type, x.entities[e].type);
      EXPECT_EQ(y.entities[e].mentions, x.entities[e].mentions);
    }
    ASSERT_EQ(y.triples.size(), x.triples.size());
    for (size_t t = 0; t < x.triples.size(); ++t) {
      EXPECT_EQ(y.triples[t].subject, x.triples[t].subject);
      EXPECT_EQ(y.triples[t].object, x.triples[t].object);
      EXPECT_EQ(y.triples[t].relation, x.triples[t].relation);
      EXPECT_EQ(y.triples[t].predicate, x.triples[t].predicate);
      EXPECT_EQ(y.triples[t].evidence, x.triples[t].evidence);
      EXPECT_EQ(y.triples[t].negated, x.triples[t].negated);
      EXPECT_EQ(y.triples[t].date, x.triples[t].date);
      EXPECT_EQ(y.triples[t].sentence, x.triples[t].sentence);
      EXPECT_EQ(y.triples[t].confidence, x.triples[t].confidence);
    }
  }
  FlatChunk broken;
  broken.Append(Broken());
  const ArticleExtraction b = broken.Extraction(0);
  ASSERT_FALSE(b.triples.empty());
  EXPECT_TRUE(b.triples[0].subject.empty() || b.triples[0].object.empty());
  std::unique_ptr<Store> store = Store::NewInMemory();
  Result<BulkLoadResult> r = store->BulkLoad(broken);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->rejected.size(), 1u);
  EXPECT_EQ(r->rejected[0].second.code(), Status::Code::kInvalidArgument);
  broken.Clear();
  EXPECT_TRUE(broken.empty());
  EXPECT_TRUE(broken.bytes.empty());
}

}  // namespace
}  // namespace geokg
