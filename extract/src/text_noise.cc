// BlankNoise: line rules for the noise of scraped news pages.
//
// Every rule looks at one whole line and is deliberately narrow: a line is
// blanked only when its shape (a ticker, a byline, a caption credit, a
// promotion prefix) leaves no doubt. Ordinary sentences are never touched,
// except for a dateline prefix at the start of the first body paragraph.
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "text.h"
#include "text_chars.h"
#include "text_noise.h"

namespace geokg::text {

namespace {

std::string_view TrimSpaces(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    CodePoint cp = Decode(s, b);
    if (!IsSpace(cp.value)) break;
    b += cp.length;
  }
  size_t e = s.size();
  while (e > b) {
    size_t p = PrevCodePoint(s, e);
    if (!IsSpace(Decode(s, p).value)) break;
    e = p;
  }
  return s.substr(b, e - b);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// `prefix` at the start of `lower`, not followed by a letter when the prefix
// ends in one ("subscribe" must not match "subscribers").
bool StartsWithWord(std::string_view lower, std::string_view prefix) {
  if (!StartsWith(lower, prefix)) return false;
  if (lower.size() == prefix.size()) return true;
  char last = prefix.back();
  bool letter_end = (last >= 'a' && last <= 'z');
  if (!letter_end) return true;
  char next = lower[prefix.size()];
  return !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z'));
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > b) words.push_back(s.substr(b, i - b));
  }
  return words;
}

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool IsDigitAt(std::string_view s, size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }

// "YYYY-MM-DD" at `i`.
bool IsoDateAt(std::string_view s, size_t i) {
  if (i + 10 > s.size()) return false;
  for (size_t k = 0; k < 10; ++k) {
    bool dash = k == 4 || k == 7;
    if (dash ? s[i + k] != '-' : !IsDigitAt(s, i + k)) return false;
  }
  return true;
}

// Lower-cased, quotes made ASCII, whitespace runs collapsed to one space.
std::string Canonical(std::string_view s) {
  std::string norm = AsciiLower(NormalizeQuotes(TrimSpaces(s)));
  std::string out;
  bool space = false;
  for (size_t i = 0; i < norm.size();) {
    CodePoint cp = Decode(norm, i);
    if (IsSpace(cp.value)) {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.append(norm, i, cp.length);
    }
    i += cp.length;
  }
  return out;
}

// News agencies and desk names that appear alone on a line as a credit.
constexpr std::string_view kAgencies[] = {
    "afp",
    "reuters",
    "ap",
    "associated press",
    "the associated press",
    "aap",
    "dpa",
    "xinhua",
    "ani",
    "pti",
    "ians",
    "app",
    "bloomberg",
    "upi",
    "tass",
    "anadolu",
    "anadolu agency",
    "efe",
    "kyodo",
    "yonhap",
    "ria novosti",
    "interfax",
    "wam",
    "spa",
    "irna",
    "bernama",
    "agencies",
    "news desk",
    "web desk",
    "staff reporter",
    "our correspondent",
    "news agencies",
    "bbc",
    "cnn",
    "al jazeera",
    "dawn.com",
    "agence france-presse",
    "reuters staff",
};

bool IsAgency(std::string_view lower) {
  for (std::string_view a : kAgencies) {
    if (lower == a) return true;
  }
  return false;
}

// "AFP", "— Reuters", "(AP)", "By AFP", "Reuters/AP", "AFP and Reuters".
bool IsAgencyLine(const std::string& lower) {
  std::string s;
  for (size_t i = 0; i < lower.size();) {
    CodePoint cp = Decode(lower, i);
    bool strip = cp.value == '(' || cp.value == ')' || cp.value == '-' || cp.value == 0x2014 ||
                 cp.value == 0x2013 || cp.value == '[' || cp.value == ']' || cp.value == '|';
    if (cp.value == '/' || cp.value == ',' || cp.value == '&' || cp.value == ';') {
      s.push_back('/');
    } else if (strip) {
      s.push_back(' ');
    } else {
      s.append(lower, i, cp.length);
    }
    i += cp.length;
  }
  std::string_view rest = TrimSpaces(s);
  if (StartsWith(rest, "by ")) rest = TrimSpaces(rest.substr(3));
  if (rest.empty()) return false;
  // Split on "/" and " and ".
  size_t b = 0;
  while (b <= rest.size()) {
    size_t slash = rest.find('/', b);
    size_t and_pos = rest.find(" and ", b);
    size_t e = std::min(slash, and_pos);
    if (e == std::string_view::npos) e = rest.size();
    std::string part = Canonical(rest.substr(b, e - b));
    if (!part.empty() && !IsAgency(part)) return false;
    if (e >= rest.size()) break;
    b = e + (e == slash ? 1 : 5);
  }
  return true;
}

bool IsTickerLine(std::string_view line, const std::string& lower) {
  if (line.find("\xE2\x96\xB2") != std::string_view::npos ||  // ▲
      line.find("\xE2\x96\xBC") != std::string_view::npos) {  // ▼
    return true;
  }
  if (lower.find("increased by") != std::string::npos ||
      lower.find("decreased by") != std::string::npos) {
    return HasDigit(line) && Words(line).size() <= 16;
  }
  if (StartsWith(lower, "date ") && IsoDateAt(lower, 5)) return true;
  // "HBL 112.50 -0.35 (-0.31%)": an all-caps symbol followed by a price and
  // a parenthesised percentage, on a short line.
  std::vector<std::string_view> words = Words(line);
  if (words.size() > 12) return false;
  bool pct = false;
  for (std::string_view w : words) {
    if (w.size() >= 4 && w.front() == '(' && EndsWith(w, "%)") && HasDigit(w)) pct = true;
  }
  if (!pct) return false;
  for (size_t k = 0; k + 1 < words.size(); ++k) {
    std::string_view sym = words[k];
    bool caps = sym.size() >= 2 && sym.size() <= 6;
    for (char c : sym) caps = caps && c >= 'A' && c <= 'Z';
    std::string_view num = words[k + 1];
    if (caps && IsDigitAt(num, 0) && num.find('.') != std::string_view::npos) return true;
  }
  return false;
}

bool IsBylineLine(std::string_view line, const std::string& lower) {
  std::vector<std::string_view> words = Words(line);
  if (words.empty() || words.size() > 16) return false;
  // "Published 30 Nov, 2023 04:53am", "AFP Published ...", "Updated ...".
  // Words before the keyword may only be a capitalised credit ("AFP").
  char end = line.back();
  bool sentence_end = end == '.' || end == '!' || end == '?';
  for (size_t k = 0; k < words.size() && k <= 3 && !sentence_end; ++k) {
    std::string w = AsciiLower(words[k]);
    if (!w.empty() && w.back() == ':') w.pop_back();
    if ((w == "published" || w == "updated" || w == "posted" || w == "modified") &&
        HasDigit(line)) {
      return true;
    }
    if (!IsUpper(Decode(words[k], 0).value)) break;
  }
  if (StartsWith(lower, "last updated") || StartsWith(lower, "first published")) return true;
  // "By Jane Doe", "By Jane Doe and John Roe, Reuters": capitalised words only.
  if (StartsWith(lower, "by ") && words.size() >= 2 && words.size() <= 9) {
    char last = line.back();
    if (last == '.' || last == '!' || last == '?' || last == ',') return false;
    for (size_t k = 1; k < words.size(); ++k) {
      std::string_view w = words[k];
      if (w == "and" || w == "&" || w == "|" || w == "in" || w == "-") continue;
      CodePoint cp = Decode(w, 0);
      if (!IsUpper(cp.value) && w.front() != '@') return false;
    }
    return true;
  }
  return false;
}

constexpr std::string_view kCaptionPrefixes[] = {
    "photo:",       "photo by",    "photos:",         "(photo",        "[photo",
    "file photo",   "file image",  "image copyright", "image caption", "image source",
    "getty images", "photograph:", "picture:",        "pictured:",     "caption:",
    "image:",       "images:",     "photo credit",    "afp photo",     "reuters photo",
    "ap photo",     "photo/",      "credit:",         "photograph by",
};

constexpr std::string_view kCaptionSuffixes[] = {
    "getty images", "getty images)", "/file",  "/file photo", "file photo)",
    "afp photo",    "(file photo)",  "/file)", "via reuters",
};

bool IsCaptionLine(const std::string& lower) {
  for (std::string_view p : kCaptionPrefixes) {
    if (StartsWithWord(lower, p)) return true;
  }
  if (Words(lower).size() > 60) return false;
  for (std::string_view s : kCaptionSuffixes) {
    if (EndsWith(lower, s)) return true;
  }
  // A credit at the end: "... near Bakhmut. Photo: Reuters", "(Photo by X)".
  size_t tail = lower.size() > 80 ? lower.size() - 80 : 0;
  for (std::string_view credit : {"photo: ", "photo by ", "photo credit", "(photo "}) {
    size_t at = lower.find(credit, tail);
    if (at != std::string::npos && lower.find('.', at) == std::string::npos) return true;
  }
  return false;
}

constexpr std::string_view kPromoPrefixes[] = {
    "read more",
    "read also",
    "related:",
    "related articles",
    "related stories",
    "related coverage",
    "related content",
    "also read",
    "also see",
    "see also:",
    "follow us",
    "follow dawn",
    "subscribe",
    "sign up for",
    "sign up to",
    "download the app",
    "download our",
    "get the app",
    "click here",
    "advertisement",
    "continue reading",
    "recommended:",
    "more on this story",
    "story continues below",
    "share this",
    "share on",
    "listen to this article",
    "media playback is unsupported",
    "media playback is not supported",
    "media caption",
    "video caption",
    "watch:",
    "watch video",
    "video:",
    "listen:",
    "your browser does not support",
    "this video can not be played",
    "this video cannot be played",
    "skip advertisement",
    "play video",
};

bool IsPromoLine(const std::string& lower) {
  for (std::string_view p : kPromoPrefixes) {
    if (StartsWithWord(lower, p)) return true;
  }
  return false;
}

bool IsSocialLine(const std::string& lower) {
  if (lower.find("pic.twitter.com/") != std::string::npos) return true;
  if (lower.find("twitter.com/") != std::string::npos &&
      lower.find("/status/") != std::string::npos) {
    return true;
  }
  // "— Name (@handle) November 30, 2023" closing an embedded post.
  bool dash = StartsWith(lower, "\xE2\x80\x94") || StartsWith(lower, "\xE2\x80\x93") ||
              StartsWith(lower, "-");
  size_t handle = lower.find("(@");
  return dash && handle != std::string::npos && lower.find(')', handle) != std::string::npos &&
         HasDigit(lower.substr(handle));
}

// Number of leading bytes of `line` that form a dateline, or 0. Shape:
// PLACE[ PLACE...][, Region words][ (Agency)] then ":" or a dash, then text.
size_t DatelineLength(std::string_view line) {
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < line.size() && line[i] == ' ') ++i;
  };
  skip_spaces();
  // All-caps place name, up to four words ("NEW YORK", "UNITED NATIONS").
  int letters = 0;
  int place_words = 0;
  while (i < line.size() && place_words < 4) {
    size_t b = i;
    int word_letters = 0;
    while (i < line.size()) {
      CodePoint cp = Decode(line, i);
      if (IsLetter(cp.value)) {
        if (!IsUpper(cp.value)) return 0;
        ++word_letters;
      } else if (!(cp.value == '.' || cp.value == '\'' || cp.value == '-')) {
        break;
      }
      i += cp.length;
    }
    if (i == b || word_letters == 0) break;
    letters += word_letters;
    ++place_words;
    // Another all-caps word follows only after a single space.
    if (i + 1 < line.size() && line[i] == ' ' && IsUpper(Decode(line, i + 1).value)) {
      size_t save = i;
      ++i;
      // Peek: the next word must be all caps too, else stop before it.
      size_t k = i;
      bool caps = true;
      int n = 0;
      while (k < line.size()) {
        CodePoint cp = Decode(line, k);
        if (IsLetter(cp.value)) {
          caps = caps && IsUpper(cp.value);
          ++n;
        } else if (!(cp.value == '.' || cp.value == '\'' || cp.value == '-')) {
          break;
        }
        k += cp.length;
      }
      if (!caps || n < 2) {
        i = save;
        break;
      }
      continue;
    }
    break;
  }
  if (letters < 3) return 0;
  // ", Ukraine" / ", Nov 30" / ", Pakistan, Nov. 30": capitalised words or numbers.
  while (i + 1 < line.size() && line[i] == ',' && line[i + 1] == ' ') {
    i += 2;
    int words = 0;
    while (i < line.size() && words < 4) {
      CodePoint cp = Decode(line, i);
      if (!IsUpper(cp.value) && !IsDigit(cp.value)) break;
      while (i < line.size()) {
        CodePoint c2 = Decode(line, i);
        if (!IsWordChar(c2.value) && c2.value != '.') break;
        i += c2.length;
      }
      ++words;
      if (i + 1 < line.size() && line[i] == ' ' &&
          (IsUpper(Decode(line, i + 1).value) || IsDigit(line[i + 1]))) {
        ++i;
        continue;
      }
      break;
    }
    if (words == 0) return 0;
  }
  skip_spaces();
  // "(AP)", "(Reuters)", "(Dawn)".
  if (i < line.size() && line[i] == '(') {
    size_t close = line.find(')', i);
    if (close == std::string_view::npos || close - i > 40) return 0;
    i = close + 1;
    skip_spaces();
  }
  if (i >= line.size()) return 0;
  size_t mark = 0;
  if (line[i] == ':') {
    mark = 1;
  } else if (StartsWith(line.substr(i), "--")) {
    mark = 2;
  } else if (line[i] == '-') {
    mark = 1;
  } else if (StartsWith(line.substr(i), "\xE2\x80\x94") ||
             StartsWith(line.substr(i), "\xE2\x80\x93")) {
    mark = 3;
  } else {
    return 0;
  }
  // A colon must touch the place ("BRUSSELS:"); a dash is spaced.
  if (line[i] == ':' && i > 0 && line[i - 1] == ' ') return 0;
  i += mark;
  if (i >= line.size() || line[i] != ' ') return 0;
  skip_spaces();
  if (i >= line.size()) return 0;
  CodePoint first = Decode(line, i);
  if (!IsWordChar(first.value) && first.value != '"' && first.value != 0x201C &&
      first.value != 0x2018 && first.value != '\'') {
    return 0;
  }
  return i;
}

}  // namespace

NoiseKind ClassifyNoiseLine(std::string_view raw_line, std::string_view title) {
  std::string_view line = TrimSpaces(raw_line);
  if (line.empty()) return NoiseKind::kNone;
  std::string lower = AsciiLower(NormalizeQuotes(line));
  if (IsTickerLine(line, lower)) return NoiseKind::kTicker;
  if (!title.empty() && Canonical(line) == Canonical(title)) return NoiseKind::kTitle;
  if (IsBylineLine(line, lower)) return NoiseKind::kByline;
  if (IsAgencyLine(lower)) return NoiseKind::kAgency;
  if (IsSocialLine(lower)) return NoiseKind::kSocial;
  if (IsPromoLine(lower)) return NoiseKind::kPromo;
  if (IsCaptionLine(lower)) return NoiseKind::kCaption;
  return NoiseKind::kNone;
}

size_t DatelinePrefixLength(std::string_view line) { return DatelineLength(line); }

std::string BlankNoise(std::string_view text, std::string_view title) {
  std::string out(text);
  auto blank = [&out](size_t b, size_t e) {
    for (size_t k = b; k < e; ++k) {
      if (out[k] != '\n') out[k] = ' ';
    }
  };
  // Lines are examined in order; the dateline rule applies to the first
  // line that survives and reads like a body paragraph.
  bool body_seen = false;
  int kept_lines = 0;
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(b, e - b);
    if (ClassifyNoiseLine(line, title) != NoiseKind::kNone) {
      blank(b, e);
    } else if (!TrimSpaces(line).empty()) {
      ++kept_lines;
      if (!body_seen && kept_lines <= 3) {
        size_t d = DatelineLength(line);
        if (d > 0) {
          blank(b, b + d);
          body_seen = true;
        } else {
          // A heading (short, no terminal punctuation) may precede the body.
          std::string_view t = TrimSpaces(line);
          char last = t.back();
          bool terminal = last == '.' || last == '!' || last == '?' || last == '"' ||
                          EndsWith(t, "\xE2\x80\x9D");
          if (terminal || Words(t).size() > 14) body_seen = true;
        }
      }
    }
    b = e + 1;
  }
  return out;
}

}  // namespace geokg::text
