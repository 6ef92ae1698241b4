// geokg query module: questions over the store.
//
// The one public header of the query module. Local questions (neighbours at
// depth 1, timelines) are prefix scans on the store; global ones (paths,
// deeper neighbourhoods) run Boost.Graph algorithms on a GraphView. Every
// function resolves names by any alias, case-insensitively, and answers an
// unknown name with NotFound whose message carries "did you mean ...".
//
// Thread safety: functions only read the store; they may run concurrently.
#ifndef GEOKG_QUERY_H_
#define GEOKG_QUERY_H_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "geokg/graph.h"

namespace geokg {

enum class Direction { kOut, kIn, kBoth };
bool ParseDirection(std::string_view text, Direction* direction);

struct EntityRef {
  std::string name;
  EntityType type = EntityType::kOther;
};

// One edge reached from the queried entity.
struct NeighborRow {
  EntityRef neighbor;
  EntityRef from;  // The edge's near end (the queried entity at depth 1).
  Relation relation = Relation::kRepresents;
  bool outgoing = true;  // true: from -relation-> neighbor.
  int depth = 1;
  Date date;
  std::string predicate;
  std::string evidence;
  std::string doc;  // Article key.
  bool negated = false;
  float confidence = 0;
};

struct NeighborsAnswer {
  EntityRef entity;
  std::vector<NeighborRow> rows;  // By depth, then date, then relation.
};

// Edges around `name` up to `depth` (>= 1; InvalidArgument otherwise) steps
// away, following `direction`. filter.entity_types applies to the neighbour
// (the far end), never to the queried entity; at depth > 1 a neighbour of
// another type is neither reported nor expanded. Level d reports every edge
// from a level d-1 node to a node first reached at level d; parallel edges are
// separate rows.
Result<NeighborsAnswer> Neighbors(const Store& store, const std::string& name, int depth,
                                  Direction direction, const TripleFilter& filter);

struct PathStep {
  EntityRef from;
  Relation relation = Relation::kRepresents;
  EntityRef to;
  bool forward = true;  // false: the stored triple points to -> from.
  Date date;
  std::string predicate;
  std::string evidence;
  std::string doc;
};

// Shortest path ignoring edge direction, at most `max_depth` steps. NotFound
// when there is none within that bound; InvalidArgument when both names are
// the same entity or max_depth < 1. filter.entity_types restricts the
// intermediate nodes only. Among parallel edges a step cites the one with the
// highest confidence, then the earliest date.
Result<std::vector<PathStep>> ShortestPath(const Store& store, const std::string& from,
                                           const std::string& to, int max_depth,
                                           const TripleFilter& filter);

enum class Period { kDay, kMonth, kYear };
bool ParsePeriod(std::string_view text, Period* period);

struct TimelineEvent {
  Date date;
  Relation relation = Relation::kRepresents;
  EntityRef object;
  bool negated = false;
  std::string predicate;
  std::string evidence;
  std::string doc;
};

struct TimelinePeriod {
  std::string label;  // "2023-11", "2023", "2023-11-30", or "unknown".
  int cooperative = 0;
  int conflictual = 0;
  int balance = 0;  // cooperative - conflictual; negated events count 0.
};

struct TimelineAnswer {
  EntityRef actor;
  std::vector<TimelineEvent> events;    // Date order; unknown dates last.
  std::vector<TimelinePeriod> periods;  // Period order.
};

// The actor's outgoing events (not the structural relations), optionally only
// those toward `toward` (empty = all). Events where the actor is the object are
// not included (Neighbors with Direction::kIn lists them). filter.entity_types
// applies to the object. Periods exist only for periods holding events.
Result<TimelineAnswer> Timeline(const Store& store, const std::string& actor,
                                const std::string& toward, Period period,
                                const TripleFilter& filter);

struct EntitySummary {
  EntityRef entity;
  std::vector<std::string> aliases;
  uint64_t degree = 0;
};

// Entities of `type` (nullptr = any) whose name or alias contains `match`
// (case-insensitive; empty = all), by degree then name.
Result<std::vector<EntitySummary>> ListEntities(const Store& store, const EntityType* type,
                                                const std::string& match);

struct Role {
  std::string organisation;  // What the entity represents or is a member of.
  Relation relation = Relation::kRepresents;
  Date first;
  Date last;
  std::string predicate;  // "US Secretary of State".
  std::string doc;        // First article stating it.
};

// Roles come from non-negated outgoing represents/member_of triples, one per
// organisation: first/last are the earliest/latest known dates, predicate and
// doc those of the earliest triple.
struct EntityDetails {
  EntitySummary summary;
  std::vector<Role> roles;         // By first date.
  std::vector<EntityRef> members;  // Who represents / is a member of it.
};

Result<EntityDetails> ShowEntity(const Store& store, const std::string& name);

// Writes GraphML (nodes first, typed keys, stable ids "e<entity id>" and
// "t<article>-<ordinal>", one <data> per value, XML-escaped) for the
// entities and triples the filter accepts. A triple needs both endpoints of
// an accepted type. Nodes are the accepted triples' endpoints, or every entity
// of an accepted type when the filter has no date or relation restriction:
// unfiltered, node and edge counts equal Store::Stats(). A node's "degree" is
// its number of exported edges. Booleans are written "true"/"false". Returns
// the counts written; IOError when `out` fails.
struct ExportCounts {
  uint64_t nodes = 0;
  uint64_t edges = 0;
};
Result<ExportCounts> ExportGraphml(const Store& store, const TripleFilter& filter,
                                   std::ostream& out);

}  // namespace geokg

#endif  // GEOKG_QUERY_H_
