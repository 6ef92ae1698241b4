#include "commands.h"

#include <filesystem>
#include <iostream>
#include <system_error>

#include "algorithm_commands.h"
#include "geokg/query.h"

namespace geokg::cli {

namespace {

constexpr std::string_view kIngestHelp =
    R"(Usage: geokg ingest [--db DIR] [--format table|json] [--no-parse] [--threads N] PATH...
       geokg ingest --records [--db DIR] [--format table|json] [--threads N] FILE...

Reads articles, extracts entities and dated triples, and stores them.
PATH is a .txt file (one article), a .jsonl feed (one article per line:
{"id","date","title","text"}), a folder (its .txt and .jsonl files,
recursively, in sorted order) or "-" for stdin.

Bad input (missing, binary, invalid UTF-8 or empty files, malformed feed
lines) is reported on stderr as "geokg ingest: FILE[:LINE]: REASON" and
skipped; the rest is ingested. Re-ingesting an article with the same id and
text changes nothing; with changed text it replaces the article's triples.
On a terminal, a progress line is kept up to date on stderr.

With --records, stores extraction records made elsewhere instead of
extracting: FILE (or "-" for stdin) holds the JSON Lines of 'geokg extract
--format jsonl' or of bench/make_corpus.py records. New articles are
written in large sorted files that the database takes in whole (bulk
loading). A bad line is reported as "FILE:LINE: REASON" and skipped; the
rest of its article and the other articles are stored.

Options:
  --db DIR          database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT   summary as "table" (default) or "json"
  --no-parse        skip the dependency parser: surface rules only, about
                    five times faster, fewer and less precise events
  --threads N       extract on N threads (default: the number of cores); the
                    result is the same for any N. With --records: parse
                    files of 16 MiB or more on N more threads when N >= 2
                    (default: the number of cores minus two)
  --records         the PATHs are extraction records files (see above)
  -h, --help        show this help

Exit status: 0 when the input was processed, even if some of it was bad;
1 when no article could be read at all, or the database or the data files
cannot be opened, or an article could not be stored; 2 on a usage error.
)";

constexpr std::string_view kExtractHelp =
    R"(Usage: geokg extract [--format jsonl|table|json] [--no-parse] [--threads N] [PATH...]

Extracts entities and triples without storing them. With no PATH, reads
stdin: JSON Lines when its first non-blank character is "{", else one
plain-text article. Actors learnt in one article resolve short names
("Blinken") in the following articles of the same run.

Formats:
  table   (default) per article: its entities, then its triples
  jsonl   the records of the extraction contract, one JSON object a line
  json    one document: {"articles":[...],"problems":[...]}

Options:
  --format FORMAT   output format (see above)
  --no-parse        skip the dependency parser: surface rules only, about
                    five times faster, fewer and less precise events
  --threads N       extract on N threads (default: the number of cores); the
                    output is the same for any N, in input order
  --db DIR          accepted for uniformity; extract does not open a database
  -h, --help        show this help

Bad articles get a message on stderr and no output. Exit status: 0 when the
input was read, 1 when nothing could be read at all or the data files
cannot be loaded, 2 on a usage error.
)";

constexpr std::string_view kNeighborsHelp = R"(Usage: geokg neighbors NAME [options]

Lists the edges around an entity. NAME is a canonical name or any alias,
in any case ("washington" finds "United States").

Options:
  --depth K             hops to follow, 1-6 (default 1)
  --direction D         out, in or both (default both)
  --limit N             show the first N edges in (depth, date, relation)
                        order (default 100; 0 shows all). At depth 1 only
                        those are read, so a hub answers in milliseconds
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types: PERSON, GPE, ORG,
                        GROUP, OTHER (repeatable)
  --since DATE          only triples dated on or after DATE (YYYY[-MM[-DD]])
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unknown entity or unreadable database, 2 usage error.
)";

constexpr std::string_view kPathHelp = R"(Usage: geokg path FROM TO [options]

Shortest chain of triples linking two entities, ignoring edge direction,
with the evidence sentence of every step.

Options:
  --max-depth K         longest path searched, 1-12 (default 6)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 a path was found, 1 unknown entity or no path within
--max-depth, 2 usage error.
)";

constexpr std::string_view kTimelineHelp = R"(Usage: geokg timeline ACTOR [options]

The actor's events in date order, and per period the count of cooperative
and conflictual events and their balance (negated events count 0).

--format svg draws it: one mark per event, stacked by period and coloured by
PLOVER type (date, object and evidence on hover), over a bar per period of
cooperative minus conflictual events. --format html is the same chart in an
offline page, with the events as a table under it.

Options:
  --toward NAME         only events whose object is NAME
  --by PERIOD           day, month (default) or year
  --limit N             list the first N events (default 100; 0 lists all);
                        the periods always count every event
  --relation R,...      only these relations (repeatable)
  --since DATE          only events dated on or after DATE
  --until DATE          only events dated on or before DATE
  --out FILE            write svg or html to FILE (atomically; default stdout)
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default), json, svg or html
  -h, --help            show this help

Exit status: 0 ok, 1 unknown entity or unwritable output, 2 usage error.
)";

constexpr std::string_view kEntitiesHelp =
    R"(Usage: geokg entities [--type T] [--match TEXT] [--limit N]

Lists stored entities by degree (triples touching them), then name.

Options:
  --type T              only PERSON, GPE, ORG, GROUP or OTHER
  --match TEXT          only names or aliases containing TEXT (any case)
  --limit N             at most N rows (default 0: all)
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unreadable database, 2 usage error.
)";

constexpr std::string_view kShowHelp = R"(Usage: geokg show NAME

An entity's type, aliases, degree, roles over time (what it represents or
is a member of, first and last date, the first article stating it) and its
own representatives and members.

Options:
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unknown entity, 2 usage error.
)";

constexpr std::string_view kStatsHelp =
    R"(Usage: geokg stats [--around NAME [--depth K]] [filters]

Counts of stored entities, triples and articles. With filters or --around,
the counts of the graph `geokg export` writes with the same flags: its
nodes, its edges, and the articles those edges come from.

Options:
  --around NAME         only the entities within --depth steps of NAME
  --depth K             steps from --around (1-10, default 1)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 ok, 1 unreadable database or unknown --around entity, 2 usage
error.
)";

constexpr std::string_view kExportHelp =
    R"(Usage: geokg export [--format F] [--out FILE|DIR] [--around NAME [--depth K]] [filters]

Writes the graph for the tools people open it in (docs/cli.md, "export"):
  graphml  GraphML: Gephi, Cytoscape, yEd, networkx (the default)
  gexf     GEXF 1.3 with each edge's date as its time interval (Gephi's
           timeline plays the graph)
  cyjs     Cytoscape.js JSON (Cytoscape: File > Import > Network from File)
  csv      nodes.csv and relationships.csv in the folder --out DIR, for
           neo4j-admin database import full
  dot      Graphviz (dot -Tsvg, sfdp -Tpng)
  svg      a picture laid out by Boost's force-directed layout
  html     one offline page: pan, zoom, hover evidence, click a node for its
           timeline, search, relation filter
With --around NAME only the ego network of NAME within --depth K steps
(default 1) is written. svg and html stop at --max-edges edges (default
5000): narrow the graph with --around or the filters, or raise the cap. With --out FILE the output goes to a fresh
temporary file beside FILE, renamed to FILE only when complete (a symbolic
link at FILE is replaced, never followed). With no --out or "--out -" it
goes to stdout. The node and edge counts go to stderr.

Options:
  --format F            graphml, gexf, cyjs, csv, dot, svg or html
  --out FILE            output file, "-" for stdout (default: stdout); a
                        folder for csv
  --around NAME         only the entities within --depth steps of NAME
  --depth K             steps from --around (1-10, default 1)
  --max-edges N         svg and html: refuse graphs of more edges (default 5000)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  -h, --help            show this help

Exit status: 0 written, 1 unreadable database, unknown --around entity or
unwritable output, 2 usage error.
)";

constexpr std::string_view kReportHelp =
    R"(Usage: geokg report --out DIR [--around NAME [--depth K]] [--top N] [filters]

Writes DIR/index.html, one offline page: the graph (the view of export
--format html: pan, zoom, hover evidence, click for a timeline, search,
relation filter), the top N actors (default 5) by degree and by PageRank, a
timeline chart of each top actor by degree, and the ten strongest
cooperative and conflictual dyads (pairs by number of events, negated ones
excluded). With --around only that entity's ego network is drawn, ranked by
degree inside it and ordered by PageRank over the whole filtered graph.
The page is written to a temporary file and renamed when complete.

Options:
  --out DIR             folder to write index.html into (created if missing)
  --around NAME         only the entities within --depth steps of NAME
  --depth K             steps from --around (1-10, default 1)
  --top N               actors to rank and chart (1-50, default 5)
  --max-edges N         refuse graphs of more edges (default 5000)
  --relation R,...      only these relations (repeatable)
  --type T,...          only entities of these types (repeatable)
  --since DATE          only triples dated on or after DATE
  --until DATE          only triples dated on or before DATE
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default: one line) or json (what was written)
  -h, --help            show this help

Exit status: 0 written, 1 unreadable database, unknown entity, a graph too
big to draw (over --max-edges) or unwritable folder, 2 usage error.
)";

constexpr std::string_view kCheckHelp = R"(Usage: geokg check [--db DIR] [--format json]

Verifies the database: the checksum of every stored block, the format
version, and the store's invariants (docs/storage.md): every triple has its
out, in and time index entries and no index entry lacks its triple; the
counters and each entity's degree equal what the rows say; every triple
names existing entities and an article. Also checks the graph snapshot file
(graph.csr is rebuilt from the tables when damaged). Reads everything:
seconds per million triples. Read-only: it runs beside an ingest.

Options:
  --db DIR              database folder (default: $GEOKG_DB, else ./geokg.db)
  --format FORMAT       table (default) or json
  -h, --help            show this help

Exit status: 0 healthy, 3 damaged (each problem is named), 1 no database or
held by a writer that blocks reading, 2 usage error.
)";

constexpr std::string_view kParseHelp =
    R"(Usage: geokg parse [--model FILE] [FILE|-]
       geokg parse --eval FILE.conllu [--model FILE] [--format table|json]

Tags and parses English text with the dependency parser (docs/parser.md).
With FILE (or "-" or nothing: stdin), splits the text into sentences and
tokens as the extractor does and prints CoNLL-U: UPOS, XPOS, HEAD and
DEPREL filled in, LEMMA and FEATS "_".

With --eval, parses the gold-tokenised CoNLL-U file and prints UPOS
accuracy, UAS, LAS (every word counts, punctuation included), the token
count and tokens per second (tagging and parsing on one thread, model load
excluded). JSON: {"upos","uas","las","tokens","tokens_per_second"}.

Options:
  --model FILE      parser model (default: models/en_ewt.gkdp in the data
                    folder: $GEOKG_DATA, next to the binary, the source tree)
  --eval FILE       evaluate on a gold CoNLL-U file instead of parsing text
  --format FORMAT   --eval output: table (default) or json
  --beam K          decode with a beam of K states, 1 = greedy [the width
                    the model was trained with]
  -h, --help        show this help

Exit status: 0 ok, 1 unreadable input or model, 2 usage error.
)";

std::vector<FlagSpec> FilterFlags() {
  return {{"since", true, false},
          {"until", true, false},
          {"relation", true, true},
          {"type", true, true}};
}

std::vector<FlagSpec> With(std::vector<FlagSpec> base, std::vector<FlagSpec> more) {
  for (FlagSpec& spec : more) base.push_back(std::move(spec));
  return base;
}

}  // namespace

const std::vector<Command>& AllCommands() {
  static const std::vector<Command> kCommands = {
      {"ingest",
       "extract articles and store them",
       kIngestHelp,
       {{"no-parse", false, false}, {"records", false, false}, {"threads", true, false}},
       {OutputFormat::kTable, OutputFormat::kJson},
       RunIngest},
      {"extract",
       "extract articles and print the records (no storage)",
       kExtractHelp,
       {{"no-parse", false, false}, {"threads", true, false}},
       {OutputFormat::kTable, OutputFormat::kJsonl, OutputFormat::kJson},
       RunExtract},
      {"neighbors",
       "edges around an entity",
       kNeighborsHelp,
       With(FilterFlags(),
            {{"depth", true, false}, {"direction", true, false}, {"limit", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunNeighbors},
      {"path",
       "shortest chain of triples between two entities",
       kPathHelp,
       With(FilterFlags(), {{"max-depth", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunPath},
      {"timeline",
       "an actor's events over time, with their balance",
       kTimelineHelp,
       {{"since", true, false},
        {"until", true, false},
        {"relation", true, true},
        {"toward", true, false},
        {"by", true, false},
        {"limit", true, false},
        {"out", true, false}},
       {OutputFormat::kTable, OutputFormat::kJson, OutputFormat::kSvg, OutputFormat::kHtml},
       RunTimeline},
      {"entities",
       "list stored entities",
       kEntitiesHelp,
       {{"type", true, false}, {"match", true, false}, {"limit", true, false}},
       {OutputFormat::kTable, OutputFormat::kJson},
       RunEntities},
      {"show",
       "one entity: aliases, degree, roles",
       kShowHelp,
       {},
       {OutputFormat::kTable, OutputFormat::kJson},
       RunShow},
      {"stats",
       "counts of entities, triples and articles",
       kStatsHelp,
       With(FilterFlags(), {{"around", true, false}, {"depth", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunStats},
      {"export",
       "write the graph as GraphML, GEXF, Cytoscape JSON, Neo4j CSV, DOT, SVG or HTML",
       kExportHelp,
       With(FilterFlags(), {{"out", true, false},
                            {"around", true, false},
                            {"depth", true, false},
                            {"max-edges", true, false}}),
       {OutputFormat::kGraphml, OutputFormat::kGexf, OutputFormat::kCyjs, OutputFormat::kCsv,
        OutputFormat::kDot, OutputFormat::kSvg, OutputFormat::kHtml},
       RunExport},
      {"report",
       "write an offline HTML report: graph, top actors, timelines, dyads",
       kReportHelp,
       With(FilterFlags(), {{"out", true, false},
                            {"around", true, false},
                            {"depth", true, false},
                            {"top", true, false},
                            {"max-edges", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunReport},
      {"check",
       "verify the database and name what is damaged",
       kCheckHelp,
       {},
       {OutputFormat::kTable, OutputFormat::kJson},
       RunCheck},
      {"parse",
       "tag and parse text to CoNLL-U, or evaluate the parser",
       kParseHelp,
       {{"model", true, false}, {"eval", true, false}, {"beam", true, false}},
       {OutputFormat::kTable, OutputFormat::kJson},
       RunParse},
      {"top",
       "most central entities (degree, PageRank)",
       kTopHelp,
       With(FilterFlags(), {{"by", true, false}, {"limit", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunTop},
      {"components",
       "connected components, and which one holds an entity",
       kComponentsHelp,
       With(FilterFlags(), {{"limit", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunComponents},
      {"paths",
       "every shortest chain of triples between two entities",
       kPathsHelp,
       With(FilterFlags(), {{"max-depth", true, false}, {"limit", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunPaths},
      {"ego",
       "the entities and triples within K steps of an entity",
       kEgoHelp,
       With(FilterFlags(),
            {{"depth", true, false}, {"limit", true, false}, {"max-edges", true, false}}),
       {OutputFormat::kTable, OutputFormat::kJson},
       RunEgo},
      {"serve",
       "answer the queries over HTTP (JSON)",
       kServeHelp,
       {{"host", true, false}, {"port", true, false}, {"threads", true, false}},
       {OutputFormat::kJson},
       RunServe},
  };
  return kCommands;
}

int Fail(const Invocation& invocation, std::string_view message) {
  std::cerr << "geokg " << invocation.command << ": " << message << '\n';
  return kExitError;
}

int UsageError(std::string_view command, std::string_view message) {
  std::cerr << "geokg " << command << ": " << message << '\n'
            << "Try 'geokg " << command << " --help'.\n";
  return kExitUsage;
}

bool ScopeFromFlags(const Invocation& invocation, ExportOptions* options, int* exit_code) {
  options->around = invocation.args.Get("around", "");
  int max_edges = 5000;
  Status s = IntArg(invocation.args, "depth", 1, 1, 10, &options->depth);
  if (s.ok()) s = IntArg(invocation.args, "max-edges", 5000, 1, 1000000, &max_edges);
  if (s.ok() && invocation.args.Has("depth") && options->around.empty()) {
    s = Status::InvalidArgument("--depth needs --around NAME");
  }
  if (!s.ok()) {
    *exit_code = UsageError(invocation.command, s.message());
    return false;
  }
  options->max_drawn_edges = static_cast<uint64_t>(max_edges);
  return true;
}

std::unique_ptr<Store> OpenForReading(const Invocation& invocation) {
  std::error_code ec;
  if (!std::filesystem::is_directory(invocation.db, ec)) {
    Fail(invocation, "no database at '" + invocation.db +
                         "' (create one with 'geokg ingest', or pass --db DIR)");
    return nullptr;
  }
  StoreOptions options;
  options.create_if_missing = false;
  options.read_only = true;
  Result<std::unique_ptr<Store>> store = Store::Open(invocation.db, options);
  if (!store.ok()) {
    Fail(invocation, "cannot open database '" + invocation.db + "': " + store.status().ToString());
    return nullptr;
  }
  return std::move(store).value();
}

Status FilterFromArgs(const ParsedArgs& args, TripleFilter* filter) {
  auto usage = [](const std::string& message) { return Status::InvalidArgument(message); };
  for (const char* flag : {"since", "until"}) {
    if (!args.Has(flag)) continue;
    std::string text = args.Get(flag);
    Result<Date> date = Date::Parse(text);
    if (!date.ok()) {
      return usage("--" + std::string(flag) + ": invalid date '" + text +
                   "' (expected YYYY-MM-DD, YYYY-MM or YYYY)");
    }
    (std::string_view(flag) == "since" ? filter->since : filter->until) = *date;
  }
  if (filter->since.known() && filter->until.known() && filter->until < filter->since) {
    return usage("--until " + filter->until.ToString() + " is before --since " +
                 filter->since.ToString());
  }
  for (const std::string& name : ListFlag(args, "relation")) {
    Relation relation;
    if (!ParseRelation(name, &relation)) {
      return usage("--relation: unknown relation '" + name +
                   "' (represents, member_of, agree, consult, support, concede, cooperate, aid, "
                   "retreat, request, accuse, reject, threaten, protest, sanction, mobilize, "
                   "coerce, assault)");
    }
    filter->relations.push_back(relation);
  }
  for (const std::string& name : ListFlag(args, "type")) {
    EntityType type;
    if (!ParseEntityType(name, &type)) {
      return usage("--type: unknown entity type '" + name + "' (PERSON, GPE, ORG, GROUP, OTHER)");
    }
    filter->entity_types.push_back(type);
  }
  return Status::Ok();
}

bool FilterFromFlags(const Invocation& invocation, TripleFilter* filter, int* exit_code) {
  Status status = FilterFromArgs(invocation.args, filter);
  if (status.ok()) return true;
  *exit_code = UsageError(invocation.command, status.message());
  return false;
}

int FailLookup(const Invocation& invocation, const Store& store, const std::string& name,
               const Status& status) {
  if (!status.IsNotFound() || store.FindEntity(name).ok()) {
    return Fail(invocation, status.message().empty() ? status.ToString() : status.message());
  }
  std::string message = status.message();
  if (message.find("unknown entity") == std::string::npos) {
    message = "unknown entity \"" + name + "\"" + (message.empty() ? "" : ": " + message);
  }
  if (message.find("did you mean") == std::string::npos) {
    std::vector<std::string> suggestions = store.Suggest(name, 3);
    for (size_t i = 0; i < suggestions.size(); ++i) {
      message +=
          (i == 0 ? "; did you mean \"" : (i + 1 == suggestions.size() ? "\" or \"" : "\", \""));
      message += suggestions[i];
      if (i + 1 == suggestions.size()) message += "\"?";
    }
  }
  return Fail(invocation, message);
}

}  // namespace geokg::cli
