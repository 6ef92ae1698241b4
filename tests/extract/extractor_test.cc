// End-to-end tests of the extractor on short texts written for these tests:
// entities with canonical names, represents from role phrases, events from
// the lexicon with their grammar (passive, nominal, coordination, negation,
// reported speech), and the cross-article memory.
#include <algorithm>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "geokg/extract.h"
#include "shared_extractor.h"

namespace geokg {
namespace {

class ExtractorTest : public ::testing::Test {
 protected:
  static ArticleExtraction Run(const std::string& text, ActorMemory* memory = nullptr) {
    return testing::ExtractText(text, memory);
  }

  static bool HasTriple(const ArticleExtraction& x, const std::string& s, Relation r,
                        const std::string& o, bool negated = false) {
    return std::any_of(x.triples.begin(), x.triples.end(), [&](const Triple& t) {
      return t.subject == s && t.relation == r && t.object == o && t.negated == negated;
    });
  }

  static const EntityMention* FindEntity(const ArticleExtraction& x, const std::string& name) {
    for (const auto& e : x.entities) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }

  static std::string Dump(const ArticleExtraction& x) {
    std::ostringstream out;
    WriteRecordsJsonl(x, out);
    return out.str();
  }

  // Not null: SetUp fails the test first.
  const Extractor* extractor_ = nullptr;
  void SetUp() override {
    extractor_ = testing::SharedExtractor();
    ASSERT_NE(extractor_, nullptr);
  }
};

struct EntityCase {
  const char* text;
  const char* name;
  EntityType type;
};

TEST_F(ExtractorTest, FindsEntitiesWithCanonicalNames) {
  const EntityCase cases[] = {
      {"Washington said it would respond.", "United States", EntityType::kGpe},
      {"Officials in the U.S. disagreed with the plan.", "United States", EntityType::kGpe},
      {"Kyiv rejected the offer on Tuesday.", "Ukraine", EntityType::kGpe},
      {"Russian forces shelled the town.", "Russia", EntityType::kGpe},
      {"The Kremlin denied the report.", "Russia", EntityType::kGpe},
      {"NATO leaders met in Brussels.", "NATO", EntityType::kOrg},
      {"The North Atlantic Treaty Organization met.", "NATO", EntityType::kOrg},
      {"Hamas fired rockets overnight.", "Hamas", EntityType::kGroup},
      {"Foreign minister Dmytro Kuleba spoke to reporters.", "Dmytro Kuleba", EntityType::kPerson},
      {"The Kenyan National Commission on Human Rights issued a report.",
       "Kenyan National Commission on Human Rights", EntityType::kOrg},
  };
  for (const auto& c : cases) {
    auto x = Run(c.text);
    const EntityMention* e = FindEntity(x, c.name);
    ASSERT_NE(e, nullptr) << c.text << "\n" << Dump(x);
    EXPECT_EQ(e->type, c.type) << c.text;
  }
}

// A compass word that starts a name after "and" starts a second name
// ("Sudan and South Sudan"); compass words side by side, or one that ends
// the run, still make one region ("South East Asia", "the Middle East").
TEST_F(ExtractorTest, CompassWordsStartOrEndPlaceNames) {
  struct Case {
    const char* text;
    std::vector<std::pair<std::string, EntityType>> entities;  // All of them, sorted by name.
  };
  const Case cases[] = {
      {"Sudan and South Sudan signed a deal on oil.",
       {{"South Sudan", EntityType::kGpe}, {"Sudan", EntityType::kGpe}}},
      {"Serbia and North Macedonia opened a border crossing.",
       {{"North Macedonia", EntityType::kGpe}, {"Serbia", EntityType::kGpe}}},
      {"Migrants from South East Asia arrived by boat.", {{"South East Asia", EntityType::kOther}}},
      {"Peace in the Middle East remains distant.", {{"Middle East", EntityType::kOther}}},
  };
  for (const Case& c : cases) {
    auto x = Run(c.text);
    std::vector<std::pair<std::string, EntityType>> got;
    for (const auto& e : x.entities) got.emplace_back(e.name, e.type);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, c.entities) << c.text << "\n" << Dump(x);
  }
}

TEST_F(ExtractorTest, GenericAndNonActorMentionsAreNotActors) {
  auto x = Run("Western officials insist they remain committed. Key powers met in Sadr City.");
  for (const auto& e : x.entities) {
    EXPECT_NE(e.type, EntityType::kPerson) << e.name;
  }
  EXPECT_TRUE(x.triples.empty()) << Dump(x);
}

TEST_F(ExtractorTest, NewsOutletsThatReportAreNoEntities) {
  auto x =
      Run("Reuters reported that Turkey attacked Syria. The police chief told CNN Mohammed Ali "
          "helped the police. Der Spiegel said the talks failed.");
  for (const char* outlet : {"Reuters", "CNN", "Der Spiegel", "CNN Mohammed Ali"}) {
    EXPECT_EQ(FindEntity(x, outlet), nullptr) << outlet << "\n" << Dump(x);
  }
  EXPECT_NE(FindEntity(x, "Turkey"), nullptr) << Dump(x);
}

TEST_F(ExtractorTest, SurnameResolvesToTheFullNameInTheArticle) {
  auto x =
      Run("US Secretary of State Antony Blinken arrived on Wednesday. Blinken said the talks were "
          "useful.");
  const EntityMention* e = FindEntity(x, "Antony Blinken");
  ASSERT_NE(e, nullptr) << Dump(x);
  EXPECT_NE(std::find(e->mentions.begin(), e->mentions.end(), "Blinken"), e->mentions.end());
  EXPECT_EQ(FindEntity(x, "Blinken"), nullptr) << Dump(x);
}

struct TripleCase {
  const char* text;
  const char* subject;
  Relation relation;
  const char* object;
  bool negated;
};

TEST_F(ExtractorTest, RepresentsFromRolePhrases) {
  const TripleCase cases[] = {
      {"US Secretary of State Antony Blinken spoke.", "Antony Blinken", Relation::kRepresents,
       "United States", false},
      {"Ukraine's foreign minister Dmytro Kuleba spoke.", "Dmytro Kuleba", Relation::kRepresents,
       "Ukraine", false},
      {"Russian President Vladimir Putin spoke.", "Vladimir Putin", Relation::kRepresents, "Russia",
       false},
      {"Kim Jong Un, leader of North Korea, spoke.", "Kim Jong Un", Relation::kRepresents,
       "North Korea", false},
      {"Malaysia's Prime Minister, Najib Razak said so.", "Najib Razak", Relation::kRepresents,
       "Malaysia", false},
      {"Italian Minister for Defence Ignazio Rossi said so.", "Ignazio Rossi",
       Relation::kRepresents, "Italy", false},
      // A role phrase known only from the event-data agents dictionary.
      {"Syrian emissary Adib Mayaleh spoke.", "Adib Mayaleh", Relation::kRepresents, "Syria",
       false},
  };
  for (const auto& c : cases) {
    auto x = Run(c.text);
    EXPECT_TRUE(HasTriple(x, c.subject, c.relation, c.object, c.negated)) << c.text << "\n"
                                                                          << Dump(x);
  }
}

TEST_F(ExtractorTest, EventsFromTheLexiconAndGrammar) {
  const TripleCase cases[] = {
      // Plain transitive verb.
      {"Russia invaded Ukraine in February.", "Russia", Relation::kAssault, "Ukraine", false},
      // Passive with an agent.
      {"Georgia was attacked by Russia on Friday.", "Russia", Relation::kAssault, "Georgia", false},
      // Nominal event with a possessive actor.
      {"Officials condemned Russia's invasion of Ukraine.", "Russia", Relation::kAssault, "Ukraine",
       false},
      // Light verb with an event noun.
      {"The European Union imposed sanctions on Iran.", "European Union", Relation::kSanction,
       "Iran", false},
      // Negation.
      {"Israel did not attack Lebanon.", "Israel", Relation::kAssault, "Lebanon", true},
      // An official acts for the state he represents.
      {"Russian President Vladimir Putin threatened Ukraine.", "Russia", Relation::kThreaten,
       "Ukraine", false},
      // Control verb: seeking to join is a request.
      {"Ukraine is pushing to join NATO.", "Ukraine", Relation::kRequest, "NATO", false},
      // Coordinated subjects.
      {"France and Italy condemned Syria.", "Italy", Relation::kAccuse, "Syria", false},
  };
  for (const auto& c : cases) {
    auto x = Run(c.text);
    EXPECT_TRUE(HasTriple(x, c.subject, c.relation, c.object, c.negated)) << c.text << "\n"
                                                                          << Dump(x);
  }
}

TEST_F(ExtractorTest, ReportedSpeechActsForTheSpeakersState) {
  auto x =
      Run("US Secretary of State Antony Blinken spoke in Brussels.\n\n"
          "\"We will continue to support Ukraine,\" Blinken said.");
  EXPECT_TRUE(HasTriple(x, "United States", Relation::kSupport, "Ukraine")) << Dump(x);
}

TEST_F(ExtractorTest, DefiniteDescriptionsReferBackToNamedActors) {
  const TripleCase cases[] = {
      {"NATO leaders met on Monday. The alliance rejected Russia's demands.", "NATO",
       Relation::kReject, "Russia", false},
      {"Russian President Vladimir Putin arrived. The Russian leader threatened Ukraine.", "Russia",
       Relation::kThreaten, "Ukraine", false},
      {"North Korea held a parade. The country threatened South Korea.", "North Korea",
       Relation::kThreaten, "South Korea", false},
  };
  for (const auto& c : cases) {
    auto x = Run(c.text);
    EXPECT_TRUE(HasTriple(x, c.subject, c.relation, c.object, c.negated)) << c.text << "\n"
                                                                          << Dump(x);
  }
}

TEST_F(ExtractorTest, PronounsReferToTheRightKindOfActor) {
  const TripleCase cases[] = {
      // he -> the last person, who acts for the state he represents.
      {"Russian President Vladimir Putin spoke on Monday. He threatened Ukraine.", "Russia",
       Relation::kThreaten, "Ukraine", false},
      // it -> the last state or organisation.
      {"NATO met on Monday. It rejected Russia's demands.", "NATO", Relation::kReject, "Russia",
       false},
      // they -> a named group, not a state.
      {"Hamas fired rockets from Gaza. They attacked Israel.", "Hamas", Relation::kAssault,
       "Israel", false},
  };
  for (const auto& c : cases) {
    auto x = Run(c.text);
    EXPECT_TRUE(HasTriple(x, c.subject, c.relation, c.object, c.negated)) << c.text << "\n"
                                                                          << Dump(x);
  }
  // A state is "it", never "they".
  auto x = Run("Iran held talks on Monday. They attacked Israel.");
  EXPECT_FALSE(HasTriple(x, "Iran", Relation::kAssault, "Israel")) << Dump(x);
}

TEST_F(ExtractorTest, TriplesCarryProvenance) {
  auto x = Run("Intro sentence here. Russia invaded Ukraine.");
  ASSERT_FALSE(x.triples.empty()) << Dump(x);
  const Triple& t = x.triples.front();
  EXPECT_EQ(t.sentence, 1);
  EXPECT_EQ(t.evidence, "Russia invaded Ukraine.");
  EXPECT_EQ(t.predicate, "invaded");
  EXPECT_EQ(t.date.ToString(), "2023-11-30");
  EXPECT_GT(t.confidence, 0.0f);
  EXPECT_LE(t.confidence, 1.0f);
}

TEST_F(ExtractorTest, MemoryResolvesASurnameInALaterArticle) {
  ActorMemory memory;
  Run("US Secretary of State Antony Blinken arrived in Kyiv.", &memory);
  auto later = Run("Blinken said Ukraine would win.", &memory);
  EXPECT_NE(FindEntity(later, "Antony Blinken"), nullptr) << Dump(later);
}

TEST_F(ExtractorTest, MemoryResolvesASpellingVariantOfAKnownName) {
  ActorMemory memory;
  Run("US Secretary of State Antony Blinken arrived in Kyiv.", &memory);
  auto later = Run("Anthony Blinken criticised Russia.", &memory);
  EXPECT_NE(FindEntity(later, "Antony Blinken"), nullptr) << Dump(later);
  EXPECT_EQ(FindEntity(later, "Anthony Blinken"), nullptr) << Dump(later);
  // A different first name is a different person.
  auto other = Run("Donald Blinken criticised Russia.", &memory);
  EXPECT_EQ(FindEntity(other, "Antony Blinken"), nullptr) << Dump(other);
}

TEST_F(ExtractorTest, MemoryDoesNotMergeTwoPeopleSharingASurname) {
  ActorMemory memory;
  memory.Learn("John Smith", EntityType::kPerson, {"John Smith"});
  memory.Learn("Jane Smith", EntityType::kPerson, {"Jane Smith"});
  EXPECT_EQ(memory.Find("Smith"), nullptr);
  ASSERT_NE(memory.Find("jane smith"), nullptr);
  EXPECT_EQ(memory.Find("jane smith")->name, "Jane Smith");
}

// Runs one article through the extractor into `store`, with a memory seeded
// from the store as `geokg ingest` does at the start of every run.
ArticleExtraction IngestOne(const Extractor* extractor, Store* store, const std::string& id,
                            Date date, const std::string& text) {
  ActorMemory memory;
  EXPECT_TRUE(SeedActorMemory(*store, &memory).ok());
  Article article;
  article.id = id;
  article.date = date;
  article.date_source = DateSource::kMetadata;
  article.text = text;
  ArticleExtraction x = extractor->Extract(article, &memory);
  auto put = store->PutArticle(x);
  EXPECT_TRUE(put.ok()) << put.status().ToString();
  return x;
}

TEST_F(ExtractorTest, RoleLearnedInOneRunResolvesTheSurnameInALaterRun) {
  auto store = Store::NewInMemory();
  IngestOne(extractor_, store.get(), "a1", Date::FromYmd(2023, 11, 30),
            "US Secretary of State Antony Blinken arrived in Kyiv on Wednesday.");
  auto later = IngestOne(extractor_, store.get(), "a2", Date::FromYmd(2023, 12, 5),
                         "Blinken criticised Russia on Tuesday.");
  EXPECT_NE(FindEntity(later, "Antony Blinken"), nullptr) << Dump(later);
  EXPECT_TRUE(HasTriple(later, "United States", Relation::kAccuse, "Russia")) << Dump(later);
  // The role itself lives in the graph, with the article that stated it.
  auto blinken = store->FindEntity("Blinken");
  ASSERT_TRUE(blinken.ok()) << blinken.status().ToString();
  EXPECT_EQ(blinken->name, "Antony Blinken");
}

TEST_F(ExtractorTest, DictionaryRoleFollowsTheArticleDate) {
  // Ban Ki-moon: South Korea's foreign minister until 2006, then UN
  // Secretary-General (Phoenix dictionaries, data/actors.tsv).
  struct Case {
    Date date;
    const char* text;
    const char* organisation;
    const char* code;
  };
  const Case cases[] = {
      {Date::FromYmd(2005, 6, 1), "Foreign Minister Ban Ki-moon met officials in Tokyo.",
       "South Korea", "KOR"},
      {Date::FromYmd(2010, 6, 1), "Secretary-General Ban Ki-moon met officials in Tokyo.",
       "United Nations", "IGOUNO"},
  };
  for (const auto& c : cases) {
    Article article;
    article.id = "d";
    article.date = c.date;
    article.text = c.text;
    auto x = extractor_->Extract(article, nullptr);
    const Triple* role = nullptr;
    for (const auto& t : x.triples) {
      if (t.relation == Relation::kRepresents) role = &t;
    }
    ASSERT_NE(role, nullptr) << c.text << "\n" << Dump(x);
    EXPECT_EQ(role->subject, "Ban Ki-moon");
    EXPECT_EQ(role->object, c.organisation) << c.date.ToString();
    // The predicate names the dictionary as the source of the role.
    EXPECT_NE(role->predicate.find(std::string("[dictionary ") + c.code), std::string::npos)
        << role->predicate;
  }
}

TEST_F(ExtractorTest, DictionaryEliteRoleIsNoOffice) {
  // Mwai Kibaki: KENELI (elite, out of office) until 2000, KENGOV from
  // December 2002 (data/actors.tsv). Only the office makes him speak for
  // Kenya.
  struct Case {
    Date date;
    bool represents_kenya;
  };
  const Case cases[] = {{Date::FromYmd(1999, 6, 1), false}, {Date::FromYmd(2005, 6, 1), true}};
  for (const auto& c : cases) {
    Article article;
    article.id = "k";
    article.date = c.date;
    article.text = "Party leader Mwai Kibaki met officials in Nairobi on Monday.";
    auto x = extractor_->Extract(article, nullptr);
    EXPECT_EQ(HasTriple(x, "Mwai Kibaki", Relation::kRepresents, "Kenya"), c.represents_kenya)
        << c.date.ToString() << "\n"
        << Dump(x);
  }
}

TEST_F(ExtractorTest, KnownOfficialActsForHisStateWithoutATitle) {
  Article article;
  article.id = "o";
  article.date = Date::FromYmd(2007, 11, 28);
  article.text = "Ehud Olmert criticised Hamas on Tuesday.";
  auto x = extractor_->Extract(article, nullptr);
  EXPECT_TRUE(HasTriple(x, "Israel", Relation::kAccuse, "Hamas")) << Dump(x);
  // No role is claimed where the text states none.
  for (const auto& t : x.triples) EXPECT_NE(t.relation, Relation::kRepresents) << Dump(x);
}

TEST_F(ExtractorTest, TwoPeopleWithTheSameSurnameStayTwoEntities) {
  auto store = Store::NewInMemory();
  IngestOne(extractor_, store.get(), "b1", Date::FromYmd(2020, 1, 1),
            "British Foreign Secretary David Miliband met officials.");
  IngestOne(extractor_, store.get(), "b2", Date::FromYmd(2020, 1, 2),
            "Labour leader Ed Miliband met officials.");
  auto david = store->FindEntity("David Miliband");
  auto ed = store->FindEntity("Ed Miliband");
  ASSERT_TRUE(david.ok());
  ASSERT_TRUE(ed.ok());
  EXPECT_NE(david->id, ed->id);
  // A bare surname is ambiguous now and resolves to neither person.
  auto later = IngestOne(extractor_, store.get(), "b3", Date::FromYmd(2020, 1, 3),
                         "Miliband criticised Russia.");
  EXPECT_EQ(FindEntity(later, "David Miliband"), nullptr) << Dump(later);
  EXPECT_EQ(FindEntity(later, "Ed Miliband"), nullptr) << Dump(later);
}

TEST_F(ExtractorTest, OutputFollowsTheContract) {
  auto x = Run("Russia invaded Ukraine.");
  std::istringstream lines(Dump(x));
  std::string line;
  int entities = 0, triples = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("kind"));
    ASSERT_EQ(j["doc"], "t");
    if (j["kind"] == "entity") {
      ++entities;
      EXPECT_TRUE(j["name"].is_string());
      EXPECT_TRUE(j["type"].is_string());
      EXPECT_TRUE(j["mentions"].is_array());
    } else if (j["kind"] == "triple") {
      ++triples;
      for (const char* key : {"subject", "relation", "object", "predicate", "evidence"}) {
        EXPECT_TRUE(j[key].is_string()) << key;
      }
      EXPECT_TRUE(j["negated"].is_boolean());
      EXPECT_EQ(j["date"], "2023-11-30");
      EXPECT_TRUE(j["sentence"].is_number_integer());
      EXPECT_TRUE(j["confidence"].is_number());
    }
  }
  EXPECT_EQ(entities, 2);
  EXPECT_EQ(triples, 1);
}

TEST_F(ExtractorTest, UnknownDateIsReportedAsNull) {
  Article article;
  article.id = "nodate";
  article.text = "Russia invaded Ukraine.";
  auto x = extractor_->Extract(article, nullptr);
  std::ostringstream out;
  WriteRecordsJsonl(x, out);
  EXPECT_NE(out.str().find("\"date\":null"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("\"date_source\":\"unknown\""), std::string::npos) << out.str();
}

TEST_F(ExtractorTest, EmptyAndHostileTextsDoNotCrash) {
  const std::string texts[] = {"",          "   \n\n  ",      std::string(5000, 'A'),
                               "\"\"\"(((", "U.S. U.S. U.S.", "- - - -- \xe2\x80\x94 \xe2\x80\x94",
                               "'s 's n't"};
  for (const auto& t : texts) {
    auto x = Run(t);
    EXPECT_TRUE(x.triples.empty()) << t.substr(0, 40);
  }
}

}  // namespace
}  // namespace geokg
