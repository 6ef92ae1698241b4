// geokg check: verify a store (Store::Check) and name what is damaged.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"

namespace geokg::cli {

// Exit status of a store that opened or failed to open as damaged.
constexpr int kExitDamaged = 3;

int RunCheck(const Invocation& invocation) {
  if (!invocation.args.positionals().empty()) {
    return UsageError(invocation.command, "unexpected argument '" +
                                              invocation.args.positionals()[0] +
                                              "' (name the database with --db DIR)");
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(invocation.db, ec)) {
    return Fail(invocation, "no database at '" + invocation.db + "'");
  }
  const bool json = invocation.format == OutputFormat::kJson;
  StoreOptions options;
  options.create_if_missing = false;
  options.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(invocation.db, options);
  Result<CheckReport> report = store.ok() ? (*store)->Check() : Result<CheckReport>(store.status());
  if (!report.ok()) {
    // A store that does not open (a damaged manifest or table file, an
    // unknown format) is damaged too; Busy is not damage.
    const Status& s = report.status();
    if (s.code() == Status::Code::kBusy || s.code() == Status::Code::kNotFound) {
      return Fail(invocation, "cannot open database '" + invocation.db + "': " + s.ToString());
    }
    if (json) {
      Json doc;
      doc["database"] = invocation.db;
      doc["ok"] = false;
      doc["problems"] = Json::array({Json{{"part", "open"}, {"detail", s.ToString()}}});
      PrintJson(doc, std::cout);
    } else {
      std::cerr << "geokg check: '" << invocation.db
                << "' is damaged: it does not open: " << s.ToString() << '\n';
    }
    return kExitDamaged;
  }
  const CheckReport& r = *report;
  if (json) {
    Json doc;
    doc["database"] = invocation.db;
    doc["ok"] = r.ok();
    doc["facts"] = r.facts;
    doc["out_entries"] = r.out_entries;
    doc["in_entries"] = r.in_entries;
    doc["time_entries"] = r.time_entries;
    doc["entities"] = r.entities;
    doc["articles"] = r.articles;
    doc["problem_count"] = r.problem_count;
    Json problems = Json::array();
    for (const CheckProblem& p : r.problems) {
      problems.push_back(Json{{"part", p.part}, {"detail", p.detail}});
    }
    doc["problems"] = problems;
    PrintJson(doc, std::cout);
  } else {
    std::cout << invocation.db << ": " << r.facts << " triples, " << r.entities << " entities, "
              << r.articles << " articles checked\n";
    for (const CheckProblem& p : r.problems)
      std::cout << "  " << p.part << ": " << p.detail << '\n';
    if (r.problem_count > r.problems.size()) {
      std::cout << "  ... and " << (r.problem_count - r.problems.size()) << " more\n";
    }
    std::cout << (r.ok() ? "ok\n"
                         : "damaged: " + std::to_string(r.problem_count) + " problem(s)\n");
  }
  return r.ok() ? kExitOk : kExitDamaged;
}

}  // namespace geokg::cli
