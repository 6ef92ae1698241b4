// The JSON documents of the query answers: one function per answer, used by
// the commands' --format json and by `geokg serve`, so both print the same
// document for the same question (docs/cli.md lists the fields).
//
// Thread safety: pure functions of their arguments.
#ifndef GEOKG_CLI_JSON_ANSWERS_H_
#define GEOKG_CLI_JSON_ANSWERS_H_

#include <vector>

#include "geokg/graph.h"
#include "geokg/query.h"
#include "output.h"

namespace geokg::cli {

Json RefJson(const EntityRef& ref);  // {"name", "type"}

Json NeighborsJson(const NeighborsAnswer& answer);
Json PathJson(const std::vector<PathStep>& path);
Json TimelineJson(const TimelineAnswer& answer);
Json EntitiesJson(const std::vector<EntitySummary>& entities);
Json ShowJson(const EntityDetails& details);
Json StatsJson(const StoreStats& stats);

// Graph algorithms (algorithm_commands.cc).
Json TopJson(Centrality by, const std::vector<RankedEntity>& rows);
Json ComponentsJson(const ComponentsAnswer& answer);
Json PathsJson(const PathsAnswer& answer);
Json EgoJson(const EgoAnswer& answer);

}  // namespace geokg::cli

#endif  // GEOKG_CLI_JSON_ANSWERS_H_
