// Graph algorithms (query/src/algorithms.cc) on small hand-built graphs
// whose right answers are known: a star, a chain, two components, a square
// with two equal shortest paths.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fixture.h"
#include "geokg/query.h"

namespace geokg {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

struct Edge {
  std::string subject;
  Relation relation;
  std::string object;
  std::string date;  // "" = unknown.
  float confidence = 0.8f;
};

// Types by name; every other entity is a GPE.
const std::map<std::string, EntityType>& TypeMap() {
  static const auto* types = new std::map<std::string, EntityType>{
      {"Org", EntityType::kOrg}, {"Person", EntityType::kPerson}, {"C", EntityType::kOrg}};
  return *types;
}

EntityType TypeOf(const std::string& name) {
  auto it = TypeMap().find(name);
  return it == TypeMap().end() ? EntityType::kGpe : it->second;
}

// One article per edge, in order, so entity ids follow first sight.
std::unique_ptr<Store> Build(const std::vector<Edge>& edges) {
  auto store = Store::NewInMemory();
  for (size_t i = 0; i < edges.size(); ++i) {
    const Edge& edge = edges[i];
    ArticleExtraction x;
    x.article.id = "d" + std::to_string(i);
    x.article.text = edge.subject + " and " + edge.object + " " + std::to_string(i);
    if (!edge.date.empty()) x.article.date = Date::Parse(edge.date).value();
    x.entities.push_back({edge.subject, TypeOf(edge.subject), {edge.subject}});
    if (edge.object != edge.subject) {
      x.entities.push_back({edge.object, TypeOf(edge.object), {edge.object}});
    }
    Triple t;
    t.subject = edge.subject;
    t.relation = edge.relation;
    t.object = edge.object;
    t.predicate = std::string(RelationName(edge.relation));
    t.date = x.article.date;
    t.evidence = edge.subject + " " + t.predicate + " " + edge.object + ".";
    t.confidence = edge.confidence;
    x.triples.push_back(t);
    Result<PutOutcome> put = store->PutArticle(x);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
  }
  return store;
}

constexpr Relation kSupport = Relation::kSupport;
constexpr Relation kAccuse = Relation::kAccuse;

// Leaves point at the hub.
std::vector<Edge> Star() {
  return {{"L1", kSupport, "Hub", "2023-01-01"},
          {"L2", kSupport, "Hub", "2023-02-01"},
          {"L3", kSupport, "Hub", "2023-03-01"},
          {"L4", kAccuse, "Hub", "2023-04-01"}};
}

std::vector<Edge> Chain() {
  return {{"A", kSupport, "B", "2023-01-01"},
          {"B", kSupport, "C", "2023-01-02"},
          {"C", kSupport, "D", "2023-01-03"}};
}

std::vector<Edge> TwoComponents() {
  return {{"A", kSupport, "B", "2023-01-01"},
          {"B", kSupport, "Z", "2023-01-01"},
          {"B", kAccuse, "Org", "2023-01-01"},
          {"X", kSupport, "Y", "2023-01-01"}};
}

// A - B - D and A - C - D: two shortest paths from A to D. C is an ORG;
// the C route is made of accusations.
std::vector<Edge> Square() {
  return {{"A", kSupport, "B", "2023-01-01"},      {"B", kSupport, "D", "2023-01-02"},
          {"A", kAccuse, "C", "2023-01-03"},       {"D", kAccuse, "C", "2023-01-04", 0.9f},
          {"D", kAccuse, "C", "2023-01-05", 0.6f},  // Parallel, weaker evidence.
          {"D", kSupport, "E", "2023-01-06"}};
}

TripleFilter Relations(std::vector<Relation> relations) {
  TripleFilter f;
  f.relations = std::move(relations);
  return f;
}

TripleFilter Types(std::vector<EntityType> types) {
  TripleFilter f;
  f.entity_types = std::move(types);
  return f;
}

TripleFilter Since(const char* date) {
  TripleFilter f;
  f.since = Date::Parse(date).value();
  return f;
}

// ----------------------------------------------------------------- Top

struct TopCase {
  const char* label;
  std::vector<Edge> (*graph)();
  Centrality by;
  size_t limit;
  TripleFilter filter;
  std::vector<std::string> names;  // Expected order.
  std::vector<uint64_t> degrees;
};

class TopTest : public ::testing::TestWithParam<TopCase> {};

TEST_P(TopTest, Ranking) {
  const TopCase& c = GetParam();
  auto store = Build(c.graph());
  Result<std::vector<RankedEntity>> top = TopEntities(*store, c.by, c.limit, c.filter);
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  std::vector<std::string> names;
  std::vector<uint64_t> degrees;
  for (const RankedEntity& row : *top) {
    names.push_back(row.entity.name);
    degrees.push_back(row.degree);
    EXPECT_GT(row.pagerank, 0.0) << row.entity.name;
    EXPECT_LT(row.pagerank, 1.0) << row.entity.name;
  }
  EXPECT_THAT(names, ElementsAreArray(c.names));
  EXPECT_THAT(degrees, ElementsAreArray(c.degrees));
  for (size_t i = 1; i < top->size(); ++i) {
    if (c.by == Centrality::kPageRank) {
      EXPECT_GE((*top)[i - 1].pagerank, (*top)[i].pagerank);
    } else {
      EXPECT_GE((*top)[i - 1].degree, (*top)[i].degree);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Graphs, TopTest,
    ::testing::Values(
        TopCase{"StarDegree", Star, Centrality::kDegree, 3, {}, {"Hub", "L1", "L2"}, {4, 1, 1}},
        TopCase{"StarPageRank", Star, Centrality::kPageRank, 2, {}, {"Hub", "L1"}, {4, 1}},
        // Rank flows down the chain: the sink D ranks first, the source A last.
        TopCase{"ChainPageRank",
                Chain,
                Centrality::kPageRank,
                10,
                {},
                {"D", "C", "B", "A"},
                {1, 2, 2, 1}},
        // B and C tie on degree; C has the higher PageRank.
        TopCase{"ChainDegreeTieBrokenByPageRank",
                Chain,
                Centrality::kDegree,
                2,
                {},
                {"C", "B"},
                {2, 2}},
        TopCase{"RelationFilter",
                Star,
                Centrality::kDegree,
                10,
                Relations({kAccuse}),
                {"Hub", "L4"},
                {1, 1}},
        TopCase{"DateFilter",
                Star,
                Centrality::kDegree,
                10,
                Since("2023-03-01"),
                {"Hub", "L3", "L4"},
                {2, 1, 1}},
        // Both ends of an edge must be of an accepted type: B-Org goes.
        TopCase{"TypeFilter",
                TwoComponents,
                Centrality::kDegree,
                1,
                Types({EntityType::kGpe}),
                {"B"},
                {2}},
        TopCase{"EmptyGraph", Star, Centrality::kPageRank, 5, Relations({Relation::kAid}), {}, {}}),
    [](const ::testing::TestParamInfo<TopCase>& info) { return std::string(info.param.label); });

TEST(TopEntitiesTest, PageRankSumsToOne) {
  auto store = Build(Square());
  Result<std::vector<RankedEntity>> top = TopEntities(*store, Centrality::kPageRank, 100, {});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  double sum = 0;
  for (const RankedEntity& row : *top) sum += row.pagerank;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_EQ(top->size(), 5u);
}

TEST(TopEntitiesTest, ZeroLimitIsInvalid) {
  auto store = Build(Star());
  EXPECT_EQ(TopEntities(*store, Centrality::kDegree, 0, {}).status().code(),
            Status::Code::kInvalidArgument);
}

TEST(TopEntitiesTest, ParseCentrality) {
  Centrality by;
  ASSERT_TRUE(ParseCentrality("PageRank", &by));
  EXPECT_EQ(by, Centrality::kPageRank);
  ASSERT_TRUE(ParseCentrality("degree", &by));
  EXPECT_EQ(by, Centrality::kDegree);
  EXPECT_FALSE(ParseCentrality("closeness", &by));
}

// ----------------------------------------------------------- Components

struct ComponentsCase {
  const char* label;
  std::vector<Edge> (*graph)();
  std::string name;
  size_t limit;
  TripleFilter filter;
  uint64_t count;
  std::vector<uint64_t> sizes;          // Of the components described.
  std::vector<std::string> first_hubs;  // Hubs of the largest.
  uint64_t entity_rank, entity_size;    // When `name` is set.
};

class ComponentsTest : public ::testing::TestWithParam<ComponentsCase> {};

TEST_P(ComponentsTest, Answer) {
  const ComponentsCase& c = GetParam();
  auto store = Build(c.graph());
  Result<ComponentsAnswer> answer = Components(*store, c.name, c.limit, c.filter);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->count, c.count);
  std::vector<uint64_t> sizes;
  for (const ComponentSummary& s : answer->largest) sizes.push_back(s.size);
  EXPECT_THAT(sizes, ElementsAreArray(c.sizes));
  if (!c.first_hubs.empty()) {
    ASSERT_FALSE(answer->largest.empty());
    std::vector<std::string> hubs;
    for (const EntityRef& hub : answer->largest[0].hubs) hubs.push_back(hub.name);
    EXPECT_THAT(hubs, ElementsAreArray(c.first_hubs));
  }
  if (c.name.empty()) {
    EXPECT_FALSE(answer->entity.has_value());
  } else {
    ASSERT_TRUE(answer->entity.has_value());
    EXPECT_EQ(answer->entity->rank, c.entity_rank);
    EXPECT_EQ(answer->entity->size, c.entity_size);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Graphs, ComponentsTest,
    ::testing::Values(
        ComponentsCase{"Two", TwoComponents, "", 10, {}, 2, {4, 2}, {"B", "A", "Z"}, 0, 0},
        ComponentsCase{"EntityInSecond", TwoComponents, "y", 1, {}, 2, {4}, {}, 2, 2},
        ComponentsCase{"LimitZeroStillCounts", TwoComponents, "", 0, {}, 2, {}, {}, 0, 0},
        // Without support edges only B - Org is left; X is not in the graph.
        ComponentsCase{"FilterLeavesEntityOut",
                       TwoComponents,
                       "X",
                       5,
                       Relations({kAccuse}),
                       1,
                       {2},
                       {"B", "Org"},
                       0,
                       1},
        // Without Org the first component is {A, B, Z}.
        ComponentsCase{
            "TypeFilter", TwoComponents, "Org", 5, Types({EntityType::kGpe}), 2, {3, 2}, {}, 0, 1},
        ComponentsCase{"Connected", Square, "E", 5, {}, 1, {5}, {"D", "C", "A"}, 1, 5}),
    [](const ::testing::TestParamInfo<ComponentsCase>& info) {
      return std::string(info.param.label);
    });

TEST(ComponentsFixtureTest, HamasAndIsraelApart) {
  auto store = Store::NewInMemory();
  ASSERT_TRUE(testing_fixture::LoadFixture(store.get()).ok());
  Result<ComponentsAnswer> answer = Components(*store, "Israel", 5, {});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->count, 2u);
  ASSERT_EQ(answer->largest.size(), 2u);
  EXPECT_EQ(answer->largest[0].size, 9u);
  EXPECT_EQ(answer->largest[1].size, 2u);
  EXPECT_EQ(answer->largest[1].edges, 1u);
  EXPECT_EQ(answer->largest[0].hubs.at(0).name, "United States");
  EXPECT_EQ(answer->entity->rank, 2u);
  EXPECT_EQ(answer->nodes, 11u);
}

TEST(ComponentsFixtureTest, UnknownNameSuggests) {
  auto store = Store::NewInMemory();
  ASSERT_TRUE(testing_fixture::LoadFixture(store.get()).ok());
  Result<ComponentsAnswer> answer = Components(*store, "Israil", 5, {});
  ASSERT_FALSE(answer.ok());
  EXPECT_TRUE(answer.status().IsNotFound());
  EXPECT_THAT(answer.status().message(), HasSubstr("did you mean"));
}

// ---------------------------------------------------------------- Paths

std::string Describe(const PathStep& step) {
  const std::string relation(RelationName(step.relation));
  return step.from.name + (step.forward ? " -" + relation + "-> " : " <-" + relation + "- ") +
         step.to.name + " [" + step.date.ToString() + "]";
}

struct PathsCase {
  const char* label;
  std::vector<Edge> (*graph)();
  const char* from;
  const char* to;
  int max_depth;
  size_t limit;
  TripleFilter filter;
  Status::Code code;
  uint64_t total;
  // Each path as "step | step"; on failure, one substring of the message.
  std::vector<std::string> paths;
};

class PathsTest : public ::testing::TestWithParam<PathsCase> {};

TEST_P(PathsTest, Paths) {
  const PathsCase& c = GetParam();
  auto store = Build(c.graph());
  Result<PathsAnswer> answer =
      AllShortestPaths(*store, c.from, c.to, c.max_depth, c.limit, c.filter);
  if (c.code != Status::Code::kOk) {
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.status().code(), c.code) << answer.status().ToString();
    EXPECT_THAT(answer.status().message(), HasSubstr(c.paths.at(0)));
    return;
  }
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->total, c.total);
  std::vector<std::string> described;
  for (const std::vector<PathStep>& path : answer->paths) {
    EXPECT_EQ(static_cast<int>(path.size()), answer->length);
    std::string text;
    for (const PathStep& step : path) {
      text += (text.empty() ? "" : " | ") + Describe(step);
      EXPECT_FALSE(step.evidence.empty());
      EXPECT_FALSE(step.doc.empty());
    }
    described.push_back(text);
  }
  EXPECT_THAT(described, ElementsAreArray(c.paths));
}

const char* kViaB = "A -support-> B [2023-01-01] | B -support-> D [2023-01-02]";
// The parallel D -accuse-> C edges: the stronger one (0.9, 2023-01-04) is cited.
const char* kViaC = "A -accuse-> C [2023-01-03] | C <-accuse- D [2023-01-04]";

INSTANTIATE_TEST_SUITE_P(
    Graphs, PathsTest,
    ::testing::Values(
        PathsCase{
            "TwoEqualPaths", Square, "A", "D", 6, 10, {}, Status::Code::kOk, 2, {kViaB, kViaC}},
        PathsCase{"LimitKeepsCount", Square, "a", "d", 6, 1, {}, Status::Code::kOk, 2, {kViaB}},
        PathsCase{"LongerTail",
                  Square,
                  "A",
                  "E",
                  6,
                  10,
                  {},
                  Status::Code::kOk,
                  2,
                  {std::string(kViaB) + " | D -support-> E [2023-01-06]",
                   std::string(kViaC) + " | D -support-> E [2023-01-06]"}},
        PathsCase{"RelationFilter",
                  Square,
                  "A",
                  "D",
                  6,
                  10,
                  Relations({kAccuse}),
                  Status::Code::kOk,
                  1,
                  {kViaC}},
        // C is an ORG: a GPE-only filter forbids it as an intermediate.
        PathsCase{"TypeFilterOnIntermediates",
                  Square,
                  "A",
                  "D",
                  6,
                  10,
                  Types({EntityType::kGpe}),
                  Status::Code::kOk,
                  1,
                  {kViaB}},
        PathsCase{"TypeFilterBlocksEveryRoute",
                  Square,
                  "B",
                  "C",
                  6,
                  10,
                  Types({EntityType::kPerson}),
                  Status::Code::kNotFound,
                  0,
                  {"no path"}},
        // ...but never as an endpoint.
        PathsCase{"EndpointOfOtherType",
                  Square,
                  "A",
                  "C",
                  6,
                  10,
                  Types({EntityType::kGpe}),
                  Status::Code::kOk,
                  1,
                  {"A -accuse-> C [2023-01-03]"}},
        PathsCase{"ChainEnds",
                  Chain,
                  "A",
                  "D",
                  3,
                  10,
                  {},
                  Status::Code::kOk,
                  1,
                  {"A -support-> B [2023-01-01] | B -support-> C [2023-01-02] | "
                   "C -support-> D [2023-01-03]"}},
        PathsCase{"BoundTooSmall",
                  Chain,
                  "A",
                  "D",
                  2,
                  10,
                  {},
                  Status::Code::kNotFound,
                  0,
                  {"no path between 'A' and 'D' within 2 steps"}},
        PathsCase{"OtherComponent",
                  TwoComponents,
                  "A",
                  "Y",
                  6,
                  10,
                  {},
                  Status::Code::kNotFound,
                  0,
                  {"no path between 'A' and 'Y'"}},
        PathsCase{"SameEntity",
                  Chain,
                  "A",
                  "a",
                  6,
                  10,
                  {},
                  Status::Code::kInvalidArgument,
                  0,
                  {"same entity"}},
        PathsCase{"Unknown",
                  Chain,
                  "A",
                  "Zed",
                  6,
                  10,
                  {},
                  Status::Code::kNotFound,
                  0,
                  {"unknown entity 'Zed'"}},
        PathsCase{
            "ZeroLimit", Chain, "A", "D", 6, 0, {}, Status::Code::kInvalidArgument, 0, {"limit"}}),
    [](const ::testing::TestParamInfo<PathsCase>& info) { return std::string(info.param.label); });

// ------------------------------------------------------------------ Ego

struct EgoCase {
  const char* label;
  std::vector<Edge> (*graph)();
  const char* name;
  int depth;
  size_t max_nodes;
  size_t max_edges;
  TripleFilter filter;
  std::vector<std::string> nodes;  // "name@depth", any order within a depth.
  size_t edges;
  bool truncated;
};

class EgoTest : public ::testing::TestWithParam<EgoCase> {};

TEST_P(EgoTest, Network) {
  const EgoCase& c = GetParam();
  auto store = Build(c.graph());
  Result<EgoAnswer> answer =
      EgoNetwork(*store, c.name, c.depth, c.max_nodes, c.max_edges, c.filter);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  std::vector<std::string> nodes;
  std::set<std::string> names;
  int last_depth = 0;
  for (const EgoNode& node : answer->nodes) {
    nodes.push_back(node.entity.name + "@" + std::to_string(node.depth));
    names.insert(node.entity.name);
    EXPECT_GE(node.depth, last_depth) << "nodes are not by depth";
    last_depth = node.depth;
  }
  ASSERT_FALSE(nodes.empty());
  EXPECT_EQ(answer->nodes[0].depth, 0);
  EXPECT_EQ(answer->nodes[0].entity.name, answer->center.name);
  std::vector<std::string> expected = c.nodes;
  std::sort(expected.begin(), expected.end());
  std::sort(nodes.begin(), nodes.end());
  EXPECT_EQ(nodes, expected);
  EXPECT_EQ(answer->edges.size(), c.edges);
  for (const EgoEdge& edge : answer->edges) {
    EXPECT_TRUE(names.count(edge.subject.name)) << edge.subject.name;
    EXPECT_TRUE(names.count(edge.object.name)) << edge.object.name;
    EXPECT_FALSE(edge.evidence.empty());
  }
  EXPECT_EQ(answer->truncated, c.truncated);
}

INSTANTIATE_TEST_SUITE_P(
    Graphs, EgoTest,
    ::testing::Values(
        EgoCase{"ChainDepth1", Chain, "B", 1, 100, 100, {}, {"B@0", "A@1", "C@1"}, 2, false},
        EgoCase{"ChainDepth2", Chain, "B", 2, 100, 100, {}, {"B@0", "A@1", "C@1", "D@2"}, 3, false},
        EgoCase{"StarFromLeaf",
                Star,
                "L1",
                2,
                100,
                100,
                {},
                {"L1@0", "Hub@1", "L2@2", "L3@2", "L4@2"},
                4,
                false},
        // Square: the C - D parallel edges are both in the network.
        EgoCase{"ParallelEdges", Square, "C", 1, 100, 100, {}, {"C@0", "A@1", "D@1"}, 3, false},
        EgoCase{"NodeCap", Star, "Hub", 1, 3, 100, {}, {"Hub@0", "L1@1", "L2@1"}, 2, true},
        EgoCase{"EdgeCap",
                Star,
                "Hub",
                1,
                100,
                2,
                {},
                {"Hub@0", "L1@1", "L2@1", "L3@1", "L4@1"},
                2,
                true},
        EgoCase{"RelationFilter",
                Star,
                "Hub",
                2,
                100,
                100,
                Relations({kAccuse}),
                {"Hub@0", "L4@1"},
                1,
                false},
        // C (ORG) is neither listed nor crossed; the centre A is a GPE anyway.
        EgoCase{"TypeFilter",
                Square,
                "A",
                3,
                100,
                100,
                Types({EntityType::kGpe}),
                {"A@0", "B@1", "D@2", "E@3"},
                3,
                false},
        EgoCase{"NotInGraph",
                Star,
                "Hub",
                1,
                100,
                100,
                Relations({Relation::kAid}),
                {"Hub@0"},
                0,
                false}),
    [](const ::testing::TestParamInfo<EgoCase>& info) { return std::string(info.param.label); });

TEST(EgoNetworkTest, BadArguments) {
  auto store = Build(Chain());
  EXPECT_EQ(EgoNetwork(*store, "A", 0, 10, 10, {}).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(EgoNetwork(*store, "A", 1, 0, 10, {}).status().code(), Status::Code::kInvalidArgument);
  Result<EgoAnswer> unknown = EgoNetwork(*store, "Zed", 1, 10, 10, {});
  EXPECT_TRUE(unknown.status().IsNotFound());
}

// ------------------------------------------- Random graphs, cross-checked

// A random multigraph checked against plain breadth-first searches and
// union-find on the edge list.
class RandomGraphTest : public ::testing::TestWithParam<unsigned> {
 protected:
  void SetUp() override {
    unsigned state = GetParam();
    auto next = [&state](unsigned n) {
      state = state * 1103515245u + 12345u;
      return (state >> 16) % n;
    };
    for (int i = 0; i < kEdges; ++i) {
      int a = static_cast<int>(next(kNodes));
      int b = static_cast<int>(next(kNodes - 1));
      if (b >= a) ++b;  // No self-loops.
      edges_.push_back({"N" + std::to_string(a), next(2) ? kSupport : kAccuse,
                        "N" + std::to_string(b), "2023-01-0" + std::to_string(1 + next(9))});
      adjacency_[a].insert(b);
      adjacency_[b].insert(a);
      ++degree_[a];
      ++degree_[b];
    }
    store_ = Build(edges_);
  }

  // Distances from `root` over the whole edge list.
  std::map<int, int> Bfs(int root) const {
    std::map<int, int> distance = {{root, 0}};
    std::vector<int> frontier = {root};
    while (!frontier.empty()) {
      std::vector<int> next;
      for (int u : frontier) {
        auto it = adjacency_.find(u);
        if (it == adjacency_.end()) continue;
        for (int v : it->second) {
          if (distance.count(v)) continue;
          distance[v] = distance[u] + 1;
          next.push_back(v);
        }
      }
      frontier = std::move(next);
    }
    return distance;
  }

  static constexpr int kNodes = 40;
  static constexpr int kEdges = 60;
  std::vector<Edge> edges_;
  std::map<int, std::set<int>> adjacency_;
  std::map<int, uint64_t> degree_;
  std::unique_ptr<Store> store_;
};

TEST_P(RandomGraphTest, ComponentsMatchBreadthFirstSearch) {
  std::set<int> seen;
  uint64_t count = 0;
  std::vector<uint64_t> sizes;
  for (const auto& [u, neighbours] : adjacency_) {
    if (seen.count(u)) continue;
    ++count;
    std::map<int, int> reached = Bfs(u);
    sizes.push_back(reached.size());
    for (const auto& [v, d] : reached) seen.insert(v);
  }
  std::sort(sizes.rbegin(), sizes.rend());
  Result<ComponentsAnswer> answer = Components(*store_, "", 1000, {});
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->count, count);
  EXPECT_EQ(answer->nodes, adjacency_.size());
  EXPECT_EQ(answer->edges, static_cast<uint64_t>(kEdges));
  std::vector<uint64_t> got;
  for (const ComponentSummary& c : answer->largest) got.push_back(c.size);
  EXPECT_EQ(got, sizes);
}

TEST_P(RandomGraphTest, DegreesMatchEdgeList) {
  Result<std::vector<RankedEntity>> top = TopEntities(*store_, Centrality::kDegree, 1000, {});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_EQ(top->size(), degree_.size());
  for (const RankedEntity& row : *top) {
    EXPECT_EQ(row.degree, degree_.at(std::stoi(row.entity.name.substr(1)))) << row.entity.name;
  }
}

TEST_P(RandomGraphTest, PathCountsMatchBreadthFirstSearch) {
  int found = 0;      // Pairs with a path: the test must check some.
  int branching = 0;  // ...and some with several shortest paths.
  for (int a = 0; a < 6; ++a) {
    const std::map<int, int> distance = Bfs(a);
    for (int b = a + 1; b < kNodes; b += 3) {
      // Shortest paths from a to every node, counted level by level.
      std::map<int, uint64_t> count = {{a, 1}};
      std::vector<std::pair<int, int>> by_level;
      for (const auto& [v, d] : distance) by_level.push_back({d, v});
      std::sort(by_level.begin(), by_level.end());
      for (const auto& [d, v] : by_level) {
        if (d == 0) continue;
        for (int u : adjacency_.at(v)) {
          if (distance.count(u) && distance.at(u) == d - 1) count[v] += count[u];
        }
      }
      const std::string from = "N" + std::to_string(a);
      const std::string to = "N" + std::to_string(b);
      Result<PathsAnswer> answer = AllShortestPaths(*store_, from, to, 12, 5, {});
      if (!adjacency_.count(a) || !adjacency_.count(b)) {
        // Never stored, or no triple: unknown, or not in the graph.
        EXPECT_FALSE(answer.ok());
        continue;
      }
      if (!distance.count(b)) {
        EXPECT_TRUE(answer.status().IsNotFound()) << from << " " << to;
        continue;
      }
      ASSERT_TRUE(answer.ok()) << from << " " << to << ": " << answer.status().ToString();
      EXPECT_EQ(answer->length, distance.at(b)) << from << " " << to;
      EXPECT_EQ(answer->total, count.at(b)) << from << " " << to;
      ++found;
      branching += count.at(b) > 1;
      EXPECT_EQ(answer->paths.size(), std::min<uint64_t>(5, count.at(b)));
      std::set<std::string> distinct;
      for (const auto& path : answer->paths) {
        std::string text;
        for (const PathStep& step : path) text += step.from.name + ">";
        distinct.insert(text);
        ASSERT_FALSE(path.empty());
        EXPECT_EQ(path.front().from.name, from);
        EXPECT_EQ(path.back().to.name, to);
      }
      EXPECT_EQ(distinct.size(), answer->paths.size()) << "a path is listed twice";
    }
  }
  EXPECT_GT(found, 10);
  EXPECT_GT(branching, 2);
}

TEST_P(RandomGraphTest, EgoMatchesBreadthFirstSearch) {
  for (int c = 0; c < kNodes; c += 7) {
    if (!adjacency_.count(c)) continue;
    const std::map<int, int> distance = Bfs(c);
    Result<EgoAnswer> ego = EgoNetwork(*store_, "N" + std::to_string(c), 2, 1000, 100000, {});
    ASSERT_TRUE(ego.ok()) << ego.status().ToString();
    std::map<int, int> got;
    for (const EgoNode& node : ego->nodes) got[std::stoi(node.entity.name.substr(1))] = node.depth;
    std::map<int, int> want;
    for (const auto& [v, d] : distance) {
      if (d <= 2) want[v] = d;
    }
    EXPECT_EQ(got, want) << "centre N" << c;
    size_t inside = 0;
    for (const Edge& e : edges_) {
      inside +=
          want.count(std::stoi(e.subject.substr(1))) && want.count(std::stoi(e.object.substr(1)));
    }
    EXPECT_EQ(ego->edges.size(), inside) << "centre N" << c;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomGraphTest, ::testing::Values(1u, 7u, 42u, 2026u));

}  // namespace
}  // namespace geokg
