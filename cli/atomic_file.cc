#include "atomic_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace geokg::cli {

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::string& path) {
  std::vector<char> pattern(path.begin(), path.end());
  for (char c : std::string(".tmp-XXXXXX")) pattern.push_back(c);
  pattern.push_back('\0');
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    return Status::IOError("cannot create a temporary file beside '" + path +
                           "': " + std::strerror(errno));
  }
  // mkstemp creates 0600; an export is an ordinary file (0666 less umask).
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  return std::unique_ptr<AtomicFile>(new AtomicFile(path, pattern.data(), fd));
}

AtomicFile::AtomicFile(std::string path, std::string temp, int fd)
    : path_(std::move(path)),
      temp_(std::move(temp)),
      buffer_(fd, std::ios::out | std::ios::binary, 1 << 16),
      stream_(&buffer_) {}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    buffer_.close();
    unlink(temp_.c_str());
  }
}

Status AtomicFile::Commit() {
  stream_.flush();
  const bool written = static_cast<bool>(stream_);
  const int fd = buffer_.fd();
  const bool synced = written && fd >= 0 && fsync(fd) == 0;
  const bool closed = buffer_.close() != nullptr;
  if (!written || !synced || !closed) {
    unlink(temp_.c_str());
    committed_ = true;
    return Status::IOError("cannot write '" + temp_ + "': " + std::strerror(errno));
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(temp_.c_str());
    committed_ = true;
    return Status::IOError("cannot rename '" + temp_ + "' to '" + path_ + "': " + reason);
  }
  committed_ = true;
  return Status::Ok();
}

Status EnsureFolder(const std::string& dir) {
  struct stat info;
  if (stat(dir.c_str(), &info) != 0 && mkdir(dir.c_str(), 0777) != 0) {
    return Status::IOError("cannot create folder '" + dir + "': " + std::strerror(errno));
  }
  if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return Status::IOError("'" + dir + "' is not a folder");
  }
  return Status::Ok();
}

}  // namespace geokg::cli
