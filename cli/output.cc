#include "output.h"

#include <algorithm>
#include <ostream>

namespace geokg::cli {

namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

}  // namespace

namespace {

struct FormatName {
  OutputFormat format;
  std::string_view name;
};
constexpr FormatName kFormatNames[] = {
    {OutputFormat::kTable, "table"}, {OutputFormat::kJson, "json"},
    {OutputFormat::kJsonl, "jsonl"}, {OutputFormat::kGraphml, "graphml"},
    {OutputFormat::kGexf, "gexf"},   {OutputFormat::kCyjs, "cyjs"},
    {OutputFormat::kCsv, "csv"},     {OutputFormat::kDot, "dot"},
    {OutputFormat::kSvg, "svg"},     {OutputFormat::kHtml, "html"},
};

}  // namespace

bool ParseOutputFormat(std::string_view name, OutputFormat* format) {
  for (const FormatName& f : kFormatNames) {
    if (f.name == name) {
      *format = f.format;
      return true;
    }
  }
  return false;
}

std::string_view OutputFormatName(OutputFormat format) {
  for (const FormatName& f : kFormatNames) {
    if (f.format == format) return f.name;
  }
  return "table";
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) {
    if (!IsContinuationByte(static_cast<unsigned char>(c))) ++width;
  }
  return width;
}

std::string Clip(std::string_view text, size_t max_width) {
  std::string flat;
  flat.reserve(text.size());
  for (char c : text) flat.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
  if (max_width == 0 || DisplayWidth(flat) <= max_width) return flat;
  // Keep max_width - 1 code points and add the ellipsis.
  size_t kept = 0;
  size_t end = 0;
  while (end < flat.size()) {
    if (!IsContinuationByte(static_cast<unsigned char>(flat[end]))) {
      if (kept == max_width - 1) break;
      ++kept;
    }
    ++end;
  }
  flat.resize(end);
  flat += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return flat;
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out, size_t max_cell_width) const {
  std::vector<std::vector<std::string>> clipped;
  clipped.reserve(rows_.size());
  std::vector<size_t> widths;
  for (const std::string& header : headers_) widths.push_back(DisplayWidth(header));
  for (const auto& row : rows_) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < row.size(); ++i) {
      cells.push_back(Clip(row[i], max_cell_width));
      widths[i] = std::max(widths[i], DisplayWidth(cells.back()));
    }
    clipped.push_back(std::move(cells));
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      line += cells[i];
      if (i + 1 < cells.size()) line.append(widths[i] - DisplayWidth(cells[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  print_row(headers_);
  std::vector<std::string> rule;
  for (size_t width : widths) rule.emplace_back(width, '-');
  print_row(rule);
  for (const auto& cells : clipped) print_row(cells);
}

void PrintJson(const Json& doc, std::ostream& out) {
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void PrintJsonLine(const Json& doc, std::ostream& out) {
  out << doc.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

Json DateJson(Date date) {
  if (!date.known()) return nullptr;
  return date.ToString();
}

std::string DateText(Date date) { return date.known() ? date.ToString() : "-"; }

}  // namespace geokg::cli
