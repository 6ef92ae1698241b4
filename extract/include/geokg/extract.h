// geokg extract module: articles in, entities and dated triples out.
//
// The one public header of the extract module. Reading (files, folders, JSON
// Lines feeds, stdin) and extraction are separate steps so that a caller can
// stream millions of articles with bounded memory.
//
// Thread safety: an Extractor is immutable after Create() and may serve many
// threads at once. An ActorMemory is not synchronised: give each thread its
// own, or guard it.
#ifndef GEOKG_EXTRACT_H_
#define GEOKG_EXTRACT_H_

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "geokg/graph.h"

namespace geokg {

// ------------------------------------------------------------- Reading ---

// A piece of input that could not be read as an article. `where` names the
// file and, for feeds, the line ("feed.jsonl:12"); `reason` says why
// ("invalid UTF-8 at byte 1043", "malformed JSON: ...", "empty file").
struct ReadProblem {
  std::string where;
  std::string reason;
  std::string ToString() const { return where + ": " + reason; }
};

struct ReadOptions {
  // Articles larger than this are reported and skipped. Default: 16 MiB.
  size_t max_article_bytes = 16u << 20;
};

// Progress of a read, for a progress line on a terminal.
struct ReadProgress {
  size_t files_done = 0;
  size_t files_total = 0;  // Known after the paths are expanded.
  size_t articles = 0;
  size_t problems = 0;
};

using ArticleSink = std::function<void(Article&&)>;
using ProblemSink = std::function<void(const ReadProblem&)>;

// Reads every article under `paths`, in order, and carries on past bad input:
//   - "x.txt" (or any non-.jsonl file): one plain-text article, id = path;
//   - "x.jsonl": one article per line ({"id","date","title","text"});
//   - a folder: its .txt and .jsonl files, recursively, in sorted order;
//   - "-": `stdin_stream`, read as JSON Lines when its first non-blank byte
//     is '{', else as one plain-text article with id "<stdin>".
// Plain-text articles get their title and date from the scraped header (see
// ArticleFromText). Fails only when a path does not exist at all is NOT a
// failure: that is a ReadProblem too. The returned Status is not ok only when
// the sinks cannot be called at all (no paths given).
Status ReadArticles(const std::vector<std::string>& paths, std::istream& stdin_stream,
                    const ReadOptions& options, const ArticleSink& on_article,
                    const ProblemSink& on_problem,
                    const std::function<void(const ReadProgress&)>& on_progress = nullptr);

// Builds an article from scraped plain text: finds the title (the first
// line that reads like a headline, skipping ticker and byline lines) and the
// publication date ("Published 30 Nov, 2023 04:53am", "date 2023-11-30",
// "November 30, 2023"). The text is kept as given.
Article ArticleFromText(std::string id, std::string text, std::string origin);

// Parses one JSON Lines record into an article. `where` is used in problems.
Result<Article> ArticleFromJsonLine(std::string_view line, const std::string& where);

// ------------------------------------------------------------- Records ---

// Receives each article read. ReadRecords fills the object it passes for
// the next article again, reusing whatever strings and vectors it then
// holds: a sink that moves the article out may move a spent
// ArticleExtraction in, so that a long load does not allocate its records
// anew (its values are all overwritten).
using ExtractionSink = std::function<void(ArticleExtraction&&)>;

// Reads extraction records back (the output of WriteRecordsJsonl, `geokg
// extract --format jsonl`, or make_corpus.py records): one JSON object a
// line, from files or "-" (`stdin_stream`), in order.
//   - {"kind":"article","id","date","title"} (optional; "doc" may stand for
//     "id", "date_source" is kept) starts an article;
//   - "entity" and "triple" records of the output contract follow; one whose
//     "doc" differs from the current article's starts a new article, dated
//     by its first triple. An article's lines must be contiguous.
// Records carry no text: the article's text (hence its content hash) is its
// triples' evidence sentences joined by spaces, so loading the same records
// again is unchanged and a changed extraction replaces the article.
// A bad line (broken JSON, unknown kind or relation, missing field, bad
// date, a triple naming no entity record of its article seen before it,
// confidence outside [0, 1]) is reported as "FILE:LINE" with the reason and
// skipped; the rest of its article is kept, so that the store does not
// reject a whole article for one bad line. A missing file is reported as
// "FILE". Not ok only when no path is given or memory runs out.
Status ReadRecords(const std::vector<std::string>& paths, std::istream& stdin_stream,
                   const ExtractionSink& on_article, const ProblemSink& on_problem,
                   const std::function<void(const ReadProgress&)>& on_progress = nullptr);

// Called after an article was appended to `chunk` (its last article). The
// sink may take the articles by swapping *chunk with an empty chunk
// (FlatChunk::Clear keeps the buffers, which the reader then fills again);
// otherwise the next article is appended after it.
using FlatChunkSink = std::function<void(FlatChunk* chunk)>;

// ReadRecords into a flat chunk (geokg/graph.h FlatChunk, for
// Store::BulkLoad): the same articles, with the same problems reported at
// the same points, each appended to *chunk, its triples naming its entity
// records by index; FlatChunk::Extraction of an article is the
// ArticleExtraction ReadRecords gives. Whatever the sink left in *chunk
// stays there.
Status ReadRecordsFlat(const std::vector<std::string>& paths, std::istream& stdin_stream,
                       FlatChunk* chunk, const FlatChunkSink& on_article,
                       const ProblemSink& on_problem,
                       const std::function<void(const ReadProgress&)>& on_progress = nullptr);

// ----------------------------------------------------------- Extraction ---

// Surface forms of actors seen in earlier articles of a run (or loaded from
// the store), so that "Blinken" alone resolves to "Antony Blinken".
class ActorMemoryLog;
class MemoryReader;  // Internal (extract/src/analysis.h).

class ActorMemory {
 public:
  // A role stated in some article: `person` represents `organisation` as of
  // `date` ("US Secretary of State Antony Blinken" on 2023-11-30).
  struct Role {
    std::string organisation;
    EntityType organisation_type = EntityType::kGpe;
    Date date;
  };

  // Records an entity and its surface forms.
  void Learn(const std::string& canonical, EntityType type,
             const std::vector<std::string>& mentions);
  // Records a role of a person (by canonical name).
  void LearnRole(const std::string& person, const Role& role);
  // The canonical name and type for a surface form, case-insensitive, or
  // nullptr. A surname that names two different people is not resolved.
  const EntityMention* Find(std::string_view surface) const;
  // The person's role on `date`: the latest one stated on or before it, else
  // the earliest stated after it; nullptr when none is known.
  const Role* RoleOn(const std::string& person, Date date) const;
  size_t size() const { return by_surface_.size(); }

 private:
  std::unordered_map<std::string, EntityMention> by_surface_;  // Normalised key.
  std::unordered_map<std::string, int> ambiguous_;
  std::unordered_map<std::string, std::vector<Role>> roles_;  // Normalised person key.
};

// What one extraction asked an ActorMemory, with the answers, and what the
// article teaches it. Parallel extraction (cli/parallel_extract.h) extracts
// against per-thread copies of the memory that may lag behind, then, in
// input order: when Agrees() with the up-to-date memory, the extraction is
// exactly what the up-to-date memory would have given (an extraction reads
// the memory only through the recorded lookups); Teach() then updates it.
// Plain values: one thread at a time.
class ActorMemoryLog {
 public:
  // True when `memory` answers every recorded lookup as recorded: the same
  // canonical name and type for each Find, the same organisation and type
  // for each RoleOn.
  bool Agrees(const ActorMemory& memory) const;
  // Learns what the article taught, as Extract(article, &memory) does at its
  // end: its entities, then the roles its `represents` triples state.
  void Teach(ActorMemory* memory) const;
  // Distinct lookups recorded.
  size_t lookups() const { return finds_.size() + roles_.size(); }

 private:
  friend class MemoryReader;  // Records the lookups (extract/src/analysis.h).
  friend class Extractor;     // Records the lessons.
  struct FindAnswer {
    std::string surface;
    bool found = false;
    std::string name;
    EntityType type = EntityType::kOther;
  };
  struct RoleAnswer {
    std::string person;
    Date date;
    bool found = false;
    std::string organisation;
    EntityType type = EntityType::kOther;
  };
  std::vector<FindAnswer> finds_;
  std::vector<RoleAnswer> roles_;
  std::vector<EntityMention> learnt_entities_;
  std::vector<std::pair<std::string, ActorMemory::Role>> learnt_roles_;  // Person, role.
};

// Loads the people of a store and their `represents` roles into `memory`,
// so that a later article resolves "Blinken" and what he speaks for.
Status SeedActorMemory(const Store& store, ActorMemory* memory);

struct ExtractorOptions {
  // Folder holding gazetteer.tsv and lexicon.tsv. Default "": $GEOKG_DATA,
  // then ../share/geokg and ./data next to the binary, then the source tree.
  std::string data_dir;
  // Parse sentences with the dependency parser (data/models/en_ewt.gkdp) and
  // read event arguments off the trees; false = surface rules only.
  bool parse = true;
  // Model file; "" = models/en_ewt.gkdp in the data folder.
  std::string model_path;
};

class Extractor {
 public:
  // Loads the data files and (with `parse`) the parser model. Fails with
  // NotFound or Corruption naming the file.
  static Result<std::unique_ptr<Extractor>> Create(const ExtractorOptions& options = {});
  ~Extractor();

  // Finds entities and triples in one article. `memory` may be null; when
  // given, it resolves names from earlier articles and learns this article's.
  ArticleExtraction Extract(const Article& article, ActorMemory* memory) const;

  // The same extraction, but `memory` is only read: `log` (cleared first)
  // receives every lookup made with its answer, and what the article teaches
  // (ActorMemoryLog::Teach). Extract(article, &memory) equals this followed
  // by log->Teach(&memory). `memory` must not change during the call.
  ArticleExtraction Extract(const Article& article, const ActorMemory& memory,
                            ActorMemoryLog* log) const;

 private:
  Extractor();
  // The pipeline: reads the memory through `reader`; fills `lessons` (what
  // the article teaches) when not null.
  ArticleExtraction Run(const Article& article, const MemoryReader& reader,
                        ActorMemoryLog* lessons) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writes the records of the output contract (../shared/eval/README.md):
// one "entity" line per entity, one "triple" line per triple.
void WriteRecordsJsonl(const ArticleExtraction& extraction, std::ostream& out);

// ---------------------------------------------------- Dependency parsing ---

// The path of a data file ("models/en_ewt.gkdp") in the first folder that
// has it: $GEOKG_DATA, then ../share/geokg, ./data and ../data next to the
// binary, then the source tree's data/. NotFound naming the places tried.
Result<std::string> FindDataFile(const std::string& name);

// Accuracy and speed of the tagger and parser on gold-tokenised sentences.
// Every word counts, punctuation included. Shares are in [0, 1].
struct ParseScores {
  size_t sentences = 0;
  size_t tokens = 0;
  double upos = 0;               // Right UPOS.
  double uas = 0;                // Right head.
  double las = 0;                // Right head and full label ("nmod:poss").
  double seconds = 0;            // Tagging and parsing alone, one thread.
  double tokens_per_second = 0;  // tokens / seconds.
};

// The English tagger and dependency parser (docs/parser.md) for callers
// outside the extract module. Immutable after Load(); safe to share across
// threads.
class DependencyParser {
 public:
  // Loads a model file (default: FindDataFile("models/en_ewt.gkdp")).
  // NotFound when absent, Corruption when damaged or of another version.
  static Result<std::unique_ptr<DependencyParser>> Load(const std::string& path);
  ~DependencyParser();

  // Splits `text` into sentences and tokens as the extractor does, tags and
  // parses them, and writes CoNLL-U: "# sent_id" and "# text" comments, ten
  // columns per word (LEMMA, FEATS and DEPS are "_", MISC holds
  // "SpaceAfter=No" where no space follows), a blank line after each
  // sentence. Returns the number of sentences written.
  size_t WriteConllu(std::string_view text, std::ostream& out) const;

  // Tags and parses the gold-tokenised CoNLL-U file at `path` and compares
  // with its annotation. NotFound/IOError when unreadable, Corruption when
  // malformed.
  Result<ParseScores> Evaluate(const std::string& path) const;

  // Decode with a beam of `width` states (1 = greedy) instead of the width
  // stored in the model file (the width it was trained with; 1 for greedy
  // models, which decode badly with a beam). Call before sharing across
  // threads.
  void SetBeamWidth(int width);

 private:
  DependencyParser();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace geokg

#endif  // GEOKG_EXTRACT_H_
