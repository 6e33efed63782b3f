#include "ticketing/common/files.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace unstuck::ticketing {

sdk::Result<std::string> read_file(const std::string& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return sdk::Error{"evidence file " + path + ": cannot read (" +
                          (errno ? std::strerror(errno) : "cannot open") + ")"};
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return sdk::Error{"evidence file " + path + ": read error"};
    return bytes.str();
}

sdk::Result<std::vector<std::string>> read_files(const std::vector<sdk::EvidenceFile>& files) {
    std::vector<std::string> out;
    out.reserve(files.size());
    for (const auto& f : files) {
        auto bytes = read_file(f.path);
        if (!bytes) return std::move(bytes).error();
        out.push_back(std::move(*bytes));
    }
    return out;
}

}  // namespace unstuck::ticketing
