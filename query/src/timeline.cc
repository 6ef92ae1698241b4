// Timeline: the actor's outgoing PLOVER events, from one ScanOut.
//
// Only events the actor is the subject of are listed: "what did X do", not
// "what was done to X" (Neighbors with Direction::kIn answers that).
// filter.entity_types applies to the event's object. Periods appear only when
// they hold at least one event; they are not padded with empty ones.

#include <algorithm>
#include <cstdio>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;

bool IsStructural(Relation relation) {
  return relation == Relation::kRepresents || relation == Relation::kMemberOf;
}

std::string PeriodLabel(Date date, Period period) {
  if (!date.known()) return "unknown";
  char buffer[16];
  switch (period) {
    case Period::kDay:
      std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", date.year(), date.month(),
                    date.day());
      break;
    case Period::kMonth:
      std::snprintf(buffer, sizeof(buffer), "%04d-%02d", date.year(), date.month());
      break;
    case Period::kYear:
      std::snprintf(buffer, sizeof(buffer), "%04d", date.year());
      break;
  }
  return buffer;
}

// The PLOVER relations the filter allows; empty when it allows none.
std::vector<Relation> EventRelations(const TripleFilter& filter) {
  std::vector<Relation> relations;
  for (int r = 0; r < kRelationCount; ++r) {
    const Relation relation = static_cast<Relation>(r);
    if (IsStructural(relation)) continue;
    if (!filter.relations.empty() && std::find(filter.relations.begin(), filter.relations.end(),
                                               relation) == filter.relations.end()) {
      continue;
    }
    relations.push_back(relation);
  }
  return relations;
}

Result<TimelineAnswer> TimelineImpl(const Store& store, const std::string& actor,
                                    const std::string& toward, Period period,
                                    const TripleFilter& filter) {
  Result<StoredEntity> subject = query_internal::ResolveEntity(store, actor);
  if (!subject.ok()) return subject.status();
  std::optional<EntityId> object_id;
  if (!toward.empty()) {
    Result<StoredEntity> object = query_internal::ResolveEntity(store, toward);
    if (!object.ok()) return object.status();
    object_id = object->id;
  }

  TimelineAnswer answer;
  answer.actor = query_internal::RefOf(*subject);
  TripleFilter scan_filter = query_internal::WithoutTypes(filter);
  scan_filter.relations = EventRelations(filter);
  if (scan_filter.relations.empty()) return answer;  // Only structural relations asked for.

  std::vector<StoredTriple> triples;
  Status s = query_internal::CollectScan(store, subject->id, true, scan_filter, &triples);
  if (!s.ok()) return s;
  triples.erase(std::remove_if(triples.begin(), triples.end(),
                               [&](const StoredTriple& t) {
                                 return IsStructural(t.relation) ||
                                        (object_id && t.object != *object_id);
                               }),
                triples.end());
  // Within a day, events keep the order of their articles and sentences.
  std::sort(triples.begin(), triples.end(), [](const StoredTriple& a, const StoredTriple& b) {
    return std::make_tuple(DateOrder(a.date), a.article, a.ordinal) <
           std::make_tuple(DateOrder(b.date), b.article, b.ordinal);
  });

  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  for (const StoredTriple& t : triples) {
    Result<EntityRef> object = entities.Ref(t.object);
    if (!object.ok()) return object.status();
    if (!query_internal::TypeAccepted(filter, object->type)) continue;
    Result<std::string> doc = docs.Key(t.article);
    if (!doc.ok()) return doc.status();
    TimelineEvent event;
    event.date = t.date;
    event.relation = t.relation;
    event.object = std::move(*object);
    event.negated = t.negated;
    event.predicate = t.predicate;
    event.evidence = t.evidence;
    event.doc = std::move(*doc);

    // Events are in date order, so one period's events are contiguous.
    std::string label = PeriodLabel(t.date, period);
    if (answer.periods.empty() || answer.periods.back().label != label) {
      answer.periods.push_back(TimelinePeriod{std::move(label), 0, 0, 0});
    }
    TimelinePeriod& bucket = answer.periods.back();
    const int valence = t.negated ? 0 : RelationValence(t.relation);
    if (valence > 0) ++bucket.cooperative;
    if (valence < 0) ++bucket.conflictual;
    bucket.balance = bucket.cooperative - bucket.conflictual;
    answer.events.push_back(std::move(event));
  }
  return answer;
}

}  // namespace

Result<TimelineAnswer> Timeline(const Store& store, const std::string& actor,
                                const std::string& toward, Period period,
                                const TripleFilter& filter) {
  try {
    return TimelineImpl(store, actor, toward, period, filter);
  } catch (const std::exception& e) {
    return query_internal::FromException("timeline", e);
  }
}

}  // namespace geokg
