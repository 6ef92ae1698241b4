// geokg neighbors, path, timeline, entities, show, stats: read-only queries.
#include <iostream>
#include <limits>

#include "atomic_file.h"
#include "commands.h"
#include "geokg/query.h"
#include "json_answers.h"

namespace geokg::cli {
namespace {

std::string RelationText(Relation relation, bool negated) {
  return (negated ? "not " : "") + std::string(RelationName(relation));
}

// Requires exactly `count` positionals named by `what`; prints the usage
// error otherwise.
bool ExpectPositionals(const Invocation& invocation, size_t count, std::string_view what,
                       int* exit_code) {
  size_t given = invocation.args.positionals().size();
  if (given == count) return true;
  *exit_code = UsageError(invocation.command, given < count ? "missing " + std::string(what)
                                                            : "too many arguments (expected " +
                                                                  std::string(what) + ")");
  return false;
}

}  // namespace

int RunNeighbors(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 1, "NAME", &code)) return code;
  const std::string& name = invocation.args.positionals()[0];
  TripleFilter filter;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  Result<int> depth = ParseIntFlag("depth", invocation.args.Get("depth", "1"), 1, 6);
  if (!depth.ok()) return UsageError(invocation.command, depth.status().message());
  Direction direction = Direction::kBoth;
  std::string direction_text = invocation.args.Get("direction", "both");
  if (!ParseDirection(direction_text, &direction)) {
    return UsageError(invocation.command,
                      "--direction: expected out, in or both, got '" + direction_text + "'");
  }
  Result<int> limit = ParseIntFlag("limit", invocation.args.Get("limit", "100"), 0,
                                   std::numeric_limits<int>::max());
  if (!limit.ok()) return UsageError(invocation.command, limit.status().message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  Result<NeighborsAnswer> answer =
      Neighbors(*store, name, *depth, direction, filter, static_cast<size_t>(*limit));
  if (!answer.ok()) return FailLookup(invocation, *store, name, answer.status());

  if (invocation.format == OutputFormat::kJson) {
    PrintJson(NeighborsJson(*answer), std::cout);
    return kExitOk;
  }
  std::cout << answer->entity.name << " (" << EntityTypeName(answer->entity.type)
            << "): " << answer->rows.size() << " edge(s)"
            << (answer->truncated
                    ? ", the first " + std::to_string(*limit) + " of more (--limit 0 shows all)"
                    : "")
            << "\n\n";
  if (answer->rows.empty()) return kExitOk;
  Table table({"depth", "subject", "relation", "object", "date", "doc", "evidence"});
  for (const NeighborRow& row : answer->rows) {
    const EntityRef& subject = row.outgoing ? row.from : row.neighbor;
    const EntityRef& object = row.outgoing ? row.neighbor : row.from;
    table.AddRow({std::to_string(row.depth), subject.name, RelationText(row.relation, row.negated),
                  object.name, DateText(row.date), row.doc, row.evidence});
  }
  table.Print(std::cout);
  return kExitOk;
}

int RunPath(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 2, "FROM and TO", &code)) return code;
  const std::string& from = invocation.args.positionals()[0];
  const std::string& to = invocation.args.positionals()[1];
  TripleFilter filter;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  Result<int> max_depth = ParseIntFlag("max-depth", invocation.args.Get("max-depth", "6"), 1, 12);
  if (!max_depth.ok()) return UsageError(invocation.command, max_depth.status().message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  Result<std::vector<PathStep>> path = ShortestPath(*store, from, to, *max_depth, filter);
  if (!path.ok()) {
    // Name the unknown endpoint, if one is; otherwise there is no path.
    const std::string& unknown = store->FindEntity(from).ok() ? to : from;
    return FailLookup(invocation, *store, unknown, path.status());
  }
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(PathJson(*path), std::cout);
    return kExitOk;
  }
  std::cout << path->size() << " step(s)\n";
  int index = 0;
  for (const PathStep& step : *path) {
    std::string relation(RelationName(step.relation));
    std::cout << '\n'
              << ++index << ". " << step.from.name
              << (step.forward ? " -" + relation + "-> " : " <-" + relation + "- ") << step.to.name
              << "  (" << DateText(step.date) << ", " << step.doc << ")\n"
              << "   " << Clip(step.evidence, 300) << '\n';
  }
  return kExitOk;
}

int RunTimeline(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 1, "ACTOR", &code)) return code;
  const std::string& actor = invocation.args.positionals()[0];
  TripleFilter filter;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  Period period = Period::kMonth;
  std::string period_text = invocation.args.Get("by", "month");
  if (!ParsePeriod(period_text, &period)) {
    return UsageError(invocation.command,
                      "--by: expected day, month or year, got '" + period_text + "'");
  }
  std::string toward = invocation.args.Get("toward");
  Result<int> limit = ParseIntFlag("limit", invocation.args.Get("limit", "100"), 0,
                                   std::numeric_limits<int>::max());
  if (!limit.ok()) return UsageError(invocation.command, limit.status().message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  Result<TimelineAnswer> answer =
      Timeline(*store, actor, toward, period, filter, static_cast<size_t>(*limit));
  if (!answer.ok()) {
    const std::string& unknown = !toward.empty() && store->FindEntity(actor).ok() ? toward : actor;
    return FailLookup(invocation, *store, unknown, answer.status());
  }
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(TimelineJson(*answer), std::cout);
    return kExitOk;
  }
  if (invocation.format == OutputFormat::kSvg || invocation.format == OutputFormat::kHtml) {
    const bool html = invocation.format == OutputFormat::kHtml;
    const std::string out_path = invocation.args.Get("out", "-");
    if (out_path == "-") {
      Status s = WriteTimelineChart(*answer, period, html, std::cout);
      return s.ok() ? kExitOk : Fail(invocation, s.ToString());
    }
    Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(out_path);
    if (!file.ok()) return Fail(invocation, file.status().message());
    Status s = WriteTimelineChart(*answer, period, html, (*file)->stream());
    if (s.ok()) s = (*file)->Commit();
    if (!s.ok()) return Fail(invocation, s.ToString());
    std::cerr << "geokg timeline: wrote " << answer->events.size() << " event(s) in "
              << answer->periods.size() << " period(s) to " << out_path << '\n';
    return kExitOk;
  }
  if (invocation.args.Has("out")) {
    return UsageError(invocation.command, "--out is for --format svg or html");
  }
  std::cout << answer->actor.name << ": " << answer->total_events << " event(s)"
            << (answer->events.size() < answer->total_events
                    ? ", the first " + std::to_string(answer->events.size()) +
                          " listed (--limit 0 lists all)"
                    : "")
            << "\n\n";
  if (!answer->events.empty()) {
    Table events({"date", "relation", "object", "predicate", "doc", "evidence"});
    for (const TimelineEvent& event : answer->events) {
      events.AddRow({DateText(event.date), RelationText(event.relation, event.negated),
                     event.object.name, event.predicate, event.doc, event.evidence});
    }
    events.Print(std::cout);
    std::cout << '\n';
  }
  if (!answer->periods.empty()) {
    Table periods({"period", "cooperative", "conflictual", "balance"});
    for (const TimelinePeriod& p : answer->periods) {
      periods.AddRow({p.label, std::to_string(p.cooperative), std::to_string(p.conflictual),
                      (p.balance > 0 ? "+" : "") + std::to_string(p.balance)});
    }
    periods.Print(std::cout);
  }
  return kExitOk;
}

int RunEntities(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 0, "no arguments", &code)) return code;
  EntityType type = EntityType::kOther;
  const EntityType* type_filter = nullptr;
  if (invocation.args.Has("type")) {
    std::string name = invocation.args.Get("type");
    if (!ParseEntityType(name, &type)) {
      return UsageError(invocation.command, "--type: unknown entity type '" + name +
                                                "' (PERSON, GPE, ORG, GROUP, OTHER)");
    }
    type_filter = &type;
  }
  Result<int> limit =
      ParseIntFlag("limit", invocation.args.Get("limit", "0"), 0, std::numeric_limits<int>::max());
  if (!limit.ok()) return UsageError(invocation.command, limit.status().message());
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  Result<std::vector<EntitySummary>> entities =
      ListEntities(*store, type_filter, invocation.args.Get("match"));
  if (!entities.ok()) return Fail(invocation, entities.status().ToString());
  if (*limit > 0 && entities->size() > static_cast<size_t>(*limit)) entities->resize(*limit);

  if (invocation.format == OutputFormat::kJson) {
    PrintJson(EntitiesJson(*entities), std::cout);
    return kExitOk;
  }
  Table table({"name", "type", "degree", "aliases"});
  for (const EntitySummary& entity : *entities) {
    std::string aliases;
    for (const std::string& alias : entity.aliases)
      aliases += (aliases.empty() ? "" : ", ") + alias;
    table.AddRow({entity.entity.name, std::string(EntityTypeName(entity.entity.type)),
                  std::to_string(entity.degree), aliases});
  }
  table.Print(std::cout);
  return kExitOk;
}

int RunShow(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 1, "NAME", &code)) return code;
  const std::string& name = invocation.args.positionals()[0];
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;

  Result<EntityDetails> details = ShowEntity(*store, name);
  if (!details.ok()) return FailLookup(invocation, *store, name, details.status());
  const EntitySummary& summary = details->summary;

  if (invocation.format == OutputFormat::kJson) {
    PrintJson(ShowJson(*details), std::cout);
    return kExitOk;
  }
  std::string aliases;
  for (const std::string& alias : summary.aliases) aliases += (aliases.empty() ? "" : ", ") + alias;
  std::cout << summary.entity.name << '\n'
            << "  type     " << EntityTypeName(summary.entity.type) << '\n'
            << "  aliases  " << (aliases.empty() ? "-" : aliases) << '\n'
            << "  degree   " << summary.degree << "\n\n";
  if (details->roles.empty()) {
    std::cout << "Roles: none recorded\n";
  } else {
    std::cout << "Roles:\n";
    Table roles({"relation", "organisation", "predicate", "first", "last", "source"});
    for (const Role& role : details->roles) {
      roles.AddRow({std::string(RelationName(role.relation)), role.organisation, role.predicate,
                    DateText(role.first), DateText(role.last), role.doc});
    }
    roles.Print(std::cout);
  }
  if (!details->members.empty()) {
    std::cout << "\nRepresentatives and members:\n";
    Table members({"name", "type"});
    for (const EntityRef& member : details->members) {
      members.AddRow({member.name, std::string(EntityTypeName(member.type))});
    }
    members.Print(std::cout);
  }
  return kExitOk;
}

int RunStats(const Invocation& invocation) {
  int code = kExitOk;
  if (!ExpectPositionals(invocation, 0, "no arguments", &code)) return code;
  TripleFilter filter;
  if (!FilterFromFlags(invocation, &filter, &code)) return code;
  ExportOptions scope;
  if (!ScopeFromFlags(invocation, &scope, &code)) return code;
  const bool selected = !scope.around.empty() || filter.since.known() || filter.until.known() ||
                        !filter.relations.empty() || !filter.entity_types.empty();
  std::unique_ptr<Store> store = OpenForReading(invocation);
  if (!store) return kExitError;
  StoreStats stats;
  if (selected) {
    // The graph an export with the same flags writes.
    Result<GraphCounts> counts = CountGraph(*store, filter, scope);
    if (!counts.ok()) {
      if (counts.status().IsNotFound() && !scope.around.empty()) {
        return FailLookup(invocation, *store, scope.around, counts.status());
      }
      return Fail(invocation, counts.status().ToString());
    }
    stats.entities = counts->nodes;
    stats.triples = counts->edges;
    stats.articles = counts->articles;
  } else {
    Result<StoreStats> all = store->Stats();
    if (!all.ok()) return Fail(invocation, all.status().ToString());
    stats = *all;
  }
  if (invocation.format == OutputFormat::kJson) {
    PrintJson(StatsJson(stats), std::cout);
    return kExitOk;
  }
  Table table({selected ? "selected" : "stored", "count"});
  table.AddRow({"entities", std::to_string(stats.entities)});
  table.AddRow({"triples", std::to_string(stats.triples)});
  table.AddRow({"articles", std::to_string(stats.articles)});
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace geokg::cli
