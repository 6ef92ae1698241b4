// geokg_bench rocks-sst: the raw RocksDB bulk-load ceiling for the keys of
// the geokg store (issue 5).
//
// For every triple of a records file it encodes the four keys the store
// writes (docs/storage.md: out index 0x07, in index 0x08, time index 0x09
// with the relation byte as value, fact 0x0A with the fact record as value),
// with the graph module's own encoders (graph/src/coding.h), then sorts each
// table, writes one SST file per table with rocksdb::SstFileWriter and
// ingests the four files into a fresh database with IngestExternalFile. No
// entity, alias, degree or article rows, no deduplication, no snapshot: this
// is the floor that `geokg ingest --records` is compared against ("ingest >=
// 50% of raw RocksDB SST ingest of the same keys").
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "benches.h"
#include "coding.h"
#include "records.h"

namespace geokg::bench {
namespace {

namespace fs = std::filesystem;

// Fixed-size keys are kept in flat arrays: 10M triples make 40M keys, too
// many for one std::string each.
using IndexKey = std::array<char, coding::kIndexKeySize>;  // 22 bytes.
// The 13-byte time key followed by its 1-byte value (the relation).
using TimeRow = std::array<char, coding::kTimeKeySize + 1>;
using FactKey = std::array<char, coding::kFactKeySize>;  // 9 bytes.

template <size_t N>
std::array<char, N> ToArray(const std::string& bytes) {
  std::array<char, N> out{};
  std::memcpy(out.data(), bytes.data(), std::min(N, bytes.size()));
  return out;
}

template <size_t N>
bool Less(const std::array<char, N>& a, const std::array<char, N>& b) {
  return std::memcmp(a.data(), b.data(), N) < 0;
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  return s.ok() ? Status::Ok() : Status::IOError(what + ": " + s.ToString());
}

// The options of the geokg store (graph/src/rocks_kv.cc): 16 MiB memtables,
// two background threads, a 10-bit Bloom filter per table file.
rocksdb::Options StoreLikeOptions() {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 16 << 20;
  options.IncreaseParallelism(2);
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

Status PrepareDir(const std::string& dir, bool replace) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Status::Ok();
  if (fs::is_directory(dir, ec) && fs::is_empty(dir, ec)) return Status::Ok();
  if (!replace) {
    return Status::InvalidArgument(dir + " is not empty (--replace deletes an old database)");
  }
  if (!fs::exists(fs::path(dir) / "CURRENT", ec)) {
    return Status::InvalidArgument(dir + " does not look like a RocksDB database; not deleting it");
  }
  fs::remove_all(dir, ec);
  if (ec) return Status::IOError("cannot delete " + dir + ": " + ec.message());
  return Status::Ok();
}

// Writes `count` sorted rows to one SST file; key(i) and value(i) give the
// bytes of row i.
template <typename KeyFn, typename ValueFn>
Status WriteSst(const rocksdb::Options& options, const std::string& path, size_t count, KeyFn&& key,
                ValueFn&& value, uint64_t* file_bytes) {
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options);
  rocksdb::Status s = writer.Open(path);
  for (size_t i = 0; s.ok() && i < count; ++i) s = writer.Put(key(i), value(i));
  if (s.ok()) s = writer.Finish();
  std::error_code ec;
  *file_bytes = fs::file_size(path, ec);
  return FromRocks(s, "SstFileWriter " + path);
}

}  // namespace

Status RunRocksSstBench(const BenchOptions& options, Report* report) {
  RecordReader reader(options.input);
  if (!reader.is_open()) return Status::IOError("cannot open " + options.input);
  Status s = PrepareDir(options.db, options.replace);
  if (!s.ok()) return s;
  report->SetParam("records", options.input);
  report->SetParam("dir", options.db);

  std::vector<IndexKey> out_keys;
  std::vector<IndexKey> in_keys;
  std::vector<TimeRow> time_rows;
  std::vector<FactKey> fact_keys;
  std::string fact_values;          // Every fact record, back to back.
  std::vector<uint64_t> fact_ends;  // End offset of fact i in fact_values.
  // Normalised name -> dense id in order of first sight, as the store does.
  std::unordered_map<std::string, EntityId> entity_ids;
  ArticleId articles = 0;
  double parse_seconds = 0;
  double encode_seconds = 0;
  for (;;) {
    ArticleExtraction x;
    bool more = false;
    Stopwatch parse;
    s = reader.Next(&x, &more);
    parse_seconds += parse.Seconds();
    if (!s.ok()) return s;
    if (!more) break;
    Stopwatch encode;
    for (const EntityMention& e : x.entities) {
      entity_ids.emplace(coding::NormalizeName(e.name), static_cast<EntityId>(entity_ids.size()));
    }
    const ArticleId article = articles++;
    uint32_t ordinal = 0;
    for (Triple& t : x.triples) {
      auto subject = entity_ids.find(coding::NormalizeName(t.subject));
      auto object = entity_ids.find(coding::NormalizeName(t.object));
      if (subject == entity_ids.end() || object == entity_ids.end()) {
        return Status::InvalidArgument("article " + x.article.id +
                                       ": a triple names an entity without an entity record");
      }
      StoredTriple st;
      st.subject = subject->second;
      st.relation = t.relation;
      st.object = object->second;
      st.date = t.date;
      st.article = article;
      st.ordinal = ordinal++;
      st.negated = t.negated;
      st.confidence = t.confidence;
      st.sentence = static_cast<uint32_t>(t.sentence);
      st.predicate = std::move(t.predicate);
      st.evidence = std::move(t.evidence);
      out_keys.push_back(ToArray<coding::kIndexKeySize>(coding::OutKey(st)));
      in_keys.push_back(ToArray<coding::kIndexKeySize>(coding::InKey(st)));
      TimeRow row = ToArray<coding::kTimeKeySize + 1>(coding::TimeKey(st));
      row[coding::kTimeKeySize] = static_cast<char>(st.relation);
      time_rows.push_back(row);
      fact_keys.push_back(ToArray<coding::kFactKeySize>(coding::FactKey(article, st.ordinal)));
      fact_values += coding::EncodeFact(st);
      fact_ends.push_back(fact_values.size());
    }
    encode_seconds += encode.Seconds();
  }
  const uint64_t triples = fact_keys.size();
  if (triples == 0) return Status::InvalidArgument("no triples in " + options.input);
  const uint64_t keys = 4 * triples;
  report->SetParam("triples", triples);
  report->SetParam("keys", keys);
  report->SetParam("entities", entity_ids.size());
  report->SetParam("articles", articles);
  const uint64_t key_bytes =
      triples * (2 * coding::kIndexKeySize + coding::kTimeKeySize + coding::kFactKeySize);
  report->SetParam("key_bytes", key_bytes);
  report->SetParam("value_bytes", fact_values.size() + triples);

  // Sort: the out, in and time tables come in article order; the fact
  // table is already in key order (dense article ids, ordinals in order).
  Stopwatch sort_watch;
  std::sort(out_keys.begin(), out_keys.end(), Less<coding::kIndexKeySize>);
  std::sort(in_keys.begin(), in_keys.end(), Less<coding::kIndexKeySize>);
  std::sort(time_rows.begin(), time_rows.end(), Less<coding::kTimeKeySize + 1>);
  if (!std::is_sorted(fact_keys.begin(), fact_keys.end(), Less<coding::kFactKeySize>)) {
    return Status::Corruption("fact keys out of order: articles are not numbered in file order");
  }
  const double sort_seconds = sort_watch.Seconds();

  std::error_code ec;
  fs::create_directories(options.db, ec);
  if (ec) return Status::IOError("cannot create " + options.db + ": " + ec.message());
  const rocksdb::Options rocks_options = StoreLikeOptions();
  Stopwatch write_watch;
  const std::string base = (fs::path(options.db) / "bulk-").string();
  const std::vector<std::string> files = {base + "out.sst", base + "in.sst", base + "time.sst",
                                          base + "fact.sst"};
  uint64_t sst_bytes = 0;
  uint64_t file_bytes = 0;
  const rocksdb::Slice empty;
  s = WriteSst(
      rocks_options, files[0], triples,
      [&](size_t i) { return rocksdb::Slice(out_keys[i].data(), out_keys[i].size()); },
      [&](size_t) { return empty; }, &file_bytes);
  sst_bytes += file_bytes;
  if (s.ok()) {
    s = WriteSst(
        rocks_options, files[1], triples,
        [&](size_t i) { return rocksdb::Slice(in_keys[i].data(), in_keys[i].size()); },
        [&](size_t) { return empty; }, &file_bytes);
    sst_bytes += file_bytes;
  }
  if (s.ok()) {
    s = WriteSst(
        rocks_options, files[2], triples,
        [&](size_t i) { return rocksdb::Slice(time_rows[i].data(), coding::kTimeKeySize); },
        [&](size_t i) { return rocksdb::Slice(time_rows[i].data() + coding::kTimeKeySize, 1); },
        &file_bytes);
    sst_bytes += file_bytes;
  }
  if (s.ok()) {
    s = WriteSst(
        rocks_options, files[3], triples,
        [&](size_t i) { return rocksdb::Slice(fact_keys[i].data(), fact_keys[i].size()); },
        [&](size_t i) {
          const uint64_t begin = i == 0 ? 0 : fact_ends[i - 1];
          return rocksdb::Slice(fact_values.data() + begin, fact_ends[i] - begin);
        },
        &file_bytes);
    sst_bytes += file_bytes;
  }
  if (!s.ok()) return s;
  const double write_seconds = write_watch.Seconds();

  Stopwatch open_watch;
  rocksdb::DB* raw = nullptr;
  s = FromRocks(rocksdb::DB::Open(rocks_options, options.db, &raw), "open " + options.db);
  if (!s.ok()) return s;
  std::unique_ptr<rocksdb::DB> db(raw);
  const double open_seconds = open_watch.Seconds();
  Stopwatch ingest_watch;
  rocksdb::IngestExternalFileOptions ingest;
  ingest.move_files = true;  // A hard link: the files are in the db folder.
  s = FromRocks(db->IngestExternalFile(files, ingest), "IngestExternalFile");
  if (!s.ok()) return s;
  const double ingest_seconds = ingest_watch.Seconds();
  Stopwatch close_watch;
  s = FromRocks(db->Close(), "close");
  db.reset();
  if (!s.ok()) return s;
  const double close_seconds = close_watch.Seconds();

  const double raw_seconds = sort_seconds + write_seconds + ingest_seconds;
  const double with_encode = raw_seconds + encode_seconds;
  report->Add("raw SST ingest", raw_seconds, "s", "sort + SstFileWriter (4 files) + ingest");
  report->Add("raw SST ingest rate", static_cast<double>(keys) / raw_seconds, "keys/s",
              "4 keys per triple");
  report->Add("raw SST ingest rate", static_cast<double>(triples) / raw_seconds, "triples/s",
              "sort + write + ingest");
  report->Add("raw SST ingest rate, encoding included", static_cast<double>(triples) / with_encode,
              "triples/s", "coding.h encoders + sort + write + ingest");
  report->Add("raw SST ingest rate, everything",
              static_cast<double>(triples) / (with_encode + parse_seconds + open_seconds),
              "triples/s", "JSON parsing and DB::Open included");
  report->Add("JSON parsing", parse_seconds, "s", "RecordReader, as the sqlite bench");
  report->Add("encode keys and values", encode_seconds, "s", "entity ids + coding.h");
  report->Add("sort", sort_seconds, "s", "3 tables (the fact table comes sorted)");
  report->Add("write SST files", write_seconds, "s", "SstFileWriter, store options");
  report->Add("open fresh DB", open_seconds * 1e3, "ms", "DB::Open, not in the rate");
  report->Add("IngestExternalFile", ingest_seconds * 1e3, "ms", "move_files (hard links)");
  report->Add("close", close_seconds * 1e3, "ms", "not in the rate");
  report->Add("SST bytes", static_cast<double>(sst_bytes), "bytes",
              FormatNumber(static_cast<double>(sst_bytes) / static_cast<double>(triples)) +
                  " bytes per triple");
  report->Add("size on disk", static_cast<double>(DirectoryBytes(options.db)), "bytes",
              "after close");
  return Status::Ok();
}

}  // namespace geokg::bench
