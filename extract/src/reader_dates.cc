#include "reader_dates.h"

#include <array>
#include <string>
#include <vector>

#include "text.h"
#include "text_noise.h"

namespace geokg::reader {

namespace {

constexpr int kHeaderLines = 10;
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

struct Piece {
  size_t begin = 0;
  size_t end = 0;
  std::string lower;  // ASCII-lower-cased text of an alphanumeric run.
};

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<Piece> Pieces(std::string_view line) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < line.size()) {
    if (!IsAsciiAlnum(line[i])) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < line.size() && IsAsciiAlnum(line[i])) ++i;
    pieces.push_back(Piece{b, i, text::AsciiLower(line.substr(b, i - b))});
  }
  return pieces;
}

// 1..12 for a month name or its abbreviation, else 0.
int MonthNumber(const std::string& w) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (size_t m = 0; m < kFull.size(); ++m) {
    if (w == kFull[m] || (w.size() == 3 && kFull[m].substr(0, 3) == w)) {
      return static_cast<int>(m) + 1;
    }
  }
  if (w == "sept") return 9;
  return 0;
}

// 1..31 for "30", "3rd", "30th", else 0.
int DayNumber(const std::string& w) {
  size_t digits = 0;
  while (digits < w.size() && IsDigit(w[digits])) ++digits;
  if (digits == 0 || digits > 2) return 0;
  std::string_view suffix = std::string_view(w).substr(digits);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
    return 0;
  }
  int day = std::stoi(w.substr(0, digits));
  return day >= 1 && day <= 31 ? day : 0;
}

int YearNumber(const std::string& w) {
  if (w.size() != 4) return 0;
  for (char c : w) {
    if (!IsDigit(c)) return 0;
  }
  int year = std::stoi(w);
  return year >= kMinYear && year <= kMaxYear ? year : 0;
}

// True when only spaces and at most one of ",.-/" lie between two pieces.
bool ShortGap(std::string_view line, const Piece& a, const Piece& b) {
  if (b.begin - a.end > 3) return false;
  for (size_t k = a.end; k < b.begin; ++k) {
    char c = line[k];
    if (c != ' ' && c != ',' && c != '.' && c != '-' && c != '/') return false;
  }
  return b.begin > a.end;
}

Date IsoDateAt(std::string_view line, size_t i) {
  if (i + 10 > line.size()) return Date();
  for (size_t k = 0; k < 10; ++k) {
    bool dash = k == 4 || k == 7;
    if (dash ? line[i + k] != '-' : !IsDigit(line[i + k])) return Date();
  }
  if (i > 0 && IsAsciiAlnum(line[i - 1])) return Date();
  if (i + 10 < line.size() && IsDigit(line[i + 10])) return Date();
  int year = std::stoi(std::string(line.substr(i, 4)));
  if (year < kMinYear || year > kMaxYear) return Date();
  return Date::FromYmd(year, std::stoi(std::string(line.substr(i + 5, 2))),
                       std::stoi(std::string(line.substr(i + 8, 2))));
}

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

bool ContainsHeaderWord(std::string_view line) {
  std::string lower = text::AsciiLower(line);
  for (std::string_view w : {"published", "updated", "posted", "date"}) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

// Ends with terminal punctuation, like a sentence of the body.
bool EndsSentence(std::string_view line) {
  size_t e = line.size();
  while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r')) --e;
  if (e == 0) return false;
  char last = line[e - 1];
  return last == '.' || last == '!' || last == '?';
}

}  // namespace

Date FindDateInLine(std::string_view line) {
  std::vector<Piece> p = Pieces(line);
  for (size_t i = 0; i < p.size(); ++i) {
    Date iso = IsoDateAt(line, p[i].begin);
    if (iso.known()) return iso;
    if (i + 2 >= p.size() || !ShortGap(line, p[i], p[i + 1]) ||
        !ShortGap(line, p[i + 1], p[i + 2])) {
      continue;
    }
    int year = YearNumber(p[i + 2].lower);
    if (year == 0) continue;
    int month = MonthNumber(p[i].lower);
    int day = DayNumber(p[i + 1].lower);
    if (month == 0 || day == 0) {
      day = DayNumber(p[i].lower);
      month = MonthNumber(p[i + 1].lower);
    }
    if (month == 0 || day == 0) continue;
    Date d = Date::FromYmd(year, month, day);
    if (d.known()) return d;
  }
  return Date();
}

Date FindHeaderDate(std::string_view text) {
  size_t b = 0;
  for (int n = 0; n < kHeaderLines && b < text.size(); ++n) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(b, e - b);
    b = e + 1;
    text::NoiseKind kind = text::ClassifyNoiseLine(line, "");
    size_t words = CountWords(line);
    bool header = kind == text::NoiseKind::kTicker || kind == text::NoiseKind::kByline ||
                  (words <= 12 && !EndsSentence(line)) || (ContainsHeaderWord(line) && words <= 20);
    std::string_view scope = line;
    if (!header) {
      size_t dateline = text::DatelinePrefixLength(line);
      if (dateline == 0) continue;
      scope = line.substr(0, dateline);
    }
    Date d = FindDateInLine(scope);
    if (d.known()) return d;
  }
  return Date();
}

}  // namespace geokg::reader
