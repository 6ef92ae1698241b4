// WriteNeo4jCsv: the two files `neo4j-admin database import full` reads.
//
//   nodes.csv          id:ID,name,type,aliases:string[],degree:int,:LABEL
//   relationships.csv  :START_ID,:END_ID,:TYPE,id,relation,class,predicate,
//                      date,doc,sentence:int,evidence,negated:boolean,
//                      confidence:float
//
// Node labels are "Entity" plus the type (Entity;GPE); a relationship's
// type is its relation in upper case (SUPPORT, MEMBER_OF). Fields follow RFC
// 4180: a field holding a comma, a quote or a line break is quoted, quotes
// doubled. Line breaks inside text become spaces, so every record is one
// line (the importer rejects multi-line fields unless told otherwise);
// aliases are joined with ';', the importer's array delimiter, and a ';'
// inside an alias becomes ','. Malformed UTF-8 bytes are dropped.

#include <string>

#include "exporters.h"
#include "xml_escape.h"

namespace geokg {
namespace query_internal {
namespace {

void AppendField(std::string_view raw, std::string* out) {
  std::string text;
  AppendValidUtf8(raw, &text);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  const bool quote = text.find_first_of(",\"") != std::string::npos || text.empty() ||
                     text.front() == ' ' || text.back() == ' ';
  if (!quote) {
    *out += text;
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

Result<ExportCounts> WriteNeo4jCsv(const Store& store, const TripleFilter& filter,
                                   const ExportScope& scope, std::ostream& node_stream,
                                   std::ostream& relationship_stream) {
  ChunkedOutput nodes(node_stream);
  ChunkedOutput relationships(relationship_stream);
  nodes.buffer() += "id:ID,name,type,aliases:string[],degree:int,:LABEL\n";
  relationships.buffer() +=
      ":START_ID,:END_ID,:TYPE,id,relation,class,predicate,date,doc,sentence:int,evidence,"
      "negated:boolean,confidence:float\n";
  ExportCounts counts;
  Status s = WalkExportGraph(
      store, filter, scope,
      [&](const ExportNode& node) {
        std::string& b = nodes.buffer();
        b += "e" + std::to_string(node.id) + ",";
        AppendField(node.name, &b);
        b += ",";
        b += EntityTypeName(node.type);
        b += ",";
        std::string aliases;
        for (size_t i = 0; i < node.aliases.size(); ++i) {
          if (i > 0) aliases += ';';
          std::string alias = node.aliases[i];
          for (char& c : alias) {
            if (c == ';') c = ',';
          }
          aliases += alias;
        }
        AppendField(aliases, &b);
        b += "," + std::to_string(node.degree) + ",Entity;";
        b += EntityTypeName(node.type);
        b += "\n";
        ++counts.nodes;
        nodes.Maybe();
        return !nodes.failed();
      },
      [&](const ExportEdge& edge) {
        std::string& b = relationships.buffer();
        const std::string_view relation = RelationName(edge.relation);
        b += "e" + std::to_string(edge.subject) + ",e" + std::to_string(edge.object) + ",";
        b += UpperAscii(relation);
        b += "," + EdgeId(edge) + ",";
        b += relation;
        b += ",";
        b += RelationClass(edge.relation);
        b += ",";
        AppendField(edge.predicate, &b);
        b += "," + edge.date.ToString() + ",";
        AppendField(edge.doc, &b);
        b += "," + std::to_string(edge.sentence) + ",";
        AppendField(edge.evidence, &b);
        b += edge.negated ? ",true," : ",false,";
        b += FormatConfidence(edge.confidence);
        b += "\n";
        ++counts.edges;
        relationships.Maybe();
        return !relationships.failed();
      });
  if (!s.ok()) return s;
  if (!nodes.Finish() || !relationships.Finish()) {
    return Status::IOError("csv: writing the export failed");
  }
  return counts;
}

}  // namespace query_internal
}  // namespace geokg
