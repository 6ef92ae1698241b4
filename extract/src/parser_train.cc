#include "parser_train.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "parser_beam.h"
#include "parser_features.h"

namespace geokg::parser {
namespace {

// One training sentence in the parser's position numbering (see State).
struct Example {
  int n = 0;
  std::vector<uint64_t> words;  // n + 2 values.
  std::vector<uint64_t> tags;   // n + 2 values.
  std::vector<int> gold_head;   // n + 2; root = n + 1.
  std::vector<uint8_t> gold_label;
};

std::string Format(const char* fmt, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof(buf), fmt, a, b, c, d);
  return buf;
}

// Tags of every sentence from taggers that did not see it, as classes of
// `final_tagger`.
std::vector<std::vector<uint16_t>> JackknifeTags(const std::vector<conllu::Sentence>& train,
                                                 const Tagger& final_tagger,
                                                 const TrainOptions& options) {
  std::vector<std::vector<uint16_t>> tags(train.size());
  const int folds = options.jackknife_folds;
  std::map<std::pair<std::string, std::string>, uint16_t> final_ids;
  for (size_t t = 0; t < final_tagger.num_tags(); ++t) {
    final_ids[{final_tagger.upos(t), final_tagger.xpos(t)}] = static_cast<uint16_t>(t);
  }
  std::atomic<int> next_fold{0};
  std::mutex log_mu;
  auto work = [&]() {
    while (true) {
      const int fold = next_fold++;
      if (fold >= folds) return;
      std::vector<conllu::Sentence> rest;
      for (size_t s = 0; s < train.size(); ++s) {
        if (static_cast<int>(s % folds) != fold) rest.push_back(train[s]);
      }
      TaggerTrainOptions topt;
      topt.iterations = options.tagger_iterations;
      topt.prune = options.tagger_prune;
      topt.seed = options.seed + 100 + fold;
      const Tagger tagger = TrainTagger(rest, topt);
      TaggerScratch scratch;
      std::vector<std::string_view> words;
      std::vector<uint16_t> ids;
      size_t correct = 0, total = 0;
      for (size_t s = fold; s < train.size(); s += folds) {
        words.clear();
        for (const conllu::Word& w : train[s].words) words.push_back(w.form);
        DescribeTokens(words, &scratch.tokens);
        tagger.Tag(words, &scratch, &ids);
        tags[s].resize(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) {
          tags[s][i] = final_ids.at({tagger.upos(ids[i]), tagger.xpos(ids[i])});
          correct += tagger.upos(ids[i]) == train[s].words[i].upos;
          ++total;
        }
      }
      if (options.log) {
        std::lock_guard<std::mutex> lock(log_mu);
        options.log(Format("jackknife fold %.0f: held-out UPOS %.2f%%", fold,
                           total ? 100.0 * correct / total : 0.0));
      }
    }
  };
  std::vector<std::thread> pool;
  const int threads = std::max(1, std::min(options.threads, folds));
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return tags;
}

// The static oracle's move in a state on the gold path: LEFT-ARC or
// RIGHT-ARC when s0 and b0 are linked in the gold tree, REDUCE as soon as s0
// has its head and no gold dependent left in the buffer, else SHIFT.
// -1 when that move is not valid (the caller falls back on the dynamic
// oracle's costs).
int StaticMove(const State& st, const Moves& moves, const Example& ex) {
  const int s0 = st.s0();
  const int b0 = st.buffer;
  int move = kShift;
  if (s0 != 0 && st.head[s0] < 0 && ex.gold_head[s0] == b0) {
    move = moves.Left(ex.gold_label[s0]);
  } else if (s0 != 0 && !st.BufferIsRoot() && ex.gold_head[b0] == s0) {
    move = moves.Right(ex.gold_label[b0]);
  } else if (s0 != 0 && st.head[s0] >= 0) {
    bool pending = false;
    for (int k = b0; k <= ex.n && !pending; ++k) pending = ex.gold_head[k] == s0;
    if (!pending || st.BufferIsRoot()) move = kReduce;
  }
  return st.IsValid(moves, move) ? move : -1;
}

}  // namespace

class ParserTrainer {
 public:
  static Result<std::unique_ptr<Parser>> Train(const std::vector<conllu::Sentence>& train,
                                               const TrainOptions& options) {
    if (train.empty()) return Status::InvalidArgument("no training sentences");
    auto log = [&](const std::string& line) {
      if (options.log) options.log(line);
    };
    std::unique_ptr<Parser> parser(new Parser());

    // "dep" is always there so that extra roots never carry the root label.
    std::set<std::string> label_set{"root", "dep"};
    for (const conllu::Sentence& s : train) {
      for (const conllu::Word& w : s.words) label_set.insert(w.deprel);
    }
    if (label_set.size() >= kNoLabel) {
      return Status::InvalidArgument("too many dependency labels: " +
                                     std::to_string(label_set.size()));
    }
    parser->labels_.assign(label_set.begin(), label_set.end());
    auto label_id = [&](const std::string& l) {
      return static_cast<int>(std::lower_bound(parser->labels_.begin(), parser->labels_.end(), l) -
                              parser->labels_.begin());
    };
    parser->moves_.num_labels = static_cast<int>(parser->labels_.size());
    parser->moves_.root_label = label_id("root");
    parser->extra_root_label_ = static_cast<uint8_t>(
        label_set.count("parataxis") ? label_id("parataxis") : label_id("dep"));

    auto t0 = std::chrono::steady_clock::now();
    TaggerTrainOptions topt;
    topt.iterations = options.tagger_iterations;
    topt.prune = options.tagger_prune;
    topt.seed = options.seed;
    topt.ensemble = options.tagger_ensemble;
    topt.threads = options.threads;
    parser->tagger_ = TrainTagger(train, topt, [&](int iter, double acc) {
      log(Format("tagger pass %.0f: training accuracy %.2f%%", iter, 100 * acc));
    });
    log(Format("tagger: %.0f features, %.0f weights, %.0f dictionary words",
               static_cast<double>(parser->tagger_.weights().num_features()),
               static_cast<double>(parser->tagger_.weights().num_entries()),
               static_cast<double>(parser->tagger_.dictionary_size())));

    std::vector<std::vector<uint16_t>> tags;
    if (options.jackknife_folds >= 2 &&
        train.size() >= static_cast<size_t>(options.jackknife_folds)) {
      tags = JackknifeTags(train, parser->tagger_, options);
      if (options.tagger_second_pass) {
        TrainSecondPass(train, tags, topt, &parser->tagger_, [&](int iter, double acc) {
          log(Format("tagger second pass %.0f: training accuracy %.2f%%", iter, 100 * acc));
        });
        log(Format("tagger second pass: %.0f features",
                   static_cast<double>(parser->tagger_.second_weights().num_features())));
      }
    } else {
      tags.resize(train.size());
      for (size_t s = 0; s < train.size(); ++s) {
        for (const conllu::Word& w : train[s].words) {
          tags[s].push_back(static_cast<uint16_t>(parser->tagger_.FindTag(w.upos, w.xpos)));
        }
      }
    }
    log(Format("tagging done in %.1f s", Seconds(t0)));

    // Examples, with non-projective trees lifted.
    std::vector<Example> examples(train.size());
    std::vector<TokenInfo> info;
    std::vector<std::string_view> words;
    size_t lifted_sentences = 0;
    for (size_t s = 0; s < train.size(); ++s) {
      const std::vector<conllu::Word>& ws = train[s].words;
      Example& ex = examples[s];
      const int n = static_cast<int>(ws.size());
      ex.n = n;
      words.clear();
      for (const conllu::Word& w : ws) words.push_back(w.form);
      DescribeTokens(words, &info);
      std::vector<int> heads;
      for (const conllu::Word& w : ws) heads.push_back(w.head);
      if (conllu::Projectivize(&heads) > 0) ++lifted_sentences;
      ex.words.assign(n + 2, 0);
      ex.tags.assign(n + 2, 0);
      ex.gold_head.assign(n + 2, 0);
      ex.gold_label.assign(n + 2, kNoLabel);
      ex.words[0] = NoWordValue();
      ex.tags[0] = kNoTagValue;
      ex.words[n + 1] = RootWordValue();
      ex.tags[n + 1] = kRootTagValue;
      for (int i = 1; i <= n; ++i) {
        ex.words[i] = info[i - 1].lower;
        ex.tags[i] = tags[s][i - 1];
        ex.gold_head[i] = heads[i - 1] == 0 ? n + 1 : heads[i - 1];
        ex.gold_label[i] = static_cast<uint8_t>(label_id(ws[i - 1].deprel));
        // A lifted arc to the root keeps its label only if it is "root".
        if (heads[i - 1] == 0) ex.gold_label[i] = static_cast<uint8_t>(parser->moves_.root_label);
      }
    }
    log(Format("%.0f sentences, %.0f made projective by lifting",
               static_cast<double>(examples.size()), static_cast<double>(lifted_sentences)));

    const Moves& moves = parser->moves_;
    // Dev evaluations during training (and the choice of pruning) decode
    // as the finished parser will.
    if (options.beam_width >= 2) parser->set_beam_width(options.beam_width);
    parser->set_beam_margin(options.beam_margin);
    const int members = std::max(1, options.parser_ensemble);
    std::vector<std::vector<Perceptron::Averaged>> averaged(members);
    if (members == 1) {
      // One model: evaluated on dev during training when asked.
      Perceptron model(moves.count());
      TrainMember(
          examples, moves, options, options.seed, 0, &model,
          [&](int iter) {
            if (options.dev_every <= 0 || options.dev.empty() ||
                (iter % options.dev_every != 0 && iter != options.parser_iterations)) {
              return std::string();
            }
            parser->weights_ = ChoosePrune(parser.get(), model.AveragedWeights(), options, log);
            const Evaluation e = Evaluate(*parser, options.dev);
            return Format("; dev UPOS %.2f UAS %.2f LAS %.2f", 100 * e.upos, 100 * e.uas,
                          100 * e.las);
          },
          log);
      averaged[0] = model.AveragedWeights();
    } else {
      // An ensemble: members differ in shuffling and exploration; their
      // averaged weights are averaged again. Members train in parallel.
      std::atomic<int> next{0};
      std::mutex log_mu;
      auto locked_log = [&](const std::string& line) {
        std::lock_guard<std::mutex> lock(log_mu);
        log(line);
      };
      auto work = [&]() {
        while (true) {
          const int m = next++;
          if (m >= members) return;
          Perceptron model(moves.count());
          TrainMember(
              examples, moves, options, options.seed + 7919 * m, m, &model,
              [](int) { return std::string(); }, locked_log);
          averaged[m] = model.AveragedWeights();
        }
      };
      std::vector<std::thread> pool;
      const int threads = std::max(1, std::min(options.threads, members));
      for (int t = 1; t < threads; ++t) pool.emplace_back(work);
      work();
      for (std::thread& t : pool) t.join();
    }
    const std::vector<Perceptron::Averaged> mean = Perceptron::Mean(averaged);
    averaged.clear();
    parser->weights_ = ChoosePrune(parser.get(), mean, options, log);
    if (options.beam_width >= 2) parser->set_beam_width(options.beam_width);
    parser->set_beam_margin(options.beam_margin);
    log(Format("parser: %.0f features, %.0f weights after pruning; trained in %.1f s",
               static_cast<double>(parser->weights_.num_features()),
               static_cast<double>(parser->weights_.num_entries()), Seconds(t0)));
    return parser;
  }

 private:
  // Perceptron passes of one parser (ensemble member `member`, shuffling and
  // exploring with `seed`). `after_pass(iter)` may return text for the
  // pass's progress line.
  static void TrainMember(const std::vector<Example>& examples, const Moves& moves,
                          const TrainOptions& options, uint64_t seed, int member, Perceptron* model,
                          const std::function<std::string(int)>& after_pass,
                          const std::function<void(const std::string&)>& log) {
    if (options.beam_width >= 1) {
      TrainMemberBeam(examples, moves, options, seed, member, model, after_pass, log);
      return;
    }
    const int num_moves = moves.count();
    std::vector<size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    State st;
    uint64_t keys[kMaxParserFeatures];
    std::vector<float> scores(num_moves);
    std::vector<int> costs(num_moves);
    for (int iter = 1; iter <= options.parser_iterations; ++iter) {
      const auto pass_start = std::chrono::steady_clock::now();
      std::shuffle(order.begin(), order.end(), rng);
      size_t decisions = 0, mistakes = 0;
      const bool explore = iter >= options.explore_from;
      for (size_t s : order) {
        const Example& ex = examples[s];
        st.Init(ex.n);
        while (!st.Terminal()) {
          const size_t c = ParserFeatures(st, ex.words.data(), ex.tags.data(), keys);
          std::fill(scores.begin(), scores.end(), 0.0f);
          model->Score(keys, c, scores.data());
          MoveCosts(st, moves, ex.gold_head, ex.gold_label, costs.data());
          int guess = -1, best = -1, min_cost = -1;
          for (int m = 0; m < num_moves; ++m) {
            if (costs[m] < 0) continue;
            if (guess < 0 || scores[m] > scores[guess]) guess = m;
            if (min_cost < 0 || costs[m] < min_cost) min_cost = costs[m];
          }
          for (int m = 0; m < num_moves; ++m) {
            if (costs[m] != min_cost) continue;
            if (best < 0 || scores[m] > scores[best]) best = m;
          }
          ++decisions;
          if (costs[guess] > min_cost) {
            ++mistakes;
            model->Update(keys, c, best, guess);
          }
          model->Tick();
          const bool follow_guess = explore && coin(rng) < options.explore_probability;
          st.Apply(moves, follow_guess ? guess : best);
        }
      }
      std::string line = Format("parser %.0f pass %.0f: ", member, iter) +
                         Format("%.2f%% decisions wrong, %.0f features, %.1f s",
                                100.0 * mistakes / std::max<size_t>(decisions, 1),
                                static_cast<double>(model->num_features()), Seconds(pass_start));
      line += after_pass(iter);
      log(line);
    }
  }

  // Global training of a beam of options.beam_width states (Zhang & Nivre
  // 2011): a structured perceptron over whole move sequences against the
  // static oracle's sequence, updated at the step of maximum violation
  // (Huang et al. 2012) when the beam's answer is wrong, with averaged
  // weights. The beam expands every valid move and keeps all k (no margin).
  static void TrainMemberBeam(const std::vector<Example>& examples, const Moves& moves,
                              const TrainOptions& options, uint64_t seed, int member,
                              Perceptron* model, const std::function<std::string(int)>& after_pass,
                              const std::function<void(const std::string&)>& log) {
    const int num_moves = moves.count();
    const int width = std::max(1, options.beam_width);
    std::vector<size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    Beam beam;
    State gold, pred;
    uint64_t keys[kMaxParserFeatures];
    std::vector<float> scores(num_moves), gold_scores(num_moves);
    std::vector<int> costs(num_moves);
    std::vector<int> gold_moves, pred_moves;
    size_t oracle_fallbacks = 0;
    for (int iter = 1; iter <= options.parser_iterations; ++iter) {
      const auto pass_start = std::chrono::steady_clock::now();
      std::shuffle(order.begin(), order.end(), rng);
      size_t updates = 0, fell_out = 0;
      double update_depth = 0;  // Sum over updates of (update step + 1) / 2n.
      for (size_t s : order) {
        const Example& ex = examples[s];
        if (ex.n == 0) continue;
        // The gold sequence.
        gold_moves.clear();
        gold.Init(ex.n);
        while (!gold.Terminal()) {
          int m = StaticMove(gold, moves, ex);
          if (m < 0) {
            ++oracle_fallbacks;
            MoveCosts(gold, moves, ex.gold_head, ex.gold_label, costs.data());
            for (int c = 0; c < num_moves; ++c) {
              if (costs[c] >= 0 && (m < 0 || costs[c] < costs[m])) m = c;
            }
          }
          gold_moves.push_back(m);
          gold.Apply(moves, m);
        }
        const int length = static_cast<int>(gold_moves.size());
        auto score = [&](const State& st, float* out) {
          model->Score(keys, ParserFeatures(st, ex.words.data(), ex.tags.data(), keys), out);
        };
        beam.Init(ex.n, width);
        gold.Init(ex.n);
        double gold_total = 0;
        int gold_item = 0;  // Index of the gold prefix in the beam, -1 once out.
        int update_at = -1;
        double max_violation = -1;
        bool out = false;
        for (int t = 0; t < length && !beam.Terminal(); ++t) {
          beam.Expand<float>(moves, score, &scores);
          const int gm = gold_moves[t];
          int found = -1;
          if (gold_item >= 0) {
            for (int j = 0; j < beam.size(); ++j) {
              const Beam::Step& h = beam.history(t, j);
              if (h.parent == gold_item && h.move == gm) {
                found = j;
                break;
              }
            }
          }
          if (found >= 0) {
            gold_total = beam.total(found);
          } else {
            std::fill(gold_scores.begin(), gold_scores.end(), 0.0f);
            score(gold, gold_scores.data());
            gold_total += gold_scores[gm];
          }
          gold.Apply(moves, gm);
          gold_item = found;
          if (found != 0) {
            const double violation = beam.total(0) - gold_total;
            if (violation > max_violation) {
              max_violation = violation;
              update_at = t;
            }
          }
          if (found < 0) out = true;
        }
        fell_out += out;
        // Violations are only fixed when the beam's answer is wrong.
        if (!out && gold_item == 0) update_at = -1;
        if (update_at >= 0) {
          ++updates;
          update_depth += (update_at + 1.0) / length;
          beam.Sequence(update_at, 0, &pred_moves);
          int d = 0;
          while (d <= update_at && pred_moves[d] == gold_moves[d]) ++d;
          gold.Init(ex.n);
          for (int t = 0; t < d; ++t) gold.Apply(moves, gold_moves[t]);
          pred = gold;
          auto add = [&](const State& st, int m, float delta) {
            model->Add(keys, ParserFeatures(st, ex.words.data(), ex.tags.data(), keys), m, delta);
          };
          for (int t = d; t <= update_at; ++t) {
            add(gold, gold_moves[t], 1.0f);
            gold.Apply(moves, gold_moves[t]);
            add(pred, pred_moves[t], -1.0f);
            pred.Apply(moves, pred_moves[t]);
          }
        }
        model->Tick();
      }
      std::string line = Format("parser %.0f pass %.0f (beam %.0f): ", member, iter, width) +
                         Format("%.2f%% sentences updated (at %.0f%% of the sequence), ",
                                100.0 * updates / std::max<size_t>(examples.size(), 1),
                                100.0 * update_depth / std::max<size_t>(updates, 1)) +
                         Format("gold fell out in %.2f%%, %.0f features, %.1f s",
                                100.0 * fell_out / std::max<size_t>(examples.size(), 1),
                                static_cast<double>(model->num_features()), Seconds(pass_start));
      if (oracle_fallbacks > 0) line += Format(", %.0f oracle fallbacks", oracle_fallbacks);
      line += after_pass(iter);
      log(line);
    }
  }

  // The parser weights from `weights` pruned at options.parser_prune, or at
  // the candidate threshold with the best dev LAS among models that fit.
  static WeightTable ChoosePrune(Parser* parser, const std::vector<Perceptron::Averaged>& weights,
                                 const TrainOptions& options,
                                 const std::function<void(const std::string&)>& log) {
    const int classes = parser->moves_.count();
    if (options.parser_prune_candidates.empty()) {
      return Perceptron::Freeze(weights, classes, options.parser_prune);
    }
    double best_las = -1;
    double best_prune = options.parser_prune_candidates.back();
    for (double prune : options.parser_prune_candidates) {
      parser->weights_ = Perceptron::Freeze(weights, classes, prune);
      const size_t bytes = parser->Serialize().size();
      double las = 0;
      if (!options.dev.empty()) las = Evaluate(*parser, options.dev).las;
      log(Format("prune %.3f: %.1f MB, dev LAS %.2f", prune, bytes / 1e6, 100 * las));
      if (bytes > options.max_model_bytes) continue;
      if (best_las < 0 || las > best_las + 1e-4) {
        best_las = las;
        best_prune = prune;
      }
    }
    log(Format("kept prune %.3f", best_prune));
    return Perceptron::Freeze(weights, classes, best_prune);
  }

  static double Seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  }
};

Result<std::unique_ptr<Parser>> Train(const std::vector<conllu::Sentence>& train,
                                      const TrainOptions& options) {
  try {
    return ParserTrainer::Train(train, options);
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("parser training failed: ") + e.what());
  }
}

}  // namespace geokg::parser
