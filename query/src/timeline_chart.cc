// WriteTimelineChart: a timeline as SVG (or an offline HTML page holding
// it), the picture GDELT and ICEWS users draw with their own scripts.
//
// Top panel: one column per period, one square per listed event stacked in
// its period's column, coloured by PLOVER type (a fixed palette, legend on
// the right); a column holding more events than fit ends in "+N". Bottom
// panel: per period, the cooperative minus conflictual balance as a bar
// above (green) or below (red) a zero line, scaled to the largest
// magnitude, counting every event (the periods of TimelineAnswer).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "exporters.h"
#include "geokg/query.h"
#include "query_internal.h"
#include "xml_escape.h"

namespace geokg {
namespace {

constexpr double kLeft = 56;
constexpr double kTop = 48;
constexpr double kColumn = 40;  // Width of one period's column.
constexpr double kMark = 9;     // Side of an event's square.
constexpr int kMaxStack = 22;   // Squares per column before "+N".
constexpr double kBalanceHeight = 120;
constexpr double kLegendWidth = 150;

// One colour per relation (PLOVER order), cooperative ones greenish-blue,
// conflictual ones warm.
const char* const kRelationColors[kRelationCount] = {
    "#bdbdbd", "#9e9e9e",                                              // represents, member_of
    "#1b9e77", "#66c2a5", "#1f78b4", "#a6cee3", "#33a02c", "#b2df8a",  // agree..aid
    "#6a3d9a", "#cab2d6",                                              // retreat, request
    "#fdbf6f", "#ff7f00", "#e31a1c", "#fb9a99", "#b15928", "#8c510a",  // accuse..mobilize
    "#d01c8b", "#67001f"};                                             // coerce, assault

std::string Num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f", v);
  return buffer;
}

void AppendSvg(const TimelineAnswer& answer, Period period, std::string* b) {
  // At least six columns wide, so the title and legend have room.
  const size_t columns = std::max<size_t>(answer.periods.size(), 6);
  const double plot_width = columns * kColumn;
  // As tall as the fullest column needs (at least 8 squares, at most
  // kMaxStack).
  std::map<std::string, int> per_period;
  int fullest = 0;
  for (const TimelineEvent& e : answer.events) {
    fullest = std::max(fullest, ++per_period[PeriodLabel(e.date, period)]);
  }
  const double stack_height = (kMark + 2) * std::clamp(fullest, 8, kMaxStack);
  const double width = kLeft + plot_width + 24 + kLegendWidth;
  const double zero = kTop + stack_height + 40 + kBalanceHeight / 2;
  const double height = zero + kBalanceHeight / 2 + 60;
  std::map<std::string, size_t> column_of;
  for (size_t i = 0; i < answer.periods.size(); ++i) column_of[answer.periods[i].label] = i;

  *b += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"" + Num(width) +
        "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " + Num(width) + " " + Num(height) +
        "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\" data-events=\"" +
        std::to_string(answer.events.size()) + "\" data-periods=\"" +
        std::to_string(answer.periods.size()) + "\">\n";
  *b += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<text x=\"" + Num(kLeft) +
        "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">";
  query_internal::AppendXmlEscaped(answer.actor.name, b);
  *b += ": " + std::to_string(answer.total_events) + " event(s)";
  if (answer.events.size() < answer.total_events) {
    *b += ", the first " + std::to_string(answer.events.size()) + " drawn";
  }
  *b += "</text>\n";
  // Axis lines and period labels.
  *b += "<line x1=\"" + Num(kLeft) + "\" y1=\"" + Num(kTop + stack_height) + "\" x2=\"" +
        Num(kLeft + plot_width) + "\" y2=\"" + Num(kTop + stack_height) +
        "\" stroke=\"#888\"/>\n<line x1=\"" + Num(kLeft) + "\" y1=\"" + Num(zero) + "\" x2=\"" +
        Num(kLeft + plot_width) + "\" y2=\"" + Num(zero) + "\" stroke=\"#888\"/>\n";
  *b += "<text x=\"4\" y=\"" + Num(kTop + 10) +
        "\" fill=\"#555\">events</text>\n<text x=\"4\" y=\"" + Num(zero - kBalanceHeight / 2 + 10) +
        "\" fill=\"#555\">balance</text>\n";
  for (size_t i = 0; i < answer.periods.size(); ++i) {
    const double x = kLeft + i * kColumn + kColumn / 2;
    *b += "<text class=\"period\" transform=\"translate(" + Num(x) + "," +
          Num(zero + kBalanceHeight / 2 + 12) + ") rotate(45)\">";
    query_internal::AppendXmlEscaped(answer.periods[i].label, b);
    *b += "</text>\n";
  }
  // Event marks.
  std::vector<int> stacked(columns, 0);
  std::vector<int> overflow(columns, 0);
  bool used[kRelationCount] = {};
  for (const TimelineEvent& e : answer.events) {
    auto it = column_of.find(PeriodLabel(e.date, period));
    if (it == column_of.end()) continue;
    const size_t c = it->second;
    if (stacked[c] >= kMaxStack) {
      ++overflow[c];
      continue;
    }
    const int r = static_cast<int>(e.relation);
    used[r] = true;
    const double x = kLeft + c * kColumn + (kColumn - kMark) / 2;
    const double y = kTop + stack_height - (stacked[c] + 1) * (kMark + 2);
    ++stacked[c];
    *b += "<rect class=\"event\" x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(kMark) +
          "\" height=\"" + Num(kMark) + "\" fill=\"" + kRelationColors[r] + "\"";
    if (e.negated)
      *b += " fill-opacity=\"0.35\" stroke=\"" + std::string(kRelationColors[r]) + "\"";
    *b += "><title>";
    query_internal::AppendXmlEscaped((e.date.known() ? e.date.ToString() : "undated") + " " +
                                         std::string(RelationName(e.relation)) +
                                         (e.negated ? " (not)" : "") + " -> " + e.object.name +
                                         "\n" + e.evidence + "\n[" + e.doc + "]",
                                     b);
    *b += "</title></rect>\n";
  }
  for (size_t c = 0; c < columns; ++c) {
    if (overflow[c] == 0) continue;
    *b += "<text x=\"" + Num(kLeft + c * kColumn + 4) + "\" y=\"" + Num(kTop - 4) +
          "\" fill=\"#555\">+" + std::to_string(overflow[c]) + "</text>\n";
  }
  // Balance bars.
  int largest = 1;
  for (const TimelinePeriod& p : answer.periods) largest = std::max(largest, std::abs(p.balance));
  for (size_t i = 0; i < answer.periods.size(); ++i) {
    const TimelinePeriod& p = answer.periods[i];
    const double h = (kBalanceHeight / 2 - 6) * std::abs(p.balance) / largest;
    const double x = kLeft + i * kColumn + 6;
    *b += "<rect class=\"balance\" x=\"" + Num(x) + "\" y=\"" +
          Num(p.balance >= 0 ? zero - h : zero) + "\" width=\"" + Num(kColumn - 12) +
          "\" height=\"" + Num(h) + "\" fill=\"" + (p.balance >= 0 ? "#2a9d4b" : "#d62728") +
          "\"><title>";
    query_internal::AppendXmlEscaped(p.label + ": " + std::to_string(p.cooperative) +
                                         " cooperative, " + std::to_string(p.conflictual) +
                                         " conflictual, balance " + std::to_string(p.balance),
                                     b);
    *b += "</title></rect>\n";
  }
  // Legend of the relations drawn.
  double y = kTop;
  const double lx = kLeft + plot_width + 24;
  for (int r = 0; r < kRelationCount; ++r) {
    if (!used[r]) continue;
    *b += "<rect x=\"" + Num(lx) + "\" y=\"" + Num(y - 9) +
          "\" width=\"10\" height=\"10\" fill=\"" + kRelationColors[r] + "\"/><text x=\"" +
          Num(lx + 16) + "\" y=\"" + Num(y) + "\">";
    *b += RelationName(static_cast<Relation>(r));
    *b += "</text>\n";
    y += 16;
  }
  *b += "</svg>\n";
}

}  // namespace

Status WriteTimelineChart(const TimelineAnswer& answer, Period period, bool html,
                          std::ostream& out) {
  try {
    std::string b;
    if (html) {
      b += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
      query_internal::AppendXmlEscaped("geokg timeline: " + answer.actor.name, &b);
      b += "</title>\n<style>body{font:13px Helvetica,Arial,sans-serif;margin:16px;color:#222}"
           "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:3px 6px;"
           "text-align:left;vertical-align:top}.evidence{color:#444;max-width:640px}</style>\n"
           "</head>\n<body>\n";
    }
    AppendSvg(answer, period, &b);
    if (html) {
      b += "<table>\n<tr><th>date</th><th>relation</th><th>object</th><th>evidence</th>"
           "<th>doc</th></tr>\n";
      for (const TimelineEvent& e : answer.events) {
        b += "<tr><td>" + (e.date.known() ? e.date.ToString() : std::string("undated")) +
             "</td><td>";
        b += RelationName(e.relation);
        if (e.negated) b += " (not)";
        b += "</td><td>";
        query_internal::AppendXmlEscaped(e.object.name, &b);
        b += "</td><td class=\"evidence\">";
        query_internal::AppendXmlEscaped(e.evidence, &b);
        b += "</td><td>";
        query_internal::AppendXmlEscaped(e.doc, &b);
        b += "</td></tr>\n";
      }
      b += "</table>\n</body>\n</html>\n";
    }
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
    out.flush();
    if (!out) return Status::IOError("timeline chart: writing failed");
    return Status::Ok();
  } catch (const std::exception& e) {
    return query_internal::FromException("timeline chart", e);
  }
}

}  // namespace geokg
