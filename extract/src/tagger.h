// Internal: an averaged-perceptron part-of-speech tagger predicting the pair
// (UPOS, XPOS) as one class. Two greedy left-to-right passes: the first sees
// the tags it already chose on the left; the second (optional) also sees the
// first pass's tags on the right.
//
// A Tagger is immutable after training or decoding and safe to share across
// threads; each call brings its own TaggerScratch.
#ifndef GEOKG_EXTRACT_TAGGER_H_
#define GEOKG_EXTRACT_TAGGER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "conllu.h"
#include "geokg/graph.h"
#include "parser_coding.h"
#include "parser_weights.h"

namespace geokg::parser {

// Hashes of one token's surface, computed once per sentence and shared by
// the tagger and parser features.
struct TokenInfo {
  uint64_t form = 0;                  // Exact bytes.
  uint64_t lower = 0;                 // ASCII lower-cased.
  uint64_t suffix[4] = {0, 0, 0, 0};  // Last 1..4 bytes of the lower form.
  uint64_t prefix[3] = {0, 0, 0};     // First 1..3 bytes of the lower form.
  uint64_t shape = 0;                 // "Xxxx" -> "Xx", "1,000" -> "d,d": runs collapsed to two.
};

// Fills `info` for each word.
void DescribeTokens(const std::vector<std::string_view>& words, std::vector<TokenInfo>* info);

struct TaggerScratch {
  std::vector<TokenInfo> tokens;
  std::vector<uint64_t> ambiguity;
  std::vector<uint64_t> keys;
  std::vector<int32_t> scores;
  std::vector<uint16_t> first_pass;
  std::vector<int32_t> first_margin;
};

class Tagger {
 public:
  Tagger() = default;

  // Class ids of `words` into *tags (resized). Uses scratch->tokens as
  // filled by DescribeTokens for the same words.
  void Tag(const std::vector<std::string_view>& words, TaggerScratch* scratch,
           std::vector<uint16_t>* tags) const;

  size_t num_tags() const { return tags_.size(); }
  const std::string& upos(uint16_t tag) const { return tags_[tag].first; }
  const std::string& xpos(uint16_t tag) const { return tags_[tag].second; }
  // The class of a (UPOS, XPOS) pair, or -1 when training never saw it.
  int FindTag(std::string_view upos, std::string_view xpos) const;
  const WeightTable& weights() const { return weights_; }
  const WeightTable& second_weights() const { return second_weights_; }
  bool has_second_pass() const { return second_weights_.num_features() > 0; }
  // The second pass keeps the first pass's tag of a word whose first-pass
  // margin (best score minus the runner-up) is at least this. In int16
  // weight units of the first pass's table (1/32767 of its
  // largest weight). On EWT dev the second pass changed no first-pass tag
  // with a margin above 18,000 (69% of the words not in the dictionary
  // had one above 22,000).
  static constexpr int32_t kSureMargin = 24000;
  // For tests: the margin from which the second pass keeps the first
  // pass's tag (INT32_MAX: it scores every word).
  void set_sure_margin(int32_t margin) { sure_margin_ = margin; }
  size_t dictionary_size() const { return dictionary_.size(); }

  // Appends the tag list, the tag dictionary and both passes' weights.
  void Encode(std::string* out) const;
  static Status Decode(Reader* in, Tagger* out);

 private:
  friend class TaggerTrainer;
  // Ambiguity class of each of the n tokens into *out.
  void Ambiguities(const TokenInfo* tokens, size_t n, std::vector<uint64_t>* out) const;
  // One greedy pass into *tags. `right` is null for the first pass, else
  // the first pass's tags, and `table` the matching weights. The first
  // pass of a two-pass tagger writes each word's margin (its best score
  // minus the runner-up's; INT32_MAX for a word tagged by the dictionary)
  // into scratch->first_margin; the second keeps the first pass's tag,
  // unscored, for a word whose margin is at least sure_margin_
  // (kSureMargin).
  void TagPass(const TokenInfo* tokens, const uint64_t* ambiguity, size_t n, const uint16_t* right,
               const WeightTable& table, TaggerScratch* scratch, uint16_t* tags) const;

  int32_t sure_margin_ = kSureMargin;
  std::vector<std::pair<std::string, std::string>> tags_;  // (UPOS, XPOS) per class.
  std::unordered_map<uint64_t, uint16_t> dictionary_;      // Exact-form hash -> class.
  // Lower-form hash -> hash of the set of classes seen with it in training
  // (its "ambiguity class"); absent for rare words.
  std::unordered_map<uint64_t, uint64_t> ambiguity_;
  WeightTable weights_;         // First pass.
  WeightTable second_weights_;  // Second pass; no features = one pass only.
};

struct TaggerTrainOptions {
  int iterations = 10;  // Passes over the training data.
  double prune = 0.0;   // Averaged weights smaller than this are dropped.
  uint64_t seed = 1;    // Shuffling order.
  // Taggers trained with different shuffling seeds whose averaged weights
  // are averaged (an ensemble at the run time of one tagger).
  int ensemble = 1;
  int threads = 1;  // For the ensemble members.
  // A form seen at least this often with one class in at least this share of
  // its occurrences is tagged by lookup, without the model.
  int dictionary_min_count = 20;
  double dictionary_min_share = 0.99;
  // Lower-cased forms seen at least this often get an ambiguity class: the
  // set of classes that make up at least `ambiguity_min_share` of them.
  int ambiguity_min_count = 3;
  double ambiguity_min_share = 0.05;
};

// Trains the first pass on `train`. `progress`, when given, receives each
// pass's number and its training accuracy (tokens tagged right while
// learning).
Tagger TrainTagger(const std::vector<conllu::Sentence>& train, const TaggerTrainOptions& options,
                   const std::function<void(int, double)>& progress = nullptr);

// Trains the second pass of `tagger` (trained by TrainTagger on the same
// `train`). `first_pass[s][i]` is the first-pass tag (a class of `tagger`)
// of word i of sentence s, from a tagger that did not see sentence s
// (jackknifing), so that the second pass learns how far to trust it.
void TrainSecondPass(const std::vector<conllu::Sentence>& train,
                     const std::vector<std::vector<uint16_t>>& first_pass,
                     const TaggerTrainOptions& options, Tagger* tagger,
                     const std::function<void(int, double)>& progress = nullptr);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_TAGGER_H_
