// Tests for tokenisation, sentence splitting, UTF-8 validation and noise
// blanking (extract/src/text.h).
#include "text.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace geokg::text {
namespace {

std::vector<std::string> Texts(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) out.push_back(t.text);
  return out;
}

std::vector<std::string> SentenceTexts(std::string_view text) {
  std::vector<std::string> out;
  for (const Sentence& s : SplitSentences(text)) {
    out.emplace_back(text.substr(s.begin, s.end - s.begin));
  }
  return out;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(GEOKG_TEST_DIR) + "/extract/fixtures/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ------------------------------------------------------------ Tokenize ---

struct TokenizeCase {
  const char* input;
  std::vector<std::string> expected;
};

class TokenizeTest : public ::testing::TestWithParam<TokenizeCase> {};

TEST_P(TokenizeTest, SplitsAsExpected) {
  const TokenizeCase& c = GetParam();
  EXPECT_EQ(Texts(Tokenize(c.input)), c.expected) << c.input;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, TokenizeTest,
    ::testing::Values(
        TokenizeCase{"Russia's invasion", {"Russia", "'s", "invasion"}},
        TokenizeCase{"Russia\xE2\x80\x99s invasion", {"Russia", "'s", "invasion"}},
        TokenizeCase{"won't don't can't", {"wo", "n't", "do", "n't", "ca", "n't"}},
        TokenizeCase{"Ukraine doesn\xE2\x80\x99t", {"Ukraine", "does", "n't"}},
        TokenizeCase{"the U.S. and U.N. said", {"the", "U.S.", "and", "U.N.", "said"}},
        TokenizeCase{"a $60-billion package", {"a", "$", "60-billion", "package"}},
        TokenizeCase{"Israel-Hamas war", {"Israel-Hamas", "war"}},
        TokenizeCase{"1,000 troops and 45.31 points",
                     {"1,000", "troops", "and", "45.31", "points"}},
        TokenizeCase{"Mr. Smith met Gen. Milley on Nov. 30",
                     {"Mr.", "Smith", "met", "Gen.", "Milley", "on", "Nov.", "30"}},
        TokenizeCase{"George W. Bush", {"George", "W.", "Bush"}},
        TokenizeCase{"the West \xE2\x80\x94 at a time",
                     {"the", "West", "\xE2\x80\x94", "at", "a", "time"}},
        TokenizeCase{"(Russian President Vladimir) Putin",
                     {"(", "Russian", "President", "Vladimir", ")", "Putin"}},
        // An editor's letters inside a quoted word join it;
        // a bracketed word stays bracketed.
        TokenizeCase{"\"[s]upporting Yemen\"", {"\"", "supporting", "Yemen", "\""}},
        TokenizeCase{"an [immediate] ceasefire", {"an", "[", "immediate", "]", "ceasefire"}},
        TokenizeCase{"\xE2\x80\x9CWe must,\xE2\x80\x9D he said.",
                     {"\"", "We", "must", ",", "\"", "he", "said", "."}},
        TokenizeCase{"says \xE2\x80\x98must and will\xE2\x80\x99 continue",
                     {"says", "'", "must", "and", "will", "'", "continue"}},
        TokenizeCase{"they're O'Brien's", {"they", "'re", "O'Brien", "'s"}},
        TokenizeCase{"the allies' weapons", {"the", "allies", "'", "weapons"}},
        TokenizeCase{"U.S.-led alliance", {"U.S.-led", "alliance"}},
        TokenizeCase{"AT&T rose 1.14%", {"AT&T", "rose", "1.14", "%"}},
        TokenizeCase{"wait... what?!", {"wait", "...", "what", "?!"}},
        TokenizeCase{"Kim Jong-un", {"Kim", "Jong-un"}},
        TokenizeCase{"C\xC3\xB4te d'Ivoire", {"C\xC3\xB4te", "d'Ivoire"}},
        TokenizeCase{"said: no", {"said", ":", "no"}}));

TEST(TokenizeTest, OffsetsPointAtTheOriginalBytes) {
  const std::string text =
      "\xE2\x80\x9CPutin\xE2\x80\x99s war,\xE2\x80\x9D said the U.S. $60-billion";
  std::vector<Token> tokens = Tokenize(text);
  ASSERT_FALSE(tokens.empty());
  for (const Token& t : tokens) {
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
    std::string raw = text.substr(t.begin, t.end - t.begin);
    // The raw bytes equal the token text up to curly-quote normalisation.
    if (raw != t.text) {
      EXPECT_TRUE(raw.find("\xE2\x80") != std::string::npos) << raw << " vs " << t.text;
    }
  }
  EXPECT_EQ(tokens[0].text, "\"");
  EXPECT_EQ(tokens[0].begin, 0u);
  EXPECT_EQ(tokens[0].end, 3u);
  EXPECT_EQ(tokens[1].text, "Putin");
  EXPECT_EQ(text.substr(tokens[1].begin, 5), "Putin");
  EXPECT_EQ(tokens[2].text, "'s");
  EXPECT_EQ(tokens[2].shape, TokenShape::kPossessive);
  EXPECT_EQ(tokens[2].end - tokens[2].begin, 4u);  // U+2019 is three bytes, then "s".
}

TEST(TokenizeTest, ShapesAndCaseFlags) {
  std::vector<Token> t = Tokenize("NATO said U.S. troops $60-billion 36 ( Kyiv");
  ASSERT_EQ(t.size(), 9u);
  EXPECT_TRUE(t[0].all_caps);
  EXPECT_TRUE(t[0].capitalized);
  EXPECT_FALSE(t[0].space_before);
  EXPECT_FALSE(t[1].capitalized);
  EXPECT_TRUE(t[1].space_before);
  EXPECT_TRUE(t[2].all_caps);
  EXPECT_EQ(t[2].shape, TokenShape::kWord);
  EXPECT_EQ(t[4].shape, TokenShape::kSymbol);
  EXPECT_EQ(t[5].shape, TokenShape::kNumber);
  EXPECT_FALSE(t[5].space_before);
  EXPECT_EQ(t[6].shape, TokenShape::kNumber);
  EXPECT_EQ(t[7].shape, TokenShape::kPunct);
  EXPECT_TRUE(t[8].capitalized);
  EXPECT_FALSE(t[8].all_caps);
}

TEST(TokenizeTest, NonAsciiCapitalsAndSpaces) {
  // NBSP (U+00A0) separates; "Émile" is capitalised.
  std::vector<Token> t = Tokenize("\xC3\x89mile\xC2\xA0Zola");
  ASSERT_EQ(Texts(t), (std::vector<std::string>{"\xC3\x89mile", "Zola"}));
  EXPECT_TRUE(t[0].capitalized);
  EXPECT_TRUE(t[1].space_before);
}

TEST(TokenizeTest, MatchesRunningTextTokenisation) {
  const std::string phrase = "U.S. Secretary of State";
  std::vector<Token> alone = Tokenize(phrase);
  std::vector<Sentence> s = SplitSentences("Yesterday the " + phrase + " spoke.");
  ASSERT_EQ(s.size(), 1u);
  ASSERT_GE(s[0].tokens.size(), 2 + alone.size());
  for (size_t i = 0; i < alone.size(); ++i) EXPECT_EQ(s[0].tokens[2 + i].text, alone[i].text);
}

TEST(TokenizeTest, EmptyAndWhitespaceOnly) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" \n\t ").empty());
  EXPECT_TRUE(SplitSentences("   \n\n  ").empty());
}

// ------------------------------------------------------ SplitSentences ---

struct SplitCase {
  const char* name;
  const char* input;
  std::vector<std::string> expected;
};

class SplitTest : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitTest, SplitsAsExpected) {
  const SplitCase& c = GetParam();
  EXPECT_EQ(SentenceTexts(c.input), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitTest,
    ::testing::Values(
        SplitCase{"plain",
                  "Russia attacked. Ukraine resisted.",
                  {"Russia attacked.", "Ukraine resisted."}},
        SplitCase{"acronym mid-sentence",
                  "The U.S. Army said. It left.",
                  {"The U.S. Army said.", "It left."}},
        SplitCase{"acronym ends sentence",
                  "Troops arrived in the U.S. The next day they left.",
                  {"Troops arrived in the U.S.", "The next day they left."}},
        SplitCase{"acronym before name",
                  "The U.N. Security Council met.",
                  {"The U.N. Security Council met."}},
        SplitCase{"month abbreviation",
                  "On Nov. 30 the talks began. They ended.",
                  {"On Nov. 30 the talks began.", "They ended."}},
        SplitCase{"titles",
                  "Mr. Biden met Gen. Milley and Lt. Col. Vindman. Talks ended.",
                  {"Mr. Biden met Gen. Milley and Lt. Col. Vindman.", "Talks ended."}},
        SplitCase{"initials",
                  "President George W. Bush spoke. Then he left.",
                  {"President George W. Bush spoke.", "Then he left."}},
        SplitCase{"quote then speaker",
                  "\"We must support Ukraine.\" Blinken said so.",
                  {"\"We must support Ukraine.\"", "Blinken said so."}},
        SplitCase{"curly quote then speaker",
                  "\xE2\x80\x9CWe must support Ukraine.\xE2\x80\x9D Blinken said so.",
                  {"\xE2\x80\x9CWe must support Ukraine.\xE2\x80\x9D", "Blinken said so."}},
        SplitCase{"quote with comma",
                  "\xE2\x80\x9CWe will win,\xE2\x80\x9D Zelensky said. Then.",
                  {"\xE2\x80\x9CWe will win,\xE2\x80\x9D Zelensky said.", "Then."}},
        SplitCase{"no split inside quotation",
                  "\"We act. We win,\" he said. Next.",
                  {"\"We act. We win,\" he said.", "Next."}},
        SplitCase{"question in quote then lower case",
                  "\"Why?\" he asked. Nobody answered.",
                  {"\"Why?\" he asked.", "Nobody answered."}},
        SplitCase{"no split inside parentheses",
                  "Officials (including Mr. Smith. He spoke) left. Then.",
                  {"Officials (including Mr. Smith. He spoke) left.", "Then."}},
        SplitCase{"decimals",
                  "Shares rose 1.14 percent to 45.31 rupees. Trading ended.",
                  {"Shares rose 1.14 percent to 45.31 rupees.", "Trading ended."}},
        SplitCase{"lower case after period",
                  "It cost 5 bn. in aid. Later.",
                  {"It cost 5 bn. in aid.", "Later."}},
        SplitCase{"paragraph break always",
                  "A heading without period\n\nBody text here",
                  {"A heading without period", "Body text here"}},
        SplitCase{"blanked line counts as blank",
                  "First part\n   \nSecond part",
                  {"First part", "Second part"}},
        SplitCase{"wrapped line does not split",
                  "NATO foreign ministers met in Brussels on Wednesday to discuss the\n"
                  "war in Ukraine and aid.",
                  {"NATO foreign ministers met in Brussels on Wednesday to discuss the\n"
                   "war in Ukraine and aid."}},
        SplitCase{"single newline after period",
                  "Russia attacked.\nukraine resisted.",
                  {"Russia attacked.", "ukraine resisted."}},
        SplitCase{"heading line",
                  "Ukraine war latest\nRussia attacked Kyiv on Monday.",
                  {"Ukraine war latest", "Russia attacked Kyiv on Monday."}},
        SplitCase{"dateline stays in sentence",
                  "BRUSSELS: US Secretary of State Antony Blinken said so.",
                  {"BRUSSELS: US Secretary of State Antony Blinken said so."}},
        SplitCase{"digit starts sentence",
                  "They fled. 450 troops landed.",
                  {"They fled.", "450 troops landed."}},
        SplitCase{"exclamation and question", "Stop! Why? Because.", {"Stop!", "Why?", "Because."}},
        SplitCase{"closing paren after period",
                  "He left. (He returned.) Then he slept.",
                  {"He left.", "(He returned.)", "Then he slept."}}));

TEST(SplitTest, TokensCarryOffsetsIntoTheWholeText) {
  const std::string text = "Russia attacked.  Ukraine\xE2\x80\x99s army resisted.";
  std::vector<Sentence> s = SplitSentences(text);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[1].begin, text.find("Ukraine"));
  EXPECT_EQ(s[1].end, text.size());
  ASSERT_GE(s[1].tokens.size(), 2u);
  EXPECT_EQ(s[1].tokens[0].text, "Ukraine");
  EXPECT_EQ(s[1].tokens[0].begin, s[1].begin);
  EXPECT_EQ(s[1].tokens[1].shape, TokenShape::kPossessive);
  EXPECT_EQ(text.substr(s[1].tokens[2].begin, 4), "army");
}

TEST(SplitTest, UnbalancedQuoteDoesNotSwallowTheParagraph) {
  std::vector<std::string> s = SentenceTexts("\"He left. Then she came. Then it ended.");
  EXPECT_EQ(s.size(), 3u);
}

// ---------------------------------------------------------- IsValidUtf8 ---

struct Utf8Case {
  const char* name;
  std::string bytes;
  bool valid;
  size_t bad_offset;
};

class Utf8Test : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(Utf8Test, Validates) {
  const Utf8Case& c = GetParam();
  size_t bad = 12345;
  EXPECT_EQ(IsValidUtf8(c.bytes, &bad), c.valid) << c.name;
  if (!c.valid) {
    EXPECT_EQ(bad, c.bad_offset) << c.name;
  }
  EXPECT_EQ(IsValidUtf8(c.bytes), c.valid) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Utf8Test,
    ::testing::Values(Utf8Case{"ascii", "hello", true, 0}, Utf8Case{"empty", "", true, 0},
                      Utf8Case{"two byte", "caf\xC3\xA9", true, 0},
                      Utf8Case{"three byte", "\xE2\x80\x9C", true, 0},
                      Utf8Case{"four byte", "\xF0\x9F\x98\x80", true, 0},
                      Utf8Case{"max code point", "\xF4\x8F\xBF\xBF", true, 0},
                      Utf8Case{"overlong two byte", "ab\xC0\xAF", false, 2},
                      Utf8Case{"overlong three byte", "\xE0\x80\xAF", false, 0},
                      Utf8Case{"overlong four byte", "x\xF0\x80\x80\xAF", false, 1},
                      Utf8Case{"surrogate", "a\xED\xA0\x80", false, 1},
                      Utf8Case{"above U+10FFFF", "\xF4\x90\x80\x80", false, 0},
                      Utf8Case{"lead F5", "\xF5\x80\x80\x80", false, 0},
                      Utf8Case{"lone continuation", "abc\x80", false, 3},
                      Utf8Case{"truncated", "abc\xE2\x80", false, 3},
                      Utf8Case{"bad continuation", "\xC3\x28", false, 0},
                      Utf8Case{"latin-1 byte", "caf\xE9 ok", false, 3}));

TEST(AsciiLowerTest, LowersOnlyAscii) {
  EXPECT_EQ(AsciiLower("NATO U.S. \xC3\x89mile"), "nato u.s. \xC3\x89mile");
  EXPECT_EQ(AsciiLower(""), "");
}

// ---------------------------------------------------------- BlankNoise ---

struct NoiseCase {
  const char* line;
  bool noise;
};

class NoiseLineTest : public ::testing::TestWithParam<NoiseCase> {};

TEST_P(NoiseLineTest, BlanksOnlyNoise) {
  const NoiseCase& c = GetParam();
  const std::string text = std::string(c.line) + "\n";
  std::string out = BlankNoise(text, "Some unrelated headline");
  ASSERT_EQ(out.size(), text.size());
  bool blanked = out.find_first_not_of(" \n") == std::string::npos;
  EXPECT_EQ(blanked, c.noise) << c.line << " -> [" << out << "]";
}

INSTANTIATE_TEST_SUITE_P(
    Cases, NoiseLineTest,
    ::testing::Values(
        NoiseCase{" date 2024-02-01 HBL 101.20 Decreased By \xE2\x96\xBC -0.80 (-0.78%)", true},
        NoiseCase{"OGDC 88.10 +1.25 (1.44%)", true},
        NoiseCase{"Reuters Published 1 Feb, 2024 09:10pm", true},
        NoiseCase{"Published March 3, 2022", true},
        NoiseCase{"Updated 12 Jan 2024, 10:02 GMT", true},
        NoiseCase{"By Jane Doe and John Roe", true}, NoiseCase{"AFP", true},
        NoiseCase{"\xE2\x80\x94 Reuters", true}, NoiseCase{"(AP)", true},
        NoiseCase{"Reuters/AFP", true}, NoiseCase{"Photo: AFP", true},
        NoiseCase{"(Photo by John Smith/Getty Images)", true},
        NoiseCase{"Soldiers fire artillery near Bakhmut. Photo: Reuters", true},
        NoiseCase{"File photo", true}, NoiseCase{"Image copyright Getty Images", true},
        NoiseCase{"Read more: Ukraine asks for more air defence", true},
        NoiseCase{"Related: NATO summit ends", true}, NoiseCase{"Also read | Talks stall", true},
        NoiseCase{"Follow us on Twitter", true}, NoiseCase{"Subscribe to our channel", true},
        NoiseCase{"Sign up for our newsletter", true},
        NoiseCase{"Download the app for breaking news", true},
        NoiseCase{"Media playback is unsupported on your device", true},
        NoiseCase{"Watch: Blinken speaks in Brussels", true},
        NoiseCase{"We stand with Ukraine pic.twitter.com/AbCdEf", true},
        NoiseCase{"\xE2\x80\x94 Antony Blinken (@SecBlinken) November 29, 2023", true},
        // Ordinary sentences must survive.
        NoiseCase{"Russia said on Wednesday it had captured the village.", false},
        NoiseCase{"By Friday, troops had withdrawn from the city.", false},
        NoiseCase{"Subscribers to the service lost access.", false},
        NoiseCase{"Reuters reported that talks had stalled.", false},
        NoiseCase{"The agency published its report on 30 November 2023.", false},
        NoiseCase{"AP reporters saw the convoy cross the border.", false},
        NoiseCase{"Watchdogs warned about the vote.", false},
        NoiseCase{"Related talks will follow next week.", false}));

TEST(BlankNoiseTest, SeedShapedHeader) {
  const std::string text = ReadFixture("seed_shaped.txt");
  ASSERT_FALSE(text.empty()) << "fixture missing";
  const std::string title =
      "EU says \xE2\x80\x98"
      "firm and lasting\xE2\x80\x99 support for Moldova";
  std::string out = BlankNoise(text, title);
  ASSERT_EQ(out.size(), text.size());
  // Every newline stays where it was, so all offsets remain valid.
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      EXPECT_EQ(out[i], '\n') << i;
    }
  }
  EXPECT_EQ(out.find("BAFL"), std::string::npos);
  EXPECT_EQ(out.find("Published"), std::string::npos);
  EXPECT_EQ(out.find("lasting"), std::string::npos);
  EXPECT_EQ(out.find("BRUSSELS"), std::string::npos);
  EXPECT_EQ(out.find("Read more"), std::string::npos);
  EXPECT_EQ(out.find("pic.twitter"), std::string::npos);
  EXPECT_EQ(out.find("Photo:"), std::string::npos);
  // The body, from the word after the dateline, is untouched.
  size_t body = text.find("EU foreign policy chief");
  ASSERT_NE(body, std::string::npos);
  EXPECT_EQ(out.substr(body, 40), text.substr(body, 40));
  EXPECT_NE(out.find("Moldova will receive"), std::string::npos);
  EXPECT_NE(out.find("Kallas said."), std::string::npos);
  // Sentences of the cleaned text start at the body.
  std::vector<Sentence> s = SplitSentences(out);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].begin, body);
}

struct DatelineCase {
  const char* line;
  const char* first_kept;  // First body word kept, or "" when nothing is blanked.
};

class DatelineTest : public ::testing::TestWithParam<DatelineCase> {};

TEST_P(DatelineTest, BlanksLeadingDateline) {
  const DatelineCase& c = GetParam();
  const std::string text = std::string(c.line) + "\n\nSecond paragraph stays.";
  std::string out = BlankNoise(text, "");
  if (*c.first_kept == '\0') {
    EXPECT_EQ(out, text);
  } else {
    size_t at = text.find(c.first_kept);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(out.find_first_not_of(' '), at) << out;
    EXPECT_EQ(out.substr(at), text.substr(at));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DatelineTest,
    ::testing::Values(
        DatelineCase{"BRUSSELS: US Secretary of State Antony Blinken said on Wednesday.",
                     "US Secretary"},
        DatelineCase{"KYIV, Ukraine (AP) \xE2\x80\x94 Russian forces attacked the city.",
                     "Russian"},
        DatelineCase{"WASHINGTON (Reuters) - The United States imposed new sanctions.", "The"},
        DatelineCase{"LONDON \xE2\x80\x94 Britain summoned the ambassador on Monday.", "Britain"},
        DatelineCase{"NEW YORK, Nov 30 (Reuters) - Oil prices fell sharply today.", "Oil"},
        DatelineCase{"UNITED NATIONS (AP) \xE2\x80\x94 The Security Council voted.", "The"},
        DatelineCase{"Russia said on Wednesday that it had taken the town.", ""},
        DatelineCase{"US: officials deny it all today in a statement.", ""},
        DatelineCase{"NATO allies met in Brussels - and agreed on aid.", ""}));

TEST(BlankNoiseTest, DatelineOnlyInFirstBodyParagraph) {
  const std::string text =
      "Russia attacked Kyiv on Monday, officials said in a statement.\n\n"
      "LONDON \xE2\x80\x94 Britain summoned the ambassador.";
  EXPECT_EQ(BlankNoise(text, ""), text);
}

TEST(BlankNoiseTest, TitleLineMatchesDespiteQuotesAndCase) {
  const std::string text = "US says 'must and will' continue backing Ukraine\n\nBody sentence.";
  std::string out =
      BlankNoise(text, "US says \xE2\x80\x98must and will\xE2\x80\x99 continue backing ukraine");
  EXPECT_EQ(out.find("backing"), std::string::npos);
  EXPECT_NE(out.find("Body sentence."), std::string::npos);
}

}  // namespace
}  // namespace geokg::text
