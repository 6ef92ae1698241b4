// geokg top, components, paths, ego (graph algorithms) and serve: their help
// texts, and the parsing of their arguments, shared by the commands and by
// the HTTP server (which turns query parameters into ParsedArgs).
#ifndef GEOKG_CLI_ALGORITHM_COMMANDS_H_
#define GEOKG_CLI_ALGORITHM_COMMANDS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "args.h"
#include "geokg/graph.h"
#include "geokg/query.h"

namespace geokg::cli {

inline constexpr std::string_view kTopHelp =
    R"(Usage: geokg top [--by degree|pagerank] [--limit K] [filters]

The most central entities of the graph of the triples the filters accept:
by degree (triples touching the entity) or by PageRank (edges pointing
from subject to object; damping 0.85). Each row shows both measures.

Options:
  --by MEASURE          pagerank (default) or degree
  --limit K             rows, 1-100000 (default 10)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types; both ends of a triple
                        must match (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unreadable database, 2 usage error.
)";

inline constexpr std::string_view kComponentsHelp =
    R"(Usage: geokg components [NAME] [--limit N] [filters]

Weakly connected components (direction ignored) of the graph of the
triples the filters accept: how many there are, the largest with their
best-connected members, and, with NAME, which component holds NAME.
Entities with no accepted triple are not counted.

Options:
  --limit N             describe the N largest components, 0-100000 (default 10)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unknown entity or unreadable database, 2 usage error.
)";

inline constexpr std::string_view kPathsHelp =
    R"(Usage: geokg paths FROM TO [--max-depth D] [--limit N] [filters]

Every shortest chain of triples linking two entities (direction ignored),
up to N of them, with the evidence sentence of every step, and how many
shortest chains there are in all.

Options:
  --max-depth D         longest path searched, 1-12 (default 6)
  --limit N             paths shown, 1-1000 (default 10)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types on the way (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 paths were found, 1 unknown entity or no path within
--max-depth, 2 usage error.
)";

inline constexpr std::string_view kEgoHelp =
    R"(Usage: geokg ego NAME [--depth K] [--limit N] [--max-edges M] [filters]

The ego network of an entity: the entities within K steps of it
(direction ignored), nearer ones first, and every triple between two of
them.

Options:
  --depth K             steps, 1-6 (default 1)
  --limit N             at most N entities, 1-100000 (default 100)
  --max-edges M         at most M triples, 0-1000000 (default 1000)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types, NAME excepted (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unknown entity or unreadable database, 2 usage error.
)";

inline constexpr std::string_view kServeHelp =
    R"(Usage: geokg serve [--db DIR] [--host H] [--port P] [--threads N]

Keeps the database open (read-only) and its graph snapshot warm, and
answers the query commands over HTTP with the JSON of their --format json:

  GET /neighbors?name=NAME&depth=&direction=&limit=&relation=&type=&since=&until=
  GET /path?from=A&to=B&max-depth=&relation=&type=&since=&until=
  GET /timeline?actor=NAME&toward=&by=&limit=&relation=&since=&until=
  GET /entities?type=&match=&limit=
  GET /show?name=NAME
  GET /stats
  GET /top?by=&limit=&relation=&type=&since=&until=
  GET /components?name=&limit=&relation=&type=&since=&until=
  GET /paths?from=A&to=B&max-depth=&limit=&relation=&type=&since=&until=
  GET /ego?name=NAME&depth=&limit=&max-edges=&relation=&type=&since=&until=
  GET /health

Parameters are the command's options without "--"; relation and type may
be repeated or comma-separated. Errors: 404 {"error": "unknown entity ..."}
(or no path), 400 for a bad or unknown parameter. Every answer carries the
header X-Geokg-Micros: the server-side time of the query in microseconds.
The database is reopened when its files change (checked at most once a
second), so answers follow a concurrent ingest. Ctrl-C or SIGTERM stops
the server.

Options:
  --host H              address to listen on (default 127.0.0.1)
  --port P              TCP port, 0 for any free one (default 7474); the
                        address is printed as "listening on http://H:P"
  --threads N           worker threads, 1-256 (default 8)
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  -h, --help            show this help

Exit status: 0 stopped by a signal, 1 database or address unusable, 2 usage
error.
)";

struct TopArgs {
  Centrality by = Centrality::kPageRank;
  size_t limit = 10;
  TripleFilter filter;
};

struct ComponentsArgs {
  std::string name;  // Empty: none.
  size_t limit = 10;
  TripleFilter filter;
};

struct PathsArgs {
  std::string from, to;
  int max_depth = 6;
  size_t limit = 10;
  TripleFilter filter;
};

struct EgoArgs {
  std::string name;
  int depth = 1;
  size_t max_nodes = 100;
  size_t max_edges = 1000;
  TripleFilter filter;
};

// Each reads the positionals and flags of its command (defaults above) and
// returns InvalidArgument naming the bad argument.
Status ParseTopArgs(const ParsedArgs& args, TopArgs* out);
Status ParseComponentsArgs(const ParsedArgs& args, ComponentsArgs* out);
Status ParsePathsArgs(const ParsedArgs& args, PathsArgs* out);
Status ParseEgoArgs(const ParsedArgs& args, EgoArgs* out);

}  // namespace geokg::cli

#endif  // GEOKG_CLI_ALGORITHM_COMMANDS_H_
