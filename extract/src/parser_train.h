// Internal: training the tagger and the parser from a CoNLL-U treebank.
//
// Training is deterministic for a given seed and input. It runs on the
// calling thread, except for the jackknife taggers, which use up to
// `threads` threads.
#ifndef GEOKG_EXTRACT_PARSER_TRAIN_H_
#define GEOKG_EXTRACT_PARSER_TRAIN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conllu.h"
#include "geokg/graph.h"
#include "parser.h"

namespace geokg::parser {

struct TrainOptions {
  int tagger_iterations = 10;  // Passes of the tagger over the data.
  int parser_iterations = 15;  // Passes of the parser over the data.
  // The parser learns from tags predicted by taggers trained on the other
  // folds, so that it sees tagging errors as they occur at run time.
  // 0 or 1 = learn from gold tags.
  int jackknife_folds = 5;
  // Trains the tagger's second pass (right-context tags) from the held-out
  // first-pass tags of the jackknife; needs jackknife_folds >= 2.
  bool tagger_second_pass = true;
  int threads = 2;  // For the jackknife taggers.
  // Averaged weights below these magnitudes are dropped from the model.
  double tagger_prune = 0.0;
  double parser_prune = 0.0;
  // When non-empty, each of these thresholds is tried in place of
  // `parser_prune`; the one kept gives the best LAS on `dev` (the first
  // that fits when `dev` is empty) among models of at most `max_model_bytes`.
  std::vector<double> parser_prune_candidates;
  size_t max_model_bytes = 28u << 20;
  // From this pass on, the parser follows its own (possibly wrong) move with
  // probability `explore_probability` and learns from the dynamic oracle.
  int explore_from = 2;
  double explore_probability = 0.9;
  // Parsers trained with different shuffling/exploration seeds whose
  // averaged weights are averaged into the model (an ensemble that scores
  // with the mean of their scores, at the run time of one model). Trained
  // on up to `threads` threads.
  int parser_ensemble = 1;
  // The same for the final tagger (both passes; the jackknife taggers stay
  // single).
  int tagger_ensemble = 1;
  uint64_t seed = 1;
  // 0 = greedy training with the dynamic oracle (above). k >= 1 = global
  // training of a beam of k states (Zhang & Nivre 2011): the static
  // oracle's sequence is scored along the beam and the perceptron is
  // updated at the step of maximum violation (Huang et al. 2012); the
  // exploration options do not apply. A model trained with k >= 2 decodes
  // with a beam of k (stored in the model file).
  int beam_width = 0;
  // Beam decoding drops candidates more than this many int16 weight units
  // below the best of their step (< 0: none); stored in the model file.
  // Not used while training.
  int beam_margin = -1;
  // Progress lines ("parser pass 3: ..."), when given.
  std::function<void(const std::string&)> log;
  // Evaluated after each parser pass when non-empty (for tuning; slower).
  std::vector<conllu::Sentence> dev;
  int dev_every = 0;  // 0 = never. Only with parser_ensemble = 1.
};

// Non-projective training trees are made projective by lifting (see
// conllu::Projectivize) before training. InvalidArgument when `train` is
// empty or uses more labels than the model format allows.
Result<std::unique_ptr<Parser>> Train(const std::vector<conllu::Sentence>& train,
                                      const TrainOptions& options);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_TRAIN_H_
