// The ordered key-value backend under the Store. Two implementations: RocksDB
// on disk (rocks_kv.cc) and a std::map in memory (mem_kv.cc). The Store logic
// and key layout (coding.h) are written once over this interface, and no
// RocksDB type appears outside rocks_kv.cc.
//
// Thread safety: a Kv may be read from several threads while one thread
// writes. An iterator is used by one thread at a time.
#ifndef GEOKG_GRAPH_KV_H_
#define GEOKG_GRAPH_KV_H_

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "geokg/graph.h"

namespace geokg {

// Ordered writes applied atomically by Kv::Write: all of them or none. A
// later operation on the same key overrides an earlier one.
//
// The bytes of every key and value are copied into blocks owned by the
// batch, which never move: a bulk load stages millions of small keys, and
// one heap string each would cost more than writing them.
class KvBatch {
 public:
  struct Op {
    bool is_delete = false;
    std::string_view key;    // Into the batch's blocks.
    std::string_view value;  // Empty for a delete.
  };

  KvBatch() = default;
  KvBatch(KvBatch&&) = default;
  KvBatch& operator=(KvBatch&&) = default;
  KvBatch(const KvBatch&) = delete;
  KvBatch& operator=(const KvBatch&) = delete;

  void Put(std::string_view key, std::string_view value) {
    bytes_ += key.size() + value.size();
    char* p = Allocate(key.size() + value.size());
    std::memcpy(p, key.data(), key.size());
    if (!value.empty()) std::memcpy(p + key.size(), value.data(), value.size());
    ops_.push_back(
        Op{false, std::string_view(p, key.size()), std::string_view(p + key.size(), value.size())});
  }
  void Delete(std::string_view key) {
    bytes_ += key.size();
    char* p = Allocate(key.size());
    std::memcpy(p, key.data(), key.size());
    ops_.push_back(Op{true, std::string_view(p, key.size()), std::string_view()});
  }
  // Room for `n` operations in all, so that a large batch grows once.
  void Reserve(size_t n) { ops_.reserve(n); }
  const std::vector<Op>& ops() const { return ops_; }
  size_t bytes() const { return bytes_; }  // Keys plus values.

 private:
  static constexpr size_t kBlockSize = size_t{1} << 20;

  char* Allocate(size_t n) {
    if (n == 0) n = 1;  // A valid pointer for empty keys too.
    if (n > kBlockSize / 4) {
      // Large records get a block of their own.
      large_.emplace_back(new char[n]);
      return large_.back().get();
    }
    if (blocks_.empty() || used_ + n > kBlockSize) {
      blocks_.emplace_back(new char[kBlockSize]);
      used_ = 0;
    }
    char* p = blocks_.back().get() + used_;
    used_ += n;
    return p;
  }

  std::vector<Op> ops_;
  std::vector<std::unique_ptr<char[]>> blocks_;  // The last one is being filled.
  std::vector<std::unique_ptr<char[]>> large_;
  size_t used_ = 0;  // Bytes used of the last block.
  size_t bytes_ = 0;
};

// Walks keys in bytewise order. Starts unpositioned: call Seek first.
class KvIterator {
 public:
  virtual ~KvIterator() = default;
  // Positions at the first key >= target.
  virtual void Seek(std::string_view target) = 0;
  virtual bool Valid() const = 0;
  virtual void Next() = 0;
  // Valid until the next Seek/Next. Require Valid().
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // Not ok when the walk stopped on an error rather than at the end.
  virtual Status status() const = 0;
};

// One table file of a staged bulk load (Kv::StageSortedFile).
class KvTableFile {
 public:
  virtual ~KvTableFile() = default;
  // Keys must be strictly increasing within the file.
  virtual Status Put(std::string_view key, std::string_view value) = 0;
};

class Kv {
 public:
  virtual ~Kv() = default;
  // NotFound (and *value untouched) when the key is absent.
  virtual Status Get(std::string_view key, std::string* value) const = 0;
  virtual Status Write(const KvBatch& batch) = 0;
  virtual std::unique_ptr<KvIterator> NewIterator() const = 0;
  // True when writes are rejected (a read-only open).
  virtual bool read_only() const = 0;
  // Applies `batch` atomically, as Write does (a later operation on the same
  // key wins), but for large batches of new keys: RocksDB writes the
  // operations as one sorted table file and ingests it (IngestExternalFile),
  // bypassing the memtable and the write-ahead log; in memory it is Write.
  virtual Status Ingest(const KvBatch& batch) = 0;
  // Grows with every write (a batch, an ingested file) and survives a close
  // and re-open: equal sequences mean equal contents. RocksDB's latest
  // sequence number; a counter in memory.
  virtual uint64_t Sequence() const = 0;

  // Staged bulk loading (docs/storage.md, "Deferred bulk load"): table
  // files written now and kept aside, invisible to every read, until
  // CommitStaged ingests all of them in one atomic step. Files whose key
  // ranges overlap neither each other nor the stored keys go straight to
  // the bottom level and are never compacted. Until the commit nothing is
  // stored: when the process ends first, the store is as it was (the
  // files, named *.bulk, are deleted at the next read-write open).
  // Supported by RocksDB only: elsewhere CanStage is false and the calls
  // return InvalidArgument.
  virtual bool CanStage() const { return false; }
  // Writes `batch` into table files as Ingest does (a later operation on
  // the same key wins; the fact table in a file of its own) and stages
  // them.
  // RocksDB writes them on a thread of its own while the caller goes on;
  // a failure to write them is returned by the next StageBatch or
  // CommitStaged call.
  virtual Status StageBatch(KvBatch /*batch*/) { return NotStaging(); }
  // Calls `fill` with one new table file; when it returns ok the file is
  // staged (a file given no key is dropped). Safe to call from several
  // threads at once.
  virtual Status StageSortedFile(const std::function<Status(KvTableFile*)>& /*fill*/) {
    return NotStaging();
  }
  // Ingests every staged file in one step. On failure nothing is stored
  // and the staged files are deleted.
  virtual Status CommitStaged() { return NotStaging(); }
  // Deletes the staged files.
  virtual void DropStaged() {}
  // Reads every stored block and checks its checksum: Corruption naming the
  // file when one does not match. Ok for a store in memory.
  virtual Status VerifyChecksums() const = 0;

 private:
  static Status NotStaging() { return Status::InvalidArgument("this store cannot stage files"); }
};

std::unique_ptr<Kv> NewMemKv();

// Store::Check on the key space of `kv` (check.cc); `snapshot_path` is the
// graph.csr to verify, or empty.
Result<CheckReport> CheckKv(const Kv& kv, const std::string& snapshot_path);

// Opens the RocksDB database in `dir`. Busy ("database <dir> is in use by
// process <pid>") when another Kv holds it read-write; NotFound when it does
// not exist and may not be created (or read_only is set).
Result<std::unique_ptr<Kv>> OpenRocksKv(const std::string& dir, const StoreOptions& options);

// The file in the database folder naming the process that holds it
// read-write; written after the RocksDB lock is taken.
inline constexpr const char* kPidFileName = "geokg.pid";

}  // namespace geokg

#endif  // GEOKG_GRAPH_KV_H_
