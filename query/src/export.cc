// Export and ExportCsv: the format dispatch, and what the writers share.

#include <charconv>
#include <string>
#include <unordered_set>

#include "exporters.h"
#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

struct FormatName {
  ExportFormat format;
  std::string_view name;
};
constexpr FormatName kFormats[] = {
    {ExportFormat::kGraphml, "graphml"}, {ExportFormat::kGexf, "gexf"},
    {ExportFormat::kCyjs, "cyjs"},       {ExportFormat::kCsv, "csv"},
    {ExportFormat::kDot, "dot"},         {ExportFormat::kSvg, "svg"},
    {ExportFormat::kHtml, "html"},
};

Result<ExportCounts> ExportImpl(const Store& store, const TripleFilter& filter,
                                const ExportOptions& options, std::ostream& out) {
  const query_internal::ExportScope scope{options.around, options.depth};
  switch (options.format) {
    case ExportFormat::kGraphml:
      return query_internal::WriteGraphml(store, filter, scope, out);
    case ExportFormat::kGexf:
      return query_internal::WriteGexf(store, filter, scope, out);
    case ExportFormat::kCyjs:
      return query_internal::WriteCyjs(store, filter, scope, out);
    case ExportFormat::kDot:
      return query_internal::WriteDot(store, filter, scope, out);
    case ExportFormat::kSvg:
      return query_internal::WriteSvg(store, filter, scope, options.max_drawn_edges, out);
    case ExportFormat::kHtml:
      return query_internal::WriteHtml(store, filter, scope, options.max_drawn_edges, out);
    case ExportFormat::kCsv:
      break;
  }
  return Status::InvalidArgument("csv is two files (nodes and relationships): use ExportCsv");
}

}  // namespace

bool ParseExportFormat(std::string_view text, ExportFormat* format) {
  const std::string lower = query_internal::LowerAscii(text);
  for (const FormatName& f : kFormats) {
    if (lower == f.name) {
      *format = f.format;
      return true;
    }
  }
  return false;
}

std::string_view ExportFormatName(ExportFormat format) {
  for (const FormatName& f : kFormats) {
    if (f.format == format) return f.name;
  }
  return "graphml";
}

Result<ExportCounts> ExportGraphml(const Store& store, const TripleFilter& filter,
                                   std::ostream& out) {
  return Export(store, filter, ExportOptions{}, out);
}

Result<ExportCounts> Export(const Store& store, const TripleFilter& filter,
                            const ExportOptions& options, std::ostream& out) {
  try {
    return ExportImpl(store, filter, options, out);
  } catch (const std::exception& e) {
    return query_internal::FromException("export", e);
  }
}

Result<ExportCounts> ExportCsv(const Store& store, const TripleFilter& filter,
                               const ExportOptions& options, std::ostream& nodes,
                               std::ostream& relationships) {
  try {
    return query_internal::WriteNeo4jCsv(store, filter,
                                         query_internal::ExportScope{options.around, options.depth},
                                         nodes, relationships);
  } catch (const std::exception& e) {
    return query_internal::FromException("export", e);
  }
}

Result<GraphCounts> CountGraph(const Store& store, const TripleFilter& filter,
                               const ExportOptions& options) {
  try {
    GraphCounts counts;
    std::unordered_set<ArticleId> articles;
    Status s = query_internal::WalkExportGraph(
        store, filter, query_internal::ExportScope{options.around, options.depth},
        [&](const query_internal::ExportNode&) {
          ++counts.nodes;
          return true;
        },
        [&](const query_internal::ExportEdge& edge) {
          ++counts.edges;
          articles.insert(edge.article);
          return true;
        });
    if (!s.ok()) return s;
    counts.articles = articles.size();
    return counts;
  } catch (const std::exception& e) {
    return query_internal::FromException("count", e);
  }
}

namespace query_internal {

std::string EdgeId(const ExportEdge& edge) {
  return "t" + std::to_string(edge.article) + "-" + std::to_string(edge.ordinal);
}

std::string FormatConfidence(float value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

std::string_view RelationClass(Relation relation) {
  const int valence = RelationValence(relation);
  return valence > 0 ? "cooperative" : valence < 0 ? "conflictual" : "neutral";
}

std::string_view TypeColor(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "#4e79a7";
    case EntityType::kGpe:
      return "#f28e2b";
    case EntityType::kOrg:
      return "#59a14f";
    case EntityType::kGroup:
      return "#b07aa1";
    default:
      return "#9c9c9c";
  }
}

std::string_view RelationClassColor(Relation relation) {
  const int valence = RelationValence(relation);
  return valence > 0 ? "#2a9d4b" : valence < 0 ? "#d62728" : "#8c8c8c";
}

}  // namespace query_internal
}  // namespace geokg
