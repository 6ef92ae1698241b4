// A bounded memo of the store's point reads (key -> value bytes), shared by
// every reader of one Store: a warm `geokg serve` answers the depth-1
// neighbours of a hub from memory instead of some 300 RocksDB lookups
// (fact rows, entity records, article records), each through partitioned
// index and filter blocks.
//
// Correctness across writes: every entry belongs to one store generation
// (Kv::Sequence(), the number the graph snapshot is stamped with). A
// lookup or insert at a newer generation empties the shard first; one at an
// older generation misses and inserts nothing. A value is inserted only
// when the generation did not move while it was read, so the cache never
// holds a value of another state than the one its generation names.
//
// Memory: at most `capacity_bytes`, counting each entry as its key and value
// bytes plus kEntryOverhead; least recently used entries go first. Capacity
// 0 disables it. The overhead is what glibc's malloc was measured to hold
// per entry beyond the key and value bytes (list node with two strings 96,
// hash node 48, bucket 8, the value's heap block header and rounding 8-24:
// 150-170 bytes for 20- to 250-byte values), so the charge is an upper
// bound of the heap the cache holds.
//
// Thread safety: all members may be called from any thread (16 shards, one
// mutex each).
#ifndef GEOKG_GRAPH_SRC_READ_CACHE_H_
#define GEOKG_GRAPH_SRC_READ_CACHE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace geokg {

class ReadCache {
 public:
  // Bytes charged per entry on top of its key and value.
  static constexpr size_t kEntryOverhead = 176;

  explicit ReadCache(size_t capacity_bytes);
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  bool enabled() const { return shard_capacity_ > 0; }

  // Copies the value of `key` cached at `generation` into *value; false on
  // a miss.
  bool Lookup(uint64_t generation, std::string_view key, std::string* value);
  // Remembers `value` for `key` at `generation`, evicting the least
  // recently used entries of its shard to stay within the capacity. An
  // entry larger than a shard's share is not kept.
  void Insert(uint64_t generation, std::string_view key, std::string_view value);

  // Charged bytes and entries now held, over all shards.
  size_t bytes() const;
  size_t entries() const;

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    std::string key;
    std::string value;
  };
  struct Shard {
    mutable std::mutex mu;
    uint64_t generation = 0;
    size_t bytes = 0;
    std::list<Entry> lru;  // Most recently used first.
    // Keys point into the list nodes, which never move.
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;

    // Requires mu. False when `generation` is older than the shard's
    // entries; empties the shard when it is newer.
    bool Enter(uint64_t generation);
  };

  Shard& ShardOf(std::string_view key);

  const size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace geokg

#endif  // GEOKG_GRAPH_SRC_READ_CACHE_H_
