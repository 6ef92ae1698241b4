#include "xml_escape.h"

#include <cstdint>
#include <cstdio>

namespace geokg {
namespace query_internal {
namespace {

// Length (1-4) of the well-formed UTF-8 sequence at text[i] and its code
// point, or 0 when the byte there starts no well-formed sequence (overlong
// forms and surrogates included).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  }
  size_t length = 0;
  uint32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    const unsigned char next = byte(i + k);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_length[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return length;
}

// Calls fn(code point, its bytes) for each well-formed sequence of `text`;
// a malformed byte is skipped alone.
template <typename Fn>
void ForEachCodePoint(std::string_view text, Fn fn) {
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp = 0;
    const size_t length = DecodeUtf8(text, i, &cp);
    if (length == 0) {
      ++i;
      continue;
    }
    fn(cp, text.substr(i, length));
    i += length;
  }
}

}  // namespace

void AppendXmlEscaped(std::string_view text, std::string* out) {
  ForEachCodePoint(text, [out](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&apos;";
        break;
      case '\r':
        *out += "&#13;";
        break;
      case '\n':  // Raw in an attribute value, a reader would see a space.
        *out += "&#10;";
        break;
      case '\t':
        *out += "&#9;";
        break;
      default:
        if (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF) {
          out->append(bytes);
        }
    }
  });
}

std::string XmlEscaped(std::string_view text) {
  std::string out;
  AppendXmlEscaped(text, &out);
  return out;
}

void AppendJsonForHtml(std::string_view text, std::string* out) {
  ForEachCodePoint(text, [out](uint32_t cp, std::string_view bytes) {
    char buffer[16];  // A 6-byte escape and its NUL, with room the compiler can prove.
    if (cp == '"' || cp == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(cp));
    } else if (cp == '\n') {
      *out += "\\n";
    } else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
      std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(cp));
      *out += buffer;
    } else {
      out->append(bytes);
    }
  });
}

void AppendValidUtf8(std::string_view text, std::string* out) {
  ForEachCodePoint(text, [out](uint32_t cp, std::string_view bytes) {
    if (cp >= 0x20 || cp == '\t' || cp == '\n') out->append(bytes);
  });
}

}  // namespace query_internal
}  // namespace geokg
