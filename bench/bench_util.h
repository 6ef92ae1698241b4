// Helpers shared by the geokg benchmarks: timing, medians, resident memory,
// machine facts and the report printer (a text table or one JSON document).
//
// Thread safety: Stopwatch, Report and the free functions hold no shared
// state; a Report is filled from one thread.
#ifndef GEOKG_BENCH_BENCH_UTIL_H_
#define GEOKG_BENCH_BENCH_UTIL_H_

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace geokg::bench {

using Json = nlohmann::ordered_json;

// Wall-clock time on the monotonic clock.
class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  void Restart() { start_ = Clock::now(); }
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  double Millis() const { return Seconds() * 1e3; }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_;
};

// The middle value; the mean of the two middle values for an even count; 0
// for none. Takes a copy because it reorders.
double Median(std::vector<double> values);

// CPU time (user + system) of the calling thread so far, in seconds. Unlike
// wall time it leaves out the time other jobs held the core, so on a loaded
// machine work / CPU time stays near what one free core would do.
double ThreadCpuSeconds();

// Resident set size of this process in bytes (from /proc/self/statm), or 0
// when it cannot be read.
uint64_t ResidentBytes();

// Bytes of heap the program holds (glibc mallinfo2 in-use bytes, mmapped
// chunks included): unlike the RSS, it drops when memory is freed, so a
// delta around an allocation is the live size of what was allocated.
uint64_t HeapInUseBytes();

// Total size in bytes of the regular files under `dir`, recursively; 0 when
// it cannot be read.
uint64_t DirectoryBytes(const std::string& dir);

// Whitespace-separated tokens, the unit of "words" in the figures.
uint64_t CountWords(const std::string& text);

// CPU model (from /proc/cpuinfo), logical CPUs, kernel, the local date and
// time: the context a figure needs to be read.
Json MachineFacts();

// One measured figure. `unit` is what `value` counts ("ms", "triples/s",
// "bytes"); `note` says how it was measured ("median of 5").
struct Metric {
  std::string name;
  double value = 0;
  std::string unit;
  std::string note;
};

enum class Format { kTable, kJson };

// The figures of one benchmark run, with its parameters and the machine.
class Report {
 public:
  explicit Report(std::string bench) : bench_(std::move(bench)) {}

  // Inputs that define the run (file, sizes, thread counts).
  void SetParam(const std::string& key, Json value) { params_[key] = std::move(value); }
  void Add(std::string name, double value, std::string unit, std::string note = "");

  // Table: a header with the machine and parameters, then one aligned row per
  // metric. Json: {"bench", "machine", "params", "metrics": [{name, value,
  // unit, note}]}.
  void Print(Format format, std::ostream& out) const;

 private:
  std::string bench_;
  Json params_ = Json::object();
  std::vector<Metric> metrics_;
};

// A number for the table: at most `significant` significant digits, with
// thousands grouped by "," for large values ("1,234,567", "12.3", "0.0421").
std::string FormatNumber(double value, int significant = 4);

}  // namespace geokg::bench

#endif  // GEOKG_BENCH_BENCH_UTIL_H_
