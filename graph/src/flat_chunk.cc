// FlatChunk (graph.h): articles in flat form for Store::BulkLoad, and their
// conversion from and to ArticleExtraction values.
#include <cstring>
#include <stdexcept>

#include "coding.h"
#include "geokg/graph.h"

namespace geokg {

namespace {

uint32_t Narrow(size_t n) {
  if (n > UINT32_MAX) throw std::length_error("flat chunk past 4 GiB or 2^32 records");
  return static_cast<uint32_t>(n);
}

}  // namespace

void FlatChunk::Clear() {
  bytes.clear();
  mentions.clear();
  entities.clear();
  triples.clear();
  articles.clear();
}

FlatChunk::Span FlatChunk::AddBytes(std::string_view text) {
  Span span;
  span.offset = Narrow(bytes.size());
  span.size = Narrow(text.size());
  Narrow(bytes.size() + text.size());
  bytes.append(text);
  return span;
}

void FlatChunk::Append(const ArticleExtraction& x) {
  Article& a = articles.emplace_back();
  a.id = AddBytes(x.article.id);
  a.title = AddBytes(x.article.title);
  a.text = AddBytes(x.article.text);
  a.origin = AddBytes(x.article.origin);
  a.date = x.article.date;
  a.date_source = x.article.date_source;
  a.first_entity = Narrow(entities.size());
  a.entity_count = Narrow(x.entities.size());
  a.first_triple = Narrow(triples.size());
  a.triple_count = Narrow(x.triples.size());
  for (const EntityMention& m : x.entities) {
    Entity& e = entities.emplace_back();
    e.name = AddBytes(m.name);
    e.type = m.type;
    e.first_mention = Narrow(mentions.size());
    e.mention_count = Narrow(m.mentions.size());
    for (const std::string& mention : m.mentions) mentions.push_back(AddBytes(mention));
  }
  // Normalised names of the entity records, computed when a name is not
  // the very name of a record (never for what ReadRecords reads).
  std::vector<std::string> keys;
  auto find = [&](const std::string& name) -> uint32_t {
    // A record spelled so has the name's key: it, or an earlier record of
    // that key, is the store's entity of the name (the store merges
    // records by key).
    for (size_t e = 0; e < x.entities.size(); ++e) {
      if (x.entities[e].name == name) return static_cast<uint32_t>(e);
    }
    if (keys.empty()) {
      for (const EntityMention& m : x.entities) keys.push_back(coding::NormalizeName(m.name));
    }
    const std::string key = coding::NormalizeName(name);
    for (size_t e = 0; e < keys.size(); ++e) {
      if (keys[e] == key) return static_cast<uint32_t>(e);
    }
    return kNoEntity;
  };
  for (const geokg::Triple& t : x.triples) {
    Triple& f = triples.emplace_back();
    f.subject = find(t.subject);
    f.object = find(t.object);
    f.relation = t.relation;
    f.negated = t.negated;
    f.date = t.date;
    f.sentence = t.sentence;
    f.confidence = t.confidence;
    f.predicate = AddBytes(t.predicate);
    f.evidence = AddBytes(t.evidence);
  }
}

ArticleExtraction FlatChunk::Extraction(size_t i) const {
  const Article& a = articles.at(i);
  ArticleExtraction x;
  x.article.id = View(a.id);
  x.article.title = View(a.title);
  x.article.text = View(a.text);
  x.article.origin = View(a.origin);
  x.article.date = a.date;
  x.article.date_source = a.date_source;
  for (uint32_t e = 0; e < a.entity_count; ++e) {
    const Entity& from = entities[a.first_entity + e];
    EntityMention& m = x.entities.emplace_back();
    m.name = View(from.name);
    m.type = from.type;
    for (uint32_t k = 0; k < from.mention_count; ++k) {
      m.mentions.emplace_back(View(mentions[from.first_mention + k]));
    }
  }
  auto name = [&](uint32_t e) -> std::string {
    if (e >= a.entity_count) return std::string();
    return std::string(View(entities[a.first_entity + e].name));
  };
  for (uint32_t k = 0; k < a.triple_count; ++k) {
    const Triple& from = triples[a.first_triple + k];
    geokg::Triple& t = x.triples.emplace_back();
    t.subject = name(from.subject);
    t.object = name(from.object);
    t.relation = from.relation;
    t.negated = from.negated;
    t.date = from.date;
    t.sentence = from.sentence;
    t.confidence = from.confidence;
    t.predicate = View(from.predicate);
    t.evidence = View(from.evidence);
  }
  return x;
}

}  // namespace geokg
