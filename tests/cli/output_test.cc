#include "output.h"

#include <gtest/gtest.h>

#include <sstream>

namespace geokg::cli {
namespace {

TEST(OutputFormatTest, RoundTripsNamesAndRejectsOthers) {
  for (OutputFormat format :
       {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kJsonl, OutputFormat::kGraphml,
        OutputFormat::kGexf, OutputFormat::kCyjs, OutputFormat::kCsv, OutputFormat::kDot,
        OutputFormat::kSvg, OutputFormat::kHtml}) {
    OutputFormat parsed = OutputFormat::kTable;
    ASSERT_TRUE(ParseOutputFormat(OutputFormatName(format), &parsed));
    EXPECT_EQ(parsed, format);
  }
  OutputFormat parsed = OutputFormat::kJson;
  EXPECT_FALSE(ParseOutputFormat("JSON", &parsed));
  EXPECT_FALSE(ParseOutputFormat("pdf", &parsed));
  EXPECT_EQ(parsed, OutputFormat::kJson);
}

TEST(ClipTest, Table) {
  struct Case {
    const char* text;
    size_t width;
    const char* expected;
  };
  const Case cases[] = {
      {"short", 10, "short"},
      {"exactly10!", 10, "exactly10!"},
      {"eleven chars", 10, "eleven ch\u2026"},
      {"line\nbreak\ttab", 0, "line break tab"},
      // Multi-byte code points are never split.
      {"Kyiv \u2014 \u041a\u0438\u0457\u0432", 8, "Kyiv \u2014 \u2026"},
      {"\u00cdngrid", 6, "\u00cdngrid"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Clip(c.text, c.width), c.expected) << c.text;
  }
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("NATO"), 4u);
  EXPECT_EQ(DisplayWidth("\u00cdngrid"), 6u);
  EXPECT_EQ(DisplayWidth("\u041a\u0438\u0457\u0432"), 4u);
}

TEST(TableTest, AlignsColumnsByDisplayWidth) {
  Table table({"name", "type"});
  table.AddRow({"\u00cdngrid Betancourt", "PERSON"});
  table.AddRow({"NATO", "ORG", "ignored extra cell"});
  table.AddRow({"UN"});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "name               type\n"
            "-----------------  ------\n"
            "\u00cdngrid Betancourt  PERSON\n"
            "NATO               ORG\n"
            "UN\n");
  EXPECT_EQ(table.rows(), 3u);
}

TEST(PrintJsonTest, ReplacesInvalidUtf8InsteadOfThrowing) {
  std::ostringstream out;
  PrintJsonLine(Json{{"evidence", std::string("bad \xff byte")}}, out);
  EXPECT_EQ(out.str(), "{\"evidence\":\"bad \xEF\xBF\xBD byte\"}\n");
}

}  // namespace
}  // namespace geokg::cli
