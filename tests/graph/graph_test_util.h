// Helpers shared by the graph module's tests: building extractions tersely
// and temporary database folders.
#ifndef GEOKG_TESTS_GRAPH_GRAPH_TEST_UTIL_H_
#define GEOKG_TESTS_GRAPH_GRAPH_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geokg/graph.h"

namespace geokg {
namespace testing_util {

struct E {
  std::string name;
  EntityType type;
  std::vector<std::string> mentions;
};

struct T {
  std::string subject;
  Relation relation;
  std::string object;
  uint32_t date = 0;  // yyyymmdd, 0 = unknown.
  bool negated = false;
};

inline ArticleExtraction MakeExtraction(const std::string& id, const std::string& text,
                                        uint32_t date, const std::vector<E>& entities,
                                        const std::vector<T>& triples) {
  ArticleExtraction x;
  x.article.id = id;
  x.article.title = "Title of " + id;
  x.article.text = text;
  x.article.date.yyyymmdd = date;
  x.article.date_source = date ? DateSource::kMetadata : DateSource::kUnknown;
  for (const E& e : entities) x.entities.push_back(EntityMention{e.name, e.type, e.mentions});
  int sentence = 0;
  for (const T& t : triples) {
    Triple triple;
    triple.subject = t.subject;
    triple.relation = t.relation;
    triple.object = t.object;
    triple.date.yyyymmdd = t.date;
    triple.negated = t.negated;
    triple.sentence = sentence++;
    triple.predicate = std::string(RelationName(t.relation)) + "d";
    triple.evidence = t.subject + " " + triple.predicate + " " + t.object + ".";
    triple.confidence = 0.8f;
    x.triples.push_back(triple);
  }
  return x;
}

// A fresh folder under the test temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "geokg_graph_XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string db() const { return path_ + "/db"; }

 private:
  std::string path_;
};

}  // namespace testing_util
}  // namespace geokg

#endif  // GEOKG_TESTS_GRAPH_GRAPH_TEST_UTIL_H_
