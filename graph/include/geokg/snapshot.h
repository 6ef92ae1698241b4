// A compact, immutable adjacency of every stored triple (CSR), for global
// questions: paths, ego networks, centrality, components.
//
// Vertices are entity ids (dense, 0..node_count-1). Edges are numbered
// 0..edge_count-1 in the order of the out index: (subject, relation, date,
// object, article, ordinal), so the outgoing edges of a vertex are one
// contiguous range, and the incoming ones a list of edge ids in the order
// of the in index: (relation, date, subject, article, ordinal). Both are
// thus in (relation, date) runs. Strings
// (names, predicates, evidence) stay in the store: an edge carries the
// (article, ordinal) of its fact row for those.
//
// On disk the snapshot is the file `graph.csr` in the database folder
// (docs/storage.md, "Graph snapshot"), written by the writer after each
// ingest and mapped read-only by readers, so a cold process loads it in
// milliseconds. A snapshot records the store generation it was built at; a
// store whose generation moved on builds a fresh one instead.
//
// Thread safety: immutable after construction; read from any thread.
#ifndef GEOKG_SNAPSHOT_H_
#define GEOKG_SNAPSHOT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "geokg/graph.h"

namespace geokg {

// The snapshot's file name inside a database folder.
inline constexpr const char* kSnapshotFileName = "graph.csr";

// One edge with every attribute the snapshot keeps.
struct SnapshotEdge {
  EntityId subject = 0;
  EntityId object = 0;
  Relation relation = Relation::kRepresents;
  Date date;
  ArticleId article = 0;
  uint32_t ordinal = 0;
  bool negated = false;
  float confidence = 0;  // Rounded to 1/255.
};

// The edge order of the snapshot and of the out index: (subject, relation,
// date, object, article, ordinal).
bool SnapshotEdgeOrder(const SnapshotEdge& a, const SnapshotEdge& b);

class GraphSnapshot {
 public:
  using EdgeId = uint32_t;

  // A contiguous run of edge ids (outgoing edges) or of ids stored in a list
  // (incoming edges). Iterate with `for (EdgeId e : range)`.
  class OutRange {
   public:
    class iterator {
     public:
      explicit iterator(EdgeId e) : e_(e) {}
      EdgeId operator*() const { return e_; }
      iterator& operator++() {
        ++e_;
        return *this;
      }
      bool operator!=(const iterator& o) const { return e_ != o.e_; }

     private:
      EdgeId e_;
    };
    OutRange(EdgeId begin, EdgeId end) : begin_(begin), end_(end) {}
    iterator begin() const { return iterator(begin_); }
    iterator end() const { return iterator(end_); }
    size_t size() const { return end_ - begin_; }

   private:
    EdgeId begin_, end_;
  };
  struct InRange {
    const EdgeId* first;
    const EdgeId* last;
    const EdgeId* begin() const { return first; }
    const EdgeId* end() const { return last; }
    size_t size() const { return static_cast<size_t>(last - first); }
  };

  // From edges in any order. `node_count` must exceed every endpoint id;
  // `types` has node_count entries (missing ones are OTHER).
  static std::unique_ptr<GraphSnapshot> FromEdges(std::vector<SnapshotEdge> edges,
                                                  std::vector<EntityType> types,
                                                  uint64_t generation);

  // Maps a file written by Save. Corruption names what is wrong (magic,
  // version, byte order, sizes, an id out of range); NotFound when absent.
  static Result<std::unique_ptr<GraphSnapshot>> Load(const std::string& path);

  // Writes to `path` through a temporary file renamed on success.
  Status Save(const std::string& path) const;

  ~GraphSnapshot();
  GraphSnapshot(const GraphSnapshot&) = delete;
  GraphSnapshot& operator=(const GraphSnapshot&) = delete;

  uint64_t generation() const { return generation_; }
  // Restamps a snapshot its builder has not shared yet: a store builds the
  // snapshot of a bulk load before the commit that gives the generation.
  void set_generation(uint64_t generation) { generation_ = generation; }
  uint32_t node_count() const { return node_count_; }
  uint32_t edge_count() const { return edge_count_; }

  EntityType type(EntityId v) const { return static_cast<EntityType>(types_[v]); }
  // Require v < node_count().
  OutRange out_edges(EntityId v) const { return OutRange(out_offsets_[v], out_offsets_[v + 1]); }
  InRange in_edges(EntityId v) const {
    return InRange{in_edges_ + in_offsets_[v], in_edges_ + in_offsets_[v + 1]};
  }
  uint32_t degree(EntityId v) const {
    return (out_offsets_[v + 1] - out_offsets_[v]) + (in_offsets_[v + 1] - in_offsets_[v]);
  }

  // Require e < edge_count().
  EntityId subject(EdgeId e) const { return subjects_[e]; }
  EntityId object(EdgeId e) const { return objects_[e]; }
  Relation relation(EdgeId e) const { return static_cast<Relation>(relations_[e]); }
  Date date(EdgeId e) const { return Date{dates_[e]}; }
  ArticleId article(EdgeId e) const { return articles_[e]; }
  uint32_t ordinal(EdgeId e) const { return ordinals_[e]; }
  bool negated(EdgeId e) const { return (flags_[e] & 1) != 0; }
  float confidence(EdgeId e) const { return static_cast<float>(confidences_[e]) / 255.0f; }
  SnapshotEdge edge(EdgeId e) const;
  // Asks the CPU to fetch the fields of edge `e` (a hint, no effect on
  // results): for walks that visit edges out of id order.
  void Prefetch(EdgeId e) const {
    __builtin_prefetch(subjects_ + e);
    __builtin_prefetch(objects_ + e);
    __builtin_prefetch(dates_ + e);
    __builtin_prefetch(articles_ + e);
    __builtin_prefetch(ordinals_ + e);
    __builtin_prefetch(relations_ + e);
  }

  // Bytes of the arrays (mapped or owned); strings are not held.
  uint64_t memory_bytes() const;
  bool mapped() const { return map_ != nullptr; }
  // The file format Save writes, and the one this snapshot was read in
  // (Load; a built snapshot has the current one). Load also reads version 2
  // (docs/storage.md, "Graph snapshot").
  static constexpr uint32_t kFormatVersion = 3;
  uint32_t format_version() const { return format_version_; }

 private:
  GraphSnapshot() = default;
  void PointInto(const char* base);  // Sets the array pointers into one block.
  static uint64_t LayoutBytes(uint32_t nodes, uint32_t edges);

  uint64_t generation_ = 0;
  uint32_t format_version_ = kFormatVersion;
  uint32_t node_count_ = 0;
  uint32_t edge_count_ = 0;
  // One block holds every array: owned (built) or mapped (loaded).
  std::vector<uint64_t> owned_;  // uint64_t for alignment.
  void* map_ = nullptr;
  size_t map_size_ = 0;

  const uint32_t* out_offsets_ = nullptr;  // node_count + 1
  const uint32_t* in_offsets_ = nullptr;   // node_count + 1
  const uint32_t* in_edges_ = nullptr;     // edge_count, grouped by object
  const uint32_t* subjects_ = nullptr;     // edge_count each from here on
  const uint32_t* objects_ = nullptr;
  const uint32_t* dates_ = nullptr;
  const uint32_t* articles_ = nullptr;
  const uint32_t* ordinals_ = nullptr;
  const uint8_t* relations_ = nullptr;
  const uint8_t* flags_ = nullptr;
  const uint8_t* confidences_ = nullptr;
  const uint8_t* types_ = nullptr;  // node_count
};

}  // namespace geokg

#endif  // GEOKG_SNAPSHOT_H_
