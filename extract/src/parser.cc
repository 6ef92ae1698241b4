#include "parser.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "parser_features.h"

namespace geokg::parser {
namespace {

constexpr size_t kHeaderBytes = 16;  // magic, version, payload size.
constexpr size_t kTrailerBytes = 4;  // CRC-32 of the payload.
// Beam decoding caches scores per b0 and per (s0, b0) for sentences of up
// to this many words + 2 (longer ones are scored without caches: at 128,
// the pair table of 104 moves is up to 6.8 MB per thread).
constexpr size_t kMaxCachedSide = 128;
// Lines of each direct-mapped group cache (a power of two).
constexpr size_t kGroupLines = 256;

// The kSignedGroups groups (parser.h): what each reads, and its keys.
struct SignedGroupFunctions {
  uint64_t (*signature)(const State& state);
  size_t (*features)(const State& state, const uint64_t* words, const uint64_t* tags,
                     uint64_t* keys);
};
constexpr SignedGroupFunctions kSignedGroupFunctions[kSignedGroups] = {
    {&ParserS0HeadSignature, &ParserS0HeadFeatures},
    {&ParserS0LeftSignature, &ParserS0LeftFeatures},
    {&ParserS0RightSignature, &ParserS0RightFeatures},
    {&ParserB0LeftSignature, &ParserB0LeftFeatures},
    {&ParserStackS0B0Signature, &ParserStackS0B0Features},
    {&ParserStackS1Signature, &ParserStackS1Features},
};

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

}  // namespace

// See parser.h. A greedy parse often hangs the object of an infinitive
// inside a subject on the main verb as a second subject.
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
    uint32_t margin = 0;
    if (!in.GetU32(&beam_width) || !in.GetU32(&margin) || beam_width == 0 || beam_width > 1024 ||
        (margin > 0x7fffffffu && margin != 0xffffffffu)) {
      return Status::Corruption("bad beam width or margin");
    }
    p->beam_width_ = static_cast<int>(beam_width);
    p->beam_margin_ = margin == 0xffffffffu ? -1 : static_cast<int>(margin);
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
  PutU32(&payload, beam_margin_ < 0 ? 0xffffffffu : static_cast<uint32_t>(beam_margin_));

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
  tagger_.Tag(words, &scratch->tagger, &scratch->tag_ids);
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
  if (beam_width_ > 1) {
    DecodeBeam(n, scratch);
    st = scratch->beam.state(0);
  }
  while (!st.Terminal()) {
    const size_t c =
        ParserFeatures(st, scratch->words.data(), scratch->tags.data(), scratch->keys.data());
    int32_t* scores = scratch->scores.data();
    std::fill(scores, scores + num_moves, 0);
    weights_.Score(scratch->keys.data(), c, scores);
    int best = -1;  // The first valid move with the highest score.
    ForEachValidMove(st, moves_, [&](int m) {
      if (best < 0 || scores[m] > scores[best]) best = m;
    });
    st.Apply(moves_, best);
  }
  FinalTree(st, moves_, extra_root_label_, heads, &scratch->label_ids);
  RepairSecondSubject(tagger_, scratch->tag_ids, repair_labels_, heads, &scratch->label_ids);
}

void Parser::DecodeBeam(int n, ParserScratch* scratch) const {
  const uint64_t* words = scratch->words.data();
  const uint64_t* tags = scratch->tags.data();
  uint64_t* keys = scratch->keys.data();
  const size_t classes = static_cast<size_t>(moves_.count());
  const size_t side = static_cast<size_t>(n) + 2;
  const bool caches = beam_caches_ && side <= kMaxCachedSide;
  if (caches) {
    if (scratch->pair_stamp.size() < side * side) {
      scratch->pair_stamp.resize(side * side, 0);
      scratch->pair_scores.resize(side * side * classes);
    }
    if (scratch->buffer_stamp.size() < side) {
      scratch->buffer_stamp.resize(side, 0);
      scratch->buffer_scores.resize(side * classes);
    }
    for (int g = 0; g < kSignedGroups; ++g) {
      if (scratch->group_lines[g].size() != kGroupLines) {
        scratch->group_lines[g].assign(kGroupLines, ParserScratch::GroupLine{});
        scratch->group_scores[g].assign(kGroupLines * classes, 0);
      }
    }
    if (++scratch->stamp == 0) {  // Wrapped: no entry may look current.
      std::fill(scratch->pair_stamp.begin(), scratch->pair_stamp.end(), 0);
      std::fill(scratch->buffer_stamp.begin(), scratch->buffer_stamp.end(), 0);
      for (auto& lines : scratch->group_lines) {
        std::fill(lines.begin(), lines.end(), ParserScratch::GroupLine{});
      }
      scratch->stamp = 1;
    }
  }
  const uint32_t stamp = scratch->stamp;
  if (scratch->key_outputs.size() < kMaxParserFeatures) {
    scratch->key_outputs.resize(kMaxParserFeatures);
  }
  // Each group's scores come from its cache when that holds them; the keys
  // of the groups that miss are looked up in one ScoreMany pass, each key
  // adding to its group's vector, so that all their cache misses overlap.
  // A line of the kSignedGroups caches is told apart by a 64-bit signature
  // of what its group reads (ParserS0HeadSignature and the others), so a
  // hit makes no keys: other inputs match with probability about 2^-64 per
  // lookup, which would change a score, never memory safety.
  int32_t** outputs = scratch->key_outputs.data();
  auto score = [&](const State& state, int32_t* scores) {
    if (!caches) {
      weights_.Score(keys, ParserFeatures(state, words, tags, keys), scores);
      return;
    }
    size_t c = 0;
    auto route = [&](size_t from, int32_t* vector) {
      for (size_t k = from; k < c; ++k) outputs[k] = vector;
    };
    const size_t b0 = static_cast<size_t>(state.buffer);
    int32_t* buffered = scratch->buffer_scores.data() + b0 * classes;
    if (scratch->buffer_stamp[b0] != stamp) {
      std::fill(buffered, buffered + classes, 0);
      c += ParserBufferFeatures(n, state.buffer, words, tags, keys + c);
      route(0, buffered);
      scratch->buffer_stamp[b0] = stamp;
    }
    const size_t pair = static_cast<size_t>(state.s0()) * side + b0;
    int32_t* paired = scratch->pair_scores.data() + pair * classes;
    if (scratch->pair_stamp[pair] != stamp) {
      const size_t from = c;
      std::fill(paired, paired + classes, 0);
      c += ParserS0B0Features(n, state.s0(), state.buffer, words, tags, keys + c);
      route(from, paired);
      scratch->pair_stamp[pair] = stamp;
    }
    const int32_t* grouped[kSignedGroups];
    for (int g = 0; g < kSignedGroups; ++g) {
      const uint64_t h = kSignedGroupFunctions[g].signature(state);
      const size_t line = static_cast<size_t>(h >> 40) & (kGroupLines - 1);
      ParserScratch::GroupLine& entry = scratch->group_lines[g][line];
      int32_t* cached = scratch->group_scores[g].data() + line * classes;
      grouped[g] = cached;
      if (entry.stamp == stamp && entry.signature == h) continue;
      const size_t from = c;
      c += kSignedGroupFunctions[g].features(state, words, tags, keys + c);
      std::fill(cached, cached + classes, 0);
      route(from, cached);
      entry.stamp = stamp;
      entry.signature = h;
    }
    weights_.ScoreMany(keys, c, outputs);
    for (size_t i = 0; i < classes; ++i) {
      scores[i] += buffered[i] + paired[i] + grouped[0][i] + grouped[1][i] + grouped[2][i] +
                   grouped[3][i] + grouped[4][i] + grouped[5][i];
    }
  };
  // Each item offers SHIFT, REDUCE and its best-scored LEFT-ARC and
  // RIGHT-ARC label only (up to 4 candidates instead of up to 2L + 2).
  auto valid = [&](const State& state, auto&& f) {
    ForEachBestLabelledMove(state, moves_, scratch->scores.data(), f);
  };
  auto apply = [&](State* state, int m) { state->Apply(moves_, m); };
  Beam& beam = scratch->beam;
  beam.Init(n, beam_width_, beam_margin_);
  while (!beam.Terminal()) {
    beam.ExpandWith<int32_t>(moves_.count(), score, valid, apply, &scratch->scores);
  }
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
