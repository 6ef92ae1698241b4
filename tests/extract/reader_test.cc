// Tests for reading articles: plain text headers, JSON Lines records, and
// ReadArticles over files, folders and stdin (extract/include/geokg/extract.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "geokg/extract.h"

namespace geokg {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------- ArticleFromText ---

struct TextCase {
  const char* name;
  const char* text;
  const char* title;
  const char* date;  // "" = unknown.
};

class ArticleFromTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(ArticleFromTextTest, FindsTitleAndDate) {
  const TextCase& c = GetParam();
  Article a = ArticleFromText("id1", c.text, "a.txt");
  EXPECT_EQ(a.id, "id1");
  EXPECT_EQ(a.origin, "a.txt");
  EXPECT_EQ(a.text, c.text);
  EXPECT_EQ(a.title, c.title) << c.name;
  EXPECT_EQ(a.date.ToString(), c.date) << c.name;
  EXPECT_EQ(a.date_source, *c.date ? DateSource::kText : DateSource::kUnknown) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArticleFromTextTest,
    ::testing::Values(
        TextCase{"seed shape",
                 " date 2023-11-30 BAFL 45.31 Increased By \xE2\x96\xB2 0.51 (1.14%)\n"
                 "US says \xE2\x80\x98must and will\xE2\x80\x99 continue backing Ukraine\n\n"
                 "AFP Published 30 Nov, 2023 04:53am\n\n"
                 "BRUSSELS: US Secretary of State Antony Blinken on Wednesday said so.\n",
                 "US says \xE2\x80\x98must and will\xE2\x80\x99 continue backing Ukraine",
                 "2023-11-30"},
        TextCase{"published only",
                 "Talks collapse in Doha\n\nPublished 3 Mar, 2022 10:00am\n\nBody text here.",
                 "Talks collapse in Doha", "2022-03-03"},
        TextCase{"long month name", "Ceasefire holds\nNovember 30, 2023\n\nThe ceasefire held.",
                 "Ceasefire holds", "2023-11-30"},
        TextCase{"day month year", "Ceasefire holds\n30 November 2023\n\nThe ceasefire held.",
                 "Ceasefire holds", "2023-11-30"},
        TextCase{"abbreviated month with dot",
                 "Ceasefire holds\nUpdated Nov. 30, 2023 5:10 p.m. ET\n\nThe ceasefire held.",
                 "Ceasefire holds", "2023-11-30"},
        TextCase{"iso date", "Ceasefire holds\n2021-07-04\n\nThe ceasefire held.",
                 "Ceasefire holds", "2021-07-04"},
        TextCase{"no date never invented",
                 "Ceasefire holds\n\nThe ceasefire held on Monday, officials said.",
                 "Ceasefire holds", ""},
        TextCase{"date in body paragraph is not the publication date",
                 "Ceasefire holds\n\nOn November 30, 2023, the ceasefire that began a week "
                 "earlier held across the whole front, officials said.",
                 "Ceasefire holds", ""},
        TextCase{"impossible date", "Ceasefire holds\nFebruary 30, 2023\n\nText.",
                 "Ceasefire holds", ""},
        TextCase{"no headline: body first",
                 "Russia attacked Kyiv on Monday, officials said in a statement.\n", "", ""},
        TextCase{"headline after byline",
                 "By Jane Doe\nSanctions widen against Iran\n\nThe EU widened sanctions.",
                 "Sanctions widen against Iran", ""},
        TextCase{"empty", "", "", ""}));

// ------------------------------------------------ ArticleFromJsonLine ---

struct JsonCase {
  const char* name;
  std::string line;
  bool ok;
  const char* id;      // When ok.
  const char* date;    // When ok: "" = unknown.
  DateSource source;   // When ok.
  const char* reason;  // When not ok: a part of the message.
};

class ArticleFromJsonLineTest : public ::testing::TestWithParam<JsonCase> {};

TEST_P(ArticleFromJsonLineTest, ParsesOrExplains) {
  const JsonCase& c = GetParam();
  Result<Article> r = ArticleFromJsonLine(c.line, "feed.jsonl:7");
  ASSERT_EQ(r.ok(), c.ok) << c.name << ": " << r.status().ToString();
  if (c.ok) {
    EXPECT_EQ(r->id, c.id) << c.name;
    EXPECT_EQ(r->date.ToString(), c.date) << c.name;
    EXPECT_EQ(r->date_source, c.source) << c.name;
    EXPECT_EQ(r->origin, "feed.jsonl:7");
  } else {
    EXPECT_NE(r.status().message().find("feed.jsonl:7"), std::string::npos) << c.name;
    EXPECT_NE(r.status().message().find(c.reason), std::string::npos)
        << c.name << ": " << r.status().message();
  }
}

std::string Nested(int depth) {
  return "{\"id\":\"x\",\"text\":\"t\",\"deep\":" + std::string(depth, '[') +
         std::string(depth, ']') + "}";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ArticleFromJsonLineTest,
    ::testing::Values(
        JsonCase{"full", R"({"id":"a1","date":"2023-11-30","title":"T","text":"Body."})", true,
                 "a1", "2023-11-30", DateSource::kMetadata, ""},
        JsonCase{"numeric id", R"({"id":42,"text":"Body."})", true, "42", "", DateSource::kUnknown,
                 ""},
        JsonCase{"null date and title", R"({"id":"a","date":null,"title":null,"text":"B."})", true,
                 "a", "", DateSource::kUnknown, ""},
        JsonCase{"date from text header",
                 R"({"id":"a","text":"AFP Published 30 Nov, 2023 04:53am\n\nBody text."})", true,
                 "a", "2023-11-30", DateSource::kText, ""},
        JsonCase{"metadata wins over text",
                 R"({"id":"a","date":"2020-01-02","text":"Published 30 Nov, 2023\n\nBody."})", true,
                 "a", "2020-01-02", DateSource::kMetadata, ""},
        JsonCase{"extra fields", R"({"id":"a","text":"B.","source":{"x":[1,2]}})", true, "a", "",
                 DateSource::kUnknown, ""},
        JsonCase{"missing id", R"({"text":"Body."})", false, "", "", DateSource::kUnknown,
                 "missing \"id\""},
        JsonCase{"missing text", R"({"id":"a"})", false, "", "", DateSource::kUnknown,
                 "missing \"text\""},
        JsonCase{"text not a string", R"({"id":"a","text":5})", false, "", "", DateSource::kUnknown,
                 "\"text\" must be a string"},
        JsonCase{"id is an object", R"({"id":{},"text":"B."})", false, "", "", DateSource::kUnknown,
                 "\"id\" must be a string"},
        JsonCase{"bad month", R"({"id":"a","date":"2023-13-01","text":"B."})", false, "", "",
                 DateSource::kUnknown, "invalid date"},
        JsonCase{"bad day", R"({"id":"a","date":"2023-02-30","text":"B."})", false, "", "",
                 DateSource::kUnknown, "invalid date"},
        JsonCase{"garbage date", R"({"id":"a","date":"yesterday","text":"B."})", false, "", "",
                 DateSource::kUnknown, "invalid date"},
        JsonCase{"malformed", R"({"id":"a","text":"B.")", false, "", "", DateSource::kUnknown,
                 "malformed JSON"},
        JsonCase{"not an object", R"(["a","b"])", false, "", "", DateSource::kUnknown,
                 "malformed JSON"},
        JsonCase{"whitespace text", R"({"id":"a","text":"  \n "})", false, "", "",
                 DateSource::kUnknown, "empty \"text\""},
        JsonCase{"invalid UTF-8", "{\"id\":\"a\",\"text\":\"caf\xE9\"}", false, "", "",
                 DateSource::kUnknown, "invalid UTF-8 at byte 21"},
        JsonCase{"deep nesting", Nested(100000), false, "", "", DateSource::kUnknown,
                 "nested deeper"},
        JsonCase{"moderate nesting is fine", Nested(20), true, "x", "", DateSource::kUnknown, ""}));

// -------------------------------------------------------- ReadArticles ---

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("geokg_reader_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& rel, const std::string& content) const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

struct Collected {
  std::vector<Article> articles;
  std::vector<ReadProblem> problems;
  std::vector<ReadProgress> progress;

  bool HasProblem(const std::string& where_suffix, const std::string& reason_part) const {
    for (const ReadProblem& p : problems) {
      bool where_ok = p.where.size() >= where_suffix.size() &&
                      p.where.compare(p.where.size() - where_suffix.size(), where_suffix.size(),
                                      where_suffix) == 0;
      if (where_ok && p.reason.find(reason_part) != std::string::npos) return true;
    }
    return false;
  }
  std::string Problems() const {
    std::string s;
    for (const ReadProblem& p : problems) s += p.ToString() + "\n";
    return s;
  }
};

Collected Read(const std::vector<std::string>& paths, const std::string& stdin_text = "",
               ReadOptions options = {}) {
  Collected c;
  std::istringstream in(stdin_text);
  Status s = ReadArticles(
      paths, in, options, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const ReadProblem& p) { c.problems.push_back(p); },
      [&](const ReadProgress& p) { c.progress.push_back(p); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

TEST(ReadArticlesTest, FolderWithGoodAndBadInputs) {
  TempDir dir;
  dir.Write("a_good.txt", "Talks collapse in Doha\n\nPublished 3 Mar, 2022\n\nThe talks failed.");
  dir.Write("b_feed.jsonl",
            "{\"id\":\"f1\",\"date\":\"2023-11-30\",\"text\":\"One.\"}\n"
            "\n"
            "{\"id\":\"f2\",\"text\":\"Two.\"\n"
            "{\"id\":\"f3\",\"title\":null,\"text\":\"Three.\"}\r\n");
  dir.Write("c_empty.txt", "");
  dir.Write("d_binary.txt", std::string("\x7F"
                                        "ELF\x02\x01\x01\0\0\0\0",
                                        11));
  dir.Write("e_latin1.txt", "Caf\xE9 in Paris.");
  dir.Write("f_blank.txt", "  \n\n\t ");
  dir.Write("nested/deeper/g_inner.txt", "Inner article body.");
  dir.Write("nested/ignored.csv", "not,an,article");
  dir.Write(".hidden.txt", "Hidden article.");
  dir.Write(".hiddendir/h.txt", "Hidden folder article.");

  Collected c = Read({dir.path()});
  std::vector<std::string> ids;
  for (const Article& a : c.articles) ids.push_back(a.id);
  const std::string base = dir.path() + "/";
  EXPECT_EQ(ids, (std::vector<std::string>{base + "a_good.txt", "f1", "f3",
                                           base + "nested/deeper/g_inner.txt"}))
      << c.Problems();
  EXPECT_EQ(c.articles[0].title, "Talks collapse in Doha");
  EXPECT_EQ(c.articles[0].date.ToString(), "2022-03-03");
  EXPECT_EQ(c.articles[1].date_source, DateSource::kMetadata);
  EXPECT_EQ(c.articles[1].origin, base + "b_feed.jsonl:1");
  EXPECT_EQ(c.articles[2].text, "Three.");

  EXPECT_TRUE(c.HasProblem("b_feed.jsonl:3", "malformed JSON")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("c_empty.txt", "empty file")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("d_binary.txt", "binary file, not text")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("e_latin1.txt", "invalid UTF-8 at byte 3")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("f_blank.txt", "whitespace-only")) << c.Problems();
  EXPECT_EQ(c.problems.size(), 5u) << c.Problems();

  ASSERT_FALSE(c.progress.empty());
  const ReadProgress& last = c.progress.back();
  EXPECT_EQ(last.files_total, 7u);
  EXPECT_EQ(last.files_done, 7u);
  EXPECT_EQ(last.articles, 4u);
  EXPECT_EQ(last.problems, 5u);
}

TEST(ReadArticlesTest, MissingPathIsAProblemAndReadingContinues) {
  TempDir dir;
  std::string good = dir.Write("x.txt", "Body of x.");
  Collected c = Read({dir.path() + "/nope.txt", good});
  ASSERT_EQ(c.articles.size(), 1u);
  EXPECT_EQ(c.articles[0].id, good);
  EXPECT_TRUE(c.HasProblem("nope.txt", "no such file")) << c.Problems();
}

TEST(ReadArticlesTest, NamedFileOfAnyExtensionIsPlainText) {
  TempDir dir;
  std::string md = dir.Write("notes.md", "A plain article.");
  Collected c = Read({md});
  ASSERT_EQ(c.articles.size(), 1u) << c.Problems();
  EXPECT_EQ(c.articles[0].text, "A plain article.");
}

TEST(ReadArticlesTest, OversizedArticlesAreSkipped) {
  TempDir dir;
  std::string big = dir.Write("big.txt", std::string(100, 'a'));
  std::string feed = dir.Write("f.jsonl", "{\"id\":\"long\",\"text\":\"" + std::string(100, 'b') +
                                              "\"}\n{\"id\":\"s\",\"text\":\"ok\"}\n");
  ReadOptions options;
  options.max_article_bytes = 50;
  Collected c = Read({big, feed}, "", options);
  ASSERT_EQ(c.articles.size(), 1u) << c.Problems();
  EXPECT_EQ(c.articles[0].id, "s");
  EXPECT_TRUE(c.HasProblem("big.txt", "larger than 50")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("f.jsonl:1", "larger than 50")) << c.Problems();
}

TEST(ReadArticlesTest, UnreadableFileIsAProblem) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read files without permission";
  TempDir dir;
  std::string locked = dir.Write("locked.txt", "Secret.");
  fs::permissions(locked, fs::perms::none);
  Collected c = Read({locked});
  EXPECT_TRUE(c.articles.empty());
  EXPECT_TRUE(c.HasProblem("locked.txt", "cannot open")) << c.Problems();
}

TEST(ReadArticlesTest, StdinJsonLines) {
  Collected c = Read({"-"},
                     "\n  {\"id\":\"s1\",\"text\":\"One.\"}\n"
                     "not json\n"
                     "{\"id\":\"s2\",\"text\":\"Two.\"}\n");
  ASSERT_EQ(c.articles.size(), 2u) << c.Problems();
  EXPECT_EQ(c.articles[0].id, "s1");
  EXPECT_EQ(c.articles[0].origin, "<stdin>:2");
  EXPECT_EQ(c.articles[1].id, "s2");
  EXPECT_TRUE(c.HasProblem("<stdin>:3", "malformed JSON")) << c.Problems();
}

TEST(ReadArticlesTest, StdinPlainText) {
  const std::string text = "\nCeasefire holds\n30 November 2023\n\nThe ceasefire held.";
  Collected c = Read({"-"}, text);
  ASSERT_EQ(c.articles.size(), 1u) << c.Problems();
  EXPECT_EQ(c.articles[0].id, "<stdin>");
  EXPECT_EQ(c.articles[0].text, text);  // Leading whitespace kept: offsets stay valid.
  EXPECT_EQ(c.articles[0].title, "Ceasefire holds");
  EXPECT_EQ(c.articles[0].date.ToString(), "2023-11-30");
}

TEST(ReadArticlesTest, EmptyStdinIsAProblem) {
  Collected c = Read({"-"}, "");
  EXPECT_TRUE(c.articles.empty());
  EXPECT_TRUE(c.HasProblem("<stdin>", "empty")) << c.Problems();
}

TEST(ReadArticlesTest, NoPathsIsAnError) {
  std::istringstream in;
  Status s = ReadArticles({}, in, ReadOptions(), nullptr, nullptr);
  EXPECT_FALSE(s.ok());
}

TEST(ReadArticlesTest, ProgressEveryThousandFeedLines) {
  TempDir dir;
  std::string feed;
  for (int i = 0; i < 2500; ++i) {
    feed += "{\"id\":\"" + std::to_string(i) + "\",\"text\":\"T.\"}\n";
  }
  std::string path = dir.Write("many.jsonl", feed);
  Collected c = Read({path});
  EXPECT_EQ(c.articles.size(), 2500u);
  // Two mid-feed reports (lines 1000 and 2000) and one after the file.
  ASSERT_EQ(c.progress.size(), 3u);
  EXPECT_EQ(c.progress[0].articles, 999u);
  EXPECT_EQ(c.progress[2].files_done, 1u);
}

TEST(ReadArticlesTest, ReadsTheCommittedFixtureFolder) {
  const std::string fixtures = std::string(GEOKG_TEST_DIR) + "/extract/fixtures";
  Collected c = Read({fixtures});
  ASSERT_FALSE(c.articles.empty()) << c.Problems();
  bool seed = false;
  for (const Article& a : c.articles) {
    if (a.id.find("seed_shaped.txt") != std::string::npos) {
      seed = true;
      EXPECT_EQ(a.title,
                "EU says \xE2\x80\x98"
                "firm and lasting\xE2\x80\x99 support for Moldova");
      EXPECT_EQ(a.date.ToString(), "2024-02-01");
    }
  }
  EXPECT_TRUE(seed);
}

// Hostile feed lines (issue 7): a NUL byte, overlong encodings and a
// surrogate are each named with their line and reason; the good lines
// around them are read, and a real binary file is still refused whole.
TEST(ReadArticlesTest, HostileFeedLinesAreNamedOneByOne) {
  TempDir dir;
  const std::string feed = std::string("{\"id\":\"g1\",\"text\":\"One.\"}\n") +
                           std::string("{\"id\":\"nul\",\"text\":\"a\0b\"}\n", 26) +
                           "{\"id\":\"o2\",\"text\":\"\xC0\xAF\"}\n" +
                           "{\"id\":\"o3\",\"text\":\"\xE0\x80\xAF\"}\n" +
                           "{\"id\":\"sur\",\"text\":\"\xED\xA0\x80\"}\n" +
                           "{\"id\":\"g2\",\"text\":\"\xD8\xB1\xD9\x88\xD8\xB3\xD9\x8A\xD8\xA7 "
                           "\xE4\xB8\xAD\xE5\x9B\xBD \xD0\xA0\xD0\xBE\xD1\x81\"}\n";
  const std::string path = dir.Write("hostile.jsonl", feed);
  Collected c = Read({path});
  std::vector<std::string> ids;
  for (const Article& a : c.articles) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"g1", "g2"})) << c.Problems();
  EXPECT_TRUE(c.HasProblem("hostile.jsonl:2", "NUL byte at byte 21")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("hostile.jsonl:3", "invalid UTF-8")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("hostile.jsonl:4", "invalid UTF-8")) << c.Problems();
  EXPECT_TRUE(c.HasProblem("hostile.jsonl:5", "invalid UTF-8")) << c.Problems();
  EXPECT_EQ(c.problems.size(), 4u) << c.Problems();

  const std::string elf = dir.Write("elf.jsonl", std::string("\x7F"
                                                             "ELF\x02\x01\x01\0\0\0\0\0\0",
                                                             13));
  Collected binary = Read({elf});
  EXPECT_TRUE(binary.articles.empty());
  EXPECT_TRUE(binary.HasProblem("elf.jsonl", "binary file, not text")) << binary.Problems();
}

}  // namespace
}  // namespace geokg
