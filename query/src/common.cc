#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

#include "query_internal.h"

namespace geokg {

bool ParseDirection(std::string_view text, Direction* direction) {
  const std::string lower = query_internal::LowerAscii(text);
  if (lower == "out") {
    *direction = Direction::kOut;
  } else if (lower == "in") {
    *direction = Direction::kIn;
  } else if (lower == "both") {
    *direction = Direction::kBoth;
  } else {
    return false;
  }
  return true;
}

bool ParsePeriod(std::string_view text, Period* period) {
  const std::string lower = query_internal::LowerAscii(text);
  if (lower == "day") {
    *period = Period::kDay;
  } else if (lower == "month") {
    *period = Period::kMonth;
  } else if (lower == "year") {
    *period = Period::kYear;
  } else {
    return false;
  }
  return true;
}

namespace query_internal {

Result<StoredEntity> ResolveEntity(const Store& store, const std::string& name) {
  Result<StoredEntity> found = store.FindEntity(name);
  if (found.ok() || !found.status().IsNotFound()) return found;
  const std::vector<std::string> suggestions = store.Suggest(name, 3);
  std::string message = "unknown entity '" + name + "'";
  if (!suggestions.empty()) {
    message += "; did you mean: ";
    for (size_t i = 0; i < suggestions.size(); ++i) {
      if (i > 0) message += ", ";
      message += suggestions[i];
    }
    message += "?";
  }
  return Status::NotFound(message);
}

Result<PathEnds> ResolvePathEnds(const Store& store, const std::string& from, const std::string& to,
                                 int max_depth) {
  if (max_depth < 1) {
    return Status::InvalidArgument("max depth must be at least 1, got " +
                                   std::to_string(max_depth));
  }
  Result<StoredEntity> source = ResolveEntity(store, from);
  if (!source.ok()) return source.status();
  Result<StoredEntity> target = ResolveEntity(store, to);
  if (!target.ok()) return target.status();
  if (source->id == target->id) {
    return Status::InvalidArgument("'" + from + "' and '" + to + "' are the same entity (" +
                                   source->name + ")");
  }
  Status no_path = Status::NotFound("no path between '" + source->name + "' and '" + target->name +
                                    "' within " + std::to_string(max_depth) + " steps");
  return PathEnds{std::move(*source), std::move(*target), std::move(no_path)};
}

EntityRef RefOf(const StoredEntity& entity) { return EntityRef{entity.name, entity.type}; }

bool TypeAccepted(const TripleFilter& filter, EntityType type) {
  return filter.entity_types.empty() ||
         std::find(filter.entity_types.begin(), filter.entity_types.end(), type) !=
             filter.entity_types.end();
}

TripleFilter WithoutTypes(const TripleFilter& filter) {
  TripleFilter copy = filter;
  copy.entity_types.clear();
  return copy;
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

Status CollectScan(const Store& store, EntityId entity, bool outgoing, const TripleFilter& filter,
                   std::vector<StoredTriple>* triples) {
  auto collect = [triples](const StoredTriple& t) {
    triples->push_back(t);
    return true;
  };
  return outgoing ? store.ScanOut(entity, filter, collect) : store.ScanIn(entity, filter, collect);
}

Status CollectFirstByDate(const Store& store, EntityId entity, bool outgoing,
                          const TripleFilter& filter, size_t limit,
                          const std::function<bool(const TripleRef&)>& accept,
                          std::vector<TripleRef>* refs, bool* more) {
  const bool open_window = !filter.since.known() && !filter.until.known();
  for (int r = 0; r < kRelationCount; ++r) {
    const auto relation = static_cast<Relation>(r);
    if (!filter.relations.empty() && std::find(filter.relations.begin(), filter.relations.end(),
                                               relation) == filter.relations.end()) {
      continue;
    }
    TripleFilter run = WithoutTypes(filter);
    run.relations = {relation};
    // Known dates first: a window starting at day 1 skips the unknown ones,
    // which the index sorts first but answers list last.
    if (!run.since.known()) run.since = Date{1};
    size_t taken = 0;
    uint32_t last_date = 0;
    Status s = store.ScanRefs(entity, outgoing, run, [&](const TripleRef& t) {
      if (!accept(t)) return true;
      if (taken >= limit && t.date.yyyymmdd != last_date) {
        *more = true;
        return false;
      }
      refs->push_back(t);
      ++taken;
      last_date = t.date.yyyymmdd;
      return true;
    });
    if (!s.ok()) return s;
    if (!open_window || taken >= limit) continue;
    // Then the unknown dates, which come first in the run's index order.
    run.since = Date{};
    s = store.ScanRefs(entity, outgoing, run, [&](const TripleRef& t) {
      if (t.date.known()) return false;
      if (!accept(t)) return true;
      if (taken >= limit) {
        *more = true;
        return false;
      }
      refs->push_back(t);
      ++taken;
      return true;
    });
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

namespace {

// The most parallel edges of one step whose fact rows are read to pick the
// evidence; the rest lose on (rounded) confidence and date already.
constexpr size_t kMaxEvidenceCandidates = 64;

bool BetterEvidence(const StoredTriple& candidate, const StoredTriple& best) {
  if (candidate.confidence != best.confidence) return candidate.confidence > best.confidence;
  if (DateOrder(candidate.date) != DateOrder(best.date)) {
    return DateOrder(candidate.date) < DateOrder(best.date);
  }
  if (candidate.negated != best.negated) return !candidate.negated;
  return std::make_tuple(candidate.article, candidate.ordinal) <
         std::make_tuple(best.article, best.ordinal);
}

}  // namespace

Result<std::pair<StoredTriple, bool>> BestEvidence(const Store& store, const GraphSnapshot& g,
                                                   std::vector<uint32_t> candidates, EntityId a) {
  if (candidates.empty()) return Status::Corruption("graph snapshot lost the edge of a step");
  // Only the edges within 1.5/255 of the highest confidence can win (the
  // snapshot rounds confidences to 1/255): those are ordered, by confidence,
  // then date, then edge id, with their keys read once. Between two hubs
  // there are thousands of parallel edges, and a comparator reading the
  // columns at each comparison of a full sort took most of a path's time.
  float top = 0;
  for (uint32_t e : candidates) top = std::max(top, g.confidence(e));
  const float floor = top - 1.5f / 255.0f;
  struct Front {
    float negative_confidence;
    uint32_t date_order;
    uint32_t edge;
  };
  std::vector<Front> front;
  for (uint32_t e : candidates) {
    const float confidence = g.confidence(e);
    if (confidence >= floor) front.push_back({-confidence, DateOrder(g.date(e)), e});
  }
  auto key = [](const Front& f) {
    return std::make_tuple(f.negative_confidence, f.date_order, f.edge);
  };
  std::sort(front.begin(), front.end(),
            [&key](const Front& x, const Front& y) { return key(x) < key(y); });
  front.erase(std::unique(front.begin(), front.end(),
                          [](const Front& x, const Front& y) { return x.edge == y.edge; }),
              front.end());
  std::optional<std::pair<StoredTriple, bool>> best;
  for (size_t i = 0; i < front.size() && i < kMaxEvidenceCandidates; ++i) {
    const uint32_t e = front[i].edge;
    Result<StoredTriple> t = store.GetTriple(g.article(e), g.ordinal(e));
    if (!t.ok()) return t.status();
    const bool forward = g.subject(e) == a;
    if (!best || BetterEvidence(*t, best->first)) best.emplace(std::move(t).value(), forward);
  }
  return std::move(*best);
}

Result<PathStep> MakePathStep(EntityId a, EntityId b, const std::pair<StoredTriple, bool>& evidence,
                              EntityCache* entities, DocCache* docs) {
  const StoredTriple& triple = evidence.first;
  Result<EntityRef> from = entities->Ref(a);
  if (!from.ok()) return from.status();
  Result<EntityRef> to = entities->Ref(b);
  if (!to.ok()) return to.status();
  Result<std::string> doc = docs->Key(triple.article);
  if (!doc.ok()) return doc.status();
  PathStep step;
  step.from = std::move(*from);
  step.relation = triple.relation;
  step.to = std::move(*to);
  step.forward = evidence.second;
  step.date = triple.date;
  step.predicate = triple.predicate;
  step.evidence = triple.evidence;
  step.doc = std::move(*doc);
  return step;
}

Result<EntityRef> EntityCache::Ref(EntityId id) {
  auto it = refs_.find(id);
  if (it != refs_.end()) return it->second;
  Result<StoredEntity> entity = store_.GetEntity(id);
  if (!entity.ok()) return entity.status();
  EntityRef ref = RefOf(*entity);
  refs_.emplace(id, ref);
  return ref;
}

Result<std::string> DocCache::Key(ArticleId id) {
  auto it = keys_.find(id);
  if (it != keys_.end()) return it->second;
  Result<StoredArticle> article = store_.GetArticle(id);
  if (!article.ok()) return article.status();
  keys_.emplace(id, article->key);
  return article->key;
}

Status FromException(std::string_view where, const std::exception& e) {
  return Status::IOError(std::string(where) + ": " + e.what());
}

}  // namespace query_internal
}  // namespace geokg
