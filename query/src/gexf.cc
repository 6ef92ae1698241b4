// WriteGexf: GEXF 1.3 for Gephi. The graph is mode="dynamic" with
// timeformat="date": a dated edge lives from its date to its date, so
// Gephi's timeline slider plays the graph over time (an undated edge has no
// interval and is always shown). Each edge's `kind` is its relation, which
// keeps parallel edges of different relations apart in Gephi; its label
// repeats it. Attributes are declared with types (Gephi and networkx map
// them), every value is written, nodes come before edges, and colours
// (viz:color) follow the entity type.

#include <string>

#include "exporters.h"
#include "xml_escape.h"

namespace geokg {
namespace query_internal {
namespace {

struct AttributeSpec {
  const char* id;
  const char* type;  // GEXF attribute type.
};
constexpr AttributeSpec kNodeAttributes[] = {
    {"type", "string"}, {"aliases", "string"}, {"degree", "integer"}};
constexpr AttributeSpec kEdgeAttributes[] = {
    {"relation", "string"}, {"class", "string"},    {"predicate", "string"},
    {"date", "string"},     {"doc", "string"},      {"sentence", "integer"},
    {"evidence", "string"}, {"negated", "boolean"}, {"confidence", "double"}};

void AppendAttributes(const char* cls, const AttributeSpec* specs, size_t n, std::string* out) {
  *out += "    <attributes class=\"";
  *out += cls;
  *out += "\" mode=\"static\">\n";
  for (size_t i = 0; i < n; ++i) {
    *out += "      <attribute id=\"";
    *out += specs[i].id;
    *out += "\" title=\"";
    *out += specs[i].id;
    *out += "\" type=\"";
    *out += specs[i].type;
    *out += "\"/>\n";
  }
  *out += "    </attributes>\n";
}

void AppendValue(const char* key, std::string_view value, std::string* out) {
  *out += "        <attvalue for=\"";
  *out += key;
  *out += "\" value=\"";
  AppendXmlEscaped(value, out);
  *out += "\"/>\n";
}

// "#rrggbb" as viz:color.
void AppendColor(std::string_view hex, std::string* out) {
  const int r = std::stoi(std::string(hex.substr(1, 2)), nullptr, 16);
  const int g = std::stoi(std::string(hex.substr(3, 2)), nullptr, 16);
  const int b = std::stoi(std::string(hex.substr(5, 2)), nullptr, 16);
  *out += "        <viz:color r=\"" + std::to_string(r) + "\" g=\"" + std::to_string(g) +
          "\" b=\"" + std::to_string(b) + "\"/>\n";
}

}  // namespace

Result<ExportCounts> WriteGexf(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, std::ostream& stream) {
  ChunkedOutput out(stream);
  std::string& b = out.buffer();
  b += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\"\n"
       "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
       "    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
       "version=\"1.3\">\n"
       "  <meta>\n    <creator>geokg</creator>\n"
       "    <description>geopolitical actors and dated relations</description>\n  </meta>\n"
       "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n";
  AppendAttributes("node", kNodeAttributes, std::size(kNodeAttributes), &b);
  AppendAttributes("edge", kEdgeAttributes, std::size(kEdgeAttributes), &b);
  b += "    <nodes>\n";
  ExportCounts counts;
  bool in_nodes = true;
  auto end_nodes = [&] {
    if (!in_nodes) return;
    in_nodes = false;
    b += "    </nodes>\n    <edges>\n";
  };
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        b += "      <node id=\"e" + std::to_string(node.id) + "\" label=\"";
        AppendXmlEscaped(node.name, &b);
        b += "\">\n        <attvalues>\n";
        AppendValue("type", EntityTypeName(node.type), &b);
        std::string aliases;
        for (size_t i = 0; i < node.aliases.size(); ++i) {
          if (i > 0) aliases += '|';
          aliases += node.aliases[i];
        }
        AppendValue("aliases", aliases, &b);
        AppendValue("degree", std::to_string(node.degree), &b);
        b += "        </attvalues>\n";
        AppendColor(TypeColor(node.type), &b);
        b += "      </node>\n";
        ++counts.nodes;
        out.Maybe();
        return !out.failed();
      },
      [&](const ExportEdge& edge) {
        end_nodes();
        const std::string_view relation = RelationName(edge.relation);
        b += "      <edge id=\"" + EdgeId(edge) + "\" source=\"e" + std::to_string(edge.subject) +
             "\" target=\"e" + std::to_string(edge.object) + "\" kind=\"";
        b += relation;
        b += "\" label=\"";
        b += relation;
        b += "\"";
        if (edge.date.known()) {
          const std::string date = edge.date.ToString();
          b += " start=\"" + date + "\" end=\"" + date + "\"";
        }
        b += ">\n        <attvalues>\n";
        AppendValue("relation", relation, &b);
        AppendValue("class", RelationClass(edge.relation), &b);
        AppendValue("predicate", edge.predicate, &b);
        AppendValue("date", edge.date.ToString(), &b);
        AppendValue("doc", edge.doc, &b);
        AppendValue("sentence", std::to_string(edge.sentence), &b);
        AppendValue("evidence", edge.evidence, &b);
        AppendValue("negated", edge.negated ? "true" : "false", &b);
        AppendValue("confidence", FormatConfidence(edge.confidence), &b);
        b += "        </attvalues>\n      </edge>\n";
        ++counts.edges;
        out.Maybe();
        return !out.failed();
      });
  if (!s.ok()) return s;
  end_nodes();
  b += "    </edges>\n  </graph>\n</gexf>\n";
  if (!out.Finish()) return Status::IOError("gexf: writing the export failed");
  return counts;
}

}  // namespace query_internal
}  // namespace geokg
