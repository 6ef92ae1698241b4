// WriteCyjs: Cytoscape.js JSON, the form Cytoscape desktop imports and
// cytoscape.js loads: {"format_version": "1.0", "generated_by": "geokg",
// "elements": {"nodes": [{"data": {...}}], "edges": [{"data": {...}}]}}.
// Node data: id, name, type, aliases (a list), degree. Edge data: id,
// source, target, relation, interaction (Cytoscape's edge-type column),
// class, predicate, date ("" when unknown), doc, sentence, evidence,
// negated, confidence. Strings go through nlohmann/json, which escapes
// them; invalid UTF-8 is replaced, never passed through. Streamed: one
// element per line.

#include <string>

#include <nlohmann/json.hpp>

#include "exporters.h"

namespace geokg {
namespace query_internal {
namespace {

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<ExportCounts> WriteCyjs(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, std::ostream& stream) {
  ChunkedOutput out(stream);
  std::string& b = out.buffer();
  b += "{\"format_version\": \"1.0\", \"generated_by\": \"geokg\",\n \"elements\": {\"nodes\": [";
  ExportCounts counts;
  bool in_nodes = true;
  auto end_nodes = [&] {
    if (!in_nodes) return;
    in_nodes = false;
    b += "\n ], \"edges\": [";
  };
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        nlohmann::json data = {{"id", "e" + std::to_string(node.id)},
                               {"name", node.name},
                               {"type", std::string(EntityTypeName(node.type))},
                               {"aliases", node.aliases},
                               {"degree", node.degree}};
        b += counts.nodes == 0 ? "\n  " : ",\n  ";
        b += Dump(nlohmann::json{{"data", data}});
        ++counts.nodes;
        out.Maybe();
        return !out.failed();
      },
      [&](const ExportEdge& edge) {
        end_nodes();
        const std::string relation(RelationName(edge.relation));
        nlohmann::json data = {{"id", EdgeId(edge)},
                               {"source", "e" + std::to_string(edge.subject)},
                               {"target", "e" + std::to_string(edge.object)},
                               {"relation", relation},
                               {"interaction", relation},
                               {"class", std::string(RelationClass(edge.relation))},
                               {"predicate", edge.predicate},
                               {"date", edge.date.ToString()},
                               {"doc", edge.doc},
                               {"sentence", edge.sentence},
                               {"evidence", edge.evidence},
                               {"negated", edge.negated},
                               // The float's shortest form, as the other formats write it.
                               {"confidence", std::stod(FormatConfidence(edge.confidence))}};
        b += counts.edges == 0 ? "\n  " : ",\n  ";
        b += Dump(nlohmann::json{{"data", data}});
        ++counts.edges;
        out.Maybe();
        return !out.failed();
      });
  if (!s.ok()) return s;
  end_nodes();
  b += "\n ]}}\n";
  if (!out.Finish()) return Status::IOError("cyjs: writing the export failed");
  return counts;
}

}  // namespace query_internal
}  // namespace geokg
