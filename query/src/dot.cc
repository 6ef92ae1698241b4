// WriteDot: Graphviz DOT, for `dot -Tsvg` or `sfdp -Tpng`. A digraph with
// quoted ids ("e<id>"), nodes filled by entity type, edges coloured by
// relation class and labelled with the relation; each edge carries its id,
// date and evidence (as a tooltip, which SVG output shows on hover).
//
// Text sits in double-quoted strings: backslash and quote are escaped (so
// Graphviz's \N, \G ... escapes never fire), line breaks become \n, and '&'
// is written &amp; because Graphviz decodes entities in labels; '<' and '>'
// need nothing there (a quoted string is never an HTML-like label) and
// Graphviz escapes them in its SVG. Malformed UTF-8 bytes are dropped.

#include <string>

#include "exporters.h"
#include "xml_escape.h"

namespace geokg {
namespace query_internal {
namespace {

void AppendQuoted(std::string_view raw, std::string* out) {
  std::string text;
  AppendValidUtf8(raw, &text);
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '"':
        *out += "\\\"";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        break;
      case '&':
        *out += "&amp;";
        break;
      default:
        out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace

Result<ExportCounts> WriteDot(const Store& store, const TripleFilter& filter,
                              const ExportScope& scope, std::ostream& stream) {
  ChunkedOutput out(stream);
  std::string& b = out.buffer();
  b += "digraph geokg {\n"
       "  graph [overlap=false, splines=true, fontname=\"Helvetica\"];\n"
       "  node [shape=ellipse, style=filled, fontname=\"Helvetica\", fontsize=10];\n"
       "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  ExportCounts counts;
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        b += "  \"e" + std::to_string(node.id) + "\" [label=";
        AppendQuoted(node.name, &b);
        b += ", fillcolor=\"";
        b += TypeColor(node.type);
        b += "\", type=\"";
        b += EntityTypeName(node.type);
        b += "\"];\n";
        ++counts.nodes;
        out.Maybe();
        return !out.failed();
      },
      [&](const ExportEdge& edge) {
        const std::string_view relation = RelationName(edge.relation);
        b += "  \"e" + std::to_string(edge.subject) + "\" -> \"e" + std::to_string(edge.object) +
             "\" [id=\"" + EdgeId(edge) + "\", label=\"";
        b += relation;
        b += edge.negated ? " (not)" : "";
        b += "\", color=\"";
        b += RelationClassColor(edge.relation);
        b += "\", date=\"" + edge.date.ToString() + "\", tooltip=";
        AppendQuoted(edge.evidence, &b);
        b += "];\n";
        ++counts.edges;
        out.Maybe();
        return !out.failed();
      });
  if (!s.ok()) return s;
  b += "}\n";
  if (!out.Finish()) return Status::IOError("dot: writing the export failed");
  return counts;
}

}  // namespace query_internal
}  // namespace geokg
