// CheckKv: Store::Check over the key space (docs/storage.md, "Invariants").
//
// Every table is walked once. Each fact row must decode, name existing
// entities and an existing article, and have its out, in and time index
// entries (three point reads); each index entry must parse and have its
// fact row (one point read), so an orphan entry is named, not only counted.
// Degrees are summed from the fact rows and compared with the degree table;
// the counters with the row counts. Nothing here throws: a read that fails
// becomes a problem naming the table, and the walk goes on where it can.

#include <filesystem>
#include <string>
#include <vector>

#include "coding.h"
#include "geokg/snapshot.h"
#include "kv.h"

namespace geokg {
namespace {

constexpr size_t kMaxListed = 100;

class Checker {
 public:
  Checker(const Kv& kv, CheckReport* report) : kv_(kv), report_(report) {}

  void Problem(std::string part, std::string detail) {
    ++report_->problem_count;
    if (report_->problems.size() < kMaxListed) {
      report_->problems.push_back({std::move(part), std::move(detail)});
    }
  }

  // Calls fn(key, value) for every key of `table`; a failed walk is a
  // problem of `part`.
  template <typename Fn>
  void Walk(coding::Table table, const char* part, Fn fn) {
    std::unique_ptr<KvIterator> it = kv_.NewIterator();
    const char prefix = static_cast<char>(table);
    for (it->Seek(std::string_view(&prefix, 1)); it->Valid() && it->key()[0] == prefix;
         it->Next()) {
      fn(it->key(), it->value());
    }
    if (!it->status().ok()) Problem(part, "reading stopped: " + it->status().ToString());
  }

  bool Exists(const std::string& key, std::string* value = nullptr) {
    std::string scratch;
    Status s = kv_.Get(key, value != nullptr ? value : &scratch);
    if (s.ok()) return true;
    if (!s.IsNotFound()) Problem("read", s.ToString());
    return false;
  }

  // A fixed64 counter of the meta table, or UINT64_MAX when absent.
  uint64_t Counter(std::string_view name) {
    std::string value;
    if (!Exists(coding::MetaKey(name), &value) || value.size() != 8) {
      Problem("counters", "meta '" + std::string(name) + "' is missing or malformed");
      return UINT64_MAX;
    }
    return coding::DecodeFixed64(value.data());
  }

 private:
  const Kv& kv_;
  CheckReport* report_;
};

std::string TripleName(ArticleId article, uint32_t ordinal) {
  return "t" + std::to_string(article) + "-" + std::to_string(ordinal);
}

}  // namespace

Result<CheckReport> CheckKv(const Kv& kv, const std::string& snapshot_path) {
  CheckReport report;
  Checker check(kv, &report);

  Status sums = kv.VerifyChecksums();
  if (!sums.ok()) check.Problem("checksums", sums.ToString());

  std::string version;
  if (!check.Exists(coding::MetaKey(coding::kMetaVersion), &version) || version.size() != 4) {
    check.Problem("format", "the format version is missing or malformed");
  } else if (coding::DecodeFixed32(version.data()) != coding::kFormatVersion) {
    check.Problem("format", "format version " +
                                std::to_string(coding::DecodeFixed32(version.data())) +
                                ", this geokg reads " + std::to_string(coding::kFormatVersion));
  }
  const uint64_t entity_count = check.Counter(coding::kMetaEntities);
  const uint64_t article_count = check.Counter(coding::kMetaArticles);
  const uint64_t triple_count = check.Counter(coding::kMetaTriples);

  std::vector<bool> entity_exists;
  check.Walk(coding::Table::kEntity, "entities", [&](std::string_view key, std::string_view value) {
    StoredEntity entity;
    const EntityId id = key.size() == 5 ? coding::DecodeFixed32(key.data() + 1) : UINT32_MAX;
    if (id == UINT32_MAX || !coding::DecodeEntity(id, value, &entity)) {
      check.Problem("entities", "an entity row does not decode (key of " +
                                    std::to_string(key.size()) + " bytes)");
      return;
    }
    ++report.entities;
    if (entity_exists.size() <= id) entity_exists.resize(id + 1, false);
    entity_exists[id] = true;
  });
  std::vector<bool> article_exists;
  check.Walk(
      coding::Table::kArticle, "articles", [&](std::string_view key, std::string_view value) {
        StoredArticle article;
        const ArticleId id = key.size() == 5 ? coding::DecodeFixed32(key.data() + 1) : UINT32_MAX;
        if (id == UINT32_MAX || !coding::DecodeArticle(id, value, &article)) {
          check.Problem("articles", "an article row does not decode");
          return;
        }
        ++report.articles;
        if (article_exists.size() <= id) article_exists.resize(id + 1, false);
        article_exists[id] = true;
      });

  std::vector<uint64_t> degree(entity_exists.size(), 0);
  check.Walk(coding::Table::kFact, "facts", [&](std::string_view key, std::string_view value) {
    ArticleId article = 0;
    uint32_t ordinal = 0;
    StoredTriple t;
    if (!coding::ParseFactKey(key, &article, &ordinal) ||
        !coding::DecodeFact(article, ordinal, value, &t)) {
      check.Problem("facts", "a fact row does not decode");
      return;
    }
    ++report.facts;
    const std::string name = TripleName(article, ordinal);
    for (EntityId e : {t.subject, t.object}) {
      if (e >= entity_exists.size() || !entity_exists[e]) {
        check.Problem("facts", name + " names entity " + std::to_string(e) + ", which is absent");
      } else {
        ++degree[e];
      }
    }
    if (t.object == t.subject && t.subject < degree.size() && degree[t.subject] > 0) {
      --degree[t.subject];  // A self-loop counts once.
    }
    if (article >= article_exists.size() || !article_exists[article]) {
      check.Problem("facts",
                    name + " names article " + std::to_string(article) + ", which is absent");
    }
    if (!check.Exists(coding::OutKey(t))) check.Problem("out index", name + " has no out entry");
    if (!check.Exists(coding::InKey(t))) check.Problem("in index", name + " has no in entry");
    std::string relation;
    if (!check.Exists(coding::TimeKey(t), &relation)) {
      check.Problem("time index", name + " has no time entry");
    } else if (relation.size() != 1 ||
               static_cast<uint8_t>(relation[0]) != static_cast<uint8_t>(t.relation)) {
      check.Problem("time index", name + "'s time entry names another relation");
    }
  });

  struct IndexTable {
    coding::Table table;
    const char* part;
    uint64_t* count;
  };
  for (const IndexTable& index : {IndexTable{coding::Table::kOut, "out index", &report.out_entries},
                                  IndexTable{coding::Table::kIn, "in index", &report.in_entries}}) {
    check.Walk(index.table, index.part, [&](std::string_view key, std::string_view) {
      coding::IndexEntry entry;
      if (!coding::ParseIndexKey(key, &entry)) {
        check.Problem(index.part, "an entry does not parse");
        return;
      }
      ++*index.count;
      if (!check.Exists(coding::FactKey(entry.article, entry.ordinal))) {
        check.Problem(index.part, "an entry names " + TripleName(entry.article, entry.ordinal) +
                                      ", which has no fact row");
      }
    });
  }
  check.Walk(coding::Table::kTime, "time index", [&](std::string_view key, std::string_view) {
    coding::TimeEntry entry;
    if (!coding::ParseTimeKey(key, &entry)) {
      check.Problem("time index", "an entry does not parse");
      return;
    }
    ++report.time_entries;
    if (!check.Exists(coding::FactKey(entry.article, entry.ordinal))) {
      check.Problem("time index", "an entry names " + TripleName(entry.article, entry.ordinal) +
                                      ", which has no fact row");
    }
  });

  std::vector<bool> degree_seen(degree.size(), false);
  check.Walk(coding::Table::kDegree, "degrees", [&](std::string_view key, std::string_view value) {
    if (key.size() != 5 || value.size() != 8) {
      check.Problem("degrees", "a degree row is malformed");
      return;
    }
    const EntityId id = coding::DecodeFixed32(key.data() + 1);
    const uint64_t stored = coding::DecodeFixed64(value.data());
    const uint64_t counted = id < degree.size() ? degree[id] : 0;
    if (id < degree_seen.size()) degree_seen[id] = true;
    if (stored != counted) {
      check.Problem("degrees", "entity " + std::to_string(id) + " has degree " +
                                   std::to_string(stored) + ", its fact rows say " +
                                   std::to_string(counted));
    }
  });
  for (EntityId id = 0; id < degree.size(); ++id) {
    if (!degree_seen[id] && degree[id] > 0) {
      check.Problem("degrees", "entity " + std::to_string(id) + " has no degree row");
    }
  }

  auto compare = [&](const char* what, uint64_t counter, uint64_t rows) {
    if (counter != UINT64_MAX && counter != rows) {
      check.Problem("counters", std::string(what) + " says " + std::to_string(counter) + ", " +
                                    std::to_string(rows) + " rows exist");
    }
  };
  compare("entity_count", entity_count, report.entities);
  compare("article_count", article_count, report.articles);
  compare("triple_count", triple_count, report.facts);
  if (report.out_entries != report.facts || report.in_entries != report.facts ||
      report.time_entries != report.facts) {
    check.Problem("indexes", std::to_string(report.facts) + " fact rows but " +
                                 std::to_string(report.out_entries) + " out, " +
                                 std::to_string(report.in_entries) + " in and " +
                                 std::to_string(report.time_entries) + " time entries");
  }

  std::error_code ec;
  if (!snapshot_path.empty() && std::filesystem::exists(snapshot_path, ec)) {
    Result<std::unique_ptr<GraphSnapshot>> snapshot = GraphSnapshot::Load(snapshot_path);
    if (!snapshot.ok()) {
      check.Problem("snapshot", snapshot.status().ToString() +
                                    " (queries rebuild it from the tables; the next ingest "
                                    "rewrites it)");
    }
  }
  return report;
}

}  // namespace geokg
