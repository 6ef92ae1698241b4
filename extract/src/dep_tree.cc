// ParseSentence: runs the tagger and dependency parser over one sentence,
// with multi-token names folded into one word each (see DepTree).
#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "analysis.h"

namespace geokg {
namespace {

// A word the EWT-trained tagger knows well for each kind of name; the
// parser then attaches the whole name as one proper noun (or adjective).
std::string_view Placeholder(EntityType type, AliasKind kind) {
  if (kind == AliasKind::kAdjective) return "American";
  if (kind == AliasKind::kDemonym) return "Americans";
  switch (type) {
    case EntityType::kPerson:
      return "Bush";
    case EntityType::kGpe:
      return "Iraq";
    default:
      return "Congress";
  }
}

bool IsNameWord(const text::Token& t) {
  if (t.capitalized || t.shape != text::TokenShape::kWord) return true;
  return t.text == "of" || t.text == "and" || t.text == "for" || t.text == "al" ||
         t.text == "bin" || t.text == "de" || t.text == "la" || t.text == "van" || t.text == "von";
}

// The parser learnt American English (EWT): "criticised" is an unknown
// word to it and often tagged an adjective. A British -is(e)- form whose -iz-
// form the treebank knows, and which it does not know itself, is parsed in
// the American spelling. Returns the respelled word (kept in *store), or null.
const std::string* AmericanSpelling(const Vocabulary& vocabulary, const std::string& word,
                                    std::vector<std::string>* store) {
  if (word.size() < 5) return nullptr;
  const std::string lower = text::AsciiLower(word);
  size_t at = std::string::npos;
  for (const char* suffix : {"ise", "ised", "ises", "ising", "isation", "isations"}) {
    const size_t n = std::char_traits<char>::length(suffix);
    if (lower.size() > n + 2 && lower.compare(lower.size() - n, n, suffix) == 0) {
      at = lower.size() - n + 1;  // The 's'.
    }
  }
  if (at == std::string::npos || vocabulary.Lookup(lower) != nullptr) return nullptr;
  std::string american = lower;
  american[at] = 'z';
  if (vocabulary.Lookup(american) == nullptr) return nullptr;
  if (word[at] == 'S') american[at] = 'Z';
  for (size_t i = 0; i < word.size(); ++i) {
    if (i != at) american[i] = word[i];  // Keep the original case.
  }
  store->push_back(std::move(american));
  return &store->back();
}

// Longer sentences are scraped lists or run-ons; the surface rules handle them.
constexpr size_t kMaxParsedTokens = 150;
constexpr bool kFoldSingle = false;

}  // namespace

bool TraceEnabled() {
  static const bool enabled = std::getenv("GEOKG_TRACE") != nullptr;
  return enabled;
}

void ParseSentence(const parser::Parser& parser, const Vocabulary& vocabulary,
                   const ArticleState& state, SentenceInfo* info) {
  thread_local parser::ParserScratch scratch;
  thread_local parser::Analysis analysis;
  thread_local std::vector<std::string_view> words;
  thread_local std::vector<std::string> respelled;  // Owns American spellings.
  respelled.clear();
  respelled.reserve(info->sentence->tokens.size());
  DepTree& tree = info->tree;
  tree = DepTree();
  const auto& tokens = info->sentence->tokens;
  if (tokens.empty() || tokens.size() > kMaxParsedTokens) return;

  // Which tokens fold into one node: role phrase + name ("UN
  // Secretary-General Ban Ki-moon"), or a multi-word name.
  struct Fold {
    size_t begin, end;
    int mention;
  };
  std::vector<Fold> folds;
  std::vector<int> mention_of_token(tokens.size(), -1);
  for (size_t m = 0; m < info->mentions.size(); ++m) {
    const Mention& mn = info->mentions[m];
    for (size_t k = mn.begin; k < mn.end; ++k) {
      if (mention_of_token[k] < 0) mention_of_token[k] = static_cast<int>(m);
    }
  }
  for (const auto& [begin, end] : info->role_prefixes) {
    if (begin < end && end <= tokens.size() && mention_of_token[end - 1] >= 0) {
      folds.push_back({begin, end, mention_of_token[end - 1]});
    }
  }
  for (size_t m = 0; m < info->mentions.size(); ++m) {
    const Mention& mn = info->mentions[m];
    if (mn.in_compound) continue;
    size_t b = mn.begin;
    if (b < mn.end && text::AsciiLower(tokens[b].text) == "the") ++b;
    if (mn.end - b < 1 || (mn.end - mn.begin < 2 && !kFoldSingle)) continue;
    bool name = tokens[b].capitalized;
    for (size_t k = b; k < mn.end && name; ++k) name = IsNameWord(tokens[k]);
    if (name) folds.push_back({b, mn.end, static_cast<int>(m)});
  }
  // Role phrases were pushed first: at equal starts the longer fold wins.
  std::stable_sort(folds.begin(), folds.end(),
                   [](const Fold& a, const Fold& b) { return a.begin < b.begin; });
  std::vector<int> fold_at(tokens.size(), -1);
  size_t covered = 0;
  for (size_t f = 0; f < folds.size(); ++f) {
    if (folds[f].begin < covered) continue;  // Overlaps an earlier fold.
    fold_at[folds[f].begin] = static_cast<int>(f);
    covered = folds[f].end;
  }

  words.clear();
  tree.node_of_token.assign(tokens.size(), -1);
  for (size_t k = 0; k < tokens.size();) {
    const int node = static_cast<int>(words.size());
    tree.first_token.push_back(static_cast<uint32_t>(k));
    if (fold_at[k] >= 0) {
      const Fold& fold = folds[fold_at[k]];
      const Mention& mn = info->mentions[fold.mention];
      const EntityMention& e = state.entities[mn.entity];
      tree.mention.push_back(fold.mention);
      words.push_back(Placeholder(e.type, mn.kind));
      for (size_t j = k; j < fold.end; ++j) tree.node_of_token[j] = node;
      k = fold.end;
    } else {
      tree.mention.push_back(mention_of_token[k]);
      const std::string* american = AmericanSpelling(vocabulary, tokens[k].text, &respelled);
      words.push_back(american != nullptr ? std::string_view(*american)
                                          : std::string_view(tokens[k].text));
      tree.node_of_token[k] = node;
      ++k;
    }
  }
  parser.Parse(words, &scratch, &analysis);
  const size_t n = words.size();
  tree.head.resize(n);
  tree.deprel.assign(analysis.deprels.begin(), analysis.deprels.end());
  tree.upos.assign(analysis.upos.begin(), analysis.upos.end());
  tree.xpos.assign(analysis.xpos.begin(), analysis.xpos.end());
  tree.children.assign(n, {});
  for (size_t v = 0; v < n; ++v) {
    tree.head[v] = analysis.heads[v] - 1;
    if (tree.head[v] >= 0) tree.children[tree.head[v]].push_back(static_cast<int>(v));
  }
}

}  // namespace geokg
