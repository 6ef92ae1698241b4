// Internal: the trained English tagger and dependency parser.
//
// Usage: load the model once, then analyse tokenised sentences:
//   auto parser = parser::Parser::Load(path);      // Result<unique_ptr<Parser>>
//   parser::Analysis a = (*parser)->Parse({"Russia", "invaded", "Ukraine", "."});
//   // a.upos[1] == "VERB", a.heads[1] == 0 (root), a.heads[0] == 2, a.deprels[0] == "nsubj".
//
// Thread safety: a Parser is immutable after Load() and may serve many
// threads at once. Per-call buffers live in a ParserScratch: one per thread.
//
// The model file format is described in docs/parser.md.
#ifndef GEOKG_EXTRACT_PARSER_H_
#define GEOKG_EXTRACT_PARSER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "conllu.h"
#include "geokg/graph.h"
#include "parser_beam.h"
#include "parser_transition.h"
#include "parser_weights.h"
#include "tagger.h"

namespace geokg::parser {

// "GKDP" read as a little-endian u32: the first four bytes of a model file.
constexpr uint32_t kModelMagic = 0x50444b47;
constexpr uint32_t kModelVersion = 4;
// The oldest version Load() still reads (version 3: greedy, labelled moves).
constexpr uint32_t kOldestModelVersion = 3;

// The analysis of one sentence of n words; every vector has n entries. The
// string_views point into the Parser and stay valid while it lives.
struct Analysis {
  std::vector<std::string_view> upos;
  std::vector<std::string_view> xpos;
  std::vector<int> heads;  // 0 = root, else the 1-based index of the head word.
  std::vector<std::string_view> deprels;
};

// Ids of the labels the tree repairs after parsing use (-1: not in the
// model).
struct RepairLabels {
  int nsubj = -1;
  int nsubj_pass = -1;
  int obj = -1;
};

// Reusable per-call buffers. Not shared between threads.
// Feature groups a beam decoder caches by a signature of what they read
// (parser_features.h): the three parts of s0's side, b0's left side, and
// the two parts of the stack group.
constexpr int kSignedGroups = 6;

struct ParserScratch {
  TaggerScratch tagger;
  std::vector<uint16_t> tag_ids;
  std::vector<uint64_t> words;  // Parser word values, positions 0..n+1.
  std::vector<uint64_t> tags;   // Parser tag values, positions 0..n+1.
  State state;
  std::vector<uint64_t> keys;
  std::vector<int32_t> scores;
  std::vector<uint8_t> label_ids;
  // Beam decoding (beam_width() > 1). Scores are cached per sentence by
  // what their feature group reads (parser_features.h), valid where the
  // entry's stamp equals `stamp`: ParserBufferFeatures per b0,
  // ParserS0B0Features per (s0, b0), and the kSignedGroups groups
  // (the three parts of ParserS0SideFeatures, ParserB0LeftFeatures and the
  // two halves of ParserStackFeatures) in direct-mapped lines keyed by a signature of
  // what they read. Scores are sums of integers, so caching changes no
  // score.
  Beam beam;
  std::vector<int32_t> buffer_scores;
  std::vector<uint32_t> buffer_stamp;
  std::vector<int32_t> pair_scores;
  std::vector<uint32_t> pair_stamp;
  struct GroupLine {
    uint64_t signature = 0;
    uint32_t stamp = 0;
  };
  std::vector<GroupLine> group_lines[kSignedGroups];
  std::vector<int32_t> group_scores[kSignedGroups];
  uint32_t stamp = 0;
  // The score vector each key of a WeightTable::ScoreMany call adds to.
  std::vector<int32_t*> key_outputs;
};

// After parsing: when a verb has two subjects before it and the later one
// starts right after an infinitive without an object that sits inside the
// earlier one, the later one becomes that infinitive's object ("Georgia's
// bid to join NATO angered Russia", where a greedy parse hangs NATO on
// "angered"). `heads` are 1-based (0 is the root); `labels` are label ids
// and `tags` the tagger's classes of the words. Exposed for tests.
void RepairSecondSubject(const Tagger& tagger, const std::vector<uint16_t>& tags,
                         const RepairLabels& ids, std::vector<int>* heads,
                         std::vector<uint8_t>* labels);

class Parser {
 public:
  // Reads a model file: NotFound when it cannot be opened, Corruption when
  // the magic, version, checksum or structure is wrong.
  static Result<std::unique_ptr<Parser>> Load(const std::string& path);
  // Decodes a model held in memory (the bytes of a model file).
  static Result<std::unique_ptr<Parser>> FromBytes(std::string_view bytes);

  // The model file bytes (see docs/parser.md).
  std::string Serialize() const;
  // Writes the model to `path` through a temporary file renamed on success.
  Status Save(const std::string& path) const;

  // Tags and parses one sentence. Empty input gives an empty analysis.
  Analysis Parse(const std::vector<std::string>& words) const;
  void Parse(const std::vector<std::string_view>& words, ParserScratch* scratch,
             Analysis* out) const;

  // As Parse(), but leaves class ids: scratch->tag_ids (tagger classes),
  // *heads (0 = root) and scratch->label_ids (indexes into labels()).
  void Analyze(const std::vector<std::string_view>& words, ParserScratch* scratch,
               std::vector<int>* heads) const;

  const Tagger& tagger() const { return tagger_; }
  // For tests: see Tagger::set_sure_margin.
  void set_tagger_sure_margin(int32_t margin) { tagger_.set_sure_margin(margin); }
  const std::vector<std::string>& labels() const { return labels_; }
  const WeightTable& weights() const { return weights_; }

  // Parse with a beam of `width` states instead of greedily (1), dropping
  // candidates more than `margin` (in the units of the int16 weights; < 0:
  // none) below the best of their step. The model file (version 4) stores
  // both as trained and tuned, Load() sets them (version 3 files: greedy),
  // and these override them. Set before the parser is shared between
  // threads. A greedy-trained model decodes badly with a beam.
  void set_beam_width(int width) { beam_width_ = width < 1 ? 1 : width; }
  int beam_width() const { return beam_width_; }
  void set_beam_margin(int margin) { beam_margin_ = margin < 0 ? -1 : margin; }
  int beam_margin() const { return beam_margin_; }
  // Off: a beam scores every item from scratch (for tests; same trees).
  void set_beam_caches(bool on) { beam_caches_ = on; }

 private:
  friend class ParserTrainer;
  Parser() = default;

  // Beam decoding of the n words in scratch->words and scratch->tags; the
  // best sequence ends in scratch->beam.state(0).
  void DecodeBeam(int n, ParserScratch* scratch) const;

  Tagger tagger_;
  std::vector<std::string> labels_;  // Dependency labels, sorted.
  Moves moves_;
  uint8_t extra_root_label_ = 0;  // Label for extra root words (see FinalTree).
  RepairLabels repair_labels_;    // Set from labels_ on load.
  WeightTable weights_;
  int beam_width_ = 1;
  int beam_margin_ = -1;
  bool beam_caches_ = true;
};

// Scores of a parser against gold-tokenised sentences. Every word counts,
// punctuation included (as the CoNLL 2018 evaluation does with gold
// tokenisation).
struct Evaluation {
  size_t sentences = 0;
  size_t tokens = 0;
  double upos = 0;           // Share of words with the right UPOS.
  double xpos = 0;           // Share of words with the right XPOS.
  double uas = 0;            // Share of words with the right head.
  double las = 0;            // Right head and the full label ("nmod:poss").
  double las_universal = 0;  // Right head and label before ':' (CoNLL 2018 LAS).
  double seconds = 0;        // Wall time of tagging and parsing alone.
  double tokens_per_second = 0;
};

// Runs the parser over `gold` (single thread) and compares.
Evaluation Evaluate(const Parser& parser, const std::vector<conllu::Sentence>& gold);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_H_
