// Fuzz target: the decoders of the store's keys and values
// (graph/src/coding.h), which read whatever bytes a damaged store holds.
//
// Invariants: decoding never reads out of bounds; a value that decodes,
// encoded again, decodes to the same encoding (the encoding is canonical
// after one round).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "coding.h"
#include "fuzz_check.h"

namespace coding = geokg::coding;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  geokg::EntityId entity_id = 0;
  (void)coding::ParseAliasKey(input, &entity_id);
  geokg::ArticleId article_id = 0;
  uint32_t ordinal = 0;
  (void)coding::ParseFactKey(input, &article_id, &ordinal);
  coding::IndexEntry index_entry;
  (void)coding::ParseIndexKey(input, &index_entry);
  coding::TimeEntry time_entry;
  (void)coding::ParseTimeKey(input, &time_entry);

  std::string_view rest = input;
  uint32_t varint = 0;
  while (coding::GetVarint32(&rest, &varint)) {
  }
  rest = input;
  std::string_view field;
  while (coding::GetLengthPrefixed(&rest, &field)) FUZZ_CHECK(field.size() <= input.size());

  geokg::StoredEntity entity;
  if (coding::DecodeEntity(7, input, &entity)) {
    const std::string once = coding::EncodeEntity(entity);
    geokg::StoredEntity again;
    FUZZ_CHECK(coding::DecodeEntity(7, once, &again));
    FUZZ_CHECK(coding::EncodeEntity(again) == once);
  }
  geokg::StoredArticle article;
  if (coding::DecodeArticle(7, input, &article)) {
    const std::string once = coding::EncodeArticle(article);
    geokg::StoredArticle again;
    FUZZ_CHECK(coding::DecodeArticle(7, once, &again));
    FUZZ_CHECK(coding::EncodeArticle(again) == once);
  }
  geokg::StoredTriple fact;
  if (coding::DecodeFact(7, 3, input, &fact)) {
    const std::string once = coding::EncodeFact(fact);
    geokg::StoredTriple again;
    FUZZ_CHECK(coding::DecodeFact(7, 3, once, &again));
    FUZZ_CHECK(coding::EncodeFact(again) == once);
  }
  return 0;
}
