#include "json_answers.h"

#include <string>

namespace geokg::cli {
namespace {

std::string Name(EntityType type) { return std::string(EntityTypeName(type)); }
std::string Name(Relation relation) { return std::string(RelationName(relation)); }

Json StepJson(const PathStep& step) {
  return {{"from", step.from.name},  {"relation", Name(step.relation)}, {"to", step.to.name},
          {"forward", step.forward}, {"date", DateJson(step.date)},     {"evidence", step.evidence},
          {"doc", step.doc},         {"predicate", step.predicate}};
}

}  // namespace

Json RefJson(const EntityRef& ref) { return {{"name", ref.name}, {"type", Name(ref.type)}}; }

Json NeighborsJson(const NeighborsAnswer& answer) {
  // Built member by member: an initializer list of pairs would copy every
  // value twice, and the rows array once more into the document, which
  // costs more than the query itself for a warm 100-row answer.
  Json rows = Json::array();
  rows.get_ref<Json::array_t&>().reserve(answer.rows.size());
  for (const NeighborRow& row : answer.rows) {
    Json& r = rows.emplace_back(Json::object());
    Json::object_t& o = r.get_ref<Json::object_t&>();
    o.reserve(12);
    o.emplace_back("name", row.neighbor.name);
    o.emplace_back("type", Name(row.neighbor.type));
    o.emplace_back("relation", Name(row.relation));
    o.emplace_back("direction", row.outgoing ? "out" : "in");
    o.emplace_back("depth", row.depth);
    o.emplace_back("via", row.from.name);
    o.emplace_back("date", DateJson(row.date));
    o.emplace_back("predicate", row.predicate);
    o.emplace_back("evidence", row.evidence);
    o.emplace_back("doc", row.doc);
    o.emplace_back("negated", row.negated);
    o.emplace_back("confidence", row.confidence);
  }
  Json doc = Json::object();
  Json::object_t& o = doc.get_ref<Json::object_t&>();
  o.emplace_back("entity", RefJson(answer.entity));
  o.emplace_back("neighbors", std::move(rows));
  o.emplace_back("truncated", answer.truncated);
  return doc;
}

Json PathJson(const std::vector<PathStep>& path) {
  Json steps = Json::array();
  for (const PathStep& step : path) steps.push_back(StepJson(step));
  return {{"path", steps}};
}

Json TimelineJson(const TimelineAnswer& answer) {
  Json events = Json::array();
  for (const TimelineEvent& event : answer.events) {
    events.push_back({{"date", DateJson(event.date)},
                      {"relation", Name(event.relation)},
                      {"object", event.object.name},
                      {"object_type", Name(event.object.type)},
                      {"negated", event.negated},
                      {"predicate", event.predicate},
                      {"evidence", event.evidence},
                      {"doc", event.doc}});
  }
  Json periods = Json::array();
  for (const TimelinePeriod& p : answer.periods) {
    periods.push_back({{"period", p.label},
                       {"cooperative", p.cooperative},
                       {"conflictual", p.conflictual},
                       {"balance", p.balance}});
  }
  return {{"actor", RefJson(answer.actor)},
          {"events", events},
          {"total_events", answer.total_events},
          {"periods", periods}};
}

Json EntitiesJson(const std::vector<EntitySummary>& entities) {
  Json list = Json::array();
  for (const EntitySummary& entity : entities) {
    list.push_back({{"name", entity.entity.name},
                    {"type", Name(entity.entity.type)},
                    {"aliases", entity.aliases},
                    {"degree", entity.degree}});
  }
  return {{"entities", list}};
}

Json ShowJson(const EntityDetails& details) {
  const EntitySummary& summary = details.summary;
  Json roles = Json::array();
  for (const Role& role : details.roles) {
    roles.push_back({{"organisation", role.organisation},
                     {"relation", Name(role.relation)},
                     {"first", DateJson(role.first)},
                     {"last", DateJson(role.last)},
                     {"predicate", role.predicate},
                     {"doc", role.doc}});
  }
  Json members = Json::array();
  for (const EntityRef& member : details.members) members.push_back(RefJson(member));
  return {{"entity", RefJson(summary.entity)},
          {"aliases", summary.aliases},
          {"degree", summary.degree},
          {"roles", roles},
          {"members", members}};
}

Json StatsJson(const StoreStats& stats) {
  return {{"entities", stats.entities}, {"triples", stats.triples}, {"articles", stats.articles}};
}

Json TopJson(Centrality by, const std::vector<RankedEntity>& rows) {
  Json list = Json::array();
  for (const RankedEntity& row : rows) {
    list.push_back({{"name", row.entity.name},
                    {"type", Name(row.entity.type)},
                    {"degree", row.degree},
                    {"pagerank", row.pagerank}});
  }
  return {{"by", by == Centrality::kDegree ? "degree" : "pagerank"}, {"entities", list}};
}

Json ComponentsJson(const ComponentsAnswer& answer) {
  Json largest = Json::array();
  for (const ComponentSummary& c : answer.largest) {
    Json hubs = Json::array();
    for (const EntityRef& hub : c.hubs) hubs.push_back(RefJson(hub));
    largest.push_back({{"rank", c.rank}, {"size", c.size}, {"edges", c.edges}, {"hubs", hubs}});
  }
  Json doc = {{"nodes", answer.nodes},
              {"edges", answer.edges},
              {"count", answer.count},
              {"largest", largest}};
  if (answer.entity) {
    doc["entity"] = {{"name", answer.entity->entity.name},
                     {"type", Name(answer.entity->entity.type)},
                     {"component", answer.entity->rank},
                     {"size", answer.entity->size}};
  }
  return doc;
}

Json PathsJson(const PathsAnswer& answer) {
  Json paths = Json::array();
  for (const std::vector<PathStep>& path : answer.paths) {
    Json steps = Json::array();
    for (const PathStep& step : path) steps.push_back(StepJson(step));
    paths.push_back(std::move(steps));
  }
  return {{"length", answer.length}, {"total", answer.total}, {"paths", paths}};
}

Json EgoJson(const EgoAnswer& answer) {
  Json nodes = Json::array();
  for (const EgoNode& node : answer.nodes) {
    nodes.push_back({{"name", node.entity.name},
                     {"type", Name(node.entity.type)},
                     {"depth", node.depth},
                     {"degree", node.degree}});
  }
  Json edges = Json::array();
  for (const EgoEdge& edge : answer.edges) {
    edges.push_back({{"subject", edge.subject.name},
                     {"relation", Name(edge.relation)},
                     {"object", edge.object.name},
                     {"date", DateJson(edge.date)},
                     {"negated", edge.negated},
                     {"confidence", edge.confidence},
                     {"predicate", edge.predicate},
                     {"evidence", edge.evidence},
                     {"doc", edge.doc}});
  }
  return {{"center", RefJson(answer.center)},
          {"depth", answer.depth},
          {"nodes", nodes},
          {"edges", edges},
          {"truncated", answer.truncated}};
}

}  // namespace geokg::cli
