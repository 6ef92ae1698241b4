#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>

#include "fixture.h"
#include "geokg/query.h"

namespace geokg {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_fixture::FixtureTest;

struct ReadNode {
  std::string name;
  std::string type;
  std::string aliases;
  int degree = -1;
};

struct ReadEdge {
  std::string relation;
  std::string interaction;
  std::string label;
  std::string date;
  std::string doc;
  std::string evidence;
  int sentence = -1;
  bool negated = false;
  double confidence = -1;
};

using ReadGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ReadNode, ReadEdge>;

// Parses GraphML with Boost's read_graphml. Boost reads booleans with
// lexical_cast, which takes only "1"/"0", while the export writes the XML
// Schema form "true"/"false": the test maps one to the other first.
::testing::AssertionResult ReadBack(std::string xml, ReadGraph* g) {
  for (auto [from, to] : {std::pair<std::string, std::string>{">true</data>", ">1</data>"},
                          {">false</data>", ">0</data>"}}) {
    for (size_t at = xml.find(from); at != std::string::npos; at = xml.find(from, at)) {
      xml.replace(at, from.size(), to);
    }
  }
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("name", boost::get(&ReadNode::name, *g));
  dp.property("type", boost::get(&ReadNode::type, *g));
  dp.property("aliases", boost::get(&ReadNode::aliases, *g));
  dp.property("degree", boost::get(&ReadNode::degree, *g));
  dp.property("relation", boost::get(&ReadEdge::relation, *g));
  dp.property("interaction", boost::get(&ReadEdge::interaction, *g));
  dp.property("label", boost::get(&ReadEdge::label, *g));
  dp.property("date", boost::get(&ReadEdge::date, *g));
  dp.property("doc", boost::get(&ReadEdge::doc, *g));
  dp.property("evidence", boost::get(&ReadEdge::evidence, *g));
  dp.property("sentence", boost::get(&ReadEdge::sentence, *g));
  dp.property("negated", boost::get(&ReadEdge::negated, *g));
  dp.property("confidence", boost::get(&ReadEdge::confidence, *g));
  std::istringstream in(xml);
  try {
    boost::read_graphml(in, *g, dp);
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "read_graphml: " << e.what();
  }
  return ::testing::AssertionSuccess();
}

Result<std::string> Export(const Store& store, const TripleFilter& filter, ExportCounts* counts) {
  std::ostringstream out;
  Result<ExportCounts> result = ExportGraphml(store, filter, out);
  if (!result.ok()) return result.status();
  *counts = *result;
  return out.str();
}

std::vector<std::string> AllMatches(const std::string& text, const std::regex& pattern) {
  std::vector<std::string> found;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    found.push_back((*it)[1].str());
  }
  return found;
}

TEST_F(FixtureTest, UnfilteredExportMatchesStatsAndReadsBack) {
  ExportCounts counts;
  Result<std::string> xml = Export(*store_, {}, &counts);
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  Result<StoreStats> stats = store_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(counts.nodes, stats->entities);
  EXPECT_EQ(counts.edges, stats->triples);
  EXPECT_EQ(counts.nodes, 11u);
  EXPECT_EQ(counts.edges, 16u);

  ReadGraph g;
  ASSERT_TRUE(ReadBack(*xml, &g));
  EXPECT_EQ(boost::num_vertices(g), counts.nodes);
  EXPECT_EQ(boost::num_edges(g), counts.edges);

  int escaped = 0;
  int negated = 0;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const ReadEdge& e = g[*it];
    EXPECT_EQ(e.interaction, e.relation);
    EXPECT_EQ(e.label, e.relation);
    EXPECT_GE(e.sentence, 0);
    EXPECT_GT(e.confidence, 0);
    if (e.negated) ++negated;
    if (e.relation == "sanction") {
      ++escaped;
      EXPECT_EQ(e.evidence, testing_fixture::kScriptEvidence);
      EXPECT_EQ(e.doc, "a5");
      EXPECT_EQ(e.date, "2024-01-10");
      EXPECT_DOUBLE_EQ(e.confidence, 0.9);
      EXPECT_EQ(g[boost::source(*it, g)].name, "European Union");
      EXPECT_EQ(g[boost::target(*it, g)].name, "Russia");
    }
    if (e.relation == "consult") {
      EXPECT_EQ(e.date, "");  // Unknown date: empty string.
    }
  }
  EXPECT_EQ(escaped, 1);
  EXPECT_EQ(negated, 1);

  bool saw_us = false;
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    if (g[*it].name != "United States") continue;
    saw_us = true;
    EXPECT_EQ(g[*it].type, "GPE");
    EXPECT_EQ(g[*it].degree, 8);
    EXPECT_THAT(g[*it].aliases, HasSubstr("Washington"));
    EXPECT_THAT(g[*it].aliases, HasSubstr("|"));
  }
  EXPECT_TRUE(saw_us);
}

TEST_F(FixtureTest, ExportTextFollowsRecipe) {
  ExportCounts counts;
  Result<std::string> xml = Export(*store_, {}, &counts);
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  const std::string& text = *xml;
  EXPECT_EQ(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_THAT(text, HasSubstr("xmlns=\"http://graphml.graphdrawing.org/xmlns\""));
  EXPECT_THAT(text, HasSubstr("<graph id=\"geokg\" edgedefault=\"directed\">"));
  EXPECT_THAT(text, HasSubstr("attr.name=\"negated\" attr.type=\"boolean\""));
  EXPECT_THAT(text, HasSubstr("attr.name=\"confidence\" attr.type=\"double\""));
  EXPECT_THAT(text, HasSubstr("attr.name=\"degree\" attr.type=\"int\""));
  EXPECT_THAT(text, HasSubstr("attr.name=\"interaction\" attr.type=\"string\""));
  EXPECT_THAT(text, Not(HasSubstr("<default")));
  EXPECT_THAT(text, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; and &quot;&amp;&apos;"));
  EXPECT_THAT(text, Not(HasSubstr("<script>")));
  EXPECT_THAT(text, HasSubstr("<data key=\"negated\">true</data>"));

  // Nodes come first, every id is stable and unique, every key is typed.
  EXPECT_LT(text.rfind("<node "), text.find("<edge "));
  const std::vector<std::string> nodes = AllMatches(text, std::regex("<node id=\"([^\"]*)\""));
  const std::vector<std::string> edges = AllMatches(text, std::regex("<edge id=\"([^\"]*)\""));
  ASSERT_EQ(nodes.size(), counts.nodes);
  ASSERT_EQ(edges.size(), counts.edges);
  for (const std::string& id : nodes) EXPECT_TRUE(std::regex_match(id, std::regex("e[0-9]+")));
  for (const std::string& id : edges)
    EXPECT_TRUE(std::regex_match(id, std::regex("t[0-9]+-[0-9]+")));
  EXPECT_EQ(std::set<std::string>(nodes.begin(), nodes.end()).size(), nodes.size());
  EXPECT_EQ(std::set<std::string>(edges.begin(), edges.end()).size(), edges.size());
  // Ten values per edge and four per node, all written.
  EXPECT_EQ(AllMatches(text, std::regex("<data key=\"([a-z]+)\"")).size(),
            4 * counts.nodes + 10 * counts.edges);

  // The same store exports the same bytes.
  ExportCounts again;
  Result<std::string> second = Export(*store_, {}, &again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, text);
}

TEST_F(FixtureTest, FilteredExports) {
  struct Case {
    const char* label;
    TripleFilter filter;
    uint64_t nodes;
    uint64_t edges;
  };
  TripleFilter sanction;
  sanction.relations = {Relation::kSanction};
  TripleFilter persons;  // No edge joins two persons; all persons are still nodes.
  persons.entity_types = {EntityType::kPerson};
  TripleFilter states;
  states.entity_types = {EntityType::kGpe};
  TripleFilter december;
  december.since = Date::FromYmd(2023, 12, 1);
  december.until = Date::FromYmd(2023, 12, 31);
  TripleFilter december_states = december;
  december_states.entity_types = {EntityType::kGpe};
  for (const Case& c : std::vector<Case>{
           {"sanction", sanction, 2, 1},
           {"persons", persons, 3, 0},
           // US-Ukraine x2, Russia-Ukraine x2, US-Iran x2, Hamas-Israel is GROUP-GPE.
           {"states", states, 5, 6},
           // a3 (5 triples), a4 and a7, among seven entities.
           {"december", december, 7, 7},
           {"december states", december_states, 2, 2},
       }) {
    ExportCounts counts;
    Result<std::string> xml = Export(*store_, c.filter, &counts);
    ASSERT_TRUE(xml.ok()) << c.label << ": " << xml.status().ToString();
    EXPECT_EQ(counts.nodes, c.nodes) << c.label;
    EXPECT_EQ(counts.edges, c.edges) << c.label;
    ReadGraph g;
    ASSERT_TRUE(ReadBack(*xml, &g)) << c.label;
    EXPECT_EQ(boost::num_vertices(g), c.nodes) << c.label;
    EXPECT_EQ(boost::num_edges(g), c.edges) << c.label;
  }
}

TEST(ExportGraphmlTest, DropsCharactersXmlForbids) {
  std::unique_ptr<Store> store = Store::NewInMemory();
  ArticleExtraction extraction;
  extraction.article.id = "ctl";
  extraction.article.text = "text";
  extraction.entities = {{"Alpha", EntityType::kOrg, {"Alpha"}},
                         {"Beta", EntityType::kOrg, {"Beta"}}};
  Triple t;
  t.subject = "Alpha";
  t.relation = Relation::kAid;
  t.object = "Beta";
  t.predicate = "aided";
  // A bell, a NUL, a vertical tab and U+FFFF are not XML 1.0 characters; the
  // tab, "é" and "→" are.
  t.evidence = std::string(
                   "a\x07"
                   "b") +
               std::string(1, '\0') + "c\x0b\td\xC3\xA9\xE2\x86\x92\xEF\xBF\xBF";
  extraction.triples = {t};
  ASSERT_TRUE(store->PutArticle(extraction).ok());

  std::ostringstream out;
  Result<ExportCounts> counts = ExportGraphml(*store, {}, out);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  const std::string text = out.str();
  // The tab is kept as a character reference (a raw one in an attribute
  // value would read back as a space).
  EXPECT_THAT(text, HasSubstr("<data key=\"evidence\">abc&#9;d\xC3\xA9\xE2\x86\x92</data>"));
  ReadGraph g;
  ASSERT_TRUE(ReadBack(text, &g));
  ASSERT_EQ(boost::num_edges(g), 1u);
}

TEST(ExportGraphmlTest, FailedStreamIsIOError) {
  std::unique_ptr<Store> store = Store::NewInMemory();
  ASSERT_TRUE(testing_fixture::LoadFixture(store.get()).ok());
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Result<ExportCounts> counts = ExportGraphml(*store, {}, out);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), Status::Code::kIOError);
}

// The same questions on the RocksDB store, which shares the key layout.
TEST(RocksDbStoreTest, QueriesAndExport) {
  char dir_template[] = "/tmp/geokg_query_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  {
    Result<std::unique_ptr<Store>> store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    ASSERT_TRUE(testing_fixture::LoadFixture(store->get()).ok());
    const Store& s = **store;

    Result<NeighborsAnswer> neighbors = Neighbors(s, "Washington", 1, Direction::kOut, {});
    ASSERT_TRUE(neighbors.ok()) << neighbors.status().ToString();
    EXPECT_EQ(neighbors->rows.size(), 6u);
    EXPECT_FALSE(neighbors->rows.back().date.known());

    Result<std::vector<PathStep>> path = ShortestPath(s, "Blinken", "Putin", 4, {});
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    ASSERT_EQ(path->size(), 4u);
    EXPECT_EQ((*path)[2].relation, Relation::kAccuse);

    Result<TimelineAnswer> timeline = Timeline(s, "US", "", Period::kYear, {});
    ASSERT_TRUE(timeline.ok());
    EXPECT_EQ(timeline->periods.size(), 3u);

    std::ostringstream out;
    Result<ExportCounts> counts = ExportGraphml(s, {}, out);
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    Result<StoreStats> stats = s.Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(counts->nodes, stats->entities);
    EXPECT_EQ(counts->edges, stats->triples);
    ReadGraph g;
    ASSERT_TRUE(ReadBack(out.str(), &g));
    EXPECT_EQ(boost::num_edges(g), stats->triples);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace geokg
