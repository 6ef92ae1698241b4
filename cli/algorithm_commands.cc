// geokg top, components, paths, ego: graph algorithms (query/src/algorithms.cc).
#include "algorithm_commands.h"

#include <iostream>
#include <sstream>

#include "commands.h"
#include "json_answers.h"

namespace geokg::cli {
namespace {

Status Positionals(const ParsedArgs& args, size_t min, size_t max, std::string_view what) {
  const size_t given = args.positionals().size();
  if (given < min) return Status::InvalidArgument("missing " + std::string(what));
  if (given > max) {
    return Status::InvalidArgument("too many arguments (expected " + std::string(what) + ")");
  }
  return Status::Ok();
}

std::string Percent(double share) {
  std::ostringstream out;
  out.precision(4);
  out << std::fixed << share * 100 << '%';
  return out.str();
}

// Prints the usage error, or the failed lookup, for a Status of the library.
int FailQuery(const Invocation& invocation, const Store& store, const std::string& name,
              const Status& status) {
  if (status.code() == Status::Code::kInvalidArgument) {
    return UsageError(invocation.command, status.message());
  }
  return FailLookup(invocation, store, name, status);
}

void PrintStep(size_t index, const PathStep& step, std::ostream& out) {
  const std::string relation(RelationName(step.relation));
  out << index << ". " << step.from.name
      << (step.forward ? " -" + relation + "-> " : " <-" + relation + "- ") << step.to.name << "  ("
      << DateText(step.date) << ", " << step.doc << ")\n"
      << "   " << Clip(step.evidence, 300) << '\n';
}

}  // namespace

Status ParseTopArgs(const ParsedArgs& args, TopArgs* out) {
  Status s = Positionals(args, 0, 0, "no arguments");
  if (!s.ok()) return s;
  const std::string by = args.Get("by", "pagerank");
  if (!ParseCentrality(by, &out->by)) {
    return Status::InvalidArgument("--by: expected degree or pagerank, got '" + by + "'");
  }
  s = IntArg(args, "limit", 10, 1, 100000, &out->limit);
  if (!s.ok()) return s;
  return FilterFromArgs(args, &out->filter);
}

Status ParseComponentsArgs(const ParsedArgs& args, ComponentsArgs* out) {
  Status s = Positionals(args, 0, 1, "at most NAME");
  if (!s.ok()) return s;
  if (!args.positionals().empty()) out->name = args.positionals()[0];
  s = IntArg(args, "limit", 10, 0, 100000, &out->limit);
  if (!s.ok()) return s;
  return FilterFromArgs(args, &out->filter);
}

Status ParsePathsArgs(const ParsedArgs& args, PathsArgs* out) {
  Status s = Positionals(args, 2, 2, "FROM and TO");
  if (!s.ok()) return s;
  out->from = args.positionals()[0];
  out->to = args.positionals()[1];
  s = IntArg(args, "max-depth", 6, 1, 12, &out->max_depth);
  if (!s.ok()) return s;
  s = IntArg(args, "limit", 10, 1, 1000, &out->limit);
  if (!s.ok()) return s;
  return FilterFromArgs(args, &out->filter);
}

Status ParseEgoArgs(const ParsedArgs& args, EgoArgs* out) {
  Status s = Positionals(args, 1, 1, "NAME");
  if (!s.ok()) return s;
  out->name = args.positionals()[0];
  s = IntArg(args, "depth", 1, 1, 6, &out->depth);
  if (!s.ok()) return s;
  s = IntArg(args, "limit", 100, 1, 100000, &out->max_nodes);
  if (!s.ok()) return s;
  s = IntArg(args, "max-edges", 1000, 0, 1000000, &out->max_edges);
  if (!s.ok()) return s;
  return FilterFromArgs(args, &out->filter);
}

int RunTop(const Invocation& invocation) {
  TopArgs args;
  Status parsed = ParseTopArgs(invocation.args, &args);
  if (!parsed.ok()) return UsageError(invocation.command, parsed.message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;
  Result<std::vector<RankedEntity>> rows = TopEntities(*store, args.by, args.limit, args.filter);
  if (!rows.ok()) return Fail(invocation, rows.status().ToString());
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(TopJson(args.by, *rows), std::cout);
    return kExitOk;
  }
  Table table({"rank", "name", "type", "degree", "pagerank"});
  size_t rank = 0;
  for (const RankedEntity& row : *rows) {
    table.AddRow({std::to_string(++rank), row.entity.name,
                  std::string(EntityTypeName(row.entity.type)), std::to_string(row.degree),
                  Percent(row.pagerank)});
  }
  table.Print(std::cout);
  return kExitOk;
}

int RunComponents(const Invocation& invocation) {
  ComponentsArgs args;
  Status parsed = ParseComponentsArgs(invocation.args, &args);
  if (!parsed.ok()) return UsageError(invocation.command, parsed.message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;
  Result<ComponentsAnswer> answer = Components(*store, args.name, args.limit, args.filter);
  if (!answer.ok()) return FailQuery(invocation, *store, args.name, answer.status());
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(ComponentsJson(*answer), std::cout);
    return kExitOk;
  }
  std::cout << answer->count << " component(s) over " << answer->nodes << " entities and "
            << answer->edges << " triples\n";
  if (answer->entity) {
    const EntityComponent& where = *answer->entity;
    std::cout << where.entity.name << ": "
              << (where.rank == 0 ? std::string("no accepted triple (alone)")
                                  : "component " + std::to_string(where.rank) + " (" +
                                        std::to_string(where.size) + " entities)")
              << '\n';
  }
  if (answer->largest.empty()) return kExitOk;
  std::cout << '\n';
  Table table({"component", "entities", "triples", "best connected"});
  for (const ComponentSummary& c : answer->largest) {
    std::string hubs;
    for (const EntityRef& hub : c.hubs) hubs += (hubs.empty() ? "" : ", ") + hub.name;
    table.AddRow({std::to_string(c.rank), std::to_string(c.size), std::to_string(c.edges), hubs});
  }
  table.Print(std::cout);
  return kExitOk;
}

int RunPaths(const Invocation& invocation) {
  PathsArgs args;
  Status parsed = ParsePathsArgs(invocation.args, &args);
  if (!parsed.ok()) return UsageError(invocation.command, parsed.message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;
  Result<PathsAnswer> answer =
      AllShortestPaths(*store, args.from, args.to, args.max_depth, args.limit, args.filter);
  if (!answer.ok()) {
    if (answer.status().code() == Status::Code::kInvalidArgument) {
      return Fail(invocation, answer.status().message());  // The same entity twice.
    }
    const std::string& unknown = store->FindEntity(args.from).ok() ? args.to : args.from;
    return FailLookup(invocation, *store, unknown, answer.status());
  }
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(PathsJson(*answer), std::cout);
    return kExitOk;
  }
  std::cout << answer->total << " shortest path(s) of " << answer->length << " step(s)";
  if (answer->paths.size() < answer->total) {
    std::cout << ", the first " << answer->paths.size() << " shown";
  }
  std::cout << '\n';
  size_t index = 0;
  for (const std::vector<PathStep>& path : answer->paths) {
    std::cout << "\nPath " << ++index << ":\n";
    size_t step_index = 0;
    for (const PathStep& step : path) PrintStep(++step_index, step, std::cout);
  }
  return kExitOk;
}

int RunEgo(const Invocation& invocation) {
  EgoArgs args;
  Status parsed = ParseEgoArgs(invocation.args, &args);
  if (!parsed.ok()) return UsageError(invocation.command, parsed.message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;
  Result<EgoAnswer> answer =
      EgoNetwork(*store, args.name, args.depth, args.max_nodes, args.max_edges, args.filter);
  if (!answer.ok()) return FailQuery(invocation, *store, args.name, answer.status());
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(EgoJson(*answer), std::cout);
    return kExitOk;
  }
  std::cout << answer->center.name << " (" << EntityTypeName(answer->center.type) << "), depth "
            << answer->depth << ": " << answer->nodes.size() << " entities, "
            << answer->edges.size() << " triples"
            << (answer->truncated ? " (cut by --limit or --max-edges)" : "") << "\n\n";
  Table nodes({"depth", "name", "type", "degree"});
  for (const EgoNode& node : answer->nodes) {
    nodes.AddRow({std::to_string(node.depth), node.entity.name,
                  std::string(EntityTypeName(node.entity.type)), std::to_string(node.degree)});
  }
  nodes.Print(std::cout);
  if (answer->edges.empty()) return kExitOk;
  std::cout << '\n';
  Table edges({"subject", "relation", "object", "date", "doc", "evidence"});
  for (const EgoEdge& edge : answer->edges) {
    edges.AddRow({edge.subject.name,
                  (edge.negated ? "not " : "") + std::string(RelationName(edge.relation)),
                  edge.object.name, DateText(edge.date), edge.doc, edge.evidence});
  }
  edges.Print(std::cout);
  return kExitOk;
}

}  // namespace geokg::cli
