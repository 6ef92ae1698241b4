// The graph an export writes: which nodes and edges a filter and an optional
// ego scope select. Not a public header; every export format (graphml, gexf,
// cyjs, csv, dot, svg, html) and the report are written from it, so they all
// agree on what "the exported graph" is.
//
// Two ways to read it:
//  - WalkExportGraph streams it (nodes first, then edges) and holds only ids
//    and degrees in memory, so textual formats scale to the whole store;
//  - CollectExportGraph materialises it, for formats that need every element
//    at once (a layout, an HTML page); callers cap its size.
#ifndef GEOKG_QUERY_SRC_EXPORT_GRAPH_H_
#define GEOKG_QUERY_SRC_EXPORT_GRAPH_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geokg/graph.h"

namespace geokg {
namespace query_internal {

// Which part of the store to export. An empty `around` exports the whole
// filtered graph; otherwise the ego network of `around` (resolved by any
// alias; NotFound with "did you mean" when unknown) within `depth` (>= 1)
// steps ignoring direction, as EgoNetwork defines it.
struct ExportScope {
  std::string around;
  int depth = 1;
};

struct ExportNode {
  EntityId id = 0;
  std::string name;
  EntityType type = EntityType::kOther;
  std::vector<std::string> aliases;
  uint64_t degree = 0;  // Exported edges touching the node (a self-loop once).
};

struct ExportEdge {
  ArticleId article = 0;
  uint32_t ordinal = 0;  // Edge id "t<article>-<ordinal>": stable across runs.
  EntityId subject = 0;
  EntityId object = 0;
  Relation relation = Relation::kRepresents;
  Date date;
  std::string doc;  // Article key.
  uint32_t sentence = 0;
  bool negated = false;
  float confidence = 0;
  std::string predicate;
  std::string evidence;
};

// Visits the nodes (in id order) and then the edges of the exported graph.
// A visitor returns false to stop (the walk then returns Ok). Node and edge
// counts of an unscoped walk equal ExportGraphml's, and so Store::Stats() when
// the filter is empty.
Status WalkExportGraph(const Store& store, const TripleFilter& filter, const ExportScope& scope,
                       const std::function<bool(const ExportNode&)>& on_node,
                       const std::function<bool(const ExportEdge&)>& on_edge);

struct ExportGraph {
  std::vector<ExportNode> nodes;  // Id order.
  std::vector<ExportEdge> edges;  // Walk order.
};

// WalkExportGraph into memory. InvalidArgument, naming the counts and the
// flags that narrow an export, when the graph has more than `max_edges`
// edges.
Result<ExportGraph> CollectExportGraph(const Store& store, const TripleFilter& filter,
                                       const ExportScope& scope, uint64_t max_edges);

}  // namespace query_internal
}  // namespace geokg

#endif  // GEOKG_QUERY_SRC_EXPORT_GRAPH_H_
