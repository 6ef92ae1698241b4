#include "parser_weights.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

#ifdef __linux__
#include <sys/mman.h>
#endif

namespace geokg::parser {

uint32_t Crc32(std::string_view bytes) {
  static const auto* const kTable = [] {
    auto* table = new uint32_t[256];
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  uint32_t crc = 0xffffffffu;
  for (char ch : bytes) crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

namespace {

constexpr size_t kHugeMin = size_t{1} << 20;
constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

void* AllocateHuge(size_t bytes) {
  if (bytes < kHugeMin) return ::operator new(bytes);
  const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef __linux__
  madvise(p, rounded, MADV_HUGEPAGE);  // A hint: failure only costs speed.
#endif
  return p;
}

void FreeHuge(void* p, size_t bytes) {
  if (bytes < kHugeMin) {
    ::operator delete(p);
  } else {
    std::free(p);
  }
}

namespace {

size_t SlotCount(size_t features) {
  size_t n = 16;
  while (n < features * 2) n <<= 1;
  return n;
}

inline size_t Home(uint64_t key, uint64_t mask) { return static_cast<size_t>((key >> 17) & mask); }

}  // namespace

// ------------------------------------------------------------ WeightTable ---

namespace {

// Slot position and fingerprint come from disjoint halves of the key.
inline size_t TableHome(uint64_t key, uint64_t mask) { return static_cast<size_t>(key & mask); }
inline uint32_t Fingerprint(uint64_t key) {
  const uint32_t f = static_cast<uint32_t>(key >> 32);
  return f == 0 ? 1 : f;
}

}  // namespace

WeightTable::WeightTable(int num_classes, std::vector<Feature> features)
    : num_classes_(num_classes) {
  slots_.assign(SlotCount(features.size()), Slot{0, 0});
  mask_ = slots_.size() - 1;
  size_t total = 0;
  for (const Feature& f : features) total += f.entries.size();
  num_entries_ = total;
  data_.reserve(total + features.size());
  keys_.reserve(features.size());
  offsets_.reserve(features.size());
  const bool can_inline = num_classes <= 0x8000;
  for (const Feature& f : features) {
    size_t i = TableHome(f.key, mask_);
    while (slots_[i].fingerprint != 0) i = (i + 1) & mask_;
    uint32_t ref = 0;
    if (can_inline && f.entries.size() == 1) {
      ref = kInline | (static_cast<uint32_t>(f.entries[0].cls) << 16) |
            static_cast<uint16_t>(f.entries[0].weight);
    } else {
      ref = static_cast<uint32_t>(data_.size());
      data_.push_back(static_cast<uint32_t>(f.entries.size()));
      for (const Entry& e : f.entries) {
        data_.push_back(static_cast<uint32_t>(e.cls) |
                        (static_cast<uint32_t>(static_cast<uint16_t>(e.weight)) << 16));
      }
    }
    slots_[i] = Slot{Fingerprint(f.key), ref};
    keys_.push_back(f.key);
    offsets_.push_back(ref);
  }
  MakeLongRowsDense();
}

bool WeightTable::DenseRow(const uint32_t* entries, uint32_t count, uint32_t* dense) const {
  // A dense row fills whole words only for an even number of classes (Score
  // writes scores[0..num_classes_) and no further); other tables stay
  // sparse. From a quarter of the classes on, a dense row of 104 int16
  // adds in 13 AVX2 steps, against a scalar read-modify-write per sparse
  // entry (docs/parser.md, session 12).
  if (num_classes_ < 8 || num_classes_ % 2 != 0) return false;
  if (count < static_cast<uint32_t>(num_classes_) / 4) return false;
  for (uint32_t j = 0; j < count; ++j) {
    const uint32_t cls = entries[j] & 0xffff;
    if ((entries[j] >> 16) == 0 || (j > 0 && cls <= (entries[j - 1] & 0xffff))) return false;
  }
  std::fill(dense, dense + num_classes_ / 2, 0u);
  for (uint32_t j = 0; j < count; ++j) {
    const uint32_t cls = entries[j] & 0xffff;
    dense[cls / 2] |= (entries[j] >> 16) << (cls % 2 == 0 ? 0 : 16);
  }
  return true;
}

void WeightTable::MakeLongRowsDense() {
  // Rows lie in data_ in the order of offsets_ (the constructor appends
  // them so), so their old offsets increase and a slot's new offset is
  // found by binary search.
  const size_t dense_words = static_cast<size_t>(num_classes_) / 2;
  std::vector<uint32_t, HugePageAllocator<uint32_t>> out;
  out.reserve(data_.size());
  std::vector<uint32_t> old_refs;
  std::vector<uint32_t> new_refs;
  std::vector<uint32_t> dense(dense_words);
  for (size_t f = 0; f < offsets_.size(); ++f) {
    const uint32_t ref = offsets_[f];
    if (ref & kInline) continue;
    const uint32_t* row = data_.data() + ref;
    const uint32_t count = row[0];
    const uint32_t moved = static_cast<uint32_t>(out.size());
    if (DenseRow(row + 1, count, dense.data())) {
      out.push_back(count | kDense);
      out.insert(out.end(), dense.begin(), dense.end());
      ++num_dense_rows_;
    } else {
      out.insert(out.end(), row, row + 1 + count);
    }
    old_refs.push_back(ref);
    new_refs.push_back(moved);
    offsets_[f] = moved;
  }
  for (Slot& slot : slots_) {
    if (slot.fingerprint == 0 || (slot.offset & kInline)) continue;
    const auto it = std::lower_bound(old_refs.begin(), old_refs.end(), slot.offset);
    slot.offset = new_refs[static_cast<size_t>(it - old_refs.begin())];
  }
  data_.swap(out);
}

namespace {

// Reads the int16 halves of data_'s words (GCC and Clang: may alias them).
typedef int16_t __attribute__((may_alias)) AliasedInt16;

// The body of WeightTable::Score. It is always inlined into the kernels
// below, so that each is compiled for its instruction set: adding the dense
// int16 rows to int32 scores is most of the arithmetic, and AVX2 does it
// twice as wide as the SSE2 of the x86-64 baseline.
// `output(k)` is the score vector key k adds to.
template <typename OutputFn>
__attribute__((always_inline)) inline void ScoreBody(const WeightTable::Slot* slots,
                                                     const uint32_t* data, uint64_t mask,
                                                     int num_classes, const uint64_t* keys,
                                                     size_t n, OutputFn&& output) {
  // Three rounds, so that the cache misses of all features overlap instead
  // of queueing: prefetch every home slot, then resolve the slots and
  // prefetch the weights they point to, then add the weights.
  size_t home[WeightTable::kMaxScoreKeys];
  for (size_t k = 0; k < n; ++k) {
    home[k] = TableHome(keys[k], mask);
    __builtin_prefetch(slots + home[k]);
  }
  uint32_t found[WeightTable::kMaxScoreKeys];
  uint32_t found_key[WeightTable::kMaxScoreKeys];
  size_t hits = 0;
  for (size_t k = 0; k < n; ++k) {
    const uint32_t fp = Fingerprint(keys[k]);
    size_t i = home[k];
    while (true) {
      const WeightTable::Slot& s = slots[i];
      if (s.fingerprint == fp) {
        if (s.offset & WeightTable::kInline) {
          output(k)[(s.offset >> 16) & 0x7fff] += static_cast<int16_t>(s.offset & 0xffff);
        } else {
          found_key[hits] = static_cast<uint32_t>(k);
          found[hits++] = s.offset;
          __builtin_prefetch(data + s.offset);
        }
        break;
      }
      if (s.fingerprint == 0) break;
      i = (i + 1) & mask;
    }
  }
  const size_t classes = static_cast<size_t>(num_classes);
  for (size_t h = 0; h < hits; ++h) {
    const uint32_t* d = data + found[h];
    int32_t* scores = output(found_key[h]);
    const uint32_t count = d[0];
    if (count & WeightTable::kDense) {
      // A dense row's words hold class 2j in the low half and 2j + 1 in the
      // high half: on a little-endian host, int16s in class order.
      if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
        const AliasedInt16* row = reinterpret_cast<const AliasedInt16*>(d + 1);
        for (size_t c = 0; c < classes; ++c) scores[c] += row[c];
      } else {
        for (size_t c = 0; c < classes; ++c) {
          const uint32_t word = d[1 + c / 2];
          scores[c] += static_cast<int16_t>(static_cast<uint16_t>(c % 2 == 0 ? word : word >> 16));
        }
      }
      continue;
    }
    for (uint32_t j = 1; j <= count; ++j) {
      const uint32_t e = d[j];
      scores[e & 0xffff] += static_cast<int16_t>(static_cast<uint16_t>(e >> 16));
    }
  }
}

using ScoreKernelFn = void (*)(const WeightTable::Slot*, const uint32_t*, uint64_t, int,
                               const uint64_t*, size_t, int32_t*);
using ScoreManyKernelFn = void (*)(const WeightTable::Slot*, const uint32_t*, uint64_t, int,
                                   const uint64_t*, size_t, int32_t* const*);

void ScoreBaselineKernel(const WeightTable::Slot* slots, const uint32_t* data, uint64_t mask,
                         int num_classes, const uint64_t* keys, size_t n, int32_t* scores) {
  ScoreBody(slots, data, mask, num_classes, keys, n, [scores](size_t) { return scores; });
}

void ScoreManyBaselineKernel(const WeightTable::Slot* slots, const uint32_t* data, uint64_t mask,
                             int num_classes, const uint64_t* keys, size_t n,
                             int32_t* const* outputs) {
  ScoreBody(slots, data, mask, num_classes, keys, n, [outputs](size_t k) { return outputs[k]; });
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define GEOKG_HAVE_AVX2_KERNEL 1
__attribute__((target("avx2"))) void ScoreAvx2Kernel(const WeightTable::Slot* slots,
                                                     const uint32_t* data, uint64_t mask,
                                                     int num_classes, const uint64_t* keys,
                                                     size_t n, int32_t* scores) {
  ScoreBody(slots, data, mask, num_classes, keys, n, [scores](size_t) { return scores; });
}

__attribute__((target("avx2"))) void ScoreManyAvx2Kernel(const WeightTable::Slot* slots,
                                                         const uint32_t* data, uint64_t mask,
                                                         int num_classes, const uint64_t* keys,
                                                         size_t n, int32_t* const* outputs) {
  ScoreBody(slots, data, mask, num_classes, keys, n, [outputs](size_t k) { return outputs[k]; });
}
#endif

bool UseAvx2() {
#ifdef GEOKG_HAVE_AVX2_KERNEL
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return avx2;
#else
  return false;
#endif
}

// Chosen once per process from what the CPU offers. Both kernels give the
// same scores (integer adds in the same order).
ScoreKernelFn ScoreKernel() {
#ifdef GEOKG_HAVE_AVX2_KERNEL
  if (UseAvx2()) return &ScoreAvx2Kernel;
#endif
  return &ScoreBaselineKernel;
}

ScoreManyKernelFn ScoreManyKernel() {
#ifdef GEOKG_HAVE_AVX2_KERNEL
  if (UseAvx2()) return &ScoreManyAvx2Kernel;
#endif
  return &ScoreManyBaselineKernel;
}

}  // namespace

void WeightTable::Score(const uint64_t* keys, size_t n, int32_t* scores) const {
  if (slots_.empty()) return;
  if (n > kMaxScoreKeys) n = kMaxScoreKeys;
  ScoreKernel()(slots_.data(), data_.data(), mask_, num_classes_, keys, n, scores);
}

void WeightTable::ScoreMany(const uint64_t* keys, size_t n, int32_t* const* outputs) const {
  if (slots_.empty()) return;
  const ScoreManyKernelFn kernel = ScoreManyKernel();
  for (size_t at = 0; at < n; at += kMaxScoreKeys) {
    kernel(slots_.data(), data_.data(), mask_, num_classes_, keys + at,
           std::min(kMaxScoreKeys, n - at), outputs + at);
  }
}

void WeightTable::ScoreBaseline(const uint64_t* keys, size_t n, int32_t* scores) const {
  if (slots_.empty()) return;
  if (n > kMaxScoreKeys) n = kMaxScoreKeys;
  ScoreBaselineKernel(slots_.data(), data_.data(), mask_, num_classes_, keys, n, scores);
}

const char* WeightTable::KernelName() {
  return ScoreKernel() == &ScoreBaselineKernel ? "baseline" : "avx2";
}

void WeightTable::Encode(std::string* out) const {
  PutU32(out, static_cast<uint32_t>(num_classes_));
  PutU64(out, keys_.size());
  std::vector<size_t> order(keys_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
  for (size_t f : order) {
    PutU64(out, keys_[f]);
    if (offsets_[f] & kInline) {
      PutU16(out, 1);
      PutU16(out, static_cast<uint16_t>((offsets_[f] >> 16) & 0x7fff));
      PutU16(out, static_cast<uint16_t>(offsets_[f] & 0xffff));
      continue;
    }
    const uint32_t* d = data_.data() + offsets_[f];
    if (d[0] & kDense) {
      PutU16(out, static_cast<uint16_t>(d[0] & ~kDense));
      for (int c = 0; c < num_classes_; ++c) {
        const uint32_t word = d[1 + c / 2];
        const uint16_t w = static_cast<uint16_t>(c % 2 == 0 ? word : word >> 16);
        if (w == 0) continue;
        PutU16(out, static_cast<uint16_t>(c));
        PutU16(out, w);
      }
      continue;
    }
    PutU16(out, static_cast<uint16_t>(d[0]));
    for (uint32_t j = 1; j <= d[0]; ++j) {
      PutU16(out, static_cast<uint16_t>(d[j] & 0xffff));
      PutU16(out, static_cast<uint16_t>(d[j] >> 16));
    }
  }
}

Status WeightTable::Decode(Reader* in, WeightTable* out) {
  uint32_t num_classes = 0;
  uint64_t num_features = 0;
  if (!in->GetU32(&num_classes) || !in->GetU64(&num_features)) {
    return Status::Corruption("weight table header truncated");
  }
  if (num_classes == 0 || num_classes > 0xffff) {
    return Status::Corruption("weight table has " + std::to_string(num_classes) + " classes");
  }
  // Each feature takes at least 10 bytes: reject counts the bytes cannot hold.
  if (num_features > in->remaining() / 10) {
    return Status::Corruption("weight table claims more features than the file holds");
  }
  // Built in place (as the constructor does), without a vector per feature:
  // this is most of the model's load time.
  WeightTable t;
  t.num_classes_ = static_cast<int>(num_classes);
  t.slots_.assign(SlotCount(num_features), Slot{0, 0});
  t.mask_ = t.slots_.size() - 1;
  t.keys_.reserve(num_features);
  t.offsets_.reserve(num_features);
  // At most one count word per feature plus one word per 4 remaining bytes,
  // twice that for rows made dense (a dense row of C/2 words replaces at
  // least C/4 entries). Only the pages written take memory.
  t.data_.reserve(std::min<size_t>(num_features + in->remaining() / 2, 0xffffffffu));
  std::vector<uint32_t> dense(num_classes / 2);
  const bool can_inline = num_classes <= 0x8000;
  uint64_t previous = 0;
  for (uint64_t f = 0; f < num_features; ++f) {
    uint64_t key = 0;
    uint16_t count = 0;
    if (!in->GetU64(&key) || !in->GetU16(&count)) {
      return Status::Corruption("weight table truncated");
    }
    if (key == 0 || (f > 0 && key <= previous)) {
      return Status::Corruption("weight table keys not strictly increasing");
    }
    previous = key;
    if (in->remaining() < 4u * count) return Status::Corruption("weight table truncated");
    uint32_t ref = 0;
    for (uint16_t j = 0; j < count; ++j) {
      uint16_t cls = 0;
      uint16_t w = 0;
      in->GetU16(&cls);
      in->GetU16(&w);
      if (cls >= num_classes) return Status::Corruption("weight class out of range");
      const uint32_t packed = static_cast<uint32_t>(cls) | (static_cast<uint32_t>(w) << 16);
      if (can_inline && count == 1) {
        ref = kInline | (static_cast<uint32_t>(cls) << 16) | w;
        break;
      }
      if (j == 0) {
        ref = static_cast<uint32_t>(t.data_.size());
        t.data_.push_back(count);
      }
      t.data_.push_back(packed);
    }
    if (count == 0) {
      ref = static_cast<uint32_t>(t.data_.size());
      t.data_.push_back(0);
    } else if (!(ref & kInline) && t.DenseRow(t.data_.data() + ref + 1, count, dense.data())) {
      // The list just appended becomes a dense row in its place.
      t.data_.resize(ref);
      t.data_.push_back(count | kDense);
      t.data_.insert(t.data_.end(), dense.begin(), dense.end());
      ++t.num_dense_rows_;
    }
    size_t i = TableHome(key, t.mask_);
    while (t.slots_[i].fingerprint != 0) i = (i + 1) & t.mask_;
    t.slots_[i] = Slot{Fingerprint(key), ref};
    t.keys_.push_back(key);
    t.offsets_.push_back(ref);
    t.num_entries_ += count;
  }
  *out = std::move(t);
  return Status::Ok();
}

// ------------------------------------------------------------- Perceptron ---

Perceptron::Perceptron(int num_classes) : num_classes_(num_classes) {
  keys_.assign(1 << 16, 0);
  rows_of_.assign(1 << 16, 0);
}

int64_t Perceptron::FindRow(uint64_t key) const {
  const uint64_t mask = keys_.size() - 1;
  size_t i = Home(key, mask);
  while (true) {
    if (keys_[i] == key) return rows_of_[i];
    if (keys_[i] == 0) return -1;
    i = (i + 1) & mask;
  }
}

void Perceptron::Grow() {
  std::vector<uint64_t> old_keys(keys_.size() * 2, 0);
  std::vector<uint32_t> old_rows(keys_.size() * 2, 0);
  old_keys.swap(keys_);
  old_rows.swap(rows_of_);
  const uint64_t mask = keys_.size() - 1;
  for (size_t j = 0; j < old_keys.size(); ++j) {
    if (old_keys[j] == 0) continue;
    size_t i = Home(old_keys[j], mask);
    while (keys_[i] != 0) i = (i + 1) & mask;
    keys_[i] = old_keys[j];
    rows_of_[i] = old_rows[j];
  }
}

uint32_t Perceptron::FindOrAdd(uint64_t key) {
  if ((rows_.size() + 1) * 2 > keys_.size()) Grow();
  const uint64_t mask = keys_.size() - 1;
  size_t i = Home(key, mask);
  while (true) {
    if (keys_[i] == key) return rows_of_[i];
    if (keys_[i] == 0) break;
    i = (i + 1) & mask;
  }
  keys_[i] = key;
  rows_of_[i] = static_cast<uint32_t>(rows_.size());
  rows_.emplace_back();
  row_keys_.push_back(key);
  return rows_of_[i];
}

void Perceptron::Score(const uint64_t* keys, size_t n, float* scores) const {
  for (size_t k = 0; k < n; ++k) {
    const int64_t row = FindRow(keys[k]);
    if (row < 0) continue;
    for (const Weight& w : rows_[row]) scores[w.cls] += w.value;
  }
}

void Perceptron::Add(const uint64_t* keys, size_t n, int cls, float delta) {
  for (size_t k = 0; k < n; ++k) {
    std::vector<Weight>& row = rows_[FindOrAdd(keys[k])];
    bool found = false;
    for (Weight& w : row) {
      if (w.cls == cls) {
        w.total += static_cast<double>(w.value) * static_cast<double>(now_ - w.stamp);
        w.stamp = now_;
        w.value += delta;
        found = true;
        break;
      }
    }
    if (!found) row.push_back(Weight{static_cast<uint16_t>(cls), delta, now_, 0.0});
  }
}

void Perceptron::Update(const uint64_t* keys, size_t n, int truth, int guess) {
  auto bump = [this](std::vector<Weight>& row, int cls, float delta) {
    for (Weight& w : row) {
      if (w.cls == cls) {
        w.total += static_cast<double>(w.value) * static_cast<double>(now_ - w.stamp);
        w.stamp = now_;
        w.value += delta;
        return;
      }
    }
    row.push_back(Weight{static_cast<uint16_t>(cls), delta, now_, 0.0});
  };
  for (size_t k = 0; k < n; ++k) {
    std::vector<Weight>& row = rows_[FindOrAdd(keys[k])];
    bump(row, truth, 1.0f);
    bump(row, guess, -1.0f);
  }
}

std::vector<Perceptron::Averaged> Perceptron::AveragedWeights() const {
  std::vector<Averaged> out;
  const double now = static_cast<double>(now_);
  for (size_t r = 0; r < rows_.size(); ++r) {
    for (const Weight& w : rows_[r]) {
      const double total = w.total + static_cast<double>(w.value) * (now - w.stamp);
      const double avg = total / now;
      if (avg != 0.0) out.push_back(Averaged{row_keys_[r], w.cls, avg});
    }
  }
  std::sort(out.begin(), out.end(), [](const Averaged& a, const Averaged& b) {
    return a.key != b.key ? a.key < b.key : a.cls < b.cls;
  });
  return out;
}

std::vector<Perceptron::Averaged> Perceptron::Mean(
    const std::vector<std::vector<Averaged>>& models) {
  if (models.size() == 1) return models[0];
  auto less = [](const Averaged& a, const Averaged& b) {
    return a.key != b.key ? a.key < b.key : a.cls < b.cls;
  };
  std::vector<Averaged> merged;
  for (const std::vector<Averaged>& m : models) {
    const size_t mid = merged.size();
    merged.insert(merged.end(), m.begin(), m.end());
    std::inplace_merge(merged.begin(), merged.begin() + mid, merged.end(), less);
  }
  std::vector<Averaged> out;
  const double k = static_cast<double>(std::max<size_t>(models.size(), 1));
  for (size_t i = 0; i < merged.size();) {
    Averaged a = merged[i];
    double sum = 0.0;
    for (; i < merged.size() && merged[i].key == a.key && merged[i].cls == a.cls; ++i) {
      sum += merged[i].value;
    }
    a.value = sum / k;
    out.push_back(a);
  }
  return out;
}

WeightTable Perceptron::Freeze(const std::vector<Averaged>& weights, int num_classes,
                               double prune) {
  double max_abs = 0.0;
  for (const Averaged& w : weights) {
    if (std::fabs(w.value) >= prune) max_abs = std::max(max_abs, std::fabs(w.value));
  }
  const double scale = max_abs > 0 ? 32767.0 / max_abs : 1.0;
  std::vector<WeightTable::Feature> features;
  for (size_t i = 0; i < weights.size();) {
    WeightTable::Feature f;
    f.key = weights[i].key;
    for (; i < weights.size() && weights[i].key == f.key; ++i) {
      const double avg = weights[i].value;
      if (std::fabs(avg) < prune || avg == 0.0) continue;
      const long q = std::lround(avg * scale);
      if (q == 0) continue;
      f.entries.push_back(WeightTable::Entry{weights[i].cls, static_cast<int16_t>(q)});
    }
    if (!f.entries.empty()) features.push_back(std::move(f));
  }
  return WeightTable(num_classes, std::move(features));
}

}  // namespace geokg::parser
