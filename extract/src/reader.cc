// Reading articles from files, folders, JSON Lines feeds and stdin.
//
// Nothing here throws: nlohmann/json and std::filesystem errors are caught
// and become ReadProblems. Feeds are read line by line, so memory stays
// bounded by the largest article (and by max_article_bytes).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <istream>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "geokg/extract.h"
#include "reader_dates.h"
#include "text.h"
#include "text_noise.h"

namespace geokg {

namespace fs = std::filesystem;

namespace {

// Deeper JSON is rejected before nlohmann's recursive parser sees it.
constexpr int kMaxJsonDepth = 64;
// How many leading lines of a plain-text article count as its header.
constexpr int kHeaderLines = 10;
// Bytes inspected when deciding whether a file is binary.
constexpr size_t kBinarySniffBytes = 64 * 1024;
constexpr size_t kProgressEveryLines = 1000;

std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n' ||
                          s[b] == '\f' || s[b] == '\v')) {
    ++b;
  }
  size_t e = s.size();
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n' ||
                   s[e - 1] == '\f' || s[e - 1] == '\v')) {
    --e;
  }
  return s.substr(b, e - b);
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// More than 10% control bytes other than whitespace and ESC, NUL counted
// among them; with `nul_is_binary`, any NUL byte at all. A text file with a
// NUL byte is binary; in a feed, one NUL byte is its line's problem (named
// with the line number), not the whole feed's.
bool LooksBinary(std::string_view head, bool nul_is_binary = true) {
  size_t control = 0;
  for (char ch : head) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == 0 && nul_is_binary) return true;
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) {
      ++control;
    }
  }
  return !head.empty() && control * 10 > head.size();
}

// A headline: 2 to 30 words, at most 300 bytes, not ending in a period,
// colon or comma, starting with an upper-case letter, digit or quote.
bool ReadsLikeHeadline(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.size() < 4 || t.size() > 300) return false;
  size_t words = CountWords(t);
  if (words < 2 || words > 30) return false;
  char last = t.back();
  if (last == '.' || last == ':' || last == ',' || last == ';') return false;
  unsigned char first = static_cast<unsigned char>(t.front());
  bool lower_start = first >= 'a' && first <= 'z';
  if (lower_start) return false;
  return text::DatelinePrefixLength(t) == 0;
}

// A body paragraph rather than header material.
bool LooksLikeBody(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.empty()) return false;
  size_t words = CountWords(t);
  char last = t.back();
  bool terminal = last == '.' || last == '!' || last == '?' || last == '"';
  return words >= 25 || (terminal && words >= 8);
}

// Header lines: the first kHeaderLines lines, in order.
std::vector<std::string_view> HeaderLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t b = 0;
  while (b < text.size() && static_cast<int>(lines.size()) < kHeaderLines) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    lines.push_back(text.substr(b, e - b));
    b = e + 1;
  }
  return lines;
}

// Skips JSON strings and counts the nesting of [ and {; false when it
// exceeds kMaxJsonDepth.
bool NestingWithinLimit(std::string_view line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1,
// column 5: syntax error ..." without the bracketed id, and bounded.
std::string ShortJsonReason(const char* what) {
  std::string_view w(what);
  if (!w.empty() && w.front() == '[') {
    size_t close = w.find("] ");
    if (close != std::string_view::npos) w.remove_prefix(close + 2);
  }
  std::string reason(w.substr(0, 160));
  if (w.size() > 160) reason += "...";
  return reason;
}

// The reason (without `where`) a JSON line is not an article, or "".
std::string ParseJsonArticle(std::string_view line, const std::string& where, Article* article) {
  size_t bad = 0;
  if (!text::IsValidUtf8(line, &bad)) return "invalid UTF-8 at byte " + std::to_string(bad);
  if (!NestingWithinLimit(line)) {
    return "malformed JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    return "malformed JSON: " + ShortJsonReason(e.what());
  } catch (const std::exception& e) {
    return std::string("malformed JSON: ") + e.what();
  }
  if (!j.is_object()) return "malformed JSON: a record must be an object";

  auto id_it = j.find("id");
  if (id_it == j.end() || id_it->is_null()) return "missing \"id\"";
  if (id_it->is_string()) {
    article->id = id_it->get<std::string>();
  } else if (id_it->is_number_integer() || id_it->is_number_unsigned()) {
    article->id = id_it->dump();
  } else if (id_it->is_number_float()) {
    article->id = id_it->dump();
  } else {
    return "\"id\" must be a string";
  }
  if (article->id.empty()) return "empty \"id\"";

  auto text_it = j.find("text");
  if (text_it == j.end() || text_it->is_null()) return "missing \"text\"";
  if (!text_it->is_string()) return "\"text\" must be a string";
  article->text = text_it->get<std::string>();
  if (!text::IsValidUtf8(article->text, &bad)) {
    return "invalid UTF-8 in \"text\" at byte " + std::to_string(bad);
  }
  if (IsBlank(article->text)) return "empty \"text\"";

  auto title_it = j.find("title");
  if (title_it != j.end() && !title_it->is_null()) {
    if (!title_it->is_string()) return "\"title\" must be a string or null";
    article->title = title_it->get<std::string>();
  }

  auto date_it = j.find("date");
  if (date_it != j.end() && !date_it->is_null()) {
    if (!date_it->is_string()) return "\"date\" must be a string \"YYYY-MM-DD\" or null";
    std::string date = date_it->get<std::string>();
    if (!date.empty()) {
      // A timestamp ("2023-11-30T04:53:00Z") keeps its calendar day.
      std::string_view day = date;
      if (day.size() > 10 && (day[10] == 'T' || day[10] == ' ')) day = day.substr(0, 10);
      Result<Date> parsed = Date::Parse(day);
      if (!parsed.ok()) return parsed.status().message();
      article->date = *parsed;
      article->date_source = DateSource::kMetadata;
    }
  }
  if (!article->date.known()) {
    Date found = reader::FindHeaderDate(article->text);
    if (found.known()) {
      article->date = found;
      article->date_source = DateSource::kText;
    }
  }
  article->origin = where;
  return "";
}

// Reads one line into *line, without its newline (and a trailing '\r').
// Bytes past `limit` are consumed but dropped and *too_long is set. False at
// end of input with nothing read.
bool ReadLine(std::istream& in, size_t limit, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr) return false;
  bool any = false;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      break;
    }
    any = true;
    if (c == '\n') break;
    if (line->size() < limit) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return any;
}

class Reader {
 public:
  Reader(std::istream& stdin_stream, const ReadOptions& options, const ArticleSink& on_article,
         const ProblemSink& on_problem, const std::function<void(const ReadProgress&)>& on_progress)
      : stdin_(stdin_stream),
        options_(options),
        on_article_(on_article),
        on_problem_(on_problem),
        on_progress_(on_progress) {}

  void Run(const std::vector<std::string>& paths) {
    std::vector<Input> inputs;
    for (const std::string& path : paths) Expand(path, &inputs);
    progress_.files_total = inputs.size();
    for (const Input& input : inputs) {
      try {
        if (input.is_stdin) {
          ReadStdin();
        } else if (input.is_feed) {
          ReadFeedFile(input.path);
        } else {
          ReadTextFile(input.path);
        }
      } catch (const std::exception& e) {
        Problem(input.is_stdin ? "<stdin>" : input.path, std::string("read failed: ") + e.what());
      }
      ++progress_.files_done;
      Progress();
    }
  }

 private:
  struct Input {
    std::string path;
    bool is_stdin = false;
    bool is_feed = false;
  };

  void Problem(const std::string& where, std::string reason) {
    ++progress_.problems;
    if (on_problem_) on_problem_(ReadProblem{where, std::move(reason)});
  }

  void Emit(Article&& article) {
    ++progress_.articles;
    if (on_article_) on_article_(std::move(article));
  }

  void Progress() {
    if (on_progress_) on_progress_(progress_);
  }

  static bool HasExtension(const fs::path& p, std::string_view ext) {
    return text::AsciiLower(p.extension().string()) == ext;
  }

  void Expand(const std::string& path, std::vector<Input>* inputs) {
    if (path == "-") {
      inputs->push_back(Input{path, true, false});
      return;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      if (ec && ec != std::errc::no_such_file_or_directory) {
        Problem(path, "cannot access: " + ec.message());
      } else {
        Problem(path, "no such file or directory");
      }
      return;
    }
    if (fs::is_directory(st)) {
      std::set<std::string> visited;
      ExpandDirectory(fs::path(path), &visited, 0, inputs);
      return;
    }
    inputs->push_back(Input{path, false, HasExtension(path, ".jsonl")});
  }

  void ExpandDirectory(const fs::path& dir, std::set<std::string>* visited, int depth,
                       std::vector<Input>* inputs) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    std::string key = ec ? dir.string() : canonical.string();
    if (!visited->insert(key).second) return;  // A symlink loop.
    if (depth > 64) {
      Problem(dir.string(), "folders nested too deeply");
      return;
    }
    std::vector<fs::path> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      Problem(dir.string(), "cannot read directory: " + ec.message());
      return;
    }
    for (fs::directory_iterator end; it != end; it.increment(ec)) {
      if (ec) {
        Problem(dir.string(), "cannot read directory entry: " + ec.message());
        break;
      }
      entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    for (const fs::path& entry : entries) {
      std::string name = entry.filename().string();
      if (name.empty() || name[0] == '.') continue;
      fs::file_status st = fs::status(entry, ec);
      if (ec) {
        Problem(entry.string(), "cannot access: " + ec.message());
        continue;
      }
      if (fs::is_directory(st)) {
        ExpandDirectory(entry, visited, depth + 1, inputs);
      } else if (fs::is_regular_file(st)) {
        bool feed = HasExtension(entry, ".jsonl");
        if (feed || HasExtension(entry, ".txt")) {
          inputs->push_back(Input{entry.string(), false, feed});
        }
      }
    }
  }

  // Opens `path` for reading or reports why it cannot be.
  bool Open(const std::string& path, std::ifstream* in) {
    errno = 0;
    in->open(path, std::ios::binary);
    if (!in->is_open()) {
      int err = errno;
      Problem(path,
              std::string("cannot open: ") + (err != 0 ? std::strerror(err) : "unreadable file"));
      return false;
    }
    return true;
  }

  void ReadTextFile(const std::string& path) {
    std::error_code ec;
    uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > options_.max_article_bytes) {
      Problem(path, "article larger than " + std::to_string(options_.max_article_bytes) +
                        " bytes (" + std::to_string(size) + ")");
      return;
    }
    std::ifstream in;
    if (!Open(path, &in)) return;
    std::string body;
    if (!ReadAll(in, path, &body)) return;
    TextArticle(path, std::move(body));
  }

  // Reads the whole stream, bounded by max_article_bytes.
  bool ReadAll(std::istream& in, const std::string& where, std::string* out) {
    char chunk[64 * 1024];
    while (in) {
      in.read(chunk, sizeof chunk);
      std::streamsize got = in.gcount();
      if (got <= 0) break;
      if (out->size() + static_cast<size_t>(got) > options_.max_article_bytes) {
        Problem(where,
                "article larger than " + std::to_string(options_.max_article_bytes) + " bytes");
        return false;
      }
      out->append(chunk, static_cast<size_t>(got));
    }
    if (in.bad()) {
      Problem(where, std::string("read error: ") + std::strerror(errno));
      return false;
    }
    return true;
  }

  void TextArticle(const std::string& where, std::string body) {
    if (body.empty()) {
      Problem(where, "empty file");
      return;
    }
    if (LooksBinary(std::string_view(body).substr(0, kBinarySniffBytes)) ||
        body.find('\0') != std::string::npos) {
      Problem(where, "binary file, not text");
      return;
    }
    size_t bad = 0;
    if (!text::IsValidUtf8(body, &bad)) {
      Problem(where, "invalid UTF-8 at byte " + std::to_string(bad));
      return;
    }
    if (IsBlank(body)) {
      Problem(where, "whitespace-only article");
      return;
    }
    Emit(ArticleFromText(where, std::move(body), where));
  }

  void ReadFeedFile(const std::string& path) {
    std::ifstream in;
    if (!Open(path, &in)) return;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      // Sniff the head for binary content, then rewind. A pipe or device
      // cannot rewind and is read without the sniff.
      std::string head(kBinarySniffBytes, '\0');
      in.read(&head[0], static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<size_t>(in.gcount()));
      if (head.empty()) {
        Problem(path, "empty file");
        return;
      }
      if (LooksBinary(head, /*nul_is_binary=*/false)) {
        Problem(path, "binary file, not text");
        return;
      }
      in.clear();
      in.seekg(0);
      if (!in) {
        Problem(path, "cannot rewind the file");
        return;
      }
    }
    ReadFeed(in, path, 0);
  }

  // Reads JSON Lines from `in`; `first_line` lines were already consumed.
  void ReadFeed(std::istream& in, const std::string& name, size_t first_line) {
    std::string line;
    bool too_long = false;
    size_t line_no = first_line;
    size_t records = 0;
    // One extra byte tells "exactly at the limit" from "over it".
    while (ReadLine(in, options_.max_article_bytes + 1, &line, &too_long)) {
      ++line_no;
      if (line_no % kProgressEveryLines == 0) Progress();
      std::string where = name + ":" + std::to_string(line_no);
      if (too_long || line.size() > options_.max_article_bytes) {
        ++records;
        Problem(where,
                "article larger than " + std::to_string(options_.max_article_bytes) + " bytes");
        continue;
      }
      if (IsBlank(line)) continue;
      ++records;
      if (size_t nul = line.find('\0'); nul != std::string::npos) {
        Problem(where, "NUL byte at byte " + std::to_string(nul));
        continue;
      }
      Article article;
      std::string reason = ParseJsonArticle(line, where, &article);
      if (!reason.empty()) {
        Problem(where, std::move(reason));
        continue;
      }
      Emit(std::move(article));
    }
    if (in.bad()) Problem(name, "read error");
    if (records == 0) Problem(name, "empty file");
  }

  void ReadStdin() {
    const std::string name = "<stdin>";
    // Leading whitespace decides nothing; keep it for a plain-text article
    // and count its newlines for feed line numbers.
    std::string prefix;
    std::streambuf* buf = stdin_.rdbuf();
    int c = buf != nullptr ? buf->sgetc() : std::char_traits<char>::eof();
    while (c != std::char_traits<char>::eof() &&
           (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) {
      prefix.push_back(static_cast<char>(buf->sbumpc()));
      c = buf->sgetc();
    }
    if (c == std::char_traits<char>::eof()) {
      Problem(name, prefix.empty() ? "empty input" : "whitespace-only article");
      return;
    }
    if (c == '{') {
      // A record after k leading newlines is on line k + 1.
      ReadFeed(stdin_, name, static_cast<size_t>(std::count(prefix.begin(), prefix.end(), '\n')));
      return;
    }
    std::string body = std::move(prefix);
    if (!ReadAll(stdin_, name, &body)) return;
    TextArticle(name, std::move(body));
  }

  std::istream& stdin_;
  const ReadOptions& options_;
  const ArticleSink& on_article_;
  const ProblemSink& on_problem_;
  const std::function<void(const ReadProgress&)>& on_progress_;
  ReadProgress progress_;
};

}  // namespace

Article ArticleFromText(std::string id, std::string text, std::string origin) {
  Article article;
  article.id = std::move(id);
  article.origin = std::move(origin);
  std::vector<std::string_view> header = HeaderLines(text);
  for (std::string_view line : header) {
    if (IsBlank(line)) continue;
    if (text::ClassifyNoiseLine(line, "") != text::NoiseKind::kNone) continue;
    if (LooksLikeBody(line)) break;
    if (ReadsLikeHeadline(line)) {
      article.title = std::string(Trim(line));
      break;
    }
  }
  Date date = reader::FindHeaderDate(text);
  if (date.known()) {
    article.date = date;
    article.date_source = DateSource::kText;
  }
  article.text = std::move(text);
  return article;
}

Result<Article> ArticleFromJsonLine(std::string_view line, const std::string& where) {
  Article article;
  std::string reason = ParseJsonArticle(line, where, &article);
  if (!reason.empty()) return Status::InvalidArgument(where + ": " + reason);
  return article;
}

Status ReadArticles(const std::vector<std::string>& paths, std::istream& stdin_stream,
                    const ReadOptions& options, const ArticleSink& on_article,
                    const ProblemSink& on_problem,
                    const std::function<void(const ReadProgress&)>& on_progress) {
  if (paths.empty()) return Status::InvalidArgument("no input paths given");
  Reader reader(stdin_stream, options, on_article, on_problem, on_progress);
  reader.Run(paths);
  return Status::Ok();
}

}  // namespace geokg
