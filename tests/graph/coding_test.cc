// The byte encoding of graph/src/coding.h: order of keys, record round trips.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "../../graph/src/coding.h"

namespace geokg {
namespace {

using namespace coding;  // NOLINT: the whole file tests this namespace.

TEST(CodingTest, FixedWidthIsBigEndianAndOrdered) {
  std::string a;
  PutFixed32(&a, 0x01020304);
  EXPECT_EQ(a, std::string("\x01\x02\x03\x04", 4));
  const uint32_t values[] = {0, 1, 255, 256, 65535, 65536, 20231130, 0x7fffffff, 0xffffffff};
  for (size_t i = 0; i + 1 < std::size(values); ++i) {
    std::string x, y;
    PutFixed32(&x, values[i]);
    PutFixed32(&y, values[i + 1]);
    EXPECT_LT(x, y) << values[i] << " vs " << values[i + 1];
    EXPECT_EQ(DecodeFixed32(x.data()), values[i]);
  }
  std::string b;
  PutFixed64(&b, 0x0102030405060708ull);
  EXPECT_EQ(DecodeFixed64(b.data()), 0x0102030405060708ull);
}

TEST(CodingTest, VarintRoundTrip) {
  for (uint32_t v : {0u, 1u, 127u, 128u, 16383u, 16384u, 0xffffffffu}) {
    std::string s;
    PutVarint32(&s, v);
    std::string_view in = s;
    uint32_t out = 0;
    ASSERT_TRUE(GetVarint32(&in, &out));
    EXPECT_EQ(out, v);
    EXPECT_TRUE(in.empty());
  }
  std::string_view truncated("\x80", 1);
  uint32_t out = 0;
  EXPECT_FALSE(GetVarint32(&truncated, &out));
}

TEST(CodingTest, IndexKeysOrderByRelationThenDate) {
  // Keys of one subject sorted bytewise must come out in (relation, date,
  // object) order with numeric, not lexical, comparison of each field.
  std::vector<StoredTriple> triples;
  for (Relation r : {Relation::kAssault, Relation::kRepresents, Relation::kAgree}) {
    for (uint32_t date : {20231130u, 0u, 20240101u, 9991231u}) {
      for (EntityId object : {300u, 2u, 70000u}) {
        StoredTriple t;
        t.subject = 42;
        t.relation = r;
        t.date.yyyymmdd = date;
        t.object = object;
        t.article = 7;
        triples.push_back(t);
      }
    }
  }
  std::vector<std::pair<std::string, size_t>> keys;
  for (size_t i = 0; i < triples.size(); ++i) keys.emplace_back(OutKey(triples[i]), i);
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    const StoredTriple& a = triples[keys[i].second];
    const StoredTriple& b = triples[keys[i + 1].second];
    auto tuple = [](const StoredTriple& t) {
      return std::make_tuple(static_cast<int>(t.relation), t.date.yyyymmdd, t.object);
    };
    EXPECT_LT(tuple(a), tuple(b));
  }
  for (const auto& [key, index] : keys) {
    EXPECT_EQ(key.size(), kIndexKeySize);
    IndexEntry e;
    ASSERT_TRUE(ParseIndexKey(key, &e));
    EXPECT_EQ(e.entity, 42u);
    EXPECT_EQ(e.relation, triples[index].relation);
    EXPECT_EQ(e.date, triples[index].date);
    EXPECT_EQ(e.other, triples[index].object);
    EXPECT_EQ(e.article, 7u);
  }
}

TEST(CodingTest, TimeKeysOrderByDate) {
  const uint32_t dates[] = {0, 19991231, 20000101, 20231130, 20231201};
  for (size_t i = 0; i + 1 < std::size(dates); ++i) {
    StoredTriple a, b;
    a.date.yyyymmdd = dates[i];
    a.article = 900;  // A later article must not reorder earlier dates.
    b.date.yyyymmdd = dates[i + 1];
    EXPECT_LT(TimeKey(a), TimeKey(b));
  }
  StoredTriple t;
  t.date = Date::FromYmd(2023, 5, 6);
  t.article = 3;
  t.ordinal = 9;
  TimeEntry e;
  ASSERT_TRUE(ParseTimeKey(TimeKey(t), &e));
  EXPECT_EQ(e.date, t.date);
  EXPECT_EQ(e.article, 3u);
  EXPECT_EQ(e.ordinal, 9u);
  EXPECT_LE(TimeSeekKey(t.date), TimeKey(t));
}

TEST(CodingTest, InKeyMirrorsOutKey) {
  StoredTriple t;
  t.subject = 1;
  t.object = 2;
  t.relation = Relation::kSanction;
  t.date.yyyymmdd = 20230101;
  IndexEntry out, in;
  ASSERT_TRUE(ParseIndexKey(OutKey(t), &out));
  ASSERT_TRUE(ParseIndexKey(InKey(t), &in));
  EXPECT_EQ(out.entity, 1u);
  EXPECT_EQ(out.other, 2u);
  EXPECT_EQ(in.entity, 2u);
  EXPECT_EQ(in.other, 1u);
  EXPECT_NE(OutKey(t)[0], InKey(t)[0]);
}

TEST(CodingTest, RecordsRoundTrip) {
  StoredEntity e;
  e.name = "United States";
  e.type = EntityType::kGpe;
  e.aliases = {"US", "United States", "Washington"};
  StoredEntity e2;
  ASSERT_TRUE(DecodeEntity(5, EncodeEntity(e), &e2));
  EXPECT_EQ(e2.id, 5u);
  EXPECT_EQ(e2.name, e.name);
  EXPECT_EQ(e2.type, e.type);
  EXPECT_EQ(e2.aliases, e.aliases);

  StoredArticle a;
  a.key = "feed.jsonl:3";
  a.title = "Title";
  a.date = Date::FromYmd(2023, 11, 30);
  a.date_source = DateSource::kText;
  a.content_hash = 0xdeadbeefcafef00dull;
  a.triple_count = 12;
  StoredArticle a2;
  ASSERT_TRUE(DecodeArticle(9, EncodeArticle(a), &a2));
  EXPECT_EQ(a2.id, 9u);
  EXPECT_EQ(a2.key, a.key);
  EXPECT_EQ(a2.title, a.title);
  EXPECT_EQ(a2.date, a.date);
  EXPECT_EQ(a2.date_source, a.date_source);
  EXPECT_EQ(a2.content_hash, a.content_hash);
  EXPECT_EQ(a2.triple_count, 12u);

  StoredTriple t;
  t.subject = 1;
  t.object = 70000;
  t.relation = Relation::kThreaten;
  t.date = Date::FromYmd(2022, 2, 24);
  t.negated = true;
  t.confidence = 0.75f;
  t.sentence = 300;
  t.predicate = "threatened";
  t.evidence = std::string("with \0 byte", 11);
  StoredTriple t2;
  ASSERT_TRUE(DecodeFact(4, 2, EncodeFact(t), &t2));
  EXPECT_EQ(t2.subject, 1u);
  EXPECT_EQ(t2.object, 70000u);
  EXPECT_EQ(t2.relation, t.relation);
  EXPECT_EQ(t2.date, t.date);
  EXPECT_TRUE(t2.negated);
  EXPECT_FLOAT_EQ(t2.confidence, 0.75f);
  EXPECT_EQ(t2.sentence, 300u);
  EXPECT_EQ(t2.predicate, t.predicate);
  EXPECT_EQ(t2.evidence, t.evidence);
  EXPECT_EQ(t2.article, 4u);
  EXPECT_EQ(t2.ordinal, 2u);

  // Truncated records are rejected, not misread.
  const std::string fact = EncodeFact(t);
  for (size_t n = 0; n < fact.size(); ++n) {
    EXPECT_FALSE(DecodeFact(4, 2, fact.substr(0, n), &t2)) << n;
  }
}

TEST(CodingTest, NormalizeName) {
  struct Case {
    std::string_view in;
    std::string_view want;
  };
  const Case cases[] = {
      {"United States", "united states"},
      {"  U.S.  Army ", "u.s. army"},
      {"Hamas\t\nMovement", "hamas movement"},
      {"TÜRKİYE", "türkiye"},
      {"ÉLYSÉE", "élysée"},
      {"ŁÓDŹ", "łódź"},
      {"МОСКВА", "москва"},
      {"ΑΘΗΝΑ", "αθηνα"},
      {std::string_view("a\0b", 3), "ab"},
      {"北京", "北京"},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(NormalizeName(c.in), c.want) << c.in;
}

TEST(CodingTest, Fnv1aKnownValues) {
  // Reference values of 64-bit FNV-1a.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

// Fnv1a64Many hashes each text as Fnv1a64 does, for any mix of lengths
// (empty ones too) and counts, lanes ending and refilling at any point.
TEST(CodingTest, Fnv1aManyEqualsOneByOne) {
  std::mt19937 rng(5);
  for (size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 200}) {
    for (int round = 0; round < 5; ++round) {
      std::vector<std::string> texts(n);
      for (std::string& t : texts) {
        const size_t size = rng() % 4 == 0 ? 0 : rng() % (round == 0 ? 3 : 900);
        for (size_t i = 0; i < size; ++i) t.push_back(static_cast<char>(rng()));
      }
      std::vector<std::string_view> views(texts.begin(), texts.end());
      std::vector<uint64_t> hashes(n, 42);
      Fnv1a64Many(views.data(), n, hashes.data());
      for (size_t i = 0; i < n; ++i) {
        EXPECT_EQ(hashes[i], Fnv1a64(texts[i])) << n << " texts, round " << round << ", " << i;
      }
    }
  }
}

TEST(CodingTest, AliasKeysGroupByAlias) {
  // "us" must not be a prefix-match of "usa": the 0x00 separator ends it.
  const std::string us = AliasPrefix("us");
  EXPECT_NE(AliasKey("usa", 1).substr(0, us.size()), us);
  EntityId id = 0;
  ASSERT_TRUE(ParseAliasKey(AliasKey("us", 77), &id));
  EXPECT_EQ(id, 77u);
  EXPECT_LT(AliasKey("us", 1), AliasKey("us", 2));
}

}  // namespace
}  // namespace geokg
