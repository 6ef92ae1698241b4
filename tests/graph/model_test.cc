// Round trips of the plain value types in graph.h.
#include <gtest/gtest.h>

#include "geokg/graph.h"

namespace geokg {
namespace {

TEST(StatusTest, ToStringNamesTheCode) {
  struct Case {
    Status status;
    std::string want;
  };
  const Case cases[] = {
      {Status::Ok(), "OK"},
      {Status::NotFound("x"), "NotFound: x"},
      {Status::InvalidArgument("bad"), "Invalid argument: bad"},
      {Status::Corruption("c"), "Corruption: c"},
      {Status::IOError("disk"), "IO error: disk"},
      {Status::Busy("held"), "Busy: held"},
  };
  for (const Case& c : cases) EXPECT_EQ(c.status.ToString(), c.want);
  EXPECT_TRUE(Status::NotFound("x").IsNotFound());
  EXPECT_FALSE(Status::Busy("x").ok());
}

TEST(EntityTypeTest, NamesRoundTrip) {
  for (int i = 0; i <= static_cast<int>(EntityType::kOther); ++i) {
    const auto type = static_cast<EntityType>(i);
    EntityType parsed = EntityType::kOther;
    ASSERT_TRUE(ParseEntityType(EntityTypeName(type), &parsed)) << i;
    EXPECT_EQ(parsed, type);
  }
  EntityType parsed = EntityType::kOther;
  EXPECT_TRUE(ParseEntityType("gpe", &parsed));
  EXPECT_EQ(parsed, EntityType::kGpe);
  EXPECT_FALSE(ParseEntityType("LOC", &parsed));
  EXPECT_FALSE(ParseEntityType("", &parsed));
}

TEST(RelationTest, NamesRoundTrip) {
  for (int i = 0; i < kRelationCount; ++i) {
    const auto relation = static_cast<Relation>(i);
    Relation parsed = Relation::kRepresents;
    ASSERT_TRUE(ParseRelation(RelationName(relation), &parsed)) << i;
    EXPECT_EQ(parsed, relation);
  }
  struct Case {
    Relation relation;
    std::string_view name;
    int valence;
    bool symmetric;
  };
  const Case cases[] = {
      {Relation::kRepresents, "represents", 0, false},
      {Relation::kMemberOf, "member_of", 0, false},
      {Relation::kAgree, "agree", 1, true},
      {Relation::kConsult, "consult", 1, true},
      {Relation::kCooperate, "cooperate", 1, true},
      {Relation::kRetreat, "retreat", 1, false},
      {Relation::kRequest, "request", 0, false},
      {Relation::kAccuse, "accuse", -1, false},
      {Relation::kAssault, "assault", -1, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RelationName(c.relation), c.name);
    EXPECT_EQ(RelationValence(c.relation), c.valence) << c.name;
    EXPECT_EQ(IsSymmetric(c.relation), c.symmetric) << c.name;
  }
  Relation parsed = Relation::kRepresents;
  EXPECT_TRUE(ParseRelation("ASSAULT", &parsed));
  EXPECT_EQ(parsed, Relation::kAssault);
  EXPECT_FALSE(ParseRelation("attack", &parsed));
}

TEST(DateTest, ParsesValidForms) {
  struct Case {
    std::string_view text;
    uint32_t want;
    std::string_view printed;
  };
  const Case cases[] = {
      {"2023-11-30", 20231130, "2023-11-30"}, {"2023-11", 20231101, "2023-11-01"},
      {"2023", 20230101, "2023-01-01"},       {"2024-02-29", 20240229, "2024-02-29"},
      {"2000-02-29", 20000229, "2000-02-29"}, {"0001-01-01", 10101, "0001-01-01"},
  };
  for (const Case& c : cases) {
    Result<Date> d = Date::Parse(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status().ToString();
    EXPECT_EQ(d->yyyymmdd, c.want);
    EXPECT_EQ(d->ToString(), c.printed);
  }
}

TEST(DateTest, RejectsInvalidForms) {
  const std::string_view cases[] = {"",           "23",          "2023-13-01", "2023-00-10",
                                    "2023-02-29", "1900-02-29",  "2023-04-31", "2023-1-5",
                                    "2023/11/30", "2023-11-30x", "0000-01-01", "abcd"};
  for (std::string_view text : cases) {
    Result<Date> d = Date::Parse(text);
    EXPECT_FALSE(d.ok()) << text;
    if (!d.ok()) {
      EXPECT_EQ(d.status().code(), Status::Code::kInvalidArgument);
    }
  }
}

TEST(DateTest, FromYmdValidatesAndOrders) {
  EXPECT_EQ(Date::FromYmd(2023, 11, 30).yyyymmdd, 20231130u);
  EXPECT_FALSE(Date::FromYmd(2023, 2, 30).known());
  EXPECT_FALSE(Date::FromYmd(2023, 0, 1).known());
  EXPECT_FALSE(Date::FromYmd(10000, 1, 1).known());
  EXPECT_TRUE(Date::FromYmd(2023, 1, 31) < Date::FromYmd(2023, 2, 1));
  EXPECT_EQ(Date().ToString(), "");
  const Date d = Date::FromYmd(1999, 12, 31);
  EXPECT_EQ(d.year(), 1999);
  EXPECT_EQ(d.month(), 12);
  EXPECT_EQ(d.day(), 31);
}

TEST(DateSourceTest, Names) {
  EXPECT_EQ(DateSourceName(DateSource::kUnknown), "unknown");
  EXPECT_EQ(DateSourceName(DateSource::kMetadata), "metadata");
  EXPECT_EQ(DateSourceName(DateSource::kText), "text");
}

TEST(TripleFilterTest, AcceptsByDateAndRelation) {
  StoredTriple t;
  t.relation = Relation::kAccuse;
  const Date nov = Date::FromYmd(2023, 11, 15);
  const Date oct = Date::FromYmd(2023, 10, 1);
  const Date dec = Date::FromYmd(2023, 12, 31);
  struct Case {
    Date since, until;
    std::vector<Relation> relations;
    Date date;
    bool want;
  };
  const Case cases[] = {
      {{}, {}, {}, {}, true},    // Open window takes unknown dates.
      {oct, {}, {}, {}, false},  // Closed on one side: unknown out.
      {{}, dec, {}, {}, false},
      {oct, dec, {}, nov, true},
      {oct, dec, {}, oct, true},  // Inclusive bounds.
      {oct, dec, {}, dec, true},
      {nov, dec, {}, oct, false},
      {oct, nov, {}, dec, false},
      {{}, {}, {Relation::kAgree}, nov, false},
      {{}, {}, {Relation::kAgree, Relation::kAccuse}, nov, true},
  };
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    TripleFilter f;
    f.since = c.since;
    f.until = c.until;
    f.relations = c.relations;
    t.date = c.date;
    EXPECT_EQ(f.Accepts(t), c.want) << "case " << i;
  }
}

}  // namespace
}  // namespace geokg
