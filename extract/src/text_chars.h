// Internal: code point decoding and character classes for the tokenizer and
// the noise filter. Not a Unicode database: letters outside ASCII are every
// code point that is not listed here as space, punctuation or symbol, which
// is right for the Latin, Greek and Cyrillic names found in news text.
#ifndef GEOKG_EXTRACT_TEXT_CHARS_H_
#define GEOKG_EXTRACT_TEXT_CHARS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace geokg::text {

struct CodePoint {
  uint32_t value = 0;
  size_t length = 1;  // Bytes consumed; at least 1, also for a bad byte.
};

// Decodes the code point at byte `i` (< s.size()). An invalid byte decodes
// as itself (value = the byte, length 1), so scanning always advances.
CodePoint Decode(std::string_view s, size_t i);

// Byte offset of the code point that ends just before `i` (> 0).
size_t PrevCodePoint(std::string_view s, size_t i);

// ASCII whitespace, NBSP, the U+2000 spaces, zero-width space and BOM.
bool IsSpace(uint32_t c);
// Quotes, dashes, bullets, arrows, currency and other non-word marks.
bool IsPunctOrSymbol(uint32_t c);
bool IsLetter(uint32_t c);
bool IsDigit(uint32_t c);
// A letter or a digit: what words and numbers are made of.
bool IsWordChar(uint32_t c);
// Upper-case letter (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic).
bool IsUpper(uint32_t c);

// Replaces U+2018/2019/201A/201B by ' and U+201C/201D/201E/201F by ".
std::string NormalizeQuotes(std::string_view s);

}  // namespace geokg::text

#endif  // GEOKG_EXTRACT_TEXT_CHARS_H_
