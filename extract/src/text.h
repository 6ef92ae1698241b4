// Internal: noise removal, sentence splitting and tokenisation.
//
// Offsets are byte offsets into the article text as given. Noise lines are
// blanked (replaced by spaces, newlines kept) rather than removed, so that
// every offset stays valid.
#ifndef GEOKG_EXTRACT_TEXT_H_
#define GEOKG_EXTRACT_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geokg::text {

enum class TokenShape : uint8_t {
  kWord,        // Alphabetic, maybe with inner hyphens/apostrophes/dots ("U.S.", "Jong-un").
  kNumber,      // "36", "1,000", "60-billion", "$60-billion" starts kSymbol.
  kPunct,       // . , ; : ! ? ( ) [ ] quotes, dashes.
  kSymbol,      // $ % & and the like.
  kPossessive,  // "'s", "’s", or a bare "'" after a plural.
};

struct Token {
  uint32_t begin = 0;  // Byte offset in the article text.
  uint32_t end = 0;    // One past the last byte.
  std::string text;    // Normalised: curly quotes/apostrophes -> ASCII.
  TokenShape shape = TokenShape::kWord;
  bool capitalized = false;   // First letter upper case.
  bool all_caps = false;      // Two or more letters, all upper case ("NATO", "U.S.").
  bool space_before = false;  // Whitespace precedes it in the text.
};

struct Sentence {
  uint32_t begin = 0;  // Byte offsets of the sentence in the article text.
  uint32_t end = 0;
  std::vector<Token> tokens;
};

// Returns `text` with noise lines blanked: stock tickers, "Published ..."
// bylines, the title line when it repeats `title`, photo credits, "Read more"
// and related links, newsletter/app promotions, media-player notices. A
// leading dateline ("BRUSSELS:", "KYIV, Ukraine (AP) -") is blanked too.
std::string BlankNoise(std::string_view text, std::string_view title);

// Splits into sentences and tokens. Survives abbreviations (U.S., Nov., Mr.,
// Gen., Lt., St.), initials, decimal numbers, quotes and curly punctuation,
// and never splits inside parentheses or a quotation before its closing mark
// unless the quotation ends a sentence. Blank lines always end a sentence.
std::vector<Sentence> SplitSentences(std::string_view text);

// Tokenises a short phrase (a gazetteer entry) exactly as SplitSentences
// would tokenise it in running text.
std::vector<Token> Tokenize(std::string_view phrase);

// Lower-cases ASCII letters; leaves other bytes alone.
std::string AsciiLower(std::string_view s);

// True when `s` is valid UTF-8 with no overlong forms or surrogates. When
// false and `bad_offset` is given, it receives the offset of the first bad byte.
bool IsValidUtf8(std::string_view s, size_t* bad_offset = nullptr);

}  // namespace geokg::text

#endif  // GEOKG_EXTRACT_TEXT_H_
