#include "parser_features.h"

#include <algorithm>
#include <cstdlib>
#include "parser_weights.h"

namespace geokg::parser {
namespace {

// Three positions (each below 2^21) in one word.
uint64_t Positions(int a, int b, int c) {
  return static_cast<uint64_t>(a) | static_cast<uint64_t>(b) << 21 | static_cast<uint64_t>(c) << 42;
}

// Parser template ids. DO NOT RENUMBER: they are hashed into the model.
enum ParserTemplate : uint32_t {
  kS0WP = 1000,
  kS0W,
  kS0P,
  kB0WP,
  kB0W,
  kB0P,
  kB1WP,
  kB1W,
  kB1P,
  kB2WP,
  kB2W,
  kB2P,
  kS0WPB0WP,
  kS0WPB0W,
  kS0WB0WP,
  kS0WPB0P,
  kS0PB0WP,
  kS0WB0W,
  kS0PB0P,
  kB0PB1P,
  kB0PB1PB2P,
  kS0PB0PB1P,
  kS0HPS0PB0P,
  kS0PS0LPB0P,
  kS0PS0RPB0P,
  kS0PB0PB0LP,
  kS0WD,
  kS0PD,
  kB0WD,
  kB0PD,
  kS0WB0WD,
  kS0PB0PD,
  kS0WVR,
  kS0PVR,
  kS0WVL,
  kS0PVL,
  kB0WVL,
  kB0PVL,
  kS0HW,
  kS0HP,
  kS0L,
  kS0LW,
  kS0LP,
  kS0LL,
  kS0RW,
  kS0RP,
  kS0RL,
  kB0LW,
  kB0LP,
  kB0LL,
  kS0H2W,
  kS0H2P,
  kS0HL,
  kS0L2W,
  kS0L2P,
  kS0L2L,
  kS0R2W,
  kS0R2P,
  kS0R2L,
  kB0L2W,
  kB0L2P,
  kB0L2L,
  kS0PS0LPS0L2P,
  kS0PS0RPS0R2P,
  kS0PS0HPS0H2P,
  kB0PB0LPB0L2P,
  kS0WSR,
  kS0PSR,
  kS0WSL,
  kS0PSL,
  kB0WSL,
  kB0PSL,
  kS1W,
  kS1P,
  kS1PS0PB0P,
  kS0HasHeadS0PB0P,
  kS0HasHeadB0W,
  kB1WB0P,
  kS0PB1P,
  kS0WB1W,
  kS0HasHeadS0W,
  // Added in model version 2.
  kB0WB1P,
  kB0PB1W,
  kS1WS0W,
  kS1PS0P,
  kS1PB0P,
  kS0LabB0P,
  kS0LabS0PB0P,
  kS0RLB0P,
  // Added in model version 3.
  kPunctBetweenS0PB0P,
  kCommaBetweenB0W,
  kS2PS1PS0P,
  kB1PB2PB3P,
  kS0HWB0W,
  kS0WB0PB1P,
};

// Lower-cased form hashes of punctuation counted between s0 and b0.
const uint64_t kComma = HashBytes(",");
const uint64_t kPunct[] = {HashBytes(","),  HashBytes(";"), HashBytes(":"), HashBytes("-"),
                           HashBytes("--"), HashBytes("("), HashBytes(")"), HashBytes("\""),
                           HashBytes("."),  HashBytes("!"), HashBytes("?")};

uint64_t DistanceBin(int s0, int b0) {
  if (s0 == 0) return 0;
  const int d = b0 - s0;
  if (d <= 4) return static_cast<uint64_t>(d);
  if (d <= 6) return 5;
  if (d <= 9) return 6;
  return 7;
}

}  // namespace

uint64_t NoWordValue() {
  static const uint64_t v = HashBytes("\x01<none>");
  return v;
}
uint64_t RootWordValue() {
  static const uint64_t v = HashBytes("\x01<root>");
  return v;
}

size_t ParserBufferFeatures(int n, int b0, const uint64_t* words, const uint64_t* tags,
                            uint64_t* k) {
  const int b1 = b0 + 1 <= n + 1 ? b0 + 1 : 0;
  const int b2 = b0 + 2 <= n + 1 ? b0 + 2 : 0;
  const int b3 = b0 + 3 <= n + 1 ? b0 + 3 : 0;
  const uint64_t b0w = words[b0], b0p = tags[b0];
  const uint64_t b1w = words[b1], b1p = tags[b1];
  const uint64_t b2w = words[b2], b2p = tags[b2];
  size_t c = 0;
  k[c++] = Key(kB0WP, b0w, b0p);
  k[c++] = Key(kB0W, b0w);
  k[c++] = Key(kB0P, b0p);
  k[c++] = Key(kB1WP, b1w, b1p);
  k[c++] = Key(kB1W, b1w);
  k[c++] = Key(kB1P, b1p);
  k[c++] = Key(kB2WP, b2w, b2p);
  k[c++] = Key(kB2W, b2w);
  k[c++] = Key(kB2P, b2p);
  k[c++] = Key(kB0PB1P, b0p, b1p);
  k[c++] = Key(kB0PB1PB2P, b0p, b1p, b2p);
  k[c++] = Key(kB1WB0P, b1w, b0p);
  k[c++] = Key(kB0WB1P, b0w, b1p);
  k[c++] = Key(kB0PB1W, b0p, b1w);
  k[c++] = Key(kB1PB2PB3P, b1p, b2p, tags[b3]);
  return c;
}

size_t ParserS0B0Features(int n, int s0, int b0, const uint64_t* words, const uint64_t* tags,
                          uint64_t* k) {
  const int b1 = b0 + 1 <= n + 1 ? b0 + 1 : 0;
  const uint64_t s0w = words[s0], s0p = tags[s0];
  const uint64_t b0w = words[b0], b0p = tags[b0];
  const uint64_t b1w = words[b1], b1p = tags[b1];
  const uint64_t d = DistanceBin(s0, b0);
  uint64_t punct = 0, comma = 0;
  if (s0 != 0) {
    const int end = b0 - s0 > 16 ? s0 + 16 : b0;
    for (int i = s0 + 1; i < end; ++i) {
      const uint64_t w = words[i];
      comma |= w == kComma;
      for (uint64_t p : kPunct) punct += w == p;
    }
  }
  size_t c = 0;
  k[c++] = Key(kS0WP, s0w, s0p);
  k[c++] = Key(kS0W, s0w);
  k[c++] = Key(kS0P, s0p);
  k[c++] = Key(kS0WPB0WP, s0w, s0p, b0w, b0p);
  k[c++] = Key(kS0WPB0W, s0w, s0p, b0w);
  k[c++] = Key(kS0WB0WP, s0w, b0w, b0p);
  k[c++] = Key(kS0WPB0P, s0w, s0p, b0p);
  k[c++] = Key(kS0PB0WP, s0p, b0w, b0p);
  k[c++] = Key(kS0WB0W, s0w, b0w);
  k[c++] = Key(kS0PB0P, s0p, b0p);
  k[c++] = Key(kS0PB0PB1P, s0p, b0p, b1p);
  k[c++] = Key(kS0WD, s0w, d);
  k[c++] = Key(kS0PD, s0p, d);
  k[c++] = Key(kB0WD, b0w, d);
  k[c++] = Key(kB0PD, b0p, d);
  k[c++] = Key(kS0WB0WD, s0w, b0w, d);
  k[c++] = Key(kS0PB0PD, s0p, b0p, d);
  k[c++] = Key(kS0PB1P, s0p, b1p);
  k[c++] = Key(kS0WB1W, s0w, b1w);
  k[c++] = Key(kPunctBetweenS0PB0P, s0p, b0p, punct > 3 ? 3 : punct);
  k[c++] = Key(kCommaBetweenB0W, b0w, comma);
  k[c++] = Key(kS0WB0PB1P, s0w, b0p, b1p);
  return c;
}

size_t ParserS0HeadFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                            uint64_t* k) {
  const int s0 = st.s0();
  // Head of s0 (never the root: s0 heads come from RIGHT-ARC).
  const int s0h = s0 != 0 && st.head[s0] > 0 ? st.head[s0] : 0;
  const int s0h2 = s0h != 0 && st.head[s0h] > 0 ? st.head[s0h] : 0;
  const uint64_t s0w = words[s0], s0p = tags[s0];
  const uint64_t s0_has_head = s0 != 0 && st.head[s0] >= 0 ? 1 : 0;
  size_t c = 0;
  k[c++] = Key(kS0L, st.label[s0]);
  k[c++] = Key(kS0HL, st.label[s0h]);
  k[c++] = Key(kS0HW, words[s0h]);
  k[c++] = Key(kS0HP, tags[s0h]);
  k[c++] = Key(kS0H2W, words[s0h2]);
  k[c++] = Key(kS0H2P, tags[s0h2]);
  k[c++] = Key(kS0PS0HPS0H2P, s0p, tags[s0h], tags[s0h2]);
  k[c++] = Key(kS0HasHeadS0W, s0_has_head, s0w);
  return c;
}

namespace {

// The templates of s0 with its dependents on one side.
struct S0SideTemplates {
  uint32_t word_valency, tag_valency, label1, label2, word_labels, tag_labels, word1, tag1, word2,
      tag2, tags3;
};

// s0's outermost two dependents on one side (`first`, `second`: left1 and
// left2, or right1 and right2), how many it has there and their label set.
size_t S0DependentFeatures(const State& st, const int* first, const int* second,
                           const uint8_t* count, const uint64_t* label_set,
                           const S0SideTemplates& t, const uint64_t* words, const uint64_t* tags,
                           uint64_t* k) {
  const int s0 = st.s0();
  const int d1 = s0 ? first[s0] : 0;
  const int d2 = s0 ? second[s0] : 0;
  const uint64_t s0w = words[s0], s0p = tags[s0];
  const uint64_t valency = s0 ? count[s0] : 0;
  const uint64_t labels = s0 ? label_set[s0] : 0;
  size_t c = 0;
  k[c++] = Key(t.word_valency, s0w, valency);
  k[c++] = Key(t.tag_valency, s0p, valency);
  k[c++] = Key(t.label1, st.label[d1]);
  k[c++] = Key(t.label2, st.label[d2]);
  k[c++] = Key(t.word_labels, s0w, labels);
  k[c++] = Key(t.tag_labels, s0p, labels);
  k[c++] = Key(t.word1, words[d1]);
  k[c++] = Key(t.tag1, tags[d1]);
  k[c++] = Key(t.word2, words[d2]);
  k[c++] = Key(t.tag2, tags[d2]);
  k[c++] = Key(t.tags3, s0p, tags[d1], tags[d2]);
  return c;
}

// A signature of what S0DependentFeatures reads for one side.
uint64_t S0DependentSignature(const State& st, const int* first, const int* second,
                              const uint8_t* count, const uint64_t* label_set, uint64_t seed) {
  const int s0 = st.s0();
  const int d1 = s0 ? first[s0] : 0;
  const int d2 = s0 ? second[s0] : 0;
  const uint64_t labels = static_cast<uint64_t>(st.label[d1]) |
                          static_cast<uint64_t>(st.label[d2]) << 8 |
                          static_cast<uint64_t>(s0 ? count[s0] : 0) << 16;
  uint64_t h = MixIn(seed, Positions(s0, d1, d2));
  h = MixIn(h, labels);
  h = MixIn(h, s0 ? label_set[s0] : 0);
  return Finalize(h);
}

}  // namespace

size_t ParserS0LeftFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                            uint64_t* k) {
  static constexpr S0SideTemplates kLeft = {kS0WVL, kS0PVL, kS0LL,  kS0L2L, kS0WSL,       kS0PSL,
                                            kS0LW,  kS0LP,  kS0L2W, kS0L2P, kS0PS0LPS0L2P};
  return S0DependentFeatures(st, st.left1, st.left2, st.num_left, st.left_labels, kLeft, words,
                             tags, k);
}

size_t ParserS0RightFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                             uint64_t* k) {
  static constexpr S0SideTemplates kRight = {kS0WVR, kS0PVR, kS0RL,  kS0R2L, kS0WSR,       kS0PSR,
                                             kS0RW,  kS0RP,  kS0R2W, kS0R2P, kS0PS0RPS0R2P};
  return S0DependentFeatures(st, st.right1, st.right2, st.num_right, st.right_labels, kRight, words,
                             tags, k);
}

size_t ParserS0SideFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                            uint64_t* k) {
  size_t c = ParserS0HeadFeatures(st, words, tags, k);
  c += ParserS0LeftFeatures(st, words, tags, k + c);
  return c + ParserS0RightFeatures(st, words, tags, k + c);
}

size_t ParserB0LeftFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                            uint64_t* k) {
  const int b0 = st.buffer;
  const int b0l = st.left1[b0];
  const int b0l2 = st.left2[b0];
  const uint64_t b0w = words[b0], b0p = tags[b0];
  const uint64_t b0lw = words[b0l], b0lp = tags[b0l];
  const uint64_t b0l2w = words[b0l2], b0l2p = tags[b0l2];
  const uint64_t b0vl = st.num_left[b0];
  const uint64_t b0sl = st.left_labels[b0];
  size_t c = 0;
  k[c++] = Key(kB0WVL, b0w, b0vl);
  k[c++] = Key(kB0PVL, b0p, b0vl);
  k[c++] = Key(kB0LL, st.label[b0l]);
  k[c++] = Key(kB0L2L, st.label[b0l2]);
  k[c++] = Key(kB0WSL, b0w, b0sl);
  k[c++] = Key(kB0PSL, b0p, b0sl);
  k[c++] = Key(kB0LW, b0lw);
  k[c++] = Key(kB0LP, b0lp);
  k[c++] = Key(kB0L2W, b0l2w);
  k[c++] = Key(kB0L2P, b0l2p);
  k[c++] = Key(kB0PB0LPB0L2P, b0p, b0lp, b0l2p);
  return c;
}

size_t ParserStackS0B0Features(const State& st, const uint64_t* words, const uint64_t* tags,
                               uint64_t* k) {
  const int s0 = st.s0();
  const int b0 = st.buffer;
  const int s0h = s0 != 0 && st.head[s0] > 0 ? st.head[s0] : 0;
  const int s0l = s0 ? st.left1[s0] : 0;
  const int s0r = s0 ? st.right1[s0] : 0;
  const int b0l = st.left1[b0];
  const uint64_t s0p = tags[s0];
  const uint64_t b0w = words[b0], b0p = tags[b0];
  const uint64_t s0lab = st.label[s0];
  const uint64_t s0rl = st.label[s0r];
  const uint64_t s0_has_head = s0 != 0 && st.head[s0] >= 0 ? 1 : 0;
  size_t c = 0;
  k[c++] = Key(kS0HasHeadS0PB0P, s0_has_head, s0p, b0p);
  k[c++] = Key(kS0LabB0P, s0lab, b0p);
  k[c++] = Key(kS0LabS0PB0P, s0lab, s0p, b0p);
  k[c++] = Key(kS0RLB0P, s0rl, b0p);
  k[c++] = Key(kS0HPS0PB0P, tags[s0h], s0p, b0p);
  k[c++] = Key(kS0PS0LPB0P, s0p, tags[s0l], b0p);
  k[c++] = Key(kS0PS0RPB0P, s0p, tags[s0r], b0p);
  k[c++] = Key(kS0PB0PB0LP, s0p, b0p, tags[b0l]);
  k[c++] = Key(kS0HasHeadB0W, s0_has_head, b0w);
  k[c++] = Key(kS0HWB0W, words[s0h], b0w);
  return c;
}

size_t ParserStackS1Features(const State& st, const uint64_t* words, const uint64_t* tags,
                             uint64_t* k) {
  const int s0 = st.s0();
  const int s1 = st.s1();
  const int s2 = st.stack.size() < 3 ? 0 : st.stack[st.stack.size() - 3];
  const uint64_t s0w = words[s0], s0p = tags[s0];
  const uint64_t s1w = words[s1], s1p = tags[s1];
  const uint64_t b0p = tags[st.buffer];
  size_t c = 0;
  k[c++] = Key(kS1W, s1w);
  k[c++] = Key(kS1P, s1p);
  k[c++] = Key(kS1PS0PB0P, s1p, s0p, b0p);
  k[c++] = Key(kS1WS0W, s1w, s0w);
  k[c++] = Key(kS1PS0P, s1p, s0p);
  k[c++] = Key(kS1PB0P, s1p, b0p);
  k[c++] = Key(kS2PS1PS0P, tags[s2], s1p, s0p);
  return c;
}

size_t ParserStackFeatures(const State& st, const uint64_t* words, const uint64_t* tags,
                           uint64_t* k) {
  const size_t c = ParserStackS0B0Features(st, words, tags, k);
  return c + ParserStackS1Features(st, words, tags, k + c);
}

// Keep in step with ParserS0HeadFeatures: every value it reads is here.
uint64_t ParserS0HeadSignature(const State& st) {
  const int s0 = st.s0();
  const int s0_head = s0 != 0 ? st.head[s0] : -1;  // -1, n + 1 or a word.
  const int s0h = s0 != 0 && s0_head > 0 ? s0_head : 0;
  const int s0h2 = s0h != 0 && st.head[s0h] > 0 ? st.head[s0h] : 0;
  const uint64_t labels = static_cast<uint64_t>(st.label[s0]) | static_cast<uint64_t>(st.label[s0h])
                                                                    << 8;
  uint64_t h = MixIn(0x5bd1e9955bd1e995ull, Positions(s0, s0h, s0h2));
  h = MixIn(h, Positions(s0_head + 1, 0, 0) | labels << 42);
  return Finalize(h);
}

// Keep in step with ParserS0LeftFeatures and ParserS0RightFeatures (through
// S0DependentFeatures): every value they read is in S0DependentSignature.
uint64_t ParserS0LeftSignature(const State& st) {
  return S0DependentSignature(st, st.left1, st.left2, st.num_left, st.left_labels,
                              0x9ae16a3b2f90404full);
}

uint64_t ParserS0RightSignature(const State& st) {
  return S0DependentSignature(st, st.right1, st.right2, st.num_right, st.right_labels,
                              0xff51afd7ed558ccdull);
}

// Keep in step with ParserB0LeftFeatures: every value it reads is here.
uint64_t ParserB0LeftSignature(const State& st) {
  const int b0 = st.buffer;
  const int b0l = st.left1[b0];
  const int b0l2 = st.left2[b0];
  const uint64_t labels = static_cast<uint64_t>(st.label[b0l]) |
                          static_cast<uint64_t>(st.label[b0l2]) << 8 |
                          static_cast<uint64_t>(st.num_left[b0]) << 16;
  uint64_t h = MixIn(0xc2b2ae3d27d4eb4full, Positions(b0, b0l, b0l2));
  h = MixIn(h, labels);
  h = MixIn(h, st.left_labels[b0]);
  return Finalize(h);
}

// Keep in step with ParserStackS0B0Features: every value it reads is here.
uint64_t ParserStackS0B0Signature(const State& st) {
  const int s0 = st.s0();
  const int b0 = st.buffer;
  const int s0_head = s0 != 0 ? st.head[s0] : -1;
  const int s0h = s0 != 0 && s0_head > 0 ? s0_head : 0;
  const int s0l = s0 ? st.left1[s0] : 0;
  const int s0r = s0 ? st.right1[s0] : 0;
  const uint64_t labels = static_cast<uint64_t>(st.label[s0]) | static_cast<uint64_t>(st.label[s0r])
                                                                    << 8;
  uint64_t h = MixIn(0x27d4eb2f165667c5ull, Positions(s0, s0h, s0l));
  h = MixIn(h, Positions(s0r, b0, st.left1[b0]));
  h = MixIn(h, Positions(s0_head + 1, 0, 0) | labels << 42);
  return Finalize(h);
}

// Keep in step with ParserStackS1Features: every value it reads is here.
uint64_t ParserStackS1Signature(const State& st) {
  const int s2 = st.stack.size() < 3 ? 0 : st.stack[st.stack.size() - 3];
  uint64_t h = MixIn(0x165667b19e3779f9ull, Positions(s2, st.s1(), st.s0()));
  h = MixIn(h, static_cast<uint64_t>(st.buffer));
  return Finalize(h);
}

size_t ParserFeatures(const State& st, const uint64_t* words, const uint64_t* tags, uint64_t* k) {
  size_t c = ParserBufferFeatures(st.n, st.buffer, words, tags, k);
  c += ParserS0B0Features(st.n, st.s0(), st.buffer, words, tags, k + c);
  c += ParserS0SideFeatures(st, words, tags, k + c);
  c += ParserB0LeftFeatures(st, words, tags, k + c);
  c += ParserStackFeatures(st, words, tags, k + c);
  return c;
}

}  // namespace geokg::parser
