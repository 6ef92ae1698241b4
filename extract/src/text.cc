// Tokenisation and sentence splitting; noise blanking lives in text_noise.cc.
//
// The tokenizer works on UTF-8 code points but never rewrites the input: each
// token records the byte range it came from, and only token.text is
// normalised (curly quotes to ASCII).
#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "text.h"
#include "text_chars.h"

namespace geokg::text {

namespace {

// Abbreviations that keep their dot. kTitle ones precede a name and never end
// a sentence; kTrailing ones may end one when a clearly new sentence follows.
enum class AbbrevKind { kNone, kTitle, kTrailing, kNumero };

struct Abbrev {
  const char* word;
  AbbrevKind kind;
};

constexpr Abbrev kAbbreviations[] = {
    {"Mr", AbbrevKind::kTitle},     {"Mrs", AbbrevKind::kTitle},
    {"Ms", AbbrevKind::kTitle},     {"Dr", AbbrevKind::kTitle},
    {"Gen", AbbrevKind::kTitle},    {"Lt", AbbrevKind::kTitle},
    {"Col", AbbrevKind::kTitle},    {"Sgt", AbbrevKind::kTitle},
    {"Capt", AbbrevKind::kTitle},   {"Maj", AbbrevKind::kTitle},
    {"Adm", AbbrevKind::kTitle},    {"Gov", AbbrevKind::kTitle},
    {"Sen", AbbrevKind::kTitle},    {"Rep", AbbrevKind::kTitle},
    {"Rev", AbbrevKind::kTitle},    {"Prof", AbbrevKind::kTitle},
    {"St", AbbrevKind::kTitle},     {"Pres", AbbrevKind::kTitle},
    {"Jr", AbbrevKind::kTrailing},  {"Sr", AbbrevKind::kTrailing},
    {"Inc", AbbrevKind::kTrailing}, {"Corp", AbbrevKind::kTrailing},
    {"Co", AbbrevKind::kTrailing},  {"Ltd", AbbrevKind::kTrailing},
    {"vs", AbbrevKind::kTrailing},  {"etc", AbbrevKind::kTrailing},
    {"No", AbbrevKind::kNumero},    {"Jan", AbbrevKind::kTrailing},
    {"Feb", AbbrevKind::kTrailing}, {"Mar", AbbrevKind::kTrailing},
    {"Apr", AbbrevKind::kTrailing}, {"Jun", AbbrevKind::kTrailing},
    {"Jul", AbbrevKind::kTrailing}, {"Aug", AbbrevKind::kTrailing},
    {"Sep", AbbrevKind::kTrailing}, {"Sept", AbbrevKind::kTrailing},
    {"Oct", AbbrevKind::kTrailing}, {"Nov", AbbrevKind::kTrailing},
    {"Dec", AbbrevKind::kTrailing}, {"Ft", AbbrevKind::kTitle},
    {"Mt", AbbrevKind::kTitle},     {"Brig", AbbrevKind::kTitle},
    {"Cmdr", AbbrevKind::kTitle},   {"Supt", AbbrevKind::kTitle},
};

AbbrevKind LookupAbbrev(std::string_view word) {
  for (const Abbrev& a : kAbbreviations) {
    if (word == a.word) return a.kind;
  }
  return AbbrevKind::kNone;
}

// Capitalised words that, after a dotted acronym or trailing abbreviation,
// show that a new sentence has begun ("... in the U.S. The next day").
constexpr std::string_view kSentenceStarters[] = {
    "The",   "He",  "She",   "It",      "They",      "But",   "In",    "On",    "A",      "An",
    "We",    "I",   "This",  "That",    "These",     "Those", "There", "His",   "Her",    "Its",
    "Their", "Our", "And",   "However", "Meanwhile", "At",    "As",    "After", "Before", "When",
    "While", "If",  "Since", "Also",    "Some",      "Many",  "Most",  "Yet",   "So",     "Still",
};

bool IsSentenceStarter(std::string_view word) {
  return std::find(std::begin(kSentenceStarters), std::end(kSentenceStarters), word) !=
         std::end(kSentenceStarters);
}

// Role of a token for sentence splitting, decided while tokenising.
enum class DotRole : uint8_t {
  kNone,
  kTerminal,     // ". ! ? ..." or a word-final dot that ends the sentence.
  kTitleAbbrev,  // "Mr." "Gen.": never ends a sentence.
  kSoftAbbrev,   // "U.S." "J." "Inc." "Nov.": ends one only before a sentence starter.
};

struct RichToken {
  Token token;
  DotRole role = DotRole::kNone;
  bool opens = false;            // Opening quote or bracket.
  bool closes = false;           // Closing quote or bracket.
  uint32_t newlines_before = 0;  // Newlines in the whitespace gap before the token.
};

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s) : s_(s) {}

  std::vector<RichToken> Run() {
    std::vector<RichToken> out;
    size_t i = 0;
    uint32_t newlines = 0;
    bool space = false;
    while (i < s_.size()) {
      CodePoint cp = Decode(s_, i);
      if (IsSpace(cp.value)) {
        if (cp.value == '\n') ++newlines;
        space = true;
        i += cp.length;
        continue;
      }
      size_t first = out.size();
      i = Next(i, cp, &out);
      if (out.size() > first) {
        out[first].newlines_before = newlines;
        out[first].token.space_before = space;
        newlines = 0;
        space = false;
      }
    }
    return out;
  }

 private:
  // Consumes one token (or a word plus its clitic) starting at `i`.
  size_t Next(size_t i, CodePoint cp, std::vector<RichToken>* out) {
    if (IsWordChar(cp.value)) return Word(i, out);
    uint32_t c = cp.value;
    // Runs of dots and of ASCII hyphens form one token ("...", "--").
    if (c == '.' || c == '-') {
      size_t j = i;
      while (j < s_.size() && s_[j] == static_cast<char>(c)) ++j;
      // A leading minus or decimal point of a number belongs to the number.
      if (j == i + 1 && j < s_.size() && IsAsciiDigit(s_[j]) &&
          (i == 0 || IsSpaceByte(s_[i - 1]))) {
        return Word(i, out, /*sign=*/true);
      }
      RichToken t = Make(i, j, TokenShape::kPunct);
      if (c == '.') t.role = DotRole::kTerminal;
      out->push_back(std::move(t));
      return j;
    }
    size_t j = i + cp.length;
    if (c == '!' || c == '?') {
      while (j < s_.size() && (s_[j] == '!' || s_[j] == '?')) ++j;
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.role = DotRole::kTerminal;
      out->push_back(std::move(t));
      return j;
    }
    if (c == 0x2026) {  // Horizontal ellipsis.
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.role = DotRole::kTerminal;
      out->push_back(std::move(t));
      return j;
    }
    if (c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB) {
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.token.text = (c == 0x00AB || c == 0x00BB) ? std::string(s_.substr(i, j - i)) : "\"";
      bool opening;
      if (c == 0x201C || c == 0x201E || c == 0x00AB) {
        opening = true;
      } else if (c == 0x201D || c == 0x00BB) {
        opening = false;
      } else {
        opening = i == 0 || IsOpeningContext(i);
      }
      t.opens = opening;
      t.closes = !opening;
      out->push_back(std::move(t));
      return j;
    }
    if (c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x201A || c == 0x201B || c == '`') {
      // A possessive after a word is handled in Word(); here it is a quote
      // (or a clitic after a non-word, like "U.S.'s").
      if (!out->empty() && i > 0 && !IsSpaceByte(s_[i - 1])) {
        size_t k = j;
        if (k < s_.size() && (s_[k] == 's' || s_[k] == 'S') &&
            (k + 1 >= s_.size() || !IsWordChar(Decode(s_, k + 1).value))) {
          RichToken t = Make(i, k + 1, TokenShape::kPossessive);
          t.token.text = "'s";
          out->push_back(std::move(t));
          return k + 1;
        }
      }
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.token.text = "'";
      bool opening = c == 0x2018 || c == 0x201A || c == '`' ||
                     (c != 0x2019 && (i == 0 || IsOpeningContext(i)));
      if (c == '\'' && i > 0 && !IsOpeningContext(i)) opening = false;
      t.opens = opening;
      t.closes = !opening;
      out->push_back(std::move(t));
      return j;
    }
    if (c == '[' && (i == 0 || !LetterAt(i - 1))) {
      // "[s]upporting", "[t]he": an editor's letters inside a word of a
      // quotation are part of the word.
      size_t k = i + 1;
      while (k < s_.size() && k < i + 3 && IsAsciiLetter(s_[k])) ++k;
      if (k > i + 1 && k + 1 < s_.size() && s_[k] == ']' && LetterAt(k + 1)) {
        size_t e = k + 1;
        while (e < s_.size() && IsAsciiLetter(s_[e])) ++e;
        RichToken t = Make(i, e, TokenShape::kWord);
        t.token.text =
            std::string(s_.substr(i + 1, k - i - 1)) + std::string(s_.substr(k + 1, e - k - 1));
        out->push_back(std::move(t));
        return e;
      }
    }
    if (c == '(' || c == '[' || c == '{') {
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.opens = true;
      out->push_back(std::move(t));
      return j;
    }
    if (c == ')' || c == ']' || c == '}') {
      RichToken t = Make(i, j, TokenShape::kPunct);
      t.closes = true;
      out->push_back(std::move(t));
      return j;
    }
    if (c == ',' || c == ';' || c == ':' || c == 0x2013 || c == 0x2014 || c == 0x2015 ||
        c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2022 || c == 0x00B7 || c == '/' ||
        c == '|') {
      out->push_back(Make(i, j, TokenShape::kPunct));
      return j;
    }
    out->push_back(Make(i, j, TokenShape::kSymbol));
    return j;
  }

  // True when a quote at `i` opens: whitespace, an opening bracket or a dash
  // precedes it.
  bool IsOpeningContext(size_t i) const {
    if (i == 0) return true;
    size_t p = PrevCodePoint(s_, i);
    uint32_t prev = Decode(s_, p).value;
    return IsSpace(prev) || prev == '(' || prev == '[' || prev == '{' || prev == 0x2014 ||
           prev == 0x2013 || prev == '-' || prev == '/' || prev == 0x201C || prev == '"' ||
           prev == 0x2018;
  }

  bool IsSpaceByte(char c) const {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  }

  bool WordCharAt(size_t k) const { return k < s_.size() && IsWordChar(Decode(s_, k).value); }
  bool LetterAt(size_t k) const { return k < s_.size() && IsLetter(Decode(s_, k).value); }
  bool DigitAt(size_t k) const { return k < s_.size() && IsAsciiDigit(s_[k]); }

  // Length of an apostrophe at `k` (1 for ', 3 for U+2019), or 0.
  size_t ApostropheAt(size_t k) const {
    if (k >= s_.size()) return 0;
    if (s_[k] == '\'') return 1;
    if (s_.compare(k, 3, "\xE2\x80\x99") == 0) return 3;
    return 0;
  }

  // Length of a hyphen joining two word parts at `k`, or 0.
  size_t HyphenAt(size_t k) const {
    if (k >= s_.size()) return 0;
    if (s_[k] == '-') return 1;
    if (s_.compare(k, 3, "\xE2\x80\x90") == 0 || s_.compare(k, 3, "\xE2\x80\x91") == 0) return 3;
    return 0;
  }

  // Length of a dotted acronym at `i` ("U.S.", "e.g.", "D.C."), or 0. Needs
  // at least two letter-dot pairs, each letter standing alone.
  size_t DottedAcronymAt(size_t i) const {
    size_t k = i;
    int pairs = 0;
    while (k + 1 < s_.size() && IsAsciiLetter(s_[k]) && s_[k + 1] == '.') {
      ++pairs;
      k += 2;
    }
    if (pairs < 2) return 0;
    if (WordCharAt(k)) return 0;  // "U.S.A" without the final dot: not handled as one.
    return k - i;
  }

  static bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  // Scans a word or number at `i`, splitting off "'s" and "n't". `sign`
  // marks a leading "-" or "." that belongs to a number.
  size_t Word(size_t i, std::vector<RichToken>* out, bool sign = false) {
    size_t j = i;
    DotRole role = DotRole::kNone;
    if (sign) ++j;
    size_t acronym = sign ? 0 : DottedAcronymAt(i);
    if (acronym > 0) {
      j = i + acronym;
      role = DotRole::kSoftAbbrev;
      // "U.S.-led" continues after a hyphen.
      if (size_t h = HyphenAt(j); h > 0 && WordCharAt(j + h)) {
        role = DotRole::kNone;
        j += h;
      } else {
        return Emit(i, j, role, out);
      }
    }
    size_t clitic_begin = 0;  // Where "n't" / "'s" / "'re" starts, when split.
    while (j < s_.size()) {
      CodePoint cp = Decode(s_, j);
      if (IsWordChar(cp.value)) {
        j += cp.length;
        continue;
      }
      char c = s_[j];
      if (size_t h = HyphenAt(j); h > 0 && WordCharAt(j + h)) {
        j += h;
        continue;
      }
      if ((c == '.' || c == ',') && j > i && IsAsciiDigit(s_[j - 1]) && DigitAt(j + 1)) {
        if (c == '.') {
          j += 1;
          continue;
        }
        // Thousands separator: exactly three digits follow.
        if (DigitAt(j + 2) && DigitAt(j + 3) && !DigitAt(j + 4)) {
          j += 1;
          continue;
        }
        break;
      }
      if (c == '&' && j > i && s_[j - 1] >= 'A' && s_[j - 1] <= 'Z' && j + 1 < s_.size() &&
          s_[j + 1] >= 'A' && s_[j + 1] <= 'Z') {
        j += 1;  // "AT&T", "S&P".
        continue;
      }
      if (size_t a = ApostropheAt(j); a > 0 && j > i && LetterAt(j + a)) {
        size_t after = j + a;
        size_t rest = after;
        while (LetterAt(rest)) rest += Decode(s_, rest).length;
        std::string tail = AsciiLower(s_.substr(after, rest - after));
        bool last_is_n = s_[j - 1] == 'n' || s_[j - 1] == 'N';
        if (tail == "t" && last_is_n && j - 1 > i) {
          clitic_begin = j - 1;  // "don't" -> "do" + "n't".
          j = rest;
          break;
        }
        if (tail == "s" || tail == "re" || tail == "ll" || tail == "ve" || tail == "m" ||
            tail == "d") {
          clitic_begin = j;
          j = rest;
          break;
        }
        j = after;  // "O'Brien", "Côte d'Ivoire".
        continue;
      }
      break;
    }
    size_t word_end = clitic_begin > 0 ? clitic_begin : j;
    std::string_view word = s_.substr(i, word_end - i);
    if (clitic_begin == 0 && j < s_.size() && s_[j] == '.') {
      // An initial ("J.") or a known abbreviation ("Mr.", "Nov.") keeps its dot.
      AbbrevKind kind = LookupAbbrev(word);
      bool initial = word.size() == 1 && word[0] >= 'A' && word[0] <= 'Z';
      if (kind == AbbrevKind::kNumero) {
        size_t k = j + 1;
        while (k < s_.size() && s_[k] == ' ') ++k;
        if (!DigitAt(k)) kind = AbbrevKind::kNone;
      }
      if (initial || kind != AbbrevKind::kNone) {
        role = kind == AbbrevKind::kTitle ? DotRole::kTitleAbbrev : DotRole::kSoftAbbrev;
        return Emit(i, j + 1, role, out);
      }
    }
    Emit(i, word_end, DotRole::kNone, out);
    if (clitic_begin > 0) {
      RichToken t = Make(clitic_begin, j, TokenShape::kWord);
      std::string text = NormalizeQuotes(s_.substr(clitic_begin, j - clitic_begin));
      if (AsciiLower(text) == "'s") {
        t.token.shape = TokenShape::kPossessive;
        t.token.text = "'s";
      } else {
        t.token.text = text;
      }
      t.token.capitalized = false;
      t.token.all_caps = false;
      out->push_back(std::move(t));
      return j;
    }
    // A bare apostrophe after a plural ("the allies' weapons") is possessive
    // when a word follows; before punctuation it is more likely a closing quote.
    if (size_t a = ApostropheAt(j);
        a > 0 && word.size() >= 2 && (word.back() == 's' || word.back() == 'S')) {
      size_t k = j + a;
      if (k < s_.size() && s_[k] == ' ' && LetterAt(k + 1)) {
        RichToken t = Make(j, k, TokenShape::kPossessive);
        t.token.text = "'";
        out->push_back(std::move(t));
        return k;
      }
    }
    return word_end;
  }

  size_t Emit(size_t b, size_t e, DotRole role, std::vector<RichToken>* out) {
    bool number = IsAsciiDigit(s_[b]) || s_[b] == '-' || s_[b] == '.';
    RichToken t = Make(b, e, number ? TokenShape::kNumber : TokenShape::kWord);
    t.role = role;
    out->push_back(std::move(t));
    return e;
  }

  RichToken Make(size_t b, size_t e, TokenShape shape) const {
    RichToken t;
    t.token.begin = static_cast<uint32_t>(b);
    t.token.end = static_cast<uint32_t>(e);
    t.token.shape = shape;
    std::string_view raw = s_.substr(b, e - b);
    t.token.text = NormalizeQuotes(raw);
    int letters = 0;
    int upper = 0;
    bool first_letter_seen = false;
    for (size_t k = 0; k < raw.size();) {
      CodePoint cp = Decode(raw, k);
      if (IsLetter(cp.value)) {
        ++letters;
        bool up = IsUpper(cp.value);
        if (up) ++upper;
        if (!first_letter_seen) {
          t.token.capitalized = up;
          first_letter_seen = true;
        }
      } else if (!first_letter_seen && IsAsciiDigit(static_cast<char>(cp.value))) {
        first_letter_seen = true;  // "3rd" is not capitalised.
      }
      k += cp.length;
    }
    t.token.all_caps = letters >= 2 && upper == letters;
    return t;
  }

  std::string_view s_;
};

bool IsTerminalRole(const RichToken& t) { return t.role == DotRole::kTerminal; }

// Marks the quotes and brackets of one paragraph that have a partner, so that
// an unbalanced mark cannot swallow the rest of the paragraph.
void MatchPairs(std::vector<RichToken>* tokens, size_t b, size_t e, std::vector<bool>* paired) {
  std::vector<size_t> stack;
  auto kind_of = [](const std::string& t) -> char {
    if (t == "\"") return '"';
    if (t == "'") return '\'';
    if (t == "(" || t == ")") return '(';
    if (t == "[" || t == "]") return '[';
    if (t == "{" || t == "}") return '{';
    if (t == "\xC2\xAB" || t == "\xC2\xBB") return '<';
    return 0;
  };
  for (size_t k = b; k < e; ++k) {
    const RichToken& t = (*tokens)[k];
    char kind = kind_of(t.token.text);
    if (kind == 0) continue;
    if (t.opens) {
      stack.push_back(k);
    } else if (t.closes) {
      // Pop to the nearest opener of the same kind; openers skipped over
      // stay unmatched.
      for (size_t s = stack.size(); s-- > 0;) {
        if (kind_of((*tokens)[stack[s]].token.text) == kind) {
          (*paired)[stack[s]] = true;
          (*paired)[k] = true;
          stack.resize(s);
          break;
        }
      }
    }
  }
}

}  // namespace

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsValidUtf8(std::string_view s, size_t* bad_offset) {
  size_t i = 0;
  const size_t n = s.size();
  auto fail = [&](size_t at) {
    if (bad_offset != nullptr) *bad_offset = at;
    return false;
  };
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = 0x800;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return fail(i);  // Continuation byte, overlong lead C0/C1, or F5..FF.
    }
    if (i + len > n) return fail(i);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return fail(i);
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return fail(i);
    i += len;
  }
  return true;
}

std::vector<Token> Tokenize(std::string_view phrase) {
  std::vector<RichToken> rich = Tokenizer(phrase).Run();
  std::vector<Token> out;
  out.reserve(rich.size());
  for (RichToken& t : rich) out.push_back(std::move(t.token));
  return out;
}

std::vector<Sentence> SplitSentences(std::string_view text) {
  std::vector<RichToken> tokens = Tokenizer(text).Run();
  const size_t n = tokens.size();
  std::vector<bool> boundary_after(n, false);  // A sentence ends after token k.

  // Paragraphs: runs of tokens without a blank line between them.
  std::vector<bool> paired(n, false);
  size_t para_begin = 0;
  for (size_t k = 1; k <= n; ++k) {
    if (k == n || tokens[k].newlines_before >= 2) {
      MatchPairs(&tokens, para_begin, k, &paired);
      if (k < n) boundary_after[k - 1] = true;
      para_begin = k;
    }
  }

  // Line starts, for the heading rule.
  auto line_start_of = [&](size_t k) {
    while (k > 0 && tokens[k].newlines_before == 0) --k;
    return k;
  };
  auto starts_sentence_like = [&](const RichToken& t) {
    return t.token.capitalized || t.token.shape == TokenShape::kNumber || t.opens ||
           (t.token.shape == TokenShape::kSymbol && t.token.text == "$");
  };

  int depth = 0;  // Open paired quotes and brackets.
  for (size_t k = 0; k < n; ++k) {
    const RichToken& t = tokens[k];
    if (k > 0 && tokens[k].newlines_before >= 2) depth = 0;
    if (paired[k] && t.opens) ++depth;
    if (paired[k] && t.closes && depth > 0) --depth;
    if (k + 1 >= n || boundary_after[k]) continue;
    const RichToken& next = tokens[k + 1];

    // Find the terminal token: t itself, or the punctuation before a run of
    // closing marks ending at t ('." Blinken said').
    size_t term = k;
    while (term > 0 && tokens[term].closes && !tokens[term].token.space_before) --term;
    const RichToken& tt = tokens[term];
    bool closes_quote = term != k;
    if (closes_quote && k + 1 < n && next.closes && !next.token.space_before) continue;

    if (next.newlines_before == 1) {
      if (depth > 0 && !closes_quote) continue;
      if (IsTerminalRole(tt) || (tt.role == DotRole::kSoftAbbrev && (starts_sentence_like(next)))) {
        boundary_after[k] = true;
        continue;
      }
      // Heading: a short line without terminal punctuation, on its own line,
      // followed by a line that starts like a sentence.
      size_t ls = line_start_of(k);
      size_t words = k - ls + 1;
      const std::string& last = t.token.text;
      bool joins = last == "," || last == ";" || last == ":" || last == "-" ||
                   last == "\xE2\x80\x94" || last == "\xE2\x80\x93" || t.opens;
      std::string lower = AsciiLower(last);
      bool function_word = lower == "the" || lower == "of" || lower == "and" || lower == "a" ||
                           lower == "to" || lower == "in" || lower == "for" || lower == "on";
      if (depth == 0 && words <= 14 && !joins && !function_word && starts_sentence_like(next) &&
          tt.role != DotRole::kTitleAbbrev) {
        boundary_after[k] = true;
      }
      continue;
    }
    if (next.newlines_before > 1) continue;  // Already a paragraph break.
    if (!next.token.space_before) continue;
    // Inside a quotation or brackets, only a closing mark can end a sentence.
    if (depth > 0) continue;
    if (closes_quote && !(IsTerminalRole(tt) || tt.role == DotRole::kSoftAbbrev)) continue;
    bool new_sentence =
        next.token.capitalized || next.token.shape == TokenShape::kNumber || next.opens;
    if (!new_sentence) continue;
    if (IsTerminalRole(tt)) {
      boundary_after[k] = true;
    } else if (tt.role == DotRole::kSoftAbbrev && IsSentenceStarter(next.token.text)) {
      boundary_after[k] = true;
    }
  }

  std::vector<Sentence> sentences;
  Sentence current;
  for (size_t k = 0; k < n; ++k) {
    current.tokens.push_back(std::move(tokens[k].token));
    if (boundary_after[k] || k + 1 == n) {
      current.begin = current.tokens.front().begin;
      current.end = current.tokens.back().end;
      sentences.push_back(std::move(current));
      current = Sentence();
    }
  }
  return sentences;
}

}  // namespace geokg::text
