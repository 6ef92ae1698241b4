// ShortestPath: a bidirectional breadth-first search on the store's graph
// snapshot (geokg/snapshot.h), treating every edge as undirected.
//
// The snapshot is a memory-mapped CSR, so a cold process answers without
// loading the graph: the search touches only the adjacency of the vertices it
// expands, growing the side whose frontier has fewer edges. Only the steps of
// the path found read fact rows (for the evidence).
//
// filter.entity_types applies to the intermediate nodes only: the two named
// endpoints are always allowed.

#include <algorithm>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "query_internal.h"

namespace geokg {
namespace {

using EdgeId = GraphSnapshot::EdgeId;
using query_internal::DateOrder;

// One side of the bidirectional search.
struct Side {
  std::vector<int> distance;       // -1 = not reached from this side.
  std::vector<EntityId> previous;  // Towards this side's root.
  std::vector<EntityId> frontier;  // The last level reached.
  uint64_t frontier_edges = 0;     // Sum of the frontier's degrees.
};

class PathSearch {
 public:
  PathSearch(const GraphSnapshot& g, const TripleFilter& filter, EntityId s, EntityId t)
      : g_(g), filter_(filter), s_(s), t_(t) {}

  // Calls fn(edge, far vertex) for every accepted edge at u, either direction.
  template <typename Fn>
  void ForEachNeighbor(EntityId u, Fn&& fn) const {
    for (EdgeId e : g_.out_edges(u)) {
      if (filter_.Accepts(g_.relation(e), g_.date(e))) fn(e, g_.object(e));
    }
    for (EdgeId e : g_.in_edges(u)) {
      if (filter_.Accepts(g_.relation(e), g_.date(e))) fn(e, g_.subject(e));
    }
  }

  bool Allowed(EntityId v) const {
    return v == s_ || v == t_ || query_internal::TypeAccepted(filter_, g_.type(v));
  }

  // The vertices of a shortest path from s to t within max_depth steps, or
  // an empty vector.
  std::vector<EntityId> Run(int max_depth) {
    Side a = NewSide(s_);
    Side b = NewSide(t_);
    int reached = 0;  // Levels expanded on both sides together.
    while (reached < max_depth && !a.frontier.empty() && !b.frontier.empty()) {
      const bool grow_a = a.frontier_edges <= b.frontier_edges;
      Side& grow = grow_a ? a : b;
      const Side& other = grow_a ? b : a;
      // Expand one whole level, then keep the meeting with the fewest steps
      // (ties: the first found, so the answer is the same on every run).
      std::vector<EntityId> next;
      uint64_t next_edges = 0;
      EntityId meet = 0;
      int best = -1;
      for (EntityId u : grow.frontier) {
        ForEachNeighbor(u, [&](EdgeId, EntityId v) {
          if (!Allowed(v)) return;
          if (grow.distance[v] < 0) {
            grow.distance[v] = grow.distance[u] + 1;
            grow.previous[v] = u;
            next.push_back(v);
            next_edges += g_.degree(v);
          }
          if (other.distance[v] >= 0 && grow.distance[v] == grow.distance[u] + 1) {
            const int length = grow.distance[v] + other.distance[v];
            if (best < 0 || length < best) {
              best = length;
              meet = v;
            }
          }
        });
      }
      ++reached;
      if (best >= 0) return best <= max_depth ? Join(a, b, meet) : std::vector<EntityId>();
      grow.frontier = std::move(next);
      grow.frontier_edges = next_edges;
    }
    return {};
  }

 private:
  Side NewSide(EntityId root) const {
    Side side;
    side.distance.assign(g_.node_count(), -1);
    side.previous.assign(g_.node_count(), 0);
    side.distance[root] = 0;
    side.frontier = {root};
    side.frontier_edges = g_.degree(root);
    return side;
  }

  std::vector<EntityId> Join(const Side& a, const Side& b, EntityId meet) const {
    std::vector<EntityId> path = {meet};
    while (path.back() != s_) path.push_back(a.previous[path.back()]);
    std::reverse(path.begin(), path.end());
    while (path.back() != t_) path.push_back(b.previous[path.back()]);
    return path;
  }

  const GraphSnapshot& g_;
  const TripleFilter& filter_;
  EntityId s_;
  EntityId t_;
};

// The fact row cited for the step a - b, and whether it is stored a -> b.
Result<std::pair<StoredTriple, bool>> StepEvidence(const Store& store, const GraphSnapshot& g,
                                                   const TripleFilter& filter, EntityId a,
                                                   EntityId b) {
  std::vector<EdgeId> candidates;
  for (EdgeId e : g.out_edges(a)) {
    if (g.object(e) == b && filter.Accepts(g.relation(e), g.date(e))) candidates.push_back(e);
  }
  if (a != b) {  // A self-loop is already among the out-edges.
    for (EdgeId e : g.in_edges(a)) {
      if (g.subject(e) == b && filter.Accepts(g.relation(e), g.date(e))) candidates.push_back(e);
    }
  }
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
  PathSearch search(g, filter, source->id, target->id);
  const std::vector<EntityId> vertices = search.Run(max_depth);
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
