// Internal: the per-sentence relation finder shared by the surface rules
// (relations.cc) and the dependency-tree rules (tree_events.cc), and the
// word lists both use.
#ifndef GEOKG_EXTRACT_SENTENCE_RELATIONS_H_
#define GEOKG_EXTRACT_SENTENCE_RELATIONS_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analysis.h"

namespace geokg {

using text::Token;
using text::TokenShape;

inline bool OneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  for (auto x : words) {
    if (w == x) return true;
  }
  return false;
}

// True when a dependency label is `want` or a subtype of it ("obl:agent"
// for "obl").
inline bool LabelIs(std::string_view label, std::string_view want) {
  if (label.size() < want.size() || label.compare(0, want.size(), want) != 0) return false;
  return label.size() == want.size() || label[want.size()] == ':';
}

inline bool IsPreposition(std::string_view w) {
  return OneOf(w, {"of",        "in",      "at",        "from",   "with",    "to",     "for",
                   "on",        "against", "into",      "over",   "between", "among",  "toward",
                   "towards",   "by",      "than",      "about",  "near",    "inside", "across",
                   "within",    "without", "through",   "upon",   "onto",    "via",    "like",
                   "including", "unlike",  "amid",      "after",  "before",  "during", "since",
                   "until",     "despite", "following", "behind", "beyond",  "under",  "alongside",
                   "besides",   "beside"});
}

inline bool IsLocativePreposition(std::string_view w) {
  return OneOf(
      w, {"in", "at", "near", "inside", "within", "across", "during", "after", "before", "outside",
          "throughout", "around", "since", "until", "via", "than", "like", "including", "amid"});
}

inline bool IsBeForm(std::string_view w) {
  return OneOf(w, {"is", "are", "was", "were", "been", "being", "be", "get", "got", "gets"});
}

// Modals that turn a speech verb's clausal complement into a demand on its
// subject ("X said the EU should reassess ..."); "must" is left out, see
// TreeModalDemands.
inline bool IsDemandModal(std::string_view w) { return OneOf(w, {"should", "ought"}); }

inline bool IsNegation(std::string_view w) {
  return OneOf(w, {"not", "n't", "never", "no", "neither", "nor", "cannot"});
}

inline bool IsDeterminer(std::string_view w) {
  return OneOf(
      w, {"the",  "a",    "an",    "its",     "their",     "his",      "her",     "our",     "my",
          "your", "this", "that",  "these",   "those",     "any",      "no",      "further", "new",
          "more", "some", "fresh", "renewed", "continued", "possible", "alleged", "planned"});
}

// Verbs that carry a following event noun: "launched an attack on",
// "imposed sanctions on", "held talks with".
inline bool IsLightVerb(std::string_view lemma_or_form) {
  static const std::unordered_set<std::string_view> kVerbs = {
      "launch",    "launched",   "launches",  "launching", "carry",    "carried",   "carries",
      "carrying",  "impose",     "imposed",   "imposes",   "imposing", "provide",   "provided",
      "provides",  "providing",  "offer",     "offered",   "offers",   "offering",  "give",
      "gave",      "given",      "gives",     "giving",    "send",     "sent",      "sends",
      "sending",   "hold",       "held",      "holds",     "holding",  "express",   "expressed",
      "expresses", "expressing", "voice",     "voiced",    "voices",   "extend",    "extended",
      "extends",   "make",       "made",      "makes",     "making",   "pledge",    "pledged",
      "pledges",   "deliver",    "delivered", "delivers",  "stage",    "staged",    "conduct",
      "conducted", "conducts",   "sign",      "signed",    "signs",    "reach",     "reached",
      "reaches",   "issue",      "issued",    "issues",    "announce", "announced", "announces",
      "approve",   "approved",   "begin",     "began",     "begun",    "start",     "started",
      "step",      "stepped",    "increase",  "increased", "continue", "continued", "continues",
      "renew",     "renewed",    "lead",      "led",       "leads",    "mount",     "mounted",
      "wage",      "waged",      "waging",    "order",     "ordered",  "threaten",  "threatened",
      "remain",    "remained",   "remains",   "lodge",     "lodged",   "file",      "filed",
      "level",     "levelled",   "leveled",   "accept",    "accepted", "receive",   "received",
      "welcome",   "welcomed",   "call",      "called",    "calls",    "stand",     "stood",
      "put",       "placed",     "place",     "keep",      "kept",     "maintain",  "maintained"};
  return kVerbs.count(lemma_or_form) > 0;
}

// Lemmas of fighting that two sides do to each other: "Thailand and
// Cambodia clashed", "India and Pakistan fought three wars".
inline bool IsReciprocalFightVerb(std::string_view lemma) {
  return OneOf(lemma, {"clash", "fight", "battle", "skirmish", "spar"});
}

// Verbs of seeking: "pushing to join", "seeks to enter".
inline bool IsSeekVerb(std::string_view w) {
  return OneOf(
      w, {"seek",     "seeks",   "sought",   "seeking",  "push",   "pushes",  "pushed", "pushing",
          "want",     "wants",   "wanted",   "aim",      "aims",   "aimed",   "aiming", "apply",
          "applied",  "applies", "applying", "hope",     "hopes",  "hoped",   "hoping", "try",
          "tries",    "tried",   "trying",   "bid",      "strive", "strives", "press",  "pressed",
          "pressing", "lobby",   "lobbied",  "lobbying", "ask",    "asked",   "asks"});
}

inline int Resolve(ArticleState* state, int e) { return e < 0 ? e : state->Find(e); }

class SentenceRelations {
 public:
  SentenceRelations(const Resources& res, const Article& article, SentenceInfo* info,
                    ArticleState* state, const std::vector<int>& recent_person,
                    const std::vector<int>& recent_group)
      : res_(res),
        article_(article),
        info_(info),
        state_(state),
        tokens_(info->sentence->tokens),
        recent_person_(recent_person),
        recent_group_(recent_group) {
    lower_.reserve(tokens_.size());
    for (const auto& t : tokens_) lower_.push_back(text::AsciiLower(t.text));
    mention_at_.assign(tokens_.size(), -1);
    for (size_t m = 0; m < info_->mentions.size(); ++m) {
      const Mention& mn = info_->mentions[m];
      for (size_t k = mn.begin; k < mn.end; ++k) {
        if (mention_at_[k] < 0) mention_at_[k] = static_cast<int>(m);
      }
    }
  }

  void Represents();
  // `represents` read off the tree for people the surface rules left
  // without a role: a title noun in apposition with its possessor or `of`
  // body ("Bashir Saleh, Libya's head of African investment").
  void TreeRepresents();
  void MemberOf();
  void Events();

 private:
  int EntityOf(int m) const { return Resolve(state_, info_->mentions[m].entity); }
  EntityType TypeOf(int e) const { return state_->entities[e].type; }

  // Role phrase (title, honorific or modifier) ending exactly at token j;
  // returns its start, or npos.
  size_t RoleEndingAt(size_t j, bool* is_title) const {
    for (size_t start = (j >= 4 ? j - 4 : 0); start <= j; ++start) {
      for (RoleClass cls : {RoleClass::kTitle, RoleClass::kHonorific, RoleClass::kModifier}) {
        if (res_.vocabulary.MatchRole(tokens_, start, cls) == j - start + 1) {
          if (cls == RoleClass::kTitle) *is_title = true;
          return start;
        }
      }
    }
    return std::string::npos;
  }

  // True when token j is a verb form the event lexicon lists ("condemned",
  // "denounced"): never a modifier inside a title phrase.
  bool IsEventVerbForm(size_t j) const {
    const auto* entries = res_.lexicon.Lookup(lower_[j]);
    if (entries == nullptr) return false;
    for (const LexiconEntry* e : *entries) {
      if (!e->is_noun) return true;
    }
    return false;
  }

  // Mention (non-person) whose last token is j, or -1.
  int OrgMentionEndingAt(size_t j) const {
    for (size_t m = 0; m < info_->mentions.size(); ++m) {
      const Mention& mn = info_->mentions[m];
      if (mn.end == j + 1 && TypeOf(EntityOf(static_cast<int>(m))) != EntityType::kPerson) {
        return static_cast<int>(m);
      }
    }
    return -1;
  }
  int OrgMentionStartingAt(size_t j) const {
    for (size_t m = 0; m < info_->mentions.size(); ++m) {
      const Mention& mn = info_->mentions[m];
      if (mn.begin == j && !mn.in_compound &&
          TypeOf(EntityOf(static_cast<int>(m))) != EntityType::kPerson) {
        return static_cast<int>(m);
      }
    }
    return -1;
  }

  std::string Span(size_t begin, size_t end) const {
    if (begin >= end) return "";
    uint32_t b = tokens_[begin].begin, e = tokens_[end - 1].end;
    return NormaliseSpace(std::string_view(article_.text).substr(b, e - b));
  }
  static std::string NormaliseSpace(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return out;
  }

  void Emit(int subject, Relation relation, int object, bool negated, size_t pred_begin,
            size_t pred_end, float confidence, const std::string& predicate_note = "");
  // `represents` from a person to the entity of `org_mention`, and to the
  // state whose adjective opens the organisation's name.
  void EmitRepresents(int person, int org_mention, size_t pred_begin, size_t pred_end,
                      float confidence);
  // A person named with a bare title ("Prime Minister Ehud Olmert") gets the
  // role the actor dictionaries give for the article's date; the predicate
  // names the dictionary code. Returns false when the dictionary is silent.
  bool DictionaryRole(int person, size_t pred_begin, size_t pred_end);

  // Mentions coordinated with m ("A, B and C"), m included, in order.
  std::vector<int> Coordinated(int m) const;
  // Actor entity for a subject mention: a person who represents a state or
  // organisation acts for it.
  int ActorOf(int e) const {
    auto it = state_->affiliation.find(e);
    if (it != state_->affiliation.end()) return Resolve(state_, it->second);
    return e;
  }
  int SubjectBefore(size_t trigger, size_t* pronoun_at) const;
  // True when tokens [from, to) hold a clause boundary outside commas: a
  // lexical verb other than an auxiliary, or a subordinating word.
  bool ClauseBreak(size_t from, size_t to) const;
  // `allow_from`: "withdrew from X" names a target; elsewhere "from X" is a
  // source or a place ("fired rockets from Gaza").
  int ObjectAfter(size_t from, size_t window, int exclude_entity, bool allow_from = false) const;
  int PronounReferent(size_t k) const;
  bool NegatedBefore(size_t trigger, size_t floor) const;
  void VerbEvent(size_t k, const LexiconEntry& entry, size_t pattern_end);
  void NounEvent(size_t k, const LexiconEntry& entry, size_t pattern_end);
  bool LooksLikeNoun(size_t k) const;
  // True when verb `node` is a base or non-3rd-person present form (VB,
  // VBP) whose subject is one named actor that is not plural.
  bool SingularNameSubject(const DepTree& t, int node) const;

  // ---- Dependency-tree rules (tree_events.cc); need a parsed sentence.
  // The event of trigger token k read off the tree: no triple when the tree
  // gives no actor or no target (on a parsed sentence they replace
  // VerbEvent and NounEvent).
  void TreeVerbEvent(size_t k, const LexiconEntry& entry, size_t pattern_end);
  void TreeNounEvent(size_t k, const LexiconEntry& entry, size_t pattern_end);
  // A speaker saying what a named actor should do asks it of them:
  // "Britain said the EU should reassess its ties" is a request.
  void TreeModalDemands();
  // Entities a node names: its mention, a pronoun's referent, or the name
  // inside a descriptive phrase ("the government of Yemen", "UN officials"),
  // plus everything coordinated with it. Appends to *out.
  // `pronoun_possessors` = false skips "his"/"its" possessors (for what a
  // verb acts on).
  void NodeEntities(int node, std::vector<int>* out, int depth = 0,
                    bool pronoun_possessors = true) const;
  // The subject node of verb `node`: its own nsubj, else the one it shares
  // through control (xcomp), coordination (conj), a relative clause or a
  // participle. -1 when there is none.
  int SubjectNode(int node, int depth = 0) const;
  // True when every node after `first` and before `next` lies within the
  // subtree of `first` or of `also`: the phrase of `first` runs right up
  // to node `next`.
  bool RunsUpTo(int first, int also, int next) const;
  // True when `verb` has an object naming no entity that runs right up to
  // `phrase`, a later dependent of the verb ("the decision | by Germany").
  bool ObjectRunsUpTo(int verb, int phrase) const;
  // True for "they"/"them"/"their" inside a clause whose subject is an
  // unnamed plural noun before it ("officials insist they ...").
  bool PluralPronounOfAnUnnamedSubject(int node) const;
  // The first child of `node` whose label is `label` (or starts with
  // "label:"), or -1.
  int ChildWith(int node, std::string_view label) const;
  // The lower-cased preposition (case child) of a nominal node, or "".
  std::string_view CaseOf(int node) const;
  // True when the `from` phrase `from` of `node` opens a range, "from A to
  // B", with the `to` phrase on `node`, on `from` or on the word `node`
  // hangs on: places spanned, not an origin ("reformers from Beirut to
  // Tehran").
  bool OpensARange(int node, int from) const;
  // True when the `to` phrase `to` of `verb` ends a range whose `from`
  // phrase comes before it, on the verb or on one of its dependents
  // ("back dissidents from Havana to Caracas" with "to Caracas" on "back").
  bool ClosesARange(int verb, int to) const;
  // The object noun that an infinitive hung on the verb as `advcl` belongs
  // to: the noun takes an infinitive ("bid", "decision") and stands right
  // before "to" ("opposed Ukraine's bid to join NATO"). -1 otherwise.
  int NounOfInfinitive(int node) const;
  // "end", "halt": a noun whose "to" argument is the event it stops ("an
  // end to the Israeli operation").
  bool IsCessationNoun(int node) const;
  // A noun one step down a chain of nominal arguments whose actor NodeEntities
  // may take: the "of"/"by" argument of a noun, or the "to" argument of a
  // cessation noun (or a later conjunct of either).
  bool IsNominalArgument(int node) const;
  // True when `node` is negated ("did not attack"), or controlled by a
  // rejecting verb ("refused to support"); two negations cancel.
  bool TreeNegated(int node) const;
  // A verb form whose default lexicon reading is `reject`, or "fail" or
  // "deny".
  bool IsRejecting(const std::string& form) const;
  static bool IsDenial(std::string_view form);
  void Trace(const char* what, size_t k, const LexiconEntry& entry, const std::vector<int>& actors,
             const std::vector<int>& targets) const;

  const Resources& res_;
  const Article& article_;
  SentenceInfo* info_;
  ArticleState* state_;
  const std::vector<Token>& tokens_;
  const std::vector<int>& recent_person_;
  const std::vector<int>& recent_group_;
  std::vector<std::string> lower_;
  std::vector<int> mention_at_;
};

}  // namespace geokg

#endif  // GEOKG_EXTRACT_SENTENCE_RELATIONS_H_
