// All byte encoding of the store: fixed-width big-endian integers, varints,
// length-prefixed strings, the key of every table and the value of every
// record. docs/storage.md describes the same layout in prose; change both
// together, and bump kFormatVersion when old data would no longer decode.
//
// Thread safety: pure functions.
#ifndef GEOKG_GRAPH_CODING_H_
#define GEOKG_GRAPH_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "geokg/graph.h"

namespace geokg {
namespace coding {

// Written under MetaKey(kMetaVersion); an open of any other value fails with
// Corruption.
constexpr uint32_t kFormatVersion = 1;

// The first byte of every key names its table. DO NOT CHANGE THESE VALUES:
// they are embedded in the on-disk keys.
enum class Table : uint8_t {
  kMeta = 0x00,         // name -> value (version, counters)
  kEntityName = 0x01,   // normalised canonical name -> entity id
  kEntity = 0x02,       // entity id -> entity record
  kDegree = 0x03,       // entity id -> fixed64 triple count
  kAlias = 0x04,        // normalised alias | 0x00 | entity id -> ""
  kArticleName = 0x05,  // article key -> article id
  kArticle = 0x06,      // article id -> article record
  kOut = 0x07,          // subject|relation|date|object|article|ordinal -> ""
  kIn = 0x08,           // object|relation|date|subject|article|ordinal -> ""
  kTime = 0x09,         // date|article|ordinal -> relation byte
  kFact = 0x0A,         // article|ordinal -> fact record
};

// Names of the meta keys.
inline constexpr std::string_view kMetaVersion = "format_version";
inline constexpr std::string_view kMetaEntities = "entity_count";
inline constexpr std::string_view kMetaArticles = "article_count";
inline constexpr std::string_view kMetaTriples = "triple_count";

// Sizes in bytes of the fixed-width index keys, table byte included.
constexpr size_t kIndexKeySize = 1 + 4 + 1 + 4 + 4 + 4 + 4;  // 22
constexpr size_t kTimeKeySize = 1 + 4 + 4 + 4;               // 13
constexpr size_t kFactKeySize = 1 + 4 + 4;                   // 9

// ------------------------------------------------------------ Primitives ---

void PutFixed32(std::string* dst, uint32_t value);  // Big-endian.
void PutFixed64(std::string* dst, uint64_t value);  // Big-endian.
uint32_t DecodeFixed32(const char* p);
uint64_t DecodeFixed64(const char* p);
void PutVarint32(std::string* dst, uint32_t value);                // LEB128, values only.
void PutLengthPrefixed(std::string* dst, std::string_view value);  // varint32 length + bytes.

// Readers consume from the front of *in; false when it is too short or
// malformed (then *in is unspecified).
bool GetByte(std::string_view* in, uint8_t* value);
bool GetFixed32(std::string_view* in, uint32_t* value);
bool GetFixed64(std::string_view* in, uint64_t* value);
bool GetVarint32(std::string_view* in, uint32_t* value);
bool GetLengthPrefixed(std::string_view* in, std::string_view* value);

// 64-bit FNV-1a (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the
// bytes. Stable across platforms and versions: it is stored on disk.
uint64_t Fnv1a64(std::string_view data);
// hashes[i] = Fnv1a64(data[i]) for the n texts, computed several at a time
// (about three times faster on long texts).
void Fnv1a64Many(const std::string_view* data, size_t n, uint64_t* hashes);

// The lookup form of a name or alias: surrounding white space removed, inner
// runs of white space collapsed to one space, NUL bytes dropped, letters
// lower-cased (ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic capitals).
// Never contains a 0x00 byte, which the alias key relies on.
std::string NormalizeName(std::string_view name);
// NormalizeName into *out (replacing its contents, reusing its buffer).
void NormalizeNameInto(std::string_view name, std::string* out);

// ------------------------------------------------------------------ Keys ---

std::string MetaKey(std::string_view name);
std::string EntityNameKey(std::string_view normalized);
std::string EntityKey(EntityId id);
std::string DegreeKey(EntityId id);
// Every key of the entities that carry `normalized` as an alias.
std::string AliasPrefix(std::string_view normalized);
std::string AliasKey(std::string_view normalized, EntityId id);
// Entity id from an alias key, or false.
bool ParseAliasKey(std::string_view key, EntityId* id);
std::string ArticleNameKey(std::string_view article_key);
std::string ArticleKey(ArticleId id);
std::string FactKey(ArticleId article, uint32_t ordinal);
// FactKey appended to *dst (the Append* forms let a bulk load reuse one
// buffer instead of allocating a string per key).
void AppendFactKey(std::string* dst, ArticleId article, uint32_t ordinal);
std::string FactPrefix(ArticleId article);
bool ParseFactKey(std::string_view key, ArticleId* article, uint32_t* ordinal);

// The out- and in-index keys of a triple; see Table::kOut / kIn.
std::string OutKey(const StoredTriple& t);
std::string InKey(const StoredTriple& t);
void AppendOutKey(std::string* dst, const StoredTriple& t);
void AppendInKey(std::string* dst, const StoredTriple& t);
// Prefixes of an index (kOut or kIn) for one entity, optionally one relation
// and a first date.
std::string IndexPrefix(Table table, EntityId entity);
std::string IndexSeekKey(Table table, EntityId entity, Relation relation, Date from);

// A decoded out- or in-index key: `entity` is the scanned end (subject for
// kOut, object for kIn), `other` the far end.
struct IndexEntry {
  EntityId entity = 0;
  Relation relation = Relation::kRepresents;
  Date date;
  EntityId other = 0;
  ArticleId article = 0;
  uint32_t ordinal = 0;
};
bool ParseIndexKey(std::string_view key, IndexEntry* entry);

std::string TimeKey(const StoredTriple& t);
void AppendTimeKey(std::string* dst, const StoredTriple& t);
std::string TimeSeekKey(Date from);
struct TimeEntry {
  Date date;
  ArticleId article = 0;
  uint32_t ordinal = 0;
};
bool ParseTimeKey(std::string_view key, TimeEntry* entry);

// ---------------------------------------------------------------- Values ---

// Entity record: type u8 | name | alias count varint32 | aliases, each
// string length-prefixed.
std::string EncodeEntity(const StoredEntity& entity);
bool DecodeEntity(EntityId id, std::string_view value, StoredEntity* entity);

// Article record: content hash fixed64 | date fixed32 | date source u8 |
// triple count fixed32 | key | title.
std::string EncodeArticle(const StoredArticle& article);
bool DecodeArticle(ArticleId id, std::string_view value, StoredArticle* article);

// Fact record: subject fixed32 | relation u8 | object fixed32 | date fixed32 |
// flags u8 (bit 0 negated) | confidence fixed32 (IEEE-754 float bits) |
// sentence varint32 | predicate | evidence.
std::string EncodeFact(const StoredTriple& t);
void AppendFact(std::string* dst, const StoredTriple& t);
bool DecodeFact(ArticleId article, uint32_t ordinal, std::string_view value, StoredTriple* t);

}  // namespace coding
}  // namespace geokg

#endif  // GEOKG_GRAPH_CODING_H_
