#include "vocabulary.h"

#include <algorithm>
#include <fstream>
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
  };
  for (const auto& [n, cls] : kNames) {
    if (n == name) return cls;
  }
  return Status::Corruption("unknown role class '" + std::string(name) + "'");
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cols;
}

// Calls `row` with the columns of each data line of a TSV file (comment
// and blank lines skipped). Corruption names the file and line of a row
// with another column count, or of a row `row` rejects.
Status ForEachRow(const std::string& path, size_t columns,
                  const std::function<Status(const std::vector<std::string_view>&)>& row) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto cols = SplitTabs(line);
    Status st = cols.size() == columns && !cols[0].empty()
                    ? row(cols)
                    : Status::Corruption("expected " + std::to_string(columns) + " columns");
    if (!st.ok())
      return Status::Corruption(path + ":" + std::to_string(line_no) + ": " + st.message());
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
  {
    const std::string path = data_dir + "/wordclass.tsv";
    std::ifstream in(path);
    if (!in) return Status::NotFound(path + ": cannot open");
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      auto cols = SplitTabs(line);
      if (cols.size() != 3) {
        return Status::Corruption(path + ":" + std::to_string(line_no) + ": expected 3 columns");
      }
      WordClass wc;
      uint32_t total = 0;
      std::string_view dist = cols[2];
      size_t start = 0;
      while (start < dist.size()) {
        size_t comma = dist.find(',', start);
        std::string_view item = dist.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        size_t colon = item.find(':');
        if (colon == std::string_view::npos) {
          return Status::Corruption(path + ":" + std::to_string(line_no) + ": bad tag count");
        }
        std::string_view tag = item.substr(0, colon);
        uint32_t n = static_cast<uint32_t>(std::stoul(std::string(item.substr(colon + 1))));
        total += n;
        if (tag == "NOUN")
          wc.noun += n;
        else if (tag == "VERB" || tag == "AUX")
          wc.verb += n;
        else if (tag == "PROPN")
          wc.propn += n;
        else if (tag == "ADJ")
          wc.adj += n;
        else if (tag == "DET" || tag == "ADP" || tag == "PRON" || tag == "CCONJ" ||
                 tag == "SCONJ" || tag == "PART") {
          wc.function += n;
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      if (total == 0) continue;
      wc.count = total;
      wc.noun /= total;
      wc.verb /= total;
      wc.propn /= total;
      wc.adj /= total;
      wc.function /= total;
      vocab.words_.emplace(std::string(cols[0]), wc);
    }
  }
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

}  // namespace geokg
