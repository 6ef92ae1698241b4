// Every export format, on a store whose names and evidence hold the text
// that breaks careless writers: markup, quotes, ampersands, CDATA ends, a
// script end tag, U+2028, line breaks, commas, malformed UTF-8. Each format
// must carry the text intact (read back through the format's own decoding)
// and inert (no live markup). Counts, scopes and filters are checked too.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fixture.h"
#include "geokg/graph.h"
#include "geokg/query.h"

namespace geokg {
namespace {

const char kScriptName[] = "<script>alert(1)</script>";
const char kQuoteName[] = "\"&'";
const char kHostileEvidence[] =
    "They said ]]></script><b>x</b> \xE2\x80\xA8 next\nline, \"quoted\" & done\\N.";

std::unique_ptr<Store> HostileStore() {
  auto store = Store::NewInMemory();
  ArticleExtraction x;
  x.article.id = "doc<&>\"1";
  x.article.text = "text";
  x.article.date = Date::FromYmd(2024, 3, 1);
  x.entities.push_back({kScriptName, EntityType::kOrg, {"<b>bold</b>"}});
  x.entities.push_back({kQuoteName, EntityType::kGpe, {}});
  x.entities.push_back({"Ukraine", EntityType::kGpe, {}});
  Triple t;
  t.subject = kScriptName;
  t.object = kQuoteName;
  t.relation = Relation::kAccuse;
  t.date = x.article.date;
  t.predicate = "said <i>";
  t.evidence = kHostileEvidence;
  t.confidence = 0.5f;
  x.triples.push_back(t);
  t.subject = kQuoteName;
  t.object = "Ukraine";
  t.relation = Relation::kSupport;
  // Malformed UTF-8 and NUL are dropped, not passed on.
  t.evidence = std::string("Plain \xFF\xFE bytes") + std::string(1, '\0') + ".";
  x.triples.push_back(t);
  EXPECT_TRUE(store->PutArticle(x).ok());
  return store;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

std::string XmlUnescape(std::string s) {
  s = Replace(s, "&lt;", "<");
  s = Replace(s, "&gt;", ">");
  s = Replace(s, "&quot;", "\"");
  s = Replace(s, "&apos;", "'");
  s = Replace(s, "&#13;", "\r");
  return Replace(s, "&amp;", "&");
}

// Every string value in a JSON document.
void Strings(const nlohmann::json& j, std::vector<std::string>* out) {
  if (j.is_string()) out->push_back(j.get<std::string>());
  if (j.is_structured()) {
    for (const auto& item : j) Strings(item, out);
  }
}

bool HasString(const std::vector<std::string>& strings, const std::string& want) {
  return std::find(strings.begin(), strings.end(), want) != strings.end();
}

// RFC 4180 fields of a whole CSV text.
std::vector<std::string> CsvFields(const std::string& text) {
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      fields.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  return fields;
}

struct FormatCase {
  const char* name;
  ExportFormat format;
};

class ExportFormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(ExportFormatTest, HostileTextComesThroughIntactAndInert) {
  auto store = HostileStore();
  ExportOptions options;
  options.format = GetParam().format;
  std::ostringstream out;
  Result<ExportCounts> counts = Export(*store, {}, options, out);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->nodes, 3u);
  EXPECT_EQ(counts->edges, 2u);
  const std::string text = out.str();
  // No malformed byte and no NUL passes.
  EXPECT_EQ(text.find('\xFF'), std::string::npos);
  EXPECT_EQ(text.find('\0'), std::string::npos);
  // The evidence without the characters a format may not carry.
  const std::string evidence_core = "]]></script><b>x</b> ";
  switch (GetParam().format) {
    case ExportFormat::kGraphml:
    case ExportFormat::kGexf:
    case ExportFormat::kSvg: {
      EXPECT_EQ(text.find("<script"), std::string::npos);
      EXPECT_EQ(text.find("<b>"), std::string::npos);
      // Line breaks travel as character references: a raw one inside an
      // attribute value (GEXF's, SVG's) reads back as a space.
      EXPECT_NE(text.find("next&#10;line"), std::string::npos);
      const std::string plain = XmlUnescape(Replace(text, "&#10;", "\n"));
      EXPECT_NE(plain.find(kScriptName), std::string::npos);
      EXPECT_NE(plain.find(kQuoteName), std::string::npos);
      EXPECT_NE(plain.find(evidence_core), std::string::npos);
      break;
    }
    case ExportFormat::kCyjs: {
      nlohmann::json doc = nlohmann::json::parse(text);
      std::vector<std::string> strings;
      Strings(doc, &strings);
      EXPECT_TRUE(HasString(strings, kScriptName));
      EXPECT_TRUE(HasString(strings, kQuoteName));
      EXPECT_TRUE(HasString(strings, kHostileEvidence));
      EXPECT_TRUE(HasString(strings, "doc<&>\"1"));
      break;
    }
    case ExportFormat::kHtml: {
      // Exactly the page's two script elements; the data is JSON inside the
      // first, with every '<' escaped.
      size_t script_ends = 0;
      for (size_t at = text.find("</script>"); at != std::string::npos;
           at = text.find("</script>", at + 1)) {
        ++script_ends;
      }
      EXPECT_EQ(script_ends, 2u);
      EXPECT_EQ(text.find("<b>"), std::string::npos);
      const std::string open = "<script type=\"application/json\" id=\"geokg-data\">";
      const size_t begin = text.find(open);
      ASSERT_NE(begin, std::string::npos);
      const size_t end = text.find("</script>", begin);
      const std::string json = text.substr(begin + open.size(), end - begin - open.size());
      EXPECT_EQ(json.find('<'), std::string::npos);
      EXPECT_EQ(json.find("\xE2\x80\xA8"), std::string::npos);
      std::vector<std::string> strings;
      Strings(nlohmann::json::parse(json), &strings);
      EXPECT_TRUE(HasString(strings, kScriptName));
      EXPECT_TRUE(HasString(strings, kQuoteName));
      EXPECT_TRUE(HasString(strings, kHostileEvidence));
      EXPECT_TRUE(HasString(strings, "<b>bold</b>"));
      break;
    }
    case ExportFormat::kDot: {
      // Decode the quoted strings as Graphviz does (\" \\ \n, then &amp;).
      std::string plain = Replace(text, "\\\"", "\"");
      plain = Replace(plain, "\\n", "\n");
      plain = Replace(plain, "\\\\", "\\");
      plain = Replace(plain, "&amp;", "&");
      EXPECT_NE(plain.find(kScriptName), std::string::npos);
      EXPECT_NE(plain.find(kQuoteName), std::string::npos);
      EXPECT_NE(plain.find(kHostileEvidence), std::string::npos);
      // A raw quote never ends a string early: every line has an even number
      // of unescaped quotes.
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);) {
        size_t quotes = 0;
        for (size_t i = 0; i < line.size(); ++i) {
          if (line[i] == '\\') {
            ++i;
          } else if (line[i] == '"') {
            ++quotes;
          }
        }
        EXPECT_EQ(quotes % 2, 0u) << line;
      }
      break;
    }
    case ExportFormat::kCsv:
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, ExportFormatTest,
                         ::testing::Values(FormatCase{"graphml", ExportFormat::kGraphml},
                                           FormatCase{"gexf", ExportFormat::kGexf},
                                           FormatCase{"cyjs", ExportFormat::kCyjs},
                                           FormatCase{"dot", ExportFormat::kDot},
                                           FormatCase{"svg", ExportFormat::kSvg},
                                           FormatCase{"html", ExportFormat::kHtml}),
                         [](const ::testing::TestParamInfo<FormatCase>& info) {
                           return std::string(info.param.name);
                         });

TEST(ExportCsvTest, HostileTextComesThroughAsFields) {
  auto store = HostileStore();
  std::ostringstream nodes, relationships;
  Result<ExportCounts> counts = ExportCsv(*store, {}, ExportOptions{}, nodes, relationships);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->nodes, 3u);
  EXPECT_EQ(counts->edges, 2u);
  const std::vector<std::string> node_fields = CsvFields(nodes.str());
  EXPECT_TRUE(HasString(node_fields, kScriptName));
  EXPECT_TRUE(HasString(node_fields, kQuoteName));
  EXPECT_TRUE(HasString(node_fields, "id:ID"));
  const std::vector<std::string> edge_fields = CsvFields(relationships.str());
  // Line breaks inside text become spaces: one record per line.
  std::string evidence = Replace(kHostileEvidence, "\n", " ");
  EXPECT_TRUE(HasString(edge_fields, evidence));
  EXPECT_TRUE(HasString(edge_fields, "ACCUSE"));
  EXPECT_TRUE(HasString(edge_fields, ":START_ID"));
  const std::string relationship_text = relationships.str();
  const size_t lines = std::count(relationship_text.begin(), relationship_text.end(), '\n');
  EXPECT_EQ(lines, 3u);  // Header and two records.
}

TEST(ExportTest, CsvThroughExportIsRejected) {
  auto store = HostileStore();
  ExportOptions options;
  options.format = ExportFormat::kCsv;
  std::ostringstream out;
  EXPECT_FALSE(Export(*store, {}, options, out).ok());
}

struct ScopeCase {
  const char* name;
  std::string around;
  int depth;
  TripleFilter filter;
  uint64_t nodes;
  uint64_t edges;
};

class ExportScopeTest : public testing_fixture::FixtureTest,
                        public ::testing::WithParamInterface<ScopeCase> {};

TEST_P(ExportScopeTest, CountsMatchTheSelectedGraph) {
  const ScopeCase& c = GetParam();
  for (ExportFormat format : {ExportFormat::kGraphml, ExportFormat::kGexf, ExportFormat::kCyjs,
                              ExportFormat::kDot, ExportFormat::kSvg, ExportFormat::kHtml}) {
    ExportOptions options;
    options.format = format;
    options.around = c.around;
    options.depth = c.depth;
    std::ostringstream out;
    Result<ExportCounts> counts = Export(*store_, c.filter, options, out);
    ASSERT_TRUE(counts.ok()) << c.name << ": " << counts.status().ToString();
    EXPECT_EQ(counts->nodes, c.nodes) << c.name << " " << ExportFormatName(format);
    EXPECT_EQ(counts->edges, c.edges) << c.name << " " << ExportFormatName(format);
  }
}

TripleFilter Relations(std::vector<Relation> relations) {
  TripleFilter f;
  f.relations = std::move(relations);
  return f;
}

INSTANTIATE_TEST_SUITE_P(
    Scopes, ExportScopeTest,
    ::testing::Values(
        // Unscoped and unfiltered: Store::Stats() of the fixture.
        ScopeCase{"Whole", "", 1, {}, 11, 16},
        // Hamas' component is Hamas and Israel with one threat.
        ScopeCase{"AroundHamas", "Hamas", 1, {}, 2, 1},
        // Iran's neighbours: the United States (threaten, accuse).
        ScopeCase{"AroundIranDepth1", "Tehran", 1, {}, 2, 2},
        // Depth 2 from Iran: the US and its neighbours Blinken, Ukraine and
        // NATO; every triple among the five (two parallel pairs included).
        ScopeCase{"AroundIranDepth2", "Iran", 2, {}, 5, 10},
        ScopeCase{"OnlySupport", "", 1, Relations({Relation::kSupport}), 2, 2}),
    [](const ::testing::TestParamInfo<ScopeCase>& info) { return std::string(info.param.name); });

TEST(ExportTest, ScopedExportAppliesTypesToTheCentreToo) {
  auto store = HostileStore();
  ExportOptions options;
  options.around = kQuoteName;  // A GPE.
  TripleFilter orgs;
  orgs.entity_types = {EntityType::kOrg};
  std::ostringstream out;
  Result<ExportCounts> counts = Export(*store, orgs, options, out);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->nodes, 1u);  // The ORG neighbour only.
  EXPECT_EQ(counts->edges, 0u);
}

TEST(ExportTest, SvgKeepsManyIsolatedEntitiesInsideTheDrawing) {
  auto store = Store::NewInMemory();
  ArticleExtraction x;
  x.article.id = "many";
  x.article.text = "text";
  for (int i = 0; i < 120; ++i) {
    x.entities.push_back({"Entity " + std::to_string(i), EntityType::kOrg, {}});
  }
  Triple t;
  t.subject = "Entity 0";
  t.object = "Entity 1";
  t.relation = Relation::kConsult;
  x.triples.push_back(t);
  ASSERT_TRUE(store->PutArticle(x).ok());
  ExportOptions options;
  options.format = ExportFormat::kSvg;
  std::ostringstream out;
  ASSERT_TRUE(Export(*store, {}, options, out).ok());
  const std::string svg = out.str();
  size_t circles = 0;
  for (size_t at = svg.find("<circle class=\"node\""); at != std::string::npos;
       at = svg.find("<circle class=\"node\"", at + 1)) {
    ++circles;
    const size_t cy = svg.find("cy=\"", at) + 4;
    const double y = std::stod(svg.substr(cy, svg.find('"', cy) - cy));
    EXPECT_GE(y, 0);
    EXPECT_LE(y, 900);
  }
  EXPECT_EQ(circles, 120u);
}

TEST(ExportTest, UnknownAroundIsNotFound) {
  auto store = HostileStore();
  ExportOptions options;
  options.around = "Atlantis";
  std::ostringstream out;
  Result<ExportCounts> counts = Export(*store, {}, options, out);
  ASSERT_FALSE(counts.ok());
  EXPECT_TRUE(counts.status().IsNotFound());
}

TEST(ExportTest, DrawnFormatsRefuseGraphsAboveTheCap) {
  auto store = HostileStore();
  for (ExportFormat format : {ExportFormat::kSvg, ExportFormat::kHtml}) {
    ExportOptions options;
    options.format = format;
    options.max_drawn_edges = 1;
    std::ostringstream out;
    Result<ExportCounts> counts = Export(*store, {}, options, out);
    ASSERT_FALSE(counts.ok());
    EXPECT_NE(counts.status().message().find("--around"), std::string::npos);
  }
}

TEST(ExportTest, FormatNamesParse) {
  for (const char* name : {"graphml", "gexf", "cyjs", "csv", "dot", "svg", "html"}) {
    ExportFormat format;
    ASSERT_TRUE(ParseExportFormat(name, &format)) << name;
    EXPECT_EQ(ExportFormatName(format), name);
  }
  ExportFormat format;
  EXPECT_TRUE(ParseExportFormat("GEXF", &format));
  EXPECT_FALSE(ParseExportFormat("pdf", &format));
}

}  // namespace
}  // namespace geokg
