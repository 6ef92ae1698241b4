// Reading extraction records (`geokg extract --format jsonl`, make_corpus.py
// records) back into ArticleExtraction values: ReadRecords.
//
// Record lines are flat JSON objects, and a load may hold millions of them,
// so they are parsed by a small dedicated parser (about ten times faster
// than building nlohmann::json values) straight into a Record. It accepts
// exactly RFC 8259 JSON, strings included (escapes, surrogate pairs, UTF-8
// validity); nested objects and arrays in fields it does not know are
// parsed and skipped. Nothing here throws.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "geokg/extract.h"

namespace geokg {
namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kReadBlock = 1 << 20;
constexpr size_t kProgressEveryLines = 1 << 14;
constexpr size_t kTypicalRecords = 16;  // Entities, and triples, of an article.

// ---------------------------------------------------------- JSON parser ---

// The fields of one record line; absent fields keep their defaults. A
// string is a view of its bytes in the line when it holds no escape (so
// nearly always: nothing is copied), else of its decoded bytes in one of
// the record's buffers. Either way it is valid while the line is.
struct Record {
  std::string_view kind, id, doc, title, name, type, subject, relation, object, predicate, evidence,
      date_source;
  // The first mention_count are the line's.
  std::vector<std::string_view> mentions;
  size_t mention_count = 0;
  bool has_kind = false, has_id = false, has_doc = false, has_name = false, has_subject = false,
       has_relation = false, has_object = false, has_mentions = false, has_title = false;
  std::optional<std::string_view> date;  // Absent or null: unknown.
  bool negated = false;
  double sentence = 0;
  double confidence = 0.5;
  // Decoded strings with escapes: one buffer per field, one per mention.
  // Views point into these buffers, so a buffer must not move while the
  // record is read: a deque keeps its elements in place as it grows (a
  // vector would move them, and a short string's bytes with them).
  static constexpr size_t kFieldBuffers = 18;  // Indexed by LineParser::Field.
  std::string decoded[kFieldBuffers];
  std::deque<std::string> decoded_mentions;

  // Back to a fresh record, keeping the buffers: one Record serves every
  // line of a file.
  void Reset() {
    for (std::string_view* s : {&kind, &id, &doc, &title, &name, &type, &subject, &relation,
                                &object, &predicate, &evidence, &date_source}) {
      *s = std::string_view();
    }
    mention_count = 0;
    has_kind = has_id = has_doc = has_name = has_subject = has_relation = has_object =
        has_mentions = has_title = false;
    date.reset();
    negated = false;
    sentence = 0;
    confidence = 0.5;
  }
};

class LineParser {
 public:
  // Parses `line` into *record; false with error() set otherwise.
  bool Parse(std::string_view line, Record* record) {
    p_ = line.data();
    end_ = line.data() + line.size();
    error_.clear();
    SkipSpace();
    if (p_ == end_ || *p_ != '{') return Fail("not a JSON object");
    ++p_;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        SkipSpace();
        std::string_view key;
        if (!ParseKey(&key)) return false;
        SkipSpace();
        if (p_ == end_ || *p_ != ':') return Fail("expected ':' after a key");
        ++p_;
        SkipSpace();
        if (!ParseField(key, record)) return false;
        SkipSpace();
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          continue;
        }
        if (p_ < end_ && *p_ == '}') {
          ++p_;
          break;
        }
        return Fail("expected ',' or '}'");
      }
    }
    SkipSpace();
    if (p_ != end_) return Fail("unexpected text after the object");
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  enum class Kind { kString, kNumber, kTrue, kFalse, kNull, kArray, kObject };

  bool Fail(const std::string& what) {
    if (error_.empty()) error_ = "malformed JSON: " + what;
    return false;
  }
  // Valid JSON, but a field of the wrong type.
  bool TypeFail(const std::string& what) {
    if (error_.empty()) error_ = "bad record: " + what;
    return false;
  }

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
  }

  enum class Field {
    kOther,
    kKind,
    kDoc,
    kId,
    kTitle,
    kName,
    kType,
    kSubject,
    kRelation,
    kObject,
    kPredicate,
    kEvidence,
    kDateSource,
    kDate,
    kNegated,
    kSentence,
    kConfidence,
    kMentions
  };

  // The field a key names: one comparison, chosen by the key's length and
  // first byte, instead of one per known key.
  // `field` when `k`, of the length of `name`, is `name`: a comparison of
  // a constant number of bytes, which the compiler inlines.
  template <size_t N>
  static Field Is(std::string_view k, const char (&name)[N], Field field) {
    return std::memcmp(k.data(), name, N - 1) == 0 ? field : Field::kOther;
  }

  static Field FieldOf(std::string_view k) {
    switch (k.size()) {
      case 2:
        return Is(k, "id", Field::kId);
      case 3:
        return Is(k, "doc", Field::kDoc);
      case 4:
        switch (k[0]) {
          case 'k':
            return Is(k, "kind", Field::kKind);
          case 'n':
            return Is(k, "name", Field::kName);
          case 't':
            return Is(k, "type", Field::kType);
          case 'd':
            return Is(k, "date", Field::kDate);
          default:
            return Field::kOther;
        }
      case 5:
        return Is(k, "title", Field::kTitle);
      case 6:
        return Is(k, "object", Field::kObject);
      case 7:
        return k[0] == 's' ? Is(k, "subject", Field::kSubject) : Is(k, "negated", Field::kNegated);
      case 8:
        switch (k[0]) {
          case 'r':
            return Is(k, "relation", Field::kRelation);
          case 'e':
            return Is(k, "evidence", Field::kEvidence);
          case 's':
            return Is(k, "sentence", Field::kSentence);
          case 'm':
            return Is(k, "mentions", Field::kMentions);
          default:
            return Field::kOther;
        }
      case 9:
        return Is(k, "predicate", Field::kPredicate);
      case 10:
        return Is(k, "confidence", Field::kConfidence);
      case 11:
        return Is(k, "date_source", Field::kDateSource);
      default:
        return Field::kOther;
    }
  }

  // `k` is the field's key (it may point into the line).
  bool ParseField(std::string_view k, Record* r) {
    const Field field = FieldOf(k);
    auto str = [&](std::string_view* out, bool* seen) {
      if (seen != nullptr) *seen = true;
      if (p_ == end_) return Fail("unexpected end of line");
      if (*p_ == '"') return ParseStringView(out, &r->decoded[static_cast<size_t>(field)]);
      return TypeFail("\"" + std::string(k) + "\" is not a string");
    };
    if (field == Field::kOther) return SkipValue(0);  // Extra fields are allowed by the contract.
    if (field == Field::kKind) return str(&r->kind, &r->has_kind);
    if (field == Field::kDoc) return str(&r->doc, &r->has_doc);
    if (field == Field::kId) return str(&r->id, &r->has_id);
    if (field == Field::kTitle) {
      if (SkipNull()) return true;
      return str(&r->title, &r->has_title);
    }
    if (field == Field::kName) return str(&r->name, &r->has_name);
    if (field == Field::kType) return str(&r->type, nullptr);
    if (field == Field::kSubject) return str(&r->subject, &r->has_subject);
    if (field == Field::kRelation) return str(&r->relation, &r->has_relation);
    if (field == Field::kObject) return str(&r->object, &r->has_object);
    if (field == Field::kPredicate) return SkipNull() || str(&r->predicate, nullptr);
    if (field == Field::kEvidence) return SkipNull() || str(&r->evidence, nullptr);
    if (field == Field::kDateSource) return SkipNull() || str(&r->date_source, nullptr);
    if (field == Field::kDate) {
      if (SkipNull()) {
        r->date.reset();
        return true;
      }
      r->date.emplace();
      return str(&*r->date, nullptr);
    }
    if (field == Field::kNegated) {
      if (Literal("true")) {
        r->negated = true;
      } else if (Literal("false")) {
        r->negated = false;
      } else {
        return TypeFail("\"negated\" is not true or false");
      }
      return true;
    }
    if (field == Field::kSentence || field == Field::kConfidence) {
      if (SkipNull()) return true;
      if (p_ == end_ || !(*p_ == '-' || (*p_ >= '0' && *p_ <= '9'))) {
        return TypeFail("\"" + std::string(k) + "\" is not a number");
      }
      return ParseNumber(field == Field::kSentence ? &r->sentence : &r->confidence);
    }
    if (field == Field::kMentions) {
      r->has_mentions = true;
      r->mention_count = 0;
      if (p_ == end_ || *p_ != '[') return TypeFail("\"mentions\" is not an array");
      ++p_;
      SkipSpace();
      if (p_ < end_ && *p_ == ']') {
        ++p_;
        return true;
      }
      for (;;) {
        SkipSpace();
        if (r->mention_count == r->mentions.size()) {
          r->mentions.emplace_back();
          r->decoded_mentions.emplace_back();
        }
        if (p_ == end_ || *p_ != '"') return TypeFail("\"mentions\" holds a non-string");
        const size_t m = r->mention_count++;
        if (!ParseStringView(&r->mentions[m], &r->decoded_mentions[m])) return false;
        SkipSpace();
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          continue;
        }
        if (p_ < end_ && *p_ == ']') {
          ++p_;
          return true;
        }
        return Fail("expected ',' or ']'");
      }
    }
    return SkipValue(0);  // Extra fields are allowed by the contract.
  }

  bool SkipNull() { return Literal("null"); }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) >= word.size() &&
        std::memcmp(p_, word.data(), word.size()) == 0) {
      p_ += word.size();
      return true;
    }
    return false;
  }

  bool ParseNumber(double* value) {
    // JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const char* start = p_;
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    if (q == end_ || !(*q >= '0' && *q <= '9')) return Fail("expected a number");
    if (*q == '0') {
      ++q;
    } else {
      while (q < end_ && *q >= '0' && *q <= '9') ++q;
    }
    if (q < end_ && *q == '.') {
      ++q;
      if (q == end_ || !(*q >= '0' && *q <= '9')) return Fail("bad number");
      while (q < end_ && *q >= '0' && *q <= '9') ++q;
    }
    if (q < end_ && (*q == 'e' || *q == 'E')) {
      ++q;
      if (q < end_ && (*q == '+' || *q == '-')) ++q;
      if (q == end_ || !(*q >= '0' && *q <= '9')) return Fail("bad number");
      while (q < end_ && *q >= '0' && *q <= '9') ++q;
    }
    double v = 0;
    auto [ptr, ec] = std::from_chars(start, q, v);
    if (ec != std::errc() || ptr != q) return Fail("bad number");
    *value = v;
    p_ = q;
    return true;
  }

  bool SkipValue(int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    if (p_ == end_) return Fail("expected a value");
    switch (*p_) {
      case '"':
        return ParseString(&scratch_);
      case 't':
        return Literal("true") || Fail("expected a value");
      case 'f':
        return Literal("false") || Fail("expected a value");
      case 'n':
        return Literal("null") || Fail("expected a value");
      case '[':
      case '{': {
        const char close = *p_ == '[' ? ']' : '}';
        const bool object = close == '}';
        ++p_;
        SkipSpace();
        if (p_ < end_ && *p_ == close) {
          ++p_;
          return true;
        }
        for (;;) {
          SkipSpace();
          if (object) {
            if (p_ == end_ || *p_ != '"') return Fail("expected a key");
            if (!ParseString(&scratch_)) return false;
            SkipSpace();
            if (p_ == end_ || *p_ != ':') return Fail("expected ':' after a key");
            ++p_;
            SkipSpace();
          }
          if (!SkipValue(depth + 1)) return false;
          SkipSpace();
          if (p_ < end_ && *p_ == ',') {
            ++p_;
            continue;
          }
          if (p_ < end_ && *p_ == close) {
            ++p_;
            return true;
          }
          return Fail(std::string("expected ',' or '") + close + "'");
        }
      }
      default: {
        double ignored = 0;
        return ParseNumber(&ignored);
      }
    }
  }

  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool Hex4(uint32_t* value) {
    if (end_ - p_ < 4) return Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = Hex(p_[i]);
      if (h < 0) return Fail("bad \\u escape");
      v = v << 4 | static_cast<uint32_t>(h);
    }
    p_ += 4;
    *value = v;
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      out->push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out->push_back(static_cast<char>(0xC0 | cp >> 6));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | cp >> 12));
      out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | cp >> 18));
      out->push_back(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // Length of the valid UTF-8 sequence at s (n bytes available), or 0.
  static size_t Utf8Length(const unsigned char* s, size_t n) {
    const unsigned char c = s[0];
    size_t len = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return 0;
    }
    if (n < len) return 0;
    for (size_t i = 1; i < len; ++i) {
      if ((s[i] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
  }

  // The first byte in [p, end) that ends a plain run of a string: a quote,
  // a backslash, a control byte or a non-ASCII byte (end if none). Sixteen
  // bytes at a time where SSE2 is there (every x86-64).
  static const char* PlainRunEnd(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    // As signed bytes, both the control bytes and the non-ASCII ones (0x80
    // and up) are below 0x20.
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const __m128i stop =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                       _mm_cmplt_epi8(v, space));
      const int mask = _mm_movemask_epi8(stop);
      if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    while (p < end) {
      const auto c = static_cast<unsigned char>(*p);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p;
    }
    return p;
  }

  // At an opening quote: the decoded key, as a view into the line when it
  // is plain ASCII without escapes (every key of the contract), else into
  // key_.
  bool ParseKey(std::string_view* key) {
    if (p_ < end_ && *p_ == '"') {
      const char* run_end = PlainRunEnd(p_ + 1, end_);
      if (run_end < end_ && *run_end == '"') {
        *key = std::string_view(p_ + 1, static_cast<size_t>(run_end - p_ - 1));
        p_ = run_end + 1;
        return true;
      }
    }
    if (!ParseString(&key_)) return false;
    *key = key_;
    return true;
  }

  // At an opening quote: the decoded string as a view of its bytes in the
  // line, when it holds no escape; otherwise decoded into *storage and a
  // view of that.
  bool ParseStringView(std::string_view* out, std::string* storage) {
    if (p_ == end_ || *p_ != '"') return Fail("expected a string");
    ++p_;
    const char* start = p_;
    for (;;) {
      p_ = PlainRunEnd(p_, end_);
      if (p_ == end_) return Fail("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string");
      if (c >= 0x80) {
        const size_t len =
            Utf8Length(reinterpret_cast<const unsigned char*>(p_), static_cast<size_t>(end_ - p_));
        if (len == 0) return Fail("invalid UTF-8 in a string");
        p_ += len;
        continue;
      }
      break;  // A backslash: decode from here on.
    }
    storage->assign(start, static_cast<size_t>(p_ - start));
    if (!ParseStringRest(storage)) return false;
    *out = *storage;
    return true;
  }

  // At an opening quote: the decoded string into *out.
  bool ParseString(std::string* out) {
    if (p_ == end_ || *p_ != '"') return Fail("expected a string");
    ++p_;
    out->clear();
    return ParseStringRest(out);
  }

  // Within a string: decodes the rest of it, up to and past its closing
  // quote, appending to *out.
  bool ParseStringRest(std::string* out) {
    for (;;) {
      // The plain run up to the next quote, backslash, control or non-ASCII
      // byte is copied in one go.
      const char* run = p_;
      p_ = PlainRunEnd(p_, end_);
      out->append(run, static_cast<size_t>(p_ - run));
      if (p_ == end_) return Fail("unterminated string");
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return Fail("control character in a string");
      if (c >= 0x80) {
        const size_t len =
            Utf8Length(reinterpret_cast<const unsigned char*>(p_), static_cast<size_t>(end_ - p_));
        if (len == 0) return Fail("invalid UTF-8 in a string");
        out->append(p_, len);
        p_ += len;
        continue;
      }
      // A backslash escape.
      ++p_;
      if (p_ == end_) return Fail("unterminated string");
      const char e = *p_++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out->push_back(e);
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low = 0;
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
              return Fail("unpaired surrogate in \\u escape");
            }
            p_ += 2;
            if (!Hex4(&low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return Fail("unpaired surrogate in \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("unpaired surrogate in \\u escape");
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail(std::string("bad escape \\") + e);
      }
    }
  }

  const char* p_ = nullptr;
  const char* end_ = nullptr;
  std::string key_;
  std::string scratch_;
  std::string error_;
};

// ------------------------------------------------------------- Grouping ---

// The match key of a name, into *out: ASCII white space trimmed and
// collapsed, ASCII letters lower-cased. Two names with one key are one
// entity to the store too (its NormalizeName does this and more), so a
// triple the reader keeps is never one the store rejects.
void NameKeyInto(std::string_view s, std::string* out) {
  std::string& key = *out;
  key.clear();
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !key.empty();
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
}

// The entity records of the open article by match key: the first record
// of a key names it. A list searched in order while the article has few
// keys (most do), a hash map past that. Records are named by their index
// in the article.
class EntityKeys {
 public:
  void clear() {
    size_ = 0;
    map_.clear();
  }
  // Adds `key` -> record `index` unless `key` is there.
  void Add(const std::string& key, size_t index) {
    if (Find(key) != kNone) return;
    if (size_ == list_.size()) list_.emplace_back();
    list_[size_].first.assign(key);
    list_[size_].second = index;
    ++size_;
    if (size_ == kListKeys + 1) {
      for (size_t i = 0; i < size_; ++i) map_.emplace(list_[i].first, list_[i].second);
    } else if (size_ > kListKeys + 1) {
      map_.emplace(key, index);
    }
  }
  // The record that names a key and is spelled exactly `name`, or kNone:
  // what Find returns for its key, found without computing the key, while
  // the list is short. name_of(index) is the name of a record.
  template <typename NameOf>
  size_t FindName(std::string_view name, const NameOf& name_of) const {
    if (size_ > kListKeys) return kNone;
    for (size_t i = 0; i < size_; ++i) {
      if (name_of(list_[i].second) == name) return list_[i].second;
    }
    return kNone;
  }
  // The first record with `key`, or kNone.
  size_t Find(const std::string& key) const {
    if (size_ > kListKeys) {
      auto it = map_.find(key);
      return it == map_.end() ? kNone : it->second;
    }
    for (size_t i = 0; i < size_; ++i) {
      if (list_[i].first == key) return list_[i].second;
    }
    return kNone;
  }

  static constexpr size_t kNone = SIZE_MAX;

 private:
  static constexpr size_t kListKeys = 32;
  // (key, record index); the first size_ are in use, the rest keep their
  // buffers.
  std::vector<std::pair<std::string, size_t>> list_;
  size_t size_ = 0;
  std::unordered_map<std::string, size_t> map_;  // Past kListKeys: key -> index.
};

// Builds ArticleExtraction values for an ExtractionSink.
class ExtractionBuilder {
 public:
  using Sink = ExtractionSink;
  explicit ExtractionBuilder(const Sink& sink) : sink_(sink) {}

  // Opens an article, reusing the strings and vectors current_ holds (what
  // the sink left there: ExtractionSink), so that a long load allocates
  // little once its first chunks are recycled.
  void Start(std::string_view id, std::string_view origin) {
    Article& a = current_.article;
    a.id.assign(id);
    a.title.clear();
    a.date = Date();
    a.date_source = DateSource::kUnknown;
    a.text.clear();
    a.origin.assign(origin);
    entities_used_ = 0;
    triples_used_ = 0;
    // Room for a typical article in a fresh value, so that the records are
    // not moved as the vectors grow.
    if (current_.entities.capacity() < kTypicalRecords) current_.entities.reserve(kTypicalRecords);
    if (current_.triples.capacity() < kTypicalRecords) current_.triples.reserve(kTypicalRecords);
  }
  void SetArticle(std::string_view title, Date date, DateSource source) {
    current_.article.title.assign(title);
    current_.article.date = date;
    current_.article.date_source = source;
  }
  std::string_view EntityName(size_t index) const { return current_.entities[index].name; }
  // The record's strings are copied into the next slot of current_, into
  // the buffers it holds. Returns the record's index.
  size_t AddEntity(const Record& r, EntityType type) {
    if (entities_used_ == current_.entities.size()) current_.entities.emplace_back();
    EntityMention& m = current_.entities[entities_used_];
    m.name.assign(r.name);
    m.type = type;
    m.mentions.resize(r.mention_count);
    for (size_t i = 0; i < r.mention_count; ++i) m.mentions[i].assign(r.mentions[i]);
    return entities_used_++;
  }
  // A triple names its entities as their records do ("germany" becomes
  // the record's "Germany"), so that every triple name is an entity name.
  void AddTriple(const Record& r, size_t subject, size_t object, Relation relation, Date date) {
    if (triples_used_ == current_.triples.size()) current_.triples.emplace_back();
    Triple& kept = current_.triples[triples_used_++];
    kept.subject.assign(current_.entities[subject].name);
    kept.relation = relation;
    kept.object.assign(current_.entities[object].name);
    kept.predicate.assign(r.predicate);
    kept.negated = r.negated;
    kept.date = date;
    kept.sentence = static_cast<int>(r.sentence);
    kept.evidence.assign(r.evidence);
    kept.confidence = static_cast<float>(r.confidence);
  }
  void Emit(bool from_article_line) {
    // Slots past the last record hold a reused value's older records.
    current_.entities.resize(entities_used_);
    current_.triples.resize(triples_used_);
    Article& a = current_.article;
    // Records carry no text: the evidence sentences stand for it, so that the
    // content hash changes when the extraction does (as bench/records.h).
    size_t bytes = 0;
    for (const Triple& t : current_.triples) bytes += t.evidence.size() + 1;
    a.text.reserve(bytes);
    for (const Triple& t : current_.triples) {
      if (!a.text.empty()) a.text += ' ';
      a.text += t.evidence;
    }
    // Without an article line, the article is dated by its first triple.
    if (!from_article_line && !current_.triples.empty()) {
      a.date = current_.triples.front().date;
      if (a.date.known()) a.date_source = DateSource::kText;
    }
    sink_(std::move(current_));
  }

 private:
  const Sink& sink_;
  ArticleExtraction current_;  // While open: the first *_used_ records are this article's.
  size_t entities_used_ = 0;
  size_t triples_used_ = 0;
};

// Where ReadRecordsFlat appends articles, and whom it tells.
struct FlatOutput {
  FlatChunk* chunk = nullptr;
  const FlatChunkSink* sink = nullptr;
};

// Appends articles to a FlatChunk for a FlatChunkSink: the strings go to
// the chunk's buffer once, triples name entity records by index, and the
// article's text is the evidence sentences laid out one after the other.
class FlatBuilder {
 public:
  using Sink = FlatOutput;
  explicit FlatBuilder(const Sink& out) : chunk_(*out.chunk), sink_(*out.sink) {}

  void Start(std::string_view id, std::string_view origin) {
    FlatChunk::Article& a = chunk_.articles.emplace_back();
    a.id = chunk_.AddBytes(id);
    a.origin = chunk_.AddBytes(origin);
    a.first_entity = static_cast<uint32_t>(chunk_.entities.size());
    a.first_triple = static_cast<uint32_t>(chunk_.triples.size());
    text_.clear();
  }
  void SetArticle(std::string_view title, Date date, DateSource source) {
    FlatChunk::Article& a = chunk_.articles.back();
    a.title = chunk_.AddBytes(title);
    a.date = date;
    a.date_source = source;
  }
  std::string_view EntityName(size_t index) const {
    return chunk_.View(chunk_.entities[chunk_.articles.back().first_entity + index].name);
  }
  size_t AddEntity(const Record& r, EntityType type) {
    FlatChunk::Article& a = chunk_.articles.back();
    FlatChunk::Entity& e = chunk_.entities.emplace_back();
    e.name = chunk_.AddBytes(r.name);
    e.type = type;
    e.first_mention = static_cast<uint32_t>(chunk_.mentions.size());
    e.mention_count = static_cast<uint32_t>(r.mention_count);
    for (size_t i = 0; i < r.mention_count; ++i) {
      chunk_.mentions.push_back(chunk_.AddBytes(r.mentions[i]));
    }
    return a.entity_count++;
  }
  void AddTriple(const Record& r, size_t subject, size_t object, Relation relation, Date date) {
    FlatChunk::Article& a = chunk_.articles.back();
    FlatChunk::Triple& t = chunk_.triples.emplace_back();
    t.subject = static_cast<uint32_t>(subject);
    t.object = static_cast<uint32_t>(object);
    t.relation = relation;
    t.negated = r.negated;
    t.date = date;
    t.sentence = static_cast<int32_t>(r.sentence);
    t.confidence = static_cast<float>(r.confidence);
    t.predicate = chunk_.AddBytes(r.predicate);
    // The evidence goes to the article's text; its span is moved to the
    // chunk's buffer at Emit.
    if (!text_.empty()) text_ += ' ';
    t.evidence.offset = static_cast<uint32_t>(text_.size());
    t.evidence.size = static_cast<uint32_t>(r.evidence.size());
    text_ += r.evidence;
    ++a.triple_count;
  }
  void Emit(bool from_article_line) {
    FlatChunk::Article& a = chunk_.articles.back();
    a.text = chunk_.AddBytes(text_);
    FlatChunk::Triple* triples = chunk_.triples.data() + a.first_triple;
    for (uint32_t i = 0; i < a.triple_count; ++i) triples[i].evidence.offset += a.text.offset;
    // Without an article line, the article is dated by its first triple.
    if (!from_article_line && a.triple_count > 0) {
      a.date = triples[0].date;
      if (a.date.known()) a.date_source = DateSource::kText;
    }
    sink_(&chunk_);
  }

 private:
  FlatChunk& chunk_;  // The open article is its last.
  const FlatChunkSink& sink_;
  std::string text_;  // The open article's text.
};

// Groups the records of one input into articles, which a Builder builds.
template <typename Builder>
class Grouper {
 public:
  Grouper(std::string source, const typename Builder::Sink& on_article,
          const ProblemSink& on_problem, ReadProgress* progress)
      : source_(std::move(source)),
        builder_(on_article),
        on_problem_(on_problem),
        progress_(progress) {}

  void Line(std::string_view line, size_t number) {
    size_t b = 0;
    while (b < line.size() && (line[b] == ' ' || line[b] == '\t' || line[b] == '\r')) ++b;
    if (b == line.size()) return;
    line_ = number;
    Record& r = record_;
    r.Reset();
    if (!parser_.Parse(line, &r)) return Problem(parser_.error());
    if (!r.has_kind) return Problem("no \"kind\"");
    const std::string_view kind = r.kind;
    // Compared by their length first: "article" is the one of 7 bytes.
    const bool entity = kind.size() == 6 && std::memcmp(kind.data(), "entity", 6) == 0;
    if (kind.size() == 7 && std::memcmp(kind.data(), "article", 7) == 0) return ArticleLine(r);
    if (!entity && !(kind.size() == 6 && std::memcmp(kind.data(), "triple", 6) == 0)) {
      return Problem("unknown record kind \"" + std::string(r.kind) + "\"");
    }
    if (!r.has_doc) return Problem("no \"doc\" naming the article");
    if (r.doc.empty()) return Problem("empty \"doc\"");
    if (!open_ || r.doc != id_) Start(r.doc, /*from_article_line=*/false);
    if (entity) return EntityLine(r);
    TripleLine(r);
  }

  // Emits the last article.
  void Finish() { Emit(); }

 private:
  void Problem(const std::string& reason) {
    ++progress_->problems;
    on_problem_(ReadProblem{source_ + ":" + std::to_string(line_), reason});
  }

  Result<Date> DateOf(const Record& r) {
    if (!r.date.has_value() || r.date->empty()) return Date();
    return Date::Parse(*r.date);
  }

  void Start(std::string_view id, bool from_article_line) {
    Emit();
    open_ = true;
    from_article_line_ = from_article_line;
    id_.assign(id);
    origin_.assign(source_);
    origin_ += ':';
    char digits[24];
    const char* end = std::to_chars(digits, digits + sizeof(digits), line_).ptr;
    origin_.append(digits, static_cast<size_t>(end - digits));
    builder_.Start(id_, origin_);
    entity_keys_.clear();
  }

  void ArticleLine(const Record& r) {
    const std::string_view id = r.has_id ? r.id : r.doc;
    if (!r.has_id && !r.has_doc) return Problem("article without \"id\"");
    if (id.empty()) return Problem("article with an empty \"id\"");
    Result<Date> date = DateOf(r);
    if (!date.ok()) {
      return Problem("bad date \"" + std::string(*r.date) + "\": " + date.status().message());
    }
    DateSource source = date->known() ? DateSource::kMetadata : DateSource::kUnknown;
    if (!r.date_source.empty()) {
      if (r.date_source == "metadata") {
        source = DateSource::kMetadata;
      } else if (r.date_source == "text") {
        source = DateSource::kText;
      } else if (r.date_source == "unknown") {
        source = DateSource::kUnknown;
      } else {
        return Problem("unknown date_source \"" + std::string(r.date_source) + "\"");
      }
      if (!date->known()) source = DateSource::kUnknown;
    }
    Start(id, /*from_article_line=*/true);
    builder_.SetArticle(r.title, *date, source);
  }

  void EntityLine(Record& r) {
    if (!r.has_name) return Problem("entity without \"name\"");
    NameKeyInto(r.name, &key_);
    if (key_.empty()) return Problem("entity with an empty name");
    // Types outside the four (LOC and the like) are allowed by the contract
    // and stored as OTHER.
    EntityType type = EntityType::kOther;
    if (!ParseEntityType(r.type, &type)) type = EntityType::kOther;
    const size_t index = builder_.AddEntity(r, type);
    entity_keys_.Add(key_, index);  // The first record of a key names it.
  }

  void TripleLine(Record& r) {
    for (auto [has, field] :
         {std::pair{r.has_subject, "subject"}, std::pair{r.has_relation, "relation"},
          std::pair{r.has_object, "object"}}) {
      if (!has) return Problem(std::string("triple without \"") + field + "\"");
    }
    Relation relation = Relation::kRepresents;
    if (!ParseRelation(r.relation, &relation)) {
      return Problem("unknown relation \"" + std::string(r.relation) + "\"");
    }
    // A triple names its entities by their records: the first record of
    // the name's key.
    size_t records[2] = {EntityKeys::kNone, EntityKeys::kNone};
    auto name_of = [this](size_t index) { return builder_.EntityName(index); };
    for (int side = 0; side < 2; ++side) {
      const std::string_view name = side == 0 ? r.subject : r.object;
      // Mostly the very spelling of an entity record.
      size_t found = entity_keys_.FindName(name, name_of);
      if (found == EntityKeys::kNone) {
        NameKeyInto(name, &key_);
        found = entity_keys_.Find(key_);
      }
      if (found == EntityKeys::kNone) {
        return Problem("triple names \"" + std::string(name) +
                       "\", which no entity record of article \"" + id_ + "\" before it names");
      }
      records[side] = found;
    }
    Result<Date> date = DateOf(r);
    if (!date.ok()) {
      return Problem("bad date \"" + std::string(*r.date) + "\": " + date.status().message());
    }
    if (!(r.confidence >= 0 && r.confidence <= 1)) return Problem("confidence outside [0, 1]");
    if (!(r.sentence >= 0 && r.sentence <= 1e9) ||
        r.sentence != static_cast<double>(static_cast<int>(r.sentence))) {
      return Problem("sentence is not a non-negative integer");
    }
    builder_.AddTriple(r, records[0], records[1], relation, *date);
  }

  void Emit() {
    if (!open_) return;
    open_ = false;
    ++progress_->articles;
    builder_.Emit(from_article_line_);
  }

  std::string source_;
  Builder builder_;
  const ProblemSink& on_problem_;
  ReadProgress* progress_;
  LineParser parser_;
  Record record_;  // The current line's fields.
  size_t line_ = 0;
  bool open_ = false;
  bool from_article_line_ = false;
  std::string id_;          // The open article's key.
  std::string origin_;      // Scratch: "source:line".
  EntityKeys entity_keys_;  // NameKey -> record index.
  std::string key_;         // Scratch for NameKeyInto.
};

// Cuts blocks of input into lines for a Grouper: whole lines are handed
// over where they lie, a line split across blocks waits in a buffer.
template <typename Builder>
class LineFeed {
 public:
  LineFeed(const std::string& source, const typename Builder::Sink& on_article,
           const ProblemSink& on_problem,
           const std::function<void(const ReadProgress&)>& on_progress, ReadProgress* progress)
      : grouper_(source, on_article, on_problem, progress),
        on_progress_(on_progress),
        progress_(progress) {}

  void Feed(std::string_view data) {
    size_t start = 0;
    for (;;) {
      const void* nl = std::memchr(data.data() + start, '\n', data.size() - start);
      if (nl == nullptr) break;
      const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - data.data());
      std::string_view line = data.substr(start, end - start);
      if (!buffer_.empty()) {
        buffer_.append(line);
        line = buffer_;
      }
      grouper_.Line(line, ++line_number_);
      buffer_.clear();
      start = end + 1;
      if (on_progress_ && ++since_progress_ >= kProgressEveryLines) {
        since_progress_ = 0;
        on_progress_(*progress_);
      }
    }
    buffer_.append(data.substr(start));
  }

  // The last line (without a newline), and the last article.
  void Finish() {
    if (!buffer_.empty()) grouper_.Line(buffer_, ++line_number_);
    grouper_.Finish();
  }

 private:
  Grouper<Builder> grouper_;
  const std::function<void(const ReadProgress&)>& on_progress_;
  ReadProgress* progress_;
  std::string buffer_;
  size_t line_number_ = 0;
  size_t since_progress_ = 0;
};

// Feeds the lines of `in` to a Grouper.
template <typename Builder>
void ReadStream(std::istream& in, const std::string& source,
                const typename Builder::Sink& on_article, const ProblemSink& on_problem,
                const std::function<void(const ReadProgress&)>& on_progress,
                ReadProgress* progress) {
  LineFeed<Builder> feed(source, on_article, on_problem, on_progress, progress);
  std::vector<char> block(kReadBlock);
  for (;;) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const size_t got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    feed.Feed(std::string_view(block.data(), got));
  }
  if (in.bad()) {
    ++progress->problems;
    on_problem(ReadProblem{source, std::string("read error: ") + std::strerror(errno)});
  }
  feed.Finish();
}

// Reads one records file.
template <typename Builder>
void ReadFile(const std::string& path, const typename Builder::Sink& on_article,
              const ProblemSink& on_problem,
              const std::function<void(const ReadProgress&)>& on_progress, ReadProgress* progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    ++progress->problems;
    on_problem(ReadProblem{path, std::string("cannot open: ") + std::strerror(errno)});
    return;
  }
  ReadStream<Builder>(in, path, on_article, on_problem, on_progress, progress);
}

template <typename Builder>
Status ReadRecordsWith(const std::vector<std::string>& paths, std::istream& stdin_stream,
                       const typename Builder::Sink& on_article, const ProblemSink& on_problem,
                       const std::function<void(const ReadProgress&)>& on_progress) {
  if (paths.empty()) return Status::InvalidArgument("no records file given");
  try {
    ReadProgress progress;
    progress.files_total = paths.size();
    for (const std::string& path : paths) {
      std::error_code ec;
      if (path == "-") {
        ReadStream<Builder>(stdin_stream, "<stdin>", on_article, on_problem, on_progress,
                            &progress);
      } else if (std::filesystem::is_directory(path, ec)) {
        ++progress.problems;
        on_problem(ReadProblem{path, "is a folder, not a records file"});
      } else {
        ReadFile<Builder>(path, on_article, on_problem, on_progress, &progress);
      }
      ++progress.files_done;
      if (on_progress) on_progress(progress);
    }
  } catch (const std::exception& e) {
    return Status::IOError(std::string("reading records failed: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace

Status ReadRecords(const std::vector<std::string>& paths, std::istream& stdin_stream,
                   const ExtractionSink& on_article, const ProblemSink& on_problem,
                   const std::function<void(const ReadProgress&)>& on_progress) {
  return ReadRecordsWith<ExtractionBuilder>(paths, stdin_stream, on_article, on_problem,
                                            on_progress);
}

Status ReadRecordsFlat(const std::vector<std::string>& paths, std::istream& stdin_stream,
                       FlatChunk* chunk, const FlatChunkSink& on_article,
                       const ProblemSink& on_problem,
                       const std::function<void(const ReadProgress&)>& on_progress) {
  return ReadRecordsWith<FlatBuilder>(paths, stdin_stream, FlatOutput{chunk, &on_article},
                                      on_problem, on_progress);
}

}  // namespace geokg
