#include "geokg/graph_view.h"

#include <algorithm>
#include <exception>

namespace geokg {

Result<GraphView> BuildGraphView(const Store& store, const TripleFilter& filter) {
  try {
    GraphView view;
    Status s = store.ForEachEntity([&](const StoredEntity& e) {
      if (!filter.entity_types.empty() &&
          std::find(filter.entity_types.begin(), filter.entity_types.end(), e.type) ==
              filter.entity_types.end()) {
        return true;
      }
      const Vertex v = boost::add_vertex(VertexProps{e.id, e.name, e.type}, view.graph);
      view.vertex_of.emplace(e.id, v);
      return true;
    });
    if (!s.ok()) return s;

    // Entity types were applied to the vertices; edges only need both ends
    // loaded, so the store need not look types up again.
    TripleFilter edge_filter = filter;
    edge_filter.entity_types.clear();
    s = store.ForEachTriple(edge_filter, [&](const StoredTriple& t) {
      auto from = view.vertex_of.find(t.subject);
      auto to = view.vertex_of.find(t.object);
      if (from != view.vertex_of.end() && to != view.vertex_of.end()) {
        boost::add_edge(from->second, to->second, t, view.graph);
      }
      return true;
    });
    if (!s.ok()) return s;
    // Explicit move: the by-value Result constructor would otherwise copy.
    return Result<GraphView>(std::move(view));
  } catch (const std::exception& e) {
    return Status::IOError(std::string("cannot build the graph view: ") + e.what());
  }
}

}  // namespace geokg
