// geokg report: the offline HTML report (query's WriteReport) into a folder.
#include <iostream>
#include <memory>
#include <string>

#include "atomic_file.h"
#include "commands.h"
#include "geokg/query.h"

namespace geokg::cli {

int RunReport(const Invocation& invocation) {
  if (!invocation.args.positionals().empty()) {
    return UsageError(invocation.command, "unexpected argument '" +
                                              invocation.args.positionals()[0] +
                                              "' (use --out DIR to name the folder)");
  }
  TripleFilter filter;
  int code = kExitOk;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  ExportOptions options;
  if (!ScopeFromFlags(invocation, &options, &code)) return code;
  int top = 5;
  if (Status s = IntArg(invocation.args, "top", 5, 1, 50, &top); !s.ok()) {
    return UsageError(invocation.command, s.message());
  }
  if (!invocation.args.Has("out")) return UsageError(invocation.command, "--out DIR is required");
  const std::string dir = invocation.args.Get("out");
  if (dir.empty() || dir == "-") {
    return UsageError(invocation.command, "--out: name a folder for the report");
  }
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  if (Status s = EnsureFolder(dir); !s.ok()) return Fail(invocation, "--out: " + s.message());
  const std::string path = dir + "/index.html";
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
  if (!file.ok()) return Fail(invocation, file.status().message());
  Result<ReportSummary> summary =
      WriteReport(*store, filter, options, static_cast<size_t>(top), (*file)->stream());
  if (!summary.ok()) {
    if (summary.status().IsNotFound() && !options.around.empty()) {
      return FailLookup(invocation, *store, options.around, summary.status());
    }
    return Fail(invocation, summary.status().ToString());
  }
  if (Status s = (*file)->Commit(); !s.ok()) return Fail(invocation, s.message());
  if (invocation.format == OutputFormat::kJson) {
    Json doc;
    doc["report"] = path;
    doc["nodes"] = summary->graph.nodes;
    doc["edges"] = summary->graph.edges;
    doc["timelines"] = summary->actors;
    doc["cooperative_dyads"] = summary->cooperative_dyads;
    doc["conflictual_dyads"] = summary->conflictual_dyads;
    PrintJson(doc, std::cout);
    return kExitOk;
  }
  std::cout << "geokg report: wrote " << path << " (" << summary->graph.nodes << " nodes, "
            << summary->graph.edges << " edges, " << summary->actors.size() << " timelines)\n";
  return kExitOk;
}

}  // namespace geokg::cli
