// geokg_bench sqlite: the SQLite 3 baseline of the scale benchmark (issue 5).
//
// Loads the records file that `geokg ingest --records` reads into an SQLite
// database with the indexes a careful SQL user would create, then times the
// queries geokg answers, on the same machine in the same run, so that every
// geokg figure can be read as a ratio against SQLite.
//
// Schema (ids are dense in order of first sight, as in the geokg store):
//   entities(id INTEGER PRIMARY KEY, name TEXT UNIQUE, type INTEGER)
//   articles(id INTEGER PRIMARY KEY, key TEXT, date INTEGER, title TEXT)
//   triples(subject, relation, date, object, article, ordinal, negated,
//           confidence, sentence, predicate, evidence)   -- rowid table
//   INDEX triples_out ON triples(subject, relation, date, object)
//   INDEX triples_in  ON triples(object, relation, date, subject)
// Dates are integers yyyymmdd (0 unknown); relations and types the enum
// values of geokg/graph.h.
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "benches.h"
#include "records.h"

namespace geokg::bench {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Longest any one timed statement may run, in seconds; past it the progress
// handler interrupts the statement (a recursive CTE on a big graph can run
// for minutes) and the figure is reported as cut off.
constexpr double kStatementDeadlineSeconds = 120;

// Rows `geokg neighbors` and `geokg timeline` print by default (--limit).
constexpr int kFirstRows = 100;

Status SqlError(sqlite3* db, const std::string& what) {
  return Status::IOError("sqlite: " + what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return Status::IOError("sqlite: " + sql.substr(0, 80) + ": " + message);
  }
  return Status::Ok();
}

Result<StmtPtr> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    return SqlError(db, "prepare " + sql.substr(0, 80));
  }
  return StmtPtr(stmt);
}

// Steps `stmt` (already bound) to the end, reading every column of every row
// as the caller of a query would (text columns as bytes), then resets it.
// *rows gets the row count; *bytes grows by the bytes read. Interrupted
// (deadline) is reported as Status::Busy.
Status DrainRows(sqlite3* db, sqlite3_stmt* stmt, uint64_t* rows, uint64_t* bytes) {
  *rows = 0;
  const int columns = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    ++*rows;
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_TEXT) {
        *bytes += static_cast<uint64_t>(sqlite3_column_bytes(stmt, c));
      } else {
        *bytes += static_cast<uint64_t>(sqlite3_column_int64(stmt, c) & 1);
      }
    }
  }
  sqlite3_reset(stmt);
  if (rc == SQLITE_INTERRUPT) return Status::Busy("interrupted at the deadline");
  if (rc != SQLITE_DONE) return SqlError(db, "step");
  return Status::Ok();
}

// Deadline of the statement running now (steady clock, seconds since the
// Stopwatch `since`); the progress handler interrupts past it.
struct Deadline {
  Stopwatch since;
  double seconds = kStatementDeadlineSeconds;
};

int ProgressHandler(void* arg) {
  const Deadline* deadline = static_cast<const Deadline*>(arg);
  return deadline->since.Seconds() > deadline->seconds ? 1 : 0;
}

Status RemoveDatabase(const std::string& path, bool replace) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::Ok();
  if (!replace) {
    return Status::InvalidArgument(path +
                                   " exists: the sqlite bench loads a fresh database "
                                   "(--replace deletes it)");
  }
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
  return Status::Ok();
}

// Loads the records of `options.input` into a new database at `options.db`.
Status Load(const BenchOptions& options, Report* report) {
  RecordReader reader(options.input);
  if (!reader.is_open()) return Status::IOError("cannot open " + options.input);
  Status s = RemoveDatabase(options.db, options.replace);
  if (!s.ok()) return s;

  Stopwatch wall;
  sqlite3* raw = nullptr;
  if (sqlite3_open(options.db.c_str(), &raw) != SQLITE_OK) {
    DbPtr closer(raw);
    return SqlError(raw, "open " + options.db);
  }
  DbPtr db(raw);
  // The fastest safe-enough bulk settings: no rollback journal, no fsync
  // (a crash loses the load, which is re-run), a 512 MiB page cache.
  for (const char* pragma : {"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
                             "PRAGMA cache_size = -524288", "PRAGMA locking_mode = EXCLUSIVE"}) {
    s = Exec(db.get(), pragma);
    if (!s.ok()) return s;
  }
  s = Exec(db.get(),
           "CREATE TABLE entities(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
           "type INTEGER NOT NULL);"
           "CREATE TABLE articles(id INTEGER PRIMARY KEY, key TEXT NOT NULL, date INTEGER, "
           "title TEXT);"
           "CREATE TABLE triples(subject INTEGER NOT NULL, relation INTEGER NOT NULL, "
           "date INTEGER NOT NULL, object INTEGER NOT NULL, article INTEGER NOT NULL, "
           "ordinal INTEGER NOT NULL, negated INTEGER NOT NULL, confidence REAL, "
           "sentence INTEGER, predicate TEXT, evidence TEXT);");
  if (!s.ok()) return s;
  Result<StmtPtr> insert_entity =
      Prepare(db.get(), "INSERT INTO entities(id, name, type) VALUES (?1, ?2, ?3)");
  Result<StmtPtr> insert_article =
      Prepare(db.get(), "INSERT INTO articles(id, key, date, title) VALUES (?1, ?2, ?3, ?4)");
  Result<StmtPtr> insert_triple = Prepare(
      db.get(), "INSERT INTO triples VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!insert_entity.ok()) return insert_entity.status();
  if (!insert_article.ok()) return insert_article.status();
  if (!insert_triple.ok()) return insert_triple.status();
  s = Exec(db.get(), "BEGIN");
  if (!s.ok()) return s;

  auto step = [&db](sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? Status::Ok() : SqlError(db.get(), "insert");
  };
  // Canonical name -> entity id. The records name entities exactly (no
  // normalisation): the corpus never spells one entity two ways.
  std::unordered_map<std::string, int64_t> entity_ids;
  uint64_t articles = 0;
  uint64_t triples = 0;
  double parse_seconds = 0;
  for (;;) {
    ArticleExtraction x;
    bool more = false;
    Stopwatch parse;
    s = reader.Next(&x, &more);
    parse_seconds += parse.Seconds();
    if (!s.ok()) return s;
    if (!more) break;
    const int64_t article_id = static_cast<int64_t>(articles++);
    sqlite3_stmt* a = insert_article->get();
    sqlite3_bind_int64(a, 1, article_id);
    sqlite3_bind_text(a, 2, x.article.id.data(), static_cast<int>(x.article.id.size()),
                      SQLITE_STATIC);
    sqlite3_bind_int64(a, 3, x.article.date.yyyymmdd);
    sqlite3_bind_text(a, 4, x.article.title.data(), static_cast<int>(x.article.title.size()),
                      SQLITE_STATIC);
    s = step(a);
    if (!s.ok()) return s;
    for (const EntityMention& e : x.entities) {
      auto [it, added] = entity_ids.emplace(e.name, static_cast<int64_t>(entity_ids.size()));
      if (!added) continue;
      sqlite3_stmt* st = insert_entity->get();
      sqlite3_bind_int64(st, 1, it->second);
      sqlite3_bind_text(st, 2, e.name.data(), static_cast<int>(e.name.size()), SQLITE_STATIC);
      sqlite3_bind_int(st, 3, static_cast<int>(e.type));
      s = step(st);
      if (!s.ok()) return s;
    }
    uint32_t ordinal = 0;
    for (const Triple& t : x.triples) {
      auto subject = entity_ids.find(t.subject);
      auto object = entity_ids.find(t.object);
      if (subject == entity_ids.end() || object == entity_ids.end()) {
        return Status::InvalidArgument("article " + x.article.id +
                                       ": a triple names an entity without an entity record");
      }
      sqlite3_stmt* st = insert_triple->get();
      sqlite3_bind_int64(st, 1, subject->second);
      sqlite3_bind_int(st, 2, static_cast<int>(t.relation));
      sqlite3_bind_int64(st, 3, t.date.yyyymmdd);
      sqlite3_bind_int64(st, 4, object->second);
      sqlite3_bind_int64(st, 5, article_id);
      sqlite3_bind_int64(st, 6, ordinal++);
      sqlite3_bind_int(st, 7, t.negated ? 1 : 0);
      sqlite3_bind_double(st, 8, t.confidence);
      sqlite3_bind_int64(st, 9, t.sentence);
      sqlite3_bind_text(st, 10, t.predicate.data(), static_cast<int>(t.predicate.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(st, 11, t.evidence.data(), static_cast<int>(t.evidence.size()),
                        SQLITE_STATIC);
      s = step(st);
      if (!s.ok()) return s;
      ++triples;
    }
  }
  if (triples == 0) return Status::InvalidArgument("no triples in " + options.input);
  const double insert_wall = wall.Seconds();
  Stopwatch index_watch;
  s = Exec(db.get(),
           "CREATE INDEX triples_out ON triples(subject, relation, date, object);"
           "CREATE INDEX triples_in ON triples(object, relation, date, subject);");
  if (!s.ok()) return s;
  const double index_seconds = index_watch.Seconds();
  Stopwatch commit_watch;
  s = Exec(db.get(), "COMMIT");
  if (!s.ok()) return s;
  insert_entity->reset();  // Finalise before closing.
  insert_article->reset();
  insert_triple->reset();
  db.reset();
  const double commit_seconds = commit_watch.Seconds();
  const double load_wall = wall.Seconds();
  const double load_sql = load_wall - parse_seconds;

  report->SetParam("records", options.input);
  report->SetParam("articles", articles);
  report->SetParam("triples", triples);
  report->SetParam("entities", entity_ids.size());
  report->Add("load, SQLite work", load_sql, "s",
              "inserts + 2 index builds + commit + close, one transaction; JSON parsing "
              "excluded");
  report->Add("load rate", static_cast<double>(triples) / load_sql, "triples/s",
              "triples / SQLite work");
  report->Add("load, wall", load_wall, "s", "JSON parsing included");
  report->Add("JSON parsing", parse_seconds, "s", "reading the records file");
  report->Add("inserts", insert_wall - parse_seconds, "s", "rows of 3 tables, prepared statements");
  report->Add("index build", index_seconds, "s", "CREATE INDEX triples_out and triples_in");
  report->Add("commit + close", commit_seconds, "s", "");
  return Status::Ok();
}

// The timed statements of the query phase. Each Run* binds, drains and
// returns the rows; ms in *ms.
class Queries {
 public:
  static Result<std::unique_ptr<Queries>> Open(const std::string& path) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      DbPtr closer(raw);
      return SqlError(raw, "open " + path);
    }
    auto q = std::unique_ptr<Queries>(new Queries(DbPtr(raw)));
    Status s = q->Init();
    if (!s.ok()) return s;
    return q;
  }

  sqlite3* db() const { return db_.get(); }

  // The entity id of a canonical name (the name index), or -1.
  Result<int64_t> EntityId(const std::string& name) {
    sqlite3_stmt* st = by_name_.get();
    sqlite3_bind_text(st, 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    const int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqlError(db(), "entity lookup");
    return id;
  }

  // Runs `stmt` for the entity called `name` (bound as ?1), reading all rows.
  Status RunForName(sqlite3_stmt* stmt, const std::string& name, uint64_t* rows) {
    Result<int64_t> id = EntityId(name);
    if (!id.ok()) return id.status();
    sqlite3_bind_int64(stmt, 1, *id);
    return Drain(stmt, rows);
  }

  Status Drain(sqlite3_stmt* stmt, uint64_t* rows) {
    deadline_.since.Restart();
    return DrainRows(db(), stmt, rows, &bytes_);
  }

  // Shortest undirected path length between two entities, at most
  // `max_depth` steps, by iterative deepening: one recursive CTE per bound
  // 1, 2, ... until the target shows up. *length is 0 when there is no path
  // within max_depth. Busy when a bound hit the deadline.
  Status PathLength(const std::string& from, const std::string& to, int max_depth, int* length) {
    *length = 0;
    Result<int64_t> a = EntityId(from);
    if (!a.ok()) return a.status();
    Result<int64_t> b = EntityId(to);
    if (!b.ok()) return b.status();
    sqlite3_stmt* st = path_.get();
    for (int bound = 1; bound <= max_depth; ++bound) {
      sqlite3_bind_int64(st, 1, *a);
      sqlite3_bind_int64(st, 2, *b);
      sqlite3_bind_int(st, 3, bound);
      uint64_t rows = 0;
      Status s = Drain(st, &rows);
      if (!s.ok()) return s;
      if (rows > 0) {
        *length = bound;
        return Status::Ok();
      }
    }
    return Status::Ok();
  }

  sqlite3_stmt* one_hop() const { return one_hop_.get(); }
  sqlite3_stmt* one_hop_first() const { return one_hop_first_.get(); }
  sqlite3_stmt* timeline_first() const { return timeline_first_.get(); }
  sqlite3_stmt* timeline_periods() const { return timeline_periods_.get(); }
  sqlite3_stmt* two_hop() const { return two_hop_.get(); }
  sqlite3_stmt* timeline() const { return timeline_.get(); }
  sqlite3_stmt* export_entities() const { return export_entities_.get(); }
  sqlite3_stmt* export_triples() const { return export_triples_.get(); }
  uint64_t bytes() const { return bytes_; }

 private:
  explicit Queries(DbPtr db) : db_(std::move(db)) {}

  Status Init() {
    // Read settings: a 1 GiB page cache and the file memory-mapped, so warm
    // queries read the OS page cache without copies.
    for (const char* pragma : {"PRAGMA cache_size = -1048576", "PRAGMA mmap_size = 17179869184",
                               "PRAGMA temp_store = MEMORY"}) {
      Status s = Exec(db(), pragma);
      if (!s.ok()) return s;
    }
    sqlite3_progress_handler(db(), 10000, ProgressHandler, &deadline_);
    // The rows of geokg neighbors --depth 1: both directions, names joined,
    // every attribute of the edge, by date then relation.
    const std::string edge_out =
        "t.relation, t.date, o.name, 1, t.predicate, t.evidence, a.key, t.negated, t.confidence "
        "FROM triples t JOIN entities o ON o.id = t.object JOIN articles a ON a.id = t.article ";
    const std::string edge_in =
        "t.relation, t.date, s.name, 0, t.predicate, t.evidence, a.key, t.negated, t.confidence "
        "FROM triples t JOIN entities s ON s.id = t.subject JOIN articles a ON a.id = t.article ";
    const std::string level1 = "SELECT 1, " + edge_out +
                               "WHERE t.subject = ?1 UNION ALL SELECT 1, " + edge_in +
                               "WHERE t.object = ?1 AND t.subject <> ?1 ";
    struct Sql {
      StmtPtr* stmt;
      std::string text;
    };
    const std::vector<Sql> statements = {
        {&by_name_, "SELECT id FROM entities WHERE name = ?1"},
        {&one_hop_, level1 + "ORDER BY 3, 2"},
        // What `geokg neighbors` prints by default: the first kFirstRows
        // rows in the same order.
        {&one_hop_first_, level1 + "ORDER BY 3, 2 LIMIT " + std::to_string(kFirstRows)},
        // Depth 2 as geokg defines it: level 1, then every edge from a
        // level-1 node to a node not reached at level 0 or 1.
        {&two_hop_,
         "WITH n1(id) AS MATERIALIZED (SELECT object FROM triples WHERE subject = ?1 AND "
         "object <> ?1 UNION SELECT subject FROM triples WHERE object = ?1 AND subject <> ?1) " +
             level1 + "UNION ALL SELECT 2, " + edge_out +
             "JOIN n1 ON t.subject = n1.id WHERE t.object <> ?1 AND t.object NOT IN n1 "
             "UNION ALL SELECT 2, " +
             edge_in +
             "JOIN n1 ON t.object = n1.id WHERE t.subject <> ?1 AND t.subject NOT IN n1 "
             "ORDER BY 1, 3, 2"},
        // geokg timeline: the actor's outgoing events (relations 2..17, not
        // represents/member_of), by date, unknown dates last.
        {&timeline_,
         "SELECT t.date, t.relation, o.name, t.negated, t.predicate, t.evidence, a.key "
         "FROM triples t JOIN entities o ON o.id = t.object JOIN articles a ON a.id = t.article "
         "WHERE t.subject = ?1 AND t.relation >= 2 ORDER BY t.date = 0, t.date"},
        // `geokg timeline` by default: the first kFirstRows events, and the
        // monthly counts of every event (cooperative/conflictual by
        // relation, negated ones apart).
        {&timeline_first_,
         "SELECT t.date, t.relation, o.name, t.negated, t.predicate, t.evidence, a.key "
         "FROM triples t JOIN entities o ON o.id = t.object JOIN articles a ON a.id = t.article "
         "WHERE t.subject = ?1 AND t.relation >= 2 ORDER BY t.date = 0, t.date LIMIT " +
             std::to_string(kFirstRows)},
        {&timeline_periods_,
         "SELECT t.date / 100, t.relation, t.negated, count(*) FROM triples t "
         "WHERE t.subject = ?1 AND t.relation >= 2 GROUP BY 1, 2, 3"},
        // Breadth-first levels as a recursive CTE: (entity, depth) rows,
        // UNION drops repeats of a pair; both edge directions; stops at
        // depth ?3. The caller raises ?3 until ?2 is reached.
        {&path_,
         "WITH RECURSIVE reach(id, depth) AS (SELECT ?1, 0 "
         "UNION SELECT t.object, r.depth + 1 FROM reach r JOIN triples t ON t.subject = r.id "
         "WHERE r.depth < ?3 "
         "UNION SELECT t.subject, r.depth + 1 FROM reach r JOIN triples t ON t.object = r.id "
         "WHERE r.depth < ?3) "
         "SELECT 1 FROM reach WHERE id = ?2 LIMIT 1"},
        // An export reads every entity and every triple with its text.
        {&export_entities_, "SELECT id, name, type FROM entities"},
        {&export_triples_,
         "SELECT t.subject, t.object, t.relation, t.date, t.article, t.ordinal, a.key, "
         "t.predicate, t.evidence, t.negated, t.confidence FROM triples t "
         "JOIN articles a ON a.id = t.article"},
    };
    for (const Sql& sql : statements) {
      Result<StmtPtr> stmt = Prepare(db(), sql.text);
      if (!stmt.ok()) return stmt.status();
      *sql.stmt = std::move(stmt).value();
    }
    return Status::Ok();
  }

  DbPtr db_;
  Deadline deadline_;
  uint64_t bytes_ = 0;  // Read from result rows; keeps the reads observable.
  StmtPtr by_name_, one_hop_, one_hop_first_, two_hop_, timeline_, timeline_first_,
      timeline_periods_, path_, export_entities_, export_triples_;
};

struct Entity {
  std::string name;
  uint64_t degree = 0;
};

// Every entity with at least one triple, in id order, with its degree
// (triples it is subject or object of; a self-loop counts once).
Result<std::vector<Entity>> ConnectedEntities(sqlite3* db) {
  Result<StmtPtr> stmt =
      Prepare(db,
              "SELECT e.name, (SELECT count(*) FROM triples WHERE subject = e.id) + "
              "(SELECT count(*) FROM triples WHERE object = e.id AND subject <> e.id) AS degree "
              "FROM entities e ORDER BY e.id");
  if (!stmt.ok()) return stmt.status();
  std::vector<Entity> entities;
  int rc;
  while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt->get(), 0));
    const auto degree = static_cast<uint64_t>(sqlite3_column_int64(stmt->get(), 1));
    if (degree > 0) entities.push_back({text != nullptr ? text : "", degree});
  }
  if (rc != SQLITE_DONE) return SqlError(db, "entity degrees");
  return entities;
}

bool IsCutOff(const Status& s) { return s.code() == Status::Code::kBusy; }

// One warm-up run, then `runs` timed runs of `fn` (which returns a Status);
// the median in ms. A Busy status (deadline) counts as the deadline.
template <typename Fn>
Result<double> WarmMedian(int runs, Fn&& fn, int* cut_off) {
  Status s = fn();
  if (!s.ok() && !IsCutOff(s)) return s;
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    Stopwatch watch;
    s = fn();
    ms.push_back(watch.Millis());
    if (IsCutOff(s)) {
      ++*cut_off;
    } else if (!s.ok()) {
      return s;
    }
  }
  return Median(ms);
}

Status Query(const BenchOptions& options, Report* report) {
  const int runs = options.runs > 0 ? options.runs : 3;
  const int pairs = options.pairs > 0 ? options.pairs : 5;
  constexpr int kMaxDepth = 6;
  const std::string note = "median of " + std::to_string(runs) + ", warm";

  Stopwatch open_watch;
  Result<std::unique_ptr<Queries>> opened = Queries::Open(options.db);
  if (!opened.ok()) return opened.status();
  Queries& q = **opened;
  report->Add("open read-only", open_watch.Millis(), "ms", "once; prepares 11 statements");
  report->SetParam("db", options.db);
  report->SetParam("runs", runs);

  Stopwatch degree_watch;
  Result<std::vector<Entity>> entities = ConnectedEntities(q.db());
  if (!entities.ok()) return entities.status();
  if (entities->size() < 2) return Status::InvalidArgument("fewer than two connected entities");
  report->Add("degrees of all entities", degree_watch.Millis(), "ms",
              "once, untimed setup: 2 index counts per entity");
  const Entity hub =
      *std::max_element(entities->begin(), entities->end(),
                        [](const Entity& a, const Entity& b) { return a.degree < b.degree; });
  report->SetParam("hub", hub.name);
  report->SetParam("hub_degree", hub.degree);

  int cut_off = 0;
  uint64_t rows = 0;
  auto timed = [&](const std::string& name, sqlite3_stmt* stmt, const std::string& what,
                   const std::string& unit_rows) -> Status {
    Result<double> ms = WarmMedian(
        runs, [&] { return q.RunForName(stmt, hub.name, &rows); }, &cut_off);
    if (!ms.ok()) return ms.status();
    report->Add(name, *ms, "ms", note + ", " + what);
    report->Add(name + ": rows", static_cast<double>(rows), unit_rows, "");
    return Status::Ok();
  };
  Status s = timed("1-hop of hub", q.one_hop(), "both directions, names joined, all rows", "rows");
  if (!s.ok()) return s;
  s = timed("1-hop of hub, first 100", q.one_hop_first(),
            "LIMIT 100 in (date, relation) order, as geokg neighbors by default", "rows");
  if (!s.ok()) return s;
  s = timed("2-hop of hub", q.two_hop(), "level 1 + edges to new level-2 nodes", "rows");
  if (!s.ok()) return s;
  s = timed("timeline of hub", q.timeline(), "outgoing events by date", "events");
  if (!s.ok()) return s;
  {
    uint64_t events = 0;
    uint64_t periods = 0;
    Result<double> ms = WarmMedian(
        runs,
        [&] {
          Status st = q.RunForName(q.timeline_first(), hub.name, &events);
          return st.ok() ? q.RunForName(q.timeline_periods(), hub.name, &periods) : st;
        },
        &cut_off);
    if (!ms.ok()) return ms.status();
    report->Add("timeline of hub, first 100", *ms, "ms",
                note +
                    ", first 100 events + monthly counts of all, as geokg timeline by "
                    "default");
    report->Add("timeline of hub, first 100: period rows", static_cast<double>(periods), "rows",
                "(month, relation, negated) groups");
  }

  // Random pairs of connected entities, seeded: the same pairs for every
  // run of the same db and seed; bench/run times `geokg path` on them too.
  std::mt19937_64 rng(options.seed);
  std::uniform_int_distribution<size_t> pick(0, entities->size() - 1);
  std::vector<double> path_ms;
  std::vector<double> lengths;
  Json pair_list = Json::array();
  int unreachable = 0;
  for (int p = 0; p < pairs; ++p) {
    const size_t a = pick(rng);
    size_t b = pick(rng);
    while (b == a) b = pick(rng);
    const std::string& from = (*entities)[a].name;
    const std::string& to = (*entities)[b].name;
    int length = 0;
    Result<double> ms = WarmMedian(
        runs, [&] { return q.PathLength(from, to, kMaxDepth, &length); }, &cut_off);
    if (!ms.ok()) return ms.status();
    path_ms.push_back(*ms);
    if (length > 0) {
      lengths.push_back(length);
    } else {
      ++unreachable;
    }
    pair_list.push_back({{"from", from}, {"to", to}, {"length", length}, {"ms", *ms}});
  }
  report->SetParam("pairs", pair_list);
  report->Add("shortest path, random pair", Median(path_ms), "ms",
              "median over " + std::to_string(pairs) + " pairs of each pair's " + note +
                  "; recursive CTE, undirected, iterative deepening to depth " +
                  std::to_string(kMaxDepth) + "; length only, no path rebuilt");
  report->Add("shortest path, slowest pair", *std::max_element(path_ms.begin(), path_ms.end()),
              "ms", "its median");
  report->Add("shortest path length", Median(lengths), "steps",
              "median; " + std::to_string(unreachable) + " pair(s) without a path within " +
                  std::to_string(kMaxDepth));

  uint64_t entity_rows = 0;
  uint64_t triple_rows = 0;
  Result<double> export_ms = WarmMedian(
      runs,
      [&] {
        Status st = q.Drain(q.export_entities(), &entity_rows);
        return st.ok() ? q.Drain(q.export_triples(), &triple_rows) : st;
      },
      &cut_off);
  if (!export_ms.ok()) return export_ms.status();
  report->Add("export all", *export_ms, "ms",
              note + ", every entity and triple row read (no output written)");
  report->Add(
      "export all: rows", static_cast<double>(entity_rows + triple_rows), "rows",
      std::to_string(entity_rows) + " entities + " + std::to_string(triple_rows) + " triples");
  report->Add("runs cut off at the deadline", cut_off, "runs",
              "each counted as " + FormatNumber(kStatementDeadlineSeconds) + " s");
  report->Add("database size", static_cast<double>(std::filesystem::file_size(options.db)), "bytes",
              "indexes included");
  return Status::Ok();
}

}  // namespace

Status RunSqliteBench(const BenchOptions& options, Report* report) {
  report->SetParam("sqlite_version", sqlite3_libversion());
  if (!options.input.empty()) {
    Status s = Load(options, report);
    if (!s.ok()) return s;
  }
  return Query(options, report);
}

}  // namespace geokg::bench
