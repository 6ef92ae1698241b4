#include "tagger.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <thread>

namespace geokg::parser {
namespace {

// Values that stand for "no token" / "no tag" outside the sentence.
const uint64_t kNoWord = HashBytes("\x01<none>");
constexpr uint64_t kNoTag = 0xffff;

// Tagger template ids. DO NOT RENUMBER: they are hashed into the model.
enum TaggerTemplate : uint32_t {
  kBias = 0,
  kForm,
  kLower,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kPrefix1,
  kPrefix2,
  kPrefix3,
  kShape,
  kPrevTag,
  kPrev2Tag,
  kPrevTags,
  kPrevTagWord,
  kPrevWord,
  kPrevSuffix3,
  kPrev2Word,
  kNextWord,
  kNextSuffix3,
  kNext2Word,
  kPrevWordWord,
  kWordNextWord,
  kNextShape,
  kPrevShape,
  kFirstShape,
  kPrevTagSuffix3,
  kNextSuffix2,
  kNext2Suffix3,
  kPrevTagShape,
  kNextWordSuffix3,
  kAmbiguity,
  kPrevAmbiguity,
  kNextAmbiguity,
  kNext2Ambiguity,
  kAmbiguityNextAmbiguity,
  kPrevTagNextAmbiguity,
  kPrevTagAmbiguity,
  // Second pass only: first-pass tags.
  kFirstTag,
  kNextTag,
  kNext2Tag,
  kNextTags,
  kPrevTagNextTag,
  kNextTagWord,
  kNextTagSuffix3,
  kFirstTagWord,
  kNextTagNextWord,
};
constexpr size_t kMaxTaggerFeatures = 48;
constexpr uint64_t kNoAmbiguity = 0;

// `amb` holds the ambiguity class of each word (kNoAmbiguity when unknown);
// `right` the first-pass tags in the second pass, else null.
size_t Features(const TokenInfo* t, const uint64_t* amb, const uint16_t* right, size_t n, size_t i,
                uint64_t p1, uint64_t p2, uint64_t* k) {
  const TokenInfo& w = t[i];
  const uint64_t prev = i >= 1 ? t[i - 1].lower : kNoWord;
  const uint64_t prev_suffix3 = i >= 1 ? t[i - 1].suffix[2] : kNoWord;
  const uint64_t prev_shape = i >= 1 ? t[i - 1].shape : kNoWord;
  const uint64_t prev2 = i >= 2 ? t[i - 2].lower : kNoWord;
  const uint64_t next = i + 1 < n ? t[i + 1].lower : kNoWord;
  const uint64_t next_suffix3 = i + 1 < n ? t[i + 1].suffix[2] : kNoWord;
  const uint64_t next_suffix2 = i + 1 < n ? t[i + 1].suffix[1] : kNoWord;
  const uint64_t next_shape = i + 1 < n ? t[i + 1].shape : kNoWord;
  const uint64_t next2 = i + 2 < n ? t[i + 2].lower : kNoWord;
  const uint64_t next2_suffix3 = i + 2 < n ? t[i + 2].suffix[2] : kNoWord;
  size_t c = 0;
  k[c++] = Key(kBias, 0);
  k[c++] = Key(kForm, w.form);
  k[c++] = Key(kLower, w.lower);
  k[c++] = Key(kSuffix1, w.suffix[0]);
  k[c++] = Key(kSuffix2, w.suffix[1]);
  k[c++] = Key(kSuffix3, w.suffix[2]);
  k[c++] = Key(kSuffix4, w.suffix[3]);
  k[c++] = Key(kPrefix1, w.prefix[0]);
  k[c++] = Key(kPrefix2, w.prefix[1]);
  k[c++] = Key(kPrefix3, w.prefix[2]);
  k[c++] = Key(kShape, w.shape);
  k[c++] = Key(kPrevTag, p1);
  k[c++] = Key(kPrev2Tag, p2);
  k[c++] = Key(kPrevTags, p1, p2);
  k[c++] = Key(kPrevTagWord, p1, w.lower);
  k[c++] = Key(kPrevWord, prev);
  k[c++] = Key(kPrevSuffix3, prev_suffix3);
  k[c++] = Key(kPrev2Word, prev2);
  k[c++] = Key(kNextWord, next);
  k[c++] = Key(kNextSuffix3, next_suffix3);
  k[c++] = Key(kNext2Word, next2);
  k[c++] = Key(kPrevWordWord, prev, w.lower);
  k[c++] = Key(kWordNextWord, w.lower, next);
  k[c++] = Key(kNextShape, next_shape);
  k[c++] = Key(kPrevShape, prev_shape);
  k[c++] = Key(kFirstShape, i == 0 ? 1 : 0, w.shape);
  k[c++] = Key(kPrevTagSuffix3, p1, w.suffix[2]);
  k[c++] = Key(kNextSuffix2, next_suffix2);
  k[c++] = Key(kNext2Suffix3, next2_suffix3);
  k[c++] = Key(kPrevTagShape, p1, w.shape);
  k[c++] = Key(kNextWordSuffix3, next, w.suffix[2]);
  const uint64_t prev_amb = i >= 1 ? amb[i - 1] : 1;
  const uint64_t next_amb = i + 1 < n ? amb[i + 1] : 1;
  const uint64_t next2_amb = i + 2 < n ? amb[i + 2] : 1;
  k[c++] = Key(kAmbiguity, amb[i]);
  k[c++] = Key(kPrevAmbiguity, prev_amb);
  k[c++] = Key(kNextAmbiguity, next_amb);
  k[c++] = Key(kNext2Ambiguity, next2_amb);
  k[c++] = Key(kAmbiguityNextAmbiguity, amb[i], next_amb);
  k[c++] = Key(kPrevTagNextAmbiguity, p1, next_amb);
  k[c++] = Key(kPrevTagAmbiguity, p1, amb[i]);
  if (right != nullptr) {
    const uint64_t t1 = i + 1 < n ? right[i + 1] : kNoTag;
    const uint64_t t2 = i + 2 < n ? right[i + 2] : kNoTag;
    k[c++] = Key(kFirstTag, right[i]);
    k[c++] = Key(kNextTag, t1);
    k[c++] = Key(kNext2Tag, t2);
    k[c++] = Key(kNextTags, t1, t2);
    k[c++] = Key(kPrevTagNextTag, p1, t1);
    k[c++] = Key(kNextTagWord, t1, w.lower);
    k[c++] = Key(kNextTagSuffix3, t1, w.suffix[2]);
    k[c++] = Key(kFirstTagWord, right[i], w.lower);
    k[c++] = Key(kNextTagNextWord, t1, next);
  }
  return c;
}

char ShapeClass(unsigned char ch) {
  if (ch >= 'A' && ch <= 'Z') return 'X';
  if (ch >= 'a' && ch <= 'z') return 'x';
  if (ch >= '0' && ch <= '9') return 'd';
  if (ch >= 0x80) return 'u';
  return static_cast<char>(ch);
}

}  // namespace

void DescribeTokens(const std::vector<std::string_view>& words, std::vector<TokenInfo>* info) {
  info->resize(words.size());
  std::string lower;
  std::string shape;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string_view w = words[i];
    TokenInfo& t = (*info)[i];
    lower.assign(w.data(), w.size());
    for (char& ch : lower) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    shape.clear();
    char last = 0;
    int run = 0;
    for (char ch : w) {
      const char s = ShapeClass(static_cast<unsigned char>(ch));
      run = s == last ? run + 1 : 1;
      last = s;
      if (run <= 2) shape.push_back(s);
    }
    t.form = HashBytes(w);
    t.lower = HashBytes(lower);
    const std::string_view lw = lower;
    for (size_t k = 0; k < 4; ++k) {
      const size_t len = std::min(lw.size(), k + 1);
      t.suffix[k] = HashBytes(lw.substr(lw.size() - len));
    }
    for (size_t k = 0; k < 3; ++k)
      t.prefix[k] = HashBytes(lw.substr(0, std::min(lw.size(), k + 1)));
    t.shape = HashBytes(shape);
  }
}

void Tagger::Tag(const std::vector<std::string_view>& words, TaggerScratch* scratch,
                 std::vector<uint16_t>* tags) const {
  const size_t n = words.size();
  tags->resize(n);
  if (n == 0 || tags_.empty()) return;
  scratch->keys.resize(kMaxTaggerFeatures);
  scratch->scores.resize(tags_.size());
  const TokenInfo* t = scratch->tokens.data();
  Ambiguities(t, n, &scratch->ambiguity);
  const uint64_t* amb = scratch->ambiguity.data();
  if (!has_second_pass()) {
    TagPass(t, amb, n, nullptr, weights_, scratch, tags->data());
    return;
  }
  scratch->first_pass.resize(n);
  TagPass(t, amb, n, nullptr, weights_, scratch, scratch->first_pass.data());
  TagPass(t, amb, n, scratch->first_pass.data(), second_weights_, scratch, tags->data());
}

void Tagger::TagPass(const TokenInfo* t, const uint64_t* amb, size_t n, const uint16_t* right,
                     const WeightTable& table, TaggerScratch* scratch, uint16_t* tags) const {
  uint64_t p1 = kNoTag;
  uint64_t p2 = kNoTag;
  int32_t* scores = scratch->scores.data();
  const size_t num_tags = tags_.size();
  int32_t* margins = nullptr;
  if (right == nullptr && has_second_pass()) {  // Only a second pass reads them.
    scratch->first_margin.resize(n);
    margins = scratch->first_margin.data();
  }
  for (size_t i = 0; i < n; ++i) {
    uint16_t tag = 0;
    auto found = dictionary_.find(t[i].form);
    if (found != dictionary_.end()) {
      tag = found->second;
      if (margins != nullptr) margins[i] = std::numeric_limits<int32_t>::max();
    } else if (right != nullptr && scratch->first_margin[i] >= sure_margin_) {
      tag = right[i];
    } else {
      const size_t c = Features(t, amb, right, n, i, p1, p2, scratch->keys.data());
      std::fill(scores, scores + num_tags, 0);
      table.Score(scratch->keys.data(), c, scores);
      tag = static_cast<uint16_t>(std::max_element(scores, scores + num_tags) - scores);
      if (margins != nullptr) {
        int32_t runner_up = std::numeric_limits<int32_t>::min();
        for (size_t k = 0; k < num_tags; ++k) {
          if (k != tag) runner_up = std::max(runner_up, scores[k]);
        }
        margins[i] = static_cast<int32_t>(std::min<int64_t>(
            static_cast<int64_t>(scores[tag]) - runner_up, std::numeric_limits<int32_t>::max()));
      }
    }
    tags[i] = tag;
    p2 = p1;
    p1 = tag;
  }
}

void Tagger::Ambiguities(const TokenInfo* t, size_t n, std::vector<uint64_t>* out) const {
  out->resize(n);
  for (size_t i = 0; i < n; ++i) {
    auto found = ambiguity_.find(t[i].lower);
    (*out)[i] = found == ambiguity_.end() ? kNoAmbiguity : found->second;
  }
}

int Tagger::FindTag(std::string_view upos, std::string_view xpos) const {
  for (size_t i = 0; i < tags_.size(); ++i) {
    if (tags_[i].first == upos && tags_[i].second == xpos) return static_cast<int>(i);
  }
  return -1;
}

void Tagger::Encode(std::string* out) const {
  PutU32(out, static_cast<uint32_t>(tags_.size()));
  for (const auto& [upos, xpos] : tags_) {
    PutString(out, upos);
    PutString(out, xpos);
  }
  std::vector<std::pair<uint64_t, uint16_t>> dict(dictionary_.begin(), dictionary_.end());
  std::sort(dict.begin(), dict.end());
  PutU32(out, static_cast<uint32_t>(dict.size()));
  for (const auto& [form, tag] : dict) {
    PutU64(out, form);
    PutU16(out, tag);
  }
  std::vector<std::pair<uint64_t, uint64_t>> amb(ambiguity_.begin(), ambiguity_.end());
  std::sort(amb.begin(), amb.end());
  PutU32(out, static_cast<uint32_t>(amb.size()));
  for (const auto& [form, cls] : amb) {
    PutU64(out, form);
    PutU64(out, cls);
  }
  weights_.Encode(out);
  second_weights_.Encode(out);
}

Status Tagger::Decode(Reader* in, Tagger* out) {
  Tagger t;
  uint32_t num_tags = 0;
  if (!in->GetU32(&num_tags)) return Status::Corruption("tag list truncated");
  if (num_tags == 0 || num_tags > 0xfff0) {
    return Status::Corruption("tag list has " + std::to_string(num_tags) + " tags");
  }
  t.tags_.resize(num_tags);
  for (auto& [upos, xpos] : t.tags_) {
    if (!in->GetString(&upos) || !in->GetString(&xpos)) {
      return Status::Corruption("tag list truncated");
    }
  }
  uint32_t dict_size = 0;
  if (!in->GetU32(&dict_size) || dict_size > in->remaining() / 10) {
    return Status::Corruption("tag dictionary truncated");
  }
  for (uint32_t i = 0; i < dict_size; ++i) {
    uint64_t form = 0;
    uint16_t tag = 0;
    if (!in->GetU64(&form) || !in->GetU16(&tag))
      return Status::Corruption("tag dictionary truncated");
    if (tag >= num_tags) return Status::Corruption("tag dictionary class out of range");
    t.dictionary_[form] = tag;
  }
  uint32_t amb_size = 0;
  if (!in->GetU32(&amb_size) || amb_size > in->remaining() / 16) {
    return Status::Corruption("ambiguity classes truncated");
  }
  for (uint32_t i = 0; i < amb_size; ++i) {
    uint64_t form = 0;
    uint64_t cls = 0;
    if (!in->GetU64(&form) || !in->GetU64(&cls)) {
      return Status::Corruption("ambiguity classes truncated");
    }
    t.ambiguity_[form] = cls;
  }
  Status s = WeightTable::Decode(in, &t.weights_);
  if (!s.ok()) return Status::Corruption("tagger: " + s.message());
  s = WeightTable::Decode(in, &t.second_weights_);
  if (!s.ok()) return Status::Corruption("tagger second pass: " + s.message());
  if (t.weights_.num_classes() != static_cast<int>(num_tags) ||
      t.second_weights_.num_classes() != static_cast<int>(num_tags)) {
    return Status::Corruption("tagger weights do not match the tag list");
  }
  *out = std::move(t);
  return Status::Ok();
}

// Builds a Tagger from treebank sentences; a friend of Tagger.
class TaggerTrainer {
 public:
  static Tagger Train(const std::vector<conllu::Sentence>& train, const TaggerTrainOptions& options,
                      const std::function<void(int, double)>& progress) {
    Tagger tagger;
    std::map<std::pair<std::string, std::string>, uint16_t> tag_ids;
    std::vector<std::vector<uint16_t>> gold(train.size());
    std::unordered_map<uint64_t, std::unordered_map<uint16_t, int>> form_counts;
    for (size_t s = 0; s < train.size(); ++s) {
      for (const conllu::Word& w : train[s].words) {
        auto [it, added] =
            tag_ids.emplace(std::make_pair(w.upos, w.xpos), static_cast<uint16_t>(tag_ids.size()));
        if (added) tagger.tags_.push_back(it->first);
        gold[s].push_back(it->second);
        ++form_counts[HashBytes(w.form)][it->second];
      }
    }
    std::unordered_map<uint64_t, std::map<uint16_t, int>> lower_counts;
    {
      std::vector<TokenInfo> info;
      std::vector<std::string_view> ws;
      for (size_t s = 0; s < train.size(); ++s) {
        ws.clear();
        for (const conllu::Word& w : train[s].words) ws.push_back(w.form);
        DescribeTokens(ws, &info);
        for (size_t i = 0; i < ws.size(); ++i) ++lower_counts[info[i].lower][gold[s][i]];
      }
    }
    for (const auto& [lower, counts] : lower_counts) {
      int total = 0;
      for (const auto& [tag, count] : counts) total += count;
      if (total < options.ambiguity_min_count) continue;
      uint64_t cls = 0x51;
      for (const auto& [tag, count] : counts) {
        if (count >= options.ambiguity_min_share * total) cls = MixIn(cls, tag + 1);
      }
      tagger.ambiguity_[lower] = Finalize(cls) | 2;  // Never kNoAmbiguity or the "none" 1.
    }
    for (const auto& [form, counts] : form_counts) {
      int total = 0;
      int best = 0;
      uint16_t best_tag = 0;
      for (const auto& [tag, count] : counts) {
        total += count;
        if (count > best) {
          best = count;
          best_tag = tag;
        }
      }
      if (total >= options.dictionary_min_count &&
          best >= options.dictionary_min_share * static_cast<double>(total)) {
        tagger.dictionary_[form] = best_tag;
      }
    }
    tagger.weights_ = Learn(train, gold, nullptr, options, tagger, progress);
    tagger.second_weights_ = WeightTable(static_cast<int>(tagger.tags_.size()), {});
    return tagger;
  }

  static void TrainSecondPass(const std::vector<conllu::Sentence>& train,
                              const std::vector<std::vector<uint16_t>>& first_pass,
                              const TaggerTrainOptions& options, Tagger* tagger,
                              const std::function<void(int, double)>& progress) {
    std::map<std::pair<std::string_view, std::string_view>, uint16_t> ids;
    for (size_t t = 0; t < tagger->tags_.size(); ++t) {
      ids[{tagger->tags_[t].first, tagger->tags_[t].second}] = static_cast<uint16_t>(t);
    }
    std::vector<std::vector<uint16_t>> gold(train.size());
    for (size_t s = 0; s < train.size(); ++s) {
      for (const conllu::Word& w : train[s].words) {
        auto found = ids.find({w.upos, w.xpos});
        gold[s].push_back(found == ids.end() ? 0 : found->second);
      }
    }
    tagger->second_weights_ = Learn(train, gold, &first_pass, options, *tagger, progress);
  }

 private:
  // Averaged-perceptron passes over `train` for the first pass (`right` is
  // null) or the second (`right` holds first-pass tags per sentence).
  static WeightTable Learn(const std::vector<conllu::Sentence>& train,
                           const std::vector<std::vector<uint16_t>>& gold,
                           const std::vector<std::vector<uint16_t>>* right,
                           const TaggerTrainOptions& options, const Tagger& tagger,
                           const std::function<void(int, double)>& progress) {
    const int num_tags = static_cast<int>(tagger.tags_.size());
    const int members = std::max(1, options.ensemble);
    std::vector<std::vector<Perceptron::Averaged>> averaged(members);
    std::atomic<int> next{0};
    auto work = [&]() {
      while (true) {
        const int m = next++;
        if (m >= members) return;
        // Only member 0 reports progress (the first taken, on this thread).
        averaged[m] = LearnOne(train, gold, right, options, tagger, options.seed + 7919 * m,
                               m == 0 ? progress : std::function<void(int, double)>());
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(options.threads, members); ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    return Perceptron::Freeze(Perceptron::Mean(averaged), std::max(num_tags, 1), options.prune);
  }

  static std::vector<Perceptron::Averaged> LearnOne(
      const std::vector<conllu::Sentence>& train, const std::vector<std::vector<uint16_t>>& gold,
      const std::vector<std::vector<uint16_t>>* right, const TaggerTrainOptions& options,
      const Tagger& tagger, uint64_t seed, const std::function<void(int, double)>& progress) {
    const int num_tags = static_cast<int>(tagger.tags_.size());
    Perceptron model(std::max(num_tags, 1));
    std::vector<size_t> order(train.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed + (right != nullptr ? 7 : 0));
    std::vector<TokenInfo> tokens;
    std::vector<std::string_view> words;
    std::vector<uint64_t> amb;
    uint64_t keys[kMaxTaggerFeatures];
    std::vector<float> scores(num_tags);
    for (int iter = 1; iter <= options.iterations; ++iter) {
      std::shuffle(order.begin(), order.end(), rng);
      size_t correct = 0;
      size_t total = 0;
      for (size_t s : order) {
        const std::vector<conllu::Word>& sentence = train[s].words;
        words.clear();
        for (const conllu::Word& w : sentence) words.push_back(w.form);
        DescribeTokens(words, &tokens);
        const size_t n = words.size();
        tagger.Ambiguities(tokens.data(), n, &amb);
        const uint16_t* r = right != nullptr ? (*right)[s].data() : nullptr;
        uint64_t p1 = kNoTag;
        uint64_t p2 = kNoTag;
        for (size_t i = 0; i < n; ++i) {
          uint16_t guess = 0;
          auto found = tagger.dictionary_.find(tokens[i].form);
          if (found != tagger.dictionary_.end()) {
            guess = found->second;
          } else {
            const size_t c = Features(tokens.data(), amb.data(), r, n, i, p1, p2, keys);
            std::fill(scores.begin(), scores.end(), 0.0f);
            model.Score(keys, c, scores.data());
            guess = static_cast<uint16_t>(std::max_element(scores.begin(), scores.end()) -
                                          scores.begin());
            if (guess != gold[s][i]) model.Update(keys, c, gold[s][i], guess);
            model.Tick();
          }
          correct += guess == gold[s][i];
          ++total;
          p2 = p1;
          p1 = guess;
        }
      }
      if (progress) progress(iter, total ? static_cast<double>(correct) / total : 0.0);
    }
    return model.AveragedWeights();
  }
};

Tagger TrainTagger(const std::vector<conllu::Sentence>& train, const TaggerTrainOptions& options,
                   const std::function<void(int, double)>& progress) {
  return TaggerTrainer::Train(train, options, progress);
}

void TrainSecondPass(const std::vector<conllu::Sentence>& train,
                     const std::vector<std::vector<uint16_t>>& first_pass,
                     const TaggerTrainOptions& options, Tagger* tagger,
                     const std::function<void(int, double)>& progress) {
  TaggerTrainer::TrainSecondPass(train, first_pass, options, tagger, progress);
}

}  // namespace geokg::parser
