// geokg serve: the query commands over HTTP (cpp-httplib), answering with
// the JSON documents of their --format json (json_answers.h).
//
// The store is opened read-only, which shares the database with a writer
// but sees it as of the open: the server fingerprints the database files
// (names, sizes, times) at most once a second and reopens the store when
// they changed, while the other requests are answered from the store as it
// was. Requests in flight keep the store they started with.
//
// Query parameters become the command's own arguments (ParsedArgs through
// the command's FlagSpecs), so a parameter the command does not know is a
// 400 just as an unknown option is a usage error.
//
// SIGINT and SIGTERM are blocked in every thread and taken by one waiting
// thread, which stops the server; RunServe then returns normally.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "algorithm_commands.h"
#include "commands.h"
#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "json_answers.h"

namespace geokg::cli {
namespace {

constexpr int kDefaultPort = 7474;
constexpr int kDefaultThreads = 8;
constexpr auto kRecheckInterval = std::chrono::seconds(1);
// The store's read cache (docs/storage.md, "Read cache"): repeated
// questions are answered without RocksDB reads.
constexpr size_t kReadCacheBytes = size_t{64} << 20;

// ------------------------------------------------------------ The store

// The read-only store, reopened when the database files change.
class StoreHolder {
 public:
  explicit StoreHolder(std::string dir) : dir_(std::move(dir)) {}

  Status Open() {
    std::lock_guard<std::mutex> reopen(reopen_mutex_);
    return Reopen();
  }

  // The current store (never null after a successful Open). At most once a
  // second one caller compares the database files and, when they changed,
  // opens the store again; meanwhile the others get the store as it is.
  std::shared_ptr<const Store> Get() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      if (now - checked_ < kRecheckInterval) return store_;
      checked_ = now;
    }
    std::unique_lock<std::mutex> reopen(reopen_mutex_, std::try_to_lock);
    if (reopen.owns_lock() && Fingerprint() != fingerprint_) {
      Status status = Reopen();
      if (!status.ok()) {
        std::cerr << "geokg serve: cannot reopen '" << dir_ << "' (answering from the store "
                  << "opened before): " << status.ToString() << '\n';
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return store_;
  }

  uint64_t reopens() const { return reopens_; }

 private:
  // Requires reopen_mutex_. On failure the previous store stays.
  Status Reopen() {
    const std::string fingerprint = Fingerprint();
    StoreOptions options;
    options.create_if_missing = false;
    options.read_only = true;
    options.read_cache_bytes = kReadCacheBytes;
    Result<std::unique_ptr<Store>> opened = Store::Open(dir_, options);
    if (!opened.ok()) return opened.status();
    std::shared_ptr<Store> store = std::move(opened).value();
    // Warm the snapshot now rather than on the first global query.
    Result<std::shared_ptr<const GraphSnapshot>> snapshot = store->Snapshot();
    if (!snapshot.ok()) return snapshot.status();
    fingerprint_ = fingerprint;
    std::lock_guard<std::mutex> lock(mutex_);
    store_ = std::move(store);
    checked_ = std::chrono::steady_clock::now();
    ++reopens_;
    return Status::Ok();
  }

  // Names, sizes and modification times of the database files, except the
  // info logs and the lock, which readers touch too.
  std::string Fingerprint() const {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind("LOG", 0) == 0 || name == "LOCK") continue;
      std::error_code size_ec, time_ec;
      const auto size = entry.file_size(size_ec);
      const auto time = entry.last_write_time(time_ec);
      files[name] = std::to_string(size_ec ? 0 : size) + "@" +
                    std::to_string(time_ec ? 0 : time.time_since_epoch().count());
    }
    std::string fingerprint;
    for (const auto& [name, stamp] : files) fingerprint += name + "=" + stamp + ";";
    return fingerprint;
  }

  const std::string dir_;
  std::mutex reopen_mutex_;  // Held by the one caller checking or reopening.
  std::string fingerprint_;  // Guarded by reopen_mutex_.
  std::mutex mutex_;         // Guards store_ and checked_.
  std::shared_ptr<const Store> store_;
  std::chrono::steady_clock::time_point checked_;
  std::atomic<uint64_t> reopens_{0};
};

// -------------------------------------------------------------- Answers

// An HTTP status and the JSON body.
struct Reply {
  int status = 200;
  Json body;
};

Reply ErrorReply(const Status& status) {
  int code = 500;
  if (status.code() == Status::Code::kInvalidArgument) code = 400;
  if (status.code() == Status::Code::kNotFound) code = 404;
  return {code, {{"error", status.message().empty() ? status.ToString() : status.message()}}};
}

// Each mirrors the command's Run function (query_commands.cc,
// algorithm_commands.cc): same defaults, same ranges, same JSON.

Reply NeighborsReply(const Store& store, const ParsedArgs& args) {
  TripleFilter filter;
  int depth = 1;
  int limit = 100;
  Status s = FilterFromArgs(args, &filter);
  if (s.ok()) s = IntArg(args, "depth", 1, 1, 6, &depth);
  if (s.ok()) s = IntArg(args, "limit", 100, 0, std::numeric_limits<int>::max(), &limit);
  Direction direction = Direction::kBoth;
  const std::string direction_text = args.Get("direction", "both");
  if (s.ok() && !ParseDirection(direction_text, &direction)) {
    s = Status::InvalidArgument("--direction: expected out, in or both, got '" + direction_text +
                                "'");
  }
  if (!s.ok()) return ErrorReply(s);
  Result<NeighborsAnswer> answer =
      Neighbors(store, args.positionals()[0], depth, direction, filter, static_cast<size_t>(limit));
  if (!answer.ok()) return ErrorReply(answer.status());
  return {200, NeighborsJson(*answer)};
}

Reply PathReply(const Store& store, const ParsedArgs& args) {
  TripleFilter filter;
  int max_depth = 6;
  Status s = FilterFromArgs(args, &filter);
  if (s.ok()) s = IntArg(args, "max-depth", 6, 1, 12, &max_depth);
  if (!s.ok()) return ErrorReply(s);
  Result<std::vector<PathStep>> path =
      ShortestPath(store, args.positionals()[0], args.positionals()[1], max_depth, filter);
  if (!path.ok()) return ErrorReply(path.status());
  return {200, PathJson(*path)};
}

Reply TimelineReply(const Store& store, const ParsedArgs& args) {
  TripleFilter filter;
  int limit = 100;
  Status s = FilterFromArgs(args, &filter);
  if (s.ok()) s = IntArg(args, "limit", 100, 0, std::numeric_limits<int>::max(), &limit);
  Period period = Period::kMonth;
  const std::string period_text = args.Get("by", "month");
  if (s.ok() && !ParsePeriod(period_text, &period)) {
    s = Status::InvalidArgument("--by: expected day, month or year, got '" + period_text + "'");
  }
  if (!s.ok()) return ErrorReply(s);
  Result<TimelineAnswer> answer = Timeline(store, args.positionals()[0], args.Get("toward"), period,
                                           filter, static_cast<size_t>(limit));
  if (!answer.ok()) return ErrorReply(answer.status());
  return {200, TimelineJson(*answer)};
}

Reply EntitiesReply(const Store& store, const ParsedArgs& args) {
  EntityType type = EntityType::kOther;
  const EntityType* type_filter = nullptr;
  if (args.Has("type")) {
    const std::string name = args.Get("type");
    if (!ParseEntityType(name, &type)) {
      return ErrorReply(Status::InvalidArgument("--type: unknown entity type '" + name +
                                                "' (PERSON, GPE, ORG, GROUP, OTHER)"));
    }
    type_filter = &type;
  }
  int limit = 0;
  Status s = IntArg(args, "limit", 0, 0, std::numeric_limits<int>::max(), &limit);
  if (!s.ok()) return ErrorReply(s);
  Result<std::vector<EntitySummary>> entities = ListEntities(store, type_filter, args.Get("match"));
  if (!entities.ok()) return ErrorReply(entities.status());
  if (limit > 0 && entities->size() > static_cast<size_t>(limit)) entities->resize(limit);
  return {200, EntitiesJson(*entities)};
}

Reply ShowReply(const Store& store, const ParsedArgs& args) {
  Result<EntityDetails> details = ShowEntity(store, args.positionals()[0]);
  if (!details.ok()) return ErrorReply(details.status());
  return {200, ShowJson(*details)};
}

Reply StatsReply(const Store& store, const ParsedArgs&) {
  Result<StoreStats> stats = store.Stats();
  if (!stats.ok()) return ErrorReply(stats.status());
  return {200, StatsJson(*stats)};
}

Reply TopReply(const Store& store, const ParsedArgs& args) {
  TopArgs a;
  Status s = ParseTopArgs(args, &a);
  if (!s.ok()) return ErrorReply(s);
  Result<std::vector<RankedEntity>> rows = TopEntities(store, a.by, a.limit, a.filter);
  if (!rows.ok()) return ErrorReply(rows.status());
  return {200, TopJson(a.by, *rows)};
}

Reply ComponentsReply(const Store& store, const ParsedArgs& args) {
  ComponentsArgs a;
  Status s = ParseComponentsArgs(args, &a);
  if (!s.ok()) return ErrorReply(s);
  Result<ComponentsAnswer> answer = Components(store, a.name, a.limit, a.filter);
  if (!answer.ok()) return ErrorReply(answer.status());
  return {200, ComponentsJson(*answer)};
}

Reply PathsReply(const Store& store, const ParsedArgs& args) {
  PathsArgs a;
  Status s = ParsePathsArgs(args, &a);
  if (!s.ok()) return ErrorReply(s);
  Result<PathsAnswer> answer =
      AllShortestPaths(store, a.from, a.to, a.max_depth, a.limit, a.filter);
  if (!answer.ok()) return ErrorReply(answer.status());
  return {200, PathsJson(*answer)};
}

Reply EgoReply(const Store& store, const ParsedArgs& args) {
  EgoArgs a;
  Status s = ParseEgoArgs(args, &a);
  if (!s.ok()) return ErrorReply(s);
  Result<EgoAnswer> answer = EgoNetwork(store, a.name, a.depth, a.max_nodes, a.max_edges, a.filter);
  if (!answer.ok()) return ErrorReply(answer.status());
  return {200, EgoJson(*answer)};
}

struct Endpoint {
  const char* path;                      // "/neighbors".
  const char* command;                   // Whose flags the parameters are.
  std::vector<const char*> positionals;  // Parameter names of the positionals, in order.
  size_t required;                       // How many of them must be given.
  Reply (*reply)(const Store& store, const ParsedArgs& args);
};

const std::vector<Endpoint>& Endpoints() {
  static const auto* endpoints = new std::vector<Endpoint>{
      {"/neighbors", "neighbors", {"name"}, 1, NeighborsReply},
      {"/path", "path", {"from", "to"}, 2, PathReply},
      {"/timeline", "timeline", {"actor"}, 1, TimelineReply},
      {"/entities", "entities", {}, 0, EntitiesReply},
      {"/show", "show", {"name"}, 1, ShowReply},
      {"/stats", "stats", {}, 0, StatsReply},
      {"/top", "top", {}, 0, TopReply},
      {"/components", "components", {"name"}, 0, ComponentsReply},
      {"/paths", "paths", {"from", "to"}, 2, PathsReply},
      {"/ego", "ego", {"name"}, 1, EgoReply},
  };
  return *endpoints;
}

const Command* FindCommand(std::string_view name) {
  for (const Command& command : AllCommands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

// The query parameters as the command's arguments.
Result<ParsedArgs> ArgsOf(const Endpoint& endpoint, const httplib::Request& request) {
  const Command* command = FindCommand(endpoint.command);
  if (command == nullptr) return Status::IOError("no command " + std::string(endpoint.command));
  std::vector<std::string> flags;
  std::vector<std::string> positionals;
  for (const char* name : endpoint.positionals) {
    const size_t count = request.get_param_value_count(name);
    if (count > 1) {
      return Status::InvalidArgument("parameter '" + std::string(name) + "' given " +
                                     std::to_string(count) + " times");
    }
    if (count == 0) {
      if (positionals.size() < endpoint.required) {
        return Status::InvalidArgument("missing parameter '" + std::string(name) + "'");
      }
      break;
    }
    positionals.push_back(request.get_param_value(name));
  }
  for (const auto& [key, value] : request.params) {
    bool positional = false;
    for (const char* name : endpoint.positionals) positional = positional || key == name;
    if (positional) continue;
    // Only the command's own flags: --db, --format and --help are not parameters.
    bool known = false;
    for (const FlagSpec& spec : command->flags) known = known || spec.name == key;
    if (!known) return Status::InvalidArgument("unknown parameter '" + key + "'");
    flags.push_back("--" + key + "=" + value);
  }
  flags.push_back("--");
  for (std::string& p : positionals) flags.push_back(std::move(p));
  Result<ParsedArgs> parsed = ArgParser(command->flags).Parse(flags);
  if (!parsed.ok()) return Status::InvalidArgument(parsed.status().message());
  return parsed;
}

void Send(httplib::Response& response, const Reply& reply, int64_t micros) {
  response.status = reply.status;
  response.set_header("X-Geokg-Micros", std::to_string(micros));
  // Byte for byte what PrintJson writes for the command's --format json.
  response.set_content(reply.body.dump(2, ' ', false, Json::error_handler_t::replace) + "\n",
                       "application/json");
}

int64_t MicrosSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace

int RunServe(const Invocation& invocation) {
  if (!invocation.args.positionals().empty()) {
    return UsageError(invocation.command, "too many arguments (expected none)");
  }
  const std::string host = invocation.args.Get("host", "127.0.0.1");
  Result<int> port =
      ParseIntFlag("port", invocation.args.Get("port", std::to_string(kDefaultPort)), 0, 65535);
  if (!port.ok()) return UsageError(invocation.command, port.status().message());
  Result<int> threads = ParseIntFlag(
      "threads", invocation.args.Get("threads", std::to_string(kDefaultThreads)), 1, 256);
  if (!threads.ok()) return UsageError(invocation.command, threads.status().message());

  // Block the stop signals before any thread starts (RocksDB starts its own
  // at open), so that every thread inherits the mask and only the waiter
  // below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigset_t previous_mask;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous_mask);
  // A client that hangs up must not kill the server with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);

  std::error_code ec;
  if (!std::filesystem::is_directory(invocation.db, ec)) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    return Fail(invocation, "no database at '" + invocation.db +
                                "' (create one with 'geokg ingest', or pass --db DIR)");
  }
  auto holder = std::make_shared<StoreHolder>(invocation.db);
  Status opened = holder->Open();
  if (!opened.ok()) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    return Fail(invocation, "cannot open database '" + invocation.db + "': " + opened.ToString());
  }

  httplib::Server server;
  // An answer goes out in several writes (headers, then body). With Nagle's
  // algorithm on, a client that keeps its connection open and delays its
  // ACKs (Python's http.client, browsers) waited about 40 ms for each
  // answer after the first.
  server.set_tcp_nodelay(true);
  const int worker_threads = *threads;
  server.new_task_queue = [worker_threads] { return new httplib::ThreadPool(worker_threads); };
  for (const Endpoint& endpoint : Endpoints()) {
    const Endpoint* e = &endpoint;
    server.Get(endpoint.path,
               [holder, e](const httplib::Request& request, httplib::Response& response) {
                 const auto start = std::chrono::steady_clock::now();
                 Reply reply;
                 try {
                   std::shared_ptr<const Store> store = holder->Get();
                   Result<ParsedArgs> args = ArgsOf(*e, request);
                   reply = args.ok() ? e->reply(*store, *args) : ErrorReply(args.status());
                 } catch (const std::exception& ex) {
                   reply = {500, {{"error", std::string("internal error: ") + ex.what()}}};
                 }
                 Send(response, reply, MicrosSince(start));
               });
  }
  server.Get("/health", [holder](const httplib::Request&, httplib::Response& response) {
    const auto start = std::chrono::steady_clock::now();
    Reply reply;
    try {
      std::shared_ptr<const Store> store = holder->Get();
      Result<StoreStats> stats = store->Stats();
      reply = stats.ok() ? Reply{200,
                                 {{"status", "ok"},
                                  {"entities", stats->entities},
                                  {"triples", stats->triples},
                                  {"articles", stats->articles},
                                  {"reopens", holder->reopens()}}}
                         : ErrorReply(stats.status());
    } catch (const std::exception& ex) {
      reply = {500, {{"error", std::string("internal error: ") + ex.what()}}};
    }
    Send(response, reply, MicrosSince(start));
  });
  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    const std::string message =
        response.status == 404 ? "no endpoint " + request.path : "HTTP error";
    Send(response, {response.status, {{"error", message}}}, 0);
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        Send(response, {500, {{"error", "internal error: " + what}}}, 0);
      });

  int bound = -1;
  try {
    if (*port == 0) {
      bound = server.bind_to_any_port(host);
    } else if (server.bind_to_port(host, *port)) {
      bound = *port;
    }
  } catch (const std::exception&) {
    bound = -1;
  }
  if (bound <= 0) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
    return Fail(invocation, "cannot listen on " + host + ":" + std::to_string(*port));
  }

  // The waiter: the first SIGINT or SIGTERM stops the server.
  std::atomic<bool> stopping{false};
  std::thread waiter([&server, &stop_signals, &stopping] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    stopping = true;
    server.stop();
  });
  std::cout << "geokg serve: listening on http://" << host << ":" << bound << std::endl;
  bool listened = false;
  try {
    listened = server.listen_after_bind();
  } catch (const std::exception& e) {
    std::cerr << "geokg serve: " << e.what() << '\n';
  }
  if (!stopping) pthread_kill(waiter.native_handle(), SIGTERM);  // Wake the waiter.
  waiter.join();
  pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  if (!listened && !stopping) return Fail(invocation, "the server stopped unexpectedly");
  std::cerr << "geokg serve: stopped\n";
  return kExitOk;
}

}  // namespace geokg::cli
