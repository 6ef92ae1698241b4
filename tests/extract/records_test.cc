// ReadRecords: extraction records back into ArticleExtraction values, and
// bad lines reported by file:line while the rest goes on.
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "geokg/extract.h"

namespace geokg {
namespace {

struct Read {
  std::vector<ArticleExtraction> articles;
  std::vector<ReadProblem> problems;
};

Read ReadStdin(const std::string& input) {
  std::istringstream in(input);
  Read read;
  Status s = ReadRecords(
      {"-"}, in, [&](ArticleExtraction&& x) { read.articles.push_back(std::move(x)); },
      [&](const ReadProblem& p) { read.problems.push_back(p); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return read;
}

// One article in short: "id|title|date|entities|triples|text".
std::string Summary(const ArticleExtraction& x) {
  return x.article.id + "|" + x.article.title + "|" + x.article.date.ToString() + "|" +
         std::to_string(x.entities.size()) + "|" + std::to_string(x.triples.size()) + "|" +
         x.article.text;
}

const char kArticle[] = R"({"kind":"article","id":"a1","date":"2023-11-30","title":"T"})";
const char kUs[] =
    R"({"kind":"entity","doc":"a1","name":"United States","type":"GPE","mentions":["US"]})";
const char kRussia[] = R"({"kind":"entity","doc":"a1","name":"Russia","type":"GPE"})";
const char kTriple[] =
    R"({"kind":"triple","doc":"a1","subject":"United States","relation":"accuse",)"
    R"("object":"Russia","predicate":"accused","negated":false,"date":"2023-11-30",)"
    R"("sentence":2,"evidence":"US accused Russia.","confidence":0.9})";

struct Case {
  std::string name;
  std::vector<std::string> lines;
  std::vector<std::string> articles;  // Summaries.
  // "LINE: reason substring", LINE counted from 1 in <stdin>.
  std::vector<std::string> problems;
};

std::vector<Case> Cases() {
  return {
      {"article line, entities, triple",
       {kArticle, kUs, kRussia, kTriple},
       {"a1|T|2023-11-30|2|1|US accused Russia."},
       {}},
      {"no article line: doc names the article, first triple dates it",
       {kUs, kRussia, kTriple},
       {"a1||2023-11-30|2|1|US accused Russia."},
       {}},
      {"extract's article line uses doc and date_source",
       {R"({"kind":"article","doc":"a1","title":"T","date":null,"date_source":"unknown"})", kUs},
       {"a1|T||1|0|"},
       {}},
      {"a new doc starts the next article; blank lines are skipped",
       {kUs, "", "   ", R"({"kind":"entity","doc":"a2","name":"China","type":"GPE"})"},
       {"a1|||1|0|", "a2|||1|0|"},
       {}},
      {"an article line without records is an article",
       {kArticle, R"({"kind":"article","id":"a2"})"},
       {"a1|T|2023-11-30|0|0|", "a2|||0|0|"},
       {}},
      {"broken JSON is reported, the rest of the article kept",
       {kArticle, kUs, R"({"kind":"entity","doc":"a1","name":)", kRussia, kTriple},
       {"a1|T|2023-11-30|2|1|US accused Russia."},
       {"3: malformed JSON"}},
      {"unknown kind",
       {kArticle, R"({"kind":"event","doc":"a1"})"},
       {"a1|T|2023-11-30|0|0|"},
       {"2: unknown record kind \"event\""}},
      {"missing fields",
       {kUs, R"({"kind":"entity","doc":"a1"})", R"({"doc":"a1","name":"X"})",
        R"({"kind":"entity","name":"X"})",
        R"({"kind":"triple","doc":"a1","subject":"United States","object":"United States"})"},
       {"a1|||1|0|"},
       {"2: entity without \"name\"", "3: no \"kind\"", "4: no \"doc\"",
        "5: triple without \"relation\""}},
      {"a triple naming an unknown entity",
       {kArticle, kUs, kTriple},
       {"a1|T|2023-11-30|1|0|"},
       {"3: triple names \"Russia\""}},
      {"names match case-insensitively",
       {kUs, R"({"kind":"entity","doc":"a1","name":"Russia"})",
        R"({"kind":"triple","doc":"a1","subject":"united  STATES","relation":"agree","object":"russia"})"},
       {"a1|||2|1|"},
       {}},
      {"bad dates",
       {R"({"kind":"article","id":"a1","date":"2023-02-30"})", kUs, kRussia,
        R"({"kind":"triple","doc":"a1","subject":"Russia","relation":"agree","object":"Russia","date":"soon"})"},
       {"a1|||2|0|"},
       {"1: bad date \"2023-02-30\"", "4: bad date \"soon\""}},
      {"bad values",
       {kUs, R"({"kind":"triple","doc":"a1","subject":"US","relation":"aid","object":"US"})",
        R"({"kind":"triple","doc":"a1","subject":"United States","relation":"hug","object":"United States"})",
        R"({"kind":"triple","doc":"a1","subject":"United States","relation":"aid","object":"United States","confidence":1.5})",
        R"({"kind":"triple","doc":"a1","subject":"United States","relation":"aid","object":"United States","sentence":-1})",
        R"({"kind":"triple","doc":"a1","subject":"United States","relation":"aid","object":"United States","negated":"no"})",
        R"({"kind":"entity","doc":"a1","name":"  "})", R"([1,2])", R"({"kind":7})"},
       {"a1|||1|0|"},
       {"2: triple names \"US\"", "3: unknown relation \"hug\"", "4: confidence outside [0, 1]",
        "5: sentence is not a non-negative integer", "6: bad record: \"negated\"",
        "7: entity with an empty name", "8: malformed JSON", "9: bad record: \"kind\""}},
      {"escapes, unicode and extra fields",
       {R"({"kind":"article","id":"a\u00e9\ud83d\ude00","title":"say \"hi\"\n","x":{"y":[1,{"z":null}]},"n":-1.5e3})"},
       {"a\xC3\xA9\xF0\x9F\x98\x80|say \"hi\"\n||0|0|"},
       {}},
      {"strict JSON",
       {R"({"kind":"article","id":"a1",})", R"({"kind":"article","id":"a1"} x)",
        R"({"kind":"article","id":"\ud800"})", "{\"kind\":\"article\",\"id\":\"\xff\"}",
        R"({"kind":"article","id":"a1","n":01})", R"({'kind':'article'})"},
       {},
       {"1: malformed JSON", "2: malformed JSON", "3: malformed JSON", "4: malformed JSON",
        "5: malformed JSON", "6: malformed JSON"}},
      {"unknown entity types are OTHER",
       {R"({"kind":"entity","doc":"a1","name":"Alps","type":"LOC"})"},
       {"a1|||1|0|"},
       {}},
  };
}

// Names the case in test output instead of its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class ReadRecordsTest : public ::testing::TestWithParam<Case> {};

TEST_P(ReadRecordsTest, GroupsAndReports) {
  const Case& c = GetParam();
  std::string input;
  for (const std::string& line : c.lines) input += line + "\n";
  Read read = ReadStdin(input);
  std::vector<std::string> summaries;
  for (const ArticleExtraction& x : read.articles) summaries.push_back(Summary(x));
  EXPECT_EQ(summaries, c.articles);
  ASSERT_EQ(read.problems.size(), c.problems.size());
  for (size_t i = 0; i < c.problems.size(); ++i) {
    const std::string& want = c.problems[i];
    const std::string line = want.substr(0, want.find(':'));
    EXPECT_EQ(read.problems[i].where, "<stdin>:" + line) << read.problems[i].ToString();
    EXPECT_NE(read.problems[i].reason.find(want.substr(want.find(':') + 2)), std::string::npos)
        << read.problems[i].ToString() << " wanted " << want;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ReadRecordsTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name;
                           for (char c : info.param.name) name += std::isalnum(c) ? c : '_';
                           return name;
                         });

// Every field of an article, for comparing two reads event by event.
std::string Describe(const ArticleExtraction& x) {
  std::string d = "A " + Summary(x) + "|" + x.article.origin + "|" +
                  std::to_string(static_cast<int>(x.article.date_source)) + "\n";
  for (const EntityMention& e : x.entities) {
    d += "E " + e.name + "|" + std::to_string(static_cast<int>(e.type));
    for (const std::string& m : e.mentions) d += "|" + m;
    d += "\n";
  }
  for (const Triple& t : x.triples) {
    d += "T " + t.subject + "|" + std::to_string(static_cast<int>(t.relation)) + "|" + t.object +
         "|" + t.predicate + "|" + std::to_string(t.negated) + "|" + t.date.ToString() + "|" +
         std::to_string(t.sentence) + "|" + t.evidence + "|" + std::to_string(t.confidence) + "\n";
  }
  return d;
}

// A records file and standard input are read alike: the same articles and
// problems, in the same order, with the same line numbers, for every case,
// with and without the final newline and with CRLF line ends.
TEST_P(ReadRecordsTest, FileReadsAsStdin) {
  const Case& c = GetParam();
  // One file per case and process: ctest runs the cases in parallel.
  std::string name;
  for (char ch : c.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  const std::string path =
      ::testing::TempDir() + "records_test_" + name + "_" + std::to_string(::getpid()) + ".jsonl";
  for (const std::string end : {"\n", "\r\n", "no final newline"}) {
    SCOPED_TRACE(end);
    std::string input;
    for (size_t i = 0; i < c.lines.size(); ++i) {
      input += c.lines[i];
      if (end != "no final newline") {
        input += end;
      } else if (i + 1 < c.lines.size()) {
        input += "\n";
      }
    }
    {
      std::ofstream out(path, std::ios::binary);
      out << input;
    }
    std::vector<std::string> from_stdin;
    std::vector<std::string> from_file;
    for (const auto& [source, target] :
         {std::pair{std::string("-"), &from_stdin}, std::pair{path, &from_file}}) {
      // A plain variable: lambdas may not capture structured bindings in C++17.
      std::vector<std::string>* events = target;
      std::istringstream in(input);
      Status s = ReadRecords(
          {source}, in, [&](ArticleExtraction&& x) { events->push_back(Describe(x)); },
          [&](const ReadProblem& p) { events->push_back("P " + p.ToString()); });
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    for (std::string& event : from_file) {
      for (size_t at = event.find(path); at != std::string::npos; at = event.find(path)) {
        event.replace(at, path.size(), "<stdin>");
      }
    }
    EXPECT_EQ(from_file, from_stdin);
  }
  std::remove(path.c_str());
}

// A value filled with everything: a spent article a sink may hand back.
ArticleExtraction SpentArticle() {
  ArticleExtraction x;
  const std::string junk(40, 'j');
  x.article.id = "spent-" + junk;
  x.article.title = junk;
  x.article.date = Date{20010911};
  x.article.date_source = DateSource::kText;
  x.article.text = junk + junk;
  x.article.origin = junk;
  for (int i = 0; i < 40; ++i) {
    EntityMention& e = x.entities.emplace_back();
    e.name = junk + std::to_string(i);
    e.type = EntityType::kPerson;
    e.mentions.assign(5, junk);
    Triple& t = x.triples.emplace_back();
    t.subject = t.object = t.predicate = t.evidence = junk;
    t.relation = Relation::kAssault;
    t.negated = true;
    t.date = Date{19991231};
    t.sentence = 99;
    t.confidence = 0.125f;
  }
  return x;
}

// ExtractionSink: a sink may move a spent article into the value it is
// given, and the reader fills that value for the next article. Whatever
// the spent value held (more and longer records with every field set, or
// fewer), the read is the same, event by event.
TEST_P(ReadRecordsTest, ASinkHandingBackSpentArticlesReadsTheSame) {
  const Case& c = GetParam();
  std::string input;
  for (const std::string& line : c.lines) input += line + "\n";
  auto read = [&](const std::function<void(ArticleExtraction&)>& hand_back) {
    std::vector<std::string> events;
    std::vector<ArticleExtraction> kept;
    std::istringstream in(input);
    Status s = ReadRecords(
        {"-"}, in,
        [&](ArticleExtraction&& x) {
          events.push_back(Describe(x));
          kept.push_back(std::move(x));
          hand_back(x);
        },
        [&](const ReadProblem& p) { events.push_back("P " + p.ToString()); });
    EXPECT_TRUE(s.ok()) << s.ToString();
    // The articles kept are those described, untouched by later reading.
    for (size_t i = 0, k = 0; i < events.size(); ++i) {
      if (events[i][0] == 'A') {
        EXPECT_EQ(Describe(kept[k++]), events[i]);
      }
    }
    return events;
  };
  const std::vector<std::string> plain = read([](ArticleExtraction&) {});
  EXPECT_EQ(read([](ArticleExtraction& x) { x = SpentArticle(); }), plain);
  // A small one: the next article has more records than it.
  EXPECT_EQ(read([](ArticleExtraction& x) {
              x = SpentArticle();
              x.entities.resize(1);
              x.entities[0].mentions.clear();
              x.triples.clear();
            }),
            plain);
}

// The events of ReadRecords: each article (Describe) and problem, in order.
std::vector<std::string> Events(const std::string& input) {
  std::vector<std::string> events;
  std::istringstream in(input);
  Status s = ReadRecords(
      {"-"}, in, [&](ArticleExtraction&& x) { events.push_back(Describe(x)); },
      [&](const ReadProblem& p) { events.push_back("P " + p.ToString()); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return events;
}

// A flat chunk with junk in every part, then cleared: buffers a sink may
// hand back.
FlatChunk SpentFlatChunk() {
  FlatChunk chunk;
  for (int i = 0; i < 3; ++i) chunk.Append(SpentArticle());
  chunk.Clear();
  return chunk;
}

// The same events from ReadRecordsFlat, whose sink takes the chunk after
// every `take_every` articles (0: never), handing back a spent one. Every
// article taken is described again at the end: what the reader wrote later
// did not touch it.
std::vector<std::string> FlatEvents(const std::string& input, size_t take_every) {
  std::vector<std::string> events;
  std::vector<std::string> described;  // The articles, as they came.
  std::vector<FlatChunk> taken;
  FlatChunk chunk;
  size_t since_taken = 0;
  std::istringstream in(input);
  Status s = ReadRecordsFlat(
      {"-"}, in, &chunk,
      [&](FlatChunk* c) {
        EXPECT_EQ(c, &chunk);
        EXPECT_FALSE(c->empty());
        described.push_back(Describe(c->Extraction(c->size() - 1)));
        events.push_back(described.back());
        if (take_every != 0 && ++since_taken == take_every) {
          since_taken = 0;
          taken.push_back(SpentFlatChunk());
          std::swap(taken.back(), *c);
        }
      },
      [&](const ReadProblem& p) { events.push_back("P " + p.ToString()); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  taken.push_back(std::move(chunk));
  std::vector<std::string> again;
  for (const FlatChunk& c : taken) {
    for (size_t i = 0; i < c.size(); ++i) again.push_back(Describe(c.Extraction(i)));
  }
  EXPECT_EQ(again, described);
  return events;
}

// ReadRecordsFlat reads what ReadRecords reads, event by event, whether the
// sink takes the chunk after every article, every second one, or never.
TEST_P(ReadRecordsTest, FlatChunksReadTheSame) {
  const Case& c = GetParam();
  std::string input;
  for (const std::string& line : c.lines) input += line + "\n";
  const std::vector<std::string> plain = Events(input);
  for (size_t take_every : {0, 1, 2}) {
    SCOPED_TRACE(take_every);
    EXPECT_EQ(FlatEvents(input, take_every), plain);
  }
}

// Strings are scanned sixteen bytes at a time up to the first quote,
// backslash, control or non-ASCII byte: each such byte is found at every
// position around and across those blocks, and decoded (or refused) as
// before.
TEST(ReadRecordsTest, SpecialBytesAtEveryPositionOfAString) {
  struct Special {
    std::string json;     // As written in the record.
    std::string decoded;  // In the name read back; empty: a problem.
  };
  const Special specials[] = {
      {"\\\"", "\""},
      {"\\\\", "\\"},
      {"\u00e9", "\u00e9"},
      {"\\u00e9", "\u00e9"},
      {"\xf0\x9f\x8c\x8d", "\xf0\x9f\x8c\x8d"},
      {"\x01", ""},
      {"\xff", ""},
  };
  for (const Special& special : specials) {
    for (size_t at = 0; at < 40; ++at) {
      SCOPED_TRACE(special.json + " at " + std::to_string(at));
      const std::string head(at, 'a');
      const std::string tail(at % 19, 'b');
      Read read = ReadStdin(R"({"kind":"entity","doc":"d","name":")" + head + special.json + tail +
                            R"(","type":"GPE"})" + "\n");
      if (special.decoded.empty()) {
        EXPECT_TRUE(read.articles.empty());
        ASSERT_EQ(read.problems.size(), 1u);
        EXPECT_EQ(read.problems[0].where, "<stdin>:1");
      } else {
        ASSERT_EQ(read.articles.size(), 1u);
        ASSERT_EQ(read.articles[0].entities.size(), 1u);
        EXPECT_EQ(read.articles[0].entities[0].name, head + special.decoded + tail);
      }
    }
  }
}

// A triple's names are matched with the article's entity records, the
// first record of a name deciding its spelling: the same for articles with
// few records (searched in a list) and many (a hash map past 32 keys).
TEST(ReadRecordsTest, TripleNamesMatchTheFirstRecordInArticlesOfAnySize) {
  for (int entities : {1, 2, 31, 32, 33, 34, 64, 200}) {
    SCOPED_TRACE(std::to_string(entities) + " entities");
    std::string input;
    auto entity = [&](const std::string& name) {
      input += R"({"kind":"entity","doc":"d","name":")" + name + R"(","type":"GPE"})" + "\n";
    };
    for (int i = 0; i < entities; ++i) entity("Place " + std::to_string(i));
    // A second record of each name, spelt otherwise, names nothing.
    for (int i = 0; i < entities; ++i) entity("PLACE  " + std::to_string(i));
    for (int i = 0; i < entities; ++i) {
      input += R"({"kind":"triple","doc":"d","subject":"place )" + std::to_string(i) +
               R"(","relation":"aid","object":" PLACE )" + std::to_string(entities - 1 - i) +
               R"( "})" + "\n";
    }
    input +=
        R"({"kind":"triple","doc":"d","subject":"Place 0","relation":"aid","object":"Nowhere"})";
    Read read = ReadStdin(input);
    ASSERT_EQ(read.articles.size(), 1u);
    const ArticleExtraction& x = read.articles[0];
    EXPECT_EQ(x.entities.size(), static_cast<size_t>(2 * entities));
    ASSERT_EQ(x.triples.size(), static_cast<size_t>(entities));
    for (int i = 0; i < entities; ++i) {
      EXPECT_EQ(x.triples[i].subject, "Place " + std::to_string(i));
      EXPECT_EQ(x.triples[i].object, "Place " + std::to_string(entities - 1 - i));
    }
    ASSERT_EQ(read.problems.size(), 1u);
    EXPECT_NE(read.problems[0].reason.find("\"Nowhere\""), std::string::npos);
    EXPECT_EQ(FlatEvents(input, 0), Events(input));
    EXPECT_EQ(FlatEvents(input, 1), Events(input));
  }
}

TEST(ReadRecordsTest, KeepsEveryField) {
  Read read = ReadStdin(std::string(kArticle) + "\n" + kUs + "\n" + kRussia + "\n" + kTriple);
  ASSERT_EQ(read.articles.size(), 1u);
  const ArticleExtraction& x = read.articles[0];
  EXPECT_EQ(x.article.date_source, DateSource::kMetadata);
  EXPECT_EQ(x.article.origin, "<stdin>:1");
  ASSERT_EQ(x.entities.size(), 2u);
  EXPECT_EQ(x.entities[0].type, EntityType::kGpe);
  EXPECT_EQ(x.entities[0].mentions, std::vector<std::string>{"US"});
  ASSERT_EQ(x.triples.size(), 1u);
  const Triple& t = x.triples[0];
  EXPECT_EQ(t.subject, "United States");
  EXPECT_EQ(t.relation, Relation::kAccuse);
  EXPECT_EQ(t.object, "Russia");
  EXPECT_EQ(t.predicate, "accused");
  EXPECT_FALSE(t.negated);
  EXPECT_EQ(t.date.yyyymmdd, 20231130u);
  EXPECT_EQ(t.sentence, 2);
  EXPECT_EQ(t.evidence, "US accused Russia.");
  EXPECT_FLOAT_EQ(t.confidence, 0.9f);
}

// A mention with an escape is decoded into a buffer of its own, and the
// list of buffers grows as a line brings more mentions than any before it.
// A decoded mention must survive that growth, wherever it stands in the
// list and however short it is. (Under AddressSanitizer a buffer that
// moved is a use-after-free; without it, a wrong value.)
TEST(ReadRecordsTest, EscapedMentionsSurviveTheListGrowing) {
  struct Row {
    std::string name;
    std::string mentions_json;  // The line's "mentions" array.
    std::vector<std::string> want;
  };
  const std::vector<Row> rows = {
      {"short escaped first of three",
       R"(["Fr\u0061nce","French","Paris"])",
       {"France", "French", "Paris"}},
      {"every mention escaped",
       R"(["\u0041","B\"","\u00e9t\u00e9","d\/e","\n"])",
       {"A", "B\"", "\xC3\xA9t\xC3\xA9", "d/e", "\n"}},
      {"long escaped first",
       R"(["a long name with an escape \u0021 in it","x","y","z"])",
       {"a long name with an escape ! in it", "x", "y", "z"}},
      {"escaped last", R"(["x","y","\u007a"])", {"x", "y", "z"}},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const Read read = ReadStdin(R"({"kind":"entity","doc":"a1","name":"N","mentions":)" +
                                row.mentions_json + "}\n");
    EXPECT_TRUE(read.problems.empty());
    ASSERT_EQ(read.articles.size(), 1u);
    ASSERT_EQ(read.articles[0].entities.size(), 1u);
    EXPECT_EQ(read.articles[0].entities[0].mentions, row.want);
  }
}

// The reader reuses one record for every line: a field that one line sets
// and the next omits must read as omitted (its default), never as the
// previous line's value. Each case is a full line followed by a sparse one.
TEST(ReadRecordsTest, NoFieldCarriesOverToTheNextLine) {
  const std::string full_triple =
      R"({"kind":"triple","doc":"a1","subject":"United States","relation":"accuse",)"
      R"("object":"Russia","predicate":"accused \"loudly\"","negated":true,)"
      R"("date":"2023-11-29","sentence":7,"evidence":"Caf\u00e9 \ud83d\ude00 talk.",)"
      R"("confidence":0.25,"extra":{"nested":[1,2,{"x":null}]}})";
  const std::string sparse_triple =
      R"({"kind":"triple","doc":"a1","subject":"Russia","relation":"accuse","object":"United States"})";
  const std::string sparse_entity = R"({"kind":"entity","doc":"a1","name":"Ukraine"})";
  struct Row {
    std::string name;
    std::vector<std::string> lines;
    std::function<void(const ArticleExtraction&)> check;
  };
  const std::vector<Row> rows = {
      {"sparse triple after a full one",
       {kArticle, kUs, kRussia, full_triple, sparse_triple},
       [](const ArticleExtraction& x) {
         ASSERT_EQ(x.triples.size(), 2u);
         EXPECT_EQ(x.triples[0].predicate, "accused \"loudly\"");
         EXPECT_TRUE(x.triples[0].negated);
         EXPECT_EQ(x.triples[0].date.yyyymmdd, 20231129u);
         EXPECT_EQ(x.triples[0].sentence, 7);
         EXPECT_EQ(x.triples[0].evidence, "Caf\xc3\xa9 \xf0\x9f\x98\x80 talk.");
         EXPECT_FLOAT_EQ(x.triples[0].confidence, 0.25f);
         const Triple& t = x.triples[1];
         EXPECT_EQ(t.predicate, "");
         EXPECT_FALSE(t.negated);
         EXPECT_FALSE(t.date.known());
         EXPECT_EQ(t.sentence, 0);
         EXPECT_EQ(t.evidence, "");
         EXPECT_FLOAT_EQ(t.confidence, 0.5f);
       }},
      {"entity without mentions or type after one with both",
       {kArticle, kUs, sparse_entity},
       [](const ArticleExtraction& x) {
         ASSERT_EQ(x.entities.size(), 2u);
         EXPECT_EQ(x.entities[0].mentions, std::vector<std::string>{"US"});
         EXPECT_EQ(x.entities[1].name, "Ukraine");
         EXPECT_TRUE(x.entities[1].mentions.empty());
         EXPECT_EQ(x.entities[1].type, EntityType::kOther);
       }},
      {"article line without title or date after a full one",
       {kArticle, kUs, R"({"kind":"article","id":"a2"})",
        R"({"kind":"entity","doc":"a2","name":"X"})"},
       [](const ArticleExtraction& x) {
         if (x.article.id != "a2") return;
         EXPECT_EQ(x.article.title, "");
         EXPECT_FALSE(x.article.date.known());
         EXPECT_EQ(x.article.date_source, DateSource::kUnknown);
       }},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::string input;
    for (const std::string& line : row.lines) input += line + "\n";
    Read read = ReadStdin(input);
    EXPECT_TRUE(read.problems.empty()) << read.problems[0].where << ": " << read.problems[0].reason;
    ASSERT_FALSE(read.articles.empty());
    for (const ArticleExtraction& x : read.articles) row.check(x);
  }
}

// Found by fuzz_records: a triple matched its entity by key ("russia",
// " United  States") but kept its own spelling, so its names were not among
// the article's entity names.
TEST(ReadRecordsTest, TripleNamesTakeTheEntityRecordsSpelling) {
  const std::string triple =
      R"({"kind":"triple","doc":"a1","subject":" united  STATES","relation":"accuse",)"
      R"("object":"russia","date":"2023-11-30","confidence":0.9})";
  Read read = ReadStdin(std::string(kArticle) + "\n" + kUs + "\n" + kRussia + "\n" + triple + "\n");
  ASSERT_EQ(read.articles.size(), 1u);
  ASSERT_EQ(read.articles[0].triples.size(), 1u);
  EXPECT_EQ(read.articles[0].triples[0].subject, "United States");
  EXPECT_EQ(read.articles[0].triples[0].object, "Russia");
  EXPECT_TRUE(read.problems.empty());
}

// What WriteRecordsJsonl writes reads back as the same extraction.
TEST(ReadRecordsTest, ReadsWhatWriteRecordsJsonlWrites) {
  ArticleExtraction x;
  x.article.id = "doc \"1\"";
  x.article.title = "Caf\xC3\xA9 talks";
  x.article.date = Date{20240105};
  x.article.date_source = DateSource::kText;
  x.entities.push_back({"Iran", EntityType::kGpe, {"Tehran", "Iranian"}});
  x.entities.push_back({"Hamas", EntityType::kGroup, {}});
  Triple t;
  t.subject = "Iran";
  t.relation = Relation::kSupport;
  t.object = "Hamas";
  t.negated = true;
  t.date = Date{20240104};
  t.sentence = 3;
  t.evidence = "Iran did not back Hamas.";
  t.predicate = "back";
  t.confidence = 0.75f;
  x.triples.push_back(t);
  std::ostringstream out;
  WriteRecordsJsonl(x, out);
  Read read = ReadStdin(out.str());
  ASSERT_TRUE(read.problems.empty()) << read.problems[0].ToString();
  ASSERT_EQ(read.articles.size(), 1u);
  const ArticleExtraction& y = read.articles[0];
  EXPECT_EQ(y.article.id, x.article.id);
  EXPECT_EQ(y.article.title, x.article.title);
  EXPECT_EQ(y.article.date, x.article.date);
  EXPECT_EQ(y.article.date_source, DateSource::kText);
  ASSERT_EQ(y.entities.size(), 2u);
  EXPECT_EQ(y.entities[0].mentions, x.entities[0].mentions);
  EXPECT_EQ(y.entities[1].type, EntityType::kGroup);
  ASSERT_EQ(y.triples.size(), 1u);
  EXPECT_TRUE(y.triples[0].negated);
  EXPECT_EQ(y.triples[0].date, t.date);
  EXPECT_EQ(y.triples[0].evidence, t.evidence);
  EXPECT_FLOAT_EQ(y.triples[0].confidence, 0.75f);
}

TEST(ReadRecordsTest, FilesInOrderAndMissingFileReported) {
  const std::string path = ::testing::TempDir() + "records_test.jsonl";
  {
    std::ofstream out(path);
    out << kUs << "\n" << kRussia;  // No final newline.
  }
  std::istringstream in(std::string(R"({"kind":"entity","doc":"s","name":"X"})") + "\n");
  Read read;
  Status s = ReadRecords(
      {path, "/nonexistent/r.jsonl", "-"}, in,
      [&](ArticleExtraction&& x) { read.articles.push_back(std::move(x)); },
      [&](const ReadProblem& p) { read.problems.push_back(p); });
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(read.articles.size(), 2u);
  EXPECT_EQ(read.articles[0].entities.size(), 2u);
  EXPECT_EQ(read.articles[1].article.id, "s");
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0].where, "/nonexistent/r.jsonl");
  std::remove(path.c_str());
  EXPECT_FALSE(ReadRecords(
                   {}, in, [](ArticleExtraction&&) {}, [](const ReadProblem&) {})
                   .ok());
}

}  // namespace
}  // namespace geokg
