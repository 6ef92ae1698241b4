// Neighbors: depth 1 is one or two prefix scans on the store; deeper
// neighbourhoods run a level-by-level BFS on a GraphView.
//
// filter.entity_types applies to the far end of each edge (the neighbour),
// never to the queried entity. At depth > 1 a neighbour of another type is
// neither reported nor expanded.

#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/graph_view.h"
#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;
using query_internal::TypeAccepted;

// A row plus the triple's identity, which makes the order total.
struct RowWithKey {
  NeighborRow row;
  ArticleId article = 0;
  uint32_t ordinal = 0;
};

using RowKey = std::tuple<int, uint32_t, Relation, const std::string&, const std::string&,
                          ArticleId, uint32_t, bool>;

// Depth, date (unknown last), relation, then names and the triple's identity.
RowKey SortKey(const RowWithKey& r) {
  return RowKey(r.row.depth, DateOrder(r.row.date), r.row.relation, r.row.neighbor.name,
                r.row.from.name, r.article, r.ordinal, r.row.outgoing);
}

bool FollowsOut(Direction direction) { return direction != Direction::kIn; }
bool FollowsIn(Direction direction) { return direction != Direction::kOut; }

Status MakeRow(const StoredTriple& t, const EntityRef& from, const EntityRef& neighbor,
               bool outgoing, int depth, query_internal::DocCache* docs,
               std::vector<RowWithKey>* rows) {
  Result<std::string> doc = docs->Key(t.article);
  if (!doc.ok()) return doc.status();
  RowWithKey keyed;
  NeighborRow& row = keyed.row;
  row.neighbor = neighbor;
  row.from = from;
  row.relation = t.relation;
  row.outgoing = outgoing;
  row.depth = depth;
  row.date = t.date;
  row.predicate = t.predicate;
  row.evidence = t.evidence;
  row.doc = std::move(*doc);
  row.negated = t.negated;
  row.confidence = t.confidence;
  keyed.article = t.article;
  keyed.ordinal = t.ordinal;
  rows->push_back(std::move(keyed));
  return Status::Ok();
}

Status DirectNeighbors(const Store& store, const StoredEntity& start, Direction direction,
                       const TripleFilter& filter, std::vector<RowWithKey>* rows) {
  const TripleFilter scan_filter = query_internal::WithoutTypes(filter);
  const EntityRef start_ref = query_internal::RefOf(start);
  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  for (bool outgoing : {true, false}) {
    if (outgoing ? !FollowsOut(direction) : !FollowsIn(direction)) continue;
    std::vector<StoredTriple> triples;
    Status s = query_internal::CollectScan(store, start.id, outgoing, scan_filter, &triples);
    if (!s.ok()) return s;
    for (const StoredTriple& t : triples) {
      // A self-loop is in both scans; report it once.
      if (!outgoing && direction == Direction::kBoth && t.subject == t.object) continue;
      Result<EntityRef> far = entities.Ref(outgoing ? t.object : t.subject);
      if (!far.ok()) return far.status();
      if (!TypeAccepted(filter, far->type)) continue;
      s = MakeRow(t, start_ref, *far, outgoing, 1, &docs, rows);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Level d reports every edge from a level d-1 node to a node first reached at
// level d (several edges may reach the same node; all are reported).
Status BfsNeighbors(const Store& store, const StoredEntity& start, int depth, Direction direction,
                    const TripleFilter& filter, std::vector<RowWithKey>* rows) {
  Result<GraphView> view = BuildGraphView(store, query_internal::WithoutTypes(filter));
  if (!view.ok()) return view.status();
  const BoostGraph& g = view->graph;
  auto start_it = view->vertex_of.find(start.id);
  if (start_it == view->vertex_of.end()) return Status::Ok();
  query_internal::DocCache docs(store);

  constexpr int kUnseen = -1;
  std::vector<int> level(boost::num_vertices(g), kUnseen);
  level[start_it->second] = 0;
  std::vector<Vertex> frontier = {start_it->second};
  for (int d = 1; d <= depth && !frontier.empty(); ++d) {
    std::vector<Vertex> next;
    for (Vertex u : frontier) {
      const EntityRef near{g[u].name, g[u].type};
      auto visit = [&](Edge e, Vertex v, bool outgoing) -> Status {
        if (level[v] != kUnseen && level[v] < d) return Status::Ok();
        if (!TypeAccepted(filter, g[v].type)) return Status::Ok();
        if (level[v] == kUnseen) {
          level[v] = d;
          next.push_back(v);
        }
        return MakeRow(g[e], near, EntityRef{g[v].name, g[v].type}, outgoing, d, &docs, rows);
      };
      if (FollowsOut(direction)) {
        for (auto [it, end] = boost::out_edges(u, g); it != end; ++it) {
          Status s = visit(*it, boost::target(*it, g), true);
          if (!s.ok()) return s;
        }
      }
      if (FollowsIn(direction)) {
        for (auto [it, end] = boost::in_edges(u, g); it != end; ++it) {
          Status s = visit(*it, boost::source(*it, g), false);
          if (!s.ok()) return s;
        }
      }
    }
    frontier = std::move(next);
  }
  return Status::Ok();
}

Result<NeighborsAnswer> NeighborsImpl(const Store& store, const std::string& name, int depth,
                                      Direction direction, const TripleFilter& filter) {
  if (depth < 1) {
    return Status::InvalidArgument("depth must be at least 1, got " + std::to_string(depth));
  }
  Result<StoredEntity> start = query_internal::ResolveEntity(store, name);
  if (!start.ok()) return start.status();

  std::vector<RowWithKey> rows;
  Status s = depth == 1 ? DirectNeighbors(store, *start, direction, filter, &rows)
                        : BfsNeighbors(store, *start, depth, direction, filter, &rows);
  if (!s.ok()) return s;
  std::sort(rows.begin(), rows.end(),
            [](const RowWithKey& a, const RowWithKey& b) { return SortKey(a) < SortKey(b); });

  NeighborsAnswer answer;
  answer.entity = query_internal::RefOf(*start);
  answer.rows.reserve(rows.size());
  for (RowWithKey& keyed : rows) answer.rows.push_back(std::move(keyed.row));
  return answer;
}

}  // namespace

Result<NeighborsAnswer> Neighbors(const Store& store, const std::string& name, int depth,
                                  Direction direction, const TripleFilter& filter) {
  try {
    return NeighborsImpl(store, name, depth, direction, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("neighbors", e);
  }
}

}  // namespace geokg
