// WriteHtml: one self-contained page that works offline, with no external
// script or style: the graph (positions from ForceLayout), pan, zoom,
// hover details with evidence, a node's timeline on click, search and a
// relation filter (query/assets/graph_view.js, embedded at build time).
//
// The graph travels as JSON in <script type="application/json"> with <, >,
// &, U+2028 and U+2029 as \u escapes, so no text from an article can close
// the element or start markup; the script reads it with JSON.parse and puts
// text into the page through textContent only. The page's own error handler
// writes any script error into #errors (the Chromium test reads it), and
// #node-count / svg[data-nodes] state the number of nodes drawn.

#include <string>

#include "exporters.h"
#include "geokg_assets.h"
#include "xml_escape.h"

namespace geokg {
namespace query_internal {
namespace {

constexpr double kLayoutWidth = 1100;
constexpr double kLayoutHeight = 760;

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  AppendJsonForHtml(text, out);
  out->push_back('"');
}

}  // namespace

void AppendGraphView(const ExportGraph& graph, std::string* b) {
  const std::vector<std::pair<double, double>> xy = ForceLayout(graph, kLayoutWidth, kLayoutHeight);
  *b +=
      "<header><input id=\"search\" type=\"search\" "
      "placeholder=\"Search entities\"> <span id=\"hits\"></span> <span "
      "id=\"node-count\"></span> nodes, <span id=\"edge-count\"></span> edges <span "
      "id=\"relations\"></span></header>\n"
      "<svg id=\"graph\" xmlns=\"http://www.w3.org/2000/svg\"><g id=\"viewport\" "
      "transform=\"translate(20,20)\"></g></svg>\n"
      "<div id=\"tip\"></div>\n<aside id=\"panel\"></aside>\n<pre id=\"errors\"></pre>\n"
      "<script type=\"application/json\" id=\"geokg-data\">{\"nodes\":[";
  char number[32];
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const ExportNode& node = graph.nodes[i];
    if (i > 0) *b += ",";
    *b += "\n{\"id\":" + std::to_string(node.id) + ",\"name\":";
    AppendJsonString(node.name, b);
    *b += ",\"type\":\"";
    *b += EntityTypeName(node.type);
    *b += "\",\"degree\":" + std::to_string(node.degree) + ",\"aliases\":[";
    for (size_t a = 0; a < node.aliases.size(); ++a) {
      if (a > 0) *b += ",";
      AppendJsonString(node.aliases[a], b);
    }
    std::snprintf(number, sizeof(number), "%.1f", xy[i].first);
    *b += "],\"x\":";
    *b += number;
    std::snprintf(number, sizeof(number), "%.1f", xy[i].second);
    *b += ",\"y\":";
    *b += number;
    *b += "}";
  }
  *b += "],\"edges\":[";
  for (size_t i = 0; i < graph.edges.size(); ++i) {
    const ExportEdge& edge = graph.edges[i];
    if (i > 0) *b += ",";
    *b += "\n{\"id\":\"" + EdgeId(edge) + "\",\"s\":" + std::to_string(edge.subject) +
          ",\"t\":" + std::to_string(edge.object) + ",\"relation\":\"";
    *b += RelationName(edge.relation);
    *b += "\",\"cls\":\"";
    *b += RelationClass(edge.relation);
    *b += "\",\"date\":\"" + edge.date.ToString() + "\",\"negated\":";
    *b += edge.negated ? "true" : "false";
    *b += ",\"predicate\":";
    AppendJsonString(edge.predicate, b);
    *b += ",\"evidence\":";
    AppendJsonString(edge.evidence, b);
    *b += ",\"doc\":";
    AppendJsonString(edge.doc, b);
    *b += "}";
  }
  *b += "]}</script>\n<script>\n";
  *b += kGraphViewJs;
  *b += "</script>\n";
}

void AppendPageHead(std::string_view title, std::string_view extra_css, std::string* b) {
  *b += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  AppendXmlEscaped(title, b);
  *b += "</title>\n<style>\n";
  *b += kGraphViewCss;
  *b += extra_css;
  *b += "</style>\n</head>\n<body>\n";
}

void AppendGraphPage(const ExportGraph& graph, std::string_view title, std::string* b) {
  AppendPageHead(title, "", b);
  AppendGraphView(graph, b);
  *b += "</body>\n</html>\n";
}

Result<ExportCounts> WriteHtml(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, uint64_t max_edges, std::ostream& out) {
  Result<ExportGraph> graph = CollectExportGraph(store, filter, scope, max_edges);
  if (!graph.ok()) return graph.status();
  std::string page;
  const std::string title = scope.around.empty() ? "geokg graph" : "geokg: around " + scope.around;
  AppendGraphPage(*graph, title, &page);
  out.write(page.data(), static_cast<std::streamsize>(page.size()));
  out.flush();
  if (!out) return Status::IOError("html: writing the export failed");
  return ExportCounts{graph->nodes.size(), graph->edges.size()};
}

}  // namespace query_internal
}  // namespace geokg
