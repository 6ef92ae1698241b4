// ExportGraphml: a streaming GraphML writer that Gephi, Cytoscape, networkx
// and Boost all read: XML declaration, typed keys, edgedefault="directed",
// all nodes before any edge, stable ids, one <data> per value (viewers ignore
// <default>), UTF-8 with XML escaping.
//
// Written from WalkExportGraph (export_graph.h), which never holds evidence
// text beyond one edge.
//
// Booleans are written "true"/"false" (the XML Schema form that networkx,
// Gephi and Cytoscape read). Boost's read_graphml only accepts "1"/"0".

#include <charconv>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exporters.h"
#include "geokg/query.h"
#include "query_internal.h"
#include "xml_escape.h"

namespace geokg {
namespace {

struct KeySpec {
  const char* id;
  const char* name;    // attr.name.
  const char* domain;  // "node" or "edge".
  const char* type;    // GraphML attr.type.
};

// "label" repeats the node's name and the edge's relation, and
// "interaction" the relation, for the viewers that look for those names
// (Gephi labels nodes and edges from "label"; Cytoscape types edges by
// "interaction"). Key ids are unique; the node label's id is "node_label".
constexpr KeySpec kKeys[] = {
    {"name", "name", "node", "string"},
    {"node_label", "label", "node", "string"},
    {"type", "type", "node", "string"},
    {"aliases", "aliases", "node", "string"},
    {"degree", "degree", "node", "int"},
    {"relation", "relation", "edge", "string"},
    {"interaction", "interaction", "edge", "string"},
    {"label", "label", "edge", "string"},
    {"predicate", "predicate", "edge", "string"},
    {"date", "date", "edge", "string"},
    {"doc", "doc", "edge", "string"},
    {"sentence", "sentence", "edge", "int"},
    {"evidence", "evidence", "edge", "string"},
    {"negated", "negated", "edge", "boolean"},
    {"confidence", "confidence", "edge", "double"},
};

void AppendData(const char* key, std::string_view value, std::string* out) {
  *out += "      <data key=\"";
  *out += key;
  *out += "\">";
  query_internal::AppendXmlEscaped(value, out);
  *out += "</data>\n";
}

class GraphmlWriter {
 public:
  explicit GraphmlWriter(std::ostream& out) : out_(out) {}

  void Begin() {
    buffer_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
    for (const KeySpec& key : kKeys) {
      buffer_ += "  <key id=\"" + std::string(key.id) + "\" for=\"" + key.domain +
                 "\" attr.name=\"" + key.name + "\" attr.type=\"" + key.type + "\"/>\n";
    }
    buffer_ += "  <graph id=\"geokg\" edgedefault=\"directed\">\n";
  }

  void Node(const query_internal::ExportNode& entity) {
    buffer_ += "    <node id=\"e" + std::to_string(entity.id) + "\">\n";
    AppendData("name", entity.name, &buffer_);
    AppendData("node_label", entity.name, &buffer_);
    AppendData("type", EntityTypeName(entity.type), &buffer_);
    std::string aliases;
    for (size_t i = 0; i < entity.aliases.size(); ++i) {
      if (i > 0) aliases += '|';
      aliases += entity.aliases[i];
    }
    AppendData("aliases", aliases, &buffer_);
    AppendData("degree", std::to_string(entity.degree), &buffer_);
    buffer_ += "    </node>\n";
    MaybeFlush();
  }

  void EdgeElement(const query_internal::ExportEdge& t) {
    // No label= attribute on <edge>: Gephi would take it as the edge type,
    // but the GraphML schema has no such attribute (GEXF's `kind` is the way
    // to type edges for Gephi).
    const std::string_view relation = RelationName(t.relation);
    buffer_ += "    <edge id=\"t" + std::to_string(t.article) + "-" + std::to_string(t.ordinal) +
               "\" source=\"e" + std::to_string(t.subject) + "\" target=\"e" +
               std::to_string(t.object) + "\">\n";
    AppendData("relation", relation, &buffer_);
    AppendData("interaction", relation, &buffer_);
    AppendData("label", relation, &buffer_);
    AppendData("predicate", t.predicate, &buffer_);
    AppendData("date", t.date.ToString(), &buffer_);
    AppendData("doc", t.doc, &buffer_);
    AppendData("sentence", std::to_string(t.sentence), &buffer_);
    AppendData("evidence", t.evidence, &buffer_);
    AppendData("negated", t.negated ? "true" : "false", &buffer_);
    AppendData("confidence", query_internal::FormatConfidence(t.confidence), &buffer_);
    buffer_ += "    </edge>\n";
    MaybeFlush();
  }

  // Writes the closing tags and flushes; false when the stream failed.
  bool End() {
    buffer_ += "  </graph>\n</graphml>\n";
    Flush();
    out_.flush();
    return static_cast<bool>(out_);
  }

  bool failed() const { return !out_; }

 private:
  static constexpr size_t kFlushBytes = 1 << 16;

  void MaybeFlush() {
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  std::ostream& out_;
  std::string buffer_;
};

}  // namespace

namespace query_internal {

Result<ExportCounts> WriteGraphml(const Store& store, const TripleFilter& filter,
                                  const ExportScope& scope, std::ostream& out) {
  ExportCounts counts;
  GraphmlWriter writer(out);
  writer.Begin();
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        writer.Node(node);
        ++counts.nodes;
        return !writer.failed();
      },
      [&](const ExportEdge& edge) {
        writer.EdgeElement(edge);
        ++counts.edges;
        return !writer.failed();
      });
  if (!s.ok()) return s;
  if (!writer.End()) return Status::IOError("graphml: writing the export failed");
  return counts;
}

}  // namespace query_internal
}  // namespace geokg
