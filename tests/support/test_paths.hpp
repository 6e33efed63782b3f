#pragma once
// Paths the tests use: the source tree, the build tree, fresh temporary folders.

#include <filesystem>
#include <string>

namespace unstuck::test {

//! A path inside the source tree.
std::filesystem::path source_path(const std::string& relative);
//! The build tree's plugin folder (every in-tree plugin module and its manifest).
std::filesystem::path plugin_dir();
//! A file's bytes (empty when it cannot be read).
std::string read_file(const std::filesystem::path& path);
//! Writes `text` as the whole file; throws when it cannot.
void write_file(const std::filesystem::path& path, const std::string& text);
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
