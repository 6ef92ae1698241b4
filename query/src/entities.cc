// ListEntities and ShowEntity.
//
// A role is a represents/member_of fact the entity is the subject of; negated
// statements ("X is not a member of Y") make no role and no member.

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;

bool Matches(const StoredEntity& entity, const std::string& lower_match) {
  if (lower_match.empty()) return true;
  if (query_internal::LowerAscii(entity.name).find(lower_match) != std::string::npos) return true;
  for (const std::string& alias : entity.aliases) {
    if (query_internal::LowerAscii(alias).find(lower_match) != std::string::npos) return true;
  }
  return false;
}

Result<EntitySummary> Summarise(const Store& store, const StoredEntity& entity) {
  Result<uint64_t> degree = store.Degree(entity.id);
  if (!degree.ok()) return degree.status();
  return EntitySummary{query_internal::RefOf(entity), entity.aliases, *degree};
}

Result<std::vector<EntitySummary>> ListEntitiesImpl(const Store& store, const EntityType* type,
                                                    const std::string& match) {
  const std::string lower_match = query_internal::LowerAscii(match);
  std::vector<StoredEntity> selected;
  Status s = store.ForEachEntity([&](const StoredEntity& entity) {
    if ((type == nullptr || entity.type == *type) && Matches(entity, lower_match)) {
      selected.push_back(entity);
    }
    return true;
  });
  if (!s.ok()) return s;

  std::vector<EntitySummary> summaries;
  summaries.reserve(selected.size());
  for (const StoredEntity& entity : selected) {
    Result<EntitySummary> summary = Summarise(store, entity);
    if (!summary.ok()) return summary.status();
    summaries.push_back(std::move(*summary));
  }
  std::sort(summaries.begin(), summaries.end(), [](const EntitySummary& a, const EntitySummary& b) {
    if (a.degree != b.degree) return a.degree > b.degree;
    return a.entity.name < b.entity.name;
  });
  return summaries;
}

// The non-negated represents/member_of triples at one end of `entity`, first
// date first (unknown last), then in article order.
Status StructuralTriples(const Store& store, EntityId entity, bool outgoing,
                         std::vector<StoredTriple>* triples) {
  TripleFilter filter;
  filter.relations = {Relation::kRepresents, Relation::kMemberOf};
  Status s = query_internal::CollectScan(store, entity, outgoing, filter, triples);
  if (!s.ok()) return s;
  triples->erase(std::remove_if(triples->begin(), triples->end(),
                                [](const StoredTriple& t) {
                                  return t.negated || (t.relation != Relation::kRepresents &&
                                                       t.relation != Relation::kMemberOf);
                                }),
                 triples->end());
  std::sort(triples->begin(), triples->end(), [](const StoredTriple& a, const StoredTriple& b) {
    return std::make_tuple(DateOrder(a.date), a.article, a.ordinal) <
           std::make_tuple(DateOrder(b.date), b.article, b.ordinal);
  });
  return Status::Ok();
}

Result<EntityDetails> ShowEntityImpl(const Store& store, const std::string& name) {
  Result<StoredEntity> entity = query_internal::ResolveEntity(store, name);
  if (!entity.ok()) return entity.status();
  EntityDetails details;
  Result<EntitySummary> summary = Summarise(store, *entity);
  if (!summary.ok()) return summary.status();
  details.summary = std::move(*summary);

  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);

  // One role per organisation; the earliest triple gives relation, predicate
  // and doc.
  std::vector<StoredTriple> outgoing;
  Status s = StructuralTriples(store, entity->id, true, &outgoing);
  if (!s.ok()) return s;
  std::map<EntityId, size_t> role_of;
  for (const StoredTriple& t : outgoing) {
    auto [it, inserted] = role_of.emplace(t.object, details.roles.size());
    if (inserted) {
      Result<EntityRef> organisation = entities.Ref(t.object);
      if (!organisation.ok()) return organisation.status();
      Result<std::string> doc = docs.Key(t.article);
      if (!doc.ok()) return doc.status();
      details.roles.push_back(
          Role{organisation->name, t.relation, t.date, t.date, t.predicate, std::move(*doc)});
      continue;
    }
    Role& role = details.roles[it->second];
    if (t.date.known() && (!role.last.known() || role.last < t.date)) role.last = t.date;
  }
  std::stable_sort(details.roles.begin(), details.roles.end(), [](const Role& a, const Role& b) {
    return std::make_tuple(DateOrder(a.first), std::cref(a.organisation)) <
           std::make_tuple(DateOrder(b.first), std::cref(b.organisation));
  });

  std::vector<StoredTriple> incoming;
  s = StructuralTriples(store, entity->id, false, &incoming);
  if (!s.ok()) return s;
  std::set<EntityId> seen;
  for (const StoredTriple& t : incoming) {
    if (!seen.insert(t.subject).second) continue;
    Result<EntityRef> member = entities.Ref(t.subject);
    if (!member.ok()) return member.status();
    details.members.push_back(std::move(*member));
  }
  std::sort(details.members.begin(), details.members.end(),
            [](const EntityRef& a, const EntityRef& b) { return a.name < b.name; });
  return details;
}

}  // namespace

Result<std::vector<EntitySummary>> ListEntities(const Store& store, const EntityType* type,
                                                const std::string& match) {
  try {
    return ListEntitiesImpl(store, type, match);
  } catch (const std::exception& e) {
    return query_internal::FromException("entities", e);
  }
}

Result<EntityDetails> ShowEntity(const Store& store, const std::string& name) {
  try {
    return ShowEntityImpl(store, name);
  } catch (const std::exception& e) {
    return query_internal::FromException("show", e);
  }
}

}  // namespace geokg
