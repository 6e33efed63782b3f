#pragma once
// Encodings the ticketing backends need: Base64 for basic auth, URL query escaping, multipart bodies.

#include <string>
#include <string_view>
#include <vector>

namespace unstuck::ticketing {

//! Standard Base64 with padding.
std::string base64(std::string_view bytes);

//! Percent-encodes everything but RFC 3986 unreserved characters (for a query value or a path segment).
std::string url_encode(std::string_view text);

//! `Basic <base64(user:password)>`.
std::string basic_auth(std::string_view user, std::string_view password);

//! One file part of a multipart/form-data body.
struct MultipartFile {
    std::string field;  //!< form field name, e.g. `file`
    std::string filename;
    std::string media_type;
    std::string bytes;
};

//! A multipart/form-data body and its Content-Type (with a boundary that occurs in no part).
struct MultipartBody {
    std::string content_type;
    std::string body;
};

//! Builds a multipart/form-data body from file parts.
MultipartBody multipart(const std::vector<MultipartFile>& files);

}  // namespace unstuck::ticketing
