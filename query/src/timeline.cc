// Timeline: the actor's outgoing PLOVER events, from one ScanOut (or, with a
// limit, the first entries of each relation's run plus period counts from the
// graph snapshot).
//
// Only events the actor is the subject of are listed: "what did X do", not
// "what was done to X" (Neighbors with Direction::kIn answers that).
// filter.entity_types applies to the event's object. Periods appear only when
// they hold at least one event; they are not padded with empty ones.

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;

bool IsStructural(Relation relation) {
  return relation == Relation::kRepresents || relation == Relation::kMemberOf;
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

// The scan filter (event relations, the window) with the caller's entity
// types, which apply to the object.
TripleFilter ScanFilterWithTypes(const TripleFilter& filter, const TripleFilter& scan_filter) {
  TripleFilter combined = scan_filter;
  combined.entity_types = filter.entity_types;
  return combined;
}

// Period order: known dates in calendar order, unknown last.
uint32_t PeriodKey(Date date, Period period) {
  if (!date.known()) return UINT32_MAX;
  switch (period) {
    case Period::kDay:
      return date.yyyymmdd;
    case Period::kMonth:
      return date.yyyymmdd / 100;
    case Period::kYear:
      return date.yyyymmdd / 10000;
  }
  return date.yyyymmdd;
}

// Every event's period counts, from the actor's outgoing edges in the graph
// snapshot: the answer when the event list was cut by a limit.
Status SnapshotPeriods(const Store& store, EntityId actor, std::optional<EntityId> object_id,
                       Period period, const TripleFilter& filter, TimelineAnswer* answer) {
  Result<std::shared_ptr<const GraphSnapshot>> snapshot = store.Snapshot();
  if (!snapshot.ok()) return snapshot.status();
  const GraphSnapshot& g = **snapshot;
  if (actor >= g.node_count()) return Status::Ok();
  struct Counts {
    Date first;  // For the label.
    int cooperative = 0;
    int conflictual = 0;
  };
  std::map<uint32_t, Counts> by_period;
  uint64_t total = 0;
  // A hub has hundreds of thousands of outgoing edges, so the loop does
  // little per edge: a table of the accepted relations, the window and
  // types only when set, and a map lookup only when the period changes
  // (the edges are in (relation, date) order).
  bool wanted[kRelationCount] = {};
  for (int r = 0; r < kRelationCount; ++r) {
    const auto relation = static_cast<Relation>(r);
    wanted[r] =
        !IsStructural(relation) &&
        (filter.relations.empty() || std::find(filter.relations.begin(), filter.relations.end(),
                                               relation) != filter.relations.end());
  }
  const bool windowed = filter.since.known() || filter.until.known();
  const bool typed = !filter.entity_types.empty();
  Counts* counts = nullptr;
  uint32_t counts_key = 0;
  for (GraphSnapshot::EdgeId e : g.out_edges(actor)) {
    const Relation relation = g.relation(e);
    if (!wanted[static_cast<int>(relation)]) continue;
    const Date date = g.date(e);
    if (windowed && !filter.Accepts(relation, date)) continue;
    if (object_id && g.object(e) != *object_id) continue;
    if (typed && !query_internal::TypeAccepted(filter, g.type(g.object(e)))) continue;
    ++total;
    const uint32_t key = PeriodKey(date, period);
    if (counts == nullptr || key != counts_key) {
      counts = &by_period[key];
      counts_key = key;
    }
    counts->first = date;
    const int valence = g.negated(e) ? 0 : RelationValence(relation);
    if (valence > 0) ++counts->cooperative;
    if (valence < 0) ++counts->conflictual;
  }
  answer->periods.clear();
  for (const auto& [key, counts] : by_period) {
    answer->periods.push_back(TimelinePeriod{PeriodLabel(counts.first, period), counts.cooperative,
                                             counts.conflictual,
                                             counts.cooperative - counts.conflictual});
  }
  answer->total_events = total;
  return Status::Ok();
}

Result<TimelineAnswer> TimelineImpl(const Store& store, const std::string& actor,
                                    const std::string& toward, Period period,
                                    const TripleFilter& filter, size_t limit) {
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
  bool more = false;
  query_internal::EntityCache entities(store);
  if (limit == 0) {
    Status s = query_internal::CollectScan(store, subject->id, true, scan_filter, &triples);
    if (!s.ok()) return s;
    triples.erase(std::remove_if(triples.begin(), triples.end(),
                                 [&](const StoredTriple& t) {
                                   return IsStructural(t.relation) ||
                                          (object_id && t.object != *object_id);
                                 }),
                  triples.end());
  } else {
    // Pick the first `limit` events from the index keys, then read only
    // their fact rows.
    Status lookup;
    const bool typed = !filter.entity_types.empty();
    auto accept = [&](const TripleRef& t) {
      if (object_id && t.object != *object_id) return false;
      // Without a type filter every object passes: no entity read (a hub's
      // candidates are about 100 per relation, most of them distinct).
      if (!typed) return true;
      Result<EntityRef> object = entities.Ref(t.object);
      if (!object.ok()) {
        lookup = object.status();
        return false;
      }
      return query_internal::TypeAccepted(filter, object->type);
    };
    std::vector<TripleRef> refs;
    Status s = query_internal::CollectFirstByDate(store, subject->id, true, scan_filter, limit,
                                                  accept, &refs, &more);
    if (s.ok()) s = lookup;
    if (!s.ok()) return s;
    std::sort(refs.begin(), refs.end(), [](const TripleRef& a, const TripleRef& b) {
      return std::make_tuple(DateOrder(a.date), a.article, a.ordinal) <
             std::make_tuple(DateOrder(b.date), b.article, b.ordinal);
    });
    if (refs.size() > limit) {
      refs.resize(limit);
      more = true;
    }
    for (const TripleRef& ref : refs) {
      Result<StoredTriple> t = store.GetTriple(ref.article, ref.ordinal);
      if (!t.ok()) return t.status();
      triples.push_back(std::move(t).value());
    }
  }
  // Within a day, events keep the order of their articles and sentences.
  std::sort(triples.begin(), triples.end(), [](const StoredTriple& a, const StoredTriple& b) {
    return std::make_tuple(DateOrder(a.date), a.article, a.ordinal) <
           std::make_tuple(DateOrder(b.date), b.article, b.ordinal);
  });

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
  answer.total_events = answer.events.size();
  if (more) {
    Status s = SnapshotPeriods(store, subject->id, object_id, period,
                               ScanFilterWithTypes(filter, scan_filter), &answer);
    if (!s.ok()) return s;
  }
  return answer;
}

}  // namespace

Result<TimelineAnswer> Timeline(const Store& store, const std::string& actor,
                                const std::string& toward, Period period,
                                const TripleFilter& filter, size_t limit) {
  try {
    return TimelineImpl(store, actor, toward, period, filter, limit);
  } catch (const std::exception& e) {
    return query_internal::FromException("timeline", e);
  }
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

}  // namespace geokg
