// The RocksDB Kv. The only file that includes RocksDB headers.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "kv.h"

namespace geokg {
namespace {

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(s.ToString());
  if (s.IsCorruption()) return Status::Corruption(s.ToString());
  if (s.IsInvalidArgument() || s.IsNotSupported()) return Status::InvalidArgument(s.ToString());
  return Status::IOError(s.ToString());
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

class RocksIterator final : public KvIterator {
 public:
  explicit RocksIterator(rocksdb::Iterator* it) : it_(it) {}

  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  bool Valid() const override { return it_->Valid(); }
  void Next() override { it_->Next(); }
  std::string_view key() const override {
    rocksdb::Slice k = it_->key();
    return std::string_view(k.data(), k.size());
  }
  std::string_view value() const override {
    rocksdb::Slice v = it_->value();
    return std::string_view(v.data(), v.size());
  }
  Status status() const override { return FromRocks(it_->status()); }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
};

class RocksKv final : public Kv {
 public:
  RocksKv(rocksdb::DB* db, bool read_only, std::string pid_file)
      : db_(db), read_only_(read_only), pid_file_(std::move(pid_file)) {}

  ~RocksKv() override {
    // The pid file goes while the lock is still held, so it never names a
    // process that has let go of the database.
    if (!pid_file_.empty()) {
      std::error_code ec;
      std::filesystem::remove(pid_file_, ec);
    }
    db_.reset();
  }

  Status Get(std::string_view key, std::string* value) const override {
    std::string result;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(key), &result);
    if (s.IsNotFound()) return Status::NotFound("key not found");
    if (!s.ok()) return FromRocks(s);
    *value = std::move(result);
    return Status::Ok();
  }

  Status Write(const KvBatch& batch) override {
    if (read_only_) return Status::InvalidArgument("database opened read-only");
    // Inserting in key order lets the memtable skip list reuse its search
    // position between keys. The sort is stable, so a later operation on the
    // same key still lands last and wins.
    const std::vector<KvBatch::Op>& ops = batch.ops();
    std::vector<const KvBatch::Op*> sorted;
    sorted.reserve(ops.size());
    for (const KvBatch::Op& op : ops) sorted.push_back(&op);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const KvBatch::Op* a, const KvBatch::Op* b) { return a->key < b->key; });
    rocksdb::WriteBatch wb(batch.bytes() + 16 * ops.size() + 64);
    for (const KvBatch::Op* p : sorted) {
      const KvBatch::Op& op = *p;
      rocksdb::Status s =
          op.is_delete ? wb.Delete(ToSlice(op.key)) : wb.Put(ToSlice(op.key), ToSlice(op.value));
      if (!s.ok()) return FromRocks(s);
    }
    return FromRocks(db_->Write(rocksdb::WriteOptions(), &wb));
  }

  std::unique_ptr<KvIterator> NewIterator() const override {
    return std::make_unique<RocksIterator>(db_->NewIterator(rocksdb::ReadOptions()));
  }

  bool read_only() const override { return read_only_; }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  bool read_only_;
  std::string pid_file_;  // Empty for read-only opens.
};

std::string ReadHolderPid(const std::string& pid_file) {
  std::ifstream in(pid_file);
  std::string pid;
  if (in >> pid) return pid;
  return "unknown";
}

// RocksDB reports a held LOCK file as an IOError: "lock hold by current
// process" within one process, "While lock file: ... Resource temporarily
// unavailable" across processes.
bool IsLockFailure(const rocksdb::Status& s) {
  const std::string text = s.ToString();
  return s.IsIOError() &&
         (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos);
}

}  // namespace

Result<std::unique_ptr<Kv>> OpenRocksKv(const std::string& dir, const StoreOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool exists = fs::exists(fs::path(dir) / "CURRENT", ec);
  if (!exists && (options.read_only || !options.create_if_missing)) {
    return Status::NotFound("no database at " + dir);
  }
  if (!exists) {
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  }

  rocksdb::Options ro;
  ro.create_if_missing = options.create_if_missing;
  // 16 MiB memtables with key-sorted batches: the configuration measured in
  // NOTES-graph.md. The CI machine has two cores.
  ro.write_buffer_size = 16 << 20;
  ro.IncreaseParallelism(2);
  // PutArticle probes keys that are mostly absent (new article keys, new
  // names): a Bloom filter answers those without reading data blocks.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  ro.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* db = nullptr;
  const std::string pid_file = (fs::path(dir) / kPidFileName).string();
  if (options.read_only) {
    rocksdb::Status s = rocksdb::DB::OpenForReadOnly(ro, dir, &db);
    if (!s.ok()) return FromRocks(s);
    return std::unique_ptr<Kv>(new RocksKv(db, true, ""));
  }
  rocksdb::Status s = rocksdb::DB::Open(ro, dir, &db);
  if (!s.ok()) {
    if (IsLockFailure(s)) {
      return Status::Busy("database " + dir + " is in use by process " + ReadHolderPid(pid_file));
    }
    return FromRocks(s);
  }
  auto kv = std::unique_ptr<Kv>(new RocksKv(db, false, pid_file));
  std::ofstream out(pid_file, std::ios::trunc);
  out << ::getpid() << "\n";
  if (!out.flush()) return Status::IOError("cannot write " + pid_file);
  return kv;
}

}  // namespace geokg
