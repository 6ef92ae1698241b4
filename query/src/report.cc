// StrongestDyads and WriteReport: the offline report of `geokg report`.

#include <algorithm>
#include <limits>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "exporters.h"
#include "geokg/query.h"
#include "query_internal.h"
#include "xml_escape.h"

namespace geokg {
namespace {

using query_internal::AppendXmlEscaped;
using query_internal::ExportGraph;

std::vector<Dyad> DyadsOf(const ExportGraph& graph, bool cooperative, size_t limit) {
  std::unordered_map<EntityId, EntityRef> refs;
  for (const auto& node : graph.nodes) refs[node.id] = EntityRef{node.name, node.type};
  std::map<std::pair<EntityId, EntityId>, Dyad> pairs;
  const int want = cooperative ? 1 : -1;
  for (const auto& edge : graph.edges) {
    if (edge.negated || RelationValence(edge.relation) != want || edge.subject == edge.object) {
      continue;
    }
    const EntityId a = std::min(edge.subject, edge.object);
    const EntityId b = std::max(edge.subject, edge.object);
    Dyad& d = pairs[{a, b}];
    d.first = refs[a];
    d.second = refs[b];
    ++d.events;
    ++(edge.subject == a ? d.first_to_second : d.second_to_first);
  }
  std::vector<Dyad> dyads;
  for (auto& [key, d] : pairs) dyads.push_back(std::move(d));
  std::sort(dyads.begin(), dyads.end(), [](const Dyad& x, const Dyad& y) {
    return std::tie(y.events, x.first.name, x.second.name) <
           std::tie(x.events, y.first.name, y.second.name);
  });
  if (dyads.size() > limit) dyads.resize(limit);
  return dyads;
}

void AppendDyadTable(const std::vector<Dyad>& dyads, std::string* b) {
  if (dyads.empty()) {
    *b += "<p class=\"none\">none</p>\n";
    return;
  }
  *b +=
      "<table><tr><th>pair</th><th>events</th><th>first &rarr; second</th>"
      "<th>second &rarr; first</th></tr>\n";
  for (const Dyad& d : dyads) {
    *b += "<tr><td>";
    AppendXmlEscaped(d.first.name + " \xE2\x80\x93 " + d.second.name, b);
    *b += "</td><td>" + std::to_string(d.events) + "</td><td>" + std::to_string(d.first_to_second) +
          "</td><td>" + std::to_string(d.second_to_first) + "</td></tr>\n";
  }
  *b += "</table>\n";
}

constexpr char kReportCss[] =
    "body{overflow:auto}#graph{height:620px;border-bottom:1px solid #ddd}"
    "section{margin:18px 16px}h1{margin:12px 16px;font-size:20px}h2{font-size:16px}"
    "table{border-collapse:collapse;margin-right:24px}td,th{border-bottom:1px solid #ddd;"
    "padding:3px 8px;text-align:left}.side{display:flex;flex-wrap:wrap;gap:12px}"
    ".chart{overflow-x:auto}\n";

}  // namespace

Result<std::vector<Dyad>> StrongestDyads(const Store& store, const TripleFilter& filter,
                                         const ExportOptions& options, bool cooperative,
                                         size_t limit) {
  try {
    Result<ExportGraph> graph = query_internal::CollectExportGraph(
        store, filter, query_internal::ExportScope{options.around, options.depth},
        std::numeric_limits<uint64_t>::max());
    if (!graph.ok()) return graph.status();
    return DyadsOf(*graph, cooperative, limit);
  } catch (const std::exception& e) {
    return query_internal::FromException("dyads", e);
  }
}

Result<ReportSummary> WriteReport(const Store& store, const TripleFilter& filter,
                                  const ExportOptions& options, size_t top, std::ostream& out) {
  try {
    const query_internal::ExportScope scope{options.around, options.depth};
    Result<ExportGraph> graph =
        query_internal::CollectExportGraph(store, filter, scope, options.max_drawn_edges);
    if (!graph.ok()) return graph.status();
    ReportSummary summary;
    summary.graph = ExportCounts{graph->nodes.size(), graph->edges.size()};

    const std::string title =
        options.around.empty() ? "geokg report" : "geokg report: around " + options.around;
    std::string b;
    query_internal::AppendPageHead(title, kReportCss, &b);
    b += "<h1>";
    AppendXmlEscaped(title, &b);
    b += "</h1>\n";
    query_internal::AppendGraphView(*graph, &b);

    // Top actors. Unscoped: TopEntities over the filtered graph. With
    // --around: degree counted inside the ego network (its exported edges),
    // and the ego network's members in the order of their PageRank over the
    // whole filtered graph.
    std::vector<std::vector<RankedEntity>> ranked;
    const size_t wanted = std::max<size_t>(top, 1);
    if (options.around.empty()) {
      for (Centrality by : {Centrality::kDegree, Centrality::kPageRank}) {
        std::vector<RankedEntity> rows;
        if (!graph->edges.empty()) {
          Result<std::vector<RankedEntity>> r = TopEntities(store, by, wanted, filter);
          if (!r.ok()) return r.status();
          rows = std::move(*r);
        }
        ranked.push_back(std::move(rows));
      }
    } else {
      std::vector<RankedEntity> by_degree;
      for (const auto& node : graph->nodes) {
        if (node.degree == 0) continue;
        RankedEntity e;
        e.entity = EntityRef{node.name, node.type};
        e.degree = node.degree;
        by_degree.push_back(std::move(e));
      }
      std::stable_sort(
          by_degree.begin(), by_degree.end(), [](const RankedEntity& x, const RankedEntity& y) {
            return std::tie(y.degree, x.entity.name) < std::tie(x.degree, y.entity.name);
          });
      if (by_degree.size() > wanted) by_degree.resize(wanted);
      std::vector<RankedEntity> by_rank;
      if (!graph->edges.empty()) {
        Result<std::vector<RankedEntity>> all =
            TopEntities(store, Centrality::kPageRank, std::numeric_limits<size_t>::max(), filter);
        if (!all.ok()) return all.status();
        std::unordered_map<std::string, bool> member;
        for (const auto& node : graph->nodes) member[node.name] = node.degree > 0;
        for (RankedEntity& e : *all) {
          auto it = member.find(e.entity.name);
          if (it != member.end() && it->second && by_rank.size() < wanted) {
            by_rank.push_back(std::move(e));
          }
        }
      }
      ranked.push_back(std::move(by_degree));
      ranked.push_back(std::move(by_rank));
    }
    b += "<section><h2>Top actors</h2><div class=\"side\">\n";
    const char* const headings[] = {"by degree", "by PageRank"};
    for (size_t i = 0; i < 2; ++i) {
      b += "<table><tr><th colspan=\"3\">";
      b += headings[i];
      b += "</th></tr><tr><th>entity</th><th>type</th><th>";
      b += i == 0 ? "degree" : "PageRank";
      b += "</th></tr>\n";
      for (const RankedEntity& e : ranked[i]) {
        b += "<tr><td>";
        AppendXmlEscaped(e.entity.name, &b);
        b += "</td><td>";
        b += EntityTypeName(e.entity.type);
        b += "</td><td>";
        if (i == 0) {
          b += std::to_string(e.degree);
        } else {
          char share[32];
          std::snprintf(share, sizeof(share), "%.4f", e.pagerank);
          b += share;
        }
        b += "</td></tr>\n";
      }
      b += "</table>\n";
    }
    b += "</div></section>\n";

    // Timelines of the top actors by degree.
    b += "<section><h2>Timelines</h2>\n";
    for (const RankedEntity& e : ranked[0]) {
      Result<TimelineAnswer> timeline =
          Timeline(store, e.entity.name, "", Period::kMonth, filter, 200);
      if (!timeline.ok()) return timeline.status();
      if (timeline->events.empty()) {
        // A timeline lists what an actor does; this one is only acted on.
        b += "<p class=\"none\">";
        AppendXmlEscaped(e.entity.name, &b);
        b += ": no events of its own (it is only their object)</p>\n";
        continue;
      }
      std::ostringstream chart;
      Status s = WriteTimelineChart(*timeline, Period::kMonth, /*html=*/false, chart);
      if (!s.ok()) return s;
      b += "<div class=\"chart\">" + chart.str() + "</div>\n";
      summary.actors.push_back(e.entity.name);
    }
    if (summary.actors.empty()) b += "<p class=\"none\">no events</p>\n";
    b += "</section>\n";

    const std::vector<Dyad> cooperative = DyadsOf(*graph, true, 10);
    const std::vector<Dyad> conflictual = DyadsOf(*graph, false, 10);
    summary.cooperative_dyads = cooperative.size();
    summary.conflictual_dyads = conflictual.size();
    b += "<section><h2>Strongest dyads</h2><div class=\"side\"><div><h3>cooperative</h3>\n";
    AppendDyadTable(cooperative, &b);
    b += "</div><div><h3>conflictual</h3>\n";
    AppendDyadTable(conflictual, &b);
    b += "</div></div></section>\n</body>\n</html>\n";
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
    out.flush();
    if (!out) return Status::IOError("report: writing failed");
    return summary;
  } catch (const std::exception& e) {
    return query_internal::FromException("report", e);
  }
}

}  // namespace geokg
