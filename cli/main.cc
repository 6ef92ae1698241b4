// geokg: command-line front end. Dispatches to one command, and is the last
// line of defence: any exception that escapes a library is reported as an
// internal error (exit 70) instead of aborting.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"

namespace geokg::cli {
namespace {

constexpr std::string_view kVersion = "0.1.0";

void PrintMainHelp(std::ostream& out) {
  out << "Usage: geokg [--db DIR] COMMAND [options] [arguments]\n\n"
         "Turns news articles into a knowledge graph of geopolitical actors and\n"
         "answers questions over it.\n\nCommands:\n";
  for (const Command& command : AllCommands()) {
    std::string name(command.name);
    name.resize(12, ' ');
    out << "  " << name << command.summary << '\n';
  }
  out << "\nCommon options:\n"
         "  --db DIR          database folder (default: $GEOKG_DB, else ./geokg.db)\n"
         "  --format FORMAT   table or json (extract also jsonl; export graphml, gexf, cyjs,\n"
         "                    csv, dot, svg or html)\n"
         "  -h, --help        help; 'geokg COMMAND --help' for a command\n"
         "  --version         print the version\n\n"
         "Exit status: 0 ok, 1 error, 2 usage error, 70 internal error.\n"
         "Reference: docs/cli.md\n";
}

const Command* FindCommand(std::string_view name) {
  for (const Command& command : AllCommands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

std::string DefaultDb() {
  const char* env = std::getenv("GEOKG_DB");
  return env != nullptr && env[0] != '\0' ? env : "./geokg.db";
}

int RunMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string db = DefaultDb();
  size_t i = 0;
  // Global options before the command: --help, --version, --db.
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      PrintMainHelp(std::cout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::cout << "geokg " << kVersion << '\n';
      return kExitOk;
    }
    if (arg == "--db") {
      if (i + 1 >= args.size()) {
        std::cerr << "geokg: option '--db' needs a value\n";
        return kExitUsage;
      }
      db = args[++i];
    } else if (arg.rfind("--db=", 0) == 0) {
      db = arg.substr(5);
    } else {
      std::cerr << "geokg: unknown option '" << arg << "'\nTry 'geokg --help'.\n";
      return kExitUsage;
    }
  }
  if (i == args.size()) {
    PrintMainHelp(std::cerr);
    return kExitUsage;
  }
  const Command* command = FindCommand(args[i]);
  if (command == nullptr) {
    std::cerr << "geokg: unknown command '" << args[i] << "'\nTry 'geokg --help'.\n";
    return kExitUsage;
  }
  std::vector<FlagSpec> flags = command->flags;
  flags.push_back({"db", true, false});
  flags.push_back({"format", true, false});
  flags.push_back({"help", false, false});
  Result<ParsedArgs> parsed =
      ArgParser(std::move(flags)).Parse(std::vector<std::string>(args.begin() + i + 1, args.end()));
  if (!parsed.ok()) return UsageError(command->name, parsed.status().message());

  Invocation invocation;
  invocation.command = std::string(command->name);
  invocation.args = std::move(parsed).value();
  if (invocation.args.Has("help")) {
    std::cout << command->help;
    return kExitOk;
  }
  invocation.db = invocation.args.Get("db", db);
  invocation.format = command->formats.front();
  if (invocation.args.Has("format")) {
    std::string name = invocation.args.Get("format");
    OutputFormat format;
    bool accepted = false;
    if (ParseOutputFormat(name, &format)) {
      for (OutputFormat allowed : command->formats) accepted = accepted || allowed == format;
    }
    if (!accepted) {
      std::string names;
      for (OutputFormat allowed : command->formats) {
        names += (names.empty() ? "" : ", ") + std::string(OutputFormatName(allowed));
      }
      return UsageError(command->name,
                        "--format: unsupported format '" + name + "' (accepted: " + names + ")");
    }
    invocation.format = format;
  }
  return command->run(invocation);
}

}  // namespace
}  // namespace geokg::cli

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    int code = geokg::cli::RunMain(argc, argv);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "geokg: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "geokg: internal error: unknown exception\n";
  }
  return geokg::cli::kExitInternal;
}
