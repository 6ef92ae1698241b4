// The Store over a Kv backend: PutArticle's write path, lookups and scans.
// The key layout is in coding.h and docs/storage.md.
#include <algorithm>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "coding.h"
#include "geokg/snapshot.h"
#include "joining_thread.h"
#include "kv.h"
#include "read_cache.h"

namespace geokg {
namespace {

using coding::Table;

// Above this degree, a date-windowed ScanOut/ScanIn seeks once per relation
// instead of walking the entity's whole prefix (NOTES-graph.md: seeking wins
// on hubs and loses on small nodes).
constexpr uint64_t kSeekPerRelationDegree = 256;

// The writer forgets its entity cache past this many entries, and does
// not cache entities with higher ids than this (the cache is an array by
// id).
constexpr size_t kMaxCachedEntities = 1u << 20;
constexpr size_t kMaxCachedEntityId = 1u << 21;

// The writer keeps the snapshot edges of what it wrote (32 bytes each) up
// to this many triples (1 GiB, held for the whole load; past that the
// snapshot is read back from the fact table, as for any store). A deferred
// bulk load needs them all, so it ends past this too.
constexpr size_t kMaxEdgesSinceOpen = size_t{1} << 25;

bool IsValidOrUnknown(Date date) {
  return !date.known() || Date::FromYmd(date.year(), date.month(), date.day()) == date;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// How many entity records Check compares a triple's names with exactly
// before it normalises them.
constexpr size_t kExactNameScan = 32;

// Aliases of an entity searched in order rather than by halves.
constexpr size_t kAliasScan = 16;

// Records ahead of the one being read whose strings are fetched.
constexpr size_t kRecordsAhead = 4;

// Starts fetching the bytes of an entity record's name and the array of
// its mentions (strings of up to 15 bytes sit in that array).
void PrefetchStrings(const EntityMention& m) {
  __builtin_prefetch(m.name.data());
  __builtin_prefetch(m.mentions.data());
}

// The same for the strings of a triple record.
void PrefetchStrings(const Triple& t) {
  __builtin_prefetch(t.subject.data());
  __builtin_prefetch(t.object.data());
  __builtin_prefetch(t.predicate.data());
  __builtin_prefetch(t.evidence.data());
}

// The fields of a triple record that Stage stores, whatever the record's
// form.
struct TripleFields {
  Relation relation = Relation::kRepresents;
  bool negated = false;
  Date date;
  int sentence = 0;
  float confidence = 0;
  std::string_view predicate;
  std::string_view evidence;
};

// One article of a chunk of ArticleExtraction values, as Check and Stage
// read it; FlatArticle reads one of a FlatChunk the same way.
class ExtractionArticle {
 public:
  // Triples name their entities by name (false) or by record index (true).
  static constexpr bool kIndexed = false;
  explicit ExtractionArticle(const ArticleExtraction& x) : x_(x) {}
  std::string_view id() const { return x_.article.id; }
  std::string_view title() const { return x_.article.title; }
  std::string_view text() const { return x_.article.text; }
  Date date() const { return x_.article.date; }
  DateSource date_source() const { return x_.article.date_source; }
  size_t entity_count() const { return x_.entities.size(); }
  std::string_view entity_name(size_t e) const { return x_.entities[e].name; }
  EntityType entity_type(size_t e) const { return x_.entities[e].type; }
  size_t mention_count(size_t e) const { return x_.entities[e].mentions.size(); }
  std::string_view mention(size_t e, size_t k) const { return x_.entities[e].mentions[k]; }
  void PrefetchEntity(size_t e) const { PrefetchStrings(x_.entities[e]); }
  size_t triple_count() const { return x_.triples.size(); }
  std::string_view subject_name(size_t i) const { return x_.triples[i].subject; }
  std::string_view object_name(size_t i) const { return x_.triples[i].object; }
  uint32_t subject_index(size_t) const { return 0; }
  uint32_t object_index(size_t) const { return 0; }
  TripleFields triple(size_t i) const {
    const Triple& t = x_.triples[i];
    return TripleFields{t.relation,   t.negated,   t.date,    t.sentence,
                        t.confidence, t.predicate, t.evidence};
  }
  void PrefetchTriple(size_t i) const { PrefetchStrings(x_.triples[i]); }

 private:
  const ArticleExtraction& x_;
};

class FlatArticle {
 public:
  static constexpr bool kIndexed = true;
  FlatArticle(const FlatChunk& chunk, size_t i)
      : c_(chunk),
        a_(chunk.articles[i]),
        entities_(chunk.entities.data() + a_.first_entity),
        triples_(chunk.triples.data() + a_.first_triple) {}
  std::string_view id() const { return c_.View(a_.id); }
  std::string_view title() const { return c_.View(a_.title); }
  std::string_view text() const { return c_.View(a_.text); }
  Date date() const { return a_.date; }
  DateSource date_source() const { return a_.date_source; }
  size_t entity_count() const { return a_.entity_count; }
  std::string_view entity_name(size_t e) const { return c_.View(entities_[e].name); }
  EntityType entity_type(size_t e) const { return entities_[e].type; }
  size_t mention_count(size_t e) const { return entities_[e].mention_count; }
  std::string_view mention(size_t e, size_t k) const {
    return c_.View(c_.mentions[entities_[e].first_mention + k]);
  }
  void PrefetchEntity(size_t) const {}
  size_t triple_count() const { return a_.triple_count; }
  std::string_view subject_name(size_t) const { return {}; }
  std::string_view object_name(size_t) const { return {}; }
  uint32_t subject_index(size_t i) const { return triples_[i].subject; }
  uint32_t object_index(size_t i) const { return triples_[i].object; }
  TripleFields triple(size_t i) const {
    const FlatChunk::Triple& t = triples_[i];
    return TripleFields{t.relation,           t.negated,          t.date, t.sentence, t.confidence,
                        c_.View(t.predicate), c_.View(t.evidence)};
  }
  void PrefetchTriple(size_t) const {}

 private:
  const FlatChunk& c_;
  const FlatChunk::Article& a_;
  const FlatChunk::Entity* entities_;
  const FlatChunk::Triple* triples_;
};

size_t ChunkSize(const std::vector<ArticleExtraction>& chunk) { return chunk.size(); }
size_t ChunkSize(const FlatChunk& chunk) { return chunk.articles.size(); }
ExtractionArticle ChunkArticle(const std::vector<ArticleExtraction>& chunk, size_t i) {
  return ExtractionArticle(chunk[i]);
}
FlatArticle ChunkArticle(const FlatChunk& chunk, size_t i) { return FlatArticle(chunk, i); }

// Whether coding::NormalizeName(s) is empty, without building it in the
// common case: a printable ASCII first byte is kept by NormalizeName.
bool NormalizesToEmpty(std::string_view s) {
  if (!s.empty() && s[0] > ' ' && static_cast<unsigned char>(s[0]) < 0x80) return false;
  return coding::NormalizeName(s).empty();
}

// Normalised entity name -> id, for the writer's name cache: open
// addressing over 64-bit hashes in one array, the names in one arena. A
// lookup reads one slot (usually in cache) and the name's bytes, where a
// node-based map reads a bucket, a node and the string.
class NameIndex {
 public:
  // The id of `key`, or nullptr.
  const EntityId* Find(std::string_view key) const { return Find(key, Hash(key)); }
  // The same, with `hash` = Hash(key).
  const EntityId* Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[i];
      if (slot.hash == 0) return nullptr;
      if (slot.hash == hash && Name(slot) == key) return &slot.id;
    }
  }
  // Adds `key` unless it is there (as unordered_map::emplace).
  void Insert(std::string_view key, EntityId id) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    const uint64_t hash = Hash(key);
    size_t i = hash & (slots_.size() - 1);
    for (; slots_[i].hash != 0; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].hash == hash && Name(slots_[i]) == key) return;
    }
    slots_[i] = Slot{hash, arena_.size(), static_cast<uint32_t>(key.size()), id};
    arena_.append(key);
    ++size_;
  }
  void clear() {
    slots_.clear();
    arena_.clear();
    size_ = 0;
  }
  // Starts fetching the slot where a lookup of the key with `hash` begins.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  static uint64_t Hash(std::string_view key) {
    const uint64_t h = std::hash<std::string_view>()(key);
    return h == 0 ? 1 : h;
  }

 private:
  struct Slot {
    uint64_t hash = 0;  // 0: empty.
    uint64_t offset = 0;
    uint32_t size = 0;
    EntityId id = 0;
  };
  std::string_view Name(const Slot& slot) const {
    return std::string_view(arena_).substr(slot.offset, slot.size);
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.resize(std::max<size_t>(1024, 2 * old.size()));
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      size_t i = slot.hash & (slots_.size() - 1);
      while (slots_[i].hash != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_;  // A power of two long, at most half full.
  std::string arena_;
  size_t size_ = 0;
};

// A set of 64-bit hashes: open addressing in one array, where a node-based
// set reads a bucket and a node per lookup. Hash 0 is stored as 1: a
// member answers "maybe" for the one other value that maps there, which
// every user here treats as "look it up".
class HashSet64 {
 public:
  bool Contains(uint64_t hash) const {
    if (slots_.empty()) return false;
    hash = Slotted(hash);
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == hash) return true;
      if (slots_[i] == 0) return false;
    }
  }
  // True when `hash` was not in the set.
  bool Insert(uint64_t hash) {
    if (2 * (size_ + 1) > slots_.size()) Rehash(std::max<size_t>(1024, 2 * slots_.size()));
    hash = Slotted(hash);
    size_t i = hash & (slots_.size() - 1);
    for (; slots_[i] != 0; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == hash) return false;
    }
    slots_[i] = hash;
    ++size_;
    return true;
  }
  // Room for `n` members without rehashing.
  void Reserve(size_t n) {
    size_t slots = 1024;
    while (slots < 2 * n) slots *= 2;
    if (slots > slots_.size()) Rehash(slots);
  }

 private:
  static uint64_t Slotted(uint64_t hash) { return hash == 0 ? 1 : hash; }
  void Rehash(size_t slots) {
    std::vector<uint64_t> old(slots, 0);
    old.swap(slots_);
    for (uint64_t hash : old) {
      if (hash == 0) continue;
      size_t i = hash & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = hash;
    }
  }

  std::vector<uint64_t> slots_;  // 0: empty. A power of two long, at most half full.
  size_t size_ = 0;
};

// Case-insensitive edit distance (Levenshtein, bytes) between normalised forms.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) words.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// How well a normalised candidate matches a normalised query: lower is
// better; std::nullopt when it does not match at all.
struct MatchRank {
  int tier = 0;         // 0 exact, 1 prefix, 2 word prefix, 3 substring, 4 typo.
  size_t distance = 0;  // Edit distance, for ties within a tier.
  bool operator<(const MatchRank& o) const {
    return tier != o.tier ? tier < o.tier : distance < o.distance;
  }
};

std::optional<MatchRank> RankMatch(std::string_view query, std::string_view candidate) {
  if (candidate == query) return MatchRank{0, 0};
  const size_t whole = EditDistance(query, candidate);
  if (candidate.substr(0, query.size()) == query) return MatchRank{1, whole};
  const std::vector<std::string_view> words = Words(candidate);
  for (std::string_view w : words) {
    if (w.substr(0, query.size()) == query) return MatchRank{2, whole};
  }
  if (candidate.find(query) != std::string_view::npos) return MatchRank{3, whole};
  const size_t allowed = std::max<size_t>(2, query.size() / 3);
  size_t best = whole;
  for (std::string_view w : words) best = std::min(best, EditDistance(query, w));
  if (best <= allowed) return MatchRank{4, best};
  return std::nullopt;
}

class KvStore final : public Store {
 public:
  // `dir` is the database folder, where the snapshot file lives; empty for
  // a store in memory.
  KvStore(std::unique_ptr<Kv> kv, std::string dir, const StoreOptions& options)
      : kv_(std::move(kv)),
        dir_(std::move(dir)),
        read_cache_(options.read_cache_bytes),
        defer_bulk_load_(options.defer_bulk_load) {}

  // Commits a deferred bulk load still staged; a failure leaves the store
  // as it was at open.
  ~KvStore() override {
    if (deferring_) {
      try {
        std::lock_guard<std::mutex> lock(write_mu_);
        Status ignored = CommitDeferred();
        (void)ignored;
      } catch (...) {
        // Nothing staged is stored then; the next open deletes the files.
      }
    }
  }

  // Checks (or, on an empty database, writes) the format version and loads
  // the counters.
  Status Init();

  Result<PutOutcome> PutArticle(const ArticleExtraction& extraction) override;
  Result<BulkLoadResult> BulkLoad(const std::vector<ArticleExtraction>& chunk) override;
  Result<BulkLoadResult> BulkLoad(const FlatChunk& chunk) override;
  Status CommitBulkLoad() override;
  Result<StoredEntity> FindEntity(std::string_view name) const override;
  Result<StoredEntity> GetEntity(EntityId id) const override;
  Result<StoredArticle> GetArticle(ArticleId id) const override;
  std::vector<std::string> Suggest(std::string_view name, size_t limit) const override;
  Status ForEachEntity(const std::function<bool(const StoredEntity&)>& fn) const override;
  Status ForEachArticle(const std::function<bool(const StoredArticle&)>& fn) const override;
  Status ForEachTriple(const TripleFilter& filter,
                       const std::function<bool(const StoredTriple&)>& fn) const override;
  Status ScanOut(EntityId entity, const TripleFilter& filter,
                 const std::function<bool(const StoredTriple&)>& fn) const override {
    return ScanIndex(Table::kOut, entity, filter, fn);
  }
  Status ScanIn(EntityId entity, const TripleFilter& filter,
                const std::function<bool(const StoredTriple&)>& fn) const override {
    return ScanIndex(Table::kIn, entity, filter, fn);
  }
  Status ScanByTime(const TripleFilter& filter,
                    const std::function<bool(const StoredTriple&)>& fn) const override;
  Result<uint64_t> Degree(EntityId entity) const override;
  Result<StoreStats> Stats() const override;
  Result<StoredTriple> GetTriple(ArticleId article, uint32_t ordinal) const override;
  Status ScanRefs(EntityId entity, bool outgoing, const TripleFilter& filter,
                  const std::function<bool(const TripleRef&)>& fn) const override;
  Result<std::shared_ptr<const GraphSnapshot>> Snapshot() const override;
  std::shared_ptr<const GraphSnapshot> LoadedSnapshot() const override;
  Result<CheckReport> Check() const override;
  Status WriteSnapshot() override;

 private:
  // The writer's view of one entity, cached across PutArticle calls.
  struct EntityState {
    StoredEntity entity;
    uint64_t degree = 0;
    std::set<std::string> alias_keys;  // Normalised forms in the alias table.
  };

  // Everything one batch (a PutArticle, a BulkLoad step) changes, applied to
  // the caches only after the batch is written.
  struct Pending {
    // Every entity the batch touches, in order of first touch. A deque:
    // its elements never move, and it allocates in blocks, not per entity.
    std::deque<std::pair<EntityId, EntityState>> entities;
    std::unordered_set<EntityId> dirty_record;  // Entity record to rewrite.
    std::unordered_map<std::string, EntityId> new_names;
    std::unordered_set<std::string> articles;  // Keys of the articles written.
    std::vector<ArticleId> replaced;
    // The snapshot edges of the triples staged, while edges_since_open_ is
    // kept.
    std::vector<SnapshotEdge> edges;
    // While deferring: the name key and id of each article staged.
    std::vector<std::pair<std::string, ArticleId>> article_names;
    uint64_t entity_count = 0;
    uint64_t article_count = 0;
    uint64_t triple_count = 0;
    // `entities` by id (ids are dense): a lookup is an array read instead
    // of a hash probe.
    std::vector<EntityState*> slots;

    EntityState* Find(EntityId id) const { return id < slots.size() ? slots[id] : nullptr; }
    // Requires that `id` is not in `entities` yet.
    EntityState* Add(EntityId id, EntityState state) {
      EntityState* added = &entities.emplace_back(id, std::move(state)).second;
      if (id >= slots.size()) slots.resize(std::max<size_t>(id + 1, 2 * slots.size()), nullptr);
      slots[id] = added;
      return added;
    }
  };

  // One entity of an extraction, merged by normalised canonical name.
  // Its strings point into the extraction, which outlives it.
  struct Incoming {
    std::string_view name;
    std::string key;  // Normalised name.
    EntityType type = EntityType::kOther;
    std::vector<std::string_view> surfaces;  // Canonical name and mentions.
  };
  // An extraction that passed Check. One value serves a whole chunk
  // (Clear between articles), so that its strings and vectors are reused.
  struct Checked {
    std::vector<Incoming> incoming;
    std::vector<std::pair<size_t, size_t>> endpoints;  // Per triple, indexes into `incoming`.
    // Scratch of Check.
    std::vector<size_t> mention_index;  // Per entity record, its index in `incoming`.
    std::string key;

    void Clear() {
      for (Incoming& in : incoming) spare.push_back(std::move(in));
      incoming.clear();
      endpoints.clear();
      mention_index.clear();
    }
    // A new last element of `incoming`, with buffers of an earlier one.
    Incoming& AddIncoming() {
      if (spare.empty()) return incoming.emplace_back();
      incoming.push_back(std::move(spare.back()));
      spare.pop_back();
      return incoming.back();
    }

   private:
    std::vector<Incoming> spare;  // Cleared elements, their buffers kept.
  };

  Status GetCounter(std::string_view name, uint64_t* value) const;
  // kv_->Get through the read cache (read_cache.h).
  Status CachedGet(const std::string& key, std::string* value) const;
  Result<StoredTriple> GetFact(ArticleId article, uint32_t ordinal) const;
  Result<EntityType> GetEntityType(EntityId id) const;
  // Loads the writer state of an existing entity into pending, from the
  // cache or the Kv.
  Result<EntityState*> LoadEntity(EntityId id, Pending* pending);
  Result<PutOutcome> PutArticleLocked(const ArticleExtraction& extraction);
  // BulkLoad of either chunk form: refuses a read-only store, takes the
  // write lock and turns an exception into IOError.
  template <typename Chunk>
  Result<BulkLoadResult> BulkLoadGuarded(const Chunk& chunk);
  template <typename Chunk>
  Result<BulkLoadResult> BulkLoadLocked(const Chunk& chunk);
  // Invariant 1 of docs/storage.md: InvalidArgument when `x` breaks it.
  // Reads nothing.
  template <typename Source>
  static Status Check(const Source& x, Checked* checked);
  // A batch starting from the published counters.
  Pending NewPending() const;
  // Adds the writes of one checked article to `batch` and `pending`, which
  // may already hold other articles (but not this article key). Nothing is
  // added for kUnchanged. On failure (a read error, exhausted ids) `pending`
  // and `batch` are half-done and must be dropped.
  // `hash` is Fnv1a64 of the article's text.
  template <typename Source>
  Result<PutOutcome> Stage(const Source& x, uint64_t hash, const Checked& checked, Pending* pending,
                           KvBatch* batch);
  // Adds the entity records, degrees and counters of everything staged.
  void Finish(const Pending& pending, KvBatch* batch) const;
  // After the batch is written: publishes the new state to the writer caches.
  void Publish(Pending* pending);

  // Deferred bulk load (StoreOptions::defer_bulk_load). Whether `chunk` can
  // be staged without ending the deferral: no article key seen before or
  // twice, and the entity cache and the kept edges stay complete.
  template <typename Chunk>
  bool CanDefer(const Chunk& chunk) const;
  // Ends the deferral: writes the deferred tables, ingests every staged
  // file, saves the snapshot, and from then on the store is written as
  // usual. On failure nothing staged is stored and broken_ is set.
  Status CommitDeferred();
  // The deferred tables as staged files, and the snapshot of everything.
  // Meanwhile the snapshot's file is written unsealed (SaveUnsealed), for
  // CommitDeferred to seal once the commit gives its generation;
  // *unsealed says whether that worked.
  Result<std::unique_ptr<GraphSnapshot>> StageDeferredTables(bool* unsealed);
  // Its part from the entity cache and the article names: entity names,
  // entities, degrees, aliases, article names and the counters.
  Status StageDeferredEntityTables();

  // Whether the triple's endpoints pass filter.entity_types; `types` caches
  // entity types for the length of one scan.
  Result<bool> AcceptsTypes(const TripleFilter& filter, const StoredTriple& t,
                            std::unordered_map<EntityId, EntityType>* types) const;
  // Calls fn for the index entries of `entity` that the filter's relations
  // and date window accept, seeking per relation where that pays; fn
  // returns false to stop.
  Status WalkIndex(Table table, EntityId entity, const TripleFilter& filter,
                   const std::function<Result<bool>(const coding::IndexEntry&)>& fn) const;
  Status ScanIndex(Table table, EntityId entity, const TripleFilter& filter,
                   const std::function<bool(const StoredTriple&)>& fn) const;

  // Appends the snapshot edges of the fact rows of articles `first` to
  // `last` (inclusive), decoding only the fixed-size head of each row.
  Status CollectEdges(ArticleId first, ArticleId last, std::vector<SnapshotEdge>* edges) const;
  // Entity types by id, from the entity table.
  Status CollectTypes(std::vector<EntityType>* types) const;
  // A snapshot of every fact row, stamped with `generation`.
  Result<std::shared_ptr<const GraphSnapshot>> BuildSnapshot(uint64_t generation) const;
  std::string SnapshotPath() const;

  std::unique_ptr<Kv> kv_;
  const std::string dir_;
  // The snapshot last loaded or built; replaced when the store moves on.
  mutable std::mutex snapshot_mu_;
  mutable std::shared_ptr<const GraphSnapshot> snapshot_;
  // Point reads of the current generation, for every reader.
  mutable ReadCache read_cache_;
  uint64_t open_sequence_ = 0;       // Kv::Sequence() after Init.
  uint64_t open_article_count_ = 0;  // Articles at open: later ids are new.

  const bool defer_bulk_load_;
  std::mutex write_mu_;  // Serialises PutArticle and guards the members below.
  // While deferring_ holds, BulkLoad stages its chunks (CommitDeferred).
  // It is set at open only: the store was empty, its folder can stage.
  bool deferring_ = false;
  // Article name keys and ids of the chunks staged, in id order.
  std::vector<std::pair<std::string, ArticleId>> deferred_article_names_;
  // Not ok once a deferred commit failed: the caches no longer match the
  // store, so every later write fails with it.
  Status broken_ = Status::Ok();
  std::unordered_set<ArticleId> replaced_since_open_;
  uint64_t entity_count_ = 0;
  uint64_t article_count_ = 0;
  uint64_t triple_count_ = 0;
  NameIndex id_by_name_;  // Normalised canonical name -> id.
  // Stage's scratch, per incoming entity (under write_mu_).
  std::vector<EntityId> stage_ids_;
  std::vector<EntityState*> stage_states_;
  std::vector<uint64_t> stage_degrees_;
  std::vector<uint64_t> stage_hashes_;
  std::vector<uint64_t> stage_known_;
  std::vector<uint64_t> stage_text_hashes_;  // BulkLoad's, per article of the chunk.
  // The store held no entity and no article at open, so everything in it
  // was written by this process: written_article_hashes_ holds the hash of
  // every article key written since, and while names_complete_ stays true,
  // id_by_name_ holds every entity. Stage then skips the Kv reads of keys
  // that cannot be there.
  bool empty_at_open_ = false;
  bool names_complete_ = false;
  HashSet64 written_article_hashes_;
  // The writer's entity cache, by id (ids are dense): the state of entity
  // `id` is cached_states_[id] when is_cached_[id] is set. A batch moves the
  // states it touches out, and Publish moves them back.
  std::vector<EntityState> cached_states_;
  std::vector<bool> is_cached_;
  size_t cached_count_ = 0;
  // While keep_edges_ holds (a store in a folder that was empty at open,
  // no article replaced since, not too many triples), edges_since_open_
  // holds the snapshot edge of every fact row in the store, in the order
  // written: WriteSnapshot builds the snapshot from them instead of reading
  // the fact table back.
  bool keep_edges_ = false;
  std::vector<SnapshotEdge> edges_since_open_;
};

Status KvStore::Init() {
  std::string value;
  Status s = kv_->Get(coding::MetaKey(coding::kMetaVersion), &value);
  if (s.IsNotFound()) {
    auto it = kv_->NewIterator();
    it->Seek("");
    if (!it->status().ok()) return it->status();
    if (it->Valid()) return Status::Corruption("not a geokg database: no format version key");
    if (kv_->read_only()) return Status::Ok();  // Empty: every counter is zero.
    KvBatch batch;
    std::string version;
    coding::PutFixed32(&version, coding::kFormatVersion);
    batch.Put(coding::MetaKey(coding::kMetaVersion), version);
    for (std::string_view name :
         {coding::kMetaEntities, coding::kMetaArticles, coding::kMetaTriples}) {
      std::string zero;
      coding::PutFixed64(&zero, 0);
      batch.Put(coding::MetaKey(name), zero);
    }
    Status written = kv_->Write(batch);
    open_sequence_ = kv_->Sequence();
    empty_at_open_ = names_complete_ = written.ok();
    keep_edges_ = empty_at_open_ && !dir_.empty();
    deferring_ = keep_edges_ && defer_bulk_load_ && kv_->CanStage();
    return written;
  }
  if (!s.ok()) return s;
  if (value.size() != 4) return Status::Corruption("malformed format version key");
  const uint32_t version = coding::DecodeFixed32(value.data());
  if (version != coding::kFormatVersion) {
    return Status::Corruption("unknown format version " + std::to_string(version) +
                              " (this build reads version " +
                              std::to_string(coding::kFormatVersion) + ")");
  }
  Status c = GetCounter(coding::kMetaEntities, &entity_count_);
  if (c.ok()) c = GetCounter(coding::kMetaArticles, &article_count_);
  if (c.ok()) c = GetCounter(coding::kMetaTriples, &triple_count_);
  open_sequence_ = kv_->Sequence();
  open_article_count_ = article_count_;
  // The counters say how many ids were ever given out: all zero, nothing
  // was stored.
  empty_at_open_ = names_complete_ =
      c.ok() && entity_count_ == 0 && article_count_ == 0 && triple_count_ == 0;
  keep_edges_ = empty_at_open_ && !dir_.empty();
  deferring_ = keep_edges_ && defer_bulk_load_ && kv_->CanStage();
  return c;
}

Status KvStore::GetCounter(std::string_view name, uint64_t* value) const {
  std::string raw;
  Status s = kv_->Get(coding::MetaKey(name), &raw);
  if (s.IsNotFound()) {
    *value = 0;
    return Status::Ok();
  }
  if (!s.ok()) return s;
  if (raw.size() != 8) return Status::Corruption("malformed counter " + std::string(name));
  *value = coding::DecodeFixed64(raw.data());
  return Status::Ok();
}

Status KvStore::CachedGet(const std::string& key, std::string* value) const {
  if (!read_cache_.enabled()) return kv_->Get(key, value);
  const uint64_t generation = kv_->Sequence();
  if (read_cache_.Lookup(generation, key, value)) return Status::Ok();
  Status s = kv_->Get(key, value);
  // A write between the two sequence reads may be what this read saw: the
  // value is then not kept under the old generation.
  if (s.ok() && kv_->Sequence() == generation) read_cache_.Insert(generation, key, *value);
  return s;
}

Result<StoredEntity> KvStore::GetEntity(EntityId id) const {
  std::string value;
  Status s = CachedGet(coding::EntityKey(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no entity with id " + std::to_string(id));
  if (!s.ok()) return s;
  StoredEntity entity;
  if (!coding::DecodeEntity(id, value, &entity)) {
    return Status::Corruption("malformed entity record " + std::to_string(id));
  }
  return entity;
}

Result<EntityType> KvStore::GetEntityType(EntityId id) const {
  Result<StoredEntity> entity = GetEntity(id);
  if (!entity.ok()) return entity.status();
  return entity->type;
}

Result<StoredArticle> KvStore::GetArticle(ArticleId id) const {
  std::string value;
  Status s = CachedGet(coding::ArticleKey(id), &value);
  if (s.IsNotFound()) return Status::NotFound("no article with id " + std::to_string(id));
  if (!s.ok()) return s;
  StoredArticle article;
  if (!coding::DecodeArticle(id, value, &article)) {
    return Status::Corruption("malformed article record " + std::to_string(id));
  }
  return article;
}

Result<StoredTriple> KvStore::GetFact(ArticleId article, uint32_t ordinal) const {
  std::string value;
  Status s = CachedGet(coding::FactKey(article, ordinal), &value);
  const std::string where = std::to_string(article) + "/" + std::to_string(ordinal);
  if (s.IsNotFound()) return Status::Corruption("index entry without fact " + where);
  if (!s.ok()) return s;
  StoredTriple t;
  if (!coding::DecodeFact(article, ordinal, value, &t)) {
    return Status::Corruption("malformed fact " + where);
  }
  return t;
}

Result<uint64_t> KvStore::Degree(EntityId entity) const {
  std::string value;
  Status s = CachedGet(coding::DegreeKey(entity), &value);
  if (s.IsNotFound()) return Status::NotFound("no entity with id " + std::to_string(entity));
  if (!s.ok()) return s;
  if (value.size() != 8) return Status::Corruption("malformed degree of " + std::to_string(entity));
  return coding::DecodeFixed64(value.data());
}

Result<StoreStats> KvStore::Stats() const {
  StoreStats stats;
  Status s = GetCounter(coding::kMetaEntities, &stats.entities);
  if (s.ok()) s = GetCounter(coding::kMetaArticles, &stats.articles);
  if (s.ok()) s = GetCounter(coding::kMetaTriples, &stats.triples);
  if (!s.ok()) return s;
  return stats;
}

Result<StoredEntity> KvStore::FindEntity(std::string_view name) const {
  const std::string normalized = coding::NormalizeName(name);
  if (normalized.empty()) return Status::NotFound("empty entity name");
  // A canonical name wins over an alias of another entity.
  std::string value;
  Status s = CachedGet(coding::EntityNameKey(normalized), &value);
  if (s.ok()) {
    if (value.size() != 4) return Status::Corruption("malformed name entry " + Quote(name));
    return GetEntity(coding::DecodeFixed32(value.data()));
  }
  if (!s.IsNotFound()) return s;

  const std::string prefix = coding::AliasPrefix(normalized);
  auto it = kv_->NewIterator();
  std::optional<EntityId> best;
  uint64_t best_degree = 0;
  for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix; it->Next()) {
    EntityId id = 0;
    if (!coding::ParseAliasKey(it->key(), &id)) return Status::Corruption("malformed alias key");
    Result<uint64_t> degree = Degree(id);
    if (!degree.ok()) return degree.status();
    if (!best || *degree > best_degree) {  // Keys ascend by id: ties keep the oldest.
      best = id;
      best_degree = *degree;
    }
  }
  if (!it->status().ok()) return it->status();
  if (!best) return Status::NotFound("no entity named " + Quote(name));
  return GetEntity(*best);
}

std::vector<std::string> KvStore::Suggest(std::string_view name, size_t limit) const {
  const std::string query = coding::NormalizeName(name);
  if (query.empty() || limit == 0) return {};
  struct Candidate {
    MatchRank rank;
    uint64_t degree = 0;
    std::string name;
  };
  std::vector<Candidate> candidates;
  Status s = ForEachEntity([&](const StoredEntity& e) {
    std::optional<MatchRank> best = RankMatch(query, coding::NormalizeName(e.name));
    for (const std::string& alias : e.aliases) {
      std::optional<MatchRank> r = RankMatch(query, coding::NormalizeName(alias));
      if (r && (!best || *r < *best)) best = r;
    }
    if (best) {
      Result<uint64_t> degree = Degree(e.id);
      candidates.push_back(Candidate{*best, degree.ok() ? *degree : 0, e.name});
    }
    return true;
  });
  if (!s.ok()) return {};
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.rank < b.rank || b.rank < a.rank) return a.rank < b.rank;
    if (a.degree != b.degree) return a.degree > b.degree;
    return a.name < b.name;
  });
  std::vector<std::string> names;
  for (size_t i = 0; i < candidates.size() && names.size() < limit; ++i) {
    names.push_back(std::move(candidates[i].name));
  }
  return names;
}

Status KvStore::ForEachEntity(const std::function<bool(const StoredEntity&)>& fn) const {
  const std::string prefix(1, static_cast<char>(Table::kEntity));
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && it->key()[0] == prefix[0]; it->Next()) {
    std::string_view key = it->key();
    StoredEntity entity;
    if (key.size() != 5 ||
        !coding::DecodeEntity(coding::DecodeFixed32(key.data() + 1), it->value(), &entity)) {
      return Status::Corruption("malformed entity record");
    }
    if (!fn(entity)) return Status::Ok();
  }
  return it->status();
}

Status KvStore::ForEachArticle(const std::function<bool(const StoredArticle&)>& fn) const {
  const std::string prefix(1, static_cast<char>(Table::kArticle));
  auto it = kv_->NewIterator();
  for (it->Seek(prefix); it->Valid() && it->key()[0] == prefix[0]; it->Next()) {
    std::string_view key = it->key();
    StoredArticle article;
    if (key.size() != 5 ||
        !coding::DecodeArticle(coding::DecodeFixed32(key.data() + 1), it->value(), &article)) {
      return Status::Corruption("malformed article record");
    }
    if (!fn(article)) return Status::Ok();
  }
  return it->status();
}

Result<bool> KvStore::AcceptsTypes(const TripleFilter& filter, const StoredTriple& t,
                                   std::unordered_map<EntityId, EntityType>* types) const {
  if (filter.entity_types.empty()) return true;
  for (EntityId id : {t.subject, t.object}) {
    auto it = types->find(id);
    if (it == types->end()) {
      Result<EntityType> type = GetEntityType(id);
      if (!type.ok()) return type.status();
      it = types->emplace(id, *type).first;
    }
    if (std::find(filter.entity_types.begin(), filter.entity_types.end(), it->second) ==
        filter.entity_types.end()) {
      return false;
    }
  }
  return true;
}

Status KvStore::ForEachTriple(const TripleFilter& filter,
                              const std::function<bool(const StoredTriple&)>& fn) const {
  std::unordered_map<EntityId, EntityType> types;
  auto it = kv_->NewIterator();
  const char table = static_cast<char>(Table::kFact);
  for (it->Seek(std::string(1, table)); it->Valid() && it->key()[0] == table; it->Next()) {
    ArticleId article = 0;
    uint32_t ordinal = 0;
    StoredTriple t;
    if (!coding::ParseFactKey(it->key(), &article, &ordinal) ||
        !coding::DecodeFact(article, ordinal, it->value(), &t)) {
      return Status::Corruption("malformed fact record");
    }
    if (!filter.Accepts(t)) continue;
    Result<bool> typed = AcceptsTypes(filter, t, &types);
    if (!typed.ok()) return typed.status();
    if (*typed && !fn(t)) return Status::Ok();
  }
  return it->status();
}

// The inclusive range of date keys a filter's window selects; unknown dates
// (0) are inside only when the window is open on both sides.
std::pair<uint32_t, uint32_t> DateRange(const TripleFilter& filter) {
  uint32_t from = 0;
  if (filter.since.known()) {
    from = filter.since.yyyymmdd;
  } else if (filter.until.known()) {
    from = 1;
  }
  const uint32_t to = filter.until.known() ? filter.until.yyyymmdd : UINT32_MAX;
  return {from, to};
}

Status KvStore::WalkIndex(Table table, EntityId entity, const TripleFilter& filter,
                          const std::function<Result<bool>(const coding::IndexEntry&)>& fn) const {
  // Plain variables, not a structured binding: lambdas below capture them.
  const auto date_range = DateRange(filter);
  const uint32_t from = date_range.first;
  const uint32_t to = date_range.second;
  const bool windowed = from > 0 || to < UINT32_MAX;
  bool relation_wanted[kRelationCount] = {};
  for (Relation r : filter.relations) relation_wanted[static_cast<int>(r)] = true;
  const bool all_relations = filter.relations.empty();

  // Seek once per wanted relation when that skips much of the prefix;
  // otherwise walk the entity's whole prefix and filter keys.
  bool per_relation = !all_relations;
  if (all_relations && windowed) {
    Result<uint64_t> degree = Degree(entity);
    per_relation = degree.ok() && *degree > kSeekPerRelationDegree;
  }

  auto it = kv_->NewIterator();
  const std::string prefix = coding::IndexPrefix(table, entity);
  // Visits the entries from the iterator's position while their key starts
  // with `run`. A per-relation run is in date order, so it ends at the first
  // date past the window. Sets *stopped when fn asked to stop.
  auto walk = [&](std::string_view run, bool date_ordered, bool* stopped) -> Status {
    for (; it->Valid() && it->key().substr(0, run.size()) == run; it->Next()) {
      coding::IndexEntry e;
      if (!coding::ParseIndexKey(it->key(), &e)) return Status::Corruption("malformed index key");
      if (!all_relations && !relation_wanted[static_cast<int>(e.relation)]) continue;
      if (e.date.yyyymmdd > to) {
        if (date_ordered) break;
        continue;
      }
      if (e.date.yyyymmdd < from) continue;
      Result<bool> more = fn(e);
      if (!more.ok()) return more.status();
      if (!*more) {
        *stopped = true;
        return Status::Ok();
      }
    }
    return it->status();
  };

  bool stopped = false;
  if (!per_relation) {
    it->Seek(prefix);
    return walk(prefix, false, &stopped);
  }
  for (int r = 0; r < kRelationCount && !stopped; ++r) {
    if (!all_relations && !relation_wanted[r]) continue;
    const std::string run = prefix + static_cast<char>(r);
    it->Seek(coding::IndexSeekKey(table, entity, static_cast<Relation>(r), Date{from}));
    Status s = walk(run, true, &stopped);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status KvStore::ScanIndex(Table table, EntityId entity, const TripleFilter& filter,
                          const std::function<bool(const StoredTriple&)>& fn) const {
  std::unordered_map<EntityId, EntityType> types;
  return WalkIndex(table, entity, filter, [&](const coding::IndexEntry& e) -> Result<bool> {
    Result<StoredTriple> t = GetFact(e.article, e.ordinal);
    if (!t.ok()) return t.status();
    Result<bool> typed = AcceptsTypes(filter, *t, &types);
    if (!typed.ok()) return typed.status();
    return !*typed || fn(*t);
  });
}

Status KvStore::ScanRefs(EntityId entity, bool outgoing, const TripleFilter& filter,
                         const std::function<bool(const TripleRef&)>& fn) const {
  const Table table = outgoing ? Table::kOut : Table::kIn;
  return WalkIndex(table, entity, filter, [&](const coding::IndexEntry& e) -> Result<bool> {
    TripleRef ref;
    ref.subject = outgoing ? e.entity : e.other;
    ref.object = outgoing ? e.other : e.entity;
    ref.relation = e.relation;
    ref.date = e.date;
    ref.article = e.article;
    ref.ordinal = e.ordinal;
    return fn(ref);
  });
}

Status KvStore::ScanByTime(const TripleFilter& filter,
                           const std::function<bool(const StoredTriple&)>& fn) const {
  const auto date_range = DateRange(filter);
  const uint32_t from = date_range.first;
  const uint32_t to = date_range.second;
  bool relation_wanted[kRelationCount] = {};
  for (Relation r : filter.relations) relation_wanted[static_cast<int>(r)] = true;
  std::unordered_map<EntityId, EntityType> types;
  auto it = kv_->NewIterator();
  const char table = static_cast<char>(Table::kTime);
  for (it->Seek(coding::TimeSeekKey(Date{from})); it->Valid() && it->key()[0] == table;
       it->Next()) {
    coding::TimeEntry e;
    if (!coding::ParseTimeKey(it->key(), &e) || it->value().size() != 1) {
      return Status::Corruption("malformed time index entry");
    }
    if (e.date.yyyymmdd > to) break;
    const auto relation = static_cast<uint8_t>(it->value()[0]);
    if (relation >= kRelationCount) return Status::Corruption("malformed time index entry");
    if (!filter.relations.empty() && !relation_wanted[relation]) continue;
    Result<StoredTriple> t = GetFact(e.article, e.ordinal);
    if (!t.ok()) return t.status();
    Result<bool> typed = AcceptsTypes(filter, *t, &types);
    if (!typed.ok()) return typed.status();
    if (*typed && !fn(*t)) return Status::Ok();
  }
  return it->status();
}

Result<KvStore::EntityState*> KvStore::LoadEntity(EntityId id, Pending* pending) {
  // A deferred load changes its cache in place: it holds every entity, and
  // a chunk that fails ends the load.
  if (deferring_) return &cached_states_[id];
  if (EntityState* staged = pending->Find(id)) return staged;
  EntityState state;
  if (id < is_cached_.size() && is_cached_[id]) {
    // Moved, not copied: Publish puts it back; after a failed write it is
    // read from the Kv again.
    state = std::move(cached_states_[id]);
    cached_states_[id] = EntityState();
    is_cached_[id] = false;
    --cached_count_;
  } else {
    Result<StoredEntity> entity = GetEntity(id);
    if (!entity.ok()) return entity.status();
    Result<uint64_t> degree = Degree(id);
    if (!degree.ok()) return degree.status();
    state.entity = std::move(entity).value();
    state.degree = *degree;
    for (const std::string& alias : state.entity.aliases) {
      state.alias_keys.insert(coding::NormalizeName(alias));
    }
  }
  return pending->Add(id, std::move(state));
}

Result<PutOutcome> KvStore::PutArticle(const ArticleExtraction& extraction) {
  if (kv_->read_only()) return Status::InvalidArgument("store opened read-only");
  try {
    std::lock_guard<std::mutex> lock(write_mu_);
    return PutArticleLocked(extraction);
  } catch (const std::exception& e) {
    return Status::IOError(std::string("PutArticle failed: ") + e.what());
  }
}

template <typename Chunk>
Result<BulkLoadResult> KvStore::BulkLoadGuarded(const Chunk& chunk) {
  if (kv_->read_only()) return Status::InvalidArgument("store opened read-only");
  try {
    std::lock_guard<std::mutex> lock(write_mu_);
    return BulkLoadLocked(chunk);
  } catch (const std::exception& e) {
    return Status::IOError(std::string("BulkLoad failed: ") + e.what());
  }
}

Result<BulkLoadResult> KvStore::BulkLoad(const std::vector<ArticleExtraction>& chunk) {
  return BulkLoadGuarded(chunk);
}

Result<BulkLoadResult> KvStore::BulkLoad(const FlatChunk& chunk) { return BulkLoadGuarded(chunk); }

Result<PutOutcome> KvStore::PutArticleLocked(const ArticleExtraction& extraction) {
  const ExtractionArticle x(extraction);
  if (!broken_.ok()) return broken_;
  if (deferring_) {
    Status committed = CommitDeferred();
    if (!committed.ok()) return committed;
  }
  Checked checked;
  Status valid = Check(x, &checked);
  if (!valid.ok()) return valid;
  Pending pending = NewPending();
  KvBatch batch;
  Result<PutOutcome> outcome =
      Stage(x, coding::Fnv1a64(extraction.article.text), checked, &pending, &batch);
  if (!outcome.ok() || *outcome == PutOutcome::kUnchanged) return outcome;
  Finish(pending, &batch);
  Status written = kv_->Write(batch);
  if (!written.ok()) return written;
  Publish(&pending);
  return outcome;
}

template <typename Chunk>
Result<BulkLoadResult> KvStore::BulkLoadLocked(const Chunk& chunk) {
  if (!broken_.ok()) return broken_;
  if (deferring_ && !CanDefer(chunk)) {
    Status committed = CommitDeferred();
    if (!committed.ok()) return committed;
  }
  if (deferring_) {
    // Room for every entity the chunk might create (Stage adds them in
    // place).
    size_t most = cached_states_.size();
    for (size_t i = 0; i < ChunkSize(chunk); ++i) most += ChunkArticle(chunk, i).entity_count();
    if (cached_states_.capacity() <= most) {
      cached_states_.reserve(std::max(most + 1, 2 * cached_states_.capacity()));
      is_cached_.reserve(cached_states_.capacity());
    }
  }
  BulkLoadResult result;
  Pending pending = NewPending();
  // Four keys a triple, a few an article and an entity.
  size_t expected_ops = 0;
  for (size_t i = 0; i < ChunkSize(chunk); ++i) {
    expected_ops += 4 * ChunkArticle(chunk, i).triple_count() + 8;
  }
  KvBatch batch;
  batch.Reserve(expected_ops + expected_ops / 4);
  // Writes what is staged as one ingested file and starts a new step.
  auto flush = [&]() -> Status {
    if (pending.articles.empty() && pending.article_names.empty()) {
      return Status::Ok();  // All unchanged or rejected.
    }
    Status written = Status::Ok();
    if (deferring_) {
      // Entities, degrees and counters are written at the commit.
      written = kv_->StageBatch(std::move(batch));
      if (!written.ok()) {
        // The chunk's entity states are lost with it: the load cannot be
        // committed consistently, so none of it will be.
        deferring_ = false;
        kv_->DropStaged();
        broken_ =
            Status::IOError("the bulk load could not be staged, and nothing of it was stored (" +
                            written.ToString() + "); open the store again");
        return broken_;
      }
    } else {
      Finish(pending, &batch);
      written = kv_->Ingest(batch);
    }
    if (!written.ok()) return written;
    Publish(&pending);
    pending = NewPending();
    batch = KvBatch();
    batch.Reserve(expected_ops + expected_ops / 4);
    return Status::Ok();
  };
  Checked checked;
  std::string article_key;  // Scratch.
  // The content hashes of the chunk's texts, several at a time.
  std::vector<uint64_t>& hashes = stage_text_hashes_;
  {
    std::vector<std::string_view> texts(ChunkSize(chunk));
    for (size_t i = 0; i < texts.size(); ++i) texts[i] = ChunkArticle(chunk, i).text();
    hashes.resize(texts.size());
    coding::Fnv1a64Many(texts.data(), texts.size(), hashes.data());
  }
  for (size_t i = 0; i < ChunkSize(chunk); ++i) {
    const auto x = ChunkArticle(chunk, i);
    checked.Clear();
    Status valid = Check(x, &checked);
    if (!valid.ok()) {
      result.rejected.emplace_back(i, std::move(valid));
      continue;
    }
    // A second version of an article staged in this step compares with the
    // first one, which must be in the store for that (a deferred chunk has
    // none: CanDefer).
    if (!deferring_ && pending.articles.count(article_key.assign(x.id())) != 0) {
      Status s = flush();
      if (!s.ok()) return s;
    }
    Result<PutOutcome> outcome = Stage(x, hashes[i], checked, &pending, &batch);
    if (!outcome.ok()) {
      if (deferring_) {
        // The cache may be half-changed: the load cannot be committed.
        deferring_ = false;
        kv_->DropStaged();
        broken_ = Status::IOError("the bulk load failed, and nothing of it was stored (" +
                                  outcome.status().ToString() + "); open the store again");
      }
      return outcome.status();
    }
    switch (*outcome) {
      case PutOutcome::kAdded:
        ++result.added;
        result.triples += x.triple_count();
        break;
      case PutOutcome::kReplaced:
        ++result.replaced;
        result.triples += x.triple_count();
        break;
      case PutOutcome::kUnchanged:
        ++result.unchanged;
        break;
    }
  }
  Status s = flush();
  if (!s.ok()) return s;
  return result;
}

template <typename Source>
Status KvStore::Check(const Source& x, Checked* checked) {
  // Built only for an error message.
  auto where = [&x] { return "article " + Quote(x.id()); };
  if (x.id().empty()) return Status::InvalidArgument("article without an id");
  if (!IsValidOrUnknown(x.date())) {
    return Status::InvalidArgument(where() + ": invalid date " + std::to_string(x.date().yyyymmdd));
  }

  // Merge the extraction's entities by normalised canonical name.
  std::vector<Incoming>& incoming = checked->incoming;
  // Normalised name -> index in `incoming`: a linear search while the
  // article has few entities (most do), a hash map past that.
  std::unordered_map<std::string, size_t> incoming_index;
  const size_t entity_count = x.entity_count();
  const bool use_map = entity_count > kExactNameScan;
  auto find_key = [&](const std::string& key) -> std::optional<size_t> {
    if (use_map) {
      auto found = incoming_index.find(key);
      if (found == incoming_index.end()) return std::nullopt;
      return found->second;
    }
    for (size_t k = 0; k < incoming.size(); ++k) {
      if (incoming[k].key == key) return k;
    }
    return std::nullopt;
  };
  std::vector<size_t>& mention_index = checked->mention_index;
  mention_index.reserve(entity_count);
  std::string& key = checked->key;
  for (size_t e = 0; e < entity_count; ++e) {
    // The reader wrote the records a chunk ago, on another core: their
    // strings are fetched a few records ahead.
    if (e + kRecordsAhead < entity_count) x.PrefetchEntity(e + kRecordsAhead);
    const std::string_view name = x.entity_name(e);
    const EntityType type = x.entity_type(e);
    coding::NormalizeNameInto(name, &key);
    if (key.empty()) return Status::InvalidArgument(where() + ": entity with an empty name");
    if (static_cast<uint8_t>(type) > static_cast<uint8_t>(EntityType::kOther)) {
      return Status::InvalidArgument(where() + ": entity " + Quote(name) + " has an invalid type");
    }
    std::optional<size_t> index = find_key(key);
    if (!index) {
      index = incoming.size();
      if (use_map) incoming_index.emplace(key, *index);
      Incoming& in = checked->AddIncoming();
      in.name = name;
      in.key.assign(key);
      in.type = type;
      in.surfaces.clear();
      in.surfaces.push_back(name);
    }
    mention_index.push_back(*index);
    Incoming& in = incoming[*index];
    if (in.type == EntityType::kOther) in.type = type;
    for (size_t k = 0, n = x.mention_count(e); k < n; ++k) {
      const std::string_view surface = x.mention(e, k);
      if (!NormalizesToEmpty(surface)) in.surfaces.push_back(surface);
    }
  }
  // A triple names its entities mostly by the very strings of their
  // records: an exact match finds the index without normalising.
  auto find_endpoint = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t e = 0; e < entity_count && e < kExactNameScan; ++e) {
      if (x.entity_name(e) == name) return mention_index[e];
    }
    coding::NormalizeNameInto(name, &key);
    return find_key(key);
  };
  // A flat chunk's triples name their entities by record index.
  auto at_index = [&](uint32_t e) -> std::optional<size_t> {
    if (e >= entity_count) return std::nullopt;
    return mention_index[e];
  };

  // Validate every triple before anything is written.
  std::vector<std::pair<size_t, size_t>>& endpoints = checked->endpoints;
  const size_t triple_count = x.triple_count();
  endpoints.reserve(triple_count);
  for (size_t i = 0; i < triple_count; ++i) {
    if (i + kRecordsAhead < triple_count) x.PrefetchTriple(i + kRecordsAhead);
    const TripleFields t = x.triple(i);
    std::optional<size_t> s;
    std::optional<size_t> o;
    if constexpr (Source::kIndexed) {
      s = at_index(x.subject_index(i));
      o = at_index(x.object_index(i));
    } else {
      s = find_endpoint(x.subject_name(i));
      o = find_endpoint(x.object_name(i));
    }
    auto tw = [&] { return where() + ", triple " + std::to_string(i); };
    auto named = [&](std::string_view name) {
      return Source::kIndexed ? std::string() : Quote(name) + " ";
    };
    if (!s) {
      return Status::InvalidArgument(tw() + ": subject " + named(x.subject_name(i)) +
                                     "is not among the article's entities");
    }
    if (!o) {
      return Status::InvalidArgument(tw() + ": object " + named(x.object_name(i)) +
                                     "is not among the article's entities");
    }
    if (static_cast<int>(t.relation) >= kRelationCount) {
      return Status::InvalidArgument(tw() + ": invalid relation");
    }
    if (!(t.confidence >= 0.0f && t.confidence <= 1.0f)) {
      return Status::InvalidArgument(tw() + ": confidence outside [0, 1]");
    }
    if (!IsValidOrUnknown(t.date)) return Status::InvalidArgument(tw() + ": invalid date");
    if (t.sentence < 0) return Status::InvalidArgument(tw() + ": negative sentence index");
    endpoints.emplace_back(*s, *o);
  }
  return Status::Ok();
}

KvStore::Pending KvStore::NewPending() const {
  Pending pending;
  pending.entity_count = entity_count_;
  pending.article_count = article_count_;
  pending.triple_count = triple_count_;
  return pending;
}

template <typename Source>
Result<PutOutcome> KvStore::Stage(const Source& x, uint64_t hash, const Checked& checked,
                                  Pending* pending, KvBatch* batch) {
  const std::string_view article_key = x.id();
  // Built only for an error message.
  auto where = [&article_key] { return "article " + Quote(article_key); };
  const std::vector<Incoming>& incoming = checked.incoming;

  // The article: new, unchanged, or replaced.
  PutOutcome outcome = PutOutcome::kAdded;
  ArticleId article_id = 0;
  {
    std::string value;
    // In a store that was empty at open, an article whose key hash was
    // never written since is not stored: no need to ask the Kv.
    // While deferring, CanDefer has made sure of that for the whole chunk.
    Status s = deferring_ || (empty_at_open_ && !written_article_hashes_.Contains(
                                                    std::hash<std::string_view>()(article_key)))
                   ? Status::NotFound("not written since open")
                   : kv_->Get(coding::ArticleNameKey(article_key), &value);
    if (s.ok()) {
      if (value.size() != 4) return Status::Corruption(where() + ": malformed article name entry");
      article_id = coding::DecodeFixed32(value.data());
      Result<StoredArticle> old = GetArticle(article_id);
      if (!old.ok()) return old.status();
      if (old->content_hash == hash) return PutOutcome::kUnchanged;
      outcome = PutOutcome::kReplaced;
      pending->replaced.push_back(article_id);
    } else if (s.IsNotFound()) {
      if (pending->article_count >= UINT32_MAX) {
        return Status::InvalidArgument("article ids exhausted");
      }
      article_id = static_cast<ArticleId>(pending->article_count++);
      if (deferring_) {
        pending->article_names.emplace_back(std::string(article_key), article_id);
      } else {
        std::string id_value;
        coding::PutFixed32(&id_value, article_id);
        batch->Put(coding::ArticleNameKey(article_key), id_value);
      }
    } else {
      return s;
    }
  }
  if (!deferring_) pending->articles.emplace(article_key);  // Deferring: article_names.

  // Replace: drop every index entry and fact row of the old version, found
  // through the article's fact prefix.
  if (outcome == PutOutcome::kReplaced) {
    const std::string prefix = coding::FactPrefix(article_id);
    auto it = kv_->NewIterator();
    for (it->Seek(prefix); it->Valid() && it->key().substr(0, prefix.size()) == prefix;
         it->Next()) {
      ArticleId a = 0;
      uint32_t ordinal = 0;
      StoredTriple t;
      if (!coding::ParseFactKey(it->key(), &a, &ordinal) ||
          !coding::DecodeFact(a, ordinal, it->value(), &t)) {
        return Status::Corruption(where() + ": malformed fact record");
      }
      batch->Delete(coding::OutKey(t));
      batch->Delete(coding::InKey(t));
      batch->Delete(coding::TimeKey(t));
      batch->Delete(std::string(it->key()));
      for (EntityId id : {t.subject, t.object}) {
        Result<EntityState*> state = LoadEntity(id, pending);
        if (!state.ok()) return state.status();
        if ((*state)->degree == 0) return Status::Corruption(where() + ": degree underflow");
        (*state)->degree--;
        if (t.subject == t.object) break;  // A self-loop counts once.
      }
      if (pending->triple_count == 0) {
        return Status::Corruption(where() + ": triple count underflow");
      }
      pending->triple_count--;
    }
    if (!it->status().ok()) return it->status();
  }

  // Resolve every entity to an id, creating the new ones, and accumulate
  // aliases.
  std::vector<EntityId>& ids = stage_ids_;
  std::vector<EntityState*>& states = stage_states_;
  ids.assign(incoming.size(), 0);
  states.assign(incoming.size(), nullptr);
  // The loop below would wait on memory three times an entity, one miss
  // after the other: its name's slot, its state, its aliases. They are
  // fetched for all of the article's entities first, so that the misses
  // overlap.
  // The ids found by name, kUnknownId for none. Copied out: a deferred load
  // adds its new names to id_by_name_ as it goes, which moves its slots.
  constexpr uint64_t kUnknownId = UINT64_MAX;
  std::vector<uint64_t>& known = stage_known_;
  known.assign(incoming.size(), kUnknownId);
  {
    std::vector<uint64_t>& hashes = stage_hashes_;
    hashes.resize(incoming.size());
    for (size_t i = 0; i < incoming.size(); ++i) {
      hashes[i] = NameIndex::Hash(incoming[i].key);
      id_by_name_.Prefetch(hashes[i]);
    }
    for (size_t i = 0; i < incoming.size(); ++i) {
      const EntityId* found = id_by_name_.Find(incoming[i].key, hashes[i]);
      if (found == nullptr) continue;
      known[i] = *found;
      if (*found < cached_states_.size()) __builtin_prefetch(&cached_states_[*found]);
    }
    for (size_t i = 0; i < incoming.size(); ++i) {
      if (known[i] < cached_states_.size()) {
        __builtin_prefetch(cached_states_[known[i]].entity.aliases.data());
      }
    }
  }
  for (size_t i = 0; i < incoming.size(); ++i) {
    const Incoming& in = incoming[i];
    const std::string& key = in.key;
    std::optional<EntityId> id;
    if (known[i] != kUnknownId) {
      id = static_cast<EntityId>(known[i]);
    } else if (auto n = pending->new_names.find(key); n != pending->new_names.end()) {
      id = n->second;  // Created earlier in this batch.
    } else if (!names_complete_) {
      // Every entity of a store that was empty at open is in id_by_name_
      // (until the cache is cleared): only otherwise can the name be stored
      // without being known.
      std::string value;
      Status s = kv_->Get(coding::EntityNameKey(key), &value);
      if (s.ok()) {
        if (value.size() != 4) return Status::Corruption("malformed name entry " + Quote(in.name));
        id = coding::DecodeFixed32(value.data());
      } else if (!s.IsNotFound()) {
        return s;
      }
    }
    EntityState* state = nullptr;
    if (id) {
      Result<EntityState*> loaded = LoadEntity(*id, pending);
      if (!loaded.ok()) return loaded.status();
      state = *loaded;
      if (state->entity.type == EntityType::kOther && in.type != EntityType::kOther) {
        state->entity.type = in.type;
        if (!deferring_) pending->dirty_record.insert(*id);
      }
    } else {
      if (pending->entity_count >= UINT32_MAX) {
        return Status::InvalidArgument("entity ids exhausted");
      }
      id = static_cast<EntityId>(pending->entity_count++);
      if (!deferring_) {
        std::string id_value;
        coding::PutFixed32(&id_value, *id);
        batch->Put(coding::EntityNameKey(key), id_value);
      }
      if (deferring_) {
        // Deferring, the name cache too is changed in place (a failure
        // ends the load).
        id_by_name_.Insert(key, *id);
      } else {
        pending->new_names.emplace(key, *id);
      }
      if (deferring_) {
        // In the cache, in place; BulkLoadLocked reserved its capacity for
        // the chunk, so the states pointed to do not move.
        if (cached_states_.size() != *id || cached_states_.size() == cached_states_.capacity()) {
          return Status::Corruption("deferred bulk load: entity cache out of step");
        }
        state = &cached_states_.emplace_back();
        is_cached_.push_back(true);
        ++cached_count_;
      } else {
        state = pending->Add(*id, EntityState());
        pending->dirty_record.insert(*id);
      }
      state->entity.id = *id;
      state->entity.name.assign(in.name);
      state->entity.type = in.type;
    }
    ids[i] = *id;
    states[i] = state;
    std::vector<std::string>& aliases = state->entity.aliases;
    for (const std::string_view surface : in.surfaces) {
      // Mostly an alias already: while the list is short, a scan that
      // compares lengths first finds it with about one byte comparison,
      // where a binary search compares bytes at every step.
      if (aliases.size() <= kAliasScan) {
        bool already = false;
        for (const std::string& alias : aliases) {
          if (alias.size() == surface.size() && alias == surface) {
            already = true;
            break;
          }
        }
        if (already) continue;
      }
      auto pos = std::lower_bound(aliases.begin(), aliases.end(), surface);
      // A stored alias has its normalised form in alias_keys already.
      if (pos != aliases.end() && *pos == surface) continue;
      aliases.insert(pos, std::string(surface));
      if (!deferring_) pending->dirty_record.insert(*id);
      std::string alias_key = coding::NormalizeName(surface);
      if (state->alias_keys.insert(alias_key).second && !deferring_) {
        batch->Put(coding::AliasKey(alias_key, *id), "");
      }
    }
  }

  // The new triples: three index entries and one fact row each.
  std::vector<uint64_t>& degrees = stage_degrees_;
  degrees.assign(incoming.size(), 0);
  std::string key;
  std::string value;
  StoredTriple t;
  const size_t triple_count = x.triple_count();
  for (size_t i = 0; i < triple_count; ++i) {
    const TripleFields in = x.triple(i);
    t.subject = ids[checked.endpoints[i].first];
    t.relation = in.relation;
    t.object = ids[checked.endpoints[i].second];
    t.date = in.date;
    t.article = article_id;
    t.ordinal = static_cast<uint32_t>(i);
    t.negated = in.negated;
    t.confidence = in.confidence;
    t.sentence = static_cast<uint32_t>(in.sentence);
    t.predicate.assign(in.predicate);
    t.evidence.assign(in.evidence);
    // Keys and the fact record are built in reused buffers; the batch
    // copies them. A deferred load writes the index entries at its commit,
    // from the kept edges.
    if (!deferring_) {
      key.clear();
      coding::AppendOutKey(&key, t);
      batch->Put(key, "");
      key.clear();
      coding::AppendInKey(&key, t);
      batch->Put(key, "");
      key.clear();
      coding::AppendTimeKey(&key, t);
      const char relation = static_cast<char>(t.relation);
      batch->Put(key, std::string_view(&relation, 1));
    }
    key.clear();
    coding::AppendFactKey(&key, article_id, t.ordinal);
    value.clear();
    coding::AppendFact(&value, t);
    batch->Put(key, value);
    // Degrees are added per entity after the loop.
    degrees[checked.endpoints[i].first]++;
    if (t.object != t.subject) degrees[checked.endpoints[i].second]++;
    pending->triple_count++;
    if (keep_edges_) {
      SnapshotEdge& e = pending->edges.emplace_back();
      e.subject = t.subject;
      e.object = t.object;
      e.relation = t.relation;
      e.date = t.date;
      e.article = t.article;
      e.ordinal = t.ordinal;
      e.negated = t.negated;
      e.confidence = t.confidence;
    }
  }
  for (size_t e = 0; e < incoming.size(); ++e) states[e]->degree += degrees[e];

  StoredArticle stored;
  stored.id = article_id;
  stored.key.assign(article_key);
  stored.title.assign(x.title());
  stored.date = x.date();
  stored.date_source = x.date_source();
  stored.content_hash = hash;
  stored.triple_count = static_cast<uint32_t>(triple_count);
  batch->Put(coding::ArticleKey(article_id), coding::EncodeArticle(stored));
  return outcome;
}

void KvStore::Finish(const Pending& pending, KvBatch* batch) const {
  // Entity records and degrees of every entity touched.
  for (const auto& [id, state] : pending.entities) {
    if (pending.dirty_record.count(id)) {
      batch->Put(coding::EntityKey(id), coding::EncodeEntity(state.entity));
    }
    std::string degree;
    coding::PutFixed64(&degree, state.degree);
    batch->Put(coding::DegreeKey(id), degree);
  }
  for (auto [name, value] : {std::pair{coding::kMetaEntities, pending.entity_count},
                             std::pair{coding::kMetaArticles, pending.article_count},
                             std::pair{coding::kMetaTriples, pending.triple_count}}) {
    std::string encoded;
    coding::PutFixed64(&encoded, value);
    batch->Put(coding::MetaKey(name), encoded);
  }
}

void KvStore::Publish(Pending* pending) {
  replaced_since_open_.insert(pending->replaced.begin(), pending->replaced.end());
  if (keep_edges_) {
    // A replaced article's old edges would have to be found and dropped:
    // the snapshot is read from the fact table then, as for any store.
    if (!pending->replaced.empty() ||
        edges_since_open_.size() + pending->edges.size() > kMaxEdgesSinceOpen) {
      keep_edges_ = false;
      std::vector<SnapshotEdge>().swap(edges_since_open_);
    } else if (edges_since_open_.empty()) {
      edges_since_open_ = std::move(pending->edges);
    } else {
      edges_since_open_.insert(edges_since_open_.end(), pending->edges.begin(),
                               pending->edges.end());
    }
  }
  entity_count_ = pending->entity_count;
  article_count_ = pending->article_count;
  triple_count_ = pending->triple_count;
  if (cached_count_ + pending->entities.size() > kMaxCachedEntities) {
    std::vector<EntityState>().swap(cached_states_);
    std::vector<bool>().swap(is_cached_);
    cached_count_ = 0;
    id_by_name_.clear();
    names_complete_ = false;
  }
  if (empty_at_open_) {
    for (const std::string& key : pending->articles) {
      written_article_hashes_.Insert(std::hash<std::string_view>()(key));
    }
    for (const auto& [key, id] : pending->article_names) {
      written_article_hashes_.Insert(std::hash<std::string_view>()(key));
    }
  }
  for (auto& name : pending->article_names) deferred_article_names_.push_back(std::move(name));
  for (auto& [key, id] : pending->new_names) id_by_name_.Insert(key, id);
  // While names_complete_ holds, id_by_name_ already has every entity's
  // name (the new ones were just added): normalising and inserting the
  // names of the entities a batch touched again would change nothing.
  const size_t cache_slots = std::min<uint64_t>(entity_count_, kMaxCachedEntityId);
  if (cached_states_.size() < cache_slots) {
    cached_states_.resize(cache_slots);
    is_cached_.resize(cache_slots, false);
  }
  for (auto& [id, state] : pending->entities) {
    if (!names_complete_) id_by_name_.Insert(coding::NormalizeName(state.entity.name), id);
    if (id >= cache_slots) continue;  // Read from the Kv when needed again.
    cached_states_[id] = std::move(state);
    if (!is_cached_[id]) {
      is_cached_[id] = true;
      ++cached_count_;
    }
  }
}

template <typename Chunk>
bool KvStore::CanDefer(const Chunk& chunk) const {
  if (!keep_edges_ || !names_complete_) return false;
  uint64_t entities = entity_count_;  // At most: every entity new.
  uint64_t triples = triple_count_;
  HashSet64 seen;
  seen.Reserve(ChunkSize(chunk));
  for (size_t i = 0; i < ChunkSize(chunk); ++i) {
    const auto x = ChunkArticle(chunk, i);
    entities += x.entity_count();
    triples += x.triple_count();
    // The hash Stage uses to know an article key is new without a read.
    const size_t hash = std::hash<std::string_view>()(x.id());
    if (written_article_hashes_.Contains(hash) || !seen.Insert(hash)) return false;
  }
  return entities <= std::min(kMaxCachedEntities, kMaxCachedEntityId) &&
         triples <= kMaxEdgesSinceOpen;
}

Status KvStore::CommitBulkLoad() {
  if (kv_->read_only()) return Status::InvalidArgument("store opened read-only");
  try {
    std::lock_guard<std::mutex> lock(write_mu_);
    if (!broken_.ok()) return broken_;
    return deferring_ ? CommitDeferred() : Status::Ok();
  } catch (const std::exception& e) {
    return Status::IOError(std::string("CommitBulkLoad failed: ") + e.what());
  }
}

Status KvStore::CommitDeferred() {
  deferring_ = false;
  if (article_count_ == 0) {  // Nothing was staged.
    kv_->DropStaged();
    return Status::Ok();
  }
  // Whatever fails here, by a Status or a throw (memory), leaves nothing
  // of the load stored and the store refusing writes.
  std::unique_ptr<GraphSnapshot> built;
  bool unsealed = false;
  Status s = RunCatching("writing the deferred tables", [&]() -> Status {
    Result<std::unique_ptr<GraphSnapshot>> tables = StageDeferredTables(&unsealed);
    if (!tables.ok()) return tables.status();
    built = std::move(tables).value();
    return Status::Ok();
  });
  if (s.ok()) s = kv_->CommitStaged();
  if (!s.ok()) {
    if (unsealed) std::remove((SnapshotPath() + ".tmp").c_str());
    kv_->DropStaged();
    broken_ = Status::IOError("the bulk load could not be stored, and nothing of it was (" +
                              s.ToString() + "); open the store again");
    return broken_;
  }
  std::vector<std::pair<std::string, ArticleId>>().swap(deferred_article_names_);
  keep_edges_ = false;  // Their edges are in the snapshot now.
  std::vector<SnapshotEdge>().swap(edges_since_open_);
  built->set_generation(kv_->Sequence());
  std::shared_ptr<const GraphSnapshot> snapshot(std::move(built));
  {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot_ = snapshot;
  }
  Status saved = unsealed ? snapshot->Seal(SnapshotPath()) : snapshot->Save(SnapshotPath());
  if (!saved.ok()) return saved;  // The load is stored; WriteSnapshot saves again.
  // From here the store is written as one opened now, with a current
  // snapshot file: WriteSnapshot reads back only what is written later.
  open_sequence_ = snapshot->generation();
  open_article_count_ = article_count_;
  return Status::Ok();
}

Result<std::unique_ptr<GraphSnapshot>> KvStore::StageDeferredTables(bool* unsealed) {
  *unsealed = false;
  const uint64_t n = entity_count_;
  if (cached_states_.size() < n || !keep_edges_ || edges_since_open_.size() != triple_count_) {
    return Status::Corruption("deferred bulk load: the writer's state is incomplete");
  }
  std::vector<EntityType> types(n, EntityType::kOther);
  for (uint64_t id = 0; id < n; ++id) {
    if (!is_cached_[id]) return Status::Corruption("deferred bulk load: entity state missing");
    types[id] = cached_states_[id].entity.type;
  }

  // Besides this thread, `helper` runs one job at a time.
  Status helper_status = Status::Ok();
  JoiningThread helper;
  auto run_on_helper = [&](std::function<Status()> work) {
    helper.Join();
    if (!helper_status.ok()) return;
    helper = JoiningThread([&helper_status, work = std::move(work)] {
      helper_status = RunCatching("staging an index", work);
    });
  };

  // The time index (date, article, ordinal -> relation), on the helper.
  // The kept edges are in the order the rows were written, (article,
  // ordinal): a stable sort by date alone gives the index's order. Two
  // radix passes of 16 bits over a compact copy, so that the edges can
  // move into the snapshot meanwhile.
  struct TimeRow {
    uint32_t date;
    uint32_t article;
    uint32_t ordinal;
    uint32_t relation;
  };
  auto time_rows = std::make_shared<std::vector<TimeRow>>();
  time_rows->reserve(edges_since_open_.size());
  for (const SnapshotEdge& e : edges_since_open_) {
    time_rows->push_back(
        TimeRow{e.date.yyyymmdd, e.article, e.ordinal, static_cast<uint32_t>(e.relation)});
  }
  run_on_helper([this, time_rows]() -> Status {
    std::vector<TimeRow>& rows = *time_rows;
    std::vector<TimeRow> spare(rows.size());
    for (int shift : {0, 16}) {
      std::vector<size_t> start((size_t{1} << 16) + 1, 0);
      for (const TimeRow& r : rows) ++start[((r.date >> shift) & 0xffff) + 1];
      for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
      for (const TimeRow& r : rows) spare[start[(r.date >> shift) & 0xffff]++] = r;
      rows.swap(spare);
    }
    std::vector<TimeRow>().swap(spare);
    return kv_->StageSortedFile([&](KvTableFile* file) -> Status {
      StoredTriple t;
      std::string key;
      for (const TimeRow& r : rows) {
        t.date = Date{r.date};
        t.article = r.article;
        t.ordinal = r.ordinal;
        key.clear();
        coding::AppendTimeKey(&key, t);
        const char relation = static_cast<char>(r.relation);
        Status s = file->Put(key, std::string_view(&relation, 1));
        if (!s.ok()) return s;
      }
      return Status::Ok();
    });
  });

  // Entity names, records, degrees and aliases from the writer's cache,
  // which holds every entity while deferring, and article names (tables
  // 0x01 to 0x05, which nothing else staged or stored overlaps, so one
  // file); then the counters. On a thread of their own, while the
  // snapshot is built.
  Status entity_status = Status::Ok();
  JoiningThread entity_helper([&] {
    entity_status =
        RunCatching("staging the entities", [&] { return StageDeferredEntityTables(); });
  });

  // The snapshot orders the edges as the out index, and each entity's
  // incoming edges as the in index: both indexes are read off it.
  std::unique_ptr<GraphSnapshot> snapshot =
      GraphSnapshot::FromEdges(std::move(edges_since_open_), std::move(types), 0);
  const GraphSnapshot& graph = *snapshot;
  // Its file, on a thread of its own while the indexes are written: most
  // of that is waiting for the disk (fsync), about 1.4 s at 10M.
  Status unsealed_status = Status::Ok();
  JoiningThread snapshot_writer([&] {
    unsealed_status = RunCatching("writing the graph snapshot",
                                  [&] { return graph.SaveUnsealed(SnapshotPath()); });
  });
  auto index_triple = [&graph](GraphSnapshot::EdgeId e, StoredTriple* t) {
    t->subject = graph.subject(e);
    t->relation = graph.relation(e);
    t->date = graph.date(e);
    t->object = graph.object(e);
    t->article = graph.article(e);
    t->ordinal = graph.ordinal(e);
  };
  run_on_helper([&]() -> Status {
    return kv_->StageSortedFile([&](KvTableFile* file) -> Status {
      StoredTriple t;
      std::string key;
      for (GraphSnapshot::EdgeId e = 0; e < graph.edge_count(); ++e) {
        index_triple(e, &t);
        key.clear();
        coding::AppendOutKey(&key, t);
        Status put = file->Put(key, std::string_view());
        if (!put.ok()) return put;
      }
      return Status::Ok();
    });
  });

  Status s = Status::Ok();
  {
    // The in index walks the edges out of id order: fetch a few ahead.
    constexpr size_t kAhead = 16;
    s = kv_->StageSortedFile([&](KvTableFile* file) -> Status {
      StoredTriple t;
      std::string key;
      const size_t m = graph.edge_count();
      const GraphSnapshot::EdgeId* all = m > 0 ? graph.in_edges(0).first : nullptr;
      size_t k = 0;
      for (EntityId v = 0; v < graph.node_count(); ++v) {
        for (GraphSnapshot::EdgeId e : graph.in_edges(v)) {
          if (k + kAhead < m) graph.Prefetch(all[k + kAhead]);
          ++k;
          index_triple(e, &t);
          key.clear();
          coding::AppendInKey(&key, t);
          Status put = file->Put(key, std::string_view());
          if (!put.ok()) return put;
        }
      }
      return Status::Ok();
    });
  }
  helper.Join();
  entity_helper.Join();
  snapshot_writer.Join();
  *unsealed = unsealed_status.ok();
  if (!s.ok()) return s;
  if (!helper_status.ok()) return helper_status;
  if (!entity_status.ok()) return entity_status;
  return snapshot;
}

Status KvStore::StageDeferredEntityTables() {
  const uint64_t n = entity_count_;
  // Tables 0x01 to 0x05 in one file: nothing else staged or stored
  // overlaps them.
  Status s = Status::Ok();
  {
    using Rows = std::vector<std::pair<std::string, std::string>>;
    Rows names;
    Rows aliases;
    Rows article_names;
    names.reserve(n);
    for (uint64_t id = 0; id < n; ++id) {
      const EntityState& state = cached_states_[id];
      std::string id_value;
      coding::PutFixed32(&id_value, static_cast<EntityId>(id));
      names.emplace_back(coding::EntityNameKey(coding::NormalizeName(state.entity.name)), id_value);
      for (const std::string& alias : state.alias_keys) {
        aliases.emplace_back(coding::AliasKey(alias, static_cast<EntityId>(id)), std::string());
      }
    }
    article_names.reserve(deferred_article_names_.size());
    for (const auto& [name, id] : deferred_article_names_) {
      std::string id_value;
      coding::PutFixed32(&id_value, id);
      article_names.emplace_back(coding::ArticleNameKey(name), id_value);
    }
    std::sort(names.begin(), names.end());
    std::sort(aliases.begin(), aliases.end());
    std::sort(article_names.begin(), article_names.end());
    s = kv_->StageSortedFile([&](KvTableFile* file) -> Status {
      auto put_rows = [file](const Rows& rows) {
        for (const auto& [key, value] : rows) {
          Status put = file->Put(key, value);
          if (!put.ok()) return put;
        }
        return Status::Ok();
      };
      Status put = put_rows(names);
      std::string value;
      for (uint64_t id = 0; put.ok() && id < n; ++id) {
        put = file->Put(coding::EntityKey(static_cast<EntityId>(id)),
                        coding::EncodeEntity(cached_states_[id].entity));
      }
      for (uint64_t id = 0; put.ok() && id < n; ++id) {
        value.clear();
        coding::PutFixed64(&value, cached_states_[id].degree);
        put = file->Put(coding::DegreeKey(static_cast<EntityId>(id)), value);
      }
      if (put.ok()) put = put_rows(aliases);
      if (put.ok()) put = put_rows(article_names);
      return put;
    });
  }
  if (s.ok()) {
    // The counters, in key order: article_count, entity_count, triple_count.
    s = kv_->StageSortedFile([&](KvTableFile* file) -> Status {
      Status put = Status::Ok();
      for (auto [name, value] : {std::pair{coding::kMetaArticles, article_count_},
                                 std::pair{coding::kMetaEntities, entity_count_},
                                 std::pair{coding::kMetaTriples, triple_count_}}) {
        std::string encoded;
        coding::PutFixed64(&encoded, value);
        if (put.ok()) put = file->Put(coding::MetaKey(name), encoded);
      }
      return put;
    });
  }
  return s;
}

Result<StoredTriple> KvStore::GetTriple(ArticleId article, uint32_t ordinal) const {
  std::string value;
  Status s = CachedGet(coding::FactKey(article, ordinal), &value);
  const std::string where = std::to_string(article) + "/" + std::to_string(ordinal);
  if (s.IsNotFound()) return Status::NotFound("no triple " + where);
  if (!s.ok()) return s;
  StoredTriple t;
  if (!coding::DecodeFact(article, ordinal, value, &t)) {
    return Status::Corruption("malformed fact " + where);
  }
  return t;
}

std::string KvStore::SnapshotPath() const {
  return (std::filesystem::path(dir_) / kSnapshotFileName).string();
}

Status KvStore::CollectEdges(ArticleId first, ArticleId last,
                             std::vector<SnapshotEdge>* edges) const {
  auto it = kv_->NewIterator();
  const char table = static_cast<char>(Table::kFact);
  for (it->Seek(coding::FactPrefix(first)); it->Valid() && it->key()[0] == table; it->Next()) {
    // The fixed-size head of a fact record (docs/storage.md): subject,
    // relation, object, date, flags, confidence; the strings are not read.
    SnapshotEdge e;
    std::string_view v = it->value();
    uint8_t relation = 0;
    uint8_t flags = 0;
    uint32_t confidence_bits = 0;
    if (!coding::ParseFactKey(it->key(), &e.article, &e.ordinal) ||
        !coding::GetFixed32(&v, &e.subject) || !coding::GetByte(&v, &relation) ||
        !coding::GetFixed32(&v, &e.object) || !coding::GetFixed32(&v, &e.date.yyyymmdd) ||
        !coding::GetByte(&v, &flags) || !coding::GetFixed32(&v, &confidence_bits) ||
        relation >= kRelationCount) {
      return Status::Corruption("malformed fact record");
    }
    if (e.article > last) break;
    e.relation = static_cast<Relation>(relation);
    e.negated = (flags & 1) != 0;
    std::memcpy(&e.confidence, &confidence_bits, sizeof(float));
    edges->push_back(e);
  }
  return it->status();
}

Status KvStore::CollectTypes(std::vector<EntityType>* types) const {
  auto it = kv_->NewIterator();
  const char table = static_cast<char>(Table::kEntity);
  for (it->Seek(std::string(1, table)); it->Valid() && it->key()[0] == table; it->Next()) {
    std::string_view key = it->key().substr(1);
    uint32_t id = 0;
    if (!coding::GetFixed32(&key, &id) || it->value().empty()) {
      return Status::Corruption("malformed entity record");
    }
    if (id >= types->size()) types->resize(id + 1, EntityType::kOther);
    const auto type = static_cast<uint8_t>(it->value()[0]);
    (*types)[id] = type <= static_cast<uint8_t>(EntityType::kOther) ? static_cast<EntityType>(type)
                                                                    : EntityType::kOther;
  }
  return it->status();
}

Result<std::shared_ptr<const GraphSnapshot>> KvStore::BuildSnapshot(uint64_t generation) const {
  std::vector<SnapshotEdge> edges;
  edges.reserve(triple_count_);
  // The fact rows are read by two threads, each one half of the article
  // ids (the fact table is in article order, so the halves concatenate in
  // order).
  const auto middle = static_cast<ArticleId>(std::min<uint64_t>(article_count_ / 2, UINT32_MAX));
  std::vector<SnapshotEdge> upper;
  Status upper_status = Status::Ok();
  JoiningThread helper;
  if (middle > 0) {
    helper = JoiningThread([&] {
      upper_status = RunCatching("reading fact rows",
                                 [&] { return CollectEdges(middle, UINT32_MAX, &upper); });
    });
  }
  Status s = middle > 0 ? CollectEdges(0, middle - 1, &edges) : CollectEdges(0, UINT32_MAX, &edges);
  helper.Join();
  if (!s.ok()) return s;
  if (!upper_status.ok()) return upper_status;
  edges.insert(edges.end(), upper.begin(), upper.end());
  // Entities after facts: a fact's entities were written with it and are
  // never removed, so every endpoint has its type.
  std::vector<EntityType> types;
  s = CollectTypes(&types);
  if (!s.ok()) return s;
  for (const SnapshotEdge& e : edges) {
    if (std::max(e.subject, e.object) >= types.size()) {
      return Status::Corruption("fact " + std::to_string(e.article) + "/" +
                                std::to_string(e.ordinal) + " names an entity that does not exist");
    }
  }
  return std::shared_ptr<const GraphSnapshot>(
      GraphSnapshot::FromEdges(std::move(edges), std::move(types), generation));
}

Result<CheckReport> KvStore::Check() const {
  return CheckKv(*kv_, dir_.empty() ? std::string() : SnapshotPath());
}

std::shared_ptr<const GraphSnapshot> KvStore::LoadedSnapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  if (snapshot_ != nullptr && snapshot_->generation() == kv_->Sequence()) return snapshot_;
  return nullptr;
}

Result<std::shared_ptr<const GraphSnapshot>> KvStore::Snapshot() const {
  try {
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    const uint64_t generation = kv_->Sequence();
    if (snapshot_ != nullptr && snapshot_->generation() == generation) return snapshot_;
    if (!dir_.empty()) {
      // A damaged or stale file is not an error: the store itself is the
      // truth, and the snapshot is rebuilt from it.
      Result<std::unique_ptr<GraphSnapshot>> file = GraphSnapshot::Load(SnapshotPath());
      if (file.ok() && (*file)->generation() == generation) {
        snapshot_ = std::move(file).value();
        return snapshot_;
      }
    }
    Result<std::shared_ptr<const GraphSnapshot>> built = BuildSnapshot(generation);
    if (!built.ok()) return built.status();
    snapshot_ = *built;
    return snapshot_;
  } catch (const std::exception& e) {
    return Status::IOError(std::string("cannot build the graph snapshot: ") + e.what());
  }
}

Status KvStore::WriteSnapshot() {
  if (kv_->read_only()) return Status::InvalidArgument("store opened read-only");
  if (dir_.empty()) return Status::Ok();
  try {
    std::lock_guard<std::mutex> write_lock(write_mu_);
    if (deferring_) {
      Status committed = CommitDeferred();
      if (!committed.ok()) return committed;
    }
    const uint64_t generation = kv_->Sequence();
    Result<std::unique_ptr<GraphSnapshot>> file = GraphSnapshot::Load(SnapshotPath());
    std::shared_ptr<const GraphSnapshot> fresh;
    if (file.ok() && (*file)->generation() == generation) {
      if ((*file)->format_version() == GraphSnapshot::kFormatVersion) return Status::Ok();
      // Current, but in an older format (version 2): the same arrays are
      // saved again in the current one.
      fresh = std::shared_ptr<const GraphSnapshot>(std::move(*file));
    }
    if (fresh == nullptr) {
      std::lock_guard<std::mutex> lock(snapshot_mu_);
      if (snapshot_ != nullptr && snapshot_->generation() == generation) fresh = snapshot_;
    }
    if (fresh == nullptr && file.ok() && *file != nullptr &&
        (*file)->generation() == open_sequence_) {
      // The file matched the store at open: keep its edges except those of
      // replaced articles, and read only the articles written since.
      const GraphSnapshot& old = **file;
      std::vector<SnapshotEdge> kept;
      kept.reserve(old.edge_count());
      for (GraphSnapshot::EdgeId e = 0; e < old.edge_count(); ++e) {
        if (replaced_since_open_.count(old.article(e)) == 0) kept.push_back(old.edge(e));
      }
      std::vector<SnapshotEdge> added;
      std::vector<ArticleId> dirty(replaced_since_open_.begin(), replaced_since_open_.end());
      for (uint64_t a = open_article_count_; a < article_count_; ++a) {
        dirty.push_back(static_cast<ArticleId>(a));
      }
      std::sort(dirty.begin(), dirty.end());
      for (size_t i = 0; i < dirty.size();) {
        // Runs of consecutive ids are one scan.
        size_t j = i + 1;
        while (j < dirty.size() && dirty[j] == dirty[j - 1] + 1) ++j;
        Status s = CollectEdges(dirty[i], dirty[j - 1], &added);
        if (!s.ok()) return s;
        i = j;
      }
      std::vector<EntityType> types;
      Status s = CollectTypes(&types);
      if (!s.ok()) return s;
      std::sort(added.begin(), added.end(), SnapshotEdgeOrder);
      std::vector<SnapshotEdge> merged;
      merged.reserve(kept.size() + added.size());
      std::merge(kept.begin(), kept.end(), added.begin(), added.end(), std::back_inserter(merged),
                 SnapshotEdgeOrder);
      fresh = std::shared_ptr<const GraphSnapshot>(
          GraphSnapshot::FromEdges(std::move(merged), std::move(types), generation));
    }
    if (fresh == nullptr && keep_edges_ && edges_since_open_.size() == triple_count_) {
      // Every fact row was written since open, and its edge kept: no need
      // to read the fact table back.
      std::vector<EntityType> types;
      Status s = CollectTypes(&types);
      if (!s.ok()) return s;
      for (const SnapshotEdge& e : edges_since_open_) {
        if (std::max(e.subject, e.object) >= types.size()) {
          return Status::Corruption("fact " + std::to_string(e.article) + "/" +
                                    std::to_string(e.ordinal) +
                                    " names an entity that does not exist");
        }
      }
      keep_edges_ = false;
      fresh = std::shared_ptr<const GraphSnapshot>(
          GraphSnapshot::FromEdges(std::move(edges_since_open_), std::move(types), generation));
      edges_since_open_ = std::vector<SnapshotEdge>();
    }
    if (fresh == nullptr) {
      Result<std::shared_ptr<const GraphSnapshot>> built = BuildSnapshot(generation);
      if (!built.ok()) return built.status();
      fresh = *built;
    }
    Status saved = fresh->Save(SnapshotPath());
    if (!saved.ok()) return saved;
    std::lock_guard<std::mutex> lock(snapshot_mu_);
    snapshot_ = fresh;
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::IOError(std::string("cannot write the graph snapshot: ") + e.what());
  }
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  try {
    Result<std::unique_ptr<Kv>> kv = OpenRocksKv(dir, options);
    if (!kv.ok()) return kv.status();
    auto store = std::make_unique<KvStore>(std::move(kv).value(), dir, options);
    Status s = store->Init();
    if (s.code() == Status::Code::kCorruption) {
      return Status::Corruption(dir + ": " + s.message());
    }
    if (!s.ok()) return s;
    return std::unique_ptr<Store>(std::move(store));
  } catch (const std::exception& e) {
    return Status::IOError("cannot open " + dir + ": " + e.what());
  }
}

std::unique_ptr<Store> Store::NewInMemory(const StoreOptions& options) {
  auto store = std::make_unique<KvStore>(NewMemKv(), std::string(), options);
  // Writing the version key of an empty map cannot fail.
  Status s = store->Init();
  (void)s;
  return store;
}

}  // namespace geokg
