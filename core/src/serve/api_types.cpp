#include "serve/api_types.hpp"

#include <strings.h>

#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

std::optional<std::string> ApiRequest::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0)
            return value;
    return std::nullopt;
}

std::optional<std::string> ApiRequest::query_value(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
}

ApiResponse api_error(int status, std::string_view code, std::string_view message, std::string_view field) {
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("error").begin_object();
    w.field("code", code).field("message", message);
    if (!field.empty()) w.field("field", field);
    w.end_object().end_object();
    return api_json(status, std::move(body));
}

ApiResponse api_json(int status, std::string body) {
    ApiResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else if (text[i] == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace unstuck::core
