// Internal: a reader for CoNLL-U treebanks (gold-tokenised input).
//
// Only the syntactic words are kept: multiword-token ranges ("1-2") and
// empty nodes ("8.1") are skipped, so word i of a sentence has ID i + 1 and
// heads index the same words (0 = root). Plain values, no shared state.
#ifndef GEOKG_EXTRACT_CONLLU_H_
#define GEOKG_EXTRACT_CONLLU_H_

#include <string>
#include <string_view>
#include <vector>

#include "geokg/graph.h"

namespace geokg::conllu {

struct Word {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;    // "_" when the treebank has none.
  int head = 0;        // 0 = root, else the 1-based index of the head word.
  std::string deprel;  // Full UD label with its subtype ("nmod:poss").
};

struct Sentence {
  std::string id;  // From "# sent_id = ...", or "" when absent.
  std::vector<Word> words;
};

// Parses CoNLL-U text. `name` is used in messages ("train.conllu:812").
// Fails with Corruption on a word line without 10 tab-separated columns, a
// non-numeric ID or HEAD, IDs that do not run 1..n, or a HEAD outside 0..n.
Result<std::vector<Sentence>> Parse(std::string_view text, const std::string& name);

// Reads and parses a file: NotFound/IOError when it cannot be read.
Result<std::vector<Sentence>> ReadFile(const std::string& path);

// True when no two arcs cross (root arcs included, as an arc from position 0).
bool IsProjective(const std::vector<int>& heads);

// Makes a tree projective by lifting: while an arc crosses another, the
// shortest crossing arc d <- h is replaced by d <- head(h). Labels are kept.
// `heads` holds 1-based heads of a well-formed tree (0 = root). Returns the
// number of lifts made.
int Projectivize(std::vector<int>* heads);

}  // namespace geokg::conllu

#endif  // GEOKG_EXTRACT_CONLLU_H_
