// Fuzz target: noise blanking, the sentence splitter and the tokenizer, on
// any bytes (the pipeline only passes valid UTF-8, but nothing here may
// depend on it for memory safety).
//
// Invariants: BlankNoise keeps every byte offset (same length, newlines
// kept); sentences are in order and inside the text; tokens are non-empty,
// in order and inside their sentence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  namespace text = geokg::text;

  size_t bad_offset = 0;
  if (!text::IsValidUtf8(input, &bad_offset)) FUZZ_CHECK(bad_offset < input.size());

  const std::string_view title = input.substr(0, input.find('\n'));
  const std::string blanked = text::BlankNoise(input, title);
  FUZZ_CHECK(blanked.size() == input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    FUZZ_CHECK((input[i] == '\n') == (blanked[i] == '\n'));
  }

  uint32_t previous_end = 0;
  for (const text::Sentence& sentence : text::SplitSentences(blanked)) {
    FUZZ_CHECK(sentence.begin >= previous_end);
    FUZZ_CHECK(sentence.begin <= sentence.end && sentence.end <= blanked.size());
    uint32_t token_end = sentence.begin;
    for (const text::Token& token : sentence.tokens) {
      FUZZ_CHECK(token.begin >= token_end);
      FUZZ_CHECK(token.begin < token.end && token.end <= sentence.end);
      FUZZ_CHECK(!token.text.empty());
      token_end = token.end;
    }
    previous_end = sentence.end;
  }

  for (const text::Token& token : text::Tokenize(input.substr(0, 256))) {
    FUZZ_CHECK(token.begin < token.end && token.end <= 256);
  }
  return 0;
}
