// BuildGraphView over the in-memory store.
#include <gtest/gtest.h>

#include <boost/graph/breadth_first_search.hpp>

#include "geokg/graph_view.h"
#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::MakeExtraction;

std::unique_ptr<Store> Sample() {
  auto store = Store::NewInMemory();
  EXPECT_TRUE(store
                  ->PutArticle(MakeExtraction(
                      "a1", "one", 20231130,
                      {{"Antony Blinken", EntityType::kPerson, {}},
                       {"United States", EntityType::kGpe, {}},
                       {"Russia", EntityType::kGpe, {}},
                       {"Wagner Group", EntityType::kGroup, {}},
                       {"NATO", EntityType::kOrg, {}}},
                      {{"Antony Blinken", Relation::kRepresents, "United States", 20231130},
                       {"United States", Relation::kAccuse, "Russia", 20231130},
                       {"United States", Relation::kAccuse, "Russia", 20231201},
                       {"Wagner Group", Relation::kAssault, "Russia", 20230624},
                       {"Russia", Relation::kThreaten, "United States", 0}}))
                  .ok());
  return store;
}

TEST(GraphViewTest, CountsWithAndWithoutFilters) {
  auto store = Sample();
  struct Case {
    const char* what;
    std::vector<EntityType> types;
    std::vector<Relation> relations;
    uint32_t since, until;
    size_t vertices, edges;
  };
  const Case cases[] = {
      {"everything", {}, {}, 0, 0, 5, 5},  // NATO has no triple and still is a vertex.
      {"states only", {EntityType::kGpe}, {}, 0, 0, 2, 3},
      {"accusations", {}, {Relation::kAccuse}, 0, 0, 5, 2},
      {"november", {}, {}, 20231101, 20231130, 5, 2},
      {"since june", {}, {}, 20230601, 0, 5, 4},  // The undated threat drops out.
      {"persons", {EntityType::kPerson}, {}, 0, 0, 1, 0},
      {"states, accuse, december", {EntityType::kGpe}, {Relation::kAccuse}, 20231201, 0, 2, 1},
  };
  for (const Case& c : cases) {
    TripleFilter f;
    f.entity_types = c.types;
    f.relations = c.relations;
    f.since.yyyymmdd = c.since;
    f.until.yyyymmdd = c.until;
    Result<GraphView> view = BuildGraphView(*store, f);
    ASSERT_TRUE(view.ok()) << c.what << ": " << view.status().ToString();
    EXPECT_EQ(boost::num_vertices(view->graph), c.vertices) << c.what;
    EXPECT_EQ(boost::num_edges(view->graph), c.edges) << c.what;
    EXPECT_EQ(view->vertex_of.size(), c.vertices) << c.what;
  }
}

TEST(GraphViewTest, VerticesAndEdgesCarryStoreData) {
  auto store = Sample();
  Result<GraphView> view = BuildGraphView(*store, {});
  ASSERT_TRUE(view.ok());
  const BoostGraph& g = view->graph;
  const EntityId us = store->FindEntity("United States").value().id;
  const EntityId russia = store->FindEntity("Russia").value().id;
  const Vertex vus = view->vertex_of.at(us);
  EXPECT_EQ(g[vus].entity, us);
  EXPECT_EQ(g[vus].name, "United States");
  EXPECT_EQ(g[vus].type, EntityType::kGpe);
  // Parallel accuse edges are kept, each with its own date.
  std::vector<uint32_t> dates;
  for (auto [e, end] = boost::out_edges(vus, g); e != end; ++e) {
    if (g[boost::target(*e, g)].entity == russia) dates.push_back(g[*e].date.yyyymmdd);
  }
  std::sort(dates.begin(), dates.end());
  EXPECT_EQ(dates, (std::vector<uint32_t>{20231130, 20231201}));
  EXPECT_EQ(boost::in_degree(vus, g), 2u);  // Blinken represents, Russia threatens.

  // BFS from Blinken reaches Wagner through the United States and Russia.
  std::vector<int> dist(boost::num_vertices(g), -1);
  const Vertex start = view->vertex_of.at(store->FindEntity("Antony Blinken").value().id);
  dist[start] = 0;
  boost::breadth_first_search(
      g, start,
      boost::visitor(boost::make_bfs_visitor(boost::record_distances(
          boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g)),
          boost::on_tree_edge()))));
  EXPECT_EQ(dist[view->vertex_of.at(russia)], 2);
  EXPECT_EQ(dist[view->vertex_of.at(store->FindEntity("Wagner Group").value().id)], -1);
}

}  // namespace
}  // namespace geokg
