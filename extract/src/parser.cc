#include <x86intrin.h>
#include "parser.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "parser_features.h"
#include <cstdlib>
namespace {
struct BeamStats {
  long expanded = 0, steps = 0;
  ~BeamStats() {
    if (steps > 0 && getenv("GEOKG_BEAM_MARGIN")) fprintf(stderr, "effective beam %.3f\n", double(expanded) / steps);
  }
} g_beam_stats;
// Which group each of ParserStateFeatures' keys belongs to: 0 = reads only
// s0's side (s0, its head, grand-head, dependents, labels, valency), 1 =
// only b0's left side, 2 = the rest.
constexpr size_t kStateGroupCount = 58;
constexpr uint8_t kStateGroup[kStateGroupCount] = {
    0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 0,
    0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 2, 2, 2, 2, 0, 2, 2, 2, 2, 2};
constexpr size_t kGroupCacheLines = 256;
struct Cyc {
  uint64_t group_hit[3] = {0, 0, 0}, group_miss[3] = {0, 0, 0};
  uint64_t tag = 0, pair = 0, feat = 0, state = 0, beam = 0, pairs = 0, items = 0;
  ~Cyc() {
    if (beam && getenv("GEOKG_BEAM_MARGIN"))
      fprintf(stderr, "groups hit/miss %lu/%lu %lu/%lu %lu/%lu\n", (unsigned long)group_hit[0], (unsigned long)group_miss[0], (unsigned long)group_hit[1], (unsigned long)group_miss[1], (unsigned long)group_hit[2], (unsigned long)group_miss[2]),
      fprintf(stderr, "Mcycles tag %.0f beam %.0f (pair %.0f feat %.0f state %.0f) pairs %lu items %lu\n", tag / 1e6, beam / 1e6, pair / 1e6, feat / 1e6, state / 1e6, (unsigned long)pairs, (unsigned long)items);
  }
} g_cyc;
}  // namespace

namespace geokg::parser {
namespace {

constexpr size_t kHeaderBytes = 16;  // magic, version, payload size.
constexpr size_t kTrailerBytes = 4;  // CRC-32 of the payload.
// Beam decoding caches pair scores for sentences of up to this many words + 2.
constexpr size_t kMaxCachedPairSide = 256;

bool XposIn(std::string_view xpos, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), xpos) != set.end();
}

// A sentence without a finite verb whose only verb is a participle between
// two noun phrases ("Thai authorities on Friday arrested two men", "Police
// arrested dozens of protesters") is a clause whose past-tense verb was
// tagged as a participle: newswire's commonest tagging error, which turns
// the verb into an adjective of its object. Retags that participle VBD.
void RepairMissingFiniteVerb(const Tagger& tagger, std::vector<uint16_t>* tags) {
  const size_t n = tags->size();
  size_t participle = n;
  bool noun_before = false;
  for (size_t i = 0; i < n; ++i) {
    std::string_view xpos = tagger.xpos((*tags)[i]);
    if (XposIn(xpos, {"VBD", "VBZ", "VBP", "MD"})) return;
    if (xpos == "VBN" && participle == n && noun_before) participle = i;
    if (XposIn(xpos, {"NN", "NNS", "NNP", "NNPS", "PRP"}) && participle == n) noun_before = true;
    if (XposIn(xpos, {"VB", "VBG"}) && participle == n) return;  // Another verb comes first.
  }
  if (participle == n || participle + 1 >= n) return;
  if (!XposIn(tagger.xpos((*tags)[participle + 1]),
              {"DT", "CD", "JJ", "NN", "NNS", "NNP", "NNPS", "PRP$", "PRP"})) {
    return;
  }
  const int past = tagger.FindTag("VERB", "VBD");
  if (past >= 0) (*tags)[participle] = static_cast<uint16_t>(past);
}

// "after the regional body condemned X", "since Russia invaded": a
// preposition that can introduce a clause, followed by a short noun phrase
// and a finite verb, is a subordinator; tagged as a preposition it makes
// the noun phrase its object and the verb lose its subject. Retags it
// SCONJ.
void RepairClauseSubordinator(const Tagger& tagger, const std::vector<std::string_view>& words,
                              std::vector<uint16_t>* tags) {
  const size_t n = tags->size();
  int sconj = -2;  // Looked up on first use.
  for (size_t i = 0; i + 2 < n; ++i) {
    if (tagger.upos((*tags)[i]) != "ADP") continue;
    auto is = [&](std::string_view want) {
      const std::string_view w = words[i];
      if (w.size() != want.size()) return false;
      for (size_t c = 0; c < w.size(); ++c) {
        if (std::tolower(static_cast<unsigned char>(w[c])) != want[c]) return false;
      }
      return true;
    };
    if (!is("after") && !is("before") && !is("since") && !is("until")) continue;
    size_t j = i + 1;
    bool noun = false;
    while (j < n && j <= i + 6 &&
           XposIn(tagger.xpos((*tags)[j]),
                  {"DT", "JJ", "NN", "NNS", "NNP", "NNPS", "POS", "CD", "PRP", "PRP$"})) {
      if (XposIn(tagger.xpos((*tags)[j]), {"NN", "NNS", "NNP", "NNPS", "PRP"})) noun = true;
      ++j;
    }
    if (!noun || j >= n || !XposIn(tagger.xpos((*tags)[j]), {"VBD", "VBZ", "VBP"})) continue;
    if (sconj == -2) sconj = tagger.FindTag("SCONJ", "IN");
    if (sconj >= 0) (*tags)[i] = static_cast<uint16_t>(sconj);
  }
}

// "Georgia's bid to join NATO angered Russia": a greedy parse often hangs
// the object of an infinitive inside a subject on the main verb as a second
// subject. When a verb has two subjects before it and the later one starts
// right after an infinitive without an object that sits inside the earlier
// one, the later one is that infinitive's object. `heads` are 1-based (0 is
// the root); `labels` are label ids.
void RepairSecondSubject(const Tagger& tagger, const std::vector<uint16_t>& tags,
                         const RepairLabels& ids, std::vector<int>* heads,
                         std::vector<uint8_t>* labels) {
  const int n = static_cast<int>(heads->size());
  const int nsubj = ids.nsubj, nsubj_pass = ids.nsubj_pass, obj = ids.obj;
  if (nsubj < 0 || obj < 0) return;
  auto is_subject = [&](int i) { return (*labels)[i] == nsubj || (*labels)[i] == nsubj_pass; };
  // Leftmost word of i's subtree, by walking down leftmost children.
  auto leftmost = [&](int i) {
    int left = i;
    for (bool moved = true; moved;) {
      moved = false;
      for (int j = 0; j < left; ++j) {
        if ((*heads)[j] == left + 1) {
          left = j;
          moved = true;
          break;
        }
      }
    }
    return left;
  };
  auto dominates = [&](int top, int i) {
    for (int depth = 0; i >= 0 && depth < n; ++depth) {
      if (i == top) return true;
      i = (*heads)[i] - 1;
    }
    return false;
  };
  for (int later = 0; later < n; ++later) {
    if (!is_subject(later)) continue;
    const int verb = (*heads)[later] - 1;
    if (verb <= later) continue;
    int earlier = -1;
    for (int i = 0; i < later; ++i) {
      if ((*heads)[i] == verb + 1 && is_subject(i)) earlier = i;
    }
    if (earlier < 0) continue;
    const int infinitive = leftmost(later) - 1;
    if (infinitive <= earlier || tagger.xpos(tags[infinitive]) != "VB" ||
        !dominates(earlier, infinitive)) {
      continue;
    }
    bool has_object = false;
    for (int j = 0; j < n; ++j) {
      if ((*heads)[j] == infinitive + 1 && (*labels)[j] == obj) has_object = true;
    }
    if (has_object) continue;
    (*heads)[later] = infinitive + 1;
    (*labels)[later] = static_cast<uint8_t>(obj);
  }
}

}  // namespace

Result<std::unique_ptr<Parser>> Parser::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::NotFound("cannot open parser model " + path);
  const std::streamoff size = in.tellg();
  if (size < 0) return Status::IOError("cannot read parser model " + path);
  std::string bytes(static_cast<size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), size)) return Status::IOError("cannot read parser model " + path);
  auto parser = FromBytes(bytes);
  if (!parser.ok()) {
    return Status::Corruption(path + ": " + parser.status().message());
  }
  return parser;
}

Result<std::unique_ptr<Parser>> Parser::FromBytes(std::string_view bytes) {
  Reader header(bytes);
  uint32_t magic = 0;
  uint32_t version = 0;
  uint64_t payload_size = 0;
  if (!header.GetU32(&magic) || magic != kModelMagic) {
    return Status::Corruption("not a geokg parser model (bad magic number)");
  }
  if (!header.GetU32(&version) || version < kOldestModelVersion || version > kModelVersion) {
    return Status::Corruption("unsupported parser model version " + std::to_string(version) +
                              " (this build reads " + std::to_string(kOldestModelVersion) + " to " +
                              std::to_string(kModelVersion) + ")");
  }
  if (!header.GetU64(&payload_size) || bytes.size() - kHeaderBytes < kTrailerBytes ||
      payload_size != bytes.size() - kHeaderBytes - kTrailerBytes) {
    return Status::Corruption("parser model truncated or padded: header says " +
                              std::to_string(payload_size) + " payload bytes, file has " +
                              std::to_string(bytes.size()));
  }
  const std::string_view payload = bytes.substr(kHeaderBytes, payload_size);
  Reader trailer(bytes.substr(kHeaderBytes + payload_size));
  uint32_t crc = 0;
  if (!trailer.GetU32(&crc) || crc != Crc32(payload)) {
    return Status::Corruption("parser model checksum mismatch");
  }

  std::unique_ptr<Parser> p(new Parser());
  Reader in(payload);
  Status s = Tagger::Decode(&in, &p->tagger_);
  if (!s.ok()) return s;
  uint32_t num_labels = 0;
  if (!in.GetU32(&num_labels) || num_labels == 0 || num_labels > kNoLabel) {
    return Status::Corruption("bad label count");
  }
  p->labels_.resize(num_labels);
  for (std::string& label : p->labels_) {
    if (!in.GetString(&label)) return Status::Corruption("label list truncated");
  }
  uint32_t root_label = 0;
  uint32_t extra_root_label = 0;
  if (!in.GetU32(&root_label) || !in.GetU32(&extra_root_label) || root_label >= num_labels ||
      extra_root_label >= num_labels) {
    return Status::Corruption("bad root label");
  }
  p->moves_.num_labels = static_cast<int>(num_labels);
  p->moves_.root_label = static_cast<int>(root_label);
  p->extra_root_label_ = static_cast<uint8_t>(extra_root_label);
  for (size_t l = 0; l < p->labels_.size(); ++l) {
    if (p->labels_[l] == "nsubj") p->repair_labels_.nsubj = static_cast<int>(l);
    if (p->labels_[l] == "nsubj:pass") p->repair_labels_.nsubj_pass = static_cast<int>(l);
    if (p->labels_[l] == "obj") p->repair_labels_.obj = static_cast<int>(l);
  }
  s = WeightTable::Decode(&in, &p->weights_);
  if (!s.ok()) return Status::Corruption("parser: " + s.message());
  if (p->weights_.num_classes() != p->moves_.count()) {
    return Status::Corruption("parser weights do not match the label list");
  }
  if (version >= 4) {
    uint32_t beam_width = 0;
    uint32_t flags = 0;
    if (!in.GetU32(&beam_width) || !in.GetU32(&flags) || beam_width == 0 || beam_width > 1024 ||
        flags > 3) {
      return Status::Corruption("bad beam width or decoder flags");
    }
    p->beam_width_ = static_cast<int>(beam_width);
    p->factored_ = flags == 1;
    p->split_ = flags >= 2 ? static_cast<int>(flags) - 1 : 0;
    if (p->split_) {
      s = WeightTable::Decode(&in, &p->arc_weights_);
      if (!s.ok()) return Status::Corruption("parser arcs: " + s.message());
      if (p->arc_weights_.num_classes() != kArcMoves) {
        return Status::Corruption("split parser weights have the wrong class count");
      }
    }
    if (p->factored_) {
      s = WeightTable::Decode(&in, &p->arc_weights_);
      if (!s.ok()) return Status::Corruption("parser arcs: " + s.message());
      s = WeightTable::Decode(&in, &p->label_weights_);
      if (!s.ok()) return Status::Corruption("parser labels: " + s.message());
      if (p->arc_weights_.num_classes() != kArcMoves ||
          p->label_weights_.num_classes() != static_cast<int>(num_labels)) {
        return Status::Corruption("factored parser weights do not match the label list");
      }
    }
  }
  if (in.remaining() != 0) return Status::Corruption("trailing bytes in parser model");
  return p;
}

std::string Parser::Serialize() const {
  std::string payload;
  tagger_.Encode(&payload);
  PutU32(&payload, static_cast<uint32_t>(labels_.size()));
  for (const std::string& label : labels_) PutString(&payload, label);
  PutU32(&payload, static_cast<uint32_t>(moves_.root_label));
  PutU32(&payload, extra_root_label_);
  weights_.Encode(&payload);
  PutU32(&payload, static_cast<uint32_t>(beam_width_));
  PutU32(&payload, factored_ ? 1u : split_ != 0 ? static_cast<uint32_t>(split_) + 1 : 0u);
  if (split_) arc_weights_.Encode(&payload);
  if (factored_) {
    arc_weights_.Encode(&payload);
    label_weights_.Encode(&payload);
  }

  std::string out;
  out.reserve(payload.size() + kHeaderBytes + kTrailerBytes);
  PutU32(&out, kModelMagic);
  PutU32(&out, kModelVersion);
  PutU64(&out, payload.size());
  out += payload;
  PutU32(&out, Crc32(payload));
  return out;
}

Status Parser::Save(const std::string& path) const {
  const std::string bytes = Serialize();
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot create " + tmp);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      return Status::IOError("cannot write " + tmp);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot rename " + tmp + " to " + path);
  }
  return Status::Ok();
}

void Parser::Analyze(const std::vector<std::string_view>& words, ParserScratch* scratch,
                     std::vector<int>* heads) const {
  const int n = static_cast<int>(words.size());
  DescribeTokens(words, &scratch->tagger.tokens);
  const uint64_t t_tag0 = __rdtsc();
  tagger_.Tag(words, &scratch->tagger, &scratch->tag_ids);
  g_cyc.tag += __rdtsc() - t_tag0;
  RepairMissingFiniteVerb(tagger_, &scratch->tag_ids);
  RepairClauseSubordinator(tagger_, words, &scratch->tag_ids);

  scratch->words.resize(n + 2);
  scratch->tags.resize(n + 2);
  scratch->words[0] = NoWordValue();
  scratch->tags[0] = kNoTagValue;
  for (int i = 1; i <= n; ++i) {
    scratch->words[i] = scratch->tagger.tokens[i - 1].lower;
    scratch->tags[i] = scratch->tag_ids[i - 1];
  }
  scratch->words[n + 1] = RootWordValue();
  scratch->tags[n + 1] = kRootTagValue;

  State& st = scratch->state;
  st.Init(n);
  const int num_moves = moves_.count();
  scratch->keys.resize(kMaxParserFeatures);
  scratch->scores.resize(num_moves);
  // A beam scores many states with the same s0 and b0 (every item, at
  // many steps): the 37 templates that read only those two positions are
  // scored once per pair and sentence (scores are sums of integers, so
  // this changes no score).
  const uint64_t* words_data = scratch->words.data();
  const uint64_t* tags_data = scratch->tags.data();
  const size_t side = static_cast<size_t>(n) + 2;
  const bool cache_pairs =
      (factored_ || split_ != 0 || beam_width_ > 1) && side <= kMaxCachedPairSide;
  const bool split_buffer = cache_pairs && !factored_ && split_ == 0;
  static const bool use_groups = getenv("GEOKG_NOGROUPS") == nullptr;
  static const int num_cached_groups = getenv("GEOKG_GROUPS3") ? 3 : 2;
  if (cache_pairs) {
    if (scratch->pair_stamp.size() < side * side) scratch->pair_stamp.resize(side * side, 0);
    if (scratch->buffer_stamp.size() < side) scratch->buffer_stamp.resize(side, 0);
    if (++scratch->stamp == 0) {
      std::fill(scratch->pair_stamp.begin(), scratch->pair_stamp.end(), 0);
      std::fill(scratch->buffer_stamp.begin(), scratch->buffer_stamp.end(), 0);
      scratch->stamp = 1;
    }
  }
  auto beam_score = [&](const WeightTable& table, const State& state, int32_t* scores) {
    uint64_t* keys = scratch->keys.data();
    if (!cache_pairs) {
      table.Score(keys, ParserFeatures(state, words_data, tags_data, keys), scores);
      return;
    }
    const size_t classes = static_cast<size_t>(table.num_classes());
    if (scratch->pair_scores.size() < side * side * classes) {
      scratch->pair_scores.resize(side * side * classes);
    }
    const size_t pair = static_cast<size_t>(state.s0()) * side + static_cast<size_t>(state.buffer);
    int32_t* cached = scratch->pair_scores.data() + pair * classes;
    uint64_t t0 = __rdtsc();
    if (split_buffer) {
      if (scratch->buffer_scores.size() < side * classes) {
        scratch->buffer_scores.resize(side * classes);
      }
      const size_t b0 = static_cast<size_t>(state.buffer);
      int32_t* buffered = scratch->buffer_scores.data() + b0 * classes;
      if (scratch->buffer_stamp[b0] != scratch->stamp) {
        std::fill(buffered, buffered + classes, 0);
        table.Score(keys, ParserBufferFeatures(n, state.buffer, words_data, tags_data, keys),
                    buffered);
        scratch->buffer_stamp[b0] = scratch->stamp;
      }
      if (scratch->pair_stamp[pair] != scratch->stamp) {
        std::fill(cached, cached + classes, 0);
        table.Score(keys,
                    ParserS0B0Features(n, state.s0(), state.buffer, words_data, tags_data, keys),
                    cached);
        scratch->pair_stamp[pair] = scratch->stamp;
        g_cyc.pairs++;
      }
      for (size_t i = 0; i < classes; ++i) scores[i] = cached[i] + buffered[i];
    } else {
    if (scratch->pair_stamp[pair] != scratch->stamp) {
      std::fill(cached, cached + classes, 0);
      const size_t c = ParserPairFeatures(n, state.s0(), state.buffer, words_data, tags_data, keys);
      table.Score(keys, c, cached);
      scratch->pair_stamp[pair] = scratch->stamp;
      g_cyc.pairs++;
    }
    std::copy(cached, cached + classes, scores);
    }
    uint64_t t1 = __rdtsc();
    g_cyc.pair += t1 - t0;
    const size_t c = ParserStateFeatures(state, words_data, tags_data, keys);
    uint64_t t2 = __rdtsc();
    g_cyc.feat += t2 - t1;
    if (split_buffer && c == kStateGroupCount && use_groups) {
      uint64_t group_keys[3][kStateGroupCount];
      size_t group_size[3] = {0, 0, 0};
      uint64_t sig[3] = {0x9e3779b97f4a7c15ull, 0x7f4a7c159e3779b9ull, 0x3c6ef372fe94f82bull};
      for (size_t i = 0; i < c; ++i) {
        const int g = kStateGroup[i];
        group_keys[g][group_size[g]++] = keys[i];
        sig[g] = MixIn(sig[g], keys[i]);
      }
      for (int g = 0; g < num_cached_groups; ++g) {
        auto& lines = scratch->group_lines[g];
        auto& cached_scores = scratch->group_scores[g];
        if (lines.size() != kGroupCacheLines) {
          lines.assign(kGroupCacheLines, ParserScratch::GroupCacheLine{});
          cached_scores.assign(kGroupCacheLines * classes, 0);
        }
        const uint64_t h = Finalize(sig[g]);
        const size_t slot = static_cast<size_t>(h >> 40) & (kGroupCacheLines - 1);
        int32_t* gs = cached_scores.data() + slot * classes;
        if (lines[slot].stamp != scratch->stamp || lines[slot].signature != h) {
          std::fill(gs, gs + classes, 0);
          table.Score(group_keys[g], group_size[g], gs);
          lines[slot].stamp = scratch->stamp;
          lines[slot].signature = h;
          g_cyc.group_miss[g]++;
        } else {
          g_cyc.group_hit[g]++;
        }
        for (size_t i = 0; i < classes; ++i) scores[i] += gs[i];
      }
      if (num_cached_groups == 2) table.Score(group_keys[2], group_size[2], scores);
    } else {
      table.Score(keys, c, scores);
    }
    g_cyc.state += __rdtsc() - t2;
    g_cyc.items++;
  };
  if (split_ != 0) {
    // Labelled moves: pair templates per labelled move (cached per pair
    // with the best LEFT-ARC and RIGHT-ARC label), state templates per
    // unlabelled move. Since the state part is the same for every label of
    // an arc, the pair's best label is the item's.
    Beam& beam = scratch->beam;
    beam.Init(n, beam_width_);
    if (cache_pairs && scratch->pair_best.size() < 2 * side * side) {
      scratch->pair_best.resize(2 * side * side);
    }
    const size_t classes = static_cast<size_t>(moves_.count());
    std::vector<int32_t>& uncached = scratch->label_scores;  // Long sentences.
    auto pair_of = [&](const State& state, const int32_t** pair_scores, const int** best) {
      uint64_t* keys = scratch->keys.data();
      const size_t pair =
          cache_pairs ? static_cast<size_t>(state.s0()) * side + static_cast<size_t>(state.buffer)
                      : 0;
      int32_t* cached = nullptr;
      int* best_moves = nullptr;
      if (cache_pairs) {
        if (scratch->pair_scores.size() < side * side * classes) {
          scratch->pair_scores.resize(side * side * classes);
        }
        cached = scratch->pair_scores.data() + pair * classes;
        best_moves = scratch->pair_best.data() + 2 * pair;
        if (scratch->pair_stamp[pair] == scratch->stamp) {
          *pair_scores = cached;
          *best = best_moves;
          return;
        }
        scratch->pair_stamp[pair] = scratch->stamp;
      } else {
        uncached.resize(classes + 2);
        cached = uncached.data();
        best_moves = reinterpret_cast<int*>(uncached.data() + classes);
      }
      std::fill(cached, cached + classes, 0);
      weights_.Score(keys,
                     ParserPairFeatures(n, state.s0(), state.buffer, words_data, tags_data, keys),
                     cached);
      auto best_of = [&](int first) {
        int b = -1;
        for (int l = 0; l < moves_.num_labels; ++l) {
          if (l == moves_.root_label) continue;
          if (b < 0 || cached[first + l] > cached[b]) b = first + l;
        }
        return b;
      };
      best_moves[0] =
          state.BufferIsRoot() ? moves_.Left(moves_.root_label) : best_of(moves_.Left(0));
      best_moves[1] = best_of(moves_.Right(0));
      *pair_scores = cached;
      *best = best_moves;
    };
    const int* best = nullptr;
    int item_best[2] = {0, 0};
    auto score = [&](const State& state, int32_t* scores) {
      const int32_t* pair = nullptr;
      pair_of(state, &pair, &best);
      int32_t arcs[kArcMoves] = {0, 0, 0, 0};
      uint64_t* keys = scratch->keys.data();
      size_t labelled = 0;
      const size_t c = ParserStateFeatures(state, words_data, tags_data, keys, &labelled);
      if (split_ == 2) {
        // The label group varies per item: labels are chosen per item.
        std::copy(pair, pair + classes, scores);
        weights_.Score(keys, labelled, scores);
        auto best_of = [&](int first) {
          int b = -1;
          for (int l = 0; l < moves_.num_labels; ++l) {
            if (l == moves_.root_label) continue;
            if (b < 0 || scores[first + l] > scores[b]) b = first + l;
          }
          return b;
        };
        item_best[0] =
            state.BufferIsRoot() ? moves_.Left(moves_.root_label) : best_of(moves_.Left(0));
        item_best[1] = best_of(moves_.Right(0));
        best = item_best;
        arc_weights_.Score(keys + labelled, c - labelled, arcs);
        scores[kShift] += arcs[kShift];
        scores[kReduce] += arcs[kReduce];
        scores[best[0]] += arcs[kArcLeft];
        scores[best[1]] += arcs[kArcRight];
        return;
      }
      arc_weights_.Score(keys, c, arcs);
      scores[kShift] = pair[kShift] + arcs[kShift];
      scores[kReduce] = pair[kReduce] + arcs[kReduce];
      scores[best[0]] = pair[best[0]] + arcs[kArcLeft];
      scores[best[1]] = pair[best[1]] + arcs[kArcRight];
    };
    // Called right after score() for the same state: `best` is its pair's.
    auto valid = [&](const State& state, auto&& f) {
      if (state.CanShift()) f(kShift);
      if (state.CanReduce()) f(kReduce);
      if (state.CanLeft()) f(best[0]);
      if (state.CanRight()) f(best[1]);
    };
    auto apply = [&](State* state, int m) { state->Apply(moves_, m); };
    while (!beam.Terminal()) {
      beam.ExpandWith<int32_t>(moves_.count(), score, valid, apply, &scratch->scores);
    }
    st = beam.state(0);
  } else if (factored_) {
    Beam& beam = scratch->beam;
    beam.Init(n, beam_width_);
    scratch->label_keys.resize(kMaxLabelFeatures);
    scratch->label_scores.resize(moves_.num_labels);
    auto score = [&](const State& state, int32_t* scores) {
      beam_score(arc_weights_, state, scores);
    };
    auto valid = [](const State& state, auto&& f) { ForEachValidArcMove(state, f); };
    auto apply = [&](State* state, int arc_move) {
      state->Apply(moves_,
                   LabelArcMove(*state, moves_, label_weights_, arc_move, words_data, tags_data,
                                scratch->label_keys.data(), scratch->label_scores.data()));
    };
    while (!beam.Terminal()) {
      beam.ExpandWith<int32_t>(kArcMoves, score, valid, apply, &scratch->scores);
    }
    st = beam.state(0);
  } else if (beam_width_ > 1) {
    Beam& beam = scratch->beam;
    beam.Init(n, beam_width_);
    static const double margin = getenv("GEOKG_BEAM_MARGIN") ? atof(getenv("GEOKG_BEAM_MARGIN")) : -1;
    beam.set_margin(margin);
    auto score = [&](const State& state, int32_t* scores) { beam_score(weights_, state, scores); };
    // Each item offers SHIFT, REDUCE and its best-scored LEFT-ARC and
    // RIGHT-ARC label only (up to 4 candidates instead of up to 2L + 2).
    auto valid = [&](const State& state, auto&& f) {
      ForEachBestLabelledMove(state, moves_, scratch->scores.data(), f);
    };
    auto apply = [&](State* state, int m) { state->Apply(moves_, m); };
    const uint64_t t_b0 = __rdtsc();
    while (!beam.Terminal()) {
      beam.ExpandWith<int32_t>(moves_.count(), score, valid, apply, &scratch->scores);
    }
    g_cyc.beam += __rdtsc() - t_b0;
    st = beam.state(0);
    g_beam_stats.expanded += beam.expanded_;
    g_beam_stats.steps += beam.all_steps_;
    beam.expanded_ = beam.all_steps_ = 0;
  }
  while (!st.Terminal()) {
    const size_t c =
        ParserFeatures(st, scratch->words.data(), scratch->tags.data(), scratch->keys.data());
    int32_t* scores = scratch->scores.data();
    std::fill(scores, scores + num_moves, 0);
    weights_.Score(scratch->keys.data(), c, scores);
    int best = -1;
    // Valid moves come in blocks: SHIFT, REDUCE, the LEFT-ARCs, the RIGHT-ARCs.
    auto consider = [&](int m) {
      if (best < 0 || scores[m] > scores[best]) best = m;
    };
    if (st.CanShift()) consider(kShift);
    if (st.CanReduce()) consider(kReduce);
    if (st.CanLeft()) {
      if (st.BufferIsRoot()) {
        consider(moves_.Left(moves_.root_label));
      } else {
        for (int l = 0; l < moves_.num_labels; ++l) {
          if (l != moves_.root_label) consider(moves_.Left(l));
        }
      }
    }
    if (st.CanRight()) {
      for (int l = 0; l < moves_.num_labels; ++l) {
        if (l != moves_.root_label) consider(moves_.Right(l));
      }
    }
    st.Apply(moves_, best);
  }
  FinalTree(st, moves_, extra_root_label_, heads, &scratch->label_ids);
  RepairSecondSubject(tagger_, scratch->tag_ids, repair_labels_, heads, &scratch->label_ids);
}

void Parser::Parse(const std::vector<std::string_view>& words, ParserScratch* scratch,
                   Analysis* out) const {
  Analyze(words, scratch, &out->heads);
  const size_t n = words.size();
  out->upos.resize(n);
  out->xpos.resize(n);
  out->deprels.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out->upos[i] = tagger_.upos(scratch->tag_ids[i]);
    out->xpos[i] = tagger_.xpos(scratch->tag_ids[i]);
    out->deprels[i] = labels_[scratch->label_ids[i]];
  }
}

Analysis Parser::Parse(const std::vector<std::string>& words) const {
  std::vector<std::string_view> views(words.begin(), words.end());
  ParserScratch scratch;
  Analysis out;
  Parse(views, &scratch, &out);
  return out;
}

Evaluation Evaluate(const Parser& parser, const std::vector<conllu::Sentence>& gold) {
  Evaluation e;
  ParserScratch scratch;
  std::vector<int> heads;
  std::vector<std::string_view> words;
  size_t upos = 0, xpos = 0, uas = 0, las = 0, las_universal = 0;
  auto universal = [](std::string_view label) { return label.substr(0, label.find(':')); };
  double seconds = 0;
  for (const conllu::Sentence& sentence : gold) {
    words.clear();
    for (const conllu::Word& w : sentence.words) words.push_back(w.form);
    const auto start = std::chrono::steady_clock::now();
    parser.Analyze(words, &scratch, &heads);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (size_t i = 0; i < words.size(); ++i) {
      const conllu::Word& g = sentence.words[i];
      const uint16_t tag = scratch.tag_ids[i];
      upos += parser.tagger().upos(tag) == g.upos;
      xpos += parser.tagger().xpos(tag) == g.xpos;
      if (heads[i] != g.head) continue;
      ++uas;
      const std::string& label = parser.labels()[scratch.label_ids[i]];
      las += label == g.deprel;
      las_universal += universal(label) == universal(g.deprel);
    }
    e.tokens += words.size();
    ++e.sentences;
  }
  if (e.tokens > 0) {
    const double t = static_cast<double>(e.tokens);
    e.upos = upos / t;
    e.xpos = xpos / t;
    e.uas = uas / t;
    e.las = las / t;
    e.las_universal = las_universal / t;
  }
  e.seconds = seconds;
  e.tokens_per_second = seconds > 0 ? static_cast<double>(e.tokens) / seconds : 0;
  return e;
}

}  // namespace geokg::parser
