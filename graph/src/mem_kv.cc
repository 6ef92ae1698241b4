// The in-memory Kv: a std::map under a reader-writer lock. Iterators take no
// snapshot: each step re-seeks past the last key returned, so they stay valid
// while a writer changes the map and see the writes that land ahead of them.
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "kv.h"

namespace geokg {
namespace {

using Map = std::map<std::string, std::string, std::less<>>;

class MemIterator final : public KvIterator {
 public:
  MemIterator(const Map* map, std::shared_mutex* mu) : map_(map), mu_(mu) {}

  void Seek(std::string_view target) override {
    std::shared_lock lock(*mu_);
    Load(map_->lower_bound(target));
  }
  bool Valid() const override { return valid_; }
  void Next() override {
    std::shared_lock lock(*mu_);
    Load(map_->upper_bound(key_));
  }
  std::string_view key() const override { return key_; }
  std::string_view value() const override { return value_; }
  Status status() const override { return Status::Ok(); }

 private:
  void Load(Map::const_iterator it) {
    valid_ = it != map_->end();
    if (valid_) {
      key_ = it->first;
      value_ = it->second;
    }
  }

  const Map* map_;
  std::shared_mutex* mu_;
  bool valid_ = false;
  std::string key_;
  std::string value_;
};

class MemKv final : public Kv {
 public:
  Status VerifyChecksums() const override { return Status::Ok(); }

  Status Get(std::string_view key, std::string* value) const override {
    std::shared_lock lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return Status::NotFound("key not found");
    *value = it->second;
    return Status::Ok();
  }

  Status Write(const KvBatch& batch) override {
    // All allocation happens here, before the lock: splicing the staged nodes
    // into the map below cannot throw, so a batch lands whole or not at all.
    Map staged;
    std::vector<std::string> deletes;
    for (const KvBatch::Op& op : batch.ops()) {
      std::string key(op.key);
      if (op.is_delete) {
        staged.erase(key);
        deletes.push_back(std::move(key));
      } else {
        staged.insert_or_assign(std::move(key), std::string(op.value));
      }
    }
    std::unique_lock lock(mu_);
    // Deletes were recorded in batch order; a later put of the same key is in
    // `staged` and is applied after, so it wins as the batch contract says.
    for (const std::string& key : deletes) {
      if (staged.find(key) == staged.end()) map_.erase(key);
    }
    while (!staged.empty()) {
      auto node = staged.extract(staged.begin());
      auto it = map_.find(node.key());
      if (it != map_.end()) {
        it->second.swap(node.mapped());
      } else {
        map_.insert(std::move(node));
      }
    }
    sequence_.fetch_add(1 + batch.ops().size());
    return Status::Ok();
  }

  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<MemIterator>(&map_, &mu_);
  }

  bool read_only() const override { return false; }
  Status Ingest(const KvBatch& batch) override { return Write(batch); }
  uint64_t Sequence() const override { return sequence_.load(); }

 private:
  mutable std::shared_mutex mu_;
  std::atomic<uint64_t> sequence_{0};
  Map map_;
};

}  // namespace

std::unique_ptr<Kv> NewMemKv() { return std::make_unique<MemKv>(); }

}  // namespace geokg
