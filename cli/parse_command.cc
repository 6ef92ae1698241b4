// geokg parse: raw text -> CoNLL-U, or --eval against a gold CoNLL-U file.
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "commands.h"
#include "geokg/extract.h"

namespace geokg::cli {
namespace {

constexpr const char* kDefaultModel = "models/en_ewt.gkdp";

// The whole of `path` ("-" = stdin) into *text; false when unreadable.
bool ReadAll(const std::string& path, std::string* text) {
  if (path == "-") {
    text->assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return false;
  *text = buffer.str();
  return true;
}

double Rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

}  // namespace

int RunParse(const Invocation& invocation) {
  const ParsedArgs& args = invocation.args;
  const std::vector<std::string>& positionals = args.positionals();
  const bool eval = args.Has("eval");
  if (eval && !positionals.empty()) {
    return UsageError(invocation.command,
                      "give either --eval FILE.conllu or a text FILE, not both");
  }
  if (positionals.size() > 1) {
    return UsageError(invocation.command, "at most one input FILE (or - for stdin)");
  }
  if (!eval && invocation.format != OutputFormat::kTable) {
    return UsageError(invocation.command,
                      "--format json applies to --eval; text is parsed to CoNLL-U");
  }

  std::string model_path = args.Get("model");
  if (model_path.empty()) {
    Result<std::string> found = FindDataFile(kDefaultModel);
    if (!found.ok()) return Fail(invocation, found.status().message());
    model_path = *found;
  }
  Result<std::unique_ptr<DependencyParser>> parser = DependencyParser::Load(model_path);
  if (!parser.ok()) return Fail(invocation, parser.status().ToString());
  if (args.Has("beam")) {
    const std::string beam = args.Get("beam");
    char* end = nullptr;
    const long width = std::strtol(beam.c_str(), &end, 10);
    if (beam.empty() || *end != '\0' || width < 1 || width > 256) {
      return UsageError(invocation.command, "--beam needs a width from 1 to 256");
    }
    (*parser)->SetBeamWidth(static_cast<int>(width));
  }

  if (eval) {
    const std::string gold = args.Get("eval");
    Result<ParseScores> scores = (*parser)->Evaluate(gold);
    if (!scores.ok()) return Fail(invocation, scores.status().ToString());
    if (scores->tokens == 0) return Fail(invocation, gold + ": no words to evaluate");
    if (invocation.format == OutputFormat::kJson) {
      PrintJson({{"upos", Rounded(scores->upos, 4)},
                 {"uas", Rounded(scores->uas, 4)},
                 {"las", Rounded(scores->las, 4)},
                 {"tokens", scores->tokens},
                 {"tokens_per_second", std::llround(scores->tokens_per_second)}},
                std::cout);
      return kExitOk;
    }
    auto percent = [](double share) {
      std::ostringstream out;
      out.setf(std::ios::fixed);
      out.precision(2);
      out << 100 * share << '%';
      return out.str();
    };
    Table table({"measure", "value"});
    table.AddRow({"sentences", std::to_string(scores->sentences)});
    table.AddRow({"tokens", std::to_string(scores->tokens)});
    table.AddRow({"UPOS", percent(scores->upos)});
    table.AddRow({"UAS", percent(scores->uas)});
    table.AddRow({"LAS", percent(scores->las)});
    table.AddRow({"tokens/s", std::to_string(std::llround(scores->tokens_per_second)) +
                                  " (tag + parse, one thread, model load excluded)"});
    table.Print(std::cout, 80);
    return kExitOk;
  }

  const std::string path = positionals.empty() ? "-" : positionals.front();
  std::string text;
  if (!ReadAll(path, &text)) {
    return Fail(invocation, (path == "-" ? std::string("stdin") : path) + ": cannot read");
  }
  (*parser)->WriteConllu(text, std::cout);
  return kExitOk;
}

}  // namespace geokg::cli
