// The command-line argument parser of the geokg CLI.
//
// Grammar: "--name VALUE" and "--name=VALUE" for flags that take a value,
// "--name" for switches, everything else positional. "--" ends the flags; a
// lone "-" is a positional (it means stdin to the readers). A value flag may
// be repeated only when its spec says so; its values are then kept in order.
// Any unknown flag, a missing value, a value given to a switch, or a
// non-repeatable flag given twice is a usage error.
//
// Thread safety: plain values, no shared state.
#ifndef GEOKG_CLI_ARGS_H_
#define GEOKG_CLI_ARGS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "geokg/graph.h"

namespace geokg::cli {

struct FlagSpec {
  std::string name;         // Without the leading "--": "depth".
  bool takes_value = true;  // false: a switch such as --help.
  bool repeatable = false;  // true: "--relation a --relation b" keeps both.
};

class ParsedArgs {
 public:
  const std::vector<std::string>& positionals() const { return positionals_; }
  // True when the flag appeared at least once.
  bool Has(std::string_view name) const;
  // The flag's last value, or `fallback` when absent.
  std::string Get(std::string_view name, std::string fallback = "") const;
  // All values of the flag, in command-line order (empty when absent).
  std::vector<std::string> GetAll(std::string_view name) const;

 private:
  friend class ArgParser;
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;  // Switches hold "".
};

class ArgParser {
 public:
  explicit ArgParser(std::vector<FlagSpec> specs) : specs_(std::move(specs)) {}

  // Parses `args` (without the program and command names). On failure the
  // Status is InvalidArgument with a message naming the offending argument.
  Result<ParsedArgs> Parse(const std::vector<std::string>& args) const;

 private:
  const FlagSpec* Find(std::string_view name) const;
  std::vector<FlagSpec> specs_;
};

// Parses a decimal integer in [min, max]; the message names `flag`.
Result<int> ParseIntFlag(std::string_view flag, std::string_view text, int min, int max);

// Reads flag `name` of `args` as an integer in [min, max] into *out;
// `fallback` when the flag is absent. InvalidArgument names the flag.
template <typename T>
Status IntArg(const ParsedArgs& args, std::string_view name, int fallback, int min, int max,
              T* out) {
  Result<int> value = ParseIntFlag(name, args.Get(name, std::to_string(fallback)), min, max);
  if (!value.ok()) return value.status();
  *out = static_cast<T>(*value);
  return Status::Ok();
}

// Splits "a,b, c" into {"a", "b", "c"}; empty items are dropped.
std::vector<std::string> SplitList(std::string_view text);

// SplitList over every value of a repeatable flag: "--relation a,b
// --relation c" gives {"a", "b", "c"}.
std::vector<std::string> ListFlag(const ParsedArgs& args, std::string_view name);

}  // namespace geokg::cli

#endif  // GEOKG_CLI_ARGS_H_
