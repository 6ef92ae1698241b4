// The extraction records of make_corpus.py (bench/README.md), read one
// article at a time: shared by the ingest, sqlite and rocks-sst benchmarks so
// that they all read the same file the same way.
//
// Thread safety: a RecordReader is used from one thread.
#ifndef GEOKG_BENCH_RECORDS_H_
#define GEOKG_BENCH_RECORDS_H_

#include <cstddef>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "geokg/graph.h"

namespace geokg::bench {

// Reads the extraction records of make_corpus.py (or `geokg extract --format
// jsonl`, which has no "article" lines) and hands over one ArticleExtraction
// per article: the lines of an article are contiguous and a new "doc" (or an
// "article" line) starts the next one.
class RecordReader {
 public:
  explicit RecordReader(const std::string& path) : path_(path), in_(path) {}

  bool is_open() const { return in_.is_open(); }

  // Sets *more to false at the end of the file. The article text is the
  // evidence sentences joined by spaces, so that every article has its own
  // content hash, as extracted articles do.
  Status Next(ArticleExtraction* extraction, bool* more) {
    *more = false;
    if (!pending_.has_value()) {
      Status s = ReadLine();
      if (!s.ok()) return s;
      if (!pending_.has_value()) return Status::Ok();
    }
    ArticleExtraction current;
    bool started = false;
    while (pending_.has_value()) {
      nlohmann::json record = std::move(*pending_);
      pending_.reset();
      std::string kind = record.value("kind", "");
      std::string doc = kind == "article" ? record.value("id", "") : record.value("doc", "");
      if (started && (kind == "article" || doc != current.article.id)) {
        pending_ = std::move(record);  // The next article's first line.
        break;
      }
      if (!started) {
        started = true;
        current.article.id = doc;
        current.article.origin = path_ + ":" + std::to_string(line_number_);
      }
      Status s = Apply(record, kind, &current);
      if (!s.ok()) return s;
      s = ReadLine();
      if (!s.ok()) return s;
    }
    for (const Triple& t : current.triples) {
      if (!current.article.text.empty()) current.article.text += ' ';
      current.article.text += t.evidence;
    }
    if (!current.article.date.known() && !current.triples.empty()) {
      current.article.date = current.triples.front().date;
    }
    *extraction = std::move(current);
    *more = true;
    return Status::Ok();
  }

 private:
  Status Fail(const std::string& reason) const {
    return Status::InvalidArgument(path_ + ":" + std::to_string(line_number_) + ": " + reason);
  }

  // Reads the next non-blank line into pending_; leaves it empty at the end.
  Status ReadLine() {
    std::string line;
    while (std::getline(in_, line)) {
      ++line_number_;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      try {
        pending_ = nlohmann::json::parse(line);
      } catch (const nlohmann::json::exception& e) {
        return Fail(std::string("malformed JSON: ") + e.what());
      }
      if (!pending_->is_object()) return Fail("not a JSON object");
      return Status::Ok();
    }
    if (in_.bad()) return Status::IOError("cannot read " + path_);
    return Status::Ok();
  }

  static Result<Date> DateOf(const nlohmann::json& record) {
    auto it = record.find("date");
    if (it == record.end() || it->is_null()) return Date();
    if (!it->is_string()) return Status::InvalidArgument("date is not a string");
    return Date::Parse(it->get<std::string>());
  }

  Status Apply(const nlohmann::json& record, const std::string& kind,
               ArticleExtraction* current) const {
    try {
      Result<Date> date = DateOf(record);
      if (!date.ok()) return Fail(date.status().message());
      if (kind == "article") {
        current->article.title = record.value("title", "");
        current->article.date = *date;
        current->article.date_source = date->known() ? DateSource::kMetadata : DateSource::kUnknown;
      } else if (kind == "entity") {
        EntityMention entity;
        entity.name = record.at("name").get<std::string>();
        if (!ParseEntityType(record.value("type", "OTHER"), &entity.type)) {
          entity.type = EntityType::kOther;  // LOC and the like: allowed, not scored.
        }
        entity.mentions = record.value("mentions", std::vector<std::string>());
        current->entities.push_back(std::move(entity));
      } else if (kind == "triple") {
        Triple t;
        t.subject = record.at("subject").get<std::string>();
        t.object = record.at("object").get<std::string>();
        std::string relation = record.at("relation").get<std::string>();
        if (!ParseRelation(relation, &t.relation)) return Fail("unknown relation " + relation);
        t.predicate = record.value("predicate", "");
        t.negated = record.value("negated", false);
        t.date = *date;
        t.sentence = record.value("sentence", 0);
        t.evidence = record.value("evidence", "");
        t.confidence = record.value("confidence", 0.5f);
        current->triples.push_back(std::move(t));
      } else {
        return Fail("unknown record kind \"" + kind + "\"");
      }
    } catch (const nlohmann::json::exception& e) {
      return Fail(std::string("bad record: ") + e.what());
    }
    return Status::Ok();
  }

  std::string path_;
  std::ifstream in_;
  size_t line_number_ = 0;
  std::optional<nlohmann::json> pending_;
};

}  // namespace geokg::bench

#endif  // GEOKG_BENCH_RECORDS_H_
