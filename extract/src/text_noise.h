// Internal: the line classifier behind BlankNoise, shared with the reader
// (which skips noise lines when it looks for a plain-text article's title).
#ifndef GEOKG_EXTRACT_TEXT_NOISE_H_
#define GEOKG_EXTRACT_TEXT_NOISE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace geokg::text {

enum class NoiseKind : uint8_t {
  kNone,
  kTicker,   // Stock-ticker strip: "date 2023-11-30 BAFL 45.31 Increased By ▲ 0.51 (1.14%)".
  kTitle,    // The line repeats the article title.
  kByline,   // "AFP Published 30 Nov, 2023 04:53am", "By Jane Doe".
  kAgency,   // An agency credit alone: "AFP", "— Reuters".
  kSocial,   // Embedded social post: "pic.twitter.com/...", "— Name (@handle) Nov 30, 2023".
  kPromo,    // "Read more:", "Subscribe", media-player notices.
  kCaption,  // Photo captions and credits.
};

// Classifies one line (without its newline). `title` may be empty.
NoiseKind ClassifyNoiseLine(std::string_view line, std::string_view title);

// Bytes of `line` taken by a leading dateline ("KYIV, Ukraine (AP) — "),
// including the spaces after its mark; 0 when there is none.
size_t DatelinePrefixLength(std::string_view line);

}  // namespace geokg::text

#endif  // GEOKG_EXTRACT_TEXT_NOISE_H_
