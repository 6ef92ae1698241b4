// ReadRecordsParallel: see parallel_records.h.
#include "parallel_records.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <exception>
#include <sstream>
#include <streambuf>
#include <string_view>
#include <utility>

#include "ordered_pool.h"

namespace geokg::cli {
namespace {

// pread(2) of up to `want` bytes at `offset`, retried when a signal
// interrupts it: bytes read, 0 at the end of the file, -1 with errno set.
ssize_t PreadRetrying(int fd, char* buffer, size_t want, uint64_t offset) {
  ssize_t got = 0;
  do {
    got = ::pread(fd, buffer, want, static_cast<off_t>(offset));
  } while (got < 0 && errno == EINTR);
  return got;
}

constexpr size_t kReadBlock = 1 << 20;
constexpr size_t kScanBlock = 1 << 16;
// Lines longer than this are not parsed alone to find a cut.
constexpr size_t kMaxProbeLine = 1 << 20;
// Lines parsed alone to find one cut before looking a segment further on.
constexpr int kMaxProbes = 64;

// Reads the bytes [begin, end) of a file, counting the newlines it hands
// out.
class RangeBuf : public std::streambuf {
 public:
  RangeBuf(int fd, uint64_t begin, uint64_t end) : fd_(fd), pos_(begin), end_(end) {}

  uint64_t newlines() const { return newlines_; }
  int error() const { return error_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (pos_ >= end_ || error_ != 0) return traits_type::eof();
    if (buffer_.empty()) buffer_.resize(kReadBlock);
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), end_ - pos_));
    const ssize_t got = PreadRetrying(fd_, buffer_.data(), want, pos_);
    if (got <= 0) {
      error_ = got < 0 ? errno : EIO;  // A file that shrank is an error too.
      return traits_type::eof();
    }
    pos_ += static_cast<uint64_t>(got);
    newlines_ += static_cast<uint64_t>(std::count(buffer_.data(), buffer_.data() + got, '\n'));
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return traits_type::to_int_type(*gptr());
  }

 private:
  const int fd_;
  uint64_t pos_;
  const uint64_t end_;
  std::vector<char> buffer_;
  uint64_t newlines_ = 0;
  int error_ = 0;
};

// The lines of a file from some offset on, for finding cuts.
class LineScanner {
 public:
  struct Line {
    uint64_t start = 0;
    std::string text;  // Without the '\n'; empty when too_long.
    bool too_long = false;
  };

  LineScanner(int fd, uint64_t size, uint64_t pos) : fd_(fd), size_(size), pos_(pos) {}

  uint64_t pos() const { return pos_; }

  // The line at pos(); false at the end of the file or on a read error.
  bool Next(Line* line) {
    if (pos_ >= size_) return false;
    line->start = pos_;
    line->text.clear();
    line->too_long = false;
    for (;;) {
      if (!Fill()) return false;
      const char* data = buffer_.data() + (pos_ - buffer_pos_);
      const size_t avail = static_cast<size_t>(buffer_pos_ + buffer_len_ - pos_);
      const void* nl = std::memchr(data, '\n', avail);
      const size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data) : avail;
      if (!line->too_long) {
        if (line->text.size() + take > kMaxProbeLine) {
          line->too_long = true;
          line->text.clear();
        } else {
          line->text.append(data, take);
        }
      }
      pos_ += take;
      if (nl != nullptr) {
        ++pos_;
        return true;
      }
      if (pos_ >= size_) return true;  // The last line has no '\n'.
    }
  }

 private:
  bool Fill() {
    if (pos_ >= buffer_pos_ && pos_ < buffer_pos_ + buffer_len_) return true;
    if (buffer_.empty()) buffer_.resize(kScanBlock);
    const size_t want = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), size_ - pos_));
    const ssize_t got = PreadRetrying(fd_, buffer_.data(), want, pos_);
    if (got <= 0) return false;
    buffer_pos_ = pos_;
    buffer_len_ = static_cast<size_t>(got);
    return true;
  }

  const int fd_;
  const uint64_t size_;
  uint64_t pos_;
  std::vector<char> buffer_;
  uint64_t buffer_pos_ = 0;
  size_t buffer_len_ = 0;
};

const std::vector<std::string>& StdinPath() {
  static const std::vector<std::string> path{"-"};
  return path;
}

// What ReadRecords makes of one line alone.
struct Probe {
  bool starts = false;        // It opens an article (`id`): the reader's state after it.
  bool article_line = false;  // A valid article line: opens a new article after anything.
  std::string id;
};

Probe ProbeLine(const std::string& line) {
  std::istringstream in(line + "\n");
  Probe probe;
  size_t records = 0;
  bool problem = false;
  const Status status = ReadRecords(
      StdinPath(), in,
      [&](ArticleExtraction&& x) {
        probe.starts = true;
        probe.id = std::move(x.article.id);
        records = x.entities.size() + x.triples.size();
      },
      [&](const ReadProblem&) { problem = true; });
  if (!status.ok()) return Probe();
  // An entity or triple line that opens an article carries an entity, or
  // a problem (a triple alone names no entity record).
  probe.article_line = probe.starts && records == 0 && !problem;
  return probe;
}

// The first line start at or after `from` where ReadRecords starts a new
// article whatever came before; `size` when there is none.
uint64_t FindCut(int fd, uint64_t size, uint64_t from, size_t segment_bytes) {
  uint64_t scan_from = from;
  while (scan_from < size) {
    // The line around scan_from - 1 is cut off at its start: it is skipped,
    // and the lines after it are whole.
    LineScanner scanner(fd, size, scan_from - 1);
    LineScanner::Line line;
    if (!scanner.Next(&line)) return size;
    Probe previous;
    for (int probes = 0; probes < kMaxProbes; ++probes) {
      if (!scanner.Next(&line)) return size;
      Probe probe = line.too_long ? Probe() : ProbeLine(line.text);
      if (probe.starts && (probe.article_line || (previous.starts && previous.id != probe.id))) {
        return line.start;
      }
      previous = std::move(probe);
    }
    scan_from = scanner.pos() + segment_bytes;
  }
  return size;
}

// "<stdin>:12" of a segment starting after `lines_before` lines -> "path:N".
void Relocate(std::string* where, const std::string& path, uint64_t lines_before) {
  constexpr std::string_view kStdin = "<stdin>";
  if (where->compare(0, kStdin.size(), kStdin) != 0) return;
  if (where->size() == kStdin.size()) {
    *where = path;
    return;
  }
  if ((*where)[kStdin.size()] != ':') return;
  uint64_t line = 0;
  const char* first = where->data() + kStdin.size() + 1;
  const char* last = where->data() + where->size();
  const auto [end, ec] = std::from_chars(first, last, line);
  if (ec != std::errc() || end != last) return;
  *where = path + ":" + std::to_string(line + lines_before);
}

struct Segment {
  uint64_t begin = 0;
  uint64_t end = 0;
};

struct ParsedSegment {
  std::vector<ArticleExtraction> articles;
  // Each problem with the number of articles read before it.
  std::vector<std::pair<size_t, ReadProblem>> problems;
  uint64_t newlines = 0;
  int read_error = 0;
  Status status = Status::Ok();
};

Status ReadFileParallel(int fd, uint64_t size, const std::string& path,
                        const ParallelRecordsOptions& options, const ExtractionSink& on_article,
                        const ProblemSink& on_problem) {
  Status status = Status::Ok();
  uint64_t lines_before = 0;
  auto parse = [fd](Segment&& segment, int) {
    RangeBuf buffer(fd, segment.begin, segment.end);
    std::istream in(&buffer);
    ParsedSegment parsed;
    parsed.status = ReadRecords(
        StdinPath(), in, [&](ArticleExtraction&& x) { parsed.articles.push_back(std::move(x)); },
        [&](const ReadProblem& problem) {
          parsed.problems.emplace_back(parsed.articles.size(), problem);
        });
    parsed.newlines = buffer.newlines();
    parsed.read_error = buffer.error();
    return parsed;
  };
  auto emit = [&](ParsedSegment&& parsed) {
    size_t p = 0;
    for (size_t a = 0; a <= parsed.articles.size(); ++a) {
      for (; p < parsed.problems.size() && parsed.problems[p].first == a; ++p) {
        ReadProblem& problem = parsed.problems[p].second;
        Relocate(&problem.where, path, lines_before);
        on_problem(problem);
      }
      if (a == parsed.articles.size()) break;
      ArticleExtraction& x = parsed.articles[a];
      Relocate(&x.article.origin, path, lines_before);
      on_article(std::move(x));
    }
    if (parsed.read_error != 0) {
      on_problem(ReadProblem{path, std::string("read error: ") + std::strerror(parsed.read_error)});
    }
    lines_before += parsed.newlines;
    if (status.ok() && !parsed.status.ok()) status = parsed.status;
  };
  OrderedPool<Segment, ParsedSegment> pool(options.threads, options.max_in_flight, parse, emit);
  const uint64_t segment_bytes = std::max<uint64_t>(options.segment_bytes, 1);
  uint64_t begin = 0;
  while (begin < size) {
    uint64_t end = size;
    if (size - begin >= 2 * segment_bytes)
      end = FindCut(fd, size, begin + segment_bytes, segment_bytes);
    pool.Submit(Segment{begin, end});
    begin = end;
  }
  pool.Finish();
  return status;
}

}  // namespace

Status ReadRecordsParallel(const std::vector<std::string>& paths, std::istream& stdin_stream,
                           const ParallelRecordsOptions& options, const ExtractionSink& on_article,
                           const ProblemSink& on_problem) {
  if (paths.empty() || options.threads < 2) {
    return ReadRecords(paths, stdin_stream, on_article, on_problem);
  }
  try {
    for (const std::string& path : paths) {
      int fd = path == "-" ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      struct stat st {};
      const bool parallel =
          fd >= 0 && ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
          static_cast<uint64_t>(st.st_size) >= 2 * std::max<uint64_t>(options.segment_bytes, 1);
      if (!parallel) {
        if (fd >= 0) ::close(fd);
        Status status = ReadRecords({path}, stdin_stream, on_article, on_problem);
        if (!status.ok()) return status;
        continue;
      }
      struct Close {
        int fd;
        ~Close() { ::close(fd); }
      } close{fd};
      Status status = ReadFileParallel(fd, static_cast<uint64_t>(st.st_size), path, options,
                                       on_article, on_problem);
      if (!status.ok()) return status;
    }
  } catch (const std::exception& e) {
    return Status::IOError(std::string("reading records failed: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace geokg::cli
