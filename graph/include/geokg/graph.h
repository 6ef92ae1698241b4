// geokg graph module: the data model, Status/Result, and the triple store.
//
// This is the one public header of the graph module (plus graph_view.h, whose
// point is the Boost.Graph type). It exposes no RocksDB type: the store is an
// interface with two implementations, RocksDB on disk and an in-memory map
// that tests use. Both share one key layout (docs/storage.md).
//
// Thread safety: Status, Result, Date and the record structs are plain values.
// A Store may be read from several threads at once; writes (PutArticle) must
// come from one thread at a time.
#ifndef GEOKG_GRAPH_H_
#define GEOKG_GRAPH_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace geokg {

// ---------------------------------------------------------------- Status ---

// Outcome of an operation that can fail in an expected way. No exceptions
// cross a module boundary: failures travel as Status or Result<T>.
class [[nodiscard]] Status {
 public:
  enum class Code { kOk = 0, kNotFound, kInvalidArgument, kCorruption, kIOError, kBusy };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  // The resource (the database) is held by someone else.
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK", or "<code name>: <message>".
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: must not be ok()

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

// ------------------------------------------------------------ Data model ---

// DO NOT CHANGE THESE ENUM VALUES: they are embedded in the on-disk keys.
enum class EntityType : uint8_t { kPerson = 0, kGpe = 1, kOrg = 2, kGroup = 3, kOther = 4 };

// DO NOT CHANGE THESE ENUM VALUES: they are embedded in the on-disk keys.
enum class Relation : uint8_t {
  kRepresents = 0,
  kMemberOf = 1,
  kAgree = 2,
  kConsult = 3,
  kSupport = 4,
  kConcede = 5,
  kCooperate = 6,
  kAid = 7,
  kRetreat = 8,
  kRequest = 9,
  kAccuse = 10,
  kReject = 11,
  kThreaten = 12,
  kProtest = 13,
  kSanction = 14,
  kMobilize = 15,
  kCoerce = 16,
  kAssault = 17,
};
constexpr int kRelationCount = 18;

// "PERSON", "GPE", "ORG", "GROUP", "OTHER".
std::string_view EntityTypeName(EntityType type);
// Case-insensitive; false for an unknown name.
bool ParseEntityType(std::string_view name, EntityType* type);
// Lower case as in the output contract: "represents", "member_of", "assault".
std::string_view RelationName(Relation relation);
bool ParseRelation(std::string_view name, Relation* relation);
// +1 for cooperative PLOVER types (agree, consult, support, concede,
// cooperate, aid, retreat), -1 for conflictual ones (accuse, reject,
// threaten, protest, sanction, mobilize, coerce, assault), 0 for request and
// the structural relations.
int RelationValence(Relation relation);
// True for consult, cooperate and agree, whose direction carries no meaning.
bool IsSymmetric(Relation relation);

// A calendar day, or unknown. Stored as yyyymmdd so that integer order is
// time order; 0 means unknown.
struct Date {
  uint32_t yyyymmdd = 0;

  bool known() const { return yyyymmdd != 0; }
  int year() const { return static_cast<int>(yyyymmdd / 10000); }
  int month() const { return static_cast<int>(yyyymmdd / 100 % 100); }
  int day() const { return static_cast<int>(yyyymmdd % 100); }
  // "YYYY-MM-DD", or "" when unknown.
  std::string ToString() const;
  // Accepts "YYYY-MM-DD", "YYYY-MM" (day 1) and "YYYY" (Jan 1). Validates
  // month and day ranges.
  static Result<Date> Parse(std::string_view text);
  // An unknown Date when the day does not exist or the year is outside
  // 1..9999.
  static Date FromYmd(int year, int month, int day);
  friend bool operator==(Date a, Date b) { return a.yyyymmdd == b.yyyymmdd; }
  friend bool operator<(Date a, Date b) { return a.yyyymmdd < b.yyyymmdd; }
};

// Where an article's date came from.
enum class DateSource : uint8_t { kUnknown = 0, kMetadata = 1, kText = 2 };
std::string_view DateSourceName(DateSource source);  // "unknown", "metadata", "text"

// One article as read from a file, a feed line or stdin.
struct Article {
  std::string id;     // JSONL "id", or the file path.
  std::string title;  // May be empty.
  Date date;          // Unknown unless metadata or the text states it.
  DateSource date_source = DateSource::kUnknown;
  std::string text;    // Valid UTF-8, as scraped (noise included).
  std::string origin;  // For messages: "feed.jsonl:12", "a.txt", "<stdin>".
};

// An entity as one article mentions it.
struct EntityMention {
  std::string name;  // Canonical name ("United States").
  EntityType type = EntityType::kOther;
  std::vector<std::string> mentions;  // Surface forms seen ("US", "Washington").
};

// A relation found in one article.
struct Triple {
  std::string subject;  // Canonical names, present among the article's entities.
  Relation relation = Relation::kRepresents;
  std::string object;
  std::string predicate;  // Surface words carrying the relation.
  bool negated = false;
  Date date;                // The article's date unless the sentence states another.
  int sentence = 0;         // 0-based sentence index in the article.
  std::string evidence;     // The sentence.
  float confidence = 0.5f;  // In [0, 1].
};

// Everything the extractor found in one article.
struct ArticleExtraction {
  Article article;
  std::vector<EntityMention> entities;
  std::vector<Triple> triples;
};

// ------------------------------------------------------------ Flat chunk ---

// Articles with their entities and triples in flat form, for
// Store::BulkLoad: every string is a span of one byte buffer, and a triple
// names its subject and object by their index among the article's entity
// records instead of by name. `geokg ingest --records` reads records into
// it (ReadRecordsFlat) and the store reads it as it is, with no string per
// record. Articles are appended whole; Clear keeps the buffers.
struct FlatChunk {
  // Bytes [offset, offset + size) of `bytes`.
  struct Span {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  // No entity: a triple whose name matched no entity record (Append).
  static constexpr uint32_t kNoEntity = UINT32_MAX;
  struct Entity {
    Span name;
    EntityType type = EntityType::kOther;
    uint32_t first_mention = 0;  // Into `mentions`.
    uint32_t mention_count = 0;
  };
  struct Triple {
    uint32_t subject = 0;  // Entity record index within the article, or kNoEntity.
    uint32_t object = 0;
    Relation relation = Relation::kRepresents;
    bool negated = false;
    Date date;
    int32_t sentence = 0;
    float confidence = 0.5f;
    Span predicate;
    Span evidence;
  };
  struct Article {
    Span id, title, text, origin;
    Date date;
    DateSource date_source = DateSource::kUnknown;
    uint32_t first_entity = 0;  // Into `entities`.
    uint32_t entity_count = 0;
    uint32_t first_triple = 0;  // Into `triples`.
    uint32_t triple_count = 0;
  };

  std::string bytes;
  std::vector<Span> mentions;
  std::vector<Entity> entities;
  std::vector<Triple> triples;
  std::vector<Article> articles;

  std::string_view View(Span span) const {
    return std::string_view(bytes.data() + span.offset, span.size);
  }
  size_t size() const { return articles.size(); }
  bool empty() const { return articles.empty(); }
  // Empties the chunk, keeping its buffers.
  void Clear();
  // Appends `bytes` to the buffer: its span. The buffer may not pass 4 GiB.
  Span AddBytes(std::string_view text);
  // Appends an article. A triple names the entity record whose name is its
  // name, or else whose normalised name (as the store compares names) is
  // its name's; kNoEntity when none is (the store rejects the article).
  void Append(const ArticleExtraction& x);
  // Article `i` as an ArticleExtraction (triples named by their entity
  // records' names; "" for kNoEntity).
  ArticleExtraction Extraction(size_t i) const;
};

// ----------------------------------------------------------------- Store ---

using EntityId = uint32_t;   // Dense, assigned on first sight, never reused.
using ArticleId = uint32_t;  // Dense, assigned on first sight, never reused.

struct StoredEntity {
  EntityId id = 0;
  std::string name;  // Canonical.
  EntityType type = EntityType::kOther;
  std::vector<std::string> aliases;  // Surface forms seen in any article, sorted.
};

struct StoredArticle {
  ArticleId id = 0;
  std::string key;  // Article::id.
  std::string title;
  Date date;
  DateSource date_source = DateSource::kUnknown;
  uint64_t content_hash = 0;  // Of the text; a changed hash replaces the triples.
  uint32_t triple_count = 0;
};

struct StoredTriple {
  EntityId subject = 0;
  Relation relation = Relation::kRepresents;
  EntityId object = 0;
  Date date;
  ArticleId article = 0;
  uint32_t ordinal = 0;  // Position among the article's triples.
  bool negated = false;
  float confidence = 0;
  uint32_t sentence = 0;
  std::string predicate;
  std::string evidence;
};

// Restricts scans. Empty sets mean "all". Unknown dates pass a date window
// only when the window is open on both sides.
struct TripleFilter {
  Date since;  // Inclusive; unknown = open.
  Date until;  // Inclusive; unknown = open.
  std::vector<Relation> relations;
  std::vector<EntityType> entity_types;       // Both endpoints must match.
  bool Accepts(const StoredTriple& t) const;  // Date and relation only.
  bool Accepts(Relation relation, Date date) const;
};

// A triple's identity and key fields, as the out and in indexes hold them.
struct TripleRef {
  EntityId subject = 0;
  EntityId object = 0;
  Relation relation = Relation::kRepresents;
  Date date;
  ArticleId article = 0;
  uint32_t ordinal = 0;
};

enum class PutOutcome { kAdded, kUnchanged, kReplaced };

// What Store::BulkLoad did with a chunk of articles.
struct BulkLoadResult {
  size_t added = 0;
  size_t unchanged = 0;
  size_t replaced = 0;
  uint64_t triples = 0;  // In the added and replaced articles.
  // Articles PutArticle would reject (InvalidArgument): their index in the
  // chunk and why. Nothing of them is written; the others are.
  std::vector<std::pair<size_t, Status>> rejected;
};

struct StoreStats {
  uint64_t entities = 0;
  uint64_t triples = 0;
  uint64_t articles = 0;
};

// What Store::Check found. A healthy store has no problems.
struct CheckProblem {
  std::string part;    // "checksums", "format", "counters", "facts", "out index", ...
  std::string detail;  // What is wrong, naming the file, key or ids.
};
struct CheckReport {
  uint64_t facts = 0;  // Rows read per table.
  uint64_t out_entries = 0;
  uint64_t in_entries = 0;
  uint64_t time_entries = 0;
  uint64_t entities = 0;
  uint64_t articles = 0;
  uint64_t problem_count = 0;          // All problems found.
  std::vector<CheckProblem> problems;  // The first 100 of them.
  bool ok() const { return problem_count == 0; }
};

class GraphSnapshot;  // geokg/snapshot.h

struct StoreOptions {
  bool create_if_missing = true;  // Default: true.
  bool read_only = false;         // Default: false. Read-only opens share the db.
  // Bound of the store's read cache: the entity, article and fact records
  // and names its point reads (GetEntity, GetArticle, GetTriple, FindEntity,
  // Degree, the fact reads of scans) returned, kept for the current
  // generation of the store only (after a write none of them is seen
  // again), least recently used first out. Counts key and value bytes plus
  // 176 bytes per entry (heap measured with glibc's malloc), an upper bound
  // of the heap it holds. Default 0: off, for one-shot processes, which
  // read each record about once; a long-running reader (`geokg serve`)
  // sets it.
  size_t read_cache_bytes = 0;
  // Deferred bulk load (docs/storage.md): in a store that holds nothing at
  // open, BulkLoad keeps the index tables, entities, names and counters in
  // memory and stages the article and fact rows as table files, and
  // CommitBulkLoad (or WriteSnapshot, or closing the store) writes them all
  // as table files that overlap nothing and ingests everything in one
  // atomic step, with no compaction. Until then reads do not see the
  // chunks, and a process that ends first leaves the store as it was at
  // open. The deferral ends for good at the first commit, and by itself
  // (after a commit) when a chunk would break it: an article key seen
  // before, more than about a million entities or 32 Mi triples, a
  // PutArticle. Ignored for a store in memory. Default: false.
  bool defer_bulk_load = false;
};

class Store {
 public:
  // Opens (or creates) the RocksDB store in `dir`. Fails with Busy when
  // another process holds the write lock, with Corruption when the format
  // version is unknown.
  static Result<std::unique_ptr<Store>> Open(const std::string& dir,
                                             const StoreOptions& options = {});
  // A store that lives in memory only, with the same key layout. For tests;
  // only options.read_cache_bytes applies.
  static std::unique_ptr<Store> NewInMemory(const StoreOptions& options = {});

  virtual ~Store() = default;

  // Writes the article, its entities, aliases and triples in one atomic
  // batch. Same id and same text hash: kUnchanged and nothing is written.
  // Same id, other hash: the old triples are removed in the same batch.
  // Every triple's subject and object must be among extraction.entities
  // (compared case-insensitively), confidences in [0, 1] and dates valid or
  // unknown; otherwise InvalidArgument and nothing is written. InvalidArgument
  // on a read-only store.
  virtual Result<PutOutcome> PutArticle(const ArticleExtraction& extraction) = 0;

  // Stores `chunk` with exactly the keys and values that PutArticle of each
  // article in order would leave (same ids, aliases, degrees, counters), but
  // written as one sorted table file ingested in one step on disk: atomic,
  // with no write-ahead log or memtable work. Meant for large loads of new
  // articles (chunks of thousands); replaced and unchanged ones are handled
  // as PutArticle does, in the same step. An article key repeated within the
  // chunk splits it in two steps. Rejected articles are listed in the result
  // and skipped. Not ok when a read or write fails (then the step that failed
  // wrote nothing) or on a read-only store.
  virtual Result<BulkLoadResult> BulkLoad(const std::vector<ArticleExtraction>& chunk) = 0;
  // The same for a flat chunk: exactly what BulkLoad of its articles as
  // ArticleExtraction values (FlatChunk::Extraction) does.
  virtual Result<BulkLoadResult> BulkLoad(const FlatChunk& chunk) = 0;

  // With StoreOptions::defer_bulk_load: stores everything BulkLoad staged,
  // in one atomic step, and writes the graph snapshot of the result. Ok and
  // nothing done when nothing is staged. When it fails nothing of the
  // staged chunks is stored, and the store refuses further writes (open it
  // again).
  virtual Status CommitBulkLoad() = 0;

  // Resolves a canonical name or any alias, case-insensitively. A canonical
  // name wins over another entity's alias. When an alias names several
  // entities, the one with most triples wins. NotFound otherwise.
  virtual Result<StoredEntity> FindEntity(std::string_view name) const = 0;
  virtual Result<StoredEntity> GetEntity(EntityId id) const = 0;
  virtual Result<StoredArticle> GetArticle(ArticleId id) const = 0;
  // Up to `limit` canonical names closest to `name` (edit distance, prefix).
  virtual std::vector<std::string> Suggest(std::string_view name, size_t limit) const = 0;

  // Visitors return false to stop early.
  virtual Status ForEachEntity(const std::function<bool(const StoredEntity&)>& fn) const = 0;
  virtual Status ForEachArticle(const std::function<bool(const StoredArticle&)>& fn) const = 0;
  virtual Status ForEachTriple(const TripleFilter& filter,
                               const std::function<bool(const StoredTriple&)>& fn) const = 0;
  // Triples whose subject (Out) or object (In) is `entity`: one prefix scan,
  // in (relation, date) order.
  virtual Status ScanOut(EntityId entity, const TripleFilter& filter,
                         const std::function<bool(const StoredTriple&)>& fn) const = 0;
  virtual Status ScanIn(EntityId entity, const TripleFilter& filter,
                        const std::function<bool(const StoredTriple&)>& fn) const = 0;
  // The identities of the triples ScanOut (outgoing) or ScanIn would visit,
  // in the same order, read from the index keys alone: no fact row is read
  // and filter.entity_types is ignored. For answers that pick a few triples
  // among many before reading them (GetTriple).
  virtual Status ScanRefs(EntityId entity, bool outgoing, const TripleFilter& filter,
                          const std::function<bool(const TripleRef&)>& fn) const = 0;
  // Triples in date order within [since, until]: one range scan.
  virtual Status ScanByTime(const TripleFilter& filter,
                            const std::function<bool(const StoredTriple&)>& fn) const = 0;
  // Number of triples touching the entity as subject or object.
  virtual Result<uint64_t> Degree(EntityId entity) const = 0;

  virtual Result<StoreStats> Stats() const = 0;

  // The triple named by its article and ordinal (the snapshot's edge
  // reference). NotFound when there is none.
  virtual Result<StoredTriple> GetTriple(ArticleId article, uint32_t ordinal) const = 0;

  // The compact graph of every stored triple (geokg/snapshot.h) as the store
  // is now. It is the mapped snapshot file of the database folder when that
  // file was written at the store's current state; otherwise it is built
  // from the fact and entity tables (one scan) and kept in memory until the
  // store changes. Either way the answer never lags the store.
  virtual Result<std::shared_ptr<const GraphSnapshot>> Snapshot() const = 0;

  // Verifies the whole store: the checksums of every stored block, the
  // format version, and the invariants of docs/storage.md (each fact row
  // has its out, in and time index entries and no index entry lacks its
  // fact; counters and degrees equal what the rows say; every fact names
  // existing entities and an article), plus the graph snapshot file when
  // there is one. Problems are reported, never thrown: a damaged store
  // gives a report naming what is damaged. Reads everything: seconds per
  // million triples.
  virtual Result<CheckReport> Check() const = 0;

  // The snapshot Snapshot() would return when it is already in memory and
  // current; null otherwise. Never loads or builds one: for answers that
  // are cheaper from the snapshot only once it is warm (a long-running
  // `serve`), and cheaper from the indexes in a cold process.
  virtual std::shared_ptr<const GraphSnapshot> LoadedSnapshot() const = 0;

  // Writer only (InvalidArgument on a read-only store): brings the snapshot
  // file up to date with the store. When the file on disk matched the store
  // at open, only the articles written since are re-read and merged in;
  // otherwise the snapshot is rebuilt. A no-op when the file is current and
  // for a store in memory (which keeps its snapshot in memory).
  virtual Status WriteSnapshot() = 0;
};

}  // namespace geokg

#endif  // GEOKG_GRAPH_H_
