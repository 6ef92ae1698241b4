// Internal: the per-article working state shared by mention detection and
// relation extraction.
//
// Flow for one article: BlankNoise -> SplitSentences -> FindMentions (per
// sentence, filling ArticleState's entity table) -> MergePersons (surnames to
// full names) -> FindRelations (per sentence) -> ArticleExtraction.
#ifndef GEOKG_EXTRACT_ANALYSIS_H_
#define GEOKG_EXTRACT_ANALYSIS_H_

#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "actors.h"
#include "data_io.h"
#include "geokg/extract.h"
#include "parser.h"
#include "resources.h"
#include "text.h"
#include "vocabulary.h"

namespace geokg {

struct Resources {
  Gazetteer gazetteer;
  Lexicon lexicon;
  Vocabulary vocabulary;
  ActorIndex actors;
  std::unique_ptr<parser::Parser> parser;  // Null when parsing is off.
};

// A stretch of tokens naming an entity.
struct Mention {
  size_t begin = 0;  // Token range [begin, end) in the sentence.
  size_t end = 0;
  int entity = -1;  // Index into ArticleState::entities (before merging).
  AliasKind kind = AliasKind::kName;
  // Set for a mention inside a hyphenated token ("Israel" in "Israel-Hamas"):
  // begin/end then cover the whole token.
  bool in_compound = false;
};

// The dependency tree of one sentence over *nodes*: a multi-token name
// mention is parsed as one word (a placeholder name of its type, so the
// tagger sees a known proper noun), every other token is a node of its own.
struct DepTree {
  std::vector<int> node_of_token;        // Token -> node.
  std::vector<uint32_t> first_token;     // Node -> its first token.
  std::vector<int> head;                 // Node -> head node; -1 = the root.
  std::vector<std::string_view> deprel;  // UD label ("nsubj:pass"); points into the Parser.
  std::vector<std::string_view> upos;
  std::vector<std::string_view> xpos;      // Penn tag: "VBN" tells a participle.
  std::vector<int> mention;                // Node -> index into SentenceInfo::mentions, or -1.
  std::vector<std::vector<int>> children;  // In sentence order.

  bool empty() const { return head.empty(); }
  size_t size() const { return head.size(); }
};

struct SentenceInfo {
  int index = 0;  // 0-based among the article's sentences.
  const text::Sentence* sentence = nullptr;
  int paragraph = 0;
  std::vector<Mention> mentions;  // Ordered by begin.
  bool has_quote = false;         // Contains a quotation mark.
  int speaker = -1;               // Entity that says this sentence, or -1.
  DepTree tree;                   // Empty when the sentence was not parsed.
  // Role phrases before a person's name ("United Nations Secretary-General
  // Ban Ki-moon"): token range [phrase begin, name end). The parser sees
  // phrase and name as one word.
  std::vector<std::pair<size_t, size_t>> role_prefixes;
};

struct ArticleState {
  std::vector<EntityMention> entities;
  std::vector<int> parent;                      // Union-find over entities: merged aliases.
  std::unordered_map<std::string, int> by_key;  // Normalised canonical name -> entity.
  // Person entity -> the state or organisation it represents (first found).
  std::unordered_map<int, int> affiliation;
  std::vector<Triple> triples;
  std::vector<std::pair<int, int>> triple_ends;    // Entity indices of each triple.
  std::set<std::tuple<int, int, int, bool>> seen;  // (s, relation, o, negated).
  // First or last name of a multi-word person -> that person; -1 when two
  // people share the surname (a bare mention then stays unresolved).
  std::unordered_map<std::string, int> person_part;
  // Single capitalised words kept as persons only if MergePersons links them
  // to a full name or a relation needs them.
  std::set<int> tentative;
  // Multi-word names typed PERSON with no role or speech cue; reported as
  // entities only when they take part in a relation or are repeated.
  std::set<int> unconfirmed;
  // Entities the text does not name but a known role implies (the state an
  // official speaks for); reported only when a relation uses them.
  std::set<int> implied;

  int Find(int e) {
    while (parent[e] != e) e = parent[e] = parent[parent[e]];
    return e;
  }
  // Adds (or finds) an entity by canonical name and records the surface form.
  int Add(const std::string& canonical, EntityType type, const std::string& surface);
};

// The extraction's view of an ActorMemory: the lookups of FindMentions and
// FindRelations go through it, so that they can be recorded in an
// ActorMemoryLog (each distinct lookup once). With a null memory every
// lookup finds nothing; with a null log nothing is recorded.
class MemoryReader {
 public:
  MemoryReader(const ActorMemory* memory, ActorMemoryLog* log) : memory_(memory), log_(log) {}
  // ActorMemory::Find and ActorMemory::RoleOn, recorded.
  const EntityMention* Find(std::string_view surface) const;
  const ActorMemory::Role* RoleOn(const std::string& person, Date date) const;

 private:
  const ActorMemory* memory_;
  ActorMemoryLog* log_;
  // Indexes into log_->finds_ / log_->roles_ by lookup, to record each once.
  mutable std::unordered_map<std::string, size_t> seen_finds_;
  mutable std::unordered_map<std::string, size_t> seen_roles_;
};

// Finds the mentions of one sentence and registers their entities.
void FindMentions(const Resources& res, const MemoryReader* memory, SentenceInfo* info,
                  ArticleState* state);

// Merges surname-only persons into the full name they abbreviate, when that
// is unambiguous in the article.
void MergePersons(ArticleState* state);

// True when $GEOKG_TRACE is set: relation extraction then prints each
// parsed sentence (CoNLL-like, with mention indexes) and each event
// trigger's actors and targets to stderr. A developer's aid.
bool TraceEnabled();

// Parses one sentence (after its mentions are final) into info->tree.
void ParseSentence(const parser::Parser& parser, const Vocabulary& vocabulary,
                   const ArticleState& state, SentenceInfo* info);

// Finds `represents`, `member_of` and event triples in every sentence.
// `memory` may be null; it supplies roles stated in earlier articles.
void FindRelations(const Resources& res, const MemoryReader* memory, const Article& article,
                   std::vector<SentenceInfo>* sentences, ArticleState* state);

}  // namespace geokg

#endif  // GEOKG_EXTRACT_ANALYSIS_H_
