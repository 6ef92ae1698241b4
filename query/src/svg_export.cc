// WriteSvg: a static picture of the exported graph. Positions come from
// Boost.Graph's fruchterman_reingold_force_directed_layout (seeded, so the
// same graph draws the same picture), on the undirected simple graph of the
// export; disconnected pieces are kept apart by the layout's repulsion.
//
// Nodes are circles coloured by entity type, sized by degree; edges are
// arcs coloured cooperative (green), conflictual (red) or neutral (grey),
// parallel edges fanned out so each one is drawn; every element has a
// <title> (name, or relation, date and evidence) that viewers show on hover.
// Labels have a white halo (paint-order: stroke) so they stay legible over
// edges; past 150 nodes only the 150 of highest degree are labelled. The
// root element states data-nodes and data-edges. All text is XML-escaped.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/linear_congruential.hpp>

#include "exporters.h"
#include "xml_escape.h"

namespace geokg {
namespace query_internal {
namespace {

constexpr double kWidth = 1200;
constexpr double kHeight = 900;
constexpr double kMargin = 60;
constexpr double kLegendWidth = 170;
constexpr double kLabelRoom = 140;  // Right of the layout area, for the labels of its last column.
constexpr size_t kMaxLabels = 150;

using LayoutGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
using Topology = boost::square_topology<boost::minstd_rand>;
using Point = Topology::point_type;

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", v);
  return buffer;
}

double Radius(uint64_t degree) {
  return std::min(22.0, 4.0 + 2.0 * std::sqrt(static_cast<double>(degree)));
}

}  // namespace

std::vector<std::pair<double, double>> ForceLayout(const ExportGraph& graph, double width,
                                                   double height) {
  std::unordered_map<EntityId, size_t> index;
  for (size_t i = 0; i < graph.nodes.size(); ++i) index.emplace(graph.nodes[i].id, i);
  const size_t n = graph.nodes.size();
  std::vector<std::pair<double, double>> xy(n, {width / 2, height / 2});
  if (n == 0) return xy;
  // Nodes with an edge to another node are laid out by force; the others
  // (isolated, or only self-loops) go in rows along the bottom, where the
  // layout's repulsion would otherwise throw them against the border.
  std::set<std::pair<size_t, size_t>> pairs;
  for (const ExportEdge& e : graph.edges) {
    size_t a = index.at(e.subject), b = index.at(e.object);
    if (a == b) continue;
    pairs.emplace(std::min(a, b), std::max(a, b));
  }
  std::vector<size_t> slot(n, SIZE_MAX);  // Node -> vertex of the layout graph.
  std::vector<size_t> linked, isolated;
  for (const auto& [a, b] : pairs) {
    for (size_t v : {a, b}) {
      if (slot[v] == SIZE_MAX) {
        slot[v] = linked.size();
        linked.push_back(v);
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (slot[i] == SIZE_MAX) isolated.push_back(i);
  }
  constexpr double kIsolatedColumnWidth = 170;
  constexpr double kIsolatedRowHeight = 22;
  const size_t per_row = std::max<size_t>(1, static_cast<size_t>(width / kIsolatedColumnWidth));
  const size_t rows = (isolated.size() + per_row - 1) / per_row;
  const double band = linked.empty() ? height : std::min(height * 0.4, rows * kIsolatedRowHeight);
  // Rows closer together when there are more than the band holds: every
  // node stays inside the drawing, though labels may then overlap.
  const double isolated_row =
      rows <= 1 ? kIsolatedRowHeight : std::min(kIsolatedRowHeight, band / (rows - 1 + 0.5));
  for (size_t k = 0; k < isolated.size(); ++k) {
    xy[isolated[k]] = {(k % per_row) * kIsolatedColumnWidth,
                       height - band + (k / per_row) * isolated_row};
  }
  if (linked.empty()) return xy;
  const double area_h = height - band - (isolated.empty() ? 0 : kIsolatedRowHeight);

  // Each connected component is laid out on its own (repulsion between
  // components would only push them against the border), in a square whose
  // side grows with the square root of its size; the squares are then
  // packed in rows, largest first, and the whole scaled into the area.
  LayoutGraph g(linked.size());
  for (const auto& [a, b] : pairs) boost::add_edge(slot[a], slot[b], g);
  std::vector<int> component(linked.size());
  const int count = boost::connected_components(g, component.data());
  std::vector<std::vector<size_t>> members(count);
  for (size_t v = 0; v < linked.size(); ++v) members[component[v]].push_back(v);
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  constexpr double kUnit = 90;  // Side of a component's square per sqrt(node).
  std::vector<Point> local(linked.size());
  std::vector<double> sides;
  double total_area = 0;
  for (const std::vector<size_t>& nodes : members) {
    const double side = kUnit * std::sqrt(static_cast<double>(nodes.size()));
    sides.push_back(side);
    total_area += side * side;
    std::vector<size_t> local_index(linked.size(), SIZE_MAX);
    for (size_t k = 0; k < nodes.size(); ++k) local_index[nodes[k]] = k;
    LayoutGraph part(nodes.size());
    for (const auto& [a, b] : pairs) {
      const size_t la = local_index[slot[a]], lb = local_index[slot[b]];
      if (la != SIZE_MAX && lb != SIZE_MAX) boost::add_edge(la, lb, part);
    }
    std::vector<Point> position(nodes.size());
    if (nodes.size() <= 2) {
      // One above the other: their labels, right of the nodes, stay apart.
      for (size_t k = 0; k < nodes.size(); ++k) {
        position[k][0] = side * 0.15;
        position[k][1] = side * (k == 0 ? 0.25 : 0.75);
      }
    } else {
      boost::minstd_rand rng(42);
      Topology topology(rng, side / 2);  // Spans [-side/2, side/2].
      auto position_map = boost::make_iterator_property_map(position.begin(),
                                                            boost::get(boost::vertex_index, part));
      boost::random_graph_layout(part, position_map, topology);
      boost::fruchterman_reingold_force_directed_layout(
          part, position_map, topology,
          boost::cooling(boost::linear_cooling<double>(nodes.size() > 1000 ? 60 : 150)));
      for (Point& p : position) {
        p[0] += side / 2;
        p[1] += side / 2;
      }
    }
    for (size_t k = 0; k < nodes.size(); ++k) local[nodes[k]] = position[k];
  }
  // Shelf packing into rows about as wide as the area's aspect asks.
  const double aspect = width / std::max(area_h, 1.0);
  const double row_width = std::max(sides.front(), std::sqrt(total_area * aspect) * 1.1);
  double x = 0, y = 0, row_height = 0, used_width = 0;
  std::vector<std::pair<double, double>> origin(members.size());
  for (size_t c = 0; c < members.size(); ++c) {
    if (x > 0 && x + sides[c] > row_width) {
      x = 0;
      y += row_height;
      row_height = 0;
    }
    origin[c] = {x, y};
    x += sides[c];
    used_width = std::max(used_width, x);
    row_height = std::max(row_height, sides[c]);
  }
  const double used_height = y + row_height;
  const double scale = std::min(width / used_width, area_h / used_height);
  for (size_t c = 0; c < members.size(); ++c) {
    for (size_t v : members[c]) {
      xy[linked[v]] = {(origin[c].first + local[v][0]) * scale,
                       (origin[c].second + local[v][1]) * scale};
    }
  }
  return xy;
}

namespace {

void AppendLegend(std::string* b) {
  double y = kMargin;
  const double x = kWidth - kLegendWidth + 10;
  *b += "  <g class=\"legend\" font-size=\"12\">\n";
  for (EntityType type : {EntityType::kPerson, EntityType::kGpe, EntityType::kOrg,
                          EntityType::kGroup, EntityType::kOther}) {
    *b += "    <circle cx=\"" + Num(x + 6) + "\" cy=\"" + Num(y - 4) + "\" r=\"6\" fill=\"";
    *b += TypeColor(type);
    *b += "\"/><text x=\"" + Num(x + 18) + "\" y=\"" + Num(y) + "\">";
    *b += EntityTypeName(type);
    *b += "</text>\n";
    y += 20;
  }
  y += 10;
  for (Relation r : {Relation::kSupport, Relation::kAssault, Relation::kRepresents}) {
    *b += "    <line x1=\"" + Num(x) + "\" y1=\"" + Num(y - 4) + "\" x2=\"" + Num(x + 14) +
          "\" y2=\"" + Num(y - 4) + "\" stroke=\"";
    *b += RelationClassColor(r);
    *b += "\" stroke-width=\"2\"/><text x=\"" + Num(x + 18) + "\" y=\"" + Num(y) + "\">";
    *b += RelationClass(r);
    *b += "</text>\n";
    y += 20;
  }
  *b += "  </g>\n";
}

}  // namespace

Result<ExportCounts> WriteSvg(const Store& store, const TripleFilter& filter,
                              const ExportScope& scope, uint64_t max_edges, std::ostream& stream) {
  Result<ExportGraph> collected = CollectExportGraph(store, filter, scope, max_edges);
  if (!collected.ok()) return collected.status();
  const ExportGraph& graph = *collected;
  std::unordered_map<EntityId, size_t> index;
  for (size_t i = 0; i < graph.nodes.size(); ++i) index.emplace(graph.nodes[i].id, i);
  std::vector<std::pair<double, double>> xy =
      ForceLayout(graph, kWidth - kLegendWidth - kLabelRoom - 2 * kMargin, kHeight - 2 * kMargin);
  for (auto& [x, y] : xy) {
    x += kMargin;
    y += kMargin;
  }

  // Nodes labelled: all, or the kMaxLabels of highest degree.
  std::vector<bool> labelled(graph.nodes.size(), true);
  if (graph.nodes.size() > kMaxLabels) {
    std::vector<size_t> order(graph.nodes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return graph.nodes[a].degree > graph.nodes[b].degree;
    });
    std::fill(labelled.begin(), labelled.end(), false);
    for (size_t i = 0; i < kMaxLabels; ++i) labelled[order[i]] = true;
  }

  ChunkedOutput out(stream);
  std::string& b = out.buffer();
  b += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  b += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(kWidth) + "\" height=\"" +
       Num(kHeight) + "\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(kHeight) +
       "\" font-family=\"Helvetica, Arial, sans-serif\" data-nodes=\"" +
       std::to_string(graph.nodes.size()) + "\" data-edges=\"" +
       std::to_string(graph.edges.size()) + "\">\n";
  b += "  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n  <g class=\"edges\" "
       "fill=\"none\">\n";
  // Parallel edges between one pair fan out: the k-th bends by k steps.
  std::map<std::pair<size_t, size_t>, int> seen;
  for (const ExportEdge& e : graph.edges) {
    const size_t a = index.at(e.subject), c = index.at(e.object);
    const auto [x1, y1] = xy[a];
    const auto [x2, y2] = xy[c];
    const int k = seen[std::minmax(a, c)]++;
    // Bends count from the lower-numbered end, so that edges of the pair in
    // opposite directions fan out too instead of landing on each other.
    const double side = a < c ? 1.0 : -1.0;
    std::string d;
    if (a == c) {  // A self-loop: a small circle above the node.
      const double r = Radius(graph.nodes[a].degree) + 6 + 3 * k;
      d = "M" + Num(x1) + "," + Num(y1) + " a" + Num(r / 2) + "," + Num(r / 2) + " 0 1,1 0.1,0";
    } else {
      const double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      const double dx = x2 - x1, dy = y2 - y1;
      const double length = std::max(std::hypot(dx, dy), 1e-9);
      const double bend = side * (k % 2 == 0 ? 1 : -1) * 12.0 * ((k + 1) / 2);
      d = "M" + Num(x1) + "," + Num(y1) + " Q" + Num(mx - dy / length * bend) + "," +
          Num(my + dx / length * bend) + " " + Num(x2) + "," + Num(y2);
    }
    b += "    <path class=\"edge\" d=\"" + d + "\" stroke=\"";
    b += RelationClassColor(e.relation);
    b += "\" stroke-width=\"1.2\" stroke-opacity=\"0.7\"";
    if (e.negated) b += " stroke-dasharray=\"4 3\"";
    b += "><title>";
    std::string title = graph.nodes[a].name + " -" + std::string(RelationName(e.relation)) +
                        (e.negated ? " (not)" : "") + "-> " + graph.nodes[c].name + " " +
                        e.date.ToString() + ": " + e.evidence;
    AppendXmlEscaped(title, &b);
    b += "</title></path>\n";
    out.Maybe();
  }
  b += "  </g>\n  <g class=\"nodes\">\n";
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const ExportNode& node = graph.nodes[i];
    b += "    <circle class=\"node\" cx=\"" + Num(xy[i].first) + "\" cy=\"" + Num(xy[i].second) +
         "\" r=\"" + Num(Radius(node.degree)) + "\" fill=\"";
    b += TypeColor(node.type);
    b += "\" stroke=\"#ffffff\" stroke-width=\"1.5\"><title>";
    AppendXmlEscaped(node.name + " (" + std::string(EntityTypeName(node.type)) + ", " +
                         std::to_string(node.degree) + " edges)",
                     &b);
    b += "</title></circle>\n";
    out.Maybe();
  }
  b += "  </g>\n  <g class=\"labels\" font-size=\"11\" fill=\"#222222\" stroke=\"#ffffff\" "
       "stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n";
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    if (!labelled[i]) continue;
    b += "    <text x=\"" + Num(xy[i].first + Radius(graph.nodes[i].degree) + 3) + "\" y=\"" +
         Num(xy[i].second + 4) + "\">";
    AppendXmlEscaped(graph.nodes[i].name, &b);
    b += "</text>\n";
  }
  b += "  </g>\n";
  AppendLegend(&b);
  b += "</svg>\n";
  if (!out.Finish()) return Status::IOError("svg: writing the export failed");
  return ExportCounts{graph.nodes.size(), graph.edges.size()};
}

}  // namespace query_internal
}  // namespace geokg
