// The export writers, one per format (graphml.cc, gexf.cc, cyjs.cc,
// csv_export.cc, dot.cc, svg_export.cc, html_export.cc), each over the
// graph export_graph.h selects. Not a public header: callers use Export and
// ExportCsv (query.h), which catch exceptions at the module's edge.
#ifndef GEOKG_QUERY_SRC_EXPORTERS_H_
#define GEOKG_QUERY_SRC_EXPORTERS_H_

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "export_graph.h"
#include "geokg/query.h"

namespace geokg {
namespace query_internal {

Result<ExportCounts> WriteGraphml(const Store& store, const TripleFilter& filter,
                                  const ExportScope& scope, std::ostream& out);
Result<ExportCounts> WriteGexf(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, std::ostream& out);
Result<ExportCounts> WriteCyjs(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, std::ostream& out);
Result<ExportCounts> WriteDot(const Store& store, const TripleFilter& filter,
                              const ExportScope& scope, std::ostream& out);
Result<ExportCounts> WriteNeo4jCsv(const Store& store, const TripleFilter& filter,
                                   const ExportScope& scope, std::ostream& nodes,
                                   std::ostream& relationships);
// The drawn formats hold the graph in memory: more than `max_edges` edges
// is InvalidArgument.
Result<ExportCounts> WriteSvg(const Store& store, const TripleFilter& filter,
                              const ExportScope& scope, uint64_t max_edges, std::ostream& out);
Result<ExportCounts> WriteHtml(const Store& store, const TripleFilter& filter,
                               const ExportScope& scope, uint64_t max_edges, std::ostream& out);

// Appends to a string and hands it to the stream in 64 KiB pieces.
class ChunkedOutput {
 public:
  explicit ChunkedOutput(std::ostream& out) : out_(out) {}
  std::string& buffer() { return buffer_; }
  void Maybe() {
    if (buffer_.size() >= (1u << 16)) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }
  // Flushes everything; false when the stream failed.
  bool Finish() {
    Flush();
    out_.flush();
    return static_cast<bool>(out_);
  }
  bool failed() const { return !out_; }

 private:
  std::ostream& out_;
  std::string buffer_;
};

// Positions of graph.nodes (by index) in [0, width] x [0, height]: Boost's
// Fruchterman-Reingold layout with a fixed seed (svg_export.cc).
std::vector<std::pair<double, double>> ForceLayout(const ExportGraph& graph, double width,
                                                   double height);

// The offline HTML page of `graph` (html_export.cc), appended to *out.
void AppendGraphPage(const ExportGraph& graph, std::string_view title, std::string* out);
// Its parts, for pages that hold more (the report): the <head> with the
// view's style plus `extra_css`, and the view itself (search bar, drawing,
// data, script), which must appear once per page.
void AppendPageHead(std::string_view title, std::string_view extra_css, std::string* out);
void AppendGraphView(const ExportGraph& graph, std::string* out);

// "t<article>-<ordinal>": an edge id stable across runs.
std::string EdgeId(const ExportEdge& edge);
// Shortest text that reads back as the same float.
std::string FormatConfidence(float value);
// "cooperative", "conflictual" or "neutral" (request and structural
// relations), from RelationValence.
std::string_view RelationClass(Relation relation);
// Display colours (#rrggbb) shared by the drawn formats.
std::string_view TypeColor(EntityType type);
std::string_view RelationClassColor(Relation relation);

}  // namespace query_internal
}  // namespace geokg

#endif  // GEOKG_QUERY_SRC_EXPORTERS_H_
