// GraphSnapshot: building the CSR arrays, and the `graph.csr` file.
//
// File layout (docs/storage.md, "Graph snapshot"), all integers
// little-endian, each array starting at a multiple of 8 bytes:
//
//   magic       8 bytes  "GKGCSR\0\0"
//   version     u32      3 (2 is still read)
//   byte_order  u32      0x01020304 as written by the host (little-endian only)
//   generation  u64      Store generation the snapshot was built at
//   node_count  u32
//   edge_count  u32
//   arrays      out_offsets, in_offsets (node_count + 1 x u32), in_edges,
//               subjects, objects, dates, articles, ordinals (edge_count x u32),
//               relations, flags, confidences (edge_count x u8), types
//               (node_count x u8), each padded to 8 bytes
//   checksum    u64      FNV-1a 64 of the header fields and the offset arrays,
//                        taken over 8-byte little-endian words (version 2:
//                        over bytes)
#include "geokg/snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <tuple>

namespace geokg {
namespace {

constexpr char kMagic[8] = {'G', 'K', 'G', 'C', 'S', 'R', '\0', '\0'};
// 2: incoming lists in in-index order. 3: the same arrays, with the
// checksum taken over 8-byte words instead of bytes (a bytewise FNV-1a of
// the 4 MB of offsets of a 10M-triple store cost a cold Load about 4 ms);
// version 2 files are still read.
constexpr uint32_t kVersion = GraphSnapshot::kFormatVersion;
constexpr uint32_t kBytewiseChecksumVersion = 2;
constexpr uint32_t kByteOrderMark = 0x01020304;
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 4 + 4;
static_assert(kHeaderBytes % 8 == 0, "the checksum words start at the header");

uint64_t Pad8(uint64_t n) { return (n + 7) & ~uint64_t{7}; }

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// FNV-1a 64 over bytes: the checksum of version 2 files.
uint64_t Fnv1a(const void* data, size_t size, uint64_t hash = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    hash ^= p[i];
    hash *= kFnvPrime;
  }
  return hash;
}

// FNV-1a 64 with 8-byte little-endian words in place of bytes (`size` is a
// multiple of 8): the checksum of version 3 files, an eighth of the steps.
uint64_t Fnv1aWords(const void* data, size_t size, uint64_t hash = kFnvOffset) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i + 8 <= size; i += 8) {
    uint64_t word = 0;
    std::memcpy(&word, p + i, 8);
    hash ^= word;
    hash *= kFnvPrime;
  }
  return hash;
}

// Whether any of values[0, m) is >= bound. No early exit, so that the
// compiler vectorises the loop (the element type keeps the byte array's
// comparisons 16 to a register).
template <typename T>
bool AnyAtLeast(const T* values, uint32_t m, T bound) {
  T bad = 0;
  for (uint32_t e = 0; e < m; ++e) bad |= static_cast<T>(values[e] >= bound);
  return bad != 0;
}

}  // namespace

bool SnapshotEdgeOrder(const SnapshotEdge& a, const SnapshotEdge& b) {
  return std::tie(a.subject, a.relation, a.date.yyyymmdd, a.object, a.article, a.ordinal) <
         std::tie(b.subject, b.relation, b.date.yyyymmdd, b.object, b.article, b.ordinal);
}

uint64_t GraphSnapshot::LayoutBytes(uint32_t nodes, uint32_t edges) {
  const uint64_t n1 = uint64_t{nodes} + 1;
  return 2 * Pad8(n1 * 4) + 6 * Pad8(uint64_t{edges} * 4) + 3 * Pad8(edges) + Pad8(nodes);
}

void GraphSnapshot::PointInto(const char* base) {
  const uint64_t n1 = uint64_t{node_count_} + 1;
  const char* p = base;
  auto take32 = [&p](uint64_t count) {
    auto* out = reinterpret_cast<const uint32_t*>(p);
    p += Pad8(count * 4);
    return out;
  };
  auto take8 = [&p](uint64_t count) {
    auto* out = reinterpret_cast<const uint8_t*>(p);
    p += Pad8(count);
    return out;
  };
  out_offsets_ = take32(n1);
  in_offsets_ = take32(n1);
  in_edges_ = take32(edge_count_);
  subjects_ = take32(edge_count_);
  objects_ = take32(edge_count_);
  dates_ = take32(edge_count_);
  articles_ = take32(edge_count_);
  ordinals_ = take32(edge_count_);
  relations_ = take8(edge_count_);
  flags_ = take8(edge_count_);
  confidences_ = take8(edge_count_);
  types_ = take8(node_count_);
}

std::unique_ptr<GraphSnapshot> GraphSnapshot::FromEdges(std::vector<SnapshotEdge> edges,
                                                        std::vector<EntityType> types,
                                                        uint64_t generation) {
  if (!std::is_sorted(edges.begin(), edges.end(), SnapshotEdgeOrder)) {
    // A counting sort by subject (stable), then each subject's edges by the
    // rest of the order: many short sorts with an inlined comparison
    // instead of one long one through a function pointer. The order is
    // total ((article, ordinal) is unique), so the result is the same.
    EntityId subjects_end = 0;
    for (const SnapshotEdge& e : edges) subjects_end = std::max(subjects_end, e.subject + 1);
    std::vector<size_t> start(size_t{subjects_end} + 1, 0);
    for (const SnapshotEdge& e : edges) ++start[e.subject + 1];
    for (size_t v = 0; v < subjects_end; ++v) start[v + 1] += start[v];
    std::vector<SnapshotEdge> sorted(edges.size());
    {
      std::vector<size_t> next(start.begin(), start.end() - 1);
      for (const SnapshotEdge& e : edges) sorted[next[e.subject]++] = e;
    }
    // Within a subject's run SnapshotEdgeOrder decides on the rest of the
    // key; called from a lambda it is inlined, and the order stays defined
    // in one place.
    auto rest = [](const SnapshotEdge& a, const SnapshotEdge& b) {
      return SnapshotEdgeOrder(a, b);
    };
    for (size_t v = 0; v < subjects_end; ++v) {
      std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(start[v]),
                sorted.begin() + static_cast<std::ptrdiff_t>(start[v + 1]), rest);
    }
    edges = std::move(sorted);
  }
  std::unique_ptr<GraphSnapshot> s(new GraphSnapshot());
  s->generation_ = generation;
  s->node_count_ = static_cast<uint32_t>(types.size());
  s->edge_count_ = static_cast<uint32_t>(edges.size());
  const uint32_t n = s->node_count_;
  const uint32_t m = s->edge_count_;
  s->owned_.assign(LayoutBytes(n, m) / 8, 0);
  char* base = reinterpret_cast<char*>(s->owned_.data());
  s->PointInto(base);

  // The pointers are const for readers; the builder fills the same memory.
  auto* out_offsets = const_cast<uint32_t*>(s->out_offsets_);
  auto* in_offsets = const_cast<uint32_t*>(s->in_offsets_);
  auto* in_edges = const_cast<uint32_t*>(s->in_edges_);
  auto* subjects = const_cast<uint32_t*>(s->subjects_);
  auto* objects = const_cast<uint32_t*>(s->objects_);
  auto* dates = const_cast<uint32_t*>(s->dates_);
  auto* articles = const_cast<uint32_t*>(s->articles_);
  auto* ordinals = const_cast<uint32_t*>(s->ordinals_);
  auto* relations = const_cast<uint8_t*>(s->relations_);
  auto* flags = const_cast<uint8_t*>(s->flags_);
  auto* confidences = const_cast<uint8_t*>(s->confidences_);
  auto* type_bytes = const_cast<uint8_t*>(s->types_);

  for (uint32_t v = 0; v < n; ++v) type_bytes[v] = static_cast<uint8_t>(types[v]);
  for (uint32_t e = 0; e < m; ++e) {
    const SnapshotEdge& x = edges[e];
    subjects[e] = x.subject;
    objects[e] = x.object;
    dates[e] = x.date.yyyymmdd;
    articles[e] = x.article;
    ordinals[e] = x.ordinal;
    relations[e] = static_cast<uint8_t>(x.relation);
    flags[e] = x.negated ? 1 : 0;
    const float c = std::clamp(x.confidence, 0.0f, 1.0f);
    confidences[e] = static_cast<uint8_t>(c * 255.0f + 0.5f);
    ++out_offsets[x.subject + 1];
    ++in_offsets[x.object + 1];
  }
  for (uint32_t v = 0; v < n; ++v) {
    out_offsets[v + 1] += out_offsets[v];
    in_offsets[v + 1] += in_offsets[v];
  }
  // Each vertex's incoming edges in the in index's order: (relation, date,
  // subject, article, ordinal), as its outgoing range is in the out index's
  // order. A counting sort by object keeps edge id order within each object;
  // each list is then sorted by relation and date.
  std::vector<uint32_t> next(in_offsets, in_offsets + n);
  for (uint32_t e = 0; e < m; ++e) in_edges[next[objects[e]]++] = e;
  // The edges are in the out index's order, (subject, relation, date,
  // object, article, ordinal): among the edges into one vertex with one
  // relation and date, edge id order is (subject, article, ordinal) order.
  // So the in order is (relation, date, edge id), which fits one 64-bit key
  // (5 + 27 + 32 bits) while relations and dates are in range: the lists
  // are sorted as keys, without reading the columns at random.
  bool keys_fit = true;
  for (uint32_t e = 0; e < m && keys_fit; ++e) {
    keys_fit = relations[e] < (1u << 5) && dates[e] < (1u << 27);
  }
  if (keys_fit) {
    std::vector<uint64_t> keys;
    for (uint32_t v = 0; v < n; ++v) {
      uint32_t* begin = in_edges + in_offsets[v];
      uint32_t* end = in_edges + in_offsets[v + 1];
      if (end - begin < 2) continue;
      keys.clear();
      for (const uint32_t* e = begin; e != end; ++e) {
        keys.push_back(uint64_t{relations[*e]} << 59 | uint64_t{dates[*e]} << 32 | *e);
      }
      std::sort(keys.begin(), keys.end());
      for (size_t i = 0; i < keys.size(); ++i) begin[i] = static_cast<uint32_t>(keys[i]);
    }
  } else {
    auto in_order = [&](uint32_t a, uint32_t b) {
      return std::tie(relations[a], dates[a], subjects[a], articles[a], ordinals[a]) <
             std::tie(relations[b], dates[b], subjects[b], articles[b], ordinals[b]);
    };
    for (uint32_t v = 0; v < n; ++v) {
      std::sort(in_edges + in_offsets[v], in_edges + in_offsets[v + 1], in_order);
    }
  }
  return s;
}

SnapshotEdge GraphSnapshot::edge(EdgeId e) const {
  SnapshotEdge x;
  x.subject = subject(e);
  x.object = object(e);
  x.relation = relation(e);
  x.date = date(e);
  x.article = article(e);
  x.ordinal = ordinal(e);
  x.negated = negated(e);
  x.confidence = confidence(e);
  return x;
}

uint64_t GraphSnapshot::memory_bytes() const { return LayoutBytes(node_count_, edge_count_); }

GraphSnapshot::~GraphSnapshot() {
  if (map_ != nullptr) munmap(map_, map_size_);
}

namespace {

std::string TempPath(const std::string& path) { return path + ".tmp"; }

}  // namespace

// The header, and the checksum over it and the offset arrays: what Seal
// rewrites.
std::string GraphSnapshot::Header(uint64_t* checksum) const {
  std::string header;
  header.append(kMagic, sizeof(kMagic));
  auto put = [&header](const void* p, size_t n) { header.append(static_cast<const char*>(p), n); };
  put(&kVersion, 4);
  put(&kByteOrderMark, 4);
  put(&generation_, 8);
  put(&node_count_, 4);
  put(&edge_count_, 4);
  const uint64_t offsets_bytes = Pad8((uint64_t{node_count_} + 1) * 4);
  *checksum = Fnv1aWords(header.data(), header.size());
  *checksum = Fnv1aWords(out_offsets_, 2 * offsets_bytes, *checksum);
  return header;
}

Status GraphSnapshot::Save(const std::string& path) const {
  Status s = SaveUnsealed(path);
  if (!s.ok()) return s;
  const std::string tmp = TempPath(path);
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status GraphSnapshot::SaveUnsealed(const std::string& path) const {
  uint64_t checksum = 0;
  const std::string header = Header(&checksum);
  const std::string tmp = TempPath(path);
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) {
    return Status::IOError("cannot write " + tmp + ": " + std::strerror(errno));
  }
  const char* base = reinterpret_cast<const char*>(out_offsets_);
  const uint64_t body = LayoutBytes(node_count_, edge_count_);
  bool ok = std::fwrite(header.data(), 1, header.size(), f) == header.size() &&
            std::fwrite(base, 1, body, f) == body && std::fwrite(&checksum, 1, 8, f) == 8;
  ok = (std::fflush(f) == 0) && ok;
  ok = (fsync(fileno(f)) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot write " + tmp + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status GraphSnapshot::Seal(const std::string& path) const {
  uint64_t checksum = 0;
  const std::string header = Header(&checksum);
  const std::string tmp = TempPath(path);
  const int fd = open(tmp.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open " + tmp + ": " + std::strerror(errno));
  const auto at_checksum =
      static_cast<off_t>(header.size() + LayoutBytes(node_count_, edge_count_));
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size != at_checksum + 8) {
    close(fd);
    std::remove(tmp.c_str());
    return Status::IOError(tmp + " is not an unsealed file of this snapshot");
  }
  bool ok = pwrite(fd, header.data(), header.size(), 0) == static_cast<ssize_t>(header.size());
  ok = ok && pwrite(fd, &checksum, 8, at_checksum) == 8;
  ok = ok && fsync(fd) == 0;
  const int err = errno;
  ok = (close(fd) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot seal " + tmp + ": " + std::strerror(err));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::IOError("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<std::unique_ptr<GraphSnapshot>> GraphSnapshot::Load(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no graph snapshot " + path);
    return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (fstat(fd, &st) != 0) {
    const int err = errno;
    close(fd);
    return Status::IOError("cannot stat " + path + ": " + std::strerror(err));
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size < kHeaderBytes + 8) {
    close(fd);
    return Status::Corruption(path + ": too short for a graph snapshot");
  }
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  const int err = errno;
  close(fd);
  if (map == MAP_FAILED) return Status::IOError("cannot map " + path + ": " + std::strerror(err));

  std::unique_ptr<GraphSnapshot> s(new GraphSnapshot());
  s->map_ = map;
  s->map_size_ = size;
  const char* p = static_cast<const char*>(map);
  auto corrupt = [&path](const std::string& what) {
    return Status::Corruption(path + ": " + what);
  };
  if (std::memcmp(p, kMagic, sizeof(kMagic)) != 0) return corrupt("not a geokg graph snapshot");
  uint32_t version = 0;
  uint32_t order = 0;
  std::memcpy(&version, p + 8, 4);
  std::memcpy(&order, p + 12, 4);
  if (order != kByteOrderMark) return corrupt("written with another byte order");
  if (version != kVersion && version != kBytewiseChecksumVersion) {
    return corrupt("unknown snapshot version " + std::to_string(version));
  }
  s->format_version_ = version;
  std::memcpy(&s->generation_, p + 16, 8);
  std::memcpy(&s->node_count_, p + 24, 4);
  std::memcpy(&s->edge_count_, p + 28, 4);
  const uint64_t body = LayoutBytes(s->node_count_, s->edge_count_);
  if (size != kHeaderBytes + body + 8) return corrupt("size does not match its counts");
  s->PointInto(p + kHeaderBytes);

  const uint64_t offsets_bytes = Pad8((uint64_t{s->node_count_} + 1) * 4);
  const auto hash = version == kBytewiseChecksumVersion ? Fnv1a : Fnv1aWords;
  uint64_t checksum = hash(p, kHeaderBytes, kFnvOffset);
  checksum = hash(p + kHeaderBytes, 2 * offsets_bytes, checksum);
  uint64_t stored = 0;
  std::memcpy(&stored, p + kHeaderBytes + body, 8);
  if (checksum != stored) return corrupt("checksum mismatch in the header or offsets");

  // Offsets bound every access through the adjacency; endpoint ids bound the
  // vertex accessors. Checking them is one pass over the id arrays.
  const uint32_t n = s->node_count_;
  const uint32_t m = s->edge_count_;
  for (const uint32_t* offsets : {s->out_offsets_, s->in_offsets_}) {
    if (offsets[0] != 0 || offsets[n] != m) return corrupt("offsets do not cover the edges");
    for (uint32_t v = 0; v < n; ++v) {
      if (offsets[v] > offsets[v + 1]) return corrupt("offsets out of order");
    }
  }
  // A pass without branches over each array first (vectorised: at 10M
  // edges the loop below, with its early exit, took most of a cold Load);
  // the slow loop only names the first bad edge.
  if (AnyAtLeast(s->subjects_, m, n) || AnyAtLeast(s->objects_, m, n) ||
      AnyAtLeast(s->in_edges_, m, m) ||
      AnyAtLeast(s->relations_, m, static_cast<uint8_t>(kRelationCount))) {
    for (uint32_t e = 0; e < m; ++e) {
      if (s->subjects_[e] >= n || s->objects_[e] >= n || s->in_edges_[e] >= m ||
          s->relations_[e] >= kRelationCount) {
        return corrupt("edge " + std::to_string(e) + " out of range");
      }
    }
  }
  return s;
}

}  // namespace geokg
