#include "args.h"

#include <charconv>

namespace geokg::cli {

bool ParsedArgs::Has(std::string_view name) const { return values_.find(name) != values_.end(); }

std::string ParsedArgs::Get(std::string_view name, std::string fallback) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return fallback;
  return it->second.back();
}

std::vector<std::string> ParsedArgs::GetAll(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return {};
  return it->second;
}

const FlagSpec* ArgParser::Find(std::string_view name) const {
  for (const FlagSpec& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Result<ParsedArgs> ArgParser::Parse(const std::vector<std::string>& args) const {
  ParsedArgs parsed;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    if (arg[1] != '-') {
      // Short options are not part of the grammar, except -h for help.
      if (arg == "-h" && Find("help") != nullptr) {
        parsed.values_["help"].push_back("");
        continue;
      }
      return Status::InvalidArgument("unknown option '" + arg + "'");
    }
    std::string_view body(arg);
    body.remove_prefix(2);
    std::string name(body);
    std::string value;
    bool has_inline_value = false;
    if (size_t eq = body.find('='); eq != std::string_view::npos) {
      name = std::string(body.substr(0, eq));
      value = std::string(body.substr(eq + 1));
      has_inline_value = true;
    }
    const FlagSpec* spec = Find(name);
    if (spec == nullptr) return Status::InvalidArgument("unknown option '--" + name + "'");
    if (!spec->takes_value) {
      if (has_inline_value) {
        return Status::InvalidArgument("option '--" + name + "' takes no value");
      }
    } else if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        return Status::InvalidArgument("option '--" + name + "' needs a value");
      }
      value = args[++i];
    }
    std::vector<std::string>& values = parsed.values_[name];
    if (!values.empty() && spec->takes_value && !spec->repeatable) {
      return Status::InvalidArgument("option '--" + name + "' given more than once");
    }
    values.push_back(std::move(value));
  }
  return parsed;
}

Result<int> ParseIntFlag(std::string_view flag, std::string_view text, int min, int max) {
  int value = 0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec != std::errc() || ptr != last) {
    return Status::InvalidArgument("--" + std::string(flag) + " expects an integer, got '" +
                                   std::string(text) + "'");
  }
  if (value < min || value > max) {
    return Status::InvalidArgument("--" + std::string(flag) + " must be between " +
                                   std::to_string(min) + " and " + std::to_string(max) + ", got " +
                                   std::to_string(value));
  }
  return value;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = comma + 1;
  }
  return items;
}

std::vector<std::string> ListFlag(const ParsedArgs& args, std::string_view name) {
  std::vector<std::string> items;
  for (const std::string& value : args.GetAll(name)) {
    for (std::string& item : SplitList(value)) items.push_back(std::move(item));
  }
  return items;
}

}  // namespace geokg::cli
