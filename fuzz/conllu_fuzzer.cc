// Fuzz target: the CoNLL-U reader (training and `geokg parse --eval` input)
// and the projectivizer the trainer runs on every gold tree.
//
// Invariants: a parsed sentence has heads in 0..n; when its heads form a
// tree, Projectivize terminates with a projective tree.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "conllu.h"
#include "fuzz_check.h"

namespace {

// True when following heads from every word reaches the root (no cycle).
bool IsTree(const std::vector<int>& heads) {
  const int n = static_cast<int>(heads.size());
  for (int start = 1; start <= n; ++start) {
    int word = start;
    for (int steps = 0; word != 0; ++steps) {
      if (steps > n) return false;
      word = heads[word - 1];
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto sentences = geokg::conllu::Parse(input, "fuzz.conllu");
  if (!sentences.ok()) {
    FUZZ_CHECK(!sentences.status().ToString().empty());
    return 0;
  }
  for (const auto& sentence : sentences.value()) {
    std::vector<int> heads;
    const int n = static_cast<int>(sentence.words.size());
    for (const auto& word : sentence.words) {
      FUZZ_CHECK(word.head >= 0 && word.head <= n);
      heads.push_back(word.head);
    }
    if (!IsTree(heads)) continue;
    geokg::conllu::Projectivize(&heads);
    FUZZ_CHECK(geokg::conllu::IsProjective(heads));
    FUZZ_CHECK(IsTree(heads));
  }
  return 0;
}
