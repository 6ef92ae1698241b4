#include "args.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace geokg::cli {
namespace {

std::vector<FlagSpec> Specs() {
  return {{"depth", true, false},
          {"relation", true, true},
          {"db", true, false},
          {"help", false, false},
          {"verbose", false, false}};
}

struct ParseCase {
  const char* label;
  std::vector<std::string> args;
  bool ok;
  std::vector<std::string> positionals;                                 // When ok.
  std::vector<std::pair<std::string, std::vector<std::string>>> flags;  // When ok.
  const char* error_part;                                               // When not ok.
};

// Keeps test names readable in ctest: the label instead of a byte dump.
void PrintTo(const ParseCase& c, std::ostream* os) { *os << c.label; }

class ArgParserTableTest : public testing::TestWithParam<ParseCase> {};

TEST_P(ArgParserTableTest, Parses) {
  const ParseCase& c = GetParam();
  Result<ParsedArgs> parsed = ArgParser(Specs()).Parse(c.args);
  ASSERT_EQ(parsed.ok(), c.ok) << parsed.status().ToString();
  if (!c.ok) {
    EXPECT_FALSE(parsed.status().ok());
    EXPECT_EQ(parsed.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(parsed.status().message().find(c.error_part), std::string::npos)
        << parsed.status().message();
    return;
  }
  EXPECT_EQ(parsed->positionals(), c.positionals);
  for (const auto& [name, values] : c.flags) {
    EXPECT_TRUE(parsed->Has(name)) << name;
    EXPECT_EQ(parsed->GetAll(name), values) << name;
  }
  for (const FlagSpec& spec : Specs()) {
    bool expected = false;
    for (const auto& flag : c.flags) expected = expected || flag.first == spec.name;
    EXPECT_EQ(parsed->Has(spec.name), expected) << spec.name;
  }
}

const ParseCase kParseCases[] = {
    {"empty", {}, true, {}, {}, ""},
    {"positionals_only", {"United States", "Russia"}, true, {"United States", "Russia"}, {}, ""},
    {"value_separate", {"--depth", "2", "X"}, true, {"X"}, {{"depth", {"2"}}}, ""},
    {"value_inline", {"X", "--depth=3"}, true, {"X"}, {{"depth", {"3"}}}, ""},
    {"inline_empty_value", {"--db="}, true, {}, {{"db", {""}}}, ""},
    {"inline_value_with_equals", {"--db=a=b"}, true, {}, {{"db", {"a=b"}}}, ""},
    {"value_looks_like_flag", {"--db", "--weird"}, true, {}, {{"db", {"--weird"}}}, ""},
    {"repeatable_kept_in_order",
     {"--relation", "support", "X", "--relation=aid,assault"},
     true,
     {"X"},
     {{"relation", {"support", "aid,assault"}}},
     ""},
    {"switch", {"--help"}, true, {}, {{"help", {""}}}, ""},
    {"short_help", {"-h"}, true, {}, {{"help", {""}}}, ""},
    {"switch_twice_is_fine", {"--verbose", "--verbose"}, true, {}, {{"verbose", {"", ""}}}, ""},
    {"dash_is_positional", {"-"}, true, {"-"}, {}, ""},
    {"double_dash_ends_flags",
     {"--depth", "1", "--", "--help", "-x"},
     true,
     {"--help", "-x"},
     {{"depth", {"1"}}},
     ""},
    {"unknown_long", {"--colour", "red"}, false, {}, {}, "unknown option '--colour'"},
    {"unknown_inline", {"--colour=red"}, false, {}, {}, "unknown option '--colour'"},
    {"unknown_short", {"-x"}, false, {}, {}, "unknown option '-x'"},
    {"missing_value", {"X", "--depth"}, false, {}, {}, "'--depth' needs a value"},
    {"switch_with_value", {"--help=yes"}, false, {}, {}, "'--help' takes no value"},
    {"non_repeatable_twice", {"--depth", "1", "--depth", "2"}, false, {}, {}, "more than once"},
};

INSTANTIATE_TEST_SUITE_P(Table, ArgParserTableTest, testing::ValuesIn(kParseCases),
                         [](const testing::TestParamInfo<ParseCase>& info) {
                           return std::string(info.param.label);
                         });

TEST(ParsedArgsTest, GetFallsBackAndTakesLastValue) {
  Result<ParsedArgs> parsed =
      ArgParser(Specs()).Parse({"--relation", "a", "--relation", "b", "--db", "x.db"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->Get("relation"), "b");
  EXPECT_EQ(parsed->Get("db", "fallback"), "x.db");
  EXPECT_EQ(parsed->Get("depth", "1"), "1");
  EXPECT_TRUE(parsed->GetAll("depth").empty());
}

struct IntCase {
  const char* text;
  int min;
  int max;
  bool ok;
  int value;
};

TEST(ParseIntFlagTest, Table) {
  const IntCase cases[] = {
      {"1", 1, 6, true, 1},      {"6", 1, 6, true, 6},    {"0", 1, 6, false, 0},
      {"7", 1, 6, false, 0},     {"-1", -5, 5, true, -1}, {"", 1, 6, false, 0},
      {"2x", 1, 6, false, 0},    {" 2", 1, 6, false, 0},  {"99999999999", 0, 10, false, 0},
      {"three", 1, 6, false, 0},
  };
  for (const IntCase& c : cases) {
    Result<int> value = ParseIntFlag("depth", c.text, c.min, c.max);
    EXPECT_EQ(value.ok(), c.ok) << "'" << c.text << "'";
    if (c.ok && value.ok()) {
      EXPECT_EQ(*value, c.value) << c.text;
    } else if (!value.ok()) {
      EXPECT_NE(value.status().message().find("--depth"), std::string::npos)
          << value.status().message();
    }
  }
}

TEST(SplitListTest, Table) {
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"", {}},
      {"support", {"support"}},
      {"support,aid", {"support", "aid"}},
      {" support , aid ,", {"support", "aid"}},
      {",,a,,b,,", {"a", "b"}},
      {"United States, Russia", {"United States", "Russia"}},
  };
  for (const auto& [text, expected] : cases) {
    EXPECT_EQ(SplitList(text), expected) << "'" << text << "'";
  }
}

TEST(ListFlagTest, FlattensRepeatedCommaLists) {
  Result<ParsedArgs> parsed =
      ArgParser(Specs()).Parse({"--relation", "support,aid", "--relation=assault"});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(ListFlag(*parsed, "relation"), (std::vector<std::string>{"support", "aid", "assault"}));
  EXPECT_TRUE(ListFlag(*parsed, "depth").empty());
}

}  // namespace
}  // namespace geokg::cli
