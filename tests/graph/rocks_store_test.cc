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

}  // namespace
}  // namespace geokg
