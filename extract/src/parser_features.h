// Internal: the hashed feature templates of the dependency parser, after
// Zhang & Nivre (2011): words, tags and labels of the stack top, the first
// buffer words, their heads and outermost dependents, plus distance,
// valency and label sets. Pure function of its arguments.
#ifndef GEOKG_EXTRACT_PARSER_FEATURES_H_
#define GEOKG_EXTRACT_PARSER_FEATURES_H_

#include <cstddef>
#include <cstdint>

#include "parser_transition.h"
#include "parser_weights.h"

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

// ParserFeatures split in two (the same keys, in another order):
// ParserPairFeatures are the 37 templates that read only the positions s0
// and b0 of a state of n words (words and tags of s0 and b0-b3, distance,
// punctuation between), so a beam computes their scores once per (s0, b0)
// and sentence; ParserStateFeatures are the other 58 (the stack below s0,
// heads, dependents, labels, valency).
constexpr size_t kParserPairFeatures = 37;
// ParserPairFeatures in two: the 15 templates that read only b0-b3
// (ParserBufferFeatures) and the 22 that read s0 (ParserS0B0Features).
size_t ParserBufferFeatures(int n, int b0, const uint64_t* words, const uint64_t* tags,
                            uint64_t* keys);
size_t ParserS0B0Features(int n, int s0, int b0, const uint64_t* words, const uint64_t* tags,
                          uint64_t* keys);
size_t ParserPairFeatures(int n, int s0, int b0, const uint64_t* words, const uint64_t* tags,
                          uint64_t* keys);
// The first 24 keys of ParserStateFeatures (*labelled, when given, is set
// to that count) form the label group: valency, the labels and label sets
// of s0's and b0's dependents, s0's own label and head. Split models with
// a label group (flag 3) weigh them per labelled move too.
constexpr size_t kParserLabelGroupFeatures = 24;
size_t ParserStateFeatures(const State& state, const uint64_t* words, const uint64_t* tags,
                           uint64_t* keys, size_t* labelled = nullptr);

constexpr size_t kMaxLabelFeatures = 32;

// Feature keys (room for kMaxLabelFeatures) for the label of an arc from
// `head` to `dep` about to be made in `state` (LEFT-ARC: head b0, dep s0;
// RIGHT-ARC: head s0, dep b0): the two words and tags, direction and
// distance, neighbouring tags, and the dependents and labels both already
// have. Returns how many.
size_t LabelFeatures(const State& state, int head, int dep, const uint64_t* words,
                     const uint64_t* tags, uint64_t* keys);

// The labelled move for unlabelled move `arc_move` (parser_beam.h:
// kShift, kReduce, kArcLeft, kArcRight) in `state`: SHIFT and REDUCE stay,
// an arc gets the label that `labels` (moves.num_labels classes) scores
// highest, never the root label, except that a LEFT-ARC to the root always
// takes it. `keys` has room for kMaxLabelFeatures, `scores` for
// moves.num_labels.
int LabelArcMove(const State& state, const Moves& moves, const WeightTable& labels, int arc_move,
                 const uint64_t* words, const uint64_t* tags, uint64_t* keys, int32_t* scores);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_FEATURES_H_
