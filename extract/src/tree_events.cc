// Event arguments read off the dependency tree (issue 3): subjects through
// nsubj and the chains that share one (xcomp control, conj, relative
// clauses, participles), passives with their `by` agent, objects through
// obj/iobj/obl with the preposition, nominal events with their possessor,
// adjective or `by` agent and `of`/`against`/... target, and negation.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "sentence_relations.h"

namespace geokg {
namespace {

bool IsNominal(std::string_view upos) {
  return upos == "NOUN" || upos == "PROPN" || upos == "PRON" || upos == "NUM";
}

// Nouns of seeking: "Georgia's bid to join NATO" asks for membership.
bool IsSeekNoun(std::string_view w) {
  return OneOf(w, {"bid", "attempt", "effort", "efforts", "push", "drive", "application", "quest",
                   "ambition", "ambitions", "aspiration", "aspirations", "hope", "hopes", "desire",
                   "request", "plan", "plans", "campaign"});
}

// Nouns that take a to-infinitive of their own ("the decision to invade",
// "an order to withdraw").
bool TakesInfinitive(std::string_view w) {
  return IsSeekNoun(w) || OneOf(w, {"decision", "order", "orders", "move", "threat", "threats",
                                    "promise", "pledge", "offer", "call", "calls", "refusal"});
}

// Nouns naming a written or spoken message: "a statement calling for".
bool IsMessageNoun(std::string_view w) {
  return OneOf(w, {"statement", "statements", "letter", "message", "resolution", "declaration",
                   "communique", "appeal", "note", "motion", "speech", "petition", "memorandum"});
}

void AddUnique(std::vector<int>* v, int e) {
  if (e < 0) return;
  for (int x : *v) {
    if (x == e) return;
  }
  v->push_back(e);
}

}  // namespace

void SentenceRelations::Trace(const char* what, size_t k, const LexiconEntry& entry,
                              const std::vector<int>& actors,
                              const std::vector<int>& targets) const {
  if (!TraceEnabled()) return;
  fprintf(stderr, "TRIG %d %s %s %s actors=", info_->index, what, lower_[k].c_str(),
          std::string(RelationName(entry.relation)).c_str());
  for (int a : actors) fprintf(stderr, "%s;", state_->entities[a].name.c_str());
  fprintf(stderr, " targets=");
  for (int a : targets) fprintf(stderr, "%s;", state_->entities[a].name.c_str());
  fprintf(stderr, "\n");
}

int SentenceRelations::ChildWith(int node, std::string_view label) const {
  const DepTree& t = info_->tree;
  for (int c : t.children[node]) {
    if (LabelIs(t.deprel[c], label)) return c;
  }
  return -1;
}

std::string_view SentenceRelations::CaseOf(int node) const {
  const DepTree& t = info_->tree;
  for (int c : t.children[node]) {
    if (t.deprel[c] == "case") return lower_[t.first_token[c]];
  }
  return {};
}

bool SentenceRelations::OpensARange(int node, int from) const {
  const DepTree& t = info_->tree;
  for (int holder : {node, from, t.head[node]}) {
    if (holder < 0) continue;
    for (int c : t.children[holder]) {
      if (c > from && (LabelIs(t.deprel[c], "nmod") || LabelIs(t.deprel[c], "obl")) &&
          CaseOf(c) == "to") {
        return true;
      }
    }
  }
  return false;
}

bool SentenceRelations::ClosesARange(int verb, int to) const {
  const DepTree& t = info_->tree;
  for (int c : t.children[verb]) {
    if (c >= to) break;
    if (CaseOf(c) == "from") return true;
    for (int g : t.children[c]) {
      if (g < to && LabelIs(t.deprel[g], "nmod") && CaseOf(g) == "from") return true;
    }
  }
  return false;
}

int SentenceRelations::NounOfInfinitive(int node) const {
  const DepTree& t = info_->tree;
  const int h = t.head[node];
  if (h < 0 || t.deprel[node] != "advcl" || t.upos[node] != "VERB") return -1;
  const int mark = ChildWith(node, "mark");
  if (mark < 0 || lower_[t.first_token[mark]] != "to") return -1;
  const int object = ChildWith(h, "obj");
  if (object < 0 || object + 1 != mark || t.upos[object] != "NOUN") return -1;
  return TakesInfinitive(lower_[t.first_token[object]]) ? object : -1;
}

bool SentenceRelations::IsCessationNoun(int node) const {
  const DepTree& t = info_->tree;
  return t.upos[node] == "NOUN" &&
         OneOf(lower_[t.first_token[node]], {"end", "halt", "stop", "cessation", "suspension"});
}

bool SentenceRelations::IsNominalArgument(int node) const {
  const DepTree& t = info_->tree;
  // A later conjunct stands where the first one does: "an end to X and Y".
  for (int depth = 0; depth < 4 && LabelIs(t.deprel[node], "conj") && t.head[node] >= 0; ++depth) {
    node = t.head[node];
  }
  if (!LabelIs(t.deprel[node], "nmod") || t.deprel[node] == "nmod:poss") return false;
  const std::string_view preposition = CaseOf(node);
  if (OneOf(preposition, {"of", "by"})) return true;
  return preposition == "to" && t.head[node] >= 0 && IsCessationNoun(t.head[node]);
}

void SentenceRelations::NodeEntities(int node, std::vector<int>* out, int depth,
                                     bool pronoun_possessors) const {
  const DepTree& t = info_->tree;
  const int m = t.mention[node];
  if (m >= 0) {
    AddUnique(out, EntityOf(m));
  } else if (t.upos[node] == "PRON" &&
             OneOf(lower_[t.first_token[node]], {"who", "which", "that"})) {
    // A relative pronoun stands for the noun its clause modifies:
    // "Madagascar, which was placed under sanctions".
    const int clause = t.head[node];
    if (clause >= 0 && t.deprel[clause] == "acl:relcl" && t.head[clause] >= 0 && depth < 2) {
      NodeEntities(t.head[clause], out, depth + 1);
    }
  } else if (t.upos[node] == "PRON" || t.upos[node] == "DET") {
    if (!PluralPronounOfAnUnnamedSubject(node))
      AddUnique(out, PronounReferent(t.first_token[node]));
  } else if (depth == 0 || (depth == 1 && t.upos[node] == "NOUN" &&
                            (IsNominalArgument(node) || t.deprel[node] == "compound"))) {
    // "the Iraqi government", "UN officials", "Russia's forces",
    // "the government of Yemen", "opposition from Republicans"; one level
    // further down a chain of nominal arguments: "the dispatch of Ethiopian
    // troops", "the use of cluster bombs by pro-government forces", "an end
    // to the shelling and the raids by the militia". A compound
    // noun is one word of the phrase it modifies: "a UN humanitarian base"
    // names the UN whether the name hangs on "base" or on "humanitarian".
    // A name in apposition or compound ("North Korean man Ri Jong Chol")
    // says who it is better than a possessor, which beats an adjective.
    int rank_of_best = 4;
    int best = -1;
    for (int c : t.children[node]) {
      std::string_view rel = t.deprel[c];
      int rank = 4;
      const int cm = t.mention[c];
      const bool person = cm >= 0 && TypeOf(EntityOf(cm)) == EntityType::kPerson;
      if (rel == "appos" || rel == "flat" || (rel == "compound" && person)) {
        rank = 0;
      } else if (rel == "nmod:poss") {
        // "discussing his concern": a possessive pronoun inside what a verb
        // acts on is mostly the actor's own, not a target.
        if (!pronoun_possessors && t.upos[c] == "PRON") continue;
        rank = 1;
      } else if (rel == "amod" || rel == "compound") {
        rank = 2;
      } else if (LabelIs(rel, "nmod") && (OneOf(CaseOf(c), {"of", "from", "by"}) ||
                                          (CaseOf(c) == "to" && IsCessationNoun(node)))) {
        if (CaseOf(c) == "from" && OpensARange(node, c)) continue;
        rank = 3;
      }
      if (rank >= rank_of_best) continue;
      std::vector<int> found;
      NodeEntities(c, &found, rel == "appos" ? depth : depth + 1);
      if (found.empty()) continue;
      rank_of_best = rank;
      best = c;
    }
    // An apposition renames the node: it is read at the node's own depth
    // ("a ceasefire, an end to the Israeli operation" names what the end
    // names).
    if (best >= 0) NodeEntities(best, out, t.deprel[best] == "appos" ? depth : depth + 1);
  }
  // "France and Italy", "Hamas and Islamic Jihad".
  for (int c : t.children[node]) {
    if (LabelIs(t.deprel[c], "conj") && IsNominal(t.upos[c])) NodeEntities(c, out, depth);
  }
}

bool SentenceRelations::PluralPronounOfAnUnnamedSubject(int node) const {
  // "Western officials insist they remain committed": "they" are the
  // officials (no entity), not the last group named before.
  const DepTree& t = info_->tree;
  if (!OneOf(lower_[t.first_token[node]], {"they", "them", "their"})) return false;
  for (int v = t.head[node]; v >= 0; v = t.head[v]) {
    const int subject = ChildWith(v, "nsubj");
    if (subject >= 0 && subject < node && t.mention[subject] < 0 && t.upos[subject] == "NOUN") {
      for (int c : t.children[subject]) {
        if (t.mention[c] >= 0) return false;  // "Russian officials": named.
      }
      return true;
    }
  }
  return false;
}

bool SentenceRelations::RunsUpTo(int first, int also, int next) const {
  const DepTree& t = info_->tree;
  for (int between = first + 1; between < next; ++between) {
    int up = between;
    while (up >= 0 && up != first && up != also) up = t.head[up];
    if (up < 0) return false;
  }
  return true;
}

bool SentenceRelations::ObjectRunsUpTo(int verb, int phrase) const {
  const int object = ChildWith(verb, "obj");
  if (object < 0 || object >= phrase || info_->tree.mention[object] >= 0) return false;
  // The phrase's own dependents before it (its preposition) may lie between.
  return RunsUpTo(object, phrase, phrase);
}

int SentenceRelations::SubjectNode(int node, int depth) const {
  const DepTree& t = info_->tree;
  for (int c : t.children[node]) {
    if (t.deprel[c] == "nsubj" || t.deprel[c] == "csubj") return c;
  }
  if (depth >= 4) return -1;
  const int h = t.head[node];
  if (h < 0) return -1;
  std::string_view rel = t.deprel[node];
  if (rel == "xcomp") {
    // Object control: "urged the EU to reassess" -> the EU reassesses.
    for (int c : t.children[h]) {
      if ((t.deprel[c] == "obj" || t.deprel[c] == "iobj") && c < node) return c;
    }
    int s = SubjectNode(h, depth + 1);
    if (s < 0) s = ChildWith(h, "nsubj");  // "is expected to attack": raising.
    return s;
  }
  if (LabelIs(rel, "conj")) {
    if (t.upos[h] != "VERB" && t.upos[h] != "AUX" && t.upos[h] != "ADJ") return -1;
    return SubjectNode(h, depth + 1);
  }
  if (rel == "csubj" && t.xpos[node] == "VBG" && LabelIs(t.deprel[h], "ccomp") && t.head[h] >= 0 &&
      res_.vocabulary.MatchRole(tokens_, t.first_token[t.head[h]], RoleClass::kSpeech) == 1) {
    // "X said that supporting the government of Yemen is crucial": an
    // action named without its actor, in what someone says, is theirs.
    return SubjectNode(t.head[h], depth + 1);
  }
  if (rel == "ccomp" && t.xpos[node] == "VBG" &&
      res_.vocabulary.MatchRole(tokens_, t.first_token[h], RoleClass::kSpeech) == 1) {
    // The same, when the parser makes the subjectless gerund the reported
    // clause itself ("said that supporting Yemen is crucial" with
    // "crucial" below "supporting").
    return SubjectNode(h, depth + 1);
  }
  if (rel == "acl" && t.xpos[node] == "VBG" && t.deprel[h] == "obj" && t.head[h] >= 0 &&
      IsMessageNoun(lower_[t.first_token[h]])) {
    // "The UN official issued a statement calling for ...": what a
    // message of no named author says is its sender's.
    std::vector<int> named;
    NodeEntities(h, &named);
    if (named.empty()) return SubjectNode(t.head[h], depth + 1);
  }
  if (rel == "acl:relcl") return h;             // "Russia, which invaded Ukraine".
  if (rel == "acl" && t.xpos[node] != "VBN") {  // "troops fighting rebels".
    // "with Canada and Norway backing Kenya", with the participle hung on
    // the last conjunct that it directly follows: it is all the
    // conjuncts' act, so its subject is the first conjunct (whose
    // entities include the rest).
    if (LabelIs(t.deprel[h], "conj") && t.head[h] >= 0 && t.head[h] < h && t.upos[h] == "PROPN" &&
        h + 1 == node) {
      return t.head[h];
    }
    return h;
  }
  if (rel == "advcl") {
    // "backed Finland's bid to join the EU" with "to join" hung on the verb:
    // the infinitive is the noun's ("the bid to join"), as with `acl`.
    const int noun = NounOfInfinitive(node);
    if (noun >= 0) return noun;
    // A participle or infinitive without its own subject shares the main
    // clause's: "troops joined the fighting, firing artillery".
    // "while calling for", "after meeting": a participle after a time
    // conjunction still shares it.
    const bool participle = t.xpos[node] == "VBG";
    for (int c : t.children[node]) {
      // "criticized Russia for invading Ukraine", "thanked France for
      // pressuring Colombia": the object is blamed or praised for its act.
      if (participle && t.deprel[c] == "mark" && lower_[t.first_token[c]] == "for") {
        const int object = ChildWith(h, "obj");
        return object >= 0 && object < node ? object : -1;
      }
      if (t.deprel[c] == "mark" && t.upos[c] == "SCONJ" &&
          !(participle && OneOf(lower_[t.first_token[c]],
                                {"while", "whilst", "when", "after", "before", "since"}))) {
        return -1;  // "if", "because".
      }
    }
    if (participle) {
      // "The talks went ahead, with Canada and Norway offering aid to Kenya":
      // a `with` phrase that runs up to a subjectless participle is the
      // participle's subject (the absolute construction).
      for (int c : t.children[h]) {
        if (c >= node || !LabelIs(t.deprel[c], "obl") || CaseOf(c) != "with") continue;
        if (RunsUpTo(c, c, node)) return c;
      }
    }
    const int shared = SubjectNode(h, depth + 1);
    // The reported clause may also be an adverbial clause opened by "that"
    // when the parser gave the speech verb another object ("stated, amid
    // reports of fighting, that ...").
    bool reported = LabelIs(t.deprel[h], "ccomp") || LabelIs(t.deprel[h], "parataxis");
    if (!reported && t.deprel[h] == "advcl") {
      const int mark = ChildWith(h, "mark");
      reported = mark >= 0 && lower_[t.first_token[mark]] == "that";
    }
    if (participle && reported && t.head[h] >= 0 &&
        res_.vocabulary.MatchRole(tokens_, t.first_token[t.head[h]], RoleClass::kSpeech) == 1) {
      // "X stated that the munitions would lead to casualties, whilst
      // calling for NATO to ...": a participle hung on the reported clause
      // (a complement or, around quotation marks, parataxis) whose subject
      // names no actor, or that has none, is the speaker's.
      std::vector<int> named;
      if (shared >= 0) NodeEntities(shared, &named);
      if (named.empty()) return SubjectNode(t.head[h], depth + 1);
    }
    if (participle) {
      // The same with the speech verb hung below the reported clause, as
      // an adverbial clause or parataxis of it ("X stated, amid reports,
      // that the munitions would lead to casualties, whilst calling for
      // ...", parsed with "lead" as the root).
      std::vector<int> named;
      if (shared >= 0) NodeEntities(shared, &named);
      for (int c : t.children[h]) {
        if (!named.empty()) break;
        if (c == node || !(t.deprel[c] == "advcl" || t.deprel[c] == "parataxis") ||
            t.upos[c] != "VERB" ||
            res_.vocabulary.MatchRole(tokens_, t.first_token[c], RoleClass::kSpeech) != 1) {
          continue;
        }
        const int speaker = ChildWith(c, "nsubj");
        if (speaker >= 0) NodeEntities(speaker, &named);
        if (!named.empty()) return speaker;
      }
    }
    return shared;
  }
  return -1;
}

bool SentenceRelations::TreeNegated(int node) const {
  const DepTree& t = info_->tree;
  bool negated = false;
  for (int v = node, depth = 0; v >= 0 && depth < 3; ++depth) {
    for (int c : t.children[v]) {
      if ((t.deprel[c] == "advmod" || t.deprel[c] == "neg") &&
          IsNegation(lower_[t.first_token[c]])) {
        negated = !negated;
      }
    }
    const int head = t.head[v];
    if (v == node && head >= 0) {
      // "declined to criticise", "refused to support", "failed to reach",
      // "denied meeting": a verb the lexicon reads as rejecting negates the
      // verb it controls; a denial also negates its gerund when the parser
      // hangs it as advcl or ccomp ("denied ever meeting Y").
      const std::string& head_form = lower_[t.first_token[head]];
      const bool controlled = t.deprel[v] == "xcomp" && IsRejecting(head_form);
      const bool denied_gerund = t.xpos[v] == "VBG" &&
                                 (t.deprel[v] == "advcl" || t.deprel[v] == "ccomp") &&
                                 IsDenial(head_form);
      if (controlled || denied_gerund) negated = !negated;
    }
    if (t.deprel[v] != "xcomp" || head < 0) break;
    v = head;
  }
  return negated;
}

bool SentenceRelations::IsDenial(std::string_view form) {
  return OneOf(form, {"deny", "denies", "denied", "denying"});
}

bool SentenceRelations::IsRejecting(const std::string& form) const {
  // A denial of a reported event is its negation, as the guide has it.
  if (OneOf(form, {"fail", "fails", "failed", "failing"}) || IsDenial(form)) return true;
  const auto* entries = res_.lexicon.Lookup(form);
  if (entries == nullptr) return false;
  for (const LexiconEntry* e : *entries) {
    if (!e->is_noun && e->pattern.empty()) return e->relation == Relation::kReject;
  }
  return false;
}

void SentenceRelations::TreeVerbEvent(size_t k, const LexiconEntry& entry, size_t pattern_end) {
  const DepTree& t = info_->tree;
  const int v = t.node_of_token[k];
  if (IsLightVerb(lower_[k])) {
    // "providing military support to X", "launched an attack": the event
    // noun carries the event, not the light verb.
    for (int c : t.children[v]) {
      if (t.deprel[c] == "obj" && t.mention[c] < 0 &&
          res_.lexicon.Lookup(lower_[t.first_token[c]]) != nullptr && IsNominal(t.upos[c])) {
        return;
      }
    }
  }
  // "If he had financed it, ...", "unless Russia withdraws": a condition is
  // not a stated event.
  for (int c : t.children[v]) {
    if (t.deprel[c] == "mark" && OneOf(lower_[t.first_token[c]], {"if", "unless"})) return;
  }
  if (entry.relation == Relation::kAssault && entry.pattern.empty()) {
    // "fought to keep the port open", "battled to save the deal": a
    // verb of force that controls an infinitive is striving, not force.
    for (int c : t.children[v]) {
      if (t.deprel[c] != "xcomp" || t.upos[c] != "VERB") continue;
      const int mark = ChildWith(c, "mark");
      if (mark >= 0 && lower_[t.first_token[mark]] == "to") return;
    }
  }
  // "the idea that Chile is about to invade Peru", "fears that Russia
  // will attack": a clause that only fills in a supposition states no
  // event (the guide reads such events as optional at most).
  int clause = v;
  for (int depth = 0; depth < 3 && t.head[clause] >= 0 &&
                      (t.deprel[clause] == "xcomp" || LabelIs(t.deprel[clause], "conj"));
       ++depth) {
    clause = t.head[clause];
  }
  // A "that" clause on such a noun is read as a relative clause now and
  // then ("the idea that Turkey would attack Syria"); a true relative clause
  // on them ("the fears that Russia stoked") names no target either.
  if (t.head[clause] >= 0 && (LabelIs(t.deprel[clause], "acl") || t.deprel[clause] == "ccomp") &&
      OneOf(lower_[t.first_token[t.head[clause]]],
            {"notion", "idea", "suggestion", "suggestions", "speculation", "possibility",
             "prospect", "rumour", "rumours", "rumor", "rumors", "hypothesis", "myth", "fear",
             "fears", "scenario"})) {
    return;
  }
  std::vector<int> actors, targets;
  const bool participle = t.xpos[v] == "VBN";
  const int patient = ChildWith(v, "nsubj:pass");
  if (patient >= 0 || (participle && t.deprel[v] == "acl")) {
    // Passive: "was invaded by X"; "forces backed by Iran".
    int agent = ChildWith(v, "obl:agent");
    if (agent < 0) {
      for (int c : t.children[v]) {
        if (LabelIs(t.deprel[c], "obl") && CaseOf(c) == "by") agent = c;
      }
    }
    if (agent < 0) return;
    NodeEntities(agent, &actors);
    NodeEntities(patient >= 0 ? patient : t.head[v], &targets);
    if (targets.empty()) {
      // "the sanctions imposed on Iran by the EU": the target follows.
      for (int c : t.children[v]) {
        if (LabelIs(t.deprel[c], "obl") && OneOf(CaseOf(c), {"on", "against", "to", "with"})) {
          NodeEntities(c, &targets);
        }
      }
    }
  } else {
    int subject = SubjectNode(v);
    // "On Sunday, Eritrea fired mortar shells ..." read as a noun
    // phrase, "fired" an adjective of "rounds" with the name hung on it (as
    // a compound or its subject): a verb that modifies a noun after it and
    // has a name before it as its own dependent is the clause's verb, the
    // name its subject, the noun its object.
    int misread_object = -1;
    if (t.deprel[v] == "amod" && t.head[v] > v && IsNominal(t.upos[t.head[v]])) {
      for (int c : t.children[v]) {
        if (c < v && t.mention[c] >= 0 && (t.deprel[c] == "compound" || t.deprel[c] == "nsubj")) {
          if (subject < 0) subject = c;
          misread_object = t.head[v];
        }
      }
    }
    if (subject < 0) return;
    NodeEntities(subject, &actors);
    bool has_object = misread_object >= 0;
    if (misread_object >= 0) NodeEntities(misread_object, &targets, 0, false);
    for (int c : t.children[v]) {
      std::string_view rel = t.deprel[c];
      if (rel == "obj" || rel == "iobj") {
        has_object = true;
        const size_t before = targets.size();
        NodeEntities(c, &targets, 0, false);
        // "arrested North Korean man Ri Jong Chol": a descriptive noun and
        // the name right after it, which the parser hung on the verb.
        const int next = c + 1;
        if (targets.size() == before && next < static_cast<int>(t.size()) && t.head[next] == v &&
            t.mention[next] >= 0 && t.upos[next] == "PROPN") {
          NodeEntities(next, &targets, 0, false);
        }
      }
    }
    if (targets.empty() && !entry.pattern.empty()) {
      // "broke relations with Taiwan", "restored ties with Israel": the
      // object noun the pattern names carries the target in its own phrase.
      for (int c : t.children[v]) {
        if (t.deprel[c] != "obj" || t.mention[c] >= 0) continue;
        const size_t noun = t.first_token[c];
        if (noun <= k || noun >= pattern_end) continue;  // Not the pattern's noun.
        for (int g : t.children[c]) {
          if (LabelIs(t.deprel[g], "nmod") &&
              OneOf(CaseOf(g), {"with", "to", "against", "toward", "towards"})) {
            NodeEntities(g, &targets);
          }
        }
      }
    }
    if (!has_object) {
      // "threatened Ukraine" parsed with Ukraine as a nominal xcomp: with no
      // object beside it ("made Kibaki president" has one), a named actor
      // there is the object.
      for (int c : t.children[v]) {
        if (t.deprel[c] == "xcomp" && t.mention[c] >= 0 && IsNominal(t.upos[c])) {
          NodeEntities(c, &targets, 0, false);
        }
      }
    }
    if (targets.empty()) {
      // "called on X", "clashed with X", "withdrew from X".
      for (int c : t.children[v]) {
        if (!LabelIs(t.deprel[c], "obl") || t.deprel[c] == "obl:tmod") continue;
        std::string_view p = CaseOf(c);
        // "according to X" names a source, never a target.
        if (p.empty() || IsLocativePreposition(p) || p == "according") continue;
        // "recalled its ambassador from Lebanon": a diplomatic sanction the
        // pattern spells out is aimed at the state its envoys leave.
        const bool envoys_leave = entry.relation == Relation::kSanction && !entry.pattern.empty();
        if (p == "from" && entry.relation != Relation::kRetreat && !envoys_leave) continue;
        // "pulling back to the border and then to Kosovo": a
        // retreat leaves its target; "to", "into", "towards" name where
        // it goes.
        if (entry.relation == Relation::kRetreat &&
            OneOf(p, {"to", "into", "toward", "towards", "onto"})) {
          continue;
        }
        // "back dissidents from Havana to Caracas": a range of places, not
        // whom a stance is aimed at. (A transfer's "to" is its recipient:
        // "sent weapons from Crimea to Syria".)
        const bool stance =
            entry.relation == Relation::kSupport || entry.relation == Relation::kAccuse ||
            entry.relation == Relation::kReject || entry.relation == Relation::kRequest;
        if (p == "to" && stance && ClosesARange(v, c)) continue;
        // A verb without a lexicon pattern takes its target from a
        // directional preposition; "for", "about", "as" and the like mark a
        // purpose, a topic or a role ("allow for US initiatives").
        // "pressed for an end to X's offensive" asks X to stop.
        // "press for a ceasefire, an end to X's operation": the same with
        // the cessation noun in apposition.
        bool stop_asked = p == "for" && entry.relation == Relation::kRequest && IsCessationNoun(c);
        for (int a : t.children[c]) {
          if (p == "for" && entry.relation == Relation::kRequest && t.deprel[a] == "appos" &&
              IsCessationNoun(a)) {
            stop_asked = true;
          }
        }
        // "welcomed the decision by Germany" with "by Germany" hung on the
        // verb: a `by` phrase right after an unnamed object is the
        // object's agent, and the stance is aimed at it.
        const bool agent_of_object = p == "by" && ObjectRunsUpTo(v, c);
        if (entry.pattern.empty() && !stop_asked && !agent_of_object &&
            OneOf(p, {"for", "about", "as", "by", "through", "despite", "under", "like", "of",
                      "without", "because"})) {
          continue;
        }
        NodeEntities(c, &targets);
        if (!targets.empty()) break;
      }
    }
    if (targets.empty() && !has_object) {
      // "refused to recognise Kosovo", "threatened to attack Israel": the
      // controlled verb's object is what the stance is about. Not with an
      // object of the verb's own: in "helped the army locate the convoy"
      // the army is helped, the convoy is not, also when the parser makes
      // the army the subject of "locate".
      const int controlled = ChildWith(v, "xcomp");
      if (controlled >= 0 && ChildWith(controlled, "nsubj") < 0) {
        for (int c : t.children[controlled]) {
          if (t.deprel[c] == "obj") NodeEntities(c, &targets);
        }
      }
    }
    const Relation r = entry.relation;
    const bool takes_no_clause = r == Relation::kAssault || r == Relation::kCoerce ||
                                 r == Relation::kSanction || r == Relation::kAid ||
                                 r == Relation::kConsult || r == Relation::kCooperate ||
                                 r == Relation::kMobilize;
    if (targets.empty() && !has_object && takes_no_clause) {
      // "the decision to bomb Libya was an error" parsed with "Libya" as
      // the subject of a complement clause of "invade": a verb of these
      // kinds takes no clause, so a named subject right after it, with no
      // "that" before it, is the verb's object.
      for (int c : t.children[v]) {
        if (t.deprel[c] != "ccomp" || c < v || ChildWith(c, "mark") >= 0) continue;
        const int s = ChildWith(c, "nsubj");
        if (s == v + 1 && t.mention[s] >= 0) NodeEntities(s, &targets, 0, false);
      }
    }
    if (targets.empty() &&
        (entry.relation == Relation::kAssault || entry.relation == Relation::kCoerce)) {
      // "shelled positions in Ukraine": force used on things inside a state
      // falls on that state. Only a state: "arrested protesters in
      // Santiago" names no target. The place may sit a few nominal or
      // participle steps below the object ("fired artillery rounds aimed at
      // a loudspeaker in South Korea").
      std::vector<std::pair<int, int>> todo;  // (node, depth)
      bool thing_hit = false;
      for (int c : t.children[v]) {
        if (t.deprel[c] == "obj" && t.mention[c] < 0) {
          todo.emplace_back(c, 0);
          thing_hit = true;
        }
      }
      if (misread_object >= 0 && t.mention[misread_object] < 0) {
        todo.emplace_back(misread_object, 0);
        thing_hit = true;
      }
      if (thing_hit && entry.relation == Relation::kAssault) {
        // "struck targets in Syria", with the place hung on the verb.
        for (int c : t.children[v]) {
          if (LabelIs(t.deprel[c], "obl") && CaseOf(c) == "in" && t.mention[c] >= 0 &&
              TypeOf(EntityOf(t.mention[c])) == EntityType::kGpe) {
            AddUnique(&targets, EntityOf(t.mention[c]));
          }
        }
      }
      while (!todo.empty()) {
        const auto [node, depth] = todo.back();
        todo.pop_back();
        for (int c : t.children[node]) {
          std::string_view rel = t.deprel[c];
          const bool nominal = LabelIs(rel, "nmod") || LabelIs(rel, "obl");
          if (nominal && CaseOf(c) == "in" && t.mention[c] >= 0) {
            const int e = EntityOf(t.mention[c]);
            if (TypeOf(e) == EntityType::kGpe) AddUnique(&targets, e);
          } else if (depth < 2 && t.mention[c] < 0 &&
                     ((nominal && CaseOf(c) != "of") || LabelIs(rel, "acl"))) {
            todo.emplace_back(c, depth + 1);
          }
        }
      }
    }
    if (targets.empty() && entry.relation == Relation::kRequest) {
      // "press for a truce: an end to the Israeli offensive" with the
      // cessation noun hung as parataxis on the verb (or on the verb that
      // controls it: "will keep pushing for ...").
      bool asks_for = false;
      for (int c : t.children[v]) {
        if (LabelIs(t.deprel[c], "obl") && CaseOf(c) == "for") asks_for = true;
      }
      for (int h : {v, t.deprel[v] == "xcomp" ? t.head[v] : -1}) {
        if (!asks_for || h < 0) continue;
        for (int a : t.children[h]) {
          if (a > v && t.deprel[a] == "parataxis" && IsCessationNoun(a)) NodeEntities(a, &targets);
        }
      }
    }
    if (targets.empty() && entry.relation == Relation::kRequest) {
      // "asked that the government of Yemen begin ...", "pressed the EU not
      // to publish": who is asked is the subject of what is asked for.
      // Only a clause after the verb: a speech verb before it ("X said, 'The
      // Council called for ...'") hung as an adverbial clause is not asked.
      for (int c : t.children[v]) {
        std::string_view rel = t.deprel[c];
        if ((rel != "ccomp" && rel != "xcomp" && rel != "advcl") || c < v) continue;
        int s = ChildWith(c, "nsubj");
        if (s >= 0 && s < c) NodeEntities(s, &targets);
        if (!targets.empty()) break;
      }
    }
  }
  float confidence = entry.pattern.empty() ? 0.55f : 0.7f;
  if (targets.empty() && !actors.empty() && LabelIs(t.deprel[v], "conj") && t.head[v] >= 0) {
    // "NATO has vowed Kyiv will join but refused to issue an invite": a
    // second verb phrase without a named target shares the first one's
    // (its object, or the subject of the clause it introduces).
    const int first = t.head[v];
    for (int c : t.children[first]) {
      if (t.deprel[c] == "obj") NodeEntities(c, &targets);
    }
    // The clause: a ccomp, or an xcomp with a subject of its own (a parse
    // of "vowed Kyiv will join" that the parser also gives).
    for (int c : t.children[first]) {
      if (!targets.empty() || (t.deprel[c] != "ccomp" && t.deprel[c] != "xcomp")) continue;
      const int subject = ChildWith(c, "nsubj");
      if (subject >= 0 && subject < c) NodeEntities(subject, &targets);
    }
    confidence = 0.4f;
  }
  if (targets.empty() && actors.size() >= 2 && IsSymmetric(entry.relation)) {
    // "France and Germany agreed on a plan": a shared act between the
    // coordinated subjects.
    Trace("verb", k, entry, actors, actors);
    const bool negated = TreeNegated(v);
    for (size_t a = 0; a < actors.size(); ++a) {
      for (size_t b = a + 1; b < actors.size(); ++b) {
        Emit(ActorOf(actors[a]), entry.relation, ActorOf(actors[b]), negated, k, pattern_end, 0.5f);
      }
    }
    return;
  }
  if (targets.empty() && actors.size() >= 2 && entry.relation == Relation::kAssault &&
      entry.pattern.empty() && IsReciprocalFightVerb(entry.head)) {
    // "Thailand and Cambodia clashed at the border": coordinated sides
    // that fight with no named target fight each other.
    Trace("verb", k, entry, actors, actors);
    const bool negated = TreeNegated(v);
    for (int a : actors) {
      for (int b : actors) {
        if (a != b) Emit(ActorOf(a), entry.relation, ActorOf(b), negated, k, pattern_end, 0.5f);
      }
    }
    return;
  }
  Trace("verb", k, entry, actors, targets);
  // With a subject or agent the tree has read the clause: no target means
  // there is none to find (the surface rules would guess across clauses).
  if (targets.empty() || actors.empty()) return;
  Relation relation = entry.relation;
  // "pushing to join NATO", "Georgia's bid to join NATO": seeking
  // membership is a request.
  if (entry.head == "join" && t.head[v] >= 0) {
    const std::string& seeker = lower_[t.first_token[t.head[v]]];
    const int noun = t.deprel[v] == "acl" ? t.head[v] : NounOfInfinitive(v);
    if ((t.deprel[v] == "xcomp" && IsSeekVerb(seeker)) ||
        (noun >= 0 && IsSeekNoun(lower_[t.first_token[noun]]))) {
      relation = Relation::kRequest;
    }
  }
  // "encourage X to move forward": backing someone to act urges them to.
  if (relation == Relation::kSupport && ChildWith(v, "obj") >= 0) {
    const int wanted = ChildWith(v, "xcomp");
    const int mark = wanted > v && t.upos[wanted] == "VERB" ? ChildWith(wanted, "mark") : -1;
    if (mark >= 0 && lower_[t.first_token[mark]] == "to") relation = Relation::kRequest;
  }
  const bool negated = TreeNegated(v);
  for (int a : actors) {
    for (int b : targets) Emit(ActorOf(a), relation, b, negated, k, pattern_end, confidence);
  }
}

void SentenceRelations::TreeNounEvent(size_t k, const LexiconEntry& entry, size_t pattern_end) {
  const DepTree& t = info_->tree;
  const int v = t.node_of_token[k];
  std::vector<int> actors, targets;
  for (int c : t.children[v]) {
    std::string_view rel = t.deprel[c];
    if (t.mention[c] >= 0 && info_->mentions[t.mention[c]].in_compound) {
      // "the Israel-Hamas war": both sides act; the surface rule reads the
      // hyphenated pair.
      NounEvent(k, entry, pattern_end);
      return;
    }
    if (rel == "nmod:poss" || rel == "amod" || rel == "compound") {
      // "Russia's invasion", "its fight", "Russian invasion", "NATO airstrikes".
      if (t.mention[c] >= 0 || rel == "nmod:poss") NodeEntities(c, &actors, 1);
    } else if (LabelIs(rel, "nmod") && CaseOf(c) == "by") {
      NodeEntities(c, &actors);  // "rocket fire by Hamas".
    }
  }
  if (actors.empty()) {
    int h = t.head[v];
    if (h >= 0 && t.deprel[v] == "obj" && IsLightVerb(lower_[t.first_token[h]])) {
      // "X launched an attack on Y", "X imposed sanctions on Y".
      int s = SubjectNode(h);
      if (s >= 0) NodeEntities(s, &actors);
    } else if (h >= 0 && LabelIs(t.deprel[v], "nmod") && CaseOf(v) == "of") {
      // "Merkel's statement of support for Georgia".
      int poss = ChildWith(h, "nmod:poss");
      if (poss >= 0) NodeEntities(poss, &actors, 1);
    }
  }
  if (actors.empty() && entry.relation == Relation::kRequest && t.head[v] >= 0 &&
      LabelIs(t.deprel[v], "obl") && OneOf(CaseOf(v), {"at", "on", "upon"})) {
    // "The Council met at the request of Jordan": whoever asked is the
    // `of` phrase; who was asked acts in the clause (its subject).
    std::vector<int> asking, asked;
    for (int c : t.children[v]) {
      if (LabelIs(t.deprel[c], "nmod") && CaseOf(c) == "of") NodeEntities(c, &asking);
    }
    const int h = t.head[v];
    int subject = ChildWith(h, "nsubj:pass");
    if (subject < 0) subject = SubjectNode(h);
    if (subject >= 0) NodeEntities(subject, &asked);
    Trace("noun", k, entry, asking, asked);
    for (int a : asking) {
      for (int b : asked) Emit(ActorOf(a), Relation::kRequest, b, false, k, pattern_end, 0.5f);
    }
    return;
  }
  // "withdrawal of Russian forces from Georgia": an event without a target
  // takes its actor from `of`.
  const bool intransitive = entry.relation == Relation::kRetreat ||
                            entry.relation == Relation::kMobilize ||
                            entry.relation == Relation::kProtest;
  if (actors.empty() && intransitive) {
    for (int c : t.children[v]) {
      if (LabelIs(t.deprel[c], "nmod") && CaseOf(c) == "of") NodeEntities(c, &actors);
    }
  }
  if (actors.empty() && (IsSymmetric(entry.relation) || entry.relation == Relation::kAssault)) {
    // "talks between India and China", "fighting between the army and the
    // rebels": an event between two named sides, shared, or mutual when
    // it is fighting.
    std::vector<int> sides;
    for (int c : t.children[v]) {
      if (LabelIs(t.deprel[c], "nmod") && CaseOf(c) == "between") NodeEntities(c, &sides);
    }
    if (sides.size() >= 2) {
      Trace("noun", k, entry, sides, sides);
      for (size_t a = 0; a < sides.size(); ++a) {
        for (size_t b = a + 1; b < sides.size(); ++b) {
          Emit(ActorOf(sides[a]), entry.relation, sides[b], false, k, pattern_end, 0.5f);
          if (!IsSymmetric(entry.relation)) {
            Emit(ActorOf(sides[b]), entry.relation, sides[a], false, k, pattern_end, 0.5f);
          }
        }
      }
      return;
    }
  }
  if (actors.empty()) {
    // "In a telephone conversation with X, Y discussed trade", "after talks
    // with X, Y said": an event phrase framing a clause is its subject's.
    const int h = t.head[v];
    if (h >= 0 && LabelIs(t.deprel[v], "obl") &&
        OneOf(CaseOf(v), {"in", "during", "after", "following"})) {
      const int s = SubjectNode(h);
      if (s >= 0) NodeEntities(s, &actors);
    }
  }
  if (actors.empty()) return;
  for (int c : t.children[v]) {
    if (intransitive && CaseOf(c) == "of") continue;
    // An event noun the tagger read as an adjective heads a clause ("Turkey's
    // offensive against the PKK continued", with "offensive" as ADJ): its
    // prepositional phrases are then `obl`, and they still name the target.
    const bool phrase = LabelIs(t.deprel[c], "nmod") || LabelIs(t.deprel[c], "obl");
    if (!phrase || t.deprel[c] == "nmod:poss") continue;
    std::string_view p = CaseOf(c);
    bool target = OneOf(p, {"of", "against", "on", "to", "for", "with", "into", "toward", "towards",
                            "over", "between"}) ||
                  (p == "from" && entry.relation == Relation::kRetreat);
    if (target) NodeEntities(c, &targets);
    if (!targets.empty()) break;
  }
  if (targets.empty() && entry.relation == Relation::kRetreat) {
    // "the pull-out of Armenian troops from Azerbaijan" with "from
    // Azerbaijan" hung on the troops: what they withdraw from is the noun's target.
    for (int c : t.children[v]) {
      if (!LabelIs(t.deprel[c], "nmod") || CaseOf(c) != "of") continue;
      for (int g : t.children[c]) {
        if (LabelIs(t.deprel[g], "nmod") && CaseOf(g) == "from") NodeEntities(g, &targets);
      }
    }
  }
  if (targets.empty() && t.head[v] >= 0 &&
      (LabelIs(t.deprel[v], "obl") || LabelIs(t.deprel[v], "nmod"))) {
    // "called for an end to Israel's offensive against Hamas": an `against`
    // phrase the parser hung on the word above, right after the event noun,
    // is the noun's target.
    for (int c : t.children[t.head[v]]) {
      if (c <= v || !(LabelIs(t.deprel[c], "obl") || LabelIs(t.deprel[c], "nmod"))) continue;
      if (CaseOf(c) == "against") NodeEntities(c, &targets);
      break;
    }
  }
  if (targets.empty()) {
    // "Madagascar was placed under SADC sanctions", "came under attack",
    // "was subjected to air strikes": the event falls on the clause's
    // subject. An active verb's "to" phrase is not suffered ("called for an
    // end to the Turkish offensive", with "offensive" hung on the verb).
    int h = t.head[v];
    if (h >= 0 && LabelIs(t.deprel[v], "obl") && OneOf(CaseOf(v), {"under", "to"})) {
      int s = ChildWith(h, "nsubj:pass");
      if (s < 0 && CaseOf(v) == "under") s = ChildWith(h, "nsubj");
      if (s >= 0) NodeEntities(s, &targets);
    }
  }
  if (targets.empty() && CaseOf(v) == "against" && t.head[v] >= 0) {
    // "backing for Ukraine against Russia's invasion": the event opposed
    // falls on the one being backed, named by the phrase it attaches to.
    const int h = t.head[v];
    if (t.mention[h] >= 0) {
      NodeEntities(h, &targets);
    } else {
      for (int c : t.children[h]) {
        if (LabelIs(t.deprel[c], "nmod") && OneOf(CaseOf(c), {"for", "to"})) {
          NodeEntities(c, &targets);
        }
      }
    }
    for (int a : actors)
      targets.erase(std::remove(targets.begin(), targets.end(), a), targets.end());
  }
  if (targets.empty()) {
    // "launched an attack on Y": the target may hang on the light verb.
    int h = t.head[v];
    if (h >= 0 && t.deprel[v] == "obj") {
      for (int c : t.children[h]) {
        if (!LabelIs(t.deprel[c], "obl")) continue;
        std::string_view p = CaseOf(c);
        if (OneOf(p, {"on", "against", "to", "with", "for"})) NodeEntities(c, &targets);
        if (!targets.empty()) break;
      }
    }
  }
  Trace("noun", k, entry, actors, targets);
  if (targets.empty() && actors.size() >= 2 && IsSymmetric(entry.relation)) {
    // "Japan and Australia signed a defence agreement": a shared act between
    // the coordinated subjects of the light verb.
    for (size_t a = 0; a < actors.size(); ++a) {
      for (size_t b = a + 1; b < actors.size(); ++b) {
        Emit(ActorOf(actors[a]), entry.relation, ActorOf(actors[b]), false, k, pattern_end, 0.5f);
      }
    }
    return;
  }
  if (targets.empty()) return;
  Relation relation = entry.relation;
  if (relation == Relation::kSupport) {
    // "military support", "humanitarian support": material help is aid.
    for (int c : t.children[v]) {
      if (t.deprel[c] == "amod" &&
          OneOf(lower_[t.first_token[c]], {"military", "financial", "economic", "humanitarian",
                                           "logistical", "logistic", "material", "medical"})) {
        relation = Relation::kAid;
      }
    }
  }
  for (int a : actors) {
    for (int b : targets) Emit(ActorOf(a), relation, b, false, k, pattern_end, 0.5f);
  }
}

void SentenceRelations::TreeModalDemands() {
  const DepTree& t = info_->tree;
  for (size_t v = 0; v < t.size(); ++v) {
    const size_t k = t.first_token[v];
    if (t.upos[v] != "VERB" || res_.vocabulary.MatchRole(tokens_, k, RoleClass::kSpeech) != 1) {
      continue;
    }
    const int subject = SubjectNode(static_cast<int>(v));
    if (subject < 0) continue;
    std::vector<int> speakers;
    NodeEntities(subject, &speakers);
    if (speakers.empty()) continue;
    for (int clause : t.children[v]) {
      if (t.deprel[clause] != "ccomp") continue;
      int modal = -1;
      for (int c : t.children[clause]) {
        // "must" is left out: in reported speech it mostly states an
        // obligation the speaker holds against the actor ("must be held
        // accountable", "must explain himself"), an accusation more than a
        // request.
        if (t.deprel[c] == "aux" && IsDemandModal(lower_[t.first_token[c]])) {
          modal = c;
        }
      }
      const int asked = ChildWith(clause, "nsubj");
      if (modal < 0 || asked < 0 || asked > clause || t.upos[asked] == "PRON") continue;
      std::vector<int> targets;
      NodeEntities(asked, &targets);
      LexiconEntry entry;
      entry.relation = Relation::kRequest;
      Trace("modal", t.first_token[modal], entry, speakers, targets);
      for (int a : speakers) {
        for (int b : targets) {
          Emit(ActorOf(a), Relation::kRequest, b, false, t.first_token[modal],
               t.first_token[modal] + 1, 0.5f);
        }
      }
    }
  }
}

void SentenceRelations::TreeRepresents() {
  const DepTree& t = info_->tree;
  if (t.empty()) return;
  for (size_t p = 0; p < t.size(); ++p) {
    const int m = t.mention[p];
    if (m < 0) continue;
    const int person = EntityOf(m);
    if (TypeOf(person) != EntityType::kPerson || state_->affiliation.count(person)) continue;
    // The title noun in apposition: "Bashir Saleh, Libya's head of ..." or
    // "Libya's head of African investment, Bashir Saleh".
    std::vector<int> titles;
    for (int c : t.children[p]) {
      if (t.deprel[c] == "appos") titles.push_back(c);
    }
    if (t.deprel[p] == "appos" && t.head[p] >= 0) {
      int h = t.head[p];
      // "Libya's head of African investment, Bashir Saleh", with the name
      // hung on the last noun of the title phrase.
      if (LabelIs(t.deprel[h], "nmod") && t.head[h] >= 0 &&
          res_.vocabulary.MatchRole(tokens_, t.first_token[h], RoleClass::kTitle) == 0) {
        h = t.head[h];
      }
      titles.push_back(h);
    } else if (t.deprel[p] != "appos") {
      // "questioned Kenya's head of foreign investment, Joseph Kamau, on
      // Monday" with the name hung elsewhere (on the verb): a name set off
      // by commas right after a title phrase is in apposition to it.
      const size_t first = t.first_token[p];
      size_t last = first;
      while (last + 1 < tokens_.size() && t.node_of_token[last + 1] == static_cast<int>(p)) ++last;
      const bool closed =
          last + 1 == tokens_.size() || tokens_[last + 1].shape == TokenShape::kPunct;
      if (first >= 2 && lower_[first - 1] == "," && closed) {
        int q = t.node_of_token[first - 2];
        for (int depth = 0;
             depth < 3 && q >= 0 && LabelIs(t.deprel[q], "nmod") &&
             res_.vocabulary.MatchRole(tokens_, t.first_token[q], RoleClass::kTitle) == 0;
             ++depth) {
          q = t.head[q];
        }
        if (q >= 0 && q < static_cast<int>(p)) titles.push_back(q);
      }
    }
    for (int title : titles) {
      if (t.mention[title] >= 0 ||
          res_.vocabulary.MatchRole(tokens_, t.first_token[title], RoleClass::kTitle) == 0) {
        continue;
      }
      std::vector<int> bodies;
      for (int c : t.children[title]) {
        std::string_view rel = t.deprel[c];
        bool body = rel == "nmod:poss" || rel == "amod" || rel == "compound";
        if (!body && LabelIs(rel, "nmod")) body = OneOf(CaseOf(c), {"of", "for", "at", "to"});
        if (body) NodeEntities(c, &bodies, 1);
        if (!bodies.empty()) break;
      }
      for (int b : bodies) {
        if (TypeOf(b) == EntityType::kPerson || b == person) continue;
        state_->unconfirmed.erase(person);
        Emit(person, Relation::kRepresents, b, false, t.first_token[title],
             t.first_token[title] + 1, 0.6f);
        state_->affiliation.emplace(person, b);
        break;
      }
      if (state_->affiliation.count(person)) break;
    }
  }
}

}  // namespace geokg
