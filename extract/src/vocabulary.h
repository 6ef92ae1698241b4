// Internal: closed-class role words (data/roles.tsv) and the usual part of
// speech of English word forms (data/wordclass.tsv).
//
// Immutable after Load(); safe to share across threads.
#ifndef GEOKG_EXTRACT_VOCABULARY_H_
#define GEOKG_EXTRACT_VOCABULARY_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geokg/graph.h"
#include "text.h"

namespace geokg {

enum class RoleClass : uint8_t {
  kTitle,
  kHonorific,
  kModifier,
  kOrgHead,
  kGroupHead,
  kActor,
  kSpeech,
  kLocHead,
  kMedia,
  kStateOrgan,
};

// Word-class flags of one lower-case form, from its UPOS distribution.
struct WordClass {
  uint32_t count = 0;
  float noun = 0;   // Share of NOUN tags.
  float verb = 0;   // Share of VERB (and AUX) tags.
  float propn = 0;  // Share of PROPN tags.
  float adj = 0;
  float function = 0;  // DET, ADP, PRON, CCONJ, SCONJ, PART, AUX.
};

class Vocabulary {
 public:
  // Reads roles.tsv, agents.tsv and wordclass.tsv from `data_dir`.
  static Result<Vocabulary> Load(const std::string& data_dir);

  // Number of tokens at tokens[start..] forming the longest phrase of class
  // `cls` (0 = none). Matching is on lower-cased token text.
  size_t MatchRole(const std::vector<text::Token>& tokens, size_t start, RoleClass cls) const;
  bool IsRole(std::string_view lower_word, RoleClass cls) const;

  // nullptr when the form was not seen (or seen once) in the treebank.
  const WordClass* Lookup(std::string_view lower_form) const;

  // True for a form that is mostly not a proper noun in running text: a
  // capitalised occurrence at a sentence start is then not a name.
  bool IsCommonWord(std::string_view lower_form) const;

  // True for a known form that is rarely a proper noun (under 30% PROPN):
  // title-cased, it names a portfolio ("High Commissioner for Human
  // Rights") or a descriptive phrase rather than a person.
  bool IsRarelyName(std::string_view lower_form) const;

 private:
  void AddRole(std::string_view phrase, RoleClass cls);

  // Phrase (tokens joined by spaces) -> bit set of RoleClass.
  std::unordered_map<std::string, uint32_t> roles_;
  size_t max_role_tokens_ = 1;
  std::unordered_map<std::string, WordClass> words_;
};

}  // namespace geokg

#endif  // GEOKG_EXTRACT_VOCABULARY_H_
