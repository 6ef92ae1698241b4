#include "text_chars.h"

namespace geokg::text {

CodePoint Decode(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return {c, 1};
  }
  if (i + len > s.size()) return {c, 1};
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {c, 1};
    cp = (cp << 6) | (cc & 0x3F);
  }
  return {cp, len};
}

size_t PrevCodePoint(std::string_view s, size_t i) {
  size_t p = i - 1;
  // Step back over at most three continuation bytes.
  for (int k = 0; k < 3 && p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80; ++k) --p;
  if (Decode(s, p).length != i - p) return i - 1;
  return p;
}

bool IsSpace(uint32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0x00A0:
    case 0x1680:
    case 0x200B:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool IsPunctOrSymbol(uint32_t c) {
  if (c < 0x80) {
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) &&
           !IsSpace(c);
  }
  if (c < 0xA0) return true;                      // C1 controls.
  if (c >= 0xA1 && c <= 0xBF) return true;        // Latin-1 signs: « » £ © ° ·
  if (c == 0xD7 || c == 0xF7) return true;        // × ÷
  if (c >= 0x2010 && c <= 0x205E) return true;    // General punctuation.
  if (c >= 0x20A0 && c <= 0x20CF) return true;    // Currency.
  if (c >= 0x2100 && c <= 0x2BFF) return true;    // Letterlike, arrows, math, shapes, dingbats.
  if (c >= 0x3000 && c <= 0x303F) return true;    // CJK punctuation.
  if (c >= 0xFE10 && c <= 0xFE6F) return true;    // Small and vertical forms.
  if (c >= 0xFF01 && c <= 0xFF0F) return true;    // Fullwidth punctuation.
  if (c >= 0x1F000 && c <= 0x1FAFF) return true;  // Emoji and pictographs.
  if (c >= 0xE000 && c <= 0xF8FF) return true;    // Private use.
  if (c >= 0xFE00 && c <= 0xFE0F) return true;    // Variation selectors.
  return false;
}

bool IsDigit(uint32_t c) { return c >= '0' && c <= '9'; }

bool IsLetter(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return !IsSpace(c) && !IsPunctOrSymbol(c);
}

bool IsWordChar(uint32_t c) { return IsDigit(c) || IsLetter(c); }

bool IsUpper(uint32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c == 0x178 || c == 0x179 || c == 0x17B || c == 0x17D) return true;
  if (c >= 0x391 && c <= 0x3AB) return c != 0x3A2;
  if (c >= 0x400 && c <= 0x42F) return true;
  return false;
}

std::string NormalizeQuotes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xE2 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0x80) {
      unsigned char third = static_cast<unsigned char>(s[i + 2]);
      if (third >= 0x98 && third <= 0x9B) {  // U+2018..U+201B
        out.push_back('\'');
        i += 2;
        continue;
      }
      if (third >= 0x9C && third <= 0x9F) {  // U+201C..U+201F
        out.push_back('"');
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

}  // namespace geokg::text
