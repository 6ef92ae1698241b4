// The commands of the geokg CLI and what they share.
//
// main.cc parses the command line against a command's flags (plus the
// common --db, --format and --help), then calls its Run function. Commands
// only call library functions and print: no extraction, storage or query
// logic lives in the CLI.
//
// Exit codes: kExitOk, kExitError (the command failed: unknown entity,
// unreadable database, nothing readable), kExitUsage (bad command line).
#ifndef GEOKG_CLI_COMMANDS_H_
#define GEOKG_CLI_COMMANDS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "args.h"
#include "geokg/graph.h"
#include "output.h"

namespace geokg {
struct ExportOptions;  // geokg/query.h
}  // namespace geokg

namespace geokg::cli {

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInternal = 70;  // EX_SOFTWARE: an exception reached main.

struct Invocation {
  std::string command;  // "neighbors".
  ParsedArgs args;
  std::string db;       // --db, else $GEOKG_DB, else "./geokg.db".
  OutputFormat format;  // --format, else the command's default.
};

struct Command {
  std::string_view name;
  std::string_view summary;           // One line for `geokg --help`.
  std::string_view help;              // Full text for `geokg <name> --help`.
  std::vector<FlagSpec> flags;        // Command-specific flags; common ones are added.
  std::vector<OutputFormat> formats;  // Accepted by --format; the first is the default.
  int (*run)(const Invocation& invocation);
};

// Every command, in the order `geokg --help` lists them.
const std::vector<Command>& AllCommands();

// Prints "geokg <command>: <message>" on stderr and returns kExitError.
int Fail(const Invocation& invocation, std::string_view message);
// Prints the usage error and a pointer to --help; returns kExitUsage.
int UsageError(std::string_view command, std::string_view message);

// Opens the store at invocation.db for reading. Prints the reason and
// returns nullptr when it cannot (no database yet, locked, corrupt).
std::unique_ptr<Store> OpenForReading(const Invocation& invocation);

// Builds a TripleFilter from --since, --until, --relation and --type when
// the command has them. A bad value is a usage error: *exit_code is set to
// kExitUsage after printing it, and false is returned.
bool FilterFromFlags(const Invocation& invocation, TripleFilter* filter, int* exit_code);
// The same from any parsed arguments: InvalidArgument names the bad flag
// (geokg serve turns query parameters into ParsedArgs).
Status FilterFromArgs(const ParsedArgs& args, TripleFilter* filter);

// Fills options.around, .depth and .max_drawn_edges from --around,
// --depth (1-10, only with --around) and --max-edges (1-1,000,000; default
// 5000), for export, report and stats. A bad value is a usage error, as in
// FilterFromFlags.
bool ScopeFromFlags(const Invocation& invocation, ExportOptions* options, int* exit_code);

// Prints a failed lookup of `name`. An unknown name always reads "unknown
// entity ..." with the library's suggestions; other failures print as is.
int FailLookup(const Invocation& invocation, const Store& store, const std::string& name,
               const Status& status);

// Run functions, one per command (ingest_command.cc, extract_command.cc,
// query_commands.cc, export_command.cc, parse_command.cc).
int RunIngest(const Invocation& invocation);
// `ingest --records` (ingest_records.cc), called by RunIngest.
int RunIngestRecords(const Invocation& invocation);
int RunExtract(const Invocation& invocation);
int RunNeighbors(const Invocation& invocation);
int RunPath(const Invocation& invocation);
int RunTimeline(const Invocation& invocation);
int RunEntities(const Invocation& invocation);
int RunShow(const Invocation& invocation);
int RunStats(const Invocation& invocation);
int RunExport(const Invocation& invocation);
int RunParse(const Invocation& invocation);
// Graph algorithms (algorithm_commands.cc) and the HTTP server (serve_command.cc).
int RunTop(const Invocation& invocation);
int RunComponents(const Invocation& invocation);
int RunPaths(const Invocation& invocation);
int RunEgo(const Invocation& invocation);
int RunServe(const Invocation& invocation);
int RunReport(const Invocation& invocation);  // report_command.cc
int RunCheck(const Invocation& invocation);   // check_command.cc

}  // namespace geokg::cli

#endif  // GEOKG_CLI_COMMANDS_H_
