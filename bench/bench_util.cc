#include "bench_util.h"

#include <malloc.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <thread>

namespace geokg::bench {

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + mid);
  return (lower + upper) / 2;
}

double ThreadCpuSeconds() {
  struct timespec now;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) != 0) return 0;
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

uint64_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0;
  uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  long page = sysconf(_SC_PAGESIZE);
  return page > 0 ? resident_pages * static_cast<uint64_t>(page) : 0;
}

uint64_t HeapInUseBytes() {
  struct mallinfo2 info = mallinfo2();
  return static_cast<uint64_t>(info.uordblks) + static_cast<uint64_t>(info.hblkhd);
}

uint64_t DirectoryBytes(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  uint64_t total = 0;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      uintmax_t size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

uint64_t CountWords(const std::string& text) {
  uint64_t words = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    bool space = std::isspace(c) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

Json MachineFacts() {
  Json facts = Json::object();
  std::string model = "unknown";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        model = line.substr(colon + 1);
        model.erase(0, model.find_first_not_of(" \t"));
      }
      break;
    }
  }
  facts["cpu"] = model;
  facts["nproc"] = std::thread::hardware_concurrency();
  struct utsname names;
  if (uname(&names) == 0) {
    facts["kernel"] = std::string(names.sysname) + " " + names.release;
  }
  std::time_t now = std::time(nullptr);
  std::tm local;
  localtime_r(&now, &local);
  char when[64];
  std::strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &local);
  facts["date"] = when;
  return facts;
}

void Report::Add(std::string name, double value, std::string unit, std::string note) {
  metrics_.push_back({std::move(name), value, std::move(unit), std::move(note)});
}

std::string FormatNumber(double value, int significant) {
  if (!std::isfinite(value)) return "-";
  double magnitude = std::fabs(value);
  int decimals = 0;
  if (magnitude > 0) {
    int digits = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    decimals = std::max(0, significant - digits);
  }
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  std::string plain = text.str();
  // Group the integer digits by thousands.
  size_t start = plain[0] == '-' ? 1 : 0;
  size_t point = plain.find('.');
  size_t end = point == std::string::npos ? plain.size() : point;
  for (size_t i = end; i > start + 3; i -= 3) plain.insert(i - 3, ",");
  return plain;
}

void Report::Print(Format format, std::ostream& out) const {
  if (format == Format::kJson) {
    Json doc = Json::object();
    doc["bench"] = bench_;
    doc["machine"] = MachineFacts();
    doc["params"] = params_;
    Json metrics = Json::array();
    for (const Metric& m : metrics_) {
      metrics.push_back({{"name", m.name}, {"value", m.value}, {"unit", m.unit}, {"note", m.note}});
    }
    doc["metrics"] = std::move(metrics);
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
    return;
  }
  Json machine = MachineFacts();
  out << "geokg_bench " << bench_ << "  (" << machine["cpu"].get<std::string>() << ", "
      << machine["nproc"].get<unsigned>() << " CPUs, " << machine["date"].get<std::string>()
      << ")\n";
  for (const auto& [key, value] : params_.items()) {
    out << "  " << key << ": " << (value.is_string() ? value.get<std::string>() : value.dump())
        << '\n';
  }
  size_t name_width = 6;
  size_t value_width = 5;
  std::vector<std::string> values;
  for (const Metric& m : metrics_) {
    values.push_back(FormatNumber(m.value));
    name_width = std::max(name_width, m.name.size());
    value_width = std::max(value_width, values.back().size());
  }
  size_t unit_width = 4;
  for (const Metric& m : metrics_) unit_width = std::max(unit_width, m.unit.size());
  out << std::left << std::setw(static_cast<int>(name_width)) << "metric"
      << "  " << std::right << std::setw(static_cast<int>(value_width)) << "value"
      << "  " << std::left << std::setw(static_cast<int>(unit_width)) << "unit"
      << "  note\n";
  out << std::string(name_width + value_width + unit_width + 12, '-') << '\n';
  for (size_t i = 0; i < metrics_.size(); ++i) {
    const Metric& m = metrics_[i];
    out << std::left << std::setw(static_cast<int>(name_width)) << m.name << "  " << std::right
        << std::setw(static_cast<int>(value_width)) << values[i] << "  " << std::left
        << std::setw(static_cast<int>(unit_width)) << m.unit << "  " << m.note << '\n';
  }
  out << std::right;
}

}  // namespace geokg::bench
