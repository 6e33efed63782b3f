#include "unstuck/sdk/dispute_folder.hpp"

namespace unstuck::sdk {
namespace {

bool keeps(unsigned char c, bool first) noexcept {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return alnum || c == '_' || c == '-' || (c == '.' && !first);
}

}  // namespace

std::string dispute_folder_name(std::string_view key) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(key.size());
    for (std::size_t i = 0; i < key.size(); ++i) {
        auto u = static_cast<unsigned char>(key[i]);
        if (keeps(u, i == 0)) {
            out += static_cast<char>(u);
        } else if (u == ':') {
            out += '+';
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

}  // namespace unstuck::sdk
