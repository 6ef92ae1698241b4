// Output files written whole or not at all, and never through a link.
//
// An AtomicFile writes to a fresh temporary file beside the target, created
// with mkstemp (O_CREAT | O_EXCL: a file or symbolic link planted at the
// temporary name makes creation fail rather than be followed), and renames
// it over the target on Commit. rename() replaces a target that is itself a
// symbolic link by the new file; it never writes where the link points. A
// file not committed is removed when the object dies, so readers see the old
// file or the complete new one, never a partial one.
#ifndef GEOKG_CLI_ATOMIC_FILE_H_
#define GEOKG_CLI_ATOMIC_FILE_H_

#include <ext/stdio_filebuf.h>

#include <memory>
#include <ostream>
#include <string>

#include "geokg/graph.h"

namespace geokg::cli {

class AtomicFile {
 public:
  // IOError naming the path when the temporary file cannot be created.
  static Result<std::unique_ptr<AtomicFile>> Create(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  // Flushes, syncs and renames onto the target. IOError names the step that
  // failed; the temporary file is then removed.
  Status Commit();

 private:
  AtomicFile(std::string path, std::string temp, int fd);
  std::string path_;
  std::string temp_;
  __gnu_cxx::stdio_filebuf<char> buffer_;
  std::ostream stream_;
  bool committed_ = false;
};

// Creates the folder `dir` when it is missing. IOError naming it when it
// cannot be created or is something else than a folder.
Status EnsureFolder(const std::string& dir);

}  // namespace geokg::cli

#endif  // GEOKG_CLI_ATOMIC_FILE_H_
