// What only the on-disk store does: reopen, format version, single writer,
// read-only opens.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "../../graph/src/coding.h"
#include "../../graph/src/kv.h"
#include "geokg/graph.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::MakeExtraction;

ArticleExtraction First() {
  return MakeExtraction("a1", "one", 20231130,
                        {{"United States", EntityType::kGpe, {"US"}},
                         {"Russia", EntityType::kGpe, {}},
                         {"NATO", EntityType::kOrg, {}}},
                        {{"United States", Relation::kAccuse, "Russia", 20231130}});
}

ArticleExtraction Second() {
  return MakeExtraction(
      "a2", "two", 20231201,
      {{"UNITED STATES", EntityType::kGpe, {"U.S."}}, {"China", EntityType::kGpe, {}}},
      {{"united states", Relation::kConsult, "China", 20231201}});
}

std::unique_ptr<Store> OpenOrDie(const std::string& dir, StoreOptions options = {}) {
  Result<std::unique_ptr<Store>> s = Store::Open(dir, options);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

TEST(RocksStoreTest, ReopenSeesDataAndContinuesIds) {
  testing_util::TempDir dir;
  {
    auto store = OpenOrDie(dir.db());
    ASSERT_NE(store, nullptr);
    ASSERT_EQ(store->PutArticle(First()).value(), PutOutcome::kAdded);
  }
  auto store = OpenOrDie(dir.db());
  ASSERT_NE(store, nullptr);
  StoreStats stats = store->Stats().value();
  EXPECT_EQ(stats.entities, 3u);
  EXPECT_EQ(stats.triples, 1u);
  EXPECT_EQ(stats.articles, 1u);
  EXPECT_EQ(store->PutArticle(First()).value(), PutOutcome::kUnchanged);
  // A known entity keeps its id after reopen; new ones continue the sequence.
  const EntityId us = store->FindEntity("US").value().id;
  ASSERT_EQ(store->PutArticle(Second()).value(), PutOutcome::kAdded);
  EXPECT_EQ(store->FindEntity("u.s.").value().id, us);
  EXPECT_EQ(store->FindEntity("China").value().id, 3u);
  EXPECT_EQ(store->GetArticle(1).value().key, "a2");
  EXPECT_EQ(store->Degree(us).value(), 2u);
  stats = store->Stats().value();
  EXPECT_EQ(stats.entities, 4u);
  EXPECT_EQ(stats.triples, 2u);
  EXPECT_EQ(stats.articles, 2u);
}

TEST(RocksStoreTest, UnknownFormatVersionIsCorruption) {
  testing_util::TempDir dir;
  { ASSERT_NE(OpenOrDie(dir.db()), nullptr); }
  {
    Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir.db(), {});
    ASSERT_TRUE(kv.ok()) << kv.status().ToString();
    KvBatch batch;
    std::string version;
    coding::PutFixed32(&version, coding::kFormatVersion + 1);
    batch.Put(coding::MetaKey(coding::kMetaVersion), version);
    ASSERT_TRUE((*kv)->Write(batch).ok());
  }
  for (bool read_only : {false, true}) {
    StoreOptions options;
    options.read_only = read_only;
    Result<std::unique_ptr<Store>> s = Store::Open(dir.db(), options);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), Status::Code::kCorruption);
    EXPECT_NE(s.status().message().find("unknown format version 2"), std::string::npos)
        << s.status().message();
  }
}

TEST(RocksStoreTest, ForeignDatabaseIsCorruption) {
  testing_util::TempDir dir;
  {
    Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir.db(), {});
    ASSERT_TRUE(kv.ok());
    KvBatch batch;
    batch.Put("some other program's key", "x");
    ASSERT_TRUE((*kv)->Write(batch).ok());
  }
  Result<std::unique_ptr<Store>> s = Store::Open(dir.db());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Status::Code::kCorruption);
}

TEST(RocksStoreTest, SecondWriterIsBusy) {
  testing_util::TempDir dir;
  auto writer = OpenOrDie(dir.db());
  ASSERT_NE(writer, nullptr);
  Result<std::unique_ptr<Store>> second = Store::Open(dir.db());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
  EXPECT_EQ(second.status().message(),
            "database " + dir.db() + " is in use by process " + std::to_string(::getpid()));
  // Once the writer is gone, the database opens again.
  writer.reset();
  EXPECT_NE(OpenOrDie(dir.db()), nullptr);
}

TEST(RocksStoreTest, ReadOnlyOpenWhileWriterHoldsIt) {
  testing_util::TempDir dir;
  auto writer = OpenOrDie(dir.db());
  ASSERT_NE(writer, nullptr);
  ASSERT_EQ(writer->PutArticle(First()).value(), PutOutcome::kAdded);

  StoreOptions ro;
  ro.read_only = true;
  auto reader = OpenOrDie(dir.db(), ro);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->Stats().value().triples, 1u);
  EXPECT_EQ(reader->FindEntity("us").value().name, "United States");
  Result<PutOutcome> put = reader->PutArticle(Second());
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), Status::Code::kInvalidArgument);

  // The writer goes on; a new read-only open sees its writes.
  ASSERT_EQ(writer->PutArticle(Second()).value(), PutOutcome::kAdded);
  auto reader2 = OpenOrDie(dir.db(), ro);
  ASSERT_NE(reader2, nullptr);
  EXPECT_EQ(reader2->Stats().value().triples, 2u);
}

TEST(RocksStoreTest, MissingDatabase) {
  testing_util::TempDir dir;
  struct Case {
    StoreOptions options;
    bool want_ok;
  };
  StoreOptions read_only;
  read_only.read_only = true;
  StoreOptions no_create;
  no_create.create_if_missing = false;
  const Case cases[] = {{read_only, false}, {no_create, false}, {StoreOptions{}, true}};
  for (const Case& c : cases) {
    Result<std::unique_ptr<Store>> s = Store::Open(dir.path() + "/nested/new", c.options);
    EXPECT_EQ(s.ok(), c.want_ok) << s.status().ToString();
    if (!c.want_ok) {
      EXPECT_TRUE(s.status().IsNotFound()) << s.status().ToString();
    }
  }
}

TEST(RocksStoreTest, ReadOnlyOpenOfFreshEmptyStore) {
  testing_util::TempDir dir;
  { ASSERT_NE(OpenOrDie(dir.db()), nullptr); }
  StoreOptions ro;
  ro.read_only = true;
  auto reader = OpenOrDie(dir.db(), ro);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->Stats().value().entities, 0u);
}

// Articles a<first> .. a<first+count-1>, each with two triples of "Hub" and
// two of its 40 partners, on dates over a year.
std::vector<ArticleExtraction> HubArticles(int first, int count) {
  std::vector<ArticleExtraction> articles;
  for (int a = first; a < first + count; ++a) {
    const std::string p = "Partner " + std::to_string(a % 40);
    const std::string q = "Partner " + std::to_string((a * 7 + 3) % 40);
    const uint32_t date = 20230101 + (a % 12) * 100 + a % 28;
    articles.push_back(MakeExtraction(
        "a" + std::to_string(a), "text " + std::to_string(a), date,
        {{"Hub", EntityType::kGpe, {"H"}}, {p, EntityType::kOrg, {}}, {q, EntityType::kPerson, {}}},
        {{"Hub", static_cast<Relation>(a % kRelationCount), p, date},
         {q, Relation::kAccuse, "Hub", date}}));
  }
  return articles;
}

// Everything a reader answers about the hub, as text: counts, the name
// lookup, both index scans with their fact rows, and the degrees.
std::string HubAnswers(const Store& store) {
  std::string out;
  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return "stats: " + stats.status().ToString();
  out += std::to_string(stats->entities) + " " + std::to_string(stats->triples) + " " +
         std::to_string(stats->articles) + "\n";
  Result<StoredEntity> hub = store.FindEntity("h");
  if (!hub.ok()) return out + "find: " + hub.status().ToString();
  auto row = [&out](const StoredTriple& t) {
    out += std::to_string(t.subject) + " " + std::string(RelationName(t.relation)) + " " +
           std::to_string(t.object) + " " + t.date.ToString() + " " + t.evidence + "\n";
    return true;
  };
  Status s = store.ScanOut(hub->id, TripleFilter{}, row);
  if (s.ok()) s = store.ScanIn(hub->id, TripleFilter{}, row);
  if (!s.ok()) return out + "scan: " + s.ToString();
  for (EntityId id = 0; id < stats->entities; ++id) {
    Result<uint64_t> degree = store.Degree(id);
    out += degree.ok() ? std::to_string(*degree) + " " : degree.status().ToString();
  }
  return out;
}

// A read-only open (the one every query command makes: no background
// threads, table files read through a mapping, the column-family form of
// OpenForReadOnly) answers exactly what the writer does, whatever shape
// the store is in: writes only in the write-ahead log, several bulk-loaded
// table files on several levels, or both. A reader opened earlier keeps its
// view, and can still read all of it, after the writer loads more.
TEST(RocksStoreTest, ReadOnlyOpenAnswersAsTheWriterInEveryShape) {
  struct Case {
    std::string name;
    int put_before = 0;           // PutArticle calls (write-ahead log, memtable).
    std::vector<int> bulk_steps;  // Articles per BulkLoad call, in order.
    int put_after = 0;
    bool reopen_writer = false;  // Close and reopen the writer before reading.
  };
  const Case cases[] = {
      {"log only", 30, {}, 0, false},
      {"log only, reopened", 30, {}, 0, true},
      {"one bulk file", 0, {200}, 0, false},
      {"several bulk files", 0, {150, 150, 150, 150, 150}, 0, false},
      {"bulk files and log", 10, {300, 300}, 25, false},
      {"bulk files and log, reopened", 10, {300, 300}, 25, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    testing_util::TempDir dir;
    auto writer = OpenOrDie(dir.db());
    ASSERT_NE(writer, nullptr);
    int next = 0;
    for (const ArticleExtraction& x : HubArticles(next, c.put_before)) {
      ASSERT_TRUE(writer->PutArticle(x).ok());
    }
    next += c.put_before;
    for (int count : c.bulk_steps) {
      Result<BulkLoadResult> loaded = writer->BulkLoad(HubArticles(next, count));
      ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
      next += count;
    }
    for (const ArticleExtraction& x : HubArticles(next, c.put_after)) {
      ASSERT_TRUE(writer->PutArticle(x).ok());
    }
    next += c.put_after;
    if (c.reopen_writer) {
      writer.reset();
      writer = OpenOrDie(dir.db());
      ASSERT_NE(writer, nullptr);
    }
    const std::string expected = HubAnswers(*writer);
    ASSERT_NE(expected.find("Hub"), std::string::npos) << expected.substr(0, 200);

    StoreOptions ro;
    ro.read_only = true;
    auto reader = OpenOrDie(dir.db(), ro);
    ASSERT_NE(reader, nullptr);
    EXPECT_EQ(HubAnswers(*reader), expected);

    // The writer goes on; the open reader keeps its view, a new one sees
    // the new articles.
    for (int step = 0; step < 4; ++step) {
      ASSERT_TRUE(writer->BulkLoad(HubArticles(next, 200)).ok());
      next += 200;
    }
    EXPECT_EQ(HubAnswers(*reader), expected);
    auto later = OpenOrDie(dir.db(), ro);
    ASSERT_NE(later, nullptr);
    EXPECT_EQ(HubAnswers(*later), HubAnswers(*writer));
    EXPECT_NE(HubAnswers(*later), expected);
  }
}

}  // namespace
}  // namespace geokg
