#include "signing.hpp"

#include "unstuck/kit/signature.hpp"

namespace unstuck::carriers::jnt {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> form_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace

std::string digest(std::string_view biz_content, std::string_view private_key) {
    std::string signed_text(biz_content);
    signed_text.append(private_key);
    return kit::to_base64(kit::md5(signed_text));
}

std::optional<std::string> form_field(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        std::size_t end = body.find('&');
        std::string_view pair = body.substr(0, end);
        std::size_t eq = pair.find('=');
        auto key = form_decode(pair.substr(0, eq));
        if (key && *key == name)
            return eq == std::string_view::npos ? std::optional<std::string>("")
                                                : form_decode(pair.substr(eq + 1));
        if (end == std::string_view::npos) break;
        body.remove_prefix(end + 1);
    }
    return std::nullopt;
}

}  // namespace unstuck::carriers::jnt
