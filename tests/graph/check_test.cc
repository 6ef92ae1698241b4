// Store::Check (check.cc): a healthy store has no problems; each kind of
// damage is named: an index entry without its fact row, a fact row missing
// from an index, a wrong format version, flipped bytes in a table file, a
// damaged graph snapshot file. Damage never crashes the check.
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../../graph/src/coding.h"
#include "../../graph/src/kv.h"
#include "geokg/graph.h"
#include "geokg/snapshot.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

namespace fs = std::filesystem;
using testing_util::E;
using testing_util::MakeExtraction;
using testing_util::T;
using testing_util::TempDir;

constexpr EntityType kGpe = EntityType::kGpe;
constexpr EntityType kPerson = EntityType::kPerson;

std::vector<ArticleExtraction> Articles() {
  return {
      MakeExtraction("a1", "text one", 20231130,
                     {{"Russia", kGpe, {}}, {"Ukraine", kGpe, {}}, {"Vladimir Putin", kPerson, {}}},
                     {{"Vladimir Putin", Relation::kRepresents, "Russia", 20231130},
                      {"Russia", Relation::kAssault, "Ukraine", 20231129}}),
      MakeExtraction("a2", "text two", 20231201, {{"Russia", kGpe, {}}, {"Belarus", kGpe, {}}},
                     {{"Russia", Relation::kCooperate, "Belarus", 20231201}}),
  };
}

// A closed RocksDB store in `dir` with Articles() and a graph snapshot file,
// its data in table files (the re-open replays the log into one).
void BuildStore(const std::string& dir) {
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    for (const ArticleExtraction& x : Articles()) ASSERT_TRUE((*store)->PutArticle(x).ok());
  }
  auto store = Store::Open(dir);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->WriteSnapshot().ok());
}

// The first key of `table` in the store at `dir`.
std::string FirstKey(Kv& kv, coding::Table table) {
  const char prefix = static_cast<char>(table);
  auto it = kv.NewIterator();
  it->Seek(std::string_view(&prefix, 1));
  EXPECT_TRUE(it->Valid() && it->key()[0] == prefix);
  return it->Valid() ? std::string(it->key()) : std::string();
}

// Applies `damage` to the raw key space of the closed store at `dir`.
void DamageKeys(const std::string& dir, const std::function<void(Kv&, KvBatch*)>& damage) {
  StoreOptions options;
  options.create_if_missing = false;
  Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir, options);
  ASSERT_TRUE(kv.ok()) << kv.status().ToString();
  KvBatch batch;
  damage(**kv, &batch);
  ASSERT_TRUE((*kv)->Write(batch).ok());
}

// Flips 32 bytes early in the first table file: inside its first data block.
void FlipTableBytes(const std::string& dir) {
  std::string table;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") table = entry.path().string();
  }
  ASSERT_FALSE(table.empty()) << "no table file in " << dir;
  std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes(32, '\0');
  f.seekg(8);
  f.read(&bytes[0], 32);
  for (char& c : bytes) c = static_cast<char>(~c);
  f.seekp(8);
  f.write(bytes.data(), 32);
}

// Damage of the kinds the snapshot's own checks catch (its checksum covers
// the header and offset arrays; edge arrays are range-checked on load).
void FlipSnapshotOffset(const std::string& dir) {
  const std::string path = dir + "/" + kSnapshotFileName;
  ASSERT_TRUE(fs::exists(path));
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(32 + 4);  // The second out-offset, just past the 32-byte header.
  f.write("\x7f", 1);
}

void TruncateSnapshot(const std::string& dir) {
  const std::string path = dir + "/" + kSnapshotFileName;
  ASSERT_TRUE(fs::exists(path));
  fs::resize_file(path, fs::file_size(path) - 9);
}

// The report of the store at `dir`: Store::Check on a read-only open, or,
// when the store does not open, CheckKv on its raw key space (as `geokg
// check` reports a store Open refuses).
CheckReport CheckDir(const std::string& dir, std::string* open_error) {
  auto store = Store::Open(dir, StoreOptions{false, true});
  if (store.ok()) {
    Result<CheckReport> report = (*store)->Check();
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : CheckReport{};
  }
  *open_error = store.status().ToString();
  Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir, StoreOptions{false, true});
  if (!kv.ok()) {
    CheckReport report;
    report.problem_count = 1;
    report.problems.push_back({"open", kv.status().ToString()});
    return report;
  }
  Result<CheckReport> report = CheckKv(**kv, dir + "/" + kSnapshotFileName);
  EXPECT_TRUE(report.ok());
  return report.ok() ? *report : CheckReport{};
}

bool Names(const CheckReport& report, const std::string& part, const std::string& detail) {
  for (const CheckProblem& p : report.problems) {
    if (p.part.find(part) != std::string::npos && p.detail.find(detail) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string Listing(const CheckReport& report) {
  std::string s;
  for (const CheckProblem& p : report.problems) s += p.part + ": " + p.detail + "\n";
  return s;
}

struct DamageCase {
  std::string name;
  std::function<void(const std::string& dir)> damage;  // Null: healthy.
  std::string part;                                    // A problem whose part contains this...
  std::string detail;  // ...and whose detail contains this; "" when healthy.
};

class CheckTest : public ::testing::TestWithParam<DamageCase> {};

TEST_P(CheckTest, NamesTheDamage) {
  const DamageCase& c = GetParam();
  TempDir dir;
  BuildStore(dir.db());
  if (c.damage) c.damage(dir.db());
  std::string open_error;
  CheckReport report = CheckDir(dir.db(), &open_error);
  if (c.detail.empty()) {
    EXPECT_TRUE(report.ok()) << Listing(report);
    EXPECT_EQ(report.facts, 3u);
    EXPECT_EQ(report.out_entries, 3u);
    EXPECT_EQ(report.in_entries, 3u);
    EXPECT_EQ(report.time_entries, 3u);
    EXPECT_EQ(report.entities, 4u);
    EXPECT_EQ(report.articles, 2u);
    EXPECT_TRUE(open_error.empty()) << open_error;
    return;
  }
  EXPECT_FALSE(report.ok());
  EXPECT_GE(report.problem_count, report.problems.size());
  EXPECT_TRUE(Names(report, c.part, c.detail) || open_error.find(c.detail) != std::string::npos)
      << "open: " << open_error << "\n"
      << Listing(report);
}

INSTANTIATE_TEST_SUITE_P(
    Damage, CheckTest,
    ::testing::Values(DamageCase{"healthy", nullptr, "", ""},
                      DamageCase{"deleted_out_entry",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv& kv, KvBatch* b) {
                                     b->Delete(FirstKey(kv, coding::Table::kOut));
                                   });
                                 },
                                 "out index", "has no out entry"},
                      DamageCase{"deleted_in_entry",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv& kv, KvBatch* b) {
                                     b->Delete(FirstKey(kv, coding::Table::kIn));
                                   });
                                 },
                                 "in index", "has no in entry"},
                      DamageCase{"deleted_time_entry",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv& kv, KvBatch* b) {
                                     b->Delete(FirstKey(kv, coding::Table::kTime));
                                   });
                                 },
                                 "time index", "has no time entry"},
                      DamageCase{"index_entries_without_fact_row",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv& kv, KvBatch* b) {
                                     b->Delete(FirstKey(kv, coding::Table::kFact));
                                   });
                                 },
                                 "index", "which has no fact row"},
                      DamageCase{"wrong_format_version",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv&, KvBatch* b) {
                                     std::string version;
                                     coding::PutFixed32(&version, coding::kFormatVersion + 1);
                                     b->Put(coding::MetaKey(coding::kMetaVersion), version);
                                   });
                                 },
                                 "format", "format version"},
                      DamageCase{"counter_off_by_one",
                                 [](const std::string& dir) {
                                   DamageKeys(dir, [](Kv&, KvBatch* b) {
                                     std::string count;
                                     coding::PutFixed64(&count, 7);
                                     b->Put(coding::MetaKey(coding::kMetaTriples), count);
                                   });
                                 },
                                 "counters", "triple_count says 7"},
                      DamageCase{"flipped_bytes_in_table_file", FlipTableBytes, "", ".sst"},
                      DamageCase{"snapshot_offsets_flipped", FlipSnapshotOffset, "snapshot",
                                 "checksum"},
                      DamageCase{"snapshot_truncated", TruncateSnapshot, "snapshot", "graph.csr"}),
    [](const ::testing::TestParamInfo<DamageCase>& info) { return info.param.name; });

TEST(CheckTest, InMemoryStoreIsHealthy) {
  auto store = Store::NewInMemory();
  for (const ArticleExtraction& x : Articles()) ASSERT_TRUE(store->PutArticle(x).ok());
  Result<CheckReport> report = store->Check();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << Listing(*report);
  EXPECT_EQ(report->facts, 3u);
}

}  // namespace
}  // namespace geokg
