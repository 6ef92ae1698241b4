// Output of the geokg CLI: the format names, aligned text tables and JSON.
//
// Tables are for people: columns are aligned by display width (UTF-8 code
// points), long cells are cut with "…" at a code-point boundary. JSON is for
// programs: one document per command, two-space indented, invalid UTF-8
// replaced rather than thrown.
#ifndef GEOKG_CLI_OUTPUT_H_
#define GEOKG_CLI_OUTPUT_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "geokg/graph.h"

namespace geokg::cli {

// JSON documents keep their keys in insertion order, so output reads in the
// order docs/cli.md lists the fields.
using Json = nlohmann::ordered_json;

// Text answers (table, json, jsonl) and the graph formats of export and
// timeline charts (graphml ... html).
enum class OutputFormat { kTable, kJson, kJsonl, kGraphml, kGexf, kCyjs, kCsv, kDot, kSvg, kHtml };

// The lower-case names above ("table", "graphml", ...); false for anything
// else.
bool ParseOutputFormat(std::string_view name, OutputFormat* format);
std::string_view OutputFormatName(OutputFormat format);

// Number of code points in UTF-8 text (the terminal width for the scripts
// geokg meets in news text).
size_t DisplayWidth(std::string_view text);

// `text` cut to at most `max_width` code points, ending in "…" when cut.
// Newlines and tabs become spaces so a cell stays on one line.
std::string Clip(std::string_view text, size_t max_width);

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // Cells beyond the header count are dropped; missing ones print empty.
  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }
  // Header, a rule, then the rows; columns separated by two spaces. Cells
  // are clipped to `max_cell_width` code points.
  void Print(std::ostream& out, size_t max_cell_width = 60) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Writes `doc` indented, followed by a newline.
void PrintJson(const Json& doc, std::ostream& out);
// Writes `doc` on one line, followed by a newline.
void PrintJsonLine(const Json& doc, std::ostream& out);

// Shared JSON shapes of the library's values.
Json DateJson(Date date);         // "YYYY-MM-DD" or null when unknown.
std::string DateText(Date date);  // "YYYY-MM-DD" or "-" when unknown.

}  // namespace geokg::cli

#endif  // GEOKG_CLI_OUTPUT_H_
