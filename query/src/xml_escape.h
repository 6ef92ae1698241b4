// Text escaping shared by the XML-based exports (GraphML, GEXF, SVG, the
// HTML page). Not a public header.
#ifndef GEOKG_QUERY_SRC_XML_ESCAPE_H_
#define GEOKG_QUERY_SRC_XML_ESCAPE_H_

#include <string>
#include <string_view>

namespace geokg {
namespace query_internal {

// Appends `text` escaped for XML 1.0 character data and attribute values
// (either quote): & < > " ' become entities; CR, LF and tab become
// character references (&#13; &#10; &#9;), which attribute values keep (a
// raw one reads back as a space there, a raw CR as LF anywhere).
// Characters XML 1.0 forbids (the other C0 controls, NUL included,
// surrogates, U+FFFE/FFFF) and malformed UTF-8 bytes are dropped.
void AppendXmlEscaped(std::string_view text, std::string* out);
std::string XmlEscaped(std::string_view text);

// Appends `text` as the body of a JSON string (no quotes): valid UTF-8
// kept, malformed bytes dropped, and < > & U+2028 U+2029 written as \u
// escapes, so the JSON can sit inside an HTML <script> element and never
// close it.
void AppendJsonForHtml(std::string_view text, std::string* out);

// Appends the well-formed UTF-8 of `text`, dropping malformed bytes and the
// C0 controls other than tab and LF (NUL ends a DOT file and corrupts CSV).
void AppendValidUtf8(std::string_view text, std::string* out);

}  // namespace query_internal
}  // namespace geokg

#endif  // GEOKG_QUERY_SRC_XML_ESCAPE_H_
