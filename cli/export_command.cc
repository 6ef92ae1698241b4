// geokg export: the store as GraphML, to stdout or atomically to a file.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include "commands.h"
#include "geokg/query.h"

namespace geokg::cli {

int RunExport(const Invocation& invocation) {
  if (!invocation.args.positionals().empty()) {
    return UsageError(invocation.command, "unexpected argument '" +
                                              invocation.args.positionals()[0] +
                                              "' (use --out FILE to name the output)");
  }
  TripleFilter filter;
  int code = kExitOk;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  std::string out_path = invocation.args.Get("out", "-");
  if (out_path.empty()) return UsageError(invocation.command, "--out: empty file name");
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  auto report = [&](const ExportCounts& counts, const std::string& where) {
    std::cerr << "geokg export: wrote " << counts.nodes << " nodes and " << counts.edges
              << " edges to " << where << '\n';
  };

  if (out_path == "-") {
    Result<ExportCounts> counts = ExportGraphml(*store, filter, std::cout);
    std::cout.flush();
    if (!counts.ok()) return Fail(invocation, counts.status().ToString());
    if (!std::cout) return Fail(invocation, "cannot write to stdout");
    report(*counts, "stdout");
    return kExitOk;
  }

  // Write beside the target, then rename: readers never see a partial file.
  std::string temp_path = out_path + ".tmp-" + std::to_string(getpid());
  std::error_code ec;
  auto discard = [&](const std::string& message) {
    std::filesystem::remove(temp_path, ec);
    return Fail(invocation, message);
  };
  std::ofstream file(temp_path, std::ios::binary | std::ios::trunc);
  if (!file) return Fail(invocation, "cannot create '" + temp_path + "'");
  Result<ExportCounts> counts = ExportGraphml(*store, filter, file);
  file.close();
  if (!counts.ok()) return discard(counts.status().ToString());
  if (!file) return discard("cannot write '" + temp_path + "'");
  std::filesystem::rename(temp_path, out_path, ec);
  if (ec)
    return discard("cannot rename '" + temp_path + "' to '" + out_path + "': " + ec.message());
  report(*counts, out_path);
  return kExitOk;
}

}  // namespace geokg::cli
