// Graph algorithms over the store's snapshot, computed with Boost.Graph:
// degree and PageRank centrality, weakly connected components, every
// shortest path between two entities, and ego networks.
//
// Each function builds a boost::compressed_sparse_row_graph of the
// "algorithm graph" (query.h) from the snapshot's arrays: nodes are
// renumbered densely (only endpoints of accepted triples), and every accepted
// triple becomes two arcs, one each way, carrying the snapshot edge id. The
// undirected graphs are kept in a small process-wide cache keyed by the
// snapshot and the filter, so a long-running process (geokg serve) answers
// repeated questions without rebuilding them.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/page_rank.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>

#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "query_internal.h"

namespace geokg {
namespace {

using EdgeId = GraphSnapshot::EdgeId;
using query_internal::DateOrder;
using query_internal::TypeAccepted;

// Edge property: the snapshot edge id of the arc's triple.
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeId,
                                               boost::no_property, uint32_t, uint32_t>;
using Vertex = boost::graph_traits<Csr>::vertex_descriptor;

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr int kPageRankIterations = 50;
constexpr double kDamping = 0.85;
constexpr size_t kCacheEntries = 4;
constexpr size_t kHubs = 3;

// The undirected algorithm graph of one filter over one snapshot.
struct AlgoGraph {
  std::shared_ptr<const GraphSnapshot> snapshot;  // Keeps the arrays alive.
  std::vector<EntityId> entity_of;                // Node -> entity id.
  std::vector<uint32_t> node_of;                  // Entity id -> node, or kNone.
  uint64_t triples = 0;
  Csr g;  // Every accepted triple as two arcs (a self-loop as two arcs too).

  // PageRank of the nodes (TopEntities), computed on first use.
  mutable std::mutex rank_mutex;
  mutable std::shared_ptr<const std::vector<double>> rank;

  uint32_t NodeOf(EntityId id) const { return id < node_of.size() ? node_of[id] : kNone; }
};

// Cache key: the snapshot object and every field of the filter that shapes
// the graph.
struct GraphKey {
  const GraphSnapshot* snapshot;
  bool types_on_edges;
  uint32_t since, until;
  std::vector<Relation> relations;
  std::vector<EntityType> entity_types;

  bool operator==(const GraphKey& o) const {
    return std::tie(snapshot, types_on_edges, since, until, relations, entity_types) ==
           std::tie(o.snapshot, o.types_on_edges, o.since, o.until, o.relations, o.entity_types);
  }
};

GraphKey KeyOf(const GraphSnapshot* snapshot, const TripleFilter& filter, bool types_on_edges) {
  GraphKey key{
      snapshot, types_on_edges, filter.since.yyyymmdd, filter.until.yyyymmdd, filter.relations, {}};
  if (types_on_edges) key.entity_types = filter.entity_types;
  std::sort(key.relations.begin(), key.relations.end());
  std::sort(key.entity_types.begin(), key.entity_types.end());
  return key;
}

std::shared_ptr<const AlgoGraph> BuildGraph(std::shared_ptr<const GraphSnapshot> snapshot,
                                            const TripleFilter& filter, bool types_on_edges) {
  auto graph = std::make_shared<AlgoGraph>();
  const GraphSnapshot& s = *snapshot;
  graph->node_of.assign(s.node_count(), kNone);
  auto type_accepted = [&](EntityId v) {
    return !types_on_edges || TypeAccepted(filter, s.type(v));
  };
  std::vector<std::pair<uint32_t, uint32_t>> arcs;
  std::vector<EdgeId> ids;
  auto node = [&](EntityId v) {
    uint32_t& n = graph->node_of[v];
    if (n == kNone) {
      n = static_cast<uint32_t>(graph->entity_of.size());
      graph->entity_of.push_back(v);
    }
    return n;
  };
  for (EdgeId e = 0; e < s.edge_count(); ++e) {
    if (!filter.Accepts(s.relation(e), s.date(e))) continue;
    const EntityId a = s.subject(e);
    const EntityId b = s.object(e);
    if (!type_accepted(a) || !type_accepted(b)) continue;
    const uint32_t na = node(a);
    const uint32_t nb = node(b);
    arcs.emplace_back(na, nb);
    arcs.emplace_back(nb, na);
    ids.push_back(e);
    ids.push_back(e);
    ++graph->triples;
  }
  graph->g = Csr(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), ids.begin(),
                 static_cast<uint32_t>(graph->entity_of.size()));
  graph->snapshot = std::move(snapshot);
  return graph;
}

// The algorithm graph of `filter` over the store's current snapshot, from
// the cache when it holds it. Thread-safe.
Result<std::shared_ptr<const AlgoGraph>> GraphFor(const Store& store, const TripleFilter& filter,
                                                  bool types_on_edges) {
  static std::mutex mutex;
  static std::list<std::pair<GraphKey, std::shared_ptr<const AlgoGraph>>> cache;  // MRU first.
  Result<std::shared_ptr<const GraphSnapshot>> snapshot = store.Snapshot();
  if (!snapshot.ok()) return snapshot.status();
  const GraphKey key = KeyOf(snapshot->get(), filter, types_on_edges);
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto it = cache.begin(); it != cache.end(); ++it) {
      if (it->first == key) {
        cache.splice(cache.begin(), cache, it);
        return cache.front().second;
      }
    }
  }
  // Built outside the lock; two threads may build the same graph once each.
  std::shared_ptr<const AlgoGraph> graph = BuildGraph(*snapshot, filter, types_on_edges);
  std::lock_guard<std::mutex> lock(mutex);
  cache.emplace_front(key, graph);
  while (cache.size() > kCacheEntries) cache.pop_back();
  return graph;
}

// A FIFO for boost::breadth_first_visit that refuses vertices `keep` turns
// down: they are discovered (coloured, distance recorded) but never expanded.
template <typename Keep>
class FilteringQueue {
 public:
  using value_type = Vertex;
  explicit FilteringQueue(Keep keep) : keep_(std::move(keep)) {}
  void push(Vertex v) {
    if (keep_(v)) items_.push_back(v);
  }
  Vertex& top() { return items_[head_]; }
  const Vertex& top() const { return items_[head_]; }
  void pop() { ++head_; }
  bool empty() const { return head_ == items_.size(); }
  size_t size() const { return items_.size() - head_; }

 private:
  Keep keep_;
  std::vector<Vertex> items_;
  size_t head_ = 0;
};

// Records breadth-first distances, and calls on_discover(v) for every vertex
// reached by a tree edge.
template <typename OnDiscover>
class DistanceRecorder : public boost::default_bfs_visitor {
 public:
  DistanceRecorder(std::vector<int>* distance, OnDiscover on_discover)
      : distance_(distance), on_discover_(std::move(on_discover)) {}
  template <typename Edge, typename Graph>
  void tree_edge(Edge e, const Graph& g) {
    const Vertex v = boost::target(e, g);
    (*distance_)[v] = (*distance_)[boost::source(e, g)] + 1;
    on_discover_(v);
  }

 private:
  std::vector<int>* distance_;
  OnDiscover on_discover_;
};

// Breadth-first distances from `root` (-1 = not reached); vertices for
// which expand(v, distance) is false are reached but not expanded.
template <typename Expand, typename OnDiscover>
std::vector<int> Distances(const Csr& g, Vertex root, Expand expand, OnDiscover on_discover) {
  std::vector<int> distance(boost::num_vertices(g), -1);
  distance[root] = 0;
  std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
  auto keep = [&distance, &expand](Vertex v) { return expand(v, distance[v]); };
  FilteringQueue<decltype(keep)> queue(keep);
  DistanceRecorder<OnDiscover> recorder(&distance, std::move(on_discover));
  boost::breadth_first_visit(
      g, root, queue, recorder,
      boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g)));
  return distance;
}

// ------------------------------------------------------------- Centrality

// The PageRank shares of the nodes of `graph` (built for `filter` with the
// types on the edges), computed once per graph. Thread-safe.
std::shared_ptr<const std::vector<double>> PageRankOf(const AlgoGraph& graph,
                                                      const TripleFilter& filter) {
  std::lock_guard<std::mutex> lock(graph.rank_mutex);
  if (graph.rank) return graph.rank;
  const GraphSnapshot& s = *graph.snapshot;
  const uint32_t n = static_cast<uint32_t>(graph.entity_of.size());
  // PageRank on the directed graph plus one hidden hub (node n): every node
  // without an outgoing arc points to the hub, the hub to every node.
  std::vector<std::pair<uint32_t, uint32_t>> arcs;
  arcs.reserve(graph.triples + 2 * n);
  std::vector<bool> has_out(n, false);
  for (uint32_t u = 0; u < n; ++u) {
    // The graph's edges leaving u's entity as the subject: the accepted
    // out-edges of the snapshot whose object is a node of an accepted type.
    for (EdgeId e : s.out_edges(graph.entity_of[u])) {
      if (!filter.Accepts(s.relation(e), s.date(e))) continue;
      if (!TypeAccepted(filter, s.type(s.subject(e))) ||
          !TypeAccepted(filter, s.type(s.object(e)))) {
        continue;
      }
      const uint32_t v = graph.node_of[s.object(e)];
      arcs.emplace_back(u, v);
      has_out[u] = true;
      if (IsSymmetric(s.relation(e)) && v != u) {
        arcs.emplace_back(v, u);
        has_out[v] = true;
      }
    }
  }
  for (uint32_t u = 0; u < n; ++u) {
    if (!has_out[u]) arcs.emplace_back(u, n);
    arcs.emplace_back(n, u);
  }
  using Digraph =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, uint32_t, uint32_t>;
  Digraph directed(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), n + 1);
  std::vector<double> rank(n + 1, 0.0);
  boost::graph::page_rank(
      directed,
      boost::make_iterator_property_map(rank.begin(), boost::get(boost::vertex_index, directed)),
      boost::graph::n_iterations(kPageRankIterations), kDamping, n + 1);
  double mass = 0;
  for (uint32_t u = 0; u < n; ++u) mass += rank[u];
  rank.resize(n);
  for (double& r : rank) r = mass > 0 ? r / mass : 0;
  graph.rank = std::make_shared<const std::vector<double>>(std::move(rank));
  return graph.rank;
}

Result<std::vector<RankedEntity>> TopEntitiesImpl(const Store& store, Centrality by, size_t limit,
                                                  const TripleFilter& filter) {
  if (limit < 1) return Status::InvalidArgument("limit must be at least 1");
  Result<std::shared_ptr<const AlgoGraph>> built = GraphFor(store, filter, true);
  if (!built.ok()) return built.status();
  const AlgoGraph& graph = **built;
  const uint32_t n = static_cast<uint32_t>(graph.entity_of.size());
  if (n == 0) return std::vector<RankedEntity>();

  std::shared_ptr<const std::vector<double>> ranks = PageRankOf(graph, filter);
  const std::vector<double>& rank = *ranks;

  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto degree = [&graph](uint32_t u) { return boost::out_degree(u, graph.g); };
  // Names only break exact ties; read them lazily.
  query_internal::EntityCache entities(store);
  Status failed;
  auto name_less = [&](uint32_t a, uint32_t b) {
    Result<EntityRef> ra = entities.Ref(graph.entity_of[a]);
    Result<EntityRef> rb = entities.Ref(graph.entity_of[b]);
    if (!ra.ok() || !rb.ok()) {
      if (failed.ok()) failed = !ra.ok() ? ra.status() : rb.status();
      return graph.entity_of[a] < graph.entity_of[b];
    }
    return std::make_pair(ra->name, graph.entity_of[a]) <
           std::make_pair(rb->name, graph.entity_of[b]);
  };
  auto better = [&](uint32_t a, uint32_t b) {
    using Key = std::pair<double, double>;
    const double da = static_cast<double>(degree(a));
    const double db = static_cast<double>(degree(b));
    const Key ka = by == Centrality::kDegree ? Key(da, rank[a]) : Key(rank[a], da);
    const Key kb = by == Centrality::kDegree ? Key(db, rank[b]) : Key(rank[b], db);
    if (ka != kb) return ka > kb;
    return name_less(a, b);
  };
  const size_t k = std::min<size_t>(limit, n);
  std::partial_sort(order.begin(), order.begin() + k, order.end(), better);
  if (!failed.ok()) return failed;
  std::vector<RankedEntity> rows;
  for (size_t i = 0; i < k; ++i) {
    const uint32_t u = order[i];
    Result<EntityRef> ref = entities.Ref(graph.entity_of[u]);
    if (!ref.ok()) return ref.status();
    rows.push_back({*ref, degree(u), rank[u]});
  }
  return rows;
}

// ------------------------------------------------------------- Components

Result<ComponentsAnswer> ComponentsImpl(const Store& store, const std::string& name, size_t limit,
                                        const TripleFilter& filter) {
  std::optional<StoredEntity> asked;
  if (!name.empty()) {
    Result<StoredEntity> entity = query_internal::ResolveEntity(store, name);
    if (!entity.ok()) return entity.status();
    asked = std::move(entity).value();
  }
  Result<std::shared_ptr<const AlgoGraph>> built = GraphFor(store, filter, true);
  if (!built.ok()) return built.status();
  const AlgoGraph& graph = **built;
  const uint32_t n = static_cast<uint32_t>(graph.entity_of.size());

  // Both arcs of every triple are present, so the directed CSR is the
  // undirected view connected_components needs.
  std::vector<uint32_t> component(n, 0);
  const uint32_t count =
      n == 0 ? 0
             : static_cast<uint32_t>(boost::connected_components(
                   graph.g, boost::make_iterator_property_map(
                                component.begin(), boost::get(boost::vertex_index, graph.g))));
  struct Info {
    uint64_t size = 0;
    uint64_t arcs = 0;
    EntityId oldest = std::numeric_limits<EntityId>::max();
    std::vector<uint32_t> members;  // Only for the components described.
  };
  std::vector<Info> info(count);
  for (uint32_t u = 0; u < n; ++u) {
    Info& c = info[component[u]];
    ++c.size;
    c.arcs += boost::out_degree(u, graph.g);
    c.oldest = std::min(c.oldest, graph.entity_of[u]);
  }
  std::vector<uint32_t> by_rank(count);
  std::iota(by_rank.begin(), by_rank.end(), 0);
  std::sort(by_rank.begin(), by_rank.end(), [&info](uint32_t a, uint32_t b) {
    return std::make_pair(-static_cast<int64_t>(info[a].size), info[a].oldest) <
           std::make_pair(-static_cast<int64_t>(info[b].size), info[b].oldest);
  });
  std::vector<uint64_t> rank_of(count);
  for (uint32_t r = 0; r < count; ++r) rank_of[by_rank[r]] = r + 1;

  ComponentsAnswer answer;
  answer.nodes = n;
  answer.edges = graph.triples;
  answer.count = count;
  const size_t shown = std::min<size_t>(limit, count);
  for (uint32_t u = 0; u < n; ++u) {
    if (rank_of[component[u]] <= shown) info[component[u]].members.push_back(u);
  }
  query_internal::EntityCache entities(store);
  for (size_t r = 0; r < shown; ++r) {
    Info& c = info[by_rank[r]];
    ComponentSummary summary;
    summary.rank = r + 1;
    summary.size = c.size;
    summary.edges = c.arcs / 2;
    const size_t hubs = std::min(kHubs, c.members.size());
    std::partial_sort(c.members.begin(), c.members.begin() + hubs, c.members.end(),
                      [&graph](uint32_t a, uint32_t b) {
                        const auto da = boost::out_degree(a, graph.g);
                        const auto db = boost::out_degree(b, graph.g);
                        if (da != db) return da > db;
                        return graph.entity_of[a] < graph.entity_of[b];
                      });
    for (size_t i = 0; i < hubs; ++i) {
      Result<EntityRef> ref = entities.Ref(graph.entity_of[c.members[i]]);
      if (!ref.ok()) return ref.status();
      summary.hubs.push_back(*ref);
    }
    answer.largest.push_back(std::move(summary));
  }
  if (asked) {
    EntityComponent where;
    where.entity = query_internal::RefOf(*asked);
    const uint32_t u = graph.NodeOf(asked->id);
    if (u != kNone) {
      where.rank = rank_of[component[u]];
      where.size = info[component[u]].size;
    }
    answer.entity = std::move(where);
  }
  return answer;
}

// ------------------------------------------------------------------ Paths

// The fact row cited for the step a - b (nodes of `graph`), and whether it
// is stored a -> b.
Result<std::pair<StoredTriple, bool>> StepEvidence(const Store& store, const AlgoGraph& graph,
                                                   uint32_t a, uint32_t b) {
  std::vector<EdgeId> candidates;
  for (auto e : boost::make_iterator_range(boost::out_edges(a, graph.g))) {
    if (boost::target(e, graph.g) == b) candidates.push_back(graph.g[e]);
  }
  return query_internal::BestEvidence(store, *graph.snapshot, std::move(candidates),
                                      graph.entity_of[a]);
}

uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  return a > std::numeric_limits<uint64_t>::max() - b ? std::numeric_limits<uint64_t>::max()
                                                      : a + b;
}

Result<PathsAnswer> AllShortestPathsImpl(const Store& store, const std::string& from,
                                         const std::string& to, int max_depth, size_t limit,
                                         const TripleFilter& filter) {
  if (limit < 1) return Status::InvalidArgument("limit must be at least 1");
  Result<query_internal::PathEnds> ends =
      query_internal::ResolvePathEnds(store, from, to, max_depth);
  if (!ends.ok()) return ends.status();
  const StoredEntity* source = &ends->source;
  const StoredEntity* target = &ends->target;
  const Status& no_path = ends->no_path;
  Result<std::shared_ptr<const AlgoGraph>> built = GraphFor(store, filter, false);
  if (!built.ok()) return built.status();
  const AlgoGraph& graph = **built;
  const GraphSnapshot& snap = *graph.snapshot;
  const uint32_t s = graph.NodeOf(source->id);
  const uint32_t t = graph.NodeOf(target->id);
  if (s == kNone || t == kNone) return no_path;
  auto allowed = [&](uint32_t v) {
    return v == s || v == t || TypeAccepted(filter, snap.type(graph.entity_of[v]));
  };
  // Only allowed nodes closer than the bound are expanded; the endpoints
  // are never crossed.
  auto no_op = [](Vertex) {};
  const std::vector<int> from_s = Distances(
      graph.g, s, [&](Vertex v, int d) { return v != t && d < max_depth && allowed(v); }, no_op);
  const int length = from_s[t];
  if (length < 0) return no_path;
  const std::vector<int> from_t = Distances(
      graph.g, t, [&](Vertex v, int d) { return v != s && d < length && allowed(v); }, no_op);

  // The successors of u on some shortest path, by entity id, without repeats.
  auto next = [&](uint32_t u) {
    std::vector<uint32_t> out;
    for (auto e : boost::make_iterator_range(boost::out_edges(u, graph.g))) {
      const uint32_t v = static_cast<uint32_t>(boost::target(e, graph.g));
      if (from_s[v] == from_s[u] + 1 && from_t[v] == length - from_s[v] && allowed(v)) {
        out.push_back(v);
      }
    }
    std::sort(out.begin(), out.end(),
              [&graph](uint32_t a, uint32_t b) { return graph.entity_of[a] < graph.entity_of[b]; });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };

  // Count the paths (memoised on the shortest-path DAG) and collect the
  // first `limit` in depth-first order.
  std::vector<uint64_t> count(boost::num_vertices(graph.g), 0);
  std::vector<bool> counted(boost::num_vertices(graph.g), false);
  std::vector<std::vector<uint32_t>> found;
  std::vector<uint32_t> current = {s};
  std::function<uint64_t(uint32_t)> walk = [&](uint32_t u) -> uint64_t {
    if (u == t) {
      if (found.size() < limit) found.push_back(current);
      return 1;
    }
    if (counted[u] && found.size() >= limit) return count[u];
    uint64_t total = 0;
    for (uint32_t v : next(u)) {
      current.push_back(v);
      total = SaturatingAdd(total, walk(v));
      current.pop_back();
    }
    count[u] = total;
    counted[u] = true;
    return total;
  };
  PathsAnswer answer;
  answer.length = length;
  answer.total = walk(s);

  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  for (const std::vector<uint32_t>& nodes : found) {
    std::vector<PathStep> steps;
    for (size_t i = 0; i + 1 < nodes.size(); ++i) {
      Result<std::pair<StoredTriple, bool>> evidence =
          StepEvidence(store, graph, nodes[i], nodes[i + 1]);
      if (!evidence.ok()) return evidence.status();
      Result<PathStep> step = query_internal::MakePathStep(
          graph.entity_of[nodes[i]], graph.entity_of[nodes[i + 1]], *evidence, &entities, &docs);
      if (!step.ok()) return step.status();
      steps.push_back(std::move(step).value());
    }
    answer.paths.push_back(std::move(steps));
  }
  return answer;
}

// -------------------------------------------------------------------- Ego

Result<EgoAnswer> EgoNetworkImpl(const Store& store, const std::string& name, int depth,
                                 size_t max_nodes, size_t max_edges, const TripleFilter& filter) {
  if (depth < 1) return Status::InvalidArgument("depth must be at least 1");
  if (max_nodes < 1) return Status::InvalidArgument("node limit must be at least 1");
  Result<StoredEntity> center = query_internal::ResolveEntity(store, name);
  if (!center.ok()) return center.status();
  EgoAnswer answer;
  answer.center = query_internal::RefOf(*center);
  answer.depth = depth;
  answer.nodes.push_back({answer.center, 0, 0});

  Result<std::shared_ptr<const AlgoGraph>> built = GraphFor(store, filter, false);
  if (!built.ok()) return built.status();
  const AlgoGraph& graph = **built;
  const GraphSnapshot& snap = *graph.snapshot;
  const uint32_t c = graph.NodeOf(center->id);
  if (c == kNone) return answer;  // No accepted triple: the centre alone.

  // Nodes in breadth-first order; position[v] is v's index in `order`.
  std::vector<uint32_t> order = {c};
  std::vector<uint32_t> position(boost::num_vertices(graph.g), kNone);
  position[c] = 0;
  auto allowed = [&](Vertex v) {
    return v == c || TypeAccepted(filter, snap.type(graph.entity_of[v]));
  };
  auto on_discover = [&](Vertex v) {
    if (!allowed(v)) return;
    if (order.size() >= max_nodes) {
      answer.truncated = true;
      return;
    }
    position[v] = static_cast<uint32_t>(order.size());
    order.push_back(static_cast<uint32_t>(v));
  };
  const std::vector<int> distance = Distances(
      graph.g, c, [&](Vertex v, int d) { return position[v] != kNone && d < depth; }, on_discover);

  // Edges: each triple once, listed with its later-placed end. A triple
  // between two nodes has two arcs: the one leaving the later-placed end is
  // kept. A self-loop's two arcs both leave its node: the second is skipped.
  std::vector<EdgeId> edges;
  std::vector<EdgeId> loops;
  for (uint32_t i = 0; i < order.size(); ++i) {
    const uint32_t u = order[i];
    loops.clear();
    for (auto e : boost::make_iterator_range(boost::out_edges(u, graph.g))) {
      const uint32_t v = static_cast<uint32_t>(boost::target(e, graph.g));
      const uint32_t p = position[v];
      if (p == kNone || p > i) continue;
      const EdgeId id = graph.g[e];
      if (p == i) {
        if (std::find(loops.begin(), loops.end(), id) != loops.end()) continue;
        loops.push_back(id);
      }
      edges.push_back(id);
    }
  }
  std::vector<uint64_t> degree(order.size(), 0);
  for (EdgeId e : edges) {
    ++degree[position[graph.node_of[snap.subject(e)]]];
    ++degree[position[graph.node_of[snap.object(e)]]];
  }
  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  answer.nodes.clear();
  for (uint32_t i = 0; i < order.size(); ++i) {
    Result<EntityRef> ref = entities.Ref(graph.entity_of[order[i]]);
    if (!ref.ok()) return ref.status();
    answer.nodes.push_back({*ref, distance[order[i]], degree[i]});
  }
  if (edges.size() > max_edges) {
    answer.truncated = true;
    edges.resize(max_edges);
  }
  for (EdgeId e : edges) {
    Result<StoredTriple> t = store.GetTriple(snap.article(e), snap.ordinal(e));
    if (!t.ok()) return t.status();
    Result<EntityRef> subject = entities.Ref(t->subject);
    if (!subject.ok()) return subject.status();
    Result<EntityRef> object = entities.Ref(t->object);
    if (!object.ok()) return object.status();
    Result<std::string> doc = docs.Key(t->article);
    if (!doc.ok()) return doc.status();
    EgoEdge edge;
    edge.subject = *subject;
    edge.relation = t->relation;
    edge.object = *object;
    edge.date = t->date;
    edge.negated = t->negated;
    edge.confidence = t->confidence;
    edge.predicate = t->predicate;
    edge.evidence = t->evidence;
    edge.doc = std::move(*doc);
    answer.edges.push_back(std::move(edge));
  }
  return answer;
}

}  // namespace

bool ParseCentrality(std::string_view text, Centrality* by) {
  const std::string lower = query_internal::LowerAscii(text);
  if (lower == "degree") {
    *by = Centrality::kDegree;
  } else if (lower == "pagerank") {
    *by = Centrality::kPageRank;
  } else {
    return false;
  }
  return true;
}

Result<std::vector<RankedEntity>> TopEntities(const Store& store, Centrality by, size_t limit,
                                              const TripleFilter& filter) {
  try {
    return TopEntitiesImpl(store, by, limit, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("top", e);
  }
}

Result<ComponentsAnswer> Components(const Store& store, const std::string& name, size_t limit,
                                    const TripleFilter& filter) {
  try {
    return ComponentsImpl(store, name, limit, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("components", e);
  }
}

Result<PathsAnswer> AllShortestPaths(const Store& store, const std::string& from,
                                     const std::string& to, int max_depth, size_t limit,
                                     const TripleFilter& filter) {
  try {
    return AllShortestPathsImpl(store, from, to, max_depth, limit, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("paths", e);
  }
}

Result<EgoAnswer> EgoNetwork(const Store& store, const std::string& name, int depth,
                             size_t max_nodes, size_t max_edges, const TripleFilter& filter) {
  try {
    return EgoNetworkImpl(store, name, depth, max_nodes, max_edges, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("ego", e);
  }
}

}  // namespace geokg
