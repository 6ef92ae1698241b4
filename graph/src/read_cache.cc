#include "read_cache.h"

#include <functional>

namespace geokg {

ReadCache::ReadCache(size_t capacity_bytes) : shard_capacity_(capacity_bytes / kShards) {}

bool ReadCache::Shard::Enter(uint64_t new_generation) {
  if (new_generation < generation) return false;
  if (new_generation > generation) {
    index.clear();
    lru.clear();
    bytes = 0;
    generation = new_generation;
  }
  return true;
}

ReadCache::Shard& ReadCache::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>()(key) % kShards];
}

bool ReadCache::Lookup(uint64_t generation, std::string_view key, std::string* value) {
  if (!enabled()) return false;
  Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (!shard.Enter(generation)) return false;
  auto it = shard.index.find(key);
  if (it == shard.index.end()) return false;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  value->assign(it->second->value);
  return true;
}

void ReadCache::Insert(uint64_t generation, std::string_view key, std::string_view value) {
  const size_t charge = key.size() + value.size() + kEntryOverhead;
  if (!enabled() || charge > shard_capacity_) return;
  Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  if (!shard.Enter(generation)) return;
  auto found = shard.index.find(key);
  if (found != shard.index.end()) {
    // Another reader of the same generation got there first: same bytes.
    shard.lru.splice(shard.lru.begin(), shard.lru, found->second);
    return;
  }
  while (shard.bytes + charge > shard_capacity_ && !shard.lru.empty()) {
    const Entry& last = shard.lru.back();
    shard.bytes -= last.key.size() + last.value.size() + kEntryOverhead;
    shard.index.erase(last.key);
    shard.lru.pop_back();
  }
  shard.lru.push_front(Entry{std::string(key), std::string(value)});
  shard.index.emplace(shard.lru.front().key, shard.lru.begin());
  shard.bytes += charge;
}

size_t ReadCache::bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    total += shard.bytes;
  }
  return total;
}

size_t ReadCache::entries() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    total += shard.lru.size();
  }
  return total;
}

}  // namespace geokg
