// geokg-train-parser: trains the tagger and dependency parser from CoNLL-U
// files and writes the model (docs/parser.md), or evaluates a model.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "conllu.h"
#include "parser.h"
#include "parser_train.h"

namespace {

constexpr const char* kUsage = R"(Usage:
  geokg-train-parser --train TRAIN.conllu --out MODEL [options]
  geokg-train-parser --model MODEL --eval FILE.conllu [--eval FILE.conllu ...]
  geokg-train-parser --model MODEL --margin M --out NEW_MODEL

Training options (defaults in brackets):
  --dev FILE              evaluated after training (and with --dev-every)
  --eval FILE             evaluated after training; repeatable
  --tagger-iterations N   tagger passes [10]
  --parser-iterations N   parser passes [15]
  --folds K               jackknife folds for training tags, 0 = gold tags [5]
  --second-pass 0|1       train the tagger's second (right-context) pass [1]
  --explore-from N        parser pass from which it follows its own moves [2]
  --explore-probability X probability of following its own move then [0.9]
  --tagger-prune X        drop averaged tagger weights below X [0]
  --parser-prune X        drop averaged parser weights below X [0]
  --prune-candidates X,Y,...  try these parser thresholds, keep the best on --dev
                          among models under --max-mb [none]
  --max-mb N              size limit for --prune-candidates [28]
  --ensemble K            parsers (different seeds) averaged into the model [1]
  --tagger-ensemble K     taggers (different seeds) averaged into the model [1]
  --threads N             threads for the jackknife taggers and ensemble [2]
  --seed N                shuffling seed [1]
  --dev-every N           evaluate on --dev every N parser passes, --ensemble 1 only
                          [0 = only at the end]
  --max-sentences N       train on the first N sentences only [all]
  --predict OUT           write the analysis of the last --eval file as CoNLL-U
  --beam K                global training of a beam of K states (max-violation
                          updates); the model decodes with that beam [0 = greedy]
  --margin M              beam decoding drops candidates more than M int16
                          weight units below the best; stored in the model.
                          With --model and --out: rewrite the model with it
                          [-1 = none]
  --eval-beam K           decode the --eval files with a beam of K states
                          (1 = greedy) [the model's]
)";

struct Args {
  std::string train, out, model, dev, predict;
  std::vector<std::string> eval;
  long max_sentences = -1;
  int eval_beam = 0;
  bool margin_given = false;
  geokg::parser::TrainOptions options;
};

bool ParseArgs(int argc, char** argv, Args* args, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      *error = "missing value for " + flag;
      return false;
    }
    const std::string value = argv[++i];
    char* end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    const bool numeric = end != value.c_str() && *end == '\0';
    auto need_number = [&]() {
      if (!numeric) *error = flag + " needs a number, got '" + value + "'";
      return numeric;
    };
    if (flag == "--train") {
      args->train = value;
    } else if (flag == "--out") {
      args->out = value;
    } else if (flag == "--model") {
      args->model = value;
    } else if (flag == "--predict") {
      args->predict = value;
    } else if (flag == "--dev") {
      args->dev = value;
    } else if (flag == "--eval") {
      args->eval.push_back(value);
    } else if (flag == "--tagger-iterations") {
      if (!need_number()) return false;
      args->options.tagger_iterations = static_cast<int>(number);
    } else if (flag == "--parser-iterations") {
      if (!need_number()) return false;
      args->options.parser_iterations = static_cast<int>(number);
    } else if (flag == "--folds") {
      if (!need_number()) return false;
      args->options.jackknife_folds = static_cast<int>(number);
    } else if (flag == "--second-pass") {
      if (!need_number()) return false;
      args->options.tagger_second_pass = number != 0;
    } else if (flag == "--explore-from") {
      if (!need_number()) return false;
      args->options.explore_from = static_cast<int>(number);
    } else if (flag == "--explore-probability") {
      if (!need_number()) return false;
      args->options.explore_probability = number;
    } else if (flag == "--tagger-prune") {
      if (!need_number()) return false;
      args->options.tagger_prune = number;
    } else if (flag == "--parser-prune") {
      if (!need_number()) return false;
      args->options.parser_prune = number;
    } else if (flag == "--prune-candidates") {
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        const std::string item = value.substr(start, comma - start);
        char* item_end = nullptr;
        const double v = std::strtod(item.c_str(), &item_end);
        if (item.empty() || *item_end != '\0') {
          *error = "--prune-candidates needs numbers, got '" + item + "'";
          return false;
        }
        args->options.parser_prune_candidates.push_back(v);
        start = comma + 1;
      }
    } else if (flag == "--max-mb") {
      if (!need_number()) return false;
      args->options.max_model_bytes = static_cast<size_t>(number * (1 << 20));
    } else if (flag == "--tagger-ensemble") {
      if (!need_number()) return false;
      args->options.tagger_ensemble = static_cast<int>(number);
    } else if (flag == "--ensemble") {
      if (!need_number()) return false;
      args->options.parser_ensemble = static_cast<int>(number);
    } else if (flag == "--threads") {
      if (!need_number()) return false;
      args->options.threads = static_cast<int>(number);
    } else if (flag == "--seed") {
      if (!need_number()) return false;
      args->options.seed = static_cast<uint64_t>(number);
    } else if (flag == "--dev-every") {
      if (!need_number()) return false;
      args->options.dev_every = static_cast<int>(number);
    } else if (flag == "--beam") {
      if (!need_number()) return false;
      args->options.beam_width = static_cast<int>(number);
    } else if (flag == "--margin") {
      if (!need_number()) return false;
      args->options.beam_margin = static_cast<int>(number);
      args->margin_given = true;
    } else if (flag == "--eval-beam") {
      if (!need_number()) return false;
      args->eval_beam = static_cast<int>(number);
    } else if (flag == "--max-sentences") {
      if (!need_number()) return false;
      args->max_sentences = static_cast<long>(number);
    } else {
      *error = "unknown option " + flag;
      return false;
    }
  }
  if (args->train.empty() == args->model.empty()) {
    *error = "give either --train (with --out) or --model (with --eval or --out)";
    return false;
  }
  if (!args->train.empty() && args->out.empty()) {
    *error = "--train needs --out";
    return false;
  }
  return true;
}

void Report(const std::string& name, const geokg::parser::Evaluation& e) {
  std::printf(
      "%s: %zu sentences, %zu tokens: UPOS %.2f XPOS %.2f UAS %.2f LAS %.2f (universal labels "
      "%.2f), %.0f tokens/s\n",
      name.c_str(), e.sentences, e.tokens, 100 * e.upos, 100 * e.xpos, 100 * e.uas, 100 * e.las,
      100 * e.las_universal, e.tokens_per_second);
}

int Run(int argc, char** argv) {
  if (argc >= 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  Args args;
  std::string error;
  if (!ParseArgs(argc, argv, &args, &error)) {
    std::cerr << "geokg-train-parser: " << error << "\n" << kUsage;
    return 1;
  }
  std::unique_ptr<geokg::parser::Parser> parser;
  if (!args.train.empty()) {
    auto train = geokg::conllu::ReadFile(args.train);
    if (!train.ok()) {
      std::cerr << "geokg-train-parser: " << train.status().ToString() << "\n";
      return 1;
    }
    if (args.max_sentences >= 0 && static_cast<size_t>(args.max_sentences) < train->size()) {
      train->resize(static_cast<size_t>(args.max_sentences));
    }
    if (!args.dev.empty()) {
      auto dev = geokg::conllu::ReadFile(args.dev);
      if (!dev.ok()) {
        std::cerr << "geokg-train-parser: " << dev.status().ToString() << "\n";
        return 1;
      }
      args.options.dev = std::move(dev.value());
      args.eval.insert(args.eval.begin(), args.dev);
    }
    args.options.log = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    const auto start = std::chrono::steady_clock::now();
    auto trained = geokg::parser::Train(*train, args.options);
    if (!trained.ok()) {
      std::cerr << "geokg-train-parser: " << trained.status().ToString() << "\n";
      return 1;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    parser = std::move(trained.value());
    geokg::Status s = parser->Save(args.out);
    if (!s.ok()) {
      std::cerr << "geokg-train-parser: " << s.ToString() << "\n";
      return 1;
    }
    std::printf("trained on %zu sentences in %.1f s; wrote %s (%zu bytes)\n", train->size(),
                seconds, args.out.c_str(), parser->Serialize().size());
  } else {
    auto loaded = geokg::parser::Parser::Load(args.model);
    if (!loaded.ok()) {
      std::cerr << "geokg-train-parser: " << loaded.status().ToString() << "\n";
      return 1;
    }
    parser = std::move(loaded.value());
    if (args.margin_given) parser->set_beam_margin(args.options.beam_margin);
    if (!args.out.empty()) {
      geokg::Status s = parser->Save(args.out);
      if (!s.ok()) {
        std::cerr << "geokg-train-parser: " << s.ToString() << "\n";
        return 1;
      }
      std::printf("wrote %s (beam %d, margin %d)\n", args.out.c_str(), parser->beam_width(),
                  parser->beam_margin());
    }
  }
  if (args.eval_beam > 0) parser->set_beam_width(args.eval_beam);
  for (const std::string& path : args.eval) {
    auto gold = geokg::conllu::ReadFile(path);
    if (!gold.ok()) {
      std::cerr << "geokg-train-parser: " << gold.status().ToString() << "\n";
      return 1;
    }
    Report(path, geokg::parser::Evaluate(*parser, *gold));
    if (!args.predict.empty() && path == args.eval.back()) {
      std::FILE* f = std::fopen(args.predict.c_str(), "w");
      if (f == nullptr) {
        std::cerr << "geokg-train-parser: cannot write " << args.predict << "\n";
        return 1;
      }
      geokg::parser::ParserScratch scratch;
      geokg::parser::Analysis a;
      std::vector<std::string_view> words;
      for (const geokg::conllu::Sentence& sentence : *gold) {
        words.clear();
        for (const geokg::conllu::Word& w : sentence.words) words.push_back(w.form);
        parser->Parse(words, &scratch, &a);
        for (size_t i = 0; i < words.size(); ++i) {
          std::fprintf(f, "%zu\t%s\t_\t%s\t%s\t_\t%d\t%s\t_\t_\n", i + 1,
                       sentence.words[i].form.c_str(), std::string(a.upos[i]).c_str(),
                       std::string(a.xpos[i]).c_str(), a.heads[i],
                       std::string(a.deprels[i]).c_str());
        }
        std::fprintf(f, "\n");
      }
      std::fclose(f);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "geokg-train-parser: unexpected error: " << e.what() << "\n";
    return 1;
  }
}
