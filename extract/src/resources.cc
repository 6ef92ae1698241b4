// Loaders and matchers for data/gazetteer.tsv and data/lexicon.tsv. The
// file formats are documented in docs/data.md and at the top of each file.
#include "resources.h"

#include "data_io.h"

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace geokg {
namespace {

// Lower-case words allowed inside a multi-word name ("Democratic Republic of
// the Congo", "Ursula von der Leyen"). Keep in sync with LOWER_WORDS in
// scripts/build-data.py, which writes names with these words in lower case.
constexpr std::string_view kConnectors[] = {
    "of",  "the", "and", "for", "in",  "on",    "at", "to", "de", "du",  "des",
    "da",  "das", "do",  "dos", "del", "della", "di", "la", "le", "van", "von",
    "der", "den", "bin", "ibn", "al",  "el",    "y",  "e",  "et", "&"};

bool IsConnector(std::string_view lower_word) {
  for (std::string_view c : kConnectors) {
    if (c == lower_word) return true;
  }
  return false;
}

bool HasUpper(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

Status LineError(const std::string& path, size_t line_no, const std::string& reason) {
  return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + reason);
}

bool ParseAliasKind(std::string_view s, AliasKind* kind) {
  static constexpr std::pair<std::string_view, AliasKind> kKinds[] = {
      {"name", AliasKind::kName},           {"code", AliasKind::kCode},
      {"capital", AliasKind::kCapital},     {"seat", AliasKind::kSeat},
      {"adjective", AliasKind::kAdjective}, {"demonym", AliasKind::kDemonym},
  };
  for (const auto& [name, value] : kKinds) {
    if (name == s) {
      *kind = value;
      return true;
    }
  }
  return false;
}

std::string JoinTokens(const std::vector<text::Token>& tokens, size_t begin, size_t end,
                       bool lower) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) key.push_back(' ');
    key += lower ? text::AsciiLower(tokens[i].text) : tokens[i].text;
  }
  return key;
}

// True when tokens[begin, end) are capitalised the way a name is written:
// the first token carries an upper-case letter ("Kyiv", "al-Qaeda"), and so
// does every later word unless it is a connector ("of", "the", "von").
bool CapitalisedLikeName(const std::vector<text::Token>& tokens, size_t begin, size_t end) {
  if (!tokens[begin].capitalized && !HasUpper(tokens[begin].text)) return false;
  for (size_t i = begin + 1; i < end; ++i) {
    const text::Token& t = tokens[i];
    if (t.shape != text::TokenShape::kWord) continue;
    if (t.capitalized || HasUpper(t.text)) continue;
    if (!IsConnector(text::AsciiLower(t.text))) return false;
  }
  return true;
}

bool IsPloverRelation(Relation r) { return r != Relation::kRepresents && r != Relation::kMemberOf; }

}  // namespace

// ------------------------------------------------------------- Gazetteer ---

Result<Gazetteer> Gazetteer::Load(const std::string& path) {
  std::string data;
  Status read = ReadWholeFile(path, &data);
  if (!read.ok()) return read;
  return FromText(data, path);
}

Result<Gazetteer> Gazetteer::FromText(std::string_view data, const std::string& path) {
  Gazetteer gaz;
  try {
    gaz.entries_.reserve(data.size() / 32);
    Status s =
        ForEachTsvRow(data, [&](size_t line_no, const std::vector<std::string_view>& f) -> Status {
          if (f.size() != 4) {
            return LineError(
                path, line_no,
                "expected 4 tab-separated fields (alias, canonical, type, kind), got " +
                    std::to_string(f.size()));
          }
          if (f[0].empty() || f[1].empty()) {
            return LineError(path, line_no, "empty alias or canonical name");
          }
          GazetteerEntry entry;
          entry.canonical = std::string(f[1]);
          if (!ParseEntityType(f[2], &entry.type) || entry.type == EntityType::kOther) {
            return LineError(path, line_no,
                             "unknown type '" + std::string(f[2]) + "' (PERSON|GPE|ORG|GROUP)");
          }
          if (!ParseAliasKind(f[3], &entry.kind)) {
            return LineError(path, line_no, "unknown kind '" + std::string(f[3]) + "'");
          }
          std::vector<text::Token> tokens = text::Tokenize(f[0]);
          if (tokens.empty()) return LineError(path, line_no, "alias has no tokens");
          const bool lower = entry.kind != AliasKind::kCode;
          std::string key = JoinTokens(tokens, 0, tokens.size(), lower);
          gaz.max_tokens_ = std::max(gaz.max_tokens_, tokens.size());
          // The generator resolves conflicts; spelling variants that fold to one
          // key ("Al Qaeda", "al Qaeda") name the same entity, so the first stays.
          gaz.entries_.emplace(std::move(key), std::move(entry));
          return Status::Ok();
        });
    if (!s.ok()) return s;
  } catch (const std::exception& e) {
    return Status::IOError(path + ": " + e.what());
  }
  return gaz;
}

size_t Gazetteer::Match(const std::vector<text::Token>& tokens, size_t start,
                        const GazetteerEntry** entry) const {
  if (start >= tokens.size() || entries_.empty()) return 0;
  const size_t longest = std::min(max_tokens_, tokens.size() - start);
  // Keys for every length, built once: exact text for codes, lower-cased
  // for the other kinds.
  std::vector<std::string> exact(longest + 1);
  std::vector<std::string> lower(longest + 1);
  for (size_t n = 1; n <= longest; ++n) {
    const text::Token& t = tokens[start + n - 1];
    exact[n] = exact[n - 1];
    lower[n] = lower[n - 1];
    if (n > 1) {
      exact[n].push_back(' ');
      lower[n].push_back(' ');
    }
    exact[n] += t.text;
    lower[n] += text::AsciiLower(t.text);
  }
  for (size_t n = longest; n >= 1; --n) {
    auto it = entries_.find(exact[n]);
    if (it != entries_.end() && it->second.kind == AliasKind::kCode) {
      *entry = &it->second;
      return n;
    }
    it = entries_.find(lower[n]);
    if (it != entries_.end() && it->second.kind != AliasKind::kCode &&
        CapitalisedLikeName(tokens, start, start + n)) {
      *entry = &it->second;
      return n;
    }
  }
  return 0;
}

const GazetteerEntry* Gazetteer::Find(std::string_view phrase) const {
  auto it = entries_.find(std::string(phrase));
  if (it != entries_.end() && it->second.kind == AliasKind::kCode) return &it->second;
  it = entries_.find(text::AsciiLower(phrase));
  if (it != entries_.end() && it->second.kind != AliasKind::kCode) return &it->second;
  return nullptr;
}

// --------------------------------------------------------------- Lexicon ---

Result<Lexicon> Lexicon::Load(const std::string& path) {
  std::string data;
  Status read = ReadWholeFile(path, &data);
  if (!read.ok()) return read;
  return FromText(data, path);
}

Result<Lexicon> Lexicon::FromText(std::string_view data, const std::string& path) {
  Lexicon lex;
  try {
    // Entries are shared by all the forms of a word: the key joins head,
    // part of speech, pattern, relation and CAMEO code.
    std::unordered_map<std::string, size_t> index;
    std::vector<std::pair<std::string, size_t>> forms;
    Status s =
        ForEachTsvRow(data, [&](size_t line_no, const std::vector<std::string_view>& f) -> Status {
          if (f.size() != 6) {
            return LineError(path, line_no,
                             "expected 6 tab-separated fields (form, lemma, pos, pattern, "
                             "relation, cameo), got " +
                                 std::to_string(f.size()));
          }
          if (f[0].empty() || f[1].empty() || f[3].empty()) {
            return LineError(path, line_no, "empty form, lemma or pattern");
          }
          if (f[0].find(' ') != std::string_view::npos) {
            return LineError(path, line_no, "form '" + std::string(f[0]) + "' is not one word");
          }
          LexiconEntry entry;
          entry.head = text::AsciiLower(f[1]);
          if (f[2] == "noun") {
            entry.is_noun = true;
          } else if (f[2] != "verb") {
            return LineError(path, line_no, "unknown pos '" + std::string(f[2]) + "' (verb|noun)");
          }
          if (f[3] != "-") {
            for (const text::Token& t : text::Tokenize(f[3])) {
              entry.pattern.push_back(text::AsciiLower(t.text));
            }
            if (entry.pattern.empty()) return LineError(path, line_no, "pattern has no words");
          }
          if (!ParseRelation(f[4], &entry.relation) || !IsPloverRelation(entry.relation)) {
            return LineError(path, line_no,
                             "relation '" + std::string(f[4]) + "' is not a PLOVER event type");
          }
          if (f[5].empty() ||
              !std::all_of(f[5].begin(), f[5].end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return LineError(path, line_no,
                             "CAMEO code '" + std::string(f[5]) + "' is not numeric");
          }
          entry.cameo = std::string(f[5]);
          std::string key = entry.head;
          key += entry.is_noun ? "\tn\t" : "\tv\t";
          for (const std::string& w : entry.pattern) key += w + " ";
          key += "\t" + std::to_string(static_cast<int>(entry.relation)) + "\t" + entry.cameo;
          auto [it, inserted] = index.emplace(std::move(key), lex.entries_.size());
          if (inserted) lex.entries_.push_back(std::move(entry));
          forms.emplace_back(text::AsciiLower(f[0]), it->second);
          return Status::Ok();
        });
    if (!s.ok()) return s;
    // entries_ no longer grows, so pointers into it stay valid.
    lex.by_form_.reserve(forms.size());
    for (auto& [form, i] : forms) {
      std::vector<const LexiconEntry*>& list = lex.by_form_[std::move(form)];
      const LexiconEntry* e = &lex.entries_[i];
      if (std::find(list.begin(), list.end(), e) == list.end()) list.push_back(e);
    }
    // Longest pattern first, pattern-less defaults last, so that a caller
    // can take the first entry whose pattern matches.
    for (auto& [form, list] : lex.by_form_) {
      std::stable_sort(list.begin(), list.end(), [](const LexiconEntry* a, const LexiconEntry* b) {
        return a->pattern.size() > b->pattern.size();
      });
    }
  } catch (const std::exception& e) {
    return Status::IOError(path + ": " + e.what());
  }
  return lex;
}

const std::vector<const LexiconEntry*>* Lexicon::Lookup(std::string_view form) const {
  auto it = by_form_.find(std::string(form));
  return it == by_form_.end() ? nullptr : &it->second;
}

}  // namespace geokg
