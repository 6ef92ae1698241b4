// Internal: the hashed feature templates of the dependency parser, after
// Zhang & Nivre (2011): words, tags and labels of the stack top, the first
// buffer words, their heads and outermost dependents, plus distance,
// valency and label sets. Pure functions of their arguments.
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
// and returns how many (95). `words` and `tags` hold n + 2 values: index 0
// is none, 1..n the words (lower-cased form hash, tagger class), n + 1 the
// root. They are the keys of the five groups below, in this order.
size_t ParserFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                      uint64_t* keys);

// The groups of ParserFeatures, by what they read, so that a beam decoder
// can reuse a group's scores wherever its inputs repeat:
// - ParserBufferFeatures (15): words and tags of b0-b3 of a sentence of n
//   words;
// - ParserS0B0Features (22): words and tags of s0 with b0 and b1, their
//   distance and the punctuation between them;
// - ParserS0SideFeatures (30): s0 with its head, grand-head, outermost
//   dependents, their labels, s0's label, valency and label sets;
// - ParserB0LeftFeatures (11): b0 with its leftmost dependents, their
//   labels, valency and label set;
// - ParserStackFeatures (17): the rest (s1, s2, and s0's side with b0).
constexpr size_t kParserBufferFeatures = 15;
constexpr size_t kParserS0B0Features = 22;
constexpr size_t kParserS0SideFeatures = 30;
constexpr size_t kParserB0LeftFeatures = 11;
constexpr size_t kParserStackFeatures = 17;
size_t ParserBufferFeatures(int n, int b0, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserS0B0Features(int n, int s0, int b0, const uint64_t* words, const uint64_t* tags,
                          uint64_t* keys);
size_t ParserS0SideFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserB0LeftFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserStackFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                           uint64_t* keys);

// ParserS0SideFeatures in three parts: s0 with its label, head and
// grand-head (8); with its left dependents (11); with its right
// dependents (11). Its left dependents are fixed once s0 is on the stack.
constexpr size_t kParserS0HeadFeatures = 8;
constexpr size_t kParserS0LeftFeatures = 11;
constexpr size_t kParserS0RightFeatures = 11;
size_t ParserS0HeadFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserS0LeftFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserS0RightFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                             uint64_t* keys);

// 64-bit hashes of everything the three parts of ParserS0SideFeatures and
// ParserB0LeftFeatures read from a state (positions, labels, valency,
// label sets), so that a cache of their scores is looked up without making
// the keys. For one sentence's words and tags, equal signatures mean equal
// keys, except with probability about 2^-64 per pair of states. Positions
// must be below 2^21.
uint64_t ParserS0HeadSignature(const State& state);
uint64_t ParserS0LeftSignature(const State& state);
uint64_t ParserS0RightSignature(const State& state);
uint64_t ParserB0LeftSignature(const State& state);

// ParserStackFeatures in two parts, with their signatures as above:
// - ParserStackS0B0Features (10): s0's tag, label, head and outermost
//   dependents with b0 and b0's leftmost dependent;
// - ParserStackS1Features (7): s1 and s2 with s0 and b0.
constexpr size_t kParserStackS0B0Features = 10;
constexpr size_t kParserStackS1Features = 7;
size_t ParserStackS0B0Features(const State& state, const uint64_t* words, const uint64_t* tags,
                               uint64_t* keys);
size_t ParserStackS1Features(const State& state, const uint64_t* words, const uint64_t* tags,
                             uint64_t* keys);
uint64_t ParserStackS0B0Signature(const State& state);
uint64_t ParserStackS1Signature(const State& state);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_FEATURES_H_
