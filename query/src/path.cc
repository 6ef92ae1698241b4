// ShortestPath: breadth-first search on a GraphView, treating every edge as
// undirected (out_edges and in_edges of the bidirectional graph).
//
// filter.entity_types applies to the intermediate nodes only: the two named
// endpoints are always allowed.

#include <algorithm>
#include <deque>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/graph_view.h"
#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;

// Whether `candidate` is better evidence for a step than `best`: higher
// confidence, then earlier date (unknown last), then not negated, then the
// earlier triple.
bool BetterEvidence(const StoredTriple& candidate, const StoredTriple& best) {
  if (candidate.confidence != best.confidence) return candidate.confidence > best.confidence;
  if (DateOrder(candidate.date) != DateOrder(best.date)) {
    return DateOrder(candidate.date) < DateOrder(best.date);
  }
  if (candidate.negated != best.negated) return !candidate.negated;
  return std::make_tuple(candidate.article, candidate.ordinal) <
         std::make_tuple(best.article, best.ordinal);
}

// The best edge between adjacent vertices a and b, in either direction.
// `forward` tells whether it is stored as a -> b.
std::optional<Edge> BestEdge(const BoostGraph& g, Vertex a, Vertex b, bool* forward) {
  std::optional<Edge> best;
  auto consider = [&](Edge e, bool is_forward) {
    if (!best || BetterEvidence(g[e], g[*best])) {
      best = e;
      *forward = is_forward;
    }
  };
  for (auto [it, end] = boost::out_edges(a, g); it != end; ++it) {
    if (boost::target(*it, g) == b) consider(*it, true);
  }
  for (auto [it, end] = boost::in_edges(a, g); it != end; ++it) {
    // A self-loop is already among the out-edges.
    if (boost::source(*it, g) == b && a != b) consider(*it, false);
  }
  return best;
}

Result<std::vector<PathStep>> ShortestPathImpl(const Store& store, const std::string& from,
                                               const std::string& to, int max_depth,
                                               const TripleFilter& filter) {
  if (max_depth < 1) {
    return Status::InvalidArgument("max depth must be at least 1, got " +
                                   std::to_string(max_depth));
  }
  Result<StoredEntity> source = query_internal::ResolveEntity(store, from);
  if (!source.ok()) return source.status();
  Result<StoredEntity> target = query_internal::ResolveEntity(store, to);
  if (!target.ok()) return target.status();
  if (source->id == target->id) {
    return Status::InvalidArgument("'" + from + "' and '" + to + "' are the same entity (" +
                                   source->name + ")");
  }
  const Status no_path =
      Status::NotFound("no path between '" + source->name + "' and '" + target->name + "' within " +
                       std::to_string(max_depth) + " steps");

  Result<GraphView> view = BuildGraphView(store, query_internal::WithoutTypes(filter));
  if (!view.ok()) return view.status();
  const BoostGraph& g = view->graph;
  auto s_it = view->vertex_of.find(source->id);
  auto t_it = view->vertex_of.find(target->id);
  if (s_it == view->vertex_of.end() || t_it == view->vertex_of.end()) return no_path;
  const Vertex s = s_it->second;
  const Vertex t = t_it->second;

  constexpr int kUnseen = -1;
  std::vector<int> distance(boost::num_vertices(g), kUnseen);
  std::vector<Vertex> predecessor(boost::num_vertices(g));
  distance[s] = 0;
  std::deque<Vertex> queue = {s};
  // Marks v reached from u; true when v is the target.
  auto reach = [&](Vertex u, Vertex v) {
    if (distance[v] != kUnseen) return false;
    if (v != t && !query_internal::TypeAccepted(filter, g[v].type)) return false;
    distance[v] = distance[u] + 1;
    predecessor[v] = u;
    queue.push_back(v);
    return v == t;
  };
  bool found = false;
  while (!queue.empty() && !found) {
    const Vertex u = queue.front();
    queue.pop_front();
    if (distance[u] >= max_depth) break;  // BFS order: every later vertex is as far.
    for (auto [it, end] = boost::out_edges(u, g); it != end && !found; ++it) {
      found = reach(u, boost::target(*it, g));
    }
    for (auto [it, end] = boost::in_edges(u, g); it != end && !found; ++it) {
      found = reach(u, boost::source(*it, g));
    }
  }
  if (!found) return no_path;

  std::vector<Vertex> vertices = {t};
  while (vertices.back() != s) vertices.push_back(predecessor[vertices.back()]);
  std::reverse(vertices.begin(), vertices.end());

  query_internal::DocCache docs(store);
  std::vector<PathStep> steps;
  for (size_t i = 0; i + 1 < vertices.size(); ++i) {
    const Vertex a = vertices[i];
    const Vertex b = vertices[i + 1];
    bool forward = true;
    std::optional<Edge> e = BestEdge(g, a, b, &forward);
    if (!e) return Status::Corruption("graph view lost the edge of a BFS step");
    const StoredTriple& triple = g[*e];
    Result<std::string> doc = docs.Key(triple.article);
    if (!doc.ok()) return doc.status();
    PathStep step;
    step.from = EntityRef{g[a].name, g[a].type};
    step.relation = triple.relation;
    step.to = EntityRef{g[b].name, g[b].type};
    step.forward = forward;
    step.date = triple.date;
    step.predicate = triple.predicate;
    step.evidence = triple.evidence;
    step.doc = std::move(*doc);
    steps.push_back(std::move(step));
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
