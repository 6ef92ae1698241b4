// WalkExportGraph / CollectExportGraph: the nodes and edges every export
// format writes (export_graph.h).
//
// Unscoped, the walk makes two passes over the triples: the first counts
// each node's degree within the export (and so decides, under a date or
// relation restriction, which nodes are endpoints), the second visits the
// edges. Only ids and degrees are held; evidence text lives one edge at a
// time. Scoped (an ego network), the node set comes from EgoNetwork and the
// edges from each member's outgoing scan, so the work is bounded by the
// neighbourhood, not the store.

#include "export_graph.h"

#include <limits>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace query_internal {
namespace {

ExportNode NodeOf(const StoredEntity& entity, uint64_t degree) {
  ExportNode node;
  node.id = entity.id;
  node.name = entity.name;
  node.type = entity.type;
  node.aliases = entity.aliases;
  node.degree = degree;
  return node;
}

ExportEdge EdgeOf(const StoredTriple& t, std::string doc) {
  ExportEdge edge;
  edge.article = t.article;
  edge.ordinal = t.ordinal;
  edge.subject = t.subject;
  edge.object = t.object;
  edge.relation = t.relation;
  edge.date = t.date;
  edge.doc = std::move(doc);
  edge.sentence = t.sentence;
  edge.negated = t.negated;
  edge.confidence = t.confidence;
  edge.predicate = t.predicate;
  edge.evidence = t.evidence;
  return edge;
}

Status MissingArticle(const StoredTriple& t) {
  return Status::Corruption("triple t" + std::to_string(t.article) + "-" +
                            std::to_string(t.ordinal) + " names a missing article");
}

Status WalkWhole(const Store& store, const TripleFilter& filter,
                 const std::function<bool(const ExportNode&)>& on_node,
                 const std::function<bool(const ExportEdge&)>& on_edge) {
  std::map<EntityId, StoredEntity> entities;  // Accepted types, in id order.
  // The same set by id (ids are dense), for the per-triple checks: an array
  // read instead of a tree walk per endpoint.
  std::vector<bool> accepted_id;
  Status s = store.ForEachEntity([&](const StoredEntity& entity) {
    if (!TypeAccepted(filter, entity.type)) return true;
    entities.emplace(entity.id, entity);
    if (entity.id >= accepted_id.size()) accepted_id.resize(entity.id + 1, false);
    accepted_id[entity.id] = true;
    return true;
  });
  if (!s.ok()) return s;
  std::unordered_map<ArticleId, std::string> docs;
  s = store.ForEachArticle([&](const StoredArticle& article) {
    docs.emplace(article.id, article.key);
    return true;
  });
  if (!s.ok()) return s;

  const TripleFilter scan_filter = WithoutTypes(filter);
  auto accepted = [&](const StoredTriple& t) {
    return t.subject < accepted_id.size() && accepted_id[t.subject] &&
           t.object < accepted_id.size() && accepted_id[t.object];
  };
  // Pass 1: degrees within the export, by id. A self-loop counts once, as
  // in Store::Degree.
  std::vector<uint64_t> degree(accepted_id.size(), 0);
  s = store.ForEachTriple(scan_filter, [&](const StoredTriple& t) {
    if (!accepted(t)) return true;
    ++degree[t.subject];
    if (t.object != t.subject) ++degree[t.object];
    return true;
  });
  if (!s.ok()) return s;

  const bool restricted = filter.since.known() || filter.until.known() || !filter.relations.empty();
  for (const auto& [id, entity] : entities) {
    const uint64_t d = degree[id];
    if (restricted && d == 0) continue;
    if (!on_node(NodeOf(entity, d))) return Status::Ok();
  }
  // Pass 2: the edges.
  Status failed = Status::Ok();
  s = store.ForEachTriple(scan_filter, [&](const StoredTriple& t) {
    if (!accepted(t)) return true;
    auto doc = docs.find(t.article);
    if (doc == docs.end()) {
      failed = MissingArticle(t);
      return false;
    }
    return on_edge(EdgeOf(t, doc->second));
  });
  if (!s.ok()) return s;
  return failed;
}

Status WalkScoped(const Store& store, const TripleFilter& filter, const ExportScope& scope,
                  const std::function<bool(const ExportNode&)>& on_node,
                  const std::function<bool(const ExportEdge&)>& on_edge) {
  if (scope.depth < 1) {
    return Status::InvalidArgument("--depth must be at least 1, got " +
                                   std::to_string(scope.depth));
  }
  constexpr size_t kUnbounded = std::numeric_limits<size_t>::max();
  Result<EgoAnswer> ego = EgoNetwork(store, scope.around, scope.depth, kUnbounded, 1, filter);
  if (!ego.ok()) return ego.status();
  // The ego network spares its centre the type filter; an export does not:
  // every node is of an accepted type, as in the unscoped walk.
  std::map<EntityId, StoredEntity> members;
  for (const EgoNode& node : ego->nodes) {
    if (!TypeAccepted(filter, node.entity.type)) continue;
    Result<StoredEntity> entity = store.FindEntity(node.entity.name);
    if (!entity.ok()) return entity.status();
    members.emplace(entity->id, std::move(*entity));
  }
  const TripleFilter scan_filter = WithoutTypes(filter);
  std::vector<StoredTriple> edges;
  std::unordered_map<EntityId, uint64_t> degree;
  for (const auto& [id, entity] : members) {
    std::vector<StoredTriple> out;
    Status s = CollectScan(store, id, /*outgoing=*/true, scan_filter, &out);
    if (!s.ok()) return s;
    for (StoredTriple& t : out) {
      if (members.count(t.object) == 0) continue;
      ++degree[t.subject];
      if (t.object != t.subject) ++degree[t.object];
      edges.push_back(std::move(t));
    }
  }
  for (const auto& [id, entity] : members) {
    if (!on_node(NodeOf(entity, degree[id]))) return Status::Ok();
  }
  DocCache docs(store);
  for (const StoredTriple& t : edges) {
    Result<std::string> doc = docs.Key(t.article);
    if (!doc.ok()) return doc.status().IsNotFound() ? MissingArticle(t) : doc.status();
    if (!on_edge(EdgeOf(t, std::move(*doc)))) return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Status WalkExportGraph(const Store& store, const TripleFilter& filter, const ExportScope& scope,
                       const std::function<bool(const ExportNode&)>& on_node,
                       const std::function<bool(const ExportEdge&)>& on_edge) {
  if (scope.around.empty()) return WalkWhole(store, filter, on_node, on_edge);
  return WalkScoped(store, filter, scope, on_node, on_edge);
}

Result<ExportGraph> CollectExportGraph(const Store& store, const TripleFilter& filter,
                                       const ExportScope& scope, uint64_t max_edges) {
  ExportGraph graph;
  bool too_big = false;
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        graph.nodes.push_back(node);
        return true;
      },
      [&](const ExportEdge& edge) {
        if (graph.edges.size() >= max_edges) {
          too_big = true;
          return false;
        }
        graph.edges.push_back(edge);
        return true;
      });
  if (!s.ok()) return s;
  if (too_big) {
    return Status::InvalidArgument(
        "the graph has more than " + std::to_string(max_edges) +
        " edges, too many to draw; narrow it with --around NAME --depth K, --relation, "
        "--type, --since or --until");
  }
  return graph;
}

}  // namespace query_internal
}  // namespace geokg
