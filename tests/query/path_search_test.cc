// ShortestPath on random graphs against a reference search: the plain
// bidirectional search that expands every level whole and keeps the first
// meeting of the fewest steps. The answer must be that path, vertex for
// vertex, with or without filters and depth bounds, however the mark arrays
// are reused (stores of several sizes, several threads).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "geokg/graph.h"
#include "geokg/query.h"
#include "geokg/snapshot.h"

namespace geokg {
namespace {

using EdgeId = GraphSnapshot::EdgeId;

std::string EntityName(int i) { return "Entity " + std::to_string(i); }

// `nodes` entities (random types) and `edges` triples between them in
// articles of 10, dated over two years; endpoints are drawn with a skew, so
// that a few hubs carry many edges and shortest paths tie often.
std::unique_ptr<Store> RandomStore(int nodes, int edges, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto skewed = [&] {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::min(nodes - 1, static_cast<int>(nodes * u * u * u));
  };
  std::vector<EntityType> types(nodes);
  for (EntityType& t : types) t = static_cast<EntityType>(rng() % 5);
  std::unique_ptr<Store> store = Store::NewInMemory();
  for (int a = 0; a * 10 < edges; ++a) {
    ArticleExtraction x;
    x.article.id = "r" + std::to_string(a);
    x.article.title = "Article " + x.article.id;
    x.article.date = Date::FromYmd(2022 + a % 2, 1 + a % 12, 1 + a % 28);
    x.article.date_source = DateSource::kMetadata;
    std::vector<bool> mentioned(nodes, false);
    for (int i = 0; i < 10 && a * 10 + i < edges; ++i) {
      const int s = skewed();
      int o = static_cast<int>(rng() % nodes);
      if (o == s) o = (o + 1) % nodes;
      for (int v : {s, o}) {
        if (mentioned[v]) continue;
        mentioned[v] = true;
        x.entities.push_back(EntityMention{EntityName(v), types[v], {EntityName(v)}});
      }
      Triple t;
      t.subject = EntityName(s);
      t.object = EntityName(o);
      t.relation = static_cast<Relation>(rng() % 18);
      t.predicate = "did";
      t.date = x.article.date;
      t.sentence = i;
      t.evidence = t.subject + " did something to " + t.object + ".";
      t.confidence = 0.5f + static_cast<float>(rng() % 50) / 100.0f;
      x.triples.push_back(t);
      x.article.text += t.evidence + " ";
    }
    Result<PutOutcome> put = store->PutArticle(x);
    EXPECT_TRUE(put.ok()) << put.status().ToString();
  }
  return store;
}

// The reference: whole levels from the side whose frontier has fewer
// edges, the first meeting of the fewest steps kept.
std::vector<EntityId> ReferencePath(const GraphSnapshot& g, const TripleFilter& filter, EntityId s,
                                    EntityId t, int max_depth) {
  const uint32_t n = g.node_count();
  std::vector<int> dist[2] = {std::vector<int>(n, -1), std::vector<int>(n, -1)};
  std::vector<EntityId> prev[2] = {std::vector<EntityId>(n, 0), std::vector<EntityId>(n, 0)};
  std::vector<EntityId> frontier[2] = {{s}, {t}};
  uint64_t frontier_edges[2] = {g.degree(s), g.degree(t)};
  dist[0][s] = 0;
  dist[1][t] = 0;
  auto allowed = [&](EntityId v) {
    return v == s || v == t || filter.entity_types.empty() ||
           std::count(filter.entity_types.begin(), filter.entity_types.end(), g.type(v)) > 0;
  };
  for (int reached = 0; reached < max_depth && !frontier[0].empty() && !frontier[1].empty();
       ++reached) {
    const int side = frontier_edges[0] <= frontier_edges[1] ? 0 : 1;
    const int other = 1 - side;
    std::vector<EntityId> next;
    uint64_t next_edges = 0;
    int best = -1;
    EntityId meet = 0;
    auto visit = [&](EntityId u, EdgeId e, EntityId v) {
      if (!filter.Accepts(g.relation(e), g.date(e)) || !allowed(v)) return;
      if (dist[side][v] < 0) {
        dist[side][v] = dist[side][u] + 1;
        prev[side][v] = u;
        next.push_back(v);
        next_edges += g.degree(v);
      }
      if (dist[other][v] >= 0 && dist[side][v] == dist[side][u] + 1) {
        const int length = dist[side][v] + dist[other][v];
        if (best < 0 || length < best) {
          best = length;
          meet = v;
        }
      }
    };
    for (EntityId u : frontier[side]) {
      for (EdgeId e : g.out_edges(u)) visit(u, e, g.object(e));
      for (EdgeId e : g.in_edges(u)) visit(u, e, g.subject(e));
    }
    if (best >= 0) {
      if (best > max_depth) return {};
      std::vector<EntityId> path = {meet};
      while (path.back() != s) path.push_back(prev[0][path.back()]);
      std::reverse(path.begin(), path.end());
      while (path.back() != t) path.push_back(prev[1][path.back()]);
      return path;
    }
    frontier[side] = std::move(next);
    frontier_edges[side] = next_edges;
  }
  return {};
}

struct FilterCase {
  const char* label;
  int max_depth;
  TripleFilter filter;
};

std::vector<FilterCase> FilterCases() {
  std::vector<FilterCase> cases;
  cases.push_back({"no filter", 6, {}});
  cases.push_back({"depth 1", 1, {}});
  cases.push_back({"depth 2", 2, {}});
  cases.push_back({"depth 3", 3, {}});
  TripleFilter relations;
  relations.relations = {Relation::kSupport, Relation::kAccuse, Relation::kRepresents,
                         Relation::kAssault, Relation::kAid};
  cases.push_back({"five relations", 8, relations});
  TripleFilter window;
  window.since = Date::Parse("2022-03-01").value();
  window.until = Date::Parse("2022-10-31").value();
  cases.push_back({"date window", 8, window});
  TripleFilter types;
  types.entity_types = {EntityType::kGpe, EntityType::kOrg};
  cases.push_back({"two types", 8, types});
  TripleFilter all;
  all.relations = {Relation::kSupport, Relation::kAccuse,   Relation::kConsult, Relation::kAgree,
                   Relation::kReject,  Relation::kThreaten, Relation::kMemberOf};
  all.since = Date::Parse("2022-06-01").value();
  all.entity_types = {EntityType::kPerson, EntityType::kGpe, EntityType::kGroup};
  cases.push_back({"relations, since and types", 10, all});
  return cases;
}

// Every pair of `pairs` random pairs under every filter case: the path's
// vertices equal the reference's, and no path means the reference has none.
// Returns how many pairs had a path.
int CheckPairs(const Store& store, int nodes, int pairs, uint64_t seed) {
  Result<std::shared_ptr<const GraphSnapshot>> snapshot = store.Snapshot();
  EXPECT_TRUE(snapshot.ok());
  if (!snapshot.ok()) return 0;
  const GraphSnapshot& g = **snapshot;
  std::mt19937_64 rng(seed);
  int found = 0;
  for (int p = 0; p < pairs; ++p) {
    const int a = static_cast<int>(rng() % nodes);
    int b = static_cast<int>(rng() % nodes);
    if (b == a) b = (a + 1) % nodes;
    Result<StoredEntity> from = store.FindEntity(EntityName(a));
    Result<StoredEntity> to = store.FindEntity(EntityName(b));
    if (!from.ok() || !to.ok()) continue;  // Never drawn as an endpoint.
    for (const FilterCase& c : FilterCases()) {
      SCOPED_TRACE(EntityName(a) + " to " + EntityName(b) + ", " + c.label);
      const std::vector<EntityId> expected =
          ReferencePath(g, c.filter, from->id, to->id, c.max_depth);
      Result<std::vector<PathStep>> path =
          ShortestPath(store, EntityName(a), EntityName(b), c.max_depth, c.filter);
      if (expected.empty()) {
        EXPECT_FALSE(path.ok()) << "found a path the reference did not";
        EXPECT_TRUE(path.status().IsNotFound()) << path.status().ToString();
        continue;
      }
      ++found;
      EXPECT_TRUE(path.ok()) << path.status().ToString();
      if (!path.ok()) continue;
      std::vector<std::string> names = {path->empty() ? "" : path->front().from.name};
      for (const PathStep& step : *path) names.push_back(step.to.name);
      std::vector<std::string> expected_names;
      for (EntityId v : expected) {
        Result<StoredEntity> e = store.GetEntity(v);
        expected_names.push_back(e.ok() ? e->name : e.status().ToString());
      }
      EXPECT_EQ(names, expected_names);
    }
  }
  return found;
}

TEST(PathSearchTest, SameAsWholeLevelSearchOnRandomGraphs) {
  // Stores of several sizes in turn, so the reused mark arrays grow, and a
  // smaller store follows a larger one.
  const struct {
    int nodes;
    int edges;
  } kGraphs[] = {{60, 90}, {400, 1200}, {40, 200}, {1500, 3000}, {200, 300}};
  uint64_t seed = 1;
  int found = 0;
  for (const auto& graph : kGraphs) {
    std::unique_ptr<Store> store = RandomStore(graph.nodes, graph.edges, seed);
    found += CheckPairs(*store, graph.nodes, 40, seed + 100);
    ++seed;
  }
  EXPECT_GT(found, 400);  // Most cases do have a path: the check is not vacuous.
}

TEST(PathSearchTest, ConcurrentSearchesGiveTheSameAnswers) {
  std::unique_ptr<Store> store = RandomStore(800, 2400, 7);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 60; ++i) pairs.emplace_back(EntityName(i * 7 % 800), EntityName(i * 13 + 1));
  std::vector<std::string> serial;
  auto describe = [&](const std::pair<std::string, std::string>& pair) {
    Result<std::vector<PathStep>> path = ShortestPath(*store, pair.first, pair.second, 6, {});
    if (!path.ok()) return path.status().ToString();
    std::string text;
    for (const PathStep& step : *path) text += step.from.name + ">" + step.to.name + ";";
    return text;
  };
  for (const auto& pair : pairs) serial.push_back(describe(pair));
  std::vector<std::vector<std::string>> answers(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (const auto& pair : pairs) answers[t].push_back(describe(pair));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) {
    for (size_t i = 0; i < answers[t].size(); ++i) {
      EXPECT_EQ(answers[t][i], serial[i % pairs.size()]) << "thread " << t << ", answer " << i;
    }
  }
}

}  // namespace
}  // namespace geokg
