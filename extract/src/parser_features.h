// Internal: the hashed feature templates of the dependency parser, after
// Zhang & Nivre (2011): words, tags and labels of the stack top, the first
// buffer words, their heads and outermost dependents, plus distance,
// valency and label sets. Pure function of its arguments.
#ifndef GEOKG_EXTRACT_PARSER_FEATURES_H_
#define GEOKG_EXTRACT_PARSER_FEATURES_H_

#include <cstddef>
#include <cstdint>

#include "parser_transition.h"

namespace geokg::parser {

constexpr size_t kMaxParserFeatures = 96;

// Value of `words`/`tags` at position 0 ("none") and n + 1 (the root).
uint64_t NoWordValue();
uint64_t RootWordValue();
constexpr uint64_t kNoTagValue = 0xffff;
constexpr uint64_t kRootTagValue = 0xfffe;

// Writes the feature keys of `state` to `keys` (room for kMaxParserFeatures)
// and returns how many. `words` and `tags` hold n + 2 values: index 0 is
// none, 1..n the words (lower-cased form hash, tagger class), n + 1 the root.
size_t ParserFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                      uint64_t* keys);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_FEATURES_H_
