// Text escaping shared by the XML-based exports (GraphML, GEXF, SVG, the
// HTML page). Not a public header.
#ifndef GEOKG_QUERY_SRC_XML_ESCAPE_H_
#define GEOKG_QUERY_SRC_XML_ESCAPE_H_

#include <string>
#include <string_view>

namespace geokg {
namespace query_internal {

// Appends `text` escaped for XML 1.0 character data and attribute values
// (either quote): & < > " ' become entities, CR becomes &#13; (a raw CR
// reads back as LF). Characters XML 1.0 forbids (C0 controls but tab and
// LF, surrogates, U+FFFE/FFFF) and malformed UTF-8 bytes are dropped.
void AppendXmlEscaped(std::string_view text, std::string* out);
std::string XmlEscaped(std::string_view text);

// Appends `text` as the body of a JSON string (no quotes): valid UTF-8
// kept, malformed bytes dropped, and < > & U+2028 U+2029 written as \u
// escapes, so the JSON can sit inside an HTML <script> element and never
// close it.
void AppendJsonForHtml(std::string_view text, std::string* out);

// Appends the well-formed UTF-8 of `text`, dropping malformed bytes.
void AppendValidUtf8(std::string_view text, std::string* out);

}  // namespace query_internal
}  // namespace geokg

#endif  // GEOKG_QUERY_SRC_XML_ESCAPE_H_
