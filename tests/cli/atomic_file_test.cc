// AtomicFile: whole files or nothing, and never through a symbolic link.
#include "atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace geokg::cli {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/geokg-atomic-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  size_t Entries() const {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, CommitReplacesTheTargetWhole) {
  const fs::path target = dir_ / "out.txt";
  std::ofstream(target) << "old";
  auto file = AtomicFile::Create(target.string());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  (*file)->stream() << "new content";
  EXPECT_EQ(Read(target), "old");  // Not visible before Commit.
  ASSERT_TRUE((*file)->Commit().ok());
  EXPECT_EQ(Read(target), "new content");
  EXPECT_EQ(Entries(), 1u);  // No temporary file left.
}

TEST_F(AtomicFileTest, UncommittedFileLeavesNoTrace) {
  const fs::path target = dir_ / "out.txt";
  {
    auto file = AtomicFile::Create(target.string());
    ASSERT_TRUE(file.ok());
    (*file)->stream() << "half";
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(Entries(), 0u);
}

TEST_F(AtomicFileTest, SymbolicLinkAtTheTargetIsReplacedNotFollowed) {
  const fs::path victim = dir_ / "victim.txt";
  std::ofstream(victim) << "precious";
  const fs::path target = dir_ / "out.txt";
  fs::create_symlink(victim, target);
  auto file = AtomicFile::Create(target.string());
  ASSERT_TRUE(file.ok());
  (*file)->stream() << "export";
  ASSERT_TRUE((*file)->Commit().ok());
  EXPECT_EQ(Read(victim), "precious");
  EXPECT_FALSE(fs::is_symlink(target));
  EXPECT_EQ(Read(target), "export");
}

TEST_F(AtomicFileTest, MissingFolderIsAnErrorNamingThePath) {
  const std::string target = (dir_ / "no" / "such" / "out.txt").string();
  auto file = AtomicFile::Create(target);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find(target), std::string::npos);
}

TEST_F(AtomicFileTest, CreatedFileIsOrdinaryNotPrivate) {
  const fs::path target = dir_ / "out.txt";
  auto file = AtomicFile::Create(target.string());
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Commit().ok());
  struct stat info;
  ASSERT_EQ(stat(target.c_str(), &info), 0);
  const mode_t mask = umask(0);
  umask(mask);
  EXPECT_EQ(info.st_mode & 0777, 0666 & ~mask);
}

}  // namespace
}  // namespace geokg::cli
