// Helpers shared by the query module's source files. Not a public header.
//
// Store visitors in this module only copy what they are given: lookups such
// as GetEntity or GetArticle run after the scan has returned, so no store
// call is ever nested inside another store's callback.
#ifndef GEOKG_QUERY_SRC_QUERY_INTERNAL_H_
#define GEOKG_QUERY_SRC_QUERY_INTERNAL_H_

#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "geokg/graph.h"
#include "geokg/query.h"
#include "geokg/snapshot.h"

namespace geokg {
namespace query_internal {

// FindEntity by canonical name or alias. An unknown name becomes
// NotFound("unknown entity 'X'; did you mean: A, B, C?"), or
// NotFound("unknown entity 'X'") when the store suggests nothing.
Result<StoredEntity> ResolveEntity(const Store& store, const std::string& name);

EntityRef RefOf(const StoredEntity& entity);

// The two ends of a path question: both names resolved (NotFound as
// ResolveEntity), InvalidArgument when they are the same entity or
// max_depth < 1, and the NotFound to answer when no path is found.
struct PathEnds {
  StoredEntity source;
  StoredEntity target;
  Status no_path;
};
Result<PathEnds> ResolvePathEnds(const Store& store, const std::string& from, const std::string& to,
                                 int max_depth);

// Whether `type` passes filter.entity_types (an empty list passes all).
bool TypeAccepted(const TripleFilter& filter, EntityType type);

// The filter with entity_types cleared. The query module applies entity
// types itself, to the far end of an edge, so scans must not drop edges
// because of the queried entity's own type.
TripleFilter WithoutTypes(const TripleFilter& filter);

// Sort key for dates: known dates in calendar order, unknown dates last.
inline uint32_t DateOrder(Date date) { return date.known() ? date.yyyymmdd : UINT32_MAX; }

// ASCII lower case; other bytes (UTF-8 sequences included) are kept.
std::string LowerAscii(std::string_view text);

// Copies of the triples ScanOut (outgoing) or ScanIn yields.
Status CollectScan(const Store& store, EntityId entity, bool outgoing, const TripleFilter& filter,
                   std::vector<StoredTriple>* triples);

// Index entries of `entity` (as subject when `outgoing`, else as object)
// that `filter` accepts (relations and date window; its entity types are
// ignored) and `accept` keeps, enough of them to hold the first `limit` in
// date order (unknown dates last) whatever the tie-breaks after the date:
// from each relation's run of the index, the first `limit` kept entries and
// every later one on the same date (among unknown dates, the first `limit`
// only). Reads index keys only, never the rest of a run; *more is set when
// some run had kept entries left over.
Status CollectFirstByDate(const Store& store, EntityId entity, bool outgoing,
                          const TripleFilter& filter, size_t limit,
                          const std::function<bool(const TripleRef&)>& accept,
                          std::vector<TripleRef>* refs, bool* more);

// The fact row a path step a - b cites among the snapshot edges
// `candidates` (all between a and b, either direction): the highest
// confidence, then the earliest date (unknown last), then not negated, then
// the earlier triple. Only the front runners by the snapshot's rounded
// confidence and date are read. The bool is true when the triple is stored
// a -> b. Corruption when `candidates` is empty.
Result<std::pair<StoredTriple, bool>> BestEvidence(const Store& store, const GraphSnapshot& g,
                                                   std::vector<uint32_t> candidates, EntityId a);

class EntityCache;
class DocCache;

// The PathStep from a to b citing `evidence` (BestEvidence's answer).
Result<PathStep> MakePathStep(EntityId a, EntityId b, const std::pair<StoredTriple, bool>& evidence,
                              EntityCache* entities, DocCache* docs);

// Memoised GetEntity. Not thread-safe: one per query call.
class EntityCache {
 public:
  explicit EntityCache(const Store& store) : store_(store) {}
  Result<EntityRef> Ref(EntityId id);

 private:
  const Store& store_;
  std::unordered_map<EntityId, EntityRef> refs_;
};

// Memoised article id -> article key ("doc"). Not thread-safe.
class DocCache {
 public:
  explicit DocCache(const Store& store) : store_(store) {}
  Result<std::string> Key(ArticleId id);

 private:
  const Store& store_;
  std::unordered_map<ArticleId, std::string> keys_;
};

// The Status for an exception caught at the module's edge; `where` names the
// public function.
Status FromException(std::string_view where, const std::exception& e);

}  // namespace query_internal
}  // namespace geokg

#endif  // GEOKG_QUERY_SRC_QUERY_INTERNAL_H_
