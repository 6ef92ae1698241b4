// Internal: hashed sparse features and the linear models of the tagger and
// the parser.
//
// A feature is a 64-bit key (never 0) hashed from a template id and its
// values. A class score is the sum of the weights of the active features.
// Perceptron is the trainer (averaged perceptron, mutable, one thread).
// WeightTable is the frozen, quantised result: immutable and safe to share
// across threads; Score() writes only to the caller's buffer.
#ifndef GEOKG_EXTRACT_PARSER_WEIGHTS_H_
#define GEOKG_EXTRACT_PARSER_WEIGHTS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geokg/graph.h"
#include "parser_coding.h"

namespace geokg::parser {

// FNV-1a over the bytes. Stable across hosts: it is part of the model format.
inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

inline uint64_t MixIn(uint64_t h, uint64_t v) {
  h ^= v * 0x9e3779b97f4a7c15ull;
  h = (h << 31) | (h >> 33);
  return h * 0xbf58476d1ce4e5b9ull;
}

inline uint64_t Finalize(uint64_t h) {
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

// Feature keys for templates of one to four values. The template id keeps
// equal values in different templates apart.
inline uint64_t Key(uint32_t tmpl, uint64_t a) { return Finalize(MixIn(tmpl + 1, a)); }
inline uint64_t Key(uint32_t tmpl, uint64_t a, uint64_t b) {
  return Finalize(MixIn(MixIn(tmpl + 1, a), b));
}
inline uint64_t Key(uint32_t tmpl, uint64_t a, uint64_t b, uint64_t c) {
  return Finalize(MixIn(MixIn(MixIn(tmpl + 1, a), b), c));
}
inline uint64_t Key(uint32_t tmpl, uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
  return Finalize(MixIn(MixIn(MixIn(MixIn(tmpl + 1, a), b), c), d));
}

void* AllocateHuge(size_t bytes);
void FreeHuge(void* p, size_t bytes);

// Allocator for the large lookup arrays of WeightTable: blocks of 1 MiB and
// more are 2 MiB-aligned and marked for transparent huge pages (Linux), so
// that random lookups in a table of tens of MB miss the TLB less often.
// Smaller blocks come from operator new.
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT(runtime/explicit)
  T* allocate(size_t n) { return static_cast<T*>(AllocateHuge(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { FreeHuge(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const HugePageAllocator<U>&) const {
    return false;
  }
};
class WeightTable {
 public:
  struct Entry {
    uint16_t cls;
    int16_t weight;
  };
  struct Feature {
    uint64_t key;
    std::vector<Entry> entries;
  };

  WeightTable() = default;
  // `features` must have distinct non-zero keys and classes < num_classes.
  WeightTable(int num_classes, std::vector<Feature> features);

  int num_classes() const { return num_classes_; }
  size_t num_features() const { return keys_.size(); }
  size_t num_entries() const { return num_entries_; }
  // Features whose weights are stored as a dense row (see below).
  size_t num_dense_rows() const { return num_dense_rows_; }

  // Adds the weights of the `n` features in `keys` to scores[0..num_classes).
  // Unknown keys add nothing. Duplicate keys count once per occurrence.
  // At most kMaxScoreKeys keys per call.
  void Score(const uint64_t* keys, size_t n, int32_t* scores) const;
  static constexpr size_t kMaxScoreKeys = 128;
  // As Score, but key k adds to outputs[k]: the lookups of several score
  // vectors in one pass, so that all their cache misses overlap
  // (kMaxScoreKeys keys at a time; any n).
  void ScoreMany(const uint64_t* keys, size_t n, int32_t* const* outputs) const;
  // Score with the kernel for the x86-64 baseline (SSE2), whatever the CPU
  // offers: for tests, which compare it with Score's. Same result.
  void ScoreBaseline(const uint64_t* keys, size_t n, int32_t* scores) const;
  // The kernel Score uses on this CPU: "avx2" or "baseline".
  static const char* KernelName();

  // The lookup layout described under private. Public only for the
  // scoring kernels in parser_weights.cc, compiled once per instruction set.
  struct Slot {
    uint32_t fingerprint;  // 0 = empty.
    uint32_t offset;       // Into data_, or an inline weight.
  };
  static constexpr uint32_t kInline = 0x80000000u;
  static constexpr uint32_t kDense = 0x80000000u;  // In a count word of data_.

  // Appends the table: u32 num_classes, u64 num_features, then per feature
  // u64 key, u16 count and count x (u16 class, i16 weight), sorted by key.
  void Encode(std::string* out) const;
  // Reads what Encode wrote; Corruption when truncated or inconsistent.
  static Status Decode(Reader* in, WeightTable* out);

 private:
  // The lookup structure is laid out for few cache misses: an 8-byte slot
  // per feature (a 32-bit fingerprint of the key, then where its weights
  // start in data_), and the feature's weights packed together in data_ as
  // one u32 count followed by `count` u32 words (class in the low 16 bits,
  // int16 weight in the high 16). A lookup touches one slot line and one
  // data line. Two keys are told apart by the fingerprint alone within a
  // probe run: an unseen key matches a stored one with probability about
  // 2^-32 per probe, which changes a score, never memory safety.
  // A feature with a single weight keeps it in its slot instead (one miss
  // instead of two): offset = kInline | class << 16 | uint16 weight, used
  // when the classes fit in 15 bits.
  // A feature with weights for at least a quarter of the classes is stored
  // dense instead: count | kDense, then one int16 per class, two to a word
  // (class 2i in the low half), zero where the sparse list has no entry. Adding
  // a dense row is a straight loop the compiler vectorises; the scattered
  // adds of long sparse lists were most of Score's time. Only lists whose
  // classes strictly increase and whose weights are non-zero are made dense,
  // so that Encode writes back the same entries.

  // Whether the `count` packed entries qualify for a dense row (see above);
  // if so, writes its num_classes_ / 2 words to `dense`.
  bool DenseRow(const uint32_t* entries, uint32_t count, uint32_t* dense) const;
  // Rewrites data_ with the dense rows described above, and the slots and
  // offsets that point into it.
  void MakeLongRowsDense();

  int num_classes_ = 0;
  size_t num_entries_ = 0;
  size_t num_dense_rows_ = 0;
  uint64_t mask_ = 0;  // slots_.size() - 1; slots_.size() is a power of two.
  // Open addressing, linear probing, load <= 1/2.
  std::vector<Slot, HugePageAllocator<Slot>> slots_;
  // Per feature: count, then count packed entries.
  std::vector<uint32_t, HugePageAllocator<uint32_t>> data_;
  std::vector<uint64_t> keys_;     // Full key per feature, in data_ order (for Encode).
  std::vector<uint32_t> offsets_;  // Slot offset per feature, parallel to keys_.
};

// An averaged perceptron over hashed features (Collins 2002), with lazy
// averaging: each weight remembers when it last changed.
class Perceptron {
 public:
  explicit Perceptron(int num_classes);

  int num_classes() const { return num_classes_; }
  // Current (not averaged) scores, added to scores[0..num_classes).
  void Score(const uint64_t* keys, size_t n, float* scores) const;
  // One mistake: +1 to `truth`, -1 to `guess` for every feature.
  void Update(const uint64_t* keys, size_t n, int truth, int guess);
  // Adds `delta` to the weight of class `cls` of every feature (structured
  // updates of beam training: + along the gold prefix, - along the
  // predicted one).
  void Add(const uint64_t* keys, size_t n, int cls, float delta);
  // Advances the instance clock; call once per training decision.
  void Tick() { ++now_; }

  // One averaged weight.
  struct Averaged {
    uint64_t key;
    uint16_t cls;
    double value;
  };
  // The non-zero averaged weights, sorted by (key, class).
  std::vector<Averaged> AveragedWeights() const;
  // The element-wise mean of several models' averaged weights (a weight
  // absent from a model counts as 0), sorted by (key, class). Since scores
  // are linear in the weights, the result scores every decision with the
  // mean of the models' scores: an ensemble at the cost of one model.
  static std::vector<Averaged> Mean(const std::vector<std::vector<Averaged>>& models);
  // Averaged weights quantised to int16 with one scale for the table.
  // Weights whose magnitude is below `prune` are dropped, and so are
  // features left with no weight.
  static WeightTable Freeze(const std::vector<Averaged>& weights, int num_classes, double prune);
  WeightTable Freeze(double prune) const { return Freeze(AveragedWeights(), num_classes_, prune); }
  size_t num_features() const { return rows_.size(); }

 private:
  struct Weight {
    uint16_t cls;
    float value;
    int64_t stamp;  // Clock value when `value` last changed.
    double total;   // Sum of `value` over the clock up to `stamp`.
  };
  uint32_t FindOrAdd(uint64_t key);
  int64_t FindRow(uint64_t key) const;
  void Grow();

  int num_classes_;
  int64_t now_ = 1;
  std::vector<uint64_t> keys_;  // Open addressing; 0 = empty.
  std::vector<uint32_t> rows_of_;
  std::vector<std::vector<Weight>> rows_;
  std::vector<uint64_t> row_keys_;  // Key of each row, for Freeze().
};

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_WEIGHTS_H_
