// Extractor: loads the data files and runs the per-article pipeline
// (analysis.h), and the JSON Lines writer of the output contract.
#include <unistd.h>

#include <filesystem>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "analysis.h"
#include "data_files.h"
#include "geokg/extract.h"

namespace geokg {
namespace {

namespace fs = std::filesystem;

bool HasDataFiles(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "gazetteer.tsv", ec) && fs::exists(dir / "lexicon.tsv", ec) &&
         fs::exists(dir / "roles.tsv", ec) && fs::exists(dir / "wordclass.tsv", ec) &&
         fs::exists(dir / "actors.tsv", ec) && fs::exists(dir / "agents.tsv", ec);
}

// The folder with the data files: the option, $GEOKG_DATA, then places
// relative to the running binary, then the source tree it was built from.
Result<std::string> FindDataDir(const std::string& option) {
  if (!option.empty()) {
    if (HasDataFiles(option)) return option;
    return Status::NotFound(
        "data folder '" + option +
        "' lacks gazetteer.tsv, lexicon.tsv, roles.tsv, wordclass.tsv, actors.tsv or agents.tsv");
  }
  const std::vector<fs::path> candidates = DataFolderCandidates();
  for (const auto& c : candidates) {
    if (HasDataFiles(c)) return c.lexically_normal().string();
  }
  return Status::NotFound(
      "cannot find the geokg data files (gazetteer.tsv, lexicon.tsv); set GEOKG_DATA");
}

// Paragraph index of each sentence: a newline between two sentences starts
// a new paragraph.
void AssignParagraphs(std::string_view text, std::vector<SentenceInfo>* infos) {
  int paragraph = 0;
  uint32_t prev_end = 0;
  for (auto& info : *infos) {
    std::string_view gap = text.substr(prev_end, info.sentence->begin - prev_end);
    if (gap.find('\n') != std::string_view::npos) ++paragraph;
    info.paragraph = paragraph;
    prev_end = info.sentence->end;
  }
}

}  // namespace

struct Extractor::Impl {
  Resources resources;
};

Extractor::Extractor() = default;
Extractor::~Extractor() = default;

Result<std::unique_ptr<Extractor>> Extractor::Create(const ExtractorOptions& options) {
  auto dir = FindDataDir(options.data_dir);
  if (!dir.ok()) return dir.status();
  auto gazetteer = Gazetteer::Load(*dir + "/gazetteer.tsv");
  if (!gazetteer.ok()) return gazetteer.status();
  auto lexicon = Lexicon::Load(*dir + "/lexicon.tsv");
  if (!lexicon.ok()) return lexicon.status();
  auto vocabulary = Vocabulary::Load(*dir);
  if (!vocabulary.ok()) return vocabulary.status();
  auto actors = ActorIndex::Load(*dir + "/actors.tsv");
  if (!actors.ok()) return actors.status();
  std::unique_ptr<parser::Parser> parser;
  if (options.parse) {
    const std::string model =
        options.model_path.empty() ? *dir + "/models/en_ewt.gkdp" : options.model_path;
    auto loaded = parser::Parser::Load(model);
    if (!loaded.ok()) return loaded.status();
    parser = std::move(loaded).value();
  }
  std::unique_ptr<Extractor> extractor(new Extractor());
  extractor->impl_ = std::make_unique<Impl>(
      Impl{Resources{std::move(*gazetteer), std::move(*lexicon), std::move(*vocabulary),
                     std::move(*actors), std::move(parser)}});
  return extractor;
}

ArticleExtraction Extractor::Extract(const Article& article, ActorMemory* memory) const {
  if (memory == nullptr) return Run(article, MemoryReader(nullptr, nullptr), nullptr);
  // The same lessons, in the same order, as the parallel path teaches.
  ActorMemoryLog lessons;
  ArticleExtraction out = Run(article, MemoryReader(memory, nullptr), &lessons);
  lessons.Teach(memory);
  return out;
}

ArticleExtraction Extractor::Extract(const Article& article, const ActorMemory& memory,
                                     ActorMemoryLog* log) const {
  *log = ActorMemoryLog();
  return Run(article, MemoryReader(&memory, log), log);
}

ArticleExtraction Extractor::Run(const Article& article, const MemoryReader& reader,
                                 ActorMemoryLog* lessons) const {
  const MemoryReader* memory = &reader;
  const Resources& res = impl_->resources;
  ArticleExtraction out;
  out.article = article;

  const std::string body = text::BlankNoise(article.text, article.title);
  const std::vector<text::Sentence> sentences = text::SplitSentences(body);
  std::vector<SentenceInfo> infos(sentences.size());
  ArticleState state;
  for (size_t i = 0; i < sentences.size(); ++i) {
    infos[i].index = static_cast<int>(i);
    infos[i].sentence = &sentences[i];
    FindMentions(res, memory, &infos[i], &state);
  }
  AssignParagraphs(body, &infos);
  MergePersons(&state);
  FindRelations(res, memory, article, &infos, &state);

  // Which entities to report: every gazetteer or role-marked entity; a bare
  // capitalised word or an uncued name only when a relation uses it or the
  // article names it more than once.
  std::vector<int> mention_count(state.entities.size(), 0);
  for (const auto& info : infos) {
    for (const auto& m : info.mentions) ++mention_count[state.Find(m.entity)];
  }
  std::vector<bool> in_triple(state.entities.size(), false);
  for (const auto& [s, o] : state.triple_ends) {
    in_triple[state.Find(s)] = true;
    in_triple[state.Find(o)] = true;
  }
  for (size_t e = 0; e < state.entities.size(); ++e) {
    int root = state.Find(static_cast<int>(e));
    if (root != static_cast<int>(e)) continue;
    if (state.tentative.count(root) && !in_triple[root]) continue;
    if (state.unconfirmed.count(root) && !in_triple[root] && mention_count[root] < 2) continue;
    if (state.implied.count(root) && !in_triple[root] && mention_count[root] == 0) continue;
    out.entities.push_back(state.entities[root]);
  }
  for (size_t t = 0; t < state.triples.size(); ++t) {
    Triple triple = state.triples[t];
    triple.subject = state.entities[state.Find(state.triple_ends[t].first)].name;
    triple.object = state.entities[state.Find(state.triple_ends[t].second)].name;
    out.triples.push_back(std::move(triple));
  }
  if (lessons != nullptr) {
    lessons->learnt_entities_ = out.entities;
    for (size_t t = 0; t < out.triples.size(); ++t) {
      const Triple& triple = out.triples[t];
      if (triple.relation != Relation::kRepresents || triple.negated) continue;
      const auto& org = state.entities[state.Find(state.triple_ends[t].second)];
      lessons->learnt_roles_.emplace_back(triple.subject,
                                          ActorMemory::Role{org.name, org.type, triple.date});
    }
  }
  return out;
}

// --------------------------------------------------------- MemoryReader ---

const EntityMention* MemoryReader::Find(std::string_view surface) const {
  const EntityMention* found = memory_ != nullptr ? memory_->Find(surface) : nullptr;
  if (log_ != nullptr) {
    auto [it, inserted] = seen_finds_.emplace(std::string(surface), log_->finds_.size());
    if (inserted) {
      ActorMemoryLog::FindAnswer answer;
      answer.surface = it->first;
      answer.found = found != nullptr;
      if (found != nullptr) {
        answer.name = found->name;
        answer.type = found->type;
      }
      log_->finds_.push_back(std::move(answer));
    }
  }
  return found;
}

const ActorMemory::Role* MemoryReader::RoleOn(const std::string& person, Date date) const {
  const ActorMemory::Role* found = memory_ != nullptr ? memory_->RoleOn(person, date) : nullptr;
  if (log_ != nullptr) {
    std::string key = person + '\t' + date.ToString();
    auto [it, inserted] = seen_roles_.emplace(std::move(key), log_->roles_.size());
    if (inserted) {
      ActorMemoryLog::RoleAnswer answer;
      answer.person = person;
      answer.date = date;
      answer.found = found != nullptr;
      if (found != nullptr) {
        answer.organisation = found->organisation;
        answer.type = found->organisation_type;
      }
      log_->roles_.push_back(std::move(answer));
    }
  }
  return found;
}

// ------------------------------------------------------- ActorMemoryLog ---

bool ActorMemoryLog::Agrees(const ActorMemory& memory) const {
  for (const FindAnswer& answer : finds_) {
    const EntityMention* found = memory.Find(answer.surface);
    if ((found != nullptr) != answer.found) return false;
    if (found != nullptr && (found->type != answer.type || found->name != answer.name)) {
      return false;
    }
  }
  for (const RoleAnswer& answer : roles_) {
    const ActorMemory::Role* found = memory.RoleOn(answer.person, answer.date);
    if ((found != nullptr) != answer.found) return false;
    if (found != nullptr &&
        (found->organisation_type != answer.type || found->organisation != answer.organisation)) {
      return false;
    }
  }
  return true;
}

void ActorMemoryLog::Teach(ActorMemory* memory) const {
  for (const EntityMention& e : learnt_entities_) memory->Learn(e.name, e.type, e.mentions);
  for (const auto& [person, role] : learnt_roles_) memory->LearnRole(person, role);
}

// ------------------------------------------------------------ ActorMemory ---

void ActorMemory::Learn(const std::string& canonical, EntityType type,
                        const std::vector<std::string>& mentions) {
  auto add = [&](const std::string& surface) {
    std::string key = NameKey(surface);
    if (key.empty() || ambiguous_.count(key)) return;
    auto it = by_surface_.find(key);
    if (it == by_surface_.end()) {
      EntityMention em;
      em.name = canonical;
      em.type = type;
      by_surface_.emplace(key, std::move(em));
    } else if (NameKey(it->second.name) != NameKey(canonical)) {
      by_surface_.erase(it);
      ambiguous_[key] = 1;
    }
  };
  add(canonical);
  for (const auto& m : mentions) add(m);
  if (type == EntityType::kPerson) {
    // The surname alone: "Blinken" for "Antony Blinken".
    auto tokens = text::Tokenize(canonical);
    if (tokens.size() >= 2) add(tokens.back().text);
  }
}

void ActorMemory::LearnRole(const std::string& person, const Role& role) {
  auto& roles = roles_[NameKey(person)];
  for (const Role& r : roles) {
    if (r.organisation == role.organisation && r.date == role.date) return;
  }
  roles.push_back(role);
}

const ActorMemory::Role* ActorMemory::RoleOn(const std::string& person, Date date) const {
  auto it = roles_.find(NameKey(person));
  if (it == roles_.end() || it->second.empty()) return nullptr;
  const Role* before = nullptr;
  const Role* after = nullptr;
  for (const Role& r : it->second) {
    if (!date.known() || !r.date.known() || !(date < r.date)) {
      if (before == nullptr || before->date < r.date) before = &r;
    } else if (after == nullptr || r.date < after->date) {
      after = &r;
    }
  }
  return before != nullptr ? before : after;
}

Status SeedActorMemory(const Store& store, ActorMemory* memory) {
  std::vector<StoredEntity> people;
  Status st = store.ForEachEntity([&](const StoredEntity& entity) {
    if (entity.type == EntityType::kPerson) people.push_back(entity);
    return true;
  });
  if (!st.ok()) return st;
  TripleFilter roles_only;
  roles_only.relations = {Relation::kRepresents};
  for (const StoredEntity& person : people) {
    memory->Learn(person.name, person.type, person.aliases);
    std::vector<StoredTriple> roles;
    st = store.ScanOut(person.id, roles_only, [&](const StoredTriple& t) {
      if (!t.negated) roles.push_back(t);
      return true;
    });
    if (!st.ok()) return st;
    for (const StoredTriple& t : roles) {
      auto org = store.GetEntity(t.object);
      if (!org.ok()) return org.status();
      memory->LearnRole(person.name, {org->name, org->type, t.date});
    }
  }
  return Status::Ok();
}

const EntityMention* ActorMemory::Find(std::string_view surface) const {
  auto it = by_surface_.find(NameKey(surface));
  return it == by_surface_.end() ? nullptr : &it->second;
}

// ----------------------------------------------------------------- Output ---

void WriteRecordsJsonl(const ArticleExtraction& extraction, std::ostream& out) {
  using nlohmann::json;
  const Article& a = extraction.article;
  auto dump = [&](const json& j) {
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  };
  json article = {{"kind", "article"},
                  {"doc", a.id},
                  {"title", a.title},
                  {"date", a.date.known() ? json(a.date.ToString()) : json(nullptr)},
                  {"date_source", std::string(DateSourceName(a.date_source))}};
  dump(article);
  for (const auto& e : extraction.entities) {
    dump({{"kind", "entity"},
          {"doc", a.id},
          {"name", e.name},
          {"type", std::string(EntityTypeName(e.type))},
          {"mentions", e.mentions}});
  }
  for (const auto& t : extraction.triples) {
    dump({{"kind", "triple"},
          {"doc", a.id},
          {"subject", t.subject},
          {"relation", std::string(RelationName(t.relation))},
          {"object", t.object},
          {"predicate", t.predicate},
          {"negated", t.negated},
          {"date", t.date.known() ? json(t.date.ToString()) : json(nullptr)},
          {"sentence", t.sentence},
          {"evidence", t.evidence},
          {"confidence", t.confidence}});
  }
}

}  // namespace geokg
