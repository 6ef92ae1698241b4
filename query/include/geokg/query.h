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
#include <optional>
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
  bool truncated = false;         // More rows exist than the limit let through.
};

// Edges around `name` up to `depth` (>= 1; InvalidArgument otherwise) steps
// away, following `direction`. filter.entity_types applies to the neighbour
// (the far end), never to the queried entity; at depth > 1 a neighbour of
// another type is neither reported nor expanded. Level d reports every edge
// from a level d-1 node to a node first reached at level d; parallel edges are
// separate rows.
//
// `limit` > 0 keeps the first `limit` rows of that order (0 keeps all). At
// depth 1 a limited answer reads only the first entries of each
// (direction, relation) run of the indexes, so a hub with a million edges
// answers in milliseconds.
Result<NeighborsAnswer> Neighbors(const Store& store, const std::string& name, int depth,
                                  Direction direction, const TripleFilter& filter,
                                  size_t limit = 0);

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
  std::vector<TimelinePeriod> periods;  // Period order; always over every event.
  uint64_t total_events = 0;            // Events matching, listed or not.
};

// The label of the period holding `date`: "2023-11-30", "2023-11", "2023",
// or "unknown" for an unknown date (TimelinePeriod::label).
std::string PeriodLabel(Date date, Period period);

// A timeline as a chart: one mark per listed event, stacked in its period's
// column and coloured by PLOVER type, with its date, relation, object and
// evidence as the mark's <title> (shown on hover); under it, per period,
// the cooperative minus conflictual balance as a bar (counting every event,
// listed or not). `html` wraps the SVG in an offline page with the events
// as a table. All text is escaped. IOError when `out` fails.
Status WriteTimelineChart(const TimelineAnswer& answer, Period period, bool html,
                          std::ostream& out);

// The actor's outgoing events (not the structural relations), optionally only
// those toward `toward` (empty = all). Events where the actor is the object are
// not included (Neighbors with Direction::kIn lists them). filter.entity_types
// applies to the object. Periods exist only for periods holding events.
//
// `limit` > 0 lists only the first `limit` events (0 lists all); the periods
// and total_events still count every event, from the graph snapshot.
Result<TimelineAnswer> Timeline(const Store& store, const std::string& actor,
                                const std::string& toward, Period period,
                                const TripleFilter& filter, size_t limit = 0);

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

// ------------------------------------------------------------- Exports ---
//
// Every format writes the same graph: the one ExportGraphml describes, or,
// with `around`, the ego network of that entity within `depth` steps
// (EgoNetwork's node set, every accepted triple between two of its nodes).
// All text from articles is escaped for the format; node ids are
// "e<entity id>", edge ids "t<article>-<ordinal>" in every format.
//
//  graphml  GraphML (above).
//  gexf     GEXF 1.3, mode="dynamic": each dated edge lives from its date to
//           its date, so Gephi's timeline plays the graph; typed attributes.
//  cyjs     Cytoscape.js JSON: {"elements": {"nodes": [{"data": ...}],
//           "edges": [...]}} (Cytoscape desktop: File > Import > Network).
//  csv      Neo4j bulk import: nodes.csv (id:ID,name,type,aliases,degree:int,
//           :LABEL) and relationships.csv (:START_ID,:END_ID,:TYPE,id,...),
//           for `neo4j-admin database import full`. Two streams: ExportCsv.
//  dot      Graphviz DOT (a digraph), coloured by type and relation class.
//  svg      A picture: Boost's Fruchterman-Reingold layout, nodes coloured by
//           type, edges by cooperative / conflictual / neutral relation.
//  html     One offline page (no external script): the graph with pan, zoom,
//           hover evidence, a node's timeline on click, search, and a filter
//           by relation.
enum class ExportFormat { kGraphml, kGexf, kCyjs, kCsv, kDot, kSvg, kHtml };
// The names above, any case.
bool ParseExportFormat(std::string_view text, ExportFormat* format);
std::string_view ExportFormatName(ExportFormat format);

struct ExportOptions {
  ExportFormat format = ExportFormat::kGraphml;
  std::string around;  // Empty: the whole (filtered) graph.
  int depth = 1;       // With `around`: steps from it (>= 1).
  // svg and html hold and draw the whole graph: above this many edges they
  // answer InvalidArgument, naming the flags that narrow the export.
  uint64_t max_drawn_edges = 5000;
};

// Writes `options.format` to `out` (any format but csv: InvalidArgument,
// use ExportCsv). NotFound for an unknown `around`; IOError when `out`
// fails.
Result<ExportCounts> Export(const Store& store, const TripleFilter& filter,
                            const ExportOptions& options, std::ostream& out);
// What an export with `filter` and the scope of `options` (its format is
// ignored) would hold, without writing it: nodes, edges, and the articles
// the edges come from. `geokg stats` with filters.
struct GraphCounts {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t articles = 0;
};
Result<GraphCounts> CountGraph(const Store& store, const TripleFilter& filter,
                               const ExportOptions& options);

// ---------------------------------------------------------------- Report ---

// A pair of entities and how many events of one kind passed between them.
struct Dyad {
  EntityRef first;   // The pair's entity with the lower id.
  EntityRef second;
  uint64_t events = 0;       // Both directions, negated events excluded.
  uint64_t first_to_second = 0;
  uint64_t second_to_first = 0;
};

// The `limit` pairs with the most cooperative (`cooperative` true) or
// conflictual events in the graph an export with `filter` and the scope of
// `options` holds, most events first, then by names. Negated events and the
// neutral relations (request, represents, member_of) do not count.
Result<std::vector<Dyad>> StrongestDyads(const Store& store, const TripleFilter& filter,
                                         const ExportOptions& options, bool cooperative,
                                         size_t limit);

struct ReportSummary {
  ExportCounts graph;                // Drawn in the overview.
  std::vector<std::string> actors;   // Whose timelines the report shows.
  size_t cooperative_dyads = 0;
  size_t conflictual_dyads = 0;
};

// One offline HTML page: the graph overview (the html export's view, of the
// same graph), the top `top` actors by degree and by PageRank, a timeline
// chart of each of the top actors by degree, and the strongest cooperative
// and conflictual dyads. InvalidArgument when the graph has more than
// options.max_drawn_edges edges.
Result<ReportSummary> WriteReport(const Store& store, const TripleFilter& filter,
                                  const ExportOptions& options, size_t top, std::ostream& out);

// The Neo4j import files (format csv).
Result<ExportCounts> ExportCsv(const Store& store, const TripleFilter& filter,
                               const ExportOptions& options, std::ostream& nodes,
                               std::ostream& relationships);

// ------------------------------------------------------ Graph algorithms ---
//
// algorithms.cc: global questions computed with Boost.Graph over the store's
// graph snapshot (geokg/snapshot.h).
//
// The "algorithm graph" of a filter: its edges are the triples the filter
// accepts (relation and date), parallel triples being separate edges; its
// nodes are the endpoints of those edges, so an entity without an accepted
// triple is not in it. For TopEntities and Components both endpoints of an
// edge must be of an accepted type (filter.entity_types); AllShortestPaths
// and EgoNetwork apply the types to the nodes they reach instead, sparing
// the named entities. Direction is ignored except by PageRank.

enum class Centrality { kDegree, kPageRank };
// "degree" or "pagerank", any case.
bool ParseCentrality(std::string_view text, Centrality* by);

struct RankedEntity {
  EntityRef entity;
  uint64_t degree = 0;  // Edge ends at the entity (a self-loop counts twice).
  double pagerank = 0;  // Share of the PageRank mass: sums to 1 over the graph.
};

// The `limit` (>= 1; InvalidArgument otherwise) nodes ranked highest by
// `by`, ties broken by the other measure, then by name. PageRank: damping
// 0.85, 50 iterations, edges pointing subject -> object (both ways for the
// symmetric relations consult, cooperate and agree); the rank of a node with
// no outgoing edge is spread evenly over all nodes (through one hidden hub,
// an approximation of the textbook rule). An empty graph gives no rows.
Result<std::vector<RankedEntity>> TopEntities(const Store& store, Centrality by, size_t limit,
                                              const TripleFilter& filter);

struct ComponentSummary {
  uint64_t rank = 0;            // 1 = the largest; equal sizes: older entities first.
  uint64_t size = 0;            // Nodes.
  uint64_t edges = 0;           // Triples.
  std::vector<EntityRef> hubs;  // Up to 3 members of highest degree (then lowest id).
};

struct EntityComponent {
  EntityRef entity;
  uint64_t rank = 0;  // Its component's rank; 0 when the entity is not in the graph.
  uint64_t size = 1;  // Its component's size; 1 when not in the graph.
};

struct ComponentsAnswer {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  uint64_t count = 0;                     // Weakly connected components.
  std::vector<ComponentSummary> largest;  // The `limit` largest, by rank.
  std::optional<EntityComponent> entity;  // Set when a name was asked about.
};

// Weakly connected components of the algorithm graph (see above), via
// boost::connected_components on its undirected view. With a non-empty
// `name` (NotFound when unknown) also says which component holds it.
Result<ComponentsAnswer> Components(const Store& store, const std::string& name, size_t limit,
                                    const TripleFilter& filter);

struct PathsAnswer {
  int length = 0;                            // Steps of every shortest path.
  uint64_t total = 0;                        // Shortest paths in all (saturates at 2^64-1).
  std::vector<std::vector<PathStep>> paths;  // The first `limit` of them.
};

// Every shortest path ignoring direction between two entities, at most
// `max_depth` steps, up to `limit` (>= 1) of them. A path is a sequence of
// entities; each step cites one triple as ShortestPath does (highest
// confidence, then earliest date, then not negated). Paths come in the order
// of the entity ids along them (ids are first-seen order), so the answer is
// the same on every run. Errors as ShortestPath: NotFound (unknown name, or
// no path within the bound), InvalidArgument (same entity, max_depth < 1,
// limit < 1). filter.entity_types restricts the intermediate nodes only.
Result<PathsAnswer> AllShortestPaths(const Store& store, const std::string& from,
                                     const std::string& to, int max_depth, size_t limit,
                                     const TripleFilter& filter);

struct EgoNode {
  EntityRef entity;
  int depth = 0;        // Steps from the centre (0 for the centre).
  uint64_t degree = 0;  // Edges of the ego network touching it (before the edge cap).
};

struct EgoEdge {
  EntityRef subject;
  Relation relation = Relation::kRepresents;
  EntityRef object;
  Date date;
  bool negated = false;
  float confidence = 0;
  std::string predicate;
  std::string evidence;
  std::string doc;
};

struct EgoAnswer {
  EntityRef center;
  int depth = 0;
  std::vector<EgoNode> nodes;  // By depth, in breadth-first order; the centre first.
  std::vector<EgoEdge> edges;  // Edges reaching nearer nodes first.
  bool truncated = false;      // A cap left nodes or edges out.
};

// The entities within `depth` (>= 1) steps of `name` ignoring direction
// (a breadth-first search with Boost.Graph), at most `max_nodes` (>= 1) of
// them, nearer ones first, and every accepted triple between two of them, at
// most `max_edges`. filter.entity_types applies to every node but the centre:
// a node of another type is neither listed nor crossed.
Result<EgoAnswer> EgoNetwork(const Store& store, const std::string& name, int depth,
                             size_t max_nodes, size_t max_edges, const TripleFilter& filter);

}  // namespace geokg

#endif  // GEOKG_QUERY_H_
