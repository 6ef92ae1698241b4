// Internal: reading the committed data files (data/*.tsv), and the name key
// they share with the extractor.
#ifndef GEOKG_EXTRACT_DATA_IO_H_
#define GEOKG_EXTRACT_DATA_IO_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "geokg/graph.h"

namespace geokg {

// Reads a whole file. NotFound when it cannot be opened, IOError on a read
// error.
Status ReadWholeFile(const std::string& path, std::string* out);

// Calls `on_row(line_number, fields)` for every data line (not blank, not a
// # comment) of `text`, split on tabs; a trailing '\r' is dropped. Stops at
// the first non-ok Status `on_row` returns and passes it on.
Status ForEachTsvRow(
    std::string_view text,
    const std::function<Status(size_t line_number, const std::vector<std::string_view>&)>& on_row);

// Splits `s` on `sep` into `parts`; an empty `s` gives no parts.
void SplitOn(std::string_view s, char sep, std::vector<std::string_view>* parts);

// Normalised lookup key of a name: ASCII lower case, dots dropped, hyphens
// and runs of white space as one space ("Kim Jong-un" and "Kim Jong Un"
// share a key). scripts/build-actors.py's name_key is the same rule.
std::string NameKey(std::string_view name);

}  // namespace geokg

#endif  // GEOKG_EXTRACT_DATA_IO_H_
