#include "coding.h"

#include <algorithm>
#include <cstring>

namespace geokg {
namespace coding {
namespace {

void PutByte(std::string* dst, uint8_t value) { dst->push_back(static_cast<char>(value)); }

std::string TableKey(Table table, size_t reserve) {
  std::string key;
  key.reserve(reserve);
  PutByte(&key, static_cast<uint8_t>(table));
  return key;
}

// Lower case of a code point for the scripts NormalizeName covers.
uint32_t LowerCodePoint(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0x80) return cp;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp == 0x130) return 'i';  // Turkish dotted capital I.
  if (cp == 0x178) return 0xFF;
  if (((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0) {
    return cp + 1;
  }
  if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1) {
    return cp + 1;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}

void AppendUtf8(std::string* dst, uint32_t cp) {
  if (cp < 0x80) {
    dst->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    dst->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    dst->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    dst->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    dst->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    dst->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

void PutFixed32(std::string* dst, uint32_t value) {
  char buf[4];
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  dst->append(buf, 4);
}

void PutFixed64(std::string* dst, uint64_t value) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  dst->append(buf, 8);
}

uint32_t DecodeFixed32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint64_t DecodeFixed64(const char* p) {
  return (uint64_t{DecodeFixed32(p)} << 32) | DecodeFixed32(p + 4);
}

void PutVarint32(std::string* dst, uint32_t value) {
  while (value >= 0x80) {
    PutByte(dst, static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  PutByte(dst, static_cast<uint8_t>(value));
}

void PutLengthPrefixed(std::string* dst, std::string_view value) {
  PutVarint32(dst, static_cast<uint32_t>(value.size()));
  dst->append(value.data(), value.size());
}

bool GetByte(std::string_view* in, uint8_t* value) {
  if (in->empty()) return false;
  *value = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  return true;
}

bool GetFixed32(std::string_view* in, uint32_t* value) {
  if (in->size() < 4) return false;
  *value = DecodeFixed32(in->data());
  in->remove_prefix(4);
  return true;
}

bool GetFixed64(std::string_view* in, uint64_t* value) {
  if (in->size() < 8) return false;
  *value = DecodeFixed64(in->data());
  in->remove_prefix(8);
  return true;
}

bool GetVarint32(std::string_view* in, uint32_t* value) {
  uint32_t result = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    uint8_t byte = 0;
    if (!GetByte(in, &byte)) return false;
    result |= uint32_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return true;
    }
  }
  return false;
}

bool GetLengthPrefixed(std::string_view* in, std::string_view* value) {
  uint32_t size = 0;
  if (!GetVarint32(in, &size) || in->size() < size) return false;
  *value = in->substr(0, size);
  in->remove_prefix(size);
  return true;
}

uint64_t Fnv1a64(std::string_view data) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

void Fnv1a64Many(const std::string_view* data, size_t n, uint64_t* hashes) {
  // Four texts at a time, one byte of each per step: four independent
  // chains of multiplications, where one text waits on each product. A
  // lane whose text ends takes the next one.
  constexpr size_t kLanes = 4;
  constexpr uint64_t kBasis = 0xcbf29ce484222325ull;
  constexpr uint64_t kPrime = 0x100000001b3ull;
  const unsigned char* p[kLanes];
  size_t left[kLanes];
  size_t index[kLanes];
  uint64_t h[kLanes];
  bool active[kLanes];
  size_t next = 0;
  auto refill = [&](size_t lane) {
    while (next < n && data[next].empty()) hashes[next++] = kBasis;
    active[lane] = next < n;
    h[lane] = kBasis;
    if (!active[lane]) {
      // Reads lane 0's bytes (or none), and its result is dropped.
      p[lane] = nullptr;
      left[lane] = SIZE_MAX;
      return;
    }
    index[lane] = next;
    p[lane] = reinterpret_cast<const unsigned char*>(data[next].data());
    left[lane] = data[next].size();
    ++next;
  };
  for (size_t lane = 0; lane < kLanes; ++lane) refill(lane);
  for (;;) {
    size_t step = SIZE_MAX;
    for (size_t lane = 0; lane < kLanes; ++lane) step = std::min(step, left[lane]);
    if (step == SIZE_MAX) return;  // No lane active.
    // An idle lane hashes the bytes of an active one, for nothing.
    const unsigned char* busy = nullptr;
    for (size_t lane = 0; lane < kLanes && busy == nullptr; ++lane) {
      if (active[lane]) busy = p[lane];
    }
    const unsigned char* q[kLanes];
    for (size_t lane = 0; lane < kLanes; ++lane) q[lane] = active[lane] ? p[lane] : busy;
    uint64_t h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3];
    for (size_t i = 0; i < step; ++i) {
      h0 = (h0 ^ q[0][i]) * kPrime;
      h1 = (h1 ^ q[1][i]) * kPrime;
      h2 = (h2 ^ q[2][i]) * kPrime;
      h3 = (h3 ^ q[3][i]) * kPrime;
    }
    h[0] = h0, h[1] = h1, h[2] = h2, h[3] = h3;
    for (size_t lane = 0; lane < kLanes; ++lane) {
      if (!active[lane]) continue;
      p[lane] += step;
      left[lane] -= step;
      if (left[lane] == 0) {
        hashes[index[lane]] = h[lane];
        refill(lane);
      }
    }
  }
}

std::string NormalizeName(std::string_view name) {
  std::string out;
  NormalizeNameInto(name, &out);
  return out;
}

void NormalizeNameInto(std::string_view name, std::string* normalized) {
  std::string& out = *normalized;
  out.clear();
  out.reserve(name.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    // Printable ASCII, the common case: lower-cased as is.
    if (c > 0x20 && c < 0x80) {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
      ++i;
      continue;
    }
    uint32_t cp = c;
    size_t len = 1;
    if (c >= 0xC0 && c < 0xE0 && i + 1 < name.size() &&
        (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu);
      len = 2;
    }
    const bool space = (len == 1 && IsAsciiSpace(c)) || (len == 2 && cp == 0xA0);
    if (space) {
      pending_space = !out.empty();
    } else if (len == 1 && c == 0) {
      // Dropped: the alias key uses 0x00 as its separator.
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      if (len == 2 || c < 0x80) {
        AppendUtf8(&out, LowerCodePoint(cp));
      } else {
        out.push_back(static_cast<char>(c));  // Other UTF-8 bytes as they are.
      }
    }
    i += len;
  }
}

// ------------------------------------------------------------------ Keys ---

std::string MetaKey(std::string_view name) {
  std::string key = TableKey(Table::kMeta, 1 + name.size());
  key.append(name.data(), name.size());
  return key;
}

std::string EntityNameKey(std::string_view normalized) {
  std::string key = TableKey(Table::kEntityName, 1 + normalized.size());
  key.append(normalized.data(), normalized.size());
  return key;
}

std::string EntityKey(EntityId id) {
  std::string key = TableKey(Table::kEntity, 5);
  PutFixed32(&key, id);
  return key;
}

std::string DegreeKey(EntityId id) {
  std::string key = TableKey(Table::kDegree, 5);
  PutFixed32(&key, id);
  return key;
}

std::string AliasPrefix(std::string_view normalized) {
  std::string key = TableKey(Table::kAlias, 2 + normalized.size() + 4);
  key.append(normalized.data(), normalized.size());
  key.push_back('\0');
  return key;
}

std::string AliasKey(std::string_view normalized, EntityId id) {
  std::string key = AliasPrefix(normalized);
  PutFixed32(&key, id);
  return key;
}

bool ParseAliasKey(std::string_view key, EntityId* id) {
  if (key.size() < 6 || key[0] != static_cast<char>(Table::kAlias) || key[key.size() - 5] != '\0') {
    return false;
  }
  *id = DecodeFixed32(key.data() + key.size() - 4);
  return true;
}

std::string ArticleNameKey(std::string_view article_key) {
  std::string key = TableKey(Table::kArticleName, 1 + article_key.size());
  key.append(article_key.data(), article_key.size());
  return key;
}

std::string ArticleKey(ArticleId id) {
  std::string key = TableKey(Table::kArticle, 5);
  PutFixed32(&key, id);
  return key;
}

std::string FactKey(ArticleId article, uint32_t ordinal) {
  std::string key;
  key.reserve(kFactKeySize);
  AppendFactKey(&key, article, ordinal);
  return key;
}

void AppendFactKey(std::string* dst, ArticleId article, uint32_t ordinal) {
  PutByte(dst, static_cast<uint8_t>(Table::kFact));
  PutFixed32(dst, article);
  PutFixed32(dst, ordinal);
}

std::string FactPrefix(ArticleId article) {
  std::string key = TableKey(Table::kFact, 5);
  PutFixed32(&key, article);
  return key;
}

bool ParseFactKey(std::string_view key, ArticleId* article, uint32_t* ordinal) {
  if (key.size() != kFactKeySize || key[0] != static_cast<char>(Table::kFact)) return false;
  *article = DecodeFixed32(key.data() + 1);
  *ordinal = DecodeFixed32(key.data() + 5);
  return true;
}

namespace {

void AppendIndexKey(std::string* key, Table table, EntityId entity, Relation relation, Date date,
                    EntityId other, ArticleId article, uint32_t ordinal) {
  PutByte(key, static_cast<uint8_t>(table));
  PutFixed32(key, entity);
  PutByte(key, static_cast<uint8_t>(relation));
  PutFixed32(key, date.yyyymmdd);
  PutFixed32(key, other);
  PutFixed32(key, article);
  PutFixed32(key, ordinal);
}

}  // namespace

void AppendOutKey(std::string* dst, const StoredTriple& t) {
  AppendIndexKey(dst, Table::kOut, t.subject, t.relation, t.date, t.object, t.article, t.ordinal);
}

void AppendInKey(std::string* dst, const StoredTriple& t) {
  AppendIndexKey(dst, Table::kIn, t.object, t.relation, t.date, t.subject, t.article, t.ordinal);
}

std::string OutKey(const StoredTriple& t) {
  std::string key;
  key.reserve(kIndexKeySize);
  AppendOutKey(&key, t);
  return key;
}

std::string InKey(const StoredTriple& t) {
  std::string key;
  key.reserve(kIndexKeySize);
  AppendInKey(&key, t);
  return key;
}

std::string IndexPrefix(Table table, EntityId entity) {
  std::string key = TableKey(table, 5);
  PutFixed32(&key, entity);
  return key;
}

std::string IndexSeekKey(Table table, EntityId entity, Relation relation, Date from) {
  std::string key = IndexPrefix(table, entity);
  PutByte(&key, static_cast<uint8_t>(relation));
  PutFixed32(&key, from.yyyymmdd);
  return key;
}

bool ParseIndexKey(std::string_view key, IndexEntry* entry) {
  if (key.size() != kIndexKeySize) return false;
  const char* p = key.data() + 1;
  entry->entity = DecodeFixed32(p);
  const auto relation = static_cast<uint8_t>(p[4]);
  if (relation >= kRelationCount) return false;
  entry->relation = static_cast<Relation>(relation);
  entry->date.yyyymmdd = DecodeFixed32(p + 5);
  entry->other = DecodeFixed32(p + 9);
  entry->article = DecodeFixed32(p + 13);
  entry->ordinal = DecodeFixed32(p + 17);
  return true;
}

std::string TimeKey(const StoredTriple& t) {
  std::string key;
  key.reserve(kTimeKeySize);
  AppendTimeKey(&key, t);
  return key;
}

void AppendTimeKey(std::string* dst, const StoredTriple& t) {
  PutByte(dst, static_cast<uint8_t>(Table::kTime));
  PutFixed32(dst, t.date.yyyymmdd);
  PutFixed32(dst, t.article);
  PutFixed32(dst, t.ordinal);
}

std::string TimeSeekKey(Date from) {
  std::string key = TableKey(Table::kTime, 5);
  PutFixed32(&key, from.yyyymmdd);
  return key;
}

bool ParseTimeKey(std::string_view key, TimeEntry* entry) {
  if (key.size() != kTimeKeySize || key[0] != static_cast<char>(Table::kTime)) return false;
  entry->date.yyyymmdd = DecodeFixed32(key.data() + 1);
  entry->article = DecodeFixed32(key.data() + 5);
  entry->ordinal = DecodeFixed32(key.data() + 9);
  return true;
}

// ---------------------------------------------------------------- Values ---

std::string EncodeEntity(const StoredEntity& entity) {
  std::string value;
  PutByte(&value, static_cast<uint8_t>(entity.type));
  PutLengthPrefixed(&value, entity.name);
  PutVarint32(&value, static_cast<uint32_t>(entity.aliases.size()));
  for (const std::string& alias : entity.aliases) PutLengthPrefixed(&value, alias);
  return value;
}

bool DecodeEntity(EntityId id, std::string_view value, StoredEntity* entity) {
  uint8_t type = 0;
  std::string_view name;
  uint32_t count = 0;
  if (!GetByte(&value, &type) || type > static_cast<uint8_t>(EntityType::kOther) ||
      !GetLengthPrefixed(&value, &name) || !GetVarint32(&value, &count) || count > value.size()) {
    return false;
  }
  entity->id = id;
  entity->type = static_cast<EntityType>(type);
  entity->name.assign(name);
  entity->aliases.clear();
  entity->aliases.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view alias;
    if (!GetLengthPrefixed(&value, &alias)) return false;
    entity->aliases.emplace_back(alias);
  }
  return value.empty();
}

std::string EncodeArticle(const StoredArticle& article) {
  std::string value;
  PutFixed64(&value, article.content_hash);
  PutFixed32(&value, article.date.yyyymmdd);
  PutByte(&value, static_cast<uint8_t>(article.date_source));
  PutFixed32(&value, article.triple_count);
  PutLengthPrefixed(&value, article.key);
  PutLengthPrefixed(&value, article.title);
  return value;
}

bool DecodeArticle(ArticleId id, std::string_view value, StoredArticle* article) {
  uint8_t source = 0;
  std::string_view key;
  std::string_view title;
  if (!GetFixed64(&value, &article->content_hash) || !GetFixed32(&value, &article->date.yyyymmdd) ||
      !GetByte(&value, &source) || source > static_cast<uint8_t>(DateSource::kText) ||
      !GetFixed32(&value, &article->triple_count) || !GetLengthPrefixed(&value, &key) ||
      !GetLengthPrefixed(&value, &title) || !value.empty()) {
    return false;
  }
  article->id = id;
  article->date_source = static_cast<DateSource>(source);
  article->key.assign(key);
  article->title.assign(title);
  return true;
}

std::string EncodeFact(const StoredTriple& t) {
  std::string value;
  value.reserve(24 + t.predicate.size() + t.evidence.size());
  AppendFact(&value, t);
  return value;
}

void AppendFact(std::string* value, const StoredTriple& t) {
  PutFixed32(value, t.subject);
  PutByte(value, static_cast<uint8_t>(t.relation));
  PutFixed32(value, t.object);
  PutFixed32(value, t.date.yyyymmdd);
  PutByte(value, t.negated ? 1 : 0);
  uint32_t bits = 0;
  static_assert(sizeof(bits) == sizeof(t.confidence));
  std::memcpy(&bits, &t.confidence, sizeof(bits));
  PutFixed32(value, bits);
  PutVarint32(value, t.sentence);
  PutLengthPrefixed(value, t.predicate);
  PutLengthPrefixed(value, t.evidence);
}

bool DecodeFact(ArticleId article, uint32_t ordinal, std::string_view value, StoredTriple* t) {
  uint8_t relation = 0;
  uint8_t flags = 0;
  uint32_t bits = 0;
  std::string_view predicate;
  std::string_view evidence;
  if (!GetFixed32(&value, &t->subject) || !GetByte(&value, &relation) ||
      relation >= kRelationCount || !GetFixed32(&value, &t->object) ||
      !GetFixed32(&value, &t->date.yyyymmdd) || !GetByte(&value, &flags) ||
      !GetFixed32(&value, &bits) || !GetVarint32(&value, &t->sentence) ||
      !GetLengthPrefixed(&value, &predicate) || !GetLengthPrefixed(&value, &evidence) ||
      !value.empty()) {
    return false;
  }
  t->relation = static_cast<Relation>(relation);
  t->negated = (flags & 1) != 0;
  std::memcpy(&t->confidence, &bits, sizeof(bits));
  t->article = article;
  t->ordinal = ordinal;
  t->predicate.assign(predicate);
  t->evidence.assign(evidence);
  return true;
}

}  // namespace coding
}  // namespace geokg
