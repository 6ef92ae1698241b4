// ShortestPath: a bidirectional breadth-first search on the store's graph
// snapshot (geokg/snapshot.h), treating every edge as undirected.
//
// The snapshot is a memory-mapped CSR, so a cold process answers without
// loading the graph: the search touches only the adjacency of the vertices it
// expands, growing the side whose frontier has fewer edges, and stops at the
// first vertex both sides reach (PathSearch::Run says why that is the same
// answer as finishing the level). Only the steps of the path found read fact
// rows (for the evidence).
//
// filter.entity_types applies to the intermediate nodes only: the two named
// endpoints are always allowed.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "query_internal.h"

namespace geokg {
namespace {

using EdgeId = GraphSnapshot::EdgeId;

// What both sides of a search know of one vertex. Valid only while `stamp`
// is the stamp of the current search: any other value means "reached by
// neither side", so a search starts without clearing the array.
struct Mark {
  uint32_t stamp;
  int32_t distance[2];   // -1 = not reached from that side.
  EntityId previous[2];  // Towards that side's root.
};

// One array of marks per concurrent search, reused: most searches at 10M
// triples touch a few thousand of its 494,058 vertices, and allocating and
// filling per-vertex arrays for each one cost more than the search itself. calloc'd, so the pages
// a search never touches are never faulted in (a cold process pays for what
// it reads). At most one array per thread that searches at the same time
// (`geokg serve --threads`), 20 bytes per vertex each.
class MarkArray {
 public:
  // A new stamp for the next search, the array sized for `nodes` vertices.
  // False when the memory is not available.
  bool Prepare(uint32_t nodes) {
    if (nodes > size_ || stamp_ == UINT32_MAX) {
      const uint32_t size = std::max({nodes, size_, 1u});
      void* block = std::calloc(size, sizeof(Mark));  // Every stamp 0.
      if (block == nullptr) return false;
      marks_.reset(static_cast<Mark*>(block));
      size_ = size;
      stamp_ = 0;
    }
    ++stamp_;
    return true;
  }
  Mark* marks() const { return marks_.get(); }
  uint32_t stamp() const { return stamp_; }

 private:
  struct Free {
    void operator()(Mark* p) const { std::free(p); }
  };
  std::unique_ptr<Mark, Free> marks_;
  uint32_t size_ = 0;
  uint32_t stamp_ = 0;
};

// Mark arrays not in use, shared by every thread of the process.
class MarkPool {
 public:
  std::unique_ptr<MarkArray> Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) return std::make_unique<MarkArray>();
    std::unique_ptr<MarkArray> array = std::move(free_.back());
    free_.pop_back();
    return array;
  }
  void Give(std::unique_ptr<MarkArray> array) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(array));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<MarkArray>> free_;
};

MarkPool& Pool() {
  static MarkPool* pool = new MarkPool();  // Never destroyed: no exit-order issues.
  return *pool;
}

// A mark array for the duration of one search.
class MarkLease {
 public:
  MarkLease() : array_(Pool().Take()) {}
  ~MarkLease() { Pool().Give(std::move(array_)); }
  MarkLease(const MarkLease&) = delete;
  MarkLease& operator=(const MarkLease&) = delete;
  MarkArray* get() const { return array_.get(); }

 private:
  std::unique_ptr<MarkArray> array_;
};

// One side of the bidirectional search: 0 grows from s, 1 from t.
struct Side {
  int index = 0;
  std::vector<EntityId> frontier;  // The last level reached.
  uint64_t frontier_edges = 0;     // Sum of the frontier's degrees.
};

class PathSearch {
 public:
  PathSearch(const GraphSnapshot& g, const TripleFilter& filter, EntityId s, EntityId t,
             MarkArray* marks)
      : g_(g),
        filter_(filter),
        all_edges_(filter.relations.empty() && !filter.since.known() && !filter.until.known()),
        all_types_(filter.entity_types.empty()),
        s_(s),
        t_(t),
        marks_(marks->marks()),
        stamp_(marks->stamp()) {}

  // Calls fn(far vertex) for every accepted edge at u, either direction,
  // until fn returns true; returns whether it did.
  template <typename Fn>
  bool AnyNeighbor(EntityId u, Fn&& fn) const {
    for (EdgeId e : g_.out_edges(u)) {
      if (Accepts(e) && fn(g_.object(e))) return true;
    }
    for (EdgeId e : g_.in_edges(u)) {
      if (Accepts(e) && fn(g_.subject(e))) return true;
    }
    return false;
  }

  bool Accepts(EdgeId e) const { return all_edges_ || filter_.Accepts(g_.relation(e), g_.date(e)); }

  bool Allowed(EntityId v) const {
    return all_types_ || v == s_ || v == t_ || query_internal::TypeAccepted(filter_, g_.type(v));
  }

  // The vertices of a shortest path from s to t within max_depth steps, or
  // an empty vector.
  //
  // Levels are expanded whole, from the side whose frontier has fewer edges,
  // and the search stops at the first vertex that both sides reach: a path
  // through it is a shortest one. Why: when neither side has reached a
  // vertex of the other yet, with frontiers at levels d and k, every vertex
  // at distance <= d from s has been reached by the first side and every one
  // at distance <= k from t by the second, so a shortest path has more than
  // d + k steps; a vertex first reached by both while one level grows from d
  // to d + 1 therefore lies at exactly k from the other root, and every such
  // meeting gives the same length, d + k + 1. So the first one found is the
  // one a scan of the whole level keeping the first of the shortest would
  // pick, and the answer does not depend on where the scan stops.
  std::vector<EntityId> Run(int max_depth) {
    Side a{0, {s_}, g_.degree(s_)};
    Side b{1, {t_}, g_.degree(t_)};
    Reach(s_, 0, 0, s_);
    Reach(t_, 1, 0, t_);
    int reached = 0;  // Levels expanded on both sides together.
    while (reached < max_depth && !a.frontier.empty() && !b.frontier.empty()) {
      const bool grow_a = a.frontier_edges <= b.frontier_edges;
      Side& grow = grow_a ? a : b;
      const int side = grow.index;
      const int other = 1 - side;
      std::vector<EntityId> next;
      uint64_t next_edges = 0;
      EntityId meet = 0;
      bool met = false;
      for (EntityId u : grow.frontier) {
        const int32_t level = marks_[u].distance[side] + 1;
        met = AnyNeighbor(u, [&](EntityId v) {
          if (!Allowed(v)) return false;
          Mark& m = Touch(v);
          if (m.distance[side] >= 0) return false;
          m.distance[side] = level;
          m.previous[side] = u;
          if (m.distance[other] >= 0) {
            meet = v;
            return true;
          }
          next.push_back(v);
          next_edges += g_.degree(v);
          return false;
        });
        if (met) break;
      }
      ++reached;
      if (met) return Join(meet);
      grow.frontier = std::move(next);
      grow.frontier_edges = next_edges;
    }
    return {};
  }

 private:
  // v's mark, reset to "reached by neither side" if it is from another search.
  Mark& Touch(EntityId v) const {
    Mark& m = marks_[v];
    if (m.stamp != stamp_) {
      m.stamp = stamp_;
      m.distance[0] = m.distance[1] = -1;
    }
    return m;
  }

  void Reach(EntityId v, int side, int32_t distance, EntityId previous) const {
    Mark& m = Touch(v);
    m.distance[side] = distance;
    m.previous[side] = previous;
  }

  std::vector<EntityId> Join(EntityId meet) const {
    std::vector<EntityId> path = {meet};
    while (path.back() != s_) path.push_back(marks_[path.back()].previous[0]);
    std::reverse(path.begin(), path.end());
    while (path.back() != t_) path.push_back(marks_[path.back()].previous[1]);
    return path;
  }

  const GraphSnapshot& g_;
  const TripleFilter& filter_;
  const bool all_edges_;  // No relation or date filter: skip reading the edge columns.
  const bool all_types_;  // No entity type filter: skip reading the vertex types.
  EntityId s_;
  EntityId t_;
  Mark* marks_;
  uint32_t stamp_;
};

// Appends the edges from -> to that `filter` accepts, read from from's
// outgoing range (one contiguous run of the object column) or from to's
// incoming list (edge ids whose subjects lie at scattered places, a cache
// miss each), whichever is cheaper: a step next to a hub would otherwise scan
// the hub's whole list.
void AppendEdges(const GraphSnapshot& g, const TripleFilter& filter, EntityId from, EntityId to,
                 std::vector<EdgeId>* edges) {
  constexpr size_t kScatteredReadCost = 8;  // Sequential reads per scattered one, roughly.
  const GraphSnapshot::OutRange out = g.out_edges(from);
  const GraphSnapshot::InRange in = g.in_edges(to);
  if (out.size() <= kScatteredReadCost * in.size()) {
    for (EdgeId e : out) {
      if (g.object(e) == to && filter.Accepts(g.relation(e), g.date(e))) edges->push_back(e);
    }
  } else {
    for (EdgeId e : in) {
      if (g.subject(e) == from && filter.Accepts(g.relation(e), g.date(e))) edges->push_back(e);
    }
  }
}

// The fact row cited for the step a - b, and whether it is stored a -> b.
// BestEvidence orders the candidates fully, so where they were read from
// does not matter.
Result<std::pair<StoredTriple, bool>> StepEvidence(const Store& store, const GraphSnapshot& g,
                                                   const TripleFilter& filter, EntityId a,
                                                   EntityId b) {
  std::vector<EdgeId> candidates;
  AppendEdges(g, filter, a, b, &candidates);
  if (a != b) AppendEdges(g, filter, b, a, &candidates);  // A self-loop is found once.
  return query_internal::BestEvidence(store, g, std::move(candidates), a);
}

Result<std::vector<PathStep>> ShortestPathImpl(const Store& store, const std::string& from,
                                               const std::string& to, int max_depth,
                                               const TripleFilter& filter) {
  Result<query_internal::PathEnds> ends =
      query_internal::ResolvePathEnds(store, from, to, max_depth);
  if (!ends.ok()) return ends.status();
  const StoredEntity* source = &ends->source;
  const StoredEntity* target = &ends->target;
  const Status& no_path = ends->no_path;

  Result<std::shared_ptr<const GraphSnapshot>> snapshot = store.Snapshot();
  if (!snapshot.ok()) return snapshot.status();
  const GraphSnapshot& g = **snapshot;
  if (source->id >= g.node_count() || target->id >= g.node_count()) return no_path;
  std::vector<EntityId> vertices;
  {
    MarkLease marks;
    if (!marks.get()->Prepare(g.node_count())) throw std::bad_alloc();
    PathSearch search(g, filter, source->id, target->id, marks.get());
    vertices = search.Run(max_depth);
  }
  if (vertices.empty()) return no_path;

  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  std::vector<PathStep> steps;
  for (size_t i = 0; i + 1 < vertices.size(); ++i) {
    Result<std::pair<StoredTriple, bool>> evidence =
        StepEvidence(store, g, filter, vertices[i], vertices[i + 1]);
    if (!evidence.ok()) return evidence.status();
    Result<PathStep> step =
        query_internal::MakePathStep(vertices[i], vertices[i + 1], *evidence, &entities, &docs);
    if (!step.ok()) return step.status();
    steps.push_back(std::move(step).value());
  }
  return steps;
}

}  // namespace

Result<std::vector<PathStep>> ShortestPath(const Store& store, const std::string& from,
                                           const std::string& to, int max_depth,
                                           const TripleFilter& filter) {
  try {
    return ShortestPathImpl(store, from, to, max_depth, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("path", e);
  }
}

}  // namespace geokg
