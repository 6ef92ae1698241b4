// ReadRecordsParallel: the same calls to the sinks, in the same order, with
// the same values (origins and problem lines included) as ReadRecords, for
// inputs cut into segments of many sizes: bad lines at the cuts, articles
// repeated, very long lines, files without a final newline, one-line and
// empty files, several files.
#include "parallel_records.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace geokg::cli {
namespace {

// Every field of an article, for comparing.
std::string Dump(const ArticleExtraction& x) {
  std::ostringstream out;
  const Article& a = x.article;
  out << "A " << a.id << '|' << a.title << '|' << a.date.ToString() << '|'
      << static_cast<int>(a.date_source) << '|' << a.text << '|' << a.origin;
  for (const EntityMention& e : x.entities) {
    out << "\n  E " << e.name << '|' << static_cast<int>(e.type);
    for (const std::string& m : e.mentions) out << '|' << m;
  }
  for (const Triple& t : x.triples) {
    out << "\n  T " << t.subject << '|' << static_cast<int>(t.relation) << '|' << t.object << '|'
        << t.predicate << '|' << t.negated << '|' << t.date.ToString() << '|' << t.sentence << '|'
        << t.evidence << '|' << t.confidence;
  }
  return out.str();
}

// The calls to the sinks, in order.
std::vector<std::string> Serial(const std::vector<std::string>& paths,
                                const std::string& stdin_text) {
  std::istringstream in(stdin_text);
  std::vector<std::string> events;
  Status s = ReadRecords(
      paths, in, [&](ArticleExtraction&& x) { events.push_back(Dump(x)); },
      [&](const ReadProblem& p) { events.push_back("P " + p.where + "|" + p.reason); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return events;
}

std::vector<std::string> Parallel(const std::vector<std::string>& paths,
                                  const std::string& stdin_text,
                                  const ParallelRecordsOptions& options) {
  std::istringstream in(stdin_text);
  std::vector<std::string> events;
  Status s = ReadRecordsParallel(
      paths, in, options, [&](ArticleExtraction&& x) { events.push_back(Dump(x)); },
      [&](const ReadProblem& p) { events.push_back("P " + p.where + "|" + p.reason); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return events;
}

std::string Article(const std::string& id) {
  return R"({"kind":"article","id":")" + id + R"(","date":"2023-11-30","title":"T )" + id + "\"}";
}
std::string Entity(const std::string& doc, const std::string& name) {
  return R"({"kind":"entity","doc":")" + doc + R"(","name":")" + name +
         R"(","type":"GPE","mentions":[")" + name + "\"]}";
}
std::string TripleLine(const std::string& doc, const std::string& s, const std::string& o,
                       const std::string& evidence = "E.") {
  return R"({"kind":"triple","doc":")" + doc + R"(","subject":")" + s +
         R"(","relation":"accuse","object":")" + o +
         R"(","predicate":"accused","date":"2023-11-30","sentence":1,"evidence":")" + evidence +
         R"(","confidence":0.9})";
}

std::string Join(const std::vector<std::string>& lines, const std::string& eol = "\n",
                 bool final_eol = true) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || final_eol) out += eol;
  }
  return out;
}

// A random mix of good articles (with and without article lines), bad lines
// of every kind, repeated ids and blank lines.
std::string Mixed(unsigned seed, int articles) {
  std::mt19937 rng(seed);
  std::vector<std::string> lines;
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int a = 0; a < articles; ++a) {
    // Some ids repeat right after themselves or a few articles later.
    const std::string id = "a" + std::to_string(pick(4) == 0 ? a / 3 : a);
    if (pick(3) != 0)
      lines.push_back(pick(10) == 0 ? R"({"kind":"article","id":""})" : Article(id));
    const int entities = 1 + pick(3);
    for (int e = 0; e < entities; ++e) lines.push_back(Entity(id, "N" + std::to_string(e)));
    for (int t = 0; t < pick(4); ++t) {
      switch (pick(8)) {
        case 0:
          lines.push_back(R"({"kind":"triple","doc":)");
          break;  // Broken JSON.
        case 1:
          lines.push_back(TripleLine(id, "N0", "Nobody"));
          break;
        case 2:
          lines.push_back("");
          break;
        case 3:
          lines.push_back(R"({"kind":"event","doc":")" + id + "\"}");
          break;
        case 4:
          lines.push_back(Article(id));
          break;  // The same article again.
        default:
          lines.push_back(TripleLine(id, "N0", "N" + std::to_string(pick(entities)),
                                     "Sentence " + std::to_string(t) + "."));
      }
    }
  }
  return Join(lines);
}

struct Case {
  std::string name;
  std::string input;
};

std::vector<Case> Cases() {
  const std::string long_evidence(3 << 20, 'x');  // Longer than a probed line.
  std::vector<Case> cases = {
      {"empty file", ""},
      {"one line", Article("a1")},
      {"one line with a newline", Article("a1") + "\n"},
      {"one bad line", "{\"kind\":\n"},
      {"blank lines only", "\n\n  \n\n"},
      {"article lines",
       Join({Article("a1"), Entity("a1", "US"), Entity("a1", "Russia"),
             TripleLine("a1", "US", "Russia"), Article("a2"), Entity("a2", "China"),
             TripleLine("a2", "China", "China"), Article("a3"), Entity("a3", "US")})},
      {"no article lines",
       Join({Entity("a1", "US"), Entity("a1", "Russia"), TripleLine("a1", "US", "Russia"),
             Entity("a2", "China"), TripleLine("a2", "China", "China"), Entity("a3", "US"),
             TripleLine("a3", "US", "US")})},
      {"an article's lines split by bad lines",
       Join({Entity("a1", "US"), "{bad", Entity("a1", "Russia"), R"({"kind":"article","id":""})",
             TripleLine("a1", "US", "Russia"), Entity("a2", "China"), "[1]",
             TripleLine("a2", "China", "US"), TripleLine("a2", "China", "China")})},
      {"the same article twice in a row",
       Join({Article("a1"), Entity("a1", "US"), Article("a1"), Entity("a1", "Russia"),
             TripleLine("a1", "US", "Russia"), Entity("a1", "US"), TripleLine("a1", "US", "US")})},
      {"a very long line",
       Join({Article("a1"), Entity("a1", "US"), TripleLine("a1", "US", "US", long_evidence),
             Article("a2"), Entity("a2", "US"), TripleLine("a2", "US", "US"),
             TripleLine("a2", "US", "US", long_evidence), Entity("a3", "US")})},
      {"no final newline",
       Join({Article("a1"), Entity("a1", "US"), Article("a2"), Entity("a2", "US")}, "\n", false)},
      {"CRLF lines",
       Join({Article("a1"), Entity("a1", "US"), Article("a2"), "{bad", Entity("a2", "US")},
            "\r\n")},
  };
  for (unsigned seed = 1; seed <= 4; ++seed) {
    cases.push_back({"mixed " + std::to_string(seed), Mixed(seed, 40)});
  }
  return cases;
}

class ParallelRecordsTest : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("geokg-parallel-records-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_P(ParallelRecordsTest, SameCallsAsReadRecordsForAnySegmentSize) {
  const Case& c = GetParam();
  const std::string path = Write("records.jsonl", c.input);
  const std::vector<std::string> serial = Serial({path}, "");
  for (size_t segment : {size_t{1}, size_t{2}, size_t{5}, size_t{37}, size_t{100}, size_t{300},
                         size_t{4096}, size_t{1} << 21}) {
    for (size_t in_flight : {size_t{1}, size_t{3}}) {
      ParallelRecordsOptions options;
      options.threads = 2;
      options.segment_bytes = segment;
      options.max_in_flight = in_flight;
      EXPECT_EQ(Parallel({path}, "", options), serial)
          << "segment " << segment << ", in flight " << in_flight;
    }
  }
}

TEST_P(ParallelRecordsTest, SeveralFilesStdinAndMissingFiles) {
  const Case& c = GetParam();
  const std::string a = Write("a.jsonl", c.input);
  const std::string b = Write("b.jsonl", Mixed(9, 10));
  const std::vector<std::string> paths = {a, "-", (dir_ / "missing.jsonl").string(), dir_.string(),
                                          b, a};
  const std::string stdin_text = Join({Article("s1"), Entity("s1", "US"), "{bad"});
  ParallelRecordsOptions options;
  options.segment_bytes = 64;
  EXPECT_EQ(Parallel(paths, stdin_text, options), Serial(paths, stdin_text));
}

INSTANTIATE_TEST_SUITE_P(Inputs, ParallelRecordsTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name;
                           for (char ch : info.param.name) {
                             name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return name;
                         });

TEST(ParallelRecords, NoPathIsAnError) {
  std::istringstream in;
  EXPECT_FALSE(
      ReadRecordsParallel(
          {}, in, ParallelRecordsOptions(), [](ArticleExtraction&&) {}, [](const ReadProblem&) {})
          .ok());
}

}  // namespace
}  // namespace geokg::cli
