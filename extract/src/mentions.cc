// Mention detection: gazetteer matches, role-marked persons, organisation
// names built on head words, and capitalised names, with canonical names
// shared inside an article (and across articles through ActorMemory).
#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_set>

#include "analysis.h"

namespace geokg {
namespace {

// Lower-case particles that sit inside personal names ("al-Sadr" is one
// token; "bin", "van", "de" are separate ones).
bool IsNameParticle(std::string_view lower) {
  static const std::unordered_set<std::string_view> kParticles = {
      "al", "el", "bin", "ibn", "van", "von",  "de",  "da",  "del", "der",
      "di", "du", "la",  "le",  "abu", "bint", "ben", "dos", "das"};
  return kParticles.count(lower) > 0;
}

// "al-Maliki", "el-Sisi": a lower-case prefix glued to a capitalised name.
bool IsParticleName(const text::Token& t) {
  size_t dash = t.text.find('-');
  if (dash == std::string::npos || dash + 1 >= t.text.size()) return false;
  return IsNameParticle(text::AsciiLower(t.text.substr(0, dash))) &&
         std::isupper(static_cast<unsigned char>(t.text[dash + 1]));
}

// True for two spellings of one given name: same first letter, at most two
// edits apart, and long enough that the edits are not the whole name.
bool SpellingVariant(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a == b ||
      std::tolower(static_cast<unsigned char>(a[0])) !=
          std::tolower(static_cast<unsigned char>(b[0]))) {
    return false;
  }
  if (a.size() < 4 || b.size() < 4) return false;
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                  std::tolower(static_cast<unsigned char>(b[j - 1])));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()] <= 2;
}

// Heads of "the X of NAME" phrases whose NAME is a territory acting as a
// polity ("the island of Anjouan", "the province of Aceh").
bool IsTerritoryWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "island",   "islands", "region",  "province", "state",      "territory",
      "republic", "kingdom", "emirate", "enclave",  "autonomous", "breakaway"};
  return kWords.count(lower) > 0;
}

bool IsCalendarWord(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "january",   "february", "march",     "april",    "may",    "june",     "july",  "august",
      "september", "october",  "november",  "december", "jan.",   "feb.",     "mar.",  "apr.",
      "jun.",      "jul.",     "aug.",      "sep.",     "sept.",  "oct.",     "nov.",  "dec.",
      "monday",    "tuesday",  "wednesday", "thursday", "friday", "saturday", "sunday"};
  return kWords.count(lower) > 0;
}

bool IsPronounOrDeterminer(std::string_view lower) {
  static const std::unordered_set<std::string_view> kWords = {
      "i",      "we",      "you",   "he",        "she",       "it",      "they",     "the",
      "a",      "an",      "this",  "that",      "these",     "those",   "his",      "her",
      "its",    "their",   "our",   "my",        "your",      "there",   "here",     "some",
      "many",   "most",    "all",   "both",      "each",      "every",   "other",    "such",
      "what",   "which",   "who",   "when",      "where",     "why",     "how",      "if",
      "but",    "and",     "or",    "so",        "yet",       "in",      "on",       "at",
      "for",    "of",      "by",    "with",      "from",      "to",      "as",       "after",
      "before", "since",   "while", "although",  "though",    "because", "despite",  "during",
      "under",  "over",    "about", "according", "yesterday", "today",   "tomorrow", "last",
      "next",   "earlier", "later", "meanwhile", "however",   "also",    "then",     "now",
      "no",     "not",     "one",   "two",       "three"};
  return kWords.count(lower) > 0;
}

bool NameLike(const text::Token& t) {
  if (t.shape != text::TokenShape::kWord) return false;
  return t.capitalized || IsParticleName(t);
}

// Lower-case words allowed inside an organisation name between capitalised
// parts ("Ministry of Foreign Affairs", "Commission on Human Rights").
bool IsOrgConnector(std::string_view lower) {
  return lower == "of" || lower == "on" || lower == "for" || lower == "and" || lower == "the" ||
         lower == "de";
}

class MentionFinder {
 public:
  MentionFinder(const Resources& res, const MemoryReader* memory, SentenceInfo* info,
                ArticleState* state)
      : res_(res), memory_(memory), info_(info), state_(state), tokens_(info->sentence->tokens) {}

  void Run() {
    size_t i = 0;
    while (i < tokens_.size()) {
      size_t next = Step(i);
      i = std::max(next, i + 1);
    }
    std::sort(info_->mentions.begin(), info_->mentions.end(),
              [](const Mention& a, const Mention& b) {
                return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
              });
  }

 private:
  std::string Lower(size_t i) const { return text::AsciiLower(tokens_[i].text); }

  std::string Surface(size_t begin, size_t end) const {
    std::string s;
    for (size_t i = begin; i < end; ++i) {
      if (tokens_[i].text == ")" || tokens_[i].text == "(") continue;
      if (i > begin && (tokens_[i].space_before || tokens_[i - 1].text == ")")) s += ' ';
      s += tokens_[i].text;
    }
    return s;
  }

  void AddMention(size_t begin, size_t end, int entity, AliasKind kind, bool compound = false) {
    Mention m;
    m.begin = begin;
    m.end = end;
    m.entity = entity;
    m.kind = kind;
    m.in_compound = compound;
    info_->mentions.push_back(m);
  }

  // A nationality adjective names its state only when the state acts: the
  // next words are an actor noun, a title, an organisation head or an event
  // noun ("Russian forces", "Russian President", "Russian invasion").
  bool AdjectiveActs(size_t after) const {
    for (size_t k = after; k < tokens_.size() && k < after + 3; ++k) {
      const auto& t = tokens_[k];
      if (t.shape != text::TokenShape::kWord) return false;
      std::string lower = text::AsciiLower(t.text);
      if (res_.vocabulary.MatchRole(tokens_, k, RoleClass::kActor) ||
          res_.vocabulary.MatchRole(tokens_, k, RoleClass::kTitle) ||
          res_.vocabulary.MatchRole(tokens_, k, RoleClass::kOrgHead) ||
          res_.vocabulary.MatchRole(tokens_, k, RoleClass::kModifier)) {
        return true;
      }
      if (const auto* entries = res_.lexicon.Lookup(lower)) {
        for (const LexiconEntry* e : *entries) {
          if (e->is_noun) return true;
        }
      }
      if (t.capitalized) return false;  // Another name follows: not an actor use.
    }
    return false;
  }

  // Handles hyphenated tokens: "Israel-Hamas", "US-led", "pro-Gaddafi".
  void Compound(size_t i) {
    const std::string& s = tokens_[i].text;
    if (s.find('-') == std::string::npos) return;
    size_t start = 0;
    while (start <= s.size()) {
      size_t dash = s.find('-', start);
      std::string part =
          s.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
      if (!part.empty()) {
        auto part_tokens = text::Tokenize(part);
        const GazetteerEntry* entry = nullptr;
        if (!part_tokens.empty() &&
            res_.gazetteer.Match(part_tokens, 0, &entry) == part_tokens.size() && entry &&
            entry->kind != AliasKind::kDemonym && entry->type != EntityType::kPerson) {
          int e = state_->Add(entry->canonical, entry->type, part);
          AddMention(i, i + 1, e, entry->kind, /*compound=*/true);
        }
      }
      if (dash == std::string::npos) break;
      start = dash + 1;
    }
  }

  // Processes the token at i; returns the index to continue from.
  size_t Step(size_t i) {
    const auto& t = tokens_[i];
    if (!NameLike(t)) {
      if (t.shape == text::TokenShape::kWord) Compound(i);
      return i + 1;
    }
    // Gazetteer first: longest known name starting here.
    const GazetteerEntry* entry = nullptr;
    size_t g = res_.gazetteer.Match(tokens_, i, &entry);
    if (g > 0 && entry != nullptr) return GazetteerMention(i, g, *entry);

    // A news outlet that reports ("told CNN", "Der Spiegel reported") is no
    // actor, and not part of a name that follows it ("CNN Jalaluddin").
    if (size_t media = res_.vocabulary.MatchRole(tokens_, i, RoleClass::kMedia); media > 0) {
      return i + media;
    }
    // A role word ("President", "Gen.") marks what follows as a person.
    size_t h = res_.vocabulary.MatchRole(tokens_, i, RoleClass::kHonorific);
    size_t r = res_.vocabulary.MatchRole(tokens_, i, RoleClass::kTitle);
    size_t m = res_.vocabulary.MatchRole(tokens_, i, RoleClass::kModifier);
    if ((h || r || m) && !OrgHeadAhead(i)) {
      size_t skip = std::max({h, r, m});
      return i + skip;
    }
    if (t.text.find('-') != std::string::npos) {
      // "Israeli-Palestinian", "US-led": parts may name states; the whole is
      // not a name.
      size_t before = info_->mentions.size();
      Compound(i);
      if (info_->mentions.size() > before) return i + 1;
    }
    return NameSpan(i);
  }

  // A place or thing head ("Sadr City", "Gaza Strip", "Middle East"). A
  // compass word before another name starts that name instead ("Sudan and
  // South Sudan", "Abkhazia and South Ossetia" are two places, not one).
  // ("South East Asia" stays one region: compass words side by side are
  // a region's name.)
  bool IsLocHead(size_t k) const {
    if (!res_.vocabulary.MatchRole(tokens_, k, RoleClass::kLocHead)) return false;
    if (!IsCompass(k) || k + 1 >= tokens_.size()) return true;
    if (IsCompass(k + 1) || (k > 0 && IsCompass(k - 1))) return true;
    return !NameLike(tokens_[k + 1]);
  }
  bool IsCompass(size_t k) const {
    const std::string lower = Lower(k);
    return lower == "north" || lower == "south" || lower == "east" || lower == "west";
  }

  // True when the capitalised run starting at i ends in an organisation
  // head before any title ("Foreign Ministry", "Security Council").
  bool OrgHeadAhead(size_t i) const {
    for (size_t k = i; k < tokens_.size(); ++k) {
      if (!NameLike(tokens_[k])) {
        std::string lower = text::AsciiLower(tokens_[k].text);
        if (IsOrgConnector(lower) && k + 1 < tokens_.size() && NameLike(tokens_[k + 1])) continue;
        return false;
      }
      if (res_.vocabulary.MatchRole(tokens_, k, RoleClass::kOrgHead) ||
          res_.vocabulary.MatchRole(tokens_, k, RoleClass::kGroupHead) || (k > i && IsLocHead(k))) {
        return true;
      }
    }
    return false;
  }

  // End of an organisation name starting at i, or i when there is none: a
  // capitalised run (with connectors) containing a head word, ending at the
  // last capitalised token.
  size_t OrgEnd(size_t i, EntityType* type) const {
    size_t k = i;
    size_t end = i;
    bool head = false;
    *type = EntityType::kOrg;
    while (k < tokens_.size()) {
      const auto& t = tokens_[k];
      if (NameLike(t)) {
        if (k > i && res_.vocabulary.MatchRole(tokens_, k, RoleClass::kTitle) &&
            !res_.vocabulary.MatchRole(tokens_, k, RoleClass::kOrgHead)) {
          break;  // "State Department Spokesperson": the title is not part of the name.
        }
        if (res_.vocabulary.MatchRole(tokens_, k, RoleClass::kGroupHead)) {
          head = true;
          *type = EntityType::kGroup;
        } else if (res_.vocabulary.MatchRole(tokens_, k, RoleClass::kOrgHead)) {
          head = true;
          *type = EntityType::kOrg;
        } else if (k > i && IsLocHead(k)) {
          // "Sadr City", "Gaza Strip", "Christmas Day": a place or a thing.
          head = true;
          *type = EntityType::kOther;
        }
        ++k;
        if (head) end = k;
        continue;
      }
      std::string lower = text::AsciiLower(t.text);
      bool connector = IsOrgConnector(lower) || t.shape == text::TokenShape::kPossessive;
      if (connector && k + 1 < tokens_.size() && NameLike(tokens_[k + 1]) && k > i) {
        ++k;
        continue;
      }
      break;
    }
    return head ? end : i;
  }

  size_t GazetteerMention(size_t i, size_t g, const GazetteerEntry& entry) {
    // A place followed by an organisation head is part of an organisation's
    // name ("US Congress", "Iraqi Parliament") unless the rest only names the
    // state's forces or government ("Malaysian Navy" is Malaysia).
    EntityType org_type;
    size_t org_end = OrgEnd(i, &org_type);
    if (org_end > i + g && entry.type != EntityType::kPerson) {
      bool only_actor_words = true;
      for (size_t k = i + g; k < org_end;) {
        size_t a = res_.vocabulary.MatchRole(tokens_, k, RoleClass::kActor);
        if (a == 0) {
          only_actor_words = false;
          break;
        }
        k += a;
      }
      if (only_actor_words && entry.type == EntityType::kGpe) {
        int e = state_->Add(entry.canonical, entry.type, Surface(i, i + g));
        AddMention(i, org_end, e, entry.kind);
        return org_end;
      }
      std::string name = Surface(i, org_end);
      const GazetteerEntry* whole = res_.gazetteer.Find(name);
      if (whole != nullptr) {
        int e = state_->Add(whole->canonical, whole->type, name);
        AddMention(i, org_end, e, whole->kind);
      } else {
        int e = state_->Add(name, org_type, name);
        AddMention(i, org_end, e, AliasKind::kName);
      }
      return org_end;
    }
    if (entry.kind == AliasKind::kDemonym) return i + g;
    // "in Brussels", "at Moscow airport": a capital after a locative
    // preposition is a place, not the government.
    if (entry.kind == AliasKind::kCapital && i > 0) {
      std::string prev = Lower(i - 1);
      if (prev == "in" || prev == "at" || prev == "near" || prev == "inside" || prev == "outside" ||
          prev == "around" || prev == "across" || prev == "throughout") {
        return i + g;
      }
    }
    // "Russian parliament", "Israeli Foreign ministry": a state's adjective or
    // name with a lower-case organisation head names that organisation
    // (forces and government words name the state itself: see above).
    if (entry.type == EntityType::kGpe) {
      size_t k = i + g;
      while (k < tokens_.size() && tokens_[k].capitalized &&
             res_.vocabulary.MatchRole(tokens_, k, RoleClass::kModifier) == 1) {
        ++k;
      }
      if (k < tokens_.size() && !tokens_[k].capitalized &&
          tokens_[k].shape == text::TokenShape::kWord &&
          res_.vocabulary.MatchRole(tokens_, k, RoleClass::kOrgHead) == 1 &&
          !res_.vocabulary.MatchRole(tokens_, k, RoleClass::kActor)) {
        std::string name = Surface(i, k + 1);
        int e = state_->Add(name, EntityType::kOrg, name);
        AddMention(i, k + 1, e, AliasKind::kName);
        return k + 1;
      }
    }
    if (entry.kind == AliasKind::kAdjective && !AdjectiveActs(i + g)) {
      // Named, though not acting: the state is still an entity of the
      // article ("Vietnamese citizen Doan Thi Huong"), with no mention for
      // relations to pick up.
      state_->Add(entry.canonical, entry.type, Surface(i, i + g));
      return i + g;
    }
    if (entry.type == EntityType::kPerson) {
      // A known name followed by more name words is a longer name:
      // "Ahmed Abdallah" + "Mohamed Sambi".
      size_t end = i + g;
      while (end < tokens_.size() && NameLike(tokens_[end]) &&
             !res_.vocabulary.MatchRole(tokens_, end, RoleClass::kTitle) &&
             !res_.vocabulary.MatchRole(tokens_, end, RoleClass::kHonorific)) {
        const GazetteerEntry* next = nullptr;
        if (res_.gazetteer.Match(tokens_, end, &next) > 0 && next != nullptr &&
            next->type != EntityType::kPerson) {
          break;
        }
        ++end;
      }
      if (end > i + g) return NameSpan(i);
    }
    int e = state_->Add(entry.canonical, entry.type, Surface(i, i + g));
    if (entry.type == EntityType::kPerson) RegisterPerson(e, entry.canonical);
    AddMention(i, i + g, e, entry.kind);
    return i + g;
  }

  bool PrecededByRole(size_t i) const {
    // Skips back over role words: "US Secretary of State [Antony Blinken]",
    // "Maj. [Tom Holloway]", "President [Bush]".
    size_t k = i;
    while (k > 0) {
      size_t j = k - 1;
      // Role phrases have up to 4 tokens; test each possible start.
      bool found = false;
      for (size_t start = (j >= 3 ? j - 3 : 0); start <= j; ++start) {
        for (RoleClass cls : {RoleClass::kTitle, RoleClass::kHonorific}) {
          if (res_.vocabulary.MatchRole(tokens_, start, cls) == j - start + 1) {
            return true;
          }
        }
      }
      if (!found) break;
    }
    return false;
  }

  // True when a title phrase ("High Commissioner", "Minister") ends at j.
  bool TitleEndsAt(size_t j) const {
    for (size_t start = (j >= 3 ? j - 3 : 0); start <= j; ++start) {
      if (res_.vocabulary.MatchRole(tokens_, start, RoleClass::kTitle) == j - start + 1) {
        return true;
      }
    }
    return false;
  }

  bool FollowedBySpeech(size_t end) const {
    return end < tokens_.size() && res_.vocabulary.MatchRole(tokens_, end, RoleClass::kSpeech) > 0;
  }

  // A run of capitalised tokens that is not in the gazetteer.
  size_t NameSpan(size_t i) {
    EntityType org_type;
    size_t org_end = OrgEnd(i, &org_type);
    if (org_end > i) {
      size_t begin = i;
      // "The Southern African Development Community", "Hopefully the US
      // Congress": drop leading articles and sentence-initial common words.
      while (begin < org_end) {
        std::string lower = Lower(begin);
        bool sentence_start = begin == 0 || tokens_[begin - 1].shape == text::TokenShape::kPunct;
        const WordClass* wc = res_.vocabulary.Lookup(lower);
        bool common_start = sentence_start && wc != nullptr && wc->propn < 0.1f &&
                            !res_.vocabulary.MatchRole(tokens_, begin, RoleClass::kOrgHead) &&
                            !res_.vocabulary.MatchRole(tokens_, begin, RoleClass::kModifier);
        if (!IsPronounOrDeterminer(lower) && !common_start) break;
        ++begin;
      }

      if (org_end - begin >= 2 ||
          (org_end - begin == 1 && !res_.vocabulary.IsCommonWord(Lower(begin)))) {
        std::string name = Surface(begin, org_end);
        const GazetteerEntry* whole = res_.gazetteer.Find(name);
        int e = whole ? state_->Add(whole->canonical, whole->type, name)
                      : state_->Add(name, org_type, name);
        AddMention(begin, org_end, e, whole ? whole->kind : AliasKind::kName);
      }
      return org_end;
    }

    size_t end = i;
    while (end < tokens_.size()) {
      const auto& t = tokens_[end];
      bool particle = t.shape == text::TokenShape::kWord && IsNameParticle(Lower(end)) && end > i &&
                      end + 1 < tokens_.size() && NameLike(tokens_[end + 1]);
      // "(Russian President Vladimir) Putin": an editor's bracket inside a name.
      bool bracket = t.text == ")" && end > i && end + 1 < tokens_.size() &&
                     NameLike(tokens_[end + 1]) && NameLike(tokens_[end - 1]);
      if (bracket) {
        ++end;
        continue;
      }
      if (!NameLike(t) && !particle) break;
      if (end > i && (res_.vocabulary.MatchRole(tokens_, end, RoleClass::kTitle) ||
                      res_.vocabulary.MatchRole(tokens_, end, RoleClass::kHonorific))) {
        break;
      }
      const GazetteerEntry* entry = nullptr;
      if (end > i && res_.gazetteer.Match(tokens_, end, &entry) > 0 && entry != nullptr &&
          entry->type != EntityType::kPerson) {
        break;
      }
      ++end;
    }
    // Trim leading function words and sentence-initial common words.
    size_t begin = i;
    while (begin < end) {
      std::string lower = Lower(begin);
      bool sentence_start = begin == 0 || tokens_[begin - 1].shape == text::TokenShape::kPunct;
      // A known person's surname at a sentence start ("Ban criticized ...")
      // is a name even when it is also an English word.
      bool known_person = state_->person_part.count(NameKey(tokens_[begin].text)) > 0 ||
                          (memory_ != nullptr && memory_->Find(tokens_[begin].text) != nullptr);
      if (IsPronounOrDeterminer(lower) || IsCalendarWord(lower) ||
          (sentence_start && res_.vocabulary.IsCommonWord(lower) && begin + 1 == end &&
           !known_person)) {
        ++begin;
        continue;
      }
      break;
    }
    // "High Commissioner for Human Rights Navi Pillay": after a title's
    // "for" or "of", title-cased common words name the portfolio, not the
    // person; the name starts after them.
    size_t q = begin;  // "Minister for Foreign Affairs": skip role modifiers.
    while (q > 0 && res_.vocabulary.MatchRole(tokens_, q - 1, RoleClass::kModifier) == 1) --q;
    if (begin == i && q >= 2 && (Lower(q - 1) == "for" || Lower(q - 1) == "of") &&
        TitleEndsAt(q - 2)) {
      size_t k = begin;
      while (k + 2 < end && res_.vocabulary.IsRarelyName(Lower(k))) ++k;
      if (k > begin && end - k >= 2 && !res_.vocabulary.IsRarelyName(Lower(k))) begin = k;
    }
    while (end > begin && IsCalendarWord(Lower(end - 1))) --end;
    if (begin >= end) return std::max(end, i + 1);
    for (size_t k = begin; k < end; ++k) {
      if (IsCalendarWord(Lower(k))) return end;
    }
    bool all_common = true;
    for (size_t k = begin; k < end; ++k) {
      if (!res_.vocabulary.IsRarelyName(Lower(k))) all_common = false;
    }
    bool role = PrecededByRole(begin);
    size_t len = end - begin;
    std::string surface = Surface(begin, end);

    // "the island of Anjouan", "the region of Darfur": a named territory.
    if (begin >= 3 && Lower(begin - 1) == "of" && Lower(begin - 3) == "the" &&
        IsTerritoryWord(Lower(begin - 2)) && !all_common) {
      int e = state_->Add(surface, EntityType::kGpe, surface);
      state_->entities[e].type = EntityType::kGpe;  // Also when first seen bare.
      state_->tentative.erase(e);
      AddMention(begin, end, e, AliasKind::kName);
      return end;
    }

    if (len == 1) {
      std::string key = NameKey(surface);
      auto it = state_->person_part.find(key);
      if (it != state_->person_part.end() && it->second >= 0) {
        state_->entities[it->second].mentions.push_back(surface);
        AddMention(begin, end, it->second, AliasKind::kName);
        return end;
      }
      if (memory_ != nullptr) {
        if (const EntityMention* known = memory_->Find(surface)) {
          int e = state_->Add(known->name, known->type, surface);
          if (known->type == EntityType::kPerson) RegisterPerson(e, known->name);
          AddMention(begin, end, e, AliasKind::kName);
          return end;
        }
      }
      if (all_common && !role) return end;
      if (!role && !FollowedBySpeech(end)) {
        // An unknown single capitalised word: a person only when the article
        // names someone with it later (resolved by MergePersons).
        if (!tokens_[begin].capitalized || res_.vocabulary.IsCommonWord(Lower(begin))) return end;
        // Only a first sighting is tentative: a name the article already
        // established (a territory, a cued person) stays established.
        bool is_new = state_->by_key.count(NameKey(surface)) == 0;
        int e = state_->Add(surface, EntityType::kPerson, surface);
        if (is_new) state_->tentative.insert(e);
        AddMention(begin, end, e, AliasKind::kName);
        return end;
      }
      int e = state_->Add(surface, EntityType::kPerson, surface);
      state_->tentative.erase(e);
      RegisterPerson(e, surface);
      AddMention(begin, end, e, AliasKind::kName);
      return end;
    }

    if (all_common && !role) return end;
    std::string canonical = surface;
    bool remembered = false;  // Known from an earlier article: no cue needed.
    if (memory_ != nullptr) {
      if (const EntityMention* known = memory_->Find(surface)) {
        canonical = known->name;
        remembered = known->type == EntityType::kPerson;
      } else if (const EntityMention* same_surname = memory_->Find(tokens_[end - 1].text)) {
        // "Anthony Blinken" for the known "Antony Blinken": same surname and
        // a first name one or two edits away, starting with the same letter.
        auto known_tokens = text::Tokenize(same_surname->name);
        if (same_surname->type == EntityType::kPerson && known_tokens.size() >= 2 && len >= 2 &&
            SpellingVariant(known_tokens.front().text, tokens_[begin].text)) {
          canonical = same_surname->name;
          remembered = true;
        }
      }
    }
    bool is_new = state_->by_key.count(NameKey(canonical)) == 0;
    int e = state_->Add(canonical, EntityType::kPerson, surface);
    if (!role && !remembered && !FollowedBySpeech(end)) {
      if (is_new) state_->unconfirmed.insert(e);
    } else {
      state_->unconfirmed.erase(e);
    }
    RegisterPerson(e, canonical);
    AddMention(begin, end, e, AliasKind::kName);
    return end;
  }

  void RegisterPerson(int e, const std::string& canonical) {
    auto parts = text::Tokenize(canonical);
    if (parts.size() < 2) return;
    for (size_t k : {size_t{0}, parts.size() - 1}) {
      std::string key = NameKey(parts[k].text);
      if (key.size() < 2) continue;
      auto [it, inserted] = state_->person_part.emplace(key, e);
      // -1 marks a part already shared by two people: it stays unresolved.
      if (!inserted && it->second >= 0 && it->second != e &&
          state_->Find(it->second) != state_->Find(e)) {
        // Two people share this name part: a bare mention stays unresolved,
        // unless one of them is the surname (last token) and the other only
        // shares a first name.
        if (k == parts.size() - 1) it->second = -1;
      }
    }
  }

  const Resources& res_;
  const MemoryReader* memory_;
  SentenceInfo* info_;
  ArticleState* state_;
  const std::vector<text::Token>& tokens_;
};

}  // namespace

int ArticleState::Add(const std::string& canonical, EntityType type, const std::string& surface) {
  std::string key = NameKey(canonical);
  auto it = by_key.find(key);
  int e;
  if (it == by_key.end()) {
    e = static_cast<int>(entities.size());
    EntityMention em;
    em.name = canonical;
    em.type = type;
    entities.push_back(std::move(em));
    parent.push_back(e);
    by_key.emplace(key, e);
  } else {
    e = it->second;
  }
  auto& mentions = entities[e].mentions;
  if (std::find(mentions.begin(), mentions.end(), surface) == mentions.end()) {
    mentions.push_back(surface);
  }
  return e;
}

void FindMentions(const Resources& res, const MemoryReader* memory, SentenceInfo* info,
                  ArticleState* state) {
  MentionFinder(res, memory, info, state).Run();
}

void MergePersons(ArticleState* state) {
  // Single-word persons join the one multi-word person whose first or last
  // name they are; when none or several match, tentative ones are dropped.
  for (size_t e = 0; e < state->entities.size(); ++e) {
    const auto& ent = state->entities[e];
    if (ent.type != EntityType::kPerson) continue;
    std::string key = NameKey(ent.name);
    if (key.find(' ') != std::string::npos) continue;
    auto it = state->person_part.find(key);
    if (it != state->person_part.end() && it->second >= 0 && it->second != static_cast<int>(e)) {
      int target = state->Find(it->second);
      state->parent[state->Find(static_cast<int>(e))] = target;
      for (const auto& m : ent.mentions) {
        auto& tm = state->entities[target].mentions;
        if (std::find(tm.begin(), tm.end(), m) == tm.end()) tm.push_back(m);
      }
      state->tentative.erase(static_cast<int>(e));
    }
  }
}

}  // namespace geokg
