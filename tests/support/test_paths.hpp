#pragma once
// Paths the tests use: the source tree, the build tree, fresh temporary folders.

#include <filesystem>
#include <string>

namespace unstuck::test {

//! A path inside the source tree.
std::filesystem::path source_path(const std::string& relative);
//! The build tree's plugin folder (every in-tree plugin module and its manifest).
std::filesystem::path plugin_dir();
//! A new empty folder under the system temp folder, removed when the returned object goes away.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace unstuck::test
