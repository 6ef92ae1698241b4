// DependencyParser: the public face of the internal tagger and parser
// (parser.h) for the CLI: raw text to CoNLL-U, and evaluation.
#include <exception>
#include <ostream>
#include <string>

#include "geokg/extract.h"
#include "parser.h"
#include "text.h"

namespace geokg {
namespace {

// A comment line must stay on one line: newlines and tabs become spaces.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// A CoNLL-U FORM may not hold a tab or newline (tokens never do; guard).
std::string Field(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out.empty() ? "_" : out;
}

}  // namespace

struct DependencyParser::Impl {
  std::unique_ptr<parser::Parser> model;
};

DependencyParser::DependencyParser() : impl_(std::make_unique<Impl>()) {}
DependencyParser::~DependencyParser() = default;

Result<std::unique_ptr<DependencyParser>> DependencyParser::Load(const std::string& path) {
  try {
    auto model = parser::Parser::Load(path);
    if (!model.ok()) return model.status();
    std::unique_ptr<DependencyParser> p(new DependencyParser());
    p->impl_->model = std::move(model).value();
    return p;
  } catch (const std::exception& e) {
    return Status::IOError("cannot load parser model " + path + ": " + e.what());
  }
}

size_t DependencyParser::WriteConllu(std::string_view text, std::ostream& out) const {
  const std::vector<text::Sentence> sentences = text::SplitSentences(text);
  parser::ParserScratch scratch;
  parser::Analysis analysis;
  std::vector<std::string_view> words;
  size_t written = 0;
  for (const text::Sentence& sentence : sentences) {
    if (sentence.tokens.empty()) continue;
    words.clear();
    for (const text::Token& token : sentence.tokens) words.push_back(token.text);
    impl_->model->Parse(words, &scratch, &analysis);
    ++written;
    out << "# sent_id = " << written << '\n'
        << "# text = " << OneLine(text.substr(sentence.begin, sentence.end - sentence.begin))
        << '\n';
    for (size_t i = 0; i < words.size(); ++i) {
      const bool space_after = i + 1 == words.size() ? true : sentence.tokens[i + 1].space_before;
      out << i + 1 << '\t' << Field(words[i]) << "\t_\t" << analysis.upos[i] << '\t'
          << analysis.xpos[i] << "\t_\t" << analysis.heads[i] << '\t' << analysis.deprels[i]
          << "\t_\t" << (space_after ? "_" : "SpaceAfter=No") << '\n';
    }
    out << '\n';
  }
  return written;
}

void DependencyParser::SetBeamWidth(int width) { impl_->model->set_beam_width(width); }

Result<ParseScores> DependencyParser::Evaluate(const std::string& path) const {
  auto gold = conllu::ReadFile(path);
  if (!gold.ok()) return gold.status();
  const parser::Evaluation e = parser::Evaluate(*impl_->model, *gold);
  ParseScores scores;
  scores.sentences = e.sentences;
  scores.tokens = e.tokens;
  scores.upos = e.upos;
  scores.uas = e.uas;
  scores.las = e.las;
  scores.seconds = e.seconds;
  scores.tokens_per_second = e.tokens_per_second;
  return scores;
}

}  // namespace geokg
