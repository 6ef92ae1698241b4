// An immutable Boost.Graph snapshot of (a filtered part of) the store.
//
// The Boost type is the point of this header: query code runs Boost.Graph
// algorithms (BFS, shortest paths) on it directly. A snapshot is built once
// and never mutated (vecS would renumber vertices on removal); build a new
// one to see new data. Safe to read from many threads.
#ifndef GEOKG_GRAPH_VIEW_H_
#define GEOKG_GRAPH_VIEW_H_

#include <string>
#include <unordered_map>

#include <boost/graph/adjacency_list.hpp>

#include "geokg/graph.h"

namespace geokg {

struct VertexProps {
  EntityId entity = 0;  // Stable store id; Boost's vertex index is not.
  std::string name;
  EntityType type = EntityType::kOther;
};

// One edge per stored triple: parallel edges are kept.
using EdgeProps = StoredTriple;

using BoostGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;
using Vertex = boost::graph_traits<BoostGraph>::vertex_descriptor;
using Edge = boost::graph_traits<BoostGraph>::edge_descriptor;

struct GraphView {
  BoostGraph graph;
  std::unordered_map<EntityId, Vertex> vertex_of;  // Store id -> vertex.

  GraphView() = default;
  // Boost 1.74's adjacency_list has no move constructor: its implicit "move"
  // is a deep copy. Moving a view swaps instead, and copying is not allowed
  // (a snapshot is shared by reference).
  GraphView(GraphView&& other) noexcept { Swap(other); }
  GraphView& operator=(GraphView&& other) noexcept {
    Swap(other);
    return *this;
  }
  GraphView(const GraphView&) = delete;
  GraphView& operator=(const GraphView&) = delete;
  void Swap(GraphView& other) noexcept {
    graph.swap(other.graph);
    vertex_of.swap(other.vertex_of);
  }
};

// Loads every entity accepted by filter.entity_types (all of them when the
// filter has none; also those without triples) and every triple accepted by
// `filter` whose endpoints are loaded.
Result<GraphView> BuildGraphView(const Store& store, const TripleFilter& filter);

}  // namespace geokg

#endif  // GEOKG_GRAPH_VIEW_H_
