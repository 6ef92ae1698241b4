// Tests for the actor index: dated roles from the committed data/actors.tsv
// (generated from the Phoenix dictionaries and CountryInfo), the date rule on
// small hand-written files, and corrupt-input handling.
#include "../../extract/src/actors.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace geokg {
namespace {

const std::string kActorsPath = std::string(GEOKG_SOURCE_DIR) + "/data/actors.tsv";

std::string WriteTemp(const std::string& name, const std::string& contents) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  return path;
}

Date D(int y, int m, int d) { return Date::FromYmd(y, m, d); }

class ActorIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = ActorIndex::Load(kActorsPath);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    index_ = new ActorIndex(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete index_;
    index_ = nullptr;
  }
  static ActorIndex* index_;
};

ActorIndex* ActorIndexTest::index_ = nullptr;

struct RoleCase {
  std::string query;  // As a mention might spell it.
  Date date;
  std::string name;          // Expected canonical name.
  std::string organisation;  // "" = no role in force.
  EntityType type;
  std::string code;
};

// Real entries. Putin (Phoenix.Countries): [RUSELI 700101-990809]
// [RUSGOV 991231-080507] [RUSGOV 990809-000507] [RUSGOV >080508] [RUSELI].
// Ban Ki-moon: [KORGOVBUS 041001-061130] (Countries), [IGOUNO >20070101]
// (International). Medvedev: [RUSGOV 051201-070228] [RUSGOV >080507] [RUSELI].
// Kofi Annan: [IGOUNO 970101-061231] and an [ELI] without a country.
TEST_F(ActorIndexTest, RoleOnRealDictionaryEntries) {
  const RoleCase cases[] = {
      {"Vladimir Putin", D(1999, 8, 8), "Vladimir Putin", "Russia", EntityType::kGpe, "RUSELI"},
      {"Vladimir Putin", D(1999, 8, 10), "Vladimir Putin", "Russia", EntityType::kGpe, "RUSGOV"},
      {"Vladimir Putin", D(2010, 6, 1), "Vladimir Putin", "Russia", EntityType::kGpe, "RUSGOV"},
      {"Vladimir Putin", D(1960, 1, 1), "Vladimir Putin", "Russia", EntityType::kGpe, "RUSELI"},
      {"Vladimir Putin", Date(), "Vladimir Putin", "Russia", EntityType::kGpe, "RUSELI"},
      {"Ban Ki-moon", D(2005, 6, 1), "Ban Ki Moon", "South Korea", EntityType::kGpe, "KORGOVBUS"},
      {"Ban Ki-moon", D(2010, 3, 1), "Ban Ki Moon", "United Nations", EntityType::kOrg, "IGOUNO"},
      {"Ban Ki-moon", D(2006, 12, 15), "Ban Ki Moon", "", EntityType::kOther, ""},
      {"Dmitry Medvedev", D(2006, 1, 1), "Dmitry Medvedev", "Russia", EntityType::kGpe, "RUSGOV"},
      // Between his two RUSGOV spans only the undated default holds.
      {"Dmitry Medvedev", D(2007, 6, 1), "Dmitry Medvedev", "Russia", EntityType::kGpe, "RUSELI"},
      {"Kofi Annan", D(2000, 1, 1), "Kofi Annan", "United Nations", EntityType::kOrg, "IGOUNO"},
      {"Kofi Annan", D(2010, 1, 1), "Kofi Annan", "", EntityType::kOther, ""},
  };
  for (const RoleCase& c : cases) {
    SCOPED_TRACE(c.query + " on " + c.date.ToString());
    const Actor* actor = index_->Find(c.query);
    ASSERT_NE(actor, nullptr);
    EXPECT_EQ(actor->name, c.name);
    const ActorRole* role = ActorIndex::RoleOn(*actor, c.date);
    if (c.organisation.empty()) {
      EXPECT_EQ(role, nullptr) << role->organisation << " " << role->code;
      continue;
    }
    ASSERT_NE(role, nullptr);
    EXPECT_EQ(role->organisation, c.organisation);
    EXPECT_EQ(role->organisation_type, c.type);
    EXPECT_EQ(role->code, c.code);
  }
}

TEST_F(ActorIndexTest, FindNormalisesAndUsesAliases) {
  struct Case {
    std::string query;
    std::string name;  // "" = not found.
  };
  const Case cases[] = {
      {"Vladimir V. Putin", "Vladimir Putin"},             // Alias with an initial.
      {"VLADIMIR VLADIMIROVICH PUTIN", "Vladimir Putin"},  // Alias, any case.
      {"Dmitriy Anatolyevich Medvedev", "Dmitry Medvedev"},
      {"  ban   ki moon ", "Ban Ki Moon"},  // Spaces collapsed, hyphen-free.
      {"Ban Ki-Moon", "Ban Ki Moon"},
      {"Gerald Rudolph Ford", "Gerald R. Ford"},
      {"Vladimir", ""},  // First names alone are not keys.
      {"Putin", ""},
      {"John Q. Nobody", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("'" + c.query + "'");
    const Actor* actor = index_->Find(c.query);
    if (c.name.empty()) {
      EXPECT_EQ(actor, nullptr) << actor->name;
    } else {
      ASSERT_NE(actor, nullptr);
      EXPECT_EQ(actor->name, c.name);
    }
  }
  EXPECT_GT(index_->size(), 10000u);
}

// Every committed role names a gazetteer-style organisation and a code.
TEST_F(ActorIndexTest, CommittedRolesAreWellFormed) {
  const Actor* putin = index_->Find("Vladimir Putin");
  ASSERT_NE(putin, nullptr);
  // Phoenix and CountryInfo list the same spans; merging keeps one copy.
  int rusgov_1999 = 0;
  for (const ActorRole& r : putin->roles) {
    EXPECT_FALSE(r.organisation.empty());
    EXPECT_FALSE(r.code.empty());
    if (r.code == "RUSGOV" && r.from == D(1999, 12, 31)) ++rusgov_1999;
  }
  EXPECT_EQ(rusgov_1999, 1);
}

// The date rule on a hand-written file: dictionary order decides overlaps,
// open ends, the default, and the fallback for an unknown date.
TEST(ActorRoleOnTest, DateRule) {
  const std::string path = WriteTemp("actors_rule.tsv",
                                     "# test\n"
                                     "Ann Example\t\tAland|GPE|2000-01-01|2004-12-31|ALAGOV;"
                                     "Bland|GPE|2003-01-01||BLAGOV;Aland|GPE|||ALAELI\n"
                                     "Bob Example\t\tUnited Nations|ORG||1999-12-31|IGOUNO;"
                                     "Hamas|GROUP|2001-01-01|2002-12-31|IMGHAM;"
                                     "Cland|GPE|2005-01-01|2006-01-01|CLAGOV\n");
  auto loaded = ActorIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 2u);
  struct Case {
    std::string name;
    Date date;
    std::string code;  // "" = nullptr.
  };
  const Case cases[] = {
      {"Ann Example", D(1999, 12, 31), "ALAELI"},  // Before every span: the default.
      {"Ann Example", D(2000, 1, 1), "ALAGOV"},    // Inclusive start.
      {"Ann Example", D(2004, 6, 1), "ALAGOV"},    // Overlap: the first listed wins.
      {"Ann Example", D(2004, 12, 31), "ALAGOV"},  // Inclusive end.
      {"Ann Example", D(2005, 1, 1), "BLAGOV"},    // Open end.
      {"Ann Example", Date(), "ALAELI"},           // Unknown date: the default.
      {"Bob Example", D(1950, 1, 1), "IGOUNO"},    // Open start.
      {"Bob Example", D(2000, 6, 1), ""},          // No span, no default.
      {"Bob Example", D(2002, 12, 31), "IMGHAM"},
      {"Bob Example", Date(), "CLAGOV"},  // Unknown date, no default: latest start.
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name + " on " + c.date.ToString());
    const Actor* actor = loaded->Find(c.name);
    ASSERT_NE(actor, nullptr);
    const ActorRole* role = ActorIndex::RoleOn(*actor, c.date);
    if (c.code.empty()) {
      EXPECT_EQ(role, nullptr);
    } else {
      ASSERT_NE(role, nullptr);
      EXPECT_EQ(role->code, c.code);
    }
  }
  const Actor* bob = loaded->Find("bob example");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->roles[1].organisation_type, EntityType::kGroup);
  EXPECT_EQ(bob->roles[1].organisation, "Hamas");
}

// A name keeps its key against another person's alias, whatever the order.
TEST(ActorRoleOnTest, NamesWinOverAliases) {
  const std::string path = WriteTemp("actors_alias.tsv",
                                     "Ann Example\tBob Example|A. Example\tAland|GPE|||ALAGOV\n"
                                     "Bob Example\t\tBland|GPE|||BLAGOV\n");
  auto loaded = ActorIndex::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_NE(loaded->Find("Bob Example"), nullptr);
  EXPECT_EQ(loaded->Find("Bob Example")->name, "Bob Example");
  ASSERT_NE(loaded->Find("a example"), nullptr);
  EXPECT_EQ(loaded->Find("A Example")->name, "Ann Example");
}

TEST(ActorLoadTest, CorruptionNamesFileAndLine) {
  struct Case {
    std::string label;
    std::string contents;
    std::string line;  // Expected ":<line>:" in the message.
  };
  const std::string good = "Ann Example\t\tAland|GPE|||ALAGOV\n";
  const Case cases[] = {
      {"two fields", "# header\n" + good + "Bob Example\tAland|GPE|||X\n", ":3:"},
      {"four role fields", good + "Bob Example\t\tAland|GPE||X\n", ":2:"},
      {"bad type", good + "\n" + "Bob Example\t\tAland|PERSON|||X\n", ":3:"},
      {"unknown type", "Bob Example\t\tAland|STATE|||X\n", ":1:"},
      {"bad date", good + "Bob Example\t\tAland|GPE|2001-02-30||X\n", ":2:"},
      {"short date", good + "Bob Example\t\tAland|GPE|2001||X\n", ":2:"},
      {"reversed span", good + "Bob Example\t\tAland|GPE|2002-01-01|2001-01-01|X\n", ":2:"},
      {"empty organisation", good + "Bob Example\t\t|GPE|||X\n", ":2:"},
      {"duplicate name", good + "ann-example\t\tBland|GPE|||X\n", ":2:"},
      {"empty name", good + ".\t\tAland|GPE|||X\n", ":2:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    const std::string path = WriteTemp("actors_bad.tsv", c.contents);
    auto loaded = ActorIndex::Load(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption);
    const std::string message = loaded.status().ToString();
    EXPECT_NE(message.find("actors_bad.tsv" + c.line), std::string::npos) << message;
  }
}

TEST(ActorLoadTest, MissingFileIsNotFound) {
  auto loaded = ActorIndex::Load(::testing::TempDir() + "/no-such-actors.tsv");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace geokg
