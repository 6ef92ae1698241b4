// FindDataFile: the committed data files (models, tables) looked up in the
// same places as the extractor's data folder.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "data_files.h"
#include "geokg/extract.h"

namespace geokg {

std::vector<std::filesystem::path> DataFolderCandidates() {
  namespace fs = std::filesystem;
  std::vector<fs::path> folders;
  if (const char* env = std::getenv("GEOKG_DATA"); env != nullptr && *env != '\0') {
    folders.emplace_back(env);
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path dir = exe.parent_path();
    folders.push_back(dir / ".." / "share" / "geokg");
    folders.push_back(dir / "data");
    folders.push_back(dir / ".." / "data");
  }
#ifdef GEOKG_SOURCE_DATA_DIR
  folders.emplace_back(GEOKG_SOURCE_DATA_DIR);
#endif
  return folders;
}

Result<std::string> FindDataFile(const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::vector<fs::path> folders = DataFolderCandidates();
  std::string tried;
  for (const fs::path& folder : folders) {
    const fs::path candidate = folder / name;
    if (fs::is_regular_file(candidate, ec)) return candidate.lexically_normal().string();
    tried += (tried.empty() ? "" : ", ") + folder.lexically_normal().string();
  }
  return Status::NotFound("cannot find data file " + name + " (looked in " +
                          (tried.empty() ? std::string("no folder") : tried) + "); set GEOKG_DATA");
}

}  // namespace geokg
