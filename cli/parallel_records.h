// ReadRecordsParallel: ReadRecords (geokg/extract.h) with the parsing of a
// large records file spread over several threads.
//
// A regular file of at least two segments is cut at line boundaries into
// segments of about `segment_bytes`; `threads` workers parse segments with
// ReadRecords (OrderedPool), and the calling thread hands their articles and
// problems to the sinks in input order, with the file's name and line
// numbers in `where` and `origin`, as ReadRecords would have.
//
// A cut is made only where ReadRecords starts a new article whatever came
// before: before a valid article line, or before a line that names an
// article other than the previous line's (each line is first parsed alone
// to know that). The reader's state (the open article, its entity names) is
// reset there, so each segment parses exactly as it does within the whole
// file: the calls to the sinks are those of ReadRecords, in the same order,
// with the same values. Where no such line is found near a nominal cut, the
// segment grows. Standard input ("-"), folders, missing files and small
// files are read by ReadRecords itself.
//
// Thread safety: the sinks are called on the calling thread only.
#ifndef GEOKG_CLI_PARALLEL_RECORDS_H_
#define GEOKG_CLI_PARALLEL_RECORDS_H_

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "geokg/extract.h"

namespace geokg::cli {

struct ParallelRecordsOptions {
  int threads = 2;                 // Parsing threads; below 2, ReadRecords alone.
  size_t segment_bytes = 8 << 20;  // Nominal segment size (at least 1).
  size_t max_in_flight = 4;        // Segments parsed ahead of the sinks.
};

// As ReadRecords, with `options`. Not ok only when no path is given or
// memory runs out.
Status ReadRecordsParallel(const std::vector<std::string>& paths, std::istream& stdin_stream,
                           const ParallelRecordsOptions& options, const ExtractionSink& on_article,
                           const ProblemSink& on_problem);

}  // namespace geokg::cli

#endif  // GEOKG_CLI_PARALLEL_RECORDS_H_
