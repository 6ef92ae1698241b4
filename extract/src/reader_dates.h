// Internal: publication dates stated in the header of a scraped article.
#ifndef GEOKG_EXTRACT_READER_DATES_H_
#define GEOKG_EXTRACT_READER_DATES_H_

#include <string_view>

#include "geokg/graph.h"

namespace geokg::reader {

// The first calendar date in `line`: "2023-11-30", "November 30, 2023",
// "Nov. 30, 2023", "30 Nov, 2023", "30th November 2023". A date without a
// year, or an impossible one ("February 30, 2023"), is not a date. Unknown
// when there is none.
Date FindDateInLine(std::string_view line);

// The publication date stated in the header area of `text`: the first date
// on one of its first 10 lines that is header material (a ticker, byline,
// "Published"/"Updated" line, a short line, or a dateline prefix), never from
// a body paragraph. Unknown when none is stated: a date is never guessed.
Date FindHeaderDate(std::string_view text);

}  // namespace geokg::reader

#endif  // GEOKG_EXTRACT_READER_DATES_H_
