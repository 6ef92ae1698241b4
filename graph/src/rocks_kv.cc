// The RocksDB Kv. The only file that includes RocksDB headers.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <system_error>
#include <thread>

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "joining_thread.h"
#include "kv.h"

namespace geokg {
namespace {

// Ingest writes keys in sorted order; their operations are fetched this
// many keys ahead.
constexpr size_t kPrefetchAhead = 8;

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::Ok();
  if (s.IsNotFound()) return Status::NotFound(s.ToString());
  if (s.IsCorruption()) return Status::Corruption(s.ToString());
  if (s.IsInvalidArgument() || s.IsNotSupported()) return Status::InvalidArgument(s.ToString());
  return Status::IOError(s.ToString());
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

uint64_t LoadBigEndian64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

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
    DropStaged();
    // The pid file goes while the lock is still held, so it never names a
    // process that has let go of the database.
    if (!pid_file_.empty()) {
      std::error_code ec;
      std::filesystem::remove(pid_file_, ec);
    }
    db_.reset();
  }

  Status VerifyChecksums() const override { return FromRocks(db_->VerifyChecksum()); }

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

  Status Ingest(const KvBatch& batch) override {
    if (read_only_) return Status::InvalidArgument("database opened read-only");
    std::vector<std::string> paths;
    Status s = WriteBatchFiles(batch, &paths);
    if (!s.ok() || paths.empty()) return s;
    // One call ingests the files atomically. RocksDB gives a file a new
    // sequence number (so Sequence() grows) only when its key range
    // overlaps data already stored; the Store's batches always rewrite the
    // meta counters, so theirs do.
    s = IngestFiles(paths);
    RemoveFiles(paths);  // Only those that were not moved in.
    return s;
  }
  uint64_t Sequence() const override { return db_->GetLatestSequenceNumber(); }

  bool CanStage() const override { return !read_only_; }

  Status StageBatch(KvBatch batch) override {
    if (read_only_) return Status::InvalidArgument("database opened read-only");
    // One batch is written while the caller stages the next: wait for the
    // one before.
    Status s = WaitForStaging();
    if (!s.ok()) return s;
    staging_ = std::async(std::launch::async, [this, batch = std::move(batch)]() -> Status {
      return RunCatching("staging a batch", [&]() -> Status {
        std::vector<std::string> paths;
        Status written = WriteBatchFiles(batch, &paths);
        if (!written.ok()) return written;
        std::lock_guard<std::mutex> lock(staged_mu_);
        staged_.insert(staged_.end(), paths.begin(), paths.end());
        return Status::Ok();
      });
    });
    return Status::Ok();
  }

  Status StageSortedFile(const std::function<Status(KvTableFile*)>& fill) override {
    if (read_only_) return Status::InvalidArgument("database opened read-only");
    const std::string path = NewFilePath();
    class File final : public KvTableFile {
     public:
      File(const rocksdb::Options& options, const std::string& path)
          : writer_(rocksdb::EnvOptions(), options) {
        status_ = writer_.Open(path);
      }
      Status Put(std::string_view key, std::string_view value) override {
        if (!status_.ok()) return FromRocks(status_);
        status_ = writer_.Put(ToSlice(key), ToSlice(value));
        ++keys_;
        return FromRocks(status_);
      }
      rocksdb::SstFileWriter writer_;
      rocksdb::Status status_;
      uint64_t keys_ = 0;
    } file(db_->GetOptions(), path);
    Status s = FromRocks(file.status_);
    if (s.ok()) s = RunCatching("writing a table file", [&] { return fill(&file); });
    if (s.ok() && file.keys_ > 0) s = FromRocks(file.writer_.Finish());
    if (!s.ok() || file.keys_ == 0) {
      RemoveFiles({path});
      return s;
    }
    std::lock_guard<std::mutex> lock(staged_mu_);
    staged_.push_back(path);
    return Status::Ok();
  }

  Status CommitStaged() override {
    if (read_only_) return Status::InvalidArgument("database opened read-only");
    Status s = WaitForStaging();
    if (!s.ok()) {
      DropStaged();
      return s;
    }
    std::vector<std::string> paths;
    {
      std::lock_guard<std::mutex> lock(staged_mu_);
      paths.swap(staged_);
    }
    if (paths.empty()) return Status::Ok();
    s = IngestFiles(paths);
    RemoveFiles(paths);
    return s;
  }

  void DropStaged() override {
    Status ignored = WaitForStaging();
    (void)ignored;
    std::vector<std::string> paths;
    {
      std::lock_guard<std::mutex> lock(staged_mu_);
      paths.swap(staged_);
    }
    RemoveFiles(paths);
  }

 private:
  // A new file name in the database folder, so that ingesting the file is
  // a hard link, not a copy. A file left by a crash is named *.bulk, which
  // RocksDB does not know: a read-write open deletes it.
  std::string NewFilePath() {
    return db_->GetName() + "/" + std::to_string(::getpid()) + "-" +
           std::to_string(++ingest_files_) + ".bulk";
  }

  // The outcome of the StageBatch being written, once it is done; ok when
  // none is.
  Status WaitForStaging() {
    if (!staging_.valid()) return Status::Ok();
    return staging_.get();
  }

  static void RemoveFiles(const std::vector<std::string>& paths) {
    std::error_code ec;
    for (const std::string& path : paths) std::filesystem::remove(path, ec);
  }

  Status IngestFiles(const std::vector<std::string>& paths) {
    rocksdb::IngestExternalFileOptions options;
    options.move_files = true;
    return FromRocks(db_->IngestExternalFile(paths, options));
  }

  // Writes the operations of `batch` as sorted table files (none for an
  // empty batch) and names them in `paths`; on failure none is left.
  Status WriteBatchFiles(const KvBatch& batch, std::vector<std::string>* paths_out) {
    const std::vector<KvBatch::Op>& ops = batch.ops();
    if (ops.empty()) return Status::Ok();
    // Sorted by (key, position in the batch), in two steps: the operations
    // are first bucketed by the key's first byte (its table, in the store),
    // keeping batch order within a bucket; then each bucket is sorted on
    // its own, unless it is in order already (the store stages the fact
    // table in key order). Within a bucket the 16 key bytes after the first
    // one, loaded big-endian, decide most comparisons without touching the
    // key strings (an index key is 22 bytes: they differ within those
    // unless subject, relation, date, object and most of the article are
    // equal).
    struct Item {
      uint64_t high;
      uint64_t low;
      uint32_t index;
    };
    std::vector<Item> sorted(ops.size());
    std::vector<size_t> bucket_begin(257, 0);
    for (const KvBatch::Op& op : ops) {
      ++bucket_begin[op.key.empty() ? 1 : static_cast<unsigned char>(op.key[0]) + 1];
    }
    for (size_t b = 1; b < bucket_begin.size(); ++b) bucket_begin[b] += bucket_begin[b - 1];
    {
      std::vector<size_t> next(bucket_begin.begin(), bucket_begin.end() - 1);
      for (size_t i = 0; i < ops.size(); ++i) {
        const std::string_view key = ops[i].key;
        unsigned char head[16] = {};
        if (key.size() > 1) std::memcpy(head, key.data() + 1, std::min<size_t>(key.size() - 1, 16));
        const size_t b = key.empty() ? 0 : static_cast<unsigned char>(key[0]);
        sorted[next[b]++] =
            Item{LoadBigEndian64(head), LoadBigEndian64(head + 8), static_cast<uint32_t>(i)};
      }
    }
    auto less = [&ops](const Item& a, const Item& b) {
      if (a.high != b.high) return a.high < b.high;
      if (a.low != b.low) return a.low < b.low;
      const int c = ops[a.index].key.compare(ops[b.index].key);
      return c != 0 ? c < 0 : a.index < b.index;
    };
    auto sort_range = [&](size_t begin, size_t end) {
      if (!std::is_sorted(sorted.begin() + begin, sorted.begin() + end, less)) {
        std::sort(sorted.begin() + begin, sorted.begin() + end, less);
      }
    };
    // The keys sharing the batch's highest first byte go to a table file of
    // their own. In the store that is the fact table (docs/storage.md),
    // most of the bytes, and the fact keys of new articles follow every
    // stored one: RocksDB puts that file straight into the bottom level,
    // where it is never compacted again, instead of into level 0 with the
    // rest. That bucket is sorted first, and its file written on a second
    // thread while the other buckets are sorted and written.
    size_t last_bucket = 256;
    while (last_bucket > 0 && bucket_begin[last_bucket] == bucket_begin[last_bucket - 1]) {
      --last_bucket;
    }
    // Bucket b spans [bucket_begin[b], bucket_begin[b + 1]); the last
    // non-empty one is last_bucket - 1. A batch of empty keys only is one
    // range.
    size_t split = bucket_begin[last_bucket - 1];
    if (last_bucket - 1 == 0) split = sorted.size();
    std::vector<std::pair<size_t, size_t>> ranges;
    if (split < sorted.size()) ranges.emplace_back(split, sorted.size());
    if (split > 0) ranges.emplace_back(0, split);
    std::vector<std::string> paths;
    struct RemoveUnlessKept {
      const std::vector<std::string>& paths;
      bool keep = false;
      ~RemoveUnlessKept() {
        if (!keep) RemoveFiles(paths);
      }
    } remove{paths};
    for (size_t r = 0; r < ranges.size(); ++r) paths.push_back(NewFilePath());
    auto write = [&](size_t r) {
      const auto [begin, end] = ranges[r];
      rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), db_->GetOptions());
      rocksdb::Status s = writer.Open(paths[r]);
      for (size_t i = begin; s.ok() && i < end; ++i) {
        // In key order the operations, and their bytes in the batch's
        // blocks, are read at random: fetch them a few keys ahead, so that
        // the cache misses overlap instead of stalling each Put in turn.
        if (i + 2 * kPrefetchAhead < end)
          __builtin_prefetch(&ops[sorted[i + 2 * kPrefetchAhead].index]);
        if (i + kPrefetchAhead < end) {
          const KvBatch::Op& ahead = ops[sorted[i + kPrefetchAhead].index];
          __builtin_prefetch(ahead.key.data());
          __builtin_prefetch(ahead.value.data());
        }
        const KvBatch::Op& op = ops[sorted[i].index];
        // Of several operations on one key, the last one (in batch order)
        // wins. Keys with different first bytes differ, so a run of one
        // key never crosses files.
        if (i + 1 < end && sorted[i + 1].high == sorted[i].high &&
            sorted[i + 1].low == sorted[i].low && ops[sorted[i + 1].index].key == op.key) {
          continue;
        }
        s = op.is_delete ? writer.Delete(ToSlice(op.key))
                         : writer.Put(ToSlice(op.key), ToSlice(op.value));
      }
      if (s.ok()) s = writer.Finish();
      return s;
    };
    // Two files are written at once, the fact file on a thread of its own:
    // building and compressing the blocks is most of an ingest's time.
    std::vector<rocksdb::Status> written(ranges.size());
    JoiningThread helper;
    if (ranges.size() == 2) {
      sort_range(ranges[0].first, ranges[0].second);
      helper = JoiningThread([&] { written[0] = write(0); });
      for (size_t b = 0; b + 1 < last_bucket; ++b) sort_range(bucket_begin[b], bucket_begin[b + 1]);
      written[1] = write(1);
    } else {
      for (size_t b = 0; b < last_bucket; ++b) sort_range(bucket_begin[b], bucket_begin[b + 1]);
      written[0] = write(0);
    }
    helper.Join();
    for (const rocksdb::Status& s : written) {
      if (!s.ok()) return FromRocks(s);
    }
    remove.keep = true;
    paths_out->insert(paths_out->end(), paths.begin(), paths.end());
    return Status::Ok();
  }

  std::unique_ptr<rocksdb::DB> db_;
  bool read_only_;
  std::string pid_file_;                   // Empty for read-only opens.
  std::atomic<uint64_t> ingest_files_{0};  // Names the table files.
  std::mutex staged_mu_;
  std::vector<std::string> staged_;  // Files for CommitStaged.
  // The StageBatch being written, if any; the destructor waits for it
  // (DropStaged).
  std::future<Status> staging_;
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
  if (options.read_only) {
    // A read-only open never flushes or compacts, so it needs no background
    // threads; and it opens its table files on the calling thread instead
    // of starting 15 threads to do it. A cold `geokg neighbors` started 33
    // threads before it read a key.
    ro.max_file_opening_threads = 1;
    // Blocks are read from a mapping of the table file instead of one
    // pread each: fewer system calls and copies for a process that reads a
    // few hundred blocks from the page cache. A table file deleted by a
    // writer stays mapped (and open) until this reader closes.
    ro.allow_mmap_reads = true;
  } else {
    ro.IncreaseParallelism(2);
  }
  // PutArticle probes keys that are mostly absent (new article keys, new
  // names): a Bloom filter answers those without reading data blocks.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Partitioned index and filters, loaded on demand through the block
  // cache: opening a store reads only each table's small top-level index,
  // not megabytes of index and Bloom filter, so a cold CLI query on a large
  // store starts in milliseconds.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.cache_index_and_filter_blocks = true;
  table.cache_index_and_filter_blocks_with_high_priority = true;
  table.pin_top_level_index_and_filter = true;
  // Pinning level-0 partitions reads every filter and index partition of
  // every level-0 file at open; a reader opens for one question, and a
  // bulk-loaded store has many level-0 files.
  table.pin_l0_filter_and_index_blocks_in_cache = !options.read_only;
  ro.skip_stats_update_on_db_open = true;
  ro.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* db = nullptr;
  const std::string pid_file = (fs::path(dir) / kPidFileName).string();
  if (options.read_only) {
    // A writer may replace the MANIFEST or delete a compacted table file
    // between the moment a read-only open lists them and the moment it
    // reads them: that open fails although the store is sound. A few
    // retries (about a quarter second at most) ride that out; a failure
    // that persists is returned as is. Once open, every table file is held
    // open (max_open_files = -1), so deletions by the writer no longer
    // matter to this reader.
    //
    // The column-family form of OpenForReadOnly: the plain one first tries
    // to open the store as a "compacted DB" (one level, max_open_files -1),
    // which reads the MANIFEST and opens every table file, then gives up
    // on a store with several levels and opens it all again.
    const std::vector<rocksdb::ColumnFamilyDescriptor> families = {rocksdb::ColumnFamilyDescriptor(
        rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions(ro))};
    rocksdb::Status s;
    for (int attempt = 0; attempt < 6; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
      std::vector<rocksdb::ColumnFamilyHandle*> handles;
      s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(ro), dir, families, &handles, &db);
      // The default family's handle is not needed: DB calls without one use
      // it.
      for (rocksdb::ColumnFamilyHandle* handle : handles) delete handle;
      if (s.ok()) break;
    }
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
  // Table files a writer wrote and never ingested (it ended before its
  // commit) belong to nobody now that this process holds the lock.
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".bulk") {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
  auto kv = std::unique_ptr<Kv>(new RocksKv(db, false, pid_file));
  std::ofstream out(pid_file, std::ios::trunc);
  out << ::getpid() << "\n";
  if (!out.flush()) return Status::IOError("cannot write " + pid_file);
  return kv;
}

}  // namespace geokg
