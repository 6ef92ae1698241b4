// Runs the built geokg binary for what needs no database: help, version,
// usage errors and their exit codes.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs `GEOKG_BINARY args` through the shell with stdin from /dev/null.
RunResult RunGeokg(const std::string& args) {
  std::string base = testing::TempDir() + "geokg_cli_" + std::to_string(getpid());
  std::string command = std::string("'") + GEOKG_BINARY + "' " + args + " </dev/null >'" + base +
                        ".out' 2>'" + base + ".err'";
  int status = std::system(command.c_str());
  RunResult result;
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = Slurp(base + ".out");
  result.err = Slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return result;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliBinaryTest, MainHelpListsEveryCommand) {
  RunResult r = RunGeokg("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* name : {"ingest", "extract", "neighbors", "path", "timeline", "entities", "show",
                           "stats", "export"}) {
    EXPECT_TRUE(Contains(r.out, std::string("  ") + name + " ")) << name << "\n" << r.out;
  }
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(CliBinaryTest, Version) {
  RunResult r = RunGeokg("--version");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "geokg 0.1.0\n");
}

TEST(CliBinaryTest, EveryCommandHasHelpOnStdout) {
  for (const char* name : {"ingest", "extract", "neighbors", "path", "timeline", "entities", "show",
                           "stats", "export"}) {
    for (const char* flag : {"--help", "-h"}) {
      RunResult r = RunGeokg(std::string(name) + " " + flag);
      EXPECT_EQ(r.code, 0) << name;
      EXPECT_EQ(r.out.rfind(std::string("Usage: geokg ") + name, 0), 0u) << r.out;
      EXPECT_TRUE(Contains(r.out, "--format")) << name;
      EXPECT_TRUE(Contains(r.out, "--db")) << name;
      EXPECT_TRUE(r.err.empty()) << r.err;
    }
  }
}

struct UsageCase {
  const char* args;
  int code;
  const char* stderr_part;
};

TEST(CliBinaryTest, UsageAndLookupErrors) {
  const UsageCase cases[] = {
      {"", 2, "Usage: geokg"},
      {"frobnicate", 2, "geokg: unknown command 'frobnicate'"},
      {"--colour neighbors X", 2, "geokg: unknown option '--colour'"},
      {"neighbors X --colour red", 2, "geokg neighbors: unknown option '--colour'"},
      {"neighbors", 2, "geokg neighbors: missing NAME"},
      {"neighbors A B", 2, "geokg neighbors: too many arguments"},
      {"neighbors X --depth 0", 2, "--depth must be between 1 and 6"},
      {"neighbors X --depth two", 2, "--depth expects an integer"},
      {"neighbors X --direction sideways", 2, "--direction"},
      {"neighbors X --since 2023-13-01", 2, "--since: invalid date '2023-13-01'"},
      {"neighbors X --until yesterday", 2, "--until: invalid date 'yesterday'"},
      {"neighbors X --since 2024 --until 2023", 2, "is before --since"},
      {"neighbors X --relation friendship", 2, "--relation: unknown relation 'friendship'"},
      {"neighbors X --type planet", 2, "--type: unknown entity type 'planet'"},
      {"neighbors X --depth", 2, "'--depth' needs a value"},
      {"path A", 2, "geokg path: missing FROM and TO"},
      {"path A B --max-depth 0", 2, "--max-depth"},
      {"timeline X --by week", 2, "--by: expected day, month or year"},
      {"entities --type planet", 2, "--type"},
      {"stats --format xml", 2, "--format: unsupported format 'xml'"},
      {"export --format json", 2, "--format: unsupported format 'json'"},
      {"extract --format graphml", 2, "unsupported format"},
      {"ingest", 2, "geokg ingest: no PATH given"},
      {"stats extra", 2, "too many arguments"},
      {"stats --db /nonexistent/geokg-test.db", 1, "geokg stats: no database at"},
      {"--db /nonexistent/geokg-test.db neighbors X", 1, "geokg neighbors: no database at"},
      {"--db=/nonexistent/geokg-test.db show X", 1, "geokg show: no database at"},
  };
  for (const UsageCase& c : cases) {
    RunResult r = RunGeokg(c.args);
    EXPECT_EQ(r.code, c.code) << "geokg " << c.args << "\n" << r.err;
    EXPECT_TRUE(Contains(r.err, c.stderr_part)) << "geokg " << c.args << "\n" << r.err;
    if (c.code == 2 && std::string(c.args).size() > 0) {
      EXPECT_TRUE(Contains(r.err, "--help")) << "usage errors point to --help: " << c.args;
    }
  }
}

}  // namespace
