#include "data_io.h"

#include <cstdio>

namespace geokg {

Status ReadWholeFile(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::NotFound(path + ": cannot open");
  out->clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out->append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IOError(path + ": read error");
  return Status::Ok();
}

void SplitOn(std::string_view s, char sep, std::vector<std::string_view>* parts) {
  parts->clear();
  if (s.empty()) return;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) {
      parts->push_back(s.substr(start));
      return;
    }
    parts->push_back(s.substr(start, end - start));
    start = end + 1;
  }
}

Status ForEachTsvRow(
    std::string_view text,
    const std::function<Status(size_t line_number, const std::vector<std::string_view>&)>& on_row) {
  std::vector<std::string_view> fields;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    SplitOn(line, '\t', &fields);
    Status s = on_row(line_no, fields);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

std::string NameKey(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  bool space = false;
  for (char c : name) {
    if (c == '.') continue;
    if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return key;
}

}  // namespace geokg
