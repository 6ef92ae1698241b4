// ExportGraphml: a streaming GraphML writer that Gephi, Cytoscape, networkx
// and Boost all read: XML declaration, typed keys, edgedefault="directed",
// all nodes before any edge, stable ids, one <data> per value (viewers ignore
// <default>), UTF-8 with XML escaping.
//
// Two passes over the triples: the first counts each node's degree within
// the export (and so decides, under a date or relation restriction, which
// nodes are endpoints), the second writes the edges. Evidence text is never
// held in memory beyond one edge.
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

#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

struct KeySpec {
  const char* id;
  const char* domain;  // "node" or "edge".
  const char* type;    // GraphML attr.type.
};

// attr.name equals the id. "interaction" (Cytoscape) and "label" (Gephi)
// repeat the relation for viewers that look for those names.
constexpr KeySpec kKeys[] = {
    {"name", "node", "string"},     {"type", "node", "string"},
    {"aliases", "node", "string"},  {"degree", "node", "int"},
    {"relation", "edge", "string"}, {"interaction", "edge", "string"},
    {"label", "edge", "string"},    {"predicate", "edge", "string"},
    {"date", "edge", "string"},     {"doc", "edge", "string"},
    {"sentence", "edge", "int"},    {"evidence", "edge", "string"},
    {"negated", "edge", "boolean"}, {"confidence", "edge", "double"},
};

// Appends the code point starting at text[*i] if XML 1.0 allows it, else
// drops it (a malformed UTF-8 byte is dropped alone). Advances *i.
void AppendXmlChar(std::string_view text, size_t* i, std::string* out) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  if (lead < 0x80) {
    ++*i;
    switch (lead) {
      case '&':
        *out += "&amp;";
        return;
      case '<':
        *out += "&lt;";
        return;
      case '>':
        *out += "&gt;";
        return;
      case '"':
        *out += "&quot;";
        return;
      case '\'':
        *out += "&apos;";
        return;
      case '\r':
        *out += "&#13;";
        return;  // A raw CR would be read back as LF.
      default:
        if (lead >= 0x20 || lead == '\t' || lead == '\n') out->push_back(static_cast<char>(lead));
        return;
    }
  }
  size_t length = 0;
  uint32_t code_point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
  }
  bool valid = length > 0 && *i + length <= text.size();
  for (size_t k = 1; valid && k < length; ++k) {
    const unsigned char next = byte(*i + k);
    valid = (next & 0xC0) == 0x80;
    code_point = (code_point << 6) | (next & 0x3F);
  }
  if (valid) {
    const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = code_point >= min_for_length[length] && code_point <= 0x10FFFF &&
            !(code_point >= 0xD800 && code_point <= 0xDFFF) && code_point != 0xFFFE &&
            code_point != 0xFFFF;
  }
  if (!valid) {
    ++*i;
    return;
  }
  out->append(text.substr(*i, length));
  *i += length;
}

void AppendEscaped(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) AppendXmlChar(text, &i, out);
}

void AppendData(const char* key, std::string_view value, std::string* out) {
  *out += "      <data key=\"";
  *out += key;
  *out += "\">";
  AppendEscaped(value, out);
  *out += "</data>\n";
}

// Shortest text that reads back as the same float.
std::string FormatConfidence(float value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
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
                 "\" attr.name=\"" + key.id + "\" attr.type=\"" + key.type + "\"/>\n";
    }
    buffer_ += "  <graph id=\"geokg\" edgedefault=\"directed\">\n";
  }

  void Node(const StoredEntity& entity, uint64_t degree) {
    buffer_ += "    <node id=\"e" + std::to_string(entity.id) + "\">\n";
    AppendData("name", entity.name, &buffer_);
    AppendData("type", EntityTypeName(entity.type), &buffer_);
    std::string aliases;
    for (size_t i = 0; i < entity.aliases.size(); ++i) {
      if (i > 0) aliases += '|';
      aliases += entity.aliases[i];
    }
    AppendData("aliases", aliases, &buffer_);
    AppendData("degree", std::to_string(degree), &buffer_);
    buffer_ += "    </node>\n";
    MaybeFlush();
  }

  void EdgeElement(const StoredTriple& t, const std::string& doc) {
    buffer_ += "    <edge id=\"t" + std::to_string(t.article) + "-" + std::to_string(t.ordinal) +
               "\" source=\"e" + std::to_string(t.subject) + "\" target=\"e" +
               std::to_string(t.object) + "\">\n";
    const std::string_view relation = RelationName(t.relation);
    AppendData("relation", relation, &buffer_);
    AppendData("interaction", relation, &buffer_);
    AppendData("label", relation, &buffer_);
    AppendData("predicate", t.predicate, &buffer_);
    AppendData("date", t.date.ToString(), &buffer_);
    AppendData("doc", doc, &buffer_);
    AppendData("sentence", std::to_string(t.sentence), &buffer_);
    AppendData("evidence", t.evidence, &buffer_);
    AppendData("negated", t.negated ? "true" : "false", &buffer_);
    AppendData("confidence", FormatConfidence(t.confidence), &buffer_);
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

Result<ExportCounts> ExportGraphmlImpl(const Store& store, const TripleFilter& filter,
                                       std::ostream& out) {
  std::map<EntityId, StoredEntity> entities;  // Accepted types, in id order.
  Status s = store.ForEachEntity([&](const StoredEntity& entity) {
    if (query_internal::TypeAccepted(filter, entity.type)) entities.emplace(entity.id, entity);
    return true;
  });
  if (!s.ok()) return s;
  std::unordered_map<ArticleId, std::string> docs;
  s = store.ForEachArticle([&](const StoredArticle& article) {
    docs.emplace(article.id, article.key);
    return true;
  });
  if (!s.ok()) return s;

  const TripleFilter scan_filter = query_internal::WithoutTypes(filter);
  auto accepted = [&](const StoredTriple& t) {
    return entities.count(t.subject) > 0 && entities.count(t.object) > 0;
  };

  // Pass 1: degrees within the export. A self-loop counts once, as in
  // Store::Degree.
  std::unordered_map<EntityId, uint64_t> degree;
  s = store.ForEachTriple(scan_filter, [&](const StoredTriple& t) {
    if (!accepted(t)) return true;
    ++degree[t.subject];
    if (t.object != t.subject) ++degree[t.object];
    return true;
  });
  if (!s.ok()) return s;

  const bool restricted = filter.since.known() || filter.until.known() || !filter.relations.empty();
  ExportCounts counts;
  GraphmlWriter writer(out);
  writer.Begin();
  for (const auto& [id, entity] : entities) {
    auto it = degree.find(id);
    const uint64_t d = it == degree.end() ? 0 : it->second;
    if (restricted && d == 0) continue;
    writer.Node(entity, d);
    ++counts.nodes;
  }

  // Pass 2: the edges.
  Status missing_doc = Status::Ok();
  s = store.ForEachTriple(scan_filter, [&](const StoredTriple& t) {
    if (!accepted(t)) return true;
    auto doc = docs.find(t.article);
    if (doc == docs.end()) {
      missing_doc = Status::Corruption("triple t" + std::to_string(t.article) + "-" +
                                       std::to_string(t.ordinal) + " names a missing article");
      return false;
    }
    writer.EdgeElement(t, doc->second);
    ++counts.edges;
    return !writer.failed();
  });
  if (!s.ok()) return s;
  if (!missing_doc.ok()) return missing_doc;
  if (!writer.End()) return Status::IOError("graphml: writing the export failed");
  return counts;
}

}  // namespace

Result<ExportCounts> ExportGraphml(const Store& store, const TripleFilter& filter,
                                   std::ostream& out) {
  try {
    return ExportGraphmlImpl(store, filter, out);
  } catch (const std::exception& e) {
    return query_internal::FromException("graphml", e);
  }
}

}  // namespace geokg
