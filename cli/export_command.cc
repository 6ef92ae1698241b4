// geokg export: the store in one of the graph formats, to stdout or
// atomically to a file (csv: two files in a folder).
#include <iostream>
#include <memory>
#include <string>

#include "atomic_file.h"
#include "commands.h"
#include "geokg/query.h"

namespace geokg::cli {
namespace {

ExportFormat ExportFormatOf(OutputFormat format) {
  switch (format) {
    case OutputFormat::kGexf:
      return ExportFormat::kGexf;
    case OutputFormat::kCyjs:
      return ExportFormat::kCyjs;
    case OutputFormat::kCsv:
      return ExportFormat::kCsv;
    case OutputFormat::kDot:
      return ExportFormat::kDot;
    case OutputFormat::kSvg:
      return ExportFormat::kSvg;
    case OutputFormat::kHtml:
      return ExportFormat::kHtml;
    default:
      return ExportFormat::kGraphml;
  }
}

void Report(const Invocation& invocation, const ExportCounts& counts, const std::string& where) {
  std::cerr << "geokg export: wrote " << counts.nodes << " nodes and " << counts.edges << " edges ("
            << OutputFormatName(invocation.format) << ") to " << where << '\n';
}

// csv: DIR/nodes.csv and DIR/relationships.csv, each written atomically.
int ExportCsvFiles(const Invocation& invocation, const Store& store, const TripleFilter& filter,
                   const ExportOptions& options, const std::string& dir) {
  if (dir == "-") {
    return UsageError(invocation.command,
                      "--format csv writes two files (nodes.csv, relationships.csv): name a "
                      "folder with --out DIR");
  }
  if (Status s = EnsureFolder(dir); !s.ok()) {
    return Fail(invocation, "--out: " + s.message() + " (csv writes two files into a folder)");
  }
  Result<std::unique_ptr<AtomicFile>> nodes = AtomicFile::Create(dir + "/nodes.csv");
  if (!nodes.ok()) return Fail(invocation, nodes.status().message());
  Result<std::unique_ptr<AtomicFile>> relationships =
      AtomicFile::Create(dir + "/relationships.csv");
  if (!relationships.ok()) return Fail(invocation, relationships.status().message());
  Result<ExportCounts> counts =
      ExportCsv(store, filter, options, (*nodes)->stream(), (*relationships)->stream());
  if (!counts.ok()) {
    if (counts.status().IsNotFound() && !options.around.empty()) {
      return FailLookup(invocation, store, options.around, counts.status());
    }
    return Fail(invocation, counts.status().ToString());
  }
  // Each file is replaced atomically, the pair one after the other: a
  // failure between the two renames leaves a new nodes.csv beside the old
  // relationships.csv, and is reported.
  Status s = (*nodes)->Commit();
  if (s.ok()) s = (*relationships)->Commit();
  if (!s.ok()) return Fail(invocation, s.message());
  Report(invocation, *counts, dir + "/{nodes,relationships}.csv");
  return kExitOk;
}

}  // namespace

int RunExport(const Invocation& invocation) {
  if (!invocation.args.positionals().empty()) {
    return UsageError(invocation.command, "unexpected argument '" +
                                              invocation.args.positionals()[0] +
                                              "' (use --out FILE to name the output)");
  }
  TripleFilter filter;
  int code = kExitOk;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  ExportOptions options;
  options.format = ExportFormatOf(invocation.format);
  if (!ScopeFromFlags(invocation, &options, &code)) return code;
  std::string out_path = invocation.args.Get("out", "-");
  if (out_path.empty()) return UsageError(invocation.command, "--out: empty file name");
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  auto failed = [&](const Status& status) {
    if (status.IsNotFound() && !options.around.empty()) {
      return FailLookup(invocation, *store, options.around, status);
    }
    return Fail(invocation, status.ToString());
  };
  if (options.format == ExportFormat::kCsv) {
    return ExportCsvFiles(invocation, *store, filter, options, out_path);
  }
  if (out_path == "-") {
    Result<ExportCounts> counts = Export(*store, filter, options, std::cout);
    std::cout.flush();
    if (!counts.ok()) return failed(counts.status());
    if (!std::cout) return Fail(invocation, "cannot write to stdout");
    Report(invocation, *counts, "stdout");
    return kExitOk;
  }
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(out_path);
  if (!file.ok()) return Fail(invocation, file.status().message());
  Result<ExportCounts> counts = Export(*store, filter, options, (*file)->stream());
  if (!counts.ok()) return failed(counts.status());
  Status committed = (*file)->Commit();
  if (!committed.ok()) return Fail(invocation, committed.message());
  Report(invocation, *counts, out_path);
  return kExitOk;
}

}  // namespace geokg::cli
