// Internal: little-endian encoding for the parser model file.
//
// Every multi-byte integer is written byte by byte, least significant byte
// first, so the file reads the same on any host. Strings are a u16 length
// then the bytes. Plain values; a Reader only borrows its bytes.
#ifndef GEOKG_EXTRACT_PARSER_CODING_H_
#define GEOKG_EXTRACT_PARSER_CODING_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace geokg::parser {

inline void PutFixed(std::string* out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void PutU16(std::string* out, uint16_t v) { PutFixed(out, v, 2); }
inline void PutU32(std::string* out, uint32_t v) { PutFixed(out, v, 4); }
inline void PutU64(std::string* out, uint64_t v) { PutFixed(out, v, 8); }
// Strings longer than 65535 bytes are cut (labels and tags are short).
inline void PutString(std::string* out, std::string_view s) {
  if (s.size() > 0xffff) s = s.substr(0, 0xffff);
  PutU16(out, static_cast<uint16_t>(s.size()));
  out->append(s.data(), s.size());
}

// Reads from a byte range. Every getter returns false, and leaves the reader
// failed, when fewer bytes remain than it needs.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool GetFixed(int bytes, uint64_t* v) {
    if (failed_ || bytes_.size() - pos_ < static_cast<size_t>(bytes)) return Fail();
    uint64_t r = 0;
    for (int i = 0; i < bytes; ++i) {
      r |= static_cast<uint64_t>(static_cast<unsigned char>(bytes_[pos_ + i])) << (8 * i);
    }
    pos_ += bytes;
    *v = r;
    return true;
  }
  bool GetU16(uint16_t* v) {
    uint64_t r = 0;
    if (!GetFixed(2, &r)) return false;
    *v = static_cast<uint16_t>(r);
    return true;
  }
  bool GetU32(uint32_t* v) {
    uint64_t r = 0;
    if (!GetFixed(4, &r)) return false;
    *v = static_cast<uint32_t>(r);
    return true;
  }
  bool GetU64(uint64_t* v) { return GetFixed(8, v); }
  bool GetString(std::string* s) {
    uint16_t n = 0;
    if (!GetU16(&n)) return false;
    if (bytes_.size() - pos_ < n) return Fail();
    s->assign(bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  size_t remaining() const { return bytes_.size() - pos_; }
  size_t position() const { return pos_; }
  bool failed() const { return failed_; }

 private:
  bool Fail() {
    failed_ = true;
    return false;
  }
  std::string_view bytes_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// CRC-32 (IEEE 802.3 polynomial, reflected), used as the file checksum.
uint32_t Crc32(std::string_view bytes);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_CODING_H_
