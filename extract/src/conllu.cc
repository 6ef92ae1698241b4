#include "conllu.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace geokg::conllu {
namespace {

bool ParseInt(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Splits on tabs; returns the number of fields found (at most 11 are kept).
size_t SplitTabs(std::string_view line, std::string_view* fields) {
  size_t n = 0;
  size_t start = 0;
  while (n < 11) {
    size_t tab = line.find('\t', start);
    fields[n++] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return n;
}

// True when `a` is `k` or an ancestor of `k`; position 0 is the root. The
// walk is bounded, so a malformed (cyclic) input cannot loop forever.
bool Dominates(const std::vector<int>& heads, int a, int k) {
  const int limit = static_cast<int>(heads.size()) + 1;
  for (int steps = 0; steps <= limit; ++steps) {
    if (k == a) return true;
    if (k == 0) return false;
    k = heads[k - 1];
  }
  return false;
}

// The dependent (1-based) of the shortest non-projective arc, or 0.
int ShortestNonProjective(const std::vector<int>& heads) {
  int best = 0;
  int best_len = 0;
  const int n = static_cast<int>(heads.size());
  for (int d = 1; d <= n; ++d) {
    const int h = heads[d - 1];
    if (h == 0) continue;  // Every word is dominated by the root.
    const int lo = std::min(h, d);
    const int hi = std::max(h, d);
    if (best != 0 && hi - lo >= best_len) continue;
    for (int k = lo + 1; k < hi; ++k) {
      if (!Dominates(heads, h, k)) {
        best = d;
        best_len = hi - lo;
        break;
      }
    }
  }
  return best;
}

}  // namespace

Result<std::vector<Sentence>> Parse(std::string_view text, const std::string& name) {
  std::vector<Sentence> sentences;
  Sentence current;
  size_t line_no = 0;
  size_t pos = 0;
  auto where = [&]() { return name + ":" + std::to_string(line_no); };
  auto finish = [&]() -> Status {
    if (current.words.empty()) {
      current = Sentence();
      return Status::Ok();
    }
    const int n = static_cast<int>(current.words.size());
    for (const Word& w : current.words) {
      if (w.head < 0 || w.head > n) {
        return Status::Corruption(where() + ": HEAD " + std::to_string(w.head) +
                                  " outside the sentence of " + std::to_string(n) + " words");
      }
    }
    sentences.push_back(std::move(current));
    current = Sentence();
    return Status::Ok();
  };
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      Status s = finish();
      if (!s.ok()) return s;
      if (eol == text.size()) break;
      continue;
    }
    if (line[0] == '#') {
      constexpr std::string_view kSentId = "# sent_id = ";
      if (line.substr(0, kSentId.size()) == kSentId) {
        current.id = std::string(line.substr(kSentId.size()));
      }
      continue;
    }
    std::string_view f[11];
    if (SplitTabs(line, f) != 10) {
      return Status::Corruption(where() + ": expected 10 tab-separated columns");
    }
    if (f[0].find_first_of("-.") != std::string_view::npos) continue;  // Range or empty node.
    int id = 0;
    if (!ParseInt(f[0], &id) || id != static_cast<int>(current.words.size()) + 1) {
      return Status::Corruption(where() + ": bad word ID '" + std::string(f[0]) + "'");
    }
    Word w;
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    w.upos = std::string(f[3]);
    w.xpos = std::string(f[4]);
    if (f[6] == "_") {
      w.head = 0;  // Unannotated: treated as root-attached.
    } else if (!ParseInt(f[6], &w.head)) {
      return Status::Corruption(where() + ": bad HEAD '" + std::string(f[6]) + "'");
    }
    w.deprel = std::string(f[7]);
    current.words.push_back(std::move(w));
    if (eol == text.size()) break;
  }
  Status s = finish();
  if (!s.ok()) return s;
  return sentences;
}

Result<std::vector<Sentence>> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError("cannot read " + path);
  return Parse(buffer.str(), path);
}

bool IsProjective(const std::vector<int>& heads) { return ShortestNonProjective(heads) == 0; }

int Projectivize(std::vector<int>* heads) {
  int lifts = 0;
  const int limit = static_cast<int>(heads->size()) * static_cast<int>(heads->size()) + 1;
  while (lifts < limit) {
    const int d = ShortestNonProjective(*heads);
    if (d == 0) break;
    const int h = (*heads)[d - 1];
    (*heads)[d - 1] = (*heads)[h - 1];
    ++lifts;
  }
  return lifts;
}

}  // namespace geokg::conllu
