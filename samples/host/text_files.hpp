#pragma once
// Reading a whole file, and writing one so that it is either all there or not changed at all.

#include <filesystem>
#include <string>
#include <string_view>

namespace unstuck::host {

//! Reads the whole file into `out`; false when it cannot be read.
bool read_text_file(const std::filesystem::path& file, std::string& out);

//! Writes `text` to a temporary file beside `file`, then renames it over `file`; false (and `file`
//! untouched) when either step fails.
bool write_text_file_atomically(const std::filesystem::path& file, std::string_view text);

}  // namespace unstuck::host
