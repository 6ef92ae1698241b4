// Fuzz target: the parser model loader (Parser::FromBytes).
//
// An input that starts with the magic "GKDP" is loaded as a whole file, so
// the header checks are fuzzed. Any other input is taken as a payload and
// wrapped in a valid header and checksum first, so that mutations reach the
// decoder behind the checksum. A model that loads must tag and parse.
//
// Invariants: a loaded model gives, for every sentence, one head in 0..n and
// one label per word.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "parser.h"
#include "parser_coding.h"

namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// The model file around `payload` (docs/parser.md, "Model file format").
std::string WrapPayload(std::string_view payload) {
  std::string file;
  PutU32(&file, geokg::parser::kModelMagic);
  PutU32(&file, geokg::parser::kModelVersion);
  PutU64(&file, payload.size());
  file.append(payload);
  PutU32(&file, geokg::parser::Crc32(payload));
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string bytes = input.substr(0, 4) == "GKDP" ? std::string(input) : WrapPayload(input);
  auto parser = geokg::parser::Parser::FromBytes(bytes);
  if (!parser.ok()) return 0;

  for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
           {"Russia", "invaded", "Ukraine", "."},
           {"The", "talks", "in", "Geneva", "ended", "without", "an", "agreement", "."},
           {"x"}}) {
    const geokg::parser::Analysis analysis = parser.value()->Parse(words);
    const int n = static_cast<int>(words.size());
    FUZZ_CHECK(analysis.heads.size() == words.size());
    FUZZ_CHECK(analysis.deprels.size() == words.size());
    FUZZ_CHECK(analysis.upos.size() == words.size());
    for (int head : analysis.heads) FUZZ_CHECK(head >= 0 && head <= n);
  }
  return 0;
}
