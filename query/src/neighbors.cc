// Neighbors: depth 1 is one or two prefix scans on the store; deeper
// neighbourhoods run a level-by-level BFS on the graph snapshot.
//
// filter.entity_types applies to the far end of each edge (the neighbour),
// never to the queried entity. At depth > 1 a neighbour of another type is
// neither reported nor expanded.

#include <algorithm>
#include <functional>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "geokg/query.h"
#include "geokg/snapshot.h"
#include "query_internal.h"

namespace geokg {
namespace {

using query_internal::DateOrder;
using query_internal::TypeAccepted;

// A row plus the triple's identity, which makes the order total.
struct RowWithKey {
  NeighborRow row;
  ArticleId article = 0;
  uint32_t ordinal = 0;
};

using RowKey = std::tuple<int, uint32_t, Relation, const std::string&, const std::string&,
                          ArticleId, uint32_t, bool>;

// Depth, date (unknown last), relation, then names and the triple's identity.
RowKey SortKey(const RowWithKey& r) {
  return RowKey(r.row.depth, DateOrder(r.row.date), r.row.relation, r.row.neighbor.name,
                r.row.from.name, r.article, r.ordinal, r.row.outgoing);
}

bool FollowsOut(Direction direction) { return direction != Direction::kIn; }
bool FollowsIn(Direction direction) { return direction != Direction::kOut; }

Status MakeRow(const StoredTriple& t, const EntityRef& from, const EntityRef& neighbor,
               bool outgoing, int depth, query_internal::DocCache* docs,
               std::vector<RowWithKey>* rows) {
  Result<std::string> doc = docs->Key(t.article);
  if (!doc.ok()) return doc.status();
  RowWithKey keyed;
  NeighborRow& row = keyed.row;
  row.neighbor = neighbor;
  row.from = from;
  row.relation = t.relation;
  row.outgoing = outgoing;
  row.depth = depth;
  row.date = t.date;
  row.predicate = t.predicate;
  row.evidence = t.evidence;
  row.doc = std::move(*doc);
  row.negated = t.negated;
  row.confidence = t.confidence;
  keyed.article = t.article;
  keyed.ordinal = t.ordinal;
  rows->push_back(std::move(keyed));
  return Status::Ok();
}

// One depth-1 candidate edge of the snapshot: 12 bytes, since a hub has
// hundreds of thousands.
struct SnapshotPick {
  uint32_t date_order;
  GraphSnapshot::EdgeId edge;
  Relation relation;
  bool outgoing;
};

// The first `limit` (> 0) depth-1 rows from the warm snapshot: the edges are
// filtered and cut on the snapshot's own columns (date, relation, far type),
// and only the rows kept read their far name and fact row. Same rows and
// order as the index path below.
Status SnapshotDirectNeighbors(const Store& store, const GraphSnapshot& g,
                               const StoredEntity& start, Direction direction,
                               const TripleFilter& filter, size_t limit,
                               std::vector<RowWithKey>* rows, bool* more) {
  if (start.id >= g.node_count()) return Status::Ok();
  std::vector<SnapshotPick> picks;
  const bool typed = !filter.entity_types.empty();
  // Both the outgoing range and the incoming list of a vertex are in
  // (relation, date) runs (snapshot.h). From each relation's run only the
  // rows that can be among the first `limit` by date are taken: the first
  // `limit` accepted known dates and every later one on the same date, and,
  // when fewer than `limit` known dates were accepted, every undated row
  // (which sort after the dated ones, by name). So a hub answers from a few
  // thousand edges, not all of them.
  auto take = [&](auto edge_at, size_t count, bool outgoing) {
    // The first index in [lo, hi) at which `holds` stops holding (it holds
    // on a prefix of the range: runs and dates are sorted).
    auto first_not = [&](size_t lo, size_t hi, auto holds) {
      while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (holds(edge_at(mid))) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    };
    // Whether edge e (of `relation`, on `date`) is a row of the answer.
    auto accepted = [&](GraphSnapshot::EdgeId e, Relation relation, Date date) {
      const EntityId far = outgoing ? g.object(e) : g.subject(e);
      if (!outgoing && direction == Direction::kBoth && far == start.id) return false;
      return filter.Accepts(relation, date) && (!typed || TypeAccepted(filter, g.type(far)));
    };
    for (size_t begin = 0, end = 0; begin < count; begin = end) {
      const Relation relation = g.relation(edge_at(begin));
      end = first_not(begin + 1, count,
                      [&](GraphSnapshot::EdgeId e) { return g.relation(e) == relation; });
      if (!filter.relations.empty() && std::find(filter.relations.begin(), filter.relations.end(),
                                                 relation) == filter.relations.end()) {
        continue;
      }
      // Undated rows come first in a run (date 0), dated ones follow in
      // date order: start at the first date the window lets in.
      const size_t first_dated =
          first_not(begin, end, [&](GraphSnapshot::EdgeId e) { return g.date(e).yyyymmdd == 0; });
      const uint32_t from = std::max<uint32_t>(filter.since.yyyymmdd, 1);
      const size_t start_at = first_not(
          first_dated, end, [&](GraphSnapshot::EdgeId e) { return g.date(e).yyyymmdd < from; });
      size_t kept_known = 0;
      uint32_t last_date = 0;
      for (size_t i = start_at; i < end; ++i) {
        const GraphSnapshot::EdgeId e = edge_at(i);
        const Date date = g.date(e);
        if (filter.until.known() && date.yyyymmdd > filter.until.yyyymmdd) break;
        if (kept_known >= limit && date.yyyymmdd != last_date) {
          *more = true;
          break;
        }
        if (!accepted(e, relation, date)) continue;
        picks.push_back(SnapshotPick{DateOrder(date), e, relation, outgoing});
        ++kept_known;
        last_date = date.yyyymmdd;
      }
      if (kept_known >= limit) {
        if (first_dated > begin) *more = true;
        continue;
      }
      for (size_t i = begin; i < first_dated; ++i) {
        const GraphSnapshot::EdgeId e = edge_at(i);
        if (accepted(e, relation, Date{})) {
          picks.push_back(SnapshotPick{DateOrder(Date{}), e, relation, outgoing});
        }
      }
    }
  };
  if (FollowsOut(direction)) {
    const GraphSnapshot::OutRange out = g.out_edges(start.id);
    const GraphSnapshot::EdgeId first = *out.begin();
    take([first](size_t i) { return static_cast<GraphSnapshot::EdgeId>(first + i); }, out.size(),
         true);
  }
  if (FollowsIn(direction)) {
    const GraphSnapshot::InRange in = g.in_edges(start.id);
    const GraphSnapshot::EdgeId* list = in.begin();
    take([list](size_t i) { return list[i]; }, in.size(), false);
  }
  // Date and relation decide the cut; ties with the last row kept are
  // ordered by name, so they stay until the names are known.
  auto coarse = [](const SnapshotPick& p) { return std::make_tuple(p.date_order, p.relation); };
  auto coarse_less = [&coarse](const SnapshotPick& a, const SnapshotPick& b) {
    return coarse(a) < coarse(b);
  };
  if (picks.size() > limit) {
    std::nth_element(picks.begin(), picks.begin() + (limit - 1), picks.end(), coarse_less);
    const auto cut = coarse(picks[limit - 1]);
    auto tail = std::partition(picks.begin() + limit, picks.end(),
                               [&](const SnapshotPick& p) { return coarse(p) == cut; });
    picks.erase(tail, picks.end());
    *more = true;
  }
  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  struct Named {
    SnapshotPick pick;
    EntityRef far;
  };
  std::vector<Named> named;
  named.reserve(picks.size());
  for (const SnapshotPick& p : picks) {
    Result<EntityRef> far = entities.Ref(p.outgoing ? g.object(p.edge) : g.subject(p.edge));
    if (!far.ok()) return far.status();
    named.push_back(Named{p, std::move(*far)});
  }
  auto key = [&g](const Named& n) {
    return std::make_tuple(n.pick.date_order, n.pick.relation, std::cref(n.far.name),
                           g.article(n.pick.edge), g.ordinal(n.pick.edge), n.pick.outgoing);
  };
  std::sort(named.begin(), named.end(),
            [&key](const Named& a, const Named& b) { return key(a) < key(b); });
  if (named.size() > limit) {
    named.resize(limit);
    *more = true;
  }
  const EntityRef start_ref = query_internal::RefOf(start);
  for (const Named& n : named) {
    Result<StoredTriple> t = store.GetTriple(g.article(n.pick.edge), g.ordinal(n.pick.edge));
    if (!t.ok()) return t.status();
    Status s = MakeRow(*t, start_ref, n.far, n.pick.outgoing, 1, &docs, rows);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// `limit` > 0 reads only enough of each index run to hold the first `limit`
// rows, and sets *more when rows were left out. A warm snapshot answers a
// limited listing without the indexes.
Status DirectNeighbors(const Store& store, const StoredEntity& start, Direction direction,
                       const TripleFilter& filter, size_t limit, std::vector<RowWithKey>* rows,
                       bool* more) {
  const TripleFilter scan_filter = query_internal::WithoutTypes(filter);
  const EntityRef start_ref = query_internal::RefOf(start);
  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);
  if (limit > 0) {
    if (std::shared_ptr<const GraphSnapshot> g = store.LoadedSnapshot()) {
      return SnapshotDirectNeighbors(store, *g, start, direction, filter, limit, rows, more);
    }
    // Pick the first `limit` rows from the index keys and far names, then
    // read only their fact rows.
    struct Pick {
      TripleRef ref;
      bool outgoing;
      EntityRef far;  // Looked up only for the picks near the cut.
    };
    std::vector<Pick> picks;
    const bool typed = !filter.entity_types.empty();
    for (bool outgoing : {true, false}) {
      if (outgoing ? !FollowsOut(direction) : !FollowsIn(direction)) continue;
      Status lookup;
      auto accept = [&](const TripleRef& t) {
        // A self-loop is in both scans; report it once.
        if (!outgoing && direction == Direction::kBoth && t.subject == t.object) return false;
        if (!typed) return true;
        Result<EntityRef> far = entities.Ref(outgoing ? t.object : t.subject);
        if (!far.ok()) {
          lookup = far.status();
          return false;
        }
        return TypeAccepted(filter, far->type);
      };
      std::vector<TripleRef> refs;
      Status s = query_internal::CollectFirstByDate(store, start.id, outgoing, scan_filter, limit,
                                                    accept, &refs, more);
      if (s.ok()) s = lookup;
      if (!s.ok()) return s;
      for (const TripleRef& t : refs) picks.push_back(Pick{t, outgoing, {}});
    }
    // Date and relation decide the cut; the far names (one read each) are
    // needed only to order the picks tied with the last one kept.
    auto coarse = [](const Pick& p) {
      return std::make_tuple(DateOrder(p.ref.date), p.ref.relation);
    };
    std::sort(picks.begin(), picks.end(),
              [&coarse](const Pick& a, const Pick& b) { return coarse(a) < coarse(b); });
    if (picks.size() > limit) {
      const auto cut = coarse(picks[limit - 1]);
      size_t keep = limit;
      while (keep < picks.size() && coarse(picks[keep]) == cut) ++keep;
      picks.resize(keep);
      *more = true;
    }
    for (Pick& p : picks) {
      Result<EntityRef> far = entities.Ref(p.outgoing ? p.ref.object : p.ref.subject);
      if (!far.ok()) return far.status();
      p.far = *far;
    }
    auto key = [](const Pick& p) {
      return std::tie(p.ref.relation, p.far.name, p.ref.article, p.ref.ordinal, p.outgoing);
    };
    std::sort(picks.begin(), picks.end(), [&key](const Pick& a, const Pick& b) {
      if (DateOrder(a.ref.date) != DateOrder(b.ref.date)) {
        return DateOrder(a.ref.date) < DateOrder(b.ref.date);
      }
      return key(a) < key(b);
    });
    if (picks.size() > limit) {
      picks.resize(limit);
      *more = true;
    }
    for (const Pick& p : picks) {
      Result<StoredTriple> t = store.GetTriple(p.ref.article, p.ref.ordinal);
      if (!t.ok()) return t.status();
      Status s = MakeRow(*t, start_ref, p.far, p.outgoing, 1, &docs, rows);
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  for (bool outgoing : {true, false}) {
    if (outgoing ? !FollowsOut(direction) : !FollowsIn(direction)) continue;
    std::vector<StoredTriple> triples;
    Status s = query_internal::CollectScan(store, start.id, outgoing, scan_filter, &triples);
    if (!s.ok()) return s;
    for (const StoredTriple& t : triples) {
      // A self-loop is in both scans; report it once.
      if (!outgoing && direction == Direction::kBoth && t.subject == t.object) continue;
      Result<EntityRef> far = entities.Ref(outgoing ? t.object : t.subject);
      if (!far.ok()) return far.status();
      if (!TypeAccepted(filter, far->type)) continue;
      s = MakeRow(t, start_ref, *far, outgoing, 1, &docs, rows);
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

// Level d reports every edge from a level d-1 node to a node first reached at
// level d (several edges may reach the same node; all are reported). Runs on
// the store's graph snapshot; only reported edges read their fact rows.
Status BfsNeighbors(const Store& store, const StoredEntity& start, int depth, Direction direction,
                    const TripleFilter& filter, std::vector<RowWithKey>* rows) {
  Result<std::shared_ptr<const GraphSnapshot>> snapshot = store.Snapshot();
  if (!snapshot.ok()) return snapshot.status();
  const GraphSnapshot& g = **snapshot;
  if (start.id >= g.node_count()) return Status::Ok();
  query_internal::EntityCache entities(store);
  query_internal::DocCache docs(store);

  constexpr int kUnseen = -1;
  std::vector<int> level(g.node_count(), kUnseen);
  level[start.id] = 0;
  std::vector<EntityId> frontier = {start.id};
  for (int d = 1; d <= depth && !frontier.empty(); ++d) {
    std::vector<EntityId> next;
    for (EntityId u : frontier) {
      Result<EntityRef> near = entities.Ref(u);
      if (!near.ok()) return near.status();
      auto visit = [&](GraphSnapshot::EdgeId e, EntityId v, bool outgoing) -> Status {
        if (!filter.Accepts(g.relation(e), g.date(e))) return Status::Ok();
        if (level[v] != kUnseen && level[v] < d) return Status::Ok();
        if (!TypeAccepted(filter, g.type(v))) return Status::Ok();
        if (level[v] == kUnseen) {
          level[v] = d;
          next.push_back(v);
        }
        Result<StoredTriple> t = store.GetTriple(g.article(e), g.ordinal(e));
        if (!t.ok()) return t.status();
        Result<EntityRef> far = entities.Ref(v);
        if (!far.ok()) return far.status();
        return MakeRow(*t, *near, *far, outgoing, d, &docs, rows);
      };
      if (FollowsOut(direction)) {
        for (GraphSnapshot::EdgeId e : g.out_edges(u)) {
          Status s = visit(e, g.object(e), true);
          if (!s.ok()) return s;
        }
      }
      if (FollowsIn(direction)) {
        for (GraphSnapshot::EdgeId e : g.in_edges(u)) {
          Status s = visit(e, g.subject(e), false);
          if (!s.ok()) return s;
        }
      }
    }
    frontier = std::move(next);
  }
  return Status::Ok();
}

Result<NeighborsAnswer> NeighborsImpl(const Store& store, const std::string& name, int depth,
                                      Direction direction, const TripleFilter& filter,
                                      size_t limit) {
  if (depth < 1) {
    return Status::InvalidArgument("depth must be at least 1, got " + std::to_string(depth));
  }
  Result<StoredEntity> start = query_internal::ResolveEntity(store, name);
  if (!start.ok()) return start.status();

  std::vector<RowWithKey> rows;
  bool more = false;
  Status s = depth == 1 ? DirectNeighbors(store, *start, direction, filter, limit, &rows, &more)
                        : BfsNeighbors(store, *start, depth, direction, filter, &rows);
  if (!s.ok()) return s;
  std::sort(rows.begin(), rows.end(),
            [](const RowWithKey& a, const RowWithKey& b) { return SortKey(a) < SortKey(b); });

  NeighborsAnswer answer;
  answer.entity = query_internal::RefOf(*start);
  if (limit > 0 && rows.size() > limit) {
    rows.resize(limit);
    more = true;
  }
  answer.truncated = more;
  answer.rows.reserve(rows.size());
  for (RowWithKey& keyed : rows) answer.rows.push_back(std::move(keyed.row));
  return answer;
}

}  // namespace

Result<NeighborsAnswer> Neighbors(const Store& store, const std::string& name, int depth,
                                  Direction direction, const TripleFilter& filter, size_t limit) {
  try {
    return NeighborsImpl(store, name, depth, direction, filter, limit);
  } catch (const std::exception& e) {
    return query_internal::FromException("neighbors", e);
  }
}

}  // namespace geokg
