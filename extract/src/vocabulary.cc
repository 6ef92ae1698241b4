#include "vocabulary.h"

#include "data_io.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <sstream>

namespace geokg {
namespace {

Result<RoleClass> ParseRoleClass(std::string_view name) {
  static const std::pair<std::string_view, RoleClass> kNames[] = {
      {"title", RoleClass::kTitle},          {"honorific", RoleClass::kHonorific},
      {"modifier", RoleClass::kModifier},    {"org_head", RoleClass::kOrgHead},
      {"group_head", RoleClass::kGroupHead}, {"actor", RoleClass::kActor},
      {"speech", RoleClass::kSpeech},        {"loc_head", RoleClass::kLocHead},
      {"media", RoleClass::kMedia},          {"state_organ", RoleClass::kStateOrgan},
  };
  for (const auto& [n, cls] : kNames) {
    if (n == name) return cls;
  }
  return Status::Corruption("unknown role class '" + std::string(name) + "'");
}

// Calls `row` with the columns of each data line of a TSV file. Corruption
// names the file and line of a row with another column count, or of a row
// `row` rejects.
Status ForEachRow(const std::string& path, size_t columns,
                  const std::function<Status(const std::vector<std::string_view>&)>& row) {
  std::string text;
  Status read = ReadWholeFile(path, &text);
  if (!read.ok()) return read;
  return ForEachTsvRow(text, [&](size_t line_no, const std::vector<std::string_view>& cols) {
    Status st = cols.size() == columns && !cols[0].empty()
                    ? row(cols)
                    : Status::Corruption("expected " + std::to_string(columns) + " columns");
    if (st.ok()) return st;
    return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + st.message());
  });
}

// Parses "NOUN:28,VERB:11" into shares of each word class.
Status ParseTagCounts(std::string_view dist, WordClass* wc) {
  std::vector<std::string_view> items;
  SplitOn(dist, ',', &items);
  uint32_t total = 0;
  for (std::string_view item : items) {
    size_t colon = item.find(':');
    uint32_t n = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(item.data() + colon + 1, item.data() + item.size(), n).ec != std::errc()) {
      return Status::Corruption("bad tag count '" + std::string(item) + "'");
    }
    std::string_view tag = item.substr(0, colon);
    total += n;
    if (tag == "NOUN") {
      wc->noun += n;
    } else if (tag == "VERB" || tag == "AUX") {
      wc->verb += n;
    } else if (tag == "PROPN") {
      wc->propn += n;
    } else if (tag == "ADJ") {
      wc->adj += n;
    } else if (tag == "DET" || tag == "ADP" || tag == "PRON" || tag == "CCONJ" || tag == "SCONJ" ||
               tag == "PART") {
      wc->function += n;
    }
  }
  wc->count = total;
  if (total > 0) {
    wc->noun /= total;
    wc->verb /= total;
    wc->propn /= total;
    wc->adj /= total;
    wc->function /= total;
  }
  return Status::Ok();
}

}  // namespace

void Vocabulary::AddRole(std::string_view phrase, RoleClass cls) {
  // Words are separated by single spaces and each is one token in running
  // text ("mr.", "secretary-general").
  std::string key = text::AsciiLower(phrase);
  size_t words = 1 + static_cast<size_t>(std::count(key.begin(), key.end(), ' '));
  roles_[key] |= 1u << static_cast<int>(cls);
  max_role_tokens_ = std::max(max_role_tokens_, words);
  if (words == 2) {
    // "vice premier" is also written "vice-premier", one token.
    std::replace(key.begin(), key.end(), ' ', '-');
    roles_[key] |= 1u << static_cast<int>(cls);
  }
}

Result<Vocabulary> Vocabulary::Load(const std::string& data_dir) {
  Vocabulary vocab;
  Status st =
      ForEachRow(data_dir + "/roles.tsv", 2, [&](const std::vector<std::string_view>& cols) {
        auto cls = ParseRoleClass(cols[1]);
        if (!cls.ok()) return cls.status();
        vocab.AddRole(cols[0], *cls);
        return Status::Ok();
      });
  if (!st.ok()) return st;
  // Generic official roles from the event-data agents dictionary ("deputy
  // prime minister", "field commander") are extra title phrases.
  st = ForEachRow(data_dir + "/agents.tsv", 2, [&](const std::vector<std::string_view>& cols) {
    vocab.AddRole(cols[0], RoleClass::kTitle);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // A rank prefix joined to a one-word title by a hyphen is a title:
  // "vice-premier", "deputy-governor", "co-chairman".
  const uint32_t title_bit = 1u << static_cast<int>(RoleClass::kTitle);
  std::vector<std::string> hyphenated;
  for (const auto& [phrase, classes] : vocab.roles_) {
    if (!(classes & title_bit) || phrase.find_first_of(" -") != std::string::npos) continue;
    for (const char* prefix : {"vice-", "deputy-", "co-"}) hyphenated.push_back(prefix + phrase);
  }
  for (const std::string& phrase : hyphenated) vocab.roles_[phrase] |= title_bit;
  st = ForEachRow(data_dir + "/wordclass.tsv", 3, [&](const std::vector<std::string_view>& cols) {
    WordClass wc;
    Status parsed = ParseTagCounts(cols[2], &wc);
    if (!parsed.ok()) return parsed;
    if (wc.count > 0) vocab.words_.emplace(std::string(cols[0]), wc);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return vocab;
}

size_t Vocabulary::MatchRole(const std::vector<text::Token>& tokens, size_t start,
                             RoleClass cls) const {
  const uint32_t bit = 1u << static_cast<int>(cls);
  size_t limit = std::min(tokens.size(), start + max_role_tokens_);
  std::string key;
  size_t best = 0;
  for (size_t end = start; end < limit; ++end) {
    if (end > start) key += ' ';
    key += text::AsciiLower(tokens[end].text);
    auto it = roles_.find(key);
    if (it != roles_.end() && (it->second & bit)) best = end - start + 1;
  }
  return best;
}

bool Vocabulary::IsRole(std::string_view lower_word, RoleClass cls) const {
  auto it = roles_.find(std::string(lower_word));
  return it != roles_.end() && (it->second & (1u << static_cast<int>(cls)));
}

const WordClass* Vocabulary::Lookup(std::string_view lower_form) const {
  auto it = words_.find(std::string(lower_form));
  return it == words_.end() ? nullptr : &it->second;
}

bool Vocabulary::IsCommonWord(std::string_view lower_form) const {
  const WordClass* wc = Lookup(lower_form);
  return wc != nullptr && wc->propn < 0.5f;
}

bool Vocabulary::IsRarelyName(std::string_view lower_form) const {
  const WordClass* wc = Lookup(lower_form);
  return wc != nullptr && wc->propn < 0.3f;
}

}  // namespace geokg
