// GraphSnapshot: the CSR arrays, the graph.csr file, and how the store keeps
// the snapshot equal to its contents.
#include "geokg/snapshot.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "graph_test_util.h"

namespace geokg {
namespace {

using testing_util::E;
using testing_util::MakeExtraction;
using testing_util::T;
using testing_util::TempDir;

constexpr EntityType kGpe = EntityType::kGpe;
constexpr EntityType kPerson = EntityType::kPerson;

// Three articles: a small graph with a hub (Russia), parallel edges and a
// self-loop.
std::vector<ArticleExtraction> Articles() {
  return {
      MakeExtraction("a1", "text one", 20231130,
                     {{"Russia", kGpe, {}}, {"Ukraine", kGpe, {}}, {"Vladimir Putin", kPerson, {}}},
                     {{"Vladimir Putin", Relation::kRepresents, "Russia", 20231130},
                      {"Russia", Relation::kAssault, "Ukraine", 20231129},
                      {"Russia", Relation::kAssault, "Ukraine", 20231130, true}}),
      MakeExtraction("a2", "text two", 20231201,
                     {{"Russia", kGpe, {}}, {"Belarus", kGpe, {}}, {"Ukraine", kGpe, {}}},
                     {{"Belarus", Relation::kSupport, "Russia", 20231201},
                      {"Ukraine", Relation::kAccuse, "Belarus", 0},
                      {"Russia", Relation::kConsult, "Russia", 20231201}}),
      MakeExtraction("a3", "text three", 20231202, {{"Moldova", kGpe, {}}}, {}),
  };
}

void PutAll(Store& store, const std::vector<ArticleExtraction>& articles) {
  for (const ArticleExtraction& x : articles) ASSERT_TRUE(store.PutArticle(x).ok());
}

using EdgeTuple = std::tuple<EntityId, int, uint32_t, EntityId, ArticleId, uint32_t, bool>;

// Every edge as a comparable tuple, in edge-id order.
std::vector<EdgeTuple> Edges(const GraphSnapshot& s) {
  std::vector<EdgeTuple> out;
  for (GraphSnapshot::EdgeId e = 0; e < s.edge_count(); ++e) {
    out.emplace_back(s.subject(e), static_cast<int>(s.relation(e)), s.date(e).yyyymmdd, s.object(e),
                     s.article(e), s.ordinal(e), s.negated(e));
  }
  return out;
}

// The same triples as the store lists them, in out-index order.
std::vector<EdgeTuple> StoreEdges(const Store& store) {
  std::vector<EdgeTuple> out;
  Status s = store.ForEachTriple({}, [&](const StoredTriple& t) {
    out.emplace_back(t.subject, static_cast<int>(t.relation), t.date.yyyymmdd, t.object, t.article,
                     t.ordinal, t.negated);
    return true;
  });
  EXPECT_TRUE(s.ok());
  std::sort(out.begin(), out.end());
  return out;
}

EntityId Id(const Store& store, const std::string& name) {
  Result<StoredEntity> e = store.FindEntity(name);
  EXPECT_TRUE(e.ok()) << name;
  return e.ok() ? e->id : 0;
}

TEST(SnapshotTest, HoldsEveryTripleWithAdjacencyBothWays) {
  auto store = Store::NewInMemory();
  PutAll(*store, Articles());
  Result<std::shared_ptr<const GraphSnapshot>> snap = store->Snapshot();
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  const GraphSnapshot& s = **snap;
  EXPECT_EQ(s.node_count(), 5u);  // Moldova has no triple but is a vertex.
  EXPECT_EQ(s.edge_count(), 6u);
  EXPECT_EQ(Edges(s), StoreEdges(*store));  // Out-index order is tuple order.

  const EntityId russia = Id(*store, "Russia");
  const EntityId ukraine = Id(*store, "Ukraine");
  EXPECT_EQ(s.type(russia), kGpe);
  EXPECT_EQ(s.type(Id(*store, "Vladimir Putin")), kPerson);

  struct Row {
    std::string entity;
    size_t out;
    size_t in;
  };
  const Row rows[] = {
      {"Russia", 3, 3},  // 2 assaults + self-loop out; represents, support, self-loop in.
      {"Ukraine", 1, 2}, {"Belarus", 1, 1}, {"Vladimir Putin", 1, 0}, {"Moldova", 0, 0},
  };
  for (const Row& row : rows) {
    const EntityId v = Id(*store, row.entity);
    EXPECT_EQ(s.out_edges(v).size(), row.out) << row.entity;
    EXPECT_EQ(s.in_edges(v).size(), row.in) << row.entity;
    EXPECT_EQ(s.degree(v), row.out + row.in) << row.entity;
    for (GraphSnapshot::EdgeId e : s.out_edges(v)) EXPECT_EQ(s.subject(e), v);
    for (GraphSnapshot::EdgeId e : s.in_edges(v)) EXPECT_EQ(s.object(e), v);
    // Both directions come in (relation, date) runs, as the indexes do.
    auto key = [&s](GraphSnapshot::EdgeId e) {
      return std::make_tuple(s.relation(e), s.date(e).yyyymmdd, s.subject(e), s.object(e));
    };
    const GraphSnapshot::InRange in = s.in_edges(v);
    for (const GraphSnapshot::EdgeId* e = in.begin(); e + 1 < in.end(); ++e) {
      EXPECT_LE(key(e[0]), key(e[1])) << row.entity;
    }
    const GraphSnapshot::OutRange out = s.out_edges(v);
    for (GraphSnapshot::EdgeId e = *out.begin();
         out.size() > 1 && e + 1 < *out.begin() + out.size(); ++e) {
      EXPECT_LE(key(e), key(e + 1)) << row.entity;
    }
  }
  // Parallel edges stay apart, with their own date and negation.
  std::set<std::pair<uint32_t, bool>> assaults;
  for (GraphSnapshot::EdgeId e : s.out_edges(russia)) {
    if (s.object(e) == ukraine) assaults.emplace(s.date(e).yyyymmdd, s.negated(e));
  }
  EXPECT_EQ(assaults, (std::set<std::pair<uint32_t, bool>>{{20231129, false}, {20231130, true}}));
  // Edge references lead back to the fact row.
  const GraphSnapshot::EdgeId first = *s.out_edges(russia).begin();
  Result<StoredTriple> fact = store->GetTriple(s.article(first), s.ordinal(first));
  ASSERT_TRUE(fact.ok());
  EXPECT_EQ(fact->subject, russia);
  EXPECT_NEAR(s.confidence(first), 0.8f, 1.0f / 255);
  EXPECT_TRUE(store->GetTriple(99, 0).status().IsNotFound());
}

// FromEdges numbers the edges in SnapshotEdgeOrder whatever order they come
// in: the same edges as a plain std::sort with that order gives, for edge
// sets in fact order, reversed, shuffled, with a hub, and with subjects
// beyond the vertices that have types.
// Out edges are numbered in the out index's order, and each vertex lists its
// in edges in the in index's order: (relation, date, subject, article,
// ordinal).
TEST(SnapshotTest, FromEdgesNumbersEdgesInOutIndexOrder) {
  struct Case {
    std::string name;
    uint32_t entities;
    uint32_t edges;
    uint32_t hub_share;  // One edge in hub_share has subject 0 (0: none).
    int order;           // 0 fact order, 1 reversed, 2 shuffled.
    uint32_t first_date = 20230101;
  };
  const Case cases[] = {
      {"fact order", 50, 2000, 0, 0},
      {"reversed", 50, 2000, 0, 1},
      {"shuffled", 300, 5000, 0, 2},
      {"a hub", 40, 3000, 2, 2},
      {"one entity", 1, 500, 0, 2},
      {"few relations and dates", 5, 4000, 0, 2},
      {"no edges", 3, 0, 0, 0},
      // In-list keys hold dates of 27 bits; past that they are compared as
      // columns.
      {"dates past 27 bits", 5, 4000, 3, 2, (1u << 27) - 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::mt19937 rng(7);
    std::vector<SnapshotEdge> edges;
    for (uint32_t i = 0; i < c.edges; ++i) {
      SnapshotEdge e;
      e.subject =
          c.hub_share != 0 && i % c.hub_share == 0 ? 0 : static_cast<EntityId>(rng() % c.entities);
      e.object = static_cast<EntityId>(rng() % c.entities);
      e.relation = static_cast<Relation>(rng() % 3);
      e.date = Date{static_cast<uint32_t>(c.first_date + rng() % 3)};
      e.article = i / 10;
      e.ordinal = i % 10;
      e.negated = rng() % 2 == 0;
      e.confidence = static_cast<float>(rng() % 256) / 255.0f;
      edges.push_back(e);
    }
    if (c.order == 1) std::reverse(edges.begin(), edges.end());
    if (c.order == 2) std::shuffle(edges.begin(), edges.end(), rng);
    std::vector<SnapshotEdge> want = edges;
    std::sort(want.begin(), want.end(), SnapshotEdgeOrder);
    std::unique_ptr<GraphSnapshot> s =
        GraphSnapshot::FromEdges(edges, std::vector<EntityType>(c.entities, kGpe), 1);
    ASSERT_EQ(s->edge_count(), want.size());
    for (GraphSnapshot::EdgeId e = 0; e < s->edge_count(); ++e) {
      const SnapshotEdge got = s->edge(e);
      ASSERT_EQ(std::tie(got.subject, got.relation, got.date.yyyymmdd, got.object, got.article,
                         got.ordinal, got.negated),
                std::tie(want[e].subject, want[e].relation, want[e].date.yyyymmdd, want[e].object,
                         want[e].article, want[e].ordinal, want[e].negated))
          << "edge " << e;
    }
    for (EntityId v = 0; v < c.entities; ++v) {
      std::vector<SnapshotEdge> want_in;
      for (const SnapshotEdge& e : want) {
        if (e.object == v) want_in.push_back(e);
      }
      std::sort(want_in.begin(), want_in.end(), [](const SnapshotEdge& a, const SnapshotEdge& b) {
        return std::tie(a.relation, a.date.yyyymmdd, a.subject, a.article, a.ordinal) <
               std::tie(b.relation, b.date.yyyymmdd, b.subject, b.article, b.ordinal);
      });
      const GraphSnapshot::InRange in = s->in_edges(v);
      ASSERT_EQ(in.size(), want_in.size()) << "vertex " << v;
      for (size_t i = 0; i < want_in.size(); ++i) {
        const SnapshotEdge got = s->edge(in.begin()[i]);
        ASSERT_EQ(std::tie(got.subject, got.article, got.ordinal),
                  std::tie(want_in[i].subject, want_in[i].article, want_in[i].ordinal))
            << "vertex " << v << ", in edge " << i;
      }
    }
  }
}

TEST(SnapshotTest, InMemorySnapshotFollowsTheStore) {
  auto store = Store::NewInMemory();
  std::vector<ArticleExtraction> articles = Articles();
  PutAll(*store, {articles[0]});
  auto first = store->Snapshot();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->edge_count(), 3u);
  auto again = store->Snapshot();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(first->get(), again->get());  // Unchanged store: the same object.
  PutAll(*store, {articles[1]});
  auto later = store->Snapshot();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ((*later)->edge_count(), 6u);
  EXPECT_EQ((*first)->edge_count(), 3u);  // A snapshot held by a reader never changes.
}

TEST(SnapshotTest, SaveAndLoadRoundTrip) {
  TempDir dir;
  auto store = Store::NewInMemory();
  PutAll(*store, Articles());
  auto snap = store->Snapshot();
  ASSERT_TRUE(snap.ok());
  const std::string path = dir.path() + "/graph.csr";
  ASSERT_TRUE((*snap)->Save(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  Result<std::unique_ptr<GraphSnapshot>> loaded = GraphSnapshot::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE((*loaded)->mapped());
  EXPECT_EQ((*loaded)->generation(), (*snap)->generation());
  EXPECT_EQ((*loaded)->node_count(), (*snap)->node_count());
  EXPECT_EQ(Edges(**loaded), Edges(**snap));
  for (EntityId v = 0; v < (*snap)->node_count(); ++v) {
    EXPECT_EQ((*loaded)->type(v), (*snap)->type(v));
    std::vector<uint32_t> a((*loaded)->in_edges(v).begin(), (*loaded)->in_edges(v).end());
    std::vector<uint32_t> b((*snap)->in_edges(v).begin(), (*snap)->in_edges(v).end());
    EXPECT_EQ(a, b);
  }
  // Arrays only, no strings: well under 48 bytes per edge at this size too.
  EXPECT_LT((*snap)->memory_bytes(), 48u * 6 + 16u * 6 + 64);
}

// SaveUnsealed then Seal, with the generation set in between, writes the
// file Save writes; Seal refuses a file that is not this snapshot's.
TEST(SnapshotTest, SealedFileIsTheSavedFile) {
  TempDir dir;
  std::vector<SnapshotEdge> edges(300);
  for (uint32_t i = 0; i < edges.size(); ++i) {
    edges[i].subject = i % 7;
    edges[i].object = (i * 3) % 11;
    edges[i].relation = static_cast<Relation>(i % 5);
    edges[i].date = Date{20230101 + i % 28};
    edges[i].article = i / 4;
    edges[i].ordinal = i % 4;
  }
  std::unique_ptr<GraphSnapshot> snap =
      GraphSnapshot::FromEdges(edges, std::vector<EntityType>(11, kGpe), 0);
  auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  const std::string saved = dir.path() + "/saved.csr";
  const std::string sealed = dir.path() + "/sealed.csr";
  ASSERT_TRUE(snap->SaveUnsealed(sealed).ok());
  EXPECT_FALSE(std::filesystem::exists(sealed));  // Only the temporary file.
  snap->set_generation(4242);
  ASSERT_TRUE(snap->Save(saved).ok());
  ASSERT_TRUE(snap->Seal(sealed).ok());
  EXPECT_FALSE(std::filesystem::exists(sealed + ".tmp"));
  EXPECT_EQ(read(sealed), read(saved));
  Result<std::unique_ptr<GraphSnapshot>> loaded = GraphSnapshot::Load(sealed);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->generation(), 4242u);

  // No unsealed file, or one of another size: an error, nothing renamed.
  const std::string missing = dir.path() + "/missing.csr";
  EXPECT_FALSE(snap->Seal(missing).ok());
  EXPECT_FALSE(std::filesystem::exists(missing));
  {
    std::ofstream out(missing + ".tmp", std::ios::binary);
    out << "short";
  }
  EXPECT_FALSE(snap->Seal(missing).ok());
  EXPECT_FALSE(std::filesystem::exists(missing));
}

// A damaged file is named, never trusted.
TEST(SnapshotTest, DamagedFilesAreCorruption) {
  TempDir dir;
  auto store = Store::NewInMemory();
  PutAll(*store, Articles());
  auto snap = store->Snapshot();
  ASSERT_TRUE(snap.ok());
  const std::string good = dir.path() + "/good.csr";
  ASSERT_TRUE((*snap)->Save(good).ok());
  std::string bytes;
  {
    std::ifstream in(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t header = 32;
  // in_edges starts after two offset arrays of (5 + 1) x 4 bytes, padded;
  // subjects, objects, dates, articles, ordinals and relations follow.
  const size_t in_edges_at = header + 2 * 24;
  uint32_t m = 0;
  std::memcpy(&m, bytes.data() + 28, 4);
  ASSERT_GE(m, 2u);
  const size_t array32 = (m * 4 + 7) / 8 * 8;
  const size_t subjects_at = in_edges_at + array32;
  const size_t objects_at = subjects_at + array32;
  const size_t relations_at = in_edges_at + 6 * array32;
  const size_t last = m - 1;
  struct Case {
    std::string name;
    std::string content;
    std::string expect;
  };
  auto flip = [&bytes](size_t at, char value) {
    std::string b = bytes;
    b[at] = value;
    return b;
  };
  const Case cases[] = {
      {"empty", "", "too short"},
      {"magic", flip(0, 'X'), "not a geokg graph snapshot"},
      {"version", flip(8, 9), "unknown snapshot version"},
      {"byte order", flip(12, 0x01), "byte order"},
      {"truncated", bytes.substr(0, bytes.size() - 9), "size does not match"},
      {"offset", flip(header + 4, 0x7f), "checksum"},
      {"edge id", flip(in_edges_at + 3, 0x7f), "edge 0 out of range"},
      // Every array the one pass checks, at the first and the last edge.
      {"last edge id", flip(in_edges_at + 4 * last + 3, 0x7f),
       "edge " + std::to_string(last) + " out of range"},
      {"subject", flip(subjects_at, 0x05), "edge 0 out of range"},
      {"last subject", flip(subjects_at + 4 * last + 3, 0x01),
       "edge " + std::to_string(last) + " out of range"},
      {"object", flip(objects_at + 2, 0x01), "edge 0 out of range"},
      {"last object", flip(objects_at + 4 * last, 0x05),
       "edge " + std::to_string(last) + " out of range"},
      {"relation", flip(relations_at, static_cast<char>(kRelationCount)), "edge 0 out of range"},
      {"last relation", flip(relations_at + last, static_cast<char>(0xff)),
       "edge " + std::to_string(last) + " out of range"},
  };
  for (const Case& c : cases) {
    const std::string path = dir.path() + "/" + c.name + ".csr";
    std::ofstream(path, std::ios::binary) << c.content;
    Result<std::unique_ptr<GraphSnapshot>> loaded = GraphSnapshot::Load(path);
    ASSERT_FALSE(loaded.ok()) << c.name;
    EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption) << c.name;
    EXPECT_NE(loaded.status().message().find(c.expect), std::string::npos)
        << c.name << ": " << loaded.status().ToString();
  }
  EXPECT_TRUE(GraphSnapshot::Load(dir.path() + "/absent.csr").status().IsNotFound());
}

// FNV-1a 64 over bytes (version 2 files) and over 8-byte little-endian
// words (version 3), as docs/storage.md defines them.
uint64_t FnvBytes(const std::string& data) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

uint64_t FnvWords(const std::string& data) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i + 8 <= data.size(); i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, data.data() + i, 8);
    hash ^= word;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// `bytes` (a file Save wrote) with version `v` and the checksum of that
// kind: over words, or over bytes.
std::string WithVersion(const std::string& bytes, uint32_t v, bool words) {
  uint32_t n = 0;
  std::memcpy(&n, bytes.data() + 24, 4);
  // The checksum covers the 32-byte header and both offset arrays.
  const size_t covered = 32 + 2 * (((size_t{n} + 1) * 4 + 7) / 8 * 8);
  std::string b = bytes;
  std::memcpy(&b[8], &v, 4);
  const std::string head = b.substr(0, covered);
  const uint64_t sum = words ? FnvWords(head) : FnvBytes(head);
  std::memcpy(&b[b.size() - 8], &sum, 8);
  return b;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Save writes version 3, whose checksum is taken over words; version 2
// files (checksum over bytes, same arrays) are still read, so a store
// written by an older build is not rebuilt. A checksum of the other kind
// is Corruption.
TEST(SnapshotTest, ChecksumOfEachVersion) {
  TempDir dir;
  auto store = Store::NewInMemory();
  PutAll(*store, Articles());
  auto snap = store->Snapshot();
  ASSERT_TRUE(snap.ok());
  const std::string saved = dir.path() + "/saved.csr";
  ASSERT_TRUE((*snap)->Save(saved).ok());
  const std::string bytes = ReadFile(saved);
  uint32_t version = 0;
  std::memcpy(&version, bytes.data() + 8, 4);
  ASSERT_EQ(version, 3u);
  auto with = [&bytes](uint32_t v, bool words) { return WithVersion(bytes, v, words); };
  EXPECT_EQ(with(3, true), bytes);  // What Save wrote.
  struct Case {
    std::string name;
    uint32_t version;
    bool words;
    bool want_ok;
  };
  const Case cases[] = {
      {"version 3, words", 3, true, true},   {"version 2, bytes", 2, false, true},
      {"version 3, bytes", 3, false, false}, {"version 2, words", 2, true, false},
      {"version 1, bytes", 1, false, false}, {"version 4, words", 4, true, false},
  };
  for (const Case& c : cases) {
    const std::string path = dir.path() + "/v.csr";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << with(c.version, c.words);
    Result<std::unique_ptr<GraphSnapshot>> loaded = GraphSnapshot::Load(path);
    ASSERT_EQ(loaded.ok(), c.want_ok) << c.name << ": " << loaded.status().ToString();
    if (c.want_ok) {
      EXPECT_EQ((*loaded)->format_version(), c.version) << c.name;
      EXPECT_EQ((*loaded)->edge_count(), (*snap)->edge_count()) << c.name;
      EXPECT_EQ((*loaded)->generation(), (*snap)->generation()) << c.name;
    } else {
      EXPECT_EQ(loaded.status().code(), Status::Code::kCorruption) << c.name;
      const char* expect =
          c.version == 2 || c.version == 3 ? "checksum" : "unknown snapshot version";
      EXPECT_NE(loaded.status().message().find(expect), std::string::npos)
          << c.name << ": " << loaded.status().ToString();
    }
  }
}

// A current version 2 file (an older build's) is mapped by readers as it is,
// and the writer's next WriteSnapshot saves the same arrays as version 3.
TEST(SnapshotTest, WriterRewritesACurrentVersion2File) {
  TempDir dir;
  {
    auto store = Store::Open(dir.db());
    ASSERT_TRUE(store.ok());
    PutAll(**store, Articles());
    ASSERT_TRUE((*store)->WriteSnapshot().ok());
  }
  const std::string path = dir.db() + "/graph.csr";
  const std::string v3 = ReadFile(path);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << WithVersion(v3, 2, false);
  {
    auto reader = Store::Open(dir.db(), StoreOptions{false, true});
    ASSERT_TRUE(reader.ok());
    auto snap = (*reader)->Snapshot();
    ASSERT_TRUE(snap.ok());
    EXPECT_TRUE((*snap)->mapped()) << "a current version 2 file is mapped, not rebuilt";
    EXPECT_EQ((*snap)->format_version(), 2u);
    EXPECT_EQ(Edges(**snap), StoreEdges(**reader));
  }
  {
    auto store = Store::Open(dir.db());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->WriteSnapshot().ok());
  }
  EXPECT_EQ(ReadFile(path), v3);
  auto loaded = GraphSnapshot::Load(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ((*loaded)->format_version(), 3u);
}

TEST(SnapshotTest, WriterKeepsTheFileCurrentAndReadersMapIt) {
  TempDir dir;
  std::vector<ArticleExtraction> articles = Articles();
  {
    auto store = Store::Open(dir.db());
    ASSERT_TRUE(store.ok());
    PutAll(**store, {articles[0], articles[1]});
    ASSERT_TRUE((*store)->WriteSnapshot().ok());
  }
  {
    auto reader = Store::Open(dir.db(), StoreOptions{false, true});
    ASSERT_TRUE(reader.ok());
    auto snap = (*reader)->Snapshot();
    ASSERT_TRUE(snap.ok());
    EXPECT_TRUE((*snap)->mapped()) << "a current file is mapped, not rebuilt";
    EXPECT_EQ(Edges(**snap), StoreEdges(**reader));
    EXPECT_TRUE((*reader)->WriteSnapshot().code() == Status::Code::kInvalidArgument);
  }
  // A second run replaces one article and adds one: the file is merged.
  ArticleExtraction changed =
      MakeExtraction("a1", "text one, edited", 20231130,
                     {{"Russia", kGpe, {}}, {"Ukraine", kGpe, {}}, {"Moldova", kGpe, {}}},
                     {{"Russia", Relation::kThreaten, "Moldova", 20231203}});
  {
    auto store = Store::Open(dir.db());
    ASSERT_TRUE(store.ok());
    PutAll(**store, {changed, articles[2]});
    ASSERT_TRUE((*store)->WriteSnapshot().ok());
    ASSERT_TRUE((*store)->WriteSnapshot().ok());  // Already current: a no-op.
  }
  auto reader = Store::Open(dir.db(), StoreOptions{false, true});
  ASSERT_TRUE(reader.ok());
  auto snap = (*reader)->Snapshot();
  ASSERT_TRUE(snap.ok());
  EXPECT_TRUE((*snap)->mapped());
  EXPECT_EQ((*snap)->edge_count(), 4u);
  EXPECT_EQ(Edges(**snap), StoreEdges(**reader));
}

TEST(SnapshotTest, StaleOrDamagedFileIsIgnored) {
  TempDir dir;
  std::vector<ArticleExtraction> articles = Articles();
  {
    auto store = Store::Open(dir.db());
    ASSERT_TRUE(store.ok());
    PutAll(**store, {articles[0]});
    ASSERT_TRUE((*store)->WriteSnapshot().ok());
    // Written after the snapshot, as when an ingest is killed before it
    // refreshes the file.
    PutAll(**store, {articles[1]});
  }
  {
    auto reader = Store::Open(dir.db(), StoreOptions{false, true});
    ASSERT_TRUE(reader.ok());
    auto snap = (*reader)->Snapshot();
    ASSERT_TRUE(snap.ok());
    EXPECT_FALSE((*snap)->mapped());
    EXPECT_EQ((*snap)->edge_count(), 6u);
  }
  std::ofstream(dir.db() + "/" + kSnapshotFileName, std::ios::binary) << "garbage";
  auto store = Store::Open(dir.db());
  ASSERT_TRUE(store.ok());
  auto snap = (*store)->Snapshot();
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ((*snap)->edge_count(), 6u);
  ASSERT_TRUE((*store)->WriteSnapshot().ok());  // Rebuilt and rewritten.
  EXPECT_TRUE(GraphSnapshot::Load(dir.db() + "/" + kSnapshotFileName).ok());
}

}  // namespace
}  // namespace geokg
