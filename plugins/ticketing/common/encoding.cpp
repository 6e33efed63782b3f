#include "ticketing/common/encoding.hpp"

#include <cstdint>

namespace unstuck::ticketing {

std::string base64(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        std::uint32_t n = (std::uint32_t(std::uint8_t(bytes[i])) << 16) |
                          (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) | std::uint8_t(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (std::size_t rest = bytes.size() - i; rest > 0) {
        std::uint32_t n = std::uint32_t(std::uint8_t(bytes[i])) << 16;
        if (rest == 2) n |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
                          u == '-' || u == '.' || u == '_' || u == '~';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 15];
        }
    }
    return out;
}

std::string basic_auth(std::string_view user, std::string_view password) {
    std::string credentials;
    credentials.reserve(user.size() + 1 + password.size());
    credentials.append(user).append(":").append(password);
    return "Basic " + base64(credentials);
}

namespace {

// Header values inside a part: quotes and line breaks would end the header early.
std::string quoted(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\r' || c == '\n') c = ' ';
        out += c;
    }
    return out;
}

}  // namespace

MultipartBody multipart(const std::vector<MultipartFile>& files) {
    std::string boundary;
    for (unsigned n = 0;; ++n) {
        boundary = "unstuck-boundary-" + std::to_string(n);
        bool clash = false;
        for (const auto& f : files) clash = clash || f.bytes.find(boundary) != std::string::npos;
        if (!clash) break;
    }
    MultipartBody out;
    out.content_type = "multipart/form-data; boundary=" + boundary;
    for (const auto& f : files) {
        out.body += "--" + boundary + "\r\n";
        out.body += "Content-Disposition: form-data; name=\"" + quoted(f.field) + "\"; filename=\"" +
                    quoted(f.filename) + "\"\r\n";
        out.body += "Content-Type: " +
                    (f.media_type.empty() ? std::string("application/octet-stream") : quoted(f.media_type)) +
                    "\r\n\r\n";
        out.body += f.bytes;
        out.body += "\r\n";
    }
    out.body += "--" + boundary + "--\r\n";
    return out;
}

}  // namespace unstuck::ticketing
