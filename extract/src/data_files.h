// Internal: where the committed data files (tables, models) are looked up.
#ifndef GEOKG_EXTRACT_DATA_FILES_H_
#define GEOKG_EXTRACT_DATA_FILES_H_

#include <filesystem>
#include <vector>

namespace geokg {

// The folders to search, in order: $GEOKG_DATA, then ../share/geokg, ./data
// and ../data next to the running binary, then the source tree's data/.
std::vector<std::filesystem::path> DataFolderCandidates();

}  // namespace geokg

#endif  // GEOKG_EXTRACT_DATA_FILES_H_
