#include "text_files.hpp"

#include <fstream>
#include <sstream>

namespace unstuck::host {

bool read_text_file(const std::filesystem::path& file, std::string& out) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) return false;
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = std::move(buffer).str();
    return true;
}

bool write_text_file_atomically(const std::filesystem::path& file, std::string_view text) {
    std::filesystem::path temp = file;
    temp += ".writing";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temp, ignored);
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (!ec) return true;
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return false;
}

}  // namespace unstuck::host
